//! Shared helpers for the end-to-end tests.
#![allow(dead_code)]

use std::path::Path;

/// A fixed clock: the seeds' tokens were issued at this instant (2025-11-02T23:11:13Z).
pub const NOW: &str = "1762125073";
/// A 43-character secret used as UTF-8 bytes, as the seeds' server uses its JWT_SECRET_KEY.
pub const SECRET: &str = "7xDAibhd1vBRKRdNahRpT713a74Q2_UXt-BPW3MTu80";
/// The seeds' token for vscode1, signed with SECRET (iat 1762125073, exp 1793661073).
pub const SEED_TOKEN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ2c2NvZGUxQGV4YWktbWNwLmxvY2FsIiwiaXNzIjoiZXhhaS1tY3Atc2VydmVyIiwiYXVkIjoiZXhhaS1tY3AtY2xpZW50IiwiaWF0IjoxNzYyMTI1MDczLCJleHAiOjE3OTM2NjEwNzN9.ykhiz2bjw3GEXnAif_2CedGQqb2an4Qr0mmuIMsBZ3U";

/// `jwtadm` with a clean environment: a fixed clock, the seeds' secret in JWT_SECRET_KEY, no
/// colour, no terminal width.
pub fn jwtadm() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("jwtadm").unwrap();
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("JWTADM_NOW", NOW)
        .env("JWT_SECRET_KEY", SECRET);
    cmd
}

pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

pub fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", stdout(out)))
}

/// The detail of check `check` (`"signature"`, `"exp"`, …) in a `-o json` verify report.
pub fn check_detail(out: &std::process::Output, check: &str) -> String {
    json(out)["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == check)
        .unwrap()["detail"]
        .as_str()
        .unwrap()
        .to_string()
}

#[cfg(unix)]
pub fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// SHA-256 of every file under `dir`, to prove a failed run changed nothing.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let p = e.path();
            if e.file_type().unwrap().is_dir() {
                stack.push(p);
            } else {
                out.push((
                    p.display().to_string(),
                    std::fs::read(&p).unwrap_or_default(),
                ));
            }
        }
    }
    out.sort();
    out
}
