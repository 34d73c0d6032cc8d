//! The one error type of the crate. Each variant is a situation the kiosk or reception
//! reacts to differently (tell the visitor to go to the desk, alert the reception, fix the
//! configuration); messages are written for the installer reading a log.

use std::io;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The printer URI cannot be understood.
    #[error("invalid printer URI {uri:?}: {reason}")]
    InvalidUri { uri: String, reason: String },

    /// Cannot connect, or the printer did not answer within the timeout.
    #[error("printer {printer} is unreachable: {reason}")]
    Unreachable { printer: String, reason: String },

    /// Sending the job failed part way; `written` of `total` bytes went out, so the
    /// paper may hold a partial ticket.
    #[error(
        "printer {printer}: sending the job failed after {written} of {total} bytes: {source}"
    )]
    Io {
        printer: String,
        written: usize,
        total: usize,
        #[source]
        source: io::Error,
    },

    #[error("printer {printer} is out of paper")]
    PaperOut { printer: String },

    #[error("printer {printer} has its cover open")]
    CoverOpen { printer: String },

    /// Answers but cannot print (error state, feed button held, …).
    #[error("printer {printer} is offline: {reason}")]
    Offline { printer: String, reason: String },

    /// The printer answered something that is not an ESC/POS status byte.
    #[error(
        "printer {printer} sent an unexpected status answer ({detail}); is it an ESC/POS printer?"
    )]
    Protocol { printer: String, detail: String },

    /// A transport this build or this printer does not support.
    #[error("{0}")]
    Unsupported(String),

    /// The layout cannot be encoded (e.g. a QR payload that is too long).
    #[error("cannot lay out the print job: {0}")]
    Layout(String),

    /// The PNG preview could not be produced.
    #[error("cannot render the preview: {0}")]
    Preview(String),
}

impl Error {
    /// True when nothing reached the paper and trying again later (or on another
    /// printer) makes sense: unreachable, out of paper, cover open, offline.
    pub fn is_printer_unavailable(&self) -> bool {
        matches!(
            self,
            Error::Unreachable { .. }
                | Error::PaperOut { .. }
                | Error::CoverOpen { .. }
                | Error::Offline { .. }
        )
    }
}
