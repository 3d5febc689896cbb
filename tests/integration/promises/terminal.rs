//! Promise: a token, a config file, a roster or a file name cannot drive the terminal. Every
//! human-readable output shows control characters (C0, C1, DEL, the bidirectional controls)
//! escaped as `\u{1b}`; only jwtadm's renderer emits colour codes; `-o json` stays exact.

use std::path::Path;

use proptest::prelude::*;

use crate::common::*;
use crate::promises::tokens::signed;

/// A header whose kid reverses what follows it (U+202E), and an expired payload whose claims
/// hide text (`\e[8m`), retitle the window (OSC 0), clear the screen (`\e[2J`, and its C1 form
/// CSI U+009B), and hold DEL and a line that fakes jwtadm's own status line.
const HOSTILE_HEADER: &str = r#"{"alg":"HS256","typ":"JWT","kid":"k\u202eevil"}"#;
const HOSTILE_PAYLOAD: &str = r#"{"sub":"a\u001b]0;pwned\u0007","iss":"x\u001b[8m","aud":"exai-mcp-client","iat":1700000000,"exp":1700086400,"clear":"\u001b[2J\u009b2J\u007f","fake":"ok\nStatus: valid until 2099"}"#;

fn hostile_token() -> String {
    signed(HOSTILE_HEADER, HOSTILE_PAYLOAD)
}

/// The characters that must never reach the terminal from data.
fn hidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        || matches!(c, '\u{00ad}' | '\u{115f}' | '\u{180e}' | '\u{200b}' | '\u{2060}' | '\u{3164}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}' | '\u{e0000}'..='\u{e007f}')
}

/// Fails when `text` holds a control character other than `\n`.
fn assert_no_controls(what: &str, text: &str) {
    if let Some((i, c)) = text.char_indices().find(|&(_, c)| hidden(c)) {
        panic!(
            "{what}: control character U+{:04X} at byte {i} reaches the terminal:\n{text:?}",
            c as u32
        );
    }
}

/// Fails unless every ESC in `text` starts an SGR sequence (`ESC [ digits;… m`), every colour
/// opened is reset on the same line, and no other control but `\n` is present. Returns the text
/// without its SGR sequences.
pub(crate) fn assert_only_own_sgr(what: &str, text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut plain = String::new();
    for (n, line) in text.split('\n').enumerate() {
        let mut open = false;
        let mut rest = line;
        while let Some(i) = rest.find('\u{1b}') {
            plain.push_str(&rest[..i]);
            let seq = &rest[i + 1..];
            let end = seq
                .find('m')
                .filter(|&e| {
                    seq.starts_with('[')
                        && seq[1..e].chars().all(|c| c.is_ascii_digit() || c == ';')
                })
                .unwrap_or_else(|| {
                    panic!("{what}: line {n}: an ESC that is not jwtadm's SGR: {line:?}")
                });
            let params = &seq[1..end];
            open = !matches!(params, "0" | "" | "39" | "22" | "49");
            rest = &seq[end + 1..];
        }
        plain.push_str(rest);
        plain.push('\n');
        assert!(!open, "{what}: line {n} leaves a colour on: {line:?}");
    }
    assert_no_controls(what, &plain);
    plain
}

/// Runs `jwtadm ARGS` under a pseudo-terminal (util-linux `script`), so that stdout and stderr
/// are terminals and jwtadm colours them. `None` when `script` is not installed.
fn under_terminal(dir: &Path, args: &[&str]) -> Option<String> {
    let bin = assert_cmd::cargo::cargo_bin("jwtadm");
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let mut line = quote(&bin.display().to_string());
    for a in args {
        line.push(' ');
        line.push_str(&quote(a));
    }
    let out = std::process::Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("JWTADM_NOW", NOW)
        .env("JWT_SECRET_KEY", SECRET)
        .env("XDG_STATE_HOME", state_home())
        .env("TERM", "xterm-256color")
        .output();
    match out {
        Ok(o) if o.status.code().is_some() => Some(String::from_utf8(o.stdout).unwrap()),
        _ => {
            eprintln!("skipped: util-linux `script` is not available to run jwtadm under a pty");
            None
        }
    }
}

#[test]
fn inspect_shows_hostile_claims_escaped_in_a_pipe() {
    let out = jwtadm()
        .args(["token", "inspect", &hostile_token()])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert_no_controls("inspect stdout", &text);
    assert_no_controls("inspect stderr", &stderr(&out));
    for shown in [
        r"x\u{1b}[8m",
        r"a\u{1b}]0;pwned\u{7}",
        r"\u{1b}[2J\u{9b}2J\u{7f}",
        r"k\u{202e}evil",
        r"ok\u{a}Status: valid until 2099",
    ] {
        assert!(text.contains(shown), "{shown} is not shown: {text}");
    }
    assert!(text.contains("\nStatus: expired"), "{text}");
    assert!(
        !text.lines().any(|l| l.starts_with("Status: valid")),
        "a claim fakes the status line: {text}"
    );
}

#[test]
fn inspect_under_a_terminal_colours_only_its_own_text() {
    let dir = tempfile::tempdir().unwrap();
    let token = hostile_token();
    let Some(text) = under_terminal(dir.path(), &["token", "inspect", &token]) else {
        return;
    };
    assert!(
        text.contains("\u{1b}[33m"),
        "no colour under a pty: {text:?}"
    );
    let plain = assert_only_own_sgr("inspect under a pty", &text);
    assert!(plain.contains(r"x\u{1b}[8m"), "{plain}");
    assert!(plain.contains("Status: expired"), "{plain}");
}

#[test]
fn inspect_coloured_tables_keep_their_borders() {
    let dir = tempfile::tempdir().unwrap();
    let Some(text) = under_terminal(
        dir.path(),
        &["token", "verify", "--iss", "other", SEED_TOKEN],
    ) else {
        return;
    };
    let plain = assert_only_own_sgr("verify under a pty", &text);
    let widths: Vec<usize> = plain
        .lines()
        .filter(|l| l.starts_with(['┌', '│', '╞', '└']))
        .map(|l| l.chars().count())
        .collect();
    assert!(widths.len() > 3, "{plain}");
    assert!(
        widths.iter().all(|&w| w == widths[0]),
        "ragged table: {plain}"
    );
}

#[test]
fn verify_shows_hostile_claims_escaped_in_checks_and_hints() {
    let out = jwtadm()
        .args([
            "token",
            "verify",
            "--iss",
            "exai-mcp-server",
            &hostile_token(),
        ])
        .output()
        .unwrap();
    let (o, e) = (stdout(&out), stderr(&out));
    assert_no_controls("verify stdout", &o);
    assert_no_controls("verify stderr", &e);
    assert!(o.contains(r#"found "x\u{1b}[8m""#), "{o}");
    assert!(o.contains("Token rejected"), "{o}");
}

#[test]
fn verify_under_a_terminal_colours_only_its_own_text() {
    let dir = tempfile::tempdir().unwrap();
    let token = hostile_token();
    let Some(text) = under_terminal(
        dir.path(),
        &["token", "verify", "--iss", "exai-mcp-server", &token],
    ) else {
        return;
    };
    let plain = assert_only_own_sgr("verify under a pty", &text);
    assert!(plain.contains(r"\u{1b}[8m"), "{plain}");
    // The hint reissues with the token's claims: quoted, and escaped too.
    assert!(!text.contains("\u{1b}]0;"), "{text:?}");
}

#[test]
fn json_output_keeps_control_characters_exact() {
    let out = jwtadm()
        .args(["-o", "json", "token", "inspect", &hostile_token()])
        .output()
        .unwrap();
    let v = json(&out);
    assert_eq!(v["claims"]["iss"], "x\u{1b}[8m");
    assert_eq!(v["claims"]["clear"], "\u{1b}[2J\u{9b}2J\u{7f}");
    assert_eq!(v["header"]["kid"], "k\u{202e}evil");
    assert!(
        stdout(&out).contains(r"\u001b[8m"),
        "JSON escapes it its own way"
    );
}

#[test]
fn errors_escape_a_file_name_with_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let name = dir.path().join("cfg\u{1b}]0;pwned\u{7}\u{1b}[2J.json");
    let out = jwtadm()
        .args(["token", "inspect", "--from-config"])
        .arg(&name)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let e = stderr(&out);
    assert_no_controls("error", &e);
    assert!(e.contains(r"cfg\u{1b}]0;pwned\u{7}\u{1b}[2J.json"), "{e}");
}

#[test]
fn config_warnings_escape_server_names_and_values_from_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("mcp.json");
    std::fs::write(
        &cfg,
        r#"{"mcpServers": {"evil\u001b]0;pwned\u0007": {"env": {"EXAI_JWT_TOKEN": "${input:tok\u001b[2J}"}}}}"#,
    )
    .unwrap();
    let out = jwtadm()
        .args(["config", "patch", "--token", SEED_TOKEN])
        .arg(&cfg)
        .output()
        .unwrap();
    let e = stderr(&out);
    assert_no_controls("config patch stderr", &e);
    assert_no_controls("config patch stdout", &stdout(&out));
    assert!(e.contains(r"evil\u{1b}]0;pwned\u{7}"), "{e}");
    assert!(e.contains(r"${input:tok\u{1b}[2J}"), "{e}");
}

#[test]
fn inspect_from_config_escapes_the_server_name_label() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("mcp.json");
    std::fs::write(
        &cfg,
        format!(
            r#"{{"mcpServers": {{"evil\u001b[2J\nStatus: valid": {{"env": {{"EXAI_JWT_TOKEN": "{SEED_TOKEN}"}}}}}}}}"#
        ),
    )
    .unwrap();
    let out = jwtadm()
        .args(["token", "inspect", "--from-config"])
        .arg(&cfg)
        .output()
        .unwrap();
    let o = stdout(&out);
    assert_no_controls("inspect --from-config", &o);
    assert!(o.contains(r"server evil\u{1b}[2J\u{a}Status: valid"), "{o}");
}

#[test]
fn roster_client_names_are_escaped_in_tables_and_warnings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("clients.toml"),
        "[secret]\nsource = \"env:JWT_SECRET_KEY\"\n[[clients]]\nname = \"evil\\u001b]0;pwned\\u0007\"\nsub = \"s\\u009b2J\"\n",
    )
    .unwrap();
    let out = jwtadm()
        .current_dir(dir.path())
        .args(["token", "issue-all", "clients.toml"])
        .output()
        .unwrap();
    let o = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_no_controls("issue-all", &o);
    assert!(o.contains(r"evil\u{1b}]0;pw"), "{o}");
    assert!(o.contains(r"s\u{9b}2J"), "{o}");
    let out = jwtadm()
        .current_dir(dir.path())
        .args(["token", "status", "clients.toml"])
        .output()
        .unwrap();
    let e = stderr(&out);
    assert_no_controls("status stderr", &e);
    assert!(
        e.contains(r"client evil\u{1b}]0;pwned\u{7} has no configs"),
        "{e}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Whatever characters a claim holds, `token inspect` shows none of them raw.
    #[test]
    fn no_claim_text_reaches_the_terminal_raw(value in prop_oneof![
        any::<String>(),
        "[\\x00-\\x20\\x7f-\\u{a0}\\u{61c}\\u{200e}\\u{200f}\\u{2028}-\\u{202e}\\u{2066}-\\u{2069}a\\[;]{0,40}",
    ]) {
        let payload = serde_json::json!({"sub": value, "iss": value, "exp": 1793661073, value.clone(): 1}).to_string();
        let header = serde_json::json!({"alg": "HS256", "kid": value}).to_string();
        let out = jwtadm().args(["token", "inspect", &signed(&header, &payload)]).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        prop_assert!(out.status.code() == Some(0), "{text}");
        if let Some(c) = text.chars().find(|&c| hidden(c)) {
            prop_assert!(false, "U+{:04X} reaches the terminal: {text:?}", c as u32);
        }
    }
}

/// Found by the second red team: characters that show nothing made `admin\u{200b}@x` look like
/// `admin@x`, and the tag characters smuggle text ("ASCII smuggling").
#[test]
fn invisible_characters_in_a_claim_are_shown_escaped() {
    for (cp, shown) in [
        ('\u{200b}', r"\u{200b}"),
        ('\u{feff}', r"\u{feff}"),
        ('\u{2060}', r"\u{2060}"),
        ('\u{00ad}', r"\u{ad}"),
        ('\u{3164}', r"\u{3164}"),
        ('\u{e0041}', r"\u{e0041}"),
    ] {
        let payload = format!(
            r#"{{"sub":"admin{}@x","iss":"exai-mcp-server","aud":"exai-mcp-client","iat":1762125073,"exp":1793661073}}"#,
            cp
        );
        let out = jwtadm()
            .args([
                "token",
                "inspect",
                &signed(r#"{"alg":"HS256","typ":"JWT"}"#, &payload),
            ])
            .output()
            .unwrap();
        let text = stdout(&out);
        assert!(
            !text.contains(cp),
            "U+{:04X} reached the terminal raw",
            cp as u32
        );
        assert!(text.contains(shown), "{shown} not shown: {text}");
    }
}
