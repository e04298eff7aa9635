"""Names in footnote bodies: tagged and linked like the running text, nested where TEI allows."""

from __future__ import annotations

import pytest

pytest.importorskip("natasha")

from lxml import etree  # noqa: E402

from conftest import NS, ROOT  # noqa: E402
from tei_edition.annotate.bibl import annotate_notes  # noqa: E402
from tei_edition.annotate.knowledge import use_curation  # noqa: E402
from tei_edition.annotate.linking import Registers  # noqa: E402
from tei_edition.annotate.notes import annotate_note_entities  # noqa: E402
from tei_edition.model import Block, Division, Document, Mark, Metadata  # noqa: E402
from tei_edition.tei.writer import build_tei, serialize  # noqa: E402


@pytest.fixture(autouse=True)
def _edition_names():
    use_curation(ROOT / "curation")
    yield
    use_curation(None)


def _doc(*notes: str) -> Document:
    p = Block("p", "Текст главы о переговорах.", marks=[Mark(5 + i, "note", n=str(i + 1), text=t, id=f"d-n{i + 1}")
                                                        for i, t in enumerate(notes)])
    return Document("d", Metadata(), body=[Division("chapter", Block("head", "Глава"), [p])])


def test_note_names_linked_and_nested():
    doc = _doc("Кутаков, Л.Н. Советско-японские отношения / Л.Н. Кутаков. – М.: Наука, 1962. – С. 15.",
               "Беседа Л.М. Карахана с послом Японии состоялась в Пекине 3 мая 1924 г.")
    annotate_notes(doc)
    reg = Registers()
    added = annotate_note_entities(doc, reg)
    root = etree.fromstring(serialize(build_tei(doc)))
    names = {("".join(x.itertext()), x.getparent().tag.split("}")[1], x.get("ref"))
             for x in root.xpath("//t:note//*[self::t:persName or self::t:placeName or self::t:orgName]",
                                 namespaces=NS)}
    assert ("Л.М. Карахана", "note", "registers.xml#per-karakhan") in names
    assert ("Пекине", "note", "registers.xml#pl-beijing") in names
    # the cited author becomes a register entry; nothing is tagged inside the title
    assert any(parent in ("author", "bibl") and ref == "registers.xml#per-kutakov" for _, parent, ref in names)
    assert not root.xpath("//t:title//*", namespaces=NS)
    assert root.xpath("//t:note//t:date[@when='1924-05-03']", namespaces=NS)
    assert added == len(names) and reg.entries["per-karakhan"].count == 1
