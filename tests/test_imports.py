"""The Natural Earth layers in data/gazetteer/imported/: reproducible, sourced, in the right country, and
right on the facts an analyst checks first."""

import csv
import json
import math
import re
from functools import cache

import pycountry
import pytest
from shapely import union_all
from shapely.geometry import Point, shape

from geo.imports import natural_earth
from geo.lexicon import DATA_DIR

IMPORTED = DATA_DIR / "gazetteer" / "imported"
BASEMAP = DATA_DIR.parent / "dashboard" / "static" / "basemap" / "countries-110m.geojson"
LAYERS = ("ne_countries.csv", "ne_admin1.csv")
SOURCE = re.compile(r"^Natural Earth (admin0|admin1) (\d+) (-?\d+\.\d{4}),(-?\d+\.\d{4})$")
# The basemap's -99 rows, by name.
BASEMAP_NO_ISO = {"Norway": "NO", "France": "FR", "N. Cyprus": "CY", "Somaliland": "SO", "Kosovo": "XK"}
# Rows whose point the 1:110m basemap draws in another country, for a reason that is not ours: it
# draws Crimea in Russia (ISO 3166-2 and our rows say UA-43, UA-40) and Puerto Rico as its own
# country (Natural Earth's admin-1 files it under the United States, as ISO 3166-2 does: US-PR).
BASEMAP_DIFFERS = {"ne-admin1-ua-43": "RU", "ne-admin1-ua-40": "RU", "ne-admin1-us-pr": "PR"}
# How far inside a neighbour's 1:110m outline a border point may fall (the outline is coarse).
BORDER_KM = 50


def rows(name: str) -> list[dict[str, str]]:
    lines = (IMPORTED / name).read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader(line for line in lines if not line.startswith("#")))


@cache
def layer(name: str) -> tuple[dict[str, str], ...]:
    return tuple(rows(name))


def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def find(name: str, country: str, kind: str = "governorate") -> dict[str, str]:
    """The row an analyst means by `name` (its name or one of its aliases) in `country`."""
    file = "ne_countries.csv" if kind in ("country", "region") else "ne_admin1.csv"
    hits = [r for r in layer(file) if r["country"] == country and r["kind"] == kind
            and name.casefold() in {n.casefold() for n in [r["name"], r["name_fr"], *r["aliases"].split("|")]}]
    assert len(hits) == 1, f"{name} in {country}: {[h['id'] for h in hits]}"
    return hits[0]


@cache
def basemap() -> dict[str, object]:
    shapes: dict[str, list] = {}
    for feature in json.loads(BASEMAP.read_text(encoding="utf-8"))["features"]:
        props = feature["properties"]
        country = pycountry.countries.get(alpha_3=props["iso_a3"])
        code = country.alpha_2 if country else BASEMAP_NO_ISO[props["name"]]
        shapes.setdefault(code, []).append(shape(feature["geometry"]))
    return {code: union_all(parts) for code, parts in shapes.items()}


def test_rerun_reproduces_the_committed_files_byte_for_byte(tmp_path):
    counts = natural_earth.build(out_dir=tmp_path)
    for name in LAYERS:
        assert (tmp_path / name).read_bytes() == (IMPORTED / name).read_bytes(), f"{name}: rerun {natural_earth.COMMAND}"
    assert counts == {name: len(layer(name)) for name in LAYERS}


def test_files_have_the_gazetteer_columns_and_a_provenance_header():
    for name in LAYERS:
        text = (IMPORTED / name).read_text(encoding="utf-8")
        header = [line for line in text.splitlines() if line.startswith("#")]
        assert any("public domain" in line for line in header)
        assert any(natural_earth.COMMAND in line for line in header)
        assert any(re.search(r"extracted \d{4}-\d\d-\d\d", line) for line in header)
        first = next(line for line in text.splitlines() if not line.startswith("#"))
        assert tuple(first.split(",")) == natural_earth.COLUMNS


def test_ids_are_unique_and_stable_in_form():
    ids = [r["id"] for name in LAYERS for r in layer(name)]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"ne-(country|admin1)-[a-z0-9-]+", i) for i in ids)
    assert find("Iraq", "IQ", "country")["id"] == "ne-country-iq"
    assert find("Kharkiv", "UA")["id"] == "ne-admin1-ua-63"


def test_every_row_names_its_source_with_the_rows_own_coordinate():
    extract = {}
    for file in ("countries.csv", "admin1.csv"):
        _, source_rows = natural_earth.read_extract(file)
        extract.update({r["ne_id"]: (r["lat"], r["lon"]) for r in source_rows})
    for name in LAYERS:
        for row in layer(name):
            match = SOURCE.match(row["source1"])
            assert match, row["source1"]
            _, ne_id, lat, lon = match.groups()
            assert (lat, lon) == (row["lat"], row["lon"]) == extract[ne_id], row["id"]
            assert float(row["radius_km"]) > 0


def test_counts_cover_the_world():
    countries = [r for r in layer("ne_countries.csv") if r["kind"] == "country"]
    assert len(countries) >= 190
    assert len(layer("ne_admin1.csv")) >= 3000
    # Every country has its divisions, but for two that Natural Earth files as divisions of another
    # (Puerto Rico: US-PR; Sint Maarten: NL-SX).
    missing = {r["country"] for r in countries} - {r["country"] for r in layer("ne_admin1.csv")}
    assert missing == {"PR", "SX"}


def test_every_point_lies_in_its_own_country():
    """Checked against the dashboard's 1:110m basemap: a point that falls inside another country's
    outline, deeper than a coarse border or coast allows (exclaves such as Oecusse and Kinmen sit just
    inside their neighbour's outline), is in the wrong country. Points in no outline (small islands the
    basemap leaves out) and countries it lacks (Andorra, Singapore) cannot be checked this way."""
    shapes = basemap()
    checked = 0
    wrong = []
    for name in LAYERS:
        for row in layer(name):
            point = Point(float(row["lon"]), float(row["lat"]))
            holders = [code for code, geom in shapes.items() if geom.covers(point)]
            own = shapes.get(row["country"])
            if not holders or own is None:
                continue
            checked += 1
            if row["country"] in holders or BASEMAP_DIFFERS.get(row["id"]) in holders:
                continue
            depth = min(shapes[code].boundary.distance(point) for code in holders) * 111
            if depth > BORDER_KM and own.distance(point) * 111 > BORDER_KM:
                wrong.append((row["id"], row["name"], row["country"], holders))
    assert not wrong, wrong
    assert checked >= 0.85 * sum(len(layer(name)) for name in LAYERS)


@pytest.mark.parametrize("name, country, lat, lon", [
    ("Kharkiv Oblast", "UA", 49.9, 36.3),   # the city of Kharkiv lies in its oblast
    ("Gao Region", "ML", 16.27, -0.04),      # Gao town
    ("Khartoum State", "SD", 15.55, 32.53),  # Khartoum city
    ("Anbar Province", "IQ", 33.42, 43.30),  # Ramadi
    ("Tripoli District", "LY", 32.89, 13.19),  # Tripoli city
])
def test_an_analysts_divisions_are_found_and_cover_their_towns(name, country, lat, lon):
    row = find(name, country)
    assert km(lat, lon, float(row["lat"]), float(row["lon"])) <= float(row["radius_km"]), row


def test_the_press_forms_of_a_division():
    anbar = find("Anbar", "IQ")
    assert {"Al Anbar", "Anbar", "Anbar Province"} <= {anbar["name"], *anbar["aliases"].split("|")}
    assert anbar["name_ar"] == "محافظة الأنبار"
    assert find("Deir ez-Zor", "SY")["id"] == "ne-admin1-sy-dy"
    # An alias Natural Earth gives to many boroughs or that names a country is not kept.
    assert "West Midlands" not in find("Walsall", "GB")["aliases"].split("|")
    assert "Malta" not in find("Mosta", "MT")["aliases"].split("|")
    # No kind word is added to a name that has one, and Natural Earth's bookkeeping is no name.
    crimea = find("Crimea", "UA")
    assert crimea["name"] == "Autonomous Republic of Crimea"
    assert not [a for a in crimea["aliases"].split("|") if "Oblast" in a]
    assert not [a for r in layer("ne_admin1.csv") for a in r["aliases"].split("|") if re.search(r"\d", a)]


def test_a_division_named_by_a_bare_compass_word_carries_its_kind_word():
    """Natural Earth names Israel's districts "Southern", "Central"; alone such a word places nothing."""
    south = find("Southern District", "IL")
    assert south["name"] == south["admin1"] == "Southern District"
    assert find("South Lebanon", "LB")["name"] == "South Province"
    for row in layer("ne_admin1.csv"):
        names = [row["name"], *row["aliases"].split("|")]
        assert not {"southern", "central", "north", "capital"} & {n.casefold() for n in names}, row["id"]


def test_country_names_in_french_and_arabic():
    assert find("Sudan", "SD", "country")["name_fr"] == "Soudan"
    assert find("Iraq", "IQ", "country")["name_fr"] == "Irak"
    assert find("Syria", "SY", "country")["name_fr"] == "Syrie"
    assert find("Iraq", "IQ", "country")["name_ar"] == "العراق"
    assert find("Ukraine", "UA", "country")["radius_km"]


def test_natural_earth_minus_99_codes_are_placed():
    assert find("France", "FR", "country")["kind"] == "country"
    assert find("Norway", "NO", "country")["kind"] == "country"
    assert find("Kosovo", "XK", "country")["kind"] == "country"
    assert find("Somaliland", "SO", "region")["id"] == "ne-country-so-sol"
    france = find("France", "FR", "country")
    assert 500 < float(france["radius_km"]) < 1500  # mainland and Corsica, not French Guiana
