"""The GeoNames full-dump layer (data/gazetteer/imported/geonames_full.csv): rebuilt byte for byte from its
extract, every row a sourced point in its country, no town the cities500 layer already has, and the villages
the news of south Lebanon and the Sahel names where they are."""

import csv
import json
import re
from pathlib import Path

import pycountry
import pytest
from shapely.geometry import Point, shape
from shapely.prepared import prep

from geo.gazetteer import km
from geo.imports import geonames_full
from geo.imports.common import COLUMNS, IMPORTED_DIR, fold

BASEMAP = Path(__file__).resolve().parent.parent / "dashboard" / "static" / "basemap" / "countries-110m.geojson"
SOURCE = re.compile(r"^GeoNames (?P<id>\d+) (?P<lat>-?\d+\.\d{4}),(?P<lon>-?\d+\.\d{4})$")
KINDS = {"town", "base", "airbase", "airport", "oil_field", "gas_field", "oil_facility", "dam", "camp",
         "border_crossing", "port"}


def layer() -> list[dict]:
    with geonames_full.OUTPUT.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


ROWS = layer()


def test_importer_rebuilds_the_committed_layer_byte_for_byte(tmp_path, monkeypatch):
    committed = geonames_full.OUTPUT.read_bytes()
    for run in ("first", "second"):
        out = tmp_path / run / "geonames_full.csv"
        monkeypatch.setattr(geonames_full, "OUTPUT", out)
        geonames_full.main([])
        assert out.read_bytes() == committed, "rerun differs from the committed layer"


def test_layer_has_the_curated_columns_a_licence_and_its_command():
    text = (IMPORTED_DIR / "geonames_full.csv").read_text(encoding="utf-8")
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert any("CC BY 4.0" in line and "GeoNames, geonames.org" in line for line in comments)
    assert any("python -m geo.imports.geonames_full" in line for line in comments)
    header = next(line for line in text.splitlines() if not line.startswith("#"))
    assert header.split(",") == list(COLUMNS)
    ids = [r["id"] for r in ROWS]
    assert ids == sorted(ids) and len(ids) == len(set(ids))


def test_every_row_names_its_geonames_record_with_the_coordinate_it_gives():
    bad = []
    for r in ROWS:
        match = SOURCE.match(r["source1"])
        if not (match and r["id"] == f"geonames-{match['id']}" and (match["lat"], match["lon"]) == (r["lat"], r["lon"])
                and r["name"].strip() and r["kind"] in KINDS and r["source2"] == ""
                and 0 < float(r["radius_km"]) <= 15):
            bad.append(r["id"])
    assert bad == []


def test_no_row_doubles_a_cities500_place():
    """The main layer holds cities500 as geonames:<id>; none of those ids may come back here."""
    known = geonames_full.cities500_ids()
    assert len(known) > 200_000  # the real cities500, not an empty read
    assert not [r["id"] for r in ROWS if r["id"].removeprefix("geonames-") in known]
    # ...and the towns cities500 has are indeed left out: Nabatieh, Bint Jbeil, Tyre.
    ids = {r["id"] for r in ROWS}
    assert {"278913", "276592", "267008"} <= known
    assert not {"geonames-278913", "geonames-276592", "geonames-267008"} & ids


def test_rows_lie_in_their_country():
    """Natural Earth 1:110m within 0.3°, as for the other imported layers."""
    data = json.loads(BASEMAP.read_text(encoding="utf-8"))
    shapes = {}
    for feature in data["features"]:
        code = feature["properties"]["iso_a3"]
        geometry = shape(feature["geometry"])
        shapes[code] = shapes[code].union(geometry) if code in shapes else geometry
    inside = {code: prep(poly) for code, poly in shapes.items()}
    wrong = []
    for r in ROWS:
        code = pycountry.countries.get(alpha_2=r["country"]).alpha_3
        p = Point(float(r["lon"]), float(r["lat"]))
        if not (inside[code].contains(p) or shapes[code].distance(p) <= 0.3):
            wrong.append(r["id"])
    assert wrong == []


@pytest.mark.parametrize("name,country,lat,lon,within_km", [
    # South Lebanon, shelled in 2023-2024 (Wikipedia's coordinates).
    ("Mayfadoun", "LB", 33.3486, 35.4764, 2),
    ("Aitaroun", "LB", 33.1164, 35.4683, 2),
    ("Aynata", "LB", 33.1333, 35.4333, 2),
    ("Tayr Harfa", "LB", 33.1264, 35.2192, 2),
    # The Sahel: Mondoro's army camp (Mali), the Solhan massacre and the Boukouma convoy attack (Burkina Faso).
    ("Mondoro", "ML", 14.6761, -1.9511, 2),
    ("Solhan", "BF", 13.3761, 0.4572, 2),
    ("Boukouma", "BF", 14.1879, -0.7597, 5),
])
def test_villages_the_news_names_are_there(name, country, lat, lon, within_km):
    """Under the press's spelling, accents and ayn signs aside (the gazetteer compares folded names)."""
    found = [r for r in ROWS if r["country"] == country and r["kind"] == "town"
             and fold(name) in {fold(n) for n in (r["name"], r["name_ar"], *r["aliases"].split("|")) if n}
             and km(float(r["lat"]), float(r["lon"]), lat, lon) <= within_km]
    assert found, f"{name} ({country}) not within {within_km} km of {lat},{lon}"


def test_arabic_name_and_latin_spellings_of_a_lebanese_village():
    row = next(r for r in ROWS if r["id"] == "geonames-277366")  # Aitaroun
    assert row["name_ar"] == "عيترون"
    assert {"Aitaroun", "Aytaroun"} <= set(row["aliases"].split("|"))
    assert row["note"] == "PPL" and row["radius_km"] == "2"


def test_names_in_other_scripts_codes_and_unvocalised_romanisations_are_no_aliases():
    assert geonames_full.wanted_name("Ţayr Ḩarfā") and geonames_full.wanted_name("طير حرفا")
    assert not geonames_full.wanted_name("jbl alsmaq")  # GeoNames' letter-for-letter romanisation
    assert not geonames_full.wanted_name("Айтарун") and not geonames_full.wanted_name("OLBA")
    assert not geonames_full.wanted_name("Ba")


def test_sites_are_kept_with_their_kind_and_feature_code():
    by_code = {}
    for r in ROWS:
        by_code.setdefault(r["note"], set()).add(r["kind"])
    assert by_code["CMPRF"] == {"camp"} and by_code["AIRP"] == {"airport"} and by_code["PSTB"] == {"border_crossing"}
    assert by_code["DAM"] == {"dam"} and by_code["PRT"] == {"port"}
    assert "AIRH" not in by_code  # heliports are left out


def test_a_camp_is_a_camp_when_its_name_says_so_and_a_herders_encampment_is_a_settlement():
    rows = {r["id"]: r for r in ROWS}
    assert rows["geonames-268523"]["kind"] == "camp"  # Mukhayyam Sabra, Beirut (GeoNames CMP)
    assert rows["geonames-267547"]["kind"] == "camp"  # Shatila (CMPRF)
    sahel = [r for r in ROWS if r["note"] == "CMP" and r["country"] in ("ML", "NE", "BF")]
    assert len(sahel) > 500 and {r["kind"] for r in sahel} == {"town"}


def test_extract_keeps_populated_places_and_listed_sites_of_a_real_dump(tmp_path):
    """`--extract` on three real lines of LB.txt: a village, a mountain (left out), a refugee camp."""
    lines = [
        "277366\tAïtaroun\tAitaroun\tAitaroun,Aytaroun,Aïtaroun,`Aytarun,ʿytrwn,عيترون,‘Aytarūn\t33.11528\t35.47139"
        "\tP\tPPL\tLB\t\t07\t\t\t\t0\t\t659\tAsia/Beirut\t2013-07-06",
        "12859\tJabal Sha‘yā\tJabal Sha`ya\tJabal Sha`ya,Jabal Sha‘yā,جبل شعيا\t33.52485\t36.01677\tT\tMT\tLB\tSY"
        "\t13\t\t\t\t0\t\t1545\tAsia/Beirut\t2014-03-05",
        "267547\tShatila\tShatila\tMukhayyam Shatila,Mukhayyam Shātīlā,Shatila\t33.86667\t35.5\tS\tCMPRF\tLB\t"
        "\t05\t\t\t\t0\t\t43\tAsia/Beirut\t2012-01-18",
    ]
    dump = tmp_path / "LB.txt"
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, again = tmp_path / "extract.tsv.gz", tmp_path / "again.tsv.gz"
    assert geonames_full.extract([dump], out) == 2
    geonames_full.extract([dump], again)
    assert out.read_bytes() == again.read_bytes()  # no timestamp in the gzip
    rows = geonames_full.read_extract_rows(out)
    assert [r["geonameid"] for r in rows] == ["267547", "277366"]
    built = {r["id"]: r for r in geonames_full.build(rows, known=set())}
    assert built["geonames-267547"]["kind"] == "camp" and built["geonames-267547"]["note"] == "CMPRF"
    village = built["geonames-277366"]
    assert village["source1"] == "GeoNames 277366 33.1153,35.4714" and village["name_ar"] == "عيترون"
    assert "ʿytrwn" not in village["aliases"].split("|")
    assert [r["id"] for r in geonames_full.build(rows, known={"277366"})] == ["geonames-267547"]
