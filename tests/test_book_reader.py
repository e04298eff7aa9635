"""Tests for the book reader (profile ``book-markdown``): layout rules on small synthetic texts,
then properties of the whole book source."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from conftest import FIXTURES as ALL_FIXTURES, ROOT, TEI_ALL

from tei_edition.diagnostics import EditionError
from tei_edition.model import Block, Division, Document
from tei_edition.readers.book import read_book
from tei_edition.tei.writer import build_tei, serialize

FIXTURES = ALL_FIXTURES / "book"
BOOK = ROOT / "sources" / "002_b30c2bfc8418eebd.txt"


def read(text: str, **options):
    return read_book(text, "test.md", options)


def warnings(report) -> list:
    return [d for d in report if d.severity != "info"]


def paragraphs(doc: Document) -> list[Block]:
    return [b for b in doc.iter_blocks() if b.kind == "p"]


def figures(doc: Document) -> list[Block]:
    return [b for b in doc.iter_blocks() if b.kind == "figure"]


def marks(block: Block, kind: str):
    return [m for m in block.marks if m.kind == kind]


def body_text(*paras: str) -> str:
    """A minimal book body: one chapter heading and the given blocks."""
    return "# ГЛАВА\n\n" + "\n\n".join(paras) + "\n"


# ---------------------------------------------------------------------------- interruptions

@pytest.mark.parametrize("between, kind", [
    ([], "cb"),  # nothing between the pieces: a column break
    (["**Подпись к снимку (АА)**"], "pb"),  # a caption between: the page ended
    (["<sup>1</sup> Тело сноски."], "pb"),  # the page's notes between: the page ended
    (["*Подпись (ЯМ)*", "<sup>1</sup> Тело сноски."], "pb"),
])
def test_book_interruption_cb_or_pb(between, kind):
    ref = "<sup>1</sup>" if any("сноски" in b for b in between) else ""
    doc, report = read(body_text(f"Армия шла через горы{ref} и го-", *between, "сударственный аппарат работал."))
    [p] = paragraphs(doc)
    assert p.text == "Армия шла через горы и государственный аппарат работал."
    [br] = [m for m in p.marks if m.kind in ("pb", "cb")]
    assert br.kind == kind
    assert p.text[:br.offset].endswith("и го")  # the break stands inside the broken word
    if kind == "pb":
        assert br.cert == "medium" and br.n == "2"
    assert not warnings(report)


def test_book_second_bare_interruption_on_a_page_is_a_page_break():
    doc, _ = read(body_text("Первая колонка кончается на", "полуслове.", "Вторая колонка тоже кончается на",
                            "полуслове."))
    p1, p2 = paragraphs(doc)
    assert [m.kind for m in p1.marks] == ["cb"]
    assert [(m.kind, m.n) for m in p2.marks] == [("pb", "2")]


def test_book_captions_follow_the_rejoined_paragraph():
    doc, _ = read(body_text("Текст до подписи и", "**Танк на улице. 1920 г.**", "*Бронепоезд  \nкитайской армии (АА)*",
                            "текст после подписи.", "Следующий абзац."))
    chapter = doc.body[0]
    kinds = [(n.kind, n.text[:12]) for n in chapter.children]
    assert kinds == [("p", "Текст до под"), ("figure", "Танк на улиц"), ("figure", "Бронепоезд к"),
                     ("p", "Следующий аб")]
    assert chapter.children[0].text == "Текст до подписи и текст после подписи."


@pytest.mark.parametrize("left, right, joined", [
    ("советско-", "японских отношений.", "советско-японских отношений."),  # a real compound keeps its hyphen
    ("го-", "сударственный строй.", "государственный строй."),
    ("Халхин-", "Гол был рекой.", "Халхин-Гол был рекой."),
])
def test_book_hyphenation_across_interruptions(left, right, joined):
    doc, _ = read(body_text(f"Он писал о {left}", "*Снимок (АА)*", right))
    [p] = paragraphs(doc)
    assert p.text == f"Он писал о {joined}"


def test_book_soft_wrapped_lines_are_joined():
    doc, _ = read(body_text("Первая строка абзаца и пере-\nнос слова в абзаце,\nа потом конец."))
    [p] = paragraphs(doc)
    assert p.text == "Первая строка абзаца и перенос слова в абзаце, а потом конец."


# ---------------------------------------------------------------------------- captions

@pytest.mark.parametrize("source, text, credit", [
    ("**Обучение артиллеристов, 1930-е г. (АА)**", "Обучение артиллеристов, 1930-е г.", "АА"),
    ("*Солдаты китайской армии в ходе боя (ЯМ)*", "Солдаты китайской армии в ходе боя", "ЯМ"),
    ("**Бронеавтомобиль «Остин» на улице Владивостока. 1920 г.**",
     "Бронеавтомобиль «Остин» на улице Владивостока. 1920 г.", None),
    ("*Китайские танки  \n«Рено» FT-17,  \nзахваченные (ЯМ)*", "Китайские танки «Рено» FT-17, захваченные", "ЯМ"),
])
def test_book_caption_text_and_credit(source, text, credit):
    doc, _ = read(body_text("Абзац.", source, "Другой абзац."))
    [fig] = figures(doc)
    assert fig.text == text
    assert fig.extra.get("credit") == credit
    assert len(marks(fig, "lb")) == source.count("  \n")
    for m in marks(fig, "lb"):
        assert fig.text[m.offset] == " "  # a hard break keeps its space in the text


# ---------------------------------------------------------------------------- headings

def test_book_run_in_heading_opens_a_subsection():
    doc, _ = read(body_text("Вступление.", "**Японо-китайская война.** В июне 1937 г. войска пошли.", "Еще абзац.",
                            "**Другая тема.** Текст темы."))
    chapter = doc.body[0]
    subs = [n for n in chapter.children if isinstance(n, Division)]
    assert [s.type for s in subs] == ["subsection", "subsection"]
    assert subs[0].head.text == "Японо-китайская война." and subs[0].head.attrs == {"rend": "run-in"}
    assert [b.text for b in subs[0].children] == ["В июне 1937 г. войска пошли.", "Еще абзац."]
    assert [b.text for b in subs[1].children] == ["Текст темы."]


def test_book_heading_levels_nest():
    doc, _ = read("# ПЕРВАЯ\n\nА.\n\n## Раздел\n\nБ.\n\n# ВТОРАЯ\n\nВ.\n")
    assert [d.type for d in doc.body] == ["chapter", "chapter"]
    assert [c.type for c in doc.body[0].children if isinstance(c, Division)] == ["section"]


# ---------------------------------------------------------------------------- notes

@pytest.mark.parametrize("ref, body", [
    ("<sup>1</sup>", "<sup>1</sup> Текст сноски."),
    ("[^1]", "[^1]: Текст сноски."),
    ("¹", "¹ Текст сноски."),
    ("^1^", "^1^ Текст сноски."),
])
def test_book_note_mark_styles(ref, body):
    doc, report = read(body_text(f"Так называемая фэньтянская{ref} группировка и", body, "дальше текст."))
    [p] = paragraphs(doc)
    [note] = marks(p, "note")
    assert p.text[:note.offset].endswith("фэньтянская")
    assert (note.n, note.text) == ("1", "Текст сноски.")
    assert note.id == "book-p1-n1"
    assert not warnings(report)


def test_book_notes_restart_on_every_page():
    doc, report = read(body_text(
        "Первая ссылка<sup>1</sup> на странице и", "<sup>1</sup> Сноска первой страницы.",
        "продолжение на второй странице, ссылка<sup>1</sup> и", "<sup>1</sup> Сноска второй страницы.", "конец."),
        id="x")
    [p] = paragraphs(doc)
    notes = marks(p, "note")
    assert [(n.n, n.text, n.id) for n in notes] == [("1", "Сноска первой страницы.", "x-p1-n1"),
                                                     ("1", "Сноска второй страницы.", "x-p2-n1")]
    assert p.text[:notes[0].offset].endswith("Первая ссылка")
    assert p.text[:notes[1].offset].endswith("странице, ссылка")
    assert not warnings(report)


def test_book_unmatched_notes_are_reported_with_lines():
    doc, report = read(body_text("Ссылка<sup>2</sup> без сноски.", "<sup>3</sup> Сноска без ссылки."))
    codes = {(d.code, d.line) for d in report}
    assert ("ref-unmatched", 3) in codes and ("note-unmatched", 5) in codes
    texts = [m.text for b in doc.iter_blocks() for m in b.marks if m.kind == "note"]
    assert texts == ["Сноска без ссылки."]  # kept, not silently dropped
    assert all(m.text for b in doc.iter_blocks() for m in b.marks if m.kind == "note")


# ---------------------------------------------------------------------------- front matter and pages

@pytest.fixture(scope="module")
def mini():
    return read_book((FIXTURES / "mini.md").read_text(encoding="utf-8"), "mini.md", {"id": "mini"})


def test_book_front_title_page(mini):
    doc, _ = mini
    title = doc.front[0]
    assert title.type == "titlePage"
    assert [(b.kind, b.attrs.get("type"), b.text) for b in title.children] == [
        ("docAuthor", None, "ИВАН ПЕТРОВ"), ("titlePart", "main", "БОЛЬШАЯ КНИГА"),
        ("titlePart", "sub", "ПОДЗАГОЛОВОК КНИГИ"), ("docImprint", None, "МОСКВА 2020")]


def test_book_front_colophon_metadata(mini):
    doc, _ = mini
    m = doc.meta
    assert m.class_codes == [("UDC", "94(47)"), ("BBK", "63.3(2)")]
    assert (m.isbn, m.title, m.subtitle) == ("978-5-0000-0000-0", "Большая книга", "подзаголовок книги")
    assert (m.author_surname, m.author_forename) == ("Петров", "Иван Сергеевич")
    assert (m.pub_place, m.publisher, m.date, m.extent) == ("Москва", "Издательство", "2020", "64 с.")
    assert m.record.startswith("Петров, Иван Сергеевич. П29 Большая книга") and m.record.endswith("64 с.")
    assert m.source_file == "mini.md"
    types = [n.type for n in doc.front if isinstance(n, Division)]
    assert types[:4] == ["titlePage", "colophon", "abstract", "colophon"]


def test_book_front_contents_frontispiece_epigraph(mini):
    doc, _ = mini
    contents = next(n for n in doc.front if isinstance(n, Division) and n.type == "contents")
    assert contents.head.text == "СОДЕРЖАНИЕ"
    items = contents.children[0].children
    assert [(i.text, i.attrs["n"], i.extra["page"]) for i in items] == [
        ("ВВЕДЕНИЕ", "5", "5"), ("ПЕРВАЯ ГЛАВА", "6", "6"), ("«ВТОРАЯ ГЛАВА...»", "9", "9")]
    fig = next(n for n in doc.front if isinstance(n, Block) and n.kind == "figure")
    assert (fig.text, fig.extra["credit"]) == ("Бойцы на фронтисписе книги", "АА")
    epi = next(b for b in doc.iter_blocks() if b.kind == "epigraph")
    assert (epi.text, epi.extra["source"]) == ("«Цитата для эпиграфа книги».", "Из речи автора цитаты")


def test_book_pages_calibrated_on_contents(mini):
    doc, _ = mini
    pbs = [(m.n, m.cert) for b in doc.iter_blocks() for m in b.marks if m.kind == "pb"]
    assert [n for n, _ in pbs] == ["1", "2", "3", "4", "5", "6", "7", "8", "9"]
    heads = {b.text: marks(b, "pb")[0].n for b in doc.iter_blocks() if b.kind == "head" and marks(b, "pb")}
    assert heads["ВВЕДЕНИЕ"] == "5" and heads["«ВТОРАЯ ГЛАВА...»"] == "9"
    assert [d.type for d in doc.body] == ["introduction", "chapter", "chapter"]  # "##" but listed in contents
    # the page count to chapter 2 (p. 9) shows that "… 1931 г." / "КПК …" is one interrupted paragraph
    joined = next(p for p in paragraphs(doc) if p.text.startswith("События"))
    assert joined.text == "События произошли 11 сентября 1931 г. КПК провозгласила новую республику и другое."
    assert [(m.kind, m.n) for m in joined.marks if m.kind != "note"] == [("pb", "8")]
    note = marks(joined, "note")[0]
    assert (note.id, note.text) == ("mini-p8-n1", "Текст второй сноски.")
    assert doc.extent == {"pages": 9, "notes": 2}


def test_book_ambiguous_end_stays_a_paragraph_end_without_page_deficit():
    text = (FIXTURES / "mini.md").read_text(encoding="utf-8").replace(".....\t9", ".....\t8")
    doc, report = read(text)
    texts = [p.text for p in paragraphs(doc)]
    assert "События произошли 11 сентября 1931 г." in texts
    assert not [d for d in report if d.code == "page-count"]


def test_book_options_meta_overrides_and_decisions(mini):
    doc, _ = read_book((FIXTURES / "mini.md").read_text(encoding="utf-8"), "mini.md",
                       {"id": "b2", "meta": {"title": "Иное", "class_codes": [["UDC", "1"]]}})
    assert doc.id == "b2" and doc.meta.title == "Иное" and doc.meta.class_codes == [("UDC", "1")]
    assert doc.profile == "book-markdown"
    joined = " ".join(doc.decisions)
    for word in ("hyphenation", "cb", "contents", "credit", "Footnotes"):
        assert word in joined


# ---------------------------------------------------------------------------- bad input

@pytest.mark.parametrize("text", ["", "   \n\n  \n", "---\n\n***\n"])
def test_book_empty_input_is_an_edition_error(text):
    with pytest.raises(EditionError) as err:
        read(text)
    assert err.value.source == "test.md" and err.value.code.startswith("source-")


@pytest.mark.parametrize("text", [
    "Просто текст без структуры.\n\nИ второй абзац.",
    "# Только заголовок",
    "<sup>1</sup> Одна сноска",
    "Текст с \x00 управляющим символом.",
    "**Жирный**\n\n*Курсив*\n\n- 1\n\n.....\t3",
])
def test_book_non_book_text_converts_sensibly(text):
    doc, report = read(text)
    root = build_tei(doc)
    assert serialize(root).startswith(b"<?xml")
    assert all("\x00" not in b.text for b in doc.iter_blocks())


# ---------------------------------------------------------------------------- the real source

@pytest.fixture(scope="module")
def book():
    if not BOOK.exists():
        pytest.skip("book source missing")
    text = BOOK.read_text(encoding="utf-8")
    return text, *read_book(text, "sources/002_b30c2bfc8418eebd.txt", {"id": "book"})


def test_book_source_every_footnote_anchored_once(book):
    text, doc, report = book
    bodies = re.findall(r"^<sup>(\d+)</sup>", text, flags=re.M)
    refs = re.findall(r"(?<!^)<sup>(\d+)</sup>", text, flags=re.M)
    notes = [m for b in doc.iter_blocks() for m in b.marks if m.kind == "note"]
    assert len(notes) == len(bodies) == len(refs)
    assert all(m.text and m.id for m in notes)
    assert len({m.id for m in notes}) == len(notes)
    assert not [d for d in report if d.code in ("note-unmatched", "ref-unmatched")]


def test_book_source_no_duplicated_paragraph_and_every_word_kept(book):
    text, doc, _ = book
    blocks = [b for b in doc.iter_blocks() if b.kind in ("p", "figure", "head", "epigraph", "item")]
    paras = [b.text for b in blocks if b.kind == "p"]
    assert len(paras) == len(set(paras))
    out_words = {w for b in doc.iter_blocks() for w in re.findall(r"\w+", b.text + " " + b.extra.get("source", "")
                                                                 + " " + b.extra.get("credit", ""))}
    out_words |= {w for b in doc.iter_blocks() for m in b.marks for w in re.findall(r"\w+", m.text)}
    out_words |= {v for b in doc.iter_blocks() for v in b.attrs.values()}  # contents page numbers
    plain = re.sub(r"<sup>\d+</sup>", " ", text)
    plain = re.sub(r"(\w)-\s*\n(?:\s*\n)*(?=\w)", r"\1", plain)  # (rough) hyphen joins
    missing = {w for w in re.findall(r"\w+", plain) if w not in out_words and w not in ("sup",)}
    # only the halves of words rejoined across interruptions may be absent as such
    assert all(any(w in o for o in out_words) for w in missing), sorted(missing)[:20]


def test_book_source_structure(book):
    text, doc, _ = book
    assert [d.type for d in doc.body] == ["introduction", "chapter", "chapter"]
    pbs = [m.n for b in doc.iter_blocks() for m in b.marks if m.kind == "pb"]
    assert pbs == [str(n) for n in range(1, len(pbs) + 1)]  # every page once, in order
    assert doc.meta.isbn == "978-5-9955-1261-5"
    assert ("UDC", '94(100)"1945"') in doc.meta.class_codes and ("BBK", "63.3(0)622") in doc.meta.class_codes
    credits = re.findall(r"\((АА|ЯМ)\)\**$", text, flags=re.M)
    assert [f.extra.get("credit") for f in figures(doc) if f.extra.get("credit")] == credits


def test_book_source_is_valid_tei(book, tmp_path):
    assert shutil.which("jing"), "jing is installed by scripts/setup.sh"
    schema = TEI_ALL
    _, doc, _ = book
    out = tmp_path / "book.xml"
    out.write_bytes(serialize(build_tei(doc)))
    res = subprocess.run(["jing", str(schema), str(out)], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0 and not res.stdout.strip(), res.stdout[:2000]
