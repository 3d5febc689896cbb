//! The secret's life: fingerprint, check, rotation with a grace period, refresh.

use crate::common::*;
use predicates::prelude::*;

const CHECK: [&str; 4] = ["--iss", "exai-mcp-server", "--aud", "exai-mcp-client"];
const DAY: i64 = 86_400;
const T0: i64 = 1_762_125_073;

fn at(t: i64) -> String {
    t.to_string()
}

/// A dotenv secret in a fresh folder, and its --secret source.
fn dotenv_secret(dir: &std::path::Path) -> String {
    let env = dir.join(".env.docker");
    std::fs::write(
        &env,
        format!("# server\nJWT_SECRET_KEY={SECRET}\nJWT_GRACE_PERIOD_DAYS=14\n"),
    )
    .unwrap();
    format!("dotenv:{}#JWT_SECRET_KEY", env.display())
}

fn issue(src: &str, now: i64, extra: &[&str]) -> String {
    let out = jwtadm()
        .env("JWTADM_NOW", at(now))
        .args([
            "token",
            "issue",
            "--sub",
            "vscode1@exai-mcp.local",
            "--secret",
            src,
        ])
        .args(CHECK)
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).trim().to_string()
}

fn verify(token: &str, src: &str, now: i64) -> std::process::Output {
    jwtadm()
        .env("JWTADM_NOW", at(now))
        .args(["token", "verify", token, "--secret", src])
        .args(CHECK)
        .output()
        .unwrap()
}

#[test]
fn fingerprint_and_check() {
    let out = jwtadm().args(["secret", "fingerprint"]).output().unwrap();
    assert_eq!(stdout(&out), "sha256:3bb8ff4d7ce3\n");
    let out = jwtadm()
        .args(["-o", "json", "secret", "fingerprint"])
        .output()
        .unwrap();
    assert_eq!(json(&out)["bytes"], 43);
    jwtadm()
        .args(["secret", "check"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "43 bytes; HS256 needs at least 32",
        ));
    jwtadm()
        .args(["secret", "check", "--alg", "HS512"])
        .assert()
        .code(4);
    let hex = "ab".repeat(32);
    jwtadm()
        .args(["secret", "check"])
        .env("JWT_SECRET_KEY", &hex)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("--secret-encoding hex"));
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("jwt.key");
    std::fs::write(&key, SECRET).unwrap();
    chmod(&key, 0o600);
    let out = jwtadm()
        .args([
            "-o",
            "json",
            "secret",
            "check",
            "--secret",
            &format!("file:{}", key.display()),
        ])
        .output()
        .unwrap();
    let v = json(&out);
    assert_eq!(v["ok"], true);
    assert!(v["checks"].to_string().contains("mode 0600"), "{v}");
    for args in [
        vec!["secret", "fingerprint"],
        vec!["secret", "check"],
        vec!["-o", "json", "secret", "check"],
    ] {
        let out = jwtadm().args(&args).output().unwrap();
        assert!(!stdout(&out).contains(SECRET) && !stderr(&out).contains(SECRET));
    }
}

#[test]
fn rotation_keeps_old_tokens_for_the_grace_period_only() {
    let dir = tempfile::tempdir().unwrap();
    let src = dotenv_secret(dir.path());
    let old_token = issue(&src, T0, &["--expires", "365d"]);
    let out = jwtadm()
        .env("JWTADM_NOW", at(T0))
        .args([
            "-o", "json", "secret", "rotate", "--secret", &src, "--grace", "14d",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["previous"]["fingerprint"], "sha256:3bb8ff4d7ce3");
    assert_ne!(v["fingerprint"], v["previous"]["fingerprint"]);
    assert!(!stdout(&out).contains(SECRET));
    let env = std::fs::read_to_string(dir.path().join(".env.docker")).unwrap();
    assert!(env.starts_with("# server\nJWT_SECRET_KEY="), "{env}");
    assert!(
        env.contains(&format!("JWT_SECRET_KEY_PREVIOUS={SECRET}\n")),
        "{env}"
    );
    assert!(
        env.contains("JWT_SECRET_KEY_PREVIOUS_UNTIL=2025-11-16T23:11:13Z"),
        "{env}"
    );
    assert!(env.contains("JWT_GRACE_PERIOD_DAYS=14\n"));

    // During the grace period: accepted, and verify says which secret signed it.
    let detail = |out: &std::process::Output| check_detail(out, "signature");
    let json_verify = |now: i64| {
        jwtadm()
            .env("JWTADM_NOW", at(now))
            .args([
                "-o", "json", "token", "verify", &old_token, "--secret", &src,
            ])
            .args(CHECK)
            .output()
            .unwrap()
    };
    let out = json_verify(T0 + 9 * DAY);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        detail(&out)
            .starts_with("signed by the previous secret sha256:3bb8ff4d7ce3, retired in 5 days"),
        "{}",
        detail(&out)
    );
    assert_eq!(
        verify(&old_token, &src, T0 + 9 * DAY).status.code(),
        Some(0)
    );
    // After it: rejected.
    let out = json_verify(T0 + 15 * DAY);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        detail(&out).contains("grace period ended"),
        "{}",
        detail(&out)
    );
    // A token of the new secret verifies, its kid naming the new fingerprint.
    let new_token = issue(&src, T0 + DAY, &[]);
    assert_eq!(
        verify(&new_token, &src, T0 + 2 * DAY - 1).status.code(),
        Some(0)
    );
    // Its exp (24h after it was issued) is the first second it is no longer valid in.
    assert_eq!(
        verify(&new_token, &src, T0 + 2 * DAY).status.code(),
        Some(3)
    );
    let out = jwtadm()
        .args(["-o", "json", "token", "inspect", &new_token])
        .output()
        .unwrap();
    assert_eq!(
        json(&out)["header"]["kid"],
        v["fingerprint"]
            .as_str()
            .unwrap()
            .trim_start_matches("sha256:")
    );
}

#[test]
fn rotation_with_a_roster_reissues_and_patches_every_client() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".env.docker"),
        format!("JWT_SECRET_KEY={SECRET}\n"),
    )
    .unwrap();
    std::fs::write(dir.path().join(".env"), "").unwrap();
    std::fs::write(
        dir.path().join("mcp.json"),
        "{\"mcpServers\": {\"exai\": {\"env\": {\"EXAI_JWT_TOKEN\": \"x\"}}}}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("clients.toml"),
        "audit_log = \"audit.jsonl\"\n[defaults]\nissuer = \"exai-mcp-server\"\naudience = \"exai-mcp-client\"\nexpires = \"365d\"\n\
         [secret]\nsource = \"dotenv:.env.docker#JWT_SECRET_KEY\"\n\
         [[clients]]\nname = \"a\"\nsub = \"a@x\"\nconfigs = [\"mcp.json\"]\ndotenv = { path = \".env\", key = \"A\" }\n\
         [[clients]]\nname = \"b\"\nsub = \"b@x\"\ndotenv = { path = \".env\", key = \"B\" }\n",
    )
    .unwrap();
    let run = |args: &[&str], now: i64| {
        jwtadm()
            .current_dir(dir.path())
            .env("JWTADM_NOW", at(now))
            .args(args)
            .output()
            .unwrap()
    };
    assert!(run(&["token", "issue-all", "--patch"], T0).status.success());
    let before = std::fs::read_to_string(dir.path().join(".env")).unwrap();
    let out = run(&["secret", "rotate", "--roster", "clients.toml"], T0 + DAY);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("2 tokens reissued"),
        "{}",
        stdout(&out)
    );
    assert_ne!(
        std::fs::read_to_string(dir.path().join(".env")).unwrap(),
        before
    );
    assert_eq!(
        run(&["token", "status"], T0 + 2 * DAY).status.code(),
        Some(0)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("audit.jsonl"))
            .unwrap()
            .lines()
            .count(),
        4
    );
    // An old token put back into a file: accepted within the grace period, flagged after it.
    let old_line = before.lines().next().unwrap();
    let now_env = std::fs::read_to_string(dir.path().join(".env")).unwrap();
    let new_line = now_env.lines().next().unwrap().to_string();
    std::fs::write(
        dir.path().join(".env"),
        now_env.replace(&new_line, old_line),
    )
    .unwrap();
    let out = run(&["token", "status", "--warn-within", "1d"], T0 + 2 * DAY);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = run(&["-o", "json", "token", "status"], T0 + 2 * DAY);
    assert_eq!(
        out.status.code(),
        Some(3),
        "the grace ends within 30 days: {}",
        stdout(&out)
    );
    let entries = json(&out)["entries"].clone();
    assert!(
        entries
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["state"] == "expiring"
                && e["detail"]
                    .as_str()
                    .unwrap()
                    .contains("previous secret, retired in 13 days")),
        "{entries}"
    );
    assert_eq!(
        run(&["token", "status"], T0 + 20 * DAY).status.code(),
        Some(1)
    );
}

#[test]
fn a_failed_rotation_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".env.docker"),
        format!("JWT_SECRET_KEY={SECRET}\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("broken.json"),
        "{\"env\": {\"EXAI_JWT_TOKEN\": 5}}",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("clients.toml"),
        "[secret]\nsource = \"dotenv:.env.docker#JWT_SECRET_KEY\"\n[[clients]]\nname = \"a\"\nsub = \"a\"\nconfigs = [\"broken.json\"]\n",
    )
    .unwrap();
    let before = snapshot(dir.path());
    jwtadm()
        .current_dir(dir.path())
        .args(["secret", "rotate", "--roster", "clients.toml"])
        .assert()
        .code(4);
    assert_eq!(snapshot(dir.path()), before);
    jwtadm()
        .args(["secret", "rotate", "--secret", "env:JWT_SECRET_KEY"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot rotate"));
}

#[test]
fn a_file_secret_rotates_into_0600_siblings() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("jwt.key");
    std::fs::write(&key, format!("{SECRET}\n")).unwrap();
    chmod(&key, 0o600);
    let src = format!("file:{}", key.display());
    let old = issue(&src, T0, &[]);
    jwtadm()
        .env("JWTADM_NOW", at(T0))
        .args(["secret", "rotate", "--secret", &src, "--grace", "1h"])
        .assert()
        .code(0);
    for f in ["jwt.key", "jwt.key.previous", "jwt.key.previous-until"] {
        assert_eq!(mode(&dir.path().join(f)), 0o600, "{f}");
    }
    assert_eq!(verify(&old, &src, T0 + 1800).status.code(), Some(0));
    assert_eq!(verify(&old, &src, T0 + 7200).status.code(), Some(1));
}

#[test]
fn refresh_keeps_claims_and_lifetime() {
    let expired = {
        let out = jwtadm()
            .env("JWTADM_NOW", at(T0))
            .args([
                "token",
                "issue",
                "--sub",
                "vscode1@exai-mcp.local",
                "--expires",
                "90d",
                "--role",
                "user",
                "--quota",
                "100",
                "--claim",
                "team=infra",
            ])
            .args(CHECK)
            .output()
            .unwrap();
        stdout(&out).trim().to_string()
    };
    let later = T0 + 200 * DAY;
    let out = jwtadm()
        .env("JWTADM_NOW", at(later))
        .args(["-o", "json", "token", "refresh", &expired])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    let c = &v["claims"];
    assert_eq!(c["sub"], "vscode1@exai-mcp.local");
    assert_eq!(c["iss"], "exai-mcp-server");
    assert_eq!(c["aud"], "exai-mcp-client");
    assert_eq!(c["role"], "user");
    assert_eq!(c["quota"], 100);
    assert_eq!(c["team"], "infra");
    assert_eq!(c["iat"], later);
    assert_eq!(c["exp"], later + 90 * DAY);
    let new = v["token"].as_str().unwrap();
    let old_jti = {
        let out = jwtadm()
            .args(["-o", "json", "token", "inspect", &expired])
            .output()
            .unwrap();
        json(&out)["claims"]["jti"].clone()
    };
    assert_ne!(c["jti"], old_jti);
    assert_eq!(
        jwtadm()
            .env("JWTADM_NOW", at(later))
            .args(["token", "verify", new])
            .args(CHECK)
            .output()
            .unwrap()
            .status
            .code(),
        Some(0)
    );
    // --expires overrides the lifetime; a token of another secret is refused.
    let out = jwtadm()
        .env("JWTADM_NOW", at(later))
        .args([
            "-o",
            "json",
            "token",
            "refresh",
            &expired,
            "--expires",
            "1d",
        ])
        .output()
        .unwrap();
    assert_eq!(json(&out)["claims"]["exp"], later + DAY);
    jwtadm()
        .env("JWTADM_NOW", at(later))
        .args(["token", "refresh", &expired])
        .env("JWT_SECRET_KEY", "another-secret-that-is-long-enough-0123")
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("not refreshed"));
    // The seeds' own tokens (no kid, no jti) refresh too.
    let out = jwtadm()
        .env("JWTADM_NOW", at(T0 + 400 * DAY))
        .args(["-o", "json", "token", "refresh", SEED_TOKEN])
        .output()
        .unwrap();
    assert_eq!(json(&out)["claims"]["exp"], T0 + 400 * DAY + 365 * DAY);
}
