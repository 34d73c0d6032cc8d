//! What the paper will look like: a PNG rendering and a plain-text dump of a [`Layout`].
//!
//! Both are drawn from [`Layout::rows`], the same physical lines the ESC/POS encoder
//! sends, so the preview cannot drift from the bytes. The PNG is at printer resolution
//! (203 dpi, 576 dots for 80 mm, 384 for 58 mm): Font A cells of 12×24 dots scaled by the
//! size multipliers, drawn with DejaVu Sans Mono (bundled, see `fonts/LICENSE`), QR codes
//! at the module size sent to the printer, and a dashed line where the cutter cuts. Lines
//! printed as pictures (Arabic, Cyrillic, …; see [`crate::raster`]) are drawn dot for dot
//! from the same bitmap the `GS v 0` command carries.

use crate::layout::{Align, Layout, Paper, Row, Script, TextStyle};
use crate::raster::Bitmap;
use crate::Error;
use ab_glyph::{point, Font, FontRef, PxScale, ScaleFont};
use std::sync::OnceLock;

/// Blank paper above the first line.
pub const TOP_MARGIN: u32 = 24;
/// Default ESC/POS line spacing (ESC 2) of a TM-T20 class printer, in dots.
pub const LINE_SPACING: u32 = 30;
/// How far the printer feeds the paper between the last line and the cut (GS V 65 0
/// feeds to the cutter, which sits about 14 mm above the print head).
pub const CUTTER_FEED: u32 = 110;
/// Font A cell.
pub const CELL_W: u32 = 12;
pub const CELL_H: u32 = 24;

static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSansMono.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSansMono-Bold.ttf");

fn font(bold: bool) -> &'static FontRef<'static> {
    static R: OnceLock<FontRef<'static>> = OnceLock::new();
    static B: OnceLock<FontRef<'static>> = OnceLock::new();
    let (cell, bytes) = if bold { (&B, BOLD) } else { (&R, REGULAR) };
    cell.get_or_init(|| FontRef::try_from_slice(bytes).expect("bundled font is valid"))
}

/// An 8-bit greyscale picture of the paper (0 = black, 255 = white).
#[derive(Debug, Clone)]
pub struct Image {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

impl Image {
    fn new(width: u32, height: u32) -> Image {
        Image {
            width,
            height,
            pixels: vec![255; (width * height) as usize],
        }
    }

    fn darken(&mut self, x: i64, y: i64, ink: u8) {
        if x >= 0 && y >= 0 && (x as u32) < self.width && (y as u32) < self.height {
            let p = &mut self.pixels[(y as u32 * self.width + x as u32) as usize];
            *p = (*p).min(255 - ink);
        }
    }

    fn fill(&mut self, x: u32, y: u32, w: u32, h: u32, ink: u8) {
        for yy in y..y + h {
            for xx in x..x + w {
                self.darken(xx as i64, yy as i64, ink);
            }
        }
    }

    /// The share of pixels that are not white (for tests).
    pub fn ink_ratio(&self) -> f64 {
        let inked = self.pixels.iter().filter(|&&p| p < 200).count();
        inked as f64 / self.pixels.len() as f64
    }

    /// Encodes the image as an 8-bit greyscale PNG.
    pub fn to_png(&self) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, self.width, self.height);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::Eight);
        let err = |e: png::EncodingError| Error::Preview(e.to_string());
        let mut w = enc.write_header().map_err(err)?;
        w.write_image_data(&self.pixels).map_err(err)?;
        w.finish().map_err(err)?;
        Ok(out)
    }
}

fn row_height(row: &Row) -> u32 {
    match row {
        Row::Text { style, .. } => CELL_H * style.height as u32 + (LINE_SPACING - CELL_H),
        Row::Qr {
            module, modules, ..
        } => *module as u32 * modules + 6,
        Row::Raster { image, .. } => image.height,
        Row::Feed(n) => *n as u32 * LINE_SPACING,
        Row::Cut => CUTTER_FEED + 16,
    }
}

/// Renders the layout as a printer that prints other scripts as pictures (the default)
/// would print it.
pub fn render(layout: &Layout) -> Result<Image, Error> {
    render_for(layout, Script::Raster)
}

/// Renders the layout as a printer set to `script` would print it.
pub fn render_for(layout: &Layout, script: Script) -> Result<Image, Error> {
    let rows = layout.rows_for(script)?;
    let width = layout.width.dots();
    let height = TOP_MARGIN + rows.iter().map(row_height).sum::<u32>() + 8;
    let mut canvas = Canvas {
        img: Image::new(width, height),
        y: TOP_MARGIN,
    };
    for row in &rows {
        row.print_on(&mut canvas)?;
        canvas.y += row_height(row);
    }
    let mut img = canvas.img;
    // Faint paper edges, so the preview reads as a strip of paper on a white page.
    for yy in 0..height {
        img.darken(0, yy as i64, 40);
        img.darken(width as i64 - 1, yy as i64, 40);
    }
    Ok(img)
}

/// The picture being drawn, and the top of the next row on it.
struct Canvas {
    img: Image,
    y: u32,
}

impl Paper for Canvas {
    fn text(&mut self, text: &str, style: &TextStyle, bold_tail: usize) -> Result<(), Error> {
        let (cw, ch) = (CELL_W * style.width as u32, CELL_H * style.height as u32);
        let n = text.chars().count() as u32;
        let x0 = style.align.offset(self.img.width.saturating_sub(n * cw));
        let bold_from = n.saturating_sub(bold_tail as u32);
        for (i, c) in text.chars().enumerate() {
            let bold = style.bold || i as u32 >= bold_from;
            draw_char(&mut self.img, c, bold, x0 + i as u32 * cw, self.y, cw, ch);
        }
        Ok(())
    }

    fn raster(&mut self, image: &Bitmap, _text: &str) -> Result<(), Error> {
        for yy in 0..image.height {
            for xx in 0..image.width.min(self.img.width) {
                if image.get(xx, yy) {
                    self.img.darken(xx as i64, (self.y + yy) as i64, 255);
                }
            }
        }
        Ok(())
    }

    fn qr(&mut self, data: &str, module: u8, modules: u32) -> Result<(), Error> {
        let code = qrcode::QrCode::with_error_correction_level(data, crate::layout::QR_EC)
            .map_err(|e| Error::Layout(format!("QR code: {e}")))?;
        let m = module as u32;
        let n = code.width() as u32;
        debug_assert_eq!(n, modules);
        let x0 = self.img.width.saturating_sub(n * m) / 2;
        for (i, color) in code.to_colors().iter().enumerate() {
            if *color == qrcode::Color::Dark {
                let (cx, cy) = (i as u32 % n, i as u32 / n);
                self.img.fill(x0 + cx * m, self.y + cy * m, m, m, 255);
            }
        }
        Ok(())
    }

    fn feed(&mut self, _lines: u8) -> Result<(), Error> {
        Ok(())
    }

    fn cut(&mut self) -> Result<(), Error> {
        let (cy, width) = (self.y + CUTTER_FEED, self.img.width);
        let mut x = 0;
        while x < width {
            self.img.fill(x, cy, 10.min(width - x), 2, 150);
            x += 18;
        }
        Ok(())
    }
}

/// Renders the layout straight to PNG bytes.
pub fn render_png(layout: &Layout) -> Result<Vec<u8>, Error> {
    render(layout)?.to_png()
}

/// Renders the layout as a printer set to `script` prints it, as PNG bytes.
pub fn render_png_for(layout: &Layout, script: Script) -> Result<Vec<u8>, Error> {
    render_for(layout, script)?.to_png()
}

fn draw_char(img: &mut Image, c: char, bold: bool, x: u32, y: u32, cw: u32, ch: u32) {
    if c == ' ' || c == '\u{A0}' {
        return;
    }
    let f = font(bold);
    let id = f.glyph_id(c);
    let adv = f.h_advance_unscaled(f.glyph_id('0'));
    let h = f.height_unscaled();
    // Scale so that one advance fills the cell width and ascent+descent its height.
    let scale = PxScale {
        x: cw as f32 * h / adv,
        y: ch as f32,
    };
    let ascent = f.as_scaled(scale).ascent();
    let glyph = id.with_scale_and_position(scale, point(x as f32, y as f32 + ascent));
    if let Some(outline) = f.outline_glyph(glyph) {
        let b = outline.px_bounds();
        outline.draw(|gx, gy, cov| {
            let ink = (cov.clamp(0.0, 1.0) * 255.0) as u8;
            img.darken(b.min.x as i64 + gx as i64, b.min.y as i64 + gy as i64, ink);
        });
    }
}

/// A human-readable dump of what the paper shows: text in a box as wide as the paper
/// (double-width characters are spread out), sizes and bold noted on the right, QR codes
/// and the cut marked. Used by the `console` printer.
pub fn text_dump(layout: &Layout) -> Result<String, Error> {
    text_dump_for(layout, Script::Raster)
}

/// The text dump of what a printer set to `script` prints; picture lines show their text,
/// marked `raster`.
pub fn text_dump_for(layout: &Layout, script: Script) -> Result<String, Error> {
    let cols = layout.width.columns();
    let rows = layout.rows_for(script)?;
    let edge = format!("+{}+\n", "-".repeat(cols));
    let mut dump = Dump {
        out: edge.clone(),
        cols,
    };
    for row in &rows {
        row.print_on(&mut dump)?;
    }
    let mut out = dump.out;
    if !matches!(rows.last(), Some(Row::Cut)) {
        out.push_str(&edge);
    }
    Ok(out)
}

/// The text dump being written, `cols` characters between its edges.
struct Dump {
    out: String,
    cols: usize,
}

impl Dump {
    /// One line of the box: `body` placed by `align`, then `note` after the edge.
    fn line(&mut self, body: &str, align: Align, note: &str) {
        let n = body.chars().count().min(self.cols);
        let body: String = body.chars().take(self.cols).collect();
        let pad = self.cols - n;
        let left = align.offset(pad);
        self.out.push_str(&format!(
            "|{}{body}{}|{note}\n",
            " ".repeat(left),
            " ".repeat(pad - left)
        ));
    }

    fn blank(&mut self) {
        self.line("", Align::Left, "");
    }
}

impl Paper for Dump {
    fn text(&mut self, text: &str, style: &TextStyle, bold_tail: usize) -> Result<(), Error> {
        let w = style.width as usize;
        let spread: String = text
            .chars()
            .flat_map(|c| std::iter::once(c).chain(std::iter::repeat_n(' ', w - 1)))
            .collect();
        let mut notes = Vec::new();
        if style.width > 1 || style.height > 1 {
            notes.push(format!("{}x{}", style.width, style.height));
        }
        if style.bold {
            notes.push("bold".into());
        } else if bold_tail > 0 {
            notes.push("value bold".into());
        }
        let note = if notes.is_empty() {
            String::new()
        } else {
            format!(" {}", notes.join(" "))
        };
        self.line(&spread, style.align, &note);
        for _ in 1..style.height {
            self.blank();
        }
        Ok(())
    }

    fn raster(&mut self, _image: &Bitmap, text: &str) -> Result<(), Error> {
        self.line(text, Align::Left, " raster");
        Ok(())
    }

    fn qr(&mut self, data: &str, module: u8, modules: u32) -> Result<(), Error> {
        let label = format!("[QR {modules}x{modules}, {module} dots/module]");
        for line in std::iter::once(label).chain(crate::layout::wrap(data, self.cols)) {
            self.line(&line, Align::Center, "");
        }
        Ok(())
    }

    fn feed(&mut self, lines: u8) -> Result<(), Error> {
        for _ in 0..lines {
            self.blank();
        }
        Ok(())
    }

    fn cut(&mut self) -> Result<(), Error> {
        let dashes =
            |n: usize| -> String { (0..n).map(|i| if i % 2 == 0 { '-' } else { ' ' }).collect() };
        let left = (self.cols - 5) / 2;
        self.out.push_str(&format!(
            "+{} cut {}+\n",
            dashes(left),
            dashes(self.cols - 5 - left)
        ));
        Ok(())
    }
}
