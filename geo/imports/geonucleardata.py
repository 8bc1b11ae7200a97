"""GeoNuclearData (ODbL 1.0) -> data/gazetteer/imported/geonucleardata.csv: nuclear power plants, one row per site.

The dataset lists power reactors unit by unit ('Zaporozhye-1' ... 'Zaporozhye-6'); the press names the plant, so
units of one name are one row, placed where the dataset puts its first unit. Units the dataset gives no
coordinate for, or only whole degrees ('Sinop' at 42,35), are left out. Research reactors and fuel-cycle
sites (Natanz, Fordow, Isfahan, Dimona) are not in this dataset.

    python -m geo.imports.geonucleardata                       # extract -> imported layer
    python -m geo.imports.geonucleardata --extract nuclear_power_plants.csv   # the denormalized CSV -> extract
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

from geo.imports.common import (
    IMPORTED_DIR,
    SOURCES_DIR,
    THEATRE,
    coord,
    decimals,
    run_importer,
    slug,
    source,
    unique_names,
    write_extract,
)

DATASET = "geonucleardata"
EXTRACT = SOURCES_DIR / DATASET / "reactors.csv"
OUTPUT = IMPORTED_DIR / f"{DATASET}.csv"
EXTRACT_COLUMNS = ["Id", "Name", "Latitude", "Longitude", "CountryCode", "Status", "ReactorType", "Capacity"]
HEADER = [
    "Imported layer: nuclear power plants from GeoNuclearData (https://github.com/cristianst85/GeoNuclearData),",
    "Open Database License 1.0 (contents: Database Contents License 1.0); this derived layer is ODbL too.",
    "Extract: data/gazetteer/sources/geonucleardata/reactors.csv (theatre countries, commit 1bc8b4ac, 2024-03-03).",
    "One source per row (source2 empty): GeoNuclearData <first unit's Id> and the coordinate it gives.",
    "Rebuild: python -m geo.imports.geonucleardata",
]


def plant_of(name: str) -> tuple[str, str]:
    """'Barakah-1 (Braka)' -> ('Barakah', 'Braka'); 'Darkhovin' -> ('Darkhovin', '')."""
    other = re.search(r"\(([^)]*)\)", name)
    base = re.sub(r"\s*\([^)]*\)", "", name).strip()
    base = re.sub(r"[- ]+\d+$", "", base).strip()
    return base, other.group(1).strip() if other else ""


def located(row: dict) -> bool:
    return bool(row["Latitude"] and row["Longitude"]) and min(decimals(row["Latitude"]),
                                                                  decimals(row["Longitude"])) >= 1


def build(rows: list[dict]) -> list[dict]:
    plants: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: int(r["Id"])):
        if row["CountryCode"] in THEATRE and located(row):
            plants[(row["CountryCode"], plant_of(row["Name"])[0])].append(row)
    sites = []
    for (country, plant), units in plants.items():
        first = units[0]
        lat, lon = float(first["Latitude"]), float(first["Longitude"])
        statuses = sorted({u["Status"].lower() for u in units if u["Status"]})
        capacity = sum(int(u["Capacity"]) for u in units if u["Capacity"].isdigit())
        others = unique_names(plant_of(u["Name"])[1] for u in units)
        given = min(decimals(first["Latitude"]), decimals(first["Longitude"]))
        note = [f"{len(units)} reactor unit(s) ({', '.join(statuses)})"]
        if capacity:
            note.append(f"{capacity} MW")
        note.append("units: " + ", ".join(u["Name"] for u in units))
        sites.append({
            "id": f"geonucleardata-{country.lower()}-{slug(plant)}",
            "name": plant,
            "aliases": "|".join(unique_names(others, exclude=(plant,))),
            "kind": "nuclear_facility",
            "country": country,
            "lat": coord(lat),
            "lon": coord(lon),
            "radius_km": "2" if given >= 3 else "5" if given == 2 else "15",
            "source1": source("GeoNuclearData", first["Id"], lat, lon),
            "note": "nuclear power plant named by its place only: a trigger word should place it; " + "; ".join(note),
        })
    return sites


def extract(path: Path) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [{c: r[c] for c in EXTRACT_COLUMNS} for r in csv.DictReader(handle) if r["CountryCode"] in THEATRE]
    write_extract(EXTRACT, EXTRACT_COLUMNS, rows)


def main(argv=None) -> None:
    run_importer(argv, __doc__, extract, build, EXTRACT, OUTPUT, HEADER, "NUCLEAR_POWER_PLANTS_CSV",
                 "first rebuild the extract from data/csv/denormalized/nuclear_power_plants.csv")


if __name__ == "__main__":
    main()
