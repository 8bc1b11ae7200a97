"""When each site's event happened: the article's story, then a ladder of named rules tried in order.

`geo.dating` reads the date expressions of a text ("le 29 octobre", "last week") as ranges; this module decides
which of them dates the event at each site. It first reads the article as a story (`Story`: its headline, its
lead, the day they tell, which dates are only the day something was said), then tries the rules of `LADDER`
one after the other until one answers. Each rule is a small function with a name, a label the dashboard shows
("dated by the story's headline: « du 14 mars »") and a one-line reason; the date it gives carries the rule's
name (`DateRange.rule`) and the words it used (`DateRange.text`), so an analyst can check every date.

Prefer a true week to a wrong day: a rule answers only when the text supports it, and the last rung says
honestly "before publication".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache, lru_cache

from geo import dating, event_types
from geo.lexicon import folded_words, languages, lexicon, phrases
from geo.model import TIME_DAY, TIME_MONTH, TIME_WEEK, DateRange, Document, Mention
from geo.names import fold, fold_aligned, tokens
from geo.text import Segments

# A date this close to the start of a paragraph ("Le 29 octobre, ...", "On Tuesday, ...") governs the paragraph.
PARAGRAPH_OPENING_CHARS = 25
CARRY_SENTENCES = 6  # how far back a day told before is looked for
PARAGRAPHS_BACK = 1  # ... across at most this many paragraph breaks (unless the paragraph goes on with the story)
OPENER_DAY_CHARS = 40  # "The attack on Wednesday, Jan. 5": the day comes with the words naming the attack
LEAD_SENTENCES = 2  # a lead is the first sentence or two of the body
LEAD_MIN_WORDS = 6  # shorter lines are bylines or time stamps
HEADING_WORDS = 4
HEADLINE_WORDS = 30
NAMED_EVENT_CHARS = 40  # "deux jours avant l'attaque de X": how far after the date its event noun may sit
QUOTES = "\"“«'‘"
SENTENCE_ENDS = ".!?…\"»”"  # how a sentence of a lead ends (a fact box's line or a byline does not)
FACT_BOX_SPAN_DAYS = 14  # the longest span a fact box's date line may give the story
FACT_BOX_LINES = 15  # how far under the headline a fact box's "Date" line is looked for
STORY_SPAN_DAYS = 3  # a story told as "from 5 to 7 August" (a fact box's "Date: 12 – 14 November") still has a day
NAMES_STORY_CHARS = 300  # how far into a sentence opening on the story's event a site still belongs to it
PRIOR_SITE_WORDS = 6  # "in response to rocket attacks against U.S. targets in Iraq"
NAMED_SITE_WORDS = 4  # "the 14 October 2017 Mogadishu bombings", "… du 17 janvier dernier sur Abou Dabi"


# --- the story -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Story:
    """What dating each site of one article draws on: the dates that tell of it, those that date events rather than
    statements ("a déclaré mardi") or other named events ("the October 7 attacks"), the headline's span, the
    day the lead gives and the day the whole story is about."""

    found: list[DateRange]  # what dates an event, or the day it was said: not a headline's stamp nor another event's day
    events: list[DateRange]
    headline: tuple[int, int] | None
    lead_day: DateRange | None
    day: DateRange | None  # the story's own day: its headline's, else its lead's
    review: bool = False  # a press review: each item is a story of its own, and the whole has no one day
    read: tuple[DateRange, ...] = ()  # every date expression of the text, whatever it dates
    named: tuple[DateRange, ...] = ()  # days of other events, from the words naming them ("since the October 7 …")
    lead_vague: DateRange | None = None  # a lead with no day but a vaguer date ("… in eastern Syria last week")
    period: DateRange | None = None  # a month or a week the headline names ("Offensive … (janvier 2016)")
    stamp: DateRange | None = None  # the document's own day in its headline's brackets ("… (21 septembre 2023)")

    @classmethod
    def of(cls, doc: Document, seg: Segments, found: list[DateRange], published: date) -> Story:
        headline = headline_span(doc.text, doc.title)
        named: list[DateRange] = []
        events = event_dates(seg, found, headline, doc.language, published, named)
        vague: list[DateRange] = []
        lead_day = lead_day_of(seg, events, headline[1] if headline else 0, doc.language, found, vague=vague)
        told = [d for d in events if headline and headline[0] <= d.char_start < headline[1]]
        day = next((d for d in told if one_night(d)), None) or lead_day
        period = next((d for d in told if not one_night(d) and (d.end - d.start).days <= PERIOD_DAYS
                       and d.start <= published), None)
        if day is not None:
            relative = days_from_story(seg.text, day, doc.language, named) + story_named(events, headline, day)
            events = sorted([d for d in events if not any(_overlap(d, r) for r in relative)] + relative,
                            key=lambda d: d.char_start)
        review = bool(headline) and _has(seg.text[headline[0]:headline[1]], doc.language, "review_words")
        own_stamp = next((d for d in found if stamp(seg.text, d, headline)), None)
        said = [d for d in found if reported_speech_date(seg.text, d, seg.sentence_of(d.char_start)[0])]
        return cls(sorted(events + said, key=lambda d: d.char_start), events, headline, lead_day, day, review,
                   tuple(found), tuple(named), vague[0] if vague and lead_day is None else None, period, own_stamp)

    def read_in(self, start: int, end: int) -> list[DateRange]:
        """Every date expression between two offsets (a sentence's, say)."""
        return [d for d in self.read if start <= d.char_start < end]

    def day_from_headline(self) -> bool:
        return self.day is not None and self.headline is not None and self.day.char_start < self.headline[1]


def event_dates(seg: Segments, found: list[DateRange], headline: tuple[int, int] | None, lang: str,
                published: date, named: list[DateRange] | None = None) -> list[DateRange]:
    """The dates that can date an event: not the day something was said ("a déclaré mardi"), nor the document's
    own date in its headline, nor a photo caption's, nor a day naming another event ("since the October 7
    attacks", which only says that what follows came after it). The days of other events, from the words that
    name them, go to `named`."""
    events = []
    for d in found:
        if reported_speech_date(seg.text, d, seg.sentence_of(d.char_start)[0]) or stamp(seg.text, d, headline) \
                or in_dateline(seg, d):
            continue
        s0, s1 = seg.sentence_of(d.char_start)
        if is_caption(seg.text[s0:s1], lang, [e for e in found if s0 <= e.char_start < s1]):
            continue
        other = names_another_event(seg.text, d, lang)
        if other is not None and named is not None:
            named.append(replace(_without_since(d, lang, published), text=seg.text[other:d.char_end], char_start=other))
        if other is not None and dating.opens_a_span(seg.text[other:d.char_end], lang) and d.start <= published:
            # "depuis les attaques du 7 octobre": what the sentence tells came between that day and publication
            width = (published - d.start).days
            d = replace(d, end=published, precision=TIME_WEEK if width <= 7 else TIME_MONTH,
                        text=seg.text[other:d.char_end], char_start=other)
        elif other is not None:
            continue
        events.append(d)
    return events


def _without_since(d: DateRange, lang: str, published: date) -> DateRange:
    """"since the 14 October 2017": the day itself, which the "since" made a span to publication."""
    if not dating.opens_a_span(d.text, lang) or len(d.text.split(maxsplit=1)) < 2:
        return d
    again = dating.find_dates(d.text.split(maxsplit=1)[1], published, lang)
    return replace(d, start=again[0].start, end=again[0].end, precision=again[0].precision) if again else d


def lead_day_of(seg: Segments, events: list[DateRange], body: int, lang: str,
                found: list[DateRange] = (), fact_box: bool = True, vague: list | None = None) -> DateRange | None:
    """The day (or night) a fact box's "Date" line gives ("Date: 14 September 2019"), else the first sentence or
    two of the body; bylines, time stamps, photo captions and the fact box's other lines are no sentences of a
    lead. A vaguer date the lead gives instead ("airstrikes in eastern Syria last week") goes to `vague`."""
    nxt, lines = seg.next_sentence(body), 0
    while fact_box and nxt is not None and lines < FACT_BOX_LINES:
        line = seg.text[nxt[0]:nxt[1]]
        if opens_with(line, lang, "date_fields"):
            # A fact box may give the story's days as a span ("Date: 20–30 January 2022"): that span is its day.
            days = [d for d in events if nxt[0] <= d.char_start < nxt[1]
                    and (short_story(d) or (d.end - d.start).days <= FACT_BOX_SPAN_DAYS)]
            if days:
                return days[0]
        nxt, lines = seg.next_sentence(nxt[1]), lines + 1
    nxt, seen, said_first = seg.next_sentence(body), 0, None
    while nxt is not None and seen < LEAD_SENTENCES:
        sentence = seg.text[nxt[0]:nxt[1]].rstrip()
        if len(tokens(sentence)) >= LEAD_MIN_WORDS and sentence[-1:] in SENTENCE_ENDS \
                and not is_caption(sentence, lang, [d for d in found if nxt[0] <= d.char_start < nxt[1]]):
            seen += 1
            days = [d for d in events if nxt[0] <= d.char_start < nxt[1] and short_story(d)]
            if days:
                return days[0]
            vaguer = [d for d in events if nxt[0] <= d.char_start < nxt[1]]
            if vaguer and vague is not None and not vague:
                vague.append(vaguer[0])
            said = [d for d in found if nxt[0] <= d.char_start < nxt[1] and one_night(d)
                    and reported_speech_date(seg.text, d, nxt[0])]
            said_first = said_first or (said[0] if said and not vaguer else None)
        nxt = seg.next_sentence(nxt[1])
    # "The Israeli military said Wednesday it carried out airstrikes…": a lead that dates only its statement tells
    # of an event that day or the day before ("The Pentagon said on Monday that U.S. airstrikes … last week …"
    # dates its event, vaguely).
    return said_day(said_first) if said_first else None


def days_from_story(text: str, day: DateRange, lang: str, named: list[DateRange] | None = None) -> list[DateRange]:
    """"Quelques jours avant l'attaque de la ville", "three days after the strike": days counted from the day of
    the story the article tells, which a reading against publication cannot give. The story's event named there
    ("l'attaque de Palmyre") goes to `named` with the story's day: Palmyra is where the story happened."""
    nouns = lexicon(lang, "dates").get("story_events") or []
    if not nouns:
        return []
    event = f"(?P<event>{dating.alternation(nouns)})"
    out = []
    for entry in lexicon(lang, "dates").get("relative_to_story") or []:
        for m in dating.counting_regex(entry["pattern"], lang, event=event).finditer(text):
            if m.groupdict().get("n"):
                first = last = day.start + timedelta(days=int(entry["per_day"]) * dating.count(m.group("n"), lang))
            else:
                first, last = day.start + timedelta(days=int(entry["from"])), day.start + timedelta(days=int(entry["to"]))
            precision = TIME_DAY if first == last else TIME_WEEK
            out.append(DateRange(first, last, precision, f"{m.group(0)} ({day.text})", m.start(), m.end()))
            if named is not None:
                named.append(replace(day, text=f"{m.group('event')} ({day.text})", char_start=m.start("event"),
                                     char_end=m.end()))
    return out


def story_named(events: list[DateRange], headline: tuple[int, int] | None, day: DateRange) -> list[DateRange]:
    """"November 2019 Gaza–Israel clashes" … "The Gaza–Israel clashes (November 2019) took place…": the headline's
    vaguer date, said again in the body, names the story; where the story has a day (or a few) inside it, that."""
    if headline is None:
        return []
    titled = {fold(d.text) for d in events if headline[0] <= d.char_start < headline[1] and not one_night(d)
              and d.start <= day.start and day.end <= d.end}
    return [replace(d, start=day.start, end=day.end, precision=day.precision, text=f"{d.text} ({day.text})")
            for d in events if d.char_start >= headline[1] and fold(d.text) in titled]


def said_day(d: DateRange) -> DateRange:
    """The day of a statement ("the military said Tuesday", « a annoncé le 18 octobre ») as the event's: that day
    or the one before (a strike overnight is announced in the morning)."""
    return replace(d, start=d.start - timedelta(days=1), end=d.start, precision=TIME_WEEK)


def short_story(d: DateRange) -> bool:
    """A day, a night, or the few days a story's fact box or lead gives it ("Date: 5–7 August 2022")."""
    return (d.end - d.start).days < STORY_SPAN_DAYS


def _overlap(a: DateRange, b: DateRange) -> bool:
    return a.char_start < b.char_end and b.char_start < a.char_end


def one_night(d: DateRange) -> bool:
    """A day, or the night between two ("Dans la nuit du 13 au 14 mars", "overnight"): a story's day can be either."""
    return d.precision == TIME_DAY or (d.end - d.start).days <= 1


def build_story(doc: Document, seg: Segments, published: date) -> Story:
    return Story.of(doc, seg, dating.find_dates(doc.text, published, doc.language), published)


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


def is_caption(sentence: str, lang: str, dates: list[DateRange] = ()) -> bool:
    """A photo's caption, which tells no part of the story: "FILE PHOTO: …", "In this photo taken on …", or a
    sentence closing on a comma and a full date ("Israeli soldiers drive … near the border with Syria, Aug. 4,
    2020."), the way agencies date their pictures (`dates`: the date expressions found in the sentence)."""
    low = sentence.lower()
    if any(marker.lower() in low for marker in lexicon(lang, "not_places").get("caption_markers", [])):
        return True
    end = sentence.rstrip().rstrip(".")
    return any(d.text and end.endswith(d.text) and d.precision == TIME_DAY and re.search(r"\d{4}$", d.text)
               and end[:len(end) - len(d.text)].rstrip().endswith(",") for d in dates)


def stamp(text: str, d: DateRange, headline: tuple[int, int] | None) -> bool:
    """"La France condamne l'attaque contre l'aéroport de Jizan (23 février 2022)": a date alone in brackets in
    the headline is the document's own date, not its event's (the lead tells that: "menée le 21 février"). A month
    in brackets ("Offensive du Croissant pétrolier (janvier 2016)") names when the story happened: no stamp."""
    if not headline or not headline[0] <= d.char_start < headline[1] or d.precision != TIME_DAY:
        return False
    return text[:d.char_start].rstrip().endswith("(") and text[d.char_end:].lstrip().startswith(")")


_DATELINE_BEFORE = re.compile(r"[A-ZÀ-Ý][\w .'’-]{0,40},\s*$")
_DATELINE_AFTER = re.compile(r"\s*(?:\([^()\n]{1,25}\)\s*)?[—–-]")


def in_dateline(seg: Segments, d: DateRange) -> bool:
    """"WASHINGTON, March 1 (Xinhua) — …": the day a wire story was filed, at the head of its paragraph."""
    p0, _ = seg.paragraph_of(d.char_start)
    return d.char_start - p0 <= 50 and bool(_DATELINE_BEFORE.fullmatch(seg.text[p0:d.char_start])) \
        and bool(_DATELINE_AFTER.match(seg.text, d.char_end))


# --- one site, as the rules see it -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """A site mention in its article: what every rule of the ladder is asked about."""

    mention: Mention
    seg: Segments
    published: date
    lang: str
    story: Story

    @property
    def sentence(self) -> tuple[int, int]:
        return self.mention.sentence_start, self.mention.sentence_end

    @property
    def sentence_text(self) -> str:
        return self.seg.text[self.mention.sentence_start:self.mention.sentence_end]

    def in_headline(self) -> bool:
        return bool(self.story.headline) and self.mention.start < self.story.headline[1]


# --- the rules, each asked in turn -----------------------------------------------------------------------------


def named_event(site: Site) -> DateRange | None:
    """"since the 14 October 2017 Mogadishu bombings", "après les attaques houthies du 17 janvier dernier sur Abou
    Dabi": the site is part of the words naming another event, and takes that event's day."""
    text = site.seg.text
    for d in site.story.named:
        if d.start > site.published or not d.char_start <= site.mention.start:
            continue
        if site.mention.start < d.char_end:
            return d
        if _close_after(text[d.char_end:site.mention.start]):
            return d
    return None


def before_the_story(site: Site) -> DateRange | None:
    """"The operation … followed a raid in Jenin": the place of an earlier event named without a day had it before
    the day its sentence (or the story) tells, within the month before."""
    end = _last_marker_end(site, "prior_event_words")
    if end is not None and _close_after(site.seg.text[end:site.mention.start], words=PRIOR_SITE_WORDS):
        gap = _prior_gap_days(site, end)
    else:
        after_gap = _after_a_gap(site)
        if after_gap is None:
            return None
        end, gap = after_gap
    s0, s1 = site.sentence
    after = [d for d in site.story.events if site.mention.end <= d.char_start <= site.mention.end + OPENER_DAY_CHARS
             and not re.search(r"[,;.]", site.seg.text[site.mention.end:d.char_start])]
    if after:
        return None  # "après l'attaque de Palmyre le 3 mars": that day is the earlier event's own
    told = [d for d in site.story.events if s0 <= d.char_start < s1 and one_night(d)]
    anchor = told[0] if told else site.story.day
    last = anchor.start if anchor is not None else site.published
    if gap is not None:  # "The strikes came hours after a suspected Houthi attack … in the Gulf of Aden"
        return DateRange(last - timedelta(days=gap), last, TIME_WEEK,
                         f"{dating.NO_DATE}: an earlier event, {gap} day(s) at most before "
                         f"{repr(anchor.text) if anchor is not None else 'publication'} ({last.isoformat()})", -1, -1)
    return DateRange(last - timedelta(days=dating.UNDATED_DAYS), last, TIME_MONTH,
                     f"{dating.NO_DATE}: an earlier event, before "
                     f"{repr(anchor.text) if anchor is not None else 'publication'} ({last.isoformat()})", -1, -1)


def _after_a_gap(site: Site) -> tuple[int, int] | None:
    """"The latest Houthi attack came days after the United States and Britain carried out airstrikes on about 30
    Houthi targets in western Yemen": a clause opened by "days after" tells an earlier event, however long; where
    those words end and how many days before they say. None when the clause gives that event a date of its own."""
    lex = lexicon(site.lang, "dates")
    gaps = {fold(k): int(v) for k, v in (lex.get("prior_event_gaps") or {}).items()}
    afters = [fold(w) for w in lex.get("gap_after_words") or []]
    if not gaps or not afters:
        return None
    a, b = _clause_span(site)
    opener = re.compile(rf"\b(?:{dating.alternation(gaps)})\s+(?:{dating.alternation(afters)})\b")
    found = list(opener.finditer(fold_aligned(site.seg.text[a:site.mention.start])))
    if not found:
        return None
    end = a + found[-1].end()
    if any(end <= d.char_start < b for d in site.story.read):  # "two days after rockets struck Balad on Saturday"
        return None
    return end, gaps[tokens(found[-1].group(0))[0]]


def _prior_gap_days(site: Site, end: int) -> int | None:
    """How long before, at most, the words in front of "after" say the earlier event came: "hours after" the day
    told or the one before, "days after" a week; None when they say nothing ("followed a raid")."""
    gaps = {fold(k): int(v) for k, v in (lexicon(site.lang, "dates").get("prior_event_gaps") or {}).items()}
    pattern = _prior_event_pattern(site.lang)
    if not gaps or pattern is None:
        return None
    a, _ = _clause_span(site)
    clause = site.seg.text[a:end]
    found = [m for m in pattern.finditer(fold_aligned(clause)) if a + m.end() == end]
    if not found:
        return None
    words = tokens(fold(clause[:found[-1].start()]))
    return gaps.get(words[-1]) if words else None


@cache
def _prior_event_pattern(lang: str) -> re.Pattern | None:
    words = [fold(w) for w in lexicon(lang, "dates").get("prior_event_words") or []]
    nouns = [fold(w) for w in lexicon(lang, "dates").get("named_event_nouns") or []]
    if not words or not nouns:
        return None
    return re.compile(rf"\b(?:{dating.alternation(words)})\s+(?:[\w'’-]+\s+){{0,3}}?(?:{dating.alternation(nouns)})\b")


def warned_of(site: Site) -> DateRange | None:
    """"… warned civilians not to evacuate from Sloviansk and Kramatorsk", "a menacé mardi de frapper le port de
    Haïfa": a place after a warning or a threat in its clause is what may come, from the warning's day to
    publication, not an event there on that day."""
    word_end = _last_marker_end(site, "warning_words")
    if word_end is None:
        return None
    s0 = site.mention.sentence_start
    between = site.seg.text[word_end:site.mention.start]
    dates_between = [d for d in site.story.read if word_end <= d.char_start < site.mention.start]
    if ";" in between or ":" in between or ("," in between and dates_between):
        return None  # "Après que Gantz a averti …, Israël lance le 5 août l'opération … à Gaza": a new clause
    if _has(between, site.lang, "struck_words"):
        return None  # "Malgré les menaces, des drones ont frappé la base…": what was feared happened
    s1 = site.mention.sentence_end
    said = [d for d in site.story.read_in(s0, s1) if d.char_start < site.mention.start]
    day = said[-1] if said else (_walk_back(site)[0] or site.story.day)
    if day is None or day.start > site.published:
        return _before_publication(site, "a warning about the place, not an event at it")
    width = (site.published - day.start).days
    precision = TIME_DAY if width == 0 else TIME_WEEK if width <= 7 else TIME_MONTH
    # the words of the warning's day: the card reads "dated by a warning, from its day to publication: « mardi »"
    return DateRange(day.start, site.published, precision, day.text, day.char_start, day.char_end)


def own_sentence(site: Site) -> DateRange | None:
    """The date nearest the site in its sentence; a vaguer one that holds another date of the sentence gives way
    to it ("L'attaque de la base K-1 en 2019 était une attaque … survenue le 27 décembre 2019")."""
    s0, s1 = site.sentence
    days = [d for d in site.story.events if s0 <= d.char_start and d.char_end <= s1]
    if not days:
        return None
    # Nearest to the name's words, before or after them: "خليج عمان (مايو 2019)" is May 2019, not a "May" before.
    def near(d: DateRange) -> int:
        return min(_distance(d, site.mention.start), _distance(d, site.mention.end))

    nearest = min(days, key=lambda d: (near(d), d.char_start))
    inside = [d for d in days if nearest.start <= d.start and d.end <= nearest.end
              and (d.end - d.start) < (nearest.end - nearest.start)]
    return min(inside, key=lambda d: (d.end - d.start, near(d))) if inside else nearest


def paragraph_opening(site: Site) -> DateRange | None:
    p0, p1 = site.seg.paragraph_of(site.mention.start)
    opening = [d for d in site.story.events if p0 <= d.char_start <= p0 + PARAGRAPH_OPENING_CHARS
               and d.char_end <= min(p1, site.mention.sentence_start)]
    return min(opening, key=lambda d: d.char_start) if opening else None


def next_sentence_names_it(site: Site) -> DateRange | None:
    seg = site.seg
    nxt = seg.next_sentence(site.mention.sentence_start)
    if nxt is None or seg.paragraph_of(nxt[0]) != seg.paragraph_of(site.mention.sentence_start):
        return None
    if not opens_with(seg.text[nxt[0]:nxt[1]], site.lang, "event_openers"):
        return None
    # The day must come with those words ("The attack on Wednesday", "L'attaque, qui a eu lieu mardi"), not
    # later in the sentence ("Cette attaque a été menée alors que le ministre est attendu lundi").
    days = [d for d in site.story.events
            if nxt[0] <= d.char_start <= nxt[0] + OPENER_DAY_CHARS and d.precision == TIME_DAY]
    return days[0] if days else None


def headline_takes_lead(site: Site) -> DateRange | None:
    """A headline tells the event its lead dates: the lead's day, unless the headline names a day of its own
    ("Attaque de la base aérienne K-1 en 2019" takes the lead's "27 décembre 2019"; "… du 17 janvier 2022" keeps
    its own day)."""
    lead = site.story.lead_day or site.story.lead_vague
    if lead is None or not site.in_headline():
        return None
    return _lead_over_own(site, lead)


def _lead_over_own(site: Site, lead: DateRange) -> DateRange | None:
    own = own_sentence(site)
    if own is None or (own.start <= lead.start and lead.end <= own.end and (own.end - own.start) > (lead.end - lead.start)):
        return lead
    return None


def title_takes_lead(site: Site) -> DateRange | None:
    """A press review's item title or a section's heading that names a site ("UAE: Sabotage on 4 Commercial Ships
    in Gulf of Oman") tells the event the sentence or two under it date ("… were subjected to 'sabotage
    operations' Sunday near its territorial waters in the Gulf of Oman")."""
    # a block of its own: not a fact box's line ("Part of the Saudi Arabian-led intervention in Yemen")
    if site.in_headline() or not is_title(site.sentence_text) or site.seg.block_of(site.mention.start) != site.sentence:
        return None
    found = list(site.story.read)
    lead = lead_day_of(site.seg, site.story.events, site.mention.sentence_end, site.lang, found, fact_box=False)
    return _lead_over_own(site, lead) if lead is not None else None


def is_title(line: str) -> bool:
    """A line standing alone as a title: a few words, no full stop (a heading, a review's item title)."""
    line = line.strip()
    return bool(line) and "\n" not in line and len(line.split()) <= HEADLINE_WORDS and line[-1:] not in ".;:,!?»\"”…"


def names_the_story(site: Site) -> DateRange | None:
    """"The bombings in Mogadishu occurred on a day when…" under the headline "… Ministry of Education bombings":
    a sentence opening on the headline's own event noun tells of the story's event, whatever day was told last."""
    day = site.story.day
    head = site.story.headline
    if day is None or head is None or site.story.review or site.in_headline():
        return None
    before = site.seg.text[site.mention.sentence_start:site.mention.start]
    if len(before) > NAMES_STORY_CHARS:
        return None
    words = tokens(fold(before))
    headline_words = set(tokens(fold(site.seg.text[head[0]:head[1]])))
    every_noun = folded_words(site.lang, "dates", "named_event_nouns")
    opener = next((len(p) for p in phrases(site.lang, "dates", "event_openers")
                   if tuple(words[:len(p)]) == p and p[-1] in headline_words), 0)
    # "The Houthi attack hit a fuel distribution station…" under "2022 Jeddah missile attack": a determiner, a
    # word or two, then the headline's event noun.
    if not opener and words and words[0] in folded_words(site.lang, "dates", "determiners"):
        opener = next((i + 1 for i in range(1, min(4, len(words))) if words[i] in every_noun & headline_words), 0)
    # "L'attaque … intervient le jour même de l'anniversaire de la mort du général Soleimani, tués dans une
    # attaque au drone … sur la route de l'aéroport": a site after a second event belongs to that one.
    if not opener or any(w in every_noun for w in words[opener:]):
        return None
    return day


def day_of_saying(site: Site) -> DateRange | None:
    s0, s1 = site.sentence
    said = [d for d in site.story.found if s0 <= d.char_start and d.char_end <= s1]
    return said_day(min(said, key=lambda d: (_distance(d, site.mention.start), d.char_start))) if said else None


def background(site: Site) -> DateRange | None:
    if not in_background(site):
        return None
    return _said_in_paragraph(site) or _before_publication(site, "background, no single day is meant")


def told_before(site: Site) -> DateRange | None:
    """News narrates on from the last day it named: walk back a few sentences to it, across paragraphs but not
    past a heading, the headline, a descriptive sentence ("…has repeatedly been targeted") or a vaguer date
    ("In 2019", "last month"), any of which changes the scene."""
    day, _ = _walk_back(site)
    return day


def aftermath(site: Site) -> DateRange | None:
    if not aftermath_section(site.seg.text, site.mention.sentence_start, site.lang):
        return None
    first_day = next((d for d in site.story.events
                      if d.precision == TIME_DAY and d.char_start < site.mention.sentence_start), None)
    if first_day is None or first_day.start > site.published:
        return None
    width = (site.published - first_day.start).days
    precision = TIME_DAY if width == 0 else TIME_WEEK if width <= 7 else TIME_MONTH
    return DateRange(first_day.start, site.published, precision,
                     f"{dating.NO_DATE}: in the aftermath of '{first_day.text}', before publication "
                     f"({site.published.isoformat()})", -1, -1)


def story_headline(site: Site) -> DateRange | None:
    """The headline's day ("Raids israéliens du 14 mars sur la région d'Alep") for the story's undated sites."""
    return _story_day(site) if site.story.day_from_headline() else None


def story_lead(site: Site) -> DateRange | None:
    """The lead's day for the story's undated sites, when the headline gives none."""
    return None if site.story.day_from_headline() else _story_day(site)


def _story_day(site: Site) -> DateRange | None:
    """A site of the story's body that no nearer date or change of scene claims: the day of the whole story."""
    day = site.story.day
    if day is None or site.story.review or site.in_headline():
        return None
    fact_box = opens_with(site.sentence_text, site.lang, "story_fields")  # "Location: Erbil", above its "Date:"
    if site.mention.start < day.char_start and not fact_box:
        return None
    # Only a sentence that tells something happening ("rockets were launched against Erbil", "les sites visés se
    # trouvent à Safira") or a fact box's "Location: …", not a statement's "nous restons mobilisés … au Yémen".
    sentence = site.sentence_text
    if event_types.classify(sentence, site.lang) == event_types.FALLBACK and not _has(sentence, site.lang, "struck_words") \
            and not fact_box:
        return None
    # One story, one day: every date told between the story's day and the site must be that day (or its night);
    # "Last week, …", "since Oct. 17" or "le lendemain" in between mean the article has moved on to other events.
    # A heading naming the story's event ("Attack", "Déroulement") brings the text back to it.
    since = max(day.char_end, story_heading_above(site))
    between = [d for d in site.story.events if since <= d.char_start < site.mention.sentence_start
               and not on_field_line(site.seg.text, d.char_start)]  # "Part of: 2019–2021 Persian Gulf crisis"
    if any((not one_night(d) or (d.start - day.start).days < -1 or (d.end - day.end).days > 1)
           and not _is_story_day(d, site.story) and not frames_story(d, site.story) for d in between):
        return None
    _, scene_changed = _walk_back(site)
    return None if scene_changed else day


def said_in_paragraph(site: Site) -> DateRange | None:
    said = _said_in_paragraph(site)
    return said_day(said) if said is not None and said not in site.story.events else said


# The longest period a headline can name and still frame its story's undated sites: a month.
PERIOD_DAYS = 31


def headline_period(site: Site) -> DateRange | None:
    """The month (or week) the headline names, up to publication, for a site nothing nearer dates: "Offensive du
    Croissant pétrolier (janvier 2016)" says when its story happened better than the month before publication."""
    period = site.story.period
    if period is None or site.story.review or site.story.day is not None:
        return None
    end = min(period.end, site.published)
    return DateRange(period.start, end, period.precision if end == period.end else TIME_MONTH,
                     f"{dating.NO_DATE}: the headline's « {period.text} »", period.char_start, period.char_end)


# How long before its own day a statement reacts to what it tells undated: a week (France Diplomatie's
# statements of the development set condemn events of the same day to five days before).
STATEMENT_DAYS = 7


def stamped_statement(site: Site) -> DateRange | None:
    """A statement dated in its headline ("Ukraine - Condamnation des frappes russes (21 septembre 2023)") reacts
    to news: what it tells happening without a date ("… qui ont fait au moins deux victimes à Kherson") happened in
    the week up to that day, not any day of the month before."""
    own = site.story.stamp
    if own is None or site.story.review or site.story.day is not None or own.start > site.published:
        return None
    sentence = site.sentence_text
    if event_types.classify(sentence, site.lang) == event_types.FALLBACK and not _has(sentence, site.lang, "struck_words"):
        return None
    return DateRange(own.start - timedelta(days=STATEMENT_DAYS), own.start, TIME_WEEK,
                     f"{dating.NO_DATE}: the week up to the statement's own day « {own.text} »", own.char_start, own.char_end)


def before_publication(site: Site) -> DateRange:
    return _before_publication(site, "")


@dataclass(frozen=True)
class Rule:
    """One rung of the ladder: a name stored with each event, a label the dashboard shows, why it holds."""

    name: str
    label: str
    reason: str
    find: Callable[[Site], DateRange | None]
    example: str = ""


LADDER: tuple[Rule, ...] = (
    Rule("headline_takes_lead", "the day its lead gives",
         "A headline tells the event its lead dates (a vaguer date of its own, \"en 2019\", only frames it).",
         headline_takes_lead, "headline « Israeli strikes knock out Damascus, Aleppo airports », lead « … on Sunday »"),
    Rule("title_takes_lead", "the day the lines under its title give",
         "A review's item title or a section heading tells the event the sentence or two under it date.",
         title_takes_lead, "« UAE: Sabotage on 4 Commercial Ships in Gulf of Oman » / « … Sunday … »"),
    Rule("named_event", "the day of the event its words name",
         "A site inside the words naming another event (\"since the 14 October 2017 Mogadishu bombings\") has its day.",
         named_event, "« … après les attaques houthies du 17 janvier dernier sur Abou Dabi »"),
    Rule("before_the_story", "an earlier event, before the day told",
         "The place of an earlier event named without a day had it before the day its sentence or story tells.",
         before_the_story, "« The operation … followed a raid in Jenin in the Israeli-occupied West Bank »"),
    Rule("warned_of", "a warning, from its day to publication",
         "A place a warning or threat is about is what may come, not an event there on the day of the warning.",
         warned_of, "« … warned civilians not to evacuate from Sloviansk and Kramatorsk on railways »"),
    Rule("own_sentence", "its own sentence",
         "The date nearest the site in its sentence dates it (statement days aside).", own_sentence,
         "« Le 29 octobre, la résistance a pris pour cible la base du champ pétrolier d'Al-Omar »"),
    Rule("paragraph_opening", "the date opening its paragraph",
         "A date at the head of a paragraph governs the sentences under it.", paragraph_opening,
         "« On Tuesday, … » then a sentence naming the site"),
    Rule("next_sentence_names_it", "the next sentence, which names the attack",
         "\"X was struck. The attack on Wednesday…\": the next sentence dates what this one told.",
         next_sentence_names_it, "« Rocket fire struck Green Village. The attack on Wednesday, Jan. 5, … »"),
    Rule("day_of_saying", "the day it was said",
         "Only a statement's day in the sentence: the event was then or just before.", day_of_saying,
         "« … du Hezbollah en Irak, a annoncé le 18 octobre que … »"),
    Rule("background", "background, no single day",
         "A descriptive or habitual sentence (\"à plusieurs reprises\", \"hosts\") takes no day from its story.",
         background, "« La résistance a bombardé à plusieurs reprises la base Aïn al-Assad »"),
    Rule("names_the_story", "the story's day, its event named again",
         "A sentence opening on the headline's event noun (\"The bombings…\") tells of the story's event.",
         names_the_story, "headline « … Ministry of Education bombings », later « The bombings in Mogadishu occurred… »"),
    Rule("told_before", "the day told just before",
         "News narrates on from the last day it named, a few sentences and one paragraph back at most.",
         told_before, "« Le 10 mai, deux Rafale ont décollé… Tôt dans la matinée, ils ont détruit… »"),
    Rule("aftermath", "the aftermath of the article's event",
         "Under \"Conséquences\" / \"Aftermath\", what is told followed the event the article opened on.",
         aftermath, "heading « Conséquences » then an undated sentence"),
    Rule("story_headline", "the story's headline",
         "An undated site in the body of a one-event story happened on the day its headline gives.", story_headline,
         "headline « Raids israéliens du 14 mars sur la région d'Alep », later « les sites visés … Safira »"),
    Rule("story_lead", "the story's lead",
         "An undated site in the body of a one-event story happened on the day its lead gives.", story_lead,
         "lead « The 2021 Erbil rocket attacks … on 15 February 2021 », later « … launched against Erbil »"),
    Rule("said_in_paragraph", "the day it was said, in its paragraph",
         "\"Israel said late Saturday that it struck…\": the event was then or before.", said_in_paragraph,
         "« Samedi, l'armée a déclaré… » then the site"),
    Rule("headline_period", "the month its headline names",
         "A story whose headline names a month or a week, and no day, happened then (up to publication).",
         headline_period, "« Offensive du Croissant pétrolier (janvier 2016) », a site in an undated sentence"),
    Rule("stamped_statement", "the week up to its statement's day",
         "A statement dated in its headline reacts to news: what it tells undated happened in the week before.",
         stamped_statement, "« Ukraine - Condamnation des frappes russes (21 septembre 2023) », « … deux victimes à Kherson »"),
    Rule("before_publication", "nothing in the text: before publication",
         "No date the text gives reaches the site: the honest month before publication.", before_publication,
         "a site in an undated sentence of an undated story"),
)

LABELS = {rule.name: rule.label for rule in LADDER}


def date_site(mention: Mention, seg: Segments, published: date, lang: str, story: Story) -> DateRange:
    """The date of the event at a site: the first rule of the ladder that answers, with its name attached."""
    site = Site(mention, seg, published, lang, story)
    for rule in LADDER:
        found = rule.find(site)
        if found is not None:
            return replace(found, rule=rule.name)
    raise AssertionError("the ladder's last rule always answers")


# --- what the rules share --------------------------------------------------------------------------------------


def _walk_back(site: Site) -> tuple[DateRange | None, bool]:
    """The day told in the few sentences before the site, and whether the walk stopped at a change of scene
    (a heading, a descriptive sentence, a vaguer date) rather than at the story's start or its reach."""
    seg, lang, events = site.seg, site.lang, site.story.events
    start = site.mention.sentence_start
    floor = site.story.headline[1] if site.story.headline else 0
    crossed = 0
    for _ in range(CARRY_SENTENCES):
        prev = seg.previous_sentence(start)
        if prev is None or prev[0] < floor:
            return None, False
        if heading_between(seg.text, prev[1], start):
            return None, not story_heading_between(site, prev[1], start)
        if "\n" in seg.text[prev[1]:start] and not goes_on(seg.text[start:], lang):
            crossed += 1  # one paragraph back at most, unless the one left opens on the story ("Selon…", a quote);
            # in a press review a paragraph is an item of its own, with its own day
            if crossed > (0 if site.story.review else PARAGRAPHS_BACK):
                return None, False
        # "pendant la crise américano-iranienne de 2019-2020": a frame holding the story's day changes no scene
        said = [d for d in events if prev[0] <= d.char_start < prev[1] and not frames_story(d, site.story)]
        if said:
            # the story's own few days ("lasted from 5 to 7 August 2022"); after "dans la foulée", "shortly
            # after", a vaguer date too ("en mars 2015, les États-Unis l'évacuent… La base est conquise dans la
            # foulée par les Houthis")
            days = [d for d in said if one_night(d) or _is_story_day(d, site.story) or goes_on_from(site)]
            return (days[-1], False) if days else (None, True)
        if habitual(seg.text[prev[0]:prev[1]], lang):
            return None, True
        start = prev[0]
    return None, False


_FIELD_LINE = re.compile(r"[^\S\n]*[^\W\d][\w'’ -]{0,30}[^\S\n]?:")


def on_field_line(text: str, offset: int) -> bool:
    """Whether the offset lies on a fact box's line ("Part of: …", "Result: …"), which frames the story."""
    start = text.rfind("\n", 0, offset) + 1
    return bool(_FIELD_LINE.match(text, start, offset))


def frames_story(d: DateRange, story: Story) -> bool:
    """A vaguer date holding the story's day ("la crise de 2019-2020", "in 2019"): a frame, not another scene."""
    day = story.day
    return day is not None and not one_night(d) and d.start <= day.start and day.end <= d.end \
        and (d.end - d.start) > (day.end - day.start)


def _is_story_day(d: DateRange, story: Story) -> bool:
    return story.day is not None and (d.start, d.end) == (story.day.start, story.day.end)


def goes_on_from(site: Site) -> bool:
    """Whether the site's sentence says it follows right on what was told before ("dans la foulée", "shortly
    after", « s'était alors écrasé »), wherever in the sentence."""
    words = tokens(fold(site.sentence_text))
    return any(_contains(words, p) for name in ("continuation_openers", "then_words")
               for p in phrases(site.lang, "dates", name))


def _contains(words: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(words[i:i + n]) == phrase for i in range(len(words) - n + 1))


def _said_in_paragraph(site: Site) -> DateRange | None:
    p0, p1 = site.seg.paragraph_of(site.mention.start)
    opening = [d for d in site.story.found if p0 <= d.char_start <= p0 + PARAGRAPH_OPENING_CHARS
               and d.char_end <= min(p1, site.mention.sentence_start)]
    return min(opening, key=lambda d: d.char_start) if opening else None


def _before_publication(site: Site, why: str) -> DateRange:
    honest = dating.undated(site.published)
    return replace(honest, text=f"{dating.NO_DATE}: {why}; {honest.text[len(dating.NO_DATE) + 2:]}") if why else honest


def _distance(d: DateRange, position: int) -> int:
    if d.char_end <= position:
        return position - d.char_end
    if d.char_start >= position:
        return d.char_start - position
    return 0


def aftermath_section(text: str, offset: int, lang: str) -> bool:
    """Whether the sentence sits under a heading such as "Conséquences" or "Aftermath" (the nearest short line
    above it, standing alone): what such a section tells happened after the event the article is about."""
    headings = folded_words(lang, "dates", "aftermath_headings")
    for line in reversed(text[:offset].split("\n")[:-1]):
        if is_heading(line):
            return fold(line.strip()).rstrip() in headings
    return False


def goes_on(text: str, lang: str) -> bool:
    """Whether a paragraph opens by going on with the story told before it: a quotation, an attribution
    ("Selon l'agence…", "According to…") or words naming that event ("The attack…", "Peu après…")."""
    return text.lstrip()[:1] in QUOTES or opens_with(text, lang, "event_openers", "continuation_openers",
                                                         "attribution_openers")


def opens_with(text: str, lang: str, *lists: str) -> bool:
    """Whether the text's first words are one of the phrases of these lists of `dates.yaml`."""
    # A label glued to its value by a copied table ("التاريخ20–30 يناير") is still the label.
    words = tokens(fold(re.sub(r"(?<=[^\W\d_])(?=\d)", " ", text[:80])))
    return any(tuple(words[:len(p)]) == p for name in lists for p in phrases(lang, "dates", name))


def is_heading(line: str) -> bool:
    """A short line standing alone without closing punctuation: "Background", "Conséquences", "- Date: 28 January"."""
    line = line.strip()
    return bool(line) and len(line.split()) <= HEADING_WORDS and line[-1:] not in ".;:,!?»\"”"


def story_heading_above(site: Site) -> int:
    """Where the last heading above the site that names the story's event ends ("Attack" under the headline
    "Kramatorsk railway station attack"; "Déroulement"), or 0."""
    text, at = site.seg.text, site.mention.sentence_start
    floor = site.story.headline[1] if site.story.headline else 0
    for m in reversed(list(re.finditer(r"\n([^\n]+)(?=\n)", text[floor:at]))):
        if is_heading(m.group(1)):
            return floor + m.end() if names_story(m.group(1), site) else 0
    return 0


def story_heading_between(site: Site, a: int, b: int) -> bool:
    lines = site.seg.text[a:b].split("\n")[1:-1]
    headings = [line for line in lines if is_heading(line)]
    return bool(headings) and names_story(headings[-1], site)


def names_story(heading: str, site: Site) -> bool:
    """A heading that names the story's event: one of `story_headings`, or words all in the headline."""
    words = tokens(fold(heading))
    if not words:
        return False
    if tuple(words) in phrases(site.lang, "dates", "story_headings"):
        return True
    head = site.story.headline
    return bool(head) and set(words) <= set(tokens(fold(site.seg.text[head[0]:head[1]])))


def heading_between(text: str, a: int, b: int) -> bool:
    lines = text[a:b].split("\n")
    return any(is_heading(line) for line in lines[1:-1])


def habitual(sentence: str, lang: str) -> bool:
    """"Such attacks have frequently targeted Baghdad airport", "the base, which hosts…": no single day is meant,
    and the scene the sentences before set ends here."""
    return _has(sentence, lang, "habitual_markers") or _has(sentence, lang, "descriptive_markers")


def in_background(site: Site) -> bool:
    """Whether the site is told as background: in a habitual sentence ("à plusieurs reprises"), or in a clause
    describing it ("the base, which hosts…") that does not say it was struck ("les sites visés se trouvent à…");
    a description elsewhere in the sentence ("les passagers qui se trouvaient à bord…, et les ministres ont été
    transportés au palais") leaves the site in the story."""
    if _has(site.sentence_text, site.lang, "habitual_markers") or kept_at(site):
        return True
    clause = _clause(site)
    # "The second drone fell on a building that houses Hezbollah's media center": a description inside a clause
    # that tells an event is no background.
    return _has(clause, site.lang, "descriptive_markers") and not _has(clause, site.lang, "struck_words") \
        and event_types.classify(clause, site.lang) == event_types.FALLBACK


def kept_at(site: Site) -> bool:
    """"The soldiers … stationed in Sloviansk and Kramatorsk": the site (or a list it ends) comes right after
    words saying who is kept there."""
    end = _last_marker_end(site, "located_markers")
    return end is not None and _close_after(site.seg.text[end:site.mention.start], "[;:.()]")


def _close_after(gap: str, stops: str = r"[,;:()«»\"“”]|(?<![A-Z])\.", words: int = NAMED_SITE_WORDS) -> bool:
    """Whether a site follows closely the words before it: a few words, no punctuation ("U.S." aside)."""
    return len(gap) <= 15 * words and len(tokens(gap)) <= words and not re.search(stops, gap)


def _last_marker_end(site: Site, name: str) -> int | None:
    """Where the last of a list's words (`dates.yaml`) before the site in its clause ends, or None."""
    a, b = _clause_span(site)
    ends = _marker_ends(site.seg.text[a:b], site.lang, name)
    i = bisect_right(ends, site.mention.start - a) - 1
    return a + ends[i] if i >= 0 else None


@lru_cache(maxsize=256)  # once per clause, not once per site: a clause may list thousands of names
def _marker_ends(clause: str, lang: str, name: str) -> tuple[int, ...]:
    pattern = _prior_event_pattern(lang) if name == "prior_event_words" else _markers(lang, name)
    return tuple(m.end() for m in pattern.finditer(fold_aligned(clause))) if pattern is not None else ()


def _clause(site: Site) -> str:
    """The words of the site's clause: its sentence cut at a semicolon or at a comma before "et", "but"…"""
    a, b = _clause_span(site)
    return site.seg.text[a:b]


def _clause_span(site: Site) -> tuple[int, int]:
    s0, s1 = site.sentence
    text, at = site.seg.text[s0:s1], site.mention.start - s0
    cuts = _clause_cuts(text, site.lang)
    i = bisect_right(cuts, at)
    return s0 + cuts[i - 1], s0 + (cuts[i] if i < len(cuts) else len(text))


@lru_cache(maxsize=256)  # once per sentence, not once per site: a sentence may name thousands of sites
def _clause_cuts(text: str, lang: str) -> tuple[int, ...]:
    openers = lexicon(lang, "dates").get("clause_openers") or []
    breaks = re.compile(r";|,\s+" + dating.alternation(openers) + r"\b" if openers else ";", re.IGNORECASE)
    return (0, *(m.start() for m in breaks.finditer(text) if m.start() > 0), len(text))


@lru_cache(maxsize=64)
def _markers(lang: str, name: str) -> re.Pattern | None:
    found = [re.escape(fold(w)) for w in lexicon(lang, "dates").get(name, [])]
    return re.compile(r"\b(?:" + "|".join(sorted(found, key=len, reverse=True)) + r")\b") if found else None


@lru_cache(maxsize=4096)  # a sentence is asked about once per site in it
def _has(text: str, lang: str, name: str) -> bool:
    pattern = _markers(lang, name)
    return bool(pattern and pattern.search(fold(text)))


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


def names_another_event(text: str, d: DateRange, lang: str) -> int | None:
    """"since the October 7 attacks", "en représailles à la frappe du 3 janvier": the day names another event,
    not the one the sentence tells (`named_event` in dates.yaml says which words around a day make it so).
    Returns where the words that say so begin (None when the day is the sentence's own)."""
    for before, after in _named_event_patterns(lang):
        words = text[d.char_start:d.char_end]
        # the day's own words may hold the "du", the "since the"
        head = re.match(r"(?:[^\W\d_]+\s+)+", words)
        left_start = max(0, d.char_start - 60)
        left = text[left_start:d.char_start]
        found = before.search(left) or (before.search(left + words[:head.end()]) if head else None)
        if found and after.match(text[d.char_end:d.char_end + NAMED_EVENT_CHARS]):
            return left_start + found.start()
    return None


@cache
def _named_event_patterns(lang: str) -> tuple[tuple[re.Pattern, re.Pattern], ...]:
    words = lexicon(lang, "dates")
    noun = dating.alternation(words.get("named_event_nouns") or ["(?!)"])
    out = []
    for entry in words.get("named_event") or []:
        before = dating.phrase_regex(entry.get("before", "")).replace("{noun}", noun)
        after = dating.phrase_regex(entry.get("after", "")).replace("{noun}", noun)
        out.append((re.compile(rf"(?<![\w-])(?:{before})\s*$", re.IGNORECASE),
                    re.compile(rf"\s*(?:{after})(?![\w-])" if after else "", re.IGNORECASE)))
    return tuple(out)


@cache
def speech_markers() -> tuple[tuple[tuple[str, ...], ...], frozenset[str]]:
    """Speech verbs (as word tuples) and statement nouns of every language."""
    verbs = {tuple(tokens(w)) for code in languages() for w in lexicon(code, "not_places").get("speech_after", [])}
    nouns = {fold(w) for code in languages() for w in lexicon(code, "not_places").get("statement_words", [])}
    return tuple(v for v in verbs if v), frozenset(nouns)
