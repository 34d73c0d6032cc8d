//! The Onthaal server: ticket queues for the reception of a sociaal huis, live updates to
//! waiting-room displays and desks, and the REST API behind the kiosk and the desk app.
//!
//! Layers, from the inside out:
//! - [`domain`]: the rules (ticket states, numbering, hours, call-next policy, estimates), no I/O;
//! - [`db`]: plain SQL on SQLite or PostgreSQL, per table, the dialects and the migrations;
//! - [`engine`]: the location lock and write transaction (one per state change, its events in
//!   the same one), the live per-location state, and the hub that fans committed changes out
//!   to WebSocket clients, projected per client kind;
//! - [`usecases`]: what staff, visitors and stations can do (issue, call, transfer,
//!   appointments, …), each a write transaction that asks the domain and writes through db;
//! - [`http`]: the routes; [`app`] puts it together; [`config`] reads the TOML file.
//!
//! Each floor imports only those below it: http → usecases → engine → db → domain.

pub mod app;
pub mod clock;
pub mod config;
pub mod connections;
pub mod db;
pub mod domain;
pub mod engine;
pub mod http;
pub mod notify;
pub mod tls;
pub mod usecases;
