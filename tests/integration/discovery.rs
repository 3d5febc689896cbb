//! `config find`, `config paths` and `roster init` against fake homes laid out for each
//! operating system, holding a configuration of every client in the registry: every one is
//! found, and `roster init` → `token issue-all --patch` → `token status` is all ok.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::common::{SECRET, json, jwtadm, snapshot, stderr, stdout};

const VAR: &str = "EXAI_JWT_TOKEN";

/// A token for `sub`, signed with the tests' secret at the tests' fixed time.
fn token(sub: &str, expires: &str) -> String {
    let out = jwtadm()
        .args(["token", "issue", "--sub", sub, "--expires", expires])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).trim().to_string()
}

/// A registry path (as `config paths -o json` gives it) in the fake home `home`; none for a
/// path only a variable names (Goose's `${GOOSE_PATH_ROOT}`), which another home lacks.
fn in_home(pattern: &str, home: &Path) -> Option<PathBuf> {
    let mut p = pattern.to_string();
    // `${VAR:-fallback}` with VAR unset is the fallback.
    while let Some(i) = p.find("${") {
        let close = i + p[i..].find('}').unwrap();
        let inner = &p[i + 2..close];
        let value = match inner.split_once(":-") {
            Some((_, fallback)) => fallback.to_string(),
            None if inner == "XDG_CONFIG_HOME" => "~/.config".to_string(),
            None => return None,
        };
        p.replace_range(i..=close, &value);
    }
    let p = p
        .replace("%APPDATA%", r"~\AppData\Roaming")
        .replace('~', &home.display().to_string());
    // One VS Code profile folder.
    Some(PathBuf::from(p.replace('\\', "/").replace("/*/", "/p1/")))
}

/// A configuration holding one server `server` with `token` where `servers_at` says servers sit.
fn config_text(servers_at: &str, format: &str, server: &str, token: &str) -> String {
    let env = json!({ VAR: token });
    let by_name = |env_key: &str| json!({ server: { "command": "exai", env_key: env } });
    let doc = match (format, servers_at) {
        ("TOML", "mcp_servers") => {
            return format!(
                "# codex\n[mcp_servers.{server}]\ncommand = \"exai\"\n\n[mcp_servers.{server}.env]\n{VAR} = \"{token}\"\n"
            );
        }
        ("JSON", "mcpServers") | ("JSON", "mcpServers, projects.*.mcpServers") => {
            json!({ "mcpServers": by_name("env") })
        }
        ("JSON", "servers") => json!({ "servers": by_name("env") }),
        ("JSON", "mcp.servers") => {
            json!({ "editor.fontSize": 12, "mcp": { "servers": by_name("env") } })
        }
        ("JSON", "context_servers") => json!({ "context_servers": by_name("env") }),
        ("JSON", "augment.advanced.mcpServers") => json!({
            "augment.advanced": { "mcpServers": [{ "name": server, "command": "exai", "env": env }] }
        }),
        ("JSON", "mcp, mcp.servers") => json!({ "mcp": by_name("environment") }),
        ("YAML", "mcpServers") => {
            return format!(
                "# continue\nname: Local\nversion: 1.0.0\nschema: v1\nmcpServers:\n  - name: {server}\n    command: exai\n    env:\n      {VAR}: \"{token}\"\n"
            );
        }
        ("YAML", "extensions") => {
            return format!(
                "# goose\nextensions:\n  {server}:\n    name: {server}\n    type: stdio\n    cmd: exai\n    envs:\n      {VAR}: {token}\n"
            );
        }
        other => panic!("no test configuration for {other:?}: add one"),
    };
    format!("{}\n", serde_json::to_string_pretty(&doc).unwrap())
}

/// The user paths of `os` with their format and servers, from `config paths -o json`.
fn user_paths(os: &str) -> Vec<(String, String, String, String)> {
    let out = jwtadm()
        .args(["-o", "json", "config", "paths", "--os", os])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let mut paths = Vec::new();
    for c in json(&out)["clients"].as_array().unwrap() {
        for p in c["paths"].as_array().unwrap() {
            if p["scope"] == "user" {
                paths.push((
                    c["client"].as_str().unwrap().to_string(),
                    p["path"].as_str().unwrap().to_string(),
                    p["format"].as_str().unwrap().to_string(),
                    p["servers"].as_str().unwrap().to_string(),
                ));
            }
        }
    }
    paths
}

/// A fake home for `os` holding a configuration at every user path of every client, each with
/// its own server and token. Returns (client, file, server, sub) for each.
fn fake_home(home: &Path, os: &str) -> Vec<(String, PathBuf, String, String)> {
    let mut made = Vec::new();
    for (i, (client, pattern, format, servers_at)) in user_paths(os).into_iter().enumerate() {
        let Some(path) = in_home(&pattern, home) else {
            continue;
        };
        if made.iter().any(|(_, p, _, _)| *p == path) {
            // One file two clients read (VS Code's settings.json, Augment's): both servers.
            let server = format!("exai{i}");
            let sub = format!("client{i}@exai");
            let text = std::fs::read_to_string(&path).unwrap();
            let mut doc: Value = serde_json::from_str(&text).unwrap();
            let extra: Value = serde_json::from_str(&config_text(
                &servers_at,
                &format,
                &server,
                &token(&sub, "90d"),
            ))
            .unwrap();
            for (k, v) in extra.as_object().unwrap() {
                doc[k] = v.clone();
            }
            std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
            made.push((client, path, server, sub));
            continue;
        }
        let server = format!("exai{i}");
        let sub = format!("client{i}@exai");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(
            &path,
            config_text(&servers_at, &format, &server, &token(&sub, "90d")),
        )
        .unwrap();
        made.push((client, path, server, sub));
    }
    made
}

fn find_json(home: &Path, os: &str, cwd: &Path, extra: &[&str]) -> Value {
    let out = jwtadm()
        .current_dir(cwd)
        .args(["-o", "json", "config", "find", "--home"])
        .arg(home)
        .args(["--os", os])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    json(&out)
}

/// Every (client, path, server, state) of a `config find -o json`.
fn rows(found: &Value) -> Vec<(String, PathBuf, String, String)> {
    let mut rows = Vec::new();
    for c in found["configs"].as_array().unwrap() {
        assert!(c["error"].is_null(), "{c}");
        for s in c["servers"].as_array().unwrap() {
            rows.push((
                c["client"].as_str().unwrap().to_string(),
                PathBuf::from(c["path"].as_str().unwrap()),
                s["name"].as_str().unwrap_or_default().to_string(),
                s["state"].as_str().unwrap().to_string(),
            ));
        }
    }
    rows
}

/// `config find` finds every client's configuration in a home laid out for `os`, and
/// `roster init` → `issue-all --patch` → `status` is all ok.
fn every_client_of(os: &str) {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let elsewhere = dir.path().join("cwd");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    let made = fake_home(&home, os);
    assert!(made.len() >= 20, "{os}: only {} user paths", made.len());

    let found = find_json(&home, os, &elsewhere, &["--secret", "env:JWT_SECRET_KEY"]);
    let found_rows = rows(&found);
    for (client, path, server, _) in &made {
        assert!(
            found_rows
                .iter()
                .any(|(c, p, s, state)| c == client && p == path && s == server && state == "ok"),
            "{os}: {client}'s {} ({server}) not found ok in {found_rows:#?}",
            path.display()
        );
    }
    assert_eq!(found["signatures_checked"], true);

    // roster init → issue-all --patch → status: all ok, without editing the roster.
    // Beside the home, not above it: the roster then names every file by its absolute path.
    std::fs::create_dir_all(dir.path().join("r")).unwrap();
    let roster = dir.path().join("r/clients.toml");
    let out = jwtadm()
        .current_dir(&elsewhere)
        .args(["roster", "init", "--out"])
        .arg(&roster)
        .arg("--home")
        .arg(&home)
        .args(["--os", os])
        .output()
        .unwrap();
    assert!(out.status.success(), "{os}: {}", stderr(&out));
    let text = std::fs::read_to_string(&roster).unwrap();
    for (_, path, _, sub) in &made {
        assert!(
            text.contains(&path.display().to_string()),
            "{os}: {} not in\n{text}",
            path.display()
        );
        assert!(
            text.contains(sub.as_str()),
            "{os}: {sub} not kept in\n{text}"
        );
    }
    let out = jwtadm()
        .args(["token", "issue-all", "--patch"])
        .arg(&roster)
        .output()
        .unwrap();
    assert!(out.status.success(), "{os}: {}", stderr(&out));
    let out = jwtadm()
        .args(["-o", "json", "token", "status"])
        .arg(&roster)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{os}: {}\n{}",
        stderr(&out),
        stdout(&out)
    );
    let status = json(&out);
    assert_eq!(status["counts"]["failed"], 0, "{status}");
    assert!(status["counts"]["places"].as_u64().unwrap() >= made.len() as u64);
    // The tokens were reissued: every one found is still ok, and none is what was there.
    let again = rows(&find_json(
        &home,
        os,
        &elsewhere,
        &["--secret", "env:JWT_SECRET_KEY"],
    ));
    assert!(again.iter().all(|(_, _, _, s)| s == "ok"), "{again:#?}");
}

#[test]
fn a_linux_home_with_every_client_is_found_and_becomes_a_working_roster() {
    every_client_of("linux");
}

#[test]
fn a_macos_home_with_every_client_is_found_and_becomes_a_working_roster() {
    every_client_of("macos");
}

#[test]
fn a_windows_home_with_every_client_is_found_and_becomes_a_working_roster() {
    every_client_of("windows");
}

#[test]
fn the_registry_puts_known_files_where_the_clients_keep_them() {
    // Spot checks against the clients' documentation (docs/mcp-client-configs.md).
    let expect = [
        (
            "windows",
            "Claude Desktop",
            r"%APPDATA%\Claude\claude_desktop_config.json",
        ),
        (
            "macos",
            "Claude Desktop",
            "~/Library/Application Support/Claude/claude_desktop_config.json",
        ),
        ("linux", "VS Code", "${XDG_CONFIG_HOME}/Code/User/mcp.json"),
        ("linux", "Codex", "${CODEX_HOME:-~/.codex}/config.toml"),
        ("windows", "Zed", r"%APPDATA%\Zed\settings.json"),
        (
            "linux",
            "Cline",
            "${CLINE_DIR:-~/.cline}/data/settings/cline_mcp_settings.json",
        ),
        ("linux", "LM Studio", "~/.lmstudio/mcp.json"),
        (
            "linux",
            "opencode",
            "${XDG_CONFIG_HOME}/opencode/opencode.json",
        ),
        (
            "linux",
            "Claude Code",
            "${CLAUDE_CONFIG_DIR:-~}/.claude.json",
        ),
    ];
    for (os, client, path) in expect {
        assert!(
            user_paths(os)
                .iter()
                .any(|(c, p, _, _)| c == client && p == path),
            "{os}: {client} at {path}"
        );
    }
}

#[test]
fn this_users_home_honours_home_xdg_config_home_and_codex_home() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("h");
    let xdg = dir.path().join("xdg");
    let codex = dir.path().join("codexhome");
    let t = token("a@exai", "90d");
    for (p, text) in [
        (
            xdg.join("Code/User/mcp.json"),
            config_text("servers", "JSON", "vs", &t),
        ),
        (
            codex.join("config.toml"),
            config_text("mcp_servers", "TOML", "cx", &t),
        ),
        (
            home.join(".cursor/mcp.json"),
            config_text("mcpServers", "JSON", "cu", &t),
        ),
    ] {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
    }
    let out = jwtadm()
        .current_dir(dir.path())
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", &xdg)
        .env("CODEX_HOME", &codex)
        .args(["-o", "json", "config", "find"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let found: Vec<String> = json(&out)["configs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap().to_string())
        .collect();
    for want in [
        xdg.join("Code/User/mcp.json"),
        codex.join("config.toml"),
        home.join(".cursor/mcp.json"),
    ] {
        assert!(
            found.contains(&want.display().to_string()),
            "{want:?} not in {found:?}"
        );
    }
    // Nothing found at all: exit 1, and a note that says where to look.
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let out = jwtadm()
        .current_dir(&empty)
        .env("HOME", &empty)
        .args(["config", "find"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("config paths"), "{}", stderr(&out));
}

#[test]
fn every_state_is_told_and_no_token_is_shown_whole() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("h");
    std::fs::create_dir_all(home.join(".cursor")).unwrap();
    let ok = token("ok@exai", "90d");
    let expiring = token("soon@exai", "10d");
    let expired = {
        let out = jwtadm()
            .env("JWTADM_NOW", "1700000000")
            .args(["token", "issue", "--sub", "old@exai", "--expires", "1d"])
            .output()
            .unwrap();
        stdout(&out).trim().to_string()
    };
    let foreign = {
        let out = jwtadm()
            .env(
                "JWT_SECRET_KEY",
                "another-secret-of-enough-length-0123456789",
            )
            .args(["token", "issue", "--sub", "forged@exai", "--expires", "90d"])
            .output()
            .unwrap();
        stdout(&out).trim().to_string()
    };
    let doc = json!({"mcpServers": {
        "ok": {"env": {VAR: ok}},
        "expiring": {"env": {VAR: expiring}},
        "expired": {"env": {VAR: expired}},
        "missing": {"env": {"OTHER": "1"}},
        "unchecked": {"env": {VAR: "${input:exai-token}"}},
        "garbage": {"env": {VAR: "not-a-token"}},
        "foreign": {"env": {VAR: foreign}},
    }});
    std::fs::write(home.join(".cursor/mcp.json"), doc.to_string()).unwrap();
    let find = |extra: &[&str]| {
        let out = jwtadm()
            .current_dir(dir.path())
            .env("HOME", &home)
            .args(["config", "find"])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        for t in [&ok, &expiring, &expired, &foreign] {
            assert!(!stdout(&out).contains(t.as_str()) && !stderr(&out).contains(t.as_str()));
        }
        assert!(!stdout(&out).contains(SECRET));
        out
    };
    let state_of = |out: &std::process::Output| -> Vec<(String, String)> {
        json(out)["configs"][0]["servers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["name"].as_str().unwrap().to_string(),
                    s["state"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let checked = state_of(&find(&["-o", "json", "--secret", "env:JWT_SECRET_KEY"]));
    let want = [
        ("ok", "ok"),
        ("expiring", "expiring"),
        ("expired", "expired"),
        ("missing", "missing"),
        ("unchecked", "unchecked"),
        ("garbage", "invalid"),
        ("foreign", "invalid"),
    ];
    for (name, state) in want {
        assert!(
            checked.contains(&(name.to_string(), state.to_string())),
            "{name}: {checked:?}"
        );
    }
    // Without a secret, signatures are not checked: the foreign token is judged by its exp.
    let unchecked = state_of(&find(&["-o", "json"]));
    assert!(
        unchecked.contains(&("foreign".to_string(), "ok".to_string())),
        "{unchecked:?}"
    );
    let table = find(&[]);
    assert!(
        stdout(&table).contains("signatures not checked"),
        "{}",
        stdout(&table)
    );
    // The JSON has the members the issue names.
    let out = find(&["-o", "json"]);
    let s = &json(&out)["configs"][0];
    for k in ["client", "path", "format", "servers"] {
        assert!(s.get(k).is_some(), "{k}");
    }
    for k in ["name", "location", "var", "header", "state", "sub", "exp"] {
        assert!(s["servers"][0].get(k).is_some(), "{k}");
    }
}

#[test]
fn roots_are_searched_recursively_respecting_gitignore_and_dotenv_files_join_their_client() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("h");
    let src = dir.path().join("src");
    std::fs::create_dir_all(&home).unwrap();
    let t = token("app@exai", "90d");
    let ignored = token("ignored@exai", "90d");
    let files = [
        (
            src.join("app/.vscode/mcp.json"),
            config_text("servers", "JSON", "exai", &t),
        ),
        (src.join("app/.env"), format!("# app\n{VAR}={t}\n")),
        (
            src.join("tool/.codex/config.toml"),
            config_text("mcp_servers", "TOML", "exai", &token("tool@exai", "90d")),
        ),
        (
            src.join("deep/a/b/c/.mcp.json"),
            config_text("mcpServers", "JSON", "exai", &token("deep@exai", "90d")),
        ),
        (
            src.join("app/build/.cursor/mcp.json"),
            config_text("mcpServers", "JSON", "exai", &ignored),
        ),
        (
            src.join("repo/.git/.mcp.json"),
            config_text("mcpServers", "JSON", "exai", &ignored),
        ),
    ];
    for (p, text) in &files {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    std::fs::write(src.join("app/.gitignore"), "build/\n").unwrap();
    let out = jwtadm()
        .current_dir(&home)
        .env("HOME", &home)
        .args(["-o", "json", "config", "find", "--root"])
        .arg(&src)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let found = json(&out);
    let paths: Vec<&str> = found["configs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 4, "{paths:#?}");
    assert!(
        !paths
            .iter()
            .any(|p| p.contains("build") || p.contains(".git/")),
        "{paths:?}"
    );
    assert!(paths.iter().any(|p| p.ends_with("app/.env")), "{paths:?}");

    // roster init puts the .env that holds the VS Code token under that client.
    let roster = src.join("clients.toml");
    let out = jwtadm()
        .current_dir(&home)
        .env("HOME", &home)
        .args(["roster", "init", "--root"])
        .arg(&src)
        .arg("--out")
        .arg(&roster)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&roster).unwrap();
    assert!(
        text.contains("dotenv = { path = \"app/.env\", key = \"EXAI_JWT_TOKEN\" }"),
        "{text}"
    );
    assert!(
        text.contains("{ path = \"app/.vscode/mcp.json\", server = \"exai\" }"),
        "{text}"
    );
    assert_eq!(text.matches("[[clients]]").count(), 3, "{text}");
    let out = jwtadm()
        .env("HOME", &home)
        .args(["token", "issue-all", "--patch"])
        .arg(&roster)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = jwtadm()
        .env("HOME", &home)
        .args(["token", "status"])
        .arg(&roster)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stdout(&out));
    // The ignored files were not touched.
    assert!(
        std::fs::read_to_string(&files[4].0)
            .unwrap()
            .contains(&ignored)
    );
}

#[test]
fn claude_codes_per_project_servers_are_found_with_where_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("h");
    std::fs::create_dir_all(&home).unwrap();
    let a = token("a@exai", "90d");
    let doc = json!({
        "numStartups": 3,
        "mcpServers": {"exai": {"env": {VAR: a}}},
        "projects": {
            "/home/me/app": {"mcpServers": {"exai": {"env": {VAR: a}}}, "allowedTools": []},
            "/home/me/other": {"mcpServers": {}}
        }
    });
    std::fs::write(
        home.join(".claude.json"),
        serde_json::to_string_pretty(&doc).unwrap(),
    )
    .unwrap();
    let out = jwtadm()
        .current_dir(&home)
        .env("HOME", &home)
        .args(["-o", "json", "config", "find"])
        .output()
        .unwrap();
    let found = json(&out);
    let locations: Vec<&str> = found["configs"][0]["servers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["location"].as_str().unwrap())
        .collect();
    assert_eq!(
        locations,
        [
            "mcpServers.exai",
            "projects[\"/home/me/app\"].mcpServers.exai"
        ]
    );
    // The table tells the two apart.
    let out = jwtadm()
        .current_dir(&home)
        .env("HOME", &home)
        .env("COLUMNS", "200")
        .args(["config", "find"])
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("projects[\"/home/me/app\"].mcpServers.exai"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn roster_init_never_overwrites_without_force_and_a_dry_run_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("h");
    std::fs::create_dir_all(home.join(".cursor")).unwrap();
    std::fs::write(
        home.join(".cursor/mcp.json"),
        config_text("mcpServers", "JSON", "exai", &token("c@exai", "90d")),
    )
    .unwrap();
    let roster = dir.path().join("clients.toml");
    std::fs::write(&roster, "# mine\n").unwrap();
    let before = snapshot(dir.path());
    let init = |extra: &[&str]| {
        jwtadm()
            .current_dir(dir.path())
            .env("HOME", &home)
            .args(["roster", "init"])
            .args(extra)
            .output()
            .unwrap()
    };
    let out = init(&[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(snapshot(dir.path()), before);
    let out = init(&["--dry-run"]);
    assert!(out.status.success());
    assert!(
        stdout(&out).contains("name = \"cursor-exai\""),
        "{}",
        stdout(&out)
    );
    assert_eq!(snapshot(dir.path()), before);
    let out = init(&["--force", "--secret", "file:secret.txt"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&roster).unwrap();
    assert!(text.contains("source = \"file:secret.txt\""), "{text}");
    assert!(text.contains("sub = \"c@exai\""), "{text}");
    // A relative file: source given here, for a roster written elsewhere, is made absolute.
    let sub = dir.path().join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    let out = init(&["--out", "sub/clients.toml", "--key", "file:keys/k.pem"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(sub.join("clients.toml")).unwrap();
    let abs = dir.path().join("keys/k.pem");
    assert!(
        text.contains(&format!("[key]\nsource = \"file:{}\"", abs.display())),
        "{text}"
    );
    // stdin cannot be a roster's secret.
    let out = init(&["--dry-run", "--secret", "stdin"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn odd_server_names_and_paths_are_written_as_valid_toml() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("h \"q\" ü");
    let project = home.join("a # b");
    std::fs::create_dir_all(project.join(".vscode")).unwrap();
    let t = token("odd\"sub\\x@exai", "90d");
    let doc = json!({"servers": {"ex\"ai\n[[clients]]": {"env": {VAR: t}}}});
    std::fs::write(project.join(".vscode/mcp.json"), doc.to_string()).unwrap();
    let out = jwtadm()
        .current_dir(&project)
        .env("HOME", &home)
        .args(["roster", "init"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = jwtadm()
        .current_dir(&project)
        .env("HOME", &home)
        .args(["token", "issue-all", "--patch"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = jwtadm()
        .current_dir(&project)
        .env("HOME", &home)
        .args(["-o", "json", "token", "status"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stdout(&out));
    assert_eq!(json(&out)["entries"][0]["sub"], "odd\"sub\\x@exai");
}

#[test]
fn an_unreadable_or_broken_config_is_reported_and_the_others_still_found() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("h");
    std::fs::create_dir_all(home.join(".cursor")).unwrap();
    std::fs::create_dir_all(home.join(".gemini")).unwrap();
    std::fs::write(home.join(".cursor/mcp.json"), "{\"mcpServers\": {").unwrap();
    std::fs::write(
        home.join(".gemini/settings.json"),
        config_text("mcpServers", "JSON", "exai", &token("g@exai", "90d")),
    )
    .unwrap();
    let out = jwtadm()
        .current_dir(&home)
        .env("HOME", &home)
        .args(["-o", "json", "config", "find"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let found = json(&out);
    let configs = found["configs"].as_array().unwrap();
    let broken = configs.iter().find(|c| c["client"] == "Cursor").unwrap();
    assert!(
        broken["error"].as_str().unwrap().contains("not valid JSON"),
        "{broken}"
    );
    assert!(
        configs
            .iter()
            .any(|c| c["client"] == "Gemini CLI" && c["servers"][0]["state"] == "ok")
    );
    // roster init leaves the broken one out, saying so.
    let out = jwtadm()
        .current_dir(&home)
        .env("HOME", &home)
        .args(["roster", "init", "--dry-run"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(stderr(&out).contains("left out"), "{}", stderr(&out));
    assert!(!stdout(&out).contains(".cursor"), "{}", stdout(&out));
}

#[test]
fn roster_init_with_nothing_found_writes_nothing_and_says_where_to_look() {
    let dir = tempfile::tempdir().unwrap();
    let out = jwtadm()
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .args(["roster", "init"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("nothing written"), "{}", stderr(&out));
    assert!(stderr(&out).contains("--root"), "{}", stderr(&out));
    assert!(!dir.path().join("clients.toml").exists());
}

#[test]
fn roster_init_with_a_header_leaves_out_another_services_credential() {
    // A remote MCP server's bearer header usually holds that service's own credential (a
    // GitHub token, an API key): a roster that adopted it would have issue-all --patch replace
    // it with this server's JWT, and send that JWT to the other service.
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    std::fs::create_dir_all(home.join(".cursor")).unwrap();
    let t = token("cursor@exai", "90d");
    let config = json!({"mcpServers": {
        "github": {"url": "https://api.example.com/mcp", "headers": {"Authorization": "Bearer ghp_notajwt123"}},
        "exai": {"url": "http://localhost:8000/mcp", "headers": {"Authorization": format!("Bearer {t}")}},
        "fresh": {"url": "http://localhost:8001/mcp", "headers": {"Authorization": "Bearer "}},
    }});
    std::fs::write(home.join(".cursor/mcp.json"), config.to_string()).unwrap();
    let out = jwtadm()
        .current_dir(home)
        .env("HOME", home)
        .args(["roster", "init", "--header", "Authorization", "--dry-run"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(!text.contains("github"), "{text}");
    assert!(text.contains("server = \"exai\""), "{text}");
    assert!(text.contains("server = \"fresh\""), "{text}");
    let err = stderr(&out);
    assert!(
        err.contains("(github)") && err.contains("not a JWT"),
        "{err}"
    );
    assert!(!err.contains("ghp_notajwt123"), "{err}");
}

#[test]
fn a_root_finds_the_configs_and_dotenv_files_gitignore_names() {
    // A project ignores the files that hold tokens because they hold them: .gitignore prunes
    // the folders walked into, never the project files of a folder walked.
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("h");
    let src = dir.path().join("src");
    std::fs::create_dir_all(&home).unwrap();
    let t = token("app@exai", "90d");
    let ignored = token("ignored@exai", "90d");
    let files = [
        (
            src.join("app/.cursor/mcp.json"),
            config_text("mcpServers", "JSON", "exai", &t),
        ),
        (src.join("app/.env"), format!("{VAR}={t}\n")),
        (
            src.join("app/build/.cursor/mcp.json"),
            config_text("mcpServers", "JSON", "exai", &ignored),
        ),
    ];
    for (p, text) in &files {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    std::fs::write(src.join("app/.gitignore"), ".env\n.cursor/\nbuild/\n").unwrap();
    let out = jwtadm()
        .current_dir(&home)
        .env("HOME", &home)
        .args(["-o", "json", "config", "find", "--root"])
        .arg(&src)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let found = json(&out);
    let mut paths: Vec<String> = found["configs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            Path::new(c["path"].as_str().unwrap())
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    paths.sort();
    assert_eq!(paths, ["app/.cursor/mcp.json", "app/.env"]);
}
