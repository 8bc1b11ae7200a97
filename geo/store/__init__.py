"""The store the command line and the dashboard share: articles and the events each one reports.

Two backends run the same SQL: a SQLite file that needs no server (the default, `data/pressmap.db`,
open it with any SQLite tool) and PostgreSQL with PostGIS for a `postgresql://` URL. Each article's
own events are kept as `extract` wrote them; events reported by several articles are merged when read
(`geo.merge`), so deleting an article removes exactly what only it supported.

Tables (the README documents them for users):

    store_meta  key, value         schema (the schema's version), store_id (random, set once),
                                   version (a counter bumped by every change)
    articles    id, content_hash (unique), source, title, published, language, text, added_at
    events      id, article_id → articles.id, event_id, gazetteer_id, site, event_type, sub_event_type,
                date_start, date_end, time_precision, latitude, longitude, geometry, properties
                (`properties` is the whole feature's properties as JSON; the other columns copy some
                of it for querying; `geometry` is GeoJSON text in SQLite, a PostGIS geometry in 4326)
    corrections, changes   analysts' corrections and the journal of who changed what (corrections_table.py);
                           `events()` lays the live corrections over the events it reads
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import threading
from contextlib import contextmanager
from datetime import UTC, date, datetime

import orjson

from geo.corrections import event_key
from geo.errors import UserError
from geo.features import PROPERTY_ORDER
from geo.lexicon import DATA_DIR
from geo.merge import merge_events
from geo.model import Document
from geo.store.corrections_table import CorrectionsTable

SCHEMA_VERSION = "1"
DEFAULT_STORE = DATA_DIR / "pressmap.db"
_ARTICLE_KEYS = ("source", "title", "published")


def store_url(explicit: str | None = None) -> str:
    """Where the store is: --store, else $PRESSMAP_STORE, else data/pressmap.db in the repository."""
    return explicit or os.environ.get("PRESSMAP_STORE") or str(DEFAULT_STORE)


def open_store(url: str | None = None, create: bool = True) -> Store:
    """Open (and with `create`, make if need be) the store at a SQLite path, sqlite:///path or postgresql:// URL."""
    url = store_url(url)
    if url.startswith(("postgresql://", "postgres://")):
        from geo.store.postgis import PostGISStore

        return PostGISStore(url, create=create)
    from geo.store.sqlite import SQLiteStore

    return SQLiteStore(url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else url, create=create)


class Store(CorrectionsTable):
    """Articles and their events, whatever the database. Safe to share between threads (one at a time)."""

    url: str
    # What the backends write differently: how a value enters or leaves a column.
    _JSON_IN = "?"
    _GEOM_IN = "?"
    _GEOM_OUT = "geometry"
    _DATE_IN = "?"
    # A JSON column and a date read as text (`events()` decodes the JSON itself, the same way on both).
    _JSON_TEXT_OUT = "{}"
    _DATE_TEXT_OUT = "{}"
    _REFUSED: tuple[type[Exception], ...] = ()  # the database's "this value cannot be stored" errors

    def __init__(self) -> None:
        self._lock = threading.RLock()

    # -- what a backend provides --------------------------------------------------------------
    def _execute(self, sql: str, params: tuple = ()):
        raise NotImplementedError

    def _executemany(self, sql: str, rows: list[tuple]) -> None:
        raise NotImplementedError

    @contextmanager
    def _transaction(self):
        raise NotImplementedError
        yield

    def close(self) -> None:
        raise NotImplementedError

    # -- the API ------------------------------------------------------------------------------
    def add(self, doc: Document, features: list[dict]) -> bool:
        """Store an article and its events in one transaction; False (and no change) if it is already stored."""
        rows = [_event_row(f, doc) for f in features]  # a bad feature fails here, before any write
        with self._lock, self._transaction():
            article_id = self._insert_article(doc)
            if article_id is None:
                return False
            self._insert_events([(article_id, *row) for row in rows])
            self._bump()
        return True

    def add_many(self, items: list[tuple[Document, list[dict]]]) -> list[bool | ValueError]:
        """Store a batch of articles with their events: for each, True (added), False (already stored) or the
        ValueError that kept it out.

        The batch is one transaction — one commit, one sync to disk, every event in one executemany — and
        every article in it is whole: a kill rolls the batch back, and a rerun finds none of it stored. When
        the database refuses a value of one article, the batch is undone and written again article by
        article, each in its own transaction, so that one bad article keeps only itself out."""
        outcomes: list[bool | ValueError] = [False] * len(items)
        ready = []
        for i, (doc, features) in enumerate(items):
            try:
                ready.append((i, doc, [_event_row(f, doc) for f in features]))
            except ValueError as e:
                outcomes[i] = e
        if not ready:
            return outcomes
        try:
            with self._lock, self._transaction():
                events, added = [], False
                for i, doc, rows in ready:
                    article_id = self._insert_article(doc)
                    outcomes[i] = article_id is not None
                    if article_id is not None:
                        events.extend((article_id, *row) for row in rows)
                        added = True
                if events:
                    self._insert_events(events)
                if added:
                    self._bump()
        except self._REFUSED:
            for i, doc, _ in ready:
                try:
                    outcomes[i] = self.add(doc, items[i][1])
                except ValueError as e:
                    outcomes[i] = e
        return outcomes

    def _insert_article(self, doc: Document) -> int | None:
        """The new article's id, or None when an article of the same text is stored (nothing written)."""
        content_hash = doc.content_hash or hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
        found = self._execute(
            f"INSERT INTO articles (content_hash, source, title, published, language, text, added_at) "
            f"VALUES (?, ?, ?, {self._DATE_IN}, ?, ?, ?) ON CONFLICT (content_hash) DO NOTHING RETURNING id",
            (content_hash, doc.source, doc.title or "", _iso(doc.published), doc.language, doc.text,
             datetime.now(UTC).isoformat(timespec="seconds")),
        ).fetchone()
        return None if found is None else found[0]

    def _insert_events(self, rows: list[tuple]) -> None:
        self._executemany(
            f"INSERT INTO events (article_id, event_id, gazetteer_id, site, event_type, sub_event_type, "
            f"date_start, date_end, time_precision, latitude, longitude, geometry, properties) "
            f"VALUES (?, ?, ?, ?, ?, ?, {self._DATE_IN}, {self._DATE_IN}, ?, ?, ?, {self._GEOM_IN}, {self._JSON_IN})",
            rows,
        )

    def run(self, sql: str, params: tuple = ()) -> list:
        """One SQL statement (`?` parameters) of a caller that keeps a table of its own in the store, such as
        the geocoder's cache; its rows, fetched under the store's lock."""
        with self._lock:
            cursor = self._execute(sql, params)
            return cursor.fetchall() if cursor.description else []

    def has(self, content_hash: str) -> bool:
        with self._lock:
            return self._execute("SELECT 1 FROM articles WHERE content_hash = ?", (content_hash,)).fetchone() is not None

    def known_sources(self, sources: list[str]) -> set[str]:
        """Which of these sources (a file path, a page's URL) are stored already."""
        with self._lock:
            return {r[0] for r in self._execute(
                f"SELECT DISTINCT source FROM articles WHERE source IN ({', '.join('?' * len(sources))})",
                tuple(sources)).fetchall()} if sources else set()

    def added(self) -> dict[int, str]:
        """When each article was added (UTC, ISO 8601), by article id: what "new since my last visit" reads."""
        with self._lock:
            return {r[0]: _utc_iso(r[1]) for r in self._execute("SELECT id, added_at FROM articles").fetchall()}

    def hashes(self) -> set[str]:
        """The content hashes of every stored article (what makes an article 'already stored')."""
        with self._lock:
            return {r[0] for r in self._execute("SELECT content_hash FROM articles").fetchall()}

    def articles(self) -> list[dict]:
        """One dict per article, in the order they were added: id, title, source, published, language, events."""
        with self._lock:
            rows = self._execute(
                "SELECT a.id, a.title, a.source, a.published, a.language, COUNT(e.id) FROM articles a "
                "LEFT JOIN events e ON e.article_id = a.id GROUP BY a.id ORDER BY a.id").fetchall()
        return [{"id": r[0], "title": r[1], "source": r[2], "published": _iso(r[3]), "language": r[4],
                 "events": r[5]} for r in rows]

    def events(self, corrected: bool = True) -> list[dict]:
        """The stored events as GeoJSON features, each event reported by several articles merged into one,
        with the analysts' corrections applied (`corrected=False`: the machine's events alone).

        Each event lists in `event_keys` the stable keys of the articles' reports it stands for (what a
        correction names: geo.corrections.event_key).

        A year of a busy newsroom is 100,000 reports. The rows are fetched under the lock (a quarter of a
        second: other sessions' version checks wait no longer), then each row is dropped as soon as it is
        decoded (not every row's text and every report at once), and the cyclic garbage collector waits
        while they are built (`paused_gc`: the millions of new dicts and lists would otherwise set off full
        collections that cost more than the reading itself)."""
        with paused_gc():
            with self._lock:
                rows = self._execute(
                    f"SELECT {self._JSON_TEXT_OUT.format('e.properties')}, {self._GEOM_OUT}, a.source, a.title, "
                    f"{self._DATE_TEXT_OUT.format('a.published')}, a.content_hash "
                    f"FROM events e JOIN articles a ON a.id = e.article_id ORDER BY e.id").fetchall()
            rows.reverse()
            shared: dict[str, str] = {}
            reports = [_report(rows.pop(), shared) for _ in range(len(rows))]
            merged = merge_events(reports, owned=True)
            del reports
            return self._corrected(merged) if corrected else merged

    def delete(self, source: str) -> int:
        """Remove the article(s) with that source and their events; how many articles went."""
        with self._lock, self._transaction():
            self._execute("DELETE FROM events WHERE article_id IN (SELECT id FROM articles WHERE source = ?)", (source,))
            gone = self._execute("DELETE FROM articles WHERE source = ?", (source,)).rowcount
            if gone:
                self._bump()
        return gone

    def version(self) -> str:
        """Changes whenever the content changes, across processes (the dashboard caches on it)."""
        with self._lock:
            meta = dict(self._execute("SELECT key, value FROM store_meta WHERE key IN ('store_id', 'version')").fetchall())
        return f"{meta['store_id']}:{meta['version']}"

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.url}>"

    # -- shared by the backends ---------------------------------------------------------------
    def _bump(self) -> None:
        self._execute("UPDATE store_meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'version'")

    def _init_meta(self) -> None:
        import uuid

        for key, value in (("schema", SCHEMA_VERSION), ("store_id", uuid.uuid4().hex[:12]), ("version", "0")):
            self._execute("INSERT INTO store_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", (key, value))
        schema = self._execute("SELECT value FROM store_meta WHERE key = 'schema'").fetchone()[0]
        if schema != SCHEMA_VERSION:
            raise UserError(f"{self.url}: a store of schema {schema}, this Pressmap reads schema {SCHEMA_VERSION}")


def _event_row(feature: dict, doc: Document) -> tuple:
    """The columns of one event; the feature's article fields are the article's own."""
    from shapely.geometry import shape

    geometry = feature.get("geometry")
    try:
        anchor = shape(geometry).representative_point()
    except (AttributeError, TypeError, ValueError, KeyError, IndexError) as e:
        raise ValueError(f"an event has no valid geometry ({geometry!r:.80}): {e}") from None
    if anchor.is_empty:
        raise ValueError("an event has an empty geometry")
    props = {k: v for k, v in (feature.get("properties") or {}).items() if k != "sources"}
    props.update(source=doc.source, title=doc.title or "", published=_iso(doc.published), language=doc.language)
    props = json.loads(json.dumps(props, default=_json_default))  # dates → ISO text, as the schema says
    if not props.get("event_id"):
        raise ValueError("an event has no event_id")
    return (props["event_id"], props.get("gazetteer_id"), props.get("site"), props.get("event_type"),
            props.get("sub_event_type"), props.get("date_start"), props.get("date_end"), props.get("time_precision"),
            anchor.y, anchor.x, json.dumps(geometry), json.dumps(props, ensure_ascii=False))


# Properties whose few values recur across many events (an article's own, a place's, a type, a day).
SHARED_VALUES = ("source", "title", "published", "language", "site", "site_kind", "country", "admin1", "gazetteer_id",
                 "gazetteer_source", "date_start", "date_end", "event_type", "sub_event_type")


def _report(row: tuple, shared: dict[str, str]) -> dict:
    """One stored row as the article's own report of its event (what merge_events takes): its properties
    in PROPERTY_ORDER, then the others as they came.

    A text that recurs (in SHARED_VALUES, and the article's columns) is kept once in memory, the first
    copy `shared` met: a fifth less memory for a big store, and no slower (fewer strings outlive the row)."""
    props, geometry, source, title, published, content_hash = row
    share = shared.setdefault
    props = _load(props)
    published = _iso(published)
    props["sources"] = [{"source": share(source, source), "title": share(title, title),
                         "published": share(published, published) if published else published}]
    props["event_keys"] = [event_key(content_hash, props)]
    order, recurring = _layout(props)
    out = {k: props[k] for k in order}
    for k in recurring:
        v = out[k]
        if v.__class__ is str:
            out[k] = share(v, v)
    return {"type": "Feature", "geometry": _load(geometry), "properties": out}


# The layouts seen so far: the stored events of one Pressmap share a handful of key layouts, so the order of
# the keys and which of them are SHARED_VALUES are worked out once per layout, not once per event.
_LAYOUTS: dict[tuple, tuple[tuple, tuple]] = {}


def _layout(props: dict) -> tuple[tuple, tuple]:
    keys = tuple(props)
    found = _LAYOUTS.get(keys)
    if found is None:
        order = tuple(k for k in PROPERTY_ORDER if k in props) + tuple(k for k in keys if k not in PROPERTY_ORDER)
        if len(_LAYOUTS) > 1000:  # hand-edited stores: many layouts, none worth keeping
            _LAYOUTS.clear()
        found = _LAYOUTS[keys] = (order, tuple(k for k in SHARED_VALUES if k in props))
    return found


def loads(text: str | bytes):
    """JSON text as Python values, with orjson (a runtime dependency already): it reads a store's 100,000
    events' properties in less than half the time the standard library takes, and shares one copy of
    each key among them. What orjson refuses and `json.dumps` may have written (NaN, Infinity, a lone
    surrogate) is read by the standard library. orjson reads an integer beyond 64 bits as a float;
    no property of an event holds one."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def _load(value):
    return loads(value) if isinstance(value, str | bytes) else value


@contextmanager
def paused_gc():
    """The cyclic garbage collector off while a bulk of new objects is built, back on after (if it was on).

    Python runs a collection every few hundred new containers, and a full one, over every object alive,
    whenever the survivors have grown by a quarter: building 100,000 events set off full collections that
    cost more than the reading, and found nothing to free (the events are all kept). Nested, only the
    outermost pause counts.

    Once it is back on, its first collections walk every object built while it was off; a caller that
    keeps the result for long freezes it before (gc.freeze, as dashboard.data.long_lived does inside the
    dashboard's pause), so they never do. Not here: a freeze also keeps forever any reference cycle alive
    at that moment, anywhere in the process, and a correction re-reads the events each time.

    The collector is the process's: other threads build without it for that long (a second or two)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


def _utc_iso(value) -> str:
    """added_at as ISO text in UTC, whether the database kept text (SQLite) or a timestamptz (PostgreSQL)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="seconds")
    return value


def _json_default(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, set | tuple):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


# -- the boundary with the view: a GeoDataFrame, and the files geopandas writes from it ------------

def events_frame(features: list[dict]):
    """The events as a GeoDataFrame in EPSG:4326: one row per event, every property a column."""
    import geopandas as gpd

    if not features:
        return gpd.GeoDataFrame({k: [] for k in PROPERTY_ORDER}, geometry=gpd.GeoSeries([], crs="EPSG:4326"),
                                crs="EPSG:4326")
    frame = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
    columns = [k for k in PROPERTY_ORDER if k in frame.columns]
    columns += [k for k in frame.columns if k not in columns and k != "geometry"]
    return frame[[*columns, "geometry"]]


def export_geojson(features: list[dict]) -> str:
    """A GeoJSON FeatureCollection of the events (lists stay lists)."""
    return events_frame(features).to_json(na="null", drop_id=True, ensure_ascii=False)


# A spreadsheet runs a cell that opens with one of these as a formula (=HYPERLINK(…), +cmd|…): OWASP's
# advice for CSV injection is to open such a text cell with a quote, which shows it as the text it is.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value):
    """A text cell a spreadsheet would read as a formula, prefixed with ' ; anything else unchanged."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def export_csv(features: list[dict]) -> str:
    """One row per event: latitude, longitude, every property (lists and objects as JSON text), and WKT.

    Text cells that a spreadsheet would run as a formula start with a ' (see `neutralised`)."""
    import pandas as pd

    frame = events_frame(features)
    anchor = frame.geometry.representative_point()
    table = pd.DataFrame(frame.drop(columns="geometry"))
    for column in table.columns:
        if table[column].map(lambda v: isinstance(v, list | dict)).any():
            table[column] = table[column].map(
                lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v)
        if table[column].map(lambda v: isinstance(v, str)).any():
            table[column] = table[column].map(neutralised)
    table.insert(0, "latitude", anchor.y.to_numpy())
    table.insert(1, "longitude", anchor.x.to_numpy())
    table["wkt"] = frame.geometry.to_wkt().to_numpy()
    return table.to_csv(index=False)
