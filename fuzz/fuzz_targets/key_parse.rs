//! Reading a key (PEM, JWK) or a JWK Set never panics, and a key read verifies nothing it did
//! not sign: an arbitrary signature over arbitrary input under each of its algorithms, and
//! never an HMAC one (algorithm confusion).
#![no_main]

use jwtadm::keys::{Alg, Key, VerifyingKey};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(parsed) = jwtadm::keys::pair::parse(text) {
        let key = parsed.verifying();
        let _ = key.key_id();
        for alg in Alg::HMAC {
            assert!(!key.verifies(alg, b"a.b", "AAAA"));
        }
        for alg in key.verify_algs() {
            let _ = key.verifies(alg, data, "AAAA");
        }
        let _ = parsed.public().to_pem();
    }
    if let Ok(set) = jwtadm::keys::jwk::Jwks::parse(text) {
        for alg in Alg::ALL {
            let _ = set.candidates(alg, None);
            let _ = set.candidates(alg, Some("k"));
        }
    }
});
