"""How a place name is reduced to a key, so that the spellings of one name meet.

Transliterations of Arabic names vary in ways that carry no meaning for a reader: the article (al-, el-,
ash-, ad-), doubled letters (Assad/Asad), French or English vowels (Abou/Abu, Deir/Dayr, Zawr/Zor),
c/k/q (Conoco/Koniko), ch/sh (Chaddadi/Shaddadi). A key folds all of these away; what it cannot fold,
fuzzy matching (rapidfuzz) on keys picks up. The key is built token by token so a text can be scanned
by joining the keys of its words, without re-normalising every window.

Arabic script folds the same way: the short vowels (harakat) and the tatweel that stretches a word are
dropped, and the spellings of one letter that writers and keyboards mix are unified (أ إ آ ٱ → ا, ى → ي,
ة → ه, ؤ → و, ئ → ي, and the Persian keyboard's ی ک → ي ك). Arabic-Indic and Persian digits read as 0–9.
Folding is for matching only: what is shown is always the text as written.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Arabic articles and their assimilated forms, as they appear transliterated; "d"/"l" are French elisions.
ARTICLES = frozenset({"al", "el", "ul", "ash", "ech", "as", "ad", "adh", "an", "ar", "at", "ath", "az", "ez",
                      "es", "ed", "er", "d", "l"})
_TOKEN = re.compile(r"[^\W_]+")
_SPECIAL = str.maketrans({"ı": "i", "ə": "e", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ð": "d", "þ": "th",
                          "ʿ": "", "ʾ": "", "ʼ": "", "‘": "'", "’": "'", "`": "'", "´": "'",
                          # Arabic letters' variant spellings (hamza seats are combining marks, dropped below).
                          "ٱ": "ا", "ى": "ي", "ة": "ه", "ی": "ي", "ک": "ك", "ـ": "",
                          **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
                          **{chr(0x06F0 + d): str(d) for d in range(10)}})  # Persian (Eastern Arabic) digits
# Vowel and consonant spellings that carry no meaning between transliterations (applied in order).
_HARMONY = (("dh", "d"), ("th", "t"), ("gh", "g"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("ay", "ai"), ("ey", "ai"), ("ei", "ai"), ("aw", "o"),
            ("au", "o"), ("ph", "f"), ("ch", "sh"), ("dj", "j"), ("ck", "k"), ("q", "k"), ("c", "k"),
            ("ie", "i"), ("y", "i"), ("w", "u"))


def fold(text: str) -> str:
    """Lower case without accents; apostrophes unified."""
    if text.isascii():
        return text.lower().replace("`", "'")
    text = text.translate(_SPECIAL)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.lower()


def fold_aligned(text: str) -> str:
    """`fold` of a whole text, of the same length, so that offsets in it are offsets in the text: a
    character that folding drops (a haraka, a tatweel, a decomposed accent) is kept as a tatweel, which
    `tokens` and `fold` drop in turn."""
    folded = fold(text)
    if len(folded) == len(text):
        return folded
    return "".join(_fold_char(c) for c in text)


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    f = fold(c)
    return f[:1] if f else "ـ"


_ARABIC_LETTER = re.compile(r"[\u0620-\u064A\u0671-\u06D3\u06FA-\u06FF]")


def is_arabic(text: str) -> bool:
    """Whether a word is written in Arabic script (which has no capital letters to say it is a name)."""
    return bool(_ARABIC_LETTER.match(text))


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


@lru_cache(maxsize=200_000)
def token_key(token: str) -> str:
    """One folded word's key ("" for an article)."""
    if token in ARTICLES:
        return ""
    for a, b in _HARMONY:
        token = token.replace(a, b)
    if len(token) > 3 and token.endswith("h") and token[-2] in "aeiou":
        token = token[:-1]  # the final tāʾ marbūṭa: Kiswah/Kiswa, Hasakah/Hasaka, Shaddadeh/Shaddade
    return token


_DOUBLE = re.compile(r"(.)\1+")


def join_keys(keys) -> str:
    return _DOUBLE.sub(r"\1", "".join(keys))


def key(name: str) -> str:
    """The spelling-independent key of a name: 'Aïn al-Assad' and 'Ayn al Asad' both give 'ainasad'."""
    toks = tokens(name)
    keys = [token_key(t) for t in toks]
    if not any(keys):  # a name that is only an article-like word keeps it
        keys = toks
    return join_keys(keys)
