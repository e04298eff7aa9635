"""What a renderer hands back: its files and its diagnostics, never written by the renderer.

Renderers read their inputs (TEI, registers, resources, the PDFs a site links) and return
:class:`Rendered`; :mod:`tei_edition.build` writes the files (atomically, an unchanged file not
rewritten), so one place decides where outputs go and how.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostics import Diagnostic

__all__ = ["Rendered"]


@dataclass
class Rendered:
    """``files``: path relative to the output folder (``/``-separated) -> bytes, in the order
    they should be written (a page after the files it links); ``diagnostics``: warnings."""

    files: dict[str, bytes] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
