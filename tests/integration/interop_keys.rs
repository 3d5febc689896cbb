//! Interoperability of key pairs (ES256, ES384, EdDSA, RS256, RS384, RS512, PS256, PS384,
//! PS512), both ways, with PyJWT (and Python `cryptography`), node `jose` and jwt-cli:
//!
//! - jwtadm's keys and tokens → the others: `jwtadm key gen`, `jwtadm token issue --key`; the
//!   token verifies in PyJWT with the public PEM (`jwtadm key public --format pem`) and through
//!   `PyJWKClient` from `jwtadm key jwks` served over loopback HTTP; in node jose through
//!   `createLocalJWKSet` and `importSPKI`; in jwt-cli (`jwt decode -S @pub.pem -A ALG`). The
//!   private PEM loads in `cryptography` and in jose's `importPKCS8` (a PS* key's does not:
//!   WebCrypto refuses its RSASSA-PSS marking).
//! - The others' keys and tokens → jwtadm: keys PyJWT/`cryptography` and jose generate, and
//!   tokens they sign, verify in `jwtadm token verify` with `--key` (public PEM, public JWK,
//!   private PEM) and `--jwks` (a set of several keys, picked by the token's kid or, without
//!   one, by trying each).
//! - Algorithm confusion (RFC 8725 §3.1): an HS256 token whose HMAC key is the public key's PEM
//!   is refused with `--key` and `--jwks`, even with `--alg HS256`.
//!
//! What is needed, and what happens without it, as in `interop.rs`: PyJWT with `cryptography`
//! (`PyJWT[crypto]`) in `$JWTADM_PYTHON` (else `python3`), required by `JWTADM_REQUIRE_PYJWT=1`;
//! node and `$JWTADM_JOSE_DIR/node_modules/jose`, required by `JWTADM_REQUIRE_JOSE=1`; jwt-cli's
//! `jwt` on the PATH, required by `JWTADM_REQUIRE_JWTCLI=1`. `.ci/run` installs all three and
//! sets all three variables. Without one (and its variable), each test that needs it prints
//! `SKIPPED interop test …` to stderr and passes.
//!
//! Tokens jwtadm signs here are issued at the real time (the other libraries check exp against
//! their own clock); tokens the others sign are verified at the fixed `NOW`.

use std::ffi::OsString;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::sync::OnceLock;

use assert_cmd::Command;
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Value, json};

use crate::common::{LoopbackServer, stderr, stdout, write_private, write_public};

/// Every algorithm a key pair signs with.
const ALGS: [&str; 9] = [
    "ES256", "ES384", "EdDSA", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
];
/// A fixed "now" for verifying the others' tokens (2023-11-14T22:13:20Z).
const NOW: i64 = 1_700_000_000;
const ISS: &str = "exai-mcp-server";
const AUD: &str = "exai-mcp-client";
/// What `jwtadm token verify` expects of every token here.
const EXPECT: [&str; 4] = ["--iss", ISS, "--aud", AUD];
/// The DER of the RSASSA-PSS algorithm identifier's OID (1.2.840.113549.1.1.10), which marks a
/// key that signs only PSS.
const RSASSA_PSS_OID: [u8; 11] = [
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a,
];

// ---------------------------------------------------------------------------------------------
// jwtadm
// ---------------------------------------------------------------------------------------------

/// jwtadm with no secret or clock from the test's own environment.
fn jwtadm() -> Command {
    let mut cmd = Command::cargo_bin("jwtadm").unwrap();
    cmd.env_remove("JWT_SECRET_KEY")
        .env_remove("JWTADM_NOW")
        .env("NO_COLOR", "1");
    cmd
}

/// Run `cmd`, failing the test unless it exits 0; its standard output.
fn ok(cmd: &mut Command, what: &str) -> Vec<u8> {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{what} failed ({:?}): {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The key of an RS or PS algorithm is made for the algorithm's family default: the test of
/// RS384 uses `key gen --alg RS384` (an RSA key) and signs with `--alg RS384`.
fn key_default(alg: &str) -> &'static str {
    match alg {
        "RS256" | "RS384" | "RS512" => "RS256",
        "PS256" | "PS384" | "PS512" => "PS256",
        "ES256" => "ES256",
        "ES384" => "ES384",
        "EdDSA" => "EdDSA",
        other => panic!("not a key-pair algorithm: {other}"),
    }
}

/// A key jwtadm generated, and what it publishes for `alg`.
struct JwtadmKey {
    alg: &'static str,
    /// What the key signs with when no `--alg` is given (RS256 for an RSA key, PS256 for a PSS
    /// one).
    default_alg: &'static str,
    /// The private key (PKCS#8 PEM, 0600), as `key gen` wrote it.
    private: PathBuf,
    /// `key public --format pem`, written 0644 beside it.
    public_pem: PathBuf,
    /// `key public --format jwk --alg ALG`.
    public_jwk: Value,
    /// `key jwks --alg ALG`.
    jwks: Value,
    kid: String,
}

impl JwtadmKey {
    /// `jwtadm key gen --alg GEN_ALG --to file:DIR/NAME.pem`, published for `alg`.
    fn generate_as(dir: &Path, name: &str, gen_alg: &str, alg: &'static str) -> JwtadmKey {
        let private = dir.join(format!("{name}.pem"));
        let source = format!("file:{}", private.display());
        let made: Value = serde_json::from_slice(&ok(
            jwtadm().args([
                "-o", "json", "key", "gen", "--alg", gen_alg, "--to", &source,
            ]),
            "jwtadm key gen",
        ))
        .unwrap();
        #[cfg(unix)]
        assert_eq!(crate::common::mode(&private), 0o600, "key gen writes 0600");
        let pem = ok(
            jwtadm().args(["key", "public", "--format", "pem", "--key", &source]),
            "jwtadm key public --format pem",
        );
        let pem = String::from_utf8(pem).unwrap();
        assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----\n"), "{pem}");
        let public_pem = dir.join(format!("{name}.pub.pem"));
        write_public(&public_pem, &pem);
        let public_jwk: Value = serde_json::from_slice(&ok(
            jwtadm().args([
                "-o", "json", "key", "public", "--key", &source, "--alg", alg,
            ]),
            "jwtadm key public",
        ))
        .unwrap();
        let jwks: Value = serde_json::from_slice(&ok(
            jwtadm().args(["-o", "json", "key", "jwks", "--key", &source, "--alg", alg]),
            "jwtadm key jwks",
        ))
        .unwrap();
        let kid = made["kid"].as_str().unwrap().to_string();
        assert_eq!(public_jwk["kid"], kid);
        assert_eq!(public_jwk["alg"], alg);
        assert_eq!(
            jwks["keys"][0], public_jwk,
            "the JWKS publishes the public JWK"
        );
        JwtadmKey {
            alg,
            default_alg: key_default(gen_alg),
            private,
            public_pem,
            public_jwk,
            jwks,
            kid,
        }
    }

    /// A key for `alg` as the issue has it: `key gen --alg ALG`.
    fn generate(dir: &Path, alg: &'static str) -> JwtadmKey {
        JwtadmKey::generate_as(dir, alg, alg, alg)
    }

    fn source(&self) -> String {
        format!("file:{}", self.private.display())
    }

    fn public_pem_text(&self) -> String {
        std::fs::read_to_string(&self.public_pem).unwrap()
    }

    fn private_pem_text(&self) -> String {
        std::fs::read_to_string(&self.private).unwrap()
    }

    /// `jwtadm -o json token issue --key file:… [--alg ALG]` with the claims of an MCP client, at
    /// the real time: the token and the claims jwtadm says it signed. `--alg` is given only
    /// when the key's own default is another algorithm (RS384, RS512, PS384, PS512), so the
    /// defaults are tested too.
    fn issue(&self) -> (String, Value) {
        let mut cmd = jwtadm();
        cmd.args(["-o", "json", "token", "issue", "--key", &self.source()])
            .args([
                "--sub",
                "vscode1@exai-mcp.local",
                "--iss",
                ISS,
                "--aud",
                AUD,
            ])
            .args(["--name", "VS Code — Ünïcode", "--role", "admin"])
            .args(["--quota", "250", "--claim", r#"scopes=["read","write"]"#]);
        if self.default_alg != self.alg {
            cmd.args(["--alg", self.alg]);
        }
        let v: Value = serde_json::from_slice(&ok(&mut cmd, "jwtadm token issue --key")).unwrap();
        assert_eq!(v["header"]["alg"], self.alg, "{v}");
        assert_eq!(v["header"]["kid"], self.kid, "{v}");
        (
            v["token"].as_str().unwrap().to_string(),
            v["claims"].clone(),
        )
    }
}

/// The JWK Set of all of `keys`.
fn merged_jwks(keys: &[JwtadmKey]) -> Value {
    let all: Vec<Value> = keys
        .iter()
        .flat_map(|k| k.jwks["keys"].as_array().unwrap().clone())
        .collect();
    json!({ "keys": all })
}

/// The type of key an algorithm signs with.
fn key_type(alg: &str) -> &'static str {
    match alg {
        "ES256" => "EC P-256",
        "ES384" => "EC P-384",
        "EdDSA" => "Ed25519",
        _ => "RSA",
    }
}

/// The public PEM of another key of the same type as `keys[i]`: one of `keys`, else a new one.
fn other_key_of_the_same_type(dir: &Path, keys: &[JwtadmKey], i: usize) -> PathBuf {
    let alg = keys[i].alg;
    keys.iter()
        .enumerate()
        .find(|(j, k)| *j != i && key_type(k.alg) == key_type(alg))
        .map(|(_, k)| k.public_pem.clone())
        .unwrap_or_else(|| {
            JwtadmKey::generate_as(dir, &format!("other-{alg}-{i}"), alg, alg).public_pem
        })
}

/// A key of every algorithm, each published for its algorithm, in `dir`.
fn every_jwtadm_key(dir: &Path) -> Vec<JwtadmKey> {
    ALGS.iter().map(|a| JwtadmKey::generate(dir, a)).collect()
}

/// `jwtadm token verify -o json ARGS` of `token` at `NOW`: the exit code and the report.
fn verify_json(token: &str, args: &[&str]) -> (i32, Value) {
    let out = jwtadm()
        .env("JWTADM_NOW", NOW.to_string())
        .args(["-o", "json", "token", "verify"])
        .args(args)
        .write_stdin(token.to_string())
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

/// `jwtadm token verify ARGS` at `NOW`: the exit code and standard error.
fn verify_code(token: &str, args: &[&str]) -> (i32, String) {
    let out = jwtadm()
        .env("JWTADM_NOW", NOW.to_string())
        .args(["token", "verify"])
        .args(args)
        .write_stdin(token.to_string())
        .output()
        .unwrap();
    (
        out.status.code().expect("an exit code"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The detail of the report's failed check `name`, if it failed.
fn failed_check(report: &Value, name: &str) -> Option<String> {
    report["checks"]
        .as_array()?
        .iter()
        .find(|c| c["check"] == name && c["ok"] == false)
        .map(|c| c["detail"].as_str().unwrap_or_default().to_string())
}

/// Fail the test unless jwtadm accepted the token: exit 0, every check passed, the header's
/// algorithm is `alg` and the claims are `claims`.
fn assert_valid(what: &str, (code, report): (i32, Value), alg: &str, claims: &Value) {
    assert_eq!(code, 0, "{what}: {report:#}");
    assert_eq!(report["valid"], true, "{what}: {report:#}");
    assert_eq!(report["header"]["alg"], alg, "{what}: {report:#}");
    assert_eq!(
        &report["claims"], claims,
        "{what}: other claims than were signed"
    );
    assert!(
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["ok"] == true),
        "{what}: {report:#}"
    );
}

/// The claims the others sign here: every registered claim jwtadm checks and some of an MCP
/// client's, valid at `NOW`.
fn foreign_payload() -> Value {
    json!({
        "sub": "vscode1@exai-mcp.local",
        "iss": ISS,
        "aud": AUD,
        "iat": NOW - 600,
        "nbf": NOW - 600,
        "exp": NOW + 3600,
        "jti": "b1946ac92492d2347c6235b4d2611184",
        "name": "VS Code — Ünïcode",
        "role": "admin",
        "quota": 250,
        "scopes": ["read", "write"],
    })
}

/// Whether `pem` (one PEM block) holds the RSASSA-PSS algorithm identifier.
fn marked_rsassa_pss(pem: &str) -> bool {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = STANDARD.decode(body).expect("PEM body is base64");
    der.windows(RSASSA_PSS_OID.len())
        .any(|w| w == RSASSA_PSS_OID)
}

/// Say on stderr that the test `name` is skipped, or fail it when `require` is set to 1.
fn skip_or_fail(name: &str, require: &str, what: &str, why: &str) {
    if std::env::var(require).as_deref() == Ok("1") {
        panic!("interop test {name}: {what} is required ({require}=1) but not available: {why}");
    }
    // One write straight to the stderr handle, past the harness's capture, so that it shows
    // and parallel tests' lines do not interleave.
    let line = format!("SKIPPED interop test {name}: {what} not installed: {why}\n");
    let _ = std::io::stderr().write_all(line.as_bytes());
}

/// Run `program ARGS` with `request` as JSON on standard input; its JSON answer.
fn run_json(mut cmd: Process, what: &str, request: &Value) -> Value {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("start {what}: {e}"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(request.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{what} printed no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// A key pair another library generated, and tokens it signed with it.
struct ForeignKey {
    public_pem: String,
    /// The bare public JWK, as the library exports it (no kid, no alg).
    public_jwk: Value,
    private_pem: String,
    /// Public JWKs of other keys of the same type, each with a kid `decoy-N`.
    decoys: Vec<Value>,
    /// Signed with the key's kid `KID` in the header.
    with_kid: String,
    /// Signed with no kid in the header.
    without_kid: String,
    /// Signed with the key, but with the kid `decoy-1` in the header.
    decoy_kid: String,
}

/// The kid the others give their key.
const KID: &str = "foreign-key-1";

/// The others' keys and tokens verify in jwtadm: `--key` with the public PEM, the public JWK
/// and the private PEM (0600); `--jwks` of a set of several keys, by kid and without one. A
/// header kid that names another key of the set is not rescued by trying the rest, and a
/// private key others can read is refused.
fn foreign_key_verifies_in_jwtadm(who: &str, alg: &str, f: &ForeignKey) {
    let dir = tempfile::tempdir().unwrap();
    let pub_pem = dir.path().join("pub.pem");
    let pub_jwk = dir.path().join("pub.jwk");
    let priv_pem = dir.path().join("priv.pem");
    let jwks = dir.path().join("jwks.json");
    write_public(&pub_pem, &f.public_pem);
    write_public(&pub_jwk, &f.public_jwk.to_string());
    write_private(&priv_pem, &f.private_pem);
    let mut published = f.public_jwk.clone();
    published["kid"] = json!(KID);
    published["alg"] = json!(alg);
    published["use"] = json!("sig");
    let mut keys = f.decoys.clone();
    keys.insert(1.min(keys.len()), published);
    write_public(&jwks, &json!({ "keys": keys }).to_string());

    let claims = foreign_payload();
    let key_pem = format!("file:{}", pub_pem.display());
    let key_jwk = format!("file:{}", pub_jwk.display());
    let key_priv = format!("file:{}", priv_pem.display());
    let jwks_file = jwks.display().to_string();
    for (token, kid) in [(&f.with_kid, "with kid"), (&f.without_kid, "without kid")] {
        for how in [
            ["--key", key_pem.as_str()],
            ["--key", key_jwk.as_str()],
            ["--key", key_priv.as_str()],
            ["--jwks", jwks_file.as_str()],
        ] {
            let what = format!("{who} {alg} token {kid}, jwtadm {}", how.join(" "));
            assert_valid(
                &what,
                verify_json(token, &[&EXPECT[..], &how[..]].concat()),
                alg,
                &claims,
            );
        }
    }

    // By kid: the kid that names a decoy selects the decoy, whose signature check fails.
    let (code, report) = verify_json(
        &f.decoy_kid,
        &[&EXPECT[..], &["--jwks", &jwks_file]].concat(),
    );
    assert_eq!(
        code, 1,
        "{who} {alg}: a kid naming another key passed: {report:#}"
    );
    assert!(failed_check(&report, "signature").is_some(), "{report:#}");
    // The same token with --key: the kid is only a hint there, the key is the one given.
    assert_valid(
        &format!("{who} {alg} token with a decoy's kid, jwtadm --key"),
        verify_json(&f.decoy_kid, &[&EXPECT[..], &["--key", &key_pem]].concat()),
        alg,
        &claims,
    );
    // A set without the key: the token is rejected, by kid or not.
    let others = dir.path().join("others.json");
    write_public(&others, &json!({ "keys": f.decoys }).to_string());
    for token in [&f.with_kid, &f.without_kid] {
        let (code, report) = verify_json(
            token,
            &[&EXPECT[..], &["--jwks", &others.display().to_string()]].concat(),
        );
        assert_eq!(code, 1, "{who} {alg}: a JWKS without the key: {report:#}");
    }
    // A private key group or others can read is refused (exit 4); the public ones above were
    // 0644.
    #[cfg(unix)]
    {
        crate::common::chmod(&priv_pem, 0o644);
        let args = [&EXPECT[..], &["--key", &key_priv]].concat();
        let (code, stderr) = verify_code(&f.with_kid, &args);
        assert_eq!(
            code, 4,
            "{who} {alg}: a 0644 private key was used: {stderr}"
        );
        assert!(stderr.contains("chmod 600"), "{stderr}");
    }
}

// ---------------------------------------------------------------------------------------------
// PyJWT with cryptography
// ---------------------------------------------------------------------------------------------

/// The Python side: a mode (argv[1]) and a request (JSON on standard input); one JSON object out.
const PY: &str = r#"
import json, os, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from jwt.algorithms import get_default_algorithms
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

req = json.loads(sys.stdin.buffer.read().decode("utf-8"))
mode = sys.argv[1]
ALGS = get_default_algorithms()


def decode(token, key, alg):
    try:
        claims = jwt.decode(token, key, algorithms=[alg], audience=req.get("audience"),
                            issuer=req.get("issuer"))
    except jwt.PyJWTError as e:
        return {"error": type(e).__name__, "message": str(e)}
    return {"claims": claims, "header": jwt.get_unverified_header(token)}


def new_key(alg):
    if alg == "ES256":
        return ec.generate_private_key(ec.SECP256R1())
    if alg == "ES384":
        return ec.generate_private_key(ec.SECP384R1())
    if alg == "EdDSA":
        return ed25519.Ed25519PrivateKey.generate()
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def jwk(alg, public_key):
    return ALGS[alg].to_jwk(public_key, as_dict=True)


if mode == "verify_pem":
    out = decode(req["token"], req["pem"], req["alg"])
elif mode == "pyjwkclient":
    # The JWKS served by a loopback http.server thread, fetched by PyJWKClient.
    body = json.dumps(req["jwks"]).encode()
    seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.path)
            if self.path != "/.well-known/jwks.json":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1"
    url = "http://127.0.0.1:%d/.well-known/jwks.json" % server.server_address[1]
    client = jwt.PyJWKClient(url, timeout=10)
    results = []
    for t in req["tokens"]:
        try:
            key = client.get_signing_key_from_jwt(t["token"])
        except jwt.PyJWTError as e:
            results.append({"error": type(e).__name__, "message": str(e)})
            continue
        r = decode(t["token"], key, t["alg"])
        r["kid"] = key.key_id
        results.append(r)
    server.shutdown()
    out = {"url": url, "requests": seen, "results": results}
elif mode == "load_private":
    key = serialization.load_pem_private_key(req["pem"].encode(), password=None)
    out = {
        "type": type(key).__name__,
        "jwk": jwk(req["alg"], key.public_key()),
        "token": jwt.encode(req["payload"], key, algorithm=req["alg"]),
    }
elif mode == "sign":
    alg = req["alg"]
    key = new_key(alg)
    decoys = []
    for i in (1, 2):
        d = jwk(alg, new_key(alg).public_key())
        d.update({"kid": "decoy-%d" % i, "alg": alg, "use": "sig"})
        decoys.append(d)
    payload = req["payload"]
    out = {
        "public_pem": key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode(),
        "public_jwk": jwk(alg, key.public_key()),
        "private_pem": key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()
        ).decode(),
        "decoys": decoys,
        "with_kid": jwt.encode(payload, key, algorithm=alg, headers={"kid": req["kid"]}),
        "without_kid": jwt.encode(payload, key, algorithm=alg),
        "decoy_kid": jwt.encode(payload, key, algorithm=alg, headers={"kid": "decoy-1"}),
    }
else:
    raise SystemExit("unknown mode " + mode)
print(json.dumps(out))
"#;

/// A Python with PyJWT and `cryptography`.
struct PyJwt {
    exe: OsString,
}

/// Whether PyJWT with `cryptography` imports: `Ok(python)` or `Err(why not)`. Probed once.
fn py_probe() -> &'static Result<OsString, String> {
    static PROBE: OnceLock<Result<OsString, String>> = OnceLock::new();
    PROBE.get_or_init(|| {
        let exe = std::env::var_os("JWTADM_PYTHON")
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| "python3".into());
        let shown = exe.to_string_lossy().into_owned();
        let probe = "import jwt, cryptography\nfrom jwt.algorithms import has_crypto\n\
                     assert has_crypto, 'PyJWT does not see cryptography'";
        match Process::new(&exe)
            .args(["-c", probe])
            .stdin(Stdio::null())
            .output()
        {
            Err(e) => Err(format!("cannot run {shown}: {e}")),
            Ok(o) if !o.status.success() => Err(format!(
                "{shown} cannot import PyJWT with cryptography ({})",
                String::from_utf8_lossy(&o.stderr)
                    .lines()
                    .rfind(|l| !l.trim().is_empty())
                    .unwrap_or("no error message")
                    .trim()
            )),
            Ok(_) => Ok(exe),
        }
    })
}

/// PyJWT with `cryptography` for the test `name`, or `None` after saying it is skipped.
fn pyjwt(name: &str) -> Option<PyJwt> {
    match py_probe() {
        Ok(exe) => Some(PyJwt { exe: exe.clone() }),
        Err(why) => {
            skip_or_fail(
                name,
                "JWTADM_REQUIRE_PYJWT",
                "PyJWT[crypto] (PyJWT with cryptography; set JWTADM_PYTHON or run .ci/run)",
                why,
            );
            None
        }
    }
}

impl PyJwt {
    fn run(&self, mode: &str, request: &Value) -> Value {
        let mut cmd = Process::new(&self.exe);
        cmd.args(["-c", PY, mode]);
        run_json(cmd, &format!("python {mode}"), request)
    }

    /// `jwt.decode(token, public_pem, algorithms=[alg], audience=AUD, issuer=ISS)`.
    fn verify_pem(&self, token: &str, pem: &str, alg: &str) -> Value {
        self.run(
            "verify_pem",
            &json!({"token": token, "pem": pem, "alg": alg, "audience": AUD, "issuer": ISS}),
        )
    }

    /// A key `cryptography` generates for `alg`, and tokens PyJWT signs with it.
    fn sign(&self, alg: &str) -> ForeignKey {
        let v = self.run(
            "sign",
            &json!({"alg": alg, "kid": KID, "payload": foreign_payload()}),
        );
        foreign_key(&v)
    }
}

fn foreign_key(v: &Value) -> ForeignKey {
    let s = |k: &str| {
        v[k].as_str()
            .unwrap_or_else(|| panic!("no {k}: {v}"))
            .to_string()
    };
    ForeignKey {
        public_pem: s("public_pem"),
        public_jwk: v["public_jwk"].clone(),
        private_pem: s("private_pem"),
        decoys: v["decoys"].as_array().unwrap().clone(),
        with_kid: s("with_kid"),
        without_kid: s("without_kid"),
        decoy_kid: s("decoy_kid"),
    }
}

// ---- jwtadm → PyJWT -------------------------------------------------------------------------

/// For every algorithm: `key gen`, `token issue --key`, and PyJWT (with cryptography) verifies
/// the token with `key public --format pem`, reading the claims jwtadm signed; another key of
/// the same type, or another algorithm, is refused.
#[test]
fn jwtadm_key_tokens_of_every_algorithm_verify_in_pyjwt_with_the_public_pem() {
    let name = "jwtadm_key_tokens_of_every_algorithm_verify_in_pyjwt_with_the_public_pem";
    let Some(py) = pyjwt(name) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let keys = every_jwtadm_key(dir.path());
    for (i, key) in keys.iter().enumerate() {
        let (token, claims) = key.issue();
        let got = py.verify_pem(&token, &key.public_pem_text(), key.alg);
        assert!(
            got.get("error").is_none(),
            "PyJWT refused jwtadm's {}: {got}",
            key.alg
        );
        assert_eq!(got["claims"], claims, "{}", key.alg);
        assert_eq!(got["claims"]["name"], "VS Code — Ünïcode");
        assert_eq!(got["header"]["alg"], key.alg);
        assert_eq!(got["header"]["typ"], "JWT");
        assert_eq!(got["header"]["kid"], key.kid);

        // Another key of the same type is refused.
        let other =
            std::fs::read_to_string(other_key_of_the_same_type(dir.path(), &keys, i)).unwrap();
        let wrong = py.verify_pem(&token, &other, key.alg);
        assert_eq!(
            wrong["error"], "InvalidSignatureError",
            "{}: {wrong}",
            key.alg
        );
    }
}

/// `jwtadm key jwks` of a key of every algorithm, as one JWK Set served by a Python http.server
/// thread on 127.0.0.1: PyJWKClient fetches it, picks each token's key by kid, and PyJWT verifies
/// every token; a token whose key is not in the set is refused.
#[test]
fn jwtadm_jwks_served_over_loopback_http_verifies_every_algorithm_in_pyjwkclient() {
    let name = "jwtadm_jwks_served_over_loopback_http_verifies_every_algorithm_in_pyjwkclient";
    let Some(py) = pyjwt(name) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let keys = every_jwtadm_key(dir.path());
    let unpublished = JwtadmKey::generate_as(dir.path(), "unpublished", "ES256", "ES256");
    let mut issued: Vec<(String, Value)> = keys.iter().map(|k| k.issue()).collect();
    issued.push(unpublished.issue());
    let tokens: Vec<Value> = issued
        .iter()
        .zip(keys.iter().chain([&unpublished]))
        .map(|((t, _), k)| json!({"token": t, "alg": k.alg}))
        .collect();
    let v = py.run(
        "pyjwkclient",
        &json!({"jwks": merged_jwks(&keys), "tokens": tokens, "audience": AUD, "issuer": ISS}),
    );
    assert!(
        v["url"].as_str().unwrap().starts_with("http://127.0.0.1:"),
        "{v}"
    );
    let requests = v["requests"].as_array().unwrap();
    assert!(!requests.is_empty(), "PyJWKClient fetched nothing: {v}");
    assert!(
        requests.iter().all(|p| p == "/.well-known/jwks.json"),
        "{v}"
    );
    let results = v["results"].as_array().unwrap();
    for ((key, (_, claims)), got) in keys.iter().zip(&issued).zip(results) {
        assert!(
            got.get("error").is_none(),
            "PyJWKClient: {}: {got}",
            key.alg
        );
        assert_eq!(got["kid"], key.kid, "{}: picked another key", key.alg);
        assert_eq!(&got["claims"], claims, "{}", key.alg);
        assert_eq!(got["header"]["alg"], key.alg);
    }
    let refused = &results[keys.len()];
    assert_eq!(refused["error"], "PyJWKClientError", "{refused}");
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("Unable to find a signing key that matches"),
        "{refused}"
    );
}

/// Python `cryptography` loads every private key jwtadm writes, the PS* ones (marked
/// RSASSA-PSS) included: its public half is the one jwtadm publishes, and PyJWT's token signed
/// with it verifies in jwtadm with jwtadm's public PEM.
#[test]
fn python_cryptography_loads_jwtadm_private_keys_including_an_rsassa_pss_one() {
    let name = "python_cryptography_loads_jwtadm_private_keys_including_an_rsassa_pss_one";
    let Some(py) = pyjwt(name) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for key in every_jwtadm_key(dir.path()) {
        let pem = key.private_pem_text();
        assert!(
            pem.starts_with("-----BEGIN PRIVATE KEY-----\n"),
            "{}",
            key.alg
        );
        assert_eq!(
            marked_rsassa_pss(&pem),
            key.alg.starts_with("PS"),
            "{}: only a PS* key is marked RSASSA-PSS",
            key.alg
        );
        let v = py.run(
            "load_private",
            &json!({"pem": pem, "alg": key.alg, "payload": foreign_payload()}),
        );
        let expected_type = match key.alg {
            "ES256" | "ES384" => "ECPrivateKey",
            "EdDSA" => "Ed25519PrivateKey",
            _ => "RSAPrivateKey",
        };
        assert!(
            v["type"].as_str().unwrap().contains(expected_type),
            "{}: {v}",
            key.alg
        );
        // The same public key: every member of cryptography's JWK is jwtadm's.
        for (member, value) in v["jwk"].as_object().unwrap() {
            if member != "key_ops" {
                assert_eq!(&key.public_jwk[member], value, "{}: {member}", key.alg);
            }
        }
        let token = v["token"].as_str().unwrap();
        let public = format!("file:{}", key.public_pem.display());
        assert_valid(
            &format!("PyJWT {} token signed with jwtadm's private key", key.alg),
            verify_json(token, &[&EXPECT[..], &["--key", &public]].concat()),
            key.alg,
            &foreign_payload(),
        );
    }
}

// ---- PyJWT → jwtadm -------------------------------------------------------------------------

/// One test per algorithm, each calling `$body(ALG, test name)`, in a module named for what the
/// tests prove: `interop_keys::pyjwt_tokens_verify_in_jwtadm::es256`.
macro_rules! per_algorithm {
    ($module:ident, $body:ident) => {
        mod $module {
            #[test]
            fn es256() {
                super::$body("ES256", concat!(stringify!($module), "::es256"));
            }
            #[test]
            fn es384() {
                super::$body("ES384", concat!(stringify!($module), "::es384"));
            }
            #[test]
            fn eddsa() {
                super::$body("EdDSA", concat!(stringify!($module), "::eddsa"));
            }
            #[test]
            fn rs256() {
                super::$body("RS256", concat!(stringify!($module), "::rs256"));
            }
            #[test]
            fn rs384() {
                super::$body("RS384", concat!(stringify!($module), "::rs384"));
            }
            #[test]
            fn rs512() {
                super::$body("RS512", concat!(stringify!($module), "::rs512"));
            }
            #[test]
            fn ps256() {
                super::$body("PS256", concat!(stringify!($module), "::ps256"));
            }
            #[test]
            fn ps384() {
                super::$body("PS384", concat!(stringify!($module), "::ps384"));
            }
            #[test]
            fn ps512() {
                super::$body("PS512", concat!(stringify!($module), "::ps512"));
            }
        }
    };
}

/// A key `cryptography` generates and tokens PyJWT signs with it verify in jwtadm with `--key`
/// (public PEM, public JWK, private PEM) and `--jwks` (several keys; by kid and without one).
fn pyjwt_token_verifies_in_jwtadm(alg: &str, name: &str) {
    let Some(py) = pyjwt(name) else {
        return;
    };
    foreign_key_verifies_in_jwtadm("PyJWT", alg, &py.sign(alg));
}

per_algorithm!(
    pyjwt_tokens_verify_in_jwtadm,
    pyjwt_token_verifies_in_jwtadm
);

// ---------------------------------------------------------------------------------------------
// node jose
// ---------------------------------------------------------------------------------------------

/// The node side: a mode (argv[2]) and a request (JSON on standard input); one JSON object out,
/// `{"error": code, "message"}` when jose refuses.
const JOSE: &str = r#"
import * as jose from "jose";
import { readFileSync } from "node:fs";
const req = JSON.parse(readFileSync(0, "utf8"));
const mode = process.argv[2];
const options = { algorithms: req.algorithms, issuer: req.issuer, audience: req.audience };
const failed = (e) => ({ error: e.code ?? e.name ?? String(e), message: String(e.message ?? e) });
async function verify(key) {
  try {
    const { payload, protectedHeader } = await jose.jwtVerify(req.token, key, options);
    return { payload, header: protectedHeader };
  } catch (e) {
    return failed(e);
  }
}
async function sign(key, alg, kid) {
  const header = kid === undefined ? { alg, typ: "JWT" } : { alg, typ: "JWT", kid };
  return new jose.SignJWT(req.payload).setProtectedHeader(header).sign(key);
}
let out;
try {
  if (mode === "verify_jwks") {
    out = await verify(jose.createLocalJWKSet(req.jwks));
  } else if (mode === "verify_spki") {
    out = await verify(await jose.importSPKI(req.pem, req.alg));
  } else if (mode === "import_pkcs8") {
    const key = await jose.importPKCS8(req.pem, req.alg);
    out = { token: await sign(key, req.alg), type: key.algorithm?.name ?? key.asymmetricKeyType };
  } else if (mode === "sign") {
    const pair = () => jose.generateKeyPair(req.alg, { extractable: true });
    const { publicKey, privateKey } = await pair();
    const decoys = [];
    for (const i of [1, 2]) {
      const jwk = await jose.exportJWK((await pair()).publicKey);
      decoys.push({ ...jwk, kid: `decoy-${i}`, alg: req.alg, use: "sig" });
    }
    out = {
      public_pem: await jose.exportSPKI(publicKey),
      public_jwk: await jose.exportJWK(publicKey),
      private_pem: await jose.exportPKCS8(privateKey),
      decoys,
      with_kid: await sign(privateKey, req.alg, req.kid),
      without_kid: await sign(privateKey, req.alg),
      decoy_kid: await sign(privateKey, req.alg, "decoy-1"),
    };
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
} catch (e) {
  out = failed(e);
}
console.log(JSON.stringify(out));
"#;

struct Jose {
    script: PathBuf,
}

/// node with jose: `Ok(the script, beside node_modules)` or `Err(why not)`. Probed once; the
/// script is written once, by rename, so that no test reads it half-written.
fn jose_probe() -> &'static Result<PathBuf, String> {
    static PROBE: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    PROBE.get_or_init(|| {
        let dir = std::env::var_os("JWTADM_JOSE_DIR")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .ok_or("JWTADM_JOSE_DIR is not set")?;
        if !dir.join("node_modules/jose/package.json").is_file() {
            return Err(format!("{} has no node_modules/jose", dir.display()));
        }
        match Process::new("node").arg("--version").output() {
            Ok(o) if o.status.success() => {}
            _ => return Err("node is not on the PATH".into()),
        }
        let script = dir.join("jwtadm-interop-keys.mjs");
        let staged = dir.join(format!("jwtadm-interop-keys.{}.tmp", std::process::id()));
        std::fs::write(&staged, JOSE).expect("write the node script");
        std::fs::rename(&staged, &script).expect("put the node script in place");
        Ok(script)
    })
}

/// node jose for the test `name`, or `None` after saying it is skipped.
fn jose(name: &str) -> Option<Jose> {
    match jose_probe() {
        Ok(script) => Some(Jose {
            script: script.clone(),
        }),
        Err(why) => {
            skip_or_fail(name, "JWTADM_REQUIRE_JOSE", "node jose", why);
            None
        }
    }
}

impl Jose {
    fn run(&self, mode: &str, request: &Value) -> Value {
        let mut cmd = Process::new("node");
        cmd.arg(&self.script).arg(mode);
        run_json(cmd, &format!("node {mode}"), request)
    }

    fn verify_jwks(&self, token: &str, jwks: &Value, alg: &str) -> Value {
        self.run(
            "verify_jwks",
            &json!({"token": token, "jwks": jwks, "algorithms": [alg], "issuer": ISS, "audience": AUD}),
        )
    }

    fn verify_spki(&self, token: &str, pem: &str, alg: &str) -> Value {
        self.run(
            "verify_spki",
            &json!({"token": token, "pem": pem, "alg": alg, "algorithms": [alg], "issuer": ISS, "audience": AUD}),
        )
    }

    fn import_pkcs8(&self, pem: &str, alg: &str) -> Value {
        self.run(
            "import_pkcs8",
            &json!({"pem": pem, "alg": alg, "payload": foreign_payload()}),
        )
    }

    fn sign(&self, alg: &str) -> ForeignKey {
        let v = self.run(
            "sign",
            &json!({"alg": alg, "kid": KID, "payload": foreign_payload()}),
        );
        assert!(v.get("error").is_none(), "jose could not sign {alg}: {v}");
        foreign_key(&v)
    }
}

/// The keys whose private PEM jose's `importPKCS8` is given: one of each algorithm, except that
/// the PS* tokens are signed with an RSA key (`key gen --alg RS256`, signing `--alg PS256` and so
/// on). A PS* key's own private PEM (RSASSA-PSS) has its own test: WebCrypto does not read it.
fn pkcs8_importable_keys(dir: &Path) -> Vec<JwtadmKey> {
    ALGS.iter()
        .map(|&alg| {
            let gen_alg = if alg.starts_with("PS") { "RS256" } else { alg };
            JwtadmKey::generate_as(dir, &format!("{alg}-pem"), gen_alg, alg)
        })
        .collect()
}

// ---- jwtadm → jose --------------------------------------------------------------------------

/// For every algorithm, jwtadm's token verifies in jose against `createLocalJWKSet` of one set
/// holding a key of every algorithm (so picked by kid); a set without the key is refused.
#[test]
fn jwtadm_key_tokens_of_every_algorithm_verify_in_node_jose_with_a_local_jwks() {
    let name = "jwtadm_key_tokens_of_every_algorithm_verify_in_node_jose_with_a_local_jwks";
    let Some(jose) = jose(name) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let keys = every_jwtadm_key(dir.path());
    let jwks = merged_jwks(&keys);
    for key in &keys {
        let (token, claims) = key.issue();
        let got = jose.verify_jwks(&token, &jwks, key.alg);
        assert!(
            got.get("error").is_none(),
            "jose refused jwtadm's {}: {got}",
            key.alg
        );
        assert_eq!(got["payload"], claims, "{}", key.alg);
        assert_eq!(got["header"]["kid"], key.kid);
        assert_eq!(got["header"]["alg"], key.alg);
        let others: Vec<&JwtadmKey> = keys.iter().filter(|k| k.kid != key.kid).collect();
        let without =
            json!({"keys": others.iter().map(|k| k.jwks["keys"][0].clone()).collect::<Vec<_>>()});
        let refused = jose.verify_jwks(&token, &without, key.alg);
        assert_eq!(
            refused["error"], "ERR_JWKS_NO_MATCHING_KEY",
            "{}: {refused}",
            key.alg
        );
    }
}

/// jwtadm's public PEM imports with jose's `importSPKI` and verifies jwtadm's token, for every
/// algorithm, a PS* key's included (its public key is written under rsaEncryption, which
/// WebCrypto requires); another key's PEM is refused.
#[test]
fn jwtadm_public_pem_imports_in_node_jose_import_spki() {
    let Some(jose) = jose("jwtadm_public_pem_imports_in_node_jose_import_spki") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let keys = every_jwtadm_key(dir.path());
    for key in &keys {
        assert!(!marked_rsassa_pss(&key.public_pem_text()), "{}", key.alg);
        let (token, claims) = key.issue();
        let got = jose.verify_spki(&token, &key.public_pem_text(), key.alg);
        assert!(
            got.get("error").is_none(),
            "jose refused jwtadm's {}: {got}",
            key.alg
        );
        assert_eq!(got["payload"], claims, "{}", key.alg);
    }
    let (token, _) = keys[0].issue();
    let other = JwtadmKey::generate_as(dir.path(), "other", keys[0].alg, keys[0].alg);
    let refused = jose.verify_spki(&token, &other.public_pem_text(), keys[0].alg);
    assert_eq!(
        refused["error"], "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
        "{refused}"
    );
}

/// jose's `importPKCS8` (which requires the text to start `-----BEGIN PRIVATE KEY-----`) reads
/// jwtadm's private key as written, for every algorithm (PS* with an RSA key): jose's token
/// signed with it verifies in jwtadm with jwtadm's public PEM.
#[test]
fn jwtadm_private_pem_imports_in_node_jose_import_pkcs8() {
    let Some(jose) = jose("jwtadm_private_pem_imports_in_node_jose_import_pkcs8") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for key in pkcs8_importable_keys(dir.path()) {
        let got = jose.import_pkcs8(&key.private_pem_text(), key.alg);
        assert!(
            got.get("error").is_none(),
            "jose could not import jwtadm's {} key: {got}",
            key.alg
        );
        let public = format!("file:{}", key.public_pem.display());
        assert_valid(
            &format!("jose {} token signed with jwtadm's private key", key.alg),
            verify_json(
                got["token"].as_str().unwrap(),
                &[&EXPECT[..], &["--key", &public]].concat(),
            ),
            key.alg,
            &foreign_payload(),
        );
    }
}

/// A PS* key as `jwtadm key gen --alg PS256` writes it: its private PEM is marked RSASSA-PSS
/// (RFC 4055), and WebCrypto, which jose runs on, imports RSA-PSS keys only under
/// rsaEncryption, so jose's `importPKCS8` refuses it ("Invalid key type"); its public PEM
/// (rsaEncryption) and its JWK (`key jwks`) verify its tokens in jose. When this test fails
/// because jose reads the private PEM, the README's note on PS* keys and jose can go.
#[test]
fn node_jose_reads_a_ps_keys_public_pem_and_jwks_but_not_its_rsassa_pss_private_pem() {
    let name = "node_jose_reads_a_ps_keys_public_pem_and_jwks_but_not_its_rsassa_pss_private_pem";
    let Some(jose) = jose(name) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for alg in ["PS256", "PS384", "PS512"] {
        let key = JwtadmKey::generate(dir.path(), alg);
        assert!(marked_rsassa_pss(&key.private_pem_text()), "{alg}");
        assert!(!marked_rsassa_pss(&key.public_pem_text()), "{alg}");
        let (token, claims) = key.issue();
        let got = jose.verify_jwks(&token, &key.jwks, alg);
        assert_eq!(got["payload"], claims, "{alg}: {got}");
        let got = jose.verify_spki(&token, &key.public_pem_text(), alg);
        assert_eq!(got["payload"], claims, "{alg}: {got}");
        let pkcs8 = jose.import_pkcs8(&key.private_pem_text(), alg);
        assert!(
            pkcs8["message"]
                .as_str()
                .is_some_and(|m| m.contains("Invalid key type")),
            "{alg}: jose now reads an RSASSA-PSS private key: {pkcs8}"
        );
    }
}

// ---- jose → jwtadm --------------------------------------------------------------------------

/// A key jose generates (`generateKeyPair`, exported with `exportSPKI`, `exportJWK` and
/// `exportPKCS8`) and tokens jose signs with it verify in jwtadm with `--key` and `--jwks`.
fn jose_token_verifies_in_jwtadm(alg: &str, name: &str) {
    let Some(jose) = jose(name) else {
        return;
    };
    foreign_key_verifies_in_jwtadm("jose", alg, &jose.sign(alg));
}

per_algorithm!(
    node_jose_tokens_verify_in_jwtadm,
    jose_token_verifies_in_jwtadm
);

// ---------------------------------------------------------------------------------------------
// Algorithm confusion (RFC 8725 §3.1)
// ---------------------------------------------------------------------------------------------

/// An HS256 token whose HMAC key is `key`'s bytes, with the kid `kid` when given.
fn hs256_with_secret(key: &[u8], kid: Option<&str>, payload: &Value) -> String {
    let header = match kid {
        Some(kid) => json!({"alg": "HS256", "typ": "JWT", "kid": kid}),
        None => json!({"alg": "HS256", "typ": "JWT"}),
    };
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(payload.to_string())
    );
    let tag = aws_lc_rs::hmac::sign(
        &aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, key),
        input.as_bytes(),
    );
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(tag.as_ref()))
}

/// The attack: an HS256 token signed with the public key's PEM (the file's bytes, and without
/// its last newline) as the HMAC secret. `token verify` refuses it (exit 1) with `--key` (the
/// PEM, the JWK) and `--jwks` (kid or none), with or without `--alg HS256`. The forgery itself
/// is right (jsonwebtoken verifies it with the PEM as the secret), and `--secret` refuses the
/// PEM as a secret.
#[test]
fn hs256_token_signed_with_the_public_pem_as_secret_is_rejected_by_key_and_jwks() {
    let dir = tempfile::tempdir().unwrap();
    for alg in ["ES256", "EdDSA", "RS256", "PS256"] {
        let key = JwtadmKey::generate(dir.path(), alg);
        let pem = key.public_pem_text();
        let jwk = dir.path().join(format!("{alg}.jwk"));
        write_public(&jwk, &key.public_jwk.to_string());
        let jwks = dir.path().join(format!("{alg}.jwks.json"));
        write_public(&jwks, &key.jwks.to_string());
        let key_pem = format!("file:{}", key.public_pem.display());
        let key_jwk = format!("file:{}", jwk.display());
        let jwks_file = jwks.display().to_string();
        let payload = foreign_payload();
        for secret in [pem.as_bytes(), pem.trim_end().as_bytes()] {
            for kid in [Some(key.kid.as_str()), None] {
                let forged = hs256_with_secret(secret, kid, &payload);
                for how in [
                    ["--key", key_pem.as_str()],
                    ["--key", key_jwk.as_str()],
                    ["--jwks", jwks_file.as_str()],
                ] {
                    for alg_flag in [&[][..], &["--alg", "HS256"][..]] {
                        let args = [&EXPECT[..], &how[..], alg_flag].concat();
                        let (code, report) = verify_json(&forged, &args);
                        let what = format!("{alg} key, kid {kid:?}, {}", args.join(" "));
                        assert_eq!(code, 1, "{what}: the forged token passed: {report:#}");
                        assert_eq!(report["valid"], false, "{what}");
                        let why = failed_check(&report, "algorithm")
                            .or_else(|| failed_check(&report, "signature"))
                            .unwrap_or_default();
                        assert!(why.contains("RFC 8725 §3.1"), "{what}: {report:#}");
                    }
                }
            }
        }
        // The control: the forgery is a valid HS256 token under those bytes, as another
        // library checks it (a file's last newline is not part of its secret).
        let forged = hs256_with_secret(pem.trim_end().as_bytes(), None, &payload);
        let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
        // The test's clock is jwtadm's fixed one, in the past: the signature is what counts.
        v.validate_aud = false;
        v.validate_exp = false;
        v.required_spec_claims.clear();
        let checked = jsonwebtoken::decode::<Value>(
            &forged,
            &jsonwebtoken::DecodingKey::from_secret(pem.trim_end().as_bytes()),
            &v,
        );
        assert!(
            checked.is_ok(),
            "{alg}: the forgery is not a valid HS256 token: {checked:?}"
        );
        // And jwtadm does not take a key pair's key as an HMAC secret either (the review of
        // issue 13 found `--secret file:PUBLIC.pem` verified the forgery).
        let secret = dir.path().join(format!("{alg}.as-secret"));
        write_private(&secret, &pem);
        let out = jwtadm()
            .args(["token", "verify"])
            .args(EXPECT)
            .args(["--secret", &format!("file:{}", secret.display()), &forged])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{alg}: {}", stdout(&out));
        assert!(
            stderr(&out).contains("algorithm confusion"),
            "{alg}: {}",
            stderr(&out)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// jwt-cli
// ---------------------------------------------------------------------------------------------

/// jwt-cli's `jwt` on the PATH, or `None` after saying the test is skipped (unless
/// `JWTADM_REQUIRE_JWTCLI=1`).
fn jwt_cli(name: &str) -> Option<()> {
    let why = match Process::new("jwt").arg("--version").output() {
        Ok(o) if o.status.success() && String::from_utf8_lossy(&o.stdout).starts_with("jwt ") => {
            return Some(());
        }
        Ok(o) => format!(
            "`jwt --version` printed {:?}: not jwt-cli",
            String::from_utf8_lossy(&o.stdout).trim()
        ),
        Err(e) => format!("no `jwt` on the PATH ({e}); cargo install jwt-cli --locked"),
    };
    skip_or_fail(name, "JWTADM_REQUIRE_JWTCLI", "jwt-cli", &why);
    None
}

/// `jwt decode -j -S @PEM -A ALG TOKEN`: the exit code, the JSON printed and standard error.
fn jwt_decode(pem: &Path, alg: &str, token: &str) -> (i32, Value, String) {
    // jwt-cli spells EdDSA in capitals.
    let alg = if alg == "EdDSA" { "EDDSA" } else { alg };
    let out = Process::new("jwt")
        .args(["decode", "-j", "-S"])
        .arg(format!("@{}", pem.display()))
        .args(["-A", alg, token])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (
        out.status.code().unwrap_or(-1),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// jwt-cli decodes and validates jwtadm's tokens of every algorithm it has (all nine) with the
/// public PEM (`jwt decode -S @pub.pem -A ALG`), and refuses them with another key's PEM or
/// another algorithm.
#[test]
fn jwt_cli_decodes_and_validates_jwtadm_tokens_with_the_public_pem() {
    let name = "jwt_cli_decodes_and_validates_jwtadm_tokens_with_the_public_pem";
    if jwt_cli(name).is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let keys = every_jwtadm_key(dir.path());
    for (i, key) in keys.iter().enumerate() {
        let (token, claims) = key.issue();
        let (code, got, stderr) = jwt_decode(&key.public_pem, key.alg, &token);
        assert_eq!(code, 0, "jwt-cli refused jwtadm's {}: {stderr}", key.alg);
        assert_eq!(got["payload"], claims, "{}", key.alg);
        assert_eq!(got["header"]["alg"], key.alg);
        assert_eq!(got["header"]["kid"], key.kid);
        let other = other_key_of_the_same_type(dir.path(), &keys, i);
        let (code, _, stderr) = jwt_decode(&other, key.alg, &token);
        assert_ne!(code, 0, "{}: jwt-cli took another key: {stderr}", key.alg);
        let wrong_alg = if key.alg == "ES256" { "ES384" } else { "ES256" };
        let (code, _, stderr) = jwt_decode(&key.public_pem, wrong_alg, &token);
        assert_ne!(code, 0, "{}: jwt-cli took {wrong_alg}: {stderr}", key.alg);
    }
}

// ---------------------------------------------------------------------------------------------
// --jwks over loopback HTTP
// ---------------------------------------------------------------------------------------------

/// `jwtadm token verify --jwks http://127.0.0.1:PORT/jwks.json` fetches the set from a loopback
/// HTTP server (`common::LoopbackServer`) and verifies, by kid, the tokens of a key of every
/// algorithm, one fetch per run; a token of a key the set does not hold is refused.
#[test]
fn jwtadm_verify_fetches_the_jwks_over_loopback_http() {
    let dir = tempfile::tempdir().unwrap();
    let keys = every_jwtadm_key(dir.path());
    let server = LoopbackServer::serve(&merged_jwks(&keys).to_string());
    let url = server.url("/jwks.json");
    for key in &keys {
        let (token, claims) = key.issue();
        let out = jwtadm()
            .args(["-o", "json", "token", "verify", "--jwks", &url])
            .args(EXPECT)
            .write_stdin(token)
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
            panic!(
                "{}: verify --jwks {url}: {}",
                key.alg,
                String::from_utf8_lossy(&out.stderr)
            )
        });
        assert_eq!(out.status.code(), Some(0), "{}: {report:#}", key.alg);
        assert_eq!(report["claims"], claims, "{}", key.alg);
    }
    let stranger = JwtadmKey::generate_as(dir.path(), "stranger", "ES256", "ES256");
    let (token, _) = stranger.issue();
    let out = jwtadm()
        .args(["token", "verify", "--jwks", &url])
        .args(EXPECT)
        .write_stdin(token)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "a key not in the set was used");
    let requests = server.requests();
    assert_eq!(requests.len(), keys.len() + 1, "{requests:?}");
    assert!(
        requests.iter().all(|r| r.starts_with("GET /jwks.json ")),
        "{requests:?}"
    );
}
