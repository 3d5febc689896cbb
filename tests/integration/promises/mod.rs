//! The promises of README.md and SECURITY.md, each attacked as a hostile user would: one
//! module per promise, one named test per case, so that `cargo test --test integration NAME` runs
//! one case alone.

mod dry_run;
pub mod files;
mod hints;
mod json_everywhere;
mod places;
pub mod properties;
mod roster_paths;
mod secret_text;
mod secret_writes;
mod snapshots;
mod standards;
mod status;
mod terminal;
mod terminal_width;
pub(crate) mod tokens;
mod verify_from_config;
