"""The timeline under the date slider: events per day, ranged events as spans, and stepping through days."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

MAX_SPAN_LANES = 6


def per_day(table: pd.DataFrame, first: date, last: date) -> pd.DataFrame:
    """For each day from first to last: events dated to that very day, and ranged events (a week, a month)
    whose range covers it. A difference array keeps this linear in events plus days."""
    days = (last - first).days + 1
    exact = np.zeros(days + 1, dtype=np.int64)
    ranged = np.zeros(days + 1, dtype=np.int64)
    dated = table.dropna(subset=["date_start"])
    for start, end in zip(dated["date_start"], dated["date_end"], strict=True):
        a = max((start - first).days, 0)
        b = min((end - first).days, days - 1)
        if b < a:
            continue
        target = exact if start == end else ranged
        target[a] += 1
        target[b + 1] -= 1
    out = pd.DataFrame({"day": pd.date_range(first, periods=days, freq="D"),
                        "on the day": np.cumsum(exact)[:days], "within a range": np.cumsum(ranged)[:days]})
    return out.melt(id_vars="day", var_name="dated", value_name="events")


def spans(table: pd.DataFrame) -> pd.DataFrame:
    """The distinct ranges of ranged events, packed into a few lanes so that overlapping spans stack."""
    dated = table.dropna(subset=["date_start"])
    ranged = dated[dated["date_start"] != dated["date_end"]]
    if ranged.empty:
        return pd.DataFrame(columns=["start", "end", "lane", "events"])
    grouped = (ranged.groupby(["date_start", "date_end"]).size().reset_index(name="events")
               .sort_values(["date_start", "date_end"]))
    lane_ends: list[date] = []
    rows = []
    for start, end, n in grouped.itertuples(index=False):
        lane = next((i for i, e in enumerate(lane_ends) if e < start), None)
        if lane is None:
            if len(lane_ends) >= MAX_SPAN_LANES:
                lane = min(range(len(lane_ends)), key=lambda i: lane_ends[i])
            else:
                lane = len(lane_ends)
                lane_ends.append(end)
        lane_ends[lane] = max(lane_ends[lane], end)
        rows.append({"start": pd.Timestamp(start), "end": pd.Timestamp(end + timedelta(days=1)), "lane": lane,
                     "events": int(n)})
    return pd.DataFrame(rows)


def chart(table: pd.DataFrame, lo: date, hi: date, first: date, last: date):
    """Bars per day over the whole range, the chosen days shaded, and the ranged events' spans beneath.

    altair is imported here, not with the module: the chart sits under the map, and a first visit should
    not wait for it (0.4-0.6 s of imports) before the map is drawn."""
    import altair as alt

    x_scale = alt.Scale(domain=[pd.Timestamp(lo).isoformat(), pd.Timestamp(hi + timedelta(days=1)).isoformat()])
    window = pd.DataFrame({"start": [pd.Timestamp(first)], "end": [pd.Timestamp(last + timedelta(days=1))]})
    shade = alt.Chart(window).mark_rect(color="#ffd43b", opacity=0.18).encode(
        x=alt.X("start:T", scale=x_scale, title=None), x2="end:T")
    counts = per_day(table, lo, hi)
    bars = alt.Chart(counts).mark_bar().encode(
        x=alt.X("day:T", scale=x_scale, title=None, axis=alt.Axis(format="%d %b %Y", labelOverlap=True)),
        y=alt.Y("events:Q", title="events", stack=True),
        color=alt.Color("dated:N", scale=alt.Scale(domain=["on the day", "within a range"],
                                                   range=["#1c7ed6", "#a5d8ff"]),
                        legend=alt.Legend(orient="top", title=None)),
        tooltip=[alt.Tooltip("day:T", format="%d %b %Y"), "dated:N", "events:Q"],
    )
    top = alt.layer(shade, bars).properties(height=110)
    span_rows = spans(table)
    if span_rows.empty:
        return top
    strip = alt.Chart(span_rows).mark_bar(height=6, cornerRadius=2, color="#748ffc", opacity=0.75).encode(
        x=alt.X("start:T", scale=x_scale, title=None, axis=None), x2="end:T",
        y=alt.Y("lane:O", axis=None),
        tooltip=[alt.Tooltip("start:T", title="from", format="%d %b %Y"),
                 alt.Tooltip("end:T", title="until (excl.)", format="%d %b %Y"), "events:Q"],
    ).properties(height=10 * (int(span_rows["lane"].max()) + 1), title=alt.TitleParams(
        "ranged events (a week or a month)", fontSize=10, anchor="start", fontWeight="normal"))
    return alt.vconcat(top, alt.layer(shade, strip), spacing=2)


def step(window: tuple[date, date], lo: date, hi: date, days: int) -> tuple[date, date]:
    """Move the chosen days by `days`, keeping their width; from the whole range, start at its first day."""
    first, last = window
    if (first, last) == (lo, hi):
        return (lo, lo) if days > 0 else (hi, hi)
    width = last - first
    delta = timedelta(days=days)
    first, last = first + delta, last + delta
    if first < lo:
        first, last = lo, lo + width
    if last > hi:
        first, last = hi - width, hi
    return max(first, lo), min(last, hi)
