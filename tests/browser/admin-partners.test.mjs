// The administrator's page, section Partners en categorieën (/admin, partners.js), in Chromium
// at 1366×768: an administrator adds a partner, changes it, retires one (no longer offered to
// the ID-team, still listed as "Stopgezet") and offers it again; adds a kind of help request,
// retires it, and sees a mistake refused in Dutch; with the keyboard's focus kept on the row;
// axe-core clean throughout; screenshots in screenshots/admin-partner*.png.
//
// Run: cd tests/browser && node --test --test-concurrency=1 admin-partners.test.mjs

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { api, login, assertAccessible, startServerAndBrowser, stopServerAndBrowser, openOfficePage, logInAsAdmin, ADMIN_PASSWORD } from "./lib.mjs";

let server, browser;

before(async () => ({ server, browser } = await startServerAndBrowser()));
after(() => stopServerAndBrowser({ server, browser }));

test("an administrator keeps partners and kinds of help request in the app", async () => {
  const page = await openOfficePage(browser, `${server.url}/admin`);
  await logInAsAdmin(page);
  await page.waitForSelector('#partner-rows tr[data-partner="caw"]');
  await page.waitForSelector('#category-rows tr[data-category="leefloon"]');
  await page.locator("#partners").scrollIntoViewIfNeeded();
  await assertAccessible(page, "admin-partners");
  const token = await login(server.url, "admin", ADMIN_PASSWORD);
  const offered = async (path) => (await api(server.url, "GET", path, { token })).body.map((x) => x.key);

  // A new partner.
  await page.click("#partner-new");
  await page.waitForSelector("#partner-dialog[open]");
  assert.equal(await page.evaluate(() => document.activeElement.id), "partner-key", "focus in the dialog");
  const dialog = page.locator("#partner-dialog");
  await dialog.getByLabel("Sleutel").fill("jac");
  await dialog.getByLabel("Naam", { exact: true }).fill("JAC Jongerenadvies");
  await dialog.getByLabel("Adres").fill("Kerkstraat 1, 2000 Antwerpen");
  await dialog.getByLabel("Telefoon").fill("03 000 00 00");
  await dialog.getByLabel("Openingsuren").fill("wo 13–17 u");
  await assertAccessible(page, "admin-partner-dialog");
  await page.click("#partner-submit");
  await page.waitForSelector('#partner-rows tr[data-partner="jac"]');
  await page.waitForFunction(() => /bewaard/.test(document.querySelector("#partners-status").textContent));
  assert.ok((await offered("/api/v1/partners")).includes("jac"), "offered to the ID-team");

  // A change: the focus goes back to the row's button.
  await page.locator('#partner-rows tr[data-partner="jac"]').getByRole("button", { name: /Wijzigen/ }).click();
  await page.waitForSelector("#partner-dialog[open]");
  assert.equal(await page.evaluate(() => document.activeElement.id), "partner-name");
  await page.fill("#partner-name", "JAC Antwerpen");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector('#partner-rows tr[data-partner="jac"]').textContent.includes("JAC Antwerpen"));
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-label")), "Wijzigen: JAC Antwerpen");

  // Retire caw: listed as Stopgezet, no longer offered; then offered again.
  const caw = page.locator('#partner-rows tr[data-partner="caw"]');
  await caw.getByRole("button", { name: /Stopzetten/ }).click();
  await page.waitForFunction(() => document.querySelector('#partner-rows tr[data-partner="caw"]').textContent.includes("Stopgezet"));
  // The list may be drawn again meanwhile by the change's own live frame (live.js): the focus
  // comes back to the same button.
  await page.waitForFunction(() => /^Opnieuw aanbieden: /.test(document.activeElement.getAttribute("aria-label")));
  assert.ok(!(await offered("/api/v1/partners")).includes("caw"), "no longer offered");
  await page.waitForFunction(() => /stopgezet/.test(document.querySelector("#partners-status").textContent));
  await assertAccessible(page, "admin-partner-retired");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector('#partner-rows tr[data-partner="caw"]').textContent.includes("Aangeboden"));
  assert.ok((await offered("/api/v1/partners")).includes("caw"), "offered again");

  // A kind of help request: added last, then retired.
  await page.click("#category-new");
  await page.waitForSelector("#category-dialog[open]");
  await page.fill("#category-key", "studietoelage");
  await page.fill("#category-name", "Studietoelage");
  await page.click("#category-submit");
  await page.waitForSelector('#category-rows tr[data-category="studietoelage"]');
  assert.equal((await offered("/api/v1/help-categories")).at(-1), "studietoelage");
  await page.locator('#category-rows tr[data-category="studietoelage"]').getByRole("button", { name: /Stopzetten/ }).click();
  await page.waitForFunction(() => document.querySelector('#category-rows tr[data-category="studietoelage"]').textContent.includes("Stopgezet"));
  assert.ok(!(await offered("/api/v1/help-categories")).includes("studietoelage"), "no longer on the form");

  // A mistake: said in Dutch with the file's reason; nothing is added.
  await page.click("#category-new");
  await page.waitForSelector("#category-dialog[open]");
  await page.fill("#category-key", "Geen Sleutel");
  await page.fill("#category-name", "Iets");
  await page.click("#category-submit");
  await page.waitForFunction(() => document.querySelector("#category-error").textContent.length > 0);
  assert.match(await page.textContent("#category-error"), /^Dat kan zo niet: help_category\.key/);
  await assertAccessible(page, "admin-partner-error");
  await page.click("#category-cancel");
  await page.waitForSelector("#category-dialog", { state: "hidden" });
  await page.locator("#partners").scrollIntoViewIfNeeded();
  await assertAccessible(page, "admin-partners-after");
  assert.deepEqual(page.errors, []);
});
