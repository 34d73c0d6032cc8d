//! The headers every browser page and its static files get, so the desk app, the dashboard and
//! the booking page cannot drift apart on them; and the ES module they all import
//! (`server/web/common.js`: API calls with one error contract, elements, dates), served at
//! `/web/common.js`.

use axum::body::Body;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use onthaal_wire::Lang;

use super::AppState;

const COMMON_JS: &str = include_str!("../../web/common.js");
const LOGIN_FORM: &str = include_str!("../../web/login-form.html");
const LOGIN_FORM_MARK: &str =
    "    <!-- the login form: server/web/login-form.html, put here by the server -->\n";

/// `GET /web/common.js`: the module every page's script imports. Its own address, not under
/// one page's, as the desk app, the dashboard, the booking page and the status page share it.
pub fn routes() -> Router<AppState> {
    static_files(&[("/web/common.js", COMMON_JS)])
}

/// A browser app's own files, compiled into the binary: one route per `(address, contents)`,
/// its type from the address's extension, revalidated on every load (see [`asset`]).
pub fn static_files(files: &'static [(&'static str, &'static str)]) -> Router<AppState> {
    files.iter().fold(Router::new(), |router, &(path, body)| {
        let content_type = content_type(path);
        router.route(
            path,
            get(move || async move { asset(body, content_type, "no-cache") }),
        )
    })
}

/// The `Content-Type` of one of our static files, by its extension.
fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        Some("svg") => "image/svg+xml",
        _ => panic!("{path}: no content type for this kind of static file"),
    }
}

/// A staff page (the desk app, the administrator's page) with the login form they share in
/// place of its mark, so the two cannot drift apart on fields, labels or ids.
pub fn with_login_form(page: &str) -> String {
    assert!(
        page.contains(LOGIN_FORM_MARK),
        "a staff page has the login form's mark"
    );
    page.replacen(LOGIN_FORM_MARK, LOGIN_FORM, 1)
}

/// The CSP of a page that loads nothing but this server's files and talks only to it.
pub const SELF_ONLY_CSP: &str =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
     connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/// An HTML page: its own CSP, no referrer sent on (addresses may hold tokens), never framed.
pub fn page(body: impl Into<Body>, csp: &'static str, cache: &'static str) -> Response {
    let mut r = asset(body, "text/html; charset=utf-8", cache);
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(csp),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    r
}

/// A page's style, script or other file. `no-cache` for our own files: a new server version
/// must show at once, not after a browser cache expires.
pub fn asset(body: impl Into<Body>, content_type: &'static str, cache: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, cache),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        body.into(),
    )
        .into_response()
}

/// A citizen page's words (the status page, the booking page) for its `catalogue` data block:
/// the Fluent catalogue of `lang` and the Dutch one it falls back to (`i18n/<lang>.ftl`), so
/// the first render needs no request. No `<` can close the block early.
pub fn catalogue(lang: Lang) -> String {
    let mut sources = serde_json::Map::new();
    for code in [lang.code(), onthaal_i18n::REFERENCE] {
        if let Some(src) = onthaal_i18n::catalogue(code) {
            sources.insert(code.to_string(), src.into());
        }
    }
    serde_json::json!({ "lang": lang.code(), "sources": sources })
        .to_string()
        .replace('<', "\\u003c")
}
