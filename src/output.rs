//! Output: data on stdout as tables or JSON, diagnostics on stderr, colour as `--color`,
//! `NO_COLOR`, `CLICOLOR_FORCE` and `TERM` say ([`decide_color`]), tables laid out for the
//! terminal's width ([`table_width`]) and not wrapped in a pipe, and a closed pipe that ends the
//! command quietly.
//!
//! Text for people is never raw bytes: it is a [`Text`] of segments, each with an optional
//! [`Tone`], or a table of [`Cell`]s with their tones. Every segment's and cell's text goes
//! through [`escape`] when it is rendered, so a control character that came from data (a
//! token's claim, a config file's server name, a file name) is shown as `\u{1b}` and never
//! reaches the terminal; only the renderers here emit colour codes. `-o json` is exact.

use std::borrow::Cow;
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicU8, Ordering};

use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width, presets};
use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

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
                // Invisible: a character that shows nothing can make `admin\u{200b}@x` look
                // like `admin@x`, or smuggle text (the tag characters). Zero-width joiners and
                // non-joiners (U+200C, U+200D) and variation selectors stay: emoji and scripts
                // need them.
                | '\u{00ad}'
                | '\u{034f}'
                | '\u{115f}'
                | '\u{1160}'
                | '\u{17b4}'
                | '\u{17b5}'
                | '\u{180b}'..='\u{180e}'
                | '\u{200b}'
                | '\u{2060}'..='\u{2064}'
                | '\u{206a}'..='\u{206f}'
                | '\u{3164}'
                | '\u{feff}'
                | '\u{ffa0}'
                | '\u{fff9}'..='\u{fffb}'
                | '\u{e0000}'..='\u{e007f}'
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

/// What a table cell holds, which says where its text may wrap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Words: wrapped at spaces; a word is split only when it is wider than
    /// [`WORD_KEPT_WHOLE`] and the column.
    Text,
    /// A path: whole when there is room (copyable), else shortened from the left at a `/`
    /// (`…/Claude/claude_desktop_config.json`), wrapped after `/` only when its file name
    /// alone does not fit.
    Path,
    /// An address or name (`vscode1@exai-mcp.local`): wrapped before `@` and `.`, after `-`
    /// and `_`.
    Address,
    /// Never wrapped: a jti, a date, a fingerprint, a mark. Its column is as wide as it.
    Atom,
}

/// A table cell: its text, escaped when the table is rendered, the tone it is shown in, and
/// what kind of value it is (where it may wrap). A cell is one line unless made with
/// [`Cell::lines`]: a `\n` in data is shown as `\u{a}`.
#[derive(Debug, Clone)]
pub struct Cell {
    text: String,
    tone: Option<Tone>,
    multiline: bool,
    kind: Kind,
    /// Words after a path, on its last line when they fit (`(server)`).
    note: Option<String>,
}

impl Cell {
    /// A cell in `tone`.
    pub fn toned(text: impl Into<String>, tone: Tone) -> Self {
        Cell {
            tone: Some(tone),
            ..Cell::from(text.into())
        }
    }

    /// A cell whose `\n`s break it into lines.
    pub fn lines(text: impl Into<String>) -> Self {
        Cell {
            multiline: true,
            ..Cell::from(text.into())
        }
    }

    /// The cell holds a path (each line one, with [`Cell::lines`]).
    pub fn path(mut self) -> Self {
        self.kind = Kind::Path;
        self
    }

    /// The cell holds an address or a name.
    pub fn address(mut self) -> Self {
        self.kind = Kind::Address;
        self
    }

    /// The cell holds a value never wrapped: a jti, a date, a fingerprint.
    pub fn atom(mut self) -> Self {
        self.kind = Kind::Atom;
        self
    }

    /// Words shown after the path, wrapped as text.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    fn escaped_lines(&self) -> Vec<String> {
        escape(&self.text, self.multiline)
            .split('\n')
            .map(str::to_string)
            .collect()
    }

    fn escaped_note(&self) -> Option<String> {
        self.note.as_deref().map(|n| escape(n, false).into_owned())
    }

    /// The widths this cell needs, each at least the one before: [least, names whole, text
    /// comfortable, all on one line]. Least keeps atoms and words whole; then an address on one
    /// line and a path's file name whole; then free text a few words a line.
    fn levels(&self) -> Levels {
        let mut lv = [0; LEVELS];
        for line in self.escaped_lines() {
            let full = dw(&line);
            let l = match self.kind {
                Kind::Atom => [full; LEVELS],
                Kind::Text => {
                    let w = longest_word(&line);
                    [w, w, full.min(TEXT_COMFORT).max(w), full]
                }
                Kind::Address => [full.min(SHRUNK_MIN), full, full, full],
                Kind::Path => {
                    let name = full.min(shortest_path(&line));
                    [full.min(SHRUNK_MIN), name, name, full]
                }
            };
            for (have, need) in lv.iter_mut().zip(l) {
                *have = (*have).max(need);
            }
        }
        if let Some(note) = self.escaped_note() {
            let w = longest_word(&note);
            for have in &mut lv {
                *have = (*have).max(w);
            }
            let last = self.escaped_lines().last().map_or(0, |l| dw(l));
            lv[LEVELS - 1] = lv[LEVELS - 1].max(last + 1 + dw(&note));
        }
        lv
    }

    /// The cell's lines for a column `w` wide.
    fn fit(&self, w: usize) -> Vec<String> {
        let mut out = Vec::new();
        for line in self.escaped_lines() {
            match self.kind {
                Kind::Atom => fill_into(&mut out, [line.as_str()], w, false),
                Kind::Text => fill_into(&mut out, line.split_inclusive(' '), w, true),
                Kind::Address => fill_into(&mut out, soft_pieces(&line), w, false),
                Kind::Path => out.extend(fit_path(&line, w)),
            }
        }
        if let Some(note) = self.escaped_note() {
            match out.last_mut() {
                Some(last) if dw(last) + 1 + dw(&note) <= w => {
                    last.push(' ');
                    last.push_str(&note);
                }
                _ => fill_into(&mut out, note.split_inclusive(' '), w, true),
            }
        }
        out
    }

    fn to_comfy(&self, w: usize) -> comfy_table::Cell {
        let cell = comfy_table::Cell::new(self.fit(w).join("\n"));
        match self.tone {
            None => cell,
            Some(Tone::Good) => cell.fg(comfy_table::Color::DarkGreen),
            Some(Tone::Bad) => cell.fg(comfy_table::Color::DarkRed),
            Some(Tone::Late) => cell.fg(comfy_table::Color::DarkYellow),
            Some(Tone::Dim) => cell.add_attribute(comfy_table::Attribute::Dim),
        }
    }
}

/// How many widths [`Cell::levels`] gives.
const LEVELS: usize = 4;

/// A cell's or a column's widths, from the least to all on one line.
type Levels = [usize; LEVELS];

/// The longest word of free text kept whole however narrow the terminal: a date with its
/// parentheses, a fingerprint. A longer word (a token pasted into a claim) may be split.
const WORD_KEPT_WHOLE: usize = 24;

/// The width free text grows to, with paths and addresses, before any column grows further:
/// a detail wrapped on a few lines rather than a word per line.
const TEXT_COMFORT: usize = 24;

/// The least width an address or a path is shrunk to before the table is laid out otherwise.
const SHRUNK_MIN: usize = 16;

/// The narrowest terminal a table is laid out for; narrower ones wrap its lines themselves.
const MIN_WIDTH: usize = 20;

/// The width `s` takes on a terminal: escape sequences (there are none in escaped text) take
/// none, East Asian wide characters two columns; as comfy-table measures it.
fn dw(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// The width of the widest word of `line`, up to [`WORD_KEPT_WHOLE`].
fn longest_word(line: &str) -> usize {
    line.split(' ')
        .map(dw)
        .max()
        .unwrap_or(0)
        .min(WORD_KEPT_WHOLE)
}

/// `/` in paths; `\\` too on Windows.
fn is_separator(c: char) -> bool {
    std::path::is_separator(c)
}

/// The width of a path shortened to its file name, `…/name`.
fn shortest_path(path: &str) -> usize {
    match path.trim_end_matches(is_separator).rfind(is_separator) {
        Some(i) => 1 + dw(&path[i..]),
        None => dw(path),
    }
}

/// `s` cut where an address, a name or a path may wrap: before `.` and `@`, after a path
/// separator, `-` and `_`. The pieces put together are `s`.
fn soft_pieces(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if matches!(c, '.' | '@') && i > start {
            out.push(&s[start..i]);
            start = i;
        } else if is_separator(c) || matches!(c, '-' | '_') {
            let end = i + c.len_utf8();
            out.push(&s[start..end]);
            start = end;
        }
    }
    if start < s.len() || out.is_empty() {
        out.push(&s[start..]);
    }
    out
}

/// A path in a column `w` wide: whole when it fits; else shortened from the left at a
/// separator to the most that fits (`…/Claude/claude_desktop_config.json`); else its file name
/// wrapped where it may.
fn fit_path(path: &str, w: usize) -> Vec<String> {
    if dw(path) <= w {
        return vec![path.to_string()];
    }
    let cuts: Vec<usize> = path
        .char_indices()
        .filter(|&(i, c)| is_separator(c) && i + c.len_utf8() < path.len())
        .map(|(i, _)| i)
        .collect();
    for &i in &cuts {
        let short = format!("…{}", &path[i..]);
        if dw(&short) <= w {
            return vec![short];
        }
    }
    let short = match cuts.last() {
        Some(&i) => format!("…{}", &path[i..]),
        None => path.to_string(),
    };
    let mut out = Vec::new();
    fill_into(&mut out, soft_pieces(&short), w, false);
    out
}

/// Lines at most `w` wide made of `pieces`, appended to `out`: as many pieces on a line as fit;
/// a piece wider than a line is cut at its soft breaks (when `soft`), else between graphemes
/// (a line holds at least one, even one wider than `w`). Spaces at the ends of lines go.
fn fill_into<'a>(
    out: &mut Vec<String>,
    pieces: impl IntoIterator<Item = &'a str>,
    w: usize,
    soft: bool,
) {
    struct Filler<'o> {
        out: &'o mut Vec<String>,
        cur: String,
        w: usize,
        any: bool,
    }
    impl Filler<'_> {
        fn fits(&self, p: &str) -> bool {
            dw(&self.cur) + dw(p.trim_end()) <= self.w
        }
        fn break_line(&mut self) {
            if !self.cur.trim().is_empty() {
                self.out.push(self.cur.trim_end().to_string());
                self.any = true;
            }
            self.cur.clear();
        }
        fn add(&mut self, p: &str, soft: bool) {
            if self.fits(p) {
                self.cur.push_str(p);
                return;
            }
            self.break_line();
            if p.trim().is_empty() {
                return;
            }
            if self.fits(p) {
                self.cur.push_str(p);
                return;
            }
            let pieces = soft_pieces(p);
            if soft && pieces.len() > 1 {
                for piece in pieces {
                    self.add(piece, false);
                }
                return;
            }
            for g in p.graphemes(true) {
                if !self.cur.is_empty() && !self.fits(g) {
                    self.break_line();
                }
                self.cur.push_str(g);
            }
        }
    }
    let mut f = Filler {
        out,
        cur: String::new(),
        w,
        any: false,
    };
    for p in pieces {
        f.add(p, soft);
    }
    if !f.cur.trim().is_empty() || !f.any {
        let last = f.cur.trim_end().to_string();
        f.out.push(last);
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell {
            text,
            tone: None,
            multiline: false,
            kind: Kind::Text,
            note: None,
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
        Cell::toned("✓", Tone::Good).atom()
    } else {
        Cell::toned("✗", tone_if_bad).atom()
    }
}

/// The width tables are laid out for: `COLUMNS` when it is set to a number, else the width of
/// the terminal standard output is (80 when the terminal does not say), else none: in a pipe or
/// a file, tables are not wrapped.
pub fn table_width() -> Option<usize> {
    let columns = std::env::var("COLUMNS").ok();
    if let Some(c) = columns.and_then(|c| c.trim().parse::<usize>().ok().filter(|&c| c > 0)) {
        return Some(c);
    }
    let stdout = std::io::stdout();
    if !stdout.is_terminal() {
        return None;
    }
    Some(terminal_columns(&stdout).filter(|&c| c > 0).unwrap_or(80))
}

/// The columns of the terminal `stdout` is: its window size, as the terminal itself says.
#[cfg(unix)]
fn terminal_columns(stdout: &std::io::Stdout) -> Option<usize> {
    rustix::termios::tcgetwinsize(stdout)
        .ok()
        .map(|size| usize::from(size.ws_col))
}

#[cfg(windows)]
fn terminal_columns(stdout: &std::io::Stdout) -> Option<usize> {
    terminal_size::terminal_size_of(stdout).map(|(w, _)| usize::from(w.0))
}

#[cfg(not(any(unix, windows)))]
fn terminal_columns(_: &std::io::Stdout) -> Option<usize> {
    None
}

/// Each column's width from the [`Cell::levels`] of its cells, for `avail` columns of content:
/// every column at its least, then grown, the narrowest first, to its comfortable width, then
/// to its whole width, as far as `avail` goes. `None` when even the least does not fit.
fn allocate(levels: &[Levels], avail: usize) -> Option<Vec<usize>> {
    let mut w: Vec<usize> = levels.iter().map(|l| l[0]).collect();
    if w.iter().sum::<usize>() > avail {
        return None;
    }
    for level in 1..LEVELS {
        let target: Vec<usize> = levels.iter().map(|l| l[level]).collect();
        grow(&mut w, &target, avail);
    }
    Some(w)
}

/// Widths for a table whose least does not fit: the columns whose values all fit their least
/// (ids, dates, short words) stay whole when they can; the others grow from one column up to
/// their least, as far as `avail` goes. Values are then split where they must.
fn allocate_forced(levels: &[Levels], avail: usize) -> Vec<usize> {
    let mut w: Vec<usize> = levels
        .iter()
        .map(|l| {
            if l[0] == l[LEVELS - 1] {
                l[0]
            } else {
                l[0].min(1)
            }
        })
        .collect();
    if w.iter().sum::<usize>() > avail {
        w = levels.iter().map(|l| l[0].min(1)).collect();
    }
    let least: Vec<usize> = levels.iter().map(|l| l[0]).collect();
    grow(&mut w, &least, avail);
    w
}

/// Share the room left in `avail` among the columns narrower than `target`, evenly, a column
/// that needs less than its share taking only what it needs.
fn grow(w: &mut [usize], target: &[usize], avail: usize) {
    loop {
        let used: usize = w.iter().sum();
        let extra = avail.saturating_sub(used);
        let open: Vec<usize> = (0..w.len()).filter(|&i| w[i] < target[i]).collect();
        if extra == 0 || open.is_empty() {
            return;
        }
        let share = extra / open.len();
        if share == 0 {
            for &i in open.iter().take(extra) {
                w[i] += 1;
            }
            return;
        }
        for i in open {
            w[i] += share.min(target[i] - w[i]);
        }
    }
}

/// The levels of each column of `rows`.
fn column_levels<'a>(rows: impl IntoIterator<Item = &'a Vec<Cell>>, n: usize) -> Vec<Levels> {
    let mut levels = vec![[0; LEVELS]; n];
    for row in rows {
        for (column, cell) in levels.iter_mut().zip(row) {
            for (have, need) in column.iter_mut().zip(cell.levels()) {
                *have = (*have).max(need);
            }
        }
    }
    for l in &mut levels {
        for k in 1..LEVELS {
            l[k] = l[k].max(l[k - 1]);
        }
    }
    levels
}

/// Columns a table of `n` columns spends on borders and padding.
fn overhead(n: usize) -> usize {
    3 * n + 1
}

/// A table with a header row, laid out for `width` columns (`None`: not wrapped), coloured
/// when `color`. Cells are cut into lines here, by their kind, for the width their column
/// gets; comfy-table then draws them as they are, colouring each line of a cell by itself
/// after measuring it. A table whose columns cannot all keep their values whole is shown
/// one record per box, a field per line.
pub fn table<I, R, C>(header: &[&str], rows: I, color: bool, width: Option<usize>) -> Text
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = C>,
    C: Into<Cell>,
{
    let rows: Vec<Vec<Cell>> = rows
        .into_iter()
        .map(|r| r.into_iter().map(Into::into).collect())
        .collect();
    let head: Vec<Cell> = header.iter().map(|h| Cell::from(*h)).collect();
    let n = rows
        .iter()
        .map(Vec::len)
        .chain([head.len()])
        .max()
        .unwrap_or(0);
    let levels = column_levels(rows.iter().chain([&head]), n);
    let avail = width.map(|w| w.max(MIN_WIDTH).saturating_sub(overhead(n)));
    let s = match avail {
        None => draw(
            &head,
            &rows,
            &levels.iter().map(|l| l[LEVELS - 1]).collect::<Vec<_>>(),
            color,
            false,
        ),
        Some(avail) => match allocate(&levels, avail) {
            Some(widths) => draw(&head, &rows, &widths, color, false),
            None if n >= 3 && !header.is_empty() => {
                records(&head, &rows, color, width.unwrap_or(0).max(MIN_WIDTH))
            }
            None => draw(&head, &rows, &allocate_forced(&levels, avail), color, false),
        },
    };
    Text {
        parts: vec![Part::Rendered(s)],
    }
}

/// A table too wide for `width` shown one record per box: the header's names on the left, the
/// row's values on the right, every box as wide as the others.
fn records(head: &[Cell], rows: &[Vec<Cell>], color: bool, width: usize) -> String {
    let keys: Vec<Vec<Cell>> = head.iter().map(|h| vec![h.clone().atom()]).collect();
    let values: Vec<Vec<Cell>> = rows
        .iter()
        .flat_map(|r| r.iter().map(|c| vec![c.clone()]))
        .collect();
    let levels = [column_levels(&keys, 1)[0], column_levels(&values, 1)[0]];
    let avail = width.saturating_sub(overhead(2));
    let widths = allocate(&levels, avail).unwrap_or_else(|| allocate_forced(&levels, avail));
    let mut s = String::new();
    for row in rows {
        let pairs: Vec<Vec<Cell>> = head
            .iter()
            .zip(row)
            .map(|(h, c)| vec![h.clone().atom(), c.clone()])
            .collect();
        s.push_str(&draw(&[], &pairs, &widths, color, true));
    }
    s
}

/// Draw `rows` under `head` (none when empty) with each column's content `widths` wide:
/// at most that wide, or exactly when `fixed`.
fn draw(head: &[Cell], rows: &[Vec<Cell>], widths: &[usize], color: bool, fixed: bool) -> String {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled);
    if color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    if !head.is_empty() {
        t.set_header(head.iter().enumerate().map(|(i, c)| c.to_comfy(widths[i])));
    }
    for row in rows {
        t.add_row(row.iter().enumerate().map(|(i, c)| c.to_comfy(widths[i])));
    }
    if fixed {
        for (column, &w) in t.column_iter_mut().zip(widths) {
            let w = u16::try_from(w + 2).unwrap_or(u16::MAX);
            column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(w)));
        }
    }
    let mut s = t.to_string();
    s.push('\n');
    s
}

/// Where and how a command prints.
#[derive(Debug, Clone, Copy)]
pub struct Out {
    pub format: Format,
    color: bool,
    err_color: bool,
    width: Option<usize>,
}

/// When text for people takes colour: `--color auto|always|never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

static COLOR_CHOICE: AtomicU8 = AtomicU8::new(0);

/// Record `--color` for every output of this run, stdout's and stderr's.
pub fn set_color_choice(choice: ColorChoice) {
    COLOR_CHOICE.store(choice as u8, Ordering::Relaxed);
}

fn color_choice() -> ColorChoice {
    match COLOR_CHOICE.load(Ordering::Relaxed) {
        1 => ColorChoice::Always,
        2 => ColorChoice::Never,
        _ => ColorChoice::Auto,
    }
}

/// `--color` as the command line `args` (program name first) gives it, read before clap parses
/// them, for clap's help and usage errors: the last `--color WHEN` or `--color=WHEN` before
/// `--`; `auto` when there is none or its value is not one of the three.
pub fn color_choice_in_args(args: impl IntoIterator<Item = OsString>) -> ColorChoice {
    let mut args = args.into_iter().skip(1);
    let mut choice = ColorChoice::Auto;
    while let Some(arg) = args.next() {
        let arg = arg.to_string_lossy().into_owned();
        let value = match arg.as_str() {
            "--" => break,
            "--color" => args.next().map(|v| v.to_string_lossy().into_owned()),
            a => a.strip_prefix("--color=").map(str::to_string),
        };
        choice = match value.as_deref() {
            Some("always") => ColorChoice::Always,
            Some("never") => ColorChoice::Never,
            Some("auto") => ColorChoice::Auto,
            _ => choice,
        };
    }
    choice
}

/// Whether a stream takes colour, decided here and nowhere else, as cargo and gh decide:
/// `--color always|never` first; then `NO_COLOR` set and not empty: never; then
/// `CLICOLOR_FORCE` set, not empty and not `0`: always; then `TERM=dumb`: never; else when the
/// stream is a terminal. `var` reads the environment.
pub fn decide_color(
    choice: ColorChoice,
    is_terminal: bool,
    var: impl Fn(&str) -> Option<OsString>,
) -> bool {
    match choice {
        ColorChoice::Always => return true,
        ColorChoice::Never => return false,
        ColorChoice::Auto => {}
    }
    let set = |name: &str| var(name).filter(|v| !v.is_empty());
    if set("NO_COLOR").is_some() {
        return false;
    }
    if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
        return true;
    }
    if var("TERM").is_some_and(|t| t == "dumb") {
        return false;
    }
    is_terminal
}

/// Whether a stream that is a terminal or not takes colour in this run.
fn stream_color(is_terminal: bool) -> bool {
    decide_color(color_choice(), is_terminal, |name| std::env::var_os(name))
}

/// Whether standard output takes colour (clap's help is printed there).
pub fn stdout_color() -> bool {
    stream_color(std::io::stdout().is_terminal())
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

/// Whether standard error takes colour: its labels, `error:`, `warning:`, `hint:`.
pub fn stderr_color() -> bool {
    stream_color(std::io::stderr().is_terminal())
}

/// A diagnostic line on stderr: `label` (coloured in `sgr` when `color`), then `text` with
/// every control character escaped, newlines included (a diagnostic is one line).
pub fn eprint_labelled(label: &str, sgr: &str, text: &str, color: bool) {
    let text = escape(text, false);
    if color {
        eprint_line(&format!("\x1b[{sgr}m{label}\x1b[0m {text}"));
    } else {
        eprint_line(&format!("{label} {text}"));
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

/// `1 token`, `2 tokens`: a count and its noun, singular or plural.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Write a line to standard error. A diagnostic that cannot be written (stderr closed or on a
/// full disk) is lost, but never turns into a panic or changes the command's exit code:
/// `eprintln!` would panic.
fn eprint_line(text: &str) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{text}").and_then(|()| err.flush());
}

/// As [`eprint_labelled`], for text already escaped whose line breaks are kept.
pub fn eprint_labelled_lines(label: &str, sgr: &str, text: &str, color: bool) {
    if color {
        eprint_line(&format!("\x1b[{sgr}m{label}\x1b[0m {text}"));
    } else {
        eprint_line(&format!("{label} {text}"));
    }
}

impl Out {
    pub fn new(format: Format) -> Self {
        Out {
            format,
            color: stdout_color(),
            err_color: stderr_color(),
            width: table_width(),
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

    /// A table for stdout (see [`table`]), laid out for its width and coloured when it takes
    /// colour.
    pub fn table<I, R, C>(&self, header: &[&str], rows: I) -> Text
    where
        I: IntoIterator<Item = R>,
        R: IntoIterator<Item = C>,
        C: Into<Cell>,
    {
        table(header, rows, self.color, self.width)
    }

    /// A warning on stderr.
    pub fn warn(&self, text: &str) {
        eprint_labelled(
            "warning:",
            "33",
            &crate::redact::redact(text),
            self.err_color,
        );
    }

    /// A note on stderr (what was done, where), escaped.
    pub fn note(&self, text: &str) {
        eprint_line(&escape(&crate::redact::redact(text), false));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line of `text` and its display width; all lines must be as wide.
    fn widths(text: &str) -> Vec<usize> {
        text.lines().map(dw).collect()
    }

    #[test]
    fn tables_fit_the_width_given() {
        let long = "x".repeat(300);
        for width in [20, 40, 60, 80, 200] {
            let text = table(
                &["claim", "value"],
                [["token", long.as_str()]],
                false,
                Some(width),
            )
            .render(false);
            let w = widths(&text);
            assert!(
                w.iter().all(|&l| l == w[0] && l <= width),
                "{width}: {text}"
            );
        }
    }

    #[test]
    fn tables_are_not_wrapped_without_a_width() {
        let long = "x".repeat(300);
        let text =
            table(&["claim", "value"], [["token", long.as_str()]], false, None).render(false);
        assert_eq!(text.lines().count(), 5, "{text}");
        assert!(text.contains(&long));
    }

    #[test]
    fn wide_characters_take_two_columns_and_keep_the_borders() {
        let rows = [
            [
                Cell::from("名前"),
                Cell::from("東京都の設定ファイル ".repeat(6)),
            ],
            [
                Cell::from("emoji"),
                Cell::from("🔑 key ✓ … done ".repeat(5)),
            ],
        ];
        for width in [40, 60, 80] {
            let text = table(&["k", "v"], rows.clone(), true, Some(width)).render(true);
            let plain = strip_sgr(&text);
            let w = widths(&plain);
            assert!(
                w.iter().all(|&l| l == w[0] && l <= width),
                "{width}:\n{plain}"
            );
        }
    }

    #[test]
    fn paths_are_whole_when_they_fit_and_else_shortened_from_the_left() {
        let p = "/home/me/.config/Claude/claude_desktop_config.json";
        assert_eq!(fit_path(p, 60), [p]);
        assert_eq!(fit_path(p, 40), ["…/Claude/claude_desktop_config.json"]);
        assert_eq!(fit_path(p, 30), ["…/claude_desktop_config.json"]);
        assert_eq!(fit_path(p, 15), ["…/claude_", "desktop_config", ".json"]);
        assert_eq!(fit_path("clients.toml", 8), ["clients", ".toml"]);
    }

    #[test]
    fn addresses_wrap_before_at_and_dots() {
        let c = Cell::from("vscode1@exai-mcp.local").address();
        assert_eq!(c.fit(30), ["vscode1@exai-mcp.local"]);
        assert_eq!(c.fit(16), ["vscode1@exai-mcp", ".local"]);
        assert_eq!(c.fit(10), ["vscode1", "@exai-mcp", ".local"]);
    }

    #[test]
    fn atoms_and_short_words_are_never_split() {
        let jti = "9eead024a00daafc7648450c609ecf1e";
        let rows = [[
            Cell::from(jti).atom(),
            Cell::from("expired 27 days ago (2026-11-02T23:11:13Z) sha256:3bb8ff4d7ce3"),
        ]];
        for width in [40, 61, 80] {
            let text = table(&["jti", "detail"], rows.clone(), false, Some(width)).render(false);
            if width == 40 {
                // Too narrow for both: the id stays whole, the text is split where it must.
                assert!(text.contains(jti), "{width}: {text}");
                continue;
            }
            assert!(text.contains(jti), "{width}: {text}");
            assert!(text.contains("(2026-11-02T23:11:13Z)"), "{width}: {text}");
            assert!(text.contains("sha256:3bb8ff4d7ce3"), "{width}: {text}");
        }
    }

    #[test]
    fn a_table_too_wide_for_its_values_is_shown_a_record_per_box() {
        let jti = "9eead024a00daafc7648450c609ecf1e";
        let rows = [[
            Cell::from("vscode1").address(),
            Cell::from("vscode1@exai-mcp.local").address(),
            Cell::from("2027-11-30").atom(),
            Cell::from(jti).atom(),
        ]];
        let text = table(&["client", "sub", "expires", "jti"], rows, false, Some(60)).render(false);
        let w = widths(&text);
        assert!(w.iter().all(|&l| l == w[0] && l <= 60), "{text}");
        assert!(text.contains(&format!("│ jti     ┆ {jti} │")), "{text}");
    }

    #[test]
    fn colour_is_decided_in_order() {
        use ColorChoice::*;
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| OsString::from(v))
            }
        };
        assert!(decide_color(
            Always,
            false,
            env(&[("NO_COLOR", "1"), ("TERM", "dumb")])
        ));
        assert!(!decide_color(Never, true, env(&[("CLICOLOR_FORCE", "1")])));
        assert!(!decide_color(
            Auto,
            true,
            env(&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")])
        ));
        assert!(decide_color(Auto, true, env(&[("NO_COLOR", "")])));
        assert!(decide_color(
            Auto,
            false,
            env(&[("CLICOLOR_FORCE", "1"), ("TERM", "dumb")])
        ));
        assert!(!decide_color(Auto, false, env(&[("CLICOLOR_FORCE", "0")])));
        assert!(!decide_color(Auto, true, env(&[("TERM", "dumb")])));
        assert!(decide_color(Auto, true, env(&[("TERM", "xterm")])));
        assert!(!decide_color(Auto, false, env(&[])));
    }

    #[test]
    fn color_flag_is_read_ahead_of_clap() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        let read = |a: &[&str]| color_choice_in_args(args(a));
        assert_eq!(
            read(&["jwtadm", "--color", "never", "x"]),
            ColorChoice::Never
        );
        assert_eq!(
            read(&["jwtadm", "x", "--color=always"]),
            ColorChoice::Always
        );
        assert_eq!(read(&["jwtadm", "--", "--color=always"]), ColorChoice::Auto);
        assert_eq!(read(&["jwtadm", "--color=bogus"]), ColorChoice::Auto);
    }

    fn strip_sgr(s: &str) -> String {
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find('\u{1b}') {
            out.push_str(&rest[..i]);
            let end = rest[i..].find('m').unwrap();
            rest = &rest[i + end + 1..];
        }
        out.push_str(rest);
        out
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
        let plain = table(&["", "check", "detail"], rows.clone(), false, Some(80)).render(false);
        let coloured = table(&["", "check", "detail"], rows, true, Some(80)).render(true);
        assert!(!plain.contains('\u{1b}'), "{plain}");
        assert_eq!(strip_sgr(&coloured), plain);
        let w = widths(&plain);
        assert!(w.iter().all(|&l| l == w[0] && l <= 80), "{plain}");
        assert!(plain.contains("a\\u{1b}[2J"));
    }
}
