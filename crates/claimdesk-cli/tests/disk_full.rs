//! A full disk, for real: the workspace lives on a small tmpfs (mounted in a private user and mount namespace by
//! `unshare -rm`, so no root is needed and nothing outside the test sees it), a filler file takes the space, and
//! the built `claimdesk` runs against it. Before the fix an import on the full disk hung forever in sled's flush on
//! exit, and an unfinished snapshot file locked the workspace out for good.
//!
//! The filler leaves a different amount of free space on each round, so the disk runs out at a different point of
//! the import (on open, in the log, in the snapshot) each time.

use std::path::Path;
use std::process::Command;

const SCRIPT: &str = r#"
set -u
D=$1; B=$2; LEAVE=$3
mount -t tmpfs -o size=8m tmpfs "$D/m" || { echo "MOUNT-FAILED"; exit 90; }
"$B" --workspace "$D/m/ws" import "$D/small.txt" > /dev/null || { echo "FIRST-IMPORT-FAILED"; exit 91; }
avail=$(df --output=avail -k "$D/m" | tail -1)
head -c $((avail - LEAVE))K /dev/zero > "$D/m/fill" 2> /dev/null
timeout 60 "$B" --workspace "$D/m/ws" import "$D/big.txt" > /dev/null 2> "$D/import.err"
echo "IMPORT-RC=$?"
timeout 60 "$B" --workspace "$D/m/ws" claims 1 > /dev/null 2> "$D/claims.err"
echo "CLAIMS-FULL-RC=$?"
rm "$D/m/fill"
timeout 60 "$B" --workspace "$D/m/ws" claims 1 > "$D/after.out" 2> "$D/after.err"
echo "AFTER-RC=$?"
timeout 60 "$B" --workspace "$D/m/ws" claims 2 > "$D/second.out" 2> /dev/null
echo "SECOND-RC=$?"
"#;

fn field(out: &str, key: &str) -> i32 {
    out.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}=")))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {key} in the script's output:\n{out}"))
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_default()
}

#[test]
fn a_full_disk_gives_a_clear_error_never_hangs_and_loses_nothing() {
    let small = "The council approved a budget of 4.2 million dollars in 2025. Crews resurfaced 31 miles of \
                 streets.\n";
    // About 300 KB of draft: big enough that its import needs more than the space left in most rounds.
    let big: String = (0..3000)
        .map(|i| {
            format!(
                "The city spent {i}.5 million dollars on road repairs in {}, officials said on Tuesday. ",
                1900 + i % 120
            )
        })
        .collect();
    let mut outcomes = Vec::new();
    for leave_kb in [50, 200, 400, 600, 800, 1200] {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("m")).expect("mount point");
        std::fs::write(dir.path().join("small.txt"), small).expect("draft");
        std::fs::write(dir.path().join("big.txt"), &big).expect("draft");
        let out = Command::new("unshare")
            .args(["-rm", "sh", "-c", SCRIPT, "sh"])
            .arg(dir.path())
            .arg(env!("CARGO_BIN_EXE_claimdesk"))
            .arg(leave_kb.to_string())
            .env("CLAIMDESK_EDITOR", "tester")
            .env_remove("CLAIMDESK_WORKSPACE")
            .output()
            .expect("run unshare (util-linux)");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            !text.contains("MOUNT-FAILED") && !text.contains("FIRST-IMPORT-FAILED"),
            "setup failed with {leave_kb} KB left: {text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );

        // The import on the nearly full disk ends (124 would be the timeout), and when it fails it says why.
        let import = field(&text, "IMPORT-RC");
        assert_ne!(import, 124, "import hung with {leave_kb} KB left");
        let import_err = read(dir.path(), "import.err");
        if import != 0 {
            assert!(
                import_err.contains("error[disk_full]") && import_err.contains("free some space"),
                "{leave_kb} KB left: exit {import}, stderr: {import_err}"
            );
        }
        for err in [&import_err, &read(dir.path(), "claims.err")] {
            assert!(!err.contains("panicked"), "{leave_kb} KB left: {err}");
        }
        assert_ne!(field(&text, "CLAIMS-FULL-RC"), 124, "claims hung");

        // Once the space is back the workspace opens normally with every claim that was acknowledged.
        assert_eq!(
            field(&text, "AFTER-RC"),
            0,
            "{leave_kb} KB left: the workspace did not open after freeing space: {}",
            read(dir.path(), "after.err")
        );
        let after = read(dir.path(), "after.out");
        assert!(after.contains("The council approved a budget of 4.2 million dollars in 2025."));
        assert!(after.contains("Crews resurfaced 31 miles of streets."));
        // An import that answered success is there in full; one that failed left no document behind.
        let second = field(&text, "SECOND-RC");
        if import == 0 {
            assert_eq!(second, 0, "{leave_kb} KB left: acknowledged import lost");
            assert!(read(dir.path(), "second.out").lines().count() > 1000);
        } else {
            assert_ne!(
                second, 0,
                "{leave_kb} KB left: a failed import left a document"
            );
        }
        outcomes.push((leave_kb, import));
    }
    // The rounds must really have hit a full disk, or the test proves nothing.
    assert!(
        outcomes.iter().any(|&(_, rc)| rc != 0),
        "no round ran out of space: {outcomes:?}"
    );
}
