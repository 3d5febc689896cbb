//! RSA keys: RS256/384/512 (PKCS#1 v1.5) and PS256/384/512 (PSS), at least 2048 bits.
//!
//! A private key made for PS* is written with the RSASSA-PSS identifier (RFC 4055 §3.1, as
//! `openssl genpkey -algorithm RSA-PSS` writes it, parameters absent), so that it signs only
//! PSS; a plain `rsaEncryption` key signs both. Its public half is written as `rsaEncryption`
//! (see [`Public::spki_der`]).

use std::sync::Arc;

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeyPair, KeySize, PublicKeyComponents};
use aws_lc_rs::signature::{self, KeyPair as _, RsaParameters};
use pkcs8::der::asn1::BitStringRef;
use pkcs8::der::{Decode, Encode};
use pkcs8::spki::AlgorithmIdentifierRef;
use pkcs8::{ObjectIdentifier, PrivateKeyInfo};
use serde_json::{Map, Value};
use spki::SubjectPublicKeyInfoRef;
use zeroize::Zeroizing;

use super::alg::{Alg, Family, Hash};
use super::jwk;
use super::pair::{KeyType, ParseResult, Parsed, PrivateArc, PrivateImpl, PublicArc, PublicImpl};
use crate::error::{Error, Result};

const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const RSASSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");

/// A PSS key restricted by RSASSA-PSS-params (RFC 4055 §3.1) to one hash and salt: jwtadm
/// would not honour the restriction, so it does not read the key.
const PSS_PARAMETERS: &str = "the RSA-PSS key restricts itself to parameters (a hash, a salt length) jwtadm does not read; make it without them (openssl genpkey -algorithm RSA-PSS with no -pkeyopt, or jwtadm key gen --alg PS256)";

/// RFC 7518 §3.3: "A key of size 2048 bits or larger MUST be used".
pub const MIN_BITS: usize = 2048;

/// RS256…RS512 and PS256…PS512, in `Alg::ALL`'s order.
const BOTH: &[Alg] = Alg::ASYMMETRIC.split_at(6).0;
const PSS: &[Alg] = BOTH.split_at(3).1;

pub(super) const TYPE: KeyType = KeyType {
    families: &[Family::Rsa],
    from_pkcs8,
    from_spki,
    from_jwk,
    from_pem,
    generate,
};

struct Public {
    /// Big-endian, without leading zeros.
    n: Vec<u8>,
    e: Vec<u8>,
    pss: bool,
}

impl Public {
    fn new(n: &[u8], e: &[u8], pss: bool) -> std::result::Result<Public, String> {
        let n = strip(n);
        let e = strip(e);
        let bits = bits(n);
        if bits < MIN_BITS {
            return Err(format!(
                "the RSA key is {bits} bits; at least {MIN_BITS} are required (RFC 7518 §3.3)"
            ));
        }
        if bits > 8192 {
            return Err("the RSA key is not one aws-lc accepts (2048 to 8192 bits)".into());
        }
        // RFC 8017 §3.1: 3 <= e, e odd; e = 1 makes every message its own signature.
        let odd = e.last().is_some_and(|b| b & 1 == 1);
        if !odd || (e.len() == 1 && e[0] < 3) {
            return Err(
                "the RSA key's public exponent is not an odd number of at least 3 (RFC 8017 §3.1)"
                    .into(),
            );
        }
        Ok(Public {
            n: n.to_vec(),
            e: e.to_vec(),
            pss,
        })
    }

    fn params(alg: Alg) -> &'static RsaParameters {
        match (alg.is_pss(), alg.hash()) {
            (false, Hash::Sha256) => &signature::RSA_PKCS1_2048_8192_SHA256,
            (false, Hash::Sha384) => &signature::RSA_PKCS1_2048_8192_SHA384,
            (false, Hash::Sha512) => &signature::RSA_PKCS1_2048_8192_SHA512,
            (true, Hash::Sha256) => &signature::RSA_PSS_2048_8192_SHA256,
            (true, Hash::Sha384) => &signature::RSA_PSS_2048_8192_SHA384,
            (true, Hash::Sha512) => &signature::RSA_PSS_2048_8192_SHA512,
        }
    }
}

fn strip(b: &[u8]) -> &[u8] {
    let start = b.iter().position(|&x| x != 0).unwrap_or(b.len());
    &b[start..]
}

fn bits(n: &[u8]) -> usize {
    n.first()
        .map_or(0, |&top| n.len() * 8 - top.leading_zeros() as usize)
}

impl PublicImpl for Public {
    fn algs(&self) -> &'static [Alg] {
        if self.pss { PSS } else { BOTH }
    }

    fn describe(&self) -> String {
        let kind = if self.pss { "RSA-PSS" } else { "RSA" };
        format!("{kind} {}-bit", bits(&self.n))
    }

    fn bits(&self) -> Option<u32> {
        u32::try_from(bits(&self.n)).ok()
    }

    fn jwk(&self) -> Map<String, Value> {
        use base64::Engine as _;
        let b64 = |b: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b);
        let mut m = Map::new();
        m.insert("e".into(), b64(&self.e).into());
        m.insert("kty".into(), "RSA".into());
        m.insert("n".into(), b64(&self.n).into());
        m
    }

    /// Always under `rsaEncryption`, a PSS key's too: the public key is the same, and WebCrypto
    /// (node jose's `importSPKI`) reads no other identifier. Its JWK says `PS*` instead.
    fn spki_der(&self) -> Result<Vec<u8>> {
        let components = PublicKeyComponents {
            n: self.n.as_slice(),
            e: self.e.as_slice(),
        };
        let spki = components
            .as_der()
            .map_err(|_| Error::operational("writing the RSA public key failed"))?;
        Ok(spki.as_ref().to_vec())
    }

    fn verifies(&self, alg: Alg, input: &[u8], signature: &[u8]) -> bool {
        PublicKeyComponents {
            n: self.n.as_slice(),
            e: self.e.as_slice(),
        }
        .verify(Public::params(alg), input, signature)
        .is_ok()
    }
}

struct Private {
    pair: KeyPair,
    pss: bool,
}

impl Private {
    fn new(pair: KeyPair, pss: bool) -> std::result::Result<Private, String> {
        let p = Private { pair, pss };
        p.public_key()?;
        Ok(p)
    }

    fn public_key(&self) -> std::result::Result<Public, String> {
        let c: PublicKeyComponents<Vec<u8>> = self.pair.public_key().into();
        Public::new(&c.n, &c.e, self.pss)
    }
}

impl PrivateImpl for Private {
    fn public(&self) -> PublicArc {
        // Checked when the key was made.
        Arc::new(self.public_key().unwrap_or(Public {
            n: Vec::new(),
            e: Vec::new(),
            pss: self.pss,
        }))
    }

    fn pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>> {
        let failed = || Error::operational("writing the RSA private key failed");
        let der = self.pair.as_der().map_err(|_| failed())?;
        let der = Zeroizing::new(der.as_ref().to_vec());
        if !self.pss {
            return Ok(der);
        }
        let plain = PrivateKeyInfo::from_der(&der).map_err(|_| failed())?;
        let pss = PrivateKeyInfo {
            algorithm: AlgorithmIdentifierRef {
                oid: RSASSA_PSS,
                parameters: None,
            },
            private_key: plain.private_key,
            public_key: None,
        };
        pss.to_der().map(Zeroizing::new).map_err(|_| failed())
    }

    fn sign(&self, alg: Alg, input: &[u8]) -> Result<Vec<u8>> {
        let encoding: &'static dyn signature::RsaEncoding = match (alg.is_pss(), alg.hash()) {
            (false, Hash::Sha256) => &signature::RSA_PKCS1_SHA256,
            (false, Hash::Sha384) => &signature::RSA_PKCS1_SHA384,
            (false, Hash::Sha512) => &signature::RSA_PKCS1_SHA512,
            (true, Hash::Sha256) => &signature::RSA_PSS_SHA256,
            (true, Hash::Sha384) => &signature::RSA_PSS_SHA384,
            (true, Hash::Sha512) => &signature::RSA_PSS_SHA512,
        };
        let mut sig = vec![0; self.pair.public_modulus_len()];
        self.pair
            .sign(encoding, &SystemRandom::new(), input, &mut sig)
            .map_err(|_| Error::operational(format!("signing with the RSA key ({alg}) failed")))?;
        Ok(sig)
    }
}

fn from_pkcs8(info: &PrivateKeyInfo<'_>, der: &[u8]) -> ParseResult<PrivateArc> {
    let rejected =
        |e: aws_lc_rs::error::KeyRejected| format!("the RSA private key is not valid: {e}");
    let pair = match info.algorithm.oid {
        RSA_ENCRYPTION => KeyPair::from_pkcs8(der).map_err(rejected),
        RSASSA_PSS if info.algorithm.parameters.is_some() => Err(PSS_PARAMETERS.to_string()),
        RSASSA_PSS => KeyPair::from_der(info.private_key).map_err(rejected),
        _ => return None,
    };
    let pss = info.algorithm.oid == RSASSA_PSS;
    Some(
        pair.and_then(|p| Private::new(p, pss))
            .map(|p| Arc::new(p) as PrivateArc),
    )
}

fn from_spki(spki: &SubjectPublicKeyInfoRef<'_>) -> ParseResult<PublicArc> {
    let pss = match spki.algorithm.oid {
        RSA_ENCRYPTION => false,
        RSASSA_PSS if spki.algorithm.parameters.is_some() => {
            return Some(Err(PSS_PARAMETERS.to_string()));
        }
        RSASSA_PSS => true,
        _ => return None,
    };
    Some(from_pkcs1_public(spki.subject_public_key, pss))
}

/// An RSAPublicKey (PKCS#1), inside an SPKI or on its own.
fn from_pkcs1_public(bits: BitStringRef<'_>, pss: bool) -> std::result::Result<PublicArc, String> {
    let bytes = bits
        .as_bytes()
        .ok_or("the RSA public key is not whole bytes")?;
    let key = aws_lc_rs::rsa::PublicKey::from_der(bytes)
        .map_err(|e| format!("the RSA public key is not valid: {e}"))?;
    let c: PublicKeyComponents<Vec<u8>> = (&key).into();
    Ok(Arc::new(Public::new(&c.n, &c.e, pss)?))
}

fn from_jwk(kty: &str, jwk: &Map<String, Value>) -> ParseResult<PublicArc> {
    (kty == "RSA").then(|| {
        let n = jwk::bytes(jwk, "n")?;
        let e = jwk::bytes(jwk, "e")?;
        let pss = jwk
            .get("alg")
            .and_then(Value::as_str)
            .is_some_and(|a| a.starts_with("PS"));
        Ok(Arc::new(Public::new(&n, &e, pss)?) as PublicArc)
    })
}

/// PKCS#1's `RSA PRIVATE KEY` and `RSA PUBLIC KEY`, as older OpenSSL writes them.
fn from_pem(label: &str, der: &[u8]) -> ParseResult<Parsed> {
    match label {
        "RSA PRIVATE KEY" => Some(
            KeyPair::from_der(der)
                .map_err(|e| format!("the RSA private key is not valid: {e}"))
                .and_then(|p| Private::new(p, false))
                .map(|p| Parsed::private(Arc::new(p))),
        ),
        "RSA PUBLIC KEY" => Some(
            BitStringRef::from_bytes(der)
                .map_err(|e| e.to_string())
                .and_then(|b| from_pkcs1_public(b, false))
                .map(Parsed::public_of),
        ),
        _ => None,
    }
}

fn generate(alg: Alg, bits: Option<u32>) -> Result<PrivateArc> {
    let size = match bits.unwrap_or(2048) {
        2048 => KeySize::Rsa2048,
        3072 => KeySize::Rsa3072,
        4096 => KeySize::Rsa4096,
        8192 => KeySize::Rsa8192,
        n if (n as usize) < MIN_BITS => {
            return Err(Error::usage(format!(
                "--bits {n}: RSA keys shorter than {MIN_BITS} bits are refused (RFC 7518 §3.3)"
            )));
        }
        n => {
            return Err(Error::usage(format!(
                "--bits {n}: RSA keys are made 2048, 3072, 4096 or 8192 bits long"
            )));
        }
    };
    let pair =
        KeyPair::generate(size).map_err(|_| Error::operational("generating the RSA key failed"))?;
    let private = Private::new(pair, alg.is_pss()).map_err(Error::operational)?;
    Ok(Arc::new(private))
}
