"""``tei-edition registers``, ``review`` and ``curate``: the editors' view of the annotation.

Thin click commands over :mod:`tei_edition.tei.curation` (listings of the built edition and
checks of a decision), :mod:`tei_edition.render.review` (the review report) and
:mod:`tei_edition.annotate.curation` (recording decisions). They read the built TEI, so no
model runs; only ``curate`` writes, and only to ``curation/`` (atomically).
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import click

from ..diagnostics import EditionError
from . import options
from .report import command, group, show, wrote

__all__ = ["registers", "review", "curate", "COMMANDS"]


# ---------------------------------------------------------------------------- registers

@command("registers")
@options.tei_dir
@click.option("--type", "type_", type=click.Choice(["person", "place", "org"]), help="Only this register.")
@click.option("--unlinked", is_flag=True, help="List mentions whose @ref resolves to no entry.")
@click.option("--ambiguous", is_flag=True, help="List surface forms linked to more than one entry.")
@click.option("--duplicates", is_flag=True,
              help="List possible duplicate entries (merge suggestions) with the command that merges them.")
def registers(tei_dir: Path, type_: str | None, unlinked: bool, ambiguous: bool, duplicates: bool) -> None:
    """List register entries with their mention counts (tab-separated: id, type, count, name, variants)."""
    from ..tei import curation as listing

    built = listing.load_built(tei_dir)
    if duplicates:
        for d in listing.duplicate_entries(built, type_):
            click.echo(f"{d.source}\t{d.into}\t{d.reason}\ttei-edition curate merge {d.source} {d.into}")
    elif unlinked:
        for m in listing.unlinked_mentions(built, type_):
            click.echo(f"{m.doc}:{m.line}\t{m.type}\t{m.surface}\t{m.ref or '(no @ref)'}")
    elif ambiguous:
        for form, links in listing.ambiguous_forms(built, type_):
            click.echo(f"{form}\t" + ", ".join(f"{e} ({n})" for e, n in links))
    else:
        for row in listing.register_rows(built, type_):
            click.echo("\t".join(map(str, row)))


# ---------------------------------------------------------------------------- review

@command("review")
@options.tei_dir
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="review.html or review.csv (the format follows the extension).")
@click.option("--threshold", type=float, default=None, help="Lowest doubt listed, 0-1 (default 0.5).")
def review(tei_dir: Path, output: Path, threshold: float | None) -> None:
    """Write a report of low-confidence annotations, with their context, for an editor."""
    from ..build.fileio import write_atomic
    from ..render.review import review_report

    fmt = {".html": "html", ".htm": "html", ".csv": "csv"}.get(output.suffix.lower())
    if fmt is None:
        raise click.UsageError("the output must end in .html or .csv")
    data, count = review_report(tei_dir, fmt, threshold)
    write_atomic(output, data)
    wrote(output, f"{count} mentions to review")


# ---------------------------------------------------------------------------- curate

def _decide(action: str, doc: str, text: str, context: str | None, every: bool, occurrence: int,
            type_: str | None = "", ref: str = "", when: str = "", note: str = "", by: str = "",
            tei_dir: Path = Path("tei"), curation_dir: Path = Path("curation")) -> None:
    """Record one decision on a mention, checked against the built edition when there is one."""
    from ..annotate.curation import Decision, record
    from ..diagnostics import Diagnostic
    from ..tei.curation import check_new_decision, find_context, load_built, new_conflicts

    if context is None and not every:
        context = find_context(tei_dir, doc, text)
    d = Decision(action, text, context or "", doc, occurrence, type_ or "", ref, note, by,
                 _dt.date.today().isoformat(), when=when)
    built = load_built(tei_dir) if (tei_dir / "registers.xml").is_file() else None
    if built is not None:
        check_new_decision(built, d, curation_dir)
    line = record(curation_dir, d)
    shown = curation_dir / "decisions.toml"
    click.echo(f"recorded {d.describe()} at {shown}:{line}", err=True)
    show(Diagnostic(str(shown), b.line, "warning", "curation-conflict", f"{b.describe()} conflicts with the "
                    f"decision at line {a.line} ({a.action}); the later one wins")
         for a, b in (new_conflicts(built, curation_dir, line) if built is not None else []))


_mention_options = options.stack(
    click.option("--doc", required=True, help="Document id (the TEI file name without .xml)."),
    click.option("--text", "text", required=True, help="The mention exactly as printed."),
    click.option("--context", default=None, help="A short quote around it (default: found in the TEI "
                                                 "when the text occurs once)."),
    click.option("--all", "every", is_flag=True, help="Every occurrence of the text in the document."),
    click.option("--occurrence", type=int, default=1, show_default=True,
                 help="Which occurrence of the text inside the context."),
    click.option("--note", default="", help="Why (kept in the file)."),
    click.option("--by", default="", help="Who decided."),
    options.tei_dir, options.curation_dir,
)


@group("curate", invoke_without_command=True)
@click.option("--orphans", "list_orphans", is_flag=True,
              help="List decisions that match nothing in the built TEI, with a suggested new context.")
@options.tei_dir
@options.curation_dir
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

    found = find_orphans(load_built(tei_dir), curation_dir)
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
@options.curation_dir
def curate_merge(source: str, into: str, note: str, by: str, curation_dir: Path) -> None:
    """Make entry FROM part of entry INTO (all its mentions move)."""
    from ..annotate.curation import Merge, record

    line = record(curation_dir, Merge(source, into, note, by, _dt.date.today().isoformat()))
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
@options.curation_dir
def curate_entry(type_: str, ident: str, name: str, wikidata: str, birth: str, death: str,
                 lat: float | None, lon: float | None, note: str, curation_dir: Path) -> None:
    """Add a curated register entry to curation/registers.toml (edit the file to change one)."""
    from ..annotate.curation import load_curation, record
    from ..annotate.linking import RegisterEntry

    existing = load_curation(curation_dir).entry_lines
    if ident in existing:
        raise EditionError(f"{curation_dir.name}/registers.toml", f"'{ident}' is already curated at line "
                           f"{existing[ident]}: edit it there", "curation-exists")
    sur, fore = ((name.split(", ", 1) + [""])[:2]) if type_ == "person" else ("", "")
    geo = (lat, lon) if lat is not None and lon is not None else None
    e = RegisterEntry(ident, type_, name, sur, fore, wikidata=wikidata, curated=True, birth=birth,
                      death=death, geo=geo, note=note)
    line = record(curation_dir, e)
    click.echo(f"recorded {type_} {ident} at {curation_dir / 'registers.toml'}:{line}", err=True)


COMMANDS = [registers, review, curate]
