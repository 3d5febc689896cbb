//! Property tests of the central promises, on inputs proptest makes up: a patched file equals
//! the original outside the token, whatever else the file holds; a failed run changes nothing,
//! backups included; no output of any command contains the secret. Each property runs the real
//! binary, so a failing case is a command line to replay (proptest prints it, shrunk).

use std::path::Path;

use proptest::prelude::*;

use super::files::{OLD, mcp_json};
use crate::common::*;

fn config() -> ProptestConfig {
    config_with(24)
}

/// `cases` cases (each runs the binary), unless `JWTADM_PROPTEST_CASES` says how many.
pub(crate) fn config_with(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("JWTADM_PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(cases),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// A variable name other than the token's.
fn key() -> impl Strategy<Value = String> {
    "[A-Z][A-Z0-9_]{0,10}".prop_filter("not the token's variable", |k| k != "EXAI_JWT_TOKEN")
}

/// A value any of the formats can hold without escapes.
fn value() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 _./:@+=-]{0,24}"
}

fn comment() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 _.,:-]{0,30}"
}

/// One line of a dotenv file, in one of the ways people write them.
fn dotenv_line(k: String, v: String, style: u8, comment: String) -> String {
    match style % 6 {
        0 => format!("{k}={v}"),
        1 => format!("export {k}=\"{v}\""),
        2 => format!("{k} = '{v}'"),
        3 => format!("{k}=\"{v}\" # {comment}"),
        4 => format!("# {comment}"),
        _ => String::new(),
    }
}

fn dotenv_file() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((key(), value(), any::<u8>(), comment()), 0..8),
        any::<prop::sample::Index>(),
        0u8..4,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(lines, at, token_style, crlf, bom)| {
            let mut out: Vec<String> = lines
                .into_iter()
                .map(|(k, v, s, c)| dotenv_line(k, v, s, c))
                .collect();
            let token_line = match token_style {
                0 => format!("EXAI_JWT_TOKEN={OLD}"),
                1 => format!("export EXAI_JWT_TOKEN=\"{OLD}\""),
                2 => format!("EXAI_JWT_TOKEN='{OLD}'  # vscode1"),
                _ => format!("  EXAI_JWT_TOKEN = {OLD} # token"),
            };
            let i = at.index(out.len() + 1);
            out.insert(i, token_line);
            let eol = if crlf { "\r\n" } else { "\n" };
            let mut text = if bom {
                "\u{feff}".to_string()
            } else {
                String::new()
            };
            text.push_str(&out.join(eol));
            text.push_str(eol);
            text
        })
}

fn json_file() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((key(), value()), 0..6),
        any::<prop::sample::Index>(),
        prop::collection::vec((key(), value()), 0..3),
        any::<bool>(),
        any::<bool>(),
        comment(),
        "[ \t]{0,3}",
    )
        .prop_map(|(env, at, server_keys, jsonc, pretty, note, pad)| {
            let mut env: Vec<String> = env
                .into_iter()
                .map(|(k, v)| format!("\"{k}\":{pad}\"{v}\""))
                .collect();
            env.dedup();
            let i = at.index(env.len() + 1);
            env.insert(i, format!("\"EXAI_JWT_TOKEN\":{pad}\"{OLD}\""));
            let (nl, ind) = if pretty { ("\n", "  ") } else { ("", "") };
            let mut server: Vec<String> = server_keys
                .into_iter()
                .filter(|(k, _)| k != "env")
                .map(|(k, v)| format!("\"{k}\": \"{v}\""))
                .collect();
            server.dedup_by(|a, b| a.split(':').next() == b.split(':').next());
            server.push(format!(
                "\"env\": {{{nl}{ind}{ind}{ind}{}{nl}{ind}{ind}}}",
                env.join(&format!(",{nl}{ind}{ind}{ind}"))
            ));
            let comment = if jsonc {
                format!("// {note}\n")
            } else {
                String::new()
            };
            let trailing = if jsonc { "," } else { "" };
            format!(
                "{comment}{{{nl}{ind}\"mcpServers\": {{{nl}{ind}{ind}\"exai\": {{{}}}{trailing}{nl}{ind}}}{nl}}}\n",
                server.join(", ")
            )
        })
}

fn toml_file() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((key(), value()), 0..6),
        any::<prop::sample::Index>(),
        any::<bool>(),
        comment(),
    )
        .prop_map(|(env, at, inline, note)| {
            let mut seen = std::collections::HashSet::new();
            let mut env: Vec<String> = env
                .into_iter()
                .filter(|(k, _)| seen.insert(k.clone()))
                .map(|(k, v)| format!("{k} = \"{v}\""))
                .collect();
            let i = at.index(env.len() + 1);
            env.insert(i, format!("EXAI_JWT_TOKEN = \"{OLD}\""));
            if inline {
                format!(
                    "# {note}\n[mcp_servers.exai]\ncommand = \"python\"\nenv = {{ {} }}\n",
                    env.join(", ")
                )
            } else {
                format!(
                    "[mcp_servers.exai]\ncommand = \"python\" # {note}\n\n[mcp_servers.exai.env]\n{}\n",
                    env.join("\n")
                )
            }
        })
}

/// A Continue config (a list of servers, block or flow style) or a Goose config (extensions by
/// name), the token plain, single- or double-quoted, with comments, CRLF, a BOM, non-ASCII
/// text before the token, and anchors away from the token's path.
fn yaml_file() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((key(), value()), 0..6),
        any::<prop::sample::Index>(),
        0u8..3,
        0u8..4,
        (any::<bool>(), any::<bool>()),
        comment(),
        "[ ]{1,3}",
    )
        .prop_map(|(env, at, quote, shape, (crlf, bom), note, pad)| {
            let mut seen = std::collections::HashSet::new();
            let env: Vec<(String, String)> = env
                .into_iter()
                .filter(|(k, _)| seen.insert(k.clone()))
                .collect();
            let token = match quote {
                0 => OLD.to_string(),
                1 => format!("'{OLD}'"),
                _ => format!("\"{OLD}\""),
            };
            // Values in double quotes: any of value()'s characters is safe there.
            let mut block: Vec<String> = env
                .iter()
                .map(|(k, v)| format!("{k}:{pad}\"{v}\""))
                .collect();
            let i = at.index(block.len() + 1);
            block.insert(i, format!("EXAI_JWT_TOKEN:{pad}{token} # {note}"));
            let mut flow: Vec<String> = env
                .iter()
                .map(|(k, v)| format!("{k}: \"{v}\""))
                .collect();
            flow.insert(i, format!("EXAI_JWT_TOKEN: {token}"));
            let head = format!("# {note} — 設定 😀\nname: c\nversion: 0.0.1\nx-anchor: &a [1, 2]\nx-alias: *a\n");
            let body = match shape {
                0 => format!(
                    "mcpServers:\n  - name: other\n    command: x\n  - name: exai\n    env:\n      {}\n",
                    block.join("\n      ")
                ),
                1 => format!(
                    "mcpServers: [{{name: exai, env: {{{}}}}}]\n",
                    flow.join(", ")
                ),
                2 => format!(
                    "extensions:\n  exai:\n    type: stdio\n    envs:\n      {}\n",
                    block.join("\n      ")
                ),
                _ => format!(
                    "extensions:\n  exai: {{type: stdio, envs: {{{}}}}}\n",
                    flow.join(", ")
                ),
            };
            let mut text = if bom {
                "\u{feff}".to_string()
            } else {
                String::new()
            };
            text.push_str(&head);
            text.push_str(&body);
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            text
        })
}

/// Patch `name` holding `text` with SEED_TOKEN; the result must be the original with the
/// token's characters, and only those, replaced.
fn patched_equals_original_outside_the_token(name: &str, text: &str) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let out = jwtadm()
        .current_dir(dir.path())
        .args(["config", "patch", "--token", SEED_TOKEN, name])
        .output()
        .unwrap();
    prop_assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let after = std::fs::read_to_string(&path).unwrap();
    prop_assert_eq!(after, text.replacen(OLD, SEED_TOKEN, 1));
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_patched_dotenv_equals_the_original_outside_the_token(text in dotenv_file()) {
        patched_equals_original_outside_the_token(".env", &text)?;
    }

    #[test]
    fn a_patched_json_equals_the_original_outside_the_token(text in json_file()) {
        patched_equals_original_outside_the_token("mcp.json", &text)?;
    }

    #[test]
    fn a_patched_toml_equals_the_original_outside_the_token(text in toml_file()) {
        patched_equals_original_outside_the_token("config.toml", &text)?;
    }

    #[test]
    fn a_patched_yaml_equals_the_original_outside_the_token(text in yaml_file()) {
        patched_equals_original_outside_the_token("config.yaml", &text)?;
    }

    /// Several files patched with --backup, one of which cannot be: nothing changes, no
    /// backup included.
    #[test]
    fn a_failed_run_changes_nothing_backups_included(
        files in 2usize..5,
        failing in any::<prop::sample::Index>(),
        how in 0u8..4,
        old_backups in prop::collection::vec(any::<bool>(), 5),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let names: Vec<String> = (0..files).map(|i| format!("c{i}.json")).collect();
        for (i, name) in names.iter().enumerate() {
            std::fs::write(d.join(name), mcp_json(OLD, &format!("key-{i}"))).unwrap();
            if old_backups[i] {
                std::fs::write(d.join(format!("{name}.bak")), format!("backup {i}\n")).unwrap();
            }
        }
        let bad = &names[failing.index(files)];
        match how {
            // No token in it.
            0 => std::fs::write(d.join(bad), "{\"mcpServers\": {}}\n").unwrap(),
            // Not JSON.
            1 => std::fs::write(d.join(bad), "{\"mcpServers\": \n").unwrap(),
            // Its backup's place is a link.
            2 => {
                let _ = std::fs::remove_file(d.join(format!("{bad}.bak")));
                link(&d.join("elsewhere"), &d.join(format!("{bad}.bak")));
            }
            // Its backup's place is a folder.
            _ => {
                let _ = std::fs::remove_file(d.join(format!("{bad}.bak")));
                std::fs::create_dir(d.join(format!("{bad}.bak"))).unwrap();
            }
        }
        let before = snapshot(d);
        let out = jwtadm()
            .current_dir(d)
            .args(["config", "patch", "--backup", "--token", SEED_TOKEN])
            .args(&names)
            .output()
            .unwrap();
        prop_assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
        prop_assert_eq!(snapshot(d), before);
        prop_assert!(!d.join("elsewhere").exists(), "a backup went through a link");
    }

    /// Whatever the secret's text, no output of any command shows it: not in tables, JSON,
    /// errors or hints, wherever the secret lives.
    #[test]
    fn no_output_contains_the_secret(
        secret in "[A-Za-z0-9_+/=-]{32,64}",
        place in 0u8..3,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let source = match place {
            0 => "env:JWT_SECRET_KEY".to_string(),
            1 => {
                std::fs::write(d.join("jwt.key"), format!("{secret}\n")).unwrap();
                chmod(&d.join("jwt.key"), 0o600);
                "file:jwt.key".to_string()
            }
            _ => {
                std::fs::write(
                    d.join(".env"),
                    format!("JWT_SECRET_KEY={secret}\nEXAI_JWT_TOKEN={OLD}\n"),
                )
                .unwrap();
                "dotenv:.env#JWT_SECRET_KEY".to_string()
            }
        };
        std::fs::write(
            d.join("clients.toml"),
            format!(
                "[secret]\nsource = \"{source}\"\n[[clients]]\nname = \"a\"\nsub = \"a@x\"\nconfigs = [\"mcp.json\"]\n"
            ),
        )
        .unwrap();
        std::fs::write(d.join("mcp.json"), mcp_json(OLD, &secret)).unwrap();
        let runs: Vec<Vec<String>> = vec![
            vec!["secret", "check", "--secret", &source],
            vec!["secret", "fingerprint", "--secret", &source],
            vec!["-o", "json", "secret", "check", "--secret", &source],
            vec!["token", "verify", SEED_TOKEN, "--secret", &source],
            vec!["-o", "json", "token", "verify", SEED_TOKEN, "--secret", &source],
            vec!["token", "inspect", "--from-config", "mcp.json"],
            vec!["token", "status"],
            vec!["-o", "json", "token", "status"],
            vec!["token", "issue-all", "--patch", "--dry-run"],
            vec!["config", "patch", "--dry-run", "--token", SEED_TOKEN, "mcp.json"],
            // Mistakes: the secret itself where its source belongs.
            vec!["token", "verify", SEED_TOKEN, "--secret", &format!("env:{secret}")],
            vec!["token", "verify", SEED_TOKEN, "--secret", &format!("file:{secret}")],
            vec!["token", "verify", SEED_TOKEN, "--secret", &format!("dotenv:{secret}")],
            vec!["token", "verify", SEED_TOKEN, "--secret", &format!("keyring:{secret}")],
            vec!["token", "verify", SEED_TOKEN, "--secret", &secret],
        ]
        .into_iter()
        .map(|r| r.into_iter().map(String::from).collect())
        .collect();
        for args in runs {
            let out = jwtadm()
                .current_dir(d)
                .env("JWT_SECRET_KEY", &secret)
                .args(&args)
                .output()
                .unwrap();
            let text = format!("{}{}", stdout(&out), stderr(&out));
            prop_assert!(!text.contains(&secret), "{:?} shows the secret:\n{}", args, text);
            prop_assert!(!text.contains(&secret[..16]), "{:?} shows part of the secret:\n{}", args, text);
            prop_assert!(!text.contains("panicked"), "{:?}: {}", args, text);
        }
    }
}

#[cfg(unix)]
fn link(to: &Path, at: &Path) {
    std::os::unix::fs::symlink(to, at).unwrap();
}

#[cfg(not(unix))]
fn link(_to: &Path, at: &Path) {
    std::fs::create_dir(at).unwrap();
}
