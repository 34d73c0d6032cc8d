//! The installer's test print without the server or kiosk binaries:
//! `cargo run -p onthaal-hardware --example test_print -- tcp://10.0.0.20:9100 receipt`.

use onthaal_hardware::{test_print, Printer, SampleLayout};

fn main() {
    let mut args = std::env::args().skip(1);
    let uri = args.next().unwrap_or_else(|| "console".into());
    let which: SampleLayout = match args.next().as_deref().unwrap_or("ticket").parse() {
        Ok(w) => w,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let result = test_print(&uri, which).and_then(|_| Printer::open_str(&uri)?.status());
    match result {
        Ok(status) => println!("printed the {which} sample on {uri}; status: {status:?}"),
        Err(e) => {
            eprintln!("test print failed: {e}");
            std::process::exit(1);
        }
    }
}
