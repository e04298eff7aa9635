"""Typeset generated texts with Typst in varied layouts and extract them with ``pdftotext``.

Each variant differs in what the ``plain`` reader must not depend on: page size, where the page
number stands (foot centre, foot outer edge, in the running head), running heads on or off,
the first page number, note marks as digits or symbols, extraction with or without ``-layout``.
The truth (notes with the word before each mark and the body's first word, headings, page
numbers) comes from the generator, not from the reader.
"""

from __future__ import annotations

import random
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from synth_plain import RU

SIZES = ["a5", "iso-b5", "(width: 120mm, height: 170mm)"]
HEADS = ["Глава {n}", "ГЛАВА {r}", "Часть {n}", "{n}. Общие положения раздела"]
ROMAN = ["I", "II", "III", "IV", "V", "VI"]


@dataclass
class Typeset:
    text: str  # what pdftotext printed
    notes: list[tuple[str, str]] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    first_page: int = 1
    pages: int = 0
    options: dict = field(default_factory=dict)


def _sentence(rng: random.Random, n: int) -> list[str]:
    words = [rng.choice(RU) for _ in range(n)]
    words[0] = words[0].capitalize()
    words[-1] += "."
    return words


def source(seed: int) -> tuple[str, dict, list[tuple[str, str]], list[str], int]:
    """Typst source of variant ``seed`` and its truth."""
    rng = random.Random(seed)
    size = rng.choice(SIZES)
    number_at = rng.choice(["centre", "edge", "head"])
    running = rng.random() < 0.7 or number_at == "head"
    symbols = rng.random() < 0.25
    first = rng.choice([1, 1, 5, 37, 151])
    head_style = rng.choice(HEADS)
    paper = f"paper: \"{size}\"" if not size.startswith("(") else size[1:-1]
    title = "Очерки по истории права"
    if number_at == "head":
        header = (f"header: context {{ if here().page() > 1 [{title} #h(1fr) #counter(page).display()] }},"
                  " numbering: none,")
    elif running:
        header = f"header: context {{ if here().page() > 1 [#h(1fr) {title} #h(1fr)] }}, numbering: \"1\","
    else:
        header = "numbering: \"1\","
    align = "center + bottom" if number_at == "centre" else "right + bottom"
    parts = [
        f"#set page({paper}, margin: (x: 18mm, y: 20mm), {header} number-align: {align})",
        "#set text(lang: \"ru\", size: 10pt)",
        "#set par(justify: true, first-line-indent: 1.2em)",
        "#set heading(numbering: none)",
        f"#set footnote(numbering: \"{'*' if symbols else '1'}\")",
        f"#counter(page).update({first})",
    ]
    notes: list[tuple[str, str]] = []
    heads: list[str] = []
    max_notes = 3 if symbols else 40
    for ch in range(rng.randint(2, 4)):
        h = head_style.format(n=ch + 1, r=ROMAN[ch])
        heads.append(h)
        parts.append(f"\n= {h}\n")
        for _ in range(rng.randint(3, 7)):
            words: list[str] = []
            for _ in range(rng.randint(3, 8)):
                words += _sentence(rng, rng.randint(6, 14))
            if len(notes) < max_notes and rng.random() < 0.6:
                at = rng.randrange(2, len(words) - 1)
                body = _sentence(rng, rng.randint(5, 12))
                notes.append((words[at].rstrip("."), body[0]))
                words[at] = words[at].rstrip(".") + "#footnote[" + " ".join(body) + "]" + \
                    ("." if words[at].endswith(".") else "")
            parts.append(" ".join(words) + "\n")
    return "\n".join(parts), {"symbols": symbols, "number_at": number_at, "running": running}, notes, heads, first


def typeset(seed: int, layout: bool) -> Typeset:
    """Compile variant ``seed`` with Typst and extract it with pdftotext (``-layout`` or not)."""
    import typst

    src, options, notes, heads, first = source(seed)
    with tempfile.TemporaryDirectory() as tmp:
        typ = Path(tmp) / "t.typ"
        typ.write_text(src, encoding="utf-8")
        pdf = Path(tmp) / "t.pdf"
        pdf.write_bytes(typst.compile(str(typ)))
        args = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
        text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    pages = text.rstrip("\f").count("\f") + 1
    options["layout"] = layout
    return Typeset(text, notes, heads, first, pages, options)
