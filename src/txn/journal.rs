//! The crash journal: what a [`super::Transaction`] is about to do, written and flushed before
//! it replaces anything, so that the run's successor can finish or undo it after a SIGKILL or a
//! power loss (see [`super::recover`]).
//!
//! A journal is one file, `RUN.journal`, in jwtadm's state folder (`$XDG_STATE_HOME/jwtadm/journal`,
//! else `~/.local/state/jwtadm/journal`, else `$TMPDIR/jwtadm-UID/journal` when there is no home).
//! Its first line is the [`Record`] as JSON: the run's id, every target (absolute path, the
//! identity and SHA-256 of what was read, where the new content is staged and its SHA-256) and
//! the keyring entries the run writes. Its second line, `committed`, is appended at the decision
//! point. It holds paths and hashes, never a file's content nor a secret: a keyring entry's old
//! value is kept in the keyring itself (see `rotate::KeyringWrites`).
//!
//! The run holds an advisory lock on its journal for as long as it lives: recovery never touches
//! a journal whose run is alive, and the kernel drops the lock when a run is killed.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// The line appended at the decision point.
pub const COMMITTED: &str = "committed";

/// What was read at a target, to tell later whether it still holds it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Identity {
    pub dev: u64,
    pub ino: u64,
    pub size: u64,
    pub mtime: i64,
    pub sha256: String,
}

/// One file the run replaces or creates (a config file, a secret's file, or a `.bak`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Target {
    /// The file replaced (links followed), absolute.
    pub path: PathBuf,
    /// What it held when read; `None`: it did not exist, the run creates it.
    pub old: Option<Identity>,
    /// The SHA-256 of the new content.
    pub new_sha256: String,
    /// Where the new content is staged, beside the target. Once exchanged, the displaced
    /// original has this name until the run ends.
    pub staged: PathBuf,
}

/// The keyring entries a run writes. Their previous values are kept in the keyring, in the
/// entry `undo` (same store and service), written before the first of them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Keyring {
    pub store: String,
    pub service: String,
    /// The accounts written, in order.
    pub accounts: Vec<String>,
    /// The account of the entry that holds their previous values.
    pub undo: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    pub version: u32,
    pub run: String,
    pub pid: u32,
    /// Unix seconds.
    pub started: i64,
    /// The command, as `jwtadm token issue-all`.
    pub command: String,
    pub targets: Vec<Target>,
    #[serde(default)]
    pub keyring: Vec<Keyring>,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let d = Sha256::digest(bytes);
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new run's id: its start time, process id and 32 random bits.
pub fn new_run_id() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format!(
        "{secs}-{}-{:08x}",
        std::process::id(),
        rand::random::<u32>()
    )
}

/// The command being run, for people reading `jwtadm recover`: `jwtadm` and its first words up
/// to the first option (never an option's value, which could be anything).
pub fn command_words() -> String {
    let words: Vec<String> = std::env::args()
        .skip(1)
        .take_while(|a| !a.starts_with('-'))
        .take(3)
        .collect();
    std::iter::once("jwtadm".to_string())
        .chain(words)
        .collect::<Vec<_>>()
        .join(" ")
}

/// jwtadm's state folder for journals, created 0700 if needed: under `$XDG_STATE_HOME`, else
/// `~/.local/state`; where neither can be used (no home, or one this user cannot write, as for
/// a service account), `$TMPDIR/jwtadm-UID`.
pub fn folder() -> Result<PathBuf> {
    let mut bases = Vec::new();
    match (std::env::var_os("XDG_STATE_HOME"), std::env::var_os("HOME")) {
        (Some(x), _) if Path::new(&x).is_absolute() => bases.push(PathBuf::from(x).join("jwtadm")),
        (_, Some(h)) if Path::new(&h).is_absolute() => {
            bases.push(PathBuf::from(h).join(".local/state/jwtadm"))
        }
        _ => {}
    }
    bases.push(std::env::temp_dir().join(format!("jwtadm-{}", uid())));
    let mut last = None;
    for base in bases {
        match usable(&base) {
            Ok(dir) => return Ok(dir),
            Err(e) => last = Some(e),
        }
    }
    Err(last
        .unwrap_or_else(|| Error::operational("no folder for jwtadm's journal"))
        .also("nothing was changed"))
}

fn usable(base: &Path) -> Result<PathBuf> {
    let dir = base.join("journal");
    if !dir.is_dir() {
        let mut b = fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
        b.create(&dir)
            .map_err(|e| Error::io("creating jwtadm's journal folder", &dir, e))?;
    }
    check_folder(base)?;
    check_folder(&dir)?;
    Ok(dir)
}

#[cfg(unix)]
fn uid() -> u32 {
    rustix::process::geteuid().as_raw()
}

#[cfg(not(unix))]
fn uid() -> u32 {
    0
}

/// The journal folder must be a real folder of the user running jwtadm, closed to others:
/// in a shared temporary folder, someone else could have made it first.
#[cfg(unix)]
fn check_folder(dir: &Path) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let m = fs::symlink_metadata(dir).map_err(|e| Error::io("checking", dir, e))?;
    if !m.is_dir() || m.uid() != uid() || m.mode() & 0o022 != 0 {
        return Err(Error::operational(format!(
            "{}: jwtadm's journal folder is not a folder of this user closed to others; nothing was changed",
            dir.display()
        ))
        .with_hint("remove it, or set XDG_STATE_HOME to a folder of your own"));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_folder(_dir: &Path) -> Result<()> {
    Ok(())
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

/// A journal written and locked by this run.
pub struct Journal {
    file: File,
    path: PathBuf,
    dir: PathBuf,
}

impl Journal {
    /// Write `record` durably: to `RUN.journal.tmp` (locked), flushed, renamed to
    /// `RUN.journal`, and the folder flushed. Once this returns, a crash leaves a journal that
    /// recovery reads whole.
    pub fn begin(record: &Record) -> Result<Journal> {
        let dir = folder()?;
        let path = dir.join(format!("{}.journal", record.run));
        let tmp = dir.join(format!("{}.journal.tmp", record.run));
        let fail = |e: std::io::Error| {
            Error::io("writing the journal", &path, e).also("nothing was changed")
        };
        let mut opts = fs::OpenOptions::new();
        opts.read(true).write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
        // Another process's recovery removes a `.journal.tmp` it can lock (a run killed while
        // writing it): if it took this one between its creation and the lock, make it again.
        let mut file = opts.open(&tmp).map_err(fail)?;
        for _ in 0..3 {
            if file.try_lock().is_ok() && super::lock::same_file(&file, &tmp) {
                break;
            }
            file = opts.open(&tmp).map_err(fail)?;
        }
        let written = file
            .try_lock()
            .map_err(|e| match e {
                fs::TryLockError::Error(e) => e,
                fs::TryLockError::WouldBlock => std::io::ErrorKind::WouldBlock.into(),
            })
            .and_then(|()| {
                let mut line = serde_json::to_vec(record).map_err(std::io::Error::other)?;
                line.push(b'\n');
                file.write_all(&line)
            })
            .and_then(|()| file.sync_all())
            .and_then(|()| fs::rename(&tmp, &path))
            .and_then(|()| sync_dir(&dir));
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            let _ = fs::remove_file(&path);
            return Err(fail(e));
        }
        Ok(Journal { file, path, dir })
    }

    /// The decision point: append `committed` and flush it. From here a crash is rolled
    /// forward.
    pub fn commit(&mut self) -> Result<()> {
        self.file
            .write_all(format!("{COMMITTED}\n").as_bytes())
            .and_then(|()| self.file.sync_data())
            .map_err(|e| Error::io("writing the journal", &self.path, e))
    }

    /// The run is over (done, or undone in process): remove the journal, and flush its folder.
    pub fn finish(self) {
        let _ = fs::remove_file(&self.path);
        let _ = sync_dir(&self.dir);
    }
}

/// A journal as read back: the record, and whether it reached the decision point.
pub struct Loaded {
    pub record: Record,
    pub committed: bool,
}

/// Parse a journal's text. `None`: not a journal jwtadm can read.
pub fn parse(text: &str) -> Option<Loaded> {
    let mut lines = text.split('\n');
    let record: Record = serde_json::from_str(lines.next()?).ok()?;
    let committed = lines.next() == Some(COMMITTED);
    Some(Loaded { record, committed })
}

/// Read a journal file already opened.
pub fn read(file: &mut File) -> std::io::Result<String> {
    let mut text = String::new();
    file.read_to_string(&mut text)?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_journal_round_trips_and_the_mark_is_read() {
        let r = Record {
            version: 1,
            run: "1-2-3".into(),
            pid: 2,
            started: 1,
            command: "jwtadm token issue-all".into(),
            targets: vec![Target {
                path: "/a".into(),
                old: None,
                new_sha256: sha256_hex(b"x"),
                staged: "/.a.jwtadm-1-2-3.tmp".into(),
            }],
            keyring: vec![],
        };
        let line = serde_json::to_string(&r).unwrap();
        assert!(!parse(&format!("{line}\n")).unwrap().committed);
        assert!(parse(&format!("{line}\ncommitted\n")).unwrap().committed);
        assert!(!parse(&format!("{line}\ncommi")).unwrap().committed);
        assert!(parse("{\"version\"").is_none());
    }
}
