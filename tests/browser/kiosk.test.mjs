// The entrance kiosk page in Chromium, driven like a visitor drives it: the whole path to a
// question ticket in Dutch, French and Arabic (right to left), keyboard only, the appointment
// code on the keypad, going back to the start after 30 s idle, an empty printer, the server
// gone and back, a runaway kiosk. Every screen is scanned with axe-core and photographed at
// 1080×1920 (portrait), and start, topics, code and ticket also at 1920×1080 (landscape).
//
// Run: cd tests/browser && node --test --test-concurrency=1 kiosk.test.mjs
// (binaries from target/debug, or ONTHAAL_BIN_DIR=/path/to/debug).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  startServer, addDevice, startStation, api, login, launchBrowser, axeScan, screenshot, ADMIN_PASSWORD,
  catalogueLanguages, printedJobs, SHOTS,
} from "./lib.mjs";

const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };

let server, kiosk, browser, staff, port, printerDir;

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

// This suite takes tickets far faster than people do, so its main server runs without the
// kiosk rate limit; the limit gets its own server below.
async function startServerWithoutLimit(opts) {
  process.env.ONTHAAL_KIOSK_TICKET_LIMIT = "off";
  try { return await startServer(opts); } finally { delete process.env.ONTHAAL_KIOSK_TICKET_LIMIT; }
}

const jobs = (dir = printerDir) => readdirSync(dir).filter((f) => f.endsWith(".bin")).length;

async function openKiosk(viewport = PORTRAIT, { url = kiosk.url, clock = false, expect = "start" } = {}) {
  // The station's Content-Security-Policy forbids inline scripts; axe-core is injected as one.
  const page = await browser.newPage({ viewport, bypassCSP: true });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  // Locked down: the page never reaches anything but its own station.
  const origin = new URL(url).origin;
  page.on("request", (r) => { if (!r.url().startsWith(origin)) errors.push(new Error(`request out: ${r.url()}`)); });
  page.errors = errors;
  if (clock) await page.clock.install();
  await page.goto(url);
  await page.waitForSelector(`body[data-screen="${expect}"]`);
  return page;
}

async function screen(page, name, timeout = 5000) {
  await page.waitForSelector(`body[data-screen="${name}"]`, { timeout });
}

/** axe-core finds nothing serious or critical, every touch target is at least 110 CSS px
 * (2 cm even on a 32" screen) both ways, and the screen is photographed. */
async function look(page, name) {
  assert.deepEqual(await axeScan(page), [], `accessibility of ${name}`);
  const small = await page.$$eval("button", (bs) => bs.map((b) => [b.id || b.textContent, b.getBoundingClientRect()])
    .filter(([, r]) => r.width > 0 && (r.width < 110 || r.height < 110)).map(([id, r]) => `${id} ${Math.round(r.width)}×${Math.round(r.height)}`));
  assert.deepEqual(small, [], `small targets on ${name}`);
  // No words spill out of their button ("Terug" once did, squeezed by the location's name).
  const spilled = await page.$$eval("button", (bs) => bs.filter((b) => b.getBoundingClientRect().width > 0
    && (b.scrollWidth > b.clientWidth + 1 || b.scrollHeight > b.clientHeight + 1)).map((b) => b.id || b.textContent));
  assert.deepEqual(spilled, [], `words spilling out of buttons on ${name}`);
  // Nothing sticks out sideways (a long number, a long service name in another language).
  const wide = await page.evaluate(() => [...document.querySelectorAll("main *")]
    .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.left < -1 || r.right > innerWidth + 1); })
    .map((e) => e.id || e.className || e.tagName));
  assert.deepEqual(wide, [], `sticking out on ${name}`);
  await screenshot(page, name);
}

async function done(page) {
  assert.deepEqual(page.errors, []);
  await page.close();
}

before(async () => {
  port = await freePort();
  server = await startServerWithoutLimit({ bind: `127.0.0.1:${port}` });
  const token = addDevice(server, "kiosk", "Kiosk inkom");
  printerDir = mkdtempSync(path.join(tmpdir(), "onthaal-kiosk-printer-"));
  // The headset jack, as a file the test plugs in and out (see kiosk/src/headset.rs).
  kiosk = await startStation("kiosk", server, token, ["--printer", `dir://${printerDir}/`, "--headset", path.join(printerDir, "headset")]);
  browser = await launchBrowser();
  staff = await login(server.url, "onthaal", "onthaal");
});

after(async () => {
  await browser?.close();
  await kiosk?.stop();
  await server?.stop();
});

test("a Dutch visitor takes a question ticket; every screen is looked at", async () => {
  const page = await openKiosk();
  // Each language in its own name, Dutch first, no flags: one button per catalogue file, as
  // the file names itself, in its order.
  const buttons = await page.$$eval("button[data-lang]", (b) => b.map((x) => [x.dataset.lang, x.textContent, x.dir]));
  assert.deepEqual(buttons, catalogueLanguages().map((l) => [l.code, l.name, l.dir]));
  assert.deepEqual(buttons.slice(0, 6).map(([, name]) => name),
    ["Nederlands", "Français", "English", "Українська", "العربية", "Türkçe"]);
  await look(page, "kiosk-1-start-1080x1920");
  const printedBefore = jobs();

  await page.click("#lang-nl");
  await screen(page, "choice");
  assert.equal(await page.getAttribute("html", "lang"), "nl");
  await look(page, "kiosk-2-choice-nl-1080x1920");

  await page.click("#choice-question");
  await screen(page, "topics");
  // Walk-in services only (no appointment queue), plus "I don't know".
  const tiles = await page.$$eval(".tiles button", (b) => b.map((x) => x.id));
  assert.deepEqual(tiles, ["service-permanentie", "service-schuldhulp", "service-huur", "service-dont-know"]);
  assert.match(await page.textContent("#service-huur"), /Huurbegeleiding.*Huur, woning, huurwaarborg\./s);
  await look(page, "kiosk-3-topics-nl-1080x1920");

  await page.click("#service-huur");
  await screen(page, "ticket");
  const number = await page.textContent("#ticket-number");
  assert.match(number, /^H\d{3}$/);
  assert.equal(await page.textContent("#ticket-service"), "Huurbegeleiding");
  assert.match(await page.textContent("#ticket-take"), /Neem uw ticket hieronder/);
  assert.match(await page.textContent(".facts"), /Wachtenden voor u\s*\d+/);
  assert.equal(jobs(), printedBefore + 1, "printed once");
  // Same number in the queue the server keeps.
  const services = (await api(server.url, "GET", "/api/v1/services")).body;
  assert.ok(services.find((s) => s.key === "huur").waiting >= 1);
  // The ticket number is really large: over 300 px high (8 cm on a 24" portrait screen).
  const box = await page.locator("#ticket-number").boundingBox();
  assert.ok(box.height > 300, `number ${box.height}px high`);
  await look(page, "kiosk-4-ticket-nl-1080x1920");
  await page.click("#done");
  await screen(page, "start");
  await done(page);
});

test("a French visitor who does not know goes to the ID-team", async () => {
  const page = await openKiosk();
  await page.click("#lang-fr");
  await screen(page, "choice");
  assert.equal(await page.textContent("#choice-question .label"), "J'ai une question");
  await page.click("#choice-question");
  await screen(page, "topics");
  assert.equal(await page.textContent("#title"), "Votre question porte sur quoi ?");
  assert.match(await page.textContent("#service-dont-know"), /Je ne sais pas/);
  assert.match(await page.textContent("#service-huur"), /Accompagnement locatif.*Loyer, logement/s);
  // A name says its language (Dutch where a configuration has no translation).
  assert.equal(await page.getAttribute("#service-huur .label", "lang"), "fr");
  await look(page, "kiosk-3-topics-fr-1080x1920");
  await page.click("#service-dont-know");
  await screen(page, "ticket");
  assert.match(await page.textContent("#ticket-number"), /^I\d{3}$/);
  assert.equal(await page.textContent("#title"), "Votre numéro");
  assert.match(await page.textContent("#ticket-service"), /Équipe ID/);
  await look(page, "kiosk-4-ticket-fr-1080x1920");
  await done(page);
});

test("an Arabic visitor reads right to left all the way to the ticket", async () => {
  const page = await openKiosk();
  await page.click("#lang-ar");
  await screen(page, "choice");
  assert.equal(await page.getAttribute("html", "dir"), "rtl");
  assert.equal(await page.getAttribute("html", "lang"), "ar");
  await look(page, "kiosk-2-choice-ar-1080x1920");
  await page.click("#choice-question");
  await screen(page, "topics");
  // Right to left: the pictogram sits at the right of its tile.
  const tile = await page.locator("#service-schuldhulp").boundingBox();
  const pict = await page.locator("#service-schuldhulp .tile-icon").boundingBox();
  assert.ok(pict.x > tile.x + tile.width / 2, "pictogram on the right");
  assert.match(await page.textContent("#service-schuldhulp"), /المساعدة في الديون/);
  await look(page, "kiosk-3-topics-ar-1080x1920");
  await page.click("#service-schuldhulp");
  await screen(page, "ticket");
  assert.match(await page.textContent("#ticket-number"), /^S\d{3}$/);
  assert.equal(await page.textContent("#title"), "رقمك");
  await look(page, "kiosk-4-ticket-ar-1080x1920");
  await done(page);
});

test("a Russian visitor, whose language is one catalogue file (i18n/ru.ftl), is served in Russian and gets a Russian ticket", async () => {
  const page = await openKiosk();
  assert.equal(await page.textContent("#lang-ru"), "Русский");
  assert.match(await page.textContent(".langs-lead"), /Выберите язык/);
  await page.click("#lang-ru");
  await screen(page, "choice");
  assert.equal(await page.getAttribute("html", "lang"), "ru");
  assert.equal(await page.getAttribute("html", "dir"), "ltr");
  assert.equal(await page.textContent("#choice-question .label"), "У меня вопрос");
  await look(page, "kiosk-2-choice-ru-1080x1920");
  await page.click("#choice-question");
  await screen(page, "topics");
  assert.equal(await page.textContent("#title"), "О чём ваш вопрос?");
  // A service the configuration names in Dutch only keeps its Dutch name, marked as Dutch.
  assert.equal(await page.getAttribute("#service-huur .label", "lang"), "nl");
  await look(page, "kiosk-3-topics-ru-1080x1920");
  const before = printedJobs(printerDir).length;
  await page.click("#service-huur");
  await screen(page, "ticket");
  assert.equal(await page.textContent("#title"), "Ваш номер");
  assert.match(await page.textContent(".facts"), /Людей перед вами\s*\d+/);
  await look(page, "kiosk-4-ticket-ru-1080x1920");
  // The printed ticket: Russian words, drawn as pictures (the code page has no Cyrillic); its
  // preview is kept beside the screenshots to be looked at.
  const printed = printedJobs(printerDir);
  assert.equal(printed.length, before + 1, "printed once");
  const job = printed[printed.length - 1];
  assert.ok(job.bytes.includes(Buffer.from([0x1d, 0x76, 0x30])), "Cyrillic printed as a raster picture");
  copyFileSync(job.png, path.join(SHOTS, "kiosk-ticket-ru-printed.png"));
  await done(page);
});

test("keyboard only: language, question, topic and ticket, with a visible focus", async () => {
  const page = await openKiosk();
  const focused = () => page.evaluate(() => document.activeElement.id);
  const ring = () => page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.equal(await focused(), "lang-nl", "the first language has the focus");
  assert.notEqual(await ring(), "none");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "lang-en");
  await page.keyboard.press("Enter");
  await screen(page, "choice");
  assert.equal(await focused(), "choice-appointment");
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "choice-question");
  await screenshot(page, "kiosk-keyboard-focus-1080x1920");
  await page.keyboard.press("Space");
  await screen(page, "topics");
  assert.equal(await focused(), "service-permanentie");
  assert.notEqual(await ring(), "none");
  await page.keyboard.press("Enter");
  await screen(page, "ticket");
  assert.match(await page.textContent("#ticket-number"), /^P\d{3}$/);
  assert.equal(await focused(), "done");
  await page.keyboard.press("Enter");
  await screen(page, "start");
  await done(page);
});

test("an appointment code, scanned or typed on the keypad, gets the server's real answer", async () => {
  const page = await openKiosk();
  await page.click("#lang-nl");
  await page.click("#choice-appointment");
  await screen(page, "code");
  assert.equal(await page.evaluate(() => document.activeElement.id), "code", "ready for the scanner");
  await look(page, "kiosk-5-code-nl-1080x1920");
  // A scanner types like a keyboard and ends with Enter.
  await page.keyboard.type("https://onthaal.example/a/482913");
  await page.keyboard.press("Enter");
  await screen(page, "error");
  // A code nobody booked: the visitor is told plainly.
  assert.match(await page.textContent("#error-text"), /Wij vinden deze code niet/);
  await look(page, "kiosk-6-code-error-nl-1080x1920");
  await page.click("#retry");
  await screen(page, "code");
  // The code as the station read it from the scanned link, ready to correct.
  assert.equal(await page.inputValue("#code"), "482913");
  for (let i = 0; i < 6; i++) await page.click("#key-erase");
  assert.equal(await page.inputValue("#code"), "");
  // The keypad has exactly the symbols a code is made of: letters too, no 0/O, 1/I/L.
  const keys = await page.$$eval(".keypad .key[id^=key-]", (ks) => ks.map((k) => k.id.slice(4)).filter((k) => k.length === 1).join(""));
  assert.equal(keys, "ABCDEFGHJKMNPQRSTUVWXYZ34679");
  for (const k of ["K", "7", "M", "R", "4", "X"]) await page.click(`#key-${k}`);
  await page.click("#key-erase");
  assert.equal(await page.inputValue("#code"), "K7MR4");
  await page.click("#key-ok");
  await screen(page, "error");
  await done(page);
});

/** Error codes look like this; a visitor must never read one. */
const DEVELOPER_WORD = /[a-z]+_[a-z_]+/;

test("a wrong code is said in a plain sentence, in Dutch and in Arabic, and retry keeps what was typed", async () => {
  for (const [lang, sentence, title] of [
    ["nl", /^Wij vinden deze code niet\. Kijk de code na/, /Er ging iets mis/],
    ["ar", /^لا نجد هذا الرمز/, /حدث خطأ ما/],
  ]) {
    const page = await openKiosk();
    await page.click(`#lang-${lang}`);
    await page.click("#choice-appointment");
    await screen(page, "code");
    for (const k of "K7MR4Y") await page.click(`#key-${k}`);
    await page.click("#key-ok");
    await screen(page, "error");
    assert.match(await page.textContent("#error-text"), sentence);
    assert.match(await page.textContent("h1"), title);
    const shown = await page.innerText("main");
    assert.doesNotMatch(shown, DEVELOPER_WORD, `no error code on the screen: ${shown}`);
    assert.ok(!shown.includes("K7MR4Y"), "nothing on the screen reads as the visitor's code");
    assert.equal(await page.getAttribute("[role=alert]", "data-code"), "unknown_code", "staff can still tell");
    await look(page, `kiosk-6c-wrong-code-${lang}-1080x1920`);
    await page.click("#retry");
    await screen(page, "code");
    // One wrong character is one touch to mend.
    assert.equal(await page.inputValue("#code"), "K7MR4Y");
    // A keyboard or scanner adds at the end: the caret is after the kept code.
    assert.equal(await page.evaluate(() => [document.activeElement.id, document.activeElement.selectionStart].join()), "code,6");
    await page.click("#key-erase");
    await page.click("#key-X");
    assert.equal(await page.inputValue("#code"), "K7MR4X");
    await done(page);
  }
});

test("every answer a check-in can get has a plain sentence in every kiosk language", async () => {
  const page = await openKiosk();
  // What the server and the station can answer a check-in (http/appointments.rs, store, issue.rs).
  const codes = ["unknown_code", "invalid_code", "too_many_attempts", "too_early", "too_late", "not_today",
    "cancelled", "already_served", "no_appointment_queue", "server_unreachable", "server_error", "bad_answer",
    "unauthorized", "internal"];
  const said = await page.evaluate((codes) => LANGS.map(({ code: lang }) => {
    S.lang = lang;
    S.errorMessage = "";
    return [lang, codes.map((c) => [c, errorSentence(c, true)])];
  }), codes);
  const english = Object.fromEntries(said.find(([l]) => l === "en")[1]);
  for (const [lang, sentences] of said) {
    for (const [code, sentence] of sentences) {
      assert.ok(sentence && sentence.length > 20, `${lang} ${code}: ${sentence}`);
      assert.doesNotMatch(sentence, DEVELOPER_WORD, `${lang} ${code}`);
      if (lang !== "en") assert.notEqual(sentence, english[code], `${lang} ${code} is translated`);
    }
  }
  await done(page);
});

test("a real code on the wrong day: the server's reason in the visitor's language, no pointless retry", async () => {
  // The first free hour of the next working day, with the team.
  const day = (() => {
    for (let i = 1; i < 8; i++) {
      const d = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Brussels" }).format(new Date(Date.now() + i * 86400000));
      const dow = new Date(`${d}T12:00:00Z`).getUTCDay();
      if (dow >= 1 && dow <= 5) return d;
    }
    throw new Error("no working day ahead");
  })();
  const slots = await api(server.url, "GET", `/api/v1/appointments/slots?service=afspraak&from=${day}&to=${day}`, { token: staff });
  assert.ok(slots.body.length > 0, JSON.stringify(slots.body));
  const booked = await api(server.url, "POST", "/api/v1/appointments", { token: staff, body: { service: "afspraak", start: slots.body[0].start } });
  assert.equal(booked.status, 201, JSON.stringify(booked.body));
  const page = await openKiosk();
  await page.click("#lang-uk");
  await page.click("#choice-appointment");
  await screen(page, "code");
  for (const k of booked.body.code) await page.click(`#key-${k}`);
  await page.click("#key-ok");
  await screen(page, "error");
  const [y, m, d] = day.split("-");
  assert.equal(await page.textContent("#error-text"), `Ваш запис не сьогодні, а ${d}/${m}/${y} о ${slots.body[0].start.slice(11, 16)}.`);
  assert.match(await page.textContent("h1"), /Зараз відмітитися не можна/);
  assert.equal(await page.$("#retry"), null, "trying again would not change the day");
  await look(page, "kiosk-6b-check-in-not-today-uk-1080x1920");
  await page.click("#home");
  await screen(page, "start");
  await done(page);
});

test("after 30 s without a touch the kiosk is back at the start, at any step", async () => {
  const page = await openKiosk(PORTRAIT, { clock: true });
  await page.click("#lang-tr");
  await page.click("#choice-question");
  await screen(page, "topics");
  await page.clock.fastForward(20000);
  await page.click("#back"); // a touch restarts the 30 s
  await screen(page, "choice");
  await page.clock.fastForward(20000);
  assert.equal(await page.getAttribute("body", "data-screen"), "choice");
  await page.clock.fastForward(11000);
  await screen(page, "start");
  assert.equal(await page.getAttribute("html", "lang"), "nl");
  // The ticket screen goes back by itself after a few seconds.
  await page.click("#lang-tr");
  await page.click("#choice-question");
  await page.click("#service-permanentie");
  await screen(page, "ticket");
  await page.clock.fastForward(13000);
  await screen(page, "start");
  await done(page);
});

test("an empty printer: the ticket is still given, large on screen, and reception is told", async () => {
  const page = await openKiosk();
  writeFileSync(path.join(printerDir, "simulate"), "paper-out");
  try {
    const before = jobs();
    await page.click("#lang-uk");
    await page.click("#choice-question");
    await page.click("#service-permanentie");
    await screen(page, "ticket");
    assert.match(await page.textContent("#ticket-number"), /^P\d{3}$/);
    assert.match(await page.textContent("#ticket-not-printed"), /Принтер не працює/);
    assert.equal(jobs(), before, "nothing printed");
    await look(page, "kiosk-7-ticket-not-printed-uk-1080x1920");
    let devices;
    for (let i = 0; i < 50; i++) {
      devices = (await api(server.url, "GET", "/api/v1/devices", { token: staff })).body;
      if (devices.find((d) => d.kind === "kiosk")?.printer?.state === "paper_out") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(devices.find((d) => d.kind === "kiosk").printer.state, "paper_out");
  } finally {
    rmSync(path.join(printerDir, "simulate"), { force: true });
  }
  await done(page);
});

test("landscape 1920×1080: start, topics, code and ticket", async () => {
  const page = await openKiosk(LANDSCAPE);
  await look(page, "kiosk-1-start-1920x1080");
  await page.click("#lang-en");
  await page.click("#choice-question");
  await screen(page, "topics");
  await look(page, "kiosk-3-topics-en-1920x1080");
  await page.click("#back");
  await page.click("#choice-appointment");
  await screen(page, "code");
  await look(page, "kiosk-5-code-en-1920x1080");
  await page.click("#back");
  await page.click("#choice-question");
  await page.click("#service-schuldhulp");
  await screen(page, "ticket");
  await look(page, "kiosk-4-ticket-en-1920x1080");
  // Nothing is cut off: neither the page nor its main part scrolls in landscape.
  assert.ok(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight + 1));
  const [scroll, client] = await page.$eval("main", (m) => [m.scrollHeight, m.clientHeight]);
  assert.ok(scroll <= client + 1, `the ticket screen is ${scroll} px high in ${client} px`);
  await done(page);
});

test("the navigation fits its buttons in every language, and the choices fill a portrait screen", async () => {
  for (const viewport of [PORTRAIT, LANDSCAPE]) {
    const page = await openKiosk(viewport);
    const tag = `${viewport.width}x${viewport.height}`;
    // The choices use the screen's height, not its top half.
    const filled = async (what) => {
      const bottom = await page.$$eval("main button", (bs) => Math.max(...bs.map((b) => b.getBoundingClientRect().bottom)));
      assert.ok(bottom >= viewport.height * 0.75, `${what} at ${tag} ends at ${Math.round(bottom)} px of ${viewport.height}`);
    };
    await filled("the languages");
    for (const { code: lang } of catalogueLanguages()) {
      await page.click(`#lang-${lang}`);
      await screen(page, "choice");
      await filled(`the choice in ${lang}`);
      await page.click("#choice-question");
      await screen(page, "topics");
      await filled(`the topics in ${lang}`);
      // "Terug" and "Opnieuw beginnen" in each language: whole, inside their buttons.
      const nav = await page.$$eval(".steps button", (bs) => bs.map((b) => {
        const r = b.getBoundingClientRect();
        return { id: b.id, fits: b.scrollWidth <= b.clientWidth + 1 && b.scrollHeight <= b.clientHeight + 1,
          inside: r.left >= -1 && r.right <= innerWidth + 1, big: r.width >= 110 && r.height >= 110 };
      }));
      assert.deepEqual(nav.map((n) => n.id), ["back", "restart"]);
      for (const n of nav) assert.ok(n.fits && n.inside && n.big, `${n.id} in ${lang} at ${tag}: ${JSON.stringify(n)}`);
      if (lang === "uk" || lang === "nl") await look(page, `kiosk-3-topics-${lang}-nav-${tag}`);
      await page.click("#restart");
      await screen(page, "start");
    }
    await done(page);
  }
});

test("the information line in the visitor's language, the Dutch one where there is none", async () => {
  const admin = await login(server.url, "admin", ADMIN_PASSWORD);
  const id = (await api(server.url, "GET", "/api/v1/devices", { token: staff })).body.find((d) => d.name === "Kiosk inkom").id;
  const put = (body) => api(server.url, "PUT", `/api/v1/devices/${id}/settings`, { token: admin, body });
  assert.equal((await put({ info_line: "Permanentie op dinsdag 08:30–12:00",
    info_lines: { fr: "Permanence le mardi 08:30–12:00", ar: "الاستقبال يوم الثلاثاء 08:30–12:00" } })).status, 200);
  try {
    const page = await openKiosk();
    await page.waitForFunction(() => document.getElementById("info")?.textContent === "Permanentie op dinsdag 08:30–12:00");
    for (const [lang, text] of [["fr", "Permanence le mardi 08:30–12:00"], ["ar", "الاستقبال يوم الثلاثاء 08:30–12:00"],
      ["tr", "Permanentie op dinsdag 08:30–12:00"]]) {
      await page.click(`#lang-${lang}`);
      await screen(page, "choice");
      assert.equal(await page.textContent("#info"), text, lang);
      // Marked with its own language, so a screen reader (and the speaking kiosk) says it right.
      assert.equal(await page.getAttribute("#info", "lang"), lang === "tr" ? "nl" : lang);
      if (lang === "ar") await look(page, "kiosk-2-choice-info-ar-1080x1920");
      await page.click("#restart");
      await screen(page, "start");
    }
    await done(page);
  } finally {
    await put({});
  }
});

// What the speaking kiosk said (asked the station to say), as "lang:text".
const said = (page) => page.evaluate(() => window.onthaalSpeech.map((e) => `${e.lang}:${e.text}`));

async function hear(page, text, timeout = 30000) {
  await page.waitForFunction((x) => window.onthaalSpeech.some((e) => `${e.lang}:${e.text}` === x), text, { timeout, polling: 100 })
    .catch(async (e) => { throw new Error(`never said ${text}; said: ${JSON.stringify(await said(page))}\n${e}`); });
}

test("speech mode: keyboard only, every screen and choice read aloud in the visitor's language", async () => {
  const page = await openKiosk();
  const before = jobs();
  await page.keyboard.press("F1");
  await hear(page, "nl:Spraak staat aan. Kies met de pijltjestoetsen, bevestig met Enter.");
  // "Choose your language" in each language, in its own voice, then the focused choice.
  for (const x of ["nl:Kies uw taal", "fr:Choisissez votre langue", "en:Choose your language", "uk:Оберіть мову", "ar:اختر لغتك", "tr:Dilinizi seçin"]) await hear(page, x);
  await hear(page, "nl:Nederlands.");
  await page.keyboard.press("ArrowDown");
  await hear(page, "fr:Français.");
  await page.keyboard.press("ArrowDown");
  await hear(page, "en:English.");
  await page.keyboard.press("Enter");
  await screen(page, "choice");
  await hear(page, "en:What brings you here?");
  await hear(page, "en:I have an appointment. Scan or type the code of your appointment.");
  await page.keyboard.press("ArrowDown");
  await hear(page, "en:I have a question. Choose the topic and take a ticket.");
  await page.keyboard.press("Enter");
  await screen(page, "topics");
  await hear(page, "en:What is your question about?");
  // Down to the housing tile, each choice said as it is reached.
  for (let i = 0; i < 6 && (await page.evaluate(() => document.activeElement.id)) !== "service-huur"; i++) {
    await page.keyboard.press("ArrowDown");
    const label = await page.evaluate(() => document.activeElement.querySelector(".label")?.textContent || document.activeElement.textContent);
    await hear(page, `en:${label}.`, 30000).catch(async () => {
      // A tile is said with its description: the label starts the sentence.
      await page.waitForFunction((l) => window.onthaalSpeech.some((e) => e.lang === "en" && e.text.startsWith(l)), label, { timeout: 30000 });
    });
  }
  assert.equal(await page.evaluate(() => document.activeElement.id), "service-huur");
  await page.keyboard.press("Enter");
  await screen(page, "ticket");
  const number = await page.textContent("#ticket-number");
  const spoken = `${number[0]} ${parseInt(number.slice(1), 10)}`;
  await hear(page, "en:Your number");
  await hear(page, `en:${spoken}`);
  await hear(page, "en:Take your ticket below.");
  assert.equal(jobs(), before + 1, "one ticket, printed");
  // The station was asked to say each of these: the sentences really went to espeak-ng.
  const station = (await (await fetch(`${kiosk.url}/api/spoken`)).json()).map((e) => `${e.lang}:${e.text}`);
  for (const x of ["fr:Choisissez votre langue", "en:What brings you here?", `en:${spoken}`]) assert.ok(station.includes(x), `the station said ${x}`);
  const how = await page.evaluate(() => window.onthaalSpeech.map((e) => e.how));
  console.log("speech:", [...new Set(how)].join(", "));
  await look(page, "kiosk-10-speech-ticket-en-1080x1920");
  await done(page);
});

test("speech mode gives three times the time, and F1 turns it off again", async () => {
  const page = await openKiosk(PORTRAIT, { clock: true });
  await page.keyboard.press("F1");
  await hear(page, "nl:Spraak staat aan. Kies met de pijltjestoetsen, bevestig met Enter.");
  await page.keyboard.press("Enter");
  await screen(page, "choice");
  await page.clock.fastForward(35000);
  await page.waitForTimeout(200);
  assert.equal(await page.getAttribute("body", "data-screen"), "choice", "still there after 35 s");
  await page.clock.fastForward(60000);
  await screen(page, "start");
  // The next visitor starts silent; F1 on, F1 off.
  await page.keyboard.press("F1");
  await page.keyboard.press("F1");
  await hear(page, "nl:Spraak staat uit.");
  await done(page);
});

test("headphones plugged in start speech mode, taken out end it", async () => {
  const jack = path.join(printerDir, "headset");
  const page = await openKiosk();
  await page.waitForFunction(() => document.readyState === "complete");
  writeFileSync(jack, "1");
  await hear(page, "nl:Spraak staat aan. Kies met de pijltjestoetsen, bevestig met Enter.", 10000);
  await hear(page, "fr:Choisissez votre langue");
  assert.ok(await page.evaluate(() => document.body.classList.contains("speaking")));
  // Keyboard only from here, as with F1.
  await page.keyboard.press("ArrowDown");
  await hear(page, "fr:Français.");
  writeFileSync(jack, "0");
  await page.waitForFunction(() => !document.body.classList.contains("speaking"), null, { timeout: 10000 });
  assert.ok(!(await said(page)).includes("nl:Spraak staat uit."), "nothing said to headphones that are gone");
  await done(page);
});

test("locked down: no context menu, no text selection", async () => {
  const page = await openKiosk();
  const prevented = await page.evaluate(() => {
    const e = new MouseEvent("contextmenu", { bubbles: true, cancelable: true });
    document.querySelector("#lang-nl").dispatchEvent(e);
    return e.defaultPrevented;
  });
  assert.ok(prevented);
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).userSelect), "none");
  assert.equal(await page.$$eval("a", (a) => a.length), 0, "no links out");
  await done(page);
});

test("server gone: within 2 s the visitor is told in their language, and it recovers by itself", async () => {
  const start = await openKiosk();
  const chosen = await openKiosk();
  await chosen.click("#lang-fr");
  await screen(chosen, "choice");

  const stoppedAt = Date.now();
  await server.stop();
  await screen(start, "offline", 2000);
  await screen(chosen, "offline", 2000);
  console.log(`out-of-service screen after ${Date.now() - stoppedAt} ms`);
  // No language chosen yet: every language says it.
  for (const text of ["Tickets zijn tijdelijk niet beschikbaar", "Les tickets sont temporairement indisponibles",
    "Tickets are temporarily unavailable", "Талони тимчасово недоступні", "التذاكر غير متاحة مؤقتاً",
    "Sıra numaraları geçici olarak verilemiyor"]) {
    assert.ok((await start.textContent("main")).includes(text), text);
  }
  await look(start, "kiosk-8-offline-all-1080x1920");
  assert.equal(await chosen.textContent("#title"), "Les tickets sont temporairement indisponibles");
  await look(chosen, "kiosk-8-offline-fr-1080x1920");
  const land = await openKiosk(LANDSCAPE, { expect: "offline" });
  await look(land, "kiosk-8-offline-all-1920x1080");
  await land.close();

  server = await startServerWithoutLimit({ bind: `127.0.0.1:${port}`, databaseUrl: server.databaseUrl });
  await screen(start, "start", 10000);
  await start.waitForSelector("#lang-nl");
  await screen(chosen, "choice", 10000);
  await chosen.click("#choice-question");
  await chosen.click("#service-huur");
  await screen(chosen, "ticket");
  await done(start);
  await done(chosen);
});

test("a runaway kiosk is slowed down by the server, with a friendly message", async () => {
  const limited = await startServer();
  const token = addDevice(limited, "kiosk", "Kiosk snel");
  const dir = mkdtempSync(path.join(tmpdir(), "onthaal-kiosk-printer-"));
  const station = await startStation("kiosk", limited, token, ["--printer", `dir://${dir}/`]);
  try {
    const page = await openKiosk(PORTRAIT, { url: station.url });
    await page.waitForFunction(() => document.querySelector("#place").textContent !== "Onthaal");
    const take = async () => {
      await page.click("#lang-en");
      await page.click("#choice-question");
      await page.click("#service-huur");
      await page.waitForSelector('body[data-screen="ticket"], body[data-screen="error"]');
      return page.getAttribute("body", "data-screen");
    };
    // The default limit (5 in 15 s, 20 a minute) lets a family take its tickets in a row.
    for (let i = 0; i < 5; i++) {
      assert.equal(await take(), "ticket", `ticket ${i + 1} of a family`);
      await page.click("#done");
    }
    await page.click("#lang-en");
    await page.click("#choice-question");
    await page.click("#service-huur");
    await screen(page, "slow");
    // Kindly, with the wait the server gave, counting down.
    const text = await page.textContent("#slow-text");
    const m = text.match(/^Many tickets were taken just now\. Please try again in (\d+) seconds?\.$/);
    assert.ok(m, text);
    assert.ok(Number(m[1]) >= 1 && Number(m[1]) <= 15, text);
    assert.equal(await page.$("#retry"), null, "no retry before the wait is over");
    await look(page, "kiosk-9-too-many-en-1080x1920");
    assert.equal(jobs(dir), 5);
    // When the wait is over, "try again" takes the ticket (once).
    await page.waitForSelector("#retry", { timeout: 20000 });
    assert.equal(await page.textContent("#slow-text"), "You can try again now.");
    await page.click("#retry");
    await screen(page, "ticket", 10000);
    assert.equal(jobs(dir), 6);
    await done(page);
  } finally {
    await station.stop();
    await limited.stop();
  }
});
