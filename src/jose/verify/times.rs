//! exp, nbf and iat: to the nanosecond and with fractional NumericDates, the token is valid
//! while now is before exp (RFC 7519 §4.1.4) and not before nbf (§4.1.5).

use super::{Expect, fail, pass};
use crate::jose::Decoded;
use crate::jose::numeric_date::{not_a_number, numeric_date};
use crate::report::{Cause, Check, CheckId};
use crate::time::Time;

/// What a token without an exp is; the detail adds how to accept that.
const NO_EXP: &str = "the token has no exp, so it never expires";

fn expired(exp: Time, now: Time) -> String {
    format!("expired {}", exp.relative(now))
}

/// exp: present unless `--allow-no-exp`, and not passed (with the leeway) unless
/// `--ignore-exp`.
pub fn exp(token: &Decoded, expect: &Expect) -> Check {
    let (id, now) = (CheckId::Exp, expect.now);
    match numeric_date(&token.claims, "exp") {
        Err(e) => fail(id, e).because(Cause::NotNumericDate),
        Ok(None) if expect.require_exp => {
            fail(id, format!("{NO_EXP} (pass --allow-no-exp to accept that)")).because(Cause::NoExp)
        }
        Ok(None) => pass(id, "no exp (allowed by --allow-no-exp)"),
        Ok(Some(exp)) if expect.ignore_exp => pass(
            id,
            format!(
                "{} ({}), ignored by --ignore-exp",
                exp.show(),
                exp.relative(now)
            ),
        ),
        Ok(Some(exp)) if now >= exp.plus(expect.leeway) => {
            Check::late(id, format!("{} ({})", expired(exp, now), exp.show()))
                .because(Cause::Expired(exp))
        }
        Ok(Some(exp)) => pass(
            id,
            format!("expires {} ({})", exp.relative(now), exp.show()),
        ),
    }
}

/// A failed exp check in a few words, as `token status` shows it: what is wrong, without the
/// date or the way out.
pub fn exp_summary(check: &Check, now: Time) -> String {
    match check.cause {
        Cause::Expired(exp) => expired(exp, now),
        Cause::NoExp => NO_EXP.to_string(),
        Cause::NotNumericDate => not_a_number("exp"),
        _ => check.detail.clone(),
    }
}

/// nbf: not after now (with the leeway).
pub fn nbf(token: &Decoded, expect: &Expect) -> Option<Check> {
    not_after_now(token, expect, CheckId::Nbf, |nbf, now| {
        (
            format!("not valid until {} ({})", nbf.show(), nbf.relative(now)),
            format!("valid since {}", nbf.show()),
        )
    })
}

/// iat: not in the future (with the leeway).
pub fn iat(token: &Decoded, expect: &Expect) -> Option<Check> {
    not_after_now(token, expect, CheckId::Iat, |iat, now| {
        (
            format!(
                "issued in the future: {} ({}); check the clocks",
                iat.show(),
                iat.relative(now)
            ),
            format!("issued {} ({})", iat.relative(now), iat.show()),
        )
    })
}

/// A time claim that must not be after now (with the leeway): nothing to report when it is
/// absent. `details` gives what to say when it is after now, and when it is not.
fn not_after_now(
    token: &Decoded,
    expect: &Expect,
    id: CheckId,
    details: impl Fn(Time, Time) -> (String, String),
) -> Option<Check> {
    let now = expect.now;
    let at = match numeric_date(&token.claims, id.as_str()) {
        Err(e) => return Some(fail(id, e).because(Cause::NotNumericDate)),
        Ok(at) => at?,
    };
    let (late, fine) = details(at, now);
    Some(if now.plus(expect.leeway) < at {
        Check::late(id, late)
    } else {
        pass(id, fine)
    })
}
