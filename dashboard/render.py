"""How an event looks: its colour and icon by type, its popup, the legend, the excerpt with the mention
highlighted, and the folium map that draws them all offline.

Nothing an article or a user wrote reaches the page as live HTML: Python escapes it before it goes into
any HTML we build, and the map's JavaScript puts it in with `textContent`, never `innerHTML`.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote, urlparse

import folium
from branca.element import MacroElement
from jinja2 import Template

from geo.terminal import visible_bidi

STATIC = Path(__file__).parent / "static"
# The map lives in streamlit-folium's component iframe, served at <app>/component/<name>/index.html;
# Streamlit serves dashboard/static/ at <app>/app/static/. A URL relative to the iframe's page
# therefore reaches it wherever the app is mounted (locally at /, on Community Cloud under a prefix),
# where an absolute "/app/static" would not.
STATIC_URL = "../../app/static"

# ACLED's event types. Colours from the Tableau 10 palette; each type also has its own shape, so the
# map still reads in greyscale or for a colour-blind analyst.
EVENT_STYLES = {
    "Explosions/Remote violence": ("#e8590c", "burst"),
    "Battles": ("#c92a2a", "diamond"),
    "Violence against civilians": ("#862e9c", "triangle"),
    "Strategic developments": ("#2b8a3e", "square"),
    "Protests": ("#1864ab", "circle"),
    "Riots": ("#7f5539", "hexagon"),
}
OTHER_STYLE = ("#495057", "circle")

# Each shape as SVG path data on a 22×22 grid: the legend's <svg> icons and the map's canvas (Path2D) draw the
# same outlines.
SHAPE_PATHS = {
    "circle": "M19,11A8,8 0 1 1 3,11A8,8 0 1 1 19,11Z",
    "square": "M5.5,3.5H16.5A2,2 0 0 1 18.5,5.5V16.5A2,2 0 0 1 16.5,18.5H5.5A2,2 0 0 1 3.5,16.5V5.5A2,2 0 0 1 5.5,3.5Z",
    "diamond": "M11,1.5L20.5,11L11,20.5L1.5,11Z",
    "triangle": "M11,2L20.5,19L1.5,19Z",
    "hexagon": "M6,2.5L16,2.5L20.5,11L16,19.5L6,19.5L1.5,11Z",
    "burst": "M11,0.5L13.6,6.5L20,4.5L16.4,10.2L21.5,14L14.9,14.6L14.6,21.3L11,16L7.4,21.3L7.1,14.6L0.5,14"
             "L5.6,10.2L2,4.5L8.4,6.5Z",
}
ICON_STROKE = ("#fff", 1.6)

# A circle shows how far an imprecise place may be; past this it would cover a country and hide the map,
# so a region's or a country's events keep their marker and say the radius in the popup.
MAX_CIRCLE_KM = 150

GEO_PRECISION = {1: "the site itself", 2: "near the place", 3: "somewhere in the region"}
TIME_PRECISION = {1: "day", 2: "week", 3: "month"}


def event_style(event_type: str) -> tuple[str, str]:
    """(colour, shape) for an event type; types we do not know are grey circles."""
    return EVENT_STYLES.get(event_type or "", OTHER_STYLE)


def icon_svg(event_type: str, size: int = 22) -> str:
    colour, shape = event_style(event_type)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 22 22">'
            f'<path d="{SHAPE_PATHS[shape]}" fill="{colour}" stroke="{ICON_STROKE[0]}" '
            f'stroke-width="{ICON_STROKE[1]}"/></svg>')


def icon_img(event_type: str, size: int = 16) -> str:
    """The icon as an <img> with a data: URI: st.html's sanitiser drops inline <svg>, keeps images."""
    data = quote(icon_svg(event_type, size), safe="")
    return (f'<img src="data:image/svg+xml;charset=utf-8,{data}" width="{size}" height="{size}" '
            f'alt="" style="vertical-align:middle">')


def legend_html(counts: dict[str, int]) -> str:
    """The legend: one row per event type in view, with its icon and how many events it has."""
    rows = []
    for event_type, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        rows.append(f'<span class="pm-legend-item">{icon_img(event_type, 16)} '
                    f'{html.escape(event_type or "type not known")} <b>{n}</b></span>')
    style = ("<style>.pm-legend{display:flex;flex-wrap:wrap;gap:.3rem 1.1rem;font-size:.85rem}"
             ".pm-legend-item{display:inline-flex;align-items:center;gap:.3rem}</style>")
    return style + '<div class="pm-legend">' + "".join(rows) + "</div>"


def esc(text) -> str:
    """Text for the page: HTML-escaped, and Unicode's direction controls shown as <U+202E> rather than applied
    (a right-to-left override can make "daddaB" read as a place name it is not)."""
    return html.escape(visible_bidi(str(text)))


def safe_href(url: str | None) -> str | None:
    """The URL when it is a web link a reader can follow (http or https with a host), else None.

    Anything else — `javascript:`, `data:`, a file path — is shown as text, never as a live link.
    """
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parsed = urlparse(url)
    except ValueError:
        return None
    if parsed.scheme.lower() in ("http", "https") and parsed.netloc and not any(c in url for c in "\"'<> \n\t"):
        return url
    return None


def link_html(url: str | None, text: str | None = None) -> str:
    """An escaped link when the URL is a web link, else the escaped text (or URL) with no link."""
    label = esc(text or url or "")
    href = safe_href(url)
    if href is None:
        return label
    return f'<a href="{html.escape(href, quote=True)}" target="_blank" rel="noopener noreferrer">{label}</a>'


def mention_span(excerpt: str, mention: str, mention_start, mention_end, excerpt_start) -> tuple[int, int] | None:
    """Where the mention sits inside the excerpt, from the document offsets (or by search when they disagree)."""
    if not excerpt:
        return None
    try:
        a, b = int(mention_start) - int(excerpt_start), int(mention_end) - int(excerpt_start)
    except (TypeError, ValueError):
        a = b = -1
    if 0 <= a < b <= len(excerpt) and (not mention or excerpt[a:b] == mention):
        return a, b
    if mention:
        at = excerpt.find(mention)
        if at >= 0:
            return at, at + len(mention)
    return None


def highlighted_excerpt(props: dict) -> str:
    """The sentence as HTML with the mention wrapped in <mark>: escape each part first, then wrap."""
    excerpt = props.get("excerpt") or ""
    span = mention_span(excerpt, props.get("mention") or "", props.get("mention_start"), props.get("mention_end"),
                        props.get("excerpt_start"))
    if span is None:
        return esc(excerpt)
    a, b = span
    return esc(excerpt[:a]) + "<mark>" + esc(excerpt[a:b]) + "</mark>" + esc(excerpt[b:])


def date_range_text(props: dict) -> str:
    start, end = props.get("date_start") or "", props.get("date_end") or ""
    when = start if not end or end == start else f"{start} – {end}"
    precision = TIME_PRECISION.get(props.get("time_precision"))
    return f"{when or 'date not known'}" + (f" (to the {precision})" if precision else "")


def dated_by_text(props: dict) -> str:
    """Which rule of the dating ladder chose the event's date, and the words it read: "dated by the story's
    headline: « du 14 mars »". Events stored before rules had names show the words alone."""
    from geo.date_rules import LABELS
    from geo.dating import NO_DATE

    words = props.get("date_text") or ""
    label = LABELS.get(props.get("date_rule") or "")
    if label is None:
        return f"from the words « {words} »" if words else ""
    if not words or words.startswith(NO_DATE):  # a reason, not words of the text: the label says it
        return f"dated by {label}"
    return f"dated by {label}: « {words} »"


def site_text(props: dict) -> str:
    kind = (props.get("site_kind") or "").replace("_", " ")
    where = ", ".join(x for x in (props.get("admin1"), props.get("country")) if x)
    return (props.get("site") or props.get("mention") or "?") + (f" ({kind})" if kind else "") + \
        (f", {where}" if where else "")


def coordinates_text(props: dict) -> str:
    """Where the point comes from, as the card says it: "two sources agree: …" or "one source: …"."""
    sources = [str(s) for s in props.get("coordinate_sources") or [] if s]
    if not sources:
        return ""
    if props.get("verified"):
        return f"{len(sources)} sources agree: " + "; ".join(sources)
    return ("one source: " if len(sources) == 1 else "sources not cross-checked: ") + "; ".join(sources)


def sources_of(props: dict) -> list[dict]:
    """Every article that reports the event (the store merges them); a lone article's own fields otherwise."""
    found = [s for s in props.get("sources") or [] if isinstance(s, dict) and s.get("source")]
    if not found and props.get("source"):
        found = [{"source": props["source"], "title": props.get("title"), "published": props.get("published")}]
    return found


def popup_values(props: dict) -> list[str]:
    """What a marker's popup says, as plain strings (the map's script inserts them as text)."""
    sources = sources_of(props)
    first = sources[0] if sources else {}
    source = (first.get("title") or first.get("source") or "") + (
        f" ({first['published']})" if first.get("published") else "")
    if len(sources) > 1:
        source += f" and {len(sources) - 1} more"
    return [visible_bidi(v) for v in (
        site_text(props),
        date_range_text(props),
        GEO_PRECISION.get(props.get("geo_precision"), "") + (
            f", within {props['radius_km']:g} km" if isinstance(props.get("radius_km"), (int, float)) else ""),
        " / ".join(x for x in (props.get("event_type"), props.get("sub_event_type")) if x),
        ", ".join(props.get("actors") or []),
        source,
    )]


POPUP_LABELS = ["Site", "When", "Where", "Type", "Actors", "Source"]
EPOCH = date(1970, 1, 1)
DATE_SLIDER = "Dates"  # the date slider's label: the map's script finds the slider's thumbs by it


def day_number(value) -> int | None:
    """Days since 1970-01-01 for an ISO date (or a date), None when there is none: the map's script compares
    these numbers with the slider's window, so a slider move needs no new map."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return None
    if not isinstance(value, date):
        return None
    return (value - EPOCH).days


def day_range(props: dict) -> list[int] | None:
    """[first, last] day numbers of an event's dates (inclusive), [day] for one day, None when it is undated."""
    first = day_number(props.get("date_start"))
    if first is None:
        return None
    last = day_number(props.get("date_end"))
    last = max(first, last if last is not None else first)
    return [first] if last == first else [first, last]


def script_json(value) -> str:
    """JSON for inside a <script>, without spaces (5,000 events: a fifth smaller than jinja's tojson), and with
    the characters that could close the script or open markup escaped, as tojson does."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("'", "\\u0027").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def window_messenger(first: date | None, last: date | None, undated: bool = True) -> str:
    """A tiny page that tells the map which days to show: the events overlapping [first, last] (None: open),
    the undated ones too when asked (the whole range).

    A slider move sends only this (a few hundred bytes) in its own little frame; the map's component keeps
    exactly the same arguments, so Streamlit sends it no new message and its frame does not reload. The window
    is also left on the page (`pmWanted`) for a map that draws later."""
    lo = "null" if first is None else str(day_number(first))
    hi = "null" if last is None else str(day_number(last))
    flag = "true" if undated else "false"
    return f"""<script>
(function () {{
  var wanted = [{lo}, {hi}, {flag}], page = window.parent;
  try {{ page.pmWanted = wanted; }} catch (e) {{ return; }}
  for (var i = 0; i < page.frames.length; i++) {{
    try {{ if (page.frames[i].pmWindow) {{ page.frames[i].pmWindow(wanted[0], wanted[1], wanted[2]); }} }}
    catch (e) {{ /* another origin's frame */ }}
  }}
}})();
</script>"""


# The columns the map's script reads (dashboard/static/pressmap/events.js): where, when, which type, the popup's
# texts as indexes into one table of distinct strings, the link, the circle's radius.
MAP_COLUMNS = ("lat", "lon", "d0", "span", "type", *(f"p{k}" for k in range(len(POPUP_LABELS))), "href", "circle")
COORDINATE_SCALE = 100_000  # coordinates travel as integers of 1e-5 degree (about a metre)


@dataclass
class MapData:
    """The map's events as columns of integers (one entry per event, in the order given), and what they index.

    Popup texts repeat a lot (the same site, dates, type and article across events), so each event holds
    indexes into one table of distinct strings (index 0 is the empty string). Days count from `base`: d0 is
    0 for an undated event, else its first day - base; span is its last day - its first.
    """

    columns: dict[str, list[int]]
    types: list[str]
    strings: list[str]
    lines: list[list]  # [row, [[lat, lon] as integers, ...]] for events drawn as lines (pipelines)
    base: int
    event_ids: list[str]


def map_data(features: list[dict]) -> MapData:
    """The events the map draws (those with a point or a line), as columns."""
    types: list[str] = []
    type_index: dict[str, int] = {}
    strings: list[str] = [""]
    string_index: dict[str, int] = {"": 0}

    def intern(value: str) -> int:
        at = string_index.get(value)
        if at is None:
            at = string_index[value] = len(strings)
            strings.append(value)
        return at

    def scaled(value: float) -> int:
        return round(value * COORDINATE_SCALE)

    columns: dict[str, list[int]] = {name: [] for name in MAP_COLUMNS}
    lines: list[list] = []
    days: list[list[int] | None] = []
    event_ids: list[str] = []
    links: dict = {}
    for f in features:
        props, geom = f.get("properties") or {}, f.get("geometry") or {}
        coords = geom.get("coordinates")
        if not coords:
            continue
        if geom.get("type") == "LineString":
            line = [[scaled(lat), scaled(lon)] for lon, lat in coords]
            lines.append([len(event_ids), line])
            lat, lon = line[0]
        elif geom.get("type") == "Point":
            lat, lon = scaled(coords[1]), scaled(coords[0])
        else:
            continue
        event_ids.append(str(props.get("event_id", "")))
        columns["lat"].append(lat)
        columns["lon"].append(lon)
        event_type = props.get("event_type") or ""
        if event_type not in type_index:
            type_index[event_type] = len(types)
            types.append(event_type)
        columns["type"].append(type_index[event_type])
        for k, value in enumerate(popup_values(props)):
            columns[f"p{k}"].append(intern(value))
        first = sources_of(props)[:1]
        source = first[0]["source"] if first and isinstance(first[0]["source"], str) else None
        if source not in links:  # a few hundred articles behind 100,000 events: check each link once
            href = safe_href(source) if source else None
            links[source] = intern(href) if href else 0
        columns["href"].append(links[source])
        radius = props.get("radius_km")
        circle = geom.get("type") == "Point" and isinstance(radius, (int, float)) and 0 < radius <= MAX_CIRCLE_KM and (
            (props.get("geo_precision") or 1) > 1 or radius >= 5)
        columns["circle"].append(max(1, round(radius * 10)) if circle else 0)  # in tenths of a km
        days.append(day_range(props))
    base = min((d[0] for d in days if d), default=1) - 1
    for d in days:
        columns["d0"].append(d[0] - base if d else 0)
        columns["span"].append(d[-1] - d[0] if d else 0)
    return MapData(columns=columns, types=types, strings=strings, lines=lines, base=base, event_ids=event_ids)


def _column_type(values: list[int]) -> str:
    """The narrowest of the script's arrays (Uint8, Uint16, Int32) that holds these integers."""
    low, high = min(values, default=0), max(values, default=0)
    if low >= 0 and high < 2**8:
        return "u1"
    if low >= 0 and high < 2**16:
        return "u2"
    return "i4"


# Up to this many bytes of columns and strings (some 35,000 events) the map gets them as they are (base64), and
# draws them in the same task as the rest of its script; past it, gzipped (a tenth of the size), and the browser
# unpacks them asynchronously (DecompressionStream), which waits behind whatever else the page is doing.
GZIP_FROM_BYTES = 1_000_000


def pack_map_data(data: MapData) -> tuple[list, str, bool]:
    """(the layout, the blob, whether it is gzipped): the strings' JSON and the columns in one buffer,
    base64-encoded.

    Numbers in the narrowest typed array that holds them; gzipped past GZIP_FROM_BYTES, where a column of
    one-byte numbers shrinks to a few bytes when its values repeat: the bench's 81,344 events come to 10 bytes
    each, where JSON rows took 130."""
    import base64
    import gzip

    import numpy as np

    text = json.dumps(data.strings, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    parts = [len(text).to_bytes(4, "little"), text]
    offset = 4 + len(text)
    layout = []
    for name in MAP_COLUMNS:
        pad = -offset % 4  # a typed array starts at a multiple of its element size
        parts.append(b"\0" * pad)
        offset += pad
        kind = _column_type(data.columns[name])
        raw = np.asarray(data.columns[name], dtype={"u1": "<u1", "u2": "<u2", "i4": "<i4"}[kind]).tobytes()
        layout.append([name, kind, offset])
        parts.append(raw)
        offset += len(raw)
    blob = b"".join(parts)
    gzipped = len(blob) > GZIP_FROM_BYTES
    if gzipped:
        blob = gzip.compress(blob, compresslevel=6, mtime=0)
    return layout, base64.b64encode(blob).decode("ascii"), gzipped


class OfflineMap(folium.Map):
    """folium's Map with Leaflet from dashboard/static instead of CDNs (no jQuery or Bootstrap: nothing here needs them)."""

    default_js = [("leaflet", f"{STATIC_URL}/leaflet/leaflet.js")]
    default_css = [("leaflet_css", f"{STATIC_URL}/leaflet/leaflet.css")]


class Basemap(MacroElement):
    """Country outlines from Natural Earth and place labels (dashboard/basemap_labels.py), under the tiles: when
    tiles cannot load, land, borders and the names of countries, governorates and main towns still show."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  if (!map.getPane('pm-basemap')) { map.createPane('pm-basemap').style.zIndex = 150; }
  map.getContainer().style.background = '#dbe7f0';
  // fetched from the app's static folder (cached by the browser), not sent inside every map
  fetch({{ this.url|tojson }}).then(function (r) { return r.json(); }).then(function (countries) {
    L.geoJSON(countries, {
      pane: 'pm-basemap', interactive: false,
      style: {color: '#8a8f98', weight: 0.8, fillColor: '#f4f1ea', fillOpacity: 1}
    }).addTo(map);
  });
  // Place names under the tiles (so online the tiles' own labels win): countries from zoom 3, governorates
  // and cities of a million from 6 (5 for cities), towns of 100,000 from 8; at most 250 in view, the higher
  // ranks first. Written with textContent: the names are data, never markup.
  if (!map.getPane('pm-labels')) {
    var pane = map.createPane('pm-labels'); pane.style.zIndex = 160; pane.style.pointerEvents = 'none';
  }
  var style = document.createElement('style');
  style.textContent = '.pm-label{position:absolute;transform:translate(-50%,-50%);white-space:nowrap;' +
    'font:11px sans-serif;color:#495057;text-shadow:0 0 2px #fff,0 0 2px #fff}' +
    '.pm-label-0{font-size:13px;font-weight:600;color:#343a40;text-transform:uppercase;letter-spacing:.05em}' +
    '.pm-label-1{font-style:italic;color:#6c757d}.pm-label-2{font-weight:600}';
  document.head.appendChild(style);
  var minZoom = [3, 6, 5, 8];
  fetch({{ this.labels_url|tojson }}).then(function (r) { return r.json(); }).then(function (labels) {
    var box = L.DomUtil.create('div', '', map.getPane('pm-labels'));
    function draw() {
      box.textContent = '';
      var zoom = map.getZoom(), bounds = map.getBounds().pad(0.05), shown = 0, taken = [];
      for (var i = 0; i < labels.length && shown < 250; i++) {
        var l = labels[i];
        if (zoom < minZoom[l[3]] || !bounds.contains([l[1], l[2]])) { continue; }
        var at = map.latLngToLayerPoint([l[1], l[2]]);
        // a label that would overlap one already placed (a higher rank, or a bigger town) is left out
        var half = l[0].length * (l[3] === 0 ? 4.5 : 3.3) + 4, rect = [at.x - half, at.y - 9, at.x + half, at.y + 9];
        if (taken.some(function (t) { return rect[0] < t[2] && t[0] < rect[2] && rect[1] < t[3] && t[1] < rect[3]; })) {
          continue;
        }
        taken.push(rect);
        var el = document.createElement('div');
        el.className = 'pm-label pm-label-' + l[3]; el.textContent = l[0];
        el.style.left = at.x + 'px'; el.style.top = at.y + 'px';
        box.appendChild(el); shown++;
      }
    }
    map.on('zoomend moveend', draw);
    draw();
  });
})();
{% endmacro %}
""")

    def __init__(self):
        super().__init__()
        self._name = "Basemap"
        self.url = f"{STATIC_URL}/basemap/countries-110m.geojson"
        self.labels_url = f"{STATIC_URL}/basemap/labels.json"


EVENTS_JS = STATIC / "pressmap" / "events.js"


class EventLayer(MacroElement):
    """All events on one canvas (dashboard/static/pressmap/events.js): icons by type, a count where several
    share a spot, circles for imprecise places, lines for pipelines.

    The script is put inside the map (no request more before the first markers); the events travel as packed
    columns (`pack_map_data`). The slider's window is applied in the browser: from the page's slider while it
    moves, and from the server's `window_messenger` after each rerun. `event_ids` maps the row the map returns
    on a click back to its event.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
{{ this.library }}
pmEvents({{ this._parent.get_name() }}, {{ this.meta_json }}, "{{ this.blob }}");
(function () {
  var map = {{ this._parent.get_name() }};
  // While the date slider moves, follow it at once from the page (its thumbs are range inputs whose values
  // are microseconds since 1970); the window the server sends (window_messenger) confirms it after the rerun.
  // If the page's slider cannot be read, the server's window alone drives the map.
  var polled = null;
  setInterval(function () {
    var start, end;
    try {
      start = window.parent.document.querySelector('input[aria-label={{ this.slider_start|tojson }}]');
      end = window.parent.document.querySelector('input[aria-label={{ this.slider_end|tojson }}]');
    } catch (e) { return; }
    if (!start || !end) { return; }
    var key = start.value + ',' + end.value;
    if (key === polled) { return; }
    var first = Math.floor(Number(start.value) / 864e8), last = Math.floor(Number(end.value) / 864e8);
    if (polled !== null && isFinite(first) && isFinite(last)) {
      // this map, and every other frame that follows the window (the timeline's shade)
      var all = start.value === start.min && end.value === end.max, frames = window.parent.frames;
      for (var i = 0; i < frames.length; i++) {
        try { if (frames[i].pmWindow) { frames[i].pmWindow(first, last, all); } } catch (e) { /* elsewhere */ }
      }
    }
    polled = key;
  }, 40);
  var wanted = null;
  try { wanted = window.parent.pmWanted; } catch (e) { /* the page is elsewhere */ }
  wanted = wanted || [null, null, true];
  window.pmWindow(wanted[0], wanted[1], wanted[2]);
  var style = document.createElement('style');
  style.textContent = '.pm-popup{font-size:12px;line-height:1.35;max-width:300px}' +
    '.pm-more{font-size:12px;margin-top:.4rem;border-top:1px solid #dee2e6;padding-top:.3rem}' +
    '.pm-pick{display:block;width:100%;text-align:left;margin:.15rem 0;padding:.1rem .3rem;font-size:11px;' +
    'background:#f8f9fa;border:1px solid #dee2e6;border-radius:.25rem;cursor:pointer}';
  document.head.appendChild(style);
})();
{% endmacro %}
""")

    def __init__(self, features: list[dict]):
        super().__init__()
        self._name = "EventLayer"
        data = map_data(features)
        layout, self.blob, gzipped = pack_map_data(data)
        styles = []
        for t in data.types:
            colour, shape = event_style(t)
            styles.append({"colour": colour, "fill": colour + "14", "stroke": colour + "99",
                           "path": SHAPE_PATHS[shape]})
        self.meta_json = script_json({"n": len(data.event_ids), "base": data.base, "columns": layout,
                                      "gzip": gzipped, "outline": ICON_STROKE,
                                      "types": data.types, "styles": styles, "labels": POPUP_LABELS,
                                      "lines": data.lines})
        self.event_ids = tuple(data.event_ids)
        self.library = EVENTS_JS.read_text(encoding="utf-8")
        self.slider_start, self.slider_end = f"{DATE_SLIDER} — start", f"{DATE_SLIDER} — end"


def bounds_of(features: list[dict]) -> list[list[float]] | None:
    """[[south, west], [north, east]] around every feature, padded so a lone site is not at full zoom."""
    lats, lons = [], []
    for f in features:
        geom = f.get("geometry") or {}
        coords = geom.get("coordinates")
        if not coords:
            continue
        pts = coords if geom.get("type") == "LineString" else [coords]
        for lon, lat in pts:
            lats.append(lat)
            lons.append(lon)
    if not lats:
        return None
    pad = 0.5
    return [[min(lats) - pad, min(lons) - pad], [max(lats) + pad, max(lons) + pad]]


def build_map(features: list[dict], bounds: list[list[float]] | None = None) -> folium.Map:
    """The folium map of these features; `bounds` (all events, not just those in view) keeps the view still
    while the timeline moves."""
    m = OfflineMap(location=[33.5, 41.0], zoom_start=5, tiles=None, prefer_canvas=True, control_scale=True)
    Basemap().add_to(m)
    folium.TileLayer("OpenStreetMap", max_zoom=19).add_to(m)
    EventLayer(features).add_to(m)
    bounds = bounds or bounds_of(features)
    if bounds:
        m.fit_bounds(bounds, max_zoom=9)
    return m


def map_payload_bytes(m: folium.Map) -> int:
    """What the browser receives for this map: the page folium renders (script, data, header)."""
    return len(m.get_root().render().encode("utf-8"))
