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


TABLE_COLUMNS = ("pos", "event_id", "site", "event_type", "country", "actors", "geo_precision", "time_precision",
                 "date_start", "date_end", "sources", "text")


def events_table(features: list[dict]) -> pd.DataFrame:
    """One row per event, with the columns the filters need; `pos` is the event's index in `features`.

    Events dated outside `plausible_days()` have no row: they never reach the timeline or the map.

    Built column by column (one list per column, then one frame), with each distinct date text parsed once
    and the garbage collector paused: 100,000 events in about a second."""
    from geo.store import paused_gc

    columns: dict[str, list] = {c: [] for c in TABLE_COLUMNS}
    (pos_, event_id_, site_, event_type_, country_, actors_, geo_, time_, start_, end_, sources_,
     text_) = columns.values()
    first, last = plausible_days()
    days: dict[str, date | None] = {}

    def day(value) -> date | None:  # a year of events has a few hundred distinct days: each parsed once
        if value.__class__ is not str:
            return _day(value)
        if value not in days:
            days[value] = _day(value)
        return days[value]

    with paused_gc():
        for pos, f in enumerate(features):
            p = f.get("properties") or {}
            start = day(p.get("date_start"))
            end = day(p.get("date_end")) or start
            if start and end and end < start:
                start, end = end, start
            if start and not (first <= start and end <= last):
                continue
            get = p.get
            site, event_type = get("site"), get("event_type")
            sources = sources_of(p)
            actors = tuple(a for a in get("actors") or () if isinstance(a, str))
            blob = " ".join(str(x) for x in (site, get("mention"), get("excerpt"), get("site_kind"), event_type,
                                             get("sub_event_type"), get("date_text"), get("admin1"), " ".join(actors),
                                             " ".join(str(s.get("title") or "") for s in sources)) if x)
            pos_.append(pos)
            event_id_.append(get("event_id") or f"event-{pos}")
            site_.append(site or "")
            event_type_.append(event_type or "")
            country_.append(get("country") or "")
            actors_.append(actors)
            geo_.append(int(get("geo_precision") or 0))
            time_.append(int(get("time_precision") or 0))
            start_.append(start)
            end_.append(end)
            sources_.append(tuple(s["source"] for s in sources))
            text_.append(fold(blob))
        if not pos_:  # no row: the columns of object dtype an empty list of rows gives
            return pd.DataFrame([], columns=list(TABLE_COLUMNS))
        return pd.DataFrame(columns, columns=list(TABLE_COLUMNS))


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
