//! Promise: tables fit the terminal they are shown on. Under a real pseudo-terminal (util-linux
//! `script`, its size set with `stty`, `COLUMNS` unset) at 200, 80 and 60 columns, with colour
//! on: every line of a table has the same display width (colour codes take none, East Asian
//! wide characters two columns), at most the terminal's; no colour is split or left open at a
//! line's end; ids, dates and status words are never cut; paths are whole when there is room
//! and else shortened from the left. In a pipe, tables are not wrapped unless `COLUMNS` is set.
//! Colour follows `--color`, `NO_COLOR`, `CLICOLOR_FORCE` and `TERM=dumb`.

use std::path::Path;

use unicode_width::UnicodeWidthStr;

use crate::common::*;
use crate::promises::terminal::assert_only_own_sgr;

const WIDTHS: [usize; 3] = [200, 80, 60];

/// A config file deep enough that it cannot stay whole on an 80-column terminal.
const DEEP: &str = "home/me/.config/Claude/claude_desktop_config.json";

/// A roster of three clients whose `token status` reads ok, expiring and mismatch: one with a
/// wide (CJK) name and a 10-day token, one whose file holds another client's token.
fn roster() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for f in [DEEP, "vscode1/mcp.json", "vscode2/mcp.json"] {
        std::fs::create_dir_all(d.join(f).parent().unwrap()).unwrap();
        std::fs::write(
            d.join(f),
            r#"{"mcpServers": {"exai-mcp": {"env": {"EXAI_JWT_TOKEN": "x"}}}}"#,
        )
        .unwrap();
    }
    std::fs::write(
        d.join("clients.toml"),
        format!(
            "[secret]\nsource = \"env:JWT_SECRET_KEY\"\n\
             [defaults]\nissuer = \"exai-mcp-server\"\naudience = \"exai-mcp-client\"\nexpires = \"365d\"\n\
             [[clients]]\nname = \"vscode1\"\nsub = \"vscode1@exai-mcp.local\"\nconfigs = [\"vscode1/mcp.json\"]\n\
             [[clients]]\nname = \"claude-東京\"\nsub = \"claude@exai-mcp.local\"\nexpires = \"10d\"\n\
             configs = [{{ path = \"{DEEP}\", server = \"exai-mcp\" }}]\n\
             [[clients]]\nname = \"vscode2\"\nsub = \"vscode2@exai-mcp.local\"\nconfigs = [\"vscode2/mcp.json\"]\n"
        ),
    )
    .unwrap();
    let out = jwtadm()
        .current_dir(d)
        .args(["token", "issue-all", "--patch"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // vscode2's file gets vscode1's token: a mismatch.
    std::fs::copy(d.join("vscode1/mcp.json"), d.join("vscode2/mcp.json")).unwrap();
    dir
}

/// What `jwtadm ARGS` prints (stdout and stderr, as a terminal shows them) under a
/// pseudo-terminal `cols` columns wide, with `env` added and `COLUMNS` unset. `None` when
/// util-linux `script` is not installed.
fn on_terminal(dir: &Path, cols: usize, env: &[(&str, &str)], args: &[&str]) -> Option<String> {
    let bin = assert_cmd::cargo::cargo_bin("jwtadm");
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let mut line = format!(
        "stty rows 50 cols {cols}; exec {}",
        quote(&bin.display().to_string())
    );
    for a in args {
        line.push(' ');
        line.push_str(&quote(a));
    }
    let mut cmd = std::process::Command::new("script");
    cmd.args(["-qec", &line, "/dev/null"])
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("JWTADM_NOW", NOW)
        .env("JWT_SECRET_KEY", SECRET)
        .env("XDG_STATE_HOME", state_home())
        .env("TERM", "xterm-256color");
    for (k, v) in env {
        cmd.env(k, v);
    }
    match cmd.output() {
        Ok(o) if o.status.code().is_some() => {
            Some(String::from_utf8(o.stdout).unwrap().replace("\r\n", "\n"))
        }
        _ => {
            eprintln!("skipped: util-linux `script` is not available to run jwtadm under a pty");
            None
        }
    }
}

/// The tables of `plain` text: runs of lines that start with a border.
fn tables(plain: &str) -> Vec<Vec<&str>> {
    let mut all = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for line in plain.lines() {
        if line.starts_with(['┌', '│', '╞', '├', '└']) {
            cur.push(line);
        } else if !cur.is_empty() {
            all.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        all.push(cur);
    }
    all
}

/// Fails unless `text` (as a terminal got it) holds at least one table and every table's lines
/// have one display width, at most `cols`, with no colour split or left open. Returns the text
/// without its colour codes.
fn assert_tables_fit(what: &str, text: &str, cols: usize) -> String {
    let plain = assert_only_own_sgr(what, text);
    let tables = tables(&plain);
    assert!(!tables.is_empty(), "{what}: no table:\n{plain}");
    for t in &tables {
        let widths: Vec<usize> = t.iter().map(|l| l.width()).collect();
        assert!(
            widths.iter().all(|&w| w == widths[0] && w <= cols),
            "{what}: a table's lines are {widths:?} wide on a {cols}-column terminal:\n{plain}"
        );
    }
    plain
}

/// The tables of `args` at 200, 80 and 60 columns, each checked with [`assert_tables_fit`],
/// coloured when `coloured`. Empty when there is no `script` to run them under a pty.
fn every_width(dir: &Path, args: &[&str], coloured: bool) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for cols in WIDTHS {
        let Some(text) = on_terminal(dir, cols, &[], args) else {
            return Vec::new();
        };
        let what = format!("{} at {cols} columns", args.join(" "));
        assert_eq!(
            text.contains("\u{1b}["),
            coloured,
            "{what}: colour: {text:?}"
        );
        out.push((cols, assert_tables_fit(&what, &text, cols)));
    }
    out
}

/// Every cell of every table line, trimmed: whatever the layout (columns, or a record per box).
fn cells(plain: &str) -> Vec<String> {
    tables(plain)
        .concat()
        .iter()
        .filter(|l| l.starts_with('│'))
        .flat_map(|l| l.trim_matches('│').split('┆').map(|c| c.trim().to_string()))
        .collect()
}

/// Fails unless each of `words` is a whole cell of a table in `plain`.
fn assert_whole_cells(what: &str, plain: &str, words: &[&str]) {
    let cells = cells(plain);
    for w in words {
        assert!(
            cells.iter().any(|c| c == w),
            "{what}: {w} is not whole:\n{plain}"
        );
    }
}

#[test]
fn status_tables_fit_200_80_and_60_column_terminals_with_state_words_whole() {
    let dir = roster();
    for (cols, plain) in every_width(dir.path(), &["token", "status"], true) {
        assert_whole_cells(
            &format!("status at {cols}"),
            &plain,
            &["ok", "expiring", "mismatch", "claude-東京", "vscode1"],
        );
    }
}

#[test]
fn verify_tables_fit_200_80_and_60_column_terminals() {
    let dir = tempfile::tempdir().unwrap();
    for (cols, plain) in every_width(
        dir.path(),
        &["token", "verify", "--iss", "other", SEED_TOKEN],
        true,
    ) {
        assert_whole_cells(
            &format!("verify at {cols}"),
            &plain,
            &[
                "✓",
                "✗",
                "algorithm",
                "signature",
                "exp",
                "iat",
                "iss",
                "aud",
            ],
        );
        assert!(plain.contains("(2026-11-02T23:11:13Z)"), "{cols}:\n{plain}");
        assert!(plain.contains("sha256:3bb8ff4d7ce3"), "{cols}:\n{plain}");
    }
}

#[test]
fn secret_check_tables_fit_200_80_and_60_column_terminals() {
    let dir = tempfile::tempdir().unwrap();
    every_width(dir.path(), &["secret", "check"], true);
}

#[test]
fn inspect_tables_fit_200_80_and_60_column_terminals() {
    let dir = tempfile::tempdir().unwrap();
    every_width(dir.path(), &["token", "inspect", SEED_TOKEN], true);
}

#[test]
fn config_patch_tables_fit_200_80_and_60_column_terminals() {
    let dir = roster();
    for (cols, plain) in every_width(
        dir.path(),
        &[
            "config",
            "patch",
            "--token",
            SEED_TOKEN,
            DEEP,
            "vscode1/mcp.json",
        ],
        false,
    ) {
        assert!(
            plain.contains("claude_desktop_config.json"),
            "{cols}:\n{plain}"
        );
    }
}

#[test]
fn issue_all_tables_fit_200_80_and_60_column_terminals_with_jtis_whole() {
    let dir = roster();
    for (cols, plain) in every_width(dir.path(), &["token", "issue-all", "--patch"], false) {
        // Three jtis, each 32 hex digits on one line.
        let whole = plain
            .lines()
            .filter(|l| {
                l.split(|c: char| !c.is_ascii_hexdigit())
                    .any(|w| w.len() == 32)
            })
            .count();
        assert_eq!(whole, 3, "{cols}:\n{plain}");
        assert!(plain.contains("vscode1@exai-mcp.local"), "{cols}:\n{plain}");
    }
}

#[test]
fn a_wide_terminal_shows_whole_paths_on_one_line() {
    let dir = roster();
    let Some(text) = on_terminal(dir.path(), 200, &[], &["token", "status"]) else {
        return;
    };
    let plain = assert_tables_fit("status at 200", &text, 200);
    assert!(
        plain.contains(&format!("{DEEP} (exai-mcp)")),
        "a path is not whole and copyable:\n{plain}"
    );
    let width = tables(&plain)[0][0].width();
    assert!(
        width > 80,
        "the table is capped at {width} columns:\n{plain}"
    );
}

#[test]
fn a_narrow_terminal_shortens_paths_from_the_left() {
    let dir = roster();
    let Some(text) = on_terminal(dir.path(), 80, &[], &["token", "status"]) else {
        return;
    };
    let plain = assert_tables_fit("status at 80", &text, 80);
    // The file column of claude's row, its lines put together: the path shortened from the
    // left at a `/`, its file name whole or wrapped where it may, not cut in a folder's name.
    let rows: Vec<Vec<String>> = tables(&plain)[0]
        .iter()
        .filter(|l| l.starts_with('│'))
        .map(|l| {
            l.trim_matches('│')
                .split('┆')
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect();
    let start = rows.iter().position(|r| r[0] == "claude-東京").unwrap();
    let file: String = rows[start..]
        .iter()
        .enumerate()
        .take_while(|(i, r)| *i == 0 || r[0].is_empty())
        .map(|(_, r)| r[1].as_str())
        .collect();
    assert!(file.starts_with("…/"), "{file}:\n{plain}");
    assert!(
        file.contains("claude_desktop_config.json"),
        "{file}:\n{plain}"
    );
    assert!(!file.contains("home/me"), "{file}:\n{plain}");
}

#[test]
fn columns_overrides_the_terminal_width() {
    let dir = roster();
    let Some(text) = on_terminal(dir.path(), 200, &[("COLUMNS", "70")], &["token", "status"])
    else {
        return;
    };
    assert_tables_fit("status with COLUMNS=70 on 200 columns", &text, 70);
}

#[test]
fn tables_are_not_wrapped_in_a_pipe() {
    let dir = roster();
    let out = jwtadm()
        .current_dir(dir.path())
        .args(["token", "status"])
        .output()
        .unwrap();
    let plain = stdout(&out);
    let t = tables(&plain);
    assert!(t[0].len() == 7, "a row was wrapped in a pipe:\n{plain}");
    assert!(plain.contains(&format!("{DEEP} (exai-mcp)")), "{plain}");
    assert!(t[0][0].width() > 80, "{plain}");
}

#[test]
fn columns_wraps_tables_in_a_pipe() {
    let dir = roster();
    let out = jwtadm()
        .current_dir(dir.path())
        .env("COLUMNS", "60")
        .args(["token", "status"])
        .output()
        .unwrap();
    let plain = stdout(&out);
    for t in tables(&plain) {
        assert!(
            t.iter()
                .all(|l| l.width() == t[0].width() && l.width() <= 60),
            "{plain}"
        );
    }
}

/// Whether `text` holds a colour code.
fn coloured(text: &str) -> bool {
    text.contains("\u{1b}[")
}

#[test]
fn color_never_turns_colour_off_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let Some(text) = on_terminal(
        dir.path(),
        80,
        &[],
        &[
            "--color", "never", "token", "verify", "--iss", "x", SEED_TOKEN,
        ],
    ) else {
        return;
    };
    assert!(!coloured(&text), "{text:?}");
}

#[test]
fn color_always_colours_a_pipe_and_stderr_labels() {
    let out = jwtadm()
        .args([
            "token",
            "verify",
            "--color=always",
            "--iss",
            "x",
            SEED_TOKEN,
        ])
        .output()
        .unwrap();
    assert!(coloured(&stdout(&out)), "{}", stdout(&out));
    let out = jwtadm()
        .args([
            "token",
            "inspect",
            "--color",
            "always",
            "--from-config",
            "missing.json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stderr(&out).starts_with("\u{1b}[1;31merror:"),
        "{}",
        stderr(&out)
    );
    let out = jwtadm()
        .args(["--color=always", "token", "bogus"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("\u{1b}[1;31merror:"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn color_always_beats_no_color() {
    let out = jwtadm()
        .env("NO_COLOR", "1")
        .args(["--color", "always", "secret", "check"])
        .output()
        .unwrap();
    assert!(coloured(&stdout(&out)), "{}", stdout(&out));
}

#[test]
fn no_color_turns_colour_off_on_a_terminal_and_beats_clicolor_force() {
    let dir = tempfile::tempdir().unwrap();
    let Some(text) = on_terminal(
        dir.path(),
        80,
        &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")],
        &["secret", "check"],
    ) else {
        return;
    };
    assert!(!coloured(&text), "{text:?}");
}

#[test]
fn clicolor_force_colours_a_pipe_unless_it_is_zero() {
    let out = jwtadm()
        .env("CLICOLOR_FORCE", "1")
        .args(["secret", "check"])
        .output()
        .unwrap();
    assert!(coloured(&stdout(&out)), "{}", stdout(&out));
    let out = jwtadm()
        .env("CLICOLOR_FORCE", "0")
        .args(["secret", "check"])
        .output()
        .unwrap();
    assert!(!coloured(&stdout(&out)), "{}", stdout(&out));
}

#[test]
fn term_dumb_turns_colour_off_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let Some(text) = on_terminal(
        dir.path(),
        80,
        &[("TERM", "dumb")],
        &["token", "verify", "--iss", "x", SEED_TOKEN],
    ) else {
        return;
    };
    assert!(!coloured(&text), "{text:?}");
}

#[test]
fn usage_errors_follow_color_never_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let Some(text) = on_terminal(dir.path(), 80, &[], &["--color", "never", "token", "bogus"])
    else {
        return;
    };
    assert!(text.contains("error:"), "{text:?}");
    assert!(!coloured(&text), "{text:?}");
    let Some(text) = on_terminal(dir.path(), 80, &[], &["token", "bogus"]) else {
        return;
    };
    assert!(text.contains("\u{1b}[1;31merror:"), "{text:?}");
}
