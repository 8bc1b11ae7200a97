"""The same event reported by several articles is one event with all its sources.

The store keeps every article's own events untouched and merges them when they are read, so deleting
an article simply removes its rows: an event it alone reported disappears, an event others reported
too loses one source. Merging is a pure function of the stored features, here.

Two reports are of the same event when they name the same gazetteer place, the same event type and
date ranges that overlap. Overlap chains (A overlaps B, B overlaps C) make one event: the reports are
swept in date order per place and type, as intervals are merged.
"""

from __future__ import annotations

from datetime import date

_NO_START, _NO_END = "0000-00-00", "9999-99-99"  # an open end overlaps every range on that side


def merge_events(features: list[dict], *, owned: bool = False) -> list[dict]:
    """One feature per event, each listing every article that reports it, in order of first report.

    Each input feature is one article's report: its `sources` (or, failing that, its own
    source/title/published) say which article. The merged event takes the properties and geometry of
    its most precise report, the dates all its reports agree on, and the union of their sources.

    The input is not changed. Each merged event is a new feature with a new properties dict, but its
    geometry and its other nested values (lists of actors, alternatives) are the report's own objects,
    not copies: deep-copying 100,000 reports took most of a big store's read. Whoever changes an event's
    nested values in place copies the event first (geo.corrections.apply_corrections does).

    `owned`: the caller hands the features over and keeps none of them (Store.events builds them for this
    call alone), so each event is its most precise report itself, completed in place, not a copy: a
    store's read then holds one properties dict per report, not two.
    """
    groups: list[list[int]] = []
    by_key: dict[tuple, list[int]] = {}
    for i, f in enumerate(features):
        p = f["properties"]
        if p.get("gazetteer_id") is None:  # a report we cannot match stands alone
            groups.append([i])
        else:
            by_key.setdefault((p["gazetteer_id"], p.get("event_type")), []).append(i)
    for members in by_key.values():
        if len(members) == 1:
            groups.append(members)
            continue
        current: list[int] = []
        reach = _NO_START
        for start, end, i in sorted((_start(features[i]), _end(features[i]), i) for i in members):
            if current and start > reach:  # a gap after every range so far: the next event begins
                groups.append(current)
                current = []
            reach = max(reach, end) if current else end
            current.append(i)
        groups.append(current)
    groups.sort(key=min)
    return [_merged([features[i] for i in sorted(g)], owned) for g in groups]


def _merged(reports: list[dict], owned: bool) -> dict:
    best = reports[0] if len(reports) == 1 else min(reports, key=_precision_rank)
    out = best if owned else {**best, "properties": dict(best["properties"])}
    p = out["properties"]  # what it changes below is read from the reports first
    p["sources"] = _sources(reports)
    keys = [k for r in reports for k in r["properties"].get("event_keys") or []]
    if keys:  # every report's stable key: a correction names any of them (geo.corrections)
        p["event_keys"] = list(dict.fromkeys(keys))
    if len(reports) > 1:
        start = max(_start(r) for r in reports)
        end = min(_end(r) for r in reports)
        if start <= end and start != _NO_START and end != _NO_END:
            # Every report's range holds the day, so their intersection does too, and it is at least
            # as precise as the most precise of them.
            p["date_start"], p["date_end"] = start, end
            precisions = [r["properties"].get("time_precision") for r in reports]
            known = [x for x in precisions if x is not None]
            if start == end:
                p["time_precision"] = 1
            elif known:
                p["time_precision"] = min(known)
    return out


def _precision_rank(f: dict) -> tuple:
    p = f["properties"]
    return (p.get("time_precision") or 9, _width(f), p.get("geo_precision") or 9, -(p.get("confidence") or 0))


def _width(f: dict) -> int:
    s, e = _start(f), _end(f)
    if s == _NO_START or e == _NO_END:
        return 10**6
    try:
        return (date.fromisoformat(e) - date.fromisoformat(s)).days
    except ValueError:
        return 10**6


def _start(f: dict) -> str:
    return f["properties"].get("date_start") or _NO_START


def _end(f: dict) -> str:
    return f["properties"].get("date_end") or _NO_END


def _sources(reports: list[dict]) -> list[dict]:
    seen, out = set(), []
    for r in reports:
        p = r["properties"]
        for s in p.get("sources") or [{"source": p.get("source"), "title": p.get("title"),
                                        "published": p.get("published")}]:
            key = (s.get("source"), s.get("title"), s.get("published"))
            if key not in seen:
                seen.add(key)
                out.append(dict(s))
    return out
