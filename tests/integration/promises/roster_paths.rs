//! Paths in the roster are read as a shell would write them: `~`, `$HOME`/`${HOME}`,
//! `${XDG_CONFIG_HOME}` (default `$HOME/.config`), `%APPDATA%` and `%USERPROFILE%` are
//! expanded in configs, dotenv paths, `audit_log` and `file:`/`dotenv:` secret sources. A
//! variable that is not set is an error naming it and the roster's line; every error about a
//! roster path names the path as resolved and the roster's `file:line`.

use std::path::Path;
use std::process::Output;

use crate::common::*;

fn mcp_json(token: &str) -> String {
    format!(
        "{{\"mcpServers\": {{\"exai-mcp\": {{\"env\": {{\"EXAI_JWT_TOKEN\": \"{token}\"}}}}}}}}\n"
    )
}

const CLIENT: &str = "[defaults]\nissuer = \"exai-mcp-server\"\naudience = \"exai-mcp-client\"\nexpires = \"365d\"\n[[clients]]\nname = \"vscode1\"\nsub = \"vscode1@exai-mcp.local\"\n";

/// A folder `work` holding the roster, and a home folder `home` beside it.
fn setup(roster_tail: &str) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let base = tempfile::tempdir().unwrap();
    let work = base.path().join("work");
    let home = base.path().join("home");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::create_dir_all(home.join(".codex")).unwrap();
    std::fs::create_dir_all(home.join(".config/zed")).unwrap();
    std::fs::write(work.join("clients.toml"), format!("{CLIENT}{roster_tail}")).unwrap();
    (base, work, home)
}

fn run(work: &Path, env: &[(&str, &Path)], args: &[&str]) -> Output {
    let mut cmd = jwtadm();
    cmd.current_dir(work).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

#[test]
fn a_config_under_tilde_is_found_by_status() {
    let (_base, work, home) = setup("configs = [\"~/.codex/mcp.json\"]\n");
    std::fs::write(home.join(".codex/mcp.json"), mcp_json(SEED_TOKEN)).unwrap();
    let out = run(
        &work,
        &[("HOME", &home)],
        &["-o", "json", "token", "status"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["entries"][0]["state"], "ok", "{v}");
    assert_eq!(v["entries"][0]["file"], "~/.codex/mcp.json");
}

#[test]
fn home_xdg_and_windows_folders_are_expanded_for_issue_all() {
    let (_base, work, home) = setup(
        "configs = [\"$HOME/.codex/a.json\", \"${XDG_CONFIG_HOME}/zed/b.json\", \"%APPDATA%/c.json\", \"%USERPROFILE%/d.json\"]\ndotenv = { path = \"${HOME}/.env.tokens\", key = \"EXAI_JWT_TOKEN\" }\n",
    );
    for f in [".codex/a.json", ".config/zed/b.json", "c.json", "d.json"] {
        std::fs::write(home.join(f), mcp_json(SEED_TOKEN)).unwrap();
    }
    std::fs::write(home.join(".env.tokens"), "EXAI_JWT_TOKEN=x\n").unwrap();
    let out = run(
        &work,
        &[("HOME", &home), ("APPDATA", &home), ("USERPROFILE", &home)],
        &["token", "issue-all", "--patch"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for f in [
        ".codex/a.json",
        ".config/zed/b.json",
        "c.json",
        "d.json",
        ".env.tokens",
    ] {
        let text = std::fs::read_to_string(home.join(f)).unwrap();
        assert!(
            !text.contains(SEED_TOKEN) && text.contains("eyJ"),
            "{f}: {text}"
        );
    }
}

#[test]
fn the_secret_and_audit_log_under_tilde_are_found() {
    let (_base, work, home) = setup("configs = [\"~/.codex/mcp.json\"]\n");
    let roster = std::fs::read_to_string(work.join("clients.toml")).unwrap();
    std::fs::write(
        work.join("clients.toml"),
        format!("audit_log = \"~/audit.jsonl\"\n[secret]\nsource = \"dotenv:~/.env.docker#JWT_SECRET_KEY\"\n{roster}"),
    )
    .unwrap();
    std::fs::write(home.join(".codex/mcp.json"), mcp_json(SEED_TOKEN)).unwrap();
    std::fs::write(
        home.join(".env.docker"),
        format!("JWT_SECRET_KEY={SECRET}\n"),
    )
    .unwrap();
    let mut cmd = jwtadm();
    cmd.env_remove("JWT_SECRET_KEY");
    let out = cmd
        .current_dir(&work)
        .env("HOME", &home)
        .args(["token", "issue-all", "--patch"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(home.join("audit.jsonl").exists());
}

#[test]
fn an_unset_variable_is_named_with_the_roster_line() {
    let (_base, work, _home) =
        setup("configs = [\"%APPDATA%/Claude/claude_desktop_config.json\"]\n");
    let out = run(&work, &[], &["token", "status"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("clients.toml:8:"), "{err}");
    assert!(err.contains("${APPDATA} is not set"), "{err}");
}

#[test]
fn another_users_home_is_refused_with_the_roster_line() {
    let (_base, work, home) = setup("configs = [\"~bob/.codex/config.toml\"]\n");
    let out = run(
        &work,
        &[("HOME", &home)],
        &["token", "issue-all", "--patch"],
    );
    assert_eq!(out.status.code(), Some(4));
    let err = stderr(&out);
    assert!(
        err.contains("clients.toml:8:") && err.contains("`~bob`"),
        "{err}"
    );
}

#[test]
fn a_missing_config_is_named_as_resolved_with_the_roster_line() {
    let (_base, work, home) = setup("configs = [\n  \"~/.codex/none.json\",\n]\n");
    let out = run(
        &work,
        &[("HOME", &home)],
        &["token", "issue-all", "--patch"],
    );
    assert_eq!(out.status.code(), Some(4));
    let err = stderr(&out);
    let resolved = home.join(".codex/none.json");
    assert!(err.contains(&resolved.display().to_string()), "{err}");
    assert!(err.contains("no such file"), "{err}");
    assert!(err.contains("named in clients.toml:9"), "{err}");
}

#[test]
fn status_names_a_missing_config_as_resolved_with_the_roster_line() {
    let (_base, work, home) = setup("configs = [\"~/.codex/none.json\"]\n");
    let out = run(
        &work,
        &[("HOME", &home)],
        &["-o", "json", "token", "status"],
    );
    let v = json(&out);
    let detail = v["entries"][0]["detail"].as_str().unwrap();
    assert!(
        detail.contains(&home.join(".codex/none.json").display().to_string()),
        "{detail}"
    );
    assert!(detail.contains("named in clients.toml:8"), "{detail}");
}

#[test]
fn a_config_that_does_not_parse_is_named_as_resolved_with_the_roster_line() {
    let (_base, work, home) = setup("configs = [\"~/.codex/bad.json\"]\n");
    std::fs::write(home.join(".codex/bad.json"), "{\"mcpServers\": [}\n").unwrap();
    let out = run(
        &work,
        &[("HOME", &home)],
        &["token", "issue-all", "--patch"],
    );
    assert_eq!(out.status.code(), Some(4));
    let err = stderr(&out);
    let resolved = home.join(".codex/bad.json").display().to_string();
    assert!(err.contains(&format!("{resolved}:1:")), "{err}");
    assert!(err.contains("named in clients.toml:8"), "{err}");
}

#[test]
fn a_config_that_is_a_folder_is_named_as_resolved_with_the_roster_line() {
    let (_base, work, home) = setup("configs = [\"${HOME}/.codex\"]\n");
    let out = run(
        &work,
        &[("HOME", &home)],
        &["token", "issue-all", "--patch"],
    );
    assert_eq!(out.status.code(), Some(4));
    let err = stderr(&out);
    assert!(
        err.contains(&home.join(".codex").display().to_string()),
        "{err}"
    );
    assert!(err.contains("named in clients.toml:8"), "{err}");
}

#[test]
fn a_misspelt_variable_is_refused_by_name() {
    let (_base, work, home) = setup("configs = [\"${XDG_CONFIG_DIR}/zed/settings.json\"]\n");
    let out = run(&work, &[("HOME", &home)], &["token", "status"]);
    assert_eq!(out.status.code(), Some(4));
    let err = stderr(&out);
    assert!(err.contains("${XDG_CONFIG_DIR} is not expanded"), "{err}");
}
