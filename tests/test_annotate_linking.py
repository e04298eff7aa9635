"""Identity keys: one key per real entity whatever the case form or initials."""

from __future__ import annotations

import pytest

from conftest import ROOT
from tei_edition.annotate.knowledge import use_curation
from tei_edition.annotate.linking import Registers, link_document, link_key, nominative_phrase, translit
from tei_edition.model import Span


@pytest.fixture(autouse=True)
def _edition_names():
    """The edition's own names come from the project's curation/names.toml, as in a build."""
    use_curation(ROOT / "curation")
    yield
    use_curation(None)


@pytest.mark.parametrize("forms, type_, key", [
    (["Карахан", "Л.М. Караханом", "Л. Карахан", "Карахану"], "person", "per-karakhan"),
    (["Япония", "Японией", "Японию"], "place", "pl-japan"),
    (["СССР", "Советский Союз", "Советского Союза"], "place", "pl-sssr"),
    (["КВЖД", "Китайско-Восточной железной дороги"], "org", "org-kvzhd"),
    (["Гоминьдан", "Гоминдан", "гоминдана", "Гоминьданом"], "org", "org-gomindan"),
    (["Юань Шикай", "Ю. Шикаем", "Шикай"], "person", "per-yuan-shikai"),
    (["Кутакова", "Л.Н. Кутакова", "Кутаков"], "person", "per-kutakov"),
    (["Дальнем Востоке", "Дальний Восток"], "place", "pl-dalnii-vostok"),
])
def test_link_key_same_entity(forms, type_, key):
    assert {link_key(f, type_)[0] for f in forms} == {key}


@pytest.mark.parametrize("a, b", [("О. Каменевой", "Л. Каменева"), ("Япония", "Китай")])
def test_link_key_different_entities(a, b):
    type_ = "person" if "." in a else "place"
    assert link_key(a, type_)[0] != link_key(b, type_)[0]


@pytest.mark.parametrize("text, canonical", [
    ("Л.М. Карахан", "Карахан, Л.М."),  # no genitive plural of a forename «Карахана»
    ("Л.М. Карахана", "Карахан, Л.М."),
    ("Карахан", "Карахан"),
    ("Кирилл Ершов", "Ершов, Кирилл"),  # no genitive plural of «ёрш»
    ("Анна Ахматова", "Ахматова, Анна"),  # the forename tells the gender
    ("Анны Ахматовой", "Ахматова, Анны"),
    ("Иван Петрова", "Петров, Иван"),
])
def test_person_headword_from_language_knowledge(text, canonical):
    """Headwords come out right from the library's knowledge alone, without the edition's names."""
    use_curation(None)
    assert link_key(text, "person")[1] == canonical


@pytest.mark.parametrize("words, nom", [
    (["Петропавловска-Камчатского"], "Петропавловск-Камчатский"),
    (["Николаевске-на-Амуре"], "Николаевск-на-Амуре"),
    (["Квантунской", "армии"], "Квантунская армия"),
    (["Курильских", "островов"], "Курильские острова"),
    (["Внешней", "Монголии"], "Внешняя Монголия"),
])
def test_nominative_phrase(words, nom):
    assert nominative_phrase(words) == nom


def test_translit_ids_are_ascii():
    assert translit("Маньчжоу-го") == "manchzhou-go"


def test_link_document_feminine_reading():
    spans = [Span(0, 1, "person", "per-lozhkina", {"canonical": "Ложкина, А.С."})]
    k, c, _ = link_key("Ложкина А.С.", "person")
    from tei_edition.annotate.linking import alt_person_key
    alt = alt_person_key("Ложкина А.С.")
    amb = Span(0, 1, "person", k, {"canonical": c, "key_alt": alt[0], "canonical_alt": alt[1]})
    link_document(spans + [amb])
    assert amb.key == "per-lozhkina" and "key_alt" not in amb.values


def test_registers_counts_and_variants():
    reg = Registers()
    reg.add("per-karakhan", "person", "Карахан, Лев Михайлович", "Л.М. Караханом")
    reg.add("per-karakhan", "person", "Карахан, Лев Михайлович", "Карахан")
    (e,) = reg.persons
    assert (e.count, e.surname, e.forename) == (2, "Карахан", "Лев Михайлович")
    assert set(e.variants) == {"Л.М. Караханом", "Карахан"}
