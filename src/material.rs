//! What a command signs or verifies with, read from where it lives: a key pair from a
//! [`SecretSource`] (`--key`, a roster's `[key]`), with the previous key a rotation kept beside
//! it, or a JWK Set from a file or a URL (`--jwks`).
//!
//! The one place that joins `store` (where text lives) to `keys` (what the text is).

use std::path::Path;

use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::keys::jwk::Jwks;
use crate::keys::{Parsed, PrivateKey, pair};
use crate::store::SecretSource;

/// A key read from `source`: a private key (from a place only its owner can read) or a public
/// one (from anywhere: a public key is not a secret).
pub fn load_key(source: &SecretSource) -> Result<Parsed> {
    // A public key may sit in a world-readable file; read it first without the 0600 check,
    // then, when it holds anything private (a private PEM block, even after a public one; a
    // private JWK), check its place without reading it again (which for a command: source
    // would run the command a second time).
    let text = key_text(source)?;
    load_key_from(source, &text)
}

/// The text at `source`, read once and whatever the file's mode (see [`load_key_from`]).
/// Standard input is refused: a secret is read from it up to the end of its first line, and a
/// PEM key has many.
pub fn key_text(source: &SecretSource) -> Result<Zeroizing<String>> {
    if *source == SecretSource::Stdin {
        return Err(Error::usage(
            "a key is not read from standard input: give it as file:PATH, keyring:SERVICE/ACCOUNT, env:VAR or command:…",
        ));
    }
    source.load_text_unchecked()
}

/// The key in `text`, read from `source`, whose place is checked for what the text holds.
pub fn load_key_from(source: &SecretSource, text: &str) -> Result<Parsed> {
    checked(source, text)?;
    parse_at(source, text)
}

/// Refuse the place of `text` when others could read what is private in it, or, for a public
/// key in a file, replace it: whoever can write a verifying key can make jwtadm accept tokens
/// they sign (as ssh refuses an `authorized_keys` others may write).
fn checked(source: &SecretSource, text: &str) -> Result<()> {
    if pair::holds_private(text) {
        return source.check_private();
    }
    match source.path() {
        Some(path) => check_not_replaceable(path, "key"),
        None => Ok(()),
    }
}

/// Refuse a file that group or others may write, or that belongs to another user than you or
/// root: it holds what tokens are checked with.
#[cfg(unix)]
pub fn check_not_replaceable(path: &Path, what: &str) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(());
    };
    let mode = meta.mode() & 0o777;
    let me = rustix::process::geteuid().as_raw();
    if mode & 0o022 != 0 {
        return Err(Error::operational(format!(
            "the {what} file {} may be written by group or others (mode {mode:04o}): whoever can replace it can make jwtadm accept tokens they sign",
            path.display()
        ))
        .with_hint(format!("chmod go-w {}", crate::output::shell_quote(&path.display().to_string()))));
    }
    if meta.uid() != me && meta.uid() != 0 {
        return Err(Error::operational(format!(
            "the {what} file {} belongs to another user (uid {}), who could replace it",
            path.display(),
            meta.uid()
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
pub fn check_not_replaceable(_path: &Path, _what: &str) -> Result<()> {
    Ok(())
}

/// The private key at `source`, to sign with.
pub fn load_private(source: &SecretSource) -> Result<PrivateKey> {
    let text = key_text(source)?;
    checked(source, &text)?;
    private_in(source, &text, "signing needs the private key")
}

/// The private key `text` (read from `source`) holds; a public key, or a private JWK (read
/// for its public half only), is refused, saying what the private key is `needed` for. The
/// place is the caller's to check.
pub fn private_in(source: &SecretSource, text: &str, needed: &str) -> Result<PrivateKey> {
    if pair::is_private_jwk(text) {
        return Err(Error::usage(format!(
            "{source} holds a private JWK; jwtadm signs with a PEM private key (PKCS#8) and reads a JWK only for its public half"
        ))
        .with_hint("make a key to sign with: jwtadm key gen --alg ES256 --to file:signing.pem"));
    }
    match parse_at(source, text)? {
        Parsed::Private(k) => Ok(k),
        Parsed::Public(k) => Err(Error::usage(format!(
            "{source} holds a public key ({}); {needed}",
            k.describe()
        ))
        .with_hint(
            "a private key is -----BEGIN PRIVATE KEY----- PEM, as jwtadm key gen writes it",
        )),
    }
}

/// The key `text` holds, or an error that names `source` and never quotes the text.
pub fn parse_at(source: &SecretSource, text: &str) -> Result<Parsed> {
    pair::parse(text).map_err(|why| {
        let err = Error::operational(format!("{source} does not hold a key jwtadm reads: {why}"));
        if pair::looks_like_key(text) {
            err
        } else {
            err.with_hint("an HMAC secret is given with --secret; --key is for RS/PS/ES/EdDSA key pairs (jwtadm key gen makes one)")
        }
    })
}

/// The previous key a rotation kept beside `source`, with the end of its grace period.
pub fn load_previous(source: &SecretSource) -> Result<Option<(Parsed, i64)>> {
    let Some((key_at, until_at)) = source.previous_places() else {
        return Ok(None);
    };
    let present = |text: Option<Zeroizing<String>>| text.filter(|t| !t.trim().is_empty());
    // Read as the current key is: a previous public key, and the end of its grace, may be
    // world-readable.
    let Some(text) = present(read_optional_unchecked(&key_at)?) else {
        return Ok(None);
    };
    checked(&key_at, &text)?;
    let key = parse_at(&key_at, &text)?;
    let until_text = present(read_optional_unchecked(&until_at)?).ok_or_else(|| {
        Error::operational(format!(
            "{key_at} holds a previous key, but {until_at} (the end of its grace period) is missing or empty"
        ))
        .with_hint(format!(
            "set {until_at} to the end of the grace period (RFC 3339), or empty {key_at} if the grace period is over"
        ))
    })?;
    let until = crate::time::parse_instant(&until_text)
        .map_err(|e| Error::operational(format!("{until_at}: {e}")))?
        .timestamp();
    Ok(Some((key, until)))
}

/// The text at `at`, or `None` when its file or entry does not exist; a file is read whatever
/// its mode (the caller checks what it holds).
fn read_optional_unchecked(at: &SecretSource) -> Result<Option<Zeroizing<String>>> {
    match at.path() {
        Some(p) if std::fs::symlink_metadata(p).is_err() => Ok(None),
        Some(_) => at
            .backend()
            .read_unchecked()
            .map(Some)
            .map_err(|e| at.scrub(e)),
        None => at.read_optional(),
    }
}

/// Whether `place` is a URL (`scheme://…`, any letter case) rather than a file.
pub fn is_url(place: &str) -> bool {
    place.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// `place` as messages show it: a URL without its userinfo and query (see [`crate::net::shown`]).
pub fn shown_place(place: &str) -> String {
    if is_url(place) {
        crate::net::shown(place)
    } else {
        place.to_string()
    }
}

/// The JWK Set at `place`: a file (which others may not write), or an `https://` URL
/// (`http://` for loopback only; any other scheme is refused by `net`).
pub fn load_jwks(place: &str) -> Result<Jwks> {
    let named = shown_place(place);
    let text = if is_url(place) {
        let body = crate::net::fetch(place, &crate::net::Limits::default())?;
        String::from_utf8(body)
            .map_err(|_| Error::operational(format!("the JWKS at {named} is not UTF-8")))?
    } else {
        let path = Path::new(place);
        let f =
            crate::txn::open_regular(path).map_err(|e| Error::io("reading the JWKS", path, e))?;
        check_not_replaceable(path, "JWKS")?;
        crate::txn::read_text_capped(f, crate::txn::MAX_INPUT)
            .map_err(|e| Error::io("reading the JWKS", path, e))?
    };
    Jwks::parse(&text).map_err(|why| Error::operational(format!("the JWKS {named}: {why}")))
}
