"""The optional online geocoder, against a Nominatim stand-in on 127.0.0.1: no test reaches further.

The stand-in answers /search as Nominatim does (format=json, addressdetails: lat, lon, display_name,
boundingbox, osm_type, osm_id, class, type, address.country_code), honouring `countrycodes`, from a small
table of real places at their true coordinates (Wikipedia's; the OSM ids are illustrative):
Dahieh, Beirut's southern suburbs (33.85, 35.51), which the VOA sample calls "Dahyeh"; the Barakh resort
near Zakho in Iraqi Kurdistan (37.2778, 42.7831, the development set's key), shelled in July 2022; Abu
Khashab in Deir ez-Zor (35.93583, 40.03667); and Norway (Nominatim's point for it).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from geo.cli import main
from geo.geocoder import Geocoder, file_cache, geocoder_from
from geo.pipeline import extract
from geo.reader import read_file
from tests.support import free_port

ROOT = Path(__file__).resolve().parent.parent
VOA = ROOT / "data" / "samples" / "voa-2019-08-25-israeli-drone-crashes-hezbollah-media-center.txt"
ZAKHO = ROOT / "tests" / "data" / "devset" / "fr-wikipedia-attaque-station-balneaire-zakho.txt"
UNKNOWN_COMPANY = ROOT / "tests" / "data" / "devset" / "fr-diplomatie-2020-11-23-installation-petroliere-djeddah.txt"

CANNED = {
    "dahyeh": [{
        "place_id": 1001, "lat": "33.85", "lon": "35.51", "osm_type": "relation", "osm_id": 9_000_001,
        "class": "place", "type": "suburb", "display_name": "Dahieh, Baabda District, Mount Lebanon Governorate, Lebanon",
        "boundingbox": ["33.83", "33.87", "35.49", "35.53"], "importance": 0.45,
        "address": {"suburb": "Dahieh", "state": "Mount Lebanon Governorate", "country": "Lebanon",
                    "country_code": "lb"}}],
    "abou khashab": [{
        "place_id": 1002, "lat": "35.93583", "lon": "40.03667", "osm_type": "node", "osm_id": 9_000_002,
        "class": "place", "type": "village", "display_name": "Abu Khashab, Deir ez-Zor District, Deir ez-Zor Governorate, Syria",
        "boundingbox": ["35.91583", "35.95583", "40.01667", "40.05667"], "importance": 0.3,
        "address": {"village": "Abu Khashab", "state": "Deir ez-Zor Governorate", "country": "Syria",
                    "country_code": "sy"}}],
    "barakh": [{
        "place_id": 1004, "lat": "37.2778", "lon": "42.7831", "osm_type": "node", "osm_id": 9_000_004,
        "class": "place", "type": "village", "display_name": "Barakh, Zakho District, Duhok Governorate, Iraq",
        "boundingbox": ["37.2578", "37.2978", "42.7631", "42.8031"], "importance": 0.2,
        "address": {"village": "Barakh", "state": "Duhok Governorate", "country": "Iraq", "country_code": "iq"}}],
    "norvège": [{
        "place_id": 1003, "lat": "64.5731537", "lon": "11.52803643954819", "osm_type": "relation", "osm_id": 9_000_003,
        "class": "boundary", "type": "administrative", "display_name": "Norway",
        "boundingbox": ["57.5", "71.5", "4.0", "31.5"], "importance": 0.9,
        "address": {"country": "Norway", "country_code": "no"}}],
}


class NominatimStandIn:
    """What the server was asked, and how it is to answer: "ok", "error" (HTTP 500), "hang", "garbage"."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.mode = "ok"
        self.ignore_countries = False  # answer as if `countrycodes` had not been sent
        self.release = threading.Event()  # ends a hanging answer at teardown

    def answer(self, query: dict) -> list[dict]:
        found = CANNED.get(query.get("q", [""])[0].casefold(), [])
        codes = query.get("countrycodes", [""])[0].split(",")
        if self.ignore_countries or codes == [""]:
            return found
        return [r for r in found if r["address"]["country_code"] in codes]


@pytest.fixture
def nominatim():
    state = NominatimStandIn()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 — http.server's name
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            state.requests.append({"path": parts.path, "query": query, "at": time.monotonic(),
                                   "agent": self.headers.get("User-Agent", "")})
            if parts.path != "/search":
                return self._send(404, b"[]")
            if state.mode == "error":
                return self._send(500, b"<html>Internal Server Error</html>")
            if state.mode == "hang":
                state.release.wait(10)
                return self._send(200, b"[]")
            if state.mode == "garbage":
                return self._send(200, b"<html>not json")
            return self._send(200, json.dumps(state.answer(query)).encode())

        def _send(self, status: int, body: bytes) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:  # the client gave up (timeout)
                pass

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    state.release.set()
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def only_loopback(monkeypatch, tmp_path):
    """No setting from the machine leaks in, and no connection may leave 127.0.0.1."""
    for name in ("PRESSMAP_GEOCODER", "PRESSMAP_GEOCODER_CACHE", "PRESSMAP_GEOCODER_AGENT", "HTTP_PROXY",
                 "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    real_connect = socket.socket.connect

    def connect(self, address):
        host = address[0] if isinstance(address, tuple) else address
        assert host in ("127.0.0.1", "localhost") or isinstance(host, str) and host.startswith("/"), \
            f"a test tried to reach {address}"
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)


def geocoder(nominatim, tmp_path, **options) -> Geocoder:
    return Geocoder(nominatim.url, file_cache(tmp_path / "geocoder.sqlite"), **options)


def features_at(features, mention: str) -> list[dict]:
    return [f for f in features if f["properties"]["mention"] == mention]


# -- off by default ------------------------------------------------------------------------------

def test_off_by_default_nothing_is_asked(nominatim, monkeypatch, tmp_path, capsys):
    attempts = []

    def no_network(self, address):
        attempts.append(address)
        raise AssertionError(f"network use with the geocoder off: {address}")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket.socket, "connect_ex", no_network)
    assert geocoder_from() is None and geocoder_from(None, store=object()) is None

    features, unresolved = extract(read_file(VOA))
    assert [u["mention"] for u in unresolved] == ["Dahyeh"]
    assert not any(f["properties"]["gazetteer_source"] == "nominatim" for f in features)

    out = tmp_path / "out.geojson"
    assert main(["extract", str(VOA), "-o", str(out)]) == 0
    assert "unresolved: 'Dahyeh'" in capsys.readouterr().err
    assert json.loads(out.read_text())["unresolved"][0]["mention"] == "Dahyeh"
    assert attempts == [] and nominatim.requests == []


# -- on: a name the gazetteer lacks gets a nominatim feature ---------------------------------------

def test_an_unresolved_name_is_placed_near_with_its_source(nominatim, tmp_path):
    features, unresolved = extract(read_file(VOA), geocoder=geocoder(nominatim, tmp_path))
    assert unresolved == []
    [dahieh] = features_at(features, "Dahyeh")
    p = dahieh["properties"]
    assert p["gazetteer_source"] == "nominatim" and p["gazetteer_id"] == "nominatim:relation/9000001"
    assert p["geo_precision"] == 2 and p["radius_km"] >= 5 and p["confidence"] <= 0.5
    assert p["site"] == "Dahieh" and p["country"] == "LB"
    assert dahieh["geometry"]["coordinates"] == [35.51, 33.85]
    assert p["excerpt"].startswith("The second drone fell") and p["mention_start"] >= p["excerpt_start"]
    # The other places of the article are the gazetteer's, as before.
    assert any(f["properties"]["gazetteer_source"] != "nominatim" for f in features)
    [asked] = nominatim.requests
    assert asked["query"]["q"] == ["Dahyeh"]
    assert asked["query"]["countrycodes"] == ["lb"]  # the sentence names Lebanon
    assert "Pressmap" in asked["agent"]


def test_a_village_is_asked_within_the_country_the_sentence_names(nominatim, tmp_path):
    features, unresolved = extract(read_file(ZAKHO, published="2022-07-25"), geocoder=geocoder(nominatim, tmp_path))
    assert "Barakh" not in [u["mention"] for u in unresolved]
    village = features_at(features, "Barakh")[0]
    p = village["properties"]
    assert (p["gazetteer_source"], p["geo_precision"], p["country"]) == ("nominatim", 2, "IQ")
    assert p["radius_km"] == 5
    assert village["geometry"]["coordinates"] == [42.7831, 37.2778]
    asked = {c for r in nominatim.requests if r["query"]["q"] == ["Barakh"]
             for c in r["query"]["countrycodes"][0].split(",")}
    assert "iq" in asked and len(asked) <= 2  # the sentence's countries: "district de Zakho … Kurdistan irakien"


# -- cached: asked once ---------------------------------------------------------------------------

def test_the_second_run_asks_nothing(nominatim, tmp_path):
    first, _ = extract(read_file(VOA), geocoder=geocoder(nominatim, tmp_path))
    assert len(nominatim.requests) == 1
    second, unresolved = extract(read_file(VOA), geocoder=geocoder(nominatim, tmp_path))  # a new process, same cache
    assert len(nominatim.requests) == 1 and unresolved == []
    assert features_at(second, "Dahyeh") == features_at(first, "Dahyeh")


def test_misses_are_cached_too(nominatim, tmp_path):
    extract(read_file(UNKNOWN_COMPANY), geocoder=geocoder(nominatim, tmp_path))
    asked = len(nominatim.requests)
    assert asked >= 1  # "Aramco": Nominatim knows no such place
    extract(read_file(UNKNOWN_COMPANY), geocoder=geocoder(nominatim, tmp_path))
    assert len(nominatim.requests) == asked


def test_one_request_a_second_at_most(nominatim, tmp_path):
    asker = geocoder(nominatim, tmp_path)
    extract(read_file(VOA), geocoder=asker)  # "Dahyeh"
    extract(read_file(UNKNOWN_COMPANY), geocoder=asker)  # "Aramco", right after
    times = [r["at"] for r in nominatim.requests]
    assert len(times) >= 2
    assert all(b - a >= 0.95 for a, b in zip(times, times[1:], strict=False))


def test_cache_file_from_the_environment_and_the_cli_option(nominatim, monkeypatch, tmp_path, capsys):
    cache = tmp_path / "elsewhere" / "answers.sqlite"
    monkeypatch.setenv("PRESSMAP_GEOCODER_CACHE", str(cache))
    out = tmp_path / "out.geojson"
    assert main(["extract", str(VOA), "--geocoder", nominatim.url, "-o", str(out)]) == 0
    assert "Dahyeh" not in capsys.readouterr().err
    collection = json.loads(out.read_text())
    assert collection.get("unresolved", []) == []
    assert [f["properties"]["gazetteer_source"] for f in features_at(collection["features"], "Dahyeh")] == ["nominatim"]
    assert cache.exists()
    # The environment variable turns it on as well; the answer now comes from the cache.
    monkeypatch.setenv("PRESSMAP_GEOCODER", nominatim.url)
    assert main(["extract", str(VOA), "-o", str(out)]) == 0
    assert len(nominatim.requests) == 1 and json.loads(out.read_text()).get("unresolved", []) == []


def test_a_bad_geocoder_url_is_one_line_and_status_2(capsys):
    assert main(["extract", str(VOA), "--geocoder", "nominatim.example"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "--geocoder" not in err and "http(s)" in err


# -- failures leave the name unresolved, with one line ------------------------------------------------

@pytest.mark.parametrize("mode, said", [
    ("error", "answered with an error"),
    ("hang", "did not answer within 1 s"),
    ("garbage", "not Nominatim's JSON"),
])
def test_a_failing_server_leaves_the_name_unresolved(nominatim, tmp_path, capsys, mode, said):
    nominatim.mode = mode
    started = time.monotonic()
    features, unresolved = extract(read_file(VOA), geocoder=geocoder(nominatim, tmp_path, timeout=1))
    assert time.monotonic() - started < 8
    assert [u["mention"] for u in unresolved] == ["Dahyeh"] and not features_at(features, "Dahyeh")
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("geocoder: 'Dahyeh' left unresolved") and said in lines[0]
    assert "Traceback" not in err
    # A failure is not an answer: the next run asks again, and places the name once the server is well.
    nominatim.mode = "ok"
    features, unresolved = extract(read_file(VOA), geocoder=geocoder(nominatim, tmp_path, timeout=1))
    assert unresolved == [] and features_at(features, "Dahyeh")


def test_a_server_that_cannot_be_reached(tmp_path, capsys):
    nowhere = Geocoder(f"http://127.0.0.1:{free_port()}", file_cache(tmp_path / "c.sqlite"), timeout=1)
    features, unresolved = extract(read_file(VOA), geocoder=nowhere)
    assert [u["mention"] for u in unresolved] == ["Dahyeh"]
    err = capsys.readouterr().err
    assert "cannot be reached" in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_the_cli_survives_a_failing_server(nominatim, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("PRESSMAP_GEOCODER_CACHE", str(tmp_path / "c.sqlite"))
    nominatim.mode = "error"
    assert main(["extract", str(VOA), "--geocoder", nominatim.url, "-o", str(tmp_path / "o.geojson")]) == 0
    err = capsys.readouterr().err
    assert "geocoder: 'Dahyeh' left unresolved" in err and "unresolved: 'Dahyeh'" in err and "Traceback" not in err


# -- outside the article's countries: not placed ---------------------------------------------------------

@pytest.mark.parametrize("ignore_countries", [False, True])
def test_a_name_in_a_country_the_article_is_not_about_is_not_placed(nominatim, tmp_path, ignore_countries, tmp_path_factory):
    nominatim.ignore_countries = ignore_countries  # even a server that answers from anywhere
    article = tmp_path_factory.mktemp("art") / "mossoul.txt"
    article.write_text("Des combats ont éclaté lundi dans le village de Barakh, près de Gao, au Mali.\n",
                       encoding="utf-8")
    features, unresolved = extract(read_file(article, published="2021-08-25"), geocoder=geocoder(nominatim, tmp_path))
    assert "Barakh" in [u["mention"] for u in unresolved]  # Iraq's is not the one near Gao
    assert not any(f["properties"]["gazetteer_source"] == "nominatim" for f in features)
    assert nominatim.requests[0]["query"]["countrycodes"] == ["ml"]


# -- the store keeps the cache, when one is in use --------------------------------------------------------

def test_the_cache_is_a_table_in_the_store(nominatim, store, tmp_path):
    from geo.ingest import ingest_document

    geo = geocoder_from(nominatim.url, store=store)
    assert "geocoder_cache" in geo.cache.where
    result = ingest_document(store, read_file(VOA), geocoder=geo)
    assert result["added"] and result["unresolved"] == []
    stored = [f for f in store.events() if f["properties"]["gazetteer_source"] == "nominatim"]
    assert [f["properties"]["gazetteer_id"] for f in stored] == ["nominatim:relation/9000001"]
    again = geocoder_from(nominatim.url, store=store)
    assert again.lookup("Dahyeh", frozenset({"LB"})) and len(nominatim.requests) == 1


def test_ingest_takes_the_option(nominatim, tmp_path, capsys):
    db = tmp_path / "pressmap.db"
    assert main(["ingest", str(VOA), "--store", str(db), "--geocoder", nominatim.url]) == 0
    out = capsys.readouterr().out
    assert "1 article added" in out and "not placed" not in out
    assert main(["export", "--store", str(db)]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert [f["properties"]["site"] for f in exported["features"]
            if f["properties"]["gazetteer_source"] == "nominatim"] == ["Dahieh"]
    import sqlite3

    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM geocoder_cache").fetchone()[0] == 1


def test_a_down_server_is_rested_after_three_failures(nominatim, tmp_path, capsys):
    nominatim.mode = "error"
    geo = geocoder(nominatim, tmp_path, min_delay=0)
    for name in ("Dahyeh", "Barakh", "Norvège", "Dahieh", "Baghuz"):
        assert geo.lookup(name, frozenset({"SY", "LB"})) is None
    assert len(nominatim.requests) == 3
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 4 and "3 failures in a row" in lines[-1] and "5 minutes" in lines[-1]


# -- the dashboard passes its secret (or the environment) in -------------------------------------------

def test_the_dashboard_reads_the_setting(nominatim, monkeypatch, tmp_path):
    from dashboard.data import geocoder_url, get_geocoder

    assert geocoder_url() is None and get_geocoder(None, str(tmp_path / "s.db")) is None
    monkeypatch.setenv("PRESSMAP_GEOCODER", nominatim.url)
    assert geocoder_url() == nominatim.url
    geo = get_geocoder(nominatim.url, str(tmp_path / "s.db"))
    assert geo.url == nominatim.url and "geocoder_cache" in geo.cache.where
