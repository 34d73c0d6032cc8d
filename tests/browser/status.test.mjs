// The visitor's status page (/s/{token}, behind the QR code on the ticket) on a phone in
// Chromium: waiting → called → done live without a reload, "I'm leaving" with its
// confirmation dialog, the polling fallback when the live stream is blocked, Arabic from right
// to left, a 320 px wide screen; axe-core on every state and screenshots of each.
//
// Run: cd tests/browser && node --test --test-concurrency=1 status.test.mjs
// (binaries from target/debug, or ONTHAAL_BIN_DIR=/path/to/debug).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, api, launchBrowser, axeScan, screenshot, receptionApi } from "./lib.mjs";

let server, browser, reception;
const pageErrors = [];

const issue = (service, lang) => reception.issue({ service, lang });
const callNext = (desk) => reception.callNext(desk);

async function act(ticket, action) {
  const r = await api(server.url, "POST", `/api/v1/tickets/${ticket.id}/${action}`, { token: reception.token, body: {} });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

/** A phone (390×844, touch) showing the ticket's page; vibrations are recorded. The page's CSP
 *  is bypassed so that axe-core can be injected, unless `csp` asks for it to hold. */
async function openPhone(ticket, { width = 390, height = 844, blockStream = false, csp = false } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, bypassCSP: !csp });
  await context.addInitScript(() => {
    window.__vibrations = [];
    navigator.vibrate = (p) => { window.__vibrations.push(p); return true; };
  });
  const page = await context.newPage();
  page.on("pageerror", (e) => pageErrors.push(`${e}`));
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  if (blockStream) await page.route("**/events", (route) => route.abort());
  await page.goto(`${server.url}/s/${ticket.status_token}`);
  // Marks this document: if it is still there later, nothing was reloaded.
  await page.evaluate(() => { window.__sameDocument = true; });
  return { page, context, requests };
}

const text = (page, id) => page.locator(`#${id}`).innerText();

async function noSeriousViolations(page, what) {
  const v = await axeScan(page);
  assert.deepEqual(v, [], `${what}: axe-core serious/critical violations`);
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  reception = await receptionApi(server);
});

after(async () => {
  assert.deepEqual(pageErrors, [], "no script errors on the page");
  await browser?.close();
  await server?.stop();
});

test("waiting, called and done follow each other live, without a reload", async () => {
  const ahead = await issue("schuldhulp", "nl");
  const mine = await issue("schuldhulp", "en");
  const { page, context } = await openPhone(mine);
  assert.equal(await text(page, "headline"), "You are in the queue");
  assert.equal(await text(page, "number"), mine.number);
  assert.equal(await text(page, "position"), "1");
  assert.equal(await page.locator("#leave").innerText(), "I'm leaving");
  await screenshot(page, "status-waiting");
  await noSeriousViolations(page, "waiting");

  // The visitor ahead is called: my position moves.
  const first = await callNext("Spreekkamer 2");
  assert.equal(first.id, ahead.id);
  await page.waitForFunction(() => document.getElementById("position").textContent === "0");

  // My turn: said on the page and to screen readers, with a vibration.
  await callNext("Spreekkamer 2");
  await page.waitForFunction(() => document.getElementById("goto").textContent === "Go to Spreekkamer 2");
  assert.equal(await text(page, "headline"), "It's your turn!");
  assert.equal(await page.locator("#live").textContent(), "It's your turn! Go to Spreekkamer 2");
  assert.equal(await page.locator("#live").getAttribute("aria-live"), "assertive");
  assert.equal(await page.evaluate(() => window.__vibrations.length), 1);
  assert.ok(await page.locator("#leave").isVisible(), "called but not helped yet: may still leave");
  await screenshot(page, "status-called");
  await noSeriousViolations(page, "called");

  await act(mine, "start");
  await page.waitForFunction(() => document.getElementById("headline").textContent === "You are being helped");
  assert.ok(!(await page.locator("#leave").isVisible()));
  await act(mine, "finish");
  await page.waitForFunction(() => document.getElementById("headline").textContent === "Your visit has ended. Thank you!");
  // A finished visit says so and shows nothing else.
  for (const id of ["ticket", "figures", "goto", "leave", "note"]) {
    assert.ok(!(await page.locator(`#${id}`).isVisible()), `${id} hidden when done`);
  }
  assert.ok(await page.evaluate(() => window.__sameDocument === true), "no reload happened");
  await screenshot(page, "status-done");
  await noSeriousViolations(page, "done");

  // A reload shows the same.
  await page.reload();
  assert.equal(await text(page, "headline"), "Your visit has ended. Thank you!");
  assert.ok(!(await page.locator("#ticket").isVisible()));
  await context.close();
});

test("\"I'm leaving\" asks first, then frees the place, and the queue behind moves up", async () => {
  const mine = await issue("huur", "fr");
  const behind = await issue("huur", "en");
  const { page, context } = await openPhone(mine);
  const other = await openPhone(behind);
  assert.equal(await text(other.page, "position"), "1");

  // The dialog: named, modal, and "no" changes nothing.
  await page.locator("#leave").click();
  const dialog = page.getByRole("dialog", { name: "Quitter la file d'attente ?" });
  await dialog.waitFor();
  assert.match(await text(page, "c-text"), new RegExp(mine.number));
  assert.equal(await page.evaluate(() => document.activeElement.id), "c-no", "focus starts on the safe choice");
  await screenshot(page, "status-leave-dialog");
  await noSeriousViolations(page, "leave dialog");
  await page.getByRole("button", { name: "Non, je reste" }).click();
  await dialog.waitFor({ state: "hidden" });
  assert.equal(await text(page, "headline"), "Vous êtes dans la file d'attente");

  await page.locator("#leave").click();
  await page.getByRole("button", { name: "Oui, je pars" }).click();
  await page.waitForFunction(() => document.getElementById("headline").textContent.startsWith("Vous avez quitté la file"));
  assert.ok(!(await page.locator("#ticket").isVisible()));
  assert.ok(!(await page.locator("#leave").isVisible()));
  assert.equal(await page.evaluate(() => document.activeElement.id), "headline");
  await screenshot(page, "status-left");
  await noSeriousViolations(page, "left");

  // The next visitor's phone moves up by itself.
  await other.page.waitForFunction(() => document.getElementById("position").textContent === "0");
  const s = await api(server.url, "GET", `/api/v1/status/${mine.status_token}`);
  assert.equal(s.body.state, "cancelled");
  assert.equal(s.body.left, true);
  await page.reload();
  assert.equal(await text(page, "headline"), "Vous avez quitté la file d'attente. Au revoir !");
  await context.close();
  await other.context.close();
});

test("with the live stream blocked, polling still brings the call", async () => {
  const mine = await issue("permanentie", "nl");
  // Under the page's own CSP: its script and style are files, its first state a data block.
  const { page, context, requests } = await openPhone(mine, { blockStream: true, csp: true });
  assert.equal(await text(page, "headline"), "U staat in de wachtrij");
  await callNext("Spreekkamer 1");
  await page.waitForFunction(() => document.getElementById("goto").textContent === "Ga naar Spreekkamer 1", null, { timeout: 12000 });
  assert.ok(requests.some((u) => u.endsWith(`/api/v1/status/${mine.status_token}`)), "the page polled the JSON status");
  assert.ok(await page.evaluate(() => window.__sameDocument === true), "no reload happened");
  await context.close();
});

test("Arabic reads right to left, and a 320 px phone shows everything", async () => {
  const ar = await issue("id-team", "ar");
  const phone = await openPhone(ar);
  assert.equal(await phone.page.evaluate(() => document.documentElement.dir), "rtl");
  assert.equal(await phone.page.evaluate(() => document.documentElement.lang), "ar");
  assert.equal(await text(phone.page, "headline"), "أنت في قائمة الانتظار");
  await screenshot(phone.page, "status-waiting-ar");
  await callNext("Loket 2");
  await phone.page.waitForFunction(() => document.getElementById("goto").textContent === "توجّه إلى Loket 2");
  await screenshot(phone.page, "status-called-ar");
  await noSeriousViolations(phone.page, "Arabic");
  await phone.context.close();

  await issue("schuldhulp", "uk");
  const small = await issue("schuldhulp", "uk");
  const narrow = await openPhone(small, { width: 320, height: 568 });
  assert.equal(await text(narrow.page, "headline"), "Ви в черзі");
  const overflow = await narrow.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `nothing wider than the screen (${overflow} px too wide)`);
  const box = await narrow.page.locator("#leave").boundingBox();
  assert.ok(box.height >= 44 && box.x >= 0 && box.x + box.width <= 320, `the leave button is a big target on screen: ${JSON.stringify(box)}`);
  await screenshot(narrow.page, "status-waiting-320");
  await noSeriousViolations(narrow.page, "320 px");
  await narrow.context.close();

  // A token that does not exist: a friendly page in the browser's language.
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: "fr-BE", bypassCSP: true });
  const page = await ctx.newPage();
  const r = await page.goto(`${server.url}/s/abcdefghjkmnpqrstuvw`);
  assert.equal(r.status(), 404);
  assert.equal(await text(page, "headline"), "Ce ticket n'existe pas. Adressez-vous à l'accueil.");
  assert.ok(await page.locator("#icon-info").isVisible(), "a pictogram says: ask at the desk");
  await screenshot(page, "status-unknown");
  await noSeriousViolations(page, "unknown ticket");
  await ctx.close();
});

test("a ticket in Russian, a language added as one catalogue file: the page speaks it; a language without a file is refused", async () => {
  const ru = await issue("huur", "ru");
  assert.equal(ru.lang, "ru");
  const phone = await openPhone(ru);
  assert.deepEqual(await phone.page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), ["ru", "ltr"]);
  assert.equal(await text(phone.page, "headline"), "Вы в очереди");
  await screenshot(phone.page, "status-waiting-ru");
  await noSeriousViolations(phone.page, "Russian");
  // A browser in Russian without a ticket gets its friendly page in Russian.
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "ru-RU", bypassCSP: true });
  const page = await ctx.newPage();
  const r = await page.goto(`${server.url}/s/abcdefghjkmnpqrstuvw`);
  assert.equal(r.status(), 404);
  assert.equal(await text(page, "headline"), "Такого талона нет. Обратитесь на ресепшен.");
  await ctx.close();
  // A language without a catalogue is refused with the JSON error, not stored.
  const bad = await api(server.url, "POST", "/api/v1/tickets", { token: reception.token, body: { service: "huur", lang: "xx" } });
  assert.equal(bad.status, 422);
  assert.match(JSON.stringify(bad.body), /unknown language/);
  await phone.context.close();
});
