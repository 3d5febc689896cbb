//! Red team of the crash journal (issue 16): journals jwtadm did not write, and files swapped
//! after a crash. Recovery must never move, remove or follow anything a run did not plan.

#![cfg(unix)]

use std::path::Path;

use crate::common::*;

fn sha(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Write `RUN.journal` into this test's journal folder, by hand.
fn journal(run: &str, target: &Path, old: &[u8], new_sha: &str, staged: &Path, committed: bool) {
    let dir = state_home().join("jwtadm/journal");
    std::fs::create_dir_all(&dir).unwrap();
    use std::os::unix::fs::PermissionsExt;
    for d in [state_home().join("jwtadm"), dir.clone()] {
        std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    let record = serde_json::json!({
        "version": 1, "run": run, "pid": 1, "started": 1,
        "command": "jwtadm token issue-all",
        "targets": [{
            "path": target,
            "old": {"dev": 0, "ino": 0, "size": old.len(), "mtime": 0, "sha256": sha(old)},
            "new_sha256": new_sha,
            "staged": staged,
        }],
    });
    let mut text = format!("{record}\n");
    if committed {
        text.push_str("committed\n");
    }
    std::fs::write(dir.join(format!("{run}.journal")), text).unwrap();
}

#[test]
fn red16_tampered_staged_path_makes_recovery_remove_an_unplanned_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("a.json");
    std::fs::write(&target, "old").unwrap();
    let victim = dir.path().join("victim.pem");
    std::fs::write(&victim, "precious").unwrap();
    // Rolled back: the target holds its old content, so its "temporary files" are removed.
    journal("1-1-aa", &target, b"old", &sha(b"new"), &victim, false);
    let out = jwtadm().args(["recover"]).output().unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("not a journal jwtadm wrote"),
        "{}",
        stdout(&out)
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    // Nor by --discard, which drops the journal and leaves every file as it is.
    let out = jwtadm().args(["recover", "--discard"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
}

#[test]
fn red16_tampered_staged_path_makes_discard_remove_an_unplanned_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("b.json");
    std::fs::write(&target, "edited").unwrap(); // a conflict: neither old nor new
    let victim = dir.path().join("victim2.pem");
    std::fs::write(&victim, "precious").unwrap();
    journal("1-1-bb", &target, b"old", &sha(b"new"), &victim, false);
    let out = jwtadm().args(["recover", "--discard"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
}

#[test]
fn red16_staged_file_swapped_for_a_symlink_is_moved_into_the_target() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let target = dir.path().join("a.json");
    std::fs::write(&target, "old").unwrap();
    let evil = outside.path().join("evil");
    std::fs::write(&evil, "new").unwrap();
    let run = "1-1-cc";
    let staged = dir.path().join(format!(".a.json.jwtadm-{run}.tmp"));
    std::os::unix::fs::symlink(&evil, &staged).unwrap();
    journal(run, &target, b"old", &sha(b"new"), &staged, true);
    let out = jwtadm().args(["recover"]).output().unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stdout(&out));
    let m = std::fs::symlink_metadata(&target).unwrap();
    assert!(
        !m.file_type().is_symlink(),
        "the target became a symlink out"
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
}

#[test]
fn red16_target_swapped_for_a_symlink_is_reported_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let target = dir.path().join("a.json");
    let elsewhere = outside.path().join("other");
    std::fs::write(&elsewhere, "old").unwrap();
    std::os::unix::fs::symlink(&elsewhere, &target).unwrap();
    let run = "1-1-dd";
    let staged = dir.path().join(format!(".a.json.jwtadm-{run}.tmp"));
    std::fs::write(&staged, "new").unwrap();
    journal(run, &target, b"old", &sha(b"new"), &staged, true);
    let out = jwtadm().args(["recover"]).output().unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stdout(&out));
    assert!(
        std::fs::symlink_metadata(&target)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "old");
}
