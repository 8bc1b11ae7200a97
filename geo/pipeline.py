"""document → mentions → places → events → features: the one path every article takes."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from geo.coordinates import coordinate_placements
from geo.dating import undated
from geo.events import build_events, event_id
from geo.gazetteer import load_gazetteer
from geo.lexicon import lexicon
from geo.mentions import find_mentions
from geo.model import DateRange, Document, Event, Placement
from geo.resolve import explain, resolve
from geo.text import PIECE_CHARS, Segments, pieces


def extract(doc: Document, geocoder=None) -> tuple[list[dict], list[dict]]:
    """The GeoJSON features (events) an article gives, and the place names we could not place.

    `geocoder` (a `geo.geocoder.Geocoder`; None, the default, is off) asks an online gazetteer about the
    names the offline one left unresolved, before the events are built.
    """
    seg = Segments(doc.text)
    mentions, unresolved = find_mentions(doc.text, doc.language, load_gazetteer(), seg, entities(doc))
    placements = resolve(mentions, doc.text, doc.language) + coordinate_placements(doc.text, seg)
    if geocoder is not None:
        placements, unresolved = geocoder.place(doc, placements, unresolved, seg)
    events = build_events(doc, placements, seg)
    for ev in events:
        ev.dates = plausible_dates(ev.dates, doc.published)
    for u in unresolved:
        u.update(source=doc.source, title=doc.title)
    return [to_feature(doc, ev) for ev in events], unresolved


@cache
def entity_model(lang: str):
    """The language's spaCy model named in `data/lang/<lang>/model.yaml`, loaded once; None if it has none.

    Only the named-entity recogniser (and what it needs) runs: the parser and lemmatiser add nothing here.
    """
    name = lexicon(lang, "model").get("spacy")
    if not name:
        return None
    import spacy

    return spacy.load(name, exclude=["parser", "lemmatizer", "morphologizer", "attribute_ruler", "senter"])


def entities(doc: Document) -> list[tuple[int, int, str]] | None:
    """The entity model's (start, end, label) spans, the model run over bounded pieces of the text (cut at
    paragraphs, PIECE_CHARS at most) with offsets mapped back: a long text costs in proportion, never E088."""
    nlp = entity_model(doc.language)
    if nlp is None:
        return None
    found = []
    for start, end in pieces(doc.text, min(PIECE_CHARS, nlp.max_length)):
        # One piece a call: nlp.pipe would batch them together, and memory grows with the batch.
        found += [(start + e.start_char, start + e.end_char, e.label_) for e in nlp(doc.text[start:end]).ents]
    return found


LATEST_AFTER_PUBLICATION = timedelta(days=366)


def plausible_dates(dates: DateRange, published: date | None) -> DateRange:
    """The event's dates when they are possible — ordered, from 1900, at most a year after publication —
    else the honest "before publication" range: a date no reader could believe never reaches a map."""
    reference = published or date.today()
    if date(1900, 1, 1) <= dates.start <= dates.end <= reference + LATEST_AFTER_PUBLICATION:
        return dates
    return undated(reference)


def to_feature(doc: Document, ev: Event) -> dict:
    first: Placement = ev.placements[0]
    m = first.mention
    if ev.line:
        a, b = ev.line
        geometry = {"type": "LineString", "coordinates": [[a.place.lon, a.place.lat], [b.place.lon, b.place.lat]]}
        site, kind = f"{a.place.name} – {b.place.name}", "pipeline"
        gid = f"line:{a.place.id}|{b.place.id}"
        mention_end = max(a.mention.end, b.mention.end)
        country = a.place.country if a.place.country == b.place.country else f"{a.place.country},{b.place.country}"
    else:
        geometry = {"type": "Point", "coordinates": [round(first.place.lon, 5), round(first.place.lat, 5)]}
        site, kind, gid, mention_end = first.place.name, first.place.kind, first.place.id, m.end
        country = first.place.country
    place = first.place
    props = {
        "event_id": event_id(doc, ev),
        "site": site,
        "site_kind": kind,
        "country": country,
        "admin1": place.admin1 or admin1_of(place),
        "geo_precision": first.geo_precision,
        "radius_km": round(first.radius_km, 1),
        "gazetteer_id": gid,
        "gazetteer_source": place.source,
        "mention": doc.text[m.start:mention_end],
        "mention_start": m.start,
        "mention_end": mention_end,
        "excerpt": doc.text[m.sentence_start:m.sentence_end],
        "excerpt_start": m.sentence_start,
        "source": doc.source,
        "title": doc.title,
        "published": doc.published.isoformat() if doc.published else None,
        "language": doc.language,
        "confidence": first.confidence,
        "coordinate_sources": list(dict.fromkeys(s for p in ev.placements for s in p.place.sources)),
        "verified": all(p.place.verified for p in ev.placements),
        "placed_because": explain(first.evidence),
        "alternatives": [{"site": a.name, "site_kind": a.kind, "country": a.country, "lat": a.lat, "lon": a.lon,
                          "gazetteer_id": a.id} for a in first.alternatives],
        "date_start": ev.dates.start.isoformat(),
        "date_end": ev.dates.end.isoformat(),
        "time_precision": ev.dates.precision,
        "date_text": ev.dates.text,
        "date_rule": ev.dates.rule,
        "event_type": ev.event_type,
        "sub_event_type": ev.sub_event_type,
        "actors": list(ev.actors),
        "quantities": list(ev.quantities),
        "sources": [{"source": doc.source, "title": doc.title,
                     "published": doc.published.isoformat() if doc.published else None}],
    }
    return {"type": "Feature", "geometry": geometry, "properties": props}


def admin1_of(place) -> str:
    """The province a place lies in: the admin-1 outline that holds it; where none does (a country without
    outlines), the nearest curated governorate centre within its radius."""
    from geo.gazetteer import km

    if place.kind in ("country", "sea", "strait") or not place.country:
        return ""
    inside = load_gazetteer().province_at(place.lat, place.lon, place.country)
    if inside:
        return inside
    best = None
    for g in governorates(place.country):
        d = km(g.lat, g.lon, place.lat, place.lon)
        if d <= g.radius_km and (best is None or d < best[0]):
            best = (d, g.name)
    return best[1] if best else ""


@cache
def governorates(country: str):
    return load_gazetteer().places_of_kind("governorate", country)
