//! JOSE: the algorithms jwtadm uses, the compact serialization of a JWS, and the checks a
//! token must pass. Pure: no clap, no printing, no files, no keyring.

pub mod compact;
pub mod inspect;
pub mod numeric_date;
pub mod profile;
pub mod verify;

// The algorithm names belong to the keys that sign with them; JOSE reads them.
pub use crate::keys::Alg;
pub use compact::{Decoded, clean, decode, unique_object};
pub use profile::Profile;
