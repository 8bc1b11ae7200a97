"""How an event looks: its colour and icon by type, its popup, the legend, the excerpt with the mention
highlighted, and the folium map that draws them all offline.

Nothing an article or a user wrote reaches the page as live HTML: Python escapes it before it goes into
any HTML we build, and the map's JavaScript puts it in with `textContent`, never `innerHTML`.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from urllib.parse import quote, urlparse

import folium
from branca.element import MacroElement
from folium.elements import JSCSSMixin
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

_SHAPES = {
    "circle": '<circle cx="11" cy="11" r="8"/>',
    "square": '<rect x="3.5" y="3.5" width="15" height="15" rx="2"/>',
    "diamond": '<polygon points="11,1.5 20.5,11 11,20.5 1.5,11"/>',
    "triangle": '<polygon points="11,2 20.5,19 1.5,19"/>',
    "hexagon": '<polygon points="6,2.5 16,2.5 20.5,11 16,19.5 6,19.5 1.5,11"/>',
    "burst": '<polygon points="11,0.5 13.6,6.5 20,4.5 16.4,10.2 21.5,14 14.9,14.6 14.6,21.3 11,16 7.4,21.3 '
             '7.1,14.6 0.5,14 5.6,10.2 2,4.5 8.4,6.5"/>',
}

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
            f'<g fill="{colour}" stroke="#fff" stroke-width="1.6">{_SHAPES[shape]}</g></svg>')


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


def site_text(props: dict) -> str:
    kind = (props.get("site_kind") or "").replace("_", " ")
    where = ", ".join(x for x in (props.get("admin1"), props.get("country")) if x)
    return (props.get("site") or props.get("mention") or "?") + (f" ({kind})" if kind else "") + \
        (f", {where}" if where else "")


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


def map_rows(features: list[dict]) -> tuple[list[dict], list[str], list[str]]:
    """The compact rows the map's script draws, the event types, and the strings the rows point into.

    Popup texts repeat a lot (the same site, date, type and article across events), so each row holds
    indexes into one table of distinct strings: 5,000 events stay well under 2 MB.
    """
    types: list[str] = []
    type_index: dict[str, int] = {}
    strings: list[str] = []
    string_index: dict[str, int] = {}

    def intern(value: str) -> int:
        if value not in string_index:
            string_index[value] = len(strings)
            strings.append(value)
        return string_index[value]

    rows = []
    for f in features:
        props, geom = f.get("properties") or {}, f.get("geometry") or {}
        coords = geom.get("coordinates")
        if not coords:
            continue
        if geom.get("type") == "LineString":
            g = [[round(lat, 5), round(lon, 5)] for lon, lat in coords]
        elif geom.get("type") == "Point":
            g = [round(coords[1], 5), round(coords[0], 5)]
        else:
            continue
        event_type = props.get("event_type") or ""
        if event_type not in type_index:
            type_index[event_type] = len(types)
            types.append(event_type)
        row = {"i": props.get("event_id", ""), "y": type_index[event_type], "g": g,
               "p": [intern(v) for v in popup_values(props)]}
        radius = props.get("radius_km")
        if geom.get("type") == "Point" and isinstance(radius, (int, float)) and 0 < radius <= MAX_CIRCLE_KM and (
                (props.get("geo_precision") or 1) > 1 or radius >= 5):
            row["r"] = round(float(radius), 1)
        first = sources_of(props)[:1]
        href = safe_href(first[0]["source"]) if first else None
        if href:
            row["h"] = intern(href)
        rows.append(row)
    return rows, types, strings


class OfflineMap(folium.Map):
    """folium's Map with Leaflet from dashboard/static instead of CDNs (no jQuery or Bootstrap: nothing here needs them)."""

    default_js = [("leaflet", f"{STATIC_URL}/leaflet/leaflet.js")]
    default_css = [("leaflet_css", f"{STATIC_URL}/leaflet/leaflet.css")]


class Basemap(MacroElement):
    """Country outlines from Natural Earth, under the tiles: when tiles cannot load, land and borders still show."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  if (!map.getPane('pm-basemap')) { map.createPane('pm-basemap').style.zIndex = 150; }
  map.getContainer().style.background = '#dbe7f0';
  L.geoJSON({{ this.countries|tojson }}, {
    pane: 'pm-basemap', interactive: false,
    style: {color: '#8a8f98', weight: 0.8, fillColor: '#f4f1ea', fillOpacity: 1}
  }).addTo(map);
})();
{% endmacro %}
""")

    def __init__(self):
        super().__init__()
        self._name = "Basemap"
        self.countries = basemap_countries()


_BASEMAP: dict | None = None


def basemap_countries() -> dict:
    global _BASEMAP  # read once per process: it never changes
    if _BASEMAP is None:
        _BASEMAP = json.loads((STATIC / "basemap" / "countries-110m.geojson").read_text(encoding="utf-8"))
    return _BASEMAP


class EventLayer(JSCSSMixin, MacroElement):
    """All events as one data array: clustered markers, circles for imprecise places, lines for pipelines.

    Popups and tooltips are built with textContent from plain strings, so article text can never run.
    Each marker carries a GeoJSON `feature` with the event_id: streamlit-folium returns it on click.
    """

    default_js = [("markercluster", f"{STATIC_URL}/markercluster/leaflet.markercluster.js")]
    default_css = [("markercluster_css", f"{STATIC_URL}/markercluster/MarkerCluster.css"),
                   ("markercluster_default_css", f"{STATIC_URL}/markercluster/MarkerCluster.Default.css")]

    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var rows = {{ this.rows|tojson }};
  var strings = {{ this.strings|tojson }};
  var styles = {{ this.styles|tojson }};
  var labels = {{ this.labels|tojson }};
  function text(tag, value, cls) {
    var el = document.createElement(tag); el.textContent = value; if (cls) { el.className = cls; } return el;
  }
  function popup(row) {
    var box = document.createElement('div'); box.className = 'pm-popup';
    for (var k = 0; k < labels.length; k++) {
      var value = strings[row.p[k]];
      if (!value) { continue; }
      var line = document.createElement('div');
      line.appendChild(text('b', labels[k] + ': '));
      if (k === labels.length - 1 && row.h !== undefined) {
        // the href is an http(s) URL checked in Python (safe_href); the label is text
        var a = text('a', value); a.href = strings[row.h]; a.target = '_blank'; a.rel = 'noopener noreferrer';
        line.appendChild(a);
      } else { line.appendChild(text('span', value)); }
      box.appendChild(line);
    }
    return box;
  }
  var icons = styles.map(function (s) {
    return L.divIcon({html: s.svg, className: 'pm-marker', iconSize: [22, 22], iconAnchor: [11, 11], popupAnchor: [0, -10]});
  });
  var cluster = L.markerClusterGroup({maxClusterRadius: 40, spiderfyOnMaxZoom: true, chunkedLoading: true});
  var shapes = L.featureGroup();
  var markers = [];
  var drawn = {};
  rows.forEach(function (row) {
    var colour = styles[row.y].colour;
    var layer;
    if (Array.isArray(row.g[0])) {
      layer = L.polyline(row.g, {color: colour, weight: 4, opacity: 0.85, dashArray: '8 5'});
      layer.feature = {type: 'Feature', properties: {event_id: row.i}};
      layer.bindPopup(function () { return popup(row); });
      layer.bindTooltip(function () { return text('span', strings[row.p[0]]); }, {sticky: true});
      shapes.addLayer(layer);
      return;
    }
    var circle = row.r && (row.g.join(',') + ',' + row.r);
    if (circle && !drawn[circle]) {  // one circle per place, however many events it has
      drawn[circle] = true;
      shapes.addLayer(L.circle(row.g, {radius: row.r * 1000, color: colour, weight: 1, opacity: 0.6,
                                       fillOpacity: 0.08, interactive: false}));
    }
    layer = L.marker(row.g, {icon: icons[row.y], keyboard: true, title: ''});
    layer.feature = {type: 'Feature', properties: {event_id: row.i}};
    layer.bindPopup(function () { return popup(row); });
    layer.bindTooltip(function () { return text('span', strings[row.p[0]]); }, {direction: 'top', offset: [0, -10]});
    markers.push(layer);
  });
  cluster.addLayers(markers);
  shapes.addTo(map);
  cluster.addTo(map);
  var style = document.createElement('style');
  style.textContent = '.pm-marker{background:none;border:none}.pm-popup{font-size:12px;line-height:1.35;max-width:280px}';
  document.head.appendChild(style);
})();
{% endmacro %}
""")

    def __init__(self, features: list[dict]):
        super().__init__()
        self._name = "EventLayer"
        self.rows, types, self.strings = map_rows(features)
        self.styles = [{"colour": event_style(t)[0], "svg": icon_svg(t)} for t in types]
        self.labels = POPUP_LABELS


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
