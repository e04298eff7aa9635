"""Validator behaviour on the fixture corpus: exact diagnostics per invalid fixture, valid ones pass.

Each file in tests/fixtures/invalid/ holds one kind of problem (one rule, or one common error);
tests/fixtures/invalid/corpus/ is a small corpus for the cross-file rules. Expected lines are
``file:line:column: severity: message [rule-id]`` relative to the fixture folder (hints left out).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from lxml import etree

from tei_edition.validate.engine import (CORPUS_RULES, ValidationOptions, validate_paths, validate_report,
                                  validate_tree)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
INVALID = FIXTURES / "invalid"
VALID = FIXTURES / "valid"

EXPECTED = {
    'bad-attribute-value.xml': [
        'bad-attribute-value.xml:22:7: error: <div> has an invalid value type="chapterr" [schema-attribute]',
    ],
    'bad-date-format.xml': [
        'bad-date-format.xml:22:19: error: <date> has an invalid value when="15.12.1920" [schema-attribute]',
    ],
    'billion-laughs.xml': [
        'billion-laughs.xml:3:1: error: DOCTYPE declarations are not allowed: edition files use no DTD and no entities (refused unparsed, so external entities and entity expansion cannot be abused) [xml-doctype]',
    ],
    'corpus': [
        'corpus/a.xml:23:24: error: <persName> ref="registers.xml#per-nobody" does not resolve to a register entry [ref-target]',
        'corpus/a.xml:23:84: error: <orgName> ref="registers.xml#pl-harbin" points to a <place>, expected a <org> [ref-kind]',
        'corpus/a.xml:24:24: error: register file "missing.xml" of ref="missing.xml#org-x" is missing or not well-formed (further references to it in this file not reported) [ref-file]',
        'corpus/b.xml:22:7: error: xml:id "shared-p" is already used at corpus/a.xml:22 [id-unique]',
        'corpus/registers.xml:2:1: error: xml:id "registers" is already used at corpus/b.xml:23 [id-unique]',
        'corpus/registers.xml:25:7: warning: register entry "per-unused" is not referenced by any file of this run [register-unused]',
    ],
    'date-from-to.xml': [
        'date-from-to.xml:22:10: error: span ends before it starts: from="1922" to="1920" [date-from-to]',
    ],
    'date-invalid.xml': [
        'date-invalid.xml:22:10: error: @when="1920-02-30" is not a date of the calendar [date-valid]',
        'date-invalid.xml:22:58: error: @when="1900-02-29" is not a date of the calendar [date-valid]',
        'date-invalid.xml:22:95: error: @when="--13-01" is not a date of the calendar [date-valid]',
        'date-invalid.xml:22:170: error: @from="1920-04-31" is not a date of the calendar [date-valid]',
    ],
    'date-notbefore-notafter.xml': [
        'date-notbefore-notafter.xml:22:10: error: range ends before it starts: notBefore="1929" notAfter="1920" [date-notbefore-notafter]',
    ],
    'div-without-head.xml': [
        'div-without-head.xml:22:7: warning: div type="chapter" has no head [div-head]',
    ],
    'duplicate-id.xml': [
        'duplicate-id.xml:23:7: error: xml:id "p1" is already used in this file at line 22 [id-unique]',
    ],
    'head-empty.xml': [
        'head-empty.xml:23:9: error: empty heading [head-empty]',
    ],
    'malformed.xml': [
        'malformed.xml:22:34: error: Opening and ending tag mismatch: hi line 22 and p [xml-wellformed]',
    ],
    'missing-child.xml': [
        'missing-child.xml:4:5: error: <fileDesc> is incomplete: a required child element is missing [schema-content]',
    ],
    'note-empty.xml': [
        'note-empty.xml:22:15: error: note 1 is empty [note-content]',
    ],
    'note-without-n.xml': [
        'note-without-n.xml:22:15: error: note has no @n (the number printed in the source) [note-n]',
    ],
    'p-empty.xml': [
        'p-empty.xml:23:7: error: empty paragraph [p-empty]',
        'p-empty.xml:24:7: error: empty paragraph [p-empty]',
    ],
    'pb-order.xml': [
        'pb-order.xml:22:50: error: page break n="15" does not increase: the previous page break has n="15" [pb-order]',
        'pb-order.xml:22:68: error: page break n="3" does not increase: the previous page break has n="15" [pb-order]',
    ],
    'pointer-dangling.xml': [
        'pointer-dangling.xml:22:10: error: @resp="#annotator": no element has xml:id "annotator" in this file [pointer-target]',
        'pointer-dangling.xml:32:7: warning: register entry "pl-a" is not referenced by any file of this run [register-unused]',
    ],
    'ref-local.xml': [
        'ref-local.xml:22:10: error: <persName> ref="#per-x" does not resolve to a register entry [ref-target]',
        'ref-local.xml:22:53: error: <placeName> ref="#per-a" points to a <person>, expected a <place> [ref-kind]',
    ],
    'register-name.xml': [
        'register-name.xml:22:7: error: person "per-a" has no canonical name (a non-empty, non-variant first name) [register-name]',
        'register-name.xml:25:7: error: person "per-b" has no canonical name (a non-empty, non-variant first name) [register-name]',
        'register-name.xml:32:9: error: <idno> has an invalid value "q123" [schema-content]',
    ],
    'run-in-outside-subsection.xml': [
        'run-in-outside-subsection.xml:23:9: error: run-in head is not the head of a div type="subsection" [run-in-subsection]',
    ],
    'text-outside-block.xml': [
        'text-outside-block.xml:22:7: error: text "Бродячий текст." stands directly in <div>, outside any block [text-outside-block]',
    ],
    'unknown-attribute.xml': [
        'unknown-attribute.xml:22:7: error: <p> does not allow the attribute style [schema-attribute]',
    ],
    'wrong-element.xml': [
        'wrong-element.xml:24:9: error: <para> is not allowed here inside <div> [schema-element]',
    ],
    'xxe.xml': [
        'xxe.xml:2:1: error: DOCTYPE declarations are not allowed: edition files use no DTD and no entities (refused unparsed, so external entities and entity expansion cannot be abused) [xml-doctype]',
    ],
}


def _lines(diags, base: Path = INVALID) -> list[str]:
    prefix = f"{base}/"
    return [f"{d.source}:{d.line}:{d.column}: {d.severity}: {d.message} [{d.code}]".replace(prefix, "")
            for d in diags]


def test_validate_every_invalid_fixture_is_listed():
    assert sorted(EXPECTED) == sorted(p.name for p in INVALID.iterdir())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_invalid_fixture_exact_messages(name):
    diags = validate_paths([INVALID / name])
    assert _lines(diags) == EXPECTED[name]
    assert all(d.hint for d in diags if d.code not in ("xml-wellformed",)), "every rule gives a fix hint"


def test_validate_valid_fixtures_are_clean():
    report = validate_report([VALID])
    assert [str(d) for d in report.diagnostics] == []
    assert report.exit_status == 0
    assert len(report.files) == 4


def test_validate_schematron_rules_all_exercised():
    """Every Schematron and corpus rule has at least one invalid fixture."""
    from tei_edition.validate.schema_files import schema_path
    from tei_edition.validate.schematron import Schematron

    fired = {line.rsplit("[", 1)[1].rstrip("]") for lines in EXPECTED.values() for line in lines}
    rules = {a.id for a in Schematron.from_path(schema_path("tei-edition.sch")).assertions()}
    assert rules | set(CORPUS_RULES) <= fired


def test_validate_exit_status_and_summary():
    report = validate_report([INVALID / "div-without-head.xml"])
    assert report.exit_status == 0  # warnings only
    assert report.summary() == "1 file checked, 0 invalid: 0 errors, 1 warning"
    assert validate_report([INVALID / "p-empty.xml"]).exit_status == 1
    assert validate_report([INVALID / "does-not-exist.xml"]).exit_status == 2


def test_validate_huge_file_refused(tmp_path):
    big = tmp_path / "big.xml"
    big.write_bytes(b"<TEI>" + b" " * 3 * 2**20 + b"</TEI>")
    report = validate_report([big], options=ValidationOptions(max_bytes=2**20))
    assert [(d.code, d.severity) for d in report.diagnostics] == [("xml-too-large", "error")]
    assert "over the 1 MiB limit" in report.diagnostics[0].message
    assert report.exit_status == 2


def test_validate_safe_parser_survives_entity_bomb_without_the_doctype_guard():
    """Defence in depth: even if the DOCTYPE refusal were bypassed, nothing is expanded."""
    from tei_edition.tei.ns import safe_parser as _safe_parser

    data = (INVALID / "billion-laughs.xml").read_bytes()
    start = time.perf_counter()
    try:
        root = etree.fromstring(data, _safe_parser())
        assert len(etree.tostring(root)) < 10_000
    except etree.XMLSyntaxError:
        pass  # libxml2 refusing the amplification is fine too
    assert time.perf_counter() - start < 2


def test_validate_xxe_never_reads_the_entity(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    doc = tmp_path / "xxe.xml"
    doc.write_text((INVALID / "xxe.xml").read_text(encoding="utf-8").replace(
        "file:///etc/passwd", secret.as_uri()), encoding="utf-8")
    diags = validate_paths([doc])
    assert [d.code for d in diags] == ["xml-doctype"]
    assert not any("TOP-SECRET" in d.message for d in diags)


def test_validate_folder_and_file_deduplicated():
    report = validate_report([VALID, VALID / "book.xml"])
    assert len(report.files) == 4


def test_validate_tree_of_build_tei_output():
    """What tei.build_tei writes today is valid (the pipeline can validate in memory)."""
    from tei_edition.model import Block, Division, Document, Mark, Metadata
    from tei_edition.tei.writer import build_tei

    doc = Document("t", Metadata(title="Заглавие"), body=[Division(
        "chapter", head=Block("head", "Глава 1"),
        children=[Block("p", "Текст с примечанием.", marks=[Mark(5, "note", n="1", text="Прим.", id="t-n1"),
                                                          Mark(10, "pb", n="2")])])])
    assert validate_tree(build_tei(doc)) == []


def test_validate_json_and_junit_renderings():
    import json

    report = validate_report([INVALID / "note-without-n.xml"])
    data = json.loads(report.to_json())
    assert data["summary"]["errors"] == 1
    assert data["diagnostics"][0]["code"] == "note-n"
    assert data["diagnostics"][0]["column"] == 15
    junit = etree.fromstring(report.to_junit().encode())
    assert junit.find("testsuite").get("failures") == "1"
    assert junit.find(".//failure").get("type") == "note-n"
