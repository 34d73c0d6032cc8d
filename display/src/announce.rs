//! The spoken words of a call: "Nummer P 23, naar Spreekkamer 2", and the same in each of the
//! display's other languages.
//!
//! The letter and the number are separated and the leading zeros dropped, so a speech engine
//! says "pee drieëntwintig" rather than "P-nul-twee-drie" or an attempt at a word "P023".
//! The room is spoken by its configured name: that is what the sign on its door says.

use onthaal_wire::{CallView, Lang};

/// "P023" → "P 23"; "AB7" → "A B 7"; anything without digits is spoken as written.
pub fn spoken_number(number: &str) -> String {
    let split = number
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(number.len());
    let (letters, digits) = number.split_at(split);
    let mut parts: Vec<String> = letters
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_string())
        .collect();
    if !digits.is_empty() {
        if digits.chars().all(|c| c.is_ascii_digit()) {
            let trimmed = digits.trim_start_matches('0');
            parts.push(if trimmed.is_empty() { "0" } else { trimmed }.to_string());
        } else {
            parts.push(digits.to_string());
        }
    }
    if parts.is_empty() {
        number.to_string()
    } else {
        parts.join(" ")
    }
}

/// The sentence for a call in one language (the catalogue's `call-sentence`).
pub fn sentence(lang: Lang, call: &CallView) -> String {
    let number = spoken_number(&call.number);
    onthaal_i18n::format(
        lang.code(),
        "call-sentence",
        &[("number", &number), ("desk", &call.desk.name)],
    )
}

/// The languages a call is announced in: always Dutch, then the display's other languages in
/// their order (Dutch and repeats among them left out).
pub fn languages(others: &[Lang]) -> Vec<Lang> {
    let mut v = vec![Lang::NL];
    for l in others {
        if !v.contains(l) {
            v.push(*l);
        }
    }
    v
}

/// The espeak-ng voice for a language: its catalogue's `language-voice`.
pub fn espeak_voice(lang: Lang) -> &'static str {
    &lang.about().voice
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use onthaal_wire::DeskRef;

    #[test]
    fn numbers_are_spoken_as_letter_and_number() {
        assert_eq!(spoken_number("P023"), "P 23");
        assert_eq!(spoken_number("I007"), "I 7");
        assert_eq!(spoken_number("P100"), "P 100");
        assert_eq!(spoken_number("A000"), "A 0");
        assert_eq!(spoken_number("AB12"), "A B 12");
        assert_eq!(spoken_number("42"), "42");
        assert_eq!(spoken_number("X"), "X");
    }

    #[test]
    fn dutch_first_then_the_second_language() {
        let c = CallView {
            id: 1,
            number: "P023".into(),
            service: "permanentie".into(),
            service_name: "Permanentie".into(),
            desk: DeskRef {
                id: 4,
                name: "Spreekkamer 2".into(),
            },
            at: Utc::now(),
            recall: false,
        };
        let [fr, ar, uk] = ["fr", "ar", "uk"].map(|c| Lang::parse(c).unwrap());
        assert_eq!(sentence(Lang::NL, &c), "Nummer P 23, naar Spreekkamer 2.");
        assert_eq!(sentence(fr, &c), "Numéro P 23, à Spreekkamer 2.");
        assert_eq!(languages(&[fr]), [Lang::NL, fr]);
        assert_eq!(languages(&[Lang::NL]), [Lang::NL]);
        assert_eq!(languages(&[]), [Lang::NL]);
        assert_eq!(languages(&[fr, ar, fr, uk]), [Lang::NL, fr, ar, uk]);
    }
}
