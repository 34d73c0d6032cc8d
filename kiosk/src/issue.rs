//! A visitor's last touch becomes a ticket: ask the server for it, print it, tell the page.
//!
//! **No double tickets.** The page sends one idempotency key per visitor path (made when the
//! visitor touches a service or confirms a code, reused when they retry). The station passes
//! it to the server as `Idempotency-Key`, so a retry after a lost answer gets the same ticket;
//! and it remembers the recent keys itself, so a double tap that reaches the station twice
//! waits for the first and gets the same answer instead of a second *print* of the ticket.
//!
//! **Honest failures.** When the printer refuses the job the ticket still exists: the answer
//! says `printed: false` and the page shows the number large. When the server cannot be
//! reached the answer is `503 server_unreachable`; other server errors (`service_closed`,
//! `too_many_tickets`, check-in errors…) are passed on with their code, which the page turns
//! into a sentence in the visitor's language.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use onthaal_hardware::layout::printed_language_for;
use onthaal_hardware::TicketLayout;
use onthaal_wire::{ErrorBody, ErrorDetail, Lang, PrinterReport, Ticket};
use serde::{Deserialize, Serialize};

use crate::printing::set_report;
use crate::Shared;

/// How long the station waits for the server's answer before telling the visitor that
/// tickets are unavailable (the key makes a later retry safe).
pub const SERVER_TIMEOUT: Duration = Duration::from_secs(5);

/// How many recent keys the station remembers (a morning's worth of visitors).
const REMEMBERED_KEYS: usize = 500;

/// `POST /api/ticket` from the page: a question ticket.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TicketChoice {
    pub service: String,
    pub lang: Lang,
    pub key: String,
}

/// `POST /api/check-in` from the page: an appointment code, scanned or typed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckIn {
    pub code: String,
    pub lang: Lang,
    pub key: String,
}

/// What the page shows and what was printed: the same fields, from one place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Issued {
    pub number: String,
    pub service: String,
    /// The service in the visitor's language.
    pub service_name: String,
    /// The service as printed: the same, except for Arabic, which paper cannot carry
    /// (WPC1252) and is printed in French — the page shows it too, so screen and paper match.
    pub printed_service_name: String,
    /// How many visitors are before this one.
    pub waiting_before: u32,
    /// Rounded up to whole minutes, as printed ("± 15 min").
    pub estimated_wait_min: Option<u32>,
    /// For a check-in: the room or desk, when the server says which.
    pub room: Option<String>,
    pub check_in: bool,
    pub lang: Lang,
    /// False when the printer refused the job: the visitor must remember the number.
    pub printed: bool,
    pub printer: PrinterReport,
    pub timing: Timing,
}

/// Where the time went, for the latency measurement (`examples/latency.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct Timing {
    /// From the page's request arriving to the ticket's bytes handed to the printer.
    pub to_printer_ms: Option<f64>,
    /// From the page's request arriving to the answer (the print included).
    pub total_ms: f64,
}

/// An answer the page turns into a sentence: `{"error": {"code", "message"}}`.
#[derive(Debug, Clone)]
pub struct Failure {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
    /// The server's `Retry-After` (seconds) on a `429`, passed on so the page can tell the
    /// visitor how long to wait.
    pub retry_after: Option<u64>,
}

impl Failure {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Failure {
        Failure {
            status,
            code: code.into(),
            message: message.into(),
            retry_after: None,
        }
    }

    fn unreachable(e: impl std::fmt::Display) -> Failure {
        Failure::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "server_unreachable",
            format!("the server cannot be reached: {e}"),
        )
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: self.message,
            },
        };
        let mut r = (self.status, Json(body)).into_response();
        if let Some(s) = self.retry_after {
            r.headers_mut()
                .insert(axum::http::header::RETRY_AFTER, s.into());
        }
        r
    }
}

type Slot = Arc<tokio::sync::Mutex<Option<Issued>>>;

/// The recent idempotency keys and their answers.
#[derive(Default)]
pub struct Recent {
    inner: Mutex<(HashMap<String, Slot>, VecDeque<String>)>,
}

impl Recent {
    fn slot(&self, key: &str) -> Slot {
        let mut g = self.inner.lock().expect("recent keys");
        let (map, order) = &mut *g;
        if let Some(s) = map.get(key) {
            return s.clone();
        }
        if order.len() >= REMEMBERED_KEYS {
            if let Some(old) = order.pop_front() {
                map.remove(&old);
            }
        }
        let s = Slot::default();
        map.insert(key.to_string(), s.clone());
        order.push_back(key.to_string());
        s
    }
}

fn check_key(key: &str) -> Result<(), Failure> {
    if key.is_empty() || key.len() > 100 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Failure::new(
            StatusCode::BAD_REQUEST,
            "invalid_key",
            "the key must be 1 to 100 visible ASCII characters",
        ));
    }
    Ok(())
}

/// A question ticket for `choice.service`.
pub async fn take_ticket(shared: &Shared, choice: TicketChoice) -> Result<Issued, Failure> {
    let started = Instant::now();
    check_key(&choice.key)?;
    let body = serde_json::json!({"service": choice.service, "lang": choice.lang});
    once(shared, &choice.key, || async {
        let ticket = post(shared, "/api/v1/tickets", &choice.key, body).await?;
        Ok(print(shared, ticket, choice.lang, false, started).await)
    })
    .await
}

/// An appointment check-in with the code from the confirmation.
pub async fn check_in(shared: &Shared, c: CheckIn) -> Result<Issued, Failure> {
    let started = Instant::now();
    check_key(&c.key)?;
    let code = normalise_code(&c.code);
    if code.is_empty() || code.len() > 64 {
        return Err(Failure::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_code",
            "type or scan the code of your appointment",
        ));
    }
    // The visitor's language: the server says a refusal (too early, not today…) in it.
    let body = serde_json::json!({ "code": code, "lang": c.lang });
    once(shared, &c.key, || async {
        let ticket = post(shared, "/api/v1/check-in", &c.key, body).await?;
        Ok(print(shared, ticket, c.lang, true, started).await)
    })
    .await
}

/// The code from what a scanner typed: the confirmation's QR code may hold a link whose
/// last part is the code. Spaces and dashes people type are dropped; letters are capitals.
pub fn normalise_code(raw: &str) -> String {
    let raw = raw.trim();
    let last = raw
        .rsplit(['/', '=', '?', '#'])
        .find(|p| !p.trim().is_empty())
        .unwrap_or(raw);
    last.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Runs `work` once per key: a second request with the same key waits for the first and
/// gets its answer. A failure is not remembered, so a retry really tries again.
async fn once<F, Fut>(shared: &Shared, key: &str, work: F) -> Result<Issued, Failure>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<Issued, Failure>>,
{
    let slot = shared.issued.slot(key);
    let mut done = slot.lock().await;
    if let Some(issued) = done.as_ref() {
        return Ok(issued.clone());
    }
    let issued = work().await?;
    *done = Some(issued.clone());
    Ok(issued)
}

async fn post(
    shared: &Shared,
    path: &str,
    key: &str,
    body: serde_json::Value,
) -> Result<Ticket, Failure> {
    let r = shared
        .http
        .post(format!("{}{path}", shared.server))
        .bearer_auth(&shared.settings.token)
        .header("Idempotency-Key", key)
        .json(&body)
        .send()
        .await
        .map_err(Failure::unreachable)?;
    let status = r.status();
    let retry_after = r
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let bytes = r.bytes().await.map_err(Failure::unreachable)?;
    if status.is_success() {
        return serde_json::from_slice::<Ticket>(&bytes).map_err(|e| {
            Failure::new(
                StatusCode::BAD_GATEWAY,
                "bad_answer",
                format!("the server's answer is not a ticket: {e}"),
            )
        });
    }
    Err(match serde_json::from_slice::<ErrorBody>(&bytes) {
        Ok(b) => Failure {
            status,
            code: b.error.code,
            message: b.error.message,
            retry_after,
        },
        Err(_) if status.is_server_error() => Failure::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "server_unreachable",
            format!("the server answered {status}"),
        ),
        Err(_) => Failure::new(
            status,
            "server_error",
            format!("the server answered {status}"),
        ),
    })
}

/// The note a check-in ticket carries, in the language it is printed in.
pub fn check_in_note(lang: &str, room: Option<&str>) -> String {
    let told = onthaal_i18n::text(lang, "check-in-note");
    match room {
        Some(r) => format!("{told} — {r}"),
        None => told,
    }
}

/// Prints the ticket as the page will show it, and says how that went.
async fn print(
    shared: &Shared,
    ticket: Ticket,
    lang: Lang,
    check_in: bool,
    started: Instant,
) -> Issued {
    // Each language prints in its own script, unless the printer is set to `script=text`
    // (no raster support), where Arabic prints in French.
    let printed_lang = printed_language_for(lang.code(), shared.printer.printer().uri().script);
    let (location_name, service_name, printed_service_name) = {
        let v = shared.view.borrow();
        let svc = v.services.iter().find(|s| s.key == ticket.service);
        let name_in = |l: &str| {
            svc.and_then(|s| s.names.get(l).cloned())
                .or_else(|| svc.map(|s| s.name.clone()))
                .unwrap_or_else(|| ticket.service.clone())
        };
        (
            v.location
                .as_ref()
                .map(|l| l.name.clone())
                .unwrap_or_else(|| "Onthaal".into()),
            name_in(lang.code()),
            name_in(printed_lang),
        )
    };
    let room = ticket.desk.as_ref().map(|d| d.name.clone());
    let waiting_before = ticket.position.unwrap_or(0);
    // No estimate is said (or printed) rather than zero.
    let estimated_wait_min = TicketLayout::wait_minutes(ticket.estimated_wait_s);
    let layout = TicketLayout {
        location_name,
        number: ticket.number.clone(),
        service_name: printed_service_name.clone(),
        issued_at: ticket
            .created_at
            .with_timezone(&chrono_tz::Europe::Brussels),
        waiting_before,
        estimated_wait_min,
        // The server always answers a kiosk's ticket with its status token.
        status_url: format!(
            "{}/s/{}",
            shared.public_url(),
            ticket.status_token.as_deref().unwrap_or_default()
        ),
        lang: lang.code().to_string(),
        note_line: check_in.then(|| check_in_note(printed_lang, room.as_deref())),
    };
    let printed = shared.printer.print(layout).await;
    set_report(shared, printed.report.clone());
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    Issued {
        number: ticket.number,
        service: ticket.service,
        service_name,
        printed_service_name,
        waiting_before,
        estimated_wait_min,
        room,
        check_in,
        lang,
        printed: printed.ok,
        printer: printed.report,
        timing: Timing {
            to_printer_ms: printed.handed_over.map(|t| ms(t.duration_since(started))),
            total_ms: ms(started.elapsed()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_from_scanners_and_fingers() {
        assert_eq!(normalise_code(" k7m-42q "), "K7M42Q");
        assert_eq!(normalise_code("https://onthaal.example/a/K7M42Q"), "K7M42Q");
        assert_eq!(normalise_code("https://x.example/c?code=123456"), "123456");
        assert_eq!(normalise_code("482913\n"), "482913");
    }

    #[test]
    fn check_in_note_names_the_room() {
        assert_eq!(
            check_in_note("nl", Some("Spreekkamer 2")),
            "Uw maatschappelijk werker is verwittigd — Spreekkamer 2"
        );
        assert_eq!(
            check_in_note("fr", None),
            "Votre assistant social est prévenu"
        );
    }
}
