//! `claimdesk --version` names the build and the data directory; `claimdesk --help` and docs/cli.md (from which the
//! man page is made, scripts/manpage) list the same subcommands.

mod support;

use support::bin;

#[test]
fn version_names_the_build_and_the_data_directory() {
    let data = tempfile::tempdir().expect("data home");
    let out = bin()
        .env("XDG_DATA_HOME", data.path())
        .arg("--version")
        .output()
        .expect("run");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], format!("claimdesk {}", env!("CARGO_PKG_VERSION")));
    let commit = lines[1].strip_prefix("commit: ").expect("a commit line");
    assert!(!commit.is_empty());
    assert_eq!(
        lines[2],
        format!(
            "data directory: {}",
            data.path().join("claimdesk").display()
        )
    );
    // -V is the short form: the version alone.
    let short = bin().arg("-V").output().expect("run");
    assert_eq!(
        String::from_utf8(short.stdout).expect("utf-8").trim(),
        format!("claimdesk {}", env!("CARGO_PKG_VERSION"))
    );
}

/// The subcommands `--help` lists, without `help` itself.
fn help_subcommands() -> Vec<String> {
    let out = bin().arg("--help").output().expect("run");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let commands = text
        .split("Commands:")
        .nth(1)
        .expect("a Commands: section")
        .split("\n\n")
        .next()
        .unwrap_or_default();
    commands
        .lines()
        .filter_map(|l| l.strip_prefix("  ")?.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

#[test]
fn help_and_docs_cli_md_list_the_same_subcommands() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/cli.md"))
        .expect("docs/cli.md");
    let commands = help_subcommands();
    assert!(
        commands.len() >= 10,
        "subcommands from --help: {commands:?}"
    );
    // Every subcommand is documented: in the synopsis (`claimdesk ... import`) or as `cmd ...` in the text.
    let undocumented: Vec<&String> = commands
        .iter()
        .filter(|c| {
            !doc.contains(&format!("] {c} "))
                && !doc.contains(&format!("claimdesk {c} "))
                && !doc.contains(&format!("`{c} "))
                && !doc.contains(&format!("`{c}`"))
        })
        .collect();
    assert!(
        undocumented.is_empty(),
        "subcommands missing from docs/cli.md (and so from the man page): {undocumented:?}"
    );
    // And every subcommand the synopsis names exists.
    let synopsis = doc.split("```").nth(1).expect("the synopsis block");
    for line in synopsis.lines().filter(|l| l.starts_with("claimdesk ")) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let cmd = words
            .iter()
            .skip(1)
            .find(|w| !w.starts_with('[') && !w.ends_with(']'))
            .expect("a subcommand");
        assert!(
            commands.iter().any(|c| c == cmd),
            "docs/cli.md names `{cmd}`, which --help does not list: {commands:?}"
        );
    }
}
