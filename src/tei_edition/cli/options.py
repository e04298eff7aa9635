"""The click options several commands share, declared once (same names, types, defaults, help).

Each is a decorator (``@options.tei_dir``) or a small factory of one where commands differ only
in the help text; :func:`stack` applies a list of them in reading order.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from ..config import CONFIG_NAME, EditionConfig, load_config

__all__ = ["config", "optional_config", "find_config", "tei_dir", "curation_dir", "tei_files", "single_output",
           "build_dir", "registers_file", "jobs", "executor", "progress", "no_cache", "stack", "check_single_output"]

Decorator = Callable[[Callable], Callable]


def stack(*decorators: Decorator) -> Decorator:
    """Apply ``decorators`` so that their options are listed in the order given."""
    def apply(f: Callable) -> Callable:
        for decorate in reversed(decorators):
            f = decorate(f)
        return f
    return apply


config = click.option("--config", "config_path", type=click.Path(path_type=Path), default=CONFIG_NAME,
                      show_default=True, help="Edition config.")


def optional_config(what: str = "") -> Decorator:
    """``--config`` of a command that also runs without an edition (default: ./edition.toml if present)."""
    return click.option("--config", "config_path", type=click.Path(path_type=Path),
                        help=f"Edition config{' ' + what if what else ''} (default: ./{CONFIG_NAME} if present).")


def find_config(config_path: Path | None) -> EditionConfig | None:
    """The config named by ``--config``, else ``./edition.toml`` when there is one, else None."""
    if config_path is None and Path(CONFIG_NAME).is_file():
        config_path = Path(CONFIG_NAME)
    return load_config(config_path) if config_path is not None else None


tei_dir = click.option("--tei-dir", type=click.Path(path_type=Path), default=Path("tei"), show_default=True,
                       help="Folder with registers.xml and the TEI texts.")
curation_dir = click.option("--curation-dir", type=click.Path(path_type=Path), default=Path("curation"),
                            show_default=True, help="Folder with decisions.toml and registers.toml.")

tei_files = click.argument("tei_files", nargs=-1, required=True,
                           type=click.Path(exists=True, dir_okay=False, path_type=Path))


def single_output(kind: str, folder: str) -> Decorator:
    """``-o/--output``: the one file a single-input render writes (else ``build_dir/folder/<id>``)."""
    return click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                        help=f"{kind} to write (one input only). Default: BUILD_DIR/{folder}/<text-id>.{folder}.")


def check_single_output(output: Path | None, inputs: tuple[Path, ...]) -> None:
    """``-o`` names one file: a usage error with several inputs."""
    if output is not None and len(inputs) > 1:
        raise click.UsageError("-o names one output: give one TEI file, or use --build-dir for several")


def build_dir(what: str, folder: str) -> Decorator:
    """``--build-dir``: where a render's outputs go by default (``BUILD_DIR/folder/``)."""
    return click.option("--build-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("build"),
                        show_default=True, help=f"Build folder; {what} go to its {folder}/ subfolder.")


def registers_file(text: str, *, must_exist: bool = True) -> Decorator:
    """``--registers``: the corpus register file (``tei/registers.xml``)."""
    kind = click.Path(exists=True, dir_okay=False, path_type=Path) if must_exist else click.Path(path_type=Path)
    return click.option("--registers", type=kind, help=text)


def _executor_value(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from ..build.executor_spec import parse_executor

    if value is None:
        return None
    try:
        return str(parse_executor(value))
    except ValueError as err:
        raise click.BadParameter(str(err)) from None


jobs = click.option("-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True,
                    help="Worker processes for the per-document stages and the PDFs, local or of a local "
                         "Dask cluster (0: one per CPU).")
no_cache = click.option("--no-cache", is_flag=True, help="Rebuild every stage, ignoring .cache/ (and refreshing it).")
executor = click.option(
    "--executor", metavar="local|dask[=ADDRESS]", callback=_executor_value,
    help="Where the per-document stages and the PDFs run: local worker processes (--jobs), or a Dask "
         "cluster: a local one of --jobs workers, or the scheduler at ADDRESS (default: [build] executor "
         "in the config, else local).")
progress = click.option("--progress/--no-progress", default=None,
                        help="Show documents done / total, rate and time left (default: on a terminal).")
