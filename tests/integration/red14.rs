//! The fourteenth red team: `config find`, `roster init`, `client …` and `issue-all
//! --renew-within` attacked with inputs their authors did not choose. Each test is named after
//! the break it found; each failed before its fix.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::common::{json, jwtadm, stderr, stdout};

const VAR: &str = "EXAI_JWT_TOKEN";

/// A fake home and a project folder, in one temporary folder.
struct Machine {
    _tmp: tempfile::TempDir,
    home: PathBuf,
    root: PathBuf,
}

fn machine() -> Machine {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    let root = tmp.path().join("root");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&root).unwrap();
    Machine {
        _tmp: tmp,
        home,
        root,
    }
}

/// A token signed with the tests' secret, issued with `args` (`--sub …` and more).
fn token(args: &[&str]) -> String {
    let out = jwtadm()
        .args(["token", "issue", "--expires", "30d"])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).trim().to_string()
}

/// `dir/.mcp.json` (Claude Code's project file) with `servers`: (name, token).
fn mcp_json(dir: &Path, servers: &[(&str, &str)]) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let mut map = serde_json::Map::new();
    for (name, token) in servers {
        map.insert(
            name.to_string(),
            json!({"command": "exai", "env": {VAR: token}}),
        );
    }
    let path = dir.join(".mcp.json");
    std::fs::write(&path, json!({ "mcpServers": map }).to_string()).unwrap();
    path
}

/// jwtadm with `HOME` the machine's home, run in `dir`.
fn run(m: &Machine, dir: &Path, args: &[&str]) -> std::process::Output {
    jwtadm()
        .env("HOME", &m.home)
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

/// The claims of the token at `mcpServers.<server>.env.VAR` of `path`.
fn claims_in(path: &Path, server: &str) -> Value {
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let token = doc["mcpServers"][server]["env"][VAR].as_str().unwrap();
    let out = jwtadm()
        .args(["-o", "json", "token", "inspect", token])
        .output()
        .unwrap();
    json(&out)
}

/// `roster init` in `dir` (with `extra` arguments), then `issue-all --patch` and `token
/// status` on what it wrote: each must succeed (status exits 3: 30-day tokens are expiring).
fn init_issue_status(m: &Machine, dir: &Path, extra: &[&str], roster: &str) {
    let mut args = vec!["roster", "init", "--out", roster];
    args.extend_from_slice(extra);
    let out = run(m, dir, &args);
    assert!(out.status.success(), "roster init: {}", stderr(&out));
    let out = run(m, dir, &["token", "issue-all", "--patch", roster]);
    assert!(
        out.status.success(),
        "issue-all --patch on what roster init wrote: {}\n{}",
        stderr(&out),
        std::fs::read_to_string(dir.join(roster)).unwrap_or_default()
    );
    let out = run(m, dir, &["token", "status", roster]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "status: {}{}",
        stdout(&out),
        stderr(&out)
    );
}

/// Two clients whose subs look random (`server.sub` is redacted for display) were grouped by
/// the redacted text, `<22 characters, not shown>`, which both have: roster init made them one
/// client, and issue-all then wrote the first client's sub into the second client's file.
#[test]
fn roster_init_merged_two_clients_whose_random_looking_subs_redact_alike() {
    let m = machine();
    let (a, b) = ("A1b2C3d4E5f6G7h8I9j0K1", "Z9y8X7w6V5u4T3s2R1q0P9");
    let pa = mcp_json(&m.root.join("a"), &[("exai", &token(&["--sub", a]))]);
    let pb = mcp_json(&m.root.join("b"), &[("exai", &token(&["--sub", b]))]);
    init_issue_status(&m, &m.root, &["--root", "."], "clients.toml");
    let text = std::fs::read_to_string(m.root.join("clients.toml")).unwrap();
    assert_eq!(text.matches("[[clients]]").count(), 2, "{text}");
    assert_eq!(claims_in(&pa, "exai")["claims"]["sub"], a);
    assert_eq!(claims_in(&pb, "exai")["claims"]["sub"], b, "{text}");
}

/// With a relative `--root` and `--out` in another folder, the files were written as found
/// (`./a/.mcp.json`), which the roster takes from its own folder: issue-all then failed.
#[test]
fn roster_init_with_a_relative_root_wrote_paths_only_the_current_folder_could_read() {
    let m = machine();
    mcp_json(&m.root.join("a"), &[("exai", &token(&["--sub", "one"]))]);
    std::fs::create_dir_all(m.root.join("ops")).unwrap();
    init_issue_status(&m, &m.root, &["--root", "."], "ops/clients.toml");
    // And from the roster's own folder, as cron runs it.
    let ops = m.root.join("ops");
    let out = run(&m, &ops, &["token", "status"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
}

/// A server named "" (a JSON key may be empty) was written without `server`, which a roster
/// reads as every server of the file: the roster clashed with each other client of the file
/// and no command could use it.
#[test]
fn roster_init_wrote_a_server_named_by_the_empty_string_as_every_server_of_the_file() {
    let m = machine();
    let path = mcp_json(
        &m.root,
        &[
            ("", &token(&["--sub", "nameless"])),
            ("exai", &token(&["--sub", "named"])),
        ],
    );
    init_issue_status(&m, &m.root, &[], "clients.toml");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    for (server, sub) in [("", "nameless"), ("exai", "named")] {
        assert_eq!(claims_in(&path, server)["claims"]["sub"], sub, "{doc}");
    }
}

/// One token with a claim TOML cannot write as it is (an integer beyond i64, a key with a
/// line break) made roster init fail for every client ("internal check failed"); nested
/// objects and arrays holding other than strings were dropped without a word.
#[test]
fn roster_init_failed_or_silently_dropped_claims_of_odd_types() {
    let m = machine();
    let claims = m.root.join("claims.json");
    let odd = json!({
        "nested": {"a": 1, "b": ["x", 2]},
        "mixed": [1, "a", true, 1.5],
        "line\nkey": "v",
        "big": 18446744073709551615u64,
        "nothing": null,
        "role": "admin",
    });
    std::fs::write(&claims, odd.to_string()).unwrap();
    let t = token(&["--sub", "odd", "--claims-file", claims.to_str().unwrap()]);
    let path = mcp_json(&m.root.join("p"), &[("exai", &t)]);
    init_issue_status(&m, &m.root, &["--root", "p"], "clients.toml");
    let text = std::fs::read_to_string(m.root.join("clients.toml")).unwrap();
    let after = &claims_in(&path, "exai")["claims"];
    for k in ["nested", "mixed", "line\nkey", "role"] {
        assert_eq!(after[k], odd[k], "{k}: {text}");
    }
    // What a roster cannot hold is named in a comment, not changed into something else.
    for k in ["big", "nothing"] {
        assert!(after.get(k).is_none(), "{k}: {after}");
        assert!(
            text.contains(&format!("claim {k} a roster cannot hold")),
            "{k}: {text}"
        );
    }
}

/// An access token's (RFC 9068) `client_id` and `scope` were dropped as registered claims, and
/// its `typ: at+jwt` forgotten: the tokens issue-all then wrote were plain JWTs without them,
/// which an MCP HTTP server checking access tokens refuses.
#[test]
fn roster_init_dropped_an_access_tokens_client_id_scope_and_profile() {
    let m = machine();
    let (iss, aud) = ("https://as.example", "https://mcp.example/mcp");
    let t = token(&[
        "--profile",
        "at+jwt",
        "--sub",
        "user-1",
        "--iss",
        iss,
        "--aud",
        aud,
        "--client-id",
        "cursor-1",
        "--scope",
        "mcp:tools mcp:read",
    ]);
    // And a plain JWT that carries client_id and scope as claims of its own.
    let plain = token(&[
        "--sub",
        "user-2",
        "--claim",
        "client_id=cli-2",
        "--claim",
        "scope=anything goes",
    ]);
    let path = mcp_json(&m.root, &[("exai", &t), ("other", &plain)]);
    init_issue_status(&m, &m.root, &[], "clients.toml");
    let text = std::fs::read_to_string(m.root.join("clients.toml")).unwrap();
    let access = claims_in(&path, "exai");
    assert_eq!(access["header"]["typ"], "at+jwt", "{text}");
    assert_eq!(access["claims"]["client_id"], "cursor-1", "{text}");
    assert_eq!(access["claims"]["scope"], "mcp:tools mcp:read", "{text}");
    let out = jwtadm()
        .args([
            "token", "verify", "--profile", "at+jwt", "--iss", iss, "--aud", aud,
        ])
        .arg(
            serde_json::from_str::<Value>(&std::fs::read_to_string(&path).unwrap()).unwrap()
                ["mcpServers"]["exai"]["env"][VAR]
                .as_str()
                .unwrap(),
        )
        .output()
        .unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let other = claims_in(&path, "other");
    assert_eq!(other["claims"]["client_id"], "cli-2", "{text}");
    assert_eq!(other["claims"]["scope"], "anything goes", "{text}");
}

/// Under `--root`, a config that is a symlink to a file was not listed (the walk kept only
/// regular files), though `config find` in that folder itself lists it.
#[cfg(unix)]
#[test]
fn config_find_under_a_root_missed_a_config_that_is_a_symlink() {
    let m = machine();
    let store = m.home.join("store");
    let real = mcp_json(&store, &[("exai", &token(&["--sub", "linked"]))]);
    let project = m.root.join("p");
    std::fs::create_dir_all(&project).unwrap();
    std::os::unix::fs::symlink(&real, project.join(".mcp.json")).unwrap();
    // A loop of folder links beside it is not walked into.
    std::os::unix::fs::symlink("..", project.join("up")).unwrap();
    let out = jwtadm()
        .env("HOME", &m.home)
        .current_dir(&m.home)
        .args(["-o", "json", "config", "find", "--root"])
        .arg(&m.root)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let configs = json(&out)["configs"].as_array().unwrap().clone();
    assert_eq!(configs.len(), 1, "{configs:?}");
    assert_eq!(configs[0]["servers"][0]["sub"], "linked");
    init_issue_status(&m, &m.root, &["--root", "p"], "clients.toml");
    assert_eq!(claims_in(&real, "exai")["claims"]["sub"], "linked");
    assert!(
        std::fs::symlink_metadata(project.join(".mcp.json"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

/// `client add --claim big=18446744073709551615` wrote `big = 18446744073709552000.0`: the
/// claim became another number, of another type, without a word (the refusal "too large for a
/// TOML number" was never reached).
#[test]
fn client_add_turned_an_integer_beyond_toml_into_another_number() {
    let m = machine();
    let roster = m.root.join("clients.toml");
    let text = "[[clients]]\nname = \"a\"\nsub = \"a@x\"\n";
    std::fs::write(&roster, text).unwrap();
    let out = run(
        &m,
        &m.root,
        &[
            "client",
            "add",
            "b",
            "--sub",
            "b@x",
            "--claim",
            "big=18446744073709551615",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("too large"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&roster).unwrap(), text);
    // A float, and an integer that fits, are kept as they are.
    let out = run(
        &m,
        &m.root,
        &[
            "client", "add", "b", "--sub", "b@x", "--claim", "f=1.5", "--claim", "i=-42",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&roster).unwrap();
    assert!(text.contains("f = 1.5\ni = -42\n"), "{text}");
}

/// A folder under `--root` that cannot be read was passed over in silence: `config find`
/// listed the rest and exited 0, and `roster init` wrote a roster without the configs in it,
/// with no word that a folder went unsearched.
#[cfg(unix)]
#[test]
fn a_folder_under_root_that_cannot_be_read_was_skipped_in_silence() {
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap();
    let m = machine();
    crate::common::chmod(m._tmp.path(), 0o755);
    crate::common::chmod(&m.root, 0o755);
    crate::common::chmod(&m.home, 0o755);
    let t = token(&["--sub", "seen"]);
    let ok = mcp_json(&m.root.join("ok"), &[("exai", &t)]);
    crate::common::chmod(&ok, 0o644);
    crate::common::chmod(&m.root.join("ok"), 0o755);
    let locked = m.root.join("locked");
    mcp_json(&locked, &[("exai", &token(&["--sub", "unseen"]))]);
    crate::common::chmod(&locked, 0o000);
    let find = |args: &[&str]| {
        let mut cmd = if is_root {
            let mut c = assert_cmd::Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(assert_cmd::cargo::cargo_bin("jwtadm"));
            c
        } else {
            assert_cmd::Command::cargo_bin("jwtadm").unwrap()
        };
        cmd.env_clear()
            .env("JWTADM_NOW", crate::common::NOW)
            .env("HOME", &m.home)
            .current_dir(&m.home)
            .args(args)
            .arg("--root")
            .arg(&m.root)
            .output()
            .unwrap()
    };
    for args in [
        &["config", "find"][..],
        &["roster", "init", "--dry-run"][..],
    ] {
        let out = find(args);
        crate::common::chmod(&locked, 0o755);
        let err = stderr(&out);
        crate::common::chmod(&locked, 0o000);
        assert!(out.status.success(), "{args:?}: {err}");
        assert!(
            err.contains(&format!(
                "{}: permission denied; not searched",
                locked.display()
            )),
            "{args:?}: {err}"
        );
    }
    crate::common::chmod(&locked, 0o755);
}

/// A project folder named `${X}` or `$HOME` cannot be named by a roster path (they expand):
/// such a file is left out with a warning, and the others still make a working roster (it
/// failed the whole init, or pointed at the real home).
#[test]
fn roster_init_leaves_out_a_folder_a_roster_path_would_expand() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    let token = |sub: &str| {
        let out = crate::common::jwtadm()
            .args(["token", "issue", "--sub", sub, "--expires", "90d"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    for (folder, sub) in [("${X}", "x@e"), ("$HOME", "h@e"), ("plain", "p@e")] {
        let p = root.join(folder).join(".mcp.json");
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        let doc =
            serde_json::json!({"mcpServers": {"exai": {"env": {"EXAI_JWT_TOKEN": token(sub)}}}});
        std::fs::write(&p, doc.to_string()).unwrap();
    }
    let out = crate::common::jwtadm()
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .args(["roster", "init", "--root", "root"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{err}");
    assert_eq!(err.matches("left out").count(), 2, "{err}");
    let text = std::fs::read_to_string(dir.path().join("clients.toml")).unwrap();
    assert_eq!(text.matches("[[clients]]").count(), 1, "{text}");
    assert!(text.contains("root/plain/.mcp.json"), "{text}");
    let out = crate::common::jwtadm()
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .args(["token", "issue-all", "--patch"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
