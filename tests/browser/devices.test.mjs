// The Apparaten section of the administrator's page (/admin) and a station's pairing page, in
// Chromium: an administrator registers a kiosk and sees its pairing code once; the kiosk,
// started without a token, shows "Koppelcode" on its own screen, refuses a wrong code in
// Dutch, takes the right one and turns into the kiosk page; the administrator sees it online,
// renames it, sets up a display's services, information line and languages, and revokes the
// kiosk. axe-core clean throughout; screenshots in screenshots/admin-devices-*.png and
// station-pairing-*.png for a person to look at.
//
// Run: cd tests/browser && node --test --test-concurrency=1 devices.test.mjs

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startProgram, api, login, assertAccessible, startServerAndBrowser, stopServerAndBrowser, openOfficePage, logInAsAdmin, ADMIN_PASSWORD } from "./lib.mjs";

let server, browser;

before(async () => ({ server, browser } = await startServerAndBrowser()));
after(() => stopServerAndBrowser({ server, browser }));

async function adminPage() {
  const page = await openOfficePage(browser, `${server.url}/admin`);
  await logInAsAdmin(page);
  await page.waitForSelector("body[data-state=app]");
  await page.waitForSelector("#device-new-form");
  return page;
}

const row = (page, name) => page.locator("#device-rows tr", { hasText: name });

test("register a kiosk, pair it on its own screen, rename, set up and revoke", async () => {
  const page = await adminPage();
  // No devices yet: once the list is read, it says so.
  await page.waitForSelector("#device-empty", { state: "visible", timeout: 5000 });

  // Register a kiosk with the keyboard: the labels name every field.
  await page.locator("#device-new-form").getByLabel("Naam", { exact: true }).fill("Kiosk inkom");
  await page.focus("#device-new-submit");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#code-dialog[open]");
  const code = (await page.textContent("#pairing-code")).trim();
  assert.match(code, /^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
  assert.equal(await page.evaluate(() => document.activeElement.id), "code-close", "focus on the dialog");
  assert.match(await page.textContent("#code-until"), /Geldig tot \d\d:\d\d/);
  await assertAccessible(page, "admin-devices-code");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#code-dialog", { state: "hidden" });
  // Shown only once: the dialog's close event (dispatched just after it hides) wipes the code.
  await page.waitForFunction(() => document.querySelector("#pairing-code").textContent === "", null, { timeout: 2000 });
  assert.match(await row(page, "Kiosk inkom").textContent(), /Kiosk.*wacht op koppeling/s);

  // The kiosk, started without a token, asks for its code on its screen.
  const dir = mkdtempSync(path.join(tmpdir(), "onthaal-pairing-"));
  const tokenFile = path.join(dir, "kiosk-token");
  const kiosk = await startProgram("onthaal-kiosk", ["--server", server.url, "--bind", "127.0.0.1:0",
    "--token-file", tokenFile, "--printer", `dir://${dir}/printer/`, "--headset", "off"],
  { ONTHAAL_DEVICE_TOKEN: "", ONTHAAL_PAIRING_CODE: "" });
  const screen = await openOfficePage(browser, kiosk.url, { viewport: { width: 1280, height: 1024 } });
  await screen.waitForSelector("#pair-form");
  assert.equal(await screen.evaluate(() => document.activeElement.id), "code");
  await assertAccessible(screen, "station-pairing");
  // A wrong code, typed on the on-screen keys: the server's Dutch answer.
  for (const c of "WXYZWXYZ") await screen.getByRole("button", { name: c, exact: true }).click();
  assert.equal(await screen.inputValue("#code"), "WXYZ-WXYZ");
  await screen.click("#submit");
  await screen.waitForSelector("#error:not(:empty)");
  assert.match(await screen.textContent("#error"), /bestaat niet/);
  await assertAccessible(screen, "station-pairing-wrong");
  // The right one, typed in lower case.
  await screen.fill("#code", code.toLowerCase());
  await screen.keyboard.press("Enter");
  await screen.waitForSelector("#done:not(:empty)");
  assert.match(await screen.textContent("#done"), /Gekoppeld als „Kiosk inkom”/);
  // The page turns into the kiosk's own page on the same address.
  await screen.waitForSelector("#pair-form", { state: "detached", timeout: 15000 });
  assert.equal(statSync(tokenFile).mode & 0o777, 0o600);
  assert.deepEqual(screen.errors, []);
  await screen.close();

  // Online in the list, once the page looks again.
  await page.reload();
  await page.waitForSelector("#device-new-form");
  await page.waitForFunction(() => /online/.test(document.querySelector("#device-rows")?.textContent || ""));

  // Rename.
  await row(page, "Kiosk inkom").getByRole("button", { name: /Naam wijzigen/ }).click();
  await page.waitForSelector("#rename-dialog[open]");
  await page.fill("#rename-name", "Kiosk hoofdingang");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#rename-dialog", { state: "hidden" });
  await page.waitForFunction(() => /heet nu/.test(document.querySelector("#device-status").textContent));
  assert.equal(await row(page, "Kiosk hoofdingang").count(), 1);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Naam wijzigen", "focus back on the row");

  // A display's settings: services, information lines, languages after Dutch.
  await page.check("#device-kind-display");
  await page.fill("#device-new-name", "Scherm wachtzaal");
  await page.click("#device-new-submit");
  await page.waitForSelector("#code-dialog[open]");
  await page.click("#code-close");
  await row(page, "Scherm wachtzaal").getByRole("button", { name: /Instellingen/ }).click();
  await page.waitForSelector("#settings-dialog[open]");
  await page.locator("#settings-services").getByLabel("Permanentie").check();
  await page.fill("#settings-line-nl", "Permanentie elke voormiddag");
  await page.fill("#settings-line-fr", "Permanence chaque matin");
  await page.locator("#settings-langs").getByLabel("Frans").check();
  await page.locator("#settings-langs").getByLabel("Engels").check();
  await assertAccessible(page, "admin-devices-settings");
  await page.click("#settings-submit");
  await page.waitForSelector("#settings-dialog", { state: "hidden" });
  const admin = await login(server.url, "admin", ADMIN_PASSWORD);
  const list = (await api(server.url, "GET", "/api/v1/admin/devices", { token: admin })).body;
  const display = list.find((d) => d.name === "Scherm wachtzaal");
  assert.deepEqual(display.settings.services, ["permanentie"]);
  assert.equal(display.settings.info_line, "Permanentie elke voormiddag");
  assert.deepEqual(display.settings.info_lines, { fr: "Permanence chaque matin" });
  assert.deepEqual(display.settings.languages, ["fr", "en"]);

  // Revoke the kiosk, after a question.
  await row(page, "Kiosk hoofdingang").getByRole("button", { name: /Intrekken/ }).click();
  await page.waitForSelector("#confirm-dialog[open]");
  assert.equal(await page.evaluate(() => document.activeElement.id), "confirm-no", "the safe choice first");
  assert.match(await page.textContent("#confirm-title"), /Kiosk „Kiosk hoofdingang” intrekken\?/);
  assert.equal(await page.textContent("#confirm-yes"), "Intrekken");
  await assertAccessible(page, "admin-devices-revoke");
  await page.click("#confirm-yes");
  await page.waitForFunction(() => /ingetrokken/.test(document.querySelector("#device-status").textContent));
  assert.match(await row(page, "Kiosk hoofdingang").textContent(), /ingetrokken/);
  assert.equal(await row(page, "Kiosk hoofdingang").getByRole("button").count(), 0);
  await page.locator("#devices").scrollIntoViewIfNeeded();
  await page.evaluate(() => document.getElementById("devices").scrollIntoView());
  await assertAccessible(page, "admin-devices");
  assert.deepEqual(page.errors, []);
  await kiosk.stop();
});
