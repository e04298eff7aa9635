"""Command line: a thin layer over the library (arguments -> config -> one library call).

Exit codes: 0 success, 1 the input is bad or invalid, 2 usage or I/O problem.
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

__all__ = ["main"]


def _print_report(report: Report) -> None:
    for diag in sorted(report, key=lambda d: (d.source, d.line, getattr(d, "column", 0), d.code)):
        click.echo(str(diag), err=True)


def _fail(err: EditionError) -> None:
    click.echo(f"error: {err}", err=True)
    code = 2 if err.code.startswith(("config", "output", "source-missing", "source-unreadable", "executor")) else 1
    sys.exit(code)


class _Group(click.Group):
    """Turns unexpected exceptions into one line (set TEI_EDITION_DEBUG=1 for the traceback)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except EditionError as err:
            _fail(err)
        except Exception as err:  # noqa: BLE001 - the last line of defence of the CLI
            if os.environ.get("TEI_EDITION_DEBUG"):
                raise
            click.echo(f"error: internal error: {type(err).__name__}: {err} "
                       "(set TEI_EDITION_DEBUG=1 for details)", err=True)
            sys.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tei-edition")
def main() -> None:
    """tei-edition: plain-text historical sources -> TEI P5 edition."""


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
    from ..readers.pdf_source import looks_like_pdf

    try:
        options = ReaderOptions()
        cfg_file = config_path or (Path(CONFIG_NAME) if Path(CONFIG_NAME).exists() else None)
        if cfg_file is not None:
            cfg = load_config(cfg_file)
            match = next((s for s in cfg.sources if s.file == source.resolve()), None)
            if match is not None:
                options = match.reader_options()
                profile = profile or match.profile
            elif config_path is not None and profile is None:
                raise EditionError(str(cfg_file), f"{source} is not listed as a source; pass --profile", "config-missing-key")
        if profile is None and looks_like_pdf(source):
            profile = "pdf"
        if ocr:
            options = dataclasses.replace(options, ocr=True)
        profile = profile or DEFAULT_PROFILE
        report = convert_file(source, output, profile, options, display=str(source))
    except EditionError as err:
        _fail(err)
        return
    _print_report(report)
    click.echo(f"wrote {output}", err=True)


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
    from ..build.cache import CACHE_DIR, Cache
    from ..build.executor import ProgressLine, make_executor, parse_executor
    from ..build.pipeline import InvalidOutput
    from ..build.pipeline import build as run_build
    from ..build.pipeline import publish as run_publish

    jobs = jobs or os.cpu_count() or 1
    tty = sys.stderr.isatty()
    shown = ProgressLine(lambda line: click.echo(line, err=True, nl=False), tty=tty) \
        if (tty if progress is None else progress) else None
    try:
        cfg = load_config(config_path)
        # the scheduler of dask=ADDRESS is reached here: unreachable, nothing is built or written
        runner = make_executor(parse_executor(executor or cfg.executor), jobs, shown)
    except EditionError as err:
        _fail(err)
        return
    with runner:
        try:
            # --no-cache rebuilds everything, and refreshes the cache with what it built
            cache = Cache(cfg.root / CACHE_DIR, read=use_cache)
            result = run_build(cfg, annotate=annotate, jobs=jobs, cache=cache, executor=runner)
        except InvalidOutput as err:
            _print_report(Report(err.diagnostics))
            _fail(err)
            return
        except EditionError as err:
            _fail(err)
            return
        _print_report(result.report)
        _report_outputs(result, cfg.root)
        if strict:
            _check_strict(result.report)
        if publish:
            try:
                published = run_publish(cfg, result.outputs, jobs=jobs, cache=cache, executor=runner)
            except EditionError as err:
                _fail(err)
                return
            _print_report(published.report)
            _report_outputs(published, cfg.root)


def _executor_value(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from ..build.executor import parse_executor

    if value is None:
        return None
    try:
        return str(parse_executor(value))
    except ValueError as err:
        raise click.BadParameter(str(err)) from None


def _check_strict(report: Report) -> None:
    """``build --strict``: orphaned, conflicting or refused editors' decisions fail the build."""
    from ..annotate.curation import STRICT_CODES

    bad = [d for d in report if d.code in STRICT_CODES]
    if bad:
        click.echo(f"error: curation/decisions.toml: {len(bad)} decisions are orphaned, conflicting or refused "
                   "(--strict); see the warnings above", err=True)
        raise SystemExit(1)


_config_option = click.option("--config", "config_path", type=click.Path(path_type=Path), default=CONFIG_NAME,
                              show_default=True, help="Edition config.")
_jobs_option = click.option("-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True,
                            help="Worker processes for the per-document stages and the PDFs, local or of a local "
                                 "Dask cluster (0: one per CPU).")
_no_cache_option = click.option("--no-cache", is_flag=True,
                                help="Rebuild every stage, ignoring .cache/ (and refreshing it).")
_executor_option = click.option(
    "--executor", metavar="local|dask[=ADDRESS]", callback=_executor_value,
    help="Where the per-document stages and the PDFs run: local worker processes (--jobs), or a Dask "
         "cluster: a local one of --jobs workers, or the scheduler at ADDRESS (default: [build] executor "
         "in the config, else local).")
_progress_option = click.option("--progress/--no-progress", default=None,
                                help="Show documents done / total, rate and time left (default: on a terminal).")


@main.command()
@_config_option
@click.option("--no-annotate", is_flag=True, help="Convert only: no entities, dates or registers.")
@click.option("--tei-only", is_flag=True, help="Stop after writing tei/: no HTML or PDF.")
@_jobs_option
@_executor_option
@_progress_option
@_no_cache_option
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
@_config_option
@_jobs_option
@_executor_option
@_progress_option
@_no_cache_option
def annotate(config_path: Path, jobs: int, executor: str | None, progress: bool | None, no_cache: bool) -> None:
    """Convert and annotate every source (entities, dates, registers, editors' decisions) into tei/."""
    _run_build(config_path, annotate=True, jobs=jobs, use_cache=not no_cache, executor=executor, progress=progress)


@main.command("new")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--title", help="Title of the edition (default: from the folder name).")
def new(folder: Path, title: str | None) -> None:
    """Start a new edition in FOLDER: a commented edition.toml, sources/, curation/ and a README."""
    from ..build.scaffold import new_edition

    try:
        written = new_edition(folder, title)
    except EditionError as err:
        _fail(err)
        return
    for path in written:
        click.echo(f"wrote {path}", err=True)
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
