//! Byte-level tests of every layout on both paper widths, the drivers (file, dir, and a
//! local TCP listener playing a network printer), and the PNG previews.

mod decoder;

use chrono::TimeZone;
use decoder::{decode, Decoded, Item};
use onthaal_hardware::{
    encode, preview, sample, Error, Layout, PaperWidth, Printer, ReceiptLayout, SampleLayout,
    Script, TextStyle, TicketLayout,
};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

const WIDTHS: [PaperWidth; 2] = [PaperWidth::Mm80, PaperWidth::Mm58];

fn decoded(bytes: &[u8]) -> Decoded {
    decode(bytes).unwrap_or_else(|e| panic!("undecodable ESC/POS: {e}"))
}

/// Checks shared by every layout: init, WPC1252 before any text, lines that fit, no
/// replacement characters, a cut at the end.
fn check_common(d: &Decoded, width: PaperWidth) {
    assert!(d.starts_with_init, "job must start with ESC @");
    assert_eq!(
        d.code_page_before_text,
        Some(16),
        "WPC1252 (ESC t 16) before text"
    );
    for item in &d.items {
        if let Item::Text { text, width: w, .. } = item {
            assert!(
                text.chars().count() * *w as usize <= width.columns(),
                "line too long for {width:?}: {text:?}"
            );
        }
    }
    assert!(matches!(d.items.last(), Some(Item::Cut { mode: 65 })));
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("onthaal-hw-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

// ---------------------------------------------------------------- layouts, bytes

#[test]
fn ticket_bytes_for_both_widths() {
    let ticket = sample::ticket();
    for width in WIDTHS {
        let bytes = encode::encode(&ticket.to_layout(width)).unwrap();
        assert!(bytes.len() < 1024, "{width:?}: {} bytes", bytes.len());
        let d = decoded(&bytes);
        check_common(&d, width);
        assert_no_replacement(&d);

        let Some(Item::Text {
            align,
            width: w,
            height: h,
            bold,
            ..
        }) = d.find("P023")
        else {
            panic!("number missing")
        };
        assert_eq!((*align, *w, *h), (1, 4, 4), "number centred at 4x4");
        assert!(bold.iter().all(|b| *b));

        let Some(Item::Text { height, align, .. }) = d.find("Sociaal Huis Groenstede") else {
            panic!("location missing")
        };
        assert_eq!((*height, *align), (2, 1));
        assert!(d.find("Permanence sociale").is_some());
        assert!(d.find("Votre numéro / Uw nummer").is_some());
        // Issued 11:05 UTC on a summer day: 13:05 in Brussels.
        assert!(d.find("12/06/2026 13:05").is_some(), "{:?}", d.lines());
        assert!(d
            .joined()
            .contains("Testafdruk: é è ë ï ô ç € – Spreekkamer 2"));

        let Some(Item::Text {
            text, bold, align, ..
        }) = d.find("Personnes avant vous")
        else {
            panic!("waiting line missing")
        };
        assert_eq!(*align, 0);
        assert!(text.ends_with(" 3") && text.chars().count() == width.columns());
        assert!(
            bold[bold.len() - 1] && !bold[0],
            "the value is bold, the label is not"
        );
        let est = d.find("Attente estimée").and_then(Item::text).unwrap();
        assert!(est.ends_with("± 15 min"));

        let qrs = d.qr_codes();
        assert_eq!(qrs.len(), 1);
        let Item::Qr {
            model,
            module,
            ec,
            data,
            align,
        } = qrs[0]
        else {
            unreachable!()
        };
        assert_eq!(*model, 50, "QR Model 2");
        assert_eq!(*ec, 49, "error correction M");
        assert_eq!(*align, 1, "QR centred");
        assert_eq!(data, ticket.status_url.as_bytes());
        assert!((3..=8).contains(module));
        assert!(33 * *module as u32 <= width.dots());

        // Latin text goes through the fast text path: no picture on a French ticket.
        assert!(d.rasters().is_empty(), "{width:?}: {:?}", d.rasters().len());

        let lines = d.lines();
        let follow = lines
            .iter()
            .position(|l| l.contains("Suivez votre tour"))
            .unwrap();
        assert!(lines[follow + 1].contains("Volg uw beurt op uw gsm"));

        // Raw bytes: é = 0xE9, € = 0x80, the rule is ASCII '-' (0x2D), never 0xF0.
        assert!(bytes.windows(2).any(|w| w == [b' ', 0xE9]));
        assert!(bytes.contains(&0x80));
        assert!(bytes.windows(32).any(|w| w.iter().all(|b| *b == b'-')));
        assert!(!bytes.contains(&0xF0));
    }
}

/// Tickets hold no question marks of their own: a '?' would be an unmapped character.
fn assert_no_replacement(d: &Decoded) {
    for line in d.lines() {
        assert!(!line.contains('?'), "unmapped character in {line:?}");
    }
}

fn ticket_in(lang: &str) -> TicketLayout {
    TicketLayout {
        lang: lang.into(),
        note_line: None,
        ..sample::ticket()
    }
}

/// Checks every raster image of a job: as wide as the paper (never wider), left-aligned
/// (the picture carries its own alignment), and with ink.
fn check_rasters(d: &Decoded, width: PaperWidth) {
    for r in d.rasters() {
        let Item::Raster {
            width: w,
            height,
            align,
            ..
        } = r
        else {
            unreachable!()
        };
        assert_eq!(*w, width.dots(), "a raster line spans the paper, no more");
        assert!((20..=120).contains(height), "{height} dots high");
        assert_eq!(*align, 0);
        let ink = r.ink().expect("a raster line has ink");
        assert!(ink.dots > 40, "{ink:?}");
    }
}

#[test]
fn ticket_languages_in_their_own_script() {
    for width in WIDTHS {
        let dots = width.dots();
        let nl = decoded(&encode::encode(&ticket_in("nl").to_layout(width)).unwrap());
        assert_no_replacement(&nl);
        assert!(nl.rasters().is_empty(), "Dutch prints as text");
        assert!(nl.find("Uw nummer").is_some());
        assert!(nl.find("Wachtenden vóór u").is_some());
        assert_eq!(
            nl.lines()
                .iter()
                .filter(|l| l.contains("Volg uw beurt"))
                .count(),
            1,
            "Dutch printed once"
        );

        // Turkish "Tahmini bekleme" has no letter the code page lacks: it stays text.
        for (lang, pictures) in [("uk", 4), ("ar", 4), ("tr", 3)] {
            let d = decoded(&encode::encode(&ticket_in(lang).to_layout(width)).unwrap());
            check_common(&d, width);
            check_rasters(&d, width);
            assert_no_replacement(&d);
            // The phrase table in the visitor's script is a picture: "your number", the
            // two pairs and "follow your turn" (more lines where 58 mm wraps them); the rest
            // is still text.
            let n = d.rasters().len();
            assert!(
                (pictures..=pictures + 2).contains(&n),
                "{lang} {width:?}: {n}"
            );
            assert!(d.find("P023").is_some(), "the number stays text");
            assert!(d.find("Volg uw beurt op uw gsm").is_some());
            assert!(d.find("Permanence sociale").is_some());
            for transliterated in ["Vash nomer", "Personnes avant vous", "Sira numaraniz"] {
                assert!(
                    !d.joined().contains(transliterated),
                    "{lang}: {transliterated}"
                );
            }
        }

        // Where the ink is: the Arabic pair has its label at the right and the value ("3")
        // at the left; "follow your turn" is centred.
        let ar = decoded(&encode::encode(&ticket_in("ar").to_layout(width)).unwrap());
        let rasters = ar.rasters();
        let pair = rasters[1].ink().unwrap();
        assert!(pair.left < 30 && pair.right > dots - 30, "{pair:?}");
        let gap = (pair.left..pair.right)
            .filter(|&x| (0..30).all(|y| !rasters[1].dot(x, y)))
            .count();
        assert!(gap as u32 > dots / 4, "label and value far apart: {gap}");
        let follow = rasters[3].ink().unwrap();
        let middle = (follow.left + follow.right) / 2;
        assert!(follow.left > 30 && follow.right < dots - 30, "{follow:?}");
        assert!(middle.abs_diff(dots / 2) < 12, "centred: {follow:?}");
        // The Ukrainian label reads from the left, its value at the right.
        let uk = decoded(&encode::encode(&ticket_in("uk").to_layout(width)).unwrap());
        let pair = uk.rasters()[1].ink().unwrap();
        assert!(pair.left < 10 && pair.right > dots - 30, "{pair:?}");
    }
}

#[test]
fn a_printer_without_raster_support_gets_text_only() {
    for width in WIDTHS {
        let text = |lang: &str| {
            let bytes = encode::encode_for(&ticket_in(lang).to_layout(width), Script::Text);
            decoded(&bytes.unwrap())
        };
        let uk = text("uk");
        assert_no_replacement(&uk);
        check_common(&uk, width);
        assert!(uk.rasters().is_empty());
        assert!(uk.joined().contains("Vash nomer"), "{:?}", uk.lines());
        assert!(uk.find("Liudei pered vamy").is_some());
        assert!(uk.find("Volg uw beurt op uw gsm").is_some());

        // Arabic cannot print in WPC1252: French plus Dutch, no question marks.
        let ar = text("ar");
        assert_no_replacement(&ar);
        check_common(&ar, width);
        assert!(ar.rasters().is_empty());
        assert!(ar.find("Personnes avant vous").is_some());
        assert!(ar.find("Volg uw beurt op uw gsm").is_some());

        let tr = text("tr");
        assert_no_replacement(&tr);
        check_common(&tr, width);
        assert!(tr.rasters().is_empty());
        assert!(tr.joined().contains("Sira numaraniz"));
        assert!(tr.find("Önünüzdeki kisi").is_some());
    }
}

#[test]
fn the_printer_uri_chooses_raster_or_text() {
    let dir = temp_dir("script");
    let layout = ticket_in("ar").to_layout(PaperWidth::Mm80);
    for (query, script) in [
        ("", Script::Raster),
        ("?script=raster", Script::Raster),
        ("?script=text", Script::Text),
    ] {
        let printer = Printer::open_str(&format!("dir://{}/{query}", dir.display())).unwrap();
        assert_eq!(printer.uri().script, script);
        let job = printer.print(&layout).unwrap();
        let bytes = std::fs::read(&job.files[0]).unwrap();
        assert_eq!(bytes, encode::encode_for(&layout, script).unwrap());
        let d = decoded(&bytes);
        assert_eq!(d.rasters().is_empty(), script == Script::Text, "{query}");
        // The preview shows what this printer prints.
        let png = std::fs::read(&job.files[1]).unwrap();
        assert_eq!(png, preview::render_png_for(&layout, script).unwrap());
    }
    let e = Printer::open_str("console?script=picture").unwrap_err();
    assert!(
        e.to_string().contains("script must be raster or text"),
        "{e}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_preview_shows_the_raster_dot_for_dot() {
    for width in WIDTHS {
        let mut layout = Layout::new(width);
        layout.text(
            "تابع دورك على هاتفك: P023",
            TextStyle::normal().center().bold(),
        );
        let d = decoded(&encode::encode(&layout).unwrap());
        let [raster] = d.rasters()[..] else {
            panic!("one raster line")
        };
        let Item::Raster { height, .. } = raster else {
            unreachable!()
        };
        let img = preview::render(&layout).unwrap();
        assert_eq!(img.width, width.dots());
        // The paper edges are drawn faintly (not as ink) in the preview.
        for y in 0..*height {
            for x in 1..width.dots() - 1 {
                let pixel = img.pixels[((preview::TOP_MARGIN + y) * img.width + x) as usize];
                assert_eq!(pixel < 128, raster.dot(x, y), "({x}, {y})");
            }
        }
    }
}

#[test]
fn the_test_print_shows_cyrillic_and_arabic() {
    for which in SampleLayout::ALL {
        let d = decoded(&encode::encode(&which.layout(PaperWidth::Mm58)).unwrap());
        check_common(&d, PaperWidth::Mm58);
        check_rasters(&d, PaperWidth::Mm58);
        assert!(d.rasters().len() >= 2, "{which}");
        let text = encode::encode_for(&which.layout(PaperWidth::Mm58), Script::Text).unwrap();
        let d = decoded(&text);
        assert!(
            d.find("Ukrainska: Vash nomer").is_some(),
            "{which}: {:?}",
            d.lines()
        );
    }
}

#[test]
fn ticket_time_is_brussels_time_in_winter_too() {
    let t = TicketLayout {
        issued_at: chrono_tz::UTC
            .with_ymd_and_hms(2026, 1, 15, 8, 0, 0)
            .unwrap(),
        estimated_wait_min: None,
        ..sample::ticket()
    };
    let d = decoded(&encode::encode(&t.to_layout(PaperWidth::Mm80)).unwrap());
    assert!(d.find("15/01/2026 09:00").is_some(), "{:?}", d.lines());
    assert!(d.find("Attente estimée").is_none(), "no estimate, no line");
}

#[test]
fn long_ticket_numbers_shrink_to_fit() {
    let t = TicketLayout {
        number: "ID-TEAM-1234".into(),
        ..sample::ticket()
    };
    for width in WIDTHS {
        let d = decoded(&encode::encode(&t.to_layout(width)).unwrap());
        check_common(&d, width);
        let Some(Item::Text { width: w, .. }) = d.find("ID-TEAM-1234") else {
            panic!("number must stay on one line: {:?}", d.lines())
        };
        assert!(*w >= 2);
    }
}

#[test]
fn receipt_bytes_for_both_widths() {
    let receipt = sample::receipt();
    for width in WIDTHS {
        let bytes = encode::encode(&receipt.to_layout(width)).unwrap();
        let d = decoded(&bytes);
        check_common(&d, width);
        let Some(Item::Text {
            width: w,
            height: h,
            align,
            bold,
            ..
        }) = d.find("ONTVANGSTBEWIJS")
        else {
            panic!("title missing")
        };
        assert_eq!((*w, *h, *align), (2, 2, 1));
        assert!(bold.iter().all(|b| *b));
        let text = d.joined();
        for needle in [
            "art. 58 organieke wet van 8 juli 1976",
            "Kerkstraat 12, 9999 Groenstede",
            "Tel. 09 123 45 67",
            "HA-2026-00017",
            "12/06/2026",
            "Sociale dienst",
            "Leefloon",
            "binnen 30 dagen na de ontvangst, dus uiterlijk op 12/07/2026",
            "binnen acht dagen",
            "arbeidsrechtbank",
            "drie maanden",
            "wet van 26 mei 2002",
            "Recht om gehoord te worden",
            "Nieuwe feiten melden",
            "beïnvloeden",
            "- Identiteitskaart (kopie)",
            "- Huurcontract — huur € 650 per maand",
            "- Attestation de la mutualité (reçu)",
            "Anaïs Verbeke",
            "Handtekening:",
        ] {
            assert!(
                text.contains(needle),
                "{width:?}: missing {needle:?} in {text}"
            );
        }
        let reference = d.find("Referentie").and_then(Item::text).unwrap();
        assert!(reference.ends_with("HA-2026-00017"));
        assert!(bytes.windows(13).any(|w| w == b"HA-2026-00017"));
        assert!(bytes
            .windows(5)
            .any(|w| w == [0x80, b' ', b'6', b'5', b'0']));
    }
}

#[test]
fn receipt_without_leefloon_documents_or_staff() {
    let r = ReceiptLayout {
        is_leefloon: false,
        documents: vec![],
        staff_name: None,
        category_name: "Huurwaarborg".into(),
        forwarded_to: Some("OCMW Elders".into()),
        ..sample::receipt()
    };
    for width in WIDTHS {
        let d = decoded(&encode::encode(&r.to_layout(width)).unwrap());
        check_common(&d, width);
        let text = d.joined();
        assert!(!text.contains("gehoord"), "leefloon text only for leefloon");
        assert!(!text.contains("Nieuwe feiten"));
        assert!(text.contains("binnen vijf dagen door naar: OCMW Elders"));
        let docs = d
            .find("Ingediende stavingsstukken")
            .and_then(Item::text)
            .unwrap();
        assert!(docs.ends_with("geen"));
        assert!(d.find("Ontvangen door (naam):").is_some());
        let blank = "_".repeat(width.columns());
        assert_eq!(
            d.lines().iter().filter(|l| **l == blank).count(),
            2,
            "name and signature lines"
        );
    }
}

#[test]
fn referral_bytes_for_both_widths() {
    let referral = sample::referral();
    for width in WIDTHS {
        let d = decoded(&encode::encode(&referral.to_layout(width)).unwrap());
        check_common(&d, width);
        let Some(Item::Text { width: w, .. }) = d.find("DOORVERWIJZING") else {
            panic!("title missing")
        };
        assert_eq!(*w, 2);
        let text = d.joined();
        for needle in [
            "CAW Groenstede — Onthaal",
            "Stationsstraat 45 9999 Groenstede",
            "Tél. 078 15 00 00",
            "Heures d'ouverture:",
            "ma, di, do: 9.00–12.00",
            "Pourquoi:",
            "médiation avec le propriétaire, gratuit (0 €).",
            "https://www.caw.be",
        ] {
            assert!(
                text.contains(needle),
                "{width:?}: missing {needle:?} in {text}"
            );
        }
        let qrs = d.qr_codes();
        assert_eq!(qrs.len(), 1);
        assert!(
            matches!(qrs[0], Item::Qr { data, model: 50, .. } if data == b"https://www.caw.be")
        );

        let mut without = referral.clone();
        without.website = None;
        without.reason = None;
        let d = decoded(&encode::encode(&without.to_layout(width)).unwrap());
        assert!(d.qr_codes().is_empty());
        assert!(d.find("Pourquoi").is_none());
    }
}

#[test]
fn appointment_confirmation_bytes_for_both_widths() {
    let confirmation = sample::appointment();
    for width in WIDTHS {
        let bytes = encode::encode(&confirmation.to_layout(width)).unwrap();
        let d = decoded(&bytes);
        check_common(&d, width);
        assert_no_replacement(&d);
        let Some(Item::Text { width: w, .. }) = d.find("AFSPRAAK") else {
            panic!("title missing")
        };
        assert_eq!(*w, 2);
        // The booking code as large as the paper allows, bold, centred.
        let Some(Item::Text {
            align,
            width: w,
            height: h,
            bold,
            ..
        }) = d.find("K7MR4X")
        else {
            panic!("code missing")
        };
        assert_eq!((*align, *w, *h), (1, 4, 4), "{width:?}: code at 4x4");
        assert!(bold.iter().all(|b| *b));
        // 09:30 UTC on the Tuesday after the switch to winter time is 10:30 in Brussels.
        let Some(Item::Text { width: w, .. }) = d.find("10:30–11:15") else {
            panic!("{width:?}: time missing in {}", d.joined())
        };
        assert_eq!(*w, 2);
        let text = d.joined();
        for needle in [
            "Sociaal Huis Groenstede",
            "Kerkstraat 12, 9999 Groenstede",
            "Rendez-vous",
            "Mardi 27/10/2026",
            "Avec",
            "Anaïs",
            "Lieu",
            "Spreekkamer 2 (1e verdieping)",
            "Votre code",
            "scannez le code QR",
            "appelez le 09\u{a0}123\u{a0}45\u{a0}67",
        ] {
            assert!(
                text.contains(needle),
                "{width:?}: missing {needle:?} in {text}"
            );
        }
        let qrs = d.qr_codes();
        assert_eq!(qrs.len(), 1);
        assert!(matches!(qrs[0], Item::Qr { data, model: 50, .. } if data == b"K7MR4X"));

        // With a team, no room, in Dutch, in summer time.
        let team = onthaal_hardware::AppointmentConfirmation {
            social_worker: None,
            place: None,
            lang: "nl".into(),
            service_name: "Schuldhulpverlening".into(),
            start: chrono_tz::UTC
                .with_ymd_and_hms(2026, 6, 16, 7, 0, 0)
                .single()
                .unwrap(),
            duration_min: 30,
            ..confirmation.clone()
        };
        let d = decoded(&encode::encode(&team.to_layout(width)).unwrap());
        check_common(&d, width);
        let text = d.joined();
        for needle in [
            "Dinsdag 16/06/2026",
            "09:00–09:30",
            "het team Schuldhulpverlening",
            "meld u aan het onthaal",
            "Uw code",
            "bel 09\u{a0}123\u{a0}45\u{a0}67",
        ] {
            assert!(
                text.contains(needle),
                "{width:?}: missing {needle:?} in {text}"
            );
        }
        assert!(!text.contains("Rendez-vous"));
        // Arabic-speaking, Ukrainian and Russian clients read their own script (pictures), and
        // on a printer without raster support French and transliterated Cyrillic; Turkish
        // "Kodunuz" needs no letter the code page lacks; a language the printer has no
        // words for prints Dutch.
        for (lang, word, pictures) in [
            ("ar", "Votre code", true),
            ("uk", "Vash kod", true),
            ("tr", "Kodunuz", true),
            ("en", "Your code", false),
            ("ru", "Vash kod", true),
            ("xx", "Uw code", false),
        ] {
            let other = onthaal_hardware::AppointmentConfirmation {
                lang: lang.into(),
                ..team.clone()
            };
            let layout = other.to_layout(width);
            let d = decoded(&encode::encode(&layout).unwrap());
            assert_eq!(!d.rasters().is_empty(), pictures, "{lang}");
            check_rasters(&d, width);
            assert_no_replacement(&d);
            assert!(d.find("K7MR4X").is_some(), "{lang}: the code stays text");
            let d = decoded(&encode::encode_for(&layout, Script::Text).unwrap());
            assert!(d.find(word).is_some(), "{lang}: {word}");
            assert!(d.rasters().is_empty());
            assert_no_replacement(&d);
        }
    }
}

// ---------------------------------------------------------------- previews

fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(&png[12..16], b"IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&png[16..20]), be(&png[20..24]))
}

#[test]
fn png_previews_of_every_layout() {
    let dir = temp_dir("previews");
    std::fs::create_dir_all(&dir).unwrap();
    for which in SampleLayout::ALL {
        for width in WIDTHS {
            let layout = which.layout(width);
            let img = preview::render(&layout).unwrap();
            let ink = img.ink_ratio();
            assert!(ink > 0.02 && ink < 0.5, "{which} {width:?}: ink {ink}");
            let png = img.to_png().unwrap();
            let (w, h) = png_size(&png);
            assert_eq!(w, width.dots());
            assert!(h > 500, "{which} {width:?}: {h} px high");
            std::fs::write(dir.join(format!("{which}-{}.png", width.columns())), &png).unwrap();
        }
    }
    // A ticket is short: under 11 cm of paper on 80 mm (203 dpi → 8 dots/mm).
    let (_, h) =
        png_size(&preview::render_png(&sample::ticket().to_layout(PaperWidth::Mm80)).unwrap());
    assert!(h < 880, "ticket is {h} dots long");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// FNV-1a (64 bit): a digest that is the same on every machine and Rust version.
fn fnv1a(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// What every sample sends to the printer, and its preview and text dump, on both paper
/// widths and both script settings, stay the same to the byte: a change to how the rows are
/// walked must not change the paper. The digest changes only with a deliberate change of a
/// layout, its bytes or its drawing. With `ONTHAAL_PREVIEW_DIR` set, the PNGs are written
/// there, to look at.
#[test]
fn every_sample_prints_and_previews_as_before() {
    let keep = std::env::var_os("ONTHAAL_PREVIEW_DIR").map(PathBuf::from);
    let mut hash = 0xcbf2_9ce4_8422_2325;
    for which in SampleLayout::ALL {
        for width in WIDTHS {
            for script in [Script::Raster, Script::Text] {
                let layout = which.layout(width);
                let png = preview::render_png_for(&layout, script).unwrap();
                hash = fnv1a(hash, &encode::encode_for(&layout, script).unwrap());
                hash = fnv1a(hash, &png);
                hash = fnv1a(
                    hash,
                    preview::text_dump_for(&layout, script).unwrap().as_bytes(),
                );
                if let Some(dir) = &keep {
                    let name = format!("{which}-{}-{script:?}.png", width.columns());
                    std::fs::write(dir.join(name), &png).unwrap();
                }
            }
        }
    }
    assert_eq!(hash, 0x48f9_b79d_cb00_f4f4, "digest {hash:#018x}");
}

#[test]
fn text_dump_shows_the_ticket() {
    let dump = preview::text_dump(&sample::ticket().to_layout(PaperWidth::Mm58)).unwrap();
    assert!(dump.contains("P   0   2   3") && dump.contains("4x4 bold"));
    assert!(dump.contains("[QR 33x33"));
    assert!(dump.contains(" cut "));
}

// ---------------------------------------------------------------- virtual printers

#[test]
fn dir_printer_writes_bin_and_png_and_simulates_faults() {
    let dir = temp_dir("dir");
    let uri = format!("dir://{}/?width=58", dir.display());
    let printer = Printer::open_str(&uri).unwrap();
    assert!(dir.is_dir(), "directory created on open");
    assert_eq!(printer.paper_width(), PaperWidth::Mm58);
    let layout = sample::ticket().to_layout(printer.paper_width());
    let job = printer.print(&layout).unwrap();
    assert_eq!(job.files.len(), 2);
    assert_eq!(
        std::fs::read(&job.files[0]).unwrap(),
        encode::encode(&layout).unwrap()
    );
    assert_eq!(job.files[1].extension().unwrap(), "png");
    assert_eq!(png_size(&std::fs::read(&job.files[1]).unwrap()).0, 384);
    let job2 = printer.print(&layout).unwrap();
    assert_ne!(job.files[0], job2.files[0], "one file per job");
    assert!(printer.status().unwrap().is_ready());

    // Pulling the paper out at run time.
    std::fs::write(dir.join("simulate"), "paper-out\n").unwrap();
    assert!(printer.status().unwrap().paper_out);
    assert!(matches!(
        printer.print(&layout),
        Err(Error::PaperOut { .. })
    ));
    std::fs::write(dir.join("simulate"), "cover-open").unwrap();
    assert!(matches!(
        printer.print(&layout),
        Err(Error::CoverOpen { .. })
    ));
    std::fs::write(dir.join("simulate"), "unreachable").unwrap();
    assert!(matches!(printer.status(), Err(Error::Unreachable { .. })));
    std::fs::remove_file(dir.join("simulate")).unwrap();
    printer.print(&layout).unwrap();
    let bins = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "bin")
        })
        .count();
    assert_eq!(bins, 3, "nothing written while faulty");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn file_printer_appends_and_uri_simulation() {
    let dir = temp_dir("file");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("out.bin");
    let layout = SampleLayout::Receipt.layout(PaperWidth::Mm80);
    let one = encode::encode(&layout).unwrap();
    for _ in 0..2 {
        onthaal_hardware::test_print(&format!("file://{}", path.display()), SampleLayout::Receipt)
            .unwrap();
    }
    let all = std::fs::read(&path).unwrap();
    assert_eq!(all.len(), 2 * one.len());
    assert_eq!(&all[one.len()..], &one[..]);

    let faulty =
        Printer::open_str(&format!("file://{}?simulate=paper-out", path.display())).unwrap();
    let err = faulty.print(&layout).unwrap_err();
    assert!(matches!(err, Error::PaperOut { .. }));
    assert!(err.to_string().contains("out of paper"));
    assert_eq!(std::fs::read(&path).unwrap().len(), all.len());
    let near = Printer::open_str(&format!(
        "file://{}?simulate=paper-near-end",
        path.display()
    ))
    .unwrap();
    assert!(near.status().unwrap().paper_near_end);
    near.print(&layout).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_uri_and_missing_features_are_typed_errors() {
    let e = onthaal_hardware::test_print("lpt1", SampleLayout::Ticket).unwrap_err();
    assert!(matches!(e, Error::InvalidUri { .. }), "{e}");
    assert!(e.to_string().contains("tcp://HOST:PORT"));
    let e = Printer::open_str("file:///nonexistent-dir-onthaal/x/out.bin").unwrap_err();
    assert!(matches!(e, Error::Unreachable { .. }), "{e}");
}

// ---------------------------------------------------------------- network printer

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Answers status requests with these bytes (DLE EOT 1, 2, 4) and records the job.
    Answers([u8; 3]),
    /// Accepts the connection and reads everything but never answers.
    Silent,
    /// Answers status, then stops reading: the job stalls in the socket buffers.
    Stall,
    /// Answers status, reads a little of the job, then closes the connection.
    Hangup,
}

const HEALTHY: [u8; 3] = [0x16, 0x12, 0x12];
const PAPER_OUT: [u8; 3] = [0x1E, 0x32, 0x7E];
const NEAR_END: [u8; 3] = [0x16, 0x12, 0x1E];
const COVER_OPEN: [u8; 3] = [0x1E, 0x16, 0x12];

#[derive(Default)]
struct Seen {
    status_requests: Vec<u8>,
    job: Vec<u8>,
    connections: usize,
}

/// A thread listening on 127.0.0.1 that plays an ESC/POS network printer.
struct FakePrinter {
    port: u16,
    seen: Arc<Mutex<Seen>>,
}

impl FakePrinter {
    fn start(mode: Mode) -> FakePrinter {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Seen::default()));
        let s = seen.clone();
        thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(conn) = conn else { return };
                s.lock().unwrap().connections += 1;
                let s = s.clone();
                thread::spawn(move || serve(conn, mode, s));
            }
        });
        FakePrinter { port, seen }
    }

    fn uri(&self, query: &str) -> String {
        format!("tcp://127.0.0.1:{}{query}", self.port)
    }

    fn job(&self) -> Vec<u8> {
        self.seen.lock().unwrap().job.clone()
    }
}

fn serve(mut conn: TcpStream, mode: Mode, seen: Arc<Mutex<Seen>>) {
    let mut buf = [0u8; 4096];
    let mut pending: Vec<u8> = Vec::new();
    let mut job_bytes = 0usize;
    loop {
        let n = match conn.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        pending.extend_from_slice(&buf[..n]);
        // Status requests come first, before any job byte.
        while pending.len() >= 3 && pending[0] == 0x10 && pending[1] == 0x04 {
            let req = pending[2];
            pending.drain(..3);
            seen.lock().unwrap().status_requests.push(req);
            let answer = match mode {
                Mode::Answers(a) => a,
                Mode::Silent => continue,
                Mode::Stall | Mode::Hangup => HEALTHY,
            };
            let byte = match req {
                1 => answer[0],
                2 => answer[1],
                _ => answer[2],
            };
            if conn.write_all(&[byte]).is_err() {
                return;
            }
        }
        if pending.len() < 3 && pending.first() == Some(&0x10) {
            continue;
        }
        job_bytes += pending.len();
        seen.lock().unwrap().job.append(&mut pending);
        match mode {
            Mode::Stall if job_bytes > 0 => {
                // Stop reading but keep the connection open.
                thread::sleep(Duration::from_secs(30));
                return;
            }
            Mode::Hangup if job_bytes > 1000 => return,
            _ => {}
        }
    }
}

fn wait_for_job(p: &FakePrinter, len: usize) -> Vec<u8> {
    for _ in 0..500 {
        let job = p.job();
        if job.len() >= len {
            return job;
        }
        thread::sleep(Duration::from_millis(10));
    }
    p.job()
}

#[test]
fn network_printer_receives_the_job_after_a_status_check() {
    let fake = FakePrinter::start(Mode::Answers(HEALTHY));
    let printer = Printer::open_str(&fake.uri("")).unwrap();
    let layout = sample::ticket().to_layout(PaperWidth::Mm80);
    let expected = encode::encode(&layout).unwrap();
    let job = printer.print(&layout).unwrap();
    assert_eq!(job.bytes, expected.len());
    assert_eq!(wait_for_job(&fake, expected.len()), expected);
    assert_eq!(fake.seen.lock().unwrap().status_requests, vec![1, 2, 4]);

    let status = printer.status().unwrap();
    assert!(status.is_ready() && status.online && !status.paper_near_end);
    assert_eq!(status.raw, Some(HEALTHY));

    // test_print over the network, 58 mm.
    let before = fake.job().len();
    onthaal_hardware::test_print(&fake.uri("?width=58"), SampleLayout::Referral).unwrap();
    let referral = encode::encode(&SampleLayout::Referral.layout(PaperWidth::Mm58)).unwrap();
    let all = wait_for_job(&fake, before + referral.len());
    assert_eq!(&all[before..], &referral[..]);
}

#[test]
fn network_printer_out_of_paper_gets_nothing() {
    let fake = FakePrinter::start(Mode::Answers(PAPER_OUT));
    let printer = Printer::open_str(&fake.uri("")).unwrap();
    let err = printer
        .print(&sample::ticket().to_layout(PaperWidth::Mm80))
        .unwrap_err();
    assert!(matches!(err, Error::PaperOut { .. }), "{err}");
    assert!(err.is_printer_unavailable());
    let status = printer.status().unwrap();
    assert!(status.paper_out && !status.online && !status.is_ready());
    thread::sleep(Duration::from_millis(50));
    assert!(fake.job().is_empty(), "no half-printed ticket");

    let cover = FakePrinter::start(Mode::Answers(COVER_OPEN));
    let err = Printer::open_str(&cover.uri(""))
        .unwrap()
        .print(&sample::ticket().to_layout(PaperWidth::Mm80))
        .unwrap_err();
    assert!(matches!(err, Error::CoverOpen { .. }), "{err}");

    let near = FakePrinter::start(Mode::Answers(NEAR_END));
    let printer = Printer::open_str(&near.uri("")).unwrap();
    assert!(printer.status().unwrap().paper_near_end);
    printer
        .print(&sample::ticket().to_layout(PaperWidth::Mm80))
        .expect("paper near end still prints");
}

#[test]
fn network_printer_that_never_answers_is_unreachable() {
    let fake = FakePrinter::start(Mode::Silent);
    let printer = Printer::open_str(&fake.uri("?timeout_ms=300")).unwrap();
    let err = printer.status().unwrap_err();
    assert!(matches!(err, Error::Unreachable { .. }), "{err}");
    assert!(err.to_string().contains("status=off"), "{err}");
    let err = printer
        .print(&sample::ticket().to_layout(PaperWidth::Mm80))
        .unwrap_err();
    assert!(matches!(err, Error::Unreachable { .. }), "{err}");

    // A print server that cannot report status still prints with status=off.
    let printer = Printer::open_str(&fake.uri("?timeout_ms=300&status=off")).unwrap();
    let layout = sample::ticket().to_layout(PaperWidth::Mm80);
    printer.print(&layout).unwrap();
    let expected = encode::encode(&layout).unwrap();
    assert_eq!(wait_for_job(&fake, expected.len()), expected);
}

#[test]
fn network_printer_that_is_not_there_is_unreachable() {
    // A port nobody listens on.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let printer = Printer::open_str(&format!("tcp://127.0.0.1:{port}?timeout_ms=300")).unwrap();
    let err = printer.status().unwrap_err();
    assert!(matches!(err, Error::Unreachable { .. }), "{err}");
    assert!(err.to_string().contains(&format!("127.0.0.1:{port}")));
}

fn big_job() -> Vec<u8> {
    let mut bytes = b"\x1b@".to_vec();
    for _ in 0..700_000 {
        bytes.extend_from_slice(b"Onthaal testregel 0123456789\n");
    }
    bytes
}

#[test]
fn a_write_that_fails_halfway_reports_how_far_it_got() {
    let job = big_job();
    for mode in [Mode::Stall, Mode::Hangup] {
        let fake = FakePrinter::start(mode);
        let printer = Printer::open_str(&fake.uri("?timeout_ms=300")).unwrap();
        match printer.print_bytes(&job) {
            Err(Error::Io { written, total, .. }) => {
                assert_eq!(total, job.len());
                assert!(written < total);
            }
            other => panic!("expected Error::Io, got {other:?}"),
        }
    }
}
