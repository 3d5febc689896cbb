//! Crash safety: `token issue-all --patch` over 60 config files, and `secret rotate --roster`
//! with a dotenv secret (and a keyutils keyring secret where the keyring can be had), killed with
//! SIGKILL at random moments: every file stays whole, and after `jwtadm recover` (or the next
//! ordinary run) every file holds tokens of one run, the secret signs them, `token status`
//! exits 0 and no temporary or journal file is left. Recovery itself is killed too, and the next
//! recovery still converges. A full disk and a file that cannot be written fail with
//! exit 4 and every file as it was. Concurrent runs on one file serialize; a file changed by
//! another program between jwtadm's read and its write is not clobbered.
//!
//! The kill loop runs JWTADM_KILL_RUNS times (default 30; .ci/run sets 200). Debug builds of
//! jwtadm read JWTADM_TEST_DELAY_MS, a pause before each rename, so kills land inside the
//! commit as well as before it.

#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use jwtadm::formats::{self, Format, Target};
use jwtadm::jose::verify::{Expect, Keys};
use jwtadm::keys::hmac::Secret;

const CLIENTS: usize = 60;

/// A small deterministic generator (xorshift), seeded from the clock and printed, so a failing
/// sequence of kill times can be replayed with JWTADM_KILL_SEED.
struct Rng(u64);

impl Rng {
    fn new() -> Self {
        let seed = std::env::var("JWTADM_KILL_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
                    | 1
            });
        eprintln!("kill test seed: JWTADM_KILL_SEED={seed}");
        Rng(seed)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// The template of client `i`'s config file, with `{TOKEN}` where the token goes.
fn template(i: usize) -> (String, &'static str) {
    match i % 3 {
        0 => (
            "{\n  // client config\n  \"mcpServers\": {\n    \"exai\": {\"command\": \"python\", \"env\": {\"EXAI_JWT_TOKEN\": \"{TOKEN}\", \"X\": \"1\"}},\n  },\n}\n"
                .to_string(),
            "json",
        ),
        1 => ("# codex\n[mcp_servers.exai]\ncommand = \"python\"\n[mcp_servers.exai.env]\nEXAI_JWT_TOKEN = \"{TOKEN}\" # yearly\n".to_string(), "toml"),
        _ => ("# tokens\r\nexport EXAI_JWT_TOKEN=\"{TOKEN}\"  # rotated\r\nOTHER=x\r\n".to_string(), "env"),
    }
}

fn config_path(dir: &Path, i: usize) -> PathBuf {
    let (_, ext) = template(i);
    if ext == "env" {
        dir.join(format!("c{i}.env"))
    } else {
        dir.join(format!("c{i}.{ext}"))
    }
}

/// A roster of CLIENTS clients, each with one config file, secret in a dotenv file.
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
        let (text, _) = template(i);
        let path = config_path(dir, i);
        std::fs::write(&path, text.replace("{TOKEN}", "placeholder")).unwrap();
        roster.push_str(&format!(
            "[[clients]]\nname = \"c{i}\"\nsub = \"c{i}@exai-mcp.local\"\nconfigs = [\"{}\"]\n",
            path.file_name().unwrap().to_string_lossy()
        ));
    }
    std::fs::write(dir.join("clients.toml"), roster).unwrap();
}

/// The state folder of a test's runs (their journals), apart from the files it checks.
fn state_of(dir: &Path) -> PathBuf {
    let mut s = dir.as_os_str().to_owned();
    s.push(".state");
    PathBuf::from(s)
}

/// jwtadm in `dir`, with its journals in `dir`'s own state folder.
fn jwtadm_in(dir: &Path) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("jwtadm"));
    cmd.current_dir(dir)
        .env("XDG_STATE_HOME", state_of(dir))
        .env_remove("HOME")
        .env_remove("JWT_SECRET_KEY");
    cmd
}

/// The journals left in `dir`'s state folder.
fn journals(dir: &Path) -> Vec<String> {
    std::fs::read_dir(state_of(dir).join("jwtadm/journal"))
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// `issue-all --patch`, issuing at clock time `now` so each run's tokens carry their own iat.
fn issue_all(dir: &Path, delay_ms: u64, now: u64) -> Command {
    let mut cmd = jwtadm_in(dir);
    cmd.env("JWTADM_NOW", now.to_string())
        .args(["token", "issue-all", "--patch"])
        .env_remove("JWT_SECRET_KEY")
        .env("JWTADM_TEST_DELAY_MS", delay_ms.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// Every config file is whole: exactly its template around one whole token that verifies with
/// the secret and names its client. Returns the distinct `iat`s found: two mean the kill
/// landed in the middle of the renames.
fn check_whole(dir: &Path) -> Result<std::collections::BTreeSet<i64>, String> {
    check_whole_with(dir, SECRET.as_bytes())
}

/// As [`check_whole`], every token signed by `secret`.
fn check_whole_with(dir: &Path, secret: &[u8]) -> Result<std::collections::BTreeSet<i64>, String> {
    let key = Secret::new(secret.to_vec());
    let mut iats = std::collections::BTreeSet::new();
    for i in 0..CLIENTS {
        let path = config_path(dir, i);
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let target = Target {
            var: "EXAI_JWT_TOKEN".into(),
            ..Target::default()
        };
        let found = formats::find(Format::detect(&path, &text), &text, &target)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let token = &found
            .sites
            .first()
            .ok_or_else(|| format!("{}: no token", path.display()))?
            .token;
        if text != template(i).0.replace("{TOKEN}", token) {
            return Err(format!(
                "{}: not its template around one token:\n{text}",
                path.display()
            ));
        }
        let decoded =
            jwtadm::jose::decode(token).map_err(|e| format!("{}: {e}", path.display()))?;
        let expect = Expect {
            aud: vec!["exai-mcp-client".into()],
            iss: Some("exai-mcp-server".into()),
            now: jwtadm::time::Time::from_secs(1_800_000_000),
            ..Expect::default()
        };
        let report = jwtadm::jose::verify::verify(&decoded, &Keys::one(&key), &expect);
        if !report.valid() || decoded.claims["sub"] != format!("c{i}@exai-mcp.local") {
            return Err(format!(
                "{}: token does not verify or names another client: {report:?}",
                path.display()
            ));
        }
        iats.insert(decoded.claims["iat"].as_i64().unwrap_or_default());
    }
    Ok(iats)
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".jwtadm-"))
        .collect()
}

fn kill_runs() -> usize {
    std::env::var("JWTADM_KILL_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30)
}

/// Removes a test's state folder at the end.
struct State(PathBuf);

impl Drop for State {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Run `cmd`, kill it (SIGKILL) after `after_us` microseconds; whether it finished first.
fn run_and_kill(cmd: &mut Command, after_us: u64) -> bool {
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_micros(after_us));
    let _ = child.kill(); // SIGKILL
    child.wait().unwrap().success()
}

/// The shortest of three timings of `cmd()` (the first run of a fresh binary is slower than
/// the ones killed), in microseconds.
fn calibrate(mut cmd: impl FnMut(u64) -> Command) -> u64 {
    (0..3)
        .map(|i| {
            let start = Instant::now();
            let out = cmd(i).output().unwrap();
            assert!(out.status.success(), "{}", stderr(&out));
            start.elapsed().as_micros() as u64
        })
        .min()
        .unwrap_or_default()
}

/// After a kill: recover, by `jwtadm recover` (killed itself at a random moment every other
/// time, then run again) or by the next ordinary run (`ordinary`); then nothing of the killed
/// run may be left half done.
fn recover_after_kill(
    dir: &Path,
    rng: &mut Rng,
    run: usize,
    ordinary: &mut dyn FnMut() -> Command,
    counts: &mut Counts,
) {
    let pending = !journals(dir).is_empty();
    if pending {
        counts.journals += 1;
    }
    if run % 4 == 3 {
        let out = ordinary().output().unwrap();
        assert!(out.status.success(), "after kill {run}: {}", stderr(&out));
        return;
    }
    if pending && run.is_multiple_of(2) {
        let mut rec = jwtadm_in(dir);
        rec.arg("recover").env("JWTADM_TEST_DELAY_MS", "1");
        if !run_and_kill(&mut rec, rng.below(90_000)) {
            counts.recoveries_killed += 1;
        }
    }
    let out = jwtadm_in(dir).arg("recover").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "recover after kill {run}: {}{}",
        stdout(&out),
        stderr(&out)
    );
}

#[derive(Default, Debug)]
struct Counts {
    killed: usize,
    mid_commit: usize,
    journals: usize,
    recoveries_killed: usize,
}

/// Nothing of a run left behind: no temporary file beside the files, no journal.
fn assert_clean(dir: &Path, run: usize) {
    assert_eq!(leftovers(dir), Vec::<String>::new(), "after kill {run}");
    assert_eq!(journals(dir), Vec::<String>::new(), "after kill {run}");
}

fn status_ok(dir: &Path) {
    let out = jwtadm_in(dir)
        .args(["token", "status"])
        .env("JWTADM_NOW", "1800000000")
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

#[test]
fn sigkill_at_random_moments_then_recovery_leaves_one_run() {
    let runs = kill_runs();
    let dir = tempfile::tempdir().unwrap();
    let _state = State(state_of(dir.path()));
    setup(dir.path());
    // A 1 ms pause before each of the 60 renames, so kills land among them.
    let t0 = 1_790_000_000;
    let full = calibrate(|i| issue_all(dir.path(), 1, t0 - 3 + i));
    check_whole(dir.path()).unwrap();
    let started = Instant::now();
    let mut rng = Rng::new();
    let mut counts = Counts::default();
    let mut finished = 0;
    for run in 0..runs {
        let now = t0 + 1 + 2 * run as u64;
        if run_and_kill(
            &mut issue_all(dir.path(), 1, now),
            rng.below(full + full / 4),
        ) {
            finished += 1;
        } else {
            counts.killed += 1;
        }
        // Every file whole, even before recovery; two iats: the kill landed among the renames.
        match check_whole(dir.path()) {
            Ok(iats) if iats.len() > 1 => counts.mid_commit += 1,
            Ok(_) => {}
            Err(e) => panic!("after kill {run}: {e}"),
        }
        let d = dir.path();
        recover_after_kill(
            d,
            &mut rng,
            run,
            &mut || issue_all(d, 0, now + 1),
            &mut counts,
        );
        let iats = check_whole(dir.path()).unwrap_or_else(|e| panic!("after kill {run}: {e}"));
        assert_eq!(iats.len(), 1, "after kill {run} and recovery: {iats:?}");
        assert_clean(dir.path(), run);
    }
    eprintln!(
        "{runs} runs in {:.1}s: {counts:?}, {finished} finished first",
        started.elapsed().as_secs_f64()
    );
    assert!(
        counts.killed > runs / 2,
        "too few runs were killed ({} of {runs}) to prove anything",
        counts.killed
    );
    assert!(
        counts.mid_commit >= runs / 10,
        "too few kills landed among the renames ({} of {runs})",
        counts.mid_commit
    );
    status_ok(dir.path());
}

/// The current secret in `.env.docker`.
fn current_secret(dir: &Path) -> String {
    let text = std::fs::read_to_string(dir.join(".env.docker")).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("JWT_SECRET_KEY="))
        .unwrap()
        .trim_matches('"')
        .to_string()
}

fn rotate(dir: &Path, delay_ms: u64, now: u64) -> Command {
    let mut cmd = jwtadm_in(dir);
    cmd.env("JWTADM_NOW", now.to_string())
        .args(["secret", "rotate", "--roster", "clients.toml"])
        .env("JWTADM_TEST_DELAY_MS", delay_ms.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

#[test]
fn sigkill_during_secret_rotate_then_recovery_keeps_secret_and_tokens_together() {
    let runs = kill_runs();
    let dir = tempfile::tempdir().unwrap();
    let _state = State(state_of(dir.path()));
    setup(dir.path());
    let t0 = 1_790_000_000;
    assert!(issue_all(dir.path(), 0, t0).status().unwrap().success());
    let full = calibrate(|i| rotate(dir.path(), 1, t0 + 1 + i));
    let started = Instant::now();
    let mut rng = Rng::new();
    let mut counts = Counts::default();
    for run in 0..runs {
        let now = t0 + 10 + 2 * run as u64;
        let before = current_secret(dir.path());
        if !run_and_kill(&mut rotate(dir.path(), 1, now), rng.below(full + full / 4)) {
            counts.killed += 1;
        }
        if current_secret(dir.path()) != before
            && check_whole_with(dir.path(), current_secret(dir.path()).as_bytes()).is_err()
        {
            // The secret is new and some tokens are not: the kill landed among the renames.
            counts.mid_commit += 1;
        }
        let d = dir.path();
        recover_after_kill(d, &mut rng, run, &mut || rotate(d, 0, now + 1), &mut counts);
        let secret = current_secret(dir.path());
        let iats = check_whole_with(dir.path(), secret.as_bytes()).unwrap_or_else(|e| {
            panic!("after kill {run}: the secret does not sign the tokens: {e}")
        });
        assert_eq!(iats.len(), 1, "after kill {run} and recovery: {iats:?}");
        assert_clean(dir.path(), run);
    }
    eprintln!(
        "{runs} rotations in {:.1}s: {counts:?}",
        started.elapsed().as_secs_f64()
    );
    assert!(
        counts.killed > runs / 2,
        "too few runs were killed ({} of {runs})",
        counts.killed
    );
    assert!(
        counts.mid_commit >= runs / 10,
        "too few kills landed among the renames ({} of {runs})",
        counts.mid_commit
    );
    status_ok(dir.path());
}

/// A secret in the kernel's keyutils keyring, under a service no other run uses; its entries
/// (and any a run kept for undoing) are deleted at the end.
#[cfg(target_os = "linux")]
struct KeyringSecret {
    service: String,
    seen: std::cell::RefCell<Vec<String>>,
}

#[cfg(target_os = "linux")]
impl KeyringSecret {
    const ACCOUNT: &str = "jwt-secret";

    fn new() -> Self {
        let n = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        KeyringSecret {
            service: format!("jwtadm-crash-{}-{n}", std::process::id()),
            seen: Default::default(),
        }
    }

    /// An entry's text, read in this process (the same user's keyring as jwtadm's).
    fn get(&self, account: &str) -> Option<String> {
        self.seen.borrow_mut().push(account.to_string());
        jwtadm::store::keyring::Item {
            store: jwtadm::store::keyring::Store::Keyutils,
            service: &self.service,
            account,
        }
        .get()
        .unwrap()
        .map(|t| t.to_string())
    }

    fn secret(&self) -> String {
        self.get(Self::ACCOUNT).expect("the keyring secret is gone")
    }

    fn previous(&self) -> Option<String> {
        self.get(&format!("{}.previous", Self::ACCOUNT))
    }
}

#[cfg(target_os = "linux")]
impl Drop for KeyringSecret {
    fn drop(&mut self) {
        let mut accounts = self.seen.take();
        accounts.push(format!("{}.previous-until", Self::ACCOUNT));
        for account in &accounts {
            let _ = jwtadm::store::keyring::Item {
                store: jwtadm::store::keyring::Store::Keyutils,
                service: &self.service,
                account,
            }
            .delete();
        }
    }
}

/// The keyring entries that the journals left in `dir`'s state folder name as keeping what
/// their runs replaced.
fn undo_entries(dir: &Path) -> Vec<String> {
    journals(dir)
        .iter()
        .filter(|n| n.ends_with(".journal"))
        .filter_map(|n| std::fs::read_to_string(state_of(dir).join("jwtadm/journal").join(n)).ok())
        .filter_map(|text| serde_json::from_str::<serde_json::Value>(text.lines().next()?).ok())
        .flat_map(|record| {
            record["keyring"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .filter_map(|k| k["undo"].as_str().map(str::to_string))
        })
        .collect()
}

/// `secret rotate --roster` with the secret in the keyutils keyring, killed at random moments:
/// after recovery the keyring's secret signs every token, the previous secret it keeps is the
/// one before the last rotation that counts (put back with the secret when a run is undone),
/// and no entry a run kept for undoing is left. Skips, saying so, where keyutils cannot be had,
/// unless JWTADM_REQUIRE_KEYRING=1.
#[cfg(target_os = "linux")]
#[test]
fn sigkill_during_secret_rotate_with_a_keyutils_secret_recovers_the_keyring_too() {
    let runs = kill_runs();
    let dir = tempfile::tempdir().unwrap();
    let _state = State(state_of(dir.path()));
    setup(dir.path());
    let keyring = KeyringSecret::new();
    let source = format!("keyring:{}/{}", keyring.service, KeyringSecret::ACCOUNT);
    let out = jwtadm_in(dir.path())
        .args([
            "secret",
            "gen",
            "--to",
            &source,
            "--keyring-store",
            "keyutils",
        ])
        .output()
        .unwrap();
    if !out.status.success() {
        let why = stderr(&out);
        assert!(
            std::env::var("JWTADM_REQUIRE_KEYRING").as_deref() != Ok("1"),
            "the keyutils keyring is required (JWTADM_REQUIRE_KEYRING=1) but unavailable: {why}"
        );
        eprintln!("SKIPPED keyring crash test: {}", why.trim());
        return;
    }
    let roster = std::fs::read_to_string(dir.path().join("clients.toml")).unwrap();
    let roster = roster.replace(
        "source = \"dotenv:.env.docker#JWT_SECRET_KEY\"\n",
        &format!("source = \"{source}\"\nkeyring_store = \"keyutils\"\n"),
    );
    std::fs::write(dir.path().join("clients.toml"), roster).unwrap();
    std::fs::remove_file(dir.path().join(".env.docker")).unwrap();

    let t0 = 1_790_000_000;
    assert!(issue_all(dir.path(), 0, t0).status().unwrap().success());
    check_whole_with(dir.path(), keyring.secret().as_bytes()).unwrap();
    let full = calibrate(|i| rotate(dir.path(), 1, t0 + 1 + i));
    let started = Instant::now();
    let mut rng = Rng::new();
    let mut counts = Counts::default();
    let mut keyring_put_back = 0;
    for run in 0..runs {
        let now = t0 + 10 + 2 * run as u64;
        let before = (keyring.secret(), keyring.previous());
        if !run_and_kill(&mut rotate(dir.path(), 1, now), rng.below(full + full / 4)) {
            counts.killed += 1;
        }
        let after_kill = keyring.secret();
        if after_kill != before.0 && check_whole_with(dir.path(), after_kill.as_bytes()).is_err() {
            counts.mid_commit += 1;
        }
        let undo = undo_entries(dir.path());
        let d = dir.path();
        recover_after_kill(d, &mut rng, run, &mut || rotate(d, 0, now + 1), &mut counts);
        let secret = keyring.secret();
        let iats = check_whole_with(dir.path(), secret.as_bytes()).unwrap_or_else(|e| {
            panic!("after kill {run}: the keyring's secret does not sign the tokens: {e}")
        });
        assert_eq!(iats.len(), 1, "after kill {run} and recovery: {iats:?}");
        if secret == before.0 {
            // Undone (or never begun): the previous secret is as it was too.
            assert_eq!(keyring.previous(), before.1, "after kill {run}");
            if after_kill != before.0 {
                keyring_put_back += 1;
            }
        } else if run % 4 != 3 {
            // Finished: the secret before the run is now the previous one.
            assert_eq!(
                keyring.previous().as_ref(),
                Some(&before.0),
                "after kill {run}"
            );
        }
        for u in &undo {
            assert_eq!(
                keyring.get(u),
                None,
                "after kill {run}: the kept entry {u} is left"
            );
        }
        assert_clean(dir.path(), run);
    }
    eprintln!(
        "{runs} keyring rotations in {:.1}s: {counts:?}, the keyring put back {keyring_put_back} times",
        started.elapsed().as_secs_f64()
    );
    assert!(
        counts.killed > runs / 2,
        "too few runs were killed ({} of {runs})",
        counts.killed
    );
    assert!(
        counts.mid_commit >= runs / 10,
        "too few kills landed among the renames ({} of {runs})",
        counts.mid_commit
    );
    let out = jwtadm_in(dir.path())
        .args(["token", "status"])
        .env("JWTADM_NOW", "1800000000")
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

#[test]
fn a_file_that_cannot_be_written_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let before = snapshot(dir.path());
    // No file can grow at all (RLIMIT_FSIZE 0: EFBIG, with SIGXFSZ ignored).
    let script = format!(
        "trap '' XFSZ; ulimit -f 0; exec {} token issue-all --patch",
        assert_cmd::cargo::cargo_bin("jwtadm").display()
    );
    let out = Command::new("bash")
        .args(["-c", &script])
        .current_dir(dir.path())
        .env_remove("JWT_SECRET_KEY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing was changed"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn a_full_disk_changes_nothing() {
    let base = tempfile::tempdir().unwrap();
    let mnt = base.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=256k", "tmpfs"])
        .arg(&mnt)
        .output();
    if !mounted.as_ref().is_ok_and(|o| o.status.success()) {
        if std::env::var("JWTADM_REQUIRE_FAULTS").as_deref() == Ok("1") {
            panic!("a_full_disk_changes_nothing: cannot mount a small tmpfs: {mounted:?}");
        }
        eprintln!("SKIPPED a_full_disk_changes_nothing: cannot mount a small tmpfs (needs root)");
        return;
    }
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _guard = Unmount(mnt.clone());
    setup(&mnt);
    // Fill what is left of the disk.
    let mut filler = std::fs::File::create(mnt.join("filler")).unwrap();
    let block = vec![0u8; 4096];
    while std::io::Write::write_all(&mut filler, &block).is_ok() {}
    let _ = filler.sync_all();
    let before = snapshot(&mnt);
    let out = jwtadm()
        .current_dir(&mnt)
        .env_remove("JWT_SECRET_KEY")
        .args(["token", "issue-all", "--patch"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no space left on device"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(&mnt), before);
}

#[test]
fn concurrent_patches_of_one_file_serialize() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mcp.json");
    let original = "{\n  \"mcpServers\": {\"exai\": {\"env\": {\"EXAI_JWT_TOKEN\": \"old\"}}}\n}\n";
    std::fs::write(&path, original).unwrap();
    let tokens: Vec<String> = (0..2)
        .map(|i| {
            let out = jwtadm()
                .args(["token", "issue", "--sub", &format!("writer{i}")])
                .output()
                .unwrap();
            stdout(&out).trim().to_string()
        })
        .collect();
    for round in 0..25 {
        let children: Vec<_> = tokens
            .iter()
            .map(|t| {
                Command::new(assert_cmd::cargo::cargo_bin("jwtadm"))
                    .args(["config", "patch", "--token", t])
                    .arg(&path)
                    .env("XDG_STATE_HOME", state_home())
                    .env("JWTADM_TEST_DELAY_MS", "2")
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            let out = c.wait_with_output().unwrap();
            assert!(out.status.success(), "round {round}: {}", stderr(&out));
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let whole: Vec<String> = tokens.iter().map(|t| original.replace("old", t)).collect();
        assert!(
            whole.contains(&text),
            "round {round}: the file is not whole with one of the two tokens:\n{text}"
        );
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    }
}

#[test]
fn a_file_changed_by_another_program_mid_run_is_not_clobbered() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.json");
    let text = "{\"env\": {\"EXAI_JWT_TOKEN\": \"old\"}}\n";
    std::fs::write(&a, text).unwrap();
    std::fs::write(&b, text).unwrap();
    let token = {
        let out = jwtadm()
            .args(["token", "issue", "--sub", "x"])
            .output()
            .unwrap();
        stdout(&out).trim().to_string()
    };
    // jwtadm pauses 400 ms before each rename; meanwhile an editor rewrites b.json.
    let child = Command::new(assert_cmd::cargo::cargo_bin("jwtadm"))
        .args(["config", "patch", "--token", &token])
        .arg(&a)
        .arg(&b)
        .env("XDG_STATE_HOME", state_home())
        .env("JWTADM_TEST_DELAY_MS", "400")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let edited = "{\"env\": {\"EXAI_JWT_TOKEN\": \"typed by hand\"}}\n";
    std::fs::write(&b, edited).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("b.json was changed by another program") && err.contains("put back"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&b).unwrap(),
        edited,
        "the other program's edit was clobbered"
    );
    assert_eq!(
        std::fs::read_to_string(&a).unwrap(),
        text,
        "a.json was not put back"
    );
}
