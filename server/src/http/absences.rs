//! A social worker's absences over HTTP (see `usecases/absences.rs`): reading them, what an
//! absence would touch, recording it with what becomes of each appointment, ending it early
//! and removing it.
//!
//! After an absence is recorded its clients hear of it: those with an e-mail address get one
//! in their language (when the configuration has a mail server); the others — and those whose
//! e-mail did not leave — are on a list printed on the reception printer (name, phone, the old
//! time, what happened), which the answer also carries, for reception to phone them.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use chrono_tz::Tz;
use onthaal_hardware::{Layout, TextStyle};
use onthaal_wire::{
    Absence, AbsenceEnd, AbsenceOutcome, AbsencePreview, AbsenceRecorded, NewAbsence,
};
use serde::Deserialize;

use super::error::ApiResult;
use super::extract::{ApiJson, ApiPath, ApiQuery, Caller};
use super::printing::print;
use super::AppState;
use crate::db::from_ms;
use crate::domain::absences::{mail_text, Change, MailFacts};
use crate::notify::{Recipient, Reminder};
use crate::usecases::absences::AbsenceMove;

pub fn api_routes() -> Router<AppState> {
    Router::new()
        .route("/absences", get(list).post(record))
        .route("/absences/preview", post(preview))
        .route("/absences/{id}", patch(end).delete(remove))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AbsenceQuery {
    staff: Option<i64>,
}

/// `GET /api/v1/absences[?staff=ID]`: absences that end today or later.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<AbsenceQuery>,
) -> ApiResult<Json<Vec<Absence>>> {
    let now = state.clock.now();
    Ok(Json(state.store.absences(&caller.0, q.staff, now).await?))
}

/// `POST /api/v1/absences/preview`: the appointments the absence would touch, with the
/// colleagues free for each and whether the team can take it.
pub async fn preview(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewAbsence>,
) -> ApiResult<Json<AbsencePreview>> {
    let now = state.clock.now();
    Ok(Json(
        state.store.absence_preview(&caller.0, &body, now).await?,
    ))
}

/// `POST /api/v1/absences`: records the absence, does the actions, tells the clients.
pub async fn record(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewAbsence>,
) -> ApiResult<(StatusCode, Json<AbsenceRecorded>)> {
    let now = state.clock.now();
    let done = state.store.record_absence(&caller.0, body, now).await?;
    let mut outcomes = Vec::with_capacity(done.moves.len());
    let mut to_phone: Vec<(&AbsenceMove, Tz)> = Vec::new();
    for m in &done.moves {
        let st = state.store.location_state(m.location_id).await?;
        let emailed = tell_by_email(&state, m, &st).await;
        if !emailed {
            to_phone.push((m, st.tz));
        }
        outcomes.push(AbsenceOutcome {
            appointment: m.after.view(&st),
            action: m.action.to_string(),
            previous_staff_name: m.before.staff_name.clone().unwrap_or_default(),
            reason: m.reason.clone(),
            emailed,
        });
    }
    let (mut printed, mut print_error) = (None, None);
    if !to_phone.is_empty() {
        // On the reception printer of the (first) location of the appointments.
        let location = to_phone[0].0.location_id;
        let lines: Vec<ListLine> = to_phone
            .iter()
            .map(|(m, tz)| ListLine::of(m, *tz))
            .collect();
        let title = format!(
            "Afwezig: {} ({} – {})",
            done.absence.staff_name,
            done.absence.from.format("%d/%m/%Y"),
            done.absence.to.format("%d/%m/%Y")
        );
        match state.store.print_target(location, None).await {
            Ok(target) => match print(&target, move |w| phone_list(w, &title, &lines)).await {
                Ok(p) => printed = Some(p),
                Err(e) => print_error = Some(e.message),
            },
            Err(e) => print_error = Some(e.to_string()),
        }
    }
    Ok((
        StatusCode::CREATED,
        Json(AbsenceRecorded {
            absence: done.absence,
            outcomes,
            printed,
            print_error,
        }),
    ))
}

/// Sends the client of a changed appointment an e-mail in their language; false when there is
/// no mail server, no address, or it did not leave (then reception phones them).
async fn tell_by_email(
    state: &AppState,
    m: &AbsenceMove,
    st: &crate::engine::LocationState,
) -> bool {
    let (Some(notifier), Some(email)) = (&state.notifier, &m.after.contact.email) else {
        return false;
    };
    let lang = m.after.lang;
    let service = st
        .service(m.after.service_id)
        .map(|s| s.name_in(lang).to_string())
        .unwrap_or_default();
    let first_name = m
        .after
        .staff_name
        .as_deref()
        .and_then(|n| n.split_whitespace().next())
        .unwrap_or_default()
        .to_string();
    let change = match m.action {
        "colleague" => Change::Colleague(&first_name),
        "team" => Change::Team,
        _ => Change::Cancelled,
    };
    let text = mail_text(&MailFacts {
        lang,
        start: from_ms(m.after.start_at).with_timezone(&st.tz),
        service: &service,
        location: &st.name,
        phone: &st.phone,
        code: &m.after.code,
        change,
    });
    let msg = Reminder {
        to: Recipient {
            email: Some(email.clone()),
            phone: None,
        },
        lang,
        subject: text.subject,
        body: text.body,
    };
    match notifier.send(&msg).await {
        Ok(()) => true,
        Err(e) => {
            // Never the address: no personal data in logs.
            tracing::warn!(appointment = m.after.id, error = %e, "absence e-mail not sent");
            false
        }
    }
}

/// One client to phone, as the printed list shows them.
struct ListLine {
    name: String,
    phone: String,
    when: String,
    what: String,
}

impl ListLine {
    fn of(m: &AbsenceMove, tz: Tz) -> ListLine {
        let what = match m.action {
            "colleague" => format!(
                "Naar {}",
                m.after.staff_name.as_deref().unwrap_or("een collega")
            ),
            "team" => "Naar het team".to_string(),
            _ => format!("Geannuleerd: {}", m.reason.as_deref().unwrap_or_default()),
        };
        ListLine {
            name: m
                .after
                .contact
                .name
                .clone()
                .unwrap_or_else(|| "(geen naam)".into()),
            phone: m
                .after
                .contact
                .phone
                .clone()
                .unwrap_or_else(|| "(geen telefoon)".into()),
            when: from_ms(m.before.start_at)
                .with_timezone(&tz)
                .format("%d/%m %H:%M")
                .to_string(),
            what,
        }
    }
}

/// The list reception phones from: staff only, in Dutch.
fn phone_list(width: onthaal_hardware::PaperWidth, title: &str, lines: &[ListLine]) -> Layout {
    let mut l = Layout::new(width);
    l.text(title, TextStyle::normal().bold());
    l.text(
        "Zonder e-mail verwittigd: bel deze cliënten.",
        TextStyle::normal(),
    );
    l.rule('-');
    for line in lines {
        l.text(&line.name, TextStyle::normal().bold());
        l.pair("Telefoon", &line.phone);
        l.pair("Was", &line.when);
        l.text(&line.what, TextStyle::normal());
        l.rule('-');
    }
    l.feed(2);
    l.cut();
    l
}

/// `PATCH /api/v1/absences/{id}`: a new (earlier) last day.
pub async fn end(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<AbsenceEnd>,
) -> ApiResult<Json<Absence>> {
    let now = state.clock.now();
    Ok(Json(
        state.store.end_absence(&caller.0, id, body.to, now).await?,
    ))
}

/// `DELETE /api/v1/absences/{id}`.
pub async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    let now = state.clock.now();
    state.store.remove_absence(&caller.0, id, now).await?;
    Ok(StatusCode::NO_CONTENT)
}
