"""The bundled sample articles (data/samples/) and their events, shown while the store is empty.

Their extracted events are committed as data/samples/samples.geojson, so that a first visit (a hosted app just
started, with no gazetteer index and no spaCy model loaded yet) draws them at once. The file records a hash of
the articles it was made from: when they change it is not used (the samples are extracted in memory instead),
and tests/test_samples.py extracts them again and compares, so it cannot drift from what `extract` gives.
Regenerate it with `python -m dashboard.samples`.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
GEOJSON = SAMPLES / "samples.geojson"
SAMPLE_SUFFIXES = (".txt", ".md", ".html", ".htm")


def sample_sources() -> dict[str, dict]:
    """data/samples/sources.csv: each sample's URL, publisher, publication date and licence, by file name."""
    path = SAMPLES / "sources.csv"
    if not path.exists():
        return {}
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return {row["file"]: row for row in csv.DictReader(lines)}


def sample_files() -> list[Path]:
    if not SAMPLES.is_dir():
        return []
    return sorted(p for p in SAMPLES.iterdir() if p.suffix.lower() in SAMPLE_SUFFIXES and p.is_file())


def inputs_hash() -> str:
    """What the committed events were made from: every sample's name and bytes, and sources.csv."""
    h = hashlib.sha256()
    for path in [*sample_files(), SAMPLES / "sources.csv"]:
        if path.is_file():
            h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def extract_samples(extract) -> tuple[list[dict], list[dict], list[str]]:
    """(features, articles, problems): each sample read and extracted with `extract(doc) -> (features, _)`,
    one event reported by two samples merged into one, as the store does."""
    from geo.errors import UserError
    from geo.merge import merge_events
    from geo.reader import read_file

    features, articles, problems = [], [], []
    known = sample_sources()
    for i, path in enumerate(sample_files(), start=1):
        about = known.get(path.name, {})
        try:
            doc = read_file(path, published=about.get("published") or None)
            doc = replace(doc, source=about.get("url") or f"data/samples/{path.name}")
            found, _ = extract(doc)
        except (UserError, Exception) as e:  # noqa: BLE001 — one bad sample must not take the page down
            problems.append(f"data/samples/{path.name}: {type(e).__name__}: {e}")
            continue
        article = {"source": doc.source, "title": doc.title,
                   "published": doc.published.isoformat() if doc.published else None}
        for f in found:
            f.setdefault("properties", {})["sources"] = [article]
        features.extend(found)
        articles.append({"id": i, **article, "language": doc.language, "events": len(found)})
    return merge_events(features), articles, problems


def load_committed(path: Path = GEOJSON) -> tuple[list[dict], list[dict], list[str]] | None:
    """The committed events when they were made from today's sample files, else None."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("inputs") != inputs_hash():
        return None
    return data["features"], data["articles"], []


def collection(features: list[dict], articles: list[dict]) -> dict:
    return {"type": "FeatureCollection", "inputs": inputs_hash(), "articles": articles, "features": features}


def main() -> int:
    from geo.pipeline import extract

    features, articles, problems = extract_samples(extract)
    for problem in problems:
        print(problem, file=sys.stderr)
    GEOJSON.write_text(json.dumps(collection(features, articles), ensure_ascii=False, indent=1) + "\n",
                       encoding="utf-8")
    print(f"{GEOJSON.relative_to(ROOT)}: {len(features)} events from {len(articles)} articles")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
