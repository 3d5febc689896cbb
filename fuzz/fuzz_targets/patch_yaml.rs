//! The YAML patcher: output parses again and differs from the input only inside the token.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../patch_check.rs"]
mod patch_check;

fuzz_target!(|data: &[u8]| patch_check::check(jwtadm::formats::Format::Yaml, data));
