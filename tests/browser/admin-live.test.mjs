// The admin page for managers and live (/admin, admin.js, availability.js, live.js), in
// Chromium at 1366×768:
// - a manager (diensthoofd) finds /admin from the desk app ("Beheer"), gets it with only
//   Beschikbaarheid and sets a social worker's weekly hours; reception is refused the page;
// - two browsers on /admin: what one administrator changes (a new account, a service's name,
//   a social worker's hours) shows on the other page and on a manager's without a reload,
//   and a dialog open there keeps what is being typed in it.
// axe-core clean throughout; screenshots in screenshots/admin-live*.png and
// admin-manager*.png.
//
// Run: cd tests/browser && node --test --test-concurrency=1 admin-live.test.mjs

import { test } from "node:test";
import assert from "node:assert/strict";
import { api, login, assertAccessible, serverAndBrowser, ADMIN_PASSWORD } from "./lib.mjs";

const VIEW = { width: 1366, height: 768 };
const env = serverAndBrowser();

/** A page of its own (own cookies), logged in on /admin; `state`: the body's data-state after. */
async function open(username, password, state) {
  const page = await env.browser.newPage({ viewport: VIEW, bypassCSP: true, locale: "nl-BE", timezoneId: "Europe/Brussels" });
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(e));
  await page.goto(`${env.server.url}/admin`);
  await page.waitForSelector("body[data-state=login]");
  await page.fill("#login-user", username);
  await page.fill("#login-pass", password);
  await page.keyboard.press("Enter");
  if (state) await page.waitForSelector(`body[data-state=${state}]`);
  return page;
}

const rowText = (page, id, username) => page.evaluate(([id, u]) => {
  const r = document.querySelector(`#${id} tr[data-username="${u}"]`);
  return r ? r.textContent : null;
}, [id, username]);

test("a manager sets a social worker's weekly hours on /admin, and sees nothing else", async () => {
  const page = await open("diensthoofd", "diensthoofd", "manager");
  await page.waitForSelector('#availability-rows tr[data-username="mw.peeters"]');
  assert.equal(await page.title(), "Beschikbaarheid — Beheer — Onthaal");
  // Only the manager's section; the administrator's are hidden and never loaded.
  for (const id of ["accounts", "new-account", "devices", "services", "partners"]) {
    assert.equal(await page.locator(`#${id}`).isVisible(), false, id);
  }
  assert.equal(await page.locator("#availability").isVisible(), true);
  assert.match(await rowText(page, "availability-rows", "mw.janssens"), /wo 08:30-12:00, 13:00-17:00/);
  await assertAccessible(page, "admin-manager");

  const row = page.locator('#availability-rows tr[data-username="mw.peeters"]');
  await row.getByRole("button", { name: "Beschikbaarheid wijzigen: An Peeters (mw.peeters)" }).click();
  await page.waitForSelector("#availability-dialog[open]");
  const dialog = page.locator("#availability-dialog");
  for (const day of ["Maandag", "Dinsdag", "Woensdag", "Donderdag", "Vrijdag"]) await dialog.getByLabel(day).fill("");
  await dialog.getByLabel("Vrijdag").fill("09:00-10:00");
  await assertAccessible(page, "admin-manager-dialog");
  await page.click("#availability-submit");
  await page.waitForSelector("#availability-dialog", { state: "hidden" });
  await page.waitForFunction(() => /vr 09:00-10:00/.test(document.querySelector('#availability-rows tr[data-username="mw.peeters"]').textContent));
  // Focus back on the button that opened the dialog.
  await page.waitForFunction(() => document.activeElement.getAttribute("aria-label") === "Beschikbaarheid wijzigen: An Peeters (mw.peeters)");
  await assertAccessible(page, "admin-manager-after");
  const token = await login(env.server.url, "admin", ADMIN_PASSWORD);
  const now = (await api(env.server.url, "GET", "/api/v1/admin/staff/mw.peeters/availability", { token })).body;
  assert.deepEqual(now.hours, { fri: ["09:00-10:00"] });
  assert.deepEqual(page.errors, []);
  await page.close();

  // Reception is not let in.
  const desk = await open("onthaal", "onthaal", null);
  await desk.waitForFunction(() => /beheerders en diensthoofden/.test(document.querySelector("#login-note").textContent));
  assert.equal(await desk.locator("#app").isVisible(), false);
  await desk.close();
});

test("two browsers on /admin: what one changes, the other shows without a reload", async () => {
  const one = await open("admin", ADMIN_PASSWORD, "app");
  const two = await open("admin", ADMIN_PASSWORD, "app");
  const manager = await open("diensthoofd", "diensthoofd", "manager");
  await two.waitForSelector('#service-rows tr[data-service="huur"]');
  await manager.waitForSelector('#availability-rows tr[data-username="mw.janssens"]');
  // Browser two is in the middle of something: an account's dialog, with a name typed.
  await two.locator('#account-rows tr[data-username="onthaal"]').getByRole("button", { name: /^Wijzigen/ }).click();
  await two.waitForSelector("#edit-dialog[open]");
  await two.fill("#edit-name", "Half getypte naam");

  // Browser one makes an account in the page.
  await one.fill("#new-username", "live.collega");
  await one.fill("#new-name", "Live Collega");
  await one.check("#new-role-reception");
  await one.click("#new-submit");
  await one.waitForSelector("#password-dialog[open]");
  await one.click("#password-close");
  await two.waitForFunction(() => document.querySelector('#account-rows tr[data-username="live.collega"]'), null, { timeout: 10000 });
  // The dialog stayed open with what was typed.
  assert.equal(await two.locator("#edit-dialog").getAttribute("open"), "");
  assert.equal(await two.inputValue("#edit-name"), "Half getypte naam");
  await two.click("#edit-cancel");

  // Browser one renames a service (through the API, as another page or instance would).
  const token = await login(env.server.url, "admin", ADMIN_PASSWORD);
  const renamed = await api(env.server.url, "PATCH", "/api/v1/admin/services/huur", { token, body: { names: { nl: "Huur en wonen" } } });
  assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
  await two.waitForFunction(() => /Huur en wonen/.test(document.querySelector('#service-rows tr[data-service="huur"]').textContent), null, { timeout: 10000 });
  // The manager's list names services by their new name, and shows hours an administrator set.
  await one.locator('#account-rows tr[data-username="mw.janssens"]').getByRole("button", { name: /Beschikbaarheid/ }).click();
  await one.waitForSelector("#availability-dialog[open]");
  const dialog = one.locator("#availability-dialog");
  for (const day of ["Maandag", "Dinsdag", "Woensdag", "Donderdag", "Vrijdag"]) await dialog.getByLabel(day).fill("");
  await dialog.getByLabel("Donderdag").fill("13:00-15:00");
  await one.click("#availability-submit");
  await one.waitForSelector("#availability-dialog", { state: "hidden" });
  await manager.waitForFunction(() => {
    const r = document.querySelector('#availability-rows tr[data-username="mw.janssens"]');
    return r && /do 13:00-15:00/.test(r.textContent) && /Huur en wonen/.test(r.textContent);
  }, null, { timeout: 10000 });
  await assertAccessible(two, "admin-live");
  await assertAccessible(manager, "admin-live-manager");
  for (const p of [one, two, manager]) {
    assert.deepEqual(p.errors, []);
    await p.close();
  }
});

test("the desk app leads administrators and managers to /admin, nobody else", async () => {
  for (const [username, password, shown] of [["diensthoofd", "diensthoofd", true], ["onthaal", "onthaal", false]]) {
    const page = await env.browser.newPage({ viewport: VIEW, bypassCSP: true, locale: "nl-BE", timezoneId: "Europe/Brussels" });
    await page.goto(`${env.server.url}/`);
    await page.waitForSelector("#login-user");
    await page.fill("#login-user", username);
    await page.fill("#login-pass", password);
    await page.keyboard.press("Enter");
    // In: the desk app is live (the link is set before it connects).
    await page.waitForSelector("#conn[data-state=live]");
    assert.equal(await page.locator("#to-admin").isVisible(), shown, username);
    if (shown) {
      await page.getByRole("link", { name: "Beheer" }).click();
      await page.waitForSelector("body[data-state=manager]");
    }
    await page.close();
  }
});
