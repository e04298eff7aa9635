"""recognize: span boundaries and types per the gold guidelines, and annotate_document."""

from __future__ import annotations

import pytest

pytest.importorskip("natasha")

from conftest import ROOT  # noqa: E402
from tei_edition.annotate import annotate_document, recognize  # noqa: E402
from tei_edition.annotate.knowledge import use_curation  # noqa: E402
from tei_edition.model import Block, Division, Document, Mark, Metadata  # noqa: E402


@pytest.fixture(autouse=True)
def _edition_names():
    """The edition's own names come from the project's curation/names.toml, as in a build."""
    use_curation(ROOT / "curation")
    yield
    use_curation(None)


def _ents(text):
    return [(text[s.start:s.end], s.kind) for s in recognize(text)]


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


# Context rules: ships, generic forces, ethnonyms, institution names, persons after titles, and
# one sense per discourse. Each row: text -> expected (surface, type) spans.
@pytest.mark.parametrize("text, expected", [
    # ships are not entities, quoted or (for unambiguous vessel words) bare
    ('Русская шхуна "Вега" и русский катер "Анна" были потоплены близ Сахалина.', [("Сахалина", "place")]),
    ("В порт Иокогамы прибыл пароход «Ленин» с грузом.", [("Иокогамы", "place")]),
    ("Крейсер Варяг вышел из Чемульпо.", [("Чемульпо", "place")]),
    ("Нотой был подтверждён транспорт КВЖД.", [("КВЖД", "org")]),  # bare name after "транспорт" stays
    # a nationality adjective + a generic armed service
    ("Охрану должны были обеспечить японские ВМС.", []),
    # ethnonyms, even capitalised at a sentence start
    ("Был направлен против СССР. В тоже время Японцы развернули на север войска.", [("СССР", "place")]),
    # ministry + fixed domain + state in the genitive: one org, lower case too
    ("В ответ министерству иностранных дел Японии была направлена нота.",
     [("министерству иностранных дел Японии", "org")]),
    ("Телеграмма в народный комиссариат иностранных дел СССР от 16 марта.",
     [("народный комиссариат иностранных дел СССР", "org")]),
    ("Нота была передана министру иностранных дел Японии Я. Утида.", [("Японии", "place"), ("Я. Утида", "person")]),
    # a body head + a known organisation
    ("Декрет предписывал образовать при Президиуме ВЦИК комиссию.", [("Президиуме ВЦИК", "org")]),
    # a capitalised word after a title is a person even when it is also a dictionary word
    ("Они позволили вывести эскадру из Владивостока адмиралу Старку.",
     [("Владивостока", "place"), ("Старку", "person")]),
    # one sense per discourse: the oblique form of a surname recognised in the same text
    ("Эскадру увёл генерал Г.К. Старк. Японцы позволили Старку уйти в Манилу.",
     [("Г.К. Старк", "person"), ("Старку", "person"), ("Манилу", "place")]),
    # a surname introduced with a forename is trusted where it is also a dictionary word
    ("Замминистра Пётр Сомов выступил на совещании. Сомов отметил, что переговоры продолжатся.",
     [("Пётр Сомов", "person"), ("Сомов", "person")]),
    # adjectives conjoined with a place share its noun; a place noun + adjective compound
    ("Пожары охватили леса Тверской и Смоленской областей.",
     [("Тверской", "place"), ("Смоленской областей", "place")]),
    ("Петропавловск-Камчатский морской порт закрыт.", [("Петропавловск-Камчатский", "place")]),
    # list marks and commas between surnames end a name
    ("Счёт: Сидоров (Петров, Кузнецов) • Мальта • Монако • Намибия",
     [("Сидоров", "person"), ("Петров", "person"), ("Кузнецов", "person"), ("Мальта", "place"),
      ("Монако", "place"), ("Намибия", "place")]),
    # common words capitalised only at a sentence start describe, they do not name
    ("Оппозиционные силы объявили бойкот выборов.", []),
])
def test_recognize_context_rules(text, expected):
    assert _ents(text) == expected


@pytest.mark.parametrize("text, key", [
    ("вывести эскадру адмиралу Старку.", "per-stark"),  # the title's dative gives the nominative
    ("Эскадру увёл Г.К. Старк. Японцы позволили Старку уйти.", "per-stark"),
    ("Телеграмма в народный комиссариат иностранных дел СССР.", "org-nkid"),
    ("Нота министерству иностранных дел Японии.", "org-ministerstvo-inostrannykh-del-yaponii"),
    ("Пожары охватили леса Тверской и Смоленской областей.", "pl-smolenskaya-oblast"),
    ("Пожары охватили леса Смоленской и Тверской областей.", "pl-tverskaya-oblast"),
    ("Директор Кирилл Ершов покинул пост. Ершов назначен руководителем.", "per-ershov"),
])
def test_context_rules_keys(text, key):
    assert recognize(text)[-1].key == key


@pytest.mark.parametrize("rule, text, surface", [
    ("vessels", 'В ней говорилось о том, что русская шхуна "Вега" и русский катер "Анна" были потоплены '
                'японскими пиратами близ Сахалина.', "Вега"),
    ("generic_forces", "Охрану должны были обеспечить японские ВМС.", "ВМС"),
    ("ethnonyms", "Был направлен против СССР. В тоже время Японцы развернули на север войска.", "Японцы"),
    ("discourse", "Эскадру увёл Г.К. Старк. Японцы позволили Старку уйти.", "Старку"),
    ("title_persons", "вывести эскадру адмиралу Старку.", "Старку"),
    ("discourse", "Замминистра Пётр Сомов выступил на совещании. Сомов отметил, что переговоры продолжатся.",
     "Сомов"),
    ("split_lists", "Счёт: Сидоров • Мальта • Монако • Намибия", "Монако"),
    ("descriptions", "Оппозиционные силы объявили бойкот выборов.", "Оппозиционные силы"),
])
def test_context_rule_is_what_decides(rule, text, surface):
    """Each row's decision (whether the surface is a name, or whose name it is) is made by the
    named rule: switched off, the outcome changes."""
    with_rule = {(s.key, s.kind) for s in recognize(text) if text[s.start:s.end] == surface}
    without = {(s.key, s.kind) for s in recognize(text, disable=frozenset({rule}))
               if text[s.start:s.end] == surface}
    assert with_rule != without


def test_recognize_keys_shared_with_alias():
    spans = recognize("Национальная партия (Гоминьдан) победила.")
    assert [s.key for s in spans] == ["org-gomindan", "org-gomindan"]


def test_annotate_document_refs_dates_and_notes():
    p = Block("p", "В 1925 г. Л.М. Карахан прибыл в Японию, а 4 апреля уехал.",
              marks=[Mark(10, "note", n="1", text="Доклад Карахана в НКИД.")])
    doc = Document("d", Metadata(), body=[Division("chapter", Block("head", "Глава 1. Япония"), [p])])
    reg = annotate_document(doc)
    tags = {(p.text[s.start:s.end], s.kind, s.key, s.values.get("when")) for s in p.spans}
    assert ("Л.М. Карахан", "person", "per-karakhan", None) in tags
    assert ("4 апреля", "date", "", "1925-04-04") in tags
    assert all(s.auto for s in p.spans if s.kind != "date")
    assert {e.id for e in reg.places} == {"pl-japan"}
    assert reg.entries["pl-japan"].count == 2  # the heading counts, the note does not
