"""Tables in a PDF page: text set in a grid, found from the layout alone.

A table is a run of two or more consecutive baselines that each break into pieces at gaps wider
than a word space, and whose pieces line up into two or more columns: the columns are the
stretches of the x axis that the pieces cover (a gap no row's text crosses lies between two
columns). Baselines closer together than the table's rows are the further lines of a row's
cells. What looks like a grid but is not one is left alone: justified text columns (every piece
of a column as wide as the column), lists (a column of bullets or numbers), contents (dot
leaders). :mod:`tei_edition.readers.pdf` places each table in the reading order of its column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .common import BULLETS
from .pdf_layout import Line

__all__ = ["Table", "find_tables"]

CELL_GAP = 0.5  # ems: a wider gap within a baseline parts two cells (a word space is about 0.3)
_MARKER = re.compile(rf"^(?:[{BULLETS}\-–—]|\d{{1,2}}[.)]|[a-zа-я][.)])$", re.I)
_LEADERS = re.compile(r"(?:[.…·]\s?){4,}")


@dataclass
class Table:
    """A table found on a page: ``rows`` of cells, each cell the pieces of text (one per line)
    in it; ``box`` its extent (x0, top, x1, bottom, measured downward)."""

    rows: list[list[list[Line]]]
    box: tuple[float, float, float, float]


def find_tables(lines: list[Line], gutter: float | None,
                gutter_of: Callable[[list[Line]], float | None]) -> tuple[list[Line], list[Table]]:
    """The page's lines without those of its tables, and the tables: on a two-column page, the
    tables of short cells across the gutter when the rest of the page has no gutter
    (``gutter_of`` finds it: then the gap was one between a table's columns), else the
    tables of each column."""
    tables: list[Table] = []
    used: set[int] = set()
    ranges = [(float("-inf"), float("inf"))]
    if gutter is not None:
        # a gap between a table's columns may pass for a gutter: a table of short cells across
        # it is one table (the caller looks for the gutter again without it)
        for table, members in _tables_in(lines):
            if table.box[0] < gutter < table.box[2] and _short_cells(table) and all(
                    any(ln.x1 <= gutter for cell in row for ln in cell) and any(ln.x0 >= gutter for cell in row for ln in cell)
                    for row in table.rows):  # every row on both sides (not two tables side by side)
                tables.append(table)
                used.update(members)
        if tables and gutter_of([ln for ln in lines if id(ln) not in used]) is not None:
            tables, used = [], set()  # the other lines keep to two columns: tables side by side
        if not tables:
            ranges = [(float("-inf"), gutter), (gutter, float("inf"))]
    for lo, hi in ranges:
        inside = [ln for ln in lines if lo <= ln.x0 and ln.x1 <= hi and id(ln) not in used]
        for table, members in _tables_in(inside):
            tables.append(table)
            used.update(members)
    if not tables:
        return lines, []
    return [ln for ln in lines if id(ln) not in used], tables


def _short_cells(table: Table) -> bool:
    """Cells of a few words per line, as tables have (columns of running text have more)."""
    counts = [1 + sum(1 for c in ln.chars[1:] if c.space) for row in table.rows for cell in row for ln in cell]
    return max(counts) <= 6 and sum(counts) <= 3 * len(counts)


def _baselines(lines: list[Line]) -> list[tuple[float, list[Line]]]:
    """The lines grouped by baseline, top down."""
    out: list[tuple[float, list[Line]]] = []
    for ln in sorted(lines, key=lambda ln: (ln.y, ln.x0)):
        if out and abs(out[-1][0] - ln.y) < 0.5:
            out[-1][1].append(ln)
        else:
            out.append((ln.y, [ln]))
    return out


def _pieces(group: list[Line]) -> list[Line]:
    """A baseline's text cut where cells part: at gaps wider than a word space by far (twice
    the widest word space of the baseline, and ``CELL_GAP`` ems at least). Justified text
    stretches all its word spaces alike, so a wide one among them parts no cells."""
    gaps: list[tuple[float, int, int]] = []  # (gap in ems, line, character after it)
    words = 0.0
    for n, ln in enumerate(group):
        chars = ln.chars
        if n:
            prev = group[n - 1].chars[-1]
            gaps.append(((chars[0].x0 - prev.x1) / max(chars[0].size, prev.size), n, 0))
        prev = chars[0]
        for k in range(1, len(chars)):  # (the hot loop of table finding: no calls but the division)
            c = chars[k]
            gap = c.x0 - prev.x1
            if gap > CELL_GAP * c.size:
                gaps.append((gap / (c.size if c.size > prev.size else prev.size), n, k))
            elif c.space and gap > words * c.size:
                words = gap / c.size
            prev = c
    cuts = {(n, k) for gap, n, k in gaps if gap >= max(CELL_GAP, 2 * words)}
    if cuts and len(cuts) < len(gaps):
        # the wide gaps that part no cells are word spaces: the widest of them bounds the cells' gaps
        words = max(words, max(g for g, n, k in gaps if (n, k) not in cuts))
        cuts = {(n, k) for gap, n, k in gaps if gap >= 2 * words}
    out: list[list] = []
    for n, ln in enumerate(group):
        for k, c in enumerate(ln.chars):
            if not out or (n, k) in cuts:
                out.append([[], [], ln])
            out[-1][0].append(c)
            out[-1][1].append(ln.raised[k])
    return [Line(chars, ln.y, ln.size, raised) for chars, raised, ln in out]


def _tables_in(lines: list[Line]) -> list[tuple[Table, set[int]]]:
    """Tables among the lines of one column: in each run of baselines cut into pieces, from
    its first line on, the longest stretch that forms a grid (two tables set one under the
    other are two grids; a line of text with a wide gap is none)."""
    rows = [(y, group, _pieces(group)) for y, group in _baselines(lines)]
    found: list[tuple[Table, set[int]]] = []
    i = 0
    while i < len(rows):
        if len(rows[i][2]) < 2:
            i += 1
            continue
        j = i + 1
        while j < len(rows):
            if len(rows[j][2]) >= 2:
                j += 1
                continue
            # a cell's further lines between two rows (the other cells have fewer lines)
            k = j
            while k < len(rows) and k - j < 6 and len(rows[k][2]) == 1 and _in_a_cell(rows[k][2][0], rows[j - 1][2]):
                k += 1
            if k == j or k == len(rows) or len(rows[k][2]) < 2:
                break
            j = k
        best = next(((t, end) for end in range(j, i + 1, -1) if (t := _grid(rows[i:end])) is not None), None)
        if best is None:
            i += 1
            continue
        table, end = best
        run, prev = rows[i:end], rows[end - 1][0]
        while end < len(rows) and len(rows[end][2]) == 1 and _with_tail(table, run, rows[end], prev):
            prev = rows[end][0]  # the last row's cell runs on
            end += 1
        found.append((table, {id(ln) for _, group, _ in rows[i:end] for ln in group}))
        i = end
    return found


def _in_a_cell(piece: Line, row: list[Line]) -> bool:
    """A single piece that may be a cell's next line under a row: it begins where one of the
    row's cells begins, or between two of them, or right of the first."""
    if any(abs(piece.x0 - pc.x0) < 1.5 for pc in row):
        return True
    return piece.x0 > row[0].x1 and all(not (pc.x0 < piece.x0 < pc.x1) for pc in row)


def _columns(pieces: list[Line]) -> list[tuple[float, float]]:
    """The stretches of the x axis that the pieces cover, left to right."""
    cols: list[list[float]] = []
    for pc in sorted(pieces, key=lambda p: p.x0):
        if cols and pc.x0 - cols[-1][1] < CELL_GAP * pc.size:
            cols[-1][1] = max(cols[-1][1], pc.x1)
        else:
            cols.append([pc.x0, pc.x1])
    return [(a, b) for a, b in cols]


def _grid(run: list) -> Table | None:
    """The table that a run of cut baselines forms, or None when they do not form a grid."""
    pieces = [pc for _, _, cut in run for pc in cut]
    cols = _columns(pieces)
    if len(cols) < 2:
        return None
    where = [[_column_of(pc, cols) for pc in cut] for _, _, cut in run]
    if any(len(set(w)) < len(w) for w in where):
        return None  # two pieces of a row in one column: words of text, not cells
    if any(sum(1 for w in where if k in w) < 2 for k in range(len(cols))):
        return None  # a column with one piece only: lines that happen to have gaps
    if len(set(where[0])) < 2 or len(set(where[-1])) < 2 or sum(len(set(w)) >= 2 for w in where) < 2:
        return None  # the first and last rows fill two columns at least, and so do two rows
    if _not_a_grid(run, cols, where):
        return None
    rows: list[list[list[Line]]] = []
    pitches = [b[0] - a[0] for a, b in zip(run, run[1:])]
    low, high = min(pitches), max(pitches)
    spaced = high > 1.12 * low  # rows set further apart than the lines of a cell
    for k, ((y, _, cut), w) in enumerate(zip(run, where)):
        # the cells' next line: closer to the line above than rows are to each other, or (rows
        # as close as lines) with nothing in the first column
        if k and (pitches[k - 1] < (low + high) / 2 if spaced else 0 not in w):
            row = rows[-1]
        else:
            row = [[] for _ in cols]
            rows.append(row)
        for pc, c in zip(cut, w):
            row[c].append(pc)
    if len(rows) < 2:
        return None
    box = (min(pc.x0 for pc in pieces), min(pc.top for pc in pieces), max(pc.x1 for pc in pieces),
           max(c.bottom or c.y for pc in pieces for c in pc.chars))
    return Table(rows, box)


def _with_tail(table: Table, run: list, line: tuple, prev: float) -> bool:
    """Add ``line``, a baseline of one piece after the table's ``run`` (the last one added at
    ``prev``), to a cell of the table's last row when it is that cell's next line: closer to it
    than rows are to each other, inside one column. False (the table unchanged) when it is not."""
    pitches = [b[0] - a[0] for a, b in zip(run, run[1:])]
    low, high = min(pitches), max(pitches)
    cols = _columns([pc for _, _, cut in run for pc in cut])
    y, _, cut = line
    piece, pitch = cut[0], y - prev
    close = pitch < (low + high) / 2 if high > 1.12 * low else pitch < 0.92 * low
    home = [k for k, (a, b) in enumerate(cols)
            if a - 1 <= piece.x0 and (k + 1 == len(cols) or piece.x1 < cols[k + 1][0])]
    cell = table.rows[-1][home[-1]] if home else None
    if not close or not cell or cell[-1].y != prev:
        return False
    cell.append(piece)
    pieces = [pc for row in table.rows for cell in row for pc in cell]
    table.box = (min(pc.x0 for pc in pieces), table.box[1], max(pc.x1 for pc in pieces),
                 max(c.bottom or c.y for pc in pieces for c in pc.chars))
    return True


def _column_of(pc: Line, cols: list[tuple[float, float]]) -> int:
    return next((k for k, (_, b) in enumerate(cols) if pc.x0 <= b + 0.01), len(cols) - 1)


def _not_a_grid(run: list, cols: list[tuple[float, float]], where: list[list[int]]) -> bool:
    """Lists, contents and text set in columns line up like tables; they are not."""
    texts = [[pc.text for pc in cut] for _, _, cut in run]
    if any(_LEADERS.search(t) for row in texts for t in row):
        return True  # a contents page: titles, dot leaders, page numbers
    firsts = [row[0] for row, w in zip(texts, where) if w[0] == 0]
    if firsts and all(_MARKER.match(t) for t in firsts):
        return True  # a column of bullets or item numbers: a list
    for k, (a, b) in enumerate(cols):
        members = [pc for (_, _, cut), w in zip(run, where) for pc, c in zip(cut, w) if c == k]
        full = sum(1 for pc in members if pc.x0 - a < 1 and b - pc.x1 < 1)
        if len(run) > 3 and full >= 0.8 * len(members) and b - a > 12 * members[0].size:
            return True  # every line as wide as the column: justified text in columns
    return False

