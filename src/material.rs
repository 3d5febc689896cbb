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
    // then, when it turns out to be private, check its place without reading it again (which
    // for a command: source would run the command a second time).
    let text = source.load_text_unchecked()?;
    let parsed = parse_at(source, &text)?;
    if parsed.is_private() {
        source.check_private()?;
    }
    Ok(parsed)
}

/// The private key at `source`, to sign with.
pub fn load_private(source: &SecretSource) -> Result<PrivateKey> {
    match load_key(source)? {
        Parsed::Private(k) => Ok(k),
        Parsed::Public(k) => Err(Error::usage(format!(
            "{source} holds a public key ({}); signing needs the private key",
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
    let Some(text) = present(key_at.read_optional()?) else {
        return Ok(None);
    };
    let key = parse_at(&key_at, &text)?;
    let until_text = present(until_at.read_optional()?).ok_or_else(|| {
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

/// The JWK Set at `place`: a file, or an `https://` URL (`http://` for loopback only).
pub fn load_jwks(place: &str) -> Result<Jwks> {
    let (text, named) = if place.starts_with("https://") || place.starts_with("http://") {
        let body = crate::net::fetch(place, &crate::net::Limits::default())?;
        let text = String::from_utf8(body)
            .map_err(|_| Error::operational(format!("the JWKS at {place} is not UTF-8")))?;
        (text, place.to_string())
    } else {
        let path = Path::new(place);
        let text = crate::txn::read::read_regular_string(path).map_err(|e| {
            Error::operational(format!("cannot read the JWKS {}: {e}", path.display()))
        })?;
        (text, path.display().to_string())
    };
    Jwks::parse(&text).map_err(|why| Error::operational(format!("the JWKS {named}: {why}")))
}
