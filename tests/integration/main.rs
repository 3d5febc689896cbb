//! The end-to-end tests of jwtadm, in one test binary (as just, ripgrep and fd build one):
//! `cargo test --test integration NAME` runs the cases whose path holds NAME, e.g.
//! `hostile::hostile_rosters` or `promises::files::an_editors_save_just_before_the_replacement_survives`.
//!
//! The crash tests (`tests/crash.rs`) are a binary of their own: they SIGKILL jwtadm at random
//! moments and count how many kills land inside a commit, which other tests running in the
//! same process would disturb.

#[path = "../common/mod.rs"]
mod common;

mod at_jwt;
mod cli;
mod client;
mod command_source;
mod completions;
mod discovery;
mod fuzz_regressions;
mod hostile;
mod interop;
mod interop_keys;
mod journal;
mod key_rotation;
mod keyring;
mod keys;
mod keys_attacked;
mod lifecycle;
mod patch;
mod promises;
mod red14;
mod red15;
mod red16;
mod renew;
mod roster;
mod rotation_profiles_attacked;
mod scan;
mod yaml;
