//! UTF-8 → Windows-1252 (ESC/POS code page 16, "WPC1252") with printable fallbacks.
//!
//! Every printer we target has WPC1252, and it holds everything Dutch and French need
//! (é è ë ï ô ç œ €, curly quotes, dashes). Characters outside it are replaced by something
//! a reader still understands, in this order:
//!
//! 1. characters that are in WPC1252 print as themselves;
//! 2. look-alikes are folded: exotic spaces → space, hyphens and minus → `-`,
//!    `‛ ′` → `'`, arrows → `->`, ligatures → letters, full-width ASCII → ASCII;
//! 3. Latin letters with other diacritics lose them (Turkish `ğ ş ı İ` → `g s i I`,
//!    Polish, Czech, Romanian, Hungarian, Baltic letters likewise);
//! 4. Cyrillic is transliterated to Latin with the Ukrainian national system (2010), so
//!    Ukrainian and Russian text stays readable (`Черга` → `Cherha`);
//! 5. control characters are dropped (they could otherwise smuggle printer commands in);
//! 6. anything else (Arabic, CJK, emoji, …) becomes `?` — never raw UTF-8 bytes.
//!
//! [`sanitize`] does steps 2–6 and returns text that contains only WPC1252 characters, so
//! callers can count columns on it; [`encode`] turns such text into bytes.

/// The characters of WPC1252 in 0x80..=0x9F (`None` = unassigned).
const HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// The WPC1252 byte for `c`, if the code page has it (control characters excluded).
pub fn byte_for(c: char) -> Option<u8> {
    match c as u32 {
        0x20..=0x7E | 0xA0..=0xFF => Some(c as u32 as u8),
        _ => HIGH
            .iter()
            .position(|h| *h == Some(c))
            .map(|i| 0x80 + i as u8),
    }
}

/// The character a WPC1252 byte prints as (`None` for control codes and unassigned bytes).
pub fn char_for(byte: u8) -> Option<char> {
    match byte {
        0x20..=0x7E | 0xA0..=0xFF => Some(byte as char),
        0x80..=0x9F => HIGH[(byte - 0x80) as usize],
        _ => None,
    }
}

/// Decodes WPC1252 bytes to a `String` (used by the console dump and tests).
pub fn decode(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char_for(b).unwrap_or('?')).collect()
}

/// Replaces every character WPC1252 cannot print by its fallback (see the module docs).
/// The result contains only characters for which [`byte_for`] is `Some`.
pub fn sanitize(text: &str) -> String {
    if text.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if byte_for(c).is_some() && c != '\u{AD}' {
            out.push(c);
            continue;
        }
        if let Some(latin) = cyrillic(&chars, i) {
            out.push_str(&latin);
            continue;
        }
        match fallback(c) {
            Fallback::Drop => {}
            Fallback::Str(s) => out.push_str(s),
            Fallback::Char(f) => out.push(f),
        }
    }
    out
}

/// Sanitizes and encodes `text` to WPC1252 bytes; never emits a control code.
pub fn encode(text: &str) -> Vec<u8> {
    sanitize(text)
        .chars()
        .map(|c| byte_for(c).unwrap_or(b'?'))
        .collect()
}

enum Fallback {
    Drop,
    Char(char),
    Str(&'static str),
}

fn fallback(c: char) -> Fallback {
    use Fallback::*;
    match c {
        '\t' | '\n' | '\r' => Char(' '),
        // Soft hyphen, zero-width characters, BOM and direction marks print nothing.
        '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{202A}'..='\u{202E}' => {
            Drop
        }
        c if c.is_control() => Drop,
        '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => Char(' '),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2212}' | '\u{2043}' | '\u{FE63}' => Char('-'),
        '\u{2015}' => Char('—'),
        '\u{201B}' | '\u{2032}' | '\u{02BC}' | '\u{02B9}' | '`' => Char('\''),
        '\u{201F}' | '\u{2033}' | '\u{02BA}' => Char('"'),
        '\u{2022}' | '\u{25CF}' | '\u{25AA}' | '\u{25E6}' | '\u{2023}' | '\u{2219}' => Char('•'),
        '\u{2192}' | '\u{27A1}' => Str("->"),
        '\u{2190}' => Str("<-"),
        '\u{2194}' => Str("<->"),
        '\u{2264}' => Str("<="),
        '\u{2265}' => Str(">="),
        '\u{2248}' => Char('~'),
        '\u{2116}' => Str("No"),
        '\u{2713}' | '\u{2714}' => Char('v'),
        '\u{2717}' | '\u{2718}' => Char('x'),
        '\u{FB00}' => Str("ff"),
        '\u{FB01}' => Str("fi"),
        '\u{FB02}' => Str("fl"),
        '\u{1E9E}' => Str("SS"),
        '\u{FF01}'..='\u{FF5E}' => Char(char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or('?')),
        _ => match strip_diacritic(c) {
            Some(s) => Str(s),
            None => Char('?'),
        },
    }
}

/// Latin letters outside WPC1252 without their diacritics (Latin Extended-A/B subset).
fn strip_diacritic(c: char) -> Option<&'static str> {
    Some(match c {
        'ā' | 'ă' | 'ą' | 'ǎ' | 'ạ' | 'ả' | 'ấ' | 'ầ' | 'ậ' => "a",
        'Ā' | 'Ă' | 'Ą' | 'Ǎ' | 'Ạ' => "A",
        'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'Ć' | 'Ĉ' | 'Ċ' | 'Č' => "C",
        'ď' | 'đ' => "d",
        'Ď' | 'Đ' => "D",
        'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' | 'ẹ' | 'ế' | 'ề' | 'ệ' => "e",
        'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' | 'Ẹ' => "E",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "G",
        'ĥ' | 'ħ' => "h",
        'Ĥ' | 'Ħ' => "H",
        'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ǐ' | 'ị' => "i",
        'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' | 'Ǐ' | 'Ị' => "I",
        'ĳ' => "ij",
        'Ĳ' => "IJ",
        'ĵ' => "j",
        'Ĵ' => "J",
        'ķ' => "k",
        'Ķ' => "K",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => "L",
        'ń' | 'ņ' | 'ň' | 'ŉ' => "n",
        'Ń' | 'Ņ' | 'Ň' => "N",
        'ō' | 'ŏ' | 'ő' | 'ǒ' | 'ơ' | 'ọ' | 'ố' | 'ồ' | 'ộ' => "o",
        'Ō' | 'Ŏ' | 'Ő' | 'Ǒ' | 'Ơ' | 'Ọ' => "O",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'Ŕ' | 'Ŗ' | 'Ř' => "R",
        'ś' | 'ŝ' | 'ş' | 'ș' => "s",
        'Ś' | 'Ŝ' | 'Ş' | 'Ș' => "S",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'Ţ' | 'Ť' | 'Ŧ' | 'Ț' => "T",
        'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ư' | 'ǔ' | 'ụ' => "u",
        'Ũ' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' | 'Ư' | 'Ǔ' | 'Ụ' => "U",
        'ŵ' => "w",
        'Ŵ' => "W",
        'ŷ' | 'ỳ' => "y",
        'Ŷ' | 'Ỳ' => "Y",
        'ź' | 'ż' => "z",
        'Ź' | 'Ż' => "Z",
        'ə' => "e",
        'Ə' => "E",
        _ => return None,
    })
}

/// Transliterates the Cyrillic letter at `chars[i]` (Ukrainian national system of 2010,
/// which also covers the Russian letters), or `None` if it is not Cyrillic.
fn cyrillic(chars: &[char], i: usize) -> Option<String> {
    let c = chars[i];
    if !('\u{0400}'..='\u{04FF}').contains(&c) {
        return None;
    }
    let lower = c.to_lowercase().next().unwrap_or(c);
    let upper = c != lower;
    let prev = if i > 0 { Some(chars[i - 1]) } else { None };
    let word_start = prev.is_none_or(|p| !p.is_alphabetic() && p != '\'' && p != '’');
    let latin: &str = match lower {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        // "зг" is written "zgh" so it is not read as "ж".
        'г' if prev.is_some_and(|p| p == 'з' || p == 'З') => "gh",
        'г' => "h",
        'ґ' => "g",
        'д' => "d",
        'е' | 'э' | 'ё' => "e",
        'є' if word_start => "ye",
        'є' => "ie",
        'ж' => "zh",
        'з' => "z",
        'и' | 'ы' => "y",
        'і' => "i",
        'ї' if word_start => "yi",
        'ї' => "i",
        'й' if word_start => "y",
        'й' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ў' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ь' | 'ъ' => "",
        'ю' if word_start => "yu",
        'ю' => "iu",
        'я' if word_start => "ya",
        'я' => "ia",
        _ => "?",
    };
    if !upper || latin.is_empty() {
        return Some(latin.to_owned());
    }
    // A capital in an all-caps word stays all caps ("ЩО" → "SHCHO"), otherwise only the
    // first Latin letter is capitalised ("Щука" → "Shchuka").
    let next_upper = chars
        .get(i + 1)
        .is_some_and(|n| n.is_uppercase() && n.is_alphabetic());
    let prev_upper = prev.is_some_and(|p| p.is_uppercase() && p.is_alphabetic());
    if next_upper || prev_upper {
        Some(latin.to_uppercase())
    } else {
        let mut s = latin.to_owned();
        s[..1].make_ascii_uppercase();
        Some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_and_french_print_as_themselves() {
        let text = "één, naïef, café, à côté, reçu, Ère, ÉLÈVE, œuvre, 5 € – “oké” — ‘ja’";
        assert_eq!(sanitize(text), text);
        let bytes = encode("é è ë ï ô ç € - É");
        assert_eq!(
            bytes,
            [
                0xE9, b' ', 0xE8, b' ', 0xEB, b' ', 0xEF, b' ', 0xF4, b' ', 0xE7, b' ', 0x80, b' ',
                b'-', b' ', 0xC9
            ]
        );
        assert_eq!(decode(&bytes), "é è ë ï ô ç € - É");
    }

    #[test]
    fn hyphen_is_ascii_not_pc858() {
        // The escpos crate's PC858 table sends '-' as 0xF0; ours must stay 0x2D.
        assert_eq!(encode("HA-2026-00017"), b"HA-2026-00017");
    }

    #[test]
    fn round_trip_of_the_whole_code_page() {
        for b in (0x20u8..=0x7E).chain(0x80..=0xFF) {
            if let Some(c) = char_for(b) {
                assert_eq!(byte_for(c), Some(b), "{c:?}");
            }
        }
    }

    #[test]
    fn fallbacks() {
        assert_eq!(
            sanitize("Sıra numaranız: İş, ğ, ş"),
            "Sira numaraniz: Is, g, s"
        );
        assert_eq!(sanitize("Łódź, Brașov, Dvořák"), "Lódz, Brasov, Dvorák");
        assert_eq!(sanitize("a\u{2011}b\u{2212}c\u{00AD}d\u{200B}e"), "a-b-cde");
        assert_eq!(sanitize("→ ﬁn №1"), "-> fin No1");
        assert_eq!(sanitize("ＡＢＣ１"), "ABC1");
        assert_eq!(sanitize("a\x1b@b\x1dV\x00c"), "a@bVc");
        assert_eq!(sanitize("مرحبا 😀 日本"), "????? ? ??");
    }

    #[test]
    fn ukrainian_is_transliterated() {
        assert_eq!(sanitize("Ваш номер"), "Vash nomer");
        assert_eq!(sanitize("Людей перед вами"), "Liudei pered vamy");
        assert_eq!(
            sanitize("Юрій Їжак Яготин Згорани"),
            "Yurii Yizhak Yahotyn Zghorany"
        );
        assert_eq!(sanitize("Щастя ЩО"), "Shchastia SHCHO");
        assert_eq!(sanitize("Стежте за чергою"), "Stezhte za cherhoiu");
    }

    #[test]
    fn sanitized_text_always_encodes() {
        let text = "Ёлка ɐ ∑ ß ẞ ‰ ™ ﬂ \u{3000} ½";
        for c in sanitize(text).chars() {
            assert!(byte_for(c).is_some(), "{c:?}");
        }
    }
}
