//! The keys tokens are signed and verified with, behind two traits (as jsonwebtoken's
//! `JwtSigner`/`JwtVerifier` and age's `Identity`/`Recipient`): [`SigningKey`] and
//! [`VerifyingKey`]. `token::Signer`, `token::signature_matches` and `verify::Keys` use only
//! these, so a new kind of key (RS, PS, ES, EdDSA) is one more file beside [`hmac`].
//!
//! This module may not read or write a secret's place (that is `store`), nor know about claims.

pub mod alg;
pub mod hmac;

pub use alg::Alg;

use std::fmt;

use crate::error::Result;

/// What every key has: a name for it that does not reveal it.
pub trait Key: fmt::Debug {
    /// `sha256:` and 12 hex digits, to tell keys apart in messages.
    fn fingerprint(&self) -> String;
    /// The fingerprint without its prefix, as a token's `kid`.
    fn key_id(&self) -> String;
}

/// A key tokens are signed with.
pub trait SigningKey: Key {
    /// Refuse the key for `alg` when they do not fit (an HMAC secret shorter than the hash).
    fn check(&self, alg: Alg) -> Result<()>;
    /// The key made ready to sign many tokens with `alg`, [`check`](Self::check)ed.
    fn signer(&self, alg: Alg) -> Result<Box<dyn Sign>>;
}

/// A key ready to sign with one algorithm.
pub trait Sign: Send + Sync {
    /// The signature of `signing_input`, base64url as in a compact token.
    fn sign(&self, signing_input: &[u8]) -> Result<String>;
}

/// A key tokens are verified with.
pub trait VerifyingKey: Key {
    /// Whether `signature` (base64url) signs `signing_input` under this key with `alg`; in
    /// constant time.
    fn verifies(&self, alg: Alg, signing_input: &[u8], signature: &str) -> bool;
    /// A warning when the key is weaker than `alg` asks, which verifying still accepts.
    fn weaker_than(&self, alg: Alg) -> Option<String>;
}
