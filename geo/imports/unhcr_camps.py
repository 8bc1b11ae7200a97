"""UNHCR displacement locations (CC BY) -> data/gazetteer/imported/unhcr_camps.csv: refugee and IDP camps.

UNHCR's field information section records every place it knows displaced people live; only its camps and
settlements are sites (its 'Refugee Location' and 'IDP Location' rows are towns where refugees rent homes),
so only those are kept, open or closed (a closed camp is still named in the news). Most camps are named by
their place only ('Zaatari', 'Azraq'): the note says so, and a trigger word ('camp') should place them.

    python -m geo.imports.unhcr_camps                                   # extract -> imported layer
    python -m geo.imports.unhcr_camps --extract displacement_locations_unhcr.csv   # full file -> extract
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

from geo.imports.common import (
    IMPORTED_DIR,
    SOURCES_DIR,
    coord,
    decimals,
    distinct_sites,
    fold,
    run_importer,
    source,
    unique_names,
    write_extract,
)

DATASET = "unhcr_camps"
EXTRACT = SOURCES_DIR / DATASET / "camps.csv"
OUTPUT = IMPORTED_DIR / f"{DATASET}.csv"
EXTRACT_COLUMNS = ["pcode", "Country", "name", "name_alt", "loc_type", "createdate", "closedate", "status",
                   "POINT_X", "POINT_Y", "type"]
HEADER = [
    "Imported layer: refugee and IDP camps from UNHCR's displacement locations (people-of-concern point layer,",
    "UNHCR ODSS/FICSS, CC BY), as shared and corrected by Zhou & Shaver (2021), github.com/global-displacement-locations.",
    "Extract: data/gazetteer/sources/unhcr_camps/camps.csv (camps and settlements of the theatre's countries).",
    "One source per row (source2 empty): UNHCR <pcode> and the coordinate it gives.",
    "Rebuild: python -m geo.imports.unhcr_camps",
]
# UNHCR's country names -> ISO codes, for the theatre's countries.
COUNTRIES = {"Afghanistan": "AF", "Algeria": "DZ", "Burkina Faso": "BF", "Djibouti": "DJ", "Egypt": "EG",
             "Eritrea": "ER", "Ethiopia": "ET", "Iraq": "IQ", "Islamic Republic of Iran": "IR", "Jordan": "JO",
             "Lebanon": "LB", "Libya": "LY", "Mali": "ML", "Mauritania": "MR", "Morocco": "MA", "Niger": "NE",
             "Rep. of Chad": "TD", "Saudi Arabia": "SA", "Somalia": "SO", "South Sudan": "SS", "Sudan": "SD",
             "Syrian Arab Republic": "SY", "Tunisia": "TN", "Turkey": "TR", "Ukraine": "UA", "Yemen": "YE",
             "Western Sahara": "EH", "State of Palestine": "PS", "Israel": "IL", "Kuwait": "KW", "Oman": "OM",
             "Qatar": "QA", "United Arab Emirates": "AE", "Bahrain": "BH"}
SITE_TYPES = re.compile(r"\b(camp|settlement)\b", re.I)
MISSING = {"", "na", "n/a", "none"}


def clean(text: str) -> str:
    """UNHCR marks some names with a trailing '*'; 'NA' stands for nothing."""
    text = (text or "").strip().rstrip("*").strip()
    return "" if text.lower() in MISSING else text


def alternates(row: dict) -> list[str]:
    return [n for n in (clean(p) for p in re.split(r"[;/,]", row["name_alt"] or "")) if len(n) >= 3]


def to_site(row: dict, shared: set[str] = frozenset()) -> dict:
    lat, lon = float(row["POINT_Y"]), float(row["POINT_X"])
    name = clean(row["name"])
    others = [n for n in alternates(row) if fold(n) not in shared]
    given = min(decimals(row["POINT_Y"]), decimals(row["POINT_X"]))
    open_now = row["status"] == "1"
    notes = [f"{row['loc_type']} ({'open' if open_now else 'closed'} in UNHCR's list of 2020-01)"]
    if clean(row["closedate"]):
        notes.append(f"closed {clean(row['closedate'])[:10]}")
    if not re.search(r"\b(camp|settlement|centre|center|village|site)\b", name, re.I):
        notes.append("named by its place only: a trigger word should place it")
    return {
        "id": f"unhcr-camps-{row['pcode'].lower()}",
        "name": name,
        "aliases": "|".join(unique_names(others, exclude=(name,))),
        "kind": "camp",
        "country": COUNTRIES[row["Country"]],
        "lat": coord(lat),
        "lon": coord(lon),
        "radius_km": "2" if given >= 3 else "4" if given == 2 else "12",
        "source1": source("UNHCR", row["pcode"], lat, lon),
        "note": "; ".join(notes),
    }


def keep(row: dict) -> bool:
    """A named camp or settlement with a coordinate other than 0,0."""
    return (row["Country"] in COUNTRIES and bool(SITE_TYPES.search(row["loc_type"] or "")) and bool(clean(row["name"]))
            and bool(row["POINT_X"]) and bool(row["POINT_Y"]) and (float(row["POINT_X"]), float(row["POINT_Y"])) != (0, 0))


def build(rows: list[dict]) -> list[dict]:
    """One row per pcode; the same name at the same point twice is one camp entered twice. An 'alternate name'
    that several camps share is the area they lie in ('El Hassake' for Roj and Niroz), not a name of either."""
    kept = sorted((r for r in rows if keep(r)), key=lambda r: r["pcode"])
    counts = Counter(fold(n) for r in kept for n in set(alternates(r)))
    shared = {n for n, count in counts.items() if count > 1}
    return distinct_sites(to_site(row, shared) for row in kept)


def extract(path: Path) -> None:
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        rows = [{c: r[c] for c in EXTRACT_COLUMNS} for r in csv.DictReader(handle)
                if r["Country"] in COUNTRIES and SITE_TYPES.search(r["loc_type"] or "")]
    write_extract(EXTRACT, EXTRACT_COLUMNS, sorted(rows, key=lambda r: r["pcode"]))


def main(argv=None) -> None:
    run_importer(argv, __doc__, extract, build, EXTRACT, OUTPUT, HEADER, "DISPLACEMENT_LOCATIONS_CSV",
                 "first rebuild the extract from displacement_locations_unhcr.csv")


if __name__ == "__main__":
    main()
