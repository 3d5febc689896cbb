//! The crash journal, run by run: a `token issue-all --patch` is stopped at the debug build's
//! pause (`JWTADM_TEST_PAUSE`: everything staged and the journal written, nothing replaced yet)
//! and killed with SIGKILL, which leaves exactly what a crash there leaves. Then
//! `jwtadm recover --dry-run` lists it and changes nothing; a target someone else changed since
//! is reported (exit 4), kept and never overwritten, also by an ordinary writing command, until
//! `jwtadm recover --discard` drops the journal and the temporary files; and the next ordinary
//! writing command recovers the run first and says so on stderr.
//!
//! Each test's runs share that test's own state folder ([`state_home`]), so the killed run's
//! journal is seen by the same test's next command and by no other test.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

const CLIENTS: usize = 3;

fn config(dir: &Path, i: usize) -> PathBuf {
    dir.join(format!("c{i}.json"))
}

/// A roster of CLIENTS clients, one JSON config file each, the secret in a dotenv file.
fn setup(dir: &Path) {
    std::fs::write(
        dir.join(".env.docker"),
        format!("JWT_SECRET_KEY={SECRET}\n"),
    )
    .unwrap();
    let mut roster = String::from(
        "[defaults]\nissuer = \"exai-mcp-server\"\naudience = \"exai-mcp-client\"\nexpires = \"365d\"\n[secret]\nsource = \"dotenv:.env.docker#JWT_SECRET_KEY\"\n",
    );
    for i in 0..CLIENTS {
        std::fs::write(
            config(dir, i),
            "{\"mcpServers\": {\"exai\": {\"env\": {\"EXAI_JWT_TOKEN\": \"old\"}}}}\n",
        )
        .unwrap();
        roster.push_str(&format!(
            "[[clients]]\nname = \"c{i}\"\nsub = \"c{i}@exai-mcp.local\"\nconfigs = [\"c{i}.json\"]\n"
        ));
    }
    std::fs::write(dir.join("clients.toml"), roster).unwrap();
}

/// jwtadm in `dir`, in this test's state folder.
fn jwtadm_in(dir: &Path) -> assert_cmd::Command {
    let mut cmd = jwtadm();
    cmd.current_dir(dir).env_remove("JWT_SECRET_KEY");
    cmd
}

/// `token issue-all --patch` in `dir`, stopped at its pause (journal written, every new
/// content staged, no file replaced) and killed with SIGKILL.
fn killed_run(dir: &Path) {
    let pause = dir.join("pause");
    let mut child = Command::new(env!("CARGO_BIN_EXE_jwtadm"))
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("JWTADM_NOW", NOW)
        .env("XDG_STATE_HOME", state_home())
        .env("JWTADM_TEST_PAUSE", &pause)
        .args(["token", "issue-all", "--patch"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let ready = dir.join("pause.ready");
    let start = Instant::now();
    while !ready.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "jwtadm never reached the pause"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    std::fs::remove_file(&ready).unwrap();
    assert_eq!(journals().len(), 1, "the killed run left no journal");
    assert!(!temps(dir).is_empty(), "the killed run staged nothing");
}

/// The journals in this test's state folder.
fn journals() -> Vec<String> {
    std::fs::read_dir(state_home().join("jwtadm/journal"))
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// jwtadm's temporary files in `dir` (staged contents, displaced originals).
fn temps(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".jwtadm-"))
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn recover_dry_run_lists_a_killed_run_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let original = snapshot(dir.path());
    killed_run(dir.path());
    let after_kill = snapshot(dir.path());
    let journal = journals();

    let out = jwtadm_in(dir.path())
        .args(["recover", "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("would be recovered")
            && text.contains("roll back")
            && text.contains("jwtadm token issue-all")
            && text.contains("1 interrupted run found (dry run: nothing changed)"),
        "{text}"
    );
    let out = jwtadm_in(dir.path())
        .args(["-o", "json", "recover", "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["dry_run"], true);
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1, "{v}");
    assert_eq!(runs[0]["action"], "roll-back");
    assert_eq!(runs[0]["committed"], false);
    assert_eq!(runs[0]["resolved"], false);
    assert_eq!(runs[0]["files"].as_array().unwrap().len(), CLIENTS, "{v}");
    assert_eq!(
        snapshot(dir.path()),
        after_kill,
        "a dry run changed a file, or removed a temporary one"
    );
    assert_eq!(journals(), journal, "a dry run removed the journal");

    // Done for real, the run is undone: every file as before, nothing left behind.
    let out = jwtadm_in(dir.path()).arg("recover").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("recovered"), "{}", stdout(&out));
    assert_eq!(snapshot(dir.path()), original);
    assert_eq!(journals(), Vec::<String>::new());
}

#[test]
fn a_target_changed_after_the_crash_is_reported_kept_and_never_overwritten_until_discard() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    killed_run(dir.path());
    // An editor saves c1.json after the crash.
    let edited =
        "{\"mcpServers\": {\"exai\": {\"env\": {\"EXAI_JWT_TOKEN\": \"typed by hand\"}}}}\n";
    std::fs::write(config(dir.path(), 1), edited).unwrap();
    let journal = journals();

    let out = jwtadm_in(dir.path()).arg("recover").output().unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("NOT recovered")
            && text.contains("c1.json")
            && text.contains("changed by another program"),
        "{text}"
    );
    assert_eq!(
        read(&config(dir.path(), 1)),
        edited,
        "the edit was overwritten"
    );
    assert_eq!(journals(), journal, "the journal was not kept");

    // An ordinary writing command refuses too, and writes nothing.
    let before = snapshot(dir.path());
    let out = jwtadm_in(dir.path())
        .args(["token", "issue-all", "--patch"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("could not be recovered")
            && err.contains("c1.json")
            && err.contains("nothing was changed")
            && err.contains("recover --discard"),
        "{err}"
    );
    assert_eq!(snapshot(dir.path()), before);
    assert_eq!(journals(), journal);

    // --discard drops the journal and the temporary files, and leaves the edit.
    let out = jwtadm_in(dir.path())
        .args(["recover", "--discard"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("discarded"), "{}", stdout(&out));
    assert_eq!(read(&config(dir.path(), 1)), edited);
    assert_eq!(journals(), Vec::<String>::new(), "the journal is left");
    assert_eq!(
        temps(dir.path()),
        Vec::<String>::new(),
        "temporary files left"
    );
    for i in [0, 2] {
        assert!(
            read(&config(dir.path(), i)).contains("\"old\""),
            "c{i}.json"
        );
    }
    let out = jwtadm_in(dir.path()).arg("recover").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("no interrupted run"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_killed_runs_journal_is_recovered_by_the_next_writing_command() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    killed_run(dir.path());

    let out = jwtadm_in(dir.path())
        .args(["token", "issue-all", "--patch"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("recovered an interrupted run of `jwtadm token issue-all`")
            && err.contains("undid it"),
        "{err}"
    );
    assert_eq!(journals(), Vec::<String>::new(), "a journal is left");
    assert_eq!(
        temps(dir.path()),
        Vec::<String>::new(),
        "temporary files left"
    );
    // This run's own tokens are in every file.
    for i in 0..CLIENTS {
        let text = read(&config(dir.path(), i));
        assert!(
            !text.contains("\"old\"") && text.contains("eyJ"),
            "c{i}.json: {text}"
        );
    }
    let out = jwtadm_in(dir.path())
        .args(["token", "status"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
}
