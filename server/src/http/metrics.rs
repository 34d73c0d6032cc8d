//! `GET /metrics`: the server's figures in the Prometheus text format, and the layer that
//! counts and times every request ([`TrackLayer`]).
//!
//! Who may read it: a scraper on the server's own machine (a loopback peer that did not come
//! through a reverse proxy: no `X-Forwarded-For`, `Forwarded` or `X-Real-IP`), and anyone
//! sending `Authorization: Bearer` with the token of `ONTHAAL_METRICS_TOKEN`. Anyone else gets
//! `401` when a token is set, and `404` when none is (the figures are not served to other
//! machines at all). The figures hold no personal data: requests are counted by their route
//! *template* (`/api/v1/status/{token}`, never the token), queues by location and service key,
//! stations by their registered name.
//!
//! The request layer does per request what a scraper needs and no more: a label lookup (a hash
//! of the three label strings and a read lock; no allocation once a route has been seen), one
//! counter increment and one histogram observation. The live figures (queues, stations,
//! printers, pools, other instances) are read only when scraped (`engine/gauges.rs`).

use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Utc};
use onthaal_wire::{ClientKind, PrinterState};
use prometheus::{
    Encoder, GaugeVec, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts,
    Registry, TextEncoder,
};

use super::error::{ApiError, ApiResult};
use super::AppState;
use crate::config::MetricsToken;
use crate::db::StoreError;
use crate::engine::Store;

/// Request durations are mostly milliseconds; a slow report or CSV export takes seconds.
const DURATION_BUCKETS: [f64; 13] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Every state a printer report may have, as its label.
const PRINTER_STATES: [(PrinterState, &str); 7] = [
    (PrinterState::Ok, "ok"),
    (PrinterState::PaperNearEnd, "paper_near_end"),
    (PrinterState::PaperOut, "paper_out"),
    (PrinterState::CoverOpen, "cover_open"),
    (PrinterState::Offline, "offline"),
    (PrinterState::Unreachable, "unreachable"),
    (PrinterState::Error, "error"),
];

/// The metrics that live as long as the server: requests and WebSocket clients.
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    durations: HistogramVec,
    ws_clients: IntGaugeVec,
    token: Option<MetricsToken>,
}

impl Metrics {
    pub fn new(token: Option<MetricsToken>) -> Metrics {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new(
                "onthaal_http_requests_total",
                "HTTP requests answered, by method, route template and status.",
            ),
            &["method", "route", "status"],
        )
        .expect("valid metric");
        let durations = HistogramVec::new(
            HistogramOpts::new(
                "onthaal_http_request_duration_seconds",
                "Time to answer an HTTP request (until the response head), by method and route template.",
            )
            .buckets(DURATION_BUCKETS.to_vec()),
            &["method", "route"],
        )
        .expect("valid metric");
        let ws_clients = IntGaugeVec::new(
            Opts::new(
                "onthaal_websocket_clients",
                "Live-update WebSocket connections open now, by kind of client (desk, display, kiosk).",
            ),
            &["kind"],
        )
        .expect("valid metric");
        for kind in [ClientKind::Desk, ClientKind::Display, ClientKind::Kiosk] {
            ws_clients.with_label_values(&[kind_label(kind)]);
        }
        for c in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(durations.clone()),
            Box::new(ws_clients.clone()),
        ] {
            registry.register(c).expect("metric names are unique");
        }
        Metrics {
            registry,
            requests,
            durations,
            ws_clients,
            token,
        }
    }

    fn observe(&self, method: &str, route: &str, status: StatusCode, seconds: f64) {
        self.requests
            .with_label_values(&[method, route, status.as_str()])
            .inc();
        self.durations
            .with_label_values(&[method, route])
            .observe(seconds);
    }

    /// Counts a WebSocket client until the returned guard is dropped (the connection ends).
    pub fn ws_connected(&self, kind: ClientKind) -> WsClient {
        let gauge = self.ws_clients.with_label_values(&[kind_label(kind)]);
        gauge.inc();
        WsClient(gauge)
    }

    /// Every figure, in the Prometheus text format.
    pub async fn render(&self, store: &Store, now: DateTime<Utc>) -> Result<String, StoreError> {
        let queues = store.queue_gauges(now).await?;
        let stations = store.station_gauges().await?;
        let live = Registry::new();
        let gauge = |name: &str, help: &str, labels: &[&str]| {
            let g = GaugeVec::new(Opts::new(name, help), labels).expect("valid metric");
            live.register(Box::new(g.clone()))
                .expect("metric names are unique");
            g
        };

        let waiting = gauge(
            "onthaal_queue_waiting",
            "Tickets waiting now, per location and service.",
            &["location", "service"],
        );
        let oldest = gauge(
            "onthaal_queue_oldest_wait_seconds",
            "How long the longest-waiting ticket has waited (0 when nobody waits).",
            &["location", "service"],
        );
        let target = gauge(
            "onthaal_queue_target_wait_seconds",
            "The service's target wait (target_wait_min in the configuration).",
            &["location", "service"],
        );
        for q in &queues {
            let l = [q.location.as_str(), q.service.as_str()];
            waiting.with_label_values(&l).set(f64::from(q.waiting));
            oldest.with_label_values(&l).set(q.oldest_wait_s);
            target.with_label_values(&l).set(q.target_wait_s as f64);
        }

        let online = gauge(
            "onthaal_station_online",
            "1 when a registered kiosk or display is connected (here or to another instance), else 0.",
            &["location", "device_id", "device", "kind"],
        );
        let printer_ok = gauge(
            "onthaal_printer_ok",
            "1 when a kiosk's printer can print (ok or paper near its end), 0 when it cannot; absent before its first report.",
            &["location", "device_id", "device"],
        );
        let printer_state = gauge(
            "onthaal_printer_state",
            "1 for the state a kiosk's printer last reported, 0 for the others.",
            &["location", "device_id", "device", "state"],
        );
        for s in &stations {
            let id = s.id.to_string();
            let (loc, name) = (s.location.as_str(), s.name.as_str());
            online
                .with_label_values(&[loc, &id, name, &s.kind])
                .set(if s.online { 1.0 } else { 0.0 });
            if let Some(p) = s.printer {
                printer_ok
                    .with_label_values(&[loc, &id, name])
                    .set(if p.is_failure() { 0.0 } else { 1.0 });
                for (state, label) in PRINTER_STATES {
                    printer_state
                        .with_label_values(&[loc, &id, name, label])
                        .set(if state == p { 1.0 } else { 0.0 });
                }
            }
        }

        let size = gauge(
            "onthaal_db_pool_connections",
            "Open database connections, per pool (read: requests; write: the location writers).",
            &["pool"],
        );
        let idle = gauge(
            "onthaal_db_pool_idle_connections",
            "Open database connections not in use, per pool.",
            &["pool"],
        );
        let max = gauge(
            "onthaal_db_pool_max_connections",
            "The most connections a pool opens.",
            &["pool"],
        );
        for p in store.pool_gauges() {
            size.with_label_values(&[p.pool]).set(f64::from(p.size));
            idle.with_label_values(&[p.pool]).set(p.idle as f64);
            max.with_label_values(&[p.pool]).set(f64::from(p.max));
        }

        let applied = IntCounterVec::new(
            Opts::new(
                "onthaal_instance_events_applied_total",
                "Events written by other server instances on the same database and published here.",
            ),
            &["location"],
        )
        .expect("valid metric");
        live.register(Box::new(applied.clone()))
            .expect("metric names are unique");
        let lag = gauge(
            "onthaal_instance_event_lag_seconds",
            "For the newest event of another instance: when it was published here less when it was written.",
            &["location"],
        );
        let applied_at = gauge(
            "onthaal_instance_event_applied_timestamp_seconds",
            "When the newest event of another instance was published here (Unix time).",
            &["location"],
        );
        for (location, f) in store.applied_gauges() {
            applied.with_label_values(&[&location]).inc_by(f.events);
            lag.with_label_values(&[&location]).set(f.lag_s);
            applied_at
                .with_label_values(&[&location])
                .set(f.applied_at.timestamp_millis() as f64 / 1000.0);
        }

        gauge(
            "onthaal_build_info",
            "Always 1; the version of the server.",
            &["version"],
        )
        .with_label_values(&[env!("CARGO_PKG_VERSION")])
        .set(1.0);

        let mut families = self.registry.gather();
        families.extend(live.gather());
        families.sort_by(|a, b| a.name().cmp(b.name()));
        let mut out = Vec::new();
        TextEncoder::new()
            .encode(&families, &mut out)
            .map_err(|e| StoreError::Corrupt(format!("metrics: {e}")))?;
        Ok(String::from_utf8(out).expect("the text format is UTF-8"))
    }
}

/// Keeps a WebSocket client counted in `onthaal_websocket_clients` while it lives.
pub struct WsClient(IntGauge);

impl Drop for WsClient {
    fn drop(&mut self) {
        self.0.dec();
    }
}

fn kind_label(kind: ClientKind) -> &'static str {
    match kind {
        ClientKind::Desk => "desk",
        ClientKind::Display => "display",
        ClientKind::Kiosk => "kiosk",
    }
}

/// A request's method as a label: the standard ones by name, anything else as `other` (a
/// made-up method must not add a series).
fn method_label(m: &Method) -> &'static str {
    match *m {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// The route label of a request: the router's template, or `unmatched` for an address no
/// route has (its path may hold anything, so it never becomes a label). A fallback nested in
/// the router has a template of axum's own (`/api/v1/{*__private__axum_fallback}`): unmatched
/// too.
fn route_label(matched: Option<&MatchedPath>) -> &str {
    match matched {
        Some(m) if !m.as_str().contains("__private__") => m.as_str(),
        _ => "unmatched",
    }
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/metrics", get(scrape))
}

/// Whether a request may read the figures (see the module comment).
#[derive(Debug, PartialEq, Eq)]
enum Access {
    Open,
    /// A token is set and the request does not carry it.
    Unauthorized,
    /// No token is set and the request is not local.
    Hidden,
}

fn access(peer: Option<IpAddr>, headers: &HeaderMap, token: Option<&MetricsToken>) -> Access {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    if let (Some(token), Some(given)) = (token, bearer) {
        if constant_time_eq(token.0.as_bytes(), given.as_bytes()) {
            return Access::Open;
        }
    }
    // A reverse proxy on this machine connects from loopback too: what it forwards comes
    // from elsewhere.
    let proxied = ["x-forwarded-for", "forwarded", "x-real-ip"]
        .iter()
        .any(|h| headers.contains_key(*h));
    if peer.is_some_and(|ip| ip.is_loopback()) && !proxied {
        return Access::Open;
    }
    if token.is_some() {
        Access::Unauthorized
    } else {
        Access::Hidden
    }
}

/// Compares without stopping at the first difference, so the time taken does not tell how
/// much of a guess was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// The content type of the Prometheus text format.
const TEXT_FORMAT: &str = "text/plain; version=0.0.4; charset=utf-8";

async fn scrape(State(state): State<AppState>, req: Request) -> ApiResult<Response> {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    match access(peer, req.headers(), state.metrics.token.as_ref()) {
        Access::Open => {}
        Access::Unauthorized => return Err(ApiError::unauthorized()),
        Access::Hidden => {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                "there is nothing at this address",
            ))
        }
    }
    let text = state
        .metrics
        .render(&state.store, state.clock.now())
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, TEXT_FORMAT),
            (header::CACHE_CONTROL, "no-store"),
        ],
        text,
    )
        .into_response())
}

/// Counts and times every request of the routes it wraps (see the module comment).
#[derive(Clone)]
pub struct TrackLayer(pub Arc<Metrics>);

impl<S> tower_layer::Layer<S> for TrackLayer {
    type Service = Track<S>;

    fn layer(&self, inner: S) -> Track<S> {
        Track {
            inner,
            metrics: self.0.clone(),
        }
    }
}

/// The service of [`TrackLayer`].
#[derive(Clone)]
pub struct Track<S> {
    inner: S,
    metrics: Arc<Metrics>,
}

impl<S, B> tower_service::Service<axum::http::Request<B>> for Track<S>
where
    S: tower_service::Service<axum::http::Request<B>, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = TrackFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: axum::http::Request<B>) -> Self::Future {
        let method = method_label(req.method());
        // An `Arc<str>` inside: cloning it counts a reference, it copies nothing.
        let route = req.extensions().get::<MatchedPath>().cloned();
        TrackFuture {
            start: Instant::now(),
            method,
            route,
            metrics: self.metrics.clone(),
            inner: self.inner.call(req),
        }
    }
}

pin_project_lite::pin_project! {
    /// The response future of [`Track`]: records the request when the response head is ready.
    pub struct TrackFuture<F> {
        #[pin]
        inner: F,
        start: Instant,
        method: &'static str,
        route: Option<MatchedPath>,
        metrics: Arc<Metrics>,
    }
}

impl<F, E> Future for TrackFuture<F>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let out = std::task::ready!(this.inner.poll(cx));
        if let Ok(r) = &out {
            this.metrics.observe(
                this.method,
                route_label(this.route.as_ref()),
                r.status(),
                this.start.elapsed().as_secs_f64(),
            );
        }
        Poll::Ready(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn who_may_read_the_figures() {
        let local: Option<IpAddr> = Some("127.0.0.1".parse().unwrap());
        let local6: Option<IpAddr> = Some("::1".parse().unwrap());
        let remote: Option<IpAddr> = Some("192.0.2.7".parse().unwrap());
        let token = MetricsToken("geheim-token-voor-prometheus".into());
        let right = headers(&[("authorization", "Bearer geheim-token-voor-prometheus")]);
        let wrong = headers(&[("authorization", "Bearer geheim-token-voor-prometheuz")]);
        let proxied = headers(&[("x-forwarded-for", "192.0.2.7")]);
        let none = HeaderMap::new();
        // On the machine itself: open, token or not.
        assert_eq!(access(local, &none, None), Access::Open);
        assert_eq!(access(local6, &none, Some(&token)), Access::Open);
        // Through a proxy on the machine, or from elsewhere: only with the token.
        assert_eq!(access(local, &proxied, None), Access::Hidden);
        assert_eq!(access(local, &proxied, Some(&token)), Access::Unauthorized);
        assert_eq!(
            access(local, &headers(&[("forwarded", "for=192.0.2.7")]), None),
            Access::Hidden
        );
        assert_eq!(access(remote, &none, None), Access::Hidden);
        assert_eq!(access(remote, &right, None), Access::Hidden);
        assert_eq!(access(remote, &wrong, Some(&token)), Access::Unauthorized);
        assert_eq!(access(remote, &right, Some(&token)), Access::Open);
        assert_eq!(access(None, &none, Some(&token)), Access::Unauthorized);
    }

    #[test]
    fn labels_are_bounded() {
        assert_eq!(method_label(&Method::GET), "GET");
        assert_eq!(
            method_label(&Method::from_bytes(b"PROPFIND").unwrap()),
            "other"
        );
        assert_eq!(route_label(None), "unmatched");
    }

    #[test]
    fn a_request_counted_shows_in_the_text() {
        let m = Metrics::new(None);
        m.observe("GET", "/api/v1/tickets/{id}", StatusCode::OK, 0.003);
        let guard = m.ws_connected(ClientKind::Display);
        let text = TextEncoder::new()
            .encode_to_string(&m.registry.gather())
            .unwrap();
        assert!(
            text.contains(
                "onthaal_http_requests_total{method=\"GET\",route=\"/api/v1/tickets/{id}\",status=\"200\"} 1"
            ),
            "{text}"
        );
        assert!(text.contains("onthaal_websocket_clients{kind=\"display\"} 1"));
        drop(guard);
        let text = TextEncoder::new()
            .encode_to_string(&m.registry.gather())
            .unwrap();
        assert!(text.contains("onthaal_websocket_clients{kind=\"display\"} 0"));
    }
}
