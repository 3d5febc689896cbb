//! JOSE: the algorithms jwtadm uses, the compact serialization of a JWS, and the checks a
//! token must pass. Pure: no clap, no printing, no files, no keyring.

pub mod alg;
pub mod compact;
pub mod numeric_date;
pub mod verify;

pub use alg::Alg;
pub use compact::{Decoded, clean, decode, unique_object};
