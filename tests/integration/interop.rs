//! Interoperability with PyJWT, both ways: tokens `jwtadm token issue` signs decode in
//! `jwt.decode`, and tokens `jwt.encode` signs pass `jwtadm token verify`.
//!
//! Python is `$JWTADM_PYTHON`, else `python3`. Without PyJWT every test here prints
//! `SKIPPED interop test …` to stderr and passes, unless `JWTADM_REQUIRE_PYJWT=1` (as `.ci/run`
//! sets it), when it fails instead. Secrets reach jwtadm through its environment or a 0600 file,
//! and Python through its environment: never through either's command line.

use std::ffi::OsString;
use std::io::Write as _;
use std::process::{Command as Process, Stdio};
use std::sync::OnceLock;

use assert_cmd::Command;
use serde_json::{Value, json};

/// A utf8 secret with non-ASCII text, 34 bytes: jwtadm's default `--secret-encoding utf8` must
/// give the same key bytes as PyJWT's `str` key (which it encodes as UTF-8).
pub(crate) const KEY: &str = "interop-ключ-secret-0123456789";
/// Another 32-byte secret, for the wrong-key test.
const OTHER_KEY: &str = "another-secret-0123456789abcdefgh";
/// 65 bytes: enough for HS512 (64) and so HS384 (48).
const LONG_KEY: &str = "long-interop-secret-for-hs384-and-hs512-0123456789-abcdefghijklmn";
/// A fixed "now" for verifying PyJWT's tokens (2023-11-14T22:13:20Z).
const NOW: i64 = 1_700_000_000;
/// What `jwtadm token verify` expects of the tokens PyJWT signs here.
const EXPECT: [&str; 4] = ["--iss", "exai-mcp-server", "--aud", "exai-mcp-client"];

/// The Python side: `encode` or `decode`, with the request as JSON on standard input and the
/// key in `INTEROP_KEY`, read as `INTEROP_KEY_MODE` says (utf8 gives PyJWT a `str`, as most
/// callers do; hex, base64 and base64url give it the bytes). Prints one JSON object.
const PY: &str = r#"
import base64, json, os, sys
import jwt

def key():
    raw = os.environb[b"INTEROP_KEY"].decode("utf-8")
    mode = os.environ.get("INTEROP_KEY_MODE", "utf8")
    if mode == "utf8":
        return raw
    if mode == "hex":
        return bytes.fromhex(raw)
    pad = "=" * (-len(raw) % 4)
    if mode == "base64":
        return base64.b64decode(raw + pad, validate=True)
    if mode == "base64url":
        return base64.urlsafe_b64decode(raw + pad)
    raise SystemExit("unknown INTEROP_KEY_MODE " + mode)

req = json.loads(sys.stdin.buffer.read().decode("utf-8"))
if sys.argv[1] == "encode":
    token = jwt.encode(req["payload"], key(), algorithm=req["algorithm"], headers=req.get("headers"))
    print(json.dumps({"token": token}))
else:
    try:
        claims = jwt.decode(
            req["token"],
            key(),
            algorithms=req["algorithms"],
            audience=req.get("audience"),
            issuer=req.get("issuer"),
            options=req.get("options"),
        )
    except jwt.PyJWTError as e:
        print(json.dumps({"error": type(e).__name__, "message": str(e)}))
    else:
        header = jwt.get_unverified_header(req["token"])
        print(json.dumps({"claims": claims, "header": header}))
"#;

/// A Python that has PyJWT.
pub(crate) struct PyJwt {
    exe: OsString,
}

/// Whether PyJWT can be imported: `Ok((python, version))` or `Err(why not)`. Probed once.
fn probe() -> &'static Result<(OsString, String), String> {
    static PROBE: OnceLock<Result<(OsString, String), String>> = OnceLock::new();
    PROBE.get_or_init(|| {
        let exe = std::env::var_os("JWTADM_PYTHON")
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| "python3".into());
        let shown = exe.to_string_lossy().into_owned();
        match Process::new(&exe)
            .args(["-c", "import jwt; print(jwt.__version__)"])
            .stdin(Stdio::null())
            .output()
        {
            Err(e) => Err(format!("cannot run {shown}: {e}")),
            Ok(o) if !o.status.success() => Err(format!(
                "{shown} cannot import jwt ({})",
                // The traceback's last line, e.g. "ModuleNotFoundError: No module named 'jwt'".
                String::from_utf8_lossy(&o.stderr)
                    .lines()
                    .rfind(|l| !l.trim().is_empty())
                    .unwrap_or("no error message")
                    .trim()
            )),
            Ok(o) => Ok((exe, String::from_utf8_lossy(&o.stdout).trim().to_string())),
        }
    })
}

/// PyJWT for the test `name`, or `None` after saying on stderr that the test is skipped.
/// With `JWTADM_REQUIRE_PYJWT=1` a missing PyJWT fails the test instead.
pub(crate) fn pyjwt(name: &str) -> Option<PyJwt> {
    match probe() {
        Ok((exe, _version)) => Some(PyJwt { exe: exe.clone() }),
        Err(why) => {
            if std::env::var("JWTADM_REQUIRE_PYJWT").as_deref() == Ok("1") {
                panic!(
                    "interop test {name}: PyJWT is required (JWTADM_REQUIRE_PYJWT=1) but not \
                     available: {why}. Set JWTADM_PYTHON to a python with PyJWT, or run .ci/run"
                );
            }
            // Straight to the stderr handle, past the test harness's capture, so it shows;
            // in one write, so parallel tests' lines do not interleave.
            let line = format!(
                "SKIPPED interop test {name}: PyJWT not installed (set JWTADM_PYTHON or run \
                 .ci/run): {why}\n"
            );
            let _ = std::io::stderr().write_all(line.as_bytes());
            None
        }
    }
}

impl PyJwt {
    /// Run the Python side in `mode` with `key` read as `key_mode`; its JSON answer.
    pub(crate) fn run(&self, mode: &str, key: &str, key_mode: &str, request: &Value) -> Value {
        let mut child = Process::new(&self.exe)
            .args(["-c", PY, mode])
            .env("INTEROP_KEY", key)
            .env("INTEROP_KEY_MODE", key_mode)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start python");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(request.to_string().as_bytes())
            .expect("write to python");
        let out = child.wait_with_output().expect("wait for python");
        assert!(
            out.status.success(),
            "python {mode} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "python {mode} printed no JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }

    /// `jwt.encode(payload, key, algorithm=alg)`.
    fn encode(&self, payload: &Value, key: &str, key_mode: &str, alg: &str) -> String {
        let v = self.run(
            "encode",
            key,
            key_mode,
            &json!({"payload": payload, "algorithm": alg}),
        );
        v["token"].as_str().expect("a token").to_string()
    }

    /// `jwt.decode(token, key, algorithms=[alg], audience=aud, issuer=iss)`: `{"claims",
    /// "header"}`, or `{"error"}` with PyJWT's exception name.
    fn decode(
        &self,
        token: &str,
        key: &str,
        key_mode: &str,
        alg: &str,
        aud: Option<&str>,
        iss: Option<&str>,
    ) -> Value {
        self.run(
            "decode",
            key,
            key_mode,
            &json!({"token": token, "algorithms": [alg], "audience": aud, "issuer": iss}),
        )
    }

    /// As [`PyJwt::decode`], failing the test unless PyJWT accepts the token; its claims.
    fn decode_ok(
        &self,
        token: &str,
        key: &str,
        key_mode: &str,
        alg: &str,
        aud: Option<&str>,
        iss: Option<&str>,
    ) -> Value {
        let v = self.decode(token, key, key_mode, alg, aud, iss);
        assert!(
            v.get("error").is_none(),
            "PyJWT rejected jwtadm's {alg} token: {v}"
        );
        assert_eq!(v["header"]["alg"], alg, "{v}");
        assert_eq!(v["header"]["typ"], "JWT", "{v}");
        v["claims"].clone()
    }
}

/// jwtadm with no secret or clock from the test's own environment.
fn jwtadm() -> Command {
    let mut cmd = Command::cargo_bin("jwtadm").unwrap();
    cmd.env_remove("JWT_SECRET_KEY")
        .env_remove("JWTADM_NOW")
        .env("NO_COLOR", "1");
    cmd
}

/// `jwtadm -o json token issue ARGS` with the secret in `JWT_SECRET_KEY`, at the real time (so
/// PyJWT, which checks exp and iat against its own clock, accepts the token): the token and the
/// claims jwtadm says it signed.
pub(crate) fn issue(secret: &str, args: &[&str]) -> (String, Value) {
    let out = jwtadm()
        .env("JWT_SECRET_KEY", secret)
        .args(["-o", "json", "token", "issue"])
        .args(args)
        .output()
        .unwrap();
    parse_issued(out)
}

fn parse_issued(out: std::process::Output) -> (String, Value) {
    assert!(
        out.status.success(),
        "jwtadm token issue failed ({:?}): {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("issue -o json prints JSON");
    (
        v["token"].as_str().unwrap().to_string(),
        v["claims"].clone(),
    )
}

/// A 0600 file holding `text` and a newline, in `dir`.
fn secret_file(dir: &tempfile::TempDir, text: &str) -> std::path::PathBuf {
    let path = dir.path().join("jwt.key");
    std::fs::write(&path, format!("{text}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    path
}

/// `jwtadm token verify ARGS` of `token` (on standard input) with the secret in `JWT_SECRET_KEY`
/// and the clock at `NOW`.
fn verify(token: &str, secret: &str, args: &[&str]) -> Command {
    let mut cmd = jwtadm();
    cmd.env("JWT_SECRET_KEY", secret)
        .env("JWTADM_NOW", NOW.to_string())
        .args(["token", "verify"])
        .args(args)
        .write_stdin(token.to_string());
    cmd
}

/// `verify … -o json`: the exit code and the report.
fn verify_json(token: &str, secret: &str, args: &[&str]) -> (i32, Value) {
    let out = verify(token, secret, &[args, &["-o", "json"]].concat())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "verify -o json printed no JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().expect("an exit code"), report)
}

/// Whether the report's check `name` failed.
fn failed_check(report: &Value, name: &str) -> bool {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["check"] == name && c["ok"] == false)
}

/// A PyJWT payload with every registered claim jwtadm checks and some of its own, valid at `NOW`.
fn pyjwt_payload(exp: i64) -> Value {
    json!({
        "sub": "vscode1@exai-mcp.local",
        "iss": "exai-mcp-server",
        "aud": "exai-mcp-client",
        "iat": NOW - 600,
        "nbf": NOW - 600,
        "exp": exp,
        "jti": "b1946ac92492d2347c6235b4d2611184",
        "name": "VS Code",
        "role": "admin",
        "quota": 250,
        "scopes": ["read", "write"],
        "meta": {"team": "infra", "tier": 2},
    })
}

// ---- jwtadm → PyJWT ------------------------------------------------------------------------

#[test]
fn jwtadm_hs256_token_decodes_in_pyjwt() {
    let Some(py) = pyjwt("jwtadm_hs256_token_decodes_in_pyjwt") else {
        return;
    };
    let (token, claims) = issue(
        KEY,
        &[
            "--sub",
            "vscode1@exai-mcp.local",
            "--iss",
            "exai-mcp-server",
            "--aud",
            "exai-mcp-client",
            "--name",
            "VS Code — Ünïcode",
            "--role",
            "admin",
            "--quota",
            "100",
            "--claim",
            "team=infra",
            "--claim",
            "tier=2",
            "--claim",
            r#"scopes=["read","write"]"#,
            "--claim",
            r#"meta={"nested":true}"#,
            "--kid",
            "k1",
        ],
    );
    let got = py.decode_ok(
        &token,
        KEY,
        "utf8",
        "HS256",
        Some("exai-mcp-client"),
        Some("exai-mcp-server"),
    );
    assert_eq!(got, claims, "PyJWT's claims differ from jwtadm's");
    assert_eq!(got["sub"], "vscode1@exai-mcp.local");
    assert_eq!(got["iss"], "exai-mcp-server");
    assert_eq!(got["aud"], "exai-mcp-client");
    assert_eq!(got["name"], "VS Code — Ünïcode");
    assert_eq!(got["role"], "admin");
    assert_eq!(got["quota"], 100);
    assert_eq!(got["team"], "infra");
    assert_eq!(got["tier"], 2);
    assert_eq!(got["scopes"], json!(["read", "write"]));
    assert_eq!(got["meta"], json!({"nested": true}));
    assert!(got["exp"].as_i64().unwrap() > got["iat"].as_i64().unwrap());
    assert!(got["jti"].as_str().is_some_and(|j| !j.is_empty()));

    // PyJWT's own checks bite: the wrong key, issuer or audience is refused.
    let wrong_key = py.decode(
        &token,
        OTHER_KEY,
        "utf8",
        "HS256",
        Some("exai-mcp-client"),
        None,
    );
    assert_eq!(wrong_key["error"], "InvalidSignatureError", "{wrong_key}");
    let wrong_iss = py.decode(
        &token,
        KEY,
        "utf8",
        "HS256",
        Some("exai-mcp-client"),
        Some("x"),
    );
    assert_eq!(wrong_iss["error"], "InvalidIssuerError", "{wrong_iss}");
    let wrong_aud = py.decode(&token, KEY, "utf8", "HS256", Some("x"), None);
    assert_eq!(wrong_aud["error"], "InvalidAudienceError", "{wrong_aud}");
}

#[test]
fn jwtadm_hs384_and_hs512_tokens_decode_in_pyjwt() {
    let Some(py) = pyjwt("jwtadm_hs384_and_hs512_tokens_decode_in_pyjwt") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = secret_file(&dir, LONG_KEY);
    let source = format!("file:{}", path.display());
    for alg in ["HS384", "HS512"] {
        let out = jwtadm()
            .args(["-o", "json", "token", "issue", "--alg", alg])
            .args(["--sub", "ci", "--iss", "exai-mcp-server"])
            .args(["--aud", "exai-mcp-client", "--role", "ci", "--quota", "7"])
            .args(["--secret", &source])
            .output()
            .unwrap();
        let (token, claims) = parse_issued(out);
        let got = py.decode_ok(
            &token,
            LONG_KEY,
            "utf8",
            alg,
            Some("exai-mcp-client"),
            Some("exai-mcp-server"),
        );
        assert_eq!(got, claims, "{alg}: PyJWT's claims differ from jwtadm's");
        assert_eq!(got["role"], "ci");
        assert_eq!(got["quota"], 7);
        // The header names the algorithm really used: PyJWT refuses it as HS256.
        let as_hs256 = py.decode(
            &token,
            LONG_KEY,
            "utf8",
            "HS256",
            Some("exai-mcp-client"),
            None,
        );
        assert_eq!(
            as_hs256["error"], "InvalidAlgorithmError",
            "{alg}: {as_hs256}"
        );
    }
}

#[test]
fn jwtadm_several_audiences_are_an_array_pyjwt_accepts() {
    let Some(py) = pyjwt("jwtadm_several_audiences_are_an_array_pyjwt_accepts") else {
        return;
    };
    let (token, claims) = issue(
        KEY,
        &[
            "--sub",
            "multi",
            "--iss",
            "exai-mcp-server",
            "--aud",
            "exai-mcp-client",
            "--aud",
            "exai-mcp-admin",
        ],
    );
    assert_eq!(claims["aud"], json!(["exai-mcp-client", "exai-mcp-admin"]));
    for aud in ["exai-mcp-client", "exai-mcp-admin"] {
        let got = py.decode_ok(
            &token,
            KEY,
            "utf8",
            "HS256",
            Some(aud),
            Some("exai-mcp-server"),
        );
        assert_eq!(got, claims);
    }
    let other = py.decode(&token, KEY, "utf8", "HS256", Some("someone-else"), None);
    assert_eq!(other["error"], "InvalidAudienceError", "{other}");
}

#[test]
fn jwtadm_hex_secret_is_the_bytes_pyjwt_gets_from_fromhex() {
    let Some(py) = pyjwt("jwtadm_hex_secret_is_the_bytes_pyjwt_gets_from_fromhex") else {
        return;
    };
    // 32 bytes, some of them not UTF-8, as `jwtadm secret gen` writes them.
    let hex = "00ff7f80c3a9fe10e2829a8899aabbccddeeff0123456789abcdef0011223344";
    let (token, claims) = issue(
        hex,
        &[
            "--secret-encoding",
            "hex",
            "--sub",
            "hex-client",
            "--iss",
            "exai-mcp-server",
            "--aud",
            "exai-mcp-client",
            "--claim",
            "team=infra",
        ],
    );
    let got = py.decode_ok(
        &token,
        hex,
        "hex",
        "HS256",
        Some("exai-mcp-client"),
        Some("exai-mcp-server"),
    );
    assert_eq!(got, claims);
    // The encoding matters: the hex text itself as a PyJWT str key is another key.
    let as_text = py.decode(&token, hex, "utf8", "HS256", Some("exai-mcp-client"), None);
    assert_eq!(as_text["error"], "InvalidSignatureError", "{as_text}");

    // And back: PyJWT signs with bytes.fromhex(...), jwtadm verifies with --secret-encoding hex.
    let py_token = py.encode(&pyjwt_payload(NOW + 3600), hex, "hex", "HS256");
    verify(
        &py_token,
        hex,
        &[&EXPECT[..], &["--secret-encoding", "hex"]].concat(),
    )
    .assert()
    .code(0);
    let (code, report) = verify_json(&py_token, hex, &EXPECT);
    assert_eq!(
        code, 1,
        "the hex text read as utf8 is another key: {report:#}"
    );
    assert!(failed_check(&report, "signature"), "{report:#}");
}

#[test]
fn jwtadm_base64url_secret_is_the_bytes_pyjwt_gets_from_urlsafe_b64decode() {
    let Some(py) = pyjwt("jwtadm_base64url_secret_is_the_bytes_pyjwt_gets_from_urlsafe_b64decode")
    else {
        return;
    };
    // 33 bytes, unpadded, with both of base64url's own characters ('-' and '_').
    let b64url = "-_-_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd";
    let (token, claims) = issue(
        b64url,
        &[
            "--secret-encoding",
            "base64url",
            "--sub",
            "b64-client",
            "--iss",
            "exai-mcp-server",
            "--aud",
            "exai-mcp-client",
            "--quota",
            "-1",
        ],
    );
    let got = py.decode_ok(
        &token,
        b64url,
        "base64url",
        "HS256",
        Some("exai-mcp-client"),
        Some("exai-mcp-server"),
    );
    assert_eq!(got, claims);
    assert_eq!(got["quota"], -1);
    let as_text = py.decode(
        &token,
        b64url,
        "utf8",
        "HS256",
        Some("exai-mcp-client"),
        None,
    );
    assert_eq!(as_text["error"], "InvalidSignatureError", "{as_text}");

    let py_token = py.encode(&pyjwt_payload(NOW + 3600), b64url, "base64url", "HS256");
    verify(
        &py_token,
        b64url,
        &[&EXPECT[..], &["--secret-encoding", "base64url"]].concat(),
    )
    .assert()
    .code(0);
}

// ---- PyJWT → jwtadm ------------------------------------------------------------------------

#[test]
fn pyjwt_hs256_token_verifies_in_jwtadm() {
    let Some(py) = pyjwt("pyjwt_hs256_token_verifies_in_jwtadm") else {
        return;
    };
    let payload = pyjwt_payload(NOW + 3600);
    let token = py.encode(&payload, KEY, "utf8", "HS256");

    verify(&token, KEY, &EXPECT)
        .assert()
        .code(0)
        .stdout(predicates::str::contains("Token valid"));

    let (code, report) = verify_json(&token, KEY, &EXPECT);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["valid"], true, "{report:#}");
    assert_eq!(report["exit_code"], 0);
    assert_eq!(report["header"]["alg"], "HS256");
    assert_eq!(
        report["claims"], payload,
        "jwtadm read other claims than PyJWT signed"
    );
    assert!(
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["ok"] == true),
        "{report:#}"
    );

    // The same token from a 0600 file, and as a Bearer header value.
    let dir = tempfile::tempdir().unwrap();
    let path = secret_file(&dir, KEY);
    jwtadm()
        .env("JWTADM_NOW", NOW.to_string())
        .args(["token", "verify", "--secret"])
        .arg(format!("file:{}", path.display()))
        .args(EXPECT)
        .write_stdin(format!("Bearer {token}\n"))
        .assert()
        .code(0);

    // jwtadm's own checks bite on PyJWT's token too.
    let (code, report) = verify_json(&token, KEY, &["--iss", "someone-else"]);
    assert_eq!(code, 1, "{report:#}");
    assert!(failed_check(&report, "iss"), "{report:#}");
    let (code, report) = verify_json(&token, KEY, &["--aud", "someone-else"]);
    assert_eq!(code, 1, "{report:#}");
    assert!(failed_check(&report, "aud"), "{report:#}");
}

#[test]
fn pyjwt_expired_token_exits_3() {
    let Some(py) = pyjwt("pyjwt_expired_token_exits_3") else {
        return;
    };
    let token = py.encode(&pyjwt_payload(NOW - 60), KEY, "utf8", "HS256");
    verify(&token, KEY, &EXPECT).assert().code(3);
    let (code, report) = verify_json(&token, KEY, &EXPECT);
    assert_eq!(code, 3, "{report:#}");
    assert_eq!(report["valid"], false);
    assert_eq!(report["exit_code"], 3);
    assert!(failed_check(&report, "exp"), "{report:#}");
    assert!(!failed_check(&report, "signature"), "{report:#}");
    // Within the leeway it passes.
    verify(&token, KEY, &[&EXPECT[..], &["--leeway", "2m"]].concat())
        .assert()
        .code(0);
}

#[test]
fn pyjwt_at_jwt_access_token_verifies_in_jwtadm() {
    let Some(py) = pyjwt("pyjwt_at_jwt_access_token_verifies_in_jwtadm") else {
        return;
    };
    // An RFC 9068 access token, as OAuth-based MCP servers use, with a fractional exp.
    let mut payload = pyjwt_payload(NOW + 3600);
    payload["exp"] = json!(NOW as f64 + 3600.5);
    let request = json!({"payload": payload, "algorithm": "HS256", "headers": {"typ": "at+jwt"}});
    let token = py.run("encode", KEY, "utf8", &request)["token"]
        .as_str()
        .expect("a token")
        .to_string();
    let (code, report) = verify_json(&token, KEY, &EXPECT);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["header"]["typ"], "at+jwt");
    let (code, report) = verify_json(&token, KEY, &[&EXPECT[..], &["--typ", "at+jwt"]].concat());
    assert_eq!(code, 0, "{report:#}");
    let (code, report) = verify_json(&token, KEY, &[&EXPECT[..], &["--typ", "JWT"]].concat());
    assert_eq!(code, 1, "{report:#}");
    assert!(failed_check(&report, "typ"), "{report:#}");
}

#[test]
fn pyjwt_token_signed_with_another_key_is_rejected() {
    let Some(py) = pyjwt("pyjwt_token_signed_with_another_key_is_rejected") else {
        return;
    };
    let token = py.encode(&pyjwt_payload(NOW + 3600), OTHER_KEY, "utf8", "HS256");
    verify(&token, KEY, &EXPECT).assert().code(1);
    let (code, report) = verify_json(&token, KEY, &EXPECT);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(report["valid"], false);
    assert!(failed_check(&report, "signature"), "{report:#}");
    // Even when it is also expired, a bad signature is a rejection (1), not expiry (3).
    let stale = py.encode(&pyjwt_payload(NOW - 60), OTHER_KEY, "utf8", "HS256");
    verify(&stale, KEY, &EXPECT).assert().code(1);
    // With the key it was signed with, it verifies.
    verify(&token, OTHER_KEY, &EXPECT).assert().code(0);
}

#[test]
fn pyjwt_hs384_token_needs_alg_hs384() {
    let Some(py) = pyjwt("pyjwt_hs384_token_needs_alg_hs384") else {
        return;
    };
    let token = py.encode(&pyjwt_payload(NOW + 3600), LONG_KEY, "utf8", "HS384");

    let (code, report) = verify_json(&token, LONG_KEY, &EXPECT);
    assert_eq!(
        code, 1,
        "HS384 must be refused under the default allow-list: {report:#}"
    );
    assert_eq!(report["valid"], false);
    assert_eq!(report["header"]["alg"], "HS384");
    assert!(failed_check(&report, "algorithm"), "{report:#}");

    verify(
        &token,
        LONG_KEY,
        &[&EXPECT[..], &["--alg", "HS384"]].concat(),
    )
    .assert()
    .code(0);
    let (code, report) = verify_json(
        &token,
        LONG_KEY,
        &[&EXPECT[..], &["--alg", "HS256", "--alg", "HS384"]].concat(),
    );
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["valid"], true);
    // Allowing only another algorithm still refuses it.
    verify(
        &token,
        LONG_KEY,
        &[&EXPECT[..], &["--alg", "HS512"]].concat(),
    )
    .assert()
    .code(1);
}

/// The tokens `token issue-all --patch` writes into a roster's files decode in PyJWT with the
/// roster's issuer, audience and claims.
#[test]
fn issue_all_patched_tokens_decode_in_pyjwt() {
    let Some(py) = pyjwt("issue_all_patched_tokens_decode_in_pyjwt") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".env"), "").unwrap();
    std::fs::write(
        dir.path().join("mcp.json"),
        "{\n  // VS Code\n  \"servers\": {\"exai\": {\"env\": {\"EXAI_JWT_TOKEN\": \"old\",},},},\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        "[mcp_servers.exai.env]\nEXAI_JWT_TOKEN = \"old\" # yearly\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("clients.toml"),
        r#"[defaults]
issuer = "exai-mcp-server"
audience = "exai-mcp-client"
expires = "30d"
[secret]
source = "dotenv:.env.docker#JWT_SECRET_KEY"
[[clients]]
name = "vscode1"
sub = "vscode1@exai-mcp.local"
configs = ["mcp.json"]
dotenv = { path = ".env", key = "EXAI_JWT_TOKEN_VSCODE1" }
[clients.claims]
role = "user"
quota = 100
[[clients]]
name = "codex"
sub = "codex@exai-mcp.local"
algorithm = "HS384"
configs = ["config.toml"]
"#,
    )
    .unwrap();
    // HS384 needs a 48-byte key: sign every client with the long one.
    std::fs::write(
        dir.path().join(".env.docker"),
        format!("JWT_SECRET_KEY={LONG_KEY}\n"),
    )
    .unwrap();
    let out = jwtadm()
        .current_dir(dir.path())
        .args(["token", "issue-all", "--patch"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let find = |file: &str, prefix: &str| -> String {
        let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
        let start = text
            .find(prefix)
            .unwrap_or_else(|| panic!("{prefix} not in {text}"))
            + prefix.len();
        text[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || "-_.".contains(*c))
            .collect()
    };
    for (file, prefix, alg, sub) in [
        (
            "mcp.json",
            "\"EXAI_JWT_TOKEN\": \"",
            "HS256",
            "vscode1@exai-mcp.local",
        ),
        (
            ".env",
            "EXAI_JWT_TOKEN_VSCODE1=",
            "HS256",
            "vscode1@exai-mcp.local",
        ),
        (
            "config.toml",
            "EXAI_JWT_TOKEN = \"",
            "HS384",
            "codex@exai-mcp.local",
        ),
    ] {
        let token = find(file, prefix);
        let claims = py.decode_ok(
            &token,
            LONG_KEY,
            "utf8",
            alg,
            Some("exai-mcp-client"),
            Some("exai-mcp-server"),
        );
        assert_eq!(claims["sub"], sub, "{file}");
        assert_eq!(
            claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
            30 * 86_400
        );
        if sub.starts_with("vscode1") {
            assert_eq!(claims["role"], "user");
            assert_eq!(claims["quota"], 100);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// node `jose`, both ways
// ---------------------------------------------------------------------------------------------
//
// `$JWTADM_JOSE_DIR` is a folder whose `node_modules` holds `jose` (`.ci/run` installs it into
// `.node/`); node is `node` on the PATH. Without them every test here prints `SKIPPED interop
// test …` and passes, unless `JWTADM_REQUIRE_JOSE=1` (as `.ci/run` sets it).

/// The node side: `sign` or `verify`, the request as JSON on standard input, the key (UTF-8) in
/// `INTEROP_KEY`. Prints one JSON object: `{"token"}`, `{"payload", "header"}` or `{"error"}`
/// with jose's error code.
const JOSE: &str = r#"
import * as jose from "jose";
import { readFileSync } from "node:fs";
const req = JSON.parse(readFileSync(0, "utf8"));
const key = new TextEncoder().encode(process.env.INTEROP_KEY);
if (process.argv[2] === "sign") {
  const token = await new jose.SignJWT(req.payload).setProtectedHeader(req.header).sign(key);
  console.log(JSON.stringify({ token }));
} else {
  try {
    const { payload, protectedHeader } = await jose.jwtVerify(req.token, key, {
      algorithms: req.algorithms,
      issuer: req.issuer,
      audience: req.audience,
      currentDate: req.now === undefined ? undefined : new Date(req.now * 1000),
    });
    console.log(JSON.stringify({ payload, header: protectedHeader }));
  } catch (e) {
    console.log(JSON.stringify({ error: e.code ?? String(e) }));
  }
}
"#;

struct Jose {
    script: std::path::PathBuf,
}

/// node with `jose` for the test `name`, or `None` after saying the test is skipped.
fn jose(name: &str) -> Option<Jose> {
    let why = match std::env::var_os("JWTADM_JOSE_DIR").filter(|d| !d.is_empty()) {
        None => "JWTADM_JOSE_DIR is not set".to_string(),
        Some(dir) => {
            let dir = std::path::PathBuf::from(dir);
            if dir.join("node_modules/jose/package.json").is_file() {
                // A module beside node_modules, so that `import "jose"` finds it.
                let script = dir.join("jwtadm-interop.mjs");
                std::fs::write(&script, JOSE).expect("write the node script");
                match Process::new("node").arg("--version").output() {
                    Ok(o) if o.status.success() => return Some(Jose { script }),
                    _ => "node is not on the PATH".to_string(),
                }
            } else {
                format!("{} has no node_modules/jose", dir.display())
            }
        }
    };
    if std::env::var("JWTADM_REQUIRE_JOSE").as_deref() == Ok("1") {
        panic!("interop test {name}: node jose is required (JWTADM_REQUIRE_JOSE=1): {why}");
    }
    let line = format!("SKIPPED interop test {name}: node jose not installed: {why}\n");
    let _ = std::io::stderr().write_all(line.as_bytes());
    None
}

impl Jose {
    fn run(&self, mode: &str, key: &str, request: &Value) -> Value {
        let mut child = Process::new("node")
            .arg(&self.script)
            .arg(mode)
            .env("INTEROP_KEY", key)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start node");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(request.to_string().as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "node {mode} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "node {mode} printed no JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }
}

#[test]
fn jwtadm_token_verifies_in_node_jose() {
    let Some(jose) = jose("jwtadm_token_verifies_in_node_jose") else {
        return;
    };
    let (token, claims) = issue(
        KEY,
        &[
            "--sub",
            "vscode1@exai-mcp.local",
            "--iss",
            "exai-mcp-server",
            "--aud",
            "exai-mcp-client",
            "--claim",
            "role=user",
        ],
    );
    let v = jose.run(
        "verify",
        KEY,
        &json!({"token": token, "algorithms": ["HS256"], "issuer": "exai-mcp-server", "audience": "exai-mcp-client"}),
    );
    assert_eq!(v["payload"], claims, "{v}");
    assert_eq!(v["header"]["alg"], "HS256");
    let wrong = jose.run(
        "verify",
        OTHER_KEY,
        &json!({"token": token, "algorithms": ["HS256"]}),
    );
    assert_eq!(
        wrong["error"], "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
        "{wrong}"
    );
}

#[test]
fn node_jose_at_jwt_access_token_verifies_in_jwtadm() {
    let Some(jose) = jose("node_jose_at_jwt_access_token_verifies_in_jwtadm") else {
        return;
    };
    let v = jose.run(
        "sign",
        KEY,
        &json!({"header": {"alg": "HS256", "typ": "at+jwt"}, "payload": pyjwt_payload(NOW + 3600)}),
    );
    let token = v["token"].as_str().unwrap();
    let (code, report) = verify_json(token, KEY, &EXPECT);
    assert_eq!(code, 0, "{report}");
    let (code, _) = verify_json(token, KEY, &[&EXPECT[..], &["--typ", "at+jwt"]].concat());
    assert_eq!(code, 0);
    let (code, report) = verify_json(token, OTHER_KEY, &EXPECT);
    assert_eq!(code, 1, "{report}");
}

#[test]
fn jwtadm_and_node_jose_agree_on_the_instant_a_token_expires() {
    let Some(jose) = jose("jwtadm_and_node_jose_agree_on_the_instant_a_token_expires") else {
        return;
    };
    let v = jose.run(
        "sign",
        KEY,
        &json!({"header": {"alg": "HS256"}, "payload": pyjwt_payload(NOW)}),
    );
    let token = v["token"].as_str().unwrap();
    // Now is exactly exp: RFC 7519 §4.1.4 says now must be before it. Both refuse it.
    let at_exp = jose.run(
        "verify",
        KEY,
        &json!({"token": token, "algorithms": ["HS256"], "now": NOW}),
    );
    assert_eq!(at_exp["error"], "ERR_JWT_EXPIRED", "{at_exp}");
    let (code, _) = verify_json(token, KEY, &EXPECT);
    assert_eq!(code, 3);
    // A second before, both accept it.
    let before = jose.run(
        "verify",
        KEY,
        &json!({"token": token, "algorithms": ["HS256"], "now": NOW - 1}),
    );
    assert!(before.get("payload").is_some(), "{before}");
    let out = verify(token, KEY, &EXPECT)
        .env("JWTADM_NOW", (NOW - 1).to_string())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}
