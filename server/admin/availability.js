// The social workers' weekly hours, for administrators and managers (diensthoofden): the weekly
// hours appointments can be booked with each social worker and the services they take
// appointments for (GET /api/v1/admin/availability, GET and PUT
// /api/v1/admin/staff/{username}/availability). The server checks the hours with the
// configuration file's rules and says what is wrong; online booking offers the new hours at
// once. The section "Beschikbaarheid" (the one a manager's /admin shows) lists every social
// worker; the dialog is built here, so the page's HTML stays as it is.
//
// The dialog opens from this section's list, and from Accounts: admin.js asks for it with an
// "admin:availability" event (the account as detail) and draws its list again on
// "admin:accounts-changed". The list reads itself again on "admin:changed" (live.js).

import { $, api, el, fill, WEEKDAYS_NL } from "/web/common.js";
import { concerns, keepingFocus } from "/admin/live.js";

const DAYS = WEEKDAYS_NL;
const ERRORS_NL = {
  network: "Geen verbinding met de server. Kijk het netwerk na en probeer opnieuw.",
  forbidden: "Enkel een beheerder of diensthoofd beheert de beschikbaarheid.",
  not_found: "Dat account bestaat niet (meer) of is uitgeschakeld.",
  not_a_social_worker: "Enkel maatschappelijk werkers hebben uren voor afspraken.",
  invalid_configuration: "Dat kan zo niet",
};

const state = { account: null, services: [], workers: [], opener: null, drawn: false };
const SHORT = { mon: "ma", tue: "di", wed: "wo", thu: "do", fri: "vr", sat: "za", sun: "zo" };

function nl(e) {
  const lead = ERRORS_NL[e.code];
  // The server's words are the configuration file's: they name the day and the reason.
  if (e.code === "invalid_configuration") return `${lead}: ${e.message}`;
  return lead || e.message || `De server antwoordde ${e.status}.`;
}

function say(text) {
  const s = $("status");
  s.textContent = "";
  setTimeout(() => { s.textContent = text; }, 30);
}

/** The dialog, once, at the end of the page. */
function build() {
  const dialog = el("dialog", { id: "availability-dialog", "aria-labelledby": "availability-title" },
    el("form", { id: "availability-form", method: "dialog", novalidate: true },
      el("h2", { id: "availability-title", text: "Beschikbaarheid" }),
      el("p", { id: "availability-who", class: "note" }),
      el("fieldset", { id: "availability-hours", class: "group" },
        el("legend", { text: "Uren voor afspraken per week" }),
        el("p", { id: "availability-hours-hint", class: "hint", text: "Zoals 08:30-12:00, 13:00-16:00. Leeg: geen afspraken die dag. Geen enkele dag: deze maatschappelijk werker wordt niet aangeboden." }),
        DAYS.map(([d, label]) => el("div", { class: "field inline" },
          el("label", { for: `availability-${d}`, text: label }),
          el("input", { id: `availability-${d}`, autocomplete: "off", "aria-describedby": "availability-hours-hint" })))),
      el("fieldset", { id: "availability-services", class: "choices" },
        el("legend", { text: "Diensten voor afspraken (geen: alle diensten)" })),
      el("p", { id: "availability-error", class: "error", role: "alert" }),
      el("div", { class: "form-actions" },
        el("button", { type: "submit", class: "primary", id: "availability-submit", value: "save", text: "Opslaan" }),
        el("button", { type: "button", id: "availability-cancel", text: "Annuleren" }))));
  document.body.append(dialog);
  $("availability-form").addEventListener("submit", save);
  // An old reason would contradict what is being corrected.
  $("availability-form").addEventListener("input", () => { $("availability-error").textContent = ""; });
  $("availability-cancel").addEventListener("click", () => { $("availability-dialog").close(); back(); });
}

/** Focus back on the button that opened the dialog (found again by its label when the list
 *  was drawn again meanwhile). */
function back() {
  const o = state.opener;
  if (o && document.contains(o)) { o.focus(); return; }
  const label = o && o.getAttribute("aria-label");
  const again = label && [...document.querySelectorAll("button")].find((b) => b.getAttribute("aria-label") === label);
  if (again) again.focus();
}

// ---------------------------------------------------------------------------------------------
// The list

function draw() {
  fill($("availability"),
    el("h2", { id: "availability-list-title", text: "Beschikbaarheid" }),
    el("p", { class: "hint", text: "De uren per week waarop elke maatschappelijk werker afspraken krijgt, en voor welke diensten. Een wijziging geldt meteen voor online boeken, op elke server." }),
    el("div", { class: "table-wrap" },
      el("table", { id: "availability-table" },
        el("caption", { class: "sr-only", text: "Maatschappelijk werkers en hun uren voor afspraken" }),
        el("thead", {}, el("tr", {},
          el("th", { scope: "col", text: "Naam" }),
          el("th", { scope: "col", text: "Uren per week" }),
          el("th", { scope: "col", text: "Diensten" }),
          el("th", { scope: "col", text: "Acties" }))),
        el("tbody", { id: "availability-rows" }))),
    el("p", { id: "availability-list-error", class: "error", role: "alert" }));
  state.drawn = true;
}

/** The week, one line per day with hours (a span is never broken over two lines). */
function hoursLines(hours) {
  const days = DAYS.filter(([d]) => (hours[d] || []).length);
  if (!days.length) return [el("span", { text: "geen uren: niet aangeboden voor afspraken" })];
  return days.map(([d]) => el("div", { class: "nowrap", text: `${SHORT[d]} ${hours[d].join(", ")}` }));
}

async function refresh() {
  $("availability-list-error").textContent = "";
  try {
    [state.workers, state.services] = await Promise.all([
      api("GET", "/api/v1/admin/availability"),
      api("GET", "/api/v1/services"),
    ]);
  } catch (e) {
    if (e.status === 401) return; // admin.js shows the login
    $("availability-list-error").textContent = nl(e);
    return;
  }
  const serviceName = (k) => (state.services.find((s) => s.key === k) || { name: k }).name;
  fill($("availability-rows"), state.workers.map((w) => {
    const who = `${w.name} (${w.username})`;
    return el("tr", { dataset: { username: w.username } },
      el("td", { text: who }),
      el("td", {}, hoursLines(w.hours)),
      el("td", { text: w.services.length ? w.services.map(serviceName).join(", ") : "alle" }),
      el("td", { class: "actions" },
        el("button", { type: "button", "aria-label": `Beschikbaarheid wijzigen: ${who}`, onclick: () => openDialog(w), text: "Wijzigen" })));
  }));
}

// ---------------------------------------------------------------------------------------------
// The dialog

function openDialog(a) {
  if (!built) { build(); built = true; }
  open(a);
}

async function open(a) {
  state.account = a;
  state.opener = document.activeElement;
  let now;
  try {
    [now, state.services] = await Promise.all([
      api("GET", `/api/v1/admin/staff/${encodeURIComponent(a.username)}/availability`),
      api("GET", "/api/v1/services"),
    ]);
  } catch (e) {
    say(nl(e));
    return;
  }
  $("availability-title").textContent = `Beschikbaarheid van ${a.name}`;
  $("availability-who").textContent = `Maatschappelijk werker ${a.username}. Online boeken toont de nieuwe uren meteen.`;
  for (const [d] of DAYS) $(`availability-${d}`).value = (now.hours[d] || []).join(", ");
  const fs = $("availability-services");
  fill(fs, fs.querySelector("legend"), state.services.map((s) => el("label", { class: "choice" },
    el("input", { type: "checkbox", id: `availability-service-${s.key}`, value: s.key, checked: now.services.includes(s.key) }),
    " ", s.name)));
  $("availability-error").textContent = "";
  $("availability-dialog").showModal();
  $("availability-mon").focus();
}

async function save(ev) {
  ev.preventDefault();
  const hours = {};
  for (const [d] of DAYS) {
    const list = $(`availability-${d}`).value.split(/[,;]/).map((x) => x.trim()).filter(Boolean);
    if (list.length) hours[d] = list;
  }
  const services = [...$("availability-services").querySelectorAll("input:checked")].map((i) => i.value);
  const a = state.account;
  $("availability-submit").disabled = true;
  try {
    await api("PUT", `/api/v1/admin/staff/${encodeURIComponent(a.username)}/availability`, { hours, services });
    $("availability-dialog").close();
    document.dispatchEvent(new CustomEvent("admin:accounts-changed"));
    if (state.drawn) await keepingFocus($("availability-rows"), refresh);
    say(Object.keys(hours).length
      ? `Beschikbaarheid van ${a.name} bewaard. Online boeken toont de nieuwe uren meteen.`
      : `Beschikbaarheid van ${a.name} bewaard: geen uren, dus niet meer aangeboden voor afspraken.`);
    setTimeout(back, 100);
  } catch (e) {
    $("availability-error").textContent = nl(e);
    // Focus on the day the server names, when it names one.
    const day = DAYS.find(([d]) => (e.message || "").includes(`availability.${d}`));
    if (day) $(`availability-${day[0]}`).focus();
  } finally {
    $("availability-submit").disabled = false;
  }
}

let built = false;
document.addEventListener("admin:availability", (ev) => openDialog(ev.detail));
for (const ready of ["admin:ready", "admin:manager-ready"]) {
  document.addEventListener(ready, () => { draw(); refresh(); });
}
// Hours changed elsewhere (another manager, an import) show at once; an open dialog keeps what
// is being typed in it.
document.addEventListener("admin:changed", (ev) => {
  if (state.drawn && concerns(ev, "configuration", "accounts")) keepingFocus($("availability-rows"), refresh);
});
