//! Who is asking, and how they reached us: the client's address, as the limits per address see
//! it (the visitor's status page, online booking, the login throttle), and whether they came
//! over HTTPS (the `Secure` cookie, HSTS, the origin check).
//!
//! The client is the TCP peer, unless that peer is a trusted reverse proxy (loopback, as nginx
//! on the same machine, and `[server] trusted_proxies`): then `X-Forwarded-For` is read from
//! the right, where each proxy appends the address it saw, past every trusted hop; the first
//! address that is not a trusted proxy is the client. Otherwise every phone in the waiting
//! room would share the proxy's one budget. Entries left of that are the client's own words
//! and never count, nor does the header of a peer that is not trusted: anyone can write it.
//!
//! The scheme likewise: HTTPS when the server serves TLS itself, or when a trusted proxy says
//! `X-Forwarded-Proto: https` (its last value: the one that proxy set).

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{Extensions, HeaderMap};

use super::AppState;
use crate::config::TrustedProxies;

/// How requests reach this server.
#[derive(Debug, Clone, Default)]
pub struct Transport {
    /// The server serves HTTPS itself (`--tls-cert`).
    pub tls: bool,
    /// Whose forwarding headers count, besides loopback.
    pub trusted_proxies: TrustedProxies,
}

impl Transport {
    /// The client's address for a request from `peer` (see the module's docs).
    pub fn client_ip(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Option<IpAddr> {
        let mut client = peer?;
        if !self.trusted_proxies.trusts(client) {
            return Some(client);
        }
        for hop in list(headers, "x-forwarded-for").rev() {
            match hop.parse::<IpAddr>() {
                Ok(ip) => {
                    client = ip;
                    if !self.trusted_proxies.trusts(ip) {
                        break;
                    }
                }
                // Garbage in the chain: the last proxy that wrote a real address is the
                // client as far as we can tell.
                Err(_) => break,
            }
        }
        Some(client)
    }

    /// Whether the browser reached the server over HTTPS (see the module's docs).
    pub fn is_https(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> bool {
        self.tls
            || (peer.is_some_and(|p| self.trusted_proxies.trusts(p))
                && list(headers, "x-forwarded-proto")
                    .next_back()
                    .is_some_and(|p| p.eq_ignore_ascii_case("https")))
    }

    /// [`Transport::is_https`] for a request's parts.
    pub fn request_is_https(&self, parts: &Parts) -> bool {
        self.is_https(peer(&parts.extensions), &parts.headers)
    }
}

/// The values of a comma-separated header, over all its lines, in order.
fn list<'a>(
    headers: &'a HeaderMap,
    name: &'static str,
) -> impl DoubleEndedIterator<Item = &'a str> {
    headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .into_iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// The TCP peer, from a request's extensions (absent only when the router is served without
/// connection info, as in unit tests of the router).
pub fn peer(extensions: &Extensions) -> Option<IpAddr> {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
}

/// The client's address.
pub struct ClientAddr(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        Ok(ClientAddr(
            state
                .transport
                .client_ip(peer(&parts.extensions), &parts.headers),
        ))
    }
}

/// Whether this request came over HTTPS.
pub struct Https(pub bool);

impl FromRequestParts<AppState> for Https {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        Ok(Https(state.transport.request_is_https(parts)))
    }
}

/// The limiter key of an address: one rule for every limit (see the domain).
pub use crate::domain::rate_limit::address_key;

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, v.parse().unwrap());
        }
        h
    }

    fn behind(proxies: &str) -> Transport {
        Transport {
            tls: false,
            trusted_proxies: TrustedProxies::parse_list(proxies).unwrap(),
        }
    }

    #[test]
    fn forwarded_for_counts_only_from_trusted_proxies_walked_from_the_right() {
        let t = behind("10.0.0.5, 10.1.0.0/16");
        let xff = |v: &str| headers(&[("x-forwarded-for", v)]);
        // A peer that is no proxy: its header is its own word.
        let from = |peer: &str, h: &HeaderMap| t.client_ip(Some(ip(peer)), h);
        assert_eq!(
            from("192.0.2.9", &xff("198.51.100.1")),
            Some(ip("192.0.2.9"))
        );
        // Loopback (nginx on the machine) and the configured proxies are trusted.
        assert_eq!(
            from("127.0.0.1", &xff("198.51.100.1")),
            Some(ip("198.51.100.1"))
        );
        assert_eq!(
            from("10.0.0.5", &xff("198.51.100.1")),
            Some(ip("198.51.100.1"))
        );
        // A chain: the client's own entry (left) is skipped, trusted hops are walked past.
        assert_eq!(
            from("10.0.0.5", &xff("6.6.6.6, 198.51.100.1, 10.1.4.4")),
            Some(ip("198.51.100.1"))
        );
        // Two header lines are one list.
        let two = headers(&[
            ("x-forwarded-for", "6.6.6.6"),
            ("x-forwarded-for", "198.51.100.1, 10.1.4.4"),
        ]);
        assert_eq!(from("10.0.0.5", &two), Some(ip("198.51.100.1")));
        // An untrusted proxy in the chain ends the walk: it is the client.
        assert_eq!(
            from("10.0.0.5", &xff("198.51.100.1, 203.0.113.7")),
            Some(ip("203.0.113.7"))
        );
        // Garbage stops the walk at the last real address; no header: the peer.
        assert_eq!(
            from("10.0.0.5", &xff("nonsense, 10.1.0.9")),
            Some(ip("10.1.0.9"))
        );
        assert_eq!(from("10.0.0.5", &HeaderMap::new()), Some(ip("10.0.0.5")));
        assert_eq!(t.client_ip(None, &xff("198.51.100.1")), None);
    }

    #[test]
    fn https_is_the_servers_own_tls_or_a_trusted_proxys_word() {
        let t = behind("10.0.0.5");
        let https = headers(&[("x-forwarded-proto", "https")]);
        assert!(t.is_https(Some(ip("10.0.0.5")), &https));
        assert!(t.is_https(Some(ip("::1")), &https));
        assert!(!t.is_https(Some(ip("192.0.2.9")), &https));
        assert!(!t.is_https(Some(ip("10.0.0.5")), &HeaderMap::new()));
        // The last value is the one the trusted proxy set.
        let chain = headers(&[("x-forwarded-proto", "https, http")]);
        assert!(!t.is_https(Some(ip("10.0.0.5")), &chain));
        let own = Transport {
            tls: true,
            ..Transport::default()
        };
        assert!(own.is_https(Some(ip("192.0.2.9")), &HeaderMap::new()));
    }
}
