"""What happened, who did it and how much: ACLED's event type, the actors and the counts a sentence gives.

All language knowledge is in `data/lang/<code>/events.yaml` (keyword rules in priority order, actor names and
patterns, count units); number words are shared with the dates, in `dates.yaml`. Nothing here knows a language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from geo.dating import alternation, phrase_regex
from geo.lexicon import lexicon

FALLBACK = ("Strategic developments", "Other")


@dataclass(frozen=True)
class _Rule:
    event_type: str
    sub_event_type: str
    regex: re.Pattern


def _words(pattern: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE)


@cache
def _rules(lang: str) -> tuple[_Rule, ...]:
    rules = []
    for entry in lexicon(lang, "events").get("event_types") or []:
        pattern = "|".join(f"(?:{phrase_regex(p)})" for p in entry["patterns"])
        rules.append(_Rule(entry["event_type"], entry["sub_event_type"], _words(pattern)))
    return tuple(rules)


@cache
def _actor_regexes(lang: str) -> tuple[re.Pattern, ...]:
    actors = lexicon(lang, "events").get("actors") or {}
    regexes = []
    if actors.get("names"):
        regexes.append(_words(alternation(actors["names"])))
    regexes += [_words(phrase_regex(p)) for p in actors.get("patterns") or []]
    return tuple(regexes)


@cache
def _quantity_regex(lang: str) -> re.Pattern | None:
    table = lexicon(lang, "events").get("quantities") or {}
    numbers = {w for w in (lexicon(lang, "dates").get("numbers") or {}) if w.lower() not in set(table.get("articles") or [])}
    number = rf"(?:\d+(?:[.,\s]\d{{3}})*|{alternation(numbers)})" if numbers else r"\d+"
    choices = []
    if table.get("units"):
        units = "|".join(phrase_regex(u) for u in table["units"])
        qualifiers = alternation(table.get("qualifiers") or ["(?!)"])
        # Two words may stand between the number and its unit: "three land-attack cruise missiles".
        choices.append(rf"(?:{qualifiers}\s+)?{number}\s+(?:[^\W\d_][\w-]*\s+){{0,2}}(?:{units})")
    choices += [phrase_regex(v) for v in table.get("vague") or []]
    return _words("|".join(f"(?:{c})" for c in choices)) if choices else None


def classify(sentence: str, lang: str) -> tuple[str, str]:
    """ACLED's (event_type, sub_event_type) for the event a sentence reports.

    The first rule of the lexicon with a word in the sentence decides, so the weapon named ("avec des drones") wins
    over the generic verb ("a bombardé"); a sentence with no such word is a strategic development.
    """
    for rule in _rules(lang):
        if rule.regex.search(sentence):
            return rule.event_type, rule.sub_event_type
    default = lexicon(lang, "events").get("default")
    return tuple(default) if default else FALLBACK


def find_actors(sentence: str, lang: str) -> list[str]:
    """The groups and forces the sentence names, as it names them, in the order they appear (each once)."""
    return _longest_first([m for regex in _actor_regexes(lang) for m in regex.finditer(sentence)], group="actor")


def find_quantities(sentence: str, lang: str) -> list[str]:
    """The counts the sentence gives: "15 missiles", "au moins 12 fois", "à plusieurs reprises", "12 attacks"."""
    regex = _quantity_regex(lang)
    return _longest_first(list(regex.finditer(sentence))) if regex else []


def _longest_first(matches: list[re.Match], group: str = "") -> list[str]:
    """The texts of the matches that no longer match overlaps, in text order, without repeats.

    A match with a `group` of that name gives only that group's words.
    """
    kept: list[re.Match] = []
    for m in sorted(matches, key=lambda m: (m.start() - m.end(), m.start())):
        if not any(m.start() < k.end() and k.start() < m.end() for k in kept):
            kept.append(m)
    out: list[str] = []
    for m in sorted(kept, key=lambda m: m.start()):
        named = m.groupdict().get(group) if group else None
        words = re.sub(r"\s+", " ", named or m.group(0))
        if words.lower() not in (w.lower() for w in out):
            out.append(words)
    return out
