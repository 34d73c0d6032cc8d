//! Backing up and restoring a SQLite database (`onthaal-server backup` / `restore`).
//!
//! A running server keeps its SQLite database in WAL mode: the newest commits live in the
//! `-wal` file until a checkpoint, so copying the `.db` file of a live server can lose them or
//! give a torn copy. `VACUUM INTO` writes a consistent copy from one read transaction instead,
//! while the server goes on issuing tickets (readers never block the writer in WAL mode): every
//! ticket committed before the backup began is in it, none half. PostgreSQL has its own tools
//! (`pg_dump`/`pg_restore`, see docs/operations.md); these commands say so rather than guess.
//!
//! Restore replaces the database file with a backup, for a server that is stopped: the backup
//! is checked first (an SQLite file holding Onthaal's tables, of a schema this program knows),
//! copied beside the target and renamed over it, and the old `-wal`/`-shm` files are removed so
//! that SQLite does not replay a journal of the replaced database onto the restored one.

use std::path::{Path, PathBuf};

use sqlx::Row;

/// What a backup or restore wrote, for the command's message.
#[derive(Debug)]
pub struct Copied {
    pub file: PathBuf,
    pub bytes: u64,
    pub tickets: i64,
    pub schema_version: i64,
}

/// The file behind a `sqlite://PATH[?…]` URL; a clear message for anything else.
pub fn sqlite_file(url: &str) -> Result<PathBuf, String> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Err(
            "this database is PostgreSQL: back it up with pg_dump and restore it with \
                    pg_restore (see docs/operations.md, \"Backups\")"
                .into(),
        );
    }
    let Some(rest) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    else {
        return Err(format!(
            "\"{url}\" is not a database URL; give sqlite://PATH or postgres://…"
        ));
    };
    let file = rest.split_once('?').map_or(rest, |(f, _)| f);
    if file.is_empty() || file == ":memory:" {
        return Err("an in-memory database has nothing to back up or restore".into());
    }
    Ok(PathBuf::from(file))
}

/// Opens an existing SQLite file (never creates one) and reads what a backup holds.
async fn open_existing(file: &Path) -> Result<sqlx::AnyPool, String> {
    if !file.is_file() {
        return Err(format!("there is no database file at {}", file.display()));
    }
    sqlx::any::install_default_drivers();
    sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(&format!("sqlite://{}?mode=ro", file.display()))
        .await
        .map_err(|e| format!("cannot open {}: {e}", file.display()))
}

/// The newest migration and the number of tickets in an Onthaal database; a message when the
/// file is not one (another program's database, an empty file).
async fn describe(pool: &sqlx::AnyPool, file: &Path) -> Result<(i64, i64), String> {
    let not_ours = |e: sqlx::Error| format!("{} is not an Onthaal database ({e})", file.display());
    let version: i64 =
        sqlx::query("SELECT CAST(MAX(version) AS BIGINT) AS v FROM _sqlx_migrations WHERE success")
            .fetch_one(pool)
            .await
            .map_err(not_ours)?
            .try_get("v")
            .map_err(not_ours)?;
    let tickets: i64 = sqlx::query("SELECT COUNT(*) AS n FROM tickets")
        .fetch_one(pool)
        .await
        .map_err(not_ours)?
        .try_get("n")
        .map_err(not_ours)?;
    Ok((version, tickets))
}

/// The newest schema step this program knows (a backup from a newer Onthaal is refused).
fn known_version() -> i64 {
    crate::db::sqlite::migrator()
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap_or(0)
}

/// Writes a consistent copy of the SQLite database at `url` to `to`, which must not exist.
pub async fn backup(url: &str, to: &Path) -> Result<Copied, String> {
    let file = sqlite_file(url)?;
    if to.exists() {
        return Err(format!(
            "{} exists already; a backup never overwrites a file (choose a new name)",
            to.display()
        ));
    }
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.is_dir() {
            return Err(format!("the folder {} does not exist", dir.display()));
        }
    }
    if !file.is_file() {
        return Err(format!("there is no database file at {}", file.display()));
    }
    sqlx::any::install_default_drivers();
    // Read-write (not `mode=ro`): a reader of a WAL database may need to create the `-shm`
    // file when the server is not running.
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(&format!("sqlite://{}", file.display()))
        .await
        .map_err(|e| format!("cannot open {}: {e}", file.display()))?;
    describe(&pool, &file).await?;
    let target = to.to_string_lossy().to_string();
    sqlx::query("VACUUM INTO $1")
        .bind(&target)
        .execute(&pool)
        .await
        .map_err(|e| format!("the backup to {} failed: {e}", to.display()))?;
    pool.close().await;
    check(to).await
}

/// Checks a backup file and says what it holds.
pub async fn check(file: &Path) -> Result<Copied, String> {
    let pool = open_existing(file).await?;
    let integrity: String = sqlx::query("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .map_err(|e| format!("cannot check {}: {e}", file.display()))?
        .try_get(0)
        .map_err(|e| format!("cannot check {}: {e}", file.display()))?;
    if integrity != "ok" {
        return Err(format!("{} is damaged: {integrity}", file.display()));
    }
    let (schema_version, tickets) = describe(&pool, file).await?;
    pool.close().await;
    let bytes = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    Ok(Copied {
        file: file.to_path_buf(),
        bytes,
        tickets,
        schema_version,
    })
}

/// Replaces the SQLite database at `url` with the backup `from`. The server must be stopped.
pub async fn restore(from: &Path, url: &str) -> Result<Copied, String> {
    let file = sqlite_file(url)?;
    let backup = check(from).await?;
    if backup.schema_version > known_version() {
        return Err(format!(
            "{} comes from a newer Onthaal (schema step {}, this program knows up to {}); \
             restore it with that version",
            from.display(),
            backup.schema_version,
            known_version()
        ));
    }
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create the folder {}: {e}", dir.display()))?;
    }
    // Copy beside the target, then rename: the database is the old one or the restored one,
    // never half of each.
    let beside = sibling(&file, ".restoring");
    std::fs::copy(from, &beside)
        .and_then(|_| std::fs::File::open(&beside)?.sync_all())
        .map_err(|e| {
            let _ = std::fs::remove_file(&beside);
            format!(
                "cannot copy {} beside {}: {e}",
                from.display(),
                file.display()
            )
        })?;
    for journal in ["-wal", "-shm"] {
        let j = sibling(&file, journal);
        if j.exists() {
            std::fs::remove_file(&j)
                .map_err(|e| format!("cannot remove the old {}: {e}", j.display()))?;
        }
    }
    std::fs::rename(&beside, &file).map_err(|e| {
        let _ = std::fs::remove_file(&beside);
        format!("cannot put the backup in place at {}: {e}", file.display())
    })?;
    Ok(Copied { file, ..backup })
}

fn sibling(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sqlite_files_are_backed_up_here() {
        assert_eq!(
            sqlite_file("sqlite://data/onthaal.db?mode=rwc").unwrap(),
            PathBuf::from("data/onthaal.db")
        );
        assert_eq!(
            sqlite_file("sqlite:///var/lib/onthaal/onthaal.db").unwrap(),
            PathBuf::from("/var/lib/onthaal/onthaal.db")
        );
        assert!(sqlite_file("postgres://u@h/db")
            .unwrap_err()
            .contains("pg_dump"));
        assert!(sqlite_file("sqlite::memory:").is_err());
        assert!(sqlite_file("mysql://x").is_err());
    }
}
