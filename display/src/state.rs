//! What the station knows and shows: the last state received from the server, kept so that a
//! browser reload or a server restart never blanks the screen.
//!
//! This module is pure (no I/O): it applies server frames, checks `seq` for gaps and decides
//! which calls are *new* (to be highlighted and announced). Keeping that decision here, in the
//! station, rather than in the page means a reloaded page never re-announces old calls and a
//! resync after an outage announces exactly the calls that were missed, oldest first.

use chrono::{DateTime, Utc};
use onthaal_wire::{CallView, LocationInfo, ServerFrame, ServiceInfo, StationSettings};
use serde::{Deserialize, Serialize};

/// How many calls the station keeps (and the page shows: one large, the rest below).
pub const KEPT_CALLS: usize = 8;

/// Everything the display page needs to draw itself. Sent whole on every change: it is a few
/// kilobytes at most, and a page that always gets the whole picture cannot drift out of step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageState {
    /// Grows by one on every change, so the page can ignore an older state that arrives late
    /// (the state embedded in the HTML versus the first pushed one).
    pub version: u64,
    /// Connected to the server right now. When false the page keeps showing everything and
    /// adds a small "reconnecting" sign.
    pub connected: bool,
    /// False until the first snapshot arrived: the page then says it is connecting instead of
    /// showing an empty waiting room.
    pub synced: bool,
    /// The server's `seq` this state corresponds to.
    pub seq: u64,
    pub location: Option<LocationInfo>,
    /// The services this display shows (the server already applied the display's filter).
    pub services: Vec<ServiceInfo>,
    /// The latest calls, newest first, one per ticket: a recall replaces the ticket's earlier
    /// call (and comes first), so the screen never lists the same number twice.
    pub recent_calls: Vec<CallView>,
    pub settings: StationSettings,
    /// How the page should sound: `espeak` (play the station's WAVs), `browser`
    /// (speechSynthesis), `off` (chime only) or `silent` (no sound at all).
    pub sound: String,
}

/// One spoken sentence of an announcement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Utterance {
    /// Language code (`nl`, `fr`, …).
    pub lang: String,
    pub text: String,
    /// The station's WAV of this sentence (`/speech/N.wav`) when it speaks with espeak-ng.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio: Option<String>,
}

/// A call to be announced: chime, then each utterance in turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Announcement {
    /// Unique per call or recall, so a recall is announced again but a duplicate is not.
    pub key: String,
    /// The call as it also appears in `recent_calls`.
    pub call: CallView,
    /// What to say after the chime, in order (empty: chime only, or silent).
    pub utterances: Vec<Utterance>,
}

/// What the page receives on every change: the whole state plus the calls to announce.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageMessage {
    pub state: PageState,
    /// New calls since the previous message, oldest first. Empty for a state sent on (re)connect.
    pub announce: Vec<Announcement>,
}

/// The identity of one call event: a recall of the same ticket is a different call.
pub fn call_key(c: &CallView) -> String {
    format!(
        "{}-{}-{}",
        c.id,
        c.at.timestamp_millis(),
        if c.recall { "r" } else { "c" }
    )
}

/// What applying a frame did.
#[derive(Debug, Clone, PartialEq)]
pub enum Applied {
    /// The state changed; these calls are new (oldest first).
    Changed { new_calls: Vec<CallView> },
    /// A frame at or below the known `seq` (or a frame type the display ignores): nothing to do.
    Unchanged,
    /// A `seq` was skipped: the station must ask for a snapshot and ignore frames until it comes.
    Gap { expected: u64, got: u64 },
}

impl PageState {
    pub fn new(sound: &str) -> PageState {
        PageState {
            version: 0,
            connected: false,
            synced: false,
            seq: 0,
            location: None,
            services: Vec::new(),
            recent_calls: Vec::new(),
            settings: StationSettings::default(),
            sound: sound.to_string(),
        }
    }

    /// Applies one frame from the server.
    pub fn apply(&mut self, frame: ServerFrame) -> Applied {
        match frame {
            ServerFrame::Snapshot(mut s) => {
                s.recent_calls = one_per_ticket(s.recent_calls);
                let new_calls = if self.synced {
                    calls_missed(&self.recent_calls, &s.recent_calls)
                } else {
                    // The first snapshot after the station started: those calls are history.
                    Vec::new()
                };
                self.seq = s.seq;
                self.location = Some(s.location);
                self.services = s.services;
                self.recent_calls = s.recent_calls;
                self.recent_calls.truncate(KEPT_CALLS);
                self.settings = s.settings.unwrap_or_default();
                self.synced = true;
                self.connected = true;
                self.version += 1;
                Applied::Changed { new_calls }
            }
            other => {
                let seq = other.seq();
                if !self.synced || seq <= self.seq {
                    return Applied::Unchanged;
                }
                if seq != self.seq + 1 {
                    return Applied::Gap {
                        expected: self.seq + 1,
                        got: seq,
                    };
                }
                self.seq = seq;
                let new_calls = match other {
                    ServerFrame::Called {
                        ticket, services, ..
                    } => {
                        self.set_services(services);
                        self.recent_calls.retain(|c| c.id != ticket.id);
                        self.recent_calls.insert(0, ticket.clone());
                        self.recent_calls.truncate(KEPT_CALLS);
                        vec![ticket]
                    }
                    ServerFrame::Update { services, .. } => {
                        self.set_services(services);
                        Vec::new()
                    }
                    // Displays are sent an `update` instead; if one ever came, only its seq counts.
                    ServerFrame::Device { .. } | ServerFrame::Snapshot(_) => Vec::new(),
                };
                self.version += 1;
                Applied::Changed { new_calls }
            }
        }
    }

    /// Takes the queue figures of a live frame. The server filters the services of a snapshot
    /// for a display with a service filter but sends every service in live frames, so the
    /// filter is applied here too (harmless once the server filters them as well).
    ///
    /// Live frames carry the figures only, without the per-language `names` and
    /// `descriptions` (those come with snapshots), so the texts already known are kept.
    fn set_services(&mut self, mut services: Vec<ServiceInfo>) {
        let filter = &self.settings.services;
        if !filter.is_empty() {
            services.retain(|s| filter.contains(&s.key));
        }
        for s in &mut services {
            if let Some(old) = self.services.iter().find(|o| o.key == s.key) {
                if s.names.is_empty() {
                    s.names = old.names.clone();
                }
                if s.descriptions.is_empty() {
                    s.descriptions = old.descriptions.clone();
                }
            }
        }
        self.services = services;
    }

    /// Marks the server connection up or down; returns true when that is a change.
    pub fn set_connected(&mut self, connected: bool) -> bool {
        if self.connected == connected {
            return false;
        }
        self.connected = connected;
        self.version += 1;
        true
    }
}

/// The newest call of each ticket, newest first (the server lists a recall as a call of its own).
fn one_per_ticket(calls: Vec<CallView>) -> Vec<CallView> {
    let mut out: Vec<CallView> = Vec::with_capacity(calls.len());
    for c in calls {
        if !out.iter().any(|o| o.id == c.id) {
            out.push(c);
        }
    }
    out
}

/// The calls in a fresh snapshot that the station has not seen: newer than the newest call it
/// knew, oldest first. Older entries that only appear because the display's service filter
/// widened are history, not news, and are not announced.
fn calls_missed(known: &[CallView], fresh: &[CallView]) -> Vec<CallView> {
    let newest_known: Option<(DateTime<Utc>, i64)> = known.iter().map(|c| (c.at, c.id)).max();
    let known_keys: Vec<String> = known.iter().map(call_key).collect();
    let mut out: Vec<CallView> = fresh
        .iter()
        .filter(|c| !known_keys.contains(&call_key(c)))
        .filter(|c| newest_known.is_none_or(|n| (c.at, c.id) > n))
        .cloned()
        .collect();
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use onthaal_wire::DeskRef;

    fn call(id: i64, number: &str, minute: u32) -> CallView {
        CallView {
            id,
            number: number.into(),
            service: "permanentie".into(),
            service_name: "Permanentie".into(),
            desk: DeskRef {
                id: 1,
                name: "Loket 1".into(),
            },
            at: Utc.with_ymd_and_hms(2026, 11, 24, 9, minute, 0).unwrap(),
            recall: false,
        }
    }

    /// Built from JSON, as the station receives it, so optional wire fields added later do not
    /// break these tests.
    fn snapshot(seq: u64, calls: Vec<CallView>) -> ServerFrame {
        serde_json::from_value(serde_json::json!({
            "type": "snapshot",
            "seq": seq,
            "kind": "display",
            "location": {"key": "centrum", "name": "Sociaal Huis"},
            "services": [],
            "recent_calls": calls,
        }))
        .expect("a display snapshot")
    }

    fn service(key: &str, waiting: u32) -> ServiceInfo {
        serde_json::from_value(serde_json::json!({
            "key": key, "name": key, "names": {}, "prefix": "X", "open": true,
            "waiting": waiting, "estimated_wait_s": null,
        }))
        .expect("a service")
    }

    fn called(seq: u64, c: CallView) -> ServerFrame {
        ServerFrame::Called {
            seq,
            ticket: c,
            services: vec![],
        }
    }

    #[test]
    fn first_snapshot_is_history_and_calls_after_it_are_new() {
        let mut s = PageState::new("off");
        assert_eq!(
            s.apply(snapshot(5, vec![call(1, "P001", 1)])),
            Applied::Changed { new_calls: vec![] }
        );
        assert!(s.synced && s.connected);
        let c = call(2, "P002", 2);
        assert_eq!(
            s.apply(called(6, c.clone())),
            Applied::Changed {
                new_calls: vec![c.clone()]
            }
        );
        assert_eq!(s.recent_calls[0], c);
        assert_eq!(s.seq, 6);
    }

    #[test]
    fn old_and_duplicate_frames_are_ignored_and_gaps_reported() {
        let mut s = PageState::new("off");
        assert_eq!(s.apply(called(1, call(1, "P001", 1))), Applied::Unchanged);
        s.apply(snapshot(5, vec![]));
        let v = s.version;
        assert_eq!(s.apply(called(5, call(1, "P001", 1))), Applied::Unchanged);
        assert_eq!(
            s.apply(called(8, call(1, "P001", 1))),
            Applied::Gap {
                expected: 6,
                got: 8
            }
        );
        assert_eq!(s.version, v, "neither changes what is shown");
        assert!(s.recent_calls.is_empty());
    }

    #[test]
    fn a_resync_announces_only_the_calls_missed_oldest_first() {
        let mut s = PageState::new("off");
        s.apply(snapshot(2, vec![call(2, "P002", 2), call(1, "P001", 1)]));
        let fresh = vec![
            call(4, "P004", 4),
            call(3, "P003", 3),
            call(2, "P002", 2),
            call(1, "P001", 1),
        ];
        match s.apply(snapshot(9, fresh)) {
            Applied::Changed { new_calls } => {
                let n: Vec<_> = new_calls.iter().map(|c| c.number.as_str()).collect();
                assert_eq!(n, ["P003", "P004"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_recall_is_a_new_call_and_the_list_is_bounded() {
        let mut s = PageState::new("off");
        s.apply(snapshot(0, vec![]));
        for i in 0..12 {
            s.apply(called(i + 1, call(i as i64, "P001", i as u32)));
        }
        assert_eq!(s.recent_calls.len(), KEPT_CALLS);
        let mut r = call(3, "P003", 30);
        r.recall = true;
        let before = call(3, "P003", 30);
        assert_ne!(call_key(&r), call_key(&before));
    }

    #[test]
    fn a_recall_replaces_the_earlier_line_of_its_ticket() {
        let mut s = PageState::new("off");
        let mut recalled = call(1, "P001", 1);
        recalled.recall = true;
        recalled.at = call(1, "P001", 9).at;
        // A snapshot that lists the recall and the first call: one line for P001.
        s.apply(snapshot(
            1,
            vec![recalled.clone(), call(2, "P002", 2), call(1, "P001", 1)],
        ));
        let numbers = |s: &PageState| -> Vec<String> {
            s.recent_calls.iter().map(|c| c.number.clone()).collect()
        };
        assert_eq!(numbers(&s), ["P001", "P002"]);
        assert!(s.recent_calls[0].recall);
        // A live recall of P002 moves its line to the top, once, and is announced.
        let mut again = call(2, "P002", 10);
        again.recall = true;
        assert_eq!(
            s.apply(called(2, again.clone())),
            Applied::Changed {
                new_calls: vec![again.clone()]
            }
        );
        assert_eq!(numbers(&s), ["P002", "P001"]);
        assert_eq!(s.recent_calls[0], again);
    }

    #[test]
    fn live_frames_keep_to_the_display_service_filter() {
        let svc = |key: &str| service(key, 1);
        let mut s = PageState::new("off");
        let ServerFrame::Snapshot(mut snap) = snapshot(1, vec![]) else {
            unreachable!()
        };
        snap.services = vec![svc("permanentie")];
        snap.settings = Some(StationSettings {
            services: vec!["permanentie".into()],
            ..Default::default()
        });
        s.apply(ServerFrame::Snapshot(snap));
        s.apply(ServerFrame::Update {
            seq: 2,
            event: "issued".into(),
            ticket: None,
            services: vec![svc("id-team"), svc("permanentie")],
        });
        assert_eq!(s.services, vec![svc("permanentie")]);
    }

    #[test]
    fn live_figures_keep_the_service_names_of_the_snapshot() {
        let mut s = PageState::new("off");
        let ServerFrame::Snapshot(mut snap) = snapshot(1, vec![]) else {
            unreachable!()
        };
        let mut full = service("huur", 0);
        full.names = [("fr".to_string(), "Accompagnement locatif".to_string())].into();
        snap.services = vec![full.clone()];
        s.apply(ServerFrame::Snapshot(snap));
        let mut figures = full.clone();
        figures.names.clear();
        figures.waiting = 4;
        s.apply(ServerFrame::Update {
            seq: 2,
            event: "issued".into(),
            ticket: None,
            services: vec![figures],
        });
        full.waiting = 4;
        assert_eq!(s.services, vec![full]);
    }

    #[test]
    fn connection_changes_bump_the_version_once() {
        let mut s = PageState::new("off");
        assert!(!s.set_connected(false));
        assert!(s.set_connected(true));
        assert_eq!(s.version, 1);
    }
}
