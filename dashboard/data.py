"""What the dashboard shows and where it comes from: the store, else the bundled sample articles.

The store opens once per process (st.cache_resource); its events are read once per store version
(st.cache_data keyed on `store.version()`), so a rerun — a slider move, a filter — costs one cheap
version query and no reading. The samples are extracted in memory, once, and never written anywhere.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.filters import events_table

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
SAMPLE_SUFFIXES = (".txt", ".md", ".html", ".htm")


@dataclass
class View:
    """Everything the page draws from: the events, their table for filtering, the articles."""

    features: list[dict]
    table: pd.DataFrame
    articles: list[dict]
    from_samples: bool = False
    problems: tuple[str, ...] = ()  # sample articles that could not be read or extracted


def store_location() -> str | None:
    """st.secrets["PRESSMAP_STORE"] on a hosted app (a postgresql:// URL), else $PRESSMAP_STORE, else the default."""
    try:
        if "PRESSMAP_STORE" in st.secrets:
            return str(st.secrets["PRESSMAP_STORE"])
    except Exception:  # noqa: BLE001 — no secrets file at all is the usual local case
        pass
    return os.environ.get("PRESSMAP_STORE") or None


@st.cache_resource(show_spinner=False)
def get_store(location: str | None):
    from geo.store import open_store

    return open_store(location)


def geocoder_url() -> str | None:
    """st.secrets["PRESSMAP_GEOCODER"] on a hosted app (a Nominatim base URL), else $PRESSMAP_GEOCODER; None = off."""
    try:
        if "PRESSMAP_GEOCODER" in st.secrets:
            return str(st.secrets["PRESSMAP_GEOCODER"]) or None
    except Exception:  # noqa: BLE001 — no secrets file at all is the usual local case
        pass
    return os.environ.get("PRESSMAP_GEOCODER") or None


@st.cache_resource(show_spinner=False)
def get_geocoder(url: str | None, location: str | None):
    """The online geocoder for articles added in the sidebar (None when off), its cache a table in the store.

    The bundled samples are always shown as the offline engine places them."""
    if not url:
        return None
    from geo.geocoder import geocoder_from

    return geocoder_from(url, store=get_store(location))


@st.cache_resource(show_spinner="Loading the language models and the gazetteer…")
def engine():
    """The extraction pipeline with its gazetteer and spaCy models loaded, once for the whole process
    (a rerun, a slider move or a second visitor never loads them again)."""
    from geo import pipeline
    from geo.gazetteer import load_gazetteer
    from geo.lexicon import languages

    load_gazetteer()
    for lang in languages():
        pipeline.entity_model(lang)
    return pipeline.extract


@st.cache_data(show_spinner="Reading the store…", max_entries=4)
def store_view(location: str | None, version: str) -> View:
    """The store's events and articles at this version (the version is the cache key; it is not used)."""
    store = get_store(location)
    features = store.events()
    return View(features=features, table=events_table(features), articles=store.articles())


def sample_sources() -> dict[str, dict]:
    """data/samples/sources.csv: each sample's URL, publisher, publication date and licence, by file name."""
    import csv

    path = SAMPLES / "sources.csv"
    if not path.exists():
        return {}
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return {row["file"]: row for row in csv.DictReader(lines)}


def sample_files() -> list[Path]:
    if not SAMPLES.is_dir():
        return []
    return sorted(p for p in SAMPLES.iterdir() if p.suffix.lower() in SAMPLE_SUFFIXES and p.is_file())


@st.cache_data(show_spinner="Reading the sample articles…", max_entries=2)
def sample_view(signature: tuple) -> View:
    """The bundled articles extracted in memory; `signature` (names, sizes, times) keys the cache."""
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
            found, _ = engine()(doc)
        except (UserError, Exception) as e:  # noqa: BLE001 — one bad sample must not take the page down
            problems.append(f"data/samples/{path.name}: {type(e).__name__}: {e}")
            continue
        article = {"source": doc.source, "title": doc.title, "published": doc.published.isoformat()
                   if doc.published else None}
        for f in found:
            f.setdefault("properties", {})["sources"] = [article]
        features.extend(found)
        articles.append({"id": i, **article, "language": doc.language, "events": len(found)})
    features = merge_events(features)  # one event reported by two samples is one marker, as in the store
    return View(features=features, table=events_table(features), articles=articles, from_samples=True,
                problems=tuple(problems))


def current_view(location: str | None) -> View:
    """The store when it holds an article, else the samples."""
    store = get_store(location)
    view = store_view(location, store.version())
    if view.articles:
        return view
    files = sample_files()
    return sample_view(tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in files))
