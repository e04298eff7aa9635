"""Which reader fits a text: Markdown or plain text (``auto`` profile).

Markdown is recognised by its own syntax only (ATX headings, pandoc note labels, emphasis,
HTML superscripts, link syntax), counted per line so a stray ``#`` or ``*`` in plain text does
not tip the balance.
"""

from __future__ import annotations

import re
from typing import Any

from ..diagnostics import Report
from ..model import Document

__all__ = ["detect_format", "read_auto"]

_SIGNALS = (
    re.compile(r"(?m)^#{1,6}\s+\S"),           # ATX heading
    re.compile(r"\[\^[^\]\s]+\]"),              # pandoc note mark or label
    re.compile(r"\*\*[^*\n]+\*\*"),             # strong emphasis
    re.compile(r"<sup>[^<\n]{1,8}</sup>"),      # HTML superscript note marks
    re.compile(r"\]\([^)\s]+\)"),               # link or image syntax
    re.compile(r"(?m)^\s*>\s+\S"),              # block quote
)


def detect_format(text: str, sample: int = 400_000) -> str:
    """``"markdown"`` or ``"plain"`` for ``text`` (only the first ``sample`` characters are read)."""
    head = text[:sample]
    lines = max(1, head.count("\n"))
    counts = [len(p.findall(head)) for p in _SIGNALS]  # one scan per signal
    hits = sum(counts)
    kinds = sum(1 for c in counts if c)
    if kinds >= 2 and hits >= 3 or hits >= max(5, lines // 200):
        return "markdown"
    return "plain"


def read_auto(text: str, source: str, options: Any) -> tuple[Document, Report]:
    """Markdown or plain text, decided from the text itself (profile ``auto``)."""
    from . import READERS

    return READERS[detect_format(text)](text, source, options)
