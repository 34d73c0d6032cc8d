// The administrator's page, Accounts, "Beschikbaarheid" (/admin, availability.js), in Chromium
// at 1366×768: an administrator gives a social worker other hours and services in the dialog,
// sees overlapping hours refused in Dutch with the configuration file's reason, and online
// booking offers the new hours at once; axe-core clean throughout; screenshots in
// screenshots/admin-availability*.png.
//
// Run: cd tests/browser && node --test --test-concurrency=1 admin-availability.test.mjs

import { test } from "node:test";
import assert from "node:assert/strict";
import { api, login, assertAccessible, serverAndBrowser, openOfficePage, logInAsAdmin, ADMIN_PASSWORD } from "./lib.mjs";

const env = serverAndBrowser();

test("an administrator sets a social worker's hours and services", async () => {
  const { server, browser } = env;
  const page = await openOfficePage(browser, `${server.url}/admin`);
  await logInAsAdmin(page);
  const row = page.locator('#account-rows tr[data-username="mw.janssens"]');
  await row.waitFor();
  // Only social workers have the button.
  assert.equal(await page.locator('#account-rows tr[data-username="onthaal"]').getByRole("button", { name: /Beschikbaarheid/ }).count(), 0);

  await row.getByRole("button", { name: /Beschikbaarheid/ }).click();
  await page.waitForSelector("#availability-dialog[open]");
  assert.equal(await page.evaluate(() => document.activeElement.id), "availability-mon", "focus in the dialog");
  const dialog = page.locator("#availability-dialog");
  assert.equal(await dialog.getByLabel("Woensdag").inputValue(), "08:30-12:00, 13:00-17:00");
  assert.equal(await dialog.getByLabel("Huurbegeleiding").isChecked(), true);

  // A mistake: overlapping hours, said in Dutch with the file's reason; focus on that day.
  await dialog.getByLabel("Maandag").fill("09:00-12:00, 11:00-13:00");
  await page.click("#availability-submit");
  await page.waitForFunction(() => document.querySelector("#availability-error").textContent.length > 0);
  assert.match(await page.textContent("#availability-error"), /^Dat kan zo niet: staff\.availability\.mon: .*overlaps/);
  assert.equal(await page.evaluate(() => document.activeElement.id), "availability-mon");
  await assertAccessible(page, "admin-availability-error");

  // Wednesday 10 to 11 only, housing support only.
  for (const day of ["Maandag", "Dinsdag", "Donderdag", "Vrijdag"]) await dialog.getByLabel(day).fill("");
  await dialog.getByLabel("Woensdag").fill("10:00-11:00");
  for (const box of await dialog.locator("#availability-services input").all()) await box.uncheck();
  await dialog.getByLabel("Huurbegeleiding").check();
  await assertAccessible(page, "admin-availability");
  await page.click("#availability-submit");
  await page.waitForSelector("#availability-dialog", { state: "hidden" });
  await page.waitForFunction(() => /Beschikbaarheid van Karim Janssens bewaard/.test(document.querySelector("#status").textContent));
  await page.waitForFunction(() => {
    const r = document.querySelector('#account-rows tr[data-username="mw.janssens"]');
    return r && r.children[3].textContent === "Huurbegeleiding";
  });
  await assertAccessible(page, "admin-availability-after");

  // Online booking offers the new hours at once: the first Wednesday at least two days ahead.
  const d = new Date(Date.now() + 2 * 86400000);
  while (d.getUTCDay() !== 3) d.setUTCDate(d.getUTCDate() + 1);
  const wed = d.toISOString().slice(0, 10);
  const slots = (await api(server.url, "GET", `/api/v1/public/slots?service=huur&from=${wed}&to=${wed}`)).body;
  assert.deepEqual(slots.map((s) => s.start.slice(11, 16)), ["10:00", "10:30"]);
  const token = await login(server.url, "admin", ADMIN_PASSWORD);
  const now = (await api(server.url, "GET", "/api/v1/admin/staff/mw.janssens/availability", { token })).body;
  assert.deepEqual(now, { hours: { wed: ["10:00-11:00"] }, services: ["huur"] });
  assert.deepEqual(page.errors, []);
});
