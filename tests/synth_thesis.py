"""Typeset a synthetic thesis the way the PDF extractor lays one out, with a known answer.

Variants change what the reader must not depend on: line width, page length, first page number,
note marks glued or detached, double or single spacing, printed page numbers on few pages, the
text present once or twice, line-end hyphenation.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

WORDS = (
    "правительство государственный отношения политика переговоры конференция делегация экономический "
    "концессия договор соглашение граница территория население промышленность сотрудничество "
    "исследование документ положение решение вопрос развитие интервенция представитель министерство "
    "посольство обстановка противоречие последовательно значительный дальнейший официальный "
    "международный существенный обстоятельство предложение направление управление"
).split()
NAMES = ["Японии", "СССР", "Карахан", "Москве", "Токио", "Маньчжурии", "Иоффе", "Чичерин"]
FILLERS = ["в 1925 г.", "около 35 иен", "с 1922 по 1925 гг.", "в разделе 1.2", "по 12 судов", "в 30-х гг."]


@dataclass
class Para:
    kind: str  # head | p | item
    words: list[str]
    notes: dict[int, str] = field(default_factory=dict)  # word index -> note body

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass
class Variant:
    width: int = 68
    page_lines: int = 28
    first_page: int = 3
    glued: bool = True
    double: bool = True
    printed: tuple[int, ...] = (2,)  # page indices whose number is printed at the foot
    twice: bool = False
    printed_second: tuple[int, ...] | None = None  # pages printed in the second copy, if it differs
    split_notes: bool = False  # a long last note of a page runs on at the foot of the next page
    hyphenate: bool = True
    seed: int = 1


def make_document(seed: int = 1, paragraphs: int = 14) -> list[Para]:
    """A small thesis: introduction, a chapter with two sections, a list, a conclusion."""
    rnd = random.Random(seed)
    note_no = 0

    def sentence() -> list[str]:
        words = [rnd.choice(WORDS) for _ in range(rnd.randint(6, 12))]
        if rnd.random() < 0.5:
            words.insert(rnd.randint(1, len(words) - 1), rnd.choice(NAMES))
        if rnd.random() < 0.4:
            pos = rnd.randint(1, len(words) - 1)
            words[pos:pos] = rnd.choice(FILLERS).split()
        words[0] = words[0].capitalize()
        words[-1] += "."
        return words

    def paragraph() -> Para:
        nonlocal note_no
        words: list[str] = []
        for _ in range(rnd.randint(2, 5)):
            words += sentence()
        notes = {}
        for _ in range(rnd.randint(0, 2)):
            k = rnd.randint(3, len(words) - 1)
            if k not in notes and words[k].rstrip(".,;:").isalpha() and len(words[k]) >= 5:
                note_no += 1
                notes[k] = ""
        return Para("p", words, notes)

    doc = [Para("head", ["ВВЕДЕНИЕ"])]
    doc += [paragraph() for _ in range(paragraphs // 4)]
    doc.append(Para("head", "Глава 1. Советско-японские отношения в 1920-х гг.".split()))
    doc.append(Para("head", "1.1. Проблемы нормализации отношений".split()))
    doc += [paragraph() for _ in range(paragraphs // 4)]
    doc.append(Para("p", "Выделяются следующие направления:".split()))
    for k in range(1, 4):
        doc.append(Para("item", f"{k}. Организация {rnd.choice(WORDS)} и {rnd.choice(WORDS)}.".split()))
    doc.append(Para("head", "1.2. Урегулирование спорных вопросов".split()))
    doc += [paragraph() for _ in range(paragraphs // 4)]
    doc.append(Para("head", ["ЗАКЛЮЧЕНИЕ"]))
    doc += [paragraph() for _ in range(paragraphs // 4)]
    # number the notes in reading order and give them bodies that look like citations
    n = 0
    for para in doc:
        for k in sorted(para.notes):
            n += 1
            para.notes[k] = (f"Документ {n} о {rnd.choice(WORDS)} {rnd.choice(WORDS)} и {rnd.choice(WORDS)} // "
                             f"Документы внешней политики СССР. – М.: Госполитиздат, {1957 + n % 10}. – "
                             f"Т. {n % 20 + 1}. – С. {100 + n}.")
    return doc


def note_numbers(doc: list[Para]) -> list[tuple[int, int, str]]:
    """(paragraph index, word index, body) of every note in order."""
    return [(i, k, p.notes[k]) for i, p in enumerate(doc) for k in sorted(p.notes)]


def _wrap(tokens: list[tuple[str, int | None]], width: int, hyphenate: bool) -> list[tuple[str, list[int]]]:
    """Greedy line filling; returns (line, note numbers whose marks stand on it)."""
    lines: list[tuple[str, list[int]]] = []
    cur, notes = "", []
    for tok, note in tokens:
        cand = f"{cur} {tok}" if cur else tok
        if len(cand) <= width:
            cur = cand
            notes += [note] if note else []
            continue
        room = width - len(cur) - 2
        if hyphenate and cur and tok.isalpha() and tok.islower() and len(tok) >= 9 and room >= 4:
            cut = min(room, len(tok) - 4)
            lines.append((f"{cur} {tok[:cut]}-", notes))
            cur, notes = tok[cut:], [note] if note else []
            continue
        if cur:
            lines.append((cur, notes))
        cur, notes = tok, [note] if note else []
    if cur:
        lines.append((cur, notes))
    return lines


def typeset(doc: list[Para], v: Variant) -> str:
    """Lay the document out as PDF-extracted text."""
    bodies = {n: body for n, (_, _, body) in enumerate(note_numbers(doc), 1)}
    lines_out: list[str] = []
    page: list[str] = []  # lines of the current page
    page_notes: list[int] = []
    state = {"index": 0, "count": 0}
    note_width = int(v.width * 1.5)

    carried: list[str] = []  # the end of a note continued from the previous page

    def end_page(last: bool = False) -> bool:
        """Close the page; True when the next page's first line is indented."""
        out = list(page)
        if page_notes or carried:
            out.append("")
            out += carried
            carried.clear()
            for k, n in enumerate(page_notes):
                note_lines = [s + " " for s, _ in _wrap([(t, None) for t in [str(n)] + bodies[n].split()],
                                                         note_width, False)]
                if v.split_notes and not last and k == len(page_notes) - 1 and len(note_lines) > 2:
                    out += note_lines[:1]
                    carried.extend(note_lines[1:])
                else:
                    out += note_lines
        printed = state["index"] in v.printed and not last
        if printed:
            out += ["", f"{v.first_page + state['index']} ", "", " " * 58, "", ""]
        lines_out.extend(out)
        page.clear()
        page_notes.clear()
        state["index"] += 1
        state["count"] = 0
        return not printed

    def emit(text_line: str, notes: list[int], gap: bool) -> None:
        if state["count"] >= v.page_lines:
            if end_page():
                text_line = " " + text_line
        page.append(text_line + " ")
        state["count"] += 1
        page_notes.extend(notes)
        if v.double or gap:
            page.append("")

    n = 0
    for para in doc:
        tokens: list[tuple[str, int | None]] = []
        for k, word in enumerate(para.words):
            if k in para.notes:
                n += 1
                core = word.rstrip(".,;:")
                punct = word[len(core):]
                # a detached mark still travels with its word: it never opens a line
                mark = f"{core}{n}{punct}" if v.glued else f"{core} {n}{' ' + punct if punct else ''}"
                tokens.append((mark, n))
            else:
                tokens.append((word, None))
        limit = v.width if para.kind != "head" else max(v.width, len(para.text))
        wrapped = _wrap(tokens, limit, v.hyphenate and para.kind == "p")
        while para.kind in ("p", "item") and len(wrapped[-1][0]) > min(0.7 * v.width, v.width - 18):
            # a paragraph's last line is short in print: that is the cue the reader needs
            para.words.append("Итак.")
            tokens.append(("Итак.", None))
            wrapped = _wrap(tokens, limit, v.hyphenate and para.kind == "p")
        for j, (text_line, notes) in enumerate(wrapped):
            emit(text_line, notes, gap=j == len(wrapped) - 1)
    end_page(last=True)
    text = "\n".join(lines_out) + "\n"
    if v.twice:
        if v.printed_second is None:
            return text + text
        from dataclasses import replace

        return text + typeset(doc, replace(v, twice=False, printed=v.printed_second))
    return text
