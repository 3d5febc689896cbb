//! End-to-end tests of the binary: secret sources, `secret gen`, `token issue`, `inspect` and
//! `verify`, exit codes and output conventions. A fixed clock (JWTADM_NOW) makes them exact.

use crate::common::*;
use base64::Engine as _;
use predicates::prelude::*;

const ISSUE: [&str; 8] = [
    "token",
    "issue",
    "--sub",
    "vscode1@exai-mcp.local",
    "--iss",
    "exai-mcp-server",
    "--aud",
    "exai-mcp-client",
];
const CHECK: [&str; 4] = ["--iss", "exai-mcp-server", "--aud", "exai-mcp-client"];

fn b64(s: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
}

fn issue(extra: &[&str]) -> String {
    let out = jwtadm().args(ISSUE).args(extra).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).trim_end().to_string()
}

#[test]
fn issue_is_deterministic_under_a_fixed_clock() {
    let token = issue(&[
        "--expires",
        "365d",
        "--jti",
        "fixed-jti",
        "--name",
        "EXAI-WS-VSCode1",
        "--role",
        "user",
        "--quota",
        "100",
    ]);
    assert_eq!(
        token,
        "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiIsImtpZCI6IjNiYjhmZjRkN2NlMyJ9.eyJzdWIiOiJ2c2NvZGUxQGV4YWktbWNwLmxvY2FsIiwiaXNzIjoiZXhhaS1tY3Atc2VydmVyIiwiYXVkIjoiZXhhaS1tY3AtY2xpZW50IiwiaWF0IjoxNzYyMTI1MDczLCJleHAiOjE3OTM2NjEwNzMsImp0aSI6ImZpeGVkLWp0aSIsIm5hbWUiOiJFWEFJLVdTLVZTQ29kZTEiLCJyb2xlIjoidXNlciIsInF1b3RhIjoxMDB9.xtm1KIr025C5fMEF1QIcioQOWdU5mbt0_QommuXysgI"
    );
}

#[test]
fn kid_is_the_secret_fingerprint_unless_told_otherwise() {
    let kid = |extra: &[&str]| {
        let out = jwtadm()
            .args(["-o", "json"])
            .args(ISSUE)
            .args(extra)
            .output()
            .unwrap();
        json(&out)["header"]["kid"].clone()
    };
    let fp = {
        let out = jwtadm()
            .args(["-o", "json", "secret", "fingerprint"])
            .output()
            .unwrap();
        json(&out)["fingerprint"]
            .as_str()
            .unwrap()
            .trim_start_matches("sha256:")
            .to_string()
    };
    assert_eq!(kid(&[]), fp.as_str());
    assert_eq!(kid(&["--kid", "k1"]), "k1");
    assert!(kid(&["--no-kid"]).is_null());
    jwtadm()
        .args(ISSUE)
        .args(["--kid", "k1", "--no-kid"])
        .assert()
        .code(2);
}

#[test]
fn issue_then_verify_round_trips() {
    let token = issue(&[
        "--expires",
        "90d",
        "--claim",
        "team=infra",
        "--claim",
        "scopes=[\"a\",\"b\"]",
    ]);
    let out = jwtadm()
        .args(["-o", "json", "token", "verify", &token])
        .args(CHECK)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let v = json(&out);
    assert_eq!(v["valid"], true);
    assert_eq!(v["claims"]["team"], "infra");
    assert_eq!(v["claims"]["scopes"], serde_json::json!(["a", "b"]));
    assert_eq!(v["claims"]["exp"], 1762125073 + 90 * 86400);
    assert_eq!(v["claims"]["jti"].as_str().unwrap().len(), 32);
    assert!(
        v["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["ok"] == true)
    );
    assert!(
        v["secret"]["fingerprint"]
            .as_str()
            .unwrap()
            .starts_with("sha256:")
    );
    // The same token, a year later, is expired and nothing else: exit 3.
    jwtadm()
        .args(["token", "verify", &token])
        .args(CHECK)
        .env("JWTADM_NOW", "2027-01-01T00:00:00Z")
        .assert()
        .code(3);
}

#[test]
fn issue_json_output_has_token_header_claims_and_expiry() {
    let out = jwtadm()
        .args(["-o", "json"])
        .args(ISSUE)
        .args([
            "--aud",
            "second",
            "--expires",
            "2026-01-01T00:00:00Z",
            "--kid",
            "k1",
        ])
        .output()
        .unwrap();
    let v = json(&out);
    assert!(v["token"].as_str().unwrap().starts_with("eyJ"));
    assert_eq!(v["header"]["alg"], "HS256");
    assert_eq!(v["header"]["kid"], "k1");
    assert_eq!(
        v["claims"]["aud"],
        serde_json::json!(["exai-mcp-client", "second"])
    );
    assert_eq!(v["expires"], "2026-01-01T00:00:00Z");
}

#[test]
fn issue_refuses_bad_times_and_conflicting_claims() {
    jwtadm()
        .args(ISSUE)
        .args(["--expires", "2020-01-01T00:00:00Z"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not in the future"));
    jwtadm()
        .args(ISSUE)
        .args(["--expires", "soon"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--expires"));
    jwtadm()
        .args(ISSUE)
        .args(["--role", "user", "--claim", "role=admin"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("given twice"));
    jwtadm()
        .args(ISSUE)
        .args(["--claim", "exp=1"])
        .assert()
        .code(2)
        .stdout("");
}

#[test]
fn issue_merges_a_claims_file_and_no_iat_leaves_iat_out() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("claims.json");
    std::fs::write(&file, r#"{"tenant": "acme", "features": {"beta": true}}"#).unwrap();
    let out = jwtadm()
        .args(["-o", "json"])
        .args(ISSUE)
        .arg("--claims-file")
        .arg(&file)
        .arg("--no-iat")
        .output()
        .unwrap();
    let v = json(&out);
    assert_eq!(v["claims"]["tenant"], "acme");
    assert_eq!(v["claims"]["features"]["beta"], true);
    assert!(v["claims"].get("iat").is_none());
    // From standard input too.
    let out = jwtadm()
        .args(["-o", "json"])
        .args(ISSUE)
        .args(["--claims-file", "-"])
        .write_stdin(r#"{"x": 1}"#)
        .output()
        .unwrap();
    assert_eq!(json(&out)["claims"]["x"], 1);
    std::fs::write(&file, "[1]").unwrap();
    jwtadm()
        .args(ISSUE)
        .arg("--claims-file")
        .arg(&file)
        .assert()
        .code(4)
        .stderr(predicate::str::contains("JSON object"));
}

#[test]
fn a_key_shorter_than_the_hash_is_refused_with_no_token() {
    jwtadm()
        .args(ISSUE)
        .env("JWT_SECRET_KEY", "short")
        .assert()
        .code(4)
        .stdout("")
        .stderr(predicate::str::contains("needs at least 32"));
    jwtadm()
        .args(ISSUE)
        .args(["--alg", "HS512"])
        .assert()
        .code(4)
        .stdout("")
        .stderr(predicate::str::contains("HS512 needs at least 64"));
}

#[test]
fn no_secret_names_the_source_it_tried() {
    jwtadm()
        .args(ISSUE)
        .env_remove("JWT_SECRET_KEY")
        .assert()
        .code(4)
        .stderr(predicate::str::contains("JWT_SECRET_KEY"));
    jwtadm()
        .args(ISSUE)
        .args(["--secret", "env:EXAI_SECRET"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("EXAI_SECRET is not set"));
    jwtadm()
        .args(ISSUE)
        .args(["--secret", "vault:x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown secret scheme"));
    jwtadm()
        .args(ISSUE)
        .args(["--secret", SECRET])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("never taken on the command line"));
}

#[test]
fn secret_sources_file_dotenv_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("jwt.key");
    std::fs::write(&key, format!("{SECRET}\n")).unwrap();
    chmod(&key, 0o644);
    let src = format!("file:{}", key.display());
    jwtadm()
        .args(ISSUE)
        .args(["--secret", &src])
        .assert()
        .code(4)
        .stderr(
            predicate::str::contains("0644").and(predicate::str::contains(format!(
                "chmod 600 {}",
                key.display()
            ))),
        );
    chmod(&key, 0o600);
    let via_file = jwtadm()
        .args([
            "token",
            "verify",
            SEED_TOKEN,
            "--ignore-exp",
            "--secret",
            &src,
        ])
        .args(CHECK)
        .output()
        .unwrap();
    assert_eq!(via_file.status.code(), Some(0), "{}", stdout(&via_file));

    let env = dir.path().join(".env.docker");
    std::fs::write(
        &env,
        format!("# server\nexport JWT_SECRET_KEY=\"{SECRET}\"  # rotated\nOTHER=1\n"),
    )
    .unwrap();
    let src = format!("dotenv:{}#JWT_SECRET_KEY", env.display());
    jwtadm()
        .args([
            "token",
            "verify",
            SEED_TOKEN,
            "--ignore-exp",
            "--secret",
            &src,
        ])
        .args(CHECK)
        .assert()
        .code(0);
    let missing = format!("dotenv:{}#NOPE", env.display());
    jwtadm()
        .args(["token", "verify", SEED_TOKEN, "--secret", &missing])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("no NOPE= line"));

    jwtadm()
        .args(ISSUE)
        .args(["--secret", "stdin"])
        .env_remove("JWT_SECRET_KEY")
        .write_stdin(format!("{SECRET}\n"))
        .assert()
        .code(0);
}

#[test]
fn secret_encodings_turn_text_into_key_bytes() {
    let key = [7u8; 32];
    let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    let token = {
        let out = jwtadm()
            .args(ISSUE)
            .args(["--secret-encoding", "hex"])
            .env("JWT_SECRET_KEY", &hex)
            .output()
            .unwrap();
        stdout(&out).trim().to_string()
    };
    let b64url = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(key);
    jwtadm()
        .args(["token", "verify", &token, "--secret-encoding", "base64url"])
        .args(CHECK)
        .env("JWT_SECRET_KEY", &b64url)
        .assert()
        .code(0);
    // The same text read as UTF-8 is another key.
    jwtadm()
        .args(["token", "verify", &token])
        .args(CHECK)
        .env("JWT_SECRET_KEY", &hex)
        .assert()
        .code(1);
    jwtadm()
        .args(["token", "verify", &token, "--secret-encoding", "hex"])
        .env("JWT_SECRET_KEY", "zz-not-hex")
        .assert()
        .code(4)
        .stderr(
            predicate::str::contains("not valid hex")
                .and(predicate::str::contains("zz-not-hex").not()),
        );
}

#[test]
fn the_secret_never_appears_in_any_output() {
    let secret = "S3CRET-canary-value-that-must-never-print-0123456789";
    let runs: Vec<Vec<&str>> = vec![
        ISSUE.to_vec(),
        vec!["-o", "json", "token", "issue", "--sub", "x"],
        vec!["token", "verify", SEED_TOKEN],
        vec!["-o", "json", "token", "verify", SEED_TOKEN],
        vec!["token", "verify", SEED_TOKEN, "--secret-encoding", "hex"],
        vec!["token", "verify", SEED_TOKEN, "--secret-encoding", "base64"],
        vec!["token", "issue", "--sub", "x", "--alg", "HS512"],
    ];
    for args in runs {
        let out = jwtadm()
            .args(&args)
            .env("JWT_SECRET_KEY", secret)
            .output()
            .unwrap();
        for text in [stdout(&out), stderr(&out)] {
            assert!(
                !text.contains(secret) && !text.contains("S3CRET"),
                "{args:?} printed the secret: {text}"
            );
        }
    }
}

#[test]
fn rfc7515_appendix_a1_vector() {
    let key =
        "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
    let token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let verify = |extra: &[&str]| {
        let mut cmd = jwtadm();
        cmd.args([
            "token",
            "verify",
            token,
            "--secret-encoding",
            "base64url",
            "--iss",
            "joe",
        ])
        .args(extra)
        .env("JWT_SECRET_KEY", key);
        cmd
    };
    verify(&["--ignore-exp"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Token valid"));
    verify(&[])
        .assert()
        .code(3)
        .stdout(predicate::str::contains("expired"));
}

#[test]
fn forged_and_foreign_tokens_are_rejected() {
    let token = issue(&[]);
    let parts: Vec<&str> = token.split('.').collect();
    // alg none, in every spelling, with and without a signature.
    for alg in ["none", "None", "NONE"] {
        let header = b64(&format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#));
        for sig in ["", parts[2]] {
            let forged = format!("{header}.{}.{sig}", parts[1]);
            jwtadm()
                .args(["token", "verify", &forged])
                .args(CHECK)
                .assert()
                .code(1)
                .stdout(predicate::str::contains("never accepted"));
        }
    }
    // An HS384 token under the HS256 default.
    let long = "x".repeat(48);
    let hs384_long = {
        let out = jwtadm()
            .args(ISSUE)
            .args(["--alg", "HS384"])
            .env("JWT_SECRET_KEY", &long)
            .output()
            .unwrap();
        stdout(&out).trim().to_string()
    };
    jwtadm()
        .args(["token", "verify", &hs384_long])
        .args(CHECK)
        .env("JWT_SECRET_KEY", &long)
        .assert()
        .code(1);
    jwtadm()
        .args(["token", "verify", &hs384_long, "--alg", "HS384"])
        .args(CHECK)
        .env("JWT_SECRET_KEY", &long)
        .assert()
        .code(0);
    // A tampered payload.
    let tampered_payload =
        b64(r#"{"sub":"admin","iss":"exai-mcp-server","aud":"exai-mcp-client","exp":1893456000}"#);
    let tampered = format!("{}.{tampered_payload}.{}", parts[0], parts[2]);
    jwtadm()
        .args(["token", "verify", &tampered])
        .args(CHECK)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("does not match"));
    // A wrong secret: the hint compares fingerprints and mentions --secret-encoding.
    jwtadm()
        .args(["token", "verify", &token])
        .args(CHECK)
        .env("JWT_SECRET_KEY", "another-secret-that-is-long-enough-0123")
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("fingerprint")
                .and(predicate::str::contains("--secret-encoding")),
        );
}

#[test]
fn verify_reports_issuer_and_audience_mismatches_with_expected_and_found() {
    let token = issue(&[]);
    jwtadm()
        .args([
            "token",
            "verify",
            &token,
            "--iss",
            "other-server",
            "--aud",
            "exai-mcp-client",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "expected \"other-server\", found \"exai-mcp-server\"",
        ));
    jwtadm()
        .args([
            "token",
            "verify",
            &token,
            "--iss",
            "exai-mcp-server",
            "--aud",
            "x",
        ])
        .assert()
        .code(1);
    // An aud nobody checks is refused (RFC 7519 §4.1.3), with the reason.
    jwtadm()
        .args(["token", "verify", &token])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("no --aud"));
}

#[test]
fn verify_expired_gives_the_reissue_command_and_leeway_helps() {
    let out = jwtadm()
        .args(["token", "verify", SEED_TOKEN])
        .args(CHECK)
        .env("JWTADM_NOW", "2026-11-25T00:00:00Z")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("jwtadm token issue --sub vscode1@exai-mcp.local --iss exai-mcp-server --aud exai-mcp-client --expires 365d"), "{}", stderr(&out));
    jwtadm()
        .args(["token", "verify", SEED_TOKEN, "--leeway", "30d"])
        .args(CHECK)
        .env("JWTADM_NOW", "2026-11-25T00:00:00Z")
        .assert()
        .code(0);
    jwtadm()
        .args([
            "token",
            "verify",
            SEED_TOKEN,
            "--at",
            "2026-01-01T00:00:00Z",
        ])
        .args(CHECK)
        .env("JWTADM_NOW", "2030-01-01T00:00:00Z")
        .assert()
        .code(0);
}

#[test]
fn verify_wrong_claim_types_and_quota() {
    let cases = [
        (
            r#"{"sub":"a","iss":"exai-mcp-server","aud":"exai-mcp-client","exp":"1893456000"}"#,
            "exp must be a number",
        ),
        (
            r#"{"sub":"a","iss":"exai-mcp-server","aud":"exai-mcp-client","exp":1893456000,"quota":0}"#,
            "quota exhausted",
        ),
        (
            r#"{"sub":"a","iss":"exai-mcp-server","aud":"exai-mcp-client"}"#,
            "no exp",
        ),
    ];
    for (payload, expected) in cases {
        // Sign the payload as it is, with the test secret, through a small HMAC of our own.
        let token = sign_raw(r#"{"alg":"HS256","typ":"JWT"}"#, payload);
        jwtadm()
            .args(["token", "verify", &token])
            .args(CHECK)
            .assert()
            .code(1)
            .stdout(predicate::str::contains(expected));
    }
    let token = sign_raw(
        r#"{"alg":"HS256","crit":["exp"]}"#,
        r#"{"sub":"a","iss":"exai-mcp-server","aud":"exai-mcp-client","exp":1893456000}"#,
    );
    jwtadm()
        .args(["token", "verify", &token])
        .args(CHECK)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("critical"));
    let token = sign_raw(
        r#"{"alg":"HS256"}"#,
        r#"{"sub":"a","iss":"exai-mcp-server","aud":"exai-mcp-client"}"#,
    );
    jwtadm()
        .args(["token", "verify", &token, "--allow-no-exp"])
        .args(CHECK)
        .assert()
        .code(0);
}

/// A token with exactly this header and payload, signed with SECRET by jwtadm's own library.
fn sign_raw(header: &str, payload: &str) -> String {
    let input = format!("{}.{}", b64(header), b64(payload));
    let key = jsonwebtoken::EncodingKey::from_secret(SECRET.as_bytes());
    let sig =
        jsonwebtoken::crypto::sign(input.as_bytes(), &key, jsonwebtoken::Algorithm::HS256).unwrap();
    format!("{input}.{sig}")
}

#[test]
fn inspect_decodes_without_verifying_and_says_so() {
    let out = jwtadm()
        .args(["token", "inspect", SEED_TOKEN])
        .env("JWTADM_NOW", "2026-11-22T00:00:00Z")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for expected in [
        "Decoded without verifying the signature",
        "vscode1@exai-mcp.local",
        "1793661073  2026-11-02T23:11:13Z  (expired 19 days ago)",
        "Status: expired 19 days ago",
        "signature not checked",
        "over 90 days",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "wider than 80 columns: {line}");
    }
    assert!(!text.contains('\x1b'), "colour without a terminal");
}

#[test]
fn inspect_json_reads_stdin_with_a_bearer_prefix() {
    let out = jwtadm()
        .args(["-o", "json", "token", "inspect"])
        .write_stdin(format!("  Bearer {SEED_TOKEN}\n"))
        .output()
        .unwrap();
    let v = json(&out);
    assert_eq!(v["header"]["alg"], "HS256");
    assert_eq!(v["claims"]["sub"], "vscode1@exai-mcp.local");
    assert_eq!(v["status"]["state"], "valid");
    assert_eq!(v["status"]["signature_checked"], false);
    assert_eq!(v["times"]["exp"]["utc"], "2026-11-02T23:11:13Z");
    assert_eq!(v["warnings"].as_array().unwrap().len(), 1, "{v}");
    let out = jwtadm()
        .args(["-o", "json", "token", "inspect", "-"])
        .write_stdin(SEED_TOKEN)
        .output()
        .unwrap();
    assert_eq!(json(&out)["claims"]["iss"], "exai-mcp-server");
}

#[test]
fn inspect_warns_about_none_and_missing_claims() {
    let none = format!("{}.{}.", b64(r#"{"alg":"none"}"#), b64(r#"{"sub":"a"}"#));
    let out = jwtadm()
        .args(["-o", "json", "token", "inspect", &none])
        .output()
        .unwrap();
    let warnings = json(&out)["warnings"].to_string();
    for w in ["alg is none", "no exp", "no iss", "no aud"] {
        assert!(warnings.contains(w), "{w} not in {warnings}");
    }
}

#[test]
fn malformed_tokens_exit_1_saying_what_and_where() {
    let cases = [
        ("abc.def", "has 2"),
        ("eyJhbGciOiJIUzI1NiJ9=.e30.sig", "padding"),
        ("e30.e30+.sig", "standard base64"),
        ("W10.e30.sig", "not an object"),
        ("e30.bm90IGpzb24.sig", "payload is not JSON"),
        ("_w.e30.sig", "not UTF-8"),
    ];
    for (token, expected) in cases {
        jwtadm()
            .args(["token", "inspect", token])
            .assert()
            .code(1)
            .stderr(predicate::str::contains(expected));
        jwtadm()
            .args(["token", "verify", token])
            .assert()
            .code(1)
            .stderr(predicate::str::contains(expected));
    }
    jwtadm()
        .args(["token", "inspect"])
        .write_stdin("")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("empty"));
}

#[test]
fn secret_gen_sizes_and_formats() {
    let out = jwtadm().args(["secret", "gen"]).output().unwrap();
    let hex = stdout(&out);
    assert_eq!(hex.trim().len(), 64);
    assert!(hex.trim().chars().all(|c| c.is_ascii_hexdigit()));
    assert_ne!(
        hex,
        stdout(&jwtadm().args(["secret", "gen"]).output().unwrap())
    );
    assert_eq!(
        stdout(
            &jwtadm()
                .args(["secret", "gen", "--alg", "HS512"])
                .output()
                .unwrap()
        )
        .trim()
        .len(),
        128
    );
    assert_eq!(
        stdout(
            &jwtadm()
                .args(["secret", "gen", "--bytes", "40"])
                .output()
                .unwrap()
        )
        .trim()
        .len(),
        80
    );
    let b64u = stdout(
        &jwtadm()
            .args(["secret", "gen", "--format", "base64url"])
            .output()
            .unwrap(),
    );
    assert_eq!(
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(b64u.trim())
            .unwrap()
            .len(),
        32
    );
    let b64s = stdout(
        &jwtadm()
            .args(["secret", "gen", "--format", "base64", "--alg", "HS384"])
            .output()
            .unwrap(),
    );
    assert_eq!(
        base64::engine::general_purpose::STANDARD
            .decode(b64s.trim())
            .unwrap()
            .len(),
        48
    );
    jwtadm()
        .args(["secret", "gen", "--bytes", "16"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("below the 32 bytes"));
    jwtadm()
        .args(["secret", "gen", "--alg", "HS512", "--bytes", "32"])
        .assert()
        .code(2);
}

#[test]
fn secret_gen_to_a_file_is_0600_and_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jwt.key");
    let to = format!("file:{}", path.display());
    let out = jwtadm()
        .args(["secret", "gen", "--to", &to])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let secret = std::fs::read_to_string(&path).unwrap();
    assert_eq!(mode(&path), 0o600);
    assert_eq!(secret.trim().len(), 64);
    let text = stdout(&out);
    assert!(!text.contains(secret.trim()), "the secret was printed");
    assert!(text.contains("fingerprint: sha256:") && text.contains(&to));
    jwtadm()
        .args(["secret", "gen", "--to", &to])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), secret);
    jwtadm()
        .args(["secret", "gen", "--to", &to, "--force"])
        .assert()
        .code(0);
    assert_ne!(std::fs::read_to_string(&path).unwrap(), secret);
    assert_eq!(mode(&path), 0o600);
    // The printed fingerprint is the one verify reports when it reads the secret back.
    let out = jwtadm()
        .args(["-o", "json", "secret", "gen", "--to", &to, "--force"])
        .output()
        .unwrap();
    let fp = json(&out)["fingerprint"].as_str().unwrap().to_string();
    let token = {
        let out = jwtadm()
            .args(ISSUE)
            .args(["--secret", &to])
            .output()
            .unwrap();
        stdout(&out).trim().to_string()
    };
    let out = jwtadm()
        .args(["-o", "json", "token", "verify", &token, "--secret", &to])
        .args(CHECK)
        .output()
        .unwrap();
    assert_eq!(json(&out)["secret"]["fingerprint"], fp.as_str());
}

#[test]
fn secret_gen_to_dotenv_changes_only_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(".env.docker");
    let before = "# server settings\r\nJWT_GRACE_PERIOD_DAYS=14\r\nexport JWT_SECRET_KEY=\"old\"  # rotate every 90 days\r\nLOG_LEVEL=info\r\n";
    std::fs::write(&path, before).unwrap();
    chmod(&path, 0o640);
    let to = format!("dotenv:{}#JWT_SECRET_KEY", path.display());
    jwtadm()
        .args(["secret", "gen", "--to", &to])
        .assert()
        .code(0);
    let after = std::fs::read_to_string(&path).unwrap();
    let start = before.find("old").unwrap();
    assert_eq!(&after[..start], &before[..start]);
    assert_eq!(&after[start + 64..], &before[start + 3..]);
    assert_eq!(mode(&path), 0o640, "an existing file keeps its mode");
    // A new file is created 0600, and a new key appended to an existing file.
    let fresh = dir.path().join(".env.new");
    jwtadm()
        .args([
            "secret",
            "gen",
            "--to",
            &format!("dotenv:{}#K", fresh.display()),
        ])
        .assert()
        .code(0);
    assert_eq!(mode(&fresh), 0o600);
    jwtadm()
        .args([
            "secret",
            "gen",
            "--to",
            &format!("dotenv:{}#K2", fresh.display()),
        ])
        .assert()
        .code(0);
    let text = std::fs::read_to_string(&fresh).unwrap();
    assert!(text.starts_with("K=") && text.contains("\nK2="), "{text}");
    jwtadm()
        .args(["secret", "gen", "--to", "env:X"])
        .assert()
        .code(2);
}

#[test]
fn help_lists_exit_codes_and_usage_errors_exit_2() {
    jwtadm().arg("--help").assert().code(0).stdout(
        predicate::str::contains("Exit codes")
            .and(predicate::str::contains("3  the token is expired")),
    );
    jwtadm().args(["token", "frobnicate"]).assert().code(2);
    jwtadm()
        .args(["token", "issue"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--sub"));
    jwtadm()
        .args(["token", "verify", "--alg", "none", "x.y.z"])
        .assert()
        .code(2);
    jwtadm()
        .args(["token", "verify", "--alg", "hs256", "x.y.z"])
        .assert()
        .code(2);
    jwtadm().arg("--version").assert().code(0);
}

/// Subcommands are built only when used (clap's `defer`). A command's own help still opens
/// with the line its parent lists for it, and keeps the global `-o` option.
#[test]
fn every_command_help_opens_with_the_line_its_parent_lists() {
    let help = |args: &[&str]| {
        let out = jwtadm().args(args).arg("--help").output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    let mut checked = 0;
    for group in [
        "", "secret", "key", "token", "config", "client", "server", "roster",
    ] {
        let group: &[&str] = if group.is_empty() { &[] } else { &[group] };
        let listing = help(group);
        let commands = listing
            .split("Commands:\n")
            .nth(1)
            .unwrap()
            .split("\n\n")
            .next()
            .unwrap();
        // "  name  about", a long about wrapped onto more deeply indented lines.
        let mut listed: Vec<(String, String)> = Vec::new();
        for line in commands.lines() {
            if line.starts_with("   ") {
                listed.last_mut().unwrap().1 += &format!(" {}", line.trim());
            } else {
                let (name, about) = line.trim().split_once(' ').unwrap();
                listed.push((name.to_string(), about.trim().to_string()));
            }
        }
        for (name, about) in listed.iter().filter(|(name, _)| name != "help") {
            let path = [group, &[name.as_str()]].concat();
            let own = help(&path);
            let first = own.split("\n\n").next().unwrap().replace('\n', " ");
            assert_eq!(first, *about, "jwtadm {} --help", path.join(" "));
            assert!(
                own.contains("-o, --output <OUTPUT>"),
                "jwtadm {}",
                path.join(" ")
            );
            checked += 1;
        }
    }
    // jwtadm's 10 commands, then the 4 + 5 + 6 + 3 + 4 + 1 + 1 of secret, key, token, config,
    // client, server and roster.
    assert_eq!(checked, 35);
}

/// A reader that goes away (`jwtadm … | head`) ends the command quietly with exit 0. The table
/// of a token with 3,000 claims is far larger than a pipe's buffer, so the write does fail.
/// (tests/roster.rs does the same for streamed JSON.)
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let claims: Vec<String> = (0..3000)
        .map(|i| format!("\"claim{i}\":\"value {i}\""))
        .collect();
    let token = format!(
        "{}.{}.c2ln",
        b64(r#"{"alg":"HS256"}"#),
        b64(&format!("{{{}}}", claims.join(",")))
    );
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("jwtadm"))
        .args(["token", "inspect", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child
        .stdin
        .take()
        .unwrap()
        .write_all(token.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status,
        stderr(&out)
    );
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

/// `config paths` on this system expands each user path from HOME (and XDG_CONFIG_HOME) and
/// says which exist; `-o json` gives the same, and `--os` another system's, unexpanded.
#[cfg(target_os = "linux")]
#[test]
fn config_paths_expands_user_paths_and_says_which_exist() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join(".cursor")).unwrap();
    std::fs::write(home.path().join(".cursor/mcp.json"), "{}").unwrap();
    let out = jwtadm()
        .env("HOME", home.path())
        .args(["-o", "json", "config", "paths"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["os"], "linux");
    let cursor = v["clients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["client"] == "Cursor")
        .unwrap();
    let user = &cursor["paths"][0];
    assert_eq!(user["scope"], "user");
    assert_eq!(
        user["expanded"],
        home.path().join(".cursor/mcp.json").display().to_string()
    );
    assert_eq!(user["exists"], true);
    assert_eq!(cursor["paths"][1]["scope"], "project");
    assert_eq!(cursor["paths"][1]["expanded"], serde_json::Value::Null);
    // Claude Desktop has no Linux build: it is not listed for Linux, and is for Windows.
    let names = |v: &serde_json::Value| -> Vec<String> {
        v["clients"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["client"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(!names(&v).contains(&"Claude Desktop".to_string()));
    let out = jwtadm()
        .args(["-o", "json", "config", "paths", "--os", "windows"])
        .output()
        .unwrap();
    let w = json(&out);
    assert!(names(&w).contains(&"Claude Desktop".to_string()));
    assert!(
        w.to_string()
            .contains(r"%APPDATA%\\Claude\\claude_desktop_config.json")
    );
    // A table for people, too.
    let out = jwtadm()
        .env("HOME", home.path())
        .args(["config", "paths"])
        .output()
        .unwrap();
    assert!(stdout(&out).contains("(exists)"), "{}", stdout(&out));
}
