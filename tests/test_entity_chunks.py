"""The entity model reads an article in bounded pieces whose offsets point back into the whole text."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from geo.pipeline import entities
from geo.reader import read_file
from geo.text import CHUNK_CHARS, text_chunks

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "samples" / "perspectives-med-2023-11-01.txt"


def test_pieces_cover_the_text_in_order_and_stay_within_the_limit():
    text = SAMPLE.read_text(encoding="utf-8") * 40  # ~80,000 characters of real French news text
    pieces = text_chunks(text)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= CHUNK_CHARS for _, piece in pieces)
    assert [offset for offset, _ in pieces] == [sum(len(p) for _, p in pieces[:i]) for i in range(len(pieces))]
    assert all(piece.endswith(("\n", " ")) for _, piece in pieces[:-1])  # never inside a word
    assert text_chunks("x" * 25, limit=10) == [(0, "x" * 10), (10, "x" * 10), (20, "x" * 5)]


def test_a_long_article_has_the_entities_of_its_parts_at_their_own_offsets():
    doc = read_file(SAMPLE, published="2023-11-01")
    alone = entities(doc)
    if alone is None:
        return  # a language without a model: nothing to cut
    long = replace(doc, text=doc.text + "\n\n" + doc.text * 12)
    found = entities(long)
    assert len(long.text) > CHUNK_CHARS
    for start, end, _ in found:
        assert long.text[start:end].strip() == long.text[start:end] and long.text[start:end]
    # the first copy's entities are those of the article read alone, at the same offsets
    assert [e for e in found if e[1] <= len(doc.text)] == alone
    assert len(found) >= 12 * len(alone)
