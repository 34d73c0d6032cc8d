// What every browser page of Onthaal shares (the desk app, the dashboard, the booking page, the
// visitor's status page): API calls with one error contract, building elements, and dates.
// Served at /web/common.js and imported as an ES module (`<script type="module">`), so the
// pages' strict CSP (`script-src 'self'`) holds and no page leans on another's globals.
//
// The error contract: `api()` returns the parsed JSON body (null for an empty one, as 204) or
// throws an `ApiError`. The server's error body is `{"error": {"code", "message"}}`; the
// thrown error carries that code and message with the HTTP status. Without such a body the
// code is `http_<status>`. When the server cannot be reached at all the error has
// `network: true`, status 0 and code "network": each page says that in its own words.

/** A failed API call: `status` (0 when the server was not reached), the server's `code` and
 * `message`, and `network` when the request never got an answer. */
export class ApiError extends Error {
  constructor(status, code, message, { network = false } = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.network = network;
  }
}

/** Calls the API with the page's own cookie (if any). `body` (any JSON value) is sent as JSON
 * when given; `opts.cache` is passed on to `fetch` (the status page polls with "no-store"). */
export async function api(method, path, body, { cache } = {}) {
  let r;
  try {
    r = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache,
    });
  } catch (e) {
    throw new ApiError(0, "network", (e && e.message) || "network error", { network: true });
  }
  const text = r.status === 204 ? "" : await r.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!r.ok) {
    const e = (data && data.error) || {};
    throw new ApiError(r.status, e.code || `http_${r.status}`, e.message || `HTTP ${r.status}`);
  }
  return data;
}

/** Whether the server itself said what went wrong (an error body with a code), rather than
 * a proxy's bare status or no answer at all. */
export const serverSaid = (err) => err instanceof ApiError && !err.network && err.code !== `http_${err.status}`;

// ---------------------------------------------------------------------------------------------
// Elements. Everything shown is built as DOM nodes with text: no HTML is ever made from data.

/** The element with this id. */
export const $ = (id) => document.getElementById(id);

const absent = (v) => v === null || v === undefined || v === false;

/** Builds an element. Attributes by name (`class`, `text` for its text, `dataset` as an
 * object, `on…` as listeners, `true` as an empty attribute; null, undefined and false are left
 * out); children as nodes or text (always as text), in arrays as deep as they come. */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (absent(v)) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (absent(c)) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/** replaceChildren without the holes (null, undefined, false) that replaceChildren would print. */
export function fill(node, ...kids) {
  node.replaceChildren(...kids.flat(Infinity).filter((k) => !absent(k)));
}

/** Says `text` in a live region; emptied first, so the same sentence twice is read twice. */
export function announce(region, text, delayMs = 30) {
  region.textContent = "";
  setTimeout(() => { region.textContent = text; }, delayMs);
}

// ---------------------------------------------------------------------------------------------
// Dates and times.
//
// Staff pages (desk, dashboard) run on the office's own computers and show the device's clock;
// the citizen pages run on any phone anywhere and show Europe/Brussels (`BRUSSELS`), whatever
// the phone's own time zone. A calendar day is a plain "YYYY-MM-DD" string.

export const BRUSSELS = "Europe/Brussels";

export function pad(n) { return String(n).padStart(2, "0"); }

/** "2026-03-09" → "09/03/2026". */
export function fmtDate(ymd) { const [y, m, d] = String(ymd).split("-"); return `${d}/${m}/${y}`; }

/** "2026-03-09" → "09/03". */
export function fmtShortDate(ymd) { const [, m, d] = String(ymd).split("-"); return `${d}/${m}`; }

/** The device's calendar day of a Date, as "YYYY-MM-DD". */
export function isoDay(d) { return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`; }

/** The device's clock time of an instant, as "14:05". */
export function fmtTime(iso) { const d = new Date(iso); return `${pad(d.getHours())}:${pad(d.getMinutes())}`; }

/** The device's day and clock time of an instant, as "09/03 14:05". */
export function fmtDateTime(iso) { const d = new Date(iso); return `${pad(d.getDate())}/${pad(d.getMonth() + 1)} ${fmtTime(iso)}`; }

/** An instant formatted in Brussels for `locale`, with `Intl.DateTimeFormat` options. */
export function fmtBrussels(locale, iso, opts) {
  return new Intl.DateTimeFormat(locale, { timeZone: BRUSSELS, ...opts }).format(new Date(iso));
}

/** The Brussels calendar day of an instant (ms since the epoch), as "YYYY-MM-DD". */
export function brusselsDay(ms) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: BRUSSELS }).format(new Date(ms));
}

/** The weekdays as the configuration names them, with their Dutch names, Monday first. */
export const WEEKDAYS_NL = [
  ["mon", "Maandag"],
  ["tue", "Dinsdag"],
  ["wed", "Woensdag"],
  ["thu", "Donderdag"],
  ["fri", "Vrijdag"],
  ["sat", "Zaterdag"],
  ["sun", "Zondag"],
];

/** A visitor language's Dutch name ("uk" → "Oekraïens"), from the browser's language names,
 * so a language added as a catalogue (i18n/<code>.ftl) is named without a list here. */
export function langNl(code) {
  if (code === "nl") return "Nederlands";
  try {
    const name = new Intl.DisplayNames(["nl"], { type: "language" }).of(code);
    if (name && name !== code) return name[0].toUpperCase() + name.slice(1);
  } catch {
    // An unusual code: shown as it is.
  }
  return code;
}

/** The visitor languages after Dutch, as the catalogues declare them (/i18n/languages.json):
 * `{code, name, dir, locale}` each, in the catalogues' order. */
export async function visitorLanguages() {
  const list = await api("GET", "/i18n/languages.json");
  return list.filter((l) => l.code !== "nl");
}
