"""The division tree a reader builds while it reads: open divisions by level, innermost last.

One home for the heading logic the readers share: a heading of level ``n`` closes every open
division of level ``n`` or deeper, then opens its own inside what is left.
"""

from __future__ import annotations

from ..model import Division, Node

__all__ = ["Outline"]


class Outline:
    """The body being built: its top-level nodes and the stack of open divisions."""

    def __init__(self) -> None:
        self.body: list[Node] = []
        self.stack: list[tuple[int, Division]] = []

    def container(self) -> list[Node]:
        """Where the next block goes: the innermost open division, or the body."""
        return self.stack[-1][1].children if self.stack else self.body

    def open(self, level: int, div: Division) -> None:
        """Close the divisions at ``level`` or deeper, then open ``div`` inside what is left."""
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        self.container().append(div)
        self.stack.append((level, div))
