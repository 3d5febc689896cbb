//! Roster parsing never panics: every input is a roster or an error.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = jwtadm::roster::Roster::parse(text, std::path::Path::new("clients.toml")) {
        // Errors name the file.
        assert!(e.to_string().starts_with("clients.toml"), "{e}");
    }
});
