//! Code shared by the integration tests (and included by the benchmarks).

#![allow(dead_code)]

#[cfg(feature = "discord")]
pub mod bot;
#[cfg(feature = "discord")]
pub mod discord_server;
pub mod synthetic;

/// Copies the files (not the folders) of `from` into the folder `to`.
pub fn copy_files(from: &std::path::Path, to: &std::path::Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
}
