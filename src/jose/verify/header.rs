//! The header's checks: `alg`, `typ`, `crit` and `b64`.

use serde_json::Value;

use super::{MediaType, fail, pass};
use crate::jose::{Alg, Decoded, Profile};
use crate::report::{Check, CheckId, json_type};

/// Algorithm: present, a string, in `allowed` exactly as written; never `none`. The
/// algorithm too, when it is allowed.
pub fn algorithm(token: &Decoded, allowed: &[Alg]) -> (Check, Option<Alg>) {
    let id = CheckId::Algorithm;
    let names = || {
        allowed
            .iter()
            .map(|a| a.name())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match token.header.get("alg") {
        None => (fail(id, "the header has no alg"), None),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("none") => (
            fail(
                id,
                format!("alg is \"{s}\": an unsigned token is never accepted"),
            ),
            None,
        ),
        Some(Value::String(s)) => match allowed.iter().find(|a| a.name() == s) {
            Some(&a) => (pass(id, format!("{a} (allowed: {})", names())), Some(a)),
            None if s.parse::<Alg>().is_ok_and(Alg::is_hmac)
                && !allowed.iter().any(|a| a.is_hmac()) =>
            {
                (
                    fail(
                        id,
                        format!(
                            "alg \"{s}\" is not allowed (allowed: {}): an HMAC token checked against a public key is the algorithm-confusion attack (RFC 8725 §3.1)",
                            names()
                        ),
                    ),
                    None,
                )
            }
            None => (
                fail(
                    id,
                    format!(
                        "alg \"{s}\" is not allowed (allowed: {}; names are case-sensitive)",
                        names()
                    ),
                ),
                None,
            ),
        },
        Some(other) => (
            fail(
                id,
                format!("alg must be a string, but it is {}", json_type(other)),
            ),
            None,
        ),
    }
}

/// typ: a JWT type, or exactly the one asked for (RFC 8725 §3.11), compared as RFC 7515
/// §4.1.9 says: the one `--typ` names, else the one `profile` requires (an access token must
/// declare at+jwt, RFC 9068 §4). Nothing to report when the token declares a JWT type, or
/// none, and no type is required.
pub fn typ(token: &Decoded, want: Option<&MediaType>, profile: Profile) -> Option<Check> {
    let id = CheckId::Typ;
    let of_profile = profile.required_typ();
    // Who asks for the type, as the detail ends for a token without one and with another.
    let (want, (absent, wrong)) = match (want, of_profile.as_ref()) {
        (Some(w), _) => (
            Some(w),
            (
                format!("--typ {} requires one", w.as_str()),
                format!("--typ {} requires that type", w.as_str()),
            ),
        ),
        (None, Some(w)) => {
            let why = format!(
                "an {profile} access token must declare typ {} (RFC 9068 §4)",
                w.as_str()
            );
            (Some(w), (why.clone(), why))
        }
        (None, None) => (None, (String::new(), String::new())),
    };
    match (token.header.get("typ"), want) {
        (None, None) => None,
        (None, Some(_)) => Some(fail(id, format!("the header has no typ, but {absent}"))),
        (Some(Value::String(t)), want) => {
            let got = MediaType::new(t);
            match want {
                Some(want) if got == *want => Some(pass(id, format!("\"{t}\""))),
                Some(_) => Some(fail(id, format!("typ is \"{t}\", but {wrong}"))),
                None if got.is_jwt() => None,
                None => Some(fail(
                    id,
                    format!(
                        "typ is \"{t}\", not JWT, at+jwt or JOSE: this token is meant for something else (pass --typ {} to accept that type)",
                        crate::output::shell_quote(t)
                    ),
                )),
            }
        }
        (Some(other), _) => Some(fail(
            id,
            format!("typ must be a string, but it is {}", json_type(other)),
        )),
    }
}

/// crit: jwtadm understands no extensions, so any critical one rejects the token.
pub fn crit(token: &Decoded) -> Option<Check> {
    match token.header.get("crit")? {
        Value::Array(names) if !names.is_empty() => {
            let names: Vec<String> = names
                .iter()
                .map(|n| n.as_str().map_or_else(|| n.to_string(), str::to_string))
                .collect();
            Some(fail(
                CheckId::Crit,
                format!(
                    "the header marks extensions jwtadm does not understand as critical: {}",
                    names.join(", ")
                ),
            ))
        }
        other => Some(fail(
            CheckId::Crit,
            format!("crit must be a non-empty array of names, but it is {other}"),
        )),
    }
}

/// b64 (RFC 7797): false means the payload is not base64url, which jwtadm does not read, and
/// §6 requires crit to name it; true is the default and changes nothing.
pub fn b64(token: &Decoded) -> Option<Check> {
    match token.header.get("b64")? {
        Value::Bool(true) => None,
        Value::Bool(false) => {
            let named = matches!(token.header.get("crit"), Some(Value::Array(n)) if n.iter().any(|n| n == "b64"));
            Some(fail(
                CheckId::B64,
                if named {
                    "b64 is false: the payload is not base64url-encoded (RFC 7797), which jwtadm does not read"
                } else {
                    "b64 is false, and crit does not name it as RFC 7797 §6 requires: the payload is not base64url-encoded, which jwtadm does not read"
                },
            ))
        }
        other => Some(fail(
            CheckId::B64,
            format!("b64 must be a boolean, but it is {}", json_type(other)),
        )),
    }
}
