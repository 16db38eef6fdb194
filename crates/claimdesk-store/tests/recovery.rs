//! Recovering from what a failed write leaves on disk. A snapshot write that ran out of space (or was killed)
//! leaves `snap.<lsn>.generating`, empty or cut short; sled reads the newest snapshot file, that one included, and
//! reported corruption on every open from then on, though every record was intact in its log.

mod support;

use claimdesk_store::Store;
use support::{doc, reopen, JOBS};

#[test]
fn an_unfinished_snapshot_file_does_not_lock_the_workspace_out() {
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let s = Store::open(dir.path()).unwrap();
        s.create_document(doc("jobs", JOBS), "ada").unwrap().id
    };
    // What ENOSPC mid-snapshot leaves: an empty file and, for a later LSN, a truncated one. Both sort after every
    // complete snapshot, so sled would pick them.
    std::fs::write(dir.path().join("snap.FFFFFFFFFFFFFFF0.generating"), b"").unwrap();
    std::fs::write(
        dir.path().join("snap.FFFFFFFFFFFFFFFF.generating"),
        b"\x28\xb5\x2f\xfd partial",
    )
    .unwrap();
    let s = reopen(dir.path());
    let claims = s.claims(id).unwrap();
    assert_eq!(claims.len(), 4, "every claim is back");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".generating"))
        .collect();
    assert!(left.is_empty(), "unfinished snapshots removed: {left:?}");
    drop(s);
    // And it keeps opening afterwards.
    assert_eq!(reopen(dir.path()).claims(id).unwrap().len(), 4);
}

#[test]
fn a_damaged_complete_snapshot_is_still_reported_as_damage() {
    // Only unfinished snapshot files are cleaned up; a complete one that fails its checksum is real damage and
    // must not be silently deleted.
    let dir = tempfile::tempdir().unwrap();
    {
        let s = Store::open(dir.path()).unwrap();
        s.create_document(doc("jobs", JOBS), "ada").unwrap();
    }
    std::fs::write(
        dir.path().join("snap.FFFFFFFFFFFFFFFF"),
        b"not a snapshot at all",
    )
    .unwrap();
    let err = loop {
        match Store::open(dir.path()) {
            Err(e) if e.code() == "in_use" => {
                std::thread::sleep(std::time::Duration::from_millis(20))
            }
            Err(e) => break e,
            Ok(_) => panic!("a damaged snapshot opened"),
        }
    };
    assert_eq!(err.code(), "corrupt");
    assert!(dir.path().join("snap.FFFFFFFFFFFFFFFF").exists());
}
