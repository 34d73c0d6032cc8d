//! How long a login must wait after failed attempts (OWASP ASVS 2.2.1).
//!
//! Per account: the first [`ACCOUNT`]`.free` wrong passwords cost nothing; after that each
//! wrong one makes the next attempt wait twice as long as the last (1 s, 2 s, 4 s … at most
//! 15 minutes), and while it waits not even the right password is checked. A successful login
//! starts the count again. Per client address the same, across all usernames (unknown ones
//! included) with a looser budget ([`ADDRESS`]), forgotten after an hour without failures,
//! so one office behind one address is not locked out by a few typing mistakes.
//!
//! Accounts keep their count in the database (every server instance sees it); addresses and
//! usernames without an account are counted in memory by [`Failures`].

use std::collections::HashMap;
use std::hash::Hash;

use chrono::{DateTime, Duration, Utc};

/// A budget of free failures, then doubling waits up to a cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Failed attempts in a row before the first wait.
    pub free: u32,
    /// The longest wait.
    pub cap: Duration,
    /// Failures this long ago are forgotten (`None`: only a success forgets them).
    pub forget_after: Option<Duration>,
}

/// Per account (and per username that has no account, so the two look alike).
pub const ACCOUNT: Rule = Rule {
    free: 5,
    cap: Duration::minutes(15),
    forget_after: None,
};

/// Per client address, across usernames.
pub const ADDRESS: Rule = Rule {
    free: 20,
    cap: Duration::minutes(15),
    forget_after: Some(Duration::hours(1)),
};

/// Per client address, wrong pairing codes of stations (`usecases/pairing.rs`): a station types
/// its code by hand, so a few mistakes are free; a guesser waits ever longer.
pub const PAIRING: Rule = Rule {
    free: 5,
    cap: Duration::minutes(15),
    forget_after: Some(Duration::hours(1)),
};

impl Rule {
    /// After `failures` failed attempts in a row, how long the next attempt waits (from the
    /// last failure); `None` while within the free budget.
    pub fn delay(&self, failures: u32) -> Option<Duration> {
        let over = failures.checked_sub(self.free)?;
        // 2^over seconds; from 2^10 on the cap (15 min) applies anyway.
        let secs = 1i64 << over.min(20);
        Some(Duration::seconds(secs).min(self.cap))
    }
}

/// The answer's `Retry-After`: whole seconds, at least 1.
pub fn retry_after_seconds(wait: Duration) -> i64 {
    ((wait.num_milliseconds() + 999) / 1000).max(1)
}

/// What a user who must wait is told, in plain Dutch (the desk app and dashboard show it).
pub fn wait_message(wait: Duration) -> String {
    let secs = retry_after_seconds(wait);
    let how_long = if secs < 60 {
        if secs == 1 {
            "1 seconde".to_string()
        } else {
            format!("{secs} seconden")
        }
    } else {
        let minutes = (secs + 59) / 60;
        if minutes == 1 {
            "1 minuut".to_string()
        } else {
            format!("{minutes} minuten")
        }
    };
    format!("Te veel mislukte pogingen om aan te melden. Wacht {how_long} en probeer dan opnieuw.")
}

/// The most keys a [`Failures`] table remembers; beyond it, keys that no longer wait are
/// dropped first, and a new key is not counted while every remembered one still waits (the
/// per-address count still applies to it).
pub const MAX_KEYS: usize = 10_000;

/// Failed attempts per key (an address, or a username without an account), in memory.
#[derive(Debug)]
pub struct Failures<K> {
    rule: Rule,
    entries: HashMap<K, Entry>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    failures: u32,
    last: DateTime<Utc>,
}

impl Entry {
    fn not_before(&self, rule: &Rule) -> Option<DateTime<Utc>> {
        rule.delay(self.failures).map(|d| self.last + d)
    }

    fn forgotten(&self, rule: &Rule, now: DateTime<Utc>) -> bool {
        rule.forget_after.is_some_and(|f| now - self.last >= f)
    }
}

impl<K: Hash + Eq + Clone> Failures<K> {
    pub fn new(rule: Rule) -> Failures<K> {
        Failures {
            rule,
            entries: HashMap::new(),
        }
    }

    /// How long `key` must still wait, if at all.
    pub fn wait(&self, key: &K, now: DateTime<Utc>) -> Option<Duration> {
        let e = self.entries.get(key)?;
        if e.forgotten(&self.rule, now) {
            return None;
        }
        e.not_before(&self.rule)
            .map(|at| at - now)
            .filter(|w| *w > Duration::zero())
    }

    /// Counts a failure; returns the failures in a row and the wait it starts, if any.
    pub fn failed(&mut self, key: &K, now: DateTime<Utc>) -> (u32, Option<Duration>) {
        if !self.entries.contains_key(key) && self.entries.len() >= MAX_KEYS {
            let rule = self.rule;
            self.entries.retain(|_, e| {
                !e.forgotten(&rule, now) && e.not_before(&rule).is_some_and(|at| at > now)
            });
            if self.entries.len() >= MAX_KEYS {
                return (0, None);
            }
        }
        let e = self.entries.entry(key.clone()).or_insert(Entry {
            failures: 0,
            last: now,
        });
        if e.forgotten(&self.rule, now) {
            e.failures = 0;
        }
        e.failures += 1;
        e.last = now;
        (e.failures, self.rule.delay(e.failures))
    }

    /// A success for `key`: its count starts again.
    pub fn succeeded(&mut self, key: &K) {
        self.entries.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + s, 0).unwrap()
    }

    #[test]
    fn waits_double_after_the_free_budget_up_to_fifteen_minutes() {
        let waits: Vec<Option<i64>> = (0..=17)
            .map(|f| ACCOUNT.delay(f).map(|d| d.num_seconds()))
            .collect();
        assert_eq!(waits[..5], [None, None, None, None, None]);
        assert_eq!(
            waits[5..],
            [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900].map(Some)
        );
        assert_eq!(ACCOUNT.delay(u32::MAX), Some(Duration::minutes(15)));
        assert_eq!(ADDRESS.delay(19), None);
        assert_eq!(ADDRESS.delay(20), Some(Duration::seconds(1)));
    }

    #[test]
    fn a_key_waits_from_its_last_failure_and_a_success_clears_it() {
        let mut f = Failures::new(ACCOUNT);
        let k = "someone".to_string();
        for i in 0..4 {
            assert_eq!(f.failed(&k, at(i)), (i as u32 + 1, None));
            assert_eq!(f.wait(&k, at(i)), None);
        }
        assert_eq!(f.failed(&k, at(10)), (5, Some(Duration::seconds(1))));
        assert_eq!(f.wait(&k, at(10)), Some(Duration::seconds(1)));
        assert_eq!(f.wait(&k, at(11)), None);
        assert_eq!(f.failed(&k, at(11)), (6, Some(Duration::seconds(2))));
        assert_eq!(f.wait(&k, at(12)), Some(Duration::seconds(1)));
        f.succeeded(&k);
        assert_eq!(f.wait(&k, at(12)), None);
        assert_eq!(f.failed(&k, at(12)), (1, None));
    }

    #[test]
    fn addresses_forget_failures_after_an_hour_without_one() {
        let mut f = Failures::new(ADDRESS);
        let k = 7i64;
        for i in 0..20 {
            f.failed(&k, at(i));
        }
        assert!(f.wait(&k, at(19)).is_some());
        assert_eq!(f.wait(&k, at(19 + 3600)), None);
        assert_eq!(f.failed(&k, at(19 + 3600)), (1, None));
    }

    #[test]
    fn the_table_stays_bounded() {
        let mut f = Failures::new(ADDRESS);
        for k in 0..MAX_KEYS as i64 {
            f.failed(&k, at(0));
        }
        // Nobody waits yet (one failure each), so room is made for a new key.
        assert_eq!(f.failed(&-1, at(1)), (1, None));
        assert!(f.entries.len() <= MAX_KEYS);
    }

    #[test]
    fn the_message_says_how_long_in_plain_dutch() {
        assert_eq!(
            wait_message(Duration::milliseconds(300)),
            "Te veel mislukte pogingen om aan te melden. Wacht 1 seconde en probeer dan opnieuw."
        );
        assert!(wait_message(Duration::seconds(4)).contains("Wacht 4 seconden"));
        assert!(wait_message(Duration::seconds(61)).contains("Wacht 2 minuten"));
        assert!(wait_message(Duration::minutes(15)).contains("Wacht 15 minuten"));
        assert_eq!(retry_after_seconds(Duration::milliseconds(1001)), 2);
    }
}
