//! Checks shared by several sections of the file: keys, dates, bounded numbers and weekly
//! opening hours. Each names the field it checks, so the same rule gives the same message
//! wherever it applies.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use toml::Spanned;

use super::locations::parse_date;
use super::{ConfigError, Validator};
use crate::domain::hours::Span;

/// The weekday keys of an hours table, Monday first (the order of `Schedule::weekly`), in the
/// file, the export and the API alike.
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Weekly hours as the app gives them (weekday → spans like `"08:30-12:00"`), checked by the
/// file's own rules and with its messages (`{field}.mon: …`), so the app and the file never
/// disagree.
pub fn weekly_hours(
    hours: &BTreeMap<String, Vec<String>>,
    field: &str,
) -> Result<[Vec<Span>; 7], ConfigError> {
    let checker = Validator {
        text: "",
        source_name: "the change",
        password_policy: false,
    };
    // No file, no places in it: every value gets the empty span, reported as line 0.
    let table = Spanned::new(
        0..0,
        hours
            .iter()
            .map(|(day, spans)| {
                let spans = spans.iter().map(|s| Spanned::new(0..0, s.clone()));
                (day.clone(), spans.collect())
            })
            .collect(),
    );
    checker.weekly(&table, field)
}

/// Weekly hours as the app shows them: the days that have hours, by their key.
pub fn weekly_map(weekly: &[Vec<Span>; 7]) -> BTreeMap<String, Vec<String>> {
    WEEKDAYS
        .iter()
        .zip(weekly)
        .filter(|(_, spans)| !spans.is_empty())
        .map(|(d, spans)| (d.to_string(), spans.iter().map(Span::to_string).collect()))
        .collect()
}

impl Validator<'_> {
    /// A key (of a location, service, desk, …): what URLs and other sections refer to it by.
    pub(super) fn key(&self, k: &Spanned<String>, field: &str) -> Result<String, ConfigError> {
        let s = k.get_ref();
        let ok = !s.is_empty()
            && s.len() <= 40
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !ok {
            return Err(self.err(
                k.span(),
                field,
                format!(
                    "\"{s}\" is not a valid key: use 1–40 lowercase letters, digits, '-' or '_'"
                ),
            ));
        }
        Ok(s.clone())
    }

    /// A valid key that no earlier item of the same kind (in the same scope) has.
    pub(super) fn unique_key(
        &self,
        seen: &mut HashSet<String>,
        k: &Spanned<String>,
        field: &str,
        what: &str,
        scope: &str,
    ) -> Result<String, ConfigError> {
        let key = self.key(k, field)?;
        if !seen.insert(key.clone()) {
            return Err(self.err(
                k.span(),
                field,
                format!("{what} \"{key}\" is defined twice{scope}"),
            ));
        }
        Ok(key)
    }

    pub(super) fn date(&self, d: &Spanned<String>, field: &str) -> Result<NaiveDate, ConfigError> {
        parse_date(d.get_ref()).map_err(|m| self.err(d.span(), field, m))
    }

    /// A whole number within `range`, or an error naming the field and the unit.
    pub(super) fn number(
        &self,
        v: &Spanned<i64>,
        field: &str,
        range: std::ops::RangeInclusive<i64>,
        unit: &str,
    ) -> Result<i64, ConfigError> {
        if !range.contains(v.get_ref()) {
            return Err(self.err(
                v.span(),
                field,
                format!(
                    "{} is not a number of {unit} between {} and {}",
                    v.get_ref(),
                    range.start(),
                    range.end()
                ),
            ));
        }
        Ok(*v.get_ref())
    }

    /// Time spans like `"08:30-12:00"`.
    pub(super) fn spans(
        &self,
        list: &[Spanned<String>],
        field: &str,
    ) -> Result<Vec<Span>, ConfigError> {
        let spans = list
            .iter()
            .map(|s| Span::parse(s.get_ref()).map_err(|m| self.err(s.span(), field, m)))
            .collect::<Result<Vec<Span>, ConfigError>>()?;
        // Two spans of one day that overlap are a typing error (the hours would count twice).
        for (i, a) in spans.iter().enumerate() {
            for (j, b) in spans.iter().enumerate().skip(i + 1) {
                if a.start_min < b.end_min && b.start_min < a.end_min {
                    return Err(self.err(
                        list[j].span(),
                        field,
                        format!(
                            "\"{}\" overlaps \"{}\"; give each time of the day once",
                            list[j].get_ref(),
                            list[i].get_ref()
                        ),
                    ));
                }
            }
        }
        Ok(spans)
    }

    /// A table of spans per weekday (`mon = ["09:00-12:00"]`), for a service's opening hours
    /// and a staff member's availability alike; a day's spans are checked as `{field}.{day}`.
    pub(super) fn weekly(
        &self,
        table: &Spanned<BTreeMap<String, Vec<Spanned<String>>>>,
        field: &str,
    ) -> Result<[Vec<Span>; 7], ConfigError> {
        let mut weekly: [Vec<Span>; 7] = Default::default();
        for (day, spans) in table.get_ref() {
            let idx = WEEKDAYS.iter().position(|d| d == day).ok_or_else(|| {
                self.err(
                    table.span(),
                    field,
                    format!("\"{day}\" is not a weekday; use mon, tue, wed, thu, fri, sat, sun"),
                )
            })?;
            weekly[idx] = self.spans(spans, &format!("{field}.{day}"))?;
        }
        Ok(weekly)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{err, HEAD, SERVICE};

    #[test]
    fn a_key_defined_twice_is_named_with_its_scope() {
        let text = format!("{HEAD}[[location.service]]\nkey = \"p\"\nprefix = \"P\"\nnames = {{ nl = \"P\" }}\nalways_open = true\n[[location.desk]]\nkey = \"d\"\nname = \"D\"\nservices = []\n[[location.desk]]\nkey = \"d\"\nname = \"D2\"\nservices = []\n");
        let e = err(&text);
        assert_eq!((e.line, e.field.as_str()), (14, "location.desk.key"));
        assert_eq!(e.message, "desk \"d\" is defined twice in location \"c\"");
        let e = err(
            "[[location]]\nkey = \"c\"\nname = \"C\"\n[[location]]\nkey = \"c\"\nname = \"C\"\n",
        );
        assert_eq!(
            (e.line, e.message.as_str()),
            (5, "location \"c\" is defined twice")
        );
    }

    #[test]
    fn keys_dates_numbers_and_weekdays_have_one_message_each() {
        let e = err(&format!("{HEAD}[[location.service]]\nkey = \"Huur\"\nprefix = \"H\"\nnames = {{ nl = \"H\" }}\nalways_open = true\n"));
        assert_eq!((e.line, e.field.as_str()), (5, "location.service.key"));
        assert_eq!(
            e.message,
            "\"Huur\" is not a valid key: use 1–40 lowercase letters, digits, '-' or '_'"
        );
        let e = err(&format!("{HEAD}closed_on = [\"24/12/2026\"]\n"));
        assert_eq!((e.line, e.field.as_str()), (4, "location.closed_on"));
        assert_eq!(
            e.message,
            "\"24/12/2026\" is not a date like \"2026-12-24\""
        );
        let e = err(&format!("{HEAD}retention_days = 0\n"));
        assert_eq!((e.line, e.field.as_str()), (4, "location.retention_days"));
        assert_eq!(e.message, "0 is not a number of days between 1 and 3650");
        let e = err(&format!(
            "{HEAD}{SERVICE}[[staff]]\nusername = \"w\"\nname = \"W\"\nroles = []\n[staff.availability]\nmaandag = [\"09:00-12:00\"]\n"
        ));
        assert_eq!((e.line, e.field.as_str()), (13, "staff.availability"));
        assert_eq!(
            e.message,
            "\"maandag\" is not a weekday; use mon, tue, wed, thu, fri, sat, sun"
        );
    }
}
