//! Test support for the real-window tests: starting WebKitWebDriver with the app, and a small WebDriver wrapper.
//!
//! Traps from `../shared/tauri-on-linux.md` handled here: the driver runs in its own process group and the whole
//! group is killed on drop, even when an assertion panics, so neither the driver nor the app can outlive the test and
//! hold CI's stdout open; their output goes to a log file under the target dir; a screenshot waits two animation
//! frames so WebKitGTK does not hand back the previous frame.
#![allow(dead_code)]

pub mod server;

use std::fs::File;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

/// Where test artifacts go: `$CARGO_TARGET_DIR/e2e`, else `<repo>/target/e2e`.
pub fn artifact_dir() -> PathBuf {
    let base = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = base.join("e2e");
    std::fs::create_dir_all(&dir).expect("create artifact dir");
    dir
}

/// One app under test: its binary and a fresh temporary workspace shared by every session of the test.
pub struct App {
    pub name: String,
    pub workspace: tempfile::TempDir,
    pub binary: PathBuf,
    /// Extra environment for the app (for instance a dark GTK theme). Set after `CLAIMDESK_WORKSPACE`, so it can
    /// override it (an empty value: the app's default workspace, in the user's data directory).
    pub env: Vec<(String, String)>,
    /// Command-line arguments for the app (drafts to open, as a file manager's "Open with" passes them).
    pub args: Vec<String>,
}

impl App {
    pub fn new(name: &str) -> Self {
        Self {
            name: name.to_string(),
            workspace: tempfile::tempdir().expect("temp workspace"),
            binary: PathBuf::from(env!("CARGO_BIN_EXE_claimdesk-app")),
            env: Vec::new(),
            args: Vec::new(),
        }
    }

    pub fn log_dir(&self) -> PathBuf {
        artifact_dir()
    }
}

/// A running WebKitWebDriver (which starts the app) in its own process group.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(app: &App, log: &Path) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("free port");
        let out = File::create(log).expect("driver log");
        let err = out.try_clone().expect("driver log");
        let child = Command::new("WebKitWebDriver")
            .arg(format!("--port={port}"))
            .arg("--host=127.0.0.1")
            .env("TAURI_WEBVIEW_AUTOMATION", "true")
            .env("CLAIMDESK_WORKSPACE", app.workspace.path())
            .env("CLAIMDESK_EDITOR", "e2e-editor")
            // The tests' sources are served on loopback: the explicit private-address opt-in.
            .env("CLAIMDESK_ALLOW_PRIVATE", "1")
            .envs(app.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .process_group(0)
            .spawn()
            .expect("start WebKitWebDriver (apt install webkit2gtk-driver)");
        Self { child, port }
    }

    fn kill_group(&mut self) {
        let pid = self.child.id();
        // Signal the group only while the driver still leads its own group. Killing a group we are part of (for
        // instance xvfb-run's) would take down the test runner and whatever started it.
        let alive = matches!(self.child.try_wait(), Ok(None));
        if alive && process_group_of(pid) == Some(pid) {
            if let Ok(raw) = i32::try_from(pid) {
                let _ = nix::sys::signal::killpg(
                    nix::unistd::Pid::from_raw(raw),
                    nix::sys::signal::Signal::SIGKILL,
                );
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The process group of `pid`, from `/proc/<pid>/stat` (field 5, after the parenthesised command name).
fn process_group_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = stat.rsplit_once(')')?.1;
    after.split_whitespace().nth(2)?.parse().ok()
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.kill_group();
    }
}

/// A WebDriver session on the app's main window.
pub struct Session {
    pub client: Client,
    driver: Driver,
    name: String,
}

impl Session {
    pub async fn start(app: &App) -> Self {
        let n = std::fs::read_dir(artifact_dir())
            .map(|d| d.count())
            .unwrap_or(0);
        let log = artifact_dir().join(format!("{}-{n}.log", app.name));
        let driver = Driver::start(app, &log);
        let url = format!("http://127.0.0.1:{}", driver.port);
        let mut caps = serde_json::Map::new();
        caps.insert(
            "webkitgtk:browserOptions".into(),
            serde_json::json!({ "binary": app.binary, "args": app.args }),
        );
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => break c,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => panic!(
                    "could not start a WebDriver session: {e}; see {}",
                    log.display()
                ),
            }
        };
        let s = Self {
            client,
            driver,
            name: app.name.clone(),
        };
        s.wait_for("#app .toolbar").await;
        s
    }

    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("element {css} did not appear: {e}"))
    }

    pub async fn wait_until_count(&self, css: &str, n: usize) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let found = self
                .client
                .find_all(Locator::Css(css))
                .await
                .map(|v| v.len())
                .unwrap_or(0);
            if found == n {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "expected {n} of {css}, found {found}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn click(&self, css: &str) {
        self.wait_for(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        self.wait_for(css)
            .await
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("type into {css}: {e}"));
    }

    /// Pastes multi-line text into a field, as the clipboard would: WebDriver's typing drops newlines in WebKitGTK.
    pub async fn paste_into(&self, css: &str, text: &str) {
        self.wait_for(css).await;
        let ok = self
            .client
            .execute(
                "const el = document.querySelector(arguments[0]); if (!el) return false; el.focus(); \
                 el.value = arguments[1]; el.dispatchEvent(new Event('input', {bubbles: true})); return true;",
                vec![serde_json::Value::String(css.into()), serde_json::Value::String(text.into())],
            )
            .await
            .unwrap_or_else(|e| panic!("paste into {css}: {e}"));
        assert_eq!(ok, serde_json::Value::Bool(true), "no {css} to paste into");
    }

    /// Runs a script in the page and returns its JSON result.
    pub async fn eval(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}"))
    }

    /// Waits until `script` (an expression) is truthy in the page.
    pub async fn wait_js(&self, what: &str, script: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let v = self.eval(&format!("return !!({script});")).await;
            if v.as_bool() == Some(true) {
                return;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Types `text` on the real keyboard, into whatever has focus (the app decides that, as it would for an editor).
    /// A newline is the Enter key.
    pub async fn keys(&self, text: &str) {
        let mut actions = KeyActions::new("keyboard".to_string());
        for c in text.chars() {
            let value = if c == '\n' { char::from(Key::Enter) } else { c };
            actions = actions
                .then(KeyAction::Down { value })
                .then(KeyAction::Up { value });
        }
        self.client
            .perform_actions(actions)
            .await
            .unwrap_or_else(|e| panic!("type {text:?}: {e}"));
    }

    /// Presses one special key (Enter, Escape, Tab…).
    pub async fn key(&self, key: Key) {
        self.keys(&char::from(key).to_string()).await;
    }

    /// Presses `key` while holding `modifier` (for instance Ctrl+Enter).
    pub async fn chord(&self, modifier: Key, key: impl Into<char>) {
        let (m, k) = (char::from(modifier), key.into());
        let actions = KeyActions::new("keyboard".to_string())
            .then(KeyAction::Down { value: m })
            .then(KeyAction::Down { value: k })
            .then(KeyAction::Up { value: k })
            .then(KeyAction::Up { value: m });
        self.client
            .perform_actions(actions)
            .await
            .unwrap_or_else(|e| panic!("press {m:?}+{k:?}: {e}"));
    }

    /// The id (or tag) of the focused element: where the next key goes.
    pub async fn focused(&self) -> String {
        let v = self
            .eval("const a = document.activeElement; return a ? (a.id || a.tagName.toLowerCase()) : '';")
            .await;
        v.as_str().unwrap_or_default().to_string()
    }

    pub async fn press(&self, keys: &str) {
        let body = self.wait_for("body").await;
        body.send_keys(keys)
            .await
            .unwrap_or_else(|e| panic!("press {keys}: {e}"));
    }

    /// The element's `textContent`, read by script: WebDriver's "element text" is the *rendered* text, which is
    /// empty for clipped or off-screen elements and so depends on the window size.
    pub async fn text(&self, css: &str) -> String {
        self.wait_for(css).await;
        let v = self
            .client
            .execute(
                "const el = document.querySelector(arguments[0]); return el ? el.textContent : null;",
                vec![serde_json::Value::String(css.to_string())],
            )
            .await
            .unwrap_or_else(|e| panic!("text of {css}: {e}"));
        v.as_str().unwrap_or_default().to_string()
    }

    /// Saves a PNG of the window under the artifact dir, after two animation frames.
    pub async fn screenshot(&self, file: &str) -> PathBuf {
        let _ = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await;
        let png = self.client.screenshot().await.expect("screenshot");
        let path = artifact_dir().join(format!("{}-{file}", self.name));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }

    /// Ends the session (which closes the app) and stops the driver.
    pub async fn quit(mut self) {
        let _ = self.client.clone().close().await;
        // Give the app a moment to exit on its own so the workspace lock is released cleanly.
        tokio::time::sleep(Duration::from_millis(300)).await;
        self.driver.kill_group();
    }
}

/// Answers an OS file dialog (GTK, outside the webview) the way an editor would from the keyboard: waits for the
/// window titled `title`, gives it the focus, types `path` and presses Return. `select_all` first clears a prefilled
/// file name (the save dialog). Needs `xdotool` and the X display the app runs on.
pub fn answer_file_dialog(title: &str, path: &Path, select_all: bool) {
    let window = xdotool(&[
        "search",
        "--sync",
        "--onlyvisible",
        "--name",
        &format!("^{title}$"),
    ]);
    let window = window
        .lines()
        .last()
        .expect("a dialog window id")
        .to_string();
    // Without a window manager nothing hands the new dialog the focus; an editor's click would.
    xdotool(&["windowfocus", "--sync", &window]);
    std::thread::sleep(Duration::from_millis(300));
    let path = path.to_str().expect("utf-8 path");
    if select_all {
        xdotool(&["key", "--clearmodifiers", "ctrl+a"]);
    } else {
        // The open dialog's location field: Ctrl+L, as in every GTK file chooser.
        xdotool(&["key", "--clearmodifiers", "ctrl+l"]);
    }
    std::thread::sleep(Duration::from_millis(200));
    xdotool(&["type", "--delay", "15", path]);
    std::thread::sleep(Duration::from_millis(300));
    xdotool(&["key", "Return"]);
}

/// Drags `file` from a small GTK window (`support/drag_source.py`, standing in for a file manager) and drops it on
/// the middle of the screen, where the app's window is, with X11 mouse events: the real XDND path through GTK into
/// Tauri's drag-drop event. Needs `xdotool` and `/usr/bin/python3` with GTK bindings (python3-gi).
pub fn drop_file_on_app(file: &Path) {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/support/drag_source.py");
    let mut source = Command::new("/usr/bin/python3")
        .arg(&script)
        .arg(file)
        .stdin(Stdio::null())
        .spawn()
        .expect("start the drag source (apt install python3-gi gir1.2-gtk-3.0)");
    let window = xdotool(&[
        "search",
        "--sync",
        "--onlyvisible",
        "--name",
        "^claimdesk-drag-source$",
    ]);
    let window = window
        .lines()
        .last()
        .expect("the drag source's window")
        .to_string();
    let geometry = xdotool(&["getwindowgeometry", "--shell", &window]);
    let field = |k: &str| -> i64 {
        geometry
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{k}=")))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{k} in {geometry}"))
    };
    let (x, y) = (
        field("X") + field("WIDTH") / 2,
        field("Y") + field("HEIGHT") / 2,
    );
    let (tx, ty) = (640_i64, 400_i64);
    xdotool(&["mousemove", &x.to_string(), &y.to_string()]);
    std::thread::sleep(Duration::from_millis(200));
    xdotool(&["mousedown", "1"]);
    // Small steps first (past GTK's drag threshold), then across to the target, then a few moves over it so the
    // target sees XdndPosition before the drop.
    for i in 1..=20 {
        let (px, py) = (x + (tx - x) * i / 20, y + (ty - y) * i / 20);
        xdotool(&["mousemove", &px.to_string(), &py.to_string()]);
        std::thread::sleep(Duration::from_millis(40));
    }
    for d in [3, 6, 9] {
        xdotool(&["mousemove", &(tx + d).to_string(), &(ty + d).to_string()]);
        std::thread::sleep(Duration::from_millis(80));
    }
    xdotool(&["mouseup", "1"]);
    std::thread::sleep(Duration::from_millis(500));
    let _ = source.kill();
    let _ = source.wait();
}

/// Runs xdotool (X11 input and window queries) with a 20 s limit; panics with its stderr when it fails.
fn xdotool(args: &[&str]) -> String {
    let out = Command::new("timeout")
        .arg("20")
        .arg("xdotool")
        .args(args)
        .output()
        .expect("run xdotool (apt install xdotool)");
    assert!(
        out.status.success(),
        "xdotool {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Moves the selection with `j` (then `k`), at most `steps` presses each way, until the claim whose text contains
/// `needle` is shown in the detail.
pub async fn goto_claim(s: &Session, needle: &str, steps: usize) {
    let needle_js = serde_json::to_string(needle).expect("json");
    let shown = format!(
        "document.querySelector('#detail .detail-text')?.textContent.includes({needle_js})"
    );
    s.wait_js(
        &format!("a row with {needle}"),
        &format!("[...document.querySelectorAll('.claim-row')].some(e => e.textContent.includes({needle_js}))"),
    )
    .await;
    for key in ["j", "k"] {
        for _ in 0..steps {
            if s.eval(&format!("return !!({shown});")).await == serde_json::Value::Bool(true) {
                return;
            }
            s.keys(key).await;
        }
    }
    panic!("j/k never reached the claim with {needle}");
}

/// Opens a draft file as an editor does: `o`, then the path typed into the OS open dialog.
pub async fn open_draft(s: &Session, path: &Path) {
    s.keys("o").await;
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || answer_file_dialog("Import a draft", &path, false))
        .await
        .expect("answer the open dialog");
}

/// Leaves a text field (Escape) so the next key is a shortcut, as an editor would.
pub async fn leave_field(s: &Session) {
    if matches!(s.eval("const t = document.activeElement?.tagName; return t === 'INPUT' || t === 'TEXTAREA' || t === 'SELECT';").await, serde_json::Value::Bool(true)) {
        s.key(Key::Escape).await;
    }
}
