//! Online booking by citizens, without an account: the public API under `/api/v1/public/`
//! and the booking page `/book` (with the confirmation page `/book/{manage_token}`).
//!
//! - `GET /api/v1/public/services` the bookable services (names in the citizen's language)
//!   and the social workers one may name, each with the services they take;
//!   `GET /api/v1/public/slots` free times (times only, nothing about who booked the others);
//! - `POST /api/v1/public/appointments` books (name, e-mail and/or phone, language, consent):
//!   channel `online`, a booking code for the kiosk and a manage token for the link
//!   `{public_url}/book/{manage_token}`;
//! - `GET|POST /api/v1/public/appointments/{token}[/cancel|/move|/slots]` read, cancel, move.
//!
//! Abuse limits, so slots cannot be hoarded: per client address at most
//! `online_booking_address_limit` new bookings (`429 too_many_bookings`; set in the
//! configuration file, by default
//! [`DEFAULT_ADDRESS_LIMIT`](crate::domain::booking::DEFAULT_ADDRESS_LIMIT)), and per e-mail
//! address or phone number at most `online_bookings_per_contact` open future online bookings
//! (`409 contact_limit`, see the store). The client address is [`ClientAddr`]: the TCP peer,
//! or behind a trusted reverse proxy the address it forwards (`client.rs`).
//! Refusals carry a message in the citizen's language (`lang` of the request, else the
//! browser's `Accept-Language`).

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::{Duration, NaiveDate};
use onthaal_wire::{
    Contact, Lang, LinkedAppointment, MovePublicAppointment, OnlineBookingForm, PublicAppointment,
    PublicCatalogue, Slot,
};
use serde::Deserialize;

use super::client::{address_key, ClientAddr};
use super::error::ApiError;
use super::extract::{ApiJson, ApiPath, ApiQuery, LocationQuery};
use super::pages::{self, SELF_ONLY_CSP};
use super::AppState;
use crate::domain::booking::{citizen_message, negotiate_lang, normalize_email, normalize_phone};
use crate::domain::numbering::local_day;
use crate::usecases::OnlineBooking;

const INDEX: &str = include_str!("../../booking/index.html");
const CSS: &str = include_str!("../../booking/booking.css");
const JS: &str = include_str!("../../booking/booking.js");

/// The API routes, nested under `/api/v1`.
pub fn api_routes() -> Router<AppState> {
    Router::new()
        .route("/public/services", get(catalogue))
        .route("/public/slots", get(slots))
        .route("/public/appointments", axum::routing::post(book))
        .route("/public/appointments/{token}", get(get_one))
        .route(
            "/public/appointments/{token}/cancel",
            axum::routing::post(cancel),
        )
        .route(
            "/public/appointments/{token}/move",
            axum::routing::post(move_to),
        )
        .route("/public/appointments/{token}/slots", get(move_slots))
}

/// The page and its assets.
pub fn page_routes() -> Router<AppState> {
    Router::new()
        .route("/book", get(page))
        .merge(pages::static_files(&[
            ("/book/booking.css", CSS),
            ("/book/booking.js", JS),
        ]))
        .route("/book/{token}", get(appointment_page))
        .route("/book/{token}/qr.svg", get(qr))
}

/// The citizen's language: `lang` when given, else the browser's preference.
fn lang_of(given: Option<Lang>, headers: &HeaderMap) -> Lang {
    given.unwrap_or_else(|| {
        negotiate_lang(
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or(""),
        )
    })
}

/// An error as the citizen reads it: the same code and status, the message in their language.
fn localized(lang: Lang) -> impl Fn(ApiError) -> ApiError {
    move |mut e| {
        if let Some(m) = citizen_message(e.code, lang) {
            e.message = m.to_string();
        }
        e
    }
}

fn valid_token(t: &str) -> bool {
    (20..=64).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn linked(state: &AppState, a: PublicAppointment) -> Json<LinkedAppointment> {
    let manage_url = format!("{}/book/{}", state.public_url, a.manage_token);
    Json(LinkedAppointment {
        appointment: a,
        manage_url,
    })
}

#[derive(Deserialize)]
pub struct CatalogueQuery {
    pub location: Option<String>,
    /// One of the languages the booking page speaks; another is a 422.
    pub lang: Option<Lang>,
}

/// `GET /api/v1/public/services?lang=`.
pub async fn catalogue(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<CatalogueQuery>,
) -> Result<Json<PublicCatalogue>, ApiError> {
    let lang = lang_of(q.lang, &headers);
    let location_id = state.location_for(
        None,
        &LocationQuery {
            location: q.location,
        },
    )?;
    let mut catalogue = state.store.public_catalogue(location_id, lang).await?;
    catalogue.email_reminders = state.email_reminders;
    Ok(Json(catalogue))
}

#[derive(Deserialize)]
pub struct SlotsQuery {
    pub service: Option<String>,
    pub staff: Option<i64>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub location: Option<String>,
    pub lang: Option<Lang>,
}

/// Local dates `from..=to` (default: today and the next 13 days), at most 31 days.
fn range(
    from: &Option<String>,
    to: &Option<String>,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveDate), ApiError> {
    let parse = |s: &str| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|_| ApiError::bad_request("invalid_date", "dates look like 2026-12-01"))
    };
    let from = match from {
        Some(d) => parse(d)?.max(today),
        None => today,
    };
    let to = match to {
        Some(d) => parse(d)?,
        None => from + Duration::days(13),
    };
    if to < from || (to - from).num_days() > 31 {
        return Err(ApiError::bad_request(
            "invalid_range",
            "to must be on or after from (and today), at most 31 days later",
        ));
    }
    Ok((from, to))
}

/// `GET /api/v1/public/slots?service=&from=&to=&staff=`: free times only.
pub async fn slots(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<SlotsQuery>,
) -> Result<Json<Vec<Slot>>, ApiError> {
    let lang = lang_of(q.lang, &headers);
    let l = localized(lang);
    let location_id = state
        .location_for(
            None,
            &LocationQuery {
                location: q.location,
            },
        )
        .map_err(&l)?;
    let service = q
        .service
        .ok_or_else(|| ApiError::bad_request("unknown_service", "give ?service=KEY"))
        .map_err(&l)?;
    let now = state.clock.now();
    let tz = state.store.location_state(location_id).await?.tz;
    let (from, to) = range(&q.from, &q.to, local_day(now, tz)).map_err(&l)?;
    let slots = state
        .store
        .public_slots(location_id, &service, q.staff, from, to, now)
        .await
        .map_err(|e| l(e.into()))?;
    Ok(Json(slots))
}

/// The short form, checked: a name, and an e-mail address and/or a phone number that can be
/// one, and consent.
fn checked_contact(b: &OnlineBookingForm) -> Result<Contact, ApiError> {
    fn present(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
    let name =
        present(&b.name).ok_or_else(|| ApiError::bad_request("missing_name", "give your name"))?;
    let (email, phone) = (present(&b.email), present(&b.phone));
    if email.is_none() && phone.is_none() {
        return Err(ApiError::bad_request(
            "missing_contact",
            "give an e-mail address or a phone number",
        ));
    }
    if email.is_some_and(|e| normalize_email(e).is_none()) {
        return Err(ApiError::bad_request(
            "invalid_email",
            "that is not an e-mail address",
        ));
    }
    if phone.is_some_and(|p| normalize_phone(p).is_none()) {
        return Err(ApiError::bad_request(
            "invalid_phone",
            "that is not a phone number",
        ));
    }
    if !b.consent {
        return Err(ApiError::bad_request(
            "consent_required",
            "the booking needs consent to use these details for the appointment",
        ));
    }
    Ok(Contact {
        name: Some(name.to_string()),
        email: email.map(str::to_string),
        phone: phone.map(str::to_string),
    })
}

/// `POST /api/v1/public/appointments`: `201` the appointment with its code and manage link.
pub async fn book(
    State(state): State<AppState>,
    addr: ClientAddr,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<LocationQuery>,
    ApiJson(body): ApiJson<OnlineBookingForm>,
) -> Result<(StatusCode, Json<LinkedAppointment>), ApiError> {
    let lang = lang_of(body.lang, &headers);
    let l = localized(lang);
    let location_id = state.location_for(None, &q).map_err(&l)?;
    let contact = checked_contact(&body).map_err(&l)?;
    let now = state.clock.now();
    let reservation = match addr.0 {
        Some(ip) => Some(
            state
                .booking_limiter
                .reserve(address_key(ip), now)
                .map_err(|e| {
                    let wait = e.retry_after.unwrap_or(600);
                    l(ApiError::new(
                        StatusCode::TOO_MANY_REQUESTS,
                        "too_many_bookings",
                        "too many appointments were booked from this address",
                    )
                    .retry_after(wait))
                })?,
        ),
        None => None,
    };
    let result = state
        .store
        .book_online(
            OnlineBooking {
                location_id,
                service: body.service,
                staff: body.staff,
                start: body.start,
                contact,
                lang,
            },
            now,
        )
        .await;
    match result {
        Ok(a) => Ok((StatusCode::CREATED, linked(&state, a))),
        Err(e) => {
            // Only real bookings count towards the address limit.
            if let Some(r) = reservation {
                state.booking_limiter.release(r);
            }
            Err(l(e.into()))
        }
    }
}

#[derive(Deserialize)]
pub struct RangeQuery {
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Deserialize)]
struct LangOnly {
    lang: Option<Lang>,
}

/// The manage token of a `/public/appointments/{token}…` route and the citizen's language
/// (`?lang=`, else the browser's preference). A malformed token is a 404 in that language,
/// without a query.
pub struct Manage {
    token: String,
    lang: Lang,
}

impl FromRequestParts<AppState> for Manage {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let ApiPath(token) = ApiPath::<String>::from_request_parts(parts, state).await?;
        let ApiQuery(q) = ApiQuery::<LangOnly>::from_request_parts(parts, state).await?;
        let m = Manage {
            token,
            lang: lang_of(q.lang, &parts.headers),
        };
        if !valid_token(&m.token) {
            return Err(m.localize(ApiError::not_found("appointment")));
        }
        Ok(m)
    }
}

impl Manage {
    fn localize(&self, e: impl Into<ApiError>) -> ApiError {
        localized(self.lang)(e.into())
    }
}

/// `GET /api/v1/public/appointments/{token}`.
pub async fn get_one(
    State(state): State<AppState>,
    m: Manage,
) -> Result<Json<LinkedAppointment>, ApiError> {
    let a = state
        .store
        .public_appointment(&m.token, state.clock.now())
        .await
        .map_err(|e| m.localize(e))?;
    Ok(linked(&state, a))
}

/// `POST /api/v1/public/appointments/{token}/cancel`.
pub async fn cancel(
    State(state): State<AppState>,
    m: Manage,
) -> Result<Json<LinkedAppointment>, ApiError> {
    let a = state
        .store
        .cancel_online(&m.token, state.clock.now())
        .await
        .map_err(|e| m.localize(e))?;
    Ok(linked(&state, a))
}

/// `POST /api/v1/public/appointments/{token}/move {"start"}`: same social worker and room.
pub async fn move_to(
    State(state): State<AppState>,
    mut m: Manage,
    ApiJson(body): ApiJson<MovePublicAppointment>,
) -> Result<Json<LinkedAppointment>, ApiError> {
    m.lang = body.lang.unwrap_or(m.lang);
    let a = state
        .store
        .move_online(&m.token, body.start, state.clock.now())
        .await
        .map_err(|e| m.localize(e))?;
    Ok(linked(&state, a))
}

/// `GET /api/v1/public/appointments/{token}/slots?from=&to=`: where it can move to.
pub async fn move_slots(
    State(state): State<AppState>,
    m: Manage,
    ApiQuery(q): ApiQuery<RangeQuery>,
) -> Result<Json<Vec<Slot>>, ApiError> {
    let now = state.clock.now();
    let location_id = state.store.resolve_location(None)?;
    let tz = state.store.location_state(location_id).await?.tz;
    let (from, to) = range(&q.from, &q.to, local_day(now, tz)).map_err(|e| m.localize(e))?;
    Ok(Json(
        state
            .store
            .move_slots(&m.token, from, to, now)
            .await
            .map_err(|e| m.localize(e))?,
    ))
}

#[derive(Deserialize)]
pub struct PageQuery {
    pub lang: Option<String>,
}

/// `GET /book`: the booking page.
pub async fn page(headers: HeaderMap, ApiQuery(q): ApiQuery<PageQuery>) -> Response {
    let lang = match q.lang.as_deref().and_then(Lang::parse) {
        Some(l) => l,
        None => lang_of(None, &headers),
    };
    page_in(lang)
}

/// `GET /book/{token}`: the same page, showing the appointment. Without `?lang=` it speaks
/// the language the appointment was booked in (the link in a reminder has no `?lang=`).
pub async fn appointment_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(token): ApiPath<String>,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> Response {
    let booked_in = if valid_token(&token) {
        state
            .store
            .public_appointment(&token, state.clock.now())
            .await
            .ok()
            .map(|a| a.lang)
    } else {
        None
    };
    let lang = match q.lang.as_deref().and_then(Lang::parse) {
        Some(l) => l,
        None => booked_in.unwrap_or_else(|| lang_of(None, &headers)),
    };
    page_in(lang)
}

/// The page in a language; its script reads the address and may switch the language.
fn page_in(lang: Lang) -> Response {
    // `ltr` is HTML's default, so only a right-to-left language needs the attribute.
    let dir = if lang.is_rtl() { " dir=\"rtl\"" } else { "" };
    // The manage token is in the address: `pages::page` sends no referrer on.
    let mut r = pages::page(
        INDEX
            .replace("{{lang}}", lang.code())
            .replace("{{dir}}", dir)
            .replace("{{title}}", &every_language("appointment-title", " · "))
            .replace("{{languages}}", &language_buttons())
            .replace("{{noscript}}", &no_script_lines())
            .replace("{{catalogue}}", &pages::catalogue(lang)),
        SELF_ONLY_CSP,
        "no-store",
    );
    r.headers_mut()
        .insert("x-robots-tag", HeaderValue::from_static("noindex"));
    r
}

/// The language buttons: one per catalogue, in its own name and direction (`language-name`).
fn language_buttons() -> String {
    Lang::all()
        .map(|l| {
            let dir = if l.is_rtl() { " dir=\"rtl\"" } else { "" };
            format!(
                "      <button type=\"button\" data-lang=\"{0}\" lang=\"{0}\"{dir}>{1}</button>",
                l.code(),
                html_text(&l.about().name)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// What a browser without JavaScript shows: the page needs it, in every language.
fn no_script_lines() -> String {
    Lang::all()
        .map(|l| {
            let dir = if l.is_rtl() { "rtl" } else { "ltr" };
            format!(
                "    <p lang=\"{}\" dir=\"{dir}\">{}</p>",
                l.code(),
                html_text(&onthaal_i18n::text(l.code(), "booking-needs-javascript"))
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A message in every language, each once (the page's title: "Afspraak · Rendez-vous · …").
fn every_language(id: &str, separator: &str) -> String {
    let mut seen: Vec<String> = Vec::new();
    for l in Lang::all() {
        let t = html_text(&onthaal_i18n::text(l.code(), id));
        if !seen.contains(&t) {
            seen.push(t);
        }
    }
    seen.join(separator)
}

/// Text for HTML, with the characters that could end it escaped.
fn html_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `GET /book/{token}/qr.svg`: the QR code carrying the booking code, for the kiosk's scanner.
pub async fn qr(State(state): State<AppState>, ApiPath(token): ApiPath<String>) -> Response {
    if !valid_token(&token) {
        return ApiError::not_found("appointment").into_response();
    }
    match state
        .store
        .public_appointment(&token, state.clock.now())
        .await
    {
        Ok(a) => (
            [
                (header::CONTENT_TYPE, "image/svg+xml"),
                (header::CACHE_CONTROL, "private, max-age=3600"),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            qr_svg(&a.code),
        )
            .into_response(),
        Err(e) => ApiError::from(e).into_response(),
    }
}

/// An SVG QR code (error correction M, 4-module quiet zone): one path of unit squares.
pub fn qr_svg(data: &str) -> String {
    let code = qrcode::QrCode::with_error_correction_level(data.as_bytes(), qrcode::EcLevel::M)
        .expect("a booking code fits a QR code");
    let w = code.width();
    let colors = code.to_colors();
    let size = w + 8;
    let mut path = String::new();
    for (i, c) in colors.iter().enumerate() {
        if *c == qrcode::Color::Dark {
            path.push_str(&format!("M{} {}h1v1h-1z", i % w + 4, i / w + 4));
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_is_an_svg_with_a_quiet_zone() {
        let svg = qr_svg("ABC479");
        assert!(svg.starts_with("<svg"));
        // Version 1 (21 modules) plus 4 on each side.
        assert!(svg.contains("viewBox=\"0 0 29 29\""), "{svg}");
        assert!(svg.contains("M4 4h1v1h-1z"), "finder pattern corner");
    }

    #[test]
    fn tokens() {
        assert!(valid_token("abcdefghijKLMNOPQRST1234"));
        assert!(!valid_token("short"));
        assert!(!valid_token("abcdefghijKLMNOPQRST-234"));
    }
}
