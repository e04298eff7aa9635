"""The curation layer against a built edition: checks and listings that read ``tei/``, no model.

``tei-edition curate`` and the editor's desk check a decision here before recording it (a
decision that would make invalid TEI is refused, naming the decision), report conflicts with
earlier decisions, and list orphaned decisions with a suggested re-anchoring.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..diagnostics import EditionError
from .ns import safe_parser
from ..annotate.curation import (DECISIONS_FILE, Curation, Decision, check_decision, conflicts, load_curation, orphans)
from ..annotate.linking import Registers
from .registers import Mention, tei_mentions, tei_to_registers, unit_elements

__all__ = ["Built", "load_built", "check_new_decision", "new_conflicts", "list_orphans"]


@dataclass
class Built:
    """What the build wrote: registers, the text units of every document, their mentions."""

    registers: Registers
    units: list[tuple[str, str, list[tuple[int, int, str]]]]  # (doc, text, elements)
    mentions: list[Mention]

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
    tei_dir = Path(tei_dir)
    reg_file = tei_dir / "registers.xml"
    if not reg_file.is_file():
        raise EditionError(str(reg_file), "no register file: run `tei-edition build` first", "source-missing")
    registers = tei_to_registers(_parse(reg_file))
    units, mentions = [], []
    for path in sorted(tei_dir.glob("*.xml")):
        if path.name == "registers.xml":
            continue
        root = _parse(path)
        units += [(path.stem, text, els) for _, text, els in unit_elements(root)]
        mentions += tei_mentions(root, path.stem)
    return Built(registers, units, mentions)


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
