"""Pages and columns of a printed book whose page ends do not show: where they must have been.

What it knows: captions and footnotes set at the foot of a page interrupt the running text; a
paragraph that does not end a sentence continues after them. The book is set in two columns: an
interruption with nothing between its pieces is a column break, one with captions or notes a
page break, and a page holds one column break. Chapters start a new page; where the count
between two chapters falls short of the contents' page numbers, paragraph ends that might hide
an interruption (``… 1931 г.`` / ``КПК …``) are tested, keeping the choice whose columns are
most even.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from itertools import combinations

from .blocks import Item
from .markup import TERMINAL, abbrev_end_re, heading_key


@dataclass
class Event:
    """A place where a page or column may begin, in reading order (for page resolution)."""

    kind: str  # chapter | pb | col | amb
    pos: int  # characters of running text before it
    item: int  # index of the item after the break
    page: int | None = None  # chapter: page from the contents
    decision: str = ""  # pb | cb | none
    n: int = 0


class PageInference:
    """Reader part for pages and columns. Uses the reader's ``items``, ``toc``, ``top_lines``,
    ``general``, ``options.first_page``, ``start_page`` and sets ``max_page``."""

    def ends_open(self, a: Item) -> bool:
        return not TERMINAL.search(a.plain) or a.plain.endswith("-")

    def plan_body(self, idx: list[int]) -> tuple[dict[int, tuple[int, str]], list[Event]]:
        """Find the interruptions (joints) and page/column events of the body, and resolve pages."""
        items = self.items
        abbrev = abbrev_end_re()
        joints: dict[int, tuple[int, str]] = {}  # para item -> (continuation item, event kind)
        events: list[Event] = []
        pos = 0
        k = 0
        while k < len(idx):
            i = idx[k]
            it = items[i]
            if it.kind == "head":
                top = self.is_top(it)
                if top:
                    page = self.toc.get(heading_key(it.plain))
                    events.append(Event("chapter", pos, i, page=page))
            if it.kind in ("para", "runin"):
                pos += len(it.plain)
                j = k + 1
                cluster = False
                while j < len(idx) and items[idx[j]].kind in ("note", "emph", "rule"):
                    cluster = cluster or items[idx[j]].kind != "rule"
                    j += 1
                if j < len(idx):
                    nxt = items[idx[j]]
                    kind = ""
                    if nxt.kind == "para":
                        first = nxt.plain[:1]
                        if self.ends_open(it) or (first.isalpha() and first.islower()):
                            kind = "pb" if cluster else "col"
                        elif abbrev.search(it.plain) and not cluster:
                            kind = "amb"
                    if kind and not self.general:
                        joints[i] = (idx[j], kind)
                        events.append(Event(kind, pos, idx[j]))
                    elif cluster and not (nxt.kind == "head" and self.is_top(nxt)):
                        events.append(Event("pb", pos, idx[j]))
            k += 1
        self.resolve(events)
        for e in events:
            if e.kind == "amb" and e.decision == "none":
                for a, (b, kind) in list(joints.items()):
                    if b == e.item and kind == "amb":
                        del joints[a]
        return joints, events

    def is_top(self, it: Item) -> bool:
        return it.line in self.top_lines

    def find_top(self, idx: list[int]) -> None:
        """Top-level headings: listed in the contents, ``#``, or any heading before the first ``#``."""
        seen_first = False
        for i in idx:
            it = self.items[i]
            if it.kind != "head":
                continue
            if heading_key(it.plain) in self.toc or it.level == 1 or not seen_first:
                self.top_lines.add(it.line)
            seen_first = seen_first or it.level == 1 or heading_key(it.plain) in self.toc

    def resolve(self, events: list[Event]) -> None:
        """Decide pb/cb for every event and number the pages, calibrated on the contents."""
        chapters = [k for k, e in enumerate(events) if e.kind == "chapter"]
        bounds = ([0] if not chapters or chapters[0] != 0 else []) + chapters + [len(events)]
        base_cols = self.simulate(events, set())[1]
        typical = statistics.median(base_cols) if base_cols else 0
        for a, b in zip(bounds, bounds[1:]):
            seg = events[a:b]
            amb = [k for k, e in enumerate(seg) if e.kind == "amb"]
            want = None
            if seg and seg[0].kind == "chapter" and seg[0].page and b < len(events) and events[b].page:
                want = events[b].page - seg[0].page - 1
            best: tuple[float, set[int]] = (float("inf"), set())
            if want is not None and amb:
                for size in range(0, min(len(amb), 4) + 1):
                    for combo in combinations(amb, size):
                        pbs, cols = self.simulate(seg, set(combo))
                        if pbs == want:
                            cost = sum((c - typical) ** 2 for c in cols)
                            if cost < best[0]:
                                best = (cost, set(combo))
                    if best[0] < float("inf") and size >= 1:
                        break
            chosen = best[1]
            self.simulate(seg, chosen, apply=True)
            pbs = sum(1 for e in seg if e.decision == "pb")
            if want is not None and pbs != want:
                line = self.items[seg[0].item].line
                self.report.warn(self.source, line, "page-count",
                                 f"{pbs + 1} pages found before the next chapter but the contents imply {want + 1}")
        # numbering (text before the first chapter starts on the first page)
        page = int(self.options.first_page or 1)
        for e in events:
            if e.kind == "chapter":
                if e.page:
                    if page and e.page != page + 1:
                        self.decisions.add("toc-jump")
                    page = e.page
                    self.decisions.add("toc")
                elif e is events[0]:
                    page = self.start_page or page
                else:
                    page += 1
                e.n = page
            elif e.decision == "pb":
                page += 1
                e.n = page
        self.max_page = max(self.max_page, page)

    @staticmethod
    def simulate(seg: list[Event], include: set[int], apply: bool = False) -> tuple[int, list[int]]:
        """Two columns a page: the first bare interruption on a page is a column break, the next a page break."""
        col_seen = False
        pbs = 0
        last = seg[0].pos if seg else 0
        cols: list[int] = []
        for k, e in enumerate(seg):
            if e.kind == "chapter":
                dec = "chapter"
                col_seen = False
                last = e.pos
            elif e.kind == "pb" or (e.kind in ("col", "amb") and col_seen and (e.kind == "col" or k in include)):
                dec = "pb"
            elif e.kind == "col" or k in include:
                dec = "cb"
            else:
                dec = "none"
            if dec in ("pb", "cb"):
                cols.append(e.pos - last)
                last = e.pos
                col_seen = dec == "cb"
                pbs += dec == "pb"
            if apply:
                e.decision = dec
        return pbs, cols
