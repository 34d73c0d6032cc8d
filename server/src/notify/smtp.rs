//! Reminders by e-mail through the mail server of the `[smtp]` section (lettre).
//!
//! TLS is rustls with the `ring` provider and the operating system's certificate store, so
//! a municipality's own CA works once it is installed on the server. One connection per
//! message: a day's reminders are a few dozen, not worth a pool.

use std::time::Duration;

use futures_util::future::BoxFuture;
use lettre::message::header::{
    ContentTransferEncoding, ContentType, Header, HeaderName, HeaderValue,
};
use lettre::message::{Body, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::{Notifier, Reminder, SendError};
use crate::config::{SmtpConfig, SmtpSecurity, SMTP_PASSWORD_ENV};

/// How long one exchange with the mail server may take.
const TIMEOUT: Duration = Duration::from_secs(30);

/// `Content-Language` (RFC 3282): the language the text is written in, so a screen reader
/// reads it with the right voice and a mail program that offers a translation knows from
/// what. lettre has no such header of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ContentLanguage(&'static str);

impl Header for ContentLanguage {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Content-Language")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        onthaal_wire::Lang::parse(s.trim())
            .map(|l| ContentLanguage(l.code()))
            .ok_or_else(|| format!("not a language of Onthaal: {s}").into())
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.to_string())
    }
}

pub struct SmtpNotifier {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    reply_to: Option<Mailbox>,
}

impl SmtpNotifier {
    /// Prepares the transport (nothing is sent or connected yet). The password comes from
    /// the environment variable [`SMTP_PASSWORD_ENV`]; a username without it is an error.
    pub fn new(cfg: &SmtpConfig) -> Result<SmtpNotifier, String> {
        let builder = match cfg.security {
            SmtpSecurity::None => {
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&cfg.host)
            }
            SmtpSecurity::Starttls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&cfg.host)
                    .map_err(|e| format!("[smtp] cannot set up STARTTLS for {}: {e}", cfg.host))?
            }
            SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&cfg.host)
                .map_err(|e| format!("[smtp] cannot set up TLS for {}: {e}", cfg.host))?,
        };
        let mut builder = builder.port(cfg.port).timeout(Some(TIMEOUT));
        if let Some(user) = &cfg.username {
            let password = std::env::var(SMTP_PASSWORD_ENV).map_err(|_| {
                format!("[smtp] has a username but the environment variable {SMTP_PASSWORD_ENV} (its password) is not set")
            })?;
            builder = builder.credentials(Credentials::new(user.clone(), password));
        }
        let mailbox = |s: &str| {
            s.parse::<Mailbox>()
                .map_err(|e| format!("[smtp] \"{s}\" is not an e-mail address: {e}"))
        };
        Ok(SmtpNotifier {
            transport: builder.build(),
            from: mailbox(&cfg.from)?,
            reply_to: cfg.reply_to.as_deref().map(mailbox).transpose()?,
        })
    }

    fn message(&self, msg: &Reminder) -> Result<Message, SendError> {
        let to: Mailbox = msg
            .to
            .email
            .as_deref()
            .ok_or_else(|| SendError::Permanent("no e-mail address".into()))?
            .parse()
            .map_err(|_| SendError::Permanent("the e-mail address is not valid".into()))?;
        let mut b = Message::builder()
            .from(self.from.clone())
            .to(to)
            // Non-ASCII subjects (accents, Cyrillic, Arabic) are sent as RFC 2047 encoded
            // words by lettre, cut between characters, never inside one.
            .subject(&msg.subject)
            .header(ContentType::TEXT_PLAIN)
            .header(ContentLanguage(msg.lang.code()));
        if let Some(r) = &self.reply_to {
            b = b.reply_to(r.clone());
        }
        // Quoted-printable keeps the text readable in the raw message and safe for servers
        // without 8BITMIME, whatever the language's accents or script.
        let body =
            Body::new_with_encoding(msg.body.clone(), ContentTransferEncoding::QuotedPrintable)
                .map_err(|_| SendError::Permanent("the message cannot be encoded".into()))?;
        b.body(body)
            .map_err(|e| SendError::Permanent(format!("the message cannot be built: {e}")))
    }
}

/// The error as a summary without the recipient: some servers quote the address in their
/// answer, so only the reply code is kept.
fn summary(e: &lettre::transport::smtp::Error) -> SendError {
    let text = match e.status() {
        Some(code) => format!("the mail server answered {code}"),
        None if e.is_timeout() => "the mail server did not answer in time".into(),
        None if e.is_tls() => "the TLS connection to the mail server failed".into(),
        None => "the mail server could not be reached".into(),
    };
    if e.is_permanent() {
        SendError::Permanent(text)
    } else {
        SendError::Transient(text)
    }
}

impl Notifier for SmtpNotifier {
    fn send<'a>(&'a self, msg: &'a Reminder) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async move {
            let m = self.message(msg)?;
            self.transport
                .send(m)
                .await
                .map(|_| ())
                .map_err(|e| summary(&e))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notify::Recipient;
    use onthaal_wire::Lang;

    fn config(security: SmtpSecurity) -> SmtpConfig {
        SmtpConfig {
            host: "smtp.example.be".into(),
            port: 587,
            security,
            username: None,
            from: "Sociaal Huis <onthaal@example.be>".into(),
            reply_to: Some("onthaal@example.be".into()),
            reminders_from_min: 600,
        }
    }

    fn reminder(email: Option<&str>) -> Reminder {
        Reminder {
            to: Recipient {
                email: email.map(str::to_string),
                phone: None,
            },
            lang: Lang::parse("fr").unwrap(),
            subject: "Rappel : votre rendez-vous demain à 10:30".into(),
            body: "Où: Sociaal Huis\nCode du rendez-vous: ABC347\n".into(),
        }
    }

    #[tokio::test]
    async fn every_security_mode_sets_up_without_connecting() {
        for s in [
            SmtpSecurity::None,
            SmtpSecurity::Starttls,
            SmtpSecurity::Tls,
        ] {
            assert!(SmtpNotifier::new(&config(s)).is_ok(), "{s:?}");
        }
    }

    #[tokio::test]
    async fn the_message_is_quoted_printable_and_a_bad_address_is_permanent() {
        let n = SmtpNotifier::new(&config(SmtpSecurity::None)).unwrap();
        let m = n.message(&reminder(Some("un@example.org"))).unwrap();
        let raw = String::from_utf8(m.formatted()).unwrap();
        assert!(raw.contains("Content-Transfer-Encoding: quoted-printable"));
        assert!(raw.contains("O=C3=B9: Sociaal Huis"), "{raw}");
        assert!(raw.contains("Reply-To: onthaal@example.be"));
        for bad in [None, Some("not an address")] {
            assert!(matches!(
                n.message(&reminder(bad)),
                Err(SendError::Permanent(_))
            ));
        }
    }

    #[tokio::test]
    async fn ukrainian_and_arabic_go_out_as_ascii_with_their_language() {
        let n = SmtpNotifier::new(&config(SmtpSecurity::None)).unwrap();
        for (lang, subject, body) in [
            (
                Lang::parse("uk").unwrap(),
                "Нагадування: ваш запис на прийом завтра о 10:30 – Sociaal Huis",
                "Код запису: ABC347\n",
            ),
            (
                Lang::parse("ar").unwrap(),
                "تذكير: موعدك غدًا الساعة 10:30 – Sociaal Huis",
                "رمز الموعد: ABC347\n",
            ),
        ] {
            let mut r = reminder(Some("un@example.org"));
            r.lang = lang;
            r.subject = subject.into();
            r.body = body.into();
            let raw = String::from_utf8(n.message(&r).unwrap().formatted()).unwrap();
            assert!(raw.is_ascii(), "{raw}");
            assert!(raw.contains("Subject: =?utf-8?b?"), "{raw}");
            assert!(
                raw.contains("Content-Type: text/plain; charset=utf-8"),
                "{raw}"
            );
            assert!(
                raw.contains(&format!("Content-Language: {}\r\n", lang.code())),
                "{raw}"
            );
            // The code stays readable between the encoded letters.
            assert!(raw.contains("ABC347"), "{raw}");
        }
    }
}
