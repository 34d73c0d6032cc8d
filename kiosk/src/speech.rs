//! The speaking kiosk's voice (EN 301 549 clause 5.1.3: closed functionality speaks): the page,
//! in speech mode, asks the station to say a text in a language and plays the WAV it gets.
//!
//! The voice is espeak-ng, synthesised by the same code as the waiting-room display's
//! announcements (`onthaal_display::sound`), so both stations need one Debian package and no
//! OS voice set-up, offline. Without espeak-ng the station answers `503 no_voice` and the page
//! falls back to the browser's `speechSynthesis`.
//!
//! Every text asked for is kept in a short log (`GET /api/spoken`): what a blind visitor heard
//! can be checked, by the browser tests and by a technician.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use axum::body::Bytes;
use onthaal_wire::Lang;
use serde::{Deserialize, Serialize};

/// How long one text may be: a screen's sentences, not a book (the endpoint has no login, as
/// the rest of the page API, and is bound to the loopback address).
pub const MAX_TEXT: usize = 1000;
const KEPT_LOG: usize = 200;
const KEPT_WAVS: usize = 300;

/// One text the page asked to be said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spoken {
    pub lang: Lang,
    pub text: String,
}

#[derive(Default)]
pub struct Voice {
    /// espeak-ng was found when the station started.
    pub available: bool,
    log: Mutex<VecDeque<Spoken>>,
    // The same screens are read again and again: each sentence is synthesised once.
    wavs: Mutex<HashMap<(Lang, String), Bytes>>,
}

impl Voice {
    pub fn new(available: bool) -> Voice {
        Voice {
            available,
            ..Voice::default()
        }
    }

    /// The texts asked for, oldest first.
    pub fn log(&self) -> Vec<Spoken> {
        self.log
            .lock()
            .expect("speech log")
            .iter()
            .cloned()
            .collect()
    }

    /// Notes the text and synthesises it; `None` without espeak-ng.
    pub async fn say(&self, lang: Lang, text: &str) -> Option<Result<Bytes, String>> {
        {
            let mut log = self.log.lock().expect("speech log");
            log.push_back(Spoken {
                lang,
                text: text.to_string(),
            });
            while log.len() > KEPT_LOG {
                log.pop_front();
            }
        }
        if !self.available {
            return None;
        }
        let key = (lang, text.to_string());
        if let Some(w) = self.wavs.lock().expect("speech cache").get(&key) {
            return Some(Ok(w.clone()));
        }
        let owned = text.to_string();
        let r = match tokio::task::spawn_blocking(move || {
            onthaal_display::sound::espeak_wav(lang, &owned)
        })
        .await
        {
            Ok(r) => r,
            Err(e) => Err(format!("speech task failed: {e}")),
        };
        if let Ok(w) = &r {
            let mut cache = self.wavs.lock().expect("speech cache");
            if cache.len() >= KEPT_WAVS {
                cache.clear();
            }
            cache.insert(key, w.clone());
        }
        Some(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn every_text_is_logged_and_spoken_when_espeak_is_there() {
        let v = Voice::new(onthaal_display::sound::espeak_available());
        let r = v
            .say(Lang::parse("fr").unwrap(), "Pourquoi venez-vous ?")
            .await;
        assert_eq!(
            v.log(),
            vec![Spoken {
                lang: Lang::parse("fr").unwrap(),
                text: "Pourquoi venez-vous ?".into()
            }]
        );
        match r {
            None => assert!(!v.available),
            Some(w) => assert_eq!(&w.unwrap()[0..4], b"RIFF"),
        }
        assert!(Voice::new(false).say(Lang::NL, "Welkom").await.is_none());
    }
}
