//! Sound: the chime (a WAV generated once at start) and speech synthesised by espeak-ng.
//!
//! The station speaks through espeak-ng rather than the browser's `speechSynthesis` by default
//! because Chromium's voices depend on what the OS happens to have installed (often no Dutch
//! voice at all on a bare Debian PC) and may need a network service; espeak-ng is a small,
//! offline Debian package with Dutch, French, English, Ukrainian, Arabic and Turkish voices.
//! The page plays the WAVs itself, in its announcement queue, so chime and speech can never
//! overlap. When espeak-ng is missing the page falls back to `speechSynthesis`.

use std::collections::VecDeque;
use std::f32::consts::PI;
use std::process::Command;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use onthaal_wire::Lang;
use tokio::sync::OnceCell;

use crate::announce::espeak_voice;

/// How the display makes sound. Chosen on the command line; see display/README.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SoundMode {
    /// espeak-ng if it is installed, otherwise the browser's speech.
    Auto,
    /// Chime, then the station's espeak-ng speech (WAVs played by the page).
    Espeak,
    /// Chime, then the browser's `speechSynthesis`.
    Browser,
    /// Chime only, no speech.
    Chime,
    /// No sound at all; the screen still shows everything.
    Silent,
}

impl SoundMode {
    /// Settles `Auto` by looking for espeak-ng.
    pub fn resolve(self) -> SoundMode {
        match self {
            SoundMode::Auto if espeak_available() => SoundMode::Espeak,
            SoundMode::Auto => SoundMode::Browser,
            m => m,
        }
    }

    /// The name the page branches on.
    pub fn as_str(self) -> &'static str {
        match self {
            SoundMode::Auto => "auto",
            SoundMode::Espeak => "espeak",
            SoundMode::Browser => "browser",
            SoundMode::Chime => "chime",
            SoundMode::Silent => "silent",
        }
    }
}

pub fn espeak_available() -> bool {
    Command::new("espeak-ng")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Synthesises one sentence to WAV bytes. Slow-ish speech (140 words/min instead of 175) and a
/// longer gap between words: the room is noisy and many listeners are not native speakers.
/// The speaking kiosk uses it too (onthaal-kiosk's `speech`), so both stations sound alike.
pub fn espeak_wav(lang: Lang, text: &str) -> Result<Bytes, String> {
    let out = Command::new("espeak-ng")
        .args([
            "-v",
            espeak_voice(lang),
            "-s",
            "140",
            "-g",
            "4",
            "--stdout",
            "--",
        ])
        .arg(text)
        .output()
        .map_err(|e| format!("espeak-ng could not run: {e}"))?;
    if !out.status.success() || out.stdout.len() < 44 {
        return Err(format!(
            "espeak-ng failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(Bytes::from(out.stdout))
}

type Cell = Arc<OnceCell<Result<Bytes, String>>>;

struct Entry {
    id: u64,
    lang: Lang,
    text: String,
    wav: Cell,
}

/// The sentences the station has announced recently, each synthesised at most once.
///
/// Only sentences the station itself composed can be synthesised (the page asks by id, not by
/// text), so the local HTTP port cannot be used to make the TV say arbitrary things.
pub struct Speech {
    entries: Mutex<(u64, VecDeque<Entry>)>,
}

const KEPT_SENTENCES: usize = 128;

impl Default for Speech {
    fn default() -> Self {
        Speech {
            entries: Mutex::new((0, VecDeque::new())),
        }
    }
}

impl Speech {
    /// Registers a sentence (or finds it again) and returns its id; synthesis starts at once in
    /// the background so the WAV is ready by the time the chime has played.
    pub fn register(&self, lang: Lang, text: &str) -> u64 {
        let (id, cell, fresh) = {
            let mut g = self.entries.lock().expect("speech lock");
            if let Some(e) = g.1.iter().find(|e| e.lang == lang && e.text == text) {
                (e.id, e.wav.clone(), false)
            } else {
                g.0 += 1;
                let id = g.0;
                let wav: Cell = Arc::new(OnceCell::new());
                g.1.push_back(Entry {
                    id,
                    lang,
                    text: text.to_string(),
                    wav: wav.clone(),
                });
                while g.1.len() > KEPT_SENTENCES {
                    g.1.pop_front();
                }
                (id, wav, true)
            }
        };
        if fresh {
            let text = text.to_string();
            tokio::spawn(async move { get_or_synth(&cell, lang, text).await });
        }
        id
    }

    /// The WAV of a registered sentence; `None` when the id is unknown (or long forgotten).
    pub async fn wav(&self, id: u64) -> Option<Result<Bytes, String>> {
        let (cell, lang, text) = {
            let g = self.entries.lock().expect("speech lock");
            let e = g.1.iter().find(|e| e.id == id)?;
            (e.wav.clone(), e.lang, e.text.clone())
        };
        Some(get_or_synth(&cell, lang, text).await)
    }
}

async fn get_or_synth(cell: &Cell, lang: Lang, text: String) -> Result<Bytes, String> {
    cell.get_or_init(|| async move {
        match tokio::task::spawn_blocking(move || espeak_wav(lang, &text)).await {
            Ok(r) => r,
            Err(e) => Err(format!("speech task failed: {e}")),
        }
    })
    .await
    .clone()
}

/// A two-tone "ding-dong" (E5 then C5, bell-like decay), 16-bit mono PCM WAV.
///
/// Generated rather than shipped as a file so the binary has no asset to lose, and so its
/// licence is plainly ours. Two falling tones are the convention visitors know from stations
/// and hospitals; the second is longer so the chime sounds finished before speech begins.
pub fn chime_wav() -> Vec<u8> {
    const RATE: u32 = 22_050;
    let tones: [(f32, f32); 2] = [(659.26, 0.45), (523.25, 0.9)];
    let mut samples: Vec<i16> = Vec::new();
    for (freq, secs) in tones {
        let n = (RATE as f32 * secs) as usize;
        for i in 0..n {
            let t = i as f32 / RATE as f32;
            // A fast attack avoids a click; the exponential decay makes it a bell, not a beep.
            let attack = (t / 0.01).min(1.0);
            let env = attack * (-3.2 * t / secs).exp();
            let v = (2.0 * PI * freq * t).sin() * 0.8 + (4.0 * PI * freq * t).sin() * 0.2;
            samples.push((v * env * 0.6 * i16::MAX as f32) as i16);
        }
    }
    let data_len = (samples.len() * 2) as u32;
    let mut w = Vec::with_capacity(44 + data_len as usize);
    w.extend_from_slice(b"RIFF");
    w.extend_from_slice(&(36 + data_len).to_le_bytes());
    w.extend_from_slice(b"WAVEfmt ");
    w.extend_from_slice(&16u32.to_le_bytes());
    w.extend_from_slice(&1u16.to_le_bytes()); // PCM
    w.extend_from_slice(&1u16.to_le_bytes()); // mono
    w.extend_from_slice(&RATE.to_le_bytes());
    w.extend_from_slice(&(RATE * 2).to_le_bytes());
    w.extend_from_slice(&2u16.to_le_bytes());
    w.extend_from_slice(&16u16.to_le_bytes());
    w.extend_from_slice(b"data");
    w.extend_from_slice(&data_len.to_le_bytes());
    for s in samples {
        w.extend_from_slice(&s.to_le_bytes());
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chime_is_a_valid_wav_of_about_a_second() {
        let w = chime_wav();
        assert_eq!(&w[0..4], b"RIFF");
        assert_eq!(&w[8..12], b"WAVE");
        let data = u32::from_le_bytes(w[40..44].try_into().unwrap()) as usize;
        assert_eq!(data + 44, w.len());
        let secs = data as f32 / 2.0 / 22_050.0;
        assert!((1.0..2.0).contains(&secs), "{secs}");
    }

    /// Every catalogue's `language-voice` is a voice espeak-ng has, so a language added as a
    /// file is spoken (checked where espeak-ng is installed, as on the display PCs).
    #[test]
    fn every_language_is_spoken_by_its_catalogue_voice() {
        for lang in Lang::all() {
            assert_eq!(espeak_voice(lang), lang.about().voice);
        }
        assert_eq!(espeak_voice(Lang::parse("fr").unwrap()), "fr-be");
        if !espeak_available() {
            return;
        }
        for lang in Lang::all() {
            let text = onthaal_i18n::format(
                lang.code(),
                "call-sentence",
                &[("number", "P 23"), ("desk", "Loket 2")],
            );
            let wav = espeak_wav(lang, &text).unwrap_or_else(|e| panic!("{lang}: {e}"));
            assert_eq!(&wav[0..4], b"RIFF", "{lang}");
        }
    }

    #[tokio::test]
    async fn sentences_are_registered_once_and_unknown_ids_refused() {
        let s = Speech::default();
        let a = s.register(Lang::NL, "Nummer P 1, naar Loket 1.");
        let b = s.register(Lang::NL, "Nummer P 1, naar Loket 1.");
        let c = s.register(Lang::parse("fr").unwrap(), "Numéro P 1, à Loket 1.");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(s.wav(999).await.is_none());
        if espeak_available() {
            let wav = s.wav(a).await.unwrap().unwrap();
            assert_eq!(&wav[0..4], b"RIFF");
        }
    }
}
