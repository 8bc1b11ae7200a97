"""A team's map in a real browser: a hosted-style app (secrets with a store and an editor passphrase), on
SQLite and on PostGIS, driven in Debian's headless Chromium through playwright.

A visitor sees no write control and a write forged over Streamlit's websocket changes nothing; an editor
signs in with the passphrase, corrects a place and a date, and the map, the card and both downloads show
it; the visitor's session sees it after a rerun; undo brings the machine's event back.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from geo.store import open_store
from tests.support import free_port, streamlit_app
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, SHOTS, _needs_browser, map_frame
from tests.test_dashboard import sample_doc, sample_features, xss_doc, xss_features

REPO = Path(__file__).resolve().parent.parent
PASSPHRASE = "a long shared passphrase"
SITE = "Al-Omar oil field"


def serve(store_url: str, folder: Path, secrets_text: str | None = None, port: int | None = None):
    """`streamlit run` with a secrets file naming the store and the passphrase (or `secrets_text`), as on
    Community Cloud."""
    secrets = folder / "secrets.toml"
    secrets.write_text(f"PRESSMAP_STORE = {json.dumps(store_url)}\n" + (
        secrets_text if secrets_text is not None else f"PRESSMAP_EDITOR_PASSPHRASE = {json.dumps(PASSPHRASE)}\n"),
        encoding="utf-8")
    port = port or free_port()
    env = {k: v for k, v in os.environ.items() if k != "PRESSMAP_STORE"}  # the secrets alone say where
    env["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # the OIDC stand-in speaks plain http on 127.0.0.1
    yield from streamlit_app(env, folder / "streamlit.log", port, ("--secrets.files", str(secrets)))


@pytest.fixture(params=["sqlite", "postgis"])
def hosted(request, tmp_path):
    """(the app's URL, the store's URL) for a store holding the sample article and the markup article."""
    _needs_browser()
    if request.param == "sqlite":
        url = str(tmp_path / "team.db")
    else:
        from tests.conftest import _new_postgis_database

        url = _new_postgis_database(request.getfixturevalue("postgis_server"))
    with open_store(url) as s:
        for doc, features in ((sample_doc(), sample_features), (xss_doc(), xss_features)):
            assert s.add(doc, features(doc))
    for app in serve(url, tmp_path):
        yield app, url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    _needs_browser()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def event_id(store_url: str, site: str) -> str:
    with open_store(store_url) as s:
        return next(e["properties"]["event_id"] for e in s.events() if e["properties"]["site"] == site)


def card(page) -> str:
    page.locator(".pm-card").first.wait_for(timeout=30000)
    return page.locator(".pm-card").first.inner_text()


def wait_for(page, predicate, what: str, tries: int = 60):
    last = None
    for _ in range(tries):
        try:
            last = predicate()
            if last:
                return last
        except Exception as e:  # noqa: BLE001 — the page is rerunning
            last = e
        page.wait_for_timeout(500)
    raise AssertionError(f"{what}: {last!r}")


def settled(page, timeout_ms: int = 60000) -> None:
    """Wait until the app's script is not running: a click while a rerun is on its way may be lost with it.
    (A moment first, for a rerun the last input asked for to show itself.)"""
    page.wait_for_timeout(500)
    page.wait_for_function("() => { const w = document.querySelector('[data-testid=\"stStatusWidget\"]');"
                           " return !w || !/Running|Stop/.test(w.innerText); }", timeout=timeout_ms)


def choose(page, label: str, option: str) -> None:
    """Pick an option of a Streamlit selectbox by its label."""
    box = page.get_by_label(label, exact=True).first
    whole = box.locator("xpath=ancestor::div[@data-testid='stSelectbox']")

    def chosen() -> bool:
        try:
            value = box.input_value()
        except Exception:  # noqa: BLE001 — not an input in this Streamlit: the text shows it
            value = ""
        return option == value or option in whole.inner_text()

    if chosen():
        return
    box.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option).first.wait_for(timeout=10000)
    page.keyboard.press("Enter")
    try:
        wait_for(page, chosen, f"{label} is {option}", tries=20)
    except AssertionError:
        page.screenshot(path=str(SHOTS / "team-choose-failed.png"), full_page=True)
        raise AssertionError(whole.inner_text()) from None


def widget_ids(frames: list) -> list[str]:
    """The widget ids in the messages a page received over Streamlit's websocket (ForwardMsg protobufs)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    ids = []
    for payload in frames:
        if not isinstance(payload, bytes):
            continue
        msg = ForwardMsg()
        try:
            msg.ParseFromString(payload)
        except Exception:  # noqa: BLE001 — not a ForwardMsg
            continue
        if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
            continue
        element = msg.delta.new_element
        kind = element.WhichOneof("type")
        widget_id = getattr(getattr(element, kind), "id", "") if kind else ""
        if isinstance(widget_id, str) and widget_id:
            ids.append(widget_id)
    return ids


def forge(app: str, query: str, states: list) -> int:
    """A client that is no browser: a fresh (visitor's) session over the websocket, one ordinary run, then a run
    that claims the given widget states (an editor's buttons pressed). How many script runs finished."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    finished = 0
    with connect(app.replace("http://", "ws://") + "_stcore/stream", subprotocols=["streamlit"],
                 open_timeout=10, max_size=None) as ws:
        for widgets in ([], states):
            msg = BackMsg()
            msg.rerun_script.query_string = query
            msg.rerun_script.widget_states.widgets.extend(widgets)
            ws.send(msg.SerializeToString())
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                reply = ForwardMsg()
                reply.ParseFromString(ws.recv(timeout=60))
                if reply.WhichOneof("type") == "script_finished":
                    finished += 1
                    break
    return finished


def open_editor(page) -> None:
    """Open the card's "Correct this event" (a rerun may have left it open)."""
    save = page.get_by_role("button", name="Save correction")
    if not (save.count() and save.first.is_visible()):
        page.get_by_text("Correct this event").click()
    save.first.wait_for(timeout=20000)


def save_correction(page) -> None:
    """Press "Save correction" once the app has settled: a press during a rerun may be lost with it."""
    settled(page)
    page.get_by_role("button", name="Save correction").click()


def marker_at(page, site: str, lat: float, lon: float) -> bool:
    """Whether the canvas layer draws an event of this site at this point (4 decimals)."""
    places = map_frame(page).evaluate("(words) => window.pmPlacesOf ? window.pmPlacesOf(words) : []", site)
    return any((round(p["lat"], 4), round(p["lon"], 4)) == (round(lat, 4), round(lon, 4)) for p in places)


def test_visitors_read_editors_correct(hosted, browser, tmp_path):
    app, store_url = hosted
    SHOTS.mkdir(parents=True, exist_ok=True)
    omar = event_id(store_url, SITE)
    link = f"{app}?event={urllib.parse.quote(omar)}"
    with open_store(store_url) as s:
        alternative = next(e for e in s.events() if e["properties"]["site"] == SITE)["properties"]["alternatives"][0]

    # a visitor: the map and the card, no control that writes
    visitor = browser.new_page(viewport={"width": 1400, "height": 1800})
    visitor.goto(link)
    assert SITE in card(visitor)
    visitor.get_by_role("button", name="Sign in as editor").wait_for(timeout=30000)
    for absent in ("Add to the map", "Save correction", "Undo"):
        assert visitor.get_by_role("button", name=absent).count() == 0, absent
    assert visitor.get_by_text("Add a source").count() == 0
    assert visitor.get_by_text("Correct this event").count() == 0
    visitor.screenshot(path=str(SHOTS / "team-visitor.png"), full_page=True)

    # a wrong passphrase: one line, no sign-in
    editor = browser.new_page(viewport={"width": 1400, "height": 1800}, accept_downloads=True)
    frames: list = []
    editor.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(payload)))
    editor.goto(link)
    editor.get_by_label("Your name").fill("Ana")
    editor.get_by_label("Editor passphrase").fill("not it")
    editor.get_by_role("button", name="Sign in as editor").click()
    editor.get_by_text("Wrong passphrase.").wait_for(timeout=30000)
    assert editor.get_by_role("button", name="Add to the map").count() == 0
    editor.get_by_label("Editor passphrase").fill(PASSPHRASE)
    editor.get_by_role("button", name="Sign in as editor").click()
    editor.get_by_text("Signed in as Ana (passphrase)").wait_for(timeout=30000)
    editor.get_by_role("button", name="Add to the map").wait_for(timeout=30000)

    # a forged write: a visitor's session that claims an editor's buttons were pressed changes nothing
    open_editor(editor)
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    ids = widget_ids(frames)
    add = next(i for i in ids if i.endswith("-add"))
    paste = next(i for i in ids if i.endswith("-paste"))
    save = next(i for i in ids if "-pm_corr_save-" in i)
    forged = [WidgetState(id=paste, string_value=Path(REPO / "data" / "samples" / "perspectives-med-2023-11-01.txt")
                          .read_text(encoding="utf-8") + "\nforged"),
              WidgetState(id=add, trigger_value=True), WidgetState(id=save, trigger_value=True)]
    with open_store(store_url) as s:
        before = (s.version(), len(s.articles()), s.corrections())
    assert forge(app, f"event={urllib.parse.quote(omar)}", forged) == 2
    with open_store(store_url) as s:
        assert (s.version(), len(s.articles()), s.corrections()) == before

    # the place: to its first alternative, with a reason full of markup
    editor.get_by_label("Reason").fill("<img src=x onerror=alert(1)> the town, not the field")
    save_correction(editor)
    editor.get_by_text("Correction #1 saved").wait_for(timeout=30000)
    wait_for(editor, lambda: alternative["site"] in card(editor), "the card shows the new place")
    history = editor.get_by_text("<img src=x onerror=alert(1)> the town, not the field", exact=False)
    history.first.wait_for(timeout=30000)  # the reason, as text
    assert editor.locator("img[src='x']").count() == 0

    # the date
    open_editor(editor)
    choose(editor, "Correction", "Change its dates")
    editor.get_by_label("From (YYYY-MM-DD)").fill("2023-10-28")
    editor.get_by_label("To (YYYY-MM-DD)").fill("2023-10-28")
    editor.get_by_label("To (YYYY-MM-DD)").press("Enter")
    save_correction(editor)
    editor.get_by_text("Correction #2 saved").wait_for(timeout=30000)
    wait_for(editor, lambda: "2023-10-28 (to the day)" in card(editor), "the card shows the new date")
    text = card(editor)
    assert alternative["site"] in text, text
    editor.screenshot(path=str(SHOTS / "team-editor-corrected.png"), full_page=True)

    # a date range that ends before it starts: one line, nothing changes
    open_editor(editor)
    choose(editor, "Correction", "Change its dates")
    editor.get_by_label("From (YYYY-MM-DD)").fill("2023-10-29")
    editor.get_by_label("To (YYYY-MM-DD)").fill("2023-10-01")
    editor.get_by_label("To (YYYY-MM-DD)").press("Enter")
    save_correction(editor)
    editor.get_by_text("ends (2023-10-01) before it starts (2023-10-29)").wait_for(timeout=30000)
    with open_store(store_url) as s:
        assert len(s.corrections()) == 2

    # the map
    moved_to = (round(alternative["lat"], 4), round(alternative["lon"], 4))
    wait_for(editor, lambda: marker_at(editor, alternative["site"], *moved_to), "the marker moved")

    # both downloads
    with editor.expect_download() as got:
        editor.get_by_role("button", name="Download GeoJSON").click()
    geojson = json.loads(Path(got.value.path()).read_text(encoding="utf-8"))
    moved = next(f for f in geojson["features"] if f["properties"]["event_id"] == omar)
    assert moved["properties"]["site"] == alternative["site"] and moved["properties"]["corrected"] is True
    assert moved["properties"]["date_start"] == "2023-10-28" and moved["properties"]["machine"]["site"] == SITE
    with editor.expect_download() as got:
        editor.get_by_role("button", name="Download CSV").click()
    rows = csv.DictReader(io.StringIO(Path(got.value.path()).read_text(encoding="utf-8")))
    row = next(r for r in rows if r["event_id"] == omar)
    assert (row["site"], row["date_start"], row["corrected"]) == (alternative["site"], "2023-10-28", "True")
    assert float(row["latitude"]) == pytest.approx(alternative["lat"])

    # the visitor's session, after a rerun (R reruns the app)
    visitor.get_by_role("heading", name="Pressmap").click()
    visitor.keyboard.press("r")
    wait_for(visitor, lambda: alternative["site"] in card(visitor) and "2023-10-28" in card(visitor),
             "the visitor sees the correction")
    assert visitor.get_by_role("button", name="Undo").count() == 0
    assert visitor.get_by_text("#1 ", exact=False).count() >= 1  # the history, read-only

    # undo, both
    for number in (2, 1):
        button = editor.locator(f".st-key-pm_undo-{number} button")
        button.click()
        button.wait_for(state="detached", timeout=30000)  # an undone correction has no Undo
    wait_for(editor, lambda: f"{SITE} (" in card(editor) and "2023-10-29" in card(editor), "undo restores")
    with open_store(store_url) as s:
        was = next(e for e in s.events() if e["properties"]["event_id"] == omar)["geometry"]["coordinates"]
    assert was != [alternative["lon"], alternative["lat"]]
    wait_for(editor, lambda: marker_at(editor, SITE, was[1], was[0]), "the marker is back")
    with open_store(store_url) as s:
        assert [c["undone_by"] for c in s.corrections()] == ["Ana (passphrase)"] * 2
        assert {c["action"] for c in s.changes()} == {"correct", "undo"}


def test_editors_sign_in_with_an_openid_provider(browser, tmp_path):
    """st.login against a local OpenID Connect stand-in: a listed e-mail edits (a point clicked on the map, then
    "not an event") and is recorded, another stays a visitor."""
    from tests.oidc_standin import Provider

    store_url = str(tmp_path / "team.db")
    with open_store(store_url) as s:
        doc = sample_doc()
        assert s.add(doc, sample_features(doc))
    port = free_port()
    with Provider() as provider:
        secrets = (f'PRESSMAP_EDITORS = ["ana@example.org"]\n\n[auth]\n'
                   f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
                   f'cookie_secret = "a test cookie secret, long enough"\n'
                   f'client_id = "{provider.client_id}"\nclient_secret = "standin-secret"\n'
                   f'server_metadata_url = "{provider.metadata_url}"\n')
        with contextlib.closing(serve(store_url, tmp_path, secrets, port)) as running:
            app = next(running)
            page = browser.new_page(viewport={"width": 1400, "height": 1400})
            page.goto(app)
            provider.email = "eve@example.org"
            page.get_by_role("button", name="Sign in", exact=True).click()
            page.get_by_text("Signed in as eve@example.org, who is not an editor").wait_for(timeout=60000)
            assert page.get_by_role("button", name="Add to the map").count() == 0
            page.get_by_role("button", name="Sign out").click()
            page.get_by_role("button", name="Sign in", exact=True).wait_for(timeout=60000)

            provider.email = "ana@example.org"
            page.get_by_role("button", name="Sign in", exact=True).click()
            page.get_by_text("Signed in as ana@example.org: you can add sources").wait_for(timeout=60000)
            page.get_by_role("button", name="Add to the map").wait_for(timeout=30000)
            page.goto(f"{app}?event={urllib.parse.quote(event_id(store_url, SITE))}")
            open_editor(page)
            # a point clicked on the map
            choose(page, "Correction", "Move to a point")
            latitude, longitude = page.get_by_label("Latitude"), page.get_by_label("Longitude")
            was = latitude.input_value()
            map_frame(page).locator(".leaflet-container").click(position={"x": 520, "y": 60})
            wait_for(page, lambda: latitude.input_value() != was, "a click on the map gives the point")
            picked = (float(latitude.input_value()), float(longitude.input_value()))
            page.get_by_label("Name", exact=True).fill("Checkpoint")
            save_correction(page)
            page.get_by_text("Correction #1 saved").wait_for(timeout=60000)
            wait_for(page, lambda: "Checkpoint" in card(page), "the card shows the point")

            open_editor(page)
            choose(page, "Correction", "Not an event")
            save_correction(page)
            page.get_by_text("no longer in the store").wait_for(timeout=60000)  # the card's event left the map
            with open_store(store_url) as s:
                point, hidden = s.corrections()
            assert (point["who"], point["kind"]) == ("ana@example.org", "point")
            assert (point["after"]["lat"], point["after"]["lon"]) == pytest.approx(picked, abs=1e-4)
            assert (hidden["who"], hidden["kind"]) == ("ana@example.org", "not_event")
            page.screenshot(path=str(SHOTS / "team-oidc.png"), full_page=True)
