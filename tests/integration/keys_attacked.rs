//! The key pairs (RS/PS/ES/EdDSA), `--key`, `--jwks` (file and URL), and
//! `key gen|public|thumbprint|jwks`, attacked with inputs their authors did not choose: the red
//! team of issue 13. Each test "Found by the red team" failed on the code it was written
//! against and says which promise it broke; each "Held" was correctly refused and stays as a
//! regression test.
//!
//! The interop tests use PyJWT (`JWTADM_PYTHON`, default `python3`) and node `jose`
//! (`JWTADM_JOSE_DIR`, a folder whose `node_modules` holds jose); without them they say
//! SKIPPED and pass, unless `JWTADM_REQUIRE_JOSE=1` / `JWTADM_REQUIRE_PYJWT=1`.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Value, json};
use sha2::Digest;

use crate::common::{chmod, json, jwtadm, stderr, stdout};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn source(path: &Path) -> String {
    format!("file:{}", path.display())
}

/// `key gen --alg ALG` into `dir/NAME.pem` (0600).
fn gen_key(dir: &Path, name: &str, alg: &str) -> PathBuf {
    let path = dir.join(format!("{name}.pem"));
    let out = jwtadm()
        .args(["key", "gen", "--alg", alg, "--to", &source(&path)])
        .output()
        .unwrap();
    assert!(out.status.success(), "{alg}: {}", stderr(&out));
    path
}

/// The public JWK `key public` prints (with kid, alg, use).
fn public_jwk(key: &Path, extra: &[&str]) -> Value {
    let out = jwtadm()
        .args(["-o", "json", "key", "public", "--key", &source(key)])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    json(&out)
}

/// The public key as SPKI PEM, written world-readable.
fn public_pem(dir: &Path, key: &Path, name: &str) -> PathBuf {
    let out = jwtadm()
        .args(["key", "public", "--format", "pem", "--key", &source(key)])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let path = dir.join(name);
    std::fs::write(&path, &out.stdout).unwrap();
    chmod(&path, 0o644);
    path
}

/// The DER inside a PEM file's one block.
fn pem_der(path: &Path) -> Vec<u8> {
    let text = std::fs::read_to_string(path).unwrap();
    let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    STANDARD.decode(body).unwrap()
}

/// A token of `header` and claims that expire in 2100, its signature made by `sign` over the
/// signing input.
fn token_with(header: Value, sign: impl Fn(&[u8]) -> Vec<u8>) -> String {
    let claims = json!({"sub": "attacker", "exp": 4102444800u64});
    let input = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(claims.to_string().as_bytes())
    );
    let sig = sign(input.as_bytes());
    format!("{input}.{}", b64(&sig))
}

fn issue(key: &Path, extra: &[&str]) -> String {
    let out = jwtadm()
        .args(["token", "issue", "--sub", "a", "--key", &source(key)])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).trim().to_string()
}

fn verify(with: &[&str], token: &str) -> std::process::Output {
    jwtadm()
        .args(["-o", "json", "token", "verify"])
        .args(with)
        .arg(token)
        .output()
        .unwrap()
}

/// A well-formed ES256 token with a wrong signature: what a key or JWKS is loaded for.
fn fake_token() -> String {
    token_with(json!({"alg": "ES256"}), |_| vec![0; 64])
}

fn all_output(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn assert_no_panic(out: &std::process::Output, what: &str) {
    let text = all_output(out);
    assert_ne!(out.status.code(), Some(101), "{what}: exit 101: {text}");
    assert!(!text.contains("panicked"), "{what}: {text}");
}

/// A seed-only Ed25519 PKCS#8 v1 key (as `key gen` writes it): its 32-byte seed.
fn ed25519_seed(key: &Path) -> Vec<u8> {
    let der = pem_der(key);
    assert_eq!(der.len(), 48, "an Ed25519 PKCS#8 v1 key is 48 bytes");
    der[16..].to_vec()
}

/// A plain HTTP server on 127.0.0.1 that answers each path (the query ignored) with the raw
/// response given, 404 otherwise; it runs until the test process ends. Its port.
fn serve(routes: Vec<(&'static str, Vec<u8>)>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let routes = routes.clone();
            std::thread::spawn(move || {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                let mut req = Vec::new();
                let mut buf = [0u8; 4096];
                while !req.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => req.extend_from_slice(&buf[..n]),
                    }
                }
                let line = String::from_utf8_lossy(&req).to_string();
                let path = line
                    .split(' ')
                    .nth(1)
                    .unwrap_or("/")
                    .split('?')
                    .next()
                    .unwrap_or("/")
                    .to_string();
                match routes.iter().find(|(p, _)| *p == path) {
                    Some((_, resp)) if resp.as_slice() == b"ENDLESS" => {
                        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
                        let chunk = vec![b' '; 65536];
                        while stream.write_all(&chunk).is_ok() {}
                    }
                    Some((_, resp)) => {
                        let _ = stream.write_all(resp);
                    }
                    None => {
                        let _ = stream
                            .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
                    }
                }
            });
        }
    });
    port
}

fn ok_response(body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

fn redirect(to: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .into_bytes()
}

/// A JWKS document of the key at `key`.
fn jwks_of(key: &Path) -> Vec<u8> {
    let out = jwtadm()
        .args(["key", "jwks", "--key", &source(key)])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    out.stdout
}

/// A python that imports PyJWT, or None after saying the test is skipped.
fn python(name: &str) -> Option<String> {
    let exe = std::env::var("JWTADM_PYTHON").unwrap_or_else(|_| "python3".into());
    let ok = std::process::Command::new(&exe)
        .args(["-c", "import jwt, cryptography"])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return Some(exe);
    }
    if std::env::var("JWTADM_REQUIRE_PYJWT").as_deref() == Ok("1") {
        panic!("{name}: PyJWT[crypto] is required (JWTADM_REQUIRE_PYJWT=1) but {exe} lacks it");
    }
    eprintln!(
        "SKIPPED keys_attacked test {name}: no python with PyJWT[crypto] (set JWTADM_PYTHON)"
    );
    None
}

/// The folder whose node_modules holds jose, or None after saying the test is skipped.
fn jose_dir(name: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("JWTADM_JOSE_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    let found = dir.join("node_modules/jose/package.json").is_file()
        && std::process::Command::new("node")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
    if found {
        return Some(dir);
    }
    if std::env::var("JWTADM_REQUIRE_JOSE").as_deref() == Ok("1") {
        panic!("{name}: node jose is required (JWTADM_REQUIRE_JOSE=1) but not found");
    }
    eprintln!("SKIPPED keys_attacked test {name}: node jose not found (set JWTADM_JOSE_DIR)");
    None
}

// =============================================================================================
// Found by the red team (each failed on e814b59)
// =============================================================================================

/// Found by the red team of issue 13. SECURITY "Private keys: 0600, never printed": "reading a private key from a file
/// others may read is refused". A private JWK (with `d`) is read as its public half
/// (`jwk::parse`), so `material::load_key` never re-reads it through the 0600 check: a
/// world-readable private JWK is used by `token verify --key` (and `key public`, `key jwks`)
/// without a word, while the same key as PKCS#8 PEM is refused.
#[test]
fn a_world_readable_private_jwk_is_refused_like_a_private_pem() {
    let dir = tempfile::tempdir().unwrap();
    let key = gen_key(dir.path(), "k", "EdDSA");
    let token = issue(&key, &[]);
    let mut jwk = public_jwk(&key, &[]);
    jwk["d"] = b64(&ed25519_seed(&key)).into();
    let path = dir.path().join("private.jwk");
    std::fs::write(&path, jwk.to_string()).unwrap();
    chmod(&path, 0o644);
    // The PEM of the same key, 0644, is refused (exit 4): the JWK must be too.
    chmod(&key, 0o644);
    assert_eq!(
        verify(&["--key", &source(&key)], &token).status.code(),
        Some(4)
    );
    for args in [
        vec!["token", "verify", "--key", &source(&path), &token],
        vec!["key", "public", "--key", &source(&path)],
        vec!["key", "jwks", "--key", &source(&path)],
    ] {
        let out = jwtadm().args(&args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(4),
            "{args:?}: a 0644 private JWK was used: {}",
            all_output(&out)
        );
        assert!(stderr(&out).contains("0644"), "{args:?}: {}", stderr(&out));
    }
}

/// Found by the red team of issue 13. Same promise as f01: a PEM file that holds a PUBLIC KEY block and then the PRIVATE
/// KEY block (as some tools write `key.pem`) is read as its first block, a public key, so the
/// world-readable private key in it is never checked.
#[test]
fn a_private_key_after_a_public_block_in_a_world_readable_pem_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let key = gen_key(dir.path(), "k", "ES256");
    let token = issue(&key, &[]);
    let public = public_pem(dir.path(), &key, "k.pub.pem");
    let both = dir.path().join("both.pem");
    let text = format!(
        "{}{}",
        std::fs::read_to_string(&public).unwrap(),
        std::fs::read_to_string(&key).unwrap()
    );
    std::fs::write(&both, text).unwrap();
    chmod(&both, 0o644);
    let out = verify(&["--key", &source(&both)], &token);
    assert_eq!(
        out.status.code(),
        Some(4),
        "a 0644 file holding a private key was used: {}",
        all_output(&out)
    );
}

/// Found by the red team of issue 13. SECURITY "No algorithm confusion": "a JWK published with an `alg` [verifies] only
/// that one". True for `--jwks`, not for `--key`: the JWK's `alg` is checked for fitting the key
/// and then forgotten, so an RSA JWK published for RS256 verifies a PS512 token (and any other
/// RS/PS algorithm), and `key public` republishes it under RS256 whatever its `alg` said.
#[test]
fn a_jwk_given_with_key_verifies_only_its_own_alg() {
    let dir = tempfile::tempdir().unwrap();
    let key = gen_key(dir.path(), "rsa", "RS256");
    let jwk = public_jwk(&key, &["--alg", "RS256"]);
    assert_eq!(jwk["alg"], "RS256");
    let path = dir.path().join("rs256.jwk");
    std::fs::write(&path, jwk.to_string()).unwrap();
    let token = issue(&key, &["--alg", "PS512"]);
    // As a one-key JWKS it is refused ...
    let out = verify(&["--jwks", path.to_str().unwrap()], &token);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    // ... as --key it must be too.
    let out = verify(&["--key", &source(&path)], &token);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a JWK with alg RS256 verified a PS512 token: {}",
        stdout(&out)
    );
}

/// Found by the red team of issue 13. SECURITY "The key a JWKS names": keys published for encryption (`use: enc`) are
/// skipped by `--jwks`; `--key` with the same JWK verifies signatures with it.
#[test]
fn a_jwk_published_for_encryption_does_not_verify_with_key() {
    let dir = tempfile::tempdir().unwrap();
    let key = gen_key(dir.path(), "rsa", "RS256");
    let mut jwk = public_jwk(&key, &[]);
    jwk["use"] = "enc".into();
    jwk.as_object_mut().unwrap().remove("alg");
    let path = dir.path().join("enc.jwk");
    std::fs::write(&path, jwk.to_string()).unwrap();
    let token = issue(&key, &[]);
    assert_eq!(
        verify(&["--jwks", path.to_str().unwrap()], &token)
            .status
            .code(),
        Some(4)
    );
    let out = verify(&["--key", &source(&path)], &token);
    assert!(
        !out.status.success(),
        "a use:enc JWK verified a signature: {}",
        stdout(&out)
    );
}

const URL_PASSWORD: &str = "correct-horse-battery-staple";
const URL_QUERY_SECRET: &str = "opensesame-please-now";

/// Found by the red team of issue 13. SECURITY "A URL's secrets are not repeated": "every error names the URL without its
/// userinfo (`user:password@`), with its query shown as `?…`". `net::fetch` does, but once the
/// body is fetched `material::load_jwks` names the raw URL ("the JWKS at URL is not UTF-8",
/// "the JWKS URL: it has no \"keys\" array"), and the verify report prints it whole (`jwks: URL
/// (1 key)`, JSON `jwks.source`). A word-like password or an access token in the query is not
/// caught by the redaction of random-looking words.
#[test]
fn a_jwks_url_password_and_query_never_appear_after_the_fetch() {
    let dir = tempfile::tempdir().unwrap();
    let key = gen_key(dir.path(), "k", "EdDSA");
    let token = issue(&key, &[]);
    let port = serve(vec![
        ("/jwks.json", ok_response(&jwks_of(&key))),
        ("/empty", ok_response(b"{}")),
        ("/binary", ok_response(&[0xff, 0xfe, 0x00, 0x80])),
    ]);
    for (path, exit) in [("jwks.json", 0), ("empty", 4), ("binary", 4)] {
        let url = format!(
            "http://alice:{URL_PASSWORD}@127.0.0.1:{port}/{path}?access_token={URL_QUERY_SECRET}"
        );
        for format in ["table", "json"] {
            let out = jwtadm()
                .args(["-o", format, "token", "verify", "--jwks", &url, &token])
                .output()
                .unwrap();
            let text = all_output(&out);
            assert_eq!(out.status.code(), Some(exit), "{path} {format}: {text}");
            assert!(
                !text.contains(URL_PASSWORD),
                "{path} {format}: the URL's password is shown: {text}"
            );
            assert!(
                !text.contains(URL_QUERY_SECRET),
                "{path} {format}: the URL's query is shown: {text}"
            );
        }
    }
}

/// Found by the red team of issue 13. Same promise as f04, and SECURITY "Plain HTTP only on loopback … every other scheme
/// (`ftp:`, `file:`, none) is refused": `load_jwks` decides "URL or file" by a case-sensitive
/// `starts_with("https://")`, so `ftp://user:pw@…`, `HTTPS://user:pw@…` are taken as file names
/// and the error repeats them whole, password included.
#[test]
fn a_password_in_a_url_of_another_scheme_or_letter_case_is_not_shown() {
    let token = fake_token();
    let token = token.as_str();
    for url in [
        format!("ftp://alice:{URL_PASSWORD}@jwks.example.com/jwks.json"),
        format!("HTTPS://alice:{URL_PASSWORD}@jwks.example.com/jwks.json"),
        format!("Http://alice:{URL_PASSWORD}@127.0.0.1:9/jwks.json"),
    ] {
        let out = jwtadm()
            .args(["token", "verify", "--jwks", &url, token])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(4), "{url}");
        assert!(
            !all_output(&out).contains(URL_PASSWORD),
            "{url}: {}",
            all_output(&out)
        );
    }
}

/// Found by the red team of issue 13. RFC 3986 §3.1: a scheme is case-insensitive, and `net` itself lowercases it; but
/// `--jwks HTTP://127.0.0.1:PORT/jwks.json` is read as a file name ("cannot read the JWKS
/// HTTP://…: No such file or directory"), never fetched.
#[test]
fn an_uppercase_http_scheme_is_a_url_not_a_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let key = gen_key(dir.path(), "k", "ES256");
    let token = issue(&key, &[]);
    let port = serve(vec![("/jwks.json", ok_response(&jwks_of(&key)))]);
    let url = format!("HTTP://127.0.0.1:{port}/jwks.json");
    let out = verify(&["--jwks", &url], &token);
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
}

/// Found by the red team of issue 13. The key a token is verified with is what decides who can sign: a public key (or
/// JWKS) file that anyone may write, or in a folder anyone may write without the sticky bit,
/// lets any local user put their own key there and forge every token. ssh's StrictModes
/// refuses such an `authorized_keys`; jwtadm applies StrictModes to secret files only, and
/// accepts a 0666 public key and a 0666 JWKS without a warning.
#[test]
fn a_verifying_key_or_jwks_anyone_may_replace_is_not_trusted_silently() {
    let dir = tempfile::tempdir().unwrap();
    let key = gen_key(dir.path(), "k", "ES256");
    let token = issue(&key, &[]);
    let public = public_pem(dir.path(), &key, "k.pub.pem");
    let jwks = dir.path().join("jwks.json");
    std::fs::write(&jwks, jwks_of(&key)).unwrap();
    chmod(&public, 0o666);
    chmod(&jwks, 0o666);
    for with in [
        vec!["--key".to_string(), source(&public)],
        vec!["--jwks".to_string(), jwks.display().to_string()],
    ] {
        let with: Vec<&str> = with.iter().map(String::as_str).collect();
        let out = verify(&with, &token);
        assert!(
            !out.status.success() || stderr(&out).contains("writ"),
            "{with:?}: a world-writable verifying key was trusted silently: {}",
            all_output(&out)
        );
    }
}

/// Found by the red team of issue 13. README `token verify`: "a public key may be world-readable … and the previous key a
/// rotation kept beside it [is accepted] during its grace". The previous key is read through
/// the secret-file check whatever it holds: beside a 0644 public key, a 0644 previous *public*
/// key stops every verification with "the secret file pub.pem.previous is accessible by group
/// or others", so a public key cannot have a grace period at all.
#[test]
fn a_world_readable_previous_public_key_is_accepted_during_its_grace() {
    let dir = tempfile::tempdir().unwrap();
    let new = gen_key(dir.path(), "new", "ES256");
    let old = gen_key(dir.path(), "old", "ES256");
    let token = issue(&old, &[]);
    let public = public_pem(dir.path(), &new, "pub.pem");
    let previous = public_pem(dir.path(), &old, "pub.pem.previous");
    assert_eq!(previous, dir.path().join("pub.pem.previous"));
    std::fs::write(
        dir.path().join("pub.pem.previous-until"),
        "2100-01-01T00:00:00Z\n",
    )
    .unwrap();
    chmod(&dir.path().join("pub.pem.previous-until"), 0o644);
    let out = verify(&["--key", &source(&public)], &token);
    assert_eq!(
        out.status.code(),
        Some(0),
        "a previous public key was refused: {}",
        all_output(&out)
    );
}

/// Found by the red team of issue 13. `key gen` "never [writes] over a key without --force"; `key jwks --out` writes the
/// JWKS straight over the private key it was given (`--out` the same file, or a link to it):
/// the only copy of the signing key is destroyed, exit 0, "wrote 1 key to k.pem".
#[test]
fn key_jwks_out_never_replaces_the_private_key() {
    let dir = tempfile::tempdir().unwrap();
    let key = gen_key(dir.path(), "k", "ES256");
    let original = std::fs::read(&key).unwrap();
    let link = dir.path().join("jwks.json");
    std::os::unix::fs::symlink("k.pem", &link).unwrap();
    for out_path in [key.clone(), link] {
        let out = jwtadm()
            .args(["key", "jwks", "--key", &source(&key), "--out"])
            .arg(&out_path)
            .output()
            .unwrap();
        let now = std::fs::read(&key).unwrap();
        let kept = now == original;
        std::fs::write(&key, &original).unwrap();
        assert!(
            kept,
            "--out {}: the private key was replaced by the JWKS (exit {:?})",
            out_path.display(),
            out.status.code()
        );
    }
}

/// Found by the red team of issue 13. "Every failure says what and where": an RSA public key with e = 1 or an even e is
/// not an RSA key (aws-lc refuses it at every verification), but jwtadm reads it, gives it a
/// thumbprint, publishes it (`key public`), and then reports each token as "the signature does
/// not match … the token was not signed by this key" — the wrong diagnosis. (The e = 1 forgery,
/// signature = padded hash, is refused by aws-lc: see `held_an_e1_rsa_forgery_is_refused`.)
#[test]
fn an_rsa_key_with_exponent_1_or_even_is_refused_when_read() {
    let dir = tempfile::tempdir().unwrap();
    let key = gen_key(dir.path(), "rsa", "RS256");
    let n = public_jwk(&key, &[])["n"].as_str().unwrap().to_string();
    for e in [vec![1u8], vec![2], vec![1, 0, 0]] {
        let path = dir.path().join("e.jwk");
        std::fs::write(
            &path,
            json!({"kty": "RSA", "n": n, "e": b64(&e)}).to_string(),
        )
        .unwrap();
        for args in [
            vec!["key", "thumbprint", path.to_str().unwrap()],
            vec!["key", "public", "--key", &source(&path)],
        ] {
            let out = jwtadm().args(&args).output().unwrap();
            assert_eq!(
                out.status.code(),
                Some(4),
                "e = {e:?}: {args:?} accepted it: {}",
                all_output(&out)
            );
        }
    }
}

/// Found by the red team of issue 13. A public key that is not a valid public key of its curve verifies forgeries:
/// the Ed25519 identity point (x = 01 00…00) is read as a key, and the signature R = identity,
/// S = 0 matches every message under it (cofactorless verification: [0]B = R + [k]A). The
/// all-zero key (a placeholder in a template JWKS) is forgeable the same way one message in
/// four (it has order 4). Small-order keys must be refused when read, as libsodium does.
#[test]
fn a_small_order_ed25519_key_does_not_verify_a_forged_token() {
    let dir = tempfile::tempdir().unwrap();
    let mut identity = vec![1u8];
    identity.extend([0u8; 31]);
    let path = dir.path().join("identity.jwk");
    std::fs::write(
        &path,
        json!({"kty": "OKP", "crv": "Ed25519", "x": b64(&identity)}).to_string(),
    )
    .unwrap();
    let mut sig = identity.clone();
    sig.extend([0u8; 32]);
    let forged = token_with(json!({"alg": "EdDSA"}), |_| sig.clone());
    let out = verify(&["--key", &source(&path)], &forged);
    assert_ne!(
        out.status.code(),
        Some(0),
        "a forged token verified: {}",
        stdout(&out)
    );
    let jwks = dir.path().join("jwks.json");
    std::fs::write(
        &jwks,
        json!({"keys": [{"kty": "OKP", "crv": "Ed25519", "x": b64(&identity)}]}).to_string(),
    )
    .unwrap();
    let out = verify(&["--jwks", jwks.to_str().unwrap()], &forged);
    assert_ne!(
        out.status.code(),
        Some(0),
        "a forged token verified: {}",
        stdout(&out)
    );
}

/// Found by the red team of issue 13. "Every failure says what": an EC point that is not on its curve is read as a key,
/// gets a thumbprint, and `key public --format pem` writes it as an SPKI "PUBLIC KEY" that
/// OpenSSL refuses; every token then fails as "not signed by this key".
#[test]
fn an_ec_point_off_the_curve_is_not_a_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("off.jwk");
    std::fs::write(
        &path,
        json!({"kty": "EC", "crv": "P-256", "x": b64(&[1u8; 32]), "y": b64(&[2u8; 32])})
            .to_string(),
    )
    .unwrap();
    for args in [
        vec!["key", "thumbprint", path.to_str().unwrap()],
        vec!["key", "public", "--format", "pem", "--key", &source(&path)],
    ] {
        let out = jwtadm().args(&args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(4),
            "{args:?} accepted a point off the curve: {}",
            all_output(&out)
        );
    }
}

/// Found by the red team of issue 13. A hostile token makes `token verify --jwks` spin for minutes: the report puts the
/// token's `kid` into a table cell ("the JWKS has no key with the token's kid:…"), and the
/// table takes time quadratic in a cell's length: a 100 KB kid costs 44 s (debug build), the
/// 1 MiB a token may be would cost hours. (The renderer is older than key pairs: a 100 KB `iss`
/// checked with `--iss` costs the same; the kid is the new way in.)
#[test]
fn a_token_with_a_huge_kid_is_reported_in_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let key = gen_key(dir.path(), "k", "ES256");
    let jwks = dir.path().join("jwks.json");
    std::fs::write(&jwks, jwks_of(&key)).unwrap();
    let token = token_with(
        json!({"alg": "ES256", "kid": "word ".repeat(20_000)}),
        |_| vec![0; 64],
    );
    let started = Instant::now();
    let out = jwtadm()
        .args(["token", "verify", "--jwks", jwks.to_str().unwrap(), "-"])
        .write_stdin(token)
        .timeout(Duration::from_secs(15))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "not done in {:?} (killed after 15 s)",
        started.elapsed()
    );
}

/// Found by the red team of issue 13. Same cause as f13, reached by the JWKS: 6,000 keys (a JWKS under the 1 MiB a URL
/// may send) and a token without `kid` give a detail listing every kid ("does not match the
/// JWKS key kid:k0 or kid:k1 or …"), which takes the table tens of seconds to render.
#[test]
fn a_jwks_of_thousands_of_keys_is_reported_in_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let key = gen_key(dir.path(), "k", "ES256");
    let other = gen_key(dir.path(), "other", "ES256");
    let jwk = public_jwk(&other, &[]);
    let keys: Vec<Value> = (0..6000)
        .map(|i| {
            let mut k = jwk.clone();
            k["kid"] = format!("k{i}").into();
            k
        })
        .collect();
    let jwks = dir.path().join("jwks.json");
    let text = json!({ "keys": keys }).to_string();
    assert!(text.len() < 1024 * 1024);
    std::fs::write(&jwks, text).unwrap();
    let token = issue(&key, &["--no-kid"]);
    let started = Instant::now();
    let out = jwtadm()
        .args(["token", "verify", "--jwks", jwks.to_str().unwrap(), &token])
        .timeout(Duration::from_secs(15))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "not done in {:?} (killed after 15 s)",
        started.elapsed()
    );
}

/// Found by the red team of issue 13 (interop): README: keys are read "as OpenSSL … reads them". A PEM whose base64 is
/// one line, or wrapped at 76 columns (MIME, Java's `getMimeEncoder`, a key pasted into one
/// environment variable line), loads in `openssl pkey` and Python `cryptography` but jwtadm
/// says "its PEM does not decode: PEM Base64 error: invalid Base64 encoding" (RFC 7468's
/// strict 64 columns).
#[test]
fn a_pem_with_long_lines_is_read_as_openssl_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let key = gen_key(dir.path(), "k", "RS256");
    let body = STANDARD.encode(pem_der(&key));
    for width in [body.len(), 76] {
        let lines: Vec<String> = body
            .as_bytes()
            .chunks(width)
            .map(|c| String::from_utf8(c.to_vec()).unwrap())
            .collect();
        let path = dir.path().join(format!("w{width}.pem"));
        std::fs::write(
            &path,
            format!(
                "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
                lines.join("\n")
            ),
        )
        .unwrap();
        chmod(&path, 0o600);
        let out = jwtadm()
            .args(["key", "thumbprint", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(out.status.success(), "width {width}: {}", stderr(&out));
    }
}

/// Found by the red team of issue 13 (interop): README `key gen`: the private key is PKCS#8 "what OpenSSL, Python
/// `cryptography`, node and every JOSE library read". A PS* key is written under the
/// RSASSA-PSS identifier, and node jose 6 refuses it and its public PEM: `importPKCS8(pem,
/// "PS256")` and `importSPKI(pub, "PS256")` throw "Invalid key type". (OpenSSL and
/// `cryptography` read it; see `held_a_ps256_key_interoperates_with_pyjwt`.)
#[test]
fn a_ps256_key_from_key_gen_imports_in_node_jose() {
    let Some(jose) = jose_dir("f15_a_ps256_key_from_key_gen_imports_in_node_jose") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let key = gen_key(dir.path(), "ps", "PS256");
    let public = public_pem(dir.path(), &key, "ps.pub.pem");
    let script = jose.join("keys-attacked-ps.mjs");
    std::fs::write(
        &script,
        r#"import * as jose from "jose";
import { readFileSync } from "node:fs";
const out = {};
try { await jose.importPKCS8(readFileSync(process.argv[2], "utf8"), "PS256"); out.pkcs8 = "ok"; } catch (e) { out.pkcs8 = String(e.message); }
try { await jose.importSPKI(readFileSync(process.argv[3], "utf8"), "PS256"); out.spki = "ok"; } catch (e) { out.spki = String(e.message); }
console.log(JSON.stringify(out));
"#,
    )
    .unwrap();
    let out = std::process::Command::new("node")
        .arg(&script)
        .arg(&key)
        .arg(&public)
        .output()
        .unwrap();
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!("node: {}", String::from_utf8_lossy(&out.stderr));
    });
    // The public PEM is written as rsaEncryption, which WebCrypto imports. The private key
    // keeps the RSASSA-PSS identifier the issue asks for (so that it signs only PSS), which
    // WebCrypto does not import: a documented limit (README, `key gen`), checked here so that
    // the README stays true.
    assert_eq!(answer, json!({"pkcs8": "Invalid key type", "spki": "ok"}));
}

const PASTED: &str = "c4n4ryc4n4ryc4n4ryc4n4ryc4n4ryc4n4ry0001";

/// Found by the red team of issue 13. SECURITY "A secret typed in the wrong place is not repeated … a key pasted … into a
/// roster field is not repeated". `redact_words` keeps every word that starts with `kid:` (so
/// that thumbprints show), so the same key pasted as `kid:KEY` in a roster's `expires`,
/// `audience` or `server` is shown whole by `token issue-all` and `token status`.
#[test]
fn the_kid_prefix_does_not_let_a_pasted_key_through() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("clients.toml"),
        format!("[defaults]\nexpires = \"kid:{PASTED}\"\n[[clients]]\nname = \"a\"\nsub = \"a\"\n"),
    )
    .unwrap();
    let out = jwtadm()
        .current_dir(dir.path())
        .args(["token", "issue-all"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(
        !all_output(&out).contains(&PASTED[..16]),
        "{}",
        all_output(&out)
    );
    std::fs::write(
        dir.path().join("a.json"),
        format!(
            "{{\"mcpServers\":{{\"s\":{{\"env\":{{\"EXAI_JWT_TOKEN\":\"{}\"}}}}}}}}\n",
            crate::common::SEED_TOKEN
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("clients.toml"),
        format!(
            "[defaults]\nissuer = \"exai-mcp-server\"\naudience = \"kid:{PASTED}\"\n\
             [[clients]]\nname = \"c\"\nsub = \"vscode1@exai-mcp.local\"\n\
             configs = [{{ path = \"a.json\", server = \"kid:{PASTED}\" }}]\n"
        ),
    )
    .unwrap();
    for format in ["table", "json"] {
        let out = jwtadm()
            .current_dir(dir.path())
            .args(["-o", format, "token", "status"])
            .output()
            .unwrap();
        assert!(
            !all_output(&out).contains(&PASTED[..16]),
            "{format}: {}",
            all_output(&out)
        );
    }
}

/// Found by the red team of issue 13. "Every failure says what": a JWKS key jwtadm skipped (an `alg` it does not know,
/// `use: enc`…) is forgotten, so a token whose kid names it is told "the JWKS has no key with
/// the token's kid:rsk (it has kid:…)" — false: it has one, and the reason it was not used is
/// never said (`Jwks::skipped` is shown only when every key was skipped).
#[test]
fn a_kid_that_names_a_skipped_key_says_why_it_was_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let rsa = gen_key(dir.path(), "rsa", "RS256");
    let ec = gen_key(dir.path(), "ec", "ES256");
    let mut skipped = public_jwk(&rsa, &[]);
    skipped["kid"] = "rsk".into();
    skipped["alg"] = "RS999".into();
    let jwks = dir.path().join("jwks.json");
    std::fs::write(
        &jwks,
        json!({"keys": [skipped, public_jwk(&ec, &[])]}).to_string(),
    )
    .unwrap();
    let token = issue(&rsa, &["--kid", "rsk"]);
    let out = verify(
        &["--jwks", jwks.to_str().unwrap(), "--alg", "RS256"],
        &token,
    );
    assert_eq!(out.status.code(), Some(1));
    let text = all_output(&out);
    assert!(
        !text.contains("has no key with the token's kid:rsk"),
        "the JWKS has that kid: {text}"
    );
    assert!(
        text.contains("RS999"),
        "why it was skipped is not said: {text}"
    );
}

/// Found by the red team of issue 13. RFC 7517 §4.5 allows two keys under one kid (SHOULD be distinct, e.g. during a
/// rollover). `Jwks::candidates` takes the first and reports a token of the second as "the
/// signature does not match … the token was not signed by this key", with no word that the set
/// names two keys so. Either key should be tried, or the duplicate said.
#[test]
fn a_duplicate_kid_in_a_jwks_is_not_silently_the_first_key() {
    let dir = tempfile::tempdir().unwrap();
    let a = gen_key(dir.path(), "a", "ES256");
    let b = gen_key(dir.path(), "b", "ES256");
    let mut ja = public_jwk(&a, &[]);
    let mut jb = public_jwk(&b, &[]);
    ja["kid"] = "same".into();
    jb["kid"] = "same".into();
    let jwks = dir.path().join("jwks.json");
    std::fs::write(&jwks, json!({"keys": [ja, jb]}).to_string()).unwrap();
    let token = issue(&b, &["--kid", "same"]);
    let out = verify(&["--jwks", jwks.to_str().unwrap()], &token);
    let text = all_output(&out);
    assert!(
        out.status.success()
            || text.contains("twice")
            || text.contains("duplicate")
            || text.contains("2 keys"),
        "{text}"
    );
}

/// Found by the red team of issue 13. SECURITY "A secret is never published": "`key public` and `key jwks` refuse a place
/// that holds an HMAC secret (exit 2), saying why". The standard JWK form of an HMAC secret
/// (`{"kty":"oct","k":…}`) and a secret that starts with `-----BEGIN ` are refused with exit 4
/// as unreadable keys ("kty \"oct\" is not a type jwtadm verifies with", "its PKCS#8 does not
/// parse"), not as secrets that are never exported. (Nothing is exported: see
/// `held_an_hmac_secret_is_never_exported_whatever_it_looks_like`.)
#[test]
fn an_oct_jwk_secret_is_refused_by_key_jwks_as_a_secret() {
    let secret = json!({"kty": "oct", "k": b64(b"0123456789abcdef0123456789abcdef")}).to_string();
    for cmd in ["public", "jwks"] {
        let out = jwtadm()
            .env("HMAC_JWK", &secret)
            .args(["key", cmd, "--key", "env:HMAC_JWK"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{cmd}: {}", all_output(&out));
    }
}

/// Found by the red team of issue 13. SECURITY "Regular files only, never a hang, never unbounded". `key thumbprint -`
/// reads at most 1 MiB, but `key thumbprint FILE`, `--key file:` and `--jwks FILE` read any
/// size whole and decode it: a 100 MB PEM costs 26 s and 190 MB (debug build) before "its
/// public key (SPKI) does not parse". A key is a few KiB; the size should be refused first.
#[test]
fn a_huge_key_file_is_refused_by_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.pem");
    let mut text = String::from("-----BEGIN PUBLIC KEY-----\n");
    let line = format!("{}\n", "A".repeat(64));
    for _ in 0..(4 * 1024 * 1024 / 65) {
        text.push_str(&line);
    }
    text.push_str("-----END PUBLIC KEY-----\n");
    std::fs::write(&path, text).unwrap();
    let out = jwtadm()
        .args(["key", "thumbprint", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let err = stderr(&out);
    assert!(
        err.contains("KiB") || err.contains("MiB") || err.contains("too large"),
        "the size is not what is refused: {err}"
    );
}

/// Found by the red team of issue 13 (interop): RFC 9864 registers `Ed25519` as the fully-specified JWS algorithm for the
/// same Ed25519 signature `EdDSA` names, and node jose 6 signs with it
/// (`importPKCS8(pem, "Ed25519")`). jwtadm rejects such a token ("alg \"Ed25519\" is not
/// allowed") and `--alg Ed25519` is a usage error, so it cannot be allowed at all.
#[test]
fn a_token_with_the_fully_specified_ed25519_alg_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let key = gen_key(dir.path(), "ed", "EdDSA");
    let pair =
        aws_lc_rs::signature::Ed25519KeyPair::from_pkcs8_maybe_unchecked(&pem_der(&key)).unwrap();
    let token = token_with(json!({"alg": "Ed25519"}), |input| {
        pair.sign(input).as_ref().to_vec()
    });
    let out = verify(&["--key", &source(&key)], &token);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

/// Found by the red team of issue 13. "Every failure says what": `token issue --key file:private.jwk` (a JWK with `d`)
/// says "file:private.jwk holds a public key (Ed25519); signing needs the private key" — it
/// holds the private key; jwtadm reads only the public half of a JWK.
#[test]
fn a_private_jwk_is_not_called_a_public_key() {
    let dir = tempfile::tempdir().unwrap();
    let key = gen_key(dir.path(), "k", "EdDSA");
    let mut jwk = public_jwk(&key, &[]);
    jwk["d"] = b64(&ed25519_seed(&key)).into();
    let path = dir.path().join("private.jwk");
    std::fs::write(&path, jwk.to_string()).unwrap();
    chmod(&path, 0o600);
    let out = jwtadm()
        .args(["token", "issue", "--sub", "a", "--key", &source(&path)])
        .output()
        .unwrap();
    assert!(
        out.status.success() || !stderr(&out).contains("holds a public key"),
        "{}",
        stderr(&out)
    );
}

// =============================================================================================
// Held: attacks correctly refused (regression tests)
// =============================================================================================

/// Held against the red team of issue 13: RFC 8725 §3.1: HS256/384/512 tokens whose secret is any form of the public key (DER,
/// CRLF PEM, the bare modulus, the JWKS document, the private PEM itself), with and without
/// kid, against `--key` public and private and `--jwks`, with and without `--alg HS*`.
#[test]
fn algorithm_confusion_with_every_form_of_the_key() {
    use aws_lc_rs::hmac;
    let dir = tempfile::tempdir().unwrap();
    let key = gen_key(dir.path(), "rsa", "RS256");
    let public = public_pem(dir.path(), &key, "rsa.pub.pem");
    let jwks = dir.path().join("jwks.json");
    let jwks_doc = jwks_of(&key);
    std::fs::write(&jwks, &jwks_doc).unwrap();
    let jwk = public_jwk(&key, &[]);
    let kid = jwk["kid"].as_str().unwrap().to_string();
    let n = URL_SAFE_NO_PAD.decode(jwk["n"].as_str().unwrap()).unwrap();
    let pem = std::fs::read_to_string(&public).unwrap();
    let forms: Vec<Vec<u8>> = vec![
        pem_der(&public),
        pem.replace('\n', "\r\n").into_bytes(),
        n,
        jwks_doc,
        std::fs::read(&key).unwrap(),
    ];
    for (alg, h) in [
        ("HS256", hmac::HMAC_SHA256),
        ("HS384", hmac::HMAC_SHA384),
        ("HS512", hmac::HMAC_SHA512),
    ] {
        for secret in &forms {
            for with_kid in [false, true] {
                let mut header = json!({"alg": alg});
                if with_kid {
                    header["kid"] = kid.clone().into();
                }
                let token = token_with(header, |input| {
                    hmac::sign(&hmac::Key::new(h, secret), input)
                        .as_ref()
                        .to_vec()
                });
                for with in [
                    vec!["--key".to_string(), source(&public)],
                    vec!["--key".to_string(), source(&key)],
                    vec!["--jwks".to_string(), jwks.display().to_string()],
                ] {
                    for explicit in [false, true] {
                        let mut args: Vec<&str> = with.iter().map(String::as_str).collect();
                        if explicit {
                            args.extend(["--alg", alg]);
                        }
                        let out = verify(&args, &token);
                        assert_eq!(out.status.code(), Some(1), "{alg} {args:?}");
                        assert!(
                            stdout(&out).contains("algorithm confusion")
                                || stdout(&out).contains("algorithm-confusion"),
                            "{alg} {args:?}: {}",
                            stdout(&out)
                        );
                    }
                }
            }
        }
    }
}

/// Held against the red team of issue 13: `none` in any case, with or without a signature, against `--key` and `--jwks`.
#[test]
fn alg_none_is_refused_with_a_key_or_a_jwks() {
    let dir = tempfile::tempdir().unwrap();
    let key = gen_key(dir.path(), "k", "ES256");
    let jwks = dir.path().join("jwks.json");
    std::fs::write(&jwks, jwks_of(&key)).unwrap();
    for alg in ["none", "None", "NONE", "nOnE"] {
        for sig in [vec![], vec![0u8; 64]] {
            let token = token_with(json!({"alg": alg}), |_| sig.clone());
            for with in [
                vec!["--key".to_string(), source(&key)],
                vec!["--jwks".to_string(), jwks.display().to_string()],
            ] {
                let args: Vec<&str> = with.iter().map(String::as_str).collect();
                assert_eq!(
                    verify(&args, &token).status.code(),
                    Some(1),
                    "{alg} {args:?}"
                );
            }
        }
    }
}

/// Held against the red team of issue 13: ES256 signatures must be raw r||s (RFC 7518 §3.4): DER, empty, all-zero and 200 KB
/// signatures are rejected; an ES256 token is not checked against a P-384 key, an RS256 token
/// not against a PSS-only key. (A high-S signature is accepted, as ECDSA and RFC 7518 allow.)
#[test]
fn ecdsa_signature_forms_and_key_families() {
    use aws_lc_rs::rand::SystemRandom;
    use aws_lc_rs::signature::{
        ECDSA_P256_SHA256_ASN1_SIGNING, ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair,
    };
    let dir = tempfile::tempdir().unwrap();
    let key = gen_key(dir.path(), "k", "ES256");
    let der = pem_der(&key);
    let fixed = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &der).unwrap();
    let asn1 = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, &der).unwrap();
    let rng = SystemRandom::new();
    let header = json!({"alg": "ES256"});
    let good = token_with(header.clone(), |i| {
        fixed.sign(&rng, i).unwrap().as_ref().to_vec()
    });
    assert_eq!(
        verify(&["--key", &source(&key)], &good).status.code(),
        Some(0)
    );
    for (what, token) in [
        (
            "DER",
            token_with(header.clone(), |i| {
                asn1.sign(&rng, i).unwrap().as_ref().to_vec()
            }),
        ),
        ("empty", token_with(header.clone(), |_| vec![])),
        ("zero", token_with(header.clone(), |_| vec![0; 64])),
        ("huge", token_with(header.clone(), |_| vec![1; 200_000])),
    ] {
        let out = jwtadm()
            .args(["-o", "json", "token", "verify", "--key", &source(&key), "-"])
            .write_stdin(token)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{what}: {}", all_output(&out));
    }
    let p384 = gen_key(dir.path(), "p384", "ES384");
    let out = verify(&["--key", &source(&p384), "--alg", "ES256"], &good);
    assert_eq!(out.status.code(), Some(1));
    let pss = gen_key(dir.path(), "pss", "PS256");
    let rsa = gen_key(dir.path(), "rsa", "RS256");
    let rs256 = issue(&rsa, &[]);
    let out = verify(&["--key", &source(&pss), "--alg", "RS256"], &rs256);
    assert_eq!(out.status.code(), Some(1));
}

/// Held against the red team of issue 13: The e = 1 forgery (the signature is the PKCS#1 v1.5 padded hash itself) is refused by
/// aws-lc at verification. (That the key is read at all is f10.)
#[test]
fn an_e1_rsa_forgery_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let key = gen_key(dir.path(), "rsa", "RS256");
    let n = URL_SAFE_NO_PAD
        .decode(public_jwk(&key, &[])["n"].as_str().unwrap())
        .unwrap();
    let path = dir.path().join("e1.jwk");
    std::fs::write(
        &path,
        json!({"kty": "RSA", "n": b64(&n), "e": "AQ"}).to_string(),
    )
    .unwrap();
    let forged = token_with(json!({"alg": "RS256"}), |input| {
        let mut di = vec![
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x01, 0x05, 0x00, 0x04, 0x20,
        ];
        di.extend(sha2::Sha256::digest(input));
        let mut em = vec![0x00, 0x01];
        em.extend(std::iter::repeat_n(0xff, n.len() - 3 - di.len()));
        em.push(0);
        em.extend(di);
        em
    });
    // Refused already when the key is read (exit 4, RFC 8017 §3.1), before any signature.
    let out = verify(&["--key", &source(&path)], &forged);
    assert_eq!(out.status.code(), Some(4), "{}", stdout(&out));
    assert!(
        all_output(&out).contains("exponent"),
        "{}",
        all_output(&out)
    );
}

/// Held against the red team of issue 13: Hostile key files: no panic, exit 4, the place named, the text never quoted.
#[test]
fn hostile_key_files_are_errors_that_do_not_quote_them() {
    let dir = tempfile::tempdir().unwrap();
    let rsa = gen_key(dir.path(), "rsa", "RS256");
    let rsa_pem = std::fs::read_to_string(&rsa).unwrap();
    let canary = "Zq9Xk2Lm7Wp4Rt8Yv3Nb6Hc1Jd5Fg0Sa";
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", rsa_pem.as_bytes()[..200].to_vec()),
        (
            "proc-type",
            format!("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n{canary}\n-----END RSA PRIVATE KEY-----\n").into_bytes(),
        ),
        ("garbage", format!("{canary}\n{canary}\n").into_bytes()),
        ("non-utf8", vec![0xff, 0xfe, 0x00, 0x41]),
        (
            "mismatched labels",
            format!("-----BEGIN PUBLIC KEY-----\n{canary}\n-----END PRIVATE KEY-----\n").into_bytes(),
        ),
        (
            "unknown label",
            format!("-----BEGIN {canary}-----\nAAAA\n-----END {canary}-----\n").into_bytes(),
        ),
        ("bad base64", format!("-----BEGIN PUBLIC KEY-----\n@@{canary}\n-----END PUBLIC KEY-----\n").into_bytes()),
        ("short x", br#"{"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA"}"#.to_vec()),
        ("no x", br#"{"kty":"EC","crv":"P-256"}"#.to_vec()),
        ("tiny rsa", br#"{"kty":"RSA","n":"AQAB","e":"AQAB"}"#.to_vec()),
        ("kty number", br#"{"kty":5}"#.to_vec()),
        ("padded x", br#"{"kty":"OKP","crv":"Ed25519","x":"AAAA="}"#.to_vec()),
        ("jwks as key", br#"{"keys":[]}"#.to_vec()),
        ("deep json", format!("{{\"kty\":{}{}}}", "[".repeat(5000), "]".repeat(5000)).into_bytes()),
        ("broken json", format!("{{\"kty\":\"EC\",\"d\":\"{canary}\"").into_bytes()),
        ("oct", format!("{{\"kty\":\"oct\",\"k\":\"{canary}\"}}").into_bytes()),
    ];
    for (what, bytes) in cases {
        let path = dir.path().join("k.pem");
        std::fs::write(&path, &bytes).unwrap();
        chmod(&path, 0o600);
        for args in [
            vec![
                "key".to_string(),
                "thumbprint".into(),
                path.display().to_string(),
            ],
            vec![
                "key".to_string(),
                "public".into(),
                "--key".into(),
                source(&path),
            ],
            vec![
                "token".to_string(),
                "verify".into(),
                "--key".into(),
                source(&path),
                fake_token(),
            ],
            vec![
                "token".to_string(),
                "issue".into(),
                "--sub".into(),
                "a".into(),
                "--key".into(),
                source(&path),
            ],
        ] {
            let out = jwtadm().args(&args).output().unwrap();
            assert_no_panic(&out, what);
            // 4: not a key; 2: `key public` of text that reads as an HMAC secret.
            assert!(
                matches!(out.status.code(), Some(4) | Some(2)),
                "{what} {args:?}: {}",
                all_output(&out)
            );
            let text = all_output(&out);
            assert!(!text.contains(&canary[..16]), "{what} {args:?}: {text}");
            assert!(text.contains("k.pem"), "{what} {args:?}: {text}");
        }
    }
}

/// Held against the red team of issue 13: An HMAC secret is never exported, whatever it looks like: a secret that starts with
/// `{`, with `-----BEGIN `, or is an `oct` JWK, from env:, file: and dotenv:.
#[test]
fn an_hmac_secret_is_never_exported_whatever_it_looks_like() {
    let dir = tempfile::tempdir().unwrap();
    let k = "Zq9Xk2Lm7Wp4Rt8Yv3Nb6Hc1Jd5Fg0Sa";
    for secret in [
        format!("{{{k}}}"),
        format!("-----BEGIN PRIVATE KEY-----\n{k}\n-----END PRIVATE KEY-----"),
        format!("-----BEGIN {k}"),
        format!("{{\"kty\":\"oct\",\"k\":\"{k}\"}}"),
    ] {
        let file = dir.path().join("secret");
        std::fs::write(&file, format!("{secret}\n")).unwrap();
        chmod(&file, 0o600);
        let dotenv = dir.path().join(".env");
        std::fs::write(&dotenv, format!("S='{}'\n", secret.lines().next().unwrap())).unwrap();
        chmod(&dotenv, 0o600);
        for place in [
            "env:S".to_string(),
            source(&file),
            format!("dotenv:{}#S", dotenv.display()),
        ] {
            for cmd in ["public", "jwks"] {
                let out = jwtadm()
                    .env("S", &secret)
                    .args(["key", cmd, "--key", &place])
                    .output()
                    .unwrap();
                assert_no_panic(&out, &place);
                assert!(!out.status.success(), "{cmd} {place}: exported");
                assert!(out.stdout.is_empty(), "{cmd} {place}");
                assert!(
                    !all_output(&out).contains(&k[..16]),
                    "{cmd} {place}: {}",
                    all_output(&out)
                );
            }
        }
    }
}

/// Held against the red team of issue 13: `key gen --to` never writes through a link to a device, into a FIFO, over a hard-linked
/// file or an existing one without --force, nor to env:, dotenv: or stdin.
#[test]
fn key_gen_refuses_places_that_cannot_hold_a_key() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::os::unix::fs::symlink("/dev/null", d.join("null.pem")).unwrap();
    assert!(
        std::process::Command::new("mkfifo")
            .arg(d.join("fifo.pem"))
            .status()
            .unwrap()
            .success()
    );
    std::fs::write(d.join("old.pem"), "old\n").unwrap();
    chmod(&d.join("old.pem"), 0o600);
    std::fs::hard_link(d.join("old.pem"), d.join("hard.pem")).unwrap();
    std::fs::write(d.join(".env"), "A=1\n").unwrap();
    chmod(&d.join(".env"), 0o600);
    for (to, force) in [
        (source(&d.join("null.pem")), true),
        (source(&d.join("fifo.pem")), true),
        (source(&d.join("hard.pem")), true),
        (source(&d.join("old.pem")), false),
        (format!("dotenv:{}#K", d.join(".env").display()), true),
        ("env:K".to_string(), true),
        ("stdin".to_string(), true),
    ] {
        let mut cmd = jwtadm();
        cmd.args(["key", "gen", "--alg", "EdDSA", "--to", &to]);
        if force {
            cmd.arg("--force");
        }
        let out = cmd.timeout(Duration::from_secs(10)).output().unwrap();
        assert_no_panic(&out, &to);
        assert!(!out.status.success(), "{to}: {}", all_output(&out));
        assert!(!all_output(&out).contains("PRIVATE KEY"), "{to}");
    }
    assert_eq!(std::fs::read_to_string(d.join("old.pem")).unwrap(), "old\n");
    assert_eq!(std::fs::read_to_string(d.join(".env")).unwrap(), "A=1\n");
}

/// Held against the red team of issue 13: `--jwks` over plain HTTP: off loopback refused before connecting; a redirect from
/// loopback to another host, to file:, and a redirect loop are refused; an endless body is
/// cut at the limit; the URL's password is not in those errors.
#[test]
fn jwks_fetch_rules() {
    let started = Instant::now();
    let out = jwtadm()
        .args([
            "token",
            "verify",
            "--jwks",
            "http://10.255.255.1/jwks.json",
            &fake_token(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(stderr(&out).contains("loopback"), "{}", stderr(&out));
    let port = serve(vec![
        ("/toremote", redirect("http://10.255.255.1/jwks.json")),
        ("/tofile", redirect("file:///etc/passwd")),
        ("/loop", redirect("/loop")),
        ("/endless", b"ENDLESS".to_vec()),
    ]);
    for (path, says) in [
        ("toremote", "loopback"),
        ("tofile", "file scheme"),
        ("loop", "redirects"),
        ("endless", "limit"),
    ] {
        let url = format!("http://alice:{URL_PASSWORD}@127.0.0.1:{port}/{path}");
        let out = jwtadm()
            .args(["token", "verify", "--jwks", &url, &fake_token()])
            .timeout(Duration::from_secs(15))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(4), "{path}: {}", all_output(&out));
        assert!(stderr(&out).contains(says), "{path}: {}", stderr(&out));
        assert!(!all_output(&out).contains(URL_PASSWORD), "{path}");
    }
}

/// Held against the red team of issue 13: RFC 7638 thumbprints of EC P-256, P-384 and Ed25519 keys equal a hand computation
/// over the required members in order, and RFC 8037 §A.3's Ed25519 example.
#[test]
fn thumbprints_match_a_hand_computation() {
    let dir = tempfile::tempdir().unwrap();
    for alg in ["ES256", "ES384", "EdDSA"] {
        let key = gen_key(dir.path(), alg, alg);
        let jwk = public_jwk(&key, &[]);
        let input = if alg == "EdDSA" {
            format!(
                r#"{{"crv":"Ed25519","kty":"OKP","x":"{}"}}"#,
                jwk["x"].as_str().unwrap()
            )
        } else {
            format!(
                r#"{{"crv":"{}","kty":"EC","x":"{}","y":"{}"}}"#,
                jwk["crv"].as_str().unwrap(),
                jwk["x"].as_str().unwrap(),
                jwk["y"].as_str().unwrap()
            )
        };
        let expected = b64(&sha2::Sha256::digest(input.as_bytes()));
        assert_eq!(jwk["kid"], expected.as_str(), "{alg}");
        let out = jwtadm()
            .args(["key", "thumbprint", key.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(stdout(&out).trim(), expected, "{alg}");
    }
    let rfc8037 = dir.path().join("rfc8037.jwk");
    std::fs::write(
        &rfc8037,
        r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#,
    )
    .unwrap();
    let out = jwtadm()
        .args(["key", "thumbprint", rfc8037.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        stdout(&out).trim(),
        "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
    );
}

/// Held against the red team of issue 13 (interop): PyJWT's PS256 (salt = hash length) and RS256 with a 4096-bit key verify in
/// jwtadm; jwtadm's PS256 key loads in `cryptography` and its PS256 token verifies in PyJWT.
#[test]
fn a_ps256_key_interoperates_with_pyjwt() {
    let Some(py) = python("held_a_ps256_key_interoperates_with_pyjwt") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let key = gen_key(dir.path(), "ps", "PS256");
    let public = public_pem(dir.path(), &key, "ps.pub.pem");
    let token = issue(&key, &[]);
    let script = r#"
import sys, jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
key = serialization.load_pem_private_key(open(sys.argv[1], "rb").read(), None)
pub = serialization.load_pem_public_key(open(sys.argv[2], "rb").read())
jwt.decode(sys.argv[3], pub, algorithms=["PS256"], options={"verify_exp": False})
print(jwt.encode({"sub": "py", "exp": 4102444800}, key, algorithm="PS256"))
big = rsa.generate_private_key(65537, 4096)
open(sys.argv[4], "wb").write(big.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
print(jwt.encode({"sub": "py", "exp": 4102444800}, big, algorithm="RS256"))
"#;
    let big = dir.path().join("big.pub.pem");
    let out = std::process::Command::new(&py)
        .args(["-c", script])
        .arg(&key)
        .arg(&public)
        .arg(&token)
        .arg(&big)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut tokens = text.lines();
    let ps = tokens.next().unwrap();
    let rs4096 = tokens.next().unwrap();
    assert_eq!(
        verify(&["--key", &source(&public)], ps).status.code(),
        Some(0)
    );
    assert_eq!(
        verify(&["--key", &source(&big)], rs4096).status.code(),
        Some(0)
    );
}
