//! E-mail reminders the day before an appointment, received by a local SMTP server: the
//! right date, time, place and code in the visitor's language (also in Ukrainian, Arabic and
//! Turkish, subject included); sent once (also when two rounds run at the same time); none
//! for cancelled appointments or without an e-mail address; tried again after the mail
//! server refused once.

use std::time::Duration as StdDuration;

use chrono::{Duration, TimeZone, Utc};
use onthaal_server::config::{Config, DEMO_TOML};
use onthaal_server::notify::{Reminders, RoundReport};
use onthaal_tests::smtp::SmtpSink;
use onthaal_tests::{spawn_app_with, Backend, TestApp};
use serde_json::{json, Value};

/// The demo with an `[smtp]` section pointing at the sink; Monday 23 November 2026, 09:00
/// in Brussels (before the 10:00 reminder time).
async fn app_with_sink(b: Backend) -> Option<(TestApp, SmtpSink)> {
    let sink = SmtpSink::start().await;
    let config = config_for(&sink);
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap();
    let app = spawn_app_with(b, config, now).await?;
    Some((app, sink))
}

fn config_for(sink: &SmtpSink) -> Config {
    Config::parse_demo(&format!("{DEMO_TOML}{}", sink.config_toml()), "test").unwrap()
}

fn reminders(app: &TestApp) -> &Reminders {
    app.running
        .as_ref()
        .unwrap()
        .reminders
        .as_deref()
        .expect("reminders are on with [smtp]")
}

async fn book(app: &TestApp, token: &str, body: Value) -> Value {
    let r = app.post(token, "/api/v1/appointments", body).await;
    assert_eq!(r.status(), 201);
    r.json().await.unwrap()
}

const QUIET: StdDuration = StdDuration::from_millis(300);

both!(reminder_the_day_before_once_in_the_visitors_language);
async fn reminder_the_day_before_once_in_the_visitors_language(b: Backend) {
    let Some((app, sink)) = app_with_sink(b).await else {
        return;
    };
    // With a mail server, the booking page may promise the reminder.
    let cat: Value = app.public_json("/api/v1/public/services").await;
    assert_eq!(cat["email_reminders"], true, "{cat}");
    let reception = app.reception().await;
    let room = app.desk_id(&reception, "Spreekkamer 2").await;
    let at = |start: &str, contact: Value, lang: &str| {
        json!({"service": "afspraak", "desk": room, "start": start, "duration_min": 30,
               "contact": contact, "lang": lang})
    };
    let fr = book(
        &app,
        &reception,
        at(
            "2026-11-24T10:30:00+01:00",
            json!({"name": "Client Un", "email": "un@example.org"}),
            "fr",
        ),
    )
    .await;
    // No e-mail address: no reminder.
    book(
        &app,
        &reception,
        at(
            "2026-11-24T11:00:00+01:00",
            json!({"phone": "0470 12 34 56"}),
            "nl",
        ),
    )
    .await;
    // Cancelled: no reminder.
    let cancelled = book(
        &app,
        &reception,
        at(
            "2026-11-24T11:30:00+01:00",
            json!({"email": "weg@example.org"}),
            "nl",
        ),
    )
    .await;
    let r = app
        .post(
            &reception,
            &format!("/api/v1/appointments/{}/cancel", cancelled["id"]),
            json!({}),
        )
        .await;
    assert_eq!(r.status(), 200);
    // The day after tomorrow: not yet.
    book(
        &app,
        &reception,
        at(
            "2026-11-25T10:00:00+01:00",
            json!({"email": "later@example.org"}),
            "nl",
        ),
    )
    .await;

    // 09:00 in Brussels: before the reminder time, nothing leaves.
    assert_eq!(
        reminders(&app).run_once().await.unwrap(),
        RoundReport::default()
    );
    assert!(sink.next(QUIET).await.is_none());

    // 10:05: two rounds at the same moment (as two servers would) send it once.
    app.clock.advance(Duration::minutes(65));
    let (a, b2) = tokio::join!(reminders(&app).run_once(), reminders(&app).run_once());
    assert_eq!(a.unwrap().sent + b2.unwrap().sent, 1);
    let mail = sink
        .next(StdDuration::from_secs(10))
        .await
        .expect("the reminder");
    assert_eq!(mail.to, vec!["un@example.org".to_string()]);
    assert!(mail.from.contains("onthaal@example.be"), "{}", mail.from);
    assert!(mail
        .header("Reply-To")
        .is_some_and(|r| r.contains("onthaal@example.be")));
    let text = mail.text();
    let code = fr["code"].as_str().unwrap();
    // Every appointment has a manage token: the reminder links to its page to cancel or move.
    let manage = format!(
        "https://onthaal.example/book/{}",
        fr["manage_token"].as_str().unwrap()
    );
    for want in [
        "Bonjour,",
        "Quand: mardi 24 novembre 2026 à 10:30 (30 minutes)",
        "Service: Rendez-vous",
        "Où: Sociaal Huis Demostad, Marktplein 1, 9999 Demostad",
        "Local: Spreekkamer 2",
        &format!("Code du rendez-vous: {code}"),
        "Vous ne pouvez pas venir ? Annulez ou déplacez votre rendez-vous ici :",
        &manage,
    ] {
        assert!(text.contains(want), "{want:?} missing in:\n{text}");
    }
    // Nothing personal beyond the address it goes to.
    assert!(!text.contains("Client Un"));

    // Later rounds, and a restart, do not send it again.
    assert_eq!(
        reminders(&app).run_once().await.unwrap(),
        RoundReport::default()
    );
    let mut app = app;
    app.stop().await;
    let app = app.instance_with(config_for(&sink)).await;
    app.clock.advance(Duration::hours(3));
    assert_eq!(
        reminders(&app).run_once().await.unwrap(),
        RoundReport::default()
    );
    assert!(sink.next(QUIET).await.is_none(), "sent only once");
}

both!(a_refused_reminder_is_tried_again);
async fn a_refused_reminder_is_tried_again(b: Backend) {
    let Some((app, sink)) = app_with_sink(b).await else {
        return;
    };
    let reception = app.reception().await;
    let a = book(
        &app,
        &reception,
        json!({"service": "afspraak", "start": "2026-11-24T14:00:00+01:00", "duration_min": 45,
               "contact": {"email": "twee@example.org"}, "lang": "nl"}),
    )
    .await;
    app.clock.advance(Duration::hours(2)); // 11:00 in Brussels
    sink.refuse_next(1);
    let r = reminders(&app).run_once().await.unwrap();
    assert_eq!(r, RoundReport { sent: 0, failed: 1 });
    assert!(sink.next(QUIET).await.is_none());

    // The failure is recorded without the address; the next round right away waits.
    let pool = app.running.as_ref().unwrap().store.pool();
    let row = sqlx::query(
        "SELECT reminder_error, reminder_attempts, reminder_sent_at FROM appointments WHERE id = $1",
    )
    .bind(a["id"].as_i64().unwrap())
    .fetch_one(pool)
    .await
    .unwrap();
    let error: String = sqlx::Row::get(&row, 0);
    assert!(error.contains("451"), "{error}");
    assert!(!error.contains("twee@"), "{error}");
    assert_eq!(sqlx::Row::get::<i64, _>(&row, 1), 1);
    assert_eq!(sqlx::Row::get::<Option<i64>, _>(&row, 2), None);
    assert_eq!(
        reminders(&app).run_once().await.unwrap(),
        RoundReport::default()
    );

    // Ten minutes later it is tried again and arrives, once.
    app.clock.advance(Duration::minutes(11));
    let r = reminders(&app).run_once().await.unwrap();
    assert_eq!(r, RoundReport { sent: 1, failed: 0 });
    let mail = sink.next(StdDuration::from_secs(10)).await.expect("sent");
    let text = mail.text();
    assert!(
        text.contains("Wanneer: dinsdag 24 november 2026 om 14:00 (45 minuten)"),
        "{text}"
    );
    assert!(text.contains(&format!("Afspraakcode: {}", a["code"].as_str().unwrap())));
    assert!(!text.contains("Lokaal:"), "no room was booked");
    app.clock.advance(Duration::minutes(30));
    assert_eq!(
        reminders(&app).run_once().await.unwrap(),
        RoundReport::default()
    );
    assert!(sink.next(QUIET).await.is_none());
}

both!(reminders_in_ukrainian_arabic_and_turkish_arrive_readable);
async fn reminders_in_ukrainian_arabic_and_turkish_arrive_readable(b: Backend) {
    let Some((app, sink)) = app_with_sink(b).await else {
        return;
    };
    let reception = app.reception().await;
    let room = app.desk_id(&reception, "Spreekkamer 2").await;
    let mut booked = Vec::new();
    for (lang, start) in [
        ("uk", "2026-11-24T10:30:00+01:00"),
        ("ar", "2026-11-24T11:00:00+01:00"),
        ("tr", "2026-11-24T11:30:00+01:00"),
    ] {
        let a = book(
            &app,
            &reception,
            json!({"service": "afspraak", "desk": room, "start": start, "duration_min": 30,
                   "contact": {"email": format!("{lang}@example.org")}, "lang": lang}),
        )
        .await;
        booked.push((lang, a));
    }
    app.clock.advance(Duration::minutes(65)); // 10:05 in Brussels
    assert_eq!(
        reminders(&app).run_once().await.unwrap(),
        RoundReport { sent: 3, failed: 0 }
    );
    let mut mails = Vec::new();
    for _ in 0..3 {
        mails.push(sink.next(StdDuration::from_secs(10)).await.expect("sent"));
    }

    for (lang, a) in &booked {
        let mail = mails
            .iter()
            .find(|m| m.to == vec![format!("{lang}@example.org")])
            .expect("the reminder of each booking");
        let code = a["code"].as_str().unwrap();
        let link = format!(
            "https://onthaal.example/book/{}",
            a["manage_token"].as_str().unwrap()
        );
        let (subject, want): (&str, Vec<String>) = match *lang {
            "uk" => (
                "Нагадування: ваш запис на прийом завтра о 10:30 – Sociaal Huis Demostad",
                vec![
                    "Коли: вівторок, 24 листопада 2026 о 10:30 (30 хв)".into(),
                    "Служба: Запис на прийом".into(),
                    "Де: Sociaal Huis Demostad, Marktplein 1, 9999 Demostad".into(),
                    "Кімната: Spreekkamer 2".into(),
                    format!("Код запису: {code}"),
                    format!("Скасуйте або перенесіть свій запис тут:\n{link}\n"),
                ],
            ),
            "ar" => (
                "تذكير: موعدك غدًا الساعة 11:00 – Sociaal Huis Demostad",
                vec![
                    "الموعد: الثلاثاء، 24 نوفمبر 2026 الساعة 11:00 (30 دقيقة)".into(),
                    "الخدمة: موعد".into(),
                    "المكان: Sociaal Huis Demostad, Marktplein 1, 9999 Demostad".into(),
                    "الغرفة: Spreekkamer 2".into(),
                    format!("رمز الموعد: {code}"),
                    format!("يمكنك إلغاء موعدك أو تغييره من هنا:\n{link}\n"),
                ],
            ),
            _ => (
                "Hatırlatma: randevunuz yarın saat 11:30 – Sociaal Huis Demostad",
                vec![
                    "Ne zaman: 24 Kasım 2026 Salı saat 11:30 (30 dakika)".into(),
                    "Hizmet: Randevu".into(),
                    "Nerede: Sociaal Huis Demostad, Marktplein 1, 9999 Demostad".into(),
                    "Oda: Spreekkamer 2".into(),
                    format!("Randevu kodu: {code}"),
                    format!("iptal edebilir veya değiştirebilirsiniz:\n{link}\n"),
                ],
            ),
        };
        // On the wire everything is ASCII: the subject as RFC 2047 encoded words, the body
        // quoted-printable in UTF-8.
        assert!(mail.raw.is_ascii(), "{}", mail.raw);
        assert_eq!(decoded_subject(&mail.raw), subject);
        assert_eq!(mail.header("Content-Language").as_deref(), Some(*lang));
        assert!(mail
            .header("Content-Type")
            .is_some_and(|t| t.contains("charset=utf-8")));
        let text = mail.text();
        for w in &want {
            assert!(text.contains(w.as_str()), "{w:?} missing in:\n{text}");
        }
        assert!(!text.contains("When:"), "not the English text:\n{text}");
    }
}

/// The Subject header as a mail program shows it: folded lines joined (their leading blank
/// is part of the value), RFC 2047 UTF-8 base64 words decoded, and the blanks between two
/// encoded words dropped. (`Mail::header` joins folded lines without their blank, which
/// loses the space between an encoded word and plain text.)
fn decoded_subject(raw: &str) -> String {
    let head = raw.split("\n\n").next().unwrap_or("");
    let mut value = String::new();
    let mut in_subject = false;
    for line in head.lines() {
        if let Some(v) = line.strip_prefix("Subject:") {
            value.push_str(v.trim_start());
            in_subject = true;
        } else if in_subject && line.starts_with([' ', '\t']) {
            value.push_str(line);
        } else {
            in_subject = false;
        }
    }
    let mut out = Vec::new();
    let mut rest = value.as_str();
    let mut after_word = false;
    while !rest.is_empty() {
        let tail = rest.trim_start_matches([' ', '\t']);
        let blank = &rest[..rest.len() - tail.len()];
        if let Some(word) = tail.strip_prefix("=?utf-8?b?") {
            let end = word.find("?=").expect("an encoded word ends with ?=");
            if !after_word {
                out.extend_from_slice(blank.as_bytes());
            }
            out.extend(base64(&word[..end]));
            rest = &word[end + 2..];
            after_word = true;
        } else {
            out.extend_from_slice(blank.as_bytes());
            let n = tail.find([' ', '\t']).unwrap_or(tail.len());
            out.extend_from_slice(&tail.as_bytes()[..n]);
            rest = &tail[n..];
            after_word = false;
        }
    }
    String::from_utf8(out).expect("the subject is UTF-8")
}

/// Standard base64 (RFC 4648), padding ignored.
fn base64(s: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let (mut bits, mut held, mut out) = (0u32, 0u32, Vec::new());
    for c in s.bytes().filter(|&c| c != b'=') {
        let v = ALPHABET
            .iter()
            .position(|&a| a == c)
            .expect("a base64 character") as u32;
        bits = (bits << 6) | v;
        held += 6;
        if held >= 8 {
            held -= 8;
            out.push((bits >> held) as u8);
            bits &= (1 << held) - 1;
        }
    }
    out
}
