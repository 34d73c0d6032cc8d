// The citizen pages' words: the same Fluent catalogue (/i18n/<lang>.ftl) the programs print and
// speak from, formatted with fluent-bundle.js (load that first). A message the language lacks
// is shown in Dutch, as in the programs; a language without a catalogue is shown in Dutch.
"use strict";
window.onthaalCatalogue = async function (lang) {
  const { FluentBundle, FluentResource } = window.FluentBundle;
  async function bundle(code) {
    const b = new FluentBundle(code, { useIsolating: false });
    try {
      const r = await fetch(`/i18n/${encodeURIComponent(code)}.ftl`);
      if (r.ok) b.addResource(new FluentResource(await r.text()));
    } catch (_) { /* no catalogue: the Dutch one speaks */ }
    return b;
  }
  const [own, dutch] = await Promise.all([bundle(lang), lang === "nl" ? null : bundle("nl")]);
  // Formats message `id` with `args` (e.g. { number: "P023" }).
  return function text(id, args) {
    const b = own.hasMessage(id) || !dutch ? own : dutch;
    const m = b.getMessage(id);
    return m && m.value ? b.formatPattern(m.value, args) : id;
  };
};
