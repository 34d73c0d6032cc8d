// Closing a service now, in Chromium: reception closes the permanentie in the desk app (staff
// ill) while kiosks in other browsers show the topics screen; they show it closed at once, with
// the time and the reason in the visitor's language (French, Arabic, Dutch), and nobody can take
// a ticket for it. A visitor already waiting sees on their status page (Arabic) that the service
// closed and that they keep their place, and the waiting-room display says until when;
// reopening takes them all back, live. A manager has the
// same control. Every page is scanned with axe-core and photographed.
//
// Run: cd tests/browser && node --test --test-concurrency=1 closures.test.mjs
// (binaries from target/debug, or ONTHAAL_BIN_DIR=/path/to/debug).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, addDevice, startStation, api, login, launchBrowser, axeScan, screenshot } from "./lib.mjs";

let server, kiosk, display, browser, staff;
const errors = [];

before(async () => {
  server = await startServer();
  kiosk = await startStation("kiosk", server, addDevice(server, "kiosk", "Kiosk inkom"), ["--printer", "console"]);
  display = await startStation("display", server, addDevice(server, "display", "Scherm wachtzaal"));
  browser = await launchBrowser();
  staff = await login(server.url, "onthaal", "onthaal");
});

after(async () => {
  await browser?.close();
  await kiosk?.stop();
  await display?.stop();
  await server?.stop();
  assert.deepEqual(errors, [], "no script errors");
});

async function newPage(viewport, url) {
  const context = await browser.newContext({ viewport, bypassCSP: true, locale: "nl-BE", timezoneId: "Europe/Brussels" });
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(`${url}: ${e}`));
  await page.goto(url);
  return page;
}

/** A kiosk in its own browser on the topics screen in `lang`. */
async function kioskTopics(lang) {
  const page = await newPage({ width: 1080, height: 1920 }, kiosk.url);
  await page.waitForSelector('body[data-screen="start"]');
  await page.click(`#lang-${lang}`);
  await page.waitForSelector('body[data-screen="choice"]');
  await page.click("#choice-question");
  await page.waitForSelector('body[data-screen="topics"]');
  return page;
}

async function look(page, name) {
  await screenshot(page, name);
  assert.deepEqual(await axeScan(page), [], `accessibility of ${name}`);
}

/** A time at least an hour later today in Brussels ("HH:00"), so the closure cannot end during
 * the test; null late at night (then: the end of the day). */
function laterToday() {
  const hour = Number(new Intl.DateTimeFormat("nl-BE", { hour: "2-digit", hourCycle: "h23", timeZone: "Europe/Brussels" }).format(new Date()));
  return hour < 22 ? `${String(hour + 2).padStart(2, "0")}:00` : null;
}

test("the desk closes the permanentie; kiosks and a waiting visitor's phone follow live", async () => {
  // An Arabic visitor is already waiting for the permanentie.
  const r = await api(server.url, "POST", "/api/v1/tickets", { token: staff, body: { service: "permanentie", lang: "ar" } });
  assert.equal(r.status, 201);
  const waiting = r.body;

  const fr = await kioskTopics("fr");
  assert.equal(await fr.getAttribute("#service-permanentie", "aria-disabled"), null, "open at first");
  const tv = await newPage({ width: 1920, height: 1080 }, display.url);
  const tvRow = tv.locator('#queues li[data-service="permanentie"]');
  await tvRow.waitFor();
  const phone = await newPage({ width: 390, height: 844 }, `${server.url}/s/${waiting.status_token}`);
  await phone.waitForSelector("#number");
  assert.equal(await phone.isHidden("#closed-notice"), true);

  // Reception, in the desk app.
  const desk = await newPage({ width: 1366, height: 768 }, `${server.url}/`);
  await desk.fill("#login-user", "onthaal");
  await desk.fill("#login-pass", "onthaal");
  await desk.click("#login-submit");
  await desk.waitForSelector('body[data-screen="desk"]');
  await desk.locator(".desk-option", { hasText: "Loket 1" }).locator("input").check();
  await desk.click("#desk-submit");
  await desk.waitForSelector('#conn[data-state="live"]');
  const item = desk.locator("#closures-list li", { hasText: "Permanentie" });
  await item.getByText("Open", { exact: true }).waitFor();
  await desk.locator("#closures-panel").scrollIntoViewIfNeeded();
  await look(desk, "closures-1-desk-panel-open");

  // "Nu sluiten…": until a time (or the end of the day late at night), staff illness.
  await item.getByRole("button", { name: "Permanentie nu sluiten…" }).click();
  await desk.waitForSelector("#close-dialog[open]");
  const until = laterToday();
  if (until) {
    await desk.check("#close-until-time");
    assert.equal(await desk.evaluate(() => document.activeElement.id), "close-time", "the time field takes the focus");
    await desk.fill("#close-time", until);
  }
  await desk.selectOption("#close-reason", "staff_illness");
  await desk.fill("#close-note", "Jan en An ziek");
  await look(desk, "closures-2-desk-dialog");
  await desk.click("#close-submit");
  await desk.waitForSelector("#close-dialog:not([open])", { state: "attached" });
  const said = until ? `Permanentie is gesloten tot ${until}.` : "Permanentie is gesloten tot het einde van de dag.";
  assert.match(await desk.textContent("#closures-note"), new RegExp(said.replace(/\./g, "\\.")));
  await item.getByText(/ziekte van medewerkers/).waitFor();
  await item.getByText(/Sam Onthaal.*Jan en An ziek/).waitFor();
  // The focus stays on the service's button, now "Heropenen".
  assert.equal(await desk.evaluate(() => document.activeElement.textContent), "Heropenen");
  await look(desk, "closures-3-desk-panel-closed");

  // The French kiosk, open all along in its own browser, shows it closed at once.
  const tile = fr.locator("#service-permanentie");
  await fr.waitForSelector('#service-permanentie[aria-disabled="true"]', { timeout: 5000 });
  const frText = until ? `Fermé jusqu'à ${until} — maladie du personnel` : "Fermé aujourd'hui — maladie du personnel";
  assert.equal((await tile.locator(".state").textContent()).trim(), frText);
  await tile.click({ force: true });
  await fr.waitForTimeout(300);
  assert.equal(await fr.getAttribute("body", "data-screen"), "topics", "a closed tile takes no ticket");
  await look(fr, "closures-4-kiosk-closed-fr");
  // Dutch and Arabic kiosks opened now show the same.
  const nl = await kioskTopics("nl");
  assert.equal((await nl.locator("#service-permanentie .state").textContent()).trim(),
    until ? `Gesloten tot ${until} — ziekte van medewerkers` : "Vandaag gesloten — ziekte van medewerkers");
  await look(nl, "closures-5-kiosk-closed-nl");
  const ar = await kioskTopics("ar");
  // A 24-hour time in every language ("22:00", not "10:00 م").
  assert.equal((await ar.locator("#service-permanentie .state").textContent()).trim(),
    until ? `مغلق حتى ${until} — مرض الموظفين` : "مغلق اليوم — مرض الموظفين");
  await look(ar, "closures-6-kiosk-closed-ar");
  // The API refuses a ticket too.
  const refused = await api(server.url, "POST", "/api/v1/tickets", { token: staff, body: { service: "permanentie" } });
  assert.equal(refused.status, 409);
  assert.equal(refused.body.error.code, "service_closed");

  // The waiting room's display says until when (its words are Dutch).
  await tv.waitForFunction((text) => document.querySelector('#queues li[data-service="permanentie"]').textContent.includes(text),
    until ? `gesloten tot ${until}` : "gesloten", { timeout: 5000 });
  await screenshot(tv, "closures-8-display-closed");

  // The waiting visitor's phone: the notice in Arabic, the place kept.
  await phone.waitForSelector("#closed-notice:not([hidden])", { timeout: 10000 });
  const notice = await phone.textContent("#closed-notice");
  assert.match(notice, /مرض الموظفين/);
  if (until) assert.ok(notice.includes(until), notice);
  assert.match(notice, /تحتفظ بمكانك في الدور/);
  assert.ok(!notice.includes("ziek"), "the staff note never reaches a visitor");
  assert.equal(await phone.textContent("#number"), waiting.number);
  await look(phone, "closures-7-status-notice-ar");

  // Reopened: the kiosk tile and the phone follow.
  await item.getByRole("button", { name: "Permanentie heropenen" }).click();
  await item.getByText("Open", { exact: true }).waitFor();
  assert.equal(await desk.textContent("#closures-note"), "Permanentie is weer open.");
  await fr.waitForSelector('#service-permanentie:not([aria-disabled])', { timeout: 5000 });
  await phone.waitForSelector("#closed-notice[hidden]", { state: "attached", timeout: 10000 });
  await tv.waitForFunction(() => !document.querySelector('#queues li[data-service="permanentie"]').classList.contains("closed"), null, { timeout: 5000 });
  for (const p of [fr, nl, ar, phone, desk, tv]) await p.context().close();
});

test("a manager closes and reopens from the desk app; a social worker has no such control", async () => {
  for (const [user, pass, can] of [["diensthoofd", "diensthoofd", true], ["mw.peeters", "peeters", false]]) {
    const page = await newPage({ width: 1366, height: 768 }, `${server.url}/`);
    await page.fill("#login-user", user);
    await page.fill("#login-pass", pass);
    await page.click("#login-submit");
    await page.waitForSelector('body[data-screen="desk"], body[data-screen="work"]');
    if (await page.getAttribute("body", "data-screen") === "desk") {
      await page.locator(".desk-option input").first().check();
      await page.click("#desk-submit");
    }
    await page.waitForSelector('#conn[data-state="live"]');
    assert.equal(await page.isVisible("#closures-panel"), can, user);
    if (can) {
      const item = page.locator("#closures-list li", { hasText: "Schuldhulp" });
      await item.getByRole("button", { name: "Schuldhulpverlening nu sluiten…" }).click();
      await page.click("#close-submit");
      await item.getByText(/Gesloten tot het einde van de dag — ziekte van medewerkers/).waitFor();
      await item.getByRole("button", { name: "Schuldhulpverlening heropenen" }).click();
      await item.getByText("Open", { exact: true }).waitFor();
    }
    await page.context().close();
  }
});
