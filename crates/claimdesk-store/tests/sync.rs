//! The store's half of team sync, on real sled workspaces: what a desk records for the next push, how another desk
//! applies those records (with every index a local action would have written), and the conflict bookkeeping. The
//! server's half (versions, merges, auth) is tested in crates/claimdesk-server; the whole loop in the CLI's
//! team_sync test.

use claimdesk_store::sync::Keep;
use claimdesk_store::*;

fn conn(desk: u32, member: &str) -> SyncConnection {
    SyncConnection {
        url: "http://127.0.0.1:1".into(),
        team_workspace: "desk".into(),
        token: "t".into(),
        desk,
        member: member.into(),
        role: "editor".into(),
        pulled: 0,
        last_sync: None,
        last_error: None,
    }
}

fn draft(store: &Store) -> Id {
    let text =
        "Unemployment fell to 3.5% in May. The mayor said “we will build 500 homes”.".to_string();
    let end = text.find(" The").unwrap();
    store
        .create_document(
            NewDocument {
                title: "Jobs".into(),
                file_name: None,
                text: text.clone(),
                claims: vec![
                    NewClaim {
                        text: text[..end].into(),
                        start: 0,
                        end,
                        detection: Detection {
                            checkworthy: true,
                            ..Detection::default()
                        },
                    },
                    NewClaim {
                        text: text[end + 1..].into(),
                        start: end + 1,
                        end: text.len(),
                        detection: Detection {
                            checkworthy: true,
                            ..Detection::default()
                        },
                    },
                ],
            },
            "ana",
        )
        .unwrap()
        .id
}

/// Moves what `from` would push into `to`, as the server would relay it (version numbers made up per record).
fn relay(from: &Store, to: &Store, version: u64) -> usize {
    let out = from.sync_outgoing(10_000).unwrap();
    let incoming: Vec<Incoming> = out
        .iter()
        .map(|o| Incoming {
            kind: o.kind,
            key: o.key.clone(),
            version,
            data: o.data.clone(),
            body: o.blob.as_ref().map(|(_, b)| b.clone()),
        })
        .collect();
    let acks: Vec<Acknowledged> = out
        .iter()
        .map(|o| Acknowledged {
            kind: o.kind,
            key: o.key.clone(),
            counter: o.counter,
            version,
            data: o.data.clone(),
            conflicts: vec![],
        })
        .collect();
    from.sync_acknowledge(&acks).unwrap();
    to.sync_apply(&incoming, version).unwrap()
}

#[test]
fn a_seeded_workspace_travels_whole_and_changes_follow() {
    let (da, db) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = Store::open(da.path()).unwrap();
    let b = Store::open(db.path()).unwrap();
    let doc = draft(&a);
    // Not connected: nothing is recorded, and sync calls say so.
    assert_eq!(a.sync_waiting().unwrap(), 0);
    assert_eq!(a.sync_outgoing(10).unwrap_err().code(), "not_connected");

    a.connect_team(conn(1, "ana"), 0).unwrap();
    assert_eq!(a.editor().unwrap(), "ana");
    // document, version, 2 claims, 3 events
    assert_eq!(a.sync_waiting().unwrap(), 7);
    // Joining a team workspace that has work needs an empty workspace.
    let dc = tempfile::tempdir().unwrap();
    let c = Store::open(dc.path()).unwrap();
    draft(&c);
    assert_eq!(
        c.connect_team(conn(3, "cy"), 9).unwrap_err().code(),
        "invalid_input"
    );

    b.connect_team(conn(2, "ben"), 1).unwrap();
    assert_eq!(relay(&a, &b, 1), 7);
    assert_eq!(a.sync_waiting().unwrap(), 0);
    let claims = b.claims(doc).unwrap();
    assert_eq!(claims.len(), 2);
    assert_eq!(
        b.claim_counts(doc).unwrap().unsourced,
        2,
        "the per-document index came along"
    );
    assert_eq!(b.history(claims[0].id).unwrap().len(), 1);
    // Pulled records are not pushed back.
    assert_eq!(b.sync_waiting().unwrap(), 0);

    // B's new ids are in its own range, so they never collide with A's.
    let note = b
        .set_notes(claims[0].id, "call the statistics office", "ben")
        .unwrap();
    assert_eq!(note.notes, "call the statistics office");
    let b_out = b.sync_outgoing(100).unwrap();
    let event = b_out.iter().find(|o| o.kind == RecordKind::Event).unwrap();
    assert!(
        event.key.parse::<u64>().unwrap() >= 2 << 32,
        "{}",
        event.key
    );
    assert_eq!(relay(&b, &a, 2), 2);
    assert_eq!(
        a.claim(claims[0].id).unwrap().notes,
        "call the statistics office"
    );
    let hist = a.history(claims[0].id).unwrap();
    assert_eq!(hist.last().unwrap().editor, "ben");

    // A record changed here and not pushed yet is not overwritten by a pull.
    a.set_notes(claims[1].id, "mine", "ana").unwrap();
    let theirs = serde_json::json!({"notes": "theirs"});
    let mut record = serde_json::to_value(a.claim(claims[1].id).unwrap()).unwrap();
    record["notes"] = theirs["notes"].clone();
    a.sync_apply(
        &[Incoming {
            kind: RecordKind::Claim,
            key: claims[1].id.to_string(),
            version: 9,
            data: record,
            body: None,
        }],
        3,
    )
    .unwrap();
    assert_eq!(a.claim(claims[1].id).unwrap().notes, "mine");
}

#[test]
fn a_conflict_is_kept_until_the_editor_chooses_and_both_values_stay_in_the_history() {
    let d = tempfile::tempdir().unwrap();
    let a = Store::open(d.path()).unwrap();
    let doc = draft(&a);
    a.connect_team(conn(1, "ana"), 0).unwrap();
    let claim = a.claims(doc).unwrap()[0].clone();
    a.set_status(
        claim.id,
        Status::Disputed,
        Some("BLS says 3.6%".into()),
        "ana",
    )
    .unwrap();
    let out = a.sync_outgoing(100).unwrap();
    let pushed = out
        .iter()
        .find(|o| o.kind == RecordKind::Claim && o.key == claim.id.to_string())
        .unwrap();
    // The server kept another editor's earlier value for `status_reason`.
    let mut server = pushed.data.clone();
    server["status_reason"] = serde_json::json!("Ben: BLS revised it to 3.4%");
    let acks: Vec<Acknowledged> = out
        .iter()
        .map(|o| Acknowledged {
            kind: o.kind,
            key: o.key.clone(),
            counter: o.counter,
            version: 2,
            data: if o.key == pushed.key && o.kind == RecordKind::Claim {
                server.clone()
            } else {
                o.data.clone()
            },
            conflicts: if o.key == pushed.key && o.kind == RecordKind::Claim {
                vec![SyncConflict {
                    kind: RecordKind::Claim,
                    key: o.key.clone(),
                    claim: Some(claim.id),
                    field: "status_reason".into(),
                    theirs: server["status_reason"].clone(),
                    mine: o.data["status_reason"].clone(),
                    by: "ben".into(),
                    at: 1,
                }]
            } else {
                vec![]
            },
        })
        .collect();
    a.sync_acknowledge(&acks).unwrap();
    assert_eq!(
        a.claim(claim.id).unwrap().status_reason.as_deref(),
        Some("Ben: BLS revised it to 3.4%")
    );
    assert_eq!(a.sync_conflicts().unwrap().len(), 1);
    assert_eq!(a.sync_waiting().unwrap(), 0);

    a.resolve_conflict(
        RecordKind::Claim,
        &claim.id.to_string(),
        "status_reason",
        Keep::Mine,
        "ana",
    )
    .unwrap();
    assert!(a.sync_conflicts().unwrap().is_empty());
    assert_eq!(
        a.claim(claim.id).unwrap().status_reason.as_deref(),
        Some("BLS says 3.6%")
    );
    // Mine is a new change for the next push, and the history names both values.
    assert!(a.sync_waiting().unwrap() >= 2);
    let last = a.history(claim.id).unwrap().pop().unwrap();
    assert_eq!(last.kind, EventKind::ConflictResolved);
    let old = last.old.unwrap();
    assert_eq!(old["theirs"], "Ben: BLS revised it to 3.4%");
    assert_eq!(old["mine"], "BLS says 3.6%");
    // No conflict left to resolve twice.
    assert!(a
        .resolve_conflict(
            RecordKind::Claim,
            &claim.id.to_string(),
            "status_reason",
            Keep::Theirs,
            "ana"
        )
        .is_err());
}

#[test]
fn a_hostile_record_from_the_server_writes_nothing() {
    let d = tempfile::tempdir().unwrap();
    let a = Store::open(d.path()).unwrap();
    a.connect_team(conn(1, "ana"), 0).unwrap();
    for (kind, key, data) in [
        (
            RecordKind::Claim,
            "1",
            serde_json::json!({"id": "not a number"}),
        ),
        (RecordKind::Claim, "1; DROP", serde_json::json!({})),
        (
            RecordKind::Document,
            "5",
            serde_json::json!({"id": 6, "title": "t", "versions": [], "created_at": 0, "updated_at": 0}),
        ),
        (RecordKind::Snapshot, "7", serde_json::json!({"id": 7})),
    ] {
        let err = a
            .sync_apply(
                &[Incoming {
                    kind,
                    key: key.into(),
                    version: 1,
                    data,
                    body: None,
                }],
                1,
            )
            .unwrap_err();
        assert_eq!(err.code(), "invalid_input", "{key}");
    }
    assert!(a.events().unwrap().is_empty());
    assert_eq!(
        a.sync_connection().unwrap().unwrap().pulled,
        0,
        "the cursor did not move"
    );
}
