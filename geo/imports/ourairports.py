"""OurAirports (public domain) -> data/gazetteer/imported/ourairports.csv: airfields, military and closed ones too.

`airportsdata` (already a gazetteer layer) knows civil fields by ICAO code; OurAirports adds what the press
names and that list lacks: air bases and highway strips without an ICAO code, closed fields, military
heliports at camps, and the other names its editors give in `keywords` (Camp Speicher for Al Sahra Army
Air Field, Tallil for Ali Air Base). So a civil field with an ICAO code and no other name is left to
airportsdata, and every kept row says its ICAO code in `note` for deduplication.

    python -m geo.imports.ourairports                      # extract -> imported layer
    python -m geo.imports.ourairports --extract airports.csv.gz regions.csv.gz   # full files -> extract
"""

from __future__ import annotations

import csv
import gzip
import math
import re
from pathlib import Path

from geo.imports.common import (
    ARABIC_SPEAKING,
    IMPORTED_DIR,
    SOURCES_DIR,
    THEATRE,
    coord,
    decimals,
    fold,
    is_arabic,
    is_arabic_script,
    run_importer,
    source,
    strip_words,
    unique_names,
    write_extract,
)

DATASET = "ourairports"
EXTRACT = SOURCES_DIR / DATASET / "airports.csv"
OUTPUT = IMPORTED_DIR / f"{DATASET}.csv"
EXTRACT_COLUMNS = ["id", "ident", "type", "name", "latitude_deg", "longitude_deg", "iso_country", "iso_region",
                   "region_name", "municipality", "gps_code", "iata_code", "local_code", "keywords"]
HEADER = [
    "Imported layer: airfields from OurAirports (https://ourairports.com/data/), public domain.",
    "Extract: data/gazetteer/sources/ourairports/airports.csv (airports.csv of 2022-10-11, theatre countries).",
    "One source per row (source2 empty): OurAirports <ident> and the coordinate it gives.",
    "Rebuild: python -m geo.imports.ourairports",
]

# A name or keyword with one of these words is a military field (kind airbase); OurAirports has no flag for it.
MILITARY = re.compile(
    r"\b(air ?base|air force|afb|army|military|naval|navy|air defen[cs]e|air college|air academy|"
    r"forward operating base|fob|cob|joint base|camp|highway strip|base a[ée]rienne|ab|air station)\b", re.I)
MILITARY_AR = re.compile(r"قاعدة|عسكري")
CIVIL = re.compile(r"\b(international|civil)\b", re.I)
# Kind words taken off a name to get its bare place name ('Muwaffaq Salti Air Base' -> 'Muwaffaq Salti').
KIND_WORDS = re.compile(
    r"\b(international|regional|domestic|municipal|civil|army air field|air force base|air ?base|air ?field|"
    r"airport|air ?strip|aerodrome|heliports?|helipads?|landing (zone|strip|ground)|highway strip|afb|ab|"
    r"forward operating base|air station)\b", re.I)
# Bare names that are no name at all.
GENERIC = {"", "military", "new", "old", "north", "south", "east", "west", "main", "army", "police", "hospital",
           "air", "base", "camp"}
# Heliports on buildings, military or not, are no airfield the news means.
ROOFTOP = re.compile(r"\b(hospital|medical|clinic|hotel|tower|mall|palace|ministry|embassy)\b", re.I)
CODE = re.compile(r"^[A-Z0-9]{3,4}$")
ICAO = re.compile(r"^[A-Z]{4}$")
FRENCH = re.compile(r"^(a[ée]roport|a[ée]rodrome|base a[ée]rienne)\b", re.I)
# Half-size of the field each type stands for, in km: a large airport's runways spread further from its point.
RADIUS = {"large_airport": 3.0, "medium_airport": 2.5, "small_airport": 2.0, "closed": 2.5, "heliport": 1.0}


def icao_code(row: dict) -> str:
    for value in (row["gps_code"], row["ident"]):
        if ICAO.match(value or ""):
            return value
    return ""


def keywords(row: dict) -> list[str]:
    """The editors' other names of the field. Left out: the codes they list too (IATA, FAA, old idents), and
    one-word keywords, which are nearly always the town, region or country served ('Irbil', 'Gaza',
    'Kurdistan') and would make that place resolve to the airfield."""
    out = []
    for word in re.split(r"[,;]", row["keywords"] or ""):
        word = word.strip()
        if len(word) < 2 or CODE.match(word) or fold(word) in (fold(row["municipality"]), fold(row["region_name"])):
            continue
        if len((fold(word) if re.search("[A-Za-z]", word) else word).split()) < 2:
            continue
        out.append(word)
    return out


def is_military(row: dict) -> bool:
    """A military name, or military other names for a field whose own name is not a civil airport's
    (Baghdad International keeps kind airport though it lists New Al Muthana Air Base)."""
    first = name_forms(row["name"])[0]
    if MILITARY.search(first):
        return True
    if CIVIL.search(first):
        return False
    other = " ".join([row["name"], row["keywords"] or ""])
    return bool(MILITARY.search(other) or MILITARY_AR.search(other))


def military_names(row: dict) -> list[str]:
    return [w for w in keywords(row) + name_forms(row["name"]) if MILITARY.search(w) or MILITARY_AR.search(w)]


def name_forms(name: str) -> list[str]:
    """'Baghdad International Airport / New Al Muthana Air Base' is two names; 'Amman Civil (Marka International)
    Airport' is also 'Amman Civil Airport' and 'Marka International'. A part without a kind word is the town
    ('Dukhan / Tamim Airbase'): the whole name stays the name, and only 'Tamim Airbase' is another."""
    forms = []
    parts = re.split(r"\s+/\s+", name)
    def has_kind(part: str) -> bool:
        return bool(KIND_WORDS.search(part) or MILITARY.search(part))

    if len(parts) > 1 and not all(has_kind(p) for p in parts):
        parts = [name] + [p for p in parts if has_kind(p)]
    for part in parts:
        forms.append(part.strip())
        inner = re.findall(r"\(([^)]*)\)", part)
        if inner:
            forms.append(re.sub(r"\s*\([^)]*\)\s*", " ", part).strip())
            forms.extend(i.strip() for i in inner if re.search(r"[A-Z]", i))
    return forms


def bare_names(forms: list[str], municipality: str, military: bool) -> list[str]:
    """Each form without its kind words, when what is left names the field and not merely its town: a civil
    airport's one-word rest is its city ('Erbil'), an air base's is kept unless it is the town ('Al Udeid')."""
    out = []
    for form in forms:
        if not military and len(fold(strip_words(form, KIND_WORDS)).split()) < 2:
            continue
        bare = strip_words(form, KIND_WORDS)
        folded = fold(bare)
        if "(" in form or " / " in form or folded in GENERIC or folded == fold(municipality) or bare == form:
            continue
        if len(folded) < 2 or (len(folded) <= 3 and " " not in folded and not re.search(r"\d", folded)):
            continue  # 'Ali' of 'Ali Air Base' names people, not the field
        out.append(bare)
    return out


def keep(row: dict) -> bool:
    """Airfields worth a row: no balloon- or seaplane bases, no civil heliports (hospital roofs, hotels), and no
    civil field with an ICAO code and no other name (airportsdata already has it)."""
    kind = row["type"]
    if kind in ("balloonport", "seaplane_base") or row["iso_country"] not in THEATRE or not row["name"].strip():
        return False
    military = is_military(row)
    if kind == "heliport" or re.search(r"\b(heliport|helipad)\b", row["name"], re.I):
        bare = fold(strip_words(re.sub(r"\([^)]*\)", " ", row["name"]), KIND_WORDS))
        unnamed = bare in GENERIC or row["name"].lower().startswith("military heli")  # 'Military Helipads (5x)'
        return military and not ROOFTOP.search(row["name"]) and not unnamed
    if kind == "closed" or military or not icao_code(row):
        return True
    return bool(keywords(row)) or len(name_forms(row["name"])) > 1


def to_site(row: dict) -> dict:
    lat, lon = float(row["latitude_deg"]), float(row["longitude_deg"])
    forms = name_forms(row["name"])
    words = keywords(row)
    arabic = [w for w in words if is_arabic_script(w)]
    name_ar = next((w for w in arabic if is_arabic(w)), "") if row["iso_country"] in ARABIC_SPEAKING else ""
    french = [w for w in words if FRENCH.match(w)]
    name_fr = french[0] if french else ""
    codes = [c for c in (icao_code(row), row["iata_code"]) if c]
    aliases = unique_names(forms[1:] + bare_names(forms, row["municipality"], is_military(row)) + words + codes,
                           exclude=(row["name"], name_ar, name_fr))
    radius = RADIUS.get(row["type"], 2.0)
    given = min(decimals(row["latitude_deg"]), decimals(row["longitude_deg"]))
    if given < 2:  # a point given to 0.1° may be ~10 km off
        radius = max(radius, 8.0)
    notes = []
    if row["type"] == "closed":
        notes.append("closed (OurAirports type 'closed')")
    elif row["type"] == "heliport":
        notes.append("military heliport")
    if re.search(r"highway strip", row["name"], re.I):
        notes.append("highway strip (a road built as a runway)")
    if not is_military(row) and military_names(row):
        notes.append("also military (" + ", ".join(unique_names(military_names(row))) + ")")
    notes.append(f"ICAO {icao_code(row)}" if icao_code(row) else "no ICAO code")
    if row["iata_code"]:
        notes.append(f"IATA {row['iata_code']}")
    if row["municipality"]:
        notes.append(f"serves {row['municipality']}")
    return {
        "id": f"ourairports-{row['ident'].lower()}",
        "name": forms[0],
        "name_fr": name_fr,
        "name_ar": name_ar,
        "aliases": "|".join(a for a in aliases if a != forms[0]),
        "kind": "airbase" if is_military(row) else "airport",
        "country": row["iso_country"],
        "admin1": re.sub(r"\s+(Governorate|Province|Region|Oblast)$", "", row["region_name"]),
        "lat": coord(lat),
        "lon": coord(lon),
        "radius_km": f"{radius:g}",
        "source1": source("OurAirports", row["ident"], lat, lon),
        "source2": "",
        "note": "; ".join(notes),
    }


def drop_duplicates(sites: list[dict]) -> list[dict]:
    """One row per field: the same name within 3 km twice is one field entered twice (the first ident wins)."""
    kept: list[dict] = []
    for site in sorted(sites, key=lambda s: s["id"]):
        lat, lon = float(site["lat"]), float(site["lon"])
        if any(fold(k["name"]) == fold(site["name"]) and k["country"] == site["country"]
               and math.dist((float(k["lat"]), float(k["lon"]) * math.cos(math.radians(lat))),
                             (lat, lon * math.cos(math.radians(lat)))) * 111.2 < 3 for k in kept):
            continue
        kept.append(site)
    return kept


def build(rows: list[dict]) -> list[dict]:
    return drop_duplicates([to_site(r) for r in rows if keep(r)])


def extract(airports: Path, regions: Path) -> None:
    """Cut the full OurAirports files down to the theatre's rows and the columns the importer reads."""
    def read(path: Path) -> list[dict]:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    region_names = {r["code"]: r["name"] for r in read(regions)}
    rows = [dict({c: r.get(c, "") for c in EXTRACT_COLUMNS}, region_name=region_names.get(r["iso_region"], ""))
            for r in read(airports) if r["iso_country"] in THEATRE]
    write_extract(EXTRACT, EXTRACT_COLUMNS, sorted(rows, key=lambda r: r["ident"]))


def main(argv=None) -> None:
    run_importer(argv, __doc__, extract, build, EXTRACT, OUTPUT, HEADER, ("AIRPORTS_CSV", "REGIONS_CSV"),
                 "first rebuild the extract from the full OurAirports files")


if __name__ == "__main__":
    main()
