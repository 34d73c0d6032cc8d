//! Display station tests (being built).
