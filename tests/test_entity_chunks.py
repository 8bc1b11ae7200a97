"""The entity model reads an article in bounded pieces whose offsets point back into the whole text."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from geo.pipeline import entities
from geo.reader import read_file
from geo.text import PIECE_CHARS, pieces

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "samples" / "perspectives-med-2023-11-01.txt"


def test_pieces_cover_the_text_in_order_and_stay_within_the_limit():
    text = SAMPLE.read_text(encoding="utf-8") * 40  # ~80,000 characters of real French news text
    spans = pieces(text)
    assert "".join(text[a:b] for a, b in spans) == text
    assert all(b - a <= PIECE_CHARS for a, b in spans)
    assert all(spans[i][1] == spans[i + 1][0] for i in range(len(spans) - 1))
    assert all(text[b - 1] in "\n " for _, b in spans[:-1])  # never inside a word
    assert pieces("x" * 25, limit=10) == [(0, 10), (10, 20), (20, 25)]


def test_a_long_article_has_the_entities_of_its_parts_at_their_own_offsets():
    doc = read_file(SAMPLE, published="2023-11-01")
    alone = entities(doc)
    if alone is None:
        return  # a language without a model: nothing to cut
    long = replace(doc, text=doc.text + "\n\n" + doc.text * 12)
    found = entities(long)
    assert len(long.text) > PIECE_CHARS
    for start, end, _ in found:
        assert long.text[start:end].strip() == long.text[start:end] and long.text[start:end]
    # the first copy's entities are those of the article read alone, at the same offsets
    assert [e for e in found if e[1] <= len(doc.text)] == alone
    assert len(found) >= 12 * len(alone)
