//! Where a secret lives: one backend per file, each behind [`SecretStore`].
//!
//! A [`SecretSource`] is the parsed, displayable name of a place (`env:VAR`, `file:PATH`,
//! `dotenv:PATH#KEY`, `keyring:SERVICE/ACCOUNT`, `command:PROGRAM ARGS…`, `stdin`);
//! [`SecretSource::backend`] is the one place that turns it into its backend. Everything a
//! backend does — reading, writing, where a rotation keeps the previous secret, which texts of
//! its name must not be shown — is in its file; what is the same for every backend (decoding,
//! the previous secret's grace, scrubbing errors) is in `source.rs`.
//!
//! This module may not print, nor know about tokens, rosters or MCP clients.

mod command;
mod dotenv;
mod env;
pub mod file;
pub mod keyring;
#[cfg(test)]
mod memory;
mod source;
mod stdin;

use std::fmt;
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::txn::plan::Plan;

pub use source::{DEFAULT_SOURCE, SecretSource};

/// One backend: a place a secret is read from and, for some, written to. `'a` is the lifetime
/// of the [`SecretSource`] it was made from, whose names it borrows. Its `Display` is the
/// `--secret` syntax with any text that could be a secret not shown.
pub trait SecretStore<'a>: fmt::Display {
    /// The secret's text; an error says what is missing and what to do about it.
    fn read(&self) -> Result<Zeroizing<String>>;

    /// The secret's text, or `None` when its variable, file, line or entry does not exist.
    fn read_optional(&self) -> Result<Option<Zeroizing<String>>>;

    /// The text even where [`read`](Self::read) refuses the place as others could read it: for
    /// `secret check`, which reports that as a failed check.
    fn read_unchecked(&self) -> Result<Zeroizing<String>> {
        self.read()
    }

    /// What [`read`](Self::read) checks that [`read_unchecked`](Self::read_unchecked) does not
    /// (that no one else can read the place), without reading it again: a text read unchecked
    /// turns out to need it (a private key), and reading again would run a command twice.
    fn check_private(&self) -> Result<()> {
        Ok(())
    }

    /// Store `text`, not over a secret already there unless `force`. The place is written as
    /// every other place jwtadm writes (atomic, locked, checked, 0600 for a file of its own).
    fn write(&self, _text: &str, _force: bool) -> Result<()> {
        Err(
            Error::usage(format!("a secret cannot be written to {self}"))
                .with_hint(self.write_elsewhere()),
        )
    }

    /// Where to keep a secret instead, for a place jwtadm can only read: what a refused write
    /// or rotation says to do.
    fn write_elsewhere(&self) -> String {
        "use file:PATH, dotenv:PATH#KEY or keyring:SERVICE/ACCOUNT".into()
    }

    /// Make the place hold `text`, or nothing, whatever it held (to put entries back).
    fn put(&self, text: Option<&str>) -> Result<()> {
        match text {
            Some(t) => self.write(t, true),
            None => Ok(()),
        }
    }

    /// Whether a rotation can keep the previous secret here.
    fn rotatable(&self) -> bool {
        false
    }

    /// Write `text` into `plan`, whose files include [`file`](Self::file)'s, for a rotation.
    /// The keyring, outside files, does nothing here: `rotate::Rotation::store_keyring` writes it.
    fn stage(&self, _plan: &mut Plan, _text: &str) -> Result<()> {
        Err(Error::usage(format!(
            "jwtadm cannot rotate a secret in {self}"
        )))
    }

    /// Where a rotation keeps `kept` beside this secret (see [`Kept`]).
    fn kept(&self, kept: Kept) -> Option<SecretSource>;

    /// The file that holds the secret, and its key when the secret is one line of it.
    fn file(&self) -> Option<(&'a Path, Option<&'a str>)> {
        None
    }

    /// The keyring store, for an entry of the keyring.
    fn keyring_store(&self) -> Option<keyring::Store> {
        None
    }

    /// The texts of the name (a variable name, a path, a key), of which those that could be the
    /// secret itself, pasted where its name belongs, are never shown.
    fn names(&self) -> Vec<String> {
        Vec::new()
    }

    /// What to do about a secret too short for `alg` kept here: the next thing to try.
    fn longer_key_hint(&self, alg: &dyn fmt::Display) -> String {
        format!(
            "replace it with one long enough, keeping the old one for a grace period: jwtadm secret rotate --secret {} --alg {alg}",
            crate::output::shell_quote(&self.to_string())
        )
    }
}

/// What a rotation keeps beside a secret, and the one place its names are made: the previous
/// secret and the end of its grace period, as `KEY_PREVIOUS` and `KEY_PREVIOUS_UNTIL` beside a
/// variable or a dotenv key, `NAME.previous` and `NAME.previous-until` beside a file or a
/// keyring account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    Previous,
    Until,
}

impl Kept {
    /// The name beside the variable or dotenv key `name`.
    pub fn beside_var(self, name: &str) -> String {
        match self {
            Kept::Previous => format!("{name}_PREVIOUS"),
            Kept::Until => format!("{name}_PREVIOUS_UNTIL"),
        }
    }

    /// The name beside the file or keyring account `name`.
    pub fn beside_name(self, name: &str) -> String {
        format!("{name}{}", self.suffix())
    }

    /// The path beside the file `path`.
    pub fn beside_path(self, path: &Path) -> PathBuf {
        let mut s = path.as_os_str().to_owned();
        s.push(self.suffix());
        PathBuf::from(s)
    }

    fn suffix(self) -> &'static str {
        match self {
            Kept::Previous => ".previous",
            Kept::Until => ".previous-until",
        }
    }
}

/// The text of a secret without its line end.
fn trim_line_end(mut s: Zeroizing<String>) -> Zeroizing<String> {
    while s.ends_with('\n') || s.ends_with('\r') {
        s.pop();
    }
    s
}

/// What `text` after `scheme` is when it is not shown, for a hint.
fn not_shown_hint(scheme: &str, example: &str) -> String {
    format!(
        "the text after {scheme} looks like a secret value, not a {example}, so it is not repeated here. \
         A secret is named by where it lives, e.g. env:JWT_SECRET_KEY or file:/etc/exai/jwt.key: \
         put the value in that variable or a 0600 file; never on the command line, where ps and \
         shell history show it"
    )
}
