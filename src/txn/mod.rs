//! Writing files so that none is ever lost or half-written, and no one else's change is
//! overwritten.
//!
//! Every write goes to a temporary file in the target's own folder, is flushed to disk, and then
//! takes the target's place in one atomic step; then the folder is flushed. A symlink is
//! followed and its target written, so the link stays a link. The target's mode, owner and
//! extended attributes (ACLs, SELinux labels) are kept.
//!
//! A [`Transaction`] replaces several files all or nothing: every new content (and backup) is
//! staged on disk before the first replacement. Each replacement is an exchange
//! (`renameat2(RENAME_EXCHANGE)` on Linux, `renamex_np(RENAME_SWAP)` on macOS): the new file
//! takes the target's name and the file it displaced keeps the temporary name, and only then is
//! the displaced file compared with what was read. A file an editor replaced or rewrote in the
//! meantime is swapped back at once, so its change survives and the run fails naming it. The
//! displaced files are kept until every replacement is done: a later failure swaps each one
//! back, so the original files (same inode, links, attributes) and their backups return as they
//! were. Where the file system cannot exchange, the check runs just before a plain rename: the
//! narrowest window a rename allows.
//!
//! The module is split by concern: [`read`] (regular files, never blocking), [`lock`] (locks
//! with a timeout), [`stage`] (temporary files with the target's attributes), [`replace`]
//! (exchange and undo), [`backup`], and [`plan`] (a multi-file rewrite planned in full). A
//! [`Transaction`] runs file replacements and other [`Participant`]s (keyring entries) in one
//! all-or-nothing sequence.

pub mod backup;
pub mod journal;
pub mod lock;
pub mod plan;
pub mod read;
pub mod recover;
pub mod replace;
pub mod stage;

use std::fs::{self, File};
use std::path::{Path, PathBuf};
#[cfg(debug_assertions)]
use std::time::{Duration, Instant};

use tempfile::NamedTempFile;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use backup::Backup;
use journal::Journal;
use replace::{Placed, place, undo};
use stage::{check_replaceable, flush, make_private, remove_stale_temps, stage};

pub use backup::backup_path;
pub use lock::{
    DEFAULT_LOCK_TIMEOUT, LockWait, Locked, lock_and_read, lock_and_read_or_new, set_lock_wait,
};
pub use read::{
    MAX_INPUT, check_append, kind_of, open_append, open_regular, read_regular, read_regular_string,
    read_text_capped,
};
pub use replace::write_file;

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

/// A file's identity: device and inode.
type FileId = (u64, u64);

#[cfg(unix)]
fn id_of(meta: &fs::Metadata) -> FileId {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn id_of(_meta: &fs::Metadata) -> FileId {
    (0, 0)
}

fn id_at(path: &Path) -> Option<FileId> {
    fs::symlink_metadata(path).ok().map(|m| id_of(&m))
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

/// Tests of jwtadm's crash and race safety, debug builds only. `JWTADM_TEST_DELAY_MS` sleeps
/// before each replacement, to land a kill in the middle of a commit.
fn test_delay() {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("JWTADM_TEST_DELAY_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(Duration::from_millis(ms));
    }
}

/// `JWTADM_TEST_PAUSE=PATH` (debug builds only): once everything is staged, just before the
/// first replacement, create `PATH.ready` and wait until `PATH.go` exists. A test does what an
/// editor would in between, deterministically.
fn test_pause() {
    #[cfg(debug_assertions)]
    if let Some(p) = std::env::var_os("JWTADM_TEST_PAUSE") {
        let mut ready = p.clone();
        ready.push(".ready");
        let mut go = p;
        go.push(".go");
        let _ = fs::write(&ready, b"");
        let start = Instant::now();
        while !Path::new(&go).exists() && start.elapsed() < Duration::from_secs(30) {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// Who may read a file a run writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Access {
    /// As the file allowed: its mode is kept, and a new file is created 0600.
    #[default]
    Kept,
    /// A file that holds a secret: written 0600 whatever its mode was.
    Private,
    /// A file meant to be read by others (a JWK Set a web server serves): a new file is created
    /// 0644 (less what the umask takes away); an existing one keeps its mode.
    Public,
}

impl Access {
    /// The mode a file created with this access gets.
    fn new_mode(self) -> u32 {
        match self {
            Access::Public => 0o644,
            Access::Kept | Access::Private => 0o600,
        }
    }
}

/// One file to replace: where, what it held when read, and what it should hold.
pub struct Change {
    pub locked: Locked,
    pub new: Zeroizing<Vec<u8>>,
    pub access: Access,
}

/// A change a [`Transaction`] makes beside its file replacements, in the same all-or-nothing
/// sequence: the keyring entries a rotation writes. The run's journal records each one.
pub trait Participant {
    /// Make the change. On failure, whatever this participant changed is already put back.
    fn apply(&mut self) -> Result<()>;
    /// Put back what [`Participant::apply`] changed, after a later step of the transaction
    /// failed.
    fn undo(&mut self) -> Result<()>;
    /// What it changes, in words, for the error when [`Participant::undo`] fails: "the keyring
    /// entries".
    fn what(&self) -> &str;
    /// The keyring entries it writes, for the journal of run `run` (and remember the run:
    /// [`Participant::apply`] keeps what it replaces under its name). None: nothing to
    /// journal.
    fn journal(&mut self, _run: &str) -> Option<journal::Keyring> {
        None
    }
    /// The run reached its decision point: drop what was kept to undo it.
    fn settle(&mut self) {}
}

/// Several changes that happen all or nothing: file replacements, and [`Participant`]s.
#[derive(Default)]
pub struct Transaction {
    changes: Vec<Change>,
    backup: bool,
    participants: Vec<Box<dyn Participant>>,
}

impl Transaction {
    pub fn new(backup: bool) -> Self {
        Transaction {
            backup,
            ..Transaction::default()
        }
    }

    /// Add a participant. Participants are applied in the order they are added, before any
    /// file is replaced (as the keyring was written before the files), and put back in the
    /// reverse order when anything after them fails.
    pub fn join(&mut self, participant: Box<dyn Participant>) {
        self.participants.push(participant);
    }

    /// Add a replacement. A change that writes what the file already holds is dropped.
    pub fn add(&mut self, locked: Locked, new: Vec<u8>) {
        self.add_file(locked, new, Access::Kept);
    }

    /// As [`Transaction::add`], with who may read the file: an [`Access::Private`] file (one
    /// that holds a secret) is written 0600 whatever its mode was, so a secret never lands in
    /// a file others can read.
    pub fn add_file(&mut self, locked: Locked, new: Vec<u8>, access: Access) {
        let new = Zeroizing::new(new);
        let opened = access == Access::Private && locked.mode_is_open();
        if *locked.content != *new || !locked.existed || opened {
            self.changes.push(Change {
                locked,
                new,
                access,
            });
        }
    }

    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// Stage every new content and backup on disk beside its target, as [`Transaction::commit`]
    /// does before it replaces anything: a folder that cannot be written, an owner, mode or
    /// extended attribute that cannot be kept, or a backup's place that is not jwtadm's fails
    /// here. With a run id, each is staged under the name its journal gave it.
    fn stage_all(&self, run: Option<&str>) -> Result<Vec<(NamedTempFile, Option<Backup>)>> {
        let nothing = |e: Error| e.also("nothing was changed");
        let mut staged = Vec::with_capacity(self.changes.len());
        for change in &self.changes {
            if let Some(file) = &change.locked.file {
                check_replaceable(file, &change.locked.path).map_err(nothing)?;
            }
            let backup = if self.backup && change.locked.existed {
                Some(Backup::prepare(change, run).map_err(nothing)?)
            } else {
                None
            };
            let tmp = stage(
                &change.locked.target,
                &change.new,
                change.locked.file.as_ref(),
                change.access.new_mode(),
                run,
            )
            .and_then(|tmp| {
                if change.access == Access::Private {
                    make_private(&tmp, &change.locked.path)?;
                }
                Ok(tmp)
            })
            .map_err(nothing)?;
            staged.push((tmp, backup));
        }
        Ok(staged)
    }

    /// Everything [`Transaction::commit`] checks before it replaces a file, and nothing it
    /// changes: for `--dry-run`. Each new content and backup is staged exactly as a commit
    /// stages it, then removed; so a dry run fails where the real run would, with its error.
    pub fn check(&self) -> Result<()> {
        // The staged files are removed when dropped.
        self.stage_all(None).map(drop)
    }

    /// The journal of this run: every target (and backup) with what was read and what it
    /// will hold, and the participants' keyring entries.
    fn record(&self, run: &str, participants: &mut [Box<dyn Participant>]) -> journal::Record {
        let mut targets = Vec::new();
        for c in &self.changes {
            let target =
                std::path::absolute(&c.locked.target).unwrap_or_else(|_| c.locked.target.clone());
            let old = c
                .locked
                .existed
                .then(|| identity(c.locked.file.as_ref(), &c.locked.content));
            targets.push(journal::Target {
                staged: stage::staged_path(&c.locked.target, run),
                path: target,
                old,
                new_sha256: journal::sha256_hex(&c.new),
            });
            if self.backup && c.locked.existed {
                let b = backup_path(&c.locked.path);
                let old = read_regular(&b)
                    .ok()
                    .map(|bytes| identity(open_regular(&b).ok().as_ref(), &bytes));
                targets.push(journal::Target {
                    staged: stage::staged_path(&b, run),
                    path: std::path::absolute(&b).unwrap_or(b),
                    old,
                    new_sha256: journal::sha256_hex(&c.locked.content),
                });
            }
        }
        journal::Record {
            version: 1,
            run: run.to_string(),
            pid: std::process::id(),
            started: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64),
            command: journal::command_words(),
            targets,
            keyring: participants
                .iter_mut()
                .filter_map(|p| p.journal(run))
                .collect(),
        }
    }

    /// Write the journal, then apply every participant and replace every file (writing each
    /// one's backup when asked): all of it or none, even through a crash (see
    /// [`recover`]). Returns the paths written.
    pub fn commit(mut self) -> Result<Vec<PathBuf>> {
        recover::before_writing()?;
        let mut participants = std::mem::take(&mut self.participants);
        if self.changes.is_empty() && participants.is_empty() {
            return Ok(Vec::new());
        }
        let backups: Vec<PathBuf> = self
            .changes
            .iter()
            .filter(|c| self.backup && c.locked.existed)
            .map(|c| backup_path(&c.locked.path))
            .collect();
        let existing: Vec<&Path> = self
            .changes
            .iter()
            .filter(|c| c.locked.existed)
            .map(|c| c.locked.target.as_path())
            .chain(backups.iter().map(PathBuf::as_path))
            .collect();
        remove_stale_temps(&existing);
        let run = journal::new_run_id();
        let record = self.record(&run, &mut participants);
        // 1. The journal, durable before anything is staged or changed.
        let mut journal = Journal::begin(&record)?;
        let result = self.replace_files(&run, &mut journal, &mut participants, &backups);
        // The run is over, done or undone in process: the journal goes.
        journal.finish();
        result
    }

    /// Stage, apply the participants, replace every file, and reach the decision point.
    /// Returns the paths written.
    fn replace_files(
        self,
        run: &str,
        journal: &mut Journal,
        participants: &mut [Box<dyn Participant>],
        backups: &[PathBuf],
    ) -> Result<Vec<PathBuf>> {
        let nothing = |e: Error| e.also("nothing was changed");
        // 2. Stage every new content and backup on disk, under the names the journal gave
        //    them, and flush them and their folders: a full disk, a folder that cannot be
        //    written or a backup's place that is not jwtadm's fails here, before any file is
        //    touched.
        let staged = self.stage_all(Some(run))?;
        for (tmp, backup) in &staged {
            flush(tmp).map_err(nothing)?;
            if let Some(b) = backup {
                flush(&b.tmp).map_err(nothing)?;
            }
        }
        sync_folders(
            staged.iter().flat_map(|(t, b)| {
                std::iter::once(t.path()).chain(b.as_ref().map(|b| b.tmp.path()))
            }),
        );
        test_pause();
        // 3. The participants (keyring entries), each keeping what it replaces first.
        for applied in 0..participants.len() {
            if let Err(e) = participants[applied].apply() {
                return Err(undo_participants(&mut participants[..applied], e));
            }
        }
        // 4. Put each file in its place; a failure puts back every file and backup already
        //    placed, and the participants.
        let placed = match place_all(&self.changes, staged) {
            Ok(p) => p,
            Err(e) => return Err(undo_participants(participants, e)),
        };
        let targets = || {
            placed
                .iter()
                .map(|p| p.change.locked.target.as_path())
                .chain(backups.iter().map(PathBuf::as_path))
        };
        // 5. Every rename durable, then the decision point: from here a crash is finished.
        sync_folders(targets());
        test_delay();
        if let Err(e) = journal.commit() {
            let e = undo_placed(&placed, e);
            sync_folders(targets());
            return Err(undo_participants(participants, e));
        }
        // 6. The originals the files displaced, and what the participants kept, can go.
        for p in &placed {
            if let Some(d) = &p.displaced {
                let _ = fs::remove_file(d);
            }
            if let Some(d) = p.backup.as_ref().and_then(|b| b.displaced.as_ref()) {
                let _ = fs::remove_file(d);
            }
        }
        for p in participants.iter_mut() {
            p.settle();
        }
        sync_folders(targets());
        Ok(placed
            .iter()
            .map(|p| p.change.locked.path.clone())
            .collect())
    }
}

/// What a file held when read, for its journal: identity and SHA-256.
fn identity(file: Option<&File>, content: &[u8]) -> journal::Identity {
    let meta = file.and_then(|f| f.metadata().ok());
    #[cfg(unix)]
    let (dev, ino, size, mtime) = {
        use std::os::unix::fs::MetadataExt;
        meta.map_or((0, 0, 0, 0), |m| (m.dev(), m.ino(), m.size(), m.mtime()))
    };
    #[cfg(not(unix))]
    let (dev, ino, size, mtime) = (0, 0, meta.map_or(0, |m| m.len()), 0);
    journal::Identity {
        dev,
        ino,
        size,
        mtime,
        sha256: journal::sha256_hex(content),
    }
}

/// Undo every replacement in `placed`, newest first, after `e`.
fn undo_placed(placed: &[Placed], e: Error) -> Error {
    let failures: Vec<String> = placed.iter().rev().filter_map(|p| undo(p).err()).collect();
    if !failures.is_empty() {
        e.also(format!(
            "and some files could not be put back: {}",
            failures.join("; ")
        ))
    } else if placed.is_empty() {
        e.also("nothing was changed")
    } else {
        e.also("every file already replaced, and its backup, was put back as it was")
    }
}

/// Put back every participant in `applied`, newest first, after `e`; the error says which
/// could not be.
fn undo_participants(applied: &mut [Box<dyn Participant>], e: Error) -> Error {
    applied.iter_mut().rev().fold(e, |e, p| match p.undo() {
        Ok(()) => e,
        Err(u) => e.also(format!("and {} could not all be put back: {u}", p.what())),
    })
}

/// Put each staged file (and backup) in its change's place, in order; a failure puts back
/// every file and backup already placed.
fn place_all(
    changes: &[Change],
    staged: Vec<(NamedTempFile, Option<Backup>)>,
) -> Result<Vec<Placed<'_>>> {
    let mut placed: Vec<Placed> = Vec::with_capacity(staged.len());
    for (change, (tmp, backup)) in changes.iter().zip(staged) {
        test_delay();
        match place(change, tmp, backup) {
            Ok(p) => placed.push(p),
            Err(e) => {
                let e = undo_placed(&placed, e);
                sync_folders(placed.iter().map(|p| p.change.locked.target.as_path()));
                return Err(e);
            }
        }
    }
    Ok(placed)
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
    fn a_new_public_file_is_readable_by_others_and_an_old_one_keeps_its_mode() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("jwks.json");
        let old = dir.path().join("old-jwks.json");
        fs::write(&old, b"{}").unwrap();
        fs::set_permissions(&old, fs::Permissions::from_mode(0o640)).unwrap();
        // The umask, as Linux reports it (setting it to read it would race the other tests).
        let umask = fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                let line = s.lines().find(|l| l.starts_with("Umask:"))?;
                u32::from_str_radix(line["Umask:".len()..].trim(), 8).ok()
            })
            .unwrap_or(0o022);
        let mut tx = Transaction::new(false);
        tx.add_file(
            lock_and_read_or_new(&new).unwrap(),
            b"{}".to_vec(),
            Access::Public,
        );
        tx.add_file(
            lock_and_read(&old).unwrap(),
            b"{ }".to_vec(),
            Access::Public,
        );
        tx.commit().unwrap();
        assert_eq!(mode(&new), 0o644 & !umask);
        assert_eq!(mode(&old), 0o640);
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

    /// Records what it did in a shared log; fails to apply or undo when told.
    struct Fake {
        log: std::rc::Rc<std::cell::RefCell<Vec<&'static str>>>,
        fail_undo: bool,
    }

    impl Participant for Fake {
        fn apply(&mut self) -> Result<()> {
            self.log.borrow_mut().push("apply");
            Ok(())
        }
        fn undo(&mut self) -> Result<()> {
            self.log.borrow_mut().push("undo");
            if self.fail_undo {
                return Err(Error::operational("no"));
            }
            Ok(())
        }
        fn what(&self) -> &str {
            "the fakes"
        }
    }

    #[test]
    fn a_participant_is_put_back_when_a_file_fails() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        fs::write(&a, b"a0").unwrap();
        for fail_undo in [false, true] {
            let log = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
            let mut tx = Transaction::new(false);
            let la = lock_and_read(&a).unwrap();
            fs::write(&a, b"a-other").unwrap();
            tx.add(la, b"a1".to_vec());
            tx.join(Box::new(Fake {
                log: log.clone(),
                fail_undo,
            }));
            let err = tx.commit().unwrap_err().to_string();
            assert_eq!(*log.borrow(), ["apply", "undo"]);
            assert!(err.contains("changed by another program"), "{err}");
            assert_eq!(
                err.contains("and the fakes could not all be put back: no"),
                fail_undo,
                "{err}"
            );
            assert_eq!(fs::read(&a).unwrap(), b"a-other");
            fs::write(&a, b"a0").unwrap();
        }
    }

    #[test]
    fn a_participant_applied_with_the_files_stays() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        fs::write(&a, b"a0").unwrap();
        let log = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        let mut tx = Transaction::new(false);
        tx.add(lock_and_read(&a).unwrap(), b"a1".to_vec());
        tx.join(Box::new(Fake {
            log: log.clone(),
            fail_undo: false,
        }));
        tx.commit().unwrap();
        assert_eq!(*log.borrow(), ["apply"]);
        assert_eq!(fs::read(&a).unwrap(), b"a1");
    }
}
