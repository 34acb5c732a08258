// The stratops demo: a static page, no framework. It loads an example plan
// into the WebAssembly package, draws the schedule as an SVG Gantt chart with
// the critical path, the budget and the KPI rollup tree, and recomputes
// everything at once when a task's duration is edited.
import init, { Plan } from "../../bindings/wasm/pkg/web/stratops.js";

const SVG = "http://www.w3.org/2000/svg";
const ROW = 22;
const HEAD = 30;
const $ = (id) => document.getElementById(id);

let plan = null;

function el(tag, attrs = {}, text) {
  const e = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function status(message, isError = false) {
  $("status").textContent = message;
  $("status").className = isError ? "error" : "";
}

/** Minutes since the epoch of a local ISO date-time (read as UTC so no zone shifts it). */
const minutes = (iso) => Date.parse(iso.length === 10 ? iso + "T00:00:00Z" : iso + "Z") / 60000;
const show = (iso) => iso.replace("T", " ").slice(0, 16);

function redraw() {
  const doc = plan.toObject();
  const s = plan.schedule();
  $("finish").textContent = show(s.project_finish);
  $("finish").dataset.iso = s.project_finish;
  $("critical-path").textContent = s.critical_paths.length
    ? "Critical path: " + s.critical_paths.map((p) => p.join(" → ")).join("; ")
    : "No critical path.";
  drawTasks(doc, s);
  drawGantt(s);
  drawBudget();
  drawKpis();
  drawResources();
  $("undo").disabled = !plan.canUndo;
  $("redo").disabled = !plan.canRedo;
}

function depthOf(doc) {
  const parent = new Map();
  for (const p of doc.plans) for (const t of p.tasks ?? []) parent.set(t.id, t.parent);
  const depth = new Map();
  for (const id of parent.keys()) {
    let d = 0;
    for (let q = parent.get(id); q && d < 64; q = parent.get(q)) d++;
    depth.set(id, d);
  }
  return depth;
}

function drawTasks(doc, s) {
  const byId = new Map();
  for (const p of doc.plans) for (const t of p.tasks ?? []) byId.set(t.id, t);
  const depth = depthOf(doc);
  const body = $("tasks").querySelector("tbody");
  body.replaceChildren();
  for (const t of s.tasks) {
    const tr = el("tr", { "data-task": t.id });
    if (moved.has(t.id)) tr.dataset.moved = "true";
    const name = el("td", { class: t.kind, style: `padding-left:${0.5 + depth.get(t.id) * 1.2}em` }, byId.get(t.id)?.name ?? t.id);
    const dur = el("td");
    if (t.kind === "task") {
      const input = el("input", { type: "text", "aria-label": `duration of ${t.id}`, "data-task": t.id });
      input.value = String(byId.get(t.id)?.duration ?? "");
      input.addEventListener("change", () => edit(t.id, input.value));
      dur.append(input);
    }
    tr.append(name, dur);
    body.append(tr);
  }
}

/** Tasks the last edit, undo or redo moved: highlighted until the next one. */
let moved = new Set();

/** Applies one transaction and redraws; a refused one changes nothing. */
function transact(edits, what) {
  try {
    const c = plan.apply(edits);
    moved = new Set(c.changed_tasks);
    status(`${what}: ${c.changed_tasks.length} task(s) moved`);
  } catch (e) {
    status(`${e.code}: ${e.message}`, true);
  }
  redraw();
}

function edit(id, value) {
  const trimmed = value.trim();
  const asNumber = Number(trimmed);
  const duration = trimmed !== "" && Number.isFinite(asNumber) ? asNumber : trimmed;
  transact([{ op: "updateTask", id, set: { duration } }], `${id}: duration set to ${trimmed}`);
}

function step(direction) {
  const c = direction === "undo" ? plan.undo() : plan.redo();
  if (c) {
    moved = new Set(c.changed_tasks);
    status(`${direction}: ${c.changed_tasks.length} task(s) moved`);
  }
  redraw();
}

function drawGantt(s) {
  const svg = $("gantt");
  svg.replaceChildren();
  const t0 = minutes(s.project_start.slice(0, 10));
  let t1 = minutes(s.project_finish);
  for (const t of s.tasks) t1 = Math.max(t1, minutes(t.late_finish), minutes(t.early_finish));
  const days = Math.max(1, Math.ceil((t1 - t0) / 1440) + 1);
  const width = Math.min(1400, Math.max(600, days * 12));
  const x = (iso) => ((minutes(iso) - t0) / (days * 1440)) * width;
  const height = HEAD + s.tasks.length * ROW;
  svg.setAttribute("width", width);
  svg.setAttribute("height", height);
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  // Month grid.
  const start = new Date(t0 * 60000);
  for (let m = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1)); m.getTime() / 60000 <= t1; m.setUTCMonth(m.getUTCMonth() + 1)) {
    const iso = m.toISOString().slice(0, 10);
    const gx = Math.max(0, x(iso));
    svg.append(el("svg:line", { class: "grid", x1: gx, x2: gx, y1: 0, y2: height }));
    svg.append(el("svg:text", { x: gx + 2, y: 12 }, iso.slice(0, 7)));
  }
  const row = new Map();
  s.tasks.forEach((t, i) => row.set(t.id, i));
  s.tasks.forEach((t, i) => {
    const y = HEAD + i * ROW;
    const crit = t.critical && t.kind !== "summary" ? " critical" : "";
    if (t.kind === "milestone") {
      const cx = x(t.start), cy = y + ROW / 2, r = 6;
      svg.append(el("svg:polygon", {
        class: "milestone" + crit, "data-task": t.id,
        points: `${cx},${cy - r} ${cx + r},${cy} ${cx},${cy + r} ${cx - r},${cy}`,
      }));
    } else {
      const h = t.kind === "summary" ? 6 : 14;
      svg.append(el("svg:rect", {
        class: `bar ${t.kind}${crit}`, "data-task": t.id,
        x: x(t.start), y: y + (ROW - h) / 2, height: h, width: Math.max(2, x(t.finish) - x(t.start)),
      }));
    }
  });
  // The critical path: a connector from each critical task to the next.
  const byId = new Map(s.tasks.map((t) => [t.id, t]));
  for (const path of s.critical_paths) {
    for (let k = 0; k + 1 < path.length; k++) {
      const a = byId.get(path[k]), b = byId.get(path[k + 1]);
      const ya = HEAD + row.get(a.id) * ROW + ROW / 2, yb = HEAD + row.get(b.id) * ROW + ROW / 2;
      const xa = x(a.finish), xb = x(b.start);
      svg.append(el("svg:path", {
        class: "link critical", "data-from": a.id, "data-to": b.id,
        d: `M${xa},${ya} H${Math.max(xa, xb - 4) + 4} V${yb} H${xb}`,
      }));
    }
  }
}

const PALETTE = ["#5b8def", "#ef8f00", "#2e7d32", "#9c27b0", "#c62828", "#00838f", "#6d4c41", "#888"];

/** The budget by category and by month (stacked by category). Money stays
 * the package's decimal strings in every label; numbers only size the bars. */
function drawBudget() {
  const box = $("budget");
  box.replaceChildren();
  const b = plan.budget();
  const cats = Object.keys(b.by_category);
  const color = new Map(cats.map((c, i) => [c, PALETTE[i % PALETTE.length]]));
  const total = Number(b.total) || 1;

  const table = el("table", { class: "budget", id: "budget-categories" });
  const head = el("tr");
  head.append(el("th", {}, "Category"), el("th", {}, `Amount (${b.currency})`), el("th", {}, "Share"));
  table.append(head);
  for (const [cat, amount] of Object.entries(b.by_category)) {
    const tr = el("tr", { "data-category": cat });
    const share = el("td", { class: "share" });
    share.append(el("span", { class: "swatch", style: `width:${(100 * Number(amount)) / total}px;background:${color.get(cat)}` }));
    tr.append(el("td", {}, cat), el("td", { class: "amount" }, amount), share);
    table.append(tr);
  }
  const foot = el("tr", { class: "total" });
  foot.append(el("th", {}, "Total"), el("th", { id: "budget-total" }, b.total), el("th", {}, ""));
  table.append(foot);

  // Month × category from the lines' phasing (for the bar segments).
  const cells = new Map();
  for (const l of b.lines) {
    for (const [m, a] of Object.entries(l.by_period)) {
      const key = `${m}|${l.category}`;
      cells.set(key, (cells.get(key) ?? 0) + Number(a));
    }
  }
  const months = Object.keys(b.by_period);
  const max = Math.max(1, ...Object.values(b.by_period).map(Number));
  const W = 56, H = 160, TOP = 18, BOTTOM = 20;
  const svg = el("svg:svg", { id: "budget-months", width: String(months.length * W + 10), height: String(H + TOP + BOTTOM) });
  months.forEach((m, i) => {
    let y = TOP + H;
    for (const c of cats) {
      const v = cells.get(`${m}|${c}`) ?? 0;
      if (v <= 0) continue;
      const h = (H * v) / max;
      y -= h;
      const r = el("svg:rect", { x: String(i * W + 8), y: String(y), width: String(W - 16), height: String(h), fill: color.get(c), "data-month": m, "data-category": c });
      r.append(el("svg:title", {}, `${m} ${c}`));
      svg.append(r);
    }
    svg.append(el("svg:text", { x: String(i * W + W / 2), y: String(Math.max(y - 4, 10)), "text-anchor": "middle" }, b.by_period[m]));
    svg.append(el("svg:text", { x: String(i * W + W / 2), y: String(TOP + H + 14), "text-anchor": "middle" }, m));
  });
  const legend = el("p", { class: "legend" });
  for (const c of cats) {
    legend.append(el("span", { class: "swatch", style: `background:${color.get(c)}` }), document.createTextNode(` ${c} `));
  }
  const wrap = el("div", { class: "budget-wrap" });
  const right = el("div");
  right.append(el("h3", {}, `By month (${b.currency})`), svg, legend);
  wrap.append(table, right);
  box.append(
    wrap,
    el("p", { class: "note" }, `Contingency ${b.contingency} ${b.currency} (risk EMV ${b.contingency_detail.risk_emv} + management reserve ${b.contingency_detail.management_reserve}), beside the total, not in it.`),
  );
}

/**
 * The resource histogram before and after leveling (MS Project's standard
 * order): the daily load of one resource, over-allocated days in red, its
 * capacity as a dashed line.
 */
function drawResources() {
  const box = $("resources");
  box.replaceChildren();
  let l;
  try {
    l = plan.level();
  } catch (e) {
    box.append(el("p", { class: "note" }, `Leveling cannot run: ${e.code}: ${e.message}`));
    return;
  }
  const names = [...new Set([...l.usage_before, ...l.usage].map((r) => r.resource))];
  if (names.length === 0) {
    box.append(el("p", { class: "note" }, "No task loads a resource."));
    return;
  }
  const select = el("select", { id: "resource-select", "aria-label": "resource" });
  const overs = (r) => l.usage_before.filter((u) => u.resource === r && u.over).length;
  const chosen = box.dataset.resource && names.includes(box.dataset.resource)
    ? box.dataset.resource
    : names.reduce((a, b) => (overs(b) > overs(a) ? b : a));
  for (const r of names) select.append(el("option", { value: r, ...(r === chosen ? { selected: "" } : {}) }, r));
  select.addEventListener("change", () => { box.dataset.resource = select.value; drawResources(); });
  const before = l.usage_before.filter((u) => u.resource === chosen);
  const after = l.usage.filter((u) => u.resource === chosen);
  const dates = [...new Set([...before, ...after].map((u) => u.date))].sort();
  const cap = (before[0] ?? after[0]).capacity_units;
  const max = Math.max(cap, ...before.map((u) => u.units), ...after.map((u) => u.units));
  const W = 14, H = 120, TOP = 10;
  const svg = el("svg:svg", { id: "resource-histogram", width: String(dates.length * W + 20), height: String(H + TOP + 20) });
  const y = (v) => TOP + H - (H * v) / max;
  dates.forEach((d, i) => {
    for (const [when, rows, dx, fill] of [["before", before, 1, "#bbb"], ["after", after, 7, "#4a7fd4"]]) {
      const u = rows.find((r) => r.date === d);
      if (!u) continue;
      const r = el("svg:rect", {
        x: String(i * W + dx), y: String(y(u.units)), width: "6", height: String(TOP + H - y(u.units)),
        fill: u.over ? "#d62728" : fill, "data-when": when, "data-date": d,
      });
      r.append(el("svg:title", {}, `${d} ${when} leveling: ${u.units} (${u.tasks.join(", ")})`));
      svg.append(r);
    }
  });
  svg.append(el("svg:line", { x1: "0", x2: String(dates.length * W + 20), y1: String(y(cap)), y2: String(y(cap)), stroke: "#333", "stroke-dasharray": "4 3" }));
  const summary = `Leveling (MS Project's standard order): finish ${show(l.unleveled_finish)} → ${show(l.finish)}; ` +
    `${l.overallocations_before.length} over-allocation(s) before, ${l.overallocations.length} after. ` +
    "Grey: before leveling; blue: after; red: over capacity (dashed).";
  box.append(select, el("p", { class: "note", id: "level-summary" }, summary), svg);
}

function drawKpis() {
  const tree = $("kpi-tree");
  tree.replaceChildren();
  const card = plan.scorecard($("as-of").value);
  const goals = new Map(card.goals.map((g) => [g.id, g]));
  const kpis = new Map(card.kpis.map((k) => [k.id, k]));
  const pct = (p) => (p === null ? "no data" : `${Math.round(p * 100)}%`);
  const item = (kind, id) => {
    const x = kind === "goal" ? goals.get(id) : kpis.get(id);
    const li = el("li", { "data-id": id, "data-status": x.status });
    li.append(el("span", { class: `badge ${x.status}` }, x.status.replace("_", " ")));
    li.append(document.createTextNode(`${kind === "goal" ? "Goal" : "KPI"}: ${x.name} (${pct(x.progress)})`));
    return li;
  };
  // Roots: goals that feed no other goal. Walk with an explicit stack.
  const roots = card.goals.filter((g) => g.contributes_to.length === 0);
  const stack = roots.map((g) => ({ kind: "goal", id: g.id, parent: tree, depth: 0 })).reverse();
  while (stack.length) {
    const { kind, id, parent, depth } = stack.pop();
    const li = item(kind, id);
    parent.append(li);
    if (kind !== "goal" || depth > 32) continue;
    const children = goals.get(id).children;
    if (!children.length) continue;
    const ul = el("ul");
    li.append(ul);
    for (const c of [...children].reverse()) stack.push({ kind: c.kind === "goal" ? "goal" : "kpi", id: c.id, parent: ul, depth: depth + 1 });
  }
}

async function load(name) {
  const text = await (await fetch(`../plans/${name}`)).text();
  try {
    plan?.free();
    plan = Plan.fromJSON(text);
    moved = new Set();
    status(`${name} loaded`);
    redraw();
  } catch (e) {
    status(`${e.code}: ${e.message}`, true);
  }
}

await init();
const names = await (await fetch("plans.json")).json();
const select = $("plan-select");
for (const n of names) select.append(el("option", { value: n }, n.replace(/\.json$/, "")));
select.addEventListener("change", () => load(select.value));
$("as-of").addEventListener("change", () => plan && redraw());
$("undo").addEventListener("click", () => step("undo"));
$("redo").addEventListener("click", () => step("redo"));
// Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y) undo and redo plan edits, except in a
// text field, where they belong to the field.
document.addEventListener("keydown", (e) => {
  if (!(e.ctrlKey || e.metaKey) || e.target instanceof HTMLInputElement) return;
  const key = e.key.toLowerCase();
  if (key === "z" && !e.shiftKey && plan?.canUndo) {
    e.preventDefault();
    step("undo");
  } else if ((key === "y" || (key === "z" && e.shiftKey)) && plan?.canRedo) {
    e.preventDefault();
    step("redo");
  }
});
await load(names[0]);
document.body.dataset.ready = "true";
