//! The server's API suite: the real server on port 0, real HTTP and WebSocket clients.
//!
//! Tests marked with `both!` are the conformance suite: each runs once on SQLite and once on
//! PostgreSQL (a fresh database per test; skipped outside CI when PostgreSQL is not there).

#[macro_use]
extern crate onthaal_tests;

mod absences;
mod accounts;
mod admin_availability;
mod admin_locations;
mod admin_partners;
mod admin_services;
mod appointment_access;
mod appointment_print;
mod appointments;
mod auth;
mod bad_input;
mod closures;
mod concurrency;
mod config_cli;
mod connections;
mod csrf;
mod desk_work;
mod devices;
mod edge;
mod instances;
mod live;
mod metrics;
mod numbering;
mod online_booking;
mod pairing;
mod queue;
mod reminders;
mod restart;
mod simulator;
mod station_frames;
mod stats;
mod status;
mod ticket_print;
