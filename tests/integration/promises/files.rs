//! "No file is ever lost or half-written, nor someone else's change overwritten. A failed run
//! changes nothing, backups included" — and "no output contains a secret": issue 10, items 2,
//! 5, 6, 7, 9, 10 and 14, each case as its own test.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

/// A well-formed token that is not the seeds' one, to be replaced.
pub const OLD: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvbGQtY2xpZW50QGV4YWktbWNwLmxvY2FsIn0.b2xkLXNpZ25hdHVyZS1vbGQtc2lnbmF0dXJlLW9sZA";

/// An MCP config with the token and, on the same line, another server's API key.
pub fn mcp_json(token: &str, other: &str) -> String {
    format!(
        "{{\"mcpServers\": {{\"exai\": {{\"command\": \"python\", \"env\": {{\"OPENAI_API_KEY\": \"{other}\", \"EXAI_JWT_TOKEN\": \"{token}\"}}}}}}}}\n"
    )
}

/// `jwtadm config patch --token SEED_TOKEN ARGS…` in `dir`.
fn patch(dir: &Path, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = jwtadm();
    cmd.current_dir(dir)
        .args(["config", "patch", "--token", SEED_TOKEN])
        .args(args)
        .timeout(Duration::from_secs(20));
    cmd
}

fn assert_exit(out: &std::process::Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout: {}\nstderr: {}",
        stdout(out),
        stderr(out)
    );
}

// ---------------------------------------------------------------------------------------------
// 2. --dry-run never shows another value, a secret or a complete token
// ---------------------------------------------------------------------------------------------

const CANARY_SECRET: &str = "CANARY-secret-3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c1e";
const CANARY_API_KEY: &str = "sk-CANARY-api-key-6b8d0f2a4c6e8a0b2d4f6a8c0e2b4d6f";

fn assert_no_canary(out: &std::process::Output, also: &[&str]) {
    let text = format!("{}{}", stdout(out), stderr(out));
    for canary in [CANARY_SECRET, CANARY_API_KEY, OLD, SEED_TOKEN]
        .iter()
        .chain(also)
    {
        assert!(
            !text.contains(canary),
            "the output shows {canary:?}:\n{text}"
        );
    }
    // Not even a part long enough to be useful.
    for canary in [CANARY_SECRET, CANARY_API_KEY] {
        assert!(!text.contains(&canary[..12]), "{text}");
    }
}

#[test]
fn dry_run_of_config_patch_shows_no_value_on_the_tokens_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mcp.json"), mcp_json(OLD, CANARY_API_KEY)).unwrap();
    // Codex keeps env as an inline table: every value on one line.
    std::fs::write(
        dir.path().join("config.toml"),
        format!(
            "[mcp_servers.exai]\ncommand = \"python\"\nenv = {{ OPENAI_API_KEY = \"{CANARY_API_KEY}\", EXAI_JWT_TOKEN = \"{OLD}\" }}\n"
        ),
    )
    .unwrap();
    let before = snapshot(dir.path());
    let out = patch(dir.path(), &["--dry-run", "mcp.json", "config.toml"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert_no_canary(&out, &[]);
    let text = stdout(&out);
    assert!(text.contains("--- mcp.json"), "{text}");
    assert!(text.contains("-EXAI_JWT_TOKEN: eyJhbGci…9sZA"), "{text}");
    assert!(text.contains("+EXAI_JWT_TOKEN: eyJhbGci…BZ3U"), "{text}");
    assert!(text.contains("--- config.toml"), "{text}");
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn dry_run_of_a_dotenv_shows_neither_the_secret_nor_other_keys() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".env"),
        format!(
            "JWT_SECRET_KEY={CANARY_SECRET}\nOPENAI_API_KEY={CANARY_API_KEY}\nEXAI_JWT_TOKEN={OLD}\nLOG_LEVEL=debug\n"
        ),
    )
    .unwrap();
    let out = patch(dir.path(), &["--dry-run", ".env"]).output().unwrap();
    assert_exit(&out, 0);
    assert_no_canary(&out, &["LOG_LEVEL", "debug"]);
    assert!(stdout(&out).contains("@@ line 3 @@"), "{}", stdout(&out));
}

#[test]
fn dry_run_shows_an_old_value_that_is_not_a_token_only_by_its_length() {
    let dir = tempfile::tempdir().unwrap();
    // A secret pasted where the token goes, by mistake.
    std::fs::write(
        dir.path().join(".env"),
        format!("EXAI_JWT_TOKEN={CANARY_SECRET}\n"),
    )
    .unwrap();
    let out = patch(dir.path(), &["--dry-run", ".env"]).output().unwrap();
    assert_exit(&out, 0);
    assert_no_canary(&out, &[]);
    assert!(
        stdout(&out).contains("-EXAI_JWT_TOKEN: (not a JWT, 46 characters)"),
        "{}",
        stdout(&out)
    );
}

/// A roster whose secret and tokens share `.env`, with another key beside them.
fn shared_env_roster(dir: &Path) {
    std::fs::write(
        dir.join("clients.toml"),
        "[secret]\nsource = \"dotenv:.env#JWT_SECRET_KEY\"\n\
         [[clients]]\nname = \"a\"\nsub = \"a@exai-mcp.local\"\ndotenv = { path = \".env\", key = \"TOKEN_A\" }\n\
         [[clients]]\nname = \"b\"\nsub = \"b@exai-mcp.local\"\nconfigs = [\"mcp.json\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.join(".env"),
        format!("JWT_SECRET_KEY={CANARY_SECRET}\nOPENAI_API_KEY={CANARY_API_KEY}\nTOKEN_A={OLD}\n"),
    )
    .unwrap();
    std::fs::write(dir.join("mcp.json"), mcp_json(SEED_TOKEN, CANARY_API_KEY)).unwrap();
}

#[test]
fn dry_run_of_issue_all_shows_no_secret_and_no_complete_token() {
    let dir = tempfile::tempdir().unwrap();
    shared_env_roster(dir.path());
    let before = snapshot(dir.path());
    for format in ["table", "json"] {
        let out = jwtadm()
            .current_dir(dir.path())
            .args(["-o", format, "token", "issue-all", "--patch", "--dry-run"])
            .output()
            .unwrap();
        assert_exit(&out, 0);
        assert_no_canary(&out, &[]);
        // No complete token of this run either: every three-part value is shortened.
        let text = stdout(&out);
        assert!(
            !text
                .split(|c: char| c.is_whitespace() || c == '"')
                .any(|w| w.starts_with("eyJ") && w.matches('.').count() == 2),
            "{text}"
        );
        if format == "json" {
            let v = json(&out);
            assert_eq!(v["dry_run"], true);
            assert_eq!(v["files"].as_array().unwrap().len(), 2, "{v}");
        }
    }
    assert_eq!(snapshot(dir.path()), before);
}

// ---------------------------------------------------------------------------------------------
// 5, 6. Backups: never through a link, never someone else's file, all or nothing
// ---------------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_backup_place_that_is_a_symlink_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let victim = elsewhere.path().join("victim");
    std::fs::write(&victim, "precious\n").unwrap();
    std::fs::write(dir.path().join("mcp.json"), mcp_json(OLD, "x")).unwrap();
    std::os::unix::fs::symlink(&victim, dir.path().join("mcp.json.bak")).unwrap();
    let before = snapshot(dir.path());
    let out = patch(dir.path(), &["--backup", "mcp.json"])
        .output()
        .unwrap();
    assert_exit(&out, 4);
    assert!(stderr(&out).contains("mcp.json.bak"), "{}", stderr(&out));
    assert!(stderr(&out).contains("symbolic link"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    assert_eq!(snapshot(dir.path()), before);
}

#[cfg(unix)]
#[test]
fn a_dangling_backup_symlink_is_refused_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("created-by-jwtadm");
    std::fs::write(dir.path().join("mcp.json"), mcp_json(OLD, "x")).unwrap();
    std::os::unix::fs::symlink(&target, dir.path().join("mcp.json.bak")).unwrap();
    let out = patch(dir.path(), &["--backup", "mcp.json"])
        .output()
        .unwrap();
    assert_exit(&out, 4);
    assert!(!target.exists(), "the backup was written through the link");
    assert!(
        std::fs::read_to_string(dir.path().join("mcp.json"))
            .unwrap()
            .contains(OLD)
    );
}

#[test]
fn a_backup_place_that_is_a_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mcp.json"), mcp_json(OLD, "x")).unwrap();
    std::fs::create_dir(dir.path().join("mcp.json.bak")).unwrap();
    let before = snapshot(dir.path());
    let out = patch(dir.path(), &["--backup", "mcp.json"])
        .output()
        .unwrap();
    assert_exit(&out, 4);
    assert!(stderr(&out).contains("a folder"), "{}", stderr(&out));
    assert_eq!(snapshot(dir.path()), before);
}

#[cfg(unix)]
#[test]
fn a_backup_owned_by_another_user_is_not_replaced() {
    if !is_root() {
        eprintln!("skipped: needs root to give a file to another user");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mcp.json"), mcp_json(OLD, "x")).unwrap();
    let bak = dir.path().join("mcp.json.bak");
    std::fs::write(&bak, "someone else's\n").unwrap();
    std::os::unix::fs::chown(&bak, Some(65534), Some(65534)).unwrap();
    let before = snapshot(dir.path());
    let out = patch(dir.path(), &["--backup", "mcp.json"])
        .output()
        .unwrap();
    assert_exit(&out, 4);
    assert!(stderr(&out).contains("user 65534"), "{}", stderr(&out));
    assert_eq!(snapshot(dir.path()), before);
}

#[cfg(unix)]
fn is_root() -> bool {
    rustix_euid() == 0
}

#[cfg(unix)]
fn rustix_euid() -> u32 {
    use std::os::unix::fs::MetadataExt;
    // The owner of a file this process creates is its effective user.
    let f = tempfile::NamedTempFile::new().unwrap();
    f.as_file().metadata().unwrap().uid()
}

/// Start jwtadm paused just before its first replacement (`JWTADM_TEST_PAUSE`), and wait
/// until it is there. Returns the child and the path of its `go` file.
pub(crate) fn start_paused(dir: &Path, args: &[&str]) -> (Child, PathBuf) {
    start_paused_with(dir, args, &[])
}

/// As [`start_paused`], with more environment (`JWTADM_TEST_NO_EXCHANGE`: as on a file system
/// that cannot exchange files).
fn start_paused_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (Child, PathBuf) {
    let pause = dir.join("pause");
    let child = Command::new(env!("CARGO_BIN_EXE_jwtadm"))
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("JWTADM_NOW", NOW)
        .env("JWT_SECRET_KEY", SECRET)
        .env("XDG_STATE_HOME", state_home())
        .env("JWTADM_TEST_PAUSE", &pause)
        .envs(env.iter().copied())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
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
    std::fs::remove_file(&ready).unwrap();
    (child, dir.join("pause.go"))
}

pub(crate) fn resume(child: Child, go: &Path) -> std::process::Output {
    std::fs::write(go, b"").unwrap();
    let out = child.wait_with_output().unwrap();
    std::fs::remove_file(go).unwrap();
    out
}

/// What an editor does on save: write a temporary file, rename it over the original.
pub(crate) fn editor_save(path: &Path, text: &str) {
    let tmp = path.with_extension("editor-swp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

#[test]
fn a_failed_backup_run_puts_back_every_backup_it_replaced_or_created() {
    failed_backup_run_puts_back_every_backup(&[]);
}

#[test]
fn without_exchange_a_failed_backup_run_puts_back_every_backup() {
    failed_backup_run_puts_back_every_backup(&[("JWTADM_TEST_NO_EXCHANGE", "1")]);
}

fn failed_backup_run_puts_back_every_backup(env: &[(&str, &str)]) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.json"), mcp_json(OLD, "a")).unwrap();
    std::fs::write(d.join("a.json.bak"), "the previous backup of a\n").unwrap();
    std::fs::write(d.join("b.json"), mcp_json(OLD, "b")).unwrap();
    let (child, go) = start_paused_with(
        d,
        &[
            "config", "patch", "--backup", "--token", SEED_TOKEN, "a.json", "b.json",
        ],
        env,
    );
    // b.json changes under jwtadm: it must fail there, after a.json and its backup are in place.
    editor_save(&d.join("b.json"), &mcp_json(OLD, "edited"));
    let out = resume(child, &go);
    assert_exit(&out, 4);
    assert!(stderr(&out).contains("b.json"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(d.join("a.json")).unwrap(),
        mcp_json(OLD, "a")
    );
    assert_eq!(
        std::fs::read_to_string(d.join("a.json.bak")).unwrap(),
        "the previous backup of a\n"
    );
    assert!(!d.join("b.json.bak").exists(), "b's backup was left behind");
    assert_eq!(
        std::fs::read_to_string(d.join("b.json")).unwrap(),
        mcp_json(OLD, "edited")
    );
    let names: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".jwtadm-"))
        .collect();
    assert!(names.is_empty(), "temporary files left: {names:?}");
}

// ---------------------------------------------------------------------------------------------
// 7. An editor's save while jwtadm works survives, and jwtadm says so
// ---------------------------------------------------------------------------------------------

#[test]
fn an_editors_save_just_before_the_replacement_survives() {
    editors_save_survives(&[]);
}

#[test]
fn without_exchange_an_editors_save_just_before_the_rename_survives() {
    editors_save_survives(&[("JWTADM_TEST_NO_EXCHANGE", "1")]);
}

fn editors_save_survives(env: &[(&str, &str)]) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("mcp.json"), mcp_json(OLD, "x")).unwrap();
    let (child, go) = start_paused_with(
        d,
        &["config", "patch", "--token", SEED_TOKEN, "mcp.json"],
        env,
    );
    editor_save(&d.join("mcp.json"), "{\"edited\": true}\n");
    let out = resume(child, &go);
    assert_exit(&out, 4);
    assert!(
        stderr(&out).contains("mcp.json was changed by another program"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(d.join("mcp.json")).unwrap(),
        "{\"edited\": true}\n"
    );
}

#[test]
fn an_edit_in_place_just_before_the_replacement_survives() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join(".env"), format!("EXAI_JWT_TOKEN={OLD}\n")).unwrap();
    let (child, go) = start_paused(d, &["config", "patch", "--token", SEED_TOKEN, ".env"]);
    // Some editors write the file in place (same inode), and ignore advisory locks.
    std::fs::write(d.join(".env"), "EXAI_JWT_TOKEN=typed-by-hand\n").unwrap();
    let out = resume(child, &go);
    assert_exit(&out, 4);
    assert_eq!(
        std::fs::read_to_string(d.join(".env")).unwrap(),
        "EXAI_JWT_TOKEN=typed-by-hand\n"
    );
}

#[test]
fn an_editors_save_of_the_second_file_puts_the_first_back() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    shared_env_roster(d);
    let before_env = std::fs::read_to_string(d.join(".env")).unwrap();
    let (child, go) = start_paused(d, &["token", "issue-all", "--patch"]);
    // Files are replaced in path order: .env first, then mcp.json.
    editor_save(&d.join("mcp.json"), "{\"mcpServers\": {}}\n");
    let out = resume(child, &go);
    assert_exit(&out, 4);
    assert!(stderr(&out).contains("mcp.json"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(d.join(".env")).unwrap(), before_env);
    assert_eq!(
        std::fs::read_to_string(d.join("mcp.json")).unwrap(),
        "{\"mcpServers\": {}}\n"
    );
}

#[test]
fn a_file_created_where_jwtadm_creates_one_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let key = d.join("jwt.key");
    std::fs::write(&key, format!("{SECRET}\n")).unwrap();
    chmod(&key, 0o600);
    let source = format!("file:{}", key.display());
    let (child, go) = start_paused(
        d,
        &["secret", "rotate", "--secret", &source, "--grace", "1d"],
    );
    // jwt.key.previous does not exist yet; another program makes it meanwhile.
    std::fs::write(d.join("jwt.key.previous"), "mine\n").unwrap();
    let out = resume(child, &go);
    assert_exit(&out, 4);
    assert_eq!(
        std::fs::read_to_string(d.join("jwt.key.previous")).unwrap(),
        "mine\n"
    );
    assert_eq!(
        std::fs::read_to_string(&key).unwrap(),
        format!("{SECRET}\n"),
        "the secret was rotated though the run failed"
    );
}

// ---------------------------------------------------------------------------------------------
// 9. A FIFO where a file is expected is an error, never a hang
// ---------------------------------------------------------------------------------------------

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

#[cfg(unix)]
fn assert_fifo_refused(dir: &Path, args: &[&str], code: i32) {
    let start = Instant::now();
    let out = jwtadm()
        .current_dir(dir)
        .args(args)
        .timeout(Duration::from_secs(10))
        .output()
        .unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(9),
        "jwtadm waited on the FIFO: {args:?}"
    );
    assert_exit(&out, code);
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert!(text.contains("FIFO"), "{args:?}: {text}");
}

#[cfg(unix)]
#[test]
fn a_fifo_as_a_config_is_refused_by_token_status() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("mcp.json"));
    std::fs::write(
        dir.path().join("clients.toml"),
        "[[clients]]\nname = \"a\"\nsub = \"a\"\nconfigs = [\"mcp.json\"]\n",
    )
    .unwrap();
    assert_fifo_refused(dir.path(), &["token", "status"], 1);
}

#[cfg(unix)]
#[test]
fn a_fifo_as_a_config_is_refused_by_inspect_from_config() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("mcp.json"));
    assert_fifo_refused(
        dir.path(),
        &["token", "inspect", "--from-config", "mcp.json"],
        4,
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_as_a_config_is_refused_by_config_patch() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("mcp.json"));
    assert_fifo_refused(
        dir.path(),
        &["config", "patch", "--token", SEED_TOKEN, "mcp.json"],
        4,
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_as_the_roster_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("clients.toml"));
    assert_fifo_refused(dir.path(), &["token", "issue-all"], 4);
}

#[cfg(unix)]
#[test]
fn a_fifo_as_a_file_secret_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("jwt.key"));
    chmod(&dir.path().join("jwt.key"), 0o600);
    assert_fifo_refused(
        dir.path(),
        &["token", "issue", "--sub", "a", "--secret", "file:jwt.key"],
        4,
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_as_a_dotenv_secret_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join(".env"));
    assert_fifo_refused(
        dir.path(),
        &["token", "issue", "--sub", "a", "--secret", "dotenv:.env#K"],
        4,
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_as_the_audit_log_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("audit.jsonl"));
    std::fs::write(
        dir.path().join("clients.toml"),
        "audit_log = \"audit.jsonl\"\n[[clients]]\nname = \"a\"\nsub = \"a\"\n",
    )
    .unwrap();
    assert_fifo_refused(dir.path(), &["token", "issue-all"], 4);
}

// ---------------------------------------------------------------------------------------------
// 10. A lock held by another process: said after a moment, given up after --lock-timeout
// ---------------------------------------------------------------------------------------------

#[test]
fn a_held_lock_is_announced_then_given_up_with_exit_4() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mcp.json");
    std::fs::write(&path, mcp_json(OLD, "x")).unwrap();
    let holder = std::fs::File::open(&path).unwrap();
    holder.lock().unwrap();
    let start = Instant::now();
    let out = patch(dir.path(), &["--lock-timeout", "2s", "mcp.json"])
        .output()
        .unwrap();
    let took = start.elapsed();
    assert_exit(&out, 4);
    let err = stderr(&out);
    assert!(
        err.contains("waiting for mcp.json: another process holds its lock"),
        "{err}"
    );
    assert!(err.contains("gave up after 2s"), "{err}");
    assert!(err.contains("--lock-timeout"), "{err}");
    assert!(
        took >= Duration::from_secs(2) && took < Duration::from_secs(10),
        "{took:?}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), mcp_json(OLD, "x"));
    drop(holder);
}

#[test]
fn a_lock_released_in_time_lets_the_run_finish() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mcp.json");
    std::fs::write(&path, mcp_json(OLD, "x")).unwrap();
    let holder = std::fs::File::open(&path).unwrap();
    holder.lock().unwrap();
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(1500));
        drop(holder);
    });
    let out = patch(dir.path(), &["--lock-timeout", "20s", "mcp.json"])
        .output()
        .unwrap();
    release.join().unwrap();
    assert_exit(&out, 0);
    assert!(
        stderr(&out).contains("waiting for mcp.json"),
        "{}",
        stderr(&out)
    );
    assert!(std::fs::read_to_string(&path).unwrap().contains(SEED_TOKEN));
}

// ---------------------------------------------------------------------------------------------
// 14. Hard links are reported when split; extended attributes are kept
// ---------------------------------------------------------------------------------------------

#[test]
fn a_hard_linked_config_is_reported_when_split() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mcp.json");
    std::fs::write(&path, mcp_json(OLD, "x")).unwrap();
    std::fs::hard_link(&path, dir.path().join("other-name.json")).unwrap();
    let out = patch(dir.path(), &["mcp.json"])
        .args(["-o", "json"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert!(
        stderr(&out).contains("mcp.json has 2 hard links"),
        "{}",
        stderr(&out)
    );
    assert_eq!(json(&out)["split_hard_links"][0], "mcp.json");
    // The other name keeps the old content, as the warning says.
    assert!(
        std::fs::read_to_string(dir.path().join("other-name.json"))
            .unwrap()
            .contains(OLD)
    );
}

#[test]
fn a_config_with_one_link_reports_no_split() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mcp.json"), mcp_json(OLD, "x")).unwrap();
    let out = patch(dir.path(), &["-o", "json", "mcp.json"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert_eq!(json(&out)["split_hard_links"], serde_json::json!([]));
    assert!(!stderr(&out).contains("hard links"));
}

#[cfg(target_os = "linux")]
#[test]
fn extended_attributes_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mcp.json");
    std::fs::write(&path, mcp_json(OLD, "x")).unwrap();
    if let Err(e) = xattr::set(&path, "user.jwtadm-test", b"kept") {
        eprintln!("skipped: this file system takes no user attributes ({e})");
        return;
    }
    let acl = Command::new("setfacl")
        .args(["-m", "u:65534:r"])
        .arg(&path)
        .status()
        .is_ok_and(|s| s.success());
    let acl_before = xattr::get(&path, "system.posix_acl_access").unwrap();
    let out = patch(dir.path(), &["mcp.json"]).output().unwrap();
    assert_exit(&out, 0);
    assert!(std::fs::read_to_string(&path).unwrap().contains(SEED_TOKEN));
    assert_eq!(
        xattr::get(&path, "user.jwtadm-test").unwrap().as_deref(),
        Some(&b"kept"[..])
    );
    if acl {
        assert_eq!(
            xattr::get(&path, "system.posix_acl_access").unwrap(),
            acl_before
        );
    } else {
        eprintln!("setfacl is not installed: the ACL part was not checked");
    }
}

#[test]
fn two_hard_linked_names_given_to_config_patch_are_one_file_not_a_deadlock() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.json"), mcp_json(OLD, "x")).unwrap();
    std::fs::hard_link(d.join("a.json"), d.join("b.json")).unwrap();
    let start = Instant::now();
    let out = patch(d, &["--lock-timeout", "5s", "a.json", "b.json"])
        .output()
        .unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "it waited on itself"
    );
    assert_exit(&out, 0);
    assert!(
        std::fs::read_to_string(d.join("a.json"))
            .unwrap()
            .contains(SEED_TOKEN)
    );
    assert!(
        stderr(&out).contains("a.json has 2 hard links"),
        "{}",
        stderr(&out)
    );
}

// ---------------------------------------------------------------------------------------------
// Found by the red team after the first fixes
// ---------------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_fifo_as_a_token_file_or_claims_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("ff"));
    std::fs::write(dir.path().join("mcp.json"), mcp_json(OLD, "x")).unwrap();
    assert_fifo_refused(
        dir.path(),
        &["config", "patch", "--token-file", "ff", "mcp.json"],
        4,
    );
    assert_fifo_refused(
        dir.path(),
        &["token", "issue", "--sub", "a", "--claims-file", "ff"],
        4,
    );
}

#[test]
fn endless_standard_input_is_refused_not_read_into_memory() {
    let endless = || {
        std::process::Command::new("head")
            .args(["-c", "3000000", "/dev/zero"])
            .output()
            .unwrap()
            .stdout
    };
    for (args, code) in [
        (vec!["token", "inspect"], 4),
        (vec!["token", "issue", "--sub", "a", "--secret", "stdin"], 4),
        (
            vec!["token", "issue", "--sub", "a", "--claims-file", "-"],
            4,
        ),
    ] {
        let out = jwtadm()
            .args(&args)
            .write_stdin(endless())
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
        assert!(
            !stderr(&out).contains("memory allocation"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn a_failed_run_does_not_create_the_audit_log() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("clients.toml"),
        "audit_log = \"audit.jsonl\"\n[[clients]]\nname = \"a\"\nsub = \"a@x\"\nconfigs = [\"mcp.json\"]\n",
    )
    .unwrap();
    std::fs::write(d.join("mcp.json"), mcp_json(OLD, "x")).unwrap();
    let (child, go) = start_paused(d, &["token", "issue-all", "--patch"]);
    editor_save(&d.join("mcp.json"), &mcp_json(OLD, "edited"));
    let out = resume(child, &go);
    assert_exit(&out, 4);
    assert!(
        !d.join("audit.jsonl").exists(),
        "a failed run created the audit log"
    );
    // A run that succeeds creates it.
    let out = jwtadm()
        .current_dir(d)
        .args(["token", "issue-all", "--patch"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert!(
        std::fs::read_to_string(d.join("audit.jsonl"))
            .unwrap()
            .contains("\"client\":\"a\"")
    );
}

#[test]
fn json_a_client_cannot_read_is_refused_not_patched() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        (
            "missing_comma.json",
            format!(
                "{{\"mcpServers\": {{\"s\": {{\"env\": {{\"EXAI_JWT_TOKEN\": \"{OLD}\" \"X\": \"1\"}}}}}}}}\n"
            ),
        ),
        (
            "unquoted_keys.json",
            format!("{{mcpServers: {{s: {{env: {{EXAI_JWT_TOKEN: \"{OLD}\"}}}}}}}}\n"),
        ),
        (
            "single_quotes.json",
            format!(
                "{{\"mcpServers\": {{\"s\": {{\"env\": {{\"EXAI_JWT_TOKEN\": '{OLD}'}}}}}}}}\n"
            ),
        ),
    ] {
        std::fs::write(dir.path().join(name), &text).unwrap();
        let out = patch(dir.path(), &[name]).output().unwrap();
        assert_exit(&out, 4);
        assert!(stderr(&out).contains(name), "{}", stderr(&out));
        assert_eq!(
            std::fs::read_to_string(dir.path().join(name)).unwrap(),
            text
        );
    }
}

/// Found by the third red team: a value pointing elsewhere with a fallback token
/// (`${OTHER:-eyJ…}`) came back whole in `config patch -o json`'s `left_alone`.
#[test]
fn a_token_inside_a_value_left_alone_is_shown_shortened() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("l.env"),
        format!("EXAI_JWT_TOKEN=${{OTHER:-{OLD}}}\n"),
    )
    .unwrap();
    let out = patch(dir.path(), &["-o", "json", "l.env"])
        .output()
        .unwrap();
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert!(!text.contains(OLD), "{text}");
    assert!(text.contains("${OTHER:-eyJhbGci…9sZA}"), "{text}");
}
