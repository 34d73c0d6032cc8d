//! Text the printer's code page cannot print, printed as a picture.
//!
//! WPC1252 (see [`crate::codepage`]) has no Arabic, no Cyrillic and no Turkish `ğ ş ı İ`, but
//! every thermal printer we target prints raster images (`GS v 0`). A line in such a script is
//! shaped here with `rustybuzz` (Arabic letters joined, marks placed), put in visual order with
//! `unicode-bidi` (an Arabic phrase with the number `P001` or a Dutch service name reads right
//! to left around a left-to-right number), drawn with `ab_glyph` from the bundled Noto fonts
//! (`fonts/`, SIL Open Font License) and turned into 1-bit dots at printer resolution.
//!
//! The fonts are parsed once and glyph pictures are cached (both in `OnceLock`s), so a line
//! costs its shaping and a few copies; the same [`Bitmap`] goes to the printer and to the PNG
//! preview, so the preview shows exactly the dots that print.

use crate::layout::{Align, TextStyle};
use ab_glyph::{point, Font as _, FontRef, GlyphId, PxScale};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Mutex, OnceLock};
use unicode_bidi::BidiInfo;

/// The em size in dots of normal-size raster text: as tall as the printer's own Font A
/// (24-dot cells), so raster and text lines of a ticket look alike.
pub const EM_DOTS: f32 = 24.0;
/// Space above and below the ink of a raster line, in dots (the text path's 6-dot line
/// spacing, split).
const PAD: u32 = 3;
/// Dots kept blank at each side of the paper, so no glyph's overhang is cut off.
pub const INSET: u32 = 3;
/// Coverage from which a dot is printed: thermal dots are black or white.
const INK_FROM: f32 = 0.45;

static SANS: &[u8] = include_bytes!("../fonts/NotoSans-Regular.ttf");
static SANS_BOLD: &[u8] = include_bytes!("../fonts/NotoSans-Bold.ttf");
static ARABIC: &[u8] = include_bytes!("../fonts/NotoSansArabic-Regular.ttf");
static ARABIC_BOLD: &[u8] = include_bytes!("../fonts/NotoSansArabic-Bold.ttf");

/// A 1-bit picture as `GS v 0` takes it: rows of `width / 8` bytes, most significant bit
/// leftmost, 1 = a black dot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bitmap {
    /// In dots, a multiple of 8.
    pub width: u32,
    pub height: u32,
    pub bits: Vec<u8>,
}

impl Bitmap {
    fn new(width: u32, height: u32) -> Bitmap {
        let width = width.div_ceil(8) * 8;
        Bitmap {
            width,
            height,
            bits: vec![0; (width / 8 * height) as usize],
        }
    }

    pub fn bytes_per_row(&self) -> u32 {
        self.width / 8
    }

    /// Whether the dot at (x, y) is black.
    pub fn get(&self, x: u32, y: u32) -> bool {
        x < self.width
            && y < self.height
            && self.bits[(y * self.bytes_per_row() + x / 8) as usize] & (0x80 >> (x % 8)) != 0
    }

    fn set(&mut self, x: u32, y: u32) {
        if x < self.width && y < self.height {
            let i = (y * self.bytes_per_row() + x / 8) as usize;
            self.bits[i] |= 0x80 >> (x % 8);
        }
    }
}

/// The four bundled faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Face {
    Sans,
    SansBold,
    Arabic,
    ArabicBold,
}

impl Face {
    fn pick(arabic: bool, bold: bool) -> Face {
        match (arabic, bold) {
            (false, false) => Face::Sans,
            (false, true) => Face::SansBold,
            (true, false) => Face::Arabic,
            (true, true) => Face::ArabicBold,
        }
    }

    #[cfg(test)]
    fn is_arabic(self) -> bool {
        matches!(self, Face::Arabic | Face::ArabicBold)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A face parsed for shaping and for drawing, once.
struct Loaded {
    shaper: rustybuzz::Face<'static>,
    drawer: FontRef<'static>,
    units_per_em: f32,
}

fn loaded(face: Face) -> &'static Loaded {
    static FACES: OnceLock<[Loaded; 4]> = OnceLock::new();
    &FACES.get_or_init(|| {
        [SANS, SANS_BOLD, ARABIC, ARABIC_BOLD].map(|bytes| {
            let shaper = rustybuzz::Face::from_slice(bytes, 0).expect("bundled font is valid");
            let units_per_em = shaper.units_per_em() as f32;
            Loaded {
                shaper,
                drawer: FontRef::try_from_slice(bytes).expect("bundled font is valid"),
                units_per_em,
            }
        })
    })[face.index()]
}

/// Arabic letters, digits and punctuation (Arabic, Arabic Supplement, Extended-A,
/// Presentation Forms A and B).
fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Whether `text` has something WPC1252 cannot print but the bundled fonts can draw: a
/// letter or digit of another script (Arabic, Cyrillic, Greek, Latin letters such as Turkish
/// `ş`). Punctuation the code page folds to a look-alike (`‑` → `-`) does not count.
pub fn needs_raster(text: &str) -> bool {
    if text.is_ascii() {
        return false;
    }
    text.chars().any(|c| {
        crate::codepage::byte_for(c).is_none()
            && (c.is_alphanumeric() || is_arabic(c))
            && (is_arabic(c) || loaded(Face::Sans).shaper.glyph_index(c).is_some())
    })
}

/// One glyph placed on a line, in dots from the line's left edge and its baseline.
#[derive(Debug, Clone, Copy)]
struct Placed {
    face: Face,
    glyph: u16,
    x: f32,
    y: f32,
}

/// A shaped line: glyphs left to right, its width, and the scale per font unit.
struct Shaped {
    glyphs: Vec<Placed>,
    width: f32,
    scale_x: f32,
    scale_y: f32,
    rtl: bool,
}

/// Shapes one line (no `\n`) at a style's size, in visual order.
fn shape(text: &str, bold: bool, style: TextStyle) -> Shaped {
    // The em in dots, as the ESC/POS size multipliers scale Font A.
    let (sx, sy) = (EM_DOTS * style.width as f32, EM_DOTS * style.height as f32);
    let mut out = Shaped {
        glyphs: Vec::new(),
        width: 0.0,
        scale_x: sx,
        scale_y: sy,
        rtl: false,
    };
    if text.is_empty() {
        return out;
    }
    let bidi = BidiInfo::new(text, None);
    let Some(para) = bidi.paragraphs.first() else {
        return out;
    };
    out.rtl = para.level.is_rtl();
    let (levels, runs) = bidi.visual_runs(para, para.range.clone());
    for run in runs {
        let rtl = levels[run.start].is_rtl();
        let mut pieces = font_runs(text, run, bold);
        // Inside a right-to-left run the pieces follow each other leftwards.
        if rtl {
            pieces.reverse();
        }
        for (face, range) in pieces {
            let f = loaded(face);
            let mut buffer = rustybuzz::UnicodeBuffer::new();
            buffer.push_str(&text[range]);
            buffer.set_direction(if rtl {
                rustybuzz::Direction::RightToLeft
            } else {
                rustybuzz::Direction::LeftToRight
            });
            buffer.guess_segment_properties();
            let plan = plan_for(face, &buffer);
            let shaped = rustybuzz::shape_with_plan(&f.shaper, &plan, buffer);
            let (kx, ky) = (sx / f.units_per_em, sy / f.units_per_em);
            for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
                out.glyphs.push(Placed {
                    face,
                    glyph: info.glyph_id as u16,
                    x: out.width + pos.x_offset as f32 * kx,
                    y: -(pos.y_offset as f32) * ky,
                });
                out.width += pos.x_advance as f32 * kx;
            }
        }
    }
    out
}

/// Shapes with the face's plan for the buffer's direction and script, made once: making a
/// plan (which font features apply) costs more than shaping a short line.
fn plan_for(face: Face, buffer: &rustybuzz::UnicodeBuffer) -> std::sync::Arc<rustybuzz::ShapePlan> {
    type PlanKey = (Face, bool, rustybuzz::Script);
    static PLANS: OnceLock<Mutex<HashMap<PlanKey, std::sync::Arc<rustybuzz::ShapePlan>>>> =
        OnceLock::new();
    let rtl = buffer.direction() == rustybuzz::Direction::RightToLeft;
    let key = (face, rtl, buffer.script());
    {
        let plans = PLANS.get_or_init(|| Mutex::new(HashMap::new()));
        let mut plans = plans.lock().unwrap_or_else(|e| e.into_inner());
        plans
            .entry(key)
            .or_insert_with(|| {
                std::sync::Arc::new(rustybuzz::ShapePlan::new(
                    &loaded(face).shaper,
                    buffer.direction(),
                    Some(buffer.script()),
                    buffer.language().as_ref(),
                    &[],
                ))
            })
            .clone()
    }
}

/// Splits a bidi run into pieces drawn with one face: Arabic characters with Noto Sans
/// Arabic, the rest with Noto Sans; spaces, digits and punctuation stay with their
/// neighbours so a phrase is shaped in one piece.
fn font_runs(text: &str, run: Range<usize>, bold: bool) -> Vec<(Face, Range<usize>)> {
    let chars: Vec<(usize, char)> = text[run.clone()]
        .char_indices()
        .map(|(i, c)| (run.start + i, c))
        .collect();
    let strong: Vec<Option<bool>> = chars
        .iter()
        .map(|&(_, c)| {
            if is_arabic(c) {
                Some(true)
            } else if c.is_alphabetic() {
                Some(false)
            } else {
                None
            }
        })
        .collect();
    let mut pieces: Vec<(Face, Range<usize>)> = Vec::new();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let arabic = strong[k]
            .or_else(|| strong[..k].iter().rev().find_map(|s| *s))
            .or_else(|| strong[k + 1..].iter().find_map(|s| *s))
            .unwrap_or(false);
        let mut face = Face::pick(arabic, bold);
        if loaded(face).shaper.glyph_index(c).is_none() {
            face = Face::pick(!arabic, bold);
        }
        let end = i + c.len_utf8();
        match pieces.last_mut() {
            Some((f, r)) if *f == face => r.end = end,
            _ => pieces.push((face, i..end)),
        }
    }
    pieces
}

/// The width in dots of `text` on one line at `style`'s size.
pub fn measure(text: &str, style: TextStyle) -> u32 {
    shape(text, style.bold, style).width.ceil() as u32
}

/// Whether the paragraph reads right to left (its first strong letter is Arabic).
pub fn is_rtl(text: &str) -> bool {
    BidiInfo::new(text, None)
        .paragraphs
        .first()
        .is_some_and(|p| p.level.is_rtl())
}

/// Wraps a paragraph into lines that fit paper `paper_dots` wide (less the [`INSET`]s) at
/// `style`'s size, breaking at spaces (a word wider than a line is split between characters).
pub fn wrap(text: &str, paper_dots: u32, style: TextStyle) -> Vec<String> {
    let max_dots = paper_dots.saturating_sub(2 * INSET);
    let fits = |s: &str| measure(s, style) <= max_dots;
    if fits(text) {
        return vec![text.trim_end().to_owned()];
    }
    // Words are measured once each and added up (shaping does not join across a space); a
    // line that seems full is measured whole before it is closed, so it always fits.
    let space = shape(" ", style.bold, style).width;
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut width = 0.0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let w = shape(word, style.bold, style).width;
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        let guess = if line.is_empty() {
            w
        } else {
            width + space + w
        };
        if guess <= max_dots as f32 - 1.0 || (guess <= max_dots as f32 + 1.0 && fits(&candidate)) {
            line = candidate;
            width = guess;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        width = w;
        if w <= max_dots as f32 {
            line = word.to_owned();
        } else {
            // Split a long word where it stops fitting.
            for c in word.chars() {
                let mut next = line.clone();
                next.push(c);
                if !line.is_empty() && !fits(&next) {
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                } else {
                    line = next;
                }
            }
            width = shape(&line, style.bold, style).width;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A cached glyph picture: coverage per pixel and where it sits relative to the pen.
struct GlyphPicture {
    left: i32,
    top: i32,
    width: u32,
    height: u32,
    coverage: Vec<f32>,
}

type GlyphKey = (Face, u16, u32, u32);

fn with_glyph<R>(key: GlyphKey, f: impl FnOnce(&GlyphPicture) -> R) -> R {
    static CACHE: OnceLock<Mutex<HashMap<GlyphKey, GlyphPicture>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    let pic = cache.entry(key).or_insert_with(|| {
        let (face, glyph, sx, sy) = key;
        let font = &loaded(face).drawer;
        let upem = loaded(face).units_per_em;
        // ab_glyph scales by the font's height (ascent − descent), not by its em.
        let h = font.height_unscaled();
        let scale = PxScale {
            x: f32::from_bits(sx) * h / upem,
            y: f32::from_bits(sy) * h / upem,
        };
        let g = GlyphId(glyph).with_scale_and_position(scale, point(0.0, 0.0));
        match font.outline_glyph(g) {
            Some(outline) => {
                let b = outline.px_bounds();
                let (w, hh) = (b.width() as u32, b.height() as u32);
                let mut coverage = vec![0.0; (w * hh) as usize];
                outline.draw(|x, y, c| {
                    if x < w && y < hh {
                        coverage[(y * w + x) as usize] = c;
                    }
                });
                GlyphPicture {
                    left: b.min.x as i32,
                    top: b.min.y as i32,
                    width: w,
                    height: hh,
                    coverage,
                }
            }
            None => GlyphPicture {
                left: 0,
                top: 0,
                width: 0,
                height: 0,
                coverage: Vec::new(),
            },
        }
    });
    f(pic)
}

/// Pieces of one printed line: shaped text at a horizontal offset.
struct Piece {
    shaped: Shaped,
    x: f32,
}

/// Draws pieces onto one bitmap as wide as the paper, as tall as their ink needs (at least
/// a Latin line's ascent and descent, so lines keep an even rhythm).
fn draw(pieces: &[Piece], paper_dots: u32, scale_y: f32) -> Bitmap {
    // A Latin line's capitals and descenders; taller ink (Arabic marks, `Ї`) widens it.
    let mut ascent = (0.9 * scale_y).ceil() as i32;
    let mut descent = (0.25 * scale_y).ceil() as i32;
    let key = |p: &Placed, s: &Shaped| (p.face, p.glyph, s.scale_x.to_bits(), s.scale_y.to_bits());
    for piece in pieces {
        for g in &piece.shaped.glyphs {
            with_glyph(key(g, &piece.shaped), |pic| {
                if pic.height > 0 {
                    let top = pic.top + g.y.round() as i32;
                    ascent = ascent.max(-top);
                    descent = descent.max(top + pic.height as i32);
                }
            });
        }
    }
    let baseline = PAD as i32 + ascent;
    let height = (PAD as i32 * 2 + ascent + descent) as u32;
    let mut cov = vec![0.0f32; (paper_dots * height) as usize];
    for piece in pieces {
        for g in &piece.shaped.glyphs {
            let pen_x = (piece.x + g.x).round() as i32;
            let pen_y = baseline + g.y.round() as i32;
            with_glyph(key(g, &piece.shaped), |pic| {
                for yy in 0..pic.height {
                    for xx in 0..pic.width {
                        let (x, y) = (pen_x + pic.left + xx as i32, pen_y + pic.top + yy as i32);
                        if x >= 0 && y >= 0 && (x as u32) < paper_dots && (y as u32) < height {
                            let c = &mut cov[(y as u32 * paper_dots + x as u32) as usize];
                            *c = (*c + pic.coverage[(yy * pic.width + xx) as usize]).min(1.0);
                        }
                    }
                }
            });
        }
    }
    let mut bmp = Bitmap::new(paper_dots, height);
    for y in 0..height {
        for x in 0..paper_dots {
            if cov[(y * paper_dots + x) as usize] >= INK_FROM {
                bmp.set(x, y);
            }
        }
    }
    bmp
}

/// One line of text as a picture as wide as the paper, aligned as `style` says; a
/// right-to-left paragraph's "left" is its start, the right edge.
pub fn line(text: &str, style: TextStyle, paper_dots: u32) -> Bitmap {
    let shaped = shape(text, style.bold, style);
    let free = (paper_dots as f32 - 2.0 * INSET as f32 - shaped.width).max(0.0);
    let x = INSET as f32
        + match (style.align, shaped.rtl) {
            (Align::Center, _) => (free / 2.0).floor(),
            (Align::Left, false) | (Align::Right, true) => 0.0,
            (Align::Right, false) | (Align::Left, true) => free,
        };
    let scale_y = shaped.scale_y;
    draw(&[Piece { shaped, x }], paper_dots, scale_y)
}

/// A label and its value on one normal-size line: the label at the start, the value
/// (bold if asked) at the end — mirrored for a right-to-left label. `None` if they do not
/// fit together.
pub fn pair(label: &str, value: &str, bold_value: bool, paper_dots: u32) -> Option<Bitmap> {
    let normal = TextStyle::normal();
    let l = shape(label, false, normal);
    let v = shape(value, bold_value, normal);
    let gap = EM_DOTS / 2.0;
    let room = (paper_dots - 2 * INSET) as f32;
    if l.width + gap + v.width > room {
        return None;
    }
    let start = INSET as f32;
    let end = |s: &Shaped| start + room - s.width;
    let (lx, vx) = if l.rtl {
        (end(&l), start)
    } else {
        (start, end(&v))
    };
    Some(draw(
        &[Piece { shaped: l, x: lx }, Piece { shaped: v, x: vx }],
        paper_dots,
        EM_DOTS,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ink_columns(b: &Bitmap) -> Vec<u32> {
        (0..b.width)
            .filter(|&x| (0..b.height).any(|y| b.get(x, y)))
            .collect()
    }

    #[test]
    fn what_needs_a_picture() {
        assert!(!needs_raster("Uw nummer: P001 – é è € “oké”"));
        assert!(!needs_raster("a\u{2011}b → c"));
        assert!(needs_raster("رقمك"));
        assert!(needs_raster("Ваш номер"));
        assert!(needs_raster("Sıra numaranız"));
        assert!(needs_raster("Borç danışmanlığı"));
    }

    #[test]
    fn arabic_is_joined_and_right_aligned() {
        let style = TextStyle::normal();
        // Joined letters are narrower than the same letters alone.
        let joined = measure("سلام", style);
        let apart = ["س", "ل", "ا", "م"].iter().map(|c| measure(c, style)).sum();
        assert!(joined < apart, "{joined} vs {apart}");
        let b = line("رقمك", style, 576);
        assert_eq!(b.width, 576);
        let cols = ink_columns(&b);
        assert!(
            cols[0] > 400,
            "an Arabic line starts at the right: {cols:?}"
        );
    }

    #[test]
    fn an_arabic_phrase_with_a_number_keeps_the_number_left_to_right() {
        let style = TextStyle::normal();
        // In an Arabic sentence, the Latin run stays in one piece, and the Arabic
        // words are placed to its right and left as the reading order says.
        let s = shape("رقمك P001 هنا", false, style);
        assert!(s.rtl);
        let latin: Vec<&Placed> = s.glyphs.iter().filter(|g| g.face == Face::Sans).collect();
        assert_eq!(latin.len(), 4, "P001 shaped as four Latin glyphs");
        let ids: Vec<u16> = latin.iter().map(|g| g.glyph).collect();
        let p = loaded(Face::Sans).shaper.glyph_index('P').unwrap().0;
        assert_eq!(ids[0], p, "P comes first, at the left of the number");
        // "هنا" (the last word logically) is at the far left, "رقمك" at the far right.
        let first_latin_x = latin[0].x;
        assert!(s
            .glyphs
            .iter()
            .any(|g| g.face.is_arabic() && g.x < first_latin_x));
        assert!(s
            .glyphs
            .iter()
            .any(|g| g.face.is_arabic() && g.x > latin[3].x));
    }

    #[test]
    fn wraps_within_the_paper() {
        let style = TextStyle::normal();
        let text = "إذا لم تستطع الحضور، ألغِ موعدك أو غيّره: اتصل بالرقم 09 123 45 67 أو أخبر مكتب الاستقبال";
        let lines = wrap(text, 384, style);
        assert!(lines.len() >= 2);
        for l in &lines {
            assert!(measure(l, style) <= 384 - 2 * INSET, "{l}");
        }
        assert_eq!(lines.join(" "), text);
    }
}
