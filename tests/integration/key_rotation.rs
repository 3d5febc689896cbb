//! A key pair's life over a roster, through the binary: a roster that signs with a `[key]`,
//! `token issue-all` keeping its JWKS current, `token status` with the key, a public key or a
//! JWKS, and `key rotate` with and without a roster: the previous key kept 0600 for a grace
//! period, every client reissued, the JWKS listing both keys while the grace runs, all or
//! nothing.

use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use proptest::prelude::*;
use serde_json::Value;

use crate::common::*;
use crate::promises::files::{editor_save, resume, start_paused};

const DAY: i64 = 86_400;
const T0: i64 = 1_762_125_073;

/// jwtadm in `dir` at time `now`.
fn run(dir: &Path, now: i64, args: &[&str]) -> std::process::Output {
    jwtadm()
        .current_dir(dir)
        .env("JWTADM_NOW", now.to_string())
        .args(args)
        .output()
        .unwrap()
}

/// As [`run`], which must succeed.
fn ok(dir: &Path, now: i64, args: &[&str]) -> std::process::Output {
    let out = run(dir, now, args);
    assert!(
        out.status.success(),
        "jwtadm {args:?}: {}{}",
        stdout(&out),
        stderr(&out)
    );
    out
}

/// The JSON of `jwtadm -o json LINE` (`line` split at spaces) in `dir` at T0, which must
/// succeed.
fn json_of(dir: &Path, line: &str) -> Value {
    let args: Vec<&str> = ["-o", "json"].into_iter().chain(line.split(' ')).collect();
    json(&ok(dir, T0, &args))
}

/// A token for ci@x (audience exai-mcp-client, for 365 days) issued at T0 with `key` (its
/// `--key` and any more arguments).
fn issue_with(dir: &Path, key: &[&str]) -> String {
    let line = "token issue --sub ci@x --aud exai-mcp-client --expires 365d";
    let args: Vec<&str> = line.split(' ').chain(key.iter().copied()).collect();
    stdout(&ok(dir, T0, &args)).trim().to_string()
}

/// `args` in `dir` fail with exit `code`, saying `says`, and change no file there.
fn refused(dir: &Path, args: &[&str], code: i32, says: &str) {
    let before = snapshot(dir);
    let out = run(dir, T0, args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(code), "jwtadm {args:?}: {err}");
    assert!(err.contains(says), "jwtadm {args:?}: {err}");
    assert_eq!(snapshot(dir), before, "jwtadm {args:?} changed a file");
}

/// A new key for `alg` at `path` (in `dir`), in a folder only its owner may write.
fn gen_key(dir: &Path, alg: &str, path: &str) {
    let folder = dir.join(path).parent().unwrap().to_path_buf();
    std::fs::create_dir_all(&folder).unwrap();
    chmod(&folder, 0o700);
    ok(
        dir,
        T0,
        &["key", "gen", "--alg", alg, "--to", &format!("file:{path}")],
    );
}

/// A roster that signs with the key at keys/signing.pem (`key_lines` more of its [key]), with
/// clients a (mcp.json and .env), b (.env) and, with `z`, z (zz.json, the last file of the
/// folder).
fn key_roster(dir: &Path, key_lines: &str, z: bool) {
    std::fs::write(
        dir.join("mcp.json"),
        "{\"mcpServers\": {\"exai\": {\"env\": {\"EXAI_JWT_TOKEN\": \"x\"}}}}\n",
    )
    .unwrap();
    std::fs::write(dir.join(".env"), "# tokens\nA=\n").unwrap();
    let mut text = format!(
        "audit_log = \"audit.jsonl\"\n[defaults]\nissuer = \"exai-mcp-server\"\naudience = \"exai-mcp-client\"\nexpires = \"365d\"\n\
         [key]\nsource = \"file:keys/signing.pem\"\n{key_lines}\
         [[clients]]\nname = \"a\"\nsub = \"a@x\"\nconfigs = [\"mcp.json\"]\ndotenv = {{ path = \".env\", key = \"A\" }}\n\
         [[clients]]\nname = \"b\"\nsub = \"b@x\"\ndotenv = {{ path = \".env\", key = \"B\" }}\n"
    );
    if z {
        std::fs::write(
            dir.join("zz.json"),
            "{\"mcpServers\": {\"exai\": {\"env\": {\"EXAI_JWT_TOKEN\": \"x\"}}}}\n",
        )
        .unwrap();
        text.push_str("[[clients]]\nname = \"z\"\nsub = \"z@x\"\nconfigs = [\"zz.json\"]\n");
    }
    std::fs::write(dir.join("clients.toml"), text).unwrap();
}

/// A new `alg` key and [`key_roster`] (and a public/ folder for its JWKS), every client's
/// token issued and written at T0.
fn issued_roster(dir: &Path, alg: &str, key_lines: &str, z: bool) {
    gen_key(dir, alg, "keys/signing.pem");
    key_roster(dir, key_lines, z);
    std::fs::create_dir_all(dir.join("public")).unwrap();
    ok(dir, T0, &["token", "issue-all", "--patch"]);
}

/// Every token in the roster's client files: the .env lines and the JSON configs' values.
fn tokens(dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_to_string(dir.join(".env"))
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once('=').map(|(_, v)| v.to_string()))
        .filter(|v| v.starts_with("ey"))
        .collect();
    for f in ["mcp.json", "zz.json"] {
        if let Ok(text) = std::fs::read_to_string(dir.join(f)) {
            let v: Value = serde_json::from_str(&text).unwrap();
            found.push(
                v["mcpServers"]["exai"]["env"]["EXAI_JWT_TOKEN"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            );
        }
    }
    found
}

/// A token's header.
fn header(token: &str) -> Value {
    let h = token.split('.').next().unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(h).unwrap()).unwrap()
}

/// The kids a JWKS file lists.
fn jwks_kids(path: &Path) -> Vec<String> {
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap().to_string())
        .collect()
}

/// The public half of keys/signing.pem, written as PEM to `to` (0644, as a server keeps it).
fn public_pem(dir: &Path, to: &str) {
    let args = "key public --key file:keys/signing.pem --format pem";
    let args: Vec<&str> = args.split(' ').collect();
    std::fs::write(dir.join(to), stdout(&ok(dir, T0, &args))).unwrap();
    chmod(&dir.join(to), 0o644);
}

/// The kid of the key at `source`.
fn kid(dir: &Path, source: &str) -> String {
    let out = ok(dir, T0, &["-o", "json", "key", "public", "--key", source]);
    json(&out)["kid"].as_str().unwrap().to_string()
}

fn verify(dir: &Path, now: i64, token: &str, with: &[&str]) -> std::process::Output {
    let mut args = vec![
        "-o",
        "json",
        "token",
        "verify",
        token,
        "--aud",
        "exai-mcp-client",
    ];
    args.extend(with);
    run(dir, now, &args)
}

fn signature_detail(out: &std::process::Output) -> String {
    check_detail(out, "signature")
}

#[test]
fn a_file_key_rotates_into_0600_siblings_and_its_old_tokens_verify_only_during_the_grace() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    gen_key(d, "ES256", "keys/signing.pem");
    std::fs::create_dir(d.join("public")).unwrap();
    let src = "file:keys/signing.pem";
    let old_kid = kid(d, src);
    let old_token = issue_with(d, &["--key", src]);

    let out = ok(
        d,
        T0,
        &[
            "-o",
            "json",
            "key",
            "rotate",
            "--key",
            src,
            "--grace",
            "14d",
            "--jwks-out",
            "public/jwks.json",
        ],
    );
    let v = json(&out);
    let new_kid = v["kid"].as_str().unwrap().to_string();
    assert_ne!(new_kid, old_kid);
    assert_eq!(v["previous"]["kid"], old_kid.as_str());
    assert_eq!(v["previous"]["until"], "2025-11-16T23:11:13Z");
    assert_eq!(v["key"], "EC P-256", "the new key is of the old one's type");
    assert_eq!(v["alg"], "ES256");
    assert_eq!(kid(d, src), new_kid);
    // The previous private key and the end of its grace, beside the key, 0600; the JWKS,
    // public, 0644 (less the umask).
    for f in [
        "keys/signing.pem",
        "keys/signing.pem.previous",
        "keys/signing.pem.previous-until",
    ] {
        assert_eq!(mode(&d.join(f)), 0o600, "{f}");
    }
    assert_eq!(mode(&d.join("public/jwks.json")) & 0o044, 0o044);
    assert_eq!(
        std::fs::read_to_string(d.join("keys/signing.pem.previous-until")).unwrap(),
        "2025-11-16T23:11:13Z\n"
    );
    assert_eq!(kid(d, "file:keys/signing.pem.previous"), old_kid);
    assert_eq!(
        jwks_kids(&d.join("public/jwks.json")),
        [new_kid.clone(), old_kid.clone()]
    );
    // Public members only: an EC key's private `d` is in neither.
    let published: Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("public/jwks.json")).unwrap())
            .unwrap();
    for k in published["keys"].as_array().unwrap() {
        assert!(k.get("d").is_none(), "{k}");
        assert_eq!(k["use"], "sig");
    }

    // The old token: accepted by token verify --key during the grace, saying by which key;
    // refused after it.
    let out = verify(d, T0 + 9 * DAY, &old_token, &["--key", src]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        signature_detail(&out).starts_with(&format!(
            "signed by the previous key kid:{old_kid}, retired in 5 days"
        )),
        "{}",
        signature_detail(&out)
    );
    let out = verify(d, T0 + 15 * DAY, &old_token, &["--key", src]);
    assert_eq!(out.status.code(), Some(1));
    assert!(signature_detail(&out).contains("grace period ended"));
    // And by the JWKS, which lists it.
    let out = verify(d, T0 + 9 * DAY, &old_token, &["--jwks", "public/jwks.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));

    // A token of the new key verifies, its kid the new key's.
    let new_token = stdout(&ok(
        d,
        T0 + DAY,
        &[
            "token",
            "issue",
            "--sub",
            "ci@x",
            "--aud",
            "exai-mcp-client",
            "--key",
            src,
        ],
    ))
    .trim()
    .to_string();
    assert_eq!(header(&new_token)["kid"], new_kid.as_str());
    assert_eq!(
        verify(d, T0 + DAY, &new_token, &["--key", src])
            .status
            .code(),
        Some(0)
    );

    // The JWKS lists both keys while the grace runs, the new one alone after it.
    let jwks_at = |now: i64| {
        let out = ok(d, now, &["-o", "json", "key", "jwks", "--key", src]);
        json(&out)["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["kid"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(jwks_at(T0 + 13 * DAY), [new_kid.clone(), old_kid.clone()]);
    assert_eq!(jwks_at(T0 + 15 * DAY), std::slice::from_ref(&new_kid));
    ok(
        d,
        T0 + 15 * DAY,
        &["key", "jwks", "--key", src, "--out", "public/jwks.json"],
    );
    assert_eq!(jwks_kids(&d.join("public/jwks.json")), [new_kid]);
}

#[test]
fn key_rotate_with_a_roster_reissues_every_client_and_rewrites_the_jwks_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    issued_roster(d, "EdDSA", "jwks = \"public/jwks.json\"\n", false);
    let old_kid = kid(d, "file:keys/signing.pem");
    let old_tokens = tokens(d);
    assert_eq!(old_tokens.len(), 3);

    let out = ok(d, T0 + DAY, &["key", "rotate", "--roster", "clients.toml"]);
    let text = stdout(&out);
    assert!(text.starts_with("rotated the key in file:"), "{text}");
    assert!(
        text.contains("2 tokens reissued; 6 files written"),
        "{text}"
    );
    let new_kid = kid(d, "file:keys/signing.pem");
    assert!(
        text.contains(&format!(
            "previous key: kid:{old_kid}, accepted until 2025-11-17T23:11:13Z"
        )),
        "{text}"
    );

    // Every client's token is new and signed with the new key: a status with only the new
    // public key (no previous one beside it) passes.
    let new_tokens = tokens(d);
    assert_eq!(new_tokens.len(), 3);
    for t in &new_tokens {
        assert!(!old_tokens.contains(t));
        assert_eq!(header(t)["kid"], new_kid.as_str());
        assert_eq!(header(t)["alg"], "EdDSA");
    }
    public_pem(d, "new-public.pem");
    ok(
        d,
        T0 + 2 * DAY,
        &["token", "status", "--key", "file:new-public.pem"],
    );
    assert_eq!(
        jwks_kids(&d.join("public/jwks.json")),
        [new_kid.clone(), old_kid.clone()]
    );
    // The audit log names the key id, never a secret's fingerprint.
    let audit = std::fs::read_to_string(d.join("audit.jsonl")).unwrap();
    let last: Value = serde_json::from_str(audit.lines().last().unwrap()).unwrap();
    assert_eq!(last["kid"], new_kid.as_str());
    assert!(last.get("secret_fingerprint").is_none(), "{last}");
    assert_eq!(audit.lines().count(), 4);

    // An old token put back: accepted while the grace runs (and flagged as ending with it),
    // refused after it; the JWKS still serves it during the grace, and says when it ends (the
    // previous key's `exp`), so a check with the JWKS alone flags it too.
    let env = std::fs::read_to_string(d.join(".env")).unwrap();
    std::fs::write(d.join(".env"), env.replace(&new_tokens[1], &old_tokens[1])).unwrap();
    let out = run(d, T0 + 2 * DAY, &["-o", "json", "token", "status"]);
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    let v = json(&out);
    assert_eq!(v["kid"], new_kid.as_str());
    assert!(
        v["entries"]
            .to_string()
            .contains("signed by the previous key, retired in"),
        "{v}"
    );
    assert_eq!(
        run(d, T0 + 2 * DAY, &["token", "status", "--warn-within", "0s"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        run(
            d,
            T0 + 2 * DAY,
            &["token", "status", "--jwks", "public/jwks.json"]
        )
        .status
        .code(),
        Some(3)
    );
    assert_eq!(
        run(
            d,
            T0 + 2 * DAY,
            &[
                "token",
                "status",
                "--warn-within",
                "0s",
                "--jwks",
                "public/jwks.json"
            ]
        )
        .status
        .code(),
        Some(0)
    );
    assert_eq!(
        run(d, T0 + 20 * DAY, &["token", "status"]).status.code(),
        Some(1)
    );
}

#[test]
fn a_key_rotation_that_fails_midway_leaves_every_file_byte_identical_backups_included() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    issued_roster(d, "ES256", "jwks = \"public/jwks.json\"\n", true);
    // Backups from an earlier run, which a failed run must put back.
    std::fs::write(d.join(".env.bak"), "an older backup\n").unwrap();
    let before = snapshot(d);

    // zz.json, the last file replaced, is saved by an editor while jwtadm is about to write:
    // the key, its previous, the JWKS and the other clients' files are already replaced
    // when it fails there, and all of them must come back.
    let (child, go) = start_paused(
        d,
        &["key", "rotate", "--roster", "clients.toml", "--backup"],
    );
    let edited = "{\"mcpServers\": {\"exai\": {\"env\": {\"EXAI_JWT_TOKEN\": \"edited\"}}}}\n";
    editor_save(&d.join("zz.json"), edited);
    let out = resume(child, &go);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains("zz.json"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("every file already replaced, and its backup, was put back"),
        "{}",
        stderr(&out)
    );
    let after: Vec<(String, Vec<u8>)> = snapshot(d)
        .into_iter()
        .filter(|(p, _)| !p.ends_with("zz.json"))
        .collect();
    let before: Vec<(String, Vec<u8>)> = before
        .into_iter()
        .filter(|(p, _)| !p.ends_with("zz.json"))
        .collect();
    assert_eq!(after, before, "a file, a backup or a previous key changed");
    assert_eq!(std::fs::read_to_string(d.join("zz.json")).unwrap(), edited);

    // A roster whose client writes into the JWKS is refused before anything is read.
    let roster = std::fs::read_to_string(d.join("clients.toml")).unwrap();
    std::fs::write(
        d.join("clients.toml"),
        roster.replace(
            "configs = [\"zz.json\"]",
            "configs = [\"public/jwks.json\"]",
        ),
    )
    .unwrap();
    refused(
        d,
        &["key", "rotate", "--roster", "clients.toml"],
        4,
        "client \"z\" (EXAI_JWT_TOKEN of every server in public/jwks.json) and the JWKS (public/jwks.json) are the same place",
    );
    // Without a roster, a JWKS over the previous key's place is refused the same way.
    let args = "key rotate --key file:keys/signing.pem --jwks-out keys/signing.pem.previous";
    let args: Vec<&str> = args.split(' ').collect();
    refused(
        d,
        &args,
        4,
        "the public JWKS would be written over the signing key",
    );
}

#[test]
fn key_rotate_refuses_sources_it_cannot_write_and_says_where_to_keep_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    gen_key(d, "EdDSA", "keys/signing.pem");
    let pem = std::fs::read_to_string(d.join("keys/signing.pem")).unwrap();
    std::fs::write(d.join(".env"), "K=x\n").unwrap();
    let before = snapshot(d);
    // command: (a key printed by a program) is read only too, and is refused before it runs.
    for source in [
        "env:SIGNING_KEY",
        "stdin",
        "dotenv:.env#K",
        "command:touch ran",
    ] {
        let out = jwtadm()
            .current_dir(d)
            .env("SIGNING_KEY", &pem)
            .args(["key", "rotate", "--key", source])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{source}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("cannot rotate a key in"), "{source}: {err}");
        assert!(
            err.contains("file:PATH (0600) or keyring:SERVICE/ACCOUNT"),
            "{source}: {err}"
        );
    }
    assert_eq!(snapshot(d), before);
    // A public key is not rotated, nor a secret roster by key rotate, nor a key roster by
    // secret rotate.
    public_pem(d, "public.pem");
    let args = ["key", "rotate", "--key", "file:public.pem"];
    refused(d, &args, 2, "holds a public key");
    key_roster(d, "", false);
    let args = ["secret", "rotate", "--roster", "clients.toml"];
    refused(d, &args, 2, "jwtadm key rotate --roster clients.toml");
    std::fs::write(
        d.join("secret.toml"),
        "[secret]\nsource = \"env:JWT_SECRET_KEY\"\n[[clients]]\nname = \"a\"\nsub = \"a\"\n",
    )
    .unwrap();
    let args = ["key", "rotate", "--roster", "secret.toml"];
    refused(d, &args, 2, "jwtadm secret rotate --roster secret.toml");
}

#[test]
fn a_roster_with_both_a_secret_and_a_key_is_refused_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("clients.toml"),
        "[secret]\nsource = \"env:JWT_SECRET_KEY\"\n\n[key]\nsource = \"file:k.pem\"\n[[clients]]\nname = \"a\"\nsub = \"a\"\n",
    )
    .unwrap();
    for args in [
        &["token", "issue-all"][..],
        &["token", "status"],
        &["key", "rotate", "--roster", "clients.toml"],
        &["secret", "rotate", "--roster", "clients.toml"],
    ] {
        let both = "clients.toml:4:1: [key] and [secret] (line 1) are both given: a roster signs with a shared secret or with a key pair, not both";
        refused(d, args, 4, both);
    }
}

#[test]
fn issue_all_with_a_key_keeps_the_rosters_jwks_listing_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    gen_key(d, "RS256", "keys/signing.pem");
    key_roster(d, "alg = \"RS384\"\njwks = \"public/jwks.json\"\n", false);
    std::fs::create_dir(d.join("public")).unwrap();
    let jwks = d.join("public/jwks.json");
    let key_kid = kid(d, "file:keys/signing.pem");

    // Without --patch nothing is written, and the missing JWKS is a warning.
    let out = ok(d, T0, &["-o", "json", "token", "issue-all"]);
    assert!(
        stderr(&out).contains("does not list the key"),
        "{}",
        stderr(&out)
    );
    assert!(!jwks.exists());
    let v = json(&out);
    assert_eq!(v["kid"], key_kid.as_str());
    assert!(v.get("secret_fingerprint").is_none());
    let token = v["clients"][0]["token"].as_str().unwrap();
    assert_eq!(header(token)["alg"], "RS384");
    assert_eq!(header(token)["kid"], key_kid.as_str());

    // The dry run shows the JWKS it would write, by kid.
    let out = ok(d, T0, &["token", "issue-all", "--patch", "--dry-run"]);
    assert!(
        stdout(&out).contains(&format!("-keys: (none)\n+keys: kid:{key_kid}\n")),
        "{}",
        stdout(&out)
    );
    assert!(!jwks.exists());

    // With --patch: written with the tokens, public, listing the key for the roster's alg.
    let out = ok(d, T0, &["-o", "json", "token", "issue-all", "--patch"]);
    assert_eq!(json(&out)["jwks"]["kids"], serde_json::json!([key_kid]));
    assert_eq!(mode(&jwks) & 0o044, 0o044);
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&jwks).unwrap()).unwrap();
    assert_eq!(doc["keys"][0]["alg"], "RS384");
    ok(d, T0, &["token", "status", "--jwks", "public/jwks.json"]);

    // Current: left as it is, byte for byte, and not written.
    let bytes = std::fs::read(&jwks).unwrap();
    let out = ok(
        d,
        T0 + DAY,
        &["-o", "json", "token", "issue-all", "--patch"],
    );
    assert!(json(&out).get("jwks").is_none());
    assert!(
        !json(&out)["written"].to_string().contains("jwks.json"),
        "{}",
        stdout(&out)
    );
    assert_eq!(std::fs::read(&jwks).unwrap(), bytes);

    // A new key (made over the old one, no rotation): the JWKS is rewritten with it.
    ok(
        d,
        T0,
        &[
            "key",
            "gen",
            "--alg",
            "RS256",
            "--to",
            "file:keys/signing.pem",
            "--force",
        ],
    );
    let new_kid = kid(d, "file:keys/signing.pem");
    ok(d, T0 + DAY, &["token", "issue-all", "--patch"]);
    assert_eq!(jwks_kids(&jwks), [new_kid]);

    // A file there that is not a JWK Set is never overwritten: the run stops, nothing written.
    std::fs::write(&jwks, "{\"not\": \"a jwks\"}\n").unwrap();
    refused(d, &["token", "issue-all", "--patch"], 4, "is not a JWK Set");
}

#[test]
fn status_checks_a_key_rosters_tokens_with_a_public_pem_or_a_jwks_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    issued_roster(d, "ES384", "", false);
    let key_kid = kid(d, "file:keys/signing.pem");
    // A server holds only the public key: a PEM others may read, and a JWKS.
    public_pem(d, "public.pem");
    let jwks_of = |key: &str, to: &str| {
        ok(d, T0, &["key", "jwks", "--key", key, "--out", to]);
    };
    jwks_of("file:keys/signing.pem", "jwks.json");
    // A status with --key or --jwks: its exit code and JSON.
    let status = |with: &str, place: &str| {
        let out = run(d, T0, &["-o", "json", "token", "status", with, place]);
        (out.status.code(), json(&out))
    };

    let (code, v) = status("--key", "file:public.pem");
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["kid"], key_kid.as_str());
    assert_eq!(v["counts"]["ok"], 3);
    let out = ok(d, T0, &["token", "status", "--key", "file:public.pem"]);
    assert!(
        stdout(&out).contains(&format!("with key kid:{key_kid}: 3 tokens ok")),
        "{}",
        stdout(&out)
    );
    let (code, v) = status("--jwks", "jwks.json");
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["jwks"]["source"], "jwks.json");
    assert_eq!(v["jwks"]["kids"], serde_json::json!([key_kid]));
    assert_eq!(v["counts"]["ok"], 3);

    // Another key, or a JWKS without this one, fails every token, saying why.
    gen_key(d, "ES384", "other/key.pem");
    let (code, v) = status("--key", "file:other/key.pem");
    assert_eq!(code, Some(1));
    let detail = v["entries"][0]["detail"].as_str().unwrap();
    assert!(
        detail.contains("signature does not match the key file:other/key.pem"),
        "{detail}"
    );
    jwks_of("file:other/key.pem", "other.json");
    let (code, v) = status("--jwks", "other.json");
    assert_eq!(code, Some(1));
    let detail = v["entries"][0]["detail"].as_str().unwrap();
    assert!(
        detail.contains("the JWKS has no key with the token's kid"),
        "{detail}"
    );
    // --key and --jwks together are a usage error; so is either for a secret roster.
    let args = "token status --key file:public.pem --jwks jwks.json";
    let args: Vec<&str> = args.split(' ').collect();
    refused(d, &args, 2, "cannot be used with");
    std::fs::write(
        d.join("secret.toml"),
        "[[clients]]\nname = \"a\"\nsub = \"a\"\ndotenv = { path = \".env\", key = \"A\" }\n",
    )
    .unwrap();
    let args = ["token", "status", "secret.toml", "--key", "file:public.pem"];
    refused(d, &args, 2, "signs with a [secret]");
}

#[test]
fn key_rotate_keeps_the_key_type_unless_told_and_the_rosters_alg_agrees() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    gen_key(d, "PS384", "keys/signing.pem");
    ok(
        d,
        T0,
        &[
            "key",
            "gen",
            "--alg",
            "PS384",
            "--bits",
            "3072",
            "--to",
            "file:keys/signing.pem",
            "--force",
        ],
    );
    let v = json_of(d, "key rotate --key file:keys/signing.pem");
    assert_eq!(
        v["key"], "RSA-PSS 3072-bit",
        "a PSS key stays PSS, of its size"
    );
    assert_eq!(v["alg"], "PS256");
    assert_eq!(v["jwks"], Value::Null);
    let v = json_of(d, "key rotate --key file:keys/signing.pem --bits 4096");
    assert_eq!(v["key"], "RSA-PSS 4096-bit");

    // A roster that names alg: --alg must agree with it, else nothing is changed.
    key_roster(d, "alg = \"PS512\"\n", false);
    let args = "key rotate --roster clients.toml --alg ES256";
    let args: Vec<&str> = args.split(' ').collect();
    let says = "--alg ES256, but the roster signs with alg = \"PS512\" (clients.toml:7)";
    refused(d, &args, 2, says);
    ok(d, T0, &["key", "rotate", "--roster", "clients.toml"]);
    let rsa_tokens = tokens(d);
    assert!(rsa_tokens.iter().all(|t| header(t)["alg"] == "PS512"));

    // A roster that names none: --alg makes a key of another type, its tokens signed with it.
    std::fs::write(
        d.join("clients.toml"),
        std::fs::read_to_string(d.join("clients.toml"))
            .unwrap()
            .replace("alg = \"PS512\"\n", ""),
    )
    .unwrap();
    let v = json_of(d, "key rotate --roster clients.toml --alg ES384");
    assert_eq!(v["alg"], "ES384");
    let ec_tokens = tokens(d);
    assert_eq!(ec_tokens.len(), 3);
    assert!(
        ec_tokens.iter().all(|t| header(t)["alg"] == "ES384"),
        "{ec_tokens:?}"
    );
    // The previous key, RSA-PSS, stays accepted for its own PS512 tokens during the grace.
    let env = std::fs::read_to_string(d.join(".env")).unwrap();
    std::fs::write(d.join(".env"), env.replace(&ec_tokens[1], &rsa_tokens[1])).unwrap();
    ok(d, T0 + DAY, &["token", "status", "--warn-within", "0s"]);
    assert_eq!(
        run(d, T0 + 15 * DAY, &["token", "status"]).status.code(),
        Some(1)
    );
}

/// A key in the kernel keyring (keyutils): its previous one kept as accounts beside it.
#[cfg(target_os = "linux")]
#[test]
fn a_keyring_key_rotates_with_its_previous_in_the_keyring() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let n = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let src = format!("keyring:jwtadm-test-{}-{n}/signing-key", std::process::id());
    // Every command names the store.
    let with_store = |args: &[&str]| -> Vec<String> {
        args.iter()
            .chain(&["--keyring-store", "keyutils"])
            .map(|a| a.to_string())
            .collect()
    };
    let go = |now: i64, args: &[&str]| {
        let args = with_store(args);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run(d, now, &args)
    };
    let out = go(T0, &["key", "gen", "--alg", "EdDSA", "--to", &src]);
    if !out.status.success() {
        let err = stderr(&out);
        if std::env::var("JWTADM_REQUIRE_KEYRING").as_deref() != Ok("1")
            && (err.contains("not available") || err.contains("cannot be reached"))
        {
            eprintln!(
                "SKIPPED keyring test a_keyring_key_rotates_with_its_previous_in_the_keyring: {}",
                err.trim()
            );
            return;
        }
        panic!("key gen --to keyring failed: {err}");
    }
    let old_kid = json(&go(T0, &["-o", "json", "key", "public", "--key", &src]))["kid"]
        .as_str()
        .unwrap()
        .to_string();
    let old_token = issue_with(d, &["--key", &src, "--keyring-store", "keyutils"]);
    let out = go(
        T0,
        &[
            "-o",
            "json",
            "key",
            "rotate",
            "--key",
            &src,
            "--grace",
            "7d",
            "--jwks-out",
            "jwks.json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["previous"]["kid"], old_kid.as_str());
    assert_ne!(v["kid"], old_kid.as_str());
    assert_eq!(
        v["written"],
        serde_json::json!(["jwks.json"]),
        "the key is not a file"
    );
    assert_eq!(jwks_kids(&d.join("jwks.json")).len(), 2);
    let verify_at = |now: i64| {
        go(
            now,
            &[
                "token",
                "verify",
                &old_token,
                "--aud",
                "exai-mcp-client",
                "--key",
                &src,
            ],
        )
        .status
        .code()
    };
    assert_eq!(verify_at(T0 + 6 * DAY), Some(0));
    assert_eq!(verify_at(T0 + 8 * DAY), Some(1));
}

proptest! {
    #![proptest_config(crate::promises::properties::config_with(6))]

    /// Whatever the key's type and the roster's size, after a rotation every client's token
    /// names a key the JWKS lists, and verifies with the JWKS alone.
    #[test]
    fn after_a_rotation_every_clients_kid_is_in_the_jwks(
        alg in prop::sample::select(vec!["ES256", "ES384", "EdDSA", "RS256", "PS256"]),
        to in prop::option::of(prop::sample::select(vec!["ES256", "EdDSA", "RS512"])),
        extra in 0usize..4,
        grace_days in 0i64..30,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        gen_key(d, alg, "keys/signing.pem");
        key_roster(d, "jwks = \"jwks.json\"\n", false);
        let mut roster = std::fs::read_to_string(d.join("clients.toml")).unwrap();
        for i in 0..extra {
            roster.push_str(&format!(
                "[[clients]]\nname = \"c{i}\"\nsub = \"c{i}@x\"\ndotenv = {{ path = \".env\", key = \"C{i}\" }}\n"
            ));
        }
        std::fs::write(d.join("clients.toml"), roster).unwrap();
        ok(d, T0, &["token", "issue-all", "--patch"]);
        let grace = format!("{grace_days}d");
        let mut args = vec!["key", "rotate", "--roster", "clients.toml", "--grace", &grace];
        if let Some(to) = to {
            args.extend(["--alg", to]);
        }
        ok(d, T0, &args);
        let kids = jwks_kids(&d.join("jwks.json"));
        // With no grace period the old key is not kept, nor published (client revoke's rule).
        prop_assert_eq!(kids.len(), if grace_days == 0 { 1 } else { 2 });
        let found = tokens(d);
        prop_assert_eq!(found.len(), 3 + extra);
        for t in &found {
            let kid = header(t)["kid"].as_str().unwrap().to_string();
            prop_assert!(kids.contains(&kid), "kid {} not in {:?}", kid, kids);
        }
        let out = run(d, T0, &["token", "status", "--jwks", "jwks.json"]);
        prop_assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    }
}
