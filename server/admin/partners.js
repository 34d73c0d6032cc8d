// The administrator's page (/admin), section "Partners en categorieën": the partner
// organisations the ID-team refers visitors to, and the kinds of help request of the register.
// Each is added, changed, retired ("Stopzetten": no longer offered to the ID-team or on the
// help-request form, still named in the register, on referral slips and in the statistics) and
// offered again, through /api/v1/admin/partners… and /api/v1/admin/help-categories…. The
// server checks the admin role and the configuration file's rules, and says what is wrong.
//
// admin.js says when an administrator is in ("admin:ready"); the section's markup below is
// static, everything from data is built with DOM nodes and text only.

import { $, api, el, fill } from "/web/common.js";
import {
  actionsCell, announce, contactFields, dialogStart, dutch, focusIn, formEnd, keyField, nameField, saveDialog, setActive, statusCell, wireDialog,
} from "/admin/kept.js";
import { concerns, keepingFocus } from "/admin/live.js";

const SECTION = `
  <h2 id="partners-title">Partners en categorieën</h2>
  <p class="hint">Partnerorganisaties waarnaar het ID-team doorverwijst, en de soorten hulpvraag van het register. Stopgezet: niet meer aangeboden, maar het register, de doorverwijsbriefjes en de statistieken noemen ze nog. Een wijziging geldt meteen, op elke server.</p>
  <p id="partners-status" class="status" role="status" aria-live="polite"></p>
  <h3 id="partner-list-title">Partners</h3>
  <div class="table-wrap">
    <table id="partner-table">
      <caption class="sr-only">Alle partners, ook stopgezette</caption>
      <thead>
        <tr>
          <th scope="col">Partner</th>
          <th scope="col">Adres en telefoon</th>
          <th scope="col">Uren</th>
          <th scope="col">Status</th>
          <th scope="col">Acties</th>
        </tr>
      </thead>
      <tbody id="partner-rows"></tbody>
    </table>
  </div>
  <p id="partners-error" class="error" role="alert"></p>
  <button type="button" id="partner-new">Nieuwe partner</button>

  <h3 id="category-list-title">Soorten hulpvraag</h3>
  <div class="table-wrap">
    <table id="category-table">
      <caption class="sr-only">Alle soorten hulpvraag, ook stopgezette</caption>
      <thead>
        <tr>
          <th scope="col">Soort hulpvraag</th>
          <th scope="col">Sleutel</th>
          <th scope="col">Leefloon</th>
          <th scope="col">Status</th>
          <th scope="col">Acties</th>
        </tr>
      </thead>
      <tbody id="category-rows"></tbody>
    </table>
  </div>
  <p id="categories-error" class="error" role="alert"></p>
  <button type="button" id="category-new">Nieuwe soort hulpvraag</button>`;

const DIALOGS = `${dialogStart("partner", "Partner wijzigen")}
      <div class="two">${keyField("partner", "Sleutel van de partner", "caw")}${nameField("partner")}
      </div>${contactFields("partner")}
      <div class="two">
        <div class="field">
          <label for="partner-hours">Openingsuren</label>
          <input id="partner-hours" autocomplete="off" maxlength="200" aria-describedby="partner-hours-hint">
          <p id="partner-hours-hint" class="hint">Zoals het op het doorverwijsbriefje staat, bv. „ma–vr 9–12 u”.</p>
        </div>
        <div class="field">
          <label for="partner-website">Website</label>
          <input id="partner-website" type="url" autocomplete="off" maxlength="200">
        </div>
      </div>
${formEnd("partner")}
${dialogStart("category", "Soort hulpvraag wijzigen")}${keyField("category", "Sleutel van de soort hulpvraag", "huurwaarborg")}${nameField("category")}
      <fieldset class="choices">
        <legend>Ontvangstbewijs</legend>
        <label class="choice"><input type="checkbox" id="category-leefloon"> Leefloonaanvraag (met de leefloonparagrafen)</label>
      </fieldset>
${formEnd("category")}`;

const ERRORS_NL = {
  network: "Geen verbinding met de server. Kijk het netwerk na en probeer opnieuw.",
  forbidden: "Enkel een beheerder beheert partners en soorten hulpvraag.",
  partner_exists: "Er is al een partner met die sleutel (misschien stopgezet: bied die dan opnieuw aan).",
  category_exists: "Er is al een soort hulpvraag met die sleutel (misschien stopgezet: bied die dan opnieuw aan).",
  retired: "Dit is stopgezet. Bied het eerst opnieuw aan.",
  last_category: "Dit is de laatste soort hulpvraag die nog aangeboden wordt. Voeg eerst een andere toe.",
  not_found: "Dat bestaat niet (meer). Herlaad de pagina.",
  invalid_configuration: "Dat kan zo niet",
};

const state = { partners: [], categories: [], editing: null, kind: null, drawn: false };

const nl = (e) => dutch(ERRORS_NL, e);
const say = (text) => announce("partners-status", text);

function draw() {
  if (state.drawn) return;
  state.drawn = true;
  $("partners").innerHTML = SECTION;
  document.body.insertAdjacentHTML("beforeend", DIALOGS);
  $("partner-new").addEventListener("click", () => openPartner(null));
  $("category-new").addEventListener("click", () => openCategory(null));
  wireDialog("partner", savePartner);
  wireDialog("category", saveCategory);
}

async function refresh() {
  $("partners-error").textContent = "";
  $("categories-error").textContent = "";
  try {
    state.partners = await api("GET", "/api/v1/admin/partners");
  } catch (e) {
    $("partners-error").textContent = nl(e);
  }
  try {
    state.categories = await api("GET", "/api/v1/admin/help-categories");
  } catch (e) {
    $("categories-error").textContent = nl(e);
  }
  render();
}

const STATUS = ["Aangeboden", "Stopgezet"];
const WORDS = { retire: "Stopzetten", reinstate: "Opnieuw aanbieden" };
const actions = (item, kind, edit) => actionsCell(item, WORDS, edit, (what) => act(kind, item, what));

function render() {
  fill($("partner-rows"), state.partners.map((p) => el("tr", { dataset: { partner: p.key }, class: p.active ? null : "retired" },
    el("td", {}, p.name, p.website ? [el("br"), el("span", { class: "hint-inline", text: p.website })] : null),
    el("td", { text: [p.address, p.phone].filter(Boolean).join(" · ") || "—" }),
    el("td", { text: p.hours || "—" }),
    statusCell(p, STATUS),
    actions(p, "partner", openPartner))));
  fill($("category-rows"), state.categories.map((c) => el("tr", { dataset: { category: c.key }, class: c.active ? null : "retired" },
    el("td", { text: c.name }),
    el("td", {}, el("code", { text: c.key })),
    el("td", { text: c.leefloon ? "ja" : "nee" }),
    statusCell(c, STATUS),
    actions(c, "category", openCategory))));
}

const PATHS = { partner: "/api/v1/admin/partners", category: "/api/v1/admin/help-categories" };

const focusRow = (kind, key, label) => focusIn(`#${kind}-rows tr[data-${kind}="${CSS.escape(key)}"]`, label);

/** Retires or reinstates; the focus stays on the row, on the button that undoes it. */
function act(kind, item, what) {
  const name = item.name || item.key;
  return setActive(`${PATHS[kind]}/${encodeURIComponent(item.key)}`, what, {
    errorId: kind === "partner" ? "partners-error" : "categories-error",
    nl,
    refresh,
    done: () => {
      say(what === "retire"
        ? `${name} is stopgezet: niet meer aangeboden, de geschiedenis blijft.`
        : `${name} wordt opnieuw aangeboden.`);
      focusRow(kind, item.key, what === "retire" ? WORDS.reinstate : WORDS.retire);
    },
  });
}

function openPartner(p) {
  state.editing = p;
  const base = p || { key: "", name: "", address: "", phone: "", hours: "", website: null };
  $("partner-title").textContent = p ? `Partner wijzigen: ${p.name}` : "Nieuwe partner";
  $("partner-key").value = base.key;
  $("partner-key").readOnly = !!p;
  for (const f of ["name", "address", "phone", "hours"]) $(`partner-${f}`).value = base[f];
  $("partner-website").value = base.website || "";
  $("partner-error").textContent = "";
  $("partner-dialog").showModal();
  (p ? $("partner-name") : $("partner-key")).focus();
}

function savePartner(ev) {
  ev.preventDefault();
  const body = {};
  for (const f of ["name", "address", "phone", "hours", "website"]) body[f] = $(`partner-${f}`).value.trim();
  const p = state.editing;
  const key = p ? p.key : $("partner-key").value.trim();
  return saveDialog("partner", [
    ["partner-name", "Geef de partner een naam."],
    ["partner-key", "Vul een sleutel in (kleine letters, zoals caw)."],
  ], {
    nl,
    send: () => (p
      ? api("PATCH", `${PATHS.partner}/${encodeURIComponent(key)}`, body)
      : api("POST", PATHS.partner, { ...body, key, website: body.website || null })),
    done: async (saved) => {
      await refresh();
      say(`Partner ${saved.name} bewaard. Het ID-team ziet de wijziging meteen.`);
      focusRow("partner", saved.key, "Wijzigen");
    },
  });
}

function openCategory(c) {
  state.editing = c;
  $("category-title").textContent = c ? `Soort hulpvraag wijzigen: ${c.name}` : "Nieuwe soort hulpvraag";
  $("category-key").value = c ? c.key : "";
  $("category-key").readOnly = !!c;
  $("category-name").value = c ? c.name : "";
  $("category-leefloon").checked = c ? c.leefloon : false;
  $("category-error").textContent = "";
  $("category-dialog").showModal();
  (c ? $("category-name") : $("category-key")).focus();
}

function saveCategory(ev) {
  ev.preventDefault();
  const body = { name: $("category-name").value.trim(), leefloon: $("category-leefloon").checked };
  const c = state.editing;
  const key = c ? c.key : $("category-key").value.trim();
  return saveDialog("category", [
    ["category-name", "Geef de soort hulpvraag een naam."],
    ["category-key", "Vul een sleutel in (kleine letters, zoals huurwaarborg)."],
  ], {
    nl,
    send: () => (c
      ? api("PATCH", `${PATHS.category}/${encodeURIComponent(key)}`, body)
      : api("POST", PATHS.category, { ...body, key })),
    done: async (saved) => {
      await refresh();
      say(`Soort hulpvraag ${saved.name} bewaard.`);
      focusRow("category", saved.key, "Wijzigen");
    },
  });
}

document.addEventListener("admin:ready", () => {
  draw();
  refresh();
});
// Changed elsewhere: shown at once; an open dialog keeps what is being typed in it.
document.addEventListener("admin:changed", (ev) => {
  if (state.drawn && document.body.dataset.state === "app" && concerns(ev, "configuration")) {
    keepingFocus($("partners"), refresh);
  }
});
