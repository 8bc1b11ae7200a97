"""Cutting a document's text into paragraphs, sentences and words, keeping character offsets."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+")
# A sentence ends at . ! ? … ؟ followed by space and a capital, a quote or a digit, or at a line break; or where a
# slip left out the space ("…U.S. forces.On 3 December…": a lower-case word's stop, then a capitalised word).
# Arabic has no capitals: a full stop or ؟ followed by an Arabic letter or digit ends a sentence too.
_SENT_END = re.compile(r"(?<=[.!?…؟])[\"»”’)]*\s+(?=[\"«“(A-ZÀ-ÝĀ-Ž0-9ʿ‘'\u0621-\u064A\u0660-\u0669])|\n+"
                       r"|(?<=[a-zà-ÿ][a-zà-ÿ][.!?])(?=[A-ZÀ-Ý][a-zà-ÿ])")
_ABBREV = re.compile(r"\b(?:[A-Z]|U\.S|U\.N|St|Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Capt|Maj|Brig|Adm|Rep|Sen|Gov|No|Jan|Feb|"
                     r"Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|janv|févr|avr|juil|sept|oct|nov|déc)\.$")


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int


class Segments:
    """Paragraph and sentence spans of one text, with fast offset → span lookup."""

    def __init__(self, text: str):
        self.text = text
        self.paragraphs = _spans(text, re.compile(r"\n\s*\n|\n(?=\s*\S)"))
        self.blocks = _spans(text, re.compile(r"\n\s*\n"))  # parts between blank lines
        self._block_starts = [s for s, _ in self.blocks]
        self.sentences = sentences(text)
        self._sent_starts = [s for s, _ in self.sentences]
        self._par_starts = [s for s, _ in self.paragraphs]

    def sentence_of(self, offset: int) -> tuple[int, int]:
        i = max(0, bisect_right(self._sent_starts, offset) - 1)
        return self.sentences[i] if self.sentences else (0, len(self.text))

    def previous_sentence(self, offset: int) -> tuple[int, int] | None:
        i = bisect_right(self._sent_starts, offset) - 1
        return self.sentences[i - 1] if i >= 1 else None

    def next_sentence(self, offset: int) -> tuple[int, int] | None:
        i = bisect_right(self._sent_starts, offset)
        return self.sentences[i] if i < len(self.sentences) else None

    def block_of(self, offset: int) -> tuple[int, int]:
        i = max(0, bisect_right(self._block_starts, offset) - 1)
        return self.blocks[i] if self.blocks else (0, len(self.text))

    def paragraph_of(self, offset: int) -> tuple[int, int]:
        i = max(0, bisect_right(self._par_starts, offset) - 1)
        return self.paragraphs[i] if self.paragraphs else (0, len(self.text))


def _spans(text: str, sep: re.Pattern) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in sep.finditer(text):
        _add(out, text, pos, m.start())
        pos = m.end()
    _add(out, text, pos, len(text))
    return out


def _add(out, text, a, b):
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        out.append((a, b))


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans; an abbreviation's full stop ("U.S.", "Oct.", "Gen.") does not end a sentence."""
    out, pos = [], 0
    for m in _SENT_END.finditer(text):
        if m.group().strip() == "" and "\n" not in m.group() and _ABBREV.search(text[max(0, m.start() - 6):m.start()]):
            continue
        _add(out, text, pos, m.start())
        pos = m.end()
    _add(out, text, pos, len(text))
    return out


def words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    end = len(text) if end is None else end
    return [Word(m.group(), m.start(), m.end()) for m in _WORD.finditer(text, start, end)]


# The entity model reads at most this many characters at once. spaCy's memory grows with the length of one Doc
# (a 200 KB article took a process to 1 GB in one call); in pieces of this size an article of any accepted size
# keeps the model's share to a few tens of MB, and its entities are the same away from the cuts.
PIECE_CHARS = 10_000
# Where a piece may end, best first: a blank line, a line break, a sentence's end, a space.
_PIECE_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?…]\s"), re.compile(r"\s"))


def pieces(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """(start, end) spans that cover the text in order, each at most `limit` characters, cut at paragraph
    breaks where possible (else a line, a sentence, a space; a run with none is cut where it must be).

    An entity model given a whole book would hold it all in memory at once, and spaCy refuses texts over a
    million characters (E088); run over pieces, its cost grows with the text, and an article shorter than
    a piece is read exactly as before."""
    out, start = [], 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = 0
        for brk in _PIECE_BREAKS:
            ends = [m.end() for m in brk.finditer(window, limit // 2)]
            if ends:
                cut = ends[-1]
                break
        cut = cut or limit
        out.append((start, start + cut))
        start += cut
    if start < len(text) or not out:
        out.append((start, len(text)))
    return out
