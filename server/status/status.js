// The visitor's status page (/s/{token}): the server writes the first state into the page
// (a JSON block, as the CSP allows no inline script), then this keeps it fresh.

import { $, api } from "/web/common.js";

const TOKEN = document.body.dataset.token;
// "unknown" (no such ticket) or "busy" (too many requests): the page shows only that.
const PROBLEM = document.body.dataset.problem;
let status = JSON.parse(document.getElementById("initial").textContent);
// The page's words are the catalogue's `status-…` messages: the server writes the page's
// language's catalogue and the Dutch one into the page (a data block, like the first state),
// so the first render needs no round trip. `t("no_show")` is `status-no-show`.
const CATALOGUE = JSON.parse(document.getElementById("catalogue").textContent);
const lang = CATALOGUE.lang;
const text = window.onthaalCatalogueOf(lang, CATALOGUE.sources);
const t = (key, args) => text(`status-${key.replace(/_/g, "-")}`, args);
document.documentElement.dir = text("language-direction");
const FINAL = ["done", "cancelled"];
const OVER = ["done", "no_show", "cancelled"];

// What the visitor is told now: a key for the headline and, when called, where to go.
function headline(s) {
  if (PROBLEM || !s) return { key: PROBLEM || "unknown", text: t(PROBLEM || "unknown"), goto: "" };
  if (s.state === "cancelled" && s.left) return { key: "left", text: t("left"), goto: "" };
  if (s.state === "called") return { key: "called", text: t("called"), goto: s.desk ? `${t("goto")} ${s.desk.name}` : "", desk: s.desk?.name };
  return { key: s.state, text: t(s.state), goto: "" };
}

/** "This service is closed until 14:00: staff illness. You keep your place …" */
function closedText(c) {
  const reason = text(`closure-reason-${c.reason.replace(/_/g, "-")}`);
  const locale = text("language-locale");
  const time = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "Europe/Brussels" }).format(new Date(c.until));
  const first = c.end_of_day ? t("closed_today", { reason }) : t("closed_until", { time, reason });
  return `${first} ${t("keep_place")}`;
}

let shown = null;
function render() {
  const s = PROBLEM ? null : status;
  const h = headline(s);
  const over = !s || OVER.includes(s.state);
  $("headline").textContent = h.text;
  // The tab's title tells it too, for a phone that shows the page among others.
  document.title = over ? h.text : `${s.number} · ${h.goto || h.text}`;
  $("goto-pre").textContent = h.goto ? t("goto") : "";
  $("desk").textContent = h.desk || "";
  $("goto").hidden = !h.goto;
  $("card").classList.toggle("called", h.key === "called");
  $("card").classList.toggle("over", over);
  // A pictogram for an ended visit: a check when it went as it should, else "ask at the desk".
  const good = ["done", "left"].includes(h.key);
  $("icon-ok").toggleAttribute("hidden", !good);
  $("icon-info").toggleAttribute("hidden", !over || good);
  // A finished visit says so and shows nothing else.
  $("ticket").hidden = over;
  $("note").hidden = over;
  const waiting = !over && s.state === "waiting";
  $("figures").hidden = !waiting;
  $("leave").hidden = over || !["waiting", "called"].includes(s.state);
  if (!over) {
    $("l-number").textContent = t("number");
    $("number").textContent = s.number;
    $("service").textContent = s.service_name;
  }
  // Staff closed the service for now: the visitor is told why, and that they keep their place.
  const closed = waiting && s.service_closed;
  $("closed-notice").hidden = !closed;
  $("closed-notice").textContent = closed ? closedText(s.service_closed) : "";
  if (waiting) {
    $("l-position").textContent = t("position");
    $("position").textContent = s.position ?? "–";
    $("l-wait").textContent = t("wait");
    const w = s.estimated_wait_s;
    $("wait").textContent = w == null ? "–" : w <= 60 ? t("now") : `± ${Math.round(w / 60)} ${t("min")}`;
  }
  // A change of state is announced (the first render is read as the page itself).
  const key = h.key + "|" + h.goto;
  if (shown !== null && key !== shown) {
    $("live").textContent = h.goto ? `${h.text} ${h.goto}` : h.text;
    if (h.key === "called" && navigator.vibrate) navigator.vibrate([300, 150, 300]);
  }
  shown = key;
}

function offline(yes) { $("note").textContent = yes ? t("offline") : t("note"); }

function update(s) {
  status = s;
  render();
  if (FINAL.includes(s.state)) stopUpdates();
}

// Live updates: server-sent events, and polling every 5 s whenever the stream is not there.
let es = null, pollTimer = null, reopenTimer = null;
function startLive() {
  if (!("EventSource" in window)) { startPolling(); return; }
  es = new EventSource(`/api/v1/status/${TOKEN}/events`);
  es.addEventListener("status", (e) => {
    stopPolling();
    offline(false);
    update(JSON.parse(e.data));
  });
  es.onerror = () => {
    if (!es) return;
    if (es.readyState === EventSource.CLOSED) {
      es = null;
      // Try the stream again later; poll meanwhile.
      clearTimeout(reopenTimer);
      reopenTimer = setTimeout(() => { if (!es && status && !FINAL.includes(status.state)) startLive(); }, 30000);
    }
    startPolling();
  };
}
function startPolling() {
  if (pollTimer || !status || FINAL.includes(status.state)) return;
  pollTimer = setInterval(refresh, 5000);
  refresh();
}
function stopPolling() { clearInterval(pollTimer); pollTimer = null; }
function stopUpdates() {
  stopPolling();
  clearTimeout(reopenTimer);
  if (es) { es.close(); es = null; }
}
async function refresh() {
  let s;
  try {
    s = await api("GET", `/api/v1/status/${TOKEN}`, undefined, { cache: "no-store" });
  } catch (e) {
    // Too many requests is not a lost connection; either way the last known state stays.
    if (e.status !== 429) offline(true);
    return;
  }
  offline(false);
  update(s);
}

// "I'm leaving", after an explicit confirmation.
const dialog = $("confirm");
$("leave").textContent = t("leave");
$("c-title").textContent = t("c_title");
$("c-yes").textContent = t("yes");
$("c-no").textContent = t("no");
$("leave").addEventListener("click", () => {
  $("error").textContent = "";
  $("c-text").textContent = t("c_text", { number: status.number });
  dialog.showModal();
});
$("c-no").addEventListener("click", () => dialog.close());
$("c-yes").addEventListener("click", async () => {
  $("c-yes").disabled = true;
  try {
    const s = await api("POST", `/api/v1/status/${TOKEN}/leave`);
    dialog.close();
    update(s);
    $("headline").focus();
  } catch (e) {
    dialog.close();
    if (e.status === 409) {
      $("error").textContent = t("too_late");
      refresh();
    } else {
      $("error").textContent = t("failed");
    }
  } finally {
    $("c-yes").disabled = false;
  }
});

offline(false);
render();
if (!PROBLEM && status && !FINAL.includes(status.state)) startLive();
