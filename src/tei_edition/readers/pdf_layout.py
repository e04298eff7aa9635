"""PDF layout extraction: characters with their boxes, sizes and fonts, grouped into lines.

The PDF is read with PDFium (``pypdfium2``): it decodes the text layer exactly as poppler does on
the texts we measured (every word of ``pdftotext`` kept), gives each character its baseline
origin, box, font size, weight and name, and is fast enough to read one page at a time with
bounded memory. This module knows nothing about footnotes or headings: it turns each page into
:class:`Line` objects (baseline clusters, raised small characters folded into the line they
belong to, split at wide gaps so two columns stay apart). :mod:`tei_edition.readers.pdf` builds
the document structure from them.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field

from ..diagnostics import EditionError

__all__ = ["Char", "Line", "Page", "read_pages", "join_fragments", "MAX_PDF_BYTES", "MAX_PDF_PAGES"]

MAX_PDF_BYTES = 256 * 1024 * 1024
MAX_PDF_PAGES = 5000
MAX_PAGE_CHARS = 60_000  # a page with more characters is not running text (data dump, bomb)
MAX_TOTAL_CHARS = 6_000_000  # bounds the memory one conversion holds (about 3,000 dense pages)
MIN_TEXT_CHARS_PER_PAGE = 20  # below this on average the PDF has no usable text layer


@dataclass(slots=True)
class Char:
    """One visible character: ``x0``/``x1`` its horizontal extent, ``y`` its baseline (PDF units,
    measured downward from the page top), ``size`` the font size, ``bold``/``italic`` from the font."""

    text: str
    x0: float
    x1: float
    y: float
    top: float
    size: float
    bold: bool
    italic: bool
    space: bool = False  # the text layer has a space (or a line end) before this character
    bottom: float = 0.0  # the glyph box's lower edge (above ``y`` for superior-figure glyphs)


@dataclass
class Line:
    """Characters sharing a baseline, in x order. ``raised`` flags characters set above the
    baseline in a smaller size (superscript note calls)."""

    chars: list[Char]
    y: float
    size: float
    raised: list[bool] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return self.chars[0].x0

    @property
    def x1(self) -> float:
        return self.chars[-1].x1

    @property
    def top(self) -> float:
        return min(c.top for c in self.chars)

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)

    @property
    def bold(self) -> bool:
        letters = [c for c in self.chars if c.text.isalnum()]
        return bool(letters) and sum(c.bold for c in letters) >= 0.9 * len(letters)

    @property
    def italic(self) -> bool:
        letters = [c for c in self.chars if c.text.isalnum()]
        return bool(letters) and sum(c.italic for c in letters) >= 0.9 * len(letters)


@dataclass
class Page:
    index: int
    width: float
    height: float
    lines: list[Line]
    # boxes (x0, top, x1, bottom; measured downward from the page top) of the pictures drawn on
    # the page: raster images large enough to be a figure, not an ornament or a bullet
    images: list[tuple[float, float, float, float]] = field(default_factory=list)
    tables: list = field(default_factory=list)  # the page's tables (:class:`~.pdf_tables.Table`), once found
    # boxes of the vector drawings on the page large enough to be a figure (the reader keeps
    # those with no text inside: a ruled table or a framed paragraph is no picture)
    drawings: list[tuple[float, float, float, float]] = field(default_factory=list)


def _open(data: bytes, source: str):
    import pypdfium2 as pdfium

    if len(data) > MAX_PDF_BYTES:
        raise EditionError(source, f"PDF is larger than {MAX_PDF_BYTES // (1024 * 1024)} MiB", "source-too-large")
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        msg = str(err).lower()
        if "password" in msg or "security" in msg:
            raise EditionError(source, "PDF is encrypted (password protected); decrypt it first", "source-encrypted") from None
        raise EditionError(source, f"damaged PDF, cannot be read ({err})", "source-damaged") from None
    return doc


def read_pages(data: bytes, source: str) -> list[Page]:
    """Every page's lines. Raises :class:`EditionError` for encrypted, damaged, oversized PDFs
    and for a PDF without a text layer (a scan)."""
    doc = _open(data, source)
    try:
        n = len(doc)
        if n == 0:
            raise EditionError(source, "PDF has no pages", "source-empty")
        if n > MAX_PDF_PAGES:
            raise EditionError(source, f"PDF has {n} pages, more than the {MAX_PDF_PAGES} supported", "source-too-large")
        pages = []
        total = 0
        for i in range(n):
            pages.append(_read_page(doc, i, source))
            total += sum(len(ln.chars) for ln in pages[-1].lines)
            if total > MAX_TOTAL_CHARS:
                raise EditionError(source, f"PDF has more than {MAX_TOTAL_CHARS} characters of text; "
                                   "split it into parts", "source-too-large")
    finally:
        doc.close()
    chars = sum(len(ln.chars) for p in pages for ln in p.lines)
    if chars < MIN_TEXT_CHARS_PER_PAGE * len(pages):
        raise EditionError(source, "PDF has no text layer (a scan?); run with --ocr to recognise the text first",
                           "source-no-text-layer")
    return pages


def _read_page(doc, index: int, source: str) -> Page:
    import pypdfium2.raw as raw

    page = doc[index]
    try:
        # the visible area in the PDF's own coordinates (what the text layer uses), before the
        # page's /Rotate, which only turns the page for display
        box = page.get_cropbox()
        # PDFium puts the text layer's word spaces as the page shows them, turned by its
        # /Rotate: read as the text runs (upright, then turned as the text is, in memory only)
        if page.get_rotation():
            page.set_rotation(0)
        chars, turn = _page_chars(raw, page, box, index, source)
        if turn:
            page.set_rotation(90 * turn)
            chars, turn = _page_chars(raw, page, box, index, source)
        frame = _Frame(box, turn)
        images, drawings = _images(raw, page.raw, frame)
    finally:
        page.close()
    return Page(index, frame.width, frame.height, _lines(chars), images, drawings=drawings)


def _page_chars(raw, page, box: tuple[float, float, float, float], index: int, source: str) -> tuple[list[Char], int]:
    try:
        tp = page.get_textpage()
    except Exception as err:  # noqa: BLE001 - PDFium reports damaged content streams this way
        raise EditionError(source, f"damaged PDF: page {index + 1} cannot be read ({err})", "source-damaged") from None
    try:
        return _chars(raw, tp, box, index, source)
    finally:
        tp.close()


class _Frame:
    """The page seen the way its text runs: PDF coordinates (``box`` the visible area, y up)
    turned by ``turn`` quarter turns so that the text reads left to right, lines going down.
    ``turn`` is the direction of the text in the PDF: 0 across, 1 upwards, 2 upside down, 3
    downwards (a landscape table set on a portrait page, a page turned in the layout)."""

    __slots__ = ("box", "turn", "width", "height")

    def __init__(self, box: tuple[float, float, float, float], turn: int) -> None:
        self.box, self.turn = box, turn
        w, h = box[2] - box[0], box[3] - box[1]
        self.width, self.height = (h, w) if turn % 2 else (w, h)

    def point(self, x: float, y: float) -> tuple[float, float]:
        """(x, y downward from the top) in the turned page."""
        x0, y0, x1, y1 = self.box
        if self.turn == 0:
            return x - x0, y1 - y
        if self.turn == 1:
            return y - y0, x - x0
        if self.turn == 2:
            return x1 - x, y - y0
        return y1 - y, x1 - x

    def rect(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) of a PDF rectangle in the turned page."""
        ax, ay = self.point(left, bottom)
        bx, by = self.point(right, top)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


MIN_FIGURE_SIDE = 36.0  # points (half an inch): a smaller picture is an ornament, a bullet, a rule
MIN_DRAWN_SIDE = 3.0  # points: a path thinner than this is a rule (a table's, a note separator)
_MAX_FORM_DEPTH = 3


def _images(raw, page, frame: _Frame) -> tuple[list[tuple[float, float, float, float]], list[tuple[float, float, float, float]]]:
    """Boxes of the raster images on a page (inside form XObjects too), top-down coordinates,
    nearby pieces of one picture (tiles, strips) merged, and likewise the boxes of its vector
    drawings (paths; rules and frames thinner than a line left out); pictures covering most of
    the page (a scanned page's background, a page frame) are left out."""
    boxes: list[list[float]] = []
    paths: list[list[float]] = []
    fl, fb, fr, ft = (ctypes.c_float() for _ in range(4))

    def walk(count: int, get, matrix: tuple[float, ...], depth: int) -> None:
        for k in range(count):
            obj = get(k)
            kind = get_type(obj)
            if kind == raw.FPDF_PAGEOBJ_IMAGE or kind == raw.FPDF_PAGEOBJ_PATH:
                obj = ctypes.cast(obj, raw.FPDF_PAGEOBJECT)
                if raw.FPDFPageObj_GetBounds(obj, fl, fb, fr, ft):
                    a, b, c, d, e, f = matrix
                    xs = [a * x + c * y + e for x, y in ((fl.value, fb.value), (fr.value, ft.value))]
                    ys = [b * x + d * y + f for x, y in ((fl.value, fb.value), (fr.value, ft.value))]
                    rect = list(frame.rect(min(xs), min(ys), max(xs), max(ys)))
                    if kind == raw.FPDF_PAGEOBJ_IMAGE:
                        boxes.append(rect)
                    elif min(rect[2] - rect[0], rect[3] - rect[1]) > MIN_DRAWN_SIDE:
                        paths.append(rect)  # a rule or a hairline frame is no drawing
            elif kind == raw.FPDF_PAGEOBJ_FORM and depth < _MAX_FORM_DEPTH:
                obj = ctypes.cast(obj, raw.FPDF_PAGEOBJECT)
                m = raw.FS_MATRIX()
                raw.FPDFPageObj_GetMatrix(obj, m)
                a, b, c, d, e, f = matrix  # the form's matrix, then the enclosing one
                inner = (m.a * a + m.b * c, m.a * b + m.b * d, m.c * a + m.d * c, m.c * b + m.d * d,
                         m.e * a + m.f * c + e, m.e * b + m.f * d + f)
                walk(raw.FPDFFormObj_CountObjects(obj),
                     lambda j, o=obj: ctypes.cast(raw.FPDFFormObj_GetObject(o, j), ctypes.c_void_p).value,
                     inner, depth + 1)

    # the page's own objects through plain handles (a page holds hundreds of text objects)
    get_object, get_type = _fast_objects(raw)
    handle = ctypes.cast(page, ctypes.c_void_p).value
    walk(raw.FPDFPage_CountObjects(page), lambda j: get_object(handle, j), (1, 0, 0, 1, 0, 0), 0)
    return _merged(boxes, frame), _merged(paths, frame)


def _merged(boxes: list[list[float]], frame: _Frame) -> list[tuple[float, float, float, float]]:
    """Boxes that touch merged into one (the pieces of a picture), those big enough for a figure
    and smaller than most of the page."""
    merged: list[list[float]] = []
    for box in sorted(boxes, key=lambda bx: (bx[1], bx[0])):
        near = next((m for m in merged if box[0] <= m[2] + 2 and m[0] <= box[2] + 2
                     and box[1] <= m[3] + 2 and m[1] <= box[3] + 2), None)
        if near is None:
            merged.append(box)
        else:
            near[:] = [min(near[0], box[0]), min(near[1], box[1]), max(near[2], box[2]), max(near[3], box[3])]
    return [tuple(bx) for bx in merged
            if bx[2] - bx[0] >= MIN_FIGURE_SIDE and bx[3] - bx[1] >= MIN_FIGURE_SIDE
            and (bx[2] - bx[0]) * (bx[3] - bx[1]) < 0.7 * frame.width * frame.height]


_SKIP = {0xFFFE, 0xFFFF}
_HYPHENS = {0x02, 0xAD}  # PDFium's and Unicode's soft hyphen: a line-end hyphen in the layer


_FAST: tuple | None = None


def _fast(raw) -> tuple:
    """The per-character PDFium calls with plain ``void*`` handles: the same C functions, without
    the wrapper types' conversions, which cost more than the calls themselves."""
    global _FAST
    if _FAST is None:
        vp, i, d = ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_double)

        def proto(fn, restype, *argtypes):
            return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, vp).value)

        _FAST = (proto(raw.FPDFText_GetUnicode, ctypes.c_uint, vp, i),
                 proto(raw.FPDFText_IsGenerated, i, vp, i),
                 proto(raw.FPDFText_GetCharBox, i, vp, i, d, d, d, d),
                 proto(raw.FPDFText_GetCharOrigin, i, vp, i, d, d),
                 proto(raw.FPDFText_GetTextObject, vp, vp, i),
                 proto(raw.FPDFPageObj_GetMatrix, i, vp, ctypes.POINTER(raw.FS_MATRIX)),
                 proto(raw.FPDFText_GetMatrix, i, vp, i, ctypes.POINTER(raw.FS_MATRIX)))
    return _FAST


_FAST_OBJECTS: tuple | None = None


def _fast_objects(raw) -> tuple:
    """``FPDFPage_GetObject`` and ``FPDFPageObj_GetType`` with plain ``void*`` handles (see
    :func:`_fast`)."""
    global _FAST_OBJECTS
    if _FAST_OBJECTS is None:
        vp = ctypes.c_void_p

        def proto(fn, restype, *argtypes):
            return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, vp).value)

        _FAST_OBJECTS = (proto(raw.FPDFPage_GetObject, vp, vp, ctypes.c_int),
                         proto(raw.FPDFPageObj_GetType, ctypes.c_int, vp))
    return _FAST_OBJECTS


def _chars(raw, textpage, box: tuple[float, float, float, float], index: int,
           source: str) -> tuple[list[Char], int]:
    """The page's visible characters, in the frame where most of its text reads across, and
    that frame's quarter turns (see :class:`_Frame`). Characters running another way are
    placed by their own frame, stretched to the page's (a head left upright over a turned
    table stays at the head of the page). One long loop: it runs once per character."""
    tp = textpage.raw  # the bare handle: no wrapper lookups in the per-character loop
    n = raw.FPDFText_CountChars(tp)
    if n > MAX_PAGE_CHARS:
        raise EditionError(source, f"page {index + 1} has {n} characters, more than {MAX_PAGE_CHARS}; "
                           "not a text page", "source-too-large")
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    refs = [ctypes.byref(x) for x in (left, right, bottom, top, ox, oy)]
    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    # size, style and direction are properties of the text object (one show-text run): looked up once each
    objects: dict[int | None, tuple[float, bool, bool, int]] = {}
    fonts: dict[bytes, tuple[bool, bool]] = {}
    matrix = raw.FS_MATRIX()
    get_unicode, is_generated, get_box, get_origin, get_object, get_matrix, get_char_matrix = _fast(raw)
    tp = ctypes.cast(tp, ctypes.c_void_p).value
    space = True
    chars: list[Char] = []  # placed upright; placed again below when some text is turned
    turned: dict[int, tuple[int, float]] = {}  # character -> (its turn, its baseline's x)
    x0, y1 = box[0], box[3]
    for i in range(n):
        code = get_unicode(tp, i)
        if is_generated(tp, i) == 1:
            space = True
            continue
        if code in _HYPHENS:
            code = 0x2D
        if code < 33 or code in _SKIP or 0xD800 <= code <= 0xDFFF:
            space = True
            continue
        ch = chr(code)
        if ch.isspace():
            space = True
            continue
        get_box(tp, i, refs[0], refs[1], refs[2], refs[3])
        get_origin(tp, i, refs[4], refs[5])
        key = get_object(tp, i)
        info = objects.get(key)
        if info is None:
            info = objects[key] = _object_info(raw, textpage.raw, i, key, matrix, buf, flags, fonts,
                                               get_matrix, get_char_matrix)
        if info[3]:
            turned[len(chars)] = (info[3], ox.value)
        lo, hi = left.value, right.value
        if hi < lo:
            lo, hi = hi, lo
        chars.append(Char(ch, lo - x0, max(hi, lo + 0.01) - x0, y1 - oy.value, y1 - top.value, info[0], info[1],
                          info[2], space, y1 - bottom.value))
        space = False
    if not turned:  # all upright: nearly every page
        return chars, 0
    return _placed(chars, turned, box)


def _placed(chars: list[Char], turned: dict[int, tuple[int, float]],
            box: tuple[float, float, float, float]) -> tuple[list[Char], int]:
    """The characters read by :func:`_chars` (placed upright; ``turned``: the turn and the
    baseline's x of those that are not) placed again in the frame of most of them."""
    turns = [len(chars) - len(turned), 0, 0, 0]
    for t, _ in turned.values():
        turns[t] += 1
    turn = max(range(4), key=lambda t: (turns[t], -t))
    frames = {t: _Frame(box, t) for t in range(4) if turns[t]}
    main = frames[turn]
    x_0, y_1 = box[0], box[3]
    out: list[Char] = []
    for k, c in enumerate(chars):
        t, x = turned.get(k, (0, 0.0))
        frame = frames[t]
        x0, top, x1, bottom = frame.rect(c.x0 + x_0, y_1 - c.bottom, c.x1 + x_0, y_1 - c.top)
        y = frame.point(x, y_1 - c.y)[1]  # the baseline
        if frame is not main:  # another direction: its place in its own frame, stretched to the page's
            sx, sy = main.width / frame.width, main.height / frame.height
            shift = (x0 + x1) / 2 * (sx - 1)
            x0, x1 = x0 + shift, x1 + shift
            dy = y * (sy - 1)
            top, bottom, y = top + dy, bottom + dy, y + dy
        out.append(Char(c.text, x0, max(x1, x0 + 0.01), y, top, c.size, c.bold, c.italic, c.space, bottom))
    return out, turn


def _object_info(raw, textpage, i: int, key, matrix, buf, flags, fonts: dict,
                 get_matrix, get_char_matrix) -> tuple[float, bool, bool, int]:
    """(size, bold, italic, direction) of the text object that character ``i`` belongs to; the
    direction in quarter turns from the character's full matrix (a form's turn included)."""
    # the font size PDFium reports ignores the text matrix (a 1-point font scaled by 10)
    get_matrix(key, ctypes.byref(matrix))
    scale = (matrix.c ** 2 + matrix.d ** 2) ** 0.5 or 1.0
    size = round(raw.FPDFText_GetFontSize(textpage, i) * scale, 1)
    raw.FPDFText_GetFontInfo(textpage, i, buf, 128, flags)
    name = buf.value
    style = fonts.get(name)
    if style is None:
        low = name.lower()
        weight = raw.FPDFText_GetFontWeight(textpage, i)
        style = fonts[name] = (
            b"bold" in low or b"black" in low or b"heavy" in low or b"semibold" in low or weight >= 600,
            b"italic" in low or b"oblique" in low or bool(flags.value & 64))
    turn = 0
    if get_char_matrix(ctypes.cast(textpage, ctypes.c_void_p).value, i, ctypes.byref(matrix)):
        a, b = matrix.a, matrix.b
        if abs(b) > abs(a):
            turn = 1 if b > 0 else 3
        elif a < 0:
            turn = 2
    return (size, *style, turn)


def _lines(chars: list[Char]) -> list[Line]:
    """Group characters into lines: baseline clusters, superscripts folded into the line below
    (or above), each line split where a gap is too wide to be a word space (columns)."""
    if not chars:
        return []
    clusters = _baseline_clusters(chars)
    merged, raised_ids = _fold_superscripts(clusters)
    out: list[Line] = []
    for cl in merged:
        cl.sort(key=lambda c: c.x0)
        for part in _split_gaps(cl, 1.0):
            main = [c for c in part if id(c) not in raised_ids] or part
            size = _mode([c.size for c in main])
            y = _mode([round(c.y, 1) for c in main])
            raised = [id(c) in raised_ids or (c.size < 0.85 * size and c.y < y - 0.15 * size) or _superior(c)
                      for c in part]
            out.append(Line(part, y, size, raised))
    out.sort(key=lambda ln: (ln.y, ln.x0))
    return out


def _baseline_clusters(chars: list[Char]) -> list[list[Char]]:
    """Characters on one baseline with compatible sizes (superscripts level with another
    column's line start their own cluster)."""
    chars = sorted(chars, key=lambda c: (round(c.y, 1), c.x0))
    clusters: list[list[Char]] = []
    open_: list[list[Char]] = []  # clusters whose baseline is still within reach
    last_y = None
    for c in chars:
        y, size = c.y, c.size
        if y != last_y:
            tol = max(1.0, 0.15 * size)
            open_ = [cl for cl in open_ if y - cl[-1].y <= tol]
            last_y = y
        for home in open_:
            other = home[-1].size
            if (other if other > size else size) <= 1.15 * (size if other > size else other):
                home.append(c)
                break
        else:
            home = [c]
            clusters.append(home)
            open_.append(home)
    return clusters


def _fold_superscripts(clusters: list[list[Char]]) -> tuple[list[list[Char]], set[int]]:
    """A cluster of small characters whose baseline lies a little above a line of larger type is
    a run of superscripts (note calls, note labels): it joins that line. Returns the clusters
    left and the ids of the characters that were raised."""
    sizes = [max(c.size for c in cl) for cl in clusters]
    merged: list[list[Char]] = []
    raised_ids: set[int] = set()
    spans = [(min(c.x0 for c in cl), max(c.x1 for c in cl)) for cl in clusters]
    for i, cl in enumerate(clusters):
        target = None
        short = len(cl) <= 12 and all(len(r) <= 4 for r in _split_gaps(sorted(cl, key=lambda c: c.x0), 0.6))
        if short:
            x0, x1 = spans[i]
            y = cl[0].y
            # the line of larger type whose baseline lies a little below (else above), and which
            # reaches the superscript horizontally (the other column's lines do not)
            cands = [j for j in range(len(clusters)) if j != i and sizes[j] >= sizes[i] * 1.15
                     and spans[j][0] - 2 * sizes[j] <= x0 and x1 <= spans[j][1] + 2 * sizes[j]
                     and -0.3 * sizes[j] <= clusters[j][0].y - y <= 0.6 * sizes[j]]
            below = [j for j in cands if clusters[j][0].y > y]
            pool = below or cands
            if pool:
                target = min(pool, key=lambda j: abs(clusters[j][0].y - y))
        if target is None:
            merged.append(cl)
        else:
            raised_ids.update(id(c) for c in cl)
            clusters[target].extend(cl)  # shared with ``merged`` when already emitted
    return merged, raised_ids


_MARKS = set("0123456789*†‡§¶‖")


def _superior(c: Char) -> bool:
    """A superior-figure glyph (OpenType ``sups``): full size and on the baseline, but drawn small
    and high, as fonts do for note calls."""
    return c.text in _MARKS and c.y - c.bottom > 0.25 * c.size and c.bottom - c.top < 0.6 * c.size


def join_fragments(lines: list[Line], gutter: float | None) -> list[Line]:
    """Join the pieces of a line that :func:`_lines` split at every wide gap, unless the gap is
    a column gutter or wider than any word space (a head with the folio at the far side)."""
    out: list[Line] = []
    for ln in sorted(lines, key=lambda ln: (ln.y, ln.x0)):
        prev = out[-1] if out else None
        if (prev is not None and abs(prev.y - ln.y) < 0.5 and 0 <= ln.x0 - prev.x1 < 2.5 * max(prev.size, ln.size)
                and not (gutter is not None and prev.x1 <= gutter <= ln.x0)):
            chars = prev.chars + ln.chars
            raised = prev.raised + ln.raised
            main = [c for c, r in zip(chars, raised) if not r] or chars
            out[-1] = Line(chars, prev.y, _mode([c.size for c in main]), raised)
        else:
            out.append(ln)
    return out


def _split_gaps(cl: list[Char], factor: float = 2.5) -> list[list[Char]]:
    parts = [[cl[0]]]
    for prev, c in zip(cl, cl[1:]):
        size = max(prev.size, c.size)
        if c.x0 - prev.x1 > factor * size:
            parts.append([c])
        else:
            parts[-1].append(c)
    return parts


def _mode(values):
    counts: dict = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]
