//! `jwtadm client list|add|remove|revoke` through the binary: the roster edited in place with
//! every other byte kept, duplicates refused, and a revocation that is one all-or-nothing run
//! (a new secret or key, the others reissued, the revoked token emptied and rejected, the
//! client kept for the record and skipped by every command). Then the same work, attacked.

use std::path::Path;

use proptest::prelude::*;
use serde_json::Value;

use crate::common::*;

const T0: i64 = 1_762_125_073;
const HOUR: i64 = 3_600;

const ROSTER: &str = r#"# The EX-AI clients.
audit_log = "audit.jsonl"   # one line per token

[defaults]
issuer = "exai-mcp-server"
audience = "exai-mcp-client"
expires = "365d"

[secret]
source = "dotenv:.env.docker#JWT_SECRET_KEY"   # the server's

# VS Code, first window
[[clients]]
name = "a"          # aligned
sub  = "a@x"
configs = ["a.json"]
dotenv = { path = ".env", key = "A" }

[clients.claims]
role = "user"

# Cursor, over HTTP
[[clients]]
name = "b"
sub = "b@x"
configs = [{ path = "b.json", server = "exai", header = "Authorization" }]
dotenv = { path = ".env", key = "B" }

[[clients]]
name = "c"
sub = "c@x"
dotenv = { path = ".env", key = "C" }

# end of roster
"#;

const A_JSON: &str = "{\"mcpServers\": {\"exai\": {\"env\": {\"EXAI_JWT_TOKEN\": \"x\"}}}}\n";
const B_JSON: &str = "// Cursor\n{\n  \"mcpServers\": {\n    \"exai\": {\n      \"url\": \"https://mcp.example.com/mcp\",\n      \"headers\": { \"Authorization\": \"Bearer x\" }, // the token\n    },\n  },\n}\n";

/// jwtadm in `dir` at time `now`.
fn run_at(dir: &Path, now: i64, args: &[&str]) -> std::process::Output {
    jwtadm()
        .current_dir(dir)
        .env("JWTADM_NOW", now.to_string())
        .args(args)
        .output()
        .unwrap()
}

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    run_at(dir, T0, args)
}

/// As [`run`], which must succeed.
fn ok(dir: &Path, args: &[&str]) -> std::process::Output {
    let out = run(dir, args);
    assert!(
        out.status.success(),
        "jwtadm {args:?}: {}{}",
        stdout(&out),
        stderr(&out)
    );
    out
}

/// `args` in `dir` fail with exit `code`, saying `says`, and change no file there.
fn refused(dir: &Path, args: &[&str], code: i32, says: &str) {
    let before = snapshot(dir);
    let out = run(dir, args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(code), "jwtadm {args:?}: {err}");
    assert!(err.contains(says), "jwtadm {args:?}: {err}");
    assert_eq!(snapshot(dir), before, "jwtadm {args:?} changed a file");
}

/// The roster above and its files, every token issued and written at T0.
fn issued(dir: &Path) {
    std::fs::write(
        dir.join(".env.docker"),
        format!("# server\nJWT_SECRET_KEY={SECRET}\nLOG=1\n"),
    )
    .unwrap();
    std::fs::write(dir.join("a.json"), A_JSON).unwrap();
    std::fs::write(dir.join("b.json"), B_JSON).unwrap();
    std::fs::write(dir.join(".env"), "# tokens\nA=\nB=\nC=\n").unwrap();
    std::fs::write(dir.join("clients.toml"), ROSTER).unwrap();
    ok(dir, &["token", "issue-all", "--patch"]);
}

/// The token in `.env` under `key`.
fn env_token(dir: &Path, key: &str) -> String {
    std::fs::read_to_string(dir.join(".env"))
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{key}=")).map(str::to_string))
        .unwrap()
}

/// The exit code of `token verify TOKEN` with the roster's secret (and its previous one) at
/// `now`.
fn verify_at(dir: &Path, token: &str, now: i64) -> i32 {
    run_at(
        dir,
        now,
        &[
            "token",
            "verify",
            "--secret",
            "dotenv:.env.docker#JWT_SECRET_KEY",
            "--iss",
            "exai-mcp-server",
            "--aud",
            "exai-mcp-client",
            token,
        ],
    )
    .status
    .code()
    .unwrap()
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap()
}

#[test]
fn add_and_remove_keep_every_other_byte_of_the_roster() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    issued(d);
    ok(
        d,
        &[
            "client",
            "add",
            "ci",
            "--sub",
            "ci@x",
            "--config",
            "ci.json#exai",
            "--config",
            "other.json",
            "--dotenv",
            ".env#CI",
            "--claim",
            "role=ci",
            "--claim",
            "quota=5",
        ],
    );
    let added = read(d, "clients.toml");
    // A comment at the very end stays at the end.
    let expected = ROSTER.replace("\n# end of roster\n", "")
        + "\n[[clients]]\nname = \"ci\"\nsub = \"ci@x\"\n\
           configs = [{ path = \"ci.json\", server = \"exai\" }, \"other.json\"]\n\
           dotenv = { path = \".env\", key = \"CI\" }\n\n\
           [clients.claims]\nrole = \"ci\"\nquota = 5\n\n# end of roster\n";
    assert_eq!(added, expected);
    let list = json(&ok(d, &["-o", "json", "client", "list"]));
    let names: Vec<&str> = list["clients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["a", "b", "c", "ci"]);
    assert_eq!(
        list["clients"][3]["files"],
        serde_json::json!(["ci.json", "other.json", ".env"])
    );
    assert_eq!(list["clients"][3]["expires"], "365d");
    assert_eq!(list["clients"][3]["revoked"], Value::Null);
    // The roster is still one issue-all reads.
    ok(d, &["token", "issue-all"]);
    ok(d, &["client", "remove", "ci"]);
    assert_eq!(read(d, "clients.toml"), ROSTER);
    // A client in the middle, its comment and sub-table with it; the rest as it was.
    let out = ok(d, &["client", "remove", "a"]);
    assert!(stderr(&out).contains("stays valid until it expires"));
    let without_a = ROSTER.replace(
        "# VS Code, first window\n[[clients]]\nname = \"a\"          # aligned\nsub  = \"a@x\"\nconfigs = [\"a.json\"]\ndotenv = { path = \".env\", key = \"A\" }\n\n[clients.claims]\nrole = \"user\"\n\n",
        "",
    );
    assert_ne!(without_a, ROSTER);
    assert_eq!(read(d, "clients.toml"), without_a);
}

#[test]
fn a_duplicate_name_or_sub_and_an_invalid_result_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    issued(d);
    let add = |name: &str, sub: &str| ["client", "add", name, "--sub", sub].map(str::to_string);
    let args = add("a", "new@x");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    refused(d, &args, 2, "has the name \"a\" already");
    let args = add("new", "b@x");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    refused(d, &args, 2, "has the sub \"b@x\" already");
    // What the strict parser refuses never reaches the file.
    refused(
        d,
        &["client", "add", "n", "--sub", "n@x", "--claim", "exp=5"],
        4,
        "registered claim",
    );
    // Nor two clients on one place.
    refused(
        d,
        &["client", "add", "n", "--sub", "n@x", "--dotenv", ".env#A"],
        4,
        "nothing was changed",
    );
    refused(
        d,
        &["client", "add", "n", "--sub", "n@x", "--dotenv", ".env"],
        2,
        "PATH#KEY",
    );
    refused(d, &["client", "remove", "zz"], 2, "no client named zz");
    refused(
        d,
        &[
            "client",
            "add",
            "n",
            "--sub",
            "n@x",
            "--roster",
            "none.toml",
        ],
        4,
        "none.toml",
    );
}

#[test]
fn revoke_rejects_the_revoked_token_and_reissues_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    issued(d);
    let old_a = env_token(d, "A");
    let old_secret = read(d, ".env.docker");
    assert_eq!(verify_at(d, &old_a, T0), 0);
    let out = ok(d, &["-o", "json", "client", "revoke", "a"]);
    let v = json(&out);
    assert_eq!(v["revoked"]["name"], "a");
    assert_eq!(v["revoked"]["at"], "2025-11-02T23:11:13Z");
    assert_eq!(v["emptied"], serde_json::json!(["a.json", ".env"]));
    assert_eq!(v["rotation"]["reissued"], serde_json::json!(["b", "c"]));
    // A new secret, no previous one kept without --grace.
    let secret = read(d, ".env.docker");
    assert_ne!(secret, old_secret);
    assert!(secret.contains("JWT_SECRET_KEY_PREVIOUS=''\n"), "{secret}");
    // The revoked token: emptied where it was, and rejected by the server's new secret.
    assert_eq!(env_token(d, "A"), "");
    assert_eq!(read(d, "a.json"), A_JSON.replace("\"x\"", "\"\""));
    assert_eq!(verify_at(d, &old_a, T0), 1);
    // The others verify, and token status is all ok.
    for key in ["B", "C"] {
        assert_eq!(verify_at(d, &env_token(d, key), T0), 0, "{key}");
    }
    let status = json(&ok(d, &["-o", "json", "token", "status"]));
    assert_eq!(status["exit_code"], 0);
    assert_eq!(status["counts"]["clients"], 2);
    assert!(
        status["entries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["client"] != "a")
    );
    // The roster: one line more, every comment kept.
    assert_eq!(
        read(d, "clients.toml"),
        ROSTER.replace(
            "dotenv = { path = \".env\", key = \"A\" }\n",
            "dotenv = { path = \".env\", key = \"A\" }\nrevoked = \"2025-11-02T23:11:13Z\"\n"
        )
    );
    // The header keeps its scheme: only the token's characters changed.
    let b = read(d, "b.json");
    assert!(
        b.starts_with("// Cursor\n") && b.contains("\"Bearer eyJ"),
        "{b}"
    );
    // An audit line for the revocation, never a token.
    let audit = read(d, "audit.jsonl");
    let last: Value = serde_json::from_str(audit.lines().last().unwrap()).unwrap();
    assert_eq!(last["event"], "revoke");
    assert_eq!(last["client"], "a");
    assert_eq!(last["files_emptied"], serde_json::json!(["a.json", ".env"]));
    assert!(!audit.contains(&old_a));
    // Skipped by every command, with a clear message where it is named.
    let issued = json(&ok(d, &["-o", "json", "token", "issue-all"]));
    let names: Vec<&str> = issued["clients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["b", "c"]);
    refused(
        d,
        &["token", "issue-all", "--only", "a"],
        2,
        "client a was revoked at 2025-11-02T23:11:13Z",
    );
    refused(
        d,
        &["client", "revoke", "a"],
        2,
        "client a was revoked already",
    );
    refused(d, &["client", "revoke", "zz"], 2, "no client named zz");
    ok(d, &["secret", "rotate", "--roster", "clients.toml"]);
    assert_eq!(env_token(d, "A"), "", "secret rotate skips a");
    let list = json(&ok(d, &["-o", "json", "client", "list"]));
    assert_eq!(list["clients"][2]["name"], "a");
    assert_eq!(list["clients"][2]["revoked"], "2025-11-02T23:11:13Z");
}

#[test]
fn revoking_the_last_clients_is_fine_and_leaves_nothing_to_issue() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    issued(d);
    for name in ["a", "b", "c"] {
        ok(d, &["client", "revoke", name]);
    }
    for key in ["A", "B", "C"] {
        assert_eq!(env_token(d, key), "");
    }
    refused(
        d,
        &["token", "issue-all"],
        4,
        "every client is revoked (a, b, c)",
    );
    refused(d, &["token", "status"], 4, "every client is revoked");
    // Added back under a new name, the roster works again.
    ok(
        d,
        &["client", "add", "a2", "--sub", "a2@x", "--dotenv", ".env#A"],
    );
    ok(d, &["token", "issue-all", "--patch"]);
    assert_eq!(ok(d, &["token", "status"]).status.code(), Some(0));
}

#[test]
fn a_failed_revoke_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    issued(d);
    // Another client's config that does not parse.
    std::fs::write(d.join("b.json"), "{ \"mcpServers\": ").unwrap();
    refused(d, &["client", "revoke", "a"], 4, "b.json");
    // The revoked client's own config that does not parse.
    std::fs::write(d.join("b.json"), B_JSON).unwrap();
    ok(d, &["token", "issue-all", "--patch"]);
    std::fs::write(d.join("a.json"), "{ nope").unwrap();
    refused(d, &["client", "revoke", "a"], 4, "a.json");
    std::fs::write(d.join("a.json"), A_JSON).unwrap();
    ok(d, &["token", "issue-all", "--patch"]);
    // A file that cannot be written: immutable (root can write anything else).
    let target = d.join(".env");
    let immutable = std::process::Command::new("chattr")
        .arg("+i")
        .arg(&target)
        .status()
        .is_ok_and(|s| s.success());
    if immutable {
        let before = snapshot(d);
        let out = run(d, &["client", "revoke", "a"]);
        std::process::Command::new("chattr")
            .arg("-i")
            .arg(&target)
            .status()
            .unwrap();
        assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
        assert_eq!(snapshot(d), before);
    } else {
        eprintln!("skipped the immutable-file case: chattr +i is not possible here");
    }
    // A roster changed by hand into something invalid is refused before anything.
    std::fs::write(
        d.join("clients.toml"),
        ROSTER.replace("sub  =", "subject ="),
    )
    .unwrap();
    refused(d, &["client", "revoke", "b"], 4, "clients.toml");
    refused(
        d,
        &["client", "add", "n", "--sub", "n@x"],
        4,
        "clients.toml",
    );
}

#[test]
fn a_dry_run_shows_the_revocation_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    issued(d);
    let before = snapshot(d);
    let out = ok(d, &["client", "revoke", "a", "--dry-run"]);
    assert_eq!(snapshot(d), before);
    let text = stdout(&out);
    assert!(text.contains("+A: (empty)"), "{text}");
    assert!(stderr(&out).contains("would be marked revoked"));
    let v = json(&ok(
        d,
        &["-o", "json", "client", "revoke", "a", "--dry-run"],
    ));
    assert_eq!(v["dry_run"], true);
    assert_eq!(snapshot(d), before);
}

#[test]
fn with_grace_the_old_secret_and_the_revoked_token_last_that_long() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    issued(d);
    let old_a = env_token(d, "A");
    let out = ok(d, &["client", "revoke", "a", "--grace", "1h"]);
    assert!(
        stderr(&out).contains("stays accepted until 2025-11-03T00:11:13Z"),
        "{}",
        stderr(&out)
    );
    let secret = read(d, ".env.docker");
    assert!(secret.contains(&format!("JWT_SECRET_KEY_PREVIOUS={SECRET}\n")));
    assert!(secret.contains("JWT_SECRET_KEY_PREVIOUS_UNTIL=2025-11-03T00:11:13Z\n"));
    assert_eq!(verify_at(d, &old_a, T0 + HOUR / 2), 0);
    assert_eq!(verify_at(d, &old_a, T0 + 2 * HOUR), 1);
    assert_eq!(env_token(d, "A"), "");
}

#[test]
fn a_key_roster_revokes_with_a_new_key_and_drops_the_old_one_from_its_jwks() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("keys")).unwrap();
    chmod(&d.join("keys"), 0o700);
    ok(
        d,
        &[
            "key",
            "gen",
            "--alg",
            "ES256",
            "--to",
            "file:keys/signing.pem",
        ],
    );
    std::fs::write(d.join("a.json"), A_JSON).unwrap();
    std::fs::write(d.join(".env"), "A=\nB=\n").unwrap();
    std::fs::write(
        d.join("clients.toml"),
        "# key roster\n[defaults]\nissuer = \"exai-mcp-server\"\naudience = \"exai-mcp-client\"\n\
         [key]\nsource = \"file:keys/signing.pem\"\njwks = \"jwks.json\"   # published\n\
         [[clients]]\nname = \"a\"\nsub = \"a@x\"\nconfigs = [\"a.json\"]\ndotenv = { path = \".env\", key = \"A\" }\n\
         [[clients]]\nname = \"b\"\nsub = \"b@x\"\ndotenv = { path = \".env\", key = \"B\" }\n",
    )
    .unwrap();
    ok(d, &["token", "issue-all", "--patch"]);
    let old_a = env_token(d, "A");
    let old_kid = json(&ok(
        d,
        &["-o", "json", "key", "thumbprint", "keys/signing.pem"],
    ));
    let v = json(&ok(d, &["-o", "json", "client", "revoke", "a"]));
    assert_eq!(v["rotation"]["reissued"], serde_json::json!(["b"]));
    let jwks: Value = serde_json::from_str(&read(d, "jwks.json")).unwrap();
    let kids: Vec<&str> = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap())
        .collect();
    assert_eq!(kids, [v["rotation"]["kid"].as_str().unwrap()]);
    assert_ne!(Some(kids[0]), old_kid["kid"].as_str());
    let verify = |token: &str| {
        run(
            d,
            &[
                "token",
                "verify",
                "--jwks",
                "jwks.json",
                "--iss",
                "exai-mcp-server",
                "--aud",
                "exai-mcp-client",
                token,
            ],
        )
        .status
        .code()
    };
    assert_eq!(verify(&old_a), Some(1));
    assert_eq!(verify(&env_token(d, "B")), Some(0));
    assert_eq!(env_token(d, "A"), "");
    assert_eq!(read(d, "keys/signing.pem.previous").trim(), "");
    assert_eq!(ok(d, &["token", "status"]).status.code(), Some(0));
}

#[test]
fn no_secret_shows_in_any_output_of_the_client_commands() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    issued(d);
    let mut seen = String::new();
    for args in [
        vec!["client", "list"],
        vec!["client", "add", "n", "--sub", "n@x", "--dotenv", ".env#N"],
        vec!["client", "revoke", "a", "--dry-run"],
        vec!["client", "revoke", "a", "--grace", "1d"],
        vec!["client", "revoke", "n"],
        vec!["client", "revoke", "n"],
        vec!["client", "remove", "n"],
        vec![
            "client",
            "add",
            "n",
            "--sub",
            "n@x",
            "--dotenv",
            ".env#JWT_SECRET_KEY",
        ],
    ] {
        for output in ["table", "json"] {
            let mut all = vec!["-o", output];
            all.extend(&args);
            let out = run(d, &all);
            seen.push_str(&stdout(&out));
            seen.push_str(&stderr(&out));
        }
    }
    let env_docker = read(d, ".env.docker");
    let secrets: Vec<&str> = env_docker
        .lines()
        .filter_map(|l| l.split_once('=').map(|(_, v)| v))
        .filter(|v| v.len() > 20)
        .chain([SECRET])
        .collect();
    assert!(secrets.len() >= 2, "{env_docker}");
    for s in secrets {
        assert!(!seen.contains(s), "a secret in the output:\n{seen}");
    }
    // No whole token either: only shortened ones in a dry run.
    assert!(!seen.contains(&env_token(d, "B")));
}

#[test]
fn odd_names_and_paths_are_written_escaped_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("a folder 'with' \"quotes\" #1");
    std::fs::create_dir_all(&d).unwrap();
    issued(&d);
    let name = "quote\" back\\slash\nnew line\t[[clients]]";
    ok(
        &d,
        &[
            "client",
            "add",
            name,
            "--sub",
            "odd = \"sub\" # not a comment",
            "--config",
            "odd#name.json#",
            "--dotenv",
            "odd dir/.env#ODD",
        ],
    );
    let list = json(&ok(&d, &["-o", "json", "client", "list"]));
    let odd = &list["clients"][3];
    assert_eq!(odd["name"], name);
    assert_eq!(odd["sub"], "odd = \"sub\" # not a comment");
    assert_eq!(
        odd["files"],
        serde_json::json!(["odd#name.json", "odd dir/.env"])
    );
    // The table escapes what a terminal would act on.
    let table = stdout(&ok(&d, &["client", "list"]));
    assert!(!table.contains('\t'), "{table}");
    ok(&d, &["client", "remove", name]);
    assert_eq!(read(&d, "clients.toml"), ROSTER);
}

#[cfg(unix)]
#[test]
fn a_roster_behind_a_symlink_is_written_through_it_and_keeps_its_mode() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    issued(d);
    std::fs::create_dir(d.join("real")).unwrap();
    std::fs::rename(d.join("clients.toml"), d.join("real/clients.toml")).unwrap();
    std::os::unix::fs::symlink("real/clients.toml", d.join("clients.toml")).unwrap();
    chmod(&d.join("real/clients.toml"), 0o640);
    ok(d, &["client", "add", "n", "--sub", "n@x"]);
    let link = std::fs::symlink_metadata(d.join("clients.toml")).unwrap();
    assert!(link.file_type().is_symlink());
    assert!(read(d, "real/clients.toml").contains("name = \"n\""));
    assert_eq!(mode(&d.join("real/clients.toml")), 0o640);
    ok(d, &["client", "revoke", "c"]);
    assert!(
        std::fs::symlink_metadata(d.join("clients.toml"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(read(d, "real/clients.toml").contains("revoked = "));
    assert_eq!(mode(&d.join("real/clients.toml")), 0o640);
}

#[test]
fn a_missing_file_of_the_revoked_client_is_named_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    issued(d);
    std::fs::remove_file(d.join("a.json")).unwrap();
    let out = ok(d, &["client", "revoke", "a"]);
    assert!(
        stderr(&out).contains("a.json (client a) does not exist: no token to empty there"),
        "{}",
        stderr(&out)
    );
    assert!(!d.join("a.json").exists(), "never created");
    assert_eq!(env_token(d, "A"), "");
}

#[test]
fn a_revoked_line_the_parser_cannot_read_is_an_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    issued(d);
    let bad = ROSTER.replace("name = \"c\"\n", "name = \"c\"\nrevoked = \"yesterday\"\n");
    std::fs::write(d.join("clients.toml"), &bad).unwrap();
    refused(d, &["client", "list"], 4, "clients.toml:31:11: revoked:");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("JWTADM_PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(12)
    ))]

    /// Any client added, then removed, leaves the roster as it was, byte for byte.
    #[test]
    fn add_then_remove_gives_back_the_same_bytes(
        name in "[^\u{0}-\u{8}\u{b}-\u{1f}\u{7f}]{1,12}",
        sub in "[a-zA-Z0-9 \"'#=\\[\\]\\\\.@-]{1,16}",
    ) {
        prop_assume!(!["a", "b", "c"].contains(&name.as_str()));
        prop_assume!(!["a@x", "b@x", "c@x"].contains(&sub.as_str()));
        prop_assume!(!name.starts_with('-'));
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("clients.toml"), ROSTER).unwrap();
        std::fs::write(d.join(".env.docker"), format!("JWT_SECRET_KEY={SECRET}\n")).unwrap();
        let out = run(d, &["client", "add", &name, "--sub", &sub]);
        prop_assert!(out.status.success(), "{}", stderr(&out));
        let added = read(d, "clients.toml");
        prop_assert!(added.starts_with(ROSTER.trim_end_matches("\n# end of roster\n")));
        let out = run(d, &["client", "remove", &name]);
        prop_assert!(out.status.success(), "{}", stderr(&out));
        prop_assert_eq!(read(d, "clients.toml"), ROSTER);
    }
}
