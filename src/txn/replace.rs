//! Replacing: each staged file takes its target's name by an exchange, then what it displaced
//! is checked against what was read; where the file system cannot exchange, the check runs just
//! before a plain rename. A replacement made can be undone.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use super::Change;
use super::backup::{Backup, PlacedBackup, place_backup, restore_backup};
use super::lock::Locked;
use super::read::open_regular;
use super::stage::{flush, stage};
use super::{FileId, id_at, id_of, resolve, sync_folders};
use crate::error::{Error, Result};

/// Exchange the files at `a` and `b` atomically. `Ok(false)`: this file system or platform
/// cannot.
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios"
))]
pub(super) fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    if no_exchange_for_tests() {
        return Ok(false);
    }
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios"
)))]
pub(super) fn exchange(_a: &Path, _b: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// Rename `from` to `to` unless `to` exists (then `AlreadyExists`). Where the platform cannot
/// refuse atomically, the check runs just before a plain rename.
pub(super) fn rename_new(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(any(
        target_os = "linux",
        target_os = "android",
        target_os = "macos",
        target_os = "ios"
    ))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        use rustix::io::Errno;
        if !no_exchange_for_tests() {
            match renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE) {
                Ok(()) => return Ok(()),
                Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
    if fs::symlink_metadata(to).is_ok() {
        return Err(std::io::ErrorKind::AlreadyExists.into());
    }
    fs::rename(from, to)
}

/// `JWTADM_TEST_NO_EXCHANGE` (debug builds only): behave as on a file system that cannot
/// exchange or refuse to replace, so the tests cover that path too.
pub(super) fn no_exchange_for_tests() -> bool {
    cfg!(debug_assertions) && std::env::var_os("JWTADM_TEST_NO_EXCHANGE").is_some()
}

/// Replace (or create) one file atomically. A new file gets `new_mode`.
pub fn write_file(path: &Path, bytes: &[u8], new_mode: u32) -> Result<()> {
    super::recover::before_writing()?;
    let target = resolve(path);
    let original = open_regular(&target).ok();
    let tmp = stage(&target, bytes, original.as_ref(), new_mode, None)?;
    flush(&tmp)?;
    tmp.persist(&target)
        .map_err(|e| Error::io("replacing", &target, e.error))?;
    sync_folders([target.as_path()]);
    Ok(())
}

/// A replacement made, with what it needs to be undone.
pub(super) struct Placed<'a> {
    pub(super) change: &'a Change,
    /// The staged file, now at the target's name.
    pub(super) new_id: Option<FileId>,
    /// Where the displaced original is kept until the run ends (None: created, or replaced by
    /// a plain rename where the file system cannot exchange).
    pub(super) displaced: Option<PathBuf>,
    pub(super) backup: Option<PlacedBackup>,
}

pub(super) fn changed_error(shown: &Path) -> Error {
    Error::operational(format!(
        "{} was changed by another program while jwtadm was working; it was not overwritten",
        shown.display()
    ))
    .with_hint("run the command again")
}

/// Whether the file at `at` is `locked`'s file with the content read.
pub(super) fn is_as_read(at: &Path, locked: &Locked) -> bool {
    let same_id = match (id_at(at), locked.id()) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    };
    same_id
        && open_regular(at)
            .and_then(|mut f| {
                let mut now = Vec::with_capacity(locked.content.len());
                f.read_to_end(&mut now).map(|_| now)
            })
            .is_ok_and(|now| now == *locked.content)
}

/// Put `tmp` (staged, flushed) in `change`'s place, and its backup beside it.
pub(super) fn place<'a>(
    change: &'a Change,
    tmp: NamedTempFile,
    backup: Option<Backup>,
) -> Result<Placed<'a>> {
    let shown = &change.locked.path;
    let target = &change.locked.target;
    let new_id = tmp.as_file().metadata().ok().map(|m| id_of(&m));
    let (_, tmp_path) = tmp
        .keep()
        .map_err(|e| Error::io("keeping a temporary file for", shown, e.error))?;
    let placed_backup = match backup {
        Some(b) => match place_backup(b) {
            Ok(p) => Some(p),
            Err(e) => {
                let _ = fs::remove_file(&tmp_path);
                return Err(e);
            }
        },
        None => None,
    };
    let undo_backup = |b: Option<PlacedBackup>| {
        if let Some(b) = b {
            let _ = restore_backup(&b);
        }
    };
    if !change.locked.existed {
        if let Err(e) = rename_new(&tmp_path, target) {
            let _ = fs::remove_file(&tmp_path);
            undo_backup(placed_backup);
            return Err(if e.kind() == std::io::ErrorKind::AlreadyExists {
                Error::operational(format!(
                    "{} was created by another program while jwtadm was working; it was not overwritten",
                    shown.display()
                ))
                .with_hint("run the command again")
            } else {
                Error::io("creating", shown, e)
            });
        }
        return Ok(Placed {
            change,
            new_id,
            displaced: None,
            backup: placed_backup,
        });
    }
    let fail = |e: Error, placed_backup: Option<PlacedBackup>| {
        let _ = fs::remove_file(&tmp_path);
        undo_backup(placed_backup);
        Err(e)
    };
    match exchange(&tmp_path, target) {
        Ok(true) => {
            // The original now has the temporary name: is it what was read?
            if is_as_read(&tmp_path, &change.locked) {
                return Ok(Placed {
                    change,
                    new_id,
                    displaced: Some(tmp_path),
                    backup: placed_backup,
                });
            }
            // Someone else's file: give it its name back at once.
            if let Err(e) = exchange(&tmp_path, target) {
                // Their file keeps the temporary name; never delete it.
                undo_backup(placed_backup);
                return Err(changed_error(shown).also(format!(
                    "and its new content could not be given back its name ({}); it is in {}",
                    crate::error::describe_io(&e),
                    tmp_path.display()
                )));
            }
            fail(changed_error(shown), placed_backup)
        }
        Ok(false) => {
            // No exchange here: check, then rename, the narrowest window a rename allows.
            if !is_as_read(target, &change.locked) {
                return fail(changed_error(shown), placed_backup);
            }
            match fs::rename(&tmp_path, target) {
                Ok(()) => Ok(Placed {
                    change,
                    new_id,
                    displaced: None,
                    backup: placed_backup,
                }),
                Err(e) => fail(Error::io("replacing", shown, e), placed_backup),
            }
        }
        Err(e) => fail(Error::io("replacing", shown, e), placed_backup),
    }
}

/// Undo one replacement: the original file (the same file, with its links and attributes) gets
/// its name back; a created file is removed. An error says what could not be put back.
pub(super) fn undo(p: &Placed) -> std::result::Result<(), String> {
    let locked = &p.change.locked;
    let shown = locked.path.display();
    let describe = |e: std::io::Error| format!("{shown}: {}", crate::error::describe_io(&e));
    let ours = p.new_id.is_some() && id_at(&locked.target) == p.new_id;
    let result = if !ours {
        Err(format!(
            "{shown} was changed by another program after jwtadm wrote it; left as it is"
        ))
    } else if let Some(old) = &p.displaced {
        exchange(old, &locked.target)
            .map_err(describe)
            .and_then(|swapped| {
                if swapped {
                    let _ = fs::remove_file(old);
                    Ok(())
                } else {
                    Err(format!("{shown}: the file system cannot swap it back"))
                }
            })
    } else if locked.existed {
        write_file(&locked.target, &locked.content, 0o600).map_err(|e| e.to_string())
    } else {
        fs::remove_file(&locked.target).map_err(describe)
    };
    let backup = p.backup.as_ref().map_or(Ok(()), restore_backup);
    result.and(backup)
}
