//! Which build this is and where its data lives (the CLI's `--version`, the app's About section), and what the app
//! was started with (`claimdesk-app [FILE...]`, as a file manager's "Open with" runs it).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The product version: `[workspace.package] version` in the root `Cargo.toml`, the one place it is written.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The commit this build was made from (`build.rs`: `git rev-parse`, `$CLAIMDESK_BUILD_COMMIT`, or `unknown`).
pub const COMMIT: &str = env!("CLAIMDESK_BUILD_COMMIT");

/// The user's Claimdesk data directory: `<user data dir>/claimdesk` (`$XDG_DATA_HOME/claimdesk`, by default
/// `~/.local/share/claimdesk` on Linux). The default workspace is its `workspace` folder; a package upgrade or
/// removal never touches it.
pub fn data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("claimdesk")
}

/// The build and the data directory, as the About section shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct About {
    /// Product version (semver).
    pub version: String,
    /// The build's commit (short hash, `+dirty` when built from a changed tree, `unknown` without git).
    pub commit: String,
    /// The user's Claimdesk data directory.
    pub data_dir: String,
}

/// This build's [`About`].
pub fn about() -> About {
    About {
        version: VERSION.to_string(),
        commit: COMMIT.to_string(),
        data_dir: data_dir().display().to_string(),
    }
}

/// The text after the program name in `--version`: the version, then the commit and the data directory, one a line.
pub fn long_version() -> String {
    let a = about();
    format!(
        "{}\ncommit: {}\ndata directory: {}",
        a.version, a.commit, a.data_dir
    )
}

/// What the desktop app's command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Launch {
    /// Open the window; import and open `files` (absolute paths, in order) once it is up. `ignored` are the options
    /// the app does not know, which it logs and otherwise ignores: launchers add their own (WebKitWebDriver starts
    /// the app with `--automation`), and an unknown flag must not stop the window from opening.
    Open {
        /// The drafts to open.
        files: Vec<PathBuf>,
        /// Options not understood.
        ignored: Vec<String>,
    },
    /// `--version` / `-V`: print [`long_version`] and exit.
    Version,
    /// `--help` / `-h`: print [`APP_USAGE`] and exit.
    Help,
}

/// The desktop app's usage text.
pub const APP_USAGE: &str = "Usage: claimdesk-app [FILE...]\n\n\
Opens the Claimdesk window on the default workspace ($CLAIMDESK_WORKSPACE, else the workspace folder of the user's \
data directory) and imports each FILE (.txt, .md, .html, .docx) as a new draft, opening the last.\n\n\
Options:\n  -V, --version  Print the version, the build's commit and the data directory\n  -h, --help     Print this help\n\nOther options are ignored (launchers add their own).\n";

impl Launch {
    /// Reads the app's arguments (without the program name). Relative paths are taken from `cwd`; everything after
    /// `--` is a file, even when it starts with `-`.
    pub fn parse(args: impl IntoIterator<Item = OsString>, cwd: &Path) -> Launch {
        let (mut files, mut ignored) = (Vec::new(), Vec::new());
        let mut only_files = false;
        for arg in args {
            let flag = arg
                .to_str()
                .filter(|s| !only_files && s.starts_with('-') && s.len() > 1);
            match flag {
                Some("--") => only_files = true,
                Some("--version" | "-V") => return Launch::Version,
                Some("--help" | "-h") => return Launch::Help,
                Some(other) => ignored.push(other.to_string()),
                None => files.push(cwd.join(PathBuf::from(arg))),
            }
        }
        Launch::Open { files, ignored }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Launch {
        Launch::parse(args.iter().map(OsString::from), Path::new("/home/ed"))
    }

    fn open(files: &[&str], ignored: &[&str]) -> Launch {
        Launch::Open {
            files: files.iter().map(PathBuf::from).collect(),
            ignored: ignored.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn files_become_absolute_paths_in_order() {
        assert_eq!(parse(&[]), open(&[], &[]));
        assert_eq!(
            parse(&["story.md", "/tmp/a b.docx"]),
            open(&["/home/ed/story.md", "/tmp/a b.docx"], &[])
        );
        assert_eq!(
            parse(&["--", "-odd.txt"]),
            open(&["/home/ed/-odd.txt"], &[])
        );
    }

    #[test]
    fn version_help_and_unknown_options() {
        assert_eq!(parse(&["--version"]), Launch::Version);
        assert_eq!(parse(&["a.txt", "-V"]), Launch::Version);
        assert_eq!(parse(&["-h"]), Launch::Help);
        // WebKitWebDriver's own flag, and any other: logged by the shell, the window still opens with the files.
        assert_eq!(
            parse(&["--automation", "a.md"]),
            open(&["/home/ed/a.md"], &["--automation"])
        );
    }

    #[test]
    fn about_names_this_build() {
        let a = about();
        assert_eq!(a.version, env!("CARGO_PKG_VERSION"));
        assert!(!a.commit.is_empty());
        assert!(a.data_dir.ends_with("claimdesk"));
        let long = long_version();
        assert!(
            long.starts_with(VERSION)
                && long.contains("\ncommit: ")
                && long.contains("\ndata directory: ")
        );
    }
}
