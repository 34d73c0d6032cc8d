//! The `tickets` table: the row as stored, reading one, its place in the queue, the waiting
//! counts, and the writes of the queue's hot path (see `usecases/issue.rs`, `usecases/call.rs`).

use std::collections::HashMap;

use onthaal_wire::{Channel, Lang, TicketState};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::db::events::{bind_events, events_insert, last_seq, NewEvent};
use crate::db::{col, param_rows, postgres, sqlite, Backend, Result, StoreError};
use crate::domain::events::EventKind;
use crate::domain::ticket::Action;

/// Waiting tickets per service.
pub async fn waiting_counts(
    conn: &mut AnyConnection,
    location_id: i64,
) -> Result<HashMap<i64, u32>> {
    let rows = sqlx::query(
        // Per service on the `tickets_queue` index: an index-only count, no sort (see
        // `waiting_before_issue` in tickets.rs).
        "SELECT s.id AS service_id, (SELECT COUNT(*) FROM tickets t WHERE t.service_id = s.id AND t.state = 'waiting') AS n \
         FROM services s WHERE s.location_id = $1",
    )
    .bind(location_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((col::<i64>(r, "service_id")?, col::<i64>(r, "n")? as u32)))
        .collect()
}

/// The columns every ticket query selects, so [`TicketRow::from_row`] can read them.
pub const TICKET_COLUMNS: &str =
    "t.id, t.location_id, t.service_id, t.number, t.state, t.priority, \
     t.channel, t.lang, t.status_token, t.created_at, t.queued_at, t.called_at, t.started_at, \
     t.desk_id, t.staff_id, t.assigned_desk_id, t.assigned_staff_id, t.transferred_from_id, \
     t.device_id, t.finished_at, t.triage_outcome";

/// A ticket as stored.
#[derive(Debug, Clone)]
pub struct TicketRow {
    pub id: i64,
    pub location_id: i64,
    pub service_id: i64,
    pub number: String,
    pub state: TicketState,
    pub priority: bool,
    pub channel: Channel,
    pub lang: Lang,
    pub status_token: String,
    pub created_at: i64,
    pub queued_at: i64,
    pub called_at: Option<i64>,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
    pub desk_id: Option<i64>,
    pub assigned_desk_id: Option<i64>,
    pub assigned_staff_id: Option<i64>,
    pub transferred_from_id: Option<i64>,
}

impl TicketRow {
    pub fn from_row(r: &AnyRow) -> Result<TicketRow> {
        let state: String = col(r, "state")?;
        let channel: String = col(r, "channel")?;
        let lang: String = col(r, "lang")?;
        Ok(TicketRow {
            id: col(r, "id")?,
            location_id: col(r, "location_id")?,
            service_id: col(r, "service_id")?,
            number: col(r, "number")?,
            state: TicketState::parse(&state)
                .ok_or_else(|| StoreError::Corrupt(format!("ticket state {state}")))?,
            priority: col::<i64>(r, "priority")? != 0,
            channel: Channel::parse(&channel)
                .ok_or_else(|| StoreError::Corrupt(format!("channel {channel}")))?,
            lang: Lang::parse(&lang).unwrap_or_default(),
            status_token: col(r, "status_token")?,
            created_at: col(r, "created_at")?,
            queued_at: col(r, "queued_at")?,
            called_at: col(r, "called_at")?,
            started_at: col(r, "started_at")?,
            finished_at: col(r, "finished_at")?,
            desk_id: col(r, "desk_id")?,
            assigned_desk_id: col(r, "assigned_desk_id")?,
            assigned_staff_id: col(r, "assigned_staff_id")?,
            transferred_from_id: col(r, "transferred_from_id")?,
        })
    }
}

pub async fn ticket_by_id(conn: &mut AnyConnection, id: i64) -> Result<TicketRow> {
    let sql = format!("SELECT {TICKET_COLUMNS} FROM tickets t WHERE t.id = $1");
    let row = sqlx::query(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("ticket {id}")))?;
    TicketRow::from_row(&row)
}

/// Visitors of the same service before this waiting ticket (priority first, then arrival).
pub async fn position(conn: &mut AnyConnection, t: &TicketRow) -> Result<Option<u32>> {
    if t.state != TicketState::Waiting {
        return Ok(None);
    }
    let n: i64 = statement!(
        "SELECT COUNT(*) FROM tickets WHERE location_id = $1 AND state = 'waiting' AND service_id = $2 \
         AND (priority > $3 OR (priority = $3 AND (queued_at < $4 OR (queued_at = $4 AND id < $5))))";
        t.location_id, t.service_id, t.priority as i64, t.queued_at, t.id
    )
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?;
    Ok(Some(n as u32))
}

/// Whether `device` already has a ticket for this `Idempotency-Key`.
pub async fn has_idempotency_key<'c, E>(ex: E, device_id: i64, key: &str) -> Result<bool>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    Ok(statement!(
        "SELECT 1 FROM tickets WHERE device_id = $1 AND idempotency_key = $2";
        device_id, key
    )
    .fetch_optional(ex)
    .await?
    .is_some())
}

/// The location of a ticket.
pub async fn location_of<'c, E>(ex: E, ticket_id: i64) -> Result<i64>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let row = sqlx::query("SELECT location_id FROM tickets WHERE id = $1")
        .bind(ticket_id)
        .fetch_optional(ex)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("ticket {ticket_id}")))?;
    Ok(row.try_get(0)?)
}

/// A ticket by the token of its status page.
pub async fn by_status_token(conn: &mut AnyConnection, token: &str) -> Result<TicketRow> {
    let sql = format!("SELECT {TICKET_COLUMNS} FROM tickets t WHERE t.status_token = $1");
    let row = sqlx::query(&sql)
        .bind(token)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::NotFound("ticket".into()))?;
    TicketRow::from_row(&row)
}

/// The location and id of the ticket with this status token.
pub async fn locate_by_status_token<'c, E>(ex: E, token: &str) -> Result<(i64, i64)>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let row = sqlx::query("SELECT location_id, id FROM tickets WHERE status_token = $1")
        .bind(token)
        .fetch_optional(ex)
        .await?
        .ok_or_else(|| StoreError::NotFound("ticket".into()))?;
    Ok((row.try_get(0)?, row.try_get(1)?))
}

/// A call or recall, with the ticket as it is now.
pub struct CallRow {
    pub ticket: TicketRow,
    /// The desk that called (the ticket may have moved on since).
    pub desk_id: Option<i64>,
    pub at: i64,
    pub recall: bool,
}

/// A location's calls and recalls since `since` (ms), newest first, at most `limit`.
pub async fn calls_since(
    conn: &mut AnyConnection,
    location_id: i64,
    since: i64,
    limit: i64,
) -> Result<Vec<CallRow>> {
    let sql = format!(
        "SELECT {TICKET_COLUMNS}, e.kind AS ev_kind, e.at AS ev_at, e.desk_id AS ev_desk FROM events e \
         JOIN tickets t ON t.id = e.ticket_id \
         WHERE e.location_id = $1 AND e.kind IN ('{}', '{}') AND e.at >= $3 ORDER BY e.seq DESC LIMIT $2",
        EventKind::Called,
        EventKind::Recalled
    );
    let rows = statement!(&sql; location_id, limit, since)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            let kind: String = col(r, "ev_kind")?;
            Ok(CallRow {
                ticket: TicketRow::from_row(r)?,
                desk_id: col(r, "ev_desk")?,
                at: col(r, "ev_at")?,
                recall: kind == EventKind::Recalled.as_str(),
            })
        })
        .collect()
}

/// A location's waiting, called and serving tickets, in queue order (priority first, then
/// arrival).
pub async fn active(conn: &mut AnyConnection, location_id: i64) -> Result<Vec<TicketRow>> {
    let sql = format!(
        "SELECT {TICKET_COLUMNS} FROM tickets t WHERE t.location_id = $1 \
         AND t.state IN ('waiting', 'called', 'serving') ORDER BY t.priority DESC, t.queued_at, t.id"
    );
    let rows = sqlx::query(&sql)
        .bind(location_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(TicketRow::from_row).collect()
}

/// A waiting ticket call-next may choose (see `usecases/call.rs`).
pub struct CallCandidate {
    pub id: i64,
    pub priority: bool,
    pub queued_at: i64,
    pub service_id: i64,
    pub channel: String,
    /// Sent to this desk or this staff member in person.
    pub personal: bool,
}

/// Call-next's candidates, in one query: the head of each of the desk's services (priority
/// first, then without) — the only candidate a service can offer, because within one service
/// the policy is first-come-first-served — and every waiting ticket sent to this desk or this
/// staff member in person.
pub async fn call_candidates(
    conn: &mut AnyConnection,
    location_id: i64,
    desk_id: i64,
    services: &[i64],
    staff_id: Option<i64>,
) -> Result<Vec<CallCandidate>> {
    let mut parts = Vec::new();
    for service_id in services {
        for prio in [1, 0] {
            parts.push(format!(
                "SELECT * FROM (SELECT id, priority, queued_at, service_id, channel, 0 AS personal FROM tickets \
                 WHERE service_id = {service_id} AND state = 'waiting' AND priority = {prio} \
                 AND assigned_desk_id IS NULL AND assigned_staff_id IS NULL ORDER BY queued_at, id LIMIT 1) h{service_id}_{prio}"
            ));
        }
    }
    parts.push(
        "SELECT id, priority, queued_at, service_id, channel, 1 FROM tickets \
         WHERE assigned_desk_id = $1 AND state = 'waiting' AND location_id = $2"
            .into(),
    );
    if staff_id.is_some() {
        parts.push(
            "SELECT id, priority, queued_at, service_id, channel, 1 FROM tickets \
             WHERE assigned_staff_id = $3 AND state = 'waiting' AND location_id = $2"
                .into(),
        );
    }
    let sql = parts.join(" UNION ALL ");
    let mut q = sqlx::query(&sql).bind(desk_id).bind(location_id);
    if let Some(staff) = staff_id {
        q = q.bind(staff);
    }
    q.fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(CallCandidate {
                id: r.try_get(0)?,
                priority: r.try_get::<i64, _>(1)? != 0,
                queued_at: r.try_get(2)?,
                service_id: r.try_get(3)?,
                channel: r.try_get(4)?,
                personal: r.try_get::<i64, _>(5)? != 0,
            })
        })
        .collect()
}

/// A waiting ticket called to a desk.
pub async fn set_called(
    conn: &mut AnyConnection,
    ticket_id: i64,
    desk_id: i64,
    staff_id: Option<i64>,
    at: i64,
) -> Result<()> {
    statement!(
        "UPDATE tickets SET state = 'called', called_at = $1, desk_id = $2, staff_id = $3 WHERE id = $4 AND state = 'waiting'";
        at, desk_id, staff_id, ticket_id
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A ticket's state after a recall, start, finish, no-show, cancel or return to the queue:
/// with the times and the desk that action sets or clears.
pub async fn set_state_after(
    conn: &mut AnyConnection,
    ticket_id: i64,
    action: Action,
    to: TicketState,
    staff_id: Option<i64>,
    at: i64,
) -> Result<()> {
    let sql = match action {
        Action::Recall => "UPDATE tickets SET state = $1 WHERE id = $2",
        Action::Start => "UPDATE tickets SET state = $1, started_at = $3, staff_id = COALESCE($4, staff_id) WHERE id = $2",
        Action::Finish | Action::NoShow | Action::Cancel => "UPDATE tickets SET state = $1, finished_at = $3 WHERE id = $2",
        Action::Return => "UPDATE tickets SET state = $1, desk_id = NULL, called_at = NULL, finished_at = NULL WHERE id = $2",
        Action::Call | Action::Transfer => unreachable!("handled by set_called and set_transferred"),
    };
    let mut q = sqlx::query(sql).bind(to.as_str()).bind(ticket_id);
    if sql.contains("$3") {
        q = q.bind(at);
    }
    if sql.contains("$4") {
        q = q.bind(staff_id);
    }
    q.execute(&mut *conn).await?;
    Ok(())
}

/// Where a transfer sends a ticket.
pub struct Transferred {
    pub service_id: i64,
    pub transferred_from_id: Option<i64>,
    pub assigned_desk_id: Option<i64>,
    pub assigned_staff_id: Option<i64>,
    pub queued_at: i64,
}

/// A ticket waiting again, in its new service or for its new desk or staff member.
pub async fn set_transferred(
    conn: &mut AnyConnection,
    ticket_id: i64,
    to: &Transferred,
) -> Result<()> {
    statement!(
        "UPDATE tickets SET state = 'waiting', service_id = $1, transferred_from_id = $2, assigned_desk_id = $3, \
         assigned_staff_id = $4, desk_id = NULL, called_at = NULL, started_at = NULL, queued_at = $5 WHERE id = $6";
        to.service_id, to.transferred_from_id, to.assigned_desk_id, to.assigned_staff_id,
        to.queued_at, ticket_id
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// What issuing reads before it writes, in one query (see `usecases/issue.rs`).
pub struct IssueFigures {
    /// The `seq` of the location's last committed event; `None` for a location without
    /// services.
    pub seq: Option<u64>,
    /// Per service: the last number it gave on the day (none yet: absent).
    pub last: HashMap<i64, i64>,
    /// Ids reserved for the new tickets, increasing.
    pub ids: Vec<i64>,
    /// The tickets that the touches asked about have already, in the touches' order.
    pub touched: Vec<i64>,
}

/// The figures issuing `n` new tickets needs on `day`, and the tickets the `touches` (a
/// station's device, none for a desk, and the key as stored) have made already.
pub async fn issue_figures(
    conn: &mut AnyConnection,
    backend: Backend,
    location_id: i64,
    day: &str,
    n: usize,
    touches: &[(Option<i64>, &str)],
) -> Result<IssueFigures> {
    // A kiosk's touch by its device and key; a desk's by its key alone (which names the staff
    // member), among the tickets no device issued. Both use the unique index.
    let mut p = 2;
    let touch_columns: String = touches
        .iter()
        .enumerate()
        .map(|(k, (device, _))| {
            let device = match device {
                Some(_) => {
                    p += 1;
                    format!("t.device_id = ${p}")
                }
                None => "t.device_id IS NULL".to_string(),
            };
            p += 1;
            format!(
                ", (SELECT t.id FROM tickets t WHERE {device} AND t.idempotency_key = ${p}) AS touch{k}"
            )
        })
        .collect();
    let sql = format!(
        "SELECT s.id AS service_id, \
         (SELECT COALESCE(MAX(e.seq), 0) FROM events e WHERE e.location_id = $1) AS seq, \
         (SELECT c.last FROM counters c WHERE c.service_id = s.id AND c.day = $2) AS last, \
         {} AS new_ids{touch_columns} FROM services s WHERE s.location_id = $1",
        new_ticket_ids(backend, n),
    );
    let mut q = sqlx::query(&sql).bind(location_id).bind(day);
    for (device, key) in touches {
        if let Some(device) = device {
            q = q.bind(*device);
        }
        q = q.bind(*key);
    }
    let rows = q.fetch_all(&mut *conn).await?;
    let mut figures = IssueFigures {
        seq: match rows.first() {
            Some(r) => Some(col::<i64>(r, "seq")? as u64),
            None => None,
        },
        last: HashMap::with_capacity(rows.len()),
        ids: match rows.first() {
            Some(r) => read_new_ticket_ids(backend, r, n)?,
            None => Vec::new(),
        },
        touched: Vec::new(),
    };
    for r in &rows {
        let id: i64 = col(r, "service_id")?;
        if let Some(last) = col::<Option<i64>>(r, "last")? {
            figures.last.insert(id, last);
        }
    }
    if let Some(r) = rows.first() {
        for k in 0..touches.len() {
            if let Some(id) = col::<Option<i64>>(r, &format!("touch{k}"))? {
                figures.touched.push(id);
            }
        }
    }
    Ok(figures)
}

/// Tickets by id, each with the device and the key of the touch that made it.
pub async fn with_touch(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<Vec<(TicketRow, Option<i64>, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // Integers only, formatted here: safe to inline.
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    let sql = format!(
        "SELECT {TICKET_COLUMNS}, t.idempotency_key AS touch FROM tickets t WHERE t.id IN ({})",
        list.join(", ")
    );
    let mut out = Vec::with_capacity(ids.len());
    for r in sqlx::query(&sql).fetch_all(&mut *conn).await? {
        out.push((
            TicketRow::from_row(&r)?,
            col(&r, "device_id")?,
            col(&r, "touch")?,
        ));
    }
    Ok(out)
}

/// A new ticket as [`insert_issued`] writes it.
pub struct NewTicket<'a> {
    pub row: &'a TicketRow,
    pub priority_reason: Option<&'a str>,
    pub device_id: Option<i64>,
    /// The touch's key as stored (see `usecases/issue.rs`).
    pub idempotency_key: Option<String>,
    pub staff_id: Option<i64>,
}

/// Writes new tickets with their services' counters (`(service, last number)` on `day`) and
/// their events, as one statement: one round trip. Returns the `seq` of the last event.
pub async fn insert_issued(
    conn: &mut AnyConnection,
    backend: Backend,
    location_id: i64,
    day: &str,
    counters: &[(i64, i64)],
    tickets: &[NewTicket<'_>],
    events: &[NewEvent],
) -> Result<u64> {
    let tickets_from = 1 + 3 * counters.len();
    let events_from = tickets_from + 18 * tickets.len();
    let sql = one_statement(
        backend,
        &[
            format!(
                "INSERT INTO counters (service_id, day, last) VALUES {} \
                 ON CONFLICT (service_id, day) DO UPDATE SET last = excluded.last",
                param_rows(1, counters.len(), 3)
            ),
            format!(
                "INSERT INTO tickets (id, location_id, service_id, day, number, state, priority, priority_reason, \
                 channel, lang, status_token, created_at, queued_at, device_id, idempotency_key, staff_id, \
                 assigned_staff_id, assigned_desk_id) VALUES {}",
                param_rows(tickets_from, tickets.len(), 18)
            ),
        ],
        &events_insert(events_from, events.len()),
    );
    let mut q = sqlx::query(&sql);
    for (service_id, last) in counters {
        q = q.bind(*service_id).bind(day).bind(*last);
    }
    for n in tickets {
        let t = n.row;
        q = q
            .bind(t.id)
            .bind(location_id)
            .bind(t.service_id)
            .bind(day)
            .bind(&t.number)
            .bind(t.state.as_str())
            .bind(t.priority as i64)
            .bind(n.priority_reason)
            .bind(t.channel.as_str())
            .bind(t.lang.code())
            .bind(&t.status_token)
            .bind(t.created_at)
            .bind(t.queued_at)
            .bind(n.device_id)
            .bind(n.idempotency_key.as_deref())
            .bind(n.staff_id)
            .bind(t.assigned_staff_id)
            .bind(t.assigned_desk_id);
    }
    let q = bind_events(q, location_id, events);
    last_seq(&q.fetch_all(&mut *conn).await?)
}

/// The read's column (`new_ids`) that reserves the ids of `n` new tickets.
fn new_ticket_ids(backend: Backend, n: usize) -> String {
    match backend {
        Backend::Sqlite => sqlite::new_ticket_ids(),
        Backend::Postgres => postgres::new_ticket_ids(n),
    }
}

/// The `n` ids a read with [`new_ticket_ids`] reserved, increasing.
fn read_new_ticket_ids(backend: Backend, row: &AnyRow, n: usize) -> Result<Vec<i64>> {
    match backend {
        Backend::Sqlite => sqlite::read_new_ticket_ids(row, n),
        Backend::Postgres => postgres::read_new_ticket_ids(row, n),
    }
}

/// Statements run as one, in order, the last one's rows returned: one round trip.
fn one_statement(backend: Backend, steps: &[String], last: &str) -> String {
    match backend {
        Backend::Sqlite => sqlite::one_statement(steps, last),
        Backend::Postgres => postgres::one_statement(steps, last),
    }
}

/// The last `n` visit lengths of a service (finished minus started, ms), newest first.
pub async fn recent_durations_ms(
    conn: &mut AnyConnection,
    service_id: i64,
    n: usize,
) -> Result<Vec<i64>> {
    statement!(
        "SELECT finished_at - started_at AS d FROM tickets \
         WHERE service_id = $1 AND finished_at IS NOT NULL AND started_at IS NOT NULL \
         ORDER BY finished_at DESC LIMIT $2";
        service_id, n as i64
    )
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| col::<i64>(r, "d"))
    .collect()
}

/// A location's waiting tickets as the waiting counts need them: service, priority, queued at.
pub async fn waiting_in_location(
    conn: &mut AnyConnection,
    location_id: i64,
) -> Result<Vec<(i64, bool, i64)>> {
    sqlx::query(
        "SELECT service_id, priority, queued_at FROM tickets WHERE location_id = $1 AND state = 'waiting'",
    )
    .bind(location_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok((
            col(r, "service_id")?,
            col::<i64>(r, "priority")? != 0,
            col(r, "queued_at")?,
        ))
    })
    .collect()
}

/// A location's tickets called and finished since `since` (ms), by finish: service, called
/// at, finished at.
pub async fn finished_since(
    conn: &mut AnyConnection,
    location_id: i64,
    since: i64,
) -> Result<Vec<(i64, i64, i64)>> {
    statement!(
        "SELECT service_id, called_at, finished_at FROM tickets WHERE location_id = $1 \
         AND called_at IS NOT NULL AND finished_at IS NOT NULL AND finished_at >= $2 ORDER BY finished_at";
        location_id, since
    )
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok((
            col(r, "service_id")?,
            col(r, "called_at")?,
            col(r, "finished_at")?,
        ))
    })
    .collect()
}

/// The ID-team's outcome for a ticket, with the partner of an external referral.
pub async fn set_triage(
    conn: &mut AnyConnection,
    ticket_id: i64,
    outcome: &str,
    partner_id: Option<i64>,
) -> Result<()> {
    statement!(
        "UPDATE tickets SET triage_outcome = $1, triage_partner_id = $2 WHERE id = $3";
        outcome, partner_id, ticket_id
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Per service of a location: how many wait and since when the longest (queued at, ms).
pub async fn waiting_per_service<'c, E>(ex: E, location_id: i64) -> Result<HashMap<i64, (u64, i64)>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    sqlx::query(
        "SELECT service_id, COUNT(*) AS n, MIN(queued_at) AS oldest FROM tickets \
         WHERE location_id = $1 AND state = 'waiting' GROUP BY service_id",
    )
    .bind(location_id)
    .fetch_all(ex)
    .await?
    .iter()
    .map(|r| {
        Ok((
            col(r, "service_id")?,
            (col::<i64>(r, "n")?.max(0) as u64, col(r, "oldest")?),
        ))
    })
    .collect()
}

/// A ticket called to or served at a desk.
pub struct AtDesk {
    pub number: String,
    /// `called` or `serving`.
    pub state: String,
    pub service_id: i64,
    pub called_at: Option<i64>,
    pub started_at: Option<i64>,
}

/// Per desk of a location, the ticket called to it or served there (the last called, if more).
pub async fn at_desks<'c, E>(ex: E, location_id: i64) -> Result<HashMap<i64, AtDesk>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    sqlx::query(
        "SELECT desk_id, number, state, service_id, called_at, started_at FROM tickets \
         WHERE location_id = $1 AND state IN ('called', 'serving') AND desk_id IS NOT NULL ORDER BY called_at",
    )
    .bind(location_id)
    .fetch_all(ex)
    .await?
    .iter()
    .map(|r| {
        Ok((
            col(r, "desk_id")?,
            AtDesk {
                number: col(r, "number")?,
                state: col(r, "state")?,
                service_id: col(r, "service_id")?,
                called_at: col(r, "called_at")?,
                started_at: col(r, "started_at")?,
            },
        ))
    })
    .collect()
}
