"""When things happened: date expressions in a text, read as honest ranges against the publication date.

Which words are dates is language data (`data/lang/<code>/dates.yaml`: expressions with a `kind`, day and month
names, number words); what each kind means against the publication date is here, once for every language. A vague
expression becomes a range, never an invented day: "la semaine dernière" in an article of Wednesday 1 November
2023 is Monday 23 – Sunday 29 October.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache, lru_cache

import dateparser

from geo.lexicon import lexicon, months
from geo.model import TIME_DAY, TIME_MONTH, TIME_WEEK, DateRange
from geo.spans import SpanIndex

# How the text of a date made of no words of the text begins (a reason, not a quotation).
NO_DATE = "no date in the text"
# A site the text gives no date for happened, as far as we can tell, in the month before publication.
UNDATED_DAYS = 30
# A day named without a year is read in the year that puts it on or before publication; an article may still
# announce a date of the coming week ("la trêve expire le 3 novembre"), so a few days ahead stay ahead.
FUTURE_SLACK_DAYS = 7
# A day with its year this long before publication makes the text a retrospective: its days without a year are
# read in that year.
NARRATIVE_YEAR_DAYS = 330

# The least vague reading each kind of expression allows, whatever the width of its range.
_FLOOR = {
    "explicit": TIME_DAY, "day_pair": TIME_DAY, "day_span": TIME_DAY, "weekday": TIME_DAY, "days": TIME_DAY, "days_ago": TIME_DAY,
    "night": TIME_WEEK, "week": TIME_WEEK, "weeks_ago": TIME_WEEK, "month": TIME_WEEK,
    "months_ago": TIME_MONTH, "named_month": TIME_MONTH, "year": TIME_MONTH, "named_year": TIME_MONTH,
    "hijri": TIME_DAY,
    "year_pair": TIME_MONTH,
}

_DAY = r"(?:3[01]|[12]\d|0?[1-9])"
_YEAR = r"(?:1[89]|20)\d\d"
_HIJRI_YEAR = r"1[34]\d\d"
# The tabular Islamic calendar is a day off the Umm al-Qura calendar or a sighted month as often as not: a Hijri
# day is read as that many days either side.
HIJRI_SLACK_DAYS = 1

# What a date expression is matched on: Arabic-Indic and Persian digits as digits ("١٥ تشرين الأول ٢٠٢٣"), Arabic
# harakat and tatweel as nothing ("أيّار" is "أيار"). The text kept, shown and pointed at stays the text as written.
_DIGITS = str.maketrans({**{chr(0x0660 + d): str(d) for d in range(10)}, **{chr(0x06F0 + d): str(d) for d in range(10)}})
_SILENT = re.compile("[\u0640\u064B-\u065F\u0670]")


def for_matching(text: str) -> tuple[str, list[int] | None]:
    """The text as date expressions are matched, and where each of its characters stands in the text (None: the
    same place; a digit is one character in every script, a haraka is dropped)."""
    scan = text.translate(_DIGITS)
    if not _SILENT.search(scan):
        return scan, None
    kept = [i for i, c in enumerate(scan) if not _SILENT.match(c)]
    return "".join(scan[i] for i in kept), kept


def _plain(words: str) -> str:
    return _SILENT.sub("", words.translate(_DIGITS))


def _span_in_text(m: re.Match, kept: list[int] | None, text: str) -> tuple[int, int]:
    if kept is None:
        return m.start(), m.end()
    end = kept[m.end() - 1] + 1
    while end < len(text) and _SILENT.match(text[end]):  # a last letter's harakat or tatweel are its own
        end += 1
    return kept[m.start()], end


def phrase_regex(pattern: str) -> str:
    """A lexicon pattern as a regular expression: a space matches any white space, an apostrophe both ' and ’."""
    return pattern.replace(" ", r"\s+").replace("'", "['’]")


def alternation(names, *, case_sensitive: bool = False, suffix: str = "") -> str:
    """Names as one regular-expression alternative, longest first (so "octobre" is not read as "oct")."""
    body = "|".join(phrase_regex(re.escape(n).replace(r"\ ", " ")) + suffix for n in sorted(names, key=len, reverse=True))
    return f"(?-i:{body})" if case_sensitive else f"(?:{body})"


@dataclass(frozen=True)
class _Rule:
    kind: str
    regex: re.Pattern
    args: dict


@dataclass(frozen=True)
class _Language:
    rules: tuple[_Rule, ...]
    weekday: re.Pattern  # finds day names inside a matched expression
    month: re.Pattern
    number: re.Pattern
    weekdays: dict[str, int]
    months: dict[str, int]
    hijri_month: re.Pattern
    hijri_months: dict[str, int]
    numbers: dict[str, int]
    week_start: int
    numeric_order: str


@cache
def _language(lang: str) -> _Language:
    lex = lexicon(lang, "dates")
    caps = bool(lex.get("capitalised_names"))
    weekdays = {k.lower(): int(v) for k, v in (lex.get("weekdays") or {}).items()}
    month_names = months(lang)
    numbers = {k.lower(): int(v) for k, v in (lex.get("numbers") or {}).items()}

    def names(words):
        return [w.capitalize() for w in words] if caps else list(words)

    # Particles a language writes attached to a day or month name ("بالثلاثاء", "وفي", "بمارس"): such a name is
    # still found inside the words an expression matched.
    attached = "".join(rf"|(?<=(?<!\w){re.escape(p)})" for p in lex.get("attached_particles") or [])
    before = rf"(?:(?<!\w){attached})"
    weekday = alternation(names(weekdays), case_sensitive=caps)
    # "Oct. 18": an abbreviation's dot belongs to the month only when a day follows, not at the end of a sentence.
    month = alternation(names(month_names), case_sensitive=caps, suffix=r"(?:\.(?=\s*\d))?")
    hijri_months = {" ".join(k.split()): int(v) for k, v in (lex.get("hijri_months") or {}).items()}
    hijri = alternation(hijri_months) if hijri_months else "(?!)"
    suffixes = "|".join(re.escape(s) for s in sorted(lex.get("ordinal_suffixes") or [], key=len, reverse=True))
    parts = "|".join(phrase_regex(p) for p in sorted(lex.get("parts_of_day") or [], key=len, reverse=True))
    number = rf"(?:\d{{1,3}}|{alternation(numbers)})" if numbers else r"\d{1,3}"
    fill = {
        "{day}": _DAY + (f"(?:{suffixes})?" if suffixes else ""),
        "{nday}": r"\d{1,2}",
        "{nmonth}": r"\d{1,2}",
        "{year}": _YEAR,
        "{month}": month,
        "{weekday}": weekday,
        "{weekday2}": weekday,
        "{part}": f"(?:{parts or '(?!)'})",
        "{number}": number,
        "{hmonth}": hijri,
        "{hyear}": _HIJRI_YEAR,
    }
    rules = []
    for entry in lex.get("expressions") or []:
        entry = dict(entry)
        kind, pattern = entry.pop("kind"), entry.pop("pattern")
        if kind not in _FLOOR:
            raise ValueError(f"data/lang/{lang}/dates.yaml: unknown kind {kind!r}")
        # Placeholders first, so that the spaces inside what they stand for are not rewritten.
        pieces = re.split(r"(\{\w+\})", pattern)
        regex = "".join(fill[p] if p in fill else phrase_regex(p) for p in pieces)
        # Not inside a word, but a day may follow a field's label glued to it ("التاريخ20–30 يناير 2022").
        rules.append(_Rule(kind, re.compile(rf"(?:(?<![\w-])|(?<=[^\W\d_])(?=\d))(?:{regex})(?![\w-])",
                                            re.IGNORECASE), entry))
    return _Language(
        rules=tuple(rules),
        weekday=re.compile(rf"{before}{weekday}(?!\w)", re.IGNORECASE),
        # not after a letter, but maybe right after a digit: "3January 2020"
        month=re.compile(rf"(?:(?<![^\W\d_]){attached}){month}(?!\w)", re.IGNORECASE),
        number=re.compile(rf"(?<!\w){number}(?!\w)", re.IGNORECASE),
        weekdays=weekdays,
        months=month_names,
        hijri_month=re.compile(hijri),
        hijri_months=hijri_months,
        numbers=numbers,
        week_start=int(lex.get("week_start", 0)),
        numeric_order=str(lex.get("numeric_order", "DMY")).upper(),
    )


def find_dates(text: str, published: date, lang: str) -> list[DateRange]:
    """Every date expression in the text, each read as an inclusive range against the publication date.

    Sorted by offset; where expressions overlap ("le lundi 30 octobre" holds "lundi" and "octobre"), the longest wins.
    """
    language = _language(lang)
    lower_case_months = bool(lexicon(lang, "dates").get("months_lower_case"))
    scan, kept = for_matching(text)
    found = []
    for order, rule in enumerate(language.rules):
        for m in rule.regex.finditer(scan):
            found.append((m.start(), -(m.end() - m.start()), order, m))
    # Longest first, then earliest, then the order of the lexicon: "le lundi 30 octobre" beats "lundi" and "octobre".
    found.sort(key=lambda f: (f[1], f[0], f[2]))
    out: list[DateRange] = []
    taken = SpanIndex()  # the spans of `out`, indexed: a scan of them per match grew with the text's square
    for _, _, order, m in found:
        start, end = _span_in_text(m, kept, text)
        if taken.overlaps(start, end):
            continue
        rule = language.rules[order]
        if lower_case_months and _month_named_in_a_name(text, start, end, language):
            continue
        span = _resolve(rule, m.group(0), published, language, lang)
        if span is None:
            continue
        first, last = span
        if (opens_a_span(m.group(0), lang) or opens_a_span(_word_before(text, start), lang)
                or (first != last and _since_phrase(text, start, lang))) \
                and first <= published:  # "since January", "depuis dimanche": up to publication
            last = max(last, published)
        out.append(DateRange(first, last, _precision(rule.kind, first, last), text[start:end], start, end))
        taken.append((start, end))
    return anchored_days(text, _in_the_narrative_year(sorted(out, key=lambda d: d.char_start), published, language),
                         published, lang)


def _month_named_in_a_name(text: str, start: int, end: int, language: _Language) -> bool:
    """A month written with a capital where the language writes it in lower case, after "du" and a day: part
    of a name ("le Mouvement du 23 Mars (M23)", "l'Alliance du 14-Mars"), not a date. A title in title case
    ("Lundi 3 Avril", "Attaque du 17 Janvier 2022") has no "du" or gives a year."""
    if not re.search(r"(?<!\w)du\s+\d", text[max(0, start - 4):end], re.IGNORECASE) \
            or re.search(r"\b\d{4}\b", text[start:end + 6]):  # "Attaque du 17 Janvier 2022": a headline's date
        return False
    return any(w.group()[:1].isupper() and _month_in(w.group(), language) is not None
               for w in re.finditer(r"[^\W\d_]+", text[start:end]))


def anchored_days(text: str, found: list[DateRange], published: date, lang: str) -> list[DateRange]:
    """Add (in place of a reading against publication) the expressions that count from the last day the text
    named: "Earlier in the day", "le lendemain", "la veille". Before any named day, the "same day" ones mean
    the publication day (a wire story of today); the others are no dates."""
    language = _language(lang)
    scan, kept = for_matching(text)
    for entry in lexicon(lang, "dates").get("anchored", []):
        pieces = re.split(r"(\{number\})", entry["pattern"])
        pattern = "".join(rf"(?P<n{i}>{language.number.pattern})" if piece == "{number}" else phrase_regex(piece)
                          for i, piece in enumerate(pieces))
        for match in re.finditer(rf"(?<![\w-])(?:{pattern})(?![\w-])", scan, flags=re.IGNORECASE):
            start, end = _span_in_text(match, kept, text)
            m = _Written(text[start:end], start, end, match.groupdict())
            if any(d.char_start <= m.start() and m.end() <= d.char_end and d.char_end - d.char_start > m.end() - m.start()
                   for d in found):
                continue  # "Mardi dans la soirée": part of a longer date, which it only narrows
            offset = int(entry.get("offset", entry.get("from", 0)))
            spread = int(entry.get("to", offset)) - offset  # "hours later": that day or the next
            counted = [v for v in m.groupdict().values() if v]
            if counted:  # "2 jours auparavant", "two days later": per_day days for each
                offset = int(entry.get("per_day", -1)) * _number(counted[0], language)
            before = [d for d in found if d.char_end <= m.start() and (d.precision == TIME_DAY or offset)]
            if not before and (offset or spread):
                continue
            if before and offset and before[-1].precision != TIME_DAY:
                # "last week, just two days after drones attacked …": the anchor's span, moved
                first, last = before[-1].start + timedelta(days=offset), before[-1].end + timedelta(days=offset)
                precision = before[-1].precision
            else:
                first = (before[-1].start if before else published) + timedelta(days=offset)
                last = first + timedelta(days=spread)
                precision = TIME_DAY if not spread else TIME_WEEK
            found = [d for d in found if not (d.char_start < m.end() and m.start() < d.char_end)]
            found.append(DateRange(first, min(last, published), precision, m.group(0), m.start(), m.end()))
            found.sort(key=lambda d: d.char_start)
    return found


@dataclass(frozen=True)
class _Written:
    """A match on the text as matched, with the words and offsets of the text as written."""
    words: str
    begin: int
    finish: int
    groups: dict

    def group(self, _: int = 0) -> str:
        return self.words

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish

    def groupdict(self) -> dict:
        return self.groups


def counting_regex(pattern: str, lang: str, **fill: str) -> re.Pattern:
    """A lexicon pattern as a regular expression: "{number}" is a count (captured as group `n`), and each other
    "{name}" is the regular expression given for it."""
    pieces = re.split(r"(\{\w+\})", pattern)
    number = _language(lang).number.pattern
    body = "".join(rf"(?P<n>{number})" if p == "{number}" else fill[p[1:-1]] if p[1:-1] in fill else phrase_regex(p)
                   for p in pieces)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


def count(word: str, lang: str) -> int:
    """"3", "trois", "three": the number a count word says."""
    return _number(word, _language(lang))


def _number(word: str, language: _Language) -> int:
    word = _plain(word)
    return int(word) if word.isdigit() else language.numbers[" ".join(word.lower().split())]


def _in_the_narrative_year(dates: list[DateRange], published: date, language: _Language) -> list[DateRange]:
    """Days without a year in a text that tells of an earlier year take that year, not the publication's.

    "On 11 March 2020 ... On 13 March" in a retrospective is 13 March 2020. A news article's own recent dates are
    left alone: the narrative year only counts when its day lies more than NARRATIVE_YEAR_DAYS before publication.
    """
    out, anchor = [], None
    for i, d in enumerate(dates):
        if d.precision == TIME_DAY and d.start == d.end and _month_in(d.text, language) is not None:
            following = dates[i + 1] if i + 1 < len(dates) else None
            if _year_in(d.text) is not None:
                anchor = d.start
            elif following and following.char_start - d.char_end <= 6 and _year_in(following.text) is not None:
                # "on 11 March and 14 March 2020": the year at the end of a pair is both days' year
                day = _day_near(d.start.month, d.start.day, following.start - timedelta(days=300))
                if day is not None and day <= following.start:
                    d = DateRange(day, day, d.precision, d.text, d.char_start, d.char_end)
            elif anchor is not None and (published - anchor).days > NARRATIVE_YEAR_DAYS:
                day = _day_near(d.start.month, d.start.day, anchor)
                if day is not None:
                    d = DateRange(day, day, d.precision, d.text, d.char_start, d.char_end)
        out.append(d)
    return out


def _day_near(month: int, day: int, anchor: date) -> date | None:
    """The day in the anchor's year, or the next year's when that would be well before it (narratives move on)."""
    for year in (anchor.year, anchor.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= anchor - timedelta(days=60):
            return candidate
    return None


def _word_before(text: str, start: int) -> str:
    found = re.search(r"([^\W\d_]+)\s*$", text[max(0, start - 20):start])
    return found.group(1) if found else ""


SINCE_PHRASE_WORDS = 6  # "depuis leur arrivée en 2016": how far a "since" word may stand before its year


def _since_phrase(text: str, start: int, lang: str) -> bool:
    """"les forces déployées depuis leur arrivée en 2016", "since their deployment in 2014": a year or a month at
    the end of a phrase a "since" word opens is where a span to publication begins, not an event's date. The words
    in between are common ones (a name after "depuis" says from where: "tirées depuis Gaza en mars")."""
    tail = re.split(r"[,;:.()\[\]«»\"“”]", text[max(0, start - 60):start])[-1].split()[-SINCE_PHRASE_WORDS:]
    for i in range(len(tail) - 1, -1, -1):
        if opens_a_span(tail[i], lang):
            return not any(w[:1].isupper() for w in tail[i + 1:])
    return False


def opens_a_span(words: str, lang: str) -> bool:
    """Whether the expression starts with a word such as "since" / "depuis": it runs on to publication."""
    first = words.split(maxsplit=1)[0].lower() if words.strip() else ""
    return first in {w.lower() for w in lexicon(lang, "dates").get("since_words", [])}


def undated(published: date) -> DateRange:
    """The honest range for a site the text gives no date for: the month up to publication."""
    return DateRange(
        published - timedelta(days=UNDATED_DAYS),
        published,
        TIME_MONTH,
        f"{NO_DATE}: before publication ({published.isoformat()})",
    )


def _precision(kind: str, first: date, last: date) -> int:
    width = (last - first).days
    by_width = TIME_DAY if width == 0 else TIME_WEEK if width <= 7 else TIME_MONTH
    return max(by_width, _FLOOR[kind])


def _resolve(rule: _Rule, words: str, published: date, language: _Language, lang: str) -> tuple[date, date] | None:
    """The first and last day the words can mean, read against the publication date (None: not a date after all)."""
    kind, args = rule.kind, rule.args
    if kind == "explicit":
        day = _explicit_day(words, published, language, lang)
        return (day, day) if day else None
    if kind == "day_pair":  # "les 12 et 13 mars", "between 11 and 14 March 2020"
        month, year = _month_in(words, language), _year_in(words)
        days = [int(n) for n in re.findall(r"\d+", words) if int(n) != year][:2]
        if month is None or len(days) < 2 or not 0 < days[0] < days[1]:
            return None
        try:
            last = date(year, month, days[1]) if year else _day_without_year(month, days[1], published)
        except ValueError:
            return None
        return (date(last.year, month, days[0]), last) if last else None
    if kind == "day_span":  # "le 30 septembre et le 1er octobre", "from Sept. 30 to Oct. 1, 2019"
        return _day_span(words, published, language, lang, args)
    if kind == "weekday":
        days = _weekdays_in(words, language)
        if not days:
            return None
        back = (published.weekday() - days[0]) % 7
        if back == 0 and args.get("strict"):  # "lundi dernier" in a Monday's article is a week ago
            back = 7
        day = published - timedelta(days=back)
        return day, min(day + timedelta(days=int(args.get("spread", 0))), max(day, published))
    if kind == "night":
        days = _weekdays_in(words, language)
        if len(days) < 2:
            return None
        last = published - timedelta(days=(published.weekday() - days[1]) % 7)
        return last - timedelta(days=(days[1] - days[0]) % 7), last
    if kind == "days":
        return published + timedelta(days=int(args["from"])), published + timedelta(days=int(args["to"]))
    if kind == "days_ago":
        n = _number_in(words, language)
        if n is None:
            return None
        day = published - timedelta(days=n)
        return day, day
    if kind == "week":
        return _part_of_week(published, int(args.get("offset", 0)), args.get("days", [0, 6]), language.week_start)
    if kind == "weeks_ago":
        n = _number_in(words, language)
        if n is None:
            return None
        middle = published - timedelta(days=7 * n)
        return middle - timedelta(days=3), min(middle + timedelta(days=3), published)
    if kind == "month":
        return _part_of_month(published, int(args.get("offset", 0)), args.get("days", [1, 31]))
    if kind == "months_ago":
        n = _number_in(words, language)
        if n is None:
            return None
        return _part_of_month(published, -n, [1, 31])
    if kind == "named_month":
        month = _month_in(words, language)
        if month is None:
            return None
        year = _year_in(words)
        if year is None:
            year = published.year if date(published.year, month, 1) <= published + timedelta(FUTURE_SLACK_DAYS) else published.year - 1
        return _cap(_month_days(year, month, args.get("days", [1, 31])), published)
    if kind == "year":
        year = published.year + int(args.get("offset", 0))
        return _cap((date(year, 1, 1), date(year, 12, 31)), published)
    if kind == "named_year":  # "in 2019"; "early 2018" is its first months (`months`: first and last)
        year = _year_in(words)
        if not year:
            return None
        first, last = args.get("months", [1, 12])
        return _cap((date(year, first, 1), _month_days(year, last, [31, 31])[1]), published)
    if kind == "year_pair":  # "De 2003 à 2017"
        years = [int(y) for y in re.findall(rf"(?<!\d){_YEAR}(?!\d)", words)]
        if len(years) < 2 or years[0] >= years[1]:
            return None
        return _cap((date(years[0], 1, 1), date(years[1], 12, 31)), published)
    if kind == "hijri":  # "16 ذو الحجة 1440": a day of the Islamic calendar, give or take HIJRI_SLACK_DAYS
        plain = _plain(words)
        month, year = language.hijri_month.search(plain), re.search(_HIJRI_YEAR, plain)
        days = [int(n) for n in re.findall(r"\d+", plain) if not year or n != year.group(0)]
        if month is None or year is None or not days or not 0 < days[0] <= 30:
            return None
        day = hijri_day(int(year.group(0)), language.hijri_months[" ".join(month.group(0).split())], days[0])
        return day - timedelta(days=HIJRI_SLACK_DAYS), day + timedelta(days=HIJRI_SLACK_DAYS)
    raise ValueError(f"unknown kind of date expression: {kind}")


# The widest span two named days joined by "au" / "to" / a dash may make; further apart they are read alone.
DAY_SPAN_DAYS = 31
# Two days joined by "et" / "and" make one span only when they are one night apart ("le 30 septembre et le 1er
# octobre"): "on 11 March and 14 March 2020" are two attacks, each on its day.
DAY_AND_DAY_DAYS = 1


def _day_span(words: str, published: date, language: _Language, lang: str, args: dict) -> tuple[date, date] | None:
    """Two days, each with its month, joined as one span: the first day to the last. "du 30 septembre au 1er
    octobre" happened over both days, and so did an event told "(le 30 septembre et le 1er octobre)", over the
    night between them, not on the first alone; the year the last day gives (or the one read against publication)
    is the first's too. `args`: the language's `joiners`, and among them the `spans` ("au", "to") that open a
    range; days joined by another ("et") make a span only when consecutive."""
    joiners = "|".join(re.escape(j) for j in args.get("joiners", []))
    for cut in re.finditer(rf"\s+(?:{joiners})\s+|\s*[-–]\s*", words, re.IGNORECASE):
        left, right = words[:cut.start()], words[cut.end():]
        if language.month.search(left) and language.month.search(right):
            break
    else:
        return None
    last = _explicit_day(right, published, language, lang)
    if last is None:
        return None
    first = _explicit_day(left if _year_in(left) else f"{left} {last.year}", published, language, lang)
    if first is not None and first > last and not _year_in(left):  # "du 30 décembre au 2 janvier 2020"
        try:
            first = first.replace(year=first.year - 1)
        except ValueError:
            return None
    joined = cut.group(0).strip().lower()
    widest = DAY_SPAN_DAYS if joined in {"-", "–", *args.get("spans", [])} else DAY_AND_DAY_DAYS
    if first is None or not 0 < (last - first).days <= widest:
        return None
    return first, last


def hijri_day(year: int, month: int, day: int) -> date:
    """The Gregorian day of a day of the tabular Islamic calendar (the arithmetic one: 30-year cycles, months of
    30 and 29 days); 8 Jumada II 1442 is 22 January 2021, the press's "الموافق 21 يناير" a day earlier."""
    julian_day = (11 * year + 3) // 30 + 354 * year + 30 * month - (month - 1) // 2 + day + 1948440 - 385
    return date.fromordinal(julian_day - 1721425)


def _explicit_day(words: str, published: date, language: _Language, lang: str) -> date | None:
    """A named day. dateparser reads the words; the year, when the words have none, is ours to choose."""
    numbers = [int(n) for n in re.findall(r"\d+", words)]
    month = _month_in(words, language)
    year = _year_in(words)
    if month is None:  # all digits: 29/10/2023, 10/29/2023, 2023-10-29
        if len(numbers) != 3:
            return None
        if numbers[0] > 31:
            year, month, day = numbers
        else:
            day, month, year = numbers if language.numeric_order.startswith("D") else (numbers[1], numbers[0], numbers[2])
            if month > 12 >= day:
                day, month = month, day
    else:
        day_numbers = [n for n in numbers if n != year]
        if not day_numbers:  # a day written as a word: "الخامس من أيار" (the fifth of May)
            said = _number_in(words, language)
            if said is None or not 0 < said <= 31:
                return None
            day_numbers = [said]
        day = day_numbers[0]
        parsed = _dateparser_day(words, published, lang, language.numeric_order)
        # dateparser knows more ways of writing a day than our lists; trust it when it read the same day and month.
        if parsed and (parsed.month, parsed.day) == (month, day) and (year is None or parsed.year == year):
            day, month = parsed.day, parsed.month
    if year is None:
        return _day_without_year(month, day, published)
    try:
        return date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _dateparser_day(words: str, published: date, lang: str, order: str) -> date | None:
    settings = {
        "RELATIVE_BASE": datetime(published.year, published.month, published.day),
        "PREFER_DATES_FROM": "past",
        "DATE_ORDER": order,
        "REQUIRE_PARTS": ["day", "month"],
    }
    parsed = dateparser.parse(words, languages=[lang], settings=settings)
    return parsed.date() if parsed else None


def _day_without_year(month: int, day: int, published: date) -> date | None:
    for year in (published.year + 1, published.year, published.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= published + timedelta(days=FUTURE_SLACK_DAYS):
            return candidate
    return None


def _weekdays_in(words: str, language: _Language) -> list[int]:
    return [language.weekdays[m.group(0).lower()] for m in language.weekday.finditer(_plain(words))]


def _month_in(words: str, language: _Language) -> int | None:
    m = language.month.search(_plain(words))
    return language.months[" ".join(m.group(0).lower().rstrip(".").split())] if m else None


def _year_in(words: str) -> int | None:
    m = re.search(rf"(?<!\d){_YEAR}(?!\d)", _plain(words))
    return int(m.group(0)) if m else None


def _number_in(words: str, language: _Language) -> int | None:
    m = language.number.search(_plain(words))
    if not m:
        return None
    token = " ".join(m.group(0).lower().split())
    return int(token) if token.isdigit() else language.numbers.get(token)


def _part_of_week(published: date, offset: int, days: list[int], week_start: int) -> tuple[date, date]:
    first_day = published - timedelta(days=(published.weekday() - week_start) % 7) + timedelta(weeks=offset)
    start, end = first_day + timedelta(days=days[0]), first_day + timedelta(days=days[1])
    if start > published:  # "en fin de semaine" in a Monday's article: the end of the week just gone
        start, end = start - timedelta(weeks=1), end - timedelta(weeks=1)
    return start, min(end, published)


def _part_of_month(published: date, offset: int, days: list[int]) -> tuple[date, date]:
    index = published.year * 12 + published.month - 1 + offset
    year, month = divmod(index, 12)
    start, end = _month_days(year, month + 1, days)
    if start > published:  # "en fin de mois" read on the 5th: the end of the month just gone
        year, month = divmod(index - 1, 12)
        start, end = _month_days(year, month + 1, days)
    return start, min(end, published)


def _month_days(year: int, month: int, days: list[int]) -> tuple[date, date]:
    length = calendar.monthrange(year, month)[1]
    return date(year, month, min(days[0], length)), date(year, month, min(days[1], length))


def _cap(span: tuple[date, date], published: date) -> tuple[date, date]:
    """A range that reaches past publication stops there (the text reports what has happened)."""
    start, end = span
    return (start, min(end, published)) if start <= published else span
