"""Which files of a TEI folder are texts and which is the corpus register file.

The build writes ``tei/<id>.xml`` for every text and ``tei/registers.xml`` for the registers;
commands that take TEI files or folders (``render html``, the desk's renders) tell them apart here.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

__all__ = ["REGISTERS_NAME", "edition_files", "split_inputs"]

REGISTERS_NAME = "registers.xml"


def edition_files(tei_dir: Path) -> tuple[Path | None, list[Path]]:
    """The register file of ``tei_dir`` (None when absent) and its texts, sorted by name."""
    tei_dir = Path(tei_dir)
    registers = tei_dir / REGISTERS_NAME
    texts = sorted(p for p in tei_dir.glob("*.xml") if p.name != REGISTERS_NAME)
    return (registers if registers.is_file() else None), texts


def split_inputs(paths: Iterable[Path], registers: Path | None = None) -> tuple[list[Path], Path | None]:
    """TEI files and folders as given -> (the texts, the register file).

    Folders stand for their ``*.xml`` files. Without ``registers``, a ``registers.xml`` among the
    inputs is the register file, else one beside the texts (the corpus registers live in the
    same folder as its texts: ``tei/registers.xml``).
    """
    files: list[Path] = []
    for path in map(Path, paths):
        files.extend(sorted(path.glob("*.xml")) if path.is_dir() else [path])
    if registers is None:
        registers = next((f for f in reversed(files) if f.name == REGISTERS_NAME), None)
        files = [f for f in files if f != registers]
    if registers is None:
        registers = next((f.parent / REGISTERS_NAME for f in files if (f.parent / REGISTERS_NAME).is_file()), None)
    return files, registers
