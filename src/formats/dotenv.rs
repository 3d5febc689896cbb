//! dotenv files: `KEY=value` lines, read and rewritten without disturbing anything else.
//!
//! The parser follows python-dotenv: an optional `export `, unquoted values end at ` #`,
//! single quotes take the text as it is, double quotes know `\"`, `\\` and `\n` and may span
//! lines. Every entry records the byte span of its value, so a value can be replaced and every
//! other byte of the file (quote style, inline comment, CRLF, a BOM) kept.

use std::ops::Range;

use super::FormatError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quote {
    None,
    Single,
    Double,
}

/// One `KEY=value` line.
#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    /// The value as a dotenv loader would see it.
    pub value: String,
    /// The bytes of the value in the file, inside any quotes.
    pub span: Range<usize>,
    /// 1-based line of the key.
    pub line: usize,
    pub quote: Quote,
}

/// Every `KEY=value` entry of `text`, in file order. Lines that are not entries (comments,
/// blank lines, lines without `=`) are passed over, as dotenv loaders do; an unterminated
/// quote is an error.
pub fn parse(text: &str) -> Result<Vec<Entry>, FormatError> {
    let b = text.as_bytes();
    let mut entries = Vec::new();
    let mut pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut line = 1;
    while pos < b.len() {
        let line_start = pos;
        let eol = memchr(b'\n', &b[pos..]).map_or(b.len(), |i| pos + i);
        let next_line = (eol + 1).min(b.len());
        pos = skip_blank(b, pos, eol);
        if b[pos..eol].starts_with(b"export") && matches!(b.get(pos + 6), Some(b' ' | b'\t')) {
            pos = skip_blank(b, pos + 6, eol);
        }
        let key_start = pos;
        while pos < eol && (b[pos].is_ascii_alphanumeric() || matches!(b[pos], b'_' | b'.' | b'-'))
        {
            pos += 1;
        }
        let key_end = pos;
        pos = skip_blank(b, pos, eol);
        if key_start == key_end || pos >= eol || b[pos] != b'=' {
            // A comment, a blank line or not an entry at all.
            pos = next_line;
            line += 1;
            continue;
        }
        pos = skip_blank(b, pos + 1, eol);
        let key = text[key_start..key_end].to_string();
        let column = |at: usize| text[line_start..at].chars().count() + 1;
        match b.get(pos) {
            Some(&q @ (b'"' | b'\'')) => {
                let start = pos + 1;
                let (value, close) = quoted_value(text, start, q).ok_or_else(|| {
                    FormatError::new(
                        line,
                        column(pos),
                        format!(
                            "the value of {key} opens a {} quote that is never closed",
                            if q == b'"' { "double" } else { "single" }
                        ),
                    )
                })?;
                let quote = if q == b'"' {
                    Quote::Double
                } else {
                    Quote::Single
                };
                entries.push(Entry {
                    key,
                    value,
                    span: start..close,
                    line,
                    quote,
                });
                // A quoted value may span lines: continue after the closing quote's line.
                let lines_spanned = b[start..close].iter().filter(|&&c| c == b'\n').count();
                line += lines_spanned;
                let eol = memchr(b'\n', &b[close..]).map_or(b.len(), |i| close + i);
                pos = (eol + 1).min(b.len());
                line += 1;
            }
            _ => {
                let start = pos;
                let mut end = eol;
                // An inline comment starts at a `#` that follows white space.
                let mut i = start;
                while i < eol {
                    if b[i] == b'#' && i > start && matches!(b[i - 1], b' ' | b'\t') {
                        end = i;
                        break;
                    }
                    i += 1;
                }
                while end > start && matches!(b[end - 1], b' ' | b'\t' | b'\r') {
                    end -= 1;
                }
                entries.push(Entry {
                    key,
                    value: text[start..end].to_string(),
                    span: start..end,
                    line,
                    quote: Quote::None,
                });
                pos = next_line;
                line += 1;
            }
        }
    }
    Ok(entries)
}

/// The value of a `q`-quoted dotenv value whose text starts at byte `start` of `text`, and the
/// byte of its closing quote; `None` when the quote is never closed.
fn quoted_value(text: &str, start: usize, q: u8) -> Option<(String, usize)> {
    let b = text.as_bytes();
    let mut i = start;
    let mut value = String::new();
    loop {
        match b.get(i) {
            None => return None,
            Some(&c) if c == q => return Some((value, i)),
            Some(b'\\') if q == b'"' && i + 1 < b.len() => {
                let escaped = match b[i + 1] {
                    b'n' => Some('\n'),
                    b'r' => Some('\r'),
                    b't' => Some('\t'),
                    b'"' => Some('"'),
                    b'\\' => Some('\\'),
                    _ => None,
                };
                match escaped {
                    Some(c) => {
                        value.push(c);
                        i += 2;
                    }
                    // Not an escape: the backslash is itself, and what follows (perhaps a
                    // multi-byte character) is read on the next turn.
                    None => {
                        value.push('\\');
                        i += 1;
                    }
                }
            }
            Some(_) => {
                let ch = text[i..].chars().next().unwrap_or('\u{fffd}');
                value.push(ch);
                i += ch.len_utf8();
            }
        }
    }
}

fn skip_blank(b: &[u8], mut pos: usize, end: usize) -> usize {
    while pos < end && matches!(b[pos], b' ' | b'\t') {
        pos += 1;
    }
    pos
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&c| c == needle)
}

/// The entries named `key`; more than one is an ambiguous target.
pub fn find<'a>(entries: &'a [Entry], key: &str) -> Result<Option<&'a Entry>, FormatError> {
    let mut found = entries.iter().filter(|e| e.key == key);
    let first = found.next();
    if let (Some(a), Some(b)) = (first, found.next()) {
        return Err(FormatError::new(
            b.line,
            1,
            format!(
                "{key} is set twice (lines {} and {}); remove one so it is clear which to rewrite",
                a.line, b.line
            ),
        ));
    }
    Ok(first)
}

/// Whether `value` can stand unquoted on a dotenv line and read back as itself.
/// A `$` is not: python-dotenv and docker compose expand `${VAR}` in unquoted and
/// double-quoted values.
fn is_plain(value: &str) -> bool {
    !value.is_empty() && !value.contains([' ', '\t', '#', '"', '\'', '\\', '\n', '\r', '$'])
}

/// `value` quoted so that every dotenv loader reads it back as itself: single quotes (taken
/// literally, `$` included) when it has no single quote or line break, else double quotes.
fn quoted(value: &str) -> String {
    if value.contains(['\'', '\n', '\r']) {
        double_quoted(value)
    } else {
        format!("'{value}'")
    }
}

fn double_quoted(value: &str) -> String {
    let mut s = String::with_capacity(value.len() + 2);
    s.push('"');
    for c in value.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

/// `text` with `key` set to `value`: the value's bytes replaced where the key is (in its own
/// quote style when the value allows, else double-quoted), or a `KEY=value` line appended
/// with the file's own line ending where it is not.
pub fn set(text: &str, key: &str, value: &str) -> Result<String, FormatError> {
    let entries = parse(text)?;
    if let Some(entry) = find(&entries, key)? {
        let (span, replacement) = match entry.quote {
            Quote::Double if !value.contains('$') => (
                entry.span.clone(),
                double_quoted(value)[1..].trim_end_matches('"').to_string(),
            ),
            // A `$` inside double quotes would be expanded by the loaders: single quotes.
            Quote::Double => (entry.span.start - 1..entry.span.end + 1, quoted(value)),
            Quote::Single if !value.contains(['\'', '\n']) => {
                (entry.span.clone(), value.to_string())
            }
            Quote::None if is_plain(value) => (entry.span.clone(), value.to_string()),
            // The value cannot keep the old style: quote it afresh, replacing the old quotes.
            Quote::Single => (
                entry.span.start - 1..entry.span.end + 1,
                double_quoted(value),
            ),
            Quote::None => (entry.span.clone(), quoted(value)),
        };
        let mut out = String::with_capacity(text.len() + value.len());
        out.push_str(&text[..span.start]);
        out.push_str(&replacement);
        out.push_str(&text[span.end..]);
        return Ok(out);
    }
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = String::with_capacity(text.len() + key.len() + value.len() + 5);
    out.push_str(text);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(eol);
    }
    out.push_str(key);
    out.push('=');
    if is_plain(value) {
        out.push_str(value);
    } else {
        out.push_str(&quoted(value));
    }
    out.push_str(eol);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_with_a_dollar_is_single_quoted_where_loaders_would_expand_it() {
        assert_eq!(set("A=\"x\"\n", "A", "a$b").unwrap(), "A='a$b'\n");
        assert_eq!(set("A=x\n", "A", "${HOME}").unwrap(), "A='${HOME}'\n");
        assert_eq!(set("", "A", "p$q").unwrap(), "A='p$q'\n");
        assert_eq!(set("A='x'\n", "A", "a$b").unwrap(), "A='a$b'\n");
        for text in ["A=\"x\"\n", "A=x\n", ""] {
            let out = set(text, "A", "it's $5").unwrap();
            assert_eq!(values(&out), [("A".to_string(), "it's $5".to_string())]);
        }
    }

    fn values(text: &str) -> Vec<(String, String)> {
        parse(text)
            .unwrap()
            .into_iter()
            .map(|e| (e.key, e.value))
            .collect()
    }

    #[test]
    fn parses_the_forms_dotenv_loaders_accept() {
        let text = "\u{feff}# comment\nA=1\nexport B = \"two # not a comment\"  # comment\r\nC='it''s'\nD=plain # comment\nE=\"multi\nline\"\nF=\nnot an entry\n\tG\t=\tx\t\n";
        assert_eq!(
            values(text),
            [
                ("A", "1"),
                ("B", "two # not a comment"),
                ("C", "it"),
                ("D", "plain"),
                ("E", "multi\nline"),
                ("F", ""),
                ("G", "x"),
            ]
            .map(|(k, v)| (k.to_string(), v.to_string()))
        );
        let e = &parse(text).unwrap()[6];
        assert_eq!(e.line, 10);
    }

    #[test]
    fn a_backslash_before_a_multibyte_character_is_kept() {
        // Found by the patch_dotenv fuzz target: this used to slice inside the BOM character.
        assert_eq!(
            values("A=\"x\\\u{feff}y\\q\"\n"),
            [("A".into(), "x\\\u{feff}y\\q".into())]
        );
    }

    #[test]
    fn crlf_is_not_part_of_a_value() {
        assert_eq!(
            values("A=1\r\nB=2\r\n"),
            [("A".into(), "1".into()), ("B".into(), "2".into())]
        );
    }

    #[test]
    fn unterminated_quote_names_the_line() {
        let err = parse("A=1\nB=\"open\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("never closed"));
    }

    #[test]
    fn set_replaces_only_the_value() {
        let text = "\u{feff}# keep\r\nexport TOKEN=\"old\"  # inline\r\nOTHER='x'\r\n";
        assert_eq!(
            set(text, "TOKEN", "new").unwrap(),
            "\u{feff}# keep\r\nexport TOKEN=\"new\"  # inline\r\nOTHER='x'\r\n"
        );
        assert_eq!(set("A=1", "B", "2").unwrap(), "A=1\nB=2\n");
        assert_eq!(set("A=1\r\n", "B", "2").unwrap(), "A=1\r\nB=2\r\n");
        assert_eq!(set("", "B", "2").unwrap(), "B=2\n");
    }

    #[test]
    fn values_that_need_quotes_get_them_and_read_back() {
        for (text, value) in [
            ("A=old\n", "has space # and \"quotes\" and \\"),
            ("A='old'\n", "it's"),
            ("A=\"old\"\n", "a\"b"),
            ("", "x y"),
            ("A=old\n", "line\nbreak"),
        ] {
            let out = set(text, "A", value).unwrap();
            let back = parse(&out).unwrap();
            assert_eq!(
                back.iter().find(|e| e.key == "A").unwrap().value,
                value,
                "{out:?}"
            );
        }
    }

    #[test]
    fn a_key_set_twice_is_ambiguous() {
        let err = set("A=1\nA=2\n", "A", "3").unwrap_err();
        assert!(err.message.contains("lines 1 and 2"), "{}", err.message);
    }
}
