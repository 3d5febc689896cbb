//! [`SecretSource`]: the name of the place a secret lives, as `--secret` and a roster give it,
//! and what is the same whichever backend it names.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use zeroize::Zeroizing;

use super::command::{self, Command};
use super::dotenv::Dotenv;
use super::env::Env;
use super::file::File;
use super::keyring::{Item, Store};
use super::stdin::Stdin;
use super::{Kept, SecretStore};
use crate::error::{Error, Result};
use crate::keys::hmac::Secret;
use crate::redact::{could_be_secret, shown};
use crate::secret::{Encoding, Previous};

/// Where a secret lives. Its `Display` is the `--secret` syntax, and names no value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretSource {
    Env(String),
    File(PathBuf),
    Dotenv {
        path: PathBuf,
        key: String,
    },
    Stdin,
    /// An entry of the OS keyring, in an explicitly chosen store.
    Keyring {
        service: String,
        account: String,
        store: Store,
    },
    /// What a program prints: `line` is the text after `command:` (a program and its
    /// arguments, split as a shell splits them), run in `dir` (a roster's folder) or jwtadm's.
    Command {
        line: String,
        dir: Option<PathBuf>,
    },
}

/// The default source: the seeds' variable.
pub const DEFAULT_SOURCE: &str = "env:JWT_SECRET_KEY";

impl Default for SecretSource {
    fn default() -> Self {
        SecretSource::Env("JWT_SECRET_KEY".into())
    }
}

impl FromStr for SecretSource {
    type Err = String;
    /// Errors never quote the text: it may be a secret pasted where its source belongs.
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        if s == "stdin" || s == "-" {
            return Ok(SecretSource::Stdin);
        }
        let Some((scheme, rest)) = s.split_once(':') else {
            return Err("that is not a secret source: a secret is named by where it lives (env:VAR, file:PATH, \
                 dotenv:PATH#KEY, keyring:SERVICE/ACCOUNT, command:PROGRAM ARGS… or stdin); its value itself \
                 is never taken on the command line, where ps and shell history would show it"
                .into());
        };
        match scheme {
            "env" if is_var_name(rest) => Ok(SecretSource::Env(rest.into())),
            "env" => Err("env: needs an environment variable name, e.g. env:JWT_SECRET_KEY".into()),
            "file" if !rest.is_empty() => Ok(SecretSource::File(rest.into())),
            "file" => Err("file: needs a path, e.g. file:/etc/exai/jwt.key".into()),
            "dotenv" => match rest.rsplit_once('#') {
                Some((path, key)) if !path.is_empty() && is_var_name(key) => {
                    Ok(SecretSource::Dotenv {
                        path: path.into(),
                        key: key.into(),
                    })
                }
                _ => Err("dotenv: needs a path and a key, e.g. dotenv:.env#JWT_SECRET_KEY".into()),
            },
            "keyring" => match rest.split_once('/') {
                Some((service, account)) if !service.is_empty() && !account.is_empty() => {
                    Ok(SecretSource::Keyring {
                        service: service.into(),
                        account: account.into(),
                        store: Store::platform_default(),
                    })
                }
                _ => Err(
                    "keyring: needs a service and an account, e.g. keyring:exai-mcp/jwt-secret"
                        .into(),
                ),
            },
            "command" => command::parse(rest).map(|_| SecretSource::Command {
                line: rest.into(),
                dir: None,
            }),
            _ => Err(
                "unknown secret scheme (expected env:, file:, dotenv:, keyring:, command: or stdin)"
                    .into(),
            ),
        }
    }
}

fn is_var_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-')
}

/// The `--secret` syntax; a variable name, path or key that [`could_be_secret`] is replaced by
/// its length.
impl fmt::Display for SecretSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.backend().fmt(f)
    }
}

impl SecretSource {
    /// The backend this names: the one place a source is matched on for what it does.
    pub fn backend(&self) -> Box<dyn SecretStore<'_> + '_> {
        match self {
            SecretSource::Env(var) => Box::new(Env { var }),
            SecretSource::File(path) => Box::new(File { path }),
            SecretSource::Dotenv { path, key } => Box::new(Dotenv { path, key }),
            SecretSource::Stdin => Box::new(Stdin),
            SecretSource::Keyring {
                service,
                account,
                store,
            } => Box::new(Item {
                store: *store,
                service,
                account,
            }),
            SecretSource::Command { line, dir } => Box::new(Command {
                line,
                dir: dir.as_deref(),
            }),
        }
    }

    /// The same source in keyring store `store`, when it is a keyring source.
    pub fn with_store(self, store: Option<Store>) -> std::result::Result<Self, String> {
        match (self, store) {
            (source, None) => Ok(source),
            (
                SecretSource::Keyring {
                    service, account, ..
                },
                Some(store),
            ) => Ok(SecretSource::Keyring {
                service,
                account,
                store,
            }),
            (other, Some(_)) => Err(format!(
                "a keyring store was chosen, but the secret source {other} is not keyring:SERVICE/ACCOUNT"
            )),
        }
    }

    /// The same source with relative paths taken from `base` (a roster's folder); a command
    /// runs there.
    pub fn relative_to(self, base: &Path) -> Self {
        match self {
            SecretSource::Command { line, dir: None } if !base.as_os_str().is_empty() => {
                SecretSource::Command {
                    line,
                    dir: Some(base.to_path_buf()),
                }
            }
            SecretSource::File(p) if p.is_relative() => SecretSource::File(base.join(p)),
            SecretSource::Dotenv { path, key } if path.is_relative() => SecretSource::Dotenv {
                path: base.join(path),
                key,
            },
            other => other,
        }
    }

    /// `err` without this source's texts that could be the secret itself, whichever layer
    /// (file I/O, the dotenv parser, atomic writes) built its message.
    pub fn scrub(&self, err: Error) -> Error {
        let mut texts = self.backend().names();
        texts.retain(|t| could_be_secret(t));
        if texts.is_empty() {
            return err;
        }
        err.map_text(|s| {
            texts
                .iter()
                .fold(s.to_string(), |s, t| s.replace(t.as_str(), &shown(t)))
        })
    }

    /// What to do about a secret too short for `alg`, where it lives: the next thing to try.
    pub fn longer_key_hint(&self, alg: impl fmt::Display) -> String {
        self.backend().longer_key_hint(&alg)
    }

    /// The keyring store's name, for a keyring source.
    pub fn store_name(&self) -> &'static str {
        self.backend().keyring_store().map_or("", Store::name)
    }

    /// The keyring store, for a keyring source.
    pub fn keyring_store(&self) -> Option<Store> {
        self.backend().keyring_store()
    }

    /// Refuse to rotate a secret that jwtadm can only read here, saying where to keep it
    /// instead: before it is read, which for a `command:` means before the command runs.
    pub fn check_rotatable(&self) -> Result<()> {
        let backend = self.backend();
        if backend.rotatable() {
            return Ok(());
        }
        Err(Error::usage(format!(
            "jwtadm cannot rotate a secret in {self}: it can only be read there"
        ))
        .with_hint(backend.write_elsewhere()))
    }

    /// Write `text` to this source, whatever it held; `None` empties an entry of the keyring
    /// (used to put entries back).
    pub fn put(&self, text: Option<&str>) -> Result<()> {
        self.backend().put(text).map_err(|e| self.scrub(e))
    }

    /// The file that holds the secret, if it is in one.
    pub fn path(&self) -> Option<&Path> {
        self.file().map(|(path, _)| path)
    }

    /// The file that holds the secret and, for a line of a dotenv file, its key.
    pub fn file(&self) -> Option<(&Path, Option<&str>)> {
        self.backend().file()
    }

    /// The secret's text as stored, before it becomes key bytes.
    pub fn load_text(&self) -> Result<Zeroizing<String>> {
        let text = self.backend().read().map_err(|e| self.scrub(e))?;
        self.not_empty(text)
    }

    /// The secret's text, read even from a `file:` that [`check_private`] refuses: for `secret
    /// check`, which reports that as a failed check instead of stopping at it.
    ///
    /// [`check_private`]: super::file::check_private
    pub fn load_text_unchecked(&self) -> Result<Zeroizing<String>> {
        let text = self.backend().read_unchecked().map_err(|e| self.scrub(e))?;
        self.not_empty(text)
    }

    /// Check what [`load_text`](Self::load_text) checks and
    /// [`load_text_unchecked`](Self::load_text_unchecked) does not, without reading again: for
    /// a text read unchecked that turns out to be private.
    pub fn check_private(&self) -> Result<()> {
        self.backend().check_private().map_err(|e| self.scrub(e))
    }

    fn not_empty(&self, text: Zeroizing<String>) -> Result<Zeroizing<String>> {
        if text.is_empty() {
            return Err(Error::operational(format!("the secret in {self} is empty")));
        }
        Ok(text)
    }

    /// Read the secret's text and turn it into key bytes.
    pub fn load(&self, encoding: Encoding) -> Result<Secret> {
        let text = self.load_text()?;
        self.decode(&text, encoding)
    }

    /// Key bytes from this source's text. A key pair's key (PEM, a JWK other than `oct`) is
    /// refused: a public key used as an HMAC secret lets anyone who has it sign tokens
    /// (algorithm confusion, RFC 8725 §3.1; PyJWT's CVE-2022-29217).
    pub fn decode(&self, text: &str, encoding: Encoding) -> Result<Secret> {
        if crate::keys::pair::looks_like_key(text) && !crate::keys::pair::is_hmac_jwk(text) {
            return Err(Error::usage(format!(
                "{self} holds a key pair's key (PEM or JWK), not an HMAC secret: a public key used as an HMAC secret lets anyone who has it sign tokens (algorithm confusion, RFC 8725 §3.1)"
            ))
            .with_hint("give a key pair's key with --key (or [key] in a roster); --secret is for a shared HMAC secret"));
        }
        let bytes = encoding.decode(text).map_err(|why| {
            // The encodings this text is valid in: utf8 always, the others when they decode it.
            // The likeliest first: the other base64 alphabet, then the text's own bytes.
            let mut fits: Vec<Encoding> = Encoding::ALL
                .into_iter()
                .filter(|&e| e != encoding && e.decode(text).is_ok_and(|b| !b.is_empty()))
                .collect();
            let base64 = |e: Encoding| matches!(e, Encoding::Base64 | Encoding::Base64Url);
            fits.sort_by_key(|&e| match e {
                e if base64(e) && base64(encoding) => 0,
                Encoding::Utf8 => 1,
                _ => 2,
            });
            let fits: Vec<&str> = fits.into_iter().map(Encoding::name).collect();
            Error::operational(format!("the secret in {self} is not valid {}: {why}", encoding.name()))
                .with_hint(format!(
                    "--secret-encoding says how the secret's text becomes key bytes; this text reads as {}: try --secret-encoding {} (utf8 uses the text's own bytes, as PyJWT does)",
                    fits.join(" or "),
                    fits.first().copied().unwrap_or("utf8")
                ))
        })?;
        if bytes.is_empty() {
            return Err(Error::operational(format!(
                "the secret in {self} decodes to no bytes"
            )));
        }
        Ok(Secret::new(bytes))
    }

    /// The secret's text, or `None` when its variable, file, line or entry does not exist.
    pub fn read_optional(&self) -> Result<Option<Zeroizing<String>>> {
        self.backend().read_optional().map_err(|e| self.scrub(e))
    }

    /// Where the previous secret, and the end of its grace period, are kept beside this one
    /// after `secret rotate` (see [`Kept`]).
    pub fn previous_places(&self) -> Option<(SecretSource, SecretSource)> {
        let backend = self.backend();
        Some((backend.kept(Kept::Previous)?, backend.kept(Kept::Until)?))
    }

    /// The previous secret kept by `secret rotate`, if there is one, with the end of its grace.
    pub fn load_previous(&self, encoding: Encoding) -> Result<Option<Previous>> {
        let Some((secret_at, until_at)) = self.previous_places() else {
            return Ok(None);
        };
        // Absent and empty are the same: a user clears the previous secret after its grace
        // period by emptying it (`JWT_SECRET_KEY_PREVIOUS=`), and its end may be left behind.
        let present = |text: Option<Zeroizing<String>>| text.filter(|t| !t.trim().is_empty());
        let Some(text) = present(secret_at.read_optional()?) else {
            return Ok(None);
        };
        let secret = secret_at.decode(&text, encoding)?;
        let until_text = present(until_at.read_optional()?).ok_or_else(|| {
            Error::operational(format!("{secret_at} holds a previous secret, but {until_at} (the end of its grace period) is missing or empty"))
                .with_hint(format!("set {until_at} to the end of the grace period (RFC 3339), or empty {secret_at} if the grace period is over"))
        })?;
        let until = crate::time::parse_instant(&until_text)
            .map_err(|e| Error::operational(format!("{until_at}: {e}")))?
            .timestamp();
        Ok(Some(Previous { secret, until }))
    }

    /// Store `text` (the secret's text form) at this source. `file:` is created 0600 and not
    /// overwritten without `force`; `dotenv:` gets its one line added or replaced, every other
    /// byte of the file kept. The write is atomic.
    pub fn store(&self, text: &str, force: bool) -> Result<()> {
        self.backend().write(text, force).map_err(|e| self.scrub(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Encoding;

    #[test]
    fn sources_parse_and_print_back() {
        for s in [
            "env:JWT_SECRET_KEY",
            "file:/etc/jwt.key",
            "dotenv:.env.docker#JWT_SECRET_KEY",
            "stdin",
            "command:pass show exai/jwt",
            "command:vault kv get -field=\"key\" 'secret/exai'",
        ] {
            assert_eq!(s.parse::<SecretSource>().unwrap().to_string(), s);
        }
        assert_eq!(
            "dotenv:dir#x/.env#KEY".parse::<SecretSource>().unwrap(),
            SecretSource::Dotenv {
                path: "dir#x/.env".into(),
                key: "KEY".into()
            }
        );
    }

    #[test]
    fn a_bare_value_is_not_a_source() {
        let err = "7xDAibhd1vBRKRdNahRpT713a74Q2"
            .parse::<SecretSource>()
            .unwrap_err();
        assert!(err.contains("never taken on the command line"), "{err}");
        assert!(!err.contains("7xDAib"), "the value is quoted back: {err}");
        assert!(
            "vault:x"
                .parse::<SecretSource>()
                .unwrap_err()
                .contains("unknown secret scheme")
        );
        assert!("dotenv:.env".parse::<SecretSource>().is_err());
        assert!("env:".parse::<SecretSource>().is_err());
    }

    #[cfg(unix)]
    #[test]
    fn an_empty_previous_secret_is_none() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("jwt.key");
        let write = |name: &str, text: &str| {
            let p = dir.path().join(name);
            std::fs::write(&p, text).unwrap();
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        };
        write("jwt.key", "current-secret\n");
        let source = SecretSource::File(key);
        assert!(source.load_previous(Encoding::Utf8).unwrap().is_none());
        write("jwt.key.previous", "\n");
        assert!(source.load_previous(Encoding::Utf8).unwrap().is_none());
        write("jwt.key.previous-until", "2025-01-01T00:00:00Z\n");
        assert!(source.load_previous(Encoding::Utf8).unwrap().is_none());
        write("jwt.key.previous", "old-secret\n");
        let prev = source.load_previous(Encoding::Utf8).unwrap().unwrap();
        assert_eq!(prev.secret.expose(), b"old-secret");
        write("jwt.key.previous-until", "");
        let err = source.load_previous(Encoding::Utf8).unwrap_err();
        assert!(err.to_string().contains("missing or empty"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn group_readable_key_files_are_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("jwt.key");
        std::fs::write(&path, "k\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let err = SecretSource::File(path.clone())
            .load(Encoding::Utf8)
            .unwrap_err();
        assert_eq!(err.exit(), crate::error::Exit::Operational);
        assert!(err.to_string().contains("0640"));
        assert!(err.hint().unwrap().contains("chmod 600"));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(
            SecretSource::File(path)
                .load(Encoding::Utf8)
                .unwrap()
                .expose(),
            b"k"
        );
    }
}
