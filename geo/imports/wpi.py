"""World Port Index (NGA Pub. 150, public domain) -> data/gazetteer/imported/wpi.csv: ports and oil terminals.

Each WPI entry is a port or a terminal with its main name and the other names sailors use ('Al Ahmadi' is
Hodeidah's port, 'Mina Al Bakr Terminal' the Basra oil terminal). An entry named as a terminal is kind
`oil_facility`; the rest are `port`. The index gives positions to the minute (~1.8 km), so a radius grows from
2 km (very small harbour) to 5 km (large).

    python -m geo.imports.wpi                        # extract -> imported layer
    python -m geo.imports.wpi --extract WPI.csv      # the full index as CSV -> extract
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from geo.imports.common import (
    IMPORTED_DIR,
    SOURCES_DIR,
    coord,
    distinct_sites,
    run_importer,
    source,
    unique_names,
    write_extract,
)

DATASET = "wpi"
EXTRACT = SOURCES_DIR / DATASET / "ports.csv"
OUTPUT = IMPORTED_DIR / f"{DATASET}.csv"
EXTRACT_COLUMNS = ["World Port Index Number", "Main Port Name", "Alternate Port Name", "UN/LOCODE", "Country Code",
                   "Region Name", "Harbor Size", "Harbor Type", "Facilities - Oil Terminal",
                   "Facilities - LNG Terminal", "Latitude", "Longitude"]
HEADER = [
    "Imported layer: ports and terminals from the World Port Index (NGA Pub. 150), public domain (US Government).",
    "Extract: data/gazetteer/sources/wpi/ports.csv (theatre countries; columns the importer reads).",
    "One source per row (source2 empty): WPI <index number> and the coordinate it gives.",
    "Rebuild: python -m geo.imports.wpi",
]
COUNTRIES = {"Algeria": "DZ", "Bahrain": "BH", "Djibouti": "DJ", "Egypt": "EG", "Eritrea": "ER", "Iran": "IR",
             "Iraq": "IQ", "Israel": "IL", "Jordan": "JO", "Kuwait": "KW", "Lebanon": "LB", "Libya": "LY",
             "Mauritania": "MR", "Morocco": "MA", "Oman": "OM", "Qatar": "QA", "Saudi Arabia": "SA", "Somalia": "SO",
             "Sudan": "SD", "Syria": "SY", "Tunisia": "TN", "Turkey": "TR", "Ukraine": "UA",
             "United Arab Emirates": "AE", "Western Sahara": "EH", "Yemen": "YE", "Gaza Strip": "PS",
             "West Bank": "PS"}
RADIUS = {"Very Small": 2.0, "Small": 3.0, "Medium": 4.0, "Large": 5.0}
TERMINAL = re.compile(r"\b(terminal|spm|buoy|fso|fpso|platform)\b", re.I)


def to_site(row: dict) -> dict:
    lat, lon = float(row["Latitude"]), float(row["Longitude"])
    number = str(int(float(row["World Port Index Number"])))
    name = row["Main Port Name"].strip()
    others = [n.strip() for n in re.split(r"[;,]", row["Alternate Port Name"] or "") if n.strip()]
    terminal = bool(TERMINAL.search(name))
    field = re.search(r"\b(oil|gas) field\b", name, re.I)  # an offshore field's loading point ('Bouri Oil Field')
    terminal = terminal or bool(field)
    notes = [f"{row['Harbor Size'].strip() or 'unknown-size'} harbour, {row['Harbor Type'].strip() or 'type unknown'}"]
    if row["Facilities - Oil Terminal"] == "Yes":
        notes.append("oil terminal")
    if row["Facilities - LNG Terminal"] == "Yes":
        notes.append("LNG terminal")
    if row["UN/LOCODE"].strip():
        notes.append(f"UN/LOCODE {row['UN/LOCODE'].strip()}")
    if not terminal and not re.search(r"\b(port|harbou?r|mina|bandar|marsa|liman[ıi])\b", name, re.I):
        notes.append("named by its place only: a trigger word should place it")
    return {
        "id": f"wpi-{number}",
        "name": name,
        "aliases": "|".join(unique_names(others, exclude=(name,))),
        "kind": field.group(1).lower() + "_field" if field else "oil_facility" if terminal else "port",
        "country": COUNTRIES[row["Country Code"]],
        "lat": coord(lat),
        "lon": coord(lon),
        "radius_km": f"{RADIUS.get(row['Harbor Size'].strip(), 3.0):g}",
        "source1": source("WPI", number, lat, lon),
        "note": "; ".join(notes),
    }


def build(rows: list[dict]) -> list[dict]:
    """One row per index number; an entry repeating another's name at the same point is dropped."""
    return distinct_sites(to_site(row) for row in sorted(rows, key=lambda r: float(r["World Port Index Number"])))


def extract(path: Path) -> None:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [{c: r[c] for c in EXTRACT_COLUMNS} for r in csv.DictReader(handle) if r["Country Code"] in COUNTRIES]
    write_extract(EXTRACT, EXTRACT_COLUMNS, sorted(rows, key=lambda r: float(r["World Port Index Number"])))


def main(argv=None) -> None:
    run_importer(argv, __doc__, extract, build, EXTRACT, OUTPUT, HEADER, "WPI_CSV",
                 "first rebuild the extract from the full index")


if __name__ == "__main__":
    main()
