"""The curated gazetteer's integrity (every row a checked fact) and the lookups analysts rely on."""

import json
import re
from pathlib import Path

import pycountry
import pytest
from shapely.geometry import Point, shape

from geo.gazetteer import COLUMNS, GAZETTEER_DIR, curated_rows, km, load_gazetteer

ROWS = curated_rows()
KINDS = {"base", "airbase", "airport", "border_crossing", "oil_field", "gas_field", "oil_facility", "pipeline_end",
         "dam", "port", "camp", "compound", "power_plant", "nuclear_facility", "desert", "mountain", "island", "strait", "sea", "town", "city", "district",
         "governorate", "region", "country"}
COORD = re.compile(r"(-?\d{1,2}\.\d+)\s*,\s*(-?\d{1,3}\.\d+)")
BASEMAP = Path(__file__).resolve().parent.parent / "dashboard" / "static" / "basemap" / "countries-110m.geojson"


def test_there_are_enough_curated_sites():
    sites = [r for r in ROWS if r["kind"] not in ("country", "governorate", "region", "sea", "strait")]
    assert len(sites) >= 250
    assert {r["country"] for r in sites} >= {"IQ", "SY", "JO", "LB", "IL", "PS", "YE", "SA", "AE", "QA", "BH", "KW"}


def test_every_file_has_the_documented_columns():
    for path in sorted(GAZETTEER_DIR.glob("*/*.csv")):
        header = next(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
        assert tuple(header.split(",")) == COLUMNS, path.name


def test_ids_are_unique_and_kinds_known():
    ids = [r["id"] for r in ROWS]
    assert len(ids) == len(set(ids))
    assert {r["kind"] for r in ROWS} <= KINDS


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["id"])
def test_row_names_its_sources_and_two_sources_agree(row):
    """Provenance, not exclusion: one named public source with the coordinate it gives keeps a row; a second
    one, when written, must agree within the row's radius (the row is then verified)."""
    assert row["name"].strip()
    lat, lon, radius = float(row["lat"]), float(row["lon"]), float(row["radius_km"])
    assert -90 <= lat <= 90 and -180 <= lon <= 180 and radius > 0
    sources = [s.strip() for s in (row["source1"], row["source2"]) if s.strip()]
    assert sources, f"{row['id']}: no source"
    assert len(set(sources)) == len(sources)
    for source in sources:
        found = COORD.findall(source)
        assert found, f"{row['id']}: the source gives no coordinates: {source}"
        slat, slon = map(float, found[-1])
        assert km(slat, slon, lat, lon) <= radius + 0.5, f"{row['id']}: {source} is {km(slat, slon, lat, lon):.1f} km away"


def test_most_curated_rows_are_verified_by_two_sources():
    verified = [r for r in ROWS if r["source1"].strip() and r["source2"].strip()]
    assert len(verified) / len(ROWS) >= 0.9


def _country_shapes():
    data = json.loads(BASEMAP.read_text(encoding="utf-8"))
    return {f["properties"]["iso_a3"]: shape(f["geometry"]) for f in data["features"]}


def test_point_sites_lie_inside_their_country():
    """Natural Earth 1:110m (the dashboard's basemap) within 0.3°; it omits Bahrain, Gaza and islands such as
    Socotra, so a point outside it must lie within one of its own country's governorates instead."""
    shapes = _country_shapes()
    areas = [r for r in ROWS if r["kind"] in ("country", "governorate")]
    wrong = []
    for r in ROWS:
        if not r["country"] or r["kind"] in ("country", "governorate", "region"):
            continue
        p = Point(float(r["lon"]), float(r["lat"]))
        poly = shapes.get(pycountry.countries.get(alpha_2=r["country"]).alpha_3)
        if poly is not None and poly.distance(p) <= 0.3:
            continue
        if any(a["country"] == r["country"] and km(float(a["lat"]), float(a["lon"]), p.y, p.x)
                          <= float(a["radius_km"]) for a in areas):
            continue
        wrong.append(r["id"])
    assert wrong == []


@pytest.mark.parametrize("spellings", [
    ("Aïn al-Assad", "Ain al-Asad", "Ayn al Asad", "Al Asad"),
    ("Deir ez-Zor", "Deir Ezzor", "Dayr az Zawr"),
    ("Koniko", "Conoco"),
    ("Kharab al-Jir", "Abu Hajar", "Abou Hajar"),
    ("Al-Qaim", "Al Qa'im"),
    ("Nagorno-Karabakh", "Haut-Karabakh", "Artsakh"),
    ("RDC", "RD Congo", "Congo-Kinshasa", "DRC", "Democratic Republic of the Congo"),
    ("Darfur", "Darfour"),
    ("West Darfur", "Darfour-Occidental", "Ouest-Darfour"),
    ("Zaporizhzhia Nuclear Power Plant", "centrale nucléaire de Zaporijjia", "ZNPP"),
    ("Baiji refinery", "Beiji refinery", "Baiji oil refinery"),
    ("Es Sider", "al-Sedra", "Sidra oil terminal"),
])
def test_spellings_of_one_site_find_the_same_place(spellings):
    gaz = load_gazetteer()
    tops = {gaz.lookup(s, limit=1)[0][0].id for s in spellings}
    assert len(tops) == 1, tops


def test_the_layers_are_all_there():
    layers = load_gazetteer().layers()
    assert layers["curated"] >= 500 and layers["imported"] >= 5_000
    assert layers["airportsdata"] >= 5_000 and layers["geonames"] >= 200_000  # the whole world, not a theatre


def test_a_place_carries_its_sources():
    gaz = load_gazetteer()
    erbil = gaz.get("geonames:95446")  # Erbil, GeoNames
    assert erbil.country == "IQ" and erbil.sources and "95446" in erbil.sources[0] and not erbil.verified
    asad = gaz.get("curated:iq-ain-al-asad-airbase")
    assert asad.verified and len(asad.sources) == 2


@pytest.mark.parametrize("name, country", [("Bamako", "ML"), ("Kharkiv", "UA"), ("Khartoum", "SD"),
                                           ("Mogadishu", "SO"), ("Kandahar", "AF"), ("Benghazi", "LY")])
def test_the_world_beyond_the_theatre_is_known(name, country):
    assert any(p.country == country for p, _ in load_gazetteer().lookup(name, limit=10))


def test_the_index_is_a_file_not_objects_in_memory():
    gaz = load_gazetteer()
    assert gaz.path.suffix == ".sqlite" and gaz.path.stat().st_size > 10_000_000
    assert gaz.size >= 240_000 and gaz.name_count >= 700_000


def test_a_name_as_written_comes_before_a_name_less_its_kind_word():
    """'Rojava' is north-east Syria; the Tishrin Dam is found by it only as 'Rojava Dam' (the AANES press's name)."""
    top = load_gazetteer().lookup("Rojava", limit=2)
    assert [p.id for p, _ in top] == ["curated:sy-region-north-east-syria", "curated:sy-tishrin-dam"]
