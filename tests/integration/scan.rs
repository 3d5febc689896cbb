//! `jwtadm scan` end to end (issue 15): the seed documents, recall and precision on a generated
//! tree (and against detect-secrets' JWT detector when it is installed), SARIF's required
//! fields, exit codes, `--max-filesize`, the JSON shape, the baseline, `--staged` in a real git
//! repository, and that no output ever holds a whole token or the secret.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::{Value, json};

use crate::common::{NOW, SECRET, json, jwtadm, stderr, stdout};

const OTHER_SECRET: &str = "another-server-s-secret-of-enough-length-0123";
const ISS: &str = "exai-mcp-server";
const DAY: i64 = 86_400;

fn now() -> i64 {
    NOW.parse().unwrap()
}

/// An HS256 token for `sub`, expiring at `exp`, signed with `secret` (jsonwebtoken, not jwtadm).
fn token(sub: &str, exp: i64, secret: &str) -> String {
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &json!({"sub": sub, "iss": ISS, "iat": now() - DAY, "exp": exp}),
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

fn b64url(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// `{"alg":"HS256","typ":"JWT"}`, as the seeds' tokens begin.
fn header() -> String {
    b64url(br#"{"alg":"HS256","typ":"JWT"}"#)
}

/// The seeds' truncated shape: a header and `...`.
fn dotted() -> String {
    format!("{}...", header())
}

/// The seeds' other truncated shape: a header and the start of a payload, padded (`==`).
fn padded(sub: &str) -> String {
    use base64::Engine as _;
    let payload = format!(r#"{{"sub":"{sub}"..."#);
    let p = base64::engine::general_purpose::URL_SAFE.encode(payload.as_bytes());
    assert!(p.ends_with('='), "{p}");
    format!("{}.{p}", header())
}

/// A roster whose secret is SECRET (in JWT_SECRET_KEY) with clients alpha, beta and gamma.
fn roster(dir: &Path) -> PathBuf {
    let mut text =
        format!("[defaults]\nissuer = \"{ISS}\"\n[secret]\nsource = \"env:JWT_SECRET_KEY\"\n");
    for name in ["alpha", "beta", "gamma"] {
        text.push_str(&format!(
            "[[clients]]\nname = \"{name}\"\nsub = \"{name}@exai-mcp.local\"\n"
        ));
    }
    let path = dir.join("clients.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// `jwtadm -o json scan ARGS` in `dir`.
fn scan_json(dir: &Path, args: &[&str]) -> Output {
    jwtadm()
        .current_dir(dir)
        .args(["-o", "json", "scan"])
        .args(args)
        .output()
        .unwrap()
}

/// (path, line, column, state) of each finding.
type Row = (String, usize, usize, String);

fn rows(doc: &Value) -> Vec<Row> {
    doc["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("no findings list: {doc}"))
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap() as usize,
                f["column"].as_u64().unwrap() as usize,
                f["state"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Where each occurrence of `needle` is in `text`: 1-based line and column in characters.
fn positions(text: &str, needle: &str) -> Vec<(usize, usize)> {
    text.match_indices(needle)
        .map(|(i, _)| {
            let before = &text[..i];
            let line = before.matches('\n').count() + 1;
            let line_start = before.rfind('\n').map_or(0, |n| n + 1);
            (line, text[line_start..i].chars().count() + 1)
        })
        .collect()
}

fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
}

// ---------------------------------------------------------------------------------------------
// The seeds

/// The seed documents: JWTADM_SEEDS, else `../shared/seeds` beside the repository.
fn seeds() -> Option<PathBuf> {
    let dir = std::env::var_os("JWTADM_SEEDS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds"));
    if dir.join("000_635c9a88314afa58.txt").is_file() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("JWTADM_REQUIRE_SEEDS").is_none_or(|v| v != "1"),
        "JWTADM_REQUIRE_SEEDS=1 but no seed documents in {}",
        dir.display()
    );
    eprintln!(
        "SKIPPED seeds scan: no seed documents in {} (set JWTADM_SEEDS)",
        dir.display()
    );
    None
}

#[test]
fn scan_of_the_seeds_finds_their_tokens_expired_and_the_truncated_ones_malformed() {
    let Some(dir) = seeds() else { return };
    // Today's clock: the seeds' tokens expired on 2026-11-02.
    let out = jwtadm()
        .current_dir(&dir)
        .env_remove("JWTADM_NOW")
        .args(["-o", "json", "scan", "--secret", "env:JWT_SECRET_KEY"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = json(&out);
    let (a, b, c) = (
        "000_635c9a88314afa58.txt",
        "001_6b4ab9322beabfd1.txt",
        "002_1aa07f23a8e24396.txt",
    );
    let expect: Vec<(&str, usize, usize, &str)> = vec![
        (a, 42, 11, "expired"),
        (a, 46, 11, "expired"),
        (a, 50, 11, "expired"),
        (a, 64, 24, "malformed"),
        (a, 67, 24, "malformed"),
        (a, 70, 23, "malformed"),
        (a, 78, 24, "malformed"),
        (a, 88, 24, "malformed"),
        (a, 98, 24, "malformed"),
        (b, 69, 15, "expired"),
        (b, 74, 15, "expired"),
        (b, 79, 15, "expired"),
        (b, 94, 24, "malformed"),
        (b, 106, 24, "malformed"),
        (b, 118, 24, "malformed"),
        // jwt.io's example token, signed with another secret.
        (c, 46, 1, "foreign"),
        (c, 142, 8, "malformed"),
        (c, 152, 14, "malformed"),
        (c, 435, 14, "malformed"),
        (c, 494, 19, "malformed"),
        (c, 507, 29, "malformed"),
        (c, 512, 29, "malformed"),
    ];
    let expect: Vec<Row> = expect
        .into_iter()
        .map(|(p, l, c, s)| (p.to_string(), l, c, s.to_string()))
        .collect();
    assert_eq!(rows(&doc), expect);
    let subs: BTreeSet<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["state"] == "expired")
        .map(|f| f["sub"].as_str().unwrap())
        .collect();
    assert_eq!(
        subs,
        BTreeSet::from([
            "claude@exai-mcp.local",
            "vscode1@exai-mcp.local",
            "vscode2@exai-mcp.local"
        ])
    );
    for f in doc["findings"].as_array().unwrap() {
        if f["state"] == "expired" {
            assert_eq!(f["expires"], "2026-11-02T23:11:13Z", "{f}");
        }
    }
}

/// The seeds' shapes in a note of our own, so that CI covers them without the seeds.
#[test]
fn scan_of_a_seed_like_note_finds_complete_tokens_expired_and_truncated_ones_malformed() {
    let dir = tempfile::tempdir().unwrap();
    let t1 = token("vscode1@exai-mcp.local", now() - DAY, SECRET);
    let t2 = token("claude@exai-mcp.local", now() - DAY, SECRET);
    let (d, p) = (dotted(), padded("vscode1@exai-mcp.local"));
    let note = format!(
        "# Tokens\n\n### vscode1\n- Token: `{t1}`\n\n### claude\n- **Token:** `{t2}`\n\n\
         ```bash\nEXAI_JWT_TOKEN_VSCODE1={d}\n```\n\n```json\n{{\n  \"env\": {{\n    \
         \"EXAI_JWT_TOKEN\": \"{p}\"\n  }}\n}}\n```\n\nAuthorization: Bearer {d}\n"
    );
    std::fs::write(dir.path().join("note.md"), &note).unwrap();
    let out = scan_json(dir.path(), &["--secret", "env:JWT_SECRET_KEY"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let row = |needle: &str, n: usize, state: &str| {
        let (l, c) = positions(&note, needle)[n];
        ("note.md".to_string(), l, c, state.to_string())
    };
    assert_eq!(
        rows(&json(&out)),
        vec![
            row(&t1, 0, "expired"),
            row(&t2, 0, "expired"),
            row(&d, 0, "malformed"),
            row(&p, 0, "malformed"),
            row(&d, 1, "malformed"),
        ]
    );
    // Exact places, not only computed ones.
    assert_eq!(row(&t1, 0, "expired").1, 4);
    assert_eq!(row(&t1, 0, "expired").2, 11);
}

// ---------------------------------------------------------------------------------------------
// Recall and precision

/// A planted string: where, what text to look for there, and what it must be found as.
struct Plant {
    path: &'static str,
    needle: String,
    state: &'static str,
    client: Option<&'static str>,
}

/// The generated tree: its files, what is planted, and what is in it only to be skipped.
struct Tree {
    dir: tempfile::TempDir,
    plants: Vec<Plant>,
    /// Tokens in files that must be skipped (binary, UTF-16, .git, ignored).
    hidden: Vec<String>,
}

fn write(dir: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn tree() -> Tree {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let live_a = token("alpha@exai-mcp.local", now() + 30 * DAY, SECRET);
    let live_b = token("beta@exai-mcp.local", now() + 30 * DAY, SECRET);
    let expired = token("gamma@exai-mcp.local", now() - DAY, SECRET);
    // Another server's token that carries our client's sub: it names no client.
    let foreign = token("alpha@exai-mcp.local", now() + 30 * DAY, OTHER_SECRET);
    let bad_payload = format!("{}.{}.c2ln", header(), b64url(b"{not json"));
    let mut plants = Vec::new();
    let mut plant = |path, needle: &str, state, client| {
        plants.push(Plant {
            path,
            needle: needle.to_string(),
            state,
            client,
        })
    };
    let (a, b) = (Some("alpha"), Some("beta"));

    write(
        d,
        ".vscode/mcp.json",
        format!(
            "{{\n  \"servers\": {{\n    \"exai\": {{\n      \"env\": {{ \"EXAI_JWT_TOKEN\": \"{live_a}\" }}\n    }}\n  }}\n}}\n"
        ),
    );
    plant(".vscode/mcp.json", &live_a, "live", a);
    write(
        d,
        ".env",
        format!("# tokens\nexport EXAI_JWT_TOKEN='{live_b}'\n"),
    );
    plant(".env", &live_b, "live", b);
    write(
        d,
        "config/continue.yaml",
        format!(
            "models: []\nmcpServers:\n  - name: exai\n    env:\n      TOKEN: {expired}\n      OLD: \"{foreign}\"\n"
        ),
    );
    plant("config/continue.yaml", &expired, "expired", Some("gamma"));
    plant("config/continue.yaml", &foreign, "foreign", None);
    write(
        d,
        "config/codex.toml",
        format!("[mcp_servers.exai.env]\nEXAI_JWT_TOKEN = \"{live_a}\" # vscode1\n"),
    );
    plant("config/codex.toml", &live_a, "live", a);
    let dot = dotted();
    let pad = padded("beta@exai-mcp.local");
    write(
        d,
        "docs/NOTES.md",
        format!(
            "# Set-up\n\nüñïçødé first: `{live_b}`.\n\n```\nTOKEN={dot}\n\"EXAI_JWT_TOKEN\": \"{pad}\"\nBROKEN={bad_payload}\n```\n"
        ),
    );
    plant("docs/NOTES.md", &live_b, "live", b);
    plant("docs/NOTES.md", &dot, "malformed", None);
    plant("docs/NOTES.md", &pad, "malformed", None);
    plant("docs/NOTES.md", &bad_payload, "malformed", None);
    write(
        d,
        "src/client.py",
        format!(
            "import requests\n\ndef call():\n    return requests.get(URL, headers={{\"Authorization\": \"Bearer {expired}\"}})\n"
        ),
    );
    plant("src/client.py", &expired, "expired", Some("gamma"));
    write(
        d,
        "src/main.rs",
        format!("const T: &str = r#\"{live_a}\"#;\nfn main() {{ let x = keyJSON.parse(); }}\n"),
    );
    plant("src/main.rs", &live_a, "live", a);
    write(
        d,
        "dist/app.min.js",
        format!(
            "!function(){{var a=\"{live_b}\",b=\"eyJ\",c=monkeyJar.eyJunk,d=JSON.parse(e),f='{foreign}';}}();\n\
             //# sourceMappingURL=data:application/json;base64,eyJ2ZXJzaW9uIjozLCJzb3VyY2VzIjpbImEuanMiXSwibmFtZXMiOltdfQ==\n"
        ),
    );
    plant("dist/app.min.js", &live_b, "live", b);
    plant("dist/app.min.js", &foreign, "foreign", None);
    write(
        d,
        "windows.env",
        format!("A=1\r\nEXAI_JWT_TOKEN={expired}\r\nB=2\r\n"),
    );
    plant("windows.env", &expired, "expired", Some("gamma"));
    let encoded = live_a.replace('.', "%2E");
    write(
        d,
        "logs/access.log",
        format!("GET /callback?state=1&id_token={live_b}&x=y 200\nGET /cb?token={encoded} 302\n"),
    );
    plant("logs/access.log", &live_b, "live", b);
    plant("logs/access.log", &encoded, "live", a);
    write(
        d,
        "escaped.json",
        format!("{{\"settings\": \"{{\\\"token\\\":\\\"{expired}\\\",\\\"n\\\":1}}\"}}\n"),
    );
    plant("escaped.json", &expired, "expired", Some("gamma"));
    // A path a URI must encode.
    write(d, "docs/a note #1.md", format!("see {expired}\n"));
    plant("docs/a note #1.md", &expired, "expired", Some("gamma"));
    write(
        d,
        "decoys.txt",
        "eyJ\nbase64 JSON: eyJhIjoxfQ and eyJhIjoxfQ.\nbad base64: eyJzzzz.abc.def and eyJ$$$.x.y\n\
         a word: monkeyJar.fooBar, keyJSON.stringify(x)\n",
    );
    // Skipped and counted: UTF-16 (with a byte-order mark) and binary.
    let mut utf16 = vec![0xFF, 0xFE];
    for u in format!("TOKEN={live_a}\n").encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    write(d, "utf16.txt", utf16);
    let mut bin = b"\x89PNG\r\n\x1a\n\0\0".to_vec();
    bin.extend(live_b.as_bytes());
    write(d, "image.png", bin);
    // Left out by .gitignore inside a git repository (and by .ignore anywhere).
    write(d, ".gitignore", "ignored/\n");
    write(d, "ignored/old.env", format!("T={live_a}\n"));
    write(d, ".ignore", "always-ignored/\n");
    write(d, "always-ignored/old.env", format!("T={live_b}\n"));
    let hidden = vec![live_a.clone(), live_b.clone()];
    Tree {
        dir,
        plants,
        hidden,
    }
}

/// What the plants of `tree` must be found as: (path, line, column, state, client).
fn expected(tree: &Tree) -> BTreeSet<(String, usize, usize, String, Option<String>)> {
    let mut out = BTreeSet::new();
    for p in &tree.plants {
        let text = std::fs::read_to_string(tree.dir.path().join(p.path)).unwrap();
        let found = positions(&text, &p.needle);
        assert!(!found.is_empty(), "{} not in {}", p.needle, p.path);
        for (l, c) in found {
            out.insert((
                p.path.to_string(),
                l,
                c,
                p.state.to_string(),
                p.client.map(str::to_string),
            ));
        }
    }
    out
}

fn found(doc: &Value) -> BTreeSet<(String, usize, usize, String, Option<String>)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap() as usize,
                f["column"].as_u64().unwrap() as usize,
                f["state"].as_str().unwrap().to_string(),
                f["client"].as_str().map(str::to_string),
            )
        })
        .collect()
}

#[test]
fn scan_finds_every_planted_token_classified_and_nothing_else() {
    let tree = tree();
    let d = tree.dir.path();
    git(d, &["init", "-q"]);
    // Inside .git: never walked, not even with --no-ignore.
    write(d, ".git/leaked-token", format!("T={}\n", tree.hidden[0]));
    let rost = roster(d);
    let rost = rost.to_str().unwrap();
    let out = scan_json(d, &["--roster", rost]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "live tokens fail: {}",
        stderr(&out)
    );
    let doc = json(&out);
    assert_eq!(found(&doc), expected(&tree));
    assert_eq!(
        doc["findings"].as_array().unwrap().len(),
        expected(&tree).len()
    );
    assert_eq!(doc["skipped"]["utf16"], 1, "{doc}");
    assert_eq!(doc["skipped"]["binary"], 1, "{doc}");
    assert_eq!(doc["skipped"]["too_large"], 0);
    // Every finding names its fingerprint; none shows the token whole.
    for f in doc["findings"].as_array().unwrap() {
        assert_eq!(f["fingerprint"].as_str().unwrap().len(), 16, "{f}");
        assert!(f["token"].as_str().unwrap().contains('…'), "{f}");
    }

    // --no-ignore: the ignored files too, never .git.
    let out = scan_json(d, &["--roster", rost, "--no-ignore"]);
    let all = found(&json(&out));
    let extra: Vec<_> = all.difference(&expected(&tree)).cloned().collect();
    assert_eq!(
        extra,
        vec![
            (
                "always-ignored/old.env".into(),
                1,
                3,
                "live".into(),
                Some("beta".into())
            ),
            (
                "ignored/old.env".into(),
                1,
                3,
                "live".into(),
                Some("alpha".into())
            ),
        ]
    );

    // Without a key: the same places, complete tokens unverified.
    let out = scan_json(d, &[]);
    let doc = json(&out);
    assert_eq!(doc["checked_with"], Value::Null);
    let plain: BTreeSet<_> = found(&doc)
        .into_iter()
        .map(|(p, l, c, s, _)| (p, l, c, s))
        .collect();
    let want: BTreeSet<_> = expected(&tree)
        .into_iter()
        .map(|(p, l, c, s, _)| {
            let s = if s == "malformed" {
                s
            } else {
                "unverified".into()
            };
            (p, l, c, s)
        })
        .collect();
    assert_eq!(plain, want);
}

/// ripgrep's rule, which the walker follows: .gitignore applies inside a git repository only;
/// .ignore applies everywhere.
#[test]
fn scan_outside_a_git_repository_reads_what_gitignore_names_but_not_what_ignore_names() {
    let tree = tree();
    let d = tree.dir.path();
    let out = scan_json(d, &["--secret", "env:JWT_SECRET_KEY"]);
    let paths: BTreeSet<String> = found(&json(&out)).into_iter().map(|f| f.0).collect();
    assert!(paths.contains("ignored/old.env"), "{paths:?}");
    assert!(!paths.contains("always-ignored/old.env"), "{paths:?}");
}

/// detect-secrets' JWT detector on the same tree: jwtadm finds at least every (file, line) it
/// finds. JWTADM_DETECT_SECRETS names its executable (.ci/run installs it).
#[test]
fn scan_finds_at_least_what_detect_secrets_jwt_detector_finds() {
    let Some(exe) = std::env::var_os("JWTADM_DETECT_SECRETS") else {
        assert!(
            std::env::var_os("JWTADM_REQUIRE_DETECT_SECRETS").is_none_or(|v| v != "1"),
            "JWTADM_REQUIRE_DETECT_SECRETS=1 but JWTADM_DETECT_SECRETS is not set"
        );
        eprintln!("SKIPPED detect-secrets comparison: set JWTADM_DETECT_SECRETS");
        return;
    };
    let tree = tree();
    let d = tree.dir.path();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(&exe)
            .current_dir(d)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "detect-secrets {args:?}: {}",
            stderr(&out)
        );
        stdout(&out)
    };
    let plugins = run(&["scan", "--list-all-plugins"]);
    let mut args = vec!["scan", "--all-files"];
    let others: Vec<&str> = plugins
        .lines()
        .map(str::trim)
        .filter(|p| !p.is_empty() && *p != "JwtTokenDetector")
        .collect();
    assert!(
        plugins.lines().any(|p| p.trim() == "JwtTokenDetector"),
        "{plugins}"
    );
    for p in &others {
        args.extend(["--disable-plugin", p]);
    }
    args.push(".");
    let report: Value = serde_json::from_str(&run(&args)).unwrap();
    let mut theirs = BTreeSet::new();
    for (file, list) in report["results"].as_object().unwrap() {
        for r in list.as_array().unwrap() {
            assert_eq!(r["type"], "JSON Web Token", "{r}");
            let file = file.strip_prefix("./").unwrap_or(file).to_string();
            theirs.insert((file, r["line_number"].as_u64().unwrap() as usize));
        }
    }
    assert!(!theirs.is_empty(), "detect-secrets found nothing: {report}");
    // Not a git repository: both read what .gitignore names; .ignore is jwtadm's (ripgrep's).
    theirs.retain(|(f, _)| !f.starts_with("always-ignored/"));
    let out = scan_json(d, &["--secret", "env:JWT_SECRET_KEY"]);
    let ours: BTreeSet<(String, usize)> =
        found(&json(&out)).into_iter().map(|f| (f.0, f.1)).collect();
    let missed: Vec<_> = theirs.difference(&ours).collect();
    assert!(
        missed.is_empty(),
        "detect-secrets found, jwtadm missed: {missed:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Outputs and exit codes

#[test]
fn scan_sarif_has_every_field_sarif_2_1_0_and_code_scanning_require() {
    let tree = tree();
    let d = tree.dir.path();
    git(d, &["init", "-q"]);
    let rost = roster(d);
    let out = jwtadm()
        .current_dir(d)
        .args(["-o", "sarif", "scan", "--roster", rost.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let log = json(&out);
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif"));
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "jwtadm");
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "jwtadm/live-token",
            "jwtadm/expired-token",
            "jwtadm/foreign-token",
            "jwtadm/malformed-token",
            "jwtadm/unverified-token"
        ]
    );
    for r in rules {
        assert!(!r["shortDescription"]["text"].as_str().unwrap().is_empty());
        let level = r["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["none", "note", "warning", "error"].contains(&level), "{r}");
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), expected(&tree).len());
    let mut places = BTreeSet::new();
    for r in results {
        let id = r["ruleId"].as_str().unwrap();
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(ids[index], id, "ruleIndex names the rule: {r}");
        assert!(!r["message"]["text"].as_str().unwrap().is_empty(), "{r}");
        assert!(
            ["none", "note", "warning", "error"].contains(&r["level"].as_str().unwrap()),
            "{r}"
        );
        let locations = r["locations"].as_array().unwrap();
        assert_eq!(locations.len(), 1);
        let phys = &locations[0]["physicalLocation"];
        let uri = phys["artifactLocation"]["uri"].as_str().unwrap();
        assert!(
            uri.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~/%".contains(&b)),
            "a relative URI reference, percent-encoded: {uri}"
        );
        let uri = percent_decoded(uri);
        assert!(d.join(&uri).is_file(), "{uri}");
        let line = phys["region"]["startLine"].as_u64().unwrap();
        let column = phys["region"]["startColumn"].as_u64().unwrap();
        assert!(line >= 1 && column >= 1, "{r}");
        let fp = r["partialFingerprints"].as_object().unwrap();
        assert!(
            !fp.is_empty()
                && fp
                    .values()
                    .all(|v| v.as_str().is_some_and(|s| s.len() == 16))
        );
        places.insert((uri.to_string(), line as usize, column as usize));
    }
    let want: BTreeSet<_> = expected(&tree)
        .into_iter()
        .map(|(p, l, c, ..)| (p, l, c))
        .collect();
    assert_eq!(places, want);
    assert_eq!(run["columnKind"], "unicodeCodePoints");
}

fn percent_decoded(uri: &str) -> String {
    let b = uri.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(&uri[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// A tree of one file holding `tokens`, each on its line.
fn one_file(tokens: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let text: String = tokens.iter().map(|t| format!("TOKEN={t}\n")).collect();
    std::fs::write(dir.path().join("a.env"), text).unwrap();
    dir
}

fn code(dir: &Path, args: &[&str]) -> i32 {
    let out = jwtadm()
        .current_dir(dir)
        .arg("scan")
        .args(args)
        .output()
        .unwrap();
    out.status.code().unwrap()
}

#[test]
fn scan_fail_on_decides_the_exit_code() {
    let s = ["--secret", "env:JWT_SECRET_KEY"];
    let with = |extra: &[&'static str]| -> Vec<&str> { s.iter().chain(extra).copied().collect() };
    let live = token("a", now() + DAY, SECRET);
    let expired = token("a", now() - DAY, SECRET);
    let foreign = token("a", now() + DAY, OTHER_SECRET);
    let dot = dotted();
    for (tokens, live_code, ours_code, any_code) in [
        (vec![live.as_str()], 1, 1, 1),
        (vec![expired.as_str()], 0, 1, 1),
        (vec![foreign.as_str()], 0, 0, 1),
        (vec![dot.as_str()], 0, 0, 1),
        (vec![], 0, 0, 0),
    ] {
        let dir = one_file(&tokens);
        let d = dir.path();
        assert_eq!(code(d, &with(&[])), live_code, "{tokens:?} default");
        assert_eq!(
            code(d, &with(&["--fail-on", "live"])),
            live_code,
            "{tokens:?}"
        );
        assert_eq!(
            code(d, &with(&["--fail-on", "ours"])),
            ours_code,
            "{tokens:?}"
        );
        assert_eq!(
            code(d, &with(&["--fail-on", "any"])),
            any_code,
            "{tokens:?}"
        );
    }
    // Without a key, a token that has not expired may be live: it fails by default.
    let dir = one_file(&[&foreign]);
    assert_eq!(code(dir.path(), &[]), 1);
    let dir = one_file(&[&expired]);
    assert_eq!(code(dir.path(), &[]), 0);
}

#[test]
fn scan_exits_4_on_operational_errors() {
    let dir = one_file(&[&token("a", now() + DAY, SECRET)]);
    let d = dir.path();
    for (args, says) in [
        (vec!["--roster", "missing.toml"], "missing.toml"),
        (vec!["--baseline", "missing.json"], "missing.json"),
        (vec!["--secret", "env:NO_SUCH_VARIABLE"], "NO_SUCH_VARIABLE"),
    ] {
        let out = jwtadm()
            .current_dir(d)
            .arg("scan")
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(4), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
        assert!(stdout(&out).is_empty(), "{args:?}");
    }
    std::fs::write(d.join("bad.json"), "not json").unwrap();
    std::fs::write(d.join("other.json"), "{\"results\": {}}").unwrap();
    for f in ["bad.json", "other.json"] {
        let out = jwtadm()
            .current_dir(d)
            .args(["scan", "--baseline", f])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(4), "{f}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("not a jwtadm baseline"),
            "{}",
            stderr(&out)
        );
    }
    // A usage error is 2.
    assert_eq!(code(d, &["--max-filesize", "100X"]), 2);
}

#[test]
fn scan_max_filesize_skips_and_counts_larger_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let t = token("a", now() + DAY, SECRET);
    let mut big = "x".repeat(150 * 1024);
    big.push_str(&format!("\nT={t}\n"));
    std::fs::write(d.join("big.txt"), big).unwrap();
    std::fs::write(d.join("small.txt"), format!("T={t}\n")).unwrap();
    let out = scan_json(
        d,
        &["--secret", "env:JWT_SECRET_KEY", "--max-filesize", "100K"],
    );
    let doc = json(&out);
    assert_eq!(
        rows(&doc),
        vec![("small.txt".to_string(), 1, 3, "live".to_string())]
    );
    assert_eq!(doc["skipped"]["too_large"], 1);
    assert_eq!(doc["files_scanned"], 1);
    let out = scan_json(
        d,
        &["--secret", "env:JWT_SECRET_KEY", "--max-filesize", "1M"],
    );
    assert_eq!(rows(&json(&out)).len(), 2);
    assert_eq!(json(&out)["skipped"]["too_large"], 0);
}

#[test]
fn scan_json_has_the_issues_shape() {
    let dir = one_file(&[
        &token("alpha@exai-mcp.local", now() + DAY, SECRET),
        &dotted(),
    ]);
    let d = dir.path();
    let rost = roster(d);
    let out = scan_json(d, &["--roster", rost.to_str().unwrap()]);
    let doc = json(&out);
    for key in ["findings", "files_scanned", "bytes_scanned", "skipped"] {
        assert!(doc.get(key).is_some(), "{key}: {doc}");
    }
    // a.env and clients.toml.
    assert_eq!(doc["files_scanned"], 2);
    let bytes =
        std::fs::metadata(d.join("a.env")).unwrap().len() + std::fs::metadata(&rost).unwrap().len();
    assert_eq!(doc["bytes_scanned"], bytes);
    let skipped = doc["skipped"].as_object().unwrap();
    for key in ["binary", "utf16", "too_large", "unreadable"] {
        assert_eq!(skipped[key], 0, "{key}");
    }
    let f = &doc["findings"][0];
    assert_eq!(f["path"], "a.env");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(1), Some(7))
    );
    assert_eq!(f["state"], "live");
    assert_eq!(f["client"], "alpha");
    assert_eq!(f["sub"], "alpha@exai-mcp.local");
    assert_eq!(f["iss"], ISS);
    assert_eq!(f["exp"], now() + DAY);
    assert_eq!(f["expires"], "2025-11-03T23:11:13Z");
    assert_eq!(f["expires_relative"], "in 1 day");
    assert_eq!(f["baselined"], false);
    let shown = f["token"].as_str().unwrap();
    assert!(shown.starts_with("eyJ") && shown.contains('…'), "{shown}");
    assert_eq!(
        shown.chars().count(),
        13,
        "8 characters, an ellipsis, 4: {shown}"
    );
    assert_eq!(doc["findings"][1]["state"], "malformed");
    assert_eq!(doc["findings"][1]["client"], Value::Null);
}

#[test]
fn scan_baseline_suppresses_old_findings_but_never_a_live_token() {
    let live = token("a", now() + DAY, SECRET);
    let expired = token("b", now() - DAY, SECRET);
    let dir = one_file(&[&live, &expired]);
    let d = dir.path();
    let s = ["--secret", "env:JWT_SECRET_KEY"];
    let out = jwtadm()
        .current_dir(d)
        .args([
            "scan",
            s[0],
            s[1],
            "--write-baseline",
            ".jwtadm-baseline.json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "writing a baseline succeeds: {}",
        stderr(&out)
    );
    let text = std::fs::read_to_string(d.join(".jwtadm-baseline.json")).unwrap();
    assert!(!text.contains(&live) && !text.contains(&expired), "{text}");
    assert!(
        !text.contains("eyJ"),
        "no token, whole or shortened: {text}"
    );
    let baseline: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(baseline["findings"].as_array().unwrap().len(), 2);

    // A new leak after the baseline is reported.
    let newer = token("c", now() - 2 * DAY, SECRET);
    let mut env = std::fs::read_to_string(d.join("a.env")).unwrap();
    env.push_str(&format!("NEW={newer}\n"));
    std::fs::write(d.join("a.env"), env).unwrap();
    let out = scan_json(d, &[s[0], s[1], "--baseline", ".jwtadm-baseline.json"]);
    assert_eq!(out.status.code(), Some(1), "the live token still fails");
    let doc = json(&out);
    assert_eq!(
        rows(&doc),
        vec![
            ("a.env".into(), 1, 7, "live".into()),
            ("a.env".into(), 3, 5, "expired".into()),
        ]
    );
    assert_eq!(doc["findings"][0]["baselined"], true);
    assert_eq!(doc["findings"][1]["baselined"], false);
    assert_eq!(doc["suppressed_by_baseline"], 1);
    // The table says so.
    let out = jwtadm()
        .current_dir(d)
        .args(["scan", s[0], s[1], "--baseline", ".jwtadm-baseline.json"])
        .output()
        .unwrap();
    let table = stdout(&out);
    assert!(table.contains("live (in baseline)"), "{table}");
    assert!(table.contains("1 suppressed by the baseline"), "{table}");
    // --fail-on ours: the new expired one fails too; the baselined expired one does not count.
    let out = scan_json(
        d,
        &[
            s[0],
            s[1],
            "--baseline",
            ".jwtadm-baseline.json",
            "--fail-on",
            "ours",
        ],
    );
    assert_eq!(json(&out)["failed"], 2);
}

#[test]
fn scan_staged_reads_gits_index_not_the_work_tree() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    let staged = token("staged", now() + DAY, SECRET);
    let unstaged = token("unstaged", now() + DAY, SECRET);
    let deleted = token("deleted", now() + DAY, SECRET);
    let removed = token("removed", now() + DAY, SECRET);
    let spaced = token("spaced", now() + DAY, SECRET);
    // Staged with a token, then edited away in the work tree: the commit holds the token.
    write(d, "a.env", format!("T={staged}\n"));
    // Staged clean, then a token added in the work tree only: not in the commit.
    write(d, "b.env", "T=\n");
    // Staged, then deleted from the work tree (not from the index).
    write(d, "gone.env", format!("T={deleted}\n"));
    // Committed, then removed with git rm: not in the index.
    write(d, "removed.env", format!("T={removed}\n"));
    write(d, "dir with space/c d.env", format!("# x\nT={spaced}\n"));
    git(d, &["add", "removed.env"]);
    git(d, &["commit", "-q", "-m", "x"]);
    git(d, &["rm", "-q", "removed.env"]);
    git(
        d,
        &[
            "add",
            "a.env",
            "b.env",
            "gone.env",
            "dir with space/c d.env",
        ],
    );
    write(d, "a.env", "T=\n");
    write(d, "b.env", format!("T={unstaged}\n"));
    std::fs::remove_file(d.join("gone.env")).unwrap();
    write(d, "untracked.env", format!("T={unstaged}\n"));
    let out = scan_json(d, &["--staged", "--secret", "env:JWT_SECRET_KEY"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc = json(&out);
    let subs: Vec<(String, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().into(),
                f["sub"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        subs,
        vec![
            ("a.env".to_string(), "staged".to_string()),
            ("dir with space/c d.env".into(), "spaced".into()),
            ("gone.env".into(), "deleted".into()),
        ]
    );
    assert_eq!(
        rows(&doc)[1],
        ("dir with space/c d.env".into(), 2, 3, "live".into())
    );
    assert_eq!(doc["files_scanned"], 4);
    // A pathspec limits it.
    let out = scan_json(d, &["--staged", "--secret", "env:JWT_SECRET_KEY", "a.env"]);
    assert_eq!(rows(&json(&out)).len(), 1);
    // Outside a repository: an operational error.
    let outside = tempfile::tempdir().unwrap();
    let out = jwtadm()
        .current_dir(outside.path())
        .env("GIT_CEILING_DIRECTORIES", outside.path().parent().unwrap())
        .args(["scan", "--staged"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------------------------
// Never a whole token, never the secret

mod canary {
    use super::*;
    use proptest::prelude::*;

    const CANARY_SECRET: &str = "Kq3vZ9pX2mW7tR4yB8nC1sD6fG0hJ5kL-canary-QwE";

    fn wrapped(token: &str, how: usize) -> String {
        match how % 8 {
            0 => token.to_string(),
            1 => format!("\"{token}\""),
            2 => format!("Authorization: Bearer {token}"),
            3 => format!("https://x.example/cb?id_token={token}&s=1"),
            4 => format!("{{\"t\":\"{token}\"}}"),
            5 => format!("T={token}\r\n"),
            6 => format!("`{token}`."),
            _ => format!("\\\"{token}\\\""),
        }
    }

    fn cases() -> u32 {
        std::env::var("JWTADM_PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(12)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

        #[test]
        fn no_output_of_scan_holds_a_whole_token_or_the_secret(
            before in "[ -~\n]{0,80}",
            after in "[ -~\n]{0,80}",
            how in 0usize..8,
            exp_offset in -2i64..2,
            claim in 0usize..4,
        ) {
            let dir = tempfile::tempdir().unwrap();
            let d = dir.path();
            // A token nested in another's claims, and the secret itself as a claim.
            let inner = token("inner", now() + DAY, CANARY_SECRET);
            let claims = match claim {
                0 => json!({"sub": "canary", "exp": now() + exp_offset * DAY}),
                1 => json!({"sub": inner, "iss": inner, "exp": now() + exp_offset * DAY}),
                2 => json!({"sub": CANARY_SECRET, "exp": now() + exp_offset * DAY}),
                _ => json!({"sub": format!("x {inner} y"), "exp": "soon"}),
            };
            let outer = jsonwebtoken::encode(
                &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
                &claims,
                &jsonwebtoken::EncodingKey::from_secret(CANARY_SECRET.as_bytes()),
            )
            .unwrap();
            let text = format!("{before}{}{after}\n{}", wrapped(&outer, how), wrapped(&inner, how + 1));
            std::fs::write(d.join("leak.md"), &text).unwrap();
            let mut outputs = Vec::new();
            for mode in [&["scan"][..], &["-o", "json", "scan"], &["-o", "sarif", "scan"]] {
                for key in [&["--secret", "env:CANARY"][..], &[], &["--secret", "env:JWT_SECRET_KEY"]] {
                    let out = jwtadm()
                        .current_dir(d)
                        .env("CANARY", CANARY_SECRET)
                        .args(mode)
                        .args(key)
                        .args(["--write-baseline", "b.json"])
                        .output()
                        .unwrap();
                    prop_assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
                    outputs.push(stdout(&out));
                    outputs.push(stderr(&out));
                    outputs.push(std::fs::read_to_string(d.join("b.json")).unwrap());
                    std::fs::remove_file(d.join("b.json")).unwrap();
                }
            }
            for o in &outputs {
                prop_assert!(!o.contains(&outer), "the whole token: {}", o);
                prop_assert!(!o.contains(&inner), "the nested token: {}", o);
                prop_assert!(!o.contains(CANARY_SECRET), "the secret: {}", o);
                for part in outer.split('.').chain(inner.split('.')) {
                    prop_assert!(part.len() < 20 || !o.contains(part), "a whole segment {}: {}", part, o);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The pre-commit hook manifest

#[test]
fn scan_pre_commit_hooks_manifest_declares_jwtadm_scan() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let hooks = yaml(&text);
    let hooks = hooks.as_array().expect("a list of hooks");
    let hook = hooks
        .iter()
        .find(|h| h["id"] == "jwtadm-scan")
        .expect("a jwtadm-scan hook");
    assert_eq!(hook["language"], "rust");
    assert_eq!(hook["entry"], "jwtadm scan --staged");
    assert_eq!(hook["pass_filenames"], false);
    assert!(hook["name"].as_str().is_some_and(|n| !n.is_empty()));
    for key in hook.as_object().unwrap().keys() {
        assert!(
            [
                "id",
                "name",
                "entry",
                "language",
                "description",
                "pass_filenames",
                "always_run",
                "require_serial",
                "stages",
                "minimum_pre_commit_version",
                "files",
                "exclude",
                "types",
                "types_or",
                "exclude_types",
                "args",
                "verbose",
                "fail_fast",
                "language_version",
            ]
            .contains(&key.as_str()),
            "pre-commit knows no field {key}"
        );
    }
    // The entry is a command jwtadm takes.
    let out = jwtadm()
        .args(["scan", "--staged", "--help"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

/// A YAML document (block and flow collections of plain or quoted scalars) as JSON, read with
/// saphyr-parser's events.
fn yaml(text: &str) -> Value {
    use saphyr_parser::{Event, Parser, ScalarStyle};
    enum Open {
        Seq(Vec<Value>),
        Map(serde_json::Map<String, Value>, Option<String>),
    }
    let mut stack: Vec<Open> = Vec::new();
    let mut root = Value::Null;
    let put = |stack: &mut Vec<Open>, v: Value, root: &mut Value| match stack.last_mut() {
        Some(Open::Seq(s)) => s.push(v),
        Some(Open::Map(m, key)) => match key.take() {
            Some(k) => {
                m.insert(k, v);
            }
            None => *key = Some(v.as_str().map(str::to_string).unwrap_or(v.to_string())),
        },
        None => *root = v,
    };
    for event in Parser::new_from_str(text) {
        let (event, _) = event.unwrap();
        match event {
            Event::SequenceStart(..) => stack.push(Open::Seq(Vec::new())),
            Event::MappingStart(..) => stack.push(Open::Map(Default::default(), None)),
            Event::SequenceEnd => {
                let Some(Open::Seq(s)) = stack.pop() else {
                    panic!()
                };
                put(&mut stack, Value::Array(s), &mut root);
            }
            Event::MappingEnd => {
                let Some(Open::Map(m, _)) = stack.pop() else {
                    panic!()
                };
                put(&mut stack, Value::Object(m), &mut root);
            }
            Event::Scalar(s, style, ..) => {
                let v = match (style, s.as_ref()) {
                    (ScalarStyle::Plain, "true") => Value::Bool(true),
                    (ScalarStyle::Plain, "false") => Value::Bool(false),
                    _ => Value::String(s.to_string()),
                };
                put(&mut stack, v, &mut root);
            }
            _ => {}
        }
    }
    root
}

// ---------------------------------------------------------------------------------------------
// Bugs found while attacking the scanner

/// A token not signed by our key that carries a client's `sub` was named as that client's:
/// anyone can write a `sub`.
#[test]
fn scan_names_no_client_for_a_foreign_token_that_carries_a_clients_sub() {
    let dir = one_file(&[
        &token("alpha@exai-mcp.local", now() + DAY, OTHER_SECRET),
        &token("alpha@exai-mcp.local", now() + DAY, SECRET),
    ]);
    let rost = roster(dir.path());
    let doc = json(&scan_json(
        dir.path(),
        &["--roster", rost.to_str().unwrap()],
    ));
    assert_eq!(doc["findings"][0]["state"], "foreign");
    assert_eq!(doc["findings"][0]["client"], Value::Null);
    assert_eq!(doc["findings"][0]["sub"], "alpha@exai-mcp.local");
    assert_eq!(doc["findings"][1]["state"], "live");
    assert_eq!(doc["findings"][1]["client"], "alpha");
}

/// Base64 that only starts like a JWT (`eyJzzzz.abc.def`, `keyJSON.parse`, a base64 JSON blob
/// ending a sentence) was reported as a malformed token; a token right after such a run was
/// missed; a token in a URL with `%2E` for its dots was missed.
#[test]
fn scan_reports_no_decoy_and_finds_tokens_behind_one_or_percent_encoded() {
    let t = token("a", now() + DAY, SECRET);
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "eyJzzzz.abc.def keyJSON.parse(x) blob eyJhIjoxfQ.\nmonkeyJar.{t}\n/cb?token={}&s=1\n",
        t.replace('.', "%2E")
    );
    std::fs::write(dir.path().join("x.js"), text).unwrap();
    let doc = json(&scan_json(dir.path(), &["--secret", "env:JWT_SECRET_KEY"]));
    assert_eq!(
        rows(&doc),
        vec![
            ("x.js".into(), 2, 11, "live".into()),
            ("x.js".into(), 3, 11, "live".into()),
        ]
    );
    assert_eq!(
        doc["findings"][0]["fingerprint"],
        doc["findings"][1]["fingerprint"]
    );
}

/// A token padded with `=` was called truncated ("not three segments"): it has three, and the
/// finding now says what is wrong with it.
#[test]
fn scan_says_a_padded_token_is_padded_not_truncated() {
    let t = token("a", now() + DAY, SECRET);
    let dir = one_file(&[&format!("{t}=")]);
    let doc = json(&scan_json(dir.path(), &["--secret", "env:JWT_SECRET_KEY"]));
    assert_eq!(rows(&doc), vec![("a.env".into(), 1, 7, "malformed".into())]);
    let detail = doc["findings"][0]["detail"].as_str().unwrap();
    assert!(detail.contains("padding"), "{detail}");
}

/// A path that does not exist was a warning and exit 0: `jwtadm scan srcc` in CI passed,
/// having scanned nothing.
#[test]
fn scan_of_a_path_that_does_not_exist_exits_4() {
    let dir = one_file(&[&token("a", now() + DAY, SECRET)]);
    let out = jwtadm()
        .current_dir(dir.path())
        .args(["scan", "a.env", "srcc"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains("srcc"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
}
