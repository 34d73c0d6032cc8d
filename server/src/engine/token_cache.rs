//! Who holds a bearer token, remembered for a few seconds.
//!
//! Every API request names its caller by token, and looking a token up is a round trip to the
//! database: about a tenth of a ticket's time on SQLite and more on PostgreSQL, paid again by
//! every request of a busy desk or kiosk. A token's holder changes rarely, and in ways the
//! server sees: a logout ends a session (forgotten here at once, and on every instance of a
//! PostgreSQL database through `instances.rs`), and a session runs out (checked at every use
//! against the end remembered with it). An account disabled in the app ends its sessions the
//! same way; one disabled by another process is found by `usecases/accounts.rs` within
//! seconds. What the server cannot see, such as an account changed by hand in the database or
//! another instance starting with changed roles, takes effect within [`TTL`].
//!
//! Unknown tokens are not remembered: a token made a moment ago by another process works at
//! once, and guessing tokens cannot fill memory.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::domain::roles::Principal;

/// How long a token's holder is taken from memory before the database is asked again.
pub(crate) const TTL: Duration = Duration::from_secs(10);

/// More tokens than a city's stations and staff hold at once; past it, the oldest go.
const MAX_ENTRIES: usize = 4096;

/// A token's holder, as the database gave it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Holder {
    pub principal: Principal,
    /// When a staff session ends; `None` for a device.
    pub session_ends: Option<DateTime<Utc>>,
    /// The staff member must change their one-time password before anything else.
    pub must_change_password: bool,
}

#[derive(Default)]
pub(crate) struct TokenCache {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// By token hash: the holder and when the read that found it began.
    entries: HashMap<String, (Holder, Instant)>,
    /// How many times tokens were forgotten: a read begun before a forget may have seen the
    /// session it ended, so it is not remembered.
    forgets: u64,
}

impl TokenCache {
    fn inner(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().expect("token cache lock")
    }

    /// The holder of this token hash, if a read begun less than [`TTL`] before `at` found it.
    pub fn get(&self, hash: &str, at: Instant) -> Option<Holder> {
        let inner = self.inner();
        let (holder, read_at) = inner.entries.get(hash)?;
        (at.saturating_duration_since(*read_at) < TTL).then(|| holder.clone())
    }

    /// To be taken before reading a token from the database and handed to [`Self::remember`].
    pub fn generation(&self) -> u64 {
        self.inner().forgets
    }

    /// Remembers what a read begun at `read_at`, when the generation was `generation`, found;
    /// unless a token was forgotten since, as the read may have seen a session that has ended.
    pub fn remember(&self, hash: String, holder: Holder, generation: u64, read_at: Instant) {
        let mut inner = self.inner();
        if inner.forgets != generation {
            return;
        }
        if inner.entries.len() >= MAX_ENTRIES && !inner.entries.contains_key(&hash) {
            inner
                .entries
                .retain(|_, (_, at)| read_at.saturating_duration_since(*at) < TTL);
            if inner.entries.len() >= MAX_ENTRIES {
                inner.entries.clear();
            }
        }
        inner.entries.insert(hash, (holder, read_at));
    }

    /// Forgets one token: its session has ended.
    pub fn forget(&self, hash: &str) {
        let mut inner = self.inner();
        inner.forgets += 1;
        inner.entries.remove(hash);
    }

    /// Forgets every token: logouts elsewhere may have gone unheard.
    pub fn forget_all(&self) {
        let mut inner = self.inner();
        inner.forgets += 1;
        inner.entries.clear();
    }
}

impl super::Store {
    /// A session has ended by a logout, here or on another instance: its token is forgotten
    /// and its WebSockets on this server are told.
    pub(crate) fn session_ended(&self, hash: &str) {
        self.tokens.forget(hash);
        // Nobody listening (no socket open) is fine.
        let _ = self.ended_sessions.send(hash.to_string());
    }

    /// The hashes of sessions ended by a logout (on this server or, with PostgreSQL, another
    /// one on the same database), as they end.
    pub fn ended_sessions(&self) -> tokio::sync::broadcast::Receiver<String> {
        self.ended_sessions.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::roles::DeviceKind;

    fn kiosk(id: i64) -> Holder {
        Holder {
            principal: Principal::Device {
                id,
                kind: DeviceKind::Kiosk,
                location_id: 1,
            },
            session_ends: None,
            must_change_password: false,
        }
    }

    #[test]
    fn a_holder_is_remembered_for_the_ttl_only() {
        let cache = TokenCache::default();
        let t0 = Instant::now();
        assert_eq!(cache.get("a", t0), None);
        cache.remember("a".into(), kiosk(1), cache.generation(), t0);
        assert_eq!(cache.get("a", t0 + TTL / 2), Some(kiosk(1)));
        assert_eq!(cache.get("a", t0 + TTL), None);
        assert_eq!(cache.get("b", t0), None);
    }

    #[test]
    fn a_read_begun_before_a_logout_is_not_remembered() {
        let cache = TokenCache::default();
        let t0 = Instant::now();
        let generation = cache.generation();
        // The logout of some session lands while the read is under way.
        cache.forget("other");
        cache.remember("a".into(), kiosk(1), generation, t0);
        assert_eq!(cache.get("a", t0), None);
        // A read begun after it is.
        cache.remember("a".into(), kiosk(1), cache.generation(), t0);
        assert_eq!(cache.get("a", t0), Some(kiosk(1)));
        cache.forget("a");
        assert_eq!(cache.get("a", t0), None);
    }

    #[test]
    fn forgetting_all_empties_it() {
        let cache = TokenCache::default();
        let t0 = Instant::now();
        cache.remember("a".into(), kiosk(1), cache.generation(), t0);
        cache.remember("b".into(), kiosk(2), cache.generation(), t0);
        cache.forget_all();
        assert_eq!(cache.get("a", t0), None);
        assert_eq!(cache.get("b", t0), None);
    }

    #[test]
    fn it_stays_bounded() {
        let cache = TokenCache::default();
        let t0 = Instant::now();
        for i in 0..MAX_ENTRIES as i64 {
            cache.remember(format!("old{i}"), kiosk(i), cache.generation(), t0);
        }
        // Past the bound, the entries older than the TTL make room.
        let later = t0 + TTL;
        cache.remember("new".into(), kiosk(0), cache.generation(), later);
        assert_eq!(cache.inner().entries.len(), 1);
        assert_eq!(cache.get("new", later), Some(kiosk(0)));
        // If they are all fresh, they all go.
        for i in 1..MAX_ENTRIES as i64 {
            cache.remember(format!("fresh{i}"), kiosk(i), cache.generation(), later);
        }
        cache.remember("newest".into(), kiosk(0), cache.generation(), later);
        assert_eq!(cache.inner().entries.len(), 1);
    }
}
