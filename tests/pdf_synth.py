"""Typeset PDFs with known structure (Typst, PT Serif) for the PDF reader's property tests.

``make_pdf(seed, layout)`` returns the PDF bytes and the truth: paragraphs (text with the note
calls cut out), note bodies with the word their call follows, headings, printed page numbers.
The text is drawn from common Russian words that the lexicon knows, so that line-end
hyphenation introduced by Typst can be undone exactly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

FONT_DIRS = [p for p in ("/usr/share/fonts/truetype/paratype",) if Path(p).is_dir()]

WORDS = ("государство договор право история война работа общество время человек народ страна "
         "город власть закон решение вопрос положение система развитие отношение правительство "
         "промышленность литература исследование документ источник значение политика граница "
         "переговоры соглашение представитель министерство правительственный экономический "
         "международный исторический значительный последний большой новый важный первый "
         "российский советский японский культурный научный общий особый прежний").split()
VERBS = "был стал имел получил сохранил определил изменил показал установил".split()


@dataclass
class Layout:
    paper: str = "a5"
    columns: int = 1
    note_numbering: str = "1"  # Typst numbering pattern: "1" digits, "*" symbols (*, †, ‡, ...)
    running_head: str = "Очерк истории"
    front_pages: int = 0  # pages of front matter numbered in roman numerals
    indent: bool = True  # first-line indent (else: spacing between paragraphs)
    body_size: float = 11
    sections: int = 3
    long_notes: bool = False  # notes long enough to run on to the next page
    folio_in_head: bool = False  # the page number at the outer end of the running head, none at the foot
    plain_labels: bool = False  # note bodies open with a level number ("3 Text"), not a superscript
    text_size_heads: bool = False  # headings centred in bold at the text size
    figures: bool = False  # a figure with a caption after some paragraphs
    lists: bool = False  # bulleted and numbered lists (items of one or more lines) between paragraphs
    images: bool = False  # raster pictures, some with a caption of plain words (no «Рис.»), some without
    note_paragraphs: bool = False  # some notes of two or three paragraphs
    tables: bool = False  # tables (ruled or not, some with a bold label row, some cells of two lines)
    drawings: bool = False  # the pictures (``images``) drawn as vector shapes instead of a raster image


@dataclass
class Truth:
    paragraphs: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (word before the call, body)
    note_paragraphs: list[list[str]] = field(default_factory=list)  # each note's paragraphs
    tables: list[tuple[bool, list[list[str]]]] = field(default_factory=list)  # (label row?, rows of cell texts)
    captions: list[str] = field(default_factory=list)  # as printed: "Рис. 1. …"
    lists: list[tuple[str, list[str]]] = field(default_factory=list)  # ("bulleted" | "numbered", item texts)


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    words.insert(rng.randrange(1, n), rng.choice(VERBS))
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def _paragraph(rng: random.Random, truth: Truth, with_note: bool, long_note: bool = False,
               note_paragraphs: bool = False) -> tuple[str, str]:
    """(Typst source, plain truth text)."""
    sentences = [_sentence(rng, rng.randint(5, 12)) for _ in range(rng.randint(3, 6))]
    plain = " ".join(sentences)
    if not with_note:
        return plain, plain
    k = rng.randrange(len(sentences))
    s = sentences[k]
    count = rng.choice([1, 2, 2, 3]) if note_paragraphs else 1
    paras = [" ".join(_sentence(rng, rng.randint(4, 20)) for _ in range(rng.randint(8, 14) // count if long_note else 2))
             for _ in range(count)]
    body = " ".join(paras)
    word = s[:-1].split()[-1]
    sentences[k] = s[:-1] + "#footnote[" + "\n\n".join(paras) + "]."
    truth.notes.append((word, body))
    truth.note_paragraphs.append(paras)
    return " ".join(sentences), plain


def _list(rng: random.Random, truth: Truth) -> list[str]:
    """Typst source of a bulleted or numbered list of 2-5 items, short or running over lines."""
    kind = rng.choice(["bulleted", "numbered"])  # the @rend the reader should give the list
    items = [" ".join(_sentence(rng, rng.randint(2, 6)) for _ in range(rng.choice([1, 1, 2, 3])))
             for _ in range(rng.randint(2, 5))]
    truth.lists.append((kind, items))
    mark = "-" if kind == "bulleted" else "+"
    return [f"{mark} {item}" for item in items] + [""]


def _image(rng: random.Random, truth: Truth, drawn: bool = False) -> list[str]:
    """Typst source of a picture (``grey.png``, written by :func:`make_pdf`) with an unnumbered
    caption of plain words, or without a caption (truth: "")."""
    # short enough to stand centred under the picture: a full-width line of plain words would be
    # indistinguishable from the text resuming after a picture without a caption
    caption = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3))).capitalize() if rng.random() < 0.6 else ""
    truth.captions.append(caption)
    width = rng.choice([40, 60, 80])
    args = f', caption: [{caption}]' if caption else ""
    if drawn:  # shapes that touch: one drawing
        shapes = (f"stack(dir: ltr, rect(width: {width / 200:.2f}in, height: 2cm, fill: luma(180)), "
                  "circle(radius: 1cm, fill: luma(110)), polygon(fill: luma(150), (0cm, 2cm), (1cm, 0cm), (2cm, 2cm)))")
        return [f"#figure({shapes}, numbering: none{args})", ""]
    return [f'#figure(image("grey.png", width: {width}%), numbering: none{args})', ""]


def _table(rng: random.Random, truth: Truth, narrow: bool) -> list[str]:
    """Typst source of a table of 2-4 columns and 2-5 rows of words and numbers: ruled or not,
    sometimes with a row of column labels in bold, sometimes with a cell of two lines."""
    ncols = rng.randint(2, 3 if narrow else 4)
    label = rng.random() < 0.5
    rows = []
    for r in range(rng.randint(2, 5)):
        row = []
        for c in range(ncols):
            if c == 0 and not (label and r == 0):
                row.append(str(rng.randint(1900, 1950)))
            else:
                row.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 2))).capitalize())
        rows.append(row)
    wrap = rng.random() < 0.4 and len(rows) > 2  # a cell of a data row long enough for two lines
    if wrap:
        rows[-1][-1] = " ".join(rng.choice(WORDS) for _ in range(5)).capitalize()
    truth.tables.append((label, rows))
    cells = ", ".join(f"[{c}]" for row in rows for c in row)
    widths = ", ".join(["auto"] * (ncols - 1) + ["3.5cm" if wrap else "auto"])
    style = "" if rng.random() < 0.5 else ", stroke: none"
    bold = "#show table.cell.where(y: 0): strong\n" if label else ""
    # kept on one page and in one column, as books set short tables
    return [f"#block(breakable: false)[#set par(justify: false)\n{bold}#table(columns: ({widths},){style}, {cells})]", ""]


def _png(width: int = 8, height: int = 6) -> bytes:
    """A small grey PNG, made here so that the tests need no picture file."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes([120 + 10 * ((x + y) % 3) for x in range(width)]) for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def make_source(seed: int, layout: Layout) -> tuple[str, Truth]:
    rng = random.Random(seed)
    truth = Truth()
    par = ("#set par(justify: true, first-line-indent: (amount: 1.5em, all: true), spacing: 0.65em)"
           if layout.indent else "#set par(justify: true, first-line-indent: 0pt, spacing: 1.4em)")
    out = [
        f'#set page(paper: "{layout.paper}", columns: {layout.columns}, margin: (x: 2cm, y: 2.2cm),',
        (f'  header: context [#set text(size: {layout.body_size - 2}pt); #counter(page).display() #h(1fr) '
         f'{layout.running_head}], footer: [])' if layout.folio_in_head else
         f'  header: [#set text(size: {layout.body_size - 2}pt); #h(1fr) {layout.running_head} #h(1fr)])'),
        f'#set text(font: "PT Serif", size: {layout.body_size}pt, lang: "ru", hyphenate: true)',
        par,
        f'#set footnote(numbering: "{layout.note_numbering}")',
        ('#show footnote.entry: it => [#numbering(it.note.numbering, ..counter(footnote).at(it.note.location())) '
         '#it.note.body]' if layout.plain_labels else ''),
        '#show heading: it => block(above: 1.6em, below: 1em, text(size: '
        f'{layout.body_size + 3}pt, weight: "bold", it.body))' if not layout.text_size_heads else
        '#show heading: it => block(above: 1.2em, below: 0.8em, width: 100%, align(center, text('
        f'size: {layout.body_size}pt, weight: "bold", it.body)))',
    ]
    if layout.front_pages:
        out.append('#set page(numbering: "i")')
        for _ in range(layout.front_pages):
            src, plain = _paragraph(rng, truth, with_note=False)
            truth.paragraphs.append(plain)
            out += [src, "", "#pagebreak()"]
        out.append('#counter(page).update(1)')
    out.append('#set page(numbering: "1")')
    for s in range(layout.sections):
        head = f"{s + 1}. " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 4))).capitalize()
        truth.headings.append(head)
        out += ["", f"= {head}", ""]
        for _ in range(rng.randint(4, 7)):
            src, plain = _paragraph(rng, truth, with_note=rng.random() < 0.5, long_note=layout.long_notes,
                                    note_paragraphs=layout.note_paragraphs)
            truth.paragraphs.append(plain)
            out += [src, ""]
            if layout.lists and rng.random() < 0.4:
                out += _list(rng, truth)
            if layout.images and rng.random() < 0.35:
                out += _image(rng, truth, layout.drawings)
            if layout.tables and rng.random() < 0.35:
                out += _table(rng, truth, layout.columns > 1)
            if layout.figures and rng.random() < 0.3:
                caption = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 6))).capitalize()
                number = 1 + sum(1 for c in truth.captions if c.startswith("Рис."))  # pictures are unnumbered
                truth.captions.append(f"Рис. {number}. {caption}")
                out += [f"#figure(rect(width: 50%, height: 2.5cm, fill: luma(200)), caption: [{caption}])", ""]
    return "\n".join(out) + "\n", truth


def make_pdf(seed: int, layout: Layout, workdir: Path) -> tuple[bytes, Truth]:
    import typst

    source, truth = make_source(seed, layout)
    src = workdir / f"synth-{seed}.typ"
    if layout.images:
        (workdir / "grey.png").write_bytes(_png())
    src.write_text(source, encoding="utf-8")
    data = typst.compile(str(src), font_paths=FONT_DIRS, ignore_system_fonts=True)
    return data, truth
