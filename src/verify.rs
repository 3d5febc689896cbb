//! Every check of a token, each run and reported on its own, so a user sees all that is wrong
//! at once, and a script gets one exit code: rejected (1), expired or not yet valid (3), or
//! valid (0).

use serde::Serialize;
use serde_json::Value;

use crate::claims::{Time, numeric_date, relative, rfc3339};
use crate::error::Exit;
use crate::keys::VerifyingKey;
use crate::secret::Secret;
use crate::token::{Alg, Decoded, signature_matches};

/// What the token must satisfy.
#[derive(Debug, Clone)]
pub struct Expect {
    /// The algorithms allowed; the header's `alg` must be one, compared case-sensitively.
    pub algs: Vec<Alg>,
    /// The `typ` the token must declare (`--typ`); `None` accepts the JWT types
    /// ([`MediaType::is_jwt`]) or no `typ` at all.
    pub typ: Option<MediaType>,
    pub iss: Option<String>,
    /// The token's `aud` must contain one of these.
    pub aud: Vec<String>,
    pub leeway: i64,
    pub require_exp: bool,
    pub ignore_exp: bool,
    /// The time to judge exp, nbf and iat at, to the nanosecond.
    pub now: Time,
}

impl Default for Expect {
    fn default() -> Self {
        Expect {
            algs: vec![Alg::HS256],
            typ: None,
            iss: None,
            aud: Vec::new(),
            leeway: 0,
            require_exp: true,
            ignore_exp: false,
            now: Time::from_secs(0),
        }
    }
}

/// A `typ` value as RFC 7515 §4.1.9 compares them: ASCII case-insensitively, with the
/// `application/` prefix implied when the value holds no other `/`. `at+jwt`,
/// `application/AT+JWT` and `Application/At+Jwt` are one type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaType(String);

impl MediaType {
    /// The types of a token `token verify` checks when no `--typ` is given: a JWT (RFC 7519
    /// §5.1), an OAuth 2.0 access token (RFC 9068 §2.1, which OAuth-based MCP servers use),
    /// and a compact JWS (RFC 7515 §9.1.1). Other explicit types (`secevent+jwt`,
    /// `dpop+jwt`, …) mark tokens meant for something else (RFC 8725 §3.11).
    pub const JWT_TYPES: [&'static str; 3] = ["jwt", "at+jwt", "jose"];

    pub fn new(value: &str) -> MediaType {
        let lower = value.to_ascii_lowercase();
        match lower.strip_prefix("application/") {
            Some(rest) if !rest.contains('/') => MediaType(rest.to_string()),
            _ => MediaType(lower),
        }
    }

    /// The short form: `at+jwt`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_jwt(&self) -> bool {
        Self::JWT_TYPES.contains(&self.as_str())
    }
}

impl std::str::FromStr for MediaType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if s.is_empty() || s.contains(|c: char| c.is_whitespace() || c.is_control()) {
            return Err(format!(
                "`{s}` is not a media type (e.g. at+jwt, JWT, application/at+jwt)"
            ));
        }
        Ok(MediaType::new(s))
    }
}

/// How a failed check counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The token is rejected.
    Reject,
    /// The token is expired or not yet valid.
    Time,
}

/// Why a check failed, where what to do next depends on more than which check it is: the
/// hints are chosen from this, never from the wording of `detail`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Cause {
    #[default]
    Other,
    /// The token names these audiences, and no `--aud` was given to check them against.
    AudNotChecked(Vec<String>),
    /// Signed by the previous secret, whose grace period has ended.
    PreviousRetired,
}

/// One check and its result.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub check: &'static str,
    pub ok: bool,
    pub detail: String,
    #[serde(skip)]
    pub severity: Severity,
    #[serde(skip)]
    pub cause: Cause,
}

/// The result of every check.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub checks: Vec<Check>,
    pub warnings: Vec<String>,
    /// When the token was signed by the previous secret: the end of that secret's grace.
    pub signed_by_previous: Option<i64>,
}

/// The secrets a token may be signed with: the current one, and the previous one until the
/// end of its grace period (after `secret rotate`).
#[derive(Debug, Clone, Copy)]
pub struct Keys<'a> {
    pub current: &'a dyn VerifyingKey,
    pub previous: Option<(&'a dyn VerifyingKey, i64)>,
}

impl<'a> Keys<'a> {
    pub fn one(current: &'a dyn VerifyingKey) -> Self {
        Keys {
            current,
            previous: None,
        }
    }

    /// The current secret and, when a rotation kept one, the previous one with its grace.
    pub fn new(current: &'a Secret, previous: Option<&'a crate::secret::Previous>) -> Self {
        Keys {
            current,
            previous: previous.map(|p| (&p.secret as &dyn VerifyingKey, p.until)),
        }
    }
}

/// A check's detail as it may be shown: what the caller passed (`--aud`, `--iss`, `--typ`) or
/// the roster said is quoted in it, so a key pasted there is replaced by its length, as in every
/// message (see [`crate::secret::redact`]).
fn shown(detail: String) -> String {
    crate::secret::redact(&detail)
}

impl Report {
    fn pass(&mut self, check: &'static str, detail: impl Into<String>) {
        self.checks.push(Check {
            check,
            ok: true,
            detail: shown(detail.into()),
            severity: Severity::Reject,
            cause: Cause::Other,
        });
    }

    fn fail(&mut self, check: &'static str, detail: impl Into<String>) {
        self.checks.push(Check {
            check,
            ok: false,
            detail: shown(detail.into()),
            severity: Severity::Reject,
            cause: Cause::Other,
        });
    }

    fn late(&mut self, check: &'static str, detail: impl Into<String>) {
        self.checks.push(Check {
            check,
            ok: false,
            detail: detail.into(),
            severity: Severity::Time,
            cause: Cause::Other,
        });
    }

    /// A rejection whose next step depends on its cause.
    fn fail_because(&mut self, check: &'static str, detail: impl Into<String>, cause: Cause) {
        self.fail(check, detail);
        if let Some(c) = self.checks.last_mut() {
            c.cause = cause;
        }
    }

    /// The failed check named `check`, if it failed.
    pub fn failure(&self, check: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.check == check && !c.ok)
    }

    /// Every failure that rejects the token (not the ones of time).
    pub fn rejections(&self) -> impl Iterator<Item = &Check> {
        self.checks
            .iter()
            .filter(|c| !c.ok && c.severity == Severity::Reject)
    }

    pub fn valid(&self) -> bool {
        self.checks.iter().all(|c| c.ok)
    }

    /// 1 when any check rejects the token; else 3 when it is only expired or not yet valid; else 0.
    pub fn exit(&self) -> Exit {
        self.checks
            .iter()
            .filter(|c| !c.ok)
            .fold(Exit::Ok, |acc, c| {
                acc.worst(if c.severity == Severity::Time {
                    Exit::Expired
                } else {
                    Exit::Rejected
                })
            })
    }

    pub fn failed(&self, check: &str) -> bool {
        self.checks.iter().any(|c| c.check == check && !c.ok)
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Run every check of `token` against `key` and `expect`.
pub fn verify(token: &Decoded, keys: &Keys, expect: &Expect) -> Report {
    let mut r = Report::default();
    let alg = check_header(&mut r, token, expect);
    check_signature(&mut r, token, keys, expect, alg);
    check_times(&mut r, token, expect);
    check_claims(&mut r, token, expect);
    r
}

/// The checks that need neither the key nor anything the caller expects: what `token verify`
/// rejects under any options, which `token inspect` can see. The algorithm must be one jwtadm
/// uses at all (`--alg` chooses among them), `typ` a JWT type, `crit` and `b64` absent, and
/// the claims of their types; a quota must be left.
pub fn unkeyed(token: &Decoded) -> Report {
    let mut r = Report::default();
    let any = Expect {
        algs: Alg::ALL.to_vec(),
        ..Expect::default()
    };
    check_header(&mut r, token, &any);
    if let Err(e) = audiences(token) {
        r.fail("aud", e);
    }
    check_claim_types(&mut r, token);
    r
}

/// The header: `alg`, `typ`, `crit` and `b64`. The algorithm, when it is allowed.
fn check_header(r: &mut Report, token: &Decoded, expect: &Expect) -> Option<Alg> {
    let allowed: Vec<&str> = expect.algs.iter().map(|a| a.name()).collect();
    // Algorithm: present, a string, in the allow-list exactly as written; never `none`.
    let alg = match token.header.get("alg") {
        None => {
            r.fail("algorithm", "the header has no alg");
            None
        }
        Some(Value::String(s)) if s.eq_ignore_ascii_case("none") => {
            r.fail(
                "algorithm",
                format!("alg is \"{s}\": an unsigned token is never accepted"),
            );
            None
        }
        Some(Value::String(s)) => match expect.algs.iter().find(|a| a.name() == s) {
            Some(&a) => {
                r.pass(
                    "algorithm",
                    format!("{a} (allowed: {})", allowed.join(", ")),
                );
                Some(a)
            }
            None => {
                r.fail(
                    "algorithm",
                    format!(
                        "alg \"{s}\" is not allowed (allowed: {}; names are case-sensitive)",
                        allowed.join(", ")
                    ),
                );
                None
            }
        },
        Some(other) => {
            r.fail(
                "algorithm",
                format!("alg must be a string, but it is {}", json_type(other)),
            );
            None
        }
    };

    // typ: a JWT type, or exactly the one --typ asks for (RFC 8725 §3.11), compared as RFC
    // 7515 §4.1.9 says.
    match (token.header.get("typ"), &expect.typ) {
        (None, None) => {}
        (None, Some(want)) => r.fail(
            "typ",
            format!(
                "the header has no typ, but --typ {} requires one",
                want.as_str()
            ),
        ),
        (Some(Value::String(t)), want) => {
            let got = MediaType::new(t);
            match want {
                Some(want) if got == *want => r.pass("typ", format!("\"{t}\"")),
                Some(want) => r.fail(
                    "typ",
                    format!("typ is \"{t}\", but --typ {} requires that type", want.as_str()),
                ),
                None if got.is_jwt() => {}
                None => r.fail(
                    "typ",
                    format!(
                        "typ is \"{t}\", not JWT, at+jwt or JOSE: this token is meant for something else (pass --typ {} to accept that type)",
                        crate::output::shell_quote(t)
                    ),
                ),
            }
        }
        (Some(other), _) => r.fail(
            "typ",
            format!("typ must be a string, but it is {}", json_type(other)),
        ),
    }

    // crit: jwtadm understands no extensions, so any critical one rejects the token.
    match token.header.get("crit") {
        None => {}
        Some(Value::Array(names)) if !names.is_empty() => {
            let names: Vec<String> = names
                .iter()
                .map(|n| n.as_str().map_or_else(|| n.to_string(), str::to_string))
                .collect();
            r.fail(
                "crit",
                format!(
                    "the header marks extensions jwtadm does not understand as critical: {}",
                    names.join(", ")
                ),
            );
        }
        Some(other) => r.fail(
            "crit",
            format!("crit must be a non-empty array of names, but it is {other}"),
        ),
    }

    // b64 (RFC 7797): false means the payload is not base64url, which jwtadm does not read,
    // and §6 requires crit to name it; true is the default and changes nothing.
    match token.header.get("b64") {
        None | Some(Value::Bool(true)) => {}
        Some(Value::Bool(false)) => {
            let named = matches!(token.header.get("crit"), Some(Value::Array(n)) if n.iter().any(|n| n == "b64"));
            r.fail(
                "b64",
                if named {
                    "b64 is false: the payload is not base64url-encoded (RFC 7797), which jwtadm does not read"
                } else {
                    "b64 is false, and crit does not name it as RFC 7797 §6 requires: the payload is not base64url-encoded, which jwtadm does not read"
                },
            );
        }
        Some(other) => r.fail(
            "b64",
            format!("b64 must be a boolean, but it is {}", json_type(other)),
        ),
    }
    alg
}

/// The signature: with the current secret, or the previous one during its grace period. A
/// `kid` that names one of them picks it; without one, both are tried.
fn check_signature(
    r: &mut Report,
    token: &Decoded,
    keys: &Keys,
    expect: &Expect,
    alg: Option<Alg>,
) {
    let now = expect.now;

    let key = keys.current;
    if let Some(a) = alg {
        let kid = token.header.get("kid").and_then(Value::as_str);
        let names = |s: &dyn VerifyingKey| kid.is_some_and(|k| k == s.key_id());
        let try_current = !keys.previous.is_some_and(|(p, _)| names(p));
        let prev = keys.previous.filter(|_| !names(key));
        let matches =
            |s: &dyn VerifyingKey| signature_matches(&token.signing_input, &token.signature, s, a);
        if try_current && matches(key) {
            r.pass(
                "signature",
                format!("{a} signature matches secret {}", key.fingerprint()),
            );
        } else if let Some((p, until)) = prev.filter(|(p, _)| matches(*p)) {
            r.signed_by_previous = Some(until);
            if now <= Time::from_secs(until) {
                r.pass(
                    "signature",
                    format!(
                        "signed by the previous secret {}, retired {} ({})",
                        p.fingerprint(),
                        relative(until, now.secs()),
                        rfc3339(until)
                    ),
                );
            } else {
                r.fail_because(
                    "signature",
                    format!(
                        "signed by the previous secret {}, whose grace period ended {} ({})",
                        p.fingerprint(),
                        relative(until, now.secs()),
                        rfc3339(until)
                    ),
                    Cause::PreviousRetired,
                );
            }
        } else {
            let also = keys
                .previous
                .map(|(p, _)| format!(" or the previous secret {}", p.fingerprint()))
                .unwrap_or_default();
            r.fail(
                "signature",
                format!(
                    "the signature does not match secret {}{also}",
                    key.fingerprint()
                ),
            );
        }
        if let Some(warning) = key.weaker_than(a) {
            r.warnings.push(warning);
        }
    } else {
        r.fail("signature", "not checked: the algorithm is not allowed");
    }
}

/// exp, nbf and iat.
fn check_times(r: &mut Report, token: &Decoded, expect: &Expect) {
    let now = expect.now;
    // Times, to the nanosecond and with fractional NumericDates: the token is valid while now
    // is before exp (RFC 7519 §4.1.4) and not before nbf (§4.1.5).
    let leeway = expect.leeway;
    match numeric_date(&token.claims, "exp") {
        Err(e) => r.fail("exp", e),
        Ok(None) if expect.require_exp => r.fail(
            "exp",
            "the token has no exp, so it never expires (pass --allow-no-exp to accept that)",
        ),
        Ok(None) => r.pass("exp", "no exp (allowed by --allow-no-exp)"),
        Ok(Some(exp)) if expect.ignore_exp => r.pass(
            "exp",
            format!(
                "{} ({}), ignored by --ignore-exp",
                exp.show(),
                exp.relative(now)
            ),
        ),
        Ok(Some(exp)) if now >= exp.plus(leeway) => r.late(
            "exp",
            format!("expired {} ({})", exp.relative(now), exp.show()),
        ),
        Ok(Some(exp)) => r.pass(
            "exp",
            format!("expires {} ({})", exp.relative(now), exp.show()),
        ),
    }
    match numeric_date(&token.claims, "nbf") {
        Err(e) => r.fail("nbf", e),
        Ok(None) => {}
        Ok(Some(nbf)) if now.plus(leeway) < nbf => r.late(
            "nbf",
            format!("not valid until {} ({})", nbf.show(), nbf.relative(now)),
        ),
        Ok(Some(nbf)) => r.pass("nbf", format!("valid since {}", nbf.show())),
    }
    match numeric_date(&token.claims, "iat") {
        Err(e) => r.fail("iat", e),
        Ok(None) => {}
        Ok(Some(iat)) if now.plus(leeway) < iat => r.late(
            "iat",
            format!(
                "issued in the future: {} ({}); check the clocks",
                iat.show(),
                iat.relative(now)
            ),
        ),
        Ok(Some(iat)) => r.pass(
            "iat",
            format!("issued {} ({})", iat.relative(now), iat.show()),
        ),
    }
}

/// iss, aud, the claims that must be strings, and quota.
fn check_claims(r: &mut Report, token: &Decoded, expect: &Expect) {
    // Issuer: exact match.
    match (&expect.iss, token.claims.get("iss")) {
        (None, _) => {}
        (Some(want), Some(Value::String(got))) if got == want => {
            r.pass("iss", format!("\"{got}\""))
        }
        (Some(want), Some(Value::String(got))) => {
            r.fail("iss", format!("expected \"{want}\", found \"{got}\""))
        }
        (Some(want), None) => r.fail(
            "iss",
            format!("expected \"{want}\", but the token has no iss"),
        ),
        (Some(_), Some(other)) => r.fail(
            "iss",
            format!("iss must be a string, but it is {}", json_type(other)),
        ),
    }

    // Audience: a string or an array of strings, one of which must be expected.
    let auds = audiences(token);
    match auds {
        Err(e) => r.fail("aud", e),
        Ok(found) if expect.aud.is_empty() => {
            if !found.is_empty() {
                // RFC 7519 §4.1.3: a recipient that is not named in aud must reject the token.
                r.fail_because(
                    "aud",
                    format!(
                        "the token is for audience {}, but no --aud was given to check it against",
                        quote_list(&found)
                    ),
                    Cause::AudNotChecked(found.iter().map(|a| a.to_string()).collect()),
                );
            }
        }
        Ok(found) if found.iter().any(|a| expect.aud.iter().any(|w| w == a)) => {
            r.pass("aud", quote_list(&found))
        }
        Ok(found) if found.is_empty() => r.fail(
            "aud",
            format!(
                "expected {}, but the token has no aud",
                quote_list(&expect.aud)
            ),
        ),
        Ok(found) => r.fail(
            "aud",
            format!(
                "expected {}, found {}",
                quote_list(&expect.aud),
                quote_list(&found)
            ),
        ),
    }

    check_claim_types(r, token);
}

/// The claims that must be strings when present, and a quota that must be left.
fn check_claim_types(r: &mut Report, token: &Decoded) {
    // Claims that must be strings when present.
    let wrong: Vec<String> = ["sub", "jti", "name", "role"]
        .iter()
        .filter_map(|&k| match token.claims.get(k) {
            Some(v) if !v.is_string() => Some(format!("{k} is {}", json_type(v))),
            _ => None,
        })
        .collect();
    if !wrong.is_empty() {
        r.fail(
            "claim types",
            format!("must be strings: {}", wrong.join(", ")),
        );
    }

    // quota: the seeds' server refuses a token whose quota is used up.
    match token.claims.get("quota") {
        None => {}
        Some(Value::Number(n)) if n.as_f64().is_some_and(|q| q > 0.0) => {
            r.pass("quota", format!("{n}"))
        }
        Some(Value::Number(n)) => r.fail(
            "quota",
            format!("quota exhausted ({n}): the server refuses a token whose quota is 0 or less"),
        ),
        Some(other) => r.fail(
            "quota",
            format!("quota must be a number, but it is {}", json_type(other)),
        ),
    }
}

/// The token's audiences: `aud` as a string or an array of strings, or what is wrong with it.
fn audiences(token: &Decoded) -> Result<Vec<&str>, String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::{decode, sign};
    use serde_json::json;

    fn key() -> Secret {
        Secret::new(b"0123456789abcdef0123456789abcdef".to_vec())
    }

    fn token(claims: Value) -> Decoded {
        let Value::Object(map) = claims else {
            unreachable!()
        };
        decode(&sign(map, &key(), Alg::HS256, None).unwrap().token).unwrap()
    }

    fn expect() -> Expect {
        Expect {
            iss: Some("exai-mcp-server".into()),
            aud: vec!["exai-mcp-client".into()],
            now: Time::from_secs(1000),
            ..Expect::default()
        }
    }

    fn good() -> Value {
        json!({"sub": "a", "iss": "exai-mcp-server", "aud": "exai-mcp-client", "iat": 900, "exp": 2000})
    }

    #[test]
    fn a_good_token_passes_every_check() {
        let r = verify(&token(good()), &Keys::one(&key()), &expect());
        assert!(r.valid(), "{r:?}");
        assert_eq!(r.exit(), Exit::Ok);
    }

    #[test]
    fn expiry_alone_exits_3_and_rejection_outranks_it() {
        let r = verify(
            &token(good()),
            &Keys::one(&key()),
            &Expect {
                now: Time::from_secs(3000),
                ..expect()
            },
        );
        assert_eq!(r.exit(), Exit::Expired);
        let r = verify(
            &token(good()),
            &Keys::one(&Secret::new(vec![9; 32])),
            &Expect {
                now: Time::from_secs(3000),
                ..expect()
            },
        );
        assert_eq!(r.exit(), Exit::Rejected);
        let r = verify(
            &token(good()),
            &Keys::one(&key()),
            &Expect {
                now: Time::from_secs(3000),
                ignore_exp: true,
                ..expect()
            },
        );
        assert_eq!(r.exit(), Exit::Ok);
        let r = verify(
            &token(good()),
            &Keys::one(&key()),
            &Expect {
                now: Time::from_secs(2005),
                leeway: 10,
                ..expect()
            },
        );
        assert_eq!(r.exit(), Exit::Ok);
    }

    #[test]
    fn wrong_types_are_not_treated_as_absent() {
        let mut claims = good();
        claims["exp"] = json!("123");
        let r = verify(&token(claims), &Keys::one(&key()), &expect());
        assert!(r.failed("exp"));
        assert_eq!(r.exit(), Exit::Rejected);
        let mut claims = good();
        claims["aud"] = json!(5);
        assert!(verify(&token(claims), &Keys::one(&key()), &expect()).failed("aud"));
        let mut claims = good();
        claims["sub"] = json!(5);
        assert!(verify(&token(claims), &Keys::one(&key()), &expect()).failed("claim types"));
    }

    #[test]
    fn issuer_and_audience_are_exact() {
        let r = verify(
            &token(good()),
            &Keys::one(&key()),
            &Expect {
                iss: Some("exai-mcp-server ".into()),
                ..expect()
            },
        );
        assert!(r.failed("iss"));
        let r = verify(
            &token(good()),
            &Keys::one(&key()),
            &Expect {
                aud: vec!["EXAI-mcp-client".into()],
                ..expect()
            },
        );
        assert!(r.failed("aud"));
        let mut claims = good();
        claims["aud"] = json!(["x", "exai-mcp-client"]);
        assert!(verify(&token(claims), &Keys::one(&key()), &expect()).valid());
        let r = verify(
            &token(good()),
            &Keys::one(&key()),
            &Expect {
                aud: vec![],
                ..expect()
            },
        );
        assert!(r.failed("aud"), "an aud nobody checks is refused");
    }

    #[test]
    fn future_nbf_and_iat_are_not_yet_valid() {
        let mut claims = good();
        claims["nbf"] = json!(1500);
        assert_eq!(
            verify(&token(claims), &Keys::one(&key()), &expect()).exit(),
            Exit::Expired
        );
        let mut claims = good();
        claims["iat"] = json!(1500);
        assert!(verify(&token(claims), &Keys::one(&key()), &expect()).failed("iat"));
    }

    #[test]
    fn exhausted_quota_and_missing_exp_are_rejected() {
        let mut claims = good();
        claims["quota"] = json!(0);
        assert!(verify(&token(claims), &Keys::one(&key()), &expect()).failed("quota"));
        let mut claims = good();
        claims.as_object_mut().unwrap().remove("exp");
        assert!(verify(&token(claims.clone()), &Keys::one(&key()), &expect()).failed("exp"));
        assert!(
            verify(
                &token(claims),
                &Keys::one(&key()),
                &Expect {
                    require_exp: false,
                    ..expect()
                }
            )
            .valid()
        );
    }

    #[test]
    fn algorithm_must_be_allowed_exactly() {
        let t = token(good());
        let r = verify(
            &t,
            &Keys::one(&key()),
            &Expect {
                algs: vec![Alg::HS384],
                ..expect()
            },
        );
        assert!(r.failed("algorithm") && r.failed("signature"));
        for alg in ["none", "NONE", "hs256"] {
            let mut t = t.clone();
            t.header.insert("alg".into(), alg.into());
            assert!(
                verify(&t, &Keys::one(&key()), &expect()).failed("algorithm"),
                "{alg}"
            );
        }
    }

    #[test]
    fn the_previous_secret_is_accepted_until_its_grace_ends() {
        let old = Secret::new(vec![5u8; 32]);
        let Value::Object(map) = good() else {
            unreachable!()
        };
        let t = decode(
            &sign(map, &old, Alg::HS256, Some(&old.key_id()))
                .unwrap()
                .token,
        )
        .unwrap();
        let new = key();
        let keys = Keys {
            current: &new,
            previous: Some((&old, 1500)),
        };
        let r = verify(&t, &keys, &expect());
        assert!(r.valid(), "{r:?}");
        assert_eq!(r.signed_by_previous, Some(1500));
        assert!(
            r.checks.iter().any(|c| c.detail.contains("previous secret")
                && c.detail.contains("retired in 8 minutes"))
        );
        let r = verify(
            &t,
            &keys,
            &Expect {
                now: Time::from_secs(1600),
                ..expect()
            },
        );
        assert!(r.failed("signature"));
        assert!(
            r.checks
                .iter()
                .any(|c| c.detail.contains("grace period ended"))
        );
        // Without a previous secret the token is simply not ours.
        assert!(verify(&t, &Keys::one(&new), &expect()).failed("signature"));
    }

    #[test]
    fn typ_is_a_jwt_type_unless_typ_is_required() {
        let mut t = token(good());
        for ok in [
            "JWT",
            "jwt",
            "application/jwt",
            "at+jwt",
            "application/AT+JWT",
            "JOSE",
        ] {
            t.header.insert("typ".into(), ok.into());
            assert!(verify(&t, &Keys::one(&key()), &expect()).valid(), "{ok}");
        }
        for bad in ["secevent+jwt", "JOSE+JSON", "application/x/jwt", "JWS"] {
            t.header.insert("typ".into(), bad.into());
            assert!(
                verify(&t, &Keys::one(&key()), &expect()).failed("typ"),
                "{bad}"
            );
        }
        t.header.insert("typ".into(), json!(1));
        assert!(verify(&t, &Keys::one(&key()), &expect()).failed("typ"));
        let at = Expect {
            typ: Some("at+jwt".parse().unwrap()),
            ..expect()
        };
        t.header.insert("typ".into(), "application/At+Jwt".into());
        assert!(verify(&t, &Keys::one(&key()), &at).valid());
        t.header.insert("typ".into(), "JWT".into());
        assert!(verify(&t, &Keys::one(&key()), &at).failed("typ"));
        t.header.remove("typ");
        assert!(verify(&t, &Keys::one(&key()), &at).failed("typ"));
        assert!("".parse::<MediaType>().is_err());
    }

    #[test]
    fn b64_false_is_rejected_with_or_without_crit() {
        let mut t = token(good());
        t.header.insert("b64".into(), json!(true));
        assert!(verify(&t, &Keys::one(&key()), &expect()).valid());
        for b64 in [json!(false), json!("false"), json!(0)] {
            t.header.insert("b64".into(), b64.clone());
            assert!(
                verify(&t, &Keys::one(&key()), &expect()).failed("b64"),
                "{b64}"
            );
        }
    }

    #[test]
    fn unkeyed_checks_are_what_verify_always_rejects() {
        let t = token(good());
        assert!(unkeyed(&t).valid(), "{:?}", unkeyed(&t));
        let mut h384 = t.clone();
        h384.header.insert("alg".into(), "HS384".into());
        assert!(unkeyed(&h384).valid(), "--alg HS384 allows it");
        let mut bad = t.clone();
        bad.header.insert("alg".into(), "RS256".into());
        bad.header.insert("typ".into(), "secevent+jwt".into());
        bad.header.insert("crit".into(), json!(["exp"]));
        bad.header.insert("b64".into(), json!(false));
        bad.claims.insert("sub".into(), json!(5));
        bad.claims.insert("aud".into(), json!(5));
        let failed: Vec<&str> = unkeyed(&bad)
            .checks
            .iter()
            .filter(|c| !c.ok)
            .map(|c| c.check)
            .collect();
        assert_eq!(
            failed,
            ["algorithm", "typ", "crit", "b64", "aud", "claim types"]
        );
    }

    #[test]
    fn critical_extensions_are_rejected() {
        let mut t = token(good());
        t.header.insert("crit".into(), json!(["b64"]));
        assert!(verify(&t, &Keys::one(&key()), &expect()).failed("crit"));
        t.header.insert("crit".into(), json!([]));
        assert!(verify(&t, &Keys::one(&key()), &expect()).failed("crit"));
    }
}
