// The manager's dashboard in Chromium at 1366×768 (a team lead's laptop): a month seeded with
// onthaal-seed, logged in through the page, every chart drawn, filtered by service, CSV and PNG
// downloads (the CSV equal to the API's table), live updates over the WebSocket, axe-core clean,
// a desk account refused. Screenshots land in screenshots/dashboard-*.png for a person to read.
//
// Run: cd tests/browser && ONTHAAL_BIN_DIR=/work/target-stats/debug node --test --test-concurrency=1 dashboard.test.mjs

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { BIN, ROOT, startServer, api, login, launchBrowser, axeScan, screenshot, SHOTS, PASSWORD, withTestPasswords } from "./lib.mjs";

const VIEW = { width: 1366, height: 768 };
let server, browser, manager;

/** The demo configuration with a second, smaller location (a branch office, "Noord"). */
const SECOND_LOCATION = `
[[location]]
key = "noord"
name = "Sociaal Huis Demostad, antenne Noord"
address = "Kerkstraat 5, 9999 Demostad"
phone = "09 000 00 01"
timezone = "Europe/Brussels"

[[location.service]]
key = "noord-onthaal"
prefix = "N"
icon = "question"
names = { nl = "Onthaal Noord", fr = "Accueil Nord", en = "Reception North" }
target_wait_min = 15
service_min = 10
always_open = true

[[location.desk]]
key = "noord-loket"
name = "Loket Noord"
kind = "loket"
services = ["noord-onthaal"]
`;

before(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "onthaal-dashboard-"));
  const databaseUrl = `sqlite://${dir}/onthaal.db`;
  const config = path.join(dir, "two-locations.toml");
  writeFileSync(config, withTestPasswords(readFileSync(path.join(ROOT, "server/config/demo.toml"), "utf8")) + SECOND_LOCATION);
  // A month of a busy sociaal huis (its first location, appointments included), written
  // straight into the database before the server starts.
  execFileSync(path.join(BIN, "onthaal-seed"), ["--database-url", databaseUrl, "--config", config, "--tickets", "15000", "--days", "30", "--no-timing"], { encoding: "utf8" });
  server = await startServer({ databaseUrl, config });
  browser = await launchBrowser();
  manager = await login(server.url, "diensthoofd", PASSWORD.diensthoofd);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function openDashboard(hash = "#period=last30") {
  // The page's Content-Security-Policy forbids inline scripts; axe-core is injected as one.
  const page = await browser.newPage({ viewport: VIEW, acceptDownloads: true, bypassCSP: true, locale: "nl-BE", timezoneId: "Europe/Brussels" });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  page.on("request", (r) => { if (!r.url().startsWith(server.url) && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) errors.push(new Error(`request out: ${r.url()}`)); });
  page.errors = errors;
  await page.goto(`${server.url}/dashboard${hash}`);
  await page.waitForSelector("body[data-state=login]");
  await page.fill("#username", "diensthoofd");
  await page.fill("#password", PASSWORD.diensthoofd);
  await page.click("#login-form button[type=submit]");
  await page.waitForSelector("body[data-period=ready]", { timeout: 20000 });
  return page;
}

/** Parses our CSV: BOM, CRLF, `;`, quotes, decimal comma. */
function parseCsv(text) {
  assert.equal(text.charCodeAt(0), 0xfeff, "the CSV starts with a BOM");
  const lines = text.slice(1).split("\r\n").filter((l) => l.length);
  return lines.map((l) => {
    const out = [];
    let cur = "", quoted = false;
    for (let i = 0; i < l.length; i++) {
      const c = l[i];
      if (quoted) {
        if (c === '"' && l[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') quoted = false; else cur += c;
      } else if (c === '"') quoted = true;
      else if (c === ";") { out.push(cur); cur = ""; } else cur += c;
    }
    out.push(cur);
    return out;
  });
}

/** An API table value against its CSV cell: numbers with a decimal comma, text as is (a
 * leading = + - @ neutralised with a quote), null as empty. */
function sameCell(csv, v) {
  if (v === null) return csv === "";
  if (typeof v === "number") return /^-?\d+(,\d+)?$/.test(csv) && Number(csv.replace(",", ".")) === v;
  return csv === String(v).replace(/^([=+\-@])/, "'$1");
}

test("the dashboard renders a seeded month with charts, tables and key figures", async () => {
  const page = await openDashboard();
  // Every chart is drawn (Chart.js canvases with pixels) and every figure has its table.
  const rendered = await page.$$eval("figure.chart[data-rendered]", (fs) => fs.map((f) => f.dataset.table + "/" + f.dataset.chart));
  assert.equal(rendered.length, 10, `rendered: ${rendered}`);
  const blank = await page.$$eval("figure.chart canvas", (cs) => cs.filter((c) => {
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < d.length; i += 16) if (d[i + 3] > 0 && (d[i] < 200 || d[i + 1] < 200)) ink++;
    return ink < 50;
  }).length);
  assert.equal(blank, 0, "no chart is blank");
  // Every canvas has a text alternative, every figure a table.
  const labels = await page.$$eval("figure.chart canvas", (cs) => cs.map((c) => c.getAttribute("aria-label") || ""));
  assert.ok(labels.every((l) => l.length > 30), labels.join("\n"));
  assert.equal(await page.$$eval("figure.chart details table", (t) => t.length), 11);
  // The key figures are the API's.
  const from = await page.inputValue("#f-from"), to = await page.inputValue("#f-to");
  const r = await api(server.url, "GET", `/api/v1/stats?from=${from}&to=${to}`, { token: manager });
  assert.ok(r.body.visitors > 5000, `a month of visitors: ${r.body.visitors}`);
  const shown = await page.textContent("#kpis li:first-child .value");
  assert.equal(shown.replace(/\D/g, ""), String(r.body.visitors));
  // Live: per service, per desk.
  assert.ok((await page.$$("#live-services tbody tr")).length >= 4);
  assert.match(await page.textContent("#live-status"), /Live/);
  assert.deepEqual(await axeScan(page), [], "accessibility of the dashboard");
  // Nothing sticks out sideways at 1366 px.
  const wide = await page.evaluate(() => [...document.querySelectorAll("main *")]
    .filter((e) => { const b = e.getBoundingClientRect(); return b.width > 0 && b.right > innerWidth + 1 && !e.closest(".table-wrap, .heatmap-box"); })
    .map((e) => e.id || e.className || e.tagName));
  assert.deepEqual(wide, []);
  await screenshot(page, "dashboard-top");
  await page.screenshot({ path: path.join(SHOTS, "dashboard-full.png"), fullPage: true });
  // A table opened, as a keyboard user would.
  await page.focus("figure[data-chart=heatmap] details summary");
  await page.keyboard.press("Enter");
  assert.equal(await page.$eval("figure[data-chart=heatmap] details", (d) => d.open), true);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("filtering by service shows that service's figures", async () => {
  const page = await openDashboard();
  await page.selectOption("#f-service", "permanentie");
  await page.click("#filters button[type=submit]");
  await page.waitForFunction(() => location.hash.includes("service=permanentie") && document.body.dataset.period === "ready");
  const from = await page.inputValue("#f-from"), to = await page.inputValue("#f-to");
  const all = await api(server.url, "GET", `/api/v1/stats?from=${from}&to=${to}`, { token: manager });
  const one = await api(server.url, "GET", `/api/v1/stats?from=${from}&to=${to}&service=permanentie`, { token: manager });
  assert.ok(one.body.visitors < all.body.visitors);
  assert.equal((await page.textContent("#kpis li:first-child .value")).replace(/\D/g, ""), String(one.body.visitors));
  // The services table lists permanentie only.
  const services = await page.$$eval("figure[data-table=services] details tbody tr", (rs) => rs.map((r) => r.querySelector("th").textContent));
  assert.deepEqual(services, ["permanentie"]);
  // The filter survives a reload (it is in the address).
  await page.reload();
  await page.waitForSelector("body[data-period=ready]", { timeout: 20000 });
  assert.equal(await page.inputValue("#f-service"), "permanentie");
  await screenshot(page, "dashboard-permanentie");
  assert.deepEqual(await axeScan(page), []);
  await page.close();
});

test("CSV downloads open and match the API; charts download as PNG", async () => {
  const page = await openDashboard();
  const q = await page.evaluate(() => location.hash.slice(1));
  const params = new URLSearchParams(q);
  for (const table of ["daily", "services", "heatmap", "triage", "help_requests"]) {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click(`figure[data-table=${table}] a.csv`),
    ]);
    assert.match(download.suggestedFilename(), new RegExp(`^onthaal-${table}-\\d{8}-\\d{8}\\.csv$`));
    const text = readFileSync(await download.path(), "utf8");
    const csv = parseCsv(text);
    const t = (await api(server.url, "GET", `/api/v1/stats/${table}?from=${params.get("from")}&to=${params.get("to")}`, { token: manager })).body;
    assert.equal(csv.length, t.rows.length + 1, `${table}: header + rows`);
    assert.ok(csv[0][0].startsWith(t.columns[0].label));
    t.rows.forEach((row, i) => {
      assert.equal(csv[i + 1].length, row.length, `${table} row ${i}`);
      row.forEach((v, j) => assert.ok(sameCell(csv[i + 1][j], v), `${table} row ${i} column ${t.columns[j].key}: CSV ${csv[i + 1][j]} vs API ${v}`));
    });
  }
  for (const table of ["daily", "heatmap"]) {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click(`figure[data-table=${table}] button.png`),
    ]);
    const png = readFileSync(await download.path());
    assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], "a PNG file");
    assert.ok(png.length > 5000);
  }
  await page.close();
});

test("the appointments section shows the period's appointments with a chart and a table", async () => {
  const page = await openDashboard();
  const from = await page.inputValue("#f-from"), to = await page.inputValue("#f-to");
  const r = (await api(server.url, "GET", `/api/v1/stats?from=${from}&to=${to}`, { token: manager })).body.appointments;
  assert.ok(r.booked > 300 && r.online > 0 && r.late > 0 && r.no_show > 0 && r.cancelled > 0, JSON.stringify(r));
  assert.equal(r.booked, r.on_time + r.late + r.no_show + r.cancelled + r.open);
  const fig = await page.$("figure#appointments");
  assert.equal(await fig.getAttribute("data-rendered"), "1");
  // The figures in words: the same numbers as the API.
  const text = await page.textContent("#appt-text");
  const n = (x) => new Intl.NumberFormat("nl-BE").format(x);
  for (const part of [`${n(r.booked)} afspraken`, `${n(r.online)} online geboekt`, `Op tijd ${n(r.on_time)}`, `te laat ${n(r.late)}`, `niet opgedaagd ${n(r.no_show)}`, "Wachttijd na aankomst: mediaan"]) {
    assert.ok(text.includes(part), `"${part}" in "${text}"`);
  }
  // The chart's text alternative and its table (one row per day, as the API's).
  assert.match(await page.getAttribute("figure#appointments canvas", "aria-label"), /Gestapeld staafdiagram van de afspraken per dag/);
  const t = (await api(server.url, "GET", `/api/v1/stats/appointments?from=${from}&to=${to}`, { token: manager })).body;
  await page.click("figure#appointments details summary");
  assert.equal(await page.$$eval("figure#appointments details tbody tr", (rs) => rs.length), t.rows.length);
  // The CSV of the table, as the others.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("figure#appointments a.csv")]);
  const csv = parseCsv(readFileSync(await download.path(), "utf8"));
  assert.equal(csv.length, t.rows.length + 1);
  t.rows.forEach((row, i) => row.forEach((v, j) => assert.ok(sameCell(csv[i + 1][j], v), `row ${i} column ${t.columns[j].key}`)));
  // Anonymous: no contact detail anywhere on the page.
  assert.doesNotMatch(await page.textContent("main"), /@|\+32|04\d\d \d\d/);
  await fig.scrollIntoViewIfNeeded();
  await fig.screenshot({ path: path.join(SHOTS, "dashboard-appointments.png") });
  assert.deepEqual(await axeScan(page), []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("the location selector shows another location's figures, live and over the period", async () => {
  const page = await openDashboard();
  const options = await page.$$eval("#f-location option", (os) => os.map((o) => [o.value, o.textContent]));
  assert.deepEqual(options, [["centrum", "Sociaal Huis Demostad"], ["noord", "Sociaal Huis Demostad, antenne Noord"]]);
  // A visitor at Noord, taken at its desk.
  const staff = await login(server.url, "onthaal", PASSWORD.onthaal);
  const issued = await api(server.url, "POST", "/api/v1/tickets?location=noord", { token: staff, body: { service: "noord-onthaal" } });
  assert.equal(issued.status, 201, JSON.stringify(issued.body));
  await page.selectOption("#f-location", "noord");
  await page.waitForFunction(() => location.hash.includes("location=noord") && document.body.dataset.period === "ready");
  // Live: Noord's services and desk only.
  await page.waitForFunction(() => document.querySelector("#where").textContent.includes("Noord"));
  assert.deepEqual(await page.$$eval("#live-services tbody th", (ths) => ths.map((t) => t.textContent)), ["Onthaal Noord"]);
  assert.match(await page.textContent("#live-desks"), /Loket Noord/);
  // The period: Noord's one visitor; the service filter lists Noord's services.
  assert.equal((await page.textContent("#kpis li:first-child .value")).replace(/\D/g, ""), "1");
  assert.deepEqual(await page.$$eval("#f-service option", (os) => os.map((o) => o.value)), ["", "noord-onthaal"]);
  assert.match(await page.textContent("#period-status"), /antenne Noord/);
  // The CSV link carries the location.
  assert.match(await page.getAttribute("figure[data-table=daily] a.csv", "href"), /location=noord/);
  // It survives a reload (it is in the address), and back to the main location.
  await page.reload();
  await page.waitForSelector("body[data-period=ready]", { timeout: 20000 });
  assert.equal(await page.inputValue("#f-location"), "noord");
  await screenshot(page, "dashboard-location-noord");
  assert.deepEqual(await axeScan(page), []);
  await page.selectOption("#f-location", "centrum");
  await page.waitForFunction(() => location.hash.includes("location=centrum") && document.body.dataset.period === "ready");
  await page.waitForFunction(() => document.querySelectorAll("#live-services tbody tr").length >= 4);
  assert.ok(Number((await page.textContent("#kpis li:first-child .value")).replace(/\D/g, "")) > 5000);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("live figures follow the queue over the WebSocket", async () => {
  const page = await openDashboard();
  const staff = await login(server.url, "onthaal", PASSWORD.onthaal);
  const waiting = async () => Number((await page.textContent("#live-services tbody tr:nth-child(4) td:nth-child(3)")).replace(/\D/g, ""));
  const before = await waiting();
  assert.equal(await page.textContent("#live-services tbody tr:nth-child(4) th"), "Huurbegeleiding");
  await api(server.url, "POST", "/api/v1/tickets", { token: staff, body: { service: "huur" } });
  await page.waitForFunction((n) => Number(document.querySelector("#live-services tbody tr:nth-child(4) td:nth-child(3)").textContent.replace(/\D/g, "")) === n, before + 1, { timeout: 5000 });
  const desks = await api(server.url, "GET", "/api/v1/desks", { token: staff });
  const balie = desks.body.find((d) => d.name === "Balie 3");
  await api(server.url, "POST", `/api/v1/desks/${balie.id}/call-next`, { token: staff, body: {} });
  await page.waitForFunction(() => /Balie 3\s+roept/.test(document.querySelector("#live-desks").textContent), null, { timeout: 5000 });
  await screenshot(page, "dashboard-live");
  await page.close();
});

test("a desk account cannot open the dashboard, and the API refuses it too", async () => {
  const page = await browser.newPage({ viewport: VIEW, bypassCSP: true, locale: "nl-BE" });
  await page.goto(`${server.url}/dashboard`);
  await page.waitForSelector("body[data-state=login]");
  // Nobody is logged in yet: nothing to log out of.
  assert.equal(await page.isHidden("#logout"), true);
  await page.fill("#username", "onthaal");
  await page.fill("#password", PASSWORD.onthaal);
  await page.click("#login-form button[type=submit]");
  await page.waitForFunction(() => document.querySelector("#login-error").textContent.length > 0);
  assert.match(await page.textContent("#login-error"), /mag het dashboard niet/);
  assert.equal(await page.isHidden("#app"), true);
  assert.equal(await page.isHidden("#logout"), true);
  assert.deepEqual(await axeScan(page), []);
  await screenshot(page, "dashboard-refused");
  const staff = await login(server.url, "onthaal", PASSWORD.onthaal);
  assert.equal((await api(server.url, "GET", "/api/v1/stats", { token: staff })).status, 403);
  await page.close();
});

test("too many wrong passwords: the dashboard's login says in Dutch how long to wait", async () => {
  const page = await browser.newPage({ viewport: VIEW, bypassCSP: true, locale: "nl-BE" });
  await page.goto(`${server.url}/dashboard`);
  await page.waitForSelector("body[data-state=login]");
  await page.fill("#username", "gok.dashboard");
  for (let i = 0; i < 6; i++) {
    await page.fill("#password", `fout ${i}`);
    await page.$eval("#login-error", (e) => { e.textContent = ""; });
    await page.click("#login-form button[type=submit]");
    await page.waitForFunction(() => document.querySelector("#login-error").textContent.length > 0);
  }
  assert.match(await page.textContent("#login-error"), /^Te veel mislukte pogingen om aan te melden\. Wacht \d+ seconden? en probeer dan opnieuw\.$/);
  await page.close();
});
