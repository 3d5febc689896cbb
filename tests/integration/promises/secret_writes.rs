//! Writing a secret (`secret gen --to`, `secret rotate`) is writing a file like any other —
//! locked, exchanged, checked, never through a device or a FIFO — and the file ends 0600 in a
//! place the next read of the secret accepts. Found by the red team after issue 10's first fixes.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::*;

fn secret_gen(dir: &Path, to: &str, more: &[&str]) -> std::process::Output {
    jwtadm()
        .current_dir(dir)
        .args(["secret", "gen", "--to", to])
        .args(more)
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap()
}

#[cfg(unix)]
fn is_char_device(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(path)
        .unwrap()
        .file_type()
        .is_char_device()
}

#[cfg(unix)]
#[test]
fn secret_gen_force_never_replaces_a_device_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("/dev/null", dir.path().join("lnull")).unwrap();
    let out = secret_gen(dir.path(), "file:lnull", &["--force"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("character device"),
        "{}",
        stderr(&out)
    );
    assert!(
        is_char_device(Path::new("/dev/null")),
        "/dev/null was replaced"
    );
}

#[cfg(unix)]
#[test]
fn secret_gen_force_never_replaces_a_fifo() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("ff");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let out = secret_gen(dir.path(), "file:ff", &["--force"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains("FIFO"), "{}", stderr(&out));
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
}

#[cfg(unix)]
#[test]
fn secret_gen_force_over_a_0644_file_leaves_it_0600() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("k2");
    std::fs::write(&key, "public\n").unwrap();
    chmod(&key, 0o644);
    let out = secret_gen(dir.path(), "file:k2", &["--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(mode(&key), 0o600);
}

#[cfg(unix)]
#[test]
fn secret_rotate_writes_the_previous_secret_0600_over_a_0644_file() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("jwt.key");
    std::fs::write(&key, format!("{SECRET}\n")).unwrap();
    chmod(&key, 0o600);
    let prev = dir.path().join("jwt.key.previous");
    std::fs::write(&prev, "old\n").unwrap();
    chmod(&prev, 0o644);
    let out = jwtadm()
        .current_dir(dir.path())
        .args(["secret", "rotate", "--secret", "file:jwt.key"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for f in ["jwt.key", "jwt.key.previous", "jwt.key.previous-until"] {
        assert_eq!(mode(&dir.path().join(f)), 0o600, "{f}");
    }
    // And the rotated secret reads back: rotation never leaves a state verify refuses.
    let fp = jwtadm()
        .current_dir(dir.path())
        .args(["secret", "check", "--secret", "file:jwt.key"])
        .output()
        .unwrap();
    assert_eq!(fp.status.code(), Some(0), "{}{}", stdout(&fp), stderr(&fp));
}

#[cfg(unix)]
#[test]
fn secret_rotate_refuses_a_previous_file_linked_into_an_unsafe_folder() {
    let dir = tempfile::tempdir().unwrap();
    let open = tempfile::tempdir().unwrap();
    chmod(open.path(), 0o777);
    let key = dir.path().join("jwt.key");
    std::fs::write(&key, format!("{SECRET}\n")).unwrap();
    chmod(&key, 0o600);
    std::os::unix::fs::symlink(
        open.path().join("leak"),
        dir.path().join("jwt.key.previous"),
    )
    .unwrap();
    let before = snapshot(dir.path());
    let out = jwtadm()
        .current_dir(dir.path())
        .args(["secret", "rotate", "--secret", "file:jwt.key"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        !open.path().join("leak").exists(),
        "the previous secret was written there"
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn secret_gen_to_a_hard_linked_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("k");
    std::fs::write(&key, "old\n").unwrap();
    chmod(&key, 0o600);
    std::fs::hard_link(&key, dir.path().join("k-other-name")).unwrap();
    let out = secret_gen(dir.path(), "file:k", &["--force"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains("hard links"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&key).unwrap(), "old\n");
}

#[test]
fn secret_gen_to_a_dotenv_waits_for_a_held_lock_then_gives_up() {
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join("sec.env");
    std::fs::write(&env, "JWT_SECRET_KEY=old\nX=1\n").unwrap();
    let holder = std::fs::File::open(&env).unwrap();
    holder.lock().unwrap();
    let start = Instant::now();
    let out = secret_gen(
        dir.path(),
        "dotenv:sec.env#JWT_SECRET_KEY",
        &["--force", "--lock-timeout", "2s"],
    );
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(start.elapsed() >= Duration::from_secs(2));
    assert!(
        stderr(&out).contains("waiting for sec.env"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&env).unwrap(),
        "JWT_SECRET_KEY=old\nX=1\n"
    );
}

#[cfg(unix)]
#[test]
fn a_device_as_a_file_secret_is_named_as_one_with_no_chmod_hint() {
    let out = jwtadm()
        .args(["token", "issue", "--sub", "a", "--secret", "file:/dev/null"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let err = stderr(&out);
    assert!(err.contains("/dev/null is a character device"), "{err}");
    assert!(!err.contains("chmod"), "{err}");
}

/// Found by the second red team: the previous secret was written unquoted, and python-dotenv
/// and docker compose expand `${HOME}` there, so the server's previous key was another one.
#[test]
fn a_secret_with_a_dollar_is_written_single_quoted_so_no_loader_expands_it() {
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join("q.env");
    std::fs::write(
        &env,
        "JWT_SECRET_KEY='abc${HOME}defpadpadpadpadpadpadpadpadpad'\nB=\"x\"\n",
    )
    .unwrap();
    let out = jwtadm()
        .current_dir(dir.path())
        .args([
            "secret",
            "rotate",
            "--secret",
            "dotenv:q.env#JWT_SECRET_KEY",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(&env).unwrap();
    assert!(
        text.contains("JWT_SECRET_KEY_PREVIOUS='abc${HOME}defpadpadpadpadpadpadpadpadpad'"),
        "{text}"
    );
    // And a double-quoted value that gets a `$` switches to single quotes.
    std::fs::write(&env, "T=\"old\"\n").unwrap();
    let out = jwtadm()
        .current_dir(dir.path())
        .args(["secret", "gen", "--to", "dotenv:q.env#T", "--force"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// Found by the third red team: `--grace 8000y` wrote an end of grace in the year 10021, which
/// no RFC 3339 date can say; every verify then failed.
#[test]
fn a_grace_past_the_year_9999_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join("s.env");
    std::fs::write(&env, format!("JWT_SECRET_KEY={SECRET}\n")).unwrap();
    let before = snapshot(dir.path());
    let out = jwtadm()
        .current_dir(dir.path())
        .args([
            "secret",
            "rotate",
            "--secret",
            "dotenv:s.env#JWT_SECRET_KEY",
            "--grace",
            "8000y",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("after the year 9999"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(dir.path()), before);
}

/// Found by the third red team: when the audit log cannot be written after the rotation is
/// done, the error must say the secret WAS rotated, or a rerun ends the old secret's grace.
#[cfg(unix)]
#[test]
fn an_audit_log_failure_after_a_rotation_says_it_was_rotated() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let key = d.join("jwt.key");
    std::fs::write(&key, format!("{SECRET}\n")).unwrap();
    chmod(&key, 0o600);
    std::fs::write(
        d.join("clients.toml"),
        "audit_log = \"audit.jsonl\"\n[secret]\nsource = \"file:jwt.key\"\n[[clients]]\nname = \"a\"\nsub = \"a@x\"\ndotenv = { path = \".env\", key = \"T_A\" }\n",
    )
    .unwrap();
    std::fs::write(d.join(".env"), "T_A=old\n").unwrap();
    let pause = d.join("pause");
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_jwtadm"))
        .current_dir(d)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("JWTADM_NOW", NOW)
        .env("XDG_STATE_HOME", state_home())
        .env("JWTADM_TEST_PAUSE", &pause)
        .args(["secret", "rotate", "--roster", "clients.toml"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while !d.join("pause.ready").exists() {
        assert!(start.elapsed() < std::time::Duration::from_secs(20));
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    // The audit log's place turns into a FIFO while jwtadm writes the files.
    assert!(
        std::process::Command::new("mkfifo")
            .arg(d.join("audit.jsonl"))
            .status()
            .unwrap()
            .success()
    );
    std::fs::write(d.join("pause.go"), b"").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("the secret WAS rotated"), "{err}");
    assert!(err.contains("do not rotate again"), "{err}");
    assert_ne!(
        std::fs::read_to_string(&key).unwrap(),
        format!("{SECRET}\n")
    );
}
