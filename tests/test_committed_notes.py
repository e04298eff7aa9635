"""Every footnote of the sources is in the committed TEI, once, in order, where its call stood.

Fast (no build): the committed ``tei/thesis.xml`` and ``tei/book.xml`` are read back and checked
against what is counted here directly in the source text, without the readers: the note bodies
(the thesis: a line opening with the next note number; the book: a line opening with
``<sup>N</sup>``) and the call that precedes each note (the last word before it, followed by
its number in the source). A conversion that drops, merges, duplicates or misplaces a note fails
here; ``test_sources`` checks that the committed TEI is what a fresh build writes.
"""

from __future__ import annotations

import re

import pytest
from lxml import etree

from conftest import ROOT, TEI, text_before
from tei_edition.build.pipeline import read_source
from tei_edition.config import load_config

def _thesis_bodies(text: str) -> list[str]:
    """Note bodies of a thesis text: numbered 1, 2, 3... from the start of a line; a number
    followed by a digit or a dash ('20-х годов') is running text. Only the first copy counts
    (a second copy of the thesis restarts at 1)."""
    bodies: list[str] = []
    for line in text.split("\n"):
        m = re.match(r"\s*%d(?![\d\-–])\s*[.,]?\s*(\S.*)" % (len(bodies) + 1), line)
        if m:
            bodies.append(m.group(1))
    return bodies


def _book_bodies(text: str) -> list[str]:
    return [m.group(1) for m in re.finditer(r"^<sup>\d+</sup>\s*(.+)$", text, re.M)]


SOURCES = {"thesis": (_thesis_bodies, "{n}"), "book": (_book_bodies, "<sup>{n}</sup>")}


def letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalpha())


@pytest.fixture(scope="module", params=sorted(SOURCES))
def text(request):
    """(source text, the committed TEI's notes in the running text, scanner, call pattern)."""
    cfg = load_config(ROOT / "edition.toml")
    src = next(s for s in cfg.sources if s.id == request.param)
    root = etree.parse(str(ROOT / "tei" / f"{src.id}.xml")).getroot()
    notes = [n for n in root.find(f"{TEI}text").iter(f"{TEI}note")
             if not any(a.tag == f"{TEI}note" for a in n.iterancestors())]
    scan, call = SOURCES[request.param]
    return read_source(src.file), notes, scan, call


def test_committed_notes_one_per_source_note_body_in_order(text):
    source, notes, scan, _ = text
    bodies = scan(source)
    assert len(bodies) >= 4
    assert len(notes) == len(bodies)
    for k, (note, body) in enumerate(zip(notes, bodies), start=1):
        assert letters("".join(note.itertext()))[:15] == letters(body)[:15], f"note {k}"
        assert "".join(note.itertext()).strip()


def test_committed_notes_stand_where_their_calls_stood(text):
    source, notes, _, call = text
    misplaced = []
    for note in notes:
        words = re.findall(r"\w+", text_before(note)) or [""]
        pattern = re.escape(words[-1]) + r"\W{0,8}?" + re.escape(call.format(n=note.get("n"))) + r"(?!\d)"
        if not words[-1] or not re.search(pattern, source):
            misplaced.append(f"note {note.get('n')} after {text_before(note)[-30:]!r}")
    assert not misplaced, misplaced[:10]


def test_committed_thesis_notes_numbered_one_to_n():
    root = etree.parse(str(ROOT / "tei" / "thesis.xml")).getroot()
    numbers = [n.get("n") for n in root.find(f"{TEI}text").iter(f"{TEI}note")]
    assert numbers == [str(k) for k in range(1, len(numbers) + 1)]
