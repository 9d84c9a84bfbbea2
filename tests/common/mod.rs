//! Helpers shared by the integration tests (each test crate includes this module, and uses only
//! part of it).
#![allow(dead_code)]

use gouji::Input;
use std::path::{Path, PathBuf};

/// A path inside the repository.
pub fn repo(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

/// The files of `dir` that `keep` accepts, sorted by path, as inputs named by their base name.
pub fn load_dir(dir: &Path, keep: impl Fn(&Path) -> bool) -> Vec<Input> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && keep(p))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            Input::new(
                p.file_name().unwrap().to_string_lossy(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

/// The file's base name.
pub fn name(p: &Path) -> String {
    p.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}
