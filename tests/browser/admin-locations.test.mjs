// The administrator's page, section Locaties (/admin, locations.js), in Chromium at 1366×768:
// an administrator adds a room with its profile while reception's desk app, in another
// browser, offers it at once; changes the location's settings; sees a printer with a wrong
// address refused in Dutch with the configuration file's reason; retires the room reception
// sits at (the desk app asks where they sit now) and takes it in use again; and adds a
// location with a copy of the services and one without, which Diensten then offers. axe-core
// clean throughout; screenshots in screenshots/admin-location*.png.
//
// Run: cd tests/browser && node --test --test-concurrency=1 admin-locations.test.mjs

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, api, login, launchBrowser, axeScan, screenshot, ADMIN_PASSWORD } from "./lib.mjs";

const VIEW = { width: 1366, height: 768 };
let server, browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function clean(page, name) {
  await screenshot(page, name);
  assert.deepEqual(await axeScan(page), [], `accessibility of ${name}`);
}

async function newPage(errors, url) {
  const context = await browser.newContext({ viewport: VIEW, bypassCSP: true, locale: "nl-BE", timezoneId: "Europe/Brussels" });
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(e));
  await page.goto(url);
  return page;
}

test("an administrator keeps locations, rooms and printers, and the desk app follows live", async () => {
  const errors = [];
  // Reception at the desk app, on the desk choice.
  const desk = await newPage(errors, `${server.url}/`);
  await desk.waitForSelector('body[data-screen="login"]');
  await desk.fill("#login-user", "onthaal");
  await desk.fill("#login-pass", "onthaal");
  await desk.click("#login-submit");
  await desk.waitForSelector('body[data-screen="desk"]');
  await desk.waitForSelector('#conn[data-state="live"]');

  const page = await newPage(errors, `${server.url}/admin`);
  await page.waitForSelector("body[data-state=login]");
  await page.fill("#login-user", "admin");
  await page.fill("#login-pass", ADMIN_PASSWORD);
  await page.keyboard.press("Enter");
  const centrum = page.locator('#locations section[data-location="centrum"]');
  await centrum.locator('tr[data-desk="loket-1"]').waitFor();
  await page.evaluate(() => document.getElementById("locations").scrollIntoView({ block: "start" }));
  await clean(page, "admin-locations");

  // A new room with its profile.
  await centrum.getByRole("button", { name: /Nieuwe balie of spreekkamer/ }).click();
  await page.waitForSelector("#desk-dialog[open]");
  assert.equal(await page.evaluate(() => document.activeElement.id), "desk-key", "focus in the dialog");
  await page.locator("#desk-dialog").getByLabel("Sleutel").fill("spreekkamer-9");
  await page.locator("#desk-dialog").getByLabel("Naam", { exact: true }).fill("Spreekkamer 9");
  await page.locator("#desk-dialog").getByLabel("Soort", { exact: true }).selectOption("spreekkamer");
  await page.locator("#desk-services").getByLabel("Huur").check();
  await clean(page, "admin-location-desk-dialog");
  await page.click("#desk-submit");
  await page.waitForSelector("#desk-dialog", { state: "hidden" });
  const row = centrum.locator('tr[data-desk="spreekkamer-9"]');
  await row.waitFor();
  assert.match(await row.textContent(), /Spreekkamer 9.*Spreekkamer.*Huur.*In gebruik/);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Wijzigen", "focus back on the row");

  // The desk app offers it without a reload, and reception sits down there.
  const option = desk.locator(".desk-option", { hasText: "Spreekkamer 9" });
  await option.waitFor();
  await option.locator("input").check();
  await desk.click("#desk-submit");
  await desk.waitForSelector('body[data-screen="work"]');
  assert.equal(await desk.textContent("#desk-name"), "Spreekkamer 9");

  // The location's settings.
  await centrum.getByRole("button", { name: /Instellingen wijzigen/ }).click();
  await page.waitForSelector("#location-dialog[open]");
  await page.getByLabel("Terugzetten na niet opdagen (minuten)").fill("10");
  await page.getByLabel("Sluitingsdagen van de hele locatie").fill("2026-12-24\n2026-12-31");
  await clean(page, "admin-location-settings-dialog");
  await page.click("#location-submit");
  await page.waitForSelector("#location-dialog", { state: "hidden" });
  await page.waitForFunction(() => /24\/12\/2026, 31\/12\/2026/.test(document.querySelector('#locations section[data-location="centrum"]').textContent));
  const token = await login(server.url, "admin", ADMIN_PASSWORD);
  const listed = (await api(server.url, "GET", "/api/v1/admin/locations", { token })).body[0];
  assert.equal(listed.no_show_grace_min, 10);
  assert.deepEqual(listed.closed_on, ["2026-12-24", "2026-12-31"]);

  // A printer with a wrong address: said in Dutch, with the file's reason.
  await centrum.getByRole("button", { name: /Nieuwe printer/ }).click();
  await page.waitForSelector("#printer-dialog[open]");
  await page.locator("#printer-dialog").getByLabel("Sleutel").fill("balie");
  await page.locator("#printer-dialog").getByLabel("Naam", { exact: true }).fill("Balieprinter");
  await page.getByLabel("Adres van de printer").fill("tcp://10.0.0.20:9100?width=70");
  await page.click("#printer-submit");
  await page.waitForFunction(() => document.querySelector("#printer-error").textContent.length > 0);
  assert.match(await page.textContent("#printer-error"), /^Dat kan zo niet: location\.printer\.uri: .*width must be 80 or 58/);
  await clean(page, "admin-location-printer-error");
  await page.getByLabel("Adres van de printer").fill("tcp://10.0.0.20:9100?width=58");
  await page.click("#printer-submit");
  await page.waitForSelector("#printer-dialog", { state: "hidden" });
  await centrum.locator('tr[data-printer="balie"]').waitFor();

  // Retiring the room reception sits at: the desk app asks where they sit now.
  await row.getByRole("button", { name: /Buiten gebruik stellen/ }).click();
  await row.locator(".badge.off").waitFor();
  assert.match(await page.evaluate(() => document.activeElement.textContent), /Weer in gebruik nemen/);
  await desk.waitForSelector('body[data-screen="desk"]');
  assert.match(await desk.textContent("#desk-error"), /buiten gebruik gesteld/);
  assert.equal(await desk.locator(".desk-option", { hasText: "Spreekkamer 9" }).count(), 0);
  await screenshot(desk, "admin-location-desk-app-retired");
  assert.deepEqual(await axeScan(desk), [], "accessibility of the desk choice");
  await row.getByRole("button", { name: /Weer in gebruik nemen/ }).click();
  await row.locator(".badge.on").waitFor();
  await desk.locator(".desk-option", { hasText: "Spreekkamer 9" }).waitFor();

  // A new location, with a copy of centrum's services.
  await page.click("#location-new");
  await page.waitForSelector("#location-dialog[open]");
  assert.equal(await page.evaluate(() => document.activeElement.id), "location-key");
  await page.getByLabel("Sleutel van de locatie").fill("noord");
  await page.locator("#location-dialog").getByLabel("Naam", { exact: true }).fill("Antenne Noord");
  await page.locator("#location-dialog").getByLabel("Adres", { exact: true }).fill("Noordlaan 5, 9999 Demostad");
  await clean(page, "admin-location-new-dialog");
  await page.click("#location-submit");
  await page.waitForSelector("#location-dialog", { state: "hidden" });
  await page.locator('#locations section[data-location="noord"]').waitFor();
  await page.locator('#locations section[data-location="noord"]').scrollIntoViewIfNeeded();
  await clean(page, "admin-locations-after");
  const noord = (await api(server.url, "GET", "/api/v1/admin/locations", { token })).body.find((l) => l.key === "noord");
  assert.deepEqual(noord.services.map((s) => s.key), listed.services.map((s) => s.key));

  // One without services: Diensten offers it for a new service.
  await page.click("#location-new");
  await page.waitForSelector("#location-dialog[open]");
  await page.getByLabel("Sleutel van de locatie").fill("zuid");
  await page.locator("#location-dialog").getByLabel("Naam", { exact: true }).fill("Antenne Zuid");
  await page.locator("#location-dialog").getByLabel("Diensten").selectOption("");
  await page.click("#location-submit");
  await page.locator('#locations section[data-location="zuid"]').waitFor();
  assert.match(await page.locator('#locations section[data-location="zuid"]').textContent(), /Nog geen balies of spreekkamers/);
  await page.reload();
  await page.waitForSelector('#service-rows tr[data-service="permanentie"]');
  await page.click("#service-new");
  await page.waitForSelector("#service-dialog[open]");
  assert.ok((await page.locator("#service-location option").allTextContents()).includes("zuid"), "Diensten offers the new location");
  await page.click("#service-cancel");
  assert.deepEqual(errors, []);
});
