//! The appointment confirmation printed at the reception (`POST /appointments/{id}/print`),
//! and the ID-team's internal referral recorded together with the appointment it booked
//! (`POST /tickets/{id}/triage` with `appointment`). The demo runs with its reception printer
//! in a fresh folder and a second printer out of paper (see `desk_work.rs`).

use onthaal_tests::{error_code, status_and_json, Backend};
use serde_json::{json, Value};
use sqlx::Row;

use super::desk_work::{app_with_printer, contains, jobs};

/// Text as the printer receives it (WPC1252).
fn wpc1252(t: &str) -> Vec<u8> {
    t.chars()
        .map(|c| match c {
            'é' => 0xE9,
            'ë' => 0xEB,
            'ï' => 0xEF,
            '–' => 0x96,
            '\u{a0}' => 0xA0,
            c if c.is_ascii() => c as u8,
            _ => b'?',
        })
        .collect()
}

fn assert_printed(job: &[u8], texts: &[&str]) {
    for t in texts {
        assert!(
            contains(job, &wpc1252(t)),
            "{t:?} is not in the printed job"
        );
    }
    assert!(
        contains(job, &[0x1D, 0x56]),
        "the job ends with a cut (GS V)"
    );
}

/// The data stored in the job's native QR code (GS ( k … 49 80 48 data).
pub(crate) fn qr_data(job: &[u8]) -> Vec<u8> {
    let at = job
        .windows(7)
        .position(|w| w[0] == 0x1D && w[1] == 0x28 && w[2] == 0x6B && w[5..7] == [0x31, 0x50])
        .expect("a QR code is stored");
    let len = (job[at + 3] as usize + 256 * job[at + 4] as usize) - 3;
    job[at + 8..at + 8 + len].to_vec()
}

both!(the_confirmation_prints_on_the_reception_printer);
async fn the_confirmation_prints_on_the_reception_printer(b: Backend) {
    let Some((app, dir)) = app_with_printer(b).await else {
        return;
    };
    let staff = app.reception().await;
    let peeters = app.staff_id(&staff, "An Peeters").await;
    let room = app.desk_id(&staff, "Spreekkamer 2").await;
    // Thursday 26 November, 14:00 in Brussels, in French, with contact details.
    let (status, a) = app.post_json(
            &staff,
            "/api/v1/appointments",
            json!({"service": "afspraak", "staff": peeters, "desk": room, "start": "2026-11-26T13:00:00Z",
                   "duration_min": 45, "lang": "fr",
                   "contact": {"name": "Marie Dubois", "phone": "0470 12 34 56", "email": "marie@example.be"}}),
        )
    .await;
    assert_eq!(status, 201, "{a}");
    let id = a["id"].as_i64().unwrap();
    let code = a["code"].as_str().unwrap().to_string();

    let (status, printed) = app
        .post_json(
            &staff,
            &format!("/api/v1/appointments/{id}/print"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{printed}");
    assert_eq!(printed["printer"], "Onthaalprinter");
    let all = jobs(&dir);
    assert_eq!(all.len(), 1);
    let job = &all[0];
    assert_eq!(printed["bytes"].as_u64().unwrap() as usize, job.len());
    assert_printed(
        job,
        &[
            "Sociaal Huis Demostad",
            "Marktplein 1, 9999 Demostad",
            "AFSPRAAK",
            "Rendez-vous",
            "Jeudi 26/11/2026",
            "14:00–14:45",
            "Rendez-vous",
            "Avec",
            "Lieu",
            "Spreekkamer 2",
            "Votre code",
            &code,
            "09\u{a0}000\u{a0}00\u{a0}00",
        ],
    );
    assert_eq!(
        qr_data(job),
        code.as_bytes(),
        "the QR code carries the code"
    );
    // The social worker by first name only; nothing of the client's contact details.
    let avec = job.windows(4).position(|w| w == b"Avec").unwrap();
    let line_end = avec + job[avec..].iter().position(|b| *b == b'\n').unwrap();
    assert!(
        contains(&job[avec..line_end], b"An"),
        "Avec … An on one line"
    );
    assert!(!contains(job, b"Peeters"));
    for private in ["Dubois", "0470", "marie@"] {
        assert!(!contains(job, private.as_bytes()), "{private} printed");
    }

    // A team appointment without a room, in Dutch.
    let (_, team) = app
        .post_json(
            &staff,
            "/api/v1/appointments",
            json!({"service": "schuldhulp", "start": "2026-11-27T08:30:00Z", "duration_min": 30}),
        )
        .await;
    let team_id = team["id"].as_i64().unwrap();
    let r = app
        .post(
            &staff,
            &format!("/api/v1/appointments/{team_id}/print"),
            json!({}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let job = jobs(&dir).pop().unwrap();
    assert_printed(
        &job,
        &[
            "Vrijdag 27/11/2026",
            "09:30–10:00",
            "het team Schuldhulpverlening",
            "meld u aan het onthaal",
            "Uw code",
        ],
    );

    // The printer out of paper: a 503 the desk shows, nothing printed, still booked.
    let (status, e) = app
        .post_json(
            &staff,
            &format!("/api/v1/appointments/{id}/print"),
            json!({"printer": "kapot"}),
        )
        .await;
    assert_eq!(status, 503);
    assert_eq!(e["error"]["code"], "printer_unavailable");
    assert_eq!(jobs(&dir).len(), 2);
    assert_eq!(jobs(&dir.join("kapot")).len(), 0);
    let again: Value = app
        .read(&staff, &format!("/api/v1/appointments/{id}"))
        .await;
    assert_eq!(again["state"], "booked");

    // Refusals: an unknown printer, a note, an unknown or cancelled appointment, a manager.
    for (body, status, code) in [
        (json!({"printer": "elders"}), 422, "unknown_printer"),
        (json!({"reason": "x"}), 422, "invalid_reason"),
    ] {
        let (s, e) = app
            .post_json(&staff, &format!("/api/v1/appointments/{id}/print"), body)
            .await;
        assert_eq!((s, error_code(&e).unwrap()), (status, code));
    }
    let r = app
        .post(&staff, "/api/v1/appointments/999999/print", json!({}))
        .await;
    assert_eq!(r.status(), 404);
    let r = app
        .post(
            &staff,
            &format!("/api/v1/appointments/{team_id}/cancel"),
            json!({}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let (s, e) = app
        .post_json(
            &staff,
            &format!("/api/v1/appointments/{team_id}/print"),
            json!({}),
        )
        .await;
    assert_eq!(
        (s, error_code(&e).unwrap()),
        (409, "appointment_not_booked")
    );
    let manager = app.login("diensthoofd", "diensthoofd").await;
    let r = app
        .post(
            &manager,
            &format!("/api/v1/appointments/{id}/print"),
            json!({}),
        )
        .await;
    assert_eq!(r.status(), 403);
    assert_eq!(jobs(&dir).len(), 2, "nothing printed by the refusals");

    // Each print is in the audit log.
    let admin = app.admin().await;
    let audit: Value = app.read(&admin, "/api/v1/audit").await;
    let printed = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event"] == "appointment_printed")
        .count();
    assert_eq!(printed, 2);
}

/// The job without the payloads of its raster images (`GS v 0 m xL xH yL yH` + data), and
/// how many there were: what is left is commands and code-page text.
pub(crate) fn without_rasters(job: &[u8]) -> (Vec<u8>, usize) {
    let (mut out, mut n, mut i) = (Vec::new(), 0, 0);
    while i < job.len() {
        if job[i..].starts_with(&[0x1D, b'v', b'0']) && i + 8 <= job.len() {
            let x = job[i + 4] as usize + 256 * job[i + 5] as usize;
            let y = job[i + 6] as usize + 256 * job[i + 7] as usize;
            i += 8 + x * y;
            n += 1;
        } else {
            out.push(job[i]);
            i += 1;
        }
    }
    (out, n)
}

both!(an_arabic_confirmation_prints_in_arabic);
async fn an_arabic_confirmation_prints_in_arabic(b: Backend) {
    let Some((app, dir)) = app_with_printer(b).await else {
        return;
    };
    let staff = app.reception().await;
    let (status, a) = app.post_json(
            &staff,
            "/api/v1/appointments",
            json!({"service": "schuldhulp", "start": "2026-11-27T08:30:00Z", "duration_min": 30, "lang": "ar"}),
        )
    .await;
    assert_eq!(status, 201, "{a}");
    let code = a["code"].as_str().unwrap().to_string();
    let r = app
        .post(
            &staff,
            &format!("/api/v1/appointments/{}/print", a["id"]),
            json!({}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let job = jobs(&dir).pop().unwrap();
    // The Arabic words and the service's Arabic name are pictures; the Dutch title, the
    // date, the hours and the code stay text, and no character became a question mark.
    let (text, pictures) = without_rasters(&job);
    assert!(pictures >= 8, "{pictures} raster lines");
    assert_printed(&text, &["AFSPRAAK", "09:30–10:00", &code]);
    assert!(!contains(&text, b"?"), "nothing printed as a question mark");
    assert!(!contains(&text, b"Rendez-vous"), "Arabic, not French");
    assert_eq!(qr_data(&job), code.as_bytes());
}

both!(an_internal_referral_is_recorded_with_its_appointment);
async fn an_internal_referral_is_recorded_with_its_appointment(b: Backend) {
    let Some((app, _dir)) = app_with_printer(b).await else {
        return;
    };
    let staff = app.reception().await;
    let loket2 = app.desk_id(&staff, "Loket 2").await;
    let t = app.issue(&staff, "id-team").await;
    let ticket = t["id"].as_i64().unwrap();
    app.call_next(&staff, loket2).await;
    app.act(&staff, ticket, "start").await;
    let book = |start: &str| {
        app.post(
            &staff,
            "/api/v1/appointments",
            json!({"service": "schuldhulp", "start": start, "duration_min": 30}),
        )
    };
    let (_, a) = status_and_json(book("2026-11-26T09:00:00Z").await).await;
    let appointment = a["id"].as_i64().unwrap();
    let (_, c) = status_and_json(book("2026-11-26T10:00:00Z").await).await;
    let cancelled = c["id"].as_i64().unwrap();
    app.post(
        &staff,
        &format!("/api/v1/appointments/{cancelled}/cancel"),
        json!({}),
    )
    .await;

    let path = format!("/api/v1/tickets/{ticket}/triage");
    for (body, status, code) in [
        (
            json!({"outcome": "answered", "appointment": appointment}),
            422,
            "invalid_triage",
        ),
        (
            json!({"outcome": "external", "partner": "caw", "appointment": appointment}),
            422,
            "invalid_triage",
        ),
        (
            json!({"outcome": "internal", "appointment": 999999}),
            422,
            "unknown_appointment",
        ),
        (
            json!({"outcome": "internal", "appointment": cancelled}),
            409,
            "appointment_not_booked",
        ),
        (
            json!({"outcome": "internal", "appointment": "soon"}),
            422,
            "invalid_body",
        ),
    ] {
        let (s, e) = app.post_json(&staff, &path, body.clone()).await;
        assert_eq!(s, status, "{body}: {e}");
        if code != "invalid_body" {
            assert_eq!(e["error"]["code"], code, "{body}");
        }
    }
    let pool = app.running.as_ref().unwrap().store.pool().clone();
    let triaged = || async {
        sqlx::query("SELECT data FROM events WHERE kind = 'triaged' ORDER BY seq")
            .fetch_all(&pool)
            .await
            .unwrap()
            .iter()
            .map(|r| serde_json::from_str::<Value>(&r.get::<String, _>(0)).unwrap())
            .collect::<Vec<_>>()
    };
    assert!(triaged().await.is_empty(), "nothing recorded by a refusal");

    let (s, r) = app
        .post_json(
            &staff,
            &path,
            json!({"outcome": "internal", "appointment": appointment}),
        )
        .await;
    assert_eq!(s, 200, "{r}");
    // The visitor stays at the desk (no service: no transfer); the desk finishes the visit.
    assert_eq!(r["state"], "serving");
    assert_eq!(r["service"], "id-team");
    let events = triaged().await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["outcome"], "internal");
    assert_eq!(events[0]["appointment"], appointment);
    let outcome: Option<String> = sqlx::query("SELECT triage_outcome FROM tickets WHERE id = $1")
        .bind(ticket)
        .fetch_one(&pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(outcome.as_deref(), Some("internal"));
    // The stats count it as an internal referral.
    assert_eq!(app.act(&staff, ticket, "finish").await.status(), 200);
    let manager = app.login("diensthoofd", "diensthoofd").await;
    let stats: Value = app
        .read(&manager, "/api/v1/stats?from=2026-11-24&to=2026-11-24")
        .await;
    assert_eq!(stats["triage"]["internal"], 1, "{stats}");
}
