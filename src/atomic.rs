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

use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use tempfile::NamedTempFile;

use zeroize::Zeroizing;

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

// ---------------------------------------------------------------------------------------------
// Reading: regular files only, never blocking
// ---------------------------------------------------------------------------------------------

/// What a file that is not a regular file is, in words.
pub fn kind_of(file_type: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

fn not_regular(file_type: &fs::FileType) -> std::io::Error {
    if file_type.is_dir() {
        return std::io::ErrorKind::IsADirectory.into();
    }
    std::io::Error::other(format!(
        "not a regular file: it is {}; jwtadm reads only regular files",
        kind_of(file_type)
    ))
}

/// Open the regular file at `path` (symlinks followed) for reading, without ever blocking: a
/// named pipe, a device or a socket is refused before anything is read from it. The file is
/// opened non-blocking and checked again with `fstat`, so a pipe put in its place between the
/// two checks is refused too.
pub fn open_regular(path: &Path) -> std::io::Result<File> {
    let meta = fs::metadata(path)?;
    if !meta.is_file() {
        return Err(not_regular(&meta.file_type()));
    }
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(&meta.file_type()));
    }
    #[cfg(unix)]
    rustix::fs::fcntl_setfl(&file, rustix::fs::OFlags::empty())?;
    Ok(file)
}

/// The content of the regular file at `path` (see [`open_regular`]).
pub fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    open_regular(path)?.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// At most `max` bytes of text from `reader`: more is an error (`FileTooLarge`), never an
/// allocation without bound (`/dev/zero` on standard input); not UTF-8 is `InvalidData`.
pub fn read_text_capped(reader: impl Read, max: u64) -> std::io::Result<String> {
    let mut bytes = Vec::new();
    reader.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!("more than {} KiB: not what jwtadm reads there", max / 1024),
        ));
    }
    String::from_utf8(bytes).map_err(|_| std::io::ErrorKind::InvalidData.into())
}

/// A token, a claims file: what jwtadm reads from a file a user names or from standard input.
pub const MAX_INPUT: u64 = 1024 * 1024;

/// The text of the regular file at `path` (see [`open_regular`]); not UTF-8 is `InvalidData`.
pub fn read_regular_string(path: &Path) -> std::io::Result<String> {
    let mut text = String::new();
    open_regular(path)?.read_to_string(&mut text)?;
    Ok(text)
}

/// Open the regular file at `path` for appending (created with `new_mode` when missing),
/// without blocking on a named pipe put there instead.
pub fn open_append(path: &Path, new_mode: u32) -> std::io::Result<File> {
    if let Ok(meta) = fs::metadata(path)
        && !meta.is_file()
    {
        return Err(not_regular(&meta.file_type()));
    }
    let mut options = fs::OpenOptions::new();
    options.append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options
            .mode(new_mode)
            .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    #[cfg(not(unix))]
    let _ = new_mode;
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(&meta.file_type()));
    }
    #[cfg(unix)]
    rustix::fs::fcntl_setfl(&file, rustix::fs::OFlags::APPEND)?;
    Ok(file)
}

/// Whether [`open_append`] would succeed on `path`, changing nothing: an existing file is
/// opened for appending (and closed, nothing written); a missing one is checked by creating a
/// temporary file in its folder and removing it. For `--dry-run`.
pub fn check_append(path: &Path) -> std::io::Result<()> {
    match fs::symlink_metadata(path).and_then(|_| fs::metadata(path)) {
        Ok(meta) if !meta.is_file() => Err(not_regular(&meta.file_type())),
        Ok(_) => {
            let mut options = fs::OpenOptions::new();
            options.append(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
            }
            options.open(path).map(drop)
        }
        Err(_) => tempfile::Builder::new()
            .prefix(".jwtadm-check-")
            .tempfile_in(folder(path))
            .map(drop),
    }
}

// ---------------------------------------------------------------------------------------------
// Locks: wait a while, say so, give up
// ---------------------------------------------------------------------------------------------

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

fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0}s")
    } else {
        format!("{s:.1}s")
    }
}

/// Take the advisory lock on `file`, waiting for another process that holds it at most the
/// lock timeout; after a second of waiting the wait is announced.
fn lock(file: &File, shown: &Path) -> Result<()> {
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

// ---------------------------------------------------------------------------------------------
// Staging: a temporary file beside the target with the target's owner, mode and attributes
// ---------------------------------------------------------------------------------------------

/// A temporary file beside `target` holding `bytes`, with the owner, mode and extended
/// attributes of `like` (the file it replaces) or `new_mode` when there is none. Not yet
/// flushed: see [`flush`].
fn stage(target: &Path, bytes: &[u8], like: Option<&File>, new_mode: u32) -> Result<NamedTempFile> {
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
    if let Some(original) = like {
        copy_attributes(original, tmp.as_file(), target)?;
    }
    tmp.write_all(bytes)
        .map_err(|e| Error::io("writing a temporary file in", dir, e))?;
    Ok(tmp)
}

/// Refuse a file the kernel will not let be replaced whatever its mode and owner: immutable
/// (`chattr +i`) or append-only (`chattr +a`). Checked while staging, so a dry run says so too.
#[cfg(target_os = "linux")]
fn check_replaceable(file: &File, shown: &Path) -> Result<()> {
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
fn check_replaceable(_file: &File, _shown: &Path) -> Result<()> {
    Ok(())
}

/// Give a staged file holding a secret mode 0600 (owner read and write only).
fn make_private(tmp: &NamedTempFile, shown: &Path) -> Result<()> {
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

/// Give `to` the owner, mode and extended attributes of `from`. `shown` names the file in
/// errors.
#[cfg(unix)]
fn copy_attributes(from: &File, to: &File, shown: &Path) -> Result<()> {
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
fn copy_attributes(from: &File, to: &File, shown: &Path) -> Result<()> {
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
fn copy_xattrs(from: &File, to: &File, shown: &Path) -> Result<()> {
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
fn unsupported(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::Unsupported
        || e.raw_os_error() == Some(rustix::io::Errno::NOTSUP.raw_os_error())
        || e.raw_os_error() == Some(rustix::io::Errno::OPNOTSUPP.raw_os_error())
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

// ---------------------------------------------------------------------------------------------
// Replacing: exchange, then check what was displaced
// ---------------------------------------------------------------------------------------------

/// Exchange the files at `a` and `b` atomically. `Ok(false)`: this file system or platform
/// cannot.
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios"
))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
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
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// Rename `from` to `to` unless `to` exists (then `AlreadyExists`). Where the platform cannot
/// refuse atomically, the check runs just before a plain rename.
fn rename_new(from: &Path, to: &Path) -> std::io::Result<()> {
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
fn no_exchange_for_tests() -> bool {
    cfg!(debug_assertions) && std::env::var_os("JWTADM_TEST_NO_EXCHANGE").is_some()
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

/// Replace (or create) one file atomically. A new file gets `new_mode`.
pub fn write_file(path: &Path, bytes: &[u8], new_mode: u32) -> Result<()> {
    let target = resolve(path);
    let original = open_regular(&target).ok();
    let tmp = stage(&target, bytes, original.as_ref(), new_mode)?;
    flush(&tmp)?;
    tmp.persist(&target)
        .map_err(|e| Error::io("replacing", &target, e.error))?;
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
    /// Zeroized when dropped: a file jwtadm rewrites may hold a secret.
    pub content: Zeroizing<Vec<u8>>,
    /// Whether the file existed; a file that did not is created (0600), and must still not
    /// exist when the transaction commits.
    pub existed: bool,
    file: Option<File>,
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
    fn mode_is_open(&self) -> bool {
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

    fn id(&self) -> Option<FileId> {
        self.file
            .as_ref()
            .and_then(|f| f.metadata().ok())
            .map(|m| id_of(&m))
    }
}

/// Open `path` (following symlinks; a regular file only), wait for its lock, and read it.
pub fn lock_and_read(path: &Path) -> Result<Locked> {
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
fn same_file(file: &File, path: &Path) -> bool {
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => id_of(&a) == id_of(&b),
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
    pub new: Zeroizing<Vec<u8>>,
    /// A file that holds a secret: written 0600 whatever its mode was.
    pub private: bool,
}

/// Several file replacements that happen all or nothing.
#[derive(Default)]
pub struct Transaction {
    changes: Vec<Change>,
    backup: bool,
}

/// A backup to write: `FILE.bak` beside the name the user gave, never through a link.
struct Backup {
    path: PathBuf,
    /// The regular file already there, to be replaced (and put back if the run fails).
    replaces: Option<FileId>,
    tmp: NamedTempFile,
}

impl Backup {
    /// Check that `FILE.bak` is free or a regular file jwtadm may replace, and stage the old
    /// content there.
    fn prepare(change: &Change) -> Result<Backup> {
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
fn check_backup_owner(path: &Path, meta: &fs::Metadata, change: &Change) -> Result<()> {
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
fn check_backup_owner(_path: &Path, _meta: &fs::Metadata, _change: &Change) -> Result<()> {
    Ok(())
}

/// A replacement made, with what it needs to be undone.
struct Placed<'a> {
    change: &'a Change,
    /// The staged file, now at the target's name.
    new_id: Option<FileId>,
    /// Where the displaced original is kept until the run ends (None: created, or replaced by
    /// a plain rename where the file system cannot exchange).
    displaced: Option<PathBuf>,
    backup: Option<PlacedBackup>,
}

struct PlacedBackup {
    path: PathBuf,
    new_id: Option<FileId>,
    /// The backup it replaced, kept until the run ends; None when the backup is new.
    displaced: Option<PathBuf>,
}

fn changed_error(shown: &Path) -> Error {
    Error::operational(format!(
        "{} was changed by another program while jwtadm was working; it was not overwritten",
        shown.display()
    ))
    .with_hint("run the command again")
}

/// Whether the file at `at` is `locked`'s file with the content read.
fn is_as_read(at: &Path, locked: &Locked) -> bool {
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
fn place<'a>(change: &'a Change, tmp: NamedTempFile, backup: Option<Backup>) -> Result<Placed<'a>> {
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

fn backup_changed(path: &Path) -> Error {
    Error::operational(format!(
        "{} was changed by another program while jwtadm was working; it was not overwritten",
        path.display()
    ))
    .with_hint("run the command again")
}

fn place_backup(b: Backup) -> Result<PlacedBackup> {
    let new_id = b.tmp.as_file().metadata().ok().map(|m| id_of(&m));
    let (_, tmp) = b
        .tmp
        .keep()
        .map_err(|e| Error::io("keeping a temporary file for", &b.path, e.error))?;
    let failed = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            backup_changed(&b.path)
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
                        backup_changed(&b.path)
                    }
                    Err(e) => backup_changed(&b.path).also(format!(
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
            Ok(false) => Err(backup_changed(&b.path)),
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
fn restore_backup(b: &PlacedBackup) -> std::result::Result<(), String> {
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

/// Undo one replacement: the original file (the same file, with its links and attributes) gets
/// its name back; a created file is removed. An error says what could not be put back.
fn undo(p: &Placed) -> std::result::Result<(), String> {
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

impl Transaction {
    pub fn new(backup: bool) -> Self {
        Transaction {
            changes: Vec::new(),
            backup,
        }
    }

    /// Add a replacement. A change that writes what the file already holds is dropped.
    pub fn add(&mut self, locked: Locked, new: Vec<u8>) {
        self.add_file(locked, new, false);
    }

    /// As [`Transaction::add`]; a `private` file (one that holds a secret) is written 0600
    /// whatever its mode was, so a secret never lands in a file others can read.
    pub fn add_file(&mut self, locked: Locked, new: Vec<u8>, private: bool) {
        let new = Zeroizing::new(new);
        if *locked.content != *new || !locked.existed || (private && locked.mode_is_open()) {
            self.changes.push(Change {
                locked,
                new,
                private,
            });
        }
    }

    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// Stage every new content and backup on disk beside its target, as [`Transaction::commit`]
    /// does before it replaces anything: a folder that cannot be written, an owner, mode or
    /// extended attribute that cannot be kept, or a backup's place that is not jwtadm's fails
    /// here.
    fn stage_all(&self) -> Result<Vec<(NamedTempFile, Option<Backup>)>> {
        let nothing = |e: Error| e.also("nothing was changed");
        let mut staged = Vec::with_capacity(self.changes.len());
        for change in &self.changes {
            if let Some(file) = &change.locked.file {
                check_replaceable(file, &change.locked.path).map_err(nothing)?;
            }
            let backup = if self.backup && change.locked.existed {
                Some(Backup::prepare(change).map_err(nothing)?)
            } else {
                None
            };
            let tmp = stage(
                &change.locked.target,
                &change.new,
                change.locked.file.as_ref(),
                0o600,
            )
            .and_then(|tmp| {
                if change.private {
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
        self.stage_all().map(drop)
    }

    /// Replace every file, and write each one's backup when asked: all of it or none. Returns
    /// the paths written.
    pub fn commit(self) -> Result<Vec<PathBuf>> {
        let nothing = |e: Error| e.also("nothing was changed");
        // 1. Stage every new content and backup on disk: a full disk, a folder that cannot be
        //    written or a backup's place that is not jwtadm's fails here, before any file is
        //    touched.
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
        let staged = self.stage_all()?;
        for (tmp, backup) in &staged {
            flush(tmp).map_err(nothing)?;
            if let Some(b) = backup {
                flush(&b.tmp).map_err(nothing)?;
            }
        }
        test_pause();
        // 2. Put each in its place; a failure puts back every file and backup already placed.
        let mut placed: Vec<Placed> = Vec::with_capacity(staged.len());
        for (change, (tmp, backup)) in self.changes.iter().zip(staged) {
            test_delay();
            match place(change, tmp, backup) {
                Ok(p) => placed.push(p),
                Err(e) => {
                    let failures: Vec<String> =
                        placed.iter().rev().filter_map(|p| undo(p).err()).collect();
                    sync_folders(placed.iter().map(|p| p.change.locked.target.as_path()));
                    return Err(if !failures.is_empty() {
                        e.also(format!(
                            "and some files could not be put back: {}",
                            failures.join("; ")
                        ))
                    } else if placed.is_empty() {
                        nothing(e)
                    } else {
                        e.also(
                            "every file already replaced, and its backup, was put back as it was",
                        )
                    });
                }
            }
        }
        // 3. Every file is in place: the originals they displaced can go.
        for p in &placed {
            if let Some(d) = &p.displaced {
                let _ = fs::remove_file(d);
            }
            if let Some(d) = p.backup.as_ref().and_then(|b| b.displaced.as_ref()) {
                let _ = fs::remove_file(d);
            }
        }
        sync_folders(
            placed
                .iter()
                .map(|p| p.change.locked.target.as_path())
                .chain(backups.iter().map(PathBuf::as_path)),
        );
        Ok(placed
            .iter()
            .map(|p| p.change.locked.path.clone())
            .collect())
    }
}

pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".bak");
    PathBuf::from(name)
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
