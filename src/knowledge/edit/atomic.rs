//! Writing a file so that a crash at any moment leaves either the old file or the new one.
//!
//! Every edit and every backup goes through it; it is plain file handling, with nothing of TOML
//! or of the knowledge in it.

use std::fs;
use std::io::Write;
use std::path::Path;

use super::EditError;

/// Writes a file so that a crash at any moment leaves either the old file or the new one.
///
/// The text goes to a temporary file in the same folder (tempfile's `NamedTempFile`), is synced,
/// takes the old file's permissions (a new file gets the usual 0666 less the umask, as
/// `File::create` gives), and is renamed over the old one (`persist`). On any failure the
/// temporary file is removed and the old file is left as it was.
pub fn write_atomically(path: &Path, text: &str) -> Result<(), EditError> {
    write_with(path, |file| file.write_all(text.as_bytes()))
}

fn write_with(path: &Path, write: impl FnOnce(&mut fs::File) -> std::io::Result<()>) -> Result<(), EditError> {
    let error = |e: std::io::Error| EditError::File { path: path.to_path_buf(), message: e.to_string() };
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let original = fs::metadata(path).ok().map(|m| m.permissions());
    // Not a *.toml name, so that the loader never reads a half-written temporary file.
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    // Dropped on every early return below, which deletes the temporary file.
    let mut temporary = builder.tempfile_in(dir).map_err(error)?;
    write(temporary.as_file_mut()).map_err(error)?;
    if let Some(permissions) = original {
        temporary.as_file().set_permissions(permissions).map_err(error)?;
    }
    temporary.as_file().sync_all().map_err(error)?;
    temporary.persist(path).map_err(|e| error(e.error))?;
    if let Ok(dir) = fs::File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn a_failed_write_leaves_no_temporary_file_and_the_original_intact() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("qa.toml");
        fs::write(&file, "original").unwrap();
        let failed = write_with(&file, |f| {
            f.write_all(b"half of the new")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(matches!(&failed, Err(EditError::File { message, .. }) if message.contains("disk full")), "{failed:?}");
        assert_eq!(fs::read_to_string(&file).unwrap(), "original");
        assert_eq!(names(dir.path()), ["qa.toml"], "no temporary file is left behind");

        // The rename failing (the target is a folder) leaves nothing behind either.
        let folder = dir.path().join("folder.toml");
        fs::create_dir(&folder).unwrap();
        fs::write(folder.join("inside"), "kept").unwrap();
        assert!(write_atomically(&folder, "new").is_err());
        assert_eq!(names(dir.path()), ["folder.toml", "qa.toml"]);
        assert_eq!(fs::read_to_string(folder.join("inside")).unwrap(), "kept");

        write_atomically(&file, "new").unwrap();
        assert_eq!(fs::read_to_string(&file).unwrap(), "new");
        assert_eq!(names(dir.path()), ["folder.toml", "qa.toml"]);
    }

    #[cfg(unix)]
    #[test]
    fn the_file_keeps_its_permissions_and_a_new_one_gets_the_usual_ones() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o7777;
        let dir = tempfile::tempdir().unwrap();
        for kept in [0o640, 0o664, 0o600, 0o444] {
            let file = dir.path().join("qa.toml");
            let _ = fs::remove_file(&file);
            fs::write(&file, "original").unwrap();
            fs::set_permissions(&file, fs::Permissions::from_mode(kept)).unwrap();
            write_atomically(&file, "new").unwrap();
            assert_eq!(fs::read_to_string(&file).unwrap(), "new");
            assert_eq!(mode(&file), kept, "{kept:o}");
        }
        // A new file: as File::create makes one (0666 less the umask), not tempfile's 0600.
        let usual = dir.path().join("usual");
        fs::File::create(&usual).unwrap();
        let new = dir.path().join("new.toml");
        write_atomically(&new, "new").unwrap();
        assert_eq!(mode(&new), mode(&usual));
    }
}
