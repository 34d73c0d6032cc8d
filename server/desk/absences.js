// The desk app's absences (afwezigheden): reception, managers and admins report a social worker
// absent today or from one day to another. Before anything is saved the app asks the server
// which booked appointments that touches (POST /absences/preview) and, for each, offers only
// the colleagues who are free the whole time, the team when it can take it, or cancelling with
// a reason. Saving (POST /absences) moves or cancels them in one go; clients with an e-mail
// address get one, and the others are shown here and printed at the reception to phone.
//
// A social worker sees their own absences (read-only). The list follows live frames
// (absence_* events) so every desk sees a new absence at once.

import { $, el, fill, fmtDate, fmtDateTime, isoDay } from "/web/common.js";
import { S, api, nl, hasRole, staffName, svcName, setText, announce } from "./state.js";

const PLANNERS = ["reception", "manager", "admin"];
const B = { preview: null, list: [], loaded: false, busy: false };

/** Whether the account records absences (else, a social worker, only reads their own). */
const plans = () => hasRole(PLANNERS);
export const mayReadAbsences = () => hasRole([...PLANNERS, "social_worker"]);

/** Does a WebSocket frame change absences (or the appointments they move)? */
export function touchesAbsences(f) {
  return typeof f.event === "string" && f.event.startsWith("absence_");
}

export function absencesChanged() {
  if (S.screen === "absences") loadList();
}

function absenceNl(err) {
  switch (err.code) {
    case "invalid_dates": return "Kijk de data na: de laatste dag mag niet voor de eerste liggen, een afwezigheid duurt hoogstens een jaar en begint hoogstens een maand geleden.";
    case "unknown_staff": return "Kies een maatschappelijk werker uit de lijst.";
    case "invalid_note": return "Houd de opmerking onder 200 tekens.";
    case "invalid_reason": return "Geef bij elke annulering een korte reden (hoogstens 200 tekens).";
    case "invalid_action": return "Kies voor elke afspraak wat ermee gebeurt.";
    case "appointments_changed": return "De afspraken zijn intussen gewijzigd. Bekijk ze opnieuw.";
    case "slot_taken": return "Die collega is intussen niet meer vrij op dat uur. Bekijk de afspraken opnieuw en kies iemand anders.";
    case "team_full": return "Het team heeft op dat uur niemand meer vrij. Kies iets anders.";
    case "staff_absent": case "staff_unavailable": return "Die collega werkt niet op dat uur. Kies iemand anders.";
    case "in_configuration_file": return "Deze afwezigheid staat in het configuratiebestand; pas ze daar aan.";
    default: return nl(err);
  }
}

const workers = () => S.staff.filter((s) => s.roles.includes("social_worker"));

export function prepareAbsences() {
  const form = $("absence-form");
  form.hidden = !plans();
  if (plans() && !form.dataset.ready) {
    form.dataset.ready = "1";
    fill($("absence-staff"), workers().map((w) => el("option", { value: w.id }, w.name)));
    const today = isoDay(new Date());
    $("absence-from").value = today;
    $("absence-to").value = today;
    for (const r of document.querySelectorAll('input[name="absence-when"]')) r.addEventListener("change", whenChanged);
    form.addEventListener("submit", check);
    for (const id of ["absence-staff", "absence-from", "absence-to"]) $(id).addEventListener("change", forgetPreview);
    $("absence-save").addEventListener("click", save);
    $("absence-back").addEventListener("click", () => { forgetPreview(); $("absence-check").focus(); });
  }
  loadList();
}

function whenChanged() {
  $("absence-dates").hidden = !$("absence-range").checked;
  forgetPreview();
}

function forgetPreview() {
  B.preview = null;
  $("absence-touched").hidden = true;
  setText("absence-error", "");
}

/** The absence as the form says it. */
function request() {
  const staff = Number($("absence-staff").value);
  const today = isoDay(new Date());
  const range = $("absence-range").checked;
  const from = range ? $("absence-from").value : today;
  const to = range ? $("absence-to").value : today;
  const note = $("absence-note").value.trim();
  return { staff, from, to, ...(note ? { note } : {}) };
}

async function check(ev) {
  ev.preventDefault();
  setText("absence-error", "");
  $("absence-result").hidden = true;
  const req = request();
  if (!req.from || !req.to) { setText("absence-error", "Vul de eerste en de laatste dag in."); return; }
  if (req.to < req.from) { setText("absence-error", "De laatste dag ligt voor de eerste dag."); return; }
  try {
    B.preview = { req, answer: await api("POST", "/api/v1/absences/preview", req) };
  } catch (e) {
    setText("absence-error", absenceNl(e));
    return;
  }
  renderPreview();
}

/** One appointment the absence touches, with the choice of what becomes of it. */
function touchedItem(t, i) {
  const a = t.appointment;
  const id = `absence-act-${a.id}`;
  const who = a.contact && (a.contact.name || a.contact.phone || a.contact.email);
  const options = [
    ...t.free_colleagues.map((c) => el("option", { value: `colleague:${c.id}` }, `Naar ${c.name}`)),
    t.team_free ? el("option", { value: "team" }, "Naar het team") : null,
    el("option", { value: "cancel" }, "Annuleren"),
  ];
  const select = el("select", { id, dataset: { appointment: a.id } }, options);
  const reasonField = el("div", { class: "field", hidden: true },
    el("label", { for: `${id}-reason` }, "Reden van de annulering"),
    el("input", { id: `${id}-reason`, maxlength: 200, value: "Maatschappelijk werker afwezig" }));
  const sync = () => { reasonField.hidden = select.value !== "cancel"; };
  select.addEventListener("change", sync);
  queueMicrotask(sync);
  const none = t.free_colleagues.length === 0 && !t.team_free;
  return el("li", { class: "absence-item" },
    el("p", { class: "absence-what" },
      el("strong", {}, fmtDateTime(a.start)), ` · ${svcName(a.service)} · `, who || "(geen contactgegevens)",
      a.contact && a.contact.email ? el("span", { class: "hint small" }, " · e-mailadres bekend") : el("span", { class: "hint small" }, " · geen e-mailadres: wordt gebeld")),
    none ? el("p", { class: "hint small" }, "Geen collega en geen team vrij op dat uur.") : null,
    el("div", { class: "field" }, el("label", { for: id }, `Wat met afspraak ${i + 1}?`), select),
    reasonField);
}

function renderPreview() {
  const { req, answer } = B.preview;
  const n = answer.touched.length;
  const name = staffName(req.staff);
  const days = answer.from === answer.to ? fmtDate(answer.from) : `${fmtDate(answer.from)} tot en met ${fmtDate(answer.to)}`;
  setText("absence-touched-title", n === 0
    ? `${name} heeft geen geboekte afspraken op ${days}.`
    : `${name} heeft ${n} ${n === 1 ? "afspraak" : "afspraken"} op ${days}:`);
  fill($("absence-touched-list"), answer.touched.map(touchedItem));
  $("absence-touched").hidden = false;
  $("absence-touched-title").focus();
}

async function save() {
  if (!B.preview || B.busy) return;
  setText("absence-error", "");
  const actions = [];
  for (const s of $("absence-touched-list").querySelectorAll("select")) {
    const appointment = Number(s.dataset.appointment);
    if (s.value === "team") actions.push({ appointment, action: "team" });
    else if (s.value === "cancel") {
      const reason = $(`${s.id}-reason`).value.trim();
      if (!reason) { setText("absence-error", "Geef bij elke annulering een korte reden."); $(`${s.id}-reason`).focus(); return; }
      actions.push({ appointment, action: "cancel", reason });
    } else actions.push({ appointment, action: "colleague", staff: Number(s.value.split(":")[1]) });
  }
  B.busy = true;
  $("absence-save").disabled = true;
  try {
    const done = await api("POST", "/api/v1/absences", { ...B.preview.req, actions });
    forgetPreview();
    $("absence-note").value = "";
    renderResult(done);
    loadList();
  } catch (e) {
    setText("absence-error", absenceNl(e));
  } finally {
    B.busy = false;
    $("absence-save").disabled = false;
  }
}

const WHAT = (o) => o.action === "colleague" ? `Naar ${o.appointment.staff_name}`
  : o.action === "team" ? "Naar het team" : `Geannuleerd: ${o.reason}`;

function renderResult(done) {
  const mailed = done.outcomes.filter((o) => o.emailed).length;
  const toCall = done.outcomes.filter((o) => !o.emailed);
  const a = done.absence;
  setText("absence-result-summary",
    `${a.staff_name} is afwezig van ${fmtDate(a.from)} tot en met ${fmtDate(a.to)}. `
    + `${done.outcomes.length} ${done.outcomes.length === 1 ? "afspraak" : "afspraken"} aangepast; ${mailed} per e-mail verwittigd.`);
  fill($("absence-call"), toCall.length === 0 ? null : [
    el("h3", {}, "Nog te bellen"),
    el("table", { class: "absence-call" },
      el("caption", { class: "sr-only" }, "Cliënten zonder e-mail: bel hen"),
      el("thead", {}, el("tr", {}, ["Naam", "Telefoon", "Was", "Wat"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, toCall.map((o) => el("tr", {},
        el("td", {}, (o.appointment.contact && o.appointment.contact.name) || "(geen naam)"),
        el("td", {}, (o.appointment.contact && o.appointment.contact.phone) || "(geen telefoon)"),
        el("td", {}, fmtDateTime(o.appointment.start)),
        el("td", {}, WHAT(o)))))),
  ]);
  setText("absence-print-note", toCall.length === 0 ? ""
    : done.printed ? `De lijst is afgedrukt op ${done.printed.printer}.`
    : `De lijst kon niet worden afgedrukt: ${done.print_error || "geen printer"}.`);
  $("absence-result").hidden = false;
  $("absence-result-title").focus();
  announce(`Afwezigheid van ${a.staff_name} opgeslagen.`);
}

async function loadList() {
  setText("absence-list-error", "");
  try {
    B.list = await api("GET", "/api/v1/absences");
    B.loaded = true;
  } catch (e) {
    setText("absence-list-error", absenceNl(e));
    return;
  }
  renderList();
}

async function endOrRemove(a, how) {
  setText("absence-list-error", "");
  try {
    if (how === "remove") await api("DELETE", `/api/v1/absences/${a.id}`);
    else await api("PATCH", `/api/v1/absences/${a.id}`, { to: isoDay(new Date()) });
    setText("absence-list-status", how === "remove" ? `Afwezigheid van ${a.staff_name} verwijderd.` : `Afwezigheid van ${a.staff_name} eindigt vandaag.`);
    announce($("absence-list-status").textContent);
    loadList();
  } catch (e) {
    setText("absence-list-error", absenceNl(e));
  }
}

function renderList() {
  const today = isoDay(new Date());
  if (B.list.length === 0) {
    fill($("absence-list"), el("p", { class: "hint" }, plans() ? "Niemand is afwezig vandaag of later." : "U hebt geen afwezigheden vandaag of later."));
    return;
  }
  const actions = (a) => {
    if (!plans()) return null;
    if (a.source === "configuration") return el("span", { class: "hint small" }, "uit het configuratiebestand");
    return [
      a.from <= today && a.to > today
        ? el("button", { type: "button", class: "small", onclick: () => endOrRemove(a, "end") }, `Laatste dag vandaag`, el("span", { class: "sr-only" }, ` (${a.staff_name})`))
        : null,
      el("button", { type: "button", class: "small", onclick: () => endOrRemove(a, "remove") }, "Verwijderen", el("span", { class: "sr-only" }, ` (${a.staff_name}, ${fmtDate(a.from)})`)),
    ];
  };
  fill($("absence-list"), el("table", { class: "absence-table" },
    el("caption", { class: "sr-only" }, "Afwezigheden vandaag en later"),
    el("thead", {}, el("tr", {}, ["Maatschappelijk werker", "Van", "Tot en met", "Opmerking", "Gemeld door", plans() ? "Acties" : null]
      .filter(Boolean).map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, B.list.map((a) => el("tr", {},
      el("td", {}, a.staff_name),
      el("td", {}, fmtDate(a.from)),
      el("td", {}, fmtDate(a.to)),
      el("td", {}, a.note || ""),
      el("td", {}, a.recorded_by ? `${a.recorded_by}, ${fmtDateTime(a.recorded_at)}` : "configuratiebestand"),
      plans() ? el("td", { class: "absence-actions" }, actions(a)) : null)))));
}
