"""Property tests of :func:`tei_edition.tei.writer.inline`, the one function that turns standoff
spans and marks into mixed content.

Random text (Cyrillic and Latin letters, spaces, punctuation and the XML specials ``& < > "``)
with random spans that nest or are disjoint (``inline`` requires that spans do not cross; it does
not check it) and random marks (page, column and line breaks, footnotes whose bodies carry spans
of their own). Each span carries a register key (its element's ``@ref``) and each mark an
identifier (``xml:id`` or ``n``) so that its element can be found in the output. Runs are
derandomized so CI sees the same examples every time.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import TEI
from tei_edition.model import Mark, Span
from tei_edition.tei.ns import TEI_NS, XML_ID
from tei_edition.tei.writer import ELEMENT_OF_KIND, REGISTER_FILE, inline

SETTINGS = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

ALPHABET = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЖЯabcxyzXY  ..,;–-«»()&<>\"'0123"
SPAN_KINDS = ("person", "place", "org")  # the kinds that carry a key, so each element can be found
MARK_TAGS = {f"{TEI}{k}" for k in ("pb", "cb", "lb", "note")}


@st.composite
def nested_spans(draw, length: int, prefix: str) -> list[Span]:
    """Spans over ``text[0:length]`` that pairwise nest or are disjoint, with distinct ranges."""
    kept: list[tuple[int, int]] = []
    for a, b in draw(st.lists(st.tuples(st.integers(0, length), st.integers(0, length)), max_size=10)):
        s, e = min(a, b), max(a, b)
        if s == e or (s, e) in kept:
            continue
        if all(e <= s2 or e2 <= s or (s2 <= s and e <= e2) or (s <= s2 and e2 <= e) for s2, e2 in kept):
            kept.append((s, e))
    return [Span(s, e, draw(st.sampled_from(SPAN_KINDS)), key=f"{prefix}{i}")
            for i, (s, e) in enumerate(kept)]


def _ref(span: Span) -> str:
    return f"{REGISTER_FILE}#{span.key}"


@st.composite
def marks(draw, length: int) -> list[Mark]:
    out = []
    for j in range(draw(st.integers(0, 6))):
        offset = draw(st.integers(0, length))
        kind = draw(st.sampled_from(("pb", "cb", "lb", "note")))
        if kind == "note":
            body = draw(st.text(alphabet=ALPHABET, max_size=15))
            spans = draw(nested_spans(len(body), f"m{j}s"))
            out.append(Mark(offset, "note", n=f"m{j}", text=body, id=f"m{j}", spans=spans))
        else:
            out.append(Mark(offset, kind, n=f"m{j}", id=f"m{j}" if kind == "pb" else None))
    return out


@st.composite
def cases(draw) -> tuple[str, list[Mark], list[Span]]:
    text = draw(st.text(alphabet=ALPHABET, max_size=40))
    return text, draw(marks(len(text))), draw(nested_spans(len(text), "s"))


def _fill(text: str, ms: list[Mark], spans: list[Span]) -> etree._Element:
    p = etree.Element(f"{TEI}p", nsmap={None: TEI_NS})
    inline(p, text, ms, spans)
    return p


def visible(el: etree._Element) -> str:
    """The string value of ``el`` without the bodies of the notes inside it (a note inserts its
    body, which is not part of the running text)."""
    parts = [el.text or ""]
    for child in el:
        if child.tag != f"{TEI}note":
            parts.append(visible(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _mark_positions(el: etree._Element, before: int = 0, out=None) -> tuple[int, list]:
    """(milestone or note element, number of running-text characters before it), in document order."""
    out = [] if out is None else out
    before += len(el.text or "")
    for child in el:
        if child.tag in MARK_TAGS:
            out.append((child, before))
        if child.tag != f"{TEI}note":
            before, _ = _mark_positions(child, before, out)
        before += len(child.tail or "")
    return before, out


def _span_ids(el: etree._Element, top: etree._Element) -> set[str]:
    """The ids of the span elements enclosing ``el`` below ``top``."""
    ids = set()
    for anc in el.iterancestors():
        if anc is top:
            break
        ids.add(anc.get("ref"))
    return ids


@SETTINGS
@given(cases())
def test_inline_keeps_the_text_and_makes_one_element_per_span(case):
    text, ms, spans = case
    p = _fill(text, ms, spans)
    assert visible(p) == text
    for span in spans:
        found = p.xpath("//*[@ref=$r]", r=_ref(span))
        assert len(found) == 1, span
        assert found[0].tag == f"{TEI}{ELEMENT_OF_KIND[span.kind]}"
        assert visible(found[0]) == text[span.start:span.end]
    # no element other than the spans and the marks
    assert sum(1 for _ in p.iter()) == 1 + len(spans) + len(ms) + sum(len(m.spans) for m in ms)


@SETTINGS
@given(cases())
def test_inline_nests_spans_as_their_ranges_nest(case):
    text, ms, spans = case
    p = _fill(text, ms, spans)
    for span in spans:
        el = p.xpath("//*[@ref=$r]", r=_ref(span))[0]
        expected = {_ref(o) for o in spans
                    if o is not span and o.start <= span.start and span.end <= o.end}
        assert _span_ids(el, p) == expected


@SETTINGS
@given(cases())
def test_inline_puts_marks_at_their_offsets_outside_spans_that_end_or_start_there(case):
    text, ms, spans = case
    p = _fill(text, ms, spans)
    total, positions = _mark_positions(p)
    assert total == len(text)
    # every mark once, in offset order (marks at the same offset in the order given)
    assert [el.get("n") if el.tag != f"{TEI}lb" else "lb" for el, _ in positions] == \
        [m.n if m.kind != "lb" else "lb" for m in sorted(ms, key=lambda m: m.offset)]
    for (el, before), mark in zip(positions, sorted(ms, key=lambda m: m.offset)):
        assert el.tag == f"{TEI}{mark.kind}"
        assert before == mark.offset
        # inside exactly the spans that strictly contain the offset
        assert _span_ids(el, p) == {_ref(s) for s in spans if s.start < mark.offset < s.end}
        if mark.kind in ("pb", "cb"):
            in_word = 0 < mark.offset < len(text) and text[mark.offset - 1].isalpha() and text[mark.offset].isalpha()
            assert (el.get("break") == "no") == in_word
        if mark.kind == "note":
            assert "".join(el.itertext()) == mark.text
            assert el.get(XML_ID) == mark.id and el.get("place") == "foot"
            for s in mark.spans:
                inner = el.xpath(".//*[@ref=$r]", r=_ref(s))
                assert len(inner) == 1 and visible(inner[0]) == mark.text[s.start:s.end]


@SETTINGS
@given(cases(), st.randoms(use_true_random=False))
def test_inline_output_is_well_formed_and_deterministic(case, rnd):
    text, ms, spans = case
    data = etree.tostring(_fill(text, ms, spans), encoding="utf-8")
    assert etree.tostring(etree.fromstring(data), encoding="utf-8") == data
    assert etree.tostring(_fill(text, ms, spans), encoding="utf-8") == data
    # the order in which the spans are given does not matter (their ranges are distinct)
    shuffled = list(spans)
    rnd.shuffle(shuffled)
    assert etree.tostring(_fill(text, ms, shuffled), encoding="utf-8") == data


def test_inline_refuses_crossing_spans():
    """Crossing spans cannot be mixed content: writing them would repeat the shared text."""
    with pytest.raises(ValueError, match="crosses"):
        _fill("abcdef", [], [Span(0, 3, "person", key="a"), Span(2, 5, "place", key="b")])
