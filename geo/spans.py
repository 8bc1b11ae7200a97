"""Overlap questions about many character spans, answered without scanning them all.

Finding a text's place names asks, for each name, whether it overlaps a span already taken, blocked or
reported, and which entity surrounds it. Asked of a plain list, that is a scan per name, and a text
ten times longer took a hundred times as long. A `SpanIndex` keeps its spans sorted by start and
knows the longest one, so only the spans that can reach a position are looked at; the answers are
the same as a scan's.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterable, Iterator
from typing import Any


def _tuple_bounds(item) -> tuple[int, int]:
    return item[0], item[1]


class SpanIndex:
    """Items with a (start, end) — tuples (start, end, …) by default — sorted by start, for overlap queries.

    Iterating yields the items in the order they were added (as the list it replaces did)."""

    def __init__(self, items: Iterable[Any] = (), bounds: Callable[[Any], tuple[int, int]] = _tuple_bounds):
        self._bounds = bounds
        self._items: list[Any] = []        # in the order added
        self._starts: list[int] = []       # sorted
        self._by_start: list[Any] = []     # items, in the order of _starts
        self._ends: list[int] = []         # sorted
        self._longest = 0
        for item in items:
            self.append(item)

    def append(self, item) -> None:
        a, b = self._bounds(item)
        i = bisect_right(self._starts, a)
        self._starts.insert(i, a)
        self._by_start.insert(i, item)
        insort(self._ends, b)
        self._longest = max(self._longest, b - a)
        self._items.append(item)

    def around(self, start: int, end: int) -> Iterator[Any]:
        """The items that overlap or touch [start, end] (a ≤ end and b ≥ start); callers test exactly."""
        lo = bisect_left(self._starts, start - self._longest)
        hi = bisect_right(self._starts, end)
        for item in self._by_start[lo:hi]:
            a, b = self._bounds(item)
            if a <= end and b >= start:
                yield item

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any item overlaps [start, end) (a < end and start < b), as a scan of them all would say."""
        return any(a < end and start < b for a, b in map(self._bounds, self.around(start, end)))

    def last_end_at_or_before(self, position: int, default: int) -> int:
        """The largest end ≤ position, or `default` when no item ends there (the max of a filtered scan)."""
        i = bisect_right(self._ends, position)
        return max(default, self._ends[i - 1]) if i else default

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)
