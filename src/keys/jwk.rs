//! JSON Web Keys (RFC 7517): a public key as a JWK, a set of them (JWKS), and the RFC 7638
//! thumbprint that names a key.

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::Alg;
use super::pair::{PublicKey, TYPES};

/// The RFC 7638 thumbprint of a JWK's key members: SHA-256 over the members, sorted, with no
/// whitespace, base64url.
pub fn thumbprint(members: &Map<String, Value>) -> String {
    let sorted: BTreeMap<&String, &Value> = members.iter().collect();
    let json = serde_json::to_string(&sorted).unwrap_or_default();
    URL_SAFE_NO_PAD.encode(Sha256::digest(json.as_bytes()))
}

/// A member's text, or an error naming it.
pub(crate) fn member<'a>(
    jwk: &'a Map<String, Value>,
    name: &str,
) -> std::result::Result<&'a str, String> {
    match jwk.get(name) {
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(format!("the JWK's \"{name}\" is not a string")),
        None => Err(format!("the JWK has no \"{name}\"")),
    }
}

/// A member's bytes (base64url, RFC 7518 §6), or an error naming it.
pub(crate) fn bytes(jwk: &Map<String, Value>, name: &str) -> std::result::Result<Vec<u8>, String> {
    URL_SAFE_NO_PAD
        .decode(member(jwk, name)?)
        .map_err(|_| format!("the JWK's \"{name}\" is not base64url"))
}

/// The public key of a JWK (of a private JWK, its public half). Its `alg`, when it has one,
/// must be one the key verifies.
pub fn parse(value: &Value) -> std::result::Result<PublicKey, String> {
    let Value::Object(jwk) = value else {
        return Err("a JWK is a JSON object".into());
    };
    if jwk.contains_key("keys") {
        return Err("it is a JWK Set (JWKS): give it with --jwks".into());
    }
    if let Some(u) = jwk.get("use")
        && u != "sig"
    {
        return Err(format!(
            "the JWK is published for {u}, not for signatures (\"use\": \"sig\")"
        ));
    }
    let kty = member(jwk, "kty")?;
    let imp = TYPES
        .into_iter()
        .find_map(|t| (t.from_jwk)(kty, jwk))
        .unwrap_or_else(|| {
            Err(format!(
                "kty \"{kty}\" is not a type jwtadm verifies with (RSA, EC, OKP); an HMAC key (\"oct\") is a secret, given with --secret"
            ))
        })?;
    let key = PublicKey::new(imp);
    let Some(alg) = jwk.get("alg") else {
        return Ok(key);
    };
    match alg.as_str().and_then(|a| a.parse::<Alg>().ok()) {
        // Published for one algorithm: it verifies that one only.
        Some(a) if key.algs().contains(&a) => Ok(key.only(a)),
        _ => Err(format!(
            "the JWK's alg {alg} is not one a {} key signs with ({})",
            key.describe(),
            Alg::list(key.algs())
        )),
    }
}

/// One key of a JWKS, with the `kid` and `alg` it was published with.
#[derive(Debug, Clone)]
pub struct SetKey {
    pub key: PublicKey,
    /// The `kid` as published (the thumbprint when it had none).
    pub kid: String,
    pub alg: Option<Alg>,
    /// When the key retires (`exp`, a NumericDate, as OpenID Federation's historical keys and
    /// `key rotate` publish a previous key): tokens it signed are accepted until then.
    pub exp: Option<i64>,
}

/// A JWK Set: the signing keys it publishes, and what it held that jwtadm skipped.
#[derive(Debug, Clone, Default)]
pub struct Jwks {
    pub keys: Vec<SetKey>,
    /// Each key that is not used, by its `kid` when it has one, and why it was skipped
    /// (`use: enc`, an unknown `kty`).
    pub skipped: Vec<(Option<String>, String)>,
}

impl Jwks {
    /// Read a JWKS document (`{"keys": [...]}`); a lone JWK is read as a set of one.
    pub fn parse(text: &str) -> std::result::Result<Jwks, String> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| format!("it is not JSON: {e}"))?;
        let list = match &value {
            Value::Object(m) => match m.get("keys") {
                Some(Value::Array(keys)) => keys.clone(),
                Some(_) => return Err("its \"keys\" is not an array".into()),
                None if m.contains_key("kty") => vec![value.clone()],
                None => return Err("it has no \"keys\" array: it is not a JWK Set".into()),
            },
            _ => return Err("a JWK Set is a JSON object with a \"keys\" array".into()),
        };
        let mut set = Jwks::default();
        for (i, jwk) in list.iter().enumerate() {
            let kid = jwk.get("kid").and_then(Value::as_str).map(str::to_string);
            // A published kid is public: messages may show it.
            if let Some(k) = &kid {
                crate::redact::allow(k);
            }
            let name = kid
                .as_deref()
                .map_or_else(|| format!("key {}", i + 1), |k| format!("key \"{k}\""));
            let private = ["d", "p", "q", "dp", "dq", "qi", "k"]
                .iter()
                .find(|m| jwk.get(**m).is_some());
            if let Some(m) = private {
                set.skipped.push((
                    kid,
                    format!("{name}: it publishes a private member ({m}); a JWK Set holds public keys only"),
                ));
                continue;
            }
            match parse(jwk) {
                Ok(key) => set.keys.push(SetKey {
                    kid: kid.unwrap_or_else(|| key_id(&key)),
                    alg: key
                        .algs()
                        .first()
                        .copied()
                        .filter(|_| jwk.get("alg").is_some()),
                    exp: jwk.get("exp").and_then(Value::as_i64),
                    key,
                }),
                Err(why) => set.skipped.push((kid, format!("{name}: {why}"))),
            }
        }
        if set.keys.is_empty() {
            let why = if set.skipped.is_empty() {
                "it holds no keys".to_string()
            } else {
                let why: Vec<&str> = set.skipped.iter().map(|(_, w)| w.as_str()).collect();
                format!("it holds no signing key jwtadm reads ({})", why.join("; "))
            };
            return Err(why);
        }
        Ok(set)
    }

    /// The keys that could have signed a token with `alg` and `kid`: the keys published with
    /// that `kid` (one, unless the set names two alike) that fit `alg`, or, for a token with
    /// no `kid`, every key that fits. An error says why none could.
    pub fn candidates(
        &self,
        alg: Alg,
        kid: Option<&str>,
    ) -> std::result::Result<Vec<&SetKey>, String> {
        let fits = |k: &&SetKey| k.key.algs().contains(&alg);
        let Some(kid) = kid else {
            let found: Vec<&SetKey> = self.keys.iter().filter(fits).collect();
            if found.is_empty() && alg.is_hmac() {
                return Err(format!(
                    "the token is {alg}, an HMAC algorithm; a JWKS holds public keys, and a public key is never used as an HMAC secret (algorithm confusion, RFC 8725 §3.1)"
                ));
            }
            if found.is_empty() {
                return Err(format!("the JWKS has no key for {alg}"));
            }
            return Ok(found);
        };
        let named: Vec<&SetKey> = self.keys.iter().filter(|k| k.kid == kid).collect();
        let Some(&k) = named.first() else {
            if let Some((_, why)) = self.skipped.iter().find(|(k, _)| k.as_deref() == Some(kid)) {
                return Err(format!(
                    "the JWKS's key for the token's kid was skipped: {why}"
                ));
            }
            return Err(format!(
                "the JWKS has no key with the token's kid (it has {})",
                list_kids(self.keys.iter())
            ));
        };
        let fitting: Vec<&SetKey> = named.iter().copied().filter(fits).collect();
        if !fitting.is_empty() {
            return Ok(fitting);
        }
        Err(if alg.is_hmac() {
            format!(
                "the token is {alg}, an HMAC algorithm, but kid:{kid} is a public {} key: accepting it would let anyone holding the public key sign tokens (algorithm confusion, RFC 8725 §3.1)",
                k.key.describe()
            )
        } else {
            format!(
                "the token is {alg}, but kid:{kid} is a {} key published for {}",
                k.key.describe(),
                Alg::list(k.key.algs())
            )
        })
    }
}

/// The kids of `keys`, for a message: the first few, and how many more.
pub(crate) fn list_kids<'a>(keys: impl ExactSizeIterator<Item = &'a SetKey>) -> String {
    const SHOWN: usize = 5;
    let n = keys.len();
    let mut kids: Vec<String> = keys.take(SHOWN).map(|k| format!("kid:{}", k.kid)).collect();
    if n > SHOWN {
        kids.push(format!("and {} more", n - SHOWN));
    }
    kids.join(", ")
}

fn key_id(key: &PublicKey) -> String {
    use super::Key;
    key.key_id()
}

/// A JWKS document of `keys`, each published with its algorithm.
pub fn document(keys: &[(&PublicKey, Alg)]) -> Value {
    let keys: Vec<Value> = keys
        .iter()
        .map(|(k, alg)| Value::Object(k.jwk(*alg)))
        .collect();
    serde_json::json!({ "keys": keys })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::pair::PrivateKey;
    use crate::keys::{Key, SigningKey};

    /// RFC 7638 §3.1's example.
    #[test]
    fn the_rfc_7638_example_gives_its_thumbprint() {
        let jwk = serde_json::json!({
            "kty": "RSA",
            "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
            "e": "AQAB",
            "alg": "RS256",
            "kid": "2011-04-29"
        });
        let key = parse(&jwk).unwrap();
        assert_eq!(key.key_id(), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    }

    #[test]
    fn a_set_picks_the_key_by_kid_and_refuses_hmac_against_it() {
        let a = PrivateKey::generate(Alg::ES256, None).unwrap();
        let b = PrivateKey::generate(Alg::RS256, None).unwrap();
        let doc = document(&[(a.public(), Alg::ES256), (b.public(), Alg::RS256)]);
        let set = Jwks::parse(&doc.to_string()).unwrap();
        assert_eq!(set.keys.len(), 2);
        let found = set.candidates(Alg::RS256, Some(&b.key_id())).unwrap();
        assert_eq!(found[0].kid, b.key_id());
        let err = set.candidates(Alg::HS256, Some(&b.key_id())).unwrap_err();
        assert!(err.contains("algorithm confusion"), "{err}");
        assert!(set.candidates(Alg::ES256, Some("nope")).is_err());
        assert_eq!(set.candidates(Alg::ES256, None).unwrap().len(), 1);
        assert!(set.candidates(Alg::EdDSA, None).is_err());
        assert!(a.algs().contains(&Alg::ES256));
    }

    /// Found by the review of issue 13: a JWK Set that leaks private keys was used silently.
    #[test]
    fn a_set_skips_keys_that_publish_private_members() {
        let a = PrivateKey::generate(Alg::ES256, None).unwrap();
        let mut leaked = a.public().jwk(Alg::ES256);
        leaked.insert("d".into(), "AAAA".into());
        let doc = serde_json::json!({"keys": [leaked]});
        let err = Jwks::parse(&doc.to_string()).unwrap_err();
        assert!(err.contains("private member (d)"), "{err}");
    }

    #[test]
    fn a_set_skips_encryption_keys_and_unknown_types_and_says_so() {
        let a = PrivateKey::generate(Alg::EdDSA, None).unwrap();
        let mut enc = a.public().jwk(Alg::EdDSA);
        enc.insert("use".into(), "enc".into());
        let doc = serde_json::json!({"keys": [enc, {"kty": "oct", "k": "AAAA"}, a.public().jwk(Alg::EdDSA)]});
        let set = Jwks::parse(&doc.to_string()).unwrap();
        assert_eq!(set.keys.len(), 1);
        assert_eq!(set.skipped.len(), 2, "{:?}", set.skipped);
        assert!(
            set.skipped[0].1.contains("not for signatures"),
            "{:?}",
            set.skipped
        );
        assert!(Jwks::parse(r#"{"keys": []}"#).is_err());
        assert!(Jwks::parse("[]").is_err());
    }
}
