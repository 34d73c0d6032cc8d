//! What to print, as data: a [`Layout`] is a list of [`Block`]s (text with a size, weight
//! and alignment, label/value pairs, rules, QR codes, feeds, a cut) for one paper width.
//!
//! Callers describe *what* goes on the paper — usually through [`TicketLayout`],
//! [`ReceiptLayout`], [`ReferralLayout`] or [`AppointmentConfirmation`] — and never write escape codes. [`Layout::rows`]
//! turns the blocks into physical printer lines (text already mapped to WPC1252 and
//! wrapped at word boundaries for its character size); both the ESC/POS encoder and the
//! PNG preview are driven from those rows, so the preview shows what the printer prints.

mod appointment;
mod phrases;
mod receipt;
mod referral;
mod ticket;

pub use appointment::AppointmentConfirmation;
pub use phrases::{printed_language, printed_language_for, Phrase};
pub use receipt::ReceiptLayout;
pub use referral::ReferralLayout;
pub use ticket::TicketLayout;

use crate::{codepage, raster};

/// Paper roll width. Both are printed with Font A (12×24 dots) at 203 dpi.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PaperWidth {
    /// 80 mm paper: 72 mm printable = 576 dots = 48 columns.
    #[default]
    Mm80,
    /// 58 mm paper: 48 mm printable = 384 dots = 32 columns.
    Mm58,
}

impl PaperWidth {
    /// Characters per line at normal size (Font A).
    pub fn columns(self) -> usize {
        match self {
            PaperWidth::Mm80 => 48,
            PaperWidth::Mm58 => 32,
        }
    }

    /// Printable width in dots.
    pub fn dots(self) -> u32 {
        match self {
            PaperWidth::Mm80 => 576,
            PaperWidth::Mm58 => 384,
        }
    }

    /// Parses "80", "80mm", "58", "58mm".
    pub fn parse(s: &str) -> Option<PaperWidth> {
        match s.trim().trim_end_matches("mm") {
            "80" => Some(PaperWidth::Mm80),
            "58" => Some(PaperWidth::Mm58),
            _ => None,
        }
    }
}

/// Horizontal alignment of a printed line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

/// How a text line is printed. `width`/`height` are the ESC/POS character size multipliers
/// (1..=8): a double-width line holds half as many characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TextStyle {
    pub width: u8,
    pub height: u8,
    pub bold: bool,
    pub align: Align,
}

impl Default for TextStyle {
    fn default() -> Self {
        TextStyle {
            width: 1,
            height: 1,
            bold: false,
            align: Align::Left,
        }
    }
}

impl TextStyle {
    pub fn normal() -> Self {
        Self::default()
    }
    pub fn size(mut self, width: u8, height: u8) -> Self {
        self.width = width.clamp(1, 8);
        self.height = height.clamp(1, 8);
        self
    }
    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
    pub fn center(mut self) -> Self {
        self.align = Align::Center;
        self
    }
    pub fn right(mut self) -> Self {
        self.align = Align::Right;
        self
    }
}

/// One element of a layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph, wrapped at word boundaries; `\n` starts a new line.
    Text { text: String, style: TextStyle },
    /// A label on the left and a value on the right of one normal-size line (the label
    /// wraps if both do not fit).
    Pair {
        label: String,
        value: String,
        bold_value: bool,
    },
    /// A full-width line of one character, e.g. `-` or `=`.
    Rule(char),
    /// A native QR code (Model 2, error correction M), centred, with the largest module
    /// size (at most 8 dots) that keeps it within `max_dots` wide.
    Qr { data: String, max_dots: u32 },
    /// Blank lines.
    Feed(u8),
    /// Feed to the cutter and cut.
    Cut,
}

/// What to print on one job: blocks for a given paper width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub width: PaperWidth,
    pub blocks: Vec<Block>,
    /// What a printer set to [`Script::Text`] prints instead, when this layout's language
    /// has no useful form in the code page (an Arabic ticket prints its French version).
    pub text_only: Option<Box<Layout>>,
}

/// How a printer prints text its code page (WPC1252) lacks — Arabic, Cyrillic, Turkish
/// `ğ ş ı İ` — a printer setting (`?script=raster|text` in the printer URI).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Script {
    /// As a raster image (`GS v 0`), shaped and in right-to-left order where the script
    /// needs it; text the code page has still prints as text (the default).
    #[default]
    Raster,
    /// Always as code-page text: Cyrillic transliterated, missing diacritics dropped,
    /// Arabic layouts in French (for printers without raster support).
    Text,
}

impl Script {
    /// Parses `raster` or `text`.
    pub fn parse(s: &str) -> Option<Script> {
        match s.trim() {
            "raster" => Some(Script::Raster),
            "text" => Some(Script::Text),
            _ => None,
        }
    }
}

/// A physical printer line, derived from a [`Layout`] by [`Layout::rows`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// Text that fits the line at its size; contains only WPC1252 characters. The last
    /// `bold_tail` characters are printed bold even if `style.bold` is off (the value of a
    /// [`Block::Pair`]).
    Text {
        text: String,
        style: TextStyle,
        bold_tail: usize,
    },
    /// A line drawn as a picture as wide as the paper (text in a script the code page
    /// lacks); `text` is what it says, for the console dump.
    Raster {
        image: raster::Bitmap,
        text: String,
    },
    /// A QR code symbol with its module size in dots.
    Qr {
        data: String,
        module: u8,
        modules: u32,
    },
    Feed(u8),
    Cut,
}

/// What rows are printed on: the ESC/POS encoder, the PNG preview and the text dump. One
/// method a kind of row, so the three walk a layout the same way ([`Row::print_on`]).
pub(crate) trait Paper {
    fn text(&mut self, text: &str, style: &TextStyle, bold_tail: usize)
        -> Result<(), crate::Error>;
    fn raster(&mut self, image: &raster::Bitmap, text: &str) -> Result<(), crate::Error>;
    fn qr(&mut self, data: &str, module: u8, modules: u32) -> Result<(), crate::Error>;
    fn feed(&mut self, lines: u8) -> Result<(), crate::Error>;
    fn cut(&mut self) -> Result<(), crate::Error>;
}

impl Row {
    /// Puts this row on `paper`.
    pub(crate) fn print_on(&self, paper: &mut impl Paper) -> Result<(), crate::Error> {
        match self {
            Row::Text {
                text,
                style,
                bold_tail,
            } => paper.text(text, style, *bold_tail),
            Row::Raster { image, text } => paper.raster(image, text),
            Row::Qr {
                data,
                module,
                modules,
            } => paper.qr(data, *module, *modules),
            Row::Feed(n) => paper.feed(*n),
            Row::Cut => paper.cut(),
        }
    }
}

impl Align {
    /// Where a line starts when `free` columns (or dots) of the paper are left over.
    pub(crate) fn offset<N>(self, free: N) -> N
    where
        N: Copy + Default + std::ops::Div<Output = N> + From<u8>,
    {
        match self {
            Align::Left => N::default(),
            Align::Center => free / N::from(2),
            Align::Right => free,
        }
    }
}

/// Error correction level used for every QR code (M: 15 %, the usual for printed URLs).
pub const QR_EC: qrcode::EcLevel = qrcode::EcLevel::M;

impl Layout {
    pub fn new(width: PaperWidth) -> Layout {
        Layout {
            width,
            blocks: Vec::new(),
            text_only: None,
        }
    }

    /// Appends a block (builder style).
    pub fn push(&mut self, block: Block) -> &mut Self {
        self.blocks.push(block);
        self
    }

    pub fn text(&mut self, text: impl Into<String>, style: TextStyle) -> &mut Self {
        self.push(Block::Text {
            text: text.into(),
            style,
        })
    }

    pub fn pair(&mut self, label: impl Into<String>, value: impl Into<String>) -> &mut Self {
        self.push(Block::Pair {
            label: label.into(),
            value: value.into(),
            bold_value: true,
        })
    }

    pub fn rule(&mut self, c: char) -> &mut Self {
        self.push(Block::Rule(c))
    }

    pub fn qr(&mut self, data: impl Into<String>, max_dots: u32) -> &mut Self {
        self.push(Block::Qr {
            data: data.into(),
            max_dots,
        })
    }

    pub fn feed(&mut self, lines: u8) -> &mut Self {
        self.push(Block::Feed(lines))
    }

    pub fn cut(&mut self) -> &mut Self {
        self.push(Block::Cut)
    }

    /// The physical lines for a printer that prints other scripts as pictures (the
    /// default, [`Script::Raster`]).
    pub fn rows(&self) -> Result<Vec<Row>, crate::Error> {
        self.rows_for(Script::Raster)
    }

    /// The physical lines, in order, for a printer set to `script`. Fails only for a QR
    /// payload too long for a QR code.
    pub fn rows_for(&self, script: Script) -> Result<Vec<Row>, crate::Error> {
        if script == Script::Text {
            if let Some(fallback) = &self.text_only {
                return fallback.rows_for(Script::Text);
            }
        }
        let raster = script == Script::Raster;
        let cols = self.width.columns();
        let dots = self.width.dots();
        let mut rows = Vec::with_capacity(self.blocks.len() + 8);
        for block in &self.blocks {
            match block {
                Block::Text { text, style } => {
                    let per_line = (cols / style.width as usize).max(1);
                    for para in text.split('\n') {
                        if raster && raster::needs_raster(para) {
                            for line in raster::wrap(para, dots, *style) {
                                rows.push(Row::Raster {
                                    image: raster::line(&line, *style, dots),
                                    text: line,
                                });
                            }
                        } else {
                            for line in wrap(para, per_line) {
                                rows.push(Row::text(line, *style));
                            }
                        }
                    }
                }
                Block::Pair {
                    label,
                    value,
                    bold_value,
                } if raster && (raster::needs_raster(label) || raster::needs_raster(value)) => {
                    raster_pair_rows(&mut rows, label, value, *bold_value, dots)
                }
                Block::Pair {
                    label,
                    value,
                    bold_value,
                } => pair_rows(&mut rows, label, value, *bold_value, cols),
                Block::Rule(c) => {
                    let c = codepage::sanitize(&c.to_string())
                        .chars()
                        .next()
                        .unwrap_or('-');
                    rows.push(Row::text(
                        std::iter::repeat_n(c, cols).collect(),
                        TextStyle::normal(),
                    ));
                }
                Block::Qr { data, max_dots } => {
                    let modules = qr_modules(data)?;
                    let fit = (max_dots.min(&self.width.dots()) / modules).clamp(1, 8);
                    rows.push(Row::Qr {
                        data: data.clone(),
                        module: fit as u8,
                        modules,
                    });
                }
                Block::Feed(n) => rows.push(Row::Feed(*n)),
                Block::Cut => rows.push(Row::Cut),
            }
        }
        Ok(rows)
    }
}

/// Width in modules of the QR code (Model 2, level M) for `data`, as the printer will
/// choose it (smallest version that holds the data).
pub fn qr_modules(data: &str) -> Result<u32, crate::Error> {
    let bits = qrcode::bits::encode_auto(data.as_bytes(), QR_EC).map_err(|e| {
        crate::Error::Layout(format!(
            "QR code data of {} bytes cannot be encoded: {e}",
            data.len()
        ))
    })?;
    match bits.version() {
        qrcode::Version::Normal(v) => Ok(17 + 4 * v as u32),
        qrcode::Version::Micro(v) => Ok(9 + 2 * v as u32),
    }
}

/// A label–value pair with text the code page lacks: on one picture line if both fit
/// (the label at the reading start, the value at the end), else the label's lines and then
/// the value's at the end side.
fn raster_pair_rows(rows: &mut Vec<Row>, label: &str, value: &str, bold_value: bool, dots: u32) {
    if let Some(image) = raster::pair(label, value, bold_value, dots) {
        rows.push(Row::Raster {
            image,
            text: format!("{label}  {value}"),
        });
        return;
    }
    let normal = TextStyle::normal();
    let end = if raster::is_rtl(label) {
        normal
    } else {
        normal.right()
    };
    for (text, style) in [
        (label, normal),
        (
            value,
            TextStyle {
                bold: bold_value,
                ..end
            },
        ),
    ] {
        for line in raster::wrap(text, dots, style) {
            rows.push(Row::Raster {
                image: raster::line(&line, style, dots),
                text: line,
            });
        }
    }
}

fn pair_rows(rows: &mut Vec<Row>, label: &str, value: &str, bold_value: bool, cols: usize) {
    let label = codepage::sanitize(label);
    let value = codepage::sanitize(value);
    let vlen = value.chars().count();
    let tail = if bold_value { vlen } else { 0 };
    let mut label_lines = wrap(&label, cols);
    let last = label_lines.pop().unwrap_or_default();
    let llen = last.chars().count();
    for line in label_lines {
        rows.push(Row::text(line, TextStyle::normal()));
    }
    if llen + 1 + vlen <= cols || (llen == 0 && vlen <= cols) {
        rows.push(Row::Text {
            text: format!("{last}{}{value}", " ".repeat(cols - llen - vlen)),
            style: TextStyle::normal(),
            bold_tail: tail,
        });
    } else {
        rows.push(Row::text(last, TextStyle::normal()));
        let style = TextStyle {
            bold: bold_value,
            ..TextStyle::normal().right()
        };
        for line in wrap(&value, cols) {
            rows.push(Row::text(line, style));
        }
    }
}

impl Row {
    fn text(text: String, style: TextStyle) -> Row {
        Row::Text {
            text,
            style,
            bold_tail: 0,
        }
    }
}

/// Sanitizes `text` to WPC1252 (see [`codepage`]) and wraps it into lines of at most
/// `cols` characters, breaking at spaces (words longer than a line are split). `\n`
/// forces a line break; an empty paragraph gives an empty line.
pub fn wrap(text: &str, cols: usize) -> Vec<String> {
    let cols = cols.max(1);
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let para = codepage::sanitize(para);
        // Leading spaces are kept on the first line (hanging indents of list items).
        let indent = (para.len() - para.trim_start_matches(' ').len()).min(cols / 2);
        let mut line = " ".repeat(indent);
        let mut len = indent;
        // Where the words of the current line start (the indent on the first line only).
        let mut start = indent;
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let mut word: Vec<char> = word.chars().collect();
            while !word.is_empty() {
                let wlen = word.len();
                let empty = len == start;
                if !empty && len + 1 + wlen <= cols {
                    line.push(' ');
                    line.extend(word.drain(..));
                    len += 1 + wlen;
                } else if empty && len + wlen <= cols {
                    line.extend(word.drain(..));
                    len += wlen;
                } else if !empty {
                    lines.push(std::mem::take(&mut line));
                    (len, start) = (0, 0);
                } else {
                    // A word longer than a line is split.
                    line.extend(word.drain(..cols - len));
                    lines.push(std::mem::take(&mut line));
                    (len, start) = (0, 0);
                }
            }
        }
        if len > start || para.trim().is_empty() {
            lines.push(line);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_word_boundaries() {
        assert_eq!(
            wrap("Volg uw beurt op uw gsm", 10),
            vec!["Volg uw", "beurt op", "uw gsm"]
        );
        assert_eq!(wrap("abcdefghijkl xy", 5), vec!["abcde", "fghij", "kl xy"]);
        assert_eq!(wrap("a\n\nb", 5), vec!["a", "", "b"]);
        assert_eq!(wrap("", 5), vec![""]);
        assert_eq!(wrap("Ваш номер", 4), vec!["Vash", "nome", "r"]);
        assert_eq!(wrap("  maand", 10), vec!["  maand"]);
    }

    #[test]
    fn rows_respect_columns_per_size() {
        for width in [PaperWidth::Mm80, PaperWidth::Mm58] {
            let mut l = Layout::new(width);
            l.text(
                "Dienst schuldhulpverlening en budgetbeheer — tweede verdieping",
                TextStyle::normal().size(2, 2),
            )
            .pair("Geschatte wachttijd voor deze dienst vandaag", "± 15 min")
            .rule('=');
            for row in l.rows().unwrap() {
                if let Row::Text { text, style, .. } = row {
                    assert!(
                        text.chars().count() * style.width as usize <= width.columns(),
                        "{text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn qr_module_fits() {
        let mut l = Layout::new(PaperWidth::Mm58);
        l.qr("https://onthaal.example.be/s/abcdefghijklmnop", 160);
        match &l.rows().unwrap()[0] {
            Row::Qr {
                module, modules, ..
            } => assert!(*module as u32 * modules <= 160 && *module >= 3),
            r => panic!("{r:?}"),
        }
    }
}
