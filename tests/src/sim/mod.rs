//! The day simulator behind `onthaal-sim`: plays whole days of a sociaal huis against the real
//! server, in virtual time, and measures how good the wait estimates were.
//!
//! A [`Day`] is everything that happens from outside: visitors arriving for a service (some with
//! a priority), what each visit will take (walking up, the conversation, a no-show, a referral
//! to another service), appointments booked and checked in, and when each desk is staffed
//! (shifts with breaks between them). A day comes from a named [`Scenario`] drawn with a seed
//! ([`Scenario::draw`]) or from the event log of a real Onthaal database ([`replay`]). The
//! [`engine`] then plays it through the HTTP API of a real server on a manual clock, and reads
//! back from the event log, for every walk-in, the estimate given at issue (the forecast and the
//! naive baseline, recorded side by side) against the wait that followed.

pub mod engine;
pub mod replay;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Brussels;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// The configuration the simulated sociaal huis runs with (realistic opening hours).
pub const CONFIG: &str = include_str!("huis.toml");

/// What one visit at a desk will be like, decided before the day starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Visit {
    /// The visitor does not come forward when called.
    pub no_show: bool,
    /// From the call to the visitor at the desk (or, for a no-show, until the desk gives up).
    pub walk_up_s: i64,
    /// The conversation itself.
    pub service_s: i64,
    /// Referred on to another service at the end, with the conversation there.
    pub then: Option<(String, i64)>,
}

/// A walk-in taking a ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrival {
    pub at: DateTime<Utc>,
    pub service: String,
    pub priority: bool,
    pub visit: Visit,
}

/// An appointment, booked before the day starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Booking {
    /// The social worker's name, as `GET /staff` lists it.
    pub staff: String,
    /// The consultation room.
    pub room: String,
    pub start: DateTime<Utc>,
    pub duration_min: i64,
    /// When the client checks in at the kiosk; `None`: they do not come.
    pub arrive: Option<DateTime<Utc>>,
    pub visit: Visit,
}

/// Who works a desk, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct DeskPlan {
    pub desk: String,
    pub username: String,
    pub password: String,
    /// Working spans; a short gap is a break. Before a long one (an hour or more) and after
    /// the last span the desk serves whoever still waits for it, then closes.
    pub shifts: Vec<(DateTime<Utc>, DateTime<Utc>)>,
}

/// One day, as it happens from outside the system.
#[derive(Debug, Clone, PartialEq)]
pub struct Day {
    pub name: String,
    /// The clock at the start, before anyone arrives (appointments are booked then).
    pub start: DateTime<Utc>,
    pub arrivals: Vec<Arrival>,
    pub bookings: Vec<Booking>,
    pub desks: Vec<DeskPlan>,
}

/// Arrivals of one service: walk-ins per hour over local time spans.
#[derive(Debug, Clone)]
pub struct Demand {
    pub service: &'static str,
    pub per_hour: Vec<(&'static str, &'static str, f64)>,
    /// Median conversation in minutes and the spread (σ of its logarithm).
    pub median_min: f64,
    pub sigma: f64,
    /// Referred on to these services, with these shares.
    pub referrals: Vec<(&'static str, f64)>,
}

/// A desk of a scenario: its name, the account working it, its local shifts ("08:30", "12:00").
pub type Staffing = (
    &'static str,
    &'static str,
    Vec<(&'static str, &'static str)>,
);

/// A named standard day.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: &'static str,
    pub about: &'static str,
    pub date: (i32, u32, u32),
    pub demand: Vec<Demand>,
    pub desks: Vec<Staffing>,
    /// Social worker, room, local slot starts.
    pub appointments: Vec<(&'static str, &'static str, Vec<&'static str>)>,
    pub priority_share: f64,
    pub no_show_share: f64,
    pub appointment_no_show_share: f64,
}

fn password_of(username: &str) -> &'static str {
    match username {
        "mw.peeters" => "peeters",
        "mw.janssens" => "janssens",
        _ => "onthaal",
    }
}

/// A local time on a date (Europe/Brussels), as UTC.
pub fn local(date: NaiveDate, hhmm: &str) -> DateTime<Utc> {
    let (h, m) = hhmm.split_once(':').expect("HH:MM");
    let t = date
        .and_hms_opt(h.parse().expect("hour"), m.parse().expect("minute"), 0)
        .expect("valid time");
    Brussels
        .from_local_datetime(&t)
        .earliest()
        .expect("not in a DST gap")
        .with_timezone(&Utc)
}

/// A standard normal draw (Box–Muller).
fn normal(rng: &mut StdRng) -> f64 {
    let u1: f64 = rng.gen_range(f64::EPSILON..1.0);
    let u2: f64 = rng.gen();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

/// A log-normal duration in seconds: skewed like real conversations (most short, a few long).
fn lognormal_s(rng: &mut StdRng, median_min: f64, sigma: f64) -> i64 {
    let x = median_min * 60.0 * (sigma * normal(rng)).exp();
    x.clamp(60.0, median_min * 60.0 * 6.0).round() as i64
}

impl Scenario {
    /// The day this scenario gives with this seed: the same seed always gives the same day.
    pub fn draw(&self, seed: u64) -> Day {
        let mut rng = StdRng::seed_from_u64(seed);
        let date = NaiveDate::from_ymd_opt(self.date.0, self.date.1, self.date.2).expect("date");
        let median_of = |key: &str| {
            self.demand
                .iter()
                .find(|d| d.service == key)
                .map_or((15.0, 0.5), |d| (d.median_min, d.sigma))
        };
        let mut arrivals = Vec::new();
        for d in &self.demand {
            for (from, to, rate) in &d.per_hour {
                let (from, to) = (local(date, from), local(date, to));
                let mut t = from;
                loop {
                    // Poisson arrivals: exponential gaps.
                    let u: f64 = rng.gen_range(f64::EPSILON..1.0);
                    t += Duration::milliseconds((-u.ln() / rate * 3_600_000.0) as i64);
                    if t >= to {
                        break;
                    }
                    let no_show = rng.gen_bool(self.no_show_share);
                    let mut pick: f64 = rng.gen();
                    let mut then = None;
                    for (target, share) in &d.referrals {
                        if pick < *share {
                            let (m, s) = median_of(target);
                            then = Some((target.to_string(), lognormal_s(&mut rng, m, s)));
                            break;
                        }
                        pick -= share;
                    }
                    arrivals.push(Arrival {
                        at: t,
                        service: d.service.to_string(),
                        priority: rng.gen_bool(self.priority_share),
                        visit: Visit {
                            no_show,
                            walk_up_s: if no_show {
                                rng.gen_range(120..=240)
                            } else {
                                rng.gen_range(20..=90)
                            },
                            service_s: lognormal_s(&mut rng, d.median_min, d.sigma),
                            then: then.filter(|_| !no_show),
                        },
                    });
                }
            }
        }
        arrivals.sort_by_key(|a| a.at);
        let mut bookings = Vec::new();
        for (staff, room, slots) in &self.appointments {
            for slot in slots {
                let start = local(date, slot);
                let comes = !rng.gen_bool(self.appointment_no_show_share);
                // Most clients are a little early, some a little late.
                let early_s = rng.gen_range(-300..=900);
                bookings.push(Booking {
                    staff: staff.to_string(),
                    room: room.to_string(),
                    start,
                    duration_min: 30,
                    arrive: comes.then(|| start - Duration::seconds(early_s)),
                    visit: Visit {
                        no_show: false,
                        walk_up_s: rng.gen_range(30..=90),
                        service_s: lognormal_s(&mut rng, 25.0, 0.35),
                        then: None,
                    },
                });
            }
        }
        let desks = self
            .desks
            .iter()
            .map(|(desk, user, shifts)| DeskPlan {
                desk: desk.to_string(),
                username: user.to_string(),
                password: password_of(user).to_string(),
                shifts: shifts
                    .iter()
                    .map(|(a, b)| (local(date, a), local(date, b)))
                    .collect(),
            })
            .collect();
        Day {
            name: self.name.to_string(),
            start: local(date, "08:00"),
            arrivals,
            bookings,
            desks,
        }
    }
}

fn demand(
    service: &'static str,
    per_hour: &[(&'static str, &'static str, f64)],
    median_min: f64,
    sigma: f64,
    referrals: &[(&'static str, f64)],
) -> Demand {
    Demand {
        service,
        per_hour: per_hour.to_vec(),
        median_min,
        sigma,
        referrals: referrals.to_vec(),
    }
}

/// The standard scenarios, in the order they are reported.
pub fn scenarios() -> Vec<Scenario> {
    let id_team_day = |peak: f64| {
        demand(
            "id-team",
            &[
                ("08:30", "10:00", peak),
                ("10:00", "12:00", peak * 0.6),
                ("13:30", "16:00", peak * 0.45),
            ],
            6.0,
            0.6,
            &[("schuldhulp", 0.06), ("huur", 0.04)],
        )
    };
    vec![
        Scenario {
            name: "dinsdag",
            about: "Tuesday: permanentie in the morning (queue at the door at 08:30), ID-team, debt and housing help, appointments; breaks, a loket closing early",
            date: (2026, 11, 24),
            demand: vec![
                demand(
                    "id-team",
                    &[("08:30", "10:00", 14.0), ("10:00", "12:00", 9.0), ("13:30", "16:00", 6.0)],
                    6.0,
                    0.6,
                    &[("permanentie", 0.08), ("schuldhulp", 0.05), ("huur", 0.04)],
                ),
                demand("permanentie", &[("08:30", "09:00", 12.0), ("09:00", "11:30", 3.5)], 16.0, 0.5, &[]),
                demand("schuldhulp", &[("08:30", "12:00", 2.5), ("13:30", "16:00", 2.0)], 13.0, 0.5, &[]),
                demand("huur", &[("09:00", "12:00", 3.0)], 11.0, 0.5, &[]),
            ],
            desks: vec![
                ("Loket 1", "onthaal", vec![("08:30", "10:30"), ("10:45", "12:15"), ("13:30", "16:00")]),
                ("Loket 2", "onthaal", vec![("08:30", "12:00"), ("13:30", "15:00")]),
                ("Balie 3", "onthaal", vec![("09:00", "11:00"), ("11:15", "12:00"), ("13:30", "16:00")]),
                ("Spreekkamer 1", "mw.peeters", vec![("08:30", "12:00"), ("13:00", "17:00")]),
                ("Spreekkamer 2", "mw.janssens", vec![("08:30", "12:00"), ("13:00", "16:30")]),
                ("Spreekkamer 3", "onthaal", vec![("09:00", "12:00")]),
            ],
            appointments: vec![
                ("An Peeters", "Spreekkamer 1", vec!["13:00", "13:45", "14:30", "15:15", "16:00"]),
                ("Karim Janssens", "Spreekkamer 2", vec!["09:00", "10:30", "11:15", "14:00", "15:00"]),
            ],
            priority_share: 0.03,
            no_show_share: 0.05,
            appointment_no_show_share: 0.1,
        },
        Scenario {
            name: "donderdag-avond",
            about: "Thursday with the evening opening: the ID-team from 17:00 to 19:00 at one loket, no permanentie",
            date: (2026, 11, 26),
            demand: vec![
                id_team_day(11.0),
                demand("id-team", &[("17:00", "17:30", 10.0), ("17:30", "19:00", 5.0)], 6.0, 0.6, &[]),
                demand("schuldhulp", &[("08:30", "12:00", 2.0), ("13:30", "16:00", 2.0)], 13.0, 0.5, &[]),
                demand("huur", &[("09:00", "12:00", 2.5)], 11.0, 0.5, &[]),
            ],
            desks: vec![
                ("Loket 1", "onthaal", vec![("08:30", "12:00"), ("13:30", "16:00"), ("17:00", "19:00")]),
                ("Loket 2", "onthaal", vec![("08:30", "10:30"), ("10:45", "12:00"), ("13:30", "16:00")]),
                ("Balie 3", "onthaal", vec![("08:30", "12:00"), ("13:30", "16:00")]),
                ("Spreekkamer 2", "mw.janssens", vec![("08:30", "12:00"), ("13:00", "16:30")]),
                ("Spreekkamer 3", "onthaal", vec![("09:00", "12:00")]),
            ],
            appointments: vec![(
                "Karim Janssens",
                "Spreekkamer 2",
                vec!["09:30", "10:15", "11:00", "13:30", "14:15", "15:30"],
            )],
            priority_share: 0.03,
            no_show_share: 0.06,
            appointment_no_show_share: 0.1,
        },
        Scenario {
            name: "drukke-maandag",
            about: "A busy Monday: a long morning peak, a loket opening late and taking a long break, more priority tickets, the evening opening",
            date: (2026, 11, 23),
            demand: vec![
                id_team_day(18.0),
                demand("id-team", &[("17:00", "19:00", 6.0)], 6.0, 0.6, &[]),
                demand("schuldhulp", &[("08:30", "12:00", 3.5), ("13:30", "16:00", 2.5)], 14.0, 0.5, &[]),
                demand("huur", &[("09:00", "12:00", 4.0)], 11.0, 0.5, &[]),
            ],
            desks: vec![
                ("Loket 1", "onthaal", vec![("08:30", "12:00"), ("13:30", "16:00"), ("17:00", "19:00")]),
                ("Loket 2", "onthaal", vec![("09:30", "10:30"), ("11:00", "12:00"), ("13:30", "16:00")]),
                ("Balie 3", "onthaal", vec![("08:30", "12:00"), ("13:30", "15:00"), ("15:15", "16:00")]),
                ("Spreekkamer 1", "mw.peeters", vec![("13:00", "17:00")]),
                ("Spreekkamer 2", "mw.janssens", vec![("08:30", "12:00"), ("13:00", "16:30")]),
                ("Spreekkamer 3", "onthaal", vec![("09:00", "12:00")]),
            ],
            appointments: vec![
                ("An Peeters", "Spreekkamer 1", vec!["13:15", "14:00", "14:45", "15:30"]),
                ("Karim Janssens", "Spreekkamer 2", vec!["09:00", "11:00", "14:00", "15:15"]),
            ],
            priority_share: 0.06,
            no_show_share: 0.05,
            appointment_no_show_share: 0.15,
        },
        Scenario {
            name: "rustige-vrijdag",
            about: "A quiet Friday: few visitors, short queues, two lokets",
            date: (2026, 11, 27),
            demand: vec![
                id_team_day(6.0),
                demand("schuldhulp", &[("08:30", "12:00", 1.5)], 13.0, 0.5, &[]),
                demand("huur", &[("09:00", "12:00", 1.5)], 11.0, 0.5, &[]),
            ],
            desks: vec![
                ("Loket 1", "onthaal", vec![("08:30", "12:00"), ("13:30", "16:00")]),
                ("Balie 3", "onthaal", vec![("08:30", "12:00"), ("13:30", "16:00")]),
                ("Spreekkamer 2", "mw.janssens", vec![("08:30", "12:00")]),
            ],
            appointments: vec![("Karim Janssens", "Spreekkamer 2", vec!["10:00", "11:00"])],
            priority_share: 0.02,
            no_show_share: 0.05,
            appointment_no_show_share: 0.1,
        },
    ]
}
