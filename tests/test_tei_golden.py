"""Golden TEI of small synthetic sources, one per converter profile (pytest-regressions).

The golden files are reviewed by eye; regenerate them only on purpose (`--force-regen`, then read
the diff). The tool version is blanked so a release does not touch them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from synth_thesis import Variant, make_document, typeset
from tei_edition.build.pipeline import convert_text

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _canonical(data: bytes) -> str:
    """C14N 2.0 (attributes sorted, namespaces normalised) with the tool version blanked."""
    root = etree.fromstring(data)
    text = etree.tostring(root, method="c14n2").decode("utf-8")
    return re.sub(r"tei-edition \d+(\.\d+)+|version=\"\d+(\.\d+)+\"", "VERSION", text) + "\n"


SOURCES = {
    "thesis-synthetic": (lambda: typeset(make_document(3, paragraphs=8), Variant(width=60, page_lines=18, seed=3)),
                         "thesis-text", {"id": "synth", "meta": {"title": "Синтетическая диссертация"}}),
    "book-mini": (lambda: (FIXTURES / "book" / "mini.md").read_text(encoding="utf-8"), "book-markdown", {"id": "mini"}),
}


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_tei_golden_conversion(name, file_regression):
    make, profile, options = SOURCES[name]
    _, data, _ = convert_text(make(), profile, f"{name}.txt", options)
    file_regression.check(_canonical(data), basename=name, extension=".xml")
