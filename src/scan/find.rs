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
    let mut search = Search::new();
    search.feed(text, true);
    search.into_candidates()
}

/// The search of one text that arrives in pieces (a file read a chunk at a time): it finds
/// what [`candidates`] finds in the whole text, with the same lines and columns, while the
/// caller holds only a window of it.
///
/// The caller passes a window (the bytes it kept from the last call, then new ones) to
/// [`Search::feed`], which searches it and says how many of its first bytes are done with; the
/// caller drops those and keeps the rest for the next call. What is kept: a candidate whose
/// run reaches the window's end (at most [`MAX_TOKEN`] bytes and its trailing dots; a longer
/// run is skipped to its end, as [`candidates`] skips it), or else the last few bytes (the start
/// of an `eyJ` the next bytes may complete, and the bytes of an unfinished UTF-8 character).
pub struct Search {
    finder: memmem::Finder<'static>,
    found: Vec<Candidate>,
    /// Where the window starts in the text.
    base: usize,
    /// The line at `counted`, and where it starts.
    line: usize,
    line_start: usize,
    /// The newlines before this offset are counted in `line`.
    counted: usize,
    /// The characters of the current line before `col_at` (at or after `line_start`).
    col_at: usize,
    col_chars: usize,
    /// The window starts inside a run too long to be a token: skip to its end.
    skipping: bool,
}

impl Default for Search {
    fn default() -> Self {
        Self::new()
    }
}

impl Search {
    pub fn new() -> Self {
        Search {
            finder: memmem::Finder::new(b"eyJ"),
            found: Vec::new(),
            base: 0,
            line: 1,
            line_start: 0,
            counted: 0,
            col_at: 0,
            col_chars: 0,
            skipping: false,
        }
    }

    /// The candidates found so far.
    pub fn into_candidates(self) -> Vec<Candidate> {
        self.found
    }

    /// Search `w`, the text from where the last call's kept bytes start; `last` when the text
    /// ends with it. Returns how many of `w`'s first bytes are done with (all of them when
    /// `last`): the next call's window starts with the rest.
    pub fn feed(&mut self, w: &[u8], last: bool) -> usize {
        let mut pos = 0;
        if self.skipping {
            while pos < w.len() && is_run_byte(w[pos]) {
                pos += 1;
            }
            if pos == w.len() && !last {
                // All of it is the long run still (ASCII: a place to split).
                return self.consume(w, w.len());
            }
            self.skipping = false;
        }
        while let Some(i) = self.finder.find(&w[pos..]) {
            let start = pos + i;
            let mut end = start + 3;
            let mut encoded = false;
            while end < w.len() {
                if is_run_byte(w[end]) {
                    end += 1;
                } else if is_encoded_dot(&w[end..]) {
                    // `%2E`: a dot a URL encoder escaped (`?token=eyJ…%2EeyJ…%2E…`).
                    encoded = true;
                    end += 3;
                } else if !last
                    && w.len() - end < 3
                    && b"%2E"[..w.len() - end].eq_ignore_ascii_case(&w[end..])
                {
                    // The start of a `%2E` the next bytes may complete.
                    end = w.len();
                } else {
                    break;
                }
            }
            if end == w.len() && !last {
                // The run may go on in the next window. Past MAX_TOKEN bytes, a byte that is
                // not a dot stays in it whatever follows (only trailing dots are trimmed): too
                // long to be a token, so skip to its end.
                if w[(start + MAX_TOKEN).min(end)..].iter().any(|&b| b != b'.') {
                    self.skipping = true;
                    return self.consume(w, w.len());
                }
                return self.consume(w, start);
            }
            pos = end;
            // Decide on the whole run once: each `eyJ` inside it ends where it ends, and the
            // search goes on after it (looking at the run again for each would be quadratic).
            let decoded;
            let whole = if encoded {
                decoded = decode_dots(&w[start..end]);
                &decoded[..]
            } else {
                &w[start..end]
            };
            let whole = trim_run(whole);
            if whole.len() > MAX_TOKEN || !whole.contains(&b'.') {
                continue;
            }
            // The token starts at the first `eyJ` whose first segment is a JWS header: a run
            // whose first segment is not one (`keyJwt=eyJhbGci…`, `eyJunk.eyJhbGci…`,
            // `monkeyJar.eyJhbGci…`) may hold a token after it.
            let mut at = start;
            let token = loop {
                let seg = at + first_segment(&w[at..end]);
                if decodes_to_object(&String::from_utf8_lossy(&w[at..seg])) {
                    break Some(at);
                }
                match self.finder.find(&w[at + 1..end]) {
                    Some(i) => at = at + 1 + i,
                    None => break None,
                }
            };
            let Some(at) = token else {
                continue;
            };
            let decoded;
            let run = if encoded {
                decoded = decode_dots(&w[at..end]);
                &decoded[..]
            } else {
                &w[at..end]
            };
            // Trailing dots are punctuation after the token (`token.` ending a sentence).
            let run = trim_run(run);
            if !run.contains(&b'.') {
                continue;
            }
            self.advance(w, at);
            self.found.push(Candidate {
                start: self.base + at,
                line: self.line,
                column: self.col_chars + 1,
                // Only ASCII bytes are in a run.
                text: String::from_utf8_lossy(run).into_owned(),
            });
        }
        if last {
            return w.len();
        }
        // Keep the last two bytes (`ey` of an `eyJ` the next bytes complete), no byte before
        // `pos` (inside a run already searched), and split where UTF-8 decoding is between
        // characters, so that columns count the same as in one piece.
        let mut k = w.len().saturating_sub(2).max(pos.min(w.len()));
        while !splittable(w, k) {
            k -= 1;
        }
        self.consume(w, k)
    }

    /// Count lines and the current line's characters up to `to` (an offset in `w`).
    fn advance(&mut self, w: &[u8], to: usize) {
        let from = self.counted - self.base;
        let between = &w[from..to];
        if let Some(nl) = memchr::memrchr(b'\n', between) {
            self.line += between.iter().filter(|&&b| b == b'\n').count();
            self.line_start = self.base + from + nl + 1;
        }
        self.counted = self.base + to;
        if self.line_start > self.col_at {
            self.col_at = self.line_start;
            self.col_chars = 0;
        }
        self.col_chars += String::from_utf8_lossy(&w[self.col_at - self.base..to])
            .chars()
            .count();
        self.col_at = self.base + to;
    }

    /// Done with `w[..k]`: count what is in it, and start the next window at `k`.
    fn consume(&mut self, w: &[u8], k: usize) -> usize {
        self.advance(w, k);
        self.base += k;
        k
    }
}

/// Whether a text split at `w[k]` decodes (lossily, as columns are counted) to the characters
/// of its two parts: the decoder is between characters there. So it is after an ASCII byte,
/// before a byte that does not continue a character, or after four continuation bytes (a
/// character has at most three: the last was a stray one).
fn splittable(w: &[u8], k: usize) -> bool {
    let cont = |b: u8| b & 0xC0 == 0x80;
    k == 0
        || w[k - 1].is_ascii()
        || (k < w.len() && !cont(w[k]))
        || (k >= 4 && w[k - 4..k].iter().all(|&b| cont(b)))
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

/// The length of the first segment of `run`: up to its first dot, plain or `%2E`.
fn first_segment(run: &[u8]) -> usize {
    // `%` is in a run only as the start of a `%2E`.
    memchr::memchr2(b'.', b'%', run).unwrap_or(run.len())
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
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    // A long segment whose start is not the start of a JSON object is not one: said without
    // decoding all of it (a run may hold many `eyJ`s, each looked at).
    const PREFIX: usize = 256;
    if let Some(head) = bare.get(..PREFIX).filter(|_| bare.len() > PREFIX) {
        let start_ok = engine.decode(head).is_ok_and(|b| {
            serde_json::from_slice::<serde_json::Value>(&b)
                .err()
                .is_none_or(|e| e.is_eof())
        });
        if !start_ok {
            return false;
        }
    }
    engine
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

    /// The whole text searched at once: what the pieces must match.
    fn reference(text: &[u8]) -> Vec<Candidate> {
        candidates(text)
    }

    /// `text` fed to a [`Search`] `chunk` new bytes at a time, as a file is read.
    fn in_pieces(text: &[u8], chunk: usize) -> Vec<Candidate> {
        let mut search = Search::new();
        let mut window = Vec::new();
        let mut at = 0;
        loop {
            let n = chunk.min(text.len() - at);
            window.extend_from_slice(&text[at..at + n]);
            at += n;
            let last = at == text.len();
            let done = search.feed(&window, last);
            if last {
                break;
            }
            window.drain(..done);
            // What is kept is bounded: a token's run, or a few bytes.
            assert!(
                window.len() <= MAX_TOKEN + 8 + chunk,
                "kept {}",
                window.len()
            );
        }
        search.into_candidates()
    }

    fn same_everywhere(text: &[u8], chunks: &[usize]) {
        let want = reference(text);
        assert_eq!(
            candidates(text),
            want,
            "{:?}",
            String::from_utf8_lossy(text)
        );
        for &c in chunks {
            assert_eq!(
                in_pieces(text, c),
                want,
                "chunk {c}: {:?}",
                String::from_utf8_lossy(text)
            );
        }
    }

    #[test]
    fn in_pieces_it_finds_what_it_finds_whole() {
        // Pieces that meet at every kind of edge: an `eyJ` split, a run or a line going on,
        // multi-byte characters (and broken ones) split, trailing dots, `=`.
        let pieces: [&[u8]; 24] = [
            b"eyJ",
            b"ey",
            b"J",
            b"e",
            b".",
            b"..",
            b"=",
            b"aZ9",
            b"-_",
            b" ",
            b"\n",
            b"\r\n",
            "ü".as_bytes(),
            "€".as_bytes(),
            "😀".as_bytes(),
            b"\xC3",
            b"\x80",
            b"\xF0\x90",
            b"\xE2\x82",
            b"\"",
            T.as_bytes(),
            b"eyJhbGciOiJIUzI1NiJ9..",
            b"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0",
            b"Bearer ",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..3000 {
            let n = (next() % 60) as usize;
            let mut text = Vec::new();
            for _ in 0..n {
                text.extend_from_slice(pieces[(next() % pieces.len() as u64) as usize]);
            }
            same_everywhere(&text, &[1, 2, 3, 4, 5, 7, 16, 64]);
        }
    }

    #[test]
    fn in_pieces_a_run_too_long_is_skipped_to_its_end() {
        // A run of MAX_TOKEN and more after `eyJ`, with dots (and an `eyJ`) in it, then tokens.
        for extra in [0, 1, 2, 5, 100] {
            for tail in ["", "...", ".x", "eyJ.x"] {
                let mut text = format!("x {T} y eyJ");
                text.push_str(&"a.b".repeat((MAX_TOKEN + extra) / 3));
                text.push_str(tail);
                text.push_str(&format!(" ü {T}\n{T}"));
                let found = reference(text.as_bytes());
                assert_eq!(found.len(), 3, "{extra} {tail}");
                same_everywhere(
                    text.as_bytes(),
                    &[1000, 4096, 65536, MAX_TOKEN + 3, 256 * 1024],
                );
            }
        }
        // Exactly MAX_TOKEN long: a (long) candidate still.
        let mut text = String::from("eyJhbGciOiJIUzI1NiJ9.");
        text.push_str(&"a".repeat(MAX_TOKEN - 21));
        text.push(' ');
        assert_eq!(reference(text.as_bytes()).len(), 1);
        same_everywhere(text.as_bytes(), &[100, 4096, MAX_TOKEN - 1]);
    }

    #[test]
    fn columns_on_a_long_line_in_pieces() {
        // A minified line: many tokens, multi-byte characters between them.
        let mut text = String::new();
        for i in 0..200 {
            text.push_str(&format!("var ä{i}=\"{T}\";€"));
        }
        let found = candidates(text.as_bytes());
        assert_eq!(found.len(), 200);
        assert_eq!(
            found[1].column,
            "var ä0=\"".chars().count() + T.len() + 3 + "var ä1=\"".chars().count() + 1
        );
        same_everywhere(text.as_bytes(), &[3, 17, 1000]);
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
        for prefix in [
            "monkeyJar.",
            "eyJunk.",
            "keyJSON.parse.",
            // In the same run, no dot between (found by the fifteenth red team).
            "keyJwt=",
            "surveyJ_",
            "eyJeyJ-",
            "keyJ",
        ] {
            let text = format!("x {prefix}{T} y");
            let c = candidates(text.as_bytes());
            assert_eq!(c.len(), 1, "{text}: {c:?}");
            assert_eq!(c[0].text, T, "{text}");
            assert_eq!(c[0].column, 3 + prefix.len(), "{text}");
            same_everywhere(text.as_bytes(), &[1, 2, 3, 5, 8, 13]);
        }
    }

    #[test]
    fn many_eyj_in_one_run_are_looked_at_in_linear_time() {
        // Short segments, and one long segment of `eyJ`s: each `eyJ` once, not the run again.
        for (unit, n) in [("eyJa.", 12_000), ("eyJ", 20_000)] {
            let text = format!("{}.x {T}", unit.repeat(n));
            let started = std::time::Instant::now();
            let c = candidates(text.as_bytes());
            assert_eq!(c.len(), 1);
            assert!(
                started.elapsed() < std::time::Duration::from_secs(5),
                "{unit}: {:?}",
                started.elapsed()
            );
        }
    }
}
