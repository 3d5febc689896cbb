//! The algorithms jwtadm signs and verifies with (RFC 7518 §3.1, RFC 8037 §3.1), and the kind
//! of key each needs.

use std::fmt;
use std::str::FromStr;

/// A JWS algorithm jwtadm signs and verifies with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Alg {
    #[default]
    HS256,
    HS384,
    HS512,
    RS256,
    RS384,
    RS512,
    PS256,
    PS384,
    PS512,
    ES256,
    ES384,
    EdDSA,
    /// RFC 9864's fully-specified name for EdDSA with Ed25519, which node jose 6 also signs
    /// with; verified as EdDSA is.
    Ed25519,
}

/// The kind of key an algorithm needs: an HMAC secret, or one type (and curve) of key pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    Hmac,
    /// RSA: RSASSA-PKCS1-v1_5 (RS*) or RSASSA-PSS (PS*).
    Rsa,
    EcP256,
    EcP384,
    Ed25519,
}

/// The hash an algorithm signs with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hash {
    Sha256,
    Sha384,
    Sha512,
}

impl Alg {
    pub const ALL: [Alg; 13] = [
        Alg::HS256,
        Alg::HS384,
        Alg::HS512,
        Alg::RS256,
        Alg::RS384,
        Alg::RS512,
        Alg::PS256,
        Alg::PS384,
        Alg::PS512,
        Alg::ES256,
        Alg::ES384,
        Alg::EdDSA,
        Alg::Ed25519,
    ];

    /// The algorithms a shared secret signs with.
    pub const HMAC: [Alg; 3] = [Alg::HS256, Alg::HS384, Alg::HS512];

    /// The algorithms a key pair signs with.
    pub const ASYMMETRIC: [Alg; 10] = [
        Alg::RS256,
        Alg::RS384,
        Alg::RS512,
        Alg::PS256,
        Alg::PS384,
        Alg::PS512,
        Alg::ES256,
        Alg::ES384,
        Alg::EdDSA,
        Alg::Ed25519,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Alg::HS256 => "HS256",
            Alg::HS384 => "HS384",
            Alg::HS512 => "HS512",
            Alg::RS256 => "RS256",
            Alg::RS384 => "RS384",
            Alg::RS512 => "RS512",
            Alg::PS256 => "PS256",
            Alg::PS384 => "PS384",
            Alg::PS512 => "PS512",
            Alg::ES256 => "ES256",
            Alg::ES384 => "ES384",
            Alg::EdDSA => "EdDSA",
            Alg::Ed25519 => "Ed25519",
        }
    }

    /// The kind of key this algorithm needs.
    pub fn family(self) -> Family {
        match self {
            Alg::HS256 | Alg::HS384 | Alg::HS512 => Family::Hmac,
            Alg::RS256 | Alg::RS384 | Alg::RS512 | Alg::PS256 | Alg::PS384 | Alg::PS512 => {
                Family::Rsa
            }
            Alg::ES256 => Family::EcP256,
            Alg::ES384 => Family::EcP384,
            Alg::EdDSA | Alg::Ed25519 => Family::Ed25519,
        }
    }

    pub fn is_hmac(self) -> bool {
        self.family() == Family::Hmac
    }

    /// RSASSA-PSS (PS256, PS384, PS512).
    pub fn is_pss(self) -> bool {
        matches!(self, Alg::PS256 | Alg::PS384 | Alg::PS512)
    }

    /// The hash the algorithm signs with (EdDSA's is built in: SHA-512).
    pub fn hash(self) -> Hash {
        match self {
            Alg::HS256 | Alg::RS256 | Alg::PS256 | Alg::ES256 => Hash::Sha256,
            Alg::HS384 | Alg::RS384 | Alg::PS384 | Alg::ES384 => Hash::Sha384,
            Alg::HS512 | Alg::RS512 | Alg::PS512 | Alg::EdDSA | Alg::Ed25519 => Hash::Sha512,
        }
    }

    /// The smallest HMAC key RFC 7518 §3.2 allows: as long as the hash output. Zero for an
    /// algorithm that does not use a shared secret.
    pub fn min_key_len(self) -> usize {
        if !self.is_hmac() {
            return 0;
        }
        match self.hash() {
            Hash::Sha256 => 32,
            Hash::Sha384 => 48,
            Hash::Sha512 => 64,
        }
    }

    /// The names of `algs`, for messages: `HS256, HS384 or HS512`.
    pub fn list(algs: &[Alg]) -> String {
        let names: Vec<&str> = algs.iter().map(|a| a.name()).collect();
        match names.split_last() {
            None => String::new(),
            Some((last, [])) => (*last).to_string(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        }
    }
}

impl FromStr for Alg {
    type Err = String;
    /// Exact, case-sensitive names, as a header's `alg` is compared.
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        Alg::ALL.into_iter().find(|a| a.name() == s).ok_or_else(|| {
            format!(
                "`{s}` is not an algorithm jwtadm uses ({})",
                Alg::list(&Alg::ALL)
            )
        })
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
        assert_eq!("EdDSA".parse::<Alg>().unwrap(), Alg::EdDSA);
        assert!("hs256".parse::<Alg>().is_err());
        assert!("EDDSA".parse::<Alg>().is_err());
        assert!("none".parse::<Alg>().is_err());
    }

    #[test]
    fn every_algorithm_has_one_family_and_hmac_sizes() {
        assert_eq!(Alg::HS512.min_key_len(), 64);
        assert_eq!(Alg::RS256.min_key_len(), 0);
        assert!(Alg::HMAC.iter().all(|a| a.is_hmac()));
        assert!(Alg::ASYMMETRIC.iter().all(|a| !a.is_hmac()));
        assert_eq!(Alg::list(&Alg::HMAC), "HS256, HS384 or HS512");
    }
}
