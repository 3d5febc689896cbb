//! Secrets in real keyring stores, not mocks: the kernel keyutils keyring directly, and the
//! Secret Service through a real gnome-keyring-daemon unlocked inside a private
//! dbus-run-session. Every round trip crosses processes: one jwtadm writes, another reads.
//!
//! Where a store cannot be had (keyctl blocked, gnome-keyring or dbus not installed) the test
//! prints `SKIPPED keyring test …` and passes, unless JWTADM_REQUIRE_KEYRING=1 (as .ci/run
//! sets, after installing gnome-keyring and dbus).

#![cfg(target_os = "linux")]

use std::path::Path;
use std::process::Command;

use crate::common::*;

const T0: i64 = 1_762_125_073;

fn skip(name: &str, why: &str) {
    if std::env::var("JWTADM_REQUIRE_KEYRING").as_deref() == Ok("1") {
        panic!(
            "keyring test {name}: the store is required (JWTADM_REQUIRE_KEYRING=1) but unavailable: {why}"
        );
    }
    use std::io::Write;
    let _ = std::io::stderr().write_all(format!("SKIPPED keyring test {name}: {why}\n").as_bytes());
}

/// A service name no other run uses.
fn service() -> String {
    let n: u64 = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    format!("jwtadm-test-{}-{n}", std::process::id())
}

fn bin() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("jwtadm")
}

#[test]
fn keyutils_round_trip_across_processes() {
    let svc = service();
    let src = format!("keyring:{svc}/jwt-secret");
    let ks = ["--keyring-store", "keyutils"];
    let out = jwtadm()
        .args(["secret", "gen", "--to", &src])
        .args(ks)
        .output()
        .unwrap();
    if !out.status.success() {
        let err = stderr(&out);
        if err.contains("not available") || err.contains("cannot be reached") {
            return skip("keyutils_round_trip_across_processes", err.trim());
        }
        panic!("secret gen --to keyring failed: {err}");
    }
    assert!(stdout(&out).contains("fingerprint: sha256:"));
    let fp = stdout(
        &jwtadm()
            .args(["secret", "fingerprint", "--secret", &src])
            .args(ks)
            .output()
            .unwrap(),
    );
    assert!(fp.starts_with("sha256:"), "{fp}");
    assert!(
        stdout(&out).contains(fp.trim()),
        "the writer and the reader see the same secret"
    );

    // Issue in one process, verify in another, rotate in a third, verify again in a fourth.
    let token = {
        let out = jwtadm()
            .env("JWTADM_NOW", T0.to_string())
            .args([
                "token",
                "issue",
                "--sub",
                "ci@exai-mcp.local",
                "--aud",
                "exai-mcp-client",
                "--expires",
                "365d",
                "--secret",
                &src,
            ])
            .args(ks)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out).trim().to_string()
    };
    let verify = |now: i64| {
        jwtadm()
            .env("JWTADM_NOW", now.to_string())
            .args([
                "token",
                "verify",
                &token,
                "--aud",
                "exai-mcp-client",
                "--secret",
                &src,
            ])
            .args(ks)
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(verify(T0 + 60), Some(0));
    let out = jwtadm()
        .env("JWTADM_NOW", T0.to_string())
        .args(["secret", "rotate", "--secret", &src, "--grace", "14d"])
        .args(ks)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!("previous secret: {}", fp.trim())),
        "{}",
        stdout(&out)
    );
    assert_ne!(
        stdout(
            &jwtadm()
                .args(["secret", "fingerprint", "--secret", &src])
                .args(ks)
                .output()
                .unwrap()
        ),
        fp
    );
    assert_eq!(
        verify(T0 + 86_400),
        Some(0),
        "the old token in the grace period"
    );
    assert_eq!(
        verify(T0 + 15 * 86_400),
        Some(1),
        "the old token after the grace period"
    );
    // --force is needed to replace it; a missing entry is exit 4 naming the store.
    jwtadm()
        .args(["secret", "gen", "--to", &src])
        .args(ks)
        .assert()
        .code(4);
    let missing = format!("keyring:{svc}/nothing-here");
    let out = jwtadm()
        .args(["secret", "fingerprint", "--secret", &missing])
        .args(ks)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(stderr(&out).contains("keyutils"), "{}", stderr(&out));

    for account in [
        "jwt-secret",
        "jwt-secret.previous",
        "jwt-secret.previous-until",
    ] {
        let item = jwtadm::store::keyring::Item {
            store: jwtadm::store::keyring::Store::Keyutils,
            service: &svc,
            account,
        };
        let _ = item.delete();
    }
}

/// The Secret Service, as on a Linux desktop: gnome-keyring-daemon unlocked in a private D-Bus
/// session with a fresh HOME. A shell script runs each jwtadm step as its own process.
#[test]
fn secret_service_round_trip_across_processes() {
    for tool in ["dbus-run-session", "gnome-keyring-daemon", "dbus-send"] {
        if Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .map(|o| !o.status.success())
            .unwrap_or(true)
        {
            return skip(
                "secret_service_round_trip_across_processes",
                &format!("{tool} is not installed (apt-get install gnome-keyring dbus)"),
            );
        }
    }
    let home = tempfile::tempdir().unwrap();
    let out_dir = home.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let src = format!("keyring:{}/jwt-secret", service());
    let script = format!(
        r#"set -u
echo -n ci-pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
for i in $(seq 100); do
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true' && break
  sleep 0.1
done
J={bin}
O={out}
$J secret gen --to {src} > $O/gen.out 2> $O/gen.err; echo $? > $O/gen.rc
$J secret fingerprint --secret {src} > $O/fp.out 2> $O/fp.err; echo $? > $O/fp.rc
JWTADM_NOW={t0} $J token issue --sub claude@exai-mcp.local --aud exai-mcp-client --secret {src} > $O/token 2> $O/issue.err; echo $? > $O/issue.rc
JWTADM_NOW={t0} $J token verify --aud exai-mcp-client --secret {src} < $O/token > $O/verify.out 2>&1; echo $? > $O/verify.rc
JWTADM_NOW={t0} $J secret rotate --secret {src} > $O/rotate.out 2> $O/rotate.err; echo $? > $O/rotate.rc
JWTADM_NOW={t1} $J token verify --aud exai-mcp-client --secret {src} < $O/token > $O/grace.out 2>&1; echo $? > $O/grace.rc
JWTADM_NOW={t2} $J token verify --aud exai-mcp-client --secret {src} < $O/token > $O/after.out 2>&1; echo $? > $O/after.rc
$J secret fingerprint --secret {src} --keyring-store keyutils > /dev/null 2> $O/other-store.err; echo $? > $O/other-store.rc
"#,
        bin = bin().display(),
        out = out_dir.display(),
        src = src,
        t0 = T0,
        t1 = T0 + 3_600,
        t2 = T0 + 15 * 86_400,
    );
    let status = Command::new("timeout")
        .args(["120", "dbus-run-session", "--", "bash", "-c", &script])
        .env("HOME", home.path())
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env_remove("JWT_SECRET_KEY")
        .output()
        .unwrap();
    let read = |f: &str| std::fs::read_to_string(out_dir.join(f)).unwrap_or_default();
    let rc = |f: &str| read(&format!("{f}.rc")).trim().to_string();
    if rc("gen") != "0" && read("gen.err").contains("not available") {
        return skip(
            "secret_service_round_trip_across_processes",
            read("gen.err").trim(),
        );
    }
    let context = format!(
        "dbus-run-session: {}\n{}",
        String::from_utf8_lossy(&status.stderr),
        read("gen.err")
    );
    assert_eq!(rc("gen"), "0", "{context}");
    let fp = read("fp.out");
    assert!(
        fp.starts_with("sha256:") && read("gen.out").contains(fp.trim()),
        "{context}\n{fp}"
    );
    assert_eq!(rc("issue"), "0", "{}", read("issue.err"));
    assert_eq!(rc("verify"), "0", "{}", read("verify.out"));
    assert_eq!(rc("rotate"), "0", "{}", read("rotate.err"));
    assert!(
        read("rotate.out").contains(&format!("previous secret: {}", fp.trim())),
        "{}",
        read("rotate.out")
    );
    assert_eq!(rc("grace"), "0", "{}", read("grace.out"));
    assert_eq!(rc("after"), "1", "{}", read("after.out"));
    // Another store does not hold it, and jwtadm does not fall back to the one that does.
    assert_eq!(rc("other-store"), "4", "{}", read("other-store.err"));
    // Items are kept in the keyring's file, not in the clear.
    let keyrings = home.path().join(".local/share/keyrings");
    assert!(keyrings.exists(), "gnome-keyring kept nothing on disk");
    let _ = Path::new(&keyrings);
}

#[test]
fn no_session_bus_is_exit_4_naming_the_store() {
    let out = jwtadm()
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/jwtadm-test-bus",
        )
        .args([
            "secret",
            "fingerprint",
            "--secret",
            "keyring:jwtadm/none",
            "--keyring-store",
            "secret-service",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("Secret Service") && err.contains("hint:"),
        "{err}"
    );
    assert!(
        err.contains("keyutils"),
        "the hint names the headless alternative: {err}"
    );
}

/// A private key kept in the kernel keyring: made by one process, signed with by another,
/// its public half read by a third.
#[test]
fn a_private_key_in_the_keyring_signs_and_publishes() {
    let svc = service();
    let src = format!("keyring:{svc}/signing-key");
    let ks = ["--keyring-store", "keyutils"];
    let out = jwtadm()
        .args(["-o", "json", "key", "gen", "--alg", "EdDSA", "--to", &src])
        .args(ks)
        .output()
        .unwrap();
    if !out.status.success() {
        let err = stderr(&out);
        if err.contains("not available") || err.contains("cannot be reached") {
            return skip(
                "a_private_key_in_the_keyring_signs_and_publishes",
                err.trim(),
            );
        }
        panic!("key gen --to keyring failed: {err}");
    }
    let kid = json(&out)["kid"].as_str().unwrap().to_string();
    let token = jwtadm()
        .args([
            "token", "issue", "--sub", "ci", "--aud", "exai", "--key", &src,
        ])
        .args(ks)
        .output()
        .unwrap();
    assert!(token.status.success(), "{}", stderr(&token));
    let token = stdout(&token).trim().to_string();
    let out = jwtadm()
        .args(["token", "verify", "--aud", "exai", "--key", &src, &token])
        .args(ks)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stdout(&out));
    let out = jwtadm()
        .args(["-o", "json", "key", "jwks", "--key", &src])
        .args(ks)
        .output()
        .unwrap();
    assert_eq!(json(&out)["keys"][0]["kid"], kid.as_str());
    // Never over the key without --force.
    let out = jwtadm()
        .args(["key", "gen", "--alg", "EdDSA", "--to", &src])
        .args(ks)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
}
