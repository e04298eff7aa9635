"""``tei-edition render epub``: a thin click front end to :func:`tei_edition.build.publish.render_epub`.

A command of the ``render`` group (``render.add_command(epub)``); errors and the exit status
go through :mod:`.report`.
"""

from __future__ import annotations

from pathlib import Path

import click

from . import options
from .report import command, show, wrote

__all__ = ["epub"]


@command("epub")
@options.tei_files
@options.single_output("EPUB", "epub")
@options.build_dir("EPUBs", "epub")
@options.registers_file("Corpus register file for the indexes (default: registers.xml beside the text, if present).")
@click.option("--publisher", help="The edition named as publisher and on the cover (default: [edition] title).")
def epub(tei_files: tuple[Path, ...], output: Path | None, build_dir: Path, registers: Path | None,
         publisher: str | None) -> None:
    """Write an EPUB 3 of each TEI text (page list, footnotes, indexes, embedded font)."""
    from ..diagnostics import EditionError
    from ..build.publish import render_epub

    options.check_single_output(output, tei_files)
    if publisher is None:
        cfg = options.find_config(None)
        publisher = (cfg.title or None) if cfg else None
    for tei in tei_files:
        out = output or build_dir / "epub" / f"{tei.stem}.epub"
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            show(render_epub(tei, out, registers=registers, publisher=publisher))
        except OSError as err:
            raise EditionError(str(out), f"cannot write output: {err.strerror or err}", "output-unwritable") from None
        wrote(out)
