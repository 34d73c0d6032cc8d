// The citizen pages' words: the same Fluent catalogue (/i18n/<lang>.ftl) the programs print and
// speak from, formatted with fluent-bundle.js (load that first). A message the language lacks
// is shown in Dutch, as in the programs; a language without a catalogue is shown in Dutch.
"use strict";
(function () {
  // Each catalogue is fetched once per page, however many languages fall back to it.
  const sources = new Map(); // language → Promise of its Fluent source, or null without one
  function source(code) {
    if (!sources.has(code)) {
      sources.set(code, fetch(`/i18n/${encodeURIComponent(code)}.ftl`)
        .then((r) => (r.ok ? r.text() : null))
        .catch(() => null));
    }
    return sources.get(code);
  }

  window.onthaalCatalogue = async function (lang) {
    const { FluentBundle, FluentResource } = window.FluentBundle;
    let found = false;
    async function bundle(code) {
      const b = new FluentBundle(code, { useIsolating: false });
      const src = await source(code);
      if (src !== null) {
        b.addResource(new FluentResource(src));
        if (code === lang) found = true;
      }
      return b;
    }
    const [own, dutch] = await Promise.all([bundle(lang), lang === "nl" ? null : bundle("nl")]);
    // Formats message `id` with `args` (e.g. { number: "P023" }). Values go in as text, as in
    // the programs: a number is shown as the page wrote it, never in another script's digits.
    function text(id, args) {
      const b = own.hasMessage(id) || !dutch ? own : dutch;
      const m = b.getMessage(id);
      if (!m || !m.value) return id;
      const values = {};
      for (const [k, v] of Object.entries(args || {})) values[k] = String(v ?? "");
      return b.formatPattern(m.value, values);
    }
    // Whether `lang` has a catalogue of its own (else every text is the Dutch one).
    text.found = found;
    return text;
  };
})();
