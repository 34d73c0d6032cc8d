//! `[smtp]`: the mail server for appointment reminders. Without the section, no reminders
//! are sent. The password is never in the file (see [`SMTP_PASSWORD_ENV`]).

use toml::Spanned;

use super::raw::RawSmtp;
use super::{ConfigError, Validator};
use crate::domain::hours::Span;

/// How the connection to the mail server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// Plain text: only for a relay on the same machine or a test server.
    None,
    /// Plain connection upgraded with STARTTLS (usually port 587); refused without it.
    Starttls,
    /// TLS from the first byte (usually port 465).
    Tls,
}

/// The `[smtp]` section. The password is never in the file: it is read from the
/// environment variable [`SMTP_PASSWORD_ENV`] when `username` is set.
#[derive(Debug, Clone, PartialEq)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: Option<String>,
    /// The sender, e.g. `Sociaal Huis <onthaal@example.be>`.
    pub from: String,
    /// Where visitors' answers go (e.g. the reception's mailbox).
    pub reply_to: Option<String>,
    /// From this local time (minutes after midnight) the day-before reminders leave.
    pub reminders_from_min: u32,
}

pub const SMTP_PASSWORD_ENV: &str = "ONTHAAL_SMTP_PASSWORD";

impl Validator<'_> {
    pub(super) fn smtp(&self, r: RawSmtp) -> Result<SmtpConfig, ConfigError> {
        let host = r.host.get_ref().trim().to_string();
        if host.is_empty() {
            return Err(self.err(
                r.host.span(),
                "smtp.host",
                "the mail server's name is empty",
            ));
        }
        let security = match r.security.get_ref().as_str() {
            "none" => SmtpSecurity::None,
            "starttls" => SmtpSecurity::Starttls,
            "tls" => SmtpSecurity::Tls,
            other => {
                return Err(self.err(
                    r.security.span(),
                    "smtp.security",
                    format!("\"{other}\" is not one of \"none\", \"starttls\", \"tls\""),
                ))
            }
        };
        let port = match &r.port {
            Some(p) => self.number(p, "smtp.port", 1..=65535, "a port")? as u16,
            None => match security {
                SmtpSecurity::None => 25,
                SmtpSecurity::Starttls => 587,
                SmtpSecurity::Tls => 465,
            },
        };
        let mailbox = |v: &Spanned<String>, field: &str| {
            v.get_ref()
                .parse::<lettre::message::Mailbox>()
                .map(|_| v.get_ref().clone())
                .map_err(|_| {
                    self.err(
                        v.span(),
                        field,
                        format!(
                            "\"{}\" is not an e-mail address like \"Sociaal Huis <onthaal@example.be>\"",
                            v.get_ref()
                        ),
                    )
                })
        };
        let from = mailbox(&r.from, "smtp.from")?;
        let reply_to = r
            .reply_to
            .as_ref()
            .map(|v| mailbox(v, "smtp.reply_to"))
            .transpose()?;
        let at = r.reminders_from.get_ref();
        let reminders_from_min = Span::parse(&format!("{at}-24:00"))
            .ok()
            .filter(|_| at.len() == 5)
            .map(|s| u32::from(s.start_min))
            .ok_or_else(|| {
                self.err(
                    r.reminders_from.span(),
                    "smtp.reminders_from",
                    format!("\"{at}\" is not a time like \"10:00\""),
                )
            })?;
        Ok(SmtpConfig {
            host,
            port,
            security,
            username: r.username.filter(|u| !u.is_empty()),
            from,
            reply_to,
            reminders_from_min,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::Config;
    use super::*;

    #[test]
    fn the_smtp_section() {
        let example = include_str!("../../config/example.toml");
        // The example's section is commented out so the example runs without a mail server.
        let section: String = example[example.find("# [smtp]").unwrap()..]
            .lines()
            .map(|l| format!("{}\n", l.trim_start_matches("# ")))
            .collect();
        let base = "[[location]]\nkey = \"c\"\nname = \"C\"\n";
        let c = Config::parse(&format!("{base}{section}"), "x").unwrap();
        let smtp = c.smtp.unwrap();
        assert_eq!((smtp.port, smtp.security), (587, SmtpSecurity::Starttls));
        assert_eq!(smtp.username.as_deref(), Some("onthaal@voorbeeldstad.be"));
        assert_eq!(smtp.reminders_from_min, 600);
        assert!(Config::parse(base, "x").unwrap().smtp.is_none());

        let tls = format!("{base}[smtp]\nhost = \"m\"\nsecurity = \"tls\"\nfrom = \"a@b.be\"\n");
        let smtp = Config::parse(&tls, "x").unwrap().smtp.unwrap();
        assert_eq!((smtp.port, smtp.security), (465, SmtpSecurity::Tls));
        assert_eq!(smtp.reminders_from_min, 600);

        for (bad, field) in [
            ("security = \"ssl\"\nfrom = \"a@b.be\"", "smtp.security"),
            ("from = \"not an address\"", "smtp.from"),
            (
                "from = \"a@b.be\"\nreminders_from = \"25:00\"",
                "smtp.reminders_from",
            ),
            ("from = \"a@b.be\"\nport = 0", "smtp.port"),
        ] {
            let text = format!("{base}[smtp]\nhost = \"m\"\n{bad}\n");
            let e = Config::parse(&text, "x").unwrap_err();
            assert_eq!(e.field, field, "{bad}: {}", e.message);
        }
    }

    #[test]
    fn each_smtp_field_has_its_message() {
        let base = "[[location]]\nkey = \"c\"\nname = \"C\"\n[smtp]\n";
        for (bad, line, field, message) in [
            (
                "host = \" \"\nfrom = \"a@b.be\"",
                5,
                "smtp.host",
                "the mail server's name is empty",
            ),
            (
                "host = \"m\"\nsecurity = \"ssl\"\nfrom = \"a@b.be\"",
                6,
                "smtp.security",
                "\"ssl\" is not one of \"none\", \"starttls\", \"tls\"",
            ),
            (
                "host = \"m\"\nport = 0\nfrom = \"a@b.be\"",
                6,
                "smtp.port",
                "0 is not a number of a port between 1 and 65535",
            ),
            (
                "host = \"m\"\nfrom = \"not an address\"",
                6,
                "smtp.from",
                "\"not an address\" is not an e-mail address like \"Sociaal Huis <onthaal@example.be>\"",
            ),
            (
                "host = \"m\"\nfrom = \"a@b.be\"\nreply_to = \"balie\"",
                7,
                "smtp.reply_to",
                "\"balie\" is not an e-mail address like \"Sociaal Huis <onthaal@example.be>\"",
            ),
            (
                "host = \"m\"\nfrom = \"a@b.be\"\nreminders_from = \"9:00\"",
                7,
                "smtp.reminders_from",
                "\"9:00\" is not a time like \"10:00\"",
            ),
        ] {
            let e = Config::parse(&format!("{base}{bad}\n"), "x").unwrap_err();
            assert_eq!(
                (e.line, e.field.as_str(), e.message.as_str()),
                (line, field, message),
                "{bad}"
            );
        }
    }
}
