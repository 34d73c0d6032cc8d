//! Onthaal's words in every language: one Fluent catalogue per language, `i18n/<lang>.ftl`,
//! read here for the programs (printouts, spoken calls, check-in refusals, dashboard labels)
//! and served as it is to the browser pages, which format it with the same Fluent rules.
//!
//! Dutch is the reference: every message exists in `nl.ftl`, and a message another language
//! lacks falls back to Dutch. Messages whose id starts with one of [`DUTCH_ONLY`] are Dutch
//! by nature (staff texts; the ontvangstbewijs, whose legal language is Dutch), so only
//! `nl.ftl` needs them. Adding a language is adding one file: the
//! build embeds every `.ftl` in the folder (see `build.rs` and `docs/translations.md`).

use fluent_bundle::{concurrent::FluentBundle, FluentArgs, FluentResource, FluentValue};
use std::{
    collections::HashMap,
    sync::{Mutex, OnceLock},
};

include!(concat!(env!("OUT_DIR"), "/catalogues.rs"));

/// The Fluent formatter of the browser pages: `@fluent/bundle`'s UMD build (Apache-2.0),
/// vendored unchanged in `i18n/web/`. Each program serves it as `/i18n/fluent-bundle.js`.
pub const FLUENT_BUNDLE_JS: &str = include_str!("../web/fluent-bundle.js");

/// The pages' loader (`/i18n/catalogue.js`): fetches `/i18n/<lang>.ftl` and formats its
/// messages, with the same fallback to Dutch as [`format`].
pub const CATALOGUE_JS: &str = include_str!("../web/catalogue.js");

/// A file of `/i18n/`, as every program (server, kiosk, display) serves it to its pages, so a
/// kiosk or display whose server is unreachable still has its words: `(content type, body)`
/// for `fluent-bundle.js`, `catalogue.js`, `languages.json` (see [`languages_json`]) and
/// `<lang>.ftl`; `None` for anything else.
pub fn web_file(name: &str) -> Option<(&'static str, &'static str)> {
    const JS: &str = "text/javascript; charset=utf-8";
    match name {
        "fluent-bundle.js" => Some((JS, FLUENT_BUNDLE_JS)),
        "catalogue.js" => Some((JS, CATALOGUE_JS)),
        "languages.json" => Some(("application/json", languages_json())),
        _ => {
            let src = catalogue(name.strip_suffix(".ftl")?)?;
            Some(("text/plain; charset=utf-8", src))
        }
    }
}

/// The language every other falls back to, and the one staff texts are written in.
pub const REFERENCE: &str = "nl";

/// The id prefixes of messages that are Dutch only: staff texts (the dashboard) and the
/// ontvangstbewijs, printed in the legal language of the document.
pub const DUTCH_ONLY: [&str; 2] = ["staff-", "receipt-"];

/// The reserved messages every catalogue has about its own language (see [`Language`]); the
/// pages read them from the catalogue too.
pub const DESCRIPTION: [&str; 6] = [
    "language-name",
    "language-direction",
    "language-locale",
    "language-voice",
    "language-printed-without-pictures",
    "language-order",
];

/// A visitor language, as its catalogue describes itself in its reserved `language-…`
/// messages: everything a program needs to offer, show, speak and print it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// Its code, the catalogue's file name: "nl", "fr", "ru".
    pub code: &'static str,
    /// Its own name, as its language button says it: "Nederlands", "Русский".
    pub name: String,
    /// Whether it is written right to left (`language-direction = rtl`).
    pub rtl: bool,
    /// The BCP 47 tag for dates and numbers and the browser's voice: "nl-BE".
    pub locale: String,
    /// The espeak-ng voice its calls and kiosk screens are spoken with: "fr-be".
    pub voice: String,
    /// The language a printer without pictures (`script=text`) prints instead: its own code
    /// when Latin letters can write it (Cyrillic is transliterated), else another ("fr" for
    /// Arabic).
    pub printed_without_pictures: &'static str,
    /// Its place in the language lists; Dutch, the base language, is first.
    pub order: i64,
}

/// Every visitor language, in the order the kiosk, the pages and the settings list them:
/// the one list, read from the catalogues (one `i18n/<code>.ftl` each) — Dutch first.
pub fn all_languages() -> &'static [Language] {
    static ALL: OnceLock<Vec<Language>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut all: Vec<Language> = CATALOGUES.iter().map(|(code, _)| describe(code)).collect();
        all.sort_by_key(|l| (l.code != REFERENCE, l.order, l.code));
        all
    })
}

/// One language's description from its own catalogue, without falling back to Dutch (a
/// Dutch name or direction would be wrong for it): a reserved message it lacks — the tests
/// refuse that — gives the code as name, left to right, the code as locale and voice.
fn describe(code: &'static str) -> Language {
    let bundle = &bundles()[code];
    let own = |id: &str| {
        let pattern = bundle.get_message(id)?.value()?;
        let mut errors = Vec::new();
        let text = bundle
            .format_pattern(pattern, None, &mut errors)
            .trim()
            .to_string();
        (!text.is_empty()).then_some(text)
    };
    let printed = own("language-printed-without-pictures")
        .and_then(|l| CATALOGUES.iter().map(|(c, _)| *c).find(|c| *c == l))
        .unwrap_or(code);
    Language {
        code,
        name: own("language-name").unwrap_or_else(|| code.to_string()),
        rtl: own("language-direction").as_deref() == Some("rtl"),
        locale: own("language-locale").unwrap_or_else(|| code.to_string()),
        voice: own("language-voice").unwrap_or_else(|| code.to_string()),
        printed_without_pictures: printed,
        order: own("language-order")
            .and_then(|o| o.parse().ok())
            .unwrap_or(i64::MAX),
    }
}

/// The language with the catalogue `code` ("fr"), as [`known`] spells codes.
pub fn language(code: &str) -> Option<&'static Language> {
    let code = known(code)?;
    all_languages().iter().find(|l| l.code == code)
}

/// The codes of the languages with a catalogue, Dutch first, in the lists' order.
pub fn languages() -> impl Iterator<Item = &'static str> {
    all_languages().iter().map(|l| l.code)
}

/// The code of a language with a catalogue, for a code as a visitor's device or a setting
/// spells it (" FR" → "fr"); `None` for a language without one.
pub fn known(lang: &str) -> Option<&'static str> {
    let lang = lang.trim().to_ascii_lowercase();
    CATALOGUES.iter().map(|(l, _)| *l).find(|l| *l == lang)
}

/// The languages as the pages get them (`/i18n/languages.json`): a list, in order, of
/// `{"code", "name", "dir", "locale"}`.
pub fn languages_json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        let items: Vec<String> = all_languages()
            .iter()
            .map(|l| {
                format!(
                    "{{\"code\":{},\"name\":{},\"dir\":\"{}\",\"locale\":{}}}",
                    json_string(l.code),
                    json_string(&l.name),
                    if l.rtl { "rtl" } else { "ltr" },
                    json_string(&l.locale)
                )
            })
            .collect();
        format!("[{}]", items.join(","))
    })
}

/// A JSON string literal (the crate has no JSON library; names are plain text).
fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The catalogue of `lang` as written (Fluent source), for the browser pages.
pub fn catalogue(lang: &str) -> Option<&'static str> {
    CATALOGUES
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, src)| *src)
}

/// A message without variables, in `lang` (Dutch where `lang` lacks it).
pub fn text(lang: &str, id: &str) -> String {
    format(lang, id, &[])
}

/// A message in `lang` (Dutch where `lang` lacks it) with its variables filled in, e.g.
/// `format("fr", "call-sentence", &[("number", "P 23"), ("desk", "Loket 2")])`.
///
/// Values are passed as text: numbers and dates arrive formatted as the caller wants them
/// printed, so no locale rule changes a ticket number or a time.
pub fn format(lang: &str, id: &str, args: &[(&str, &str)]) -> String {
    let all = bundles();
    let found = [lang, REFERENCE].into_iter().find_map(|l| {
        let bundle = all.get(l)?;
        let pattern = bundle.get_message(id)?.value()?;
        Some((bundle, pattern))
    });
    let Some((bundle, pattern)) = found else {
        debug_assert!(false, "no message {id} in {REFERENCE}.ftl");
        return id.to_string();
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, FluentValue::from(*value));
    }
    let mut errors = Vec::new();
    let out = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    debug_assert!(errors.is_empty(), "{lang} {id}: {errors:?}");
    out.into_owned()
}

/// A staff text (Dutch, without variables) where a label is kept as `&'static str`, as the
/// dashboard's column labels are: formatted once, then kept for the program's life (the ids
/// are the code's own literals, so the kept texts are few).
pub fn staff(id: &str) -> &'static str {
    static KEPT: OnceLock<Mutex<HashMap<String, &'static str>>> = OnceLock::new();
    let mut kept = KEPT
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    kept.entry(id.to_string())
        .or_insert_with(|| Box::leak(text(REFERENCE, id).into_boxed_str()))
}

const WEEKDAYS: [&str; 7] = [
    "weekday-monday",
    "weekday-tuesday",
    "weekday-wednesday",
    "weekday-thursday",
    "weekday-friday",
    "weekday-saturday",
    "weekday-sunday",
];

const MONTHS: [&str; 12] = [
    "month-january",
    "month-february",
    "month-march",
    "month-april",
    "month-may",
    "month-june",
    "month-july",
    "month-august",
    "month-september",
    "month-october",
    "month-november",
    "month-december",
];

/// The day of the week in `lang` as a date names it: "maandag", "lundi", "Monday",
/// "Pazartesi" (Turkish capitalises it in dates).
pub fn weekday_name(day: chrono::Weekday, lang: &str) -> String {
    text(lang, WEEKDAYS[day.num_days_from_monday() as usize])
}

/// The month in `lang` as a date names it ("november", "листопада": Ukrainian in the genitive).
pub fn month_name(month: chrono::Month, lang: &str) -> String {
    text(lang, MONTHS[month.number_from_month() as usize - 1])
}

type Bundle = FluentBundle<FluentResource>;

fn bundles() -> &'static HashMap<&'static str, Bundle> {
    static BUNDLES: OnceLock<HashMap<&'static str, Bundle>> = OnceLock::new();
    BUNDLES.get_or_init(|| {
        CATALOGUES
            .iter()
            .map(|(lang, src)| (*lang, bundle(lang, src)))
            .collect()
    })
}

/// One language's bundle. A catalogue that does not parse stops the program at its first
/// text: the tests below parse every catalogue, so that cannot reach a release.
fn bundle(lang: &str, src: &str) -> Bundle {
    let resource = FluentResource::try_new(src.to_string())
        .unwrap_or_else(|(_, errors)| panic!("i18n/{lang}.ftl does not parse: {errors:?}"));
    let mut bundle = FluentBundle::new_concurrent(vec![lang.parse().unwrap_or_default()]);
    // Fluent wraps each variable in Unicode isolation marks by default. The printer, the speech
    // engine and the kiosk want the plain text; the pages set the direction themselves.
    bundle.set_use_isolating(false);
    bundle
        .add_resource(resource)
        .unwrap_or_else(|errors| panic!("i18n/{lang}.ftl repeats a message: {errors:?}"));
    bundle
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_syntax::ast;
    use std::collections::{BTreeMap, BTreeSet};

    /// Every message of a catalogue with the variables its value uses.
    fn messages(src: &str) -> BTreeMap<String, BTreeSet<String>> {
        let resource = ast_of(src);
        let mut out = BTreeMap::new();
        for entry in resource.body {
            if let ast::Entry::Message(m) = entry {
                let mut vars = BTreeSet::new();
                if let Some(p) = &m.value {
                    pattern_vars(p, &mut vars);
                }
                out.insert(m.id.name.to_string(), vars);
            }
        }
        out
    }

    fn ast_of(src: &str) -> ast::Resource<&str> {
        fluent_syntax::parser::parse(src).unwrap_or_else(|(_, errors)| panic!("{errors:?}"))
    }

    fn pattern_vars(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
        for element in &p.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                expression_vars(expression, vars);
            }
        }
    }

    fn expression_vars(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
        match e {
            ast::Expression::Inline(i) => inline_vars(i, vars),
            ast::Expression::Select { selector, variants } => {
                inline_vars(selector, vars);
                for v in variants {
                    pattern_vars(&v.value, vars);
                }
            }
        }
    }

    fn inline_vars(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
        match i {
            ast::InlineExpression::VariableReference { id } => {
                vars.insert(id.name.to_string());
            }
            ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
            _ => {}
        }
    }

    /// The `.ftl` files in the folder now, by code.
    fn files() -> BTreeSet<String> {
        std::fs::read_dir(env!("CARGO_MANIFEST_DIR"))
            .unwrap()
            .filter_map(|e| {
                let name = e.unwrap().file_name().into_string().ok()?;
                Some(name.strip_suffix(".ftl")?.to_string())
            })
            .collect()
    }

    #[test]
    fn the_languages_are_the_catalogue_files() {
        let langs: BTreeSet<String> = languages().map(str::to_string).collect();
        assert_eq!(
            langs,
            files(),
            "every i18n/<code>.ftl is a language, and only those"
        );
        assert_eq!(
            languages().next(),
            Some(REFERENCE),
            "Dutch, the base language, is first"
        );
        for lang in ["nl", "fr", "en", "tr", "uk", "ar"] {
            assert!(langs.contains(lang), "no i18n/{lang}.ftl");
        }
        assert_eq!(known(" FR"), Some("fr"));
        assert_eq!(known("xx"), None);
        assert!(web_file("uk.ftl").is_some_and(|(_, src)| src.contains("weekday-monday")));
        assert!(web_file("catalogue.js").is_some());
        assert!(web_file("xx.ftl").is_none() && web_file("../Cargo.toml").is_none());
    }

    #[test]
    fn every_language_describes_itself() {
        let mut orders = BTreeSet::new();
        for (lang, src) in CATALOGUES {
            let own = messages(src);
            for id in DESCRIPTION {
                assert!(own.contains_key(id), "{lang}.ftl lacks the reserved {id}");
            }
            let l = language(lang).unwrap();
            let direction = text(lang, "language-direction");
            assert!(
                direction == "ltr" || direction == "rtl",
                "{lang}.ftl: language-direction is ltr or rtl, not {direction}"
            );
            assert!(
                !l.name.is_empty() && l.name != *lang,
                "{lang}.ftl: language-name"
            );
            assert!(
                l.locale.starts_with(lang),
                "{lang}.ftl: language-locale {} is a tag of {lang}",
                l.locale
            );
            let printed = text(lang, "language-printed-without-pictures");
            assert!(
                known(&printed).is_some(),
                "{lang}.ftl: language-printed-without-pictures {printed} has no catalogue"
            );
            assert!(
                l.order != i64::MAX && orders.insert(l.order),
                "{lang}.ftl: language-order is a number no other language has"
            );
        }
        let ar = language("ar").unwrap();
        assert!(ar.rtl && ar.printed_without_pictures == "fr" && ar.name == "العربية");
        let fr = language(" FR").unwrap();
        assert!(!fr.rtl && fr.voice == "fr-be" && fr.printed_without_pictures == "fr");
        let json = languages_json();
        assert!(
            json.starts_with(r#"[{"code":"nl","name":"Nederlands","dir":"ltr","locale":"nl-BE"},"#)
        );
        assert!(json.contains(
            r#"{"code":"ar","name":"العربية","dir":"rtl","locale":"ar-u-nu-latn-hc-h23"}"#
        ));
        assert_eq!(json_string("a\"b\\c\n"), r#""a\"b\\c\u000a""#);
    }

    #[test]
    fn every_catalogue_parses_without_repeats() {
        for (lang, src) in CATALOGUES {
            bundle(lang, src);
        }
    }

    #[test]
    fn every_message_exists_in_every_language_with_the_same_variables() {
        let reference = messages(catalogue(REFERENCE).expect("nl.ftl exists"));
        for (lang, src) in CATALOGUES {
            let own = messages(src);
            for (id, vars) in &reference {
                if DUTCH_ONLY.iter().any(|p| id.starts_with(p)) && *lang != REFERENCE {
                    continue;
                }
                let Some(own_vars) = own.get(id) else {
                    panic!("{lang}.ftl lacks {id}");
                };
                // The code passes the variables the Dutch text uses: a translation may only
                // use those, or it shows an error where the value should be.
                assert!(
                    own_vars.is_subset(vars),
                    "{lang}.ftl {id} uses {own_vars:?}, the code passes {vars:?}"
                );
            }
            for id in own.keys() {
                assert!(
                    reference.contains_key(id),
                    "{lang}.ftl has {id}, which nl.ftl lacks: a typo or a removed message"
                );
            }
        }
    }

    #[test]
    fn messages_format_with_their_variables_and_fall_back_to_dutch() {
        assert_eq!(
            format(
                "fr",
                "call-sentence",
                &[("number", "P 23"), ("desk", "Spreekkamer 2")]
            ),
            "Numéro P 23, à Spreekkamer 2."
        );
        assert_eq!(text("xx", "weekday-monday"), "maandag");
        assert_eq!(text("en", "staff-stats-dag"), "Dag");
        assert_eq!(staff("staff-stats-dag"), "Dag");
        assert_eq!(weekday_name(chrono::Weekday::Wed, "tr"), "Çarşamba");
        assert_eq!(month_name(chrono::Month::November, "uk"), "листопада");
    }
}
