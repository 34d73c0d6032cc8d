//! Appointments as staff book and see them: the client's contact details, the appointment, a
//! free slot, and the bodies that book, move and check in.

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{DeskRef, Lang};

/// Contact details of the client (personal data: purged after the retention period).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Contact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 100)]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 30)]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(format = Email)]
    pub email: Option<String>,
}

/// Why contact details were refused (error code `invalid_contact`): a sentence for staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidContact(pub &'static str);

impl Contact {
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.phone.is_none() && self.email.is_none()
    }

    /// Trims fields, drops empty ones, and refuses what cannot be a name, phone or e-mail.
    pub fn cleaned(self) -> Result<Contact, InvalidContact> {
        let clean = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let c = Contact {
            name: clean(self.name),
            phone: clean(self.phone),
            email: clean(self.email),
        };
        if c.name.as_ref().is_some_and(|n| n.chars().count() > 100) {
            return Err(InvalidContact("keep the name under 100 characters"));
        }
        if c.phone.as_ref().is_some_and(|p| {
            p.len() > 30
                || !p
                    .chars()
                    .all(|ch| ch.is_ascii_digit() || " +-./()".contains(ch))
        }) {
            return Err(InvalidContact(
                "a phone number has digits, spaces and + - . / ( ) only",
            ));
        }
        if c.email.as_ref().is_some_and(|e| {
            e.len() > 200 || !e.contains('@') || e.starts_with('@') || e.ends_with('@')
        }) {
            return Err(InvalidContact("that is not an e-mail address"));
        }
        Ok(c)
    }
}

/// An appointment as staff see it. Times are in the location's time zone (RFC 3339 with the
/// local offset), because people read them.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = Appointment)]
pub struct AppointmentView {
    pub id: i64,
    /// 6 characters from ABCDEFGHJKMNPQRSTUVWXYZ34679.
    pub code: String,
    pub service: String,
    pub service_name: String,
    pub staff: Option<i64>,
    pub staff_name: Option<String>,
    /// The room (spreekkamer) or desk, when one was booked.
    pub desk: Option<DeskRef>,
    /// With the location's local offset.
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    pub duration_min: i64,
    #[schema(schema_with = crate::schema::appointment_state)]
    pub state: String,
    #[schema(schema_with = crate::schema::appointment_channel)]
    pub channel: String,
    pub lang: Lang,
    /// `null` once erased after the retention period (or when none was given).
    pub contact: Option<Contact>,
    pub ticket_id: Option<i64>,
    pub ticket_number: Option<String>,
    pub created_at: DateTime<FixedOffset>,
    pub arrived_at: Option<DateTime<FixedOffset>>,
    /// The citizen's link is `{public_url}/book/{manage_token}` (move, cancel; no account).
    pub manage_token: Option<String>,
}

/// A free slot.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Slot {
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
}

impl Slot {
    /// A slot from `start` to `end`, said in the location's time zone.
    pub fn local<Z: TimeZone>((start, end): (DateTime<Utc>, DateTime<Utc>), tz: Z) -> Slot {
        Slot {
            start: start.with_timezone(&tz).fixed_offset(),
            end: end.with_timezone(&tz).fixed_offset(),
        }
    }
}

/// `POST /api/v1/appointments`: staff book an appointment (30 minutes unless said otherwise).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = NewAppointment)]
#[serde(deny_unknown_fields)]
pub struct BookAppointment {
    pub service: String,
    /// The social worker; none: a team appointment.
    pub staff: Option<i64>,
    pub start: DateTime<Utc>,
    #[schema(minimum = 5, maximum = 480)]
    pub duration_min: Option<i64>,
    /// The room.
    pub desk: Option<i64>,
    pub contact: Option<Contact>,
    pub lang: Option<Lang>,
}

/// `POST /api/v1/appointments/{id}/move`: same staff member and room, another time.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveAppointment {
    pub start: DateTime<Utc>,
}

/// `POST /api/v1/check-in`: the booking code a visitor types at the kiosk.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckIn {
    /// The 6-character booking code; case, spaces and dashes do not matter, and an address carried
    /// by a QR code counts by its last path segment.
    pub code: String,
    /// The language of error messages (default: the appointment's).
    pub lang: Option<Lang>,
}
