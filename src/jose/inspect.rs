//! What a token says without its key: whether it is in date, in words, and what looks wrong
//! (`token inspect`). The same comparisons as `verify`; everything `verify` rejects under any
//! options is warned about, from the same checks.

use serde_json::{Map, Value};

use super::numeric_date;
use super::verify;
use super::{Decoded, Profile};
use crate::report::CheckId;
use crate::time::Time;

/// Whether the token is expired, not yet valid, or neither, in words; and a short state name.
/// The same comparisons as `verify`: valid while now is before exp and not before nbf.
pub fn time_status(claims: &Map<String, Value>, now: Time) -> (&'static str, String) {
    if let Some(nbf) = numeric_date::date(claims, "nbf")
        && now < nbf
    {
        let summary = format!("not valid until {} ({})", nbf.show(), nbf.relative(now));
        return ("not_yet_valid", summary);
    }
    match numeric_date::numeric_date(claims, "exp") {
        Ok(Some(exp)) if now >= exp => (
            "expired",
            format!("expired {} ({})", exp.relative(now), exp.show()),
        ),
        Ok(Some(exp)) => (
            "valid",
            format!("valid until {} ({})", exp.show(), exp.relative(now)),
        ),
        Ok(None) => ("no_expiry", "no expiry".to_string()),
        Err(why) => ("invalid_exp", why),
    }
}

/// Warnings about what a token holds, whether or not it verifies.
pub fn warnings(d: &Decoded, now: Time) -> Vec<String> {
    let mut w = Vec::new();
    if d.alg().is_some_and(|a| a.eq_ignore_ascii_case("none")) {
        w.push("alg is none: the token is unsigned, and no verifier should accept it".into());
    }
    if !d.header.contains_key("alg") {
        w.push("the header has no alg".into());
    }
    for k in crate::claims::TIME_CLAIMS {
        if let Err(why) = numeric_date::numeric_date(&d.claims, k) {
            w.push(why);
        }
    }
    match numeric_date::date(&d.claims, "exp") {
        None if !d.claims.contains_key("exp") => w.push("no exp: the token never expires".into()),
        None => {}
        Some(exp) => {
            let from = numeric_date::date(&d.claims, "iat").unwrap_or(now);
            let lifetime = exp.secs().saturating_sub(from.secs());
            if !exp.is_date() && exp > from {
                w.push(
                    "exp is after the year 9999: the token never expires in practice, and a leaked token stays usable"
                        .into(),
                );
            } else if lifetime > 90 * 86_400 {
                w.push(format!(
                    "lifetime is {}, over 90 days: a leaked token stays usable that long",
                    crate::time::humanize(lifetime)
                ));
            }
        }
    }
    if !d.claims.contains_key("iss") {
        w.push("no iss: the token does not say who issued it".into());
    }
    if !d.claims.contains_key("aud") {
        w.push("no aud: the token does not say which service it is for".into());
    }
    // An access token by its typ: what `token verify --profile at+jwt` requires of it.
    let profile = Profile::declared_by(&d.header);
    if let Some(c) = verify::required(d, profile).filter(|c| !c.ok) {
        w.push(format!(
            "typ is {profile}, but token verify --profile {profile} rejects it: {}",
            c.detail
        ));
    }
    // Whatever `token verify` rejects under any options, from the same checks. An unsigned or
    // alg-less token is warned about above already.
    let alg_warned = d.alg().is_none_or(|a| a.eq_ignore_ascii_case("none"));
    for c in verify::unkeyed(d).checks {
        let covered = c.id == CheckId::Algorithm && alg_warned;
        if !c.ok && !covered {
            w.push(format!("token verify rejects it: {}: {}", c.id, c.detail));
        }
    }
    w
}
