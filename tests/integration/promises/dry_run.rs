//! A dry run checks everything the real run needs, and fails where it would, with its error:
//! a folder that cannot be written, an owner that cannot be kept, a backup's place that is not
//! jwtadm's, an audit log that cannot be opened. It writes nothing, and leaves nothing behind.

use std::path::Path;
use std::process::Output;

use crate::common::*;

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// A well-formed token other than the one in the configs, so that patching changes them.
fn other_token() -> String {
    format!("{}A", &SEED_TOKEN[..SEED_TOKEN.len() - 1])
}

fn mcp_json() -> String {
    format!(
        "{{\"mcpServers\": {{\"exai-mcp\": {{\"env\": {{\"EXAI_JWT_TOKEN\": \"{SEED_TOKEN}\"}}}}}}}}\n"
    )
}

const ROSTER: &str = "[[clients]]\nname = \"vscode1\"\nsub = \"vscode1@exai-mcp.local\"\nconfigs = [\"cfg/mcp.json\"]\n";

/// A folder readable by everyone with the roster, and `cfg/mcp.json`.
fn setup(roster: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    chmod(dir.path(), 0o755);
    std::fs::create_dir(dir.path().join("cfg")).unwrap();
    std::fs::write(dir.path().join("clients.toml"), roster).unwrap();
    std::fs::write(dir.path().join("cfg/mcp.json"), mcp_json()).unwrap();
    chmod(&dir.path().join("clients.toml"), 0o644);
    dir
}

/// jwtadm as a user other than root: `nobody` when the tests run as root (root may write
/// anywhere), else the user running them.
fn run_unprivileged(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = if is_root() {
        let mut c = assert_cmd::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_jwtadm"))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("JWTADM_NOW", NOW)
            .env("JWT_SECRET_KEY", SECRET);
        c
    } else {
        jwtadm()
    };
    cmd.current_dir(dir).args(args).output().unwrap()
}

/// Give `path` to `nobody` when running as root (so that `nobody` owns what it should).
fn give_to_nobody(path: &Path) {
    if is_root() {
        std::os::unix::fs::chown(path, Some(65534), Some(65534)).unwrap();
    }
}

/// The first `error:` line of a run.
fn error_line(out: &Output) -> String {
    stderr(out)
        .lines()
        .find(|l| l.starts_with("error:"))
        .unwrap_or_default()
        .to_string()
}

/// The dry run of `args` fails as the real run does: exit 4, the same error; and changes
/// nothing (the real run changes nothing either, having failed).
fn dry_run_fails_as_the_real_run(dir: &Path, args: &[&str], fragment: &str) {
    let before = snapshot(dir);
    let mut dry: Vec<&str> = args.to_vec();
    dry.push("--dry-run");
    let d = run_unprivileged(dir, &dry);
    assert_eq!(snapshot(dir), before, "the dry run changed something");
    let r = run_unprivileged(dir, args);
    assert_eq!(
        r.status.code(),
        Some(4),
        "the real run should fail: {}",
        stderr(&r)
    );
    assert_eq!(
        d.status.code(),
        Some(4),
        "the dry run should fail as the real run does ({})\nstdout: {}\nstderr: {}",
        error_line(&r),
        stdout(&d),
        stderr(&d)
    );
    assert_eq!(error_line(&d), error_line(&r));
    assert!(error_line(&d).contains(fragment), "{}", error_line(&d));
    assert_eq!(snapshot(dir), before);
}

#[test]
fn dry_run_of_config_patch_in_a_read_only_folder_fails_as_the_real_run() {
    let dir = setup(ROSTER);
    let cfg = dir.path().join("cfg");
    give_to_nobody(&cfg.join("mcp.json"));
    chmod(&cfg, 0o555);
    dry_run_fails_as_the_real_run(
        dir.path(),
        &["config", "patch", "--token", &other_token(), "cfg/mcp.json"],
        "permission denied",
    );
    chmod(&cfg, 0o755);
}

#[test]
fn dry_run_of_issue_all_in_a_read_only_folder_fails_as_the_real_run() {
    let dir = setup(ROSTER);
    let cfg = dir.path().join("cfg");
    give_to_nobody(&cfg.join("mcp.json"));
    chmod(&cfg, 0o555);
    dry_run_fails_as_the_real_run(
        dir.path(),
        &["token", "issue-all", "--patch"],
        "permission denied",
    );
    chmod(&cfg, 0o755);
}

#[test]
fn dry_run_of_a_file_whose_owner_cannot_be_kept_fails_as_the_real_run() {
    if !is_root() {
        // Needs a file of another user that this one may write: only root can set that up.
        eprintln!("skipped: needs root to give a file to another user");
        return;
    }
    let dir = setup(ROSTER);
    let cfg = dir.path().join("cfg");
    // nobody may write the folder and the file, but the file is root's: the new file nobody
    // writes cannot be given root as its owner.
    chmod(&cfg, 0o777);
    chmod(&cfg.join("mcp.json"), 0o666);
    dry_run_fails_as_the_real_run(
        dir.path(),
        &["config", "patch", "--token", &other_token(), "cfg/mcp.json"],
        "keeping the owner of",
    );
}

#[test]
fn dry_run_with_backup_refuses_a_bak_symlink_as_the_real_run() {
    let dir = setup(ROSTER);
    let cfg = dir.path().join("cfg");
    std::fs::write(dir.path().join("elsewhere"), "x").unwrap();
    std::os::unix::fs::symlink("../elsewhere", cfg.join("mcp.json.bak")).unwrap();
    give_to_nobody(&cfg);
    give_to_nobody(&cfg.join("mcp.json"));
    dry_run_fails_as_the_real_run(
        dir.path(),
        &["token", "issue-all", "--patch", "--backup"],
        "symbolic link",
    );
}

#[test]
fn dry_run_of_issue_all_with_an_unwritable_audit_log_fails_as_the_real_run() {
    let dir = setup(&format!("audit_log = \"logs/audit.jsonl\"\n{ROSTER}"));
    let logs = dir.path().join("logs");
    std::fs::create_dir(&logs).unwrap();
    chmod(&logs, 0o555);
    give_to_nobody(&dir.path().join("cfg"));
    give_to_nobody(&dir.path().join("cfg/mcp.json"));
    dry_run_fails_as_the_real_run(
        dir.path(),
        &["token", "issue-all", "--patch"],
        "opening the audit log",
    );
    chmod(&logs, 0o755);
}

#[test]
fn a_dry_run_that_passes_leaves_nothing_behind() {
    let dir = setup(&format!("audit_log = \"audit.jsonl\"\n{ROSTER}"));
    let before = snapshot(dir.path());
    let out = jwtadm()
        .current_dir(dir.path())
        .args(["token", "issue-all", "--patch", "--backup", "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(snapshot(dir.path()), before);
    assert!(!dir.path().join("audit.jsonl").exists());
}

/// `chattr FLAG path`, or `false` when this file system or user cannot.
fn chattr(flag: &str, path: &std::path::Path) -> bool {
    std::process::Command::new("chattr")
        .arg(flag)
        .arg(path)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Found by the second red team: an immutable or append-only config (or backup) passed the
/// dry run, and the real run then failed with "permission denied".
#[test]
fn a_dry_run_refuses_an_immutable_or_append_only_file_as_the_real_run_does() {
    for flag in ["+i", "+a"] {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("mcp.json");
        std::fs::write(
            &config,
            "{\"mcpServers\": {\"s\": {\"env\": {\"EXAI_JWT_TOKEN\": \"old\"}}}}\n",
        )
        .unwrap();
        if !chattr(flag, &config) {
            eprintln!("skipped: chattr {flag} is not possible here");
            return;
        }
        let run = |dry: bool| {
            let mut cmd = jwtadm();
            cmd.current_dir(dir.path())
                .args(["config", "patch", "--token", SEED_TOKEN, "mcp.json"]);
            if dry {
                cmd.arg("--dry-run");
            }
            cmd.output().unwrap()
        };
        let (dry, real) = (run(true), run(false));
        chattr(&flag.replace('+', "-"), &config);
        assert_eq!(dry.status.code(), Some(4), "{flag}: {}", stderr(&dry));
        assert_eq!(real.status.code(), Some(4), "{flag}: {}", stderr(&real));
        assert_eq!(stderr(&dry), stderr(&real));
        let word = if flag == "+i" {
            "immutable"
        } else {
            "append-only"
        };
        assert!(stderr(&real).contains(word), "{}", stderr(&real));
    }
}
