//! The "call next" policy: which waiting visitor a desk gets when it presses "call next".
//!
//! The rule, in order:
//! 1. **Priority tickets first** (reduced mobility, crisis — given at the desk with a reason).
//! 2. Then **appointments that are due**: a checked-in appointment's ticket carries its slot
//!    start as its arrival time and becomes a candidate [`APPOINTMENT_LEAD_MS`] (5 minutes)
//!    before that time; from then on it goes before every walk-in of the social worker's (or
//!    room's) profile, earliest slot first. Before that it is not called at all, so a visitor
//!    who arrives early waits for their slot instead of jumping the walk-in queue, and a
//!    walk-in is never overtaken by an appointment that is not yet due.
//! 3. Then visitors sent **to this desk or this staff member** by a transfer.
//! 4. Then, among all services of the desk's profile, the visitor who is **most overdue
//!    relative to their service's target wait**: `waited ÷ target`. With equal targets this is
//!    plain first-come-first-served across services, so no service starves another; a service
//!    with a short target (e.g. a 10-minute ID-team) is served proportionally sooner.
//! 5. Ties go to the earlier arrival, then the lower ticket id.
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
    /// A checked-in appointment: `queued_at_ms` is its slot start.
    pub appointment: bool,
}

/// How long before its slot an appointment may be called.
pub const APPOINTMENT_LEAD_MS: i64 = 5 * 60 * 1000;

impl Candidate {
    /// An appointment may be called from shortly before its slot; anyone else at once.
    pub fn callable(&self, now_ms: i64) -> bool {
        !self.appointment || self.queued_at_ms - APPOINTMENT_LEAD_MS <= now_ms
    }

    fn overdue(&self, now_ms: i64) -> f64 {
        let waited = (now_ms - self.queued_at_ms).max(0) as f64;
        waited / (self.target_wait_s.max(1) as f64 * 1000.0)
    }
}

/// Orders two candidates: `Less` means `a` is called before `b`.
pub fn compare(a: &Candidate, b: &Candidate, now_ms: i64) -> Ordering {
    b.priority
        .cmp(&a.priority)
        .then(b.appointment.cmp(&a.appointment))
        .then(b.personal.cmp(&a.personal))
        .then(
            b.overdue(now_ms)
                .partial_cmp(&a.overdue(now_ms))
                .unwrap_or(Ordering::Equal),
        )
        .then(a.queued_at_ms.cmp(&b.queued_at_ms))
        .then(a.ticket_id.cmp(&b.ticket_id))
}

/// The ticket to call next, or `None` when nobody waits for this desk (appointments not yet
/// due do not count).
pub fn pick_next(candidates: &[Candidate], now_ms: i64) -> Option<i64> {
    candidates
        .iter()
        .filter(|c| c.callable(now_ms))
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
            appointment: false,
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

    #[test]
    fn a_due_appointment_goes_before_walk_ins_but_after_priority() {
        let slot = 3_600_000;
        let mut appt = c(7, slot, 300);
        appt.appointment = true;
        appt.personal = true;
        let walk_in = c(1, 0, 1200);
        let mut mine = c(2, 100, 1200);
        mine.personal = true;
        // Ten minutes before the slot: not yet; the walk-ins are served meanwhile.
        let before = slot - 10 * 60_000;
        assert_eq!(pick_next(&[appt.clone(), walk_in.clone()], before), Some(1));
        assert_eq!(pick_next(std::slice::from_ref(&appt), before), None);
        // Five minutes before and later: the appointment, even over long-waiting walk-ins
        // and visitors transferred to this social worker.
        for now in [slot - 5 * 60_000, slot, slot + 20 * 60_000] {
            assert_eq!(
                pick_next(&[walk_in.clone(), mine.clone(), appt.clone()], now),
                Some(7)
            );
        }
        let mut urgent = c(9, slot, 1200);
        urgent.priority = true;
        assert_eq!(pick_next(&[appt.clone(), urgent], slot), Some(9));
        // Two due appointments: the earlier slot first.
        let mut later = appt.clone();
        later.ticket_id = 8;
        later.queued_at_ms = slot + 60_000;
        assert_eq!(pick_next(&[later, appt], slot + 120_000), Some(7));
    }

    proptest! {
        #[test]
        fn the_pick_is_a_candidate_and_respects_priority(
            raw in proptest::collection::vec((0i64..1000, any::<bool>(), any::<bool>(), 0i64..3_600_000, 60i64..3600), 1..40)
        ) {
            let now = 3_600_000;
            let cands: Vec<Candidate> = raw.iter().enumerate().map(|(i, (_, prio, pers, q, t))| Candidate {
                ticket_id: i as i64, priority: *prio, personal: *pers, queued_at_ms: *q, target_wait_s: *t,
                appointment: false,
            }).collect();
            let picked = pick_next(&cands, now).unwrap();
            let p = cands.iter().find(|c| c.ticket_id == picked).unwrap();
            if cands.iter().any(|c| c.priority) { prop_assert!(p.priority); }
            // No candidate sorts strictly before the pick.
            for other in &cands {
                prop_assert!(compare(other, p, now) != Ordering::Less);
            }
        }

        /// An appointment is never called before it is due, and a due one goes before every
        /// candidate that is not a priority ticket.
        #[test]
        fn appointments_wait_for_their_slot_then_go_first(
            raw in proptest::collection::vec((any::<bool>(), any::<bool>(), any::<bool>(), 0i64..7_200_000, 60i64..3600), 1..40)
        ) {
            let now = 3_600_000;
            let cands: Vec<Candidate> = raw.iter().enumerate().map(|(i, (prio, pers, appt, q, t))| Candidate {
                ticket_id: i as i64, priority: *prio && !*appt, personal: *pers || *appt, queued_at_ms: *q,
                target_wait_s: *t, appointment: *appt,
            }).collect();
            match pick_next(&cands, now) {
                None => prop_assert!(cands.iter().all(|c| !c.callable(now))),
                Some(id) => {
                    let p = &cands[id as usize];
                    prop_assert!(p.callable(now));
                    let due = cands.iter().any(|c| c.appointment && c.callable(now));
                    if due && !cands.iter().any(|c| c.priority) {
                        prop_assert!(p.appointment);
                    }
                }
            }
        }
    }
}
