//! Layout → ESC/POS bytes.
//!
//! Commands (init, code page, alignment, emphasis, character size, native QR Model 2,
//! cut) come from the `escpos` crate, driven into an in-memory driver. Text bytes do
//! *not* go through `Printer::write`: for any character missing from its table the crate
//! falls back to encoding_rs's UTF-8 encoder and sends raw UTF-8 bytes, which print as
//! garbage, and its PC858/PC850 tables are wrong ('-' becomes 0xF0). So text is mapped
//! here by [`crate::codepage`] (WPC1252 with fallbacks) and passed as `custom` bytes;
//! the printer is switched to WPC1252 (ESC t 16) by the crate's `init`.
//!
//! Only style changes are emitted, and line feeds are a single LF, which keeps a ticket
//! around 400 bytes. Lines in a script the code page lacks come as pictures
//! ([`Row::Raster`], see [`crate::raster`]) and are sent with `GS v 0` (raster bit image,
//! normal density), one command per line, written here as the crate's raster support needs
//! its `image` feature and a decoded picture.

use crate::codepage;
use crate::layout::{Align, Layout, Paper, Row, Script, TextStyle};
use crate::raster::Bitmap;
use crate::Error;
use escpos::driver::Driver;
use escpos::printer::Printer;
use escpos::printer_options::PrinterOptions;
use escpos::utils::{
    JustifyMode, PageCode, Protocol, QRCodeCorrectionLevel, QRCodeModel, QRCodeOption,
};
use std::cell::RefCell;

/// Collects what the escpos `Printer` would send.
#[derive(Default)]
struct MemDriver(RefCell<Vec<u8>>);

impl Driver for MemDriver {
    fn name(&self) -> String {
        "memory".into()
    }
    fn write(&self, data: &[u8]) -> escpos::errors::Result<()> {
        self.0.borrow_mut().extend_from_slice(data);
        Ok(())
    }
    fn read(&self, _buf: &mut [u8]) -> escpos::errors::Result<usize> {
        Ok(0)
    }
    fn flush(&self) -> escpos::errors::Result<()> {
        Ok(())
    }
}

/// Encodes a layout to the ESC/POS bytes of one job (ends with the cut if the layout has
/// one) for a printer that prints other scripts as pictures ([`Script::Raster`], the
/// default). Pure and fast (microseconds for a Latin ticket, about a millisecond with
/// Arabic or Cyrillic lines): fine to call from async code.
pub fn encode(layout: &Layout) -> Result<Vec<u8>, Error> {
    encode_for(layout, Script::Raster)
}

/// Encodes a layout for a printer set to `script` (see [`Script`]).
pub fn encode_for(layout: &Layout, script: Script) -> Result<Vec<u8>, Error> {
    encode_rows(&layout.rows_for(script)?)
}

/// Encodes rows already produced by [`Layout::rows`].
pub fn encode_rows(rows: &[Row]) -> Result<Vec<u8>, Error> {
    let options = PrinterOptions::new(Some(PageCode::WPC1252), None, 48);
    let mut e = Encoder {
        p: Printer::new(MemDriver::default(), Protocol::default(), Some(options)),
        // The printer's state after ESC @.
        cur: TextStyle::normal(),
        line: Vec::with_capacity(64),
    };
    e.p.init().map_err(esc)?;
    for row in rows {
        row.print_on(&mut e)?;
    }
    e.p.print().map_err(esc)?;
    Ok(e.p.driver().0.into_inner())
}

fn esc(e: escpos::errors::PrinterError) -> Error {
    Error::Layout(format!("ESC/POS encoder: {e}"))
}

/// The job being written: the escpos printer, the style the printer is in, and a buffer
/// for one line's bytes.
struct Encoder {
    p: Printer<MemDriver>,
    cur: TextStyle,
    line: Vec<u8>,
}

impl Encoder {
    fn align(&mut self, align: Align) -> Result<(), Error> {
        if self.cur.align != align {
            self.p.justify(justify(align)).map_err(esc)?;
            self.cur.align = align;
        }
        Ok(())
    }
}

impl Paper for Encoder {
    fn text(&mut self, text: &str, style: &TextStyle, bold_tail: usize) -> Result<(), Error> {
        self.align(style.align)?;
        if (style.width, style.height) != (self.cur.width, self.cur.height) {
            self.p.size(style.width, style.height).map_err(esc)?;
        }
        if style.bold != self.cur.bold {
            self.p.bold(style.bold).map_err(esc)?;
        }
        self.cur = *style;
        let n = text.chars().count();
        let split = if style.bold { n } else { n - bold_tail.min(n) };
        let head: String = text.chars().take(split).collect();
        let line = &mut self.line;
        line.clear();
        line.extend(codepage::encode(&head));
        if split < n {
            let tail: String = text.chars().skip(split).collect();
            line.extend_from_slice(b"\x1bE\x01");
            line.extend(codepage::encode(&tail));
            line.extend_from_slice(b"\x1bE\x00");
        }
        line.push(b'\n');
        self.p.custom(line).map_err(esc)?;
        Ok(())
    }

    fn raster(&mut self, image: &Bitmap, _text: &str) -> Result<(), Error> {
        // The picture is as wide as the paper and carries its own alignment.
        self.align(Align::Left)?;
        let (x, y) = (image.bytes_per_row(), image.height);
        let line = &mut self.line;
        line.clear();
        line.extend_from_slice(&[0x1D, b'v', b'0', 0]);
        line.extend_from_slice(&[(x & 0xFF) as u8, (x >> 8) as u8]);
        line.extend_from_slice(&[(y & 0xFF) as u8, (y >> 8) as u8]);
        line.extend_from_slice(&image.bits);
        self.p.custom(line).map_err(esc)?;
        Ok(())
    }

    fn qr(&mut self, data: &str, module: u8, _modules: u32) -> Result<(), Error> {
        self.align(Align::Center)?;
        let option = QRCodeOption::new(QRCodeModel::Model2, module, QRCodeCorrectionLevel::M);
        self.p.qrcode_option(data, option).map_err(esc)?;
        Ok(())
    }

    fn feed(&mut self, lines: u8) -> Result<(), Error> {
        self.p.feeds(lines).map_err(esc)?;
        Ok(())
    }

    fn cut(&mut self) -> Result<(), Error> {
        self.p.cut().map_err(esc)?;
        Ok(())
    }
}

fn justify(a: Align) -> JustifyMode {
    match a {
        Align::Left => JustifyMode::LEFT,
        Align::Center => JustifyMode::CENTER,
        Align::Right => JustifyMode::RIGHT,
    }
}
