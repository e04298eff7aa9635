"""Tests for the ``markdown`` reader on general Markdown texts (own sentences, Russian and English).

A blank line ends a block: an author line, a contents list or a short line is never joined to
the next paragraph; a contents list (dot leaders and page numbers, links to anchors, or a list
after a "Contents" line) is ``list type="contents"``; pandoc ``[^n]`` notes with indented
continuation paragraphs are one note each, matched by label wherever the body stands.
"""

from __future__ import annotations

import pytest
from lxml import etree

from conftest import NS as TEI
from tei_edition.readers import get_reader
from tei_edition.tei.writer import build_tei, serialize
from tei_edition.validate.engine import validate_tree


RU = """# Хранители маяка

Автор Иван Петров

Оглавление

1. Введение
2. Гавань
3. Буря

Гавань была тиха ранним утром, и лодки мягко покачивались у причала.[^1] Никто ещё не спустился из деревни.

Смотритель снова поднялся по лестнице башни и посмотрел на серую воду.[^2]

[^1]: Гавань перестраивали дважды за последнее столетие.

    Второй абзац первого примечания.

[^2]: В башне было сто двенадцать ступеней.
"""

EN = """# The Lantern Keepers

by John Smith

## Contents

Chapter 1. The Harbour ......... 5
Chapter 2. The Storm ......... 17

## Chapter 1. The Harbour

The harbour was quiet in the early morning, and the boats rocked gently at their moorings.[^1] Nobody had yet come down from the village

The keeper climbed the stairs of the tower once more and looked out over the grey water.[^2]

## Chapter 2. The Storm

The wind rose in the afternoon and did not fall until the next day.

[^1]: The harbour was rebuilt twice in the last century.

    A second paragraph of the first note, indented as pandoc expects.

[^2]: The tower had one hundred and twelve steps.
"""

EN_LINKS = """# The Lantern Keepers

John Smith

- [Chapter 1](#ch1)
- [Chapter 2](#ch2)

the harbour was quiet in the early morning.[^note]

Things to carry

- a lamp
- a rope

[^note]: Rebuilt twice.
"""


def _tree(text: str, name: str) -> etree._Element:
    doc, _report = get_reader("markdown")(text, name, {})
    tree = etree.fromstring(serialize(build_tei(doc)))
    assert [d for d in validate_tree(tree, name) if d.severity == "error"] == []
    return tree


def _paras(tree: etree._Element) -> list[str]:
    out = []
    for p in tree.iterfind(".//t:body//t:p", TEI):
        out.append("".join(t for t in p.xpath("text()")).strip())
    return out


@pytest.mark.parametrize("text,author", [(RU, "Автор Иван Петров"), (EN, "by John Smith"),
                                         (EN_LINKS, "John Smith")])
def test_author_line_and_contents_stay_apart_from_the_first_paragraph(text, author):
    tree = _tree(text, "x.md")
    paras = _paras(tree)
    assert author in paras  # a paragraph of its own
    first_text = next(p for p in paras if "harbour" in p or "Гавань" in p)
    assert first_text.startswith(("Гавань была", "The harbour", "the harbour"))  # nothing glued before it
    lists = tree.findall(".//t:list[@type='contents']", TEI)
    assert len(lists) == 1
    items = [i.text for i in lists[0].findall("t:item", TEI)]
    assert len(items) >= 2
    assert not any("](" in it or "..." in it for it in items)  # link syntax and leaders removed
    assert not tree.findall(".//t:pb", TEI)  # no page signal, no invented page breaks


def test_dot_leader_contents_keep_their_page_numbers():
    tree = _tree(EN, "en.md")
    items = tree.findall(".//t:list[@type='contents']/t:item", TEI)
    assert [(i.text, i.get("n")) for i in items] == [("Chapter 1. The Harbour", "5"), ("Chapter 2. The Storm", "17")]
    heads = [h.text for h in tree.iterfind(".//t:head", TEI)]
    assert heads.count("Chapter 1. The Harbour") == 1  # the contents entry is not a heading


def test_paragraph_without_final_stop_is_not_joined_across_a_blank_line():
    paras = _paras(_tree(EN, "en.md"))
    assert any(p.endswith("from the village") for p in paras)
    assert any(p.startswith("The keeper climbed") for p in paras)


@pytest.mark.parametrize("text", [RU, EN])
def test_multi_paragraph_notes_are_one_note_at_their_reference(text):
    tree = _tree(text, "x.md")
    notes = tree.findall(".//t:text//t:note", TEI)
    assert [n.get("n") for n in notes] == ["1", "2"]
    first = "".join(notes[0].itertext())
    assert "Второй абзац" in first or "A second paragraph" in first
    # the continuation paragraph is inside the note, not body text
    assert not any("Второй абзац" in p or "A second paragraph" in p for p in _paras(tree))
    # each note sits in the paragraph that holds its reference
    assert "rocked gently" in (notes[0].getparent().text or "") or "покачивались" in (notes[0].getparent().text or "")


def test_a_plain_bulleted_list_is_a_list_not_contents():
    tree = _tree(EN_LINKS, "en.md")
    plain_lists = [lst for lst in tree.iterfind(".//t:list", TEI) if lst.get("type") is None]
    assert [[i.text for i in lst.findall("t:item", TEI)] for lst in plain_lists] == [["a lamp", "a rope"]]
    note = tree.find(".//t:text//t:note", TEI)
    assert note is not None and note.text == "Rebuilt twice."


def test_hyphen_dialogue_is_not_a_list():
    text = ("# Разговор\n\n- Ты придёшь завтра? - спросил он.\n- Приду, - ответила она.\n\n"
            "Они помолчали у окна.\n")
    tree = _tree(text, "ru.md")
    assert tree.find(".//t:body//t:list", TEI) is None
    assert any("спросил он" in p for p in _paras(tree))
