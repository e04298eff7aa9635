"""The curation layer against a built edition: checks and listings that read ``tei/``, no model.

``tei-edition curate`` and the editor's desk check a decision here before recording it (a
decision that would make invalid TEI is refused, naming the decision), report conflicts with
earlier decisions, and list orphaned decisions with a suggested re-anchoring.
``tei-edition registers`` lists the registers from here: entries with their mention counts,
unresolved mentions, forms linked to several entries, possible duplicate entries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..diagnostics import EditionError
from .files import REGISTERS_NAME, edition_files
from .ns import safe_parser
from ..annotate.curation import (DECISIONS_FILE, Curation, Decision, check_decision, conflicts, find_mentions,
                                 load_curation, mention_context, normalize, orphans)
from ..annotate.linking import Registers
from .registers import Mention, tei_mentions, tei_to_registers, unit_elements, unit_texts

__all__ = ["Built", "load_built", "check_new_decision", "new_conflicts", "list_orphans", "find_context",
           "mention_counts", "register_rows", "unlinked_mentions", "ambiguous_forms", "duplicate_entries"]


@dataclass
class Built:
    """What the build wrote: registers, the text units of every document, their mentions."""

    registers: Registers
    units: list[tuple[str, str, list[tuple[int, int, str]]]]  # (doc, text, elements)
    mentions: list[Mention]
    roots: dict[str, etree._Element] = field(default_factory=dict)  # the parsed texts, by document id

    @property
    def texts(self) -> list[tuple[str, str]]:
        return [(doc, text) for doc, text, _ in self.units]

    def entry_types(self) -> dict[str, str]:
        return {i: e.type for i, e in self.registers.entries.items()}


def _parse(path: Path) -> etree._Element:
    parser = safe_parser()
    try:
        return etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as err:
        raise EditionError(str(path), f"not well-formed XML: {err.msg}", "source-unreadable") from None
    except OSError as err:
        raise EditionError(str(path), f"cannot read: {err}", "source-missing") from None


def load_built(tei_dir: Path) -> Built:
    """Read ``tei/registers.xml`` and every TEI text of ``tei_dir``."""
    reg_file, texts = edition_files(Path(tei_dir))
    if reg_file is None:
        raise EditionError(str(Path(tei_dir) / REGISTERS_NAME), "no register file: run `tei-edition build` first",
                           "source-missing")
    registers = tei_to_registers(_parse(reg_file))
    units, mentions, roots = [], [], {}
    for path in texts:
        root = roots[path.stem] = _parse(path)
        units += [(path.stem, text, els) for _, text, els in unit_elements(root)]
        mentions += tei_mentions(root, path.stem)
    return Built(registers, units, mentions, roots)


def check_new_decision(built: Built, d: Decision, curation_dir: Path,
                       curation: Curation | None = None) -> None:
    """Refuse a decision that would make invalid TEI, with a message naming it.

    Entries the editors curated but the build has not yet seen count as known register ids.
    """
    types = built.entry_types()
    cur = curation if curation is not None else load_curation(curation_dir)
    types.update({e.id: e.type for e in cur.entries})
    check_decision(d, built.units, types, f"{Path(curation_dir).name}/{DECISIONS_FILE}")


def new_conflicts(built: Built, curation_dir: Path, line: int) -> list[tuple[Decision, Decision]]:
    """Conflicts that the decision recorded at ``line`` has with others."""
    cur = load_curation(curation_dir)
    return [(a, b) for a, b in conflicts(cur, built.texts) if line in (a.line, b.line)]


def list_orphans(built: Built, curation_dir: Path) -> list[tuple[Decision, tuple[str, str] | None]]:
    """Decisions that match nothing in the built texts, with a suggested new anchor."""
    return orphans(load_curation(curation_dir), built.texts)


def find_context(tei_dir: Path, doc: str, text: str) -> str:
    """The one context of ``text`` in ``tei/<doc>.xml`` (a curation key); an error when the text
    is absent or occurs more than once (the editor then passes ``--context`` or ``--all``)."""
    path = Path(tei_dir) / f"{doc}.xml"
    if not path.is_file():
        raise EditionError(str(path), "no TEI file to find the mention in: pass --context or build first", "usage")
    found = [mention_context(t, s, e) for _, t in unit_texts(_parse(path)) for s, e in find_mentions(t, text)]
    if not found:
        raise EditionError(str(path), f"«{text}» does not occur in {doc}", "usage")
    if len(found) > 1:
        listed = "; ".join(f"«{c}»" for c in found[:5])
        raise EditionError(str(path), f"«{text}» occurs {len(found)} times in {doc}: pass --context "
                           f"(e.g. {listed}) or --all", "usage")
    return found[0]


def _of_type(mentions: list[Mention], type_: str | None) -> list[Mention]:
    return [m for m in mentions if type_ is None or m.type == type_]


def mention_counts(mentions: list[Mention]) -> dict[str, int]:
    """How many mentions point to each register id."""
    counts: dict[str, int] = {}
    for m in mentions:
        counts[m.entry] = counts.get(m.entry, 0) + 1
    return counts


def register_rows(built: Built, type_: str | None = None) -> list[tuple[str, str, int, str, str]]:
    """``(id, type, mentions, name, other forms)`` of every entry (of ``type_``), by id; the name
    of an editor's entry is marked `` *``."""
    counts = mention_counts(_of_type(built.mentions, type_))
    return [(e.id, e.type, counts.get(e.id, 0), e.canonical + (" *" if e.curated else ""),
             "; ".join(sorted(v for v in e.variants if v != e.canonical)))
            for e in sorted(built.registers.entries.values(), key=lambda e: e.id) if not type_ or e.type == type_]


def unlinked_mentions(built: Built, type_: str | None = None) -> list[Mention]:
    """Mentions (of ``type_``) whose ``@ref`` resolves to no register entry, in document order."""
    return [m for m in _of_type(built.mentions, type_) if m.entry not in built.registers.entries]


def ambiguous_forms(built: Built, type_: str | None = None) -> list[tuple[str, list[tuple[str, int]]]]:
    """Surface forms (of ``type_``; compared normalized) linked to more than one entry: the form
    as first printed, and each entry with its mention count."""
    forms: dict[str, dict[str, int]] = {}
    shown: dict[str, str] = {}
    for m in _of_type(built.mentions, type_):
        key = normalize(m.surface)[0]
        shown.setdefault(key, m.surface)
        links = forms.setdefault(key, {})
        links[m.entry] = links.get(m.entry, 0) + 1
    return [(shown[key], sorted(forms[key].items())) for key in sorted(forms) if len(forms[key]) > 1]


def duplicate_entries(built: Built, type_: str | None = None) -> list:
    """Possible duplicate entries of a built edition (the certain ones the build already merged),
    comparing the forms found in the texts (of ``type_``) as the build does."""
    from ..annotate.headwords import find_duplicates
    from ..annotate.linking import RegisterEntry

    found = Registers()
    for e in built.registers.entries.values():
        found.entries[e.id] = RegisterEntry(e.id, e.type, e.canonical, e.surname, e.forename, dict(e.variants),
                                            e.count, e.wikidata, e.curated)
    for m in _of_type(built.mentions, type_):
        e = found.entries.get(m.entry)
        if e is not None:
            e.variants[m.surface] = e.variants.get(m.surface, 0) + 1
    return find_duplicates(found)
