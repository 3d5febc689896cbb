//! The signature: with the current secret or key, or the previous one during its grace
//! period; or with the key of a JWK Set that the token's `kid` names.

use serde_json::Value;

use super::{Keys, fail, pass};
use crate::jose::{Alg, Decoded};
use crate::keys::VerifyingKey;
use crate::keys::jwk::Jwks;
use crate::report::{Cause, Check, CheckId};
use crate::time::{Time, relative, rfc3339};

/// What the signature check found.
#[derive(Debug, Clone)]
pub struct Signature {
    pub check: Check,
    /// When the previous secret signed the token: the end of its grace.
    pub signed_by_previous: Option<i64>,
    /// A secret shorter than the algorithm needs: verified, but worth a warning.
    pub warning: Option<String>,
}

/// The signature under `alg` (`None`: the algorithm is not allowed, so it is not checked). A
/// `kid` that names one of the keys picks it; without one, both are tried. A JWK Set's key is
/// the one its `kid` names.
pub fn signature(token: &Decoded, keys: &Keys, now: Time, alg: Option<Alg>) -> Signature {
    let id = CheckId::Signature;
    let Some(a) = alg else {
        return Signature {
            check: fail(id, "not checked: the algorithm is not allowed"),
            signed_by_previous: None,
            warning: None,
        };
    };
    let kid = token.header.get("kid").and_then(Value::as_str);
    // The key itself, not `token::signature_matches`: jose may not depend on the signing side.
    let matches =
        |s: &dyn VerifyingKey| s.verifies(a, token.signing_input.as_bytes(), &token.signature);
    if let Some(set) = keys.set {
        let (check, signed_by_previous) = in_set(set, a, kid, now, &matches);
        return Signature {
            check,
            signed_by_previous,
            warning: None,
        };
    }
    let key = keys.current;
    // A previous key of another type (a rotation to another algorithm) checks its own tokens:
    // the token is refused only when neither key could have signed it.
    let previous_fits = keys
        .previous
        .is_some_and(|(p, _)| p.verify_algs().contains(&a));
    if let Some(why) = refuses(key, a).filter(|_| !previous_fits) {
        return Signature {
            check: fail(id, why),
            signed_by_previous: None,
            warning: None,
        };
    }
    let names = |s: &dyn VerifyingKey| kid.is_some_and(|k| k == s.key_id());
    let try_current = !keys.previous.is_some_and(|(p, _)| names(p));
    let prev = keys.previous.filter(|_| !names(key));
    let mut signed_by_previous = None;
    let check = if try_current && matches(key) {
        pass(
            id,
            format!("{a} signature matches {} {}", key.noun(), key.fingerprint()),
        )
    } else if let Some((p, until)) = prev.filter(|(p, _)| matches(*p)) {
        signed_by_previous = Some(until);
        let (noun, fp) = (p.noun(), p.fingerprint());
        let (when, at) = (relative(until, now.secs()), rfc3339(until));
        if now <= Time::from_secs(until) {
            pass(
                id,
                format!("signed by the previous {noun} {fp}, retired {when} ({at})"),
            )
        } else {
            fail(
                id,
                format!(
                    "signed by the previous {noun} {fp}, whose grace period ended {when} ({at})"
                ),
            )
            .because(Cause::PreviousRetired)
        }
    } else {
        let also = keys
            .previous
            .map(|(p, _)| format!(" or the previous {} {}", p.noun(), p.fingerprint()))
            .unwrap_or_default();
        fail(
            id,
            format!(
                "the signature does not match {} {}{also}",
                key.noun(),
                key.fingerprint()
            ),
        )
    };
    let warning = key.weaker_than(a);
    Signature {
        check,
        signed_by_previous,
        warning,
    }
}

/// Why `key` cannot check an `alg` signature, when it cannot: a key pair for an HMAC token
/// (algorithm confusion, RFC 8725 §3.1), a secret for a key pair's token, another type of key.
fn refuses(key: &dyn VerifyingKey, alg: Alg) -> Option<String> {
    let algs = key.verify_algs();
    if algs.contains(&alg) {
        return None;
    }
    Some(match (alg.is_hmac(), algs.iter().any(|a| a.is_hmac())) {
        (true, _) => format!(
            "not checked: the token is {alg}, an HMAC algorithm, but the key is a public key; checking it with the public key as an HMAC secret would let anyone sign tokens (algorithm confusion, RFC 8725 §3.1)"
        ),
        (false, true) => format!(
            "not checked: the token is {alg}, signed with a key pair; a shared secret cannot verify it (give the public key with --key or --jwks)"
        ),
        (false, false) => format!(
            "not checked: the token is {alg}, but key {} signs {}",
            key.fingerprint(),
            Alg::list(&algs)
        ),
    })
}

/// The signature against the key of `set` that `kid` names (or, without a `kid`, any key that
/// fits); and, when that key retires (its `exp`), when, as for a previous key: accepted until
/// then, refused after.
fn in_set(
    set: &Jwks,
    alg: Alg,
    kid: Option<&str>,
    now: Time,
    matches: &dyn Fn(&dyn VerifyingKey) -> bool,
) -> (crate::report::Check, Option<i64>) {
    let id = CheckId::Signature;
    let found = match set.candidates(alg, kid) {
        Err(why) => return (fail(id, format!("not checked: {why}")), None),
        Ok(found) => found,
    };
    let Some(k) = found.iter().find(|k| matches(&k.key)) else {
        return (
            fail(
                id,
                format!(
                    "the signature does not match the JWKS key {}",
                    crate::keys::jwk::list_kids(found.iter().copied())
                ),
            ),
            None,
        );
    };
    let named = format!("the JWKS key kid:{} ({})", k.kid, k.key.describe());
    match k.exp {
        None => (pass(id, format!("{alg} signature matches {named}")), None),
        Some(until) if now <= Time::from_secs(until) => (
            pass(
                id,
                format!(
                    "signed by {named}, which the JWKS retires {} ({})",
                    relative(until, now.secs()),
                    rfc3339(until)
                ),
            ),
            Some(until),
        ),
        Some(until) => (
            fail(
                id,
                format!(
                    "signed by {named}, which the JWKS retired {} ({})",
                    relative(until, now.secs()),
                    rfc3339(until)
                ),
            )
            .because(Cause::PreviousRetired),
            Some(until),
        ),
    }
}
