//! Plays a [`Day`] through the HTTP API of a real server on a manual clock, then measures the
//! estimates given at issue against the waits that followed.
//!
//! Everything is a timed event in one queue (ties in the order they were planned), so a day
//! runs in seconds and the same day always gives the same result. Desks behave like staff: when
//! free and on shift they press "call next"; a free desk with nobody to call waits until someone
//! arrives for it (or an appointment falls due); at the end of a shift it finishes its visit and
//! goes on a break; before a long pause (lunch, the evening, the end of the day) it serves whoever
//! still waits for it, then closes.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::{json, Value};
use sqlx::Row;

use super::{Day, Visit, CONFIG};
use crate::{start_on, Backend, TestApp};

/// How estimates compare with the waits that followed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Accuracy {
    /// Mean absolute error, seconds.
    pub mae_s: f64,
    /// Share of visitors called within 5 minutes of the estimate (either way).
    pub within_5_min: f64,
    /// Mean of estimate − real wait, seconds: positive means visitors waited less than told.
    pub bias_s: f64,
}

/// The figures of one simulated day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    pub scenario: String,
    pub seed: Option<u64>,
    /// Walk-ins that got a ticket.
    pub tickets: usize,
    /// Walk-ins measured: called at least once (the others left or were never called).
    pub measured: usize,
    pub appointments_checked_in: usize,
    pub mean_wait_s: f64,
    pub forecast: Accuracy,
    pub naive: Accuracy,
    /// Estimates re-recorded during the day because the queue moved them by a minute or more.
    pub estimates_recorded: i64,
}

fn accuracy(pairs: &[(i64, i64)]) -> Accuracy {
    let n = pairs.len().max(1) as f64;
    let err = |(est, real): &(i64, i64)| (est - real) as f64;
    Accuracy {
        mae_s: (pairs.iter().map(|p| err(p).abs()).sum::<f64>() / n).round(),
        within_5_min: ((pairs.iter().filter(|p| err(p).abs() <= 300.0).count() as f64 / n)
            * 1000.0)
            .round()
            / 1000.0,
        bias_s: (pairs.iter().map(err).sum::<f64>() / n).round(),
    }
}

/// A pause between two shifts at least this long (minutes) closes the desk: it serves whoever
/// still waits for it first. A shorter one is a break.
const LONG_PAUSE_MIN: i64 = 60;

#[derive(Debug, Clone)]
enum Ev {
    Arrive(usize),
    CheckIn(usize),
    ShiftStart(usize),
    /// The end of a shift; `true`: a long pause follows, serve the queue out first.
    ShiftEnd(usize, bool),
    /// A desk looks whether someone can be called now (an appointment falls due).
    Wake(usize),
    /// A desk's visit (of this ticket) reaches its next step.
    Step(usize, i64),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Off,
    On,
    /// Before a long pause: serve whoever still waits, then close.
    Closing,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    Called,
    Serving,
}

struct DeskRun {
    id: i64,
    name: String,
    token: String,
    services: Vec<String>,
    staff: Option<i64>,
    mode: Mode,
    busy: Option<(i64, Visit, Phase)>,
}

struct Run<'a> {
    app: &'a TestApp,
    issuer: String,
    queue: BinaryHeap<Reverse<(i64, u64)>>,
    events: Vec<Ev>,
    desks: Vec<DeskRun>,
    /// Ticket id → its visit (the part after a referral once referred).
    visits: HashMap<i64, Visit>,
    referred: HashSet<i64>,
    checked_in: usize,
    tickets: usize,
    /// Booking index → its check-in code; its social worker and room (desk index).
    codes: HashMap<usize, String>,
    booking_staff: Vec<(Option<i64>, Option<usize>)>,
}

impl Run<'_> {
    fn at(&mut self, t: DateTime<Utc>, ev: Ev) {
        let n = self.events.len() as u64;
        self.events.push(ev);
        self.queue.push(Reverse((t.timestamp_millis(), n)));
    }

    fn now(&self) -> DateTime<Utc> {
        onthaal_server::clock::Clock::now(self.app.clock.as_ref())
    }

    async fn post(&self, token: &str, path: &str, body: Value) -> (u16, Value) {
        let r = self.app.post(token, path, body).await;
        let status = r.status().as_u16();
        let body = if status == 204 {
            Value::Null
        } else {
            r.json().await.unwrap_or(Value::Null)
        };
        (status, body)
    }

    /// Free desks that may take someone of `service` (or `staff`'s visitor) try to call,
    /// in desk order, until one succeeds.
    async fn wake_for(&mut self, service: Option<&str>, staff: Option<i64>) {
        for d in 0..self.desks.len() {
            let desk = &self.desks[d];
            let fits = desk.services.iter().any(|s| Some(s.as_str()) == service)
                || (staff.is_some() && desk.staff == staff);
            if fits && desk.busy.is_none() && desk.mode != Mode::Off && self.call(d).await {
                return;
            }
        }
    }

    /// Presses "call next" at a free desk; true when someone was called.
    async fn call(&mut self, d: usize) -> bool {
        if self.desks[d].busy.is_some() || self.desks[d].mode == Mode::Off {
            return false;
        }
        let path = format!("/api/v1/desks/{}/call-next", self.desks[d].id);
        let token = self.desks[d].token.clone();
        let (status, t) = self.post(&token, &path, json!({})).await;
        if status != 200 {
            if self.desks[d].mode == Mode::Closing {
                self.desks[d].mode = Mode::Off;
            }
            return false;
        }
        let id = t["id"].as_i64().expect("ticket id");
        let visit = self.visits.get(&id).cloned().unwrap_or(Visit {
            no_show: false,
            walk_up_s: 60,
            service_s: 600,
            then: None,
        });
        let next = self.now() + Duration::seconds(visit.walk_up_s);
        self.desks[d].busy = Some((id, visit, Phase::Called));
        self.at(next, Ev::Step(d, id));
        true
    }

    async fn step(&mut self, d: usize, ticket: i64) {
        let Some((id, visit, phase)) = self.desks[d].busy.clone() else {
            return;
        };
        if id != ticket {
            return;
        }
        let token = self.desks[d].token.clone();
        let act = |a: &str| format!("/api/v1/tickets/{id}/{a}");
        if phase == Phase::Called && !visit.no_show {
            self.post(&token, &act("start"), json!({})).await;
            self.desks[d].busy = Some((id, visit.clone(), Phase::Serving));
            let next = self.now() + Duration::seconds(visit.service_s);
            self.at(next, Ev::Step(d, id));
            return;
        }
        let mut referred_to = None;
        if visit.no_show {
            self.post(&token, &act("no-show"), json!({})).await;
        } else if let (Some((to, secs)), false) = (&visit.then, self.referred.contains(&id)) {
            self.post(&token, &act("transfer"), json!({"service": to}))
                .await;
            self.referred.insert(id);
            self.visits.insert(
                id,
                Visit {
                    no_show: false,
                    walk_up_s: 45,
                    service_s: *secs,
                    then: None,
                },
            );
            referred_to = Some(to.clone());
        } else {
            self.post(&token, &act("finish"), json!({})).await;
        }
        self.desks[d].busy = None;
        self.call(d).await;
        if let Some(to) = referred_to {
            self.wake_for(Some(&to), None).await;
        }
    }

    async fn handle(&mut self, ev: Ev, day: &Day) {
        match ev {
            Ev::Arrive(i) => {
                let a = &day.arrivals[i];
                let mut body = json!({"service": a.service});
                if a.priority {
                    body["priority_reason"] = json!("reduced_mobility");
                }
                let issuer = self.issuer.clone();
                let (status, t) = self.post(&issuer, "/api/v1/tickets", body).await;
                if status == 201 {
                    self.tickets += 1;
                    self.visits
                        .insert(t["id"].as_i64().expect("id"), a.visit.clone());
                    let service = a.service.clone();
                    self.wake_for(Some(&service), None).await;
                }
            }
            Ev::CheckIn(i) => {
                let Some(code) = self.codes.get(&i).cloned() else {
                    return;
                };
                let issuer = self.issuer.clone();
                let (status, t) = self
                    .post(&issuer, "/api/v1/check-in", json!({"code": code}))
                    .await;
                if status == 201 {
                    self.checked_in += 1;
                    self.visits
                        .insert(t["id"].as_i64().expect("id"), day.bookings[i].visit.clone());
                    let (staff, room) = self.booking_staff[i];
                    if let Some(d) = room {
                        self.call(d).await;
                    }
                    self.wake_for(None, staff).await;
                }
            }
            Ev::ShiftStart(d) => {
                self.desks[d].mode = Mode::On;
                self.call(d).await;
            }
            Ev::ShiftEnd(d, last) => {
                self.desks[d].mode = if last { Mode::Closing } else { Mode::Off };
                if last {
                    self.call(d).await;
                }
            }
            Ev::Wake(d) => {
                self.call(d).await;
            }
            Ev::Step(d, id) => self.step(d, id).await,
        }
    }
}

/// Plays a day on a fresh database of `backend` with the simulated sociaal huis's
/// configuration and returns its figures.
pub async fn run_day(day: &Day, backend: Backend, seed: Option<u64>) -> Result<Figures, String> {
    run_day_with(day, backend, seed, CONFIG, "sim/huis.toml").await
}

/// [`run_day`] with another configuration (a replayed day needs its own services and desks).
pub async fn run_day_with(
    day: &Day,
    backend: Backend,
    seed: Option<u64>,
    config: &str,
    config_name: &str,
) -> Result<Figures, String> {
    let database_url = crate::fresh_database(backend)
        .await
        .ok_or("the database for the simulation is not available")?;
    let config =
        // The simulated sociaal huis logs in with published demo passwords, as the demo does.
        onthaal_server::config::Config::parse_demo(config, config_name).map_err(|e| e.to_string())?;
    let clock = std::sync::Arc::new(onthaal_server::clock::ManualClock::new(day.start));
    let mut app = start_on(backend, database_url, config, clock).await;
    let result = play(&app, day, seed).await;
    app.stop().await;
    result
}

async fn play(app: &TestApp, day: &Day, seed: Option<u64>) -> Result<Figures, String> {
    let issuer = app.reception().await;
    let desks: Value = app
        .get(&issuer, "/api/v1/desks")
        .await
        .json()
        .await
        .unwrap();
    let staff: Value = app
        .get(&issuer, "/api/v1/staff")
        .await
        .json()
        .await
        .unwrap();
    let staff_id = |name: &str| {
        staff
            .as_array()
            .and_then(|l| l.iter().find(|s| s["name"] == name))
            .and_then(|s| s["id"].as_i64())
    };
    let mut tokens: BTreeMap<String, String> = BTreeMap::new();
    let mut run = Run {
        app,
        issuer: issuer.clone(),
        queue: BinaryHeap::new(),
        events: Vec::new(),
        desks: Vec::new(),
        visits: HashMap::new(),
        referred: HashSet::new(),
        checked_in: 0,
        tickets: 0,
        codes: HashMap::new(),
        booking_staff: Vec::new(),
    };
    for plan in &day.desks {
        let Some(desk) = desks
            .as_array()
            .and_then(|l| l.iter().find(|d| d["name"] == plan.desk.as_str()))
        else {
            return Err(format!("no desk \"{}\" in the configuration", plan.desk));
        };
        if !tokens.contains_key(&plan.username) {
            let t = app.login(&plan.username, &plan.password).await;
            tokens.insert(plan.username.clone(), t);
        }
        let me: Value = app
            .get(&tokens[&plan.username], "/api/v1/auth/me")
            .await
            .json()
            .await
            .unwrap_or(Value::Null);
        let d = run.desks.len();
        run.desks.push(DeskRun {
            id: desk["id"].as_i64().expect("desk id"),
            name: plan.desk.clone(),
            token: tokens[&plan.username].clone(),
            services: desk["services"]
                .as_array()
                .map(|l| {
                    l.iter()
                        .filter_map(|s| s.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default(),
            staff: me["id"].as_i64(),
            mode: Mode::Off,
            busy: None,
        });
        for (k, (from, to)) in plan.shifts.iter().enumerate() {
            run.at(*from, Ev::ShiftStart(d));
            // A short pause is a break; before a long one (lunch, the evening) or the end of
            // the day, whoever is still waiting is served first.
            let closing = plan
                .shifts
                .get(k + 1)
                .is_none_or(|next| next.0 - *to >= Duration::minutes(LONG_PAUSE_MIN));
            run.at(*to, Ev::ShiftEnd(d, closing));
        }
    }
    // Appointments are booked before the day starts; check-ins are planned with their code.
    for (i, b) in day.bookings.iter().enumerate() {
        let room = desks
            .as_array()
            .and_then(|l| l.iter().find(|d| d["name"] == b.room.as_str()))
            .and_then(|d| d["id"].as_i64());
        let body = json!({"service": "afspraak", "staff": staff_id(&b.staff), "desk": room,
            "start": b.start.to_rfc3339(), "duration_min": b.duration_min});
        let (status, a) = run.post(&issuer, "/api/v1/appointments", body).await;
        if status != 201 {
            return Err(format!("booking at {} refused: {a}", b.start));
        }
        let worker = staff_id(&b.staff);
        let room = run.desks.iter().position(|d| d.name == b.room);
        run.booking_staff.push((worker, room));
        if let Some(at) = b.arrive {
            let code = a["code"].as_str().unwrap_or_default().to_string();
            run.codes.insert(i, code);
            run.at(at, Ev::CheckIn(i));
            // The social worker (or the room) looks again when the slot falls due.
            let desk = run
                .desks
                .iter()
                .position(|d| worker.is_some() && d.staff == worker)
                .or(room);
            if let Some(d) = desk {
                let due = b.start - Duration::minutes(5) + Duration::seconds(1);
                run.at(due.max(at), Ev::Wake(d));
            }
        }
    }
    for (i, _) in day.arrivals.iter().enumerate() {
        run.at(day.arrivals[i].at, Ev::Arrive(i));
    }
    while let Some(Reverse((t, n))) = run.queue.pop() {
        let t = DateTime::<Utc>::from_timestamp_millis(t).expect("time");
        if t > run.now() {
            app.clock.set(t);
        }
        let ev = run.events[n as usize].clone();
        run.handle(ev, day).await;
    }
    let (tickets, checked_in) = (run.tickets, run.checked_in);
    measure(app, &day.name, seed, tickets, checked_in).await
}

/// Reads the estimates given at issue and the first calls from the event log.
async fn measure(
    app: &TestApp,
    name: &str,
    seed: Option<u64>,
    tickets: usize,
    appointments_checked_in: usize,
) -> Result<Figures, String> {
    let store = app.running.as_ref().expect("running").store.clone();
    let pool = store.pool();
    let db = |e: sqlx::Error| e.to_string();
    let mut issued: BTreeMap<i64, (i64, Value)> = BTreeMap::new();
    for r in sqlx::query("SELECT ticket_id, at, data FROM events WHERE kind = 'issued'")
        .fetch_all(pool)
        .await
        .map_err(db)?
    {
        let data: Option<String> = r.try_get("data").map_err(db)?;
        let data: Value = data
            .and_then(|d| serde_json::from_str(&d).ok())
            .unwrap_or(Value::Null);
        issued.insert(
            r.try_get("ticket_id").map_err(db)?,
            (r.try_get("at").map_err(db)?, data),
        );
    }
    let mut called: HashMap<i64, i64> = HashMap::new();
    for r in sqlx::query(
        "SELECT ticket_id, MIN(at) AS at FROM events WHERE kind = 'called' GROUP BY ticket_id",
    )
    .fetch_all(pool)
    .await
    .map_err(db)?
    {
        called.insert(
            r.try_get("ticket_id").map_err(db)?,
            r.try_get("at").map_err(db)?,
        );
    }
    let mut forecast = Vec::new();
    let mut naive = Vec::new();
    let mut waits = 0i64;
    for (id, (at, data)) in &issued {
        if data["channel"] == "appointment" {
            continue;
        }
        let (Some(call), Some(est), Some(base)) = (
            called.get(id),
            data["estimate_s"].as_i64(),
            data["naive_estimate_s"].as_i64(),
        ) else {
            continue;
        };
        let real = (call - at) / 1000;
        waits += real;
        forecast.push((est, real));
        naive.push((base, real));
    }
    let recorded: i64 = sqlx::query("SELECT COUNT(*) FROM ticket_estimates")
        .fetch_one(pool)
        .await
        .map_err(db)?
        .try_get(0)
        .map_err(db)?;
    Ok(Figures {
        scenario: name.to_string(),
        seed,
        tickets,
        measured: forecast.len(),
        appointments_checked_in,
        mean_wait_s: (waits as f64 / forecast.len().max(1) as f64).round(),
        forecast: accuracy(&forecast),
        naive: accuracy(&naive),
        estimates_recorded: recorded,
    })
}

/// The figures as a table (one line per day).
pub fn table(rows: &[Figures]) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{:<18} {:>5} {:>7} {:>8} {:>9} | {:>9} {:>8} {:>8} | {:>9} {:>8} {:>8}\n",
        "scenario",
        "seed",
        "tickets",
        "measured",
        "mean wait",
        "fc MAE",
        "fc ≤5min",
        "fc bias",
        "naive MAE",
        "nv ≤5min",
        "nv bias"
    ));
    let min = |s: f64| format!("{:.1} min", s / 60.0);
    for f in rows {
        out.push_str(&format!(
            "{:<18} {:>5} {:>7} {:>8} {:>9} | {:>9} {:>7.0}% {:>8} | {:>9} {:>7.0}% {:>8}\n",
            f.scenario,
            f.seed.map_or("-".to_string(), |s| s.to_string()),
            f.tickets,
            f.measured,
            min(f.mean_wait_s),
            min(f.forecast.mae_s),
            f.forecast.within_5_min * 100.0,
            min(f.forecast.bias_s),
            min(f.naive.mae_s),
            f.naive.within_5_min * 100.0,
            min(f.naive.bias_s),
        ));
    }
    out
}
