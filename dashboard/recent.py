"""When each source was added, and which arrived since the visitor's last visit (`geo watch` keeps adding them).

The last visit lives in the URL, as the rest of the view does: at the start of a session the page reads the
time the link carries (`seen`), keeps it as "your last visit", and writes the present time in its place —
so the page a visitor bookmarks, or leaves open and reloads tomorrow, knows when they last looked.
Times are UTC, ISO 8601 text (as the store keeps `added_at`), so they compare as text.
"""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

VISIT_PARAM = "seen"
# A source name no article has: "only new sources" with none new must show no event, not every event.
NO_SOURCE = "\x00no new source"


def added_by_source(articles: list[dict], added: dict[int, str]) -> dict[str, str]:
    """source → when its (latest) article was added, from the store's articles and `Store.added()`."""
    out: dict[str, str] = {}
    for a in articles:
        when = added.get(a["id"])
        if when and when > out.get(a["source"], ""):
            out[a["source"]] = when
    return out


def new_sources(added: dict[str, str], since: str | None) -> list[str]:
    """The sources added after `since`, newest first (none when there is no last visit to compare with)."""
    if not since:
        return []
    return sorted((s for s, when in added.items() if when > since), key=lambda s: added[s], reverse=True)


def narrowed(chosen: list[str], new: list[str]) -> list[str]:
    """The source filter with "new since my last visit" on: the chosen sources that are new, or every new one."""
    keep = [s for s in chosen if s in set(new)] if chosen else list(new)
    return keep or [NO_SOURCE]


def when_text(iso: str | None) -> str:
    """'5 Dec 2026, 23:10 UTC' for an ISO time; '' for none."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return f"{moment.day} {moment:%b %Y, %H:%M} UTC"


def source_label(source: str, added: dict[str, str]) -> str:
    """How the source filter lists a source: with when it was added."""
    when = when_text(added.get(source))
    return f"{source} — added {when}" if when else source


def last_visit(state, params, now: datetime | None = None) -> str | None:
    """The visitor's last visit (ISO, UTC) or None for a first one; once a session, moves the URL's to now.

    `state` is st.session_state and `params` st.query_params (dicts in the tests)."""
    if "last_visit" not in state:
        previous = params.get(VISIT_PARAM) or None
        try:
            previous = datetime.fromisoformat(previous).astimezone(UTC).isoformat(timespec="seconds") if previous else None
        except ValueError:  # a hand-edited link: no last visit rather than an error
            previous = None
        state["last_visit"] = previous
        params[VISIT_PARAM] = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    return state["last_visit"]


def added_times(view, location: str | None) -> dict[str, str]:
    """source → when it was added, for the store's view (none for the bundled samples); read once per version."""
    if view.from_samples:
        return {}
    return _added_times(location, view.key, tuple((a["id"], a["source"]) for a in view.articles))


@st.cache_data(show_spinner=False, max_entries=4)
def _added_times(location: str | None, key: str, articles: tuple) -> dict[str, str]:
    """`key` is the store's version: the cache's key, not read."""
    from dashboard.data import get_store

    return added_by_source([{"id": i, "source": s} for i, s in articles], get_store(location).added())
