"""Finding the words of a text that name a place, and what the words around them say about it.

Finders first, then vetoes (`VETOES`, each named with its reason, run in order). Three finders, all keeping
character offsets: (1) the gazetteer's names, scanned over word windows by
their spelling-independent keys; (2) capitalised names introduced by a trigger phrase ("la base de X",
"X air base") that the gazetteer only knows under another spelling (fuzzy) or not at all; (3) spaCy's
place entities, where the language has a model. What none of them can place is returned as
unresolved — never dropped silently, never guessed onto the map.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from geo.gazetteer import Gazetteer
from geo.gazetteer_layers import kind_words, strip_kind_words, theatre_countries
from geo.lexicon import folded_words, lexicon, phrases, sentence_openers, trigger_words, words
from geo.model import Mention, Place
from geo.names import fold, fold_aligned, is_arabic, join_keys, key, token_key, tokens
from geo.spans import SpanIndex
from geo.text import Segments, Word
from geo.text import words as split_words

ELIDED = {"d": "de", "l": "le"}  # French elisions as the tokeniser leaves them: d'Erbil → d + erbil
# What may stand between two words of one name: a space, a hyphen or dash, an apostrophe.
_JOIN = re.compile(r"^[ \t\u00a0\-‐‑–’'`]{0,3}$")  # within a line: a name never runs across a paragraph break
_CLAUSE_BREAK = re.compile(r"[,;:()«»\"“”\[\]!?.،؛؟]")
_ELISIONS = frozenset({"d", "l", "qu", "j", "n", "s", "c"})
LEFT_WINDOW = 90  # characters of left context searched for trigger words


@dataclass(frozen=True)
class Trigger:
    phrase: tuple[str, ...]
    kinds: tuple[str, ...]
    near: bool = False
    line: bool = False


@cache
def triggers(lang: str) -> tuple[Trigger, ...]:
    out = []
    for entry in lexicon(lang, "triggers").get("triggers", []):
        for phrase in entry.get("phrases", []):
            toks = tuple(tokens(phrase))
            if toks:
                out.append(Trigger(toks, tuple(entry.get("kinds", [])), bool(entry.get("near")),
                                   bool(entry.get("line"))))
    return tuple(sorted(out, key=lambda t: len(t.phrase), reverse=True))


@cache
def not_place_pattern(lang: str) -> re.Pattern | None:
    """Organisation and operation names of every language: a French article names "Kata'ib Hezbollah" too."""
    from geo.lexicon import languages

    phrases = [p for code in languages() for p in lexicon(code, "not_places").get("phrases", [])]
    if not phrases:
        return None
    # Letters joined by optional separators: "Kataib", "Kata'ib" and "Kata-ib" are one name.
    alts = sorted({r"[\s\-’'\u0640]*".join(re.escape(c) for c in "".join(tokens(p))) for p in phrases},
                  key=len, reverse=True)
    # An Arabic name may carry a particle ("وحزب الله", "لحزب الله").
    return re.compile(r"\b(?:[وفبلك]{1,2})?(?:" + "|".join(alts) + r")\b")


@dataclass
class Found:
    """A candidate mention while it is being found (mutable); becomes a `Mention`."""

    start: int
    end: int
    candidates: list[Place]
    origin: str
    fuzzy: float = 100.0
    particle: str = ""  # the Arabic particles taken off the word ("و", "بال"), if any


def find_mentions(text: str, lang: str, gaz: Gazetteer, segments: Segments | None = None,
                  entities: list[tuple[int, int, str]] | None = None) -> tuple[list[Mention], list[dict]]:
    """Mentions of places in `text`, and the names found that no gazetteer layer could place.

    `entities` are (start, end, label) spans from a named-entity model, when the language has one.
    """
    seg = segments or Segments(text)
    folded = fold_aligned(text)  # offsets in it are offsets in the text
    blocked = SpanIndex(blocked_spans(folded, lang))
    entities = SpanIndex(entities) if entities else entities  # indexed: asked about once per name
    word_list = split_words(text)
    lowered = set(re.findall(r"[^\W\d_]+", text))  # every word as written: "attack" tells "Attack" is a noun
    page = Page(text, folded, lang, entities, blocked, lowered)
    found = scan_gazetteer(text, word_list, gaz, lang)
    for veto in VETOES:  # in order: each sees what the ones before it kept
        every = SpanIndex(found, _bounds)  # indexed: a veto asks about the names around one, not all
        found = [f for f in found if not veto.applies(page, f, every)]
    taken = SpanIndex((f.start, f.end) for f in found)
    unresolved, reported = [], SpanIndex()
    for start, end, origin in unknown_names(text, word_list, lang, entities, lowered):
        if overlaps(start, end, taken) or overlaps(start, end, blocked):
            continue
        if is_person_or_group(text, folded, start, end, lang, entities):
            continue
        kinds = context_kinds(text, folded, start, end, lang, seg, taken)[0]
        own = trailing_trigger(text[start:end], lang)
        if own and not kinds:  # "Ayash Camp": the name's own last word says what it is
            kinds = own.kinds
        match = fuzzy_match(text[start:end], gaz, kinds, strict=not kinds)
        if match:
            found.append(Found(start, end, match[0], origin, match[1]))
            taken.append((start, end))
        elif (kinds or origin == "ner") and not overlaps(start, end, reported):
            reported.append((start, end))
            unresolved.append({"mention": text[start:end], "mention_start": start, "mention_end": end,
                               "excerpt": text[slice(*seg.sentence_of(start))], "origin": origin})
    found.sort(key=lambda f: f.start)
    mentions = []
    merged = merge_alternate_names(found, text)
    spans = SpanIndex((f.start, f.end) for f in merged)
    previous = None
    for f in merged:
        kinds, trigger, near = context_kinds(text, folded, f.start, f.end, lang, seg, spans)
        s0, s1 = seg.sentence_of(f.start)
        if not kinds and previous and previous.kinds and coordinated(text, previous.end, f.start, lang):
            # "les aéroports de Damas et d'Alep": Alep is an airport too
            kinds, trigger = previous.kinds, previous.trigger
        mentions.append(Mention(text=text[f.start:f.end], start=f.start, end=f.end, sentence_start=s0,
                                sentence_end=s1, kinds=kinds, trigger=("near " if near else "") + trigger,
                                candidates=tuple(f.candidates), origin=f.origin))
        previous = mentions[-1]
    shared = False
    for i in range(len(mentions) - 1, 0, -1):
        last, first = mentions[i], mentions[i - 1]
        shared = (bool(last.kinds) and not first.kinds and (shared or trailing(folded, last))
                  and first.sentence_start == last.sentence_start and coordinated(text, first.end, last.start, lang))
        if shared:  # "both Damascus and Aleppo airports", "Damascus, Homs and Aleppo airports": airports all
            mentions[i - 1] = replace(first, kinds=last.kinds, trigger=last.trigger)
    return mentions + references_back(text, folded, mentions, lang, seg, gaz), unresolved


@dataclass(frozen=True)
class Page:
    """What the vetoes read besides the candidate itself."""

    text: str
    folded: str
    lang: str
    entities: SpanIndex | list[tuple[int, int, str]] | None
    blocked: SpanIndex
    lowered: set[str]


@dataclass(frozen=True)
class Veto:
    """A named reason why words the gazetteer knows are not a place here."""

    name: str
    reason: str
    applies: Callable[[Page, Found, list[Found]], bool]


def _curated(f: Found) -> bool:
    return any(p.source == "curated" for p in f.candidates)


# The vetoes on the gazetteer's finds, in the order they run. (A capital or a country that acts — "Washington
# a riposté" — is vetoed by the resolver, which knows which readings are capitals.)
VETOES = (
    Veto("organisation_or_operation", "'le Pentagone', 'Déluge d'Al-Aqsa', 'Kata'ib Hezbollah' name no place",
         lambda pg, f, _: overlaps(f.start, f.end, pg.blocked)),
    # The entity model is small and errs: it may not veto a name our curated gazetteer knows.
    Veto("person_or_group", "the words around it or the entity model make it a person's or a group's name",
         lambda pg, f, _: is_person_or_group(pg.text, pg.folded, f.start, f.end, pg.lang,
                                             None if _curated(f) else pg.entities)),
    Veto("inside_a_longer_name", "'Kata'ib Sayyid al-Shuhada', a byline: part of a longer capitalised name",
         lambda pg, f, found: inside_longer_name(pg.text, f, found, pg.lang)),
    Veto("common_word", "'Attack' in a headline: the text also writes it in lower case",
         lambda pg, f, _: common_word(pg.text, f, pg.lowered)),
    Veto("arabic_word_unanchored", "Arabic has no capitals to say a word is a name: a small place's name ('النصر',"
         " 'victory', names villages) needs a trigger or a locative before it",
         lambda pg, f, found: arabic_unanchored(pg.text, f, pg.lang, found)),
    Veto("calendar_word", "'Jan', 'Mars', 'Wednesday' are dates", lambda pg, f, _: calendar_word(pg.text[f.start:f.end])
         or calendar_word(with_next_word(pg.text, f.end, pg.text[f.start:f.end]))),  # "تشرين الأول": October
    Veto("field_label", "'Date:', 'Lieu d'origine :' open a field, as an infobox renders ('Soudan : …' opening a "
                        "headline is the country the story is in)",
         lambda pg, f, _: a_label(pg.text, f.start, f.end) and not names_an_area(pg.text[f.start:f.end], f)
         or at_line_start(pg.text, f.start) and field_label_end(pg.text, f.start, f.end, pg.lang) > f.start),
    Veto("quoted_thing_name", "'a Russian \"Grad\" launcher': a name in quotation marks with a common noun after "
                              "it names a weapon or a product, not a place",
         lambda pg, f, _: quoted_before_noun(pg.text, f.start, f.end, pg.lang) and not _curated(f)),
    Veto("acronym_in_brackets", "'Forces armées maliennes (FAMa)': an acronym the text defines, not the town Fama",
         lambda pg, f, _: defined_acronym(pg.text, f.start, f.end)),
)


_OPEN_QUOTES, _CLOSE_QUOTES = "\"“«‘'", "\"”»’'"


def quoted_before_noun(text: str, start: int, end: int, lang: str) -> bool:
    """The name alone between quotation marks, then a lower-case word that is neither a function word nor a kind
    word: "Grad" launcher, « Shahed » drones."""
    before, after = text[max(0, start - 2):start].rstrip("\u00a0 "), text[end:end + 2].lstrip("\u00a0 ")
    if not before or before[-1] not in _OPEN_QUOTES or not after or after[0] not in _CLOSE_QUOTES:
        return False
    m = re.match(r"[\s\u00a0]*[\"”»’']?[\s\u00a0]*([^\W\d_]+)", text[end:end + 40])
    if not m or not m.group(1).islower():
        return False
    word = m.group(1)
    return word not in sentence_openers(lang) and fold(word) not in trigger_words(lang) \
        and fold(word) not in folded_words(lang, "not_places", "locatives")


def defined_acronym(text: str, start: int, end: int) -> bool:
    """A word the text defines as an acronym, in brackets after the words it abbreviates ("Forces armées
    maliennes (FAMa)", "(GSIM)"): that word is the acronym wherever the text uses it ("aux FAMa")."""
    return text[start:end] in _acronyms(text)


_ACRONYM = re.compile(r"\(([A-Z][A-Za-z]{1,7})\)")


@lru_cache(maxsize=8)
def _acronyms(text: str) -> frozenset[str]:
    return frozenset(w for w in _ACRONYM.findall(text) if sum(c.isupper() for c in w) >= 2)


def arabic_unanchored(text: str, f: Found, lang: str, found: list[Found] = ()) -> bool:
    """An Arabic-script find that is no well-known place and has neither a trigger ("بلدة", "مطار") nor, for
    a place of the region, a locative ("في", "قرب") right before it."""
    if not is_arabic(text[f.start:f.end]):
        return False
    # Well known to an Arabic reader: our sites, countries, large cities, the provinces of the region (the
    # world's provinces have Arabic names too, and "صباح", "morning", is Malaysia's Sabah). A word read only
    # after taking a bare particle off is weaker: "بايدن" (Biden) is not "in Aydın"; "بالموصل" (with the
    # article) is "in Mosul".
    region = theatre_countries()
    bare_particle = bool(f.particle) and not fold(text[f.start:f.start + 2]) == "ال" and fold(f.particle) != "ال"
    if any(p.source in ("curated", "countries") or p.population >= 100_000 and not bare_particle
           or p.source == "imported" and p.country in region for p in f.candidates):
        return False
    if fold(f.particle).endswith("ال") and not any(p.country in region for p in f.candidates):
        return True  # "الدولي" (international) less its article is no Anguillan town "دولي"
    start = f.start - len(f.particle)  # the locative must stand before the whole written word
    if any(g.end <= start and re.fullmatch(r"\s*[،,]?\s*", text[g.end:start]) and g is not f for g in found) \
            and (fold(f.particle[:1]) in ("و", "ا") or text[start - 2:start].strip() in ("،", ",")):
        return False  # listed with a place: "على معرة النعمان وسراقب", "دير الزور، الميادين"
    left = bare(tokens(fold(text[max(0, start - 30):start])), lang)
    if any(tuple(left[-len(t.phrase):]) == t.phrase for t in triggers(lang)):
        return False
    # A preposition is enough in the region only: "على مدرسة" is "on a school", not on Madrasa, Azerbaijan.
    return not (after_locative_word(text, start, lang) and any(p.country in region for p in f.candidates))


def trailing(folded: str, m: Mention) -> bool:
    """Whether the mention's trigger words come right after its name ("Aleppo airports")."""
    words = tuple(tokens(m.trigger))
    return bool(words) and tuple(tokens(folded[m.end:m.end + 40])[:len(words)]) == words


def references_back(text: str, folded: str, mentions: list[Mention], lang: str, seg: Segments,
                    gaz: Gazetteer | None = None) -> list[Mention]:
    """"La base est reconquise…", "the airport reopened": the site of that kind named last before, in the
    same block of text or the one before. Only when no name follows ("la base d'Al-Tanf" is a trigger).
    An entry with `of_the_town` may also mean the site of that kind of the town named last ("خارج أبو ظبي …
    قرب المطار الدولي": Abu Dhabi's airport), when no such site was named."""
    out = []
    named = sorted(mentions, key=lambda m: m.start)
    starts = [n.start for n in named]  # the names near a phrase, found by bisection rather than a scan
    longest = max((n.end - n.start for n in named), default=0)
    for entry in lexicon(lang, "anaphora").get("anaphora", []):
        kinds = set(entry.get("kinds", []))
        for phrase in entry.get("phrases", []):
            pattern = r"\b" + r"[\s’']+".join(re.escape(t) for t in tokens(phrase)) + r"\b"
            for m in re.finditer(pattern, folded):
                start, end = m.start(), m.end()
                near = named[bisect_left(starts, start - longest):bisect_left(starts, end + 25)]
                if any(n.start <= start < n.end or start <= n.start < end + 25 for n in near):
                    continue  # part of a name, or a name follows: a trigger
                if re.match(r"\s*(?:de|d['’]|du|of|at|in)?\s*[A-ZÀ-Ý]", text[end:end + 6]) \
                        or re.match(r"[\w-]", text[end:end + 1]):
                    continue
                earlier = block_before(text, seg, seg.block_of(start)[0])
                # The site must have been named as such a site ("la base aérienne de Balad", "Al Asad air
                # base"), not merely share a name with one ("Sanaa" is also the name of an air base).
                before = named[bisect_left(starts, earlier):bisect_left(starts, start)]
                site = next((n for n in reversed(before) if earlier <= n.start < start
                             and (set(n.kinds[:2]) & kinds or all(c.kind in kinds for c in n.candidates)
                                  or entry.get("any_reading") and any(c.kind in kinds for c in n.candidates)
                                  and not any(c.kind in _AREA_KINDS for c in n.candidates))),
                            None)
                if site is None:
                    said = {fold(w) for w in entry.get("international", [])}  # "المطار الدولي"
                    international = bool(set(tokens(folded[end:end + 20])[:1]) & said)
                    places = _of_the_town(before, earlier, start, kinds, gaz, international) \
                        if entry.get("of_the_town") else ()
                    if not places:
                        continue
                else:
                    places = tuple(c for c in site.candidates if c.kind in kinds)
                s0, s1 = seg.sentence_of(start)
                out.append(Mention(text=text[start:end], start=start, end=end, sentence_start=s0, sentence_end=s1,
                                   kinds=tuple(sorted(kinds)), trigger=phrase, candidates=places,
                                   origin="anaphora"))
    return sorted(out, key=lambda m: m.start)


_AREA_KINDS = frozenset({"country", "governorate", "region"})  # "Sudan", "Gezira State": never "the town"
HEADING_CHARS = 60  # a block this short without a full stop is a heading ("Timeline", "2022", "Déroulement")


def block_before(text: str, seg: Segments, b0: int) -> int:
    """Where the block of prose before the one starting at `b0` starts, passing over headings between them:
    "the plant" under "Timeline / 2022" still refers to the plant the paragraph above the headings named."""
    if not b0:
        return 0
    start = seg.block_of(b0 - 2)[0]
    for _ in range(3):
        a, b = seg.block_of(start)
        piece = text[a:b].strip()
        if not start or len(piece) > HEADING_CHARS or piece.endswith((".", "!", "?", ":", "»", '"')):
            break
        start = seg.block_of(start - 2)[0]
    return start


TOWN_SITE_KM = 30  # how far a town's airport may lie from the town's point


def _of_the_town(before: list[Mention], earlier: int, start: int, kinds: set[str],
                 gaz: Gazetteer | None, international: bool = False) -> tuple[Place, ...]:
    """The site of one of these kinds nearest the town named last before `start` (its most populous reading),
    within TOWN_SITE_KM; none when no town was named in the block or the one before. "The international airport"
    is the one whose name says so, not a small field nearer the centre."""
    from geo.gazetteer import SETTLEMENTS, km

    if gaz is None:
        return ()
    town = next((max(towns, key=lambda c: c.population) for n in reversed(before) if earlier <= n.start < start
                 and (towns := [c for c in n.candidates if c.kind in SETTLEMENTS])), None)
    if town is None:
        return ()
    near = sorted((km(town.lat, town.lon, p.lat, p.lon), p.id, p) for kind in sorted(kinds)
                  for p in gaz.places_of_kind(kind, town.country)
                  if not international or "international" in " ".join(p.names + (p.name,)).lower())
    return tuple(p for d, _, p in near[:1] if d <= TOWN_SITE_KM)


def coordinated(text: str, end: int, start: int, lang: str) -> bool:
    """Two names joined by a conjunction or a comma, maybe with "de"/"of": "Damas et d'Alep", "Al Asad and Erbil"."""
    between = tokens(text[end:start])
    joins = folded_words(lang, "not_places", "conjunctions")
    if not between:
        return text[end:start].strip() == ","
    return between[0] in joins and len(between) <= 3 and all(t in joins or t in _LINK_WORDS for t in between)


_LINK_WORDS = frozenset({"de", "d", "du", "des", "l", "la", "le", "les", "of", "the"})


def scan_gazetteer(text: str, word_list: list[Word], gaz: Gazetteer, lang: str) -> list[Found]:
    """Every longest run of words whose key is a gazetteer name, written as a name is written.

    An Arabic word that opens no name is tried again without its attached particles ("والحديدة",
    "بالحسكة", "للحديدة"): the mention then starts on the name itself."""
    keys = [token_key(fold(w.text)) for w in word_list]
    spans = []
    n = len(word_list)
    for i in range(n):
        w = word_list[i]
        low = w.text.lower()
        if low in _ELISIONS and text[w.end:w.end + 1] in "'’":
            continue
        readings = [(0, keys[i])] + [(a, token_key(fold(b))) for a, b in particle_free(w.text)]
        best, shift, first_key = next(((b, a, k) for a, k in readings
                                       if (b := longest_name(text, word_list, keys, i, k, gaz)) is not None),
                                      (None, 0, keys[i]))
        if best is None:
            continue
        cut = trigger_inside(word_list, i, best, lang)
        if cut is not None:  # "Ras Lanuf Oil terminal": the name stops where "oil terminal" begins
            best = longest_name(text, word_list, keys, i, first_key, gaz, limit=cut)
            if best is None:
                continue
        start, end = w.start + shift, word_list[best].end
        k = join_keys([first_key] + keys[i + 1:best + 1])
        first = Word(text[start:w.end], start, w.end)
        if not written_as_name([first] + word_list[i + 1:best + 1], 0, best - i, k, gaz, lang):
            continue
        written = text[start:end]
        if best == i and written.isupper() and len(written) <= 5 and not any(
                written in p.names for p in gaz.candidates(k)):
            continue  # an acronym ("AASM", a bomb) answers only to a name spelt exactly so
        found = gaz.candidates(k, written)
        if found:
            spans.append(Found(start, end, found, "gazetteer", particle=text[w.start:start]))
    return longest_first(spans)


def longest_name(text: str, word_list: list[Word], keys: list[str], i: int, first_key: str,
                 gaz: Gazetteer, limit: int | None = None) -> int | None:
    """The index of the last word of the longest gazetteer name that starts at word i and ends before word
    `limit` (None if none)."""
    best = None
    for j in range(i, min(len(word_list), i + gaz.max_words, limit if limit is not None else len(word_list))):
        if j > i and not _JOIN.match(text[word_list[j - 1].end:word_list[j].start]):
            break
        k = join_keys([first_key] + keys[i + 1:j + 1])
        last = word_list[j].text
        # A name ends on a name word: not an article ("Al-Qaim Al") nor a short verb ("Sana a confirmé").
        if gaz.has_name(k) and (first_key if j == i else keys[j]) \
                and (j == i or last[:1].isupper() or last.isdigit() or len(last) > 2):
            best = j
        elif not gaz.is_prefix(k):
            break
    return best


_PARTICLES = ("و", "ف")  # "and", "so": before any other
_PREPOSITIONS = ("ب", "ل", "ك")  # "in/by", "to/for", "like": attached to the next word


def particle_free(word: str) -> list[tuple[int, str]]:
    """The readings of an Arabic word without its attached particles, as (offset in the word of what is left,
    the text to key it by), fewest particles off first: "والحديدة" → "الحديدة", "بالحسكة" → "الحسكة",
    "لمطار" → "مطار", "للحديدة" → "الحديدة" (ل + ال is written "لل"), and each without its article ال too.
    A word in another script has none."""
    if not is_arabic(word):
        return []
    at = [k for k, c in enumerate(word) if fold(c)]  # where the letters are: harakat and tatweel are none
    letter = [fold(word[k]) for k in at]
    out: list[tuple[int, str]] = []

    def add(p: int, prefix: str = "") -> None:
        rest = prefix + word[at[p]:]
        if len(fold(rest)) >= 3 and (at[p], rest) not in out:
            out.append((at[p], rest))

    for c in (0, 1) if letter[0] in _PARTICLES else (0,):
        for h in (c, c + 1) if len(letter) > c + 3 and letter[c] in _PREPOSITIONS else (c,):
            if h >= len(letter) - 2:
                continue
            if h:
                add(h)
            if h > c and letter[c] == "ل" and letter[h] == "ل":
                add(h, "ا")  # "للحديدة": ل + (ا)لحديدة
            if letter[h] == "ا" and letter[h + 1] == "ل" and len(letter) > h + 4:
                add(h + 2)  # and without the article
    return out


def written_as_name(word_list: list[Word], i: int, j: int, k: str, gaz: Gazetteer, lang: str) -> bool:
    """Capitalised like a name (or a lower-case alias such as "nord-est de la Syrie"), not a stop-word."""
    first = word_list[i].text
    if i == j and (first.lower() in words(lang, "stopwords") or len(first) < 3):
        return False
    if is_arabic(first):
        # Arabic has no capitals: a word is a name when it is not a function word nor a common noun the
        # gazetteer happens to know ("مدينة", "المنطقة"); the vetoes then ask for a trigger or a locative.
        common = _folded_list(lang, "stopwords") | _folded_list(lang, "capitalised_common") \
            | folded_words(lang, "not_places", "statement_words") \
            | _demonyms(lang)  # "في بيان": in a statement, not in Bayan; "سوري" is Syrian, not Surrey
        return not (i == j and fold(first) in common or i == j and fold(first) in _trigger_words(lang))
    if len(first) == 1 and not (word_list[i + 1].text[:1].isupper() or word_list[i + 1].text[:1].isdigit()):
        return False  # "I can" is no name; "K-1" is
    if first.lower() in words(lang, "capitalised_common"):
        return False
    if first[:1].isupper():
        return True
    if gaz.is_lowercase(k):
        return True
    # "al-Tanf", "el-Arish": a lower-case article before a capitalised word.
    return j > i and fold(first) in ("al", "el", "ad", "ash", "as", "ar", "az", "an", "at", "ez", "es") \
        and word_list[i + 1].text[:1].isupper()


@cache
def _demonyms(lang: str) -> frozenset[str]:
    from geo.lexicon import table

    return frozenset(fold(row[0]) for row in table(lang, "demonyms"))


@cache
def _folded_list(lang: str, name: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words(lang, name))


@cache
def _trigger_words(lang: str) -> frozenset[str]:
    """Single-word triggers of the language ("مدينة", "مطار"): never a place's name on their own."""
    return frozenset(t.phrase[0] for t in triggers(lang) if len(t.phrase) == 1)


@cache
def _vocabulary(lang: str) -> frozenset[str]:
    """Every folded word of the language's triggers and locatives: the words a particle may hide."""
    found = {w for t in triggers(lang) for w in t.phrase}
    for section, name in (("not_places", "locatives"), ("triggers", "near"), ("not_places", "not_place_before")):
        found |= {w for p in phrases(lang, section, name) for w in p}
    return frozenset(found)


def bare(toks: list[str], lang: str) -> list[str]:
    """Words with the particles that hide a trigger or a locative taken off: "لمطار" → "مطار", "وقرب" → "قرب"
    (Arabic attaches "and", "to", "in" to the next word). Other words and other scripts are left as they are."""
    vocab = _vocabulary(lang)
    out = []
    for t in toks:
        if t not in vocab and is_arabic(t):
            t = next((fold(r) for _, r in particle_free(t) if fold(r) in vocab), t)
        out.append(t)
    return out


def longest_first(spans: list[Found]) -> list[Found]:
    spans.sort(key=lambda f: (-(f.end - f.start), f.start))
    kept = SpanIndex(bounds=_bounds)
    for f in spans:
        if not kept.overlaps(f.start, f.end):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


@cache
def kind_vocabulary() -> frozenset[str]:
    """Every word of every kind phrase ("air", "base", "champ", "petrolier")."""
    return frozenset(w for phrase in kind_words() for w in phrase)


@cache
def _calendar_words() -> frozenset[str]:
    """Month and weekday names of every language."""
    from geo.lexicon import languages, months

    found = {fold(w) for lang in languages() for w in months(lang)}
    found |= {fold(w) for lang in languages() for w in lexicon(lang, "dates").get("weekdays", {})}
    # Arabic parts of the day stand alone as words ("صباح", morning; "مساء", evening).
    found |= {fold(w) for w in lexicon("ar", "dates").get("parts_of_day", []) if " " not in w}
    return frozenset(found)


def calendar_word(name: str) -> bool:
    """A month's or a weekday's name in any language ("Jan", "Mars", "Wednesday"): a date, not a Chinese
    town's alternate name."""
    return fold(name).strip(".") in _calendar_words()


def with_next_word(text: str, end: int, name: str) -> str:
    """The name and the word after it ("تشرين" + "الأول"): month names of two words."""
    m = re.match(r"[ \t]+[^\W_]+", text[end:end + 30])
    return name + m.group() if m else name


_LABEL_AFTER = re.compile(r"[^\S\n]*(?:[\w'’\-]+[^\S\n]+){0,3}?[\w'’\-]*[^\S\n]*:")


def a_label(text: str, start: int, end: int) -> bool:
    """The first words of a line that end on a colon are a field's label ("Date:", "Lieu d'origine :",
    an infobox as a page renders it), not a place."""
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip() and bool(_LABEL_AFTER.match(text, end, min(len(text), end + 40)))


def names_an_area(written: str, f: Found) -> bool:
    """The words are a country's or a province's own name, as written ("Soudan", "Gaza"), not a field's."""
    return any(p.kind in ("country", "governorate", "region") and written in p.names for p in f.candidates)


def common_word(text: str, f: Found, lowered: set[str]) -> bool:
    """"US Contractor Killed in Rocket Attack": a capitalised word the text also writes in lower case ("a
    rocket attack hit…") is a common noun, unless it is exactly a place's name ("Attack" only folds like Ataq)."""
    word = text[f.start:f.end]
    if " " in word or "-" in word or word.lower() == word.upper() or any(word in p.names for p in f.candidates):
        return False  # (a script without capitals, such as Arabic, has no lower-case use to tell)
    return word.lower() in lowered


def inside_longer_name(text: str, f: Found, found: list[Found], lang: str) -> bool:
    """A town's name that is only part of a longer capitalised name ("Kata'ib Sayyid al-Shuhada",
    "Jaafar al-Husseini") names a person or a group, not the town. A curated site's name may follow words
    that describe it, and be followed by kind words or other places. A function word capitalised because it
    opens the sentence ("La France", "Au Soudan") is no part of a name."""
    curated = any(p.source == "curated" for p in f.candidates)
    kinds = kind_vocabulary()
    stop = sentence_openers(lang)
    kind_of_area = trigger_words(lang)  # "l'État de Zamfara", "Province of Idlib"
    for m in _CAPITAL_RUN.finditer(text, max(0, f.start - 60), min(len(text), f.end + 60)):
        begin = after_field_label(text, m.start(), m.end(), lang)  # "Lieu Enerhodar": a field, then the town
        if begin <= f.start and f.end <= m.end() and (begin, m.end()) != (f.start, f.end):
            # A curated site may follow words that describe it ("Mission Support Site Conoco"); it is part of
            # a longer name only when other names follow it ("Tala Michel Issa", a byline).
            spans = [(f.end, m.end())] if curated else [(begin, f.start), (f.end, m.end())]
            for a, b in spans:
                for w in re.finditer(r"[^\W_]+", text[a:b]):
                    if not w.group()[:1].isupper() or curated and fold(w.group()) in kinds \
                            or calendar_word(w.group()) or w.group().lower() in stop \
                            or fold(w.group()) in kind_of_area:
                        continue  # "outside of Damascus Wednesday": a day is no part of a name
                    if curated and any(o.start <= a + w.start() < o.end and well_known(o)
                                       for o in _near(found, a + w.start()) if o is not f):
                        continue  # another place follows: "Deir ez-Zor Syria", "Abqaiq-Khurais"
                    return True
    return False


def well_known(f: Found) -> bool:
    """A name that surely is a place: a curated or imported site, an area, a city of 100,000 (in the world's
    gazetteer every capitalised word is a hamlet somewhere: "Michel", "Issa")."""
    return any(p.source != "geonames" and p.kind not in ("town", "village") or p.population >= 100_000
               for p in f.candidates)


def overlaps(start: int, end: int, spans) -> bool:
    if isinstance(spans, SpanIndex):
        return spans.overlaps(start, end)
    return any(start < b and a < end for a, b in spans)


def _bounds(f: Found) -> tuple[int, int]:
    return f.start, f.end


def _near(found, position: int):
    """The names that may hold `position`: those the index says reach it, else all of them."""
    return found.around(position, position) if isinstance(found, SpanIndex) else found


def blocked_spans(folded: str, lang: str) -> list[tuple[int, int]]:
    """Organisations, institutions and operations named in the text ("le Pentagone", "Déluge d'Al-Aqsa")."""
    pat = not_place_pattern(lang)
    return [(m.start(), m.end()) for m in pat.finditer(folded)] if pat else []


def is_person_or_group(text, folded, start, end, lang, entities) -> bool:
    """A name that is a person's or a group's, by the words around it or by the entity model."""
    if entities:
        for a, b, label in entities.around(start, end) if isinstance(entities, SpanIndex) else entities:
            if a <= start and end <= b and label in ("PER", "ORG") and (b - a) > (end - start):
                return True
            if a == start and b == end and label == "PER" and not big_place_named(text[start:end]) \
                    and not after_locative_word(text, start, lang):
                return True
    span_words = tokens(folded[start:end])
    if len(span_words) >= 2 and span_words[-1] in folded_words(lang, "not_places", "organisation_words"):
        return True  # "Fatemiyoun Brigade", "Saudi Arabian Oil Co"
    if group_name_before(text, start, lang):
        return True  # "Jaish Maghawir al-Thawra": al-Thawra is part of the group's name
    next_word = re.match(r"[ \t]+([^\W\d_]+)", text[end:end + 30])
    if next_word and fold(next_word.group(1)) in folded_words(lang, "not_places", "organisation_after"):
        return True  # "Abu Dhabi police", "Tehran Times": the place names an organisation
    left = bare(tokens(folded[max(0, start - 40):start]), lang)
    for phrase in phrases(lang, "not_places", "not_place_before"):
        if tuple(left[-len(phrase):]) == phrase:
            return True
    after = text[end:end + 40]
    right = tokens(after)
    for phrase in phrases(lang, "not_places", "speech_after"):
        # "Tehran said" is a government; "…à Jizan, a indiqué la coalition" is not (the speaker comes after).
        if tuple(right[:len(phrase)]) == phrase and right[len(phrase):len(phrase) + 1] not in (["by"], ["par"]) \
                and not after.lstrip().startswith((",", "،")):
            return True  # "Tehran said", "Bagdad a annoncé": a government speaking ("claimed by": passive)
    if _ACRONYM_AFTER.match(after) and len(tokens(text[start:end])) >= 2:
        return True  # "Kait'ib Sayyid al-Shuhada (KSS)": a group introduced with its acronym
    if after.startswith(","):
        right = tokens(after[1:])
        while right and right[0] in _ARTICLES_BEFORE_ROLE:  # "Ahmed al-Dulaimi, un colonel", ", the spokesman"
            right = right[1:]
        if any(tuple(right[:len(p)]) == p for p in phrases(lang, "not_places", "place_after")):
            return False  # "Wad Madani, chef-lieu de…": an apposition that makes it a town
        for phrase in phrases(lang, "not_places", "person_after"):
            if tuple(right[:len(phrase)]) == phrase and len(tokens(text[start:end])) >= 2:
                return True
    return False


def big_place_named(name: str) -> bool:
    """A city of 50,000 people, or a country written as its name, answers to this name: the small entity
    model's "person" reading of one word is weaker than that ("Khartoum", "Bakhmout" are tagged PER)."""
    from geo.gazetteer import load_gazetteer

    return any(p.population >= 50_000 or p.kind == "country" and name in p.names
               for p in load_gazetteer().candidates(key(name), name))


# Names listed before this one ("in Sloviansk, Pokrovsk, and Barvinkove"): the locative before the list
# puts every name of it.
_LISTED_BEFORE = re.compile(r"(?:[A-ZÀ-ÝĀ-Ž][\w’'\-]*(?:[ \-](?:(?:al|el|ad|ash|as|ar|az|an|at|ez|es|ibn|abu|de|du)[-‐‑ ])?"
                            r"[A-ZÀ-ÝĀ-Ž][\w’'\-]*)*\s*,?\s*"
                            r"(?:(?:and|et|or|ou|as well as|ainsi que)\s+(?:d['’]|de\s+|à\s+|in\s+)?)?)+$")


def after_locative_word(text: str, start: int, lang: str, sentence_start: int = 0) -> bool:
    """A locative word ("à", "in", "near", "bombardé") comes right before the name, or before the list of names
    it ends ("in Sloviansk, Pokrovsk, and Barvinkove")."""
    before = _LISTED_BEFORE.sub("", text[max(sentence_start, start - 160):start])
    left = bare(tokens(fold(before[-25:])), lang)
    locatives = phrases(lang, "not_places", "locatives")
    if any(tuple(left[-len(p):]) == p for p in locatives):
        return True
    if after_area_possessive(before, lang):
        return True
    # Arabic lists join with an attached "و": "على معرة النعمان وسراقب" — the locative before the list's first
    # name (one to three words before) puts the next one too.
    if text[start - 1:start] == "و" and is_arabic(text[start:start + 1]):
        left = bare(tokens(fold(text[max(sentence_start, start - 60):start - 1])), lang)
        return any(tuple(left[-len(p) - k:len(left) - k]) == p for p in locatives for k in (1, 2, 3))
    return False


_POSSESSIVE = re.compile(r"([A-ZÀ-ÝĀ-Ž][\w\-]*(?: [A-ZÀ-ÝĀ-Ž][\w\-]*)*)( [a-z]+)?['’]s\s+$")


def after_area_possessive(before: str, lang: str) -> bool:
    """A province's or region's possessive puts the name after it ("Idlib province's Jisr al-Shughur", "Tigray's
    Alamata"). A country's does not: "Syria's Assad", "Russia's Putin" are people; nor does a site's ("the base's
    commander")."""
    m = _POSSESSIVE.search(before[-80:])
    if not m:
        return False
    from geo.gazetteer import load_gazetteer

    word = (m.group(2) or "").strip()
    if word:
        return word in trigger_words(lang, _PROVINCES)
    return any(p.kind in _PROVINCES and m.group(1) in p.names
               for p in load_gazetteer().candidates(key(m.group(1)), m.group(1)))


_PROVINCES = frozenset({"governorate", "region"})


def group_name_before(text: str, start: int, lang: str) -> bool:
    """Whether the capitalised run of words that ends right before `start` opens with a group's head word."""
    heads = folded_words(lang, "not_places", "group_heads")
    words = re.findall(r"[^\W\d_][^\s]*", text[max(0, start - 60):start])
    for w in reversed(words):
        bare = fold(w).strip("'’-")
        if bare in heads:
            return True
        if not (w[:1].isupper() or bare in ("al", "el", "ad", "ash", "ar", "as", "az", "ibn", "bin", "abu")):
            return False
    return False


_ARTICLES_BEFORE_ROLE = frozenset({"un", "une", "le", "la", "l", "les", "a", "an", "the", "son", "sa", "his", "her"})
_ACRONYM_AFTER = re.compile(r"\s*\([A-Z]{2,6}\)")
_CAPITAL_RUN = re.compile(
    r"(?:(?:al|el|ad|ash|as|ar|az|an|at|ez|es)[-‐‑ ])?[A-ZÀ-ÝĀ-Ž][^\W_]+(?:(?:[-‐‑’']| +)(?:(?:al|el|ad|ash|as|ar|az|an|at|ez|"
    r"es|bin|ibn|abu|abou|de|du|e|i)[-‐‑ ])?[A-ZÀ-ÝĀ-Ž][^\W_]+)*")  # "-e-", "-i-": Persian ezafe, "Pul-e-Charkhi";
# a spaced dash separates ("Syrie - Bombardements à Afrine"), a hyphen joins ("Deir ez-Zor")


def unknown_names(text: str, word_list, lang: str, entities, lowered: set[str]) -> list[tuple[int, int, str]]:
    """Names the gazetteer scan did not place: capitalised runs, Arabic words after a trigger, and the entity
    model's places."""
    out = names_after_triggers(text, word_list, lang)
    stop = sentence_openers(lang)
    for m in _CAPITAL_RUN.finditer(text):
        start, end = m.start(), m.end()
        first = re.match(r"[^\W_]+", text[start:end])
        while first and first.group().lower() in stop:  # "Le Pentagone", "The Conoco field"
            rest = re.search(r"[A-ZÀ-ÝĀ-Ž]", text[start + first.end():end])
            if not rest:
                start = end
                break
            start += first.end() + rest.start()
            first = re.match(r"[^\W_]+", text[start:end])
        start = after_field_label(text, start, end, lang)
        if end - start >= 3:
            out.append((start, end, "trigger"))
    for a, b, label in entities or []:
        a = after_field_label(text, a, b, lang)  # the model reads "Lieu Nord-Kivu" as one place
        name = text[a:b]
        if label not in ("LOC", "GPE") or not plausible_name(name, stop):
            continue
        if " " not in name:
            if name.lower() in lowered:  # "Ouest", "Pertes": written in lower case elsewhere, a common noun
                continue
            if fold(name) in trigger_words(lang):  # "l'État d'Al-Jazira": the kind word, not the name
                continue
        out.append((a, b, "ner"))
    return out


def after_field_label(text: str, start: int, end: int, lang: str) -> int:
    """Where a capitalised run at a line's start begins once a fact box's field label is left out: "Lieu
    Enerhodar" is Enerhodar; "Informations générales" and "Phase :" (a label before its colon) are no name at
    all (then `end`)."""
    if not at_line_start(text, start):
        return start
    if a_label(text, start, end):
        return end
    return field_label_end(text, start, end, lang)


def at_line_start(text: str, start: int) -> bool:
    return not text[text.rfind("\n", 0, start) + 1:start].strip()


def field_label_end(text: str, start: int, end: int, lang: str) -> int:
    """Past the field label ("Lieu", "Informations générales", "Location") that the words at `start` open,
    up to the next capitalised word; `end` if they are only the label; `start` if they open none."""
    run = text[start:end]
    words = tokens(run)
    for label in phrases(lang, "not_places", "field_labels"):
        if tuple(words[:len(label)]) == label:
            spaced = run.split()
            if len(words) == len(label) or len(spaced) <= len(label):
                return end
            skip = len(" ".join(spaced[:len(label)]))
            rest = re.search(r"[A-ZÀ-ÝĀ-Ž]", run[skip:])
            return start + skip + rest.start() if rest else end
    return start


_LINKED = re.compile(r"(?:لل|[وفبك]ال|و)")


def names_after_triggers(text: str, word_list: list[Word], lang: str) -> list[tuple[int, int, str]]:
    """Arabic names have no capitals to find them by: the one or two words right after a trigger ("مخيم
    الهول", "قاعدة البرج") are a name, unless they are function words, kind words or numbers. A particle
    before the trigger is no obstacle ("لمطار")."""
    arabic = [i for i, w in enumerate(word_list) if is_arabic(w.text)]
    if not arabic:
        return []
    stop = _folded_list(lang, "stopwords") | _vocabulary(lang) | _folded_list(lang, "capitalised_common")
    out = []
    forms = [bare([fold(w.text)], lang)[0] for w in word_list]
    for t in triggers(lang):
        n = len(t.phrase)
        for i in arabic:
            if tuple(forms[i:i + n]) != t.phrase:
                continue
            name = []
            for j in range(i + n, min(len(word_list), i + n + 2)):
                w = word_list[j]
                gap = text[word_list[j - 1].end:w.start]
                if not _JOIN.match(gap) or not is_arabic(w.text) or fold(w.text) in stop \
                        or name and _LINKED.match(fold(w.text)):
                    break  # "مخيم الزقزوقية للنازحين": a word with a particle starts a phrase of its own
                name.append(w)
            if name:
                out.append((name[0].start, name[-1].end, "trigger"))
    return out


def trigger_inside(word_list: list[Word], i: int, best: int, lang: str) -> int | None:
    """Where a kind word that runs past the end of the name i..best begins inside it, if one does.

    OurAirports calls the oil company's airstrip "Ras Lanuf Oil": in "the Ras Lanuf oil terminal" the name
    is "Ras Lanuf" and "oil terminal" the kind word, not the airstrip's name followed by "terminal"."""
    forms = [" ".join(tokens(w.text)) for w in word_list[i + 1:best + 3]]
    for k in range(1, best - i + 1):
        for t in triggers(lang):
            n = len(t.phrase)
            if k + n - 1 > best - i and tuple(" ".join(forms[k - 1:k - 1 + n]).split()) == t.phrase:
                return i + k
    return None


def trailing_trigger(name: str, lang: str) -> Trigger | None:
    """The trigger a capitalised name ends with ("Ayash Camp", "Tower 22 Base"), if any, with a name before it."""
    toks = tokens(name)
    for t in triggers(lang):
        n = len(t.phrase)
        if len(toks) > n and tuple(toks[-n:]) == t.phrase:
            return t
    return None


def plausible_name(name: str, stop: frozenset[str]) -> bool:
    """What an entity model calls a place must at least look like a name: capitalised, letters, not a stop-word."""
    return (len(name) >= 3 and name[:1].isupper() and not any(c.isdigit() for c in name)
            and name.lower() not in stop and len(re.findall(r"[^\W\d_]", name)) >= 3)


def context_kinds(text: str, folded: str, start: int, end: int, lang: str, seg: Segments,
                  others: list[tuple[int, int]] = ()) -> tuple[tuple[str, ...], str, bool]:
    """The kinds of place the words around a name ask for, nearest trigger first; and whether it is "near".

    The left context stops at the clause's start or at the previous place name, whichever is nearer:
    in "la base Harir adjacente à l'aéroport d'Erbil au Kurdistan", "aéroport" speaks for Erbil only.
    """
    s0, _ = seg.sentence_of(start)
    s0 = others.last_end_at_or_before(start, s0) if isinstance(others, SpanIndex) \
        else max([s0] + [b for a, b in others if b <= start])
    left_text = folded[max(s0, start - LEFT_WINDOW):start]
    cut = max((m.end() for m in _CLAUSE_BREAK.finditer(left_text)), default=0)
    left = bare(tokens(left_text[cut:]), lang)
    kinds: list[str] = []
    trigger_words = ""
    near = False
    # Right after the name (English "Al Asad air base", "Conoco gas field").
    after = folded[end:end + 40]
    for possessive in lexicon(lang, "triggers").get("possessive_after", []):
        if after.startswith(fold(possessive)):
            after = after[len(fold(possessive)):]
            break
    right = tokens(after)
    for t in triggers(lang):
        n = len(t.phrase)
        if tuple(right[:n]) == t.phrase:
            kinds += [k for k in t.kinds if k not in kinds]
            trigger_words = " ".join(t.phrase)
            near = near or t.near
            break
    # Before it, nearest first, until another capitalised name intervenes.
    pos = len(left)
    while pos > 0:
        hit = None
        for t in triggers(lang):
            n = len(t.phrase)
            for p in range(pos - n, max(-1, pos - n - 4), -1):  # allow a few words between trigger and name
                if p >= 0 and tuple(left[p:p + n]) == t.phrase:
                    if hit is None or p + n > hit[0] + len(hit[1].phrase):
                        hit = (p, t)
                    break
        if hit is None:
            break
        p, t = hit
        kinds += [k for k in t.kinds if k not in kinds]
        trigger_words = trigger_words or " ".join(t.phrase)
        near = near or t.near
        pos = p
    # "au nord-est d'Erbil" is "au nord-est de" elided.
    unelided = left[:-1] + [ELIDED.get(left[-1], left[-1])] if left else left
    for phrase in phrases(lang, "triggers", "near"):
        if tuple(left[-len(phrase):]) == phrase or tuple(unelided[-len(phrase):]) == phrase:
            near = True
    return tuple(kinds), trigger_words, near


def fuzzy_match(name: str, gaz: Gazetteer, kinds: tuple[str, ...], strict: bool) -> tuple[list[Place], float] | None:
    """Places whose key is close to the name's, of a kind the context asks for (strict: curated only)."""
    from rapidfuzz import fuzz, process

    # The words that say what it is are no part of its spelling: "Hamid Karzai International Airport" is not
    # "Asmara International Airport" misspelt.
    k = key(strip_kind_words(name) or name)
    # With no trigger to say what it is, a short name has too many near neighbours ("al-Maachiq" ~ "Mashriq").
    if len(k) < (8 if strict else 4):
        return None
    cutoff = 92 if strict else 80
    if is_arabic(name):
        cutoff = 92  # an Arabic key has no vowels: one letter off is another name ("الجفرة" is not "الجفير")
    best = []
    for other, score, _ in process.extract(k, gaz.keys(), scorer=fuzz.ratio, limit=8, score_cutoff=cutoff):
        if (k in other or other in k) and abs(len(other) - len(k)) >= 3 or not 0.75 <= len(other) / len(k) <= 1.34:
            continue  # a word more or less is another name, not a spelling: "International" ≠ "Doha International",
            # "East Azerbaijan Province" ≠ "Eastern Province"
        # A near spelling is trusted for our curated sites and airports, and for towns only when large
        # and very close: "Kurdish" is not the village of Kurdichal.
        # Countries only by their names: "Saudi Arabian" is an adjective, not a misspelt Saudi Arabia.
        places = [p for p in gaz.candidates(other)
                  if (p.kind in kinds if kinds else p.source == "curated") and p.kind != "country"
                  and (p.source not in ("geonames", "imported") or p.kind not in ("town", "city")
                       or (score >= 90 and p.population >= 10_000))]
        if places:
            best.append((score, places))
    if not best:
        return None
    score, places = max(best, key=lambda sp: sp[0])
    return places, float(score)


def merge_alternate_names(found: list[Found], text: str) -> list[Found]:
    """"Abu Hajar – Kharab al-Jir", "Al-Qaim Al-Bukamal": two names of one site side by side are one mention."""
    out: list[Found] = []
    for f in found:
        prev = out[-1] if out else None
        if prev and re.fullmatch(r"[\s\-–—/]{1,4}|\s+(?:ou|or|aka)\s+", text[prev.end:f.start]):
            shared = [p for p in prev.candidates if p.id in {q.id for q in f.candidates}]
            if shared:
                out[-1] = replace(prev, end=f.end, candidates=shared + [p for p in prev.candidates if p not in shared])
                continue
        out.append(f)
    return out
