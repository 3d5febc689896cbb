//! Staging: a temporary file beside the target with the target's owner, mode and extended
//! attributes (or mode 0600 for a secret), flushed before anything is replaced; the refusal of
//! an immutable or append-only file; and the removal of temporary files a killed run left.

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

use tempfile::NamedTempFile;

use super::folder;
use crate::error::{Error, Result};

/// A temporary file beside `target` holding `bytes`, with the owner, mode and extended
/// attributes of `like` (the file it replaces) or `new_mode` when there is none. Not yet
/// flushed: see [`flush`].
pub(super) fn stage(
    target: &Path,
    bytes: &[u8],
    like: Option<&File>,
    new_mode: u32,
    run: Option<&str>,
) -> Result<NamedTempFile> {
    let staged = run.map(|r| staged_path(target, r));
    let dir = match &staged {
        Some(s) => s.parent().unwrap_or(Path::new(".")),
        None => folder(target),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut builder = tempfile::Builder::new();
    let prefix = match run {
        // The name the journal gave it: `.NAME.jwtadm-RUN.tmp`.
        Some(r) => {
            builder.rand_bytes(0);
            format!(".{name}.jwtadm-{r}")
        }
        None => format!(".{name}.jwtadm-"),
    };
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    builder.permissions(mode_permissions(new_mode));
    #[cfg(not(unix))]
    let _ = new_mode;
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| Error::io("creating a temporary file in", dir, e))?;
    if let Some(original) = like {
        copy_attributes(original, tmp.as_file(), target)?;
    }
    tmp.write_all(bytes)
        .map_err(|e| Error::io("writing a temporary file in", dir, e))?;
    Ok(tmp)
}

/// Where a run's new content for `target` is staged: `.NAME.jwtadm-RUN.tmp` beside it, as an
/// absolute path (the journal records it before it exists).
pub(super) fn staged_path(target: &Path, run: &str) -> std::path::PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = folder(target);
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    dir.join(format!(".{name}.jwtadm-{run}.tmp"))
}

/// Refuse a file the kernel will not let be replaced whatever its mode and owner: immutable
/// (`chattr +i`) or append-only (`chattr +a`). Checked while staging, so a dry run says so too.
#[cfg(target_os = "linux")]
pub(super) fn check_replaceable(file: &File, shown: &Path) -> Result<()> {
    use rustix::fs::IFlags;
    let Ok(flags) = rustix::fs::ioctl_getflags(file) else {
        // A file system without inode flags: nothing to refuse.
        return Ok(());
    };
    let what = if flags.contains(IFlags::IMMUTABLE) {
        ("immutable", "-i")
    } else if flags.contains(IFlags::APPEND) {
        ("append-only", "-a")
    } else {
        return Ok(());
    };
    Err(Error::operational(format!(
        "{} is {} (chattr +{}): it cannot be replaced",
        shown.display(),
        what.0,
        &what.1[1..]
    ))
    .with_hint(format!(
        "if it should change, run (as root) chattr {} {}",
        what.1,
        shown.display()
    )))
}

#[cfg(not(target_os = "linux"))]
pub(super) fn check_replaceable(_file: &File, _shown: &Path) -> Result<()> {
    Ok(())
}

/// Give a staged file holding a secret mode 0600 (owner read and write only).
pub(super) fn make_private(tmp: &NamedTempFile, shown: &Path) -> Result<()> {
    #[cfg(unix)]
    tmp.as_file()
        .set_permissions(mode_permissions(0o600))
        .map_err(|e| Error::io("making private", shown, e))?;
    #[cfg(not(unix))]
    let _ = (tmp, shown);
    Ok(())
}

/// Flush a staged file to disk. A run stages every file first and flushes them after: the
/// first flush commits the file system's journal for all of them, and the rest find little
/// left to do, where flushing each as it is written would commit the journal once per file,
/// and each commit grows with the files not yet flushed.
pub(super) fn flush(tmp: &NamedTempFile) -> Result<()> {
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io("writing", tmp.path(), e))
}

#[cfg(unix)]
pub(super) fn mode_permissions(mode: u32) -> fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    fs::Permissions::from_mode(mode)
}

/// Give `to` the owner, mode and extended attributes of `from`. `shown` names the file in
/// errors.
#[cfg(unix)]
pub(super) fn copy_attributes(from: &File, to: &File, shown: &Path) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let meta = from
        .metadata()
        .map_err(|e| Error::io("reading", shown, e))?;
    let mine = to.metadata().map_err(|e| Error::io("reading", shown, e))?;
    if (meta.uid(), meta.gid()) != (mine.uid(), mine.gid()) {
        std::os::unix::fs::fchown(to, Some(meta.uid()), Some(meta.gid()))
            .map_err(|e| Error::io("keeping the owner of", shown, e))?;
    }
    to.set_permissions(meta.permissions())
        .map_err(|e| Error::io("keeping the mode of", shown, e))?;
    copy_xattrs(from, to, shown)
}

#[cfg(not(unix))]
pub(super) fn copy_attributes(from: &File, to: &File, shown: &Path) -> Result<()> {
    let meta = from
        .metadata()
        .map_err(|e| Error::io("reading", shown, e))?;
    to.set_permissions(meta.permissions())
        .map_err(|e| Error::io("keeping the mode of", shown, e))
}

/// Copy every extended attribute (ACLs, SELinux labels, user attributes) of `from` to `to`.
/// One that cannot be set is accepted only when `to` already has the same value (a label the
/// system gave the new file); otherwise the run stops before anything is replaced.
#[cfg(unix)]
pub(super) fn copy_xattrs(from: &File, to: &File, shown: &Path) -> Result<()> {
    use xattr::FileExt;
    let names = match from.list_xattr() {
        Ok(names) => names,
        // No extended attributes on this file system.
        Err(e) if unsupported(&e) => return Ok(()),
        Err(e) => return Err(Error::io("reading the extended attributes of", shown, e)),
    };
    for name in names {
        let Some(value) = from
            .get_xattr(&name)
            .map_err(|e| Error::io("reading the extended attributes of", shown, e))?
        else {
            continue;
        };
        if let Err(e) = to.set_xattr(&name, &value)
            && to.get_xattr(&name).ok().flatten().as_deref() != Some(value.as_slice())
        {
            return Err(Error::operational(format!(
                "{}: cannot keep its extended attribute {}: {}; nothing was changed",
                shown.display(),
                name.to_string_lossy(),
                crate::error::describe_io(&e)
            )));
        }
    }
    Ok(())
}

#[cfg(unix)]
pub(super) fn unsupported(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::Unsupported
        || e.raw_os_error() == Some(rustix::io::Errno::NOTSUP.raw_os_error())
        || e.raw_os_error() == Some(rustix::io::Errno::OPNOTSUPP.raw_os_error())
}

/// Remove the temporary files a killed run left beside `targets`. Called with the targets
/// locked, so no other jwtadm run can be writing one of them. Each folder is read once.
pub(super) fn remove_stale_temps(targets: &[&Path]) {
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
