"""The objects that flow through Pressmap: document → mentions → places → events.

Each stage adds to what the previous one found and never loses the character offsets into the
document's text, so the dashboard can always point back at the very words behind a marker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# ACLED's geo-precision codes: how sure we are of *where*.
GEO_SITE, GEO_NEAR, GEO_REGION = 1, 2, 3
# ACLED's time-precision codes: how sure we are of *when*.
TIME_DAY, TIME_WEEK, TIME_MONTH = 1, 2, 3


@dataclass(frozen=True)
class Document:
    """An article as read: its text (offsets point into it) and what we know about it."""

    text: str
    source: str  # file path or URL, as the user gave it
    title: str = ""
    published: date | None = None
    language: str = "fr"
    content_hash: str = ""  # sha256 of the text: what makes an article "already stored"


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    id: str  # e.g. "curated:iq-ain-al-asad-airbase", "airport:ORER", "geonames:95446"
    name: str
    kind: str  # base, airbase, airport, border_crossing, oil_field, town, city, governorate, country...
    country: str  # ISO 3166-1 alpha-2, "" for a sea
    admin1: str
    lat: float
    lon: float
    radius_km: float
    source: str  # which layer: curated, airportsdata, geonames, countries
    population: int = 0
    names: tuple[str, ...] = ()
    evidence: str = ""  # the public sources of its coordinates, joined
    sources: tuple[str, ...] = ()  # each public source with the coordinate it gives ("GeoNames 95446 36.19,44.01")
    capital_of: str = ""  # the country whose capital this is: a name that may stand for a government

    @property
    def verified(self) -> bool:
        """Two independent sources agree on where it is (a test checks they agree within the radius)."""
        return len(self.sources) >= 2


@dataclass(frozen=True)
class Mention:
    """Words in the text that name a place, with what the text around them says about it."""

    text: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    kinds: tuple[str, ...] = ()  # kinds the trigger words ask for ("base", "airport"...), nearest first
    trigger: str = ""  # the trigger words, e.g. "la base de"
    candidates: tuple[Place, ...] = ()
    origin: str = "gazetteer"  # gazetteer | trigger | ner | capitalised


@dataclass(frozen=True)
class Placement:
    """A mention resolved to a place, with how sure we are and what else it might have been."""

    mention: Mention
    place: Place
    geo_precision: int
    radius_km: float
    confidence: float
    alternatives: tuple[Place, ...] = ()
    locators: tuple[Place, ...] = ()  # countries/regions the text gives to locate it
    evidence: tuple[tuple[str, float], ...] = ()  # why it won: (evidence name in resolve.WEIGHTS, points)


@dataclass(frozen=True)
class DateRange:
    """When something happened, as honestly as the text allows (both ends inclusive)."""

    start: date
    end: date
    precision: int  # TIME_DAY, TIME_WEEK, TIME_MONTH
    text: str  # the words it came from, or why there are none
    char_start: int = -1
    char_end: int = -1
    rule: str = ""  # the rule of `geo.date_rules.LADDER` that chose it for a site


@dataclass
class Event:
    """What an analyst maps: something that happened at a site, when, of what type, after whom."""

    placements: list[Placement]
    dates: DateRange
    event_type: str
    sub_event_type: str
    actors: list[str] = field(default_factory=list)
    quantities: list[str] = field(default_factory=list)
    line: tuple[Placement, Placement] | None = None  # a pipeline or road between two places
