//! `env:VAR`: a secret in an environment variable. Read only.

use std::fmt;

use zeroize::Zeroizing;

use super::{Kept, SecretSource, SecretStore, not_shown_hint};
use crate::error::{Error, Result};
use crate::redact::{could_be_secret, shown};

pub struct Env<'a> {
    pub var: &'a str,
}

impl fmt::Display for Env<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "env:{}", shown(self.var))
    }
}

impl<'a> SecretStore<'a> for Env<'a> {
    fn read(&self) -> Result<Zeroizing<String>> {
        let var = self.var;
        match std::env::var_os(var) {
            None if could_be_secret(var) => Err(Error::operational(format!(
                "no secret: there is no environment variable named by the {} characters after env:",
                var.chars().count()
            ))
            .with_hint(not_shown_hint("env:", "variable name"))),
            None => Err(Error::operational(format!("no secret: environment variable {var} is not set"))
                .with_hint(format!("export {var}, or name another source with --secret (env:VAR, file:PATH, dotenv:PATH#KEY, stdin)"))),
            Some(v) => v.into_string().map(Zeroizing::new).map_err(|_| {
                Error::operational(format!("the secret in environment variable {var} is not UTF-8"))
            }),
        }
    }

    fn read_optional(&self) -> Result<Option<Zeroizing<String>>> {
        match std::env::var_os(self.var) {
            None => Ok(None),
            Some(_) => self.read().map(Some),
        }
    }

    fn kept(&self, kept: Kept) -> Option<SecretSource> {
        Some(SecretSource::Env(kept.beside_var(self.var)))
    }

    fn names(&self) -> Vec<String> {
        vec![self.var.to_string()]
    }

    fn longer_key_hint(&self, alg: &dyn fmt::Display) -> String {
        let var = self.var;
        format!(
            "put a longer secret in {var}, for example one from: jwtadm secret gen --alg {alg} --to 'dotenv:.env#{var}'"
        )
    }
}
