//! Who is asking: the client's address, as the limits per address see it (the visitor's status
//! page, online booking, the login throttle).
//!
//! The TCP peer; but behind a reverse proxy on the same machine (a loopback peer, as nginx in
//! front of the server for HTTPS), the last entry of `X-Forwarded-For`, which that proxy
//! appends: otherwise every phone in the waiting room would share the proxy's one budget. A
//! remote peer's `X-Forwarded-For` is ignored, since anyone can write that header.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

/// The client's address (absent only when the router is served without connection info, as in
/// unit tests of the router).
pub struct ClientAddr(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        let forwarded = || {
            let v = parts.headers.get("x-forwarded-for")?.to_str().ok()?;
            v.rsplit(',').next()?.trim().parse::<IpAddr>().ok()
        };
        Ok(ClientAddr(match peer {
            Some(ip) if ip.is_loopback() => forwarded().or(Some(ip)),
            other => other,
        }))
    }
}

/// The limiter key of an address: IPv4 as is (also written IPv4-mapped), IPv6 by its /64 (one
/// subscriber's network: a phone may use many addresses of its own /64), the two never equal.
pub fn address_key(ip: IpAddr) -> i64 {
    match ip.to_canonical() {
        IpAddr::V4(v4) => i64::from(u32::from(v4)),
        IpAddr::V6(v6) => ((u128::from(v6) >> 64) as i64) | i64::MIN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_keys() {
        let a: IpAddr = "192.0.2.7".parse().unwrap();
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(address_key(a), address_key(mapped));
        let x: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let y: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        let z: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(address_key(x), address_key(y));
        assert_ne!(address_key(x), address_key(z));
        assert_ne!(address_key(x), address_key(a));
    }
}
