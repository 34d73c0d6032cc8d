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

/// The languages of the booking page: the kiosk's six, so a citizen who took a ticket in
/// Ukrainian, Arabic or Turkish can also book in it. A browser asking for none of them gets
/// Dutch (see [`negotiate_lang`]).
pub const PAGE_LANGS: [Lang; 6] = [Lang::Nl, Lang::Fr, Lang::En, Lang::Uk, Lang::Ar, Lang::Tr];

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

/// A language of the page: the language itself when the page speaks it, else English (a
/// visitor whose language the page lacks reads English more often than Dutch).
pub fn page_lang(lang: Lang) -> Lang {
    if PAGE_LANGS.contains(&lang) {
        lang
    } else {
        Lang::En
    }
}

/// Whether a page language is written right to left (Arabic), for the page's `dir`.
pub fn is_rtl(lang: Lang) -> bool {
    lang == Lang::Ar
}

/// One message in every page language. Named fields rather than a tuple or an array, so a
/// translation cannot slip into another language's place, and [`Phrased::get`] matches every
/// [`Lang`]: a new kiosk language does not compile until its messages are written.
struct Phrased {
    nl: &'static str,
    fr: &'static str,
    en: &'static str,
    uk: &'static str,
    ar: &'static str,
    tr: &'static str,
}

impl Phrased {
    fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Nl => self.nl,
            Lang::Fr => self.fr,
            Lang::En => self.en,
            Lang::Uk => self.uk,
            Lang::Ar => self.ar,
            Lang::Tr => self.tr,
        }
    }
}

/// The messages a citizen can meet, with the error codes that show each. Plain words and short
/// sentences: many readers are stressed, some read their own language with difficulty. The
/// Arabic phone example is wrapped in left-to-right isolates (U+2066 … U+2069), or its digit
/// groups would be shown in reverse order inside right-to-left text.
const MESSAGES: &[(&[&str], Phrased)] = &[
    (
        &["slot_taken"],
        Phrased {
            nl: "Dit uur is intussen door iemand anders geboekt. Kies een ander uur.",
            fr: "Cette heure vient d'être réservée par quelqu'un d'autre. Choisissez une autre heure.",
            en: "Someone else has just booked this time. Please choose another time.",
            uk: "Цей час щойно забронював хтось інший. Оберіть інший час.",
            ar: "حجز شخص آخر هذا الوقت للتو. اختر وقتًا آخر.",
            tr: "Bu saati az önce başka biri aldı. Lütfen başka bir saat seçin.",
        },
    ),
    (
        &["contact_limit"],
        Phrased {
            nl: "Met dit e-mailadres of telefoonnummer zijn al genoeg afspraken geboekt. Annuleer eerst een afspraak, of bel ons.",
            fr: "Assez de rendez-vous sont déjà réservés avec cette adresse e-mail ou ce numéro. Annulez d'abord un rendez-vous, ou appelez-nous.",
            en: "Enough appointments are already booked with this e-mail address or phone number. Cancel one first, or call us.",
            uk: "З цією електронною поштою або цим номером телефону вже є достатньо записів. Спочатку скасуйте один запис або зателефонуйте нам.",
            ar: "توجد مواعيد كافية محجوزة بهذا البريد الإلكتروني أو رقم الهاتف. ألغِ موعدًا أولاً، أو اتصل بنا.",
            tr: "Bu e-posta adresi veya telefon numarasıyla zaten yeterince randevu alınmış. Önce bir randevuyu iptal edin veya bizi arayın.",
        },
    ),
    (
        &["too_many_bookings"],
        Phrased {
            nl: "Er werden van hieruit te veel afspraken geboekt. Probeer later opnieuw of bel ons.",
            fr: "Trop de rendez-vous ont été réservés depuis cet endroit. Réessayez plus tard ou appelez-nous.",
            en: "Too many appointments were booked from here. Please try again later or call us.",
            uk: "З цього інтернет-підключення зробили забагато записів. Спробуйте пізніше або зателефонуйте нам.",
            ar: "تم حجز مواعيد كثيرة جدًا من هذا الاتصال بالإنترنت. حاول لاحقًا أو اتصل بنا.",
            tr: "Bu internet bağlantısından çok fazla randevu alındı. Lütfen daha sonra tekrar deneyin veya bizi arayın.",
        },
    ),
    (
        &["invalid_email"],
        Phrased {
            nl: "Dit e-mailadres klopt niet. Kijk het na (bijvoorbeeld naam@voorbeeld.be).",
            fr: "Cette adresse e-mail n'est pas correcte. Vérifiez-la (par exemple nom@exemple.be).",
            en: "This e-mail address is not right. Please check it (for example name@example.be).",
            uk: "Ця адреса електронної пошти неправильна. Перевірте її (наприклад, name@example.be).",
            ar: "عنوان البريد الإلكتروني هذا غير صحيح. تحقق منه (مثلاً name@example.be).",
            tr: "Bu e-posta adresi doğru değil. Lütfen kontrol edin (örneğin name@example.be).",
        },
    ),
    (
        &["invalid_phone"],
        Phrased {
            nl: "Dit telefoonnummer klopt niet. Kijk het na (bijvoorbeeld 0470 12 34 56).",
            fr: "Ce numéro de téléphone n'est pas correct. Vérifiez-le (par exemple 0470 12 34 56).",
            en: "This phone number is not right. Please check it (for example 0470 12 34 56).",
            uk: "Цей номер телефону неправильний. Перевірте його (наприклад, 0470 12 34 56).",
            ar: "رقم الهاتف هذا غير صحيح. تحقق منه (مثلاً \u{2066}0470 12 34 56\u{2069}).",
            tr: "Bu telefon numarası doğru değil. Lütfen kontrol edin (örneğin 0470 12 34 56).",
        },
    ),
    (
        &["missing_contact"],
        Phrased {
            nl: "Geef een e-mailadres of een telefoonnummer, zodat we u kunnen bereiken.",
            fr: "Donnez une adresse e-mail ou un numéro de téléphone, pour que nous puissions vous joindre.",
            en: "Give an e-mail address or a phone number, so that we can reach you.",
            uk: "Напишіть адресу електронної пошти або номер телефону, щоб ми могли з вами зв'язатися.",
            ar: "اكتب بريدك الإلكتروني أو رقم هاتفك، حتى نستطيع التواصل معك.",
            tr: "Size ulaşabilmemiz için bir e-posta adresi veya telefon numarası yazın.",
        },
    ),
    (
        &["missing_name"],
        Phrased {
            nl: "Vul uw naam in.",
            fr: "Indiquez votre nom.",
            en: "Please fill in your name.",
            uk: "Напишіть своє ім'я.",
            ar: "اكتب اسمك.",
            tr: "Lütfen adınızı yazın.",
        },
    ),
    (
        &["invalid_contact"],
        Phrased {
            nl: "Uw naam is te lang. Gebruik minder dan 100 tekens.",
            fr: "Votre nom est trop long. Utilisez moins de 100 caractères.",
            en: "Your name is too long. Please use fewer than 100 characters.",
            uk: "Ваше ім'я задовге. Використайте менше ніж 100 знаків.",
            ar: "اسمك طويل جدًا. استخدم أقل من 100 حرف.",
            tr: "Adınız çok uzun. Lütfen 100 karakterden az kullanın.",
        },
    ),
    (
        &["consent_required"],
        Phrased {
            nl: "Geef toestemming om uw gegevens voor deze afspraak te gebruiken.",
            fr: "Donnez votre accord pour l'utilisation de vos données pour ce rendez-vous.",
            en: "Please agree to the use of your details for this appointment.",
            uk: "Дайте згоду, щоб ми використали ваші дані для цього запису.",
            ar: "يجب أن توافق على استخدام بياناتك لهذا الموعد.",
            tr: "Lütfen bilgilerinizin bu randevu için kullanılmasını kabul edin.",
        },
    ),
    (
        &["unknown_service", "not_bookable"],
        Phrased {
            nl: "Voor deze dienst kunt u niet online een afspraak maken. Bel ons of kom langs.",
            fr: "Ce service ne se réserve pas en ligne. Appelez-nous ou passez nous voir.",
            en: "This service cannot be booked online. Please call us or come by.",
            uk: "До цієї служби не можна записатися онлайн. Зателефонуйте нам або приходьте до нас.",
            ar: "لا يمكن حجز موعد لهذه الخدمة عبر الإنترنت. اتصل بنا أو تعال إلينا.",
            tr: "Bu hizmet için internetten randevu alınamıyor. Lütfen bizi arayın veya bize gelin.",
        },
    ),
    (
        &["unknown_staff"],
        Phrased {
            nl: "Deze maatschappelijk werker kunt u niet online boeken.",
            fr: "Cet assistant social ne peut pas être réservé en ligne.",
            en: "This social worker cannot be booked online.",
            uk: "До цього соціального працівника не можна записатися онлайн.",
            ar: "لا يمكن حجز موعد مع هذا المرشد الاجتماعي عبر الإنترنت.",
            tr: "Bu sosyal hizmet uzmanından internetten randevu alınamıyor.",
        },
    ),
    (
        &["staff_not_for_service"],
        Phrased {
            nl: "Deze maatschappelijk werker helpt niet bij deze dienst. Kies iemand anders uit de lijst, of laat ons kiezen.",
            fr: "Cet assistant social ne s'occupe pas de ce service. Choisissez une autre personne dans la liste, ou laissez-nous choisir à votre place.",
            en: "This social worker does not handle this service. Choose someone else from the list, or let us choose for you.",
            uk: "Цей соціальний працівник не займається цією службою. Оберіть іншу людину зі списку або дозвольте нам вибрати за вас.",
            ar: "هذا المرشد الاجتماعي لا يتولى هذه الخدمة. اختر شخصًا آخر من القائمة، أو اترك لنا الاختيار.",
            tr: "Bu sosyal hizmet uzmanı bu hizmetle ilgilenmiyor. Listeden başka birini seçin veya seçimi bize bırakın.",
        },
    ),
    (
        &["in_past"],
        Phrased {
            nl: "Dit uur is al voorbij. Kies een ander uur.",
            fr: "Cette heure est déjà passée. Choisissez une autre heure.",
            en: "This time has already passed. Please choose another time.",
            uk: "Цей час уже минув. Оберіть інший час.",
            ar: "هذا الوقت مضى. اختر وقتًا آخر.",
            tr: "Bu saat geçti. Lütfen başka bir saat seçin.",
        },
    ),
    (
        &[
            "holiday",
            "closed",
            "outside_opening_hours",
            "staff_absent",
            "staff_unavailable",
            "invalid_start",
        ],
        Phrased {
            nl: "Op dit uur kunt u geen afspraak maken. Kies een vrij uur uit de lijst.",
            fr: "Impossible de prendre rendez-vous à cette heure. Choisissez une heure libre dans la liste.",
            en: "This time cannot be booked. Please choose a free time from the list.",
            uk: "На цей час записатися не можна. Оберіть вільний час зі списку.",
            ar: "لا يمكن حجز موعد في هذا الوقت. اختر وقتًا متاحًا من القائمة.",
            tr: "Bu saate randevu alınamıyor. Lütfen listeden boş bir saat seçin.",
        },
    ),
    (
        &["not_found"],
        Phrased {
            nl: "Deze afspraak bestaat niet. Kijk de link na of bel ons.",
            fr: "Ce rendez-vous n'existe pas. Vérifiez le lien ou appelez-nous.",
            en: "This appointment does not exist. Please check the link or call us.",
            uk: "Такого запису немає. Перевірте посилання або зателефонуйте нам.",
            ar: "هذا الموعد غير موجود. تحقق من الرابط أو اتصل بنا.",
            tr: "Bu randevu bulunamadı. Bağlantıyı kontrol edin veya bizi arayın.",
        },
    ),
    (
        &["invalid_transition"],
        Phrased {
            nl: "Deze afspraak kan niet meer gewijzigd worden (ze is geannuleerd of voorbij). Bel ons als u vragen hebt.",
            fr: "Ce rendez-vous ne peut plus être modifié (il est annulé ou passé). Appelez-nous si vous avez des questions.",
            en: "This appointment can no longer be changed (it was cancelled or has passed). Call us if you have questions.",
            uk: "Цей запис уже не можна змінити (його скасовано, або він минув). Якщо у вас є питання, зателефонуйте нам.",
            ar: "لم يعد ممكنًا تغيير هذا الموعد (تم إلغاؤه أو مضى وقته). اتصل بنا إذا كانت لديك أسئلة.",
            tr: "Bu randevu artık değiştirilemez (iptal edildi veya zamanı geçti). Sorunuz varsa bizi arayın.",
        },
    ),
    (
        &["invalid_date", "invalid_range"],
        Phrased {
            nl: "Deze datum klopt niet. Kies een dag in de kalender.",
            fr: "Cette date n'est pas correcte. Choisissez un jour dans le calendrier.",
            en: "This date is not right. Please choose a day in the calendar.",
            uk: "Ця дата неправильна. Оберіть день у календарі.",
            ar: "هذا التاريخ غير صحيح. اختر يومًا من التقويم.",
            tr: "Bu tarih doğru değil. Lütfen takvimden bir gün seçin.",
        },
    ),
];

/// What a citizen reads for a refused booking, per error code, or `None` for codes they never
/// meet (the English text of the error is used then).
pub fn citizen_message(code: &str, lang: Lang) -> Option<&'static str> {
    MESSAGES
        .iter()
        .find(|(codes, _)| codes.contains(&code))
        .map(|(_, text)| text.get(lang))
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
        // The kiosk's other languages: a Ukrainian phone often lists Russian too.
        assert_eq!(negotiate_lang("uk-UA,uk;q=0.9,ru;q=0.8,en;q=0.7"), Lang::Uk);
        assert_eq!(negotiate_lang("ar-SY,ar;q=0.9,en;q=0.5"), Lang::Ar);
        assert_eq!(negotiate_lang("de-DE,tr;q=0.8,nl;q=0.5"), Lang::Tr);
        assert_eq!(negotiate_lang("ru-RU,ru"), Lang::Nl);
    }

    #[test]
    fn every_language_is_a_page_language_and_only_arabic_is_right_to_left() {
        for lang in Lang::ALL {
            assert_eq!(page_lang(lang), lang);
            assert_eq!(is_rtl(lang), lang == Lang::Ar, "{lang:?}");
        }
    }

    #[test]
    fn refusals_are_phrased_per_language() {
        for (code, lang, words) in [
            ("slot_taken", Lang::Fr, "réservée"),
            ("contact_limit", Lang::Nl, "e-mailadres"),
            (
                "in_past",
                Lang::Tr,
                "Bu saat geçti. Lütfen başka bir saat seçin.",
            ),
            ("in_past", Lang::Ar, "هذا الوقت مضى. اختر وقتًا آخر."),
            ("in_past", Lang::Uk, "Цей час уже минув. Оберіть інший час."),
            (
                "staff_not_for_service",
                Lang::Nl,
                "helpt niet bij deze dienst",
            ),
            (
                "staff_not_for_service",
                Lang::Tr,
                "bu hizmetle ilgilenmiyor",
            ),
            ("closed", Lang::Uk, "Оберіть вільний час"),
        ] {
            let text = citizen_message(code, lang).unwrap_or_default();
            assert!(text.contains(words), "{code} {lang:?}: {text:?}");
        }
        assert_eq!(citizen_message("database_busy", Lang::Nl), None);
    }

    #[test]
    fn every_code_has_a_text_in_every_page_language() {
        let mut seen = std::collections::HashSet::new();
        for (codes, text) in MESSAGES {
            for code in *codes {
                assert!(seen.insert(*code), "{code} is in the table twice");
                for lang in PAGE_LANGS {
                    let m = citizen_message(code, lang).unwrap_or_default();
                    assert!(!m.trim().is_empty(), "{code} in {lang:?}");
                }
            }
            // A translation, not a copy of another language left in its place.
            let all = PAGE_LANGS.map(|l| text.get(l));
            for (i, a) in all.iter().enumerate() {
                assert!(!all[i + 1..].contains(a), "{codes:?}: {a}");
            }
            // Each in its own script, so a text cannot sit in the wrong language's field.
            let cyrillic = |c: char| ('\u{0400}'..='\u{04FF}').contains(&c);
            let arabic = |c: char| ('\u{0600}'..='\u{06FF}').contains(&c);
            assert!(text.uk.chars().any(cyrillic), "{}", text.uk);
            assert!(text.ar.chars().any(arabic), "{}", text.ar);
            for latin in [text.nl, text.fr, text.en, text.tr] {
                assert!(!latin.chars().any(|c| cyrillic(c) || arabic(c)), "{latin}");
            }
        }
    }
}
