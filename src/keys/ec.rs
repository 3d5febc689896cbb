//! Elliptic-curve keys: ES256 (P-256) and ES384 (P-384). Signatures are the fixed-width
//! `r || s` JWS uses (RFC 7518 §3.4), not DER.

use std::sync::Arc;

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{self, EcdsaKeyPair, EcdsaSigningAlgorithm, KeyPair as _};
use aws_lc_rs::signature::{EcdsaVerificationAlgorithm, ParsedPublicKey, UnparsedPublicKey};
use pkcs8::der::Encode;
use pkcs8::der::asn1::{AnyRef, BitStringRef};
use pkcs8::spki::AlgorithmIdentifierRef;
use pkcs8::{ObjectIdentifier, PrivateKeyInfo};
use serde_json::{Map, Value};
use spki::SubjectPublicKeyInfoRef;
use zeroize::Zeroizing;

use super::alg::{Alg, Family};
use super::jwk;
use super::pair::{KeyType, ParseResult, Parsed, PrivateArc, PrivateImpl, PublicArc, PublicImpl};
use crate::error::{Error, Result};

const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");

pub(super) const TYPE: KeyType = KeyType {
    families: &[Family::EcP256, Family::EcP384],
    from_pkcs8,
    from_spki,
    from_jwk,
    from_pem,
    generate,
};

/// A curve, and everything that differs by it.
struct Curve {
    oid: ObjectIdentifier,
    /// Its JWK `crv`.
    crv: &'static str,
    alg: &'static [Alg],
    /// The length of a coordinate.
    len: usize,
    signing: &'static EcdsaSigningAlgorithm,
    verifying: &'static EcdsaVerificationAlgorithm,
}

static CURVES: [Curve; 2] = [
    Curve {
        oid: ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7"),
        crv: "P-256",
        alg: &[Alg::ES256],
        len: 32,
        signing: &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
        verifying: &signature::ECDSA_P256_SHA256_FIXED,
    },
    Curve {
        oid: ObjectIdentifier::new_unwrap("1.3.132.0.34"),
        crv: "P-384",
        alg: &[Alg::ES384],
        len: 48,
        signing: &signature::ECDSA_P384_SHA384_FIXED_SIGNING,
        verifying: &signature::ECDSA_P384_SHA384_FIXED,
    },
];

fn by_oid(oid: ObjectIdentifier) -> std::result::Result<&'static Curve, String> {
    CURVES.iter().find(|c| c.oid == oid).ok_or_else(|| {
        format!("the EC key is on curve {oid}; jwtadm signs with P-256 (ES256) and P-384 (ES384)")
    })
}

struct Public {
    curve: &'static Curve,
    /// The uncompressed point: `04 || x || y`.
    point: Vec<u8>,
}

impl Public {
    fn new(curve: &'static Curve, point: &[u8]) -> std::result::Result<Public, String> {
        if point.len() != 1 + 2 * curve.len || point[0] != 4 {
            return Err(format!(
                "the {} public key is not an uncompressed point of the curve",
                curve.crv
            ));
        }
        // aws-lc checks that the point is on the curve, and not the point at infinity.
        ParsedPublicKey::new(curve.verifying, point)
            .map_err(|_| format!("the {} public key is not a point of the curve", curve.crv))?;
        Ok(Public {
            curve,
            point: point.to_vec(),
        })
    }
}

impl PublicImpl for Public {
    fn algs(&self) -> &'static [Alg] {
        self.curve.alg
    }

    fn describe(&self) -> String {
        format!("EC {}", self.curve.crv)
    }

    fn jwk(&self) -> Map<String, Value> {
        use base64::Engine as _;
        let b64 = |b: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b);
        let (x, y) = self.point[1..].split_at(self.curve.len);
        let mut m = Map::new();
        m.insert("crv".into(), self.curve.crv.into());
        m.insert("kty".into(), "EC".into());
        m.insert("x".into(), b64(x).into());
        m.insert("y".into(), b64(y).into());
        m
    }

    fn spki_der(&self) -> Result<Vec<u8>> {
        let fail =
            |e: pkcs8::der::Error| Error::operational(format!("writing the EC public key: {e}"));
        let spki = SubjectPublicKeyInfoRef {
            algorithm: AlgorithmIdentifierRef {
                oid: EC_PUBLIC_KEY,
                parameters: Some(AnyRef::from(&self.curve.oid)),
            },
            subject_public_key: BitStringRef::from_bytes(&self.point).map_err(fail)?,
        };
        spki.to_der().map_err(fail)
    }

    fn verifies(&self, _alg: Alg, input: &[u8], signature: &[u8]) -> bool {
        UnparsedPublicKey::new(self.curve.verifying, &self.point)
            .verify(input, signature)
            .is_ok()
    }
}

struct Private {
    curve: &'static Curve,
    pair: EcdsaKeyPair,
}

impl PrivateImpl for Private {
    fn public(&self) -> PublicArc {
        Arc::new(Public {
            curve: self.curve,
            point: self.pair.public_key().as_ref().to_vec(),
        })
    }

    fn pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>> {
        let doc = self
            .pair
            .to_pkcs8v1()
            .map_err(|_| Error::operational("writing the EC private key failed"))?;
        Ok(Zeroizing::new(doc.as_ref().to_vec()))
    }

    fn sign(&self, alg: Alg, input: &[u8]) -> Result<Vec<u8>> {
        let sig = self
            .pair
            .sign(&SystemRandom::new(), input)
            .map_err(|_| Error::operational(format!("signing with the EC key ({alg}) failed")))?;
        Ok(sig.as_ref().to_vec())
    }
}

fn from_pkcs8(info: &PrivateKeyInfo<'_>, der: &[u8]) -> ParseResult<PrivateArc> {
    if info.algorithm.oid != EC_PUBLIC_KEY {
        return None;
    }
    Some((|| {
        let oid = info
            .algorithm
            .parameters_oid()
            .map_err(|_| "the EC private key does not name its curve".to_string())?;
        let curve = by_oid(oid)?;
        let pair = EcdsaKeyPair::from_pkcs8(curve.signing, der)
            .map_err(|e| format!("the {} private key is not valid: {e}", curve.crv))?;
        Ok(Arc::new(Private { curve, pair }) as PrivateArc)
    })())
}

fn from_spki(spki: &SubjectPublicKeyInfoRef<'_>) -> ParseResult<PublicArc> {
    if spki.algorithm.oid != EC_PUBLIC_KEY {
        return None;
    }
    Some((|| {
        let oid = spki
            .algorithm
            .parameters_oid()
            .map_err(|_| "the EC public key does not name its curve".to_string())?;
        let point = spki
            .subject_public_key
            .as_bytes()
            .ok_or("the EC public key is not whole bytes")?;
        Ok(Arc::new(Public::new(by_oid(oid)?, point)?) as PublicArc)
    })())
}

fn from_jwk(kty: &str, jwk: &Map<String, Value>) -> ParseResult<PublicArc> {
    (kty == "EC").then(|| {
        let crv = jwk::member(jwk, "crv")?;
        let curve = CURVES.iter().find(|c| c.crv == crv).ok_or_else(|| {
            format!("crv \"{crv}\" is not a curve jwtadm verifies with (P-256, P-384)")
        })?;
        let (x, y) = (jwk::bytes(jwk, "x")?, jwk::bytes(jwk, "y")?);
        if x.len() != curve.len || y.len() != curve.len {
            return Err(format!(
                "the JWK's x and y must be {} bytes each for {crv}",
                curve.len
            ));
        }
        let point = [&[4u8][..], &x, &y].concat();
        Ok(Arc::new(Public::new(curve, &point)?) as PublicArc)
    })
}

/// SEC1's `EC PRIVATE KEY` (RFC 5915), as `openssl ecparam -genkey` writes it.
fn from_pem(label: &str, der: &[u8]) -> ParseResult<Parsed> {
    (label == "EC PRIVATE KEY").then(|| {
        CURVES
            .iter()
            .find_map(|curve| {
                EcdsaKeyPair::from_private_key_der(curve.signing, der)
                    .ok()
                    .map(|pair| Parsed::private(Arc::new(Private { curve, pair })))
            })
            .ok_or_else(|| "the EC private key is not valid, or not on P-256 or P-384".to_string())
    })
}

fn generate(alg: Alg, _bits: Option<u32>) -> Result<PrivateArc> {
    let curve = CURVES
        .iter()
        .find(|c| c.alg.contains(&alg))
        .ok_or_else(|| Error::usage(format!("{alg} is not an EC algorithm")))?;
    let pair = EcdsaKeyPair::generate(curve.signing)
        .map_err(|_| Error::operational("generating the EC key failed"))?;
    Ok(Arc::new(Private { curve, pair }))
}
