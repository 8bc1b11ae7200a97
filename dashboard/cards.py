"""An event's card in the sources panel: the sentence with its place name marked, when and where, why it was
placed there, the articles, and the other places considered.

One jinja2 template with autoescaping: every value from an article or a user is escaped by the template, not by
hand at each spot; only what render.py has already built as safe HTML (the icon, the excerpt with its <mark>,
a checked link) is passed as Markup. Unicode's direction controls are shown, not applied (`shown`).
"""

from __future__ import annotations

from jinja2 import Environment
from markupsafe import Markup

from dashboard import render
from geo.terminal import visible_bidi

_ENV = Environment(autoescape=True)
_ENV.filters["shown"] = lambda value: visible_bidi(str(value))

_CARD = _ENV.from_string(
    '<div class="pm-card"><h4>{{ icon }} {{ site|shown }}</h4>'
    '<div class="pm-meta"><b>When</b> {{ when|shown }}{% if dated_by %} — {{ dated_by|shown }}{% endif %}'
    '{% if kind %} · <b>Type</b> {{ kind|shown }}{% endif %}</div>'
    # dir="auto": an Arabic excerpt reads right to left, its direction taken from its first strong letter
    '{% if excerpt %}<blockquote dir="auto">{{ excerpt }}</blockquote>{% endif %}'
    '<div class="pm-meta"><b>Where</b> {{ where|shown }}</div>'
    '{% if coordinates %}<div class="pm-meta"><b>Coordinates</b> {{ coordinates|shown }}</div>{% endif %}'
    '{% if placed_because %}<div class="pm-meta"><b>Placed because</b> {{ placed_because|shown }}</div>{% endif %}'
    '{% if actors %}<div class="pm-meta"><b>Actors</b> {{ actors|shown }}</div>{% endif %}'
    '{% if quantities %}<div class="pm-meta"><b>Quantities</b> {{ quantities|shown }}</div>{% endif %}'
    '{% for s in sources %}<div class="pm-meta"><b>Source</b> {{ s.link }}'
    '{% if s.address %} <span class="pm-meta">({{ s.address|shown }})</span>{% endif %}'
    '{% if s.published %} · {{ s.published|shown }}{% endif %}</div>{% endfor %}'
    '{% if alternatives %}<div class="pm-meta"><b>Also considered</b> {{ alternatives|shown }}</div>{% endif %}'
    "</div>")


def _where(props: dict) -> str:
    where = render.GEO_PRECISION.get(props.get("geo_precision"), "")
    if isinstance(props.get("radius_km"), (int, float)):
        where += f", within {props['radius_km']:g} km"
    if props.get("gazetteer_id"):
        where += f" · {props['gazetteer_id']}"
    if isinstance(props.get("confidence"), (int, float)):
        where += f" · confidence {props['confidence']:.2f}"
    return where.strip(" ,·")


def _sources(props: dict) -> list[dict]:
    """Each article as a link when its address is a web link; else its title, with the address beside it."""
    rows = []
    for s in render.sources_of(props):
        linked = render.safe_href(s.get("source")) is not None
        rows.append({"link": Markup(render.link_html(s.get("source"), s.get("title") or s.get("source"))),
                     "address": s["source"] if not linked and s.get("title") else "",
                     "published": s.get("published") or ""})
    return rows


def _alternatives(props: dict) -> str:
    found = [a for a in props.get("alternatives") or [] if isinstance(a, dict)]
    return "; ".join(f"{a.get('site', '?')} ({', '.join(str(x) for x in (a.get('site_kind'), a.get('country')) if x)})"
                     for a in found[:5])


def event_card(props: dict) -> str:
    """One event as HTML for st.html."""
    return _CARD.render(
        icon=Markup(render.icon_img(props.get("event_type") or "", 18)),
        site=render.site_text(props),
        when=render.date_range_text(props),
        dated_by=render.dated_by_text(props),
        kind=" / ".join(x for x in (props.get("event_type"), props.get("sub_event_type")) if x),
        excerpt=Markup(render.highlighted_excerpt(props)) if props.get("excerpt") else "",
        where=_where(props),
        coordinates=render.coordinates_text(props),
        placed_because="; ".join(map(str, props.get("placed_because") or [])),
        actors=", ".join(map(str, props.get("actors") or [])),
        quantities=", ".join(map(str, props.get("quantities") or [])),
        sources=_sources(props),
        alternatives=_alternatives(props),
    )
