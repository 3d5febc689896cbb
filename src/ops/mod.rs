//! Workflows: each takes plain options (never clap's arguments) and returns typed results
//! (never text). The command handlers in [`crate::commands`] build the options, call a
//! workflow and render what it returns.

pub mod audit;
pub mod issue_all;
