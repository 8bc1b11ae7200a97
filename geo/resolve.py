"""Choosing, for each mention, the place it names — and saying how sure we are.

A candidate scores for a kind that fits the trigger words (a "base" is not the town of the same name),
for lying in a country or region the text names near it, for lying near the article's other places,
for coming from a trusted layer, and last for its population. Towns need a reason to be believed: a
trigger, a locative preposition ("à", "near") or a size that makes them a usual subject of news;
otherwise a word that happens to be a village somewhere is not put on the map. The world is the
gazetteer, the theatre only a prior: a place far from the story, in a country the article never names,
is not believed (Babylon, New York in an article on Iraq).

Every piece of evidence has a name and a weight in `WEIGHTS`, with its reason; a placement keeps the
evidence that chose it, so the card can say why ("kind fits the trigger words; in the country the
sentence names").
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from geo.gazetteer import AREAS, LAYER_RANK, SETTLEMENTS, km, strip_kind_words, theatre_countries
from geo.lexicon import folded_words, phrases
from geo.lexicon import table as lexicon_table
from geo.mentions import after_locative_word, bare, coordinated, triggers
from geo.model import GEO_NEAR, GEO_REGION, GEO_SITE, Mention, Place, Placement
from geo.names import fold, key, tokens

AIRFIELDS = frozenset({"airport", "airbase"})
LINK_WORDS = frozenset({"de", "d", "du", "des", "of"})  # what joins a kind word to its name
BIG_TOWN = 50_000  # a town this size is believed without a trigger or a locative word
KIND_FAMILIES = {
    "airbase": {"airport", "base"}, "airport": {"airbase"}, "base": {"airbase"},
    "oil_field": {"gas_field", "oil_facility"}, "gas_field": {"oil_field", "oil_facility"},
    "oil_facility": {"oil_field", "gas_field", "port"}, "port": {"oil_facility"}, "town": {"city", "district"},
    "city": {"town", "district"},
    "governorate": {"region"}, "region": {"governorate", "desert"}, "desert": {"region"},
}


def resolve(mentions: list[Mention], text: str, lang: str) -> list[Placement]:
    """Each mention's best place, weighed against the others in the article.

    Two passes: the first reads each mention on its own words; its sure readings (a curated site, a
    confident one) then anchor the second, where nearness to them counts."""
    countries = Counter(p.country for m in mentions for p in m.candidates if p.kind == "country")
    named = frozenset(countries)  # countries the article names as such (not by an adjective: "American forces")
    countries.update(sentence_demonyms(text, lang))  # "les forces irakiennes": the article speaks of Iraq
    # A country that acts or speaks anywhere in the article is an actor throughout ("the United States blamed
    # Iran"); the theatre's curated countries stay places, their names locate too much to lose.
    governing = {id(m) for m in mentions if stands_for_government(m, text, lang)}
    actors = {c.id for m in mentions if id(m) in governing
              for c in m.candidates if c.kind == "country" and c.source != "curated"}
    kept = [m for m in mentions if id(m) not in governing
            and not any(c.id in actors for c in m.candidates)]  # "Ankara a promis une riposte": not its airport
    # The areas each sentence names as a location, worked out once per name, not once per name and name
    # beside it (a sentence listing thousands of names cost the square of their number).
    named_areas: dict[int, list[tuple[Mention, list[Place]]]] = {}
    for m in mentions:
        areas = areas_named(m, text, lang)
        if areas:
            named_areas.setdefault(m.sentence_start, []).append((m, areas))
    locators = {id(m): [a[0] for o, a in named_areas.get(m.sentence_start, ()) if o is not m]
                for m in kept}
    # Beside a name, every reading of an ambiguous province counts: "Wad Madani, in the State of Al-Jazira" may
    # be in Sudan's Al Jazirah even where Syria's Jazira ranks first on its own. An area joined to the name by a
    # conjunction is another place of the list, not the one it lies in: "the West Bank and Jerusalem"
    # ("الضفة الغربية والقدس") does not put Jerusalem in the West Bank.
    beside = {id(m): [p for o, a in named_areas.get(m.sentence_start, ()) if o is not m
                      and min(abs(o.start - m.end), abs(m.start - o.end)) <= ADJACENT_CHARS
                      and not (coordinated(text, o.end, m.start, lang) or coordinated(text, m.end, o.start, lang))
                      for p in a]
              for m in kept}
    first = [place_mention(m, text, lang, locators[id(m)], countries, [], named, (), beside[id(m)]) for m in kept]
    # Each place once: score() takes a min and an any over them.
    anchors = list({p.place.id: p.place for p in first if p and p.place.kind not in AREAS and is_sure(p)}.values())
    story = list({p.place.id: p.place for p in first if p and is_sure(p)}.values())
    second = [place_mention(m, text, lang, locators[id(m)], countries, anchors, named, story, beside[id(m)])
              for m in kept]
    return [p for p in second if p is not None]


def is_sure(p: Placement) -> bool:
    """A reading sure enough to anchor the others: a curated site, or a clear winner written as its name
    ("Al-Chifa" only folds like Algeria's Chiffa: it may not pull the article away from Afrin)."""
    if p.place.source == "curated":
        return True
    named = any(n in ("written_as_its_name", "kind_fits_trigger") for n, _ in p.evidence)
    return named and (not p.alternatives or p.confidence >= 0.6)


def place_mention(m: Mention, text: str, lang: str, locators: list[Place], countries: Counter,
                  anchors: list[Place], named: frozenset[str], story: list[Place] = (),
                  beside: list[Place] = ()) -> Placement | None:
    # The mention's own readings anchor nothing for each other: a camp is not "near the article's places"
    # because the garrison of the same name is one of them.
    own = {c.id for c in m.candidates}
    anchors = [a for a in anchors if a.id not in own]
    story = [a for a in story if a.id not in own]
    scored = sorted(((*score(c, m, text, lang, locators, countries, anchors, named, story, beside), c)
                     for c in readings(m)),
                    key=lambda sc: (-sc[0], sc[2].id))
    # A place that only a spelling supports, against the words around it, is no reading at all.
    believable = [(s, c) for s, _, c in scored if s > 0]
    if not believable:
        return None
    best_score, best = believable[0]
    alternatives = tuple(dict.fromkeys(c for _, c in believable[1:6] if c.id != best.id))
    runner = believable[1][0] if len(believable) > 1 else None
    precision, radius = precision_of(best, m)
    return Placement(mention=m, place=best, geo_precision=precision, radius_km=radius,
                     confidence=confidence_of(best_score, runner), alternatives=alternatives,
                     locators=tuple(p for p in locators if p.id != best.id), evidence=scored[0][1])


def readings(m: Mention) -> tuple[Place, ...]:
    """The candidates worth weighing: a country's own name means the country ("Norway" is not a Kansas
    airstrip's town, "Lebanon" not Lebanon, Pennsylvania)."""
    countries = tuple(c for c in m.candidates if c.kind == "country" and exact_name(c, m.text))
    return countries or m.candidates


ADJACENT_CHARS = 60  # "la ville de Baghdadi, dans la province d'Anbar": a province this near locates the town


def area_named(other: Mention, text: str, lang: str) -> Place | None:
    """The area a name means when it follows a locative word ("en Syrie", "in Iraq", "dans la campagne de Deir
    ez-Zor"): it locates the sites of its sentence. "Soutenues par l'Iran" locates nothing; else None."""
    areas = areas_named(other, text, lang)
    return areas[0] if areas else None


def areas_named(other: Mention, text: str, lang: str) -> list[Place]:
    """Every area a name after a locative word may mean, the best-kept source first."""
    if not after_locative(other, text, lang):
        return []
    # Only a name that means the area: "Damascus" is the city before it is its governorate.
    areas = [c for c in other.candidates if c.kind in AREAS
             and (exact_name(c, other.text) or len(other.candidates) == 1) and not has_namesake_city(c, other)]
    # Then the provinces the trigger asks for that the name only folds like: "l'État d'Al-Jazira" may be Sudan's
    # Al Jazirah as much as Syria's Jazira.
    akin = [c for c in other.candidates if c.kind in ("governorate", "region") and c.kind in other.kinds
            and c not in areas and not has_namesake_city(c, other)]
    return sorted(areas, key=lambda p: -LAYER_RANK.get(p.source, 0)) + akin


@dataclass(frozen=True)
class Weight:
    """One piece of evidence for or against a reading, and why it counts that much."""

    value: float
    label: str  # what the card says when it fired
    reason: str  # why it weighs what it weighs


VETO = -100.0
# Every number the resolver uses, with its reason: tune here, nowhere else.
WEIGHTS: dict[str, Weight] = {
    "kind_fits_trigger": Weight(6.0, "kind fits the trigger words",
                                "'la base de X': X is the base; 1 less for each kind the trigger lists before it (to 3)"),
    "kind_akin_to_trigger": Weight(2.0, "kind close to the trigger's",
                                   "an airport for 'air base', a gas field for 'oil field': the press mixes them"),
    "town_not_the_site": Weight(-3.0, "a town where the trigger asks for a site",
                                "'la base de X' is not the town beside the base"),
    "kind_off_trigger": Weight(-1.0, "kind unlike the trigger's", "the words around it ask for another kind"),
    "a_town": Weight(1.5, "a town", "with no trigger, a name is read first as a settlement"),
    "a_hamlet": Weight(0.3, "a hamlet", "a settlement under 5,000 people is a weak reading of a bare name"),
    "bare_name_is_the_city": Weight(-2.0, "the bare name is the city's",
                                    "'Erbil' alone is the city, not its airport, power plant, district or governorate"),
    "own_name_of_an_area": Weight(2.0, "an area's own name", "'Iraq' is the country, 'Gaza' the Strip, 'Anbar' "
                                                             "the governorate, not a Turkish village"),
    "written_as_its_name": Weight(2.5, "written as its name", "'Irak' is Iraq's name; Arāk only folds alike"),
    "only_folds_alike": Weight(-2.0, "only a folded spelling matches",
                               "'Attack' folds like Ataq: a package's place needs its written name"),
    "facility_without_its_kind_word": Weight(-2.0, "a facility named only by its place",
                                             "an imported camp or plant called 'Al Tanf' or 'Erbil' is meant "
                                             "only when the words around say camp or plant"),
    "layer_curated": Weight(1.5, "a curated site", "checked by hand against public sources"),
    "written_coordinates": Weight(1.0, "the article's own coordinates",
                                  "a latitude and longitude written in the text (geo/coordinates.py): no name to weigh"),
    "layer_imported": Weight(1.0, "an imported dataset's site", "a facility from an open dataset"),
    "layer_countries": Weight(1.0, "a country", "country rows come from curated and Natural Earth data"),
    "layer_airportsdata": Weight(0.8, "an airfield by ICAO code", "airportsdata: every airfield with a code"),
    "in_the_theatre": Weight(0.5, "in the region Pressmap covers most",
                             "a prior, never a wall: the news Pressmap reads is mostly from there"),
    "in_country_sentence_names": Weight(3.0, "in the country the sentence names", "'X, en Syrie'"),
    "country_adjective": Weight(2.0, "in the country an adjective names", "'the Syrian town of X'"),
    "other_country_than_sentence": Weight(-1.5, "not in the country the sentence names",
                                          "the sentence locates its sites elsewhere"),
    "country_article_names": Weight(0.7, "in a country the article names",
                                    "per mention of the country, up to 2: an article stays in its countries"),
    "inside_named_region": Weight(2.0, "inside the region the sentence names", "'dans la campagne de Deir ez-Zor'"),
    "near_other_places": Weight(1.5, "near the article's other places", "within 150 km of another site it names"),
    "nearish_other_places": Weight(0.8, "within 400 km of the article's other places", "same theatre"),
    "far_from_other_places": Weight(-0.5, "far from the article's other places", "over 1,200 km away"),
    "area_holds_other_places": Weight(1.5, "holds the article's other places", "an area around the story's sites"),
    "population": Weight(1 / 7, "population", "log10(population) / 7: the tie-breaker between namesakes"),
    "best_known_namesake": Weight(1.0, "the namesake ten times larger than any other",
                                  "'Herat' with nothing else said is Afghanistan's city, not a small Iranian town"),
    "airfield_off_trigger": Weight(VETO, "", "'the Ras Lanuf oil terminal', 'le port de X': words asking for "
                                             "another kind never place an airstrip (OurAirports' 'Ras Lanuf Oil')"),
    "no_reason_for_a_town": Weight(VETO, "", "a GeoNames town needs a trigger, a locative word or a size"),
    "outside_named_province": Weight(VETO, "", "'la ville de Baghdadi, dans la province d'Anbar' is in Iraq"),
    "small_town_other_country": Weight(VETO, "", "a small town of another country than an adjective beside it "
                                                 "says ('la ville syrienne de X')"),
    "country_beside_the_story": Weight(VETO, "", "a country none of the article's sites lies in: a flag, a "
                                                 "company's seat or a government, not where it happened"),
    "far_and_unnamed": Weight(VETO, "", "a place far from the story, in a country the article never names: "
                                        "Babylon, New York is not the Babylon of an article on Iraq"),
}
FAR_KM = 1500  # beyond this from every other place of the article, a place needs its country named
WORLD_CITY = 1_000_000  # a city this size is believed anywhere


def score(c: Place, m: Mention, text: str, lang: str, locators: list[Place], countries: Counter,
          anchors: list[Place], named: frozenset[str] = frozenset(),
          story: list[Place] = (), beside: list[Place] = ()) -> tuple[float, tuple[tuple[str, float], ...]]:
    """The candidate's total and the evidence behind it, as (evidence name, points) pairs.

    `countries` counts the countries the article names or speaks of by an adjective; `named` those it names;
    `anchors` are the article's sure point sites, `story` all its sure places (areas too); `beside` the areas
    named right next to the name ("X, dans la province d'Anbar")."""
    got: list[tuple[str, float]] = []

    def add(name: str, times: float = 1.0) -> None:
        got.append((name, WEIGHTS[name].value * times))

    kinds = m.kinds
    if kinds and c.kind in AIRFIELDS and not AIRFIELDS & set(kinds) and not m.trigger.startswith("near") \
            and not says_airfield(m.text, lang):
        return VETO, (("airfield_off_trigger", VETO),)
    if kinds:
        if c.kind in kinds:
            got.append(("kind_fits_trigger", WEIGHTS["kind_fits_trigger"].value - min(kinds.index(c.kind), 3)))
        elif any(c.kind in KIND_FAMILIES.get(k, ()) for k in kinds[:1]):
            add("kind_akin_to_trigger")
        elif c.kind in SETTLEMENTS and "town" not in kinds and "city" not in kinds:
            add("town_not_the_site")
        else:
            add("kind_off_trigger")
    else:
        if c.kind in SETTLEMENTS:
            add("a_town" if c.population >= 5000 or c.source == "curated" else "a_hamlet")
        if c.kind == "airport" and c.source == "airportsdata" or (
                c.kind in ("governorate", "district", "airport", "airbase") and has_namesake_city(c, m)) or (
                c.source == "imported" and c.kind not in AREAS | SETTLEMENTS and has_namesake_city(c, m)):
            add("bare_name_is_the_city")
        if c.kind in ("country", "region", "sea", "strait") or c.kind == "governorate" and not has_namesake_city(c, m):
            add("own_name_of_an_area")
    if gathered_town(c) and not believable_town(c, m, text, lang):
        return VETO, (("no_reason_for_a_town", VETO),)
    provinces = {p.country for p in beside if p.kind in ("governorate", "region") and p.country}
    if gathered_town(c) and provinces and c.country not in {p.country for p in beside}:
        return VETO, (("outside_named_province", VETO),)
    said = demonym_countries(text, m, lang)
    beside = near_demonyms(text, m, lang)
    if gathered_town(c) and c.population < BIG_TOWN and beside \
            and c.country not in beside | provinces | {a.country for a in anchors}:
        return VETO, (("small_town_other_country", VETO),)
    loc_countries = {p.country for p in locators if p.country}
    alone = len({p.id for p in m.candidates}) == 1 and main_name(c, m.text)
    if far_and_unnamed(c, named, loc_countries | said, [a for a in story if a.kind != "country"] or anchors, alone,
                       exact_name(c, m.text)):
        return VETO, (("far_and_unnamed", VETO),)
    if country_beside_the_story(c, story):
        return VETO, (("country_beside_the_story", VETO),)
    if exact_name(c, m.text):
        add("written_as_its_name")
    elif c.source != "curated" and not (c.kind in SETTLEMENTS and c.population >= BIG_TOWN):
        add("only_folds_alike")
    if c.source == "imported" and c.kind not in AREAS | SETTLEMENTS and c.kind not in kinds \
            and strip_kind_words(c.name) == " ".join(tokens(c.name)):
        add("facility_without_its_kind_word")
    if f"layer_{c.source}" in WEIGHTS and not gathered_town(c):  # a village from a dump is no better than GeoNames'
        add(f"layer_{c.source}")
    if c.source != "curated" and c.country in theatre_countries():
        add("in_the_theatre")
    if c.country and c.country in loc_countries:
        add("in_country_sentence_names")
    elif c.country and c.country in said:
        add("country_adjective")
    elif loc_countries and c.kind not in AREAS and c.country and c.country not in loc_countries:
        add("other_country_than_sentence")
    if c.country and countries.get(c.country):
        got.append(("country_article_names", min(2.0, WEIGHTS["country_article_names"].value * countries[c.country])))
    for area in locators:
        if area.kind != "country" and km(area.lat, area.lon, c.lat, c.lon) <= area.radius_km * 1.2:
            add("inside_named_region")
    others = [a for a in anchors if a.id != c.id]
    if others and c.kind not in AREAS:
        d = min(km(a.lat, a.lon, c.lat, c.lon) for a in others)
        if d < 150:
            add("near_other_places")
        elif d < 400:
            add("nearish_other_places")
        elif d > 1200:
            add("far_from_other_places")
    elif others and any(km(a.lat, a.lon, c.lat, c.lon) <= c.radius_km for a in others):
        add("area_holds_other_places")
    if c.population > 1:
        add("population", math.log10(c.population))
    if c.kind in SETTLEMENTS and c.population >= 100_000 and all(
            o.population * 10 <= c.population for o in m.candidates if o.kind in SETTLEMENTS and o.id != c.id) \
            and not any(o.kind in ("region", "country") and exact_name(o, m.text) for o in m.candidates):
        # ("Gaza" alone is the Strip before the city: the wider reading is the honest one)
        add("best_known_namesake")
    return sum(v for _, v in got), tuple(got)


def says_airfield(name: str, lang: str) -> bool:
    """The name itself carries an airfield's kind word ("مطار أربيل الدولي", "Erbil International Airport"):
    no trigger around it can make it something else."""
    words = tokens(name)
    return any(AIRFIELDS & set(t.kinds[:1]) and any(tuple(words[i:i + len(t.phrase)]) == t.phrase
                                                    for i in range(len(words)))
               for t in triggers(lang))


def far_and_unnamed(c: Place, named: frozenset[str], located: frozenset[str] | set[str],
                    anchors: list[Place], alone: bool = False, exact: bool = True) -> bool:
    # `anchors`: the article's sure places, areas included (a country's radius would make the world near).
    """A package's place far from every other site of the article, in a country the sentence does not name
    (a city of 100,000 may lean on its country named anywhere in the article; a city of a million on nothing).
    A city's size vouches only for its own name (`exact`): "Putin" is a near spelling of Putian, not a way of
    writing it, and a city of a million in China does not make it one.

    Needs something to be far from: the article's other sites."""
    if c.source == "curated" or c.kind in AREAS - {"governorate"} or not c.country or c.country in located:
        return False
    big = c.population if exact else 0
    if big >= WORLD_CITY or c.country in named and (big >= 100_000 or c.kind == "governorate"):
        return False
    if alone and big >= 100_000:
        return False  # a city no namesake shares ("Wad Madani"): a wrong reading elsewhere must not drown it
    others = [a for a in anchors if a.id != c.id]
    if not others or any(a.country == c.country for a in others):
        return False
    reach = c.radius_km if c.kind == "governorate" else 0  # a province is far when its edge is

    def edge(a: Place) -> float:  # an area is as near as its edge
        return a.radius_km if a.kind in AREAS else 0.0

    return all(km(a.lat, a.lon, c.lat, c.lon) - reach - edge(a) > FAR_KM for a in others)


def country_beside_the_story(c: Place, story: list[Place]) -> bool:
    """A country none of the article's places lies in, named for a flag, a company or a government ("flagged
    in Panama", "a company based in Japan"): context, not where it happened. The theatre's curated countries
    keep their markers: the story is in them even when no site is named."""
    story = [a for a in story if a.kind != "country"]
    return c.kind == "country" and c.source != "curated" and bool(story) \
        and not any(a.country == c.country for a in story)


def explain(evidence: tuple[tuple[str, float], ...]) -> list[str]:
    """What the card says of a placement: each piece of evidence that fired, strongest first."""
    shown = sorted((e for e in evidence if WEIGHTS[e[0]].label and abs(e[1]) >= 0.3), key=lambda e: -abs(e[1]))
    return [f"{WEIGHTS[n].label} ({v:+.1f})" for n, v in shown]


def stands_for_government(m: Mention, text: str, lang: str) -> bool:
    """A capital or a country, written as its name, that acts or speaks: the government, not a place."""
    return any((c.capital_of or c.kind == "country") and exact_name(c, m.text) for c in m.candidates) \
        and governs(m, text, lang)


def governs(m: Mention, text: str, lang: str) -> bool:
    """The name is the subject of a government's act or words: "Washington a riposté", "Moscow denied"."""
    right = tokens(fold(text[m.end:m.end + 50]))
    return any(tuple(right[:len(p)]) == p for p in phrases(lang, "not_places", "government_after")) \
        or any(tuple(right[:len(p)]) == p for p in phrases(lang, "not_places", "speech_after"))


def gathered_town(c: Place) -> bool:
    """A town from a bulk layer (GeoNames, an import), not one we curated: every word is a hamlet somewhere."""
    return c.kind in SETTLEMENTS and c.source in ("geonames", "imported")


def main_name(c: Place, written: str) -> bool:
    """Written as the place's own name, or a spelling of it ("Wad Madani" for Wad Medani), not one of the
    alternate names GeoNames gathers ("Soon" is an old name of Anshun)."""
    from rapidfuzz import fuzz

    return fuzz.ratio(key(written), key(c.name)) >= 80


def has_namesake_city(area: Place, m: Mention) -> bool:
    """The area's own capital answers to the same name ("Damascus", "Erbil"), so a bare name means the city.
    The city must lie within the area: Iowa, Louisiana does not make "Iowa" a town."""
    # Any spelling of the city's name counts: "Ryad" is Riyadh, not the Riyadh Province.
    return any(o.kind in SETTLEMENTS and o.country == area.country and (o.population >= BIG_TOWN or exact_name(o, m.text))
               and km(o.lat, o.lon, area.lat, area.lon) <= max(area.radius_km, 25.0)
               for o in m.candidates if o is not area)


def exact_name(c: Place, written: str) -> bool:
    """Written as one of the place's names; a final "h" of Arabic's ta marbuta is a transliteration's choice,
    not another name ("al-Jazira" is "Al Jazirah", "Hama" is "Hamah")."""
    w = _spelled(written)
    return any(_spelled(n) == w for n in c.names)


def _spelled(name: str) -> str:
    return " ".join(t[:-1] if len(t) > 3 and t.endswith(("ah", "eh")) else t for t in tokens(name))


def demonym_countries(text: str, m: Mention, lang: str) -> frozenset[str]:
    """Countries the sentence names by an adjective ("saoudien", "Syrian")."""
    return sentence_demonyms(text[m.sentence_start:m.sentence_end], lang)


def near_demonyms(text: str, m: Mention, lang: str) -> frozenset[str]:
    """Countries an adjective names right around the name ("la ville syrienne de X", "X, a Syrian town"), not
    an actor's elsewhere in the sentence ("the Turkish Operation Olive Branch" does not move Afrin)."""
    return sentence_demonyms(text[max(m.sentence_start, m.start - 40):min(m.sentence_end, m.end + 25)], lang)


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
    left = bare(tokens(fold(text[max(m.sentence_start, m.start - 40):m.start])), lang)  # "لمدينة" is "ل" + "مدينة"
    locatives = phrases(lang, "not_places", "locatives")
    # "an army base in Darfur", "une base militaire au Darfour": a locative right before the name says where,
    # whatever kind word came earlier (a bare "de"/"of" is the trigger's own link: "la base de X" is the base).
    between = folded_words(lang, "not_places", "between_locative_and_name")
    core = left[:-2] if left[-2:] and set(left[-2:]) <= between else left[:-1] if left[-1:] and left[-1] in between \
        else left
    if any(tuple(core[-len(p):]) == p and not set(p) <= LINK_WORDS for p in locatives):
        return True
    if m.kinds and m.trigger:
        trig = m.trigger.removeprefix("near ").split()
        if tuple(left[-len(trig) - 2:-2]) == tuple(trig) or tuple(left[-len(trig) - 1:-1]) == tuple(trig):
            left = left[:-len(trig) - 1]  # "dans la campagne de X": look before the trigger words
    return any(tuple(left[-len(p):]) == p or tuple(left[-len(p) - 1:-1]) == p for p in locatives)


def believable_town(c: Place, m: Mention, text: str, lang: str) -> bool:
    """A GeoNames town counts when the text gives a reason to read the word as a place."""
    if m.kinds and ({"town", "city", "district"} & set(m.kinds) or m.trigger.startswith("near")):
        return True
    if m.origin == "ner" or c.population >= BIG_TOWN:
        return True
    return after_locative_word(text, m.start, lang, m.sentence_start)


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
