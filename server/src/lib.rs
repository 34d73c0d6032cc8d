//! The Onthaal server: ticket queues for the reception of a sociaal huis, live updates to
//! waiting-room displays and desks, and the REST API behind the kiosk and the desk app.
//!
//! Layers, from the inside out:
//! - [`domain`]: the rules (ticket states, numbering, hours, call-next policy, estimates), no I/O;
//! - [`store`]: SQLite or PostgreSQL, one transaction per state change, events in the same one;
//! - [`hub`]: committed changes fanned out to WebSocket clients, projected per client kind;
//! - [`http`]: the routes; [`app`] puts it together; [`config`] reads the TOML file.

pub mod app;
pub mod clock;
pub mod config;
pub mod connections;
pub mod domain;
pub mod http;
pub mod hub;
pub mod notify;
pub mod store;
