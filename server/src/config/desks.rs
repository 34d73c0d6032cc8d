//! `[[location.desk]]`: where staff receive visitors (a loket, a balie or a spreekkamer) and
//! which of the location's services each one calls from.

use std::collections::HashSet;

use super::raw::RawDesk;
use super::{ConfigError, ServiceConfig, Validator};

/// The kinds of desk: a counter, a reception desk, a room for a private conversation.
const DESK_KINDS: [&str; 3] = ["loket", "balie", "spreekkamer"];

#[derive(Debug, Clone, PartialEq)]
pub struct DeskConfig {
    pub key: String,
    pub name: String,
    /// `loket`, `balie` or `spreekkamer`.
    pub kind: String,
    pub services: Vec<String>,
}

impl Validator<'_> {
    /// The desks of location `location`, whose services are `services`.
    pub(super) fn desks(
        &self,
        raw: Vec<RawDesk>,
        location: &str,
        services: &[ServiceConfig],
    ) -> Result<Vec<DeskConfig>, ConfigError> {
        let mut keys = HashSet::new();
        let mut desks = Vec::new();
        for d in raw {
            let key = self.unique_key(
                &mut keys,
                &d.key,
                "location.desk.key",
                "desk",
                &format!(" in location \"{location}\""),
            )?;
            if !DESK_KINDS.contains(&d.kind.get_ref().as_str()) {
                return Err(self.err(
                    d.kind.span(),
                    "location.desk.kind",
                    format!(
                        "\"{}\" is not a desk kind; use loket, balie or spreekkamer",
                        d.kind.get_ref()
                    ),
                ));
            }
            let mut served = Vec::new();
            for s in &d.services {
                if !services.iter().any(|x| &x.key == s.get_ref()) {
                    return Err(self.err(s.span(), "location.desk.services", format!("desk \"{key}\" serves \"{}\", which is not a service of location \"{location}\"", s.get_ref())));
                }
                served.push(s.get_ref().clone());
            }
            desks.push(DeskConfig {
                key,
                name: d.name,
                kind: d.kind.into_inner(),
                services: served,
            });
        }
        Ok(desks)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{err, HEAD, SERVICE};
    use super::super::Config;

    #[test]
    fn a_desk_has_a_kind_and_serves_services_of_its_location() {
        let desk = |rest: &str| {
            format!("{HEAD}{SERVICE}[[location.desk]]\nkey = \"d\"\nname = \"D\"\n{rest}\n")
        };
        let ok = Config::parse(&desk("services = [\"a\"]"), "x").unwrap();
        let d = &ok.locations[0].desks[0];
        assert_eq!(
            (d.kind.as_str(), d.services.as_slice()),
            ("loket", &["a".to_string()][..])
        );

        let e = err(&desk("kind = \"bureau\"\nservices = []"));
        assert_eq!((e.line, e.field.as_str()), (12, "location.desk.kind"));
        assert_eq!(
            e.message,
            "\"bureau\" is not a desk kind; use loket, balie or spreekkamer"
        );
        let e = err(&desk("services = [\"b\"]"));
        assert_eq!((e.line, e.field.as_str()), (12, "location.desk.services"));
        assert_eq!(
            e.message,
            "desk \"d\" serves \"b\", which is not a service of location \"c\""
        );
    }
}
