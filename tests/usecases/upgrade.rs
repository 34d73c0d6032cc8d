//! Upgrades from every earlier schema, with data in it, on both databases.
//!
//! For each schema step an installation could be on, a database is built step by step as the
//! versions in between built it, with the data of `upgrade/NNNN.sql` written right after step
//! NNNN. Then the server opens it, which takes it to the newest step, and the test checks what
//! an administrator counts on after an upgrade: the schema is the one a fresh installation gets,
//! nothing was lost, sessions and device tokens still work, today's waiting visitor is still
//! first in line, numbering goes on where it was, and appointments keep their client's details.

use std::sync::Arc;

use chrono::NaiveDate;
use onthaal_server::config::Config;
use onthaal_server::db;
use onthaal_server::domain::appointment_access::AppointmentAccess;
use onthaal_server::domain::roles::Principal;
use onthaal_server::engine::hub::Hub;
use onthaal_server::engine::Store;
use onthaal_server::usecases::LoginResult;
use onthaal_tests::{default_now, fresh_database, Backend};
use sqlx::{AnyPool, Row};

use crate::kiosk;

/// The data written right after a schema step (see `upgrade/README.md`).
fn data_after(step: i64) -> Option<&'static str> {
    match step {
        1 => Some(include_str!("upgrade/0001.sql")),
        3 => Some(include_str!("upgrade/0003.sql")),
        5 => Some(include_str!("upgrade/0005.sql")),
        8 => Some(include_str!("upgrade/0008.sql")),
        15 => Some(include_str!("upgrade/0015.sql")),
        17 => Some(include_str!("upgrade/0017.sql")),
        _ => None,
    }
}

fn server_backend(backend: Backend) -> db::Backend {
    match backend {
        Backend::Sqlite => db::Backend::Sqlite,
        Backend::Postgres => db::Backend::Postgres,
    }
}

async fn pool(url: &str) -> AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await
        .unwrap()
}

/// Runs one data file, statement by statement.
async fn write(url: &str, sql: &str) {
    let pool = pool(url).await;
    let text: String = sql
        .lines()
        .filter(|l| !l.trim_start().starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n");
    for statement in text.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        sqlx::query(statement)
            .execute(&pool)
            .await
            .unwrap_or_else(|e| panic!("{e}\n{statement}"));
    }
    pool.close().await;
}

/// The schema as text: tables, columns, their types, defaults and indexes, in a stable order,
/// without the migrations' own bookkeeping.
async fn schema(backend: Backend, url: &str) -> Vec<String> {
    let pool = pool(url).await;
    let sql = match backend {
        Backend::Sqlite => {
            "SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master \
             WHERE name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY type, name"
        }
        Backend::Postgres => {
            "SELECT line FROM ( \
               SELECT table_name::text || '.' || column_name::text || ' ' || data_type::text || ' ' \
                      || is_nullable::text || ' ' || COALESCE(column_default::text, '') AS line, \
                      1 AS part, table_name::text AS t, ordinal_position::int AS n \
               FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations' \
               UNION ALL \
               SELECT indexname::text || ': ' || indexdef, 2, indexname::text, 0 FROM pg_indexes \
               WHERE schemaname = 'public' AND tablename <> '_sqlx_migrations' \
               UNION ALL \
               SELECT tgname::text || ' on ' || tgrelid::regclass::text, 3, tgname::text, 0 FROM pg_trigger WHERE NOT tgisinternal \
             ) s ORDER BY part, t, n"
        }
    };
    let rows = sqlx::query(sql).fetch_all(&pool).await.unwrap();
    pool.close().await;
    rows.iter().map(|r| r.get::<String, _>(0)).collect()
}

async fn count(store: &Store, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(store.pool())
        .await
        .unwrap()
        .get::<i64, _>(0)
}

async fn upgrades_from_every_earlier_step(backend: Backend) {
    let steps = server_backend(backend).migration_steps();
    let (&newest, earlier) = steps.split_last().expect("migrations");
    assert!(newest >= 16 && earlier.len() >= 14, "steps: {steps:?}");

    let Some(fresh) = fresh_database(backend).await else {
        return;
    };
    Store::connect(&fresh, Arc::new(Hub::new())).await.unwrap();
    let fresh_schema = schema(backend, &fresh).await;

    let now = default_now();
    let config = Config::parse_demo(
        include_str!("../../server/config/demo.toml"),
        "/etc/onthaal/onthaal.toml",
    )
    .unwrap();
    for &from in earlier {
        let url = fresh_database(backend).await.unwrap();
        for &step in steps.iter().take_while(|s| **s <= from) {
            db::migrate_until(&url, step).await.unwrap();
            if let Some(sql) = data_after(step) {
                write(&url, sql).await;
            }
        }

        // What a new version of the server does at start.
        let store = Store::connect(&url, Arc::new(Hub::new()))
            .await
            .unwrap_or_else(|e| panic!("upgrade from step {from} to {newest}: {e}"));
        assert_eq!(
            schema(backend, &url).await,
            fresh_schema,
            "from step {from}: the upgraded schema differs from a fresh installation's"
        );
        store
            .sync_config(&config, now)
            .await
            .unwrap_or_else(|e| panic!("from step {from}: the configuration: {e}"));

        // Nothing lost.
        assert_eq!(
            count(&store, "SELECT COUNT(*) FROM tickets").await,
            2,
            "from step {from}"
        );
        // The queue's events (an account that left the file is one more, below).
        assert_eq!(
            count(
                &store,
                "SELECT COUNT(*) FROM events WHERE kind NOT LIKE 'account_%'"
            )
            .await,
            5,
            "from step {from}"
        );
        let done = sqlx::query("SELECT number, state, lang FROM tickets WHERE status_token = 'upgrade-status-yesterday'")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(
            (
                done.get::<String, _>(0),
                done.get::<String, _>(1),
                done.get::<String, _>(2)
            ),
            ("P001".into(), "done".into(), "uk".into()),
            "from step {from}"
        );
        if from >= 3 {
            assert_eq!(
                count(
                    &store,
                    "SELECT COUNT(*) FROM help_requests WHERE reference = 'HA-2026-00001'"
                )
                .await,
                1,
                "from step {from}"
            );
        }

        // Accounts made in the app stay; one that left the file is disabled (`in_configuration`).
        if from >= 17 {
            for (username, active) in [("app.collega", 1), ("file.vertrokken", 0)] {
                assert_eq!(
                    count(
                        &store,
                        &format!("SELECT active FROM staff WHERE username = '{username}'")
                    )
                    .await,
                    active,
                    "from step {from}: {username}"
                );
            }
        }

        // A desk's session and the kiosk's token still work.
        match store.principal("upgrade-session-token", now).await.unwrap() {
            Some(Principal::Staff { name, .. }) => assert_eq!(name, "Sam Onthaal"),
            other => panic!("from step {from}: the session: {other:?}"),
        }
        assert!(
            matches!(
                store.principal("upgrade-kiosk-token", now).await.unwrap(),
                Some(Principal::Device { .. })
            ),
            "from step {from}: the kiosk's token"
        );
        assert!(
            matches!(
                store.login("onthaal", "onthaal", None, now).await.unwrap(),
                LoginResult::LoggedIn(_)
            ),
            "from step {from}: the password from before the upgrade"
        );

        // Today's waiting visitor is first in line; numbering goes on where it was.
        let loc = store.resolve_location(Some("centrum")).unwrap();
        let (new, _) = store
            .issue_ticket(kiosk(loc, "permanentie"), now)
            .await
            .unwrap();
        assert_eq!(new.number, "P002", "from step {from}");
        let loket = store
            .desks(loc)
            .await
            .unwrap()
            .into_iter()
            .find(|d| d.name == "Loket 1")
            .map(|d| d.id)
            .expect("Loket 1");
        let called = store
            .call_next(loc, loket, None, now)
            .await
            .unwrap()
            .expect("someone waits");
        assert_eq!(
            called.number, "P001",
            "from step {from}: the visitor from before"
        );

        // Appointments keep their client's details.
        if from >= 5 {
            let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
            let list = store
                .appointments_on(&AppointmentAccess::Everyone, loc, day, None)
                .await
                .unwrap();
            let a = list
                .iter()
                .find(|a| a.code == "UPG-1")
                .unwrap_or_else(|| panic!("from step {from}: the appointment: {list:?}"));
            let contact = a.contact.as_ref().expect("contact");
            assert_eq!(contact.name.as_deref(), Some("Olena Kovalenko"));
            assert_eq!(contact.phone.as_deref(), Some("0470 12 34 56"));
        }
        store.pool().close().await;
    }

    // Going back: an older server refuses a database a newer one has migrated, rather than
    // work on a schema it does not know (docs/operations.md, "Going back").
    let older = *earlier.last().unwrap();
    let refused = db::migrate_until(&fresh, older)
        .await
        .expect_err("an older server on a newer schema");
    assert!(
        refused
            .to_string()
            .contains("previously applied but is missing"),
        "{refused}"
    );
}

both!(upgrades_from_every_earlier_step);
