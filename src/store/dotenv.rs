//! `dotenv:PATH#KEY`: a secret on one `KEY=value` line of a dotenv file, which may hold other
//! settings too. Written by replacing or adding that line, every other byte kept.

use std::fmt;
use std::path::Path;

use zeroize::Zeroizing;

use super::file::read_secret_file;
use super::{Kept, SecretSource, SecretStore};
use crate::error::{Error, Result};
use crate::formats::dotenv;
use crate::redact::shown;
use crate::txn;
use crate::txn::plan::Plan;

pub struct Dotenv<'a> {
    pub path: &'a Path,
    pub key: &'a str,
}

impl fmt::Display for Dotenv<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "dotenv:{}#{}",
            shown(&self.path.display().to_string()),
            shown(self.key)
        )
    }
}

impl<'a> SecretStore<'a> for Dotenv<'a> {
    /// The file holds the secret (or a private key) among other lines: it must be private as
    /// a `file:` secret must.
    fn check_private(&self) -> Result<()> {
        super::file::check_private(self.path)
    }

    fn read(&self) -> Result<Zeroizing<String>> {
        let (path, key) = (self.path, self.key);
        let text = read_secret_file(path)?;
        let entries = dotenv::parse(&text).map_err(|e| e.in_file(path))?;
        // A key set twice is an error, as when jwtadm writes it: loaders disagree on which
        // line wins, and the server may read the other one.
        match dotenv::find(&entries, key).map_err(|e| e.in_file(path))? {
            Some(entry) => Ok(Zeroizing::new(entry.value.clone())),
            None => Err(Error::operational(format!(
                "no secret: {} has no {key}= line",
                path.display()
            ))),
        }
    }

    fn read_optional(&self) -> Result<Option<Zeroizing<String>>> {
        let path = self.path;
        let present = match txn::read_regular_string(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(e) => return Err(Error::io("reading", path, e)),
            Ok(text) => {
                let text = Zeroizing::new(text);
                dotenv::parse(&text)
                    .map_err(|e| e.in_file(path))?
                    .iter()
                    .any(|e| e.key == self.key)
            }
        };
        if present {
            self.read().map(Some)
        } else {
            Ok(None)
        }
    }

    /// Atomic and locked as every file jwtadm writes; a line already there is replaced
    /// (`force` or not: the file is the user's, the line jwtadm's).
    fn write(&self, text: &str, _force: bool) -> Result<()> {
        let mut plan = Plan::open_with(&[], &[self.path])?;
        self.stage(&mut plan, text)?;
        plan.commit(false).map(|_| ())
    }

    fn rotatable(&self) -> bool {
        true
    }

    fn stage(&self, plan: &mut Plan, text: &str) -> Result<()> {
        let new = dotenv::set(plan.content(self.path), self.key, text)
            .map_err(|e| e.in_file(self.path))?;
        plan.replace(self.path, new);
        Ok(())
    }

    fn kept(&self, kept: Kept) -> Option<SecretSource> {
        Some(SecretSource::Dotenv {
            path: self.path.to_path_buf(),
            key: kept.beside_var(self.key),
        })
    }

    fn file(&self) -> Option<(&'a Path, Option<&'a str>)> {
        Some((self.path, Some(self.key)))
    }

    fn names(&self) -> Vec<String> {
        vec![self.path.display().to_string(), self.key.to_string()]
    }
}
