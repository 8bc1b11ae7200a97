"""Arabic names of Israeli localities (the Home Front Command's alert list) -> data/gazetteer/names_ar.csv.

GeoNames gives no Arabic name to two thirds of Israel's towns (Karmiel, Nahariya, Rehovot, Holon, Dimona...): an
Arabic article about rockets on "كريات شمونه" or "نهاريا" placed nothing. The Home Front Command publishes every
alert area in Hebrew, English, Russian and Arabic with a point; an area is a locality or a part of one ("Haifa -
West"). Each area's Arabic name is given to the GeoNames town it names: same English name (spelling-blind) and
within MATCH_KM of it. Only towns GeoNames leaves without an Arabic name get one, so no reading changes elsewhere;
areas that are parts of a town give the town's name (the words before " - "). Left out: a name that is an Arabic
word more than a place (shorter than MIN_LETTERS, or one of the language's common words), and a name another place
already answers to (Rosh HaAyin's "راس العين" is Syria's Ras al-Ayn to the Arabic press).

    python -m geo.imports.oref_names
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

from geo.imports.common import ROOT, SOURCES_DIR, coord, fold, is_arabic

DATASET = "oref_names"
EXTRACT = SOURCES_DIR / DATASET / "localities.csv"
OUT = ROOT / "data" / "gazetteer" / "names_ar.csv"
COUNTRIES = ("IL", "PS")
MATCH_KM = 5.0
NAME_SIMILARITY = 75
MIN_LETTERS = 4
OUT_COLUMNS = ("geonameid", "geonames_name", "name_ar", "lat", "lon", "source")


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def locality(name: str) -> str:
    """The locality an alert area belongs to: "Haifa - West" -> "Haifa"; "Ashkelon - North" -> "Ashkelon"."""
    return re.split(r"\s+-\s*|\s*-\s+", name, maxsplit=1)[0].strip()


def arabic_locality(name: str) -> str:
    return " ".join(re.split(r"\s+-\s*|\s*-\s+|،|,", name, maxsplit=1)[0].split())


def common_words() -> set[str]:
    from geo.names import fold as fold_ar

    words = set()
    for name in ("stopwords.txt", "capitalised_common.txt"):
        for line in (ROOT / "data" / "lang" / "ar" / name).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                words.add(fold_ar(line.strip()))
    return words


def taken_names() -> set[str]:
    """The folded Arabic names places of the other layers answer to: GeoNames' towns, curated and imported rows."""
    from geo.gazetteer_layers import curated_rows, geonames_cities, imported_rows
    from geo.names import fold as fold_ar

    names = set()
    for city in geonames_cities():
        names.update(fold_ar(a) for a in city.get("alternatenames", []) if is_arabic(a))
    for row in curated_rows() + imported_rows():
        names.update(fold_ar(n) for n in [row.get("name_ar") or ""] + (row.get("aliases") or "").split("|")
                     if n and is_arabic(n))
    return names


def rows() -> list[dict]:
    from geo.gazetteer_layers import geonames_cities
    from geo.names import fold as fold_ar

    areas = list(csv.DictReader(EXTRACT.open(encoding="utf-8")))
    common = common_words() | taken_names()
    from rapidfuzz import fuzz

    towns = [city for city in geonames_cities() if city["countrycode"] in COUNTRIES
             and not any(is_arabic(a) for a in city.get("alternatenames", []))]
    out = {}
    for area in areas:
        name_ar = arabic_locality(area["name_ar"])
        if not is_arabic(name_ar) or len(fold_ar(name_ar).replace(" ", "")) < MIN_LETTERS \
                or fold_ar(name_ar) in common:
            continue
        lat, lon = float(area["lat"]), float(area["lon"])
        english = fold(locality(area["name_en"]))
        for city in towns:
            if km(lat, lon, float(city["latitude"]), float(city["longitude"])) <= MATCH_KM \
                    and fuzz.ratio(english, fold(city["name"])) >= NAME_SIMILARITY:
                key = (str(city["geonameid"]), name_ar)
                out.setdefault(key, {
                    "geonameid": str(city["geonameid"]), "geonames_name": city["name"], "name_ar": name_ar,
                    "lat": coord(lat), "lon": coord(lon),
                    "source": f"Home Front Command alert area '{area['name_en']}' {coord(lat)},{coord(lon)}"})
    return sorted(out.values(), key=lambda r: (int(r["geonameid"]), r["name_ar"]))


def write(path: Path = OUT) -> int:
    found = rows()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        f.write("# Arabic names of GeoNames towns that have none, from the Home Front Command's alert areas "
                "(geo/imports/oref_names.py; licence and copy read in data/gazetteer/sources/oref_names/LICENSE.md).\n")
        w = csv.DictWriter(f, fieldnames=OUT_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(found)
    return len(found)


if __name__ == "__main__":
    print(f"{write()} Arabic names -> {OUT.relative_to(ROOT)}")
