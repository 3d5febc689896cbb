//! HMAC (HS256, HS384, HS512): the key is a shared secret, the bytes of a [`Secret`].

use std::fmt;

use secrecy::{ExposeSecret, SecretBox};
use sha2::{Digest, Sha256};

use aws_lc_rs::hmac;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::Alg;
use super::alg::Hash;
use super::{Key, Sign, SigningKey, VerifyingKey};
use crate::error::{Error, Result};

/// Key bytes. `Debug` shows only the length and fingerprint; the bytes are zeroized on drop.
pub struct Secret {
    bytes: SecretBox<[u8]>,
}

impl Secret {
    pub fn new(bytes: Vec<u8>) -> Self {
        Secret {
            bytes: SecretBox::from(bytes),
        }
    }

    /// The key bytes: every use is a place where the secret is handled.
    pub fn expose(&self) -> &[u8] {
        self.bytes.expose_secret()
    }

    pub fn len(&self) -> usize {
        self.expose().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `sha256:` and the first 12 hex digits of the SHA-256 of the key bytes: enough to tell two
    /// secrets apart, useless for recovering either.
    pub fn fingerprint(&self) -> String {
        format!("sha256:{}", self.key_id())
    }

    /// The fingerprint without its `sha256:` prefix, as used for `kid`.
    pub fn key_id(&self) -> String {
        let digest = Sha256::digest(self.expose());
        hex_lower(&digest[..6])
    }
}

/// Bytes as lowercase hex (the key id; the `hex` secret encoding).
pub(crate) fn hex_lower(bytes: &[u8]) -> String {
    use fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Secret([redacted {} bytes, {}])",
            self.len(),
            self.fingerprint()
        )
    }
}

impl Key for Secret {
    fn fingerprint(&self) -> String {
        Secret::fingerprint(self)
    }

    fn key_id(&self) -> String {
        Secret::key_id(self)
    }

    fn noun(&self) -> &'static str {
        "secret"
    }
}

impl SigningKey for Secret {
    /// Refuse an algorithm that is not HMAC, and a key shorter than the algorithm's hash.
    fn check(&self, alg: Alg) -> Result<()> {
        if !alg.is_hmac() {
            return Err(Error::usage(format!(
                "{alg} signs with a key pair, not a shared secret: give the private key with --key"
            ))
            .with_hint(format!(
                "make one with: jwtadm key gen --alg {alg} --to file:signing.pem"
            )));
        }
        if self.len() < alg.min_key_len() {
            return Err(Error::operational(format!(
                "the secret is {} bytes; {alg} needs at least {} (RFC 7518 §3.2)",
                self.len(),
                alg.min_key_len()
            ))
            .with_hint(format!("generate one with: jwtadm secret gen --alg {alg}")));
        }
        Ok(())
    }

    fn signer(&self, alg: Alg) -> Result<Box<dyn Sign>> {
        self.check(alg)?;
        Ok(Box::new(Hmac {
            key: hmac_key(alg, self.expose()),
        }))
    }

    fn algs(&self) -> Vec<Alg> {
        Alg::HMAC.to_vec()
    }
}

/// aws-lc's HMAC key for `alg` (an HMAC algorithm).
fn hmac_key(alg: Alg, bytes: &[u8]) -> hmac::Key {
    let algorithm = match alg.hash() {
        Hash::Sha256 => hmac::HMAC_SHA256,
        Hash::Sha384 => hmac::HMAC_SHA384,
        Hash::Sha512 => hmac::HMAC_SHA512,
    };
    hmac::Key::new(algorithm, bytes)
}

/// The HMAC key set up for one algorithm.
struct Hmac {
    key: hmac::Key,
}

impl Sign for Hmac {
    fn sign(&self, signing_input: &[u8]) -> Result<String> {
        Ok(URL_SAFE_NO_PAD.encode(hmac::sign(&self.key, signing_input)))
    }
}

impl VerifyingKey for Secret {
    /// Constant-time (aws-lc's `hmac::verify`). Never true for an algorithm that is not HMAC.
    fn verifies(&self, alg: Alg, signing_input: &[u8], signature: &str) -> bool {
        if !alg.is_hmac() {
            return false;
        }
        let Ok(tag) = URL_SAFE_NO_PAD.decode(signature) else {
            return false;
        };
        hmac::verify(&hmac_key(alg, self.expose()), signing_input, &tag).is_ok()
    }

    fn weaker_than(&self, alg: Alg) -> Option<String> {
        (self.len() < alg.min_key_len()).then(|| {
            format!(
                "the secret is {} bytes, shorter than the {} bytes {alg} needs (RFC 7518 §3.2)",
                self.len(),
                alg.min_key_len()
            )
        })
    }

    fn verify_algs(&self) -> Vec<Alg> {
        Alg::HMAC.to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_bytes() {
        let s = Secret::new(b"super-secret-value".to_vec());
        let dbg = format!("{s:?}");
        assert!(!dbg.contains("super"), "{dbg}");
        assert!(dbg.contains("redacted 18 bytes"));
    }

    #[test]
    fn fingerprint_is_sha256_prefix() {
        // sha256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
        assert_eq!(
            Secret::new(b"abc".to_vec()).fingerprint(),
            "sha256:ba7816bf8f01"
        );
        assert_eq!(Secret::new(b"abc".to_vec()).key_id(), "ba7816bf8f01");
    }

    #[test]
    fn the_key_length_is_checked_per_algorithm() {
        let key = Secret::new(vec![1; 47]);
        assert!(key.check(Alg::HS256).is_ok());
        assert!(key.check(Alg::HS384).is_err());
        assert!(key.weaker_than(Alg::HS256).is_none());
        assert!(
            key.weaker_than(Alg::HS512)
                .unwrap()
                .contains("64 bytes HS512")
        );
    }
}
