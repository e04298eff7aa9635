"""``tei-edition ner``: plain-text entity recognition, JSON lines in, JSON lines out.

Thin click command in front of :mod:`tei_edition.annotate.jsonl` (the format) and
:func:`tei_edition.annotate.entities.recognize`; Natasha is imported only after the whole input
was checked, so a bad line costs no time and writes nothing. The output is written atomically
(temporary file + rename), so a failed run leaves the previous one as it was.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..diagnostics import EditionError
from .report import command

__all__ = ["ner"]


@command("ner")
@click.argument("infile", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("-o", "--output", "outfile", default="-", show_default=True,
              help="JSON lines: {id, spans: [{start, end, type}]}")
def ner(infile: str, outfile: str) -> None:
    """Tag persons, places and organisations in IN.jsonl lines of {"id", "text"}."""
    from ..annotate.jsonl import read_records, tag_records  # the annotators load only for this command
    from ..build.fileio import write_atomic

    try:
        data = sys.stdin.buffer.read() if infile == "-" else Path(infile).read_bytes()
    except OSError as exc:
        raise EditionError(infile, f"cannot read: {exc.strerror or exc}", "source-unreadable") from None
    payload = tag_records(read_records(data, infile))
    if outfile == "-":
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
        return
    try:
        write_atomic(Path(outfile), payload)
    except OSError as exc:
        raise EditionError(outfile, f"cannot write output: {exc.strerror or exc}", "output-unwritable") from None
