//! `token issue-all --renew-within`: under a fixed clock, exactly the clients due get a new
//! token (missing, invalid, mismatched, different between places, of the previous secret,
//! expired, expiring within the window), every other file is left as it was (same bytes, same
//! inode, same mtime), and a run with nothing due writes nothing and exits 0.

use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use proptest::prelude::*;
use serde_json::{Value, json};

use crate::common::*;

const HOUR: i64 = 3600;
const DAY: i64 = 86_400;
/// When the roster's tokens are first issued.
const T0: i64 = 1_762_125_073;
/// When they are renewed: 44 hours later, so that a 2-day token has 4 hours left.
const T1: i64 = T0 + 44 * HOUR;
const ISS: &str = "exai-mcp-server";
const AUD: &str = "exai-mcp-client";

/// Each client of the main roster: its name and lifetime. Every client has its own config
/// (`NAME.json`) and dotenv file (`NAME.env`), so that a file untouched is a client untouched.
const CLIENTS: [(&str, &str); 7] = [
    ("fresh1", "30d"),
    ("fresh2", "10d"),
    ("expiring", "2d"),
    ("expired", "1d"),
    ("missing", "30d"),
    ("differs", "30d"),
    ("invalid", "30d"),
];

/// The clients due at T1 with an 8-hour window, and why.
fn due_at_t1() -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([
        ("expiring", "expiring"),
        ("expired", "expired"),
        ("missing", "missing"),
        ("differs", "differs"),
        ("invalid", "invalid"),
    ])
}

fn run(dir: &Path, now: i64, args: &[&str]) -> std::process::Output {
    jwtadm()
        .current_dir(dir)
        .env("JWTADM_NOW", now.to_string())
        .args(args)
        .output()
        .unwrap()
}

fn ok(dir: &Path, now: i64, args: &[&str]) -> std::process::Output {
    let out = run(dir, now, args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}{}",
        stdout(&out),
        stderr(&out)
    );
    out
}

/// A token for `sub` with these times, signed with `secret` (jsonwebtoken, not jwtadm).
fn mint(sub: &str, iat: i64, exp: i64, secret: &str) -> String {
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &json!({"sub": sub, "iss": ISS, "aud": AUD, "iat": iat, "exp": exp}),
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

fn config(token: &str) -> String {
    format!(
        "{{\n  \"mcpServers\": {{\n    \"exai\": {{ \"env\": {{ \"EXAI_JWT_TOKEN\": \"{token}\" }} }}\n  }}\n}}\n"
    )
}

fn client_entry(name: &str, expires: &str) -> String {
    format!(
        "[[clients]]\nname = \"{name}\"\nsub = \"{name}@exai-mcp.local\"\nexpires = \"{expires}\"\n\
         configs = [\"{name}.json\"]\ndotenv = {{ path = \"{name}.env\", key = \"TOKEN\" }}\n"
    )
}

/// A roster signed with JWT_SECRET_KEY, with an audit log and `clients`.
fn roster(dir: &Path, clients: &[(&str, &str)]) {
    let mut text = format!(
        "audit_log = \"audit.jsonl\"\n[defaults]\nissuer = \"{ISS}\"\naudience = \"{AUD}\"\n\
         [secret]\nsource = \"env:JWT_SECRET_KEY\"\n"
    );
    for (name, expires) in clients {
        text.push_str(&client_entry(name, expires));
        std::fs::write(dir.join(format!("{name}.json")), config("placeholder")).unwrap();
        std::fs::write(dir.join(format!("{name}.env")), "# the token\nTOKEN=\n").unwrap();
    }
    std::fs::write(dir.join("clients.toml"), text).unwrap();
}

/// The main roster, every token issued and written at T0, then broken as each client's name
/// says: `missing` loses its dotenv line, `differs` gets another good token in its config,
/// `invalid` one signed with another secret.
fn broken_roster(dir: &Path) {
    roster(dir, &CLIENTS);
    ok(dir, T0, &["token", "issue-all", "--patch"]);
    std::fs::write(dir.join("missing.env"), "# the token\nOTHER=1\n").unwrap();
    let other = mint("differs@exai-mcp.local", T0 + 60, T0 + 30 * DAY, SECRET);
    std::fs::write(dir.join("differs.json"), config(&other)).unwrap();
    let forged = mint(
        "invalid@exai-mcp.local",
        T0,
        T0 + 30 * DAY,
        "another-secret-of-enough-length-0123456789",
    );
    std::fs::write(dir.join("invalid.json"), config(&forged)).unwrap();
}

/// Each file of the folder: its bytes, inode and mtime.
fn files(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, u64, SystemTime)> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let m = std::fs::metadata(&p).unwrap();
            let v = (std::fs::read(&p).unwrap(), m.ino(), m.modified().unwrap());
            (p.strip_prefix(dir).unwrap().to_path_buf(), v)
        })
        .collect()
}

/// The files that differ between two snapshots in bytes, inode or mtime (or exist in one).
fn touched(
    before: &BTreeMap<PathBuf, (Vec<u8>, u64, SystemTime)>,
    after: &BTreeMap<PathBuf, (Vec<u8>, u64, SystemTime)>,
) -> BTreeSet<String> {
    before
        .keys()
        .chain(after.keys())
        .filter(|k| before.get(*k) != after.get(*k))
        .map(|k| k.display().to_string())
        .collect()
}

/// The names of a JSON list's clients (`name`) with their `reason`.
fn reasons(list: &Value) -> BTreeMap<String, String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_string(),
                c["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn names<'a>(it: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    it.into_iter().map(str::to_string).collect()
}

fn audit_lines(dir: &Path) -> Vec<Value> {
    std::fs::read_to_string(dir.join("audit.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The state of every entry of `token status -o json` at `now`, by client.
fn status_states(dir: &Path, now: i64) -> BTreeMap<String, BTreeSet<String>> {
    let out = run(
        dir,
        now,
        &["-o", "json", "token", "status", "--warn-within", "8h"],
    );
    let mut states: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for e in json(&out)["entries"].as_array().unwrap() {
        states
            .entry(e["client"].as_str().unwrap().to_string())
            .or_default()
            .insert(e["state"].as_str().unwrap().to_string());
    }
    states
}

#[test]
fn renews_exactly_the_due_clients_and_leaves_every_other_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    broken_roster(dir);
    let audited = audit_lines(dir).len();
    let before = files(dir);
    // Far enough apart that a rewrite shows in the mtime even on a coarse clock.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let out = ok(
        dir,
        T1,
        &[
            "-o",
            "json",
            "token",
            "issue-all",
            "--patch",
            "--renew-within",
            "8h",
        ],
    );
    let v = json(&out);
    let due = due_at_t1();
    assert_eq!(
        reasons(&v["clients"]),
        due.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    );
    assert_eq!(
        reasons(&v["skipped"]),
        BTreeMap::from([
            ("fresh1".to_string(), "fresh".to_string()),
            ("fresh2".to_string(), "fresh".to_string())
        ])
    );
    // Exactly the due clients' files were written; the roster, the fresh clients' files and
    // everything else are the same bytes, inode and mtime.
    let mut expected: BTreeSet<String> = due
        .keys()
        .flat_map(|n| [format!("{n}.json"), format!("{n}.env")])
        .collect();
    expected.insert("audit.jsonl".into());
    assert_eq!(touched(&before, &files(dir)), expected);
    let written: BTreeSet<String> = v["written"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            Path::new(p.as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    expected.remove("audit.jsonl");
    assert_eq!(written, expected);
    // One audit line a token issued, for the due clients only.
    let audit = audit_lines(dir);
    assert_eq!(
        names(
            audit[audited..]
                .iter()
                .map(|l| l["client"].as_str().unwrap())
        ),
        names(due.keys().copied())
    );
    // Every token is now ok, each client's the same in both its places.
    for (client, states) in status_states(dir, T1) {
        assert_eq!(states, names(["ok"]), "{client}");
    }
}

#[test]
fn a_second_run_right_after_has_nothing_due_exits_0_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    broken_roster(dir);
    ok(
        dir,
        T1,
        &["token", "issue-all", "--patch", "--renew-within", "8h"],
    );
    let before = files(dir);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let out = ok(
        dir,
        T1 + 60,
        &["token", "issue-all", "--patch", "--renew-within", "8h"],
    );
    let text = stdout(&out);
    // expired's new 1-day token is the first to come within 8 hours of its end.
    let next = T1 + DAY - 8 * HOUR;
    assert!(text.starts_with("nothing due: "), "{text}");
    assert!(
        text.contains(&format!(
            "next renewal due in 15 hours ({}, expired)",
            rfc3339(next)
        )),
        "{text}"
    );
    assert_eq!(text.lines().count(), 1, "{text}");
    assert_eq!(stderr(&out), "");
    // Not even the audit log.
    assert_eq!(touched(&before, &files(dir)), BTreeSet::new());
    // JSON: nothing issued, every client skipped with its reason and when it falls due.
    let out = ok(
        dir,
        T1 + 60,
        &[
            "-o",
            "json",
            "token",
            "issue-all",
            "--patch",
            "--renew-within",
            "8h",
        ],
    );
    let v = json(&out);
    assert_eq!(v["clients"], json!([]));
    assert_eq!(v["written"], json!([]));
    assert_eq!(v["issued_at"], Value::Null);
    assert_eq!(v["next_due"], json!(rfc3339(next)));
    assert!(
        v["skipped"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["reason"] == "fresh" && c["due"] == false),
        "{v}"
    );
    assert_eq!(touched(&before, &files(dir)), BTreeSet::new());
}

/// RFC 3339 in UTC, from jwtadm itself (the tests carry no date library).
fn rfc3339(t: i64) -> String {
    let out = jwtadm()
        .args([
            "-o",
            "json",
            "token",
            "inspect",
            &mint("x", t - 1, t, SECRET),
        ])
        .output()
        .unwrap();
    json(&out)["times"]["exp"]["utc"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn dry_run_shows_only_the_due_clients_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    broken_roster(dir);
    let before = files(dir);
    let out = ok(
        dir,
        T1,
        &[
            "-o",
            "json",
            "token",
            "issue-all",
            "--patch",
            "--dry-run",
            "--renew-within",
            "8h",
        ],
    );
    let v = json(&out);
    assert_eq!(v["dry_run"], true);
    let changed: BTreeSet<String> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["changes"].as_array().unwrap())
        .map(|c| c["client"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(changed, names(due_at_t1().keys().copied()));
    let why = reasons(&v["clients"]);
    assert_eq!(why["fresh1"], "fresh");
    assert_eq!(why["expiring"], "expiring");
    assert_eq!(touched(&before, &files(dir)), BTreeSet::new());
    // For people: the diff names only due clients, and the table says why each is or is not.
    let out = ok(
        dir,
        T1,
        &[
            "token",
            "issue-all",
            "--patch",
            "--dry-run",
            "--renew-within",
            "8h",
        ],
    );
    let text = stdout(&out);
    assert!(text.contains("(client expiring)"), "{text}");
    assert!(!text.contains("(client fresh1)"), "{text}");
    assert!(text.contains("hold different tokens"), "{text}");
    assert!(text.contains("(not due)"), "{text}");
    assert_eq!(touched(&before, &files(dir)), BTreeSet::new());
}

#[test]
fn json_and_table_give_the_reason_each_client_was_renewed_or_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    broken_roster(dir);
    // Without --patch: the due clients' tokens are printed, and nothing is written.
    let before = files(dir);
    let out = ok(
        dir,
        T1,
        &["-o", "json", "token", "issue-all", "--renew-within", "8h"],
    );
    let v = json(&out);
    assert_eq!(v["renew_within"], 8 * HOUR);
    let by_name = |list: &Value, name: &str| -> Value {
        list.as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("{name} not in {list}"))
    };
    let clients = &v["clients"];
    assert!(
        by_name(clients, "expiring")["detail"]
            .as_str()
            .unwrap()
            .contains("expires in 4 hours")
    );
    assert!(
        by_name(clients, "expired")["detail"]
            .as_str()
            .unwrap()
            .contains("expired")
    );
    assert!(
        by_name(clients, "missing")["detail"]
            .as_str()
            .unwrap()
            .contains("missing.env")
    );
    assert!(
        by_name(clients, "invalid")["detail"]
            .as_str()
            .unwrap()
            .contains("signature does not match")
    );
    assert!(
        by_name(clients, "differs")["detail"]
            .as_str()
            .unwrap()
            .contains("differs.json (exai) and differs.env hold different tokens")
    );
    for c in clients.as_array().unwrap() {
        assert!(c["token"].as_str().unwrap().starts_with("eyJ"));
        assert_eq!(c["files"], json!([]));
    }
    let fresh = by_name(&v["skipped"], "fresh1");
    assert_eq!(fresh["due"], false);
    assert_eq!(fresh["due_at"], json!(rfc3339(T0 + 30 * DAY - 8 * HOUR)));
    assert_eq!(touched(&before, &files(dir)), names(["audit.jsonl"]));
    // The table: a row a client, due or not, with its reason.
    let out = ok(dir, T1, &["token", "issue-all", "--renew-within", "8h"]);
    let text = stdout(&out);
    for (name, reason) in due_at_t1().into_iter().chain([("fresh1", "fresh")]) {
        let row = text
            .lines()
            .find(|l| l.contains(&format!(" {name} ")))
            .unwrap_or_else(|| panic!("no row for {name}: {text}"));
        assert!(row.contains(reason), "{row}");
    }
    assert!(
        text.contains("5 tokens due within 8 hours issued"),
        "{text}"
    );
    assert!(
        text.contains("2 clients not due, the next in 7 days (fresh2"),
        "{text}"
    );
}

#[test]
fn a_token_fine_in_one_file_but_missing_in_the_other_is_due() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    roster(dir, &[("a", "30d"), ("b", "30d")]);
    ok(dir, T0, &["token", "issue-all", "--patch"]);
    // a's config is fine; its dotenv file lost the line.
    std::fs::write(dir.join("a.env"), "# the token\n").unwrap();
    let out = ok(
        dir,
        T0 + HOUR,
        &[
            "-o",
            "json",
            "token",
            "issue-all",
            "--patch",
            "--renew-within",
            "1h",
        ],
    );
    let v = json(&out);
    assert_eq!(
        reasons(&v["clients"]),
        BTreeMap::from([("a".into(), "missing".into())])
    );
    // Both of a's places now hold the one new token.
    let token = v["clients"][0]["token"].as_str().unwrap();
    assert!(
        std::fs::read_to_string(dir.join("a.json"))
            .unwrap()
            .contains(token)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("a.env")).unwrap(),
        format!("# the token\nTOKEN={token}\n")
    );
}

#[test]
fn a_window_of_zero_renews_only_the_expired_and_the_broken() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    broken_roster(dir);
    let out = ok(
        dir,
        T1,
        &["-o", "json", "token", "issue-all", "--renew-within", "0s"],
    );
    let mut due = due_at_t1();
    due.remove("expiring");
    assert_eq!(
        reasons(&json(&out)["clients"]),
        due.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    );
    // At the very second a token expires it is expired, and due with a window of 0.
    let dir2 = tempfile::tempdir().unwrap();
    let dir2 = dir2.path();
    roster(dir2, &[("a", "1h"), ("b", "2h")]);
    ok(dir2, T0, &["token", "issue-all", "--patch"]);
    let out = ok(
        dir2,
        T0 + HOUR,
        &["-o", "json", "token", "issue-all", "--renew-within", "0s"],
    );
    assert_eq!(
        reasons(&json(&out)["clients"]),
        BTreeMap::from([("a".into(), "expired".into())])
    );
    let out = ok(
        dir2,
        T0 + HOUR - 1,
        &["token", "issue-all", "--renew-within", "0s"],
    );
    assert!(stdout(&out).starts_with("nothing due"), "{}", stdout(&out));
}

#[test]
fn a_huge_window_renews_every_client() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    roster(dir, &[("a", "1h"), ("b", "365d"), ("c", "100y")]);
    ok(dir, T0, &["token", "issue-all", "--patch"]);
    let out = ok(
        dir,
        T0,
        &[
            "-o",
            "json",
            "token",
            "issue-all",
            "--renew-within",
            "8000y",
        ],
    );
    assert_eq!(
        reasons(&json(&out)["clients"]),
        BTreeMap::from([
            ("a".into(), "expiring".into()),
            ("b".into(), "expiring".into()),
            ("c".into(), "expiring".into())
        ])
    );
    // Beyond what any date holds: refused as a duration, not wrapped around.
    let out = run(dir, T0, &["token", "issue-all", "--renew-within", "9000y"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("too long a duration"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_negative_or_malformed_window_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    broken_roster(dir);
    let before = files(dir);
    for args in [
        &["--renew-within", "-1h"][..],
        &["--renew-within=-1h"],
        &["--renew-within", "-0s"],
        &["--renew-within", "soon"],
        &["--renew-within", ""],
        &["--renew-within"],
    ] {
        let out = run(
            dir,
            T1,
            &[&["token", "issue-all", "--patch"][..], args].concat(),
        );
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert_eq!(stdout(&out), "", "{args:?}");
        if args.iter().any(|a| a.contains("-1h")) {
            assert!(stderr(&out).contains("is negative"), "{}", stderr(&out));
        }
    }
    assert_eq!(touched(&before, &files(dir)), BTreeSet::new());
}

#[test]
fn only_limits_the_renewal_to_the_named_clients() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    broken_roster(dir);
    let before = files(dir);
    let out = ok(
        dir,
        T1,
        &[
            "-o",
            "json",
            "token",
            "issue-all",
            "--patch",
            "--renew-within",
            "8h",
            "--only",
            "fresh1",
            "--only",
            "expired",
        ],
    );
    let v = json(&out);
    assert_eq!(
        reasons(&v["clients"]),
        BTreeMap::from([("expired".into(), "expired".into())])
    );
    assert_eq!(
        reasons(&v["skipped"]),
        BTreeMap::from([("fresh1".into(), "fresh".into())])
    );
    assert_eq!(
        touched(&before, &files(dir)),
        names(["expired.json", "expired.env", "audit.jsonl"])
    );
    // A client named that is not due: nothing due among those named.
    let out = ok(
        dir,
        T1,
        &[
            "token",
            "issue-all",
            "--patch",
            "--renew-within",
            "8h",
            "--only",
            "fresh2",
        ],
    );
    assert!(
        stdout(&out).starts_with("nothing due: no token of 1 client"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn backup_keeps_only_the_renewed_files_old_content() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    broken_roster(dir);
    let old = std::fs::read(dir.join("expired.json")).unwrap();
    ok(
        dir,
        T1,
        &[
            "token",
            "issue-all",
            "--patch",
            "--backup",
            "--renew-within",
            "8h",
        ],
    );
    assert_eq!(std::fs::read(dir.join("expired.json.bak")).unwrap(), old);
    assert!(!dir.join("fresh1.json.bak").exists());
    assert!(!dir.join("fresh1.env.bak").exists());
}

#[test]
fn a_token_of_the_previous_secret_is_due_though_still_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    roster(dir, &[("a", "30d"), ("b", "30d")]);
    ok(dir, T0, &["token", "issue-all", "--patch"]);
    // The secret rotated by hand: a's token is of the previous one, accepted for 14 days.
    let old = "the-previous-secret-of-enough-length-01234";
    let token = mint("a@exai-mcp.local", T0, T0 + 30 * DAY, old);
    std::fs::write(dir.join("a.json"), config(&token)).unwrap();
    std::fs::write(dir.join("a.env"), format!("# the token\nTOKEN={token}\n")).unwrap();
    let rotated = |t: i64, args: &[&str]| {
        jwtadm()
            .current_dir(dir)
            .env("JWTADM_NOW", t.to_string())
            .env("JWT_SECRET_KEY_PREVIOUS", old)
            .env("JWT_SECRET_KEY_PREVIOUS_UNTIL", rfc3339(T0 + 14 * DAY))
            .args(args)
            .output()
            .unwrap()
    };
    let out = rotated(
        T0 + DAY,
        &["-o", "json", "token", "issue-all", "--renew-within", "1h"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(
        reasons(&v["clients"]),
        BTreeMap::from([("a".into(), "previous_key".into())])
    );
    assert!(
        v["clients"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("previous secret")
    );
    // b falls due 1 hour before its end; a's old token would have at the end of the grace.
    assert_eq!(
        reasons(&v["skipped"]),
        BTreeMap::from([("b".into(), "fresh".into())])
    );
}

#[test]
fn a_roster_claim_changed_since_issue_makes_the_client_due() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    roster(dir, &[("a", "30d"), ("b", "30d")]);
    ok(dir, T0, &["token", "issue-all", "--patch"]);
    // b's audience changes in the roster: its token no longer verifies for it.
    let text = std::fs::read_to_string(dir.join("clients.toml")).unwrap();
    let text = text.replace(
        "name = \"b\"\n",
        "name = \"b\"\naudience = \"another-server\"\n",
    );
    std::fs::write(dir.join("clients.toml"), text).unwrap();
    let out = ok(
        dir,
        T0 + HOUR,
        &[
            "-o",
            "json",
            "token",
            "issue-all",
            "--patch",
            "--renew-within",
            "1h",
        ],
    );
    let v = json(&out);
    assert_eq!(
        reasons(&v["clients"]),
        BTreeMap::from([("b".into(), "invalid".into())])
    );
    assert!(
        v["clients"][0]["detail"].as_str().unwrap().contains("aud"),
        "{v}"
    );
    for (client, states) in status_states(dir, T0 + HOUR) {
        assert_eq!(states, names(["ok"]), "{client}");
    }
}

#[test]
fn a_value_pointing_elsewhere_is_not_due_and_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    std::fs::write(
        dir.join("clients.toml"),
        format!(
            "[defaults]\nissuer = \"{ISS}\"\naudience = \"{AUD}\"\n[secret]\nsource = \"env:JWT_SECRET_KEY\"\n\
             [[clients]]\nname = \"a\"\nsub = \"a@x\"\nconfigs = [\"a.json\"]\n"
        ),
    )
    .unwrap();
    std::fs::write(dir.join("a.json"), config("${input:exai-token}")).unwrap();
    let before = files(dir);
    let out = ok(
        dir,
        T0,
        &[
            "-o",
            "json",
            "token",
            "issue-all",
            "--patch",
            "--renew-within",
            "8h",
        ],
    );
    let v = json(&out);
    assert_eq!(
        reasons(&v["skipped"]),
        BTreeMap::from([("a".into(), "unchecked".into())])
    );
    assert_eq!(v["next_due"], Value::Null);
    assert_eq!(touched(&before, &files(dir)), BTreeSet::new());
    let out = ok(
        dir,
        T0,
        &["token", "issue-all", "--patch", "--renew-within", "8h"],
    );
    assert!(stdout(&out).starts_with("nothing due"), "{}", stdout(&out));
    assert!(!stdout(&out).contains("next renewal"), "{}", stdout(&out));
}

#[test]
fn a_key_roster_renews_only_its_due_clients() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    std::fs::create_dir(dir.join("keys")).unwrap();
    ok(
        dir,
        T0,
        &[
            "key",
            "gen",
            "--alg",
            "EdDSA",
            "--to",
            "file:keys/signing.pem",
        ],
    );
    roster(dir, &[("a", "1d"), ("b", "30d")]);
    let text = std::fs::read_to_string(dir.join("clients.toml"))
        .unwrap()
        .replace(
            "[secret]\nsource = \"env:JWT_SECRET_KEY\"\n",
            "[key]\nsource = \"file:keys/signing.pem\"\njwks = \"jwks.json\"\n",
        );
    std::fs::write(dir.join("clients.toml"), text).unwrap();
    ok(dir, T0, &["token", "issue-all", "--patch"]);
    let before = files(dir);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let out = ok(
        dir,
        T0 + 20 * HOUR,
        &[
            "-o",
            "json",
            "token",
            "issue-all",
            "--patch",
            "--renew-within",
            "8h",
        ],
    );
    let v = json(&out);
    assert_eq!(
        reasons(&v["clients"]),
        BTreeMap::from([("a".into(), "expiring".into())])
    );
    assert!(v["kid"].is_string(), "{v}");
    // The JWKS already lists the key: untouched, as b's files.
    assert_eq!(
        touched(&before, &files(dir)),
        names(["a.json", "a.env", "audit.jsonl"])
    );
    let out = ok(
        dir,
        T0 + 20 * HOUR,
        &["token", "issue-all", "--patch", "--renew-within", "8h"],
    );
    assert!(stdout(&out).starts_with("nothing due"), "{}", stdout(&out));
}

/// The expiry of each client's token, in minutes from now (none: no token there), and the
/// window in minutes.
fn expiries_and_window() -> impl Strategy<Value = (Vec<Option<i64>>, i64)> {
    (
        prop::collection::vec(prop::option::weighted(0.85, -120i64..240), 1..6),
        0i64..180,
    )
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("JWTADM_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24),
        ..ProptestConfig::default()
    })]

    /// Whatever the expiries and the window: the clients renewed are exactly those whose token
    /// is missing or whose exp <= now + window (to the second, at the boundary included).
    #[test]
    fn the_clients_renewed_are_those_whose_exp_is_within_the_window_or_missing(
        (expiries, window) in expiries_and_window()
    ) {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        let mut text = format!(
            "[defaults]\nissuer = \"{ISS}\"\naudience = \"{AUD}\"\n[secret]\nsource = \"env:JWT_SECRET_KEY\"\n"
        );
        let mut expected = BTreeSet::new();
        for (i, exp) in expiries.iter().enumerate() {
            let name = format!("c{i}");
            text.push_str(&format!(
                "[[clients]]\nname = \"{name}\"\nsub = \"{name}@x\"\ndotenv = {{ path = \"{name}.env\", key = \"TOKEN\" }}\n"
            ));
            let line = match exp {
                Some(m) => {
                    if m * 60 <= window * 60 {
                        expected.insert(name.clone());
                    }
                    format!("TOKEN={}\n", mint(&format!("{name}@x"), T0 - DAY, T0 + m * 60, SECRET))
                }
                None => {
                    expected.insert(name.clone());
                    "OTHER=1\n".to_string()
                }
            };
            std::fs::write(dir.join(format!("{name}.env")), line).unwrap();
        }
        std::fs::write(dir.join("clients.toml"), text).unwrap();
        let window_arg = format!("{}m", window);
        let out = run(dir, T0, &["-o", "json", "token", "issue-all", "--renew-within", &window_arg]);
        prop_assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let v = json(&out);
        let renewed: BTreeSet<String> = reasons(&v["clients"]).into_keys().collect();
        prop_assert_eq!(renewed, expected);
    }
}

/// A `command:` secret source runs once per renewal run, not once to judge and again to sign
/// (the secret is loaded once and kept).
#[test]
fn a_command_secret_runs_once_per_renewal() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    roster(d, &[("a", "1d"), ("b", "30d")]);
    std::fs::write(d.join("secret.txt"), format!("{SECRET}\n")).unwrap();
    let text = std::fs::read_to_string(d.join("clients.toml"))
        .unwrap()
        .replace(
            "source = \"env:JWT_SECRET_KEY\"",
            "source = \"command:sh -c 'echo run >> runs.log; cat secret.txt'\"",
        );
    std::fs::write(d.join("clients.toml"), text).unwrap();
    ok(d, T0, &["token", "issue-all", "--patch"]);
    std::fs::remove_file(d.join("runs.log")).unwrap();
    // At T1 `a` (a 1-day token) has expired: due, and reissued with the secret read once.
    ok(
        d,
        T1,
        &["token", "issue-all", "--patch", "--renew-within", "8h"],
    );
    let runs = std::fs::read_to_string(d.join("runs.log")).unwrap();
    assert_eq!(
        runs.lines().count(),
        1,
        "the command ran {} times",
        runs.lines().count()
    );
}
