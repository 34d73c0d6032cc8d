// The station's pairing page: sends the code to the station (POST /api/pair), which exchanges
// it at the server and keeps the token; then waits until the station's own page is served on
// this address and shows it. Everything is built from text: no HTML is made from data.

const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const $ = (id) => document.getElementById(id);

/** "k7mx3q" → "K7MX-3Q": capitals, the dash after four characters. */
function shaped(text) {
  const plain = text.toUpperCase().replace(/[^A-Z0-9]/g, "").slice(0, 8);
  return plain.length > 4 ? `${plain.slice(0, 4)}-${plain.slice(4)}` : plain;
}

function key(label, aria, onclick, wide) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  if (aria) b.setAttribute("aria-label", aria);
  if (wide) b.className = "wide";
  b.addEventListener("click", onclick);
  return b;
}

function drawKeys() {
  const input = $("code");
  const keys = [...ALPHABET].map((c) => key(c, null, () => { input.value = shaped(input.value + c); }));
  keys.push(key("⌫ Wissen", "Laatste teken wissen", () => { input.value = shaped(input.value.replace(/-$/, "").slice(0, -1)); }, true));
  $("keys").replaceChildren(...keys);
}

/** Waits until this address serves the station's own page, then shows it. */
async function openStation() {
  for (;;) {
    await new Promise((r) => setTimeout(r, 700));
    try {
      const r = await fetch("/", { cache: "no-store" });
      if (r.ok && !r.headers.get("x-onthaal-pairing")) { location.replace("/"); return; }
    } catch { /* the station is starting */ }
  }
}

async function submit(ev) {
  ev.preventDefault();
  const input = $("code");
  const code = shaped(input.value);
  input.value = code;
  $("error").textContent = "";
  input.removeAttribute("aria-invalid");
  if (code.replace("-", "").length !== 8) {
    input.setAttribute("aria-invalid", "true");
    $("error").textContent = "Een koppelcode heeft 8 tekens, bv. K7MX-3QPA.";
    input.focus();
    return;
  }
  $("submit").disabled = true;
  try {
    const r = await fetch("/api/pair", {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ code }),
    });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) {
      input.setAttribute("aria-invalid", "true");
      $("error").textContent = (body.error && body.error.message) || `Het koppelen lukte niet (${r.status}).`;
      input.focus();
      return;
    }
    $("pair-form").hidden = true;
    $("done").textContent = `Gekoppeld als „${body.name}” (${body.location}). Het toestel start nu op…`;
    openStation();
  } catch {
    $("error").textContent = "Het toestel antwoordt niet. Probeer opnieuw.";
  } finally {
    $("submit").disabled = false;
  }
}

drawKeys();
$("code").addEventListener("input", (e) => { e.target.value = shaped(e.target.value); });
$("pair-form").addEventListener("submit", submit);
$("code").focus();
