"""``tei-edition new``: scaffold -> add a text -> build, as a new user would."""

from __future__ import annotations

import tomllib

from lxml import etree

from conftest import TEI, run_cli
from synth_plain import gutenberg, layout


run = run_cli


def test_new_add_text_build(tmp_path):
    res = run(["new", "myed", "--title", "Folk lore"], tmp_path)
    assert res.exit_code == 0, res.output
    ed = tmp_path / "myed"
    assert (ed / "sources").is_dir() and (ed / "curation").is_dir() and (ed / "README.md").is_file()
    config = (ed / "edition.toml").read_text(encoding="utf-8")
    assert tomllib.loads(config)["edition"]["title"] == "Folk lore"
    # building before any text is listed says what is missing
    res = run(["build", "--tei-only"], ed)
    assert res.exit_code == 2 and "no [[source]]" in res.output
    # add two generated texts: English Gutenberg-style (language detected) and Russian layout text
    (ed / "sources" / "lore.txt").write_text(gutenberg(3).text, encoding="utf-8")
    (ed / "sources" / "book.txt").write_text(layout(2).text, encoding="utf-8")
    config += ('\n[[source]]\nid = "lore"\nfile = "sources/lore.txt"\n'
               '\n[[source]]\nid = "book"\nfile = "sources/book.txt"\nlanguage = "ru"\n')
    (ed / "edition.toml").write_text(config, encoding="utf-8")
    res = run(["build", "--tei-only"], ed)
    assert res.exit_code == 0, res.output
    assert "no entity model for language 'en'" in res.output  # one warning line, structure still built
    lore = etree.parse(str(ed / "tei" / "lore.xml")).getroot()
    assert lore.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert len(lore.findall(f".//{TEI}text//{TEI}note")) == len(gutenberg(3).truth.notes)
    decl = " ".join(lore.find(f".//{TEI}editorialDecl").itertext())
    assert "no page signal" in decl and "two columns" not in decl
    book = etree.parse(str(ed / "tei" / "book.xml")).getroot()
    assert len(book.findall(f".//{TEI}text//{TEI}pb")) == len(layout(2).truth.pages)
    assert "Источник состоит из" in " ".join(book.find(f".//{TEI}editorialDecl").itertext())
    res = run(["validate", "tei"], ed)
    assert res.exit_code == 0, res.output


def test_new_refuses_a_folder_with_files(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "edition.toml").write_text("x", encoding="utf-8")
    res = run(["new", "old"], tmp_path)
    assert res.exit_code == 2 and "not an empty folder" in res.output
    assert (tmp_path / "old" / "edition.toml").read_text(encoding="utf-8") == "x"
