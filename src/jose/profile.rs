//! Token profiles: what kind of token a token is, by its `typ` header and the claims it must
//! carry. A plain JWT (RFC 7519), or an OAuth 2.0 access token (RFC 9068), which declares
//! `typ: at+jwt` and always carries iss, aud, sub, client_id, jti, iat and exp: what an MCP
//! HTTP server that follows the MCP authorization spec accepts.

use serde_json::{Map, Value};

use super::verify::MediaType;
use crate::report::json_type;

/// What kind of token is issued or verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    /// A JWT, as jwtadm has always issued them: `typ: JWT`, only `sub` required.
    #[default]
    Jwt,
    /// An OAuth 2.0 access token (RFC 9068): `typ: at+jwt`, the claims of §2.2 required.
    AtJwt,
}

/// The claims RFC 9068 §2.2 requires of every access token, in the order jwtadm writes them.
pub const AT_JWT_CLAIMS: [&str; 7] = ["iss", "aud", "sub", "client_id", "jti", "iat", "exp"];

impl Profile {
    /// The name `--profile` and the roster's `profile` take.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Jwt => "jwt",
            Profile::AtJwt => "at+jwt",
        }
    }

    /// The `typ` header a new token of this profile declares (RFC 9068 §2.1 recommends the
    /// short form, without `application/`).
    pub fn typ(self) -> &'static str {
        match self {
            Profile::Jwt => "JWT",
            Profile::AtJwt => "at+jwt",
        }
    }

    /// The `typ` a token of this profile must declare when verified; `None`: any JWT type.
    pub fn required_typ(self) -> Option<MediaType> {
        match self {
            Profile::Jwt => None,
            Profile::AtJwt => Some(MediaType::new("at+jwt")),
        }
    }

    /// The claims a token of this profile must carry.
    pub fn required_claims(self) -> &'static [&'static str] {
        match self {
            Profile::Jwt => &[],
            Profile::AtJwt => &AT_JWT_CLAIMS,
        }
    }

    /// The required claims `claims` lacks. A claim that is present with the wrong type is not
    /// missing: the claim types check reports it.
    pub fn missing(self, claims: &Map<String, Value>) -> Vec<&'static str> {
        self.required_claims()
            .iter()
            .copied()
            .filter(|k| !claims.contains_key(*k))
            .collect()
    }

    /// The first claim of `claims` that this profile does not allow in a token jwtadm signs
    /// (`token issue`, a roster's clients, `token refresh`), whichever way it was given: its
    /// own option, `--claim`, a claims file, `[clients.claims]` or the token refreshed. For an
    /// access token, iss, sub, client_id and jti are non-empty strings, aud a non-empty
    /// string or array of them (RFC 9068 §2.2, RFC 7519 §4.1), and scope scopes as RFC 6749
    /// §3.3 writes them (RFC 9068 §2.2.3). A plain JWT has no rules. An absent claim is no
    /// fault: [`Profile::missing`] names those.
    pub fn fault(self, claims: &Map<String, Value>) -> Option<Fault> {
        if self == Profile::Jwt {
            return None;
        }
        for claim in ["iss", "aud", "sub", "client_id", "jti", "scope"] {
            let Some(value) = claims.get(claim) else {
                continue;
            };
            let why = match (claim, value) {
                ("aud", Value::Array(list)) if list.is_empty() => "is an empty array".to_string(),
                ("aud", Value::Array(list)) => match list.iter().find(|v| !is_named(v)) {
                    Some(Value::String(_)) => "holds an empty string".to_string(),
                    Some(v) => format!("holds {}", json_type(v)),
                    None => continue,
                },
                ("scope", Value::String(s)) => match crate::oauth::scope_claim(s) {
                    Ok(()) => continue,
                    Err(e) => {
                        return Some(Fault {
                            claim,
                            why: format!("scope: {e}"),
                        });
                    }
                },
                (_, v) if is_named(v) => continue,
                (_, Value::String(_)) => "is empty".to_string(),
                (_, v) => format!("is {}", json_type(v)),
            };
            let rule = match claim {
                "aud" => "a non-empty string or an array of them (RFC 9068 §2.2, RFC 7519 §4.1.3)",
                "scope" => "a string of scopes separated by spaces (RFC 9068 §2.2.3)",
                _ => "a non-empty string (RFC 9068 §2.2)",
            };
            return Some(Fault {
                claim,
                why: format!("{claim} {why}; in an access token it is {rule}"),
            });
        }
        None
    }

    /// The profile a token declares by its `typ` header: `at+jwt` in any case, with or without
    /// `application/`, is an access token; anything else (or no `typ`) a plain JWT.
    pub fn declared_by(header: &Map<String, Value>) -> Profile {
        match header.get("typ").and_then(Value::as_str) {
            Some(t) if MediaType::new(t).as_str() == "at+jwt" => Profile::AtJwt,
            _ => Profile::Jwt,
        }
    }
}

/// A non-empty string.
fn is_named(v: &Value) -> bool {
    v.as_str().is_some_and(|s| !s.is_empty())
}

/// A claim a profile does not allow ([`Profile::fault`]): which, and why, in words that
/// name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub claim: &'static str,
    pub why: String,
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.why)
    }
}

impl std::fmt::Display for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Profile {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match MediaType::new(s).as_str() {
            "jwt" => Ok(Profile::Jwt),
            "at+jwt" => Ok(Profile::AtJwt),
            _ => Err(format!(
                "`{s}` is not a profile: jwt (a plain JWT, the default) or at+jwt (an RFC 9068 OAuth access token)"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn profiles_are_named_as_media_types_are_compared() {
        for s in ["at+jwt", "AT+JWT", "application/at+jwt"] {
            assert_eq!(s.parse::<Profile>(), Ok(Profile::AtJwt), "{s}");
        }
        assert_eq!("JWT".parse::<Profile>(), Ok(Profile::Jwt));
        assert!("dpop+jwt".parse::<Profile>().is_err());
        let header = |typ: Value| {
            json!({"alg": "HS256", "typ": typ})
                .as_object()
                .unwrap()
                .clone()
        };
        assert_eq!(
            Profile::declared_by(&header(json!("application/AT+JWT"))),
            Profile::AtJwt
        );
        assert_eq!(Profile::declared_by(&header(json!("JWT"))), Profile::Jwt);
        assert_eq!(Profile::declared_by(&header(json!(5))), Profile::Jwt);
    }

    #[test]
    fn an_access_token_lacks_each_claim_rfc_9068_requires() {
        let full: Map<String, Value> = AT_JWT_CLAIMS
            .iter()
            .map(|k| (k.to_string(), json!("x")))
            .collect();
        assert!(Profile::AtJwt.missing(&full).is_empty());
        for k in AT_JWT_CLAIMS {
            let mut claims = full.clone();
            claims.remove(k);
            assert_eq!(Profile::AtJwt.missing(&claims), [k]);
        }
        assert!(Profile::Jwt.missing(&Map::new()).is_empty());
    }

    #[test]
    fn an_access_token_s_claims_are_named_by_non_empty_strings_and_scope_is_scopes() {
        let full: Map<String, Value> = AT_JWT_CLAIMS
            .iter()
            .map(|k| (k.to_string(), json!("x")))
            .chain([("scope".to_string(), json!("a b"))])
            .collect();
        assert_eq!(Profile::AtJwt.fault(&full), None);
        let with = |k: &str, v: Value| {
            let mut c = full.clone();
            c.insert(k.to_string(), v);
            c
        };
        assert_eq!(Profile::AtJwt.fault(&with("aud", json!(["a", "b"]))), None);
        for (claim, value, why) in [
            ("client_id", json!(5), "client_id is a number"),
            ("client_id", json!(""), "client_id is empty"),
            ("iss", json!(""), "iss is empty"),
            ("sub", json!(null), "sub is null"),
            ("jti", json!(["j"]), "jti is an array"),
            ("aud", json!(""), "aud is empty"),
            ("aud", json!([]), "aud is an empty array"),
            ("aud", json!(["a", ""]), "aud holds an empty string"),
            ("aud", json!(["a", 1]), "aud holds a number"),
            ("aud", json!({}), "aud is an object"),
            ("scope", json!(["a"]), "scope is an array"),
            ("scope", json!(""), "scope: it is empty"),
            ("scope", json!("a\"b\\c"), "may not be in one"),
            ("scope", json!("a  b"), "one space"),
        ] {
            let fault = Profile::AtJwt.fault(&with(claim, value)).unwrap();
            assert_eq!(fault.claim, claim);
            assert!(fault.to_string().contains(why), "{why}: {fault}");
        }
        let mut none = full.clone();
        none.retain(|k, _| k == "exp");
        assert_eq!(
            Profile::AtJwt.fault(&none),
            None,
            "absent is missing, not a fault"
        );
        assert_eq!(Profile::Jwt.fault(&with("client_id", json!(5))), None);
    }
}
