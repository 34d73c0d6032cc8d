//! The stations against the real server: the kiosk (tickets chosen on its page, printed,
//! seen by displays; honest failures), the display (calls shown, filtering, reconnects), and
//! both paired with a one-time code.

mod display;
mod kiosk;
mod pairing;
