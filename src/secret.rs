//! Where a signing secret lives, how its text becomes key bytes, and the type that holds it.
//!
//! A secret is named by a [`SecretSource`](crate::store::SecretSource) (`env:VAR`, `file:PATH`, `dotenv:PATH#KEY`, `stdin`),
//! never by its value: a value on the command line would show in `ps` and in shell history.
//! The bytes are held in a [`Secret`], whose `Debug` is redacted, which has no `Display`, and
//! which is zeroized when dropped.

use std::str::FromStr;

use base64::Engine as _;

use crate::error::{Error, Result};
use crate::keys::hmac::{Secret, hex_lower};

/// How the text of a secret turns into key bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// The string's UTF-8 bytes are the key, as PyJWT and the seeds' server use it.
    #[default]
    Utf8,
    Hex,
    /// Standard base64; padding optional.
    Base64,
    /// URL-safe base64; padding optional.
    Base64Url,
}

impl Encoding {
    pub const NAMES: [&'static str; 4] = ["utf8", "hex", "base64", "base64url"];
    pub const ALL: [Encoding; 4] = [
        Encoding::Utf8,
        Encoding::Hex,
        Encoding::Base64,
        Encoding::Base64Url,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf8",
            Encoding::Hex => "hex",
            Encoding::Base64 => "base64",
            Encoding::Base64Url => "base64url",
        }
    }

    /// Key bytes from the secret's text. The error never quotes the text.
    pub fn decode(self, text: &str) -> std::result::Result<Vec<u8>, String> {
        match self {
            Encoding::Utf8 => Ok(text.as_bytes().to_vec()),
            Encoding::Hex => decode_hex(text),
            Encoding::Base64 | Encoding::Base64Url => {
                let engine = if self == Encoding::Base64 {
                    &base64::engine::general_purpose::STANDARD_NO_PAD
                } else {
                    &base64::engine::general_purpose::URL_SAFE_NO_PAD
                };
                engine
                    .decode(text.trim_end_matches('='))
                    .map_err(|e| match e {
                        base64::DecodeError::InvalidByte(at, _) => {
                            format!("character {} is not {}", at + 1, self.name())
                        }
                        base64::DecodeError::InvalidLength(_) => "its length is not valid".into(),
                        base64::DecodeError::InvalidLastSymbol(at, _) => {
                            format!("its last character ({}) is not valid", at + 1)
                        }
                        base64::DecodeError::InvalidPadding => "its padding is not valid".into(),
                    })
            }
        }
    }

    /// The text form of key bytes in this encoding (the inverse of [`Encoding::decode`]).
    pub fn encode(self, bytes: &[u8]) -> String {
        match self {
            Encoding::Utf8 => String::from_utf8_lossy(bytes).into_owned(),
            Encoding::Hex => hex_lower(bytes),
            Encoding::Base64 => base64::engine::general_purpose::STANDARD.encode(bytes),
            Encoding::Base64Url => base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes),
        }
    }
}

impl FromStr for Encoding {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "utf8" | "utf-8" => Ok(Encoding::Utf8),
            "hex" => Ok(Encoding::Hex),
            "base64" => Ok(Encoding::Base64),
            "base64url" => Ok(Encoding::Base64Url),
            _ => Err(format!(
                "unknown encoding `{s}` (expected utf8, hex, base64 or base64url)"
            )),
        }
    }
}

fn decode_hex(text: &str) -> std::result::Result<Vec<u8>, String> {
    if !text.len().is_multiple_of(2) {
        return Err(format!("it has an odd number of digits ({})", text.len()));
    }
    let digit = |c: u8, at: usize| -> std::result::Result<u8, String> {
        (c as char)
            .to_digit(16)
            .map(|d| d as u8)
            .ok_or_else(|| format!("character {} is not a hex digit", at + 1))
    };
    let b = text.as_bytes();
    (0..b.len() / 2)
        .map(|i| Ok(digit(b[2 * i], 2 * i)? << 4 | digit(b[2 * i + 1], 2 * i + 1)?))
        .collect()
}

/// The secret in use before the last rotation, accepted until `until` (Unix seconds).
#[derive(Debug)]
pub struct Previous {
    pub secret: Secret,
    pub until: i64,
}

/// Fresh key bytes from the operating system's CSPRNG.
pub fn generate(len: usize) -> Result<Secret> {
    use rand::RngCore;
    let mut bytes = vec![0u8; len];
    rand::rngs::OsRng.try_fill_bytes(&mut bytes).map_err(|e| {
        Error::operational(format!(
            "the operating system's random generator failed: {e}"
        ))
    })?;
    Ok(Secret::new(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_decode_and_encode() {
        assert_eq!(Encoding::Utf8.decode("abc").unwrap(), b"abc");
        assert_eq!(Encoding::Hex.decode("00ff10").unwrap(), [0, 255, 16]);
        assert_eq!(
            Encoding::Hex.decode("0G").unwrap_err(),
            "character 2 is not a hex digit"
        );
        assert!(Encoding::Hex.decode("abc").is_err());
        assert_eq!(Encoding::Base64.decode("+/8=").unwrap(), [0xfb, 0xff]);
        assert_eq!(Encoding::Base64.decode("+/8").unwrap(), [0xfb, 0xff]);
        assert_eq!(Encoding::Base64Url.decode("-_8").unwrap(), [0xfb, 0xff]);
        assert!(Encoding::Base64Url.decode("+/8").is_err());
        for enc in [Encoding::Hex, Encoding::Base64, Encoding::Base64Url] {
            let bytes = [1u8, 2, 250, 251, 252, 253, 254, 255];
            assert_eq!(enc.decode(&enc.encode(&bytes)).unwrap(), bytes);
        }
    }

    #[test]
    fn generated_secrets_differ_and_have_the_length_asked() {
        let a = generate(32).unwrap();
        let b = generate(32).unwrap();
        assert_eq!(a.len(), 32);
        assert_ne!(a.expose(), b.expose());
    }
}
