"""``tei-edition render pdf``: a thin click front end to :func:`tei_edition.render.pdf.render_pdf`.

``pdf`` is a plain command meant for a ``render`` group (``render.add_command(pdf)``); until the
project has one, :data:`render` is a group holding only ``pdf`` (``main.add_command(render)``).
Exit status: 0 written (warnings allowed), 1 a text failed, 2 usage error.
"""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["pdf", "render"]


@click.command("pdf")
@click.argument("tei_files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="PDF to write (one input only). Default: BUILD_DIR/pdf/<text-id>.pdf.")
@click.option("--build-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("build"),
              show_default=True, help="Build folder; PDFs go to its pdf/ subfolder.")
@click.option("--registers", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="TEI registers file (persons, places, organisations) for the index. "
                   "Default: registers.xml beside the text, if the text refers to it.")
@click.option("--page-size", type=click.Choice(["A5", "B5", "A4"], case_sensitive=False), default="A5",
              show_default=True, help="Paper size.")
@click.option("--chapter-break", type=click.Choice(["right", "page", "none"]), default="right",
              show_default=True, help="Open chapters on a new right-hand page, any new page, or run on.")
@click.option("--toc-depth", type=click.IntRange(min=1), default=2, show_default=True,
              help="Levels of divisions in the contents.")
def pdf(tei_files: tuple[Path, ...], output: Path | None, build_dir: Path, registers: Path | None,
        page_size: str, chapter_break: str, toc_depth: int) -> None:
    """Render TEI files as print-ready PDF books (typeset with Typst; tagged PDF/UA-1)."""
    from ..diagnostics import EditionError
    from ..render.pdf import PrintOptions, default_output, render_pdf  # saxonche and typst only when run

    if output is not None and len(tei_files) > 1:
        raise click.UsageError("--output takes one input file; use --build-dir for several")
    opts = PrintOptions(page_size=page_size, chapter_break=chapter_break, toc_depth=toc_depth)
    failed = False
    for tei_file in tei_files:
        out = output or default_output(tei_file, build_dir)
        try:
            diags = render_pdf(tei_file, out, registers=registers, options=opts)
        except EditionError as err:
            click.echo(f"error: {err}", err=True)
            failed = True
            continue
        for d in diags:
            click.echo(str(d), err=True)
        click.echo(str(out))
    raise SystemExit(1 if failed else 0)


@click.group("render")
def render() -> None:
    """Render the edition (print: PDF)."""


render.add_command(pdf)
