//! The station's shared heart: the current [`PageState`] behind a lock, and a broadcast of
//! every change to the pages (and tests) that watch it.
//!
//! Each change is published as one [`PageUpdate`], serialised once. A watcher subscribes
//! *before* reading the current state, so no change can fall between the two; at worst it
//! sees one state twice, which the page ignores by `version`.

use std::sync::{Arc, Mutex};

use onthaal_wire::{CallView, ServerFrame};
use tokio::sync::broadcast;

use crate::announce;
use crate::sound::{SoundMode, Speech};
use crate::state::{call_key, Announcement, Applied, PageMessage, PageState, Utterance};

/// How many updates a slow page may fall behind before it is sent the whole state again.
const UPDATES_CAPACITY: usize = 256;

/// One change, as sent to the page.
#[derive(Debug, Clone)]
pub struct PageUpdate {
    pub message: PageMessage,
    /// `message` as JSON, serialised once for every watcher.
    pub json: Arc<str>,
}

pub struct Station {
    state: Mutex<PageState>,
    updates: broadcast::Sender<Arc<PageUpdate>>,
    pub sound: SoundMode,
    pub speech: Speech,
}

impl Station {
    pub fn new(sound: SoundMode) -> Station {
        Station {
            state: Mutex::new(PageState::new(sound.as_str())),
            updates: broadcast::channel(UPDATES_CAPACITY).0,
            sound,
            speech: Speech::default(),
        }
    }

    pub fn state(&self) -> PageState {
        self.state.lock().expect("state lock").clone()
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<PageUpdate>> {
        self.updates.subscribe()
    }

    /// The current state as a message with nothing to announce (for a page that (re)connects).
    pub fn current(&self) -> PageMessage {
        PageMessage {
            state: self.state(),
            announce: Vec::new(),
        }
    }

    /// Applies a server frame and publishes the result. Returns what happened (a gap means the
    /// caller must resync).
    pub fn apply(&self, frame: ServerFrame) -> Applied {
        let mut st = self.state.lock().expect("state lock");
        let applied = st.apply(frame);
        if let Applied::Changed { new_calls } = &applied {
            let announce = new_calls
                .iter()
                .map(|c| self.announcement(&st, c))
                .collect();
            self.publish(&st, announce);
        }
        applied
    }

    pub fn set_connected(&self, connected: bool) {
        let mut st = self.state.lock().expect("state lock");
        if st.set_connected(connected) {
            self.publish(&st, Vec::new());
        }
    }

    fn publish(&self, st: &PageState, announce: Vec<Announcement>) {
        let message = PageMessage {
            state: st.clone(),
            announce,
        };
        let json = serde_json::to_string(&message)
            .expect("page messages serialise")
            .into();
        // Nobody watching is fine: the state is kept and served to the next page that asks.
        let _ = self.updates.send(Arc::new(PageUpdate { message, json }));
    }

    fn announcement(&self, st: &PageState, c: &CallView) -> Announcement {
        let utterances = match self.sound {
            SoundMode::Espeak | SoundMode::Browser | SoundMode::Auto => {
                announce::languages(&st.settings.other_languages())
                    .into_iter()
                    .map(|lang| {
                        let text = announce::sentence(lang, c);
                        let audio = (self.sound == SoundMode::Espeak)
                            .then(|| format!("/speech/{}.wav", self.speech.register(lang, &text)));
                        Utterance {
                            lang: lang.code().to_string(),
                            text,
                            audio,
                        }
                    })
                    .collect()
            }
            SoundMode::Chime | SoundMode::Silent => Vec::new(),
        };
        Announcement {
            key: call_key(c),
            call: c.clone(),
            utterances,
        }
    }
}
