"""Analysts' corrections of the machine's events: what each kind changes, how a bad one is refused, and how
they are applied when events are read.

A correction never edits a stored event. It is a row of its own (`corrections` in the store: who, when,
what it changes, before and after, a reason) and `apply_corrections` lays the live ones over the events
each time they are read. So re-ingesting the article changes nothing (the same text gives the same
events), deleting and re-adding it brings its corrections back, and undo is only a flag.

An event is named by a key that does not depend on the gazetteer or the resolver: the article's content
hash and the character offsets of the words that placed it (`event_key`). A rebuilt gazetteer may widen
or narrow a mention by a word: a correction whose exact key is gone then follows the event of the same
article whose mention overlaps its own.

Everything here is pure: events and corrections in, events out.
"""

from __future__ import annotations

import copy
import re
from datetime import date, timedelta

from geo.errors import UserError

KINDS = {
    "alternative": "moved to one of its alternatives",
    "place": "moved to a gazetteer place",
    "point": "moved to a point on the map",
    "dates": "dates changed",
    "event_type": "event type changed",
    "not_place": "marked not a place",
    "not_event": "marked not an event",
    "merge": "merged with another event",
}
MOVES = ("alternative", "place", "point")
HIDES = ("not_place", "not_event", "merge")  # the event leaves the map (a merged one lives on in the other)
REASON_MAX = 2000
RADIUS_MAX_KM = 500.0
KEY_HASH_CHARS = 16
_KEY = re.compile(r"^([0-9a-f]{" + str(KEY_HASH_CHARS) + r"}):(\d+):(\d+)$")
# Fields a place correction carries over from the chosen place (an alternative or a gazetteer row).
PLACE_FIELDS = ("site", "site_kind", "country", "admin1", "gazetteer_id", "gazetteer_source", "radius_km",
                "geo_precision", "coordinate_sources", "lat", "lon")


def event_key(content_hash: str, props: dict) -> str:
    """The stable name of one article's event: its text's hash and the offsets of the words that placed it."""
    return f"{content_hash[:KEY_HASH_CHARS]}:{int(props.get('mention_start') or 0)}:{int(props.get('mention_end') or 0)}"


def parse_key(key: str) -> tuple[str, int, int]:
    m = _KEY.match(key or "")
    if not m:
        raise UserError(f"'{key}' is not an event key (hash:start:end, as an event's event_keys give it)")
    return m.group(1), int(m.group(2)), int(m.group(3))


# -- validation: one clear line, before anything is written --------------------------------------------------

def clean_reason(reason: str | None) -> str:
    """The reason as plain text: control characters dropped, length capped. HTML in it stays text (it is
    escaped wherever it is shown)."""
    text = "".join(c for c in str(reason or "") if c in "\n\t" or c.isprintable()).strip()
    if len(text) > REASON_MAX:
        raise UserError(f"The reason is {len(text):,} characters long; keep it under {REASON_MAX:,}.")
    return text


def validate(kind: str, after: dict, event: dict | None, today: date | None = None) -> dict:
    """The correction's `after`, checked and normalised, or a UserError saying what is wrong.

    `event` is the event as read now (None: it is no longer in the store)."""
    if kind not in KINDS:
        raise UserError(f"'{kind}' is not a kind of correction ({', '.join(KINDS)})")
    if event is None:
        raise UserError("That event is no longer in the store (its article was deleted): nothing was changed.")
    after = dict(after or {})
    if kind in ("alternative", "place", "point"):
        lat, lon = _number(after.get("lat"), "latitude"), _number(after.get("lon"), "longitude")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise UserError(f"The point {lat:g}, {lon:g} is outside the world (latitude −90…90, longitude −180…180).")
        after["lat"], after["lon"] = round(lat, 5), round(lon, 5)
        radius = _number(after.get("radius_km", 1.0), "radius")
        if not 0 < radius <= RADIUS_MAX_KM:
            raise UserError(f"A radius of {radius:g} km: give one between 0 and {RADIUS_MAX_KM:g} km.")
        after["radius_km"] = round(radius, 1)
        if kind == "point":
            after.setdefault("site", (event["properties"].get("mention") or "").strip() or "marked point")
            after.setdefault("site_kind", "place")
            after["gazetteer_id"] = f"point:{after['lat']},{after['lon']}"
            after["gazetteer_source"] = "analyst"
            after["geo_precision"] = 1 if radius <= 5 else 2 if radius <= 50 else 3
        elif not after.get("gazetteer_id") or not after.get("site"):
            raise UserError("A place to move to needs its name and gazetteer id.")
        sources = after.get("coordinate_sources")
        after["coordinate_sources"] = [str(x)[:300] for x in sources[:5]] if isinstance(sources, list) and sources \
            else None
        return {k: after[k] for k in PLACE_FIELDS if after.get(k) is not None}
    if kind == "dates":
        start, end = _day(after.get("date_start"), "start"), _day(after.get("date_end"), "end")
        if end < start:
            raise UserError(f"The date range ends ({end}) before it starts ({start}).")
        latest = (today or date.today()) + timedelta(days=366)
        if start < date(1900, 1, 1) or end > latest:
            raise UserError(f"Dates run from 1900-01-01 to {latest}; {start} – {end} is outside.")
        width = (end - start).days
        return {"date_start": start.isoformat(), "date_end": end.isoformat(),
                "time_precision": 1 if width == 0 else 2 if width <= 7 else 3}
    if kind == "event_type":
        pair = (str(after.get("event_type") or ""), str(after.get("sub_event_type") or ""))
        if pair not in event_type_choices():
            raise UserError(f"'{pair[0]} / {pair[1]}' is not one of ACLED's event types that Pressmap uses.")
        return {"event_type": pair[0], "sub_event_type": pair[1]}
    if kind == "merge":
        into = str(after.get("into") or "")
        parse_key(into)
        if into in (event["properties"].get("event_keys") or []):
            raise UserError("An event cannot be merged with itself.")
        return {"into": into}
    return {}


def before_of(kind: str, event: dict) -> dict:
    """What the correction changes, as the event shows it now (kept for the history and for undo's sake)."""
    p = event["properties"]
    if kind in MOVES:
        out = {k: p.get(k) for k in PLACE_FIELDS if k not in ("lat", "lon") and p.get(k) is not None}
        out["geometry"] = event.get("geometry")
        out["mention"], out["source"] = p.get("mention"), p.get("source")  # what the gazetteer may learn
        return out
    if kind == "dates":
        return {k: p.get(k) for k in ("date_start", "date_end", "time_precision")}
    if kind == "event_type":
        return {k: p.get(k) for k in ("event_type", "sub_event_type")}
    return {"site": p.get("site"), "event_id": p.get("event_id")}


def event_type_choices() -> list[tuple[str, str]]:
    """Every (event type, sub-event type) the languages' rules can give, and the fallback: ACLED's, as used here."""
    from geo.event_types import FALLBACK
    from geo.lexicon import languages, lexicon

    pairs = []
    for lang in languages():
        try:
            rules = lexicon(lang, "events").get("event_types") or []
        except (FileNotFoundError, OSError):
            continue
        pairs += [(r["event_type"], r["sub_event_type"]) for r in rules]
    return sorted(set(pairs) | {FALLBACK})


def _number(value, what: str) -> float:
    try:
        out = float(value)
    except (TypeError, ValueError):
        raise UserError(f"The {what} '{value}' is not a number.") from None
    if out != out or out in (float("inf"), float("-inf")):
        raise UserError(f"The {what} '{value}' is not a number.")
    return out


def _day(value, which: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise UserError(f"The {which} date '{value}' is not a date (YYYY-MM-DD).") from None


# -- applying them, on read ----------------------------------------------------------------------------------

def live(corrections: list[dict]) -> list[dict]:
    """The corrections not undone, oldest first (a later one of the same kind wins)."""
    return sorted((c for c in corrections if not c.get("undone")), key=lambda c: c["id"])


def find_event(events: list[dict], key: str) -> dict | None:
    """The event this key names: the one listing it, else one of the same article whose mention overlaps it."""
    for e in events:
        if key in (e["properties"].get("event_keys") or []):
            return e
    try:
        digest, start, end = parse_key(key)
    except UserError:
        return None
    for e in events:
        for other in e["properties"].get("event_keys") or []:
            m = _KEY.match(other)
            if m and m.group(1) == digest and int(m.group(2)) < end and start < int(m.group(3)):
                return e
    return None


class _Keys:
    """Which event each key names, as `find_event` answers it, without reading every event per correction.

    Each key (and each article's hash, for the overlap rule) maps to the positions of the events that list
    it; an event that a correction changes is registered again, and a position whose event no longer lists
    the key is passed over, so the answer is always `find_event`'s over the events as they are now."""

    def __init__(self, events: list[dict]) -> None:
        self.events = events
        self.by_key: dict[str, list[int]] = {}
        self.by_digest: dict[str, list[int]] = {}
        for i in range(len(events)):
            self.register(i)

    def register(self, i: int) -> None:
        for key in self.events[i]["properties"].get("event_keys") or []:
            self.by_key.setdefault(key, []).append(i)
            m = _KEY.match(key)
            if m:
                self.by_digest.setdefault(m.group(1), []).append(i)

    def find(self, key: str) -> int | None:
        """The position of the event `find_event(events, key)` returns, or None."""
        for i in sorted(set(self.by_key.get(key, ()))):
            if key in (self.events[i]["properties"].get("event_keys") or []):
                return i
        try:
            digest, _, _ = parse_key(key)
        except UserError:
            return None
        for i in sorted(set(self.by_digest.get(digest, ()))):
            if find_event([self.events[i]], key) is not None:
                return i
        return None


def apply_corrections(events: list[dict], corrections: list[dict]) -> list[dict]:
    """The events as the analysts corrected them. Each corrected event says so (`corrected`: true, the
    correction ids in `correction_ids`) and keeps the machine's values it lost under `machine`; events
    marked not a place, not an event, or merged into another leave the list. The input is not changed:
    an event is copied before a correction changes it, and the others are the input's own (copying
    100,000 events for a dozen corrections took seconds of every read)."""
    active = live(corrections)
    if not active:
        return events
    out = list(events)
    keys = _Keys(out)
    copied: set[int] = set()
    gone: set[int] = set()

    def own(i: int) -> dict:
        if i not in copied:
            out[i] = copy.deepcopy(out[i])
            copied.add(i)
        return out[i]

    for c in active:
        t = keys.find(c["event_key"])
        if t is None or t in gone:
            continue  # its article was deleted, or the event already left: the correction waits
        kind, after = c["kind"], c.get("after") or {}
        if kind in HIDES:
            if kind == "merge":
                i = keys.find(after.get("into", ""))
                if i is None or i == t or i in gone:
                    continue
                into, p = own(i), out[t]["properties"]
                _keep_machine(into, {"sources": into["properties"].get("sources")})
                seen = {(s.get("source"), s.get("title")) for s in into["properties"].get("sources") or []}
                into["properties"]["sources"] = (into["properties"].get("sources") or []) + [
                    s for s in p.get("sources") or [] if (s.get("source"), s.get("title")) not in seen]
                into["properties"]["event_keys"] = list(dict.fromkeys(
                    (into["properties"].get("event_keys") or []) + (p.get("event_keys") or [])))
                _mark(into, c)
                keys.register(i)
            gone.add(t)
            continue
        target = own(t)
        p = target["properties"]
        if kind in MOVES:
            changed = {k: v for k, v in after.items() if k not in ("lat", "lon")}
            changed |= {"coordinate_sources": after.get("coordinate_sources") or [
                            f"analyst correction #{c['id']} ({c.get('who')}) {after['lat']},{after['lon']}"],
                        "verified": False, "placed_because": [f"placed by an analyst: {c.get('reason') or KINDS[kind]}"]}
            _keep_machine(target, {k: p.get(k) for k in changed} | {"geometry": target.get("geometry")})
            p.update(changed)
            target["geometry"] = {"type": "Point", "coordinates": [after["lon"], after["lat"]]}
            p.pop("alternatives", None) if kind == "point" else None
        else:
            if kind == "dates":  # the machine's words and rule no longer dated it: the card's history says who did
                after = after | {"date_rule": "correction", "date_text": ""}
            _keep_machine(target, {k: p.get(k) for k in after})
            p.update(after)
        _mark(target, c)
        keys.register(t)
    return [e for i, e in enumerate(out) if i not in gone]


def _keep_machine(event: dict, values: dict) -> None:
    """The machine's own values, the first time a correction changes them (a second correction keeps them)."""
    machine = event["properties"].setdefault("machine", {})
    for k, v in values.items():
        machine.setdefault(k, v)


def _mark(event: dict, correction: dict) -> None:
    p = event["properties"]
    p["corrected"] = True
    p["correction_ids"] = [*(p.get("correction_ids") or []), correction["id"]]


def hidden(events: list[dict], corrections: list[dict]) -> list[dict]:
    """The live corrections that took an event off the map (not a place, not an event, merged)."""
    return [c for c in live(corrections) if c["kind"] in HIDES]


def history(event: dict, corrections: list[dict]) -> list[dict]:
    """Every correction (undone ones too) made to this event, oldest first: what its card lists."""
    keys = set(event["properties"].get("event_keys") or [])
    ids = set(event["properties"].get("correction_ids") or [])
    return sorted((c for c in corrections if c["event_key"] in keys or c["id"] in ids), key=lambda c: c["id"])


def describe(c: dict) -> str:
    """One line of a card's history, as plain text: when, who, what changed, why."""
    after, before = c.get("after") or {}, c.get("before") or {}
    what = KINDS.get(c["kind"], c["kind"])
    if c["kind"] in MOVES:
        what = f"moved from {before.get('site', '?')} to {after.get('site', '?')} ({after.get('lat')}, {after.get('lon')}, " \
               f"within {after.get('radius_km')} km)"
    elif c["kind"] == "dates":
        what = f"dates {before.get('date_start')} – {before.get('date_end')} → {after.get('date_start')} – " \
               f"{after.get('date_end')}"
    elif c["kind"] == "event_type":
        what = f"type {before.get('event_type')} → {after.get('event_type')} / {after.get('sub_event_type')}"
    line = f"#{c['id']} {str(c.get('at', ''))[:16].replace('T', ' ')} {c.get('who', '?')}: {what}"
    if c.get("reason"):
        line += f" — “{c['reason']}”"
    if c.get("undone"):
        line += f" (undone by {c.get('undone_by') or '?'})"
    return line
