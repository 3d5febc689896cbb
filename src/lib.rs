//! jwtadm: administer the HS256 JSON Web Tokens an MCP server uses to authenticate its clients.
//!
//! The binary is a thin shell over this library: [`cli`] holds the clap definitions,
//! [`commands`] turns them into plain options for the core modules, and [`run`] returns the
//! exit status or the one [`error::Error`] that `main` prints.

pub mod claims;
pub mod cli;
pub mod commands;
pub mod error;
pub mod formats;
pub mod keyring;
pub mod mcp;
pub mod output;
pub mod places;
pub mod roster;
pub mod rotate;
pub mod secret;
pub mod token;
pub mod txn;
pub mod verify;

pub use commands::run;

// TEMPORARY shim for the parallel redesign; removed at merge.
pub mod atomic {
    pub use crate::txn::*;
}

// TEMPORARY shim for the parallel redesign; removed at merge.
pub mod patch {
    pub use crate::formats::*;
    pub mod plan {
        pub use crate::txn::plan::*;
    }
}
