/* The editor's desk: actions of the review queue, the text view and the registers view.
   Every action is one POST to /api/... (JSON, with the page's CSRF token); the server records
   it in curation/ and rebuilds; the status line shows the rebuild's progress. */
"use strict";

const csrf = document.querySelector('meta[name="csrf-token"]').content;
const statusEl = document.getElementById("status");
const undoButton = document.getElementById("undo");
const toast = document.getElementById("toast");
let lastUndo = null;
let polling = null;

async function api(url, data) {
  const response = await fetch(url, {
    method: "POST", credentials: "same-origin",
    headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
    body: JSON.stringify(data || {}),
  });
  let body = {};
  try { body = await response.json(); } catch (e) { body = {error: response.statusText}; }
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function say(message, isError) {
  toast.textContent = message;
  toast.hidden = false;
  toast.classList.toggle("error", !!isError);
  clearTimeout(say.timer);
  say.timer = setTimeout(() => { toast.hidden = true; }, isError ? 8000 : 4000);
}

function showStatus(s) {
  let text;
  if (s.state === "error") text = "Rebuild failed: " + s.message;
  else if (s.wanted > s.page) text = (s.message || "Rebuilding") + "…";
  else if (s.full < s.page) text = "Text pages up to date (rebuilt in " + s.seconds + " s); register pages being rebuilt…";
  else if (s.pdf_state === "pdf" || s.pdf_state === "queued") text = "Pages up to date (rebuilt in " + s.seconds + " s); PDF being rebuilt…";
  else text = s.page ? "Edition up to date (rebuilt in " + s.seconds + " s)." : "Edition up to date.";
  statusEl.textContent = text;
  statusEl.dataset.page = s.page;
  statusEl.dataset.wanted = s.wanted;
  statusEl.dataset.state = s.state;
  return s.wanted > s.page || s.full < s.page || s.pdf_state === "pdf" || s.pdf_state === "queued";
}

async function poll() {
  if (polling) return;
  polling = true;
  try {
    for (;;) {
      const r = await fetch("/api/status", {credentials: "same-origin"});
      const busy = showStatus(await r.json());
      if (!busy) break;
      await new Promise((res) => setTimeout(res, 400));
    }
  } catch (e) { /* the next action polls again */ }
  polling = null;
}

function recorded(result, where) {
  lastUndo = result.undo;
  undoButton.hidden = false;
  const warn = (result.warnings || []).join("; ");
  const message = "Recorded: " + result.recorded + (warn ? " (warning: " + warn + ")" : "");
  if (where) where.textContent = message;
  say(message, false);
  poll();
}

async function undo() {
  if (!lastUndo) return;
  const id = lastUndo;
  try {
    const result = await api("/api/undo", {undo: id});
    lastUndo = null;
    undoButton.hidden = true;
    say("Undone: " + result.undone, false);
    document.querySelectorAll('.decided[data-undo="' + id + '"]').forEach((el) => {
      el.classList.remove("decided");
      const done = el.querySelector(".done");
      if (done) done.textContent = "Undone.";
    });
    poll();
  } catch (e) { say(e.message, true); }
}
undoButton.addEventListener("click", undo);

/* ------------------------------------------------------------ register search (combobox) */

function setupSearch(container, typeFor) {
  const input = container.querySelector('[data-role="search"]');
  const list = container.querySelector(".results");
  if (!input) return;
  let timer = null;
  let active = -1;
  const options = () => Array.from(list.querySelectorAll('[role="option"]'));
  function mark(i) {
    const opts = options();
    opts.forEach((o, j) => o.setAttribute("aria-selected", j === i ? "true" : "false"));
    active = i;
    if (opts[i]) input.setAttribute("aria-activedescendant", opts[i].id);
  }
  function choose(opt) {
    input.value = opt.dataset.name;
    input.dataset.ref = opt.dataset.id;
    list.innerHTML = "";
    input.setAttribute("aria-expanded", "false");
  }
  input.addEventListener("input", () => {
    delete input.dataset.ref;
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = input.value.trim();
      if (!q) { list.innerHTML = ""; return; }
      const type = typeFor ? typeFor() : "";
      const r = await fetch("/api/entries?q=" + encodeURIComponent(q) + (type ? "&type=" + type : ""),
                            {credentials: "same-origin"});
      const data = await r.json();
      list.innerHTML = "";
      (data.entries || []).forEach((e, i) => {
        const li = document.createElement("li");
        li.setAttribute("role", "option");
        li.id = list.id + "-" + i;
        li.dataset.id = e.id;
        li.dataset.name = e.name;
        li.textContent = e.name + " (" + e.type + ", " + e.count + ") " + e.id;
        li.addEventListener("mousedown", (ev) => { ev.preventDefault(); choose(li); });
        list.appendChild(li);
      });
      input.setAttribute("aria-expanded", data.entries && data.entries.length ? "true" : "false");
      mark(data.entries && data.entries.length ? 0 : -1);
    }, 120);
  });
  input.addEventListener("keydown", (ev) => {
    const opts = options();
    if (ev.key === "ArrowDown" && opts.length) { mark(Math.min(active + 1, opts.length - 1)); ev.preventDefault(); }
    else if (ev.key === "ArrowUp" && opts.length) { mark(Math.max(active - 1, 0)); ev.preventDefault(); }
    else if (ev.key === "Enter") {
      ev.preventDefault();
      if (opts[active]) { choose(opts[active]); return; }  /* first Enter chooses, the next one links */
      const act = container.closest(".item, .panel").querySelector('[data-act="relink"]');
      if (input.dataset.ref && act) act.click();
    } else if (ev.key === "Escape") { list.innerHTML = ""; input.setAttribute("aria-expanded", "false"); }
  });
}

/* ------------------------------------------------------------ mention actions (queue and text view) */

async function decide(target, act, box, doneEl) {
  const data = {doc: target.doc, unit: +target.unit, start: +target.start, end: +target.end};
  const typeSel = box.querySelector('[data-role="type"]');
  const search = box.querySelector('[data-role="search"]');
  const whenInput = box.querySelector('[data-role="when"]');
  if (act === "accept" || act === "reject") data.action = act;
  else if (act === "retype") {
    data.action = "retype"; data.type = typeSel.value;
    if (data.type === "date") data.when = (whenInput && whenInput.value.trim()) || "";
  } else if (act === "add") {
    data.action = "add";
    const btn = box.querySelector('[data-act="add"]');
    if (btn && btn.dataset.ref) data.ref = btn.dataset.ref;
    else if (search && search.dataset.ref) data.ref = search.dataset.ref;
    else data.type = typeSel.value;
    if (data.type === "date") data.when = (whenInput && whenInput.value.trim()) || "";
  } else if (act === "relink") {
    if (!search.dataset.ref) { search.focus(); say("Choose an entry in the search list first.", true); return null; }
    data.action = target.missed ? "add" : "relink"; data.ref = search.dataset.ref;
  } else if (act === "create") {
    const name = (search && search.value.trim()) || prompt("Headword of the new entry (e.g. «Карахан, Лев Михайлович»):", target.surface || "");
    if (!name) return null;
    data.action = target.missed ? "add" : (typeSel.value === target.type ? "relink" : "retype");
    data.type = typeSel.value === "date" ? target.type : typeSel.value;
    data.new_name = name;
  }
  try {
    const result = await api("/api/decide", data);
    recorded(result, doneEl);
    return result;
  } catch (e) { say(e.message, true); return null; }
}

/* ------------------------------------------------------------ review queue */

function setupQueue() {
  const items = Array.from(document.querySelectorAll(".queue .item"));
  items.forEach((item) => {
    setupSearch(item.querySelector(".search"), () => item.querySelector('[data-role="type"]').value);
    item.querySelectorAll("[data-act]").forEach((button) => {
      button.addEventListener("click", () => act(item, button.dataset.act));
    });
  });
  async function act(item, name) {
    const target = {doc: item.dataset.doc, unit: item.dataset.unit, start: item.dataset.start,
                    end: item.dataset.end, type: item.dataset.type, missed: item.dataset.missed === "true",
                    surface: item.querySelector(".ctx mark").textContent};
    const result = await decide(target, name, item, item.querySelector(".done"));
    if (result) {
      item.classList.add("decided");
      item.dataset.undo = result.undo;
      const next = items[items.indexOf(item) + 1];
      if (next) next.focus();
    }
  }
  function current() {
    const el = document.activeElement && document.activeElement.closest(".item");
    return el || null;
  }
  document.addEventListener("keydown", (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const tag = (ev.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") return;
    const item = current();
    const i = item ? items.indexOf(item) : -1;
    const k = ev.key;
    if (k === "j") { (items[i + 1] || items[0]).focus(); ev.preventDefault(); }
    else if (k === "k") { (items[Math.max(i - 1, 0)] || items[0]).focus(); ev.preventDefault(); }
    else if (k === "u") { undo(); ev.preventDefault(); }
    else if (!item) return;
    else if (k === "a") { act(item, item.dataset.missed === "true" ? "add" : "accept"); ev.preventDefault(); }
    else if (k === "r" && item.dataset.missed !== "true") { act(item, "reject"); ev.preventDefault(); }
    else if (k === "t") { item.querySelector('[data-role="type"]').focus(); ev.preventDefault(); }
    else if (k === "l") { item.querySelector('[data-role="search"]').focus(); ev.preventDefault(); }
    else if (k === "n") { act(item, "create"); ev.preventDefault(); }
  });
  /* in the type list, Enter changes the type */
  items.forEach((item) => {
    item.querySelector('[data-role="type"]').addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") { act(item, "retype"); ev.preventDefault(); }
    });
  });
  if (items[0]) items[0].focus();
}

/* ------------------------------------------------------------ text view */

function offsetIn(node, offset) {
  /* (unit, offset in the unit's text) of a DOM position inside the text */
  let el = node.nodeType === 3 ? node.parentElement : node;
  if (node.nodeType !== 3) {
    const child = node.childNodes[offset] || node.childNodes[offset - 1];
    if (child) { el = child.nodeType === 3 ? child.parentElement : child; offset = node.childNodes[offset] ? 0 : (child.textContent || "").length; }
  }
  const piece = el && el.closest("[data-o]");
  const unit = el && el.closest("[data-unit]");
  if (!piece || !unit) return null;
  return {unit: unit.dataset.unit, offset: +piece.dataset.o + offset};
}

function setupText() {
  const text = document.getElementById("text");
  const panel = document.getElementById("panel");
  const doc = text.dataset.doc;
  let target = null;
  setupSearch(panel.querySelector(".search"), () => {
    const t = document.getElementById("panel-type").value;
    return t === "date" ? "" : t;
  });
  const select = document.getElementById("chapter-select");
  select.addEventListener("change", () => { location.href = "/text/" + doc + "?chapter=" + select.value; });
  function open(t, label, isTag) {
    target = t;
    document.getElementById("panel-target").textContent = label;
    document.getElementById("panel-tag-actions").hidden = !isTag;
    document.getElementById("panel-retype").hidden = !isTag;
    document.getElementById("panel-add").hidden = isTag;
    document.getElementById("panel-type").value = t.type || "person";
    document.getElementById("panel-when").value = t.when || "";
    panel.hidden = false;
    panel.querySelector(isTag ? '[data-act="accept"]' : '[data-act="add"]').focus();
  }
  function close() { panel.hidden = true; target = null; }
  document.getElementById("panel-close").addEventListener("click", close);
  document.addEventListener("keydown", (ev) => { if (ev.key === "Escape" && !panel.hidden) close(); });
  function openTag(mark) {
    const unit = mark.closest("[data-unit]").dataset.unit;
    open({doc: doc, unit: unit, start: mark.dataset.s, end: mark.dataset.e, type: mark.dataset.type,
          when: mark.dataset.when || "", surface: mark.textContent},
         "«" + mark.textContent + "»: " + mark.dataset.type + " " + (mark.dataset.ref || mark.dataset.when || ""), true);
  }
  text.addEventListener("click", (ev) => {
    const mark = ev.target.closest("mark.ent");
    if (mark && window.getSelection().isCollapsed) openTag(mark);
  });
  text.addEventListener("keydown", (ev) => {
    const mark = ev.target.closest && ev.target.closest("mark.ent");
    if (mark && (ev.key === "Enter" || ev.key === " ")) { openTag(mark); ev.preventDefault(); }
  });
  text.addEventListener("mouseup", () => {
    const sel = window.getSelection();
    if (sel.isCollapsed || !sel.rangeCount) return;
    const range = sel.getRangeAt(0);
    const a = offsetIn(range.startContainer, range.startOffset);
    const b = offsetIn(range.endContainer, range.endOffset);
    if (!a || !b || a.unit !== b.unit || b.offset <= a.offset) { say("Select words inside one paragraph.", true); return; }
    open({doc: doc, unit: a.unit, start: a.offset, end: b.offset, type: "person", missed: true,
          surface: sel.toString()}, "Selection: «" + sel.toString().trim() + "»", false);
  });
  panel.querySelectorAll("[data-act]").forEach((button) => {
    button.addEventListener("click", async () => {
      if (!target) return;
      const result = await decide(target, button.dataset.act, panel, null);
      if (result) {
        close();
        await waitFor(result.generation);
        location.reload();
      }
    });
  });
}

async function waitFor(generation) {
  for (let i = 0; i < 300; i++) {
    const r = await fetch("/api/status", {credentials: "same-origin"});
    const s = await r.json();
    showStatus(s);
    if (s.page >= generation || s.state === "error") return s;
    await new Promise((res) => setTimeout(res, 300));
  }
  return null;
}

/* ------------------------------------------------------------ registers view */

function setupRegisters() {
  document.querySelectorAll(".suggestion").forEach((li) => {
    li.querySelectorAll("[data-act]").forEach((button) => {
      button.addEventListener("click", async () => {
        const url = button.dataset.act === "merge" ? "/api/merge" : "/api/distinct";
        try {
          const result = await api(url, {from: li.dataset.from, into: li.dataset.into});
          li.classList.add("decided");
          recorded(result, li.querySelector(".done"));
        } catch (e) { say(e.message, true); }
      });
    });
  });
  document.querySelectorAll(".entry-form").forEach((form) => {
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const data = {id: form.dataset.id};
      new FormData(form).forEach((v, k) => { data[k] = v; });
      try { recorded(await api("/api/entry", data), null); } catch (e) { say(e.message, true); }
    });
  });
}

document.addEventListener("keydown", (ev) => {
  const tag = (ev.target.tagName || "").toLowerCase();
  if (ev.key === "u" && document.body.dataset.view !== "queue" && !["input", "textarea", "select"].includes(tag)
      && !ev.ctrlKey && !ev.metaKey && !ev.altKey) undo();
});

const view = document.body.dataset.view;
if (view === "queue") setupQueue();
else if (view === "text") setupText();
else if (view === "registers") setupRegisters();
poll();
