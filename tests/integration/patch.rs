//! `jwtadm config patch` over fixtures of every format, written as users write them, compared
//! byte for byte with the expected result. See tests/fixtures/patch/README.md.

use std::path::{Path, PathBuf};

use crate::common::*;
use predicates::prelude::*;

const OLD: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ2c2NvZGUxQGV4YWktbWNwLmxvY2FsIiwiaXNzIjoiZXhhaS1tY3Atc2VydmVyIiwiYXVkIjoiZXhhaS1tY3AtY2xpZW50IiwiaWF0IjoxNzYyMTI1MDczLCJleHAiOjE3OTM2NjEwNzN9.ykhiz2bjw3GEXnAif_2CedGQqb2an4Qr0mmuIMsBZ3U";
const NEW: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ2c2NvZGUxQGV4YWktbWNwLmxvY2FsIiwiaWF0IjoxNzk0MDAwMDAwfQ.TESTnewSIGNATUREtestNEWsignatureTESTnewSIGw";

struct Case {
    file: String,
    var: Option<String>,
    server: Option<String>,
    header: Option<String>,
    note: String,
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/patch")
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(fixtures().join("CASES.tsv")).unwrap();
    let opt = |s: &str| (s != "-").then(|| s.to_string());
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            Case {
                file: c[0].into(),
                var: opt(c[1]),
                server: opt(c[2]),
                header: opt(c[3]),
                note: c[4].into(),
            }
        })
        .collect()
}

fn expected_name(file: &str) -> String {
    let dot = file.rfind('.').unwrap();
    format!("{}.expected{}", &file[..dot], &file[dot..])
}

/// Copy a fixture into a fresh folder under its own name (the name tells the format).
fn stage(dir: &Path, file: &str) -> PathBuf {
    let path = dir.join(file);
    std::fs::copy(fixtures().join(file), &path).unwrap();
    path
}

fn patch_cmd(case: &Case, path: &Path) -> assert_cmd::Command {
    let mut cmd = jwtadm();
    cmd.args(["config", "patch", "--token", NEW]);
    if let Some(v) = &case.var {
        cmd.args(["--var", v]);
    }
    if let Some(s) = &case.server {
        cmd.args(["--server", s]);
    }
    if let Some(h) = &case.header {
        cmd.args(["--header", h]);
    }
    cmd.arg(path);
    cmd
}

#[test]
fn every_format_is_patched_byte_for_byte() {
    let mut checked = 0;
    for case in cases().iter().filter(|c| !c.note.starts_with("error:")) {
        let dir = tempfile::tempdir().unwrap();
        let path = stage(dir.path(), &case.file);
        let out = patch_cmd(case, &path).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            case.file,
            stderr(&out)
        );
        let expected = std::fs::read(fixtures().join(expected_name(&case.file))).unwrap();
        let got = std::fs::read(&path).unwrap();
        assert!(
            got == expected,
            "{}: output differs from {}:\n{}",
            case.file,
            expected_name(&case.file),
            String::from_utf8_lossy(&got)
        );
        if case.note.starts_with("warn:") {
            assert!(
                stderr(&out).contains("points elsewhere"),
                "{}: {}",
                case.file,
                stderr(&out)
            );
        }
        // Idempotent: a second run finds the token already there and does not touch the file.
        let before = std::fs::metadata(&path).unwrap();
        patch_cmd(case, &path).assert().code(0);
        let after = std::fs::metadata(&path).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), expected);
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            assert_eq!(
                before.ino(),
                after.ino(),
                "{}: rewritten although nothing changed",
                case.file
            );
        }
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} cases ran");
}

#[test]
fn broken_files_exit_4_naming_the_place_and_stay_unchanged() {
    let messages = [
        (
            "err_not_found.json",
            "servers found: exai-mcp, filesystem, github",
        ),
        ("err_duplicate_key.json", ":10:"),
        ("err_truncated.json", "not valid JSON"),
        ("err_number.json", "holds a number, not a string"),
        ("err_unterminated.env", ":4:"),
        ("err_duplicate.toml", ":9:"),
        ("err_alias.yaml", ":6:23:"),
        ("err_tag.yaml", ":5:23:"),
        ("err_multi_doc.yaml", ":5:1:"),
        ("err_block_scalar.yaml", ":5:9:"),
        ("err_escape.yaml", ":4:23:"),
    ];
    for case in cases().iter().filter(|c| c.note.starts_with("error:")) {
        let dir = tempfile::tempdir().unwrap();
        let path = stage(dir.path(), &case.file);
        let before = snapshot(dir.path());
        let fragment = messages
            .iter()
            .find(|(f, _)| *f == case.file)
            .map(|(_, m)| *m)
            .unwrap_or("");
        patch_cmd(case, &path).assert().code(4).stderr(
            predicate::str::contains(case.file.as_str()).and(predicate::str::contains(fragment)),
        );
        assert_eq!(snapshot(dir.path()), before, "{} changed", case.file);
    }
}

#[test]
fn one_broken_target_among_several_leaves_all_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let good: Vec<PathBuf> = [
        "claude_desktop.json",
        "seeds_daemon.json",
        "gemini_settings.json",
    ]
    .iter()
    .map(|f| stage(dir.path(), f))
    .collect();
    let bad = stage(dir.path(), "err_number.json");
    let before = snapshot(dir.path());
    jwtadm()
        .args(["config", "patch", "--token", NEW])
        .args(&good)
        .arg(&bad)
        .assert()
        .code(4);
    assert_eq!(snapshot(dir.path()), before);
    // Without the broken one, all are written.
    jwtadm()
        .args(["config", "patch", "--token", NEW])
        .args(&good)
        .assert()
        .code(0);
    for g in &good {
        assert!(std::fs::read_to_string(g).unwrap().contains(NEW));
    }
}

#[test]
fn several_servers_need_server_to_choose() {
    let dir = tempfile::tempdir().unwrap();
    let path = stage(dir.path(), "cursor_mcp.json");
    jwtadm()
        .args(["config", "patch", "--token", NEW])
        .arg(&path)
        .assert()
        .code(4)
        .stderr(predicate::str::contains("choose one with --server"));
    jwtadm()
        .args(["config", "patch", "--token", NEW, "--server", "nope"])
        .arg(&path)
        .assert()
        .code(4)
        .stderr(predicate::str::contains("no server named nope"));
}

#[test]
fn the_token_comes_from_stdin_a_file_or_the_flag_and_must_be_a_jwt() {
    let dir = tempfile::tempdir().unwrap();
    let path = stage(dir.path(), "claude_desktop.json");
    jwtadm()
        .args(["config", "patch"])
        .arg(&path)
        .write_stdin(format!("{NEW}\n"))
        .assert()
        .code(0);
    assert!(std::fs::read_to_string(&path).unwrap().contains(NEW));
    let token_file = dir.path().join("new.jwt");
    std::fs::write(&token_file, format!("Bearer {OLD}\n")).unwrap();
    jwtadm()
        .args(["config", "patch", "--token-file"])
        .arg(&token_file)
        .arg(&path)
        .assert()
        .code(0);
    assert!(std::fs::read_to_string(&path).unwrap().contains(OLD));
    let before = snapshot(dir.path());
    jwtadm()
        .args(["config", "patch", "--token", "not-a-jwt"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("3 segments"));
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn dry_run_shows_a_shortened_diff_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = stage(dir.path(), "codex_config.toml");
    let before = snapshot(dir.path());
    let out = jwtadm()
        .args(["config", "patch", "--dry-run", "--token", NEW])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let diff = stdout(&out);
    assert!(diff.contains("-EXAI_JWT_TOKEN: eyJhbGci…BZ3U"), "{diff}");
    assert!(
        diff.contains("+EXAI_JWT_TOKEN: eyJhbGci…SIGw") || diff.contains("…SIGx"),
        "{diff}"
    );
    assert!(!diff.contains(NEW) && !diff.contains(OLD));
    assert_eq!(snapshot(dir.path()), before);
}

#[cfg(unix)]
#[test]
fn symlinks_modes_and_backups_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let real = stage(dir.path(), "claude_desktop.json");
    chmod(&real, 0o640);
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink("claude_desktop.json", &link).unwrap();
    let original = std::fs::read(&real).unwrap();
    jwtadm()
        .args(["config", "patch", "--backup", "--token", NEW])
        .arg(&link)
        .assert()
        .code(0);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link was replaced by a file"
    );
    assert!(std::fs::read_to_string(&real).unwrap().contains(NEW));
    assert_eq!(mode(&real), 0o640);
    assert_eq!(
        std::fs::read(dir.path().join("link.json.bak")).unwrap(),
        original
    );
    // No temporary files are left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains(".jwtadm-")), "{names:?}");
    assert_eq!(names.len(), 3, "{names:?}");
}

/// A folder jwtadm may not write in: as root (CI), jwtadm runs as `nobody` through setpriv,
/// since root ignores folder permissions.
#[cfg(unix)]
#[test]
fn a_read_only_folder_fails_before_anything_is_written() {
    use std::os::unix::fs::chown;
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap();
    let base = tempfile::tempdir().unwrap();
    chmod(base.path(), 0o755);
    let (writable, locked) = (base.path().join("writable"), base.path().join("locked"));
    std::fs::create_dir(&writable).unwrap();
    std::fs::create_dir(&locked).unwrap();
    let first = stage(&writable, "claude_desktop.json");
    let second = stage(&locked, "seeds_daemon.json");
    let mut cmd = if is_root {
        for p in [&writable, &locked, &first, &second] {
            chown(p, Some(65534), Some(65534)).unwrap();
        }
        let mut c = assert_cmd::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(assert_cmd::cargo::cargo_bin("jwtadm"));
        c
    } else {
        assert_cmd::Command::cargo_bin("jwtadm").unwrap()
    };
    chmod(&locked, 0o555);
    let before = snapshot(base.path());
    cmd.args(["config", "patch", "--token", NEW])
        .arg(&first)
        .arg(&second)
        .assert()
        .code(4)
        .stderr(
            predicate::str::contains("permission denied")
                .and(predicate::str::contains("nothing was changed")),
        );
    chmod(&locked, 0o755);
    assert_eq!(snapshot(base.path()), before);
}

#[test]
fn inspect_from_config_finds_the_token() {
    let out = jwtadm()
        .args(["-o", "json", "token", "inspect", "--from-config"])
        .arg(fixtures().join("cursor_mcp.json"))
        .args(["--server", "exai-mcp"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v[0]["claims"]["sub"], "vscode1@exai-mcp.local");
    assert_eq!(v[0]["source"]["server"], "exai-mcp");
    let out = jwtadm()
        .args(["token", "inspect", "--from-config"])
        .arg(fixtures().join("windsurf_headers.json"))
        .args(["--header", "Authorization"])
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("vscode1@exai-mcp.local"),
        "{}",
        stderr(&out)
    );
}
