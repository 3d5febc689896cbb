//! `token verify --from-config FILE` (with `--server`, `--var`, `--header`) verifies the token
//! a client is configured with, where it is: each token the file holds, each reported, the exit
//! the worst of them.

use std::path::Path;

use crate::common::*;

/// Servers `good` (the seeds' token), `broken` (not a JWT) and `elsewhere` (a reference).
fn three_servers(dir: &Path) {
    std::fs::write(
        dir.join("mcp.json"),
        format!(
            "{{\n  \"mcpServers\": {{\n    \"good\": {{ \"env\": {{ \"EXAI_JWT_TOKEN\": \"{SEED_TOKEN}\" }},\n      \"headers\": {{ \"Authorization\": \"Bearer {SEED_TOKEN}\" }} }},\n    \"broken\": {{ \"env\": {{ \"EXAI_JWT_TOKEN\": \"garbage\" }} }},\n    \"elsewhere\": {{ \"env\": {{ \"EXAI_JWT_TOKEN\": \"${{input:tok}}\" }} }}\n  }}\n}}\n"
        ),
    )
    .unwrap();
}

fn verify(dir: &Path, args: &[&str]) -> std::process::Output {
    jwtadm()
        .current_dir(dir)
        .args(["token", "verify", "--from-config", "mcp.json"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn verify_from_config_checks_the_token_of_one_server() {
    let dir = tempfile::tempdir().unwrap();
    three_servers(dir.path());
    let out = verify(
        dir.path(),
        &["--server", "good", "--aud", "exai-mcp-client"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("mcp.json — server good, line 3"), "{text}");
    assert!(text.contains("Token valid"), "{text}");
}

#[test]
fn verify_from_config_reads_a_header() {
    let dir = tempfile::tempdir().unwrap();
    three_servers(dir.path());
    let out = verify(
        dir.path(),
        &[
            "--server",
            "good",
            "--header",
            "Authorization",
            "--iss",
            "nobody",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("Token rejected"), "{}", stdout(&out));
}

#[test]
fn verify_from_config_reports_each_server_and_exits_with_the_worst() {
    let dir = tempfile::tempdir().unwrap();
    three_servers(dir.path());
    let out = verify(dir.path(), &["-o", "json", "--aud", "exai-mcp-client"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["valid"], false);
    assert_eq!(v["exit_code"], 1);
    let tokens = v["tokens"].as_array().unwrap();
    assert_eq!(tokens.len(), 2, "{v}");
    assert_eq!(tokens[0]["source"]["server"], "good");
    assert_eq!(tokens[0]["valid"], true);
    assert_eq!(tokens[1]["source"]["server"], "broken");
    assert_eq!(tokens[1]["valid"], false);
    assert!(
        tokens[1]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("segments")
    );
    assert_eq!(v["left_alone"][0]["server"], "elsewhere");
    assert!(stderr(&out).contains("points elsewhere; nothing to verify there"));
}

#[test]
fn verify_from_config_with_only_a_reference_says_there_is_nothing_to_verify() {
    let dir = tempfile::tempdir().unwrap();
    three_servers(dir.path());
    let out = verify(dir.path(), &["--server", "elsewhere"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no token to verify"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn verify_from_config_never_prints_the_token() {
    let dir = tempfile::tempdir().unwrap();
    three_servers(dir.path());
    let out = verify(dir.path(), &["--server", "good"]);
    assert!(!stdout(&out).contains(SEED_TOKEN) && !stderr(&out).contains(SEED_TOKEN));
}

#[test]
fn verify_refuses_a_token_and_from_config_together() {
    let dir = tempfile::tempdir().unwrap();
    three_servers(dir.path());
    let out = verify(dir.path(), &[SEED_TOKEN]);
    assert_eq!(out.status.code(), Some(2));
}
