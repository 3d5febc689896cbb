//! Token decoding never panics, and what it accepts round-trips through its parts.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let token = jwtadm::jose::clean(text);
    if let Ok(decoded) = jwtadm::jose::decode(token) {
        // The signing input and signature are the token's own bytes.
        assert_eq!(
            format!("{}.{}", decoded.signing_input, decoded.signature),
            token
        );
        // Verification of anything decoded never panics either.
        let key = jwtadm::keys::hmac::Secret::new(vec![7u8; 32]);
        let expect = jwtadm::jose::verify::Expect::default();
        let _ = jwtadm::jose::verify::verify(&decoded, &jwtadm::jose::verify::Keys::one(&key), &expect);
    }
});
