// The manager's dashboard: live figures per service and desk (refreshed on every WebSocket
// frame), and the figures of a chosen period as key numbers, charts (Chart.js, vendored) and
// data tables. Every chart has its table (the same rows as its CSV export) and a text summary
// for screen readers; colours are the Okabe–Ito palette, which colour-blind readers can tell
// apart, and no chart relies on colour alone (labels, legends, tables).
//
// Its tables and lists are HTML strings with every value escaped (`esc`); `$` and `$$` here
// take a CSS selector, as those strings are searched by class as well as by id.

import { api, fmtDate as dayNl, fmtShortDate as shortDay, isoDay as isoLocal } from "/web/common.js";

const $ = (s, el = document) => el.querySelector(s);
const $$ = (s, el = document) => [...el.querySelectorAll(s)];
// Okabe–Ito, then Tol's wine and teal: ten colours that stay distinct for colour-blind readers.
const COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#999999", "#882255", "#44AA99"];
const nf0 = new Intl.NumberFormat("nl-BE", { maximumFractionDigits: 0 });
const nf1 = new Intl.NumberFormat("nl-BE", { maximumFractionDigits: 1 });
const charts = new Map();
let me = null;
let lastPeriod = null;

// ---- formatting -------------------------------------------------------------------------

/** Seconds as people read a wait: "0:45 min", "21:34 min", "1 u 05 min" (compact, so a
 * table row stays on one line at 1366 px). */
function dur(s) {
  if (s === null || s === undefined) return "–";
  const neg = s < 0 ? "−" : "";
  s = Math.round(Math.abs(s));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  if (h > 0) return `${neg}${h} u ${String(m).padStart(2, "0")} min`;
  return `${neg}${m}:${String(r).padStart(2, "0")} min`;
}
const pct = (x) => (x === null || x === undefined ? "–" : `${nf1.format(x * 100)} %`);
const num = (x) => (x === null || x === undefined ? "–" : (Number.isInteger(x) ? nf0 : nf1).format(x));
function cell(value, unit, row) {
  // The summary table has one unit per row (its third column).
  if (unit === "value" && row) unit = { s: "s", aandeel: "share" }[row[2]] || "count";
  switch (unit) {
    case "s": return dur(value);
    case "share": return pct(value);
    case "min": return value === null ? "–" : `${num(value)} min`;
    case "date": return value ? dayNl(value) : "–";
    case "count": case "value": case "hour": return typeof value === "number" ? num(value) : (value ?? "–");
    default: return value ?? "–";
  }
}
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));

// ---- login ------------------------------------------------------------------------------

function show(state) {
  document.body.dataset.state = state;
  $("#login").hidden = state !== "login";
  $("#app").hidden = state === "login" || state === "loading";
  $("#me").hidden = !me;
}

async function start() {
  try {
    me = await api("GET", "/api/v1/auth/me");
  } catch (e) {
    me = null;
    show("login");
    return;
  }
  if (!me.roles || !(me.roles.includes("manager") || me.roles.includes("admin"))) {
    $("#login-error").textContent = "Dit account mag het dashboard niet bekijken. Meld u aan als diensthoofd of beheerder.";
    me = null;
    show("login");
    return;
  }
  $("#me-name").textContent = me.name;
  show("app");
  await loadChoices();
  const hashLocation = new URLSearchParams(location.hash.slice(1)).get("location");
  if (hashLocation && [...$("#f-location").options].some((o) => o.value === hashLocation)) $("#f-location").value = hashLocation;
  await loadLocationChoices();
  readHash();
  startLive();
  await loadPeriod();
}

$("#login-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  $("#login-error").textContent = "";
  try {
    await api("POST", "/api/v1/auth/login", { username: $("#username").value.trim(), password: $("#password").value });
    $("#password").value = "";
    await start();
  } catch (e) {
    // 429 (too many attempts: how long to wait) and 503 (busy) come with a Dutch sentence.
    $("#login-error").textContent = e.status === 401 ? "Gebruikersnaam of wachtwoord klopt niet."
      : e.status === 429 || e.status === 503 ? e.message : `Aanmelden lukt niet: ${e.message}`;
  }
});
$("#logout").addEventListener("click", async () => {
  try { await api("POST", "/api/v1/auth/logout"); } catch {}
  location.reload();
});

// ---- filters ----------------------------------------------------------------------------

function fill(sel, items, keepFirst = true) {
  const first = keepFirst ? sel.options[0] : null;
  sel.replaceChildren(...(first ? [first] : []));
  for (const [value, label] of items) {
    const o = document.createElement("option");
    o.value = value; o.textContent = label; sel.append(o);
  }
}

/** The location chosen (its key), or "" for the server's first location. */
const locationKey = () => $("#f-location").value;
const withLocation = (path) => (locationKey() ? `${path}${path.includes("?") ? "&" : "?"}location=${encodeURIComponent(locationKey())}` : path);

async function loadChoices() {
  const [live0, staff] = await Promise.all([api("GET", "/api/v1/stats/live"), api("GET", "/api/v1/staff").catch(() => [])]);
  fill($("#f-location"), live0.locations.map((l) => [l.key, l.name]), false);
  // Names only in this list, for choosing; figures and exports carry the id, never the name.
  fill($("#f-staff"), staff.map((s) => [s.id, s.name]));
}

/** Services and desks of the chosen location. */
async function loadLocationChoices() {
  const [services, desks] = await Promise.all([api("GET", withLocation("/api/v1/services")), api("GET", withLocation("/api/v1/desks"))]);
  fill($("#f-service"), services.map((s) => [s.key, s.name]));
  fill($("#f-desk"), desks.map((d) => [d.id, d.name]));
}

$("#f-location").addEventListener("change", async () => {
  // Services and desks differ per location: their filters start over.
  await loadLocationChoices();
  restartLive();
  loadPeriod();
});

function periodDates(kind) {
  const t = new Date();
  const today = isoLocal(t);
  const back = (n) => { const d = new Date(t); d.setDate(d.getDate() - n); return isoLocal(d); };
  switch (kind) {
    case "today": return [today, today];
    case "week": return [back((t.getDay() + 6) % 7), today];
    case "month": return [isoLocal(new Date(t.getFullYear(), t.getMonth(), 1)), today];
    case "last30": return [back(29), today];
    case "lastmonth": return [isoLocal(new Date(t.getFullYear(), t.getMonth() - 1, 1)), isoLocal(new Date(t.getFullYear(), t.getMonth(), 0))];
    case "year": return [back(364), today];
    default: return [$("#f-from").value || today, $("#f-to").value || today];
  }
}

function syncDates() {
  const kind = $("#f-period").value;
  if (kind !== "custom") {
    const [from, to] = periodDates(kind);
    $("#f-from").value = from;
    $("#f-to").value = to;
  }
}
$("#f-period").addEventListener("change", syncDates);
for (const id of ["#f-from", "#f-to"]) $(id).addEventListener("change", () => { $("#f-period").value = "custom"; });

function query() {
  const p = new URLSearchParams();
  if (locationKey()) p.set("location", locationKey());
  p.set("from", $("#f-from").value);
  p.set("to", $("#f-to").value);
  for (const [id, key] of [["#f-service", "service"], ["#f-desk", "desk"], ["#f-staff", "staff"], ["#f-channel", "channel"]]) {
    if ($(id).value) p.set(key, $(id).value);
  }
  return p;
}

function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  $("#f-period").value = p.get("period") || "month";
  syncDates();
  if (p.get("period") === "custom") {
    if (p.get("from")) $("#f-from").value = p.get("from");
    if (p.get("to")) $("#f-to").value = p.get("to");
  }
  for (const [id, key] of [["#f-service", "service"], ["#f-desk", "desk"], ["#f-staff", "staff"], ["#f-channel", "channel"]]) {
    if (p.get(key)) $(id).value = p.get(key);
  }
}

$("#filters").addEventListener("submit", (ev) => { ev.preventDefault(); loadPeriod(); });

// ---- live -------------------------------------------------------------------------------

let live = null, liveAt = 0, ws = null, wsSeq = null, refreshTimer = null, backoff = 1000;

async function refreshLive() {
  try {
    live = await api("GET", withLocation("/api/v1/stats/live"));
    liveAt = Date.now();
    renderLive();
  } catch (e) {
    $("#live-status").textContent = `Live cijfers niet beschikbaar: ${e.message}`;
  }
}

function scheduleLive() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refreshLive, 300);
}

function startLive() {
  refreshLive();
  const url = withLocation(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`);
  const socket = new WebSocket(url);
  ws = socket;
  wsSeq = null;
  socket.onopen = () => { backoff = 1000; };
  socket.onmessage = (m) => {
    const f = JSON.parse(m.data);
    if (f.type === "snapshot") { wsSeq = f.seq; scheduleLive(); return; }
    if (typeof f.seq === "number") {
      // A gap means we missed a frame: ask for a fresh snapshot.
      if (wsSeq !== null && f.seq > wsSeq + 1) ws.send(JSON.stringify({ type: "resync" }));
      wsSeq = Math.max(wsSeq ?? 0, f.seq);
    }
    scheduleLive();
  };
  socket.onclose = () => {
    // A socket closed on purpose (another location chosen) is not a lost connection.
    if (socket !== ws) return;
    $("#live-status").textContent = "Verbinding met de server verbroken; opnieuw verbinden…";
    $("#live-status").classList.add("bad");
    setTimeout(startLive, backoff);
    backoff = Math.min(backoff * 2, 30000);
  };
}
/** Live figures of another location: a new socket for it, the old one closed. */
function restartLive() {
  const old = ws;
  ws = null;
  if (old) old.close();
  live = null;
  startLive();
}
// The "longest wait now" keeps counting between events.
setInterval(() => { if (live) renderLive(true); }, 1000);
// And a full refresh now and then, for desks that fall idle (no event says so).
setInterval(() => { if (live) refreshLive(); }, 60000);

function renderLive(tick = false) {
  const extra = Math.floor((Date.now() - liveAt) / 1000);
  const rows = live.services.map((s) => {
    const longest = s.longest_wait_s === null ? null : s.longest_wait_s + extra;
    const late = longest !== null && longest > s.target_wait_s;
    return `<tr>
      <th scope="row">${esc(s.name)}</th>
      <td><span class="badge ${s.open ? "open" : "closed"}">${s.open ? "open" : "gesloten"}</span></td>
      <td class="num">${num(s.waiting)}</td>
      <td class="num${late ? " late" : ""}">${dur(longest)}${late ? " <span class=\"sr-only\">(boven de streeftijd)</span> ⚠" : ""}</td>
      <td class="num">${dur(s.estimated_wait_s)}</td>
      <td class="num">${num(s.desks_open)}</td>
      <td class="num">${num(s.called_today)}</td>
      <td class="num">${num(s.served_today)}</td>
      <td class="num">${num(s.no_shows_today)}</td>
      <td class="num">${dur(s.median_wait_today_s)}</td>
      <td class="num">${dur(s.target_wait_s)}</td>
    </tr>`;
  });
  $("#live-services tbody").innerHTML = rows.join("");
  if (tick) return;
  $("#live-desks").innerHTML = live.desks.map((d) => {
    const what = d.state === "idle" ? (d.open ? "vrij" : "niet actief")
      : `${d.state === "called" ? "roept" : "helpt"} ${esc(d.ticket)}${d.since ? ` sinds ${new Date(d.since).toLocaleTimeString("nl-BE", { hour: "2-digit", minute: "2-digit" })}` : ""}`;
    return `<li class="${d.state}"><strong>${esc(d.name)}</strong> <span class="what">${what}</span></li>`;
  }).join("");
  const time = new Date(live.at).toLocaleTimeString("nl-BE");
  $("#live-status").classList.remove("bad");
  $("#live-status").textContent = `Live · bijgewerkt om ${time}`;
  $("#where").textContent = live.location_name;
}

// ---- period -----------------------------------------------------------------------------

const TABLES = ["summary", "services", "daily", "heatmap", "wait_histogram", "service_histogram", "triage", "partners", "help_requests", "appointments"];

async function loadPeriod() {
  const q = query();
  const h = new URLSearchParams(q);
  h.set("period", $("#f-period").value);
  history.replaceState(null, "", `#${h}`);
  $("#period-status").classList.remove("bad");
  $("#period-status").textContent = "Cijfers laden…";
  document.body.dataset.period = "loading";
  try {
    const [report, ...tables] = await Promise.all([
      api("GET", `/api/v1/stats?${q}`),
      ...TABLES.map((t) => api("GET", `/api/v1/stats/${t}?${q}`)),
    ]);
    const byName = Object.fromEntries(TABLES.map((t, i) => [t, tables[i]]));
    lastPeriod = { q, report, tables: byName };
    renderKpis(report);
    renderAppointmentText(report.appointments);
    for (const fig of $$("figure.chart")) renderFigure(fig, byName[fig.dataset.table], report);
    const label = $("#f-period").selectedOptions[0].textContent;
    const place = $("#f-location").selectedOptions[0]?.textContent;
    $("#period-status").textContent = `${place ? `${place} · ` : ""}${label}: ${dayNl(report.from)} – ${dayNl(report.to)} · ${num(report.visitors)} bezoekers`;
    document.body.dataset.period = "ready";
  } catch (e) {
    $("#period-status").textContent = `De cijfers konden niet geladen worden: ${e.message}`;
    $("#period-status").classList.add("bad");
    document.body.dataset.period = "error";
  }
}

function renderKpis(r) {
  const k = (label, value, hint = "", cls = "") =>
    `<li class="${cls}"><span class="label">${label}</span><span class="value">${value}</span>${hint ? `<span class="hint">${hint}</span>` : ""}</li>`;
  const sla = r.sla_compliance;
  $("#kpis").innerHTML = [
    k("Bezoekers", num(r.visitors), r.referred_in ? `+ ${num(r.referred_in)} doorverwezen naar deze dienst` : `${num(r.called)} opgeroepen`),
    k("Wachttijd mediaan", dur(r.wait_s.median), `gemiddeld ${dur(r.wait_s.mean)}`),
    k("Wachttijd p90", dur(r.wait_s.p90), `langste ${dur(r.wait_s.max)}`),
    k("Gesprekstijd mediaan", dur(r.service_s.median), `p90 ${dur(r.service_s.p90)}`),
    k("Binnen streeftijd", pct(sla), "van wie opgeroepen werd", sla !== null && sla < 0.8 ? "bad" : ""),
    k("Niet opgedaagd", pct(r.no_show_rate), `${num(r.no_shows)} van ${num(r.called)} opgeroepen`),
    k("Doorverwezen", num(r.transfers), `${num(r.cancelled)} geannuleerd`),
    k("Ticket bij gesloten dienst", num(r.issued_while_closed), r.issued_while_closed ? "hoort 0 te zijn" : "zoals het hoort", r.issued_while_closed ? "bad" : "good"),
    k("Afspraken op tijd", pct(r.appointments.on_time_share),
      r.appointments.booked ? `${num(r.appointments.booked)} afspraken, ${num(r.appointments.no_show)} niet opgedaagd` : "geen afspraken in deze periode"),
    k("Schatting binnen 5 min", pct(r.estimate.within_5_min),
      r.estimate.count ? `gem. fout ${dur(r.estimate.mean_abs_error_s)}, ${r.estimate.bias_s >= 0 ? "te ruim" : "te krap"} ${dur(Math.abs(r.estimate.bias_s))}` : "nog geen gegevens"),
  ].join("");
}

/** The period's appointment figures in words, above their chart. */
function renderAppointmentText(a) {
  $("#appt-limit").textContent = num(a.late_limit_min);
  const w = a.wait_after_arrival_s;
  $("#appt-text").textContent = a.booked
    ? `${num(a.booked)} afspraken: ${num(a.online)} online geboekt (${pct(a.online_share)}), ${num(a.desk)} aan de balie. `
      + `Op tijd ${num(a.on_time)}, te laat ${num(a.late)}${a.late ? ` (mediaan ${dur(a.late_by_s.median)} na het begin)` : ""}, `
      + `niet opgedaagd ${num(a.no_show)} (${pct(a.no_show_rate)}), geannuleerd ${num(a.cancelled)}, nog open ${num(a.open)}. `
      + (w.count ? `Wachttijd na aankomst: mediaan ${dur(w.median)}, p90 ${dur(w.p90)}, langste ${dur(w.max)}.` : "Nog niemand opgeroepen na het inchecken.")
    : "Geen afspraken in deze periode.";
}

// ---- figures: chart + text alternative + table + exports --------------------------------

function tableHtml(t) {
  const unitSuffix = (c) => (c.unit === "s" ? "" : "");
  const head = t.columns.map((c) => `<th scope="col"${["count", "s", "share", "min", "value"].includes(c.unit) ? ' class="num"' : ""}>${esc(c.label)}${unitSuffix(c)}</th>`).join("");
  const body = t.rows.map((r) => `<tr>${r.map((v, i) => {
    const c = t.columns[i];
    const numeric = ["count", "s", "share", "min", "value"].includes(c.unit);
    return i === 0 ? `<th scope="row">${esc(cell(v, c.unit, r))}</th>` : `<td${numeric ? ' class="num"' : ""}>${esc(cell(v, c.unit, r))}</td>`;
  }).join("")}</tr>`).join("");
  return `<table class="data"><caption class="sr-only">${esc(t.title)}, ${dayNl(t.from)} – ${dayNl(t.to)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function rowsOf(t) {
  return t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c.key, r[i]])));
}

function fileName(t, ext) {
  return `onthaal-${t.table}-${t.from.replaceAll("-", "")}-${t.to.replaceAll("-", "")}.${ext}`;
}

function renderFigure(fig, t, report) {
  const kind = fig.dataset.chart;
  // Tools: CSV (from the server, identical to the table) and PNG (the chart as drawn).
  let tools = $(".tools", fig);
  if (!tools) {
    tools = document.createElement("div");
    tools.className = "tools";
    $("figcaption", fig).append(tools);
  }
  const title = $("h3", fig).firstChild.textContent.trim();
  tools.innerHTML = `<a class="small csv" href="/api/v1/stats/export.csv?table=${t.table}&${lastPeriod.q}" download="${fileName(t, "csv")}" aria-label="CSV: ${esc(title)} downloaden">CSV</a>`
    + (kind === "none" ? "" : `<button type="button" class="small png" aria-label="PNG: ${esc(title)} als afbeelding downloaden">PNG</button>`);
  const png = $(".png", tools);
  if (png) png.onclick = () => downloadPng(fig, t);

  let details = $("details", fig);
  if (!details) {
    details = document.createElement("details");
    fig.append(details);
  }
  // Focusable, so a keyboard user can scroll a long table.
  details.innerHTML = `<summary>Tabel met de cijfers</summary><div class="table-wrap" tabindex="0" role="region" aria-label="${esc(title)}: tabel">${tableHtml(t)}</div>`;
  if (kind === "none") details.open = true;

  const rows = rowsOf(t);
  if (kind === "heatmap") return renderHeatmap(fig, t, rows);
  if (kind === "none") return;
  const canvas = $("canvas", fig);
  const spec = chartSpec(kind, rows, report);
  canvas.setAttribute("aria-label", spec.summary);
  const old = charts.get(fig);
  if (old) old.destroy();
  if (!window.Chart) { canvas.replaceWith(Object.assign(document.createElement("p"), { className: "empty", textContent: "De grafiekbibliotheek laadde niet; de tabel hieronder heeft de cijfers." })); return; }
  const chart = new Chart(canvas, spec.config);
  charts.set(fig, chart);
  fig.dataset.rendered = "1";
}

const axis = (title, extra = {}) => ({ title: { display: true, text: title, font: { weight: "600" } }, grid: { color: "#e3e6ea" }, ...extra });

function chartSpec(kind, rows, report) {
  const base = (type, data, scales, extra = {}) => ({
    type, data,
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      plugins: { legend: { display: data.datasets.length > 1, position: "bottom" }, tooltip: { enabled: true } },
      scales, ...extra,
    },
  });
  switch (kind) {
    case "visitors": {
      const max = rows.reduce((a, r) => (r.visitors > (a?.visitors ?? -1) ? r : a), null);
      const total = rows.reduce((a, r) => a + r.visitors, 0);
      return {
        summary: `Lijngrafiek van het aantal bezoekers per dag: ${num(total)} in ${rows.length} dagen${max ? `, het meest op ${dayNl(max.day)} (${num(max.visitors)})` : ""}. De tabel eronder geeft elke dag.`,
        config: base("line", {
          labels: rows.map((r) => shortDay(r.day)),
          datasets: [{ label: "Bezoekers", data: rows.map((r) => r.visitors), borderColor: COLORS[0], backgroundColor: COLORS[0], pointRadius: rows.length > 62 ? 0 : 3, borderWidth: 2 }],
        }, { x: axis("Dag", { ticks: { maxTicksLimit: 16, autoSkip: true } }), y: axis("Bezoekers per dag", { beginAtZero: true }) }),
      };
    }
    case "sla": {
      const days = rows.filter((r) => r.sla_compliance !== null);
      const below = days.filter((r) => r.sla_compliance < 0.8).length;
      return {
        summary: `Lijngrafiek van het aandeel bezoekers dat binnen de streeftijd opgeroepen werd, per dag; ${below} van ${days.length} dagen onder 80 %.`,
        config: base("line", {
          labels: rows.map((r) => shortDay(r.day)),
          datasets: [
            { label: "Binnen streeftijd (%)", data: rows.map((r) => (r.sla_compliance === null ? null : Math.round(r.sla_compliance * 1000) / 10)), borderColor: COLORS[2], backgroundColor: COLORS[2], pointRadius: rows.length > 62 ? 0 : 3, borderWidth: 2, spanGaps: false },
            { label: "Doel 80 %", data: rows.map(() => 80), borderColor: COLORS[5], borderDash: [6, 4], pointRadius: 0, borderWidth: 1.5 },
          ],
        }, { x: axis("Dag", { ticks: { maxTicksLimit: 16 } }), y: axis("% binnen streeftijd", { min: 0, max: 100 }) }),
      };
    }
    case "histogram": {
      const labels = rows.map((r) => (r.to_min === null ? `≥ ${r.from_min}` : `${r.from_min}–${r.to_min}`));
      const total = rows.reduce((a, r) => a + r.visits, 0);
      const top = rows.reduce((a, r) => (r.visits > (a?.visits ?? -1) ? r : a), null);
      return {
        summary: `Staafdiagram: verdeling over ${num(total)} bezoeken in vakken van 5 minuten; het vaakst ${top && total ? labels[rows.indexOf(top)] : "–"} minuten.`,
        config: base("bar", {
          labels,
          datasets: [{ label: "Bezoeken", data: rows.map((r) => r.visits), backgroundColor: COLORS[0] }],
        }, { x: axis("Minuten"), y: axis("Aantal bezoeken", { beginAtZero: true }) }),
      };
    }
    case "services": {
      const list = rows.filter((r) => r.called > 0);
      return {
        summary: `Staafdiagram per dienst van de mediane en p90-wachttijd in minuten, naast de streeftijd. ${list.map((r) => `${r.name}: mediaan ${dur(r.wait_median_s)}, p90 ${dur(r.wait_p90_s)}, streeftijd ${dur(r.target_wait_s)}`).join("; ")}.`,
        config: base("bar", {
          labels: list.map((r) => r.name),
          datasets: [
            { label: "Mediaan (min)", data: list.map((r) => r.wait_median_s / 60), backgroundColor: COLORS[0] },
            { label: "p90 (min)", data: list.map((r) => r.wait_p90_s / 60), backgroundColor: COLORS[1] },
            { label: "Streeftijd (min)", data: list.map((r) => r.target_wait_s / 60), backgroundColor: "#ffffff", borderColor: COLORS[6], borderWidth: 2 },
          ],
        }, { x: axis("Minuten wachten", { beginAtZero: true }), y: axis("Dienst") }, { indexAxis: "y" }),
      };
    }
    case "triage": {
      const total = rows.reduce((a, r) => a + r.count, 0);
      const internal = rows.find((r) => r.outcome === "internal")?.count ?? 0;
      const external = rows.find((r) => r.outcome === "external")?.count ?? 0;
      $("#triage-ratio").textContent = internal + external
        ? `Intern : extern = ${nf0.format(Math.round((internal / (internal + external)) * 100))} % : ${nf0.format(Math.round((external / (internal + external)) * 100))} %`
        : "Nog geen doorverwijzingen in deze periode.";
      return {
        summary: `Staafdiagram van de ${num(total)} uitkomsten van het ID-team: ${rows.map((r) => `${r.label.toLowerCase()} ${num(r.count)} (${pct(r.share)})`).join(", ")}.`,
        config: base("bar", {
          labels: rows.map((r) => r.label),
          datasets: [{ label: "Bezoekers", data: rows.map((r) => r.count), backgroundColor: [COLORS[2], COLORS[0], COLORS[1], COLORS[7]] }],
        }, { x: axis("Aantal bezoekers", { beginAtZero: true }), y: axis("Uitkomst") }, { indexAxis: "y" }),
      };
    }
    case "partners": {
      const list = rows.slice(0, 10);
      return {
        summary: list.length ? `Staafdiagram van de externe doorverwijzingen per partner: ${list.map((r) => `${r.name} ${num(r.count)}`).join(", ")}.` : "Geen externe doorverwijzingen in deze periode.",
        config: base("bar", {
          labels: list.map((r) => (r.name.length > 34 ? `${r.name.slice(0, 32)}…` : r.name)),
          datasets: [{ label: "Doorverwijzingen", data: list.map((r) => r.count), backgroundColor: COLORS[1] }],
        }, { x: axis("Aantal doorverwijzingen", { beginAtZero: true }), y: axis("Partner") }, { indexAxis: "y" }),
      };
    }
    case "appointments": {
      const parts = [
        ["on_time", "Op tijd", COLORS[2]], ["late", "Te laat", COLORS[1]], ["no_show", "Niet opgedaagd", COLORS[5]],
        ["cancelled", "Geannuleerd", COLORS[7]], ["open", "Nog open", COLORS[4]],
      ];
      const sum = (k) => rows.reduce((a, r) => a + r[k], 0);
      return {
        summary: `Gestapeld staafdiagram van de afspraken per dag (${num(sum("booked"))} in ${rows.length} dagen): ${parts.map(([k, l]) => `${l.toLowerCase()} ${num(sum(k))}`).join(", ")}. De tabel eronder geeft elke dag, ook de wachttijd na aankomst.`,
        config: base("bar", {
          labels: rows.map((r) => shortDay(r.day)),
          datasets: parts.map(([k, l, c]) => ({ label: l, data: rows.map((r) => r[k]), backgroundColor: c })),
        }, { x: axis("Dag van de afspraak", { stacked: true, ticks: { maxTicksLimit: 16 } }), y: axis("Afspraken", { stacked: true, beginAtZero: true }) }),
      };
    }
    case "help": {
      const weeks = [...new Set(rows.map((r) => r.week))];
      const cats = [...new Map(rows.map((r) => [r.category, r.name])).entries()];
      const total = rows.reduce((a, r) => a + r.count, 0);
      return {
        summary: `Gestapeld staafdiagram van ${num(total)} hulpaanvragen over ${weeks.length} weken, per categorie: ${cats.map(([k, n]) => `${n} ${num(rows.filter((r) => r.category === k).reduce((a, r) => a + r.count, 0))}`).join(", ")}.`,
        config: base("bar", {
          labels: weeks.map((w) => w.replace(/^\d{4}-W/, "week ")),
          datasets: cats.map(([k, n], i) => ({ label: n, data: weeks.map((w) => rows.find((r) => r.week === w && r.category === k)?.count ?? 0), backgroundColor: COLORS[i % COLORS.length] })),
        }, { x: axis("Week", { stacked: true }), y: axis("Hulpaanvragen", { stacked: true, beginAtZero: true }) }),
      };
    }
  }
  throw new Error(`unknown chart ${kind}`);
}

// ---- heatmap: a real table (readable by everyone), shaded by value -----------------------

function shade(x) {
  // From #f2f6fb (x = 0) to #08306b (x = 1).
  const a = [242, 246, 251], b = [8, 48, 107];
  return a.map((v, i) => Math.round(v + (b[i] - v) * x));
}
function luminance([r, g, b]) {
  const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}
function heatCells(rows) {
  const hours = [...new Set(rows.map((r) => r.hour))].sort((a, b) => a - b);
  const days = [1, 2, 3, 4, 5, 6, 7].filter((d) => d <= 5 || rows.some((r) => r.dow === d && r.visitors > 0));
  const max = Math.max(1, ...rows.map((r) => r.per_day ?? 0));
  const at = (d, h) => rows.find((r) => r.dow === d && r.hour === h);
  return { hours, days, max, at };
}
function renderHeatmap(fig, t, rows) {
  const { hours, days, max, at } = heatCells(rows);
  const names = ["", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"];
  const head = `<tr><th scope="col">Weekdag</th>${hours.map((h) => `<th scope="col">${String(h).padStart(2, "0")}u</th>`).join("")}</tr>`;
  const body = days.map((d) => `<tr><th scope="row">${names[d]}</th>${hours.map((h) => {
    const r = at(d, h);
    const v = r?.per_day ?? null;
    const c = shade(v === null ? 0 : v / max);
    const ink = luminance(c) > 0.18 ? "#000" : "#fff";
    return `<td style="background:rgb(${c.join(",")});color:${ink}" title="${names[d]} ${h}u: ${num(v)} per dag (${num(r?.visitors ?? 0)} in totaal)">${v === null ? "–" : num(v)}</td>`;
  }).join("")}</tr>`).join("");
  $(".heatmap-box", fig).innerHTML = `<table class="heat"><caption class="sr-only">Gemiddeld aantal bezoekers per zo'n dag, per weekdag (rijen) en uur van aankomst (kolommen). Donkerder is drukker.</caption><thead>${head}</thead><tbody>${body}</tbody></table>`;
  fig.dataset.rendered = "1";
}

/** The heatmap drawn on a canvas, for its PNG. */
function heatmapCanvas(t) {
  const rows = rowsOf(t);
  const { hours, days, max, at } = heatCells(rows);
  const names = ["", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"];
  const cw = 54, ch = 30, left = 110, top = 60;
  const c = document.createElement("canvas");
  c.width = left + hours.length * cw + 20;
  c.height = top + days.length * ch + 40;
  const x = c.getContext("2d");
  x.fillStyle = "#fff"; x.fillRect(0, 0, c.width, c.height);
  x.fillStyle = "#000"; x.font = "bold 15px sans-serif";
  x.fillText(`Bezoekers per uur en weekdag (gemiddeld per zo'n dag), ${dayNl(t.from)} – ${dayNl(t.to)}`, 10, 22);
  x.font = "13px sans-serif"; x.textAlign = "center";
  hours.forEach((h, i) => x.fillText(`${String(h).padStart(2, "0")}u`, left + i * cw + cw / 2, top - 10));
  days.forEach((d, j) => {
    x.textAlign = "left"; x.fillStyle = "#000";
    x.fillText(names[d], 10, top + j * ch + ch / 2 + 5);
    hours.forEach((h, i) => {
      const v = at(d, h)?.per_day ?? null;
      const col = shade(v === null ? 0 : v / max);
      x.fillStyle = `rgb(${col.join(",")})`;
      x.fillRect(left + i * cw + 1, top + j * ch + 1, cw - 2, ch - 2);
      x.fillStyle = luminance(col) > 0.18 ? "#000" : "#fff";
      x.textAlign = "center";
      x.fillText(v === null ? "–" : num(v), left + i * cw + cw / 2, top + j * ch + ch / 2 + 5);
    });
  });
  return c;
}

function downloadPng(fig, t) {
  let url;
  if (fig.dataset.chart === "heatmap") url = heatmapCanvas(t).toDataURL("image/png");
  else url = charts.get(fig)?.toBase64Image("image/png", 1);
  if (!url) return;
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName(t, "png");
  document.body.append(a);
  a.click();
  a.remove();
}

// ---- Chart.js defaults -------------------------------------------------------------------

function chartDefaults() {
  if (!window.Chart) return;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 13;
  Chart.defaults.color = "#1b1f24";
  Chart.defaults.locale = "nl-BE";
  // PNG exports get a white background instead of a transparent one.
  Chart.register({
    id: "whiteBackground",
    beforeDraw(chart) {
      const { ctx } = chart;
      ctx.save();
      ctx.globalCompositeOperation = "destination-over";
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, chart.width, chart.height);
      ctx.restore();
    },
  });
}

chartDefaults();
start();
