//! Renders 10,000 tickets to ESC/POS bytes and prints the time per ticket and the size, for a
//! French ticket (text only) and for Arabic and Ukrainian ones (their phrases as pictures):
//! `cargo run --release -p onthaal-hardware --example render_bench`.

use onthaal_hardware::{encode, sample, PaperWidth, TicketLayout};
use std::time::Instant;

fn main() {
    const N: u32 = 10_000;
    for (lang, service) in [
        ("fr", "Permanence sociale"),
        ("ar", "المساعدة في السكن"),
        ("uk", "Допомога з житлом"),
    ] {
        let mut ticket = TicketLayout {
            lang: lang.into(),
            service_name: service.into(),
            ..sample::ticket()
        };
        for width in [PaperWidth::Mm80, PaperWidth::Mm58] {
            let mut bytes = 0;
            let start = Instant::now();
            for i in 0..N {
                // A different number each time, as at the kiosk.
                ticket.number = format!("P{:03}", i % 1000);
                let out = encode::encode(&ticket.to_layout(width)).expect("ticket encodes");
                bytes = std::hint::black_box(out).len();
            }
            let per = start.elapsed().as_secs_f64() * 1e6 / N as f64;
            println!(
                "{lang} {width:?}: {per:.1} µs/ticket (layout + ESC/POS), {bytes} bytes/ticket"
            );
        }
    }
}
