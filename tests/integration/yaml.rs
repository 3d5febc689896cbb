//! YAML configurations (Continue, Goose) end to end: `config patch`, `token issue-all --patch`,
//! `token status`, `token inspect`/`verify --from-config`, and the refusals, which name
//! `file:line:column` and write nothing. The byte-for-byte fixtures are in
//! tests/fixtures/patch (CASES.tsv), run by patch.rs and roster.rs with every other format.

use std::path::{Path, PathBuf};

use crate::common::*;

const NEW: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ2c2NvZGUxQGV4YWktbWNwLmxvY2FsIiwiaWF0IjoxNzk0MDAwMDAwfQ.TESTnewSIGNATUREtestNEWsignatureTESTnewSIGw";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/patch")
}

fn stage(dir: &Path, file: &str) -> PathBuf {
    let path = dir.join(file);
    std::fs::copy(fixtures().join(file), &path).unwrap();
    path
}

fn expected(file: &str) -> Vec<u8> {
    let dot = file.rfind('.').unwrap();
    std::fs::read(fixtures().join(format!("{}.expected{}", &file[..dot], &file[dot..]))).unwrap()
}

/// `text` equals `before` but for one token where `before` has SEED_TOKEN; returns that token.
fn only_the_token_changed(before: &str, after: &str) -> String {
    let at = before
        .find(SEED_TOKEN)
        .expect("the seed token is in the original");
    assert_eq!(
        &after[..at],
        &before[..at],
        "bytes before the token changed"
    );
    let tail = &before[at + SEED_TOKEN.len()..];
    assert!(
        after.ends_with(tail),
        "bytes after the token changed:\n{after}"
    );
    after[at..after.len() - tail.len()].to_string()
}

#[test]
fn config_patch_rewrites_continue_env_and_goose_header() {
    let dir = tempfile::tempdir().unwrap();
    for (file, args) in [
        ("continue_config.yaml", &[][..]),
        ("continue_block.yaml", &[][..]),
        ("goose_config.yaml", &["--server", "exai-mcp"][..]),
        ("goose_headers.yaml", &["--header", "Authorization"][..]),
        ("continue_remote.yaml", &["--header", "Authorization"][..]),
    ] {
        let path = stage(dir.path(), file);
        let out = jwtadm()
            .args(["config", "patch", "--token", NEW])
            .args(args)
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{file}: {}", stderr(&out));
        assert_eq!(std::fs::read(&path).unwrap(), expected(file), "{file}");
    }
}

#[test]
fn yaml_refusals_name_line_and_column_and_write_nothing() {
    for (file, at, what) in [
        ("err_alias.yaml", ":6:23:", "alias (*token)"),
        ("err_tag.yaml", ":5:23:", "tag !secret"),
        ("err_multi_doc.yaml", ":5:1:", "second YAML document"),
        ("err_block_scalar.yaml", ":5:9:", "block scalar (>)"),
        ("err_escape.yaml", ":4:23:", "escape sequences"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = stage(dir.path(), file);
        let before = snapshot(dir.path());
        let out = jwtadm()
            .args(["config", "patch", "--token", NEW])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(4), "{file}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(&format!("{file}{at}")), "{file}: {err}");
        assert!(err.contains(what), "{file}: {err}");
        assert_eq!(snapshot(dir.path()), before, "{file} changed");
    }
}

/// A roster whose clients' configs are Continue's and Goose's YAML files.
fn yaml_roster(dir: &Path) {
    for f in [
        "continue_config.yaml",
        "goose_headers.yaml",
        "goose_config.yaml",
    ] {
        stage(dir, f);
    }
    std::fs::write(
        dir.join("clients.toml"),
        "[defaults]\nissuer = \"exai-mcp-server\"\naudience = \"exai-mcp-client\"\nexpires = \"90d\"\n\
         [secret]\nsource = \"env:JWT_SECRET_KEY\"\n\
         [[clients]]\nname = \"continue\"\nsub = \"continue@exai-mcp.local\"\nconfigs = [\"continue_config.yaml\"]\n\
         [[clients]]\nname = \"goose\"\nsub = \"goose@exai-mcp.local\"\n\
         configs = [{ path = \"goose_headers.yaml\", header = \"Authorization\" }, { path = \"goose_config.yaml\", server = \"exai-mcp\" }]\n",
    )
    .unwrap();
}

#[test]
fn issue_all_patches_yaml_configs_and_status_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    yaml_roster(d);
    let read = |f: &str| std::fs::read_to_string(d.join(f)).unwrap();
    let before: Vec<String> = [
        "continue_config.yaml",
        "goose_headers.yaml",
        "goose_config.yaml",
    ]
    .iter()
    .map(|f| read(f))
    .collect();
    // The seeds' token has another subject: status says so before anything is issued.
    let out = jwtadm()
        .current_dir(d)
        .args(["token", "status"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let out = jwtadm()
        .current_dir(d)
        .args(["token", "issue-all", "--patch"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let continue_token = only_the_token_changed(&before[0], &read("continue_config.yaml"));
    let header_token = only_the_token_changed(&before[1], &read("goose_headers.yaml"));
    let goose_token = only_the_token_changed(&before[2], &read("goose_config.yaml"));
    assert_ne!(continue_token, SEED_TOKEN);
    assert_eq!(header_token, goose_token, "one client, one token");
    // The staging extension, not named in the roster, keeps the old token.
    assert!(read("goose_config.yaml").contains(&format!("{{EXAI_JWT_TOKEN: '{SEED_TOKEN}'}}")));
    let out = jwtadm()
        .current_dir(d)
        .args(["-o", "json", "token", "status"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let text = stdout(&out);
    for f in [
        "continue_config.yaml",
        "goose_headers.yaml",
        "goose_config.yaml",
    ] {
        assert!(text.contains(f), "{f} not in the status: {text}");
    }
    // The tokens are the roster's: inspect finds the subject where each file keeps it.
    let out = jwtadm()
        .current_dir(d)
        .args([
            "-o",
            "json",
            "token",
            "inspect",
            "--from-config",
            "goose_headers.yaml",
        ])
        .args(["--header", "Authorization"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&out)[0]["claims"]["sub"], "goose@exai-mcp.local");
}

#[test]
fn inspect_and_verify_from_config_read_yaml() {
    let out = jwtadm()
        .args(["-o", "json", "token", "inspect", "--from-config"])
        .arg(fixtures().join("goose_config.yaml"))
        .args(["--server", "exai-mcp"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v[0]["claims"]["sub"], "vscode1@exai-mcp.local");
    assert_eq!(v[0]["source"]["server"], "exai-mcp");
    let out = jwtadm()
        .args(["token", "verify", "--from-config"])
        .arg(fixtures().join("continue_remote.yaml"))
        .args(["--header", "Authorization", "--aud", "exai-mcp-client"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("Token valid"), "{}", stdout(&out));
    // A refused file is refused for reading too, naming the place.
    let out = jwtadm()
        .args(["token", "inspect", "--from-config"])
        .arg(fixtures().join("err_alias.yaml"))
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("err_alias.yaml:6:23:"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_yml_name_or_yaml_content_without_one_is_read_as_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixtures().join("continue_config.yaml")).unwrap();
    for name in ["config.yml", "config"] {
        let path = dir.path().join(name);
        std::fs::write(&path, &text).unwrap();
        jwtadm()
            .args(["config", "patch", "--token", NEW])
            .arg(&path)
            .assert()
            .code(0);
        assert_eq!(
            std::fs::read(&path).unwrap(),
            expected("continue_config.yaml"),
            "{name}"
        );
    }
}

#[test]
fn a_yaml_dry_run_writes_nothing_and_shows_the_token_shortened() {
    let dir = tempfile::tempdir().unwrap();
    let path = stage(dir.path(), "goose_headers.yaml");
    let before = snapshot(dir.path());
    let out = jwtadm()
        .args([
            "config",
            "patch",
            "--dry-run",
            "--header",
            "Authorization",
            "--token",
            NEW,
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stdout(&out).contains(NEW) && !stdout(&out).contains(SEED_TOKEN));
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn a_utf16_yaml_file_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    let text = format!("extensions:\n  e:\n    envs:\n      EXAI_JWT_TOKEN: {SEED_TOKEN}\n");
    let mut bytes = vec![0xff, 0xfe];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&path, &bytes).unwrap();
    let out = jwtadm()
        .args(["config", "patch", "--token", NEW])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains("config.yaml"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn a_server_named_twice_in_a_list_is_refused_not_both_rewritten() {
    // README: "a server defined twice … is an error, not a guess": Continue's YAML list and
    // Augment's JSON array as much as a by-name map.
    let yaml = "mcpServers:\n  - name: exai\n    env:\n      EXAI_JWT_TOKEN: a\n  - name: exai\n    env:\n      EXAI_JWT_TOKEN: b\n";
    let json = r#"{"augment.advanced": {"mcpServers": [
  {"name": "exai", "env": {"EXAI_JWT_TOKEN": "a"}},
  {"name": "exai", "env": {"EXAI_JWT_TOKEN": "b"}}
]}}"#;
    for (file, text, at) in [
        ("config.yaml", yaml, ":5:11:"),
        ("settings.json", json, ":3:12:"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(file);
        std::fs::write(&path, text).unwrap();
        let out = jwtadm()
            .args(["config", "patch", "--server", "exai", "--token", NEW])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(4), "{file}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(&format!("{file}{at}")), "{file}: {err}");
        assert!(err.contains("\"exai\" is defined twice"), "{file}: {err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "{file}");
    }
}
