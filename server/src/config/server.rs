//! `[server]`: how the server sits in the network. Today one key, `trusted_proxies`: the
//! reverse proxies (nginx, a load balancer) whose `X-Forwarded-For` and `X-Forwarded-Proto`
//! count, given as addresses or networks (`"10.0.0.5"`, `"10.1.0.0/16"`, `"fd00::/8"`).
//! Loopback is always trusted, so nginx on the same machine needs no entry. The section and
//! the key are optional; `--trusted-proxies` (`ONTHAAL_TRUSTED_PROXIES`) adds to the list.

use std::net::IpAddr;

use toml::Spanned;

use super::raw::RawServer;
use super::{ConfigError, Validator};

/// An address or a network of addresses (CIDR), as `trusted_proxies` lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    addr: IpAddr,
    prefix: u8,
}

impl Network {
    /// `"10.0.0.5"`, `"10.1.0.0/16"`, `"2001:db8::/32"`; `None` for anything else (a host
    /// name, a prefix longer than the address).
    pub fn parse(s: &str) -> Option<Network> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (s.parse::<IpAddr>().ok()?, None),
        };
        let bits = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(bits);
        (prefix <= bits).then_some(Network { addr, prefix })
    }

    /// Whether `ip` is in this network (an IPv4-mapped IPv6 address counts as its IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr.to_canonical(), ip.to_canonical()) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                let shift = 32 - u32::from(self.prefix.min(32));
                u32::from(n).checked_shr(shift).unwrap_or(0)
                    == u32::from(a).checked_shr(shift).unwrap_or(0)
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => {
                let shift = 128 - u32::from(self.prefix);
                u128::from(n).checked_shr(shift).unwrap_or(0)
                    == u128::from(a).checked_shr(shift).unwrap_or(0)
            }
            _ => false,
        }
    }
}

/// The proxies whose forwarding headers count: the loopback addresses and these networks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(pub Vec<Network>);

impl TrustedProxies {
    pub fn trusts(&self, ip: IpAddr) -> bool {
        ip.to_canonical().is_loopback() || self.0.iter().any(|n| n.contains(ip))
    }

    /// A comma-separated list, as `--trusted-proxies` takes it.
    pub fn parse_list(s: &str) -> Result<TrustedProxies, String> {
        s.split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| Network::parse(p).ok_or_else(|| not_a_network(p)))
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }
}

fn not_a_network(s: &str) -> String {
    format!("\"{s}\" is not an address or a network; write e.g. \"10.0.0.5\" or \"10.1.0.0/16\"")
}

/// `[server]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerConfig {
    pub trusted_proxies: TrustedProxies,
}

impl Validator<'_> {
    pub(super) fn server(&self, raw: Option<RawServer>) -> Result<ServerConfig, ConfigError> {
        let Some(r) = raw else {
            return Ok(ServerConfig::default());
        };
        let proxies = r
            .trusted_proxies
            .iter()
            .map(|p: &Spanned<String>| {
                Network::parse(p.get_ref()).ok_or_else(|| {
                    self.err(
                        p.span(),
                        "server.trusted_proxies",
                        not_a_network(p.get_ref()),
                    )
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(ServerConfig {
            trusted_proxies: TrustedProxies(proxies),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{err, HEAD};
    use super::super::Config;
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn networks_hold_their_addresses() {
        let n = Network::parse("10.1.0.0/16").unwrap();
        assert!(n.contains(ip("10.1.255.3")));
        assert!(n.contains(ip("::ffff:10.1.0.9")));
        assert!(!n.contains(ip("10.2.0.1")));
        assert!(Network::parse("10.0.0.5").unwrap().contains(ip("10.0.0.5")));
        assert!(!Network::parse("10.0.0.5").unwrap().contains(ip("10.0.0.6")));
        assert!(Network::parse("0.0.0.0/0")
            .unwrap()
            .contains(ip("192.0.2.1")));
        let v6 = Network::parse("2001:db8::/32").unwrap();
        assert!(v6.contains(ip("2001:db8:5::1")));
        assert!(!v6.contains(ip("2001:db9::1")));
        assert!(!v6.contains(ip("10.0.0.1")));
        for bad in ["10.0.0.0/33", "proxy.local", "10.0.0/8", "10.0.0.1/x"] {
            assert_eq!(Network::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn loopback_is_always_trusted_and_the_list_adds_to_it() {
        let none = TrustedProxies::default();
        assert!(none.trusts(ip("127.0.0.1")) && none.trusts(ip("::1")));
        assert!(!none.trusts(ip("10.0.0.5")));
        let some = TrustedProxies::parse_list("10.0.0.5, 10.1.0.0/16").unwrap();
        assert!(some.trusts(ip("10.0.0.5")) && some.trusts(ip("10.1.2.3")));
        assert!(!some.trusts(ip("10.0.0.6")));
        assert!(TrustedProxies::parse_list("10.0.0.5,nginx")
            .unwrap_err()
            .contains("\"nginx\""));
    }

    #[test]
    fn the_server_section_names_a_bad_entry_by_its_line() {
        let c = Config::parse(
            &format!("{HEAD}[server]\ntrusted_proxies = [\"10.0.0.5\", \"10.1.0.0/16\"]\n"),
            "x.toml",
        )
        .unwrap();
        assert!(c.server.trusted_proxies.trusts(ip("10.1.9.9")));
        assert_eq!(Config::demo().server, ServerConfig::default());
        let e = err(&format!(
            "{HEAD}[server]\ntrusted_proxies = [\n  \"10.0.0.5\",\n  \"proxy\",\n]\n"
        ));
        assert_eq!((e.line, e.field.as_str()), (7, "server.trusted_proxies"));
        assert!(e.message.contains("\"proxy\""), "{e}");
    }
}
