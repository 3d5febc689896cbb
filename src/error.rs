//! The one error type of jwtadm, and the exit codes it maps to.
//!
//! Every failure is an [`Error`] that knows which [`Exit`] code it ends with. Errors are
//! printed once, in `main`, never by the code that raises them.

use std::fmt;

/// The process exit codes, the same for every command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// Success; the token is valid.
    Ok = 0,
    /// The token is rejected: malformed, bad signature, algorithm not allowed, claim mismatch.
    Rejected = 1,
    /// The command line is wrong.
    Usage = 2,
    /// The token is expired or not yet valid, and everything else about it is valid.
    Expired = 3,
    /// Operational error: no secret, an unreadable or unparseable file, a store unavailable.
    Operational = 4,
}

impl Exit {
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The worse of two outcomes of a check: a rejection outranks an expiry.
    pub fn worst(self, other: Exit) -> Exit {
        fn rank(e: Exit) -> u8 {
            match e {
                Exit::Ok => 0,
                Exit::Expired => 1,
                Exit::Rejected => 2,
                Exit::Usage => 3,
                Exit::Operational => 4,
            }
        }
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }
}

/// What went wrong, with the exit code it ends the process with, and an optional hint that
/// tells the user what to do about it.
#[derive(Debug)]
pub struct Error {
    exit: Exit,
    message: String,
    hint: Option<String>,
    broken_pipe: bool,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    fn new(exit: Exit, message: impl Into<String>) -> Self {
        Error {
            exit,
            message: message.into(),
            hint: None,
            broken_pipe: false,
        }
    }

    /// The token is rejected (exit 1).
    pub fn rejected(message: impl Into<String>) -> Self {
        Self::new(Exit::Rejected, message)
    }

    /// The command line is wrong (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Exit::Usage, message)
    }

    /// An operational failure (exit 4).
    pub fn operational(message: impl Into<String>) -> Self {
        Self::new(Exit::Operational, message)
    }

    /// An I/O failure on `path` while doing `what` (exit 4).
    pub fn io(what: &str, path: &std::path::Path, err: std::io::Error) -> Self {
        Self::operational(format!("{what} {}: {}", path.display(), describe_io(&err)))
    }

    /// Writing to standard output failed because the reader went away.
    pub fn broken_pipe() -> Self {
        Error {
            broken_pipe: true,
            ..Self::new(Exit::Ok, "broken pipe")
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Put `context` in front of the message: "reading roster clients.toml: …".
    pub fn context(mut self, context: impl fmt::Display) -> Self {
        self.message = format!("{context}: {}", self.message);
        self
    }

    /// Append a note after the message: "…: permission denied; nothing was changed".
    pub fn also(mut self, note: impl fmt::Display) -> Self {
        self.message = format!("{}; {note}", self.message);
        self
    }

    /// The same error with `f` applied to its message and hint (to take out text that must not
    /// be shown).
    pub fn map_text(mut self, f: impl Fn(&str) -> String) -> Self {
        self.message = f(&self.message);
        self.hint = self.hint.as_deref().map(&f);
        self
    }

    pub fn exit(&self) -> Exit {
        self.exit
    }

    pub fn hint(&self) -> Option<&str> {
        self.hint.as_deref()
    }

    pub fn is_broken_pipe(&self) -> bool {
        self.broken_pipe
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    /// The error as `-o json` prints it on stdout, the same shape for every command:
    /// `{"error": {"message", "hint", "exit_code"}}`.
    pub fn to_json(&self) -> serde_json::Value {
        error_json(&self.message, self.hint.as_deref(), self.exit)
    }
}

/// `{"error": {"message", "hint", "exit_code"}}`: what `-o json` prints on stdout for a
/// command that fails, whatever the command (a usage error that clap finds included).
pub fn error_json(message: &str, hint: Option<&str>, exit: Exit) -> serde_json::Value {
    serde_json::json!({
        "error": {
            "message": message,
            "hint": hint,
            "exit_code": exit.code(),
        }
    })
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// An I/O error in words, without Rust's "(os error 2)" suffix.
pub fn describe_io(err: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match err.kind() {
        NotFound => "no such file or directory".into(),
        PermissionDenied => "permission denied".into(),
        AlreadyExists => "already exists".into(),
        StorageFull => "no space left on device".into(),
        ReadOnlyFilesystem => "read-only file system".into(),
        IsADirectory => "is a directory".into(),
        InvalidData => "not valid UTF-8 text".into(),
        FileTooLarge => {
            let s = err.to_string();
            if s.starts_with("more than") {
                s
            } else {
                "too large".into()
            }
        }
        _ => {
            let s = err.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

/// Attach context to any `Result<_, Error>`.
pub trait Context<T> {
    fn context(self, context: impl fmt::Display) -> Result<T>;
}

impl<T> Context<T> for Result<T> {
    fn context(self, context: impl fmt::Display) -> Result<T> {
        self.map_err(|e| e.context(context))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_the_documented_ones() {
        assert_eq!(Exit::Ok.code(), 0);
        assert_eq!(Exit::Rejected.code(), 1);
        assert_eq!(Exit::Usage.code(), 2);
        assert_eq!(Exit::Expired.code(), 3);
        assert_eq!(Exit::Operational.code(), 4);
    }

    #[test]
    fn rejection_outranks_expiry() {
        assert_eq!(Exit::Expired.worst(Exit::Rejected), Exit::Rejected);
        assert_eq!(Exit::Rejected.worst(Exit::Expired), Exit::Rejected);
        assert_eq!(Exit::Ok.worst(Exit::Expired), Exit::Expired);
    }

    #[test]
    fn context_reads_outside_in() {
        let e = Error::operational("line 3: unknown key").context("reading roster clients.toml");
        assert_eq!(
            e.to_string(),
            "reading roster clients.toml: line 3: unknown key"
        );
        assert_eq!(e.exit(), Exit::Operational);
    }

    #[test]
    fn io_errors_lose_the_os_error_suffix() {
        let e = std::io::Error::from_raw_os_error(2);
        assert_eq!(describe_io(&e), "no such file or directory");
    }
}
