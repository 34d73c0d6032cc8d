//! The iCalendar feed of a staff member's appointments (RFC 5545). It names the service, room
//! and booking code, never the client: calendar programs copy feeds to servers the sociaal
//! huis does not control.

use chrono::{DateTime, FixedOffset, Utc};

use onthaal_wire::AppointmentView;

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn ical_text(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

fn ical_time(t: DateTime<FixedOffset>) -> String {
    t.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ").to_string()
}

/// An iCalendar document; times in UTC so every program places them right across DST.
pub fn ical(staff_name: &str, list: &[AppointmentView], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    let mut line = |s: &str| {
        out.push_str(s);
        out.push_str("\r\n");
    };
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//Onthaal//Afspraken//NL");
    line("CALSCALE:GREGORIAN");
    line(&format!(
        "X-WR-CALNAME:{}",
        ical_text(&format!("Afspraken {staff_name}"))
    ));
    for a in list {
        line("BEGIN:VEVENT");
        line(&format!("UID:appointment-{}@onthaal", a.id));
        line(&format!("DTSTAMP:{}", now.format("%Y%m%dT%H%M%SZ")));
        line(&format!("DTSTART:{}", ical_time(a.start)));
        line(&format!("DTEND:{}", ical_time(a.end)));
        line(&format!(
            "SUMMARY:{}",
            ical_text(&format!("{} ({})", a.service_name, a.code))
        ));
        if let Some(d) = &a.desk {
            line(&format!("LOCATION:{}", ical_text(&d.name)));
        }
        line(if a.state == "cancelled" {
            "STATUS:CANCELLED"
        } else {
            "STATUS:CONFIRMED"
        });
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}
