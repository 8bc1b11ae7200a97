"""Language knowledge read from `data/lang/<code>/`: adding a language is adding a folder of files.

Word lists (`*.txt`) hold one entry a line; tables hold tab-separated columns; richer lexicons are YAML.
Lines starting with `#` are comments. Everything is read once per process.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from geo.names import fold, tokens

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LANG_DIR = DATA_DIR / "lang"


@cache
def languages() -> tuple[str, ...]:
    """The language codes we have data for (a folder with a stop-word list; `common/` is for all)."""
    return tuple(sorted(p.name for p in LANG_DIR.iterdir() if (p / "stopwords.txt").exists()))


def _lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


@cache
def words(lang: str, name: str) -> frozenset[str]:
    """A word list, lower-cased: `data/lang/<lang>/<name>.txt`. Stop-words add spaCy's list for the language
    (it ships with spaCy, no model needed): "Any", "More" opening a sentence are no Chinese towns."""
    found = frozenset(line.lower() for line in _lines(LANG_DIR / lang / f"{name}.txt"))
    if name == "stopwords":
        found |= spacy_stop_words(lang)
    return found


def spacy_stop_words(lang: str) -> frozenset[str]:
    import importlib

    try:
        return frozenset(importlib.import_module(f"spacy.lang.{lang}.stop_words").STOP_WORDS)
    except (ImportError, AttributeError):
        return frozenset()


@cache
def table(lang: str, name: str) -> tuple[tuple[str, ...], ...]:
    """A tab-separated table: `data/lang/<lang>/<name>.txt`."""
    return tuple(tuple(c.strip() for c in line.split("\t")) for line in _lines(LANG_DIR / lang / f"{name}.txt"))


@cache
def lexicon(lang: str, name: str) -> dict:
    """A YAML lexicon: `data/lang/<lang>/<name>.yaml` (empty when the language has none)."""
    path = LANG_DIR / lang / f"{name}.yaml"
    if not path.exists():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


@cache
def months(lang: str) -> dict[str, int]:
    """Month names and abbreviations → month number."""
    return {row[0].lower(): int(row[1]) for row in table(lang, "months")}


@cache
def phrases(lang: str, section: str, name: str) -> tuple[tuple[str, ...], ...]:
    """A YAML list of phrases as folded word tuples, longest first (to match against a text's words)."""
    items = lexicon(lang, section).get(name, [])
    return tuple(sorted({tuple(tokens(p)) for p in items if tokens(p)}, key=len, reverse=True))


@cache
def folded_words(lang: str, section: str, name: str) -> frozenset[str]:
    """A YAML list of single words, folded (lower case, no accents)."""
    return frozenset(fold(w) for w in lexicon(lang, section).get(name, []))


@cache
def trigger_words(lang: str, kinds: frozenset[str] | None = None) -> frozenset[str]:
    """The language's one-word trigger phrases, folded ("base", "etat", "province"): alone, a kind, not a name.
    With `kinds`, only the triggers that ask for one of those kinds ("province" for a governorate)."""
    return frozenset(fold(p) for entry in lexicon(lang, "triggers").get("triggers", [])
                     if kinds is None or kinds & set(entry.get("kinds", []))
                     for p in entry.get("phrases", []) if len(tokens(p)) == 1)


@cache
def sentence_openers(lang: str) -> frozenset[str]:
    """Words written with a capital only because they open a sentence ("La", "Au", "The"): never part of a name."""
    return words(lang, "stopwords") | words(lang, "capitalised_common")
