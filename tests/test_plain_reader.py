"""Tests for the ``plain`` reader, the ``auto`` profile and the shared reader helpers.

Generated texts (``synth_plain``) in three layouts are read back and compared with their known
structure; small hand-made texts pin single rules (note marks of every kind, pages, running
heads, headings, dialogue, damage).
"""

from __future__ import annotations

import re

import pytest
from lxml import etree

from synth_plain import STYLES
from tei_edition.readers import READERS, get_reader
from tei_edition.readers.common import note_id
from tei_edition.readers.detect import detect_format
from tei_edition.readers.plain import read_plain
from tei_edition.tei.writer import build_tei, serialize
from tei_edition.validate.engine import validate_tree

NCNAME = re.compile(r"^[^\W\d][\w.-]*$")


def _notes(doc):
    return [(b, mk) for b in doc.iter_blocks() for mk in b.marks if mk.kind == "note"]


def _pbs(doc):
    return [(b, mk) for b in doc.iter_blocks() for mk in b.marks if mk.kind == "pb"]


def _heads(doc):
    return [b.text for b in doc.iter_blocks() if b.kind == "head"]


@pytest.mark.parametrize("style", sorted(STYLES))
@pytest.mark.parametrize("seed", range(8))
def test_generated_texts_recover_their_structure(style, seed):
    synth = STYLES[style](seed)
    doc, _ = read_plain(synth.text, "gen.txt", {"id": "gen"})
    notes = _notes(doc)
    assert len(notes) == len(synth.truth.notes)
    for (block, mark), (before, body_start) in zip(notes, synth.truth.notes):
        assert block.text[: mark.offset].endswith(before)
        assert mark.text.startswith(body_start)
    pages = [(mk.n, b.text[mk.offset:].split()[0]) for b, mk in _pbs(doc)]
    assert pages == synth.truth.pages
    assert _heads(doc) == synth.truth.headings
    # nothing of the page furniture stays in the running text
    body = " ".join(b.text for b in doc.iter_blocks())
    assert "Общие положения" not in body and "Субъекты и объекты" not in body
    assert not any(b.kind == "item" for b in doc.iter_blocks())


def test_generated_texts_are_valid_tei():
    for style, make in STYLES.items():
        doc, _ = read_plain(make(1).text, "gen.txt", {"id": "gen"})
        tree = etree.fromstring(serialize(build_tei(doc)))
        problems = [d for d in validate_tree(tree, "gen.xml") if d.severity == "error"]
        assert not problems, (style, problems[:3])


@pytest.mark.parametrize(
    "text, before, body",
    [
        ("Текст со сноской*.\n\n* Тело сноски.\n", "сноской", "Тело сноски."),
        ("Текст со сноской**.\n\n** Тело сноски.\n", "сноской", "Тело сноски."),
        ("Текст со сноской*) и дальше.\n\n*) Тело сноски.\n", "сноской", "Тело сноски."),
        ("Текст со сноской (*). Дальше.\n(*) Тело сноски.\n", "сноской", "Тело сноски."),
        ("Текст со сноской†.\n\n† Тело сноски.\n", "сноской", "Тело сноски."),
        ("Текст со сноской‡.\n\n‡ Тело сноски.\n", "сноской", "Тело сноски."),
        ("Text with a note[1].\n\n[1] The note body.\n", "note", "The note body."),
        ("Text with a note¹.\n\n¹ The note body.\n", "note", "The note body."),
        ("Text with a note<sup>*</sup>.\n\n<sup>*</sup> The note body.\n", "note", "The note body."),
        ("Text with a note[1].\n\n[Footnote 1: The note body.]\n", "note", "The note body."),
    ],
)
def test_note_marks_of_every_kind(text, before, body):
    doc, _ = read_plain(text, "n.txt", {"id": "n"})
    notes = _notes(doc)
    assert len(notes) == 1
    block, mark = notes[0]
    assert block.text[: mark.offset].endswith(before)
    assert mark.text == body
    assert NCNAME.match(mark.id)
    assert not re.search(r"[*†‡¹]|\[1\]|<sup>", block.text)


def test_note_ids_are_xml_names_whatever_the_mark():
    for label in ["*", "**", "†", "‡", "¹", "1", "a", "а", "[1]", " "]:
        assert NCNAME.match(note_id("book", "p1", f"n{label}")), label
    assert note_id("book", "p1", "n12") == "book-p1-n12"  # the seed edition's ids stay as they were


def test_markdown_sup_star_note_validates():
    text = "# Глава\n\nТекст<sup>*</sup> и ещё<sup>**</sup> слово.\n\n<sup>*</sup> Первая.\n\n<sup>**</sup> Вторая.\n"
    doc, _ = get_reader("markdown")(text, "m.md", {"id": "book"})
    data = serialize(build_tei(doc))
    ids = etree.fromstring(data).xpath("//*[local-name()='note'][@n]/@xml:id")
    assert len(ids) == 2 and all(NCNAME.match(i) for i in ids)
    assert not [d for d in validate_tree(etree.fromstring(data), "m.xml") if d.severity == "error"]


def test_missing_and_extra_note_bodies_cost_that_note_only():
    text = ("Первый[1] абзац.\n\n[1] Первая.\n\nВторой[2] абзац.\n\n"  # body 2 missing
            "Третий[3] абзац.\n\n[3] Третья.\n\n[9] Лишняя.\n\nЧетвёртый[4] абзац.\n\n[4] Четвёртая.\n")
    doc, report = read_plain(text, "d.txt", {"id": "d"})
    notes = {mk.n: mk.text for _, mk in _notes(doc)}
    assert notes["1"] == "Первая." and notes["3"] == "Третья." and notes["4"] == "Четвёртая."
    assert notes["9"] == "Лишняя."  # kept as a note, reported
    codes = {(d.code, d.line) for d in report}
    assert ("ref-unmatched", 5) in codes and ("note-unmatched", 11) in codes


def test_form_feeds_page_numbers_and_running_heads():
    pages = []
    for k in range(4):
        n = 10 + k
        words = ["первая", "вторая", "третья", "четвёртая"][k]
        body = f"    Это {words} страница, она начинается здесь.\nИ {words} строка идёт дальше."
        pages.append(f"Колонтитул книги\n\n{body}\n\n{n}")
    doc, _ = read_plain("\f".join(pages), "p.txt", {"id": "p"})
    pbs = _pbs(doc)
    assert [mk.n for _, mk in pbs] == ["10", "11", "12", "13"] and all(mk.cert is None for _, mk in pbs)
    text = " ".join(b.text for b in doc.iter_blocks())
    assert "Колонтитул" not in text and not re.search(r"\b1[0-3]\b\s*$", text)
    assert [b.text[mk.offset:].split()[1] for b, mk in pbs] == ["первая", "вторая", "третья", "четвёртая"]
    assert any("колонтитул" in s for s in doc.decisions)  # the statements follow the detected language


def test_no_page_signal_no_page_breaks():
    doc, _ = read_plain("Первый абзац текста.\nВторой абзац текста.\n", "n.txt", {"id": "n"})
    assert not _pbs(doc)


def test_dialogue_lines_are_paragraphs_not_items():
    text = "ГЛАВА I\n" + "\n".join(f"— Реплика номер {k}, сказал он." for k in range(6)) + "\n"
    doc, _ = read_plain(text, "d.txt", {"id": "d"})
    kinds = [b.kind for b in doc.iter_blocks()]
    assert kinds.count("p") == 6 and "item" not in kinds and _heads(doc) == ["ГЛАВА I"]


@pytest.mark.parametrize("head", ["Глава 4. Итоги", "ГЛАВА IV", "Часть вторая", "Chapter 3", "CHAPTER XI.",
                                  "Kapitel 2", "IV", "3. Перемена лиц в обязательстве"])
def test_headings_in_several_languages(head):
    text = f"Вступительный абзац текста идёт здесь.\n\n{head}\n\nАбзац после заголовка, длинный и полный.\n"
    doc, _ = read_plain(text, "h.txt", {"id": "h"})
    assert _heads(doc) == [head]
    assert "Абзац после заголовка, длинный и полный." in [b.text for b in doc.iter_blocks() if b.kind == "p"]


def test_contents_with_dot_leaders_is_a_list_not_headings():
    toc = "\n".join(f"Глава {k}. Название главы {'.' * 12} {k * 10}" for k in range(1, 5))
    doc, _ = read_plain(f"ОГЛАВЛЕНИЕ\n\n{toc}\n\nГлава 1. Название главы\n\nТекст главы.\n", "t.txt", {"id": "t"})
    items = [b for b in doc.iter_blocks() if b.kind == "item"]
    assert len(items) == 4 and items[0].attrs["n"] == "10"
    assert _heads(doc) == ["ОГЛАВЛЕНИЕ", "Глава 1. Название главы"]


def test_second_copy_that_differs_is_reported_with_where():
    from tei_edition.readers.duplicate import find_copy

    lines = [f"Строка номер {k} текста источника." for k in range(40)]
    edited = lines[:]
    edited[30] = "Строка исправленная редактором."
    copy = find_copy(edited + lines)
    assert copy is not None and copy.start == 40 and copy.own_words > 0
    assert copy.differs_at == (30, 70)
    same = find_copy(lines + lines)
    assert same.start == 40 and same.own_words == 0 and same.differs_at is None


def test_auto_detects_markdown_and_plain():
    assert detect_format("# Глава\n\nТекст[^1] и **слово**.\n\n[^1]: Сноска.\n") == "markdown"
    assert detect_format("Глава 1\n\nПростой текст * со звёздочкой # и решёткой.\n") == "plain"
    for name in ("auto", "plain", "markdown", "thesis-text", "book-markdown"):
        assert name in READERS


def test_language_is_detected_or_configured():
    en = "The observance of particular days and seasons has been mixed up with religion in all countries.\n" * 5
    doc, _ = read_plain(en, "e.txt", {"id": "e"})
    assert doc.meta.language == "en" and any("page" in s for s in doc.decisions)
    doc, _ = read_plain(en, "e.txt", {"id": "e", "meta": {"language": "ru"}})
    assert doc.meta.language == "ru" and any("страниц" in s for s in doc.decisions)


def test_plain_reader_drops_an_identical_copy_and_reports_a_differing_one():
    paras = [f"Абзац номер {k}: текст источника идёт своим чередом." for k in range(30)]
    doc, report = read_plain("\n".join(paras + paras) + "\n", "c.txt", {"id": "c"})
    assert len([b for b in doc.iter_blocks() if b.kind == "p"]) == 30
    assert any(d.code == "duplicate-copy" for d in report)
    assert any("first copy only" in s or "первую копию" in s or "первая копия" in s for s in doc.decisions)
    edited = paras[:]
    edited[20] = "Абзац переписан редактором заново."
    doc, report = read_plain("\n".join(edited + paras) + "\n", "c.txt", {"id": "c"})
    warn = [d for d in report if d.code == "duplicate-differs"]
    assert len(warn) == 1 and "line 21 of the first copy against line 51" in warn[0].message
    assert len([b for b in doc.iter_blocks() if b.kind == "p"]) == 60


def test_markdown_without_page_signal_gets_no_page_breaks():
    text = ("Автор Имя\n\n# Глава первая\n\nТекст со сноской[^1] и ещё одной[^2].\n\n[^1]: Первая сноска.\n\n"
            "[^2]: Вторая сноска.\n\nСледующий абзац текста.\n\n# Глава вторая\n\nТекст[^3].\n\n[^3]: Третья.\n")
    doc, _ = get_reader("markdown")(text, "m.md", {"id": "m"})
    assert not _pbs(doc) and "pages" not in doc.extent
    assert [(mk.n, mk.text, mk.place) for _, mk in _notes(doc)] == [
        ("1", "Первая сноска.", "end"), ("2", "Вторая сноска.", "end"), ("3", "Третья.", "end")]
    assert doc.meta.language == "ru" and any("нет признаков страниц" in s for s in doc.decisions)
    assert not any("two columns" in s or "calibrated" in s for s in doc.decisions)


# ---------------------------------------------------------------- typeset with Typst, extracted by pdftotext

typst = pytest.importorskip("typst")


@pytest.mark.parametrize("layout", [True, False], ids=["layout", "raw"])
@pytest.mark.parametrize("seed", range(12))
def test_typeset_texts_read_back(seed, layout):
    """Real typesetting (page sizes, number positions, running heads, digit or symbol notes) read
    back from pdftotext: every page with its number, every heading, and every note either
    anchored after its word or reported; nothing of the running heads left."""
    from typeset_plain import typeset

    t = typeset(seed, layout)
    doc, report = read_plain(t.text, "t.txt", {"id": "t"})
    assert [mk.n for _, mk in _pbs(doc)] == [str(t.first_page + k) for k in range(t.pages)]
    # every number was printed (the first page's head, where the number stands, is left out)
    assert all(mk.cert is None for _, mk in _pbs(doc)[1:])
    assert _heads(doc) == t.headings
    if t.options["symbols"] and not layout:
        return  # pdftotext without -layout scrambles the order of symbol-marked note bodies
    notes = _notes(doc)
    anchored = sum(1 for block, mark in notes
                   if any(block.text[: mark.offset].endswith(w) and mark.text.startswith(b) for w, b in t.notes))
    reported = sum(1 for d in report if d.code in ("note-missing", "note-unmatched"))
    assert anchored + reported >= len(t.notes) and anchored >= 0.9 * len(t.notes)
    body = " ".join(b.text for b in doc.iter_blocks() if b.kind != "head")
    assert "Очерки по истории права" not in body


def test_short_centred_line_in_layout_text_is_a_heading():
    para = ("    Первая строка абзаца идёт во всю ширину полосы набора, как обычно\n"
            "вторая строка того же абзаца тоже занимает всю ширину полосы\n"
            "и третья строка заканчивает этот абзац точкой в конце строки.\n")
    text = para + "\n" + " " * 26 + "Бабий Яр\n\n" + para + "\n" + para
    doc, _ = read_plain(text, "c.txt", {"id": "c"})
    assert _heads(doc) == ["Бабий Яр"]


def test_a_real_list_has_two_or_more_consistent_markers():
    text = ("Вступление к перечню идёт здесь, в начале абзаца, и кончается\nдвоеточием:\n"
            "• первый пункт перечня;\n• второй пункт, длинный, переносится\nна следующую строку;\n"
            "• третий пункт.\n\nПосле перечня снова текст абзаца и одиночная строка:\n\n"
            "• одна отмеченная строка не список.\n")
    doc, _ = read_plain(text, "l.txt", {"id": "l"})
    items = [b.text for b in doc.iter_blocks() if b.kind == "item"]
    assert items == ["первый пункт перечня;", "второй пункт, длинный, переносится на следующую строку;",
                     "третий пункт."]
    assert "• одна отмеченная строка не список." in [b.text for b in doc.iter_blocks() if b.kind == "p"]
    tree = etree.fromstring(serialize(build_tei(doc)))
    assert not [d for d in validate_tree(tree, "l.xml") if d.severity == "error"]
