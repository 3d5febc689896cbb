//! Paths as the roster names them: `~` and the few variables expanded, then taken from the
//! roster's folder; and where in the roster each was named, for messages.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::formats::line_col;

/// Where in the roster a path was named: the roster's file and the line, for messages about
/// the path ("named in clients.toml:7").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub roster: PathBuf,
    pub line: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.roster.display(), self.line)
    }
}

impl Origin {
    /// `err` with a note saying where in the roster its path was named.
    pub fn note(&self, err: Error) -> Error {
        err.also(format!("named in {self}"))
    }
}

/// The variables a roster path may use; any other `$NAME` or `${NAME}` is refused, so that a
/// misspelt one (`${XDG_CONFIG_DIR}`) is named instead of being looked for as a file.
pub const PATH_VARS: [&str; 4] = ["HOME", "XDG_CONFIG_HOME", "APPDATA", "USERPROFILE"];

/// Expand a path as written in the roster: a leading `~` (or `~/…`) is the home folder
/// (`HOME`, else `USERPROFILE` on systems without one), `$HOME`/`${HOME}`,
/// `${XDG_CONFIG_HOME}` (`$HOME/.config` when unset, empty or not absolute, as the XDG spec
/// says), and `%APPDATA%`/`%USERPROFILE%` (recognised on every system, so a roster written for
/// Windows reads the same everywhere). `~user` is refused: looking other users up needs the
/// system's user database, which differs by platform, and a roster shared by several users
/// should name the folder itself. A variable that is unset or empty is an error naming it.
/// `env` looks variables up (`std::env::var` in jwtadm, a map in tests).
pub fn expand_path(
    raw: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> std::result::Result<String, String> {
    let get = |name: &str| env(name).filter(|v| !v.is_empty());
    // A home folder that is not an absolute path would be taken from the roster's folder,
    // which is neither what the shell nor the working folder says: refused, by name.
    let absolute = |name: &str, v: String| {
        if Path::new(&v).is_absolute() || v.starts_with('\\') || v.get(1..3) == Some(":\\") {
            Ok(v)
        } else {
            Err(format!("{name} is `{v}`, not an absolute path"))
        }
    };
    let home = || match get("HOME") {
        Some(h) => absolute("HOME", h),
        None => get("USERPROFILE")
            .map(|h| absolute("USERPROFILE", h))
            .unwrap_or_else(|| Err("`~` needs HOME, which is not set".to_string())),
    };
    let var = |name: &str| -> std::result::Result<String, String> {
        match name {
            "XDG_CONFIG_HOME" => match get(name).filter(|v| Path::new(v).is_absolute()) {
                Some(v) => Ok(v),
                None => match get("HOME") {
                    Some(h) => absolute("HOME", h).map(|h| format!("{h}/.config")),
                    None => Err(
                        "${XDG_CONFIG_HOME} is not set, and HOME (for its default $HOME/.config) is not set either"
                            .to_string(),
                    ),
                },
            },
            _ if PATH_VARS.contains(&name) => match get(name) {
                Some(v) => absolute(name, v),
                None => Err(format!("${{{name}}} is not set")),
            },
            _ => Err(format!(
                "${{{name}}} is not expanded in roster paths (only {})",
                PATH_VARS.join(", ")
            )),
        }
    };
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    if let Some(after) = raw.strip_prefix('~') {
        let end = after.find(['/', '\\']).unwrap_or(after.len());
        if end > 0 {
            return Err(format!(
                "`~{}` (another user's home folder) is not expanded; write the folder itself",
                &after[..end]
            ));
        }
        out.push_str(&home()?);
        rest = after;
    }
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_';
    while let Some(i) = rest.find(['$', '%']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(braced) = tail.strip_prefix("${") {
            let Some(close) = braced.find('}') else {
                return Err("`${` without its closing `}`".into());
            };
            out.push_str(&var(&braced[..close])?);
            rest = &braced[close + 1..];
        } else if let Some(bare) = tail.strip_prefix('$') {
            let len = bare.find(|c| !is_name(c)).unwrap_or(bare.len());
            if len == 0 {
                // A lone `$` is part of a name.
                out.push('$');
            } else {
                out.push_str(&var(&bare[..len])?);
            }
            rest = &bare[len..];
        } else {
            // `%NAME%`: only the Windows folders; any other `%` is part of a name.
            let inner = &tail[1..];
            match inner.find('%') {
                Some(close)
                    if ["APPDATA", "USERPROFILE"]
                        .iter()
                        .any(|v| inner[..close].eq_ignore_ascii_case(v)) =>
                {
                    out.push_str(&var(&inner[..close].to_ascii_uppercase())?);
                    rest = &inner[close + 1..];
                }
                _ => {
                    out.push('%');
                    rest = inner;
                }
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// [`expand_path`] with the process's environment.
pub fn expand_path_env(raw: &str) -> std::result::Result<String, String> {
    expand_path(raw, &|name| std::env::var(name).ok())
}

/// The roster being read: its text and file, for errors at `file:line:col` and for where each
/// path was named, and its folder, which its relative paths are taken from.
pub(super) struct Doc<'a> {
    text: &'a str,
    path: &'a Path,
    /// Left as written when it is the current folder, so that messages show paths as the user
    /// wrote them.
    dir: PathBuf,
}

impl<'a> Doc<'a> {
    pub(super) fn new(text: &'a str, path: &'a Path) -> Doc<'a> {
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Doc { text, path, dir }
    }

    /// The roster's folder.
    pub(super) fn dir(&self) -> &Path {
        &self.dir
    }

    /// The line of byte `at`.
    pub(super) fn line(&self, at: usize) -> usize {
        line_col(self.text, at).0
    }

    /// An error at `span`: `file:line:col: msg`.
    pub(super) fn at(&self, span: Range<usize>, msg: String) -> Error {
        let (line, col) = line_col(self.text, span.start);
        Error::operational(format!("{}:{line}:{col}: {msg}", self.path.display()))
    }

    /// Where `span` is in the roster, for messages about the path named there.
    pub(super) fn origin(&self, span: Range<usize>) -> Origin {
        Origin {
            roster: self.path.to_path_buf(),
            line: self.line(span.start),
        }
    }

    /// The path `p`, named by `key` at `span`: `~`, `$HOME`, `${XDG_CONFIG_HOME}`,
    /// `%APPDATA%` …, then the roster's folder.
    pub(super) fn resolve(&self, p: &str, span: Range<usize>, key: &str) -> Result<PathBuf> {
        let expanded =
            expand_path_env(p).map_err(|why| self.at(span, format!("{key} \"{p}\": {why}")))?;
        Ok(if Path::new(&expanded).is_absolute() {
            PathBuf::from(expanded)
        } else {
            self.dir.join(expanded)
        })
    }
}
