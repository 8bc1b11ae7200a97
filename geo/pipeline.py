"""document → mentions → places → events → features: the one path every article takes."""

from __future__ import annotations

from geo.model import Document


def extract(doc: Document) -> tuple[list[dict], list[dict]]:
    """The GeoJSON features (events) an article gives, and the place names we could not place."""
    return [], []
