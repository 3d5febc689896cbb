//! Backups: `FILE.bak` beside the name the user gave, staged with the rest, put in place
//! with each replacement and put back when the run fails.

use std::fs;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use super::Change;
use super::read::{kind_of, open_regular};
use super::replace::{changed_error, exchange, rename_new};
use super::stage::{check_replaceable, stage};
use super::{FileId, id_at, id_of};
use crate::error::{Error, Result};

/// A backup to write: `FILE.bak` beside the name the user gave, never through a link.
pub(super) struct Backup {
    pub(super) path: PathBuf,
    /// The regular file already there, to be replaced (and put back if the run fails).
    pub(super) replaces: Option<FileId>,
    pub(super) tmp: NamedTempFile,
}

impl Backup {
    /// Check that `FILE.bak` is free or a regular file jwtadm may replace, and stage the old
    /// content there.
    pub(super) fn prepare(change: &Change, run: Option<&str>) -> Result<Backup> {
        let path = backup_path(&change.locked.path);
        let replaces = match fs::symlink_metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io("checking the backup", &path, e)),
            Ok(m) if m.file_type().is_symlink() => {
                return Err(Error::operational(format!(
                    "{}: the backup's place is a symbolic link; jwtadm never writes a backup through a link",
                    path.display()
                ))
                .with_hint("remove the link, or run without --backup"));
            }
            Ok(m) if !m.is_file() => {
                return Err(Error::operational(format!(
                    "{}: the backup's place is {}, not a regular file",
                    path.display(),
                    kind_of(&m.file_type())
                ))
                .with_hint("move it away, or run without --backup"));
            }
            Ok(m) => {
                check_backup_owner(&path, &m, change)?;
                if let Ok(existing) = open_regular(&path) {
                    check_replaceable(&existing, &path)?;
                }
                Some(id_of(&m))
            }
        };
        let tmp = stage(
            &path,
            &change.locked.content,
            change.locked.file.as_ref(),
            0o600,
            run,
        )?;
        Ok(Backup {
            path,
            replaces,
            tmp,
        })
    }
}

/// An existing backup is replaced only when it belongs to the user running jwtadm or to the
/// owner of the file it backs up: in a shared folder, someone else's file of that name is not
/// jwtadm's to replace.
#[cfg(unix)]
pub(super) fn check_backup_owner(path: &Path, meta: &fs::Metadata, change: &Change) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let me = rustix::process::geteuid().as_raw();
    let owner_of_original = change
        .locked
        .file
        .as_ref()
        .and_then(|f| f.metadata().ok())
        .map(|m| m.uid());
    if meta.uid() != me && Some(meta.uid()) != owner_of_original {
        return Err(Error::operational(format!(
            "{}: the backup's place holds a file of user {}, not of the file's owner; it was not replaced",
            path.display(),
            meta.uid()
        ))
        .with_hint("move it away, or run without --backup"));
    }
    Ok(())
}

#[cfg(not(unix))]
pub(super) fn check_backup_owner(
    _path: &Path,
    _meta: &fs::Metadata,
    _change: &Change,
) -> Result<()> {
    Ok(())
}

pub(super) struct PlacedBackup {
    pub(super) path: PathBuf,
    pub(super) new_id: Option<FileId>,
    /// The backup it replaced, kept until the run ends; None when the backup is new.
    pub(super) displaced: Option<PathBuf>,
}

pub(super) fn place_backup(b: Backup) -> Result<PlacedBackup> {
    let new_id = b.tmp.as_file().metadata().ok().map(|m| id_of(&m));
    let (_, tmp) = b
        .tmp
        .keep()
        .map_err(|e| Error::io("keeping a temporary file for", &b.path, e.error))?;
    let failed = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            changed_error(&b.path)
        } else {
            Error::io("writing the backup", &b.path, e)
        }
    };
    let displaced = match b.replaces {
        // No backup yet: create it, unless someone else did meanwhile.
        None => rename_new(&tmp, &b.path).map(|()| None).map_err(failed),
        Some(old) => match exchange(&tmp, &b.path) {
            // The old backup now has the temporary name: it must be the one checked.
            Ok(true) if id_at(&tmp) == Some(old) => Ok(Some(tmp.clone())),
            Ok(true) => {
                // Someone else's file: give it its name back (then the new backup is at tmp).
                return Err(match exchange(&tmp, &b.path) {
                    Ok(_) => {
                        let _ = fs::remove_file(&tmp);
                        changed_error(&b.path)
                    }
                    Err(e) => changed_error(&b.path).also(format!(
                        "and it could not be given back its name ({}); it is in {}",
                        crate::error::describe_io(&e),
                        tmp.display()
                    )),
                });
            }
            // No exchange here: move the old backup aside, then put the new one in its place.
            Ok(false) if id_at(&b.path) == Some(old) => {
                let mut aside = tmp.clone().into_os_string();
                aside.push(".old.tmp");
                let aside = PathBuf::from(aside);
                fs::rename(&b.path, &aside)
                    .and_then(|()| {
                        rename_new(&tmp, &b.path).inspect_err(|_| {
                            let _ = fs::rename(&aside, &b.path);
                        })
                    })
                    .map(|()| Some(aside))
                    .map_err(failed)
            }
            Ok(false) => Err(changed_error(&b.path)),
            Err(e) => Err(failed(e)),
        },
    };
    match displaced {
        Ok(displaced) => Ok(PlacedBackup {
            path: b.path,
            new_id,
            displaced,
        }),
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Put back the backup a failed run replaced or created. An error says what could not be.
pub(super) fn restore_backup(b: &PlacedBackup) -> std::result::Result<(), String> {
    let describe =
        |e: std::io::Error| format!("{}: {}", b.path.display(), crate::error::describe_io(&e));
    if b.new_id.is_none() || id_at(&b.path) != b.new_id {
        return Err(format!(
            "{} was changed by another program; left as it is",
            b.path.display()
        ));
    }
    match &b.displaced {
        Some(old) => match exchange(old, &b.path).map_err(describe)? {
            true => {
                let _ = fs::remove_file(old);
                Ok(())
            }
            false => fs::rename(old, &b.path).map_err(describe),
        },
        None => fs::remove_file(&b.path).map_err(describe),
    }
}

pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".bak");
    PathBuf::from(name)
}
