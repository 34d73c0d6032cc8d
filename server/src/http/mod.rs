//! The HTTP API: routes per resource, one error type, JSON in and out.
//!
//! See `docs/api.md` for the contract and `GET /api/v1/openapi.json` for the full document.

mod absences;
mod admin;
mod admin_availability;
mod admin_locations;
mod admin_partners;
mod admin_services;
pub mod appointments;
mod auth;
pub mod booking;
mod catalogue;
pub mod client;
mod csv;
mod dashboard;
mod desk_app;
mod desk_work;
mod desks;
mod device_admin;
mod devices;
pub(crate) mod error;
mod extract;
mod headers;
mod health;
mod ical;
pub mod metrics;
pub mod openapi;
mod origin;
mod pages;
mod printing;
pub mod ratelimit;
mod services;
mod stats;
pub mod status;
mod ticket_print;
mod tickets;
pub(crate) mod ws;

mod appointment_print;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::Router;
use tokio::sync::watch;

pub use error::{ApiError, ApiResult};

use crate::clock::Clock;
use crate::engine::Store;

/// The largest request body accepted; every legitimate body is far smaller.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    /// Where visitors' phones reach the server (QR codes point here).
    pub public_url: String,
    /// Flips to true when the server shuts down, so WebSocket tasks end too.
    pub shutdown: watch::Receiver<bool>,
    /// How fast each kiosk may issue tickets.
    pub kiosk_limiter: Arc<ratelimit::RateLimiter>,
    /// How many wrong booking codes a kiosk may try (see `appointments.rs`).
    pub check_in_limiter: Arc<ratelimit::RateLimiter>,
    /// How often one client address may ask for ticket statuses (see `status.rs`).
    pub status_limiter: Arc<ratelimit::RateLimiter>,
    /// How many online bookings one client address may make (see `booking.rs`).
    pub booking_limiter: Arc<ratelimit::RateLimiter>,
    /// How often each station may come online and have its printer reports written (see
    /// `ws.rs`).
    pub station_limits: Arc<ws::StationLimits>,
    /// The configuration has a mail server, so appointments with an e-mail address get a
    /// reminder the day before (the booking page says so only then).
    pub email_reminders: bool,
    /// Sends clients e-mail outside the reminders (an absence moved their appointment): the
    /// same mail server, when configured.
    pub notifier: Option<Arc<dyn crate::notify::Notifier>>,
    /// The request and WebSocket counts, and who may read `/metrics` (see `metrics.rs`).
    pub metrics: Arc<metrics::Metrics>,
    /// How requests reach the server: over its own TLS, through which proxies (`client.rs`).
    pub transport: Arc<client::Transport>,
}

pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/auth/me", get(auth::me))
        .route("/services", get(services::list))
        .route("/tickets", post(tickets::issue))
        .route("/tickets/{id}", get(tickets::get))
        .route("/tickets/{id}/recall", post(tickets::recall))
        .route("/tickets/{id}/start", post(tickets::start))
        .route("/tickets/{id}/finish", post(tickets::finish))
        .route("/tickets/{id}/no-show", post(tickets::no_show))
        .route("/tickets/{id}/cancel", post(tickets::cancel))
        .route("/tickets/{id}/return", post(tickets::return_to_queue))
        .route("/tickets/{id}/print", post(ticket_print::print_ticket))
        .route("/tickets/{id}/transfer", post(tickets::transfer))
        .route("/tickets/{id}/call", post(tickets::call))
        .route("/closures", get(services::closures))
        .route("/services/{key}/close", post(services::close))
        .route("/services/{key}/reopen", post(services::reopen))
        .route("/desks", get(desks::list))
        .route("/desks/{id}/call-next", post(desks::call_next))
        .route("/staff", get(desks::staff))
        .route("/staff/{id}/calendar", get(appointments::calendar))
        .route("/staff/{id}/ical-url", get(appointments::ical_url))
        .route(
            "/appointments",
            get(appointments::list).post(appointments::book),
        )
        .route("/appointments/slots", get(appointments::slots))
        .route("/appointments/{id}", get(appointments::get_one))
        .route("/appointments/{id}/cancel", post(appointments::cancel))
        .route("/appointments/{id}/move", post(appointments::move_to))
        .route("/appointments/{id}/no-show", post(appointments::no_show))
        .route("/check-in", post(appointments::check_in))
        .route("/tickets/{id}/triage", post(desk_work::triage))
        .route(
            "/tickets/{id}/referral-slip",
            post(desk_work::referral_slip),
        )
        .route("/partners", get(desk_work::partners))
        .route("/help-categories", get(desk_work::categories))
        .route(
            "/help-requests",
            get(desk_work::list).post(desk_work::register),
        )
        .route("/help-requests.csv", get(desk_work::csv))
        .route("/help-requests/{id}", get(desk_work::get))
        .route("/help-requests/{id}/print", post(desk_work::print_receipt))
        .route("/audit", get(desk_work::audit))
        .route("/stats", get(stats::report))
        .route("/stats/live", get(stats::live))
        .route("/stats/export.csv", get(stats::export_csv))
        .route("/stats/{table}", get(stats::table))
        .route("/devices", get(devices::list))
        .route("/devices/{id}/settings", put(devices::set_settings))
        .route("/status/{token}", get(status::api))
        .route("/status/{token}/events", get(status::events))
        .route("/status/{token}/leave", post(status::leave))
        .route("/openapi.json", get(openapi::document))
        .route(
            "/appointments/{id}/print",
            post(appointment_print::print_confirmation),
        )
        .merge(booking::api_routes())
        .merge(admin::api_routes())
        .merge(absences::api_routes())
        .merge(device_admin::api_routes())
        .merge(admin_locations::api_routes())
        .merge(admin_partners::api_routes())
        .merge(admin_services::api_routes())
        .merge(admin_availability::api_routes())
        .fallback(not_found);
    Router::new()
        .nest("/api/v1", api)
        .route("/healthz", get(health::healthz))
        .route("/ws", get(ws::upgrade))
        .route("/s/{token}", get(status::page))
        .merge(status::asset_routes())
        .merge(catalogue::routes())
        .merge(dashboard::routes())
        .merge(desk_app::routes())
        .merge(appointments::routes())
        .merge(booking::page_routes())
        .merge(pages::routes())
        .merge(metrics::routes())
        .merge(admin::page_routes())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            origin::require_own_origin,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            headers::security_headers,
        ))
        // Outermost, so a request refused by the layers above is counted too.
        .layer(metrics::TrackLayer(state.metrics.clone()))
        .with_state(state)
}

async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "there is nothing at this address",
    )
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this address does not accept that method",
    )
}
