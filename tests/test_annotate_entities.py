"""recognize: span boundaries and types per the gold guidelines, and annotate_document."""

from __future__ import annotations

import pytest

pytest.importorskip("natasha")

from tei_edition.annotate import annotate_document, recognize  # noqa: E402
from tei_edition.model import Block, Division, Document, Mark, Metadata  # noqa: E402

TAG = {"persName": "person", "placeName": "place", "orgName": "org"}


def _ents(text):
    return [(text[s.start:s.end], TAG[s.tag]) for s in recognize(text)]


@pytest.mark.parametrize("text, expected", [
    ("В 1921 г. создается Коммунистическая партия Китая (КПК).",
     [("Коммунистическая партия Китая", "org"), ("КПК", "org")]),
    ("ВОКС активно сотрудничало с ОГПУ-НКВД.", [("ВОКС", "org"), ("ОГПУ", "org"), ("НКВД", "org")]),
    ("Правительство ДВР направило ноту.", [("ДВР", "place")]),
    ("Войска подошли к р. Хуанхэ.", [("Хуанхэ", "place")]),
    ("Атаман Семенов бежал в Маньчжурию.", [("Семенов", "person"), ("Маньчжурию", "place")]),
    ("Работа Е.Г. Спальвин была издана.", [("Е.Г. Спальвин", "person")]),
    ("Хингано-Мукденская и Сунгарийская операции завершились.", []),
    ("Северный поход начался летом.", []),
    ("Гоминьдан заключает союз с коммунистами.", [("Гоминьдан", "org")]),
    ("бригады 9-й танковой бригады Квантунской армии", [("9-й танковой бригады", "org"), ("Квантунской армии", "org")]),
    ("войск Забайкальского, 1-го и 2-го Дальневосточных фронтов",
     [("Забайкальского", "org"), ("1-го", "org"), ("2-го Дальневосточных фронтов", "org")]),
    ("НЕМНОГО ИЗ ИСТОРИИ КИТАЯ", [("КИТАЯ", "place")]),
    ("Книга Е.М. Жукова \"История Японии\" вышла в 1939 г.", [("Е.М. Жукова", "person"), ("Японии", "place")]),
])
def test_recognize_table(text, expected):
    assert _ents(text) == expected


def test_recognize_keys_shared_with_alias():
    spans = recognize("Национальная партия (Гоминьдан) победила.")
    assert [s.attrs["key"] for s in spans] == ["org-gomindan", "org-gomindan"]


def test_annotate_document_refs_dates_and_notes():
    p = Block("p", "В 1925 г. Л.М. Карахан прибыл в Японию, а 4 апреля уехал.",
              marks=[Mark(10, "note", n="1", text="Доклад Карахана в НКИД.")])
    doc = Document("d", Metadata(), body=[Division("chapter", Block("head", "Глава 1. Япония"), [p])])
    reg = annotate_document(doc)
    tags = {(p.text[s.start:s.end], s.tag, s.attrs.get("ref"), s.attrs.get("when")) for s in p.spans}
    assert ("Л.М. Карахан", "persName", "registers.xml#per-karakhan", None) in tags
    assert ("4 апреля", "date", None, "1925-04-04") in tags
    assert all(s.attrs.get("resp") == "#tei-edition" for s in p.spans if s.tag != "date")
    assert {e.id for e in reg.places} == {"pl-japan"}
    assert reg.entries["pl-japan"].count == 2  # the heading counts, the note does not
