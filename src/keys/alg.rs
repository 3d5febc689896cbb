//! The HMAC algorithms jwtadm signs and verifies with.

use std::fmt;
use std::str::FromStr;

/// The HMAC algorithms jwtadm signs and verifies with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Alg {
    #[default]
    HS256,
    HS384,
    HS512,
}

impl Alg {
    pub const ALL: [Alg; 3] = [Alg::HS256, Alg::HS384, Alg::HS512];

    pub fn name(self) -> &'static str {
        match self {
            Alg::HS256 => "HS256",
            Alg::HS384 => "HS384",
            Alg::HS512 => "HS512",
        }
    }

    /// The smallest key RFC 7518 §3.2 allows: as long as the hash output.
    pub fn min_key_len(self) -> usize {
        match self {
            Alg::HS256 => 32,
            Alg::HS384 => 48,
            Alg::HS512 => 64,
        }
    }

    /// The algorithm as jsonwebtoken names it.
    pub(crate) fn jwt(self) -> jsonwebtoken::Algorithm {
        match self {
            Alg::HS256 => jsonwebtoken::Algorithm::HS256,
            Alg::HS384 => jsonwebtoken::Algorithm::HS384,
            Alg::HS512 => jsonwebtoken::Algorithm::HS512,
        }
    }
}

impl FromStr for Alg {
    type Err = String;
    /// Exact, case-sensitive names, as a header's `alg` is compared.
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        Alg::ALL
            .into_iter()
            .find(|a| a.name() == s)
            .ok_or_else(|| format!("`{s}` is not an algorithm jwtadm uses (HS256, HS384 or HS512)"))
    }
}

impl fmt::Display for Alg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn algorithms_are_case_sensitive() {
        assert_eq!("HS384".parse::<Alg>().unwrap(), Alg::HS384);
        assert!("hs256".parse::<Alg>().is_err());
        assert!("none".parse::<Alg>().is_err());
    }
}
