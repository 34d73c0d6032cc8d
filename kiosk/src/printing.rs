//! The kiosk's ticket printer: prints through `onthaal-hardware` off the async threads, and
//! keeps the printer's state in the [`View`](crate::View), from where the page shows it and
//! the server connection reports it to reception.
//!
//! The state is learnt three ways: from every print (a refused job says why), from a status
//! request after every print (paper near end still prints, but reception should know), and
//! from a poll every [`POLL_EVERY`], so a refilled printer is noticed without a visitor
//! having to try first.

use std::sync::Arc;
use std::time::{Duration, Instant};

use onthaal_hardware::{Error, Printer, PrinterStatus, PrinterUri, TicketLayout};
use onthaal_wire::{PrinterReport, PrinterState};
use tokio::sync::watch;

use crate::Shared;

pub const POLL_EVERY: Duration = Duration::from_secs(5);

pub struct TicketPrinter {
    printer: Printer,
    /// One job at a time: a network printer takes one connection per job, and two tickets
    /// must not come out interleaved.
    lock: tokio::sync::Mutex<()>,
}

/// What became of one print.
#[derive(Debug, Clone)]
pub struct Printed {
    pub ok: bool,
    /// The printer's state after the job.
    pub report: PrinterReport,
    /// When the job's bytes were handed to the printer driver.
    pub handed_over: Option<Instant>,
}

/// `dir://data/kiosk-printer/` (the demo default) → `dir:///current/dir/data/kiosk-printer/`:
/// the hardware crate only takes absolute paths, but a relative one is what an installer
/// types when trying the kiosk from its folder. `file://` likewise; other URIs unchanged.
pub fn absolute_uri(uri: &str) -> String {
    for scheme in ["dir://", "file://"] {
        if let Some(rest) = uri.strip_prefix(scheme) {
            if !rest.starts_with('/') && !rest.is_empty() {
                if let Ok(cwd) = std::env::current_dir() {
                    return format!("{scheme}{}/{rest}", cwd.display());
                }
            }
        }
    }
    uri.to_string()
}

impl TicketPrinter {
    pub fn open(uri: &str) -> Result<TicketPrinter, Error> {
        Ok(TicketPrinter {
            printer: Printer::open(&PrinterUri::parse(&absolute_uri(uri))?)?,
            lock: tokio::sync::Mutex::new(()),
        })
    }

    pub fn printer(&self) -> &Printer {
        &self.printer
    }

    /// Prints a ticket; never fails — a refused job is reported, not raised, because the
    /// ticket exists either way and the visitor must see it on screen.
    pub async fn print(&self, ticket: TicketLayout) -> Printed {
        let _one_at_a_time = self.lock.lock().await;
        let printer = self.printer.clone();
        let job = tokio::task::spawn_blocking(move || {
            let layout = ticket.to_layout(printer.paper_width());
            let handed_over = Instant::now();
            let result = printer.print(&layout);
            let after = match &result {
                Ok(_) => report_of(printer.status()),
                Err(e) => report_of_error(e),
            };
            (result.map(|_| ()), after, handed_over)
        })
        .await;
        match job {
            Ok((result, report, handed_over)) => {
                if let Err(e) = &result {
                    tracing::warn!(error = %e, "ticket not printed");
                }
                Printed {
                    ok: result.is_ok(),
                    report,
                    handed_over: Some(handed_over),
                }
            }
            Err(e) => Printed {
                ok: false,
                report: PrinterReport {
                    state: PrinterState::Error,
                    message: Some(format!("printing crashed: {e}")),
                },
                handed_over: None,
            },
        }
    }

    /// Asks the printer for its state (blocking work on a blocking thread).
    pub async fn status(&self) -> PrinterReport {
        let _one_at_a_time = self.lock.lock().await;
        let printer = self.printer.clone();
        tokio::task::spawn_blocking(move || report_of(printer.status()))
            .await
            .unwrap_or_else(|e| PrinterReport {
                state: PrinterState::Error,
                message: Some(format!("status request crashed: {e}")),
            })
    }
}

/// The wire report for a status answer.
pub fn report_of(status: Result<PrinterStatus, Error>) -> PrinterReport {
    match status {
        Ok(s) => match s.check("the ticket printer") {
            Ok(()) if s.paper_near_end => PrinterReport {
                state: PrinterState::PaperNearEnd,
                message: Some("the paper roll is nearly empty; put in a new one soon".into()),
            },
            Ok(()) => PrinterReport {
                state: PrinterState::Ok,
                message: None,
            },
            Err(e) => report_of_error(&e),
        },
        Err(e) => report_of_error(&e),
    }
}

/// The wire report for a refused or failed job.
pub fn report_of_error(e: &Error) -> PrinterReport {
    let state = match e {
        Error::PaperOut { .. } => PrinterState::PaperOut,
        Error::CoverOpen { .. } => PrinterState::CoverOpen,
        Error::Offline { .. } => PrinterState::Offline,
        Error::Unreachable { .. } => PrinterState::Unreachable,
        _ => PrinterState::Error,
    };
    PrinterReport {
        state,
        message: Some(e.to_string()),
    }
}

/// Puts a new printer report in the view (the connection task sends it to the server).
pub fn set_report(shared: &Shared, report: PrinterReport) {
    shared.view.send_if_modified(|v| {
        if v.printer == report {
            false
        } else {
            if report.state.is_failure() {
                tracing::warn!(state = ?report.state, message = ?report.message, "printer problem");
            } else {
                tracing::info!(state = ?report.state, "printer state");
            }
            v.printer = report;
            true
        }
    });
}

/// Polls the printer until `stop` flips.
pub async fn watch_printer(shared: Arc<Shared>, mut stop: watch::Receiver<bool>) {
    loop {
        let report = shared.printer.status().await;
        set_report(&shared, report);
        tokio::select! {
            _ = tokio::time::sleep(POLL_EVERY) => {}
            _ = stop.changed() => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_printer_folders_become_absolute() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(
            absolute_uri("dir://data/kiosk-printer/"),
            format!("dir://{}/data/kiosk-printer/", cwd.display())
        );
        assert_eq!(absolute_uri("dir:///var/prints/"), "dir:///var/prints/");
        assert_eq!(absolute_uri("tcp://10.0.0.20:9100"), "tcp://10.0.0.20:9100");
        assert!(PrinterUri::parse(&absolute_uri("dir://data/kiosk-printer/")).is_ok());
    }
}
