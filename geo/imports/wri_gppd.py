"""WRI Global Power Plant Database (CC BY 4.0) -> data/gazetteer/imported/wri_gppd.csv: power stations and dams.

Read from WRI's own country tables in the database's repository (`raw_source_files/WRI/<Country>.csv`), the part
of the database WRI compiled itself; its `Power Plant ID` is the database's `gppd_idnr` without the `WRI`
prefix. A plant listed unit by unit is one row here (capacities added up); a plant the table gives no
coordinate for is left out. A hydro plant named as a dam or barrage is kind `dam` (the press names the dam).

    python -m geo.imports.wri_gppd                              # extract -> imported layer
    python -m geo.imports.wri_gppd --extract raw_source_files/WRI   # the country tables -> extract
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

from geo.imports.common import (
    IMPORTED_DIR,
    SOURCES_DIR,
    coord,
    decimals,
    fold,
    is_arabic,
    run_importer,
    source,
    strip_words,
    unique_names,
    write_extract,
)

DATASET = "wri_gppd"
EXTRACT = SOURCES_DIR / DATASET / "plants.csv"
OUTPUT = IMPORTED_DIR / f"{DATASET}.csv"
EXTRACT_COLUMNS = ["country", "plant_id", "name", "name_native", "fuel", "capacity_mw", "owner", "location",
                   "status", "latitude", "longitude"]
HEADER = [
    "Imported layer: power plants from the WRI Global Power Plant Database v1.3.0, CC BY 4.0",
    "(World Resources Institute, https://datasets.wri.org/dataset/globalpowerplantdatabase).",
    "Extract: data/gazetteer/sources/wri_gppd/plants.csv (WRI country tables, theatre countries, located plants).",
    "One source per row (source2 empty): WRI GPPD <gppd_idnr> and the coordinate it gives.",
    "Left out: plants whose point a two-source check shows wrong (WRONG_POINT in geo/imports/wri_gppd.py).",
    "Rebuild: python -m geo.imports.wri_gppd",
]
# The table files of the theatre's countries that WRI compiled, by file name.
FILES = {"Algeria": "DZ", "Bahrain": "BH", "Burkina Faso": "BF", "Djibouti": "DJ", "Egypt": "EG", "Eritrea": "ER",
         "Ethiopia": "ET", "Iran": "IR", "Iraq": "IQ", "Israel": "IL", "Kuwait": "KW", "Lebanon": "LB",
         "Libya": "LY", "Mauritania": "MR", "Morocco": "MA", "Niger": "NE", "Oman": "OM", "Saudi Arabia": "SA",
         "Sudan": "SD", "Tunisia": "TN", "Turkey": "TR", "Ukraine": "UA", "United Arab Emirates": "AE",
         "Yemen": "YE"}
KIND_WORDS = re.compile(
    r"\b(combined cycle|thermal|steam|gas turbine|power (plant|station)|electric(ity)? (plant|station)|"
    r"hydro(electric)?( power)?( plant| station)?|solar( park| plant| farm)?|wind( farm| park)?|ccgt|ocgt|"
    r"plant|station|tpp|hpp|ps|gt|cc|c\.c\.|chp|ipp|iwpp|npp|santrali|do[gğ]algaz|termik|hes|res|ges|jes)(?!\w)",
    re.I)
DAM = re.compile(r"\b(dam|barrage)\b", re.I)
# Plants whose coordinate another, two-source check shows wrong, left out rather than placed wrong: id -> why.
WRONG_POINT = {
    "1008718": "Dokan Dam at 44.5710 E lies 34 km west of the dam (data/gazetteer/sites iq-dukan-dam, 44.9525 E)",
}
# Plants the Sudan table lists whose points lie in South Sudan (independent since 2011): (plant id) -> country.
COUNTRY_FIXES = {"1023177": "SS", "1023178": "SS"}  # Kuku hydro plant near Juba; Melut sugar factory


def plants(rows: list[dict]) -> list[dict]:
    """One record per plant id: the first row's name and coordinate, every fuel, capacities added up."""
    by_id: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        by_id[(row["country"], row["plant_id"])].append(row)
    out = []
    for _key, units in sorted(by_id.items()):
        first = units[0]
        capacity = sum(float(u["capacity_mw"]) for u in units if re.fullmatch(r"\d+(\.\d+)?", u["capacity_mw"]))
        fuels = unique_names(u["fuel"] for u in units)
        names = unique_names(u["name"] for u in units)
        out.append(dict(first, capacity_mw=capacity, fuels=fuels, names=names))
    return out


def common_stem(names: list[str]) -> str:
    """'Five Power Station 1', 'Five Power Station 2' -> 'Five Power Station': units named as one plant."""
    if len(names) == 1:
        return names[0]
    stems = {re.sub(r"\s+(\d+|[IVX]+)$", "", n).strip() for n in names}
    return stems.pop() if len(stems) == 1 else names[0]


def to_site(plant: dict) -> dict:
    lat, lon = float(plant["latitude"]), float(plant["longitude"])
    name = common_stem(plant["names"])
    is_dam = "Hydro" in plant["fuels"] and bool(DAM.search(name))
    bare = strip_words(name, KIND_WORDS)
    kind_word = bare != name
    # Other names of the units, less those that only number them ('North Benghazi Station 3').
    aliases = [n for n in plant["names"] if n != name and not re.fullmatch(re.escape(name) + r"\s+(\d+|[IVX]+)", n)]
    if kind_word and len(fold(bare).split()) >= 2:  # 'Az Zour North' names the plant; 'Jijel' the town
        aliases.append(bare)
    native = plant["name_native"]
    given = min(decimals(plant["latitude"]), decimals(plant["longitude"]))
    radius = 1.5 if given >= 3 else 5.0 if given == 2 else 15.0
    if is_dam:
        radius = max(radius, 2.0)
    notes = [f"{', '.join(plant['fuels'])}" + (f", {plant['capacity_mw']:g} MW" if plant["capacity_mw"] else "")]
    if plant["owner"]:
        notes.append(f"owner {plant['owner']}")
    if plant["status"]:
        notes.append(plant["status"].lower())
    country = COUNTRY_FIXES.get(plant["plant_id"], plant["country"])
    if country != plant["country"]:
        notes.append(f"listed under {plant['country']} by the dataset; the point lies in {country}")
    if not kind_word and not is_dam:
        notes.append("named by its place only: a trigger word should place it")
    return {
        "id": f"wri-gppd-{country.lower()}-{plant['plant_id']}",
        "name": name,
        "name_ar": native if is_arabic(native) else "",
        "aliases": "|".join(unique_names(aliases + ([native] if native and not is_arabic(native) else []),
                                         exclude=(name,))),
        "kind": "dam" if is_dam else "power_plant",
        "country": country,
        "admin1": "",
        "lat": coord(lat),
        "lon": coord(lon),
        "radius_km": f"{radius:g}",
        "source1": source("WRI GPPD", f"WRI{plant['plant_id']}", lat, lon),
        "source2": "",
        "note": "; ".join(notes),
    }


def build(rows: list[dict]) -> list[dict]:
    return [to_site(p) for p in plants(rows) if p["plant_id"] not in WRONG_POINT]


def extract(folder: Path) -> None:
    """Keep the located rows of the theatre's country tables and the columns the importer reads."""
    out = []
    for file_name, country in sorted(FILES.items()):
        with (folder / f"{file_name}.csv").open(encoding="utf-8", errors="replace", newline="") as handle:
            for row in csv.DictReader(handle):
                lat, lon = (row.get("Latitude") or "").strip(), (row.get("Longitude") or "").strip()
                name = (row.get("Name") or "").strip()
                if not (lat and lon and name and row.get("Power Plant ID", "").strip()):
                    continue
                out.append({"country": country, "plant_id": row["Power Plant ID"].strip(), "name": name,
                            "name_native": (row.get("Natural Language") or "").strip(),
                            "fuel": (row.get("Fuel") or "").strip(),
                            "capacity_mw": (row.get("Capacity (MW)") or "").strip(),
                            "owner": (row.get("Owner") or "").strip(), "location": (row.get("Location") or "").strip(),
                            "status": (row.get("Operational Status") or "").strip(), "latitude": lat,
                            "longitude": lon})
    write_extract(EXTRACT, EXTRACT_COLUMNS, out)


def main(argv=None) -> None:
    run_importer(argv, __doc__, extract, build, EXTRACT, OUTPUT, HEADER, "WRI_FOLDER",
                 "first rebuild the extract from raw_source_files/WRI of the database's repository")


if __name__ == "__main__":
    main()
