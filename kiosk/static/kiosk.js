// The Onthaal kiosk page: the visitor's path from language to ticket.
//
// The station (onthaal-kiosk) serves this file and is the only thing it talks to: the state
// (connection to the server, services, printer) arrives as server-sent events from
// /api/events, and the visitor's last touch goes to /api/ticket or /api/check-in with one
// idempotency key per choice, reused when the visitor retries, so a double tap or a retry
// never gives two tickets.
//
// Screens: start (language) → choice (appointment or question) → code | topics → busy →
// ticket | error. "offline" replaces any screen but the ticket while the server is gone.
// After 30 s without a touch the page goes back to the start, wherever it is.
//
// Speech mode (F1, the kiosk keypad's accessibility key, H, or headphones plugged in): every
// screen and the focused choice are read aloud in the visitor's language by the station (espeak-ng, GET /api/speak), the
// arrow keys move between the choices and Enter takes one; time limits are three times longer.
"use strict";

const IDLE_MS = 30000;
const TICKET_MS = 12000; // the ticket screen, when the ticket was printed
const TICKET_NOT_PRINTED_MS = 30000; // time to photograph or note the number

// Language buttons: each language in its own name, no flags (a flag is a country). The
// languages are the catalogues' (/i18n/languages.json: code, own name, direction, locale, in
// order, Dutch first), loaded before the first screen: a new catalogue is a new button.
let LANGS = [];
const langInfo = (code) => LANGS.find((l) => l.code === code);
const dirOf = (code) => (langInfo(code) || {}).dir || "ltr";
const localeOf = (code) => (langInfo(code) || {}).locale || "nl-BE";

// The kiosk's words are the catalogue's `kiosk-…` messages (/i18n/<lang>.ftl, served by this
// station so they stay while the server is away), loaded for every language before the first
// screen: `t("chooseLang", "fr")` is kiosk-choose-lang in French.
const CATALOGUES = {};

// Pictograms: simple line drawings, decorative (every tile and button has words).
const ICONS = {
  question: '<circle cx="12" cy="12" r="10"/><path d="M9.1 9a3 3 0 0 1 5.8 1c0 2-3 2.5-3 4.5"/><circle cx="12" cy="18" r=".6" fill="currentColor"/>',
  help: '<path d="M12 21s-7.5-4.6-9.3-9.2C1.4 8.4 3.6 5 7 5c2 0 3.6 1.2 5 3 1.4-1.8 3-3 5-3 3.4 0 5.6 3.4 4.3 6.8C19.5 16.4 12 21 12 21z"/>',
  money: '<rect x="2" y="6" width="20" height="12" rx="2"/><circle cx="12" cy="12" r="3"/><path d="M6 9v.01M18 15v.01"/>',
  house: '<path d="M3 11l9-7 9 7"/><path d="M5 10v10h5v-6h4v6h5V10"/>',
  calendar: '<rect x="3" y="5" width="18" height="16" rx="2"/><path d="M3 10h18M8 3v4M16 3v4M8 14h2M14 14h2M8 17h2"/>',
  family: '<circle cx="8" cy="6" r="2.5"/><circle cx="16" cy="6" r="2.5"/><circle cx="12" cy="13" r="2"/><path d="M4 21v-6a4 4 0 0 1 4-4M20 21v-6a4 4 0 0 0-4-4M9 21v-3a3 3 0 0 1 6 0v3"/>',
  work: '<rect x="3" y="7" width="18" height="13" rx="2"/><path d="M9 7V5a2 2 0 0 1 2-2h2a2 2 0 0 1 2 2v2M3 13h18"/>',
  health: '<rect x="3" y="3" width="18" height="18" rx="3"/><path d="M12 7v10M7 12h10"/>',
  back: '<path d="M15 5l-7 7 7 7"/>',
  home: '<path d="M3 11l9-7 9 7"/><path d="M5 10v10h14V10"/>',
  down: '<path d="M12 3v16M5 12l7 7 7-7"/>',
  warning: '<path d="M12 3L2 20h20L12 3z"/><path d="M12 10v4"/><circle cx="12" cy="17" r=".6" fill="currentColor"/>',
  printerOff: '<path d="M6 9V3h12v6"/><rect x="3" y="9" width="18" height="8" rx="2"/><path d="M6 14h12v7H6z"/><path d="M2 2l20 20"/>',
  lock: '<rect x="5" y="11" width="14" height="10" rx="2"/><path d="M8 11V7a4 4 0 0 1 8 0v4"/>',
  clock: '<circle cx="12" cy="12" r="10"/><path d="M12 6v6l4 2"/>',
  check: '<circle cx="12" cy="12" r="10"/><path d="M7 12.5l3.2 3.2L17 9"/>',
  erase: '<path d="M9 5h11v14H9l-6-7 6-7z"/><path d="M12 9l5 6M17 9l-5 6"/>',
};

function icon(name, cls = "icon") {
  const span = document.createElement("span");
  span.className = cls;
  span.setAttribute("aria-hidden", "true");
  const body = ICONS[name] || ICONS.question;
  span.innerHTML = `<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" focusable="false">${body}</svg>`;
  return span;
}

// A small element builder: h("p", {class: "x"}, "text", child…).
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "onclick") el.addEventListener("click", v);
    else if (k === "class") el.className = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return el;
}


// ---- state ----

const S = {
  view: null, // the station's View (online, location, services, settings, printer)
  stationUp: false, // the event stream from the station is open
  lang: null,
  screen: "start",
  pending: null, // {kind, payload, key}: the choice being sent, kept for a retry
  inFlight: false,
  result: null, // the ticket as shown and printed
  error: null, // an error code from the station or the server
  errorMessage: "", // and what the server said with it (in the visitor's language)
  code: "",
};
let rendered = ""; // what is on screen, to redraw only when it changes
let idleTimer = null;
let ticketTimer = null;
let slowTimer = null;

function t(key, lang = S.lang || "nl") {
  return message(lang, key);
}

/** `t` in the visitor's language with the message's variables: tf("opens", { when }). */
function tf(key, args) {
  return message(S.lang || "nl", key, args);
}

function message(lang, key, args) {
  const id = `kiosk-${key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase()).replace(/_/g, "-")}`;
  return (CATALOGUES[lang] || CATALOGUES.nl)(id, args);
}

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

function online() {
  return S.stationUp && S.view && S.view.online;
}

function go(screen) {
  S.screen = screen;
  clearTimeout(ticketTimer);
  if (screen === "ticket") {
    ticketTimer = setTimeout(leave, slower(S.result && !S.result.printed ? TICKET_NOT_PRINTED_MS : TICKET_MS));
  }
  render(true);
}

function reset() {
  S.lang = null;
  S.pending = null;
  S.result = null;
  S.error = null;
  S.errorMessage = "";
  S.code = "";
  go("start");
}

function poke() {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => { if (S.screen !== "start" || S.lang || SPEECH.on) leave(); }, slower(IDLE_MS));
}

// The visitor is gone (idle, or done with their ticket): the next one starts silent.
function leave() {
  speechMode(false, true);
  reset();
}

// ---- talking to the station ----

function listen() {
  const es = new EventSource("/api/events");
  es.onmessage = (e) => {
    const had = S.view ? S.view.headset : null;
    S.view = JSON.parse(e.data);
    S.stationUp = true;
    render(false);
    // Headphones going in start speech mode, coming out end it (quietly: nobody listens).
    // A headset already in when the page loads is not a visitor arriving: nothing changes.
    if (had === false && S.view.headset) speechMode(true);
    if (had === true && !S.view.headset) speechMode(false, true);
  };
  es.onerror = () => {
    S.stationUp = false;
    render(false);
  };
}

async function send(kind, payload) {
  if (S.inFlight) return; // a double tap: the first touch is already on its way
  if (!S.pending || S.pending.kind !== kind || JSON.stringify(S.pending.payload) !== JSON.stringify(payload)) {
    S.pending = { kind, payload, key: newKey() };
  }
  S.inFlight = true;
  go("busy");
  const { key } = S.pending;
  try {
    const r = await fetch(kind === "ticket" ? "/api/ticket" : "/api/check-in", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...payload, lang: S.lang || "nl", key }),
    });
    const body = await r.json().catch(() => null);
    if (S.screen !== "busy") return; // the visitor left (idle reset) meanwhile
    if (r.ok && body) {
      S.result = body;
      S.pending = null;
      go("ticket");
    } else if (r.status === 429 && body && body.error && body.error.code === "too_many_tickets") {
      // Not the visitor's fault and not a problem: a kind "one moment", with the wait.
      const secs = parseInt(r.headers.get("retry-after") || "", 10);
      S.slowUntil = Date.now() + (secs > 0 ? secs : 10) * 1000;
      go("slow");
    } else {
      S.error = (body && body.error && body.error.code) || "server_error";
      S.errorMessage = (body && body.error && body.error.message) || "";
      go("error");
    }
  } catch (e) {
    S.error = "server_unreachable";
    if (S.screen === "busy") go("error");
  } finally {
    S.inFlight = false;
  }
}

// ---- screens ----

function services() {
  const v = S.view || {};
  const only = (v.settings && v.settings.services) || [];
  return (v.services || []).filter((s) => s.walk_in && (only.length === 0 || only.includes(s.key)));
}

function serviceName(s) {
  return (s.names && s.names[S.lang]) || s.name;
}

// The language serviceName() gives: Dutch where the configuration has no translation, so the
// label says so (a screen reader then reads it with a Dutch voice).
function serviceNameLang(s) {
  return s.names && s.names[S.lang] ? S.lang : "nl";
}

function whenOpens(iso) {
  if (!iso) return t("closed");
  const d = new Date(iso);
  const soon = d - Date.now() < 6 * 24 * 3600 * 1000;
  const fmt = new Intl.DateTimeFormat(localeOf(S.lang), {
    numberingSystem: "latn", weekday: "long", ...(soon ? {} : { day: "numeric", month: "long" }),
    hour: "2-digit", minute: "2-digit", timeZone: "Europe/Brussels",
  });
  return tf("opens", { when: fmt.format(d) });
}

/** A service closed now by staff: "Closed until 14:00 — staff illness" in the visitor's
 * language (the reason's words are the catalogue's `closure-reason-…`). */
function closedNow(c) {
  const when = c.end_of_day ? t("closedToday") : tf("closedUntil", {
    time: new Intl.DateTimeFormat(localeOf(S.lang), { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "Europe/Brussels" }).format(new Date(c.until)),
  });
  const reason = (CATALOGUES[S.lang] || CATALOGUES.nl)(`closure-reason-${c.reason.replace(/_/g, "-")}`);
  return `${when} — ${reason}`;
}

/** Why a closed tile is closed: staff closed it now, or its hours. */
function closedLine(s) {
  return s.closed_now ? closedNow(s.closed_now) : whenOpens(s.opens_at);
}

function title(text, attrs = {}) {
  return h("h1", { id: "title", tabindex: "-1", ...attrs }, text);
}

function bigButton({ id, iconName, label, labelLang, line, onclick, lang, disabled, extra }) {
  return h("button", {
    type: "button", id, class: "big" + (disabled ? " closed" : ""), onclick, lang,
    "aria-disabled": disabled ? "true" : null,
  },
  icon(iconName, "icon tile-icon"),
  h("span", { class: "label", lang: labelLang }, label),
  line ? h("span", { class: "line" }, line) : null,
  extra || null);
}

function screenStart() {
  const info = S.view && S.view.settings && S.view.settings.info_line;
  return [
    title([t("welcome", "nl"), " · ", h("span", { lang: "fr" }, t("welcome", "fr"))].flat(), {}),
    h("p", { class: "lead langs-lead" }, LANGS.map(({ code, dir }) =>
      h("span", { lang: code, dir }, t("chooseLang", code)))),
    h("div", { class: "grid langs", role: "group", "aria-label": "Taal · Langue · Language" },
      LANGS.map(({ code, name, dir }) => h("button", {
        type: "button", class: "big lang", id: `lang-${code}`, "data-lang": code, lang: code,
        dir,
        onclick: () => { S.lang = code; go("choice"); },
      }, h("span", { class: "label" }, name)))),
    info ? h("p", { class: "info", id: "info", lang: "nl" }, info) : null,
  ];
}

// The information line in the visitor's language, else the Dutch one (from the server's
// settings for this kiosk: `info_lines` by language, `info_line` in Dutch).
function infoLine() {
  const st = (S.view && S.view.settings) || {};
  const own = S.lang && st.info_lines && st.info_lines[S.lang];
  if (own && own.trim()) return { text: own, lang: S.lang };
  return st.info_line ? { text: st.info_line, lang: "nl" } : null;
}

function screenChoice() {
  const info = infoLine();
  return [
    title(t("whatFor")),
    h("div", { class: "grid two" },
      bigButton({ id: "choice-appointment", iconName: "calendar", label: t("appointment"), line: t("appointmentLine"),
        onclick: () => { S.code = ""; go("code"); } }),
      bigButton({ id: "choice-question", iconName: "question", label: t("question"), line: t("questionLine"),
        onclick: () => go("topics") })),
    info ? h("p", { class: "info", id: "info", lang: info.lang, dir: dirOf(info.lang) }, info.text) : null,
  ];
}

function screenTopics() {
  const list = services();
  const idTeam = list.find((s) => s.key === "id-team");
  const tiles = list.filter((s) => s.key !== "id-team").map((s) => {
    const closed = !s.open;
    return bigButton({
      id: `service-${s.key}`, iconName: s.icon, label: serviceName(s), labelLang: serviceNameLang(s),
      line: closed ? null : (s.descriptions && s.descriptions[S.lang]) || null,
      disabled: closed,
      extra: closed ? h("span", { class: "state" }, icon("lock", "icon small"), h("span", {}, closedLine(s))) : null,
      onclick: () => { if (!closed) send("ticket", { service: s.key }); },
    });
  });
  // "I don't know" goes to the ID-team, whose whole job is to find who can help.
  const idOpen = idTeam && idTeam.open;
  tiles.push(bigButton({
    id: "service-dont-know", iconName: "question", label: t("dontKnow"),
    line: idOpen ? t("dontKnowLine") : null, disabled: !idOpen,
    extra: idOpen ? null : h("span", { class: "state" }, icon("lock", "icon small"),
      h("span", {}, idTeam ? closedLine(idTeam) : t("unavailable"))),
    onclick: () => { if (idOpen) send("ticket", { service: "id-team" }); },
  }));
  return [title(t("topics")), h("div", { class: "grid tiles" }, tiles)];
}

/** The symbols a booking code is made of (the server's `CODE_ALPHABET`: no 0, O, 1, I or L,
 * and no 2, 5 or 8 to take for Z, S or B), so the keypad offers every one a code can hold and
 * no other. */
const CODE_SYMBOLS = "ABCDEFGHJKMNPQRSTUVWXYZ34679";

function screenCode() {
  const input = h("input", {
    id: "code", type: "text", class: "code", autocomplete: "off", autocapitalize: "characters",
    spellcheck: "false", inputmode: "none", maxlength: "64", dir: "ltr", "aria-describedby": "code-help",
  });
  input.value = S.code;
  input.addEventListener("input", () => { S.code = input.value; });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") { e.preventDefault(); submitCode(); }
  });
  const key = (label, onclick, attrs = {}) => h("button", { type: "button", class: "key", onclick, ...attrs }, label);
  const type = (d) => () => { S.code = (S.code + d).slice(0, 64); input.value = S.code; };
  const pad = h("div", { class: "keypad", dir: "ltr", role: "group", "aria-label": t("codeLabel") },
    [...CODE_SYMBOLS].map((d) => key(d, type(d), { id: `key-${d}` })),
    key([icon("erase", "icon small flip"), h("span", {}, t("erase"))], () => { S.code = S.code.slice(0, -1); input.value = S.code; }, { id: "key-erase", class: "key erase", lang: S.lang }),
    key(t("ok"), submitCode, { id: "key-ok", class: "key ok", lang: S.lang }));
  return [
    title(t("codeTitle")),
    h("p", { class: "lead", id: "code-help" }, t("codeHelp")),
    h("div", { class: "code-area" },
      h("label", { for: "code", class: "code-label" }, t("codeLabel")),
      input, pad),
  ];
}

function submitCode() {
  const code = S.code.trim();
  if (!code) { document.getElementById("code")?.focus(); return; }
  send("check-in", { code });
}

// Too many tickets from this kiosk just now: how long to wait, counting down, then "try
// again" (the same touch and key, so a retry can never give two tickets).
function slowLeft() {
  return Math.max(0, Math.ceil((S.slowUntil - Date.now()) / 1000));
}

function seconds(n) {
  try {
    return new Intl.NumberFormat(localeOf(S.lang), { numberingSystem: "latn", style: "unit", unit: "second", unitDisplay: "long" }).format(n);
  } catch {
    return `${n} s`;
  }
}

// Redraws the countdown (render() touches the page only when the figure changed) until the
// wait is over.
function tickSlow() {
  clearTimeout(slowTimer);
  if (S.screen !== "slow") return;
  render(false);
  if (slowLeft() > 0) slowTimer = setTimeout(tickSlow, 250);
}

function screenSlow() {
  const left = slowLeft();
  clearTimeout(slowTimer);
  if (left > 0) slowTimer = setTimeout(tickSlow, 250);
  return [
    h("div", { class: "notice wait" }, icon("clock", "icon tile-icon"),
      title(t("slowTitle")),
      h("p", { class: "lead", id: "slow-text" }, left > 0 ? tf("slowLine", { s: seconds(left) }) : t("slowReady"))),
    h("div", { class: "actions" },
      left > 0 ? null : h("button", { type: "button", class: "big primary", id: "retry", onclick: () => send(S.pending.kind, S.pending.payload) }, h("span", { class: "label" }, t("retry"))),
      h("button", { type: "button", class: "big", id: "home", onclick: reset }, h("span", { class: "label" }, t("home")))),
  ];
}

function screenBusy() {
  return [title(t("busy")), h("div", { class: "busy", role: "status" }, h("span", { class: "dots", "aria-hidden": "true" }, "● ● ●"))];
}

function screenTicket() {
  const r = S.result;
  const out = [];
  if (r.check_in) {
    out.push(h("p", { class: "checked" }, icon("check", "icon small"), h("span", {}, `${t("checkedIn")}. ${t("told")}`)));
  }
  out.push(title(t("yourNumber"), { class: "number-title" }));
  const number = h("p", { class: "number" + (r.printed ? "" : " huge"), id: "ticket-number", dir: "ltr" }, r.number);
  number.style.setProperty("--chars", String(r.number.length));
  out.push(number);
  out.push(h("p", { class: "service", id: "ticket-service" }, r.service_name));
  if (r.printed_service_name && r.printed_service_name !== r.service_name) {
    // Arabic is printed in French: show the words on the paper as well.
    out.push(h("p", { class: "service printed-as", lang: "fr", dir: "ltr" }, r.printed_service_name));
  }
  const facts = h("dl", { class: "facts" },
    h("div", {}, h("dt", {}, t("before")), h("dd", { id: "ticket-before", dir: "ltr" }, String(r.waiting_before))));
  if (r.estimated_wait_min !== null && r.estimated_wait_min !== undefined) {
    facts.append(h("div", {}, h("dt", {}, t("estimate")),
      h("dd", { id: "ticket-estimate" }, h("bdi", {}, tf("minutes", { m: r.estimated_wait_min })))));
  }
  if (r.room) {
    facts.append(h("div", {}, h("dt", {}, t("room")), h("dd", { id: "ticket-room" }, r.room)));
  }
  out.push(facts);
  if (r.printed) {
    out.push(h("p", { class: "take", id: "ticket-take" }, icon("down", "icon small"), h("span", {}, t("take"))));
  } else {
    out.push(h("p", { class: "alert", id: "ticket-not-printed", role: "alert" }, icon("printerOff", "icon small"), h("span", {}, t("notPrinted"))));
  }
  out.push(h("p", { class: "follow" }, t("follow")));
  out.push(h("div", { class: "actions" }, h("button", { type: "button", class: "big primary", id: "done", onclick: leave }, h("span", { class: "label" }, t("done")))));
  return out;
}

function screenOffline() {
  if (S.lang) {
    return [
      h("div", { class: "notice", role: "alert" }, icon("warning", "icon tile-icon"),
        title(t("offline")), h("p", { class: "lead" }, t("offlineLine"))),
      h("div", { class: "actions" }, h("button", { type: "button", class: "big", id: "home", onclick: reset }, h("span", { class: "label" }, t("home")))),
    ];
  }
  // No language chosen yet: say it in every language.
  return [
    h("div", { class: "notice", role: "alert" }, icon("warning", "icon tile-icon"), title(t("offline", "nl"), { lang: "nl" }),
      h("p", { class: "lead" }, t("offlineLine", "nl"))),
    h("div", { class: "grid all-langs" }, LANGS.filter(({ code }) => code !== "nl").map(({ code, dir }) =>
      h("div", { class: "other", lang: code, dir },
        h("p", { class: "other-title" }, t("offline", code)), h("p", {}, t("offlineLine", code))))),
  ];
}

/** Check-in refusals of a known code: the server says why in the visitor's language (come back
 * from 9:30, it is on Tuesday 24/11 at 8:30, …), and trying again would not change it. */
const CHECK_IN_REFUSALS = ["too_early", "too_late", "not_today", "cancelled", "already_served"];
/** A code the server does not know (or could not be one): the visitor corrects what they typed. */
const CODE_PROBLEMS = ["not_found", "invalid_code", "unknown_code", "code_not_found", "expired", "too_many_attempts"];


/** The code in what was typed or scanned, as the station reads it (the last part of a
 * scanned link, without spaces or dashes, in capitals): what the keypad shows on "retry". */
function typedCode(raw) {
  const last = raw.trim().split(/[/=?#]/).filter(Boolean).pop() || "";
  return last.replace(/[\s-]/g, "").toUpperCase();
}

/** The sentence a visitor reads for an error `code`: never the code itself. */
function errorSentence(code, checkIn) {
  // Plain sentences for the check-in's answers, so a visitor never reads an error code
  // ("unknown_code" reads, in Arabic, as if it were their code). The refusals are the
  // server's own sentence when it gives one; these are said when it does not.
  const own = t(`checkIn_${code}`);
  if (checkIn && CHECK_IN_REFUSALS.includes(code)) return S.errorMessage || own;
  if (checkIn && code === "too_many_attempts") return own;
  if (checkIn && CODE_PROBLEMS.includes(code)) return t("badCode");
  return { too_many_tickets: t("tooMany"), service_closed: t("closedNow"), server_unreachable: t("offline") }[code] || t("failed");
}

function screenError() {
  const code = S.error;
  if (code === "server_unreachable" && !online()) return screenOffline();
  const checkIn = S.pending && S.pending.kind === "check-in";
  const codeProblem = checkIn && CODE_PROBLEMS.includes(code);
  const refused = checkIn && CHECK_IN_REFUSALS.includes(code);
  const msg = errorSentence(code, checkIn);
  // Back to the keypad with the code as sent, so one wrong character is one touch to mend.
  const retry = codeProblem
    ? () => { S.code = typedCode(S.code); go("code"); }
    : () => send(S.pending.kind, S.pending.payload);
  const canRetry = S.pending && !refused && code !== "service_closed" && code !== "unknown_service" && code !== "not_walk_in";
  return [
    // Being slowed down, or early, is not the visitor's fault: no "something went wrong" then.
    // The code stays out of sight (for staff: the notice's data-code).
    h("div", { class: "notice", role: "alert", "data-code": code }, icon("warning", "icon tile-icon"),
      title(code === "too_many_tickets" ? t("busy") : refused ? t("refused") : t("problem")),
      h("p", { class: "lead", id: "error-text" }, msg)),
    h("div", { class: "actions" },
      canRetry ? h("button", { type: "button", class: "big primary", id: "retry", onclick: retry }, h("span", { class: "label" }, t("retry"))) : null,
      h("button", { type: "button", class: "big", id: "home", onclick: reset }, h("span", { class: "label" }, t("home")))),
  ];
}

const SCREENS = { slow: screenSlow, start: screenStart, choice: screenChoice, topics: screenTopics, code: screenCode, busy: screenBusy, ticket: screenTicket, error: screenError };

function shownScreen() {
  // A ticket on screen stays: the visitor has it. Anything else gives way to the honest
  // "out of service" screen while the server is gone.
  if (!online() && !["ticket", "error", "busy", "slow"].includes(S.screen)) return "offline";
  return S.screen;
}

function renderKey(screen) {
  const v = S.view || {};
  const parts = [screen, S.lang, online(), v.location && v.location.name];
  if (screen === "topics") parts.push(JSON.stringify(services().map((s) => [s.key, s.open, s.opens_at, s.closed_now, s.names, s.descriptions, s.icon])));
  if (screen === "start" || screen === "choice") parts.push(v.settings && v.settings.info_line, v.settings && v.settings.info_lines);
  if (screen === "error") parts.push(S.error, S.errorMessage);
  if (screen === "slow") parts.push(slowLeft());
  return JSON.stringify(parts);
}

function render(force) {
  const screen = shownScreen();
  const key = renderKey(screen);
  if (!force && key === rendered) return;
  SPEECH.rendering = true;
  try {
    draw(screen, key);
  } finally {
    SPEECH.rendering = false;
  }
  if (SPEECH.on) readScreen(screen);
}

function draw(screen, key) {
  const sameScreen = rendered && JSON.parse(rendered)[0] === screen;
  rendered = key;
  const focused = sameScreen && document.activeElement && document.activeElement.id;

  const lang = S.lang || "nl";
  document.documentElement.lang = lang;
  document.documentElement.dir = dirOf(lang);
  document.body.dataset.screen = screen;
  document.title = `Onthaal — ${(S.view && S.view.location && S.view.location.name) || ""}`;

  const place = document.getElementById("place");
  place.textContent = (S.view && S.view.location && S.view.location.name) || "Onthaal";
  const steps = document.getElementById("steps");
  steps.replaceChildren();
  steps.setAttribute("aria-label", t("restart"));
  if (S.lang && !["start", "busy", "ticket", "error", "offline"].includes(screen)) {
    if (["topics", "code"].includes(screen)) {
      steps.append(h("button", { type: "button", class: "nav", id: "back", onclick: () => go("choice") }, icon("back", "icon small flip"), h("span", {}, t("back"))));
    } else if (screen === "choice") {
      steps.append(h("button", { type: "button", class: "nav", id: "back", onclick: reset }, icon("back", "icon small flip"), h("span", {}, t("back"))));
    }
    steps.append(h("button", { type: "button", class: "nav", id: "restart", onclick: reset }, icon("home", "icon small"), h("span", {}, t("restart"))));
  }

  const main = document.getElementById("main");
  main.replaceChildren(...(screen === "offline" ? screenOffline() : SCREENS[screen]()).flat().filter(Boolean));

  // Keyboard and scanner users land on the first thing to do; a redraw of the same screen
  // keeps their place.
  const again = focused && document.getElementById(focused);
  if (again) again.focus();
  else if (screen === "code") {
    // The caret after a code kept from a wrong try, so a scanner or keyboard adds to it.
    const input = document.getElementById("code");
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  }
  else {
    const first = main.querySelector("button:not([aria-disabled])");
    (first || document.getElementById("title")).focus();
  }
}

// ---- locked down: no menus, no selecting, no dragging, no browser shortcuts ----

function lockDown() {
  for (const ev of ["contextmenu", "dragstart", "selectstart"]) {
    document.addEventListener(ev, (e) => { if (e.target.tagName !== "INPUT" || ev !== "selectstart") e.preventDefault(); });
  }
  document.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey || e.altKey) && e.key !== "Tab") e.preventDefault();
    // A scanner types wherever the focus is: on the code screen, collect it in the field.
    if (S.screen === "code" && e.target.id !== "code" && /^[0-9A-Za-z-]$/.test(e.key)) {
      const input = document.getElementById("code");
      if (input) { input.focus(); }
    }
  }, true);
  for (const ev of ["pointerdown", "keydown", "touchstart"]) document.addEventListener(ev, poke, { passive: true, capture: true });
}

// ---- speech mode: the kiosk reads itself aloud (EN 301 549 5.1.3) ----

const SPEECH = { on: false, gen: 0, audio: null, read: "", rendering: false };
const spokenLog = (window.onthaalSpeech = []); // {lang, text, how}: what was said, for tests
const TIME_FACTOR = 3;

function slower(ms) {
  return SPEECH.on ? ms * TIME_FACTOR : ms;
}

function speechMode(on, quiet) {
  if (SPEECH.on === on) return;
  SPEECH.on = on;
  document.body.classList.toggle("speaking", on);
  SPEECH.read = "";
  poke();
  if (!on) {
    SPEECH.gen++;
    stopAudio();
    if (!quiet) sayAll([{ lang: S.lang || "nl", text: t("speechOff") }]);
    return;
  }
  // Say how it works, then read the screen and the focused choice.
  sayAll([{ lang: S.lang || "nl", text: t("speechOn") }, ...screenUtterances(), ...focusUtterances()]);
  SPEECH.read = `${shownScreen()}|${S.lang}`;
}

function readScreen(screen) {
  const k = `${screen}|${S.lang}`;
  if (k === SPEECH.read) return;
  SPEECH.read = k;
  sayAll([...screenUtterances(), ...focusUtterances()]);
}

function langOf(el) {
  const l = el.closest("[lang]");
  return (l && l.lang) || "nl";
}

// An element's words, split by language (the start screen's title is Dutch and French, a
// service without a translation is Dutch), without separators that have nothing to say.
function pieces(el) {
  const out = [];
  const walk = (node, lang) => {
    for (const c of node.childNodes) {
      if (c.nodeType === Node.TEXT_NODE) out.push({ lang, text: c.textContent });
      else if (c.nodeType === Node.ELEMENT_NODE && c.getAttribute("aria-hidden") !== "true") {
        // A block inside a button ("label", "line") ends a sentence.
        walk(c, c.lang || lang);
        if (c.matches(".label, .line, .state")) out.push({ lang: c.lang || lang, text: ". " });
      }
    }
  };
  walk(el, langOf(el));
  return merge(out);
}

function merge(list) {
  const out = [];
  for (const p of list) {
    const last = out[out.length - 1];
    if (last && last.lang === p.lang) last.text += p.text;
    else out.push({ ...p });
  }
  return out
    .map((p) => ({ lang: p.lang, text: p.text.replace(/\s+/g, " ").replace(/(\s*\.\s*)+$/, ".").replace(/^[\s.·]+/, "").replace(/[\s·]+$/, "").trim() }))
    .filter((p) => /[\p{L}\p{N}]/u.test(p.text));
}

// "H002" is said as the display says it: "H 2".
function spokenNumber(n) {
  const m = /^([^0-9]*)([0-9]+)$/.exec(n.trim());
  if (!m) return n;
  return [...m[1].replace(/[\s-]/g, "")].concat(String(parseInt(m[2], 10))).join(" ");
}

function screenUtterances() {
  const main = document.getElementById("main");
  const out = [];
  for (const el of main.querySelectorAll("h1, p, dt, dd")) {
    if (el.closest("button") || el.closest(".other") && S.lang) continue;
    if (el.id === "ticket-number") out.push({ lang: langOf(el), text: spokenNumber(el.textContent) });
    else if (el.matches(".langs-lead")) for (const c of el.children) out.push({ lang: c.lang, text: c.textContent });
    else out.push(...pieces(el));
  }
  return out;
}

function focusUtterances() {
  const el = document.activeElement;
  if (!el || el === document.body || el.id === "title") return [];
  if (el.tagName === "INPUT") {
    const value = el.value.trim();
    return [{ lang: S.lang || "nl", text: value ? `${t("codeLabel")}: ${[...value].join(" ")}` : t("codeLabel") }];
  }
  if (el.tagName === "BUTTON") return pieces(el);
  return [];
}

// Says the utterances in turn; a newer call stops the older one at once (the visitor moved on).
async function sayAll(list) {
  const gen = ++SPEECH.gen;
  stopAudio();
  for (const u of list) {
    if (gen !== SPEECH.gen) return;
    const entry = { lang: u.lang, text: u.text, how: "" };
    spokenLog.push(entry);
    if (spokenLog.length > 500) spokenLog.splice(0, spokenLog.length - 500);
    entry.how = await sayOne(u, gen);
  }
}

function stopAudio() {
  if (SPEECH.audio) {
    SPEECH.audio.pause();
    SPEECH.audio = null;
  }
  if (window.speechSynthesis) window.speechSynthesis.cancel();
}

async function sayOne(u, gen) {
  // The station's espeak-ng voice, played by the page; without it (503), the browser's own.
  const url = `/api/speak?${new URLSearchParams({ lang: u.lang, text: u.text })}`;
  const ok = await play(url, gen);
  if (ok) return "espeak";
  if (gen !== SPEECH.gen) return "stopped";
  return (await browserSay(u, gen)) ? "browser" : "unspoken";
}

function play(url, gen) {
  return new Promise((resolve) => {
    const audio = new Audio(url);
    SPEECH.audio = audio;
    let done = false;
    const finish = (ok) => {
      if (done) return;
      done = true;
      clearInterval(watch);
      resolve(ok);
    };
    // Resolves when it ends, fails, or is stopped by newer speech; never hangs.
    const watch = setInterval(() => { if (gen !== SPEECH.gen || audio.paused && audio.currentTime === 0 && Date.now() - t0 > 30000) finish(false); }, 200);
    const t0 = Date.now();
    audio.onended = () => finish(true);
    audio.onerror = () => finish(false);
    const p = audio.play();
    if (p && p.catch) p.catch(() => finish(false));
  });
}

function browserSay(u, gen) {
  return new Promise((resolve) => {
    const synth = window.speechSynthesis;
    if (!synth || typeof SpeechSynthesisUtterance === "undefined" || gen !== SPEECH.gen) return resolve(false);
    const utt = new SpeechSynthesisUtterance(u.text);
    utt.lang = langInfo(u.lang) ? localeOf(u.lang).split("-u-")[0] : u.lang;
    let done = false;
    const finish = (ok) => { if (!done) { done = true; clearTimeout(timer); resolve(ok); } };
    const timer = setTimeout(() => { synth.cancel(); finish(false); }, 3000 + u.text.length * 150);
    utt.onend = () => finish(true);
    utt.onerror = () => finish(false);
    synth.speak(utt);
  });
}

// The choices in reading order: the navigation, then the screen's buttons and the code field.
function choices() {
  return [...document.querySelectorAll("#steps button, #main button, #main input")]
    .filter((e) => e.getBoundingClientRect().width > 0);
}

function speechKeys(e) {
  const inField = e.target && e.target.tagName === "INPUT";
  if (e.key === "F1" || ((e.key === "h" || e.key === "H") && !inField && S.screen !== "code" && !e.ctrlKey && !e.altKey && !e.metaKey)) {
    e.preventDefault();
    speechMode(!SPEECH.on);
    return;
  }
  if (!SPEECH.on) return;
  const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[e.key];
  if (step) {
    e.preventDefault();
    const list = choices();
    if (!list.length) return;
    const i = list.indexOf(document.activeElement);
    const next = list[(i < 0 ? (step > 0 ? 0 : list.length - 1) : (i + step + list.length) % list.length)];
    next.focus();
  }
}

document.addEventListener("keydown", speechKeys, true);
document.addEventListener("focusin", () => {
  if (SPEECH.on && !SPEECH.rendering) sayAll(focusUtterances());
});
// Typing a code in speech mode: each symbol is said back.
document.addEventListener("input", (e) => {
  if (SPEECH.on && e.target.tagName === "INPUT") sayAll(focusUtterances());
});

lockDown();
fetch("/i18n/languages.json").then((r) => r.json()).then((list) => {
  LANGS = list;
  return Promise.all(LANGS.map(({ code }) => window.onthaalCatalogue(code).then((f) => { CATALOGUES[code] = f; })));
}).then(() => {
  listen();
  poke();
  render(true);
});
