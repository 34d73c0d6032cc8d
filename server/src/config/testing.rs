//! What the configuration's unit tests share: the smallest valid file to build on, and the
//! error a text gives.

use super::{Config, ConfigError};

/// A location with nothing in it: lines 1–3 of every test file.
pub(super) const HEAD: &str = "[[location]]\nkey = \"c\"\nname = \"C\"\n";

/// An always-open service `a` (five lines), for tests that need one to refer to.
pub(super) const SERVICE: &str = "[[location.service]]\nkey = \"a\"\nprefix = \"A\"\nnames = { nl = \"A\" }\nalways_open = true\n";

/// The error that `text`, as `x.toml`, is refused with.
pub(super) fn err(text: &str) -> ConfigError {
    Config::parse(text, "x.toml").unwrap_err()
}
