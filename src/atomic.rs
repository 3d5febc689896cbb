//! Writing files so that none is ever lost or half-written.
//!
//! Every write goes to a temporary file in the target's own folder, is flushed to disk, and is
//! renamed over the target (an atomic step on POSIX file systems); then the folder is flushed.
//! A symlink is followed and its target written, so the link stays a link. The target's mode
//! and owner are kept.
//!
//! A [`Transaction`] replaces several files all or nothing: every new content is staged on disk
//! before the first rename, a file that changed since it was read is not overwritten, and if a
//! later step fails the files already replaced are put back.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::error::{Error, Result};

/// The file a path finally names: symlinks followed. A path that does not exist yet is
/// returned as it is (its folder must exist).
pub fn resolve(path: &Path) -> PathBuf {
    match fs::canonicalize(path) {
        Ok(p) => p,
        Err(_) => match fs::read_link(path) {
            // A dangling link: write where it points.
            Ok(to) if to.is_absolute() => to,
            Ok(to) => path.parent().unwrap_or(Path::new(".")).join(to),
            Err(_) => path.to_path_buf(),
        },
    }
}

fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// A temporary file beside `target` holding `bytes`, with `target`'s mode and owner (or `new_mode`
/// when there is no target yet). Not yet flushed: see [`flush`].
fn stage(target: &Path, bytes: &[u8], new_mode: u32) -> Result<NamedTempFile> {
    let dir = folder(target);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.jwtadm-");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    builder.permissions(mode_permissions(new_mode));
    #[cfg(not(unix))]
    let _ = new_mode;
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| Error::io("creating a temporary file in", dir, e))?;
    copy_owner_and_mode(target, tmp.as_file())?;
    tmp.write_all(bytes)
        .map_err(|e| Error::io("writing a temporary file in", dir, e))?;
    Ok(tmp)
}

/// Flush a staged file to disk. A run stages every file first and flushes them after: the
/// first flush commits the file system's journal for all of them, and the rest find little
/// left to do, where flushing each as it is written would commit the journal once per file,
/// and each commit grows with the files not yet flushed.
fn flush(tmp: &NamedTempFile) -> Result<()> {
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io("writing", tmp.path(), e))
}

#[cfg(unix)]
fn mode_permissions(mode: u32) -> fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    fs::Permissions::from_mode(mode)
}

/// Remove the temporary files a killed run left beside `targets`. Called with the targets
/// locked, so no other jwtadm run can be writing one of them. Each folder is read once.
fn remove_stale_temps(targets: &[&Path]) {
    let mut by_folder: std::collections::BTreeMap<&Path, std::collections::HashSet<String>> =
        Default::default();
    for t in targets {
        if let Some(name) = t.file_name() {
            by_folder
                .entry(folder(t))
                .or_default()
                .insert(name.to_string_lossy().into_owned());
        }
    }
    for (dir, names) in by_folder {
        let Ok(entries) = fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let file_name = entry.file_name();
            let n = file_name.to_string_lossy();
            let stale = n
                .strip_prefix('.')
                .and_then(|rest| rest.strip_suffix(".tmp"))
                .and_then(|rest| rest.rsplit_once(".jwtadm-"))
                .is_some_and(|(name, _)| names.contains(name));
            if stale {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// Flush each distinct folder of `paths` once, making the renames in it durable.
fn sync_folders<'a>(paths: impl IntoIterator<Item = &'a Path>) {
    let folders: std::collections::BTreeSet<&Path> = paths.into_iter().map(folder).collect();
    for f in folders {
        if let Ok(dir) = File::open(f) {
            let _ = dir.sync_all();
        }
    }
}

/// Tests of jwtadm's crash safety slow the commit down to land a kill in the middle of it:
/// `JWTADM_TEST_DELAY_MS` sleeps before each rename. Debug builds only.
fn test_delay() {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("JWTADM_TEST_DELAY_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

#[cfg(unix)]
fn copy_owner_and_mode(target: &Path, tmp: &File) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let Ok(meta) = fs::metadata(target) else {
        return Ok(());
    };
    let mine = tmp
        .metadata()
        .map_err(|e| Error::io("reading", target, e))?;
    if (meta.uid(), meta.gid()) != (mine.uid(), mine.gid()) {
        std::os::unix::fs::fchown(tmp, Some(meta.uid()), Some(meta.gid()))
            .map_err(|e| Error::io("keeping the owner of", target, e))?;
    }
    tmp.set_permissions(meta.permissions())
        .map_err(|e| Error::io("keeping the mode of", target, e))
}

#[cfg(not(unix))]
fn copy_owner_and_mode(target: &Path, tmp: &File) -> Result<()> {
    if let Ok(meta) = fs::metadata(target) {
        tmp.set_permissions(meta.permissions())
            .map_err(|e| Error::io("keeping the mode of", target, e))?;
    }
    Ok(())
}

/// Rename `tmp` over `target`. The folder is flushed by the caller.
fn persist(tmp: NamedTempFile, target: &Path) -> Result<()> {
    tmp.persist(target)
        .map_err(|e| Error::io("replacing", target, e.error))?;
    Ok(())
}

/// Replace (or create) one file atomically. A new file gets `new_mode`.
pub fn write_file(path: &Path, bytes: &[u8], new_mode: u32) -> Result<()> {
    let target = resolve(path);
    let tmp = stage(&target, bytes, new_mode)?;
    flush(&tmp)?;
    persist(tmp, &target)?;
    sync_folders([target.as_path()]);
    Ok(())
}

/// A file opened and locked for the length of a run, with the content it had when locked.
///
/// The lock is an advisory `flock` on the file itself, so two jwtadm runs on one file take
/// turns, and nothing is left beside the file afterwards.
pub struct Locked {
    /// The path as the user named it.
    pub path: PathBuf,
    /// The file it finally names.
    pub target: PathBuf,
    pub content: Vec<u8>,
    /// Whether the file existed; a file that did not is created (0600), and must still not
    /// exist when the transaction commits.
    pub existed: bool,
    _file: Option<File>,
}

/// Open `path` (following symlinks), wait for its lock, and read it.
pub fn lock_and_read(path: &Path) -> Result<Locked> {
    let target = resolve(path);
    loop {
        let mut file = File::open(&target).map_err(|e| Error::io("reading", path, e))?;
        file.lock().map_err(|e| Error::io("locking", path, e))?;
        // Another run may have replaced the file while this one waited: lock the new one.
        if !same_file(&file, &target) {
            continue;
        }
        let mut content = Vec::new();
        file.read_to_end(&mut content)
            .map_err(|e| Error::io("reading", path, e))?;
        return Ok(Locked {
            path: path.to_path_buf(),
            target,
            content,
            existed: true,
            _file: Some(file),
        });
    }
}

/// As [`lock_and_read`], but a file that does not exist yet is taken as empty, to be created.
pub fn lock_and_read_or_new(path: &Path) -> Result<Locked> {
    match lock_and_read(path) {
        Ok(l) => Ok(l),
        Err(_) if fs::symlink_metadata(path).is_err() => Ok(Locked {
            path: path.to_path_buf(),
            target: resolve(path),
            content: Vec::new(),
            existed: false,
            _file: None,
        }),
        Err(e) => Err(e),
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, _path: &Path) -> bool {
    true
}

/// One file to replace: where, what it held when read, and what it should hold.
pub struct Change {
    pub locked: Locked,
    pub new: Vec<u8>,
}

/// Several file replacements that happen all or nothing.
#[derive(Default)]
pub struct Transaction {
    changes: Vec<Change>,
    backup: bool,
}

impl Transaction {
    pub fn new(backup: bool) -> Self {
        Transaction {
            changes: Vec::new(),
            backup,
        }
    }

    /// Add a replacement. A change that writes what the file already holds is dropped.
    pub fn add(&mut self, locked: Locked, new: Vec<u8>) {
        if locked.content != new || !locked.existed {
            self.changes.push(Change { locked, new });
        }
    }

    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// Replace every file. Returns the paths written.
    pub fn commit(self) -> Result<Vec<PathBuf>> {
        // 1. Stage every new content (and backup) on disk: a full disk or a folder that cannot be
        //    written fails here, before any file is touched.
        let existing: Vec<&Path> = self
            .changes
            .iter()
            .filter(|c| c.locked.existed)
            .map(|c| c.locked.target.as_path())
            .collect();
        remove_stale_temps(&existing);
        let mut staged = Vec::with_capacity(self.changes.len());
        for change in &self.changes {
            let target = &change.locked.target;
            let tmp =
                stage(target, &change.new, 0o600).map_err(|e| e.also("nothing was changed"))?;
            let bak = if self.backup && change.locked.existed {
                let bak_path = backup_path(&change.locked.path);
                let bak_target = resolve(&bak_path);
                let bak_tmp = stage(&bak_target, &change.locked.content, 0o600)
                    .and_then(|t| {
                        copy_owner_and_mode(target, t.as_file())?;
                        Ok(t)
                    })
                    .map_err(|e| e.also("nothing was changed"))?;
                Some((bak_tmp, bak_target))
            } else {
                None
            };
            staged.push((tmp, bak));
        }
        for (tmp, bak) in &staged {
            flush(tmp).map_err(|e| e.also("nothing was changed"))?;
            if let Some((bak_tmp, _)) = bak {
                flush(bak_tmp).map_err(|e| e.also("nothing was changed"))?;
            }
        }
        // 2. Rename each over its target, checking first that it still holds what was read.
        let mut done: Vec<&Change> = Vec::new();
        let mut written = Vec::new();
        for (change, (tmp, bak)) in self.changes.iter().zip(staged) {
            test_delay();
            let result = check_unchanged(change).and_then(|()| {
                if let Some((bak_tmp, bak_target)) = bak {
                    persist(bak_tmp, &bak_target)?;
                }
                persist(tmp, &change.locked.target)
            });
            if let Err(e) = result {
                sync_folders(done.iter().map(|c| c.locked.target.as_path()));
                let restored = rollback(&done);
                let e = if restored {
                    e.also("every file already replaced was put back as it was")
                } else {
                    e
                };
                return Err(e);
            }
            done.push(change);
            written.push(change.locked.path.clone());
        }
        sync_folders(self.changes.iter().flat_map(|c| {
            let bak = self.backup.then_some(c.locked.path.as_path());
            std::iter::once(c.locked.target.as_path()).chain(bak)
        }));
        Ok(written)
    }
}

pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".bak");
    PathBuf::from(name)
}

fn check_unchanged(change: &Change) -> Result<()> {
    if !change.locked.existed {
        if fs::symlink_metadata(&change.locked.target).is_ok() {
            return Err(Error::operational(format!(
                "{} was created by another program while jwtadm was working; it was not overwritten",
                change.locked.path.display()
            ))
            .with_hint("run the command again"));
        }
        return Ok(());
    }
    let now = fs::read(&change.locked.target)
        .map_err(|e| Error::io("reading", &change.locked.path, e))?;
    if now != change.locked.content {
        return Err(Error::operational(format!(
            "{} was changed by another program while jwtadm was working; it was not overwritten",
            change.locked.path.display()
        ))
        .with_hint("run the command again"));
    }
    Ok(())
}

/// Put back the files already replaced. Returns whether every one was restored.
fn rollback(done: &[&Change]) -> bool {
    let mut ok = true;
    for change in done.iter().rev() {
        let result = if change.locked.existed {
            write_file(&change.locked.target, &change.locked.content, 0o600)
        } else {
            fs::remove_file(&change.locked.target)
                .map_err(|e| Error::io("removing", &change.locked.path, e))
        };
        if let Err(e) = result {
            crate::output::eprint_labelled(
                "error:",
                "1;31",
                &format!("could not restore {}: {e}", change.locked.path.display()),
                crate::output::stderr_color(),
            );
            ok = false;
        }
    }
    ok
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".jwtadm-"))
            .collect()
    }

    #[test]
    fn new_files_get_the_mode_asked_and_old_ones_keep_theirs() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("secret");
        write_file(&new, b"x", 0o600).unwrap();
        assert_eq!(mode(&new), 0o600);
        let old = dir.path().join("config.json");
        fs::write(&old, b"a").unwrap();
        fs::set_permissions(&old, fs::Permissions::from_mode(0o640)).unwrap();
        write_file(&old, b"b", 0o600).unwrap();
        assert_eq!(mode(&old), 0o640);
        assert_eq!(fs::read(&old).unwrap(), b"b");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_symlink_stays_a_link_and_its_target_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        let link = dir.path().join("link.json");
        fs::write(&real, b"old").unwrap();
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        let locked = lock_and_read(&link).unwrap();
        let mut tx = Transaction::new(false);
        tx.add(locked, b"new".to_vec());
        tx.commit().unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&real).unwrap(), b"new");
    }

    #[test]
    fn a_file_changed_after_reading_is_not_clobbered_and_the_others_come_back() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        fs::write(&a, b"a0").unwrap();
        fs::write(&b, b"b0").unwrap();
        let mut tx = Transaction::new(false);
        tx.add(lock_and_read(&a).unwrap(), b"a1".to_vec());
        let lb = lock_and_read(&b).unwrap();
        // Another program (which ignores advisory locks) writes b in between.
        fs::write(&b, b"b-other").unwrap();
        tx.add(lb, b"b1".to_vec());
        let err = tx.commit().unwrap_err();
        assert!(
            err.to_string().contains("changed by another program"),
            "{err}"
        );
        assert_eq!(fs::read(&a).unwrap(), b"a0");
        assert_eq!(fs::read(&b).unwrap(), b"b-other");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn backup_keeps_the_old_content() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.env");
        fs::write(&a, b"old").unwrap();
        let mut tx = Transaction::new(true);
        tx.add(lock_and_read(&a).unwrap(), b"new".to_vec());
        tx.commit().unwrap();
        assert_eq!(fs::read(dir.path().join("a.env.bak")).unwrap(), b"old");
        assert_eq!(fs::read(&a).unwrap(), b"new");
    }

    #[test]
    fn unchanged_content_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        fs::write(&a, b"same").unwrap();
        let mut tx = Transaction::new(false);
        tx.add(lock_and_read(&a).unwrap(), b"same".to_vec());
        assert!(tx.changes().is_empty());
        assert!(tx.commit().unwrap().is_empty());
    }
}
