"""How every command reports: diagnostics, errors and the exit status, in one place.

The library returns diagnostics and raises :class:`~tei_edition.diagnostics.EditionError`; the
commands only call it. :class:`Command` and :class:`Group` (the classes of every command) turn
what escapes into one line on stderr and the exit status of
:func:`tei_edition.diagnostics.exit_status`: 0 success, 1 the input is bad or invalid, 2 usage,
configuration or I/O problem. An unexpected exception is one line too (set
``TEI_EDITION_DEBUG=1`` for the traceback).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn

import click

from ..diagnostics import Diagnostic, EditionError, exit_status

__all__ = ["Command", "Group", "show", "error_line", "fail", "finish", "wrote", "command", "group"]


def show(diagnostics: Iterable[Diagnostic], *, err: bool = True) -> None:
    """One line per diagnostic, by file, line, column and code (stderr unless ``err=False``)."""
    for diag in sorted(diagnostics, key=lambda d: (d.source, d.line, getattr(d, "column", 0), d.code)):
        click.echo(str(diag), err=err)


def error_line(err: EditionError) -> int:
    """Print an error (and the diagnostics it carries) without stopping; its exit status."""
    show(getattr(err, "diagnostics", ()))
    click.echo(f"error: {err}", err=True)
    return exit_status(err)


def fail(err: EditionError) -> NoReturn:
    """Print an error and stop with its exit status."""
    sys.exit(error_line(err))


def finish(status: int) -> NoReturn:
    """Stop with ``status`` (a command that already printed its failures)."""
    sys.exit(status)


def wrote(path: Path | str, detail: str = "") -> None:
    """``wrote PATH`` on stderr, the line every command prints for an output it wrote."""
    click.echo(f"wrote {path}" + (f" ({detail})" if detail else ""), err=True)


def _os_error(err: OSError) -> EditionError:
    """An I/O failure the library did not name: the file and the system's reason, exit 2."""
    return EditionError(str(err.filename or ""), err.strerror or str(err), "io-error")


def _invoke(invoke, ctx: click.Context) -> Any:
    try:
        return invoke(ctx)
    except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
        raise
    except EditionError as err:
        fail(err)
    except OSError as err:
        fail(_os_error(err))
    except Exception as err:  # noqa: BLE001 - the last line of defence of the CLI
        if os.environ.get("TEI_EDITION_DEBUG"):
            raise
        click.echo(f"error: internal error: {type(err).__name__}: {err} "
                   "(set TEI_EDITION_DEBUG=1 for details)", err=True)
        sys.exit(1)


class Command(click.Command):
    """A command whose errors are reported by :func:`fail`."""

    def invoke(self, ctx: click.Context) -> Any:
        return _invoke(super().invoke, ctx)


class Group(click.Group):
    """A group whose own errors and whose commands' errors are reported by :func:`fail`."""

    command_class = Command

    def invoke(self, ctx: click.Context) -> Any:
        return _invoke(super().invoke, ctx)


Group.group_class = Group


def command(name: str | None = None, **kwargs: Any):
    """``click.command`` with :class:`Command`: every command of the CLI is made by this."""
    return click.command(name, cls=Command, **kwargs)


def group(name: str | None = None, **kwargs: Any):
    """``click.group`` with :class:`Group`."""
    return click.group(name, cls=Group, **kwargs)
