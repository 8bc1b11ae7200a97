"""The dashboard's pure parts: escaping and links, the map's offline assets and payload, filters, the timeline."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from dashboard import filters, render, timeline
from tests.test_dashboard import sample_doc, sample_features, xss_doc, xss_features


@pytest.fixture(scope="module")
def features():
    doc = sample_doc()
    xss = xss_doc()
    out = sample_features(doc) + xss_features(xss)
    for f, d in zip(out, [doc] * 5 + [xss], strict=True):
        f["properties"].update(source=d.source, title=d.title, published=d.published and d.published.isoformat())
    return out


@pytest.mark.parametrize("url, live", [
    ("https://example.org/a?b=1", True), ("http://example.org", True), ("HTTPS://EXAMPLE.ORG/x", True),
    ("javascript:alert(1)", False), ("JavaScript:alert(1)", False), (" javascript:alert(1)", False),
    ("data:text/html,<script>alert(1)</script>", False), ("/etc/passwd", False), ("pasted text", False),
    ("https://example.org/\"onmouseover=alert(1)", False), ("https:///nohost", False), ("", False), (None, False),
])
def test_only_web_links_are_live(url, live):
    assert (render.safe_href(url) is not None) is live
    link = render.link_html(url, "<b>title</b>")
    assert ("<a " in link) is live
    assert "<b>" not in link and "&lt;b&gt;title&lt;/b&gt;" in link


def test_the_mention_is_marked_after_escaping(features):
    props = features[-1]["properties"]
    out = render.highlighted_excerpt(props)
    assert "<mark>Ain al-Asad air base</mark>" in out
    assert "&lt;img src=x onerror=alert(2)&gt;" in out and "<img" not in out
    # offsets that disagree with the text fall back to finding the mention; no mention, no mark
    moved = {**props, "mention_start": 0, "mention_end": 3}
    assert "<mark>Ain al-Asad air base</mark>" in render.highlighted_excerpt(moved)
    assert "<mark>" not in render.highlighted_excerpt({**props, "mention": "Erbil", "mention_start": None})
    marked = render.highlighted_excerpt({"excerpt": "<a> & <b>", "mention": "&", "mention_start": 14,
                                         "mention_end": 15, "excerpt_start": 10})
    assert marked == "&lt;a&gt; <mark>&amp;</mark> &lt;b&gt;"


def test_the_map_uses_no_cdn_and_escapes_article_text(features):
    m = render.build_map(features)
    page = m.get_root().render()
    for cdn in ("cdn.", "cdnjs", "jsdelivr", "jquery", "bootstrap", "unpkg"):
        assert cdn not in page.lower()
    assert "../../app/static/leaflet/leaflet.js" in page
    assert "markercluster" not in page and "pmEvents(" in page  # our canvas layer, inside the map
    assert "<script>alert" not in page and "<img src=x" not in page  # JSON in the script escapes < and >
    assert "innerHTML" not in page
    assert render.map_payload_bytes(m) < 400_000


def unpacked(data: render.MapData) -> tuple[list[str], dict[str, list[int]]]:
    """The blob as the map's script reads it: the strings, then each column at its offset."""
    import base64
    import gzip

    import numpy as np

    layout, blob, gzipped = render.pack_map_data(data)
    raw = base64.b64decode(blob)
    raw = gzip.decompress(raw) if gzipped else raw
    length = int.from_bytes(raw[:4], "little")
    strings = json.loads(raw[4:4 + length].decode("utf-8"))
    n = len(data.event_ids)
    dtypes = {"u1": "<u1", "u2": "<u2", "i4": "<i4"}
    return strings, {name: np.frombuffer(raw, dtype=dtypes[kind], count=n, offset=offset).tolist()
                     for name, kind, offset in layout}


def test_map_data_share_strings_and_link_only_the_web(features):
    data = render.map_data(features)
    assert len(data.event_ids) == 6 and set(data.types) == {"Explosions/Remote violence", "Strategic developments"}
    strings, cols = unpacked(data)
    assert strings == data.strings and cols == data.columns  # what the browser unpacks is what Python packed
    [(row, line)] = data.lines  # the pipeline, [lat, lon] for Leaflet, in 1e-5 degrees
    assert line[0] == [3_525_000, 4_035_000]
    xss = next(i for i, e in enumerate(data.event_ids) if "Ain al-Asad" in e)
    assert cols["href"][xss] == 0  # its source is a javascript: URL: no link
    assert strings[cols["p5"][xss]].startswith("<script>alert('title')</script>")  # text, inserted as text
    tanf = next(i for i, e in enumerate(data.event_ids) if "Al-Tanf" in e)
    assert cols["circle"][tanf] == 150 and strings[cols["href"][tanf]].startswith("https://")  # 15 km
    assert len(set(strings)) == len(strings)  # each text once


def test_map_data_stays_small_for_many_events():
    """100,000 events (a year of a busy theatre) in a few MB: the columns gzip, the texts are shared."""
    events = [{"geometry": {"type": "Point", "coordinates": [36 + (i % 900) / 100, 32 + (i % 700) / 100]},
               "properties": {"event_id": f"e{i}", "site": f"Site {i % 900}", "event_type": "Battles",
                              "date_start": f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}", "actors": ["A", "B"],
                              "sources": [{"source": f"https://example.org/{i % 1000}", "title": f"T{i % 1000}"}]}}
              for i in range(100_000)]
    data = render.map_data(events)
    _, blob, gzipped = render.pack_map_data(data)
    assert gzipped and len(blob) < 3_000_000, len(blob)
    assert unpacked(data)[1] == data.columns


def test_legend_and_icons_name_every_type():
    out = render.legend_html({"Battles": 2, "<i>odd</i>": 1, "": 1})
    assert "Battles" in out and "&lt;i&gt;odd&lt;/i&gt;" in out and "type not known" in out
    assert render.event_style("Battles") != render.event_style("Protests")
    assert render.event_style("anything else") == render.OTHER_STYLE


def test_filters(features):
    table = filters.events_table(features)
    opts = filters.options(table)
    assert opts["event_types"][0] == "Explosions/Remote violence"
    assert opts["countries"] == ["IQ", "SY"] and "Hezbollah" in opts["actors"]
    assert filters.apply(table, filters.Filters(text="GAZODUC")).sum() == 1
    assert filters.apply(table, filters.Filters(text="kataib")).sum() == 1
    assert filters.apply(table, filters.Filters(sources=["javascript:alert(1)"])).sum() == 1
    assert filters.date_bounds(table) == (date(2020, 3, 14), date(2023, 10, 30))
    window = filters.in_window(table, date(2023, 10, 29), date(2023, 10, 29))
    assert sorted(table[window]["site"]) == ["Abu Hajar airport", "Al-Omar oil field", "Al-Tanf garrison"]


def test_undated_events_show_only_with_every_date():
    table = filters.events_table([{"type": "Feature", "geometry": None, "properties": {"event_id": "x"}}])
    assert not filters.in_window(table, date(2023, 1, 1), date(2023, 1, 2)).any()
    assert filters.in_window(table, date(2023, 1, 1), date(2023, 1, 2), undated=True).all()
    assert filters.date_bounds(table) is None


def chart_data(page: str) -> dict:
    """The numbers the timeline's page draws its bars and spans from."""
    return json.loads(re.search(r"var d = (\{.*?\}), n = ", page).group(1))


def test_the_timeline_counts_each_day_a_range_covers_and_bins_long_ranges(features):
    table = filters.events_table(features)
    days = chart_data(timeline.chart_html(table, date(2023, 10, 22), date(2023, 10, 31)))
    assert days["width"] == 1 and len(days["bars"]) == 10
    # [dated to the day, within a range] for each day from 22 October: the two events of 23-29 October count on
    # every day they cover; the pipeline (25th), Al-Omar (29th) and Al-Qaim (30th) on their days
    assert days["bars"] == [[0, 0], [0, 2], [0, 2], [1, 2], [0, 2], [0, 2], [0, 2], [1, 2], [1, 0], [0, 0]]
    assert days["spans"] == [[1, 8, 0, 2]]  # 23-29 October: the two ranged events, in the first lane
    spans = timeline.spans(table)
    assert len(spans) == 1 and spans.iloc[0]["events"] == 2
    years = chart_data(timeline.chart_html(table, date(2020, 3, 14), date(2023, 10, 30)))
    assert years["width"] == 4 and len(years["bars"]) <= timeline.MAX_BARS
    assert sum(e for e, _ in years["bars"]) == int((table["date_start"] == table["date_end"]).sum())


def test_step_walks_and_stays_inside():
    lo, hi = date(2023, 10, 1), date(2023, 10, 10)
    assert timeline.step((lo, hi), lo, hi, 1) == (lo, lo)
    assert timeline.step((date(2023, 10, 3), date(2023, 10, 4)), lo, hi, 1) == (date(2023, 10, 4), date(2023, 10, 5))
    assert timeline.step((date(2023, 10, 9), hi), lo, hi, 1) == (date(2023, 10, 9), hi)
    assert timeline.step((lo, date(2023, 10, 2)), lo, hi, -1) == (lo, date(2023, 10, 2))


def test_the_card_says_where_a_point_comes_from_and_why_it_won():
    from dashboard.cards import event_card
    from geo.pipeline import extract
    from geo.reader import read_text

    doc = read_text("Des roquettes ont visé lundi la base d'Aïn al-Assad, en Irak.", "t", published="2023-11-01",
                    lang="fr")
    asad = next(f["properties"] for f in extract(doc)[0] if "Asad" in f["properties"]["site"])
    assert render.coordinates_text(asad).startswith("2 sources agree: ")
    card = event_card(asad)
    assert "<b>Coordinates</b> 2 sources agree" in card
    assert "<b>Placed because</b> kind fits the trigger words" in card
    single = {**asad, "coordinate_sources": ["GeoNames 95446 36.1926,44.0106"], "verified": False,
              "placed_because": ["a town (+1.5)", "<script>x</script>"]}
    card = event_card(single)
    assert "one source: GeoNames 95446" in card
    assert "<script>" not in card and "&lt;script&gt;" in card
    assert render.coordinates_text({"verified": False}) == ""


def test_the_map_filters_dates_in_the_browser_from_day_numbers():
    from datetime import date

    from dashboard.render import day_range, map_data, script_json, window_messenger

    assert day_range({"date_start": "1970-01-02", "date_end": "1970-01-02"}) == [1]
    assert day_range({"date_start": "2023-10-23", "date_end": "2023-10-29"}) == [19653, 19659]
    assert day_range({"date_start": None}) is None
    data = map_data([{"geometry": {"type": "Point", "coordinates": [40.9, 36.6]},
                      "properties": {"event_id": "x", "date_start": "2023-10-23", "date_end": "2023-10-29"}},
                     {"geometry": {"type": "Point", "coordinates": [40.9, 36.6]}, "properties": {"event_id": "y"}}])
    assert data.columns["d0"][0] + data.base == 19653 and data.columns["span"][0] == 6
    assert data.columns["d0"][1] == 0  # undated
    script = window_messenger(date(2023, 10, 29), date(2023, 10, 30), False)
    assert "[19659, 19660, false]" in script
    assert "[null, null, true]" in window_messenger(None, None)
    # article text inside the map's script can never close it or open markup
    text = script_json(["</script><img src=x onerror=alert(1)>", "a & b 'c'"])
    assert "<" not in text and ">" not in text and "&" not in text and "'" not in text
    import json

    assert json.loads(text) == ["</script><img src=x onerror=alert(1)>", "a & b 'c'"]


def test_the_basemap_labels_are_those_the_open_data_give():
    import json

    from dashboard import basemap_labels

    shipped = json.loads(basemap_labels.OUT.read_text(encoding="utf-8"))
    assert shipped == basemap_labels.labels(), "run `python -m dashboard.basemap_labels`"
    by_rank = {}
    for name, _, _, rank in shipped:
        by_rank.setdefault(rank, set()).add(name)
    assert {"Iraq", "Syria"} <= by_rank[0]
    assert {"Anbar", "Deir ez-Zor"} & by_rank[1] and "Baghdad" in by_rank[2] and "Kirkuk" in by_rank[3] | by_rank[2]
    # no long name in capitals over the region at zoom 5, no base area labelled as a country
    assert "N. Cyprus" in by_rank[0] and "Turkish Republic of Northern Cyprus" not in by_rank[0]
    assert "Akrotiri" in by_rank[1] and not {"Akrotiri", "Akrotiri Sovereign Base Area"} & by_rank[0]
    assert "" not in set().union(*by_rank.values())
    assert max(map(len, by_rank[0])) <= 25, sorted(by_rank[0], key=len)[-3:]  # "United States of America"


def test_the_card_says_which_rule_dated_the_event_and_from_which_words():
    assert render.dated_by_text({"date_rule": "story_headline", "date_text": "du 14 mars"}) == \
        "dated by the story's headline: « du 14 mars »"
    assert render.dated_by_text({"date_rule": "before_publication",
                                 "date_text": "no date in the text: before publication (2023-11-01)"}) == \
        "dated by nothing in the text: before publication"
    # An event stored before dates had rules keeps its words.
    assert render.dated_by_text({"date_text": "lundi"}) == "from the words « lundi »"


def test_a_click_on_the_map_names_its_event():
    """The map returns the clicked event's row; the app gets the event's id, and nothing for a row it lacks."""
    from dashboard.map_component import with_event_id

    ids = ("first", "second")
    clicked = {"last_active_drawing": {"type": "Feature", "properties": {"row": 1}}}
    assert with_event_id(clicked, ids)["last_active_drawing"]["properties"]["event_id"] == "second"
    assert with_event_id({"last_active_drawing": {"properties": {"row": 5}}}, ids)[
        "last_active_drawing"]["properties"]["event_id"] is None
    assert with_event_id({"last_active_drawing": None}, ids) == {"last_active_drawing": None}
    assert with_event_id(None, ids) is None
