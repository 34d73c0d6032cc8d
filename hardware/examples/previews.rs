//! Writes a PNG preview, the ESC/POS bytes and a text dump of every sample layout for both
//! paper widths: `cargo run -p onthaal-hardware --example previews -- /tmp/previews`.

use onthaal_hardware::{
    encode, preview, sample, AppointmentConfirmation, PaperWidth, SampleLayout, TicketLayout,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/onthaal-previews".into());
    std::fs::create_dir_all(&dir)?;
    for which in SampleLayout::ALL {
        for (width, mm) in [(PaperWidth::Mm80, 80), (PaperWidth::Mm58, 58)] {
            let layout = which.layout(width);
            let base = format!("{dir}/{which}-{mm}mm");
            let img = preview::render(&layout)?;
            std::fs::write(format!("{base}.png"), img.to_png()?)?;
            std::fs::write(format!("{base}.bin"), encode::encode(&layout)?)?;
            std::fs::write(format!("{base}.txt"), preview::text_dump(&layout)?)?;
            println!("{base}.png  {}x{} px", img.width, img.height);
        }
    }
    // The visitor languages that need a fallback (transliteration, French for Arabic).
    for lang in ["uk", "ar", "tr", "nl"] {
        let ticket = TicketLayout {
            lang: lang.into(),
            note_line: None,
            number: "A107".into(),
            ..sample::ticket()
        };
        let confirmation = AppointmentConfirmation {
            lang: lang.into(),
            ..sample::appointment()
        };
        for (name, layout) in [
            ("ticket", ticket.to_layout(PaperWidth::Mm58)),
            ("appointment", confirmation.to_layout(PaperWidth::Mm58)),
        ] {
            let path = format!("{dir}/{name}-{lang}-58mm.png");
            std::fs::write(&path, preview::render_png(&layout)?)?;
            println!("{path}");
        }
    }
    Ok(())
}
