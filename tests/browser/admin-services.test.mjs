// The administrator's page, section Diensten (/admin, services.js), in Chromium at 1366×768:
// an administrator changes a service's target wait, French name, weekly hours and an exception
// in its dialog, sees a mistake refused in Dutch with the configuration file's reason, and
// adds a service; axe-core clean throughout; screenshots in screenshots/admin-service*.png.
//
// Run: cd tests/browser && node --test --test-concurrency=1 admin-services.test.mjs

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { api, login, assertAccessible, startServerAndBrowser, stopServerAndBrowser, openOfficePage, logInAsAdmin, ADMIN_PASSWORD } from "./lib.mjs";

let server, browser;

before(async () => ({ server, browser } = await startServerAndBrowser()));
after(() => stopServerAndBrowser({ server, browser }));

test("an administrator changes and adds services in the Diensten section", async () => {
  const page = await openOfficePage(browser, `${server.url}/admin`);
  await logInAsAdmin(page);
  await page.waitForSelector('#service-rows tr[data-service="permanentie"]');
  await page.locator("#services").scrollIntoViewIfNeeded();
  await assertAccessible(page, "admin-services");

  // Change the permanentie: target wait, French name, Tuesday morning only, Christmas Eve shorter.
  await page.locator('#service-rows tr[data-service="permanentie"]').getByRole("button", { name: /Wijzigen/ }).click();
  await page.waitForSelector("#service-dialog[open]");
  assert.equal(await page.evaluate(() => document.activeElement.id), "service-prefix", "focus in the dialog");
  await page.getByLabel("Streefwachttijd (minuten)").fill("15");
  await page.getByLabel("Naam (Frans)").fill("Permanence sociale");
  await page.getByLabel("Altijd open (geen openingsuren)").uncheck();
  await page.getByLabel("Dinsdag").fill("08:30-12:00");
  await page.getByLabel("Uitzonderingen en sluitingsdagen").fill("2026-12-24 09:00-11:00");
  await assertAccessible(page, "admin-service-dialog");
  await page.click("#service-submit");
  await page.waitForSelector("#service-dialog", { state: "hidden" });
  const row = page.locator('#service-rows tr[data-service="permanentie"]');
  await page.waitForFunction(() => document.querySelector('#service-rows tr[data-service="permanentie"]').textContent.includes("15 min"));
  assert.match(await row.textContent(), /di 08:30-12:00/);
  await page.waitForFunction(() => /bewaard/.test(document.querySelector("#status").textContent));
  const token = await login(server.url, "admin", ADMIN_PASSWORD);
  const listed = (await api(server.url, "GET", "/api/v1/admin/services", { token })).body.find((s) => s.key === "permanentie");
  assert.equal(listed.target_wait_min, 15);
  assert.equal(listed.names.fr, "Permanence sociale");
  assert.deepEqual(listed.hours, { tue: ["08:30-12:00"] });
  assert.deepEqual(listed.exceptions, [{ date: "2026-12-24", hours: ["09:00-11:00"] }]);

  // A mistake: said in Dutch, with the file's reason; nothing changes.
  await row.getByRole("button", { name: /Wijzigen/ }).click();
  await page.waitForSelector("#service-dialog[open]");
  await page.getByLabel("Dinsdag").fill("13:00-12:00");
  await page.click("#service-submit");
  await page.waitForFunction(() => document.querySelector("#service-error").textContent.length > 0);
  assert.match(await page.textContent("#service-error"), /^De uren kloppen niet: .*ends before it starts/);
  await assertAccessible(page, "admin-service-error");
  await page.click("#service-cancel");
  await page.waitForSelector("#service-dialog", { state: "hidden" });

  // A new service.
  await page.click("#service-new");
  await page.waitForSelector("#service-dialog[open]");
  assert.equal(await page.evaluate(() => document.activeElement.id), "service-key");
  await page.locator("#service-dialog").getByLabel("Sleutel").fill("energie");
  await page.getByLabel("Prefix van het ticketnummer").fill("E");
  await page.getByLabel("Naam (Nederlands)").fill("Energie");
  await page.getByLabel("Maandag").fill("09:00-12:00");
  await page.click("#service-submit");
  await page.waitForSelector('#service-rows tr[data-service="energie"]');
  await assertAccessible(page, "admin-services-after");
  const services = (await api(server.url, "GET", "/api/v1/services", { token })).body;
  assert.ok(services.some((s) => s.key === "energie"), "the new service is offered");
  assert.deepEqual(page.errors, []);
});
