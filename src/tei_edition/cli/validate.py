"""``tei-edition validate``: a thin click front end to :func:`tei_edition.validate.engine.validate_report`.

Registered in the main group with ``main.add_command(validate)``. Arguments become one
:class:`~tei_edition.validate.engine.ValidationOptions`; rendering and the exit status come from the
report (:func:`tei_edition.diagnostics.exit_status`): 0 valid (warnings allowed), 1 invalid,
2 usage or I/O error.
"""

from __future__ import annotations

from pathlib import Path

import click

from .report import command, finish

__all__ = ["validate"]


@command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--tei-all", "tei_all", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Also check against the official tei_all RELAX NG schema (with jing when installed).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit"]), default="text",
              show_default=True, help="Output format.")
@click.option("--max-size", "max_mb", type=click.IntRange(min=1), default=64, show_default=True,
              help="Refuse files larger than this many MiB.")
@click.option("--no-jing", is_flag=True, help="Check --tei-all with lxml even if jing is installed.")
@click.option("--no-hints", is_flag=True, help="Text format: omit the fix hints.")
def validate(paths: tuple[Path, ...], tei_all: Path | None, fmt: str, max_mb: int, no_jing: bool,
             no_hints: bool) -> None:
    """Check TEI files (or folders of *.xml) against the project schema, its Schematron rules and
    the corpus rules; print one line per problem: file:line:column: severity: message [rule-id]."""
    from ..validate.engine import ValidationOptions, validate_report  # lxml import only when run

    opts = ValidationOptions(tei_all=tei_all, max_bytes=max_mb * 2**20, use_jing=not no_jing)
    report = validate_report(list(paths), options=opts)
    if fmt == "json":
        click.echo(report.to_json())
    elif fmt == "junit":
        click.echo(report.to_junit(), nl=False)
    else:
        for d in report.diagnostics:
            line = str(d)
            if no_hints and d.hint:
                line = line[: line.rfind(" (fix: ")]
            click.echo(line)
        click.echo(report.summary(), err=True)
    finish(report.exit_status)
