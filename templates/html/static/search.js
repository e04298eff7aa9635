/* Search across the texts, in the browser, over the index built at build time
   (static/search-index.js sets window.TEI_SEARCH). Each query word is matched by lemma:
   a surface form of the texts, or a lemma itself, or - for forms the texts lack - by stem. */
(function () {
  "use strict";
  var IDX = window.TEI_SEARCH;
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var input = document.getElementById("q");
  if (!IDX || !list) { if (status) status.textContent = "{{L:js-no-index}}"; return; }
  // letters and digits of any script, hyphenated compounds whole (as the index was built)
  var WORD = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;
  var lemmaIndex = {};
  IDX.lemmas.forEach(function (l, i) { lemmaIndex[l] = i; });
  var MAX = 200;

  function norm(w) { return w.toLowerCase().replace(/ё/g, "е"); }

  function lemmasFor(word) {
    var w = norm(word);
    if (IDX.forms[w]) return IDX.forms[w].slice();
    if (w in lemmaIndex) return [lemmaIndex[w]];
    // a form the texts do not contain: try lemmas sharing its stem
    var out = [];
    for (var cut = 1; cut <= 3 && out.length === 0; cut++) {
      var stem = w.slice(0, w.length - cut);
      if (stem.length < 4) break;
      IDX.lemmas.forEach(function (l, i) { if (l.indexOf(stem) === 0) out.push(i); });
    }
    return out;
  }

  function escapeHtml(s) {
    return s.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }

  function snippet(text, wanted) {
    var hits = [], m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text)) !== null) {
      var ls = IDX.forms[norm(m[0])] || [];
      for (var k = 0; k < ls.length; k++) if (wanted[ls[k]]) { hits.push([m.index, m.index + m[0].length]); break; }
    }
    var start = 0, end = text.length;
    if (hits.length && text.length > 260) {
      start = Math.max(0, hits[0][0] - 100);
      end = Math.min(text.length, start + 260);
      var sp = text.lastIndexOf(" ", start); if (start > 0 && sp > 0) start = sp + 1;
    }
    var out = start > 0 ? "…" : "", pos = start;
    hits.forEach(function (h) {
      if (h[0] < start || h[1] > end) return;
      out += escapeHtml(text.slice(pos, h[0])) + "<mark>" + escapeHtml(text.slice(h[0], h[1])) + "</mark>";
      pos = h[1];
    });
    out += escapeHtml(text.slice(pos, end)) + (end < text.length ? "…" : "");
    return out;
  }

  function run(query) {
    list.innerHTML = "";
    var words = (query.match(WORD) || []);
    if (!words.length) { status.textContent = ""; return; }
    var sets = words.map(lemmasFor);
    if (sets.some(function (s) { return s.length === 0; })) {
      status.textContent = "{{L:js-nothing-before}}" + query + "{{L:js-nothing-after}}";
      return;
    }
    var wanted = {};
    sets.forEach(function (s) { s.forEach(function (l) { wanted[l] = true; }); });
    // records holding every query word (any of its lemmas)
    var result = null;
    sets.forEach(function (s) {
      var recs = {};
      s.forEach(function (l) { IDX.postings[l].forEach(function (r) { recs[r] = true; }); });
      if (result === null) result = recs;
      else Object.keys(result).forEach(function (r) { if (!recs[r]) delete result[r]; });
    });
    var ids = Object.keys(result).map(Number).sort(function (a, b) { return a - b; });
    status.textContent = ids.length ? "{{L:js-found}} " + ids.length + (ids.length > MAX ? " ({{L:js-shown-first}} " + MAX + ")" : "") + "."
                                    : "{{L:js-nothing-before}}" + query + "{{L:js-nothing-after}}";
    ids.slice(0, MAX).forEach(function (i) {
      var r = IDX.records[i]; // [text_id, href, page, kind, label, text]
      var li = document.createElement("li");
      var where = [IDX.texts[r[0]] || r[0]];
      if (r[4]) where.push(r[4]);
      if (r[2]) where.push("{{L:page}} " + r[2]);
      li.innerHTML = '<a href="' + escapeHtml(r[1]) + '">' + snippet(r[5], wanted) + '</a>' +
        '<br><span class="where">' + escapeHtml(where.join(", ")) + "</span>";
      list.appendChild(li);
    });
  }

  var params = new URLSearchParams(location.search);
  var q = params.get("q") || "";
  input.value = q;
  if (q) run(q);
  document.querySelector(".search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var value = input.value;
    try { history.replaceState(null, "", "?q=" + encodeURIComponent(value)); } catch (e) { /* file:// */ }
    run(value);
  });
})();
