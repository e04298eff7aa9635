"""Citations in footnotes: nested bibl spans, «Там же» pointers, notes that cite nothing."""

from __future__ import annotations

import pytest

from tei_edition.annotate.bibl import annotate_notes, citation_spans, is_ibid
from tei_edition.model import Block, Document, Mark, Metadata
from tei_edition.tei.writer import span_attributes, span_element


def _parts(text: str, prev: str | None = None) -> list[tuple[str, str, dict]]:
    """The citation spans as the TEI writer encodes them: element, text, attributes."""
    return [(span_element(s), text[s.start:s.end], span_attributes(s)) for s in citation_spans(text, prev)]


KUTAKOV = ("Кутаков, Л.Н. Портсмутский мирный договор: из истории отношений Японии с Россией и СССР. "
           "1905–1945 гг. / Л. Н. Кутаков. – Москва : Соцэкгиз, 1961. – 291 с.")
DVP = ("Нота Правительства РСФСР Правительству Японии от 23 ноября 1922 г.// Документы внешней политики "
       "СССР. – М.: Госполитиздат, 1962. – Т. 6. – С. 16-17.")


@pytest.mark.parametrize("text, expected", [
    (KUTAKOV, [
        ("bibl", KUTAKOV, {}),
        ("author", "Кутаков, Л.Н.", {}),
        ("title", "Портсмутский мирный договор: из истории отношений Японии с Россией и СССР. 1905–1945 гг.",
         {"level": "m"}),
        ("pubPlace", "Москва", {}), ("publisher", "Соцэкгиз", {}), ("date", "1961", {"when": "1961"})]),
    ("Известия. – 1925. – 25 февраля.", [
        ("bibl", "Известия. – 1925. – 25 февраля.", {}),
        ("title", "Известия", {"level": "j"}),
        ("date", "1925. – 25 февраля", {"when": "1925-02-25"})]),
    ("Документы внешней политики СССР. – М.: Госполитиздат, 1962. – Т. 6. – С. 16-17.", [
        ("bibl", "Документы внешней политики СССР. – М.: Госполитиздат, 1962. – Т. 6. – С. 16-17.", {}),
        ("title", "Документы внешней политики СССР", {"level": "m"}),
        ("pubPlace", "М.", {}), ("publisher", "Госполитиздат", {}), ("date", "1962", {"when": "1962"}),
        ("biblScope", "Т. 6", {"unit": "volume"}),
        ("biblScope", "С. 16-17", {"unit": "page"})]),
    (DVP, [
        ("bibl", DVP, {}),
        ("title", "Нота Правительства РСФСР Правительству Японии от 23 ноября 1922 г.", {"level": "a"}),
        ("title", "Документы внешней политики СССР", {"level": "m"}),
        ("pubPlace", "М.", {}), ("publisher", "Госполитиздат", {}), ("date", "1962", {"when": "1962"}),
        ("biblScope", "Т. 6", {"unit": "volume"}),
        ("biblScope", "С. 16-17", {"unit": "page"})]),
    ("Дацышен, В.Г. Японские беженцы / В.Г. Дацышен // Россия и АТР. –2013. –№ 2 (80). – С. 38–45.", [
        ("bibl", "Дацышен, В.Г. Японские беженцы / В.Г. Дацышен // Россия и АТР. –2013. –№ 2 (80). – С. 38–45.", {}),
        ("author", "Дацышен, В.Г.", {}),
        ("title", "Японские беженцы", {"level": "a"}),
        ("title", "Россия и АТР", {"level": "j"}),
        ("date", "2013", {"when": "2013"}),
        ("biblScope", "№ 2 (80)", {"unit": "issue"}),
        ("biblScope", "С. 38–45", {"unit": "page"})]),
    ("Документы внешней политики СССР: в 24 томах / Т. 3-21. – М.: Госполитиздат, 1959-1977.", [
        ("bibl", "Документы внешней политики СССР: в 24 томах / Т. 3-21. – М.: Госполитиздат, 1959-1977.", {}),
        ("title", "Документы внешней политики СССР: в 24 томах", {"level": "m"}),
        ("biblScope", "Т. 3-21", {"unit": "volume"}),
        ("pubPlace", "М.", {}), ("publisher", "Госполитиздат", {}),
        ("date", "1959-1977", {"from": "1959", "to": "1977"})]),
    ("Горбунов Е.А. 20 августа 1939. М., 1986. С. 47.", [  # the book's dashless style
        ("bibl", "Горбунов Е.А. 20 августа 1939. М., 1986. С. 47.", {}),
        ("author", "Горбунов Е.А.", {}), ("title", "20 августа 1939", {"level": "m"}),
        ("pubPlace", "М.", {}), ("date", "1986", {"when": "1986"}),
        ("biblScope", "С. 47", {"unit": "page"})]),
    ("Письма И. В. Сталина В. М. Молотову. 1925-1936 гг. – М., 1996. – С. 240-241.", [
        ("bibl", "Письма И. В. Сталина В. М. Молотову. 1925-1936 гг. – М., 1996. – С. 240-241.", {}),
        ("title", "Письма И. В. Сталина В. М. Молотову. 1925-1936 гг.", {"level": "m"}),  # «Письма» is no author
        ("pubPlace", "М.", {}), ("date", "1996", {"when": "1996"}),
        ("biblScope", "С. 240-241", {"unit": "page"})]),
])
def test_bibl_citation_parts(text, expected):
    assert _parts(text) == expected


@pytest.mark.parametrize("text", [
    "1000 кв. верст = 1 138.06224 кв. километров",
    "ВОКС – Всесоюзное общество культурных связей с заграницей.",
    "Кук и Смит – представители американской компании \"Фар Истерн эксплорейшен компани\" в Чите; "
    "Томас – неофициальный представитель США в Чите.",
    "По русско-китайскому соглашению, подписанному в марте 1898 г. Россия арендовала у Китая "
    "Ляодунский полуостров.",
    "",
])
def test_bibl_explanatory_notes_get_nothing(text):
    assert citation_spans(text) == []


@pytest.mark.parametrize("text, prev, expected", [
    ("Там же.", "n-1", [("bibl", "Там же.", {"corresp": "#n-1"})]),
    ("Там же. С. 5.", "n-1", [("bibl", "Там же. С. 5.", {"corresp": "#n-1"}),
                              ("biblScope", "С. 5", {"unit": "page"})]),
    ("Ibid.", None, [("bibl", "Ibid.", {})]),
])
def test_bibl_ibid(text, prev, expected):
    assert is_ibid(text)
    assert _parts(text, prev) == expected


def test_bibl_several_citations_in_one_note():
    text = "Кутаков, Л.Н. Портсмутский мирный договор. – М., 1961. – С. 5; Жуков, Е.М. Международные " \
           "отношения. – М., 1956. – С. 7."
    bibls = [(s.start, s.end) for s in citation_spans(text) if s.kind == "bibl"]
    assert len(bibls) == 2 and bibls[0][1] <= bibls[1][0]


ALL_NOTES = [KUTAKOV, DVP, "Там же. С. 5.", "Известия. – 1922. – 14 сентября.",
             "Рыболовная конвенция между Союзом ССР и Японией. – М., 1928. – С.44–45.",
             "Майский, И.М. Избранная переписка : в 2 кн. / И.М. Майский. – М.: Наука, 2005. – Кн. 1. – С. 381."]


@pytest.mark.parametrize("text", ALL_NOTES)
def test_bibl_spans_nest(text):
    spans = citation_spans(text)
    bibl = spans[0]
    assert bibl.kind == "bibl"
    inner = spans[1:]
    assert all(bibl.start <= s.start < s.end <= bibl.end for s in inner)
    ordered = sorted(inner, key=lambda s: s.start)
    assert all(a.end <= b.start for a, b in zip(ordered, ordered[1:]))  # siblings never cross


def test_bibl_annotate_notes_points_ibid_to_previous_citation():
    notes = [Mark(1, "note", "1", KUTAKOV, id="d-note-1"), Mark(2, "note", "2", "Там же. С. 12.", id="d-note-2"),
             Mark(3, "note", "3", "Там же.", id="d-note-3"),
             Mark(4, "note", "4", "1000 кв. верст = 1 138.06224 кв. километров", id="d-note-4")]
    doc = Document("d", Metadata(), body=[Block("p", "Текст абзаца.", notes[:2]), Block("p", "Ещё.", notes[2:])])
    annotate_notes(doc)
    annotate_notes(doc)  # idempotent
    assert [sp.kind for sp in notes[0].spans].count("bibl") == 1
    assert notes[1].spans[0].values["repeats"] == "d-note-1"
    assert notes[2].spans[0].values["repeats"] == "d-note-1"  # «Там же» after «Там же»: the same work
    assert notes[3].spans == []


def test_bibl_real_thesis_notes(root):
    src = root / "sources" / "000_df3ea2a3721be5b9.txt"
    if not src.is_file():
        pytest.skip("thesis source not present")
    from tei_edition.readers.thesis import read_thesis
    from tei_edition.readers.textio import decode_source

    doc, _ = read_thesis(decode_source(src.read_bytes(), src.name), src.name, {"id": "thesis"})
    annotate_notes(doc)
    notes = [m for b in doc.iter_blocks() for m in b.marks if m.kind == "note"]
    cited = [m for m in notes if any(s.kind == "bibl" for s in m.spans)]
    assert len(cited) >= 0.95 * len(notes)
    for m in cited:
        spans = sorted(m.spans, key=lambda s: (s.start, -s.end))
        for a in spans:
            for b in spans:
                assert not (a.start < b.start < a.end < b.end), (m.id, a, b)  # nesting, never crossing
