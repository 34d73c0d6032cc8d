// The Onthaal desk app: queues, calling, transfers, ID-team triage, help requests.
// (Appointments — booking, today's list, the calendar — are in appointments.js; the state and
// helpers both use are in state.js, the API calls, elements and dates of every page in
// /web/common.js.)
//
// Data comes from the REST API (/api/v1/...) with the HttpOnly session cookie
// (credentials: "same-origin"; no token ever lives in this script) and from one WebSocket
// (/ws): a snapshot with every waiting/called/serving ticket and every station, then one frame
// per change with a seq one higher than the last; on a gap the app asks {"type":"resync"}.
// After its own actions the app also applies the ticket the server answered, so the screen
// never waits for the socket.
//
// Everything shown is built with textContent / DOM nodes: no HTML is ever made from data.
// Two staff acting on the same ticket: the second gets 409 from the server; the app says what
// happened in plain Dutch, fetches the ticket again and asks for a fresh snapshot.

import { $, el, fill, fmtDate, fmtDateTime, fmtTime, isoDay, pad } from "/web/common.js";
import {
  S, hooks, api, nl, hasRole, canWork, canTriage, desk, deskName, staffName, svc, svcName, svcShort,
  isTriageService, setText, announce, note, upsert, scheduleRender, atDesk, current, finishVisit, langNl,
} from "./state.js";
import {
  forgetAppointments, touchesAppointments, appointmentsChanged, renderToday, resetBooking, prepareCalendar,
} from "./appointments.js";
import { loadClosures, closuresFrame, renderClosures, bindClosures } from "./closures.js";
import { prepareAbsences, mayReadAbsences, touchesAbsences, absencesChanged } from "./absences.js";

const GRACE_MS = 15 * 60 * 1000; // the demo's no-show grace; the server has the last word
const DESK_KEY = "onthaal.desk";
const EXPIRES_KEY = "onthaal.expires";
const USER_KEY = "onthaal.user"; // to fill in the username again after the session expired

const STATE_NL = {
  waiting: "wachtend", called: "opgeroepen", serving: "in gesprek", done: "afgerond",
  no_show: "niet gekomen", cancelled: "geannuleerd",
};
const PRIORITY_NL = {
  reduced_mobility: "beperkte mobiliteit", crisis: "crisis", health: "gezondheid",
  accompanied_child: "met jong kind",
};
const PRINTER_NL = {
  paper_near_end: "papier bijna op", paper_out: "papier op", cover_open: "klep staat open",
  offline: "printer staat uit", unreachable: "printer onbereikbaar", error: "printerfout",
};

function minutesSince(iso) { return Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 60000)); }
function fmtWait(iso) {
  const m = minutesSince(iso);
  if (m < 1) return "< 1 min";
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} u ${pad(m % 60)}`;
}

// ---------------------------------------------------------------------------------------------
// Session

async function boot() {
  hooks.render = () => { renderWork(); renderAlerts(); };
  hooks.sessionExpired = sessionExpired;
  bindEvents();
  let me = null;
  try { me = await api("GET", "/api/v1/auth/me", undefined, { quiet401: true }); } catch (e) {
    if (e.network) { showLogin(nl(e)); return; }
  }
  const stored = Number(localStorage.getItem(EXPIRES_KEY) || 0);
  if (!me || me.kind !== "staff") {
    const expired = stored && stored < Date.now();
    if (expired) $("login-user").value = localStorage.getItem(USER_KEY) || "";
    showLogin(expired ? "Uw sessie is verlopen. Meld u opnieuw aan." : "");
    return;
  }
  S.expiresAt = stored || null;
  if (me.must_change_password) { askNewPassword(me, true); return; }
  await enter(me);
}

function showLogin(note) {
  showScreen("login");
  setText("login-note", note);
  setText("login-error", "");
  const user = $("login-user");
  (user.value ? $("login-pass") : user).focus();
}

async function login(ev) {
  ev.preventDefault();
  const user = $("login-user"), pass = $("login-pass");
  setText("login-error", "");
  user.removeAttribute("aria-invalid"); pass.removeAttribute("aria-invalid");
  if (!user.value.trim() || !pass.value) {
    const missing = !user.value.trim() ? user : pass;
    missing.setAttribute("aria-invalid", "true");
    setText("login-error", !user.value.trim() ? "Vul uw gebruikersnaam in." : "Vul uw wachtwoord in.");
    missing.focus();
    return;
  }
  const btn = $("login-submit");
  btn.disabled = true;
  try {
    const ok = await api("POST", "/api/v1/auth/login", { username: user.value.trim(), password: pass.value });
    S.expiresAt = Date.parse(ok.expires_at);
    localStorage.setItem(EXPIRES_KEY, String(S.expiresAt));
    localStorage.setItem(USER_KEY, user.value.trim());
    pass.value = "";
    const me = { kind: "staff", ...ok.staff };
    // A one-time password: a new one first, before anything else (the server refuses the rest).
    if (ok.must_change_password) { askNewPassword(me, true); return; }
    await enter(me);
  } catch (e) {
    setText("login-error", nl(e));
    pass.setAttribute("aria-invalid", "true");
    pass.focus();
  } finally {
    btn.disabled = false;
  }
}

async function enter(me) {
  S.me = me;
  setText("user-name", me.name);
  // Administrators and managers (their weekly-hours section) have the admin page.
  $("to-admin").hidden = !hasRole(["admin", "manager"]);
  try {
    const [desks, services, staff, partners, categories] = await Promise.all([
      api("GET", "/api/v1/desks"), api("GET", "/api/v1/services"), api("GET", "/api/v1/staff"),
      api("GET", "/api/v1/partners"), api("GET", "/api/v1/help-categories"),
    ]);
    S.desks = desks; S.staff = staff; S.partners = partners; S.categories = categories;
    mergeServices(services, true);
  } catch (e) {
    if (e.code !== "unauthorized") showLogin(nl(e));
    return;
  }
  fillStaticLists();
  loadClosures();
  connect();
  const stored = Number(localStorage.getItem(DESK_KEY));
  if (S.desks.some((d) => d.id === stored)) {
    S.deskId = stored;
    showScreen(S.resumeScreen || "work");
  } else {
    showDeskChoice();
  }
  S.resumeScreen = null;
}

// ---------------------------------------------------------------------------------------------
// One's own password

/** Shows the password form: `forced` after a login with a one-time password (no way around
 * it but logging out), else from the bar, back to where one was afterwards. */
function askNewPassword(me, forced) {
  S.passwordFor = { me, forced, back: forced ? null : S.screen };
  $("password-form").reset();
  $("password-user").value = localStorage.getItem(USER_KEY) || "";
  setText("password-error", "");
  setText("password-note", forced
    ? "U meldde zich aan met een eenmalig wachtwoord. Kies nu uw eigen wachtwoord."
    : "");
  $("password-cancel").hidden = forced;
  if (forced) setText("user-name", me.name);
  showScreen("password");
  $("password-old").focus();
}

async function changePassword(ev) {
  ev.preventDefault();
  const old = $("password-old"), fresh = $("password-new"), repeat = $("password-repeat");
  for (const f of [old, fresh, repeat]) f.removeAttribute("aria-invalid");
  setText("password-error", "");
  const problem = !old.value ? [old, "Vul uw huidige wachtwoord in."]
    : fresh.value.length < 12 ? [fresh, "Kies een nieuw wachtwoord van minstens 12 tekens."]
    : fresh.value !== repeat.value ? [repeat, "De twee nieuwe wachtwoorden verschillen. Typ ze opnieuw."]
    : null;
  if (problem) {
    problem[0].setAttribute("aria-invalid", "true");
    setText("password-error", problem[1]);
    problem[0].focus();
    return;
  }
  const btn = $("password-submit");
  btn.disabled = true;
  try {
    await api("POST", "/api/v1/me/password", { old_password: old.value, new_password: fresh.value });
  } catch (e) {
    const field = e.code === "wrong_password" ? old : fresh;
    field.setAttribute("aria-invalid", "true");
    setText("password-error", nl(e));
    field.focus();
    return;
  } finally {
    btn.disabled = false;
  }
  $("password-form").reset();
  const { me, forced, back } = S.passwordFor || {};
  S.passwordFor = null;
  if (forced) {
    await enter(me);
  } else {
    showScreen(back && back !== "password" ? back : "work");
  }
  note("Uw wachtwoord is gewijzigd.");
}

function cancelPassword() {
  const back = S.passwordFor && S.passwordFor.back;
  S.passwordFor = null;
  $("password-form").reset();
  showScreen(back && back !== "password" ? back : (S.deskId ? "work" : "desk"));
}

function sessionExpired() {
  if (!S.me) return;
  S.resumeScreen = ["work", "help", "register", "calendar", "absences"].includes(S.screen) ? S.screen : null;
  leave();
  if (!$("login-user").value) $("login-user").value = localStorage.getItem(USER_KEY) || "";
  showLogin("Uw sessie is verlopen. Meld u opnieuw aan; wat u al invulde, blijft staan.");
}

/** Forgets the session's live data (the forms stay, unless logging out). */
function leave() {
  S.me = null;
  localStorage.removeItem(EXPIRES_KEY);
  const ws = S.ws;
  S.ws = null;
  clearTimeout(S.reconnectTimer);
  if (ws) ws.close();
  S.tickets.clear(); S.devices.clear(); S.noShows.clear(); S.referred.clear();
  S.seq = null;
  forgetAppointments();
  for (const d of document.querySelectorAll("dialog[open]")) d.close();
  renderAlerts();
}

async function logout() {
  try { await api("POST", "/api/v1/auth/logout", undefined, { quiet401: true }); } catch { /* leave anyway */ }
  leave();
  localStorage.removeItem(USER_KEY);
  // A shared desk: the next person does not see what this one typed.
  resetHelpForm(); $("transfer-form").reset(); $("issue-form").reset(); setText("issue-result", ""); setText("issue-printed", "");
  setText("help-result", ""); $("register-rows").replaceChildren(); setText("action-note", "");
  resetBooking();
  $("login-user").value = "";
  showLogin("U bent afgemeld.");
}

// ---------------------------------------------------------------------------------------------
// Screens

const SCREENS = ["login", "password", "desk", "work", "help", "register", "calendar", "absences"];

/** Whether the app waits for a new password before anything else. */
function forcedPassword() { return Boolean(S.passwordFor && S.passwordFor.forced); }

function showScreen(name) {
  S.screen = name;
  document.body.dataset.screen = name;
  for (const s of SCREENS) $(`screen-${s}`).hidden = s !== name;
  const inApp = name !== "login";
  $("bar").hidden = !inApp;
  document.querySelector(".tabs").hidden = !S.deskId || name === "desk" || forcedPassword();
  $("change-password").hidden = name === "password";
  $("conn").hidden = forcedPassword();
  for (const b of document.querySelectorAll(".tab")) {
    if (b.dataset.go === name) b.setAttribute("aria-current", "page"); else b.removeAttribute("aria-current");
  }
  $("tab-help").hidden = !canWork();
  $("tab-calendar").hidden = !canWork();
  $("tab-absences").hidden = !mayReadAbsences();
  const d = desk();
  setText("desk-name", d ? d.name : "");
  $("change-desk").hidden = !d || name === "desk" || forcedPassword();
  document.title = { login: "Aanmelden", password: "Wachtwoord wijzigen", desk: "Plaats kiezen", work: d ? d.name : "Balie", help: "Hulpaanvraag", register: "Register", calendar: "Agenda", absences: "Afwezigheden" }[name] + " — Onthaal";
  if (name === "work") renderWork();
  if (name === "help") prepareHelpForm();
  if (name === "register") prepareRegister();
  if (name === "calendar") prepareCalendar();
  if (name === "absences") prepareAbsences();
  renderAlerts();
}

function go(name, { focus = true } = {}) {
  showScreen(name);
  if (!focus) return;
  const h = document.querySelector(`#screen-${name} h1`);
  if (h) { h.tabIndex = -1; h.focus(); }
}

function showDeskChoice() {
  const box = $("desk-options");
  const current = S.deskId || Number(localStorage.getItem(DESK_KEY)) || (S.desks[0] || {}).id;
  box.replaceChildren(...S.desks.map((d) => el("label", { class: "desk-option" },
    el("input", { type: "radio", name: "desk", value: d.id, checked: d.id === current }),
    el("span", {}, d.name, el("span", { class: "desk-services" }, d.services.map(svcShort).join(" · "))))));
  setText("desk-error", "");
  showScreen("desk");
  const checked = box.querySelector("input:checked") || box.querySelector("input");
  if (checked) checked.focus();
}

function chooseDesk(ev) {
  ev.preventDefault();
  const checked = $("desk-options").querySelector("input:checked");
  if (!checked) { setText("desk-error", "Kies waar u zit."); return; }
  S.deskId = Number(checked.value);
  localStorage.setItem(DESK_KEY, String(S.deskId));
  S.focusTicket = null;
  setText("action-note", ""); setText("action-error", "");
  fillIssueServices();
  go("work");
}

// ---------------------------------------------------------------------------------------------
// Live updates

function connect() {
  if (!S.me) return;
  clearTimeout(S.reconnectTimer);
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;
  let ws;
  try { ws = new WebSocket(url); } catch { scheduleReconnect(); return; }
  S.ws = ws;
  setConn(S.wsState === "offline" ? "offline" : "connecting");
  ws.onmessage = (m) => {
    if (S.ws !== ws) return;
    let f;
    try { f = JSON.parse(m.data); } catch { return; }
    onFrame(f);
  };
  ws.onclose = () => {
    if (S.ws !== ws) return;
    S.ws = null;
    S.seq = null;
    setConn("offline");
    scheduleReconnect();
  };
}

function scheduleReconnect() {
  clearTimeout(S.reconnectTimer);
  const wait = S.backoff;
  S.backoff = Math.min(S.backoff * 2, 15000);
  S.reconnectTimer = setTimeout(async () => {
    if (!S.me) return;
    try {
      await api("GET", "/api/v1/auth/me", undefined, { quiet401: false });
    } catch (e) {
      if (e.code === "unauthorized") return;
    }
    connect();
  }, wait);
}

function setConn(state) {
  S.wsState = state;
  const c = $("conn");
  c.dataset.state = state;
  setText("conn-text", { live: "Live", connecting: "Verbinden…", offline: "Geen verbinding" }[state]);
  renderAlerts();
}

function onFrame(f) {
  if (f.type === "snapshot") {
    S.seq = f.seq;
    S.location = f.location;
    mergeServices(f.services, true);
    S.tickets = new Map((f.tickets || []).map((t) => [t.id, t]));
    S.devices = new Map((f.devices || []).map((d) => [d.id, d]));
    S.backoff = 1000;
    setText("location-name", f.location ? f.location.name : "");
    setConn("live");
    appointmentsChanged();
    scheduleRender();
    return;
  }
  if (f.type === "error" || S.seq === null || typeof f.seq !== "number") return;
  if (f.seq <= S.seq) return;
  if (f.seq !== S.seq + 1) {
    // A gap: something was missed. Ask for the whole state again and ignore frames till then.
    S.seq = null;
    try { S.ws.send(JSON.stringify({ type: "resync" })); } catch { /* reconnect will follow */ }
    return;
  }
  S.seq = f.seq;
  if (f.services) mergeServices(f.services, false);
  if (f.type === "update" && f.ticket) {
    const before = S.tickets.get(f.ticket.id);
    upsert(f.ticket);
    noticeForMe(f.event, f.ticket, before);
  } else if (f.type === "called") {
    const c = f.ticket;
    const t = S.tickets.get(c.id);
    if (t) {
      t.state = "called"; t.desk = c.desk; t.called_at = c.at; t.position = null;
    } else {
      api("GET", `/api/v1/tickets/${c.id}`).then(upsert).then(scheduleRender).catch(() => {});
    }
  } else if (f.type === "device" && f.device) {
    // A revoked station is gone for good, not offline.
    if (f.device.revoked) S.devices.delete(f.device.id);
    else S.devices.set(f.device.id, f.device);
  }
  if (touchesAppointments(f)) appointmentsChanged();
  if (f.event === "configuration_changed") desksChanged();
  closuresFrame(f);
  if (touchesAbsences(f)) absencesChanged();
  scheduleRender();
}

/** The configuration changed (in /admin or by an import): the desks and their profiles are
 * read again, so the desk choice and the desk's name follow without a restart ("call next"
 * follows the profile on the server). Whoever sat at a desk that was retired is asked where
 * they sit now. */
async function desksChanged() {
  let desks;
  try { desks = await api("GET", "/api/v1/desks"); } catch { return; }
  S.desks = desks;
  if (forcedPassword()) return;
  if (S.deskId && !desks.some((d) => d.id === S.deskId)) {
    S.deskId = null;
    localStorage.removeItem(DESK_KEY);
    showDeskChoice();
    setText("desk-error", "Uw plaats is buiten gebruik gesteld. Kies waar u nu zit.");
    return;
  }
  if (S.screen === "desk") { showDeskChoice(); return; }
  const d = desk();
  setText("desk-name", d ? d.name : "");
  scheduleRender();
}

function resync() {
  if (S.ws && S.ws.readyState === WebSocket.OPEN) {
    S.seq = null;
    S.ws.send(JSON.stringify({ type: "resync" }));
  }
}

/** A social worker hears when a client of theirs joins their queue. */
function noticeForMe(event, t, before) {
  if (!S.me || t.state !== "waiting" || (before && before.state === "waiting")) return;
  const mine = t.assigned_staff === S.me.id || (S.deskId && t.assigned_desk === S.deskId);
  if (mine) {
    const msg = `${t.number} wacht nu voor u (${svcShort(t.service)}).`;
    setText("action-note", msg);
    announce(msg);
  }
}

function mergeServices(list, full) {
  for (const s of list) {
    const old = S.services.get(s.key);
    // A frame leaves out what is absent (a closure that ended): that is not kept from before.
    S.services.set(s.key, full || !old ? { ...s } : { ...old, ...s, name: old.name, names: old.names, closed_now: s.closed_now });
  }
  if (full) S.serviceOrder = list.map((s) => s.key);
}

// ---------------------------------------------------------------------------------------------
// Rendering the desk

function waitingOf(key) {
  return [...S.tickets.values()]
    .filter((t) => t.service === key && t.state === "waiting")
    .sort((a, b) => (b.priority - a.priority) || a.queued_at.localeCompare(b.queued_at) || a.id - b.id);
}

function tagsFor(t, { forList = true } = {}) {
  const tags = [];
  if (t.priority) tags.push(el("span", { class: "tag prio", text: "Voorrang" }));
  if (t.transferred_from) tags.push(el("span", { class: "tag moved", text: `van ${svcShort(t.transferred_from)}` }));
  if (t.channel === "appointment") tags.push(el("span", { class: "tag appt", text: "Afspraak" }));
  if (t.assigned_staff) {
    tags.push(el("span", { class: "tag", text: t.assigned_staff === (S.me && S.me.id) ? "Voor u" : `Voor ${staffName(t.assigned_staff)}` }));
  }
  if (t.assigned_desk) {
    tags.push(el("span", { class: "tag", text: t.assigned_desk === S.deskId ? `Voor ${deskName(t.assigned_desk)} (hier)` : `Voor ${deskName(t.assigned_desk)}` }));
  }
  // The visitor's language as a Dutch name, in the list too, so staff can plan an interpreter:
  // "UK" would read as English. Dutch itself is the default and is not shown.
  if (t.lang && t.lang !== "nl") {
    const name = langNl(t.lang);
    tags.push(el("span", { class: "tag lang", title: `Taal van de bezoeker: ${name}` },
      forList ? [el("span", { class: "sr-only", text: "Taal van de bezoeker: " }), name] : `Taal: ${name}`));
  }
  return tags;
}


function ticketTable(list, caption) {
  const rows = list.map((t) => el("tr", {},
    el("td", { class: "num", text: t.number }),
    el("td", { class: "wait", dataset: { since: t.queued_at } }, fmtWait(t.queued_at)),
    el("td", {}, tagsFor(t)),
    el("td", { class: "act" }, canWork() && S.deskId
      ? el("button", {
        type: "button", class: "small", "aria-label": `Oproepen: ${t.number}`,
        dataset: { focusKey: `call-${t.id}` }, disabled: S.busy, onclick: () => callChosen(t),
      }, "Oproepen")
      : null)));
  return el("table", { class: "tickets" },
    el("caption", { class: "sr-only", text: caption }),
    el("thead", {}, el("tr", {},
      el("th", { scope: "col", text: "Nummer" }), el("th", { scope: "col", text: "Wacht" }),
      el("th", { scope: "col", text: "Bijzonder" }), el("th", { scope: "col" }, el("span", { class: "sr-only", text: "Actie" })))),
    el("tbody", {}, rows));
}

function queueStats(list) {
  const longest = list.reduce((m, t) => (!m || t.queued_at < m ? t.queued_at : m), null);
  return el("p", { class: "queue-stats" },
    el("strong", { text: String(list.length) }), list.length === 1 ? " wachtend" : " wachtenden",
    longest ? [" · langst ", el("strong", { dataset: { since: longest } }, fmtWait(longest))] : null);
}

function queueSection(key, level) {
  const list = waitingOf(key);
  const id = `q-${key}`;
  const busyHere = [...S.tickets.values()].filter((t) => t.service === key && t.state !== "waiting" && t.desk);
  return el("section", { class: "queue", "aria-labelledby": id, dataset: { service: key } },
    el("div", { class: "queue-head" },
      el(level, { id, text: svcName(key) }),
      queueStats(list),
      svc(key) && svc(key).open === false ? el("span", { class: "tag", text: "Nu gesloten" }) : null),
    list.length ? ticketTable(list, `Wachtenden voor ${svcName(key)}`) : el("p", { class: "queue-empty", text: "Niemand wacht." }),
    busyHere.length ? el("p", { class: "queue-empty small" }, "Aan een balie: ",
      busyHere.map((t) => `${t.number} (${t.desk.name}, ${STATE_NL[t.state]})`).join(" · ")) : null);
}

function renderWork() {
  if (S.screen !== "work" || !S.me) return;
  const focusKey = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.focusKey : null;
  const d = desk();
  const mine = d ? d.services : [];
  const others = S.serviceOrder.filter((k) => !mine.includes(k));
  const total = [...S.tickets.values()].filter((t) => t.state === "waiting" && mine.includes(t.service)).length;
  setText("work-title", d ? `Wachtrijen voor ${d.name}` : "Wachtrijen");
  setText("queues-summary", `${total} ${total === 1 ? "bezoeker wacht" : "bezoekers wachten"} voor uw diensten`);
  $("readonly-note").hidden = canWork();

  // The personal queue: tickets sent to this person or to this desk.
  const personal = [...S.tickets.values()]
    .filter((t) => t.state === "waiting" && (t.assigned_staff === S.me.id || (S.deskId && t.assigned_desk === S.deskId)))
    .sort((a, b) => (b.priority - a.priority) || a.queued_at.localeCompare(b.queued_at));
  const isWorker = hasRole(["social_worker"]);
  $("personal").replaceChildren(personal.length || isWorker
    ? el("section", { class: "queue personal", "aria-labelledby": "q-personal" },
      el("div", { class: "queue-head" }, el("h2", { id: "q-personal", text: "Uw persoonlijke wachtrij" }), queueStats(personal)),
      personal.length ? ticketTable(personal, "Bezoekers die voor u of voor deze plaats wachten")
        : el("p", { class: "queue-empty", text: "Niemand wacht specifiek voor u." }))
    : "");

  $("my-queues").replaceChildren(...mine.map((k) => queueSection(k, "h2")));
  const otherWaiting = [...S.tickets.values()].filter((t) => t.state === "waiting" && others.includes(t.service)).length;
  setText("others-label", `Andere diensten (${others.length}) — ${otherWaiting} ${otherWaiting === 1 ? "wachtende" : "wachtenden"}`);
  $("other-queues").hidden = others.length === 0;
  $("other-queues-list").replaceChildren(...others.map((k) => queueSection(k, "h3")));

  renderToday();
  renderClosures();
  renderVisitor();
  if (focusKey) {
    const again = document.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`);
    if (again && document.activeElement !== again) again.focus();
  }
}

function renderVisitor() {
  const t = current();
  const box = $("visitor");
  if (!t) {
    box.replaceChildren(el("p", { class: "visitor-empty", text: "Geen bezoeker aan deze plaats. Roep de volgende op." }));
  } else {
    const since = t.state === "called" ? (t.called_at || t.queued_at) : (t.called_at || t.queued_at);
    box.replaceChildren(el("div", { class: "visitor-main" },
      el("span", { class: "visitor-num", id: "visitor-number", text: t.number }),
      el("div", { class: "visitor-info" },
        el("p", { text: svcName(t.service) }),
        el("p", { class: "visitor-state", id: "visitor-state" },
          t.state === "called" ? "Opgeroepen" : "In gesprek",
          t.called_at ? [t.state === "called" ? " om " : " sinds ", fmtTime(t.called_at), " (", el("span", { dataset: { since } }, fmtWait(since)), ")"] : null),
        el("p", { class: "small" }, `Aangekomen ${fmtTime(t.queued_at)} · wachtte `, el("span", { text: waitedFor(t) })),
        el("div", { class: "visitor-tags" }, tagsFor(t, { forList: false })))));
  }
  const st = t ? t.state : null;
  const work = canWork() && !!S.deskId;
  $("actions").hidden = !canWork();
  $("issue-panel").hidden = !canWork();
  $("act-next").disabled = !work || S.busy;
  $("act-recall").disabled = !work || S.busy || st !== "called";
  $("act-start").disabled = !work || S.busy || st !== "called";
  $("act-finish").disabled = !work || S.busy || st !== "serving";
  $("act-noshow").disabled = !work || S.busy || st !== "called";
  $("act-park").disabled = !work || S.busy || st !== "called";
  $("act-transfer").disabled = !work || S.busy || !(st === "called" || st === "serving");

  // Triage for an ID-team visitor.
  const triage = $("triage");
  const showTriage = !!t && canTriage() && isTriageService(t.service);
  if (!showTriage || triage.dataset.ticket !== String(t && t.id)) closeTriagePanes();
  triage.hidden = !showTriage;
  triage.dataset.ticket = t ? String(t.id) : "";
  for (const b of triage.querySelectorAll(".triage-choices button")) b.disabled = S.busy;
  $("referral-submit").disabled = S.busy;
  // The visitor left the desk (someone else moved them) while the referral dialog was open.
  if ($("referral-dialog").open && (!t || $("referral-dialog").dataset.ticket !== String(t.id))) {
    $("referral-dialog").close();
    setText("action-error", "Deze bezoeker is niet meer aan uw plaats; er is niets doorverwezen. De lijst is bijgewerkt.");
  }

  // Others at this desk (called twice without finishing) and recent no-shows.
  const also = atDesk().filter((x) => !t || x.id !== t.id);
  $("also-here").replaceChildren(also.length ? el("div", {},
    el("h3", { text: "Ook aan deze plaats" }),
    el("ul", { class: "mini-list" }, also.map((x) => el("li", {},
      el("strong", { text: x.number }), STATE_NL[x.state],
      el("button", { type: "button", class: "small", "aria-label": `Toon ${x.number}`, dataset: { focusKey: `show-${x.id}` },
        onclick: () => { S.focusTicket = x.id; renderVisitor(); $("visitor-title").focus(); } }, "Toon"))))) : "");

  const now = Date.now();
  for (const [id, n] of S.noShows) if (now - n.at > GRACE_MS) S.noShows.delete(id);
  $("no-shows").replaceChildren(S.noShows.size && canWork() ? el("div", {},
    el("h3", { text: "Niet gekomen — nog terug te zetten" }),
    el("ul", { class: "mini-list" }, [...S.noShows.values()].map((n) => el("li", {},
      el("strong", { text: n.ticket.number }), `om ${fmtTime(new Date(n.at).toISOString())}`,
      el("button", { type: "button", class: "small", "aria-label": `Terug in de rij: ${n.ticket.number}`, disabled: S.busy,
        dataset: { focusKey: `return-${n.ticket.id}` }, onclick: () => bringBack(n.ticket) }, "Terug in de rij"))))) : "");
}

function waitedFor(t) {
  const end = t.called_at ? Date.parse(t.called_at) : Date.now();
  const m = Math.max(0, Math.floor((end - Date.parse(t.queued_at)) / 60000));
  return m < 1 ? "< 1 min" : `${m} min`;
}

/** Every few seconds: the waiting times, without redrawing anything else. */
function tick() {
  for (const e of document.querySelectorAll("[data-since]")) e.textContent = fmtWait(e.dataset.since);
  if (S.me && S.expiresAt && Date.now() > S.expiresAt) sessionExpired();
}

// ---------------------------------------------------------------------------------------------
// Alerts: stations and the connection

function renderAlerts() {
  const items = [];
  if (S.me && S.screen !== "login" && S.wsState === "offline") {
    items.push(el("li", { class: "bad", text: "Geen live verbinding met de server: de lijsten lopen misschien achter. De app verbindt opnieuw." }));
  }
  if (S.me) {
    for (const d of [...S.devices.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      const kind = d.kind === "kiosk" ? "Kiosk" : "Scherm";
      if (!d.online) {
        items.push(el("li", { class: "bad", text: `${kind} „${d.name}” is offline${d.last_seen ? ` sinds ${fmtTime(d.last_seen)}` : ""}.` }));
      } else if (d.printer && d.printer.state !== "ok") {
        const what = PRINTER_NL[d.printer.state] || d.printer.state;
        const bad = d.printer.state !== "paper_near_end";
        items.push(el("li", { class: bad ? "bad" : "" },
          `Printer van ${kind.toLowerCase()} „${d.name}”: ${what}.`,
          bad ? " Bezoekers krijgen geen ticket op papier." : ""));
      }
    }
  }
  $("alert-list").replaceChildren(...items);
  $("alerts").hidden = items.length === 0;
}

// ---------------------------------------------------------------------------------------------
// Actions on tickets

async function busy(fn) {
  if (S.busy) return;
  S.busy = true;
  renderVisitor();
  try { return await fn(); } finally { S.busy = false; scheduleRender(); }
}


async function failed(e, t) {
  setText("action-note", "");
  if (e.code === "unauthorized") return;
  if (e.status === 409 && t) {
    // Someone else moved it: say what happened now, and refresh.
    let fresh = null;
    try { fresh = await api("GET", `/api/v1/tickets/${t.id}`); } catch { /* gone */ }
    if (fresh) upsert(fresh);
    if (fresh && !["waiting", "called", "serving"].includes(fresh.state)) S.tickets.delete(t.id);
    const where = fresh && fresh.desk && (fresh.state === "called" || fresh.state === "serving") ? ` bij ${fresh.desk.name}` : "";
    const msg = e.code === "invalid_transition"
      ? `Dat kon niet: ${t.number} is intussen ${fresh ? STATE_NL[fresh.state] : "gewijzigd"}${where}. Iemand anders was u voor. De lijst is bijgewerkt.`
      : `${nl(e)} De lijst is bijgewerkt.`;
    setText("action-error", msg);
    resync();
    scheduleRender();
    return;
  }
  setText("action-error", nl(e));
}

async function callNext() {
  const d = desk();
  if (!d) return;
  await busy(async () => {
    try {
      const t = await api("POST", `/api/v1/desks/${d.id}/call-next`);
      if (!t) { note(`Niemand wacht voor ${d.name}.`); return; }
      upsert(t); S.focusTicket = t.id;
      note(`${t.number} is opgeroepen naar ${d.name}.`);
    } catch (e) { await failed(e, null); }
  });
}

async function callChosen(t) {
  const d = desk();
  if (!d) return;
  await busy(async () => {
    try {
      const r = await api("POST", `/api/v1/tickets/${t.id}/call`, { desk: d.id });
      upsert(r); S.focusTicket = r.id;
      note(`${r.number} is opgeroepen naar ${d.name}.`);
      $("act-next").focus();
    } catch (e) { await failed(e, t); }
  });
}

const ACTIONS = {
  recall: ["recall", (t) => `${t.number} is opnieuw opgeroepen.`],
  start: ["start", (t) => `Gesprek met ${t.number} gestart.`],
  finish: ["finish", (t) => `${t.number} is afgerond.`],
  noshow: ["no-show", (t) => `${t.number} is niet gekomen. U kunt het nummer nog even terug in de rij zetten.`],
  park: ["return", (t) => `${t.number} staat terug in de rij, met zijn aankomsttijd.`],
};

async function act(kind) {
  const t = current();
  if (!t) return;
  const [path, said] = ACTIONS[kind];
  await busy(async () => {
    try {
      const r = await api("POST", `/api/v1/tickets/${t.id}/${path}`);
      if (kind === "noshow") S.noShows.set(r.id, { ticket: r, at: Date.now() });
      upsert(r);
      note(said(r));
    } catch (e) { await failed(e, t); }
  });
}

async function bringBack(t) {
  await busy(async () => {
    try {
      const r = await api("POST", `/api/v1/tickets/${t.id}/return`);
      S.noShows.delete(t.id);
      upsert(r);
      note(`${r.number} staat terug in de rij.`);
    } catch (e) {
      if (e.code === "no_show_grace_passed" || e.status === 409) S.noShows.delete(t.id);
      await failed(e, e.code === "no_show_grace_passed" ? null : t);
    }
  });
}

// ---- transfer ----

function openTransfer() {
  const t = current();
  if (!t || $("act-transfer").disabled) return;
  const opt = (value, text) => el("option", { value }, text);
  const keep = (id) => $(id).value;
  const [sv, dv, wv] = [keep("transfer-service"), keep("transfer-desk"), keep("transfer-staff")];
  $("transfer-service").replaceChildren(opt("", "— dezelfde dienst —"),
    ...S.serviceOrder.filter((k) => k !== t.service).map((k) => opt(k, svcName(k))));
  $("transfer-desk").replaceChildren(opt("", "— geen bepaalde plaats —"),
    ...S.desks.filter((d) => d.id !== S.deskId).map((d) => opt(d.id, d.name)));
  $("transfer-staff").replaceChildren(opt("", "— geen bepaalde persoon —"),
    ...S.staff.filter((s) => s.roles.includes("social_worker")).map((s) => opt(s.id, s.name)));
  // What was chosen before a failed attempt is still there.
  if ($("transfer-dialog").dataset.ticket === String(t.id)) {
    $("transfer-service").value = sv; $("transfer-desk").value = dv; $("transfer-staff").value = wv;
  } else {
    $("transfer-reason").value = "";
  }
  $("transfer-dialog").dataset.ticket = String(t.id);
  setText("transfer-which", `${t.number} · nu bij ${svcName(t.service)}`);
  setText("transfer-error", "");
  $("transfer-dialog").showModal();
  $("transfer-service").focus();
}

async function submitTransfer(ev) {
  ev.preventDefault();
  const t = S.tickets.get(Number($("transfer-dialog").dataset.ticket));
  if (!t) { setText("transfer-error", "Deze bezoeker is niet meer aan uw plaats. De lijst is bijgewerkt."); return; }
  const body = {};
  if ($("transfer-service").value) body.service = $("transfer-service").value;
  if ($("transfer-desk").value) body.desk = Number($("transfer-desk").value);
  if ($("transfer-staff").value) body.staff = Number($("transfer-staff").value);
  const reason = $("transfer-reason").value.trim();
  if (reason) body.reason = reason;
  if (!body.service && !body.desk && !body.staff) {
    setText("transfer-error", "Kies een dienst, een plaats of een maatschappelijk werker.");
    $("transfer-service").focus();
    return;
  }
  if (reason.length > 200) { setText("transfer-error", "Houd de reden onder 200 tekens."); $("transfer-reason").focus(); return; }
  $("transfer-submit").disabled = true;
  try {
    const r = await api("POST", `/api/v1/tickets/${t.id}/transfer`, body);
    upsert(r);
    const to = [body.service && svcName(body.service), body.desk && deskName(body.desk), body.staff && staffName(body.staff)].filter(Boolean).join(", ");
    $("transfer-dialog").close();
    $("transfer-form").reset();
    delete $("transfer-dialog").dataset.ticket;
    note(`${r.number} is doorverwezen naar ${to}. De bezoeker houdt zijn nummer.`);
    $("act-next").focus();
  } catch (e) {
    if (e.status === 409) { $("transfer-dialog").close(); await failed(e, t); $("act-next").focus(); }
    else setText("transfer-error", nl(e));
  } finally {
    $("transfer-submit").disabled = false;
    scheduleRender();
  }
}

// ---- ID-team triage ----

function closeTriagePanes() {
  $("triage-internal-pane").hidden = true;
  $("triage-internal").setAttribute("aria-expanded", "false");
}

function toggleInternal() {
  const open = $("triage-internal-pane").hidden;
  closeTriagePanes();
  if (!open) return;
  $("triage-internal-pane").hidden = false;
  $("triage-internal").setAttribute("aria-expanded", "true");
  const t = current();
  $("triage-services").replaceChildren(...S.serviceOrder
    .filter((k) => t && k !== t.service && (svc(k) || {}).walk_in !== false)
    .map((k) => el("button", { type: "button", dataset: { service: k }, disabled: S.busy, onclick: () => triage("internal", { service: k }) }, svcName(k))));
  const first = $("triage-services").querySelector("button");
  if (first) first.focus();
}

/** The partner catalogue in a dialog: the whole list, the reason and the print button at once. */
function openReferral() {
  const t = current();
  if (!t) return;
  const dlg = $("referral-dialog");
  if (dlg.dataset.ticket !== String(t.id)) {
    $("referral-form").reset();
    setText("referral-error", "");
  }
  dlg.dataset.ticket = String(t.id);
  fill($("referral-which"), el("strong", { text: t.number }), ` · ${svcName(t.service)}. Het briefje met adres, telefoon en openingsuren komt uit de onthaalprinter.`);
  setText("referral-submit", S.referred.has(t.id) ? "Briefje opnieuw afdrukken" : "Doorverwijzen en briefje afdrukken");
  closeTriagePanes();
  dlg.showModal();
  const first = $("triage-partners").querySelector("input:checked") || $("triage-partners").querySelector("input");
  if (first) first.focus();
}

async function triage(outcome, extra = {}) {
  const t = current();
  if (!t) return;
  await busy(async () => {
    try {
      const r = await api("POST", `/api/v1/tickets/${t.id}/triage`, { outcome, ...extra });
      upsert(r);
      closeTriagePanes();
      if (outcome === "internal") {
        note(`${r.number} is intern doorverwezen naar ${svcName(extra.service)}. De bezoeker houdt zijn aankomsttijd.`);
      } else {
        await finishVisit(r);
        note(`${r.number}: ${outcome === "answered" ? "beantwoord" : "niet voor ons, geen doorverwijzing"}. Het bezoek is afgerond.`);
      }
      $("act-next").focus();
    } catch (e) { await failed(e, t); }
  });
}

async function refer(ev) {
  ev.preventDefault();
  const t = current();
  if (!t) return;
  const checked = $("triage-partners").querySelector("input:checked");
  setText("referral-error", "");
  if (!checked) {
    setText("referral-error", "Kies de partnerorganisatie waarnaar u doorverwijst.");
    $("triage-partners").querySelector("input").focus();
    return;
  }
  const dlg = $("referral-dialog");
  const partner = S.partners.find((p) => p.key === checked.value);
  const reason = $("referral-reason").value.trim();
  await busy(async () => {
    try {
      if (S.referred.get(t.id) !== partner.key) {
        const r = await api("POST", `/api/v1/tickets/${t.id}/triage`, { outcome: "external", partner: partner.key });
        upsert(r);
        S.referred.set(t.id, partner.key);
      }
    } catch (e) {
      if (e.status === 409) { dlg.close(); await failed(e, t); } else setText("referral-error", nl(e));
      return;
    }
    let printed;
    try {
      printed = await api("POST", `/api/v1/tickets/${t.id}/referral-slip`, reason ? { reason } : {});
    } catch (e) {
      setText("referral-error", `De doorverwijzing naar ${partner.name} is geregistreerd, maar het briefje is niet afgedrukt. ${nl(e)} Probeer opnieuw of geef het adres mondeling.`);
      setText("referral-submit", "Briefje opnieuw afdrukken");
      return;
    }
    S.referred.delete(t.id);
    dlg.close();
    delete dlg.dataset.ticket;
    $("referral-form").reset();
    try { await finishVisit(S.tickets.get(t.id) || t); } catch (e) {
      note(`${t.number} is doorverwezen naar ${partner.name}; het briefje ligt op ${printed.printer}.`);
      setText("action-error", nl(e));
      return;
    }
    note(`${t.number} is doorverwezen naar ${partner.name}. Het briefje ligt op ${printed.printer}. Het bezoek is afgerond.`);
    $("act-next").focus();
  });
}

// ---- a ticket issued at the desk ----

async function issue(ev) {
  ev.preventDefault();
  const service = $("issue-service").value;
  const reason = $("issue-priority").value;
  const lang = $("issue-lang").value || "nl";
  setText("issue-error", ""); setText("issue-result", ""); setText("issue-printed", "");
  if (!service) { setText("issue-error", "Kies een dienst."); $("issue-service").focus(); return; }
  $("issue-submit").disabled = true;
  try {
    const t = await api("POST", "/api/v1/tickets", reason ? { service, lang, priority_reason: reason } : { service, lang });
    upsert(t);
    const res = $("issue-result");
    res.replaceChildren("Ticket ", el("strong", { class: "big-num", id: "issued-number", text: t.number }),
      ` gegeven voor ${svcShort(t.service)}${t.priority ? `, met voorrang (${PRIORITY_NL[reason]})` : ""}. `,
      t.position == null ? "" : t.position === 0 ? "Niemand wacht voor. " : `${t.position} ${t.position === 1 ? "wachtende" : "wachtenden"} voor. `,
      el("button", { type: "button", class: "small", id: "issue-print", onclick: (e) => printTicket(t, e.currentTarget) }, "Ticket afdrukken"));
    $("issue-priority").value = "";
    $("issue-lang").value = "nl";
    scheduleRender();
  } catch (e) {
    setText("issue-error", nl(e));
  } finally {
    $("issue-submit").disabled = false;
  }
}

/** A ticket given at the desk on paper, with the QR code of its status page, in the visitor's
 * language: on the reception printer, as the kiosk would have printed it. */
async function printTicket(t, button) {
  button.disabled = true;
  setText("issue-error", ""); setText("issue-printed", "");
  try {
    const printed = await api("POST", `/api/v1/tickets/${t.id}/print`, {});
    setText("issue-printed", `Ticket ${t.number} afgedrukt op ${printed.printer}. Geef het aan de bezoeker.`);
  } catch (e) {
    setText("issue-error", `Ticket ${t.number} is niet afgedrukt: ${nl(e)} Het ticket staat wel in de rij.`);
  } finally {
    button.disabled = false;
  }
}

function fillIssueServices() {
  const sel = $("issue-service");
  const keep = sel.value;
  const d = desk();
  const keys = S.serviceOrder.filter((k) => (svc(k) || {}).walk_in !== false);
  sel.replaceChildren(...keys.map((k) => el("option", { value: k }, svcName(k) + ((svc(k) || {}).open === false ? " (nu gesloten)" : ""))));
  sel.value = keys.includes(keep) ? keep : (d && d.services.find((k) => keys.includes(k))) || keys[0] || "";
}

// ---------------------------------------------------------------------------------------------
// Help requests and the register

function fillStaticLists() {
  const opt = (v, t) => el("option", { value: v }, t);
  const keepS = $("help-service").value, keepC = $("help-category").value;
  $("help-service").replaceChildren(...S.serviceOrder.map((k) => opt(k, svcName(k))));
  if (keepS) $("help-service").value = keepS;
  $("help-category").replaceChildren(opt("", "— kies —"),
    ...S.categories.map((c) => opt(c.key, c.name + (c.leefloon ? " — met leefloonparagrafen" : ""))));
  if (keepC) $("help-category").value = keepC;
  $("triage-partners").replaceChildren(...S.partners.map((p) => el("label", { class: "partner" },
    el("input", { type: "radio", name: "partner", value: p.key, dataset: { partner: p.key } }),
    el("span", { class: "p-name", text: p.name }),
    el("span", { class: "p-info" }, [p.address, p.phone, p.hours].filter(Boolean).join(" · ")))));
  fillIssueServices();
  if (!$("help-docs").children.length) addDocLine(false);
}

function addDocLine(focus = true, value = "") {
  const list = $("help-docs");
  const n = list.children.length + 1;
  const id = `doc-${Date.now()}-${n}`;
  const li = el("li", {}, el("div", { class: "doc-line" },
    el("label", { for: id, class: "sr-only", text: `Stuk ${n}` }),
    el("input", { id, class: "doc-input", maxlength: 200, autocomplete: "off", "aria-describedby": "docs-hint", value }),
    el("button", { type: "button", class: "small", onclick: () => removeDocLine(li) }, "Verwijderen")));
  list.append(li);
  renumberDocs();
  if (focus) li.querySelector("input").focus();
}

function removeDocLine(li) {
  const list = $("help-docs");
  const next = li.nextElementSibling || li.previousElementSibling;
  li.remove();
  if (!list.children.length) addDocLine(false);
  renumberDocs();
  ((next && next.querySelector("input")) || list.querySelector("input")).focus();
}

function renumberDocs() {
  [...$("help-docs").children].forEach((li, i) => {
    li.querySelector("label").textContent = `Stuk ${i + 1}`;
    li.querySelector("button").setAttribute("aria-label", `Verwijderen: stuk ${i + 1}`);
  });
}

function prepareHelpForm() {
  const t = current();
  const d = desk();
  const sel = $("help-service");
  if (!sel.dataset.touched) sel.value = (t && t.service) || (d && d.services[0]) || sel.value;
  $("help-ticket-field").hidden = !t;
  if (t) setText("help-ticket-label", `Koppelen aan het huidige bezoek (${t.number})`);
}

function resetHelpForm() {
  $("help-form").reset();
  delete $("help-service").dataset.touched;
  $("help-docs").replaceChildren();
  addDocLine(false);
  for (const e of $("help-form").querySelectorAll("[aria-invalid]")) e.removeAttribute("aria-invalid");
  for (const id of ["help-service-error", "help-category-error", "help-docs-error", "help-error"]) setText(id, "");
}

function fieldError(id, input, msg) {
  setText(id, msg);
  if (input) input.setAttribute("aria-invalid", "true");
}

async function submitHelp(ev) {
  ev.preventDefault();
  for (const e of $("help-form").querySelectorAll("[aria-invalid]")) e.removeAttribute("aria-invalid");
  for (const id of ["help-service-error", "help-category-error", "help-docs-error", "help-error"]) setText(id, "");
  const service = $("help-service").value, category = $("help-category").value;
  const inputs = [...$("help-docs").querySelectorAll("input")];
  const documents = inputs.map((i) => i.value.trim()).filter(Boolean);
  let first = null;
  if (!service) { fieldError("help-service-error", $("help-service"), "Kies de dienst."); first = first || $("help-service"); }
  if (!category) { fieldError("help-category-error", $("help-category"), "Kies de soort hulpvraag."); first = first || $("help-category"); }
  const long = inputs.find((i) => i.value.trim().length > 200);
  if (long) { fieldError("help-docs-error", long, "Beschrijf elk stuk in hoogstens 200 tekens."); first = first || long; }
  if (documents.length > 30) { fieldError("help-docs-error", null, "Hoogstens 30 stukken op één ontvangstbewijs."); first = first || inputs[0]; }
  if (first) { setText("help-error", "Het formulier is nog niet volledig: zie de meldingen bij de velden."); first.focus(); return; }
  const t = current();
  const body = { service, category, documents };
  if (t && !$("help-ticket-field").hidden && $("help-ticket").checked) body.ticket = t.id;
  $("help-submit").disabled = true;
  let hr;
  try {
    hr = await api("POST", "/api/v1/help-requests", body);
  } catch (e) {
    const msg = nl(e);
    if (e.code === "unknown_category") { fieldError("help-category-error", $("help-category"), msg); $("help-category").focus(); }
    else if (e.code === "unknown_service") { fieldError("help-service-error", $("help-service"), msg); $("help-service").focus(); }
    else if (e.code === "invalid_documents") { fieldError("help-docs-error", null, msg); inputs[0].focus(); }
    setText("help-error", `Niet geregistreerd: ${msg}`);
    $("help-submit").disabled = false;
    return;
  }
  // In the register now: the form is emptied so it is never registered twice.
  resetHelpForm();
  prepareHelpForm();
  $("help-submit").disabled = false;
  showHelpResult(hr, null, true);
  await printReceipt(hr, (printed, err) => showHelpResult(hr, printed, false, err));
}

function showHelpResult(hr, printed, printing, err) {
  const box = $("help-result");
  box.classList.toggle("bad", !!err);
  fill(box,
    el("p", {}, "Geregistreerd als ", el("span", { class: "ref", id: "help-reference", text: hr.reference }),
      `, ontvangen op ${fmtDate(hr.received_on)} (${hr.category_name}).`),
    printing ? el("p", { text: "Ontvangstbewijs wordt afgedrukt…" }) : null,
    printed ? el("p", { text: `Ontvangstbewijs afgedrukt op ${printed.printer}. Geef het aan de bezoeker.` }) : null,
    err ? el("p", { class: "error", text: `Het ontvangstbewijs is niet afgedrukt. ${nl(err)} De aanvraag staat wel in het register.` }) : null,
    !printing ? el("button", { type: "button", id: "help-reprint", onclick: () => printReceipt(hr, (p, e2) => showHelpResult(hr, p, false, e2)) },
      err ? "Opnieuw proberen af te drukken" : "Nog eens afdrukken") : null,
    " ", !printing ? el("button", { type: "button", class: "link", onclick: () => { box.replaceChildren(); $("help-service").focus(); } }, "Nieuwe hulpaanvraag") : null);
}

async function printReceipt(hr, done) {
  try {
    const printed = await api("POST", `/api/v1/help-requests/${hr.id}/print`, {});
    done(printed, null);
    announce(`Ontvangstbewijs ${hr.reference} afgedrukt.`);
    return true;
  } catch (e) {
    done(null, e);
    return false;
  }
}

function prepareRegister() {
  const from = $("register-from"), to = $("register-to");
  if (!to.value) to.value = isoDay(new Date());
  if (!from.value) { const d = new Date(); d.setDate(d.getDate() - 30); from.value = isoDay(d); }
  updateCsvLink();
  loadRegister();
}

function updateCsvLink() {
  const q = new URLSearchParams();
  if ($("register-from").value) q.set("from", $("register-from").value);
  if ($("register-to").value) q.set("to", $("register-to").value);
  $("register-csv").href = `/api/v1/help-requests.csv?${q}`;
}

async function loadRegister(ev) {
  if (ev) ev.preventDefault();
  const from = $("register-from").value, to = $("register-to").value;
  setText("register-error", "");
  for (const e of [$("register-from"), $("register-to")]) e.removeAttribute("aria-invalid");
  if (!from || !to) {
    const bad = !from ? $("register-from") : $("register-to");
    bad.setAttribute("aria-invalid", "true");
    setText("register-error", "Vul beide datums in.");
    if (ev) bad.focus();
    return;
  }
  if (from > to) {
    $("register-from").setAttribute("aria-invalid", "true");
    setText("register-error", "‘Van’ moet vóór ‘tot en met’ liggen.");
    if (ev) $("register-from").focus();
    return;
  }
  updateCsvLink();
  let rows;
  try {
    rows = await api("GET", `/api/v1/help-requests?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
  } catch (e) { setText("register-error", nl(e)); return; }
  rows.sort((a, b) => b.reference.localeCompare(a.reference));
  setText("register-caption", `Hulpaanvragen van ${fmtDate(from)} tot en met ${fmtDate(to)}`);
  setText("register-status", `${rows.length} ${rows.length === 1 ? "hulpaanvraag" : "hulpaanvragen"} van ${fmtDate(from)} tot en met ${fmtDate(to)}.`);
  const canPrint = canWork();
  $("register-rows").replaceChildren(...(rows.length ? rows.map((r) => el("tr", { dataset: { reference: r.reference } },
    el("td", { class: "ref", text: r.reference }),
    el("td", { text: fmtDate(r.received_on) }),
    el("td", { text: svcShort(r.service) === r.service ? r.service_name : svcShort(r.service) }),
    el("td", { text: r.category_name }),
    el("td", { class: "docs-cell", text: r.documents.length ? r.documents.join("; ") : "—" }),
    el("td", { text: r.staff || "—" }),
    el("td", { text: r.ticket || "—" }),
    el("td", { class: "printed" },
      r.print_count ? `${r.print_count}× · laatst ${r.printed_at ? fmtDateTime(r.printed_at) : ""}` : "Nog niet afgedrukt",
      canPrint ? [" ", el("button", {
        type: "button", class: "small", "aria-label": `Herdrukken: ${r.reference}`, dataset: { focusKey: `reprint-${r.id}` },
        onclick: (e) => reprint(r, e.currentTarget),
      }, "Herdrukken")] : null)))
    : [el("tr", {}, el("td", { colspan: 8, text: "Geen hulpaanvragen in deze periode." }))]));
}

async function reprint(r, button) {
  button.disabled = true;
  setText("register-error", "");
  try {
    const printed = await api("POST", `/api/v1/help-requests/${r.id}/print`, {});
    await loadRegister();
    setText("register-status", `Ontvangstbewijs ${r.reference} opnieuw afgedrukt op ${printed.printer}.`);
    const again = document.querySelector(`[data-focus-key="reprint-${r.id}"]`);
    if (again) again.focus();
  } catch (e) {
    setText("register-error", `${r.reference} niet afgedrukt: ${nl(e)}`);
    button.disabled = false;
  }
}

// ---------------------------------------------------------------------------------------------
// Keyboard shortcuts: one letter, only on the desk screen, never while typing or in a dialog.

function onKey(e) {
  if (e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
  if (S.screen !== "work" || !S.me) return;
  const target = e.target;
  if (target && (target.isContentEditable || ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName))) return;
  if (document.querySelector("dialog[open]")) return;
  const key = e.key.length === 1 ? e.key.toUpperCase() : "";
  const button = key && document.querySelector(`#actions button[data-key="${key}"]`);
  if (!button) return;
  e.preventDefault();
  if (!button.disabled && !$("actions").hidden) button.click();
}

// ---------------------------------------------------------------------------------------------

function bindEvents() {
  $("login-form").addEventListener("submit", login);
  $("password-form").addEventListener("submit", changePassword);
  $("password-cancel").addEventListener("click", cancelPassword);
  $("change-password").addEventListener("click", () => askNewPassword(S.me, false));
  $("desk-form").addEventListener("submit", chooseDesk);
  $("logout").addEventListener("click", logout);
  $("change-desk").addEventListener("click", showDeskChoice);
  for (const b of document.querySelectorAll(".tab")) b.addEventListener("click", () => go(b.dataset.go));
  $("act-next").addEventListener("click", callNext);
  $("act-recall").addEventListener("click", () => act("recall"));
  $("act-start").addEventListener("click", () => act("start"));
  $("act-finish").addEventListener("click", () => act("finish"));
  $("act-noshow").addEventListener("click", () => act("noshow"));
  $("act-park").addEventListener("click", () => act("park"));
  $("act-transfer").addEventListener("click", openTransfer);
  $("transfer-form").addEventListener("submit", submitTransfer);
  $("transfer-cancel").addEventListener("click", () => { $("transfer-dialog").close(); $("act-transfer").focus(); });
  $("triage-answered").addEventListener("click", () => triage("answered"));
  $("triage-none").addEventListener("click", () => triage("none"));
  $("triage-internal").addEventListener("click", toggleInternal);
  $("triage-external").addEventListener("click", openReferral);
  $("referral-form").addEventListener("submit", refer);
  $("referral-cancel").addEventListener("click", () => { $("referral-dialog").close(); $("triage-external").focus(); });
  for (const id of ["transfer-service", "transfer-desk", "transfer-staff"]) {
    $(id).addEventListener("change", () => setText("transfer-error", ""));
  }
  $("triage-partners").addEventListener("change", () => setText("referral-error", ""));
  $("issue-form").addEventListener("submit", issue);
  $("help-form").addEventListener("submit", submitHelp);
  $("help-add-doc").addEventListener("click", () => addDocLine(true));
  $("help-service").addEventListener("change", (e) => { e.target.dataset.touched = "1"; });
  $("register-form").addEventListener("submit", loadRegister);
  $("register-from").addEventListener("change", updateCsvLink);
  $("register-to").addEventListener("change", updateCsvLink);
  bindClosures();
  document.addEventListener("keydown", onKey);
  setInterval(tick, 5000);
}

// The visitor languages in the two "taal" lists (a ticket given at the desk, an appointment):
// the catalogues' languages (/i18n/languages.json), named in Dutch with their own name beside
// ("Oekraïens (українська)"). Dutch is in the page already, so the lists work without them.
async function fillLanguages() {
  let list;
  try {
    const r = await fetch("/i18n/languages.json");
    if (!r.ok) return;
    list = await r.json();
  } catch {
    return;
  }
  for (const id of ["issue-lang", "book-lang"]) {
    const select = $(id);
    const chosen = select.value;
    select.replaceChildren(...list.map(({ code, name }) => {
      const dutch = langNl(code);
      const label = code === "nl" || dutch === code ? name : `${dutch} (${name})`;
      return el("option", { value: code }, label);
    }));
    select.value = chosen;
  }
}

fillLanguages();
boot();
