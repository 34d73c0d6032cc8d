//! A year (or any span) of a large sociaal huis — tickets and their events, help requests —
//! written straight into SQL, and the dashboard's queries timed over it. Used by
//! `onthaal-seed` (fill a database for a demo or a measurement) and by `onthaal-bench`
//! (the dashboard figure).
//!
//! What it writes is what the server would have written: every ticket has its `issued`,
//! `called`, `started`, `finished` (or `no_show`, `cancelled`), ID-team `triaged` and
//! `transferred` events with the same `data` JSON, in time order with a growing `seq`. Arrivals
//! fall inside each service's opening hours (a service that is "always open" gets office hours
//! on weekdays), with a morning peak; each queue is simulated with as many desks as keep them
//! at about 75 % busy, so waits and service times look like a real day.
//!
//! Speed: multi-row INSERTs of literal values (every value is a number or a string we made),
//! one transaction per few days. Then the caller folds the new events into the statistics
//! rollup and times every dashboard query over the last month and the whole span.

use std::collections::HashMap;
use std::time::Instant;

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use onthaal_server::domain::hours::Schedule;
use onthaal_server::domain::stats::Filter;
use onthaal_server::engine::Store;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::Row;

/// The dashboard's tables as its CSV export names them (`table=`), but for two: `summary`
/// and `appointments`.
pub const DASHBOARD_TABLES: [&str; 8] = [
    "services",
    "daily",
    "heatmap",
    "wait_histogram",
    "service_histogram",
    "triage",
    "partners",
    "help_requests",
];

pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// How many tickets in all (first visits; referrals come on top).
    pub tickets: u64,
    /// How many days back from today (the last day seeded is yesterday, or today with `today`).
    pub days: i64,
    /// Include today up to now (so the live view has served visitors).
    pub today: bool,
    /// Random seed, for a reproducible history.
    pub seed: u64,
}

/// What was written.
#[derive(Debug, Clone)]
pub struct Seeded {
    pub location_id: i64,
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub open_days: usize,
    pub tickets: u64,
    /// Of the tickets' visits, how many were appointments (booked, then checked in, missed
    /// or cancelled).
    pub appointments: u64,
    pub events: u64,
    pub seconds: f64,
    /// The ID-team's service, for the filtered query.
    pub triage_service: Option<i64>,
}

struct Svc {
    id: i64,
    key: String,
    prefix: String,
    service_s: i64,
    schedule: Schedule,
    triage: bool,
    walk_in: bool,
    desks: Vec<i64>,
    weight: f64,
}

/// One event row to write, before its `seq` is known.
struct Ev {
    at: i64,
    /// 0 for an event without a ticket (an appointment booked, moved, cancelled, missed).
    ticket: i64,
    kind: &'static str,
    service: i64,
    desk: Option<i64>,
    staff: Option<i64>,
    data: Option<String>,
}

fn lit(v: Option<i64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_else(|| "NULL".into())
}

fn text(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Opening spans of a day in minutes; "always open" becomes office hours on weekdays.
fn spans(s: &Svc, day: NaiveDate) -> Vec<(u32, u32)> {
    let list = s.schedule.spans_on(day);
    if list.len() == 1 && list[0].start_min == 0 && list[0].end_min == 1440 {
        if day.weekday().number_from_monday() >= 6 {
            return Vec::new();
        }
        return vec![(510, 720), (810, 990)];
    }
    list.iter()
        .map(|sp| (sp.start_min as u32, sp.end_min as u32))
        .collect()
}

/// A service time around the service's typical one (a skewed spread, at least a minute).
fn service_time(rng: &mut StdRng, typical: i64) -> i64 {
    let u: f64 = rng.gen_range(0.0..1.0);
    let f = 0.45 + 1.3 * u * u + rng.gen_range(0.0..0.4);
    ((typical as f64 * f) as i64).max(60)
}

/// Seeds the first location of a store whose configuration is loaded, then runs `ANALYZE`.
pub async fn seed(store: &Store, args: &Options) -> Result<Seeded, Error> {
    let location_id = store.resolve_location(None)?;
    let state = store.location_state(location_id).await?;
    let tz: Tz = state.tz;
    let pool = store.pool().clone();

    let mut services: Vec<Svc> = state
        .services
        .iter()
        .map(|s| Svc {
            id: s.id,
            key: s.key.clone(),
            prefix: s.prefix.clone(),
            service_s: s.service_s,
            schedule: s.schedule.clone(),
            triage: s.triage,
            walk_in: s.walk_in,
            desks: state
                .desks
                .iter()
                .filter(|d| d.services.contains(&s.id))
                .map(|d| d.id)
                .collect(),
            weight: 0.0,
        })
        .collect();
    // The mix of a large sociaal huis: the ID-team takes most walk-ins.
    for s in &mut services {
        s.weight = if s.triage {
            0.45
        } else if !s.walk_in {
            0.12
        } else if s.key.contains("perman") {
            0.2
        } else {
            0.1
        };
        if s.desks.is_empty() {
            s.weight = 0.0;
        }
    }
    let staff: Vec<i64> = sqlx::query("SELECT id FROM staff WHERE active = 1 ORDER BY id")
        .fetch_all(&pool)
        .await?
        .iter()
        .map(|r| r.get::<i64, _>(0))
        .collect();
    let partners: Vec<(i64, String)> =
        sqlx::query("SELECT id, key FROM partners WHERE active = 1 ORDER BY id")
            .fetch_all(&pool)
            .await?
            .iter()
            .map(|r| (r.get::<i64, _>(0), r.get::<String, _>(1)))
            .collect();
    let categories: Vec<(i64, String)> =
        sqlx::query("SELECT id, key FROM help_categories WHERE active = 1 ORDER BY id")
            .fetch_all(&pool)
            .await?
            .iter()
            .map(|r| (r.get::<i64, _>(0), r.get::<String, _>(1)))
            .collect();
    let max = |sql: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query(sql)
                .fetch_one(&pool)
                .await
                .map(|r| r.get::<i64, _>(0))
        }
    };
    let mut next_ticket = max("SELECT COALESCE(MAX(id), 0) FROM tickets").await? + 1;
    let mut next_help = max("SELECT COALESCE(MAX(id), 0) FROM help_requests").await? + 1;
    let mut next_appointment = max("SELECT COALESCE(MAX(id), 0) FROM appointments").await? + 1;
    let mut n_appointments = 0u64;
    let mut seq = max("SELECT COALESCE(MAX(seq), 0) FROM events WHERE location_id = (SELECT MIN(id) FROM locations)").await?;
    let mut help_seq: HashMap<i32, i64> = HashMap::new();

    let now = Utc::now();
    let today = now.with_timezone(&tz).date_naive();
    let last = if args.today {
        today
    } else {
        today - Duration::days(1)
    };
    let first = last - Duration::days(args.days - 1);
    let open_days: Vec<NaiveDate> = (0..args.days)
        .map(|i| first + Duration::days(i))
        .filter(|d| {
            services
                .iter()
                .any(|s| s.weight > 0.0 && !spans(s, *d).is_empty())
        })
        .collect();
    let per_day = args.tickets as f64 / open_days.len().max(1) as f64;
    let total_weight: f64 = services.iter().map(|s| s.weight).sum();
    let mut rng = StdRng::seed_from_u64(args.seed);
    let started = Instant::now();
    let (mut n_tickets, mut n_events) = (0u64, 0u64);
    let mut token_n = 0u64;

    for week in open_days.chunks(7) {
        let mut ticket_rows: Vec<String> = Vec::new();
        let mut help_rows: Vec<String> = Vec::new();
        let mut appointment_rows: Vec<String> = Vec::new();
        let mut events: Vec<Ev> = Vec::new();
        for day in week {
            let day_text = day.format("%Y-%m-%d").to_string();
            // Busier on Mondays and Tuesdays, quieter on Fridays; a little noise per day.
            let dow_factor = [1.25, 1.15, 0.95, 1.0, 0.75, 0.5, 0.5]
                [day.weekday().num_days_from_monday() as usize];
            let day_total = per_day * dow_factor * rng.gen_range(0.85..1.15);
            let midnight = tz
                .from_local_datetime(&day.and_hms_opt(0, 0, 0).expect("midnight"))
                .earliest()
                .expect("a local midnight")
                .timestamp_millis();
            for s in services.iter().filter(|s| s.weight > 0.0) {
                let sp = spans(s, *day);
                let open_min: u32 = sp.iter().map(|(a, b)| b - a).sum();
                if open_min == 0 {
                    continue;
                }
                let n = (day_total * s.weight / total_weight).round() as usize;
                // Arrivals: more in the first hour of each span (the queue at opening).
                let mut arrivals: Vec<i64> = (0..n)
                    .map(|_| {
                        let mut m = rng.gen_range(0..open_min);
                        if rng.gen_bool(0.3) {
                            m = (m as f64 * rng.gen_range(0.0..0.35)) as u32;
                        }
                        let mut acc = 0;
                        let mut minute = 0;
                        for (a, b) in &sp {
                            if m < acc + (b - a) {
                                minute = a + (m - acc);
                                break;
                            }
                            acc += b - a;
                        }
                        // Leave the last minute of a span free: a ticket at 11:59:59.9 is fine,
                        // one at the closing minute's end is not.
                        midnight + minute as i64 * 60_000 + rng.gen_range(0..59_000)
                    })
                    .collect();
                arrivals.sort();
                // Desks to keep the queue about 75 % busy (at least one).
                let rate_per_s = n as f64 / (open_min as f64 * 60.0);
                let servers = ((rate_per_s * s.service_s as f64 / 0.75).ceil() as usize).max(1);
                let mut free = vec![0i64; servers];
                let mut waiting_until: Vec<i64> = Vec::new();
                for (i, arrival) in arrivals.iter().enumerate() {
                    let id = next_ticket;
                    next_ticket += 1;
                    n_tickets += 1;
                    token_n += 1;
                    let number = format!("{}{:03}", s.prefix, i + 1);
                    let channel = if !s.walk_in {
                        "appointment"
                    } else if rng.gen_bool(0.85) {
                        "kiosk"
                    } else {
                        "desk"
                    };
                    // The estimate printed: visitors still waiting × typical time ÷ desks.
                    waiting_until.retain(|t| *t > *arrival);
                    let ahead = waiting_until.len() as i64;
                    let estimate = ((ahead * s.service_s / servers as i64) + 59) / 60 * 60;
                    let k = (0..servers).min_by_key(|k| free[*k]).expect("a desk");
                    let call = free[k].max(*arrival) + rng.gen_range(5_000..40_000);
                    waiting_until.push(call);
                    let desk = s.desks[k % s.desks.len()];
                    let staff_id = staff.get((k + s.id as usize) % staff.len().max(1)).copied();
                    // An event of this ticket at its desk, by its staff member, without data.
                    let at_desk = |at: i64, kind: &'static str| Ev {
                        at,
                        ticket: id,
                        kind,
                        service: s.id,
                        desk: Some(desk),
                        staff: staff_id,
                        data: None,
                    };
                    if channel == "appointment" {
                        // The check-in of a booked appointment, and beside it now and then an
                        // appointment of the same worker that was missed or cancelled.
                        let worker = staff.get((i + s.id as usize) % staff.len().max(1)).copied();
                        let room = s.desks.get(i % s.desks.len().max(1)).copied();
                        let slot = if rng.gen_bool(0.25) {
                            arrival - rng.gen_range(30_000..840_000)
                        } else {
                            arrival + rng.gen_range(0..1_200_000)
                        };
                        let a = SeedAppointment {
                            id: next_appointment,
                            service: s.id,
                            staff: worker,
                            desk: room,
                            start: slot,
                            end: slot + s.service_s * 1000,
                            online: rng.gen_bool(0.35),
                            booked: slot - rng.gen_range(3_600_000..1_814_400_000),
                        };
                        next_appointment += 1;
                        appointment_rows.push(a.row(
                            location_id,
                            &day_text,
                            "arrived",
                            Some(id),
                            Some(*arrival),
                            None,
                        ));
                        events.push(a.event("appointment_booked", a.booked));
                        events.push(Ev { at: *arrival, ticket: id, kind: "issued", service: s.id, desk: room, staff: None,
                            data: Some(format!("{{\"appointment_id\":{},\"assigned_desk\":null,\"assigned_staff\":{},\"channel\":\"appointment\",\"start_at\":{slot}}}", a.id, lit(worker))) });
                        let roll: f64 = rng.gen_range(0.0..1.0);
                        if roll < 0.2 {
                            let other = SeedAppointment {
                                id: next_appointment,
                                start: slot + 1_800_000,
                                end: slot + 1_800_000 + s.service_s * 1000,
                                online: rng.gen_bool(0.35),
                                ..a
                            };
                            next_appointment += 1;
                            let (state, at) = if roll < 0.08 {
                                ("no_show", other.start + 1_200_000)
                            } else {
                                ("cancelled", other.booked + (other.start - other.booked) / 2)
                            };
                            let kind = if state == "no_show" {
                                "appointment_no_show"
                            } else {
                                "appointment_cancelled"
                            };
                            appointment_rows.push(other.row(
                                location_id,
                                &day_text,
                                state,
                                None,
                                None,
                                (state == "cancelled").then_some(at),
                            ));
                            events.push(other.event("appointment_booked", other.booked));
                            events.push(other.event(kind, at));
                            n_appointments += 1;
                        }
                        n_appointments += 1;
                    } else {
                        events.push(Ev { at: *arrival, ticket: id, kind: "issued", service: s.id, desk: None, staff: None,
                            data: Some(format!("{{\"channel\":\"{channel}\",\"priority_reason\":null,\"estimate_s\":{estimate}}}")) });
                    }
                    let roll: f64 = rng.gen_range(0.0..1.0);
                    let (state, called_at, started_at, finished_at, mut triage, mut partner_id);
                    triage = None;
                    partner_id = None;
                    if roll < 0.02 {
                        // Gave up before being called.
                        let at = arrival + rng.gen_range(300_000..1_800_000);
                        events.push(Ev {
                            at,
                            ticket: id,
                            kind: "cancelled",
                            service: s.id,
                            desk: None,
                            staff: None,
                            data: None,
                        });
                        waiting_until.pop();
                        state = "cancelled";
                        called_at = None;
                        started_at = None;
                        finished_at = Some(at);
                    } else if roll < 0.07 {
                        events.push(at_desk(call, "called"));
                        events.push(at_desk(call + 60_000, "recalled"));
                        let at = call + 180_000;
                        events.push(at_desk(at, "no_show"));
                        free[k] = at;
                        state = "no_show";
                        called_at = Some(call);
                        started_at = None;
                        finished_at = Some(at);
                    } else {
                        let start = call + rng.gen_range(20_000..120_000);
                        let end = start + service_time(&mut rng, s.service_s) * 1000;
                        events.push(at_desk(call, "called"));
                        events.push(at_desk(start, "started"));
                        free[k] = end;
                        called_at = Some(call);
                        started_at = Some(start);
                        finished_at = Some(end);
                        state = "done";
                        if s.triage {
                            // The ID-team: about 20 % internal, most external, some answered.
                            let t: f64 = rng.gen_range(0.0..1.0);
                            let outcome = if t < 0.22 {
                                "answered"
                            } else if t < 0.40 {
                                "internal"
                            } else if t < 0.95 {
                                "external"
                            } else {
                                "none"
                            };
                            triage = Some(outcome);
                            let at = end - 30_000;
                            if outcome == "external" && !partners.is_empty() {
                                // A skewed choice: CAW and the mutualities get most referrals.
                                let i = ((rng.gen_range(0.0f64..1.0).powi(2))
                                    * partners.len() as f64)
                                    as usize;
                                let (pid, pkey) = &partners[i.min(partners.len() - 1)];
                                partner_id = Some(*pid);
                                events.push(Ev { at, ticket: id, kind: "triaged", service: s.id, desk: Some(desk), staff: staff_id,
                                    data: Some(format!("{{\"outcome\":\"external\",\"partner\":\"{pkey}\",\"service\":null}}")) });
                            } else if outcome == "internal" {
                                let targets: Vec<&Svc> = services
                                    .iter()
                                    .filter(|x| !x.triage && x.walk_in && !x.desks.is_empty())
                                    .collect();
                                if let Some(to) =
                                    targets.get(rng.gen_range(0..targets.len().max(1)))
                                {
                                    events.push(Ev { at, ticket: id, kind: "triaged", service: s.id, desk: Some(desk), staff: staff_id,
                                        data: Some(format!("{{\"outcome\":\"internal\",\"partner\":null,\"service\":\"{}\"}}", to.key)) });
                                    events.push(Ev { at: at + 1, ticket: id, kind: "transferred", service: to.id, desk: Some(desk), staff: staff_id,
                                        data: Some(format!("{{\"from_service\":\"{}\",\"to_service\":\"{}\",\"to_desk\":null,\"to_staff\":null,\"reason\":\"ID-team: interne doorverwijzing\"}}", s.key, to.key)) });
                                    // The second queue: a wait, then a conversation there.
                                    let c2 = at + rng.gen_range(120_000..2_400_000);
                                    let s2 = c2 + rng.gen_range(20_000..90_000);
                                    let e2 = s2 + service_time(&mut rng, to.service_s) * 1000;
                                    let d2 = to.desks[rng.gen_range(0..to.desks.len())];
                                    events.push(Ev {
                                        at: c2,
                                        ticket: id,
                                        kind: "called",
                                        service: to.id,
                                        desk: Some(d2),
                                        staff: staff_id,
                                        data: None,
                                    });
                                    events.push(Ev {
                                        at: s2,
                                        ticket: id,
                                        kind: "started",
                                        service: to.id,
                                        desk: Some(d2),
                                        staff: staff_id,
                                        data: None,
                                    });
                                    events.push(Ev {
                                        at: e2,
                                        ticket: id,
                                        kind: "finished",
                                        service: to.id,
                                        desk: Some(d2),
                                        staff: staff_id,
                                        data: None,
                                    });
                                    ticket_rows.push(ticket_row(
                                        id,
                                        location_id,
                                        to.id,
                                        &day_text,
                                        &number,
                                        "done",
                                        channel,
                                        token_n,
                                        *arrival,
                                        Some(c2),
                                        Some(s2),
                                        Some(e2),
                                        Some(d2),
                                        staff_id,
                                        Some(s.id),
                                        Some("internal"),
                                        None,
                                    ));
                                    continue;
                                }
                            } else {
                                events.push(Ev { at, ticket: id, kind: "triaged", service: s.id, desk: Some(desk), staff: staff_id,
                                    data: Some(format!("{{\"outcome\":\"{outcome}\",\"partner\":null,\"service\":null}}")) });
                            }
                        }
                        events.push(at_desk(end, "finished"));
                        // A third of permanentie conversations register a help request.
                        if s.key.contains("perman") && !categories.is_empty() && rng.gen_bool(0.33)
                        {
                            let (cid, ckey) = &categories[rng.gen_range(0..categories.len())];
                            let year = day.year();
                            let n = help_seq.entry(year).or_insert(0);
                            *n += 1;
                            let hid = next_help;
                            next_help += 1;
                            let reference = format!("HA-{year}-{:05}", *n);
                            help_rows.push(format!(
                                "({hid}, {location_id}, {year}, {n}, {}, {}, {}, {cid}, '[]', {}, {id}, {end})",
                                text(&reference), text(&day_text), s.id, lit(staff_id)
                            ));
                            events.push(Ev { at: end + 1, ticket: id, kind: "help_request_registered", service: s.id, desk: None, staff: staff_id,
                                data: Some(format!("{{\"reference\":\"{reference}\",\"category\":\"{ckey}\",\"help_request\":{hid}}}")) });
                        }
                    }
                    ticket_rows.push(ticket_row(
                        id,
                        location_id,
                        s.id,
                        &day_text,
                        &number,
                        state,
                        channel,
                        token_n,
                        *arrival,
                        called_at,
                        started_at,
                        finished_at,
                        called_at.map(|_| desk),
                        staff_id,
                        None,
                        triage,
                        partner_id,
                    ));
                }
            }
        }
        // Events in time order get the next `seq`s, as the server would have given them.
        events.sort_by_key(|e| (e.at, e.ticket));
        n_events += events.len() as u64;
        let mut tx = pool.begin().await?;
        for part in ticket_rows.chunks(500) {
            let sql = format!(
                "INSERT INTO tickets (id, location_id, service_id, day, number, state, priority, channel, lang, status_token, \
                 created_at, queued_at, called_at, started_at, finished_at, desk_id, staff_id, transferred_from_id, \
                 triage_outcome, triage_partner_id) VALUES {}",
                part.join(", ")
            );
            sqlx::query(&sql).execute(&mut *tx).await?;
        }
        for part in help_rows.chunks(500) {
            let sql = format!(
                "INSERT INTO help_requests (id, location_id, year, seq, reference, received_on, service_id, category_id, documents, staff_id, ticket_id, created_at) VALUES {}",
                part.join(", ")
            );
            sqlx::query(&sql).execute(&mut *tx).await?;
        }
        for part in appointment_rows.chunks(500) {
            let sql = format!(
                "INSERT INTO appointments (id, location_id, service_id, staff_id, desk_id, start_at, end_at, day, code, state, channel, \
                 lang, ticket_id, created_at, arrived_at, cancelled_at, purged_at) VALUES {}",
                part.join(", ")
            );
            sqlx::query(&sql).execute(&mut *tx).await?;
        }
        for part in events.chunks(1000) {
            let values: Vec<String> = part
                .iter()
                .map(|e| {
                    seq += 1;
                    format!(
                        "({location_id}, {seq}, {}, {}, {}, {}, {}, {}, {})",
                        lit((e.ticket > 0).then_some(e.ticket)),
                        text(e.kind),
                        e.at,
                        e.service,
                        lit(e.desk),
                        lit(e.staff),
                        e.data.as_deref().map(text).unwrap_or_else(|| "NULL".into())
                    )
                })
                .collect();
            let sql = format!(
                "INSERT INTO events (location_id, seq, ticket_id, kind, at, service_id, desk_id, staff_id, data) VALUES {}",
                values.join(", ")
            );
            sqlx::query(&sql).execute(&mut *tx).await?;
        }
        tx.commit().await?;
    }
    for (year, last) in &help_seq {
        sqlx::query("INSERT INTO help_request_counters (year, last) VALUES ($1, $2) ON CONFLICT (year) DO UPDATE SET last = help_request_counters.last + $2")
            .bind(*year as i64)
            .bind(*last)
            .execute(&pool)
            .await?;
    }
    if store.backend() == onthaal_server::db::Backend::Postgres {
        // Explicit ids bypassed the sequences; move them past what was written.
        for table in ["tickets", "help_requests", "appointments"] {
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            ))
            .execute(&pool)
            .await?;
        }
    }
    sqlx::query("ANALYZE").execute(&pool).await?;
    Ok(Seeded {
        location_id,
        first,
        last,
        open_days: open_days.len(),
        tickets: n_tickets,
        appointments: n_appointments,
        events: n_events,
        seconds: started.elapsed().as_secs_f64(),
        triage_service: services.iter().find(|s| s.triage).map(|s| s.id),
    })
}

/// What an earlier seed left in the store, for timing the queries again without seeding
/// (`onthaal-seed --time-only`): the span of its tickets' days.
pub async fn existing(store: &Store) -> Result<Seeded, Error> {
    let location_id = store.resolve_location(None)?;
    let state = store.location_state(location_id).await?;
    let row = sqlx::query(
        "SELECT MIN(day), MAX(day), COUNT(*), COUNT(DISTINCT day) FROM tickets WHERE location_id = $1",
    )
    .bind(location_id)
    .fetch_one(store.pool())
    .await?;
    let day = |i: usize| -> Result<NaiveDate, Error> {
        let d: Option<String> = row.get(i);
        let d = d.ok_or_else(|| Error::from("nothing seeded here"))?;
        NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|e| Error::from(e.to_string()))
    };
    Ok(Seeded {
        location_id,
        first: day(0)?,
        last: day(1)?,
        open_days: row.get::<i64, _>(3) as usize,
        tickets: row.get::<i64, _>(2) as u64,
        appointments: 0,
        events: 0,
        seconds: 0.0,
        triage_service: state.services.iter().find(|s| s.triage).map(|s| s.id),
    })
}

/// One dashboard query's time.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Timing {
    /// `stats`, `stats/daily`, …, as the dashboard's routes name them.
    pub query: String,
    /// `month` (the last 30 days), `year` (the whole span) or `today`.
    pub span: &'static str,
    pub ms: f64,
    /// Rows of a table, or visitors of a summary.
    pub rows: usize,
}

/// Folds the events into the statistics rollup (what a server does on its first request);
/// returns how many events and the seconds it took.
pub async fn rollup(store: &Store, seeded: &Seeded) -> Result<(u64, f64), Error> {
    let t = Instant::now();
    let folded = store.refresh_stats(seeded.location_id).await?;
    let took = t.elapsed().as_secs_f64();
    // Fresh statistics for the planner, now that the rollup is full.
    sqlx::query("ANALYZE").execute(store.pool()).await?;
    Ok((folded, took))
}

/// Times every dashboard query over the last month and the whole span, then the live view.
pub async fn time_dashboard(store: &Store, seeded: &Seeded) -> Result<Vec<Timing>, Error> {
    let (first, last, location_id) = (seeded.first, seeded.last, seeded.location_id);
    let mut out = Vec::new();
    let mut timed = |query: &str, span: &'static str, t: Instant, rows: usize| {
        out.push(Timing {
            query: query.to_string(),
            span,
            ms: t.elapsed().as_secs_f64() * 1000.0,
            rows,
        })
    };
    let month_from = (last - Duration::days(29)).max(first);
    for (span, from) in [("month", month_from), ("year", first)] {
        let f = Filter {
            location_id,
            from,
            to: last,
            service_id: None,
            desk_id: None,
            staff_id: None,
            channel: None,
        };
        let t = Instant::now();
        let r = store.stats_report(&f).await?;
        timed("stats", span, t, r.visitors as usize);
        for table in DASHBOARD_TABLES.into_iter().chain(["appointments"]) {
            let t = Instant::now();
            let rows = store
                .stats_table(table, &f)
                .await?
                .map(|t| t.rows.len())
                .unwrap_or(0);
            timed(&format!("stats/{table}"), span, t, rows);
        }
        let t = Instant::now();
        let fs = Filter {
            service_id: seeded.triage_service,
            ..f.clone()
        };
        let r = store.stats_report(&fs).await?;
        timed("stats?service=id-team", span, t, r.visitors as usize);
    }
    let t = Instant::now();
    store.stats_live(location_id, Utc::now()).await?;
    timed("stats/live", "today", t, 0);
    Ok(out)
}

/// An appointment as the seed writes it: its row and its events, as the server would.
#[derive(Clone, Copy)]
struct SeedAppointment {
    id: i64,
    service: i64,
    staff: Option<i64>,
    desk: Option<i64>,
    start: i64,
    end: i64,
    online: bool,
    booked: i64,
}

impl SeedAppointment {
    fn channel(&self) -> &'static str {
        if self.online {
            "online"
        } else {
            "desk"
        }
    }

    /// The row; contact details already erased (`purged_at`), as after the retention period.
    fn row(
        &self,
        location: i64,
        day: &str,
        state: &str,
        ticket: Option<i64>,
        arrived: Option<i64>,
        cancelled: Option<i64>,
    ) -> String {
        format!(
            "({}, {location}, {}, {}, {}, {}, {}, {}, 'SEED{:07}', {}, {}, 'nl', {}, {}, {}, {}, {})",
            self.id,
            self.service,
            lit(self.staff),
            lit(self.desk),
            self.start,
            self.end,
            text(day),
            self.id,
            text(state),
            text(self.channel()),
            lit(ticket),
            self.booked,
            lit(arrived),
            lit(cancelled),
            self.end
        )
    }

    fn event(&self, kind: &'static str, at: i64) -> Ev {
        Ev {
            at,
            ticket: 0,
            kind,
            service: self.service,
            desk: self.desk,
            staff: None,
            data: Some(format!(
                "{{\"appointment_id\":{},\"channel\":\"{}\",\"staff\":{},\"start_at\":{}}}",
                self.id,
                self.channel(),
                lit(self.staff),
                self.start
            )),
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn ticket_row(
    id: i64,
    location: i64,
    service: i64,
    day: &str,
    number: &str,
    state: &str,
    channel: &str,
    token: u64,
    arrival: i64,
    called: Option<i64>,
    started: Option<i64>,
    finished: Option<i64>,
    desk: Option<i64>,
    staff: Option<i64>,
    from: Option<i64>,
    triage: Option<&str>,
    partner: Option<i64>,
) -> String {
    format!(
        "({id}, {location}, {service}, {}, {}, {}, 0, {}, 'nl', 'seed{token:016}', {arrival}, {arrival}, {}, {}, {}, {}, {}, {}, {}, {})",
        text(day),
        text(number),
        text(state),
        text(channel),
        lit(called),
        lit(started),
        lit(finished),
        lit(desk),
        lit(staff),
        lit(from),
        triage.map(text).unwrap_or_else(|| "NULL".into()),
        lit(partner)
    )
}
