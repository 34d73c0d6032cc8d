//! The kinds of event a location's log holds, one row per change (see `db/events.rs`).
//!
//! The stored names are part of the data: existing databases, the statistics fold and the
//! `event` field of live `update` frames use them, so a kind is never renamed — a new one is
//! added.

/// What an event row records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// A new ticket: at a kiosk, a desk, or by an appointment's check-in.
    Issued,
    Called,
    Recalled,
    Started,
    Finished,
    NoShow,
    Transferred,
    Cancelled,
    /// Back in the queue after a call or a no-show.
    Returned,
    /// The visitor left the queue from their status page.
    Left,
    /// The ID-team's triage of a visitor (an outcome, maybe a referral).
    Triaged,
    HelpRequestRegistered,
    ReceiptPrinted,
    ReferralPrinted,
    /// A ticket given at a desk, printed on a reception printer.
    TicketPrinted,
    AppointmentPrinted,
    AppointmentBooked,
    AppointmentMoved,
    AppointmentCancelled,
    AppointmentNoShow,
    DeviceOnline,
    DeviceOffline,
    DeviceStatus,
    DeviceSettings,
    /// An account locked after too many failed logins.
    LoginLocked,
    /// A client address held back after too many failed logins.
    LoginLockedAddress,
    /// A staff account made in the app or from the command line.
    AccountCreated,
    /// An account's name, roles or services changed.
    AccountChanged,
    /// An account disabled: by an administrator, the command line, or leaving the
    /// configuration file.
    AccountDisabled,
    AccountEnabled,
    /// An account's password set by an administrator or the command line (a one-time
    /// password, or a chosen one).
    PasswordReset,
    /// A staff member changed their own password.
    PasswordChanged,
    /// A service closed now by staff, until a time (see `usecases/closures.rs`).
    ServiceClosed,
    /// A closed service open again: reopened by staff, or its closure's time came.
    ServiceReopened,
    /// A social worker's absence recorded in the app (its appointments' moves and
    /// cancellations are appointment events of their own).
    AbsenceRecorded,
    /// An absence's last day changed (ended early).
    AbsenceChanged,
    /// An absence removed.
    AbsenceRemoved,
    /// A kiosk or display registered, given a pairing code, paired, renamed or revoked in the
    /// app (`data.action`; who, and the device before and after).
    DeviceAdministered,
    /// The administration configuration changed: imported from a file (`config import`), or
    /// changed in the app; its details hold what changed, before → after.
    ConfigurationChanged,
}

impl EventKind {
    pub const ALL: [EventKind; 39] = [
        EventKind::Issued,
        EventKind::Called,
        EventKind::Recalled,
        EventKind::Started,
        EventKind::Finished,
        EventKind::NoShow,
        EventKind::Transferred,
        EventKind::Cancelled,
        EventKind::Returned,
        EventKind::Left,
        EventKind::Triaged,
        EventKind::HelpRequestRegistered,
        EventKind::ReceiptPrinted,
        EventKind::ReferralPrinted,
        EventKind::TicketPrinted,
        EventKind::AppointmentPrinted,
        EventKind::AppointmentBooked,
        EventKind::AppointmentMoved,
        EventKind::AppointmentCancelled,
        EventKind::AppointmentNoShow,
        EventKind::DeviceOnline,
        EventKind::DeviceOffline,
        EventKind::DeviceStatus,
        EventKind::DeviceSettings,
        EventKind::LoginLocked,
        EventKind::LoginLockedAddress,
        EventKind::AccountCreated,
        EventKind::AccountChanged,
        EventKind::AccountDisabled,
        EventKind::AccountEnabled,
        EventKind::PasswordReset,
        EventKind::PasswordChanged,
        EventKind::ServiceClosed,
        EventKind::ServiceReopened,
        EventKind::AbsenceRecorded,
        EventKind::AbsenceChanged,
        EventKind::AbsenceRemoved,
        EventKind::DeviceAdministered,
        EventKind::ConfigurationChanged,
    ];

    /// The name as stored in `events.kind` and sent as a frame's `event`.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Issued => "issued",
            EventKind::Called => "called",
            EventKind::Recalled => "recalled",
            EventKind::Started => "started",
            EventKind::Finished => "finished",
            EventKind::NoShow => "no_show",
            EventKind::Transferred => "transferred",
            EventKind::Cancelled => "cancelled",
            EventKind::Returned => "returned",
            EventKind::Left => "left",
            EventKind::Triaged => "triaged",
            EventKind::HelpRequestRegistered => "help_request_registered",
            EventKind::ReceiptPrinted => "receipt_printed",
            EventKind::ReferralPrinted => "referral_printed",
            EventKind::TicketPrinted => "ticket_printed",
            EventKind::AppointmentPrinted => "appointment_printed",
            EventKind::AppointmentBooked => "appointment_booked",
            EventKind::AppointmentMoved => "appointment_moved",
            EventKind::AppointmentCancelled => "appointment_cancelled",
            EventKind::AppointmentNoShow => "appointment_no_show",
            EventKind::DeviceOnline => "device_online",
            EventKind::DeviceOffline => "device_offline",
            EventKind::DeviceStatus => "device_status",
            EventKind::DeviceSettings => "device_settings",
            EventKind::LoginLocked => "login_locked",
            EventKind::LoginLockedAddress => "login_locked_address",
            EventKind::AccountCreated => "account_created",
            EventKind::AccountChanged => "account_changed",
            EventKind::AccountDisabled => "account_disabled",
            EventKind::AccountEnabled => "account_enabled",
            EventKind::PasswordReset => "password_reset",
            EventKind::PasswordChanged => "password_changed",
            EventKind::ServiceClosed => "service_closed",
            EventKind::ServiceReopened => "service_reopened",
            EventKind::AbsenceRecorded => "absence_recorded",
            EventKind::AbsenceChanged => "absence_changed",
            EventKind::AbsenceRemoved => "absence_removed",
            EventKind::DeviceAdministered => "device_administered",
            EventKind::ConfigurationChanged => "configuration_changed",
        }
    }

    /// The kind a stored name stands for; `None` for a name this server does not know.
    pub fn parse(s: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether the event changes a ticket, so that it is published with the ticket.
    pub fn changes_a_ticket(self) -> bool {
        matches!(
            self,
            EventKind::Issued
                | EventKind::Called
                | EventKind::Recalled
                | EventKind::Started
                | EventKind::Finished
                | EventKind::NoShow
                | EventKind::Transferred
                | EventKind::Cancelled
                | EventKind::Returned
                | EventKind::Left
                | EventKind::Triaged
        )
    }

    /// Whether the event is about a station (online, offline, status, settings, administered).
    pub fn is_device(self) -> bool {
        matches!(
            self,
            EventKind::DeviceOnline
                | EventKind::DeviceOffline
                | EventKind::DeviceStatus
                | EventKind::DeviceSettings
                | EventKind::DeviceAdministered
        )
    }

    /// Whether the event is about an appointment without a ticket (booked, moved, …, printed).
    pub fn is_appointment(self) -> bool {
        self.as_str().starts_with("appointment_")
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_stored_name() {
        for k in EventKind::ALL {
            assert_eq!(EventKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(EventKind::parse("unknown"), None);
    }

    #[test]
    fn stored_names_are_unchanged() {
        // Existing databases and the statistics depend on these exact names.
        let names: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "issued",
                "called",
                "recalled",
                "started",
                "finished",
                "no_show",
                "transferred",
                "cancelled",
                "returned",
                "left",
                "triaged",
                "help_request_registered",
                "receipt_printed",
                "referral_printed",
                "ticket_printed",
                "appointment_printed",
                "appointment_booked",
                "appointment_moved",
                "appointment_cancelled",
                "appointment_no_show",
                "device_online",
                "device_offline",
                "device_status",
                "device_settings",
                "login_locked",
                "login_locked_address",
                "account_created",
                "account_changed",
                "account_disabled",
                "account_enabled",
                "password_reset",
                "password_changed",
                "service_closed",
                "service_reopened",
                "absence_recorded",
                "absence_changed",
                "absence_removed",
                "device_administered",
                "configuration_changed",
            ]
        );
    }

    #[test]
    fn ticket_changes_are_those_of_the_ticket_actions_and_three_more() {
        use crate::domain::ticket::Action;
        for a in Action::ALL {
            assert!(a.event_kind().changes_a_ticket());
        }
        let others: Vec<EventKind> = EventKind::ALL
            .into_iter()
            .filter(|k| k.changes_a_ticket())
            .filter(|k| !Action::ALL.iter().any(|a| a.event_kind() == *k))
            .collect();
        assert_eq!(
            others,
            [EventKind::Issued, EventKind::Left, EventKind::Triaged]
        );
    }
}
