"""``tei-edition ner``: plain-text entity recognition, JSON lines in, JSON lines out.

Thin click command in front of :func:`tei_edition.annotate.entities.recognize`; Natasha is
imported only when the command runs. Offsets are code points, end exclusive. The whole input is
checked before the models load, so a bad line costs no time and writes nothing; the output is
written atomically (temporary file + rename), so a failed run leaves the previous one as it was.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

__all__ = ["ner", "read_records", "TYPE_LABEL", "NerInputError"]

TYPE_LABEL = {"person": "PER", "place": "LOC", "org": "ORG"}


class NerInputError(Exception):
    """A line of the input that is not a ``{"id", "text"}`` record (line number + message)."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def read_records(data: bytes) -> list[tuple[object, str]]:
    """``(id, text)`` of every non-blank line; a UTF-8 byte order mark is accepted.

    Raises :class:`NerInputError` for the first line that is not UTF-8, not JSON, not an
    object, or whose ``text`` is missing, ``null`` or not a string.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    out = []
    for n, raw in enumerate(data.split(b"\n"), 1):
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise NerInputError(n, f"not valid UTF-8 (byte {exc.start + 1})") from None
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise NerInputError(n, f"not valid JSON ({exc.msg}, column {exc.colno})") from None
        if not isinstance(rec, dict):
            raise NerInputError(n, f'expected a JSON object {{"id", "text"}}, got {type(rec).__name__}')
        if "text" not in rec:
            raise NerInputError(n, 'missing "text"')
        text = rec["text"]
        if not isinstance(text, str):
            kind = "null" if text is None else type(text).__name__
            raise NerInputError(n, f'"text" must be a string, got {kind}')
        out.append((rec.get("id"), text))
    return out


@click.command("ner")
@click.argument("infile", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("-o", "--output", "outfile", default="-", show_default=True,
              help="JSON lines: {id, spans: [{start, end, type}]}")
def ner(infile: str, outfile: str) -> None:
    """Tag persons, places and organisations in IN.jsonl lines of {"id", "text"}."""
    from ..build.fileio import write_atomic

    try:
        data = sys.stdin.buffer.read() if infile == "-" else Path(infile).read_bytes()
    except OSError as exc:
        click.echo(f"error: {infile}: cannot read: {exc.strerror or exc}", err=True)
        sys.exit(2)
    try:
        records = read_records(data)
    except NerInputError as exc:
        click.echo(f"error: {infile}:{exc.line}: {exc.message}", err=True)
        sys.exit(1)

    from ..annotate.entities import recognize

    lines = []
    for ident, text in records:
        spans = [{"start": s.start, "end": s.end, "type": TYPE_LABEL[s.kind]} for s in recognize(text)]
        lines.append(json.dumps({"id": ident, "spans": spans}, ensure_ascii=False) + "\n")
    payload = "".join(lines).encode("utf-8")
    if outfile == "-":
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
        return
    try:
        write_atomic(Path(outfile), payload)
    except OSError as exc:
        click.echo(f"error: {outfile}: cannot write output: {exc.strerror or exc}", err=True)
        sys.exit(2)
