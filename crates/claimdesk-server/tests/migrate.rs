//! A database written by the first schema is upgraded in place: migration 2 numbers the existing writes by their old
//! sequence numbers, so a desk's pull cursor from before the upgrade still means the same write, and new pushes
//! continue after them.

mod support;

use std::path::Path;

use claimdesk_pgtest::{add_member, PgCluster, ServerProcess};
use claimdesk_sync::RecordKind;
use serde_json::json;
use support::{change, Desk, BIN};

#[tokio::test]
async fn schema_1_data_keeps_its_positions_after_the_upgrade() {
    let pg = PgCluster::new().unwrap_or_else(|e| panic!("test PostgreSQL: {e}"));
    let (db, conn) = tokio_postgres::connect(&pg.url(), tokio_postgres::NoTls)
        .await
        .unwrap_or_else(|e| panic!("connect: {e}"));
    tokio::spawn(conn);
    // The database as a server of the first schema left it: one workspace with three writes.
    db.batch_execute(
        "CREATE TABLE schema_migrations (
             version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now()
         )",
    )
    .await
    .unwrap_or_else(|e| panic!("schema_migrations: {e}"));
    db.batch_execute(include_str!("../migrations/0001_init.sql"))
        .await
        .unwrap_or_else(|e| panic!("0001: {e}"));
    db.batch_execute(
        "INSERT INTO schema_migrations (version, name) VALUES (1, '0001_init.sql');
         INSERT INTO teams (name) VALUES ('newsroom');
         INSERT INTO members (team_id, name, role) VALUES (1, 'old', 'editor');
         INSERT INTO workspaces (team_id, name, next_desk) VALUES (1, 'budget', 2);
         INSERT INTO desks (workspace_id, desk, member_id) VALUES (1, 1, 1);
         INSERT INTO records (workspace_id, kind, key, version, data, by_member, desk, at_ms) VALUES
             (1, 'claim', '1', 2, '{\"id\":1,\"status\":\"verified\"}', 1, 1, 3),
             (1, 'claim', '2', 1, '{\"id\":2,\"status\":\"unsourced\"}', 1, 1, 2);
         INSERT INTO writes (workspace_id, kind, key, version, data, by_member, desk, at_ms, desk_at_ms, change_id)
         VALUES
             (1, 'claim', '1', 1, '{\"id\":1,\"status\":\"unsourced\"}', 1, 1, 1, 1, '1:1'),
             (1, 'claim', '2', 1, '{\"id\":2,\"status\":\"unsourced\"}', 1, 1, 2, 2, '1:2'),
             (1, 'claim', '1', 2, '{\"id\":1,\"status\":\"verified\"}', 1, 1, 3, 3, '1:3');",
    )
    .await
    .unwrap_or_else(|e| panic!("schema 1 data: {e}"));

    // `user add` connects and migrates, like the server does on start.
    let token = add_member(Path::new(BIN), &pg.url(), "ana", "editor", "newsroom")
        .unwrap_or_else(|e| panic!("user add: {e}"));
    let rows = db
        .query("SELECT seq, pos FROM writes ORDER BY seq", &[])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let pairs: Vec<(i64, Option<i64>)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    assert_eq!(pairs, vec![(1, Some(1)), (2, Some(2)), (3, Some(3))]);
    let head: i64 = db
        .query_one("SELECT head FROM workspaces WHERE name = 'budget'", &[])
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .get(0);
    assert_eq!(head, 3);

    let server = ServerProcess::start(Path::new(BIN), &pg.url())
        .unwrap_or_else(|e| panic!("claimdesk-server: {e}"));
    let ana = Desk::new(&server.base_url(), &token);
    let joined = ana.join("budget").await;
    assert_eq!((joined.desk, joined.head), (2, 3));
    // A cursor from before the upgrade: only what came after it.
    let after_two = ana.pull_all("budget", 2).await;
    assert_eq!(after_two.len(), 1);
    assert_eq!((after_two[0].seq, after_two[0].version), (3, 2));
    let resp = ana
        .push(
            "budget",
            joined.desk,
            vec![change(
                "2:1",
                RecordKind::Claim,
                "2",
                1,
                json!({"id": 2, "status": "disputed"}),
            )],
        )
        .await;
    assert_eq!(resp.head, 4);
    let all = ana.pull_all("budget", 0).await;
    let positions: Vec<u64> = all.iter().map(|p| p.seq).collect();
    assert_eq!(positions, vec![1, 2, 3, 4]);
    assert_eq!(all[3].by, "ana");
}
