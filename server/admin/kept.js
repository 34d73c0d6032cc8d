// What the administrator's sections that keep items have in common (partners.js: partners and
// kinds of help request; locations.js: locations, desks and printers): the Dutch error
// messages, the status line, the Status and Acties cells of an item's row, retiring and
// reinstating, saving a dialog's form and asking yes or no (devices.js and admin.js too). Each
// section keeps its own markup and words.

import { $, api, el, serverSaid } from "/web/common.js";

/** A Dutch message for a server error: the section's `errors` by code. */
export function dutch(errors, e) {
  const lead = errors[e.code];
  // The server's words are the configuration file's: they name the field and the reason.
  if (e.code === "invalid_configuration") return `${lead}: ${e.message}`;
  if (lead) return lead;
  if (!serverSaid(e)) return `De server antwoordde ${e.status}.`;
  return e.message || "Er ging iets mis.";
}

/** Says `text` in the status line `id`, emptied first so that the same words are read again. */
export function announce(id, text) {
  const s = $(id);
  s.textContent = "";
  setTimeout(() => { s.textContent = text; }, 30);
}

/** An item's Status cell: `on` while active, `off` once retired. */
export function statusCell(item, [on, off]) {
  return el("td", {}, el("span", { class: item.active ? "badge on" : "badge off", text: item.active ? on : off }));
}

/** Wijzigen and `words.retire` for an active item; `words.reinstate` for a retired one. */
export function actionsCell(item, words, edit, act) {
  const name = item.name || item.key;
  const button = (text, onclick) => el("button", { type: "button", "aria-label": `${text}: ${name}`, text, onclick });
  if (!item.active) return el("td", { class: "actions" }, button(words.reinstate, () => act("reinstate")));
  return el("td", { class: "actions" }, button("Wijzigen", () => edit(item)), " ", button(words.retire, () => act("retire")));
}

/** Puts the focus on the button `label` in `selector`, or on its first button. */
export function focusIn(selector, label) {
  const buttons = [...document.querySelectorAll(`${selector} button`)];
  const b = buttons.find((x) => x.textContent === label) || buttons[0];
  if (b) b.focus();
}

/**
 * Asks a yes/no question in the page's one confirm dialog (index.html), the safe answer
 * focused first; resolves to true for `yes`.
 */
export function confirmDialog(title, text, yes) {
  const d = $("confirm-dialog");
  $("confirm-title").textContent = title;
  $("confirm-text").textContent = text;
  $("confirm-yes").textContent = yes;
  d.returnValue = "";
  return new Promise((resolve) => {
    d.addEventListener("close", () => resolve(d.returnValue === "yes"), { once: true });
    d.showModal();
    $("confirm-no").focus();
  });
}

/**
 * Retires or reinstates (`what`) the item at `path`; a refusal is said in `errorId`. Then
 * `refresh()` and `done()`: the section says what changed and where the focus goes.
 */
export async function setActive(path, what, { errorId, nl, refresh, done }) {
  $(errorId).textContent = "";
  try {
    await api("POST", `${path}/${what}`);
  } catch (e) {
    $(errorId).textContent = nl(e);
    return;
  }
  await refresh();
  done();
}

/**
 * Saves the dialog `${prefix}-dialog`: each of `checks` ([field id, Dutch message]) must be
 * filled in, else its message is said and the field has the focus; then `send()`, and on
 * success the dialog closes and `done(saved)` follows. A refusal is said in the dialog.
 */
export async function saveDialog(prefix, checks, { send, done, nl }) {
  for (const [id, message] of checks) {
    if (!$(id).value.trim()) {
      $(`${prefix}-error`).textContent = message;
      $(id).focus();
      return;
    }
  }
  $(`${prefix}-submit`).disabled = true;
  try {
    const saved = await send();
    $(`${prefix}-dialog`).close();
    await done(saved);
  } catch (e) {
    $(`${prefix}-error`).textContent = nl(e);
  } finally {
    $(`${prefix}-submit`).disabled = false;
  }
}

/** The end of the dialog `prefix`'s markup: where a refusal is said, Opslaan and Annuleren. */
export const formEnd = (prefix) => `
      <p id="${prefix}-error" class="error" role="alert"></p>
      <div class="form-actions">
        <button type="submit" class="primary" id="${prefix}-submit" value="save">Opslaan</button>
        <button type="button" id="${prefix}-cancel">Annuleren</button>
      </div>
    </form>
  </dialog>`;

/** The dialog `prefix` is saved by `save` and closed by Annuleren. */
export function wireDialog(prefix, save) {
  $(`${prefix}-form`).addEventListener("submit", save);
  $(`${prefix}-cancel`).addEventListener("click", () => $(`${prefix}-dialog`).close());
}

/** The start of the dialog `prefix`'s markup, with its `title`. */
export const dialogStart = (prefix, title) => `
  <dialog id="${prefix}-dialog" aria-labelledby="${prefix}-title">
    <form id="${prefix}-form" method="dialog" novalidate>
      <h2 id="${prefix}-title">${title}</h2>`;

/** The field of a new item's key (`prefix`-key): the rule for keys, with an `example`. */
export const keyField = (prefix, label, example) => `
        <div class="field">
          <label for="${prefix}-key">${label}</label>
          <input id="${prefix}-key" autocomplete="off" autocapitalize="none" spellcheck="false" maxlength="40" aria-describedby="${prefix}-key-hint">
          <p id="${prefix}-key-hint" class="hint">Kleine letters, cijfers, - of _, bv. ${example}. Blijft altijd dezelfde.</p>
        </div>`;

/** The field of an item's name (`prefix`-name). */
export const nameField = (prefix) => `
        <div class="field">
          <label for="${prefix}-name">Naam</label>
          <input id="${prefix}-name" autocomplete="off" required maxlength="120">
        </div>`;

/** The address and phone fields (`prefix`-address, `prefix`-phone) of a partner or location. */
export const contactFields = (prefix) => `
      <div class="two">
        <div class="field">
          <label for="${prefix}-address">Adres</label>
          <input id="${prefix}-address" autocomplete="off" maxlength="200">
        </div>
        <div class="field">
          <label for="${prefix}-phone">Telefoon</label>
          <input id="${prefix}-phone" type="tel" autocomplete="off" maxlength="40">
        </div>
      </div>`;
