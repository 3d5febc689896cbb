//! Hostile inputs: malformed and forged tokens, broken rosters, broken config files, bad secrets
//! and bad `token issue` options. Every case states its exit code and a fragment of the message
//! that says what and where. For every case the runner also checks that no file in the case's
//! folder changed (bytes and mode), that jwtadm did not panic (no "panicked", no exit 101), that
//! it ended within a few seconds, that no message cites a line or column 0, and that no secret
//! shows in the output. Each group runs all of its cases and reports every failing one at once.

use std::ffi::OsString;
use std::path::Path;

use crate::common::*;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

// ---------------------------------------------------------------------------------------------
// The table and its runner
// ---------------------------------------------------------------------------------------------

/// Where the expected message fragment must appear.
enum Want {
    /// In standard error.
    Stderr(String),
    /// In standard output.
    Stdout(String),
    /// In a `-o json` verify report: the check of this name failed, and its detail holds the
    /// fragment. The report's `exit_code` must be the case's too.
    Check(&'static str, String),
}

/// One hostile input and what jwtadm must do with it.
struct Case {
    name: String,
    /// Arguments; jwtadm runs in the case's folder, so relative paths are inside it.
    args: Vec<OsString>,
    /// Files made in the case's folder before the run: path, content, mode.
    files: Vec<(String, Vec<u8>, u32)>,
    /// Anything else to prepare (folders, links, permissions), given the case's folder.
    setup: Option<fn(&Path)>,
    stdin: Vec<u8>,
    /// Environment changes: a value to set, or `None` to remove the variable.
    env: Vec<(String, Option<OsString>)>,
    /// Run jwtadm as `nobody` (through setpriv) when the tests run as root.
    as_nobody: bool,
    expect_code: i32,
    fragment: Want,
    /// More fragments that standard output or standard error must hold.
    also: Vec<String>,
    /// Fragments that must appear in neither (a wrong statement of what is wrong).
    never: Vec<String>,
    /// Texts that must appear in neither standard output nor standard error.
    secrets: Vec<String>,
}

fn case(name: impl Into<String>, expect_code: i32, fragment: Want, args: &[&str]) -> Case {
    Case {
        name: name.into(),
        args: args.iter().map(OsString::from).collect(),
        files: Vec::new(),
        setup: None,
        stdin: Vec::new(),
        env: Vec::new(),
        as_nobody: false,
        expect_code,
        fragment,
        also: Vec::new(),
        never: Vec::new(),
        secrets: Vec::new(),
    }
}

impl Case {
    fn file(mut self, path: &str, content: impl AsRef<[u8]>) -> Self {
        self.files
            .push((path.to_string(), content.as_ref().to_vec(), 0o644));
        self
    }

    fn file_mode(mut self, path: &str, content: impl AsRef<[u8]>, mode: u32) -> Self {
        self.files
            .push((path.to_string(), content.as_ref().to_vec(), mode));
        self
    }

    fn setup(mut self, f: fn(&Path)) -> Self {
        self.setup = Some(f);
        self
    }

    fn stdin(mut self, bytes: impl AsRef<[u8]>) -> Self {
        self.stdin = bytes.as_ref().to_vec();
        self
    }

    fn env(mut self, key: &str, value: impl Into<OsString>) -> Self {
        self.env.push((key.to_string(), Some(value.into())));
        self
    }

    fn env_remove(mut self, key: &str) -> Self {
        self.env.push((key.to_string(), None));
        self
    }

    fn secret(mut self, secret: &str) -> Self {
        self.secrets.push(secret.to_string());
        self
    }

    fn also(mut self, fragment: &str) -> Self {
        self.also.push(fragment.to_string());
        self
    }

    fn never(mut self, fragment: &str) -> Self {
        self.never.push(fragment.to_string());
        self
    }

    fn run_as_nobody(mut self) -> Self {
        self.as_nobody = true;
        self
    }
}

fn stderr_has(s: impl Into<String>) -> Want {
    Want::Stderr(s.into())
}

fn stdout_has(s: impl Into<String>) -> Want {
    Want::Stdout(s.into())
}

fn check(name: &'static str, detail: impl Into<String>) -> Want {
    Want::Check(name, detail.into())
}

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// The command for `case`: jwtadm with the shared clean environment, or as `nobody` when root.
fn command(case: &Case, dir: &Path) -> assert_cmd::Command {
    let mut cmd = if case.as_nobody && is_root() {
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
    cmd.current_dir(dir);
    for (k, v) in &case.env {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    cmd.args(&case.args);
    cmd.write_stdin(case.stdin.clone());
    cmd.timeout(std::time::Duration::from_secs(HANG_SECS));
    cmd
}

/// Every case must end within this many seconds; the slowest takes well under one.
const MAX_SECS: f64 = 5.0;
/// A run still going after this long is killed, so a hang fails its case instead of the suite.
const HANG_SECS: u64 = 60;

fn shorten(s: &str) -> String {
    const MAX: usize = 1500;
    if s.len() <= MAX {
        return s.to_string();
    }
    let mut end = MAX;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes in all)", &s[..end], s.len())
}

/// Run one case; `Err` says everything that went wrong with it.
fn run_case(case: &Case) -> Result<(), String> {
    let base = tempfile::tempdir().unwrap();
    let dir = base.path();
    if case.as_nobody {
        chmod(dir, 0o755);
    }
    for (path, content, mode) in &case.files {
        let p = dir.join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, content).unwrap();
        chmod(&p, *mode);
    }
    if let Some(setup) = case.setup {
        setup(dir);
    }
    let before = tree(dir);
    let started = std::time::Instant::now();
    let out = command(case, dir).output().unwrap();
    let took = started.elapsed().as_secs_f64();
    let code = out.status.code();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    // Put write permission back so the folder can be looked at and removed.
    restore_folders(dir);
    let after = tree(dir);

    let mut problems = Vec::new();
    if stderr.contains("panicked") || code == Some(101) {
        problems.push("jwtadm PANICKED".to_string());
    }
    if code != Some(case.expect_code) {
        problems.push(format!("exit code {code:?}, expected {}", case.expect_code));
    }
    if took > MAX_SECS {
        problems.push(format!(
            "took {took:.1} s, over the {MAX_SECS} s any case may take"
        ));
    }
    // No message may point at a position that does not exist.
    if let Some(bad) = zero_position(&stdout).or_else(|| zero_position(&stderr)) {
        problems.push(format!(
            "the output cites a position that does not exist ({bad:?})"
        ));
    }
    for f in &case.also {
        if !stdout.contains(f.as_str()) && !stderr.contains(f.as_str()) {
            problems.push(format!("neither stdout nor stderr contains {f:?}"));
        }
    }
    for f in &case.never {
        if stdout.contains(f.as_str()) || stderr.contains(f.as_str()) {
            problems.push(format!("the output says {f:?}, which is wrong"));
        }
    }
    match &case.fragment {
        Want::Stderr(f) if !stderr.contains(f.as_str()) => {
            problems.push(format!("stderr does not contain {f:?}"))
        }
        Want::Stdout(f) if !stdout.contains(f.as_str()) => {
            problems.push(format!("stdout does not contain {f:?}"))
        }
        Want::Check(name, detail) => match serde_json::from_str::<serde_json::Value>(&stdout) {
            Err(e) => problems.push(format!(
                "stdout is not a JSON report ({e}); expected failed check {name} with {detail:?}"
            )),
            Ok(report) => {
                let failed = report["checks"].as_array().and_then(|checks| {
                    checks
                        .iter()
                        .find(|c| c["check"] == *name && c["ok"] == false)
                });
                match failed {
                    None => problems.push(format!("no failed check {name:?} in the report")),
                    Some(c) => {
                        let got = c["detail"].as_str().unwrap_or_default();
                        if !got.contains(detail.as_str()) {
                            problems.push(format!(
                                "check {name} says {got:?}, which does not contain {detail:?}"
                            ));
                        }
                    }
                }
                if report["exit_code"] != case.expect_code {
                    problems.push(format!(
                        "the report's exit_code is {}, expected {}",
                        report["exit_code"], case.expect_code
                    ));
                }
            }
        },
        _ => {}
    }
    if before != after {
        let names =
            |s: &[(String, u32, Vec<u8>)]| s.iter().map(|(n, _, _)| n.clone()).collect::<Vec<_>>();
        let changed: Vec<String> = before
            .iter()
            .filter(|b| !after.contains(b))
            .map(|(n, _, _)| format!("changed (bytes or mode) or removed: {n}"))
            .chain(
                names(&after)
                    .into_iter()
                    .filter(|n| !names(&before).contains(n))
                    .map(|n| format!("created: {n}")),
            )
            .collect();
        problems.push(format!("files changed: {}", changed.join(", ")));
    }
    for secret in &case.secrets {
        if stdout.contains(secret.as_str()) || stderr.contains(secret.as_str()) {
            problems.push(format!("the secret {secret:?} appears in the output"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}\n    args: {:?}\n    stdout: {}\n    stderr: {}",
            problems.join("; "),
            case.args,
            shorten(stdout.trim_end()),
            shorten(stderr.trim_end())
        ))
    }
}

/// A line or column 0 in a message (`file:0:0:`, `file:3:0:`, `line 0, column 0`): lines and
/// columns count from 1.
fn zero_position(text: &str) -> Option<String> {
    if let Some(i) = text.find("line 0,").or_else(|| text.find("column 0")) {
        return Some(text[i..].chars().take(20).collect());
    }
    // `NAME:LINE:COL:` with LINE or COL 0.
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(off) = text[i..].find(':') {
        let start = i + off + 1;
        let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
        let n1 = digits(start);
        if n1 > 0 && b.get(start + n1) == Some(&b':') {
            let n2 = digits(start + n1 + 1);
            let end = start + n1 + 1 + n2;
            if n2 > 0 && b.get(end) == Some(&b':') {
                let (line, col) = (&text[start..start + n1], &text[start + n1 + 1..end]);
                if line == "0" || col == "0" {
                    return Some(format!(":{line}:{col}:"));
                }
            }
        }
        i = start;
    }
    None
}

/// Every file under `dir` with its mode and bytes: common's [`snapshot`] and the modes, but
/// with special files named without being opened (reading a FIFO would wait forever) and links
/// recorded as links, not followed.
fn tree(dir: &Path) -> Vec<(String, u32, Vec<u8>)> {
    use std::os::unix::fs::PermissionsExt;
    let mut all = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let meta = std::fs::symlink_metadata(&p).unwrap();
            let content = if meta.is_dir() {
                stack.push(p);
                continue;
            } else if meta.is_symlink() {
                format!("(link to {})", std::fs::read_link(&p).unwrap().display()).into_bytes()
            } else if meta.is_file() {
                std::fs::read(&p).unwrap()
            } else {
                b"(special file)".to_vec()
            };
            let mode = meta.permissions().mode() & 0o7777;
            all.push((p.display().to_string(), mode, content));
        }
    }
    all.sort();
    all
}

fn restore_folders(dir: &Path) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(meta) = std::fs::symlink_metadata(&d) else {
            continue;
        };
        if !meta.is_dir() {
            continue;
        }
        chmod(&d, 0o755);
        if let Ok(entries) = std::fs::read_dir(&d) {
            stack.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()));
        }
    }
}

/// Run every case of a group, then fail once, listing every case that failed.
fn run_group(group: &str, cases: Vec<Case>) {
    let mut names = std::collections::HashSet::new();
    for c in &cases {
        assert!(
            names.insert(&c.name),
            "two {group} cases are named {:?}",
            c.name
        );
    }
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| run_case(c).err().map(|why| format!("[{}] {why}", c.name)))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} {group} cases failed:\n\n{}\n",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Tokens built by hand
// ---------------------------------------------------------------------------------------------

const HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;
/// Valid at NOW: issued then, expires a year later.
const PAYLOAD: &str = r#"{"sub":"vscode1@exai-mcp.local","iss":"exai-mcp-server","aud":"exai-mcp-client","iat":1762125073,"exp":1793661073}"#;

fn b64(bytes: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The HS256 signature of `input` with `key`, base64url.
fn hs256(input: &str, key: &[u8]) -> String {
    let key = jsonwebtoken::EncodingKey::from_secret(key);
    jsonwebtoken::crypto::sign(input.as_bytes(), &key, jsonwebtoken::Algorithm::HS256).unwrap()
}

/// A token with exactly these header and payload bytes, signed with SECRET.
fn signed(header: impl AsRef<[u8]>, payload: impl AsRef<[u8]>) -> String {
    signed_with(header, payload, SECRET.as_bytes())
}

fn signed_with(header: impl AsRef<[u8]>, payload: impl AsRef<[u8]>, key: &[u8]) -> String {
    let input = format!("{}.{}", b64(header), b64(payload));
    let sig = hs256(&input, key);
    format!("{input}.{sig}")
}

/// A payload that is PAYLOAD with `extra` claims added or replaced (as raw JSON members).
fn payload_with(extra: &str) -> String {
    let mut v: serde_json::Map<String, serde_json::Value> = serde_json::from_str(PAYLOAD).unwrap();
    let add: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&format!("{{{extra}}}")).unwrap();
    v.extend(add);
    serde_json::to_string(&v).unwrap()
}

/// A good token whose `segment` (0, 1, 2) has the low bit of decoded byte `at` flipped.
fn flipped(header: &str, payload: &str, segment: usize, at: usize) -> String {
    let good = signed(header, payload);
    let mut parts: Vec<String> = good.split('.').map(str::to_string).collect();
    let mut bytes = URL_SAFE_NO_PAD.decode(&parts[segment]).unwrap();
    bytes[at] ^= 1;
    parts[segment] = b64(bytes);
    parts.join(".")
}

const VERIFY: [&str; 4] = ["--aud", "exai-mcp-client", "--iss", "exai-mcp-server"];

/// `token verify` of `token` with the expected audience and issuer, as JSON.
fn verify(name: &str, token: &str, code: i32, fragment: Want) -> Case {
    let mut args = vec!["-o", "json", "token", "verify", token];
    args.extend(VERIFY);
    case(format!("verify: {name}"), code, fragment, &args)
}

/// `token inspect` of `token`, as JSON.
fn inspect(name: &str, token: &str, code: i32, fragment: Want) -> Case {
    case(
        format!("inspect: {name}"),
        code,
        fragment,
        &["-o", "json", "token", "inspect", token],
    )
}

/// The same malformed token through both `verify` and `inspect`: exit 1 and the same message.
fn malformed(name: &str, token: &str, fragment: &str) -> [Case; 2] {
    [
        verify(name, token, 1, stderr_has(fragment)),
        inspect(name, token, 1, stderr_has(fragment)),
    ]
}

#[test]
fn hostile_tokens() {
    let good = signed(HEADER, PAYLOAD);
    let [h, p, s] = [0, 1, 2].map(|i| good.split('.').nth(i).unwrap().to_string());
    let mut cases: Vec<Case> = Vec::new();

    // The control: the untouched token is valid, so each case below fails for its own reason.
    cases.push(verify(
        "the good token",
        &good,
        0,
        stdout_has("\"valid\": true"),
    ));

    // Segments.
    cases.extend(malformed("1 segment", &h, "this one has 1"));
    cases.extend(malformed(
        "2 segments",
        &format!("{h}.{p}"),
        "this one has 2",
    ));
    cases.extend(malformed(
        "4 segments",
        &format!("{good}.{s}"),
        "this one has 4",
    ));
    cases.extend(malformed(
        "5 segments",
        &format!("{h}.{p}.{s}.{s}.{s}"),
        "encrypted JWE",
    ));
    cases.extend(malformed("empty token", "", "the token is empty"));
    cases.extend(malformed("only dots", "..", "the header segment is empty"));
    cases.extend(malformed("only dots, 4 segments", "...", "this one has 4"));
    cases.extend(malformed(
        "empty payload",
        &format!("{h}..{s}"),
        "the payload segment is empty",
    ));

    // Characters outside unpadded base64url, with the position given.
    let pad = format!("{h}=.{p}.{s}");
    let at = h.len() + 1;
    cases.extend(malformed(
        "= padding",
        &pad,
        &format!("the header segment is not unpadded base64url: character {at} of the token is padding `=`"),
    ));
    let at = h.len() + 1 + 5;
    cases.extend(malformed(
        "+ in the payload",
        &format!("{h}.{}+{}.{s}", &p[..4], &p[4..]),
        &format!("the payload segment is not unpadded base64url: character {at} of the token is `+`, which is standard base64"),
    ));
    cases.extend(malformed(
        "/ in the signature",
        &format!("{h}.{p}.{}/{}", &s[..4], &s[4..]),
        "the signature segment is not unpadded base64url",
    ));
    cases.extend(malformed(
        "a space inside the payload",
        &format!("{h}.{} {}.{s}", &p[..4], &p[4..]),
        "white-space or control character (U+0020)",
    ));
    cases.extend(malformed(
        "* in the header",
        &format!("{}*{}.{p}.{s}", &h[..3], &h[3..]),
        "character 4 of the token is `*`",
    ));
    cases.extend(malformed(
        "non-ASCII in the header",
        &format!("{}é{}.{p}.{s}", &h[..3], &h[3..]),
        "character 4 of the token is `é`",
    ));
    // A NUL cannot be in an argument: it comes on standard input.
    let nul = format!("{h}.{}\u{0}{}.{s}", &p[..4], &p[4..]);
    let mut args = vec!["token", "verify", "-"];
    args.extend(VERIFY);
    for (cmd, args) in [("verify", args), ("inspect", vec!["token", "inspect", "-"])] {
        cases.push(
            case(
                format!("{cmd}: a NUL in the payload"),
                1,
                stderr_has("control character (U+0000)"),
                &args,
            )
            .stdin(&nul),
        );
    }
    cases.extend(malformed(
        "impossible base64url length",
        &format!("{h}.{}.{s}", &p[..p.len() / 4 * 4 - 3]),
        "is not a possible base64url length",
    ));

    // Decoded segments that are not UTF-8, not JSON or not an object.
    cases.extend(malformed(
        "invalid UTF-8 in the header",
        &signed(b"{\"alg\":\"HS256\xff\"}", PAYLOAD),
        "the header is not UTF-8: byte 14 of the decoded header is 0xff",
    ));
    cases.extend(malformed(
        "invalid UTF-8 in the payload",
        &signed(HEADER, b"{\"sub\":\"\xc3\x28\"}"),
        "the payload is not UTF-8: byte 9 of the decoded payload is 0xc3",
    ));
    cases.extend(malformed(
        "header not JSON",
        &signed("{alg: HS256}", PAYLOAD),
        "the header is not JSON",
    ));
    cases.extend(malformed(
        "payload not JSON",
        &signed(HEADER, r#"{"sub":"a","#),
        "the payload is not JSON",
    ));
    cases.extend(malformed(
        "payload is JSON with trailing garbage",
        &signed(HEADER, r#"{"sub":"a"} x"#),
        "the payload is not JSON",
    ));
    for (json, kind) in [
        ("[\"HS256\"]", "an array"),
        ("\"HS256\"", "a string"),
        ("256", "a number"),
        ("null", "null"),
    ] {
        cases.extend(malformed(
            &format!("header is {kind}"),
            &signed(json, PAYLOAD),
            &format!("the header is JSON but not an object: it is {kind}"),
        ));
        cases.extend(malformed(
            &format!("payload is {kind}"),
            &signed(HEADER, json),
            &format!("the payload is JSON but not an object: it is {kind}"),
        ));
    }
    cases.extend(malformed(
        "deeply nested header",
        &signed(
            format!(
                r#"{{"alg":"HS256","x":{}{}}}"#,
                "[".repeat(5000),
                "]".repeat(5000)
            ),
            PAYLOAD,
        ),
        "the header is not JSON: recursion limit exceeded",
    ));
    cases.extend(malformed(
        "duplicate claim in the payload",
        &signed(
            HEADER,
            r#"{"sub":"vscode1@exai-mcp.local","sub":"admin@exai-mcp.local","exp":1793661073}"#,
        ),
        "the payload is ambiguous: member \"sub\" appears twice",
    ));
    cases.extend(malformed(
        "duplicate alg in the header",
        &signed(r#"{"alg":"none","alg":"HS256"}"#, PAYLOAD),
        "the header is ambiguous: member \"alg\" appears twice",
    ));

    // Algorithms.
    for alg in ["none", "None", "NONE"] {
        let header = format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#);
        let with_sig = signed(&header, PAYLOAD);
        let unsigned = format!("{}.{}.", b64(&header), b64(PAYLOAD));
        for (how, token) in [("signed", &with_sig), ("unsigned", &unsigned)] {
            cases.push(verify(
                &format!("alg {alg}, {how}"),
                token,
                1,
                check("algorithm", "an unsigned token is never accepted"),
            ));
        }
        cases.push(inspect(
            &format!("alg {alg}, unsigned"),
            &unsigned,
            0,
            stdout_has("alg is none: the token is unsigned"),
        ));
    }
    for alg in ["hs256", "HS384", "RS256", "ES256"] {
        cases.push(verify(
            &format!("alg {alg} under the default allow-list"),
            &signed(format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#), PAYLOAD),
            1,
            check(
                "algorithm",
                format!("alg \"{alg}\" is not allowed (allowed: HS256"),
            ),
        ));
    }
    cases.push(verify(
        "no alg",
        &signed(r#"{"typ":"JWT"}"#, PAYLOAD),
        1,
        check("algorithm", "the header has no alg"),
    ));
    cases.push(inspect(
        "no alg",
        &signed(r#"{"typ":"JWT"}"#, PAYLOAD),
        0,
        stdout_has("the header has no alg"),
    ));
    for (what, alg) in [
        ("a number", "256"),
        ("null", "null"),
        ("an array", "[\"HS256\"]"),
    ] {
        cases.push(verify(
            &format!("alg is {what}"),
            &signed(format!(r#"{{"alg":{alg}}}"#), PAYLOAD),
            1,
            check(
                "algorithm",
                format!("alg must be a string, but it is {what}"),
            ),
        ));
    }

    // Header parameters.
    cases.push(verify(
        "unknown crit",
        &signed(r#"{"alg":"HS256","crit":["b64x"],"b64x":true}"#, PAYLOAD),
        1,
        check(
            "crit",
            "extensions jwtadm does not understand as critical: b64x",
        ),
    ));
    cases.push(verify(
        "empty crit",
        &signed(r#"{"alg":"HS256","crit":[]}"#, PAYLOAD),
        1,
        check("crit", "crit must be a non-empty array of names"),
    ));
    cases.push(verify(
        "crit is a string",
        &signed(r#"{"alg":"HS256","crit":"exp"}"#, PAYLOAD),
        1,
        check("crit", "crit must be a non-empty array of names"),
    ));
    cases.push(verify(
        "typ JWS",
        &signed(r#"{"alg":"HS256","typ":"JWS"}"#, PAYLOAD),
        1,
        check("typ", "typ is \"JWS\", not JWT"),
    ));
    cases.push(verify(
        "typ is a number",
        &signed(r#"{"alg":"HS256","typ":1}"#, PAYLOAD),
        1,
        check("typ", "typ must be a string, but it is a number"),
    ));

    // Time claims of the wrong type, or far out.
    for (claim, value) in [("exp", "\"1793661073\""), ("nbf", "\"1762125073\"")] {
        let token = signed(HEADER, payload_with(&format!("\"{claim}\":{value}")));
        cases.push(verify(
            &format!("{claim} as a string"),
            &token,
            1,
            check(
                claim,
                format!("{claim} must be a number (NumericDate), but it is a string"),
            ),
        ));
    }
    cases.push(inspect(
        "exp as a string",
        &signed(HEADER, payload_with("\"exp\":\"1793661073\"")),
        0,
        stdout_has("\"state\": \"invalid_exp\""),
    ));
    // Any number is a NumericDate (RFC 7519 §2), however far: never an overflow, never "valid"
    // for a date long past.
    for (what, value) in [
        ("1e300", "1e300"),
        ("a huge integer", "18446744073709551616"),
    ] {
        let token = signed(HEADER, payload_with(&format!("\"exp\":{value}")));
        cases.push(verify(
            &format!("exp {what}"),
            &token,
            0,
            stdout_has("expires far in the future (after the year 9999)"),
        ));
        cases.push(inspect(
            &format!("exp {what}"),
            &token,
            0,
            stdout_has("\"state\": \"valid\""),
        ));
    }
    for (what, value) in [("-1e300", "-1e300"), ("i64::MIN", "-9223372036854775808")] {
        let token = signed(HEADER, payload_with(&format!("\"exp\":{value}")));
        cases.push(verify(
            &format!("exp {what}"),
            &token,
            3,
            check("exp", "expired far in the past (before the year 0)"),
        ));
        cases.push(inspect(
            &format!("exp {what}"),
            &token,
            0,
            stdout_has("\"state\": \"expired\""),
        ));
    }
    cases.push(verify(
        "nbf -1e300",
        &signed(HEADER, payload_with("\"nbf\":-1e300")),
        0,
        stdout_has("valid since before the year 0"),
    ));
    cases.push(inspect(
        "iat -1e300 under a far exp",
        &signed(HEADER, payload_with("\"iat\":-1e300,\"exp\":1e300")),
        0,
        stdout_has("\"state\": \"valid\""),
    ));
    cases.push(verify(
        "a future iat",
        &signed(HEADER, payload_with("\"iat\":1762128673")),
        3,
        check("iat", "issued in the future"),
    ));
    cases.push(verify(
        "a future nbf",
        &signed(HEADER, payload_with("\"nbf\":1762128673")),
        3,
        check("nbf", "not valid until 2025-11-03T00:11:13Z"),
    ));

    // iss and aud of the wrong type.
    for (what, value, fragment) in [
        (
            "a number",
            "5",
            "aud must be a string or an array of strings, but it is a number",
        ),
        (
            "an object",
            "{\"a\":1}",
            "aud must be a string or an array of strings, but it is an object",
        ),
        (
            "an array with a number",
            "[\"exai-mcp-client\",5]",
            "aud must hold strings, but it holds a number",
        ),
    ] {
        cases.push(verify(
            &format!("aud is {what}"),
            &signed(HEADER, payload_with(&format!("\"aud\":{value}"))),
            1,
            check("aud", fragment),
        ));
    }
    cases.push(verify(
        "iss is a number",
        &signed(HEADER, payload_with("\"iss\":5")),
        1,
        check("iss", "iss must be a string, but it is a number"),
    ));
    cases.push(verify(
        "sub is an object",
        &signed(HEADER, payload_with("\"sub\":{\"admin\":true}")),
        1,
        check("claim types", "sub is an object"),
    ));

    // quota.
    for (what, value, fragment) in [
        ("0", "0", "quota exhausted (0)"),
        ("negative", "-5", "quota exhausted (-5)"),
        (
            "a string",
            "\"100\"",
            "quota must be a number, but it is a string",
        ),
    ] {
        cases.push(verify(
            &format!("quota {what}"),
            &signed(HEADER, payload_with(&format!("\"quota\":{value}"))),
            1,
            check("quota", fragment),
        ));
    }

    // Signatures: truncated, flipped bits.
    cases.push(verify(
        "signature 3 bytes short",
        &good[..good.len() - 4],
        1,
        check("signature", "the signature does not match secret sha256:"),
    ));
    cases.extend(malformed(
        "signature 1 character short",
        &good[..good.len() - 1],
        "the signature segment is not valid base64url",
    ));
    cases.push(verify(
        "empty signature",
        &format!("{h}.{p}."),
        1,
        check("signature", "the signature does not match"),
    ));
    let kid_header = r#"{"alg":"HS256","typ":"JWT","kid":"a"}"#;
    cases.push(verify(
        "a flipped bit in the header",
        &flipped(
            kid_header,
            PAYLOAD,
            0,
            kid_header.find("\"a\"").unwrap() + 1,
        ),
        1,
        check("signature", "the signature does not match"),
    ));
    cases.push(verify(
        "a flipped bit in the payload",
        &flipped(HEADER, PAYLOAD, 1, PAYLOAD.find("vscode1").unwrap() + 6),
        1,
        check("signature", "the signature does not match"),
    ));
    cases.push(verify(
        "a flipped bit in the signature",
        &flipped(HEADER, PAYLOAD, 2, 0),
        1,
        check("signature", "the signature does not match"),
    ));
    cases.push(verify(
        "signed with another key",
        &signed_with(HEADER, PAYLOAD, b"another-secret-of-32-bytes-or-more!!"),
        1,
        check("signature", "the signature does not match"),
    ));

    // A 100 kB header: too long for one argument, so it comes on standard input.
    let big = signed(
        format!(
            r#"{{"alg":"HS256","typ":"JWT","x":"{}"}}"#,
            "a".repeat(100_000)
        ),
        PAYLOAD,
    );
    let mut args = vec!["-o", "json", "token", "verify", "-"];
    args.extend(VERIFY);
    cases.push(
        case(
            "verify: a 100 kB header",
            0,
            stdout_has("\"valid\": true"),
            &args,
        )
        .stdin(&big),
    );
    cases.push(
        case(
            "inspect: a 100 kB header",
            0,
            stdout_has("\"state\": \"valid\""),
            &["-o", "json", "token", "inspect", "-"],
        )
        .stdin(&big),
    );
    let big_bad = signed(
        format!(r#"{{"alg":"none","x":"{}"}}"#, "a".repeat(100_000)),
        PAYLOAD,
    );
    cases.push(
        case(
            "verify: a 100 kB header with alg none",
            1,
            check("algorithm", "never accepted"),
            &args,
        )
        .stdin(&big_bad),
    );
    cases.push(
        case(
            "verify: only white space on standard input",
            1,
            stderr_has("the token is empty"),
            &["token", "verify", "-"],
        )
        .stdin(" \n\t\n"),
    );
    cases.push(
        case(
            "inspect: a bare Bearer on standard input",
            1,
            stderr_has("this one has 1"),
            &["token", "inspect"],
        )
        .stdin("Bearer \n"),
    );

    // refresh takes its lifetime from exp - iat: numbers at the edge of i64 must not overflow.
    for (what, claims) in [
        (
            "exp i64::MAX, iat -1",
            r#"{"sub":"a","iat":-1,"exp":9223372036854775807}"#,
        ),
        (
            "exp i64::MAX, iat 1",
            r#"{"sub":"a","iat":1,"exp":9223372036854775807}"#,
        ),
    ] {
        cases.push(case(
            format!("refresh: {what}"),
            2,
            stderr_has("--expires"),
            &["token", "refresh", &signed(HEADER, claims)],
        ));
    }

    run_group("token", cases);
}

// ---------------------------------------------------------------------------------------------
// Rosters
// ---------------------------------------------------------------------------------------------

/// A config file holding the seeds' token for server exai-mcp, the token on line 6.
fn mcp_json(value: &str) -> String {
    format!(
        "{{\n  \"mcpServers\": {{\n    \"exai-mcp\": {{\n      \"command\": \"python\",\n      \"env\": {{\n        \"EXAI_JWT_TOKEN\": {value}\n      }}\n    }}\n  }}\n}}\n"
    )
}

fn good_mcp_json() -> String {
    mcp_json(&format!("\"{SEED_TOKEN}\""))
}

/// Lines 1-4.
const DEFAULTS: &str = "[defaults]\nissuer = \"exai-mcp-server\"\naudience = \"exai-mcp-client\"\nexpires = \"365d\"\n";
/// Lines 5-8 after DEFAULTS.
const VSCODE1: &str =
    "[[clients]]\nname = \"vscode1\"\nsub = \"vscode1@exai-mcp.local\"\nconfigs = [\"mcp.json\"]\n";

/// The same broken roster through `issue-all --patch` and `status`.
fn roster(name: &str, text: impl AsRef<[u8]>, code: i32, fragment: &str) -> [Case; 2] {
    roster_each(
        name,
        text,
        (code, stderr_has(fragment)),
        (code, stderr_has(fragment)),
    )
}

fn roster_each(
    name: &str,
    text: impl AsRef<[u8]>,
    issue: (i32, Want),
    status: (i32, Want),
) -> [Case; 2] {
    let text = text.as_ref();
    let with_files = |c: Case| {
        c.file("clients.toml", text)
            .file("mcp.json", good_mcp_json())
            .file(".env", format!("EXAI_JWT_TOKEN_VSCODE1={SEED_TOKEN}\n"))
    };
    [
        with_files(case(
            format!("issue-all --patch: {name}"),
            issue.0,
            issue.1,
            &["token", "issue-all", "--patch", "clients.toml"],
        )),
        with_files(case(
            format!("status: {name}"),
            status.0,
            status.1,
            &["-o", "json", "token", "status", "clients.toml"],
        )),
    ]
}

#[test]
fn hostile_rosters() {
    let mut cases: Vec<Case> = Vec::new();
    let ok = format!("{DEFAULTS}{VSCODE1}");

    // The control: the roster itself is good (issue-all --patch would write, so only status).
    let [_, control] = roster_each(
        "the good roster (control)",
        &ok,
        (0, stdout_has("1 token issued")),
        (0, stdout_has("\"state\": \"ok\"")),
    );
    cases.push(control);

    cases.extend(roster(
        "not TOML",
        format!("{DEFAULTS}[[clients]\nname = \"vscode1\"\n"),
        4,
        "clients.toml:5:",
    ));
    cases.extend(roster(
        "a string never closed",
        format!("{DEFAULTS}[[clients]]\nname = \"vscode1\nsub = \"a\"\n"),
        4,
        "clients.toml:6:",
    ));
    cases.extend(roster(
        "binary garbage",
        b"\xff\xfe\x00[[clients]]\n",
        4,
        "clients.toml: not valid UTF-8 text",
    ));
    cases.extend(roster(
        "empty",
        "",
        4,
        "clients.toml: the roster has no [[clients]]",
    ));
    cases.extend(roster(
        "missing name",
        format!("{DEFAULTS}[[clients]]\nsub = \"vscode1@exai-mcp.local\"\n"),
        4,
        "clients.toml:5:1: missing field `name`",
    ));
    cases.extend(roster(
        "missing sub",
        format!("{DEFAULTS}[[clients]]\nname = \"vscode1\"\n"),
        4,
        "clients.toml:5:1: missing field `sub`",
    ));
    cases.extend(roster(
        "empty name",
        format!("{DEFAULTS}[[clients]]\nname = \"\"\nsub = \"a@b\"\n"),
        4,
        "clients.toml:6:8: clients.name is empty",
    ));
    cases.extend(roster(
        "duplicate name",
        format!("{ok}[[clients]]\nname = \"vscode1\"\nsub = \"other@exai-mcp.local\"\n"),
        4,
        "clients.toml:10:8: name \"vscode1\" is used by another client (line 6)",
    ));
    cases.extend(roster(
        "duplicate sub",
        format!("{ok}[[clients]]\nname = \"other\"\nsub = \"vscode1@exai-mcp.local\"\n"),
        4,
        "clients.toml:11:7: sub \"vscode1@exai-mcp.local\" is used by another client (line 7)",
    ));
    cases.extend(roster(
        "unknown top-level key",
        format!("colour = \"red\"\n{ok}"),
        4,
        "clients.toml:1:1: unknown field `colour`",
    ));
    cases.extend(roster(
        "unknown client key",
        format!("{ok}expiry = \"90d\"\n"),
        4,
        "clients.toml:9:1: unknown field `expiry`",
    ));
    cases.extend(roster(
        "unknown key in a config entry",
        format!(
            "{DEFAULTS}[[clients]]\nname = \"vscode1\"\nsub = \"v@x\"\nconfigs = [{{ path = \"mcp.json\", srever = \"exai-mcp\" }}]\n"
        ),
        4,
        "clients.toml:8:33: unknown field `srever`",
    ));
    cases.extend(roster(
        "dotenv entry without a key",
        format!("{ok}dotenv = {{ path = \".env\" }}\n"),
        4,
        "clients.toml:9:10: missing field `key`",
    ));
    cases.extend(roster(
        "bad duration",
        format!("{ok}expires = \"soon\"\n"),
        4,
        "clients.toml:9:11: expires: `soon` is not a duration",
    ));
    cases.extend(roster(
        "negative lifetime",
        format!("{ok}expires = \"-5d\"\n"),
        4,
        "clients.toml:9:11: expires: `-5d` is not a duration",
    ));
    cases.extend(roster(
        "zero lifetime",
        format!("{ok}expires = \"0d\"\n"),
        4,
        "clients.toml:9:11: expires: a token's lifetime must be more than zero",
    ));
    cases.extend(roster(
        "zero default lifetime",
        "[defaults]\nexpires = \"0s\"\n[[clients]]\nname = \"a\"\nsub = \"a@b\"\n",
        4,
        "clients.toml:2:11: defaults.expires: a token's lifetime must be more than zero",
    ));
    cases.extend(roster(
        "a lifetime past year 9999",
        format!("{ok}expires = \"292000000000y\"\n"),
        4,
        "clients.toml:9:11: expires: `292000000000y` is too long a duration",
    ));
    cases.extend(roster(
        "algorithm none",
        format!("{ok}algorithm = \"none\"\n"),
        4,
        "clients.toml:9:13: algorithm: `none` is not an algorithm",
    ));
    cases.extend(roster(
        "algorithm hs256",
        format!("[defaults]\nalgorithm = \"hs256\"\n{VSCODE1}"),
        4,
        "clients.toml:2:13: algorithm: `hs256` is not an algorithm",
    ));
    cases.extend(roster(
        "unknown secret scheme",
        format!("{DEFAULTS}[secret]\nsource = \"vault:prod/jwt\"\n{VSCODE1}"),
        4,
        "clients.toml:6:10: secret.source: unknown secret scheme (expected env:",
    ));
    cases.extend(roster(
        "unknown secret encoding",
        format!("{DEFAULTS}[secret]\nencoding = \"rot13\"\n{VSCODE1}"),
        4,
        "clients.toml:6:12: secret.encoding: unknown encoding `rot13`",
    ));
    cases.extend(roster(
        "a keyring store for an env secret",
        format!("{DEFAULTS}[secret]\nkeyring_store = \"keyutils\"\n{VSCODE1}"),
        4,
        "clients.toml:6:17: secret.keyring_store:",
    ));
    cases.extend(roster(
        "a registered claim under claims",
        format!("{ok}[clients.claims]\nrole = \"user\"\nexp = 4102444800\n"),
        4,
        "clients.toml:11:1: client \"vscode1\": `exp` under claims is a registered claim",
    ));
    // The message must name the key and what it must be, not a Rust type.
    cases.extend(
        roster(
            "audience a number",
            format!("[defaults]\naudience = 5\n{VSCODE1}"),
            4,
            "clients.toml:2:12: ",
        )
        .map(|c| c.also("audience").also("string")),
    );
    cases.extend(
        roster(
            "audience an array with a number",
            format!("{ok}audience = [\"exai-mcp-client\", 5]\n"),
            4,
            "clients.toml:9:12: ",
        )
        .map(|c| c.also("audience").also("string")),
    );
    cases.extend(roster(
        "clients is a table, not an array",
        "[clients]\nname = \"a\"\nsub = \"b\"\n",
        4,
        "clients.toml:1:1: ",
    ));

    // Files the roster names.
    for (what, args, fragment) in [
        (
            "issue-all",
            vec!["token", "issue-all", "--patch", "nowhere.toml"],
            "reading roster nowhere.toml: no such file or directory",
        ),
        (
            "status",
            vec!["token", "status", "nowhere.toml"],
            "reading roster nowhere.toml: no such file or directory",
        ),
        (
            "issue-all, a folder",
            vec!["token", "issue-all", "--patch", "."],
            "reading roster .: is a directory",
        ),
    ] {
        cases.push(
            case(
                format!("{what}: missing roster file"),
                4,
                stderr_has(fragment),
                &args,
            )
            .file("mcp.json", good_mcp_json()),
        );
    }
    let missing_config = format!(
        "{DEFAULTS}[[clients]]\nname = \"vscode1\"\nsub = \"v@x\"\nconfigs = [\"mcp.json\", \"missing.json\"]\n"
    );
    cases.extend(roster_each(
        "a config that does not exist",
        &missing_config,
        (
            4,
            stderr_has("reading missing.json: no such file or directory"),
        ),
        (
            1,
            stdout_has(
                "\"detail\": \"missing.json: no such file or directory; named in clients.toml:",
            ),
        ),
    ));
    let dev_null = format!(
        "{DEFAULTS}[[clients]]\nname = \"vscode1\"\nsub = \"v@x\"\nconfigs = [\"mcp.json\", \"/dev/null\"]\n"
    );
    cases.extend(roster_each(
        "/dev/null as a config",
        &dev_null,
        (4, stderr_has("/dev/null: not a regular file")),
        (1, stdout_has("\"state\": \"missing\"")),
    ));
    let broken_second = format!(
        "{DEFAULTS}[[clients]]\nname = \"vscode1\"\nsub = \"v@x\"\nconfigs = [\"mcp.json\", \"broken.json\"]\n"
    );
    cases.extend(roster_each(
        "a later config that is not JSON",
        &broken_second,
        (4, stderr_has("broken.json:2:1: not valid JSON")),
        (1, stdout_has("not valid JSON")),
    ));
    let n = cases.len();
    for c in &mut cases[n - 2..] {
        c.files
            .push(("broken.json".into(), b"{\n]\n".to_vec(), 0o644));
    }

    // Hostile tokens in the files the roster names: status must report them, not crash.
    let status_of = |name: &str, token: &str, code: i32, fragment: Want| {
        case(
            format!("status: {name}"),
            code,
            fragment,
            &["-o", "json", "token", "status", "clients.toml"],
        )
        .file("clients.toml", &ok)
        .file("mcp.json", mcp_json(&format!("\"{token}\"")))
    };
    for (what, value) in [("-1e300", "-1e300"), ("i64::MIN", "-9223372036854775808")] {
        cases.push(status_of(
            &format!("a config holds a token with exp {what}"),
            &signed(HEADER, payload_with(&format!("\"exp\":{value}"))),
            3,
            stdout_has("\"state\": \"expired\""),
        ));
    }
    cases.push(
        status_of(
            "a config holds a token with exp 1e300",
            &signed(HEADER, payload_with("\"exp\":1e300")),
            0,
            stdout_has("\"state\": \"ok\""),
        )
        // The NumericDate as the token has it; no made-up RFC 3339 date or day count past the
        // year 9999.
        .also("\"exp\": 1e+300")
        .also("\"expires\": null")
        .also("\"days_left\": null"),
    );
    cases.push(
        status_of(
            "a config holds a token whose sub is a number",
            &signed(HEADER, payload_with("\"sub\":5")),
            1,
            stdout_has("\"state\": \"mismatch\""),
        )
        .never(r#"sub is \"\""#),
    );
    cases.push(status_of(
        "a config holds no JWT",
        "not-a-jwt",
        1,
        stdout_has("\"state\": \"invalid\""),
    ));
    cases.push(status_of(
        "a config holds an unsigned token",
        &format!("{}.{}.", b64(r#"{"alg":"none"}"#), b64(PAYLOAD)),
        1,
        stdout_has("\"state\": \"invalid\""),
    ));
    // --dry-run shortens the tokens it shows, whatever characters the old value has.
    cases.push(
        case(
            "issue-all --patch --dry-run: a placeholder of non-ASCII text",
            0,
            stdout_has("mcp.json"),
            &["token", "issue-all", "--patch", "--dry-run", "clients.toml"],
        )
        .file("clients.toml", &ok)
        .file("mcp.json", mcp_json("\"在此粘贴你的令牌在此粘贴\"")),
    );

    run_group("roster", cases);
}

// ---------------------------------------------------------------------------------------------
// Config files
// ---------------------------------------------------------------------------------------------

/// A valid token other than the one the config files hold, so that a patch would change them.
fn new_token() -> String {
    signed(HEADER, payload_with("\"exp\":1800000000"))
}

/// `config patch --token <a valid token> FILE`.
fn patch(name: &str, file: &str, content: impl AsRef<[u8]>, code: i32, fragment: &str) -> Case {
    let token = new_token();
    case(
        name,
        code,
        stderr_has(fragment),
        &["config", "patch", "--token", &token, file],
    )
    .file(file, content)
}

#[test]
fn hostile_configs() {
    let mut cases: Vec<Case> = Vec::new();
    let good = good_mcp_json();

    cases.push(patch(
        "truncated JSON",
        "mcp.json",
        &good[..good.len() / 2],
        4,
        "mcp.json:6:",
    ));
    for (what, value, kind) in [
        ("a number", "12345", "a number"),
        ("an array", "[\"eyJ.a.b\"]", "an array"),
        ("an object", "{\"token\": \"eyJ.a.b\"}", "an object"),
        ("null", "null", "null"),
        ("a boolean", "true", "a boolean"),
    ] {
        cases.push(patch(
            &format!("the variable holds {what}"),
            "mcp.json",
            mcp_json(value),
            4,
            &format!("mcp.json:6:27: EXAI_JWT_TOKEN holds {kind}, not a string"),
        ));
    }
    cases.push(patch(
        "duplicate JSON keys",
        "mcp.json",
        good.replace(
            "      }\n",
            &format!("        ,\"EXAI_JWT_TOKEN\": \"{SEED_TOKEN}\"\n      }}\n"),
        ),
        4,
        "mcp.json:7:10: \"EXAI_JWT_TOKEN\" appears twice in the same object (first on line 6)",
    ));
    cases.push(patch(
        "a server defined twice",
        "mcp.json",
        "{\"mcpServers\": {\n\"exai-mcp\": {\"env\": {\"EXAI_JWT_TOKEN\": \"x.y.z\"}},\n\"exai-mcp\": {}\n}}\n",
        4,
        "mcp.json:3:1: server \"exai-mcp\" is defined twice",
    ));
    cases.push(patch(
        "an empty JSON file",
        "mcp.json",
        "",
        4,
        "mcp.json:1:1: the file is empty",
    ));
    cases.push(patch(
        "a JSON file of white space",
        "mcp.json",
        "\n  \n",
        4,
        "mcp.json:1:1: the file is empty",
    ));
    cases.push(patch(
        "top level is an array",
        "mcp.json",
        "[1, 2]\n",
        4,
        "mcp.json:1:1: the top level is an array, not an object",
    ));
    cases.push(patch(
        "an empty dotenv file",
        ".env",
        "",
        4,
        ".env: no EXAI_JWT_TOKEN= line",
    ));
    cases.push(patch(
        "binary garbage",
        "mcp.json",
        b"\x7fELF\x02\x01\x01\x00\xff\xfe\x00\x00",
        4,
        "mcp.json: not UTF-8 text (byte 9 is 0xff)",
    ));
    cases.push(patch(
        "binary garbage without an extension",
        "config",
        b"\x00\x01\x02\xc3\x28",
        4,
        "config: not UTF-8 text (byte 4 is 0xc3)",
    ));
    cases.push(patch(
        "an unterminated JSON string",
        "mcp.json",
        mcp_json(&format!("\"{SEED_TOKEN}\n      }}\n    }}\n  }}\n}}")),
        4,
        "mcp.json:6:",
    ));
    cases.push(patch(
        "an unterminated dotenv quote",
        ".env",
        format!("# exai\nEXAI_WS_HOST=127.0.0.1\nEXAI_JWT_TOKEN=\"{SEED_TOKEN}\nLOG_LEVEL=INFO\n"),
        4,
        ".env:3:16: the value of EXAI_JWT_TOKEN opens a double quote that is never closed",
    ));
    cases.push(patch(
        "a dotenv variable set twice",
        ".env",
        format!("EXAI_JWT_TOKEN={SEED_TOKEN}\nexport EXAI_JWT_TOKEN={SEED_TOKEN}\n"),
        4,
        ".env:2:1: EXAI_JWT_TOKEN is set twice (lines 1 and 2)",
    ));
    cases.push(patch(
        "duplicate TOML keys",
        "config.toml",
        format!("[mcp_servers.exai.env]\nEXAI_JWT_TOKEN = \"{SEED_TOKEN}\"\nEXAI_JWT_TOKEN = \"x.y.z\"\n"),
        4,
        "config.toml:3:1: not valid TOML: duplicate key",
    ));
    cases.push(patch(
        "a .toml file that is not TOML",
        "config.toml",
        "{\"mcp_servers\": {}}\n",
        4,
        "config.toml:1:1: not valid TOML",
    ));
    cases.push(patch(
        "the TOML variable holds a number",
        "config.toml",
        "[mcp_servers.exai.env]\nEXAI_JWT_TOKEN = 5\n",
        4,
        "config.toml:2:18: EXAI_JWT_TOKEN holds",
    ));
    cases.push(patch(
        "the token written with escapes",
        "mcp.json",
        mcp_json(&format!("\"\\u0065{}\"", &SEED_TOKEN[1..])),
        4,
        "mcp.json:6:27: the token is written with escape sequences",
    ));
    cases.push(patch(
        "the variable is not there",
        "mcp.json",
        good.replace("EXAI_JWT_TOKEN", "OTHER"),
        4,
        "no EXAI_JWT_TOKEN found; servers found: exai-mcp",
    ));
    cases.push(
        case(
            "a malformed token to write",
            1,
            stderr_has("the token to write: a JWT has 3 segments"),
            &["config", "patch", "--token", "not-a-token", "mcp.json"],
        )
        .file("mcp.json", &good),
    );
    cases.push(
        case(
            "a token of only dots to write",
            1,
            stderr_has("the token to write: the header segment is empty"),
            &["config", "patch", "--token", "..", "mcp.json"],
        )
        .file("mcp.json", &good),
    );
    cases.push(
        case(
            "a token file that is binary",
            1,
            stderr_has("the token to write"),
            &["config", "patch", "--token-file", "t.jwt", "mcp.json"],
        )
        .file("mcp.json", &good)
        .file("t.jwt", b"eyJ\x00\x01.\x02.\x03"),
    );

    // --dry-run shortens the old and new tokens in its diff, whatever characters they hold.
    cases.push(
        case(
            "--dry-run over a placeholder of non-ASCII text",
            0,
            stdout_has("+EXAI_JWT_TOKEN: eyJhbGci…"),
            &[
                "config",
                "patch",
                "--dry-run",
                "--token",
                &new_token(),
                "mcp.json",
            ],
        )
        .file("mcp.json", mcp_json("\"在此粘贴你的令牌在此粘贴\"")),
    );
    cases.push(
        case(
            "--dry-run over an old token with a non-ASCII character",
            0,
            stdout_has("+EXAI_JWT_TOKEN: eyJhbGci…"),
            &[
                "config",
                "patch",
                "--dry-run",
                "--token",
                &new_token(),
                "mcp.json",
            ],
        )
        .file(
            "mcp.json",
            mcp_json(&format!("\"{}é{}\"", &SEED_TOKEN[..7], &SEED_TOKEN[7..])),
        ),
    );
    // inspect --from-config reads hostile tokens out of a file.
    cases.push(
        case(
            "inspect --from-config: a token with exp -1e300",
            0,
            stdout_has("\"state\": \"expired\""),
            &[
                "-o",
                "json",
                "token",
                "inspect",
                "--from-config",
                "mcp.json",
            ],
        )
        .file(
            "mcp.json",
            mcp_json(&format!(
                "\"{}\"",
                signed(HEADER, payload_with("\"exp\":-1e300"))
            )),
        ),
    );
    cases.push(
        case(
            "inspect --from-config: no JWT there",
            1,
            stdout_has("\"message\": \"a JWT has 3 segments"),
            &[
                "-o",
                "json",
                "token",
                "inspect",
                "--from-config",
                "mcp.json",
            ],
        )
        .file("mcp.json", mcp_json("\"not-a-jwt\"")),
    );
    cases.push(
        case(
            "inspect --from-config: truncated JSON",
            4,
            stderr_has("mcp.json:6:"),
            &["token", "inspect", "--from-config", "mcp.json"],
        )
        .file("mcp.json", &good[..good.len() / 2]),
    );

    // The file system.
    let token = new_token();
    cases.push(
        case(
            "a folder given as FILE",
            4,
            stderr_has("reading folder.json: is a directory"),
            &["config", "patch", "--token", &token, "folder.json"],
        )
        .setup(|d| std::fs::create_dir(d.join("folder.json")).unwrap()),
    );
    cases.push(case(
        "a path that does not exist",
        4,
        stderr_has("nowhere/mcp.json: no such file or directory"),
        &["config", "patch", "--token", &token, "nowhere/mcp.json"],
    ));
    cases.push(
        case(
            "a FIFO given as FILE",
            4,
            stderr_has("fifo.json: not a regular file"),
            &["config", "patch", "--token", &token, "fifo.json"],
        )
        .setup(|d| {
            let ok = std::process::Command::new("mkfifo")
                .arg(d.join("fifo.json"))
                .status()
                .unwrap()
                .success();
            assert!(ok, "mkfifo failed");
        }),
    );
    cases.push(
        case(
            "a symlink loop",
            4,
            stderr_has("reading loop.json: "),
            &["config", "patch", "--token", &token, "loop.json"],
        )
        .setup(|d| std::os::unix::fs::symlink("loop.json", d.join("loop.json")).unwrap()),
    );
    cases.push(
        case(
            "a good file, then a missing one",
            4,
            stderr_has("missing.json: no such file or directory"),
            &[
                "config",
                "patch",
                "--token",
                &token,
                "mcp.json",
                "missing.json",
            ],
        )
        .file("mcp.json", &good),
    );
    cases.push(
        case(
            "a good file, then a broken one",
            4,
            stderr_has("z.json:1:1: the file is empty"),
            &["config", "patch", "--token", &token, "mcp.json", "z.json"],
        )
        .file("mcp.json", &good)
        .file("z.json", ""),
    );
    // A folder jwtadm may not write in. As root, permission bits do not stop writes, so jwtadm
    // runs as nobody (see a_read_only_folder_fails_before_anything_is_written in patch.rs).
    cases.push(
        case(
            "a read-only folder",
            4,
            stderr_has("permission denied"),
            &[
                "config",
                "patch",
                "--token",
                &token,
                "writable/mcp.json",
                "locked/mcp.json",
            ],
        )
        .also("nothing was changed")
        .run_as_nobody()
        .setup(|d| {
            use std::os::unix::fs::chown;
            for sub in ["writable", "locked"] {
                let folder = d.join(sub);
                std::fs::create_dir(&folder).unwrap();
                let file = folder.join("mcp.json");
                std::fs::write(&file, good_mcp_json()).unwrap();
                if is_root() {
                    chown(&folder, Some(65534), Some(65534)).unwrap();
                    chown(&file, Some(65534), Some(65534)).unwrap();
                }
            }
            chmod(&d.join("locked"), 0o555);
        }),
    );

    run_group("config", cases);
}

// ---------------------------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------------------------

const ISSUE: [&str; 4] = ["token", "issue", "--sub", "vscode1@exai-mcp.local"];

/// The same secret problem through `token issue` and `token verify` (of a good token).
fn secret_both(name: &str, extra: &[&str], code: i32, fragment: &str) -> [Case; 2] {
    let token = signed(HEADER, PAYLOAD);
    let mut issue: Vec<&str> = ISSUE.to_vec();
    issue.extend(extra);
    let mut verify: Vec<&str> = vec!["token", "verify", &token];
    verify.extend(VERIFY);
    verify.extend(extra);
    [
        case(format!("issue: {name}"), code, stderr_has(fragment), &issue),
        case(
            format!("verify: {name}"),
            code,
            stderr_has(fragment),
            &verify,
        ),
    ]
}

#[test]
fn hostile_secrets() {
    let mut cases: Vec<Case> = Vec::new();

    cases.extend(
        secret_both(
            "an empty JWT_SECRET_KEY",
            &[],
            4,
            "the secret in env:JWT_SECRET_KEY is empty",
        )
        .map(|c| c.env("JWT_SECRET_KEY", "")),
    );
    cases.extend(
        secret_both(
            "JWT_SECRET_KEY unset",
            &[],
            4,
            "no secret: environment variable JWT_SECRET_KEY is not set",
        )
        .map(|c| c.env_remove("JWT_SECRET_KEY")),
    );
    cases.extend(secret_both(
        "an unset variable",
        &["--secret", "env:NO_SUCH_SECRET"],
        4,
        "no secret: environment variable NO_SUCH_SECRET is not set",
    ));
    cases.extend(
        secret_both(
            "JWT_SECRET_KEY not UTF-8",
            &[],
            4,
            "the secret in environment variable JWT_SECRET_KEY is not UTF-8",
        )
        .map(|c| {
            use std::os::unix::ffi::OsStringExt;
            c.env(
                "JWT_SECRET_KEY",
                OsString::from_vec(b"canary-\xff-0123456789abcdef0123456789abcdef".to_vec()),
            )
            .secret("0123456789abcdef0123456789abcdef")
        }),
    );

    // Too short: issue refuses, verify warns and still checks.
    let short = "short-canary-16b";
    cases.push(
        case(
            "issue: a secret too short for HS256",
            4,
            stderr_has("the secret is 16 bytes; HS256 needs at least 32"),
            &ISSUE,
        )
        .env("JWT_SECRET_KEY", short)
        .secret(short),
    );
    let mut issue512 = ISSUE.to_vec();
    issue512.extend(["--alg", "HS512"]);
    cases.push(
        case(
            "issue: a secret too short for HS512",
            4,
            stderr_has("the secret is 43 bytes; HS512 needs at least 64"),
            &issue512,
        )
        .secret(SECRET),
    );
    let short_token = signed_with(HEADER, PAYLOAD, short.as_bytes());
    let mut args = vec!["token", "verify", &short_token];
    args.extend(VERIFY);
    cases.push(
        case(
            "verify: a secret too short for HS256 warns and still checks",
            0,
            stderr_has("the secret is 16 bytes, shorter than the 32 bytes HS256 needs"),
            &args,
        )
        .env("JWT_SECRET_KEY", short)
        .secret(short),
    );
    let mut args = vec!["-o", "json", "token", "verify", &short_token];
    args.extend(VERIFY);
    cases.push(
        case(
            "verify: a short secret that does not match is still rejected",
            1,
            check("signature", "the signature does not match"),
            &args,
        )
        .env("JWT_SECRET_KEY", "another-short-16")
        .secret("another-short-16"),
    );

    // Files.
    let canary = "file-canary-0123456789abcdef0123456789abcdef";
    cases.extend(
        secret_both(
            "a group-readable file: secret",
            &["--secret", "file:jwt.key"],
            4,
            "the secret file jwt.key is accessible by group or others (mode 0640)",
        )
        .map(|c| {
            c.file_mode("jwt.key", format!("{canary}\n"), 0o640)
                .secret(canary)
        }),
    );
    cases.extend(
        secret_both(
            "a world-writable file: secret",
            &["--secret", "file:jwt.key"],
            4,
            "chmod 600 jwt.key",
        )
        .map(|c| {
            c.file_mode("jwt.key", format!("{canary}\n"), 0o602)
                .secret(canary)
        }),
    );
    cases.extend(secret_both(
        "a missing file: secret",
        &["--secret", "file:nowhere.key"],
        4,
        "nowhere.key: no such file or directory",
    ));
    cases.extend(
        secret_both(
            "a folder as file: secret",
            &["--secret", "file:keys"],
            4,
            "the secret file keys is a folder, not a regular file",
        )
        .map(|c| {
            c.setup(|d| {
                std::fs::create_dir(d.join("keys")).unwrap();
                chmod(&d.join("keys"), 0o700);
            })
        }),
    );
    cases.extend(
        secret_both(
            "a missing dotenv key",
            &["--secret", "dotenv:.env.docker#JWT_SECRET_KEY"],
            4,
            "no secret: .env.docker has no JWT_SECRET_KEY= line",
        )
        .map(|c| {
            c.file(".env.docker", format!("JWT_SECRET={canary}\nOTHER=1\n"))
                .secret(canary)
        }),
    );
    cases.extend(secret_both(
        "a missing dotenv file",
        &["--secret", "dotenv:.env.docker#JWT_SECRET_KEY"],
        4,
        ".env.docker: no such file or directory",
    ));
    cases.extend(
        secret_both(
            "a dotenv file with an unterminated quote",
            &["--secret", "dotenv:.env.docker#JWT_SECRET_KEY"],
            4,
            ".env.docker:2:16: the value of JWT_SECRET_KEY opens a double quote that is never closed",
        )
        .map(|c| {
            c.file(".env.docker", format!("# secrets\nJWT_SECRET_KEY=\"{canary}\n"))
                .secret(canary)
        }),
    );
    cases.extend(
        secret_both(
            "a dotenv file of binary garbage",
            &["--secret", "dotenv:.env.docker#JWT_SECRET_KEY"],
            4,
            ".env.docker: not valid UTF-8 text",
        )
        .map(|c| c.file(".env.docker", b"JWT_SECRET_KEY=\xff\xfe\n")),
    );

    // Encodings.
    let not_hex = "zz-canary-not-hex-0123456789abcdef0123456789abcdef012345";
    cases.extend(
        secret_both(
            "invalid hex",
            &["--secret-encoding", "hex"],
            4,
            "the secret in env:JWT_SECRET_KEY is not valid hex: character 1 is not a hex digit",
        )
        .map(|c| c.env("JWT_SECRET_KEY", not_hex).secret(not_hex)),
    );
    let odd_hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0";
    cases.extend(
        secret_both(
            "hex with an odd number of digits",
            &["--secret-encoding", "hex"],
            4,
            "is not valid hex: it has an odd number of digits (65)",
        )
        .map(|c| c.env("JWT_SECRET_KEY", odd_hex).secret(odd_hex)),
    );
    let not_b64 = "canary*not*base64*0123456789abcdef0123456789abcdef";
    cases.extend(
        secret_both(
            "invalid base64",
            &["--secret-encoding", "base64"],
            4,
            "the secret in env:JWT_SECRET_KEY is not valid base64: character 7 is not base64",
        )
        .map(|c| c.env("JWT_SECRET_KEY", not_b64).secret(not_b64)),
    );
    let not_b64url = "canary+not+base64url+0123456789abcdef0123456789abcdef";
    cases.extend(
        secret_both(
            "invalid base64url",
            &["--secret-encoding", "base64url"],
            4,
            "is not valid base64url: character 7 is not base64url",
        )
        .map(|c| c.env("JWT_SECRET_KEY", not_b64url).secret(not_b64url)),
    );
    cases.extend(
        secret_both(
            "only padding under base64",
            &["--secret-encoding", "base64"],
            4,
            "the secret in env:JWT_SECRET_KEY decodes to no bytes",
        )
        .map(|c| c.env("JWT_SECRET_KEY", "====")),
    );
    cases.extend(secret_both(
        "an unknown encoding",
        &["--secret-encoding", "rot13"],
        2,
        "unknown encoding `rot13`",
    ));

    // Sources on the command line.
    let literal = "s3cr3t-literal-value-0123456789abcdef0123456789";
    cases.extend(
        secret_both(
            "--secret with a literal value",
            &["--secret", literal],
            2,
            "is not a secret source",
        )
        .map(|c| c.secret(literal)),
    );
    cases.extend(secret_both(
        "an unknown scheme",
        &["--secret", "vault:prod/jwt"],
        2,
        "unknown secret scheme (expected env:",
    ));
    cases.extend(secret_both(
        "env: with a bad name",
        &["--secret", "env:1-BAD NAME"],
        2,
        "env: needs an environment variable name",
    ));
    cases.extend(secret_both(
        "dotenv: without a key",
        &["--secret", "dotenv:.env"],
        2,
        "dotenv: needs a path and a key",
    ));
    cases.extend(secret_both(
        "file: without a path",
        &["--secret", "file:"],
        2,
        "file: needs a path",
    ));
    cases.extend(
        secret_both(
            "stdin with nothing on it",
            &["--secret", "stdin"],
            4,
            "the secret in stdin is empty",
        )
        .map(|c| c.stdin("")),
    );
    let token = signed(HEADER, PAYLOAD);
    cases.push(
        case(
            "verify: the token and the secret both on standard input",
            2,
            stderr_has("cannot both come from standard input"),
            &["token", "verify", "--secret", "stdin"],
        )
        .stdin(format!("{SECRET}\n{token}\n"))
        .secret(SECRET),
    );

    // Every secret case: the secret in JWT_SECRET_KEY never shows either.
    for c in &mut cases {
        c.secrets.push(SECRET.to_string());
    }
    run_group("secret", cases);
}

// ---------------------------------------------------------------------------------------------
// Options of token issue
// ---------------------------------------------------------------------------------------------

#[test]
fn hostile_issue_options() {
    let issue = |name: &str, extra: &[&str], code: i32, fragment: &str| {
        let mut args = ISSUE.to_vec();
        args.extend(extra);
        case(name, code, stderr_has(fragment), &args)
    };
    let cases = vec![
        // jwtadm's own verify calls an exp past year 9999 "outside any date": never issue one.
        issue(
            "an expiry past year 9999",
            &["--expires", "8000y"],
            2,
            "--expires",
        ),
        issue(
            "not-before after the expiry",
            &["--not-before", "2d", "--expires", "1d"],
            2,
            "--not-before",
        ),
        issue(
            "an expiry in the past",
            &["--expires", "2020-01-01T00:00:00Z"],
            2,
            "is not in the future",
        ),
        issue("a bad duration", &["--expires", "soon"], 2, "--expires"),
        issue(
            "exp as an extra claim",
            &["--claim", "exp=4102444800"],
            2,
            "claim `exp` cannot be set as an extra claim",
        ),
        issue(
            "a claim given twice",
            &["--role", "user", "--claim", "role=admin"],
            2,
            "claim `role` is given twice",
        ),
        issue(
            "a claim without a name",
            &["--claim", "=5"],
            2,
            "has no claim name",
        ),
        issue(
            "a claims file that is empty",
            &["--claims-file", "empty.json"],
            4,
            "empty.json: the claims file must hold a JSON object",
        )
        .file("empty.json", ""),
        issue(
            "a claims file that is a device",
            &["--claims-file", "/dev/zero"],
            4,
            "reading claims file /dev/zero: not a regular file: it is a character device",
        ),
        issue(
            "a claims file that is an array",
            &["--claims-file", "c.json"],
            4,
            "c.json: the claims file must hold a JSON object",
        )
        .file("c.json", "[1, 2]\n"),
        issue(
            "a claims file that is binary",
            &["--claims-file", "c.json"],
            4,
            "reading claims file c.json: not valid UTF-8 text",
        )
        .file("c.json", b"\xff\xfe{}"),
        issue(
            "a claims file that does not exist",
            &["--claims-file", "nowhere.json"],
            4,
            "reading claims file nowhere.json: no such file or directory",
        ),
        issue(
            "a claims file on standard input with the secret there too",
            &["--claims-file", "-", "--secret", "stdin"],
            2,
            "cannot both read standard input",
        )
        .stdin(format!("{SECRET}\n{{}}\n")),
        issue(
            "an unknown algorithm",
            &["--alg", "none"],
            2,
            "`none` is not an algorithm",
        ),
    ];
    let cases = cases.into_iter().map(|c| c.secret(SECRET)).collect();
    run_group("issue option", cases);
}
