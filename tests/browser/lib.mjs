// Shared helpers for the browser tests: start the real programs from target/debug on fresh
// SQLite databases and free ports, drive Debian's chromium with Playwright, scan with axe-core,
// and keep screenshots in tests/browser/screenshots/ for a person to look at.

import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { before, after } from "node:test";

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, "../..");
export const BIN = process.env.ONTHAAL_BIN_DIR || path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, "target"), "debug");
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const ADMIN_PASSWORD = "groene browser op de testbank";

/** The demo accounts' passwords in a configuration *file* of the tests: the published demo
 * passwords (`onthaal`, `peeters` …) are accepted only from the built-in demo, so a file
 * gets these (see `withTestPasswords`). */
export const PASSWORD = {
  onthaal: "onthaal aan de blauwe testbalie",
  "mw.peeters": "peeters in de stille spreekkamer",
  "mw.janssens": "janssens met de gele huursleutel",
  diensthoofd: "diensthoofd leest de grafieken",
};

/** A demo-derived configuration's text with each demo password replaced by `PASSWORD`'s. */
export function withTestPasswords(toml) {
  const demo = { onthaal: "onthaal", "mw.peeters": "peeters", "mw.janssens": "janssens", diensthoofd: "diensthoofd" };
  for (const [user, weak] of Object.entries(demo)) {
    const from = `password = "${weak}"`;
    if (!toml.includes(from)) throw new Error(`the demo's password of ${user} moved`);
    toml = toml.replace(from, `password = "${PASSWORD[user]}"`);
  }
  return toml;
}
export const SHOTS = path.join(here, "screenshots");
mkdirSync(SHOTS, { recursive: true });

const children = new Set();
process.on("exit", () => { for (const c of children) try { c.kill("SIGKILL"); } catch {} });

/** Spawns a program and resolves when a line of its stdout contains an http:// address. */
export function startProgram(name, args, env = {}) {
  return new Promise((resolve, reject) => {
    const proc = spawn(path.join(BIN, name), args, { env: { ...process.env, RUST_LOG: "warn", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    children.add(proc);
    let out = "", err = "";
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 20 s\n${out}\n${err}`)), 20000);
    proc.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/http:\/\/(127\.0\.0\.1:\d+)/);
      if (m) { clearTimeout(timer); resolve({ proc, url: `http://${m[1]}`, output: () => out + err, stop: () => stop(proc) }); }
    });
    proc.stderr.on("data", (d) => { err += d; });
    proc.on("exit", (code) => { children.delete(proc); clearTimeout(timer); reject(new Error(`${name} exited with ${code}\n${out}\n${err}`)); });
  });
}

function stop(proc) {
  return new Promise((resolve) => {
    if (proc.exitCode !== null) return resolve();
    proc.on("exit", resolve);
    proc.kill("SIGTERM");
    setTimeout(() => proc.kill("SIGKILL"), 3000);
  });
}

/** The central server on a fresh SQLite database and a free port. */
export async function startServer({ config, bind = "127.0.0.1:0", databaseUrl } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), "onthaal-browser-"));
  const db = databaseUrl || `sqlite://${dir}/onthaal.db`;
  const args = ["--bind", bind, "--database-url", db];
  if (config) args.push("--config", config);
  const s = await startProgram("onthaal-server", args, { ONTHAAL_ADMIN_PASSWORD: ADMIN_PASSWORD });
  return { ...s, databaseUrl: db, dir };
}

/** Registers a device with the CLI on the server's database and returns its token. */
export function addDevice(server, kind, name = `test ${kind}`) {
  const out = execFileSync(path.join(BIN, "onthaal-server"), ["device", "add", "--kind", kind, "--name", name, "--database-url", server.databaseUrl], { encoding: "utf8" });
  return out.trim().split("\n").pop();
}

/** A station (onthaal-kiosk or onthaal-display) connected to `server`. */
export function startStation(kind, server, token, extra = []) {
  return startProgram(`onthaal-${kind}`, ["--server", server.url, "--token", token, "--bind", "127.0.0.1:0", ...extra]);
}

export async function api(base, method, p, { token, body } = {}) {
  const r = await fetch(base + p, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

export async function login(base, username, password) {
  const r = await api(base, "POST", "/api/v1/auth/login", { body: { username, password } });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status}`);
  return r.body.token;
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required"],
  });
}

const AXE = readFileSync(path.join(here, "node_modules/axe-core/axe.min.js"), "utf8");

/** Runs axe-core (WCAG 2.1 A and AA) and returns the serious and critical violations. */
export async function axeScan(page) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}

export async function screenshot(page, name) {
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** Takes the screenshot `name` (for a person to look at), then asserts that axe-core finds no
 * serious or critical violation on the page. */
export async function assertAccessible(page, name) {
  await screenshot(page, name);
  assert.deepEqual(await axeScan(page), [], `accessibility of ${name}`);
}

// ---- A test file's set-up: the server, Chromium, and the pages of the office ----

/** Starts the server (`options` as for `startServer`) and Chromium: `{ server, browser }`,
 * for a test file's `before`; `stopServerAndBrowser` ends both in its `after`. */
export async function startServerAndBrowser(options) {
  const server = await startServer(options);
  const browser = await launchBrowser();
  return { server, browser };
}

/** Closes Chromium and stops the server (either may not have started). */
export async function stopServerAndBrowser({ server, browser }) {
  await browser?.close();
  await server?.stop();
}

/** The screen size the office's pages (administration, desk app) are tested at. */
export const OFFICE_VIEW = { width: 1366, height: 768 };

/** A new page as an office PC shows it (Dutch, Brussels time, `OFFICE_VIEW` unless
 * `viewport`), opened at `url`; its script errors gather in `page.errors`, and so does every
 * request to anywhere but `onlyTo` (and data: URLs) when it is given. The pages'
 * Content-Security-Policy forbids inline scripts and axe-core is injected as one, so it is
 * bypassed. */
export async function openOfficePage(browser, url, { viewport = OFFICE_VIEW, onlyTo } = {}) {
  const page = await browser.newPage({ viewport, bypassCSP: true, locale: "nl-BE", timezoneId: "Europe/Brussels" });
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(e));
  if (onlyTo) {
    page.on("request", (r) => {
      if (!r.url().startsWith(onlyTo) && !r.url().startsWith("data:")) page.errors.push(new Error(`request out: ${r.url()}`));
    });
  }
  await page.goto(url);
  return page;
}

/** Logs in on the administrator's page (`/admin`, at its login form) as the administrator. */
export async function logInAsAdmin(page) {
  await page.waitForSelector("body[data-state=login]");
  await page.fill("#login-user", "admin");
  await page.fill("#login-pass", ADMIN_PASSWORD);
  await page.keyboard.press("Enter");
}

/** Logs in on the desk app (at its login screen) and sits down at `deskName`, until the
 * work screen is live. */
export async function logInAtDesk(page, user, password, deskName) {
  await page.fill("#login-user", user);
  await page.fill("#login-pass", password);
  await page.click("#login-submit");
  await page.waitForSelector('body[data-screen="desk"]');
  await page.locator(".desk-option", { hasText: deskName }).locator("input").check();
  await page.click("#desk-submit");
  await page.waitForSelector('body[data-screen="work"]');
  await page.waitForSelector('#conn[data-state="live"]');
}

/** Reception working through the API, to set the scene for a page under test: its `token`,
 * the `desks`, and tickets issued and called to a desk by name, each answer asserted. */
export async function receptionApi(server, password = "onthaal") {
  const token = await login(server.url, "onthaal", password);
  const desks = (await api(server.url, "GET", "/api/v1/desks", { token })).body;
  const deskId = (name) => desks.find((d) => d.name === name).id;
  const post = async (p, body, status) => {
    const r = await api(server.url, "POST", p, { token, body });
    assert.equal(r.status, status, JSON.stringify(r.body));
    return r.body;
  };
  return {
    token,
    desks,
    deskId,
    /** Issues a ticket (`body`: service, lang …) and returns it. */
    issue: (body) => post("/api/v1/tickets", body, 201),
    /** Calls the next visitor to the desk named `desk` and returns the called ticket. */
    callNext: (desk) => post(`/api/v1/desks/${deskId(desk)}/call-next`, {}, 200),
  };
}

/** A server and a browser for a test file (`startServerAndBrowser`), started in its `before`
 * and stopped in its `after`: `env.server` and `env.browser` once started. */
export function serverAndBrowser(options) {
  const env = {};
  before(async () => Object.assign(env, await startServerAndBrowser(options)));
  after(() => stopServerAndBrowser(env));
  return env;
}

// ---- Helpers for the desk app's tests (desk.test.mjs) ----

/** A copy of the demo configuration whose reception printer writes into `printerDir`
 * (one .bin and one .png per job), with `PASSWORD`'s passwords; returns the path of the copy. */
export function demoConfigWithPrinter(printerDir) {
  const demo = readFileSync(path.join(ROOT, "server/config/demo.toml"), "utf8");
  if (!demo.includes("dir://data/reception-printer/")) throw new Error("the demo's reception printer moved");
  const dir = mkdtempSync(path.join(tmpdir(), "onthaal-config-"));
  const file = path.join(dir, "desk-test.toml");
  writeFileSync(file, withTestPasswords(demo.replace("dir://data/reception-printer/", `dir://${printerDir}/`)));
  return file;
}

/** The jobs a `dir://` printer wrote, oldest first: `{ bin, png, bytes, text }`, where `text`
 * is the job decoded as WPC1252 (the code page the printer is driven in). */
export function printedJobs(dir) {
  return readdirSync(dir).filter((f) => f.endsWith(".bin")).sort().map((f) => {
    const bytes = readFileSync(path.join(dir, f));
    return { bin: path.join(dir, f), png: path.join(dir, f.replace(/\.bin$/, ".png")), bytes, text: decodeWpc1252(bytes) };
  });
}

// WPC1252's 0x80–0x9F (Node's TextDecoder may treat the label as plain Latin-1 there).
const CP1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

/** Bytes printed in WPC1252 as a string. */
export function decodeWpc1252(bytes) {
  let out = "";
  for (const b of bytes) out += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
  return out;
}

/** True when the job ends with a paper cut (GS V). */
export function hasCut(bytes) {
  for (let i = 0; i + 1 < bytes.length; i++) if (bytes[i] === 0x1d && bytes[i + 1] === 0x56) return true;
  return false;
}

/** The visitor languages as the catalogue files declare them (i18n/<code>.ftl: their reserved
 * `language-name`, `language-direction` and `language-order`), Dutch first: what every page
 * must offer, read here from the files themselves, not from a list. */
export function catalogueLanguages() {
  const dir = path.join(ROOT, "i18n");
  const langs = readdirSync(dir).filter((f) => f.endsWith(".ftl")).map((f) => {
    const src = readFileSync(path.join(dir, f), "utf8");
    const value = (id) => (src.match(new RegExp(`^${id} = (.*)$`, "m")) || [])[1]?.trim();
    return { code: f.slice(0, -4), name: value("language-name"), dir: value("language-direction"),
      order: Number(value("language-order")) };
  });
  return langs.sort((a, b) => (a.code !== "nl") - (b.code !== "nl") || a.order - b.order);
}
