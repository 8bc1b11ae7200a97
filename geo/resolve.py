"""Choosing, for each mention, the place it names — and saying how sure we are.

A candidate scores for a kind that fits the trigger words (a "base" is not the town of the same name),
for lying in a country or region the text names near it, for lying near the article's other places,
for coming from a trusted layer, and last for its population. Towns need a reason to be believed: a
trigger, a locative preposition ("à", "near") or a size that makes them a usual subject of news;
otherwise a word that happens to be a village somewhere is not put on the map.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache

from geo.gazetteer import AREAS, LAYER_RANK, SETTLEMENTS, km
from geo.lexicon import folded_words, phrases
from geo.lexicon import table as lexicon_table
from geo.model import GEO_NEAR, GEO_REGION, GEO_SITE, Mention, Place, Placement
from geo.names import fold, tokens

BIG_TOWN = 50_000  # a town this size is believed without a trigger or a locative word
KIND_FAMILIES = {
    "airbase": {"airport", "base"}, "airport": {"airbase"}, "base": {"airbase"},
    "oil_field": {"gas_field", "oil_facility"}, "gas_field": {"oil_field", "oil_facility"},
    "oil_facility": {"oil_field", "gas_field", "port"}, "town": {"city", "district"}, "city": {"town", "district"},
    "governorate": {"region"}, "region": {"governorate", "desert"}, "desert": {"region"},
}


def resolve(mentions: list[Mention], text: str, lang: str) -> list[Placement]:
    """Each mention's best place, weighed against the others in the article."""
    countries = Counter(p.country for m in mentions for p in m.candidates if p.kind == "country")
    countries.update(sentence_demonyms(text, lang))  # "les forces irakiennes": the article speaks of Iraq
    # First the mentions with only one reading: they anchor the others.
    anchors = [m.candidates[0] for m in mentions if len({c.id for c in m.candidates}) == 1
               and m.candidates[0].kind not in AREAS]
    anchors = list({a.id: a for a in anchors}.values())  # each place once: score() takes a min and an any
    # The areas each sentence names as a location, worked out once per name, not once per name and name
    # beside it (a sentence listing thousands of names cost the square of their number).
    named_areas: dict[int, list[tuple[Mention, Place]]] = {}
    for m in mentions:
        area = area_named(m, text, lang)
        named_areas.setdefault(m.sentence_start, [])
        if area is not None:
            named_areas[m.sentence_start].append((m, area))
    placements = []
    for m in mentions:
        locators = [area for other, area in named_areas[m.sentence_start] if other is not m]
        scored = sorted(((score(c, m, text, lang, locators, countries, anchors), c) for c in m.candidates),
                        key=lambda sc: (-sc[0], sc[1].id))
        # A place that only a spelling supports, against the words around it, is no reading at all.
        believable = [(s, c) for s, c in scored if s > 0]
        if not believable:
            continue
        best_score, best = believable[0]
        alternatives = tuple(dict.fromkeys(c for _, c in believable[1:6] if c.id != best.id))
        runner = believable[1][0] if len(believable) > 1 else None
        confidence = confidence_of(best_score, runner)
        precision, radius = precision_of(best, m)
        placements.append(Placement(mention=m, place=best, geo_precision=precision, radius_km=radius,
                                    confidence=confidence, alternatives=alternatives,
                                    locators=tuple(p for p in locators if p.id != best.id)))
    return placements


def area_named(other: Mention, text: str, lang: str) -> Place | None:
    """The area a name means when it follows a locative word ("en Syrie"), else None."""
    if not after_locative(other, text, lang):
        return None
    # Only a name that means the area: "Damascus" is the city before it is its governorate.
    areas = [c for c in other.candidates if c.kind in AREAS
             and (exact_name(c, other.text) or len(other.candidates) == 1) and not has_namesake_city(c, other)]
    return max(areas, key=lambda p: LAYER_RANK.get(p.source, 0)) if areas else None


def score(c: Place, m: Mention, text: str, lang: str, locators: list[Place], countries: Counter,
          anchors: list[Place]) -> float:
    s = 0.0
    kinds = m.kinds
    if kinds:
        if c.kind in kinds:
            s += 6 - min(kinds.index(c.kind), 3)
        elif any(c.kind in KIND_FAMILIES.get(k, ()) for k in kinds[:1]):
            s += 2
        elif c.kind in SETTLEMENTS and "town" not in kinds and "city" not in kinds:
            s -= 3  # "la base de X": X is the base, not the town beside it
        else:
            s -= 1
    else:
        if c.kind in SETTLEMENTS:
            s += 1.5 if c.population >= 5000 or c.source == "curated" else 0.3
        if c.kind == "airport" and c.source == "airportsdata" or (
                c.kind in ("governorate", "district", "airport", "airbase") and has_namesake_city(c, m)):
            s -= 2  # a bare city name is the city, not its airport, district or governorate ("province de…")
        if c.kind in ("country", "region", "sea", "strait"):
            s += 2  # a country's or a region's own name means it: "Iraq" is not Arāk, "Gaza" is the Strip
    if c.source == "geonames" and c.kind in SETTLEMENTS and not believable_town(c, m, text, lang):
        return -100
    provinces = {p.country for p in locators if p.kind in ("governorate", "region") and p.country}
    if c.source == "geonames" and provinces and c.country not in provinces:
        return -100  # "la ville de Baghdadi, dans la province d'Anbar" is in Iraq, whatever Iran's namesake
    said = demonym_countries(text, m, lang)
    if c.source == "geonames" and c.population < BIG_TOWN and said and c.country not in said | provinces:
        return -100  # a small town of another country than the one the sentence speaks of ("irakiennes")
    if exact_name(c, m.text):
        s += 2.5  # "Irak" is written as Iraq's name, not as Arāk's that merely folds alike
    elif c.source != "curated" and not (c.kind in SETTLEMENTS and c.population >= BIG_TOWN):
        s -= 2  # a package's place reached only through a folded key: "Attack" is not Ataq (but "Ryad" is Riyadh)
    s += {"curated": 1.5, "airportsdata": 0.8, "countries": 1.0, "geonames": 0.0}.get(c.source, 0)
    loc_countries = {p.country for p in locators if p.country}
    if c.country and c.country in loc_countries:
        s += 3
    elif c.country and c.country in demonym_countries(text, m, lang):
        s += 2  # "le palais royal saoudien à Ryad", "the Syrian town of X"
    elif loc_countries and c.kind not in AREAS and c.country and c.country not in loc_countries:
        s -= 1.5
    if c.country and countries.get(c.country):
        s += min(2.0, 0.7 * countries[c.country])
    for area in locators:
        if area.kind != "country" and km(area.lat, area.lon, c.lat, c.lon) <= area.radius_km * 1.2:
            s += 2
    others = [a for a in anchors if a.id != c.id]
    if others and c.kind not in AREAS:
        d = min(km(a.lat, a.lon, c.lat, c.lon) for a in others)
        s += 1.5 if d < 150 else 0.8 if d < 400 else -0.5 if d > 1200 else 0
    elif others and any(km(a.lat, a.lon, c.lat, c.lon) <= c.radius_km for a in others):
        s += 1.5  # an area that holds the article's other places
    s += math.log10(max(c.population, 1)) / 7
    return s


def has_namesake_city(area: Place, m: Mention) -> bool:
    """The area's own capital answers to the same name ("Damascus", "Erbil"), so a bare name means the city."""
    # Any spelling of the city's name counts: "Ryad" is Riyadh, not the Riyadh Province.
    return any(o.kind in SETTLEMENTS and o.country == area.country and (o.population >= BIG_TOWN or exact_name(o, m.text))
               for o in m.candidates if o is not area)


def exact_name(c: Place, written: str) -> bool:
    w = " ".join(tokens(written))
    return any(" ".join(tokens(n)) == w for n in c.names)


def demonym_countries(text: str, m: Mention, lang: str) -> frozenset[str]:
    """Countries the sentence names by an adjective ("saoudien", "Syrian")."""
    return sentence_demonyms(text[m.sentence_start:m.sentence_end], lang)


@lru_cache(maxsize=4096)
def sentence_demonyms(sentence: str, lang: str) -> frozenset[str]:
    table = {fold(adj): cc for adj, cc in lexicon_table(lang, "demonyms")}
    before = folded_words(lang, "not_places", "allegiance_before")
    after = folded_words(lang, "not_places", "allegiance_after")
    found = set()
    words = tokens(fold(sentence))
    for i, t in enumerate(words):
        if i and words[i - 1] in before or i + 1 < len(words) and words[i + 1] in after:
            continue  # "pro-iraniennes", "Iranian-backed": allegiance, not place
        if t in table or t.endswith("s") and t[:-1] in table:  # "irakiennes", "Syrians"
            found.add(table.get(t) or table[t[:-1]])
    return frozenset(found)


def after_locative(m: Mention, text: str, lang: str) -> bool:
    """The mention follows a locative word ("à", "en", "dans la campagne de", "near", "in")."""
    left = tokens(fold(text[max(m.sentence_start, m.start - 40):m.start]))
    if m.kinds and m.trigger:
        trig = m.trigger.removeprefix("near ").split()
        if tuple(left[-len(trig) - 2:-2]) == tuple(trig) or tuple(left[-len(trig) - 1:-1]) == tuple(trig):
            left = left[:-len(trig) - 1]  # "dans la campagne de X": look before the trigger words
    return any(tuple(left[-len(p):]) == p or tuple(left[-len(p) - 1:-1]) == p for p in phrases(lang, "not_places", "locatives"))


def believable_town(c: Place, m: Mention, text: str, lang: str) -> bool:
    """A GeoNames town counts when the text gives a reason to read the word as a place."""
    if m.kinds and ({"town", "city", "district"} & set(m.kinds) or m.trigger.startswith("near")):
        return True
    if m.origin == "ner" or c.population >= BIG_TOWN:
        return True
    left = tokens(fold(text[max(m.sentence_start, m.start - 25):m.start]))
    for phrase in phrases(lang, "not_places", "locatives"):
        if tuple(left[-len(phrase):]) == phrase:
            return True
    return False


def confidence_of(best: float, runner: float | None) -> float:
    margin = best - runner if runner is not None else 4.0
    base = 1 / (1 + math.exp(-(best - 2) / 2))
    return round(max(0.05, min(0.99, 0.5 * base + 0.5 * min(margin, 4) / 4)), 2)


def precision_of(place: Place, m: Mention) -> tuple[int, float]:
    """ACLED geo-precision and the radius within which the true place lies."""
    near = m.trigger.startswith("near")
    if place.kind in ("country", "governorate", "region", "sea", "strait", "desert", "mountain"):
        return GEO_REGION, place.radius_km
    if place.kind == "district":
        return GEO_NEAR, place.radius_km
    if near:
        return GEO_NEAR, max(place.radius_km, 25.0)
    return GEO_SITE, place.radius_km
