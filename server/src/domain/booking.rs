//! Online booking by citizens: the rules that need no database — what counts as the same
//! contact (for the per-contact limit), which language a browser asks for, and the messages a
//! citizen reads when a booking is refused, in their language.
//!
//! The same person writes their e-mail address in capitals one day and their phone number
//! as `+32 470 12 34 56` or `0470/12.34.56` the next; the limit must see one contact, so both
//! are normalised before they are compared (never stored normalised: the stored value is what
//! the citizen typed, and it is erased after the retention period like every contact detail).

use chrono::Duration;
use onthaal_wire::Lang;

use super::rate_limit::Window;

/// At most 3 new online bookings per 10 minutes and 10 per day from one client address: a
/// family books a few, a script hoarding slots is stopped (a shared address such as a
/// library's still has room for several citizens a day). The configuration file's
/// `online_booking_address_limit` replaces it.
pub const DEFAULT_ADDRESS_LIMIT: [Window; 2] = [
    Window {
        max: 3,
        window: Duration::minutes(10),
    },
    Window {
        max: 10,
        window: Duration::hours(24),
    },
];

/// A plausible e-mail address, lowercased; `None` when it cannot be one. Deliberately simple
/// (one `@`, a dot in the domain, no spaces): the address is only used to send a reminder,
/// and the citizen sees what they typed on the confirmation.
pub fn normalize_email(s: &str) -> Option<String> {
    let s = s.trim();
    if s.len() > 200 || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let (local, domain) = s.split_once('@')?;
    let ok_domain = domain.contains('.')
        && !domain.contains('@')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..");
    (!local.is_empty() && ok_domain).then(|| s.to_lowercase())
}

/// A phone number as digits with the country code (`32470123456`), or `None` when it has
/// too few or too many digits or other characters than `+ - . / ( )` and spaces. A national
/// number (`0470…`) is taken as Belgian; `+` and `00` start an international one.
pub fn normalize_phone(s: &str) -> Option<String> {
    let s = s.trim();
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || " +-./()".contains(c))
        || s.chars().skip(1).any(|c| c == '+')
    {
        return None;
    }
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let full = if s.starts_with('+') {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_string()
    } else if let Some(rest) = digits.strip_prefix('0') {
        format!("32{rest}")
    } else {
        return None;
    };
    (10..=15).contains(&full.len()).then_some(full)
}

/// Whether a stored contact (as typed) is the same person as the normalised e-mail address
/// and/or phone number of a new booking.
pub fn same_contact(
    stored_email: Option<&str>,
    stored_phone: Option<&str>,
    email: Option<&str>,
    phone: Option<&str>,
) -> bool {
    let e = email.is_some() && stored_email.and_then(normalize_email).as_deref() == email;
    let p = phone.is_some() && stored_phone.and_then(normalize_phone).as_deref() == phone;
    e || p
}

/// The page language for an `Accept-Language` header: the first supported language by
/// preference (`q` weights honoured, `fr-BE` counts as `fr`), else Dutch.
pub fn negotiate_lang(accept_language: &str) -> Lang {
    let mut choices: Vec<(f32, usize, Lang)> = accept_language
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut it = part.split(';');
            let tag = it.next()?.trim().to_ascii_lowercase();
            let primary = tag.split('-').next()?;
            let lang = Lang::all().find(|l| l.code() == primary)?;
            let q = it
                .find_map(|p| p.trim().strip_prefix("q=").map(str::to_string))
                .map(|q| q.parse::<f32>().unwrap_or(0.0))
                .unwrap_or(1.0);
            (q > 0.0).then_some((q, i, lang))
        })
        .collect();
    choices.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    choices.first().map(|c| c.2).unwrap_or(Lang::NL)
}

/// The messages a citizen can meet (the catalogue's `booking-refused-…`), with the error codes
/// that show each. Plain words and short sentences: many readers are stressed, some read their
/// own language with difficulty. The Arabic phone example is wrapped in left-to-right isolates (U+2066 … U+2069), or its digit
/// groups would be shown in reverse order inside right-to-left text.
const MESSAGES: &[(&[&str], &str)] = &[
    (&["slot_taken"], "booking-refused-slot-taken"),
    (&["contact_limit"], "booking-refused-contact-limit"),
    (&["too_many_bookings"], "booking-refused-too-many-bookings"),
    (&["invalid_email"], "booking-refused-invalid-email"),
    (&["invalid_phone"], "booking-refused-invalid-phone"),
    (&["missing_contact"], "booking-refused-missing-contact"),
    (&["missing_name"], "booking-refused-missing-name"),
    (&["invalid_contact"], "booking-refused-invalid-contact"),
    (&["consent_required"], "booking-refused-consent-required"),
    (
        &["unknown_service", "not_bookable"],
        "booking-refused-unknown-service",
    ),
    (&["unknown_staff"], "booking-refused-unknown-staff"),
    (
        &["staff_not_for_service"],
        "booking-refused-staff-not-for-service",
    ),
    (&["in_past"], "booking-refused-in-past"),
    (
        &[
            "holiday",
            "closed",
            "outside_opening_hours",
            "staff_absent",
            "staff_unavailable",
            "invalid_start",
        ],
        "booking-refused-time-not-bookable",
    ),
    (&["not_found"], "booking-refused-not-found"),
    (
        &["invalid_transition"],
        "booking-refused-invalid-transition",
    ),
    (
        &["invalid_date", "invalid_range"],
        "booking-refused-invalid-date",
    ),
];

/// What a citizen reads for a refused booking, per error code, or `None` for codes they never
/// meet (the English text of the error is used then).
pub fn citizen_message(code: &str, lang: Lang) -> Option<String> {
    MESSAGES
        .iter()
        .find(|(codes, _)| codes.contains(&code))
        .map(|(_, id)| onthaal_i18n::text(lang.code(), id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e_mail_addresses() {
        assert_eq!(
            normalize_email("  An.Peeters@Example.BE "),
            Some("an.peeters@example.be".into())
        );
        for bad in [
            "",
            "an",
            "an@",
            "@example.be",
            "an@example",
            "an@@example.be",
            "an peeters@example.be",
            "an@example.be.",
            "an@.example.be",
            "an@example..be",
        ] {
            assert_eq!(normalize_email(bad), None, "{bad}");
        }
    }

    #[test]
    fn phone_numbers_of_one_person_are_one_contact() {
        for same in [
            "0470 12 34 56",
            "0470/12.34.56",
            "+32 470 12 34 56",
            "0032470123456",
            "+32 (0)470 12 34 56".replace("(0)", "").as_str(),
        ] {
            assert_eq!(normalize_phone(same), Some("32470123456".into()), "{same}");
        }
        assert_eq!(normalize_phone("09 000 00 00"), Some("3290000000".into()));
        assert_eq!(
            normalize_phone("+31 6 12345678"),
            Some("31612345678".into())
        );
        for bad in [
            "",
            "12345",
            "470123456",
            "0470 12 34 5x",
            "04+70123456",
            "0470",
        ] {
            assert_eq!(normalize_phone(bad), None, "{bad}");
        }
    }

    #[test]
    fn same_contact_by_either_detail() {
        let e = normalize_email("an@example.be");
        let p = normalize_phone("0470123456");
        assert!(same_contact(
            Some("AN@example.be"),
            None,
            e.as_deref(),
            None
        ));
        assert!(same_contact(
            None,
            Some("+32 470 12 34 56"),
            None,
            p.as_deref()
        ));
        assert!(!same_contact(
            Some("other@example.be"),
            Some("0470 99 99 99"),
            e.as_deref(),
            p.as_deref()
        ));
        assert!(!same_contact(None, None, None, None));
    }

    #[test]
    fn accept_language() {
        assert_eq!(
            negotiate_lang("fr-BE,fr;q=0.9,nl;q=0.8"),
            Lang::parse("fr").unwrap()
        );
        assert_eq!(
            negotiate_lang("de-DE,de;q=0.9,en;q=0.5,fr;q=0.4"),
            Lang::parse("en").unwrap()
        );
        assert_eq!(negotiate_lang("en;q=0.2, nl-BE"), Lang::NL);
        assert_eq!(negotiate_lang("de"), Lang::NL);
        assert_eq!(negotiate_lang(""), Lang::NL);
        assert_eq!(negotiate_lang("fr;q=0, en"), Lang::parse("en").unwrap());
        // The kiosk's other languages: a Ukrainian phone often lists Russian too.
        assert_eq!(
            negotiate_lang("uk-UA,uk;q=0.9,ru;q=0.8,en;q=0.7"),
            Lang::parse("uk").unwrap()
        );
        assert_eq!(
            negotiate_lang("ar-SY,ar;q=0.9,en;q=0.5"),
            Lang::parse("ar").unwrap()
        );
        assert_eq!(
            negotiate_lang("de-DE,tr;q=0.8,nl;q=0.5"),
            Lang::parse("tr").unwrap()
        );
        assert_eq!(negotiate_lang("ja-JP,ja"), Lang::NL);
    }

    #[test]
    fn refusals_are_phrased_per_language() {
        for (code, lang, words) in [
            ("slot_taken", Lang::parse("fr").unwrap(), "réservée"),
            ("contact_limit", Lang::NL, "e-mailadres"),
            (
                "in_past",
                Lang::parse("tr").unwrap(),
                "Bu saat geçti. Lütfen başka bir saat seçin.",
            ),
            (
                "in_past",
                Lang::parse("ar").unwrap(),
                "هذا الوقت مضى. اختر وقتًا آخر.",
            ),
            (
                "in_past",
                Lang::parse("uk").unwrap(),
                "Цей час уже минув. Оберіть інший час.",
            ),
            (
                "staff_not_for_service",
                Lang::NL,
                "helpt niet bij deze dienst",
            ),
            (
                "staff_not_for_service",
                Lang::parse("tr").unwrap(),
                "bu hizmetle ilgilenmiyor",
            ),
            ("closed", Lang::parse("uk").unwrap(), "Оберіть вільний час"),
        ] {
            let text = citizen_message(code, lang).unwrap_or_default();
            assert!(text.contains(words), "{code} {lang:?}: {text:?}");
        }
        assert_eq!(citizen_message("database_busy", Lang::NL), None);
        // The catalogue's string literals keep the phone example left to right.
        assert!(citizen_message("invalid_phone", Lang::parse("ar").unwrap())
            .unwrap_or_default()
            .contains("\u{2066}0470 12 34 56\u{2069}"));
    }

    #[test]
    fn every_code_has_a_text_in_every_page_language() {
        let mut seen = std::collections::HashSet::new();
        for (codes, id) in MESSAGES {
            for code in *codes {
                assert!(seen.insert(*code), "{code} is in the table twice");
                for lang in Lang::all() {
                    let m = citizen_message(code, lang).unwrap_or_default();
                    assert!(!m.trim().is_empty(), "{code} in {lang:?}");
                }
            }
            // A translation, not a copy of another language left in its place.
            let all: Vec<String> = Lang::all()
                .map(|l| onthaal_i18n::text(l.code(), id))
                .collect();
            for (i, a) in all.iter().enumerate() {
                assert!(!all[i + 1..].contains(a), "{codes:?}: {a}");
            }
            // Each in its own script, so a text cannot sit in the wrong language's place.
            let cyrillic = |c: char| ('\u{0400}'..='\u{04FF}').contains(&c);
            let arabic = |c: char| ('\u{0600}'..='\u{06FF}').contains(&c);
            let text = |l: &str| onthaal_i18n::text(l, id);
            assert!(text("uk").chars().any(cyrillic), "{}", text("uk"));
            assert!(text("ar").chars().any(arabic), "{}", text("ar"));
            for latin in ["nl", "fr", "en", "tr"].map(text) {
                assert!(!latin.chars().any(|c| cyrillic(c) || arabic(c)), "{latin}");
            }
        }
    }
}
