// Appointments in the desk app, in Chromium at 1366×768: reception books an appointment with a
// social worker (a slot taken meanwhile: the free hours refresh, nothing typed is lost) and
// prints the confirmation (the printed bytes decoded); today's appointments next to the queues
// change live as a client is booked, checks in and cancels; the ID-team refers a visitor
// internally with an appointment from the triage, choosing among the service's own social
// workers; the social worker's calendar by day and by week, with move, cancel and no-show, and
// the secret iCalendar address. Every screen is scanned with axe-core and photographed.
//
// Run: cd tests/browser && CARGO_TARGET_DIR=/path/to/target node --test calendar.test.mjs

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  startServer, api, login, launchBrowser, assertAccessible, logInAtDesk, SHOTS, demoConfigWithPrinter, printedJobs, hasCut,
  PASSWORD, ADMIN_PASSWORD,
} from "./lib.mjs";

const VIEW = { width: 1366, height: 768 };

let server, browser, printerDir, staffToken, peeters;
let a, w; // reception at Loket 1, the social worker An Peeters
let booked; // the appointment reception booked for An Peeters

/** Today in Brussels, and the next working day after it, as YYYY-MM-DD. */
function brusselsDay(offset = 0) {
  const d = new Date(Date.now() + offset * 86400000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Brussels" }).format(d);
}
const TODAY = brusselsDay();
const WORKDAY = (() => {
  for (let i = 1; i < 8; i++) {
    const day = brusselsDay(i);
    const dow = new Date(`${day}T12:00:00Z`).getUTCDay();
    if (dow >= 1 && dow <= 5) return day;
  }
  throw new Error("no working day ahead");
})();

/** The demo with its reception printer here, and Karim Janssens at work at every hour of every
 * day: a team appointment needs one of the team at work, and the server keeps real time, so the
 * test of today's appointments needs a team that works at whatever hour (and on whatever day,
 * public holidays included) the test runs. An Peeters keeps her office hours. */
function calendarConfig(printerDir) {
  const file = demoConfigWithPrinter(printerDir);
  const text = readFileSync(file, "utf8");
  const karim = text.indexOf('username = "mw.janssens"');
  const hours = /\[staff\.availability\]\n(?:[a-z]{3} = \[.*\]\n)+/y;
  hours.lastIndex = text.indexOf("[staff.availability]", karim);
  const m = hours.exec(text);
  if (karim < 0 || !m) throw new Error("Karim Janssens's hours moved in the demo");
  const always = "[staff.availability]\n" +
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => `${d} = ["00:00-24:00"]\n`).join("");
  const changed = (text.slice(0, m.index) + always + text.slice(m.index + m[0].length))
    // The services take appointments on public holidays too, for a test run on one.
    .replaceAll("always_open = true\n", "always_open = true\nappointments_on_public_holidays = true\n");
  writeFileSync(file, changed);
  return file;
}

before(async () => {
  printerDir = mkdtempSync(path.join(tmpdir(), "onthaal-calendar-printer-"));
  server = await startServer({ config: calendarConfig(printerDir) });
  browser = await launchBrowser();
  staffToken = await login(server.url, "onthaal", PASSWORD.onthaal);
  const staff = await api(server.url, "GET", "/api/v1/staff", { token: staffToken });
  peeters = staff.body.find((s) => s.name === "An Peeters").id;
});

after(async () => {
  for (const p of [a, w]) if (p) assert.deepEqual(p.errors, [], "no script errors");
  await browser?.close();
  await server?.stop();
});

async function openApp() {
  const context = await browser.newContext({ viewport: VIEW, bypassCSP: true, locale: "nl-BE", timezoneId: "Europe/Brussels" });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(e));
  await page.goto(`${server.url}/`);
  await page.waitForSelector('body[data-screen="login"]');
  return page;
}

const slots = (page, box = "#book-slots") => page.locator(`${box} input[type="radio"]`);

async function freeSlots(query) {
  const r = await api(server.url, "GET", `/api/v1/appointments/slots?${new URLSearchParams(query)}`, { token: staffToken });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

test("reception books an appointment; a slot taken meanwhile keeps the form; the confirmation prints", async () => {
  a = await openApp();
  await logInAtDesk(a, "onthaal", PASSWORD.onthaal, "Loket 1");
  await a.locator("#today-list", { hasText: "Geen afspraken vandaag." }).waitFor();

  await a.click("#book-open");
  await a.waitForSelector("#book-dialog[open]");
  assert.equal(await a.inputValue("#book-service"), "afspraak");
  assert.equal(await a.inputValue("#book-date"), TODAY);
  await a.selectOption("#book-staff", { label: "An Peeters" });
  await a.selectOption("#book-desk", { label: "Spreekkamer 2" });
  await a.fill("#book-date", WORKDAY);
  await a.dispatchEvent("#book-date", "change");
  await a.locator("#book-slots-note", { hasText: "vrije uren op" }).waitFor();
  const first = await slots(a).first().getAttribute("value");
  assert.match(first, new RegExp(`^${WORKDAY}T08:30:00\\+0[12]:00$`), "An Peeters starts at 08:30");
  await a.fill("#book-name", "Marie Dubois");
  await a.fill("#book-phone", "0470 12 34 56");
  await a.fill("#book-email", "marie@example.be");
  await a.selectOption("#book-lang", "fr");
  assert.match(await a.textContent("#book-contact-hint"), /enkel bewaard tot het einde van de bewaartermijn/);
  await slots(a).first().check();
  await assertAccessible(a, "calendar-01-book-dialog-1366x768");

  // Someone else books 08:30 with An Peeters in the meantime.
  const other = await api(server.url, "POST", "/api/v1/appointments", { token: staffToken, body: { service: "afspraak", staff: peeters, start: first, duration_min: 30 } });
  assert.equal(other.status, 201);
  await a.click("#book-submit");
  await a.locator("#book-error", { hasText: "Dat uur is intussen geboekt" }).waitFor();
  assert.notEqual(await slots(a).first().getAttribute("value"), first, "the free hours were refreshed");
  assert.equal(await a.inputValue("#book-name"), "Marie Dubois", "nothing typed is lost");
  assert.equal(await a.inputValue("#book-email"), "marie@example.be");
  assert.equal(await a.inputValue("#book-lang"), "fr");
  assert.equal(await a.inputValue("#book-desk"), await a.$eval("#book-desk option:checked", (o) => o.value));
  await assertAccessible(a, "calendar-02-book-slot-taken-1366x768");

  // A phone number the server refuses: said next to the form, the field marked.
  await slots(a).first().check();
  await a.fill("#book-phone", "bel mij");
  await a.click("#book-submit");
  await a.locator("#book-error", { hasText: "Een telefoonnummer bevat enkel cijfers" }).waitFor();
  assert.equal(await a.getAttribute("#book-phone", "aria-invalid"), "true");
  await a.fill("#book-phone", "0470 12 34 56");

  await a.click("#book-submit");
  await a.locator("#book-done").waitFor();
  const code = await a.textContent("#book-code");
  assert.match(code, /^[A-Z0-9]{6}$/);
  assert.match(await a.textContent("#book-result"), /met An Peeters, in Spreekkamer 2\. Taal: Frans\./);
  await assertAccessible(a, "calendar-03-booked-1366x768");
  const list = await api(server.url, "GET", `/api/v1/appointments?date=${WORKDAY}&staff=${peeters}`, { token: staffToken });
  booked = list.body.find((x) => x.code === code);
  assert.equal(booked.contact.name, "Marie Dubois");
  assert.equal(booked.lang, "fr");

  const before = printedJobs(printerDir).length;
  await a.click("#book-print");
  await a.locator("#book-result", { hasText: "Bevestiging afgedrukt op Onthaalprinter" }).waitFor();
  const jobs = printedJobs(printerDir);
  assert.equal(jobs.length, before + 1);
  const job = jobs.at(-1);
  for (const text of ["AFSPRAAK", "Rendez-vous", code, "Avec", "An", "Spreekkamer 2", "Votre code", "Sociaal Huis Demostad"]) {
    assert.ok(job.text.includes(text), `${text} is on the confirmation`);
  }
  assert.ok(job.text.includes(`${booked.start.slice(11, 16)}–${booked.end.slice(11, 16)}`), "the local time");
  assert.ok(!job.text.includes("Dubois") && !job.text.includes("Peeters"), "no client name, only the first name");
  assert.ok(job.text.includes(`1P0${code}`), "the QR code holds the code");
  assert.ok(hasCut(job.bytes));
  copyFileSync(job.png, path.join(SHOTS, "calendar-print-confirmation.png"));
  await a.click("#book-close");
  await a.waitForSelector("#book-dialog[open]", { state: "detached" });
});

test("today's appointments next to the queues, live: booked, arrived, cancelled", async (t) => {
  const today = await freeSlots({ service: "schuldhulp", from: TODAY, to: TODAY });
  // The list is of today's appointments, and the server keeps real time: after 23:00 in
  // Brussels there are no two half hours left today to book. Said as a skip, not a failure.
  if (today.length < 2 && new Date().getTime() >= new Date(`${TODAY}T21:00:00Z`).getTime()) {
    t.skip(`only ${today.length} free half hour(s) left today in Brussels (the day is nearly over)`);
    return;
  }
  assert.ok(today.length >= 2, `two free half hours today, got ${JSON.stringify(today)}`);
  const book = async (slot) => {
    const r = await api(server.url, "POST", "/api/v1/appointments", { token: staffToken, body: { service: "schuldhulp", start: slot.start, duration_min: 30 } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body;
  };
  const one = await book(today[0]);
  const two = await book(today[1]);
  // No reload: the booking frames bring them.
  const row = (x) => a.locator(`#today-list tr[data-appointment="${x.id}"]`);
  await row(one).waitFor();
  await row(two).waitFor();
  assert.match(await row(one).textContent(), new RegExp(`${one.code}.*team Schuldhulpverlening.*geboekt`));
  // The first client checks in (within the hour before the slot): arrived, with a ticket.
  const ci = await api(server.url, "POST", "/api/v1/check-in", { token: staffToken, body: { code: one.code } });
  assert.equal(ci.status, 201, JSON.stringify(ci.body));
  await a.locator(`#today-list tr[data-appointment="${one.id}"][data-state="arrived"]`).waitFor();
  assert.match(await row(one).textContent(), new RegExp(`aangekomen.*${ci.body.number}`));
  assert.match(await a.textContent("#today-summary"), /2 afspraken · 1 aangekomen/);
  // The second is cancelled elsewhere.
  assert.equal((await api(server.url, "POST", `/api/v1/appointments/${two.id}/cancel`, { token: staffToken })).status, 200);
  await a.locator(`#today-list tr[data-appointment="${two.id}"][data-state="cancelled"]`).waitFor();
  assert.match(await row(two).textContent(), /geannuleerd/);
  // The visitor who checked in waits in the appointment queue like any walk-in does.
  await a.locator("#today").scrollIntoViewIfNeeded();
  await assertAccessible(a, "calendar-04-today-list-1366x768");
});

test("the ID-team refers a visitor internally with an appointment, recorded from the triage", async () => {
  const t = await api(server.url, "POST", "/api/v1/tickets", { token: staffToken, body: { service: "id-team" } });
  await a.locator("#my-queues td.num", { hasText: t.body.number }).waitFor();
  await a.getByRole("button", { name: `Oproepen: ${t.body.number}` }).click();
  await a.locator("#visitor-number", { hasText: t.body.number }).waitFor();
  await a.click("#triage-internal");
  await a.click("#triage-appointment");
  await a.waitForSelector("#book-dialog[open]");
  assert.match(await a.textContent("#book-which"), new RegExp(`${t.body.number} · interne doorverwijzing van het ID-team`));
  assert.equal(await a.inputValue("#book-name"), "", "a fresh form for another client");
  // An Peeters, chosen first, does not take housing support: the choice falls back to the
  // team, says why, and offers only the service's own social worker.
  await a.selectOption("#book-staff", { label: "An Peeters" });
  await a.selectOption("#book-service", "huur");
  assert.equal(await a.inputValue("#book-staff"), "", "a team");
  assert.deepEqual(await a.locator("#book-staff option").allTextContents(), ["Team: elke maatschappelijk werker van de dienst", "Karim Janssens"]);
  await a.locator("#book-slots-note", { hasText: "An Peeters doet geen afspraken voor Huurbegeleiding." }).waitFor();
  await a.fill("#book-date", WORKDAY);
  await a.dispatchEvent("#book-date", "change");
  await a.locator("#book-slots-note", { hasText: "met het team Huurbegeleiding" }).waitFor();
  await a.locator('#book-slots input[value*="T10:00"]').check();
  await assertAccessible(a, "calendar-05-triage-appointment-1366x768");
  await a.click("#book-submit");
  await a.locator("#book-result", { hasText: "De interne doorverwijzing is geregistreerd met deze afspraak" }).waitFor();
  const code = await a.textContent("#book-code");
  await a.click("#book-close");
  await a.locator("#action-note", { hasText: `${t.body.number}: intern doorverwezen met een afspraak (code ${code}` }).waitFor();
  await a.locator("#visitor", { hasText: "Geen bezoeker" }).waitFor();
  const after = await api(server.url, "GET", `/api/v1/tickets/${t.body.id}`, { token: staffToken });
  assert.equal(after.body.state, "done");
  const admin = await login(server.url, "admin", ADMIN_PASSWORD);
  const audit = await api(server.url, "GET", "/api/v1/audit", { token: admin });
  assert.ok(audit.body.some((e) => e.event === "triaged" && e.ticket === t.body.number), "the triage is recorded");
});

test("the social worker's calendar: day and week, move, cancel, no-show, the iCalendar address", async () => {
  w = await openApp();
  await logInAtDesk(w, "mw.peeters", PASSWORD["mw.peeters"], "Spreekkamer 1");
  await w.click("#tab-calendar");
  await w.waitForSelector('body[data-screen="calendar"]');
  assert.equal(await w.inputValue("#calendar-staff"), String(peeters), "her own calendar first");
  // A social worker reads no colleague's calendar: hers is the only one offered.
  assert.deepEqual(await w.locator("#calendar-staff option").evaluateAll((os) => os.map((o) => o.value)), [String(peeters)]);
  await w.fill("#calendar-date", WORKDAY);
  await w.dispatchEvent("#calendar-date", "change");
  const item = w.locator(`#calendar-body li[data-appointment="${booked.id}"]`);
  await item.waitFor();
  assert.match(await item.textContent(), /Marie Dubois · 0470 12 34 56 · marie@example\.be/);
  assert.match(await w.textContent("#calendar-title"), /Agenda van An Peeters — \w+dag/);
  assert.match(await w.textContent("#calendar-count"), /^2 afspraken\.$/);
  await assertAccessible(w, "calendar-06-day-1366x768");

  // No-show before the start: refused, said plainly.
  await item.getByRole("button", { name: /^Niet gekomen:/ }).click();
  await w.locator("#calendar-error", { hasText: "De afspraak is nog niet begonnen" }).waitFor();

  // Move it to the afternoon.
  await item.getByRole("button", { name: /^Verplaatsen:/ }).click();
  await w.waitForSelector("#move-dialog[open]");
  const afternoon = w.locator('#move-slots input[value*="T14:00"]');
  await afternoon.waitFor();
  await afternoon.check();
  await assertAccessible(w, "calendar-07-move-dialog-1366x768");
  await w.click("#move-submit");
  await w.locator("#calendar-status", { hasText: `Afspraak ${booked.code} is verplaatst naar` }).waitFor();
  // The list is drawn again after the message: wait for the new time rather than read at once.
  await item.locator(".cal-time", { hasText: "14:00–14:30" }).waitFor();

  // The week view: the appointments of that week in their day's column.
  await w.check("#calendar-week");
  const col = w.locator(`#calendar-body section.cal-col[data-day="${WORKDAY}"]`);
  await col.locator(`li[data-appointment="${booked.id}"]`).waitFor();
  assert.equal(await w.locator("#calendar-body section.cal-col").count(), 7);
  assert.match(await w.textContent("#calendar-title"), /week van/);
  await assertAccessible(w, "calendar-08-week-1366x768");

  // Cancel from the week, after an "are you sure?".
  await col.getByRole("button", { name: new RegExp(`^Annuleren: 14:00 ${booked.code}`) }).click();
  await col.getByRole("button", { name: "Ja, annuleren" }).click();
  await col.locator(`li[data-appointment="${booked.id}"][data-state="cancelled"]`).waitFor();
  const gone = await api(server.url, "GET", `/api/v1/appointments/${booked.id}`, { token: staffToken });
  assert.equal(gone.body.state, "cancelled");

  // Her own secret calendar address, to copy into her calendar program.
  await w.click("#ical-show");
  await w.locator("#ical-box").waitFor();
  const url = await w.inputValue("#ical-url");
  assert.match(url, /\/ical\/[0-9a-f]{32}\.ics$/);
  await w.click("#ical-copy");
  await w.locator("#ical-note", { hasText: "Gekopieerd" }).waitFor();
  assert.equal(await w.evaluate(() => navigator.clipboard.readText()), url);
  const feed = await fetch(url.replace(/^https?:\/\/[^/]+/, server.url));
  assert.equal(feed.status, 200);
  assert.match(await feed.text(), /BEGIN:VCALENDAR[\s\S]*STATUS:CANCELLED/);
  await w.locator("#ical").scrollIntoViewIfNeeded();
  await assertAccessible(w, "calendar-09-ical-1366x768");

  // She books with herself or a team of hers only: her services, no colleague to choose.
  await w.click("#calendar-book");
  await w.waitForSelector("#book-dialog[open]");
  const values = (sel) => w.locator(`${sel} option`).evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(await values("#book-staff"), ["", String(peeters)]);
  assert.deepEqual((await values("#book-service")).sort(), ["afspraak", "permanentie", "schuldhulp"]);
  await w.click("#book-cancel");

  // Reception sees another worker's calendar, but not her secret address.
  await a.click("#tab-calendar");
  await a.waitForSelector('body[data-screen="calendar"]');
  assert.equal(await a.isVisible("#ical"), false);
});
