//! The ticket state machine: which action may move a ticket from which state, and where to.
//!
//! ```text
//!   waiting ──call──▶ called ──start──▶ serving ──finish──▶ done
//!      ▲  │            │  ▲ recall        │
//!      │  └─cancel─┐   ├──no-show──▶ no_show
//!      │           ▼   └─cancel──▶ cancelled
//!      └──── transfer (from waiting, called or serving) / return (from called or no_show)
//! ```
//! An illegal move is an error the caller reports (HTTP 409), never a panic.

use crate::domain::events::EventKind;
use onthaal_wire::TicketState;

/// Something staff (or the visitor, for `Cancel`) does to a ticket.
/// The fixed reasons a desk may give a priority ticket; anything else is refused.
pub const PRIORITY_REASONS: [&str; 4] =
    ["reduced_mobility", "crisis", "health", "accompanied_child"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Call,
    Recall,
    Start,
    Finish,
    NoShow,
    Transfer,
    Cancel,
    /// Back into the queue: a parked visitor, or a no-show who turned up after all.
    Return,
}

impl Action {
    /// Every action (the event kinds of ticket changes are theirs, issuing's and leaving's).
    pub const ALL: [Action; 8] = [
        Action::Call,
        Action::Recall,
        Action::Start,
        Action::Finish,
        Action::NoShow,
        Action::Transfer,
        Action::Cancel,
        Action::Return,
    ];

    /// The event kind written to the event log for this action.
    pub fn event_kind(self) -> EventKind {
        match self {
            Action::Call => EventKind::Called,
            Action::Recall => EventKind::Recalled,
            Action::Start => EventKind::Started,
            Action::Finish => EventKind::Finished,
            Action::NoShow => EventKind::NoShow,
            Action::Transfer => EventKind::Transferred,
            Action::Cancel => EventKind::Cancelled,
            Action::Return => EventKind::Returned,
        }
    }

    pub fn verb(self) -> &'static str {
        match self {
            Action::Call => "call",
            Action::Recall => "recall",
            Action::Start => "start",
            Action::Finish => "finish",
            Action::NoShow => "mark as no-show",
            Action::Transfer => "transfer",
            Action::Cancel => "cancel",
            Action::Return => "return to the queue",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a ticket that is {} cannot be {}", from.as_str().replace('_', "-"), past(*action))]
pub struct IllegalTransition {
    pub from: TicketState,
    pub action: Action,
}

fn past(a: Action) -> &'static str {
    match a {
        Action::Call => "called",
        Action::Recall => "recalled",
        Action::Start => "started",
        Action::Finish => "finished",
        Action::NoShow => "marked as no-show",
        Action::Transfer => "transferred",
        Action::Cancel => "cancelled",
        Action::Return => "returned to the queue",
    }
}

/// The state a ticket in `from` reaches through `action`.
pub fn next_state(from: TicketState, action: Action) -> Result<TicketState, IllegalTransition> {
    use TicketState::*;
    let to = match (from, action) {
        (Waiting, Action::Call) => Called,
        (Called, Action::Recall) => Called,
        (Called, Action::Start) => Serving,
        (Serving, Action::Finish) => Done,
        (Called, Action::NoShow) => NoShow,
        (Waiting | Called | Serving, Action::Transfer) => Waiting,
        (Waiting | Called, Action::Cancel) => Cancelled,
        (Called | NoShow, Action::Return) => Waiting,
        _ => return Err(IllegalTransition { from, action }),
    };
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use TicketState::*;

    const ALL_STATES: [TicketState; 6] = [Waiting, Called, Serving, Done, NoShow, Cancelled];

    #[test]
    fn the_happy_path() {
        let s = next_state(Waiting, Action::Call).unwrap();
        let s = next_state(s, Action::Recall).unwrap();
        let s = next_state(s, Action::Start).unwrap();
        assert_eq!(next_state(s, Action::Finish).unwrap(), Done);
    }

    #[test]
    fn final_states_accept_nothing_but_a_no_show_return() {
        for from in [Done, Cancelled] {
            for a in Action::ALL {
                assert!(next_state(from, a).is_err(), "{from:?} {a:?}");
            }
        }
        for a in Action::ALL {
            assert_eq!(next_state(NoShow, a).is_ok(), a == Action::Return);
        }
    }

    #[test]
    fn every_pair_is_decided_without_panicking_and_errors_read_well() {
        let mut legal = 0;
        for from in ALL_STATES {
            for a in Action::ALL {
                match next_state(from, a) {
                    Ok(_) => legal += 1,
                    Err(e) => assert!(e.to_string().starts_with("a ticket that is ")),
                }
            }
        }
        assert_eq!(legal, 12);
        let e = next_state(Done, Action::Call).unwrap_err();
        assert_eq!(e.to_string(), "a ticket that is done cannot be called");
    }
}
