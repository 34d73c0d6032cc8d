//! How fast one kiosk may issue tickets: a child pressing the button fifty times must not
//! flood the queue, while a family taking two tickets and a busy opening hour still work.
//!
//! The rule is a set of sliding windows per kiosk device, all of which must have room.
//! The program's default (`--kiosk-ticket-limit`, server/src/main.rs) is **at most 5 new
//! tickets in any 15 seconds and 20 in any 60 seconds**: a family takes 3–4 tickets in a row,
//! and a crowd at a busy permanentie passes at one visitor every 10–15 s at best (language,
//! question, topic), so real people stay under it while a child pressing the button fifty
//! times is stopped after five. The ticket over the limit gets `429 too_many_tickets` with
//! `Retry-After`, and the kiosk tells the visitor how many seconds to wait.
//!
//! Only tickets that are really created count. An idempotent retry (same `Idempotency-Key`)
//! returns the existing ticket and costs nothing, even while the kiosk is limited; a request
//! the store refuses (closed service, …) gives its slot back. A slot is *reserved* before the
//! store is asked, so concurrent requests cannot slip through together.
//!
//! Time comes from the server's clock (so tests with a manual clock are deterministic).
//! `--kiosk-ticket-limit` / `ONTHAAL_KIOSK_TICKET_LIMIT` sets the windows: `"5/15s,20/60s"`
//! (the default), `"10/60s"`, or `"off"`. Staff issuing at a desk are not limited.
//! The windows and their written form are plain values, in `domain/rate_limit.rs`.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};

use super::error::ApiError;
use super::AppState;
use crate::domain::rate_limit::Window;

/// Tight windows, 2 per 5 s and 6 per minute, that the tests use to reach the limit in a few
/// tickets; the program's default is wider (see the module's documentation).
pub const DEFAULT: [Window; 2] = [
    Window {
        max: 2,
        window: Duration::seconds(5),
    },
    Window {
        max: 6,
        window: Duration::seconds(60),
    },
];

/// The kiosks' recent tickets, per device, for one server.
pub struct RateLimiter {
    limits: Vec<Window>,
    inner: Mutex<Table>,
}

#[derive(Default)]
struct Table {
    /// Per device: when each counted ticket (or pending reservation) was issued, oldest first.
    issued: HashMap<i64, VecDeque<(u64, DateTime<Utc>)>>,
    next_id: u64,
}

/// A slot taken for one ticket; [`RateLimiter::release`] gives it back when no ticket was
/// created. Dropping it keeps the slot (the ticket counted).
pub struct Reservation {
    device: i64,
    id: u64,
}

impl RateLimiter {
    pub fn new(limits: Vec<Window>) -> RateLimiter {
        RateLimiter {
            limits,
            inner: Mutex::default(),
        }
    }

    pub fn release(&self, r: Reservation) {
        let mut t = self.inner.lock().expect("rate limit table");
        if let Some(q) = t.issued.get_mut(&r.device) {
            q.retain(|(id, _)| *id != r.id);
        }
    }

    /// Takes a slot for a new ticket of `device`, or says how long to wait.
    pub fn reserve(&self, device: i64, now: DateTime<Utc>) -> Result<Reservation, ApiError> {
        let longest = self.longest();
        let mut t = self.inner.lock().expect("rate limit table");
        // Keys that saw nothing within the longest window are forgotten, so a limiter keyed by
        // client address (online booking) does not grow with every address ever seen.
        t.forget_idle(now, longest, 4097);
        t.next_id += 1;
        let id = t.next_id;
        let issued = t.issued.entry(device).or_default();
        while issued.front().is_some_and(|(_, at)| now - *at >= longest) {
            issued.pop_front();
        }
        let mut wait = Duration::zero();
        for w in &self.limits {
            let recent: Vec<DateTime<Utc>> = issued
                .iter()
                .map(|(_, at)| *at)
                .filter(|at| now - *at < w.window)
                .collect();
            if recent.len() >= w.max {
                // Room comes back when the oldest ticket that fills this window leaves it.
                let oldest = recent[recent.len() - w.max];
                wait = wait.max(oldest + w.window - now);
            }
        }
        if wait > Duration::zero() {
            let retry_after_s = ((wait.num_milliseconds() + 999) / 1000).max(1);
            return Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_tickets",
                format!("this kiosk issued many tickets in a short time; try again in {retry_after_s} s"),
            )
            .retry_after(retry_after_s));
        }
        issued.push_back((id, now));
        Ok(Reservation { device, id })
    }
}

impl RateLimiter {
    /// Forgets keys with nothing in any window any more, once there are many of them: a limiter
    /// keyed by client address (the status page) meets new keys all day long.
    pub fn forget_idle(&self, now: DateTime<Utc>) {
        let longest = self.longest();
        self.inner
            .lock()
            .expect("rate limit table")
            .forget_idle(now, longest, 1024);
    }

    /// The longest of the windows: a key with nothing within it is limited by none.
    fn longest(&self) -> Duration {
        self.limits
            .iter()
            .map(|w| w.window)
            .max()
            .unwrap_or_else(Duration::zero)
    }
}

impl Table {
    /// Forgets the keys with nothing within `longest` of `now`, once there are `many` keys.
    fn forget_idle(&mut self, now: DateTime<Utc>, longest: Duration, many: usize) {
        if self.issued.len() >= many {
            self.issued
                .retain(|_, q| q.back().is_some_and(|(_, at)| now - *at < longest));
        }
    }
}

/// True when `device` already has a ticket for this `Idempotency-Key`: the store will return
/// that ticket, so the retry is answered even while the kiosk is limited.
pub async fn is_retry(state: &AppState, device: i64, key: &str) -> bool {
    match state.store.is_retry(device, key).await {
        Ok(retry) => retry,
        Err(e) => {
            tracing::warn!(error = %e, "could not look up an idempotency key");
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rate_limit::parse_limits;
    use chrono::TimeZone;

    #[test]
    fn the_tight_test_windows_are_two_per_five_seconds_and_six_per_minute() {
        assert_eq!(parse_limits("2/5s,6/60s"), Some(DEFAULT.to_vec()));
    }

    #[test]
    fn two_per_five_seconds_and_six_per_minute() {
        let limiter = RateLimiter::new(DEFAULT.to_vec());
        let t0 = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let at = |s: i64| t0 + Duration::seconds(s);
        assert!(limiter.reserve(1, at(0)).is_ok());
        assert!(limiter.reserve(1, at(1)).is_ok());
        let e = limiter.reserve(1, at(2)).err().unwrap();
        assert_eq!(e.retry_after, Some(3));
        // Another kiosk is not affected.
        assert!(limiter.reserve(2, at(2)).is_ok());
        // A released slot (no ticket created) is given back.
        assert!(limiter.reserve(3, at(0)).is_ok());
        limiter.release(limiter.reserve(3, at(0)).unwrap());
        assert!(limiter.reserve(3, at(0)).is_ok());
        for s in [5, 6, 10, 11] {
            assert!(limiter.reserve(1, at(s)).is_ok(), "at {s}");
        }
        // Six in the minute: the next has to wait until the first leaves the window.
        let e = limiter.reserve(1, at(20)).err().unwrap();
        assert_eq!(e.retry_after, Some(40));
        assert!(limiter.reserve(1, at(60)).is_ok());
    }

    #[test]
    fn idle_keys_are_forgotten() {
        let limiter = RateLimiter::new(DEFAULT.to_vec());
        let t0 = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        for key in 0..5000 {
            assert!(limiter.reserve(key, t0).is_ok());
        }
        let later = t0 + Duration::minutes(2);
        assert!(limiter.reserve(-1, later).is_ok());
        assert_eq!(limiter.inner.lock().unwrap().issued.len(), 1);
    }
}
