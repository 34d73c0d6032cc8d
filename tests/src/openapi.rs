//! Every JSON answer the API suite receives is checked against the server's OpenAPI document.
//!
//! [`TestApp::http`](crate::TestApp) is a [`Client`]: the same calls as `reqwest::Client`, but
//! `send` reads a JSON answer, finds its path, method and status in the document (`GET
//! /api/v1/openapi.json`, the generated schemas with the hand-kept paths), and panics when the
//! body does not fit the schema there. The fuzz run (`tests/fuzz/run.sh`) tries random requests
//! against the same document; this checks the real ones the suite makes, on both databases.
//!
//! The checker knows the part of JSON Schema the document uses: `$ref`, `type` (one or a list),
//! `enum`, `properties`, `required`, `additionalProperties`, `items`, `oneOf`, `anyOf`, `allOf`,
//! `maxLength`, `minimum`, `maximum` and `maxItems`. An answer whose status the document does not
//! list or lists without a body, a path it does not have, and anything not JSON (pages, CSV, event
//! streams) are passed on unchecked.

use std::sync::LazyLock;

use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE};
use reqwest::{IntoUrl, Method};
use serde::Serialize;
use serde_json::Value;

static DOCUMENT: LazyLock<Value> = LazyLock::new(onthaal_server::http::openapi::document_value);

/// A `reqwest::Client` whose JSON answers are checked against the OpenAPI document.
#[derive(Clone)]
pub struct Client {
    inner: reqwest::Client,
}

impl Client {
    pub fn new(inner: reqwest::Client) -> Client {
        Client { inner }
    }

    pub fn request<U: IntoUrl>(&self, method: Method, url: U) -> RequestBuilder {
        RequestBuilder {
            method: method.clone(),
            inner: self.inner.request(method, url),
        }
    }

    pub fn get<U: IntoUrl>(&self, url: U) -> RequestBuilder {
        self.request(Method::GET, url)
    }

    pub fn post<U: IntoUrl>(&self, url: U) -> RequestBuilder {
        self.request(Method::POST, url)
    }

    pub fn put<U: IntoUrl>(&self, url: U) -> RequestBuilder {
        self.request(Method::PUT, url)
    }

    pub fn delete<U: IntoUrl>(&self, url: U) -> RequestBuilder {
        self.request(Method::DELETE, url)
    }
}

/// A request being built; [`RequestBuilder::send`] checks the answer.
pub struct RequestBuilder {
    method: Method,
    inner: reqwest::RequestBuilder,
}

impl RequestBuilder {
    fn map(self, f: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder) -> Self {
        RequestBuilder {
            method: self.method,
            inner: f(self.inner),
        }
    }

    pub fn bearer_auth<T: std::fmt::Display>(self, token: T) -> Self {
        self.map(|r| r.bearer_auth(token))
    }

    pub fn header<K, V>(self, key: K, value: V) -> Self
    where
        reqwest::header::HeaderName: TryFrom<K>,
        <reqwest::header::HeaderName as TryFrom<K>>::Error: Into<http::Error>,
        HeaderValue: TryFrom<V>,
        <HeaderValue as TryFrom<V>>::Error: Into<http::Error>,
    {
        self.map(|r| r.header(key, value))
    }

    pub fn headers(self, headers: HeaderMap) -> Self {
        self.map(|r| r.headers(headers))
    }

    pub fn json<T: Serialize + ?Sized>(self, body: &T) -> Self {
        self.map(|r| r.json(body))
    }

    pub fn body<T: Into<reqwest::Body>>(self, body: T) -> Self {
        self.map(|r| r.body(body))
    }

    pub fn query<T: Serialize + ?Sized>(self, query: &T) -> Self {
        self.map(|r| r.query(query))
    }

    pub fn timeout(self, timeout: std::time::Duration) -> Self {
        self.map(|r| r.timeout(timeout))
    }

    /// Sends the request; a JSON answer is checked against the document before it is returned.
    pub async fn send(self) -> reqwest::Result<reqwest::Response> {
        let response = self.inner.send().await?;
        let is_json = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if !is_json {
            return Ok(response);
        }
        let status = response.status();
        let version = response.version();
        let headers = response.headers().clone();
        let path = response.url().path().to_string();
        let bytes = response.bytes().await?;
        if let Ok(body) = serde_json::from_slice::<Value>(&bytes) {
            if let Err(e) = check_answer(&self.method, &path, status.as_u16(), &body) {
                let shown: String = body.to_string().chars().take(2000).collect();
                panic!(
                    "{} {path} answered {status} outside the OpenAPI document: {e}\n{shown}",
                    self.method
                );
            }
        }
        let mut rebuilt = http::Response::new(bytes);
        *rebuilt.status_mut() = status;
        *rebuilt.version_mut() = version;
        *rebuilt.headers_mut() = headers;
        Ok(reqwest::Response::from(rebuilt))
    }
}

/// Checks one answer; `Ok` also when the document does not describe it.
pub fn check_answer(method: &Method, path: &str, status: u16, body: &Value) -> Result<(), String> {
    let doc = &*DOCUMENT;
    let Some(operation) = operation(doc, method, path) else {
        return Ok(());
    };
    let responses = &operation["responses"];
    let Some(mut response) = responses
        .get(status.to_string())
        .or_else(|| responses.get("default"))
    else {
        return Ok(());
    };
    response = resolve(doc, response);
    // An answer documented without a body (the document itself) is not described, and is taken
    // as Schemathesis takes it: unchecked.
    let Some(schema) = response.pointer("/content/application~1json/schema") else {
        return Ok(());
    };
    check(doc, schema, body, "$")
}

/// The operation of a concrete path: `/api/v1/tickets/17/call` is `/api/v1/tickets/{id}/call`.
fn operation<'a>(doc: &'a Value, method: &Method, path: &str) -> Option<&'a Value> {
    let wanted: Vec<&str> = path.split('/').collect();
    let paths = doc["paths"].as_object()?;
    // A literal segment beats a parameter (`/tickets/next` before `/tickets/{id}`).
    let mut best: Option<(usize, &Value)> = None;
    for (template, item) in paths {
        let parts: Vec<&str> = template.split('/').collect();
        if parts.len() != wanted.len() {
            continue;
        }
        let mut literal = 0;
        let fits = parts.iter().zip(&wanted).all(|(t, w)| {
            if t.starts_with('{') && t.ends_with('}') {
                !w.is_empty()
            } else {
                literal += 1;
                t == w
            }
        });
        if fits && best.is_none_or(|(n, _)| literal > n) {
            best = Some((literal, item));
        }
    }
    best?.1.get(method.as_str().to_ascii_lowercase())
}

fn resolve<'a>(doc: &'a Value, mut v: &'a Value) -> &'a Value {
    while let Some(r) = v.get("$ref").and_then(Value::as_str) {
        v = r
            .strip_prefix('#')
            .and_then(|p| doc.pointer(p))
            .unwrap_or_else(|| panic!("{r} does not resolve in the OpenAPI document"));
    }
    v
}

fn type_fits(t: &str, v: &Value) -> bool {
    match t {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "string" => v.is_string(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => true,
    }
}

/// Checks `v` against `schema`; the error names where (`$.tickets[0].state`) and why.
fn check(doc: &Value, schema: &Value, v: &Value, at: &str) -> Result<(), String> {
    let s = resolve(doc, schema);
    let fail = |why: String| Err(format!("{at}: {why}"));
    match &s["type"] {
        Value::String(t) if !type_fits(t, v) => return fail(format!("not a {t}: {v}")),
        Value::Array(ts) if !ts.iter().any(|t| type_fits(t.as_str().unwrap_or(""), v)) => {
            return fail(format!("not one of {}: {v}", s["type"]))
        }
        _ => {}
    }
    if let Some(values) = s["enum"].as_array() {
        if !values.contains(v) {
            return fail(format!("{v} is not one of {}", s["enum"]));
        }
    }
    if let (Some(max), Some(text)) = (s["maxLength"].as_u64(), v.as_str()) {
        if text.chars().count() as u64 > max {
            return fail(format!("longer than {max}"));
        }
    }
    if let Some(n) = v.as_f64() {
        if s["minimum"].as_f64().is_some_and(|m| n < m)
            || s["maximum"].as_f64().is_some_and(|m| n > m)
        {
            return fail(format!("{n} is out of range"));
        }
    }
    for part in s["allOf"].as_array().into_iter().flatten() {
        check(doc, part, v, at)?;
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(options) = s[key].as_array() {
            let fitting = options
                .iter()
                .filter(|o| check(doc, o, v, at).is_ok())
                .count();
            let ok = if key == "oneOf" {
                fitting == 1
            } else {
                fitting > 0
            };
            if !ok {
                return fail(format!("{fitting} of the {key} alternatives fit {v}"));
            }
        }
    }
    if let Value::Object(fields) = v {
        for name in s["required"].as_array().into_iter().flatten() {
            let name = name.as_str().unwrap_or("");
            if !fields.contains_key(name) {
                return fail(format!("required field {name} is missing"));
            }
        }
        let properties = s["properties"].as_object();
        for (name, value) in fields {
            let here = format!("{at}.{name}");
            match properties.and_then(|p| p.get(name)) {
                Some(p) => check(doc, p, value, &here)?,
                None => match &s["additionalProperties"] {
                    Value::Bool(false) => return fail(format!("unexpected field {name}")),
                    extra @ Value::Object(_) => check(doc, extra, value, &here)?,
                    _ => {}
                },
            }
        }
    }
    if let Value::Array(items) = v {
        if s["maxItems"]
            .as_u64()
            .is_some_and(|m| items.len() as u64 > m)
        {
            return fail(format!("more than {} items", s["maxItems"]));
        }
        if let Some(item) = s.get("items").filter(|i| i.is_object()) {
            for (i, x) in items.iter().enumerate() {
                check(doc, item, x, &format!("{at}[{i}]"))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_ticket_answer_is_checked_against_its_schema() {
        let ticket = json!({
            "id": 1, "number": "P001", "service": "permanentie", "state": "waiting",
            "created_at": "2026-11-24T09:00:00Z", "queued_at": "2026-11-24T09:00:00Z",
            "position": 1, "estimated_wait_s": null, "desk": null, "status_token": "q7Xc2", "priority": false,
            "channel": "kiosk", "lang": "nl"
        });
        check_answer(&Method::POST, "/api/v1/tickets", 201, &ticket).unwrap();
        let mut wrong = ticket.clone();
        wrong["state"] = json!("asleep");
        let e = check_answer(&Method::POST, "/api/v1/tickets", 201, &wrong).unwrap_err();
        assert!(e.contains("$.state"), "{e}");
        let mut missing = ticket;
        missing.as_object_mut().unwrap().remove("number");
        assert!(check_answer(&Method::POST, "/api/v1/tickets", 201, &missing).is_err());
    }

    #[test]
    fn an_error_answer_must_be_the_error_shape() {
        let good = json!({"error": {"code": "not_found", "message": "ticket 9 not found"}});
        check_answer(&Method::GET, "/api/v1/status/abc", 404, &good).unwrap();
        let bad = json!({"message": "not found"});
        assert!(check_answer(&Method::GET, "/api/v1/status/abc", 404, &bad).is_err());
    }

    #[test]
    fn what_the_document_does_not_describe_is_not_checked() {
        assert!(check_answer(&Method::GET, "/nowhere", 200, &json!(1)).is_ok());
    }
}
