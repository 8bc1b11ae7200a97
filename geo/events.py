"""From placed mentions to events: one per site, date range and type within a sentence.

A country or region named in the same sentence as a site only locates it; it becomes an event of its
own only when nothing more precise is placed in that sentence. A pipeline or road named between two
places ("le gazoduc reliant le champ gazier de X et le désert de Y") becomes a line between them, and
both ends stay events of their own.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from datetime import date
from functools import lru_cache

from geo import date_rules, event_types
from geo.gazetteer import AREAS, SETTLEMENTS, km
from geo.lexicon import folded_words
from geo.mentions import triggers
from geo.model import Document, Event, Placement
from geo.names import fold, fold_aligned, tokens
from geo.resolve import after_locative
from geo.text import Segments


def build_events(doc: Document, placements: list[Placement], seg: Segments) -> list[Event]:
    published = doc.published or date.today()
    story = date_rules.build_story(doc, seg, published)
    by_sentence: dict[int, list[Placement]] = {}
    for p in placements:
        by_sentence.setdefault(p.mention.sentence_start, []).append(p)
    events = []
    for s0, group in sorted(by_sentence.items()):
        sentence = doc.text[s0:group[0].mention.sentence_end]
        if date_rules.is_caption(sentence, doc.language, story.read_in(s0, group[0].mention.sentence_end)):
            continue  # "In this file photo taken on March 25, 2022…": not what the article reports
        group = [p for p in group if not is_dateline(doc.text, p, seg)]
        if not group:
            continue
        precise = [p for p in group if p.place.kind not in AREAS or site_like(p.place)]
        # "la base de Balad, au nord de Bagdad", "Kharj, west of Tehran": a place named only to say where
        # another is locates it; it is an event of its own when nothing else in the sentence is placed.
        towns = towns_of_sites(precise, doc.text)
        precise = [p for p in precise if not locates_another(p, precise, doc.text, doc.language) and id(p) not in towns]
        keep = (precise + listed_with_a_site(group, precise, doc.text, doc.language)) if precise \
            else located_areas(group, doc.text, doc.language)
        event_type, sub_type = event_types.classify(sentence, doc.language)
        actors = event_types.find_actors(sentence, doc.language)
        quantities = event_types.find_quantities(sentence, doc.language)
        seen: dict[tuple, Event] = {}
        for p in keep:
            when = date_rules.date_site(p.mention, seg, published, doc.language, story)
            k = (p.place.id, when.start, when.end, event_type)
            if k in seen:
                continue
            ev = Event(placements=[p], dates=when, event_type=event_type, sub_event_type=sub_type,
                       actors=actors, quantities=quantities)
            seen[k] = ev
            events.append(ev)
        line = line_between(doc.text, precise, s0, doc.language)
        if line:
            a, b = line
            when = date_rules.date_site(a.mention, seg, published, doc.language, story)
            events.append(Event(placements=[a, b], dates=when, event_type=event_type, sub_event_type=sub_type,
                                actors=actors, quantities=quantities, line=(a, b)))
    return events


LOCATOR_GAP = 60  # characters between a site and the "near Y" that says where it is


SITE_LIKE_KM = 25  # a desert, a mountain or an island this small is a site, not a frame: "le désert d'Abou Khashab"


def site_like(place) -> bool:
    """A small natural feature is where something happened, as a town is; a large one only frames the story."""
    return place.kind in ("desert", "mountain", "island") and place.radius_km <= SITE_LIKE_KM


def locates_another(p: Placement, placements: list[Placement], text: str, lang: str) -> bool:
    """"la base de Balad, au nord de Bagdad": Bagdad follows a site closely behind "near" words, to say where
    it is. "Des frappes dans les environs de Hama, et de Tartous" is about Hama itself; "in Nabatieh and near
    Baalbek" joins a second place, it does not locate the first."""
    if not p.mention.trigger.startswith("near"):
        return False
    conjunctions = folded_words(lang, "not_places", "conjunctions")
    return any(q is not p and not q.mention.trigger.startswith("near")
               and 0 <= p.mention.start - q.mention.end <= LOCATOR_GAP
               and not conjunctions & set(tokens(fold(text[q.mention.end:p.mention.start]))) for q in placements)


TOWN_OF_SITE_KM = 40  # "Hamid Karzai International Airport in Kabul": the town around a site, not a second site
_TOWN_AFTER_SITE = re.compile(r"\s*(?:,|\bin\b|\bà\b|\bat\b)\s*$", re.IGNORECASE)


def towns_of_sites(placements: list[Placement], text: str) -> set[int]:
    """"A suicide bombing took place at Hamid Karzai International Airport in Kabul", "Location: Imam Ali military
    base, Abu Kamal": a town named right after a site, close to it, says where the site is; the event is the
    site's, and a marker on the town would tell it twice. Returns the ids of such towns' placements."""
    ordered = sorted(placements, key=lambda p: p.mention.start)
    return {id(p) for q, p in zip(ordered, ordered[1:], strict=False)
            if p.place.kind in SETTLEMENTS and q.place.kind not in SETTLEMENTS | AREAS
            and q.mention.end <= p.mention.start and _TOWN_AFTER_SITE.match(text[q.mention.end:p.mention.start])
            and km(q.place.lat, q.place.lon, p.place.lat, p.place.lon) <= TOWN_OF_SITE_KM}


_DATELINE_AFTER = re.compile(
    r"\s*(?:,\s*[A-Z][\w\s.]{0,30})?\s*(?:\([A-Za-z .]{2,12}\)\s*[–—-]{0,2}|[–—-]{1,2})\s")


def is_dateline(text: str, p: Placement, seg: Segments) -> bool:
    """"JERUSALEM (AP) — …", "Erbil, Iraq – …": where the story was filed, not where it happened."""
    p0, _ = seg.paragraph_of(p.mention.start)
    return p.mention.start == p0 and bool(_DATELINE_AFTER.match(text, p.mention.end))


def located_areas(group: list[Placement], text: str, lang: str) -> list[Placement]:
    """A sentence with only areas: each area named as where something happened ("en Irak", "in Syria")
    is an event the text places no better; "des milices soutenues par l'Iran" places nothing."""
    located, previous = [], None
    for p in sorted(group, key=lambda p: p.mention.start):
        if after_locative(p.mention, text, lang) or on_a_location_line(text, p.mention.start, lang) \
                and p.place.kind != "country" \
                or after_an_event_noun(text, p.mention, lang) \
                or (previous in located and joined(previous, p, text, lang)):
            located.append(p)
        previous = p
    return located


def after_an_event_noun(text: str, m, lang: str) -> bool:
    """An area named right after an attack word is where it happened: Arabic names an attack by its place
    ("هجوم خليج عمان", the Gulf of Oman attack; "حادث خليج عمان (مايو 2019)")."""
    left = tokens(fold(text[max(m.sentence_start, m.start - 20):m.start]))
    return bool(left) and left[-1] in folded_words(lang, "dates", "event_nouns_before_place")


def on_a_location_line(text: str, start: int, lang: str) -> bool:
    """The name stands on a fact box's location line ("Location: Shebaa Farms", "الموقع الخط الأزرق (مزارع
    شبعا)"): the box says that is where the event was, whatever comes between the label and the name. A country
    there only frames the place ("Localisation Mogadiscio (Somalie)"): the caller leaves countries out."""
    line_start = text.rfind("\n", 0, start) + 1
    return date_rules.opens_with(text[line_start:start], lang, "story_fields")


def listed_with_a_site(group: list[Placement], precise: list[Placement], text: str, lang: str) -> list[Placement]:
    """"Anbar and Kirkuk": a province joined to a site by a conjunction is a place of the event too, not a frame
    around the site (a country never is: "Kirkuk and Iraq" says where Kirkuk is)."""
    ordered = sorted(group, key=lambda p: p.mention.start)
    sites = {id(p) for p in precise}
    out = []
    for i, p in enumerate(ordered):
        if id(p) in sites or p.place.kind not in ("governorate", "region", "district"):
            continue
        # Only a neighbour can be joined to it ("X and Y"): look at the names just before and after.
        before = ordered[i - 1] if i else None
        after = ordered[i + 1] if i + 1 < len(ordered) else None
        if before is not None and id(before) in sites and joined(before, p, text, lang) \
                or after is not None and id(after) in sites and joined(p, after, text, lang):
            out.append(p)
    return out


def joined(a: Placement, b: Placement, text: str, lang: str) -> bool:
    """"l'Irak et la Syrie": b is joined to a by a conjunction (and maybe an article)."""
    between = tokens(fold(text[a.mention.end:b.mention.start]))
    words = folded_words(lang, "not_places", "conjunctions")
    return 0 < len(between) <= 3 and between[0] in words


def line_between(text: str, placements: list[Placement], s0: int, lang: str) -> tuple[Placement, Placement] | None:
    """The two places a pipeline or road word links, when the sentence names it before them."""
    line_words = [t for t in triggers(lang) if t.line]
    if not line_words or len(placements) < 2:
        return None
    folded = folded_text(text)  # once per article, not once per sentence
    ordered = sorted(placements, key=lambda p: p.mention.start)
    links = folded_words(lang, "triggers", "line_links")
    prefix = _PrefixTokens(folded, s0, ordered[-2].mention.start, [t.phrase for t in line_words])
    for i, a in enumerate(ordered[:-1]):
        b = ordered[i + 1]
        if a.place.id == b.place.id:
            continue
        if prefix.contains_phrase(a.mention.start):  # "le gazoduc reliant X et Y"
            if set(tokens(folded[a.mention.end:b.mention.start])) & links:
                return a, b
        # "the Damascus-Baghdad highway", "l'oléoduc Kirkouk-Ceyhan": two names joined by a dash, then the word
        after = tokens(folded[b.mention.end:b.mention.end + 30])[:2]
        if re.fullmatch(r"\s*[-–—/]\s*", text[a.mention.end:b.mention.start]) and any(
                tuple(after[:len(t.phrase)]) == t.phrase or _contains(prefix.last(a.mention.start, 3), t.phrase)
                for t in line_words):
            return a, b
    return None


class _PrefixTokens:
    """tokens(folded[s0:x]) for every x up to `end`, from one tokenisation of the sentence: line_between asks
    about the words before each of a sentence's names, and re-reading them each time cost the square of a
    long list's length. Answers are those of `tokens` on the slice (a word the cut splits counts as cut)."""

    def __init__(self, folded: str, s0: int, end: int, phrases: list[tuple[str, ...]]):
        self.folded, self.s0 = folded, s0
        # folded text folds to itself; if some character did not, offsets could shift: ask `tokens` then
        self.exact = fold(folded[s0:end]) == folded[s0:end]
        found = [(s0 + m.start(), s0 + m.end()) for m in re.finditer(r"[^\W_]+", folded[s0:end])]
        self.spans = found
        self.ends = [e for _, e in found]
        self.words = [folded[a:e] for a, e in found]
        self.phrases = phrases
        # the fewest whole words from the sentence's start that hold a phrase (None: no prefix holds one)
        self.first = next((k for k in range(1, len(found) + 1)
                           if any(tuple(self.words[k - len(p):k]) == p for p in phrases if len(p) <= k)), None)

    def _cut(self, x: int) -> tuple[int, str | None]:
        """How many whole words lie before x, and the part of a word x cuts (None when x cuts none)."""
        k = bisect_right(self.ends, x)
        if k < len(self.spans) and self.spans[k][0] < x:
            return k, self.folded[self.spans[k][0]:x]
        return k, None

    def contains_phrase(self, x: int) -> bool:
        if not self.exact:
            return any(_contains(tokens(self.folded[self.s0:x]), p) for p in self.phrases)
        k, part = self._cut(x)
        if self.first is not None and k >= self.first:
            return True
        if part is None:
            return False
        return any(tuple(self.words[max(0, k - len(p) + 1):k]) + (part,) == p for p in self.phrases)

    def last(self, x: int, n: int) -> list[str]:
        if not self.exact:
            return tokens(self.folded[self.s0:x])[-n:]
        k, part = self._cut(x)
        whole = self.words[max(0, k - n):k]
        return (whole + [part])[-n:] if part is not None else whole


@lru_cache(maxsize=2)
def folded_text(text: str) -> str:
    return fold_aligned(text)  # offsets in it are offsets in the text


def _contains(seq: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(seq[i:i + n]) == phrase for i in range(len(seq) - n + 1))


def event_id(doc: Document, ev: Event) -> str:
    ids = "|".join(p.place.id for p in ev.placements)
    raw = f"{doc.content_hash}|{ids}|{ev.dates.start}|{ev.dates.end}|{ev.event_type}|{ev.placements[0].mention.start}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]
