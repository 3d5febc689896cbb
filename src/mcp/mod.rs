//! What jwtadm knows about MCP clients.

pub mod clients;
