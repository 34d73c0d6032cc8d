// Closing a service now and reopening it, in the desk app (reception, managers, admins): when
// the permanentie's staff are ill, "Nu sluiten" until a time today or the end of the day, with a
// reason the kiosk and the visitors' status pages show in the visitor's language. Visitors
// already waiting keep their place and can still be called; no new ticket can be taken.
//
// The services' state comes with every frame (`closed_now`); the staff-only note and who closed
// come from GET /api/v1/closures, read again when a `service_closed` or `service_reopened`
// event arrives.

import { $, el, fmtBrussels } from "/web/common.js";
import { S, api, nl, hasRole, svcName, svcShort, setText, announce } from "./state.js";

const CLOSE_ROLES = ["reception", "manager", "admin"];
const REASON_NL = {
  staff_illness: "ziekte van medewerkers",
  technical_fault: "technisch probleem",
  unforeseen: "onvoorziene omstandigheden",
  meeting: "vergadering",
};

/** Who closed and the note, by service key (staff only; from GET /api/v1/closures). */
let details = new Map();
let closing = null; // the service key of the open dialog

export const canClose = () => hasRole(CLOSE_ROLES);

/** Reads who closed what, with the notes; then draws the panel again. */
export async function loadClosures() {
  if (!canClose()) return;
  try {
    const list = await api("GET", "/api/v1/closures");
    details = new Map(list.map((c) => [c.service, c]));
  } catch { /* the panel still shows the state from the frames */ }
  renderClosures();
}

/** A frame from the socket: a closure or a reopening changes the notes. */
export function closuresFrame(f) {
  if (f.event === "service_closed" || f.event === "service_reopened") loadClosures();
}

function untilText(c) {
  return c.end_of_day ? "tot het einde van de dag" : `tot ${fmtBrussels("nl-BE", c.until, { hour: "2-digit", minute: "2-digit" })}`;
}

/** The panel: every service with its state and one button. */
export function renderClosures() {
  const panel = $("closures-panel");
  panel.hidden = !canClose();
  if (panel.hidden) return;
  const focused = document.activeElement && document.activeElement.dataset.closureKey;
  const items = S.serviceOrder.map((key) => {
    const s = S.services.get(key) || {};
    const c = s.closed_now;
    const d = details.get(key);
    const state = c
      ? `Gesloten ${untilText(c)} — ${REASON_NL[c.reason] || c.reason}`
      : s.open ? "Open" : "Gesloten volgens de openingsuren";
    const extra = c && d ? [d.closed_by ? `door ${d.closed_by}` : "", d.note ? `“${d.note}”` : ""].filter(Boolean).join(", ") : "";
    const button = c
      ? el("button", { type: "button", class: "small", "data-closure-key": key, text: "Heropenen", "aria-label": `${svcShort(key)} heropenen`, onclick: () => reopen(key) })
      : el("button", { type: "button", class: "small", "data-closure-key": key, text: "Nu sluiten…", "aria-haspopup": "dialog", "aria-label": `${svcShort(key)} nu sluiten…`, onclick: () => openClose(key) });
    return el("li", { class: c ? "closed-now" : "" },
      el("span", { class: "closure-service", text: svcName(key) }),
      el("span", { class: "closure-state", text: state }),
      extra ? el("span", { class: "closure-extra", text: extra }) : "",
      button);
  });
  $("closures-list").replaceChildren(...items);
  if (focused) {
    const again = document.querySelector(`[data-closure-key="${CSS.escape(focused)}"]`);
    if (again) again.focus();
  }
}

function say(text) {
  setText("closures-error", "");
  setText("closures-note", text);
  announce(text);
}

function openClose(key) {
  closing = key;
  setText("close-which", `${svcName(key)}: er kunnen geen nieuwe tickets genomen worden. Wie al wacht, houdt zijn plaats en kan nog opgeroepen worden.`);
  setText("close-error", "");
  $("close-until-day").checked = true;
  $("close-time").value = "";
  $("close-time").disabled = true;
  $("close-reason").value = "staff_illness";
  $("close-note").value = "";
  $("close-dialog").showModal();
}

function cancelClose() {
  $("close-dialog").close();
  const b = closing && document.querySelector(`[data-closure-key="${CSS.escape(closing)}"]`);
  if (b) b.focus();
}

function closeNl(e) {
  switch (e.code) {
    case "time_passed": return "Dat uur is al voorbij. Kies een later uur vandaag.";
    case "invalid_time": return "Vul een uur in, bijvoorbeeld 14:00.";
    case "unknown_closure_reason": return "Kies een reden uit de lijst.";
    case "note_too_long": return "Houd de notitie kort: hoogstens 200 tekens.";
    case "not_closed": return "Deze dienst was al open.";
    default: return nl(e);
  }
}

async function submitClose(ev) {
  ev.preventDefault();
  const key = closing;
  const byTime = $("close-until-time").checked;
  const time = $("close-time").value;
  if (byTime && !time) {
    setText("close-error", "Vul een uur in, of kies ‘tot het einde van de dag’.");
    $("close-time").focus();
    return;
  }
  const body = { reason: $("close-reason").value };
  if (byTime) body.until = time;
  const note = $("close-note").value.trim();
  if (note) body.note = note;
  $("close-submit").disabled = true;
  try {
    const c = await api("POST", `/api/v1/services/${encodeURIComponent(key)}/close`, body);
    details.set(key, c);
    const s = S.services.get(key);
    if (s) { s.closed_now = { until: c.until, end_of_day: c.end_of_day, reason: c.reason }; s.open = false; }
    $("close-dialog").close();
    renderClosures();
    say(`${svcShort(key)} is gesloten ${untilText(c)}. Wie al wacht, houdt zijn plaats; nieuwe tickets kunnen niet.`);
    const b = document.querySelector(`[data-closure-key="${CSS.escape(key)}"]`);
    if (b) b.focus();
  } catch (e) {
    setText("close-error", closeNl(e));
  } finally {
    $("close-submit").disabled = false;
  }
}

async function reopen(key) {
  try {
    const s = await api("POST", `/api/v1/services/${encodeURIComponent(key)}/reopen`);
    const old = S.services.get(key) || {};
    S.services.set(key, { ...old, ...s, name: old.name || s.name, closed_now: s.closed_now });
    details.delete(key);
    renderClosures();
    say(s.open ? `${svcShort(key)} is weer open.` : `${svcShort(key)} is heropend, maar is nu dicht volgens de openingsuren.`);
  } catch (e) {
    setText("closures-note", "");
    setText("closures-error", closeNl(e));
    loadClosures();
  }
}

export function bindClosures() {
  $("close-form").addEventListener("submit", submitClose);
  $("close-cancel").addEventListener("click", cancelClose);
  $("close-dialog").addEventListener("cancel", () => setTimeout(cancelClose));
  for (const id of ["close-until-day", "close-until-time"]) {
    $(id).addEventListener("change", () => {
      $("close-time").disabled = !$("close-until-time").checked;
      if (!$("close-time").disabled) $("close-time").focus();
      setText("close-error", "");
    });
  }
}
