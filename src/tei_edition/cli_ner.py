"""``tei-edition ner``: plain-text entity recognition, JSON lines in, JSON lines out.

Thin click command in front of :func:`tei_edition.annotate.entities.recognize`; Natasha is
imported only when the command runs. Offsets are code points, end exclusive.
"""

from __future__ import annotations

import json

import click

__all__ = ["ner", "TYPE_LABEL"]

TYPE_LABEL = {"persName": "PER", "placeName": "LOC", "orgName": "ORG"}


@click.command("ner")
@click.argument("infile", type=click.File("r", encoding="utf-8"))
@click.option("-o", "--output", "outfile", type=click.File("w", encoding="utf-8"), default="-",
              show_default=True, help="JSON lines: {id, spans: [{start, end, type}]}")
def ner(infile, outfile) -> None:
    """Tag persons, places and organisations in IN.jsonl lines of {"id", "text"}."""
    from .annotate.entities import recognize

    for n, line in enumerate(infile, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            text = rec["text"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise click.ClickException(f"line {n}: expected {{\"id\", \"text\"}}: {exc}") from exc
        spans = [{"start": s.start, "end": s.end, "type": TYPE_LABEL[s.tag]} for s in recognize(text)]
        outfile.write(json.dumps({"id": rec.get("id"), "spans": spans}, ensure_ascii=False) + "\n")
