/* The reading edition's enhancements. Everything works without this script (links to the
   notes list and back, permalinks, marked entities); it adds: notes opened in place, a
   "cite this" line for paragraphs, and switches for the marking of entities and dates.
   No network requests; localStorage only to remember the switches. */
(function () {
  "use strict";

  function text(el) { return (el.textContent || "").replace(/\s+/g, " ").trim(); }

  /* ------------------------------------------------------------ notes in place */
  var openPop = null;

  function closeNote(returnFocus) {
    if (!openPop) return;
    var pop = openPop.pop, ref = openPop.ref;
    pop.remove();
    ref.setAttribute("aria-expanded", "false");
    openPop = null;
    if (returnFocus) ref.focus();
  }

  function openNote(ref) {
    var id = decodeURIComponent(ref.getAttribute("href").slice(1));
    var note = document.getElementById(id);
    if (!note) return false;
    closeNote(false);
    var body = note.querySelector(".footnote-body");
    var pop = document.createElement("div");
    pop.className = "note-popover";
    pop.setAttribute("role", "dialog");
    pop.setAttribute("aria-label", ref.getAttribute("aria-label") || "{{L:note}}");
    pop.tabIndex = -1;
    var clone = body.cloneNode(true);
    clone.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
    pop.appendChild(clone);
    var link = document.createElement("a");
    link.className = "note-popover-link";
    link.href = "#" + id;
    link.textContent = "{{L:js-open-in-notes}}";
    link.addEventListener("click", function () { closeNote(false); });
    pop.appendChild(link);
    var close = document.createElement("button");
    close.type = "button";
    close.className = "note-popover-close";
    close.setAttribute("aria-label", "{{L:js-close-note}}");
    close.textContent = "×";
    close.addEventListener("click", function () { closeNote(true); });
    pop.appendChild(close);
    document.body.appendChild(pop);
    var r = ref.getBoundingClientRect();
    var width = pop.offsetWidth;
    var left = Math.max(8, Math.min(window.scrollX + r.left - 20, window.scrollX + document.documentElement.clientWidth - width - 8));
    pop.style.left = left + "px";
    pop.style.top = (window.scrollY + r.bottom + 6) + "px";
    ref.setAttribute("aria-expanded", "true");
    openPop = { pop: pop, ref: ref };
    pop.focus();
    return true;
  }

  document.addEventListener("click", function (ev) {
    var ref = ev.target.closest && ev.target.closest("a.noteref");
    if (ref) {
      if (ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
      if (openPop && openPop.ref === ref) { ev.preventDefault(); closeNote(true); return; }
      if (openNote(ref)) ev.preventDefault();
      return;
    }
    if (openPop && !openPop.pop.contains(ev.target)) closeNote(false);
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && openPop) { ev.preventDefault(); closeNote(true); }
  });

  /* ------------------------------------------------------------ cite this */
  /* A reference a scholar can paste (after GOST R 7.0.100): author, title, the edition, the
     page in the source's page system, the stable URL when the edition has a configured base
     URL (never this browser's file:// or host address), the date of access. */
  function sentence(s) { s = s.trim(); return /[.!?…]$/.test(s) ? s : s + "."; }
  function citation(block) {
    var main = document.querySelector("main[data-cite-title]");
    if (!main) return null;
    var base = main.getAttribute("data-cite-url");
    var url = base ? base + "#" + block.id : "";
    var author = main.getAttribute("data-cite-author");
    var date = main.getAttribute("data-cite-date");
    var title = main.getAttribute("data-cite-title") + (date ? ", " + date : "");
    var line = (author ? sentence(author) + " " : "") + title + " // " + sentence(main.getAttribute("data-cite-edition"));
    var page = block.getAttribute("data-page");
    if (page) line += " — {{L:js-cite-page}} " + page + " " + main.getAttribute("data-cite-pages") + ".";
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var access = pad(now.getDate()) + "." + pad(now.getMonth() + 1) + "." + now.getFullYear();
    line += url ? " — URL: " + url + " ({{L:js-accessed-lower}}: " + access + ")." : " — {{L:js-accessed}}: " + access + ".";
    return { line: line, url: url };
  }

  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a.permalink");
    if (!a) return;
    var block = a.parentElement.closest("[id]");
    if (!block || block.tagName === "FIGCAPTION") return;
    var c = citation(block);
    if (!c) return;
    ev.preventDefault();
    history.replaceState(null, "", "#" + block.id);
    var old = document.querySelector(".cite-box");
    if (old) { var same = old.getAttribute("data-for") === block.id; old.remove(); if (same) return; }
    var box = document.createElement("span");
    box.className = "cite-box";
    box.setAttribute("data-for", block.id);
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "{{L:js-how-to-cite}}");
    var p = document.createElement("span");
    p.style.display = "block";
    p.textContent = c.line;
    box.appendChild(p);
    var copy = document.createElement("button");
    copy.type = "button";
    copy.textContent = "{{L:js-copy}}";
    copy.addEventListener("click", function () {
      if (navigator.clipboard) navigator.clipboard.writeText(c.line).then(function () { copy.textContent = "{{L:js-copied}}"; }, function () {});
    });
    box.appendChild(copy);
    block.appendChild(box);
    copy.focus();
  });

  /* ------------------------------------------------------------ entity switches */
  var KINDS = ["person", "place", "org", "date"];
  function stored(kind) { try { return localStorage.getItem("tei-edition-hide-" + kind) === "1"; } catch (e) { return false; } }
  function store(kind, hide) { try { localStorage.setItem("tei-edition-hide-" + kind, hide ? "1" : "0"); } catch (e) { /* file:// may forbid it */ } }
  KINDS.forEach(function (k) { if (stored(k)) document.body.classList.add("hide-" + k); });
  var marked = document.querySelector("main .ent, main .date");
  document.querySelectorAll("form.ent-toggles").forEach(function (form) {
    form.hidden = !marked;
    KINDS.forEach(function (k) {
      var box = form.elements[k];
      if (!box) return;
      box.checked = !stored(k);
      box.addEventListener("change", function () {
        document.body.classList.toggle("hide-" + k, !box.checked);
        store(k, !box.checked);
      });
    });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  });

  /* ------------------------------------------------------------ names and the keyboard */
  /* Names are out of the Tab order (tabindex="-1" in the HTML): N / Shift+N move to the next /
     previous name after the focus; the "tab" switch puts every name back in the Tab order. */
  function names() { return Array.prototype.slice.call(document.querySelectorAll("main a.ent")); }
  function setTabbable(on) {
    names().forEach(function (a) { if (on) a.removeAttribute("tabindex"); else a.setAttribute("tabindex", "-1"); });
  }
  var tabOn = false;
  try { tabOn = localStorage.getItem("tei-edition-names-tab") === "1"; } catch (e) { /* file:// */ }
  setTabbable(tabOn);
  document.querySelectorAll("form.ent-toggles").forEach(function (form) {
    var box = form.elements.tab;
    if (!box) return;
    box.checked = tabOn;
    box.addEventListener("change", function () {
      setTabbable(box.checked);
      try { localStorage.setItem("tei-edition-names-tab", box.checked ? "1" : "0"); } catch (e) { /* file:// */ }
    });
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "n" && ev.key !== "N" && ev.key !== "т" && ev.key !== "Т") return;
    if (ev.ctrlKey || ev.altKey || ev.metaKey) return;
    var t = ev.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var list = names().filter(function (a) { return a.offsetParent !== null; });
    if (!list.length) return;
    var back = ev.shiftKey, cur = document.activeElement, k;
    var from = cur && cur !== document.body ? cur : null;
    if (back) {
      for (k = list.length - 1; k >= 0; k--) if (!from || (from.compareDocumentPosition(list[k]) & Node.DOCUMENT_POSITION_PRECEDING)) break;
    } else {
      for (k = 0; k < list.length; k++) if (!from || (from.compareDocumentPosition(list[k]) & Node.DOCUMENT_POSITION_FOLLOWING)) break;
    }
    if (k < 0 || k >= list.length) return;
    ev.preventDefault();
    list[k].focus();
  });

  /* ------------------------------------------------------------ phone menu */
  var menu = document.querySelector(".menu-button");
  var side = document.getElementById("sidebar");
  if (menu && side) {
    menu.hidden = false;
    menu.addEventListener("click", function () {
      var open = menu.getAttribute("aria-expanded") !== "true";
      menu.setAttribute("aria-expanded", open ? "true" : "false");
      document.body.classList.toggle("menu-open", open);
      if (open) { var first = side.querySelector("a, input, button"); if (first) first.focus(); }
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && document.body.classList.contains("menu-open")) {
        document.body.classList.remove("menu-open");
        menu.setAttribute("aria-expanded", "false");
        menu.focus();
      }
    });
    side.addEventListener("click", function (ev) {
      if (ev.target.closest && ev.target.closest("a[href]") && document.body.classList.contains("menu-open")) {
        document.body.classList.remove("menu-open");
        menu.setAttribute("aria-expanded", "false");
      }
    });
  }

  /* ------------------------------------------------------------ hyphenation */
  /* Justified text only where the browser can hyphenate the page's language (Chromium on
     Linux has no dictionaries): a long word in a narrow box with hyphens:auto either breaks
     or overflows. Without the class the text is ragged-right. */
  (function () {
    var probe = document.createElement("div");
    probe.lang = document.documentElement.lang || "ru";
    probe.style.cssText = "position:absolute;visibility:hidden;width:4em;hyphens:auto;-webkit-hyphens:auto;font-size:16px;white-space:normal;overflow:hidden";
    probe.textContent = "{{L:hyphen-probe}}";
    document.body.appendChild(probe);
    if (probe.scrollWidth <= probe.clientWidth + 1) document.documentElement.classList.add("can-hyphenate");
    probe.remove();
  })();

  /* ------------------------------------------------------------ registers: open the entry's mentions when targeted */
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el) {
      var d = el.querySelector("details") || el.closest("details");
      if (d) d.open = true;
    }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
