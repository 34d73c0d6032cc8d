//! Online booking as a citizen sees it: the bookable services and social workers, an
//! appointment by its manage token, and the bodies that book and move one. Never the contact
//! details or the social worker of an appointment: whoever holds a link learns nothing about a
//! client.

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::Lang;

/// A service citizens may book, named in their language.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicService {
    pub key: String,
    pub name: String,
    /// The language the name is in: the citizen's, or Dutch where the configuration has no
    /// translation (the page marks it so).
    pub name_lang: &'static str,
    pub description: Option<String>,
    pub description_lang: Option<&'static str>,
    pub slot_min: u32,
}

/// A social worker a citizen may name (their own), with the bookable services they take
/// appointments for: the page offers them only for those.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicStaff {
    pub id: i64,
    pub name: String,
    pub services: Vec<String>,
}

/// What the bookable services endpoint answers.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicCatalogue {
    pub location: PublicPlace,
    pub services: Vec<PublicService>,
    /// The social workers a citizen may name, each with the bookable services they take
    /// appointments for (offer them only for those; another service is refused with 422
    /// staff_not_for_service).
    pub staff: Vec<PublicStaff>,
    /// Whether the server sends an e-mail reminder the day before (it has a mail server): the
    /// page promises one only then.
    pub email_reminders: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicPlace {
    pub key: String,
    pub name: String,
    pub address: String,
    pub phone: String,
}

/// An appointment as its manage-token holder sees it: when, where, the code. Never the
/// contact details or the social worker (whoever holds a link learns nothing about a client).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicAppointment {
    /// The 6-character booking code for the kiosk.
    pub code: String,
    pub manage_token: String,
    pub service: String,
    pub service_name: String,
    /// The language service_name is in (nl where the configuration has no translation).
    pub service_name_lang: &'static str,
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    pub duration_min: i64,
    #[schema(schema_with = crate::schema::appointment_state)]
    pub state: String,
    /// Still booked and in the future: may be cancelled or moved.
    pub can_change: bool,
    pub lang: Lang,
    pub location: PublicPlace,
    pub room: Option<String>,
}

/// A public appointment with its link (`{public_url}/book/{manage_token}`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LinkedAppointment {
    #[serde(flatten)]
    pub appointment: PublicAppointment,
    pub manage_url: String,
}

/// `POST /api/v1/public/appointments`: the short form of the booking page. The server checks
/// it: a name, an e-mail address and/or a phone number, and consent.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = OnlineBooking)]
#[serde(deny_unknown_fields)]
pub struct OnlineBookingForm {
    pub service: String,
    /// One of the free times from /public/slots.
    pub start: DateTime<Utc>,
    /// The citizen's own social worker, one who takes the service (else 422 staff_not_for_service);
    /// without it one of the service's social workers who is free is chosen (the one this contact
    /// saw before first).
    pub staff: Option<i64>,
    #[schema(required = true)]
    pub name: Option<String>,
    /// E-mail and/or phone is required.
    pub email: Option<String>,
    pub phone: Option<String>,
    pub lang: Option<Lang>,
    /// Must be true.
    #[schema(required = true)]
    #[serde(default)]
    pub consent: bool,
}

/// `POST /api/v1/public/appointments/{token}/move`: same social worker and room.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MovePublicAppointment {
    pub start: DateTime<Utc>,
    pub lang: Option<Lang>,
}
