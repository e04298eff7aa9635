"""Generate plain texts of known structure in the layouts the ``plain`` reader meets.

Styles:

* ``layout``: pages ended by form feeds, running heads (alternating or not), printed page
  numbers at the foot or in the head, wrapped lines with indented first lines, numbered notes
  restarting per page or continuing, their bodies at the page foot, marks glued to words.
* ``ocr``: one paragraph per line, ``(*)`` marks with bodies after the paragraph, Roman chapter
  numbers, dialogue lines opening with a dash.
* ``gutenberg``: English, wrapped lines, blank lines between paragraphs, ``[n]`` notes whose
  bodies follow the paragraph, ``CHAPTER`` headings and title-case section titles.

Every text comes with its truth: notes (the word before the mark, the body's first words),
pages (printed number, first words) and headings. Words are made up from a small lexicon, so the
texts are free to commit and to generate at any size.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

RU = ("правительство государственный отношения политика переговоры конференция делегация "
      "экономический концессия договор соглашение граница территория население промышленность "
      "сотрудничество исследование документ положение решение вопрос развитие представитель "
      "министерство посольство обстановка противоречие значительный дальнейший официальный "
      "международный существенный обстоятельство предложение направление управление город река "
      "дорога время история земля дело работа жизнь").split()
EN = ("government relation policy negotiation conference delegation economic concession treaty "
      "agreement border territory population industry cooperation research document position "
      "decision question development representative ministry embassy situation island parish "
      "custom festival harvest church village people evening winter summer").split()
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@dataclass
class Truth:
    notes: list[tuple[str, str]] = field(default_factory=list)  # (word before mark, body start)
    pages: list[tuple[str, str]] = field(default_factory=list)  # (printed n, first word)
    headings: list[str] = field(default_factory=list)


@dataclass
class Synth:
    text: str
    truth: Truth
    style: str


def _sentence(rng: random.Random, lex: list[str], n: int | None = None) -> list[str]:
    words = [rng.choice(lex) for _ in range(n or rng.randint(6, 16))]
    words[0] = words[0].capitalize()
    words[-1] += "."
    return words


def _para_words(rng: random.Random, lex: list[str]) -> list[str]:
    out: list[str] = []
    for _ in range(rng.randint(2, 6)):
        out += _sentence(rng, lex)
    return out


def _wrap(words: list[str], width: int) -> list[str]:
    lines, cur = [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    if cur:
        lines.append(cur)
    return lines


def layout(seed: int, paras: int = 40) -> Synth:
    """PDF-extracted text with ``-layout``: form feeds, running heads, page numbers, foot notes."""
    rng = random.Random(seed)
    width = rng.choice([60, 70, 80])
    page_len = rng.choice([30, 40, 50])
    first = rng.randint(1, 300)
    restart = rng.random() < 0.5
    alternating = rng.random() < 0.5
    number_at = rng.choice(["foot-centre", "foot-edge", "head"])
    heads = ["Глава 3. Общие положения", "§ 2. Субъекты и объекты"]
    truth = Truth()
    # body as lines with pending notes: (line, notes on it)
    body: list[tuple[str, list[str], str | None]] = []  # (line, note bodies, heading text)
    note_no = 0
    for k in range(paras):
        if k % 8 == 0:
            h = f"{k // 8 + 1}. {rng.choice(RU).capitalize()} {rng.choice(RU)}"
            body.append(("", [], None))
            body.append((h, [], h))
            truth.headings.append(h)
        words = _para_words(rng, RU)
        notes_here: dict[int, str] = {}
        if rng.random() < 0.5:
            at = rng.randrange(3, len(words) - 1)
            if not words[at][-1].isalpha():
                at -= 1
            notes_here[at] = " ".join(_sentence(rng, RU, 8))
        lines = _wrap(words, width)
        pos = 0
        for i, ln in enumerate(lines):
            toks = ln.split(" ")
            bodies = []
            for j in range(len(toks)):
                if pos + j in notes_here:
                    bodies.append((toks[j], notes_here[pos + j]))
            pos += len(toks)
            body.append((("    " if i == 0 else "") + ln, [b for b in bodies], None))
    pages: list[str] = []
    cur: list[str] = []
    foot: list[str] = []
    p = 0

    def close_page() -> None:
        nonlocal cur, foot, p
        n = first + p
        head = heads[p % 2] if alternating else heads[0]
        top = [head.center(width) if number_at != "head" else f"{n}    {head}".rjust(width), ""]
        bottom = [""] + foot
        if number_at == "foot-centre":
            bottom += ["", str(n).center(width)]
        elif number_at == "foot-edge":
            bottom += ["", str(n).rjust(width) if p % 2 else str(n)]
        pages.append("\n".join(top + cur + bottom))
        cur, foot = [], []
        p += 1

    page_notes = 0
    for ln, bodies, heading in body:
        if len(cur) + len(foot) >= page_len:
            close_page()
            page_notes = 0
        if ln.strip() and not any(c.strip() for c in cur):
            truth.pages.append((str(first + p), ln.split()[0]))
        text = ln
        for before, nb in bodies:
            page_notes += 1
            note_no += 1
            label = page_notes if restart else note_no
            text = text.replace(before, f"{before}{label}", 1)
            foot += [f"{label} {nb}"]
            truth.notes.append((before, nb.split()[0]))
        cur.append(text)
    if cur:
        close_page()
    return Synth("\f".join(pages) + "\f", truth, "layout")


def ocr(seed: int, paras: int = 60) -> Synth:
    """OCR text: one paragraph per line, (*) notes after the paragraph, Roman chapter numbers."""
    rng = random.Random(seed)
    truth = Truth()
    out = ["В ОВРАГЕ"]
    truth.headings.append("В ОВРАГЕ")
    chapter = 0
    for k in range(paras):
        if k % 10 == 0:
            out.append(ROMAN[chapter % len(ROMAN)])
            truth.headings.append(ROMAN[chapter % len(ROMAN)])
            chapter += 1
        if rng.random() < 0.3:
            out.append("— " + " ".join(_sentence(rng, RU, rng.randint(2, 8))))
            continue
        words = _para_words(rng, RU)
        bodies = []
        if rng.random() < 0.3:
            at = rng.randrange(2, len(words) - 1)
            words[at] = words[at].rstrip(".")
            truth.notes.append((words[at], ""))
            words[at] += " (*)"
            bodies.append(" ".join(_sentence(rng, RU, 10)))
            truth.notes[-1] = (truth.notes[-1][0], bodies[-1].split()[0])
        out.append(" ".join(words))
        out += [f"(*) {b}" for b in bodies]
    return Synth("\n".join(out) + "\n", truth, "ocr")


def gutenberg(seed: int, paras: int = 40) -> Synth:
    """English Gutenberg-style text: blank-line paragraphs, [n] notes after the paragraph."""
    rng = random.Random(seed)
    truth = Truth()
    out: list[str] = []
    note_no = 0
    for k in range(paras):
        if k % 10 == 0:
            h = f"CHAPTER {ROMAN[k // 10 % len(ROMAN)]}."
            t = " ".join(w.capitalize() for w in rng.sample(EN, 3)) + "."
            out += ["", "", h, "", t, ""]
            truth.headings += [h, t]
        words = _para_words(rng, EN)
        bodies = []
        if rng.random() < 0.4:
            at = rng.randrange(2, len(words) - 1)
            note_no += 1
            truth.notes.append((words[at], ""))
            words[at] += f"[{note_no}]"
            bodies.append((note_no, " ".join(_sentence(rng, EN, 12))))
            truth.notes[-1] = (truth.notes[-1][0], bodies[-1][1].split()[0])
        out += _wrap(words, 70) + [""]
        for n, b in bodies:
            out += _wrap(f"[{n}] {b}".split(" "), 70) + [""]
    return Synth("\n".join(out) + "\n", truth, "gutenberg")


STYLES = {"layout": layout, "ocr": ocr, "gutenberg": gutenberg}


def sized(style: str, chars: int, seed: int = 0) -> str:
    """A text of ``style`` of about ``chars`` characters (for speed measurements)."""
    make = STYLES[style]
    sample = make(seed).text
    paras = max(4, int(40 * chars / max(1, len(sample))))
    if style == "ocr":
        paras = max(4, int(60 * chars / max(1, len(sample))))
    return make(seed, paras).text
