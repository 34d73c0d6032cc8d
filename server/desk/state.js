// The desk app's shared state and the helpers both of its modules use: desk.js (queues,
// calling, transfers, ID-team triage, help requests) and appointments.js (booking, today's
// appointments, the calendar). Kept apart so that neither module imports the other's
// internals: desk.js imports appointments.js, and both import this.
//
// The API calls are those of common.js, plus the desk's own rule for an expired session: a
// 401 (except from the login itself, or where the caller asks for quiet) ends the session on
// screen, and the form the user was filling in stays as it was.

import { $, announce as sayIn, api as call, ApiError, langNl } from "/web/common.js";

export { langNl };

// ---------------------------------------------------------------------------------------------
// State

export const S = {
  me: null,             // {id, name, roles}
  expiresAt: null,      // ms since epoch
  screen: "loading",
  resumeScreen: null,   // the screen to go back to after a re-login
  deskId: null,
  desks: [],
  staff: [],
  partners: [],
  categories: [],
  services: new Map(),  // key -> ServiceInfo (names kept from the snapshot)
  serviceOrder: [],
  tickets: new Map(),   // id -> Ticket (waiting, called, serving)
  devices: new Map(),   // id -> DeviceInfo
  location: null,
  seq: null,
  ws: null,
  wsState: "connecting",
  backoff: 1000,
  reconnectTimer: null,
  focusTicket: null,    // the ticket shown as "current visitor" when several are at this desk
  noShows: new Map(),   // id -> {ticket, at}: may still be brought back
  referred: new Map(),  // ticket id -> partner key whose triage is recorded but whose slip failed
  busy: false,
  renderQueued: false,
};

/** What desk.js registers at start: drawing the desk again, and ending an expired session. */
export const hooks = { render() {}, sessionExpired() {} };

const WORK_ROLES = ["reception", "id_team", "social_worker", "admin"];
const TRIAGE_ROLES = ["id_team", "admin"];

export const hasRole = (roles) => !!S.me && S.me.roles.some((r) => roles.includes(r));
export const canWork = () => hasRole(WORK_ROLES);
export const canTriage = () => hasRole(TRIAGE_ROLES);
export const desk = () => S.desks.find((d) => d.id === S.deskId) || null;
export const deskName = (id) => (S.desks.find((d) => d.id === id) || {}).name || `plaats ${id}`;
export const staffName = (id) => (S.staff.find((s) => s.id === id) || {}).name || `medewerker ${id}`;
export const svc = (key) => S.services.get(key);
export const svcName = (key) => (svc(key) || {}).name || key;
/** "ID-team: info en doorverwijzing" → "ID-team": the short name for dense lists. */
export const svcShort = (key) => svcName(key).split(":")[0].trim();
export const isTriageService = (key) => { const s = svc(key); return !!s && (s.triage === true || key === "id-team"); };

export function setText(id, text) { $(id).textContent = text || ""; }

/** Says `text` to a screen reader (the page's one live region). */
export function announce(text) { sayIn($("announce"), text, 30); }

/** An action went well: said on screen and to a screen reader. */
export function note(text) { setText("action-error", ""); setText("action-note", text); announce(text); }

// ---------------------------------------------------------------------------------------------
// The API

const NETWORK_NL = "Geen verbinding met de server. Kijk het netwerk na en probeer opnieuw.";
const EXPIRED_NL = "Uw sessie is verlopen. Meld u opnieuw aan.";

/** common.js's `api`, with the session rule above. `quiet401` leaves an expired session to
 * the caller (the first look at /auth/me, the logout). */
export async function api(method, path, body, { quiet401 = false } = {}) {
  try {
    return await call(method, path, body);
  } catch (e) {
    if (e.status === 401 && !quiet401 && path !== "/api/v1/auth/login") {
      hooks.sessionExpired();
      throw new ApiError(401, "unauthorized", EXPIRED_NL);
    }
    throw e;
  }
}

/** The server's error in plain Dutch for staff; unknown codes show the server's own sentence. */
export function nl(err) {
  switch (err.code) {
    case "network": return NETWORK_NL;
    case "unauthorized": return err.message;
    case "invalid_credentials": return "Gebruikersnaam of wachtwoord klopt niet.";
    // The server says in Dutch how long to wait before the next login attempt.
    case "too_many_attempts": case "busy": return err.message;
    case "forbidden": return "Uw account mag dit niet doen.";
    case "password_change_required": return "Kies eerst een nieuw wachtwoord.";
    case "wrong_password": return "Uw huidige wachtwoord klopt niet.";
    case "same_password": return "Kies een ander wachtwoord dan het huidige.";
    case "weak_password": return "Dit wachtwoord is te makkelijk te raden of te kort. Kies minstens 12 tekens, bijvoorbeeld drie of vier losse woorden, en geen bekend wachtwoord.";
    case "service_closed": return "Deze dienst is nu gesloten.";
    case "not_walk_in": return "Voor deze dienst komt men enkel op afspraak.";
    case "invalid_priority_reason": return "Kies een reden voor voorrang uit de lijst.";
    case "empty_transfer": return "Kies een dienst, een plaats of een maatschappelijk werker.";
    case "invalid_reason": return "Houd de reden kort (hoogstens 200 tekens, voor een briefje 300).";
    case "unknown_service": return "Kies een dienst uit de lijst.";
    case "unknown_desk": return "Kies een plaats uit de lijst.";
    case "unknown_staff": return "Kies een maatschappelijk werker uit de lijst.";
    case "unknown_partner": case "invalid_triage": return "Kies een partnerorganisatie.";
    case "not_triage": return "Enkel het ID-team registreert een uitkomst.";
    case "not_being_served": return "Registreer de uitkomst terwijl de bezoeker aan de balie is.";
    case "unknown_category": return "Kies de soort hulpvraag.";
    case "invalid_documents": return "Hoogstens 30 stukken, elk in hoogstens 200 tekens.";
    case "unknown_ticket": return "Dat bezoek bestaat niet meer; haal het vinkje ‘koppelen’ weg.";
    case "no_show_grace_passed": return "Dit nummer is te lang geleden als niet gekomen gemarkeerd. Geef de bezoeker een nieuw ticket.";
    case "ticket_not_waiting": return "Dit ticket is al opgeroepen; enkel een wachtend ticket wordt afgedrukt.";
    case "printer_unavailable": case "printer_error": return `De onthaalprinter drukt niet af${printerProblem(err.message)}. Los het op en druk opnieuw af.`;
    case "no_printer": return "Er is geen onthaalprinter ingesteld. Vraag het aan de beheerder.";
    case "unknown_printer": return "Die printer bestaat niet.";
    case "cross_origin": return "De server weigerde dit: de pagina kwam niet van het eigen adres van Onthaal. Open Onthaal via het adres dat de beheerder gaf en probeer opnieuw.";
    case "invalid_period": return "‘Van’ moet vóór ‘tot en met’ liggen.";
    case "not_found": return "Niet gevonden: misschien heeft iemand het net gewijzigd.";
    default:
      // A proxy's bare status (no error body from the server).
      if (err.code === `http_${err.status}`) return `De server antwoordde ${err.status}.`;
      return err.message || "Er ging iets mis.";
  }
}

/** What is wrong with a reception printer, from the server's (English) sentence; the sentence
 * itself holds the printer's address, which is not for the screen. */
function printerProblem(message) {
  const m = String(message || "").toLowerCase();
  if (m.includes("near end")) return " (papier bijna op)";
  if (m.includes("paper")) return " (papier op)";
  if (m.includes("cover")) return " (klep staat open)";
  if (m.includes("unreachable") || m.includes("offline") || m.includes("connect") || m.includes("switched on")) return " (printer onbereikbaar of uit)";
  return "";
}

// ---------------------------------------------------------------------------------------------
// Tickets

export function upsert(t) {
  if (!t) return;
  if (["waiting", "called", "serving"].includes(t.state)) {
    S.tickets.set(t.id, t);
    if (t.state === "waiting") S.noShows.delete(t.id);
  } else {
    S.tickets.delete(t.id);
    if (t.state === "no_show" && t.desk && t.desk.id === S.deskId && !S.noShows.has(t.id)) {
      S.noShows.set(t.id, { ticket: t, at: Date.now() });
    }
  }
}

/** Draws the desk again on the next frame, once for a burst of changes. */
export function scheduleRender() {
  if (S.renderQueued) return;
  S.renderQueued = true;
  requestAnimationFrame(() => { S.renderQueued = false; hooks.render(); });
}

export function atDesk() {
  return [...S.tickets.values()]
    .filter((t) => t.desk && t.desk.id === S.deskId && (t.state === "called" || t.state === "serving"))
    .sort((a, b) => (b.called_at || "").localeCompare(a.called_at || ""));
}

export function current() {
  const here = atDesk();
  return here.find((t) => t.id === S.focusTicket) || here[0] || null;
}

/** A finished ID-team conversation: start it if it was only called, then finish it. */
export async function finishVisit(t) {
  let cur = t;
  if (cur.state === "called") cur = await api("POST", `/api/v1/tickets/${t.id}/start`);
  cur = await api("POST", `/api/v1/tickets/${t.id}/finish`);
  upsert(cur);
  return cur;
}

