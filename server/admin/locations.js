// The administrator's page (/admin), section "Locaties": each location's settings (name,
// address, phone, closing days, no-show grace, appointment check-in), its desks and rooms with
// their profile (the services each calls visitors from), and its reception printers, through
// /api/v1/admin/locations…. Desks and printers are retired ("Buiten gebruik": no longer offered,
// still named in the history and the statistics) and taken in use again; a location is never
// removed. The server checks the admin role and the configuration file's rules, and says what
// is wrong; every change is live at once, in every desk app, on every server.
//
// admin.js says when an administrator is in ("admin:ready") and when something changed
// elsewhere on the page ("admin:changed"); the section's markup below is static, everything
// from data is built with DOM nodes and text only.

import { $, api, el, fill, fmtDate } from "/web/common.js";
import {
  actionsCell, announce, contactFields, dialogStart, dutch, focusIn, formEnd, keyField, nameField, saveDialog, setActive, statusCell, wireDialog,
} from "/admin/kept.js";

const SECTION = `
  <h2 id="locations-title">Locaties</h2>
  <p class="hint">Elke locatie met haar instellingen, haar balies en spreekkamers en haar printers. Het profiel van een balie zegt welke diensten ze oproept. Buiten gebruik: niet meer aangeboden, maar de geschiedenis en de statistieken noemen ze nog. Een locatie wordt nooit verwijderd. Een wijziging geldt meteen, op elke server en in elke balie-app.</p>
  <p id="locations-status" class="status" role="status" aria-live="polite"></p>
  <p id="locations-error" class="error" role="alert"></p>
  <div id="location-list"></div>
  <button type="button" id="location-new">Nieuwe locatie</button>`;

const DIALOGS = `${dialogStart("location", "Locatie wijzigen")}
      <div class="two" id="location-new-fields">${keyField("location", "Sleutel van de locatie", "noord")}
        <div class="field">
          <label for="location-timezone">Tijdzone</label>
          <input id="location-timezone" autocomplete="off" spellcheck="false" maxlength="60" aria-describedby="location-timezone-hint">
          <p id="location-timezone-hint" class="hint">Bv. Europe/Brussels. Ligt vast zodra de locatie bestaat.</p>
        </div>
      </div>${nameField("location")}${contactFields("location")}
      <div class="field" id="location-from-field">
        <label for="location-from">Diensten</label>
        <select id="location-from" aria-describedby="location-from-hint"></select>
        <p id="location-from-hint" class="hint">Een nieuwe locatie kan de diensten van een andere overnemen (namen, uren, prefix, afspraken), om ze daarna onder Diensten aan te passen.</p>
      </div>
      <div id="location-settings">
        <div class="field">
          <label for="location-closed">Sluitingsdagen van de hele locatie</label>
          <textarea id="location-closed" rows="3" aria-describedby="location-closed-hint"></textarea>
          <p id="location-closed-hint" class="hint">Eén datum per regel, bv. 2026-12-24. Ze gelden voor elke dienst van de locatie.</p>
        </div>
        <div class="two">
          <div class="field">
            <label for="location-grace">Terugzetten na niet opdagen (minuten)</label>
            <input id="location-grace" type="number" min="0" max="1440" inputmode="numeric">
          </div>
          <div class="field">
            <label for="location-appointment">Wachtrij voor aanmelden met afspraak</label>
            <select id="location-appointment"></select>
          </div>
        </div>
        <div class="two">
          <div class="field">
            <label for="location-early">Aanmelden kan vanaf (minuten vóór de afspraak)</label>
            <input id="location-early" type="number" min="0" max="480" inputmode="numeric">
          </div>
          <div class="field">
            <label for="location-late">Aanmelden kan tot (minuten na het begin)</label>
            <input id="location-late" type="number" min="0" max="240" inputmode="numeric">
          </div>
        </div>
        <div class="two">
          <div class="field">
            <label for="location-retention">Contactgegevens bewaren (dagen na de afspraak)</label>
            <input id="location-retention" type="number" min="1" max="3650" inputmode="numeric">
          </div>
          <div class="field">
            <label for="location-per-contact">Online afspraken per e-mailadres of telefoon</label>
            <input id="location-per-contact" type="number" min="1" max="50" inputmode="numeric">
          </div>
        </div>
      </div>
${formEnd("location")}
${dialogStart("desk", "Balie wijzigen")}
      <div class="two">${keyField("desk", "Sleutel", "loket-3")}
        <div class="field">
          <label for="desk-name">Naam</label>
          <input id="desk-name" autocomplete="off" required maxlength="120" aria-describedby="desk-name-hint">
          <p id="desk-name-hint" class="hint">Zoals het wachtzaalscherm ze noemt, bv. „Loket 3”.</p>
        </div>
      </div>
      <div class="field">
        <label for="desk-kind">Soort</label>
        <select id="desk-kind">
          <option value="loket">Loket</option>
          <option value="balie">Balie</option>
          <option value="spreekkamer">Spreekkamer</option>
        </select>
      </div>
      <fieldset id="desk-services" class="choices">
        <legend>Profiel: diensten die deze plaats oproept</legend>
      </fieldset>
${formEnd("desk")}
${dialogStart("printer", "Printer wijzigen")}
      <div class="two">${keyField("printer", "Sleutel", "onthaal")}${nameField("printer")}
      </div>
      <div class="field">
        <label for="printer-uri">Adres van de printer</label>
        <input id="printer-uri" autocomplete="off" autocapitalize="none" spellcheck="false" maxlength="300" aria-describedby="printer-uri-hint">
        <p id="printer-uri-hint" class="hint">Bv. tcp://10.0.0.20:9100 (netwerkprinter), tcp://10.0.0.20:9100?width=58 (smalle rol) of dir:///srv/onthaal/prints/ (map, om te testen). De eerste printer is de standaardprinter.</p>
      </div>
${formEnd("printer")}`;

const KINDS = { loket: "Loket", balie: "Balie", spreekkamer: "Spreekkamer" };

const ERRORS_NL = {
  network: "Geen verbinding met de server. Kijk het netwerk na en probeer opnieuw.",
  forbidden: "Enkel een beheerder beheert locaties, balies en printers.",
  location_exists: "Er is al een locatie met die sleutel.",
  desk_exists: "Deze locatie heeft al een balie of spreekkamer met die sleutel (misschien buiten gebruik: neem die dan weer in gebruik).",
  printer_exists: "Deze locatie heeft al een printer met die sleutel (misschien buiten gebruik: neem die dan weer in gebruik).",
  retired: "Dit is buiten gebruik. Neem het eerst weer in gebruik.",
  configuration_changed_meanwhile: "Iemand anders wijzigde de configuratie op hetzelfde moment; er is niets bewaard. Kijk opnieuw en probeer nog eens.",
  not_found: "Dat bestaat niet (meer). Herlaad de pagina.",
  invalid_configuration: "Dat kan zo niet",
};

const state = { locations: [], drawn: false, location: null, editing: null };

function nl(e) {
  if (e.code === "desk_in_use") {
    // The server names the visitors' numbers between brackets.
    const m = /\(([^)]*)\)/.exec(e.message || "");
    return `Hier zijn nog bezoekers${m ? ` (${m[1]})` : ""}: rond hen eerst af of verwijs hen door naar een andere plaats.`;
  }
  return dutch(ERRORS_NL, e);
}

const say = (text) => announce("locations-status", text);

function draw() {
  if (state.drawn) return;
  state.drawn = true;
  $("locations").innerHTML = SECTION;
  document.body.insertAdjacentHTML("beforeend", DIALOGS);
  $("location-new").addEventListener("click", () => openLocation(null));
  wireDialog("location", saveLocation);
  wireDialog("desk", saveDesk);
  wireDialog("printer", savePrinter);
}

async function refresh() {
  $("locations-error").textContent = "";
  try {
    state.locations = await api("GET", "/api/v1/admin/locations");
  } catch (e) {
    $("locations-error").textContent = nl(e);
    return;
  }
  render();
}

const serviceName = (l, key) => (l.services.find((s) => s.key === key) || { name: key }).name;
const STATUS = ["In gebruik", "Buiten gebruik"];
const WORDS = { retire: "Buiten gebruik stellen", reinstate: "Weer in gebruik nemen" };
const actions = (l, item, kind, edit) => actionsCell(item, WORDS, (x) => edit(l, x), (what) => act(l, kind, item, what));

function settingsLine(l) {
  const parts = [
    l.address, l.phone, l.timezone,
    `terugzetten tot ${l.no_show_grace_min} min na niet opdagen`,
    l.appointment_service ? `aanmelden met afspraak: ${serviceName(l, l.appointment_service)}, ${l.check_in_early_min} min vooraf tot ${l.check_in_late_min} min na het begin` : "geen aanmelden met afspraak",
  ].filter(Boolean);
  return parts.join(" · ");
}

function locationBlock(l) {
  const id = `loc-${l.key}`;
  const deskRows = l.desks.map((d) => el("tr", { dataset: { desk: d.key }, class: d.active ? null : "retired" },
    el("td", { text: d.name }),
    el("td", { text: KINDS[d.kind] || d.kind }),
    el("td", { text: d.services.length ? d.services.map((k) => serviceName(l, k)).join(", ") : "geen diensten" }),
    statusCell(d, STATUS),
    actions(l, d, "desks", openDesk)));
  const printerRows = l.printers.map((p, i) => el("tr", { dataset: { printer: p.key }, class: p.active ? null : "retired" },
    el("td", {}, p.name, p.active && i === 0 ? el("span", { class: "hint-inline", text: " (standaard)" }) : null),
    el("td", {}, el("code", { text: p.uri })),
    statusCell(p, STATUS),
    actions(l, p, "printers", openPrinter)));
  return el("section", { class: "location", dataset: { location: l.key }, "aria-labelledby": `${id}-title` },
    el("h3", { id: `${id}-title`, text: l.name }),
    el("p", { class: "hint", text: settingsLine(l) }),
    el("p", { class: "hint", text: l.closed_on.length ? `Gesloten op ${l.closed_on.map(fmtDate).join(", ")}` : "Geen sluitingsdagen" }),
    el("button", { type: "button", "aria-label": `Instellingen wijzigen: ${l.name}`, text: "Instellingen wijzigen", onclick: () => openLocation(l) }),
    el("h4", { id: `${id}-desks`, text: "Balies en spreekkamers" }),
    el("div", { class: "table-wrap" },
      el("table", { "aria-labelledby": `${id}-desks` },
        el("thead", {}, el("tr", {},
          el("th", { scope: "col", text: "Naam" }), el("th", { scope: "col", text: "Soort" }),
          el("th", { scope: "col", text: "Profiel (diensten)" }), el("th", { scope: "col", text: "Status" }),
          el("th", { scope: "col", text: "Acties" }))),
        el("tbody", {}, deskRows.length ? deskRows : el("tr", {}, el("td", { colspan: 5, text: "Nog geen balies of spreekkamers." }))))),
    el("button", { type: "button", "aria-label": `Nieuwe balie of spreekkamer in ${l.name}`, text: "Nieuwe balie of spreekkamer", onclick: () => openDesk(l, null) }),
    el("h4", { id: `${id}-printers`, text: "Printers" }),
    el("div", { class: "table-wrap" },
      el("table", { "aria-labelledby": `${id}-printers` },
        el("thead", {}, el("tr", {},
          el("th", { scope: "col", text: "Naam" }), el("th", { scope: "col", text: "Adres" }),
          el("th", { scope: "col", text: "Status" }), el("th", { scope: "col", text: "Acties" }))),
        el("tbody", {}, printerRows.length ? printerRows : el("tr", {}, el("td", { colspan: 4, text: "Nog geen printers." }))))),
    el("button", { type: "button", "aria-label": `Nieuwe printer in ${l.name}`, text: "Nieuwe printer", onclick: () => openPrinter(l, null) }));
}

function render() {
  fill($("location-list"), state.locations.map(locationBlock));
}

const rowSelector = (l, kind, key) =>
  `#locations section[data-location="${CSS.escape(l.key)}"] tr[data-${kind === "desks" ? "desk" : "printer"}="${CSS.escape(key)}"]`;

const itemPath = (l, kind, key) =>
  `/api/v1/admin/locations/${encodeURIComponent(l.key)}/${kind}/${encodeURIComponent(key)}`;

/** Retires or reinstates; the focus stays on the row, on the button that undoes it. */
function act(l, kind, item, what) {
  const name = item.name || item.key;
  return setActive(itemPath(l, kind, item.key), what, {
    errorId: "locations-error",
    nl,
    refresh,
    done: () => {
      say(what === "retire"
        ? `${name} is buiten gebruik: niet meer aangeboden, de geschiedenis blijft.`
        : `${name} is weer in gebruik.`);
      focusIn(rowSelector(l, kind, item.key), what === "retire" ? WORDS.reinstate : WORDS.retire);
    },
  });
}

function options(select, list, value) {
  fill(select, list.map(([v, text]) => el("option", { value: v, text })));
  select.value = value;
}

function openLocation(l) {
  state.location = l;
  const fresh = !l;
  $("location-title").textContent = fresh ? "Nieuwe locatie" : `Locatie wijzigen: ${l.name}`;
  $("location-new-fields").hidden = !fresh;
  $("location-from-field").hidden = !fresh;
  $("location-settings").hidden = fresh;
  $("location-key").value = "";
  $("location-timezone").value = "Europe/Brussels";
  $("location-name").value = fresh ? "" : l.name;
  $("location-address").value = fresh ? "" : l.address;
  $("location-phone").value = fresh ? "" : l.phone;
  if (fresh) {
    const first = state.locations[0];
    options($("location-from"), [
      ...state.locations.map((x) => [x.key, `Overnemen van ${x.name}`]),
      ["", "Geen: later toevoegen onder Diensten"],
    ], first ? first.key : "");
  } else {
    $("location-closed").value = l.closed_on.join("\n");
    $("location-grace").value = l.no_show_grace_min;
    // A service "afspraak" is the check-in queue unless another is chosen: "none" then is not.
    const none = l.services.some((s) => s.key === "afspraak") ? [] : [["", "Geen"]];
    options($("location-appointment"), [...none, ...l.services.map((s) => [s.key, s.name])], l.appointment_service || "");
    $("location-early").value = l.check_in_early_min;
    $("location-late").value = l.check_in_late_min;
    $("location-retention").value = l.retention_days;
    $("location-per-contact").value = l.online_bookings_per_contact;
  }
  $("location-error").textContent = "";
  $("location-dialog").showModal();
  (fresh ? $("location-key") : $("location-name")).focus();
}

/** A whole number from a field, or a Dutch sentence naming the field. */
function number(id, label) {
  const v = $(id).value.trim();
  if (!/^-?\d+$/.test(v)) throw new Error(`Vul bij „${label}” een geheel getal in.`);
  return Number(v);
}

async function saveLocation(ev) {
  ev.preventDefault();
  const l = state.location;
  const name = $("location-name").value.trim();
  if (!name) {
    $("location-error").textContent = "Geef de locatie een naam.";
    $("location-name").focus();
    return;
  }
  const common = { name, address: $("location-address").value.trim(), phone: $("location-phone").value.trim() };
  let body;
  if (l) {
    try {
      body = {
        ...common,
        closed_on: $("location-closed").value.split(/[\s,;]+/).map((d) => d.trim()).filter(Boolean),
        no_show_grace_min: number("location-grace", "Terugzetten na niet opdagen"),
        appointment_service: $("location-appointment").value,
        check_in_early_min: number("location-early", "Aanmelden kan vanaf"),
        check_in_late_min: number("location-late", "Aanmelden kan tot"),
        retention_days: number("location-retention", "Contactgegevens bewaren"),
        online_bookings_per_contact: number("location-per-contact", "Online afspraken per e-mailadres of telefoon"),
      };
    } catch (e) {
      $("location-error").textContent = e.message;
      return;
    }
  } else {
    const key = $("location-key").value.trim();
    if (!key) {
      $("location-error").textContent = "Vul een sleutel in (kleine letters, zoals noord).";
      $("location-key").focus();
      return;
    }
    body = { ...common, key, timezone: $("location-timezone").value.trim() || null, services_from: $("location-from").value || null };
  }
  await saveDialog("location", [], {
    nl,
    send: () => (l
      ? api("PATCH", `/api/v1/admin/locations/${encodeURIComponent(l.key)}`, body)
      : api("POST", "/api/v1/admin/locations", body)),
    done: async (saved) => {
      await refresh();
      say(l ? `Locatie ${saved.name} bewaard.` : `Locatie ${saved.name} gemaakt. Voeg er balies en printers aan toe.`);
      focusIn(`#locations section[data-location="${CSS.escape(saved.key)}"]`, "Instellingen wijzigen");
    },
  });
}

function openDesk(l, d) {
  state.location = l;
  state.editing = d;
  $("desk-title").textContent = d ? `${KINDS[d.kind] || "Plaats"} wijzigen: ${d.name}` : `Nieuwe balie of spreekkamer in ${l.name}`;
  $("desk-key").value = d ? d.key : "";
  $("desk-key").readOnly = !!d;
  $("desk-name").value = d ? d.name : "";
  $("desk-kind").value = d ? d.kind : "loket";
  const served = new Set(d ? d.services : []);
  fill($("desk-services"), el("legend", { text: "Profiel: diensten die deze plaats oproept" }),
    l.services.length
      ? l.services.map((s) => el("label", {}, el("input", { type: "checkbox", value: s.key, checked: served.has(s.key) }), " ", s.name))
      : el("p", { class: "hint", text: "Deze locatie heeft nog geen diensten: voeg ze toe onder Diensten." }));
  $("desk-error").textContent = "";
  $("desk-dialog").showModal();
  (d ? $("desk-name") : $("desk-key")).focus();
}

/** A desk's or printer's dialog saved: a change (`PATCH`) or a new one (`POST`). */
function saveItem(kind, prefix, checks, body, said) {
  const { location: l, editing: item } = state;
  const key = item ? item.key : $(`${prefix}-key`).value.trim();
  return saveDialog(prefix, checks, {
    nl,
    send: () => (item
      ? api("PATCH", itemPath(l, kind, key), body)
      : api("POST", `/api/v1/admin/locations/${encodeURIComponent(l.key)}/${kind}`, { ...body, key })),
    done: async (saved) => {
      await refresh();
      say(said(saved));
      focusIn(rowSelector(l, kind, saved.key), "Wijzigen");
    },
  });
}

function saveDesk(ev) {
  ev.preventDefault();
  const body = {
    name: $("desk-name").value.trim(),
    kind: $("desk-kind").value,
    services: [...$("desk-services").querySelectorAll("input:checked")].map((i) => i.value),
  };
  return saveItem("desks", "desk", [
    ["desk-name", "Geef de plaats een naam."],
    ["desk-key", "Vul een sleutel in (kleine letters, zoals loket-3)."],
  ], body, (saved) => `${saved.name} bewaard. De balie-apps volgen meteen.`);
}

function openPrinter(l, p) {
  state.location = l;
  state.editing = p;
  $("printer-title").textContent = p ? `Printer wijzigen: ${p.name}` : `Nieuwe printer in ${l.name}`;
  $("printer-key").value = p ? p.key : "";
  $("printer-key").readOnly = !!p;
  $("printer-name").value = p ? p.name : "";
  $("printer-uri").value = p ? p.uri : "";
  $("printer-error").textContent = "";
  $("printer-dialog").showModal();
  (p ? $("printer-name") : $("printer-key")).focus();
}

function savePrinter(ev) {
  ev.preventDefault();
  const body = { name: $("printer-name").value.trim(), uri: $("printer-uri").value.trim() };
  return saveItem("printers", "printer", [
    ["printer-name", "Geef de printer een naam."],
    ["printer-uri", "Vul het adres van de printer in, zoals tcp://10.0.0.20:9100."],
    ["printer-key", "Vul een sleutel in (kleine letters, zoals onthaal)."],
  ], body, (saved) => `Printer ${saved.name} bewaard.`);
}

document.addEventListener("admin:ready", () => {
  draw();
  refresh();
});

// Something changed elsewhere on the page (a service added or renamed): the profiles name it.
document.addEventListener("admin:changed", () => {
  if (state.drawn) refresh();
});
