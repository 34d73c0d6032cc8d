//! Online booking by citizens: the rules that need no database — what counts as the same
//! contact (for the per-contact limit), which language a browser asks for, and the messages a
//! citizen reads when a booking is refused, in their language.
//!
//! The same person writes their e-mail address in capitals one day and their phone number
//! as `+32 470 12 34 56` or `0470/12.34.56` the next; the limit must see one contact, so both
//! are normalised before they are compared (never stored normalised: the stored value is what
//! the citizen typed, and it is erased after the retention period like every contact detail).

use onthaal_wire::Lang;

/// The languages of the booking page; others fall back to Dutch.
pub const PAGE_LANGS: [Lang; 3] = [Lang::Nl, Lang::Fr, Lang::En];

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
            let lang = PAGE_LANGS.into_iter().find(|l| l.code() == primary)?;
            let q = it
                .find_map(|p| p.trim().strip_prefix("q=").map(str::to_string))
                .map(|q| q.parse::<f32>().unwrap_or(0.0))
                .unwrap_or(1.0);
            (q > 0.0).then_some((q, i, lang))
        })
        .collect();
    choices.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    choices.first().map(|c| c.2).unwrap_or(Lang::Nl)
}

/// A language of the page (others fall back to Dutch, then English for the message table).
pub fn page_lang(lang: Lang) -> Lang {
    if PAGE_LANGS.contains(&lang) {
        lang
    } else {
        Lang::En
    }
}

/// What a citizen reads for a refused booking, per error code, or `None` for codes they never
/// meet (the English text of the error is used then).
pub fn citizen_message(code: &str, lang: Lang) -> Option<&'static str> {
    let (nl, fr, en) = match code {
        "slot_taken" => (
            "Dit uur is intussen door iemand anders geboekt. Kies een ander uur.",
            "Cette heure vient d'être réservée par quelqu'un d'autre. Choisissez une autre heure.",
            "Someone else has just booked this time. Please choose another time.",
        ),
        "contact_limit" => (
            "Met dit e-mailadres of telefoonnummer zijn al genoeg afspraken geboekt. Annuleer eerst een afspraak, of bel ons.",
            "Assez de rendez-vous sont déjà réservés avec cette adresse e-mail ou ce numéro. Annulez d'abord un rendez-vous, ou appelez-nous.",
            "Enough appointments are already booked with this e-mail address or phone number. Cancel one first, or call us.",
        ),
        "too_many_bookings" => (
            "Er werden van hieruit te veel afspraken geboekt. Probeer later opnieuw of bel ons.",
            "Trop de rendez-vous ont été réservés depuis cet endroit. Réessayez plus tard ou appelez-nous.",
            "Too many appointments were booked from here. Please try again later or call us.",
        ),
        "invalid_email" => (
            "Dit e-mailadres klopt niet. Kijk het na (bijvoorbeeld naam@voorbeeld.be).",
            "Cette adresse e-mail n'est pas correcte. Vérifiez-la (par exemple nom@exemple.be).",
            "This e-mail address is not right. Please check it (for example name@example.be).",
        ),
        "invalid_phone" => (
            "Dit telefoonnummer klopt niet. Kijk het na (bijvoorbeeld 0470 12 34 56).",
            "Ce numéro de téléphone n'est pas correct. Vérifiez-le (par exemple 0470 12 34 56).",
            "This phone number is not right. Please check it (for example 0470 12 34 56).",
        ),
        "missing_contact" => (
            "Geef een e-mailadres of een telefoonnummer, zodat we u kunnen bereiken.",
            "Donnez une adresse e-mail ou un numéro de téléphone, pour que nous puissions vous joindre.",
            "Give an e-mail address or a phone number, so that we can reach you.",
        ),
        "missing_name" => (
            "Vul uw naam in.",
            "Indiquez votre nom.",
            "Please fill in your name.",
        ),
        "invalid_contact" => (
            "Uw naam is te lang. Gebruik minder dan 100 tekens.",
            "Votre nom est trop long. Utilisez moins de 100 caractères.",
            "Your name is too long. Please use fewer than 100 characters.",
        ),
        "consent_required" => (
            "Geef toestemming om uw gegevens voor deze afspraak te gebruiken.",
            "Donnez votre accord pour l'utilisation de vos données pour ce rendez-vous.",
            "Please agree to the use of your details for this appointment.",
        ),
        "unknown_service" | "not_bookable" => (
            "Voor deze dienst kunt u niet online een afspraak maken. Bel ons of kom langs.",
            "Ce service ne se réserve pas en ligne. Appelez-nous ou passez nous voir.",
            "This service cannot be booked online. Please call us or come by.",
        ),
        "unknown_staff" => (
            "Deze maatschappelijk werker kunt u niet online boeken.",
            "Cet assistant social ne peut pas être réservé en ligne.",
            "This social worker cannot be booked online.",
        ),
        "in_past" => (
            "Dit uur is al voorbij. Kies een ander uur.",
            "Cette heure est déjà passée. Choisissez une autre heure.",
            "This time has already passed. Please choose another time.",
        ),
        "holiday" | "closed" | "outside_opening_hours" | "staff_absent" | "staff_unavailable"
        | "invalid_start" => (
            "Op dit uur kunt u geen afspraak maken. Kies een vrij uur uit de lijst.",
            "Impossible de prendre rendez-vous à cette heure. Choisissez une heure libre dans la liste.",
            "This time cannot be booked. Please choose a free time from the list.",
        ),
        "not_found" => (
            "Deze afspraak bestaat niet. Kijk de link na of bel ons.",
            "Ce rendez-vous n'existe pas. Vérifiez le lien ou appelez-nous.",
            "This appointment does not exist. Please check the link or call us.",
        ),
        "invalid_transition" => (
            "Deze afspraak kan niet meer gewijzigd worden (ze is geannuleerd of voorbij). Bel ons als u vragen hebt.",
            "Ce rendez-vous ne peut plus être modifié (il est annulé ou passé). Appelez-nous si vous avez des questions.",
            "This appointment can no longer be changed (it was cancelled or has passed). Call us if you have questions.",
        ),
        "invalid_date" | "invalid_range" => (
            "Deze datum klopt niet. Kies een dag in de kalender.",
            "Cette date n'est pas correcte. Choisissez un jour dans le calendrier.",
            "This date is not right. Please choose a day in the calendar.",
        ),
        _ => return None,
    };
    Some(match page_lang(lang) {
        Lang::Nl => nl,
        Lang::Fr => fr,
        _ => en,
    })
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
        assert_eq!(negotiate_lang("fr-BE,fr;q=0.9,nl;q=0.8"), Lang::Fr);
        assert_eq!(negotiate_lang("de-DE,de;q=0.9,en;q=0.5,fr;q=0.4"), Lang::En);
        assert_eq!(negotiate_lang("en;q=0.2, nl-BE"), Lang::Nl);
        assert_eq!(negotiate_lang("de"), Lang::Nl);
        assert_eq!(negotiate_lang(""), Lang::Nl);
        assert_eq!(negotiate_lang("fr;q=0, en"), Lang::En);
    }

    #[test]
    fn refusals_are_phrased_per_language() {
        assert!(citizen_message("slot_taken", Lang::Fr)
            .unwrap()
            .contains("réservée"));
        assert!(citizen_message("contact_limit", Lang::Nl)
            .unwrap()
            .contains("e-mailadres"));
        // A language the page does not have yet gets English.
        assert!(citizen_message("in_past", Lang::Tr)
            .unwrap()
            .contains("passed"));
        assert_eq!(citizen_message("database_busy", Lang::Nl), None);
    }
}
