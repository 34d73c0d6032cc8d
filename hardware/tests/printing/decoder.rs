//! A small ESC/POS decoder for the commands the crate emits, written independently of the
//! crate (its own WPC1252 table) so the tests check the bytes, not the encoder's intent.

/// WPC1252 0x80..=0x9F; '\0' marks unassigned bytes.
const HIGH: &str = "€\0‚ƒ„…†‡ˆ‰Š‹Œ\0Ž\0\0‘’“”•–—˜™š›œ\0žŸ";

fn wpc1252(b: u8) -> Option<char> {
    match b {
        0x20..=0x7E | 0xA0..=0xFF => Some(b as char),
        0x80..=0x9F => HIGH.chars().nth((b - 0x80) as usize).filter(|c| *c != '\0'),
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// One printed line.
    Text {
        text: String,
        /// ESC a: 0 left, 1 centre, 2 right (at the start of the line).
        align: u8,
        width: u8,
        height: u8,
        /// Emphasis per character.
        bold: Vec<bool>,
    },
    Qr {
        model: u8,
        module: u8,
        ec: u8,
        data: Vec<u8>,
        align: u8,
    },
    /// A raster bit image (`GS v 0`): `width` dots (bytes × 8) by `height`, rows of
    /// `width / 8` bytes, most significant bit leftmost, 1 = black.
    Raster {
        width: u32,
        height: u32,
        bits: Vec<u8>,
        align: u8,
    },
    Feed(u8),
    Cut {
        mode: u8,
    },
}

/// Where a raster image has ink.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ink {
    pub dots: usize,
    /// Leftmost and rightmost inked column.
    pub left: u32,
    pub right: u32,
}

impl Item {
    /// Whether the dot at (x, y) of a raster image is black.
    pub fn dot(&self, x: u32, y: u32) -> bool {
        match self {
            Item::Raster {
                width,
                height,
                bits,
                ..
            } if x < *width && y < *height => {
                bits[(y * (width / 8) + x / 8) as usize] & (0x80 >> (x % 8)) != 0
            }
            _ => false,
        }
    }

    /// The ink of a raster image (`None` for other items or a blank image).
    pub fn ink(&self) -> Option<Ink> {
        let Item::Raster { width, height, .. } = self else {
            return None;
        };
        let mut ink: Option<Ink> = None;
        for x in 0..*width {
            let n = (0..*height).filter(|&y| self.dot(x, y)).count();
            if n > 0 {
                let i = ink.get_or_insert(Ink {
                    dots: 0,
                    left: x,
                    right: x,
                });
                i.dots += n;
                i.right = x;
            }
        }
        ink
    }
}

impl Item {
    pub fn text(&self) -> Option<&str> {
        match self {
            Item::Text { text, .. } => Some(text),
            _ => None,
        }
    }
}

#[derive(Debug, Default)]
pub struct Decoded {
    pub items: Vec<Item>,
    /// Code page selected with ESC t before the first text byte.
    pub code_page_before_text: Option<u8>,
    pub starts_with_init: bool,
}

impl Decoded {
    pub fn lines(&self) -> Vec<&str> {
        self.items.iter().filter_map(Item::text).collect()
    }

    /// All text joined with spaces (to search across wrapped lines).
    pub fn joined(&self) -> String {
        self.lines()
            .iter()
            .map(|l| l.trim())
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn find(&self, needle: &str) -> Option<&Item> {
        self.items
            .iter()
            .find(|i| i.text().is_some_and(|t| t.contains(needle)))
    }

    pub fn rasters(&self) -> Vec<&Item> {
        self.items
            .iter()
            .filter(|i| matches!(i, Item::Raster { .. }))
            .collect()
    }

    pub fn qr_codes(&self) -> Vec<&Item> {
        self.items
            .iter()
            .filter(|i| matches!(i, Item::Qr { .. }))
            .collect()
    }
}

pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    let mut d = Decoded {
        starts_with_init: bytes.starts_with(&[0x1B, 0x40]),
        ..Default::default()
    };
    let (mut align, mut width, mut height, mut bold) = (0u8, 1u8, 1u8, false);
    let mut code_page: Option<u8> = None;
    let mut seen_text = false;
    let (mut model, mut module, mut ec, mut data) = (0u8, 0u8, 0u8, Vec::new());
    let mut line = String::new();
    let mut line_bold = Vec::new();
    let mut line_size: Option<(u8, u8)> = None;
    let mut line_align = 0u8;
    let mut i = 0;
    let need = |i: usize, n: usize| -> Result<(), String> {
        if i + n <= bytes.len() {
            Ok(())
        } else {
            Err(format!("truncated command at {i}"))
        }
    };

    macro_rules! flush_line {
        () => {
            if let Some((w, h)) = line_size.take() {
                d.items.push(Item::Text {
                    text: std::mem::take(&mut line),
                    align: line_align,
                    width: w,
                    height: h,
                    bold: std::mem::take(&mut line_bold),
                });
            }
        };
    }

    while i < bytes.len() {
        let b = bytes[i];
        match b {
            0x0A => {
                if line_size.is_none() {
                    // An empty line prints as one blank line.
                    d.items.push(Item::Feed(1));
                }
                flush_line!();
                i += 1;
            }
            0x1B => {
                need(i, 2)?;
                match bytes[i + 1] {
                    b'@' => {
                        align = 0;
                        width = 1;
                        height = 1;
                        bold = false;
                        i += 2;
                    }
                    b't' => {
                        need(i, 3)?;
                        code_page = Some(bytes[i + 2]);
                        i += 3;
                    }
                    b'a' => {
                        need(i, 3)?;
                        if line_size.is_some() {
                            return Err(format!("ESC a in the middle of a line at {i}"));
                        }
                        align = bytes[i + 2] % 48;
                        i += 3;
                    }
                    b'E' => {
                        need(i, 3)?;
                        bold = bytes[i + 2] & 1 == 1;
                        i += 3;
                    }
                    b'd' => {
                        need(i, 3)?;
                        flush_line!();
                        d.items.push(Item::Feed(bytes[i + 2]));
                        i += 3;
                    }
                    other => return Err(format!("unknown ESC {other:#04x} at {i}")),
                }
            }
            0x1D => {
                need(i, 2)?;
                match bytes[i + 1] {
                    b'!' => {
                        need(i, 3)?;
                        width = (bytes[i + 2] >> 4) + 1;
                        height = (bytes[i + 2] & 0x0F) + 1;
                        i += 3;
                    }
                    b'V' => {
                        need(i, 3)?;
                        flush_line!();
                        let mode = bytes[i + 2];
                        d.items.push(Item::Cut { mode });
                        i += if matches!(mode, 65 | 66 | 97 | 98 | 103 | 104) {
                            4
                        } else {
                            3
                        };
                    }
                    b'v' => {
                        need(i, 8)?;
                        if bytes[i + 2] != b'0' {
                            return Err(format!("unknown GS v {:#04x} at {i}", bytes[i + 2]));
                        }
                        if line_size.is_some() {
                            return Err(format!("raster image in the middle of a line at {i}"));
                        }
                        if bytes[i + 3] != 0 {
                            return Err(format!(
                                "raster mode {} (not normal) at {i}",
                                bytes[i + 3]
                            ));
                        }
                        let x = bytes[i + 4] as usize + 256 * bytes[i + 5] as usize;
                        let y = bytes[i + 6] as usize + 256 * bytes[i + 7] as usize;
                        need(i + 8, x * y)?;
                        d.items.push(Item::Raster {
                            width: 8 * x as u32,
                            height: y as u32,
                            bits: bytes[i + 8..i + 8 + x * y].to_vec(),
                            align,
                        });
                        i += 8 + x * y;
                    }
                    b'(' => {
                        need(i, 5)?;
                        if bytes[i + 2] != b'k' {
                            return Err(format!("unknown GS ( {:#04x} at {i}", bytes[i + 2]));
                        }
                        let len = bytes[i + 3] as usize + 256 * bytes[i + 4] as usize;
                        need(i + 5, len)?;
                        let p = &bytes[i + 5..i + 5 + len];
                        if p[0] != 49 {
                            return Err(format!("2D symbol other than QR (cn={}) at {i}", p[0]));
                        }
                        match p[1] {
                            65 => model = p[2],
                            67 => module = p[2],
                            69 => ec = p[2],
                            80 => data = p[3..].to_vec(),
                            81 => {
                                flush_line!();
                                d.items.push(Item::Qr {
                                    model,
                                    module,
                                    ec,
                                    data: std::mem::take(&mut data),
                                    align,
                                });
                            }
                            f => return Err(format!("unknown QR function {f} at {i}")),
                        }
                        i += 5 + len;
                    }
                    other => return Err(format!("unknown GS {other:#04x} at {i}")),
                }
            }
            _ => {
                let c =
                    wpc1252(b).ok_or_else(|| format!("byte {b:#04x} at {i} is not printable"))?;
                if !seen_text {
                    seen_text = true;
                    d.code_page_before_text = code_page;
                }
                match line_size {
                    None => {
                        line_size = Some((width, height));
                        line_align = align;
                    }
                    Some(s) if s != (width, height) => {
                        return Err(format!("size changes within a line at {i}"));
                    }
                    _ => {}
                }
                line.push(c);
                line_bold.push(bold);
                i += 1;
            }
        }
    }
    if line_size.is_some() {
        return Err(format!("text without a final LF: {line:?}"));
    }
    Ok(d)
}
