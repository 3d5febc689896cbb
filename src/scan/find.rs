//! Finding JWT-shaped strings in bytes: no I/O, no verification; what a leaked token looks
//! like wherever it sits (in quotes, after `Bearer `, in a URL's query, in JSON, on a
//! minified line).
//!
//! A candidate is a run of base64url characters and dots (and `=`, which some encoders pad
//! with) that starts with `eyJ`, the base64url of `{"`: a JWS header. Whether it is a token is
//! [`shape`]'s to say.

use memchr::memmem;

/// A JWT-shaped run found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Byte offset in the text.
    pub start: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    pub text: String,
}

/// What a candidate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Three segments: a JWS compact serialization (RFC 7515 §7.1), to decode and verify.
    Compact,
    /// JWT-shaped (a header that decodes to a JSON object) but not three segments: a
    /// truncated or mangled token (`eyJhbGciOiJIUzI1NiJ9...`, `header.payload`).
    Truncated,
    /// Not a token: base64 that happens to start with `eyJ` and does not decode to a header.
    None,
}

fn is_run_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.' || b == b'='
}

/// A token longer than this is not looked at whole (no JWT a client holds is this long); the
/// run is skipped.
pub const MAX_TOKEN: usize = 64 * 1024;

/// Every candidate in `text`, with its line and column.
pub fn candidates(text: &[u8]) -> Vec<Candidate> {
    let finder = memmem::Finder::new(b"eyJ");
    let mut out = Vec::new();
    let mut pos = 0;
    let mut line = 1;
    let mut line_start = 0;
    let mut counted = 0;
    while let Some(i) = finder.find(&text[pos..]) {
        let start = pos + i;
        let mut end = start + 3;
        let mut encoded = false;
        while end < text.len() {
            if is_run_byte(text[end]) {
                end += 1;
            } else if is_encoded_dot(&text[end..]) {
                // `%2E`: a dot a URL encoder escaped (`?token=eyJ…%2EeyJ…%2E…`).
                encoded = true;
                end += 3;
            } else {
                break;
            }
        }
        pos = end;
        let decoded;
        let run = if encoded {
            decoded = decode_dots(&text[start..end]);
            &decoded[..]
        } else {
            &text[start..end]
        };
        // Trailing dots are punctuation after the token (`token.` ending a sentence).
        let run = trim_run(run);
        if run.len() > MAX_TOKEN || !run.contains(&b'.') {
            continue;
        }
        // A run whose first segment is not a JWS header (`monkeyJar.eyJhbGci…`,
        // `eyJunk.eyJhbGci…`) may hold a token after one of its dots: look again from there.
        let first = run.split(|&b| b == b'.').next().unwrap_or_default();
        if !decodes_to_object(&String::from_utf8_lossy(first)) {
            if let Some(dot) = text[start..end]
                .iter()
                .position(|&b| b == b'.' || b == b'%')
            {
                pos = start + dot + 1;
            }
            continue;
        }
        // Lines up to the candidate.
        for nl in memchr::memchr_iter(b'\n', &text[counted..start]) {
            line += 1;
            line_start = counted + nl + 1;
        }
        counted = start;
        let column = String::from_utf8_lossy(&text[line_start..start])
            .chars()
            .count()
            + 1;
        out.push(Candidate {
            start,
            line,
            column,
            // Only ASCII bytes are in a run.
            text: String::from_utf8_lossy(run).into_owned(),
        });
    }
    out
}

/// `run` without the dots that end a sentence after it: a token's last segment (the
/// signature) is never empty in a signed token, but a `header.payload.` of an unsigned one
/// keeps one dot.
fn trim_run(run: &[u8]) -> &[u8] {
    let mut dots = run.iter().filter(|&&b| b == b'.').count();
    let mut end = run.len();
    while end > 0 && run[end - 1] == b'.' && dots > 2 {
        end -= 1;
        dots -= 1;
    }
    // `eyJhIjoxfQ.`: one segment and the full stop of a sentence, not a token's dot.
    if dots == 1 && end > 0 && run[end - 1] == b'.' {
        end -= 1;
    }
    &run[..end]
}

/// Whether `rest` starts with `%2E` or `%2e`, a percent-encoded dot.
fn is_encoded_dot(rest: &[u8]) -> bool {
    rest.len() >= 3 && rest[0] == b'%' && rest[1] == b'2' && rest[2].eq_ignore_ascii_case(&b'e')
}

/// `run` with each `%2E` made a dot again.
fn decode_dots(run: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(run.len());
    let mut i = 0;
    while i < run.len() {
        if is_encoded_dot(&run[i..]) {
            out.push(b'.');
            i += 3;
        } else {
            out.push(run[i]);
            i += 1;
        }
    }
    out
}

/// What `text` (a candidate) is.
///
/// Its first segment must decode to a JSON object, a JWS header: base64 that only starts with
/// `eyJ` (`eyJzzzz.abc.def`, `keyJSON.parse`) is not reported at all.
pub fn shape(text: &str) -> Shape {
    let parts: Vec<&str> = text.split('.').collect();
    if !decodes_to_object(parts[0]) {
        return Shape::None;
    }
    // Three segments, even padded with `=`: decoding says what is wrong with it.
    if parts.len() == 3 && !parts[1].is_empty() {
        Shape::Compact
    } else {
        Shape::Truncated
    }
}

/// Whether a base64url segment (padded or not) decodes to a JSON object.
pub fn decodes_to_object(segment: &str) -> bool {
    use base64::Engine as _;
    let bare = segment.trim_end_matches('=');
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(bare)
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .is_some_and(|v| v.is_object())
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln";

    #[test]
    fn finds_tokens_wherever_they_sit() {
        for (text, col) in [
            (T.to_string(), 1),
            (format!("\"{T}\""), 2),
            (format!("Authorization: Bearer {T}"), 23),
            (format!("https://x/cb?token={T}&state=1"), 20),
            (format!("{{\"a\":\"{T}\"}}"), 7),
            (format!("TOKEN={T}\r\n"), 7),
            (format!("end of a sentence: {T}."), 20),
        ] {
            let c = candidates(text.as_bytes());
            assert_eq!(c.len(), 1, "{text}");
            assert_eq!(c[0].text, T, "{text}");
            assert_eq!((c[0].line, c[0].column), (1, col), "{text}");
        }
    }

    #[test]
    fn lines_and_columns_count_characters() {
        let text = format!("a\nb\r\nüü {T}\nx {T}");
        let c = candidates(text.as_bytes());
        assert_eq!((c[0].line, c[0].column), (3, 4));
        assert_eq!((c[1].line, c[1].column), (4, 3));
    }

    #[test]
    fn shapes() {
        assert_eq!(shape(T), Shape::Compact);
        assert_eq!(
            shape("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9..."),
            Shape::Truncated
        );
        assert_eq!(
            shape("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0"),
            Shape::Truncated
        );
        assert_eq!(shape("eyJzzzz.abc"), Shape::None);
        // Bad base64 in the header: not JWT-shaped, not reported (a decoy, not a finding).
        assert_eq!(shape("eyJzzzz.abc.def"), Shape::None);
        assert_eq!(shape("eyJhbGciOiJIUzI1NiJ9.abc.def"), Shape::Compact);
        assert_eq!(shape(&format!("{T}=")), Shape::Compact);
    }

    #[test]
    fn a_run_without_a_dot_is_not_a_candidate() {
        assert!(candidates(b"eyJhbGciOiJIUzI1NiJ9 and more").is_empty());
    }

    #[test]
    fn a_percent_encoded_dot_is_a_dot() {
        let encoded = T.replace('.', "%2E");
        let text = format!(
            "https://x/cb?token={encoded}&state=1 and {}",
            T.replace('.', "%2e")
        );
        let c = candidates(text.as_bytes());
        assert_eq!(c.len(), 2, "{c:?}");
        assert!(c.iter().all(|c| c.text == T));
        assert_eq!((c[0].line, c[0].column), (1, 20));
    }

    #[test]
    fn a_json_escaped_token_ends_at_the_backslash() {
        let text = format!(r#"{{"config": "{{\"token\":\"{T}\"}}"}}"#);
        let c = candidates(text.as_bytes());
        assert_eq!(c.len(), 1, "{text}");
        assert_eq!(c[0].text, T);
    }

    #[test]
    fn a_header_and_a_full_stop_is_not_a_candidate() {
        assert!(candidates(b"the header is eyJhbGciOiJIUzI1NiJ9. Then").is_empty());
        assert!(candidates(b"blob eyJhIjoxfQ.").is_empty());
    }

    #[test]
    fn a_token_after_a_run_that_is_not_a_header_is_found() {
        for prefix in ["monkeyJar.", "eyJunk.", "keyJSON.parse."] {
            let text = format!("x {prefix}{T} y");
            let c = candidates(text.as_bytes());
            assert_eq!(c.len(), 1, "{text}: {c:?}");
            assert_eq!(c[0].text, T, "{text}");
            assert_eq!(c[0].column, 3 + prefix.len(), "{text}");
        }
    }
}
