"""The body of a printed book assembled from its blocks: divisions, paragraphs, notes, captions.

What it knows: ``#`` headings open nested divisions (headings listed in the contents are
top-level whatever their depth) and a bold phrase opening a paragraph opens a run-in
subsection; a paragraph interrupted by captions and notes is rejoined from its pieces, the
notes belong to its page and the captions follow it; page and column breaks go where
:mod:`.layout` decided they fell.
"""

from __future__ import annotations

from ...model import Block, Division, Mark, Node
from ..outline import Outline
from .blocks import Item
from .layout import Event
from .markup import RUNIN, TextBuilder, book_data


def _with_lead(blk: Block, mark: Mark | None) -> Block:
    if mark is not None:
        blk.marks.insert(0, mark)
    return blk


class BodyAssembly:
    """Reader part for the body. Uses the reader's ``items``, ``page``, ``hyphens``,
    ``decisions`` and the note, caption, contents and page parts."""

    def build_body(self, idx: list[int], joints: dict[int, tuple[int, str]], events: list[Event]) -> list[Node]:
        """The body's nodes from the items ``idx``; ``joints`` and ``events`` come from :meth:`plan_body`."""
        items = self.items
        out = Outline()
        by_item: dict[int, Event] = {e.item: e for e in events if e.decision in ("pb", "cb", "chapter")}
        consumed: set[int] = set()
        last_text: Block | None = None
        k = 0
        while k < len(idx):
            i = idx[k]
            it = items[i]
            k += 1
            nxt = items[idx[k]] if k < len(idx) else None
            if i in consumed or it.kind == "rule":
                continue
            if it.kind == "head":
                k += self.body_heading(out, i, nxt, items[idx[k + 1]] if k + 1 < len(idx) else None, by_item)
            elif it.kind == "note":
                kept = self.attach_note(it, last_text)
                if kept is not None:
                    out.container().append(kept)
                    last_text = kept
            elif it.kind in ("list", "toc"):
                out.container().append(self.list_block(it, items[idx[k - 2]] if k >= 2 else None))
            elif it.kind == "emph":
                if self.is_epigraph(it, nxt) and not out.container():
                    out.container().append(self.epigraph(it, nxt))
                    k += 1
                else:
                    out.container().append(self.figure(it))
            else:
                last_text = self.body_paragraph(out, i, idx, joints, by_item, consumed) or last_text
        return out.body

    def lead_break(self, by_item: dict[int, Event], i: int) -> Mark | None:
        """The page that begins with item ``i`` (set before its text is read, for its notes)."""
        e = by_item.get(i)
        if e is None or e.decision not in ("pb", "chapter") or not e.n:
            return None
        self.page = e.n
        cert = "high" if e.kind == "chapter" and e.page else "medium"
        return Mark(0, "pb", n=str(e.n), cert=cert)

    def body_heading(self, out: Outline, i: int, nxt: Item | None, after: Item | None,
                     by_item: dict[int, Event]) -> int:
        """Open the division of heading item ``i``; an epigraph right after it (``nxt`` and its
        attribution ``after``) goes inside. Returns how many items after the heading it used."""
        it = self.items[i]
        level = 1 if self.is_top(it) else it.level
        lead = self.lead_break(by_item, i)
        t = self.text_of(it)
        head = _with_lead(Block("head", t.text, t.marks, line=it.line), lead)
        dtype = book_data()["division_types"].get(it.plain.upper().strip(" .")) \
            or book_data()["level_types"].get(str(min(level, 4)), "section")
        div = Division(dtype, head=head)
        out.open(level, div)
        if nxt is not None and self.is_epigraph(nxt, after):
            div.children.append(self.epigraph(nxt, after))
            return 2
        return 0

    def body_paragraph(self, out: Outline, i: int, idx: list[int], joints: dict[int, tuple[int, str]],
                       by_item: dict[int, Event], consumed: set[int]) -> Block | None:
        """A paragraph (possibly after a run-in heading) with its continuations; returns it when
        it has text (notes without a reference attach after it)."""
        it = self.items[i]
        lead = self.lead_break(by_item, i)
        lines = it.lines
        if it.kind == "runin":
            m = RUNIN.match("\n".join(lines))
            h = self.text_of(it, m.group("h").split("\n"))
            head_blk = _with_lead(Block("head", h.text, h.marks, attrs={"rend": "run-in"}, line=it.line), lead)
            lead = None
            lines = m.group("rest").split("\n")
            out.open(99, Division("subsection", head=head_blk))
            self.decisions.add("runin")
        text = self.text_of(it, lines)
        para = Block("p", "", line=it.line)
        figures = self.rejoin(text, para, i, idx, joints, by_item, consumed)
        para.text, para.marks = text.text, sorted(text.marks, key=lambda m: m.offset)
        _with_lead(para, lead)
        kept = None
        if para.text:
            out.container().append(para)
            kept = para
        out.container().extend(figures)
        return kept

    def rejoin(self, text: TextBuilder, para: Block, i: int, idx: list[int], joints: dict[int, tuple[int, str]],
               by_item: dict[int, Event], consumed: set[int]) -> list[Block]:
        """Append the pieces that continue paragraph ``i`` after its interruptions, with a page or
        column break at each join; the notes between the pieces attach to ``para``, the captions
        are returned (they follow the paragraph)."""
        items = self.items
        hyphens_before = text.hyphens
        figures: list[Block] = []
        cur = i
        while cur in joints:
            nxt, _kind = joints[cur]
            # the cluster between the pieces: notes belong to this page, captions follow the paragraph
            para.text, para.marks = text.text, text.marks
            for j in (j for j in idx if cur < j < nxt):
                if items[j].kind == "note":
                    self.attach_note(items[j], para)
                elif items[j].kind == "emph":
                    figures.append(self.figure(items[j]))
                    self.decisions.add("moved")
                consumed.add(j)
            e = by_item.get(nxt)
            if e is not None and e.decision == "pb" and e.n:
                self.page = e.n
            piece = self.text_of(items[nxt])
            join = text.add(piece.text, piece.marks)
            if e is not None and e.decision == "pb":
                text.marks.append(Mark(join, "pb", n=str(e.n), cert="medium"))
                self.decisions.add("pb")
            elif e is not None and e.decision == "cb":
                text.marks.append(Mark(join, "cb"))
                self.decisions.add("cb")
            consumed.add(nxt)
            cur = nxt
        self.hyphens += text.hyphens - hyphens_before  # words rejoined across interruptions
        return figures
