//! The ID-team's triage: what happened to a visitor's question.
//!
//! The ID-team only asks "what is your question, who can help?". Its outcome is a key figure
//! for managers (about 20% internal, 80% external referrals), so it is recorded as one of four
//! outcomes, each with what it needs: an external referral names a partner organisation; an
//! internal one may name the service the visitor is sent to (and then transfers them there),
//! and/or the appointment booked for them with a team or social worker.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Answered on the spot.
    Answered,
    /// Referred to a team, a permanentie queue or an appointment of our own.
    Internal,
    /// Referred to a partner organisation (CAW, VDAB, …), with a printed slip.
    External,
    /// Not for us, and no referral.
    None,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::Answered,
        Outcome::Internal,
        Outcome::External,
        Outcome::None,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Answered => "answered",
            Outcome::Internal => "internal",
            Outcome::External => "external",
            Outcome::None => "none",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a triage cannot be recorded as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TriageError {
    #[error("an external referral needs the partner organisation")]
    PartnerMissing,
    #[error("only an external referral names a partner organisation")]
    PartnerNotExpected,
    #[error("only an internal referral sends the visitor to another service")]
    ServiceNotExpected,
    #[error("only an internal referral comes with an appointment")]
    AppointmentNotExpected,
}

/// Checks that an outcome comes with exactly what it needs.
pub fn check(outcome: Outcome, partner: bool, service: bool) -> Result<(), TriageError> {
    match outcome {
        Outcome::External if !partner => Err(TriageError::PartnerMissing),
        Outcome::External if service => Err(TriageError::ServiceNotExpected),
        Outcome::External => Ok(()),
        _ if partner => Err(TriageError::PartnerNotExpected),
        Outcome::Internal => Ok(()),
        _ if service => Err(TriageError::ServiceNotExpected),
        _ => Ok(()),
    }
}

/// An appointment booked for the visitor is an internal referral ("an appointment with a team
/// or social worker"); with any other outcome it would count a referral that did not happen.
pub fn check_appointment(outcome: Outcome, appointment: bool) -> Result<(), TriageError> {
    match outcome {
        Outcome::Internal => Ok(()),
        _ if appointment => Err(TriageError::AppointmentNotExpected),
        _ => Ok(()),
    }
}

/// A no-show can be put back in the queue only within the location's grace period.
pub fn no_show_may_return(no_show_at_ms: i64, now_ms: i64, grace_s: i64) -> bool {
    now_ms - no_show_at_ms <= grace_s * 1000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_outcome_needs_what_it_needs() {
        assert_eq!(
            check(Outcome::External, false, false),
            Err(TriageError::PartnerMissing)
        );
        assert_eq!(check(Outcome::External, true, false), Ok(()));
        assert_eq!(
            check(Outcome::External, true, true),
            Err(TriageError::ServiceNotExpected)
        );
        assert_eq!(check(Outcome::Internal, false, true), Ok(()));
        assert_eq!(check(Outcome::Internal, false, false), Ok(()));
        assert_eq!(
            check(Outcome::Internal, true, false),
            Err(TriageError::PartnerNotExpected)
        );
        assert_eq!(check(Outcome::Answered, false, false), Ok(()));
        assert_eq!(
            check(Outcome::Answered, false, true),
            Err(TriageError::ServiceNotExpected)
        );
        assert_eq!(
            check(Outcome::None, true, false),
            Err(TriageError::PartnerNotExpected)
        );
        for o in Outcome::ALL {
            assert_eq!(Outcome::parse(o.as_str()), Some(o));
        }
        assert_eq!(Outcome::parse("maybe"), None);
    }

    #[test]
    fn only_an_internal_referral_has_an_appointment() {
        assert_eq!(check_appointment(Outcome::Internal, true), Ok(()));
        for o in [Outcome::Answered, Outcome::External, Outcome::None] {
            assert_eq!(
                check_appointment(o, true),
                Err(TriageError::AppointmentNotExpected)
            );
            assert_eq!(check_appointment(o, false), Ok(()));
        }
    }

    #[test]
    fn the_no_show_grace() {
        assert!(no_show_may_return(0, 900_000, 900));
        assert!(!no_show_may_return(0, 900_001, 900));
    }
}
