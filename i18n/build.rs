//! Embeds every `<lang>.ftl` beside this file, so that adding a language is adding one file:
//! no list of languages to keep in step with the folder.

use std::{env, fs, path::Path};

fn main() {
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest_dir);
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut langs: Vec<String> = fs::read_dir(dir)
        .expect("the i18n folder is readable")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            let lang = name.strip_suffix(".ftl")?;
            Some(lang.to_string())
        })
        .collect();
    langs.sort();
    let mut out =
        String::from("/// Every catalogue, as (language code, Fluent source), by code.\n");
    out.push_str("pub(crate) static CATALOGUES: &[(&str, &str)] = &[\n");
    for lang in &langs {
        let path = dir.join(format!("{lang}.ftl"));
        println!("cargo:rerun-if-changed={}", path.display());
        out.push_str(&format!(
            "    ({lang:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("catalogues.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}
