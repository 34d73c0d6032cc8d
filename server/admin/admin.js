// The administrator's page (/admin): staff accounts. Logs in like the desk app (HttpOnly
// session cookie; no token in this script), lists every account from
// GET /api/v1/admin/accounts and changes them through the same API; the server checks the
// admin role on every request and says in its error codes what it refused.
//
// A manager (diensthoofd) gets the same page with only the sections marked data-manager
// (Beschikbaarheid: the social workers' weekly hours, availability.js): the issue puts the
// actions marked manager on the admin pages, and this keeps one page, one dialog and one set
// of tests for them rather than a copy in the desk app. The other sections start on
// "admin:ready", which only an administrator's login sends; a manager's sends
// "admin:manager-ready". The server checks each request's role either way.
//
// live.js follows changes made elsewhere and sends "admin:changed"; the account list reads
// itself again on it.
//
// Everything shown is built with DOM nodes and text: no HTML is ever made from data. A
// one-time password (a new account, a reset) is shown once in a dialog and never kept.

import { $, api, el, fill, fmtDateTime, serverSaid } from "/web/common.js";
import { confirmDialog } from "/admin/kept.js";
import { concerns, keepingFocus, startLive, stopLive } from "/admin/live.js";

const ROLES = [
  ["reception", "Onthaal"],
  ["id_team", "ID-team"],
  ["social_worker", "Maatschappelijk werker"],
  ["manager", "Diensthoofd"],
  ["admin", "Beheerder"],
];
const ROLE_NL = Object.fromEntries(ROLES);

const ERRORS_NL = {
  network: "Geen verbinding met de server. Kijk het netwerk na en probeer opnieuw.",
  invalid_credentials: "Gebruikersnaam of wachtwoord klopt niet.",
  forbidden: "Uw account mag dit niet: enkel een beheerder beheert accounts.",
  password_change_required: "U meldde zich aan met een eenmalig wachtwoord. Kies eerst een eigen wachtwoord in de balie-app (Wachtwoord wijzigen) en kom dan terug.",
  invalid_username: "Kies een gebruikersnaam van kleine letters, cijfers, punt, streepje, _ of @ (hoogstens 60 tekens).",
  invalid_name: "Vul een naam in (hoogstens 100 tekens).",
  invalid_role: "Kies minstens één rol.",
  unknown_service: "Kies diensten uit de lijst.",
  username_taken: "Die gebruikersnaam bestaat al (misschien bij een uitgeschakeld account).",
  last_admin: "Dit is de laatste actieve beheerder. Maak eerst een ander account beheerder.",
  own_account: "U kunt uw eigen account niet uitschakelen. Vraag het aan een andere beheerder.",
  already_disabled: "Dit account was al uitgeschakeld.",
  already_active: "Dit account was al actief.",
  not_found: "Dat account bestaat niet (meer).",
  cross_origin: "De server weigerde dit: de pagina kwam niet van het eigen adres van Onthaal.",
};

function nl(e) {
  if (e.code === "too_many_attempts" || e.code === "busy") return e.message;
  if (ERRORS_NL[e.code]) return ERRORS_NL[e.code];
  if (!serverSaid(e)) return `De server antwoordde ${e.status}.`;
  return e.message || "Er ging iets mis.";
}

const state = { me: null, accounts: [], services: [], editing: null };

function setText(id, text) { $(id).textContent = text || ""; }

/** Says what happened in the status line (a polite live region). */
function status(text) {
  setText("status", "");
  setTimeout(() => setText("status", text), 30);
}

// ---------------------------------------------------------------------------------------------
// Session

async function boot() {
  bind();
  let me = null;
  try { me = await api("GET", "/api/v1/auth/me"); } catch (e) {
    if (e.network) { showLogin(nl(e)); return; }
  }
  if (!me || me.kind !== "staff") { showLogin(""); return; }
  await enter(me);
}

function showLogin(note) {
  document.body.dataset.state = "login";
  $("app").hidden = true;
  $("me").hidden = true;
  $("login").hidden = false;
  setText("login-note", note);
  document.title = "Aanmelden — Beheer — Onthaal";
  $("login-user").focus();
}

async function login(ev) {
  ev.preventDefault();
  const user = $("login-user"), pass = $("login-pass");
  setText("login-error", "");
  for (const f of [user, pass]) f.removeAttribute("aria-invalid");
  if (!user.value.trim() || !pass.value) {
    const missing = !user.value.trim() ? user : pass;
    missing.setAttribute("aria-invalid", "true");
    setText("login-error", missing === user ? "Vul uw gebruikersnaam in." : "Vul uw wachtwoord in.");
    missing.focus();
    return;
  }
  $("login-submit").disabled = true;
  try {
    const ok = await api("POST", "/api/v1/auth/login", { username: user.value.trim(), password: pass.value });
    pass.value = "";
    await enter({ kind: "staff", ...ok.staff, must_change_password: ok.must_change_password });
  } catch (e) {
    setText("login-error", nl(e));
    pass.setAttribute("aria-invalid", "true");
    pass.focus();
  } finally {
    $("login-submit").disabled = false;
  }
}

const isAdmin = () => !!state.me && (state.me.roles || []).includes("admin");

async function enter(me) {
  if (me.must_change_password) { showLogin(ERRORS_NL.password_change_required); return; }
  const roles = me.roles || [];
  const admin = roles.includes("admin");
  if (!admin && !roles.includes("manager")) {
    await api("POST", "/api/v1/auth/logout").catch(() => {});
    showLogin("Deze pagina is voor beheerders en diensthoofden. Meld u aan met zo'n account.");
    return;
  }
  state.me = me;
  setText("me-name", me.name);
  $("me").hidden = false;
  $("login").hidden = true;
  $("app").hidden = false;
  // Only an administrator's state is "app": devices.js starts on it.
  document.body.dataset.state = admin ? "app" : "manager";
  for (const section of $("app").querySelectorAll(":scope > section")) {
    section.hidden = !admin && !section.hasAttribute("data-manager");
  }
  let locations = [];
  if (admin) {
    document.title = "Accounts — Beheer — Onthaal";
    await loadServices();
    fillChoices("new-roles", "new-role", ROLES, []);
    await refresh();
    try {
      locations = (await api("GET", "/api/v1/admin/devices/locations")).map((l) => l.key);
    } catch { /* the first location only */ }
    // The page's other sections (services.js, …) start now.
    document.dispatchEvent(new CustomEvent("admin:ready"));
  } else {
    document.title = "Beschikbaarheid — Beheer — Onthaal";
    document.dispatchEvent(new CustomEvent("admin:manager-ready"));
  }
  startLive(locations);
  $("main").focus();
}

/** The services, for the service choices; the ticks given so far stay. */
async function loadServices() {
  try {
    state.services = await api("GET", "/api/v1/services");
  } catch { state.services = []; }
  fillChoices("new-services", "new-service", serviceChoices(), checkedIn("new-services"));
}

async function logout() {
  stopLive();
  try { await api("POST", "/api/v1/auth/logout"); } catch { /* out anyway */ }
  state.me = null;
  fill($("account-rows"));
  showLogin("U bent afgemeld.");
}

// ---------------------------------------------------------------------------------------------
// The list

function serviceChoices() { return state.services.map((s) => [s.key, s.name]); }

function serviceName(key) {
  const s = state.services.find((x) => x.key === key);
  return s ? s.name : key;
}

async function refresh() {
  if (!isAdmin()) return;
  setText("list-error", "");
  try {
    state.accounts = await api("GET", "/api/v1/admin/accounts");
  } catch (e) {
    if (e.status === 401) { showLogin("Uw sessie is verlopen. Meld u opnieuw aan."); return; }
    setText("list-error", nl(e));
    return;
  }
  render();
}

function badges(a) {
  const out = [];
  if (a.active) out.push(el("span", { class: "badge on", text: "actief" }));
  else {
    const by = a.disabled_by === "configuration" ? "niet meer in het configuratiebestand"
      : a.disabled_by === "command line" ? "via de opdrachtregel"
      : a.disabled_by ? `door ${a.disabled_by}` : "";
    out.push(el("span", { class: "badge off", text: "uitgeschakeld" }));
    out.push(el("span", { class: "hint-inline", text: ` ${a.disabled_at ? fmtDateTime(a.disabled_at) : ""} ${by}`.trimEnd() }));
  }
  if (!a.has_password) out.push(el("span", { class: "badge info", text: "nog geen wachtwoord" }));
  else if (a.must_change_password) out.push(el("span", { class: "badge info", text: "eenmalig wachtwoord" }));
  return out;
}

function render() {
  const rows = state.accounts.map((a) => {
    const who = `${a.name} (${a.username})`;
    const actions = [];
    actions.push(el("button", { type: "button", "aria-label": `Wijzigen: ${who}`, onclick: () => openEdit(a), text: "Wijzigen" }));
    actions.push(a.active
      ? el("button", { type: "button", "aria-label": `Uitschakelen: ${who}`, onclick: () => disable(a), text: "Uitschakelen", disabled: state.me && a.id === state.me.id })
      : el("button", { type: "button", "aria-label": `Inschakelen: ${who}`, onclick: () => enable(a), text: "Inschakelen" }));
    actions.push(el("button", { type: "button", "aria-label": `Wachtwoord resetten: ${who}`, onclick: () => reset(a), text: "Wachtwoord resetten" }));
    if (a.active && a.roles.includes("social_worker")) {
      // The dialog is availability.js's.
      actions.push(el("button", { type: "button", "aria-label": `Beschikbaarheid: ${who}`, onclick: () => document.dispatchEvent(new CustomEvent("admin:availability", { detail: a })), text: "Beschikbaarheid" }));
    }
    return el("tr", { class: a.active ? null : "disabled", dataset: { username: a.username } },
      el("td", { text: a.username }),
      el("td", { text: a.name }),
      el("td", { text: a.roles.map((r) => ROLE_NL[r] || r).join(", ") }),
      el("td", { text: a.services.length ? a.services.map(serviceName).join(", ") : "alle" }),
      el("td", {}, badges(a)),
      el("td", { class: "actions" }, actions));
  });
  fill($("account-rows"), rows);
}

// ---------------------------------------------------------------------------------------------
// Forms

/** Check boxes in a fieldset, one per [value, label], those in `checked` ticked. */
function fillChoices(fieldsetId, prefix, choices, checked) {
  const fs = $(fieldsetId);
  const legend = fs.querySelector("legend");
  fill(fs, legend, choices.map(([value, label]) => el("label", {},
    el("input", { type: "checkbox", name: prefix, value, id: `${prefix}-${value}`, checked: checked.includes(value) }),
    label)));
}

function checkedIn(fieldsetId) {
  return [...$(fieldsetId).querySelectorAll("input:checked")].map((i) => i.value);
}

async function create(ev) {
  ev.preventDefault();
  const username = $("new-username"), name = $("new-name");
  setText("new-error", "");
  for (const f of [username, name]) f.removeAttribute("aria-invalid");
  const roles = checkedIn("new-roles");
  const problem = !username.value.trim() ? [username, "Vul een gebruikersnaam in."]
    : !name.value.trim() ? [name, "Vul een naam in."]
    : !roles.length ? [$("new-role-reception"), "Kies minstens één rol."]
    : null;
  if (problem) {
    problem[0].setAttribute("aria-invalid", "true");
    setText("new-error", problem[1]);
    problem[0].focus();
    return;
  }
  $("new-submit").disabled = true;
  try {
    const made = await api("POST", "/api/v1/admin/accounts", {
      username: username.value.trim(), name: name.value.trim(), roles, services: checkedIn("new-services"),
    });
    $("new-form").reset();
    await refresh();
    status(`Account ${made.account.username} gemaakt.`);
    showPassword(made.account, made.one_time_password, $("new-username"));
  } catch (e) {
    const field = e.code === "invalid_username" || e.code === "username_taken" ? username
      : e.code === "invalid_name" ? name : null;
    if (field) field.setAttribute("aria-invalid", "true");
    setText("new-error", nl(e));
    (field || $("new-submit")).focus();
  } finally {
    $("new-submit").disabled = false;
  }
}

function openEdit(a) {
  state.editing = a;
  setText("edit-who", `${a.name} (${a.username})`);
  $("edit-name").value = a.name;
  $("edit-name").removeAttribute("aria-invalid");
  fillChoices("edit-roles", "edit-role", ROLES, a.roles);
  fillChoices("edit-services", "edit-service", serviceChoices(), a.services);
  setText("edit-error", "");
  $("edit-dialog").showModal();
  $("edit-name").focus();
}

async function saveEdit(ev) {
  ev.preventDefault();
  const a = state.editing;
  const name = $("edit-name");
  const roles = checkedIn("edit-roles");
  if (!name.value.trim() || !roles.length) {
    const field = !name.value.trim() ? name : $("edit-role-reception");
    if (field === name) name.setAttribute("aria-invalid", "true");
    setText("edit-error", field === name ? "Vul een naam in." : "Kies minstens één rol.");
    field.focus();
    return;
  }
  $("edit-submit").disabled = true;
  try {
    await api("PATCH", `/api/v1/admin/accounts/${a.id}`, {
      name: name.value.trim(), roles, services: checkedIn("edit-services"),
    });
    $("edit-dialog").close();
    await refresh();
    status(`Account ${a.username} gewijzigd.`);
    focusRow(a.username, "Wijzigen");
  } catch (e) {
    setText("edit-error", nl(e));
  } finally {
    $("edit-submit").disabled = false;
  }
}

async function disable(a) {
  const sure = await confirmDialog(`${a.name} uitschakelen?`,
    `${a.username} kan zich dan niet meer aanmelden, en wie nu aangemeld is, wordt meteen afgemeld. U kunt het account later weer inschakelen.`,
    "Uitschakelen");
  if (!sure) { focusRow(a.username, "Uitschakelen"); return; }
  await act(a, "disable", `Account ${a.username} uitgeschakeld.`, "Inschakelen");
}

async function enable(a) {
  await act(a, "enable", `Account ${a.username} ingeschakeld.`, "Uitschakelen");
}

async function act(a, action, done, focusAfter) {
  try {
    await api("POST", `/api/v1/admin/accounts/${a.id}/${action}`);
    await refresh();
    status(done);
    focusRow(a.username, focusAfter);
  } catch (e) {
    setText("list-error", nl(e));
    await refresh();
  }
}

async function reset(a) {
  const sure = await confirmDialog(`Wachtwoord van ${a.name} resetten?`,
    `${a.username} krijgt een eenmalig wachtwoord en wordt overal afgemeld. Bij de volgende aanmelding kiest de medewerker een eigen wachtwoord.`,
    "Resetten");
  if (!sure) { focusRow(a.username, "Wachtwoord resetten"); return; }
  try {
    const r = await api("POST", `/api/v1/admin/accounts/${a.id}/reset-password`);
    await refresh();
    status(`Nieuw eenmalig wachtwoord voor ${a.username}.`);
    showPassword(r.account, r.one_time_password, null);
  } catch (e) {
    setText("list-error", nl(e));
  }
}

/** Shows a one-time password once; afterwards focus goes to `back` or the account's row. */
function showPassword(account, password, back) {
  const d = $("password-dialog");
  setText("password-text", `Het eenmalige wachtwoord van ${account.name} (${account.username}):`);
  setText("one-time-password", password);
  d.addEventListener("close", () => {
    setText("one-time-password", "");
    if (back) back.focus(); else focusRow(account.username, "Wachtwoord resetten");
  }, { once: true });
  d.showModal();
  $("password-close").focus();
}

async function copyPassword() {
  try {
    await navigator.clipboard.writeText($("one-time-password").textContent);
    setText("password-copy", "Gekopieerd");
  } catch {
    setText("password-copy", "Kopiëren lukte niet: selecteer het wachtwoord");
  }
  setTimeout(() => setText("password-copy", "Kopiëren"), 3000);
}

/** Puts focus on a button of an account's row, after the list was drawn again. */
function focusRow(username, label) {
  const row = [...$("account-rows").children].find((r) => r.dataset.username === username);
  const btn = row && [...row.querySelectorAll("button")].find((b) => b.textContent === label && !b.disabled);
  if (btn) btn.focus();
}

function bind() {
  $("login-form").addEventListener("submit", login);
  $("logout").addEventListener("click", logout);
  $("new-form").addEventListener("submit", create);
  $("edit-form").addEventListener("submit", saveEdit);
  $("edit-cancel").addEventListener("click", () => { $("edit-dialog").close(); focusRow(state.editing.username, "Wijzigen"); });
  $("password-copy").addEventListener("click", copyPassword);
  document.addEventListener("admin:accounts-changed", refresh);
  document.addEventListener("admin:changed", async (ev) => {
    if (!isAdmin()) return;
    // A new or renamed service is offered in the forms (an open dialog keeps its ticks).
    if (concerns(ev, "configuration")) await loadServices();
    if (concerns(ev, "accounts", "configuration")) await keepingFocus($("account-rows"), refresh);
  });
  document.addEventListener("admin:session-ended", () => {
    if (!state.me) return;
    state.me = null;
    stopLive();
    showLogin("Uw sessie is beëindigd. Meld u opnieuw aan.");
  });
}

boot();
