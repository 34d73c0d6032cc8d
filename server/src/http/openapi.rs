//! `GET /api/v1/openapi.json`: the OpenAPI 3.1 document of the REST API.
//!
//! Two halves, merged once when first asked for:
//!
//! * **The schemas** (`components.schemas`) are generated from the `onthaal_wire` types the
//!   handlers really send and accept (`utoipa`'s `ToSchema`), so a field added, renamed or made
//!   optional in Rust is in the document at once.
//! * **The paths** (operations, parameters, statuses, the shared error answers) are kept by hand
//!   in `openapi.json`, next to the routes; they refer to the schemas by name. A test checks that
//!   every route the router serves is documented, and one that every `$ref` resolves.

use std::sync::LazyLock;

use axum::http::header;
use axum::response::IntoResponse;
use onthaal_wire::stats::{Live, Report, Table};
use onthaal_wire::{
    Absence, AbsenceEnd, AbsencePreview, AbsenceRecorded, Account, AccountChange, AdminDesk,
    AdminDeskChange, AdminDevice, AdminHelpCategory, AdminHelpCategoryChange, AdminLocation,
    AdminLocationChange, AdminPartner, AdminPartnerChange, AdminPrinter, AdminPrinterChange,
    AdminService, AdminServiceChange, AppointmentView, AuditEntry, BookAppointment, CallTicket,
    CheckIn, CloseService, Desk, DeviceInfo, DeviceRename, ErrorBody, HelpCategory, HelpRequest,
    LeaveAnswer, LinkedAppointment, LocationInfo, Login, LoginOk, Me, NewAbsence, NewAccount,
    NewAdminDesk, NewAdminHelpCategory, NewAdminLocation, NewAdminPartner, NewAdminPrinter,
    NewDevice, NewHelpRequest, NewTicket, OneTimePassword, OnlineBookingForm, PairRequest, Paired,
    PairingCode, Partner, PasswordChange, PrintRequest, Printed, PublicCatalogue, ServiceClosure,
    ServiceInfo, Slot, Staff, StaffAvailability, StationSettings, Ticket, Transfer, Triage,
    VisitorStatus, WorkerAvailability,
};
use serde_json::Value;
use utoipa::OpenApi;

/// The hand-kept half: info, paths, security schemes and the shared error answers.
const PATHS: &str = include_str!("openapi.json");

/// The bodies the paths name; the types they contain are collected with them.
#[derive(OpenApi)]
#[openapi(components(schemas(
    Absence,
    AbsenceEnd,
    AbsencePreview,
    AbsenceRecorded,
    NewAbsence,
    Account,
    AccountChange,
    AdminDesk,
    AdminDeskChange,
    AdminDevice,
    AdminLocation,
    AdminLocationChange,
    AdminPrinter,
    AdminPrinterChange,
    NewAdminDesk,
    NewAdminLocation,
    NewAdminPrinter,
    AdminHelpCategory,
    AdminHelpCategoryChange,
    AdminPartner,
    AdminPartnerChange,
    AdminService,
    AdminServiceChange,
    AppointmentView,
    AuditEntry,
    BookAppointment,
    CallTicket,
    NewAdminHelpCategory,
    NewAdminPartner,
    CheckIn,
    CloseService,
    Desk,
    DeviceInfo,
    DeviceRename,
    ErrorBody,
    HelpCategory,
    HelpRequest,
    LeaveAnswer,
    LinkedAppointment,
    LocationInfo,
    Live,
    Login,
    LoginOk,
    Me,
    NewAccount,
    NewDevice,
    NewHelpRequest,
    NewTicket,
    OneTimePassword,
    OnlineBookingForm,
    PairRequest,
    Paired,
    PairingCode,
    PasswordChange,
    Partner,
    PrintRequest,
    Printed,
    PublicCatalogue,
    Report,
    ServiceClosure,
    ServiceInfo,
    Slot,
    Staff,
    StaffAvailability,
    StationSettings,
    Table,
    Ticket,
    Transfer,
    Triage,
    VisitorStatus,
    WorkerAvailability,
)))]
struct Schemas;

/// The whole document: the hand-kept paths with the generated schemas.
pub fn document_value() -> Value {
    let mut doc: Value = serde_json::from_str(PATHS).expect("openapi.json is valid JSON");
    let generated = Schemas::openapi()
        .components
        .map(|c| serde_json::to_value(c.schemas).expect("schemas serialise"))
        .unwrap_or_default();
    doc["components"]["schemas"] = generated;
    doc
}

static DOCUMENT: LazyLock<String> = LazyLock::new(|| document_value().to_string());

pub async fn document() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        DOCUMENT.as_str(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    match (k.as_str(), x) {
                        ("$ref", Value::String(r)) => out.push(r),
                        _ => refs(x, out),
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }

    /// Every schema a hand-kept path names is one generated from a wire type, and every
    /// reference inside the generated schemas resolves too.
    #[test]
    fn every_reference_resolves() {
        let doc = document_value();
        let mut found = Vec::new();
        refs(&doc, &mut found);
        assert!(found.len() > 100, "{} references", found.len());
        for r in found {
            let pointer = r.strip_prefix('#').expect("a local reference");
            assert!(doc.pointer(pointer).is_some(), "{r} does not resolve");
        }
    }

    /// The schemas come from the types: a body's fields are the struct's, and what serde leaves
    /// out when absent is not required, unless every REST answer has it.
    #[test]
    fn the_schemas_are_the_wire_types() {
        let doc = document_value();
        let s = &doc["components"]["schemas"];
        let ticket = &s["Ticket"];
        let required: Vec<&str> = ticket["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        assert!(required.contains(&"number") && required.contains(&"queued_at"));
        assert!(!required.contains(&"called_at"), "left out when absent");
        // Always in a REST answer, though the desk app's frames leave it out.
        assert!(required.contains(&"status_token"));
        assert_eq!(s["Contact"]["properties"]["name"]["maxLength"], 100);
        assert_eq!(s["NewAppointment"]["additionalProperties"], false);
        // The languages are the catalogues' (i18n/<code>.ftl), Dutch first.
        let langs: Vec<&str> = onthaal_i18n::languages().collect();
        assert_eq!(s["Lang"]["enum"], serde_json::json!(langs));
        assert_eq!(s["Lang"]["enum"][0], "nl");
    }
}
