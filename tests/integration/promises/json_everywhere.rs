//! With `-o json`, every command prints one JSON document on stdout, even when it fails:
//! `{"error": {"message", "hint", "exit_code"}}` (and for `token verify`, `"valid": false` and
//! `"exit_code"` beside it), with the exit code unchanged and the human line still on stderr.

use crate::common::*;

fn run(args: &[&str]) -> std::process::Output {
    jwtadm().args(args).output().unwrap()
}

/// One JSON document on stdout holding `error`, with the exit code `code` in it and as the
/// process's; the human message on stderr.
fn json_error(out: &std::process::Output, code: i32) -> serde_json::Value {
    assert_eq!(out.status.code(), Some(code), "{}", stderr(out));
    let v = json(out);
    assert_eq!(v["error"]["exit_code"], code, "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{v}"
    );
    assert!(stderr(out).starts_with("error: "), "{}", stderr(out));
    v
}

#[test]
fn verify_of_a_malformed_token_prints_valid_false_and_the_error() {
    let out = run(&["-o", "json", "token", "verify", "not-a-token"]);
    let v = json_error(&out, 1);
    assert_eq!(v["valid"], false);
    assert_eq!(v["exit_code"], 1);
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("3 segments"),
        "{v}"
    );
}

#[test]
fn inspect_of_a_malformed_token_prints_the_error() {
    let out = run(&["-o", "json", "token", "inspect", "a.b"]);
    json_error(&out, 1);
}

#[test]
fn issue_without_a_secret_prints_the_error_and_its_hint() {
    let out = jwtadm()
        .env_remove("JWT_SECRET_KEY")
        .args(["-o", "json", "token", "issue", "--sub", "x"])
        .output()
        .unwrap();
    let v = json_error(&out, 4);
    assert!(
        v["error"]["hint"]
            .as_str()
            .unwrap()
            .contains("JWT_SECRET_KEY"),
        "{v}"
    );
    // Not a verify: no verdict beside the error.
    assert!(v.get("valid").is_none(), "{v}");
}

#[test]
fn status_of_a_missing_roster_prints_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = jwtadm()
        .current_dir(dir.path())
        .args(["-o", "json", "token", "status", "nowhere.toml"])
        .output()
        .unwrap();
    let v = json_error(&out, 4);
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("nowhere.toml"),
        "{v}"
    );
}

#[test]
fn a_usage_error_prints_the_error_with_exit_2() {
    let out = run(&["token", "verify", "--bogus", "-o", "json"]);
    let v = json_error(&out, 2);
    assert!(
        v["error"]["message"].as_str().unwrap().contains("--bogus"),
        "{v}"
    );
    assert_eq!(v["valid"], false);
}

#[test]
fn a_usage_error_quoting_a_secret_does_not_print_it_in_json() {
    // A secret pasted as --secret's value is refused without being quoted, in JSON too.
    let out = run(&[
        "-o", "json", "token", "verify", "--secret", SECRET, SEED_TOKEN,
    ]);
    json_error(&out, 2);
    assert!(!stdout(&out).contains(SECRET), "{}", stdout(&out));
}

#[test]
fn a_usage_error_without_json_prints_nothing_on_stdout() {
    let out = run(&["token", "verify", "--bogus"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

#[test]
fn inspect_from_config_gives_the_source_as_fields() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("mcp.json"),
        format!("{{\n  \"mcpServers\": {{\n    \"exai\": {{ \"env\": {{ \"EXAI_JWT_TOKEN\": \"{SEED_TOKEN}\" }} }}\n  }}\n}}\n"),
    )
    .unwrap();
    let out = jwtadm()
        .current_dir(dir.path())
        .args([
            "-o",
            "json",
            "token",
            "inspect",
            "--from-config",
            "mcp.json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(
        v[0]["source"],
        serde_json::json!({"file": "mcp.json", "server": "exai", "line": 3})
    );
}
