"""The pipeline: the only place (with the CLI) that touches files.

``convert_file`` reads one source and writes one TEI file; ``build`` runs every source of an
edition. Outputs are written atomically (temporary file + rename), so a failed or killed run
leaves the previous complete outputs in place.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import EditionConfig
from .diagnostics import EditionError, Report
from .fileio import write_atomic
from .model import Document
from .readers import get_reader
from .tei import build_tei, serialize
from .textio import decode_source

if TYPE_CHECKING:
    from .annotate.linking import Registers

__all__ = ["convert_text", "convert_file", "build", "read_documents", "annotate_documents", "write_atomic", "BuildResult"]


def read_source(path: Path, display: str | None = None) -> str:
    """Read and decode a source file; I/O problems become :class:`EditionError`."""
    name = display or str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise EditionError(name, "file not found", "source-missing") from None
    except IsADirectoryError:
        raise EditionError(name, "is a folder, expected a text file", "source-missing") from None
    except PermissionError:
        raise EditionError(name, "permission denied", "source-unreadable") from None
    return decode_source(data, name)


def convert_text(text: str, profile: str, source: str, options: dict[str, Any]) -> tuple[Document, bytes, Report]:
    """Source text -> (document, TEI bytes, diagnostics). Pure: no file access."""
    reader = get_reader(profile, source)
    doc, report = reader(text, source, options)
    return doc, serialize(build_tei(doc)), report


def convert_file(src: Path, out: Path, profile: str, options: dict[str, Any], display: str | None = None) -> Report:
    """Convert one source file into one TEI file (written atomically)."""
    name = display or str(src)
    text = read_source(src, name)
    _, data, report = convert_text(text, profile, name, options)
    try:
        write_atomic(out, data)
    except OSError as err:
        raise EditionError(str(out), f"cannot write output: {err.strerror or err}", "output-unwritable") from None
    return report


@dataclass
class BuildResult:
    outputs: list[Path] = field(default_factory=list)
    report: Report = field(default_factory=Report)
    documents: dict[str, Document] = field(default_factory=dict)


def read_documents(config: EditionConfig) -> tuple[dict[str, Document], Report]:
    """Read every source of the edition into documents (no file is written)."""
    docs: dict[str, Document] = {}
    report = Report()
    for src in config.sources:
        display = os.path.relpath(src.file, config.root)
        text = read_source(src.file, display)
        doc, diags = get_reader(src.profile, display)(text, display, src.reader_options())
        docs[src.id] = doc
        report.extend(diags)
    return docs, report


def annotate_documents(docs: dict[str, Document], curation_dir: Path) -> tuple[Registers, Report]:
    """Entities, dates and note citations on every document, linked to corpus registers.

    Curated register entries are loaded first so automatic runs never overwrite them; the
    editors' mention decisions are applied last.
    """
    from .annotate import annotate_document
    from .annotate.bibl import annotate_notes
    from .annotate.curation import apply_curation, load_curation, seed_registers

    curation = load_curation(curation_dir)
    registers = seed_registers(curation)
    for doc in docs.values():
        annotate_document(doc, registers)
        annotate_notes(doc)
    report = Report(apply_curation(docs, registers, curation))
    return registers, report


def build(config: EditionConfig, *, annotate: bool = True, validate: bool = True) -> BuildResult:
    """Convert (and annotate) every source of the edition into ``tei/``.

    Every output is serialized before the first one is written, so bad input in any source
    leaves all previous outputs untouched; each file is then replaced atomically.
    """
    result = BuildResult()
    docs, report = read_documents(config)
    result.report.extend(report)
    outputs: dict[Path, bytes] = {}
    if annotate:
        from .annotate.registers_tei import registers_to_tei

        registers, report = annotate_documents(docs, config.root / "curation")
        result.report.extend(report)
        outputs[config.tei_dir / "registers.xml"] = serialize(registers_to_tei(registers, notes=True))
    for ident, doc in docs.items():
        outputs[config.tei_dir / f"{ident}.xml"] = serialize(build_tei(doc))
    if validate:
        problems = validate_outputs(outputs)
        result.report.extend(problems)
        if any(d.severity == "error" for d in problems):
            raise InvalidOutput(problems)
    for path, data in outputs.items():
        try:
            write_atomic(path, data)
        except OSError as err:
            raise EditionError(str(path), f"cannot write output: {err.strerror or err}", "output-unwritable") from None
        result.outputs.append(path)
    result.documents = docs
    return result


class InvalidOutput(EditionError):
    """The build produced TEI that fails validation; nothing was written."""

    def __init__(self, diagnostics: list):
        self.diagnostics = diagnostics
        errors = sum(1 for d in diagnostics if d.severity == "error")
        super().__init__("", f"the build produced invalid TEI ({errors} errors); nothing was written", "invalid-output")


def validate_outputs(outputs: dict[Path, bytes]) -> list:
    """Validate TEI bytes as a corpus before they replace anything (project schema, Schematron,
    cross-file references), in a staging folder; diagnostics name the final paths."""
    from .validate import validate_paths

    with tempfile.TemporaryDirectory(prefix="tei-edition-") as tmp:
        staged = {}
        for path, data in outputs.items():
            target = Path(tmp) / path.name
            target.write_bytes(data)
            staged[str(target)] = str(path)
        diags = validate_paths(sorted(Path(t) for t in staged))
    return [dataclasses.replace(d, source=staged.get(d.source, d.source)) for d in diags]


def publish(config: EditionConfig, tei_files: list[Path]) -> BuildResult:
    """Render the edition: a PDF per text into ``build/pdf/``, then the HTML site into
    ``build/html/`` (after the PDFs, so the site can link them)."""
    from .render_html import render_html
    from .render_pdf import render_pdf

    result = BuildResult()
    registers = next((p for p in tei_files if p.name == "registers.xml"), None)
    texts = [p for p in tei_files if p.name != "registers.xml"]
    pdf_dir = config.build_dir / "pdf"
    for tei in texts:
        out = pdf_dir / f"{tei.stem}.pdf"
        result.report.extend(render_pdf(tei, out, registers=registers))
        result.outputs.append(out)
    html_dir = config.build_dir / "html"
    result.report.extend(render_html(texts, html_dir, registers=registers, site_title=config.title or None,
                                     pdf_dir=pdf_dir))
    result.outputs.append(html_dir / "index.html")
    return result
