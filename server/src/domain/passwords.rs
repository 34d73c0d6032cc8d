//! What makes a password acceptable for a staff account.
//!
//! At least [`MIN_CHARS`] characters, and not guessable: the password is scored with zxcvbn,
//! which knows the common and breached passwords, names, keyboard walks, dates, repeats and
//! l33t spellings, and must reach score 3 ("safely unguessable: moderate protection from an
//! offline attack", about 10^10 guesses). We chose zxcvbn over a bundled list of common
//! passwords because a list only catches exact entries ("welkom123" is on it, "Welkom1234!"
//! is not), while zxcvbn also rates variations and mixtures of them; its dictionaries ship
//! inside the crate, so nothing is looked up online. The username, the person's name and the
//! product's own words count as known to an attacker.
//!
//! It applies wherever a password is set: `ONTHAAL_ADMIN_PASSWORD`, `password =` in a
//! configuration file, and any later password change. The built-in demo configuration is
//! exempt: its passwords are published, and it is only ever loaded into an empty demo
//! database.

/// The shortest password accepted (OWASP ASVS 2.1.1).
pub const MIN_CHARS: usize = 12;

/// The longest: logging in refuses longer passwords, so a longer one could never be used.
pub const MAX_BYTES: usize = 1000;

/// zxcvbn's scoring is quadratic in the length; a prefix this long that is strong enough
/// makes the whole password strong enough.
const SCORED_CHARS: usize = 100;

/// Words an attacker would try first here: the product's and the office's own words, and the
/// Dutch and French words and Belgian (AZERTY) keyboard rows most used in passwords, which
/// zxcvbn's English dictionaries and QWERTY keyboard do not know.
const LOCAL_WORDS: [&str; 24] = [
    "onthaal",
    "ocmw",
    "sociaal",
    "huis",
    "welzijn",
    "balie",
    "loket",
    "vilvoorde",
    "mechelen",
    "wachtwoord",
    "paswoord",
    "welkom",
    "geheim",
    "zomer",
    "winter",
    "lente",
    "herfst",
    "motdepasse",
    "bienvenue",
    "bonjour",
    "soleil",
    "azertyuiop",
    "qsdfghjklm",
    "wxcvbn",
];

/// `Ok` when `password` may be set for the account; else why not, in a sentence for the
/// administrator. `known` are words tied to the account (username, name).
pub fn check(password: &str, known: &[&str]) -> Result<(), String> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(format!(
            "the password is too short ({chars} characters): use at least {MIN_CHARS}, for example three or four unrelated words"
        ));
    }
    if password.len() > MAX_BYTES {
        return Err(format!(
            "the password is too long: use at most {MAX_BYTES} bytes"
        ));
    }
    if password.chars().any(char::is_control) {
        return Err("the password contains a control character".into());
    }
    let scored: String = password.chars().take(SCORED_CHARS).collect();
    let mut inputs: Vec<&str> = LOCAL_WORDS.to_vec();
    inputs.extend(known.iter().copied().filter(|k| !k.is_empty()));
    let entropy = zxcvbn::zxcvbn(&scored, &inputs);
    if u8::from(entropy.score()) >= 3 {
        return Ok(());
    }
    let why = entropy
        .feedback()
        .and_then(|f| f.warning())
        .map(|w| format!(" ({})", w.to_string().trim_end_matches('.').to_lowercase()))
        .unwrap_or_default();
    Err(format!(
        "the password is too easy to guess{why}: it is a common or known password or close to one; use three or four unrelated words or a password manager"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_passwords_are_refused_with_their_length() {
        let e = check("a", &[]).unwrap_err();
        assert!(e.contains("too short (1 characters)"), "{e}");
        assert!(e.contains("at least 12"), "{e}");
        // Characters, not bytes: eleven accented letters are still too short.
        assert!(check("ééééééééééé", &[]).unwrap_err().contains("too short"));
    }

    #[test]
    fn common_and_guessable_passwords_are_refused_even_when_long() {
        for weak in [
            "password1234",
            "123456789012",
            "qwertyuiopasdf",
            "onthaalonthaal",
            "welkom123456",
            "aaaaaaaaaaaaaaaa",
            "azertyuiop123",
            "Wachtwoord2026!",
        ] {
            let e = check(weak, &[]).expect_err(weak);
            assert!(e.contains("too easy to guess"), "{weak}: {e}");
        }
        // The account's own name is known to an attacker.
        assert!(check("mw.peeters2026", &["mw.peeters", "Els Peeters"]).is_err());
    }

    #[test]
    fn long_unrelated_words_and_random_strings_pass() {
        assert_eq!(check("paars fietsbel onder regen", &[]), Ok(()));
        assert_eq!(check("u7#Lq9!vR2@xK4", &[]), Ok(()));
        assert_eq!(check("3f9c2a7be81d04c6", &[]), Ok(()));
    }

    #[test]
    fn control_characters_and_endless_passwords_are_refused() {
        assert!(check("paars fietsbel\0onder regen", &[]).is_err());
        assert!(check(&"paars fietsbel ".repeat(100), &[])
            .unwrap_err()
            .contains("too long"));
    }
}
