"""Pressmap's dashboard page, served by dashboard/app.py (`streamlit run dashboard/app.py`).

Reads like the page, top to bottom: the sidebar (add a source, filters), the headline, the timeline,
the map, the downloads, the sources. The view (dates, filters, selected event) lives in the URL.
Nothing an article or a user wrote is rendered as live HTML or Markdown: it goes through st.text,
widgets, or HTML we escape ourselves (dashboard/render.py).
"""

from __future__ import annotations

import hashlib
import html
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitAPIException

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `streamlit run dashboard/app.py` puts only dashboard/ on the path
    sys.path.insert(0, str(ROOT))

from dashboard import access, corrections_ui  # noqa: E402
from dashboard.data import current_view, engine, geocoder_url, get_geocoder, get_store, store_location  # noqa: E402
from geo.errors import UserError  # noqa: E402

st.set_page_config(page_title="Pressmap", page_icon="🗺️", layout="wide")

CARD_CSS = """<style>
.pm-card{border:1px solid #dee2e6;border-radius:.5rem;padding:.6rem .8rem;margin:.4rem 0;font-size:.9rem}
.pm-card h4{margin:0 0 .3rem 0;font-size:1rem;display:flex;gap:.4rem;align-items:center}
.pm-card blockquote{margin:.3rem 0;padding:.2rem .6rem;border-left:3px solid #adb5bd;color:#212529}
.pm-card mark{background:#ffe066;padding:0 .1rem}
.pm-card .pm-meta{color:#495057;font-size:.82rem;margin:.15rem 0}
.pm-note{border-radius:.5rem;padding:.55rem .8rem;font-size:.9rem;margin:.3rem 0}
.pm-error{background:#fff5f5;color:#c92a2a;border:1px solid #ffc9c9}
.pm-success{background:#ebfbee;color:#2b8a3e;border:1px solid #b2f2bb}
.pm-info{background:#e7f5ff;color:#1864ab;border:1px solid #a5d8ff}
</style>"""
SOURCES_SHOWN = 25
# An article added in the sidebar is extracted while the visitor waits: 2 MB (a long report) takes a minute
# or two on two cores. Longer texts go through `python -m geo ingest`. .streamlit/config.toml's
# maxUploadSize says the same to the uploader.
ADD_MAX_BYTES = 2_000_000


def note(kind: str, text: str, where=st) -> None:
    """An alert whose text may hold a user's file name or an article's title: escaped, never Markdown."""
    where.html(f'<div class="pm-note pm-{kind}" role="alert">{html.escape(text)}</div>')


# -- the sidebar: add a source --------------------------------------------------------------------

@st.cache_data(show_spinner=False, max_entries=8)
def detected_date(data: bytes, name: str) -> str:
    """The publication date the document gives (HTML metadata, a dateline), to prefill the date field."""
    from geo.reader import read_bytes

    try:
        doc = read_bytes(data, name)
    except UserError:
        return ""
    return doc.published.isoformat() if doc.published else ""


def sidebar_document():
    """The article the sidebar describes, read by the same reader as `python -m geo ingest`."""
    from geo.reader import parse_date, read_bytes, read_text

    upload = st.session_state.get(f"upload-{st.session_state.get('upload_round', 0)}")
    text = st.session_state.get("paste") or ""
    link = (st.session_state.get("source_url") or "").strip()
    typed = (st.session_state.get("published") or "").strip()
    published = parse_date(typed, "Publication date") if typed else None
    if upload is not None:
        doc = read_bytes(upload.getvalue(), upload.name, published=published, max_bytes=ADD_MAX_BYTES)
    elif text.strip():
        if len(text.encode("utf-8")) > ADD_MAX_BYTES:
            raise UserError(f"The pasted text is over the {ADD_MAX_BYTES / 1e6:g} MB a page can add: "
                            "use python -m geo ingest for it")
        doc = read_text(text, link or "pasted text", published=published)
    else:
        raise UserError("Nothing to add: paste an article's text or upload a .txt, .md or .html file")
    return replace(doc, source=link) if link else doc


def add_source(location: str | None) -> None:
    """The "Add to the map" button: read, extract and store one article, as `python -m geo ingest` does."""
    from geo.ingest import ingest_document

    try:
        user = access.require_editor("add sources")  # the server's check, whatever the page showed
    except access.NotAllowed as e:
        st.session_state["add_message"] = ("error", str(e))
        return
    try:
        doc = sidebar_document()
        engine()  # the models and gazetteer, loaded once per process
        result = ingest_document(get_store(location), doc, geocoder=get_geocoder(geocoder_url(), location))
    except UserError as e:
        st.session_state["add_message"] = ("error", str(e))
        return
    except ValueError as e:  # an event the store refuses: the article is left out whole
        st.session_state["add_message"] = ("error", f"{doc.source}: not stored ({e})")
        return
    except Exception as e:  # noqa: BLE001 — a text the pipeline cannot handle: one line, never a traceback
        reason = (str(e).strip().splitlines() or [""])[0]
        st.session_state["add_message"] = ("error", f"Not added: the text could not be read ({type(e).__name__}: "
                                                    f"{reason}); the store is unchanged.")
        return
    name = doc.title or doc.source
    if not result["added"]:
        st.session_state["add_message"] = ("info", f"“{name}” is already in the store: nothing added.")
        return
    get_store(location).record_change(user.who, "add", doc.content_hash)  # the journal: who added it
    n, lost = result["events"], result["unresolved"]
    message = f"Added “{name}”: {n} event{'s' * (n != 1)}."
    if lost:
        names = ", ".join(sorted({str(u.get("mention", "?")) for u in lost}))
        message += f" Not placed on the map: {names}."
    st.session_state["add_message"] = ("success", message)
    st.session_state["paste"] = ""
    st.session_state["source_url"] = ""
    st.session_state["published"] = ""
    st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1
    # show what was added: the slider opens on the whole, new range of dates
    st.session_state.pop("dates", None)
    st.query_params.pop("dates", None)


def sidebar_add(location: str | None) -> None:
    st.header("Add a source")
    upload = st.file_uploader("Upload an article", type=["txt", "md", "markdown", "html", "htm"],
                              key=f"upload-{st.session_state.get('upload_round', 0)}",
                              help="Plain text, Markdown or a saved web page (.html)")
    st.text_area("…or paste its text", key="paste", height=140)
    if upload is not None:
        data, name = upload.getvalue(), upload.name
    else:
        data, name = (st.session_state.get("paste") or "").encode("utf-8"), "pasted text"
    content = hashlib.sha256(data + name.encode()).hexdigest()
    if data.strip() and st.session_state.get("dated_content") != content:
        st.session_state["dated_content"] = content
        st.session_state["published"] = detected_date(data, name)
    st.text_input("Link to the source", key="source_url", placeholder="https://…",
                  help="Where the article was published; shown as a link when it is a web address")
    st.text_input("Publication date", key="published", placeholder="YYYY-MM-DD",
                  help="Prefilled when the document gives one; relative dates (\"on Monday\") count from it")
    st.button("Add to the map", type="primary", on_click=add_source, args=(location,), key="add")
    from geo.text import PIECE_CHARS

    st.caption(f"A long article is read {PIECE_CHARS:,} characters at a time, so any accepted size keeps the "
               "app within its memory. The first source added loads the language models (about 20 s).")
    message = st.session_state.pop("add_message", None)
    if message:
        note(message[0], message[1], st.sidebar)


# -- the sidebar: filters (each bound to the URL) -----------------------------------------------

def sidebar_filters(options: dict, added: dict[str, str], since: str | None) -> filters.Filters:
    st.header("Filters")
    picked = filters.Filters(
        event_types=st.multiselect("Event type", options["event_types"], key="type", bind="query-params"),
        countries=st.multiselect("Country", options["countries"], key="country", bind="query-params"),
        actors=st.multiselect("Actor", options["actors"], key="actor", bind="query-params"),
        geo_precision=st.multiselect("Place precision", options["geo_precision"], key="geo", bind="query-params",
                                     format_func=lambda v: filters.GEO_LABELS.get(v, str(v))),
        time_precision=st.multiselect("Date precision", options["time_precision"], key="time",
                                      bind="query-params", format_func=lambda v: filters.TIME_LABELS.get(v, str(v))),
        sources=st.multiselect("Source article", options["sources"], key="source", bind="query-params",
                               format_func=lambda s: recent.source_label(s, added)),
        text=st.text_input("Text contains", key="q", bind="query-params",
                           help="Words to find in the site, excerpt, actors or article title"),
    )
    new = recent.new_sources(added, since)
    if added and st.toggle(f"New since my last visit ({len(new)})", key="new", bind="query-params", disabled=not since,
                           help=f"Your last visit: {recent.when_text(since)}" if since else "This is your first visit"):
        picked = replace(picked, sources=recent.narrowed(picked.sources, new))
    if added:
        st.caption(f"Last source added {recent.when_text(max(added.values()))}")
    return picked


# -- the timeline ---------------------------------------------------------------------------------

def step_window(lo: date, hi: date, days: int) -> None:
    st.session_state["dates"] = timeline.step(tuple(st.session_state.get("dates", (lo, hi))), lo, hi, days)


def timeline_window(table, lo: date, hi: date) -> tuple[date, date]:
    """The date slider with its step and play controls; returns the chosen days."""
    top = hi if hi > lo else lo + timedelta(days=1)  # a slider needs two different ends
    ends = st.session_state.get("dates_ends")
    st.session_state["dates_ends"] = (lo, top)
    if ends and ends != (lo, top) and tuple(st.session_state.get("dates", ends)) == tuple(ends):
        st.session_state["dates"] = (lo, top)  # the whole range stays the whole range when the store grows
    window = st.session_state.get("dates")
    if window is not None:  # keep a window from the URL or an older store inside today's range
        first, last = (max(lo, min(d, top)) for d in window)
        if (first, max(first, last)) != tuple(window):
            st.session_state["dates"] = (first, max(first, last))
    if st.session_state.get("playing"):
        current = tuple(st.session_state.get("dates", (lo, top)))
        if current[1] >= top and current != (lo, top):
            st.session_state["playing"] = False
        else:
            st.session_state["dates"] = timeline.step(current, lo, top, 1)
    slider, back, forward, play, whole = st.columns([8, 1, 1, 1, 1.2], vertical_alignment="bottom")
    first, last = slider.slider(render.DATE_SLIDER, min_value=lo, max_value=top, value=(lo, top), key="dates",
                                bind="query-params", format="D MMM YYYY",
                                help="Events whose dates overlap the chosen days are shown; "
                                     "the chart under the map counts them by day")
    back.button("◀", on_click=step_window, args=(lo, top, -1), key="back", width="stretch", help="a day back")
    forward.button("▶", on_click=step_window, args=(lo, top, 1), key="forward", width="stretch",
                   help="a day forward")
    play.toggle("Play", key="playing", help="Walk through the days, one a second")
    whole.button("All", on_click=lambda: st.session_state.update(dates=(lo, top)), key="all_dates",
                 help="All dates")
    return first, last


# -- the sources panel ----------------------------------------------------------------------------

def sources_panel(view, in_view, selected: str | None) -> None:
    """The selected event's card (with its corrections), else the first events in view, by date."""
    st.subheader("Sources")
    if selected:
        at = view.position_of(selected)
        if at is None:
            note("info", "The event in the link is no longer in the store.")
        else:
            match = view.features[at]
            if not (in_view["event_id"] == selected).any():
                note("info", "The selected event is outside the current dates or filters.")
            st.html(event_card(match["properties"]))
            corrections_ui.panel(match, view.features)  # its corrections; for editors, the controls
            st.button("Show every event in view", key="clear_selection",
                      on_click=lambda: st.query_params.pop("event", None))
            return
    if in_view.empty:
        st.caption("No event in view.")
        return
    if len(in_view) > SOURCES_SHOWN:
        st.caption(f"The first {SOURCES_SHOWN} of {len(in_view)} events in view, by date. "
                   "Click a marker to see its sources, or narrow the dates or the filters.")
    st.html("".join(event_card(view.features[p]["properties"]) for p in in_view["pos"].head(SOURCES_SHOWN)))


# -- the page -------------------------------------------------------------------------------------

MAP_HEIGHT = 400  # with the compact header and slider, the whole map is in view at 1366×768
PAGE_CSS = """<style>
.block-container{padding-top:2.2rem;padding-bottom:1rem}
h1{padding:0 0 .2rem 0}
</style>"""


@st.fragment
def event_view(view, picked: filters.Filters) -> None:
    """The headline, timeline, map, downloads and sources: a slider move or a click reruns only this."""
    from geo.store import export_csv, export_geojson

    table = view.table
    left_out = len(view.features) - len(table)
    if left_out:  # events_table keeps out dates no slider can hold (before 1900, long after publication)
        first_day, last_day = filters.plausible_days()
        note("info", f"{left_out} event{'s' * (left_out != 1)} dated outside {first_day.isoformat()} – "
                     f"{last_day.isoformat()} {'are' if left_out != 1 else 'is'} not shown (a mistyped publication "
                     "date?); delete the article and add it again with its right date.")
    mask = filters.apply(table, picked)
    headline = st.empty()
    bounds = view.date_bounds()  # all events: the slider's ends stay put while filters change
    window = (None, None, True)
    on_map = table[mask]
    if bounds:
        lo, hi = bounds
        first, last = timeline_window(table[mask], lo, hi)
        whole = first <= lo and last >= hi
        window = (first, last, whole)
        mask &= filters.in_window(table, first, last, undated=whole)
    # first thing after the slider: the map redraws while the rest of this rerun is still on its way
    st.iframe(render.window_messenger(*window), height=1)
    the_map = prepared.prepared_map(view.key, repr(picked), prepared.events_of(view, on_map), view.map_bounds())
    clicked = map_component.show(the_map, height=MAP_HEIGHT, **corrections_ui.map_options(["last_active_drawing"]))
    corrections_ui.take_click(clicked)  # an editor choosing a point for an event
    drawing = (clicked or {}).get("last_active_drawing") or {}
    event_id = (drawing.get("properties") or {}).get("event_id")
    if event_id and event_id != st.session_state.get("last_click"):
        st.session_state["last_click"] = event_id
        st.query_params["event"] = event_id

    # the headline (its place is above the slider) once the map is on its way; the table is already in the
    # order the page lists events (by date, then site)
    in_view = table[mask]
    n_events = len(in_view)
    n_articles = view.articles_in(mask.to_numpy())
    headline.subheader(f"{n_events} event{'s' * (n_events != 1)} from {n_articles} article{'s' * (n_articles != 1)}")
    if bounds:  # the events per day, under the map so that the map is in view
        st.iframe(prepared.timeline_page(view.key, repr(picked), on_map, *prepared.chart_days(lo, hi)),
                  height=timeline.CHART_HEIGHT)
    st.html(render.legend_html(in_view["event_type"].value_counts().to_dict()))

    def features() -> list[dict]:  # made only when a download is asked for
        return [view.features[p] for p in in_view["pos"]]

    left, right, _ = st.columns([1, 1, 4])
    left.download_button("Download GeoJSON", data=lambda: export_geojson(features()), key="geojson",
                         file_name="pressmap-events.geojson", mime="application/geo+json", on_click="ignore")
    right.download_button("Download CSV", data=lambda: export_csv(features()), key="csv",
                          file_name="pressmap-events.csv", mime="text/csv", on_click="ignore")

    sources_panel(view, in_view, st.query_params.get("event"))

    if st.session_state.get("playing"):
        time.sleep(1.0)
        try:
            st.rerun(scope="fragment")  # the next day, redrawing only this view
        except StreamlitAPIException:  # this run is the whole page's (the first one, or after a filter)
            st.rerun()


def page_frame() -> str | None:
    """The title and "Add a source", drawn before the map's libraries are imported: a first visit sees the
    page at once. Returns where the store is."""
    st.html(CARD_CSS + PAGE_CSS)
    st.title("Pressmap")
    location = store_location()
    user = access.current_user()  # a hosted app is read-only for visitors (dashboard/access.py)
    with st.sidebar:
        access.sidebar(user)
        if user.can_write:
            sidebar_add(location)
    return location


def main(location: str | None) -> None:
    view = current_view(location)
    added = recent.added_times(view, location)
    since = recent.last_visit(st.session_state, st.query_params)
    with st.sidebar:
        picked = sidebar_filters(view.options(), added, since)
        if not view.from_samples:
            corrections_ui.sidebar(access.current_user())  # editors: what corrections took off the map
    if view.store_problem:
        note("error", view.store_problem)
    if view.from_samples:
        note("info", f"{'The store is empty, so this' if not view.store_problem else 'This'} is the "
                     f"{len(view.articles)} bundled sample article{'s' * (len(view.articles) != 1)} from "
                     "data/samples/, not saved. Add a source in the sidebar to start your own map.")
        for problem in view.problems:
            note("error", f"Sample not shown: {problem}")
    event_view(view, picked)


LOCATION = page_frame()
from dashboard import filters, map_component, prepared, recent, render, timeline  # noqa: E402 — after the page's frame, on purpose
from dashboard.cards import event_card  # noqa: E402

main(LOCATION)
