"""The schema artefacts: RNG in sync with its RNC source, docs up to date, the Schematron runs the
same under a standard ISO processor, and verdicts agree with jing and the official tei_all."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from conftest import FIXTURES, TEI_ALL, jing_messages
from tei_edition.validate import schema_build as _schema_build
from tei_edition.validate.schema_files import RNG, SCH, schema_path
from tei_edition.validate.schematron import Schematron
from tei_edition.tei.ns import safe_parser as _safe_parser
from tei_edition.validate.engine import ValidationOptions, _project_rng, _read

JING = shutil.which("jing")

needs_jing = pytest.mark.skipif(JING is None, reason="jing is not installed (apt-get install jing)")
needs_tei_all = pytest.mark.skipif(not TEI_ALL.is_file(), reason=f"official tei_all not found at {TEI_ALL}")


def _xml_fixtures() -> list[Path]:
    return sorted(FIXTURES.rglob("*.xml"))


def _grammar_fixtures() -> list[Path]:
    """Fixtures that reach the grammar layer (well-formed, no DOCTYPE)."""
    return [p for p in _xml_fixtures() if _read(p, str(p), ValidationOptions())[0] is not None]


def test_validate_schema_rng_stamped_with_current_rnc():
    assert _schema_build.stamped_digest() == _schema_build.rnc_digest(), (
        "schemas/tei-edition.rng is stale: run python -m tei_edition.validate.schema_build")


@pytest.mark.skipif(shutil.which("trang") is None, reason="trang is not installed (apt-get install trang)")
def test_validate_schema_rng_equals_trang_output():
    assert schema_path(RNG).read_text(encoding="utf-8") == _schema_build.generate_rng()


def test_validate_schema_docs_up_to_date():
    assert _schema_build.docs_path().read_text(encoding="utf-8") == _schema_build.render_docs(), (
        "docs/schema.md is stale: run python -m tei_edition.validate.schema_build")


def test_validate_schema_every_element_documented_with_example():
    rng = etree.parse(str(schema_path(RNG)))
    ns = {"r": "http://relaxng.org/ns/structure/1.0", "a": "http://relaxng.org/ns/compatibility/annotations/1.0"}
    for el in rng.xpath("//r:element", namespaces=ns):
        doc = el.xpath("string(a:documentation)", namespaces=ns)
        assert doc.strip() and "Example:" in doc, f"<{el.get('name')}> lacks documentation or an example"


def test_validate_schema_schematron_rules_have_id_message_hint():
    sch = Schematron.from_path(schema_path(SCH))
    for a in sch.assertions():
        assert a.id and a.message_source and a.hint, a.id
        assert a.role in ("error", "warning")


@pytest.mark.parametrize("path", _grammar_fixtures(), ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_validate_schema_native_schematron_agrees_with_iso_skeleton(path):
    """lxml.isoschematron (the XSLT skeleton) fires the same rule ids as the native runner."""
    from lxml import isoschematron

    tree = etree.parse(str(path), _safe_parser())
    iso = isoschematron.Schematron(etree.parse(str(schema_path(SCH))), store_report=True)
    iso.validate(tree)
    svrl = iso.validation_report
    ns = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
    theirs = sorted(a.get("id") for a in svrl.xpath("//svrl:failed-assert | //svrl:successful-report", namespaces=ns))
    ours = sorted(f.assertion.id for f in Schematron.from_path(schema_path(SCH)).check(tree))
    assert ours == theirs


@pytest.fixture(scope="module")
def jing_invalid() -> dict[Path, str]:
    """jing's verdict on every grammar fixture, from one run over all of them (one JVM, not one
    per file): the files it reports errors for, with their messages."""
    messages = jing_messages(schema_path(RNG), _grammar_fixtures())
    invalid = {path: "".join(f"{line}\n" for line in lines) for path, lines in messages.items() if lines}
    assert invalid, "jing found no invalid fixture"
    return invalid


@needs_jing
@pytest.mark.parametrize("path", _grammar_fixtures(), ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_validate_schema_grammar_verdict_agrees_with_jing(path, jing_invalid):
    ours = _project_rng(schema_path(RNG).resolve()).validate(etree.parse(str(path), _safe_parser()))
    assert ours == (path.resolve() not in jing_invalid), jing_invalid.get(path.resolve(), "jing: valid")


@needs_jing
@needs_tei_all
def test_validate_schema_valid_fixtures_pass_official_tei_all():
    files = sorted((FIXTURES / "valid").glob("*.xml"))
    proc = subprocess.run([JING, str(TEI_ALL), *map(str, files)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout


@needs_jing
@needs_tei_all
def test_validate_schema_tei_all_option_uses_jing_and_reports_lines(tmp_path):
    from tei_edition.validate.engine import validate_paths

    bad = tmp_path / "bad.xml"
    bad.write_text((FIXTURES / "invalid" / "wrong-element.xml").read_text(encoding="utf-8"), encoding="utf-8")
    diags = [d for d in validate_paths([bad], tei_all=TEI_ALL) if d.code == "tei-all"]
    assert diags and diags[0].source == str(bad) and diags[0].line == 24 and diags[0].column > 1
    assert 'element "para" not allowed' in diags[0].message
