// Qantara review page: plain JavaScript, no dependencies, no build step.
"use strict";

const token = new URLSearchParams(location.search).get("token") || "";
const RTL = new Set(["ar", "fa", "ur", "ps", "he", "yi", "ckb", "ug", "sd", "dv"]);
const STATUS = ["unreviewed", "approved", "rejected", "unaligned"];
const ROW_HEIGHT = 72;
const BUFFER = 12;

const state = {
  summary: null,
  revision: 0,
  index: { ids: [], status: [], confidence: [], flags: [] },
  cache: new Map(),
  pending: new Set(),
  filter: "all",
  view: [],
  selected: 0,
  editing: null,
  queue: Promise.resolve(),
  firstScreen: false,
};

const $ = (selector) => document.querySelector(selector);
const viewport = $("#viewport");
const rowsElement = $("#rows");

// ---- server ----

async function api(path, options = {}) {
  const headers = Object.assign({ "X-Qantara-Token": token }, options.body ? { "Content-Type": "application/json" } : {});
  const response = await fetch(path, Object.assign({}, options, { headers }));
  let body = null;
  try { body = await response.json(); } catch (error) { body = null; }
  return { status: response.status, body };
}

function setSaved(stateName, text) {
  const element = $("#saved");
  element.dataset.state = stateName;
  element.dataset.revision = String(state.revision);
  element.textContent = text;
}

// `resume`: select the pair the reviewer had selected last time (the session remembers it).
async function loadAll(resume) {
  const [summary, index] = await Promise.all([api("/api/session"), api("/api/index")]);
  if (summary.status !== 200 || index.status !== 200) {
    setSaved("error", (summary.body && summary.body.error) || "cannot load the session");
    return;
  }
  state.summary = summary.body;
  state.index = index.body;
  state.revision = index.body.revision;
  state.cache.clear();
  $("#file").textContent = state.summary.input + " → " + state.summary.session;
  updateUndo(state.summary.canUndo, state.summary.canRedo);
  if (resume && state.summary.cursor != null) {
    const position = state.index.ids.indexOf(state.summary.cursor);
    if (position >= 0) state.selected = position;
  }
  rebuildView(true);
  setSaved("saved", "saved · revision " + state.revision);
}

async function reloadIndex() {
  const index = await api("/api/index");
  if (index.status === 200) {
    state.index = index.body;
    rebuildView(false);
  }
}

// Operations run one after another, each based on the revision the previous one returned.
function send(operation) {
  state.queue = state.queue.then(() => perform(operation)).catch((error) => setSaved("error", "not saved: " + error));
  return state.queue;
}

async function perform(operation) {
  setSaved("saving", "saving…");
  const { status, body } = await api("/api/ops", {
    method: "POST",
    body: JSON.stringify(Object.assign({}, operation, { revision: state.revision })),
  });
  if (status === 200) {
    state.revision = body.revision;
    applyChange(body);
    setSaved("saved", "saved · revision " + state.revision);
    await afterChange(body);
  } else if (status === 409) {
    await loadAll();
    setSaved("conflict", "changed elsewhere (another tab?): reloaded at revision " + state.revision + "; repeat the operation");
  } else {
    setSaved("error", "not done: " + ((body && body.error) || "HTTP " + status));
  }
}

function applyChange(change) {
  for (const id of change.removed) state.cache.delete(id);
  for (const pair of change.pairs) state.cache.set(pair.id, pair);
  updateUndo(change.canUndo, change.canRedo);
}

async function afterChange(change) {
  const position = new Map(state.index.ids.map((id, i) => [id, i]));
  const structural = change.removed.length > 0 || change.pairs.some((pair) => !position.has(pair.id));
  if (structural) {
    await reloadIndex();
    return;
  }
  for (const pair of change.pairs) {
    const i = position.get(pair.id);
    state.index.status[i] = STATUS.indexOf(pair.status);
    state.index.confidence[i] = pair.confidence == null ? -1 : pair.confidence;
    state.index.flags[i] = pair.flags;
  }
  rebuildView(false);
}

function updateUndo(canUndo, canRedo) {
  $("#undo").disabled = !canUndo;
  $("#redo").disabled = !canRedo;
}

async function fetchMissing(ids) {
  const wanted = ids.filter((id) => !state.cache.has(id) && !state.pending.has(id));
  if (wanted.length === 0) return;
  wanted.forEach((id) => state.pending.add(id));
  const { status, body } = await api("/api/pairs?ids=" + wanted.join(","));
  wanted.forEach((id) => state.pending.delete(id));
  if (status !== 200) return;
  for (const pair of body.pairs) state.cache.set(pair.id, pair);
  render();
}

// ---- filters and counters ----

function isLow(i) {
  const confidence = state.index.confidence[i];
  return confidence >= 0 && confidence < state.summary.lowConfidenceThreshold;
}

function matches(i, filter) {
  switch (filter) {
    case "low": return isLow(i);
    case "flagged": return state.index.flags[i] !== 0;
    case "unreviewed": return state.index.status[i] === 0;
    default: return true;
  }
}

function rebuildView(scrollToSelection) {
  const selectedID = currentID();
  const view = [];
  for (let i = 0; i < state.index.ids.length; i++) if (matches(i, state.filter)) view.push(i);
  state.view = view;
  const keep = view.findIndex((i) => state.index.ids[i] === selectedID);
  if (keep >= 0) state.selected = keep;
  state.selected = Math.max(0, Math.min(state.selected, view.length - 1));
  updateCounters();
  render();
  if (scrollToSelection) reveal();
}

function updateCounters() {
  const counts = { all: state.index.ids.length, low: 0, flagged: 0, unreviewed: 0 };
  const byStatus = [0, 0, 0, 0];
  for (let i = 0; i < state.index.ids.length; i++) {
    byStatus[state.index.status[i]]++;
    if (isLow(i)) counts.low++;
    if (state.index.flags[i] !== 0) counts.flagged++;
  }
  counts.unreviewed = byStatus[0];
  for (const [name, value] of Object.entries(counts)) $(`[data-count="${name}"]`).textContent = "(" + value + ")";
  $("#counters").textContent = STATUS.map((name, i) => name + " " + byStatus[i]).join(" · ");
}

function setFilter(filter) {
  state.filter = filter;
  document.querySelectorAll("#filters button").forEach((b) => b.classList.toggle("active", b.dataset.filter === filter));
  state.selected = 0;
  rebuildView(true);
}

// ---- rendering (only the rows in and near the visible part) ----

let renderScheduled = false;
function scheduleRender() {
  if (renderScheduled) return;
  renderScheduled = true;
  requestAnimationFrame(() => { renderScheduled = false; render(); });
}

function render() {
  if (state.editing) return;
  const total = state.view.length;
  const first = Math.max(0, Math.floor(viewport.scrollTop / ROW_HEIGHT) - BUFFER);
  const last = Math.min(total, first + Math.ceil(viewport.clientHeight / ROW_HEIGHT) + 2 * BUFFER);
  $("#top-spacer").style.height = first * ROW_HEIGHT + "px";
  $("#bottom-spacer").style.height = (total - last) * ROW_HEIGHT + "px";
  const fragment = document.createDocumentFragment();
  const missing = [];
  for (let v = first; v < last; v++) {
    const id = state.index.ids[state.view[v]];
    const pair = state.cache.get(id);
    if (!pair) missing.push(id);
    fragment.appendChild(renderRow(v, id, pair));
  }
  rowsElement.replaceChildren(fragment);
  if (missing.length) fetchMissing(missing);
  else if (total > 0 && !state.firstScreen) {
    state.firstScreen = true;
    performance.mark("qantara-first-screen");
  }
}

function confidenceColour(confidence) {
  if (confidence == null || confidence < 0) return "#8c8c8c";
  return `hsl(${Math.round(confidence * 120)}, 65%, 38%)`;
}

function renderRow(v, id, pair) {
  const row = document.createElement("div");
  row.className = "row";
  row.dataset.id = id;
  row.dataset.view = v;
  if (v === state.selected) row.classList.add("selected");
  if (!pair) {
    row.innerHTML = '<div class="meta placeholder">…</div>';
    return row;
  }
  row.classList.add("status-" + pair.status);
  const meta = document.createElement("div");
  meta.className = "meta";
  const number = document.createElement("span");
  number.textContent = "#" + (state.view[v] + 1) + " · " + pair.bead;
  const confidence = document.createElement("span");
  confidence.className = "conf";
  confidence.style.background = confidenceColour(pair.confidence);
  confidence.textContent = pair.confidence == null ? "?" : pair.confidence.toFixed(2);
  confidence.title = "aligner confidence";
  const status = document.createElement("span");
  status.className = "status";
  status.textContent = pair.status;
  meta.append(number, confidence, status);
  if (pair.flags) {
    const flag = document.createElement("span");
    flag.className = "flag";
    flag.textContent = "⚑ " + [pair.flags & 1 ? "entity" : "", pair.flags & 2 ? "number" : ""].filter(Boolean).join(", ");
    meta.append(flag);
  }
  row.append(meta, renderCell("source", pair), renderCell("target", pair));
  if (pair.comment) {
    const comment = document.createElement("div");
    comment.className = "comment";
    comment.dir = "auto";
    comment.textContent = pair.comment;
    row.append(comment);
  }
  return row;
}

function language(side) {
  return side === "source" ? state.summary.sourceLanguage : state.summary.targetLanguage;
}

function direction(lang) {
  return RTL.has(lang.toLowerCase().split(/[-_]/)[0]) ? "rtl" : "ltr";
}

function renderCell(side, pair) {
  const cell = document.createElement("div");
  const lang = language(side);
  cell.className = "cell " + side;
  cell.lang = lang.split(/[-_]/)[0];
  cell.dir = direction(lang);
  const text = pair[side];
  if (!text) cell.classList.add("empty");
  // Offsets are Unicode scalars: Array.from splits by code point, as the server counts.
  const scalars = Array.from(text);
  let at = 0;
  for (const span of pair.annotations[side]) {
    if (span.start > at) cell.append(scalars.slice(at, span.start).join(""));
    const mark = document.createElement("bdi");
    mark.dir = "auto";
    mark.className = "mark " + span.kind + (span.missing ? " missing" : "");
    if (span.label) mark.title = span.missing ? span.label + " — not found on the other side" : span.label;
    mark.textContent = scalars.slice(span.start, span.end).join("");
    cell.append(mark);
    at = span.end;
  }
  if (at < scalars.length) cell.append(scalars.slice(at).join(""));
  return cell;
}

function currentID() {
  return state.view.length ? state.index.ids[state.view[state.selected]] : null;
}

function currentPair() {
  const id = currentID();
  return id == null ? null : state.cache.get(id);
}

function select(v) {
  if (!state.view.length) return;
  state.selected = Math.max(0, Math.min(v, state.view.length - 1));
  reveal();
  rememberCursor();
}

function reveal() {
  const top = state.selected * ROW_HEIGHT;
  if (top < viewport.scrollTop + ROW_HEIGHT || top > viewport.scrollTop + viewport.clientHeight - 2 * ROW_HEIGHT) {
    viewport.scrollTop = Math.max(0, top - viewport.clientHeight / 3);
  }
  render();
  const row = rowsElement.querySelector(`.row[data-view="${state.selected}"]`);
  if (row) row.scrollIntoView({ block: "nearest" });
}

let cursorTimer = null;
function rememberCursor() {
  clearTimeout(cursorTimer);
  cursorTimer = setTimeout(() => {
    const id = currentID();
    if (id != null) api("/api/cursor", { method: "POST", body: JSON.stringify({ id }) });
  }, 400);
}

function jumpToAttention(step) {
  for (let v = state.selected + step; v >= 0 && v < state.view.length; v += step) {
    const i = state.view[v];
    if (isLow(i) || state.index.flags[i] !== 0) return select(v);
  }
  setSaved($("#saved").dataset.state, step > 0 ? "no low-confidence or flagged pair below" : "none above");
}

// ---- editing ----

function startEditing(kind) {
  const pair = currentPair();
  if (!pair || state.editing) return;
  const row = rowsElement.querySelector(`.row[data-view="${state.selected}"]`);
  if (!row) return;
  const side = kind === "comment" ? null : kind;
  const editor = document.createElement("textarea");
  editor.className = "editor";
  editor.value = side ? pair[side] : pair.comment;
  if (side) {
    const lang = language(side);
    editor.lang = lang.split(/[-_]/)[0];
    editor.dir = direction(lang);
    row.querySelector(".cell." + side).replaceWith(editor);
  } else {
    editor.dir = "auto";
    editor.placeholder = "comment (Enter saves, Esc cancels)";
    const old = row.querySelector(".comment");
    if (old) old.replaceWith(editor); else row.append(editor);
    editor.style.gridColumn = "2 / 4";
  }
  state.editing = { id: pair.id, kind, editor, original: editor.value };
  editor.focus();
}

function stopEditing() {
  state.editing = null;
  render();
  viewport.focus();
}

async function saveEditing() {
  const editing = state.editing;
  const text = editing.editor.value.replace(/\s*\n\s*/g, " ").trim();
  stopEditing();
  if (text === editing.original) return;
  if (editing.kind === "comment") await send({ op: "comment", id: editing.id, text });
  else await send({ op: "edit", id: editing.id, side: editing.kind, text });
}

async function splitAtCursor() {
  const editing = state.editing;
  if (!editing || editing.kind === "comment") {
    setSaved($("#saved").dataset.state, "to split: edit a side (e or Shift+E), put the cursor, press Alt+Enter");
    return;
  }
  const value = editing.editor.value;
  const offset = Array.from(value.slice(0, editing.editor.selectionStart)).length;
  stopEditing();
  if (value !== editing.original) await send({ op: "edit", id: editing.id, side: editing.kind, text: value });
  await send({ op: "split", id: editing.id, side: editing.kind, offset });
}

// ---- actions ----

function exportTMX() {
  const approvedOnly = $("#approvedOnly").checked ? "&approvedOnly=1" : "";
  location.href = "/api/export?token=" + encodeURIComponent(token) + approvedOnly;
}

function act(action) {
  const id = currentID();
  const needsPair = !["undo", "redo", "export", "help", "split"].includes(action);
  if (needsPair && id == null) return;
  switch (action) {
    case "approve": case "reject": case "unreview": case "merge": case "unaligned":
      return send({ op: action, id });
    case "comment": return startEditing("comment");
    case "editSource": return startEditing("source");
    case "editTarget": return startEditing("target");
    case "split": return splitAtCursor();
    case "sourceUp": return send({ op: "moveUp", id, side: "source" });
    case "sourceDown": return send({ op: "moveDown", id, side: "source" });
    case "targetUp": return send({ op: "moveUp", id, side: "target" });
    case "targetDown": return send({ op: "moveDown", id, side: "target" });
    case "undo": return send({ op: "undo" });
    case "redo": return send({ op: "redo" });
    case "export": return exportTMX();
    case "help": $("#help").hidden = !$("#help").hidden; return;
  }
}

const keys = {
  "a": "approve", "r": "reject", "u": "unreview", "c": "comment", "e": "editSource", "E": "editTarget",
  "m": "merge", "w": "sourceUp", "s": "sourceDown", "W": "targetUp", "S": "targetDown", "x": "unaligned",
  "z": "undo", "y": "redo", "Z": "redo", "X": "export", "?": "help",
};

document.addEventListener("keydown", (event) => {
  if (state.editing) {
    if (event.key === "Enter" && event.altKey) { event.preventDefault(); splitAtCursor(); }
    else if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); saveEditing(); }
    else if (event.key === "Escape") { event.preventDefault(); stopEditing(); }
    return;
  }
  if (event.target instanceof HTMLInputElement) return;
  if (event.ctrlKey || event.metaKey) {
    const key = event.key.toLowerCase();
    if (key === "z") { event.preventDefault(); act(event.shiftKey ? "redo" : "undo"); }
    else if (key === "y") { event.preventDefault(); act("redo"); }
    return;
  }
  if (event.altKey) return;
  let handled = true;
  switch (event.key) {
    case "j": case "ArrowDown": select(state.selected + 1); break;
    case "k": case "ArrowUp": select(state.selected - 1); break;
    case "n": jumpToAttention(1); break;
    case "p": jumpToAttention(-1); break;
    case "1": setFilter("all"); break;
    case "2": setFilter("low"); break;
    case "3": setFilter("flagged"); break;
    case "4": setFilter("unreviewed"); break;
    default:
      if (keys[event.key]) act(keys[event.key]); else handled = false;
  }
  if (handled) event.preventDefault();
});

$("#toolbar").addEventListener("click", (event) => {
  const button = event.target.closest("button[data-action]");
  if (button) act(button.dataset.action);
});
$("#filters").addEventListener("click", (event) => {
  const button = event.target.closest("button[data-filter]");
  if (button) setFilter(button.dataset.filter);
});
rowsElement.addEventListener("click", (event) => {
  const row = event.target.closest(".row");
  if (row && !state.editing) { state.selected = Number(row.dataset.view); render(); rememberCursor(); }
});
viewport.addEventListener("scroll", scheduleRender);
window.addEventListener("resize", scheduleRender);

loadAll(true);
