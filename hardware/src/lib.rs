//! ESC/POS printing for Onthaal: ticket, receipt (ontvangstbewijs), referral and appointment
//! confirmation layouts, printer drivers addressed by URI, real-time status and PNG previews.
//!
//! This crate knows ESC/POS and nothing about queues. Callers build a [`TicketLayout`],
//! [`ReceiptLayout`] or [`ReferralLayout`] (plain data with formatted strings), turn it
//! into a [`Layout`] for the printer's paper width and hand it to a [`Printer`]:
//!
//! ```no_run
//! use onthaal_hardware::{Printer, PrinterUri};
//! # fn ticket() -> onthaal_hardware::TicketLayout { onthaal_hardware::sample::ticket() }
//! let printer = Printer::open(&PrinterUri::parse("tcp://10.0.0.20:9100")?)?;
//! printer.print(&ticket().to_layout(printer.paper_width()))?;
//! # Ok::<(), onthaal_hardware::Error>(())
//! ```
//!
//! **Blocking.** [`Printer::print`] and [`Printer::status`] block for at most the URI's
//! timeout per step (3 s by default) and never hang; call them from async code through
//! `tokio::task::spawn_blocking`. Building and encoding layouts ([`encode::encode`]) is
//! pure and takes microseconds; rendering a preview PNG takes a few milliseconds.

pub mod codepage;
pub mod driver;
pub mod encode;
mod error;
pub mod layout;
pub mod preview;
pub mod raster;
pub mod sample;

pub use driver::{PrintJob, Printer, PrinterStatus, PrinterUri, Simulation, Transport, UsbTarget};
pub use error::Error;
pub use layout::{
    Align, AppointmentConfirmation, Block, Layout, PaperWidth, ReceiptLayout, ReferralLayout, Row,
    Script, TextStyle, TicketLayout,
};
pub use sample::SampleLayout;

/// The installer's test print: prints the sample `which` on the printer at `uri`, for the
/// paper width given in the URI (`?width=58`, default 80 mm) and its script setting
/// (`?script=raster|text`). Blocks (see crate docs).
pub fn test_print(uri: &str, which: SampleLayout) -> Result<(), Error> {
    let printer = Printer::open(&PrinterUri::parse(uri)?)?;
    printer.print(&which.layout(printer.paper_width()))?;
    Ok(())
}
