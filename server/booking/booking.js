// The public booking page: service → day → time → short form → confirmation at
// /book/{manage_token}, where the citizen can also cancel or move the appointment. With the
// days, a citizen who has their own social worker can pick them, among that service's own
// social workers only (the catalogue lists the services each one takes).
// No account, no cookies, nothing from other sites: everything comes from /api/v1/public.
// Times are shown in Europe/Brussels, whatever the phone's own time zone.

import {
  $, api as call, ApiError, serverSaid, el as h, announce, fmtBrussels, brusselsDay,
} from "/web/common.js";


// The page's words are the catalogue's `booking-…` messages (`i18n/<lang>.ftl`): the server
// writes the page's language's catalogue and the Dutch one into the page (a data block, as the
// CSP allows no inline script), so the first render needs no round trip; another language is
// fetched from /i18n/ when the citizen picks it. `t("chooseDay")` is `booking-choose-day`;
// counts are Fluent selectors on `$n` (Ukrainian and Arabic have more forms than two).
const CATALOGUE = JSON.parse(document.getElementById("catalogue").textContent);
let text = window.onthaalCatalogueOf(CATALOGUE.lang, CATALOGUE.sources);
// Dates and times in the page's language, by its catalogue's `language-locale` (Arabic's asks
// for Latin digits and the 24-hour clock, so times match what the office says and writes).
const locale = () => text("language-locale");

const S = {
  lang: CATALOGUE.lang,
  token: null,
  catalogue: null,
  service: null,
  staff: "",
  slots: [],
  day: null,
  slot: null,
  form: { name: "", email: "", phone: "", consent: false },
  notice: null,
  appointment: null,
  mode: "view",
};

const t = (key, args) => text(`booking-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, args);
const STEPS = ["stepService", "stepDay", "stepTime", "stepDetails"];
const app = () => $("app");

// A service's name marked with the language it is in: Dutch where the configuration has no
// translation, so that a screen reader reads it with a Dutch voice.
function serviceName(s) {
  return h("span", { lang: s.name_lang }, s.name);
}

function fmtDay(iso, opts = { weekday: "long", day: "numeric", month: "long" }) {
  return fmtBrussels(locale(), iso, opts);
}
function fmtTime(iso) {
  return fmtBrussels(locale(), iso, { hour: "2-digit", minute: "2-digit" });
}
const localDate = (iso) => iso.slice(0, 10); // slots carry Brussels' own offset

/** The public API (`/api/v1/public…`) in the page's language. The server's own refusals come
 * in that language; a failure it did not explain (no answer, or a proxy's bare status) is
 * thrown as code "offline" with the page's "no connection" sentence. */
async function api(method, path, body) {
  const sep = path.includes("?") ? "&" : "?";
  try {
    return await call(method, `/api/v1/public${path}${sep}lang=${S.lang}`, body ? { ...body, lang: S.lang } : undefined);
  } catch (e) {
    if (serverSaid(e)) throw e;
    throw new ApiError(e.status, "offline", t("offline"), { network: e.network });
  }
}

function say(text) {
  announce($("live"), text, 50);
}

/** Replaces the page content and moves focus to its heading. */
function show(...nodes) {
  const root = app();
  root.replaceChildren(...nodes.flat(Infinity).filter(Boolean));
  root.setAttribute("aria-busy", "false");
  const hd = root.querySelector("h1");
  if (hd) {
    hd.setAttribute("tabindex", "-1");
    hd.focus();
  }
}

function notice() {
  if (!S.notice) return null;
  const n = S.notice;
  S.notice = null;
  return h("div", { class: `notice ${n.kind}`, role: n.kind === "error" ? "alert" : "status" }, n.text);
}

function steps(n) {
  return h("ol", { class: "steps", "aria-label": t("stepOf", { n }) },
    STEPS.map((key) => t(key)).map((name, i) => h("li", { "aria-current": i + 1 === n ? "step" : null }, `${i + 1}. ${name}`)));
}

function backButton(onclick) {
  // The arrow is drawn, not read; the style sheet turns it to point right in right-to-left.
  return h("button", { type: "button", class: "secondary back", onclick },
    h("span", { class: "arrow", "aria-hidden": "true" }, "←"), t("back"));
}

/** "Questions? Call us: 02 …", the number isolated left to right and kept on
 * one line. */
function callUs(phone) {
  return [t("call"), " ", h("span", { class: "tel", dir: "ltr" }, phone)];
}

// ---- booking: service → day → time → form ----

async function loadCatalogue() {
  let catalogue;
  try {
    catalogue = await api("GET", "/services");
  } catch (e) {
    S.notice = { kind: "error", text: e.message };
    return false;
  }
  S.catalogue = catalogue;
  $("place").textContent = catalogue.location.name;
  if (S.service) S.service = catalogue.services.find((s) => s.key === S.service.key) || null;
  return true;
}

function renderServices() {
  const c = S.catalogue;
  show(
    h("h1", {}, t("title")),
    h("p", { class: "lead" }, t("intro")),
    steps(1),
    notice(),
    !c ? null : c.services.length === 0 ? h("p", { class: "notice" }, t("noServices")) : [
      h("h2", { id: "svc-h" }, t("chooseService")),
      h("ul", { class: "choices", "aria-labelledby": "svc-h" },
        c.services.map((s) => h("li", {},
          h("button", { type: "button", class: "choice", id: `svc-${s.key}`, onclick: () => pickService(s) },
            h("strong", { lang: s.name_lang }, s.name),
            s.description ? h("span", { lang: s.description_lang }, s.description) : null)))),
    ],
    // The place on a line of its own, isolated: in Arabic, Dutch names and an address
    // mixed into one right-to-left sentence come out scrambled.
    c ? h("p", { class: "lead footer" }, h("bdi", {}, `${c.location.name}, ${c.location.address}`), h("br"), callUs(c.location.phone)) : null,
  );
}

/** The social workers a citizen may name for a service: those who take it. */
function workersOf(service) {
  return S.catalogue ? S.catalogue.staff.filter((w) => w.services.includes(service.key)) : [];
}

async function pickService(s) {
  S.service = s;
  // A worker chosen for another service may not take this one: back to no preference.
  if (!workersOf(s).some((w) => String(w.id) === S.staff)) S.staff = "";
  await loadSlots();
  renderDays();
}

async function loadSlots() {
  // Four weeks ahead, as a Brussels date.
  const to = brusselsDay(Date.now() + 27 * 86400000);
  let path;
  if (S.mode === "move") {
    path = `/appointments/${S.token}/slots?to=${to}`;
  } else {
    const q = new URLSearchParams({ service: S.service.key, to });
    if (S.staff) q.set("staff", S.staff);
    path = `/slots?${q}`;
  }
  try {
    S.slots = await api("GET", path);
  } catch (e) {
    S.notice = { kind: "error", text: e.message };
    S.slots = [];
  }
}

function dayGroups() {
  const days = new Map();
  for (const s of S.slots) {
    const d = localDate(s.start);
    if (!days.has(d)) days.set(d, []);
    days.get(d).push(s);
  }
  return days;
}

function dayList() {
  const days = dayGroups();
  return days.size === 0 ? h("p", { class: "notice" }, t("noDays")) :
    h("ul", { class: "choices days" }, [...days].map(([d, list]) => h("li", {},
      h("button", { type: "button", class: "choice", "data-day": d, onclick: () => { S.day = d; renderTimes(); } },
        h("strong", {}, fmtDay(list[0].start, { weekday: "long" })),
        h("span", {}, fmtDay(list[0].start, { day: "numeric", month: "long" })),
        h("span", {}, t("free", { n: list.length }))))));
}

/** "Do you already have a social worker?", among the service's own ones; only when there is a
 * choice (with one, "no preference" is that one anyway). */
function workerChoice() {
  const workers = workersOf(S.service);
  if (workers.length < 2) return null;
  return h("div", { class: "worker" },
    h("label", { for: "worker" }, t("worker"), h("span", { class: "hint", id: "worker-hint" }, t("workerHint"))),
    h("select", { id: "worker", "aria-describedby": "worker-hint", onchange: pickWorker },
      h("option", { value: "" }, t("noPreference")),
      workers.map((w) => h("option", { value: String(w.id), selected: String(w.id) === S.staff }, w.name))));
}

/** Another worker: their free days replace the list, and focus stays on the choice. */
async function pickWorker(e) {
  S.staff = e.target.value;
  await loadSlots();
  document.getElementById("days").replaceChildren(...[notice(), dayList()].filter(Boolean));
  const n = dayGroups().size;
  say(n === 0 ? t("noDays") : t("daysFound", { n }));
}

function renderDays() {
  const moving = S.mode === "move";
  show(
    h("h1", {}, moving ? t("moveTitle") : t("chooseDay")),
    moving ? h("p", { class: "lead" }, t("moveIntro")) : h("p", { class: "lead" }, serviceName(S.service)),
    moving ? null : steps(2),
    moving ? null : workerChoice(),
    h("div", { id: "days" }, notice(), dayList()),
    backButton(() => (moving ? renderAppointment() : renderServices())),
  );
}

function renderTimes() {
  const list = dayGroups().get(S.day) || [];
  const moving = S.mode === "move";
  show(
    h("h1", {}, t("chooseTime")),
    h("p", { class: "lead" }, [moving ? null : [serviceName(S.service), " · "], list[0] ? fmtDay(list[0].start) : S.day]),
    moving ? null : steps(3),
    notice(),
    h("ul", { class: "choices times" }, list.map((s) => h("li", {},
      h("button", {
        type: "button", class: "choice", "data-start": s.start,
        "aria-label": moving ? t("moveTo", { day: fmtDay(s.start), time: fmtTime(s.start) }) : null,
        onclick: () => (moving ? moveTo(s) : pickTime(s)),
      }, fmtTime(s.start))))),
    backButton(renderDays),
  );
}

function pickTime(s) {
  S.slot = s;
  renderForm({});
}

function field(id, type, label, hint, errors, extra = {}) {
  const err = errors[id];
  const described = [hint ? `${id}-hint` : null, err ? `${id}-err` : null].filter(Boolean).join(" ") || null;
  return [
    h("label", { for: id }, label, hint ? h("span", { class: "hint", id: `${id}-hint` }, hint) : null),
    h("input", {
      id, name: id, type, value: S.form[id], "aria-describedby": described, "aria-invalid": err ? "true" : null,
      oninput: (e) => { S.form[id] = e.target.value; }, ...extra,
    }),
    err ? h("p", { class: "field-error", id: `${id}-err` }, err) : null,
  ];
}

// Which field an error code belongs to.
const FIELD_OF = { missing_name: "name", invalid_contact: "name", invalid_email: "email", missing_contact: "email", invalid_phone: "phone", consent_required: "consent" };

function renderForm(errors) {
  const s = S.slot;
  const summary = h("dl", { class: "summary card" },
    h("dt", {}, t("service")), h("dd", {}, serviceName(S.service)),
    h("dt", {}, t("date")), h("dd", {}, fmtDay(s.start)),
    h("dt", {}, t("time")), h("dd", {}, fmtTime(s.start)));
  const consentErr = errors.consent;
  const form = h("form", { novalidate: true, onsubmit: submit },
    h("p", {}, t("detailsIntro")),
    // A name is written in its own script whatever the page's language; an e-mail address and
    // a phone number always left to right (typed right to left, a number's groups would swap).
    field("name", "text", t("name"), null, errors, { autocomplete: "name", required: true, dir: "auto" }),
    // A reminder is promised only where the server has a mail server to send it.
    field("email", "email", t("email"), S.catalogue.email_reminders ? t("emailHint") : null, errors, { autocomplete: "email", inputmode: "email", dir: "ltr" }),
    field("phone", "tel", `${t("phone")} ${t("optional")}`, t("phoneHint"), errors, { autocomplete: "tel", inputmode: "tel", dir: "ltr" }),
    h("label", { class: "consent", for: "consent" },
      h("input", {
        type: "checkbox", id: "consent", checked: S.form.consent, "aria-invalid": consentErr ? "true" : null,
        "aria-describedby": consentErr ? "consent-err" : null, onchange: (e) => { S.form.consent = e.target.checked; },
      }),
      h("span", {}, t("consent"))),
    consentErr ? h("p", { class: "field-error", id: "consent-err" }, consentErr) : null,
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "primary", id: "book" }, t("book")),
      backButton(renderTimes)));
  show(h("h1", {}, t("yourDetails")), steps(4), notice(), summary, form);
  const first = Object.keys(errors)[0];
  if (first) document.getElementById(first)?.focus();
}

async function submit(e) {
  e.preventDefault();
  const btn = document.getElementById("book");
  btn.disabled = true;
  btn.textContent = t("booking");
  const f = S.form;
  let booked;
  try {
    booked = await api("POST", "/appointments", {
      service: S.service.key, start: S.slot.start, staff: S.staff ? Number(S.staff) : undefined,
      name: f.name, email: f.email, phone: f.phone, consent: f.consent,
    });
  } catch (e) {
    await refused(e);
    return;
  }
  sessionStorage.setItem("onthaal-booked", booked.manage_token);
  location.assign(`/book/${encodeURIComponent(booked.manage_token)}?lang=${S.lang}`);
}

/** A booking the server refused: back to the step where the citizen can set it right. */
async function refused(error) {
  const code = error.code;
  if (code === "staff_not_for_service" || code === "unknown_staff") {
    // The chosen worker no longer takes this service: the service's workers and times again.
    S.staff = "";
    await loadCatalogue();
    S.notice = { kind: "error", text: error.message };
    if (!S.service) { renderServices(); return; }
    await loadSlots();
    renderDays();
    return;
  }
  if (code === "slot_taken" || code === "in_past" || code === "invalid_start") {
    // Someone was quicker: fresh times of that day.
    S.notice = { kind: "error", text: `${error.message}` };
    await loadSlots();
    S.notice = { kind: "error", text: `${error.message} ${t("taken")}` };
    renderTimes();
    return;
  }
  const fieldName = FIELD_OF[code];
  if (fieldName) {
    S.notice = { kind: "error", text: t("fixErrors") };
    renderForm({ [fieldName]: error.message });
  } else {
    S.notice = { kind: "error", text: error.message };
    renderForm({});
  }
}

// ---- the appointment behind a manage token ----

async function loadAppointment() {
  let appointment;
  try {
    appointment = await api("GET", `/appointments/${S.token}`);
  } catch (e) {
    show(h("h1", {}, t("yourAppointment")),
      h("div", { class: "notice error", role: "alert" }, e.status === 404 ? t("notFound") : e.message),
      h("a", { class: "button", href: `/book?lang=${S.lang}` }, t("newBooking")));
    return;
  }
  S.appointment = appointment;
  $("place").textContent = appointment.location.name;
  renderAppointment();
}

function renderAppointment() {
  S.mode = "view";
  const a = S.appointment;
  const cancelled = a.state === "cancelled";
  const justBooked = sessionStorage.getItem("onthaal-booked") === S.token;
  if (justBooked) {
    sessionStorage.removeItem("onthaal-booked");
    S.notice = { kind: "ok", text: t("booked") };
  }
  const loc = a.location;
  show(
    h("h1", {}, t("yourAppointment")),
    notice(),
    cancelled ? h("div", { class: "notice error", role: "status" }, t("cancelled")) : null,
    h("section", { class: `card${cancelled ? " cancelled" : ""}`, "aria-label": t("yourAppointment") },
      h("dl", { class: "summary" },
        h("dt", {}, t("service")), h("dd", { lang: a.service_name_lang }, a.service_name),
        h("dt", {}, t("date")), h("dd", { id: "a-date" }, fmtDay(a.start, { weekday: "long", day: "numeric", month: "long", year: "numeric" })),
        h("dt", {}, t("time")), h("dd", { id: "a-time" }, `${fmtTime(a.start)} – ${fmtTime(a.end)}`),
        h("dt", {}, t("place")), h("dd", {}, `${loc.name}, ${loc.address}`),
        a.room ? [h("dt", {}, t("room")), h("dd", { id: "a-room" }, a.room)] : null),
      cancelled ? null : h("div", { class: "code-box" },
        h("div", {},
          h("p", { class: "hint" }, t("code")),
          h("p", { class: "code", id: "a-code", dir: "ltr" }, a.code)),
        h("img", { class: "qr", id: "a-qr", src: `/book/${encodeURIComponent(S.token)}/qr.svg`, alt: t("qrAlt", { code: a.code.split("").join(" ") }), width: 160, height: 160 })),
      cancelled ? null : h("p", { class: "hint" }, t("codeHint"))),
    cancelled ? null : h("p", {}, t("keepLink"), " ", h("a", { class: "link", href: a.manage_url, dir: "ltr" }, a.manage_url)),
    a.can_change ? h("div", { class: "actions", id: "actions" },
      h("button", { type: "button", class: "primary", id: "move", onclick: startMove }, t("moveBtn")),
      h("button", { type: "button", class: "secondary", id: "cancel", onclick: askCancel }, t("cancelBtn")))
      : cancelled ? null : h("p", { class: "notice" }, t("over")),
    cancelled || !a.can_change ? h("a", { class: "button", href: `/book?lang=${S.lang}` }, t("newBooking")) : null,
    h("p", { class: "lead" }, callUs(loc.phone)),
  );
}

function askCancel() {
  const box = h("div", { class: "card", role: "group", "aria-labelledby": "cancel-q" },
    h("p", { id: "cancel-q" }, h("strong", {}, t("cancelAsk"))),
    h("button", { type: "button", class: "primary danger", id: "cancel-yes", onclick: doCancel }, t("cancelYes")),
    h("button", { type: "button", class: "secondary", id: "cancel-no", onclick: renderAppointment }, t("cancelNo")));
  document.getElementById("actions").replaceWith(box);
  document.getElementById("cancel-no").focus();
}

async function doCancel() {
  try {
    S.appointment = await api("POST", `/appointments/${S.token}/cancel`, {});
    say(t("cancelled"));
  } catch (e) {
    S.notice = { kind: "error", text: e.message };
  }
  renderAppointment();
}

async function startMove() {
  S.mode = "move";
  await loadSlots();
  renderDays();
}

async function moveTo(s) {
  try {
    S.appointment = await api("POST", `/appointments/${S.token}/move`, { start: s.start });
  } catch (e) {
    if (e.code === "slot_taken") {
      await loadSlots();
      S.notice = { kind: "error", text: `${e.message} ${t("taken")}` };
      renderTimes();
      return;
    }
    S.notice = { kind: "error", text: e.message };
    renderAppointment();
    return;
  }
  S.notice = { kind: "ok", text: t("moved") };
  renderAppointment();
}

// ---- language and start ----

function markLang() {
  document.documentElement.lang = S.lang;
  document.documentElement.dir = text("language-direction");
  document.getElementById("skip").textContent = t("skip");
  document.title = `${t(S.token ? "yourAppointment" : "title")} · Onthaal`;
  for (const b of document.querySelectorAll("#langs button")) {
    b.setAttribute("aria-current", b.dataset.lang === S.lang ? "true" : "false");
  }
  const u = new URL(location.href);
  u.searchParams.set("lang", S.lang);
  history.replaceState(null, "", u);
}

async function setLang(lang) {
  S.lang = lang;
  const words = lang === CATALOGUE.lang
    ? window.onthaalCatalogueOf(lang, CATALOGUE.sources)
    : await window.onthaalCatalogue(lang);
  // A quicker second choice wins.
  if (S.lang !== lang) return;
  text = words;
  await loadPage();
}

/** The page in the chosen language: the appointment of the address, or the services to book. */
async function loadPage() {
  markLang();
  if (S.token) {
    await loadAppointment();
  } else {
    await loadCatalogue();
    renderServices();
  }
}

async function start() {
  const m = location.pathname.match(/^\/book\/([A-Za-z0-9]+)\/?$/);
  S.token = m ? m[1] : null;
  for (const b of document.querySelectorAll("#langs button")) {
    b.addEventListener("click", () => setLang(b.dataset.lang));
  }
  await loadPage();
}

start();
