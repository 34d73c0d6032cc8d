//! The use cases against a real database, without HTTP: a `Store` opened on SQLite and on
//! PostgreSQL (a fresh database per test, made as the API suite makes them), driven through
//! its methods, with the results and the event log checked.
//!
//! Each test runs once per backend (`both!`); PostgreSQL is skipped outside CI when it is not
//! there, as in the API suite.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use onthaal_server::config::Config;
use onthaal_server::domain::events::EventKind;
use onthaal_server::domain::ticket::Action;
use onthaal_server::engine::hub::Hub;
use onthaal_server::engine::Store;
use onthaal_server::usecases::{IssueRequest, TransferTarget};
use onthaal_tests::{default_now, fresh_database, Backend};
use onthaal_wire::{Channel, Lang, Ticket, TicketState};

#[macro_use]
extern crate onthaal_tests;

mod upgrade;

/// A store on a fresh database with the demo configuration; `None` when PostgreSQL is skipped.
async fn open(backend: Backend) -> Option<(Store, i64)> {
    let url = fresh_database(backend).await?;
    let store = Store::connect(&url, Arc::new(Hub::new())).await.unwrap();
    store
        .sync_config(&Config::demo(), default_now())
        .await
        .unwrap();
    let location = store.resolve_location(None).unwrap();
    Some((store, location))
}

/// A kiosk's request for a ticket of `service`.
fn kiosk(location_id: i64, service: &str) -> IssueRequest {
    IssueRequest {
        location_id,
        service: service.into(),
        lang: Lang::NL,
        channel: Channel::Kiosk,
        priority_reason: None,
        device_id: None,
        staff_id: None,
        idempotency_key: None,
        arrival: None,
    }
}

/// The id of the first desk that serves exactly these services (in configuration order).
async fn desk(store: &Store, location_id: i64, services: &[&str]) -> i64 {
    store
        .desks(location_id)
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.services == services)
        .map(|d| d.id)
        .expect("a desk with these services in the demo configuration")
}

/// A ticket's events, oldest first, as stored.
async fn events_of(store: &Store, ticket_id: i64) -> Vec<EventKind> {
    let rows = sqlx::query("SELECT kind FROM events WHERE ticket_id = $1 ORDER BY seq")
        .bind(ticket_id)
        .fetch_all(store.pool())
        .await
        .unwrap();
    rows.iter()
        .map(|r| {
            let kind: String = sqlx::Row::get(r, 0);
            EventKind::parse(&kind).unwrap_or_else(|| panic!("unknown event kind {kind}"))
        })
        .collect()
}

fn at(seconds: i64) -> DateTime<Utc> {
    default_now() + Duration::seconds(seconds)
}

async fn issue_call_finish(backend: Backend) {
    let Some((store, loc)) = open(backend).await else {
        return;
    };
    let (first, new) = store
        .issue_ticket(kiosk(loc, "permanentie"), at(0))
        .await
        .unwrap();
    assert!(new);
    let (second, _) = store
        .issue_ticket(kiosk(loc, "permanentie"), at(1))
        .await
        .unwrap();
    assert_eq!(first.state, TicketState::Waiting);
    assert_eq!(first.position, Some(0));
    assert_eq!(second.position, Some(1));
    assert_ne!(first.number, second.number);

    let loket = desk(&store, loc, &["id-team", "permanentie"]).await;
    let called = store
        .call_next(loc, loket, None, at(60))
        .await
        .unwrap()
        .expect("someone waits");
    assert_eq!(called.id, first.id, "first come, first served");
    assert_eq!(called.state, TicketState::Called);
    assert_eq!(called.desk.as_ref().map(|d| d.id), Some(loket));

    let started = store
        .act(first.id, Action::Start, None, at(90))
        .await
        .unwrap();
    assert_eq!(started.state, TicketState::Serving);
    let finished = store
        .act(first.id, Action::Finish, None, at(400))
        .await
        .unwrap();
    assert_eq!(finished.state, TicketState::Done);
    assert_eq!(
        events_of(&store, first.id).await,
        [
            EventKind::Issued,
            EventKind::Called,
            EventKind::Started,
            EventKind::Finished
        ]
    );
    // The second visitor has moved up, and is the next one called.
    assert_eq!(
        store.ticket(second.id, at(401)).await.unwrap().position,
        Some(0)
    );
    let next = store.call_next(loc, loket, None, at(402)).await.unwrap();
    assert_eq!(next.map(|t| t.id), Some(second.id));
    // Nobody left: no call, and nothing written.
    let seq = store.location_state(loc).await.unwrap().seq;
    assert!(store
        .call_next(loc, loket, None, at(403))
        .await
        .unwrap()
        .is_none());
    assert_eq!(store.location_state(loc).await.unwrap().seq, seq);
    store.close().await;
}
both!(issue_call_finish);

async fn transfer(backend: Backend) {
    let Some((store, loc)) = open(backend).await else {
        return;
    };
    let (t, _) = store
        .issue_ticket(kiosk(loc, "permanentie"), at(0))
        .await
        .unwrap();
    let loket = desk(&store, loc, &["id-team", "permanentie"]).await;
    store.call_next(loc, loket, None, at(30)).await.unwrap();
    let moved = store
        .transfer(
            t.id,
            TransferTarget {
                service: Some("id-team".into()),
                reason: Some("identiteitskaart".into()),
                ..TransferTarget::default()
            },
            None,
            at(60),
        )
        .await
        .unwrap();
    assert_eq!(moved.state, TicketState::Waiting);
    assert_eq!(moved.service, "id-team");
    assert_eq!(moved.number, t.number, "the visitor keeps their number");
    assert_eq!(moved.transferred_from.as_deref(), Some("permanentie"));
    assert_eq!(
        events_of(&store, t.id).await,
        [EventKind::Issued, EventKind::Called, EventKind::Transferred]
    );
    let data: String = sqlx::query("SELECT data FROM events WHERE ticket_id = $1 AND kind = $2")
        .bind(t.id)
        .bind(EventKind::Transferred.as_str())
        .fetch_one(store.pool())
        .await
        .map(|r| sqlx::Row::get(&r, 0))
        .unwrap();
    let data: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(data["from_service"], "permanentie");
    assert_eq!(data["to_service"], "id-team");
    // A desk of the ID-team only now calls the visitor.
    let loket_2 = desk(&store, loc, &["id-team"]).await;
    let called = store.call_next(loc, loket_2, None, at(90)).await.unwrap();
    assert_eq!(called.map(|c| c.id), Some(t.id));
    store.close().await;
}
both!(transfer);

/// Many kiosks issue at once and two desks call at once: every number is given once, in order,
/// no visitor is called twice, and the location's events are numbered without gaps.
async fn concurrent_issue_and_call(backend: Backend) {
    let Some((store, loc)) = open(backend).await else {
        return;
    };
    const N: usize = 24;
    let mut tasks = Vec::new();
    for _ in 0..N {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            store.issue_ticket(kiosk(loc, "id-team"), at(5)).await
        }));
    }
    let mut issued: Vec<Ticket> = Vec::new();
    for t in tasks {
        let (ticket, new) = t.await.unwrap().unwrap();
        assert!(new);
        issued.push(ticket);
    }
    let mut numbers: Vec<String> = issued.iter().map(|t| t.number.clone()).collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), N, "every number once");
    let mut places: Vec<u32> = issued.iter().filter_map(|t| t.position).collect();
    places.sort_unstable();
    assert_eq!(places, (0..N as u32).collect::<Vec<_>>());

    let desks = [
        desk(&store, loc, &["id-team", "permanentie"]).await,
        desk(&store, loc, &["id-team"]).await,
    ];
    let mut callers = Vec::new();
    for (k, d) in desks.into_iter().enumerate() {
        let store = store.clone();
        callers.push(tokio::spawn(async move {
            let mut got = Vec::new();
            for i in 0.. {
                let now = at(60 + 2 * i + k as i64);
                match store.call_next(loc, d, None, now).await.unwrap() {
                    Some(t) => {
                        store.act(t.id, Action::Finish, None, now).await.ok();
                        got.push(t.id);
                    }
                    None => break,
                }
            }
            got
        }));
    }
    let mut called = Vec::new();
    for c in callers {
        called.extend(c.await.unwrap());
    }
    let unique: HashSet<i64> = called.iter().copied().collect();
    assert_eq!(called.len(), N, "every visitor called");
    assert_eq!(unique.len(), N, "no visitor called twice");

    let seqs: Vec<i64> = sqlx::query("SELECT seq FROM events WHERE location_id = $1 ORDER BY seq")
        .bind(loc)
        .fetch_all(store.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| sqlx::Row::get(r, 0))
        .collect();
    assert_eq!(seqs, (1..=seqs.len() as i64).collect::<Vec<_>>());
    assert_eq!(
        store.location_state(loc).await.unwrap().seq,
        seqs.len() as u64
    );
    store.close().await;
}
both!(concurrent_issue_and_call);
