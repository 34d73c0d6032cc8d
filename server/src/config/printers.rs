//! `[[location.printer]]`: the reception's receipt printers, by printer URI (see the
//! `hardware` crate for the forms); the first is the location's default.

use std::collections::HashSet;

use super::raw::RawPrinter;
use super::{ConfigError, Validator};

#[derive(Debug, Clone, PartialEq)]
pub struct PrinterConfig {
    pub key: String,
    pub name: String,
    /// A printer URI (see `hardware`), e.g. `tcp://10.0.0.20:9100`.
    pub uri: String,
}

impl Validator<'_> {
    /// The printers of location `location`.
    pub(super) fn printers(
        &self,
        raw: Vec<RawPrinter>,
        location: &str,
    ) -> Result<Vec<PrinterConfig>, ConfigError> {
        let mut keys = HashSet::new();
        let mut printers = Vec::new();
        for p in raw {
            let key = self.unique_key(
                &mut keys,
                &p.key,
                "location.printer.key",
                "printer",
                &format!(" in location \"{location}\""),
            )?;
            let uri = absolute_dir_uri(p.uri.get_ref());
            onthaal_hardware::PrinterUri::parse(&uri)
                .map_err(|e| self.err(p.uri.span(), "location.printer.uri", e.to_string()))?;
            printers.push(PrinterConfig {
                key,
                name: p.name,
                uri,
            });
        }
        Ok(printers)
    }
}

/// `dir://data/prints/` (a virtual printer's folder relative to the server's working
/// directory, as the demo uses) becomes `dir:///abs/path/data/prints/`; other URIs are kept.
fn absolute_dir_uri(uri: &str) -> String {
    match uri.strip_prefix("dir://") {
        Some(rest) if !rest.starts_with('/') => {
            let cwd = std::env::current_dir().unwrap_or_default();
            format!("dir://{}/{rest}", cwd.display())
        }
        _ => uri.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{err, HEAD};
    use super::super::Config;
    use super::*;

    #[test]
    fn printers_by_uri_with_relative_folders_made_absolute() {
        let printer = |uri: &str| {
            format!(
                "{HEAD}[[location.printer]]\nkey = \"balie\"\nname = \"Balie\"\nuri = \"{uri}\"\n"
            )
        };
        let ok = Config::parse(&printer("tcp://10.0.0.20:9100"), "x").unwrap();
        assert_eq!(ok.locations[0].printers[0].uri, "tcp://10.0.0.20:9100");
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(
            absolute_dir_uri("dir://data/prints/"),
            format!("dir://{}/data/prints/", cwd.display())
        );
        assert_eq!(absolute_dir_uri("dir:///srv/prints/"), "dir:///srv/prints/");

        let e = err(&printer("tcp://10.0.0.20:9100?width=70"));
        assert_eq!((e.line, e.field.as_str()), (7, "location.printer.uri"));
        assert_eq!(
            e.message,
            "invalid printer URI \"tcp://10.0.0.20:9100?width=70\": width must be 80 or 58"
        );
    }
}
