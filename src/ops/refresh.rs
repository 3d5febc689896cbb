//! `jwtadm token refresh`: a token re-signed with the same claims and lifetime, from now.

use serde_json::Map;

use super::verify::{KeyPlace, Verifier};
use crate::claims;
use crate::error::{Error, Result};
use crate::jose::verify::{self, Expect};
use crate::jose::{Alg, Decoded, Profile};
use crate::token;

/// What `token refresh` is asked, besides the token.
pub struct RefreshOptions<'a> {
    /// The algorithms the token may be signed with; when empty, HS256 for a secret, the key's
    /// own for a key.
    pub alg: &'a [Alg],
    /// `--expires`: the new token's end; the old token's lifetime from now when absent.
    pub expires: Option<&'a str>,
    /// Where the secret or key came from, for its errors.
    pub with: KeyPlace<'a>,
}

/// The claims of the refreshed token, to be signed with the current secret.
pub struct Refreshed {
    pub claims: Map<String, serde_json::Value>,
    pub alg: Alg,
    /// The old token's profile, declared by its typ: an access token stays one.
    pub profile: Profile,
    pub exp: i64,
}

/// The claims of `decoded` with a new iat, exp and jti, once its signature verifies with
/// `verifier`, which must be able to sign (a secret or a private key); an access token (typ
/// at+jwt) keeps its profile, client_id and scope with them.
pub fn run(decoded: &Decoded, verifier: &Verifier, options: &RefreshOptions) -> Result<Refreshed> {
    let Some(signing) = verifier.signing() else {
        return Err(Error::usage(
            "refreshing signs a new token, which needs the secret or the private key, not a public key or a JWKS",
        ));
    };
    let keys = verifier.keys();
    let clock = crate::time::clock()?;
    let now = clock.secs();
    let expect = Expect {
        algs: if options.alg.is_empty() {
            verifier.default_algs()
        } else {
            options.alg.to_vec()
        },
        require_exp: false,
        ignore_exp: true,
        now: clock,
        ..Expect::default()
    };
    // Only the token's authenticity matters here: its expiry is what refreshing fixes.
    let report = verify::verify(decoded, &keys, &expect);
    if let Some(c) = report
        .checks
        .iter()
        .find(|c| !c.ok && c.id.is_authenticity())
    {
        return Err(Error::rejected(format!("not refreshed: {}: {}", c.id, c.detail))
            .with_hint("only a token whose signature verifies with --secret (or the previous secret in its grace period) is refreshed"));
    }
    let alg: Alg = decoded
        .alg()
        .and_then(|a| a.parse().ok())
        .unwrap_or_default();
    let num = |k: &str| crate::jose::numeric_date::date(&decoded.claims, k);
    let exp = match (options.expires, num("exp"), num("iat")) {
        (Some(when), _, _) => {
            claims::parse_when(when, now).map_err(|e| Error::usage(format!("--expires: {e}")))?
        }
        (None, Some(exp), Some(iat)) if exp > iat => {
            now.saturating_add(exp.secs().saturating_sub(iat.secs()))
        }
        _ => {
            return Err(Error::usage(
                "the token has no exp and iat to take its lifetime from: pass --expires",
            ));
        }
    };
    claims::check_expiry(exp, now).map_err(|e| Error::usage(e).with_hint("pass --expires"))?;
    let mut new_claims = Map::new();
    for (k, v) in &decoded.claims {
        match k.as_str() {
            "iat" => {
                new_claims.insert("iat".into(), now.into());
            }
            "exp" | "nbf" | "jti" => {}
            _ => {
                new_claims.insert(k.clone(), v.clone());
            }
        }
    }
    new_claims.entry("iat").or_insert(now.into());
    new_claims.insert("exp".into(), exp.into());
    new_claims.insert("jti".into(), claims::random_jti()?.into());
    let profile = Profile::declared_by(&decoded.header);
    profile_claims(profile, &new_claims)?;
    token::check_key_len(signing, alg).map_err(|e| match options.with {
        KeyPlace::Secret(source, _) => e.context(source).with_hint(source.longer_key_hint(alg)),
        KeyPlace::Key(source) => e.context(source),
        KeyPlace::Jwks(_) => e,
    })?;
    Ok(Refreshed {
        claims: new_claims,
        alg,
        profile,
        exp,
    })
}

/// The claims of the new token lack none its profile requires and break none of its rules, as
/// `token issue --profile` would refuse them (exit 2): refreshing keeps the claims, so an old
/// access token without them would give a new one without them.
fn profile_claims(profile: Profile, claims: &Map<String, serde_json::Value>) -> Result<()> {
    let missing = profile.missing(claims);
    let why = if !missing.is_empty() {
        format!(
            "the token declares typ {} but has no {}, which RFC 9068 §2.2 requires in every access token ({})",
            profile.typ(),
            missing.join(", "),
            profile.required_claims().join(", ")
        )
    } else if let Some(fault) = profile.fault(claims) {
        format!("the token declares typ {}, and its {fault}", profile.typ())
    } else {
        return Ok(());
    };
    Err(Error::usage(format!("not refreshed: {why}")).with_hint(format!(
        "issue a new access token instead: jwtadm token issue --profile {profile} --sub … --iss … --aud … --client-id …"
    )))
}
