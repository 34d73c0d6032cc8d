//! The kiosk station against the real server: a ticket chosen on the station's page API is
//! issued, printed (the ESC/POS bytes decoded) and seen by a display; the station says
//! "unavailable" within 2 s when the server goes and recovers when it comes back on the same
//! port; an empty printer still gives the visitor a ticket and tells reception; a double tap
//! or retry never gives two tickets or two prints; the server limits a runaway kiosk.
//!
//! The station runs in-process on 127.0.0.1:0 (`onthaal_kiosk::start`) with a `dir://`
//! printer in a temporary folder, and is driven over HTTP exactly as its page drives it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use onthaal_kiosk::headset::HeadsetSource;
use onthaal_kiosk::{Running, Settings, View};
use onthaal_server::clock::ManualClock;
use onthaal_server::config::Config;
use onthaal_tests::{default_now, fresh_database, next_frame, spawn_app, Backend, TestApp};
use onthaal_wire::{PrinterState, ServerFrame};
use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(10);

// ---------------------------------------------------------------- helpers

fn printer_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "onthaal-kiosk-printer-{}-{}",
        std::process::id(),
        rand::random::<u32>()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn start_kiosk(server: &str, token: &str, printer: &Path) -> Running {
    start_kiosk_printing(server, token, &format!("dir://{}/", printer.display())).await
}

async fn start_kiosk_printing(server: &str, token: &str, printer: &str) -> Running {
    onthaal_kiosk::start(Settings {
        server: server.to_string(),
        token: token.to_string(),
        bind: "127.0.0.1:0".parse().unwrap(),
        printer: printer.to_string(),
        // No --public-url: the QR code must point where the server says phones reach it.
        public_url: None,
        headset: HeadsetSource::Off,
        ca_file: None,
    })
    .await
    .expect("kiosk station starts")
}

/// Waits until the station's view satisfies `pred`; returns it and how long it took.
async fn wait_view(
    k: &Running,
    what: &str,
    within: Duration,
    pred: impl Fn(&View) -> bool,
) -> (View, Duration) {
    let started = Instant::now();
    let mut rx = k.watch();
    loop {
        {
            let v = rx.borrow_and_update();
            if pred(&v) {
                return (v.clone(), started.elapsed());
            }
        }
        let left = within.saturating_sub(started.elapsed());
        if tokio::time::timeout(left, rx.changed()).await.is_err() {
            panic!("kiosk: {what} not within {within:?}; view: {:?}", k.view());
        }
    }
}

async fn online(k: &Running) {
    wait_view(k, "online with services", WAIT, |v| {
        v.online && !v.services.is_empty()
    })
    .await;
}

/// What the page does on the visitor's last touch.
async fn touch(k: &Running, service: &str, lang: &str, key: &str) -> (u16, Value) {
    let r = reqwest::Client::new()
        .post(format!("{}/api/ticket", k.url()))
        .json(&json!({"service": service, "lang": lang, "key": key}))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap())
}

/// The print jobs (`.bin` files) in the printer's folder, oldest first.
fn jobs(dir: &Path) -> Vec<Vec<u8>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "bin"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn kiosk_printer_state(devices: &Value) -> Option<String> {
    devices.as_array()?.iter().find(|d| d["kind"] == "kiosk")?["printer"]["state"]
        .as_str()
        .map(str::to_string)
}

// ---------------------------------------------------------------- tests

#[tokio::test]
async fn a_ticket_chosen_at_the_kiosk_is_issued_printed_and_seen_by_a_display() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let kiosk_token = app.device("kiosk").await;
    let display_token = app.device("display").await;
    let (mut display, _) = app.ws_with_snapshot(&display_token).await;
    let dir = printer_dir();
    let k = start_kiosk(&app.base, &kiosk_token, &dir).await;
    online(&k).await;

    // The page is served, locked to this station.
    let page = reqwest::get(k.url()).await.unwrap();
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("default-src 'self'"), "{csp}");
    assert!(page.text().await.unwrap().contains("/kiosk.js"));

    let (status, t) = touch(&k, "permanentie", "fr", "visitor-1").await;
    assert_eq!(status, 200, "{t}");
    assert_eq!(t["number"], "P001");
    assert_eq!(t["printed"], true);
    assert_eq!(t["service_name"], "Permanence : nouvelle demande d'aide");
    assert_eq!(t["waiting_before"], 0);
    assert_eq!(t["lang"], "fr");

    // Printed: one job, in WPC1252, with the number, French and Dutch, the QR link and a cut.
    let printed = jobs(&dir);
    assert_eq!(printed.len(), 1);
    let bin = &printed[0];
    assert!(contains(bin, b"P001"), "number on the ticket");
    assert!(
        contains(bin, b"Votre num\xe9ro / Uw nummer"),
        "é as WPC1252 0xE9"
    );
    assert!(contains(bin, b"Permanence : nouvelle demande d'aide"));
    assert!(contains(bin, b"Sociaal Huis Demostad"));
    assert!(
        contains(bin, b"https://onthaal.example/s/"),
        "QR to the status page"
    );
    assert!(
        contains(bin, &[0x1b, b't', 16]),
        "code page WPC1252 selected"
    );
    assert!(contains(bin, &[0x1d, b'V']), "cut (GS V)");
    assert!(!contains(bin, "é".as_bytes()), "no raw UTF-8 on paper");
    let png = onthaal_tests::files_with_extension(&dir, "png");
    assert_eq!(png, 1, "a preview of the paper");

    // A display sees the visitor waiting.
    let deadline = Instant::now() + WAIT;
    loop {
        assert!(Instant::now() < deadline, "display never saw the ticket");
        if let ServerFrame::Update {
            services, event, ..
        } = next_frame(&mut display).await
        {
            let p = services.iter().find(|s| s.key == "permanentie").unwrap();
            if p.waiting == 1 {
                assert_eq!(event, "issued");
                break;
            }
        }
    }

    // The next visitor in the same queue has one before them, on screen and on paper.
    let (_, t2) = touch(&k, "permanentie", "nl", "visitor-2").await;
    assert_eq!(t2["number"], "P002");
    assert_eq!(t2["waiting_before"], 1);
    let bin = &jobs(&dir)[1];
    assert!(contains(bin, b"Wachtenden v\xf3\xf3r u"));
    k.stop().await;
}

/// The server on a port of our choosing, so it can come back on the same address.
async fn server_on(
    database_url: &str,
    addr: std::net::SocketAddr,
    clock: Arc<ManualClock>,
) -> onthaal_server::app::Running {
    let deadline = Instant::now() + WAIT;
    loop {
        match onthaal_server::app::start(onthaal_server::app::Settings {
            bind: addr,
            database_url: database_url.to_string(),
            config: Config::demo(),
            public_url: Some("https://onthaal.example".into()),
            admin_password: Some(onthaal_tests::ADMIN_PASSWORD.into()),
            clock: clock.clone(),
            kiosk_ticket_limit: onthaal_server::http::ratelimit::DEFAULT.to_vec(),
            tls: None,
        })
        .await
        {
            Ok(r) => return r,
            // The old listener may linger a moment.
            Err(e) if Instant::now() < deadline => {
                eprintln!("server restart: {e}; retrying");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("server does not start on {addr}: {e}"),
        }
    }
}

#[tokio::test]
async fn the_kiosk_says_unavailable_within_two_seconds_and_recovers_by_itself() {
    let db = fresh_database(Backend::Sqlite).await.unwrap();
    let addr = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let clock = Arc::new(ManualClock::new(default_now()));
    let server = server_on(&db, addr, clock.clone()).await;
    let (_, token) = server
        .store
        .add_device(
            None,
            onthaal_server::domain::roles::DeviceKind::Kiosk,
            "kiosk inkom",
            default_now(),
        )
        .await
        .unwrap();
    let dir = printer_dir();
    let k = start_kiosk(&format!("http://{addr}"), &token, &dir).await;
    online(&k).await;
    let (status, _) = touch(&k, "huur", "nl", "before").await;
    assert_eq!(status, 200);

    server.stop().await;
    let (v, took) = wait_view(&k, "offline", Duration::from_secs(2), |v| !v.online).await;
    eprintln!("offline seen after {took:?}");
    assert!(!v.services.is_empty(), "the last service list is kept");
    let (status, body) = touch(&k, "huur", "nl", "during").await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["error"]["code"], "server_unreachable");
    assert_eq!(
        jobs(&dir).len(),
        1,
        "nothing printed while the server is gone"
    );

    let server = server_on(&db, addr, clock).await;
    let (_, took) = wait_view(&k, "back online", Duration::from_secs(10), |v| v.online).await;
    eprintln!("online again after {took:?}");
    // The visitor who was told to retry gets their ticket with the same key.
    let (status, t) = touch(&k, "huur", "nl", "during").await;
    assert_eq!(status, 200, "{t}");
    assert_eq!(t["number"], "H002");
    assert_eq!(jobs(&dir).len(), 2);
    k.stop().await;
    server.stop().await;
}

#[tokio::test]
async fn an_empty_printer_still_gives_a_ticket_and_reception_is_told() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let token = app.device("kiosk").await;
    let reception = app.reception().await;
    let dir = printer_dir();
    let k = start_kiosk(&app.base, &token, &dir).await;
    online(&k).await;

    std::fs::write(dir.join("simulate"), "paper-out").unwrap();
    let (status, t) = touch(&k, "schuldhulp", "ar", "no-paper").await;
    assert_eq!(status, 200, "{t}");
    assert_eq!(t["number"], "S001", "the ticket exists");
    assert_eq!(t["printed"], false);
    assert_eq!(t["printer"]["state"], "paper_out");
    assert_eq!(t["service_name"], "المساعدة في الديون");
    // Arabic prints in Arabic (as a picture) on a printer with raster support.
    assert_eq!(t["printed_service_name"], "المساعدة في الديون");
    assert!(jobs(&dir).is_empty(), "nothing half printed");
    assert_eq!(k.view().printer.state, PrinterState::PaperOut);

    // Reception's device list shows the kiosk's printer out of paper.
    let devices_say = |want: &'static str| {
        let app = &app;
        let reception = reception.clone();
        async move {
            let deadline = Instant::now() + WAIT;
            loop {
                let d: Value = app.read(&reception, "/api/v1/devices").await;
                if kiosk_printer_state(&d).as_deref() == Some(want) {
                    return d;
                }
                assert!(Instant::now() < deadline, "devices never said {want}: {d}");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    };
    devices_say("paper_out").await;

    // Paper back in: the station notices by itself and tells the server.
    std::fs::remove_file(dir.join("simulate")).unwrap();
    wait_view(&k, "printer ok", WAIT, |v| {
        v.printer.state == PrinterState::Ok
    })
    .await;
    devices_say("ok").await;
    let (_, t) = touch(&k, "schuldhulp", "nl", "paper-back").await;
    assert_eq!(t["printed"], true);
    assert_eq!(jobs(&dir).len(), 1);
    k.stop().await;
}

#[tokio::test]
async fn a_double_tap_or_a_retry_gives_one_ticket_printed_once() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let token = app.device("kiosk").await;
    let dir = printer_dir();
    let k = start_kiosk(&app.base, &token, &dir).await;
    online(&k).await;

    // Two taps reaching the station at once, with the page's one key for this touch.
    let (a, b) = tokio::join!(
        touch(&k, "id-team", "en", "one-touch"),
        touch(&k, "id-team", "en", "one-touch")
    );
    assert_eq!((a.0, b.0), (200, 200));
    assert_eq!(a.1["number"], "I001");
    assert_eq!(b.1["number"], "I001");
    // A retry later (the answer was lost): still the same ticket, not printed again.
    let (_, c) = touch(&k, "id-team", "en", "one-touch").await;
    assert_eq!(c["number"], "I001");
    assert_eq!(jobs(&dir).len(), 1);

    // A station restarted between the try and the retry: the server's idempotency answers.
    k.stop().await;
    let k = start_kiosk(&app.base, &token, &dir).await;
    online(&k).await;
    let (status, d) = touch(&k, "id-team", "en", "one-touch").await;
    assert_eq!(status, 200);
    assert_eq!(d["number"], "I001");
    let id_team = app.service("id-team").await;
    assert_eq!(id_team["waiting"], 1, "one visitor, one ticket");

    // A new touch is a new ticket.
    let (_, e) = touch(&k, "id-team", "en", "next-visitor").await;
    assert_eq!(e["number"], "I002");
    k.stop().await;
}

#[tokio::test]
async fn the_server_limits_how_fast_one_kiosk_issues_tickets() {
    let app: TestApp = spawn_app(Backend::Sqlite).await.unwrap();
    let token = app.device("kiosk").await;
    let other = app.device("kiosk").await;
    let dir = printer_dir();
    let k = start_kiosk(&app.base, &token, &dir).await;
    online(&k).await;
    let step = |s: i64| app.clock.advance(chrono::Duration::seconds(s));

    // 2 in any 5 seconds.
    assert_eq!(touch(&k, "huur", "nl", "a").await.0, 200);
    assert_eq!(touch(&k, "huur", "nl", "b").await.0, 200);
    let r = reqwest::Client::new()
        .post(format!("{}/api/ticket", k.url()))
        .json(&json!({"service": "huur", "lang": "nl", "key": "c"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 429);
    // The server's wait reaches the page, which tells the visitor how long it is.
    let wait: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=5).contains(&wait), "{wait}");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_many_tickets");
    // A retry of a key already used is the same ticket, not a new one: never limited.
    let (status, again) = touch(&k, "huur", "nl", "a").await;
    assert_eq!((status, again["number"].as_str()), (200, Some("H001")));
    // Another kiosk is not held back by this one.
    assert_eq!(app.issue(&other, "huur").await["number"], "H003");
    // Desk staff are not limited.
    let staff = app.reception().await;
    for _ in 0..3 {
        app.issue(&staff, "huur").await;
    }

    // 6 in any minute.
    step(5);
    assert_eq!(touch(&k, "huur", "nl", "c").await.0, 200);
    assert_eq!(touch(&k, "huur", "nl", "d").await.0, 200);
    step(5);
    assert_eq!(touch(&k, "huur", "nl", "e").await.0, 200);
    assert_eq!(touch(&k, "huur", "nl", "f").await.0, 200);
    step(5);
    let r = app
        .http
        .post(app.url("/api/v1/tickets"))
        .bearer_auth(&token)
        .header("Idempotency-Key", "g")
        .json(&json!({"service": "huur"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "45");
    step(45);
    assert_eq!(touch(&k, "huur", "nl", "g").await.0, 200);
    // Only the tickets really issued were printed.
    assert_eq!(jobs(&dir).len(), 7);
    k.stop().await;
}

/// Books an appointment at reception for An Peeters in Spreekkamer 2, 30 minutes from now
/// (the test clock stands at Tuesday 10:00 in Brussels), and returns its booking code.
async fn book_appointment(app: &TestApp) -> String {
    let reception = app.reception().await;
    let peeters = app.staff_id(&reception, "An Peeters").await;
    let room = app.desk_id(&reception, "Spreekkamer 2").await;
    let r = app
        .post(&reception, "/api/v1/appointments", json!({"service": "afspraak", "staff": peeters, "desk": room, "start": "2026-11-24T10:30:00+01:00", "duration_min": 30}))
        .await;
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.unwrap()["code"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn an_appointment_checks_in_with_its_code_and_the_ticket_names_the_room() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let code = book_appointment(&app).await;
    let kiosk_token = app.device("kiosk").await;
    let dir = printer_dir();
    let k = start_kiosk(&app.base, &kiosk_token, &dir).await;
    online(&k).await;
    let check_in = |code: String, lang: &'static str, key: &'static str| {
        reqwest::Client::new()
            .post(format!("{}/api/check-in", k.url()))
            .json(&json!({"code": code, "lang": lang, "key": key}))
            .send()
    };
    // A mistyped code: the server's own answer, passed on, in the visitor's language.
    let r = check_in("ZZZZZZ".into(), "uk", "try-1").await.unwrap();
    assert_ne!(r.status().as_u16(), 200);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"]["code"], "unknown_code", "{e}");
    assert_eq!(
        e["error"]["message"],
        "Ми не знаємо цього коду. Перевірте його або підійдіть до стійки реєстрації.",
        "{e}"
    );
    // As a scanner types it: lower case with a dash.
    let typed = format!("{}-{}", &code[..3], &code[3..]).to_lowercase();
    let r = check_in(typed, "nl", "try-2").await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let t: Value = r.json().await.unwrap();
    assert_eq!(t["number"], "A001");
    assert_eq!(t["check_in"], true);
    assert_eq!(t["room"], "Spreekkamer 2");
    assert_eq!(t["printed"], true);
    let bin = &jobs(&dir)[0];
    assert!(contains(bin, b"A001"));
    assert!(
        contains(bin, b"Uw maatschappelijk werker is verwittigd"),
        "the check-in line"
    );
    assert!(contains(bin, b"Spreekkamer 2"));
    // The social worker's queue has the visitor, waiting for them.
    let peeters = app.login("mw.peeters", "peeters").await;
    let list: Value = app
        .read(&peeters, "/api/v1/appointments?date=2026-11-24")
        .await;
    assert_eq!(list[0]["state"], "arrived");
    k.stop().await;
}

/// `GS v 0`: a raster image in a print job.
fn has_raster(job: &[u8]) -> bool {
    job.windows(3).any(|w| w == b"\x1dv0")
}

#[tokio::test]
async fn an_arabic_ticket_prints_in_arabic_or_in_french_on_a_text_only_printer() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    for (query, printed, raster) in [
        ("", "المساعدة في الديون", true),
        ("?script=text", "Aide aux dettes", false),
    ] {
        let token = app.device("kiosk").await;
        let dir = printer_dir();
        let uri = format!("dir://{}/{query}", dir.display());
        let k = start_kiosk_printing(&app.base, &token, &uri).await;
        online(&k).await;
        let (status, t) = touch(&k, "schuldhulp", "ar", &format!("ar{query}")).await;
        assert_eq!(status, 200, "{t}");
        assert_eq!(t["printed"], true, "{t}");
        assert_eq!(t["printed_service_name"], printed, "{query}");
        let jobs = jobs(&dir);
        assert_eq!(jobs.len(), 1);
        assert_eq!(has_raster(&jobs[0]), raster, "{query}");
        if !raster {
            // WPC1252 text: "Aide aux dettes" as bytes, the French phrases.
            assert!(jobs[0].windows(15).any(|w| w == b"Aide aux dettes"));
            assert!(jobs[0].windows(20).any(|w| w == b"Personnes avant vous"));
        }
        k.stop().await;
    }
}

#[tokio::test]
async fn a_headset_plugged_in_and_out_is_in_the_pages_view() {
    // The station needs no server for this: the jack is its own.
    let dir = printer_dir();
    let jack = dir.join("headset");
    let k = onthaal_kiosk::start(Settings {
        server: "http://127.0.0.1:9".into(),
        token: "not-needed".into(),
        bind: "127.0.0.1:0".parse().unwrap(),
        printer: format!("dir://{}/", dir.display()),
        public_url: None,
        headset: HeadsetSource::File(jack.clone()),
        ca_file: None,
    })
    .await
    .expect("kiosk station starts");
    assert!(!k.watch().borrow().headset, "no headset at the start");
    std::fs::write(&jack, "1").unwrap();
    wait_view(&k, "the headset seen plugged in", WAIT, |v| v.headset).await;
    // The page learns it from the same stream it reads everything else from.
    let page: Value = reqwest::get(format!("{}/api/state", k.url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["headset"], true);
    std::fs::write(&jack, "0").unwrap();
    wait_view(&k, "the headset seen taken out", WAIT, |v| !v.headset).await;
    k.stop().await;
    std::fs::remove_dir_all(&dir).unwrap();
}
