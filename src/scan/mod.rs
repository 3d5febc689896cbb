//! `jwtadm scan`'s search: walking the paths as ripgrep does (in parallel, respecting
//! `.gitignore` and `.ignore`, but into hidden files, where MCP tokens live; never into
//! `.git`), reading each file once, and finding JWT-shaped strings in it ([`find`]). What the
//! tokens found are is [`crate::ops::scan`]'s to say; nothing is printed here.

pub mod find;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

pub use find::{Candidate, Shape};

/// How the tree is walked.
#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// Also search what `.gitignore`, `.ignore` and git's excludes leave out.
    pub no_ignore: bool,
    /// Skip (and count) a file larger than this many bytes.
    pub max_filesize: Option<u64>,
    /// Worker threads (0: as many as the machine has, as ripgrep chooses).
    pub threads: usize,
}

/// A file searched and what was found in it.
#[derive(Debug)]
pub struct FileHits {
    pub path: PathBuf,
    pub candidates: Vec<Candidate>,
}

/// What a walk found and passed over.
#[derive(Debug, Default)]
pub struct Walked {
    pub files: Vec<FileHits>,
    pub files_scanned: u64,
    pub bytes_scanned: u64,
    pub skipped: Skipped,
}

/// The files passed over, by why.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Skipped {
    /// A NUL byte: a binary file (as ripgrep judges one).
    pub binary: u64,
    /// A UTF-16 or UTF-32 byte-order mark: text jwtadm does not search.
    pub utf16: u64,
    /// Larger than `--max-filesize`.
    pub too_large: u64,
    /// Could not be read (permissions, vanished, a folder that cannot be listed).
    pub unreadable: u64,
}

#[derive(Default)]
struct Counters {
    files: AtomicU64,
    bytes: AtomicU64,
    binary: AtomicU64,
    utf16: AtomicU64,
    too_large: AtomicU64,
    unreadable: AtomicU64,
}

/// What a file's bytes are, for searching.
pub enum Content {
    Text,
    Binary,
    Utf16,
}

/// Whether `bytes` are text to search: a UTF-16/32 byte-order mark, or a NUL anywhere (as
/// ripgrep's binary detection), is not.
pub fn content(bytes: &[u8]) -> Content {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Content::Utf16;
    }
    if memchr::memchr(0, bytes).is_some() {
        return Content::Binary;
    }
    Content::Text
}

/// Search one file's bytes: its candidates, or why it was skipped.
fn search(bytes: &[u8], counters: &Counters) -> Option<Vec<Candidate>> {
    match content(bytes) {
        Content::Utf16 => {
            counters.utf16.fetch_add(1, Ordering::Relaxed);
            None
        }
        Content::Binary => {
            counters.binary.fetch_add(1, Ordering::Relaxed);
            None
        }
        Content::Text => {
            counters.files.fetch_add(1, Ordering::Relaxed);
            counters
                .bytes
                .fetch_add(bytes.len() as u64, Ordering::Relaxed);
            Some(find::candidates(bytes))
        }
    }
}

/// Walk `paths` and find every candidate. A path that cannot be read is counted (and named
/// in `unreadable_paths`), not an error: a scan reports what it could search.
pub fn walk(paths: &[PathBuf], options: &WalkOptions) -> (Walked, Vec<String>) {
    let counters = Counters::default();
    let hits: Mutex<Vec<FileHits>> = Mutex::new(Vec::new());
    let errors: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let mut builder = ignore::WalkBuilder::new(&paths[0]);
    for p in &paths[1..] {
        builder.add(p);
    }
    builder
        .hidden(false)
        .ignore(!options.no_ignore)
        .git_ignore(!options.no_ignore)
        .git_global(!options.no_ignore)
        .git_exclude(!options.no_ignore)
        .parents(!options.no_ignore)
        .threads(options.threads)
        .filter_entry(|e| !(e.file_name() == ".git" && e.file_type().is_some_and(|t| t.is_dir())));
    builder.build_parallel().run(|| {
        let counters = &counters;
        let hits = &hits;
        let errors = &errors;
        let max = options.max_filesize;
        Box::new(move |entry| {
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    counters.unreadable.fetch_add(1, Ordering::Relaxed);
                    errors
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push(err.to_string());
                    return ignore::WalkState::Continue;
                }
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                return ignore::WalkState::Continue;
            }
            let path = entry.path();
            if let Some(max) = max
                && entry.metadata().is_ok_and(|m| m.len() > max)
            {
                counters.too_large.fetch_add(1, Ordering::Relaxed);
                return ignore::WalkState::Continue;
            }
            match read(path, max) {
                Ok(bytes) => {
                    if let Some(found) = search(&bytes, counters)
                        && !found.is_empty()
                    {
                        hits.lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .push(FileHits {
                                path: path.to_path_buf(),
                                candidates: found,
                            });
                    }
                }
                Err(Some(e)) => {
                    counters.unreadable.fetch_add(1, Ordering::Relaxed);
                    errors
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push(format!(
                            "{}: {}",
                            path.display(),
                            crate::error::describe_io(&e)
                        ));
                }
                Err(None) => {
                    counters.too_large.fetch_add(1, Ordering::Relaxed);
                }
            }
            ignore::WalkState::Continue
        })
    });
    let mut files = hits.into_inner().unwrap_or_else(|p| p.into_inner());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut errors = errors.into_inner().unwrap_or_else(|p| p.into_inner());
    errors.sort();
    let walked = Walked {
        files,
        files_scanned: counters.files.into_inner(),
        bytes_scanned: counters.bytes.into_inner(),
        skipped: Skipped {
            binary: counters.binary.into_inner(),
            utf16: counters.utf16.into_inner(),
            too_large: counters.too_large.into_inner(),
            unreadable: counters.unreadable.into_inner(),
        },
    };
    (walked, errors)
}

/// A file's bytes; `Err(None)` when it grew past `max` since it was listed.
fn read(path: &Path, max: Option<u64>) -> Result<Vec<u8>, Option<std::io::Error>> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(Some)?;
    let mut bytes = Vec::new();
    match max {
        Some(max) => {
            file.take(max + 1).read_to_end(&mut bytes).map_err(Some)?;
            if bytes.len() as u64 > max {
                return Err(None);
            }
        }
        None => {
            let mut file = file;
            file.read_to_end(&mut bytes).map_err(Some)?;
        }
    }
    Ok(bytes)
}

/// Search bytes that are not a file on disk (the git index's blobs, for `--staged`): their
/// candidates, or `None` when they are binary or UTF-16 (counted in `skipped`).
pub fn search_bytes(bytes: &[u8], skipped: &mut Skipped) -> Option<Vec<Candidate>> {
    match content(bytes) {
        Content::Utf16 => {
            skipped.utf16 += 1;
            None
        }
        Content::Binary => {
            skipped.binary += 1;
            None
        }
        Content::Text => Some(find::candidates(bytes)),
    }
}
