//! The capability file grants exactly the commands the app registers: no command is callable without being listed
//! in `src-tauri/build.rs`, and the main window gets nothing beyond those, the event listener and the OS open/save dialogs.

fn quoted_names(src: &str, start: &str, end: &str) -> Vec<String> {
    let a = src.find(start).expect("start marker");
    let b = a + src[a..].find(end).expect("end marker");
    src[a..b]
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

#[test]
fn capabilities_match_registered_commands() {
    let build = include_str!("../src-tauri/build.rs");
    let lib = include_str!("../src-tauri/src/lib.rs");
    let caps: serde_json::Value =
        serde_json::from_str(include_str!("../capabilities/main.json")).expect("capability JSON");
    let mut listed = quoted_names(build, "const COMMANDS", "];");
    listed.sort();
    let a = lib.find("generate_handler![").expect("handler");
    let b = a + lib[a..].find("])").expect("end of handler");
    let mut registered: Vec<String> = lib[a..b]
        .split("commands::")
        .skip(1)
        .map(|s| s.split(',').next().unwrap_or("").trim().to_string())
        .collect();
    registered.sort();
    assert_eq!(
        listed, registered,
        "build.rs COMMANDS and generate_handler! differ"
    );
    let mut granted: Vec<String> = caps["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .filter_map(|p| p.as_str())
        .filter_map(|p| p.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect();
    granted.sort();
    assert_eq!(
        granted, registered,
        "capabilities/main.json must grant exactly the registered commands"
    );
    let others: Vec<&str> = caps["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .filter_map(|p| p.as_str())
        .filter(|p| !p.starts_with("allow-"))
        .collect();
    assert_eq!(
        others,
        vec![
            "core:event:allow-listen",
            "core:event:allow-unlisten",
            "dialog:allow-open",
            "dialog:allow-save"
        ]
    );
}
