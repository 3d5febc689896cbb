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
/// colour, no terminal width, and this test's own state folder ([`state_home`]).
pub fn jwtadm() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("jwtadm").unwrap();
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("JWTADM_NOW", NOW)
        .env("JWT_SECRET_KEY", SECRET)
        .env("XDG_STATE_HOME", state_home());
    cmd
}

thread_local! {
    static STATE_HOME: tempfile::TempDir = tempfile::Builder::new()
        .prefix("jwtadm-state-")
        .tempdir()
        .unwrap();
}

/// The `XDG_STATE_HOME` of this test's jwtadm runs: a folder of the test's own (one per test
/// thread, removed when the test ends), so that one test's leftover crash journal is never
/// found, and "recovered", by another test's run. Every command a test starts shares it, so a
/// run killed in a test is recovered by that test's next command.
pub fn state_home() -> std::path::PathBuf {
    STATE_HOME.with(|d| d.path().to_path_buf())
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

/// Write `text` to `path` as a private key or secret file: created, then made 0600 (jwtadm
/// refuses a private key that group or others can read).
pub fn write_private(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
    #[cfg(unix)]
    chmod(path, 0o600);
}

/// Write `text` to `path` readable by everyone (0644): a public key or JWKS, which is no secret.
pub fn write_public(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
    #[cfg(unix)]
    chmod(path, 0o644);
}

/// A plain HTTP/1.1 server on 127.0.0.1 (a free port) that answers every request with `body`
/// (200, `application/json`, `Connection: close`) and records each request line. It serves at
/// most [`LoopbackServer::MAX_REQUESTS`] requests, each read and answered within 10 s, and stops
/// when dropped.
pub struct LoopbackServer {
    addr: std::net::SocketAddr,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    requests: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl LoopbackServer {
    pub const MAX_REQUESTS: usize = 100;

    pub fn serve(body: &str) -> LoopbackServer {
        use std::io::{BufRead as _, BufReader, Write as _};
        use std::sync::atomic::Ordering;
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let requests = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let body = body.to_string();
        let thread = {
            let (stop, requests) = (stop.clone(), requests.clone());
            std::thread::spawn(move || {
                for _ in 0..Self::MAX_REQUESTS {
                    let Ok((stream, _)) = listener.accept() else {
                        return;
                    };
                    if stop.load(Ordering::SeqCst) {
                        return;
                    }
                    let timeout = Some(std::time::Duration::from_secs(10));
                    let _ = stream.set_read_timeout(timeout);
                    let _ = stream.set_write_timeout(timeout);
                    let mut reader = BufReader::new(&stream);
                    let mut line = String::new();
                    if reader.read_line(&mut line).is_err() {
                        continue;
                    }
                    // The rest of the head, up to the blank line.
                    let mut header = String::new();
                    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                        header.clear();
                    }
                    requests.lock().unwrap().push(line.trim_end().to_string());
                    let mut stream = &stream;
                    let _ = write!(
                        stream,
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = stream.flush();
                }
            })
        };
        LoopbackServer {
            addr,
            stop,
            requests,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT` and `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The request lines served so far, e.g. `GET /jwks.json HTTP/1.1`.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for LoopbackServer {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        // Wake the accept; the thread sees `stop` and returns.
        let _ = std::net::TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
