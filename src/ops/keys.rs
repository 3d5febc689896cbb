//! `jwtadm key …`: a key pair made and stored, and the public keys published as a JWK Set.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::keys::jwk::Jwks;
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
    let text = material::key_text(source)?;
    if !pair::looks_like_key(&text) || pair::is_hmac_jwk(&text) {
        return Err(Error::usage(format!(
            "{source} does not hold a key pair (it reads as an HMAC secret): an HMAC secret is never exported, because it has no public half — whoever holds it can sign tokens"
        ))
        .with_hint("publish a key pair's public key instead: jwtadm key gen --alg EdDSA --to file:signing.pem"));
    }
    // The text already read: a command: source runs once.
    material::load_key_from(source, &text)
}

/// The algorithm `key` is published for: `asked`, which must be one it signs with, or its own.
pub fn alg_for(key: &PublicKey, asked: Option<Alg>) -> Result<Alg> {
    match asked {
        Some(alg) => key.check_alg(alg).map(|_| alg),
        None => Ok(key.algs()[0]),
    }
}

/// The JWK Set of the key at `source` and, until the end of its grace period (judged at
/// `now`), the previous key a rotation kept beside it. `existing`, the set published now (the
/// file about to be replaced), says what the previous key was published for.
pub fn jwks(
    source: &SecretSource,
    alg: Option<Alg>,
    existing: Option<&Jwks>,
    now: Time,
) -> Result<Value> {
    let key = load_public(source)?;
    // Without --alg, the algorithm the set publishes the key for now (`key rotate --alg` may
    // have chosen another hash than the key's first), else the key's own.
    let published = existing
        .and_then(|set| set.keys.iter().find(|k| k.kid == key.public().key_id()))
        .and_then(|k| k.alg)
        .filter(|a| key.public().algs().contains(a));
    let alg = match (alg, published) {
        (None, Some(a)) => a,
        (asked, _) => alg_for(key.public(), asked)?,
    };
    let previous = material::load_previous(source)?;
    let previous = previous
        .as_ref()
        .map(|(p, until)| (p.public(), fallback_alg(p.public(), alg), *until));
    Ok(set_of(key.public(), alg, previous, existing, now))
}

/// The algorithm a previous key is published for when nothing else says: the current key's
/// when it signs that too, else its own.
pub fn fallback_alg(previous: &PublicKey, alg: Alg) -> Alg {
    if previous.algs().contains(&alg) {
        alg
    } else {
        previous.algs()[0]
    }
}

/// The JWK Set of `current`, published for `alg`, and of `previous` (the key, the algorithm
/// it signed with, the end of its grace) until the end of its grace, judged at `now`. A set
/// published now, `existing`, that lists the previous key says its algorithm instead: what
/// its tokens were verified with until now.
pub fn set_of(
    current: &PublicKey,
    alg: Alg,
    previous: Option<(&PublicKey, Alg, i64)>,
    existing: Option<&Jwks>,
    now: Time,
) -> Value {
    let mut keys = vec![(current, alg)];
    if let Some((p, palg, until)) = previous
        && now <= Time::from_secs(until)
        && p.key_id() != current.key_id()
    {
        let published = existing
            .and_then(|set| set.keys.iter().find(|k| k.kid == p.key_id()))
            .and_then(|k| k.alg)
            .filter(|a| p.algs().contains(a));
        keys.push((p, published.unwrap_or(palg)));
        let mut doc = jwk::document(&keys);
        // When the previous key retires, as OpenID Federation's historical keys say it: a
        // verifier that holds only the JWKS can then tell a retiring key from a current one.
        doc["keys"][1]["exp"] = until.into();
        return doc;
    }
    jwk::document(&keys)
}

/// The JWK Set in a file's `text`, as published now: `None` when there is none yet (an empty
/// file, or a set with no key jwtadm reads). A file that is not a JWK Set at all (another
/// JSON document, or not JSON) is an error: it is not jwtadm's to overwrite.
pub fn published(text: &str, path: &Path) -> Result<Option<Jwks>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let is_set = serde_json::from_str::<Value>(text)
        .is_ok_and(|v| v.get("keys").is_some_and(Value::is_array));
    if !is_set {
        return Err(Error::operational(format!(
            "{} is not a JWK Set (a JSON object with a \"keys\" array); jwtadm does not overwrite it",
            path.display()
        ))
        .with_hint("name the file the JWKS is published in, or remove this one so that jwtadm creates it"));
    }
    Ok(Jwks::parse(text).ok())
}

/// Whether `set` lists `key` under its thumbprint, for `alg`: a token it signs verifies with
/// the set.
pub fn lists(set: &Jwks, key: &PublicKey, alg: Alg) -> bool {
    set.keys.iter().any(|k| {
        k.kid == key.key_id() && k.key.key_id() == key.key_id() && k.alg.is_none_or(|a| a == alg)
    })
}

/// The `kid`s of a JWK Set document, for reports.
pub fn kids(doc: &Value) -> Vec<String> {
    doc["keys"]
        .as_array()
        .map(|keys| {
            keys.iter()
                .filter_map(|k| k["kid"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Write the JWK Set `make` builds to `path` as every file jwtadm writes: atomically, locked,
/// checked against what was read; a new file is created 0644, for the web server that serves
/// it. `make` is given the set the file publishes now. Returns the set written.
pub fn write_jwks(
    path: &Path,
    make: impl FnOnce(Option<&Jwks>) -> Result<Value>,
) -> Result<Republished> {
    let mut plan = Plan::open_with(&[], &[path])?;
    let written = republish(&mut plan, path, make)?;
    plan.commit(false)?;
    Ok(written)
}

/// A JWK Set file rewritten: the `kid`s it listed and the set it will hold.
pub struct Republished {
    pub path: PathBuf,
    pub before: Vec<String>,
    pub doc: Value,
    /// What the user may not expect: the file, which keeps its mode, is not trusted as it is
    /// (others may write it); keys it listed are no longer published.
    pub warnings: Vec<String>,
}

/// Put the JWK Set `make` builds into `plan` (which has `path` open) as the whole of the public
/// file `path`; `make` is given the set the file publishes now.
pub fn republish(
    plan: &mut Plan,
    path: &Path,
    make: impl FnOnce(Option<&Jwks>) -> Result<Value>,
) -> Result<Republished> {
    let existing = published(plan.content(path), path)?;
    let before: Vec<String> = existing
        .as_ref()
        .map(|set| set.keys.iter().map(|k| k.kid.clone()).collect())
        .unwrap_or_default();
    let doc = make(existing.as_ref())?;
    let mut text = serde_json::to_string_pretty(&doc)
        .map_err(|e| Error::operational(format!("writing the JWKS: {e}")))?;
    text.push('\n');
    plan.replace(path, text);
    plan.make_public(path);
    // An existing file keeps the mode its owner chose; one that others may write is refused
    // when read back (`token verify --jwks`), so say so now.
    let mut warnings: Vec<String> = material::check_not_replaceable(path, "JWKS")
        .err()
        .map(|e| {
            format!(
                "{}; token verify --jwks refuses it until: {}",
                e.message(),
                e.hint().unwrap_or_default()
            )
        })
        .into_iter()
        .collect();
    // The set is rewritten whole: a key it listed that is neither this key nor its previous
    // one (another issuer's, in a shared file; a previous key past its grace) is no longer
    // published. Say which.
    let after = kids(&doc);
    let dropped: Vec<String> = before
        .iter()
        .filter(|k: &&String| !after.contains(k))
        .map(|k| format!("kid:{k}"))
        .collect();
    if !dropped.is_empty() {
        warnings.push(format!(
            "{} no longer lists {}: it is rewritten with this key and, during its grace, the previous one only",
            path.display(),
            dropped.join(", ")
        ));
    }
    Ok(Republished {
        path: path.to_path_buf(),
        before,
        doc,
        warnings,
    })
}

/// Keep the JWK Set at `path` (open in `plan`) listing `key` for `alg`: when it is missing or
/// does not list it, put into `plan` the set of the key and, until the end of its grace, the
/// previous one kept beside `source`. `None` when the set is current.
pub fn keep_listing(
    plan: &mut Plan,
    path: &Path,
    key: &PublicKey,
    alg: Alg,
    source: &SecretSource,
    now: Time,
) -> Result<Option<Republished>> {
    if published(plan.content(path), path)?.is_some_and(|set| lists(&set, key, alg)) {
        return Ok(None);
    }
    let previous = material::load_previous(source)?;
    let previous = previous
        .as_ref()
        .map(|(p, until)| (p.public(), fallback_alg(p.public(), alg), *until));
    republish(plan, path, |existing| {
        Ok(set_of(key, alg, previous, existing, now))
    })
    .map(Some)
}

/// Whether the JWK Set file at `path` lists `key` for `alg` (a missing file does not).
pub fn file_lists(path: &Path, key: &PublicKey, alg: Alg) -> Result<bool> {
    let text = match crate::txn::read_regular_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(Error::io("reading the JWKS", path, e)),
    };
    Ok(published(&text, path)?.is_some_and(|set| lists(&set, key, alg)))
}

/// The RFC 7638 thumbprint of the key in `text` (a JWK or PEM, public or private).
pub fn thumbprint(text: &str) -> std::result::Result<(String, String), String> {
    let parsed = pair::parse(text)?;
    Ok((parsed.public().key_id(), parsed.public().describe()))
}
