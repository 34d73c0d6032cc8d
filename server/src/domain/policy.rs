//! The "call next" policy: which waiting visitor a desk gets when it presses "call next".
//!
//! The rule, in order:
//! 1. **Priority tickets first** (reduced mobility, crisis — given at the desk with a reason).
//! 2. Then visitors sent **to this desk or this staff member** by a transfer.
//! 3. Then, among all services of the desk's profile, the visitor who is **most overdue
//!    relative to their service's target wait**: `waited ÷ target`. With equal targets this is
//!    plain first-come-first-served across services, so no service starves another; a service
//!    with a short target (e.g. a 10-minute ID-team) is served proportionally sooner.
//! 4. Ties go to the earlier arrival, then the lower ticket id.
//!
//! Arrival time is the original one: a transferred visitor does not go to the back.

use std::cmp::Ordering;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub ticket_id: i64,
    pub priority: bool,
    /// Sent to this desk or staff member specifically.
    pub personal: bool,
    /// Arrival time (ms since the epoch), kept across transfers.
    pub queued_at_ms: i64,
    /// The target wait of the ticket's service, in seconds (> 0).
    pub target_wait_s: i64,
}

impl Candidate {
    fn overdue(&self, now_ms: i64) -> f64 {
        let waited = (now_ms - self.queued_at_ms).max(0) as f64;
        waited / (self.target_wait_s.max(1) as f64 * 1000.0)
    }
}

/// Orders two candidates: `Less` means `a` is called before `b`.
pub fn compare(a: &Candidate, b: &Candidate, now_ms: i64) -> Ordering {
    b.priority
        .cmp(&a.priority)
        .then(b.personal.cmp(&a.personal))
        .then(
            b.overdue(now_ms)
                .partial_cmp(&a.overdue(now_ms))
                .unwrap_or(Ordering::Equal),
        )
        .then(a.queued_at_ms.cmp(&b.queued_at_ms))
        .then(a.ticket_id.cmp(&b.ticket_id))
}

/// The ticket to call next, or `None` when nobody waits for this desk.
pub fn pick_next(candidates: &[Candidate], now_ms: i64) -> Option<i64> {
    candidates
        .iter()
        .min_by(|a, b| compare(a, b, now_ms))
        .map(|c| c.ticket_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn c(id: i64, queued: i64, target: i64) -> Candidate {
        Candidate {
            ticket_id: id,
            priority: false,
            personal: false,
            queued_at_ms: queued,
            target_wait_s: target,
        }
    }

    #[test]
    fn empty_queue_calls_nobody() {
        assert_eq!(pick_next(&[], 0), None);
    }

    #[test]
    fn first_come_first_served_with_equal_targets() {
        let now = 3_600_000;
        let q = [
            c(3, 300_000, 1200),
            c(1, 100_000, 1200),
            c(2, 200_000, 1200),
        ];
        assert_eq!(pick_next(&q, now), Some(1));
    }

    #[test]
    fn priority_then_personal_then_overdue() {
        let now = 3_600_000;
        let mut p = c(9, 3_000_000, 1200);
        p.priority = true;
        let mut mine = c(8, 2_000_000, 1200);
        mine.personal = true;
        let old = c(1, 0, 1200);
        assert_eq!(
            pick_next(&[old.clone(), mine.clone(), p.clone()], now),
            Some(9)
        );
        assert_eq!(pick_next(&[old.clone(), mine.clone()], now), Some(8));
        // A visitor of a 10-minute service waiting 8 minutes (0.8) is more overdue than one of a
        // 30-minute service waiting 15 minutes (0.5).
        let short = c(5, now - 8 * 60_000, 600);
        let long = c(6, now - 15 * 60_000, 1800);
        assert_eq!(pick_next(&[long, short], now), Some(5));
    }

    proptest! {
        #[test]
        fn the_pick_is_a_candidate_and_respects_priority(
            raw in proptest::collection::vec((0i64..1000, any::<bool>(), any::<bool>(), 0i64..3_600_000, 60i64..3600), 1..40)
        ) {
            let now = 3_600_000;
            let cands: Vec<Candidate> = raw.iter().enumerate().map(|(i, (_, prio, pers, q, t))| Candidate {
                ticket_id: i as i64, priority: *prio, personal: *pers, queued_at_ms: *q, target_wait_s: *t,
            }).collect();
            let picked = pick_next(&cands, now).unwrap();
            let p = cands.iter().find(|c| c.ticket_id == picked).unwrap();
            if cands.iter().any(|c| c.priority) { prop_assert!(p.priority); }
            // No candidate sorts strictly before the pick.
            for other in &cands {
                prop_assert!(compare(other, p, now) != Ordering::Less);
            }
        }
    }
}
