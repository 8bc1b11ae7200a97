"""The dashboard through Streamlit's AppTest: loading, filters, the slider, adding a source, bad input, escaping.

The store is a real SQLite file in a temporary directory, filled with hand-built features of real
articles (the sample and an article full of markup), so these tests do not depend on extraction.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from geo.reader import read_text
from geo.store import open_store

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "dashboard" / "page.py")
SAMPLE = REPO / "data" / "samples" / "perspectives-med-2023-11-01.txt"

XSS_TEXT = """<script>alert('title')</script> Rockets hit **Ain al-Asad** $x$
Baghdad, 14 March 2020. Rockets struck the Ain al-Asad air base <img src=x onerror=alert(2)> on Saturday, \
officials said [link](javascript:alert(1)) and :red[loud] $$\\frac{1}{2}$$.
"""


def _feature(doc, site, lat, lon, mention, start, end=None, *, kind="base", country="SY", event_type="Explosions/Remote violence",
             geo_precision=1, radius_km=2.0, time_precision=1, actors=("Islamic Resistance in Iraq",), line=None):
    """A feature as `extract` writes it, with the mention's and the sentence's offsets into the document."""
    text = doc.text
    at = text.find(mention)
    assert at >= 0, mention
    s = max(text.rfind(". ", 0, at) + 2, text.rfind("\n", 0, at) + 1, 0)
    e = text.find(". ", at + len(mention))
    e = len(text) if e < 0 else e + 1
    geometry = ({"type": "LineString", "coordinates": [[lon, lat] for lat, lon in line]} if line
                else {"type": "Point", "coordinates": [lon, lat]})
    return {"type": "Feature", "geometry": geometry, "properties": {
        "event_id": f"{doc.content_hash[:8]}-{site}-{start}", "site": site, "site_kind": kind, "country": country,
        "admin1": "", "geo_precision": geo_precision, "radius_km": radius_km, "gazetteer_id": f"test:{site}",
        "gazetteer_source": "curated", "mention": mention, "mention_start": at, "mention_end": at + len(mention),
        "excerpt": text[s:e], "excerpt_start": s, "confidence": 0.9,
        "alternatives": [{"site": f"{site} (town)", "site_kind": "town", "country": country, "lat": lat + 0.1,
                          "lon": lon, "gazetteer_id": "geonames:1"}],
        "date_start": start, "date_end": end or start, "time_precision": time_precision,
        "date_text": "lundi" if time_precision == 1 else "la semaine dernière", "event_type": event_type,
        "sub_event_type": "Shelling/artillery/missile attack", "actors": list(actors), "quantities": ["15 missiles"]}}


def sample_doc():
    return read_text(SAMPLE.read_text(encoding="utf-8"), "https://example.org/perspectives-med-2023-11-01")


def sample_features(doc):
    return [
        _feature(doc, "Al-Qaim–Al-Bukamal crossing", 34.38, 40.93, "Al-Qaim Al-Bukamal", "2023-10-30",
                 kind="border_crossing", event_type="Explosions/Remote violence", actors=("United States",)),
        _feature(doc, "Al-Omar oil field", 35.07, 40.55, "Al-Omar", "2023-10-29", kind="oil_field"),
        _feature(doc, "Abu Hajar airport", 36.62, 40.94, "Abu Hajar", "2023-10-23", "2023-10-29", kind="airbase",
                 time_precision=2),
        _feature(doc, "Al-Tanf garrison", 33.50, 38.62, "Al-Tanf", "2023-10-23", "2023-10-29", time_precision=2,
                 geo_precision=2, radius_km=15, event_type="Strategic developments"),
        _feature(doc, "Koniko–Abu Khashab gas pipeline", 35.2, 40.4, "gazoduc", "2023-10-25", kind="pipeline",
                 line=[(35.25, 40.35), (35.36, 40.05)], actors=("Islamic Resistance in Iraq", "Hezbollah")),
    ]


def xss_doc():
    return read_text(XSS_TEXT, "javascript:alert(1)")


def xss_features(doc):
    return [_feature(doc, "Ain al-Asad airbase", 33.80, 42.44, "Ain al-Asad air base", "2020-03-14",
                     kind="airbase", country="IQ", actors=("<b>Kataib</b> **Hezbollah** $y$",))]


@pytest.fixture()
def store_path(tmp_path, monkeypatch):
    """An empty SQLite store in a temporary directory, named by $PRESSMAP_STORE, with Streamlit's caches cleared."""
    path = tmp_path / "dash.db"
    monkeypatch.setenv("PRESSMAP_STORE", str(path))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield path
    st.cache_resource.clear()  # closes nothing, but lets the next test open its own store
    st.cache_data.clear()


@pytest.fixture()
def filled(store_path):
    with open_store(str(store_path)) as store:
        doc = sample_doc()
        assert store.add(doc, sample_features(doc))
        doc = xss_doc()
        assert store.add(doc, xss_features(doc))
    return store_path


def app(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


def headline(at) -> str:
    return next(s.value for s in at.subheader if " event" in s.value)


def notes(at) -> str:
    return "\n".join(h.value for h in at.html if "class=\"pm-note" in h.value)


def assert_clean(at):
    assert not at.exception, [e.value for e in at.exception]


def test_loads_the_store(filled):
    at = app()
    assert_clean(at)
    assert headline(at) == "6 events from 2 articles"
    assert "bundled sample" not in notes(at)
    assert at.slider(key="dates").value == (pytest_date("2020-03-14"), pytest_date("2023-10-30"))


def test_empty_store_shows_the_samples_without_storing_them(store_path):
    at = app()
    assert_clean(at)
    assert "bundled sample articles" in notes(at)
    assert "Sample not shown" not in notes(at)
    assert headline(at).endswith("from 3 articles")
    assert "https://www.voanews.com/middle-east/rockets-target-iraqi-base-housing-coalition-troops" in "".join(
        h.value for h in at.html)
    with open_store(str(store_path)) as store:
        assert store.articles() == []


def test_filters_narrow_the_view_and_go_in_the_url(filled):
    at = app()
    at.multiselect(key="type").set_value(["Strategic developments"]).run()
    assert_clean(at)
    assert headline(at) == "1 event from 1 article"
    # bound widgets write the URL in the browser; a link with the parameters reopens the same view
    again = app(type=["Strategic developments"], q="garrison")
    assert headline(again) == "1 event from 1 article"
    assert again.multiselect(key="type").value == ["Strategic developments"]
    at.multiselect(key="type").set_value([]).run()
    at.text_input(key="q").set_value("pipeline").run()
    assert headline(at) == "1 event from 1 article"
    at.text_input(key="q").set_value("").run()
    at.multiselect(key="country").set_value(["IQ"]).run()
    assert headline(at) == "1 event from 1 article"
    at.multiselect(key="country").set_value([]).run()
    at.multiselect(key="actor").set_value(["Hezbollah"]).run()
    assert headline(at) == "1 event from 1 article"
    at.multiselect(key="actor").set_value([]).run()
    at.multiselect(key="time").set_value([2]).run()
    assert headline(at) == "2 events from 1 article"
    at.multiselect(key="time").set_value([]).run()
    at.multiselect(key="geo").set_value([2]).run()
    assert headline(at) == "1 event from 1 article"
    at.multiselect(key="geo").set_value([]).run()
    at.multiselect(key="source").set_value(["javascript:alert(1)"]).run()
    assert headline(at) == "1 event from 1 article"


def test_slider_narrows_the_count_without_reading_the_store_again(filled, monkeypatch):
    from dashboard.data import get_store

    store = get_store(str(filled))
    calls = []
    real_events = store.events
    monkeypatch.setattr(store, "events", lambda: calls.append(1) or real_events())
    at = app()
    assert headline(at) == "6 events from 2 articles"
    at.slider(key="dates").set_value((pytest_date("2023-10-29"), pytest_date("2023-10-30"))).run()
    assert_clean(at)
    # 29 Oct: Al-Omar; 30 Oct: Al-Qaim; the two week-long events overlap 29 Oct
    assert headline(at) == "4 events from 1 article"
    assert headline(app(dates=["2023-10-29", "2023-10-30"])) == "4 events from 1 article"
    at.slider(key="dates").set_value((pytest_date("2023-10-28"), pytest_date("2023-10-28"))).run()
    assert headline(at) == "2 events from 1 article"  # the two week-long events
    at.button(key="forward").click().run()
    assert headline(at) == "3 events from 1 article"  # and Al-Omar on the 29th
    at.button(key="forward").click().run()
    assert headline(at) == "1 event from 1 article"  # Al-Qaim on the 30th
    assert len(calls) == 1


def pytest_date(s):
    from datetime import date

    return date.fromisoformat(s)


def test_adding_a_pasted_article(filled, monkeypatch):
    import geo.pipeline

    text = SAMPLE.read_text(encoding="utf-8").replace("Perspectives Med", "Perspectives Med (copie)")
    doc = read_text(text, "https://example.org/copie")
    monkeypatch.setattr(geo.pipeline, "extract", lambda d: (sample_features(d)[:2], [{"mention": "Koniko"}]))
    at = app()
    at.text_area(key="paste").set_value(text).run()
    assert at.text_input(key="published").value == "2023-11-01"  # prefilled from the document
    at.text_input(key="source_url").set_value("https://example.org/copie")
    at.button(key="add").click().run()
    assert_clean(at)
    assert "Added" in notes(at) and "2 events" in notes(at) and "Koniko" in notes(at)
    with open_store(str(filled)) as store:
        assert [a["source"] for a in store.articles()][-1] == "https://example.org/copie"
    assert at.text_area(key="paste").value == ""
    assert headline(at) == "6 events from 3 articles"  # the two events merge with those already stored
    at.text_area(key="paste").set_value(text).run()
    at.button(key="add").click().run()
    assert "already in the store" in notes(at)
    assert doc.content_hash


def test_adding_a_real_article_with_the_real_pipeline(store_path):
    text = (REPO / "data" / "samples" / "voa-2020-03-14-rockets-target-iraqi-base.txt").read_text(encoding="utf-8")
    at = app()
    at.text_area(key="paste").set_value(text).run()
    assert at.text_input(key="published").value == "2020-03-14"
    at.button(key="add").click().run()
    assert_clean(at)
    assert "Added “Rockets Target Iraqi Base Housing Coalition Troops”" in notes(at)
    with open_store(str(store_path)) as store:
        assert len(store.articles()) == 1 and store.events()
        n = len(store.events())
    assert "bundled sample" not in notes(at)
    # the slider opened on the new article's whole range: every event it gave is in view
    assert headline(at) == f"{n} event{'s' * (n != 1)} from 1 article"
    assert "Camp Taji" in "".join(h.value for h in at.html)


@pytest.mark.parametrize("setup, message", [
    (lambda at: None, "Nothing to add"),
    (lambda at: at.text_area(key="paste").set_value("   \n  "), "Nothing to add"),
    (lambda at: at.file_uploader[0].set_value(("map.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "text/plain")),
     "map.txt: this is a PNG image, not a text article"),
    (lambda at: at.file_uploader[0].set_value(("blob.txt", b"\x00\x01\x02\x03" * 50, "text/plain")),
     "this is a binary file"),
    (lambda at: (at.text_area(key="paste").set_value("Rockets hit Erbil."), at.run(),
                 at.text_input(key="published").set_value("the day before yesterday")),
     "Publication date: &#x27;the day before yesterday&#x27; is not a date"),
])
def test_bad_input_says_why_and_leaves_the_store_alone(filled, setup, message):
    with open_store(str(filled)) as store:
        before = store.version()
    at = app()
    setup(at)
    at.button(key="add").click().run()
    assert_clean(at)
    assert message in notes(at)
    assert "pm-error" in notes(at)
    with open_store(str(filled)) as store:
        assert store.version() == before


def test_article_markup_is_never_live(filled):
    at = app()
    assert_clean(at)
    page = "\n".join(h.value for h in at.html)
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in page
    assert "<script>alert" not in page and "<img src=x" not in page
    assert 'href="javascript' not in page.lower()
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "<mark>Ain al-Asad air base</mark>" in page
    # nothing from an article goes through Markdown (which would render **bold**, $x$, links, :red[...])
    markdown = "\n".join(m.value for m in [*at.markdown, *at.subheader, *at.title, *at.caption])
    for fragment in ("alert", "**", "$x$", ":red[", "Kataib"):
        assert fragment not in markdown


def test_a_link_reopens_the_selected_event(filled):
    with open_store(str(filled)) as store:
        event = next(f for f in store.events() if f["properties"]["site"] == "Al-Tanf garrison")
    at = app(event=event["properties"]["event_id"], q="nowhere-at-all")
    assert_clean(at)
    cards = [h.value for h in at.html if "pm-card" in h.value and "<h4>" in h.value]
    assert len(cards) == 1 and "Al-Tanf garrison" in cards[0]
    assert "outside the current dates or filters" in notes(at)
    at.button(key="clear_selection").click().run()
    assert "event" not in at.query_params


def test_the_step_control_walks_the_days(filled):
    at = app()
    at.slider(key="dates").set_value((pytest_date("2023-10-23"), pytest_date("2023-10-23"))).run()
    assert headline(at) == "2 events from 1 article"  # the two week-long events
    at.button(key="back").click().run()
    assert at.slider(key="dates").value == (pytest_date("2023-10-22"), pytest_date("2023-10-22"))
    assert headline(at) == "0 events from 0 articles"


def test_store_url_from_secrets_wins(tmp_path, monkeypatch):
    from dashboard import data

    monkeypatch.setattr(st, "secrets", {"PRESSMAP_STORE": "postgresql://u@h/db"})
    assert data.store_location() == "postgresql://u@h/db"
    monkeypatch.setattr(st, "secrets", {})
    monkeypatch.setenv("PRESSMAP_STORE", str(tmp_path / "x.db"))
    assert data.store_location() == str(tmp_path / "x.db")
    assert os.environ["PRESSMAP_STORE"]


def test_the_dashboard_on_postgis_from_secrets(postgis_url, monkeypatch):
    """Hosted: the PostGIS URL comes from st.secrets (Community Cloud's secrets), not the environment."""
    monkeypatch.delenv("PRESSMAP_STORE", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    with open_store(postgis_url) as store:
        doc = sample_doc()
        assert store.add(doc, sample_features(doc))
    at = AppTest.from_file(APP, default_timeout=90)
    at.secrets["PRESSMAP_STORE"] = postgis_url
    at.run()
    assert_clean(at)
    assert headline(at) == "5 events from 1 article"
    at.slider(key="dates").set_value((pytest_date("2023-10-30"), pytest_date("2023-10-30"))).run()
    assert headline(at) == "1 event from 1 article"
    st.cache_resource.clear()
    st.cache_data.clear()


def test_play_walks_to_the_last_day_and_stops(filled):
    at = app()
    at.slider(key="dates").set_value((pytest_date("2023-10-28"), pytest_date("2023-10-29"))).run()
    at.toggle(key="playing").set_value(True).run()
    assert_clean(at)
    assert at.slider(key="dates").value == (pytest_date("2023-10-29"), pytest_date("2023-10-30"))
    assert at.toggle(key="playing").value is False


@pytest.mark.parametrize("make, why", [
    (lambda path: path.mkdir(), "a directory"),
    (lambda path: path.write_bytes(b"this is not a database at all" * 100), "a corrupt file"),
])
def test_a_store_that_cannot_be_opened_is_one_message_and_the_samples(store_path, monkeypatch, make, why):
    import geo.store

    make(store_path)
    opened = []
    real_open = geo.store.open_store
    monkeypatch.setattr(geo.store, "open_store", lambda *a, **k: opened.append(1) or real_open(*a, **k))
    at = app()
    assert_clean(at)
    assert "cannot be opened" in notes(at), why
    assert "Traceback" not in notes(at)
    assert headline(at).endswith("from 3 articles")  # the samples are still shown
    tries = len(opened)
    at.run()
    assert_clean(at)
    assert len(opened) == tries  # not tried again on the next rerun
    assert "cannot be opened" in notes(at)


def test_an_event_dated_out_of_range_never_breaks_the_page(filled):
    """An article stored with --published 2300-01-01 (by an older Pressmap) once broke st.slider for every visitor."""
    from dataclasses import replace

    with open_store(str(filled)) as store:
        doc = read_text("Des roquettes ont frappé Tal Abyad lundi.\n", "future.txt")
        doc = replace(doc, published=pytest_date("2300-01-01"))
        feature = _feature(doc, "Tal Abyad", 36.69, 38.95, "Tal Abyad", "2300-01-01")
        assert store.add(doc, [feature])
        old = read_text("Des roquettes ont frappé Ras al-Aïn lundi.\n", "old.txt")
        assert store.add(old, [_feature(old, "Ras al-Ain", 36.85, 40.07, "Ras al-Aïn", "0001-01-01")])
    at = app()
    assert_clean(at)
    assert headline(at) == "6 events from 2 articles"  # every other event, as before
    assert at.slider(key="dates").value == (pytest_date("2020-03-14"), pytest_date("2023-10-30"))
    assert "2 events dated outside 1900-01-01" in notes(at)
    assert "Tal Abyad" not in "".join(h.value for h in at.html if "pm-card" in h.value)


def test_a_publication_date_out_of_range_is_refused_in_the_sidebar(filled):
    with open_store(str(filled)) as store:
        before = store.version()
    at = app()
    at.text_area(key="paste").set_value("Des drones ont visé la base d’Al-Tanf en Syrie lundi.").run()
    at.text_input(key="published").set_value("0001-01-01")
    at.button(key="add").click().run()
    assert_clean(at)
    assert "Publication date: 0001-01-01 is outside the dates Pressmap accepts (1900-01-01 to" in notes(at)
    assert "Traceback" not in notes(at)
    with open_store(str(filled)) as store:
        assert store.version() == before


def test_direction_controls_are_shown_not_applied(store_path):
    """A right-to-left override (U+202E) once made a place name read as another in the card."""
    text = "Des roquettes ont frappé \u202edaddaB\u202c et la base d'Al-Tanf le 14 mars 2020.\n"
    with open_store(str(store_path)) as store:
        doc = read_text(text, "bidi.txt")
        feature = _feature(doc, "Al-Tanf \u202egarrison", 33.5, 38.62, "Al-Tanf", "2020-03-14")
        assert store.add(doc, [feature])
    at = app()
    assert_clean(at)
    cards = "".join(h.value for h in at.html if "pm-card" in h.value)
    assert "Al-Tanf &lt;U+202E&gt;garrison" in cards and "&lt;U+202E&gt;daddaB&lt;U+202C&gt;" in cards
    assert "\u202e" not in cards and "\u202c" not in cards


def test_a_long_paste_is_refused_with_the_limit(filled):
    at = app()
    at.text_area(key="paste").set_value("Des drones ont visé Erbil. " * 80_000).run()
    at.button(key="add").click().run()
    assert_clean(at)
    assert "over the 2 MB a page can add" in notes(at)
