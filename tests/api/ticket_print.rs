//! A ticket given at the desk, printed on a reception printer (`POST /tickets/{id}/print`): the
//! kiosk's ticket with the QR code of the visitor's status page, in the visitor's language and
//! script (Arabic as pictures on a raster printer, in French on a `script=text` one), and the
//! refusals. The demo runs with its reception printer in a fresh folder (see `desk_work.rs`).

use onthaal_tests::{error_code, Backend};
use serde_json::{json, Value};

use super::appointment_print::{qr_data, without_rasters};
use super::desk_work::{app_with_printer, contains, jobs};

both!(a_priority_ticket_given_at_the_desk_prints_in_the_visitors_script);
async fn a_priority_ticket_given_at_the_desk_prints_in_the_visitors_script(b: Backend) {
    let Some((app, dir)) = app_with_printer(b).await else {
        return;
    };
    let staff = app.reception().await;
    let (status, t) = app
        .post_json(
            &staff,
            "/api/v1/tickets",
            json!({"service": "permanentie", "lang": "ar", "priority_reason": "accompanied_child"}),
        )
        .await;
    assert_eq!(status, 201, "{t}");
    let id = t["id"].as_i64().unwrap();
    let number = t["number"].as_str().unwrap().to_string();
    let token = t["status_token"].as_str().unwrap().to_string();

    let (status, printed) = app
        .post_json(&staff, &format!("/api/v1/tickets/{id}/print"), json!({}))
        .await;
    assert_eq!(status, 200, "{printed}");
    assert_eq!(printed["printer"], "Onthaalprinter");
    let job = jobs(&dir).pop().expect("a job in the printer's folder");
    assert_eq!(printed["bytes"].as_u64().unwrap() as usize, job.len());
    // The Arabic words and the service's Arabic name are pictures; the number and the
    // location's name stay text; nothing became a question mark.
    let (text, pictures) = without_rasters(&job);
    assert!(pictures >= 3, "{pictures} raster lines");
    assert!(contains(&text, number.as_bytes()), "the number is printed");
    assert!(contains(&text, b"Sociaal Huis Demostad"));
    assert!(!contains(&text, b"?"), "nothing printed as a question mark");
    let qr = String::from_utf8(qr_data(&job)).unwrap();
    assert!(
        qr.ends_with(&format!("/s/{token}")),
        "the QR code opens the visitor's status page: {qr}"
    );
    assert!(contains(&job, &[0x1D, 0x56]), "the job ends with a cut");

    // On a printer without raster support the Arabic ticket prints in French, the service's
    // name included, instead of question marks.
    let (status, printed) = app
        .post_json(
            &staff,
            &format!("/api/v1/tickets/{id}/print"),
            json!({"printer": "tekst"}),
        )
        .await;
    assert_eq!(status, 200, "{printed}");
    let job = jobs(&dir.join("tekst"))
        .pop()
        .expect("a job on the text printer");
    let (text, pictures) = without_rasters(&job);
    assert_eq!(pictures, 0, "a text printer gets no pictures");
    assert!(contains(&text, b"Permanence"), "the service in French");
    assert!(!contains(&text, b"?"), "nothing printed as a question mark");

    // Both prints are in the audit log, with the ticket.
    let admin = app.admin().await;
    let audit: Value = app.read(&admin, "/api/v1/audit").await;
    let printed: Vec<&Value> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event"] == "ticket_printed")
        .collect();
    assert_eq!(printed.len(), 2, "{audit}");
}

both!(only_a_waiting_ticket_prints_and_a_printer_that_cannot_is_said);
async fn only_a_waiting_ticket_prints_and_a_printer_that_cannot_is_said(b: Backend) {
    let Some((app, dir)) = app_with_printer(b).await else {
        return;
    };
    let staff = app.reception().await;
    let t = app.issue(&staff, "permanentie").await;
    let id = t["id"].as_i64().unwrap();
    let print = |body: Value, token: String, id: i64| {
        let app = &app;
        async move {
            app.post_json(&token, &format!("/api/v1/tickets/{id}/print"), body)
                .await
        }
    };
    let code = |(s, e): (u16, Value)| (s, error_code(&e).unwrap_or("").to_string());

    // Out of paper: said plainly, and the ticket stays in the queue.
    assert_eq!(
        code(print(json!({"printer": "kapot"}), staff.clone(), id).await),
        (503, "printer_unavailable".into())
    );
    let (_, again) = app.get_json(&staff, &format!("/api/v1/tickets/{id}")).await;
    assert_eq!(again["state"], "waiting");
    assert_eq!(
        code(print(json!({"reason": "x"}), staff.clone(), id).await),
        (422, "invalid_reason".into())
    );
    assert_eq!(
        code(print(json!({"printer": "nope"}), staff.clone(), id).await),
        (422, "unknown_printer".into())
    );
    assert_eq!(code(print(json!({}), staff.clone(), 999_999).await).0, 404);
    // A kiosk does not print at the reception.
    let kiosk = app.device("kiosk").await;
    assert_eq!(code(print(json!({}), kiosk, id).await).0, 403);
    // Once called, the visitor is at the desk.
    let loket = app.desk_id(&staff, "Loket 1").await;
    app.call_next(&staff, loket).await;
    assert_eq!(
        code(print(json!({}), staff.clone(), id).await),
        (409, "ticket_not_waiting".into())
    );
    assert!(jobs(&dir).is_empty(), "nothing printed by the refusals");
}
