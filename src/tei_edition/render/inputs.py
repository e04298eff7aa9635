"""What a rendering depends on besides its TEI, as the renderers find it: the register file
beside a text, and the installed fonts that shape PDF and EPUB bytes (part of their cache keys).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

__all__ = ["REGISTERS_FILE", "registers_beside", "font_environment"]

#: the corpus register file, written beside the texts (``tei/registers.xml``)
REGISTERS_FILE = "registers.xml"


def registers_beside(tei_file: Path) -> Path:
    """The register file a text's renderings use when none is given: the one beside it
    (which may not exist)."""
    return Path(tei_file).parent / REGISTERS_FILE


def font_environment() -> list[str]:
    """What a PDF or an EPUB depends on outside the project: the installed files of the
    edition's font and the fixed date (``SOURCE_DATE_EPOCH``)."""
    from .pdf import FONT_FAMILY

    fc_list = shutil.which("fc-list")
    fonts = ""
    if fc_list is not None:
        fonts = subprocess.run([fc_list, f":family={FONT_FAMILY}", "file", "style"], capture_output=True,
                               text=True, check=False).stdout
    return [hashlib.sha256("\n".join(sorted(fonts.splitlines())).encode()).hexdigest(), os.environ.get("SOURCE_DATE_EPOCH", "")]
