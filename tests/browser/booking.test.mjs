// The public booking page in Chromium, as citizens use it: in Dutch on a phone (390×844) and
// in French on a desktop (1280×800, language from Accept-Language): service → day (with the
// choice of one's own social worker, among the service's own) → time →
// form (errors shown on their fields) → confirmation with the code and its QR code → move →
// cancel, the French one through the link in a fresh tab, and a time booked by someone else
// meanwhile (fresh times shown); in Arabic (right to left) and Ukrainian through the language
// buttons. Every screen is scanned with axe-core and photographed.
//
// Run: cd tests/browser && node --test booking.test.mjs (binaries from $CARGO_TARGET_DIR/debug).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServerAndBrowser, stopServerAndBrowser, axeScan, screenshot, api, login, catalogueLanguages } from "./lib.mjs";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

let server, browser;

before(async () => ({ server, browser } = await startServerAndBrowser()));
after(() => stopServerAndBrowser({ server, browser }));

async function open(viewport, path, locale) {
  const context = await browser.newContext({
    viewport,
    // axe-core is injected as an inline script, which the page's CSP forbids.
    bypassCSP: true,
    locale,
    extraHTTPHeaders: locale ? { "Accept-Language": `${locale},${locale.slice(0, 2)};q=0.9` } : {},
  });
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(e));
  page.on("request", (r) => { if (!r.url().startsWith(server.url)) page.errors.push(new Error(`request out: ${r.url()}`)); });
  await page.goto(server.url + path);
  await page.waitForSelector("#app[aria-busy=false]");
  return page;
}

/** No serious or critical axe-core finding, and a screenshot to look at. */
async function look(page, name) {
  const v = await axeScan(page);
  assert.deepEqual(v, [], `${name}: ${v.join("\n")}`);
  await screenshot(page, name);
}

const heading = (page) => page.textContent("h1");

/** Picks the first day offering at least `atLeast` times (late in the afternoon, today may
 * offer only one) and returns the start of its `nth` time. */
async function pickDayAndTime(page, nth = 0, atLeast = nth + 1) {
  await page.waitForSelector("[data-day]");
  const days = await page.locator("[data-day]").count();
  for (let d = 0; d < days; d++) {
    await page.locator("[data-day]").nth(d).click();
    await page.waitForSelector("[data-start]");
    if (await page.locator("[data-start]").count() >= atLeast) {
      return page.locator("[data-start]").nth(nth).getAttribute("data-start");
    }
    await page.click("button.back");
    await page.waitForSelector("[data-day]");
  }
  throw new Error(`no day offers ${atLeast} times`);
}

test("booking in Dutch on a phone: book, see the code and QR, move, cancel", async () => {
  const page = await open(PHONE, "/book?lang=nl");
  assert.equal(await heading(page), "Een afspraak maken");
  assert.equal(await page.getAttribute("html", "lang"), "nl");
  assert.equal(await page.getAttribute("[data-lang=nl]", "aria-current"), "true");
  await look(page, "booking-nl-phone-1-services");
  // The heading has focus after every step, for screen readers and keyboards.
  assert.equal(await page.evaluate(() => document.activeElement.tagName), "H1");

  assert.equal(await page.locator("#worker").count(), 0, "the social worker is chosen with the service");

  await page.click("#svc-schuldhulp");
  await page.waitForSelector("[data-day]");
  assert.equal(await heading(page), "Kies een dag");
  // Debt help has two social workers (An Peeters and Karim Janssens): the citizen may name
  // their own among those two only. Their free days replace the list; focus stays put.
  assert.deepEqual(await page.locator("#worker option").allTextContents(), ["Nee, of ik weet het niet", "An Peeters", "Karim Janssens"]);
  await page.focus("#worker");
  await page.selectOption("#worker", { label: "An Peeters" });
  await page.waitForFunction(() => /dagen? met vrije uren/.test(document.getElementById("live").textContent));
  assert.equal(await page.evaluate(() => document.activeElement.id), "worker");
  await look(page, "booking-nl-phone-2-days");
  const start = await pickDayAndTime(page, 0);
  await look(page, "booking-nl-phone-3-times");
  await page.locator("[data-start]").first().click();
  await page.waitForSelector("#book");
  // The demo has no mail server: the form promises no e-mail reminder.
  assert.equal(await page.locator("#email-hint").count(), 0, "no reminder promised without [smtp]");
  await page.locator("#email").scrollIntoViewIfNeeded();
  await look(page, "booking-nl-phone-4-form");

  // Submitting empty: the name field says what is missing, in Dutch.
  await page.click("#book");
  await page.waitForSelector("#name-err");
  assert.match(await page.textContent("#name-err"), /naam/);
  assert.equal(await page.getAttribute("#name", "aria-invalid"), "true");
  await look(page, "booking-nl-phone-4-form-error");
  await page.fill("#name", "Jan Peeters");
  await page.fill("#email", "jan.peeters@voorbeeld.be");
  await page.check("#consent");
  await page.click("#book");

  await page.waitForURL(/\/book\/[A-Za-z0-9]{20,}/);
  await page.waitForSelector("#a-code");
  assert.match(await page.textContent(".notice.ok"), /geboekt/);
  const code = (await page.textContent("#a-code")).trim();
  assert.match(code, /^[A-Z3-9]{6}$/);
  assert.equal(await page.textContent("#a-room"), "Spreekkamer 2");
  const qrOk = await page.$eval("#a-qr", (img) => img.complete && img.naturalWidth > 0);
  assert.ok(qrOk, "the QR code loads");
  assert.match(await page.getAttribute("#a-qr", "alt"), new RegExp(code.split("").join(" ")));
  const time = await page.textContent("#a-time");
  assert.ok(time.startsWith(new Date(start).toLocaleTimeString("nl-BE", { timeZone: "Europe/Brussels", hour: "2-digit", minute: "2-digit" })), time);
  await look(page, "booking-nl-phone-5-confirmation");
  // Booked with the social worker Jan named (staff see it; the page does not say it).
  const staff = await login(server.url, "onthaal", "onthaal");
  const day = await api(server.url, "GET", `/api/v1/appointments?date=${start.slice(0, 10)}`, { token: staff });
  assert.equal(day.body.find((x) => x.code === code).staff_name, "An Peeters");

  // Move to another time of the same worker.
  await page.click("#move");
  await page.waitForSelector("[data-day]");
  assert.equal(await heading(page), "Afspraak verplaatsen");
  await pickDayAndTime(page, 1);
  await look(page, "booking-nl-phone-6-move-times");
  await page.locator("[data-start]").nth(1).click();
  await page.waitForSelector(".notice.ok");
  assert.match(await page.textContent(".notice.ok"), /verplaatst/);
  assert.notEqual(await page.textContent("#a-time"), time);
  assert.equal((await page.textContent("#a-code")).trim(), code, "the code stays");

  // Cancel, with a question first (keyboard: Enter on the focused button).
  await page.click("#cancel");
  await page.waitForSelector("#cancel-yes");
  assert.equal(await page.evaluate(() => document.activeElement.id), "cancel-no");
  await look(page, "booking-nl-phone-7-cancel-question");
  await page.focus("#cancel-yes");
  await page.keyboard.press("Enter");
  await page.waitForSelector(".cancelled");
  assert.match(await page.textContent("main"), /geannuleerd/);
  await look(page, "booking-nl-phone-8-cancelled");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("booking in French on a desktop: a bad e-mail, a time taken meanwhile, cancel through the link", async () => {
  // No ?lang: the browser's Accept-Language decides.
  const page = await open(DESKTOP, "/book", "fr-BE");
  assert.equal(await heading(page), "Prendre rendez-vous");
  assert.equal(await page.getAttribute("html", "lang"), "fr");
  assert.ok(await page.isVisible("text=Accompagnement locatif"));
  await look(page, "booking-fr-desktop-1-services");
  await page.click("#svc-huur");
  await page.waitForSelector("[data-day]");
  // Housing support has one social worker of its own: nobody to choose.
  assert.equal(await page.locator("#worker").count(), 0);
  // Someone else takes this time below, and Marie then picks another time of the same day.
  const start = await pickDayAndTime(page, 0, 2);
  await look(page, "booking-fr-desktop-2-times");
  await page.locator("[data-start]").first().click();
  await page.waitForSelector("#book");
  await page.fill("#name", "Marie Dubois");
  await page.fill("#email", "marie@exemple");
  await page.fill("#phone", "0470 12 34 56");
  await page.check("#consent");
  await page.click("#book");
  await page.waitForSelector("#email-err");
  assert.match(await page.textContent("#email-err"), /adresse e-mail/);
  await look(page, "booking-fr-desktop-3-bad-email");

  // Someone else books that very time before Marie presses the button again.
  const r = await fetch(`${server.url}/api/v1/public/appointments`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": "198.51.100.77" },
    body: JSON.stringify({ service: "huur", start, name: "Quelqu'un", email: "autre@exemple.be", consent: true }),
  });
  assert.equal(r.status, 201);
  await page.fill("#email", "marie@exemple.be");
  await page.click("#book");
  await page.waitForSelector("[data-start]");
  assert.match(await page.textContent(".notice.error"), /vient d'être réservée/);
  const offered = await page.locator("[data-start]").evaluateAll((els) => els.map((e) => e.dataset.start));
  assert.ok(!offered.includes(start), "the taken time is no longer offered");
  await look(page, "booking-fr-desktop-4-slot-taken");
  await page.locator("[data-start]").first().click();
  await page.waitForSelector("#book");
  assert.equal(await page.inputValue("#name"), "Marie Dubois", "the form keeps what was typed");
  await page.click("#book");
  await page.waitForSelector("#a-code");
  assert.match(await page.textContent(".notice.ok"), /réservé/);
  assert.ok(await page.isVisible("text=Accompagnement locatif"));
  await look(page, "booking-fr-desktop-5-confirmation");
  const link = await page.getAttribute("a.link", "href");
  assert.match(link, /\/book\/[A-Za-z0-9]{20,}$/);

  // Move, then cancel from the link in a fresh tab (as from the e-mail).
  await page.click("#move");
  await pickDayAndTime(page, 0);
  await page.locator("[data-start]").last().click();
  await page.waitForSelector(".notice.ok");
  assert.match(await page.textContent(".notice.ok"), /déplacé/);
  const later = await open(DESKTOP, new URL(link).pathname, "fr-BE");
  assert.equal(await heading(later), "Votre rendez-vous");
  assert.equal(await later.textContent("#a-time"), await page.textContent("#a-time"));
  await later.click("#cancel");
  await later.click("#cancel-yes");
  await later.waitForSelector(".cancelled");
  assert.match(await later.textContent("main"), /annulé/);
  await look(later, "booking-fr-desktop-6-cancelled");
  // The language switch re-renders in Dutch.
  await later.click("[data-lang=nl]");
  await later.waitForFunction(() => document.querySelector("h1")?.textContent === "Uw afspraak");
  assert.match(later.url(), /lang=nl/);
  assert.deepEqual([...page.errors, ...later.errors], []);
  await page.context().close();
  await later.context().close();
});

test("an unknown link says so", async () => {
  const page = await open(PHONE, "/book/AAAAAAAAAAAAAAAAAAAAAAAA?lang=en");
  assert.match(await page.textContent(".notice.error"), /does not exist/);
  await look(page, "booking-en-phone-unknown-link");
  await page.context().close();
});

test("booking in Arabic, right to left, and the page in Ukrainian", async () => {
  // The server writes the direction into the page itself, before any script runs.
  const served = await (await fetch(`${server.url}/book?lang=ar`)).text();
  assert.match(served, /<html lang="ar" dir="rtl">/);
  const fromBrowser = await fetch(`${server.url}/book`, { headers: { "Accept-Language": "uk-UA,uk;q=0.9,ru;q=0.8" } });
  assert.match(await fromBrowser.text(), /<html lang="uk">/);

  const page = await open(PHONE, "/book?lang=nl");
  await page.click("[data-lang=ar]");
  await page.waitForFunction(() => document.querySelector("h1")?.textContent === "حجز موعد");
  assert.deepEqual(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), ["ar", "rtl"]);
  assert.equal(await page.getAttribute("[data-lang=ar]", "aria-current"), "true");
  assert.match(page.url(), /lang=ar/);
  assert.ok(await page.isVisible("text=المساعدة في الديون"), "service names in Arabic");
  // Each name and description says its language (Dutch where a configuration has no
  // translation; the demo has them all).
  assert.deepEqual(
    await page.$$eval("#svc-schuldhulp [lang]", (els) => els.map((e) => e.lang)),
    ["ar", "ar"],
  );
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), "nothing sticks out sideways");
  await look(page, "booking-ar-phone-1-services");

  await page.click("#svc-schuldhulp");
  await page.waitForSelector("[data-day]");
  assert.equal(await heading(page), "اختر يومًا");
  // Right to left: the way back is on the right, its arrow points right.
  const back = await page.locator("button.back").boundingBox();
  assert.ok(back.x + back.width > PHONE.width - 40, `back button at ${JSON.stringify(back)}`);
  assert.notEqual(await page.$eval("button.back .arrow", (a) => getComputedStyle(a).transform), "none");
  // Latin digits, Arabic words.
  assert.match(await page.locator("[data-day]").first().textContent(), /\d.*(متاح|متاحة|متاحان)/);
  await look(page, "booking-ar-phone-2-days");
  await pickDayAndTime(page, 0);
  assert.equal(await heading(page), "اختر وقتًا");
  assert.match(await page.locator("[data-start]").first().textContent(), /^\d\d:\d\d$/, "24-hour clock");
  await look(page, "booking-ar-phone-3-times");

  // A wrong phone number: the refusal comes from the server, in Arabic.
  await page.locator("[data-start]").first().click();
  await page.waitForSelector("#book");
  await page.fill("#name", "سارة أحمد");
  await page.fill("#phone", "12");
  await page.check("#consent");
  await page.click("#book");
  await page.waitForSelector("#phone-err");
  assert.match(await page.textContent("#phone-err"), /رقم الهاتف هذا غير صحيح/);
  assert.equal(await page.getAttribute("#phone", "dir"), "ltr");
  await look(page, "booking-ar-phone-4-form-error");

  // The confirmation, as from the link, for an appointment booked in Arabic elsewhere (its own
  // client address, so the page's address keeps its booking limit).
  const free = await (await fetch(`${server.url}/api/v1/public/slots?service=schuldhulp`)).json();
  const r = await fetch(`${server.url}/api/v1/public/appointments`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": "198.51.100.99" },
    body: JSON.stringify({ service: "schuldhulp", start: free.at(-1).start, name: "سارة أحمد", phone: "0470 12 34 56", lang: "ar", consent: true }),
  });
  assert.equal(r.status, 201);
  const { manage_token: token } = await r.json();
  const mine = await open(PHONE, `/book/${token}`);
  await mine.waitForSelector("#a-code");
  assert.equal(await heading(mine), "موعدك");
  assert.deepEqual(await mine.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), ["ar", "rtl"]);
  await look(mine, "booking-ar-phone-5-confirmation");

  // Ukrainian, from the same page: left to right again.
  await page.click("[data-lang=uk]");
  await page.waitForFunction(() => document.querySelector("h1")?.textContent === "Записатися на прийом");
  assert.deepEqual(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), ["uk", "ltr"]);
  await look(page, "booking-uk-phone-1-services");
  await page.click("#svc-huur");
  await page.waitForSelector("[data-day]");
  assert.equal(await heading(page), "Оберіть день");
  assert.match(await page.locator("[data-day]").first().textContent(), /вільн/);
  await look(page, "booking-uk-phone-2-days");
  assert.deepEqual([...page.errors, ...mine.errors], []);
  await page.context().close();
  await mine.context().close();
});

test("booking in Russian, a language added as one catalogue file: chosen by the browser, kept by the booking", async () => {
  const served = await (await fetch(`${server.url}/book`, { headers: { "Accept-Language": "ru-RU,ru;q=0.9" } })).text();
  assert.match(served, /<html lang="ru">/);
  // Without JavaScript the page says so in every language, Russian too.
  assert.match(served, /<p lang="ru" dir="ltr">Этой странице нужен JavaScript/);

  const page = await open(PHONE, "/book", "ru-RU");
  // One language button per catalogue file, each in its own name and direction.
  assert.deepEqual(
    await page.$$eval("#langs button", (b) => b.map((x) => [x.dataset.lang, x.textContent, x.getAttribute("dir") || "ltr"])),
    catalogueLanguages().map((l) => [l.code, l.name, l.dir]),
  );
  assert.equal(await heading(page), "Записаться на приём");
  assert.equal(await page.getAttribute("[data-lang=ru]", "aria-current"), "true");
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), "nothing sticks out sideways");
  await look(page, "booking-ru-phone-1-services");
  await page.click("#svc-huur");
  await page.waitForSelector("[data-day]");
  assert.equal(await heading(page), "Выберите день");
  assert.match(await page.locator("[data-day]").first().textContent(), /свободн/);
  await look(page, "booking-ru-phone-2-days");
  await pickDayAndTime(page, 0);
  assert.equal(await heading(page), "Выберите время");
  await page.locator("[data-start]").first().click();
  await page.waitForSelector("#book");
  await page.fill("#name", "Ольга Петрова");
  await page.fill("#phone", "12");
  await page.check("#consent");
  await page.click("#book");
  // The server's refusal, in Russian.
  await page.waitForSelector("#phone-err");
  assert.match(await page.textContent("#phone-err"), /Этот номер телефона неверен/);
  await look(page, "booking-ru-phone-3-form-error");
  await page.fill("#phone", "0470 98 76 54");
  await page.click("#book");
  await page.waitForSelector("#a-code");
  assert.equal(await heading(page), "Ваша запись");
  await look(page, "booking-ru-phone-4-confirmation");
  // The booking keeps its language: the link opened without ?lang= and without a browser
  // language speaks Russian.
  const token = new URL(page.url()).pathname.split("/").pop();
  const again = await open(PHONE, `/book/${token}`);
  await again.waitForSelector("#a-code");
  assert.equal(await heading(again), "Ваша запись");
  assert.equal(await again.evaluate(() => document.documentElement.lang), "ru");
  assert.deepEqual([...page.errors, ...again.errors], []);
  await page.context().close();
  await again.context().close();
});
