// The HTML progress report in a real headless browser (Debian's chromium,
// driven by playwright-core): it renders with no console errors, makes no
// network request but the page itself, draws one critical mark per critical
// task of the report's JSON, and shows one KPI bar per KPI. Saves a
// screenshot to artifacts/report.png.
//
// Usage: node tests/browser/report.mjs REPORT.html REPORT.json
import http from "node:http";
import { readFile, mkdtemp, mkdir, rm } from "node:fs/promises";
import { execSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const [htmlPath, jsonPath] = process.argv.slice(2);
if (!htmlPath || !jsonPath) {
  console.error("usage: node tests/browser/report.mjs REPORT.html REPORT.json");
  process.exit(2);
}
const html = await readFile(htmlPath);
const report = JSON.parse(await readFile(jsonPath, "utf8"));

// Serve the one page over HTTP, so that any other request would be seen.
const server = http.createServer((req, res) => {
  if (req.url === "/report.html") {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(html);
  } else {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const url = `http://127.0.0.1:${server.address().port}/report.html`;

const exe = execSync("command -v chromium", { encoding: "utf8", shell: "/bin/bash" }).trim();
const profile = await mkdtemp(path.join(os.tmpdir(), "stratops-report-chromium-"));
// A fresh profile directory (playwright passes it as --user-data-dir).
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: exe,
  headless: true,
  viewport: { width: 1200, height: 900 },
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
  ],
});

const problems = [];
const requests = [];
try {
  const page = await browser.newPage();
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console error: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("request", (r) => requests.push(r.url()));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));

  await page.goto(url, { waitUntil: "load" });

  // Nothing but the page itself was fetched: no fonts, images, scripts or favicon.
  assert.deepEqual(requests, [url], `unexpected requests: ${requests.join(", ")}`);
  assert.equal(await page.locator("script").count(), 0, "the report runs no script");

  // The Gantt chart: one critical mark (bar or milestone) per critical task in the JSON.
  const bars = report.schedule.bars;
  const critical = bars.filter((b) => b.critical).length;
  assert.ok(critical > 0, "the report has critical tasks");
  assert.equal(await page.locator("svg.gantt .critical").count(), critical);
  assert.equal(await page.locator("svg.gantt g.row").count(), bars.length);
  for (const b of bars.filter((b) => b.critical)) {
    const n = await page.locator(`svg.gantt g.row[data-id="${b.id}"] .critical`).count();
    assert.equal(n, 1, `critical mark of ${b.id}`);
  }
  const fill = await page.$eval("svg.gantt .critical", (e) => getComputedStyle(e).fill);
  assert.equal(fill, "rgb(224, 49, 49)", "critical bars are red");
  const box = await page.locator("svg.gantt").boundingBox();
  assert.ok(box && box.width > 500 && box.height > 100, "the chart has a size");

  // KPI progress bars: one meter per KPI in the KPI table, filled to the progress.
  assert.equal(await page.locator("#kpis .meter").count(), report.kpis.length);
  for (const [i, k] of report.kpis.entries()) {
    if (k.progress == null) continue;
    const w = await page.locator("#kpis .meter").nth(i).evaluate((m) => {
      const fill = m.querySelector(".fill");
      return fill.getBoundingClientRect().width / m.getBoundingClientRect().width;
    });
    assert.ok(Math.abs(w - Math.min(1, k.progress)) < 0.01, `${k.id}: bar ${w} vs progress ${k.progress}`);
  }

  // Every section is there.
  for (const id of ["summary", "kpis", "schedule", "milestones", "budget", "risks", "challenges"]) {
    assert.equal(await page.locator(`section#${id}`).count(), 1, `section ${id}`);
  }

  await mkdir(path.join(root, "artifacts"), { recursive: true });
  const shot = path.join(root, "artifacts", "report.png");
  await page.screenshot({ path: shot, fullPage: true });
  await page.locator("svg.gantt").screenshot({ path: path.join(root, "artifacts", "report-gantt.png") });
  console.log(`report.html: ${critical} critical marks, ${report.kpis.length} KPI bars, 1 request; screenshot ${path.relative(root, shot)}`);
} finally {
  await browser.close();
  server.close();
  await rm(profile, { recursive: true, force: true });
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
