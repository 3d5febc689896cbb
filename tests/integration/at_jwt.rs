//! OAuth access tokens (RFC 9068, `--profile at+jwt`) and the Protected Resource Metadata
//! document (RFC 9728, `server metadata`) an MCP HTTP server publishes, end to end through the
//! binary.

use std::path::Path;

use serde_json::{Value, json};

use crate::common::*;
use crate::promises::tokens::{b64, signed};

const ISS: &str = "https://auth.example.com";
const RESOURCE: &str = "https://mcp.example.com/mcp";
/// What `token verify --profile at+jwt` is given: the issuer it trusts and its own resource.
const AT_VERIFY: [&str; 6] = ["--profile", "at+jwt", "--iss", ISS, "--aud", RESOURCE];
/// An access token's header, as RFC 9068 §2.1 recommends it.
const AT_HEADER: &str = r#"{"alg":"HS256","typ":"at+jwt"}"#;

/// Every claim RFC 9068 §2.2 requires, valid at NOW (issued then, for a year).
fn at_claims() -> serde_json::Map<String, Value> {
    json!({
        "iss": ISS,
        "aud": RESOURCE,
        "sub": "vscode1@exai-mcp.local",
        "client_id": "vscode1",
        "jti": "4f1c0e5a9b2d4e6f8a1b3c5d7e9f0a2b",
        "iat": 1762125073,
        "exp": 1793661073,
        "scope": "mcp:tools",
    })
    .as_object()
    .unwrap()
    .clone()
}

/// `jwtadm -o json token issue --profile at+jwt …` with `more`: its JSON (token, header,
/// claims).
fn issue_at(more: &[&str]) -> Value {
    let out = jwtadm()
        .args([
            "-o",
            "json",
            "token",
            "issue",
            "--sub",
            "vscode1@exai-mcp.local",
        ])
        .args(["--profile", "at+jwt", "--iss", ISS, "--aud", RESOURCE])
        .args(["--client-id", "vscode1"])
        .args(more)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    json(&out)
}

/// `jwtadm -o json token verify TOKEN ARGS`: the exit code and the report.
fn verify(token: &str, args: &[&str]) -> (i32, Value) {
    let out = jwtadm()
        .args(["-o", "json", "token", "verify", token])
        .args(args)
        .output()
        .unwrap();
    (out.status.code().unwrap(), json(&out))
}

/// The member of the array `doc[list]` whose `field` is `value`: a report's check, a status
/// entry, an issued client.
fn member<'a>(doc: &'a Value, list: &str, field: &str, value: &str) -> &'a Value {
    doc[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c[field] == value)
        .unwrap_or_else(|| panic!("no {field} {value} in {list} of {doc:#}"))
}

/// The check `name` of a verify report.
fn check<'a>(report: &'a Value, name: &str) -> &'a Value {
    member(report, "checks", "check", name)
}

/// Segment `i` of a compact token (0 the header, 1 the payload), decoded without checking it.
fn segment(token: &str, i: usize) -> Value {
    use base64::Engine as _;
    let part = token.split('.').nth(i).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

// ---- token issue / verify ------------------------------------------------------------------

#[test]
fn an_issued_access_token_verifies_with_the_at_jwt_profile() {
    let issued = issue_at(&["--scope", "mcp:tools  mcp:read", "--scope", "mcp:tools"]);
    assert_eq!(issued["header"]["typ"], "at+jwt");
    let claims = &issued["claims"];
    for claim in ["iss", "aud", "sub", "client_id", "jti", "iat", "exp"] {
        assert!(claims.get(claim).is_some(), "no {claim} in {claims:#}");
    }
    assert_eq!(claims["client_id"], "vscode1");
    assert_eq!(
        claims["scope"], "mcp:tools mcp:read",
        "space-separated, once each"
    );
    let token = issued["token"].as_str().unwrap();
    assert_eq!(
        segment(token, 0)["typ"],
        "at+jwt",
        "what was signed, not only what was said"
    );
    let (code, report) = verify(token, &AT_VERIFY);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(check(&report, "typ")["ok"], true);
    assert_eq!(check(&report, "required claims")["ok"], true);
    assert_eq!(check(&report, "aud")["detail"], format!("\"{RESOURCE}\""));
}

#[test]
fn without_the_profile_a_token_is_issued_and_verified_as_before() {
    let out = jwtadm()
        .args([
            "-o", "json", "token", "issue", "--sub", "a", "--aud", RESOURCE,
        ])
        .output()
        .unwrap();
    let issued = json(&out);
    assert_eq!(issued["header"]["typ"], "JWT");
    assert!(issued["claims"].get("client_id").is_none());
    let (code, report) = verify(issued["token"].as_str().unwrap(), &["--aud", RESOURCE]);
    assert_eq!(code, 0, "{report:#}");
    assert!(
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["check"] != "required claims" && c["check"] != "typ")
    );
    // A token typed at+jwt still verifies without --profile, as it always has.
    let token = signed(AT_HEADER, &Value::Object(at_claims()).to_string());
    let (code, report) = verify(&token, &["--iss", ISS, "--aud", RESOURCE]);
    assert_eq!(code, 0, "{report:#}");
}

#[test]
fn each_access_token_gets_its_own_jti() {
    let jtis: Vec<String> = (0..3)
        .map(|_| issue_at(&[])["claims"]["jti"].as_str().unwrap().to_string())
        .collect();
    assert!(jtis.iter().all(|j| j.len() == 32), "{jtis:?}");
    assert!(jtis[0] != jtis[1] && jtis[1] != jtis[2] && jtis[0] != jtis[2]);
}

#[test]
fn issuing_an_access_token_without_iss_aud_or_client_id_is_a_usage_error_naming_them() {
    let with_all = ["--iss", ISS, "--aud", RESOURCE];
    for (args, code, want) in [
        (
            &[][..],
            2,
            "the token would have no iss, aud, client_id, which RFC 9068 §2.2 requires in every access token (iss, aud, sub, client_id, jti, iat, exp): pass --iss and --aud and --client-id",
        ),
        (&["--client-id", "c", "--no-iat"], 2, "leave out --no-iat"),
        (&["--client-id", ""], 2, "--client-id is empty"),
        (&["--client-id", "c", "--scope", "a\"b"], 2, "RFC 6749 §3.3"),
        (
            &["--client-id", "c", "--claim", "client_id=d"],
            2,
            "given twice",
        ),
        // The claim given another way counts.
        (&["--claim", "client_id=c"], 0, ""),
    ] {
        let out = jwtadm()
            .args(["token", "issue", "--sub", "a", "--profile", "at+jwt"])
            .args(if args.is_empty() {
                &[][..]
            } else {
                &with_all[..]
            })
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
        if code == 2 {
            assert!(stdout(&out).is_empty(), "{args:?}: no token");
            assert!(stderr(&out).contains(want), "{args:?}: {}", stderr(&out));
        }
    }
}

#[test]
fn verify_catches_each_missing_required_claim() {
    for claim in ["iss", "aud", "sub", "client_id", "jti", "iat", "exp"] {
        let mut claims = at_claims();
        claims.remove(claim);
        let token = signed(AT_HEADER, &Value::Object(claims).to_string());
        let (code, report) = verify(&token, &AT_VERIFY);
        assert_eq!(code, 1, "without {claim}: {report:#}");
        let required = check(&report, "required claims");
        assert_eq!(required["ok"], false, "without {claim}");
        assert!(
            required["detail"]
                .as_str()
                .unwrap()
                .starts_with(&format!("no {claim}:")),
            "{required}"
        );
    }
}

#[test]
fn verify_rejects_an_access_token_whose_typ_is_not_at_jwt() {
    let payload = Value::Object(at_claims()).to_string();
    for typ in [Some("JWT"), Some("dpop+jwt"), Some("application/jwt"), None] {
        let header = match typ {
            Some(t) => format!(r#"{{"alg":"HS256","typ":"{t}"}}"#),
            None => r#"{"alg":"HS256"}"#.to_string(),
        };
        let (code, report) = verify(&signed(&header, &payload), &AT_VERIFY);
        assert_eq!(code, 1, "typ {typ:?}: {report:#}");
        let c = check(&report, "typ");
        assert_eq!(c["ok"], false);
        assert!(c["detail"].as_str().unwrap().contains("RFC 9068 §4"), "{c}");
    }
    // The media type rules: any case, application/ implied.
    for typ in ["AT+JWT", "application/at+jwt", "Application/At+Jwt"] {
        let header = format!(r#"{{"alg":"HS256","typ":"{typ}"}}"#);
        let (code, report) = verify(&signed(&header, &payload), &AT_VERIFY);
        assert_eq!(code, 0, "typ {typ}: {report:#}");
    }
}

#[test]
fn verify_rejects_an_access_token_for_another_resource() {
    let token = signed(AT_HEADER, &Value::Object(at_claims()).to_string());
    let mut args = AT_VERIFY;
    args[5] = "https://other.example.com/mcp";
    let (code, report) = verify(&token, &args);
    assert_eq!(code, 1);
    assert_eq!(
        check(&report, "aud")["detail"],
        format!("expected \"https://other.example.com/mcp\", found \"{RESOURCE}\"")
    );
    // An alg none access token is refused as any other.
    let none = format!(
        "{}.{}.",
        b64(r#"{"alg":"none","typ":"at+jwt"}"#),
        b64(Value::Object(at_claims()).to_string())
    );
    let (code, report) = verify(&none, &AT_VERIFY);
    assert_eq!(code, 1);
    assert_eq!(check(&report, "algorithm")["ok"], false);
}

/// An empty `--iss` or `--aud` (most often an unset variable) names no issuer or audience:
/// refused (exit 2) by issue and verify whatever the profile, and by a roster (exit 4).
#[test]
fn an_empty_issuer_or_audience_is_refused_for_every_profile() {
    let token = signed(AT_HEADER, &Value::Object(at_claims()).to_string());
    let issue = ["token", "issue", "--sub", "s", "--client-id", "c"];
    let verify = ["token", "verify", &token];
    for (command, profile, args, want) in [
        (&issue[..], "jwt", &["--iss", ""][..], "--iss is empty"),
        (
            &issue,
            "jwt",
            &["--aud", "a", "--aud", ""],
            "--aud is empty",
        ),
        (
            &issue,
            "at+jwt",
            &["--iss", "", "--aud", ""],
            "--iss and --aud are empty",
        ),
        (&verify, "jwt", &["--aud", ""], "--aud is empty"),
        (
            &verify,
            "jwt",
            &["--iss", "", "--aud", RESOURCE],
            "--iss is empty",
        ),
        (
            &verify,
            "at+jwt",
            &["--iss", "", "--aud", ""],
            "--iss and --aud are empty",
        ),
    ] {
        let out = jwtadm()
            .args(command)
            .args(["--profile", profile])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{command:?} {args:?}");
        assert!(
            stdout(&out).is_empty(),
            "{command:?} {args:?}: {}",
            stdout(&out)
        );
        assert!(stderr(&out).contains(want), "{}", stderr(&out));
    }
    for (profile, keys, want) in [
        (
            "at+jwt",
            "issuer = \"\"\naudience = \"a\"",
            "clients.toml:9:10: issuer is empty",
        ),
        (
            "at+jwt",
            "issuer = \"i\"\naudience = [\"\"]",
            "clients.toml:10:12: audience holds an empty string",
        ),
        ("jwt", "issuer = \"\"", "clients.toml:9:10: issuer is empty"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join(".env"), "").unwrap();
        std::fs::write(
            d.join("clients.toml"),
            format!(
                "[[clients]]\nname = \"a\"\nsub = \"a@x\"\ndotenv = {{ path = \".env\", key = \"A\" }}\n\
                 [[clients]]\nname = \"b\"\nsub = \"b@x\"\nprofile = \"{profile}\"\n{keys}\ndotenv = {{ path = \".env\", key = \"B\" }}\n"
            ),
        )
        .unwrap();
        let out = jwtadm()
            .current_dir(d)
            .args(["token", "issue-all", "--patch"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(4), "{keys}: {}", stderr(&out));
        assert!(stderr(&out).contains(want), "{keys}: {}", stderr(&out));
        assert_eq!(std::fs::read_to_string(d.join(".env")).unwrap(), "");
    }
}

#[test]
fn verify_with_the_profile_needs_iss_and_aud_and_says_why() {
    let token = signed(AT_HEADER, &Value::Object(at_claims()).to_string());
    for (args, want) in [
        (&["--profile", "at+jwt"][..], "needs --iss and --aud"),
        (&["--profile", "at+jwt", "--iss", ISS], "needs --aud"),
        (&["--profile", "at+jwt", "--aud", RESOURCE], "needs --iss"),
    ] {
        let out = jwtadm()
            .args(["token", "verify", &token])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains(want) && err.contains("RFC 9068 §4"), "{err}");
    }
    for (more, want) in [
        (
            &["--typ", "JWT"][..],
            "--typ jwt contradicts --profile at+jwt",
        ),
        (&["--allow-no-exp"], "--allow-no-exp contradicts"),
    ] {
        let out = jwtadm()
            .args(["token", "verify", &token])
            .args(AT_VERIFY)
            .args(more)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{more:?}");
        assert!(stderr(&out).contains(want), "{}", stderr(&out));
    }
    // -o json: the usage error as a document too.
    let out = jwtadm()
        .args([
            "-o",
            "json",
            "token",
            "verify",
            &token,
            "--profile",
            "at+jwt",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v = json(&out);
    assert_eq!(v["valid"], false);
    assert_eq!(v["exit_code"], 2);
}

#[test]
fn inspect_warns_about_an_at_jwt_token_without_its_required_claims() {
    let mut claims = at_claims();
    claims.remove("client_id");
    let token = signed(AT_HEADER, &Value::Object(claims).to_string());
    let out = jwtadm()
        .args(["-o", "json", "token", "inspect", &token])
        .output()
        .unwrap();
    let v = json(&out);
    let warnings: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("--profile at+jwt") && w.contains("no client_id")),
        "{warnings:?}"
    );
    // The claims table shows client_id and scope as it shows every claim.
    let token = signed(AT_HEADER, &Value::Object(at_claims()).to_string());
    let out = jwtadm()
        .args(["token", "inspect", &token])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("client_id") && text.contains("mcp:tools"),
        "{text}"
    );
}

// ---- token refresh -------------------------------------------------------------------------

#[test]
fn refresh_keeps_the_access_token_profile() {
    let issued = issue_at(&["--scope", "mcp:tools mcp:read"]);
    let old = issued["token"].as_str().unwrap();
    let out = jwtadm()
        .args(["-o", "json", "token", "refresh", old])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let new = json(&out);
    assert_eq!(new["header"]["typ"], "at+jwt");
    assert_eq!(new["claims"]["client_id"], "vscode1");
    assert_eq!(new["claims"]["scope"], "mcp:tools mcp:read");
    assert_ne!(new["claims"]["jti"], issued["claims"]["jti"]);
    let (code, report) = verify(new["token"].as_str().unwrap(), &AT_VERIFY);
    assert_eq!(code, 0, "{report:#}");
    // A plain token stays plain.
    let out = jwtadm()
        .args(["-o", "json", "token", "refresh", SEED_TOKEN])
        .output()
        .unwrap();
    assert_eq!(json(&out)["header"]["typ"], "JWT");
}

#[test]
fn refresh_will_not_re_sign_an_access_token_issue_would_refuse() {
    for (change, said) in [
        (json!({"client_id": null}), "has no client_id"),
        (json!({"iss": null, "aud": null}), "has no iss, aud"),
        (json!({"client_id": 5}), "client_id is a number"),
        (json!({"scope": "a\"b"}), "may not be in one"),
        (json!({"aud": ""}), "aud is empty"),
    ] {
        let mut claims = at_claims();
        for (k, v) in change.as_object().unwrap() {
            match v {
                Value::Null => claims.remove(k),
                v => claims.insert(k.clone(), v.clone()),
            };
        }
        let old = signed(AT_HEADER, &Value::Object(claims).to_string());
        let out = jwtadm()
            .env("JWTADM_NOW", "1762125073")
            .args(["-o", "json", "token", "refresh", &old])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{change}: {}", stdout(&out));
        assert!(stdout(&out).contains(said), "{change}: {}", stdout(&out));
        assert!(!stdout(&out).contains("\"token\""), "{change}: signed");
    }
}

// ---- the roster ----------------------------------------------------------------------------

/// A roster in `dir` whose clients take their tokens from `.env`: `vscode1` an access token by
/// [defaults], `ci` one with its own client_id and scope, `legacy` a plain JWT.
fn at_roster(dir: &Path) {
    std::fs::write(
        dir.join("clients.toml"),
        format!(
            "[defaults]\nissuer = \"{ISS}\"\naudience = \"{RESOURCE}\"\nprofile = \"at+jwt\"\nscope = \"mcp:tools\"\n\
             [[clients]]\nname = \"vscode1\"\nsub = \"vscode1@exai-mcp.local\"\ndotenv = {{ path = \".env\", key = \"T_VSCODE1\" }}\n\
             [[clients]]\nname = \"ci\"\nsub = \"ci@exai-mcp.local\"\nclient_id = \"ci-runner\"\nscope = \"mcp:read mcp:tools\"\n\
             dotenv = {{ path = \".env\", key = \"T_CI\" }}\n\
             [[clients]]\nname = \"legacy\"\nsub = \"legacy@exai-mcp.local\"\nprofile = \"jwt\"\ndotenv = {{ path = \".env\", key = \"T_LEGACY\" }}\n"
        ),
    )
    .unwrap();
    std::fs::write(dir.join(".env"), "# tokens\n").unwrap();
}

fn status(dir: &Path) -> (i32, Value) {
    let out = jwtadm()
        .current_dir(dir)
        .args(["-o", "json", "token", "status"])
        .output()
        .unwrap();
    (out.status.code().unwrap(), json(&out))
}

fn state_of<'a>(status: &'a Value, client: &str) -> &'a Value {
    member(status, "entries", "client", client)
}

#[test]
fn a_roster_of_access_token_clients_is_issued_and_checked_by_status() {
    let dir = tempfile::tempdir().unwrap();
    at_roster(dir.path());
    let out = jwtadm()
        .current_dir(dir.path())
        .args(["-o", "json", "token", "issue-all", "--patch"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let issued = json(&out);
    let token_of = |name: &str| {
        member(&issued, "clients", "name", name)["token"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let vscode = token_of("vscode1");
    assert_eq!(segment(&vscode, 0)["typ"], "at+jwt");
    let claims = segment(&vscode, 1);
    assert_eq!(
        claims["client_id"], "vscode1",
        "the client's name by default"
    );
    assert_eq!(claims["scope"], "mcp:tools");
    for claim in ["iss", "aud", "sub", "client_id", "jti", "iat", "exp"] {
        assert!(claims.get(claim).is_some(), "no {claim}: {claims}");
    }
    let ci = segment(&token_of("ci"), 1);
    assert_eq!(ci["client_id"], "ci-runner");
    assert_eq!(ci["scope"], "mcp:read mcp:tools");
    let legacy = token_of("legacy");
    assert_eq!(segment(&legacy, 0)["typ"], "JWT");
    assert!(segment(&legacy, 1).get("client_id").is_none());
    let (code, v) = status(dir.path());
    assert_eq!(code, 0, "{v:#}");
    for client in ["vscode1", "ci", "legacy"] {
        assert_eq!(state_of(&v, client)["state"], "ok", "{v:#}");
    }
    assert!(
        state_of(&v, "vscode1")["checks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["check"] == "required claims" && c["ok"] == true)
    );

    // vscode1's token replaced by another, then `token status`: the exit code and vscode1's
    // entry.
    let swap = |old: &str, new: &str| {
        let env = std::fs::read_to_string(dir.path().join(".env")).unwrap();
        std::fs::write(dir.path().join(".env"), env.replace(old, new)).unwrap();
        let (code, v) = status(dir.path());
        (code, state_of(&v, "vscode1").clone())
    };
    // vscode1's sub, issued on the command line with `args`.
    let issue = |args: &[&str]| {
        let out = jwtadm()
            .args(["token", "issue", "--sub", "vscode1@exai-mcp.local"])
            .args(["--iss", ISS, "--aud", RESOURCE, "--scope", "mcp:tools"])
            .args(args)
            .output()
            .unwrap();
        stdout(&out).trim().to_string()
    };

    // Another client's token (legacy's plain JWT).
    let (code, e) = swap(&vscode, &legacy);
    assert_eq!(code, 1);
    assert_eq!(e["state"], "mismatch", "another client's token: {e:#}");

    // The right client, but a token without the profile's type and claims: status checks the
    // profile.
    let plain = issue(&["--expires", "90d"]);
    let (code, e) = swap(&legacy, &plain);
    assert_eq!(code, 1);
    assert_eq!(e["state"], "invalid", "{e:#}");
    let detail = e["detail"].as_str().unwrap();
    assert!(
        detail.contains("typ") && detail.contains("no client_id"),
        "{detail}"
    );

    // An access token of the right sub for another OAuth client.
    let other = issue(&["--profile", "at+jwt", "--client-id", "other"]);
    let (code, e) = swap(&plain, &other);
    assert_eq!(code, 1);
    assert_eq!(e["state"], "mismatch", "{e:#}");
    assert_eq!(
        e["detail"],
        "client_id is \"other\"; the roster says \"vscode1\""
    );
}

#[test]
fn a_roster_access_token_client_without_audience_is_refused_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("clients.toml"),
        format!("[defaults]\nissuer = \"{ISS}\"\n[[clients]]\nname = \"a\"\nsub = \"a\"\nprofile = \"at+jwt\"\n"),
    )
    .unwrap();
    for cmd in ["issue-all", "status"] {
        let out = jwtadm()
            .current_dir(dir.path())
            .args(["token", cmd])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(4), "{cmd}");
        let err = stderr(&out);
        assert!(
            err.contains("clients.toml:6:11: client \"a\": profile at+jwt needs audience"),
            "{cmd}: {err}"
        );
    }
}

// ---- interop -------------------------------------------------------------------------------

#[test]
fn pyjwt_verifies_an_at_jwt_token_jwtadm_issued() {
    let Some(py) = crate::interop::pyjwt("pyjwt_verifies_an_at_jwt_token_jwtadm_issued") else {
        return;
    };
    let (token, claims) = crate::interop::issue(
        crate::interop::KEY,
        &[
            "--sub",
            "vscode1@exai-mcp.local",
            "--profile",
            "at+jwt",
            "--iss",
            ISS,
            "--aud",
            RESOURCE,
            "--client-id",
            "vscode1",
            "--scope",
            "mcp:tools",
        ],
    );
    let required = ["iss", "aud", "sub", "client_id", "jti", "iat", "exp"];
    let v = py.run(
        "decode",
        crate::interop::KEY,
        "utf8",
        &json!({
            "token": token,
            "algorithms": ["HS256"],
            "audience": RESOURCE,
            "issuer": ISS,
            "options": {"require": required},
        }),
    );
    assert!(v.get("error").is_none(), "PyJWT rejected it: {v}");
    assert_eq!(v["header"]["typ"], "at+jwt");
    assert_eq!(v["claims"], claims);
}

// ---- server metadata -----------------------------------------------------------------------

fn metadata(args: &[&str]) -> std::process::Output {
    jwtadm()
        .args(["server", "metadata"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn server_metadata_prints_the_rfc_9728_document_and_where_to_serve_it() {
    let args = [
        "--resource",
        RESOURCE,
        "--authorization-server",
        ISS,
        "--authorization-server",
        "https://login.example.org/tenant",
        "--authorization-server",
        ISS,
        "--jwks-uri",
        "https://auth.example.com/.well-known/jwks.json",
        "--scope",
        "mcp:tools mcp:read",
    ];
    let out = metadata(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = json(&out);
    assert_eq!(
        doc,
        json!({
            "resource": RESOURCE,
            "authorization_servers": [ISS, "https://login.example.org/tenant"],
            "jwks_uri": "https://auth.example.com/.well-known/jwks.json",
            "scopes_supported": ["mcp:tools", "mcp:read"],
            "bearer_methods_supported": ["header"],
        })
    );
    assert!(
        stderr(&out).contains(
            "serve it at https://mcp.example.com/.well-known/oauth-protected-resource/mcp"
        ),
        "{}",
        stderr(&out)
    );
    // -o json: the same document, and nothing said beside it.
    let out = jwtadm()
        .args(["-o", "json", "server", "metadata"])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(json(&out), doc);
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    // Plain http, for development on this machine.
    let out = metadata(&[
        "--resource",
        "http://localhost:8080/mcp",
        "--authorization-server",
        "http://127.0.0.1:9000",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(json(&out).get("scopes_supported").is_none());
}

#[test]
fn server_metadata_refuses_urls_rfc_9728_does_not_allow_saying_which_and_why() {
    for (args, want) in [
        (
            &[
                "--resource",
                "http://mcp.example.com/mcp",
                "--authorization-server",
                ISS,
            ][..],
            "--resource http://mcp.example.com/mcp: http is accepted only for a loopback host",
        ),
        (
            &[
                "--resource",
                "https://mcp.example.com/mcp#tools",
                "--authorization-server",
                ISS,
            ],
            "--resource https://mcp.example.com/mcp: it has a fragment",
        ),
        (
            &[
                "--resource",
                "mcp.example.com/mcp",
                "--authorization-server",
                ISS,
            ],
            "not an absolute URL",
        ),
        (
            &["--resource", RESOURCE],
            "no --authorization-server: the MCP authorization spec requires",
        ),
        (
            &[
                "--resource",
                RESOURCE,
                "--authorization-server",
                "http://auth.example.com",
            ],
            "--authorization-server http://auth.example.com: http is accepted only",
        ),
        (
            &[
                "--resource",
                RESOURCE,
                "--authorization-server",
                "https://auth.example.com/?t=1",
            ],
            "which an issuer identifier may not have (RFC 8414 §2)",
        ),
        (
            &[
                "--resource",
                RESOURCE,
                "--authorization-server",
                ISS,
                "--jwks-uri",
                "https://auth.example.com/jwks#k",
            ],
            "--jwks-uri https://auth.example.com/jwks: it has a fragment",
        ),
        (
            &[
                "--resource",
                RESOURCE,
                "--authorization-server",
                ISS,
                "--scope",
                "a\\b",
            ],
            "--scope:",
        ),
    ] {
        let out = metadata(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stdout(&out).is_empty(), "{args:?}: no document");
        assert!(stderr(&out).contains(want), "{args:?}: {}", stderr(&out));
    }
    // A query is allowed in a resource, but not advised.
    let out = metadata(&[
        "--resource",
        "https://mcp.example.com/mcp?t=1",
        "--authorization-server",
        ISS,
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("warning: --resource: it has a query"),
        "{}",
        stderr(&out)
    );
}
