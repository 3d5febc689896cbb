//! `file:PATH`: a secret alone in a file, and the StrictModes checks a key file must pass.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::{Kept, SecretSource, SecretStore, not_shown_hint, trim_line_end};
use crate::error::{Error, Result};
use crate::redact::{could_be_secret, shown};
use crate::txn;
use crate::txn::plan::Plan;

pub struct File<'a> {
    pub path: &'a Path,
}

impl fmt::Display for File<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "file:{}", shown(&self.path.display().to_string()))
    }
}

impl<'a> SecretStore<'a> for File<'a> {
    fn read(&self) -> Result<Zeroizing<String>> {
        let path = self.path;
        let named = path.display().to_string();
        if could_be_secret(&named) && std::fs::symlink_metadata(path).is_err() {
            return Err(Error::operational(format!(
                "no secret: there is no file at the {} characters after file:",
                named.chars().count()
            ))
            .with_hint(not_shown_hint("file:", "path")));
        }
        self.check_private()?;
        Ok(trim_line_end(read_secret_file(path)?))
    }

    fn check_private(&self) -> Result<()> {
        check_private(self.path)
    }

    fn read_optional(&self) -> Result<Option<Zeroizing<String>>> {
        match std::fs::symlink_metadata(self.path) {
            Err(_) => Ok(None),
            Ok(_) => self.read().map(Some),
        }
    }

    fn read_unchecked(&self) -> Result<Zeroizing<String>> {
        if std::fs::metadata(self.path).is_err() {
            return self.read();
        }
        Ok(trim_line_end(read_secret_file(self.path)?))
    }

    /// Written as every other file jwtadm writes: locked, exchanged, checked against what was
    /// read, never through a device, a FIFO or a link left dangling; a new file is never put
    /// over one created meanwhile. Created 0600.
    fn write(&self, text: &str, force: bool) -> Result<()> {
        let path = self.path;
        check_place_for_secret(path)?;
        let mut plan = Plan::open_with(&[], &[path])?;
        if !force && plan.existed(path) {
            return Err(
                Error::operational(format!("{} already exists", path.display()))
                    .with_hint("pass --force to replace it"),
            );
        }
        self.stage(&mut plan, text)?;
        plan.commit(false).map(|_| ())
    }

    fn rotatable(&self) -> bool {
        true
    }

    /// The file is written 0600 wherever it was, and must be a place the next read of the
    /// secret accepts (no one else's file or folder): jwtadm never writes a secret that it
    /// then refuses.
    fn stage(&self, plan: &mut Plan, text: &str) -> Result<()> {
        let mut content = String::with_capacity(text.len() + 1);
        content.push_str(text);
        content.push('\n');
        plan.replace(self.path, content);
        check_place_for_secret(self.path)?;
        plan.make_private(self.path)
    }

    fn kept(&self, kept: Kept) -> Option<SecretSource> {
        Some(SecretSource::File(kept.beside_path(self.path)))
    }

    fn file(&self) -> Option<(&'a Path, Option<&'a str>)> {
        Some((self.path, None))
    }

    fn names(&self) -> Vec<String> {
        vec![self.path.display().to_string()]
    }
}

pub(super) fn read_secret_file(path: &Path) -> Result<Zeroizing<String>> {
    let mut f =
        txn::open_regular(path).map_err(|e| Error::io("reading the secret file", path, e))?;
    let mut s = Zeroizing::new(String::new());
    f.read_to_string(&mut s)
        .map_err(|e| Error::io("reading the secret file", path, e))?;
    Ok(s)
}

/// Refuse a key file that someone else could read or replace, as ssh's StrictModes refuses such
/// a key: a file group or others may read or write; a file owned by someone other than the
/// user (the effective uid) or root; a file in a folder, or under a folder up to `/`, that
/// someone else owns, or that group or others may write without the sticky bit (which, as in
/// /tmp, stops them from renaming or deleting what they do not own). The folders checked are
/// those of the path as given and of the path its symbolic links lead to.
#[cfg(unix)]
pub fn check_private(path: &Path) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let meta =
        std::fs::metadata(path).map_err(|e| Error::io("reading the secret file", path, e))?;
    if !meta.is_file() {
        return Err(Error::operational(format!(
            "the secret file {} is {}, not a regular file",
            path.display(),
            txn::kind_of(&meta.file_type())
        ))
        .with_hint(
            "name a regular 0600 file, or another source (env:, dotenv:, keyring:, stdin)",
        ));
    }
    let mode = meta.mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(Error::operational(format!(
            "the secret file {} is accessible by group or others (mode {mode:04o})",
            path.display()
        ))
        .with_hint(format!("run: chmod 600 {}", path.display())));
    }
    check_owner_and_folders(path, Some(&meta))
}

/// The part of [`check_private`] a secret about to be written must pass: the file, when there
/// is one, is the user's or root's, and no folder above it lets someone else replace it. (Its
/// mode is not checked: jwtadm writes a secret 0600.)
#[cfg(unix)]
pub fn check_place_for_secret(path: &Path) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(meta) => check_owner_and_folders(path, Some(&meta)),
        Err(_) => check_owner_and_folders(path, None),
    }
}

#[cfg(not(unix))]
pub fn check_place_for_secret(_path: &Path) -> Result<()> {
    Ok(())
}

#[cfg(unix)]
fn check_owner_and_folders(path: &Path, meta: Option<&std::fs::Metadata>) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let me = rustix::process::geteuid().as_raw();
    if let Some(meta) = meta
        && meta.uid() != me
        && meta.uid() != 0
    {
        return Err(Error::operational(format!(
            "the secret file {} is owned by uid {}, not by you (uid {me}) or root: its owner can change it",
            path.display(),
            meta.uid()
        ))
        .with_hint(format!(
            "take it over (as root: chown {me} {}), or keep the secret in a file of your own",
            path.display()
        )));
    }
    for dir in folders_of(path) {
        let Ok(m) = std::fs::metadata(&dir) else {
            continue;
        };
        let dmode = m.mode() & 0o7777;
        if m.uid() != me && m.uid() != 0 {
            return Err(Error::operational(format!(
                "the secret file {} is in the folder {}, owned by uid {}, not by you (uid {me}) or root: its owner can replace the file",
                path.display(),
                dir.display(),
                m.uid()
            ))
            .with_hint(format!(
                "move the secret file to a folder of your own, or (as root) chown {me} {}",
                dir.display()
            )));
        }
        if dmode & 0o022 != 0 && dmode & 0o1000 == 0 {
            return Err(Error::operational(format!(
                "the secret file {} is in the folder {}, which group or others may write (mode {dmode:04o}) and is not sticky: anyone who can write there can replace the file",
                path.display(),
                dir.display()
            ))
            .with_hint(format!(
                "run: chmod go-w {} (or chmod +t {} for a shared folder), or move the secret file to a folder of your own",
                dir.display(),
                dir.display()
            )));
        }
    }
    Ok(())
}

/// Every folder above `path` up to `/`: along the path as given (made absolute), and along the
/// path with its symbolic links resolved. Each once, nearest first.
#[cfg(unix)]
fn folders_of(path: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    let given = std::path::absolute(path).ok();
    let real = std::fs::canonicalize(path).ok();
    for p in given.iter().chain(real.iter()) {
        for dir in p.ancestors().skip(1) {
            if !dir.as_os_str().is_empty() && !out.iter().any(|d| d == dir) {
                out.push(dir.to_path_buf());
            }
        }
    }
    out
}

#[cfg(not(unix))]
pub fn check_private(_path: &Path) -> Result<()> {
    Ok(())
}
