"""The event card's corrections: its history for everyone, and for editors the controls that correct it.

Every write goes through `record` or `undo`, which ask `access.require_editor` first: a visitor's session
cannot write even if it sends the values of controls it was never shown. Nothing a person typed is
rendered as HTML: the history is escaped text (render.esc), the reason a plain text area.
"""

from __future__ import annotations

import streamlit as st

from dashboard import access
from dashboard.data import get_store, store_location
from geo import corrections as corr
from geo.errors import UserError

POINT_MODE = "pm_point_mode"  # the event key whose "Move to a point" is open: the map then reports clicks
MESSAGE = "pm_corr_message"
RERUN = "pm_corr_rerun"
KIND_LABELS = {
    "alternative": "Move to one of its alternatives",
    "place": "Move to a gazetteer place",
    "point": "Move to a point",
    "dates": "Change its dates",
    "event_type": "Change its event type",
    "not_place": "Not a place",
    "not_event": "Not an event",
    "merge": "Merge with another event",
}
MERGE_CHOICES = 200  # events offered to merge with, nearest in time first
POINT_KINDS = ("town", "base", "airbase", "airport", "border_crossing", "oil_field", "gas_field", "oil_facility",
               "pipeline_end", "power_plant", "dam", "port", "camp", "compound", "district", "governorate", "region")


@st.cache_resource(show_spinner=False, max_entries=2)
def _corrections(location: str | None, version: str) -> list[dict]:
    """Every correction at this store version (the version keys the cache, across sessions)."""
    return get_store(location).corrections()


def store_corrections(location: str | None) -> list[dict]:
    store = get_store(location)
    return _corrections(location, store.version())


# -- the writes: each asks for the editor role on the server ---------------------------------------------

def record(location: str | None, key: str, kind: str, after: dict, reason: str) -> dict:
    """One correction, by the session's editor; NotAllowed for anyone else, UserError for a bad one."""
    user = access.require_editor("correct events")
    return get_store(location).correct(key, kind, after, reason, user.who)


def undo(location: str | None, correction_id: int) -> dict:
    user = access.require_editor("undo corrections")
    return get_store(location).undo(correction_id, user.who)


def _tell(kind: str, text: str) -> None:
    st.session_state[MESSAGE] = (kind, text)


def map_options(returned_objects: list[str]) -> dict:
    """The map component's key and what it reports: its clicks too while an editor is choosing a point for an
    event. streamlit-folium's frame reads `returned_objects` once, when it is created, so that mode is a map
    of its own key (made when the mode opens and closes); the rest of the time no click costs a rerun."""
    if st.session_state.get(POINT_MODE):
        return {"key": "map-point", "returned_objects": [*returned_objects, "last_clicked"]}
    return {"key": "map", "returned_objects": returned_objects}


def take_click(returned: dict | None) -> None:
    """A click on the map, while a point is being chosen, fills the point's latitude and longitude (the map is
    drawn before the card, so its controls take the values in this very run)."""
    key = st.session_state.get(POINT_MODE)
    click = (returned or {}).get("last_clicked")
    if not key or not isinstance(click, dict) or click == st.session_state.get("pm_click_taken"):
        return
    st.session_state["pm_click_taken"] = click
    try:
        st.session_state[f"pm_corr_lat-{key}"] = round(float(click["lat"]), 5)
        st.session_state[f"pm_corr_lon-{key}"] = round(float(click["lng"]), 5)
    except (KeyError, TypeError, ValueError):
        return


def _kind_changed(key: str) -> None:
    """Runs before the rerun, so the map already reports clicks when "Move to a point" is chosen."""
    if st.session_state.get(f"pm_corr_kind-{key}") == "point" and st.session_state.get(f"pm_corr_open-{key}"):
        st.session_state[POINT_MODE] = key
    else:
        st.session_state.pop(POINT_MODE, None)


def _save(location: str | None, key: str, event: dict, others: dict) -> None:
    """The "Save correction" button: the values of the controls, checked by the store, written or refused."""
    state = st.session_state
    kind = state.get(f"pm_corr_kind-{key}")
    try:
        after = _after(kind, key, event, others)
        made = record(location, key, kind, after, state.get(f"pm_corr_reason-{key}") or "")
    except (access.NotAllowed, UserError) as e:
        _tell("error", str(e))
        return
    _tell("success", f"Correction #{made['id']} saved: {corr.KINDS[kind]}.")
    state[f"pm_corr_reason-{key}"] = ""
    state.pop(POINT_MODE, None)  # the map stops reporting clicks
    state[f"pm_corr_kind-{key}"] = "alternative"
    state[RERUN] = True


def _undo(location: str | None, correction_id: int) -> None:
    try:
        undo(location, correction_id)
    except (access.NotAllowed, UserError) as e:
        _tell("error", str(e))
        return
    _tell("success", f"Correction #{correction_id} undone.")
    st.session_state[RERUN] = True


def _after(kind: str | None, key: str, event: dict, others: dict) -> dict:
    """What the chosen kind of correction sets, from its controls (the store validates it)."""
    state, p = st.session_state, event["properties"]
    if kind == "alternative":
        alternatives = [a for a in p.get("alternatives") or [] if isinstance(a, dict)]
        index = state.get(f"pm_corr_alt-{key}")
        if index is None or not 0 <= index < len(alternatives):
            raise UserError("Choose one of the alternatives.")
        a = alternatives[index]
        return {"site": a.get("site"), "site_kind": a.get("site_kind"), "country": a.get("country"),
                "gazetteer_id": a.get("gazetteer_id"), "gazetteer_source": str(a.get("gazetteer_id") or "").split(":")[0],
                "lat": a.get("lat"), "lon": a.get("lon"),
                "radius_km": p.get("radius_km") or 1.0, "geo_precision": p.get("geo_precision") or 1}
    if kind == "place":
        found = state.get(f"pm_corr_place-{key}")
        if not found:
            raise UserError("Find a gazetteer place by its name first.")
        return dict(found)
    if kind == "point":
        return {"lat": state.get(f"pm_corr_lat-{key}"), "lon": state.get(f"pm_corr_lon-{key}"),
                "radius_km": state.get(f"pm_corr_radius-{key}"), "site": (state.get(f"pm_corr_name-{key}") or "").strip()
                or p.get("mention"), "site_kind": state.get(f"pm_corr_pkind-{key}") or "town",
                "country": (state.get(f"pm_corr_country-{key}") or "").strip().upper()}
    if kind == "dates":
        return {"date_start": state.get(f"pm_corr_from-{key}"), "date_end": state.get(f"pm_corr_to-{key}")}
    if kind == "event_type":
        pair = state.get(f"pm_corr_type-{key}") or ("", "")
        return {"event_type": pair[0], "sub_event_type": pair[1]}
    if kind == "merge":
        into = state.get(f"pm_corr_into-{key}")
        if into not in others:
            raise UserError("Choose the event to merge with.")
        return {"into": into}
    return {}


def place_candidates(name: str) -> list[dict]:
    """Gazetteer places answering to a name, as a correction's `after` (the gazetteer loads on first use)."""
    from geo.gazetteer import AREAS, load_gazetteer

    out = []
    for place, _score in load_gazetteer().lookup(name, limit=8):
        out.append({"site": place.name, "site_kind": place.kind, "country": place.country, "admin1": place.admin1,
                    "gazetteer_id": place.id, "gazetteer_source": place.source, "lat": place.lat, "lon": place.lon,
                    "radius_km": min(max(float(place.radius_km or 1.0), 0.1), corr.RADIUS_MAX_KM),
                    "geo_precision": 3 if place.kind in AREAS else 1, "coordinate_sources": list(place.sources)})
    return out


# -- what the card shows ---------------------------------------------------------------------------------

def panel(event: dict, features: list[dict]) -> None:
    """Under the selected event's card: its corrections, and the editors' controls. Events of the bundled
    samples (not in the store: no `event_keys`) have neither."""
    p = event["properties"]
    keys = p.get("event_keys") or []
    if not keys:
        return
    location = store_location()
    if st.session_state.pop(RERUN, False):
        st.rerun()  # the whole page: the view, the map and the exports read the corrected store
    history = corr.history(event, store_corrections(location))
    user = access.current_user()
    message = st.session_state.pop(MESSAGE, None)
    if message:
        from dashboard.render import esc

        st.html(f'<div class="pm-note pm-{message[0]}" role="alert">{esc(message[1])}</div>')
    if p.get("corrected"):
        machine = p.get("machine") or {}
        was = ", ".join(f"{k} {v}" for k, v in machine.items() if k in ("site", "date_start", "date_end", "event_type"))
        st.caption(f"Corrected by an analyst. The machine's reading: {was or 'see machine in the exports'}.")
    if history:
        st.markdown("**Corrections**")
        for c in history:
            line, button = st.columns([6, 1], vertical_alignment="center")
            line.text(corr.describe(c))
            if user.can_write and not c["undone"]:
                button.button("Undo", key=f"pm_undo-{c['id']}", on_click=_undo, args=(location, c["id"]))
    if user.can_write:
        editor(location, event, features)


def editor(location: str | None, event: dict, features: list[dict]) -> None:
    p = event["properties"]
    key = p["event_keys"][0]
    others = {f["properties"]["event_keys"][0]: f for f in _nearest_in_time(p, features, MERGE_CHOICES)
              if f["properties"].get("event_keys") and f["properties"]["event_keys"][0] != key}
    # a toggle, not an expander: its state is the session's, so the reruns a correction causes keep it open
    if st.toggle("Correct this event", key=f"pm_corr_open-{key}", on_change=_kind_changed, args=(key,)):
        kind = st.selectbox("Correction", list(KIND_LABELS), format_func=KIND_LABELS.get, key=f"pm_corr_kind-{key}",
                            on_change=_kind_changed, args=(key,))
        if kind == "alternative":
            alternatives = [a for a in p.get("alternatives") or [] if isinstance(a, dict)]
            if not alternatives:
                st.caption("The machine considered no other place for these words.")
            st.selectbox("Alternative", list(range(len(alternatives))), key=f"pm_corr_alt-{key}",
                         format_func=lambda i: f"{alternatives[i].get('site')} ({alternatives[i].get('site_kind')}, "
                                               f"{alternatives[i].get('country')})")
        elif kind == "place":
            name = st.text_input("Place name", key=f"pm_corr_find-{key}", placeholder="e.g. Deir ez-Zor")
            found = place_candidates(name) if name.strip() else []
            if name.strip() and not found:
                st.caption("No gazetteer place has that name.")
            st.selectbox("Place", found, key=f"pm_corr_place-{key}",
                         format_func=lambda f: f"{f['site']} ({f['site_kind']}, {f['country']}) · {f['gazetteer_id']}")
        elif kind == "point":
            lon, lat = _anchor(event)
            st.session_state.setdefault(f"pm_corr_lat-{key}", lat)  # a click on the map replaces them
            st.session_state.setdefault(f"pm_corr_lon-{key}", lon)
            st.caption("Click the map to take its point, or type it.")
            left, right, radius = st.columns(3)
            left.number_input("Latitude", format="%.5f", key=f"pm_corr_lat-{key}")
            right.number_input("Longitude", format="%.5f", key=f"pm_corr_lon-{key}")
            radius.number_input("Radius (km)", value=2.0, min_value=0.0, key=f"pm_corr_radius-{key}")
            name, kind_box, country = st.columns(3)
            name.text_input("Name", value=p.get("mention") or "", key=f"pm_corr_name-{key}")
            kind_box.selectbox("Kind", POINT_KINDS, key=f"pm_corr_pkind-{key}")
            country.text_input("Country (ISO code)", value=p.get("country") or "", key=f"pm_corr_country-{key}",
                               max_chars=2)
        elif kind == "dates":
            left, right = st.columns(2)
            left.text_input("From (YYYY-MM-DD)", value=p.get("date_start") or "", key=f"pm_corr_from-{key}")
            right.text_input("To (YYYY-MM-DD)", value=p.get("date_end") or "", key=f"pm_corr_to-{key}")
        elif kind == "event_type":
            choices = corr.event_type_choices()
            current = (p.get("event_type"), p.get("sub_event_type"))
            st.selectbox("Event type", choices, index=choices.index(current) if current in choices else 0,
                         format_func=lambda t: f"{t[0]} / {t[1]}", key=f"pm_corr_type-{key}")
        elif kind == "merge":
            st.selectbox("Merge with", list(others), key=f"pm_corr_into-{key}",
                         format_func=lambda k: f"{others[k]['properties'].get('site')} · "
                                               f"{others[k]['properties'].get('date_start')}")
        st.text_area("Reason", key=f"pm_corr_reason-{key}", max_chars=corr.REASON_MAX,
                     placeholder="What the article says, or where the right place comes from")
        st.button("Save correction", key=f"pm_corr_save-{key}", type="primary", on_click=_save,
                  args=(location, key, event, others))


def _nearest_in_time(props: dict, features: list[dict], n: int) -> list[dict]:
    """The `n` events whose start is nearest this one's: what a merge is offered (a big store has thousands)."""
    from datetime import date

    def day(p: dict) -> int:
        try:
            return date.fromisoformat(p.get("date_start") or "").toordinal()
        except ValueError:
            return 0

    here = day(props)
    return sorted(features, key=lambda f: abs(day(f["properties"]) - here))[:n + 1]


def _anchor(event: dict) -> tuple[float, float]:
    geometry = event.get("geometry") or {}
    coords = geometry.get("coordinates") or [0.0, 0.0]
    if geometry.get("type") != "Point":
        coords = coords[0] if coords else [0.0, 0.0]
    return float(coords[0]), float(coords[1])


def sidebar(user: access.User) -> None:
    """For editors: the corrections that took events off the map (not a place, not an event, merged), to undo."""
    if not user.can_write:
        return
    location = store_location()
    try:
        hidden = corr.hidden([], store_corrections(location))
    except Exception:  # noqa: BLE001 — the store cannot be read: the page says so elsewhere
        return
    if not hidden:
        return
    st.session_state.pop(RERUN, None)  # this run is the whole page's: it reads the store afresh anyway
    with st.expander(f"Events taken off the map ({len(hidden)})"):
        for c in hidden:
            st.text(corr.describe(c))
            st.button(f"Undo #{c['id']}", key=f"pm_undo_hidden-{c['id']}", on_click=_undo, args=(location, c["id"]))
