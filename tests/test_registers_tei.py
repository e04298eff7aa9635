"""The corpus register file: TEI standOff lists, deterministic, valid against tei_all."""

from __future__ import annotations

import pytest
from lxml import etree

from conftest import NS, TEI_ALL, jing_messages

from tei_edition.annotate.linking import RegisterEntry, Registers
from tei_edition.tei.registers import registers_to_tei, spelling_variants, tei_mentions, tei_to_registers
from tei_edition.tei.ns import TEI_NS
from tei_edition.tei.writer import serialize

SCHEMA = TEI_ALL


def _registers() -> Registers:
    reg = Registers()
    reg.add("per-karakhan", "person", "Карахан, Л.М.", "Л.М. Караханом")
    reg.add("per-karakhan", "person", "Карахан, Л.М.", "Карахан")
    reg.add("per-yuan-shikai", "person", "Юань Шикай", "Юань Шикаем")
    reg.add("per-lenin", "person", "Ленин", "Ленина")
    reg.add("pl-japan", "place", "Япония", "Японией", "Q17")
    reg.add("org-kvzhd", "org", "КВЖД", "КВЖД")
    reg.entries["per-lenin"].birth, reg.entries["per-lenin"].death = "1870-04-22", "январь 1924"
    reg.entries["pl-tokio"] = RegisterEntry("pl-tokio", "place", "Токио", curated=True, geo=(35.68, 139.77),
                                            wikidata="Q1490", note="Столица Японии.")
    return reg


def _xml(reg: Registers, notes: bool = True) -> etree._Element:
    return etree.fromstring(serialize(registers_to_tei(reg, notes=notes)))


@pytest.mark.parametrize("xpath, expected", [
    ("/t:TEI/@xml:id", ["registers"]),
    ("//t:titleStmt/t:title/text()", ["Указатели имён, мест и организаций"]),
    ("//t:listPerson/t:person/@xml:id", ["per-karakhan", "per-lenin", "per-yuan-shikai"]),
    ("//t:person[@xml:id='per-karakhan']/t:persName[@type='canonical']/t:surname/text()", ["Карахан"]),
    ("//t:person[@xml:id='per-karakhan']/t:persName[@type='canonical']/t:forename/text()", ["Л.М."]),
    ("//t:person[@xml:id='per-karakhan']/t:persName[@type='variant']/text()", []),  # case forms only
    ("//t:person[@xml:id='per-karakhan']/t:note[@type='mentions']/@n", ["2"]),
    ("//t:person[@xml:id='per-yuan-shikai']/t:persName[@type='canonical']/text()", ["Юань Шикай"]),
    ("//t:person[@xml:id='per-lenin']/t:birth/@when", ["1870-04-22"]),
    ("//t:person[@xml:id='per-lenin']/t:death/text()", ["январь 1924"]),
    ("//t:listPlace/t:place/@xml:id", ["pl-japan", "pl-tokio"]),
    ("//t:place[@xml:id='pl-japan']/t:idno[@type='wikidata']/text()", ["Q17"]),
    ("//t:place[@xml:id='pl-tokio']/t:location/t:geo/text()", ["35.68 139.77"]),
    ("//t:place[@xml:id='pl-tokio']/@cert", ["high"]),
    ("//t:place[@xml:id='pl-japan']/@cert", []),
    ("//t:listOrg/t:org/t:orgName[@type='canonical']/text()", ["КВЖД"]),
    ("//t:place[@xml:id='pl-tokio']/t:note[@type='editorial']/text()", ["Столица Японии."]),
])
def test_registers_tei_structure(xpath, expected):
    assert _xml(_registers()).xpath(xpath, namespaces=NS) == expected


def test_registers_variants_are_spellings_not_case_forms():
    reg = Registers()
    for form in ("Иокогаму", "Йокагамы", "Йокагама", "Иокогама"):
        reg.add("pl-yokohama", "place", "Иокогама", form)
    for form in ("Л.М. Карахану", "Караханом", "Л. Караханъ"):
        reg.add("per-karakhan", "person", "Карахан, Л.М.", form)
    root = _xml(reg)
    assert root.xpath("//t:place/t:placeName[@type='variant']/text()", namespaces=NS) == ["Йокагама"]
    assert root.xpath("//t:person/t:persName[@type='variant']/text()", namespaces=NS) == ["Караханъ"]


def test_registers_tei_is_deterministic():
    a = _registers()
    b = Registers(dict(reversed(list(_registers().entries.items()))))
    assert serialize(registers_to_tei(a)) == serialize(registers_to_tei(b))


def test_registers_tei_without_notes_for_the_project_schema():
    assert _xml(_registers(), notes=False).xpath("//t:note", namespaces=NS) == []


def test_registers_tei_round_trip():
    back = tei_to_registers(_xml(_registers()))
    orig = _registers()
    assert sorted(back.entries) == sorted(orig.entries)  # counts travel in the mentions notes
    for ident, e in orig.entries.items():
        b = back.entries[ident]
        assert (b.type, b.canonical, b.count, b.wikidata, b.curated, b.birth, b.death, b.geo) == \
            (e.type, e.canonical, e.count, e.wikidata, e.curated, e.birth, e.death, e.geo)
        assert set(b.variants) == set(spelling_variants(e))


VARIANTS = {"full": (_registers(), True), "plain": (_registers(), False), "empty": (Registers(), False)}


@pytest.fixture(scope="module")
def tei_all_messages(tmp_path_factory) -> dict[str, list[str]]:
    """jing's messages (tei_all) on the register file of each of :data:`VARIANTS`, checked in one
    jing run (conftest ``jing_messages``)."""
    folder = tmp_path_factory.mktemp("registers")
    paths = {}
    for name, (reg, notes) in VARIANTS.items():
        paths[name] = folder / f"registers-{name}.xml"
        paths[name].write_bytes(serialize(registers_to_tei(reg, notes=notes)))
    messages = jing_messages(SCHEMA, list(paths.values()))
    return {name: messages[path.resolve()] for name, path in paths.items()}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_registers_tei_valid_against_tei_all(name, tei_all_messages):
    assert tei_all_messages[name] == [], "\n".join(tei_all_messages[name])


def test_registers_tei_mentions_from_text():
    xml = (f'<TEI xmlns="{TEI_NS}" xml:id="d"><text><body><p xml:id="d-p-1">'
           '<persName ref="registers.xml#per-karakhan" resp="#tei-edition">Карахан</persName> писал'
           '<note xml:id="n1"><persName ref="registers.xml#per-ioffe">Иоффе</persName></note> в '
           '<placeName ref="registers.xml#pl-tokio" resp="#tei-edition">Токио</placeName>.</p></body></text></TEI>')
    ms = tei_mentions(etree.fromstring(xml))
    assert [(m.surface, m.type, m.entry, m.automatic, m.unit_id, m.unit_text[m.start:m.end]) for m in ms] == [
        ("Карахан", "person", "per-karakhan", True, "d-p-1", "Карахан"),
        ("Иоффе", "person", "per-ioffe", False, "n1", "Иоффе"),
        ("Токио", "place", "pl-tokio", True, "d-p-1", "Токио")]
    assert ms[0].unit_text == "Карахан писал в Токио."  # the note is not part of the paragraph's text
