"""The editors' review report (``tei-edition review``): doubtful mentions as CSV or one HTML page.

Items come from :func:`tei_edition.annotate.curation.review_items` over the built edition;
every item offers each decision an editor can take as a ``tei-edition curate`` command (the
likeliest first), and the HTML page ends with the possible duplicate entries and the command
that merges each pair. Returns text; the command writes it.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Sequence

__all__ = ["curate_commands", "review_csv", "review_html", "review_report"]

_COLUMNS = ("score", "doubt", "mentions", "reasons", "doc", "line", "unit", "type", "text", "entry", "canonical",
            "context", "command", "actions")


def _quote(s: str) -> str:
    """``s`` as one POSIX shell word."""
    return "'" + s.replace("'", "'\\''") + "'"


def curate_commands(item) -> list[str]:
    """Every decision the editor can take on a review item, as ``curate`` commands (the likeliest first)."""
    m = item.mention
    key = f"--doc {m.doc} --text {_quote(m.surface)} --context {_quote(item.context)}"
    if item.missed:
        return [f"tei-edition curate add {key} --ref {m.entry}",
                f"tei-edition curate add {key} --type {m.type}"]
    others = [t for t in ("person", "place", "org") if t != m.type]
    return [f"tei-edition curate reject {key}", f"tei-edition curate accept {key}",
            *(f"tei-edition curate retype {key} --type {t}" for t in others),
            f"tei-edition curate relink {key} --ref ENTRY-ID"]


def _rows(items: Sequence) -> list[dict[str, str]]:
    rows = []
    for i in items:
        commands = curate_commands(i)
        rows.append({"score": str(i.score), "doubt": f"{i.doubt:.2f}", "mentions": str(i.mentions),
                     "reasons": ", ".join(i.reasons), "doc": i.mention.doc,
                     "line": str(i.mention.line), "unit": i.mention.unit_id, "type": i.mention.type,
                     "text": i.mention.surface, "entry": i.mention.entry, "canonical": i.canonical,
                     "context": i.context, "command": commands[0], "actions": " ; ".join(commands[1:])})
    return rows


def review_csv(items: Sequence) -> str:
    """The review list as CSV (UTF-8, one row per mention, header first)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=_COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(_rows(items))
    return buf.getvalue()


def _duplicates_section(suggestions: Sequence) -> str:
    e = html.escape
    dups = "".join(f"<tr><td><code>{e(d.source)}</code></td><td><code>{e(d.into)}</code></td><td>{e(d.reason)}</td>"
                   f"<td><code>tei-edition curate merge {e(d.source)} {e(d.into)}</code></td></tr>\n"
                   for d in suggestions)
    return ("<h2>Possible duplicate entries</h2><table><tr><th>entry</th><th>may be</th><th>why</th>"
            f"<th>decision (run to merge)</th></tr>\n{dups}</table>") if dups else ""


def review_html(items: Sequence, suggestions: Sequence = ()) -> str:
    """The review list as one self-contained HTML page (the mention highlighted in its context),
    then the possible duplicate entries with the command that merges each pair."""
    from ..annotate.curation import REVIEW_REASONS

    e = html.escape
    body = []
    for item, row in zip(items, _rows(items)):
        ctx, surf = row["context"], row["text"]
        at = ctx.find(surf)
        shown = e(ctx) if at < 0 else f"{e(ctx[:at])}<mark>{e(surf)}</mark>{e(ctx[at + len(surf):])}"
        body.append(f"<tr><td>{row['score']}</td><td>{e(row['reasons'])}</td><td>{e(row['doc'])}:{row['line']}</td>"
                    f"<td>{e(row['type'])}</td><td>{shown}</td><td><code>{e(row['entry'])}</code><br>"
                    f"{e(row['canonical'])}</td><td>"
                    + "<br>".join(f"<code>{e(c)}</code>" for c in curate_commands(item)) + "</td></tr>")
    legend = "".join(f"<li><b>{k}</b> ({w}): {e(text)}</li>" for k, (w, text) in REVIEW_REASONS.items())
    return ("<!DOCTYPE html>\n<html lang=\"ru\"><head><meta charset=\"utf-8\"><title>Annotation review</title>"
            "<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
            "padding:4px;vertical-align:top}mark{background:#ffe08a}code{font-size:85%}</style></head><body>"
            f"<h1>Annotation review</h1><p>{len(items)} doubtful mentions, ordered by doubt x mentions "
            "a decision settles. Reasons and their doubt:</p>"
            f"<ul>{legend}</ul><table><tr><th>score</th><th>reasons</th><th>where</th><th>type</th>"
            "<th>context</th><th>entry</th><th>decision (edit and run)</th></tr>\n"
            + "\n".join(body) + "\n</table>" + _duplicates_section(suggestions) + "</body></html>\n")


def review_report(tei_dir, fmt: str, threshold: float | None = None) -> tuple[bytes, int]:
    """The review report of the edition built in ``tei_dir`` as ``fmt`` ("csv" or "html"), and
    how many mentions it lists. The edition's curated names (``curation/`` beside ``tei_dir``)
    count as known."""
    from pathlib import Path

    from ..annotate.curation import REVIEW_THRESHOLD, review_items
    from ..annotate.knowledge import use_curation
    from ..tei.curation import duplicate_entries, load_built

    built = load_built(Path(tei_dir))
    use_curation(Path(tei_dir).parent / "curation")
    items = review_items(built.mentions, built.registers, REVIEW_THRESHOLD if threshold is None else threshold,
                         built.units)
    text = review_csv(items) if fmt == "csv" else review_html(items, duplicate_entries(built))
    return text.encode("utf-8"), len(items)
