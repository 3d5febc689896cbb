//! Locks: an advisory `flock` on each file a run rewrites, waited for at most the lock timeout
//! ([`LockWait`]); and [`Locked`], a file held locked with the content it had.

use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

use super::read::open_regular;
use super::{FileId, id_of, resolve};
use crate::error::{Error, Result};

/// How long to wait for a file another process has locked, and how to say that jwtadm waits.
#[derive(Clone, Copy)]
pub struct LockWait {
    pub timeout: Duration,
    /// Called once, after a second of waiting, with the file and the timeout.
    pub announce: fn(&Path, Duration),
}

/// The default `--lock-timeout`.
pub const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(30);

static LOCK_WAIT: OnceLock<LockWait> = OnceLock::new();

/// Set, once per process, how long locks are waited for (the command line's `--lock-timeout`).
pub fn set_lock_wait(wait: LockWait) {
    let _ = LOCK_WAIT.set(wait);
}

pub(super) fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0}s")
    } else {
        format!("{s:.1}s")
    }
}

/// Take the advisory lock on `file`, waiting for another process that holds it at most the
/// lock timeout; after a second of waiting the wait is announced.
pub(super) fn lock(file: &File, shown: &Path) -> Result<()> {
    let wait = LOCK_WAIT.get();
    let timeout = wait.map_or(DEFAULT_LOCK_TIMEOUT, |w| w.timeout);
    let start = Instant::now();
    let mut announced = false;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(()),
            Err(fs::TryLockError::WouldBlock) => {}
            Err(fs::TryLockError::Error(e)) => return Err(Error::io("locking", shown, e)),
        }
        let waited = start.elapsed();
        if waited >= timeout {
            return Err(Error::operational(format!(
                "{}: another process holds its lock (another jwtadm run?); gave up after {}; nothing was changed",
                shown.display(),
                seconds(timeout)
            ))
            .with_hint("let the other run finish and try again, or wait longer with --lock-timeout"));
        }
        if !announced && waited >= Duration::from_secs(1) {
            if let Some(w) = wait {
                (w.announce)(shown, timeout);
            }
            announced = true;
        }
        std::thread::sleep(Duration::from_millis(20).min(timeout.saturating_sub(waited)));
    }
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
    /// Zeroized when dropped: a file jwtadm rewrites may hold a secret.
    pub content: Zeroizing<Vec<u8>>,
    /// Whether the file existed; a file that did not is created (0600), and must still not
    /// exist when the transaction commits.
    pub existed: bool,
    pub(super) file: Option<File>,
}

impl Locked {
    /// How many names (hard links) the file has; replacing it gives the target a new file and
    /// leaves the other names with the old one.
    pub fn links(&self) -> u64 {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            self.file
                .as_ref()
                .and_then(|f| f.metadata().ok())
                .map_or(1, |m| m.nlink())
        }
        #[cfg(not(unix))]
        1
    }

    /// Whether group or others have any access to the file.
    pub(super) fn mode_is_open(&self) -> bool {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            self.file
                .as_ref()
                .and_then(|f| f.metadata().ok())
                .is_some_and(|m| m.mode() & 0o077 != 0)
        }
        #[cfg(not(unix))]
        false
    }

    pub(super) fn id(&self) -> Option<FileId> {
        self.file
            .as_ref()
            .and_then(|f| f.metadata().ok())
            .map(|m| id_of(&m))
    }
}

/// Open `path` (following symlinks; a regular file only), wait for its lock, and read it.
/// Every unfinished run a crash left is recovered first ([`super::recover::before_writing`]).
pub fn lock_and_read(path: &Path) -> Result<Locked> {
    super::recover::before_writing()?;
    let target = resolve(path);
    loop {
        let mut file = open_regular(&target).map_err(|e| Error::io("reading", path, e))?;
        lock(&file, path)?;
        // Another run may have replaced the file while this one waited: lock the new one.
        if !same_file(&file, &target) {
            continue;
        }
        let mut content = Zeroizing::new(Vec::new());
        file.read_to_end(&mut content)
            .map_err(|e| Error::io("reading", path, e))?;
        return Ok(Locked {
            path: path.to_path_buf(),
            target,
            content,
            existed: true,
            file: Some(file),
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
            content: Zeroizing::new(Vec::new()),
            existed: false,
            file: None,
        }),
        Err(e) => Err(e),
    }
}

#[cfg(unix)]
pub(super) fn same_file(file: &File, path: &Path) -> bool {
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => id_of(&a) == id_of(&b),
        _ => false,
    }
}

#[cfg(not(unix))]
pub(super) fn same_file(_file: &File, _path: &Path) -> bool {
    true
}
