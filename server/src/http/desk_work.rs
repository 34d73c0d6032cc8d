//! Desk work beyond calling: ID-team triage and referral slips, the help-request register with
//! its ontvangstbewijs (printed, reprinted, exported for the OCMW's legal register), the
//! partner catalogue, and the audit log.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use chrono::{Duration, NaiveDate};
use onthaal_hardware::{ReceiptLayout, ReferralLayout};
use onthaal_wire::{
    AuditEntry, HelpCategory, HelpRequest, NewHelpRequest, Partner, PrintRequest, Printed, Ticket,
    Triage,
};

use super::csv::csv_field;
use super::error::{ApiError, ApiResult};
use super::extract::{ApiJson, ApiPath, ApiQuery, Caller, LocationQuery};
use super::printing::print;
use super::AppState;
use crate::domain::numbering::local_day;
use crate::domain::roles::{Permission, Principal};
use crate::usecases::PrintedDocument;

pub async fn triage(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<Triage>,
) -> ApiResult<Json<Ticket>> {
    caller.require(Permission::Triage, "record ID-team outcomes")?;
    let t = state
        .store
        .triage(
            id,
            &body.outcome,
            body.partner.as_deref(),
            body.service.as_deref(),
            body.appointment,
            caller.0.staff_id(),
            state.clock.now(),
        )
        .await?;
    Ok(Json(t))
}

/// Prints the referral slip for a ticket referred to a partner organisation.
pub async fn referral_slip(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<PrintRequest>,
) -> ApiResult<Json<Printed>> {
    caller.require(Permission::Triage, "print referral slips")?;
    if body
        .reason
        .as_ref()
        .is_some_and(|r| r.chars().count() > 300)
    {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_reason",
            "keep the note under 300 characters",
        ));
    }
    let location = state.store.location_of_ticket(id).await?;
    let partner = state.store.referral_partner(id).await?.ok_or_else(|| {
        ApiError::new(
            StatusCode::CONFLICT,
            "no_referral",
            "record an external referral to a partner first; the slip prints that partner",
        )
    })?;
    let ticket = state.store.ticket(id, state.clock.now()).await?;
    let target = state
        .store
        .print_target(location, body.printer.as_deref())
        .await?;
    let (location_name, _, _, tz) = state.store.location_print_header(location).await?;
    let date = local_day(state.clock.now(), tz);
    let slip = ReferralLayout {
        location_name,
        partner_name: partner.name,
        address: partner.address,
        phone: partner.phone,
        hours: partner.hours,
        website: partner.website,
        reason: body.reason.filter(|r| !r.trim().is_empty()),
        date,
        lang: ticket.lang.code().to_string(),
    };
    let printed = print(&target, move |w| slip.to_layout(w)).await?;
    state
        .store
        .record_print(
            location,
            PrintedDocument::ReferralSlip { ticket: id },
            &target.key,
            caller.0.staff_id(),
            state.clock.now(),
        )
        .await?;
    Ok(Json(printed))
}

pub async fn partners(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<Partner>>> {
    caller.require(Permission::ReadDesks, "list partner organisations")?;
    Ok(Json(state.store.partners().await?))
}

pub async fn categories(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<HelpCategory>>> {
    caller.require(Permission::ReadDesks, "list help request categories")?;
    Ok(Json(state.store.help_categories().await?))
}

/// `201 {"id", "reference", "received_on", …}`: the request is in the register.
pub async fn register(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<LocationQuery>,
    ApiJson(body): ApiJson<NewHelpRequest>,
) -> ApiResult<(StatusCode, Json<HelpRequest>)> {
    caller.require(Permission::WorkDesk, "register help requests")?;
    let location = state.location_for(Some(&caller.0), &q)?;
    let hr = state
        .store
        .register_help_request(
            location,
            &body.service,
            &body.category,
            body.documents,
            body.ticket,
            caller.0.staff_id(),
            state.clock.now(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(hr)))
}

pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<HelpRequest>> {
    caller.require(Permission::ReadRegister, "read the register")?;
    Ok(Json(state.store.help_request(id).await?))
}

/// Prints (or reprints) the ontvangstbewijs of a help request.
pub async fn print_receipt(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<PrintRequest>,
) -> ApiResult<Json<Printed>> {
    caller.require(Permission::WorkDesk, "print receipts")?;
    let hr = state.store.help_request(id).await?;
    let location = state.store.help_request_location(id).await?;
    let target = state
        .store
        .print_target(location, body.printer.as_deref())
        .await?;
    let (location_name, address, phone, _) = state.store.location_print_header(location).await?;
    let staff_name = match &caller.0 {
        Principal::Staff { name, .. } => Some(name.clone()),
        Principal::Device { .. } => None,
    };
    let receipt = ReceiptLayout {
        location_name,
        location_address: address,
        location_phone: phone,
        reference: hr.reference.clone(),
        received_on: hr.received_on,
        service_name: hr.service_name.clone(),
        category_name: hr.category_name.clone(),
        is_leefloon: hr.leefloon,
        documents: hr.documents.clone(),
        staff_name: hr.staff.clone().or(staff_name),
        decision_term_days: 30,
        no_decision_text: None,
        forwarded_to: None,
    };
    let printed = print(&target, move |w| receipt.to_layout(w)).await?;
    state
        .store
        .record_print(
            location,
            PrintedDocument::Receipt { help_request: id },
            &target.key,
            caller.0.staff_id(),
            state.clock.now(),
        )
        .await?;
    Ok(Json(printed))
}

#[derive(serde::Deserialize)]
pub struct Period {
    location: Option<String>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

impl Period {
    /// Default: the current year up to today.
    fn resolve(&self, today: NaiveDate) -> ApiResult<(NaiveDate, NaiveDate)> {
        let to = self.to.unwrap_or(today);
        let from = self.from.unwrap_or_else(|| {
            NaiveDate::from_ymd_opt(chrono::Datelike::year(&to), 1, 1).expect("1 January")
        });
        if from > to {
            return Err(ApiError::bad_request(
                "invalid_period",
                "from must not be after to",
            ));
        }
        Ok((from, to))
    }
}

async fn register_rows(
    state: &AppState,
    caller: &Caller,
    q: &Period,
) -> ApiResult<Vec<HelpRequest>> {
    caller.require(Permission::ReadRegister, "read the register")?;
    let location = state.location_for(
        Some(&caller.0),
        &LocationQuery {
            location: q.location.clone(),
        },
    )?;
    let (_, _, _, tz) = state.store.location_print_header(location).await?;
    let (from, to) = q.resolve(local_day(state.clock.now(), tz))?;
    Ok(state.store.help_register(location, from, to).await?)
}

/// The register for a period (default: this year).
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<Period>,
) -> ApiResult<Json<Vec<HelpRequest>>> {
    Ok(Json(register_rows(&state, &caller, &q).await?))
}

/// The register as CSV for the OCMW's legal register: UTF-8 with a BOM and `;` separators,
/// as Belgian Excel opens it.
pub async fn csv(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<Period>,
) -> ApiResult<impl IntoResponse> {
    let rows = register_rows(&state, &caller, &q).await?;
    let mut out = String::from("\u{feff}Referentie;Datum ontvangst;Dienst;Categorie;Leefloon;Stavingsstukken;Geregistreerd door;Ticket;Ontvangstbewijs afgedrukt\r\n");
    for r in rows {
        let fields = [
            r.reference,
            r.received_on.format("%d/%m/%Y").to_string(),
            r.service_name,
            r.category_name,
            if r.leefloon { "ja" } else { "nee" }.to_string(),
            r.documents.join(", "),
            r.staff.unwrap_or_default(),
            r.ticket.unwrap_or_default(),
            r.printed_at
                .map(|t| t.format("%d/%m/%Y").to_string())
                .unwrap_or_default(),
        ];
        out.push_str(
            &fields
                .iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(";"),
        );
        out.push_str("\r\n");
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"register-hulpaanvragen.csv\"",
            ),
        ],
        out,
    ))
}

#[derive(serde::Deserialize)]
pub struct AuditQuery {
    location: Option<String>,
    /// Default: the last 7 days.
    from: Option<chrono::DateTime<chrono::Utc>>,
    to: Option<chrono::DateTime<chrono::Utc>>,
    /// 1 to 5000 entries; default 500.
    limit: Option<i64>,
}

pub async fn audit(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> ApiResult<Json<Vec<AuditEntry>>> {
    caller.require(Permission::Administer, "read the audit log")?;
    let location = state.location_for(
        Some(&caller.0),
        &LocationQuery {
            location: q.location.clone(),
        },
    )?;
    let now = state.clock.now();
    let to = q.to.unwrap_or(now + Duration::seconds(1));
    let from = q.from.unwrap_or(to - Duration::days(7));
    let limit = q.limit.unwrap_or(500);
    if !(1..=5000).contains(&limit) {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_limit",
            "limit must be between 1 and 5000",
        ));
    }
    Ok(Json(state.store.audit(location, from, to, limit).await?))
}
