"""A second copy of the whole text in one source file (PDF extractors that emit a layer twice,
an editor who pasted the text again).

The copies may differ in page-layout lines (page numbers), so they are compared on
whitespace-free content with numbers-only lines dropped. A copy is dropped only when it has no
word the first copy lacks; when the copies differ, where they first differ is reported either way.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

__all__ = ["Copy", "find_copy"]

_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Copy:
    """A second copy starting at line index ``start`` (0-based)."""

    start: int
    own_words: int  # words of the second copy that the first lacks (0: safe to drop)
    differs_at: tuple[int, int] | None  # 0-based line indices where the copies first differ

    @property
    def droppable(self) -> bool:
        """The second copy has no word the first lacks: dropping it loses nothing."""
        return not self.own_words


def _similar(a: str, b: str) -> bool:
    """Cheap near-identity test: most fixed-size chunks of ``a`` occur in ``b`` in order."""
    if a == b:
        return True
    size = 60
    chunks = [a[k: k + size] for k in range(0, max(1, len(a) - size), max(size, len(a) // 200))]
    found = 0
    pos = 0
    for c in chunks:
        k = b.find(c, pos)
        if k != -1:
            found += 1
            pos = k
    return found >= 0.9 * len(chunks)


def _words(lines: list[str]) -> Counter:
    return Counter(w.lower().replace("ё", "е") for s in lines for w in _WORD.findall(s))


def find_copy(lines: list[str]) -> Copy | None:
    """The second copy of the whole text in ``lines``, or None.

    >>> find_copy(["Один два.", "Три.", "Один два.", "Три."])
    Copy(start=2, own_words=0, differs_at=None)
    >>> find_copy(["Один два.", "Три."]) is None
    True
    """
    keyed = [(i, re.sub(r"\s+", "", s)) for i, s in enumerate(lines)]
    keyed = [(i, k) for i, k in keyed if k and not k.isdigit()]
    if len(keyed) < 2:
        return None
    content = "".join(k for _, k in keyed)
    starts: list[tuple[int, int]] = []
    pos = 0
    for i, k in keyed:
        starts.append((pos, i))
        pos += len(k)
    probe = content[: min(400, max(1, len(content) // 4))]
    j = content.find(probe, 1)
    while j != -1:
        first, second = content[:j], content[j:]
        if abs(len(first) - len(second)) <= max(20, 0.02 * len(first)) and _similar(first, second):
            line_at = dict(starts)
            if j not in line_at:
                return None  # the repeat starts mid-line: not a clean second copy
            start = line_at[j]
            own = sum((_words(lines[start:]) - _words(lines[:start])).values())
            return Copy(start, own, _first_difference(first, second, starts, j))
        j = content.find(probe, j + 1)
    return None


def _first_difference(first: str, second: str, starts: list[tuple[int, int]], j: int) -> tuple[int, int] | None:
    """Line indices (first copy, second copy) of the first character where the copies differ."""
    n = min(len(first), len(second))
    k = next((x for x in range(n) if first[x] != second[x]), None)
    if k is None:
        if len(first) == len(second):
            return None
        k = n

    def line_of(offset: int) -> int:
        lo, hi = 0, len(starts) - 1
        while lo < hi:  # last start <= offset
            mid = (lo + hi + 1) // 2
            if starts[mid][0] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return starts[lo][1]

    return line_of(k), line_of(j + k)
