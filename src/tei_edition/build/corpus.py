"""The corpus stage: the documents merged into the corpus (registers, editors' decisions) and
serialized as TEI, then validated together before anything replaces the previous outputs."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path
from typing import Any

from ..config import EditionConfig
from ..diagnostics import EditionError, Report
from ..tei.writer import build_tei, serialize
from .cache import Cache, code_digest, digest
from .documents import DocResult

__all__ = ["corpus_outputs", "validate_outputs", "ValidationMemo", "InvalidOutput"]


def _with_headword_merges(registers: Any, curation: Any) -> Any:
    """Corrected nominatives, and the certain near-duplicate merges ahead of the editors' own
    (:mod:`tei_edition.annotate.headwords`)."""
    from ..annotate.curation import Merge
    from ..annotate.headwords import find_duplicates, fix_headwords
    from ..annotate.linking import gazetteer

    fix_headwords(registers)
    known = set(gazetteer().entries)
    auto = [Merge(d.source, d.into, note=d.reason) for d in find_duplicates(registers, known) if d.certain]
    return dataclasses.replace(curation, merges=auto + list(curation.merges))


def corpus_outputs(config: EditionConfig, results: list[DocResult], annotate: bool,
                   report: Report) -> dict[str, bytes]:
    """Merge the documents into the corpus (registers, editors' decisions) and serialize the TEI.

    Each document is dropped as soon as its TEI is serialized: only the registers are
    corpus-wide by design.
    """
    outputs: dict[str, bytes] = {}
    for r in results:
        report.extend(r.diagnostics)
    if annotate:
        from ..annotate.curation import apply_curation, load_curation, seed_registers
        from ..annotate.geo import locate_places
        from ..annotate.knowledge import use_curation
        from ..tei.registers import registers_to_tei

        use_curation(config.root / "curation")
        curation = load_curation(config.root / "curation")
        registers = seed_registers(curation)
        for r in results:
            for call in r.registrations:
                registers.add(*call)
        curation = _with_headword_merges(registers, curation)
        report.extend(apply_curation({r.id: r.document for r in results}, registers, curation))
        locate_places(registers)  # GeoNames ids and points, offline
        outputs["registers.xml"] = serialize(registers_to_tei(registers, notes=True))
    for r in results:
        outputs[f"{r.id}.xml"] = serialize(build_tei(r.document))
    return outputs


class InvalidOutput(EditionError):
    """The build produced TEI that fails validation; nothing was written."""

    def __init__(self, diagnostics: list):
        self.diagnostics = diagnostics
        errors = sum(1 for d in diagnostics if d.severity == "error")
        super().__init__("", f"the build produced invalid TEI ({errors} errors); nothing was written", "invalid-output")


class ValidationMemo:
    """The per-file validation results in the build cache, by the file's bytes (and the code,
    schemas included): a rebuild after one decision re-checks only the files it changed."""

    def __init__(self, cache: Cache):
        self.cache = cache

    def _key(self, sha: str) -> str:
        return digest("validate-file", code_digest(), sha)

    def get(self, sha: str) -> list | None:
        from ..validate.engine import ValidationDiagnostic

        record = self.cache.get_record("validate-file", self._key(sha))
        try:
            return [ValidationDiagnostic(**d) for d in record["diagnostics"]] if record is not None else None
        except (KeyError, TypeError):
            return None

    def put(self, sha: str, diagnostics: list) -> None:
        self.cache.put_record("validate-file", self._key(sha), {"diagnostics": [d.as_dict() for d in diagnostics]})


def validate_outputs(outputs: dict[Path, bytes], memo: Any = None) -> list:
    """Validate TEI bytes as a corpus before they replace anything (project schema, Schematron,
    cross-file references), in a staging folder; diagnostics name the final paths. ``memo``
    (:class:`tei_edition.validate.engine.FileMemo`) skips the per-file checks of unchanged files."""
    from ..validate.engine import validate_paths

    with tempfile.TemporaryDirectory(prefix="tei-edition-") as tmp:
        staged = {}
        for path, data in outputs.items():
            target = Path(tmp) / path.name
            target.write_bytes(data)
            staged[str(target)] = str(path)
        diags = validate_paths(sorted(Path(t) for t in staged), memo=memo)
    return [dataclasses.replace(d, source=staged.get(d.source, d.source)) for d in diags]
