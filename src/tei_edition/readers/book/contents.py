"""Contents lists: the printed contents of a book (its page numbers calibrate the page count)
and the lists of a general Markdown text.

What it knows: a contents heading (or a run of dot-leader lines after a heading) opens the
contents; each line gives a title and a page; a list of links to anchors, or any list right
after a "Contents" line, is a contents list too.
"""

from __future__ import annotations

from ...model import Block, Division
from .blocks import Item
from .markup import ANCHOR_LINK, LIST_LINE, TOC_LINE, book_data, convert_line, heading_key


class Contents:
    """Reader part for contents lists. Uses the reader's ``items`` and fills ``toc`` (heading
    key -> page)."""

    def find_contents(self) -> tuple[int, int] | None:
        names = {heading_key(n) for n in book_data()["contents_headings"]}
        for i, it in enumerate(self.items):
            if it.kind != "head":
                continue
            j = i + 1
            while j < len(self.items) and self.items[j].kind == "rule":
                j += 1
            k = j
            while k < len(self.items) and self.items[k].kind == "toc":
                k += 1
            if k > j or heading_key(it.plain) in names:
                for t in self.items[j:k]:
                    for ln in t.lines:
                        m = TOC_LINE.match(ln)
                        self.toc.setdefault(heading_key(convert_line(m.group("t"))[0]), int(m.group("p")))
                return i, k
        return None

    def build_contents(self, contents: tuple[int, int], page: int | None) -> Division:
        head_it = self.items[contents[0]]
        head = Block("head", head_it.plain, line=head_it.line)
        if page is not None:
            self.page_mark(head, page)
        items: list[Block] = []
        for it in self.items[contents[0] + 1:contents[1]]:
            if it.kind != "toc":
                continue
            for ln in it.lines:
                m = TOC_LINE.match(ln)
                text = convert_line(m.group("t"))[0]
                items.append(Block("item", text, attrs={"n": m.group("p")}, extra={"page": m.group("p")}, line=it.line))
        return Division("contents", head=head, children=[Block("list", children=items, line=head_it.line)])

    def list_block(self, it: Item, prev: Item | None) -> Block:
        """A list of a general Markdown text; a contents list (dot leaders and page numbers, links to
        anchors, or any list right after a "Contents" line) is ``list type="contents"``."""
        names = {heading_key(n) for n in book_data()["contents_headings_general"]}
        after_name = prev is not None and prev.kind in ("head", "para") and heading_key(prev.plain) in names
        items: list[Block] = []
        contents = it.kind == "toc" or after_name
        for no, ln in enumerate(it.lines):
            m = TOC_LINE.match(ln)
            page = None
            if m:
                entry, page = m.group("t"), m.group("p")
                lm = LIST_LINE.match(entry)
                entry = lm.group("t") if lm else entry
            else:
                entry = LIST_LINE.match(ln).group("t")
            link = ANCHOR_LINK.match(entry)
            if link:
                entry, contents = link.group("t"), True
            t = self.text_of(it, [entry])
            items.append(Block("item", t.text, t.marks, attrs={"n": page} if page else {}, line=it.line + no))
        return Block("list", attrs={"type": "contents"} if contents else {}, children=items, line=it.line)
