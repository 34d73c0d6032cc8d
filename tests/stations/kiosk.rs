//! Kiosk station tests (being built).
