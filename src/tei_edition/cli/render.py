"""``tei-edition render html``: the static HTML reading edition (thin click layer).

Register it in the main CLI with ``main.add_command(render)``. Arguments -> one call of
:func:`tei_edition.build.publish.render_html`; diagnostics go to stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..build.cache import CACHE_DIR, Cache
from ..config import CONFIG_NAME, load_config
from ..diagnostics import EditionError

__all__ = ["render", "render_html_command"]


@click.group()
def render() -> None:
    """Render the edition (html)."""


@render.command("html")
@click.argument("tei", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path),
              help="Output folder (default: <build_dir>/html from the config, else build/html).")
@click.option("--registers", type=click.Path(path_type=Path),
              help="Corpus register file (default: registers.xml next to the TEI files, if present).")
@click.option("--title", "site_title", help="Title of the site (default: [edition] title of the config).")
@click.option("--config", "config_path", type=click.Path(path_type=Path),
              help=f"Edition config (default: ./{CONFIG_NAME} if present).")
def render_html_command(tei: tuple[Path, ...], out_dir: Path | None, registers: Path | None,
                        site_title: str | None, config_path: Path | None) -> None:
    """Write the HTML reading edition of TEI files (default: the config's tei_dir/*.xml)."""
    from ..build.publish import render_html

    cfg_file = config_path or (Path(CONFIG_NAME) if Path(CONFIG_NAME).exists() else None)
    cfg = load_config(cfg_file) if cfg_file is not None else None
    files = [p for p in tei]
    if not files:
        tei_dir = cfg.tei_dir if cfg else Path("tei")
        files = sorted(tei_dir.glob("*.xml"))
    if not files:
        raise click.UsageError("no TEI files given and none found in the TEI folder")
    folders = []
    expanded: list[Path] = []
    for f in files:
        if f.is_dir():
            folders.append(f)
            expanded.extend(sorted(f.glob("*.xml")))
        else:
            expanded.append(f)
    if registers is None:
        for f in expanded:
            if f.name == "registers.xml":
                registers = f
        expanded = [f for f in expanded if f != registers]
    if registers is None:
        # TEI files named one by one: the corpus registers live beside them (tei/registers.xml)
        registers = next((f.parent / "registers.xml" for f in expanded
                          if (f.parent / "registers.xml").is_file()), None)
    out = out_dir or ((cfg.build_dir if cfg else Path("build")) / "html")
    try:
        diags = render_html(expanded, out, registers=registers,
                            site_title=site_title or (cfg.title if cfg and cfg.title else None),
                            base_url=cfg.base_url if cfg else None,
                            cache_dir=Cache(cfg.root / CACHE_DIR).folder if cfg else None)
    except EditionError as err:
        click.echo(f"error: {err}", err=True)
        # README exit codes: 2 for usage and I/O problems, 1 for bad input
        sys.exit(2 if err.code.startswith("output") else 1)
    for d in diags:
        click.echo(str(d), err=True)
    click.echo(f"wrote {out}/index.html", err=True)
