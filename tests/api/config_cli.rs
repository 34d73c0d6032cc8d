//! `onthaal-server config export | import`, run as an IT administrator runs them: the real
//! binary beside a running server, on both databases. An export imported again changes
//! nothing; a dry run lists what a file adds, changes and retires and writes nothing; an import
//! reaches the running server; an invalid file is refused and changes nothing.

use std::path::PathBuf;
use std::process::Output;
use std::time::Duration;

use onthaal_tests::{spawn_app, Backend, TestApp};
use serde_json::Value;

/// The server binary next to this test's (`cargo build -p onthaal-server --bins` first).
fn server_bin() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    // target/debug/deps/api-HASH → target/debug/onthaal-server
    let bin = exe
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("onthaal-server");
    assert!(
        bin.exists(),
        "{} is not built: run `cargo build -p onthaal-server --bins`",
        bin.display()
    );
    bin
}

async fn cli(app: &TestApp, args: &[&str]) -> Output {
    let out = tokio::process::Command::new(server_bin())
        .args(args)
        .env("DATABASE_URL", &app.database_url)
        .env_remove("ONTHAAL_CONFIG")
        .output()
        .await
        .unwrap();
    out
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

async fn export(app: &TestApp) -> String {
    let out = cli(app, &["config", "export"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

/// The text of the TOML block starting at `from` (a `[[…]]` header), up to the next block.
fn block_end(s: &str, from: usize) -> usize {
    s[from + 1..]
        .find("\n[[")
        .map_or(s.len(), |i| from + 1 + i + 1)
}

both!(an_export_imported_again_changes_nothing_and_a_dry_run_says_what_a_file_changes);
async fn an_export_imported_again_changes_nothing_and_a_dry_run_says_what_a_file_changes(
    b: Backend,
) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let dir = std::env::temp_dir().join(format!(
        "onthaal-config-{}-{}",
        std::process::id(),
        app.addr.port()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let exported = export(&app).await;
    assert!(exported.contains("[[location.service]]"), "{exported}");
    assert!(
        !exported.contains("password ="),
        "never a password: {exported}"
    );
    let file = dir.join("onthaal.toml");
    std::fs::write(&file, &exported).unwrap();
    let path = file.to_str().unwrap();

    // The round trip: nothing to change, nothing changed, the same bytes after.
    let dry = cli(&app, &["config", "import", path, "--dry-run"]).await;
    assert!(dry.status.success(), "{}", text(&dry.stderr));
    assert_eq!(
        text(&dry.stdout),
        "Nothing changes: the file says what the database holds.\n"
    );
    let done = cli(&app, &["config", "import", path]).await;
    assert!(done.status.success(), "{}", text(&done.stderr));
    assert!(text(&done.stdout).starts_with("Nothing changes"));
    assert_eq!(export(&app).await, exported, "byte-identical");
    let to = dir.join("again.toml");
    let written = cli(&app, &["config", "export", "--to", to.to_str().unwrap()]).await;
    assert!(written.status.success(), "{}", text(&written.stderr));
    assert_eq!(std::fs::read_to_string(&to).unwrap(), exported);

    // A file with a new service, another target wait for the permanentie, without the CAW.
    let mut changed = exported.clone();
    let permanentie = changed.find("key = \"permanentie\"").unwrap();
    let target = permanentie + changed[permanentie..].find("target_wait_min = ").unwrap();
    let line_end = target + changed[target..].find('\n').unwrap();
    let old_target = changed[target + "target_wait_min = ".len()..line_end].to_string();
    assert_ne!(old_target, "15");
    changed.replace_range(target..line_end, "target_wait_min = 15");
    let desk = changed.find("\n[[location.desk]]").unwrap();
    changed.insert_str(
        desk,
        "\n[[location.service]]\nkey = \"energie\"\nprefix = \"E\"\nnames = { nl = \"Energie\", fr = \"Énergie\" }\nalways_open = true\n",
    );
    let caw = changed.find("[[partner]]\nkey = \"caw\"").unwrap();
    let end = block_end(&changed, caw);
    changed.replace_range(caw..end, "");
    std::fs::write(&file, &changed).unwrap();
    let dry = cli(&app, &["config", "import", path, "--dry-run"]).await;
    assert!(dry.status.success(), "{}", text(&dry.stderr));
    let plan = text(&dry.stdout);
    assert!(
        plan.contains("Adds:\n  service energie (Energie)\n"),
        "{plan}"
    );
    assert!(
        plan.contains(&format!(
            "Changes:\n  service permanentie: target wait {old_target} → 15 min\n"
        )),
        "{plan}"
    );
    assert!(
        plan.contains("Retires:\n  partner caw (CAW (Centrum Algemeen Welzijnswerk))\n"),
        "{plan}"
    );
    assert!(plan.contains("Nothing was changed (--dry-run)"), "{plan}");
    assert_eq!(export(&app).await, exported, "a dry run writes nothing");

    // Applied: the running server has the new service within seconds, the CAW is no longer
    // offered, and the audit log says who did it and what changed.
    let done = cli(&app, &["config", "import", path]).await;
    assert!(done.status.success(), "{}", text(&done.stderr));
    assert!(text(&done.stdout).contains("service energie"));
    let reception = app.reception().await;
    let mut seen = false;
    for _ in 0..40 {
        let services: Vec<Value> = app.read(&reception, "/api/v1/services").await;
        if services.iter().any(|s| s["key"] == "energie") {
            let e = services.iter().find(|s| s["key"] == "energie").unwrap();
            assert_eq!(e["names"]["fr"], "Énergie", "{e}");
            seen = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(seen, "the running server took the import");
    let partners: Vec<Value> = app.read(&reception, "/api/v1/partners").await;
    assert!(partners.iter().all(|p| p["key"] != "caw"), "{partners:?}");
    let admin = app.admin().await;
    let audit: Vec<Value> = app
        // The command line writes at the real time; the test server's clock is elsewhere.
        .get(
            &admin,
            &format!(
                "/api/v1/audit?from=2020-01-01T00:00:00Z&to={}",
                (chrono::Utc::now() + chrono::Duration::days(1)).format("%Y-%m-%dT%H:%M:%SZ")
            ),
        )
        .await
        .json()
        .await
        .unwrap();
    let e = audit
        .iter()
        .find(|e| e["event"] == "configuration_changed")
        .expect("the import is in the audit log");
    assert_eq!(e["details"]["by"], "command line");
    assert!(
        e["details"]["changes"].as_array().unwrap().iter().any(
            |c| c["kind"] == "retire" && c["what"].as_str().unwrap().starts_with("partner caw")
        ),
        "{e}"
    );
    let after = export(&app).await;
    assert!(after.contains("key = \"energie\""));
    assert!(after.contains("target_wait_min = 15"));
    assert!(!after.contains("key = \"caw\""));

    // An invalid file: refused with its line, the database as it was.
    std::fs::write(&file, "[[location]]\nkey = \"centrum\"\nnme = \"typo\"\n").unwrap();
    for args in [
        vec!["config", "import", path],
        vec!["config", "import", path, "--dry-run"],
    ] {
        let bad = cli(&app, &args).await;
        assert!(!bad.status.success());
        let err = text(&bad.stderr);
        assert!(
            err.contains("onthaal.toml:3") && err.contains("nme"),
            "{err}"
        );
        assert_eq!(text(&bad.stdout), "");
    }
    // Valid, but without the location the database holds: refused as well.
    let without = after.replace("key = \"centrum\"", "key = \"elders\"");
    std::fs::write(&file, without).unwrap();
    let bad = cli(&app, &["config", "import", path]).await;
    assert!(!bad.status.success());
    assert!(
        text(&bad.stderr).contains("never removed"),
        "{}",
        text(&bad.stderr)
    );
    assert_eq!(export(&app).await, after, "nothing half-written");
    let _ = std::fs::remove_dir_all(&dir);
}
