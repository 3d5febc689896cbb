//! What the standards say a verifier and a patcher do (issue 10, items 11, 12 and 15–19):
//! RFC 6750/7235 for a Bearer header, RFC 7519 for NumericDates and their comparisons, RFC
//! 7515/8725/9068 for `typ`, RFC 7797 for `b64`, and an empty previous secret meaning none.

use std::path::Path;

use crate::common::*;
use crate::promises::tokens::signed;

// ---------------------------------------------------------------------------------------------
// Tokens built by hand
// ---------------------------------------------------------------------------------------------

const HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;
/// Valid at NOW: issued then, expires a year later.
const PAYLOAD: &str = r#"{"sub":"vscode1@exai-mcp.local","iss":"exai-mcp-server","aud":"exai-mcp-client","iat":1762125073,"exp":1793661073}"#;
const VERIFY: [&str; 4] = ["--aud", "exai-mcp-client", "--iss", "exai-mcp-server"];

/// PAYLOAD with `extra` claims added or replaced (raw JSON members).
fn payload_with(extra: &str) -> String {
    let mut v: serde_json::Map<String, serde_json::Value> = serde_json::from_str(PAYLOAD).unwrap();
    let add: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&format!("{{{extra}}}")).unwrap();
    v.extend(add);
    serde_json::to_string(&v).unwrap()
}

/// HEADER with `typ` set to `typ`.
fn with_typ(typ: &str) -> String {
    format!(r#"{{"alg":"HS256","typ":"{typ}"}}"#)
}

/// `token verify` of `token` with the expected issuer and audience, as JSON, at `now`.
fn verify_at(now: &str, token: &str, more: &[&str]) -> (i32, serde_json::Value) {
    let out = jwtadm()
        .env("JWTADM_NOW", now)
        .args(["-o", "json", "token", "verify", token])
        .args(VERIFY)
        .args(more)
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    (code, json(&out))
}

fn verify(token: &str, more: &[&str]) -> (i32, serde_json::Value) {
    verify_at(NOW, token, more)
}

fn check<'a>(report: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == name)
        .unwrap_or_else(|| panic!("no {name} check: {report:#}"))
}

fn inspect_json(token: &str) -> serde_json::Value {
    let out = jwtadm()
        .args(["-o", "json", "token", "inspect", token])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    json(&out)
}

fn warnings(inspection: &serde_json::Value) -> Vec<String> {
    inspection["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_string())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// 11. `config patch --header Authorization` keeps the scheme of a value with no token yet.
// ---------------------------------------------------------------------------------------------

/// Patch `file` (named `name`, holding `text`) with SEED_TOKEN in header Authorization; the
/// file's new text.
fn patch_header(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let out = jwtadm()
        .args([
            "config",
            "patch",
            "--header",
            "Authorization",
            "--token",
            SEED_TOKEN,
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::read_to_string(&path).unwrap()
}

fn json_headers(value: &str) -> String {
    format!(
        "{{\"mcpServers\": {{\"r\": {{\"url\": \"https://x\", \"headers\": {{\"Authorization\": \"{value}\"}}}}}}}}\n"
    )
}

fn toml_headers(value: &str) -> String {
    format!(
        "[mcp_servers.r]\nurl = \"https://x\"\nhttp_headers = {{ \"Authorization\" = \"{value}\" }}\n"
    )
}

#[test]
fn json_header_of_just_bearer_keeps_the_scheme() {
    let dir = tempfile::tempdir().unwrap();
    let got = patch_header(dir.path(), "mcp.json", &json_headers("Bearer"));
    assert_eq!(got, json_headers(&format!("Bearer {SEED_TOKEN}")));
}

#[test]
fn json_header_of_lowercase_bearer_keeps_the_scheme_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let got = patch_header(dir.path(), "mcp.json", &json_headers("bearer"));
    assert_eq!(got, json_headers(&format!("bearer {SEED_TOKEN}")));
}

#[test]
fn json_header_of_bearer_and_a_space_keeps_the_scheme() {
    let dir = tempfile::tempdir().unwrap();
    let got = patch_header(dir.path(), "mcp.json", &json_headers("Bearer "));
    assert_eq!(got, json_headers(&format!("Bearer {SEED_TOKEN}")));
}

#[test]
fn json_header_of_bearer_and_two_spaces_gets_one_space() {
    let dir = tempfile::tempdir().unwrap();
    let got = patch_header(dir.path(), "mcp.json", &json_headers("Bearer  "));
    assert_eq!(got, json_headers(&format!("Bearer {SEED_TOKEN}")));
}

#[test]
fn toml_header_of_just_bearer_keeps_the_scheme() {
    let dir = tempfile::tempdir().unwrap();
    let got = patch_header(dir.path(), "config.toml", &toml_headers("Bearer"));
    assert_eq!(got, toml_headers(&format!("Bearer {SEED_TOKEN}")));
}

#[test]
fn toml_header_of_bearer_and_a_tab_gets_one_space() {
    // RFC 7235 §2.1: the scheme and the credentials are separated by spaces, not tabs.
    let dir = tempfile::tempdir().unwrap();
    let got = patch_header(dir.path(), "config.toml", &toml_headers("Bearer\t"));
    assert_eq!(got, toml_headers(&format!("Bearer {SEED_TOKEN}")));
}

#[test]
fn toml_header_with_a_token_after_a_tab_gets_one_space() {
    let dir = tempfile::tempdir().unwrap();
    let got = patch_header(dir.path(), "config.toml", &toml_headers("Bearer\told"));
    assert_eq!(got, toml_headers(&format!("Bearer {SEED_TOKEN}")));
}

#[test]
fn header_with_a_token_keeps_its_spaces_and_scheme() {
    let dir = tempfile::tempdir().unwrap();
    let got = patch_header(dir.path(), "mcp.json", &json_headers("Bearer  old.token.x"));
    assert_eq!(got, json_headers(&format!("Bearer  {SEED_TOKEN}")));
}

#[test]
fn header_of_a_bare_token_stays_bare() {
    let dir = tempfile::tempdir().unwrap();
    let got = patch_header(dir.path(), "mcp.json", &json_headers("old.token.x"));
    assert_eq!(got, json_headers(SEED_TOKEN));
}

// ---------------------------------------------------------------------------------------------
// 12. An empty previous secret means none.
// ---------------------------------------------------------------------------------------------

#[test]
fn empty_previous_secret_in_the_environment_means_none() {
    let out = jwtadm()
        .env("JWT_SECRET_KEY_PREVIOUS", "")
        .args(["token", "verify", SEED_TOKEN])
        .args(VERIFY)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        !stdout(&out).contains("previous secret"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn empty_previous_secret_and_empty_until_mean_none() {
    let out = jwtadm()
        .env("JWT_SECRET_KEY_PREVIOUS", "")
        .env("JWT_SECRET_KEY_PREVIOUS_UNTIL", "")
        .args(["token", "verify", SEED_TOKEN])
        .args(VERIFY)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn empty_previous_secret_beside_a_stale_until_means_none() {
    let out = jwtadm()
        .env("JWT_SECRET_KEY_PREVIOUS", "")
        .env("JWT_SECRET_KEY_PREVIOUS_UNTIL", "2025-10-01T00:00:00Z")
        .args(["token", "verify", SEED_TOKEN])
        .args(VERIFY)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn empty_previous_secret_does_not_stop_refresh() {
    let out = jwtadm()
        .env("JWT_SECRET_KEY_PREVIOUS", "")
        .args(["token", "refresh", SEED_TOKEN])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_previous_secret_with_an_empty_until_is_still_an_error() {
    let out = jwtadm()
        .env(
            "JWT_SECRET_KEY_PREVIOUS",
            "an-old-secret-that-is-long-enough-0123456",
        )
        .env("JWT_SECRET_KEY_PREVIOUS_UNTIL", "")
        .args(["token", "verify", SEED_TOKEN])
        .args(VERIFY)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("JWT_SECRET_KEY_PREVIOUS_UNTIL"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("an-old-secret"), "{}", stderr(&out));
}

#[test]
fn empty_previous_line_in_a_dotenv_file_means_none() {
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join(".env.docker");
    std::fs::write(
        &env,
        format!(
            "JWT_SECRET_KEY={SECRET}\nJWT_SECRET_KEY_PREVIOUS=\nJWT_SECRET_KEY_PREVIOUS_UNTIL=\n"
        ),
    )
    .unwrap();
    chmod(&env, 0o600);
    let out = jwtadm()
        .args(["token", "verify", SEED_TOKEN, "--secret"])
        .arg(format!("dotenv:{}#JWT_SECRET_KEY", env.display()))
        .args(VERIFY)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn empty_previous_file_means_none() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("jwt.key");
    std::fs::write(&key, format!("{SECRET}\n")).unwrap();
    chmod(&key, 0o600);
    let prev = dir.path().join("jwt.key.previous");
    std::fs::write(&prev, "").unwrap();
    chmod(&prev, 0o600);
    let out = jwtadm()
        .args(["token", "verify", SEED_TOKEN, "--secret"])
        .arg(format!("file:{}", key.display()))
        .args(VERIFY)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn empty_previous_secret_does_not_stop_status() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".env.docker"),
        format!("JWT_SECRET_KEY={SECRET}\nJWT_SECRET_KEY_PREVIOUS=\n"),
    )
    .unwrap();
    chmod(&dir.path().join(".env.docker"), 0o600);
    std::fs::write(
        dir.path().join(".env"),
        format!("EXAI_JWT_TOKEN={SEED_TOKEN}\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("clients.toml"),
        "[defaults]\nissuer = \"exai-mcp-server\"\naudience = \"exai-mcp-client\"\nexpires = \"365d\"\n\
         [secret]\nsource = \"dotenv:.env.docker#JWT_SECRET_KEY\"\n\
         [[clients]]\nname = \"vscode1\"\nsub = \"vscode1@exai-mcp.local\"\ndotenv = { path = \".env\", key = \"EXAI_JWT_TOKEN\" }\n",
    )
    .unwrap();
    let out = jwtadm()
        .current_dir(dir.path())
        .args(["token", "status", "--warn-within", "1d"])
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

// ---------------------------------------------------------------------------------------------
// 15. now must be before exp, and not before nbf (RFC 7519 §4.1.4, §4.1.5), to the sub-second.
// ---------------------------------------------------------------------------------------------

#[test]
fn exp_equal_to_now_is_expired() {
    let token = signed(HEADER, &payload_with(&format!("\"exp\":{NOW}")));
    let (code, report) = verify(&token, &[]);
    assert_eq!(code, 3, "{report:#}");
    assert_eq!(check(&report, "exp")["ok"], false);
}

#[test]
fn exp_in_the_current_second_is_expired() {
    let token = signed(HEADER, &payload_with(&format!("\"exp\":{NOW}")));
    let (code, report) = verify_at("1762125073.5", &token, &[]);
    assert_eq!(code, 3, "{report:#}");
}

#[test]
fn fractional_exp_later_in_the_current_second_is_still_valid() {
    let token = signed(HEADER, &payload_with("\"exp\":1762125073.75"));
    let (code, report) = verify_at("1762125073.5", &token, &[]);
    assert_eq!(code, 0, "{report:#}");
    let (code, report) = verify_at("1762125073.75", &token, &[]);
    assert_eq!(code, 3, "{report:#}");
}

#[test]
fn fractional_nbf_later_in_the_current_second_is_not_yet_valid() {
    let token = signed(HEADER, &payload_with("\"nbf\":1762125073.9"));
    let (code, report) = verify(&token, &[]);
    assert_eq!(code, 3, "{report:#}");
    assert_eq!(check(&report, "nbf")["ok"], false);
    let (code, report) = verify_at("1762125073.9", &token, &[]);
    assert_eq!(code, 0, "{report:#}");
}

#[test]
fn leeway_extends_exp_by_exactly_its_length() {
    let token = signed(HEADER, &payload_with("\"exp\":1762125063"));
    let (code, report) = verify(&token, &["--leeway", "10s"]);
    assert_eq!(code, 3, "{report:#}");
    let (code, report) = verify(&token, &["--leeway", "11s"]);
    assert_eq!(code, 0, "{report:#}");
}

#[test]
fn inspect_calls_exp_equal_to_now_expired() {
    let token = signed(HEADER, &payload_with(&format!("\"exp\":{NOW}")));
    let v = inspect_json(&token);
    assert_eq!(v["status"]["state"], "expired", "{v:#}");
}

#[test]
fn fixed_clock_may_be_fractional_or_rfc3339_with_a_fraction() {
    let token = signed(HEADER, &payload_with("\"exp\":1762125073.75"));
    let (code, report) = verify_at("2025-11-02T23:11:13.5Z", &token, &[]);
    assert_eq!(code, 0, "{report:#}");
    let (code, report) = verify_at("2025-11-02T23:11:13.8Z", &token, &[]);
    assert_eq!(code, 3, "{report:#}");
}

// ---------------------------------------------------------------------------------------------
// 16. An exp at or after the year 10000 is a NumericDate far in the future.
// ---------------------------------------------------------------------------------------------

#[test]
fn exp_in_the_year_10000_is_accepted() {
    let token = signed(HEADER, &payload_with("\"exp\":253402300800"));
    let (code, report) = verify(&token, &[]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["claims"]["exp"], 253402300800i64);
}

#[test]
fn exp_of_1e20_is_accepted() {
    let token = signed(HEADER, &payload_with("\"exp\":1e20"));
    let (code, report) = verify(&token, &[]);
    assert_eq!(code, 0, "{report:#}");
    let detail = check(&report, "exp")["detail"].as_str().unwrap();
    assert!(detail.contains("after the year 9999"), "{detail}");
}

#[test]
fn inspect_shows_an_exp_past_9999_as_far_in_the_future() {
    let token = signed(HEADER, &payload_with("\"exp\":1e20"));
    let v = inspect_json(&token);
    assert_eq!(v["status"]["state"], "valid", "{v:#}");
    assert_eq!(v["claims"]["exp"], 1e20);
    assert_eq!(v["times"]["exp"]["value"], 1e20, "{v:#}");
    assert_eq!(v["times"]["exp"]["utc"], serde_json::Value::Null, "{v:#}");
    let out = jwtadm()
        .args(["token", "inspect", &token])
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("after the year 9999"),
        "{}",
        stdout(&out)
    );
    assert!(!stdout(&out).contains("out of range"), "{}", stdout(&out));
}

#[test]
fn a_far_past_exp_is_expired_not_malformed() {
    let token = signed(HEADER, &payload_with("\"exp\":-1e20"));
    let (code, report) = verify(&token, &[]);
    assert_eq!(code, 3, "{report:#}");
}

// ---------------------------------------------------------------------------------------------
// 17. typ: the JWT media types are accepted by default; --typ requires one.
// ---------------------------------------------------------------------------------------------

#[test]
fn typ_at_jwt_is_accepted() {
    let (code, report) = verify(&signed(&with_typ("at+jwt"), PAYLOAD), &[]);
    assert_eq!(code, 0, "{report:#}");
}

#[test]
fn typ_application_at_jwt_is_accepted() {
    let (code, report) = verify(&signed(&with_typ("application/at+jwt"), PAYLOAD), &[]);
    assert_eq!(code, 0, "{report:#}");
}

#[test]
fn typ_jose_is_accepted() {
    let (code, report) = verify(&signed(&with_typ("JOSE"), PAYLOAD), &[]);
    assert_eq!(code, 0, "{report:#}");
}

#[test]
fn typ_application_jwt_in_any_case_is_accepted() {
    for typ in ["application/jwt", "Application/JWT", "AT+JWT", "jwt"] {
        let (code, report) = verify(&signed(&with_typ(typ), PAYLOAD), &[]);
        assert_eq!(code, 0, "{typ}: {report:#}");
    }
}

#[test]
fn typ_of_another_kind_of_jwt_is_still_rejected() {
    for typ in [
        "secevent+jwt",
        "JWS",
        "JOSE+JSON",
        "application/json",
        "jwt ",
    ] {
        let (code, report) = verify(&signed(&with_typ(typ), PAYLOAD), &[]);
        assert_eq!(code, 1, "{typ}: {report:#}");
        assert_eq!(check(&report, "typ")["ok"], false, "{typ}");
    }
}

#[test]
fn typ_option_requires_that_typ() {
    let at = signed(&with_typ("application/AT+JWT"), PAYLOAD);
    let (code, report) = verify(&at, &["--typ", "at+jwt"]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(check(&report, "typ")["ok"], true);
    let (code, report) = verify(SEED_TOKEN, &["--typ", "at+jwt"]);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(check(&report, "typ")["ok"], false);
    let no_typ = signed(r#"{"alg":"HS256"}"#, PAYLOAD);
    let (code, report) = verify(&no_typ, &["--typ", "at+jwt"]);
    assert_eq!(code, 1, "{report:#}");
    let (code, report) = verify(
        &signed(&with_typ("secevent+jwt"), PAYLOAD),
        &["--typ", "secevent+jwt"],
    );
    assert_eq!(code, 0, "{report:#}");
}

#[test]
fn typ_option_is_not_silent_about_an_empty_value() {
    let out = jwtadm()
        .args(["token", "verify", SEED_TOKEN, "--typ", ""])
        .args(VERIFY)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// An access token is refreshed when it is one: RFC 9068 §2.2 requires a client_id, which
/// PAYLOAD lacks (`token refresh` refuses to re-sign an at+jwt token without it, as `token
/// issue --profile at+jwt` would refuse to sign one).
#[test]
fn an_at_jwt_token_refreshes() {
    let token = signed(
        &with_typ("at+jwt"),
        &payload_with(r#""client_id":"vscode1""#),
    );
    let out = jwtadm()
        .args(["token", "refresh", &token])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = jwtadm()
        .args(["token", "refresh", &signed(&with_typ("at+jwt"), PAYLOAD)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("no client_id"), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------------------------
// 18. b64 (RFC 7797) must be named by crit; jwtadm reads only base64url payloads.
// ---------------------------------------------------------------------------------------------

#[test]
fn b64_false_without_crit_is_rejected() {
    let (code, report) = verify(&signed(r#"{"alg":"HS256","b64":false}"#, PAYLOAD), &[]);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(check(&report, "b64")["ok"], false, "{report:#}");
}

#[test]
fn b64_that_is_not_a_boolean_is_rejected() {
    let (code, report) = verify(&signed(r#"{"alg":"HS256","b64":"false"}"#, PAYLOAD), &[]);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(check(&report, "b64")["ok"], false, "{report:#}");
}

#[test]
fn b64_false_with_crit_is_rejected() {
    let (code, report) = verify(
        &signed(r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#, PAYLOAD),
        &[],
    );
    assert_eq!(code, 1, "{report:#}");
}

// ---------------------------------------------------------------------------------------------
// 19. inspect warns about whatever verify refuses that it can see without the key.
// ---------------------------------------------------------------------------------------------

fn warns(token: &str, fragment: &str) {
    let v = inspect_json(token);
    let w = warnings(&v);
    assert!(
        w.iter().any(|w| w.contains(fragment)),
        "no warning with {fragment:?}: {w:#?}"
    );
    let out = jwtadm().args(["token", "inspect", token]).output().unwrap();
    assert!(stdout(&out).contains(fragment), "{}", stdout(&out));
}

#[test]
fn inspect_warns_about_a_typ_verify_rejects() {
    warns(&signed(&with_typ("secevent+jwt"), PAYLOAD), "typ");
}

#[test]
fn inspect_warns_about_critical_extensions() {
    warns(
        &signed(r#"{"alg":"HS256","crit":["exp"]}"#, PAYLOAD),
        "crit",
    );
}

#[test]
fn inspect_warns_about_b64_false() {
    warns(&signed(r#"{"alg":"HS256","b64":false}"#, PAYLOAD), "b64");
}

#[test]
fn inspect_warns_about_an_algorithm_verify_never_allows() {
    warns(
        &signed(r#"{"alg":"ES512","typ":"JWT"}"#, PAYLOAD),
        "\"ES512\"",
    );
}

#[test]
fn inspect_warns_about_claims_of_the_wrong_type() {
    warns(
        &signed(HEADER, &payload_with("\"sub\":5")),
        "sub is a number",
    );
    warns(&signed(HEADER, &payload_with("\"aud\":5")), "aud must be");
    warns(&signed(HEADER, &payload_with("\"quota\":0")), "quota");
}

#[test]
fn inspect_of_a_good_token_has_no_verify_warning() {
    let v = inspect_json(SEED_TOKEN);
    assert!(warnings(&v).iter().all(|w| !w.contains("verify")), "{v:#}");
    // An access token with every claim RFC 9068 requires of one.
    let access = payload_with(r#""client_id":"vscode1","jti":"j1""#);
    let v = inspect_json(&signed(&with_typ("at+jwt"), &access));
    assert!(warnings(&v).iter().all(|w| !w.contains("typ")), "{v:#}");
}

#[test]
fn the_typ_hint_quotes_what_it_proposes_as_one_shell_word() {
    let token = signed(r#"{"alg":"HS256","typ":"x; touch pwned"}"#, PAYLOAD);
    let out = jwtadm()
        .args(["token", "verify", &token])
        .args(VERIFY)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("--typ 'x; touch pwned'"), "{text}");
}
