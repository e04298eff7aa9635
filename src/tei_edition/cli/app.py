"""Command line: a thin layer over the library (arguments -> config -> one library call).

Exit codes: 0 success, 1 the input is bad or invalid, 2 usage or I/O problem; every command
reports through :mod:`.report` (the policy is :func:`tei_edition.diagnostics.exit_status`).
"""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path

import click

from .. import __version__
from ..config import CONFIG_NAME, load_config
from ..diagnostics import EditionError, Report
from ..readers import BINARY_READERS, DEFAULT_PROFILE, READERS, ReaderOptions
from . import options
from .report import group, show, wrote

__all__ = ["main"]


@group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tei-edition")
def main() -> None:
    """tei-edition: plain-text historical sources -> TEI P5 edition."""


def _reader_settings(source: Path, profile: str | None, config_path: Path | None,
                     ocr: bool) -> tuple[str, ReaderOptions]:
    """The profile and reader options of SOURCE: ``--profile``, else the config entry that lists
    the file, else ``pdf`` for a PDF, else ``auto``; metadata from the config entry."""
    from ..readers.pdf_source import looks_like_pdf

    opts = ReaderOptions()
    cfg = options.find_config(config_path)
    if cfg is not None:
        match = cfg.source_for(source)
        if match is not None:
            opts = match.reader_options()
            profile = profile or match.profile
        elif config_path is not None and profile is None:
            raise EditionError(str(config_path), f"{source} is not listed as a source; pass --profile", "config-missing-key")
    if profile is None and looks_like_pdf(source):
        profile = "pdf"
    return profile or DEFAULT_PROFILE, dataclasses.replace(opts, ocr=True) if ocr else opts


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-o", "--output", "output", required=True, type=click.Path(path_type=Path), help="TEI file to write.")
@click.option("--profile", type=click.Choice(sorted([*READERS, *BINARY_READERS])),
              help="Converter profile (default: from the config, else pdf for a PDF file, else auto).")
@click.option("--config", "config_path", type=click.Path(path_type=Path),
              help=f"Edition config for metadata and profile (default: ./{CONFIG_NAME} if it lists SOURCE).")
@click.option("--ocr", is_flag=True, help="PDF without a text layer: recognise it first (OCRmyPDF, Tesseract).")
def convert(source: Path, output: Path, profile: str | None, config_path: Path | None, ocr: bool) -> None:
    """Convert one SOURCE file (text or PDF) into TEI."""
    from ..build.pipeline import convert_file

    profile, opts = _reader_settings(source, profile, config_path, ocr)
    show(convert_file(source, output, profile, opts, display=str(source)))
    wrote(output)


def _report_outputs(result, root: Path) -> None:
    """``wrote`` for rewritten files, ``unchanged`` for outputs a run left as they were."""
    written = set(result.written)
    for out in result.outputs:
        shown = out.relative_to(root) if root in out.parents else out
        # the HTML site is listed by its index.html: written when any of its files was
        site = out.name == "index.html" and any(out.parent in w.parents for w in written)
        click.echo(f"{'wrote' if out in written or site else 'unchanged'} {shown}", err=True)


def _run_build(config_path: Path, annotate: bool, publish: bool = False, jobs: int = 1, use_cache: bool = True,
               strict: bool = False, executor: str | None = None, progress: bool | None = None) -> None:
    """``build`` and ``annotate``: the TEI stage, then (``publish``) the renders; each stage's
    warnings, then what it wrote or left unchanged."""
    from ..build.cache import CACHE_DIR, Cache
    from ..build.executor import ProgressLine, make_executor
    from ..build.executor_spec import parse_executor
    from ..build.pipeline import build as run_build
    from ..build.pipeline import publish as run_publish

    jobs = jobs or os.cpu_count() or 1
    tty = sys.stderr.isatty()
    shown = ProgressLine(lambda line: click.echo(line, err=True, nl=False), tty=tty) \
        if (tty if progress is None else progress) else None
    cfg = load_config(config_path)
    # the scheduler of dask=ADDRESS is reached here: unreachable, nothing is built or written
    with make_executor(parse_executor(executor or cfg.executor), jobs, shown) as runner:
        # --no-cache rebuilds everything, and refreshes the cache with what it built
        cache = Cache(cfg.root / CACHE_DIR, read=use_cache)
        result = run_build(cfg, annotate=annotate, jobs=jobs, cache=cache, executor=runner)
        show(result.report)
        _report_outputs(result, cfg.root)
        if strict:
            _check_strict(result.report)
        if publish:
            published = run_publish(cfg, result.outputs, jobs=jobs, cache=cache, executor=runner)
            show(published.report)
            _report_outputs(published, cfg.root)


def _check_strict(report: Report) -> None:
    """``build --strict``: orphaned, conflicting or refused editors' decisions fail the build."""
    from ..annotate.curation import STRICT_CODES

    bad = [d for d in report if d.code in STRICT_CODES]
    if bad:
        raise EditionError("curation/decisions.toml", f"{len(bad)} decisions are orphaned, conflicting or refused "
                           "(--strict); see the warnings above", "curation-strict")


_run_options = options.stack(options.jobs, options.executor, options.progress, options.no_cache)


@main.command()
@options.config
@click.option("--no-annotate", is_flag=True, help="Convert only: no entities, dates or registers.")
@click.option("--tei-only", is_flag=True, help="Stop after writing tei/: no HTML or PDF.")
@_run_options
@click.option("--strict", is_flag=True, help="Fail (exit 1) on orphaned, conflicting or refused editors' decisions.")
def build(config_path: Path, no_annotate: bool, tei_only: bool, jobs: int, executor: str | None,
          progress: bool | None, no_cache: bool, strict: bool) -> None:
    """Build the edition: TEI of every source (converted, annotated, validated) into tei/, then the
    PDF print edition into build/pdf/ and the HTML reading edition into build/html/.

    Incremental: stages whose inputs did not change are taken from .cache/ and unchanged outputs
    are not rewritten."""
    _run_build(config_path, annotate=not no_annotate, publish=not tei_only, jobs=jobs, use_cache=not no_cache,
               strict=strict, executor=executor, progress=progress)


@main.command()
@options.config
@_run_options
def annotate(config_path: Path, jobs: int, executor: str | None, progress: bool | None, no_cache: bool) -> None:
    """Convert and annotate every source (entities, dates, registers, editors' decisions) into tei/."""
    _run_build(config_path, annotate=True, jobs=jobs, use_cache=not no_cache, executor=executor, progress=progress)


@main.command("new")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--title", help="Title of the edition (default: from the folder name).")
def new(folder: Path, title: str | None) -> None:
    """Start a new edition in FOLDER: a commented edition.toml, sources/, curation/ and a README."""
    from ..build.scaffold import new_edition

    for path in new_edition(folder, title):
        wrote(path)
    click.echo(f"next: put texts into {folder / 'sources'}, list them in {folder / 'edition.toml'}, "
               "then run `tei-edition build` there", err=True)


def _register_commands() -> None:
    """Commands whose modules live beside this one; heavy imports stay inside each command."""
    from .ner import ner
    from .registers import COMMANDS as registers_commands
    from .render import render
    from .render_epub import epub
    from .render_pdf import pdf
    from .serve import serve
    from .validate import validate

    render.add_command(pdf)
    render.add_command(epub)
    main.add_command(render)
    main.add_command(ner)
    main.add_command(validate)
    main.add_command(serve)
    for command in registers_commands:
        main.add_command(command)


_register_commands()


if __name__ == "__main__":  # pragma: no cover
    main()
