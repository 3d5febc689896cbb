//! Token profiles: what kind of token a token is, by its `typ` header and the claims it must
//! carry. A plain JWT (RFC 7519), or an OAuth 2.0 access token (RFC 9068), which declares
//! `typ: at+jwt` and always carries iss, aud, sub, client_id, jti, iat and exp: what an MCP
//! HTTP server that follows the MCP authorization spec accepts.

use serde_json::{Map, Value};

use super::verify::MediaType;

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

    /// The profile a token declares by its `typ` header: `at+jwt` in any case, with or without
    /// `application/`, is an access token; anything else (or no `typ`) a plain JWT.
    pub fn declared_by(header: &Map<String, Value>) -> Profile {
        match header.get("typ").and_then(Value::as_str) {
            Some(t) if MediaType::new(t).as_str() == "at+jwt" => Profile::AtJwt,
            _ => Profile::Jwt,
        }
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
}
