//! Output: data on stdout as tables or JSON, diagnostics on stderr, colour only on a terminal
//! and never with `NO_COLOR`, tables that fit 80 columns, and a closed pipe that ends the
//! command quietly.

use std::io::{IsTerminal, Write};

use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

use crate::error::{Error, Result};

/// How data is printed: `-o table` (for people) or `-o json` (for scripts; stable).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Table,
    Json,
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

    /// Write `text` to stdout. A reader that went away ends the command quietly.
    pub fn print(&self, text: &str) -> Result<()> {
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush())
            .map_err(stdout_error)
    }

    pub fn line(&self, text: &str) -> Result<()> {
        let mut s = String::with_capacity(text.len() + 1);
        s.push_str(text);
        s.push('\n');
        self.print(&s)
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

    /// A warning on stderr.
    pub fn warn(&self, text: &str) {
        let label = if self.err_color {
            "\x1b[33mwarning:\x1b[0m"
        } else {
            "warning:"
        };
        eprintln!("{label} {text}");
    }

    /// A note on stderr (what was done, where).
    pub fn note(&self, text: &str) {
        eprintln!("{text}");
    }

    /// `text` in green (good), red (bad) or yellow (late), when stdout takes colour.
    pub fn paint(&self, text: &str, tone: Tone) -> String {
        if !self.color {
            return text.to_string();
        }
        let code = match tone {
            Tone::Good => "32",
            Tone::Bad => "31",
            Tone::Late => "33",
            Tone::Dim => "2",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }

    /// ✓ or ✗, coloured.
    pub fn mark(&self, ok: bool, tone_if_bad: Tone) -> String {
        if ok {
            self.paint("✓", Tone::Good)
        } else {
            self.paint("✗", tone_if_bad)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Good,
    Bad,
    Late,
    Dim,
}

/// The width tables fit in: 80 columns, or fewer when `COLUMNS` says the terminal is narrower.
pub fn width() -> u16 {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<u16>().ok())
        .filter(|&c| c >= 40)
        .map_or(80, |c| c.min(80))
}

/// A table with a header row, wrapped to [`width`].
pub fn table<I, R, C>(header: &[&str], rows: I) -> String
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = C>,
    C: Into<comfy_table::Cell>,
{
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width());
    if !header.is_empty() {
        t.set_header(header.iter().copied());
    }
    for row in rows {
        t.add_row(row);
    }
    let mut s = t.to_string();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_fit_80_columns() {
        let long = "x".repeat(300);
        let text = table(&["claim", "value"], [["token", long.as_str()]]);
        for line in text.lines() {
            assert!(line.chars().count() <= 80, "{line}");
        }
    }
}
