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

  // The format function of `lang`, from its own Fluent source (null without one) and the Dutch.
  function formatter(lang, own, dutch) {
    const { FluentBundle, FluentResource, FluentNumber } = window.FluentBundle;
    const bundle = (code, src) => {
      const b = new FluentBundle(code, { useIsolating: false });
      if (src != null) b.addResource(new FluentResource(src));
      return b;
    };
    const mine = bundle(lang, own);
    const nl = lang === "nl" ? null : bundle("nl", dutch);
    // Formats message `id` with `args` (e.g. { number: "P023" }). Values go in as text, as in
    // the programs: a number is shown as the page wrote it, never in another script's digits.
    // A count passed as a number (e.g. { n: 3 }) also chooses a plural form (`{ $n -> [one] …
    // *[other] … }`, by the language's rules) and is shown in Latin digits without grouping.
    function text(id, args) {
      const b = mine.hasMessage(id) || !nl ? mine : nl;
      const m = b.getMessage(id);
      if (!m || !m.value) return id;
      const values = {};
      for (const [k, v] of Object.entries(args || {})) {
        values[k] = typeof v === "number"
          ? new FluentNumber(v, { numberingSystem: "latn", useGrouping: false })
          : String(v ?? "");
      }
      return b.formatPattern(m.value, values);
    }
    // Whether `lang` has a catalogue of its own (else every text is the Dutch one).
    text.found = own != null;
    return text;
  }

  // Loads `lang`'s catalogue (and the Dutch one) from the program that served the page.
  window.onthaalCatalogue = async function (lang) {
    const [own, dutch] = await Promise.all([source(lang), lang === "nl" ? null : source("nl")]);
    return formatter(lang, own, dutch);
  };

  // The same from sources the page already holds, { lang: source, nl: source }: a page the
  // server writes them into renders at once, without a round trip.
  window.onthaalCatalogueOf = function (lang, given) {
    return formatter(lang, given[lang] ?? null, given.nl ?? null);
  };
})();
