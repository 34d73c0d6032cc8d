// The administrator's page (/admin) and the desk app's own password, in Chromium at 1366×768:
// an administrator logs in, makes an account with the keyboard-reachable form, sees its
// one-time password once, resets it, disables and enables it; the new staff member logs in at
// the desk with the one-time password and must choose a new one before anything else, and
// later changes it from the bar. axe-core clean throughout; screenshots in
// screenshots/admin-*.png and desk-password-*.png for a person to look at.
//
// Run: cd tests/browser && node --test --test-concurrency=1 admin.test.mjs

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { api, assertAccessible, startServerAndBrowser, stopServerAndBrowser, openOfficePage, logInAsAdmin } from "./lib.mjs";

const NEW_PASSWORD = "zilveren fiets langs de vaart";
let server, browser;

before(async () => ({ server, browser } = await startServerAndBrowser()));
after(() => stopServerAndBrowser({ server, browser }));

async function newPage(pathname) {
  return openOfficePage(browser, `${server.url}${pathname}`, { onlyTo: server.url });
}

async function adminPage() {
  const page = await newPage("/admin");
  await page.waitForSelector("body[data-state=login]");
  await assertAccessible(page, "admin-login");
  await logInAsAdmin(page);
  await page.waitForSelector("body[data-state=app]");
  await page.waitForSelector('#account-rows tr[data-username="onthaal"]');
  return page;
}

test("an administrator makes an account, the new colleague must choose a password first", async () => {
  const page = await adminPage();
  await assertAccessible(page, "admin-accounts");

  // A new account, by keyboard: the labels name every field.
  await page.locator("#new-form").getByLabel("Gebruikersnaam", { exact: true }).fill("mw.claes");
  await page.locator("#new-form").getByLabel("Naam", { exact: true }).fill("Ines Claes");
  await page.locator("#new-roles").getByLabel("Maatschappelijk werker").check();
  await page.locator("#new-services").getByLabel("Schuldhulp").check();
  await page.focus("#new-submit");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#password-dialog[open]");
  const first = (await page.textContent("#one-time-password")).trim();
  assert.match(first, /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
  assert.equal(await page.evaluate(() => document.activeElement.id), "password-close", "focus on the dialog");
  await assertAccessible(page, "admin-one-time-password");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#password-dialog", { state: "hidden" });
  assert.equal(await page.textContent("#one-time-password"), "", "shown only once");
  const row = page.locator('#account-rows tr[data-username="mw.claes"]');
  assert.match(await row.textContent(), /Maatschappelijk werker.*Schuldhulp.*eenmalig wachtwoord/s);
  assert.match(await page.textContent("#status"), /mw\.claes gemaakt/);

  // A mistake is said in Dutch, on the field.
  await page.fill("#new-username", "onthaal");
  await page.fill("#new-name", "Dubbel");
  await page.locator("#new-roles").getByLabel("Onthaal").check();
  await page.click("#new-submit");
  await page.waitForFunction(() => document.querySelector("#new-error").textContent.includes("bestaat al"));
  assert.equal(await page.getAttribute("#new-username", "aria-invalid"), "true");

  // Reset: a confirmation, then a new one-time password; the first no longer works.
  await row.getByRole("button", { name: /Wachtwoord resetten/ }).click();
  await page.waitForSelector("#confirm-dialog[open]");
  await assertAccessible(page, "admin-confirm-reset");
  await page.click("#confirm-yes");
  await page.waitForSelector("#password-dialog[open]");
  const reset = (await page.textContent("#one-time-password")).trim();
  assert.notEqual(reset, first);
  await page.click("#password-close");
  assert.equal((await api(server.url, "POST", "/api/v1/auth/login", { body: { username: "mw.claes", password: first } })).status, 401);

  // Disable and enable again, with the focus kept on the row.
  await row.getByRole("button", { name: /Uitschakelen/ }).click();
  await page.click("#confirm-yes");
  await page.waitForFunction(() => document.querySelector('#account-rows tr[data-username="mw.claes"]').classList.contains("disabled"));
  assert.match(await row.textContent(), /uitgeschakeld.*door Beheerder \(admin\)/s);
  // The list may be drawn again by the change's own live frame (live.js): the focus stays.
  await page.waitForFunction(() => document.activeElement.textContent === "Inschakelen");
  await assertAccessible(page, "admin-disabled");
  assert.equal((await api(server.url, "POST", "/api/v1/auth/login", { body: { username: "mw.claes", password: reset } })).status, 401);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => !document.querySelector('#account-rows tr[data-username="mw.claes"]').classList.contains("disabled"));

  // Edit: roles in a dialog, Escape or Annuleren leaves it as it was.
  await row.getByRole("button", { name: /Wijzigen/ }).click();
  await page.waitForSelector("#edit-dialog[open]");
  await page.locator("#edit-roles").getByLabel("Onthaal").check();
  await assertAccessible(page, "admin-edit");
  await page.click("#edit-submit");
  await page.waitForSelector("#edit-dialog", { state: "hidden" });
  await page.waitForFunction(() => document.querySelector('#account-rows tr[data-username="mw.claes"]').textContent.includes("Onthaal, Maatschappelijk werker"));
  // An account the configuration file once listed is changed here too: the database holds it.
  assert.equal(await page.locator('#account-rows tr[data-username="onthaal"]').getByRole("button", { name: /Wijzigen/ }).count(), 1);
  assert.deepEqual(page.errors, []);

  // The new colleague at the desk: the one-time password, then a new one before anything else.
  const desk = await newPage("/");
  await desk.waitForSelector('body[data-screen="login"]');
  await desk.fill("#login-user", "mw.claes");
  await desk.fill("#login-pass", reset);
  await desk.click("#login-submit");
  await desk.waitForSelector('body[data-screen="password"]');
  assert.equal(await desk.evaluate(() => document.activeElement.id), "password-old");
  assert.equal(await desk.isVisible("#password-cancel"), false, "no way around it but logging out");
  assert.equal(await desk.isVisible(".tabs"), false);
  await assertAccessible(desk, "desk-password-required");
  // Too weak: refused with the reason in Dutch.
  await desk.fill("#password-old", reset);
  await desk.fill("#password-new", "welkom123456");
  await desk.fill("#password-repeat", "welkom123456");
  await desk.click("#password-submit");
  await desk.waitForFunction(() => document.querySelector("#password-error").textContent.includes("te makkelijk"));
  await assertAccessible(desk, "desk-password-weak");
  await desk.fill("#password-new", NEW_PASSWORD);
  await desk.fill("#password-repeat", NEW_PASSWORD);
  await desk.click("#password-submit");
  await desk.waitForSelector('body[data-screen="desk"]');
  assert.equal((await api(server.url, "POST", "/api/v1/auth/login", { body: { username: "mw.claes", password: NEW_PASSWORD } })).body.must_change_password, false);

  // Later, from the bar: "Wachtwoord wijzigen", and back where one was.
  await desk.click("#change-password");
  await desk.waitForSelector('body[data-screen="password"]');
  assert.equal(await desk.isVisible("#password-cancel"), true);
  await assertAccessible(desk, "desk-password-change");
  await desk.click("#password-cancel");
  await desk.waitForSelector('body[data-screen="desk"]');
  assert.deepEqual(desk.errors, []);
  await desk.close();
  await page.close();
});

// Managers get the page with their sections only: admin-live.test.mjs.
test("the administrator's page is for administrators and managers only", async () => {
  const page = await newPage("/admin");
  await page.waitForSelector("body[data-state=login]");
  await page.fill("#login-user", "onthaal");
  await page.fill("#login-pass", "onthaal");
  await page.click("#login-submit");
  await page.waitForFunction(() => document.querySelector("#login-note").textContent.includes("voor beheerders en diensthoofden"));
  assert.equal(await page.isVisible("#app"), false);
  await page.close();
});
