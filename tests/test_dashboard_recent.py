"""The dashboard's "added" times and its "new since my last visit" filter (dashboard/recent.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from dashboard import recent
from geo.store import open_store
from tests.test_dashboard import app, assert_clean, filled, headline, sample_doc, store_path, xss_doc  # noqa: F401

BEFORE, VISIT, AFTER = "2025-12-01T09:00:00+00:00", "2026-01-01T00:00:00+00:00", "2026-02-01T18:30:00+00:00"


def test_new_sources_are_those_added_after_the_last_visit():
    added = recent.added_by_source([{"id": 1, "source": "a"}, {"id": 2, "source": "b"}, {"id": 3, "source": "a"}],
                                   {1: BEFORE, 2: VISIT, 3: AFTER})
    assert added == {"a": AFTER, "b": VISIT}
    assert recent.new_sources(added, BEFORE) == ["a", "b"]
    assert recent.new_sources(added, VISIT) == ["a"]  # added at the very moment of the visit: seen then
    assert recent.new_sources(added, None) == []
    assert recent.narrowed([], ["a"]) == ["a"] and recent.narrowed(["a", "b"], ["a"]) == ["a"]
    assert recent.narrowed(["b"], ["a"]) == [recent.NO_SOURCE] == recent.narrowed([], [])
    assert recent.source_label("a", added) == "a — added 1 Feb 2026, 18:30 UTC"


def test_the_last_visit_comes_from_the_link_and_the_link_moves_to_now():
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    state, params = {}, {"seen": VISIT}
    assert recent.last_visit(state, params, now) == VISIT
    assert params["seen"] == "2026-03-01T12:00:00+00:00"
    assert recent.last_visit(state, params, datetime(2026, 4, 1, tzinfo=UTC)) == VISIT  # once a session
    first, link = {}, {}
    assert recent.last_visit(first, link, now) is None and link["seen"]
    assert recent.last_visit({}, {"seen": "yesterday"}, now) is None  # a hand-edited link


def test_the_page_shows_when_sources_were_added_and_filters_the_new_ones(filled):  # noqa: F811
    with open_store(str(filled)) as store:
        sample, xss = sample_doc().source, xss_doc().source
        store.run("UPDATE articles SET added_at = ? WHERE source = ?", (BEFORE, sample))
        store.run("UPDATE articles SET added_at = ? WHERE source = ?", (AFTER, xss))
    at = app(seen=VISIT)
    assert_clean(at)
    assert headline(at) == "6 events from 2 articles"
    toggle = at.toggle(key="new")
    assert toggle.label == "New since my last visit (1)"
    assert any("Last source added 1 Feb 2026, 18:30 UTC" in c.value for c in at.caption)
    assert at.query_params["seen"] != [VISIT]  # the next visit counts from this one
    toggle.set_value(True).run()
    assert_clean(at)
    assert headline(at) == "1 event from 1 article"
    assert at.multiselect(key="source").format_func(xss) == f"{xss} — added 1 Feb 2026, 18:30 UTC"
