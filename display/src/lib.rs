//! The display station (being built).
