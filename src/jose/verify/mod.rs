//! Every check of a token, each a function of its own that returns a typed [`Check`], run and
//! reported on its own, so a user sees all that is wrong
//! at once, and a script gets one exit code: rejected (1), expired or not yet valid (3), or
//! valid (0).

mod claims;
mod header;
mod signature;
mod times;

pub use claims::{aud, claim_types, iss, quota, required};
pub use header::{algorithm, b64, crit, typ};
pub use signature::{Signature, signature};
pub use times::{exp, exp_summary, iat, nbf};

use crate::error::Exit;
use crate::jose::{Alg, Decoded, Profile};
use crate::keys::VerifyingKey;
use crate::keys::hmac::Secret;
use crate::keys::jwk::Jwks;
use crate::report::{Check, CheckId, Severity};
use crate::time::Time;

/// What the token must satisfy.
#[derive(Debug, Clone)]
pub struct Expect {
    /// The algorithms allowed; the header's `alg` must be one, compared case-sensitively.
    pub algs: Vec<Alg>,
    /// The `typ` the token must declare (`--typ`); `None` accepts the JWT types
    /// ([`MediaType::is_jwt`]) or no `typ` at all, unless the profile requires one.
    pub typ: Option<MediaType>,
    /// The kind of token expected: an access token (at+jwt) must declare its type and carry
    /// the claims RFC 9068 §2.2 requires.
    pub profile: Profile,
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
            profile: Profile::Jwt,
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

/// The result of every check.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub checks: Vec<Check>,
    pub warnings: Vec<String>,
    /// When the token was signed by the previous secret or key (or a JWKS key with an `exp`):
    /// the end of its grace.
    pub signed_by_previous: Option<i64>,
}

/// The keys a token may be signed with: the current secret or key, and the previous one until
/// the end of its grace period (after `secret rotate` or `key rotate`); or a JWK Set, whose
/// key is chosen by the token's `kid`.
#[derive(Clone, Copy)]
pub struct Keys<'a> {
    pub current: &'a dyn VerifyingKey,
    pub previous: Option<(&'a dyn VerifyingKey, i64)>,
    /// A JWKS: the signature check chooses among its keys, `current` and `previous` unused.
    pub set: Option<&'a Jwks>,
}

impl std::fmt::Debug for Keys<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keys")
            .field("current", &self.current.fingerprint())
            .field(
                "previous",
                &self.previous.map(|(p, until)| (p.fingerprint(), until)),
            )
            .finish()
    }
}

impl<'a> Keys<'a> {
    pub fn one(current: &'a dyn VerifyingKey) -> Self {
        Keys {
            current,
            previous: None,
            set: None,
        }
    }

    /// The current secret and, when a rotation kept one, the previous one with its grace.
    pub fn new(current: &'a Secret, previous: Option<&'a crate::secret::Previous>) -> Self {
        Keys {
            current,
            previous: previous.map(|p| (&p.secret as &dyn VerifyingKey, p.until)),
            set: None,
        }
    }

    /// The keys of a JWK Set (which holds at least one).
    pub fn set(set: &'a Jwks) -> Self {
        Keys {
            current: &set.keys[0].key,
            previous: None,
            set: Some(set),
        }
    }

    /// The algorithms these keys verify, in order, each once.
    pub fn algs(&self) -> Vec<Alg> {
        let mut all: Vec<Alg> = match self.set {
            Some(set) => set
                .keys
                .iter()
                .flat_map(|k| k.key.algs().to_vec())
                .collect(),
            None => self
                .current
                .verify_algs()
                .into_iter()
                .chain(self.previous.iter().flat_map(|(p, _)| p.verify_algs()))
                .collect(),
        };
        let mut seen = Vec::new();
        all.retain(|a| {
            let new = !seen.contains(a);
            seen.push(*a);
            new
        });
        all
    }
}

/// A check's detail as it may be shown: what the caller passed (`--aud`, `--iss`, `--typ`) or
/// the roster said is quoted in it, so a key pasted there is replaced by its length, as in every
/// message (see [`crate::redact::redact`]).
fn shown(detail: String) -> String {
    crate::redact::redact(&detail)
}

/// A passed check, its detail redacted.
fn pass(id: CheckId, detail: impl Into<String>) -> Check {
    Check::pass(id, shown(detail.into()))
}

/// A failed check, its detail redacted.
fn fail(id: CheckId, detail: impl Into<String>) -> Check {
    Check::fail(id, shown(detail.into()))
}

impl Report {
    /// The check `id`, if it failed.
    pub fn failure(&self, id: CheckId) -> Option<&Check> {
        self.checks.iter().find(|c| c.id == id && !c.ok)
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

    pub fn failed(&self, id: CheckId) -> bool {
        self.failure(id).is_some()
    }
}

/// Run every check of `token` against `keys` and `expect`, in the order they are reported.
pub fn verify(token: &Decoded, keys: &Keys, expect: &Expect) -> Report {
    let (mut r, alg) = header(token, expect);
    let sig = signature(token, keys, expect.now, alg);
    r.checks.push(sig.check);
    r.signed_by_previous = sig.signed_by_previous;
    r.warnings.extend(sig.warning);
    r.checks.push(exp(token, expect));
    r.checks.extend(nbf(token, expect));
    r.checks.extend(iat(token, expect));
    r.checks.extend(iss(token, expect));
    r.checks.extend(aud(token, &expect.aud));
    r.checks.extend(required(token, expect.profile));
    r.checks.extend(claim_types(token, expect.profile));
    r.checks.extend(quota(token));
    r
}

/// The header's checks (`alg`, `typ`, `crit`, `b64`), and the algorithm when it is allowed.
fn header(token: &Decoded, expect: &Expect) -> (Report, Option<Alg>) {
    let (alg_check, alg) = algorithm(token, &expect.algs);
    let mut r = Report::default();
    r.checks.push(alg_check);
    r.checks.extend(
        [
            typ(token, expect.typ.as_ref(), expect.profile),
            crit(token),
            b64(token),
        ]
        .into_iter()
        .flatten(),
    );
    (r, alg)
}

/// The checks that need neither the key nor anything the caller expects: what `token verify`
/// rejects under any options, which `token inspect` can see. The algorithm must be one jwtadm
/// uses at all (`--alg` chooses among them), `typ` a JWT type, `crit` and `b64` absent, and
/// the claims of their types; a quota must be left.
pub fn unkeyed(token: &Decoded) -> Report {
    let any = Expect {
        algs: Alg::ALL.to_vec(),
        ..Expect::default()
    };
    let (mut r, _) = header(token, &any);
    if let Err(e) = claims::audiences(token) {
        r.checks.push(fail(CheckId::Aud, e));
    }
    r.checks.extend(claim_types(token, Profile::Jwt));
    r.checks.extend(quota(token));
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jose::decode;
    use crate::token::sign;
    use serde_json::{Value, json};

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
        assert!(r.failed(CheckId::Exp));
        assert_eq!(r.exit(), Exit::Rejected);
        let mut claims = good();
        claims["aud"] = json!(5);
        assert!(verify(&token(claims), &Keys::one(&key()), &expect()).failed(CheckId::Aud));
        let mut claims = good();
        claims["sub"] = json!(5);
        assert!(verify(&token(claims), &Keys::one(&key()), &expect()).failed(CheckId::ClaimTypes));
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
        assert!(r.failed(CheckId::Iss));
        let r = verify(
            &token(good()),
            &Keys::one(&key()),
            &Expect {
                aud: vec!["EXAI-mcp-client".into()],
                ..expect()
            },
        );
        assert!(r.failed(CheckId::Aud));
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
        assert!(r.failed(CheckId::Aud), "an aud nobody checks is refused");
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
        assert!(verify(&token(claims), &Keys::one(&key()), &expect()).failed(CheckId::Iat));
    }

    #[test]
    fn exhausted_quota_and_missing_exp_are_rejected() {
        let mut claims = good();
        claims["quota"] = json!(0);
        assert!(verify(&token(claims), &Keys::one(&key()), &expect()).failed(CheckId::Quota));
        let mut claims = good();
        claims.as_object_mut().unwrap().remove("exp");
        assert!(verify(&token(claims.clone()), &Keys::one(&key()), &expect()).failed(CheckId::Exp));
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
        assert!(r.failed(CheckId::Algorithm) && r.failed(CheckId::Signature));
        for alg in ["none", "NONE", "hs256"] {
            let mut t = t.clone();
            t.header.insert("alg".into(), alg.into());
            assert!(
                verify(&t, &Keys::one(&key()), &expect()).failed(CheckId::Algorithm),
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
            set: None,
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
        assert!(r.failed(CheckId::Signature));
        assert!(
            r.checks
                .iter()
                .any(|c| c.detail.contains("grace period ended"))
        );
        // Without a previous secret the token is simply not ours.
        assert!(verify(&t, &Keys::one(&new), &expect()).failed(CheckId::Signature));
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
                verify(&t, &Keys::one(&key()), &expect()).failed(CheckId::Typ),
                "{bad}"
            );
        }
        t.header.insert("typ".into(), json!(1));
        assert!(verify(&t, &Keys::one(&key()), &expect()).failed(CheckId::Typ));
        let at = Expect {
            typ: Some("at+jwt".parse().unwrap()),
            ..expect()
        };
        t.header.insert("typ".into(), "application/At+Jwt".into());
        assert!(verify(&t, &Keys::one(&key()), &at).valid());
        t.header.insert("typ".into(), "JWT".into());
        assert!(verify(&t, &Keys::one(&key()), &at).failed(CheckId::Typ));
        t.header.remove("typ");
        assert!(verify(&t, &Keys::one(&key()), &at).failed(CheckId::Typ));
        assert!("".parse::<MediaType>().is_err());
    }

    #[test]
    fn an_access_token_must_declare_at_jwt_and_carry_every_claim_rfc_9068_requires() {
        let at = Expect {
            profile: Profile::AtJwt,
            ..expect()
        };
        let mut claims = good();
        claims["client_id"] = json!("vscode1");
        claims["jti"] = json!("j1");
        let mut t = token(claims.clone());
        // A plain JWT's typ is not an access token's.
        let r = verify(&t, &Keys::one(&key()), &at);
        assert!(
            r.failed(CheckId::Typ) && !r.failed(CheckId::Required),
            "{r:?}"
        );
        for ok in ["at+jwt", "AT+JWT", "application/at+jwt"] {
            t.header.insert("typ".into(), ok.into());
            assert!(verify(&t, &Keys::one(&key()), &at).valid(), "{ok}");
        }
        t.header.remove("typ");
        assert!(verify(&t, &Keys::one(&key()), &at).failed(CheckId::Typ));
        for claim in crate::jose::profile::AT_JWT_CLAIMS {
            let mut c = claims.clone();
            c.as_object_mut().unwrap().remove(claim);
            let mut t = token(c);
            t.header.insert("typ".into(), "at+jwt".into());
            let r = verify(&t, &Keys::one(&key()), &at);
            let detail = &r.failure(CheckId::Required).expect(claim).detail;
            assert!(detail.starts_with(&format!("no {claim}:")), "{detail}");
            // Without the profile the same token is what it always was.
            assert!(!verify(&t, &Keys::one(&key()), &expect()).failed(CheckId::Required));
        }
        let mut c = claims.clone();
        c["client_id"] = json!(7);
        c["scope"] = json!(["a", "b"]);
        let mut t = token(c);
        t.header.insert("typ".into(), "at+jwt".into());
        let r = verify(&t, &Keys::one(&key()), &at);
        assert_eq!(
            r.failure(CheckId::ClaimTypes).unwrap().detail,
            "must be strings: client_id is a number, scope is an array"
        );
        assert!(verify(&t, &Keys::one(&key()), &expect()).valid());
    }

    #[test]
    fn b64_false_is_rejected_with_or_without_crit() {
        let mut t = token(good());
        t.header.insert("b64".into(), json!(true));
        assert!(verify(&t, &Keys::one(&key()), &expect()).valid());
        for b64 in [json!(false), json!("false"), json!(0)] {
            t.header.insert("b64".into(), b64.clone());
            assert!(
                verify(&t, &Keys::one(&key()), &expect()).failed(CheckId::B64),
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
        bad.header.insert("alg".into(), "ES512".into());
        bad.header.insert("typ".into(), "secevent+jwt".into());
        bad.header.insert("crit".into(), json!(["exp"]));
        bad.header.insert("b64".into(), json!(false));
        bad.claims.insert("sub".into(), json!(5));
        bad.claims.insert("aud".into(), json!(5));
        let failed: Vec<&str> = unkeyed(&bad)
            .checks
            .iter()
            .filter(|c| !c.ok)
            .map(|c| c.id.as_str())
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
        assert!(verify(&t, &Keys::one(&key()), &expect()).failed(CheckId::Crit));
        t.header.insert("crit".into(), json!([]));
        assert!(verify(&t, &Keys::one(&key()), &expect()).failed(CheckId::Crit));
    }
}
