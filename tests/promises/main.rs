//! The promises of README.md and SECURITY.md, each attacked as a hostile user would: one
//! module per promise, one named test per case, so that `cargo test --test promises NAME` runs
//! one case alone.

#[path = "../common/mod.rs"]
mod common;
pub mod files;
mod hints;
mod places;
mod properties;
mod secret_text;
mod standards;
mod terminal;
