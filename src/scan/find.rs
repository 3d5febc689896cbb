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
        while end < text.len() && is_run_byte(text[end]) {
            end += 1;
        }
        pos = end;
        let run = &text[start..end];
        // Trailing dots and `=` are punctuation after the token (`token.` ending a sentence).
        let run = trim_run(run);
        if run.len() > MAX_TOKEN || !run.contains(&b'.') {
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
    &run[..end]
}

/// What `text` (a candidate) is.
pub fn shape(text: &str) -> Shape {
    let parts: Vec<&str> = text.split('.').collect();
    if parts.len() == 3 && !parts[1].is_empty() && !text.contains('=') {
        return Shape::Compact;
    }
    if decodes_to_object(parts[0]) {
        Shape::Truncated
    } else {
        Shape::None
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
        assert_eq!(shape("eyJzzzz.abc.def"), Shape::Compact);
    }

    #[test]
    fn a_run_without_a_dot_is_not_a_candidate() {
        assert!(candidates(b"eyJhbGciOiJIUzI1NiJ9 and more").is_empty());
    }
}
