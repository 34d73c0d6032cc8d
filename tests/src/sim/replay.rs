//! A real day, read back from the event log of an Onthaal database, to play it again.
//!
//! From the `events` of one local day at one location: every walk-in's arrival (service,
//! priority), what its visit took (call to start, start to finish, a no-show, a transfer and
//! the visit after it), appointments with their slot, room and check-in time, and each desk's
//! working spans (from its calls and visits; a gap of more than [`BREAK_MIN`] minutes without
//! a visit is a break or closing). Staff accounts are not replayed: every desk is worked with
//! the administrator account, and appointments are booked on their room.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde_json::Value;
use sqlx::Row;

use super::{Arrival, Booking, Day, DeskPlan, Visit};

/// A desk idle longer than this (minutes) between two visits was on a break or closed.
pub const BREAK_MIN: i64 = 20;

#[derive(Debug, Default, Clone)]
struct Life {
    issued_at: i64,
    service: String,
    appointment: bool,
    priority: bool,
    /// Per stay in a queue: called (at, desk), started, ended, and the service it moved to.
    stays: Vec<Stay>,
}

#[derive(Debug, Default, Clone)]
struct Stay {
    called: Option<(i64, i64)>,
    started: Option<i64>,
    ended: Option<i64>,
    no_show: bool,
    transferred_to: Option<String>,
}

fn at(ms: i64) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_default()
}

fn visit_of(stays: &[Stay]) -> Visit {
    let first = stays.first().cloned().unwrap_or_default();
    let called = first.called.map_or(0, |c| c.0);
    let secs = |a: Option<i64>, b: i64| a.map_or(60, |a| ((a - b) / 1000).max(1));
    let then = first.transferred_to.as_ref().map(|to| {
        let next = stays.get(1).cloned().unwrap_or_default();
        let started = next.started.unwrap_or(0);
        (to.clone(), secs(next.ended, started))
    });
    Visit {
        no_show: first.no_show,
        walk_up_s: match (first.started, first.no_show) {
            (Some(s), _) => ((s - called) / 1000).max(1),
            (None, true) => secs(first.ended, called),
            (None, false) => 60,
        },
        service_s: first.started.map_or(60, |s| secs(first.ended, s)),
        then,
    }
}

/// Reads one day of one location (`None`: the first) from the database at `url`.
pub async fn load_day(url: &str, date: NaiveDate, location: Option<&str>) -> Result<Day, String> {
    sqlx::any::install_default_drivers();
    let db = |e: sqlx::Error| format!("{url}: {e}");
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await
        .map_err(db)?;
    let locations = sqlx::query("SELECT id, key, timezone FROM locations ORDER BY id")
        .fetch_all(&pool)
        .await
        .map_err(db)?;
    let loc = locations
        .iter()
        .find(|r| location.is_none_or(|k| r.try_get::<String, _>("key").is_ok_and(|v| v == k)))
        .ok_or_else(|| format!("no location {}", location.unwrap_or("at all")))?;
    let location_id: i64 = loc.try_get("id").map_err(db)?;
    let tz: Tz = loc
        .try_get::<String, _>("timezone")
        .map_err(db)?
        .parse()
        .map_err(|_| "unknown time zone".to_string())?;
    let midnight = |d: NaiveDate| {
        tz.from_local_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight"))
            .earliest()
            .map(|t| t.timestamp_millis())
            .unwrap_or_default()
    };
    let (from, to) = (midnight(date), midnight(date + Duration::days(1)));
    let names = |sql: &'static str| {
        let pool = pool.clone();
        async move {
            let mut m = HashMap::new();
            for r in sqlx::query(sql)
                .bind(location_id)
                .fetch_all(&pool)
                .await
                .map_err(db)?
            {
                m.insert(
                    r.try_get::<i64, _>(0).map_err(db)?,
                    r.try_get::<String, _>(1).map_err(db)?,
                );
            }
            Ok::<_, String>(m)
        }
    };
    let services = names("SELECT id, key FROM services WHERE location_id = $1").await?;
    let desks = names("SELECT id, name FROM desks WHERE location_id = $1").await?;
    let mut lives: BTreeMap<i64, Life> = BTreeMap::new();
    let rows = sqlx::query(
        "SELECT ticket_id, kind, at, service_id, desk_id, data FROM events \
         WHERE location_id = $1 AND at >= $2 AND at < $3 AND ticket_id IS NOT NULL ORDER BY seq",
    )
    .bind(location_id)
    .bind(from)
    .bind(to)
    .fetch_all(&pool)
    .await
    .map_err(db)?;
    for r in rows {
        let id: i64 = r.try_get("ticket_id").map_err(db)?;
        let kind: String = r.try_get("kind").map_err(db)?;
        let t: i64 = r.try_get("at").map_err(db)?;
        let service: Option<i64> = r.try_get("service_id").map_err(db)?;
        let desk: Option<i64> = r.try_get("desk_id").map_err(db)?;
        let data: Value = r
            .try_get::<Option<String>, _>("data")
            .map_err(db)?
            .and_then(|d| serde_json::from_str(&d).ok())
            .unwrap_or(Value::Null);
        if kind == "issued" {
            lives.insert(
                id,
                Life {
                    issued_at: t,
                    service: service
                        .and_then(|s| services.get(&s).cloned())
                        .unwrap_or_default(),
                    appointment: data["channel"] == "appointment",
                    priority: data["priority_reason"].is_string(),
                    stays: vec![Stay::default()],
                },
            );
            continue;
        }
        // A ticket issued on an earlier day is not part of this one.
        let Some(life) = lives.get_mut(&id) else {
            continue;
        };
        let stay = life.stays.last_mut().expect("one stay at least");
        match kind.as_str() {
            "called" if stay.called.is_none() => stay.called = desk.map(|d| (t, d)),
            "started" => stay.started = Some(t),
            "finished" | "cancelled" => stay.ended = Some(t),
            "no_show" => {
                stay.ended = Some(t);
                stay.no_show = true;
            }
            "returned" => *stay = Stay::default(),
            "transferred" => {
                stay.ended = Some(t);
                stay.transferred_to = data["to_service"].as_str().map(String::from);
                life.stays.push(Stay::default());
            }
            _ => {}
        }
    }
    // Each desk's working spans: its visits, merged across short gaps.
    let mut visits: BTreeMap<i64, Vec<(i64, i64)>> = BTreeMap::new();
    for life in lives.values() {
        for s in &life.stays {
            if let Some((called, desk)) = s.called {
                visits
                    .entry(desk)
                    .or_default()
                    .push((called, s.ended.unwrap_or(called + 60_000)));
            }
        }
    }
    let mut plans = Vec::new();
    for (desk, mut spans) in visits {
        spans.sort();
        let mut shifts: Vec<(i64, i64)> = Vec::new();
        for (a, b) in spans {
            match shifts.last_mut() {
                Some(last) if a - last.1 <= BREAK_MIN * 60_000 => last.1 = last.1.max(b),
                _ => shifts.push((a - 60_000, b)),
            }
        }
        plans.push(DeskPlan {
            desk: desks.get(&desk).cloned().unwrap_or_default(),
            username: "admin".into(),
            password: crate::ADMIN_PASSWORD.into(),
            shifts: shifts.into_iter().map(|(a, b)| (at(a), at(b))).collect(),
        });
    }
    let mut bookings = Vec::new();
    for r in sqlx::query(
        "SELECT a.start_at, a.end_at, a.desk_id, a.ticket_id FROM appointments a \
         WHERE a.location_id = $1 AND a.start_at >= $2 AND a.start_at < $3 AND a.state <> 'cancelled' ORDER BY a.start_at",
    )
    .bind(location_id)
    .bind(from)
    .bind(to)
    .fetch_all(&pool)
    .await
    .map_err(db)?
    {
        let start: i64 = r.try_get("start_at").map_err(db)?;
        let end: i64 = r.try_get("end_at").map_err(db)?;
        let room: Option<i64> = r.try_get("desk_id").map_err(db)?;
        let ticket: Option<i64> = r.try_get("ticket_id").map_err(db)?;
        let Some(room) = room.and_then(|d| desks.get(&d).cloned()) else {
            continue;
        };
        let life = ticket.and_then(|t| lives.get(&t));
        bookings.push(Booking {
            staff: String::new(),
            room,
            start: at(start),
            duration_min: ((end - start) / 60_000).max(5),
            arrive: life.map(|l| at(l.issued_at)),
            visit: life.map_or_else(|| visit_of(&[]), |l| visit_of(&l.stays)),
        });
    }
    let arrivals: Vec<Arrival> = lives
        .values()
        .filter(|l| !l.appointment)
        .map(|l| Arrival {
            at: at(l.issued_at),
            service: l.service.clone(),
            priority: l.priority,
            visit: visit_of(&l.stays),
        })
        .collect();
    let first = arrivals
        .iter()
        .map(|a| a.at)
        .chain(bookings.iter().map(|b| b.start))
        .chain(plans.iter().filter_map(|p| p.shifts.first().map(|s| s.0)))
        .min()
        .ok_or_else(|| format!("nothing happened on {date}"))?;
    pool.close().await;
    Ok(Day {
        name: format!("replay {date}"),
        start: first - Duration::minutes(30),
        arrivals,
        bookings,
        desks: plans,
    })
}
