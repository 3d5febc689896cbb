//! The signature: with the current secret, or the previous one during its grace period.

use serde_json::Value;

use super::{Keys, fail, pass};
use crate::jose::{Alg, Decoded};
use crate::keys::VerifyingKey;
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
/// `kid` that names one of the secrets picks it; without one, both are tried.
pub fn signature(token: &Decoded, keys: &Keys, now: Time, alg: Option<Alg>) -> Signature {
    let id = CheckId::Signature;
    let Some(a) = alg else {
        return Signature {
            check: fail(id, "not checked: the algorithm is not allowed"),
            signed_by_previous: None,
            warning: None,
        };
    };
    let key = keys.current;
    let kid = token.header.get("kid").and_then(Value::as_str);
    let names = |s: &dyn VerifyingKey| kid.is_some_and(|k| k == s.key_id());
    let try_current = !keys.previous.is_some_and(|(p, _)| names(p));
    let prev = keys.previous.filter(|_| !names(key));
    // The key itself, not `token::signature_matches`: jose may not depend on the signing side.
    let matches =
        |s: &dyn VerifyingKey| s.verifies(a, token.signing_input.as_bytes(), &token.signature);
    let mut signed_by_previous = None;
    let check = if try_current && matches(key) {
        pass(
            id,
            format!("{a} signature matches secret {}", key.fingerprint()),
        )
    } else if let Some((p, until)) = prev.filter(|(p, _)| matches(*p)) {
        signed_by_previous = Some(until);
        if now <= Time::from_secs(until) {
            pass(
                id,
                format!(
                    "signed by the previous secret {}, retired {} ({})",
                    p.fingerprint(),
                    relative(until, now.secs()),
                    rfc3339(until)
                ),
            )
        } else {
            fail(
                id,
                format!(
                    "signed by the previous secret {}, whose grace period ended {} ({})",
                    p.fingerprint(),
                    relative(until, now.secs()),
                    rfc3339(until)
                ),
            )
            .because(Cause::PreviousRetired)
        }
    } else {
        let also = keys
            .previous
            .map(|(p, _)| format!(" or the previous secret {}", p.fingerprint()))
            .unwrap_or_default();
        fail(
            id,
            format!(
                "the signature does not match secret {}{also}",
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
