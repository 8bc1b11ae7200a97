"""The store on both backends (SQLite, PostGIS), and the merging of one event reported by several articles."""

from __future__ import annotations

import json
import sqlite3

import pytest

from geo.corrections import event_key
from geo.errors import UserError
from geo.merge import merge_events
from geo.pipeline import extract
from geo.reader import read_file, read_text
from geo.store import events_frame, export_csv, export_geojson, open_store, store_url
from tests.conftest import sample_article

STRIKE = ("Explosions/Remote violence", "Air/drone strike")


def article(text: str, source: str, published: str = "2023-11-01", lang: str = "fr"):
    return read_text(text, source, published=published, lang=lang)


def event(event_id: str, gazetteer_id: str = "curated:sy-al-omar-oil-field", lon: float = 40.3937,
          lat: float = 35.0497, start: str = "2023-10-29", end: str = "2023-10-29", precision: int = 1,
          kind: tuple[str, str] = STRIKE, **extra) -> dict:
    """A feature as extract writes it (the article fields are the store's to fill)."""
    props = {"event_id": event_id, "site": "Al-Omar oil field", "site_kind": "oil_field", "country": "SY",
             "admin1": "Deir ez-Zor", "geo_precision": 1, "radius_km": 3.0, "gazetteer_id": gazetteer_id,
             "gazetteer_source": "curated", "mention": "champ d'Al-Omar", "mention_start": 10, "mention_end": 25,
             "excerpt": "la base américaine du champ d'Al-Omar", "excerpt_start": 0, "confidence": 0.9,
             "alternatives": [{"site": "Al-Omar", "site_kind": "town", "country": "SY", "lat": 35.0,
                               "lon": 40.4, "gazetteer_id": "geonames:1"}],
             "date_start": start, "date_end": end, "time_precision": precision, "date_text": "le 29 octobre",
             "event_type": kind[0], "sub_event_type": kind[1], "actors": ["la résistance irakienne"],
             "quantities": ["15 missiles"], **extra}
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}


A = ("Le 29 octobre, la base américaine du champ d'Al-Omar a été visée par des drones.", "a.txt")
B = ("La base du champ pétrolier d'Al-Omar a été frappée en fin de semaine dernière.", "b.txt")


def test_add_list_events_delete(store):
    doc = article(*A)
    first = store.version()
    assert store.add(doc, [event("e1"), event("e2", gazetteer_id="curated:other", lon=41.0, lat=34.4)])
    assert store.version() != first
    assert store.has(doc.content_hash)
    assert store.articles() == [{"id": store.articles()[0]["id"], "title": doc.title, "source": "a.txt",
                                 "published": "2023-11-01", "language": "fr", "events": 2}]
    events = store.events()
    assert [e["properties"]["event_id"] for e in events] == ["e1", "e2"]
    stored = events[0]
    assert stored["geometry"] == {"type": "Point", "coordinates": [40.3937, 35.0497]}
    want = event("e1")["properties"] | {"source": "a.txt", "title": doc.title, "published": "2023-11-01",
                                        "language": "fr",
                                        "sources": [{"source": "a.txt", "title": doc.title, "published": "2023-11-01"}]}
    assert stored["properties"].pop("event_keys") == [event_key(doc.content_hash, want)]  # what corrections name
    assert stored["properties"] == want
    before = store.version()
    assert store.delete("a.txt") == 1
    assert store.version() != before
    assert store.articles() == [] and store.events() == []
    assert not store.has(doc.content_hash)


def test_adding_an_article_twice_changes_nothing(store):
    doc = article(*A)
    assert store.add(doc, [event("e1")])
    version, articles, events = store.version(), store.articles(), store.events()
    again = read_text(doc.text, "copy-of-a.txt", published="2023-11-02")  # same text, another name
    assert not store.add(again, [event("e1"), event("e9")])
    assert (store.version(), store.articles(), store.events()) == (version, articles, events)


def test_an_article_is_stored_whole_or_not_at_all(store):
    store.add(article(*B), [event("b1")])
    version, articles = store.version(), store.articles()
    broken = event("a2")
    broken["geometry"] = {"type": "Point", "coordinates": []}
    with pytest.raises(ValueError):
        store.add(article(*A), [event("a1"), broken])
    assert store.version() == version and store.articles() == articles
    assert [e["properties"]["event_id"] for e in store.events()] == ["b1"]


def test_one_event_from_two_articles_has_both_sources(store):
    a, b = article(*A), article(*B, published="2023-11-02")
    store.add(a, [event("a1")])  # 29 October, a known day
    store.add(b, [event("b1", start="2023-10-23", end="2023-10-29", precision=2)])  # last week
    [merged] = store.events()
    props = merged["properties"]
    assert props["event_id"] == "a1"  # the most precise report speaks for the event
    assert (props["date_start"], props["date_end"], props["time_precision"]) == ("2023-10-29", "2023-10-29", 1)
    assert props["sources"] == [{"source": "a.txt", "title": a.title, "published": "2023-11-01"},
                                {"source": "b.txt", "title": b.title, "published": "2023-11-02"}]
    assert [x["events"] for x in store.articles()] == [1, 1]

    assert store.delete("a.txt") == 1  # the event stays, reported by b alone, with b's own dates
    [left] = store.events()
    assert left["properties"]["event_id"] == "b1"
    assert left["properties"]["sources"] == [{"source": "b.txt", "title": b.title, "published": "2023-11-02"}]
    assert (left["properties"]["date_start"], left["properties"]["date_end"]) == ("2023-10-23", "2023-10-29")
    assert store.delete("b.txt") == 1
    assert store.events() == []


def test_a_read_leaves_the_garbage_collector_as_it_found_it_and_shares_nothing_with_the_next(store):
    """events() pauses the cyclic collector while it builds (geo.store.paused_gc): on again after, off if
    the caller had it off, and nothing frozen (only the dashboard, which keeps the events, freezes them);
    and what a reader changes in its events is not in the next read."""
    import gc

    store.add(article(*A), [event("a1")])
    store.add(article(*B), [event("b1")])
    frozen = gc.get_freeze_count()
    [first] = store.events()
    assert gc.isenabled() and gc.get_freeze_count() == frozen
    first["properties"]["sources"].append({"source": "forged.txt"})
    first["properties"]["actors"].append("nobody")
    first["geometry"]["coordinates"][0] = 0.0
    gc.disable()
    try:
        [second] = store.events()
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert [s["source"] for s in second["properties"]["sources"]] == ["a.txt", "b.txt"]
    assert "nobody" not in second["properties"]["actors"] and second["geometry"]["coordinates"][0] == 40.3937


def test_events_of_another_type_or_time_stay_apart(store):
    store.add(article(*A), [event("a1")])
    store.add(article(*B), [event("b1", kind=("Battles", "Armed clash")),
                            event("b2", start="2023-09-01", end="2023-09-30", precision=3)])
    assert sorted(e["properties"]["event_id"] for e in store.events()) == ["a1", "b1", "b2"]


def test_delete_an_unknown_source_changes_nothing(store):
    store.add(article(*A), [event("a1")])
    version = store.version()
    assert store.delete("nowhere.txt") == 0
    assert store.version() == version and len(store.articles()) == 1


def test_a_line_keeps_its_geometry_and_gets_a_point_on_it(store):
    line = event("p1", gazetteer_id="curated:kirkuk-ceyhan-pipeline")
    line["geometry"] = {"type": "LineString", "coordinates": [[44.39, 35.47], [35.89, 36.88]]}
    store.add(article(*A), [line])
    [stored] = store.events()
    assert stored["geometry"] == line["geometry"]
    [row] = export_csv_rows([stored])
    assert row["wkt"].startswith("LINESTRING")


def test_the_store_outlives_its_connection(store_url):
    with open_store(store_url) as s:
        s.add(article(*A), [event("a1")])
        version, events = s.version(), s.events()
    with open_store(store_url, create=False) as s:
        assert (s.version(), s.events()) == (version, events)


def test_real_article_events_are_stored_as_extract_gives_them(store):
    doc = read_file(sample_article(), published="2023-11-01")
    features, _ = extract(doc)
    assert store.add(doc, features)
    assert store.articles()[0]["events"] == len(features)
    stored = store.events()
    assert len(stored) == len(merge_events([dict(f, properties=dict(f["properties"], sources=[
        {"source": doc.source, "title": doc.title, "published": "2023-11-01"}])) for f in features]))
    assert all(e["properties"]["sources"][0]["source"] == doc.source for e in stored)


def test_version_differs_between_stores(tmp_path):
    with open_store(str(tmp_path / "one.db")) as one, open_store(f"sqlite:///{tmp_path / 'two.db'}") as two:
        assert one.version() != two.version()
        assert (tmp_path / "two.db").exists()


def test_the_sqlite_file_reads_with_plain_sqlite(tmp_path):
    path = tmp_path / "pressmap.db"
    with open_store(str(path)) as s:
        s.add(article(*A), [event("a1")])
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT a.source, e.site, e.latitude, e.longitude, e.geometry, e.properties "
                           "FROM events e JOIN articles a ON a.id = e.article_id").fetchone()
    assert row[:4] == ("a.txt", "Al-Omar oil field", 35.0497, 40.3937)
    assert json.loads(row[4])["type"] == "Point" and json.loads(row[5])["event_id"] == "a1"


def test_store_url_prefers_the_option_then_the_environment(monkeypatch):
    monkeypatch.setenv("PRESSMAP_STORE", "/tmp/env.db")
    assert store_url("/tmp/option.db") == "/tmp/option.db"
    assert store_url() == "/tmp/env.db"
    monkeypatch.delenv("PRESSMAP_STORE")
    assert store_url().endswith("data/pressmap.db")


def test_stores_that_cannot_be_opened_say_why(tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        open_store(str(tmp_path / "missing" / "pressmap.db"))
    with pytest.raises(UserError, match="is a directory"):
        open_store(str(tmp_path))
    (tmp_path / "notes.db").write_text("not a database, just notes\n" * 100)
    with pytest.raises(UserError, match="notes.db"):
        open_store(str(tmp_path / "notes.db"))
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE birds (name TEXT)")
    with pytest.raises(UserError, match="not a Pressmap store"):
        open_store(str(other))
    with pytest.raises(UserError, match="no store there yet"):
        open_store(str(tmp_path / "new.db"), create=False)
    assert not (tmp_path / "new.db").exists()


def test_an_unreachable_postgres_is_one_line_without_the_password():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(UserError, match="cannot connect to PostgreSQL") as caught:
        open_store(f"postgresql://pressmap:hunter2@127.0.0.1:{port}/pressmap")
    assert "hunter2" not in str(caught.value) and "\n" not in str(caught.value)


# -- the frame and the files ---------------------------------------------------------------------

def test_events_frame_has_a_row_per_event_and_a_column_per_property():
    features = [event("a1"), event("a2", lon=41.0)]
    frame = events_frame(features)
    assert frame.crs.to_epsg() == 4326
    assert len(frame) == 2 and list(frame["event_id"]) == ["a1", "a2"]
    assert set(features[0]["properties"]) <= set(frame.columns)
    assert frame.geometry.x.tolist() == [40.3937, 41.0]
    empty = events_frame([])
    assert len(empty) == 0 and "event_id" in empty.columns and empty.crs.to_epsg() == 4326


def export_csv_rows(features: list[dict]) -> list[dict]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO(export_csv(features))))


def test_csv_has_coordinates_and_every_property_with_lists_as_json():
    [row] = export_csv_rows([event("a1")])
    assert (float(row["latitude"]), float(row["longitude"])) == (35.0497, 40.3937)
    assert json.loads(row["actors"]) == ["la résistance irakienne"]
    assert json.loads(row["alternatives"])[0]["gazetteer_id"] == "geonames:1"
    assert row["date_start"] == "2023-10-29" and row["event_type"] == STRIKE[0]


def test_geojson_keeps_lists_as_lists():
    collection = json.loads(export_geojson([event("a1")]))
    [f] = collection["features"]
    assert f["geometry"] == {"type": "Point", "coordinates": [40.3937, 35.0497]}
    assert f["properties"]["actors"] == ["la résistance irakienne"]
    assert json.loads(export_geojson([]))["features"] == []


# -- merging, the pure function ------------------------------------------------------------------

def reported(event_id: str, source: str, **kw) -> dict:
    f = event(event_id, **kw)
    f["properties"]["sources"] = [{"source": source, "title": source, "published": "2023-11-01"}]
    return f


def test_overlap_chains_are_one_event():
    merged = merge_events([
        reported("x", "1.txt", start="2023-10-20", end="2023-10-25", precision=2),
        reported("y", "2.txt", start="2023-10-25", end="2023-10-31", precision=2),
        reported("z", "3.txt", start="2023-10-30", end="2023-10-30"),
    ])
    assert len(merged) == 1
    props = merged[0]["properties"]
    assert props["event_id"] == "z"
    assert [s["source"] for s in props["sources"]] == ["1.txt", "2.txt", "3.txt"]
    # no day lies in all three ranges: the event keeps its most precise report's dates
    assert (props["date_start"], props["date_end"]) == ("2023-10-30", "2023-10-30")


def test_one_article_reporting_an_event_twice_is_one_source():
    merged = merge_events([reported("x", "1.txt"), reported("y", "1.txt")])
    assert len(merged) == 1 and len(merged[0]["properties"]["sources"]) == 1


def test_reports_without_a_gazetteer_place_are_never_merged():
    merged = merge_events([reported("x", "1.txt", gazetteer_id=None), reported("y", "2.txt", gazetteer_id=None)])
    assert [m["properties"]["event_id"] for m in merged] == ["x", "y"]


def test_merging_leaves_its_input_alone():
    reports = [reported("x", "1.txt"), reported("y", "2.txt", start="2023-10-28", end="2023-10-30", precision=2)]
    before = json.dumps(reports)
    merge_events(reports)
    assert json.dumps(reports) == before


def test_a_batch_stores_each_article_whole_once_and_keeps_out_only_the_bad_one(store):
    """add_many, what ingest writes with: one article already stored, one with an event that has no place,
    one whose text PostgreSQL refuses (a NUL, handed over without the reader) — each keeps only itself out."""
    from dataclasses import replace

    a, b = article(*A), article(*B)
    assert store.add(a, [event("e1")])
    nul = replace(b, text=b.text + "\x00", content_hash="nul" + b.content_hash[3:], source="nul.txt")
    placeless = event("e3")
    placeless["geometry"] = None
    c = article("Le 30 octobre, la base d'Al-Omar a encore été visée.", "c.txt")
    before = store.version()
    outcomes = store.add_many([(a, [event("e1")]), (b, [event("e2")]), (c, [placeless]), (nul, [event("e4")])])
    assert outcomes[:2] == [False, True]
    assert isinstance(outcomes[2], ValueError) and "geometry" in str(outcomes[2])
    refused = isinstance(outcomes[3], ValueError)
    assert refused == store.url.startswith("postgresql://")  # SQLite keeps a NUL, PostgreSQL refuses it
    sources = [x["source"] for x in store.articles()]
    assert sources == ["a.txt", "b.txt"] + ([] if refused else ["nul.txt"])
    assert [x["events"] for x in store.articles()] == [1, 1] + ([] if refused else [1])
    assert store.version() != before
    again = store.version()
    assert store.add_many([(a, [event("e1")]), (b, [event("e2")])]) == [False, False]
    assert store.version() == again


def test_when_each_article_was_added_and_which_sources_are_stored(store):
    from datetime import UTC, datetime, timedelta

    store.add(article(*A), [event("e1")])
    (article_id, added), = store.added().items()
    assert article_id == store.articles()[0]["id"]
    assert abs(datetime.fromisoformat(added) - datetime.now(UTC)) < timedelta(minutes=1)
    assert store.known_sources(["a.txt", "b.txt"]) == {"a.txt"} and store.known_sources([]) == set()
