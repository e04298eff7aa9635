"""``tei-edition render pdf``: a thin click front end to :func:`tei_edition.render.pdf.render_pdf`.

``pdf`` is a command of the ``render`` group (:mod:`.render`); :data:`render` here is a group
holding only ``pdf``, for callers that want the print command alone. A text that fails is
reported and the others are still rendered; the exit status is the worst of them.
"""

from __future__ import annotations

from pathlib import Path

import click

from . import options
from .report import command, error_line, finish, group, show, wrote

__all__ = ["pdf", "render"]


@command("pdf")
@options.tei_files
@options.single_output("PDF", "pdf")
@options.build_dir("PDFs", "pdf")
@options.registers_file("TEI registers file (persons, places, organisations) for the index. "
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

    options.check_single_output(output, tei_files)
    opts = PrintOptions(page_size=page_size, chapter_break=chapter_break, toc_depth=toc_depth)
    status = 0
    for tei_file in tei_files:
        out = output or default_output(tei_file, build_dir)
        try:
            show(render_pdf(tei_file, out, registers=registers, options=opts))
        except EditionError as err:
            status = max(status, error_line(err))
            continue
        wrote(out)
    finish(status)


@group("render")
def render() -> None:
    """Render the edition (print: PDF)."""


render.add_command(pdf)
