//! Output: data on stdout as tables or JSON, diagnostics on stderr, colour only on a terminal
//! and never with `NO_COLOR`, tables that fit 80 columns, and a closed pipe that ends the
//! command quietly.
//!
//! Text for people is never raw bytes: it is a [`Text`] of segments, each with an optional
//! [`Tone`], or a table of [`Cell`]s with their tones. Every segment's and cell's text goes
//! through [`escape`] when it is rendered, so a control character that came from data (a
//! token's claim, a config file's server name, a file name) is shown as `\u{1b}` and never
//! reaches the terminal; only the renderers here emit colour codes. `-o json` is exact.

use std::borrow::Cow;
use std::io::{IsTerminal, Write};

use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

use crate::error::{Error, Result};

/// Whether `c` is shown escaped in text for people: C0 controls, DEL, C1 controls (U+0080 to
/// U+009F), and the invisible formatting characters that reorder or break what a terminal shows
/// (the bidirectional marks, embeddings, overrides and isolates, U+061C, and the Unicode line
/// and paragraph separators).
pub fn is_hidden_control(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// `text` made safe to show on a terminal: every character [`is_hidden_control`] says is
/// hidden is written as Rust writes it in a string, `\u{1b}` (lowercase hex, no leading
/// zeros), so that it is visible and cannot act. `keep_newlines` keeps `\n` where text is
/// meant to span lines; `\r` and every other control are always escaped.
pub fn escape(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let hidden = |c: char| is_hidden_control(c) && !(keep_newlines && c == '\n');
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut s = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            s.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            s.push(c);
        }
    }
    Cow::Owned(s)
}

/// How data is printed: `-o table` (for people) or `-o json` (for scripts; stable).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Table,
    Json,
}

/// The colour a piece of text for people is shown in, when the output takes colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Good,
    Bad,
    Late,
    Dim,
}

impl Tone {
    /// The SGR parameter of this tone.
    fn sgr(self) -> &'static str {
        match self {
            Tone::Good => "32",
            Tone::Bad => "31",
            Tone::Late => "33",
            Tone::Dim => "2",
        }
    }
}

/// One piece of a [`Text`].
#[derive(Debug, Clone)]
enum Part {
    /// Text, escaped when rendered; its `\n`s kept when the flag says so.
    Plain(String, bool),
    /// A short text on one line, escaped and then coloured when rendered.
    Toned(String, Tone),
    /// A table already rendered here from escaped cells: its only controls are the colour codes
    /// this module put there. Only this module makes one.
    Rendered(String),
}

/// Text for people, made of segments with optional tones. Its text cannot carry a control
/// character to the terminal: the renderer escapes each segment (keeping `\n`) and adds the
/// colour codes itself.
#[derive(Debug, Clone, Default)]
pub struct Text {
    parts: Vec<Part>,
}

impl Text {
    pub fn new() -> Self {
        Text::default()
    }

    /// Append plain text, whose line breaks are kept: jwtadm's own text, or text meant to span
    /// lines.
    pub fn push(&mut self, text: impl Into<String>) -> &mut Self {
        self.parts.push(Part::Plain(text.into(), true));
        self
    }

    /// Append a value from data (a claim, a server name, a path) on one line: a line break in
    /// it is shown as `\u{a}`, so that it cannot start a line that looks like jwtadm's own.
    pub fn value(&mut self, text: impl Into<String>) -> &mut Self {
        self.parts.push(Part::Plain(text.into(), false));
        self
    }

    /// Append text in `tone`, on one line.
    pub fn tone(&mut self, text: impl Into<String>, tone: Tone) -> &mut Self {
        self.parts.push(Part::Toned(text.into(), tone));
        self
    }

    /// Append another text.
    pub fn append(&mut self, other: Text) -> &mut Self {
        self.parts.extend(other.parts);
        self
    }

    /// Text in `tone`.
    pub fn toned(text: impl Into<String>, tone: Tone) -> Self {
        let mut t = Text::new();
        t.tone(text, tone);
        t
    }

    /// Drop the line breaks at the end.
    pub fn trim_end_newlines(&mut self) {
        while let Some(last) = self.parts.last_mut() {
            let (Part::Plain(t, _) | Part::Toned(t, _) | Part::Rendered(t)) = last;
            let trimmed = t.trim_end_matches('\n').len();
            t.truncate(trimmed);
            if !t.is_empty() {
                break;
            }
            self.parts.pop();
        }
    }

    /// The text as the terminal gets it: escaped, and coloured when `color`.
    pub fn render(&self, color: bool) -> String {
        let mut s = String::new();
        for p in &self.parts {
            match p {
                Part::Plain(t, keep_newlines) => s.push_str(&escape(t, *keep_newlines)),
                Part::Toned(t, tone) if color && !t.is_empty() => {
                    s.push_str(&format!("\x1b[{}m{}\x1b[0m", tone.sgr(), escape(t, false)));
                }
                Part::Toned(t, _) => s.push_str(&escape(t, false)),
                Part::Rendered(t) => s.push_str(t),
            }
        }
        s
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        String::from(s).into()
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text {
            parts: vec![Part::Plain(s, true)],
        }
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Self {
        s.clone().into()
    }
}

/// A table cell: its text, escaped when the table is rendered, and the tone it is shown in.
/// A cell is one line unless made with [`Cell::lines`]: a `\n` in data is shown as `\u{a}`.
#[derive(Debug, Clone)]
pub struct Cell {
    text: String,
    tone: Option<Tone>,
    multiline: bool,
}

impl Cell {
    /// A cell in `tone`.
    pub fn toned(text: impl Into<String>, tone: Tone) -> Self {
        Cell {
            text: text.into(),
            tone: Some(tone),
            multiline: false,
        }
    }

    /// A cell whose `\n`s break it into lines.
    pub fn lines(text: impl Into<String>) -> Self {
        Cell {
            text: text.into(),
            tone: None,
            multiline: true,
        }
    }

    fn to_comfy(&self) -> comfy_table::Cell {
        let cell = comfy_table::Cell::new(escape(&self.text, self.multiline));
        match self.tone {
            None => cell,
            Some(Tone::Good) => cell.fg(comfy_table::Color::DarkGreen),
            Some(Tone::Bad) => cell.fg(comfy_table::Color::DarkRed),
            Some(Tone::Late) => cell.fg(comfy_table::Color::DarkYellow),
            Some(Tone::Dim) => cell.add_attribute(comfy_table::Attribute::Dim),
        }
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell {
            text,
            tone: None,
            multiline: false,
        }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        text.to_string().into()
    }
}

impl From<&String> for Cell {
    fn from(text: &String) -> Self {
        text.clone().into()
    }
}

/// ✓ or ✗, in green or `tone_if_bad`.
pub fn mark(ok: bool, tone_if_bad: Tone) -> Cell {
    if ok {
        Cell::toned("✓", Tone::Good)
    } else {
        Cell::toned("✗", tone_if_bad)
    }
}

/// The width tables fit in: 80 columns, or fewer when `COLUMNS` says the terminal is narrower.
pub fn width() -> u16 {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<u16>().ok())
        .filter(|&c| c >= 40)
        .map_or(80, |c| c.min(80))
}

/// A table with a header row, wrapped to [`width`], coloured when `color`: comfy-table colours
/// each wrapped line of a cell by itself, after measuring its (escaped) text.
pub fn table<I, R, C>(header: &[&str], rows: I, color: bool) -> Text
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = C>,
    C: Into<Cell>,
{
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width());
    if color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    if !header.is_empty() {
        t.set_header(header.iter().map(|h| Cell::from(*h).to_comfy()));
    }
    for row in rows {
        t.add_row(row.into_iter().map(|c| c.into().to_comfy()));
    }
    let mut s = t.to_string();
    s.push('\n');
    Text {
        parts: vec![Part::Rendered(s)],
    }
}

/// Where and how a command prints.
#[derive(Debug, Clone, Copy)]
pub struct Out {
    pub format: Format,
    color: bool,
    err_color: bool,
}

fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// A failed write to stdout: quiet when the reader went away (a closed pipe), else an error.
fn stdout_error(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Error::broken_pipe()
    } else {
        Error::operational(format!(
            "writing to standard output: {}",
            crate::error::describe_io(&e)
        ))
    }
}

/// Whether standard error takes colour.
pub fn stderr_color() -> bool {
    !no_color() && std::io::stderr().is_terminal()
}

/// A diagnostic line on stderr: `label` (coloured in `sgr` when `color`), then `text` with
/// every control character escaped, newlines included (a diagnostic is one line).
pub fn eprint_labelled(label: &str, sgr: &str, text: &str, color: bool) {
    let text = escape(text, false);
    if color {
        eprintln!("\x1b[{sgr}m{label}\x1b[0m {text}");
    } else {
        eprintln!("{label} {text}");
    }
}

/// `s` as one shell word: as it is when it is plain, else in single quotes. For the commands
/// hints propose, whose values may come from a token.
pub fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "@._-:/+=".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// As [`eprint_labelled`], for text already escaped whose line breaks are kept.
pub fn eprint_labelled_lines(label: &str, sgr: &str, text: &str, color: bool) {
    if color {
        eprintln!("\x1b[{sgr}m{label}\x1b[0m {text}");
    } else {
        eprintln!("{label} {text}");
    }
}

impl Out {
    pub fn new(format: Format) -> Self {
        let nc = no_color();
        Out {
            format,
            color: !nc && std::io::stdout().is_terminal(),
            err_color: !nc && std::io::stderr().is_terminal(),
        }
    }

    pub fn json(&self) -> bool {
        self.format == Format::Json
    }

    /// Write text for people to stdout: escaped, and coloured when stdout takes colour. A
    /// reader that went away ends the command quietly.
    pub fn print(&self, text: impl Into<Text>) -> Result<()> {
        self.print_raw(text.into().render(self.color).as_bytes())
    }

    /// [`Out::print`] and a newline.
    pub fn line(&self, text: impl Into<Text>) -> Result<()> {
        let mut t = text.into();
        t.push("\n");
        self.print(t)
    }

    /// Write bytes to stdout as they are: only for what jwtadm makes itself for a program to
    /// read (shell completions, the man page), never for data.
    pub fn print_raw(&self, bytes: &[u8]) -> Result<()> {
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(bytes)
            .and_then(|()| stdout.flush())
            .map_err(stdout_error)
    }

    /// Pretty JSON and a newline, written as it is serialized (a large report is never held
    /// in memory twice).
    pub fn print_json<T: Serialize + ?Sized>(&self, value: &T) -> Result<()> {
        let mut w = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
        serde_json::to_writer_pretty(&mut w, value)
            .map_err(std::io::Error::from)
            .and_then(|()| w.write_all(b"\n"))
            .and_then(|()| w.flush())
            .map_err(stdout_error)
    }

    /// A table for stdout (see [`table`]), coloured when stdout takes colour.
    pub fn table<I, R, C>(&self, header: &[&str], rows: I) -> Text
    where
        I: IntoIterator<Item = R>,
        R: IntoIterator<Item = C>,
        C: Into<Cell>,
    {
        table(header, rows, self.color)
    }

    /// A warning on stderr.
    pub fn warn(&self, text: &str) {
        eprint_labelled(
            "warning:",
            "33",
            &crate::secret::redact(text),
            self.err_color,
        );
    }

    /// A note on stderr (what was done, where), escaped.
    pub fn note(&self, text: &str) {
        eprintln!("{}", escape(&crate::secret::redact(text), false));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_fit_80_columns() {
        let long = "x".repeat(300);
        let text = table(&["claim", "value"], [["token", long.as_str()]], false).render(false);
        for line in text.lines() {
            assert!(line.chars().count() <= 80, "{line}");
        }
    }

    #[test]
    fn controls_are_escaped_as_rust_writes_them() {
        assert_eq!(escape("a\u{1b}[2Jb", true), "a\\u{1b}[2Jb");
        assert_eq!(escape("\u{7f}\u{85}\u{9b}", true), "\\u{7f}\\u{85}\\u{9b}");
        assert_eq!(escape("x\u{202e}y\u{2066}", true), "x\\u{202e}y\\u{2066}");
        assert_eq!(escape("one\ntwo\r", true), "one\ntwo\\u{d}");
        assert_eq!(escape("one\ntwo", false), "one\\u{a}two");
        assert_eq!(escape("tab\there", true), "tab\\u{9}here");
        assert!(matches!(escape("plain é ✓", true), Cow::Borrowed(_)));
    }

    #[test]
    fn only_the_renderer_colours() {
        let mut t = Text::new();
        t.push("claim \u{1b}[8m ")
            .tone("expired\u{1b}]0;x\u{7}", Tone::Late);
        assert_eq!(
            t.render(true),
            "claim \\u{1b}[8m \x1b[33mexpired\\u{1b}]0;x\\u{7}\x1b[0m"
        );
        assert_eq!(t.render(false), "claim \\u{1b}[8m expired\\u{1b}]0;x\\u{7}");
    }

    #[test]
    fn coloured_cells_keep_the_borders_aligned() {
        let rows = [[
            mark(false, Tone::Bad),
            Cell::from("a\u{1b}[2J"),
            Cell::toned("x ".repeat(60), Tone::Late),
        ]];
        let plain = table(&["", "check", "detail"], rows.clone(), false).render(false);
        let coloured = table(&["", "check", "detail"], rows, true).render(true);
        assert!(!plain.contains('\u{1b}'), "{plain}");
        let strip = |s: &str| {
            let mut out = String::new();
            let mut rest = s;
            while let Some(i) = rest.find('\u{1b}') {
                out.push_str(&rest[..i]);
                let end = rest[i..].find('m').unwrap();
                rest = &rest[i + end + 1..];
            }
            out.push_str(rest);
            out
        };
        assert_eq!(strip(&coloured), plain);
        assert!(plain.contains("a\\u{1b}[2J"));
    }
}
