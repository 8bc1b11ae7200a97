"""The span index answers overlap questions as a scan of every span would, and the text's pieces cover it."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from geo.spans import SpanIndex
from geo.text import pieces

spans = st.lists(st.tuples(st.integers(0, 500), st.integers(0, 60)).map(lambda t: (t[0], t[0] + t[1])), max_size=60)


@settings(max_examples=50, deadline=None)
@given(spans, st.integers(0, 600), st.integers(0, 60))
def test_overlaps_and_last_end_agree_with_a_scan(items, start, width):
    end = start + width
    index = SpanIndex(items)
    assert index.overlaps(start, end) == any(start < b and a < end for a, b in items)
    assert index.last_end_at_or_before(start, -1) == max([-1] + [b for a, b in items if b <= start])
    assert sorted(index.around(start, end)) == sorted(x for x in items if x[0] <= end and x[1] >= start)
    assert list(index) == items and len(index) == len(items)


def test_pieces_cover_the_text_in_order_and_cut_at_paragraphs():
    rng = random.Random(4)
    paragraphs = [" ".join("mot" * rng.randint(1, 3) for _ in range(rng.randint(5, 150))) for _ in range(600)]
    text = "\n\n".join(paragraphs) + " " + "x" * 3000  # a last run with no break at all
    cut = pieces(text, 5000)
    assert cut[0][0] == 0 and cut[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(cut, cut[1:], strict=False))
    assert all(0 < b - a <= 5000 for a, b in cut)
    assert sum(text[b - 2:b] == "\n\n" for _, b in cut[:-1]) >= len(cut) - 3  # paragraph breaks where they can
    assert pieces("court", 5000) == [(0, 5)] and pieces("", 10) == [(0, 0)]
