"""What the edition's registers promise a reader, measured on the committed edition.

The committed ``tei/`` is exactly what a build writes (``test_sources``), so these figures are
those of the published edition: places on the map, names inside the notes.
"""

from __future__ import annotations

import pytest
from lxml import etree

from conftest import NS, ROOT
from tei_edition.tei.ns import XML_ID
TEXTS = ("thesis", "book")


def _tree(name: str) -> etree._ElementTree:
    return etree.parse(str(ROOT / "tei" / f"{name}.xml"))


def _places_with_coordinates() -> set[str]:
    registers = _tree("registers")
    return {p.get(XML_ID) for p in registers.iterfind(".//t:place", NS)
            if p.find("t:location/t:geo", NS) is not None}


def test_most_place_mentions_belong_to_an_entry_with_coordinates():
    located = _places_with_coordinates()
    refs = [m.get("ref", "").rpartition("#")[2]
            for name in TEXTS for m in _tree(name).iterfind(".//t:text//t:placeName", NS)]
    assert len(refs) > 100
    share = sum(ref in located for ref in refs) / len(refs)
    assert share >= 0.8, f"only {share:.1%} of {len(refs)} place mentions can be drawn on the map"


@pytest.mark.parametrize("kind", ["persName", "placeName", "orgName"])
def test_names_inside_the_thesis_notes_are_tagged_and_linked(kind):
    mentions = _tree("thesis").findall(f".//t:text//t:note//t:{kind}", NS)
    assert mentions, f"no {kind} inside the thesis's notes"
    assert all(m.get("ref", "").startswith("registers.xml#") for m in mentions)


def test_at_least_a_hundred_entities_inside_the_thesis_notes():
    names = _tree("thesis").xpath(
        "//t:text//t:note//*[self::t:persName or self::t:placeName or self::t:orgName]", namespaces=NS)
    assert len(names) >= 100, len(names)
