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
        // One buffer per thread, reused for every file it reads.
        let mut buf = Vec::new();
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
            match search_file(path, max, &mut buf) {
                Ok(Searched::Text { candidates, bytes }) => {
                    counters.files.fetch_add(1, Ordering::Relaxed);
                    counters.bytes.fetch_add(bytes, Ordering::Relaxed);
                    if !candidates.is_empty() {
                        hits.lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .push(FileHits {
                                path: path.to_path_buf(),
                                candidates,
                            });
                    }
                }
                Ok(Searched::Binary) => {
                    counters.binary.fetch_add(1, Ordering::Relaxed);
                }
                Ok(Searched::Utf16) => {
                    counters.utf16.fetch_add(1, Ordering::Relaxed);
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

/// Bytes read at a time: a file is searched in windows of this many new bytes (and the few
/// kept from the window before), so that memory does not grow with the files' sizes.
pub const CHUNK: usize = 256 * 1024;

/// What searching a file found.
enum Searched {
    Text {
        candidates: Vec<Candidate>,
        bytes: u64,
    },
    Binary,
    Utf16,
}

/// Search the file at `path` a chunk at a time, in `buf` (a buffer reused from file to file):
/// the same candidates as [`find::candidates`] over the whole file, which is not text when it
/// starts with a UTF-16 byte-order mark or has a NUL anywhere (as ripgrep judges a binary
/// file), but a binary file is read only up to its first NUL. `Err(None)` when it grew past
/// `max` since it was listed.
fn search_file(
    path: &Path,
    max: Option<u64>,
    buf: &mut Vec<u8>,
) -> Result<Searched, Option<std::io::Error>> {
    let mut file = std::fs::File::open(path).map_err(Some)?;
    search_reader(&mut file, max, buf, CHUNK)
}

fn search_reader(
    file: &mut impl std::io::Read,
    max: Option<u64>,
    buf: &mut Vec<u8>,
    chunk: usize,
) -> Result<Searched, Option<std::io::Error>> {
    // The first window holds the two bytes of a byte-order mark, when the file has them.
    let chunk = chunk.max(2);
    let mut search = find::Search::new();
    let mut kept = 0;
    let mut total: u64 = 0;
    loop {
        // The window: the bytes kept from the last one, then up to `chunk` new ones.
        let end = kept + chunk;
        if buf.len() < end {
            buf.resize(end, 0);
        }
        let mut filled = kept;
        let mut eof = false;
        while filled < end {
            match file.read(&mut buf[filled..end]) {
                Ok(0) => {
                    eof = true;
                    break;
                }
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Some(e)),
            }
        }
        let first = total == 0;
        total += (filled - kept) as u64;
        if max.is_some_and(|max| total > max) {
            return Err(None);
        }
        let skip = if first
            && (buf[..filled].starts_with(&[0xFF, 0xFE])
                || buf[..filled].starts_with(&[0xFE, 0xFF]))
        {
            Some(Searched::Utf16)
        } else if memchr::memchr(0, &buf[kept..filled]).is_some() {
            Some(Searched::Binary)
        } else {
            None
        };
        if let Some(skip) = skip {
            // Skipped whatever follows; but a file that grew past --max-filesize is that first.
            if let Some(max) = max
                && !eof
            {
                let rest = std::io::copy(
                    &mut std::io::Read::take(&mut *file, max + 1 - total),
                    &mut std::io::sink(),
                )
                .map_err(Some)?;
                if total + rest > max {
                    return Err(None);
                }
            }
            return Ok(skip);
        }
        let done = search.feed(&buf[..filled], eof);
        if eof {
            return Ok(Searched::Text {
                candidates: search.into_candidates(),
                bytes: total,
            });
        }
        buf.copy_within(done..filled, 0);
        kept = filled - done;
    }
}

/// Search bytes that are not a file on disk (a blob of git's index, for `--staged`), read from
/// `reader` to its end a piece at a time in `buf`, as a file is: their candidates, or `None`
/// when they are binary or UTF-16 (counted in `skipped`). Memory does not grow with the blob.
pub fn search_stream(
    reader: &mut impl std::io::Read,
    skipped: &mut Skipped,
    buf: &mut Vec<u8>,
) -> std::io::Result<Option<Vec<Candidate>>> {
    let searched = search_reader(reader, None, buf, CHUNK)
        .map_err(|e| e.unwrap_or_else(|| std::io::Error::other("no limit, yet too large")))?;
    // A binary or UTF-16 blob is judged before its end: what follows is read and dropped.
    std::io::copy(reader, &mut std::io::sink())?;
    Ok(match searched {
        Searched::Text { candidates, .. } => Some(candidates),
        Searched::Utf16 => {
            skipped.utf16 += 1;
            None
        }
        Searched::Binary => {
            skipped.binary += 1;
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln";

    fn run(bytes: &[u8], max: Option<u64>, chunk: usize) -> Result<Searched, Option<()>> {
        let mut buf = Vec::new();
        search_reader(&mut std::io::Cursor::new(bytes), max, &mut buf, chunk)
            .map_err(|e| e.map(|_| ()))
    }

    #[test]
    fn a_file_in_chunks_is_searched_as_a_whole() {
        let mut text = String::new();
        for i in 0..300 {
            text.push_str(&format!("line {i} ü {T}\r\n"));
        }
        for chunk in [1, 7, 64, 1000, CHUNK] {
            match run(text.as_bytes(), None, chunk) {
                Ok(Searched::Text { candidates, bytes }) => {
                    assert_eq!(
                        candidates,
                        find::candidates(text.as_bytes()),
                        "chunk {chunk}"
                    );
                    assert_eq!(candidates.len(), 300);
                    assert_eq!(bytes, text.len() as u64);
                }
                _ => panic!("not text"),
            }
        }
    }

    #[test]
    fn binary_and_utf16_in_chunks() {
        // A NUL far into the file, past the first chunk: binary all the same.
        let mut bytes = format!("{T}\n").repeat(100).into_bytes();
        bytes.push(0);
        bytes.extend_from_slice(b"more");
        assert!(matches!(run(&bytes, None, 16), Ok(Searched::Binary)));
        assert!(matches!(
            run(&bytes, Some(10_000), 16),
            Ok(Searched::Binary)
        ));
        assert!(matches!(
            run(b"\xFF\xFEa\0b\0", None, 1),
            Ok(Searched::Utf16)
        ));
        assert!(matches!(
            run(b"\xFE\xFF\0a\0b", None, 4),
            Ok(Searched::Utf16)
        ));
        assert!(matches!(
            run(b"", None, 4),
            Ok(Searched::Text { bytes: 0, .. })
        ));
    }

    #[test]
    fn a_file_past_max_filesize_is_too_large_whatever_it_holds() {
        let text = format!("{T}\n").repeat(10);
        let n = text.len() as u64;
        assert!(matches!(
            run(text.as_bytes(), Some(n), 7),
            Ok(Searched::Text { .. })
        ));
        assert!(matches!(run(text.as_bytes(), Some(n - 1), 7), Err(None)));
        // Binary or UTF-16 early on, but larger than the limit: too large, as when read whole.
        let mut bin = vec![0u8; 5];
        bin.extend_from_slice(text.as_bytes());
        assert!(matches!(run(&bin, Some(n), 4), Err(None)));
        assert!(matches!(run(&bin, Some(n + 5), 4), Ok(Searched::Binary)));
        let mut utf16 = b"\xFF\xFE".to_vec();
        utf16.extend_from_slice(text.as_bytes());
        assert!(matches!(run(&utf16, Some(n), 4), Err(None)));
    }
}
