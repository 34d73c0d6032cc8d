// Absences in the desk app, in Chromium at 1366×768: reception reports An Peeters absent on a
// coming working day; before saving, the app lists her two appointments that day, offering for
// each only a colleague free at that hour (Karim Janssens is busy at 10:00, so that one can only
// be cancelled); after saving, the clients to phone are shown and the list is printed at the
// reception (the printed bytes decoded). An Peeters, logged in elsewhere, sees her absence
// appear live. Every screen is scanned with axe-core and photographed.
//
// Run: cd tests/browser && CARGO_TARGET_DIR=/path/to/target node --test absences.test.mjs

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  startServer, api, login, launchBrowser, assertAccessible, logInAtDesk, demoConfigWithPrinter, printedJobs, PASSWORD,
} from "./lib.mjs";

const VIEW = { width: 1366, height: 768 };

let server, browser, printerDir, token, ids;
const pages = [];

function brusselsDay(offset = 0) {
  const d = new Date(Date.now() + offset * 86400000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Brussels" }).format(d);
}
/** A working day at least two days ahead, as YYYY-MM-DD. */
const DAY = (() => {
  for (let i = 2; i < 9; i++) {
    const day = brusselsDay(i);
    const dow = new Date(`${day}T12:00:00Z`).getUTCDay();
    if (dow >= 1 && dow <= 5) return day;
  }
  throw new Error("no working day ahead");
})();
const DMY = DAY.split("-").reverse().join("/");

/** The demo with its reception printer here; appointments on public holidays too (the day
 * ahead may be one). */
function config(printerDir) {
  const file = demoConfigWithPrinter(printerDir);
  const text = readFileSync(file, "utf8");
  writeFileSync(file, text.replaceAll("always_open = true\n", "always_open = true\nappointments_on_public_holidays = true\n"));
  return file;
}

/** The offset of Brussels on DAY, as "+01:00" or "+02:00". */
function offset() {
  const noon = new Date(`${DAY}T12:00:00Z`);
  const h = Number(new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Brussels", hour: "2-digit", hourCycle: "h23" }).format(noon));
  return `+0${h - 12}:00`;
}

async function book(staff, time, contact) {
  const r = await api(server.url, "POST", "/api/v1/appointments", {
    token,
    body: { service: "afspraak", staff, start: `${DAY}T${time}:00${offset()}`, duration_min: 30, lang: "nl", contact },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.id;
}

before(async () => {
  printerDir = mkdtempSync(path.join(tmpdir(), "onthaal-absences-printer-"));
  server = await startServer({ config: config(printerDir) });
  browser = await launchBrowser();
  token = await login(server.url, "onthaal", PASSWORD.onthaal);
  const staff = (await api(server.url, "GET", "/api/v1/staff", { token })).body;
  ids = Object.fromEntries(staff.map((s) => [s.name, s.id]));
  await book(ids["An Peeters"], "09:00", { name: "Marie Dubois", phone: "0470 12 34 56" });
  await book(ids["An Peeters"], "10:00", { name: "Jan Peeters", phone: "0499 98 76 54" });
  await book(ids["Karim Janssens"], "10:00", { name: "Iemand Anders" });
});

after(async () => {
  for (const p of pages) assert.deepEqual(p.errors, [], "no script errors");
  await browser?.close();
  await server?.stop();
});

async function openApp(user, password, deskName) {
  const context = await browser.newContext({ viewport: VIEW, bypassCSP: true, locale: "nl-BE", timezoneId: "Europe/Brussels" });
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(e));
  pages.push(page);
  await page.goto(`${server.url}/`);
  await page.waitForSelector('body[data-screen="login"]');
  await logInAtDesk(page, user, password, deskName);
  await page.click("#tab-absences");
  await page.waitForSelector('body[data-screen="absences"]');
  return page;
}

test("reception reports a social worker absent, decides for each appointment, and gets the list to phone", async () => {
  const worker = await openApp("mw.peeters", PASSWORD["mw.peeters"], "Spreekkamer 2");
  assert.equal(await worker.isHidden("#absence-form"), true, "a social worker only reads");
  await worker.locator("#absence-list", { hasText: "U hebt geen afwezigheden" }).waitFor();

  const r = await openApp("onthaal", PASSWORD.onthaal, "Loket 1");
  await assertAccessible(r, "absences-form");
  await r.selectOption("#absence-staff", String(ids["An Peeters"]));
  await r.check("#absence-range");
  await r.fill("#absence-from", DAY);
  await r.fill("#absence-to", DAY);
  await r.fill("#absence-note", "ziek");
  await r.click("#absence-check");
  await r.locator("#absence-touched-title", { hasText: "An Peeters heeft 2 afspraken" }).waitFor();
  const items = r.locator(".absence-item");
  assert.equal(await items.count(), 2);
  // 09:00: Karim is free (and the team, which is Karim); 10:00: he is not, so only cancelling.
  const first = items.nth(0).locator("select");
  const second = items.nth(1).locator("select");
  assert.deepEqual(await first.locator("option").allTextContents(), ["Naar Karim Janssens", "Naar het team", "Annuleren"]);
  assert.deepEqual(await second.locator("option").allTextContents(), ["Annuleren"]);
  assert.equal(await items.nth(1).locator("input").isVisible(), true, "the reason of a cancellation");
  await assertAccessible(r, "absences-preview");

  await first.selectOption({ label: "Naar Karim Janssens" });
  await items.nth(1).locator("input").fill("Ziek, niemand vrij");
  await r.click("#absence-save");
  await r.locator("#absence-result-title").waitFor();
  const rows = r.locator("#absence-call tbody tr");
  assert.equal(await rows.count(), 2, "no mail server: both are phoned");
  assert.match(await rows.nth(0).textContent(), /Marie Dubois.*0470 12 34 56.*09:00.*Naar Karim Janssens/);
  assert.match(await rows.nth(1).textContent(), /Jan Peeters.*0499 98 76 54.*10:00.*Geannuleerd: Ziek, niemand vrij/);
  await r.locator("#absence-print-note", { hasText: "afgedrukt op" }).waitFor();
  await r.locator("#absence-list td", { hasText: DMY }).first().waitFor();
  await assertAccessible(r, "absences-saved");

  const job = printedJobs(printerDir).at(-1);
  assert.ok(job, "the list is printed");
  for (const t of ["Afwezig: An Peeters", "Marie Dubois", "0470 12 34 56", "Naar Karim Janssens", "Jan Peeters", "Geannuleerd: Ziek, niemand vrij"]) {
    assert.ok(job.text.includes(t), `${t} on the printed list`);
  }

  // The social worker's own list follows live.
  await worker.locator("#absence-list td", { hasText: DMY }).first().waitFor();
  assert.equal(await worker.locator("#absence-list button").count(), 0, "read-only");
  await assertAccessible(worker, "absences-social-worker");

  // Reception removes it again.
  await r.locator("#absence-list button", { hasText: "Verwijderen" }).click();
  await r.locator("#absence-list-status", { hasText: "verwijderd" }).waitFor();
});
