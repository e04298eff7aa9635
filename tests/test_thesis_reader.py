"""The thesis reader on synthetic re-typeset variants (known answers) and on small cases."""

from __future__ import annotations

import re

import pytest

from synth_thesis import Variant, make_document, note_numbers, typeset
from tei_edition.diagnostics import EditionError
from tei_edition.model import Block, Division
from tei_edition.readers.thesis import find_repeat, read_thesis

VARIANTS = {
    "default": Variant(),
    "narrow-single-detached": Variant(width=52, page_lines=34, glued=False, double=False, printed=(1, 4), seed=2),
    "wide-short-pages": Variant(width=90, page_lines=16, first_page=7, printed=(3,), seed=3),
    "twice": Variant(width=60, page_lines=24, twice=True, printed=(0, 5), seed=4),
    "no-hyphenation-glued-single": Variant(width=75, page_lines=40, double=False, hyphenate=False, printed=(1,), seed=5),
}


def _blocks(nodes):
    for node in nodes:
        if isinstance(node, Division):
            if node.head:
                yield node.head
            yield from _blocks(node.children)
        elif node.kind == "list":
            yield from node.children
        else:
            yield node


def _convert(doc_paras, variant):
    text = typeset(doc_paras, variant)
    doc, report = read_thesis(text, "synthetic.txt", {"id": "t"})
    return text, doc, report


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_thesis_reader_recovers_paragraphs(name):
    v = VARIANTS[name]
    paras = make_document(v.seed)
    _, doc, _ = _convert(paras, v)
    got = [b.text for b in _blocks(doc.body)]
    want = [p.text for p in paras]
    assert got == want


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_thesis_reader_anchors_every_note_after_its_word(name):
    v = VARIANTS[name]
    paras = make_document(v.seed)
    _, doc, report = _convert(paras, v)
    blocks = list(_blocks(doc.body))
    expected = note_numbers(paras)
    found = [(bi, m) for bi, b in enumerate(blocks) for m in b.marks if m.kind == "note"]
    assert [m.n for _, m in found] == [str(k) for k in range(1, len(expected) + 1)]
    for (pi, wi, body), (bi, mark) in zip(expected, found):
        assert bi == pi
        before = " ".join(paras[pi].words[: wi + 1]).rstrip(".,;:")
        assert blocks[bi].text[: mark.offset] == before
        assert mark.text == body
    assert not [d for d in report if d.code in ("note-unmatched", "mark-unmatched")]


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_thesis_reader_numbers_pages_from_printed_numbers(name):
    v = VARIANTS[name]
    paras = make_document(v.seed)
    text, doc, report = _convert(paras, v)
    pbs = [m for b in _blocks(doc.body) for m in b.marks if m.kind == "pb"]
    numbers = [int(m.n) for m in pbs]
    assert numbers == list(range(v.first_page, v.first_page + len(numbers)))
    assert doc.extent["pages"] == len(numbers)
    # printed numbers are certain, the others inferred
    printed = {v.first_page + i for i in v.printed}
    assert all((m.cert is None) == (int(m.n) in printed) for m in pbs)
    assert not [d for d in report if d.code == "page-count"]


def test_thesis_reader_drops_second_copy_and_says_so():
    v = VARIANTS["twice"]
    _, doc, report = _convert(make_document(v.seed), v)
    assert [d.code for d in report].count("duplicate-copy") == 1
    assert any("twice" in s for s in doc.decisions)


@pytest.mark.parametrize(
    "lines, expected",
    [
        (["Один два.", "Три.", "Один два.", "Три."], 2),
        (["Один два.", "Три.", "", "13", "Один два.", "Три."], 4),
        (["Один два.", "Три."], None),
        (["Один два.", "Три.", "Один два."], None),
    ],
)
def test_find_repeat(lines, expected):
    assert find_repeat(lines) == expected


def test_thesis_reader_builds_div_hierarchy():
    v = Variant()
    _, doc, _ = _convert(make_document(1), v)
    types = [(d.type, d.n) for d in doc.body]
    assert types == [("introduction", None), ("chapter", "1"), ("conclusion", None)]
    chapter = doc.body[1]
    sections = [(d.type, d.n) for d in chapter.children if isinstance(d, Division)]
    assert sections == [("section", "1.1"), ("section", "1.2")]
    lists = [b for b in chapter.children[0].children if isinstance(b, Block) and b.kind == "list"]
    assert len(lists) == 1 and [i.attrs["n"] for i in lists[0].children] == ["1", "2", "3"]


@pytest.mark.parametrize(
    "source, word",
    [
        ("Это было в 1925 г.1 Далее.", "г."),  # glued after an abbreviation
        ('Книга "История Японии" 1, вышедшая в 1939 г.', '"История Японии"'),  # detached before a comma
        ("В документе 1  и тот факт.", "документе"),  # detached between words
    ],
)
def test_thesis_reader_tells_marks_from_numbers(source, word):
    text = f" ВВЕДЕНИЕ \n\n{source}\n\n1 Источник. – М., 1960. – С. 5.\n"
    doc, report = read_thesis(text, "x.txt", {})
    block = doc.body[0].children[0]
    note = next(m for m in block.marks if m.kind == "note")
    assert block.text[: note.offset].endswith(word)
    assert note.text == "Источник. – М., 1960. – С. 5."
    assert not re.search(r"\d{4}\s*г\.1", block.text)


def test_thesis_reader_keeps_years_and_counts_that_equal_the_next_note_number():
    text = " ВВЕДЕНИЕ \n\nВ 1925 г. было 2 судна, а через 2 года документ1 подписан.\n\n1 Источник.\n"
    doc, _ = read_thesis(text, "x.txt", {})
    block = doc.body[0].children[0]
    assert block.text == "В 1925 г. было 2 судна, а через 2 года документ подписан."


def test_thesis_reader_rejects_empty_text():
    with pytest.raises(EditionError, match="no text"):
        read_thesis("\n  \n", "empty.txt", {})


def test_thesis_reader_without_printed_numbers_counts_from_first_page_option():
    v = Variant(printed=(), seed=6)
    text = typeset(make_document(v.seed), v)
    doc, _ = read_thesis(text, "x.txt", {"first_page": 5})
    pbs = [m for b in _blocks(doc.body) for m in b.marks if m.kind == "pb"]
    assert [m.n for m in pbs] == [str(5 + k) for k in range(len(pbs))]
    assert len(pbs) > 2 and all(m.cert == "medium" for m in pbs)


GRID = [
    Variant(width=w, page_lines=pl, glued=g, double=d, hyphenate=h, seed=s, printed=(1,), first_page=fp)
    for s, fp in ((1, 3), (2, 11))
    for w in (45, 62, 95)
    for pl in (14, 25)
    for g in (True, False)
    for d, h in ((True, True), (False, False))
]


@pytest.mark.parametrize("v", GRID, ids=lambda v: f"w{v.width}-l{v.page_lines}-{'glued' if v.glued else 'det'}-"
                         f"{'double' if v.double else 'single'}-{'hyph' if v.hyphenate else 'nohyph'}-s{v.seed}")
def test_thesis_reader_survives_retypesetting(v):
    paras = make_document(v.seed, paragraphs=16)
    _, doc, report = _convert(paras, v)
    blocks = list(_blocks(doc.body))
    assert [b.text for b in blocks] == [p.text for p in paras]
    notes = [m.n for b in blocks for m in b.marks if m.kind == "note"]
    assert notes == [str(k) for k in range(1, len(note_numbers(paras)) + 1)]
    pbs = [int(m.n) for b in blocks for m in b.marks if m.kind == "pb"]
    assert pbs == list(range(v.first_page, v.first_page + len(pbs))) and len(pbs) >= 3


def test_thesis_reader_takes_page_numbers_printed_only_in_the_second_copy():
    v = Variant(twice=True, printed=(), printed_second=(2,), first_page=9, seed=7)
    text = typeset(make_document(v.seed), v)
    doc, report = read_thesis(text, "x.txt", {})
    pbs = [m for b in _blocks(doc.body) for m in b.marks if m.kind == "pb"]
    assert [int(m.n) for m in pbs] == list(range(9, 9 + len(pbs)))
    assert [m.n for m in pbs if m.cert is None] == ["11"]


@pytest.mark.parametrize("double", [True, False])
def test_thesis_reader_joins_a_note_continued_on_the_next_page(double):
    v = Variant(width=44, page_lines=20, split_notes=True, double=double, printed=(1,), seed=8)
    paras = make_document(v.seed, paragraphs=16)
    text = typeset(paras, v)
    doc, report = read_thesis(text, "x.txt", {})
    blocks = list(_blocks(doc.body))
    assert [b.text for b in blocks] == [p.text for p in paras]
    got = [m.text for b in blocks for m in b.marks if m.kind == "note"]
    assert got == [body for _, _, body in note_numbers(paras)]
    assert any(d.code == "note-continued" for d in report)
