//! The built-in demo configuration: a sociaal huis whose walk-in services are always open,
//! with published passwords, for trying Onthaal on an empty database.

use super::{Config, ConfigSource};

/// The built-in demo configuration: a sociaal huis whose walk-in services are always open.
pub const DEMO_TOML: &str = include_str!("../../config/demo.toml");

impl Config {
    /// The built-in demo configuration.
    pub fn demo() -> Config {
        let mut c = Config::parse_demo(DEMO_TOML, "built-in demo configuration")
            .expect("the demo config is valid");
        c.source = ConfigSource::Demo;
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_and_the_example_are_valid() {
        let demo = Config::demo();
        let loc = &demo.locations[0];
        for key in ["id-team", "permanentie", "schuldhulp", "huur", "afspraak"] {
            assert!(loc.services.iter().any(|s| s.key == key), "{key}");
        }
        assert!(loc
            .services
            .iter()
            .filter(|s| s.walk_in)
            .all(|s| s.schedule.always_open));
        assert!(loc.desks.iter().any(|d| d.kind == "spreekkamer"));
        let example =
            Config::parse(include_str!("../../config/example.toml"), "example.toml").unwrap();
        assert!(example.locations[0]
            .services
            .iter()
            .any(|s| !s.schedule.always_open));
    }
}
