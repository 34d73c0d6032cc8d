//! Printing at the reception: the ontvangstbewijs and the referral slip go to a reception
//! printer through `hardware`, on the blocking pool (a printer that does not answer must not
//! hold up the async threads). A printer that cannot print is a 503 the desk app shows; what
//! was registered stays registered and can be printed again.

use axum::http::StatusCode;
use onthaal_hardware::layout::printed_language_for;
use onthaal_hardware::{Layout, PaperWidth, Printer, PrinterUri};
use onthaal_wire::{Lang, Printed};

use super::error::ApiError;
use crate::usecases::PrintTarget;

/// The language a document for a visitor speaking `lang` prints in on `target`: their own,
/// but French for Arabic on a printer set to `script=text` (no raster support), so that not a
/// word of it, the service's name included, prints as question marks.
pub fn printed_lang(target: &PrintTarget, lang: Lang) -> Lang {
    let printed = match PrinterUri::parse(&target.uri) {
        Ok(uri) => printed_language_for(lang.code(), uri.script),
        Err(_) => lang.code(),
    };
    Lang::parse(printed).unwrap_or(lang)
}

pub async fn print<F>(target: &PrintTarget, build: F) -> Result<Printed, ApiError>
where
    F: FnOnce(PaperWidth) -> Layout + Send + 'static,
{
    let uri = target.uri.clone();
    let name = target.name.clone();
    let job = tokio::task::spawn_blocking(move || {
        let printer = Printer::open(&PrinterUri::parse(&uri)?)?;
        let layout = build(printer.paper_width());
        printer.print(&layout)
    })
    .await
    .map_err(|_| ApiError::internal())?;
    match job {
        Ok(job) => Ok(Printed {
            printer: target.name.clone(),
            bytes: job.bytes,
        }),
        Err(e) => {
            tracing::warn!(printer = %name, error = %e, "reception print failed");
            let code = if e.is_printer_unavailable() {
                "printer_unavailable"
            } else {
                "printer_error"
            };
            Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                code,
                format!("{name} cannot print: {e}"),
            ))
        }
    }
}
