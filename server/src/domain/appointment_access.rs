//! Whose appointments a staff member may see and act on.
//!
//! One client has one social worker, and an appointment carries the client's contact details,
//! so a social worker (maatschappelijk werker) reaches only their own appointments and those
//! booked with a team they are in. A *team appointment* is booked with a service rather than a
//! person (no staff member): its team is every social worker who takes appointments for that
//! service (one who lists no services takes them all), as in booking. Reception, the ID-team
//! and administrators book and act for everyone: they are the front door every client passes.
//!
//! Every other staff member (a manager) reaches only the appointments booked with them; the
//! HTTP layer keeps its own role checks on top (a manager does no desk work at all). Devices
//! reach none.
//!
//! The rule is applied in the store, to every appointment it reads, changes or lists for a
//! staff member, so that no route can forget it.

use super::appointments::handles_service;
use super::roles::{Principal, Role};

/// What the rule needs to know of an appointment: whose it is and for which service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppointmentOwner<'a> {
    /// The social worker it is booked with; `None` for a team appointment.
    pub staff: Option<i64>,
    /// The key of its service.
    pub service: &'a str,
}

/// The appointments a caller reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppointmentAccess {
    /// Reception, ID-team and administrators: every appointment, every calendar.
    Everyone,
    /// A staff member who works only with their own clients.
    Own {
        staff_id: i64,
        /// For a social worker, the services whose team appointments they share (empty: every
        /// service); `None` for someone in no team.
        team_services: Option<Vec<String>>,
    },
    /// Devices: no appointment at all.
    Nobody,
}

/// The roles that book and act for every client.
const FOR_EVERYONE: [Role; 3] = [Role::Reception, Role::IdTeam, Role::Admin];

impl AppointmentAccess {
    /// The staff member whose team services [`AppointmentAccess::of`] needs, if any: a social
    /// worker without a role that reaches everyone.
    pub fn needs_team_services(principal: &Principal) -> Option<i64> {
        match principal {
            Principal::Staff { id, .. }
                if principal.has_role(Role::SocialWorker)
                    && !FOR_EVERYONE.iter().any(|r| principal.has_role(*r)) =>
            {
                Some(*id)
            }
            _ => None,
        }
    }

    /// The access of `principal`; `services` are the services a social worker takes
    /// appointments for (as stored on their account; ignored for anyone else).
    pub fn of(principal: &Principal, services: &[String]) -> AppointmentAccess {
        match principal {
            Principal::Device { .. } => AppointmentAccess::Nobody,
            Principal::Staff { .. } if FOR_EVERYONE.iter().any(|r| principal.has_role(*r)) => {
                AppointmentAccess::Everyone
            }
            Principal::Staff { id, .. } => AppointmentAccess::Own {
                staff_id: *id,
                team_services: principal
                    .has_role(Role::SocialWorker)
                    .then(|| services.to_vec()),
            },
        }
    }

    /// Whether the caller may see (contact details included) and act on this appointment.
    pub fn reaches(&self, a: AppointmentOwner<'_>) -> bool {
        match self {
            AppointmentAccess::Everyone => true,
            AppointmentAccess::Own {
                staff_id,
                team_services,
            } => match a.staff {
                Some(staff) => staff == *staff_id,
                None => team_services
                    .as_ref()
                    .is_some_and(|services| handles_service(services, a.service)),
            },
            AppointmentAccess::Nobody => false,
        }
    }

    /// Whether the caller may read a staff member's calendar: their own, or anyone's for those
    /// who book for everyone. Booking with a colleague needs no calendar: the free slots say
    /// when they can be booked, without whom they see.
    pub fn reaches_calendar_of(&self, staff_id: i64) -> bool {
        match self {
            AppointmentAccess::Everyone => true,
            AppointmentAccess::Own { staff_id: me, .. } => *me == staff_id,
            AppointmentAccess::Nobody => false,
        }
    }
}

/// The rule in one call: may `principal` (a social worker taking appointments for `services`)
/// see and act on appointment `a`?
pub fn may_access_appointment(
    principal: &Principal,
    services: &[String],
    a: AppointmentOwner<'_>,
) -> bool {
    AppointmentAccess::of(principal, services).reaches(a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::roles::DeviceKind;

    fn staff(id: i64, roles: &[Role]) -> Principal {
        Principal::Staff {
            id,
            name: "x".into(),
            roles: roles.to_vec(),
        }
    }

    fn own(staff: i64) -> AppointmentOwner<'static> {
        AppointmentOwner {
            staff: Some(staff),
            service: "afspraak",
        }
    }

    fn team(service: &'static str) -> AppointmentOwner<'static> {
        AppointmentOwner {
            staff: None,
            service,
        }
    }

    fn services(keys: &[&str]) -> Vec<String> {
        keys.iter().map(|k| k.to_string()).collect()
    }

    #[test]
    fn a_social_worker_reaches_their_own_and_their_teams() {
        let an = staff(1, &[Role::SocialWorker]);
        let hers = services(&["schuldhulp", "afspraak"]);
        assert!(may_access_appointment(&an, &hers, own(1)));
        assert!(!may_access_appointment(&an, &hers, own(2)));
        assert!(may_access_appointment(&an, &hers, team("schuldhulp")));
        assert!(!may_access_appointment(&an, &hers, team("huur")));
        // Listing no services: in every team, as in booking.
        assert!(may_access_appointment(&an, &[], team("huur")));
        assert!(!may_access_appointment(&an, &[], own(2)));
    }

    #[test]
    fn the_front_door_reaches_everyone() {
        for role in [Role::Reception, Role::IdTeam, Role::Admin] {
            let p = staff(9, &[role]);
            assert_eq!(AppointmentAccess::needs_team_services(&p), None);
            assert!(may_access_appointment(&p, &[], own(1)));
            assert!(may_access_appointment(&p, &[], team("huur")));
            assert!(AppointmentAccess::of(&p, &[]).reaches_calendar_of(1));
        }
        // A social worker who also works at reception books for everyone.
        let both = staff(3, &[Role::SocialWorker, Role::Reception]);
        assert_eq!(AppointmentAccess::needs_team_services(&both), None);
        assert!(may_access_appointment(&both, &services(&["huur"]), own(1)));
    }

    #[test]
    fn others_reach_only_what_is_booked_with_them() {
        let manager = staff(4, &[Role::Manager]);
        assert_eq!(AppointmentAccess::needs_team_services(&manager), None);
        assert!(may_access_appointment(&manager, &[], own(4)));
        assert!(!may_access_appointment(&manager, &[], own(1)));
        assert!(!may_access_appointment(&manager, &[], team("huur")));
        for kind in [DeviceKind::Kiosk, DeviceKind::Display] {
            let device = Principal::Device {
                id: 1,
                kind,
                location_id: 1,
            };
            assert_eq!(AppointmentAccess::needs_team_services(&device), None);
            let access = AppointmentAccess::of(&device, &[]);
            assert_eq!(access, AppointmentAccess::Nobody);
            assert!(!access.reaches(own(1)));
            assert!(!access.reaches(team("afspraak")));
            assert!(!access.reaches_calendar_of(1));
        }
    }

    #[test]
    fn a_social_worker_reads_only_their_own_calendar() {
        let an = staff(1, &[Role::SocialWorker]);
        assert_eq!(AppointmentAccess::needs_team_services(&an), Some(1));
        let access = AppointmentAccess::of(&an, &[]);
        assert!(access.reaches_calendar_of(1));
        assert!(!access.reaches_calendar_of(2));
    }
}
