//! Reading what jwtadm is given: regular files only, never blocking on a named pipe, a device
//! or a socket, and never more than a cap from standard input.

use std::fs::{self, File};
use std::io::Read;
use std::path::Path;

use super::folder;

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

pub(super) fn not_regular(file_type: &fs::FileType) -> std::io::Error {
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
