"""Golden tests of the HTML reading edition's fragments (xslt/html via saxonche).

The fixture tests/fixtures/html/mini.xml (with registers.xml and mini2.xml) holds notes, page
breaks, a figure, an epigraph, entities and dates. Fragments are canonicalized (C14N: sorted
attributes; the tool's version blanked; one block element per line) before comparison.
Regenerate on purpose with ``pytest tests/test_html_fragments.py --force-regen`` and read the diff.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree, html

pytest.importorskip("saxonche")

from tei_edition.render.html import transform_registers, transform_text  # noqa: E402

FIX = Path(__file__).parent / "fixtures" / "html"
MINI = FIX / "mini.xml"
MINI2 = FIX / "mini2.xml"
REGISTERS = FIX / "registers.xml"
GOLDEN = FIX / "golden"
_BLOCK = re.compile(r"(<(?:p|section|h[1-6]|li|ul|ol|aside|figure|figcaption|div|nav|dl|dt|dd|article|details|blockquote|header)[ >])")


def canonical(fragment: str) -> str:
    """C14N of an HTML fragment (attributes sorted), versions blanked, one block per line."""
    wrapper = html.fragment_fromstring(fragment or "", create_parent="fragment")
    for el in wrapper.iter():
        if el.get("class") == "version":
            el.text = "VERSION"
    data = etree.tostring(wrapper, method="c14n").decode("utf-8")
    data = re.sub(r">\s+" + _BLOCK.pattern, r">\1", data)  # indentation before blocks only
    data = _BLOCK.sub(r"\n\1", data)
    return data.strip() + "\n"


@pytest.fixture(scope="module")
def mini():
    return transform_text(MINI, registers=REGISTERS)


@pytest.fixture(scope="module")
def registers_pages():
    return transform_registers([MINI, MINI2], registers=REGISTERS)


def test_html_pages_of_mini(mini):
    assert [(p.kind, p.file, p.title) for p in mini.pages] == [
        ("title", "index.html", "Карахан и Япония"),
        ("unit", "introduction.html", "Введение"),
        ("unit", "chapter-1.html", "Глава 1. Карахан в Пекине"),
        ("unit", "conclusion.html", "Заключение"),
        ("about", "about.html", "Об этом издании"),
    ]
    assert mini.meta == {"title": "Карахан и Япония", "subtitle": "Малый образец для тестов",
                         "author": "Пётр Петров", "date": "2010", "lang": "ru"}


@pytest.mark.parametrize("page, part", [(page, part) for page in ["index.html", "introduction.html", "chapter-1.html",
                                                                  "conclusion.html", "about.html"]
                                        for part in ("body", "notes")] + [("chapter-1.html", "toc")])
def test_html_fragment_golden(mini, page, part, file_regression):
    frag = next(p for p in mini.pages if p.file == page)
    file_regression.check(canonical(getattr(frag, part)), fullpath=GOLDEN / f"mini-{page[:-5]}-{part}.html")


def test_html_description_golden(mini, file_regression):
    file_regression.check(canonical(mini.description), fullpath=GOLDEN / "mini-description.html")


@pytest.mark.parametrize("kind", ["person", "place", "org"])
def test_html_register_golden(registers_pages, kind, file_regression):
    reg = next(r for r in registers_pages if r.kind == kind)
    file_regression.check(canonical(reg.body), fullpath=GOLDEN / f"registers-{kind}.html")


def test_html_plain_text_golden(mini, file_regression):
    file_regression.check(mini.plain, fullpath=GOLDEN / "mini-plain.txt")


def test_html_search_records(mini, data_regression):
    data_regression.check([r.__dict__ for r in mini.records], fullpath=GOLDEN / "mini-search-records.yml")


# ------------------------------------------------------------------ behaviour, not bytes

def test_html_register_order_is_russian(registers_pages):
    """Ё is filed with Е, Й apart from И (after it)."""
    body = registers_pages[0].body
    letters = re.findall(r'<h2 id="letter-\d+">(.)</h2>', body)
    assert letters == ["Е", "И", "Й", "К", "С"]
    names = re.findall(r'class="entry-name"[^>]*>([^<]+)<', body)
    assert names.index("Егоров") < names.index("Ёлкин") < names.index("Иванов") < names.index("Йоффе, Адольф Абрамович")


def test_html_register_counts_per_text(registers_pages):
    body = registers_pages[0].body
    entry = body[body.index('id="per-karakhan"'):]
    entry = entry[:entry.index("</article>")]
    assert "Карахан и Япония</cite> — 3" in entry
    assert "Второй образец</cite> — 1" in entry
    assert "Формы в текстах: </span>Карахана; Караханом; Л.М. Карахан" in entry  # the forms found
    assert "Варианты написания: </span>Л.М. Карахан<" in entry  # the register's type="variant" names only
    assert 'href="mini/chapter-1.html#mini-p-a1-m1"' in entry


def test_html_registers_without_register_file():
    regs = transform_registers([MINI, MINI2])
    people = regs[0].body
    assert 'id="per-karakhan"' in people  # the id in @ref still names the entry
    assert ">Л.М. Карахан</h3>" in people  # the most frequent form names it


def test_html_dates_show_normalized_values(mini):
    body = " ".join(p.body + p.notes for p in mini.pages)
    assert 'datetime="1923-09-02" data-norm="2 сентября 1923 г."' in body
    assert 'data-norm="с 1920 г. по 1922 г."' in body
    assert 'data-norm="не ранее 1923 г., не позднее 1924 г."' in body
    assert 'data-norm="4 апреля"' in body
