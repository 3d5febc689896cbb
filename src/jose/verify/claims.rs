//! The claims' checks: iss, aud, the claims that must be strings, those a profile requires,
//! and quota.

use serde_json::Value;

use super::{Expect, fail, pass};
use crate::jose::{Decoded, Profile};
use crate::report::{Cause, Check, CheckId, json_type};

/// Issuer: exactly the one `--iss` asks for; not checked without one.
pub fn iss(token: &Decoded, expect: &Expect) -> Option<Check> {
    let want = expect.iss.as_ref()?;
    let id = CheckId::Iss;
    Some(match token.claims.get("iss") {
        Some(Value::String(got)) if got == want => pass(id, format!("\"{got}\"")),
        Some(Value::String(got)) => fail(id, format!("expected \"{want}\", found \"{got}\"")),
        None => fail(id, format!("expected \"{want}\", but the token has no iss")),
        Some(other) => fail(
            id,
            format!("iss must be a string, but it is {}", json_type(other)),
        ),
    })
}

/// Audience: a string or an array of strings, one of which must be in `want`.
pub fn aud(token: &Decoded, want: &[String]) -> Option<Check> {
    let id = CheckId::Aud;
    let found = match audiences(token) {
        Err(e) => return Some(fail(id, e)),
        Ok(found) => found,
    };
    if want.is_empty() {
        // RFC 7519 §4.1.3: a recipient that is not named in aud must reject the token.
        return (!found.is_empty()).then(|| {
            fail(
                id,
                format!(
                    "the token is for audience {}, but no --aud was given to check it against",
                    quote_list(&found)
                ),
            )
            .because(Cause::AudNotChecked(
                found.iter().map(|a| a.to_string()).collect(),
            ))
        });
    }
    Some(if found.iter().any(|a| want.iter().any(|w| w == a)) {
        pass(id, quote_list(&found))
    } else if found.is_empty() {
        fail(
            id,
            format!("expected {}, but the token has no aud", quote_list(want)),
        )
    } else {
        fail(
            id,
            format!(
                "expected {}, found {}",
                quote_list(want),
                quote_list(&found)
            ),
        )
    })
}

/// The claims that must be strings when present; under the at+jwt profile also client_id
/// and scope (RFC 9068 §2.2, RFC 8693 §4.2: a space-separated string).
pub fn claim_types(token: &Decoded, profile: Profile) -> Option<Check> {
    let access_token: &[&str] = match profile {
        Profile::Jwt => &[],
        Profile::AtJwt => &["client_id", "scope"],
    };
    let wrong: Vec<String> = ["sub", "jti", "name", "role"]
        .iter()
        .chain(access_token)
        .filter_map(|&k| match token.claims.get(k) {
            Some(v) if !v.is_string() => Some(format!("{k} is {}", json_type(v))),
            _ => None,
        })
        .collect();
    (!wrong.is_empty()).then(|| {
        fail(
            CheckId::ClaimTypes,
            format!("must be strings: {}", wrong.join(", ")),
        )
    })
}

/// The claims `profile` requires (for at+jwt, RFC 9068 §2.2): nothing to report for a plain
/// JWT, whose only required claims (exp) have checks of their own.
pub fn required(token: &Decoded, profile: Profile) -> Option<Check> {
    let all = profile.required_claims();
    if all.is_empty() {
        return None;
    }
    let id = CheckId::Required;
    let missing = profile.missing(&token.claims);
    Some(if missing.is_empty() {
        pass(id, format!("{} (RFC 9068 §2.2)", all.join(", ")))
    } else {
        fail(
            id,
            format!(
                "no {}: an {profile} access token must have {} (RFC 9068 §2.2)",
                missing.join(", "),
                all.join(", ")
            ),
        )
    })
}

/// quota: the seeds' server refuses a token whose quota is used up.
pub fn quota(token: &Decoded) -> Option<Check> {
    let id = CheckId::Quota;
    Some(match token.claims.get("quota")? {
        Value::Number(n) if n.as_f64().is_some_and(|q| q > 0.0) => pass(id, format!("{n}")),
        Value::Number(n) => fail(
            id,
            format!("quota exhausted ({n}): the server refuses a token whose quota is 0 or less"),
        ),
        other => fail(
            id,
            format!("quota must be a number, but it is {}", json_type(other)),
        ),
    })
}

/// The token's audiences: `aud` as a string or an array of strings, or what is wrong with it.
pub(super) fn audiences(token: &Decoded) -> Result<Vec<&str>, String> {
    match token.claims.get("aud") {
        None => Ok(Vec::new()),
        Some(Value::String(s)) => Ok(vec![s.as_str()]),
        Some(Value::Array(list)) => list
            .iter()
            .map(|v| {
                v.as_str()
                    .ok_or_else(|| format!("aud must hold strings, but it holds {}", json_type(v)))
            })
            .collect(),
        Some(other) => Err(format!(
            "aud must be a string or an array of strings, but it is {}",
            json_type(other)
        )),
    }
}

fn quote_list<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|s| format!("\"{}\"", s.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}
