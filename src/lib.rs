//! jwtadm: administer the JSON Web Tokens (HMAC or key pairs) an MCP server uses to authenticate its clients.
//!
//! The binary is a thin shell over this library: [`cli`] holds the clap definitions,
//! [`commands`] turns them into plain options for the core modules, and [`run`] returns the
//! exit status or the one [`error::Error`] that `main` prints.

pub mod claims;
pub mod cli;
pub mod commands;
pub mod error;
pub mod formats;
pub mod jose;
pub mod keys;
pub mod material;
pub mod mcp;
pub mod net;
pub mod oauth;
pub mod ops;
pub mod output;
pub mod places;
pub mod redact;
pub mod report;
pub mod roster;
pub mod rotate;
pub mod scan;
pub mod secret;
pub mod store;
pub mod time;
pub mod token;
pub mod txn;

pub use commands::run;
