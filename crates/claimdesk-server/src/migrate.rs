//! Schema migrations: the numbered files of `migrations/`, compiled in, applied in order.
//!
//! All pending migrations run in one transaction under an advisory lock, so several server processes starting at
//! once against one database apply each migration exactly once, and a failed migration leaves nothing half-done.

use tokio_postgres::Client;

/// The migrations, in order: (version, file name, SQL).
pub const MIGRATIONS: &[(i32, &str, &str)] = &[
    (
        1,
        "0001_init.sql",
        include_str!("../migrations/0001_init.sql"),
    ),
    (
        2,
        "0002_commit_order.sql",
        include_str!("../migrations/0002_commit_order.sql"),
    ),
];

/// An arbitrary constant naming the advisory lock that serialises migrations.
const LOCK_KEY: i64 = 0x0063_6c61_696d_646b;

/// Applies every migration not yet in `schema_migrations`; returns the versions applied.
pub async fn migrate(client: &mut Client) -> Result<Vec<i32>, tokio_postgres::Error> {
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK_KEY])
        .await?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    integer PRIMARY KEY,
             name       text NOT NULL,
             applied_at timestamptz NOT NULL DEFAULT now()
         )",
    )
    .await?;
    let done: Vec<i32> = tx
        .query("SELECT version FROM schema_migrations", &[])
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut applied = Vec::new();
    for (version, name, sql) in MIGRATIONS {
        if done.contains(version) {
            continue;
        }
        tx.batch_execute(sql).await?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
            &[version, name],
        )
        .await?;
        applied.push(*version);
    }
    tx.commit().await?;
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file in migrations/ is listed, in order, with the number its name starts with.
    #[test]
    fn the_list_matches_the_directory() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(".sql"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        let listed: Vec<String> = MIGRATIONS.iter().map(|(_, n, _)| n.to_string()).collect();
        assert_eq!(files, listed);
        for (i, (v, n, _)) in MIGRATIONS.iter().enumerate() {
            assert_eq!(usize::try_from(*v).ok(), Some(i + 1));
            assert!(n.starts_with(&format!("{v:04}_")));
        }
    }
}
