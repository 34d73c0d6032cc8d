// The admin page's live channel: what another administrator, a manager, `config import` or
// another server instance changes shows on an open /admin page without a reload.
//
// The page holds the same staff WebSocket as the desk app (GET /ws with the session cookie) and
// reads the same frames (docs/websocket.md); it keeps no queue, it only notices changes of
// what it shows and tells the page's sections with one document event:
//
//   "admin:changed", detail { what }: "configuration" (services, partners, categories,
//   locations, weekly hours, an import), "accounts", "devices", "services" (closed or reopened
//   now), or "all" (the connection was lost or missed frames: anything may have changed).
//
// Every section reloads its data on it, keeps an open dialog's input as it is (dialogs are
// filled when they open, never by a reload) and keeps the keyboard focus where it was
// (keepingFocus). A change of the configuration is written in every location's log, an
// account's in the first location's, a station's in its own location's: an administrator
// follows every location, a manager the first (all they are shown is there).

const WHAT = {
  configuration_changed: "configuration",
  password_reset: "accounts",
  service_closed: "services",
  service_reopened: "services",
};

/** What a frame changes on this page; null for what the page does not show (the queue). */
function whatChanged(f) {
  if (f.type === "device") return "devices";
  if (f.type !== "update" || f.ticket || typeof f.event !== "string") return null;
  if (f.event.startsWith("account_")) return "accounts";
  return WHAT[f.event] || null;
}

const live = { sockets: [], pending: new Set(), timer: null, writing: 0 };

/** One event per kind of change, shortly after: a change of the configuration arrives once
 *  per location, and a section should read its list once. */
function changed(what) {
  live.pending.add(what);
  clearTimeout(live.timer);
  live.timer = setTimeout(tell, 150);
}

function tell() {
  // Not while this page's own change is under way: a list read now could be drawn after that
  // change's own drawing, with the data from before it. Its answer calls again.
  if (live.writing > 0 || !live.pending.size) return;
  const whats = live.pending.has("all") ? ["all"] : [...live.pending];
  live.pending.clear();
  for (const w of whats) document.dispatchEvent(new CustomEvent("admin:changed", { detail: { what: w } }));
}

// The page's own changes (every request but a GET), counted while they are under way.
const plainFetch = window.fetch.bind(window);
window.fetch = async (input, init) => {
  const write = !!init && !!init.method && init.method.toUpperCase() !== "GET";
  if (write) live.writing += 1;
  try {
    return await plainFetch(input, init);
  } finally {
    if (write) {
      live.writing -= 1;
      // The answer's own drawing first (it reads the list again as it comes back).
      if (live.writing === 0) { clearTimeout(live.timer); live.timer = setTimeout(tell, 150); }
    }
  }
};

function open(s) {
  const q = s.location ? `?location=${encodeURIComponent(s.location)}` : "";
  const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws${q}`);
  s.ws = ws;
  s.seq = null;
  ws.onmessage = (m) => {
    if (s.ws !== ws) return;
    let f;
    try { f = JSON.parse(m.data); } catch { return; }
    frame(s, f);
  };
  ws.onclose = (ev) => {
    if (s.ws !== ws) return;
    s.ws = null;
    if (ev.code === 4401) {
      // The session ended (logout elsewhere, account disabled, password reset): admin.js asks
      // to log in again.
      document.dispatchEvent(new CustomEvent("admin:session-ended"));
      return;
    }
    s.timer = setTimeout(() => open(s), s.backoff);
    s.backoff = Math.min(s.backoff * 2, 15000);
  };
}

function frame(s, f) {
  if (f.type === "snapshot") {
    // The first is the page's start; any later one follows a reconnect or a resync, when
    // changes may have been missed.
    if (s.seen) changed("all");
    s.seen = true;
    s.seq = f.seq;
    s.backoff = 1000;
    return;
  }
  if (s.seq === null || typeof f.seq !== "number" || f.seq <= s.seq) return;
  if (f.seq !== s.seq + 1) {
    s.seq = null;
    try { s.ws.send(JSON.stringify({ type: "resync" })); } catch { /* a reconnect follows */ }
    return;
  }
  s.seq = f.seq;
  const what = whatChanged(f);
  if (what) changed(what);
}

/** Follows `locations` (keys; none: the first location) until stopLive(). */
export function startLive(locations) {
  stopLive();
  const keys = locations && locations.length ? locations : [null];
  live.sockets = keys.map((key) => ({ location: key, ws: null, seq: null, seen: false, backoff: 1000, timer: null }));
  for (const s of live.sockets) open(s);
}

export function stopLive() {
  for (const s of live.sockets) {
    clearTimeout(s.timer);
    const ws = s.ws;
    s.ws = null;
    if (ws) ws.close();
  }
  live.sockets = [];
}

/** Whether a section listening for `kinds` reads its data again on this "admin:changed". */
export function concerns(ev, ...kinds) {
  const what = ev.detail && ev.detail.what;
  return what === "all" || kinds.includes(what);
}

/** Draws `container` again with `redraw` (async) and puts the keyboard focus back on the
 *  control that had it just before (found again by its aria-label, or its text), so that a
 *  change made elsewhere never throws a keyboard user out of the list. The focus may move
 *  while the data is read (the page's own action puts it on a row's button): the last place
 *  counts. Reloads of one list run one after the other, the last with the newest data. */
export async function keepingFocus(container, redraw) {
  if (running.has(container)) { running.set(container, true); return; }
  running.set(container, false);
  // Where the focus was last, and whether that was in the list (asked then: a button drawn
  // away is no longer in it).
  let last = document.activeElement;
  let inside = !!last && last !== container && container.contains(last);
  const track = (e) => { last = e.target; inside = last !== container && container.contains(last); };
  document.addEventListener("focusin", track);
  try {
    await redraw();
  } finally {
    document.removeEventListener("focusin", track);
  }
  const again = running.get(container);
  running.delete(container);
  const lost = inside && !container.contains(document.activeElement);
  const label = lost ? (last.getAttribute("aria-label") || last.textContent)
    : document.activeElement === document.body ? wanted.get(container) : null;
  if (label) {
    const same = [...container.querySelectorAll("button, a, input, select")]
      .find((c) => (c.getAttribute("aria-label") || c.textContent) === label);
    if (same) same.focus();
    // Data read before the page's own last action may lack the control for a moment: the
    // next drawing (that action's own frame follows) puts the focus there.
    else wanted.set(container, label);
  }
  if (again) await keepingFocus(container, redraw);
}

/** The lists being drawn again; true: once more after (a change came in meanwhile). */
const running = new Map();
/** Per list, the control the focus should go back to when it appears again. */
const wanted = new Map();
document.addEventListener("focusin", () => wanted.clear());
