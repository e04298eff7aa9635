"""Loading a PDF source: size limit before reading, and the optional OCR pass.

A scanned PDF has no text layer; with ``ocr=True`` OCRmyPDF (Tesseract, Russian and English)
adds one first, in a temporary folder, so nothing is written next to the source.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..diagnostics import EditionError
from .pdf_layout import MAX_PDF_BYTES

__all__ = ["load_pdf", "looks_like_pdf", "OCR_LANGUAGES"]

OCR_LANGUAGES = "rus+eng"
OCR_TIMEOUT_S = 3600


def looks_like_pdf(path: Path) -> bool:
    """True for a ``.pdf`` name or ``%PDF`` in the first KiB (what PDF readers accept)."""
    if Path(path).suffix.lower() == ".pdf":
        return True
    try:
        with open(path, "rb") as fh:
            return b"%PDF" in fh.read(1024)
    except OSError:
        return False


def load_pdf(path: Path, name: str, ocr: bool = False) -> bytes:
    """The PDF's bytes (with a text layer added first when ``ocr``)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise EditionError(name, "file not found", "source-missing") from None
    if path.is_dir():
        raise EditionError(name, "is a folder, expected a PDF file", "source-missing")
    if size > MAX_PDF_BYTES:
        raise EditionError(name, f"PDF is larger than {MAX_PDF_BYTES // (1024 * 1024)} MiB", "source-too-large")
    if size == 0:
        raise EditionError(name, "file is empty", "source-empty")
    try:
        data = path.read_bytes() if not ocr else _ocr(path, name)
    except PermissionError:
        raise EditionError(name, "permission denied", "source-unreadable") from None
    return data


def _ocr(path: Path, name: str) -> bytes:
    exe = shutil.which("ocrmypdf")
    if exe is None:
        raise EditionError(name, "--ocr needs OCRmyPDF with Tesseract (scripts/setup.sh installs them)", "source-ocr")
    with tempfile.TemporaryDirectory(prefix="tei-edition-ocr-") as tmp:
        out = Path(tmp) / "ocr.pdf"
        cmd = [exe, "--quiet", "--skip-text", "-l", OCR_LANGUAGES, "--output-type", "pdf", str(path), str(out)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=OCR_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise EditionError(name, f"OCR took longer than {OCR_TIMEOUT_S} s", "source-ocr") from None
        if proc.returncode != 0 or not out.exists():
            last = (proc.stderr or proc.stdout or "").strip().splitlines()
            raise EditionError(name, f"OCR failed: {last[-1] if last else f'exit {proc.returncode}'}", "source-ocr")
        return out.read_bytes()
