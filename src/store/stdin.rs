//! `stdin`: a secret on the first line of standard input. Read only, and read once.

use std::fmt;

use zeroize::Zeroizing;

use super::{Kept, SecretSource, SecretStore, trim_line_end};
use crate::error::{Error, Result};

/// The longest secret read from standard input: /dev/zero is not a secret.
const MAX: usize = 64 * 1024;

pub struct Stdin;

impl fmt::Display for Stdin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("stdin")
    }
}

impl SecretStore<'_> for Stdin {
    fn read(&self) -> Result<Zeroizing<String>> {
        // The first line, and no more than a secret can be.
        let mut line = Zeroizing::new(String::new());
        std::io::BufRead::read_line(
            &mut std::io::Read::take(std::io::stdin().lock(), MAX as u64 + 1),
            &mut line,
        )
        .map_err(|e| {
            Error::operational(format!(
                "reading the secret from standard input: {}",
                crate::error::describe_io(&e)
            ))
        })?;
        if line.len() > MAX {
            return Err(Error::operational(
                "the secret on standard input is longer than 64 KiB: not a secret",
            ));
        }
        Ok(trim_line_end(line))
    }

    /// Standard input is never read for a secret that may be absent.
    fn read_optional(&self) -> Result<Option<Zeroizing<String>>> {
        Ok(None)
    }

    fn kept(&self, _kept: Kept) -> Option<SecretSource> {
        None
    }

    fn longer_key_hint(&self, alg: &dyn fmt::Display) -> String {
        format!("pass a longer secret; jwtadm secret gen --alg {alg} makes one")
    }
}
