"""``tei-edition registers``, ``review`` and ``curate``: the editors' view of the annotation.

Thin click commands over :mod:`tei_edition.tei.registers` (reading ``tei/registers.xml``
and the TEI texts) and :mod:`tei_edition.annotate.curation` (review scoring, recording
decisions). They read the built TEI, so no model runs; only ``curate`` writes, and only to
``curation/`` (atomically).
"""

from __future__ import annotations

import csv
import datetime as _dt
import html
import io
from pathlib import Path

import click

from ..diagnostics import EditionError

__all__ = ["registers", "review", "curate", "COMMANDS"]

_TEI_DIR = click.option("--tei-dir", type=click.Path(path_type=Path), default=Path("tei"), show_default=True,
                        help="Folder with registers.xml and the TEI texts.")
_CURATION_DIR = click.option("--curation-dir", type=click.Path(path_type=Path), default=Path("curation"),
                             show_default=True, help="Folder with decisions.toml and registers.toml.")


def _fail(err: EditionError) -> None:
    click.echo(f"error: {err}", err=True)
    raise SystemExit(1 if err.code.startswith("curation") else 2)


def _load(tei_dir: Path):
    """(registers, mentions) of a built edition."""
    from lxml import etree

    from ..tei.registers import tei_mentions, tei_to_registers

    reg_file = tei_dir / "registers.xml"
    if not reg_file.is_file():
        raise EditionError(str(reg_file), "no register file: run `tei-edition build` first", "source-missing")
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        registers = tei_to_registers(etree.parse(str(reg_file), parser).getroot())
        mentions = []
        for path in sorted(tei_dir.glob("*.xml")):
            if path.name != "registers.xml":
                mentions += tei_mentions(etree.parse(str(path), parser).getroot(), path.stem)
    except etree.XMLSyntaxError as err:
        raise EditionError(str(err.filename or tei_dir), f"not well-formed XML: {err.msg}", "source-unreadable") from None
    return registers, mentions


# ---------------------------------------------------------------------------- registers

@click.command("registers")
@_TEI_DIR
@click.option("--type", "type_", type=click.Choice(["person", "place", "org"]), help="Only this register.")
@click.option("--unlinked", is_flag=True, help="List mentions whose @ref resolves to no entry.")
@click.option("--ambiguous", is_flag=True, help="List surface forms linked to more than one entry.")
@click.option("--duplicates", is_flag=True,
              help="List possible duplicate entries (merge suggestions) with the command that merges them.")
def registers(tei_dir: Path, type_: str | None, unlinked: bool, ambiguous: bool, duplicates: bool) -> None:
    """List register entries with their mention counts (tab-separated: id, type, count, name, variants)."""
    from ..annotate.curation import normalize

    try:
        reg, mentions = _load(tei_dir)
    except EditionError as err:
        _fail(err)
        return
    mentions = [m for m in mentions if type_ is None or m.type == type_]
    if duplicates:
        for d in merge_suggestions(reg, mentions):
            click.echo(f"{d.source}\t{d.into}\t{d.reason}\ttei-edition curate merge {d.source} {d.into}")
        return
    if unlinked:
        for m in mentions:
            if m.entry not in reg.entries:
                click.echo(f"{m.doc}:{m.line}\t{m.type}\t{m.surface}\t{m.ref or '(no @ref)'}")
        return
    if ambiguous:
        forms: dict[str, dict[str, int]] = {}
        shown: dict[str, str] = {}
        for m in mentions:
            key = normalize(m.surface)[0]
            shown.setdefault(key, m.surface)
            forms.setdefault(key, {})
            forms[key][m.entry] = forms[key].get(m.entry, 0) + 1
        for key in sorted(forms):
            if len(forms[key]) > 1:
                links = ", ".join(f"{e} ({n})" for e, n in sorted(forms[key].items()))
                click.echo(f"{shown[key]}\t{links}")
        return
    counts: dict[str, int] = {}
    for m in mentions:
        counts[m.entry] = counts.get(m.entry, 0) + 1
    for e in sorted(reg.entries.values(), key=lambda e: e.id):
        if type_ and e.type != type_:
            continue
        mark = " *" if e.curated else ""
        variants = "; ".join(sorted(v for v in e.variants if v != e.canonical))
        click.echo(f"{e.id}\t{e.type}\t{counts.get(e.id, 0)}\t{e.canonical}{mark}\t{variants}")


def merge_suggestions(reg, mentions) -> list:
    """Possible duplicate entries of a built edition (the certain ones the build already merged):
    the forms found in the texts are compared, as the build does."""
    from ..annotate.headwords import find_duplicates
    from ..annotate.linking import Registers, RegisterEntry

    found = Registers()
    for e in reg.entries.values():
        found.entries[e.id] = RegisterEntry(e.id, e.type, e.canonical, e.surname, e.forename, dict(e.variants),
                                            e.count, e.wikidata, e.curated)
    for m in mentions:
        e = found.entries.get(m.entry)
        if e is not None:
            e.variants[m.surface] = e.variants.get(m.surface, 0) + 1
    return find_duplicates(found)


# ---------------------------------------------------------------------------- review

_COLUMNS = ("score", "doubt", "mentions", "reasons", "doc", "line", "unit", "type", "text", "entry", "canonical",
            "context", "command", "actions")


def _commands(item) -> list[str]:
    """Every decision the editor can take on the item, as ``curate`` commands (the likeliest first)."""
    m = item.mention

    def q(s: str) -> str:
        return "'" + s.replace("'", "'\\''") + "'"

    key = f"--doc {m.doc} --text {q(m.surface)} --context {q(item.context)}"
    if item.missed:
        return [f"tei-edition curate add {key} --ref {m.entry}",
                f"tei-edition curate add {key} --type {m.type}"]
    others = [t for t in ("person", "place", "org") if t != m.type]
    return [f"tei-edition curate reject {key}", f"tei-edition curate accept {key}",
            *(f"tei-edition curate retype {key} --type {t}" for t in others),
            f"tei-edition curate relink {key} --ref ENTRY-ID"]


def _command(item) -> str:
    return _commands(item)[0]


def _rows(items) -> list[dict[str, str]]:
    return [{"score": str(i.score), "doubt": f"{i.doubt:.2f}", "mentions": str(i.mentions),
             "reasons": ", ".join(i.reasons), "doc": i.mention.doc,
             "line": str(i.mention.line), "unit": i.mention.unit_id, "type": i.mention.type,
             "text": i.mention.surface, "entry": i.mention.entry, "canonical": i.canonical,
             "context": i.context, "command": _command(i), "actions": " ; ".join(_commands(i)[1:])}
            for i in items]


def review_csv(items) -> str:
    """The review list as CSV (UTF-8, one row per mention, header first)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=_COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(_rows(items))
    return buf.getvalue()


def review_html(items, suggestions=()) -> str:
    """The review list as one self-contained HTML page (the mention highlighted in its context),
    then the possible duplicate entries with the command that merges each pair."""
    from ..annotate.curation import REVIEW_REASONS

    e = html.escape
    dups = "".join(f"<tr><td><code>{e(d.source)}</code></td><td><code>{e(d.into)}</code></td><td>{e(d.reason)}</td>"
                   f"<td><code>tei-edition curate merge {e(d.source)} {e(d.into)}</code></td></tr>\n"
                   for d in suggestions)
    dup_section = ("<h2>Possible duplicate entries</h2><table><tr><th>entry</th><th>may be</th><th>why</th>"
                   f"<th>decision (run to merge)</th></tr>\n{dups}</table>") if dups else ""
    body = []
    for item, row in zip(items, _rows(items)):
        ctx, surf = row["context"], row["text"]
        at = ctx.find(surf)
        shown = e(ctx) if at < 0 else f"{e(ctx[:at])}<mark>{e(surf)}</mark>{e(ctx[at + len(surf):])}"
        body.append(f"<tr><td>{row['score']}</td><td>{e(row['reasons'])}</td><td>{e(row['doc'])}:{row['line']}</td>"
                    f"<td>{e(row['type'])}</td><td>{shown}</td><td><code>{e(row['entry'])}</code><br>"
                    f"{e(row['canonical'])}</td><td>" + "<br>".join(f"<code>{e(c)}</code>" for c in _commands(item))
                    + "</td></tr>")
    legend = "".join(f"<li><b>{k}</b> ({w}): {e(text)}</li>" for k, (w, text) in REVIEW_REASONS.items())
    return ("<!DOCTYPE html>\n<html lang=\"ru\"><head><meta charset=\"utf-8\"><title>Annotation review</title>"
            "<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
            "padding:4px;vertical-align:top}mark{background:#ffe08a}code{font-size:85%}</style></head><body>"
            f"<h1>Annotation review</h1><p>{len(items)} doubtful mentions, ordered by doubt x mentions "
            "a decision settles. Reasons and their doubt:</p>"
            f"<ul>{legend}</ul><table><tr><th>score</th><th>reasons</th><th>where</th><th>type</th>"
            "<th>context</th><th>entry</th><th>decision (edit and run)</th></tr>\n"
            + "\n".join(body) + "\n</table>" + dup_section + "</body></html>\n")


@click.command("review")
@_TEI_DIR
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="review.html or review.csv (the format follows the extension).")
@click.option("--threshold", type=float, default=None, help="Lowest doubt listed, 0-1 (default 0.5).")
def review(tei_dir: Path, output: Path, threshold: float | None) -> None:
    """Write a report of low-confidence annotations, with their context, for an editor."""
    from ..annotate.curation import REVIEW_THRESHOLD, review_items
    from ..build.fileio import write_atomic

    if output.suffix.lower() not in (".html", ".htm", ".csv"):
        raise click.UsageError("the output must end in .html or .csv")
    from ..tei.curation import load_built

    try:
        built = load_built(tei_dir)
    except EditionError as err:
        _fail(err)
        return
    from ..annotate.knowledge import use_curation

    use_curation(tei_dir.parent / "curation")  # the edition's names count as known
    items = review_items(built.mentions, built.registers, REVIEW_THRESHOLD if threshold is None else threshold,
                         built.units)
    text = (review_csv(items) if output.suffix.lower() == ".csv"
            else review_html(items, merge_suggestions(built.registers, built.mentions)))
    write_atomic(output, text.encode("utf-8"))
    click.echo(f"wrote {output} ({len(items)} mentions to review)", err=True)


# ---------------------------------------------------------------------------- curate

def _find_context(tei_dir: Path, doc: str, text: str) -> str:
    """The unique context of ``text`` in ``tei/<doc>.xml``; an error when absent or repeated."""
    from lxml import etree

    from ..annotate.curation import find_mentions, mention_context
    from ..tei.registers import unit_texts

    path = tei_dir / f"{doc}.xml"
    if not path.is_file():
        raise EditionError(str(path), "no TEI file to find the mention in: pass --context or build first", "usage")
    root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    found = [mention_context(t, s, e) for _, t in unit_texts(root) for s, e in find_mentions(t, text)]
    if not found:
        raise EditionError(str(path), f"«{text}» does not occur in {doc}", "usage")
    if len(found) > 1:
        listed = "; ".join(f"«{c}»" for c in found[:5])
        raise EditionError(str(path), f"«{text}» occurs {len(found)} times in {doc}: pass --context "
                           f"(e.g. {listed}) or --all", "usage")
    return found[0]


def _decide(action: str, doc: str, text: str, context: str | None, every: bool, occurrence: int,
            type_: str | None = "", ref: str = "", when: str = "", note: str = "", by: str = "", tei_dir: Path = Path("tei"),
            curation_dir: Path = Path("curation")) -> None:
    from ..annotate.curation import Decision, record
    from ..tei.curation import check_new_decision, load_built, new_conflicts

    try:
        if context is None and not every:
            context = _find_context(tei_dir, doc, text)
        d = Decision(action, text, context or "", doc, occurrence, type_ or "", ref, note, by,
                     _dt.date.today().isoformat(), when=when)
        built = load_built(tei_dir) if (tei_dir / "registers.xml").is_file() else None
        if built is not None:
            check_new_decision(built, d, curation_dir)
        line = record(curation_dir, d)
    except EditionError as err:
        _fail(err)
        return
    click.echo(f"recorded {d.describe()} at {curation_dir / 'decisions.toml'}:{line}", err=True)
    for a, b in new_conflicts(built, curation_dir, line) if built is not None else []:
        click.echo(f"{curation_dir / 'decisions.toml'}:{b.line}: warning: {b.describe()} conflicts with the "
                   f"decision at line {a.line} ({a.action}); the later one wins [curation-conflict]", err=True)


def _mention_options(f):
    for opt in reversed([
        click.option("--doc", required=True, help="Document id (the TEI file name without .xml)."),
        click.option("--text", "text", required=True, help="The mention exactly as printed."),
        click.option("--context", default=None, help="A short quote around it (default: found in the TEI "
                                                     "when the text occurs once)."),
        click.option("--all", "every", is_flag=True, help="Every occurrence of the text in the document."),
        click.option("--occurrence", type=int, default=1, show_default=True,
                     help="Which occurrence of the text inside the context."),
        click.option("--note", default="", help="Why (kept in the file)."),
        click.option("--by", default="", help="Who decided."),
        _TEI_DIR, _CURATION_DIR,
    ]):
        f = opt(f)
    return f


@click.group("curate", invoke_without_command=True)
@click.option("--orphans", "list_orphans", is_flag=True,
              help="List decisions that match nothing in the built TEI, with a suggested new context.")
@_TEI_DIR
@_CURATION_DIR
@click.pass_context
def curate(ctx: click.Context, list_orphans: bool, tei_dir: Path, curation_dir: Path) -> None:
    """Record an editor's decision in curation/decisions.toml (applied by the next build)."""
    if ctx.invoked_subcommand is not None:
        return
    if not list_orphans:
        click.echo(ctx.get_help())
        return
    from ..tei.curation import list_orphans as find_orphans
    from ..tei.curation import load_built

    try:
        found = find_orphans(load_built(tei_dir), curation_dir)
    except EditionError as err:
        _fail(err)
        return
    shown = curation_dir / "decisions.toml"
    for d, hint in found:
        where = (f"suggested: --doc {hint[0]} --context '{hint[1]}'" if hint else "no likely place found")
        click.echo(f"{shown}:{d.line}: orphan: {d.describe()}; {where}")
    click.echo(f"{len(found)} orphaned decisions", err=True)


@curate.command("accept")
@_mention_options
def curate_accept(**kw) -> None:
    """Confirm an automatic mention."""
    _decide("accept", **kw)


@curate.command("reject")
@_mention_options
def curate_reject(**kw) -> None:
    """Remove a wrong mention."""
    _decide("reject", **kw)


@curate.command("retype")
@_mention_options
@click.option("--type", "type_", type=click.Choice(["person", "place", "org", "date"]), required=True)
@click.option("--ref", default="", help="Register id to link to (default: derived from the name).")
@click.option("--when", default="", help="ISO date, for --type date (e.g. 1925-01-20).")
def curate_retype(**kw) -> None:
    """Change a mention's kind (person, place, org) or a date's value (--type date --when)."""
    _decide("retype", **kw)


@curate.command("relink")
@_mention_options
@click.option("--ref", required=True, help="Register id, e.g. per-karakhan.")
def curate_relink(**kw) -> None:
    """Point a mention to another register entry."""
    _decide("relink", **kw)


@curate.command("add")
@_mention_options
@click.option("--type", "type_", type=click.Choice(["person", "place", "org", "date"]), default=None,
              help="Kind of name, or date (default: the kind of the --ref entry).")
@click.option("--ref", default="", help="Register id (default: derived from the name).")
@click.option("--when", default="", help="ISO date, for --type date (e.g. 1925-01-20).")
def curate_add(**kw) -> None:
    """Tag a name (or a date) the recogniser missed."""
    if not kw["type_"] and not kw["ref"]:
        raise click.UsageError("add needs --type or --ref")
    _decide("add", **kw)


@curate.command("merge")
@click.argument("source", metavar="FROM")
@click.argument("into", metavar="INTO")
@click.option("--note", default="")
@click.option("--by", default="")
@_CURATION_DIR
def curate_merge(source: str, into: str, note: str, by: str, curation_dir: Path) -> None:
    """Make entry FROM part of entry INTO (all its mentions move)."""
    from ..annotate.curation import Merge, record

    try:
        line = record(curation_dir, Merge(source, into, note, by, _dt.date.today().isoformat()))
    except EditionError as err:
        _fail(err)
        return
    click.echo(f"recorded merge {source} -> {into} at {curation_dir / 'decisions.toml'}:{line}", err=True)


@curate.command("entry")
@click.option("--type", "type_", type=click.Choice(["person", "place", "org"]), required=True)
@click.option("--id", "ident", required=True, help="Register id (per-/pl-/org- prefix).")
@click.option("--name", required=True, help="Canonical name in the nominative ('Карахан, Лев Михайлович').")
@click.option("--wikidata", default="")
@click.option("--birth", default="")
@click.option("--death", default="")
@click.option("--lat", type=float, default=None)
@click.option("--lon", type=float, default=None)
@click.option("--note", default="")
@_CURATION_DIR
def curate_entry(type_: str, ident: str, name: str, wikidata: str, birth: str, death: str,
                 lat: float | None, lon: float | None, note: str, curation_dir: Path) -> None:
    """Add a curated register entry to curation/registers.toml (edit the file to change one)."""
    from ..annotate.curation import load_curation, record
    from ..annotate.linking import RegisterEntry

    try:
        existing = load_curation(curation_dir).entry_lines
        if ident in existing:
            raise EditionError(f"{curation_dir.name}/registers.toml", f"'{ident}' is already curated at line "
                               f"{existing[ident]}: edit it there", "curation-exists")
        sur, fore = ((name.split(", ", 1) + [""])[:2]) if type_ == "person" else ("", "")
        geo = (lat, lon) if lat is not None and lon is not None else None
        e = RegisterEntry(ident, type_, name, sur, fore, wikidata=wikidata, curated=True, birth=birth,
                          death=death, geo=geo, note=note)
        line = record(curation_dir, e)
    except EditionError as err:
        _fail(err)
        return
    click.echo(f"recorded {type_} {ident} at {curation_dir / 'registers.toml'}:{line}", err=True)


COMMANDS = [registers, review, curate]
