"""Typed diagnostics and the project's error type.

Library code never prints: it returns :class:`Diagnostic` values (warnings the run survives) or
raises :class:`EditionError` (one clear line naming the file and the problem). The CLI renders
both and decides the exit status.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Diagnostic", "EditionError", "Report"]


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
