//! Promises: text given as a secret source is never quoted back when it could be the secret
//! itself (a value pasted after `env:` or `file:`), and a `file:` secret that someone else
//! could replace is refused, as ssh's StrictModes refuses such a key.

#![cfg(unix)]
use std::path::Path;

use crate::common::*;

/// A 32-byte key as hex, the form `secret gen --format hex` prints, pasted where a source belongs.
const HEX_KEY: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

/// Fails when `text` holds `secret` or any 12 characters of it in a row.
fn assert_not_echoed(what: &str, text: &str, secret: &str) {
    let chars: Vec<char> = secret.chars().collect();
    for w in chars.windows(12) {
        let piece: String = w.iter().collect();
        assert!(
            !text.contains(&piece),
            "{what} repeats the secret ({piece}…):\n{text}"
        );
    }
}

fn assert_quiet(out: &std::process::Output, secret: &str) {
    assert_not_echoed("stdout", &stdout(out), secret);
    assert_not_echoed("stderr", &stderr(out), secret);
}

fn verify(source: &str) -> assert_cmd::Command {
    let mut cmd = jwtadm();
    cmd.args(["token", "verify", SEED_TOKEN, "--secret", source])
        .args(["--iss", "exai-mcp-server", "--aud", "exai-mcp-client"]);
    cmd
}

#[test]
fn a_hex_key_pasted_after_env_is_not_echoed() {
    let out = verify(&format!("env:a{HEX_KEY}")).output().unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert_quiet(&out, HEX_KEY);
    let e = stderr(&out);
    assert!(e.contains("env:") && e.contains("not repeated"), "{e}");
}

#[test]
fn a_base64url_key_pasted_after_env_is_not_echoed() {
    // Without its leading digit, SECRET is a valid variable name (letters, digits, _ and -): it
    // parses, then is not set. With it, it is refused as a usage error; neither repeats it.
    for (key, code) in [(&SECRET[1..], 4), (SECRET, 2)] {
        let out = verify(&format!("env:{key}")).output().unwrap();
        assert_eq!(out.status.code(), Some(code), "{}", stderr(&out));
        assert_quiet(&out, key);
    }
}

#[test]
fn a_key_pasted_after_file_is_not_echoed() {
    let dir = tempfile::tempdir().unwrap();
    for source in [format!("file:{HEX_KEY}"), format!("file:{SECRET}")] {
        let out = verify(&source).current_dir(dir.path()).output().unwrap();
        assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
        assert_quiet(&out, &source[5..]);
        assert!(stderr(&out).contains("after file:"), "{}", stderr(&out));
    }
}

#[test]
fn a_key_pasted_as_a_dotenv_key_is_not_echoed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".env"), "OTHER=1\n").unwrap();
    let out = verify(&format!("dotenv:.env#{}", &SECRET[1..]))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert_quiet(&out, &SECRET[1..]);
}

#[test]
fn a_key_pasted_in_a_roster_source_is_not_echoed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("clients.toml"),
        format!(
            "[secret]\nsource = \"env:{}\"\n[[clients]]\nname = \"a\"\nsub = \"a\"\n",
            &SECRET[1..]
        ),
    )
    .unwrap();
    let out = jwtadm()
        .current_dir(dir.path())
        .args(["token", "issue-all", "clients.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert_quiet(&out, &SECRET[1..]);
}

#[test]
fn a_key_pasted_after_to_is_not_echoed() {
    let dir = tempfile::tempdir().unwrap();
    // Into a folder that does not exist: the write fails.
    let out = jwtadm()
        .current_dir(dir.path())
        .args(["secret", "gen", "--to", &format!("file:nowhere/{HEX_KEY}")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert_quiet(&out, HEX_KEY);
    // And where it succeeds, neither the text nor JSON names it.
    for args in [vec![], vec!["-o", "json"]] {
        let out = jwtadm()
            .current_dir(dir.path())
            .args(&args)
            .args([
                "secret",
                "gen",
                "--force",
                "--to",
                &format!("file:{HEX_KEY}"),
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_quiet(&out, HEX_KEY);
    }
}

#[test]
fn a_missing_file_with_a_plain_path_is_still_named() {
    let out = verify("file:/nonexistent/exai/jwt.key").output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stderr(&out).contains("/nonexistent/exai/jwt.key: no such file"),
        "{}",
        stderr(&out)
    );
    let out = verify("env:EXAI_JWT_SECRET_UNSET").output().unwrap();
    assert!(stderr(&out).contains("export EXAI_JWT_SECRET_UNSET"));
}

// Item 13: file: secrets someone else could replace.

/// `dir/jwt.key`, 0600, holding SECRET; `dir` made with `mode`.
fn key_in(dir: &Path, mode: u32) -> String {
    std::fs::create_dir_all(dir).unwrap();
    chmod(dir, mode);
    let key = dir.join("jwt.key");
    std::fs::write(&key, format!("{SECRET}\n")).unwrap();
    chmod(&key, 0o600);
    format!("file:{}", key.display())
}

fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

#[test]
fn a_key_file_in_a_world_writable_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let shared = tmp.path().join("shared");
    let src = key_in(&shared, 0o777);
    let out = verify(&src).output().unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let e = stderr(&out);
    assert!(e.contains("not sticky"), "{e}");
    assert!(
        e.contains(&format!("chmod go-w {}", shared.display())),
        "{e}"
    );
    assert_quiet(&out, SECRET);
}

#[test]
fn a_key_file_in_a_group_writable_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let src = key_in(&tmp.path().join("team"), 0o770);
    let out = verify(&src).output().unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains("(mode 0770)"), "{}", stderr(&out));
}

#[test]
fn a_key_file_under_a_world_writable_ancestor_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let open = tmp.path().join("open");
    std::fs::create_dir(&open).unwrap();
    chmod(&open, 0o777);
    let src = key_in(&open.join("private"), 0o700);
    let out = verify(&src).output().unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("folder {},", open.display())),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_key_file_in_a_sticky_shared_folder_is_accepted() {
    let tmp = tempfile::tempdir().unwrap();
    let src = key_in(&tmp.path().join("sticky"), 0o1777);
    let out = verify(&src).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_key_file_owned_by_another_user_is_refused() {
    if !is_root() {
        eprintln!("skipped: only root can give a file to another user");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let src = key_in(&tmp.path().join("keys"), 0o700);
    let key = Path::new(&src[5..]);
    std::os::unix::fs::chown(key, Some(65534), None).unwrap();
    let out = verify(&src).output().unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let e = stderr(&out);
    assert!(e.contains("owned by uid 65534"), "{e}");
    assert!(e.contains("chown 0"), "{e}");
}

#[test]
fn a_key_file_in_a_folder_owned_by_another_user_is_refused() {
    if !is_root() {
        eprintln!("skipped: only root can give a folder to another user");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let keys = tmp.path().join("keys");
    let src = key_in(&keys, 0o755);
    std::os::unix::fs::chown(&keys, Some(65534), None).unwrap();
    let out = verify(&src).output().unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains(&format!("folder {}, owned by uid 65534", keys.display())));
}

#[test]
fn a_previous_key_file_owned_by_another_user_is_refused() {
    if !is_root() {
        eprintln!("skipped: only root can give a file to another user");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let src = key_in(&tmp.path().join("keys"), 0o700);
    let key = Path::new(&src[5..]).to_path_buf();
    let previous = key.with_file_name("jwt.key.previous");
    std::fs::write(&previous, "an-attacker-chosen-previous-secret-0123456789\n").unwrap();
    chmod(&previous, 0o600);
    std::fs::write(
        key.with_file_name("jwt.key.previous-until"),
        "2099-01-01T00:00:00Z\n",
    )
    .unwrap();
    chmod(&key.with_file_name("jwt.key.previous-until"), 0o600);
    std::os::unix::fs::chown(&previous, Some(65534), None).unwrap();
    let out = verify(&src).output().unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("jwt.key.previous is owned by uid 65534"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn secret_check_fails_the_permissions_row_for_an_unsafe_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let src = key_in(&tmp.path().join("shared"), 0o777);
    let out = jwtadm()
        .args(["-o", "json", "secret", "check", "--secret", &src])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let v = json(&out);
    let row = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "permissions")
        .unwrap_or_else(|| panic!("no permissions row: {v}"));
    assert_eq!(row["ok"], false, "{v}");
    assert!(
        row["detail"].as_str().unwrap().contains("chmod go-w"),
        "{v}"
    );
    assert_quiet(&out, SECRET);
}

/// A key pasted where a value of another kind belongs is not repeated by the error that says
/// the value is wrong (found by the red team: `--expires`, paths, `--only`, roster fields).
const PASTED: &str = "c4n4ryc4n4ryc4n4ryc4n4ryc4n4ryc4n4ry0001";

fn assert_pasted_not_echoed(out: &std::process::Output) {
    let text = format!("{}{}", stdout(out), stderr(out));
    assert!(!text.contains(&PASTED[..16]), "{text}");
    assert!(text.contains("characters, not shown"), "{text}");
}

#[test]
fn a_key_pasted_as_expires_is_not_echoed() {
    let out = jwtadm()
        .args(["token", "issue", "--sub", "a", "--expires", PASTED])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_pasted_not_echoed(&out);
}

#[test]
fn a_key_pasted_as_an_attached_short_option_is_not_echoed() {
    let out = jwtadm()
        .arg(format!("-o{PASTED}"))
        .args(["token", "issue", "--sub", "a"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_pasted_not_echoed(&out);
}

#[test]
fn a_key_pasted_as_a_path_or_a_name_is_not_echoed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("clients.toml"),
        "[[clients]]\nname = \"a\"\nsub = \"a\"\n",
    )
    .unwrap();
    for args in [
        vec!["config", "patch", "--token", SEED_TOKEN, PASTED],
        vec!["token", "issue-all", PASTED],
        vec!["token", "issue-all", "--only", PASTED],
        vec!["token", "inspect", "--from-config", PASTED],
        vec!["token", "issue", "--sub", "a", "--claims-file", PASTED],
    ] {
        let out = jwtadm()
            .current_dir(dir.path())
            .args(&args)
            .output()
            .unwrap();
        assert_ne!(out.status.code(), Some(0), "{args:?}");
        assert_pasted_not_echoed(&out);
    }
}

#[test]
fn a_key_pasted_into_a_roster_field_is_not_echoed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("clients.toml"),
        format!("[defaults]\nexpires = \"{PASTED}\"\n[[clients]]\nname = \"a\"\nsub = \"a\"\n"),
    )
    .unwrap();
    let out = jwtadm()
        .current_dir(dir.path())
        .args(["token", "issue-all"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert_pasted_not_echoed(&out);
    assert!(stderr(&out).contains("clients.toml:2"), "{}", stderr(&out));
}

#[test]
fn a_dotenv_secret_set_twice_is_refused_not_guessed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".env"),
        format!("JWT_SECRET_KEY={SECRET}\nJWT_SECRET_KEY={SECRET}x\n"),
    )
    .unwrap();
    let out = jwtadm()
        .current_dir(dir.path())
        .args([
            "secret",
            "fingerprint",
            "--secret",
            "dotenv:.env#JWT_SECRET_KEY",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stderr(&out).contains("set twice (lines 1 and 2)"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains(&SECRET[..12]));
}

/// Found by the second red team: a key pasted into a roster's server, key or audience, or
/// passed as `--aud`, came back whole in `token status` and `token verify`, table and JSON.
#[test]
fn a_key_pasted_into_a_roster_place_or_an_expected_value_is_not_shown_by_status_or_verify() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.json"),
        format!(
            "{{\"mcpServers\":{{\"s\":{{\"env\":{{\"EXAI_JWT_TOKEN\":\"{SEED_TOKEN}\"}}}}}}}}\n"
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join("e.env"), format!("K={SEED_TOKEN}\n")).unwrap();
    std::fs::write(
        dir.path().join("clients.toml"),
        format!(
            "[defaults]\nissuer = \"exai-mcp-server\"\naudience = \"{PASTED}\"\n\
             [[clients]]\nname = \"c\"\nsub = \"vscode1@exai-mcp.local\"\n\
             configs = [{{ path = \"a.json\", server = \"{PASTED}\" }}]\n\
             dotenv = {{ path = \"e.env\", key = \"K\" }}\n"
        ),
    )
    .unwrap();
    for format in ["table", "json"] {
        let out = jwtadm()
            .current_dir(dir.path())
            .args(["-o", format, "token", "status"])
            .output()
            .unwrap();
        let text = format!("{}{}", stdout(&out), stderr(&out));
        assert!(!text.contains(&PASTED[..16]), "{format}: {text}");
        let out = jwtadm()
            .args(["-o", format, "token", "verify", SEED_TOKEN, "--aud", PASTED])
            .output()
            .unwrap();
        let text = format!("{}{}", stdout(&out), stderr(&out));
        assert!(!text.contains(&PASTED[..16]), "{format}: {text}");
    }
}

/// Found by the third red team: long names made of words (server names, issuers) were hidden
/// in errors and check details as if they were keys.
#[test]
fn long_names_made_of_words_are_shown() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("m.json"),
        "{\"mcpServers\": {\n \"modelcontextprotocol-server-filesystem\": {\"env\": {\"EXAI_JWT_TOKEN\": \"old\"}},\n \"exai-mcp-server-staging-environment\": {\"env\": {\"EXAI_JWT_TOKEN\": \"old\"}}}}\n",
    )
    .unwrap();
    let out = jwtadm()
        .current_dir(dir.path())
        .args(["config", "patch", "--token", SEED_TOKEN, "m.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let err = stderr(&out);
    assert!(
        err.contains("modelcontextprotocol-server-filesystem"),
        "{err}"
    );
    assert!(err.contains("exai-mcp-server-staging-environment"), "{err}");
    let out = jwtadm()
        .args([
            "token",
            "verify",
            SEED_TOKEN,
            "--iss",
            "exai-mcp-server-staging-cluster-one",
        ])
        .args(["--aud", "exai-mcp-client"])
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("exai-mcp-server-staging-cluster-one"),
        "{}",
        stdout(&out)
    );
}
