"""The publish stage: validated TEI -> a PDF and an EPUB per text, then the HTML site.

The renderers (:mod:`tei_edition.render`) return bytes; this module decides what must be
rendered (the cache), and writes the results atomically, an unchanged file not rewritten.
:func:`render_html` and :func:`render_epub` are the same writing for the ``render`` commands
(no cache, an output folder of the caller's choice).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import EditionConfig
from ..diagnostics import Diagnostic, EditionError
from .cache import Cache, code_digest, digest, save_lemma_cache
from .fileio import install, write_atomic, write_files
from .stage import (BuildResult, Failure, check, file_sha, install_output, pack, relative, run_parallel,
                    unpack)

if TYPE_CHECKING:  # the executors load only when PDFs are rendered
    from .executor import Executor

__all__ = ["publish", "render_html", "render_text_pages", "render_epub"]


def _pdf_stage(job: tuple[Path, Path, Path | None]) -> list[Diagnostic] | Failure:
    """Render one text's PDF to ``out`` (in a worker: Saxon and Typst's fonts load once per
    process)."""
    from ..render.pdf import typeset_pdf

    tei, out, registers = job
    try:
        pdf, diags = typeset_pdf(tei, registers=registers)
        write_atomic(out, pdf)
        return diags
    except EditionError as err:
        return Failure(err.source, err.message, err.code)


def _reuse(stage: str, name: str, key: str, out: Path, cache: Cache | None, result: BuildResult,
           root: Path) -> bool:
    """Whether the cached rendering of ``key`` serves: ``out`` already holds it, or it is
    restored from the cache (recorded as ``stage:name``)."""
    record = cache.get_record(stage, key) if cache is not None else None
    diags = unpack(record.get("report"), root) if record is not None else None
    if record is None or diags is None:
        return False
    if file_sha(out) == record.get("sha"):
        result.actions[f"{stage}:{name}"] = "unchanged"
        result.actions[f"write:{relative(out, root)}"] = "unchanged"
    else:
        data = cache.get_blob(record.get("sha", ""))
        if data is None:
            return False
        install_output(out, data, result, root)
        result.actions[f"{stage}:{name}"] = "restored"
    result.report.extend(diags)
    return True


def _publish_pdfs(config: EditionConfig, texts: list[Path], registers: Path | None, jobs: int,
                  cache: Cache | None, result: BuildResult, executor: Executor | None = None) -> None:
    """One PDF per text, rendered only when its TEI, the registers or the print resources changed."""
    import shutil
    import tempfile

    from ..render.inputs import font_environment, registers_beside
    from ..render.pdf import PrintOptions

    root = config.root
    pdf_dir = config.build_dir / "pdf"
    environment = font_environment() if cache is not None else []
    todo: list[tuple[Path, Path, str]] = []
    for tei in texts:
        out = pdf_dir / f"{tei.stem}.pdf"
        result.outputs.append(out)
        # without an explicit register file, the print edition uses the one beside the text
        regs = registers if registers is not None else registers_beside(tei)
        key = digest("pdf", code_digest(), environment, repr(PrintOptions()), tei.name, file_sha(tei),
                     registers is not None, file_sha(regs))
        if not _reuse("pdf", tei.stem, key, out, cache, result, root):
            todo.append((tei, out, key))
    if not todo:
        return
    pdf_dir.mkdir(parents=True, exist_ok=True)
    # workers (maybe remote, see executor) hand their PDF back as a file in this private folder
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=pdf_dir))
    try:
        jobs_in = [(tei, staging / out.name, registers) for tei, out, _ in todo]
        rendered = run_parallel(_pdf_stage, jobs_in, jobs, [tei.stat().st_size for tei, _, _ in todo],
                                executor=executor, label="PDFs")
        check(rendered)
        for (tei, out, key), (_, staged, _), diags in zip(todo, jobs_in, rendered):
            data = staged.read_bytes()
            install_output(out, data, result, root)
            result.actions[f"pdf:{tei.stem}"] = "built"
            result.report.extend(diags)
            if cache is not None:
                cache.put_record("pdf", key, {"sha": cache.put_blob(data), "report": pack(diags, root)})
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _publish_epubs(config: EditionConfig, texts: list[Path], registers: Path | None, cache: Cache | None,
                   result: BuildResult) -> None:
    """One EPUB per text (``build/epub/<id>.epub``), rendered only when its TEI, the registers,
    the EPUB resources or the installed font changed."""
    from ..render.epub import epub_file
    from ..render.inputs import font_environment, registers_beside

    root = config.root
    epub_dir = config.build_dir / "epub"
    environment = font_environment() if cache is not None else []
    for tei in texts:
        out = epub_dir / f"{tei.stem}.epub"
        result.outputs.append(out)
        regs = registers if registers is not None else registers_beside(tei)
        key = digest("epub", code_digest(), environment, config.title, tei.name, file_sha(tei), file_sha(regs))
        if _reuse("epub", tei.stem, key, out, cache, result, root):
            continue
        data, diags = epub_file(tei, registers=regs if regs.is_file() else None, publisher=config.title or None)
        install_output(out, data, result, root)
        result.actions[f"epub:{tei.stem}"] = "built"
        result.report.extend(diags)
        if cache is not None:
            cache.put_record("epub", key, {"sha": cache.put_blob(data), "report": pack(diags, root)})


def _lemma_cache(cache_dir: Path | None):
    """Load the search index's lemma cache from ``cache_dir`` (the build cache's folder);
    returns the function that writes it back after the render (when it grew)."""
    from ..render.search_index import lemma_cache_name, load_lemma_cache

    path = Path(cache_dir) / lemma_cache_name() if cache_dir is not None else None
    if path is not None:
        load_lemma_cache(path)
    return lambda: save_lemma_cache(path) if path is not None else None


def _site(texts: Sequence[Path], out_dir: Path, cache_dir: Path | None, **options):
    """:func:`tei_edition.render.html.render_site` with the build cache's lemmas and compiled
    templates (``cache_dir``); an input problem that names no file names the site folder."""
    from ..render.html import render_site

    save = _lemma_cache(cache_dir)
    try:
        rendered = render_site(texts, template_cache=_template_cache(cache_dir), **options)
    except EditionError as err:
        if not err.source:
            raise EditionError(str(out_dir), err.message, err.code) from None
        raise
    save()
    return rendered


def _template_cache(cache_dir: Path | None) -> Path | None:
    """The folder of the compiled page templates in the build cache (None: no cache)."""
    if cache_dir is None:
        return None
    folder = Path(cache_dir) / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


def _publish_html(config: EditionConfig, texts: list[Path], registers: Path | None, cache: Cache | None,
                  result: BuildResult) -> None:
    """The HTML site (corpus-level: registers and search span all texts), rendered only when a
    TEI, register, PDF or EPUB file or the HTML resources changed; then only the changed files
    replace the old ones."""
    root = config.root
    html_dir = config.build_dir / "html"
    pdf_dir = config.build_dir / "pdf"
    result.outputs.append(html_dir / "index.html")
    key = digest("html", code_digest(), config.title, config.base_url, config.language,
                 [(p.name, file_sha(p)) for p in texts],
                 registers.name if registers else None, file_sha(registers) if registers else None,
                 [(p.stem, file_sha(pdf_dir / f"{p.stem}.pdf")) for p in texts],
                 [(p.stem, file_sha(config.build_dir / "epub" / f"{p.stem}.epub")) for p in texts]) if cache is not None else ""
    record = cache.get_record("html", key) if cache is not None else None
    if record is not None:
        files, diags = record.get("files"), unpack(record.get("report"), root)
        if isinstance(files, dict) and files and diags is not None and all(
                file_sha(html_dir / rel) == sha for rel, sha in files.items()):
            result.actions["html"] = "unchanged"
            result.report.extend(diags)
            return
    rendered = _site(texts, html_dir, cache.folder if cache is not None and cache.write else None,
                     registers=registers, site_title=config.title or None, pdf_dir=pdf_dir,
                     base_url=config.base_url or None, edition_language=config.language)
    for rel, data in rendered.files.items():
        install_output(html_dir / rel, data, result, root)
    result.actions["html"] = "built"
    result.report.extend(rendered.diagnostics)
    if cache is not None:
        from .cache import sha256

        cache.put_record("html", key, {"files": {rel: sha256(data) for rel, data in sorted(rendered.files.items())},
                                       "report": pack(rendered.diagnostics, root)})


def publish(config: EditionConfig, tei_files: list[Path], *, jobs: int = 1, cache: Cache | None = None,
            pdf: bool = True, html: bool = True, executor: Executor | None = None) -> BuildResult:
    """Render the edition: a PDF per text into ``build/pdf/``, an EPUB per text into
    ``build/epub/``, then the HTML site into ``build/html/`` (last, so the site can link them).
    ``pdf=False`` leaves the PDFs and EPUBs (the slow part) for a later call.

    With ``cache``, a PDF or the site is rendered only when its inputs changed or its output is
    missing or altered; ``jobs`` > 1 renders the PDFs in worker processes, ``executor`` wherever
    it runs them.
    """
    from ..render.inputs import REGISTERS_FILE

    result = BuildResult()
    registers = next((p for p in tei_files if p.name == REGISTERS_FILE), None)
    texts = [p for p in tei_files if p.name != REGISTERS_FILE]
    if pdf:
        _publish_pdfs(config, texts, registers, jobs, cache, result, executor)
        _publish_epubs(config, texts, registers, cache, result)
    if html:  # alone (pdf=False): the editor's desk shows a decision before the PDF is redone
        _publish_html(config, texts, registers, cache, result)
    return result


# ---------------------------------------------------------------------------- the render commands

def render_html(tei_files: Sequence[Path], out_dir: Path, *, registers: Path | None = None,
                site_title: str | None = None, pdf_dir: Path | None = None, base_url: str | None = None,
                cache_dir: Path | None = None, edition_language: str | None = None,
                parallel: bool = True) -> list[Diagnostic]:
    """Write the reading edition of ``tei_files`` into ``out_dir`` (options: see
    :func:`tei_edition.render.html.render_site`; ``pdf_dir`` default ``out_dir/../pdf``;
    ``cache_dir``: where the search index's lemmas are kept between runs). Returns warnings."""
    out_dir = Path(out_dir)
    rendered = _site(tei_files, out_dir, cache_dir, registers=registers, site_title=site_title,
                     pdf_dir=Path(pdf_dir) if pdf_dir is not None else out_dir.parent / "pdf",
                     base_url=base_url, edition_language=edition_language, parallel=parallel)
    write_files(out_dir, rendered.files)
    return rendered.diagnostics


def render_text_pages(tei_file: Path, out_dir: Path, *, pdf_dir: Path | None = None, **options) -> str:
    """Write the folder of one text into the site ``out_dir``
    (:func:`tei_edition.render.html.text_pages`: the desk's quick update); returns its id."""
    from ..render.html import text_pages

    out_dir = Path(out_dir)
    tid, rendered = text_pages(tei_file, pdf_dir=Path(pdf_dir) if pdf_dir is not None else out_dir.parent / "pdf",
                               **options)
    write_files(out_dir, rendered.files)
    return tid


def render_epub(tei_file: Path, out_file: Path, *, registers: Path | None = None,
                publisher: str | None = None) -> list[Diagnostic]:
    """Write the EPUB 3 of ``tei_file`` to ``out_file``
    (:func:`tei_edition.render.epub.epub_file`); returns warnings."""
    from ..render.epub import epub_file

    data, diags = epub_file(tei_file, registers=registers, publisher=publisher)
    install(Path(out_file), data)
    return diags
