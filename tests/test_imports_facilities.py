"""The imported facility layers (data/gazetteer/imported/): rebuilt from their extracts, each row a sourced point
in its country, and the sites an analyst looks for present where the datasets put them."""

import csv
import importlib
import json
import re
from pathlib import Path

import pycountry
import pytest
from shapely.geometry import Point, shape

from geo.gazetteer import curated_rows, km
from geo.imports.common import COLUMNS, IMPORTED_DIR, THEATRE, fold, read_extract

IMPORTERS = ["ourairports", "wri_gppd", "geonucleardata", "wpi", "unhcr_camps"]
KINDS = {"airbase", "airport", "dam", "power_plant", "nuclear_facility", "port", "oil_field", "gas_field",
         "oil_facility", "camp", "border_crossing"}
BASEMAP = Path(__file__).resolve().parent.parent / "dashboard" / "static" / "basemap" / "countries-110m.geojson"
SOURCE = re.compile(r"^(?P<dataset>.+?) (?P<record>\S+) (?P<lat>-?\d+\.\d{4}),(?P<lon>-?\d+\.\d{4})$")


def layer(name: str) -> list[dict]:
    with (IMPORTED_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def rows_of(name: str) -> dict[str, dict]:
    return {r["id"]: r for r in layer(name)}


ALL = [(name, row) for name in IMPORTERS for row in layer(name)]


@pytest.mark.parametrize("name", IMPORTERS)
def test_importer_rebuilds_the_committed_layer_byte_for_byte(name, tmp_path, monkeypatch):
    module = importlib.import_module(f"geo.imports.{name}")
    committed = module.OUTPUT.read_bytes()
    for run in ("first", "second"):  # as `python -m geo.imports.<name>` runs it, twice
        out = tmp_path / run / f"{name}.csv"
        monkeypatch.setattr(module, "OUTPUT", out)
        module.main([])
        assert out.read_bytes() == committed, f"{name}: rerun differs from the committed layer"


@pytest.mark.parametrize("name", IMPORTERS)
def test_layer_has_the_curated_columns_and_a_provenance_header(name):
    text = (IMPORTED_DIR / f"{name}.csv").read_text(encoding="utf-8")
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert any("python -m geo.imports." + name in line for line in comments)
    assert any(re.search(r"public domain|CC BY|ODbL|Open Database License", line) for line in comments)
    header = next(line for line in text.splitlines() if not line.startswith("#"))
    curated_header = next(line for line in (IMPORTED_DIR.parent / "sites" / "jo.csv").read_text().splitlines()
                          if not line.startswith("#"))
    assert header.split(",") == list(COLUMNS) == curated_header.split(",")
    rows = layer(name)
    assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)
    assert all(r["id"].startswith(name.replace("_", "-") + "-") for r in rows)


def test_ids_are_unique_across_layers_and_the_curated_files():
    ids = [row["id"] for _, row in ALL] + [r["id"] for r in curated_rows()]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("name,row", ALL, ids=[row["id"] for _, row in ALL])
def test_row_names_a_source_that_gives_its_coordinate(name, row):
    assert row["name"].strip() and row["kind"] in KINDS and row["country"] in THEATRE
    match = SOURCE.match(row["source1"])
    assert match, row["source1"]
    assert (match["lat"], match["lon"]) == (row["lat"], row["lon"])
    assert 0 < float(row["radius_km"]) <= 20
    assert row["source2"] == "" or SOURCE.match(row["source2"])


# Where the basemap draws a disputed area in another country than the datasets do: Crimea (drawn in Russia),
# Western Sahara (partly in Morocco), the Ilemi Triangle (in Kenya). Each pair is (basemap country, lat/lon box).
DISPUTED = {"UA": ("RUS", (44.3, 46.3, 32.4, 36.7)), "EH": ("MAR", (20.7, 27.7, -17.2, -8.6)),
            "SS": ("KEN", (4.2, 5.1, 34.3, 35.9))}


OFFSHORE = {"oil_field", "gas_field", "oil_facility"}


def test_rows_lie_in_their_country():
    """Natural Earth 1:110m within 0.3°, as for the curated sites; an island or exclave the basemap omits must
    be nearer its own country than any other and within 1°, or inside one of our curated areas of that country
    (Bahrain, which the basemap lacks; Gaza)."""
    data = json.loads(BASEMAP.read_text(encoding="utf-8"))
    shapes = {}
    for feature in data["features"]:
        code = feature["properties"]["iso_a3"]
        if code == "-99" and feature["properties"].get("name") == "Somaliland":
            code = "SOM"
        geometry = shape(feature["geometry"])
        shapes[code] = shapes[code].union(geometry) if code in shapes else geometry
    areas = [r for r in curated_rows() if r["kind"] in ("country", "governorate", "region")]
    wrong = []
    for _, r in ALL:
        p = Point(float(r["lon"]), float(r["lat"]))
        code = pycountry.countries.get(alpha_2=r["country"]).alpha_3
        poly = shapes.get(code)
        if poly is not None and poly.distance(p) <= 0.3:
            continue
        if poly is not None and poly.distance(p) <= 1.0 and min(shapes, key=lambda c: shapes[c].distance(p)) == code:
            continue
        if poly is not None and r["kind"] in OFFSHORE and poly.distance(p) <= 1.5:
            continue  # a platform or loading buoy out at sea ('Bouri Oil Field', 120 km off Libya)
        if r["country"] in DISPUTED:
            other, (south, north, west, east) = DISPUTED[r["country"]]
            if south <= p.y <= north and west <= p.x <= east and shapes[other].distance(p) <= 0.3:
                continue
        if any(a["country"] == r["country"] and km(float(a["lat"]), float(a["lon"]), p.y, p.x)
               <= float(a["radius_km"]) for a in areas):
            continue
        wrong.append(r["id"])
    assert wrong == []


@pytest.mark.parametrize("row_id,kind,country,lat,lon,names", [
    # Jordan's air bases near the Syrian-Iraqi border (Tower 22 area) and the one US strikes fly from.
    ("ourairports-ojms", "airbase", "JO", 31.8256, 36.7820, {"Muwaffaq Salti", "Shaheed Mwaffaq"}),
    ("ourairports-ojhr", "airbase", "JO", 32.5392, 38.1950, {"H4"}),
    ("ourairports-ojhf", "airbase", "JO", 32.1607, 37.1494, {"Prince Hassan"}),
    ("ourairports-otbh", "airbase", "QA", 25.1173, 51.3150, {"Al Udeid"}),
    # Iraqi fields known by their US camp names.
    ("ourairports-orsh", "airbase", "IQ", 34.6732, 43.5430, {"Camp Speicher"}),
    ("ourairports-ortl", "airbase", "IQ", 30.9358, 46.0901, {"Tallil Air Base", "Camp Adder"}),
    ("ourairports-orbd", "airbase", "IQ", 33.9402, 44.3616, {"Joint Base Balad", "Camp Anaconda"}),
    # A field without an ICAO code, and a closed one.
    ("ourairports-iq-0018", "airbase", "IQ", 32.9294, 39.7451, {"H3"}),
    ("ourairports-iq-0059", "airbase", "IQ", 33.7949, 41.4519, {"H1 Old"}),
    # Power: the Mosul dam, a Libyan plant with its Arabic name, the plants the news of Ukraine and the Gulf names.
    ("wri-gppd-iq-1008722", "dam", "IQ", 36.6254, 42.8178, set()),
    ("wri-gppd-ly-1023821", "power_plant", "LY", 32.2027, 20.1330, {"North Benghazi"}),
    ("geonucleardata-ua-zaporozhye", "nuclear_facility", "UA", 47.5080, 34.6270, set()),
    ("geonucleardata-ir-bushehr", "nuclear_facility", "IR", 28.8310, 50.8870, set()),
    ("geonucleardata-ae-barakah", "nuclear_facility", "AE", 23.9527, 52.1933, {"Braka"}),
    # Ports and terminals under their sailors' names: Hodeidah's port is 'Al Ahmadi' in the index.
    ("wpi-48165", "port", "YE", 14.8333, 42.9667, {"Hodeidah", "Al Hudaydah"}),
    ("wpi-48392", "oil_facility", "IQ", 29.6833, 48.8167, {"Mina Al Bakr Terminal"}),
    ("wpi-48361", "port", "KW", 29.0667, 48.1667, set()),
    # Camps: Zaatari and Azraq in Jordan, al-Hol in north-east Syria.
    ("unhcr-camps-jors004465", "camp", "JO", 32.2997, 36.3206, set()),
    ("unhcr-camps-jors004576", "camp", "JO", 31.9107, 36.5793, set()),
    ("unhcr-camps-syrs001513", "camp", "SY", 36.3751, 41.1510, {"Al Hol"}),
])
def test_sites_an_analyst_relies_on_are_there(row_id, kind, country, lat, lon, names):
    rows = {row["id"]: row for _, row in ALL}
    row = rows[row_id]
    assert (row["kind"], row["country"]) == (kind, country)
    assert km(float(row["lat"]), float(row["lon"]), lat, lon) < 0.05
    assert names <= set(row["aliases"].split("|"))


def test_closed_fields_say_so_and_codes_are_noted_for_deduplication():
    rows = rows_of("ourairports")
    assert "closed" in rows["ourairports-iq-0059"]["note"]  # H1 Old Air Base
    assert "ICAO OJMS" in rows["ourairports-ojms"]["note"]
    assert "no ICAO code" in rows["ourairports-iq-0018"]["note"]


def test_a_civil_field_with_an_icao_code_and_no_other_name_is_left_to_airportsdata():
    rows = rows_of("ourairports")
    assert "ourairports-ojaq" not in rows  # Aqaba King Hussein International: airportsdata has it
    assert "ourairports-ojai" not in rows  # Queen Alia: curated, and in airportsdata


def test_rooftop_heliports_and_town_names_are_not_airfields():
    rows = layer("ourairports")
    assert not [r["id"] for r in rows if re.search(r"hospital|medical|hotel", r["name"], re.I)]
    # A town served is never an airfield's other name: 'Erbil' stays the city, 'Gaza' is not Gush Katif.
    towns = {"erbil", "irbil", "gaza", "palestine", "basrah", "kurdistan", "algiers"}
    assert not [r["id"] for r in rows if towns & {fold(a) for a in r["aliases"].split("|")}]


def test_civil_airport_with_military_other_names_stays_an_airport():
    rows = rows_of("ourairports")
    baghdad = rows["ourairports-orbi"]
    assert baghdad["kind"] == "airport" and "also military" in baghdad["note"]
    assert "New Al Muthana Air Base" in baghdad["aliases"].split("|")


def test_plants_named_only_by_their_town_are_flagged():
    rows = rows_of("wri_gppd")
    assert "trigger word" in rows["wri-gppd-iq-1008700"]["note"]  # 'Erbil' gas plant
    assert "trigger word" not in rows["wri-gppd-ly-1023821"]["note"]  # 'North Benghazi Station'


def test_an_area_several_camps_list_as_other_name_names_none_of_them():
    rows = rows_of("unhcr_camps")
    assert rows["unhcr-camps-syrs012282"]["name"] == "Roj camp"
    assert "El Hassake" not in rows["unhcr-camps-syrs012282"]["aliases"]


def test_ourairports_extract_keeps_the_theatre_rows_and_names_their_region(tmp_path, monkeypatch):
    """`--extract` on OurAirports' full files (here: two of their real rows, one outside the theatre)."""
    from geo.imports import ourairports

    header = ('"id","ident","type","name","latitude_deg","longitude_deg","elevation_ft","continent","iso_country",'
              '"iso_region","municipality","scheduled_service","gps_code","iata_code","local_code","home_link",'
              '"wikipedia_link","keywords"\n')
    (tmp_path / "airports.csv").write_text(header + (
        '6523,"00A","heliport","Total Rf Heliport",40.07080078125,-74.93360137939453,11,"NA","US","US-PA",'
        '"Bensalem","no","00A",,"00A",,,\n'
        '3354,"OJMS","medium_airport","Muwaffaq Salti Air Base",31.8256,36.782001,1706,"AS","JO","JO-AZ",'
        '"Al Azraq","no","OJMS",,"OJ40",,"https://en.wikipedia.org/wiki/Muwaffaq_Salti_Air_Base",'
        '"Shaheed Mwaffaq, Al Shaheed Muwaffaq Salti Air Base"\n'), encoding="utf-8")
    (tmp_path / "regions.csv").write_text(
        '"id","code","local_code","name","continent","iso_country","wikipedia_link","keywords"\n'
        '303784,"JO-AZ","AZ","Az Zarga Governorate","AS","JO",,\n', encoding="utf-8")
    monkeypatch.setattr(ourairports, "EXTRACT", tmp_path / "extract.csv")
    ourairports.extract(tmp_path / "airports.csv", tmp_path / "regions.csv")
    rows = read_extract(tmp_path / "extract.csv")
    assert [(r["ident"], r["region_name"]) for r in rows] == [("OJMS", "Az Zarga Governorate")]
    assert ourairports.build(rows)[0]["admin1"] == "Az Zarga"


def test_a_plant_the_dataset_places_wrong_is_left_out():
    """WRI puts Dokan Dam 34 km west of the dam; the curated row (two sources) has it right."""
    assert "wri-gppd-iq-1008718" not in rows_of("wri_gppd")
    assert "wri-gppd-iq-1008717" in rows_of("wri_gppd")  # Darbandikhan Dam, from the same table, is kept
