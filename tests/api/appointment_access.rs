//! Who reaches which appointment: the whole matrix of callers × appointment routes.
//!
//! A social worker sees and acts on their own appointments and on the team appointments of
//! the services they take, never a colleague's clients; reception, the ID-team and admins act
//! for everyone; a manager does no desk work; devices and anonymous callers reach nothing.
//! Refusals are `403 forbidden` (anonymous: `401`) with the JSON error body, lists and
//! calendars hold only what may be seen, and no refusal carries a client's contact details.
//!
//! The house: An Peeters (schuldhulp, permanentie, afspraak) owns the personal appointments;
//! Karim Janssens (huur, schuldhulp, permanentie, afspraak) is the whole housing (huur) team;
//! Wouter Wouters (permanentie only) is another social worker, in none of those teams.

use onthaal_server::config::Config;
use onthaal_tests::{error_code, spawn_app_with, Backend, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

use super::desk_work::jobs;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Reception,
    IdTeam,
    Manager,
    Admin,
    /// An Peeters: the social worker the personal appointments are booked with.
    Owner,
    /// Karim Janssens: in the housing team, and the other worker of the debt-help team.
    TeamMember,
    /// Wouter Wouters: a social worker in none of the teams booked here.
    OtherWorker,
    Kiosk,
    Display,
    Anonymous,
}

const EVERYONE: [Who; 10] = [
    Who::Reception,
    Who::IdTeam,
    Who::Manager,
    Who::Admin,
    Who::Owner,
    Who::TeamMember,
    Who::OtherWorker,
    Who::Kiosk,
    Who::Display,
    Who::Anonymous,
];

/// The demo with a reception-only and an ID-team-only account, a third social worker, and its
/// reception printer in a fresh folder.
fn config(print_dir: &std::path::Path) -> Config {
    let extra = "[[staff]]\nusername = \"balie\"\nname = \"Bo Balie\"\nroles = [\"reception\"]\npassword = \"balie-wachtwoord-voor-tests\"\n\n\
                 [[staff]]\nusername = \"idteam\"\nname = \"Ida Team\"\nroles = [\"id_team\"]\npassword = \"idteam-wachtwoord-voor-tests\"\n\n\
                 [[staff]]\nusername = \"mw.wouters\"\nname = \"Wouter Wouters\"\nroles = [\"social_worker\"]\npassword = \"wouters-wachtwoord-voor-tests\"\nservices = [\"permanentie\"]\n\n\
                 [[partner]]\nkey = \"caw\"";
    let text = onthaal_server::config::DEMO_TOML
        .replace(
            "dir://data/reception-printer/",
            &format!("dir://{}/", print_dir.display()),
        )
        .replace("[[partner]]\nkey = \"caw\"", extra);
    Config::parse_demo(&text, "appointment access test config").unwrap()
}

/// A running server with a token for every kind of caller (none for the anonymous one).
struct House {
    app: TestApp,
    print_dir: std::path::PathBuf,
    tokens: Vec<(Who, Option<String>)>,
    peeters: i64,
    janssens: i64,
}

async fn house(b: Backend) -> Option<House> {
    let print_dir = std::env::temp_dir().join(format!(
        "onthaal-access-prints-{}-{}",
        std::process::id(),
        rand::random::<u32>()
    ));
    let app = spawn_app_with(b, config(&print_dir), onthaal_tests::default_now()).await?;
    let mut tokens = Vec::new();
    for who in EVERYONE {
        let token = match who {
            Who::Reception => Some(app.login("balie", "balie-wachtwoord-voor-tests").await),
            Who::IdTeam => Some(app.login("idteam", "idteam-wachtwoord-voor-tests").await),
            Who::Manager => Some(app.login("diensthoofd", "diensthoofd").await),
            Who::Admin => Some(app.admin().await),
            Who::Owner => Some(app.login("mw.peeters", "peeters").await),
            Who::TeamMember => Some(app.login("mw.janssens", "janssens").await),
            Who::OtherWorker => Some(
                app.login("mw.wouters", "wouters-wachtwoord-voor-tests")
                    .await,
            ),
            Who::Kiosk => Some(app.device("kiosk").await),
            Who::Display => Some(app.device("display").await),
            Who::Anonymous => None,
        };
        tokens.push((who, token));
    }
    let reception = tokens[0].1.clone().unwrap();
    let peeters = app.staff_id(&reception, "An Peeters").await;
    let janssens = app.staff_id(&reception, "Karim Janssens").await;
    Some(House {
        app,
        print_dir,
        tokens,
        peeters,
        janssens,
    })
}

/// An appointment of the test, and who should reach it.
#[derive(Debug, Clone)]
struct Appt {
    id: i64,
    /// The client's name: must never reach a caller who may not see the appointment.
    client: String,
    /// Booked with this person; `None`: a team appointment.
    with: Option<Who>,
    /// The team's social workers (for a team appointment).
    team: Vec<Who>,
}

impl Appt {
    fn reached_by(&self, who: Who) -> bool {
        match who {
            Who::Reception | Who::IdTeam | Who::Admin => true,
            Who::Owner | Who::TeamMember | Who::OtherWorker => match self.with {
                Some(w) => w == who,
                None => self.team.contains(&who),
            },
            Who::Manager | Who::Kiosk | Who::Display | Who::Anonymous => false,
        }
    }

    /// The status `who` should get for a route answering `ok` when allowed.
    fn expected(&self, who: Who, ok: u16) -> u16 {
        if who == Who::Anonymous {
            401
        } else if self.reached_by(who) {
            ok
        } else {
            403
        }
    }
}

/// What to book: an appointment with An Peeters (afspraak), with Karim Janssens (afspraak),
/// with the housing team (huur: Karim alone) or with the debt-help team (schuldhulp: An and
/// Karim).
#[derive(Debug, Clone, Copy)]
enum Kind {
    WithOwner,
    WithTeamMember,
    HousingTeam,
    DebtTeam,
}

impl House {
    fn token(&self, who: Who) -> Option<&str> {
        self.tokens
            .iter()
            .find(|(w, _)| *w == who)
            .and_then(|(_, t)| t.as_deref())
    }

    async fn call(
        &self,
        who: Who,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let body = body.unwrap_or(Value::Null);
        self.app.request(self.token(who), method, path, &body).await
    }

    /// `who` does `action` to the appointment (`POST /api/v1/appointments/{id}/{action}`).
    async fn on(&self, who: Who, a: &Appt, action: &str, body: Value) -> (u16, Value) {
        let path = format!("/api/v1/appointments/{}/{action}", a.id);
        self.app
            .request(self.token(who), Method::POST, &path, &body)
            .await
    }

    /// Everyone who does not reach `a` tries `action` on it, and each is refused as
    /// [`Appt::expected`] says; `what` names the attempt in the messages ("cancels …").
    async fn refused_to_the_others(&self, a: &Appt, action: &str, body: Value, what: &str) {
        for who in EVERYONE.into_iter().filter(|w| !a.reached_by(*w)) {
            let what = format!("{who:?} {what}");
            let (s, v) = self.on(who, a, action, body.clone()).await;
            assert_eq!(s, a.expected(who, 200), "{what}: {v}");
            assert_refusal(s, &v, Some(a), &what);
        }
    }

    fn body(&self, kind: Kind, start: &str, client: &str) -> Value {
        let mut body = json!({
            "start": start, "duration_min": 30,
            "contact": {"name": client, "phone": "0470 11 22 33", "email": "client@example.org"},
        });
        let (service, staff) = match kind {
            Kind::WithOwner => ("afspraak", Some(self.peeters)),
            Kind::WithTeamMember => ("afspraak", Some(self.janssens)),
            Kind::HousingTeam => ("huur", None),
            Kind::DebtTeam => ("schuldhulp", None),
        };
        body["service"] = service.into();
        if let Some(s) = staff {
            body["staff"] = s.into();
        }
        body
    }

    /// Books as reception and returns the appointment with who should reach it.
    async fn book(&self, kind: Kind, start: &str) -> Appt {
        let client = format!("Cliënt {}", rand::random::<u32>());
        let (s, a) = self
            .call(
                Who::Reception,
                Method::POST,
                "/api/v1/appointments",
                Some(self.body(kind, start, &client)),
            )
            .await;
        assert_eq!(s, 201, "booking {kind:?} at {start}: {a}");
        let (with, team) = match kind {
            Kind::WithOwner => (Some(Who::Owner), vec![]),
            Kind::WithTeamMember => (Some(Who::TeamMember), vec![]),
            Kind::HousingTeam => (None, vec![Who::TeamMember]),
            Kind::DebtTeam => (None, vec![Who::Owner, Who::TeamMember]),
        };
        Appt {
            id: a["id"].as_i64().unwrap(),
            client,
            with,
            team,
        }
    }

    /// The appointment as reception sees it.
    async fn now(&self, a: &Appt) -> Value {
        let (s, v) = self
            .call(
                Who::Reception,
                Method::GET,
                &format!("/api/v1/appointments/{}", a.id),
                None,
            )
            .await;
        assert_eq!(s, 200);
        v
    }
}

/// A refusal is the JSON error body, and says nothing of the client.
fn assert_refusal(status: u16, body: &Value, a: Option<&Appt>, what: &str) {
    let code = if status == 401 {
        "unauthorized"
    } else {
        "forbidden"
    };
    assert_eq!(body["error"]["code"], code, "{what}: {body}");
    assert!(body["error"]["message"].is_string(), "{what}: {body}");
    if let Some(a) = a {
        assert!(
            !body.to_string().contains(&a.client),
            "{what}: the refusal names the client: {body}"
        );
    }
}

both!(who_sees_which_appointment);
async fn who_sees_which_appointment(b: Backend) {
    let Some(h) = house(b).await else {
        return;
    };
    // Thursday 26 November 2026.
    let own = h.book(Kind::WithOwner, "2026-11-26T08:30:00+01:00").await;
    let housing = h.book(Kind::HousingTeam, "2026-11-26T08:30:00+01:00").await;
    let debt = h.book(Kind::DebtTeam, "2026-11-26T09:00:00+01:00").await;
    let karims = h
        .book(Kind::WithTeamMember, "2026-11-26T10:00:00+01:00")
        .await;
    let all = [&own, &housing, &debt, &karims];

    // GET /appointments/{id}: contact details to those who reach it, a refusal to the rest.
    for a in all {
        for who in EVERYONE {
            let path = format!("/api/v1/appointments/{}", a.id);
            let (s, v) = h.call(who, Method::GET, &path, None).await;
            let what = format!("{who:?} GET {path} ({:?}/{:?})", a.with, a.team);
            assert_eq!(s, a.expected(who, 200), "{what}: {v}");
            if s == 200 {
                assert_eq!(v["contact"]["name"], a.client.as_str(), "{what}");
            } else {
                assert_refusal(s, &v, Some(a), &what);
            }
        }
    }
    // An appointment that does not exist is not found, for whoever may read appointments.
    let (s, v) = h
        .call(Who::Owner, Method::GET, "/api/v1/appointments/999999", None)
        .await;
    assert_eq!((s, error_code(&v)), (404, Some("not_found")));

    // The day list holds only what the caller reaches; the others' clients are not in it.
    for who in EVERYONE {
        let path = "/api/v1/appointments?date=2026-11-26";
        let (s, v) = h.call(who, Method::GET, path, None).await;
        let what = format!("{who:?} GET {path}");
        match who {
            Who::Anonymous => assert_eq!(s, 401, "{what}"),
            Who::Manager | Who::Kiosk | Who::Display => assert_eq!(s, 403, "{what}"),
            _ => assert_eq!(s, 200, "{what}: {v}"),
        }
        if s != 200 {
            assert_refusal(s, &v, None, &what);
            continue;
        }
        let mut ids: Vec<i64> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_i64().unwrap())
            .collect();
        ids.sort();
        let mut expected: Vec<i64> = all
            .iter()
            .filter(|a| a.reached_by(who))
            .map(|a| a.id)
            .collect();
        expected.sort();
        assert_eq!(ids, expected, "{what}");
        let text = v.to_string();
        for a in all.iter().filter(|a| !a.reached_by(who)) {
            assert!(!text.contains(&a.client), "{what} shows {}", a.client);
        }
    }
    // Asked for An's day, Karim gets none of her clients (filtered, not her list).
    let path = format!("/api/v1/appointments?date=2026-11-26&staff={}", h.peeters);
    let (s, v) = h.call(Who::TeamMember, Method::GET, &path, None).await;
    assert_eq!((s, v), (200, json!([])));
    let (s, v) = h.call(Who::Reception, Method::GET, &path, None).await;
    assert_eq!(s, 200);
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["id"], own.id);

    // A calendar: the person's own, or anyone's for the front door; no colleague's.
    for (person, mine, owner) in [
        (h.peeters, &own, Who::Owner),
        (h.janssens, &karims, Who::TeamMember),
    ] {
        let path = format!("/api/v1/staff/{person}/calendar?from=2026-11-23&to=2026-11-29");
        for who in EVERYONE {
            let (s, v) = h.call(who, Method::GET, &path, None).await;
            let what = format!("{who:?} GET {path}");
            let allowed = matches!(who, Who::Reception | Who::IdTeam | Who::Admin) || who == owner;
            let want = match who {
                Who::Anonymous => 401,
                _ if allowed => 200,
                _ => 403,
            };
            assert_eq!(s, want, "{what}: {v}");
            if s == 200 {
                // Only what is booked with that person: no team appointment, nobody else's.
                let list = v.as_array().unwrap();
                assert_eq!(list.len(), 1, "{what}: {v}");
                assert_eq!(list[0]["id"], mine.id, "{what}");
                assert_eq!(list[0]["contact"]["name"], mine.client.as_str(), "{what}");
            } else {
                assert_refusal(s, &v, Some(mine), &what);
            }
        }
    }

    // The calendar's feed address is a credential: the person and admins only.
    let path = format!("/api/v1/staff/{}/ical-url", h.peeters);
    let mut feed = None;
    for who in EVERYONE {
        let (s, v) = h.call(who, Method::GET, &path, None).await;
        let want = match who {
            Who::Anonymous => 401,
            Who::Owner | Who::Admin => 200,
            _ => 403,
        };
        assert_eq!(s, want, "{who:?} GET {path}: {v}");
        if s == 200 {
            feed = v["url"].as_str().map(str::to_string);
        }
    }
    // The feed names the service and the code, never the client.
    let feed = feed.unwrap();
    let path = feed.trim_start_matches("https://onthaal.example");
    let r = h.app.http.get(h.app.url(path)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let ics = r.text().await.unwrap();
    assert!(
        ics.contains(&format!("UID:appointment-{}@onthaal", own.id)),
        "{ics}"
    );
    for a in all {
        assert!(!ics.contains(&a.client), "the feed names {}", a.client);
    }
    for a in [&housing, &debt, &karims] {
        assert!(
            !ics.contains(&format!("UID:appointment-{}@onthaal", a.id)),
            "An's feed holds appointment {}",
            a.id
        );
    }
}

both!(who_changes_which_appointment);
async fn who_changes_which_appointment(b: Backend) {
    let Some(h) = house(b).await else {
        return;
    };
    let kinds = [Kind::WithOwner, Kind::HousingTeam];
    let allowed = |kind: Kind| -> Vec<Who> {
        let worker = match kind {
            Kind::WithOwner => Who::Owner,
            _ => Who::TeamMember,
        };
        vec![Who::Reception, Who::IdTeam, Who::Admin, worker]
    };
    // Shared appointments on Thursday 26 November, which every refused caller tries to change.
    let mut shared = Vec::new();
    for kind in kinds {
        shared.push(h.book(kind, "2026-11-26T08:30:00+01:00").await);
    }
    let before: Vec<Value> = {
        let mut v = Vec::new();
        for a in &shared {
            v.push(h.now(a).await);
        }
        v
    };

    // Cancel: each allowed caller cancels an appointment of its own booking; the rest are refused.
    for (k, kind) in kinds.into_iter().enumerate() {
        for (i, who) in allowed(kind).into_iter().enumerate() {
            let at = format!(
                "2026-11-26T{}:00+01:00",
                ["09:00", "09:30", "10:00", "10:30"][i]
            );
            let a = h.book(kind, &at).await;
            let (s, v) = h.on(who, &a, "cancel", json!({})).await;
            assert_eq!(s, 200, "{who:?} cancels {kind:?}: {v}");
            assert_eq!(v["state"], "cancelled");
        }
        let a = &shared[k];
        let what = format!("cancels {kind:?}");
        h.refused_to_the_others(a, "cancel", json!({}), &what).await;
    }

    // Move: to the afternoon of Friday 27 November.
    for (k, kind) in kinds.into_iter().enumerate() {
        for (i, who) in allowed(kind).into_iter().enumerate() {
            let at = format!(
                "2026-11-27T{}:00+01:00",
                ["08:30", "09:00", "09:30", "10:00"][i]
            );
            let a = h.book(kind, &at).await;
            let to = format!(
                "2026-11-27T{}:00+01:00",
                ["13:00", "13:30", "14:00", "14:30"][i]
            );
            let (s, v) = h.on(who, &a, "move", json!({"start": to})).await;
            assert_eq!(s, 200, "{who:?} moves {kind:?}: {v}");
            assert_eq!(v["start"], to.as_str());
        }
        let a = &shared[k];
        let what = format!("moves {kind:?}");
        h.refused_to_the_others(
            a,
            "move",
            json!({"start": "2026-11-27T16:00:00+01:00"}),
            &what,
        )
        .await;
    }

    // Print the confirmation: a job for each caller who reaches it, none for the others.
    for (k, kind) in kinds.into_iter().enumerate() {
        let a = &shared[k];
        for who in EVERYONE {
            let what = format!("{who:?} prints {kind:?}");
            let printed = jobs(&h.print_dir).len();
            let (s, v) = h.on(who, a, "print", json!({})).await;
            assert_eq!(s, a.expected(who, 200), "{what}: {v}");
            if s == 200 {
                assert_eq!(jobs(&h.print_dir).len(), printed + 1, "{what}");
            } else {
                assert_refusal(s, &v, Some(a), &what);
                assert_eq!(jobs(&h.print_dir).len(), printed, "{what}");
            }
        }
    }

    // Every refusal left the shared appointments as they were.
    for (a, was) in shared.iter().zip(&before) {
        let is = h.now(a).await;
        assert_eq!(is["state"], "booked");
        assert_eq!(is["start"], was["start"]);
    }

    // No-show, once the appointments have begun: later today (Tuesday 24 November).
    let mut started = Vec::new();
    for kind in kinds {
        let mine = {
            let mut v = Vec::new();
            for (i, who) in allowed(kind).into_iter().enumerate() {
                let at = format!(
                    "2026-11-24T{}:00+01:00",
                    ["10:30", "11:00", "11:30", "13:00"][i]
                );
                v.push((who, h.book(kind, &at).await));
            }
            v
        };
        let shared = h.book(kind, "2026-11-24T13:30:00+01:00").await;
        started.push((kind, mine, shared));
    }
    // 14:00 in Brussels, within the sessions' working day.
    h.app.clock.advance(chrono::Duration::hours(4));
    for (kind, mine, shared) in &started {
        for (who, a) in mine {
            let (s, v) = h.on(*who, a, "no-show", json!({})).await;
            assert_eq!(s, 200, "{who:?} records a no-show of {kind:?}: {v}");
            assert_eq!(v["state"], "no_show");
        }
        let what = format!("records a no-show of {kind:?}");
        h.refused_to_the_others(shared, "no-show", json!({}), &what)
            .await;
        assert_eq!(h.now(shared).await["state"], "booked");
    }
}

both!(who_books_with_whom);
async fn who_books_with_whom(b: Backend) {
    let Some(h) = house(b).await else {
        return;
    };
    // Monday 30 November: a social worker books with themselves or a team of theirs only.
    for (kind, times) in [
        (Kind::WithOwner, ["08:30", "09:00", "09:30", "10:00"]),
        (Kind::HousingTeam, ["13:00", "13:30", "14:00", "14:30"]),
    ] {
        let mut next = times.iter();
        let probe = Appt {
            id: 0,
            client: String::new(),
            with: match kind {
                Kind::WithOwner => Some(Who::Owner),
                _ => None,
            },
            team: match kind {
                Kind::WithOwner => vec![],
                _ => vec![Who::TeamMember],
            },
        };
        for who in EVERYONE {
            let reached = probe.reached_by(who);
            let at = if reached {
                *next.next().unwrap()
            } else {
                // A free time: without the rule, the first of these would be booked.
                "15:30"
            };
            let client = format!("Cliënt {}", rand::random::<u32>());
            let body = h.body(kind, &format!("2026-11-30T{at}:00+01:00"), &client);
            let what = format!("{who:?} books {kind:?}");
            let (s, v) = h
                .call(who, Method::POST, "/api/v1/appointments", Some(body))
                .await;
            assert_eq!(s, probe.expected(who, 201), "{what}: {v}");
            if s == 201 {
                // What one books, one reaches afterwards.
                let path = format!("/api/v1/appointments/{}", v["id"]);
                let (s, again) = h.call(who, Method::GET, &path, None).await;
                assert_eq!(s, 200, "{what}, then GET: {again}");
                assert_eq!(again["contact"]["name"], client.as_str());
            } else {
                assert_refusal(s, &v, None, &what);
            }
        }
    }
    // Nothing was booked at 15:30 by a refused caller.
    let (s, v) = h
        .call(
            Who::Reception,
            Method::GET,
            "/api/v1/appointments?date=2026-11-30",
            None,
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(v.as_array().unwrap().len(), 8, "{v}");
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .all(|a| !a["start"].as_str().unwrap().contains("T15:30")));
}
