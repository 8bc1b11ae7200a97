"""The events as a table, and the filters a person sets in the sidebar and on the timeline.

Pure functions over a pandas frame: the app caches the table on the store's version and only filters
on a rerun, so moving the slider never re-reads the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from dashboard.render import GEO_PRECISION, TIME_PRECISION, sources_of
from geo.names import fold

GEO_LABELS = {1: "1 · site", 2: "2 · near a place", 3: "3 · region"}
TIME_LABELS = {1: "1 · day", 2: "2 · week", 3: "3 · month"}


def _day(value) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


EARLIEST_EVENT = date(1900, 1, 1)


def plausible_days() -> tuple[date, date]:
    """The dates an event can have: from 1900 to a year after today. An event dated outside them (stored by
    an older Pressmap from a mistyped publication date, 2300-01-01) is left out of the page: its date cannot
    be true, and a slider stretched to it would break the page for everyone."""
    return EARLIEST_EVENT, date.today() + timedelta(days=366)


def events_table(features: list[dict]) -> pd.DataFrame:
    """One row per event, with the columns the filters need; `pos` is the event's index in `features`.

    Events dated outside `plausible_days()` have no row: they never reach the timeline or the map."""
    rows = []
    first, last = plausible_days()
    for pos, f in enumerate(features):
        p = f.get("properties") or {}
        start = _day(p.get("date_start"))
        end = _day(p.get("date_end")) or start
        if start and end and end < start:
            start, end = end, start
        if start and not (first <= start and end <= last):
            continue
        sources = sources_of(p)
        actors = [a for a in p.get("actors") or [] if isinstance(a, str)]
        blob = " ".join(str(x) for x in (p.get("site"), p.get("mention"), p.get("excerpt"), p.get("site_kind"),
                                         p.get("event_type"), p.get("sub_event_type"), p.get("date_text"),
                                         p.get("admin1"), " ".join(actors),
                                         " ".join(str(s.get("title") or "") for s in sources)) if x)
        rows.append({
            "pos": pos,
            "event_id": p.get("event_id") or f"event-{pos}",
            "site": p.get("site") or "",
            "event_type": p.get("event_type") or "",
            "country": p.get("country") or "",
            "actors": tuple(actors),
            "geo_precision": int(p.get("geo_precision") or 0),
            "time_precision": int(p.get("time_precision") or 0),
            "date_start": start,
            "date_end": end,
            "sources": tuple(s["source"] for s in sources),
            "text": fold(blob),
        })
    cols = ["pos", "event_id", "site", "event_type", "country", "actors", "geo_precision", "time_precision",
            "date_start", "date_end", "sources", "text"]
    return pd.DataFrame(rows, columns=cols)


@dataclass(frozen=True)
class Filters:
    """What the sidebar asks for; an empty list means "any"."""

    event_types: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    geo_precision: list[int] = field(default_factory=list)
    time_precision: list[int] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    text: str = ""


def options(table: pd.DataFrame) -> dict[str, list]:
    """The values each filter offers, most frequent first for the long lists."""
    def by_count(values) -> list:
        counts = pd.Series(list(values), dtype=object).value_counts()
        return sorted(counts.index, key=lambda v: (-counts[v], str(v)))

    return {
        "event_types": by_count(t for t in table["event_type"] if t),
        "countries": sorted({c for c in table["country"] if c}),
        "actors": by_count(a for actors in table["actors"] for a in actors),
        "geo_precision": sorted({g for g in table["geo_precision"] if g in GEO_PRECISION}),
        "time_precision": sorted({t for t in table["time_precision"] if t in TIME_PRECISION}),
        "sources": by_count(s for sources in table["sources"] for s in sources),
    }


def apply(table: pd.DataFrame, f: Filters) -> pd.Series:
    """A boolean mask: the events that pass every filter except the dates."""
    mask = pd.Series(True, index=table.index)
    if f.event_types:
        mask &= table["event_type"].isin(f.event_types)
    if f.countries:
        mask &= table["country"].isin(f.countries)
    if f.geo_precision:
        mask &= table["geo_precision"].isin(f.geo_precision)
    if f.time_precision:
        mask &= table["time_precision"].isin(f.time_precision)
    if f.actors:
        wanted = set(f.actors)
        mask &= table["actors"].map(lambda a: not wanted.isdisjoint(a))
    if f.sources:
        wanted = set(f.sources)
        mask &= table["sources"].map(lambda s: not wanted.isdisjoint(s))
    for word in fold(f.text).split():  # folded as the gazetteer folds: "الحديدة" finds "الحديده", "Alep" "Alèp"
        mask &= table["text"].str.contains(word, regex=False)
    return mask


def date_bounds(table: pd.DataFrame) -> tuple[date, date] | None:
    starts = table["date_start"].dropna()
    ends = table["date_end"].dropna()
    if starts.empty:
        return None
    return min(starts), max(ends)


UNDATED_FIRST, UNDATED_LAST = 10**9, -1  # an undated event's day numbers: it overlaps no window


def with_day_numbers(table: pd.DataFrame) -> pd.DataFrame:
    """The table with its first and last days as integers (`first_day`, `last_day`): a slider move compares
    100,000 integers in a few milliseconds, where comparing date objects took a tenth of a second."""
    import numpy as np

    dated = table["date_start"].notna()
    first = np.full(len(table), UNDATED_FIRST, dtype=np.int64)
    last = np.full(len(table), UNDATED_LAST, dtype=np.int64)
    first[dated.to_numpy()] = [d.toordinal() for d in table.loc[dated, "date_start"]]
    last[dated.to_numpy()] = [d.toordinal() for d in table.loc[dated, "date_end"]]
    return table.assign(first_day=first, last_day=last)


def in_window(table: pd.DataFrame, first: date, last: date, undated: bool = False) -> pd.Series:
    """Events whose date range overlaps the chosen days (both ends inclusive); undated ones when asked."""
    if "first_day" not in table:
        table = with_day_numbers(table)
    starts, ends = table["first_day"].to_numpy(), table["last_day"].to_numpy()
    overlap = (starts <= last.toordinal()) & (ends >= first.toordinal())
    return pd.Series(overlap | ((starts == UNDATED_FIRST) & undated), index=table.index)
