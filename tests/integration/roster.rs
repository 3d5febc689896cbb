//! `token issue-all` and `token status` over a roster whose clients use every config format.

use std::path::{Path, PathBuf};

use crate::common::*;
use predicates::prelude::*;

/// The token the fixtures' expected files hold where the patcher writes.
const FIXTURE_NEW: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ2c2NvZGUxQGV4YWktbWNwLmxvY2FsIiwiaWF0IjoxNzk0MDAwMDAwfQ.TESTnewSIGNATUREtestNEWsignatureTESTnewSIGw";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/patch")
}

fn expected_name(file: &str) -> String {
    let dot = file.rfind('.').unwrap();
    format!("{}.expected{}", &file[..dot], &file[dot..])
}

/// A roster in `dir` with one client per positive fixture (configs in every format), a shared
/// .env with one line per client, and the secret in a dotenv file. Returns the fixture files.
fn every_format_roster(dir: &Path, extra_config: Option<&str>) -> Vec<(String, String)> {
    let cases = std::fs::read_to_string(fixtures().join("CASES.tsv")).unwrap();
    let mut roster = String::from(
        "audit_log = \"audit.jsonl\"\n[defaults]\nissuer = \"exai-mcp-server\"\naudience = \"exai-mcp-client\"\nexpires = \"365d\"\n\
         [secret]\nsource = \"dotenv:.env.docker#JWT_SECRET_KEY\"\n",
    );
    std::fs::write(
        dir.join(".env.docker"),
        format!("JWT_SECRET_KEY={SECRET}\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join(".env"),
        "# tokens\nEXAI_JWT_TOKEN_C0=placeholder\n",
    )
    .unwrap();
    let mut files = Vec::new();
    for (i, line) in cases
        .lines()
        .filter(|l| !l.contains("\terror:") && !l.contains("\twarn:"))
        .enumerate()
    {
        let c: Vec<&str> = line.split('\t').collect();
        let file = c[0];
        std::fs::copy(fixtures().join(file), dir.join(file)).unwrap();
        let mut cfg = format!("{{ path = \"{file}\"");
        if c[1] != "-" {
            cfg.push_str(&format!(", var = \"{}\"", c[1]));
        }
        if c[2] != "-" {
            cfg.push_str(&format!(", server = \"{}\"", c[2]));
        }
        if c[3] != "-" {
            cfg.push_str(&format!(", header = \"{}\"", c[3]));
        }
        cfg.push_str(" }");
        let extra = if i == 0 {
            extra_config
                .map(|e| format!(", \"{e}\""))
                .unwrap_or_default()
        } else {
            String::new()
        };
        roster.push_str(&format!(
            "[[clients]]\nname = \"c{i}\"\nsub = \"c{i}@exai-mcp.local\"\nconfigs = [{cfg}{extra}]\ndotenv = {{ path = \".env\", key = \"EXAI_JWT_TOKEN_C{i}\" }}\n\
             [clients.claims]\nrole = \"user\"\nquota = {}\n",
            100 + i
        ));
        files.push((format!("c{i}"), file.to_string()));
    }
    std::fs::write(dir.join("clients.toml"), roster).unwrap();
    files
}

fn issue_all(dir: &Path, args: &[&str]) -> std::process::Output {
    jwtadm()
        .current_dir(dir)
        .args(["-o", "json", "token", "issue-all"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn patch_over_every_format_changes_only_the_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let files = every_format_roster(dir.path(), None);
    let out = issue_all(dir.path(), &["--patch"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    let clients = v["clients"].as_array().unwrap();
    assert_eq!(clients.len(), files.len());
    let iat = clients[0]["iat"].clone();
    for (client, file) in &files {
        let issued = clients
            .iter()
            .find(|c| c["name"] == client.as_str())
            .unwrap();
        assert_eq!(issued["iat"], iat, "every token has the same iat");
        let token = issued["token"].as_str().unwrap();
        let expected = std::fs::read_to_string(fixtures().join(expected_name(file)))
            .unwrap()
            .replace(FIXTURE_NEW, token);
        let got = std::fs::read_to_string(dir.path().join(file)).unwrap();
        assert!(
            got == expected,
            "{file} differs from its expected file with {client}'s token:\n{got}"
        );
    }
    // The shared .env got one line per client, the placeholder line replaced in place.
    let env = std::fs::read_to_string(dir.path().join(".env")).unwrap();
    assert!(env.starts_with("# tokens\nEXAI_JWT_TOKEN_C0=eyJ"), "{env}");
    assert_eq!(env.lines().count(), 1 + files.len());
    // The audit log has one line per token and never a token.
    let audit = std::fs::read_to_string(dir.path().join("audit.jsonl")).unwrap();
    assert_eq!(audit.lines().count(), files.len());
    for line in audit.lines() {
        let entry: serde_json::Value = serde_json::from_str(line).unwrap();
        for key in [
            "time",
            "client",
            "sub",
            "jti",
            "iat",
            "exp",
            "secret_fingerprint",
            "files_written",
        ] {
            assert!(entry.get(key).is_some(), "audit line lacks {key}: {line}");
        }
        assert!(!line.contains("eyJ"), "a token in the audit log: {line}");
    }
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| {
            let n = e.unwrap().file_name().to_string_lossy().into_owned();
            (n.contains(".jwtadm-") || n.ends_with(".bak")).then_some(n)
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // status: every token found, right subject, valid: exit 0.
    let out = jwtadm()
        .current_dir(dir.path())
        .args(["-o", "json", "token", "status"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let v = json(&out);
    assert_eq!(v["entries"].as_array().unwrap().len(), 2 * files.len());
    assert!(
        v["entries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["state"] == "ok")
    );
}

#[test]
fn one_broken_target_stops_the_run_with_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixtures().join("err_number.json"),
        dir.path().join("err_number.json"),
    )
    .unwrap();
    every_format_roster(dir.path(), Some("err_number.json"));
    let before = snapshot(dir.path());
    let out = issue_all(dir.path(), &["--patch"]);
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stderr(&out).contains("err_number.json:"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(dir.path()), before, "a failed run changed a file");
    // A missing target too.
    let dir = tempfile::tempdir().unwrap();
    every_format_roster(dir.path(), Some("does-not-exist.json"));
    let before = snapshot(dir.path());
    let out = issue_all(dir.path(), &["--patch"]);
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stderr(&out).contains("does-not-exist.json: no such file"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn dry_run_writes_nothing_and_only_picks_clients() {
    let dir = tempfile::tempdir().unwrap();
    every_format_roster(dir.path(), None);
    let before = snapshot(dir.path());
    let out = jwtadm()
        .current_dir(dir.path())
        .args(["token", "issue-all", "--patch", "--dry-run", "--only", "c0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let diff = stdout(&out);
    assert!(
        diff.contains("--- ./claude_desktop.json") || diff.contains("claude_desktop.json"),
        "{diff}"
    );
    assert!(
        diff.contains("-EXAI_JWT_TOKEN_C0: (not a JWT, 11 characters)"),
        "{diff}"
    );
    assert!(diff.contains("…"), "tokens are shortened: {diff}");
    assert!(
        !diff.contains("seeds_daemon.json"),
        "--only c0 touched another client: {diff}"
    );
    assert_eq!(snapshot(dir.path()), before);
    jwtadm()
        .current_dir(dir.path())
        .args(["token", "issue-all", "--only", "nobody"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no such client"));
}

#[test]
fn backup_keeps_every_replaced_file() {
    let dir = tempfile::tempdir().unwrap();
    let files = every_format_roster(dir.path(), None);
    let out = issue_all(dir.path(), &["--patch", "--backup", "--only", "c1"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (_, file) = &files[1];
    assert_eq!(
        std::fs::read(dir.path().join(format!("{file}.bak"))).unwrap(),
        std::fs::read(fixtures().join(file)).unwrap()
    );
    assert!(dir.path().join(".env.bak").exists());
}

#[test]
fn status_exit_codes_gate_ci() {
    let dir = tempfile::tempdir().unwrap();
    every_format_roster(dir.path(), None);
    assert_eq!(issue_all(dir.path(), &["--patch"]).status.code(), Some(0));
    let status = |args: &[&str]| {
        jwtadm()
            .current_dir(dir.path())
            .args(["token", "status"])
            .args(args)
            .output()
            .unwrap()
    };
    assert_eq!(status(&[]).status.code(), Some(0));
    // Within the warning window, or past expiry: 3.
    let out = status(&["--warn-within", "400d"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stdout(&out).contains("expiring"), "{}", stdout(&out));
    let out = status(&["--at", "2030-01-01"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stdout(&out).contains("expired"));
    // A token of the wrong client, a missing variable, a foreign signature: 1.
    let env = dir.path().join(".env");
    let text = std::fs::read_to_string(&env).unwrap();
    let c1 = text
        .lines()
        .find(|l| l.starts_with("EXAI_JWT_TOKEN_C1="))
        .unwrap()
        .to_string();
    let c0 = text
        .lines()
        .find(|l| l.starts_with("EXAI_JWT_TOKEN_C0="))
        .unwrap()
        .to_string();
    std::fs::write(&env, text.replace(&c0, &c1.replace("_C1=", "_C0="))).unwrap();
    let out = status(&[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("mismatch"), "{}", stdout(&out));
    std::fs::write(&env, text.replace(&c0, "")).unwrap();
    let out = status(&["-o", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        json(&out)["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["state"] == "missing")
    );
    std::fs::write(
        &env,
        text.replace(&c0, &format!("EXAI_JWT_TOKEN_C0={SEED_TOKEN}")),
    )
    .unwrap();
    let out = status(&["--at", "2026-01-01"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("invalid"));
    // A roster that cannot be read: 4.
    jwtadm()
        .current_dir(dir.path())
        .args(["token", "status", "missing.toml"])
        .assert()
        .code(4);
}

#[test]
fn roster_errors_name_the_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("clients.toml");
    std::fs::write(
        &roster,
        "[[clients]]\nname = \"a\"\nsub = \"a\"\nexpiry = \"1d\"\n",
    )
    .unwrap();
    jwtadm()
        .arg("token")
        .arg("issue-all")
        .arg(&roster)
        .assert()
        .code(4)
        .stderr(predicate::str::contains(
            "clients.toml:4:1: unknown field `expiry`",
        ));
}

/// The README's main job, on a copy of the repository's sample roster and examples.
#[test]
fn the_sample_roster_works_from_a_fresh_clone() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo.join("clients.toml"), dir.path().join("clients.toml")).unwrap();
    let examples = dir.path().join("examples/config/daemon");
    std::fs::create_dir_all(&examples).unwrap();
    for f in [
        ".env",
        ".env.docker",
        "config/daemon/mcp-config.augmentcode.vscode1.json",
        "config/daemon/mcp-config.augmentcode.vscode2.json",
        "config/daemon/mcp-config.claude.json",
    ] {
        std::fs::copy(
            repo.join("examples").join(f),
            dir.path().join("examples").join(f),
        )
        .unwrap();
    }
    // Before anything is issued, the sample's files hold tokens of the sample's own secret:
    // status says every one is ok, today (the real clock) as at the seeds' time.
    for real_clock in [false, true] {
        let mut cmd = jwtadm();
        if real_clock {
            cmd.env_remove("JWTADM_NOW");
        }
        let out = cmd
            .current_dir(dir.path())
            .env_remove("JWT_SECRET_KEY")
            .args(["-o", "json", "token", "status"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
        let v = json(&out);
        let entries = v["entries"].as_array().unwrap();
        assert_eq!(entries.len(), 6, "{v}");
        assert!(entries.iter().all(|e| e["state"] == "ok"), "{v}");
    }
    let out = jwtadm()
        .current_dir(dir.path())
        .env_remove("JWT_SECRET_KEY")
        .args(["-o", "json", "token", "issue-all"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    let subs: Vec<&str> = v["clients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["sub"].as_str().unwrap())
        .collect();
    assert_eq!(
        subs,
        [
            "vscode1@exai-mcp.local",
            "vscode2@exai-mcp.local",
            "claude@exai-mcp.local"
        ]
    );
    // The rotation walkthrough: patch, then status is green.
    jwtadm()
        .current_dir(dir.path())
        .env_remove("JWT_SECRET_KEY")
        .args(["token", "issue-all", "--patch"])
        .assert()
        .code(0);
    jwtadm()
        .current_dir(dir.path())
        .env_remove("JWT_SECRET_KEY")
        .args(["token", "status"])
        .assert()
        .code(0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("examples/tokens.audit.jsonl"))
            .unwrap()
            .lines()
            .count(),
        6
    );
}

/// The backups `--backup` leaves beside the sample's files are not offered to git.
#[test]
fn the_sample_backups_are_ignored_by_git() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for path in [
        "examples/.env.bak",
        "examples/.env.docker.bak",
        "examples/config/daemon/mcp-config.claude.json.bak",
    ] {
        let out = std::process::Command::new("git")
            .current_dir(repo)
            .args(["check-ignore", "-q", "--no-index", path])
            .output();
        match out {
            Ok(o) if o.status.code() == Some(128) || o.status.code().is_none() => {
                println!("SKIPPED gitignore test: not a git checkout");
                return;
            }
            Ok(o) => assert!(o.status.success(), "{path} is not ignored by git"),
            Err(_) => {
                println!("SKIPPED gitignore test: no git");
                return;
            }
        }
    }
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let mut roster = String::from("[secret]\nsource = \"dotenv:.env.docker#JWT_SECRET_KEY\"\n");
    std::fs::write(
        dir.path().join(".env.docker"),
        format!("JWT_SECRET_KEY={SECRET}\n"),
    )
    .unwrap();
    for i in 0..3000 {
        roster.push_str(&format!("[[clients]]\nname = \"c{i}\"\nsub = \"c{i}\"\n"));
    }
    std::fs::write(dir.path().join("clients.toml"), roster).unwrap();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("jwtadm"))
        .current_dir(dir.path())
        .env("XDG_STATE_HOME", state_home())
        .args(["-o", "json", "token", "issue-all"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status,
        stderr(&out)
    );
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}
