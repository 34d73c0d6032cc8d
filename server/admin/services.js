// The administrator's page, section "Diensten": every service of every location from
// GET /api/v1/admin/services, changed (PATCH /api/v1/admin/services/{key}) or added (POST) in a
// dialog with every field the configuration file has: names and descriptions per language,
// prefix, weekly hours, dated exceptions, public holidays, target wait, walk-in, bookable,
// triage. The server checks a change with the configuration file's rules and says what is
// wrong; a change reaches kiosks and displays at once.
//
// admin.js says when an administrator is in ("admin:ready"); everything here is built with DOM
// nodes and text only.

import { $, api, el, fill, langNl, visitorLanguages, WEEKDAYS_NL } from "/web/common.js";
import { concerns, keepingFocus } from "/admin/live.js";

// Dutch first, then every visitor language a catalogue declares (i18n/<code>.ftl): a language
// added as a catalogue gets its name fields here without a change to this file.
let LANGS = [["nl", "Nederlands"]];
const DAYS = WEEKDAYS_NL;
const FLAGS = [
  ["walk_in", "Inloop: tickets aan de kiosk"],
  ["triage", "ID-team: triage vastleggen"],
  ["transfer_keeps_arrival", "Bij doorverwijzing blijft de aankomsttijd"],
  ["always_open", "Altijd open (geen openingsuren)"],
  ["closed_on_public_holidays", "Gesloten op Belgische feestdagen"],
  ["appointments_on_public_holidays", "Afspraken ook op feestdagen"],
  ["bookable", "Online boekbaar voor burgers"],
];
const ERRORS_NL = {
  network: "Geen verbinding met de server. Kijk het netwerk na en probeer opnieuw.",
  forbidden: "Enkel een beheerder beheert diensten.",
  service_exists: "Deze locatie heeft al een dienst met die sleutel.",
  not_found: "Die dienst of locatie bestaat niet (meer).",
  invalid_hours: "De uren kloppen niet",
  invalid_date: "Een datum klopt niet",
  invalid_configuration: "Dat kan zo niet",
};

const state = { services: [], locations: [], editing: null };

function nl(e) {
  const lead = ERRORS_NL[e.code];
  if (e.code === "invalid_hours" || e.code === "invalid_date" || e.code === "invalid_configuration") {
    // The server's words are the configuration file's: they name the field and the reason.
    return `${lead}: ${e.message}`;
  }
  return lead || e.message || `De server antwoordde ${e.status}.`;
}

function say(text) {
  const s = $("status");
  s.textContent = "";
  setTimeout(() => { s.textContent = text; }, 30);
}

async function refresh() {
  $("services-error").textContent = "";
  try {
    state.services = await api("GET", "/api/v1/admin/services");
  } catch (e) {
    $("services-error").textContent = nl(e);
    return;
  }
  state.locations = await api("GET", "/api/v1/admin/locations").then((ls) => ls.map((l) => l.key), () => []);
  render();
}

function hoursText(s) {
  if (s.always_open) return "altijd open";
  const days = DAYS.filter(([d]) => (s.hours[d] || []).length).map(([d, n]) => `${n.slice(0, 2).toLowerCase()} ${s.hours[d].join(", ")}`);
  return days.length ? days.join("; ") : "geen uren";
}

function render() {
  const many = new Set(state.services.map((s) => s.location)).size > 1;
  const rows = state.services.map((s) => {
    const name = s.names.nl || s.key;
    return el("tr", { dataset: { service: s.key } },
      el("td", {}, el("span", { class: "prefix", text: s.prefix }), " ", name, many ? el("span", { class: "hint-inline", text: ` (${s.location})` }) : null),
      el("td", { text: hoursText(s) }),
      el("td", { text: `${s.target_wait_min} min` }),
      el("td", { text: [s.walk_in ? "inloop" : null, s.bookable ? "online boekbaar" : null, s.triage ? "triage" : null].filter(Boolean).join(", ") || "—" }),
      el("td", { class: "actions" }, el("button", { type: "button", "aria-label": `Wijzigen: ${name}`, onclick: () => open(s), text: "Wijzigen" })));
  });
  fill($("service-rows"), rows);
}

/** The dialog's fields, built once: labels and inputs per language, day and flag. */
function build() {
  fill($("service-names"), el("legend", { text: "Naam en korte beschrijving per taal" }),
    LANGS.map(([code, label]) => el("div", { class: "two" },
      el("div", { class: "field" },
        el("label", { for: `service-name-${code}`, text: `Naam (${label})` }),
        el("input", { id: `service-name-${code}`, lang: code, maxlength: 80, autocomplete: "off", required: code === "nl" ? true : null })),
      el("div", { class: "field" },
        el("label", { for: `service-desc-${code}`, text: `Beschrijving (${label})` }),
        el("input", { id: `service-desc-${code}`, lang: code, maxlength: 160, autocomplete: "off" })))));
  fill($("service-hours"), el("legend", { text: "Openingsuren per week" }),
    el("p", { id: "service-hours-hint", class: "hint", text: "Zoals 08:30-12:00, 13:00-16:00. Leeg: gesloten die dag." }),
    DAYS.map(([d, label]) => el("div", { class: "field inline" },
      el("label", { for: `service-hours-${d}`, text: label }),
      el("input", { id: `service-hours-${d}`, autocomplete: "off", "aria-describedby": "service-hours-hint" }))));
  fill($("service-flags"), el("legend", { text: "Werking" }),
    FLAGS.map(([k, label]) => el("label", { class: "choice" },
      el("input", { type: "checkbox", id: `service-${k}` }), " ", label)));
  $("service-always_open").addEventListener("change", syncHours);
}

function syncHours() {
  const open = $("service-always_open").checked;
  for (const [d] of DAYS) $(`service-hours-${d}`).disabled = open;
}

/** The dialog for a service, or for a new one (`s` null). */
function open(s) {
  state.editing = s;
  const fresh = !s;
  const base = s || {
    location: state.services[0] ? state.services[0].location : "", key: "", prefix: "", names: {}, descriptions: {},
    icon: "question", walk_in: true, triage: false, transfer_keeps_arrival: true, target_wait_min: 20, service_min: 10,
    always_open: false, hours: {}, exceptions: [], closed_on_public_holidays: true, appointments_on_public_holidays: false,
    bookable: false, slot_min: 30,
  };
  $("service-title").textContent = fresh ? "Nieuwe dienst" : `Dienst wijzigen: ${s.names.nl || s.key}`;
  $("service-key").value = base.key;
  $("service-key").readOnly = !fresh;
  // A location made under Locaties may have no service yet: it is offered too.
  const locations = [...new Set([...state.services.map((x) => x.location), ...state.locations])];
  fill($("service-location"), locations.map((l) => el("option", { value: l, text: l })));
  $("service-location").value = base.location;
  $("service-location").disabled = !fresh;
  $("service-prefix").value = base.prefix;
  for (const [code] of LANGS) {
    $(`service-name-${code}`).value = base.names[code] || "";
    $(`service-desc-${code}`).value = base.descriptions[code] || "";
  }
  $("service-icon").value = base.icon;
  $("service-target").value = base.target_wait_min;
  $("service-duration").value = base.service_min;
  $("service-slot").value = base.slot_min;
  for (const [k] of FLAGS) $(`service-${k}`).checked = !!base[k];
  for (const [d] of DAYS) $(`service-hours-${d}`).value = (base.hours[d] || []).join(", ");
  $("service-exceptions").value = base.exceptions.map((e) => `${e.date} ${e.hours.length ? e.hours.join(", ") : "gesloten"}`).join("\n");
  syncHours();
  $("service-error").textContent = "";
  $("service-dialog").showModal();
  (fresh ? $("service-key") : $("service-prefix")).focus();
}

function spans(text) {
  return text.split(/[,;]/).map((x) => x.trim()).filter(Boolean);
}

/** What the dialog says, as the API takes it; `null` with a message for what cannot be read. */
function read() {
  const names = {}, descriptions = {}, hours = {};
  for (const [code] of LANGS) {
    const n = $(`service-name-${code}`).value.trim();
    const d = $(`service-desc-${code}`).value.trim();
    if (n) names[code] = n;
    if (d) descriptions[code] = d;
  }
  const always = $("service-always_open").checked;
  if (!always) for (const [d] of DAYS) {
    const list = spans($(`service-hours-${d}`).value);
    if (list.length) hours[d] = list;
  }
  const exceptions = [];
  for (const line of $("service-exceptions").value.split("\n").map((l) => l.trim()).filter(Boolean)) {
    const [date, ...rest] = line.split(/\s+/);
    const what = rest.join(" ");
    exceptions.push({ date, hours: /^gesloten$/i.test(what) || !what ? [] : spans(what) });
  }
  const number = (id) => Number.parseInt($(id).value, 10);
  const body = {
    prefix: $("service-prefix").value.trim().toUpperCase(),
    names, descriptions,
    icon: $("service-icon").value.trim() || "question",
    target_wait_min: number("service-target"),
    service_min: number("service-duration"),
    slot_min: number("service-slot"),
    always_open: always, hours, exceptions,
  };
  for (const [k] of FLAGS) body[k] = $(`service-${k}`).checked;
  for (const [id, label] of [["service-target", "de streefwachttijd"], ["service-duration", "de gemiddelde duur"], ["service-slot", "het tijdslot"]]) {
    if (!Number.isFinite(number(id))) return { error: `Vul ${label} in, in minuten.`, field: id };
  }
  if (!names.nl) return { error: "Een dienst heeft minstens een Nederlandse naam.", field: "service-name-nl" };
  return { body };
}

async function save(ev) {
  ev.preventDefault();
  const { body, error, field } = read();
  if (error) {
    $("service-error").textContent = error;
    $(field).focus();
    return;
  }
  const s = state.editing;
  $("service-submit").disabled = true;
  try {
    let saved;
    if (s) {
      saved = await api("PATCH", `/api/v1/admin/services/${encodeURIComponent(s.key)}?location=${encodeURIComponent(s.location)}`, body);
    } else {
      const key = $("service-key").value.trim();
      if (!key) {
        $("service-error").textContent = "Vul een sleutel in (kleine letters, zoals energie).";
        $("service-key").focus();
        return;
      }
      saved = await api("POST", "/api/v1/admin/services", { ...body, key, location: $("service-location").value });
    }
    $("service-dialog").close();
    await refresh();
    say(`Dienst ${saved.names.nl || saved.key} bewaard. Kiosk en scherm tonen de wijziging meteen.`);
    const row = document.querySelector(`#service-rows tr[data-service="${CSS.escape(saved.key)}"] button`);
    if (row) row.focus();
  } catch (e) {
    $("service-error").textContent = nl(e);
  } finally {
    $("service-submit").disabled = false;
  }
}

async function bind() {
  LANGS = [["nl", "Nederlands"], ...(await visitorLanguages()).map((l) => [l.code, langNl(l.code)])];
  build();
  $("service-form").addEventListener("submit", save);
  $("service-cancel").addEventListener("click", () => $("service-dialog").close());
  $("service-new").addEventListener("click", () => open(null));
}

let bound = false;
document.addEventListener("admin:ready", () => {
  // Without the languages the dialog cannot be built (a save would drop the names it lacks):
  // the section says so, and the next "admin:ready" (a new login) tries again.
  if (!bound) bound = bind().catch((e) => { bound = false; throw e; });
  bound.then(refresh, (e) => { $("services-error").textContent = nl(e); });
});
// A service changed elsewhere (another administrator, an import, another server) shows at
// once; an open dialog keeps what is being typed in it (it is filled when it opens).
document.addEventListener("admin:changed", (ev) => {
  if (bound && document.body.dataset.state === "app" && concerns(ev, "configuration", "services")) {
    keepingFocus($("service-rows"), refresh);
  }
});
