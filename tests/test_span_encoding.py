"""Spans are semantic (kind, register key, values); the TEI writer alone chooses their encoding."""

from __future__ import annotations

import pytest
from lxml import etree

from tei_edition.annotate.bibl import citation_spans
from tei_edition.annotate.curation import check_placement
from tei_edition.model import SPAN_KINDS, Block, Document, Mark, Metadata, Span
from tei_edition.tei.ns import TEI_NS
from tei_edition.tei.writer import (ELEMENT_OF_KIND, KIND_OF_ELEMENT, build_tei, placement_problem,
                                    span_attributes, span_element)
from tei_edition.validate.engine import validate_tree

T = f"{{{TEI_NS}}}"


def test_every_kind_has_one_element_and_back():
    assert set(ELEMENT_OF_KIND) == SPAN_KINDS
    assert {KIND_OF_ELEMENT[span_element(Span(0, 1, k))] for k in SPAN_KINDS} == SPAN_KINDS


@pytest.mark.parametrize("kind", ["persName", "biblScope", "pubPlace", ""])
def test_tei_names_are_no_span_kinds(kind):
    with pytest.raises(ValueError):
        Span(0, 1, kind)


@pytest.mark.parametrize("span, attrs", [
    (Span(0, 5, "person", "per-karakhan", {"canonical": "Карахан, Л.М.", "wikidata": "Q1"}, auto=True),
     {"ref": "registers.xml#per-karakhan", "resp": "#tei-edition"}),  # recogniser values stay out
    (Span(0, 5, "place", "pl-tokio"), {"ref": "registers.xml#pl-tokio"}),
    (Span(0, 5, "date", values={"notBefore": "1920", "notAfter": "1929", "canonical": "x"}),
     {"notBefore": "1920", "notAfter": "1929"}),
    (Span(0, 5, "date", "per-x", {"when": "1925"}), {"when": "1925"}),  # a date points to no entry
    (Span(0, 5, "title", values={"level": "analytic"}), {"level": "a"}),
    (Span(0, 5, "title", values={"level": "monographic"}), {"level": "m"}),
    (Span(0, 5, "scope", values={"unit": "page"}), {"unit": "page"}),
    (Span(0, 5, "bibl", values={"repeats": "d-note-3"}), {"corresp": "#d-note-3"}),
    (Span(0, 5, "bibl"), {}),
])
def test_span_attributes(span, attrs):
    assert span_attributes(span) == attrs


@pytest.mark.parametrize("elements, start, end, kind, problem", [
    ([(0, 20, "title")], 5, 12, "person", "inside a <title>"),
    ([(0, 20, "author")], 0, 20, "person", ""),      # the same extent: the name goes inside the author
    ([(0, 20, "author")], 2, 9, "place", "inside a <author>"),
    ([(0, 20, "author")], 2, 9, "org", ""),
    ([(0, 20, "bibl")], 2, 9, "place", ""),
    ([(0, 8, "hi")], 5, 12, "person", "cross a <hi>"),
    ([(0, 8, "persName")], 5, 12, "place", ""),      # a name over a name replaces it
    ([(0, 8, "date")], 5, 12, "date", ""),
    ([(0, 8, "date")], 5, 12, "person", "cross a <date>"),
    ([(3, 3, "pb")], 0, 12, "person", ""),            # a milestone inside a name
])
def test_placement_problem(elements, start, end, kind, problem):
    why = placement_problem(elements, start, end, kind)
    assert (problem in why) if problem else why == ""


def test_check_placement_sees_spans_as_their_elements():
    spans = [Span(0, 30, "bibl"), Span(0, 12, "title", values={"level": "monographic"})]
    assert "inside a <title>" in check_placement(spans, 2, 8, "person")
    assert check_placement(spans, 14, 20, "person") == ""


def test_encoded_citations_and_mentions_are_valid_tei():
    """Every kind the annotators produce, encoded by the writer, passes the project schema."""
    note = ("Дацышен, В.Г. Японские беженцы / В.Г. Дацышен // Россия и АТР. – М.: Наука, 2013. – № 2 (80). "
            "– С. 38–45.")
    ibid = "Там же. С. 40."
    text = "В 1925 г. Л.М. Карахан прибыл в Токио."
    marks = [Mark(len(text), "note", "1", note, id="d-n1", spans=citation_spans(note)),
             Mark(len(text), "note", "2", ibid, id="d-n2", spans=citation_spans(ibid, "d-n1"))]
    spans = [Span(2, 9, "date", values={"when": "1925"}, auto=True), Span(10, 22, "person", "per-karakhan", auto=True),
             Span(32, 37, "place", "pl-tokio")]
    assert {s.kind for m in marks for s in m.spans} >= {"bibl", "author", "title", "pub_place", "publisher",
                                                          "date", "scope"}
    root = build_tei(Document("d", Metadata(title="T"), body=[Block("p", text, marks, spans)]))
    assert [d for d in validate_tree(root) if d.severity == "error"] == []
    got = {(etree.QName(el).localname, tuple(sorted(el.attrib.items()))) for el in root.iter(f"{T}persName",
                                                                                             f"{T}bibl")}
    assert ("persName", (("ref", "registers.xml#per-karakhan"), ("resp", "#tei-edition"))) in got
    assert ("bibl", (("corresp", "#d-n1"),)) in got
