//! The display station against the real server: calls reach the station and the page it
//! serves, the station survives a server restart, no personal data ever reaches it, a display
//! shows only its services, and two displays agree.
//!
//! The station runs in-process on 127.0.0.1:0 (`onthaal_display::start`); what it serves to
//! the page is read over HTTP exactly as the browser reads it (`/`, `/api/state`, `/events`).

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use onthaal_display::{PageMessage, PageState, PageUpdate, Running, Settings, SoundMode};
use onthaal_server::config::Config;
use onthaal_tests::{
    default_now, demo_config_with_marked_staff, next_json, spawn_app, spawn_app_with, Backend,
    TestApp,
};
use serde_json::{json, Value};
use tokio::sync::broadcast;

const WAIT: Duration = Duration::from_secs(10);

// ---------------------------------------------------------------- helpers

/// Registers a display with a name of our choosing; returns (device id, token).
async fn display_device(app: &TestApp, name: &str) -> (i64, String) {
    let store = app.running.as_ref().unwrap().store.clone();
    store
        .add_device(
            None,
            onthaal_server::domain::roles::DeviceKind::Display,
            name,
            onthaal_server::clock::Clock::now(app.clock.as_ref()),
        )
        .await
        .unwrap()
}

async fn start_display(app: &TestApp, token: &str, sound: SoundMode) -> Running {
    onthaal_display::start(Settings {
        server: app.base.clone(),
        token: token.to_string(),
        bind: "127.0.0.1:0".parse().unwrap(),
        sound,
        ca_file: None,
    })
    .await
    .expect("display station starts")
}

/// Display stations registered under `names` and started, once all have their first state
/// from the server: each with its device id and its token.
async fn synced_displays<const N: usize>(
    app: &TestApp,
    names: [&str; N],
    sound: SoundMode,
) -> [(i64, String, Running); N] {
    let mut devices = Vec::new();
    for name in names {
        devices.push(display_device(app, name).await);
    }
    let mut started = Vec::new();
    for (id, token) in devices {
        let d = start_display(app, &token, sound).await;
        started.push((id, token, d));
    }
    for (_, _, d) in &started {
        wait_state(d, "synced", |s| s.synced).await;
    }
    match started.try_into() {
        Ok(all) => all,
        Err(_) => unreachable!("one station per name"),
    }
}

/// Waits until the station's state satisfies `pred` (checked now and on every change).
async fn wait_state(d: &Running, what: &str, pred: impl Fn(&PageState) -> bool) -> PageState {
    let mut rx = d.subscribe();
    let deadline = Instant::now() + WAIT;
    loop {
        let s = d.state();
        if pred(&s) {
            return s;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, rx.recv()).await {
            Err(_) => panic!("display never reached: {what}; last state: {s:#?}"),
            Ok(Err(broadcast::error::RecvError::Closed)) => panic!("station stopped"),
            Ok(_) => {}
        }
    }
}

/// The next announced call numbers on a subscription, until `n` have come.
async fn announced(
    rx: &mut broadcast::Receiver<std::sync::Arc<PageUpdate>>,
    n: usize,
) -> Vec<String> {
    let mut out = Vec::new();
    while out.len() < n {
        let u = tokio::time::timeout(WAIT, rx.recv())
            .await
            .unwrap_or_else(|_| panic!("only {out:?} announced, expected {n}"))
            .expect("updates flow");
        out.extend(u.message.announce.iter().map(|a| a.call.number.clone()));
    }
    out
}

async fn issue_and_call(app: &TestApp, staff: &str, service: &str, desk: i64) -> Value {
    app.issue(staff, service).await;
    let r = app.call_next(staff, desk).await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

/// Reads the page's Server-Sent Events feed like the browser's EventSource does.
struct Sse {
    resp: reqwest::Response,
    /// Bytes, not text: a chunk may end inside a UTF-8 character.
    buf: Vec<u8>,
    /// Every `data:` payload received, raw (the privacy test searches them).
    raw: Vec<String>,
}

impl Sse {
    async fn open(d: &Running) -> Sse {
        let resp = reqwest::get(format!("{}/events", d.url())).await.unwrap();
        assert_eq!(resp.status(), 200);
        assert!(resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream"));
        Sse {
            resp,
            buf: Vec::new(),
            raw: Vec::new(),
        }
    }

    async fn next(&mut self) -> PageMessage {
        loop {
            if let Some(end) = self.buf.windows(2).position(|w| w == b"\n\n") {
                let bytes: Vec<u8> = self.buf.drain(..end + 2).collect();
                let event = String::from_utf8(bytes).expect("UTF-8 events");
                let data: String = event
                    .lines()
                    .filter_map(|l| l.strip_prefix("data:"))
                    .map(|d| d.strip_prefix(' ').unwrap_or(d))
                    .collect::<Vec<_>>()
                    .join("\n");
                if data.is_empty() {
                    continue; // a keep-alive comment or a retry hint
                }
                self.raw.push(data.clone());
                return serde_json::from_str(&data).expect("page message");
            }
            let chunk = tokio::time::timeout(WAIT, self.resp.chunk())
                .await
                .expect("an event within 10 s")
                .expect("feed open")
                .expect("feed not ended");
            self.buf.extend_from_slice(&chunk);
        }
    }

    /// Messages until one announces `number`.
    async fn until_announced(&mut self, number: &str) -> PageMessage {
        loop {
            let m = self.next().await;
            if m.announce.iter().any(|a| a.call.number == number) {
                return m;
            }
        }
    }
}

async fn page_state(d: &Running) -> PageState {
    reqwest::get(format!("{}/api/state", d.url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

// ---------------------------------------------------------------- tests

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_desk_call_reaches_the_station_and_the_page_it_serves() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let (_, token) = display_device(&app, "Wachtzaal").await;
    let d = start_display(&app, &token, SoundMode::Browser).await;
    let s = wait_state(&d, "synced", |s| s.synced && s.connected).await;
    assert_eq!(s.location.as_ref().unwrap().name, "Sociaal Huis Demostad");
    assert!(s.recent_calls.is_empty());
    assert!(s.services.iter().any(|x| x.key == "permanentie"));

    let mut feed = Sse::open(&d).await;
    let first = feed.next().await;
    assert!(first.state.synced, "the page gets the whole state at once");
    assert!(
        first.announce.is_empty(),
        "nothing is re-announced on connect"
    );

    let staff = app.reception().await;
    let loket1 = app.desk_id(&staff, "Loket 1").await;
    let called = issue_and_call(&app, &staff, "permanentie", loket1).await;
    assert_eq!(called["number"], "P001");

    // The station…
    let s = wait_state(&d, "P001 shown", |s| {
        s.recent_calls.first().is_some_and(|c| c.number == "P001")
    })
    .await;
    assert_eq!(s.recent_calls[0].desk.name, "Loket 1");
    // …and the page's live feed, with the announcement in Dutch.
    let m = feed.until_announced("P001").await;
    assert_eq!(m.state.recent_calls[0].number, "P001");
    let a = &m.announce[0];
    assert!(!a.call.recall);
    assert_eq!(a.utterances.len(), 1);
    assert_eq!(a.utterances[0].lang, "nl");
    assert_eq!(a.utterances[0].text, "Nummer P 1, naar Loket 1.");
    // The waiting count went down again with the call.
    let perm = m
        .state
        .services
        .iter()
        .find(|x| x.key == "permanentie")
        .unwrap();
    assert_eq!(perm.waiting, 0);

    // A recall is announced again (and marked as one).
    let id = called["id"].as_i64().unwrap();
    app.clock.advance(chrono::Duration::seconds(30));
    let r = app.act(&staff, id, "recall").await;
    assert_eq!(r.status(), 200);
    let m = feed.until_announced("P001").await;
    assert!(m.announce[0].call.recall);

    // A reload: the state JSON and the page itself carry the call at once.
    let st = page_state(&d).await;
    assert_eq!(st.recent_calls[0].number, "P001");
    let html = reqwest::get(d.url()).await.unwrap().text().await.unwrap();
    assert!(
        html.contains("\"number\":\"P001\""),
        "state embedded in the page"
    );
    assert!(html.contains("Loket 1"));
    assert!(!html.contains("__ONTHAAL_STATE__"));
    for asset in ["/display.js", "/display.css", "/chime.wav"] {
        let r = reqwest::get(format!("{}{asset}", d.url())).await.unwrap();
        assert_eq!(r.status(), 200, "{asset}");
    }
    d.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn speech_is_synthesised_by_the_station_when_espeak_is_installed() {
    if !onthaal_display::sound::espeak_available() {
        eprintln!("espeak-ng not installed: station speech not tested (the page falls back to the browser's voice)");
        return;
    }
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let (_, token) = display_device(&app, "Wachtzaal").await;
    let d = start_display(&app, &token, SoundMode::Auto).await;
    assert_eq!(d.sound, SoundMode::Espeak);
    wait_state(&d, "synced", |s| s.synced).await;
    let mut feed = Sse::open(&d).await;
    let staff = app.reception().await;
    let desk = app.desk_id(&staff, "Spreekkamer 2").await;
    issue_and_call(&app, &staff, "schuldhulp", desk).await;
    let m = feed.until_announced("S001").await;
    let u = &m.announce[0].utterances[0];
    assert_eq!(u.text, "Nummer S 1, naar Spreekkamer 2.");
    let url = format!("{}{}", d.url(), u.audio.as_ref().expect("a WAV to play"));
    let r = reqwest::get(&url).await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "audio/wav");
    let wav = r.bytes().await.unwrap();
    assert_eq!(&wav[..4], b"RIFF");
    assert!(wav.len() > 20_000, "a second or more of speech");
    // Only sentences the station composed can be fetched.
    let r = reqwest::get(format!("{}/speech/99999.wav", d.url()))
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    d.stop().await;
}

/// Restarts the server on the same port and database (the station's `--server` stays valid).
async fn restart_same_port(app: &mut TestApp) {
    app.stop().await;
    let mut tries = 0;
    let running = loop {
        match onthaal_server::app::start(onthaal_server::app::Settings {
            bind: app.addr,
            database_url: app.database_url.clone(),
            config: Config::demo(),
            public_url: Some("https://onthaal.example".into()),
            admin_password: Some(onthaal_tests::ADMIN_PASSWORD.into()),
            clock: app.clock.clone(),
            kiosk_ticket_limit: onthaal_server::http::ratelimit::DEFAULT.to_vec(),
            tls: None,
        })
        .await
        {
            Ok(r) => break r,
            Err(e) if tries < 50 => {
                tries += 1;
                eprintln!("restart on {}: {e}; retrying", app.addr);
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("server restart on {}: {e}", app.addr),
        }
    };
    assert_eq!(running.addr, app.addr);
    app.running = Some(running);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_station_keeps_its_state_through_a_server_restart_and_resyncs() {
    let mut app = spawn_app(Backend::Sqlite).await.unwrap();
    let [(_, _, d)] = synced_displays(&app, ["Wachtzaal"], SoundMode::Chime).await;
    let staff = app.reception().await;
    let loket1 = app.desk_id(&staff, "Loket 1").await;
    issue_and_call(&app, &staff, "id-team", loket1).await;
    wait_state(&d, "I001", |s| !s.recent_calls.is_empty()).await;
    app.issue(&staff, "id-team").await;
    let waiting_before = wait_state(&d, "one waiting", |s| {
        s.services
            .iter()
            .any(|x| x.key == "id-team" && x.waiting == 1)
    })
    .await;

    app.stop().await;
    // Down: the station says so, and keeps showing everything it had.
    let s = wait_state(&d, "disconnected", |s| !s.connected).await;
    assert_eq!(s.recent_calls[0].number, "I001");
    assert_eq!(s.services, waiting_before.services);
    let st = page_state(&d).await;
    assert!(!st.connected);
    assert_eq!(
        st.recent_calls[0].number, "I001",
        "a reload while down still shows the calls"
    );

    let mut rx = d.subscribe();
    restart_same_port(&mut app).await;
    let staff = app.reception().await;
    // Called right after the restart: whether it reaches the station live or in the resync
    // snapshot, it is shown and announced exactly once.
    app.clock.advance(chrono::Duration::seconds(10));
    let r = app.call_next(&staff, loket1).await;
    assert_eq!(r.status(), 200);
    assert_eq!(announced(&mut rx, 1).await, ["I002"]);
    let s = wait_state(&d, "reconnected with I002", |s| {
        s.connected && s.recent_calls.first().is_some_and(|c| c.number == "I002")
    })
    .await;
    assert_eq!(s.recent_calls[1].number, "I001");
    // Nothing else is announced afterwards (no replay of history).
    issue_and_call(&app, &staff, "id-team", loket1).await;
    assert_eq!(announced(&mut rx, 1).await, ["I003"]);
    d.stop().await;
}

/// Personal or internal data that must never reach a waiting-room display.
///
/// Each entry is (what it is, the unique marker put into it). Today: staff names (set through
/// the configuration, as accounts are), a transfer's internal reason, tickets' status tokens.
/// Appointment contact fields (name, phone, e-mail) are added by [`appointment_markers`] as
/// soon as `POST /api/v1/appointments` exists; notes belong here too when they arrive.
struct Secrets(Vec<(&'static str, String)>);

impl Secrets {
    fn assert_absent(&self, what: &str, text: &str) {
        for (kind, marker) in &self.0 {
            assert!(
                !text.contains(marker.as_str()),
                "{kind} ({marker}) leaked into {what}: {text}"
            );
        }
    }
}

/// Creates an appointment with a marker in every contact field and checks it in, once the
/// server has appointments; until then (404/405) it adds nothing.
async fn appointment_markers(app: &TestApp, staff: &str, tag: &str, secrets: &mut Secrets) {
    let contact = json!({
        "name": format!("Naam{tag}Afspraak"),
        // A phone number is digits, so its marker is a number no display could show by chance.
        "phone": format!("0470 {} {}", 900_000 + rand::random::<u32>() % 99_999, 71),
        "email": format!("mail{tag}@example.org"),
    });
    let start = (onthaal_server::clock::Clock::now(app.clock.as_ref())
        + chrono::Duration::minutes(5))
    .to_rfc3339();
    let r = app
        .post(
            staff,
            "/api/v1/appointments",
            json!({"service": "afspraak", "start": start, "duration_min": 30, "contact": contact}),
        )
        .await;
    if r.status() == 404 || r.status() == 405 {
        eprintln!("appointments do not exist yet: their contact fields are not checked");
        return;
    }
    let status = r.status();
    let body: Value = r.json().await.unwrap();
    assert_eq!(status, 201, "appointment: {body}");
    for field in ["name", "phone", "email"] {
        secrets.0.push((
            "appointment contact",
            contact[field].as_str().unwrap().to_string(),
        ));
    }
    let code = body["code"].as_str().unwrap().to_string();
    let r = app
        .post(staff, "/api/v1/check-in", json!({"code": code}))
        .await;
    assert_eq!(r.status(), 201, "check-in");
    let t: Value = r.json().await.unwrap();
    secrets.0.push((
        "status token",
        t["status_token"].as_str().unwrap().to_string(),
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_personal_data_ever_reaches_a_display() {
    let tag = format!("Q{}X", rand::random::<u32>());
    let mut secrets = Secrets(Vec::new());
    // Staff names come from accounts; every account has a marked name (the demo's own names
    // must not reach a display either).
    let (config, names) = demo_config_with_marked_staff(&tag);
    for name in names {
        secrets.0.push(("staff name", name));
    }
    let app = spawn_app_with(Backend::Sqlite, config, default_now())
        .await
        .unwrap();
    let (_, token) = display_device(&app, "Wachtzaal").await;
    let mut raw = app.ws(&token).await;
    let d = start_display(&app, &token, SoundMode::Browser).await;
    wait_state(&d, "synced", |s| s.synced).await;
    let mut feed = Sse::open(&d).await;

    let staff = app.reception().await;
    let social_worker = app.login("mw.peeters", "peeters").await;
    let peeters = app.marked_staff_id(&staff, "An Peeters").await;
    let loket1 = app.desk_id(&staff, "Loket 1").await;
    let kamer1 = app.desk_id(&staff, "Spreekkamer 1").await;

    // Tickets in every walk-in service, each token a secret.
    let mut tickets = Vec::new();
    for svc in [
        "permanentie",
        "id-team",
        "schuldhulp",
        "huur",
        "permanentie",
    ] {
        let t = app.issue(&staff, svc).await;
        secrets.0.push((
            "status token",
            t["status_token"].as_str().unwrap().to_string(),
        ));
        tickets.push(t);
    }
    appointment_markers(&app, &staff, &tag, &mut secrets).await;

    // A call, a transfer to a named social worker with an internal reason, her call, a recall,
    // start, finish, a no-show.
    let first = app
        .call_next(&staff, loket1)
        .await
        .json::<Value>()
        .await
        .unwrap();
    let reason = format!("Reden {tag}R: schulden bij de huisbaas");
    secrets.0.push(("transfer reason", reason.clone()));
    let id = first["id"].as_i64().unwrap();
    let r = app
        .act_with(
            &staff,
            id,
            "transfer",
            json!({"service": "permanentie", "staff": peeters, "reason": reason}),
        )
        .await;
    assert_eq!(r.status(), 200, "transfer: {}", r.text().await.unwrap());
    let r = app.call_next(&social_worker, kamer1).await;
    assert_eq!(r.status(), 200);
    let called: Value = r.json().await.unwrap();
    let cid = called["id"].as_i64().unwrap();
    for action in ["recall", "start", "finish"] {
        let r = app
            .post(
                &social_worker,
                &format!("/api/v1/tickets/{cid}/{action}"),
                json!({}),
            )
            .await;
        assert_eq!(r.status(), 200, "{action}");
    }
    let r = app.call_next(&staff, loket1).await;
    let nid = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let r = app
        .post(&staff, &format!("/api/v1/tickets/{nid}/no-show"), json!({}))
        .await;
    assert_eq!(r.status(), 200);
    // A last call marks the end: frames arrive in order, so everything before it has come.
    let last = issue_and_call(&app, &staff, "id-team", loket1).await;
    let last_number = last["number"].as_str().unwrap().to_string();

    // Every frame the server sent the display…
    let mut frames = 0;
    loop {
        let f = next_json(&mut raw).await;
        frames += 1;
        secrets.assert_absent("a display frame", &f.to_string());
        if f["type"] == "called" && f["ticket"]["number"] == last_number {
            break;
        }
    }
    assert!(
        frames > 10,
        "the display saw the whole morning ({frames} frames)"
    );
    // …and everything the station serves to the page.
    let mut seen_calls = BTreeSet::new();
    loop {
        let m = feed.next().await;
        seen_calls.extend(m.announce.iter().map(|a| a.call.number.clone()));
        if m.announce.iter().any(|a| a.call.number == last_number) {
            break;
        }
    }
    assert!(seen_calls.len() >= 3, "calls were seen: {seen_calls:?}");
    for data in &feed.raw {
        secrets.assert_absent("the page feed", data);
    }
    let st = reqwest::get(format!("{}/api/state", d.url()))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    secrets.assert_absent("the page state", &st);
    let html = reqwest::get(d.url()).await.unwrap().text().await.unwrap();
    secrets.assert_absent("the page", &html);
    // A fresh snapshot, too.
    let mut again = app.ws(&token).await;
    secrets.assert_absent(
        "a display snapshot",
        &next_json(&mut again).await.to_string(),
    );
    d.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_display_shows_only_its_services_with_its_info_line_and_language() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let [(floor_id, _, floor), (_, _, hall)] =
        synced_displays(&app, ["Verdieping 1", "Inkomhal"], SoundMode::Browser).await;

    let admin = app.login("admin", onthaal_tests::ADMIN_PASSWORD).await;
    let info = "Permanentie op dinsdagvoormiddag 08:30–12:00";
    let r = app
        .http
        .put(app.url(&format!("/api/v1/devices/{floor_id}/settings")))
        .bearer_auth(&admin)
        .json(&json!({"services": ["permanentie"], "info_line": info, "second_language": "fr"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    // The new settings reach the running station without a restart.
    let s = wait_state(&floor, "settings", |s| {
        s.settings.services == ["permanentie"]
    })
    .await;
    assert_eq!(s.settings.info_line.as_deref(), Some(info));
    assert_eq!(
        s.services
            .iter()
            .map(|x| x.key.as_str())
            .collect::<Vec<_>>(),
        ["permanentie"]
    );

    let mut floor_rx = floor.subscribe();
    let mut hall_rx = hall.subscribe();
    let staff = app.reception().await;
    let loket2 = app.desk_id(&staff, "Loket 2").await; // id-team only
    let kamer1 = app.desk_id(&staff, "Spreekkamer 1").await; // permanentie
    issue_and_call(&app, &staff, "id-team", loket2).await;
    issue_and_call(&app, &staff, "permanentie", kamer1).await;
    issue_and_call(&app, &staff, "id-team", loket2).await;
    issue_and_call(&app, &staff, "permanentie", kamer1).await;

    assert_eq!(
        announced(&mut hall_rx, 4).await,
        ["I001", "P001", "I002", "P002"]
    );
    assert_eq!(announced(&mut floor_rx, 2).await, ["P001", "P002"]);
    let f = wait_state(&floor, "both calls", |s| s.recent_calls.len() == 2).await;
    assert!(f.recent_calls.iter().all(|c| c.service == "permanentie"));
    let keys: Vec<&str> = f.services.iter().map(|x| x.key.as_str()).collect();
    assert_eq!(keys, ["permanentie"], "live frames keep to the filter too");
    assert!(
        f.services[0].names.contains_key("fr"),
        "the service's names survive live updates"
    );
    let h = hall.state();
    assert_eq!(h.recent_calls.len(), 4);
    assert_eq!(f.seq, h.seq, "the filtered display missed no seq");

    // The floor display announces in Dutch, then French.
    let mut feed = Sse::open(&floor).await;
    feed.next().await;
    issue_and_call(&app, &staff, "permanentie", kamer1).await;
    let m = feed.until_announced("P003").await;
    let texts: Vec<(&str, &str)> = m.announce[0]
        .utterances
        .iter()
        .map(|u| (u.lang.as_str(), u.text.as_str()))
        .collect();
    assert_eq!(
        texts,
        [
            ("nl", "Nummer P 3, naar Spreekkamer 1."),
            ("fr", "Numéro P 3, à Spreekkamer 1.")
        ]
    );
    // Both stations appear online to reception.
    let devices: Value = app.read(&staff, "/api/v1/devices").await;
    let online = devices
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "display" && d["online"] == true)
        .count();
    assert_eq!(online, 2, "{devices}");
    floor.stop().await;
    hall.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_displays_of_a_location_show_the_same_calls_in_the_same_order() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let [(_, _, d1), (_, _, d2)] = synced_displays(
        &app,
        ["Wachtzaal links", "Wachtzaal rechts"],
        SoundMode::Chime,
    )
    .await;
    let mut rx1 = d1.subscribe();
    let mut rx2 = d2.subscribe();

    let staff = app.reception().await;
    let desks = [
        app.desk_id(&staff, "Loket 1").await,
        app.desk_id(&staff, "Loket 2").await,
        app.desk_id(&staff, "Balie 3").await,
    ];
    for _ in 0..12 {
        app.issue(&staff, "id-team").await;
    }
    // Three desks call at the same moment, four times over: the server decides the order.
    for _ in 0..4 {
        let calls = desks.map(|desk| {
            let app = &app;
            let staff = staff.clone();
            async move { app.call_next(&staff, desk).await.status() }
        });
        let [a, b, c] = calls;
        let (a, b, c) = tokio::join!(a, b, c);
        assert!([a, b, c].iter().all(|s| *s == 200));
    }
    let order1 = announced(&mut rx1, 12).await;
    let order2 = announced(&mut rx2, 12).await;
    assert_eq!(order1, order2);
    let distinct: BTreeSet<_> = order1.iter().collect();
    assert_eq!(distinct.len(), 12, "every call once: {order1:?}");
    assert_eq!(d1.state().recent_calls, d2.state().recent_calls);
    d1.stop().await;
    d2.stop().await;
}
