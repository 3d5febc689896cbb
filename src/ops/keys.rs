//! `jwtadm key …`: a key pair made and stored, and the public keys published as a JWK Set.

use std::path::Path;

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::keys::{Alg, Key, Parsed, PrivateKey, PublicKey, jwk, pair};
use crate::material;
use crate::store::SecretSource;
use crate::time::Time;
use crate::txn::plan::Plan;

/// A key made by `key gen`.
pub struct Generated {
    pub kid: String,
    pub alg: Alg,
    pub describe: String,
    /// The public JWK, with `kid`, `alg` and `use`.
    pub jwk: Map<String, Value>,
}

/// Make a key for `alg` (`bits` long, for RSA) and store it at `to`: `file:` (created 0600,
/// not over a key already there unless `force`) or `keyring:`.
pub fn generate(alg: Alg, bits: Option<u32>, to: &SecretSource, force: bool) -> Result<Generated> {
    let writable = matches!(to, SecretSource::File(_) | SecretSource::Keyring { .. });
    if !writable {
        return Err(Error::usage(format!(
            "a private key is written to file:PATH or keyring:SERVICE/ACCOUNT, not {to}"
        )));
    }
    let key = PrivateKey::generate(alg, bits)?;
    let pem = key.to_pem()?;
    to.store(pem.trim_end(), force)?;
    Ok(Generated {
        kid: key.key_id(),
        alg,
        describe: key.public().describe(),
        jwk: key.public().jwk(alg),
    })
}

/// The key at `source`, which must be a key pair's (public or private) and not an HMAC
/// secret: a secret has no public half, and publishing it would let anyone sign tokens.
pub fn load_public(source: &SecretSource) -> Result<Parsed> {
    let text = source.load_text_unchecked()?;
    if !pair::looks_like_key(&text) {
        return Err(Error::usage(format!(
            "{source} does not hold a key pair (it reads as an HMAC secret): an HMAC secret is never exported, because it has no public half — whoever holds it can sign tokens"
        ))
        .with_hint("publish a key pair's public key instead: jwtadm key gen --alg EdDSA --to file:signing.pem"));
    }
    material::load_key(source)
}

/// The algorithm `key` is published for: `asked`, which must be one it signs with, or its own.
pub fn alg_for(key: &PublicKey, asked: Option<Alg>) -> Result<Alg> {
    match asked {
        Some(alg) => key.check_alg(alg).map(|_| alg),
        None => Ok(key.algs()[0]),
    }
}

/// The JWK Set of the key at `source` and, until the end of its grace period (judged at
/// `now`), the previous key a rotation kept beside it.
pub fn jwks(source: &SecretSource, alg: Option<Alg>, now: Time) -> Result<Value> {
    let key = load_public(source)?;
    let alg = alg_for(key.public(), alg)?;
    let previous = material::load_previous(source)?
        .filter(|(_, until)| now <= Time::from_secs(*until))
        .map(|(p, _)| {
            let palg = if p.public().algs().contains(&alg) {
                alg
            } else {
                p.public().algs()[0]
            };
            (p, palg)
        });
    let mut keys = vec![(key.public(), alg)];
    if let Some((p, palg)) = &previous
        && p.public().key_id() != key.public().key_id()
    {
        keys.push((p.public(), *palg));
    }
    Ok(jwk::document(&keys))
}

/// Write `doc` to `path` as every file jwtadm writes: atomically, locked, checked against what
/// was read; a new file is created 0644, for the web server that serves it.
pub fn write_document(path: &Path, doc: &Value) -> Result<()> {
    let mut plan = Plan::open_with(&[], &[path])?;
    stage_document(&mut plan, path, doc)?;
    plan.commit(false).map(|_| ())
}

/// Put `doc` into `plan` (which has `path` open) as the whole of the public file `path`.
pub fn stage_document(plan: &mut Plan, path: &Path, doc: &Value) -> Result<()> {
    let mut text = serde_json::to_string_pretty(doc)
        .map_err(|e| Error::operational(format!("writing the JWKS: {e}")))?;
    text.push('\n');
    plan.replace(path, text);
    plan.make_public(path);
    Ok(())
}

/// The RFC 7638 thumbprint of the key in `text` (a JWK or PEM, public or private).
pub fn thumbprint(text: &str) -> std::result::Result<(String, String), String> {
    let parsed = pair::parse(text)?;
    Ok((parsed.public().key_id(), parsed.public().describe()))
}
