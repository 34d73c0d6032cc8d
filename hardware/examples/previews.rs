//! Writes a PNG preview, the ESC/POS bytes and a text dump of every sample layout for both
//! paper widths: `cargo run -p onthaal-hardware --example previews -- /tmp/previews`.

use onthaal_hardware::{
    encode, preview, sample, AppointmentConfirmation, PaperWidth, SampleLayout, Script,
    TicketLayout,
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
    // Every visitor language (one per catalogue, i18n/<code>.ftl) in its own script, and as a
    // printer set to `script=text` prints it. Services are named as the kiosk names them: in
    // the visitor's language where the configuration has a name in it, else in Dutch.
    for lang in onthaal_i18n::languages() {
        let service = match lang {
            "ar" => "المساعدة في السكن",
            "uk" => "Допомога з житлом",
            "tr" => "Borç danışmanlığı",
            _ => "Schuldhulpverlening",
        };
        let note = format!(
            "{} — Spreekkamer 2",
            onthaal_i18n::text(lang, "check-in-note")
        );
        let ticket = TicketLayout {
            lang: lang.into(),
            note_line: Some(note.clone()),
            number: "A107".into(),
            service_name: service.into(),
            ..sample::ticket()
        };
        let confirmation = AppointmentConfirmation {
            lang: lang.into(),
            service_name: service.into(),
            ..sample::appointment()
        };
        for (width, mm) in [(PaperWidth::Mm80, 80), (PaperWidth::Mm58, 58)] {
            for (name, layout) in [
                ("ticket", ticket.to_layout(width)),
                ("appointment", confirmation.to_layout(width)),
            ] {
                for script in [Script::Raster, Script::Text] {
                    let suffix = if script == Script::Text { "-text" } else { "" };
                    let path = format!("{dir}/{name}-{lang}-{mm}mm{suffix}.png");
                    std::fs::write(&path, preview::render_png_for(&layout, script)?)?;
                    println!("{path}");
                }
            }
        }
    }
    Ok(())
}
