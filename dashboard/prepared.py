"""What the page draws from a store version and a choice of filters, made once and shared by every visitor: the
map (as folium builds it, then as streamlit-folium's component takes it) and the chart of events per day.

The app's start-up (dashboard/app.py) makes them for the view with no filter, so that the first visitor after a
start — at 100,000 events, building the map alone takes 1.5 s — finds them ready. It cannot import
streamlit-folium (its component registers only inside a page run), hence the folium map is a step of its own.
"""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from dashboard import filters, render, timeline


@st.cache_resource(show_spinner=False, max_entries=6)
def folium_map(view_key: str, filters_key: str, _features, _bounds):
    """The folium map of these events over all their dates; `_features` makes their list, only on a miss."""
    return render.build_map(_features(), _bounds)


@st.cache_resource(show_spinner=False, max_entries=6)
def prepared_map(view_key: str, filters_key: str, _features, _bounds):
    """The map as streamlit-folium's component takes it: a slider move only sends the window
    (render.window_messenger), never this again."""
    from dashboard import map_component

    return map_component.prepare(folium_map(view_key, filters_key, _features, _bounds))


@st.cache_resource(show_spinner=False, max_entries=6)
def timeline_page(view_key: str, filters_key: str, _table, lo: date, hi: date) -> str:
    """The chart of events per day: the slider only moves its shade (through the date window's messenger), so a
    slider move does not send it again."""
    return timeline.chart_html(_table, lo, hi)


def events_of(view, on_map):
    """A maker of the list of the events in `on_map` (rows of the view's table), for the caches above."""
    return lambda: [view.features[p] for p in on_map["pos"]]


def chart_days(lo: date, hi: date) -> tuple[date, date]:
    """The chart's first and last day (two different days: a chart of one day has no width)."""
    return lo, max(hi, lo + timedelta(days=1))


def warm(view) -> None:
    """Make, for the view with no filter, what its first visitor would wait for (dashboard/app.py's start-up)."""
    picked = filters.Filters()
    on_map = view.table[filters.apply(view.table, picked)]
    view.options()
    folium_map(view.key, repr(picked), events_of(view, on_map), view.map_bounds())
    bounds = view.date_bounds()
    if bounds:
        timeline_page(view.key, repr(picked), on_map, *chart_days(*bounds))
