//! Signing with an HMAC secret, and checking an HMAC signature.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::keys::{Sign, SigningKey, VerifyingKey};

use crate::jose::Alg;

/// Refuse a key that does not fit `alg`: an HMAC secret shorter than the algorithm's hash, an
/// algorithm of another type of key.
pub fn check_key_len(key: &dyn SigningKey, alg: Alg) -> Result<()> {
    key.check(alg)
}

/// A signed token, with the header and claims it carries.
#[derive(Debug, Clone)]
pub struct Signed {
    pub token: String,
    pub header: Map<String, Value>,
    pub claims: Map<String, Value>,
}

/// Signs many tokens with one key, algorithm and header: the header is encoded once, and
/// each token's claims are serialized straight from whatever holds them.
pub struct Signer {
    key: Box<dyn Sign>,
    alg: Alg,
    header: Map<String, Value>,
    header_b64: String,
}

impl Signer {
    /// A signer for `key`; the header is `{"typ":"JWT","alg":…}` and `kid` when given. A key
    /// shorter than the algorithm's hash is refused.
    pub fn new(key: &dyn SigningKey, alg: Alg, kid: Option<&str>) -> Result<Signer> {
        Signer::typed(key, alg, kid, "JWT")
    }

    /// As [`Signer::new`], with `typ` as the header's type (`at+jwt` for an access token).
    pub fn typed(key: &dyn SigningKey, alg: Alg, kid: Option<&str>, typ: &str) -> Result<Signer> {
        let signer = key.signer(alg)?;
        let mut header = Map::new();
        header.insert("typ".into(), typ.into());
        header.insert("alg".into(), alg.name().into());
        if let Some(kid) = kid {
            header.insert("kid".into(), kid.into());
        }
        let header_b64 = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&header).unwrap_or_default());
        Ok(Signer {
            key: signer,
            alg,
            header,
            header_b64,
        })
    }

    pub fn alg(&self) -> Alg {
        self.alg
    }

    /// The compact token for `claims` (anything that serializes to a JSON object).
    pub fn token<T: serde::Serialize + ?Sized>(&self, claims: &T) -> Result<String> {
        let payload = serde_json::to_vec(claims)
            .map_err(|e| Error::operational(format!("writing the claims: {e}")))?;
        let mut token = String::with_capacity(self.header_b64.len() + payload.len() * 4 / 3 + 48);
        token.push_str(&self.header_b64);
        token.push('.');
        URL_SAFE_NO_PAD.encode_string(&payload, &mut token);
        let signature = self.key.sign(token.as_bytes())?;
        token.push('.');
        token.push_str(&signature);
        Ok(token)
    }
}

/// Sign `claims` with `key`. The header is `{"typ":"JWT","alg":…}` and `kid` when given.
pub fn sign(
    claims: Map<String, Value>,
    key: &dyn SigningKey,
    alg: Alg,
    kid: Option<&str>,
) -> Result<Signed> {
    sign_typed(claims, key, alg, kid, "JWT")
}

/// As [`sign`], with `typ` as the header's type.
pub fn sign_typed(
    claims: Map<String, Value>,
    key: &dyn SigningKey,
    alg: Alg,
    kid: Option<&str>,
    typ: &str,
) -> Result<Signed> {
    let signer = Signer::typed(key, alg, kid, typ)?;
    let token = signer.token(&claims)?;
    Ok(Signed {
        token,
        header: signer.header,
        claims,
    })
}

/// Whether `signature` (the third segment, base64url) signs `signing_input` under `key`. The
/// comparison is constant-time (aws-lc's, through each key's `verifies`).
pub fn signature_matches(
    signing_input: &str,
    signature: &str,
    key: &dyn VerifyingKey,
    alg: Alg,
) -> bool {
    key.verifies(alg, signing_input.as_bytes(), signature)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jose::decode;
    use crate::keys::hmac::Secret;

    fn key() -> Secret {
        Secret::new(vec![7u8; 32])
    }

    #[test]
    fn sign_then_decode_round_trips() {
        let mut claims = Map::new();
        claims.insert("sub".into(), "a".into());
        let signed = sign(claims.clone(), &key(), Alg::HS256, Some("kid1")).unwrap();
        let d = decode(&signed.token).unwrap();
        assert_eq!(d.claims, claims);
        assert_eq!(d.alg(), Some("HS256"));
        assert_eq!(d.header["kid"], "kid1");
        assert!(signature_matches(
            &d.signing_input,
            &d.signature,
            &key(),
            Alg::HS256
        ));
        assert!(!signature_matches(
            &d.signing_input,
            &d.signature,
            &Secret::new(vec![8u8; 32]),
            Alg::HS256
        ));
        assert!(!signature_matches(
            &d.signing_input,
            &d.signature,
            &key(),
            Alg::HS384
        ));
    }

    #[test]
    fn the_signer_matches_jsonwebtoken_encode() {
        let mut claims = Map::new();
        claims.insert("sub".into(), "a".into());
        claims.insert("exp".into(), 5.into());
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS384);
        header.kid = Some("k".into());
        let key = Secret::new(vec![3u8; 48]);
        let theirs = jsonwebtoken::encode(
            &header,
            &claims,
            &jsonwebtoken::EncodingKey::from_secret(key.expose()),
        )
        .unwrap();
        assert_eq!(
            sign(claims, &key, Alg::HS384, Some("k")).unwrap().token,
            theirs
        );
    }

    #[test]
    fn short_keys_are_refused() {
        let err = sign(Map::new(), &Secret::new(vec![1; 31]), Alg::HS256, None).unwrap_err();
        assert_eq!(err.exit(), crate::error::Exit::Operational);
        assert!(err.to_string().contains("31 bytes"));
        assert!(sign(Map::new(), &Secret::new(vec![1; 47]), Alg::HS384, None).is_err());
        assert!(sign(Map::new(), &Secret::new(vec![1; 64]), Alg::HS512, None).is_ok());
    }
}
