//! Every hint is the next thing to try in its situation (issue 11, items 7 and 13): not a
//! generic reminder, and never the option the user already passed.

use crate::common::*;

/// The hints of a `-o json token verify` run.
fn hints(out: &std::process::Output) -> Vec<String> {
    json(out)["hints"]
        .as_array()
        .unwrap_or_else(|| panic!("no hints: {}", stdout(out)))
        .iter()
        .map(|h| h.as_str().unwrap().to_string())
        .collect()
}

fn failed(out: &std::process::Output) -> Vec<String> {
    json(out)["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["ok"] == false)
        .map(|c| c["check"].as_str().unwrap().to_string())
        .collect()
}

// --- a token in an Authorization header ---------------------------------------------------

const REMOTE_JSON: &str = r#"{
  "mcpServers": {
    "remote": {
      "url": "https://mcp.example/sse",
      "headers": { "Authorization": "Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln" }
    }
  }
}
"#;

const REMOTE_TOML: &str = r#"[mcp_servers.remote]
url = "https://mcp.example/sse"
http_headers = { "Authorization" = "Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln" }
"#;

#[test]
fn a_token_in_a_header_gets_the_header_option() {
    for (name, text) in [("mcp.json", REMOTE_JSON), ("config.toml", REMOTE_TOML)] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), text).unwrap();
        let out = jwtadm()
            .current_dir(dir.path())
            .args([
                "config", "patch", "--token", SEED_TOKEN, "--server", "remote", name,
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("server remote has no EXAI_JWT_TOKEN"), "{err}");
        assert!(
            err.contains("hint: server remote holds a bearer token in its Authorization header: pass --header Authorization"),
            "{name}: {err}"
        );
        // What the hint says works.
        jwtadm()
            .current_dir(dir.path())
            .args([
                "config",
                "patch",
                "--token",
                SEED_TOKEN,
                "--header",
                "Authorization",
                name,
            ])
            .assert()
            .code(0);
    }
}

#[test]
fn a_token_in_a_header_gets_the_roster_key_in_status() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mcp.json"), REMOTE_JSON).unwrap();
    std::fs::write(
        dir.path().join("clients.toml"),
        "[[clients]]\nname = \"r\"\nsub = \"r\"\nconfigs = [\"mcp.json\"]\n",
    )
    .unwrap();
    let out = jwtadm()
        .current_dir(dir.path())
        .args(["-o", "json", "token", "status"])
        .output()
        .unwrap();
    let v = json(&out);
    let detail = v["entries"][0]["detail"].as_str().unwrap();
    assert_eq!(v["entries"][0]["state"], "missing", "{v}");
    assert!(
        detail.contains("header = \"Authorization\""),
        "status does not say how to name the header: {detail}"
    );
}

#[test]
fn a_file_without_any_header_token_gets_no_header_hint() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("mcp.json"),
        r#"{"mcpServers": {"s": {"command": "x", "headers": {"X-Trace": "on"}}}}"#,
    )
    .unwrap();
    let out = jwtadm()
        .current_dir(dir.path())
        .args(["config", "patch", "--token", SEED_TOKEN, "mcp.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(!stderr(&out).contains("--header"), "{}", stderr(&out));
}

// --- verify: an expired token, no --aud -------------------------------------------------

#[test]
fn expired_without_aud_reports_both_and_hints_both() {
    let out = jwtadm()
        .args([
            "-o",
            "json",
            "token",
            "verify",
            SEED_TOKEN,
            "--at",
            "2027-01-01T00:00:00Z",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let failed = failed(&out);
    assert!(failed.contains(&"exp".to_string()), "{failed:?}");
    assert!(failed.contains(&"aud".to_string()), "{failed:?}");
    let hints = hints(&out);
    assert!(
        hints.iter().any(|h| h.contains("--aud exai-mcp-client")),
        "no --aud to try: {hints:?}"
    );
    assert!(
        hints
            .iter()
            .any(|h| h.contains("reissue it: jwtadm token issue --sub vscode1@exai-mcp.local")),
        "no reissue command: {hints:?}"
    );
    assert!(
        !hints.iter().any(|h| h.contains("must match exactly")),
        "a mismatch hint when nothing was compared: {hints:?}"
    );
    // Following the first hint leaves only the expiry (exit 3), whose hint is the reissue.
    let out = jwtadm()
        .args([
            "-o",
            "json",
            "token",
            "verify",
            SEED_TOKEN,
            "--at",
            "2027-01-01T00:00:00Z",
        ])
        .args(["--aud", "exai-mcp-client"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let next = self::hints(&out);
    assert!(next[0].starts_with("reissue it: "), "{next:?}");
}

#[test]
fn a_wrong_aud_still_gets_the_mismatch_hint_and_no_reissue() {
    let out = jwtadm()
        .args([
            "-o", "json", "token", "verify", SEED_TOKEN, "--aud", "other",
        ])
        .args(["--at", "2027-01-01T00:00:00Z"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let hints = hints(&out);
    assert!(
        hints.iter().any(|h| h.contains("must match exactly")),
        "{hints:?}"
    );
    assert!(
        !hints.iter().any(|h| h.contains("reissue it:")),
        "{hints:?}"
    );
}

// --- verify: after the grace period ------------------------------------------------------

#[test]
fn after_the_grace_period_the_hint_is_to_reissue_not_the_secret_already_passed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".env.docker"),
        format!(
            "JWT_SECRET_KEY=a-new-secret-of-at-least-thirty-two-bytes\n\
             JWT_SECRET_KEY_PREVIOUS={SECRET}\n\
             JWT_SECRET_KEY_PREVIOUS_UNTIL=2025-11-01T00:00:00Z\n"
        ),
    )
    .unwrap();
    let source = "dotenv:.env.docker#JWT_SECRET_KEY";
    let out = jwtadm()
        .current_dir(dir.path())
        .args([
            "-o", "json", "token", "verify", SEED_TOKEN, "--secret", source,
        ])
        .args(["--aud", "exai-mcp-client"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let hints = hints(&out);
    assert_eq!(hints.len(), 1, "{hints:?}");
    assert!(
        hints[0].contains("previous secret, whose grace period is over")
            && hints[0].contains(
                "reissue it with the current one: jwtadm token issue --sub vscode1@exai-mcp.local"
            ),
        "{hints:?}"
    );
    assert!(
        !hints[0].contains("pointing at the server's secret"),
        "proposes the --secret already passed: {hints:?}"
    );
}

#[test]
fn a_bad_signature_does_not_propose_the_secret_already_passed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".env.docker"),
        "JWT_SECRET_KEY=another-secret-of-at-least-thirty-two-bytes\n",
    )
    .unwrap();
    let out = jwtadm()
        .current_dir(dir.path())
        .args([
            "-o",
            "json",
            "token",
            "verify",
            SEED_TOKEN,
            "--aud",
            "exai-mcp-client",
        ])
        .args(["--secret", "dotenv:.env.docker#JWT_SECRET_KEY"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let hints = hints(&out);
    assert!(
        hints[0].contains("pointing at the server's secret"),
        "{hints:?}"
    );
    assert!(
        !hints[0].contains("e.g. dotenv:.env.docker#JWT_SECRET_KEY"),
        "proposes the --secret already passed: {hints:?}"
    );
}

// --- encodings ---------------------------------------------------------------------------

/// A token signed with `SECRET`'s text as bytes (utf8), verified with the text read as
/// base64url, which it also is: the hint is utf8, not "hex or base64".
#[test]
fn a_base64url_reading_of_a_utf8_secret_gets_utf8() {
    let out = jwtadm()
        .args([
            "-o",
            "json",
            "token",
            "verify",
            SEED_TOKEN,
            "--aud",
            "exai-mcp-client",
        ])
        .args(["--secret-encoding", "base64url"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let hints = hints(&out);
    assert_eq!(hints.len(), 1, "{hints:?}");
    assert!(
        hints[0].contains("read as utf8") && hints[0].ends_with("pass --secret-encoding utf8"),
        "{hints:?}"
    );
}

/// A token signed with a hex secret's decoded bytes, verified with the default utf8: the
/// hint is hex.
#[test]
fn a_utf8_reading_of_a_hex_secret_gets_hex() {
    let hex = "4c9cde2075b1c60915ad13699a0d511693ff071c288162adbd453c64bb8ead0e";
    let token = jwtadm()
        .env("JWT_SECRET_KEY", hex)
        .args([
            "token",
            "issue",
            "--sub",
            "a",
            "--aud",
            "b",
            "--secret-encoding",
            "hex",
        ])
        .output()
        .unwrap();
    let token = stdout(&token).trim().to_string();
    let out = jwtadm()
        .env("JWT_SECRET_KEY", hex)
        .args(["-o", "json", "token", "verify", &token, "--aud", "b"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let hints = hints(&out);
    assert!(
        hints[0].ends_with("pass --secret-encoding hex"),
        "{hints:?}"
    );
}

/// A secret that is not base64url at all: the error's hint names the encodings it is.
#[test]
fn a_secret_that_is_not_its_encoding_gets_one_it_is() {
    let out = jwtadm()
        .env(
            "JWT_SECRET_KEY",
            "8PHy8/T19vf4+fr7/P3+/wABAgMEBQYHCAkKCwwNDg8=",
        )
        .args([
            "token",
            "verify",
            SEED_TOKEN,
            "--secret-encoding",
            "base64url",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let err = stderr(&out);
    assert!(err.contains("try --secret-encoding base64 "), "{err}");
    let out = jwtadm()
        .env("JWT_SECRET_KEY", "not hex at all, but text")
        .args(["token", "verify", SEED_TOKEN, "--secret-encoding", "hex"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stderr(&out).contains("try --secret-encoding utf8 "),
        "{}",
        stderr(&out)
    );
}

// --- secret check: a group-readable file -------------------------------------------------

fn check_rows(out: &std::process::Output) -> serde_json::Value {
    json(out)["checks"].clone()
}

#[cfg(unix)]
#[test]
fn secret_check_on_a_0640_file_fails_its_row_with_the_chmod() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("jwt.key");
    std::fs::write(&key, format!("{SECRET}\n")).unwrap();
    chmod(&key, 0o640);
    let src = format!("file:{}", key.display());
    let out = jwtadm()
        .args(["-o", "json", "secret", "check", "--secret", &src])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let rows = check_rows(&out);
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["check"] == "permissions")
        .unwrap();
    assert_eq!(row["ok"], false);
    assert!(
        row["detail"].as_str().unwrap().contains("chmod 600"),
        "{row}"
    );
    // In a table too, not an error before it.
    let out = jwtadm()
        .args(["secret", "check", "--secret", &src])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(stdout(&out).contains("permissions"), "{}", stdout(&out));
    assert!(!stderr(&out).contains("error:"), "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn secret_check_with_a_0640_previous_file_fails_that_row() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("jwt.key");
    std::fs::write(&key, format!("{SECRET}\n")).unwrap();
    chmod(&key, 0o600);
    let src = format!("file:{}", key.display());
    jwtadm()
        .args(["secret", "rotate", "--secret", &src])
        .assert()
        .code(0);
    let previous = dir.path().join("jwt.key.previous");
    chmod(&previous, 0o640);
    let out = jwtadm()
        .args(["-o", "json", "secret", "check", "--secret", &src])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let rows = check_rows(&out);
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["check"] == "previous")
        .unwrap_or_else(|| panic!("no previous row: {rows}"));
    assert_eq!(row["ok"], false, "{row}");
    assert!(
        row["detail"]
            .as_str()
            .unwrap()
            .contains(&format!("chmod 600 {}", previous.display())),
        "{row}"
    );
    assert!(!stdout(&out).contains(SECRET));
}

/// Found by the second red team: a short secret got `jwtadm secret gen --alg HS256`, which only
/// prints a new secret; where the secret lives, rotating it is the next thing to try.
#[test]
fn a_short_secret_gets_the_rotation_of_its_own_source() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.env"), "S=short-secret\n").unwrap();
    let out = jwtadm()
        .current_dir(dir.path())
        .args(["token", "issue", "--sub", "a", "--secret", "dotenv:s.env#S"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stderr(&out).contains("jwtadm secret rotate --secret 'dotenv:s.env#S' --alg HS256"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_missing_roster_gets_what_to_write_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = jwtadm()
        .current_dir(dir.path())
        .args(["token", "status"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stderr(&out).contains("[[clients]] table per client"),
        "{}",
        stderr(&out)
    );
}
