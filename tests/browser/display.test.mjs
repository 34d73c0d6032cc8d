// The waiting-room display page in Chromium: calls appear and are highlighted, announcements
// are queued in order, a reload is instant, the screen survives a server restart, it is
// accessible (axe-core) and it is looked at (screenshots at 1920×1080 and 3840×2160).
//
// Run: cd tests/browser && node --test --test-concurrency=1 display.test.mjs
// (binaries from target/debug, or ONTHAAL_BIN_DIR=/path/to/debug).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, addDevice, startStation, api, login, launchBrowser, axeScan, screenshot, receptionApi, ADMIN_PASSWORD } from "./lib.mjs";

let server, display, browser, reception, admin, deviceId;
const pageErrors = [];

const issue = (service) => reception.issue({ service });
const callNext = (desk) => reception.callNext(desk);

async function settings(body) {
  const r = await api(server.url, "PUT", `/api/v1/devices/${deviceId}/settings`, { token: admin, body });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

async function openDisplay(width = 1920, height = 1080, { fakeClock = false } = {}) {
  const page = await browser.newPage({ viewport: { width, height } });
  if (fakeClock) await page.clock.install();
  page.on("pageerror", (e) => pageErrors.push(`${e}`));
  await page.goto(display.url);
  await page.waitForFunction(() => document.getElementById("location").textContent !== "Onthaal");
  return page;
}

before(async () => {
  server = await startServer();
  const token = addDevice(server, "display", "Wachtzaal");
  display = await startStation("display", server, token);
  browser = await launchBrowser();
  reception = await receptionApi(server);
  admin = await login(server.url, "admin", ADMIN_PASSWORD);
  const devices = (await api(server.url, "GET", "/api/v1/devices", { token: reception.token })).body;
  deviceId = devices.find((d) => d.name === "Wachtzaal").id;
});

after(async () => {
  assert.deepEqual(pageErrors, [], "no script errors on the page");
  await browser?.close();
  await display?.stop();
  await server?.stop();
});

test("before any call the screen welcomes and shows the queues, not a blank", async () => {
  const page = await openDisplay();
  assert.equal(await page.textContent("#location"), "Sociaal Huis Demostad");
  assert.ok(await page.isVisible("#now-empty"));
  assert.ok((await page.locator("#queues li").count()) >= 4);
  assert.match(await page.textContent("#clock"), /^\d\d:\d\d$/);
  assert.match(await page.textContent("#date"), /(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag) \d+ \w+ 20\d\d/);
  assert.equal(await page.isVisible("#link-state"), false);
  await screenshot(page, "display-empty-1920x1080");
  await page.close();
});

test("a call appears on the page at once and is highlighted", async () => {
  const page = await openDisplay(1920, 1080, { fakeClock: true });
  await issue("permanentie");
  const t = await callNext("Loket 1");
  await page.waitForFunction((n) => document.getElementById("now-number").textContent === n, t.number, { timeout: 5000 });
  assert.equal(await page.textContent("#now-desk"), "Loket 1");
  assert.ok(await page.evaluate(() => document.getElementById("now").classList.contains("fresh")), "highlighted");
  // Not by colour alone: a visible word and a thicker frame.
  assert.ok(await page.isVisible("#now-badge"));
  assert.equal(await page.textContent("#now-badge"), "NIEUW");
  const border = await page.evaluate(() => parseFloat(getComputedStyle(document.getElementById("now")).borderTopWidth));
  assert.ok(border >= 10, `a thick frame (${border}px)`);
  await page.waitForTimeout(700); // past the arrival animation, for the picture
  await screenshot(page, "display-fresh-call-1920x1080");
  // The highlight lasts a few seconds, then the call stays, calmly.
  await page.clock.fastForward(13000);
  await page.waitForFunction(() => !document.getElementById("now").classList.contains("fresh"), null, { timeout: 3000 });
  assert.equal(await page.isVisible("#now-badge"), false);
  assert.equal(await page.textContent("#now-number"), t.number);
  await page.close();
});

test("three calls in quick succession are announced completely, one after another, in order", async () => {
  const page = await openDisplay();
  for (let i = 0; i < 3; i++) await issue("id-team");
  const numbers = [];
  for (const desk of ["Loket 1", "Loket 2", "Balie 3"]) numbers.push((await callNext(desk)).number);
  await page.waitForFunction((n) => window.onthaalAnnouncements.filter((e) => e.event === "end" && n.includes(e.number)).length === 3,
    numbers, { timeout: 90000, polling: 100 });
  const log = (await page.evaluate(() => window.onthaalAnnouncements)).filter((e) => numbers.includes(e.number));
  const starts = log.filter((e) => e.event === "start");
  const ends = log.filter((e) => e.event === "end");
  assert.deepEqual(starts.map((e) => e.number), numbers, "announced in call order");
  assert.deepEqual(ends.map((e) => e.number), numbers);
  for (let i = 0; i < 3; i++) {
    assert.ok(starts[i].t <= ends[i].t);
    if (i > 0) assert.ok(ends[i - 1].t <= starts[i].t, "no announcement cuts off the one before");
  }
  // The order of events is strictly start/end pairs: never two started at once.
  const seq = log.filter((e) => e.event !== "queued").map((e) => e.event);
  assert.deepEqual(seq, ["start", "end", "start", "end", "start", "end"]);
  for (const e of ends) assert.match(e.how, /chime/, `a chime for ${e.number}: ${e.how}`);
  console.log("announcements:", ends.map((e) => `${e.number}: ${e.how}`).join("; "));
  // The latest call is the big one; the others are listed below it.
  assert.equal(await page.textContent("#now-number"), numbers[2]);
  const listed = await page.locator("#history .num").allTextContents();
  assert.deepEqual(listed.slice(0, 2), [numbers[1], numbers[0]]);
  await page.close();
});

test("a reload shows the current state at once, even before the live feed answers", async () => {
  const page = await openDisplay();
  const before = await page.textContent("#now-number");
  // Block the live feed: what shows must come from the page itself.
  await page.route("**/events", (route) => route.abort());
  const t0 = Date.now();
  await page.reload({ waitUntil: "domcontentloaded" });
  await page.waitForFunction((n) => document.getElementById("now-number").textContent === n, before, { timeout: 2000 });
  const ms = Date.now() - t0;
  assert.ok(ms < 2000, `shown ${ms} ms after reload`);
  assert.ok((await page.locator("#history li").count()) >= 1);
  await page.unroute("**/events");
  await page.close();
});

test("settings from the server: only its services, an information line, a second language", async () => {
  const page = await openDisplay();
  await settings({ services: ["permanentie", "id-team"], info_line: "Permanentie op dinsdagvoormiddag 08:30–12:00", second_language: "fr" });
  await page.waitForFunction(() => !document.getElementById("info").hidden);
  assert.equal(await page.textContent("#info-text"), "Permanentie op dinsdagvoormiddag 08:30–12:00");
  assert.equal(await page.locator("#queues li").count(), 2);
  assert.match(await page.textContent("#now-label"), /C'est votre tour/);
  await issue("schuldhulp");
  await issue("permanentie");
  const hidden = await callNext("Spreekkamer 2"); // schuldhulp: not on this display
  const shown = await callNext("Spreekkamer 1"); // permanentie
  await page.waitForFunction((n) => document.getElementById("now-number").textContent === n, shown.number);
  const all = await page.locator("#now-number, #history .num").allTextContents();
  assert.ok(!all.includes(hidden.number), `${hidden.number} is not for this display`);
  await page.waitForFunction((n) => window.onthaalAnnouncements.some((e) => e.event === "end" && e.number === n), shown.number, { timeout: 60000 });
  await page.close();
});

test("a recall highlights the ticket's line again instead of adding a second one", async () => {
  const page = await openDisplay();
  for (let i = 0; i < 3; i++) await issue("id-team");
  const first = await callNext("Loket 1");
  await callNext("Loket 2");
  await callNext("Balie 3");
  const r = await api(server.url, "POST", `/api/v1/tickets/${first.id}/recall`, { token: reception.token, body: {} });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await page.waitForFunction((n) => document.getElementById("now-number").textContent === n
    && document.getElementById("now-badge").textContent === "OPNIEUW", first.number, { timeout: 5000 });
  const listed = await page.locator("#history .num").allTextContents();
  assert.ok(!listed.includes(first.number), `${first.number} is shown once, not also in ${listed}`);
  await page.close();
});

test("several languages: headings and an information line in each, the Dutch line standing in for none", async () => {
  await settings({
    services: [], languages: ["fr", "en", "ar"],
    info_line: "Permanentie op dinsdag 08:30–12:00",
    info_lines: { fr: "Permanence le mardi 08:30–12:00", ar: "الاستقبال يوم الثلاثاء 08:30–12:00" },
  });
  const page = await openDisplay();
  await page.waitForFunction(() => document.querySelectorAll("#info-text .info-line").length === 3);
  const heads = await page.$$eval("#now-l2 [lang]", (els) => els.map((e) => [e.lang, e.textContent]));
  assert.deepEqual(heads, [["fr", "C'est votre tour"], ["en", "Your turn now"], ["ar", "حان دورك"]]);
  const lines = await page.$$eval("#info-text .info-line", (els) => els.map((e) => [e.lang, e.textContent]));
  assert.deepEqual(lines, [["nl", "Permanentie op dinsdag 08:30–12:00"], ["fr", "Permanence le mardi 08:30–12:00"],
    ["ar", "الاستقبال يوم الثلاثاء 08:30–12:00"]]);
  await issue("permanentie");
  const t = await callNext("Spreekkamer 1");
  const e = await page.waitForFunction((n) => window.onthaalAnnouncements.find((x) => x.event === "end" && x.number === n),
    t.number, { timeout: 90000 });
  const how = (await e.jsonValue()).how;
  // Dutch, then each language in order, whatever the voice that said it.
  assert.match(how, /:nl .*:fr .*:en .*:ar$/, how);
  await screenshot(page, "display-three-languages-1920x1080");
  await page.close();
  await settings({ services: [] });
});

test("Russian, a language added as one catalogue file: headings, information line and the spoken call", async () => {
  // A language without a catalogue is refused, with the JSON error.
  const bad = await api(server.url, "PUT", `/api/v1/devices/${deviceId}/settings`, { token: admin, body: { languages: ["xx"] } });
  assert.equal(bad.status, 422, JSON.stringify(bad.body));
  await settings({
    services: [], languages: ["ru", "ar"],
    info_line: "Permanentie op dinsdag 08:30–12:00",
    info_lines: { ru: "Приём по вторникам 08:30–12:00" },
  });
  const page = await openDisplay();
  await page.waitForFunction(() => document.querySelectorAll("#info-text .info-line").length === 2);
  const heads = await page.$$eval("#now-l2 [lang]", (els) => els.map((e) => [e.lang, e.dir, e.textContent]));
  assert.deepEqual(heads, [["ru", "ltr", "Ваша очередь"], ["ar", "rtl", "حان دورك"]]);
  const lines = await page.$$eval("#info-text .info-line", (els) => els.map((e) => [e.lang, e.textContent]));
  assert.deepEqual(lines, [["nl", "Permanentie op dinsdag 08:30–12:00"], ["ru", "Приём по вторникам 08:30–12:00"]]);
  await issue("permanentie");
  const t = await callNext("Spreekkamer 1");
  const e = await page.waitForFunction((n) => window.onthaalAnnouncements.find((x) => x.event === "end" && x.number === n),
    t.number, { timeout: 90000 });
  const how = (await e.jsonValue()).how;
  console.log("Russian call:", how);
  assert.match(how, /:nl .*:ru .*:ar$/, how);
  await screenshot(page, "display-russian-1920x1080");
  await page.close();
  await settings({ services: [] });
});

test("screenshots at 1920×1080 and 3840×2160 with a busy morning, and no serious accessibility issue", async () => {
  // A realistic screen: every service, several waiting, several calls, a fresh one, an
  // information line and French as the second language.
  await settings({ services: [], info_line: "Permanentie op dinsdagvoormiddag 08:30–12:00", second_language: "fr" });
  for (const s of ["id-team", "id-team", "permanentie", "permanentie", "permanentie", "id-team"]) await issue(s);
  await callNext("Loket 2");
  await callNext("Loket 1");
  for (const [w, h] of [[1920, 1080], [3840, 2160]]) {
    const page = await openDisplay(w, h);
    await issue("permanentie");
    const t = await callNext("Spreekkamer 1");
    await page.waitForFunction((n) => document.getElementById("now-number").textContent === n, t.number);
    await page.waitForTimeout(700); // let the arrival animation settle for the picture
    await screenshot(page, `display-${w}x${h}`);
    // Everything fits: nothing of the big call is cut off, and the number is the largest text.
    const fits = await page.evaluate(() => {
      const el = (id) => document.getElementById(id);
      const body = el("now-body").clientWidth;
      const size = (id) => parseFloat(getComputedStyle(el(id)).fontSize);
      return el("now-number").scrollWidth <= body + 1 && el("now-where").scrollWidth <= body + 1
        && size("now-number") > size("now-desk") && size("now-number") >= innerHeight * 0.15
        && document.documentElement.scrollHeight <= innerHeight + 1;
    });
    assert.ok(fits, `layout fits at ${w}×${h}`);
    // Every previous call listed is shown whole: none cut off at the panel's edge.
    const rows = await page.evaluate(() => {
      const panel = document.querySelector(".history");
      const inner = panel.getBoundingClientRect().bottom - parseFloat(getComputedStyle(panel).paddingBottom);
      return [...document.querySelectorAll("#history li:not([hidden])")].map((li) => [li.textContent, li.getBoundingClientRect().bottom, inner]);
    });
    assert.ok(rows.length >= 3, `previous calls listed at ${w}×${h}: ${JSON.stringify(rows)}`);
    for (const [text, bottom, inner] of rows) assert.ok(bottom <= inner + 1, `"${text}" is cut off at ${w}×${h} (${bottom} > ${inner})`);
    const violations = await axeScan(page);
    assert.deepEqual(violations, [], violations.join("\n"));
    await page.close();
  }
});

test("when the server goes away the screen keeps everything, says it reconnects, and recovers", async () => {
  const page = await openDisplay();
  const number = await page.textContent("#now-number");
  const port = new URL(server.url).port;
  await server.stop();
  await page.waitForSelector("#link-state:not([hidden])", { timeout: 10000 });
  assert.match(await page.textContent("#link-state"), /Verbinding herstellen/);
  assert.equal(await page.textContent("#now-number"), number, "the last call stays on screen");
  await screenshot(page, "display-reconnecting-1920x1080");
  server = await startServer({ bind: `127.0.0.1:${port}`, databaseUrl: server.databaseUrl });
  await page.waitForSelector("#link-state", { state: "hidden", timeout: 15000 });
  reception = await receptionApi(server);
  await issue("id-team");
  const t = await callNext("Loket 2");
  await page.waitForFunction((n) => document.getElementById("now-number").textContent === n, t.number, { timeout: 5000 });
  await page.close();
});
