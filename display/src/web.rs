//! How a station serves the pages its own browser shows (the display page, the kiosk's touch
//! page, the pairing page): files compiled into the binary, never cached, and pages that load
//! nothing from elsewhere. The kiosk uses it too.

use std::net::SocketAddr;

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use tokio::net::TcpListener;

/// Nothing from elsewhere: no fonts, scripts or images from the internet, no frames, no
/// forms posting away. Inline SVG pictograms are part of the document.
pub const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
                       connect-src 'self'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'";

/// A file of the page (style, script, catalogue). `no-store`: a new station version must show
/// at once, not after a browser cache expires.
pub fn asset(body: &'static str, content_type: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-store"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        body,
    )
        .into_response()
}

/// An HTML page as [`asset`], with the [`CSP`], no referrer sent on, never framed.
pub fn page(html: &'static str) -> Response {
    let mut r = asset(html, "text/html; charset=utf-8");
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    r
}

/// The station's page address, listening, and the address it got (port 0 becomes a real one).
pub async fn listen(addr: SocketAddr) -> std::io::Result<(TcpListener, SocketAddr)> {
    let listener = TcpListener::bind(addr).await?;
    let bound = listener.local_addr()?;
    Ok((listener, bound))
}
