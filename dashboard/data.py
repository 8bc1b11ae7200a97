"""What the dashboard shows and where it comes from: the store, else the bundled sample articles.

The store opens once per process (st.cache_resource); its events are read once per store version
(st.cache_resource keyed on `store.version()`: shared, never copied), so a rerun — a slider move, a filter — costs one cheap
version query and no reading. The samples are extracted in memory, once, and never written anywhere.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import streamlit as st

from dashboard.samples import sample_files

if TYPE_CHECKING:  # pandas is imported when events are read, not before the page's frame is drawn
    import pandas as pd


@dataclass
class View:
    """Everything the page draws from: the events, their table for filtering, the articles."""

    features: list[dict]
    table: pd.DataFrame
    articles: list[dict]
    from_samples: bool = False
    problems: tuple[str, ...] = ()  # sample articles that could not be read or extracted
    key: str = ""  # what the events are (a store version, the samples' signature): caches derived from them
    store_problem: str = ""  # why the store could not be read (then the samples are shown)
    # what is worked out from the events once and kept with them (the View is shared by every session)
    _derived: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self):
        # in the order the page lists events (by date, then site), once: a rerun then lists those in view
        # without sorting 100,000 rows again
        if len(self.table) and "date_start" in self.table and "first_day" not in self.table:
            from dashboard.filters import with_day_numbers

            self.table = with_day_numbers(self.table.sort_values(["date_start", "site"], na_position="last",
                                                                 kind="stable").reset_index(drop=True))

    def _once(self, name: str, make):
        if name not in self._derived:
            self._derived[name] = make()
        return self._derived[name]

    def options(self) -> dict[str, list]:
        """The values each sidebar filter offers (half a second for 100,000 events: not on every rerun)."""
        from dashboard.filters import options

        return self._once("options", lambda: options(self.table))

    def date_bounds(self):
        """The first and last day of every event (None when none is dated): the slider's ends."""
        from dashboard.filters import date_bounds

        return self._once("date_bounds", lambda: date_bounds(self.table))

    def position_of(self, event_id: str) -> int | None:
        """The index in `features` of the event with this id (a selected event), None when it is not there."""
        return self._once("positions", lambda: {(f.get("properties") or {}).get("event_id"): i
                                                for i, f in enumerate(self.features)}).get(event_id)

    def articles_in(self, rows) -> int:
        """How many distinct articles report the table's rows selected by `rows` (a boolean mask)."""
        import numpy as np

        def pairs():
            owner, article = [], []
            names: dict[str, int] = {}
            for row, sources in enumerate(self.table["sources"]):
                for s in sources:
                    owner.append(row)
                    article.append(names.setdefault(s, len(names)))
            return np.asarray(owner, dtype=np.int64), np.asarray(article, dtype=np.int64)

        owner, article = self._once("article_pairs", pairs)
        chosen = np.asarray(rows, dtype=bool)
        return int(np.unique(article[chosen[owner]]).size) if len(owner) else 0

    def map_bounds(self) -> list[list[float]] | None:
        """The box around every event, which the map fits (all events, so the view stays while filters change)."""
        from dashboard.render import bounds_of

        return self._once("map_bounds", lambda: bounds_of(self.features))


def long_lived(value):
    """`value`, with every object made so far moved out of the reach of Python's cycle collector (gc.freeze).

    The events (5,000 of them are some 300,000 small objects) and the models stay for the life of the process,
    yet each full collection walked them all again: 0.25-0.36 s, at a moment no one chose, inside a visitor's
    rerun. Frozen objects are still freed when nothing refers to them any more (a store's old version)."""
    import gc

    gc.freeze()
    return value


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
    return long_lived(pipeline.extract)


@st.cache_resource(show_spinner="Reading the store…", max_entries=2)
def store_view(location: str | None, version: str) -> View:
    """The store's events and articles at this version (the version is the cache key; it is not used).

    Built with the garbage collector paused (geo.store.paused_gc: 100,000 events are a million new objects,
    and its full collections walked them again and again), then frozen by `long_lived`."""
    from dashboard.filters import events_table
    from geo.store import paused_gc

    store = get_store(location)
    with paused_gc():
        features = store.events()
        return long_lived(View(features=features, table=events_table(features), articles=store.articles(),
                               key=f"store:{version}"))


@st.cache_resource(show_spinner=False, max_entries=2)
def sample_view(signature: tuple) -> View:
    """The bundled articles' events: from data/samples/samples.geojson when it was made from these very files
    (no model or gazetteer to load: a hosted app's first visit shows them at once), else extracted in memory.
    `signature` (names, sizes, times) keys the cache."""
    from dashboard import samples
    from dashboard.filters import events_table

    made = samples.load_committed()
    if made is None:
        made = samples.extract_samples(lambda doc: engine()(doc))
    features, articles, problems = made
    return long_lived(View(features=features, table=events_table(features), articles=articles, from_samples=True,
                           problems=tuple(problems), key=f"samples:{signature}"))


# A store that cannot be opened is not asked again on every rerun: only after this many seconds.
STORE_RETRY_S = 60.0


@st.cache_resource(show_spinner=False)
def store_failures() -> dict:
    """location -> (when it failed, the message): shared by every session of the process."""
    return {}


def store_failure_message(location: str | None, error: BaseException) -> str:
    """One line a person can act on, whatever failed: a read-only file, a server that does not answer, a corrupt file."""
    from geo.store import store_url

    where = store_url(location)
    if where.startswith(("postgresql://", "postgres://")):
        where = where.split("@")[-1]  # never show a password
    detail = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return (f"The store ({where}) cannot be opened: {detail}. Showing the bundled samples; "
            f"it is tried again in a minute.")


def current_view(location: str | None) -> View:
    """The store when it holds an article, else the samples; the samples with a message when the store fails."""
    import time

    failures = store_failures()
    failed = failures.get(location)
    if failed is None or time.monotonic() - failed[0] > STORE_RETRY_S:
        try:
            store = get_store(location)
            view = store_view(location, store.version())
            failures.pop(location, None)
            if view.articles:
                return view
        except Exception as e:  # noqa: BLE001 — any failure of the store is one message, never a traceback
            get_store.clear()
            failed = failures[location] = (time.monotonic(), store_failure_message(location, e))
        else:
            failed = None
    files = sample_files()
    view = sample_view(tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in files))
    return replace(view, store_problem=failed[1]) if failed else view
