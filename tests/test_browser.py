"""The dashboard in a real browser: `streamlit run` on a free port, Debian's headless Chromium via playwright.

It counts the markers our canvas layer draws (dashboard/static/pressmap/events.js, with Leaflet from
dashboard/static and no CDN) and checks the canvas is painted where they are, moves the date slider, clicks a
marker, checks that the article full of markup never raises a dialog, and saves screenshots under
$PRESSMAP_SCREENSHOTS (default: a pressmap-browser folder in the system's temporary directory).
Without chromium it is skipped locally and fails in CI (CI=true).
"""

from __future__ import annotations

import os
import re
import tempfile
import urllib.request
from pathlib import Path

import pytest

from geo.store import open_store
from tests.support import streamlit_app, unavailable
from tests.test_dashboard import sample_doc, sample_features, xss_doc, xss_features

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(os.environ.get("PRESSMAP_SCREENSHOTS") or Path(tempfile.gettempdir()) / "pressmap-browser")


def _unavailable(reason: str):
    unavailable("the browser test", reason)


def _needs_browser() -> None:
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("playwright is not installed (pip install -r requirements-dev.txt)")


def _serve(store: Path):
    """`streamlit run` on this store; yields its URL, stops it after."""
    yield from streamlit_app({**os.environ, "PRESSMAP_STORE": str(store)}, store.parent / "streamlit.log")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The dashboard on a store holding the sample article and the article full of markup."""
    _needs_browser()
    store = tmp_path_factory.mktemp("browser") / "store.db"
    with open_store(str(store)) as s:
        for doc, features in ((sample_doc(), sample_features), (xss_doc(), xss_features)):
            assert s.add(doc, features(doc))
    yield from _serve(store)


@pytest.fixture(scope="module")
def served_empty(tmp_path_factory):
    """The dashboard on an empty store (it shows the bundled samples): (its URL, the store's path)."""
    _needs_browser()
    store = tmp_path_factory.mktemp("browser-empty") / "store.db"
    for url in _serve(store):
        yield url, store


@pytest.fixture(scope="module")
def browser(served):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def map_frame(page):
    """The frame of streamlit-folium's component, once Leaflet has drawn in it."""
    for _ in range(120):
        for frame in page.frames:
            if "st_folium" in frame.url:
                try:
                    if frame.locator(".leaflet-container").count():
                        return frame
                except Exception:  # noqa: BLE001 — the frame may be replaced while we look
                    pass
        page.wait_for_timeout(500)
    raise AssertionError("the map never drew: " + ", ".join(f.url for f in page.frames))


def timeline_frame(page):
    """The frame of the chart of events per day (dashboard.timeline.chart_html)."""
    for _ in range(200):
        for frame in page.frames:
            try:
                if frame.locator("svg#bars").count():
                    return frame
            except Exception:  # noqa: BLE001 — a frame replaced while we look
                pass
        page.wait_for_timeout(100)
    raise AssertionError("the timeline never drew")


def shaded_width(page) -> float:
    return float(timeline_frame(page).locator("#window").get_attribute("width"))


def headline(page) -> str:
    return page.locator("h3", has_text=re.compile(r"\d+ events? from \d+ articles?")).first.inner_text()


def wait_for_headline(page, expected: str) -> None:
    for _ in range(60):
        try:
            if headline(page) == expected:
                return
        except Exception:  # noqa: BLE001 — the page is rerunning
            pass
        page.wait_for_timeout(500)
    raise AssertionError(f"headline is {headline(page)!r}, not {expected!r}")


def markers(frame, expected: int) -> int:
    """The events our canvas layer draws as markers (`window.pmMarkers`), waiting until there are `expected`
    of them (or 30 s). A rerun may replace the map's frame while we count: then count in the new one."""
    page, count = frame.page, -1
    for _ in range(60):
        try:
            count = frame.evaluate("typeof window.pmMarkers === 'number' ? window.pmMarkers : -1")
        except Exception:  # noqa: BLE001 — the frame was detached by a rerun
            frame = map_frame(page)
            continue
        if count == expected:
            break
        page.wait_for_timeout(500)
    return count


def test_the_dashboard_in_a_browser(served, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    dialogs, failed = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(served)
    wait_for_headline(page, "6 events from 2 articles")
    frame = map_frame(page)
    # five sites as markers, the pipeline as a line; every map script came from the app itself
    assert markers(frame, 5) == 5
    assert frame.evaluate("window.pmShown") == 6
    assert not [u for u in failed if "/app/static/" in u or u.endswith(".js")], failed
    page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)

    # the markup article: its title and excerpt show as text, never as elements
    page.locator(".pm-card").first.wait_for(timeout=20000)  # the sources panel comes last
    body = page.inner_text("body")
    assert "<script>alert('title')</script>" in body
    assert "<img src=x onerror=alert(2)>" in body
    assert page.locator('a[href^="javascript"]').count() == 0

    # a click on the Ain al-Asad marker (painted on the map's canvas) opens its popup, as text, and selects
    # its event
    spot = frame.evaluate("window.pmFind('Ain al-Asad')")
    assert spot, "no Ain al-Asad marker in view"
    assert frame.evaluate(f"window.pmPaintedAt({spot['x']}, {spot['y']})")
    frame.locator(".leaflet-container").click(position={"x": spot["x"], "y": spot["y"]})
    popup = frame.locator(".leaflet-popup-content").last
    popup.wait_for(timeout=15000)
    text = popup.inner_text()
    assert "Ain al-Asad" in text and "<script>alert('title')</script>" in text, text
    assert frame.locator(".leaflet-popup-content script, .leaflet-popup-content img").count() == 0
    page.get_by_role("button", name="Show every event in view").wait_for(timeout=20000)
    assert page.locator(".pm-card").count() == 1
    assert "event=" in page.url
    assert shaded_width(page) == 1000  # every day chosen

    # the slider: its right thumb to the first day leaves the one event of 14 March 2020
    thumbs = page.locator('[data-testid="stSlider"] input[type="range"]')
    if thumbs.count() < 2:  # older Streamlit: the thumbs are role=slider divs
        thumbs = page.locator('[data-testid="stSlider"] [role="slider"]')
    thumbs.nth(1).focus()
    page.keyboard.press("Home")
    wait_for_headline(page, "1 event from 1 article")
    frame = map_frame(page)
    assert markers(frame, 1) == 1
    assert "dates=" in page.url
    page.wait_for_timeout(1000)
    page.screenshot(path=str(SHOTS / "dashboard-one-day.png"), full_page=True)
    # the timeline under the map: a bar per day (or per few days) with its count, the chosen days shaded
    chart = timeline_frame(page)
    chart.locator("svg#bars").hover(position={"x": 1, "y": 60})  # the first bar: 14 March 2020 and after
    tip = chart.locator("#bars-tip").text_content()
    assert tip.startswith("14 Mar 2020") and "1 on the day" in tip, tip
    assert shaded_width(page) < 10  # one day of more than three years, out of 1000 units
    assert dialogs == [], dialogs
    print(f"screenshots: {SHOTS / 'dashboard.png'}, {SHOTS / 'dashboard-one-day.png'}")


def test_static_assets_are_served(served):
    for path in ("leaflet/leaflet.js", "pressmap/events.js", "basemap/countries-110m.geojson",
                 "basemap/labels.json"):
        with urllib.request.urlopen(f"{served}app/static/{path}", timeout=5) as r:
            assert r.status == 200
            head = r.read(200)
            assert not head.lstrip().startswith(b"export"), path



def test_adding_the_first_source_in_a_browser(served_empty, browser):
    """On an empty store: the samples, the map in view at 1366×768; then a pasted article replaces them, and
    the view shows every event it gave (the slider widens to its dates)."""
    url, store = served_empty
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(url)
    page.get_by_text("bundled sample articles").wait_for(timeout=30000)
    frame = map_frame(page)
    for _ in range(60):
        if frame.evaluate("window.pmShown || 0") > 0:
            break
        page.wait_for_timeout(500)
    assert frame.evaluate("window.pmShown || 0") > 0
    box = page.locator('iframe[title*="st_folium"], iframe[src*="st_folium"]').first.bounding_box()
    assert box and box["y"] + box["height"] <= 768, box  # the whole map without scrolling
    # offline, the basemap still names countries and places (the tiles would cover them online)
    for _ in range(20):
        names = frame.evaluate("[...document.querySelectorAll('.pm-label')].map(e => e.textContent)")
        if names:
            break
        page.wait_for_timeout(500)
    assert {"Iraq", "Syria"} <= set(names), names[:20]
    page.screenshot(path=str(SHOTS / "dashboard-samples-1366.png"))

    text = (REPO / "data" / "samples" / "perspectives-med-2023-11-01.txt").read_text(encoding="utf-8")
    page.get_by_label("…or paste its text").fill(text)
    page.get_by_role("textbox", name="Publication date").click()  # leaves the text area: Streamlit takes its value
    page.get_by_role("textbox", name="Publication date").fill("2023-11-01")
    page.get_by_role("textbox", name="Publication date").press("Enter")
    page.get_by_role("button", name="Add to the map").click()
    page.get_by_text("Added “").wait_for(timeout=120000)
    with open_store(str(store)) as s:
        n = len(s.events())
    assert n > 1
    wait_for_headline(page, f"{n} event{'s' * (n != 1)} from 1 article")
    assert page.get_by_text("bundled sample articles").count() == 0
    page.screenshot(path=str(SHOTS / "dashboard-added.png"))
