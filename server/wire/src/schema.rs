//! Field shapes the OpenAPI document states more precisely than the Rust type says: the fixed
//! lists a string field takes its value from, and the limits the server enforces on text sent to
//! it. Used through `#[schema(schema_with = …)]`; each function is one field's schema.

use serde_json::json;
use utoipa::openapi::schema::Schema;

fn from_json(v: serde_json::Value) -> Schema {
    serde_json::from_value(v).expect("a valid schema object")
}

fn one_of(values: &[&str]) -> Schema {
    from_json(json!({"type": "string", "enum": values}))
}

/// The roles an account can have.
pub fn roles() -> Schema {
    from_json(json!({
        "type": "array",
        "items": {"type": "string", "enum": ["reception", "id_team", "social_worker", "manager", "admin"]}
    }))
}

/// The fixed reasons for a priority ticket.
pub fn priority_reason() -> Schema {
    from_json(json!({
        "type": "string",
        "enum": ["reduced_mobility", "crisis", "health", "accompanied_child"],
        "description": "staff only"
    }))
}

/// Why staff closed a service now (see [`crate::CLOSURE_REASONS`]).
pub fn closure_reason() -> Schema {
    one_of(&crate::CLOSURE_REASONS)
}

pub fn desk_kind() -> Schema {
    one_of(&["loket", "balie", "spreekkamer"])
}

/// The `kind` of a staff member's session, which tells it from a station's.
pub fn staff_kind() -> Schema {
    one_of(&["staff"])
}

pub fn device_kind() -> Schema {
    one_of(&["kiosk", "display"])
}

pub fn triage_outcome() -> Schema {
    one_of(&["answered", "internal", "external", "none"])
}

pub fn appointment_state() -> Schema {
    one_of(&[
        "booked",
        "arrived",
        "called",
        "served",
        "no_show",
        "cancelled",
    ])
}

pub fn appointment_channel() -> Schema {
    one_of(&["desk", "online"])
}

/// Information lines by language code, each one short line.
pub fn info_lines() -> Schema {
    from_json(json!({
        "type": "object",
        "description": "The information line in other languages, by language code; `info_line` is the Dutch one and stands in for a language without its own.",
        "additionalProperties": {"type": "string", "maxLength": 200}
    }))
}

/// Supporting documents handed in: at most 30 short lines.
pub fn documents() -> Schema {
    from_json(json!({
        "type": "array",
        "maxItems": 30,
        "items": {"type": "string", "maxLength": 200}
    }))
}

/// What becomes of an appointment an absence touches.
pub fn absence_action_kind() -> Schema {
    one_of(&["colleague", "team", "cancel"])
}
