"""``tei-edition render epub``: a thin click front end to :func:`tei_edition.build.publish.render_epub`.

A plain command for the ``render`` group (``render.add_command(epub)``).
Exit status: 0 written (warnings allowed), 1 bad input, 2 usage or I/O problem.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

__all__ = ["epub"]


@click.command("epub")
@click.argument("tei_files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="EPUB to write (one input only). Default: BUILD_DIR/epub/<text-id>.epub.")
@click.option("--build-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("build"),
              show_default=True, help="Build folder; EPUBs go to its epub/ subfolder.")
@click.option("--registers", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Corpus register file for the indexes (default: registers.xml beside the text, if present).")
@click.option("--publisher", help="The edition named as publisher and on the cover (default: [edition] title).")
def epub(tei_files: tuple[Path, ...], output: Path | None, build_dir: Path, registers: Path | None,
         publisher: str | None) -> None:
    """Write an EPUB 3 of each TEI text (page list, footnotes, indexes, embedded font)."""
    from ..config import CONFIG_NAME, load_config
    from ..diagnostics import EditionError
    from ..build.publish import render_epub

    if output is not None and len(tei_files) > 1:
        raise click.UsageError("-o names one EPUB: give one TEI file, or use --build-dir")
    if publisher is None and Path(CONFIG_NAME).is_file():
        try:
            publisher = load_config(Path(CONFIG_NAME)).title or None
        except EditionError as err:
            click.echo(f"error: {err}", err=True)
            sys.exit(2)
    for tei in tei_files:
        out = output or build_dir / "epub" / f"{tei.stem}.epub"
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            diags = render_epub(tei, out, registers=registers, publisher=publisher)
        except OSError as err:
            click.echo(f"error: {out}: cannot write output: {err.strerror or err}", err=True)
            sys.exit(2)
        except EditionError as err:
            click.echo(f"error: {err}", err=True)
            sys.exit(2 if err.code.startswith("output") else 1)
        for d in diags:
            click.echo(str(d), err=True)
        click.echo(f"wrote {out}", err=True)
