//! The Tauri shell: opens the workspace, registers the commands, and opens the window. All behaviour lives in
//! `claimdesk-api`; this crate only adapts it to Tauri.

mod commands;

use std::path::PathBuf;

use claimdesk_api::about::{self, Launch};
use claimdesk_api::Claimdesk;

/// Registers every command and the managed state (the facade, the launch time, the drafts to open) on a builder.
/// `launched` is when `main` started, the origin of the startup time the window reports; `open_files` are the drafts
/// named on the command line, which the window imports once it is up.
pub fn setup<R: tauri::Runtime>(
    builder: tauri::Builder<R>,
    desk: Claimdesk,
    launched: std::time::Instant,
    open_files: Vec<PathBuf>,
) -> tauri::Builder<R> {
    let open_files = open_files.iter().map(|p| p.display().to_string()).collect();
    builder
        .manage(desk)
        .manage(commands::Launched(launched))
        .manage(commands::OpenFiles(std::sync::Mutex::new(open_files)))
        .invoke_handler(tauri::generate_handler![
            commands::workspace_info,
            commands::list_documents,
            commands::open_document,
            commands::paste_draft,
            commands::import_file,
            commands::claims_page,
            commands::claims_by_id,
            commands::claim_marks,
            commands::mark_claim,
            commands::claim_detail,
            commands::claim_history,
            commands::cite_source,
            commands::cite_file,
            commands::set_allow_private_sources,
            commands::team_status,
            commands::connect_team,
            commands::sync_team,
            commands::sync_conflicts,
            commands::resolve_conflict,
            commands::assign_claim,
            commands::team_members,
            commands::recheck_document,
            commands::cancel_job,
            commands::list_citations,
            commands::claim_evidence,
            commands::get_snapshot,
            commands::diff_snapshots,
            commands::set_citation_passage,
            commands::set_citation_stance,
            commands::remove_citation,
            commands::similar_claims,
            commands::reuse_citations,
            commands::import_factchecks,
            commands::search_sources,
            commands::get_claim,
            commands::report_preview,
            commands::save_report,
            commands::save_bundle,
            commands::revise_draft,
            commands::set_checkworthy,
            commands::set_notes,
            commands::clear_stale,
            commands::ui_ready,
        ])
}

/// Turns off WebKitGTK's accelerated compositing unless the environment says otherwise (`CLAIMDESK_GPU_COMPOSITING=1`
/// keeps it, and an explicit `WEBKIT_DISABLE_COMPOSITING_MODE` is respected). Why: a text workbench gains nothing
/// from GPU layers, and where GL is rendered in software (no GPU, remote desktops, Xvfb) compositing cost 85 MiB in
/// the web process and a quarter of a second at start (docs/BENCHMARKS.md). It is also the usual cure for blank
/// Tauri windows on some Linux GPU drivers. Called first thing in `main`, before any thread exists.
fn prefer_plain_compositing() {
    let keep = std::env::var_os("CLAIMDESK_GPU_COMPOSITING").is_some_and(|v| v == "1");
    if !keep && std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

/// Opens the default workspace (or `$CLAIMDESK_WORKSPACE`) and runs the app until its window closes. The command
/// line is `claimdesk-app [FILE...]` (the desktop entry's `%F`): each file is imported and the last one opened.
pub fn run() {
    let launched = std::time::Instant::now();
    let cwd = std::env::current_dir().unwrap_or_default();
    let (open_files, ignored) = match Launch::parse(std::env::args_os().skip(1), &cwd) {
        Launch::Open { files, ignored } => (files, ignored),
        // Written without println!, which panics when the reader has gone (`claimdesk-app --version | head -1`).
        Launch::Version => {
            use std::io::Write;
            let _ = writeln!(std::io::stdout(), "claimdesk-app {}", about::long_version());
            return;
        }
        Launch::Help => {
            use std::io::Write;
            let _ = write!(std::io::stdout(), "{}", about::APP_USAGE);
            return;
        }
    };
    prefer_plain_compositing();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CLAIMDESK_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let dir: PathBuf = claimdesk_api::default_workspace_dir();
    let desk = match Claimdesk::open(&dir) {
        Ok(d) => d,
        Err(e) => {
            // Without a workspace there is nothing to show; say why on stderr and exit non-zero instead of panicking.
            eprintln!(
                "Claimdesk cannot open the workspace {}: {}",
                dir.display(),
                e.message
            );
            std::process::exit(1);
        }
    };
    tracing::info!(workspace = %dir.display(), version = about::VERSION, commit = about::COMMIT, "workspace opened");
    // Claims and fact-checks without a stored vector are embedded on a thread of their own (claim memory by meaning).
    desk.start_background_embedding();
    if !ignored.is_empty() {
        tracing::info!(?ignored, "options ignored");
    }
    // The dialog plugin gives the UI the OS file pickers (import a draft, choose where a report goes); the capability
    // grants only its open and save dialogs.
    let builder = tauri::Builder::default().plugin(tauri_plugin_dialog::init());
    let app = setup(builder, desk, launched, open_files).run(tauri::generate_context!());
    if let Err(e) = app {
        eprintln!("Claimdesk stopped with an error: {e}");
        std::process::exit(1);
    }
}
