"""Incremental validation (the build and the editor's desk re-check only the TEI files whose
bytes changed): it reports exactly what a full validation reports, an invalid changed file is
still caught, and the cross-file rules still see the unchanged files.

Run on the edition's own TEI (``tei/``): a real corpus of texts and their register file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT
from tei_edition.build.cache import Cache
from tei_edition.build.corpus import ValidationMemo, validate_outputs
from tei_edition.validate.engine import validate_paths

TEI_DIR = ROOT / "tei"


class _Counting:
    """A :class:`FileMemo` over the pipeline's cache-backed one, counting what it was asked."""

    def __init__(self, inner):
        self.inner, self.hits, self.misses = inner, 0, 0

    def get(self, sha):
        found = self.inner.get(sha)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def put(self, sha, diagnostics):
        self.inner.put(sha, diagnostics)


@pytest.fixture
def corpus() -> dict[str, bytes]:
    files = {p.name: p.read_bytes() for p in sorted(TEI_DIR.glob("*.xml"))}
    if "registers.xml" not in files or len(files) < 3:
        pytest.skip("the edition's TEI is not built")
    return files


def _outputs(tmp_path: Path, files: dict[str, bytes]) -> dict[Path, bytes]:
    return {tmp_path / "tei" / name: data for name, data in files.items()}


def _lines(diags) -> list[str]:
    return [f"{Path(d.source).name}:{d.line}:{getattr(d, 'column', 0)}: {d.severity}: {d.message} [{d.code}]"
            for d in diags]


def _book_only_ref(files: dict[str, bytes]) -> str:
    """A register id referenced by a text other than the thesis and not by the thesis."""
    def refs(data: bytes) -> set[str]:
        return set(re.findall(rb'ref="registers\.xml#([^"]+)"', data))

    others = set().union(*(refs(d) for n, d in files.items() if n not in ("thesis.xml", "registers.xml")))
    only = sorted(others - refs(files["thesis.xml"]))
    if not only:
        pytest.skip("no register entry is referenced only outside the thesis")
    return only[0].decode()


def test_memo_reports_what_a_full_validation_reports(tmp_path, corpus):
    """Same diagnostics, columns and hints included, with the per-file results reused."""
    memo = _Counting(ValidationMemo(Cache(tmp_path / "cache")))
    bad = corpus | {"thesis.xml": corpus["thesis.xml"].replace(b"<persName ref=", b'<persName foo="x" ref=', 1)}
    full = validate_outputs(_outputs(tmp_path, bad))
    first = validate_outputs(_outputs(tmp_path, bad), memo=memo)
    assert memo.hits == 0 and memo.misses == len(bad)
    again = validate_outputs(_outputs(tmp_path, bad), memo=memo)
    assert memo.hits == len(bad)  # nothing re-checked against the schemas
    assert _lines(full) == _lines(first) == _lines(again)
    assert [d.hint for d in full] == [d.hint for d in again]
    assert any(d.severity == "error" and d.code.startswith("schema") for d in again)


def test_invalid_changed_file_is_caught(tmp_path, corpus):
    """After a valid corpus was validated (and memoized), a changed file that breaks the schema
    is checked again and reported; the unchanged files come from the memo."""
    memo = _Counting(ValidationMemo(Cache(tmp_path / "cache")))
    assert not [d for d in validate_outputs(_outputs(tmp_path, corpus), memo=memo) if d.severity == "error"]
    memo.hits = memo.misses = 0
    thesis = corpus["thesis.xml"].replace(b"<persName ref=", b'<persName foo="x" ref=', 1)
    line = thesis[:thesis.index(b'foo="x"')].count(b"\n") + 1
    diags = validate_outputs(_outputs(tmp_path, corpus | {"thesis.xml": thesis}), memo=memo)
    assert (memo.hits, memo.misses) == (len(corpus) - 1, 1)
    errors = [d for d in diags if d.severity == "error"]
    assert errors and all(Path(d.source) == tmp_path / "tei" / "thesis.xml" for d in errors)
    assert any(d.line == line and "foo" in d.message for d in errors), _lines(errors)


def test_cross_file_error_in_an_unchanged_file_is_caught(tmp_path, corpus):
    """Only the register file changed (an entry renamed): the reference to it from another,
    unchanged and memoized text is reported, at that text's line."""
    memo = _Counting(ValidationMemo(Cache(tmp_path / "cache")))
    assert not [d for d in validate_outputs(_outputs(tmp_path, corpus), memo=memo) if d.severity == "error"]
    ident = _book_only_ref(corpus)
    registers = corpus["registers.xml"].replace(f'xml:id="{ident}"'.encode(), f'xml:id="{ident}-renamed"'.encode())
    assert registers != corpus["registers.xml"]
    memo.hits = memo.misses = 0
    diags = validate_outputs(_outputs(tmp_path, corpus | {"registers.xml": registers}), memo=memo)
    assert (memo.hits, memo.misses) == (len(corpus) - 1, 1)
    broken = [d for d in diags if d.code == "ref-target"]
    assert broken and all(ident in d.message and d.severity == "error" for d in broken)
    assert {Path(d.source).name for d in broken} - {"registers.xml", "thesis.xml"}
    # and the same as validating from scratch
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    for name, data in (corpus | {"registers.xml": registers}).items():
        (fresh / name).write_bytes(data)
    assert [(Path(d.source).name, d.line, d.code) for d in diags] == \
        [(Path(d.source).name, d.line, d.code) for d in validate_paths(sorted(fresh.glob("*.xml")))]
