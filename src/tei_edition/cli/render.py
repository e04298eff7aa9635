"""``tei-edition render html``: the static HTML reading edition (thin click layer).

Arguments -> one call of :func:`tei_edition.build.publish.render_html`; diagnostics and errors
go through :mod:`.report`. The ``render`` group also holds ``pdf`` and ``epub``.
"""

from __future__ import annotations

from pathlib import Path

import click

from . import options
from .report import group, show, wrote

__all__ = ["render", "render_html_command"]


@group()
def render() -> None:
    """Render the edition (html)."""


@render.command("html")
@click.argument("tei", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path),
              help="Output folder (default: <build_dir>/html from the config, else build/html).")
@options.registers_file("Corpus register file (default: registers.xml next to the TEI files, if present).",
                        must_exist=False)
@click.option("--title", "site_title", help="Title of the site (default: [edition] title of the config).")
@options.optional_config()
def render_html_command(tei: tuple[Path, ...], out_dir: Path | None, registers: Path | None,
                        site_title: str | None, config_path: Path | None) -> None:
    """Write the HTML reading edition of TEI files (default: the config's tei_dir/*.xml)."""
    from ..build.cache import CACHE_DIR, Cache
    from ..build.publish import render_html
    from ..tei.files import split_inputs

    cfg = options.find_config(config_path)
    given = tei or sorted((cfg.tei_dir if cfg else Path("tei")).glob("*.xml"))
    if not given:
        raise click.UsageError("no TEI files given and none found in the TEI folder")
    texts, registers = split_inputs(given, registers)
    out = out_dir or ((cfg.build_dir if cfg else Path("build")) / "html")
    show(render_html(texts, out, registers=registers,
                     site_title=site_title or (cfg.title if cfg and cfg.title else None),
                     base_url=cfg.base_url if cfg else None,
                     cache_dir=Cache(cfg.root / CACHE_DIR).folder if cfg else None))
    wrote(out / "index.html")
