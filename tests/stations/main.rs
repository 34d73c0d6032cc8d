//! The stations against the real server: the kiosk (tickets chosen on its page, printed,
//! seen by displays; honest failures) and the display (calls shown, filtering, reconnects).

mod display;
mod kiosk;
