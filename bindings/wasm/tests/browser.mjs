// The demo page in headless Chromium (Debian's, driven by playwright-core):
// no console errors, no failed requests, the critical path drawn, and after
// editing a duration the finish shown is the one the engine computes.
// Saves a screenshot to artifacts/.
import http from "node:http";
import { readFile, mkdtemp, mkdir, rm } from "node:fs/promises";
import { execSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { Plan } from "../pkg/node/stratops.js";
import { root } from "./helpers.mjs";

const types = {
  ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css",
  ".json": "application/json", ".wasm": "application/wasm", ".ts": "text/plain",
};
// Only these trees are served.
const allowed = ["examples/web/", "examples/plans/", "bindings/wasm/pkg/web/", "bindings/wasm/pkg/core/web/"];

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, "http://127.0.0.1");
  const rel = path.posix.normalize(decodeURIComponent(url.pathname)).replace(/^\/+/, "");
  if (!allowed.some((a) => rel.startsWith(a))) {
    res.writeHead(404).end();
    return;
  }
  try {
    const body = await readFile(path.join(root, rel));
    res.writeHead(200, { "content-type": types[path.extname(rel)] ?? "application/octet-stream" });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}`;

const exe = execSync("command -v chromium", { encoding: "utf8", shell: "/bin/bash" }).trim();
const profile = await mkdtemp(path.join(os.tmpdir(), "stratops-chromium-"));
// A fresh profile directory (playwright passes it as --user-data-dir).
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: exe,
  headless: true,
  viewport: { width: 1600, height: 1000 },
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
  ],
});

const problems = [];
try {
  const page = await browser.newPage();
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console error: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on("response", (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });

  await page.goto(`${base}/examples/web/index.html`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });

  // What the engine says, computed independently in Node.
  const text = await readFile(path.join(root, "examples/plans/endpoint-security.json"), "utf8");
  const plan = Plan.fromJSON(text);
  const before = plan.schedule();
  assert.equal(await page.$eval("#finish", (e) => e.dataset.iso), before.project_finish);

  // The critical path is drawn: one red mark per critical leaf task and one
  // connector per consecutive pair on each critical path.
  const criticalLeaves = before.tasks.filter((t) => t.critical && t.kind !== "summary").length;
  assert.ok(criticalLeaves > 0);
  assert.equal(await page.locator("#gantt .critical[data-task]").count(), criticalLeaves);
  const links = before.critical_paths.reduce((n, p) => n + p.length - 1, 0);
  assert.equal(await page.locator("#gantt path.link.critical").count(), links);
  const color = await page.$eval("#gantt .critical[data-task]", (e) => getComputedStyle(e).fill);
  assert.equal(color, "rgb(214, 69, 69)");

  // The KPI tree shows statuses from the scorecard.
  const card = plan.scorecard("2025-12-01");
  for (const k of card.kpis) {
    const shown = await page.$eval(`#kpi-tree li[data-id="${k.id}"]`, (e) => e.dataset.status);
    assert.equal(shown, k.status, k.id);
  }

  // The budget panel shows the engine's figures: the total, each category,
  // and one stacked segment per non-zero month × category cell.
  const budget = plan.budget();
  assert.equal(await page.textContent("#budget-total"), budget.total);
  for (const [cat, amount] of Object.entries(budget.by_category)) {
    assert.equal(await page.textContent(`#budget-categories tr[data-category="${cat}"] td.amount`), amount, cat);
  }
  const segments = new Set();
  for (const l of budget.lines) {
    for (const [m, a] of Object.entries(l.by_period)) if (Number(a) > 0) segments.add(`${m}|${l.category}`);
  }
  assert.equal(await page.locator("#budget-months rect[data-month]").count(), segments.size);

  // The resource histogram: one bar per day with load, before and after
  // leveling, for the resource the page picked.
  const lv = plan.level();
  const shownResource = await page.$eval("#resource-select", (e) => e.value);
  for (const [when, rows] of [["before", lv.usage_before], ["after", lv.usage]]) {
    const mine = rows.filter((r) => r.resource === shownResource);
    assert.equal(await page.locator(`#resource-histogram rect[data-when=${when}]`).count(), mine.length, when);
  }
  assert.match(await page.textContent("#level-summary"), /over-allocation/);

  // Edit a duration on the critical path: the finish moves as the engine says,
  // and the rows the change set lists are highlighted.
  const changes = plan.apply([{ op: "updateTask", id: "compliance-review", set: { duration: "3d" } }]);
  const after = plan.schedule();
  assert.notEqual(after.project_finish, before.project_finish);
  const input = page.locator('input[data-task="compliance-review"]');
  await input.fill("3d");
  await input.press("Enter");
  const waitFinish = (iso) =>
    page.waitForFunction((v) => document.getElementById("finish").dataset.iso === v, iso, { timeout: 10_000 });
  await waitFinish(after.project_finish);
  assert.equal(await page.textContent("#finish"), after.project_finish.replace("T", " ").slice(0, 16));
  const highlighted = await page.$$eval("#tasks tr[data-moved]", (rows) => rows.map((r) => r.dataset.task));
  assert.deepEqual(highlighted.sort(), [...changes.changed_tasks].sort());
  assert.ok(highlighted.length > 0);

  // Ctrl+Z outside a text field undoes the edit; the Redo button redoes it.
  await page.click("h1");
  await page.keyboard.press("Control+z");
  await waitFinish(before.project_finish);
  assert.equal(await page.$eval("#undo", (b) => b.disabled), true);
  await page.click("#redo");
  await waitFinish(after.project_finish);
  assert.equal(await page.$eval("#redo", (b) => b.disabled), true);

  await mkdir(path.join(root, "artifacts"), { recursive: true });
  await page.screenshot({ path: path.join(root, "artifacts/wasm-demo.png"), fullPage: true });

  // A bad edit shows an error in the page, not a crash, and changes nothing.
  await input.fill("-2d");
  await input.press("Enter");
  await page.waitForSelector("#status.error");
  assert.equal(await page.$eval("#finish", (e) => e.dataset.iso), after.project_finish);

  // A plan whose resources are over-allocated: red days before leveling,
  // none after.
  await page.selectOption("#plan-select", "three-year-strategy.json");
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("three-year-strategy.json loaded"), null, { timeout: 30_000 });
  assert.ok(await page.locator('#resource-histogram rect[data-when=before][fill="#d62728"]').count() > 0);
  assert.equal(await page.locator('#resource-histogram rect[data-when=after][fill="#d62728"]').count(), 0);
  await page.screenshot({ path: path.join(root, "artifacts/wasm-demo-resources.png"), fullPage: true });

  // The engine in a Web Worker: load, apply, undo and a simulation with
  // progress, all by messages.
  const wpage = await browser.newPage();
  wpage.on("pageerror", (e) => problems.push(`worker page error: ${e.message}`));
  await wpage.goto(`${base}/examples/web/worker.html`);
  await wpage.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  assert.equal(await wpage.textContent("#finish"), before.project_finish);
  assert.equal(await wpage.textContent("#edited"), after.project_finish);
  assert.equal(await wpage.textContent("#undone"), before.project_finish);
  assert.equal(await wpage.textContent("#p80"), Plan.fromJSON(text).simulate(200, 1).finish.p80);

  // The first screen on `stratops/core`: only the core .wasm is fetched
  // until the budget is asked for; then the full module, once.
  const fpage = await browser.newPage();
  fpage.on("pageerror", (e) => problems.push(`first-screen page error: ${e.message}`));
  const wasms = [];
  fpage.on("request", (r) => { if (r.url().endsWith(".wasm")) wasms.push(new URL(r.url()).pathname); });
  await fpage.goto(`${base}/examples/web/first-screen.html`);
  await fpage.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  assert.equal(await fpage.textContent("#finish"), before.project_finish);
  assert.equal(await fpage.textContent("#edited"), after.project_finish);
  assert.deepEqual(wasms, ["/bindings/wasm/pkg/core/web/stratops_bg.wasm"]);
  await fpage.click("#more");
  await fpage.waitForSelector("body[data-full=true]", { timeout: 30_000 });
  assert.equal(await fpage.textContent("#budget"), plan.budget().total);
  await fpage.click("#more");
  assert.deepEqual(wasms, ["/bindings/wasm/pkg/core/web/stratops_bg.wasm", "/bindings/wasm/pkg/web/stratops_bg.wasm"]);

  assert.deepEqual(problems, []);
  console.log(`browser: demo page ok (finish ${before.project_finish} -> ${after.project_finish}); screenshot artifacts/wasm-demo.png`);
} finally {
  await browser.close();
  server.close();
  await rm(profile, { recursive: true, force: true });
}
