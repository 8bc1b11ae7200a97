"""From placed mentions to events: one per site, date range and type within a sentence.

A country or region named in the same sentence as a site only locates it; it becomes an event of its
own only when nothing more precise is placed in that sentence. A pipeline or road named between two
places ("le gazoduc reliant le champ gazier de X et le désert de Y") becomes a line between them, and
both ends stay events of their own.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from geo import dating, event_types
from geo.gazetteer import AREAS
from geo.lexicon import folded_words, languages, lexicon, phrases
from geo.mentions import triggers
from geo.model import TIME_DAY, TIME_MONTH, TIME_WEEK, DateRange, Document, Event, Placement
from geo.names import fold, tokens
from geo.resolve import after_locative
from geo.text import Segments


def build_events(doc: Document, placements: list[Placement], seg: Segments) -> list[Event]:
    published = doc.published or date.today()
    found_dates = dating.find_dates(doc.text, published, doc.language)
    story = Story.of(doc, seg, found_dates)
    by_sentence: dict[int, list[Placement]] = {}
    for p in placements:
        by_sentence.setdefault(p.mention.sentence_start, []).append(p)
    events = []
    for s0, group in sorted(by_sentence.items()):
        sentence = doc.text[s0:group[0].mention.sentence_end]
        if is_caption(sentence, doc.language):
            continue  # "In this file photo taken on March 25, 2022…": not what the article reports
        group = [p for p in group if not is_dateline(doc.text, p, seg)]
        if not group:
            continue
        precise = [p for p in group if p.place.kind not in AREAS]
        # "la base de Balad, au nord de Bagdad", "Kharj, west of Tehran": a place named only to say where
        # another is locates it; it is an event of its own when nothing else in the sentence is placed.
        precise = [p for p in precise if not locates_another(p, precise)]
        keep = precise or located_areas(group, doc.text, doc.language)
        event_type, sub_type = event_types.classify(sentence, doc.language)
        actors = event_types.find_actors(sentence, doc.language)
        quantities = event_types.find_quantities(sentence, doc.language)
        seen: dict[tuple, Event] = {}
        for p in keep:
            when = date_of(p, seg, published, doc.language, story)
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
            when = date_of(a, seg, published, doc.language, story)
            events.append(Event(placements=[a, b], dates=when, event_type=event_type, sub_event_type=sub_type,
                                actors=actors, quantities=quantities, line=(a, b)))
    return events


CARRY_SENTENCES = 6
PARAGRAPHS_BACK = 1
OPENER_DAY_CHARS = 40
LEAD_SENTENCES = 2  # a lead is the first sentence or two of the body
LEAD_MIN_WORDS = 6
HEADING_WORDS = 4
HEADLINE_WORDS = 30
QUOTES = "\"“«'‘"
LOCATOR_GAP = 60  # characters between a site and the "near Y" that says where it is


def locates_another(p: Placement, placements: list[Placement]) -> bool:
    """"la base de Balad, au nord de Bagdad": Bagdad follows a site closely behind "near" words, to say where
    it is. "Des frappes dans les environs de Hama, et de Tartous" is about Hama itself."""
    if not p.mention.trigger.startswith("near"):
        return False
    return any(q is not p and not q.mention.trigger.startswith("near")
               and 0 <= p.mention.start - q.mention.end <= LOCATOR_GAP for q in placements)



@dataclass(frozen=True)
class Story:
    """What dating each site of one article draws on: every date found, those that date events rather than
    statements ("a déclaré mardi"), the headline's span and the day the lead gives."""

    found: list[DateRange]
    events: list[DateRange]
    headline: tuple[int, int] | None
    lead_day: DateRange | None

    @classmethod
    def of(cls, doc: Document, seg: Segments, found: list[DateRange]) -> Story:
        events = [d for d in found if not reported_speech_date(seg.text, d, seg.sentence_of(d.char_start)[0])]
        headline = headline_span(doc.text, doc.title)
        body = headline[1] if headline else 0
        lead_day, nxt, seen = None, seg.next_sentence(body), 0
        while nxt is not None and seen < LEAD_SENTENCES:
            if len(tokens(seg.text[nxt[0]:nxt[1]])) >= LEAD_MIN_WORDS:  # not a byline or a time stamp
                seen += 1
                days = [d for d in events if nxt[0] <= d.char_start < nxt[1] and d.precision == TIME_DAY]
                if days:
                    lead_day = days[0]
                    break
            nxt = seg.next_sentence(nxt[1])
        return cls(found, events, headline, lead_day)


def headline_span(text: str, title: str) -> tuple[int, int] | None:
    """The first line of the text when it is the document's title: a headline, not a sentence ending in a
    full stop (a text without a title line opens on its first paragraph, which is its own title)."""
    found = re.search(r"\S[^\n]*", text)
    if not found or not title.strip():
        return None
    line, head = fold(found.group(0)), fold(title)
    if line.rstrip().endswith(".") or len(line.split()) > HEADLINE_WORDS:
        return None
    return found.span() if head in line or line in head else None


def date_of(p: Placement, seg: Segments, published: date, lang: str, story: Story) -> DateRange:
    """The date governing a site: its sentence's or its paragraph's; the day the next sentence gives when it opens
    on this event; for a site in the headline, the day the lead gives; else the day one of the few sentences
    before gives ("Le 10 mai, deux Rafale ont décollé… Tôt dans la matinée, ils ont détruit…"); else undated."""
    m = p.mention
    sentence, paragraph = (m.sentence_start, m.sentence_end), seg.paragraph_of(m.start)
    events = story.events
    # governing_date looks only at dates starting in the sentence or the paragraph's opening: hand it those
    lo, hi = min(sentence[0], paragraph[0]), max(sentence[1], paragraph[0] + dating.PARAGRAPH_OPENING_CHARS)
    when = dating.governing_date(dates_within(events, lo, hi), m.start, sentence, paragraph, published)
    if when.char_start >= 0:
        return when
    ahead = told_next(events, seg, m.sentence_start, lang)
    if ahead is not None:
        return ahead
    if story.headline and m.start < story.headline[1]:
        # A headline tells the event its lead dates ("Israeli strikes knock out Damascus, Aleppo airports").
        return story.lead_day or when
    said_then = dating.governing_date(dates_within(story.found, lo, hi), m.start, sentence, paragraph, published)
    if said_then.char_start >= sentence[0] or habitual(seg.text[m.sentence_start:m.sentence_end], lang):
        return said_then  # "Biden warned last Friday that…": the sentence's own day, though only its saying's
    # News narrates on from the last day it named: walk back a few sentences to it, across paragraphs but not
    # past a heading, the headline, a descriptive sentence ("…has repeatedly been targeted") or a vaguer date
    # ("In 2019", "last month"), any of which changes the scene.
    start = m.sentence_start
    floor = story.headline[1] if story.headline else 0
    crossed = 0
    for _ in range(CARRY_SENTENCES):
        prev = seg.previous_sentence(start)
        if prev is None or prev[0] < floor or heading_between(seg.text, prev[1], start):
            break
        if "\n" in seg.text[prev[1]:start] and not goes_on(seg.text[start:], lang):
            crossed += 1  # one paragraph back at most, unless the one left opens on the story ("Selon…", a quote)
            if crossed > PARAGRAPHS_BACK:
                break
        said = [d for d in dates_within(events, prev[0], prev[1]) if prev[0] <= d.char_start < prev[1]]
        if said:
            days = [d for d in said if d.precision == TIME_DAY]
            if days:
                return days[-1]
            break
        if habitual(seg.text[prev[0]:prev[1]], lang):
            break
        start = prev[0]
    # Only the day it was said ("Israel said late Saturday that it struck…"): the event was then or before.
    when = said_then
    if when.char_start < 0 and aftermath_section(seg.text, m.sentence_start, lang):
        # Under "Conséquences" / "Aftermath": after the day the article opened on, up to publication.
        first_day = next((d for d in events if d.precision == TIME_DAY and d.char_start < m.sentence_start), None)
        if first_day is not None and first_day.start <= published:
            width = (published - first_day.start).days
            precision = TIME_DAY if width == 0 else TIME_WEEK if width <= 7 else TIME_MONTH
            return DateRange(first_day.start, published, precision,
                             f"no date in the text: in the aftermath of '{first_day.text}', before publication "
                             f"({published.isoformat()})", -1, -1)
    return when


def told_next(events: list[DateRange], seg: Segments, sentence_start: int, lang: str) -> DateRange | None:
    """The day the next sentence of the paragraph gives when it opens on the event just told ("Rocket fire struck
    Green Village. The attack on Wednesday, Jan. 5, caused minor damage.")."""
    nxt = seg.next_sentence(sentence_start)
    if nxt is None or seg.paragraph_of(nxt[0]) != seg.paragraph_of(sentence_start):
        return None
    if not opens_with(seg.text[nxt[0]:nxt[1]], lang, "event_openers"):
        return None
    # The day must come with those words ("The attack on Wednesday", "L'attaque, qui a eu lieu mardi"), not
    # later in the sentence ("Cette attaque a été menée alors que le ministre est attendu lundi").
    days = [d for d in dates_within(events, nxt[0], nxt[0] + OPENER_DAY_CHARS)
            if nxt[0] <= d.char_start <= nxt[0] + OPENER_DAY_CHARS and d.precision == TIME_DAY]
    return days[0] if days else None


def aftermath_section(text: str, offset: int, lang: str) -> bool:
    """Whether the sentence sits under a heading such as "Conséquences" or "Aftermath" (the nearest short line
    above it, standing alone): what such a section tells happened after the event the article is about."""
    headings = folded_words(lang, "dates", "aftermath_headings")
    for line in _lines_before(text, offset):
        if is_heading(line):
            return fold(line.strip()).rstrip() in headings
    return False


def _lines_before(text: str, offset: int):
    """The whole lines before the one holding `offset`, nearest first (without splitting all the text before)."""
    end = text.rfind("\n", 0, offset)
    while end >= 0:
        start = text.rfind("\n", 0, end) + 1
        yield text[start:end]
        end = start - 1


_DATE_INDEXES: dict[int, tuple[list[DateRange], list[int], list[int]]] = {}


def dates_within(dates: list[DateRange], lo: int, hi: int) -> list[DateRange]:
    """The dates starting between lo and hi (inclusive), in the list's own order: the same answer as a filter
    of the whole list, from an index built once per list, so an article's cost grows with its length."""
    cached = _DATE_INDEXES.get(id(dates))
    if cached is None or cached[0] is not dates:
        order = sorted(range(len(dates)), key=lambda i: dates[i].char_start)
        cached = (dates, [dates[i].char_start for i in order], order)
        if len(_DATE_INDEXES) > 8:
            _DATE_INDEXES.clear()
        _DATE_INDEXES[id(dates)] = cached
    _, starts, order = cached
    return [dates[i] for i in sorted(order[bisect_left(starts, lo):bisect_right(starts, hi)])]


def goes_on(text: str, lang: str) -> bool:
    """Whether a paragraph opens by going on with the story told before it: a quotation, an attribution
    ("Selon l'agence…", "According to…") or words naming that event ("The attack…", "Peu après…")."""
    return text.lstrip()[:1] in QUOTES or opens_with(text, lang, "event_openers", "continuation_openers",
                                                         "attribution_openers")


def opens_with(text: str, lang: str, *lists: str) -> bool:
    """Whether the text's first words are one of the phrases of these lists of `dates.yaml`."""
    words = tokens(fold(text[:80]))
    return any(tuple(words[:len(p)]) == p for name in lists for p in phrases(lang, "dates", name))


def is_heading(line: str) -> bool:
    """A short line standing alone without closing punctuation: "Background", "Conséquences", "- Date: 28 January"."""
    line = line.strip()
    return bool(line) and len(line.split()) <= HEADING_WORDS and line[-1:] not in ".;:,!?»\"”"


def heading_between(text: str, a: int, b: int) -> bool:
    lines = text[a:b].split("\n")
    return any(is_heading(line) for line in lines[1:-1])


@lru_cache(maxsize=256)  # asked once per site: a sentence naming thousands of sites is read once
def habitual(sentence: str, lang: str) -> bool:
    """"Such attacks have frequently targeted Baghdad airport": no single day is meant."""
    low = fold(sentence)
    return any(re.search(r"\b" + re.escape(fold(w)) + r"\b", low)
               for w in lexicon(lang, "dates").get("habitual_markers", []))


def reported_speech_date(text: str, d: DateRange, sentence_start: int) -> bool:
    """"…, the military said Tuesday", "a déclaré mardi": the day of the statement, not of the event."""
    left = tokens(fold(text[max(sentence_start, d.char_start - 60):d.char_start]))
    verbs, nouns = speech_markers()
    if left and left[-1] in ("on", "le", "ce"):  # "reported on Wednesday that", "a annoncé ce mardi"
        left = left[:-1]
    if any(tuple(left[-len(v):]) == v for v in verbs):
        return True
    # "In a statement released early on Sunday", "dans un communiqué publié mardi"
    return any(t in nouns for t in left[-4:])


@cache
def speech_markers() -> tuple[tuple[tuple[str, ...], ...], frozenset[str]]:
    """Speech verbs (as word tuples) and statement nouns of every language."""
    verbs = {tuple(tokens(w)) for code in languages() for w in lexicon(code, "not_places").get("speech_after", [])}
    nouns = {fold(w) for code in languages() for w in lexicon(code, "not_places").get("statement_words", [])}
    return tuple(v for v in verbs if v), frozenset(nouns)


_DATELINE_AFTER = re.compile(
    r"\s*(?:,\s*[A-Z][\w\s.]{0,30})?\s*(?:\([A-Za-z .]{2,12}\)\s*[–—-]{0,2}|[–—-]{1,2})\s")


def is_dateline(text: str, p: Placement, seg: Segments) -> bool:
    """"JERUSALEM (AP) — …", "Erbil, Iraq – …": where the story was filed, not where it happened."""
    p0, _ = seg.paragraph_of(p.mention.start)
    return p.mention.start == p0 and bool(_DATELINE_AFTER.match(text, p.mention.end))


def is_caption(sentence: str, lang: str) -> bool:
    low = sentence.lower()
    return any(marker.lower() in low for marker in lexicon(lang, "not_places").get("caption_markers", []))


def located_areas(group: list[Placement], text: str, lang: str) -> list[Placement]:
    """A sentence with only areas: each area named as where something happened ("en Irak", "in Syria")
    is an event the text places no better; "des milices soutenues par l'Iran" places nothing."""
    located, previous = [], None
    for p in sorted(group, key=lambda p: p.mention.start):
        if after_locative(p.mention, text, lang) or (previous in located and joined(previous, p, text, lang)):
            located.append(p)
        previous = p
    return located


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
    return fold(text)


def _contains(seq: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(seq[i:i + n]) == phrase for i in range(len(seq) - n + 1))


def event_id(doc: Document, ev: Event) -> str:
    ids = "|".join(p.place.id for p in ev.placements)
    raw = f"{doc.content_hash}|{ids}|{ev.dates.start}|{ev.dates.end}|{ev.event_type}|{ev.placements[0].mention.start}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]
