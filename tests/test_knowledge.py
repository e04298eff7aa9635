"""Knowledge split: the library knows general names, the edition its own (curation/names.toml)."""

from __future__ import annotations

import pytest

from conftest import ROOT
from tei_edition.annotate.knowledge import edition_knowledge, library_entries, use_curation
from tei_edition.annotate.linking import gazetteer, link_key
from tei_edition.diagnostics import EditionError

PROJECT_CURATION = ROOT / "curation"


@pytest.fixture(autouse=True)
def _reset():
    yield
    use_curation(None)


def test_library_holds_no_persons_of_the_texts():
    """The packaged gazetteer is general: the texts' persons are the edition's."""
    assert not [e.id for e in library_entries() if e.type == "person"]
    edition = {e.id for e in edition_knowledge(PROJECT_CURATION).entries}
    assert {"per-karakhan", "per-yuan-shikai", "per-zhang-zuolin"} <= edition


def test_edition_names_only_with_curation():
    use_curation(None)
    assert gazetteer().lookup("Шикай") is None
    assert link_key("Ю. Шикаем", "person")[0] != "per-yuan-shikai"
    use_curation(PROJECT_CURATION)
    assert gazetteer().lookup("Шикай").id == "per-yuan-shikai"
    assert link_key("Ю. Шикаем", "person")[0] == "per-yuan-shikai"


def test_edition_adds_forms_to_a_library_entry(tmp_path):
    (tmp_path / "names.toml").write_text('[[place]]\nid = "pl-rsfsr"\nforms = ["РФСФР"]\n', encoding="utf-8")
    use_curation(None)
    assert gazetteer().lookup("РФСФР") is None
    use_curation(tmp_path)
    entry = gazetteer().lookup("РФСФР")
    assert entry.id == "pl-rsfsr" and entry.canonical == "РСФСР"
    assert gazetteer().lookup("РСФСР").id == "pl-rsfsr"  # the library's own forms stay


def test_edition_stop_words(tmp_path):
    from tei_edition.annotate.entities import recognize

    text = "Гастроли театра «Кабуки» прошли в Москве."
    use_curation(tmp_path)  # no names.toml: nothing added
    without = {text[s.start:s.end] for s in recognize(text)}
    (tmp_path / "names.toml").write_text('[stop]\nwords = ["кабуки"]\n', encoding="utf-8")
    use_curation(tmp_path)
    with_stop = {text[s.start:s.end] for s in recognize(text)}
    assert "Москве" in with_stop and "Кабуки" not in with_stop
    assert with_stop <= without


@pytest.mark.parametrize("content, message", [
    ("[[person]\n", "invalid TOML"),
    ('[[person]]\nid = "per-x"\nforms = ["X"]\nbirth = "1900"\n', "unknown key 'birth'"),
    ('[[place]]\nid = "per-x"\nforms = ["X"]\n', "'id' must be a string starting with 'pl-'"),
    ('[[org]]\nid = "org-x"\nforms = "X"\n', "'forms' must be a list"),
    ('[[persons]]\nid = "per-x"\n', "unknown table 'persons'"),
    ('[stop]\nwords = "цин"\n', "[stop] words must be a list"),
])
def test_bad_names_file(tmp_path, content, message):
    (tmp_path / "names.toml").write_text(content, encoding="utf-8")
    with pytest.raises(EditionError) as err:
        edition_knowledge(tmp_path)
    assert err.value.source.endswith("names.toml") and message in err.value.message
