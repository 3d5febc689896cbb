//! The keys tokens are signed and verified with, behind two traits (as jsonwebtoken's
//! `JwtSigner`/`JwtVerifier` and age's `Identity`/`Recipient`): [`SigningKey`] and
//! [`VerifyingKey`]. `token::Signer`, `token::signature_matches` and `verify::Keys` use only
//! these.
//!
//! Two kinds of key sit behind them: an HMAC [`Secret`](hmac::Secret), and a key pair
//! ([`pair::PrivateKey`], [`pair::PublicKey`]). Each type of key pair is one file
//! ([`rsa`], [`ec`], [`ed25519`]) and one entry of [`pair::TYPES`], which reading PEM, JWK and
//! generating keys look through: a new type is one more file and one more entry.
//!
//! All cryptography is aws-lc's (`aws-lc-rs`): constant-time, and without the `rsa` crate's
//! open timing advisory (RUSTSEC-2023-0071).
//!
//! This module may not read or write a secret's place (that is `store`), nor know about claims.

pub mod alg;
mod ec;
mod ed25519;
pub mod hmac;
pub mod jwk;
pub mod pair;
mod rsa;

pub use alg::Alg;
pub use pair::{Parsed, PrivateKey, PublicKey};

use std::fmt;

use crate::error::Result;

/// What every key has: a name for it that does not reveal it.
pub trait Key: fmt::Debug {
    /// A name that tells keys apart in messages: `sha256:` and 12 hex digits for a secret, the
    /// RFC 7638 thumbprint for a key pair.
    fn fingerprint(&self) -> String;
    /// The key id a token's `kid` names it by.
    fn key_id(&self) -> String;
    /// What messages call it: "secret" or "key".
    fn noun(&self) -> &'static str {
        "key"
    }
}

/// A key tokens are signed with.
pub trait SigningKey: Key {
    /// Refuse the key for `alg` when they do not fit (an HMAC secret shorter than the hash, an
    /// algorithm for another type of key).
    fn check(&self, alg: Alg) -> Result<()>;
    /// The key made ready to sign many tokens with `alg`, [`check`](Self::check)ed.
    fn signer(&self, alg: Alg) -> Result<Box<dyn Sign>>;
    /// The algorithms the key signs with, the one used when none is asked for first.
    fn algs(&self) -> Vec<Alg>;
}

/// A key ready to sign with one algorithm.
pub trait Sign: Send + Sync {
    /// The signature of `signing_input`, base64url as in a compact token.
    fn sign(&self, signing_input: &[u8]) -> Result<String>;
}

/// A key tokens are verified with.
pub trait VerifyingKey: Key {
    /// Whether `signature` (base64url) signs `signing_input` under this key with `alg`; in
    /// constant time. Never true for an algorithm of another type of key: a public key is never
    /// used as an HMAC secret (RFC 8725 §3.1).
    fn verifies(&self, alg: Alg, signing_input: &[u8], signature: &str) -> bool;
    /// A warning when the key is weaker than `alg` asks, which verifying still accepts.
    fn weaker_than(&self, alg: Alg) -> Option<String>;
    /// The algorithms the key verifies.
    fn verify_algs(&self) -> Vec<Alg>;
}
