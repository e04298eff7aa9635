"""``tei-edition serve``: the editor's desk (see :mod:`tei_edition.desk`), a thin click layer."""

from __future__ import annotations

from pathlib import Path

import click

from . import options
from .report import command

__all__ = ["serve"]


@command("serve")
@options.config
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="Port on 127.0.0.1 (0: a free one).")
@click.option("--open", "open_browser", is_flag=True, help="Open the desk in the web browser.")
@click.option("--pdf", type=click.Choice(["background", "demand"]), default="background", show_default=True,
              help="Rebuild the PDFs after each page rebuild, or only when asked in the desk.")
def serve(config_path: Path, port: int, open_browser: bool, pdf: str) -> None:
    """Start the editor's desk: a local web app to review the annotation and the registers.

    It listens on 127.0.0.1 only and prints a URL with a random access token. Decisions are
    written to curation/ (as `tei-edition curate` writes them) and rebuild the edition."""
    from ..desk.app import serve as run

    run(config_path, port=port, open_browser=open_browser, pdf=pdf, echo=lambda m: click.echo(m, err=True))
