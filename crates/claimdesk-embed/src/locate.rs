//! Where Claimdesk finds the model file, in order:
//!
//! 1. `$CLAIMDESK_MODEL_DIR/e5-small-q4.bin`, when `CLAIMDESK_MODEL_DIR` is set (tests, portable installs);
//! 2. `${XDG_DATA_HOME:-$HOME/.local/share}/claimdesk/models/e5-small-q4.bin`, where `scripts/install-model` puts
//!    it;
//! 3. `/usr/share/claimdesk/models/e5-small-q4.bin`, where the Debian package installs it.
//!
//! The first file that exists is used; when `CLAIMDESK_MODEL_DIR` is set but holds no model, the search goes on
//! (the error lists every path tried).

use crate::error::{EmbedError, Result};
use std::path::{Path, PathBuf};

/// The model's file name.
pub const MODEL_FILE: &str = "e5-small-q4.bin";
/// The system-wide model directory (the Debian package's).
pub const SYSTEM_MODEL_DIR: &str = "/usr/share/claimdesk/models";

/// The candidate paths, in search order, from the given environment values (`CLAIMDESK_MODEL_DIR`,
/// `XDG_DATA_HOME`, `HOME`).
pub fn candidates(
    model_dir: Option<&Path>,
    xdg_data_home: Option<&Path>,
    home: Option<&Path>,
) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(d) = model_dir.filter(|d| !d.as_os_str().is_empty()) {
        out.push(d.join(MODEL_FILE));
    }
    let data = match xdg_data_home.filter(|d| d.is_absolute()) {
        Some(d) => Some(d.to_path_buf()),
        None => home
            .filter(|h| !h.as_os_str().is_empty())
            .map(|h| h.join(".local/share")),
    };
    if let Some(d) = data {
        out.push(d.join("claimdesk/models").join(MODEL_FILE));
    }
    out.push(Path::new(SYSTEM_MODEL_DIR).join(MODEL_FILE));
    out
}

/// The first existing model file among [`candidates`] for this process's environment.
pub fn find_model() -> Result<PathBuf> {
    let env = |k: &str| std::env::var_os(k).map(PathBuf::from);
    let searched = candidates(
        env("CLAIMDESK_MODEL_DIR").as_deref(),
        env("XDG_DATA_HOME").as_deref(),
        env("HOME").as_deref(),
    );
    searched
        .iter()
        .find(|p| p.is_file())
        .cloned()
        .ok_or(EmbedError::NotFound { searched })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_order_is_env_then_user_data_then_system() {
        let c = candidates(
            Some(Path::new("/m")),
            Some(Path::new("/x")),
            Some(Path::new("/home/u")),
        );
        assert_eq!(
            c,
            [
                PathBuf::from("/m/e5-small-q4.bin"),
                PathBuf::from("/x/claimdesk/models/e5-small-q4.bin"),
                PathBuf::from("/usr/share/claimdesk/models/e5-small-q4.bin"),
            ]
        );
        // A relative XDG_DATA_HOME is invalid per the spec and ignored in favour of ~/.local/share.
        let c = candidates(None, Some(Path::new("rel")), Some(Path::new("/home/u")));
        assert_eq!(
            c[0],
            PathBuf::from("/home/u/.local/share/claimdesk/models/e5-small-q4.bin")
        );
        assert_eq!(c.len(), 2);
    }
}
