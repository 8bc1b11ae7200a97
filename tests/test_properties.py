"""Property-based: random and adversarial text, HTML, bytes and dates through read → extract → store → export.

Whatever comes in, no exception but a one-line UserError escapes; every offset points at its words; every
date range is ordered and possible; every exported row reads back. Hypothesis builds the inputs from
fragments of real articles, place names, dates, markup and the characters that broke Pressmap before
(NUL, escape sequences, direction overrides, formula openers).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from geo.errors import UserError
from geo.pipeline import extract
from geo.reader import read_bytes, read_text
from geo.store import export_csv, export_geojson, open_store

DEVSET = Path(__file__).resolve().parent / "data" / "devset"
SENTENCES = [s.strip() + "." for p in sorted(DEVSET.glob("*.txt"))[:12]
             for s in p.read_text(encoding="utf-8").split(".") if 20 < len(s.strip()) < 300]
NAMES = ["Aïn al-Assad", "Al-Tanf", "Erbil", "Bagdad", "Deir ez-Zor", "Kirkouk", "Ceyhan", "Damascus", "Harir",
         "Al-Omar", "Abu Kamal", "Tal Abyad", "Bassora", "Aden", "Hodeidah"]
DATES = ["le 29 octobre", "lundi", "hier", "la semaine dernière", "1er novembre 2023", "on Tuesday", "in 1850",
         "le 31 février 2023", "9999-12-31", "0001-01-01", "en 2099", "three days later", "depuis dimanche"]
HOSTILE = ["\x00", "\x1b]0;x\x07", "\x1b[2J", "\u202e", "\u2066", "\x9b", "\r", "\t", "=cmd|' /C calc'!A0", "+1",
           "-2", "@SUM(A1)", "\ufeff", "\u2028", "<script>alert(1)</script>", "**", "$x$", "\\", "'", '"']

fragment = st.one_of(st.sampled_from(SENTENCES), st.sampled_from(NAMES), st.sampled_from(DATES),
                     st.sampled_from(HOSTILE), st.text(max_size=40),
                     st.sampled_from(["la base de ", "l'aéroport de ", "the air base of ", " à ", " près de ", "\n",
                                      "\n\n", ", ", ". "]))
article_text = st.lists(fragment, min_size=1, max_size=40).map("".join)


@st.composite
def html_page(draw):
    depth = draw(st.integers(0, 320))
    body = draw(article_text)
    tag = draw(st.sampled_from(["div", "span", "section", "b"]))
    title = draw(st.one_of(st.sampled_from(HOSTILE + NAMES), st.text(max_size=20)))
    return (f"<html><head><title>{title}</title></head><body><article><p>{draw(article_text)}</p>"
            + f"<{tag}>" * depth + f"<p>{body}</p>" + f"</{tag}>" * draw(st.integers(0, depth))
            + "</article></body></html>")


published_dates = st.one_of(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
                            st.dates(min_value=date(1990, 1, 1), max_value=date.today() + timedelta(days=10)))
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_features(doc, features, unresolved) -> None:
    last = (doc.published or date.today()) + timedelta(days=366)
    for f in features:
        p = f["properties"]
        assert doc.text[p["mention_start"]:p["mention_end"]] == p["mention"]
        assert doc.text[p["excerpt_start"]:p["excerpt_start"] + len(p["excerpt"])] == p["excerpt"]
        assert p["excerpt_start"] <= p["mention_start"] < p["excerpt_start"] + len(p["excerpt"])
        start, end = date.fromisoformat(p["date_start"]), date.fromisoformat(p["date_end"])
        assert date(1900, 1, 1) <= start <= end <= last, (p["date_start"], p["date_end"], p["date_text"])
    for u in unresolved:
        assert doc.text[u["mention_start"]:u["mention_end"]] == u["mention"]


def through_the_store(doc, features, tmp_path_factory) -> None:
    path = tmp_path_factory.mktemp("store") / "s.db"
    with open_store(str(path)) as store:
        assert store.add(doc, features)
        events = store.events()
        assert len(events) <= len(features) and bool(events) == bool(features)
        listed = store.articles()
        assert listed[0]["title"] == doc.title and listed[0]["events"] == len(features)
    rows = list(csv.DictReader(io.StringIO(export_csv(events))))
    assert [r["event_id"].lstrip("'") for r in rows] == [e["properties"]["event_id"] for e in events]
    for row in rows:
        assert not any(v.startswith(("=", "+", "@", "\t", "\r")) for v in row.values())
        assert float(row["latitude"]) and float(row["longitude"])
        json.loads(row["alternatives"]) if row["alternatives"] else None
    assert len(json.loads(export_geojson(events))["features"]) == len(events)


@SETTINGS
@given(text=article_text, published=published_dates)
def test_any_text_reads_extracts_stores_and_exports(text, published, tmp_path_factory):
    try:
        doc = read_text(text, "random.txt", published=published)
    except UserError as e:
        assert "\n" not in str(e).strip()
        return
    assert date(1900, 1, 1) <= doc.published <= date.today() + timedelta(days=7)
    assert "\x00" not in doc.text
    features, unresolved = extract(doc)
    event("events found" if features else "no event")
    check_features(doc, features, unresolved)
    through_the_store(doc, features, tmp_path_factory)


@SETTINGS
@given(page=html_page())
def test_any_page_reads_and_extracts(page):
    try:
        doc = read_text(page, "page.html", published="2023-11-01")
    except UserError as e:
        assert "no readable text" in str(e) or "no text" in str(e)
        return
    features, unresolved = extract(doc)
    check_features(doc, features, unresolved)


@SETTINGS
@given(data=st.one_of(st.binary(max_size=3000), article_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
                      article_text.map(lambda t: t.encode("utf-16")), article_text.map(
                          lambda t: t.encode("latin-1", "replace"))))
def test_any_bytes_are_read_or_refused_in_one_line(data):
    try:
        doc = read_bytes(data, "upload.txt", published="2023-11-01")
    except UserError as e:
        assert str(e).startswith("upload.txt: ") and "\n" not in str(e).strip()
        return
    check_features(doc, *extract(doc))


@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31", "2300-01-01", "1899-12-31"])
def test_the_dates_that_broke_extract_are_refused(typed):
    with pytest.raises(UserError, match="1900-01-01 to"):
        read_text("Des drones ont visé Erbil lundi.", "a.txt", published=typed)
