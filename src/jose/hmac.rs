//! Checking an HMAC signature. Moved here as it was from `token.rs`, so that verifying does not
//! depend on signing; engineer "store" puts it behind `trait VerifyingKey` (keys/hmac.rs).

use crate::jose::Alg;
use crate::secret::Secret;

/// Whether `signature` (the third segment, base64url) is the HMAC of `signing_input` under `key`.
/// The comparison is constant-time (RustCrypto's `hmac`, through jsonwebtoken).
pub fn signature_matches(signing_input: &str, signature: &str, key: &Secret, alg: Alg) -> bool {
    let decoding_key = jsonwebtoken::DecodingKey::from_secret(key.expose());
    jsonwebtoken::crypto::verify(
        signature,
        signing_input.as_bytes(),
        &decoding_key,
        alg.jwt(),
    )
    .unwrap_or(false)
}
