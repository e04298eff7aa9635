#!/usr/bin/env python3
"""Score TEI files against gold excerpt annotations (the gold format of the shared project folder,
gold-dev/FORMAT.md; the held-out gold in tests/fixtures/gold-heldout follows it).

usage: score_gold.py --tei A.xml [--tei B.xml ...] GOLD.json [GOLD.json ...] [--json OUT] [--verbose]

What it measures, per gold excerpt and overall:
  paragraphs  gold p/head/figure blocks found as one TEI block: exact text, near (ratio>=0.97),
              and duplicates (a gold block matched by more than one TEI block)
  notes       footnotes found (text ratio>=0.9), anchored at the right place (last 20
              characters before the reference agree), with the right @n
  pagebreaks  page breaks found at the right place, and with the right @n
  entities    person/place/org mentions: strict (type + exact text) and lenient (type +
              overlapping text) precision/recall/F1, only inside matched blocks
  linking     pairwise F1 of "same entity" decisions among strictly matched mentions
              (gold `norm` vs TEI @ref/@key)
  dates       strict (exact text) P/R/F1 and normalization accuracy (same interval)

TEI conventions read: p, head, figure (head/figDesc/p), epigraph, note, pb, persName,
placeName, orgName, name/rs with @type person|place|org, date with when/from/to/notBefore/
notAfter (also *-iso). Text of a block excludes note and figure descendants; lb without
break="no" counts as a space; choice takes reg/corr/expan.
"""
import argparse
import calendar
import difflib
import json
import re
import sys
from collections import Counter, defaultdict

from lxml import etree

TEI = "http://www.tei-c.org/ns/1.0"
XML = "http://www.w3.org/XML/1998/namespace"


def q(tag):
    return f"{{{TEI}}}{tag}"


DASHES = dict.fromkeys(map(ord, "\u2014\u2013\u2012\u2212"), "\u2013")
QUOTES = dict.fromkeys(map(ord, "\u00ab\u00bb\u201e\u201c\u201d\u201f\u2033"), '"')


def norm(s):
    s = s.replace("\u00ad", "").replace("\u00a0", " ").replace("\u202f", " ")
    s = s.translate(DASHES).translate(QUOTES)
    return re.sub(r"\s+", " ", s).strip()


BLOCK_TAGS = {q("p"), q("head"), q("figure"), q("epigraph"), q("item"), q("ab"), q("titlePart"),
              q("docTitle"), q("byline"), q("docAuthor"), q("quote")}
ENTITY_TAGS = {q("persName"): "person", q("placeName"): "place", q("orgName"): "org"}
SKIP_IN_BLOCK = {q("note"), q("figure"), q("fw")}
CREDIT_TYPES = {"credit", "source", "copyright", "photo-credit", "attribution"}


class Block:
    def __init__(self, el, kind):
        self.el = el
        self.kind = kind
        self.parts = []  # text pieces
        self.notes = []  # (note_el, offset)
        self.pbs = []  # (n, offset)
        self.entities = []  # (type, start, end, ref)
        self.dates = []  # (start, end, attrs)
        self.text = ""
        self.index = 0
        self.credit = None

    def finish(self):
        raw = "".join(self.parts)
        # map raw offsets to normalized offsets
        out, mapping = [], []
        prev_space = True
        for ch in raw:
            mapping.append(len(out))
            c = ch.translate(DASHES).translate(QUOTES)
            if c == "\u00ad":
                continue
            if c.isspace():
                if not prev_space:
                    out.append(" ")
                prev_space = True
            else:
                out.append(c)
                prev_space = False
        mapping.append(len(out))
        text = "".join(out)
        lead = len(text) - len(text.lstrip())
        self.text = text.strip()

        def m(i):
            return max(0, min(len(self.text), mapping[i] - lead))

        self.notes = [(el, m(o)) for el, o in self.notes]
        self.pbs = [(n, m(o)) for n, o in self.pbs]
        self.entities = [(t, m(s), m(e), r) for t, s, e, r in self.entities]
        self.dates = [(m(s), m(e), a) for s, e, a in self.dates]


def entity_type(el):
    if el.tag in ENTITY_TAGS:
        return ENTITY_TAGS[el.tag]
    if el.tag in (q("name"), q("rs")):
        t = (el.get("type") or "").lower()
        if t in ("person", "pers", "persname"):
            return "person"
        if t in ("place", "placename", "geo", "location", "loc"):
            return "place"
        if t in ("org", "organisation", "organization", "orgname"):
            return "org"
    return None


def collect(el, blk, top=True):
    """Append el's text to blk, recording marks. Returns nothing."""
    if not top:
        if el.tag in SKIP_IN_BLOCK:
            if el.tag == q("note"):
                blk.notes.append((el, len("".join(blk.parts))))
            if el.tail:
                blk.parts.append(el.tail)
            return
        if el.tag in (q("pb"), q("cb")):
            blk.pbs.append((el.get("n") if el.tag == q("pb") else None, len("".join(blk.parts))))
            if el.tail:
                blk.parts.append(el.tail)
            return
        if blk.kind == "epigraph" and el.tag == q("bibl"):
            if el.tail:
                blk.parts.append(el.tail)
            return
        if blk.kind == "figure" and (el.get("type") or "").lower() in CREDIT_TYPES:
            blk.credit = norm("".join(el.itertext()))
            if el.tail:
                blk.parts.append(el.tail)
            return
        if el.tag == q("lb"):
            if el.get("break") != "no":
                blk.parts.append(" ")
            if el.tail:
                blk.parts.append(el.tail)
            return
        if el.tag == q("choice"):
            pick = None
            for pref in ("reg", "corr", "expan"):
                pick = el.find(q(pref))
                if pick is not None:
                    break
            if pick is None and len(el):
                pick = el[0]
            if pick is not None:
                collect(pick, blk, top=False)
                # collect appends pick.tail; undo that by not using tail of pick
            if el.tail:
                blk.parts.append(el.tail)
            return
    start = len("".join(blk.parts))
    if el.text and isinstance(el.tag, str):
        blk.parts.append(el.text)
    for child in el:
        if not isinstance(child.tag, str):  # comments, PIs
            if child.tail:
                blk.parts.append(child.tail)
            continue
        collect(child, blk, top=False)
    end = len("".join(blk.parts))
    if not top:
        et = entity_type(el)
        if et:
            ref = el.get("ref") or el.get("key") or el.get("sameAs") or el.get("corresp")
            blk.entities.append((et, start, end, ref))
        if el.tag == q("date"):
            attrs = {}
            for k in ("when", "from", "to", "notBefore", "notAfter"):
                v = el.get(k) or el.get(k + "-iso")
                if v:
                    attrs[k] = v
            blk.dates.append((start, end, attrs))
        if el.tail and el.getparent() is not None and el.getparent().tag != q("choice"):
            blk.parts.append(el.tail)


def tei_blocks(path):
    tree = etree.parse(path, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    root = tree.getroot()
    texts = root.findall(".//" + q("text"))
    blocks = []
    for text in texts:
        for el in text.iter():
            if not isinstance(el.tag, str) or el.tag not in BLOCK_TAGS:
                continue
            # skip blocks nested inside another block (e.g. head inside figure counts via figure)
            anc = el.getparent()
            nested = False
            while anc is not None and anc is not text:
                if anc.tag in BLOCK_TAGS or anc.tag == q("note"):
                    nested = True
                    break
                anc = anc.getparent()
            if nested:
                continue
            kind = {q("figure"): "figure", q("head"): "head", q("epigraph"): "epigraph"}.get(el.tag, "p")
            b = Block(el, kind)
            collect(el, b)
            b.finish()
            if b.text:
                b.index = len(blocks)
                blocks.append(b)
    # pb elements between blocks: attach to the end of the block that precedes them in document
    # order (same document), walking each text once
    by_el = {id(b.el): b for b in blocks}
    for text in texts:
        last = None
        for el in text.iter():
            b = by_el.get(id(el))
            if b is not None and b.el is el:
                last = b
                continue
            if el.tag not in (q("pb"), q("cb")) or last is None:
                continue
            anc = el.getparent()
            inside = False
            while anc is not None:
                if anc.tag in BLOCK_TAGS:
                    inside = True
                    break
                anc = anc.getparent()
            if not inside:
                last.pbs.append((el.get("n"), len(last.text)))
    return blocks


def _before(a, b):
    """True if element a starts before element b in document order."""
    return a.sourceline is not None and b.sourceline is not None and (
        (a.sourceline, 0) <= (b.sourceline, 0)) and _doc_index(a) < _doc_index(b)


_INDEX = {}


def _doc_index(el):
    root = el.getroottree()
    key = id(root)
    if key not in _INDEX:
        _INDEX[key] = {id(x): i for i, x in enumerate(root.iter())}
    return _INDEX[key].get(id(el), -1)


_NOTE_TEXT = {}


def note_text(el):
    if id(el) in _NOTE_TEXT:
        return _NOTE_TEXT[id(el)]
    b = Block(el, "note")
    collect(el, b)
    b.finish()
    return b.text


MARKER = re.compile(r"^(\d{1,2}[.)]|[-\u2013\u2014\u2022])\s+")


def ratio(a, b, floor=0.0):
    """Similarity of two normalized strings; a leading list marker ("1.", "-") is ignored."""
    if a == b:
        return 1.0
    a2, b2 = MARKER.sub("", a), MARKER.sub("", b)
    if a2 == b2:
        return 1.0
    sm = difflib.SequenceMatcher(None, a2, b2, autojunk=False)
    if floor and sm.real_quick_ratio() < floor or floor and sm.quick_ratio() < floor:
        return 0.0
    return sm.ratio()


def interval(attrs):
    """Map TEI date attributes to a (start, end) pair of ISO day strings, or None."""
    def lo(v):
        v = str(v)
        if v.startswith("--"):
            return "0000-" + v[2:] + ("-01" if len(v) == 4 else "")
        parts = v.split("-")
        y = parts[0]
        m = parts[1] if len(parts) > 1 else "01"
        d = parts[2] if len(parts) > 2 else "01"
        return f"{int(y):04d}-{m}-{d}"

    def hi(v):
        v = str(v)
        if v.startswith("--"):
            mm = v[2:4]
            dd = v[5:7] if len(v) > 4 else "31"
            return f"0000-{mm}-{dd}"
        parts = v.split("-")
        y = int(parts[0])
        m = int(parts[1]) if len(parts) > 1 else 12
        d = int(parts[2]) if len(parts) > 2 else calendar.monthrange(max(y, 1), m)[1]
        return f"{y:04d}-{m:02d}-{d:02d}"

    try:
        if "when" in attrs:
            return lo(attrs["when"]), hi(attrs["when"])
        a = attrs.get("from") or attrs.get("notBefore")
        b = attrs.get("to") or attrs.get("notAfter")
        if a and b:
            return lo(a), hi(b)
        if a:
            return lo(a), None
        if b:
            return None, hi(b)
    except (ValueError, IndexError):
        return ("bad", str(attrs))
    return None


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def score_excerpt(gold, blocks, verbose=False, source_norms=None):
    gb = gold["blocks"]
    by_prefix = defaultdict(list)
    for b in blocks:
        by_prefix[b.text[:12]].append(b)
    match = {}  # gold block index -> TEI Block
    exact = near = dup = 0
    considered = 0
    misses = []
    last = -1
    gold_norms = [norm(g["text"]) for g in gb]
    for i, g in enumerate(gb):
        if g["kind"] in ("toc", "title"):
            continue  # front-matter layout varies too much to compare as text
        considered += 1
        gt = gold_norms[i]
        cands = by_prefix.get(gt[:12], [])
        pool = cands if cands else blocks
        scored = []
        for b in pool:
            if abs(len(b.text) - len(gt)) > max(40, 0.2 * len(gt)) and g["kind"] != "figure":
                continue
            r = ratio(gt, b.text, 0.9)
            if g["kind"] == "figure" and r < 0.97 and g.get("credit"):
                r = max(r, ratio(gt + f" ({g['credit']})", b.text), ratio(gt + f" {g['credit']}", b.text))
            scored.append((r, b))
        good = [(r, b) for r, b in scored if r >= 0.97]
        if good:
            top = max(r for r, _ in good)
            tops = [b for r, b in good if r == top]
            # prefer the first candidate after the previous match (reading order), else the nearest
            ahead = [b for b in tops if b.index > last]
            best = min(ahead, key=lambda b: b.index) if ahead else min(tops, key=lambda b: abs(b.index - last))
            match[i] = best
            last = best.index
            near += 1
            if best.text == gt or (g["kind"] == "figure" and top == 1.0):
                exact += 1
            twins = sum(1 for t in (source_norms or gold_norms) if ratio(gt, t, 0.97) >= 0.97)
            same_kind = [b for _, b in good if (b.kind == "head") == (g["kind"] == "head")]
            if len(same_kind) > twins:
                dup += 1
        else:
            best_r, best = max(scored, key=lambda x: x[0], default=(0.0, None))
            misses.append((i, round(best_r, 3), gt[:70], best.text[:70] if best else None))
    res = {"blocks": considered, "exact": exact, "near": near, "duplicated": dup}

    # notes
    gn = gold.get("notes", [])
    found = anchored = ncorrect = 0
    note_miss = []
    for n in gn:
        gt = norm(n["text"])
        best, best_r, best_blk, best_off = None, 0.0, None, None
        for b in blocks:
            for el, off in b.notes:
                r = ratio(gt, note_text(el), 0.85)
                if r > best_r:
                    best, best_r, best_blk, best_off = el, r, b, off
        if best_r >= 0.9:
            found += 1
            if str(best.get("n", "")).strip() == str(n["n"]).strip():
                ncorrect += 1
            tb = match.get(n["block"])
            want = norm(n.get("before", ""))[-20:]
            got = best_blk.text[:best_off][-20:] if best_blk is not None else ""
            if tb is best_blk and (want == got or (want and got.endswith(want[-12:]))):
                anchored += 1
            else:
                note_miss.append((n["n"], "anchor", want, got))
        else:
            note_miss.append((n["n"], "missing", gt[:50], round(best_r, 2)))
    res["notes"] = {"gold": len(gn), "found": found, "anchored": anchored, "n_correct": ncorrect}

    # page breaks
    gp = gold.get("pagebreaks", [])
    pfound = pn = 0
    for p in gp:
        tb = match.get(p["block"])
        if tb is None:
            continue
        want = norm(p.get("before", ""))[-15:]
        if not want:
            # a break right before the block: at its start, or at the end of the previous block
            cands = [(n_, off) for n_, off in tb.pbs if off == 0]
            if tb.index > 0:
                prev = blocks[tb.index - 1]
                cands += [(n_, off) for n_, off in prev.pbs if off >= len(prev.text)]
            if cands:
                pfound += 1
                if p.get("n") is not None and str(cands[-1][0]) == str(p["n"]):
                    pn += 1
            continue
        for n_, off in tb.pbs:
            got = tb.text[:off].rstrip()[-15:]
            if want and (got == want.rstrip() or got.endswith(want.rstrip()[-10:])):
                pfound += 1
                if p.get("n") is not None and str(n_) == str(p["n"]):
                    pn += 1
                break
    res["pagebreaks"] = {"gold": len(gp), "found": pfound, "n_correct": pn,
                         "gold_with_n": sum(1 for p in gp if p.get("n") is not None)}

    # entities
    tp = fp = fn = 0
    ltp = lfp = lfn = 0
    per_type = defaultdict(lambda: [0, 0, 0])
    pairs = []  # (gold norm, tei ref, type)
    ent_fp, ent_fn = [], []
    for i, tb in match.items():
        g_ents = [(e["type"], norm(e["text"]), e["norm"]) for e in gold.get("entities", []) if e["block"] == i]
        t_ents = [(t, tb.text[s:e].strip(), r) for t, s, e, r in tb.entities]
        # strict
        remaining = list(t_ents)
        unmatched_g = []
        for gt_, gtext, gnorm in g_ents:
            hit = None
            for k, (tt, ttext, tref) in enumerate(remaining):
                if tt == gt_ and ttext == gtext:
                    hit = k
                    break
            if hit is not None:
                tt, ttext, tref = remaining.pop(hit)
                tp += 1
                per_type[gt_][0] += 1
                pairs.append((gnorm, tref if tref else "text:" + ttext, gt_))
            else:
                fn += 1
                per_type[gt_][2] += 1
                unmatched_g.append((gt_, gtext))
                ent_fn.append((gt_, gtext))
        for tt, ttext, _ in remaining:
            fp += 1
            per_type[tt][1] += 1
            ent_fp.append((tt, ttext))
        # lenient: overlap by containment
        rem = list(t_ents)
        lhit = 0
        for gt_, gtext, _ in g_ents:
            for k, (tt, ttext, _) in enumerate(rem):
                if tt == gt_ and ttext and (ttext in gtext or gtext in ttext):
                    rem.pop(k)
                    lhit += 1
                    break
        ltp += lhit
        lfn += len(g_ents) - lhit
        lfp += len(rem)
    res["entities_strict"] = prf(tp, fp, fn)
    res["entities_lenient"] = prf(ltp, lfp, lfn)
    res["entities_by_type"] = {t: prf(*v) for t, v in sorted(per_type.items())}
    # unmatched gold blocks: their entities are misses too
    missed_block_ents = sum(1 for e in gold.get("entities", []) if e["block"] not in match)
    res["entities_in_unmatched_blocks"] = missed_block_ents
    res["_pairs"] = pairs

    # dates
    dtp = dfp = dfn = 0
    dnorm_ok = dnorm_all = 0
    date_miss = []
    for i, tb in match.items():
        g_d = [(norm(d["text"]), {k: d[k] for k in ("when", "from", "to", "notBefore", "notAfter") if k in d})
               for d in gold.get("dates", []) if d["block"] == i]
        t_d = [(tb.text[s:e].strip(), a) for s, e, a in tb.dates]
        rem = list(t_d)
        for gtext, gattrs in g_d:
            hit = None
            for k, (ttext, tattrs) in enumerate(rem):
                if ttext == gtext:
                    hit = k
                    break
            if hit is None:
                for k, (ttext, tattrs) in enumerate(rem):
                    if ttext and (ttext in gtext or gtext in ttext):
                        hit = k
                        break
                if hit is not None:
                    # lenient text hit: counts for normalization, not for strict text
                    ttext, tattrs = rem.pop(hit)
                    dfn += 1
                    dnorm_all += 1
                    ok = interval(gattrs) == interval(tattrs)
                    dnorm_ok += ok
                    if not ok:
                        date_miss.append(("norm", gtext, gattrs, tattrs))
                    continue
                dfn += 1
                date_miss.append(("missing", gtext, gattrs, None))
                continue
            ttext, tattrs = rem.pop(hit)
            dtp += 1
            dnorm_all += 1
            ok = interval(gattrs) == interval(tattrs)
            dnorm_ok += ok
            if not ok:
                date_miss.append(("norm", gtext, gattrs, tattrs))
        dfp += len(rem)
    res["dates_strict"] = prf(dtp, dfp, dfn)
    res["dates_norm_acc"] = round(dnorm_ok / dnorm_all, 4) if dnorm_all else 0.0
    res["dates_norm"] = [dnorm_ok, dnorm_all]
    if verbose:
        res["_misses"] = {"blocks": misses[:30], "notes": note_miss[:30],
                          "ent_fn": ent_fn[:60], "ent_fp": ent_fp[:60], "dates": date_miss[:40]}
    return res


def pairwise(pairs):
    """Pairwise precision/recall of co-reference decisions among matched mentions."""
    tp = fp = fn = 0
    by_type = defaultdict(list)
    for g, t, ty in pairs:
        by_type[ty].append((g, t))
    for items in by_type.values():
        n = len(items)
        for a in range(n):
            for b in range(a + 1, n):
                same_g = items[a][0] == items[b][0]
                same_t = items[a][1] == items[b][1]
                if same_g and same_t:
                    tp += 1
                elif same_t and not same_g:
                    fp += 1
                elif same_g and not same_t:
                    fn += 1
    return prf(tp, fp, fn)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tei", action="append", required=True)
    ap.add_argument("gold", nargs="+")
    ap.add_argument("--json", help="write the full result as JSON here")
    ap.add_argument("--verbose", action="store_true", help="show misses")
    a = ap.parse_args(argv)

    tei = {}
    for path in a.tei:
        try:
            tei[path] = tei_blocks(path)
        except (etree.XMLSyntaxError, OSError) as e:
            print(f"cannot read {path}: {e}", file=sys.stderr)
            tei[path] = []
    total = Counter()
    all_pairs = []
    results = {}
    sums = defaultdict(lambda: [0, 0, 0])
    golds = [json.load(open(p, encoding="utf-8")) for p in a.gold]
    source_norms = defaultdict(list)
    for g in golds:
        source_norms[g["source"]] += [norm(b["text"]) for b in g["blocks"]]
    for gold in golds:
        # choose the TEI file whose blocks best cover this gold excerpt
        first = next((norm(b["text"]) for b in gold["blocks"] if b["kind"] == "p"), "")
        best_path, best_r = None, -1.0
        for path, blocks in tei.items():
            r = max((ratio(first, b.text) for b in blocks if b.text[:8] == first[:8]), default=0.0)
            if r <= best_r:
                r2 = max((ratio(first[:200], b.text[:200]) for b in blocks), default=0.0) * 0.99
                r = max(r, r2)
            if r > best_r:
                best_path, best_r = path, r
        res = score_excerpt(gold, tei.get(best_path, []), a.verbose, source_norms[gold["source"]])
        res["tei"] = best_path
        all_pairs += [(gold["id"] + "|" + g, t, ty) for g, t, ty in res.pop("_pairs")]
        results[gold["id"]] = res
        for k in ("blocks", "exact", "near", "duplicated"):
            total[k] += res[k]
        for k in ("gold", "found", "anchored", "n_correct"):
            total["notes_" + k] += res["notes"][k]
        for k in ("gold", "found", "n_correct", "gold_with_n"):
            total["pb_" + k] += res["pagebreaks"][k]
        for key in ("entities_strict", "entities_lenient", "dates_strict"):
            for j, f in enumerate(("tp", "fp", "fn")):
                sums[key][j] += res[key][f]
        total["dnorm_ok"] += res["dates_norm"][0]
        total["dnorm_all"] += res["dates_norm"][1]
    # linking is judged within each excerpt's norms but across the whole run for refs:
    # prefix gold norms with nothing so that one entity across excerpts is one cluster
    link = pairwise([(g.split("|", 1)[1], t, ty) for g, t, ty in all_pairs])
    overall = {
        "paragraph_exact": round(total["exact"] / total["blocks"], 4) if total["blocks"] else 0,
        "paragraph_near": round(total["near"] / total["blocks"], 4) if total["blocks"] else 0,
        "duplicated_blocks": total["duplicated"],
        "notes_found": round(total["notes_found"] / total["notes_gold"], 4) if total["notes_gold"] else 0,
        "notes_anchored": round(total["notes_anchored"] / total["notes_gold"], 4) if total["notes_gold"] else 0,
        "notes_n_correct": round(total["notes_n_correct"] / total["notes_gold"], 4) if total["notes_gold"] else 0,
        "pagebreaks_found": round(total["pb_found"] / total["pb_gold"], 4) if total["pb_gold"] else 0,
        "pagebreaks_n_correct": round(total["pb_n_correct"] / total["pb_gold_with_n"], 4) if total["pb_gold_with_n"] else 0,
        "entities_strict": prf(*sums["entities_strict"]),
        "entities_lenient": prf(*sums["entities_lenient"]),
        "linking_pairwise": link,
        "dates_strict": prf(*sums["dates_strict"]),
        "dates_norm_acc": round(total["dnorm_ok"] / total["dnorm_all"], 4) if total["dnorm_all"] else 0,
    }
    out = {"excerpts": results, "overall": overall}
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(out, f, ensure_ascii=False, indent=2)
    for gid, r in results.items():
        print(f"{gid:14s} blocks {r['near']}/{r['blocks']} (exact {r['exact']}, dup {r['duplicated']})  "
              f"notes {r['notes']['anchored']}/{r['notes']['gold']}  "
              f"pb {r['pagebreaks']['found']}/{r['pagebreaks']['gold']}  "
              f"ent F1 {r['entities_strict']['f1']:.3f} (len {r['entities_lenient']['f1']:.3f})  "
              f"dates F1 {r['dates_strict']['f1']:.3f} norm {r['dates_norm_acc']:.3f}")
        if a.verbose:
            print(json.dumps(r.get("_misses", {}), ensure_ascii=False, indent=1)[:6000])
    o = overall
    print(f"OVERALL paragraphs near {o['paragraph_near']:.3f} exact {o['paragraph_exact']:.3f} dup {o['duplicated_blocks']} | "
          f"notes found {o['notes_found']:.3f} anchored {o['notes_anchored']:.3f} n {o['notes_n_correct']:.3f} | "
          f"pb found {o['pagebreaks_found']:.3f} n {o['pagebreaks_n_correct']:.3f} | "
          f"entities F1 {o['entities_strict']['f1']:.3f} lenient {o['entities_lenient']['f1']:.3f} "
          f"linking F1 {o['linking_pairwise']['f1']:.3f} | dates F1 {o['dates_strict']['f1']:.3f} "
          f"norm {o['dates_norm_acc']:.3f}")
    return out


if __name__ == "__main__":
    main()
