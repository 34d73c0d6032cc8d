//! The kiosk station (being built).
