"""The editors' merges run in one pass over the corpus: the result must be exactly that of applying
them one after the other (chains, merges into removed entries, curated entries, unmatched ones)."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from tei_edition.annotate.curation import Curation, Merge, _recount, _targets, apply_curation
from tei_edition.annotate.linking import RegisterEntry, Registers
from tei_edition.diagnostics import Report
from tei_edition.model import ENTITY_KINDS, Block, Document, Metadata, Span

IDS = ["a", "b", "c", "d", "e"]
TYPES = {"a": "person", "b": "person", "c": "place", "d": "org", "e": "person"}


def _sequential(docs: dict[str, Document], registers: Registers, curation: Curation) -> Report:
    """The merges as they were applied before: one pass over the corpus per merge."""
    report = Report()
    for m in curation.merges:
        source, into = registers.entries.get(m.source), registers.entries.get(m.into)
        if into is None:
            report.warn(curation.decisions_file, m.line, "curation-unknown-entry",
                        f"merge {m.source} into {m.into}: no register entry '{m.into}'")
            continue
        moved = 0
        for doc in docs.values():
            for t in _targets({doc.id: doc}, ""):
                for s in t.spans:
                    if s.kind in ENTITY_KINDS and s.key == m.source:
                        s.kind, s.key = into.type, m.into
                        moved += 1
        if source is not None and not source.curated:
            del registers.entries[m.source]
        if not moved:
            report.warn(curation.decisions_file, m.line, "curation-unmatched",
                        f"merge {m.source} into {m.into}: no mention of '{m.source}' any more")
    _recount(docs, registers)
    return report


def _corpus(mentions: list[list[str]], present: set[str], curated: set[str]) -> tuple[dict[str, Document], Registers]:
    docs = {}
    for k, refs in enumerate(mentions):
        text = " ".join(f"N{i}" for i in range(len(refs))) or "x"
        spans = [Span(3 * i, 3 * i + 2, TYPES[r], r) for i, r in enumerate(refs)]
        docs[f"doc{k}"] = Document(f"doc{k}", Metadata(), body=[Block("p", text, [], spans)])
    reg = Registers()
    for ident in sorted(present):
        reg.entries[ident] = RegisterEntry(ident, TYPES[ident], ident.upper(), curated=ident in curated)
    return docs, reg


def _state(docs: dict[str, Document], reg: Registers) -> tuple:
    spans = [(d, s.start, s.kind, s.key) for d, doc in docs.items() for b in doc.body for s in b.spans]
    entries = {k: (e.type, e.count, sorted(e.variants.items())) for k, e in reg.entries.items()}
    return spans, entries


@settings(max_examples=150, deadline=None)
@given(mentions=st.lists(st.lists(st.sampled_from(IDS), max_size=6), min_size=1, max_size=4),
       present=st.sets(st.sampled_from(IDS), min_size=1), curated=st.sets(st.sampled_from(IDS)),
       pairs=st.lists(st.tuples(st.sampled_from(IDS), st.sampled_from(IDS)).filter(lambda p: p[0] != p[1]),
                      max_size=6))
def test_one_pass_merges_equal_sequential_merges(mentions, present, curated, pairs):
    present |= set(r for refs in mentions for r in refs)  # automatic entries exist for every mention
    merges = [Merge(a, b, line=10 + i) for i, (a, b) in enumerate(pairs)]
    curation = Curation(decisions=[], merges=merges, entries=[])
    docs, reg = _corpus(mentions, present, curated)
    want_docs, want_reg = copy.deepcopy(docs), copy.deepcopy(reg)
    want = _sequential(want_docs, want_reg, curation)
    got = apply_curation(docs, reg, curation)
    assert [(d.line, d.code, d.message) for d in got] == [(d.line, d.code, d.message) for d in want]
    assert _state(docs, reg) == _state(want_docs, want_reg)


def test_merge_chain_sends_mentions_to_the_last_entry():
    docs, reg = _corpus([["a", "b", "c"]], {"a", "b", "c", "d"}, {"d"})
    report = apply_curation(docs, reg, Curation(decisions=[], merges=[Merge("a", "b", line=1), Merge("b", "d", line=2)],
                                                entries=[]))
    assert list(report) == []
    assert [(s.kind, s.key) for s in docs["doc0"].body[0].spans] == [("org", "d"), ("org", "d"), ("place", "c")]
    assert set(reg.entries) == {"c", "d"} and reg.entries["d"].count == 2
