"""The map on the page: a folium map turned into streamlit-folium's component arguments once, then shown on
every rerun with only the date window changing.

`st_folium` renders the whole map (every event's row) on each call: 0.45 s for 5,000 events, on every slider
move. Here the rendering is done once per map (the caller caches `prepare`), and a slider move sends the
component the same arguments — which Streamlit does not resend and the frame does not reload — and the window
goes to the map through a tiny frame beside it (dashboard.render.window_messenger).
This uses streamlit-folium's own helpers and component (its version is pinned in requirements.txt);
tests/test_browser.py drives it in a real browser.
"""

from __future__ import annotations

from dataclasses import dataclass

import folium
import streamlit_folium as sf


@dataclass(frozen=True)
class PreparedMap:
    """What streamlit-folium's frontend needs to draw a map, rendered once."""

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    zoom: int | None
    event_ids: tuple[str, ...] = ()  # the event of each row the map's layer returns on a click

    def size_bytes(self) -> int:
        return len(self.script.encode()) + len(self.header.encode()) + len(self.html.encode())


def prepare(fmap: folium.Map) -> PreparedMap:
    """Render the map as st_folium does, once."""
    fmap.get_root().render()
    fmap.render()
    html = sf._get_html(fmap)
    header = sf._get_header(fmap)
    script = sf._get_map_string(fmap)
    css: list[str] = []
    js: list[str] = []

    def walk(element):
        if isinstance(element, folium.elements.JSCSSMixin):
            css.extend(href for _, href in getattr(element, "default_css", []))
            js.extend(src for _, src in getattr(element, "default_js", []))
        for child in getattr(element, "_children", {}).values():
            walk(child)

    walk(fmap)
    event_ids = next((child.event_ids for child in fmap._children.values() if hasattr(child, "event_ids")), ())
    return PreparedMap(script=script, header=header, html=html, map_id=sf.get_full_id(fmap),
                       css_links=tuple(dict.fromkeys(css)), js_links=tuple(dict.fromkeys(js)),
                       zoom=fmap.options.get("zoom"), event_ids=tuple(event_ids))


def show(prepared: PreparedMap, key: str, height: int, returned_objects: list[str]) -> dict:
    """The component on the page; returns what streamlit-folium returns (e.g. the last clicked drawing), with
    a clicked event's row turned back into its `event_id`."""
    hash_key = sf.generate_js_hash(prepared.script, key, False)
    defaults = {k: None for k in returned_objects}
    value = sf._component_func(
        script=prepared.script, header=prepared.header, html=prepared.html, id=prepared.map_id, key=hash_key,
        height=height, width=None, returned_objects=returned_objects, default=defaults, zoom=None, center=None,
        feature_group=None, return_on_hover=False, layer_control=None, pixelated=False,
        css_links=list(prepared.css_links), js_links=list(prepared.js_links), wrap_longitude=False,
    )
    return with_event_id(value, prepared.event_ids)


def with_event_id(value, event_ids: tuple[str, ...]):
    """The map returns the clicked event's row (ids would weigh 20 bytes an event in the map); the app wants
    its id. A row this map does not have is dropped."""
    drawing = (value or {}).get("last_active_drawing") if isinstance(value, dict) else None
    props = (drawing or {}).get("properties") if isinstance(drawing, dict) else None
    if not isinstance(props, dict) or "row" not in props:
        return value
    row = props.get("row")
    event_id = event_ids[row] if isinstance(row, int) and 0 <= row < len(event_ids) else None
    drawing = {**drawing, "properties": {**props, "event_id": event_id}}
    return {**value, "last_active_drawing": drawing}
