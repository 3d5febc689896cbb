//! Recovery: finishing or undoing the runs a crash interrupted, from their journals
//! ([`super::journal`]).
//!
//! The rule: a journal that reached its decision point (`committed`) is rolled forward — every
//! target is given its new content, the displaced originals removed; one that did not is rolled
//! back — every displaced original is given its name back, every created file removed, every
//! keyring entry given its previous value. Each step reads what is there first and decides by
//! content (SHA-256), so a recovery killed half-way is simply run again. A target that holds
//! neither the old content nor the new one was changed by someone else since: it is reported,
//! never overwritten, and the journal kept (exit 4) until `jwtadm recover --discard`.
//!
//! Every command that writes a file or a secret runs this first ([`before_writing`]), and
//! `jwtadm recover` on demand. A journal whose run is alive (its lock is held) is left alone.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Serialize;

use super::journal::{self, Identity, Target};
use super::read::{open_regular, read_regular};
use super::replace::{exchange, rename_new};
use crate::error::{Error, Result};

/// What recovery does with a journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// The run had reached its decision point: its changes are finished.
    RollForward,
    /// It had not: its changes are undone.
    RollBack,
    /// The journal could not be read.
    Unreadable,
}

impl Action {
    pub fn words(self) -> &'static str {
        match self {
            Action::RollForward => "roll forward",
            Action::RollBack => "roll back",
            Action::Unreadable => "unreadable",
        }
    }
}

/// What was (or, in a dry run, would be) done to one target.
#[derive(Debug, Clone, Serialize)]
pub struct FileOutcome {
    pub path: PathBuf,
    /// `unchanged`, `put back`, `removed`, `finished`, `done`, or `conflict`.
    pub outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// One journal found, and what recovery did.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub run: String,
    pub journal: PathBuf,
    pub command: String,
    pub started: i64,
    pub pid: u32,
    pub committed: bool,
    pub action: Action,
    pub files: Vec<FileOutcome>,
    /// The keyring entries, as `keyring:SERVICE/ACCOUNT`.
    pub keyring: Vec<String>,
    /// What could not be done; empty when the run was recovered.
    pub conflicts: Vec<String>,
    /// Whether the journal was removed (false in a dry run, or with a conflict).
    pub resolved: bool,
    /// Whether `--discard` dropped it.
    pub discarded: bool,
}

/// How to recover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Say what would be done; change nothing.
    DryRun,
    /// Finish or undo each run.
    Apply,
    /// As Apply, then drop the journals that could not be recovered (and their temporary
    /// files and kept keyring values), leaving their targets as they are.
    Discard,
}

/// Recover every unfinished run whose journal is not held by a live run.
pub fn recover(mode: Mode) -> Result<Vec<Report>> {
    let dir = journal::folder()?;
    let mut names: Vec<PathBuf> = fs::read_dir(&dir)
        .map_err(|e| Error::io("reading", &dir, e))?
        .flatten()
        .map(|e| e.path())
        .collect();
    names.sort();
    let mut reports = Vec::new();
    for path in names {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.ends_with(".journal.tmp") {
            // A journal never completed: its run changed nothing (staging starts after the
            // journal has its name). Removed unless its run is alive.
            if mode != Mode::DryRun
                && let Some(_held) = take(&path)
            {
                let _ = fs::remove_file(&path);
            }
            continue;
        }
        if !name.ends_with(".journal") {
            continue;
        }
        let Some(mut file) = take(&path) else {
            continue;
        };
        let text = journal::read(&mut file).unwrap_or_default();
        let stem = name.trim_end_matches(".journal");
        // A journal whose targets are not what a run of jwtadm plans (tampered with) is never
        // acted on, not even by `--discard`: it could name any file to move or remove.
        let parsed = journal::parse(&text).map(|l| match planned(&l.record, stem) {
            Ok(()) => Ok(l),
            Err(why) => Err(why),
        });
        let valid = matches!(parsed, Some(Ok(_)));
        let report = match parsed {
            Some(Ok(loaded)) => recover_one(&path, loaded, mode),
            unreadable => Report {
                run: name.trim_end_matches(".journal").to_string(),
                journal: path.clone(),
                command: String::new(),
                started: 0,
                pid: 0,
                committed: false,
                action: Action::Unreadable,
                files: Vec::new(),
                keyring: Vec::new(),
                conflicts: vec![match unreadable {
                    Some(Err(why)) => format!(
                        "{}: not a journal jwtadm wrote ({why}); nothing in it was done",
                        path.display()
                    ),
                    _ => format!("{}: not a journal jwtadm can read", path.display()),
                }],
                resolved: false,
                discarded: false,
            },
        };
        let mut report = report;
        if mode == Mode::Discard && !report.resolved {
            if valid && let Some(loaded) = journal::parse(&text) {
                discard(&loaded.record);
            }
            remove_journal(&path, &dir);
            report.discarded = true;
        } else if report.resolved {
            remove_journal(&path, &dir);
        }
        reports.push(report);
        drop(file);
    }
    Ok(reports)
}

/// Whether `record` (read from `STEM.journal`) names only what a run of jwtadm plans: its own
/// run id, absolute targets, each staged under the one name a run gives
/// it beside its target (`.NAME.jwtadm-RUN.tmp`). Anything else is not acted on.
fn planned(record: &journal::Record, stem: &str) -> std::result::Result<(), String> {
    if record.run != stem || record.run.is_empty() || record.run.contains(['/', '\\']) {
        return Err(format!("its run id {:?} is not its name", record.run));
    }
    for t in &record.targets {
        if !t.path.is_absolute() || t.path.file_name().is_none() {
            return Err(format!("{}: not a target path", t.path.display()));
        }
        if t.staged != super::stage::staged_path(&t.path, &record.run) {
            return Err(format!(
                "{}: not where a run stages {}",
                t.staged.display(),
                t.path.display()
            ));
        }
    }
    Ok(())
}

/// Open and lock a journal, if its run is not alive and it is still there.
fn take(path: &Path) -> Option<File> {
    let file = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .ok()?;
    file.try_lock().ok()?;
    // The run may have finished (and removed it) between the open and the lock.
    if !super::lock::same_file(&file, path) {
        return None;
    }
    Some(file)
}

fn remove_journal(path: &Path, dir: &Path) {
    let _ = fs::remove_file(path);
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// What is at `path`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Holds {
    Absent,
    Old,
    New,
    Other,
}

fn holds(path: &Path, old: Option<&Identity>, new_sha: &str) -> Holds {
    // A symlink where a run left a regular file (or none) was put there since: never followed,
    // never moved into a target's place.
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Holds::Absent,
        Ok(m) if m.file_type().is_symlink() => return Holds::Other,
        _ => {}
    }
    match read_regular(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Holds::Absent,
        Err(_) => Holds::Other,
        Ok(bytes) => {
            let sha = journal::sha256_hex(&bytes);
            if sha == new_sha {
                Holds::New
            } else if old.is_some_and(|o| o.sha256 == sha) {
                Holds::Old
            } else {
                Holds::Other
            }
        }
    }
}

/// Where an original may be kept: the staged name (after an exchange), or beside it (a backup
/// moved aside where the file system cannot exchange).
fn aside(t: &Target) -> PathBuf {
    let mut a = t.staged.clone().into_os_string();
    a.push(".old.tmp");
    PathBuf::from(a)
}

/// Put `from` at `to`'s name: by exchange where the file system can (then `from` is removed),
/// else by rename; `to` absent: only if it still is.
fn move_in(from: &Path, to: &Path) -> std::io::Result<()> {
    if fs::symlink_metadata(to).is_err() {
        return rename_new(from, to);
    }
    if exchange(from, to)? {
        let _ = fs::remove_file(from);
        Ok(())
    } else {
        fs::rename(from, to)
    }
}

fn recover_one(path: &Path, loaded: journal::Loaded, mode: Mode) -> Report {
    let record = loaded.record;
    let action = if loaded.committed {
        Action::RollForward
    } else {
        Action::RollBack
    };
    let act = mode != Mode::DryRun;
    // Lock each target that exists, so that no other jwtadm run writes it meanwhile.
    let _locks: Vec<File> = if act {
        record
            .targets
            .iter()
            .filter_map(|t| {
                let f = open_regular(&t.path).ok()?;
                super::lock::lock(&f, &t.path).ok()?;
                Some(f)
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut conflicts = Vec::new();
    let mut files = Vec::new();
    // Roll back in reverse order, forward in order, as the run went.
    let order: Vec<&Target> = match action {
        Action::RollBack => record.targets.iter().rev().collect(),
        _ => record.targets.iter().collect(),
    };
    // The keyring first when rolling back (it was written before the files), after otherwise.
    let mut keyring = Vec::new();
    if action == Action::RollBack {
        keyring_step(&record, action, act, &mut keyring, &mut conflicts);
    }
    for t in order {
        super::test_delay();
        let (outcome, detail) = match action {
            Action::RollForward => forward(t, act),
            _ => back(t, act),
        };
        if outcome == "conflict" {
            conflicts.push(format!(
                "{}: {}",
                t.path.display(),
                detail.as_deref().unwrap_or("")
            ));
        }
        files.push(FileOutcome {
            path: t.path.clone(),
            outcome,
            detail,
        });
    }
    if action == Action::RollForward {
        keyring_step(&record, action, act, &mut keyring, &mut conflicts);
    }
    if act {
        super::sync_folders(record.targets.iter().map(|t| t.path.as_path()));
    }
    Report {
        run: record.run.clone(),
        journal: path.to_path_buf(),
        command: record.command.clone(),
        started: record.started,
        pid: record.pid,
        committed: loaded.committed,
        action,
        files,
        keyring,
        resolved: act && conflicts.is_empty(),
        conflicts,
        discarded: false,
    }
}

type Step = (&'static str, Option<String>);

fn remove_temps(t: &Target, act: bool) {
    if act {
        let _ = fs::remove_file(&t.staged);
        let _ = fs::remove_file(aside(t));
    }
}

fn io_conflict(e: std::io::Error) -> Step {
    ("conflict", Some(crate::error::describe_io(&e)))
}

/// Undo one target.
fn back(t: &Target, act: bool) -> Step {
    let old = t.old.as_ref();
    let now = holds(&t.path, old, &t.new_sha256);
    let from_original = |_: ()| -> Step {
        // Where the original is kept: the staged name, or aside.
        for kept in [t.staged.clone(), aside(t)] {
            if holds(&kept, old, &t.new_sha256) == Holds::Old {
                if act && let Err(e) = move_in(&kept, &t.path) {
                    return io_conflict(e);
                }
                remove_temps(t, act);
                return ("put back", None);
            }
        }
        (
            "conflict",
            Some(
                "holds the run's new content and its original is gone (a file system that cannot exchange files)"
                    .into(),
            ),
        )
    };
    match (now, old) {
        (Holds::Old, _) | (Holds::Absent, None) => {
            remove_temps(t, act);
            ("unchanged", None)
        }
        (Holds::New, None) => {
            if act && let Err(e) = fs::remove_file(&t.path) {
                return io_conflict(e);
            }
            remove_temps(t, act);
            ("removed", Some("created by the run".into()))
        }
        (Holds::New, Some(_)) | (Holds::Absent, Some(_)) => from_original(()),
        (Holds::Other, _) => (
            "conflict",
            Some("changed by another program since the run; left as it is".into()),
        ),
    }
}

/// Finish one target.
fn forward(t: &Target, act: bool) -> Step {
    let old = t.old.as_ref();
    let now = holds(&t.path, old, &t.new_sha256);
    match (now, old) {
        (Holds::New, _) => {
            remove_temps(t, act);
            ("done", None)
        }
        (Holds::Old, _) | (Holds::Absent, _) => {
            if holds(&t.staged, old, &t.new_sha256) != Holds::New {
                return (
                    "conflict",
                    Some("still holds its old content and the new one is gone".into()),
                );
            }
            if act && let Err(e) = move_in(&t.staged, &t.path) {
                return io_conflict(e);
            }
            remove_temps(t, act);
            ("finished", None)
        }
        (Holds::Other, _) => (
            "conflict",
            Some("changed by another program since the run; left as it is".into()),
        ),
    }
}

/// One entry's previous value, as the keyring participant keeps it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Kept {
    pub account: String,
    pub before: Option<String>,
}

fn keyring_step(
    record: &journal::Record,
    action: Action,
    act: bool,
    shown: &mut Vec<String>,
    conflicts: &mut Vec<String>,
) {
    for k in &record.keyring {
        shown.extend(
            k.accounts
                .iter()
                .map(|a| format!("keyring:{}/{}", k.service, a)),
        );
        if !act {
            continue;
        }
        if let Err(e) = keyring_one(k, action) {
            conflicts.push(format!(
                "the keyring entries of {} could not be {}: {e}",
                k.service,
                if action == Action::RollBack {
                    "put back"
                } else {
                    "settled"
                }
            ));
        }
    }
}

fn keyring_one(k: &journal::Keyring, action: Action) -> Result<()> {
    use crate::store::keyring::{Item, Store};
    let store: Store = k.store.parse().map_err(Error::operational)?;
    let undo = Item {
        store,
        service: &k.service,
        account: &k.undo,
    };
    // No kept values: the entries were never written, or the run was settled.
    let Some(text) = undo.get()? else {
        return Ok(());
    };
    if action == Action::RollBack {
        let kept: Vec<Kept> = serde_json::from_str(&text)
            .map_err(|e| Error::operational(format!("the kept keyring values: {e}")))?;
        for entry in kept.iter().rev() {
            let item = Item {
                store,
                service: &k.service,
                account: &entry.account,
            };
            match &entry.before {
                Some(v) => item.set(v)?,
                None => item.delete()?,
            }
        }
    }
    undo.delete()
}

/// Drop a journal that could not be recovered: its temporary files and kept keyring values go;
/// its targets stay as they are.
fn discard(record: &journal::Record) {
    for t in &record.targets {
        remove_temps(t, true);
    }
    for k in &record.keyring {
        if let Ok(store) = k.store.parse() {
            let _ = crate::store::keyring::Item {
                store,
                service: &k.service,
                account: &k.undo,
            }
            .delete();
        }
    }
}

/// Once per process, before the first file or secret is written: recover every unfinished run
/// and say what was done on stderr. A run that cannot be recovered stops this one.
pub fn before_writing() -> Result<()> {
    static DONE: OnceLock<Option<String>> = OnceLock::new();
    let failed = DONE.get_or_init(|| {
        let reports = match recover(Mode::Apply) {
            Ok(r) => r,
            // No journal folder to read: nothing to recover, and the run's own journal will
            // say why if it cannot be written either.
            Err(_) => return None,
        };
        let mut failed = None;
        for r in &reports {
            note(&summary(r));
            if !r.resolved {
                failed = Some(format!(
                    "an unfinished jwtadm run ({}, {}) could not be recovered: {}",
                    r.run,
                    r.command,
                    r.conflicts.join("; ")
                ));
            }
        }
        failed
    });
    match failed {
        None => Ok(()),
        Some(msg) => Err(Error::operational(format!("{msg}; nothing was changed")).with_hint(
            "see jwtadm recover; once the files are as they should be, jwtadm recover --discard",
        )),
    }
}

fn note(text: &str) {
    crate::output::eprint_labelled("note:", "36", text, crate::output::stderr_color());
}

/// One line about a report, for stderr.
pub fn summary(r: &Report) -> String {
    let count = |o: &str| r.files.iter().filter(|f| f.outcome == o).count();
    let what = match r.action {
        Action::RollForward => format!(
            "finished it (it had reached its decision point): {} of {} files completed",
            count("finished"),
            r.files.len()
        ),
        Action::RollBack => format!(
            "undid it (it had not reached its decision point): {} files put back, {} removed",
            count("put back"),
            count("removed")
        ),
        Action::Unreadable => "its journal cannot be read".to_string(),
    };
    let keyring = if r.keyring.is_empty() {
        String::new()
    } else {
        format!(
            ", keyring entries {}",
            if r.action == Action::RollBack {
                "put back"
            } else {
                "kept"
            }
        )
    };
    let state = if r.discarded {
        "; discarded, its files left as they are".to_string()
    } else if r.conflicts.is_empty() {
        String::new()
    } else {
        format!("; NOT recovered: {}", r.conflicts.join("; "))
    };
    format!(
        "recovered an interrupted run of `{}` ({}): {what}{keyring}{state}",
        r.command, r.run
    )
}
