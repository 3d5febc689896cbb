//! `--secret command:PROGRAM ARGS…`: a secret printed by a program on the PATH, as a secret
//! manager's command line prints one. Small scripts stand in for the secret manager, and the
//! real `pass` (with a throw-away GPG key) is the last test: without `pass` and `gpg` it prints
//! `SKIPPED command_source test …` and passes, unless `JWTADM_REQUIRE_PASS=1` (as `.ci/run`
//! sets it), when it fails instead.

use std::ffi::OsString;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command as Process, Stdio};

use crate::common::*;
use predicates::prelude::*;

/// What a failing command prints on standard output: it must never be shown. Words, so that
/// no redaction of key-like text is what hides it.
const CANARY: &str = "canary-stdout-never-shown";

/// A folder of scripts, put first on the PATH of the jwtadm it runs.
struct Bin {
    dir: tempfile::TempDir,
}

impl Bin {
    fn new() -> Bin {
        Bin {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A `/bin/sh` script named `name` with `body`.
    fn script(&self, name: &str, body: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        write_executable(&path, &format!("#!/bin/sh\n{body}\n"));
        path
    }

    fn path(&self) -> OsString {
        let mut dirs = vec![self.dir.path().to_path_buf()];
        dirs.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
        std::env::join_paths(dirs).unwrap()
    }

    /// jwtadm with these scripts on its PATH.
    fn jwtadm(&self) -> assert_cmd::Command {
        let mut cmd = jwtadm();
        cmd.env("PATH", self.path());
        cmd
    }

    /// `secret fingerprint --secret SOURCE`'s answer, and the run.
    fn fingerprint(&self, source: &str) -> (String, std::process::Output) {
        let out = self
            .jwtadm()
            .args(["secret", "fingerprint", "--secret", source])
            .output()
            .unwrap();
        (stdout(&out).trim().to_string(), out)
    }
}

/// `secret check --secret SOURCE` run by `cmd`, which must end with `code` and say `said`.
fn check_fails(mut cmd: assert_cmd::Command, source: &str, code: i32, said: &str) {
    cmd.args(["secret", "check", "--secret", source])
        .assert()
        .code(code)
        .stderr(predicate::str::contains(said));
}

/// How many times a script that appends a line to `log` per run has run.
fn runs_logged(log: &std::path::Path) -> usize {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .count()
}

/// The token `token issue --sub ci@exai-mcp.local OPTION SOURCE` prints, by `bin`'s jwtadm.
fn issue_with(bin: &Bin, option: &str, source: &str) -> String {
    let out = bin
        .jwtadm()
        .args([
            "token",
            "issue",
            "--sub",
            "ci@exai-mcp.local",
            option,
            source,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out).trim().to_string()
}

/// The fingerprint of `text` as a secret, read from the environment.
fn fingerprint_of(text: &str) -> String {
    let out = jwtadm()
        .env("JWT_SECRET_KEY", text)
        .args(["secret", "fingerprint"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out).trim().to_string()
}

#[test]
fn a_program_on_the_path_gives_the_secret_to_every_command() {
    let bin = Bin::new();
    bin.script(
        "get-jwt",
        &format!("[ \"$1\" = exai/jwt ] || exit 9\nprintf '%s\\n' '{SECRET}'"),
    );
    let source = "command:get-jwt exai/jwt";
    let (fp, out) = bin.fingerprint(source);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(fp, fingerprint_of(SECRET));

    let out = bin
        .jwtadm()
        .args(["-o", "json", "secret", "check", "--secret", source])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // No file holds the secret, so no permissions row.
    let checks: Vec<String> = json(&out)["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["check"].as_str().unwrap().to_string())
        .collect();
    assert!(!checks.contains(&"permissions".to_string()), "{checks:?}");

    // Issued with the command's secret, verified with the same secret from the environment.
    let token = issue_with(&bin, "--secret", source);
    jwtadm().args(["token", "verify", &token]).assert().code(0);

    // And the other way: verify names the source (the command, never its output).
    let out = bin
        .jwtadm()
        .args(["-o", "json", "token", "verify", SEED_TOKEN, "--ignore-exp"])
        .args(["--iss", "exai-mcp-server", "--aud", "exai-mcp-client"])
        .args(["--secret", source])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(json(&out)["secret"]["source"], source);
    let out = bin
        .jwtadm()
        .args(["token", "verify", SEED_TOKEN, "--ignore-exp"])
        .args(["--iss", "exai-mcp-server", "--aud", "exai-mcp-client"])
        .args(["--secret", source])
        .output()
        .unwrap();
    assert!(stdout(&out).contains("(command:get-jwt exai/jwt, utf8)"));
    assert!(!stdout(&out).contains(SECRET) && !stderr(&out).contains(SECRET));
}

#[test]
fn one_final_newline_is_left_out_and_only_one() {
    let bin = Bin::new();
    for (name, printed, secret) in [
        ("lf", format!("{SECRET}\\n"), SECRET.to_string()),
        ("crlf", format!("{SECRET}\\r\\n"), SECRET.to_string()),
        ("bare", SECRET.to_string(), SECRET.to_string()),
        ("two", format!("{SECRET}\\n\\n"), format!("{SECRET}\n")),
        (
            "inner",
            format!("{SECRET}\\nsecond line\\n"),
            format!("{SECRET}\nsecond line"),
        ),
    ] {
        bin.script(name, &format!("printf '{printed}'"));
        let (fp, out) = bin.fingerprint(&format!("command:{name}"));
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        assert_eq!(fp, fingerprint_of(&secret), "{name}");
    }
}

#[test]
fn a_failing_command_is_exit_4_with_its_stderr_and_never_its_stdout() {
    let bin = Bin::new();
    bin.script(
        "vault-down",
        &format!("echo {CANARY}\necho 'Error: permission denied (token expired)' >&2\nexit 2"),
    );
    // A command that repeats its output on standard error: that line is not shown either.
    bin.script(
        "echoes",
        &format!("echo {CANARY}\necho \"could not decrypt {CANARY}\" >&2\nexit 1"),
    );
    bin.script("killed", &format!("echo {CANARY}\nkill -9 $$"));
    let runs: [(&str, &[&str], &str); 4] = [
        (
            "command:vault-down kv get secret/exai",
            &["secret", "check"],
            "exited with status 2: Error: permission denied (token expired)",
        ),
        (
            "command:echoes",
            &["token", "issue", "--sub", "x"],
            "exited with status 1: could not decrypt <25 characters, not shown>",
        ),
        (
            "command:killed",
            &["token", "verify", SEED_TOKEN],
            "was killed by signal 9 (SIGKILL)",
        ),
        (
            "command:vault-down",
            &["secret", "fingerprint"],
            "command:vault-down exited with status 2",
        ),
    ];
    for (source, args, said) in runs {
        for json_output in [false, true] {
            let mut cmd = bin.jwtadm();
            if json_output {
                cmd.args(["-o", "json"]);
            }
            let out = cmd.args(args).args(["--secret", source]).output().unwrap();
            assert_eq!(out.status.code(), Some(4), "{source} {args:?}");
            assert!(stderr(&out).contains(said), "{source}: {}", stderr(&out));
            for text in [stdout(&out), stderr(&out)] {
                assert!(
                    !text.contains(CANARY),
                    "{source} {args:?} showed its output: {text}"
                );
            }
        }
    }
}

#[test]
fn a_command_that_prints_nothing_or_too_much_is_refused() {
    let bin = Bin::new();
    bin.script("nothing", "echo 'entry is empty' >&2");
    bin.script("blank", "echo");
    bin.script("endless", "exec cat /dev/zero");
    for (source, said) in [
        (
            "command:nothing",
            "printed nothing on standard output (on standard error: entry is empty)",
        ),
        ("command:blank", "printed an empty line on standard output"),
        (
            "command:endless",
            "printed more than 1 MiB on standard output",
        ),
    ] {
        bin.jwtadm()
            .args(["secret", "fingerprint", "--secret", source])
            .timeout(std::time::Duration::from_secs(60))
            .assert()
            .code(4)
            .stderr(predicate::str::contains(said));
    }
}

#[test]
fn a_program_that_is_not_there_is_exit_4_naming_it() {
    let bin = Bin::new();
    check_fails(
        bin.jwtadm(),
        "command:no-such-secret-manager show x",
        4,
        "there is no program named no-such-secret-manager on PATH",
    );
    let mut in_bin = bin.jwtadm();
    in_bin.current_dir(bin.dir.path());
    check_fails(
        in_bin,
        "command:./bin/get-jwt",
        4,
        "there is no program at ./bin/get-jwt",
    );
    // No shell: a pipe is a word like any other, and the hint says so.
    bin.script(
        "get-jwt",
        "[ $# = 0 ] || { echo \"unexpected $1\" >&2; exit 1; }; echo x",
    );
    bin.jwtadm()
        .args(["secret", "check", "--secret", "command:get-jwt | head -1"])
        .assert()
        .code(4)
        .stderr(
            predicate::str::contains("unexpected |")
                .and(predicate::str::contains("no shell runs the command")),
        );
}

#[test]
fn an_unclosed_quote_or_no_program_is_a_usage_error_saying_which() {
    for (source, said) in [
        (
            "command:vault kv get -field=\"key secret/exai",
            "the \" at character 21 is never closed",
        ),
        (
            "command:pass show 'exai/jwt",
            "the ' at character 11 is never closed",
        ),
        ("command:pass show exai/jwt\\", "ends with a backslash"),
        ("command:", "command: needs a program to run"),
        ("command:   ", "command: needs a program to run"),
    ] {
        check_fails(jwtadm(), source, 2, said);
    }
}

#[test]
fn a_command_source_is_never_written_and_rotation_does_not_run_it() {
    let dir = tempfile::tempdir().unwrap();
    let bin = Bin::new();
    let ran = dir.path().join("ran");
    bin.script(
        "get-jwt",
        &format!("touch '{}'\necho '{SECRET}'", ran.display()),
    );
    let before = snapshot(dir.path());
    bin.jwtadm()
        .args(["secret", "gen", "--to", "command:get-jwt"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("a secret cannot be written to command:get-jwt").and(
                predicate::str::contains("store a new secret with get-jwt itself").and(
                    predicate::str::contains("file:PATH, dotenv:PATH#KEY or keyring:"),
                ),
            ),
        );
    bin.jwtadm()
        .args(["secret", "rotate", "--secret", "command:get-jwt"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("cannot rotate a secret in command:get-jwt").and(
                predicate::str::contains("store a new secret with get-jwt itself"),
            ),
        );
    std::fs::write(
        dir.path().join("clients.toml"),
        "[secret]\nsource = \"command:get-jwt\"\n[[clients]]\nname = \"a\"\nsub = \"a\"\ndotenv = { path = \".env\", key = \"A\" }\n",
    )
    .unwrap();
    std::fs::write(dir.path().join(".env"), "A=x\n").unwrap();
    let before_roster = snapshot(dir.path());
    bin.jwtadm()
        .current_dir(dir.path())
        .args(["secret", "rotate", "--roster", "clients.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot rotate"));
    assert!(!ran.exists(), "the command ran for a rotation it cannot do");
    assert_eq!(snapshot(dir.path()), before_roster);
    assert!(before.is_empty());
}

#[test]
fn a_roster_command_source_serves_issue_all_and_status_running_once_each() {
    let work = tempfile::tempdir().unwrap();
    let roster_dir = work.path().join("team");
    std::fs::create_dir_all(roster_dir.join("bin")).unwrap();
    // A script beside the roster, named by a relative path: run in the roster's folder,
    // whatever jwtadm's, and counting its runs there.
    let script = roster_dir.join("bin/get-secret");
    write_executable(
        &script,
        &format!("#!/bin/sh\necho run >> runs.log\nprintf '%s\\n' '{SECRET}'\n"),
    );
    std::fs::write(
        roster_dir.join("clients.toml"),
        "[defaults]\nissuer = \"exai-mcp-server\"\naudience = \"exai-mcp-client\"\n\
         [secret]\nsource = \"command:./bin/get-secret --field 'jwt key'\"\n\
         [[clients]]\nname = \"vscode1\"\nsub = \"vscode1@exai-mcp.local\"\ndotenv = { path = \".env\", key = \"EXAI_JWT_TOKEN_VSCODE1\" }\n\
         [[clients]]\nname = \"claude\"\nsub = \"claude@exai-mcp.local\"\ndotenv = { path = \".env\", key = \"EXAI_JWT_TOKEN_CLAUDE\" }\n",
    )
    .unwrap();
    std::fs::write(roster_dir.join(".env"), "# tokens\n").unwrap();
    let runs = || runs_logged(&roster_dir.join("runs.log"));

    let out = jwtadm()
        .current_dir(work.path())
        .args([
            "-o",
            "json",
            "token",
            "issue-all",
            "team/clients.toml",
            "--patch",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["secret_fingerprint"], fingerprint_of(SECRET));
    assert_eq!(v["clients"].as_array().unwrap().len(), 2);
    assert_eq!(runs(), 1);
    // The tokens verify with the same secret from the environment.
    let token = v["clients"][0]["token"].as_str().unwrap();
    jwtadm()
        .args(["token", "verify", token])
        .args(["--iss", "exai-mcp-server", "--aud", "exai-mcp-client"])
        .assert()
        .code(0);

    let out = jwtadm()
        .current_dir(work.path())
        .args(["-o", "json", "token", "status", "team/clients.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(json(&out)["counts"]["ok"], 2);
    assert_eq!(runs(), 2);
}

#[test]
fn a_token_piped_to_jwtadm_never_reaches_the_command() {
    let bin = Bin::new();
    // Fails if anything at all is on its standard input.
    bin.script(
        "get-jwt",
        &format!("if [ -n \"$(cat)\" ]; then echo 'read stdin' >&2; exit 1; fi\necho '{SECRET}'"),
    );
    bin.jwtadm()
        .args([
            "token",
            "verify",
            "--ignore-exp",
            "--secret",
            "command:get-jwt",
        ])
        .args(["--iss", "exai-mcp-server", "--aud", "exai-mcp-client"])
        .write_stdin(format!("{SEED_TOKEN}\n"))
        .assert()
        .code(0);
    bin.jwtadm()
        .args(["secret", "fingerprint", "--secret", "command:get-jwt"])
        .write_stdin("data for jwtadm, not for the command\n")
        .assert()
        .code(0)
        .stdout(format!("{}\n", fingerprint_of(SECRET)));
}

// ---------------------------------------------------------------------------------------------
// The real `pass`
// ---------------------------------------------------------------------------------------------

/// A password store of its own: a GNUPGHOME with a throw-away key without a passphrase, and a
/// PASSWORD_STORE_DIR initialised for it. Its gpg-agent is stopped when it is dropped.
struct Pass {
    dir: tempfile::TempDir,
}

impl Pass {
    fn gnupg(&self) -> PathBuf {
        self.dir.path().join("gnupg")
    }

    fn store(&self) -> PathBuf {
        self.dir.path().join("store")
    }

    /// A process of `program` in this store's environment only.
    fn process(&self, program: &str) -> Process {
        let mut p = Process::new(program);
        p.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("GNUPGHOME", self.gnupg())
            .env("PASSWORD_STORE_DIR", self.store());
        p
    }

    /// jwtadm in this store's environment.
    fn jwtadm(&self) -> assert_cmd::Command {
        let mut cmd = jwtadm();
        cmd.env("HOME", self.dir.path())
            .env("GNUPGHOME", self.gnupg())
            .env("PASSWORD_STORE_DIR", self.store());
        cmd
    }

    fn run(&self, program: &str, args: &[&str], input: Option<&str>) {
        let mut child = self
            .process(program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{program}: {e}"));
        let mut stdin = child.stdin.take().unwrap();
        if let Some(input) = input {
            stdin.write_all(input.as_bytes()).unwrap();
        }
        drop(stdin);
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{program} {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn new() -> Pass {
        let pass = Pass {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir(pass.gnupg()).unwrap();
        chmod(&pass.gnupg(), 0o700);
        pass.run(
            "gpg",
            &[
                "--batch",
                "--passphrase",
                "",
                "--quick-gen-key",
                "jwtadm test <pass-test@jwtadm.invalid>",
                "default",
                "default",
                "never",
            ],
            None,
        );
        pass.run("pass", &["init", "pass-test@jwtadm.invalid"], None);
        pass
    }
}

impl Drop for Pass {
    fn drop(&mut self) {
        let _ = self
            .process("gpgconf")
            .args(["--kill", "gpg-agent"])
            .output();
    }
}

/// Whether `program` runs, for the skip.
fn runs(program: &str, arg: &str) -> bool {
    Process::new(program)
        .arg(arg)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A password store for the test `name`, or `None` after saying on stderr that the test is
/// skipped. With `JWTADM_REQUIRE_PASS=1` a missing `pass` or `gpg` fails the test instead.
fn pass(name: &str) -> Option<Pass> {
    let missing: Vec<&str> = [("pass", "version"), ("gpg", "--version")]
        .into_iter()
        .filter(|(program, arg)| !runs(program, arg))
        .map(|(program, _)| program)
        .collect();
    if missing.is_empty() {
        return Some(Pass::new());
    }
    let why = format!(
        "{} not installed (apt-get install pass gnupg, or run .ci/run)",
        missing.join(" and ")
    );
    if std::env::var("JWTADM_REQUIRE_PASS").as_deref() == Ok("1") {
        panic!("command_source test {name}: pass is required (JWTADM_REQUIRE_PASS=1): {why}");
    }
    // Past the test harness's capture, in one write, as the interop tests say they skip.
    let line = format!("SKIPPED command_source test {name}: {why}\n");
    let _ = std::io::stderr().write_all(line.as_bytes());
    None
}

#[test]
fn the_real_pass_serves_the_secret_to_secret_check_and_token_issue() {
    let Some(store) = pass("the_real_pass_serves_the_secret_to_secret_check_and_token_issue")
    else {
        return;
    };
    store.run(
        "pass",
        &["insert", "-m", "exai/jwt"],
        Some(&format!("{SECRET}\n")),
    );
    let source = "command:pass show exai/jwt";
    let out = store
        .jwtadm()
        .args(["-o", "json", "secret", "check", "--secret", source])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&out)["fingerprint"], fingerprint_of(SECRET));

    let out = store
        .jwtadm()
        .args(["token", "issue", "--sub", "vscode1@exai-mcp.local"])
        .args(["--aud", "exai-mcp-client", "--secret", source])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let token = stdout(&out).trim().to_string();
    jwtadm()
        .args(["token", "verify", &token, "--aud", "exai-mcp-client"])
        .assert()
        .code(0);

    // An entry that is not there: pass's own words, exit 4.
    check_fails(
        store.jwtadm(),
        "command:pass show exai/missing",
        4,
        "exited with status 1: Error: exai/missing is not in the password store.",
    );
}

#[test]
fn a_private_key_from_a_command_runs_it_once_to_sign_and_once_to_verify() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("signing.pem");
    jwtadm()
        .args(["key", "gen", "--alg", "EdDSA", "--to"])
        .arg(format!("file:{}", key.display()))
        .assert()
        .code(0);
    let bin = Bin::new();
    let log = dir.path().join("runs.log");
    bin.script(
        "get-key",
        &format!("echo run >> '{}'\ncat '{}'", log.display(), key.display()),
    );
    let token = issue_with(&bin, "--key", "command:get-key");
    assert_eq!(
        runs_logged(&log),
        1,
        "a private key is checked, not read again"
    );
    bin.jwtadm()
        .args(["token", "verify", &token, "--key", "command:get-key"])
        .assert()
        .code(0);
    assert_eq!(runs_logged(&log), 2);
}

/// Write an executable file from a child process, not from this one: a file this multi-threaded
/// test process had open for writing can be inherited, for an instant, by a child another test
/// forks, and running it then fails with ETXTBSY ("Text file busy") — a flaky test, not a bug.
fn write_executable(path: &std::path::Path, text: &str) {
    use std::io::Write;
    let mut child = std::process::Command::new("sh")
        .args(["-c", "cat > \"$1\" && chmod 755 \"$1\"", "sh"])
        .arg(path)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    assert!(
        child.wait().unwrap().success(),
        "writing {}",
        path.display()
    );
}
