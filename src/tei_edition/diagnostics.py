"""Typed diagnostics and the project's error type.

Library code never prints: it returns :class:`Diagnostic` values (warnings the run survives) or
raises :class:`EditionError` (one clear line naming the file and the problem). The CLI renders
both; :func:`exit_status` is the one exit policy of every command.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Diagnostic", "EditionError", "Report", "USAGE_CODES", "exit_status"]

#: Codes of problems with the invocation, the configuration or the file system rather than with
#: the input's content (exit status 2); a code ending in "-" covers every code it begins.
USAGE_CODES = ("usage", "config-", "output-", "executor-", "io-", "source-missing", "source-unreadable",
               "profile-unknown", "tool-error", "xml-too-large")


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding, e.g. ``sources/x.txt:812: warning: note 29 has no body [note-unmatched]``."""

    source: str
    line: int
    severity: str  # "error" | "warning" | "info"
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.severity}: {self.message} [{self.code}]"


class EditionError(Exception):
    """A failure the user can act on; ``str(err)`` is the one-line message the CLI prints."""

    def __init__(self, source: str, message: str, code: str = "error"):
        self.source = source
        self.message = message
        self.code = code
        super().__init__(f"{source}: {message}" if source else message)


class Report(list):
    """A list of diagnostics with helpers for the CLI."""

    def add(self, source: str, line: int, severity: str, code: str, message: str) -> None:
        self.append(Diagnostic(source, line, severity, code, message))

    def warn(self, source: str, line: int, code: str, message: str) -> None:
        self.add(source, line, "warning", code, message)

    def info(self, source: str, line: int, code: str, message: str) -> None:
        self.add(source, line, "info", code, message)

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self)


def _usage(code: str) -> bool:
    return any(code.startswith(c) if c.endswith("-") else code == c for c in USAGE_CODES)


def exit_status(problem: EditionError | Iterable[Diagnostic]) -> int:
    """0 success, 1 the input is bad or invalid, 2 a usage, configuration or I/O problem.

    An error is judged by its code (:data:`USAGE_CODES`); diagnostics by their errors (warnings
    never fail a run).

    >>> exit_status(EditionError("a.txt", "file is empty", "source-empty"))
    1
    >>> exit_status(EditionError("edition.toml", "unknown key", "config-unknown-key"))
    2
    >>> exit_status([Diagnostic("a.xml", 3, "warning", "x", "m")])
    0
    """
    if isinstance(problem, EditionError):
        return 2 if _usage(problem.code) else 1
    errors = [d for d in problem if d.severity == "error"]
    if any(_usage(d.code) for d in errors):
        return 2
    return 1 if errors else 0
