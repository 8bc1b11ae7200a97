"""Events as GeoJSON features: the one shape that `extract` writes, the store keeps and the dashboard draws.

A feature's properties (all JSON types; dates as ISO strings):

    event_id          stable id: hash of the article's content hash, site, dates and type
    site              the gazetteer's name of the place
    site_kind         base, airbase, airport, border_crossing, oil_field, gas_field, pipeline, town, city,
                      governorate, region, country, ...
    country, admin1   ISO 3166-1 alpha-2; the governorate in English
    geo_precision     ACLED: 1 the site or town itself, 2 near a town or part of a region, 3 a region
    radius_km         how far the true place may be
    gazetteer_id      e.g. "curated:iq-ain-al-asad-airbase", "airport:ORER", "geonames:95446"
    gazetteer_source  curated | airportsdata | geonames | countries
    mention           the words in the text
    mention_start/end character offsets into the document's text
    excerpt           the sentence the mention is in
    excerpt_start     offset of the excerpt in the document's text (so mention_start - excerpt_start
                      is where the mention starts inside the excerpt)
    source, title, published, language   the article
    confidence        0..1
    alternatives      [{"site", "site_kind", "country", "lat", "lon", "gazetteer_id"}] runner-up places
    date_start, date_end, time_precision, date_text   when (ACLED time precision 1 day, 2 week, 3 month)
    event_type, sub_event_type   ACLED's taxonomy
    actors, quantities           lists of strings, as the text names them
    sources           [{"source", "title", "published"}]: every article that reports this event

Geometry: a Point (lon, lat) for a site; a LineString for a pipeline or road between two places.
"""

from __future__ import annotations

PROPERTY_ORDER = (
    "event_id", "site", "site_kind", "country", "admin1", "geo_precision", "radius_km",
    "gazetteer_id", "gazetteer_source", "mention", "mention_start", "mention_end", "excerpt",
    "excerpt_start", "source", "title", "published", "language", "confidence", "alternatives",
    "date_start", "date_end", "time_precision", "date_text", "event_type", "sub_event_type",
    "actors", "quantities", "sources",
)


def feature_collection(features: list[dict], unresolved: list[dict] | None = None) -> dict:
    """A GeoJSON FeatureCollection; names we could not place ride along as a foreign member."""
    out = {"type": "FeatureCollection", "features": features}
    if unresolved:
        out["unresolved"] = unresolved
    return out
