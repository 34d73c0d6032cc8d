//! Rate-limit windows: "at most `max` in any `window`", and their written form
//! (`"5/15s,20/60s"`, `"off"`) as the command line and the configuration file spell them.
//!
//! Pure values with no clock or table: the limiter that counts requests against them lives
//! with the HTTP routes (`http/ratelimit.rs`), while the configuration file and the program's
//! flags only need to read and check the windows.

use std::net::IpAddr;

use chrono::Duration;

/// One window: at most `max` requests (tickets, bookings, …) in any `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub max: usize,
    pub window: Duration,
}

/// Parses `"2/5s,6/60s"` (seconds, minutes or hours: `6/1m`, `10/24h`) or `"off"` (no windows).
pub fn parse_limits(s: &str) -> Option<Vec<Window>> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("off") {
        return Some(Vec::new());
    }
    s.split(',')
        .map(|part| {
            let (max, per) = part.trim().split_once('/')?;
            let max: usize = max.trim().parse().ok()?;
            let per = per.trim();
            let window = if let Some(n) = per.strip_suffix('s') {
                Duration::seconds(n.parse().ok()?)
            } else if let Some(n) = per.strip_suffix('m') {
                Duration::minutes(n.parse().ok()?)
            } else if let Some(n) = per.strip_suffix('h') {
                Duration::hours(n.parse().ok()?)
            } else {
                return None;
            };
            (max > 0 && window > Duration::zero()).then_some(Window { max, window })
        })
        .collect()
}

/// The key a client address is counted under, by every limit and by the login throttle: IPv4 as
/// is (also written IPv4-mapped), IPv6 by its /64 (one subscriber's network: a phone may use many
/// addresses of its own /64), the two never equal.
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

    #[test]
    fn windows_parse() {
        assert_eq!(
            parse_limits("2/5s,6/60s"),
            Some(vec![
                Window {
                    max: 2,
                    window: Duration::seconds(5)
                },
                Window {
                    max: 6,
                    window: Duration::seconds(60)
                }
            ])
        );
        assert_eq!(
            parse_limits("6/1m"),
            Some(vec![Window {
                max: 6,
                window: Duration::minutes(1)
            }])
        );
        assert_eq!(
            parse_limits(" 10/24h "),
            Some(vec![Window {
                max: 10,
                window: Duration::hours(24)
            }])
        );
        assert_eq!(parse_limits("off"), Some(vec![]));
        assert_eq!(parse_limits("OFF"), Some(vec![]));
        assert_eq!(parse_limits("six per minute"), None);
        assert_eq!(parse_limits("0/5s"), None);
        assert_eq!(parse_limits("3/0s"), None);
        assert_eq!(parse_limits("3/10d"), None);
    }
}
