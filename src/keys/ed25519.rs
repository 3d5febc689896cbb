//! Ed25519 keys: EdDSA (RFC 8037), also named Ed25519 (RFC 9864).

use std::sync::Arc;

use aws_lc_rs::signature::{self, Ed25519KeyPair, KeyPair as _, UnparsedPublicKey};
use pkcs8::der::Encode;
use pkcs8::der::asn1::BitStringRef;
use pkcs8::spki::AlgorithmIdentifierRef;
use pkcs8::{ObjectIdentifier, PrivateKeyInfo};
use serde_json::{Map, Value};
use spki::SubjectPublicKeyInfoRef;
use zeroize::Zeroizing;

use super::alg::{Alg, Family};
use super::jwk;
use super::pair::{KeyType, ParseResult, Parsed, PrivateArc, PrivateImpl, PublicArc, PublicImpl};
use crate::error::{Error, Result};

const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");

pub(super) const TYPE: KeyType = KeyType {
    families: &[Family::Ed25519],
    from_pkcs8,
    from_spki,
    from_jwk,
    from_pem,
    generate,
};

struct Public {
    x: [u8; 32],
}

impl Public {
    fn new(x: &[u8]) -> std::result::Result<Public, String> {
        let x: [u8; 32] = x
            .try_into()
            .map_err(|_| "an Ed25519 public key is 32 bytes".to_string())?;
        if has_small_order(&x) {
            return Err(
                "the Ed25519 public key is a point of small order, for which signatures can be forged without any private key"
                    .into(),
            );
        }
        Ok(Public { x })
    }
}

/// Whether `x` encodes a point of order 1, 2, 4 or 8 (or a non-canonical encoding of one):
/// libsodium's blocklist (`ge25519_has_small_order`), compared with the sign bit ignored. Such a
/// key verifies forged signatures (R the identity, S = 0), so it is never a key.
fn has_small_order(x: &[u8; 32]) -> bool {
    const BLOCKLIST: [[u8; 32]; 7] = [
        // 0 (order 4)
        [0; 32],
        // 1 (order 1)
        [
            1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0,
        ],
        // order 8
        [
            0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef,
            0x98, 0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88,
            0x6d, 0x53, 0xfc, 0x05,
        ],
        // order 8
        [
            0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10,
            0x67, 0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77,
            0x92, 0xac, 0x03, 0x7a,
        ],
        // p - 1 (order 2)
        [
            0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
            0xff, 0xff, 0xff, 0x7f,
        ],
        // p (= 0, order 4)
        [
            0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
            0xff, 0xff, 0xff, 0x7f,
        ],
        // p + 1 (= 1, order 1)
        [
            0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
            0xff, 0xff, 0xff, 0x7f,
        ],
    ];
    BLOCKLIST
        .iter()
        .any(|b| b[..31] == x[..31] && b[31] == x[31] & 0x7f)
}

impl PublicImpl for Public {
    fn algs(&self) -> &'static [Alg] {
        &[Alg::EdDSA, Alg::Ed25519]
    }

    fn describe(&self) -> String {
        "Ed25519".into()
    }

    fn jwk(&self) -> Map<String, Value> {
        use base64::Engine as _;
        let mut m = Map::new();
        m.insert("crv".into(), "Ed25519".into());
        m.insert("kty".into(), "OKP".into());
        m.insert(
            "x".into(),
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .encode(self.x)
                .into(),
        );
        m
    }

    fn spki_der(&self) -> Result<Vec<u8>> {
        let fail = |e: pkcs8::der::Error| {
            Error::operational(format!("writing the Ed25519 public key: {e}"))
        };
        SubjectPublicKeyInfoRef {
            algorithm: AlgorithmIdentifierRef {
                oid: ED25519,
                parameters: None,
            },
            subject_public_key: BitStringRef::from_bytes(&self.x).map_err(fail)?,
        }
        .to_der()
        .map_err(fail)
    }

    fn verifies(&self, _alg: Alg, input: &[u8], signature: &[u8]) -> bool {
        UnparsedPublicKey::new(&signature::ED25519, &self.x)
            .verify(input, signature)
            .is_ok()
    }
}

struct Private {
    pair: Ed25519KeyPair,
}

impl PrivateImpl for Private {
    fn public(&self) -> PublicArc {
        let mut x = [0; 32];
        x.copy_from_slice(self.pair.public_key().as_ref());
        Arc::new(Public { x })
    }

    fn pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>> {
        let doc = self
            .pair
            .to_pkcs8v1()
            .map_err(|_| Error::operational("writing the Ed25519 private key failed"))?;
        Ok(Zeroizing::new(doc.as_ref().to_vec()))
    }

    fn sign(&self, _alg: Alg, input: &[u8]) -> Result<Vec<u8>> {
        Ok(self.pair.sign(input).as_ref().to_vec())
    }
}

fn from_pkcs8(info: &PrivateKeyInfo<'_>, der: &[u8]) -> ParseResult<PrivateArc> {
    (info.algorithm.oid == ED25519).then(|| {
        Ed25519KeyPair::from_pkcs8_maybe_unchecked(der)
            .map(|pair| Arc::new(Private { pair }) as PrivateArc)
            .map_err(|e| format!("the Ed25519 private key is not valid: {e}"))
    })
}

fn from_spki(spki: &SubjectPublicKeyInfoRef<'_>) -> ParseResult<PublicArc> {
    (spki.algorithm.oid == ED25519).then(|| {
        let x = spki
            .subject_public_key
            .as_bytes()
            .ok_or("the Ed25519 public key is not whole bytes")?;
        Ok(Arc::new(Public::new(x)?) as PublicArc)
    })
}

fn from_jwk(kty: &str, jwk: &Map<String, Value>) -> ParseResult<PublicArc> {
    (kty == "OKP").then(|| {
        let crv = jwk::member(jwk, "crv")?;
        if crv != "Ed25519" {
            return Err(format!(
                "crv \"{crv}\" is not a curve jwtadm verifies with (Ed25519)"
            ));
        }
        Ok(Arc::new(Public::new(&jwk::bytes(jwk, "x")?)?) as PublicArc)
    })
}

fn from_pem(_label: &str, _der: &[u8]) -> ParseResult<Parsed> {
    None
}

fn generate(_alg: Alg, _bits: Option<u32>) -> Result<PrivateArc> {
    let pair = Ed25519KeyPair::generate()
        .map_err(|_| Error::operational("generating the Ed25519 key failed"))?;
    Ok(Arc::new(Private { pair }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_order_points_are_not_keys() {
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert!(Public::new(&identity).is_err());
        identity[31] = 0x80;
        assert!(Public::new(&identity).is_err(), "the sign bit is ignored");
        assert!(Public::new(&[0; 32]).is_err());
        let real = Ed25519KeyPair::generate().unwrap();
        assert!(Public::new(real.public_key().as_ref()).is_ok());
    }
}
