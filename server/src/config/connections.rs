//! `[connections]`: limits that keep slow or silent clients from holding the server's
//! sockets. Every key is optional; the section itself is too.

use toml::Spanned;

use super::raw::RawConnections;
use super::{ConfigError, Validator};

/// `[connections]`: limits that keep slow or silent clients from holding the server's sockets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Seconds a client has to send a complete request head (line and headers), counted from
    /// the moment the connection opens or its previous response was sent; so it is also how
    /// long an idle keep-alive connection stays open.
    pub header_timeout_s: u64,
    /// Seconds a client has to send a request's whole body once its head arrived.
    pub body_timeout_s: u64,
    /// At most this many HTTP connections at once (0: sized from the process's limit on open
    /// files); above it, the oldest idle connection is closed for each new one.
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            header_timeout_s: 10,
            body_timeout_s: 30,
            max_connections: 0,
        }
    }
}

impl Validator<'_> {
    pub(super) fn connections(
        &self,
        raw: Option<Spanned<RawConnections>>,
    ) -> Result<ConnectionLimits, ConfigError> {
        let Some(c) = raw else {
            return Ok(ConnectionLimits::default());
        };
        let span = c.span();
        let c = c.into_inner();
        let d = ConnectionLimits::default();
        let limits = ConnectionLimits {
            header_timeout_s: c.header_timeout_s.unwrap_or(d.header_timeout_s),
            body_timeout_s: c.body_timeout_s.unwrap_or(d.body_timeout_s),
            max_connections: c.max_connections.unwrap_or(d.max_connections),
        };
        // A zero timeout would close every connection before its first request.
        if limits.header_timeout_s == 0 || limits.body_timeout_s == 0 {
            return Err(self.err(
                span,
                "connections",
                "header_timeout_s and body_timeout_s must be at least 1 second",
            ));
        }
        Ok(limits)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{err, HEAD};
    use super::super::{Config, ConfigSource};
    use super::*;

    #[test]
    fn connection_limits_and_where_a_configuration_came_from() {
        assert_eq!(Config::demo().source, ConfigSource::Demo);
        assert_eq!(Config::demo().connections, ConnectionLimits::default());
        let with = Config::parse(
            &format!("{HEAD}[connections]\nheader_timeout_s = 2\nmax_connections = 40\n"),
            "huis.toml",
        )
        .unwrap();
        assert_eq!(with.source, ConfigSource::File("huis.toml".into()));
        assert_eq!(
            with.connections,
            ConnectionLimits {
                header_timeout_s: 2,
                body_timeout_s: 30,
                max_connections: 40
            }
        );
        let zero = err(&format!("{HEAD}\n[connections]\nbody_timeout_s = 0\n"));
        assert_eq!((zero.line, zero.field.as_str()), (5, "connections"));
        assert_eq!(
            zero.message,
            "header_timeout_s and body_timeout_s must be at least 1 second"
        );
        assert!(err(&format!("{HEAD}[connections]\nidle = 3\n"))
            .message
            .contains("idle"));
    }
}
