// The Apparaten section of the administrator's page (/admin): kiosks and displays. Registers
// one and shows its one-time pairing code (the station asks for it at its first start), lists
// every device with where it is, whether it is online and when it was last seen, and renames,
// revokes and sets up each (services shown, information line per language, languages after
// Dutch) through /api/v1/admin/devices and /api/v1/devices/{id}/settings. The server checks the
// admin role on every request.
//
// admin.js handles the login; this module draws its section once the page shows the app
// (body[data-state="app"]). The section's markup below is static; everything from data is
// built with DOM nodes and text. A pairing code is shown once in a dialog and never kept.

import { $, api, el, fill, fmtDateTime, fmtTime, langNl, serverSaid, visitorLanguages } from "/web/common.js";
import { confirmDialog, dialogStart, formEnd } from "/admin/kept.js";
import { concerns, keepingFocus } from "/admin/live.js";

const KIND_NL = { kiosk: "Kiosk", display: "Scherm" };

// The languages a display can show and announce after Dutch: the catalogues' (read at entry),
// as [code, Dutch name, direction].
let LANGS = [];

const ERRORS_NL = {
  network: "Geen verbinding met de server. Kijk het netwerk na en probeer opnieuw.",
  forbidden: "Uw account mag dit niet: enkel een beheerder beheert apparaten.",
  invalid_name: "Geef het apparaat een naam (hoogstens 100 tekens).",
  invalid_kind: "Kies kiosk of scherm.",
  already_paired: "Dit apparaat is al gekoppeld. Om een toestel te vervangen: trek het in en registreer een nieuw.",
  device_revoked: "Dit apparaat werd ingetrokken.",
  already_revoked: "Dit apparaat was al ingetrokken.",
  not_found: "Dat apparaat of die locatie bestaat niet (meer).",
  unknown_service: "Kies diensten uit de lijst.",
  invalid_info_line: "Houd de informatieregel onder 200 tekens.",
  unknown_language: "Kies talen uit de lijst.",
  cross_origin: "De server weigerde dit: de pagina kwam niet van het eigen adres van Onthaal.",
};

function nl(e) {
  if (ERRORS_NL[e.code]) return ERRORS_NL[e.code];
  if (!serverSaid(e)) return `De server antwoordde ${e.status}.`;
  return e.message || "Er ging iets mis.";
}

const SECTION = `
  <h2 id="devices-title" tabindex="-1">Apparaten</h2>
  <p class="hint">Kiosken aan de ingang en schermen in de wachtzaal. Een nieuw toestel registreert u hieronder: u krijgt een koppelcode die het toestel bij zijn eerste start vraagt. Geen lange sleutel meer overtypen.</p>
  <p id="device-status" class="status" role="status" aria-live="polite"></p>
  <div class="table-wrap">
    <table id="device-table">
      <caption class="sr-only">Alle kiosken en schermen, ook ingetrokken</caption>
      <thead>
        <tr>
          <th scope="col">Soort</th>
          <th scope="col">Naam</th>
          <th scope="col">Locatie</th>
          <th scope="col">Status</th>
          <th scope="col">Laatst gezien</th>
          <th scope="col">Acties</th>
        </tr>
      </thead>
      <tbody id="device-rows"></tbody>
    </table>
  </div>
  <p id="device-empty" class="note" hidden>Nog geen apparaten. Registreer er hieronder een.</p>
  <p id="device-list-error" class="error" role="alert"></p>

  <h3 id="device-new-title">Nieuw apparaat registreren</h3>
  <form id="device-new-form" novalidate aria-labelledby="device-new-title">
    <fieldset class="choices">
      <legend>Soort</legend>
      <label><input type="radio" name="device-kind" id="device-kind-kiosk" value="kiosk" checked> Kiosk (bezoekers nemen een ticket)</label>
      <label><input type="radio" name="device-kind" id="device-kind-display" value="display"> Scherm (wachtzaal)</label>
    </fieldset>
    <div class="two">
      <div class="field">
        <label for="device-new-name">Naam</label>
        <input id="device-new-name" name="name" autocomplete="off" required maxlength="100" aria-describedby="device-new-name-hint">
        <p id="device-new-name-hint" class="hint">Waar het staat, bv. „Kiosk inkom” of „Scherm wachtzaal 1”.</p>
      </div>
      <div class="field" id="device-new-location-field">
        <label for="device-new-location">Locatie</label>
        <select id="device-new-location" name="location"></select>
      </div>
    </div>
    <p id="device-new-error" class="error" role="alert"></p>
    <button type="submit" class="primary" id="device-new-submit">Registreren en koppelcode tonen</button>
  </form>`;

const DIALOGS = `
  <dialog id="code-dialog" aria-labelledby="code-title" aria-describedby="code-text">
    <form method="dialog">
      <h2 id="code-title">Koppelcode</h2>
      <p id="code-text"></p>
      <p class="one-time pairing-code"><code id="pairing-code"></code></p>
      <p id="code-until" class="hint"></p>
      <p class="hint">Start het toestel: het vraagt deze code op zijn scherm („Koppelcode”). Zonder scherm of toetsenbord: start het programma met <code>--pair CODE</code>. De code werkt één keer en wordt maar nu getoond.</p>
      <div class="form-actions">
        <button type="button" id="code-copy">Kopiëren</button>
        <button type="submit" class="primary" id="code-close">Sluiten</button>
      </div>
    </form>
  </dialog>

${dialogStart("rename", "Naam wijzigen")}
      <div class="field">
        <label for="rename-name">Naam</label>
        <input id="rename-name" name="name" autocomplete="off" required maxlength="100">
      </div>${formEnd("rename")}

${dialogStart("settings", "Instellingen")}
      <fieldset id="settings-services" class="choices">
        <legend>Diensten op dit toestel <span class="hint-inline">(geen: alle diensten)</span></legend>
      </fieldset>
      <fieldset class="choices lines">
        <legend>Informatieregel <span class="hint-inline">(bv. de uren van de permanentie; hoogstens 200 tekens)</span></legend>
        <div id="settings-lines" class="two"></div>
      </fieldset>
      <fieldset id="settings-langs" class="choices">
        <legend>Talen na het Nederlands <span class="hint-inline">(opschriften, informatieregel en omroep op het scherm)</span></legend>
      </fieldset>${formEnd("settings")}`;

const state = { devices: [], locations: [], services: {}, editing: null, drawn: false, timer: null };

function setText(id, text) { $(id).textContent = text || ""; }

function status(text) {
  setText("device-status", "");
  setTimeout(() => setText("device-status", text), 30);
}

function locationName(key) {
  const l = state.locations.find((x) => x.key === key);
  return l ? l.name : key;
}

// ---------------------------------------------------------------------------------------------
// Drawing

function draw() {
  if (state.drawn) return;
  state.drawn = true;
  const section = $("devices");
  section.innerHTML = SECTION;
  document.body.insertAdjacentHTML("beforeend", DIALOGS);
  $("device-new-form").addEventListener("submit", register);
  $("rename-form").addEventListener("submit", saveName);
  $("rename-cancel").addEventListener("click", () => { $("rename-dialog").close(); focusRow(state.editing.id, "Naam wijzigen"); });
  $("settings-form").addEventListener("submit", saveSettings);
  $("settings-cancel").addEventListener("click", () => { $("settings-dialog").close(); focusRow(state.editing.id, "Instellingen"); });
  $("code-copy").addEventListener("click", copyCode);
}

async function enter() {
  draw();
  try {
    LANGS = (await visitorLanguages()).map((l) => [l.code, langNl(l.code), l.dir]);
  } catch (e) {
    setText("device-list-error", nl(e));
  }
  try {
    state.locations = await api("GET", "/api/v1/admin/devices/locations");
  } catch (e) {
    state.locations = [];
    setText("device-list-error", nl(e));
  }
  fill($("device-new-location"), state.locations.map((l) => el("option", { value: l.key, text: l.name })));
  // One location: nothing to choose.
  $("device-new-location-field").hidden = state.locations.length < 2;
  await refresh();
  // Online and offline change by themselves: look again now and then, unless the
  // administrator is working in the list.
  clearInterval(state.timer);
  state.timer = setInterval(() => {
    if (document.body.dataset.state !== "app") return;
    if ($("device-table").contains(document.activeElement)) return;
    if (document.querySelector("dialog[open]")) return;
    refresh();
  }, 15000);
}

async function refresh() {
  setText("device-list-error", "");
  try {
    state.devices = await api("GET", "/api/v1/admin/devices");
  } catch (e) {
    if (e.status === 401) return; // admin.js shows the login
    setText("device-list-error", nl(e));
    return;
  }
  render();
}

function badges(d) {
  if (d.revoked) return [el("span", { class: "badge off", text: "ingetrokken" })];
  if (d.awaiting_pairing) {
    return [el("span", { class: "badge info", text: "wacht op koppeling" }),
      el("span", { class: "hint-inline", text: ` code geldig tot ${fmtTime(d.pairing_expires_at)}` })];
  }
  return [d.online
    ? el("span", { class: "badge on", text: "online" })
    : el("span", { class: "badge off", text: "offline" })];
}

function render() {
  const rows = state.devices.map((d) => {
    const who = `${KIND_NL[d.kind] || d.kind} ${d.name}`;
    const actions = [];
    if (!d.revoked) {
      actions.push(el("button", { type: "button", "aria-label": `Naam wijzigen: ${who}`, onclick: () => openRename(d), text: "Naam wijzigen" }));
      actions.push(el("button", { type: "button", "aria-label": `Instellingen: ${who}`, onclick: () => openSettings(d), text: "Instellingen" }));
      if (d.awaiting_pairing) {
        actions.push(el("button", { type: "button", "aria-label": `Nieuwe koppelcode: ${who}`, onclick: () => renewCode(d), text: "Nieuwe koppelcode" }));
      }
      actions.push(el("button", { type: "button", "aria-label": `Intrekken: ${who}`, onclick: () => revoke(d), text: "Intrekken" }));
    }
    return el("tr", { class: d.revoked ? "disabled" : null, dataset: { device: String(d.id) } },
      el("td", { text: KIND_NL[d.kind] || d.kind }),
      el("td", { text: d.name }),
      el("td", { text: locationName(d.location) }),
      el("td", {}, badges(d)),
      el("td", { text: d.last_seen ? fmtDateTime(d.last_seen) : "nog nooit" }),
      el("td", { class: "actions" }, actions));
  });
  fill($("device-rows"), rows);
  $("device-empty").hidden = state.devices.length > 0;
}

/** Puts focus on a button of a device's row, after the list was drawn again. */
function focusRow(id, label) {
  const row = [...$("device-rows").children].find((r) => r.dataset.device === String(id));
  const btn = row && [...row.querySelectorAll("button")].find((b) => b.textContent === label);
  if (btn) btn.focus();
  else $("devices-title").focus();
}

// ---------------------------------------------------------------------------------------------
// Register, pairing codes

async function register(ev) {
  ev.preventDefault();
  const name = $("device-new-name");
  setText("device-new-error", "");
  name.removeAttribute("aria-invalid");
  if (!name.value.trim()) {
    name.setAttribute("aria-invalid", "true");
    setText("device-new-error", "Geef het apparaat een naam.");
    name.focus();
    return;
  }
  const kind = document.querySelector('input[name="device-kind"]:checked').value;
  const body = { kind, name: name.value.trim() };
  if (state.locations.length > 1) body.location = $("device-new-location").value;
  $("device-new-submit").disabled = true;
  try {
    const made = await api("POST", "/api/v1/admin/devices", body);
    $("device-new-form").reset();
    await refresh();
    status(`${KIND_NL[made.device.kind]} „${made.device.name}” geregistreerd.`);
    showCode(made, $("device-new-name"));
  } catch (e) {
    if (e.code === "invalid_name") name.setAttribute("aria-invalid", "true");
    setText("device-new-error", nl(e));
    (e.code === "invalid_name" ? name : $("device-new-submit")).focus();
  } finally {
    $("device-new-submit").disabled = false;
  }
}

async function renewCode(d) {
  try {
    const made = await api("POST", `/api/v1/admin/devices/${d.id}/pairing-code`);
    await refresh();
    status(`Nieuwe koppelcode voor „${d.name}”; de vorige werkt niet meer.`);
    showCode(made, null);
  } catch (e) {
    setText("device-list-error", nl(e));
    await refresh();
  }
}

/** Shows a pairing code once; afterwards focus goes to `back` or the device's row. */
function showCode(made, back) {
  const d = $("code-dialog");
  const kind = made.device.kind === "kiosk" ? "de kiosk" : "het scherm";
  setText("code-text", `De koppelcode voor ${kind} „${made.device.name}” (${locationName(made.device.location)}):`);
  setText("pairing-code", made.code);
  setText("code-until", `Geldig tot ${fmtTime(made.expires_at)} (15 minuten).`);
  d.addEventListener("close", () => {
    setText("pairing-code", "");
    if (back) back.focus(); else focusRow(made.device.id, "Nieuwe koppelcode");
  }, { once: true });
  d.showModal();
  $("code-close").focus();
}

async function copyCode() {
  try {
    await navigator.clipboard.writeText($("pairing-code").textContent);
    setText("code-copy", "Gekopieerd");
  } catch {
    setText("code-copy", "Kopiëren lukte niet: schrijf de code over");
  }
  setTimeout(() => setText("code-copy", "Kopiëren"), 3000);
}

// ---------------------------------------------------------------------------------------------
// Rename

function openRename(d) {
  state.editing = d;
  setText("rename-title", `Naam wijzigen: ${KIND_NL[d.kind] || d.kind} „${d.name}”`);
  $("rename-name").value = d.name;
  $("rename-name").removeAttribute("aria-invalid");
  setText("rename-error", "");
  $("rename-dialog").showModal();
  $("rename-name").focus();
}

async function saveName(ev) {
  ev.preventDefault();
  const d = state.editing;
  const name = $("rename-name");
  if (!name.value.trim()) {
    name.setAttribute("aria-invalid", "true");
    setText("rename-error", "Geef het apparaat een naam.");
    name.focus();
    return;
  }
  $("rename-submit").disabled = true;
  try {
    const after = await api("PATCH", `/api/v1/admin/devices/${d.id}`, { name: name.value.trim() });
    $("rename-dialog").close();
    await refresh();
    status(`„${d.name}” heet nu „${after.name}”.`);
    focusRow(d.id, "Naam wijzigen");
  } catch (e) {
    name.setAttribute("aria-invalid", "true");
    setText("rename-error", nl(e));
  } finally {
    $("rename-submit").disabled = false;
  }
}

// ---------------------------------------------------------------------------------------------
// Settings

async function servicesOf(location) {
  if (!state.services[location]) {
    state.services[location] = await api("GET", `/api/v1/services?location=${encodeURIComponent(location)}`);
  }
  return state.services[location];
}

function checkbox(prefix, value, label, checked) {
  return el("label", {},
    el("input", { type: "checkbox", name: prefix, value, id: `${prefix}-${value}`, checked }),
    label);
}

async function openSettings(d) {
  state.editing = d;
  setText("settings-error", "");
  let services = [];
  try { services = await servicesOf(d.location); } catch (e) { setText("device-list-error", nl(e)); return; }
  const s = d.settings || {};
  setText("settings-title", `Instellingen: ${KIND_NL[d.kind] || d.kind} „${d.name}”`);
  const sfs = $("settings-services");
  fill(sfs, sfs.querySelector("legend"), services.map((x) => checkbox("settings-service", x.key, x.name, (s.services || []).includes(x.key))));
  const lines = s.info_lines || {};
  const lineField = (code, label, dir, value) => el("div", { class: "field" },
    el("label", { for: `settings-line-${code}`, text: label }),
    el("input", { id: `settings-line-${code}`, name: `line-${code}`, maxlength: "200", autocomplete: "off", value: value || "", lang: code, dir: dir === "rtl" ? "rtl" : null }));
  fill($("settings-lines"), [lineField("nl", "Nederlands", "ltr", s.info_line),
    ...LANGS.map(([code, label, dir]) => lineField(code, label, dir, lines[code]))]);
  const chosen = (s.languages && s.languages.length) ? s.languages : (s.second_language ? [s.second_language] : []);
  const lfs = $("settings-langs");
  fill(lfs, lfs.querySelector("legend"), LANGS.map(([code, label]) => checkbox("settings-lang", code, label, chosen.includes(code))));
  // Values set through properties: `el` sets attributes, which a reset would bring back.
  for (const [code] of [["nl"], ...LANGS]) $(`settings-line-${code}`).value = code === "nl" ? (s.info_line || "") : (lines[code] || "");
  $("settings-dialog").showModal();
  const first = sfs.querySelector("input") || $("settings-line-nl");
  first.focus();
}

async function saveSettings(ev) {
  ev.preventDefault();
  const d = state.editing;
  const checked = (fs) => [...$(fs).querySelectorAll("input:checked")].map((i) => i.value);
  const infoLine = $("settings-line-nl").value.trim();
  const infoLines = {};
  for (const [code] of LANGS) {
    const v = $(`settings-line-${code}`).value.trim();
    if (v) infoLines[code] = v;
  }
  // Languages in the list's order; the older single `second_language` is replaced by them.
  const languages = LANGS.map(([c]) => c).filter((c) => checked("settings-langs").includes(c));
  const body = { services: checked("settings-services"), languages, info_lines: infoLines };
  if (infoLine) body.info_line = infoLine;
  $("settings-submit").disabled = true;
  try {
    await api("PUT", `/api/v1/devices/${d.id}/settings`, body);
    $("settings-dialog").close();
    await refresh();
    status(`Instellingen van „${d.name}” bewaard; het toestel toont ze meteen.`);
    focusRow(d.id, "Instellingen");
  } catch (e) {
    setText("settings-error", nl(e));
  } finally {
    $("settings-submit").disabled = false;
  }
}

// ---------------------------------------------------------------------------------------------
// Revoke

function confirmRevoke(d) {
  return confirmDialog(`${KIND_NL[d.kind] || d.kind} „${d.name}” intrekken?`,
    "Het toestel wordt meteen afgesloten en kan niet meer verbinden; het toont zich buiten gebruik. "
    + "Dit kan niet ongedaan gemaakt worden: om het toestel opnieuw te gebruiken, registreert u het opnieuw.",
    "Intrekken");
}

async function revoke(d) {
  if (!(await confirmRevoke(d))) { focusRow(d.id, "Intrekken"); return; }
  try {
    await api("POST", `/api/v1/admin/devices/${d.id}/revoke`);
    await refresh();
    status(`„${d.name}” ingetrokken.`);
    focusRow(d.id, "");
  } catch (e) {
    setText("device-list-error", nl(e));
    await refresh();
  }
}

// ---------------------------------------------------------------------------------------------

function follow() {
  const now = document.body.dataset.state;
  if (now === "app" && !follow.entered) { follow.entered = true; enter(); }
  if (now !== "app") { follow.entered = false; clearInterval(state.timer); }
}

new MutationObserver(follow).observe(document.body, { attributes: true, attributeFilter: ["data-state"] });
follow();
// A station registered, paired, renamed, revoked or coming online elsewhere shows at once (a
// device frame); an open dialog keeps what is being typed in it.
document.addEventListener("admin:changed", (ev) => {
  if (follow.entered && concerns(ev, "devices", "configuration")) keepingFocus($("device-table"), refresh);
});
