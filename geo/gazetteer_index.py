"""Writing the gazetteer's layers into the SQLite index that geo.gazetteer reads.

Built streaming and in batches, so building the world costs a few hundred megabytes at most, on a
hosted app's first visit as in `python -m geo prepare`. Tables: `places` (one row a place, its names and
sources joined by U+001F), `names` (key → place; `code` when only a code in capitals names it), `keys`
(each key's flags: a name, the first words of a name, written in lower case, matched by near spellings)
and `meta`.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from geo.gazetteer_layers import (
    admin1_outlines,
    airports_layer,
    curated_layer,
    geonames_layer,
    imported_layer,
    theatre_countries,
)
from geo.gazetteer_schema import FUZZY, LOWERCASE, NAME, PLACE_COLUMNS, PREFIX, SEP, is_code
from geo.model import Place
from geo.names import join_keys, key, token_key, tokens

_SCHEMA = f"""
CREATE TABLE places (rowid INTEGER PRIMARY KEY, {', '.join(PLACE_COLUMNS)});
CREATE TABLE names (key TEXT, place INTEGER, code INTEGER, PRIMARY KEY (key, place)) WITHOUT ROWID;
CREATE TABLE keys (key TEXT PRIMARY KEY, flags INTEGER) WITHOUT ROWID;
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE outlines (country TEXT, name TEXT, minx REAL, miny REAL, maxx REAL, maxy REAL, wkb BLOB);
"""
# Towns this size in the theatre are matched by near spellings too (transliterations vary the most there).
FUZZY_TOWN = 10_000


class IndexWriter:
    def __init__(self, db: sqlite3.Connection, theatre: frozenset[str]):
        self.db = db
        self.theatre = theatre
        self.rowid = 0
        self.max_words = 1
        self.name_rows: list[tuple[str, int, int]] = []
        self.key_rows: dict[str, int] = {}
        self.places: list[tuple] = []
        self.name_count = 0

    def add(self, place: Place, names) -> None:
        self.rowid += 1
        self.places.append((self.rowid, place.id, place.name, place.kind, place.country, place.admin1, place.lat,
                            place.lon, place.radius_km, place.source, place.population, SEP.join(place.names),
                            SEP.join(place.sources), place.capital_of))
        fuzzy = FUZZY if self.fuzzy(place) else 0
        seen = set()
        for name in names:
            name = (name or "").strip()
            if len(name) < 2 or name in seen:
                continue
            seen.add(name)
            toks = tokens(name)
            k = key(name)
            if not toks or len(k) < (2 if any(c.isdigit() for c in k) else 3):  # "K-1" is a name, "Al" is not
                continue
            self.name_rows.append((k, self.rowid, int(is_code(name))))
            flags = NAME | fuzzy | (LOWERCASE if name[:1].islower() else 0)
            self.key_rows[k] = self.key_rows.get(k, 0) | flags
            keys = [token_key(t) for t in toks]
            for i in range(1, len(keys)):
                p = join_keys(keys[:i])
                self.key_rows[p] = self.key_rows.get(p, 0) | PREFIX
            self.max_words = max(self.max_words, len(toks))
        if len(self.name_rows) > 50_000 or len(self.places) > 20_000:
            self.flush()

    def fuzzy(self, place: Place) -> bool:
        """Near spellings are matched for the theatre's places (and seas); elsewhere names match exactly."""
        if place.source == "curated" or not place.country:
            return True
        if place.country not in self.theatre:
            return False
        return place.kind not in ("town", "city") or place.population >= FUZZY_TOWN

    def flush(self) -> None:
        self.db.executemany(f"INSERT INTO places VALUES ({', '.join('?' * (len(PLACE_COLUMNS) + 1))})", self.places)
        self.db.executemany("INSERT INTO names VALUES (?, ?, ?) ON CONFLICT (key, place) "
                            "DO UPDATE SET code = code AND excluded.code", self.name_rows)
        self.db.executemany("INSERT INTO keys VALUES (?, ?) ON CONFLICT (key) "
                            "DO UPDATE SET flags = flags | excluded.flags", self.key_rows.items())
        self.name_count += len(self.name_rows)
        self.places, self.name_rows, self.key_rows = [], [], {}


def write_outlines(db: sqlite3.Connection) -> None:
    """The provinces' outlines with their bounding boxes, so a point asks only the few that may hold it."""
    from shapely import from_wkt, to_wkb

    rows = []
    for country, name, wkt in admin1_outlines():
        shape = from_wkt(wkt)
        rows.append((country, name, *shape.bounds, to_wkb(shape)))
    db.executemany("INSERT INTO outlines VALUES (?, ?, ?, ?, ?, ?, ?)", rows)


def build_index(path: Path) -> Path:
    """Write every layer into a new index at `path` (atomically: a reader never sees half an index)."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    try:
        db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + _SCHEMA)
        writer = IndexWriter(db, theatre_countries())
        known: list[Place] = []
        for place, names in curated_layer():
            known.append(place)
            writer.add(place, names)
        for place, names in imported_layer(known):
            known.append(place)
            writer.add(place, names)
        for place, names in airports_layer(known):
            writer.add(place, names)
        country_keys = {key(n) for p in known if p.kind == "country" for n in p.names}
        for place, names in geonames_layer(country_keys):
            writer.add(place, names)
        writer.flush()
        write_outlines(db)
        db.executemany("INSERT INTO meta VALUES (?, ?)", [("max_words", str(writer.max_words)),
                                                          ("places", str(writer.rowid)),
                                                          ("names", str(writer.name_count))])
        db.execute("CREATE INDEX places_id ON places (id)")
        db.execute("CREATE INDEX places_kind ON places (kind, country)")
        db.execute("CREATE INDEX outlines_country ON outlines (country)")
        db.commit()
    finally:
        db.close()
    tmp.replace(path)
    return path
