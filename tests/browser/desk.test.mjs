// The desk app in Chromium at 1366×768: a morning at the desk. Reception logs in and picks
// Loket 1, the queues fill live, a visitor is called, started and transferred to a social
// worker who sees it appear in her own browser without reloading; an ID-team visitor is
// referred to the CAW with a printed slip (the printed bytes decoded), another one internally;
// the keyboard shortcuts; two staff starting the same ticket (one wins, the other is told);
// a help request registered with its ontvangstbewijs printed (decoded), a printer out of paper,
// the register with a reprint and the CSV; a kiosk printer out of paper and a kiosk offline;
// the session ending. Every screen is scanned with axe-core and photographed.
//
// Run: cd tests/browser && ONTHAAL_BIN_DIR=/path/to/debug node --test --test-concurrency=1 desk.test.mjs

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  startServer, addDevice, api, login, launchBrowser, axeScan, screenshot, SHOTS, ADMIN_PASSWORD,
  demoConfigWithPrinter, printedJobs, hasCut, PASSWORD,
} from "./lib.mjs";

const VIEW = { width: 1366, height: 768 };
const YEAR = new Date().getFullYear();

let server, browser, printerDir, staffToken;
// The pages of the morning: reception (A), a social worker (B), a second reception browser (Q).
let a, b, q;

before(async () => {
  printerDir = mkdtempSync(path.join(tmpdir(), "onthaal-desk-printer-"));
  process.env.ONTHAAL_KIOSK_TICKET_LIMIT = "off";
  try {
    server = await startServer({ config: demoConfigWithPrinter(printerDir) });
  } finally {
    delete process.env.ONTHAAL_KIOSK_TICKET_LIMIT;
  }
  browser = await launchBrowser();
  staffToken = await login(server.url, "onthaal", PASSWORD.onthaal);
});

after(async () => {
  for (const p of [a, b, q]) if (p) assert.deepEqual(p.errors, [], "no script errors");
  await browser?.close();
  await server?.stop();
});

/** A fresh browser (own cookies and storage) on the app's login screen. Its WebSocket goes
 * through a route that can hold the server's frames (`page.hold = true`, `page.release()`),
 * to make a stale screen on purpose. */
async function openApp({ clock = false } = {}) {
  const context = await browser.newContext({ viewport: VIEW, bypassCSP: true, locale: "nl-BE", timezoneId: "Europe/Brussels" });
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(e));
  const origin = new URL(server.url).origin;
  page.on("request", (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith("data:")) page.errors.push(new Error(`request out: ${r.url()}`)); });
  page.hold = false;
  page.release = () => { page.hold = false; };
  await page.routeWebSocket(/\/ws$/, (ws) => {
    const upstream = ws.connectToServer();
    const held = [];
    page.release = () => { page.hold = false; while (held.length) ws.send(held.shift()); };
    upstream.onMessage((m) => { if (page.hold) held.push(m); else ws.send(m); });
  });
  if (clock) await page.clock.install();
  await page.goto(`${server.url}/`);
  await page.waitForSelector('body[data-screen="login"]');
  return page;
}

async function pickDesk(page, name) {
  if (await page.getAttribute("body", "data-screen") !== "desk") {
    await page.click("#change-desk");
    await page.waitForSelector('body[data-screen="desk"]');
  }
  await page.locator(".desk-option", { hasText: name }).locator("input").check();
  await page.click("#desk-submit");
  await page.waitForSelector('body[data-screen="work"]');
  assert.equal(await page.textContent("#desk-name"), name);
}

async function logIn(page, user, password, deskName) {
  await page.fill("#login-user", user);
  await page.fill("#login-pass", password);
  await page.click("#login-submit");
  await page.waitForSelector('body[data-screen="desk"], body[data-screen="work"]');
  if (deskName) await pickDesk(page, deskName);
  await page.waitForSelector('#conn[data-state="live"]');
}

/** axe-core finds nothing serious or critical, nothing sticks out sideways, and the screen
 * is photographed for a person to look at. */
async function look(page, name) {
  await screenshot(page, name);
  assert.deepEqual(await axeScan(page), [], `accessibility of ${name}`);
  const wide = await page.evaluate(() => [...document.querySelectorAll("body *")]
    .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && !e.closest(".sr-only, .skip") && (r.left < -1 || r.right > innerWidth + 1); })
    .map((e) => e.id || e.className || e.tagName));
  assert.deepEqual(wide, [], `sticking out on ${name}`);
}

async function issue(service, priority_reason) {
  const r = await api(server.url, "POST", "/api/v1/tickets", { token: staffToken, body: priority_reason ? { service, priority_reason } : { service } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

const rows = (page, service, where = "#screen-work") => page.locator(`${where} section.queue[data-service="${service}"] tbody tr`);
const row = (page, service, number) => rows(page, service).filter({ has: page.locator("td.num", { hasText: new RegExp(`^${number}$`) }) });
const visitorNumber = (page) => page.locator("#visitor-number");

/** The number just called to `desk`, read from the note that says so, once the visitor panel
 * shows it too (the panel may still show the previous visitor when the note appears). */
async function calledNumber(page, desk) {
  const note = page.locator("#action-note", { hasText: `is opgeroepen naar ${desk}` });
  await note.waitFor();
  const n = (await note.textContent()).match(/(\S+) is opgeroepen naar/)[1];
  await visitorNumber(page).filter({ hasText: new RegExp(`^${n}$`) }).waitFor();
  return n;
}

function keepPrint(job, name) {
  copyFileSync(job.png, path.join(SHOTS, `${name}.png`));
}

test("reception logs in, picks Loket 1, and the browser remembers the desk", async () => {
  a = await openApp();
  assert.equal(await a.getAttribute("html", "lang"), "nl");
  await look(a, "desk-01-login-1366x768");

  // A wrong password: a clear message, and the username stays typed.
  await a.fill("#login-user", "onthaal");
  await a.fill("#login-pass", "fout");
  await a.click("#login-submit");
  await a.waitForSelector("#login-error:not(:empty)");
  assert.match(await a.textContent("#login-error"), /Gebruikersnaam of wachtwoord klopt niet/);
  assert.equal(await a.inputValue("#login-user"), "onthaal");
  assert.equal(await a.getAttribute("#login-pass", "aria-invalid"), "true");

  await a.fill("#login-pass", PASSWORD.onthaal);
  await a.click("#login-submit");
  await a.waitForSelector('body[data-screen="desk"]');
  assert.deepEqual(await a.$$eval(".desk-option", (ls) => ls.map((l) => l.querySelector("span").firstChild.textContent)),
    ["Loket 1", "Loket 2", "Balie 3", "Spreekkamer 1", "Spreekkamer 2", "Spreekkamer 3"]);
  await look(a, "desk-02-choose-desk-1366x768");
  await pickDesk(a, "Loket 1");
  assert.equal(await a.textContent("#user-name"), "Sam Onthaal");

  // Reloading keeps the session (cookie) and the desk (this browser's storage).
  await a.reload();
  await a.waitForSelector('body[data-screen="work"]');
  assert.equal(await a.textContent("#desk-name"), "Loket 1");
  await a.waitForSelector('#conn[data-state="live"]');
  // The session token is never visible to the page's script.
  assert.equal(await a.evaluate(() => document.cookie), "");
});

test("the queues fill live, with waiting times that tick, counts and the longest wait", async () => {
  for (const [s, p] of [["id-team"], ["id-team"], ["id-team"], ["id-team"], ["permanentie"], ["permanentie", "crisis"],
    ["permanentie"], ["schuldhulp"], ["schuldhulp"], ["huur", "reduced_mobility"]]) await issue(s, p);
  // No reload: the WebSocket brings them.
  await assert.doesNotReject(rows(a, "id-team").nth(3).waitFor());
  // The frames arrive in the order the tickets were issued; wait for the last shown service too.
  await assert.doesNotReject(rows(a, "permanentie").nth(2).waitFor());
  assert.deepEqual(await rows(a, "id-team").locator("td.num").allTextContents(), ["I001", "I002", "I003", "I004"]);
  // Priority first within a service, said in words.
  assert.deepEqual(await rows(a, "permanentie").locator("td.num").allTextContents(), ["P002", "P001", "P003"]);
  assert.match(await row(a, "permanentie", "P002").textContent(), /Voorrang/);
  assert.match(await a.textContent('section.queue[data-service="id-team"] .queue-stats'), /4 wachtenden · langst < 1 min/);
  assert.match(await a.textContent("#queues-summary"), /7 bezoekers wachten/);
  // Other services are folded away, with their count.
  assert.equal(await a.getAttribute("#other-queues", "open"), null);
  assert.match(await a.textContent("#others-label"), /Andere diensten \(3\) — 3 wachtenden/);
  await look(a, "desk-03-queues-loket-1-1366x768");
  await a.click("#other-queues summary");
  assert.deepEqual(await rows(a, "schuldhulp").locator("td.num").allTextContents(), ["S001", "S002"]);
  await a.click("#other-queues summary");

  // A second reception browser at Balie 3, 25 minutes later: the times have ticked.
  q = await openApp({ clock: true });
  await logIn(q, "admin", ADMIN_PASSWORD, "Balie 3");
  await rows(q, "huur").first().waitFor();
  await q.clock.fastForward("25:00");
  await q.waitForFunction(() => /^2[56] min$/.test(document.querySelector('section.queue[data-service="id-team"] td.wait').textContent));
  assert.match(await q.textContent('section.queue[data-service="schuldhulp"] .queue-stats'), /2 wachtenden · langst 2[56] min/);
  await look(q, "desk-04-queues-balie-3-after-25-min-1366x768");
});

test("call next, start, transfer to a named social worker, who sees it live", async () => {
  b = await openApp();
  await logIn(b, "mw.peeters", PASSWORD["mw.peeters"], "Spreekkamer 1");
  assert.match(await b.textContent("#personal"), /Uw persoonlijke wachtrij.*Niemand wacht specifiek voor u/s);

  // Call next: priority first.
  assert.match(await a.textContent("#act-next"), /Volgende oproepen\s*N/);
  await a.click("#act-next");
  await assert.doesNotReject(visitorNumber(a).filter({ hasText: "P002" }).waitFor());
  assert.match(await a.textContent("#action-note"), /P002 is opgeroepen naar Loket 1/);
  assert.match(await a.textContent("#visitor-state"), /Opgeroepen/);
  assert.equal(await a.isDisabled("#act-finish"), true, "finish only after the conversation started");
  await look(a, "desk-05-called-1366x768");

  // S starts it (the shortcut), T opens the transfer dialog.
  await a.locator("#work-title").click();
  await a.keyboard.press("s");
  await a.locator("#visitor-state", { hasText: "In gesprek" }).waitFor();
  await a.keyboard.press("t");
  await a.waitForSelector("#transfer-dialog[open]");
  assert.equal(await a.evaluate(() => document.activeElement.id), "transfer-service");
  // Nothing chosen: the dialog says what is missing and stays open.
  await a.click("#transfer-submit");
  assert.match(await a.textContent("#transfer-error"), /Kies een dienst, een plaats of een maatschappelijk werker/);
  await a.selectOption("#transfer-staff", { label: "An Peeters" });
  await a.fill("#transfer-reason", "Vraagt naar leefloon");
  await look(a, "desk-06-transfer-dialog-1366x768");
  // Keys typed in the dialog are text, not shortcuts.
  assert.equal(await a.inputValue("#transfer-reason"), "Vraagt naar leefloon");
  await a.click("#transfer-submit");
  await a.waitForSelector("#transfer-dialog[open]", { state: "detached" });
  assert.match(await a.textContent("#action-note"), /P002 is doorverwezen naar An Peeters/);
  await a.locator("#visitor", { hasText: "Geen bezoeker" }).waitFor();

  // The social worker's browser, not reloaded, has P002 in her own queue.
  const mine = b.locator("#personal tbody tr", { hasText: "P002" });
  await assert.doesNotReject(mine.waitFor());
  assert.match(await mine.textContent(), /Voorrang.*Voor u/s);
  assert.match(await b.textContent("#action-note"), /P002 wacht nu voor u/);
  await look(b, "desk-07-social-worker-own-queue-1366x768");
  await mine.getByRole("button", { name: "Oproepen: P002" }).click();
  await visitorNumber(b).filter({ hasText: "P002" }).waitFor();
  // And reception sees where P002 went, live.
  await a.locator('section.queue[data-service="permanentie"]', { hasText: "P002 (Spreekkamer 1, opgeroepen)" }).waitFor();
});

test("ID-team triage: an external referral prints the slip, an internal one transfers", async () => {
  const before = printedJobs(printerDir).length;
  // Call a chosen ticket out of order.
  await row(a, "id-team", "I003").getByRole("button", { name: "Oproepen: I003" }).click();
  await visitorNumber(a).filter({ hasText: "I003" }).waitFor();
  assert.equal(await a.isVisible("#triage"), true);
  await a.click("#triage-external");
  await a.waitForSelector("#referral-dialog[open]");
  assert.match(await a.textContent("#referral-which"), /^I003 · ID-team/);
  // The catalogue with address, phone and hours.
  const caw = a.locator(".partner", { hasText: "CAW" });
  assert.match(await caw.textContent(), /Stationsstraat 10, 9999 Demostad · 0800 13 500 · ma–vr 9:00–12:30/);
  // Without a partner: a message, nothing recorded.
  await a.click("#referral-submit");
  assert.match(await a.textContent("#referral-error"), /Kies de partnerorganisatie/);
  await caw.locator("input").check();
  await a.fill("#referral-reason", "Vraag over huurachterstal");
  await look(a, "desk-08-triage-external-1366x768");
  await a.click("#referral-submit");
  await a.waitForSelector("#referral-dialog[open]", { state: "detached" });
  await a.locator("#action-note", { hasText: "I003 is doorverwezen naar CAW" }).waitFor();
  assert.match(await a.textContent("#action-note"), /Het briefje ligt op Onthaalprinter\. Het bezoek is afgerond\./);
  await a.locator("#visitor", { hasText: "Geen bezoeker" }).waitFor();

  const jobs = printedJobs(printerDir);
  assert.equal(jobs.length, before + 1, "one slip printed");
  const slip = jobs.at(-1);
  for (const text of ["CAW (Centrum Algemeen Welzijnswerk)", "Stationsstraat 10", "0800 13 500", "Vraag over huurachterstal"]) {
    assert.ok(slip.text.includes(text), `${text} is on the slip`);
  }
  assert.ok(hasCut(slip.bytes), "the slip is cut");
  keepPrint(slip, "desk-print-referral-slip");

  // Internal: pick the service, the visitor moves there and keeps the arrival time.
  await row(a, "id-team", "I001").getByRole("button", { name: "Oproepen: I001" }).click();
  await visitorNumber(a).filter({ hasText: "I001" }).waitFor();
  await a.click("#triage-internal");
  await a.locator("#triage-services").getByRole("button", { name: "Permanentie: nieuwe hulpvraag" }).click();
  await a.locator("#action-note", { hasText: "I001 is intern doorverwezen naar Permanentie" }).waitFor();
  const moved = row(a, "permanentie", "I001");
  await moved.waitFor();
  assert.match(await moved.textContent(), /van ID-team/);
  // It arrived before P001 and P003, so it keeps its place ahead of them.
  assert.deepEqual(await rows(a, "permanentie").locator("td.num").allTextContents(), ["I001", "P001", "P003"]);
});

test("keyboard shortcuts: N, R, X with the way back, W; never while typing", async () => {
  await a.locator("#work-title").click();
  for (const [id, key] of [["act-next", "N"], ["act-recall", "R"], ["act-start", "S"], ["act-finish", "F"], ["act-noshow", "X"], ["act-park", "W"], ["act-transfer", "T"]]) {
    assert.equal(await a.getAttribute(`#${id}`, "aria-keyshortcuts"), key);
    assert.equal(await a.textContent(`#${id} kbd`), key);
  }
  // A shortcut does what its button does, so only once the button is there to press: the
  // screen may still be showing the visitor the previous test sent on.
  const press = async (key, id) => {
    await a.waitForSelector(`#${id}:not([disabled])`);
    await a.keyboard.press(key);
  };
  await press("n", "act-next");
  const n = await calledNumber(a, "Loket 1");
  await press("r", "act-recall");
  await a.locator("#action-note", { hasText: `${n} is opnieuw opgeroepen` }).waitFor();
  await press("x", "act-noshow");
  await a.locator("#action-note", { hasText: `${n} is niet gekomen` }).waitFor();
  const back = a.getByRole("button", { name: `Terug in de rij: ${n}` });
  await back.waitFor();
  await look(a, "desk-09-no-show-1366x768");
  await back.click();
  await a.locator("#action-note", { hasText: `${n} staat terug in de rij` }).waitFor();
  await rows(a, n.startsWith("I") ? "id-team" : "permanentie").filter({ hasText: n }).waitFor();

  await press("n", "act-next");
  const m = await calledNumber(a, "Loket 1");
  await press("w", "act-park");
  await a.locator("#action-note", { hasText: `${m} staat terug in de rij, met zijn aankomsttijd` }).waitFor();
  await a.locator("#visitor", { hasText: "Geen bezoeker" }).waitFor();

  // In a form field a letter is just a letter.
  await a.focus("#issue-service");
  await a.keyboard.press("n");
  await a.waitForTimeout(300);
  await a.locator("#visitor", { hasText: "Geen bezoeker" }).waitFor();

  // A priority ticket issued at the desk, with its reason, for a visitor who reads Arabic.
  await a.selectOption("#issue-service", "permanentie");
  await a.selectOption("#issue-priority", "accompanied_child");
  await a.selectOption("#issue-lang", "ar");
  await a.click("#issue-submit");
  await a.locator("#issued-number").waitFor();
  const issued = await a.textContent("#issued-number");
  assert.match(await a.textContent("#issue-result"), new RegExp(`Ticket ${issued} gegeven voor Permanentie, met voorrang \\(met jong kind\\)`));
  assert.equal(await a.inputValue("#issue-priority"), "", "the next ticket is not a priority by accident");
  assert.equal(await a.inputValue("#issue-lang"), "nl", "the next visitor starts in Dutch");
  assert.match(await row(a, "permanentie", issued).textContent(), /Voorrang/);
  assert.match(await row(a, "permanentie", issued).textContent(), /Arabisch/);
  await look(a, "desk-10-ticket-issued-1366x768");

  // On paper, with the QR code of the status page, in Arabic, from the reception printer.
  const before = printedJobs(printerDir).length;
  await a.click("#issue-print");
  await a.locator("#issue-printed", { hasText: `Ticket ${issued} afgedrukt op Onthaalprinter` }).waitFor();
  const tickets = printedJobs(printerDir);
  assert.equal(tickets.length, before + 1, "one ticket printed");
  assert.ok(hasCut(tickets.at(-1).bytes), "the ticket is cut");
  keepPrint(tickets.at(-1), "desk-print-ticket-ar");
  await look(a, "desk-10b-ticket-printed-1366x768");
});

test("two staff start the same visitor: one wins, the other is told and the list refreshes", async () => {
  await pickDesk(a, "Loket 2");
  await pickDesk(q, "Loket 2");
  await a.waitForSelector('#conn[data-state="live"]');
  await a.click("#act-next");
  await a.locator("#action-note", { hasText: "is opgeroepen naar Loket 2" }).waitFor();
  const n = await visitorNumber(a).textContent();
  // The second browser at the same desk sees the same visitor.
  await visitorNumber(q).filter({ hasText: n }).waitFor();
  // Its screen falls behind (the frames are in flight) while the first one starts.
  q.hold = true;
  await a.click("#act-start");
  await a.locator("#visitor-state", { hasText: "In gesprek" }).waitFor();
  assert.equal(await q.isDisabled("#act-start"), false, "the second screen still offers start");
  await q.click("#act-start");
  await q.locator("#action-error:not(:empty)").waitFor();
  assert.match(await q.textContent("#action-error"),
    new RegExp(`Dat kon niet: ${n} is intussen in gesprek bij Loket 2\\. Iemand anders was u voor\\. De lijst is bijgewerkt\\.`));
  q.release();
  await q.locator("#visitor-state", { hasText: "In gesprek" }).waitFor();
  assert.equal(await q.isDisabled("#act-start"), true);
  await look(q, "desk-11-conflict-1366x768");

  // Call next at the same moment: never the same visitor.
  await issue("id-team");
  await issue("id-team");
  await q.locator('section.queue[data-service="id-team"] tbody tr').nth(1).waitFor();
  await Promise.all([a.click("#act-next"), q.click("#act-next")]);
  await a.locator("#action-note", { hasText: /opgeroepen naar Loket 2|Niemand wacht/ }).last().waitFor();
  await q.locator("#action-note", { hasText: /opgeroepen naar Loket 2|Niemand wacht/ }).waitFor();
  const [na, nq] = [await visitorNumber(a).textContent(), await visitorNumber(q).textContent()];
  assert.notEqual(na, nq);
});

test("a help request is registered and its receipt printed; nothing typed is lost", async () => {
  await a.click("#tab-help");
  await a.waitForSelector('body[data-screen="help"]');
  assert.equal(await a.getAttribute("#tab-help", "aria-current"), "page");
  assert.equal(await a.isVisible("#help-ticket-field"), true, "linking to the visit at the desk is offered");
  await look(a, "desk-12-help-form-1366x768");

  await a.fill("#help-docs li:nth-child(1) input", "Identiteitskaart (kopie)");
  await a.click("#help-add-doc");
  assert.equal(await a.evaluate(() => document.activeElement.closest("li") === document.querySelector("#help-docs li:nth-child(2)")), true);
  // (keyboard.type drops characters that are not on a US keyboard, like – and €)
  await a.locator("#help-docs li:nth-child(2) input").fill("Huurcontract – huur € 650");
  await a.click("#help-add-doc");
  await a.keyboard.type("<b>Loonfiche</b> oktober");
  await a.selectOption("#help-service", "permanentie");
  // No category: the field says so, everything typed stays.
  await a.click("#help-submit");
  assert.match(await a.textContent("#help-category-error"), /Kies de soort hulpvraag/);
  assert.equal(await a.getAttribute("#help-category", "aria-invalid"), "true");
  assert.equal(await a.evaluate(() => document.activeElement.id), "help-category");
  await look(a, "desk-13-help-form-errors-1366x768");
  // The server unreachable: said plainly, still nothing lost.
  await a.selectOption("#help-category", "leefloon");
  await a.route("**/api/v1/help-requests", (r) => r.abort());
  await a.click("#help-submit");
  await a.locator("#help-error", { hasText: "Niet geregistreerd: Geen verbinding met de server" }).waitFor();
  await a.unroute("**/api/v1/help-requests");
  assert.deepEqual(await a.$$eval("#help-docs input", (is) => is.map((i) => i.value)),
    ["Identiteitskaart (kopie)", "Huurcontract – huur € 650", "<b>Loonfiche</b> oktober"]);
  assert.equal(await a.inputValue("#help-category"), "leefloon");

  const before = printedJobs(printerDir).length;
  await a.click("#help-submit");
  await a.locator("#help-result", { hasText: "Ontvangstbewijs afgedrukt op Onthaalprinter" }).waitFor();
  const reference = `HA-${YEAR}-00001`;
  assert.equal(await a.textContent("#help-reference"), reference);
  await look(a, "desk-14-help-registered-1366x768");
  const jobs = printedJobs(printerDir);
  assert.equal(jobs.length, before + 1);
  const receipt = jobs.at(-1);
  for (const text of ["ONTVANGSTBEWIJS", reference, "Leefloon", "Identiteitskaart (kopie)", "€ 650", "Sam Onthaal"]) {
    assert.ok(receipt.text.includes(text), `${text} is on the receipt`);
  }
  assert.ok(hasCut(receipt.bytes));
  keepPrint(receipt, "desk-print-receipt");
  // Registered: the form is empty for the next visitor.
  assert.deepEqual(await a.$$eval("#help-docs input", (is) => is.map((i) => i.value)), [""]);

  // The printer out of paper: registered anyway, and printed once it is back.
  writeFileSync(path.join(printerDir, "simulate"), "paper-out");
  await a.selectOption("#help-category", "huurwaarborg");
  await a.click("#help-submit");
  await a.locator("#help-result .error", { hasText: "Het ontvangstbewijs is niet afgedrukt" }).waitFor();
  assert.match(await a.textContent("#help-result .error"), /De onthaalprinter drukt niet af \(papier op\)\. .*De aanvraag staat wel in het register\./);
  assert.doesNotMatch(await a.textContent("#help-result"), /dir:|null/, "no printer address, no holes");
  assert.equal(await a.textContent("#help-reference"), `HA-${YEAR}-00002`);
  await look(a, "desk-15-receipt-not-printed-1366x768");
  assert.equal(printedJobs(printerDir).length, before + 1, "nothing half printed");
  rmSync(path.join(printerDir, "simulate"));
  await a.click("#help-reprint");
  await a.locator("#help-result", { hasText: "Ontvangstbewijs afgedrukt op Onthaalprinter" }).waitFor();
  assert.ok(printedJobs(printerDir).at(-1).text.includes(`HA-${YEAR}-00002`));
});

test("the register: the period, a reprint and the CSV", async () => {
  await a.click("#tab-register");
  await a.waitForSelector('body[data-screen="register"]');
  const first = a.locator(`#register-rows tr[data-reference="HA-${YEAR}-00001"]`);
  await first.waitFor();
  assert.equal(await a.locator("#register-rows tr").count(), 2);
  assert.match(await first.textContent(), /Permanentie.*Leefloon \(recht op maatschappelijke integratie\).*Identiteitskaart \(kopie\); Huurcontract – huur € 650; <b>Loonfiche<\/b> oktober.*Sam Onthaal.*1× · laatst/s);
  // What the visitor's papers said is shown as text, never as markup.
  assert.equal(await a.locator("#register-rows b").count(), 0);
  await look(a, "desk-16-register-1366x768");

  const before = printedJobs(printerDir).length;
  await first.getByRole("button", { name: `Herdrukken: HA-${YEAR}-00001` }).click();
  await a.locator("#register-status", { hasText: `Ontvangstbewijs HA-${YEAR}-00001 opnieuw afgedrukt op Onthaalprinter` }).waitFor();
  assert.equal(printedJobs(printerDir).length, before + 1);
  assert.match(await first.textContent(), /2× · laatst/);

  const href = await a.getAttribute("#register-csv", "href");
  assert.match(href, /^\/api\/v1\/help-requests\.csv\?from=\d{4}-\d\d-\d\d&to=\d{4}-\d\d-\d\d$/);
  const csv = await a.request.get(`${server.url}${href}`);
  assert.equal(csv.status(), 200);
  assert.match(await csv.text(), new RegExp(`HA-${YEAR}-00001;`));

  // A period the wrong way round.
  await a.fill("#register-from", `${YEAR + 1}-01-01`);
  await a.click("#register-show");
  assert.match(await a.textContent("#register-error"), /‘Van’ moet vóór ‘tot en met’ liggen/);
  assert.equal(await a.getAttribute("#register-from", "aria-invalid"), "true");
});

test("a kiosk printer out of paper and a kiosk gone offline are shown to reception", async () => {
  await a.click("#tab-work");
  await a.waitForSelector('body[data-screen="work"]');
  const token = addDevice(server, "kiosk", "Kiosk inkom");
  // A kiosk's connection, opened from a page of the server's origin; /healthz is no page (its
  // CSP allows nothing), so that CSP is bypassed here.
  const station = await browser.newPage({ bypassCSP: true });
  await station.goto(`${server.url}/healthz`);
  await station.evaluate(([url, t]) => new Promise((resolve, reject) => {
    window.kiosk = new WebSocket(`${url}/ws?token=${t}`);
    window.kiosk.onopen = () => {
      window.kiosk.send(JSON.stringify({ type: "station_status", printer: { state: "paper_out", message: "Papier op" } }));
      resolve();
    };
    window.kiosk.onerror = reject;
  }), [server.url.replace(/^http/, "ws"), token]);
  const alert = a.locator("#alert-list li", { hasText: "Printer van kiosk „Kiosk inkom”: papier op." });
  await alert.waitFor();
  assert.match(await alert.textContent(), /Bezoekers krijgen geen ticket op papier/);
  await look(a, "desk-17-alert-kiosk-paper-out-1366x768");
  await station.evaluate(() => window.kiosk.close());
  await a.locator("#alert-list li", { hasText: /Kiosk „Kiosk inkom” is offline sinds \d\d:\d\d\./ }).waitFor();
  await station.close();
});

test("a manager looks along: the queues and the register, no buttons to call", async () => {
  const m = await openApp();
  await logIn(m, "diensthoofd", PASSWORD.diensthoofd, "Loket 2");
  assert.equal(await m.isVisible("#readonly-note"), true);
  assert.equal(await m.isVisible("#actions"), false);
  assert.equal(await m.isVisible("#issue-panel"), false);
  assert.equal(await m.isVisible("#tab-help"), false);
  assert.equal(await m.locator("#screen-work tbody button").count(), 0);
  // N does nothing for someone who may not call.
  await m.locator("#work-title").click();
  await m.keyboard.press("n");
  await m.waitForTimeout(300);
  assert.equal(await m.textContent("#action-note"), "");
  await look(m, "desk-19-manager-read-only-1366x768");
  await m.click("#tab-register");
  await m.locator("#register-rows tr").first().waitFor();
  assert.equal(await m.locator("#register-rows button").count(), 0, "reprinting is for desk staff");
  assert.deepEqual(m.errors, []);
  await m.context().close();
});

test("the visitor's language is named in Dutch in the queue list, for planning an interpreter", async () => {
  const r = await api(server.url, "POST", "/api/v1/tickets", { token: staffToken, body: { service: "id-team", lang: "uk" } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const tag = row(a, "id-team", r.body.number).locator(".tag.lang");
  await assert.doesNotReject(tag.waitFor());
  // A Dutch name ("UK" reads as English), with the words a screen reader says before it.
  assert.equal(await tag.textContent(), "Taal van de bezoeker: Oekraïens");
  assert.equal(await tag.getAttribute("title"), "Taal van de bezoeker: Oekraïens");
  assert.equal(await tag.locator(".sr-only").count(), 1);
  // Dutch is the default and is not shown: only the Ukrainian visitor and the Arabic one given
  // a ticket at the desk earlier (if still waiting) have a language tag.
  const tags = await a.locator("#screen-work .tickets .tag.lang").allTextContents();
  assert.ok(tags.every((t) => /Oekraïens|Arabisch/.test(t)), tags.join(", "));
  assert.equal(tags.filter((t) => /Oekraïens/.test(t)).length, 1);
  await look(a, "desk-15-language-tag-1366x768");
});

test("the session ends: back to the login with a message; logging out", async () => {
  await a.context().clearCookies();
  await a.click("#act-next");
  await a.waitForSelector('body[data-screen="login"]');
  assert.match(await a.textContent("#login-note"), /Uw sessie is verlopen/);
  assert.equal(await a.isVisible("#bar"), false);
  await look(a, "desk-18-session-expired-1366x768");
  assert.equal(await a.inputValue("#login-user"), "onthaal", "the username is filled in again");
  await a.fill("#login-pass", PASSWORD.onthaal);
  await a.click("#login-submit");
  await a.waitForSelector('body[data-screen="work"]');
  assert.equal(await a.textContent("#desk-name"), "Loket 2");

  await a.click("#logout");
  await a.waitForSelector('body[data-screen="login"]');
  assert.match(await a.textContent("#login-note"), /U bent afgemeld/);
  assert.equal(await a.inputValue("#login-user"), "");
  await a.reload();
  await a.waitForSelector('body[data-screen="login"]');
  const me = await a.request.get(`${server.url}/api/v1/auth/me`);
  assert.equal(me.status(), 401);
});

test("too many wrong passwords: the login form says in Dutch how long to wait", async () => {
  const p = await openApp();
  // A username without an account is throttled like an account (so nothing tells them apart),
  // and no real account of the other tests is held up.
  await p.fill("#login-user", "gok.balie");
  for (let i = 0; i < 6; i++) {
    await p.fill("#login-pass", `fout ${i}`);
    await p.$eval("#login-error", (e) => { e.textContent = ""; });
    await p.click("#login-submit");
    await p.waitForSelector("#login-error:not(:empty)");
  }
  assert.match(await p.textContent("#login-error"), /Te veel mislukte pogingen om aan te melden\. Wacht \d+ seconden? en probeer dan opnieuw\./);
  await p.context().close();
});
