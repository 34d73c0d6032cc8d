// The desk app's appointments: booking (at the desk, from the calendar, or as the ID-team's
// internal referral), today's appointments next to the walk-in queues, and a social worker's
// calendar by day and week with cancel, move and no-show, plus the secret iCalendar address.
//
// Shares the desk's state and helpers (state.js) and exports the hooks desk.js calls. The
// lists are fetched from the REST API and fetched again whenever a WebSocket frame touches an
// appointment (appointment_* events, or a ticket of the appointment channel), so every desk
// sees a booking, a check-in at the kiosk or a cancellation at once.
//
// Times are shown as the server sends them: in the location's own time (the offset is in the
// string), so a desk in another time zone still reads the hour the client was told.

import { $, el, fill, fmtDate, isoDay, pad } from "/web/common.js";
import {
  S, api, nl, hasRole, canWork, desk, staffName, svcName, svcShort, isTriageService, setText,
  announce, note, upsert, scheduleRender, current, finishVisit, langNl,
} from "./state.js";

const A = {
  today: [],            // today's appointments at this location
  todayLoaded: false,
  reloadTimer: null,
  cal: { staff: null, view: "day", date: null, list: [] },
  confirmCancel: null,  // the appointment whose cancel button asks "are you sure?"
  book: { mode: "desk", ticket: null, booked: null, slotsReq: 0, dropped: null },
  move: { appt: null, slotsReq: 0 },
};

const APPT_STATE_NL = {
  booked: "geboekt", arrived: "aangekomen", called: "opgeroepen", served: "geholpen",
  no_show: "niet gekomen", cancelled: "geannuleerd",
};
// A sign next to the word, so the state never rests on colour alone.
const APPT_STATE_ICON = { booked: "○", arrived: "●", called: "📣", served: "✔", no_show: "✖", cancelled: "⊘" };
const WEEKDAYS_NL = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"];

// ---------------------------------------------------------------------------------------------
// Dates: plain YYYY-MM-DD strings, computed in UTC so no time zone can shift a day.

function ymdToUtc(ymd) { const [y, m, d] = ymd.split("-").map(Number); return new Date(Date.UTC(y, m - 1, d)); }
function utcToYmd(d) { return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`; }
function addDays(ymd, n) { const d = ymdToUtc(ymd); d.setUTCDate(d.getUTCDate() + n); return utcToYmd(d); }
/** 0 = Monday … 6 = Sunday. */
function weekdayOf(ymd) { return (ymdToUtc(ymd).getUTCDay() + 6) % 7; }
function mondayOf(ymd) { return addDays(ymd, -weekdayOf(ymd)); }
function dayLabel(ymd) { return `${WEEKDAYS_NL[weekdayOf(ymd)]} ${fmtDate(ymd)}`; }
/** The local wall-clock hour of an RFC 3339 time with offset, as the server sent it. */
function hhmm(iso) { return String(iso).slice(11, 16); }
function dayOfIso(iso) { return String(iso).slice(0, 10); }
function todayYmd() { return isoDay(new Date()); }

const withWhom = (a) => a.staff_name || `team ${svcShort(a.service)}`;
const apptState = (a) => el("span", { class: `tag appt-state st-${a.state}` },
  el("span", { "aria-hidden": "true", text: `${APPT_STATE_ICON[a.state] || ""} ` }), APPT_STATE_NL[a.state] || a.state);

/** The server's appointment errors in plain Dutch; the rest as desk.js says them. */
function nlAppt(err) {
  switch (err.code) {
    case "slot_taken": {
      const m = err.message || "";
      const what = m.includes("room") ? "Die plaats is intussen op dat uur geboekt."
        : m.includes("needed then for an appointment of their team") ? "Die maatschappelijk werker is dan nodig voor een afspraak met het team."
        : m.includes("every social worker of the team") ? "Het team is op dat uur volzet."
        : "Dat uur is intussen geboekt.";
      return `${what} De vrije uren zijn bijgewerkt: kies een ander uur.`;
    }
    case "in_past": return "Dat uur is al voorbij. Kies een later uur.";
    case "outside_opening_hours": return "Dat uur valt buiten de openingsuren van de dienst.";
    case "holiday": return "Die dag is een feestdag: de dienst is gesloten.";
    case "closed": return "De dienst is gesloten op die dag.";
    case "staff_absent": return "De maatschappelijk werker is afwezig op die dag.";
    case "staff_unavailable": return "De maatschappelijk werker werkt niet op dat uur.";
    case "team_unavailable": return "Niemand van het team werkt op dat uur. De vrije uren zijn bijgewerkt: kies een ander uur.";
    case "staff_not_for_service": return "Die maatschappelijk werker doet geen afspraken voor deze dienst. Kies iemand van de dienst, of het team.";
    case "invalid_duration": return "Een afspraak duurt 5 minuten tot 8 uur.";
    case "invalid_contact": return contactProblem(err.message);
    case "invalid_range": case "invalid_date": return "Kies een geldige datum.";
    case "not_started": return "De afspraak is nog niet begonnen: ‘niet gekomen’ kan pas vanaf het begin.";
    case "invalid_transition": return "Dat kan niet meer: de afspraak is intussen gewijzigd (aangekomen, geannuleerd of voorbij). De lijst is bijgewerkt.";
    case "appointment_not_booked": return "Deze afspraak is niet meer geboekt (aangekomen, geannuleerd of voorbij).";
    case "unknown_appointment": return "Die afspraak bestaat hier niet.";
    case "unknown_staff": return "Kies een maatschappelijk werker uit de lijst.";
    case "unknown_desk": return "Kies een plaats uit de lijst.";
    default: return nl(err);
  }
}

/** Which contact field the server refused, from its (English) sentence. */
function contactField(message) {
  const m = String(message || "");
  if (m.includes("phone")) return "book-phone";
  if (m.includes("e-mail")) return "book-email";
  if (m.includes("name")) return "book-name";
  return null;
}

function contactProblem(message) {
  switch (contactField(message)) {
    case "book-phone": return "Een telefoonnummer bevat enkel cijfers, spaties en + - . / ( ).";
    case "book-email": return "Dat is geen e-mailadres (bv. naam@voorbeeld.be).";
    case "book-name": return "Houd de naam onder 100 tekens.";
    default: return "Kijk de contactgegevens na.";
  }
}

// ---------------------------------------------------------------------------------------------
// Hooks desk.js calls

export function forgetAppointments() {
  A.today = []; A.todayLoaded = false; A.cal.list = []; A.confirmCancel = null;
  clearTimeout(A.reloadTimer);
}

/** Does a WebSocket frame change an appointment (booked, moved, cancelled, checked in, …)? */
export function touchesAppointments(f) {
  if (typeof f.event === "string" && f.event.startsWith("appointment")) return true;
  if (f.ticket && f.ticket.channel === "appointment") return true;
  if (f.type === "called" && f.ticket) {
    const t = S.tickets.get(f.ticket.id);
    return !!t && t.channel === "appointment";
  }
  return false;
}

/** Fetch the lists again, once for a burst of frames. */
export function appointmentsChanged() {
  clearTimeout(A.reloadTimer);
  A.reloadTimer = setTimeout(() => {
    if (!S.me || !canWork()) return;
    loadToday();
    if (S.screen === "calendar") loadCalendar();
  }, 120);
}

// ---------------------------------------------------------------------------------------------
// Today's appointments, next to the walk-in queues

async function loadToday() {
  try {
    A.today = await api("GET", `/api/v1/appointments?date=${todayYmd()}`);
    A.todayLoaded = true;
    setText("today-error", "");
  } catch (e) {
    if (e.code !== "unauthorized") setText("today-error", `De afspraken van vandaag zijn niet geladen: ${nlAppt(e)}`);
  }
  scheduleRender();
}

export function renderToday() {
  const box = $("today");
  box.hidden = !canWork();
  if (box.hidden) return;
  const list = A.today;
  const open = list.filter((a) => ["booked", "arrived", "called"].includes(a.state));
  const arrived = list.filter((a) => a.state === "arrived").length;
  fill($("today-summary"),
    el("strong", { text: String(list.length) }), list.length === 1 ? " afspraak" : " afspraken",
    open.length !== list.length ? ` · ${open.length} nog te gaan` : null,
    arrived ? [" · ", el("strong", { text: String(arrived) }), " aangekomen"] : null);
  if (!A.todayLoaded) { fill($("today-list"), el("p", { class: "queue-empty", text: "Laden…" })); return; }
  if (!list.length) { fill($("today-list"), el("p", { class: "queue-empty", text: "Geen afspraken vandaag." })); return; }
  const now = Date.now();
  fill($("today-list"), el("table", { class: "tickets appts" },
    el("caption", { class: "sr-only", text: "Afspraken vandaag, met hun toestand" }),
    el("thead", {}, el("tr", {},
      ["Uur", "Code", "Met", "Dienst", "Plaats", "Toestand"].map((h) => el("th", { scope: "col", text: h })),
      el("th", { scope: "col" }, el("span", { class: "sr-only", text: "Actie" })))),
    el("tbody", {}, list.map((a) => el("tr", { dataset: { appointment: a.id, state: a.state } },
      el("td", { class: "time", text: `${hhmm(a.start)}–${hhmm(a.end)}` }),
      el("td", { class: "code", text: a.code }),
      el("td", { text: withWhom(a) }),
      el("td", { text: svcShort(a.service) }),
      el("td", { text: a.desk ? a.desk.name : "—" }),
      el("td", {}, apptState(a), a.ticket_number ? el("span", { class: "tag", text: a.ticket_number }) : null),
      el("td", { class: "act" },
        a.state === "booked" ? el("button", {
          type: "button", class: "small", "aria-label": `Bevestiging afdrukken: ${a.code}`,
          dataset: { focusKey: `today-print-${a.id}` }, onclick: (e) => printFromList(a, e.currentTarget),
        }, "Bevestiging") : null,
        a.state === "booked" && Date.parse(a.start) <= now ? el("button", {
          type: "button", class: "small", "aria-label": `Niet gekomen: ${a.code}`,
          dataset: { focusKey: `today-noshow-${a.id}` }, onclick: () => apptAction(a, "no-show"),
        }, "Niet gekomen") : null))))));
}

async function printFromList(a, button) {
  button.disabled = true;
  setText("today-error", "");
  try {
    const printed = await api("POST", `/api/v1/appointments/${a.id}/print`, {});
    note(`De bevestiging van afspraak ${a.code} ligt op ${printed.printer}.`);
  } catch (e) {
    setText("today-error", `Bevestiging ${a.code} niet afgedrukt: ${nlAppt(e)}`);
  } finally {
    button.disabled = false;
  }
}

// ---------------------------------------------------------------------------------------------
// The booking dialog

export function resetBooking() {
  $("book-form").reset();
  for (const id of ["book-error", "book-slots-note", "book-print-error", "book-which"]) setText(id, "");
  $("book-slots").replaceChildren();
  for (const e of $("book-form").querySelectorAll("[aria-invalid]")) e.removeAttribute("aria-invalid");
  A.book = { mode: "desk", ticket: null, booked: null, slotsReq: 0, dropped: null };
  delete $("book-dialog").dataset.filled;
}

const option = (value, text) => el("option", { value }, text);

/** Whether a staff member takes appointments for a service (none listed: every service). */
const takesService = (s, service) => !(s.services && s.services.length) || s.services.includes(service);

/** Reception, the ID-team and admins book and act for every client; a social worker only for
 * their own clients and their teams' (the server refuses the rest with 403). */
const booksForEveryone = () => hasRole(["reception", "id_team", "admin"]);
/** The signed-in social worker as `GET /staff` lists them (with their services). */
const meAsStaff = () => (S.me && S.staff.find((s) => s.id === S.me.id)) || null;
/** Whether the signed-in user may book `service` (with themselves or its team). */
const mayBookService = (service) => booksForEveryone() || (!!meAsStaff() && takesService(meAsStaff(), service));

/** The "Met" choice for the chosen service: the team, or one of its own social workers.
 * Keeps `wanted` when they take the service; else the team, and returns the wanted one's name
 * so the dialog can say why. */
function fillBookStaff(wanted) {
  const service = $("book-service").value;
  const own = S.staff.filter((s) => s.roles.includes("social_worker") && takesService(s, service)
    && (booksForEveryone() || s.id === S.me.id));
  $("book-staff").replaceChildren(option("", "Team: elke maatschappelijk werker van de dienst"),
    ...own.map((s) => option(s.id, s.name)));
  const kept = own.some((s) => String(s.id) === String(wanted));
  $("book-staff").value = kept ? String(wanted) : "";
  return wanted && !kept ? staffName(Number(wanted)) : null;
}

/** Opens the dialog. What was typed before a failed or abandoned attempt is still there. */
function openBooking({ mode = "desk", ticket = null, staff = null, date = null } = {}) {
  const dlg = $("book-dialog");
  if (A.book.booked) resetBooking();
  const fresh = !dlg.dataset.filled || A.book.mode !== mode || (mode === "triage" && A.book.ticket && ticket && A.book.ticket.id !== ticket.id);
  A.book.mode = mode;
  A.book.ticket = ticket;
  const keep = (id) => $(id).value;
  const [sv, wv, dv] = [keep("book-service"), keep("book-staff"), keep("book-desk")];
  const services = S.serviceOrder.filter((k) => !isTriageService(k) && mayBookService(k));
  $("book-service").replaceChildren(...services.map((k) => option(k, svcName(k))));
  const rooms = [...S.desks].sort((a, b) => /spreekkamer/i.test(b.name) - /spreekkamer/i.test(a.name));
  $("book-desk").replaceChildren(option("", "Geen bepaalde plaats"), ...rooms.map((d) => option(d.id, d.name)));
  const first = () => { if (!$("book-service").value) $("book-service").value = $("book-service").options[0]?.value || ""; };
  if (fresh) {
    const d = desk();
    let preferred = mode === "triage" ? null : S.services.has("afspraak") ? "afspraak" : d && d.services.find((k) => !isTriageService(k));
    // From a social worker's calendar: a service of theirs, so the "Met" choice can be them.
    const worker = staff && S.staff.find((s) => s.id === Number(staff));
    if (worker && preferred && !takesService(worker, preferred)) preferred = services.find((k) => takesService(worker, k)) || preferred;
    $("book-service").value = preferred || "";
    first();
    fillBookStaff(staff);
    $("book-desk").value = "";
    $("book-date").value = date || todayYmd();
    $("book-lang").value = ticket && ticket.lang ? ticket.lang : "nl";
    dlg.dataset.filled = "1";
  } else {
    $("book-service").value = sv;
    first();
    fillBookStaff(staff || wv);
    $("book-desk").value = dv;
    if (date) $("book-date").value = date;
  }
  $("book-date").min = todayYmd();
  fill($("book-which"), mode === "triage" && ticket
    ? [el("strong", { text: ticket.number }), " · interne doorverwijzing van het ID-team: de uitkomst wordt samen met de afspraak geregistreerd en het bezoek afgerond."]
    : "Kies dienst, persoon of team, datum en een vrij uur.");
  $("book-form").hidden = false;
  $("book-done").hidden = true;
  setText("book-error", "");
  if (!dlg.open) dlg.showModal();
  $("book-service").focus();
  loadSlots();
}

function bookingQuery() {
  const q = new URLSearchParams({ service: $("book-service").value, from: $("book-date").value, to: $("book-date").value, duration_min: $("book-duration").value });
  if ($("book-staff").value) q.set("staff", $("book-staff").value);
  if ($("book-desk").value) q.set("desk", $("book-desk").value);
  return q;
}

/** Radio buttons for the free slots; the chosen one stays chosen if it is still free. */
function renderSlots(box, name, slots, keep) {
  box.replaceChildren(...slots.map((s, i) => el("label", { class: "slot" },
    el("input", { type: "radio", name, value: s.start, id: `${name}-${i}`, checked: s.start === keep }),
    el("span", { text: hhmm(s.start) }))));
}

async function loadSlots() {
  const box = $("book-slots");
  const keep = (box.querySelector("input:checked") || {}).value;
  const date = $("book-date").value;
  if (!$("book-service").value || !date) { box.replaceChildren(); setText("book-slots-note", "Kies een dienst en een datum."); return; }
  const req = ++A.book.slotsReq;
  setText("book-slots-note", "Vrije uren laden…");
  let slots;
  try {
    slots = await api("GET", `/api/v1/appointments/slots?${bookingQuery()}`);
  } catch (e) {
    if (req !== A.book.slotsReq) return;
    box.replaceChildren();
    setText("book-slots-note", `Geen vrije uren: ${nlAppt(e)}`);
    return;
  }
  if (req !== A.book.slotsReq) return;
  renderSlots(box, "book-slot", slots, keep);
  const who = $("book-staff").value ? staffName(Number($("book-staff").value)) : `het team ${svcShort($("book-service").value)}`;
  // A worker chosen before the service changed, who does not take the new one, was let go.
  const dropped = A.book.dropped ? `${A.book.dropped} doet geen afspraken voor ${svcShort($("book-service").value)}. ` : "";
  A.book.dropped = null;
  setText("book-slots-note", dropped + (slots.length
    ? `${slots.length} vrije ${slots.length === 1 ? "uur" : "uren"} op ${dayLabel(date)} met ${who}.`
    : `Geen vrije uren op ${dayLabel(date)} met ${who}. Kies een andere datum, persoon of plaats.`));
}

async function submitBooking(ev) {
  ev.preventDefault();
  const form = $("book-form");
  for (const e of form.querySelectorAll("[aria-invalid]")) e.removeAttribute("aria-invalid");
  setText("book-error", "");
  const service = $("book-service").value;
  const slot = $("book-slots").querySelector("input:checked");
  const invalid = (input, msg) => { if (input) { input.setAttribute("aria-invalid", "true"); input.focus(); } setText("book-error", msg); };
  if (!service) return invalid($("book-service"), "Kies een dienst.");
  if (!slot) return invalid($("book-slots").querySelector("input") || $("book-date"), "Kies een vrij uur.");
  const contact = {};
  for (const [k, id] of [["name", "book-name"], ["phone", "book-phone"], ["email", "book-email"]]) {
    const v = $(id).value.trim();
    if (v) contact[k] = v;
  }
  if (contact.email && !/^[^@\s]+@[^@\s]+$/.test(contact.email)) return invalid($("book-email"), "Dat is geen e-mailadres (bv. naam@voorbeeld.be).");
  const body = { service, start: slot.value, duration_min: Number($("book-duration").value), lang: $("book-lang").value };
  if ($("book-staff").value) body.staff = Number($("book-staff").value);
  if ($("book-desk").value) body.desk = Number($("book-desk").value);
  if (Object.keys(contact).length) body.contact = contact;
  $("book-submit").disabled = true;
  let booked;
  try {
    booked = await api("POST", "/api/v1/appointments", body);
  } catch (e) {
    $("book-submit").disabled = false;
    const msg = nlAppt(e);
    if (e.code === "slot_taken") {
      await loadSlots();
      invalid(null, msg);
      ($("book-slots").querySelector("input") || $("book-date")).focus();
    } else if (e.code === "invalid_contact") {
      invalid($(contactField(e.message) || "book-name"), msg);
    } else if (["staff_absent", "staff_unavailable", "unknown_staff", "staff_not_for_service"].includes(e.code)) {
      invalid($("book-staff"), msg);
    } else if (["in_past", "holiday", "closed", "outside_opening_hours", "team_unavailable"].includes(e.code)) {
      await loadSlots();
      invalid($("book-date"), msg);
    } else {
      invalid(null, `Niet geboekt: ${msg}`);
    }
    return;
  }
  $("book-submit").disabled = false;
  A.book.booked = booked;
  A.today = A.today.some((a) => a.id === booked.id) ? A.today : A.today.concat(booked).sort((x, y) => x.start.localeCompare(y.start));
  showBooked(booked, null);
  announce(`Afspraak geboekt, code ${booked.code}.`);
  if (A.book.mode === "triage" && A.book.ticket) await recordTriage(booked);
  appointmentsChanged();
}

/** The ID-team's internal referral, recorded with the appointment; the visit is then over. */
async function recordTriage(booked) {
  const t = A.book.ticket;
  try {
    const r = await api("POST", `/api/v1/tickets/${t.id}/triage`, { outcome: "internal", appointment: booked.id });
    upsert(r);
    await finishVisit(r);
    A.book.ticket = null;
    showBooked(booked, null);
    note(`${t.number}: intern doorverwezen met een afspraak (code ${booked.code}, ${dayLabel(dayOfIso(booked.start))} om ${hhmm(booked.start)}). Het bezoek is afgerond.`);
  } catch (e) {
    showBooked(booked, e);
  }
  scheduleRender();
}

function showBooked(a, triageError) {
  $("book-form").hidden = true;
  $("book-done").hidden = false;
  const triage = A.book.mode === "triage";
  fill($("book-result"),
    el("p", {}, "Code ", el("span", { class: "ref", id: "book-code", text: a.code }), " — geef hem aan de cliënt."),
    el("p", { text: `${dayLabel(dayOfIso(a.start))}, ${hhmm(a.start)}–${hhmm(a.end)}, ${svcName(a.service)}, met ${withWhom(a)}${a.desk ? `, in ${a.desk.name}` : ""}. Taal: ${langNl(a.lang)}.` }),
    triage && !triageError && !A.book.ticket ? el("p", { text: "De interne doorverwijzing is geregistreerd met deze afspraak; het bezoek is afgerond." }) : null,
    triageError ? el("p", { class: "error" }, `De afspraak is geboekt, maar de uitkomst van het ID-team is niet geregistreerd: ${nlAppt(triageError)} `,
      triageError.status === 409 ? null : el("button", { type: "button", class: "small", id: "book-triage-retry", onclick: () => recordTriage(a) }, "Opnieuw registreren")) : null);
  setText("book-print-error", "");
  $("book-print").disabled = false;
  setText("book-print", "Bevestiging afdrukken");
  $("book-done-title").focus();
}

async function printBooked() {
  const a = A.book.booked;
  if (!a) return;
  $("book-print").disabled = true;
  setText("book-print-error", "");
  try {
    const printed = await api("POST", `/api/v1/appointments/${a.id}/print`, {});
    $("book-result").append(el("p", { class: "printed-line", text: `Bevestiging afgedrukt op ${printed.printer}. Geef ze aan de cliënt.` }));
    setText("book-print", "Nog eens afdrukken");
    announce(`Bevestiging ${a.code} afgedrukt.`);
  } catch (e) {
    setText("book-print-error", `De bevestiging is niet afgedrukt. ${nlAppt(e)} De afspraak blijft geboekt.`);
  } finally {
    $("book-print").disabled = false;
  }
}

function closeBooking() {
  const wasTriage = A.book.mode === "triage";
  $("book-dialog").close();
  if (A.book.booked) resetBooking();
  const back = S.screen === "calendar" ? $("calendar-book") : wasTriage ? $("act-next") : $("book-open");
  if (back && !back.hidden && !back.disabled) back.focus();
}

// ---------------------------------------------------------------------------------------------
// The calendar

/** Whose calendar may be shown: every social worker's for those who book for everyone, else
 * one's own. */
function calendarStaff() {
  return S.staff.filter((s) => s.roles.includes("social_worker") && (booksForEveryone() || (S.me && s.id === S.me.id)));
}

export function prepareCalendar() {
  const sel = $("calendar-staff");
  const keep = A.cal.staff || (hasRole(["social_worker"]) ? S.me.id : (calendarStaff()[0] || {}).id);
  sel.replaceChildren(...calendarStaff().map((s) => option(s.id, s.name + (S.me && s.id === S.me.id ? " (u)" : ""))));
  if (keep) sel.value = String(keep);
  A.cal.staff = Number(sel.value) || null;
  if (!A.cal.date) A.cal.date = todayYmd();
  $("calendar-date").value = A.cal.date;
  $(`calendar-${A.cal.view}`).checked = true;
  renderIcalPanel();
  loadCalendar();
}

function calendarRange() {
  if (A.cal.view === "week") { const mon = mondayOf(A.cal.date); return [mon, addDays(mon, 6)]; }
  return [A.cal.date, A.cal.date];
}

async function loadCalendar() {
  if (!A.cal.staff) { fill($("calendar-body"), el("p", { class: "queue-empty", text: "Er zijn geen maatschappelijk werkers." })); return; }
  const [from, to] = calendarRange();
  const staff = A.cal.staff, view = A.cal.view, date = A.cal.date;
  let list;
  try {
    list = await api("GET", `/api/v1/staff/${staff}/calendar?from=${from}&to=${to}`);
  } catch (e) {
    if (e.code !== "unauthorized") setText("calendar-error", nlAppt(e));
    return;
  }
  // An answer for a view the user has already left is not drawn.
  if (staff !== A.cal.staff || view !== A.cal.view || date !== A.cal.date) return;
  setText("calendar-error", "");
  A.cal.list = list;
  renderCalendar();
}

function renderCalendar() {
  const focusKey = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.focusKey : null;
  const [from, to] = calendarRange();
  const who = staffName(A.cal.staff);
  const active = A.cal.list.filter((a) => a.state !== "cancelled").length;
  setText("calendar-title", A.cal.view === "week" ? `Agenda van ${who} — week van ${fmtDate(from)}` : `Agenda van ${who} — ${dayLabel(from)}`);
  setText("calendar-count", `${active} ${active === 1 ? "afspraak" : "afspraken"}${A.cal.view === "week" ? ` van ${fmtDate(from)} tot en met ${fmtDate(to)}` : ""}.`);
  $("calendar-body").dataset.view = A.cal.view;
  if (A.cal.view === "day") {
    fill($("calendar-body"), A.cal.list.length
      ? el("ol", { class: "cal-day", "aria-label": `Afspraken op ${dayLabel(from)}` }, A.cal.list.map((a) => calItem(a, true)))
      : el("p", { class: "queue-empty", text: "Geen afspraken op deze dag." }));
  } else {
    const days = [...Array(7).keys()].map((i) => addDays(from, i));
    fill($("calendar-body"), el("div", { class: "cal-week" }, days.map((d) => {
      const items = A.cal.list.filter((a) => dayOfIso(a.start) === d);
      const headId = `cal-day-${d}`;
      return el("section", { class: `cal-col${d === todayYmd() ? " today-col" : ""}`, "aria-labelledby": headId, dataset: { day: d } },
        el("h2", { id: headId },
          el("button", { type: "button", class: "link", onclick: () => showDay(d) },
            el("span", { class: "sr-only", text: "Dag tonen: " }), `${WEEKDAYS_NL[weekdayOf(d)]} ${fmtDate(d).slice(0, 5)}`)),
        items.length ? el("ol", { class: "cal-list" }, items.map((a) => calItem(a, false))) : el("p", { class: "cal-empty", text: "—" }));
    })));
  }
  if (focusKey) {
    const again = document.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`);
    if (again) again.focus();
  }
}

/** One appointment in the calendar, with its actions when it is still booked. */
function calItem(a, full) {
  const contact = a.contact ? [a.contact.name, a.contact.phone, a.contact.email].filter(Boolean).join(" · ") : "";
  const started = Date.parse(a.start) <= Date.now();
  let actions = null;
  if (a.state === "booked" && A.confirmCancel === a.id) {
    actions = el("div", { class: "cal-actions confirm" },
      el("span", { text: "Afspraak annuleren?" }),
      el("button", { type: "button", class: "small", dataset: { focusKey: `yes-cancel-${a.id}` }, onclick: () => apptAction(a, "cancel") }, "Ja, annuleren"),
      el("button", { type: "button", class: "small", dataset: { focusKey: `no-cancel-${a.id}` }, onclick: () => { A.confirmCancel = null; renderCalendar(); focusOn(`cancel-${a.id}`); } }, "Nee"));
  } else if (a.state === "booked") {
    actions = el("div", { class: "cal-actions" },
      el("button", { type: "button", class: "small", "aria-label": `Verplaatsen: ${hhmm(a.start)} ${a.code}`, dataset: { focusKey: `move-${a.id}` }, onclick: () => openMove(a) }, "Verplaatsen"),
      el("button", { type: "button", class: "small", "aria-label": `Annuleren: ${hhmm(a.start)} ${a.code}`, dataset: { focusKey: `cancel-${a.id}` }, onclick: () => { A.confirmCancel = a.id; renderCalendar(); focusOn(`yes-cancel-${a.id}`); } }, "Annuleren"),
      el("button", { type: "button", class: "small", "aria-label": `Niet gekomen: ${hhmm(a.start)} ${a.code}`, dataset: { focusKey: `noshow-${a.id}` }, title: started ? null : "Kan pas vanaf het begin van de afspraak", onclick: () => apptAction(a, "no-show") }, "Niet gekomen"));
  }
  return el("li", { class: `cal-item st-${a.state}`, dataset: { appointment: a.id, state: a.state } },
    el("p", { class: "cal-time" }, el("strong", { text: `${hhmm(a.start)}–${hhmm(a.end)}` }), " ", apptState(a)),
    el("p", { class: "cal-what", text: `${full ? svcName(a.service) : svcShort(a.service)}${a.desk ? ` · ${a.desk.name}` : ""}` }),
    el("p", { class: "cal-code" }, "Code ", el("strong", { text: a.code }), a.ticket_number ? ` · ticket ${a.ticket_number}` : "",
      full && a.lang !== "nl" ? ` · ${langNl(a.lang)}` : ""),
    full && contact ? el("p", { class: "cal-contact", text: contact }) : null,
    actions);
}

function focusOn(key) {
  const e = document.querySelector(`[data-focus-key="${CSS.escape(key)}"]`);
  if (e) e.focus();
}

function showDay(d) {
  A.cal.view = "day"; A.cal.date = d;
  $("calendar-day").checked = true; $("calendar-date").value = d;
  loadCalendar().then(() => $("calendar-title").focus());
}

function stepCalendar(n) {
  A.cal.date = addDays(A.cal.date || todayYmd(), n * (A.cal.view === "week" ? 7 : 1));
  setText("calendar-status", "");
  $("calendar-date").value = A.cal.date;
  A.confirmCancel = null;
  loadCalendar();
}

/** Cancel or no-show, from the calendar or today's list. */
async function apptAction(a, what) {
  const where = S.screen === "calendar" ? "calendar-error" : "today-error";
  setText(where, "");
  try {
    await api("POST", `/api/v1/appointments/${a.id}/${what}`);
    A.confirmCancel = null;
    const said = what === "cancel" ? `Afspraak ${a.code} van ${hhmm(a.start)} is geannuleerd.` : `Afspraak ${a.code} van ${hhmm(a.start)}: niet gekomen.`;
    if (S.screen === "calendar") { setText("calendar-status", said); announce(said); } else note(said);
  } catch (e) {
    A.confirmCancel = null;
    // Changed by someone else meanwhile: show the lists as they are now, then say why.
    if (e.code === "invalid_transition") await Promise.all([loadToday(), S.screen === "calendar" ? loadCalendar() : null]);
    else if (S.screen === "calendar") renderCalendar();
    setText(where, `${a.code}: ${nlAppt(e)}`);
    return;
  }
  await Promise.all([loadToday(), S.screen === "calendar" ? loadCalendar() : null]);
}

// ---- move ----

function openMove(a) {
  A.move.appt = a;
  setText("calendar-error", "");
  fill($("move-which"), el("strong", { text: a.code }), ` · nu ${dayLabel(dayOfIso(a.start))} om ${hhmm(a.start)}, ${a.duration_min} min, met ${withWhom(a)}${a.desk ? `, ${a.desk.name}` : ""}.`);
  $("move-date").value = dayOfIso(a.start);
  $("move-date").min = todayYmd();
  setText("move-error", "");
  $("move-slots").replaceChildren();
  $("move-dialog").showModal();
  $("move-date").focus();
  loadMoveSlots();
}

async function loadMoveSlots() {
  const a = A.move.appt;
  const date = $("move-date").value;
  const box = $("move-slots");
  const keep = (box.querySelector("input:checked") || {}).value;
  if (!a || !date) { box.replaceChildren(); setText("move-slots-note", "Kies een datum."); return; }
  const q = new URLSearchParams({ service: a.service, from: date, to: date, duration_min: String(a.duration_min) });
  if (a.staff) q.set("staff", String(a.staff));
  if (a.desk) q.set("desk", String(a.desk.id));
  const req = ++A.move.slotsReq;
  setText("move-slots-note", "Vrije uren laden…");
  try {
    const slots = await api("GET", `/api/v1/appointments/slots?${q}`);
    if (req !== A.move.slotsReq) return;
    renderSlots(box, "move-slot", slots, keep);
    setText("move-slots-note", slots.length ? `${slots.length} vrije ${slots.length === 1 ? "uur" : "uren"} op ${dayLabel(date)}.` : `Geen vrije uren op ${dayLabel(date)}. Kies een andere datum.`);
  } catch (e) {
    if (req !== A.move.slotsReq) return;
    box.replaceChildren();
    setText("move-slots-note", `Geen vrije uren: ${nlAppt(e)}`);
  }
}

async function submitMove(ev) {
  ev.preventDefault();
  const a = A.move.appt;
  const slot = $("move-slots").querySelector("input:checked");
  setText("move-error", "");
  if (!slot) { setText("move-error", "Kies een vrij uur."); ($("move-slots").querySelector("input") || $("move-date")).focus(); return; }
  $("move-submit").disabled = true;
  try {
    const moved = await api("POST", `/api/v1/appointments/${a.id}/move`, { start: slot.value });
    $("move-dialog").close();
    const said = `Afspraak ${moved.code} is verplaatst naar ${dayLabel(dayOfIso(moved.start))} om ${hhmm(moved.start)}. De code blijft geldig.`;
    setText("calendar-status", said); announce(said);
    await Promise.all([loadCalendar(), loadToday()]);
    focusOn(`move-${a.id}`);
  } catch (e) {
    if (["slot_taken", "team_unavailable"].includes(e.code)) await loadMoveSlots();
    if (e.status === 409 && e.code !== "slot_taken") { $("move-dialog").close(); setText("calendar-error", `${a.code}: ${nlAppt(e)}`); loadCalendar(); }
    else setText("move-error", nlAppt(e));
  } finally {
    $("move-submit").disabled = false;
  }
}

// ---- the secret iCalendar address ----

/** Only the staff member themself (or an admin) may read their feed's address. */
function renderIcalPanel() {
  const mine = S.me && A.cal.staff === S.me.id;
  $("ical").hidden = !(mine || hasRole(["admin"]));
  $("ical-box").hidden = true;
  $("ical-url").value = "";
  setText("ical-note", "");
  $("ical-show").hidden = false;
}

async function showIcal() {
  setText("ical-note", "");
  try {
    const r = await api("GET", `/api/v1/staff/${A.cal.staff}/ical-url`);
    $("ical-url").value = r.url;
    $("ical-box").hidden = false;
    $("ical-show").hidden = true;
    $("ical-url").focus();
    $("ical-url").select();
  } catch (e) {
    setText("ical-note", nlAppt(e));
  }
}

async function copyIcal() {
  const input = $("ical-url");
  try {
    await navigator.clipboard.writeText(input.value);
    setText("ical-note", "Gekopieerd. Voeg het in uw agendaprogramma toe als ‘agenda via internet’ (abonneren).");
  } catch {
    input.focus(); input.select();
    setText("ical-note", "Kopiëren lukte niet vanzelf: het adres is geselecteerd, druk Ctrl+C.");
  }
}

// ---------------------------------------------------------------------------------------------

function bindAppointmentEvents() {
  $("book-open").addEventListener("click", () => openBooking({ mode: "desk" }));
  $("calendar-book").addEventListener("click", () => openBooking({ mode: "calendar", staff: A.cal.staff, date: A.cal.date && A.cal.date >= todayYmd() ? A.cal.date : null }));
  $("triage-appointment").addEventListener("click", () => {
    const t = current();
    if (t) openBooking({ mode: "triage", ticket: t });
  });
  for (const id of ["book-service", "book-staff", "book-desk", "book-date", "book-duration"]) {
    $(id).addEventListener("change", () => {
      $(id).removeAttribute("aria-invalid"); setText("book-error", "");
      // Only the new service's own social workers (or its team) to choose from.
      if (id === "book-service") A.book.dropped = fillBookStaff($("book-staff").value);
      loadSlots();
    });
  }
  $("book-slots").addEventListener("change", () => setText("book-error", ""));
  $("book-form").addEventListener("submit", submitBooking);
  $("book-cancel").addEventListener("click", closeBooking);
  $("book-close").addEventListener("click", closeBooking);
  $("book-print").addEventListener("click", printBooked);
  $("book-dialog").addEventListener("cancel", () => { if (A.book.booked) setTimeout(resetBooking, 0); });
  $("move-form").addEventListener("submit", submitMove);
  $("move-date").addEventListener("change", loadMoveSlots);
  $("move-cancel").addEventListener("click", () => { $("move-dialog").close(); focusOn(`move-${A.move.appt && A.move.appt.id}`); });
  $("calendar-staff").addEventListener("change", () => { A.cal.staff = Number($("calendar-staff").value); A.confirmCancel = null; renderIcalPanel(); loadCalendar(); });
  for (const r of document.querySelectorAll('input[name="calendar-view"]')) {
    r.addEventListener("change", () => { A.cal.view = r.value; A.confirmCancel = null; loadCalendar(); });
  }
  $("calendar-date").addEventListener("change", () => { if ($("calendar-date").value) { A.cal.date = $("calendar-date").value; loadCalendar(); } });
  $("calendar-form").addEventListener("submit", (e) => e.preventDefault());
  $("calendar-prev").addEventListener("click", () => stepCalendar(-1));
  $("calendar-next").addEventListener("click", () => stepCalendar(1));
  $("calendar-today").addEventListener("click", () => { A.cal.date = todayYmd(); $("calendar-date").value = A.cal.date; loadCalendar(); });
  $("ical-show").addEventListener("click", showIcal);
  $("ical-copy").addEventListener("click", copyIcal);
}

bindAppointmentEvents();
