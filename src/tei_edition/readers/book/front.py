"""Front matter of a printed book: title page, colophon and blurb, contents, frontispiece.

What it knows: short leading blocks form the title page (author, main title, subtitle, imprint);
the colophon (codes, the bibliographic record, copyright) and the blurb follow; captions and
epigraphs may stand between the contents and the first chapter. The front pages are numbered
back from the body's first page (the title page is page 1).
"""

from __future__ import annotations

import re

from ...model import Block, Division, Mark, Node
from .blocks import Item, is_code, line_texts
from .markup import AUTHOR_HEADING, YEAR, convert_line
from .record import parse_codes, parse_record


class FrontMatter:
    """Reader part for the front matter. Uses the reader's ``items``, ``meta``, ``page``,
    ``max_page``, ``decisions`` and the note, caption and contents parts."""

    def looks_like_front(self, start: int, end: int, contents: tuple[int, int] | None) -> bool:
        """Front matter is there when short title blocks are followed by a colophon or contents."""
        zone = self.items[start:end]
        if not zone or zone[0].kind not in ("para", "emph"):
            return contents is not None and contents[0] == 0
        has_code = any(it.kind == "para" and is_code(line_texts(it)) for it in zone)
        return has_code or contents is not None

    def build_front(self, pre_end: int, contents: tuple[int, int] | None, body_start: int,
                    first_body_page: int | None) -> list[Node]:
        items = self.items
        i = self.title_end(pre_end)
        title = items[:i]
        zone = list(range(i, pre_end))
        after = list(range(contents[1], body_start)) if contents else []
        units = self.front_units(pre_end, contents, body_start)
        pages = self.front_pages(units, first_body_page)
        nodes: list[Node] = []
        it_pages = iter(pages)
        if title:
            self.page = next(it_pages)
            nodes.append(self.build_title_page(title))
            self.page_mark(nodes[-1].children[0], self.page)
        if zone:
            self.page = next(it_pages)
            zone_nodes = self.build_colophon_zone(zone)
            self.mark_first(zone_nodes, self.page)
            nodes += zone_nodes
        if contents:
            self.page = next(it_pages)
            div = self.build_contents(contents, self.page)
            nodes.append(div)
        if after:
            self.page = next(it_pages)
            extra = self.build_loose(after)
            self.mark_first(extra, self.page)
            nodes += extra
        self.max_page = max(self.max_page, self.page)
        # an epigraph may stand only after the last division of <front>: wrap it otherwise
        out: list[Node] = []
        for k, node in enumerate(nodes):
            later_div = any(isinstance(n, Division) for n in nodes[k + 1:])
            if isinstance(node, Block) and node.kind in ("epigraph", "p") and later_div:
                node = Division(node.kind if node.kind == "epigraph" else "preliminary", children=[node])
            out.append(node)
        return out

    def title_end(self, pre_end: int) -> int:
        """The title page: the leading short blocks, up to the first colophon line."""
        i = 0
        items = self.items
        while i < pre_end and items[i].kind in ("para", "emph") and len(items[i].lines) <= 4 \
                and len(items[i].plain) <= 150 and not is_code(line_texts(items[i])) \
                and not items[i].plain.startswith("©"):
            i += 1
        return i

    def front_units(self, pre_end: int, contents: tuple[int, int] | None, body_start: int) -> list[bool]:
        """Which front pages exist: title page, colophon, contents, frontispiece/epigraph."""
        i = self.title_end(pre_end)
        return [i > 0, pre_end > i, contents is not None, bool(contents and body_start > contents[1])]

    def front_pages(self, units: list[bool], first_body_page: int | None) -> list[int]:
        """Page numbers of the front units: the title page is p. 1, the rest count back from the body."""
        count = sum(units)
        if first_body_page is None or first_body_page <= count:
            return list(range(1, count + 1))
        pages = [first_body_page - count + k for k in range(count)]
        if units[0]:
            pages[0] = 1
        self.decisions.add("front")
        return pages

    @staticmethod
    def page_mark(block: Block, n: int, cert: str = "medium") -> None:
        """A page that begins with ``block``: the pb stands at the start of its text.

        (Inside the block rather than hoisted before it, so that tools reading block text see the
        break where the page begins.)
        """
        block.marks.insert(0, Mark(0, "pb", n=str(n), cert=cert))

    def mark_first(self, nodes: list[Node], n: int) -> None:
        for node in nodes:
            blk = node if isinstance(node, Block) else (node.head or next(
                (c for c in node.children if isinstance(c, Block)), None))
            if blk is not None:
                self.page_mark(blk, n)
                return

    def build_title_page(self, blocks: list[Item]) -> Division:
        main_at = next((k for k, it in enumerate(blocks) if it.kind == "emph"), None)
        if main_at is None:
            main_at = next((k for k, it in enumerate(blocks) if not self.name_like(it.plain)), 0)
        kids: list[Block] = []
        for k, it in enumerate(blocks):
            t = self.text_of(it, lb=True)
            if k != main_at and YEAR.search(it.plain) and len(it.plain) < 60:
                kind, attrs = "docImprint", {}
                if len(it.lines) >= 2 and not self.meta.pub_place:
                    self.meta.pub_place = convert_line(it.lines[0])[0].title()
            elif k < main_at:
                kind, attrs = "docAuthor", {}
                self.meta.author = self.meta.author or it.plain.title()
            elif k == main_at:
                kind, attrs = "titlePart", {"type": "main"}
                self.meta.title = self.meta.title or t.text
            else:
                kind, attrs = "titlePart", {"type": "sub"}
                self.meta.subtitle = self.meta.subtitle or t.text
            kids.append(Block(kind, t.text, t.marks, attrs=attrs, line=it.line))
        m = YEAR.search(" ".join(it.plain for it in blocks))
        if m and not self.meta.date:
            self.meta.date = m.group(1)
        return Division("titlePage", children=kids)

    @staticmethod
    def name_like(s: str) -> bool:
        return bool(re.fullmatch(r"(?:[A-ZА-ЯЁ][\w.’'-]*\s?){2,3}", s)) and len(s) <= 40

    def build_colophon_zone(self, idx: list[int]) -> list[Node]:
        """Colophon (codes, record, copyright) and blurb, in reading order, as divisions."""
        groups: list[tuple[str, list[Block]]] = []  # (division type, blocks)
        prev_sub = ""
        k = 0
        while k < len(idx):
            it = self.items[idx[k]]
            nxt = self.items[idx[k + 1]] if k + 1 < len(idx) else None
            if self.is_epigraph(it, nxt):
                groups.append(("figure", [self.epigraph(it, nxt)]))
                prev_sub = "figure"
                k += 2
                continue
            sub, blk, used = self.colophon_block(it, nxt)
            k += used
            _group_colophon(groups, sub, prev_sub, blk)
            prev_sub = sub
        nodes: list[Node] = []
        for dtype, blocks in groups:
            if dtype == "figure":
                nodes += blocks
            else:
                nodes.append(Division(dtype, children=blocks))
        return nodes

    def colophon_block(self, it: Item, nxt: Item | None) -> tuple[str, Block, int]:
        """One colophon block as (kind, block, items used): the bibliographic record (an author
        heading and its description, two items), codes, copyright, a caption or prose."""
        if it.kind == "emph" and AUTHOR_HEADING.match(it.plain.rstrip(".")) and nxt is not None \
                and nxt.kind in ("para", "runin"):
            t = self.text_of(it)
            rest = self.text_of(nxt, lb=True)
            t.add(rest.text, rest.marks)
            parse_record(self.meta, it.plain, rest.text, t.text)
            return "record", Block("p", t.text, t.marks, line=it.line), 2
        code = is_code(line_texts(it))
        if it.kind == "emph" and not code:
            return "figure", self.figure(it), 1
        sub = "code" if code else "copyright" if it.plain.startswith("©") else "prose"
        if sub in ("code", "copyright"):
            parse_codes(self.meta, it.plain)
        t = self.text_of(it, lb=sub != "prose")
        return sub, Block("p", t.text, t.marks, line=it.line), 1

    def build_loose(self, idx: list[int]) -> list[Node]:
        """Captions, epigraphs and stray paragraphs between the contents and the first chapter."""
        nodes: list[Node] = []
        k = 0
        while k < len(idx):
            it = self.items[idx[k]]
            nxt = self.items[idx[k + 1]] if k + 1 < len(idx) else None
            if self.is_epigraph(it, nxt):
                nodes.append(self.epigraph(it, nxt))
                k += 2
                continue
            if it.kind == "emph":
                nodes.append(self.figure(it))
            elif it.kind in ("para", "runin", "toc"):
                t = self.text_of(it)
                nodes.append(Block("p", t.text, t.marks, line=it.line))
            k += 1
        return nodes


def _group_colophon(groups: list[tuple[str, list[Block]]], sub: str, prev_sub: str, blk: Block) -> None:
    """Add a colophon block to its division (prose is the abstract, the rest the colophon);
    consecutive code (or copyright) blocks are one block, their lines kept apart by lb."""
    dtype = {"prose": "abstract", "figure": "figure"}.get(sub, "colophon")
    if groups and groups[-1][0] == dtype and (sub != prev_sub or sub not in ("code", "copyright")):
        groups[-1][1].append(blk)
    elif groups and groups[-1][0] == dtype and sub == prev_sub:
        last = groups[-1][1][-1]
        shift = len(last.text) + 1
        last.marks.append(Mark(len(last.text), "lb"))
        for m in blk.marks:
            m.offset += shift
        last.text += " " + blk.text
        last.marks += blk.marks
    else:
        groups.append((dtype, [blk]))
