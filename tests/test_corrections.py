"""Analysts' corrections, on both stores: made, applied on read, refused when wrong, undone, exported, learnt.

The events are real: the sample article's (hand-placed, as tests/test_dashboard.py builds them) and, for
the loop that teaches the gazetteer, the development set's Solhan article as `extract` reads it (its
"Solhan" is placed on "Solna", a GeoNames village by a near spelling; the analyst gives the village's own
point, from French and German Wikipedia).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from geo.cli import main
from geo.corrections import apply_corrections, event_key
from geo.errors import UserError
from geo.gazetteer_feedback import gazetteer_rows
from geo.store import export_csv, export_geojson, open_store
from tests.test_dashboard import sample_doc, sample_features, xss_doc, xss_features

REPO = Path(__file__).resolve().parent.parent
SOLHAN = REPO / "tests" / "data" / "devset" / "en-wikipedia-solhan-and-tadaryat-massacres.txt"
VILLAGE = (13.3761, 0.4572)  # Solhan, Burkina Faso: Wikipédia (fr) 13° 22′ 34″ N, 0° 27′ 26″ E


@pytest.fixture
def filled(store):
    for doc, features in ((sample_doc(), sample_features), (xss_doc(), xss_features)):
        assert store.add(doc, features(doc))
    return store


def by_site(store, site: str) -> dict:
    return next(e for e in store.events() if e["properties"]["site"] == site)


def test_every_event_has_a_stable_key(filled):
    doc = sample_doc()
    omar = by_site(filled, "Al-Omar oil field")
    assert omar["properties"]["event_keys"] == [event_key(doc.content_hash, omar["properties"])]
    assert omar["properties"]["event_keys"][0].startswith(doc.content_hash[:16] + ":")


def test_a_place_and_a_date_corrected_then_undone(filled):
    omar = by_site(filled, "Al-Omar oil field")
    key = omar["properties"]["event_keys"][0]
    alternative = omar["properties"]["alternatives"][0]
    version = filled.version()
    move = filled.correct(key, "alternative", alternative | {"radius_km": 3}, "the town, not the field", "ana@example.org")
    assert filled.version() != version
    dates = filled.correct(key, "dates", {"date_start": "2023-10-28", "date_end": "2023-10-28"}, "", "ana@example.org")

    moved = by_site(filled, alternative["site"])
    p = moved["properties"]
    assert moved["geometry"] == {"type": "Point", "coordinates": [alternative["lon"], alternative["lat"]]}
    assert p["corrected"] is True and p["correction_ids"] == [move["id"], dates["id"]]
    assert (p["date_start"], p["date_end"], p["time_precision"]) == ("2023-10-28", "2023-10-28", 1)
    assert p["machine"]["site"] == "Al-Omar oil field" and p["machine"]["date_start"] == "2023-10-29"
    assert p["machine"]["geometry"] == omar["geometry"]
    assert move["who"] == "ana@example.org" and move["at"] and move["before"]["site"] == "Al-Omar oil field"
    # both files say so
    exported = next(f for f in json.loads(export_geojson(filled.events()))["features"]
                    if f["properties"]["site"] == alternative["site"])
    assert exported["properties"]["corrected"] is True and exported["properties"]["machine"]["site"] == "Al-Omar oil field"
    row = next(r for r in csv.DictReader(io.StringIO(export_csv(filled.events()))) if r["site"] == alternative["site"])
    assert float(row["latitude"]) == pytest.approx(alternative["lat"]) and row["date_start"] == "2023-10-28"
    assert row["corrected"] == "True"
    # the raw events are the machine's
    assert by_site_raw(filled, "Al-Omar oil field")["properties"].get("corrected") is None

    filled.undo(move["id"], "bob@example.org")
    filled.undo(dates["id"], "bob@example.org")
    back = by_site(filled, "Al-Omar oil field")
    assert back == omar
    history = filled.corrections()
    assert [c["undone"] for c in history] == [True, True] and history[0]["undone_by"] == "bob@example.org"
    with pytest.raises(UserError, match="no correction #"):
        filled.undo(move["id"], "bob@example.org")
    assert [c["action"] for c in filled.changes()] == ["correct", "correct", "undo", "undo"]


def by_site_raw(store, site: str) -> dict:
    return next(e for e in store.events(corrected=False) if e["properties"]["site"] == site)


@pytest.mark.parametrize(("kind", "after", "message"), [
    ("dates", {"date_start": "2023-10-29", "date_end": "2023-10-20"}, r"ends \(2023-10-20\) before it starts"),
    ("point", {"lat": 95, "lon": 40}, "outside the world"),
    ("point", {"lat": 35, "lon": -181}, "outside the world"),
    ("point", {"lat": "north", "lon": 40}, "not a number"),
    ("point", {"lat": 35, "lon": 40, "radius_km": 0}, "radius"),
    ("dates", {"date_start": "29/10/2023", "date_end": "2023-10-29"}, "not a date"),
    ("event_type", {"event_type": "Picnics", "sub_event_type": "Lunch"}, "not one of ACLED"),
    ("teleport", {}, "not a kind of correction"),
])
def test_bad_corrections_are_one_line_and_change_nothing(filled, kind, after, message):
    key = by_site(filled, "Al-Omar oil field")["properties"]["event_keys"][0]
    version, events = filled.version(), filled.events()
    with pytest.raises(UserError, match=message) as e:
        filled.correct(key, kind, after, "", "ana@example.org")
    assert "\n" not in str(e.value)
    assert filled.version() == version and filled.events() == events and filled.corrections() == []


def test_a_correction_to_a_deleted_event_is_refused(filled):
    key = by_site(filled, "Ain al-Asad airbase")["properties"]["event_keys"][0]
    assert filled.delete("javascript:alert(1)") == 1
    with pytest.raises(UserError, match="no longer in the store"):
        filled.correct(key, "not_event", {}, "", "ana@example.org")
    assert filled.corrections() == []


def test_a_correction_outlives_deleting_and_adding_the_article_again(filled):
    key = by_site(filled, "Ain al-Asad airbase")["properties"]["event_keys"][0]
    filled.correct(key, "dates", {"date_start": "2020-03-13", "date_end": "2020-03-14"}, "", "ana@example.org")
    filled.delete("javascript:alert(1)")
    doc = xss_doc()
    assert filled.add(doc, xss_features(doc))
    assert filled.add(doc, xss_features(doc)) is False  # the same article again: nothing new
    p = by_site(filled, "Ain al-Asad airbase")["properties"]
    assert (p["date_start"], p["date_end"], p["time_precision"], p["corrected"]) == ("2020-03-13", "2020-03-14", 2, True)


def test_not_an_event_and_merge_take_it_off_the_map(filled):
    events = filled.events()
    tanf = by_site(filled, "Al-Tanf garrison")["properties"]["event_keys"][0]
    omar = by_site(filled, "Al-Omar oil field")["properties"]["event_keys"][0]
    asad = by_site(filled, "Ain al-Asad airbase")["properties"]["event_keys"][0]
    filled.correct(tanf, "not_event", {}, "a garrison's description, not an attack", "ana@example.org")
    filled.correct(asad, "merge", {"into": omar}, "<b>same</b> strike", "ana@example.org")
    after = filled.events()
    assert len(after) == len(events) - 2
    merged = next(e for e in after if omar in e["properties"]["event_keys"])
    assert [s["source"] for s in merged["properties"]["sources"]] == [
        "https://example.org/perspectives-med-2023-11-01", "javascript:alert(1)"]
    assert filled.corrections()[1]["reason"] == "<b>same</b> strike"  # kept as the text it is
    with pytest.raises(UserError, match="merged with itself"):
        filled.correct(omar, "merge", {"into": omar}, "", "ana@example.org")


def test_the_pure_function_leaves_its_input_alone(filled):
    events = filled.events()
    key = events[0]["properties"]["event_keys"][0]
    snapshot = json.dumps(events)
    out = apply_corrections(events, [{"id": 1, "event_key": key, "kind": "event_type", "undone": False,
                                      "after": {"event_type": "Battles", "sub_event_type": "Armed clash"}}])
    assert json.dumps(events) == snapshot and out[0]["properties"]["event_type"] == "Battles"
    # a move and a merge change nested values (the geometry, the sources, `machine`): of copies, not the input's
    into = events[1]["properties"]["event_keys"][0]
    out = apply_corrections(events, [
        {"id": 2, "event_key": into, "kind": "point", "undone": False, "after": {"lat": 35.1, "lon": 40.5}},
        {"id": 3, "event_key": key, "kind": "merge", "undone": False, "after": {"into": into}}])
    assert json.dumps(events) == snapshot
    moved = next(e for e in out if into in e["properties"]["event_keys"])
    assert moved["geometry"]["coordinates"] == [40.5, 35.1] and key in moved["properties"]["event_keys"]
    assert len(out) == len(events) - 1 and moved["properties"]["correction_ids"] == [2, 3]


def test_the_command_line_lists_undoes_and_records_the_os_user(filled, store_url, capsys):
    url = store_url
    key = by_site(filled, "Al-Omar oil field")["properties"]["event_keys"][0]
    made = filled.correct(key, "point", {"lat": 35.1, "lon": 40.5, "radius_km": 2, "site": "Al-Omar <CP>"},
                          "", "ana@example.org")
    assert main(["list", "--format", "json", "--store", url]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [a["corrected"] for a in listed] == [1, 0]
    assert main(["corrections", "undo", str(made["id"]), "--store", url]) == 0
    assert main(["corrections", "undo", str(made["id"]), "--store", url]) == 2
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and "no correction #" in err
    with open_store(url) as s:
        assert s.corrections()[0]["undone_by"].endswith("(command line)")


def test_corrections_teach_the_gazetteer(tmp_path, capsys):
    """correct → `corrections export` → append to a copy of the gazetteer → the same article, extracted again,
    places the event where the analyst did, with no correction."""
    from geo.pipeline import extract
    from geo.reader import read_file

    doc = read_file(SOLHAN)
    features, _ = extract(doc)
    store_path = str(tmp_path / "store.db")
    with open_store(store_path) as store:
        assert store.add(doc, features)
        solna = [e for e in store.events() if e["properties"]["mention"] == "Solhan"]
        assert solna and {e["properties"]["site"] for e in solna} == {"Solna"}  # the machine's near spelling
        starts = {e["properties"]["mention_start"] for e in solna}
        for e in solna:
            store.correct(e["properties"]["event_keys"][0], "point",
                          {"lat": VILLAGE[0], "lon": VILLAGE[1], "radius_km": 2, "site": "Solhan", "site_kind": "town",
                           "country": "BF", "admin1": "Yagha"}, "Solhan's own point (Wikipédia fr)", "ana@example.org")
    assert main(["corrections", "export", "-o", str(tmp_path / "rows.csv"), "--store", store_path]) == 0
    rows = list(csv.DictReader((tmp_path / "rows.csv").open(encoding="utf-8")))
    assert len(rows) == 1, rows  # one place and spelling, however many events taught it
    assert (rows[0]["name"], rows[0]["kind"], rows[0]["country"], rows[0]["lat"], rows[0]["lon"]) == (
        "Solhan", "town", "BF", "13.3761", "0.4572")
    assert rows[0]["source1"].startswith("analyst correction #1 (ana@example.org) 13.3761,0.4572")

    copy = tmp_path / "checkout"
    shutil.copytree(REPO / "geo", copy / "geo", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "data", copy / "data", ignore=shutil.ignore_patterns(".cache", "*.db", "*.db-*"))
    sites = copy / "data" / "gazetteer" / "sites" / "bf.csv"  # no Burkinabe file yet: the rows start one
    assert not sites.exists()
    sites.write_text("# from python -m geo corrections export, reviewed\n"
                     + (tmp_path / "rows.csv").read_text(encoding="utf-8"), encoding="utf-8")
    env = {**os.environ, "PRESSMAP_CACHE": str(tmp_path / "cache"), "PYTHONPATH": str(copy)}
    done = subprocess.run([sys.executable, "-m", "geo", "extract", str(SOLHAN)], cwd=copy, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    again = [f for f in json.loads(done.stdout)["features"] if f["properties"]["mention_start"] in starts]
    assert len(again) == len(starts)
    for f in again:
        assert f["properties"]["site"] == "Solhan" and f["properties"]["gazetteer_id"].startswith("curated:")
        lon, lat = f["geometry"]["coordinates"]
        assert (round(lat, 4), round(lon, 4)) == VILLAGE


def test_a_move_to_a_gazetteer_place_found_by_name(filled):
    from dashboard.corrections_ui import place_candidates

    found = place_candidates("Deir ez-Zor")
    assert found and all(f["site"] and f["gazetteer_id"] for f in found)
    town = next(f for f in found if f["site_kind"] in ("town", "city") and f["country"] == "SY")
    key = by_site(filled, "Al-Omar oil field")["properties"]["event_keys"][0]
    made = filled.correct(key, "place", town, "the city, as the article's next sentence says", "ana@example.org")
    moved = by_site(filled, town["site"])
    assert moved["properties"]["gazetteer_id"] == town["gazetteer_id"]
    assert moved["properties"]["coordinate_sources"] == town["coordinate_sources"][:5]
    [row] = gazetteer_rows(filled.corrections())  # the spelling, as an alias of the place, with its own source
    assert town["coordinate_sources"] and row["source1"] == town["coordinate_sources"][0]
    assert row["aliases"] == "Al-Omar" and row["name"] == town["site"]
    assert made["before"]["mention"] == "Al-Omar"


def test_a_mention_that_grew_by_a_word_keeps_its_correction(filled):
    """A rebuilt gazetteer may read 'champ d'Al-Omar' where it read 'Al-Omar': the key's offsets then overlap."""
    events = filled.events()
    omar = next(e for e in events if e["properties"]["site"] == "Al-Omar oil field")
    digest, start, end = omar["properties"]["event_keys"][0].split(":")
    wider = f"{digest}:{int(start) - 9}:{end}"
    assert wider not in omar["properties"]["event_keys"]
    out = apply_corrections(events, [{"id": 1, "event_key": wider, "kind": "dates", "undone": False,
                                      "after": {"date_start": "2023-10-28", "date_end": "2023-10-28"}}])
    moved = next(e for e in out if e["properties"]["event_id"] == omar["properties"]["event_id"])
    assert moved["properties"]["date_start"] == "2023-10-28" and moved["properties"]["corrected"]
    elsewhere = f"{digest}:{int(end) + 500}:{int(end) + 510}"  # no event of the article there: nothing changes
    assert apply_corrections(events, [{"id": 2, "event_key": elsewhere, "kind": "not_event", "undone": False,
                                       "after": {}}]) == events


def test_commands_journal_the_os_user(tmp_path, capsys):
    from tests.test_dashboard import XSS_TEXT

    article = tmp_path / "markup.txt"
    article.write_text(XSS_TEXT, encoding="utf-8")
    url = str(tmp_path / "store.db")
    assert main(["ingest", str(article), "--store", url]) == 0
    assert main(["delete", str(article), "--store", url]) == 0
    capsys.readouterr()
    with open_store(url) as s:
        journal = s.changes()
    assert [c["action"] for c in journal] == ["add", "delete"]
    assert all(c["who"].endswith("(command line)") and c["at"] for c in journal)
    assert journal[1]["subject"] == str(article)
    assert main(["journal", "--store", url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and "(command line)  delete  " in lines[1]
