//! The compact serialization (RFC 7515 §7.1): taking a token apart with errors that say what is
//! wrong and where, and cleaning up a token as users paste it.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// A token taken apart, not verified.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub header: Map<String, Value>,
    pub claims: Map<String, Value>,
    /// `header.payload`, the bytes the signature covers.
    pub signing_input: String,
    /// The third segment as it was.
    pub signature: String,
}

impl Decoded {
    /// The header's `alg`, if it is a string.
    pub fn alg(&self) -> Option<&str> {
        self.header.get("alg").and_then(Value::as_str)
    }
}

/// Clean up a token as users paste it: surrounding white space and a `Bearer ` prefix.
pub fn clean(input: &str) -> &str {
    let t = input.trim();
    match t.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("bearer ") => t[7..].trim_start(),
        _ => t,
    }
}

const SEGMENTS: [&str; 3] = ["header", "payload", "signature"];

/// Take a compact JWS apart. Every error says what is wrong and where; none panics.
pub fn decode(token: &str) -> Result<Decoded> {
    if token.is_empty() {
        return Err(Error::rejected("the token is empty"));
    }
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 {
        let mut msg = format!(
            "a JWT has 3 segments separated by dots (header.payload.signature); this one has {}",
            parts.len()
        );
        if parts.len() == 5 {
            msg.push_str(": it looks like an encrypted JWE, which jwtadm does not read");
        }
        return Err(Error::rejected(msg));
    }
    let mut offset = 0;
    let mut decoded: Vec<Vec<u8>> = Vec::with_capacity(3);
    for (i, part) in parts.iter().enumerate() {
        decoded.push(decode_segment(part, SEGMENTS[i], offset)?);
        offset += part.len() + 1;
    }
    let header = json_object(&decoded[0], "header")?;
    let claims = json_object(&decoded[1], "payload")?;
    Ok(Decoded {
        header,
        claims,
        signing_input: token[..parts[0].len() + 1 + parts[1].len()].to_string(),
        signature: parts[2].to_string(),
    })
}

fn decode_segment(part: &str, name: &str, offset: usize) -> Result<Vec<u8>> {
    if let Some((i, c)) = part
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
    {
        let what = match c {
            '=' => "padding `=`, which JWTs leave out".to_string(),
            '+' | '/' => format!("`{c}`, which is standard base64, not base64url"),
            c if c.is_whitespace() || c.is_control() => {
                format!("a white-space or control character (U+{:04X})", c as u32)
            }
            c => format!("`{c}`"),
        };
        return Err(Error::rejected(format!(
            "the {name} segment is not unpadded base64url: character {} of the token is {what}",
            offset + part[..i].chars().count() + 1
        )));
    }
    if part.is_empty() && name != "signature" {
        return Err(Error::rejected(format!("the {name} segment is empty")));
    }
    URL_SAFE_NO_PAD.decode(part).map_err(|e| {
        let why = match e {
            base64::DecodeError::InvalidLength(_) => format!("its length ({}) is not a possible base64url length", part.len()),
            base64::DecodeError::InvalidLastSymbol(i, _) => {
                format!("its last character (character {} of the token) has bits set that base64url leaves zero", offset + i + 1)
            }
            other => other.to_string(),
        };
        Error::rejected(format!("the {name} segment is not valid base64url: {why}"))
    })
}

fn json_object(bytes: &[u8], name: &str) -> Result<Map<String, Value>> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Error::rejected(format!(
            "the {name} is not UTF-8: byte {} of the decoded {name} is 0x{:02x}",
            e.valid_up_to() + 1,
            bytes[e.valid_up_to()]
        ))
    })?;
    let value: Value = serde_json::from_str(text).map_err(|e| {
        Error::rejected(format!(
            "the {name} is not JSON: {} at line {}, column {} of the decoded {name}",
            strip_position(&e),
            e.line(),
            e.column()
        ))
    })?;
    let kind = match &value {
        Value::Object(_) => None,
        Value::Array(_) => Some("an array"),
        Value::String(_) => Some("a string"),
        Value::Number(_) => Some("a number"),
        Value::Bool(_) => Some("a boolean"),
        Value::Null => Some("null"),
    };
    if let Some(kind) = kind {
        return Err(Error::rejected(format!(
            "the {name} is JSON but not an object: it is {kind}"
        )));
    }
    // RFC 7519 §4 lets a parser reject duplicate member names; jwtadm does, rather than let the
    // last one silently win.
    serde_json::from_str::<UniqueMap>(text)
        .map(|m| m.0)
        .map_err(|e| Error::rejected(format!("the {name} is ambiguous: {}", strip_position(&e))))
}

fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.find(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Parse `text` as a JSON object whose member names are all different (RFC 7519 §4 lets a
/// parser reject duplicates; jwtadm does, rather than let the last one silently win).
pub fn unique_object(text: &str) -> std::result::Result<Map<String, Value>, String> {
    serde_json::from_str::<UniqueMap>(text)
        .map(|m| m.0)
        .map_err(|e| {
            if e.is_eof() {
                "it ends before the object does (or is empty)".to_string()
            } else {
                strip_position(&e)
            }
        })
}

/// A JSON object whose member names are all different.
struct UniqueMap(Map<String, Value>);

impl<'de> Deserialize<'de> for UniqueMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = UniqueMap;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut access: A,
            ) -> std::result::Result<UniqueMap, A::Error> {
                let mut map = Map::new();
                while let Some(key) = access.next_key::<String>()? {
                    if map.contains_key(&key) {
                        return Err(serde::de::Error::custom(format!(
                            "member \"{key}\" appears twice"
                        )));
                    }
                    let value = access.next_value()?;
                    map.insert(key, value);
                }
                Ok(UniqueMap(map))
            }
        }
        d.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> String {
        URL_SAFE_NO_PAD.encode(s)
    }

    #[test]
    fn bearer_and_white_space_are_cleaned() {
        assert_eq!(clean("  Bearer abc.def.ghi\n"), "abc.def.ghi");
        assert_eq!(clean("bearer   abc"), "abc");
        assert_eq!(clean("abc"), "abc");
    }

    #[test]
    fn malformed_tokens_say_what_and_where() {
        let h = b64(r#"{"alg":"HS256"}"#);
        let p = b64(r#"{"sub":"a"}"#);
        let cases: Vec<(String, &str)> = vec![
            (String::new(), "empty"),
            ("a.b".into(), "this one has 2"),
            ("a.b.c.d.e".into(), "JWE"),
            (
                format!("{h}=.{p}.sig"),
                "character 21 of the token is padding",
            ),
            (format!("{h}.{p}+.sig"), "standard base64"),
            (format!("{h}.eyJhY.sig"), "length (5)"),
            (
                format!("{}.{p}.sig", URL_SAFE_NO_PAD.encode([0xff, 0xfe])),
                "not UTF-8: byte 1",
            ),
            (
                format!("{}.{p}.sig", b64("{not json")),
                "header is not JSON",
            ),
            (
                format!("{h}.{}.sig", b64("[1]")),
                "not an object: it is an array",
            ),
            (
                format!("{h}.{}.sig", b64(r#"{"a":1,"a":2}"#)),
                "\"a\" appears twice",
            ),
            (format!(".{p}.sig"), "header segment is empty"),
        ];
        for (token, expected) in cases {
            let err = decode(&token).unwrap_err();
            assert_eq!(err.exit(), crate::error::Exit::Rejected, "{token}");
            assert!(err.to_string().contains(expected), "{token}: {err}");
        }
    }

    #[test]
    fn decoding_never_panics_on_odd_input() {
        for token in [
            "..",
            "...",
            "\u{fffd}.\u{fffd}.\u{fffd}",
            "e30.e30.",
            "e30.e30.A",
            "é.é.é",
            "e30.e30.e30.",
            "\0",
        ] {
            let _ = decode(token);
        }
        assert!(decode("e30.e30.").is_ok());
    }
}
