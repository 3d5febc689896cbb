//! Every place a run writes is its own: no token over the signing secret (or the places a
//! rotation keeps the previous one), no two clients in one place, however the paths name it
//! (symlinks, `..`, absolute or relative, hard links). A run that would is refused with exit 4,
//! naming both owners, with nothing written: no token, no `.bak`, no audit line.

use std::path::Path;
use std::process::Output;

use crate::common::*;

const DEFAULTS: &str = "audit_log = \"audit.jsonl\"\n[defaults]\nissuer = \"exai-mcp-server\"\naudience = \"exai-mcp-client\"\nexpires = \"365d\"\n";
const DOTENV_SECRET: &str = "[secret]\nsource = \"dotenv:.env#JWT_SECRET_KEY\"\n";

fn client(name: &str, places: &str) -> String {
    format!("[[clients]]\nname = \"{name}\"\nsub = \"{name}@exai-mcp.local\"\n{places}\n")
}

/// A config file with servers exai-mcp and other, each holding the seeds' token in
/// EXAI_JWT_TOKEN and in an Authorization header.
fn mcp_json() -> String {
    let server = |name: &str| {
        format!(
            "    \"{name}\": {{\n      \"command\": \"python\",\n      \"env\": {{ \"EXAI_JWT_TOKEN\": \"{SEED_TOKEN}\" }},\n      \"headers\": {{ \"Authorization\": \"Bearer {SEED_TOKEN}\" }}\n    }}"
        )
    };
    format!(
        "{{\n  \"mcpServers\": {{\n{},\n{}\n  }}\n}}\n",
        server("exai-mcp"),
        server("other")
    )
}

/// A folder with `roster` as clients.toml, the secret in .env beside a token line, a config
/// file mcp.json, and `more` files.
fn setup(roster: &str, more: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("clients.toml"), roster).unwrap();
    std::fs::write(
        dir.path().join(".env"),
        format!("JWT_SECRET_KEY={SECRET}\nEXAI_JWT_TOKEN_KEEP={SEED_TOKEN}\n"),
    )
    .unwrap();
    #[cfg(unix)]
    chmod(&dir.path().join(".env"), 0o600);
    std::fs::write(dir.path().join("mcp.json"), mcp_json()).unwrap();
    for (name, text) in more {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, text).unwrap();
    }
    dir
}

fn run(dir: &Path, args: &[&str]) -> Output {
    jwtadm().current_dir(dir).args(args).output().unwrap()
}

const PATCH: &[&str] = &["token", "issue-all", "--patch", "--backup"];
const DRY_RUN: &[&str] = &["token", "issue-all", "--patch", "--dry-run"];
const ROTATE: &[&str] = &["secret", "rotate", "--roster", "clients.toml", "--backup"];
const STATUS: &[&str] = &["token", "status"];

/// Run `args` in `dir` and prove it was refused: exit 4, every one of `names` in the error,
/// no secret or token in it, and not a byte changed under `dir`. Returns the error.
fn refused(dir: &Path, args: &[&str], names: &[&str]) -> String {
    let before = snapshot(dir);
    let out = run(dir, args);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(4),
        "{args:?} should be refused\nstdout: {}\nstderr: {err}",
        stdout(&out)
    );
    for name in names {
        assert!(err.contains(name), "the error should name {name}: {err}");
    }
    assert!(
        err.contains("clients.toml"),
        "the error names the roster: {err}"
    );
    assert!(!err.contains(SECRET), "the error shows the secret: {err}");
    assert!(!err.contains("eyJ"), "the error shows a token: {err}");
    assert!(
        snapshot(dir) == before,
        "{args:?} changed files though it was refused: {err}"
    );
    err
}

fn accepted(dir: &Path, args: &[&str]) -> Output {
    let out = run(dir, args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    out
}

// ---------------------------------------------------------------------------------------------
// A token over the signing secret
// ---------------------------------------------------------------------------------------------

fn on_the_secret(places: &str, more: &[(&str, &str)]) -> tempfile::TempDir {
    let roster = format!(
        "{DEFAULTS}{DOTENV_SECRET}{}{}",
        client(
            "keeper",
            "dotenv = { path = \".env\", key = \"EXAI_JWT_TOKEN_KEEP\" }"
        ),
        client("thief", places)
    );
    setup(&roster, more)
}

#[test]
fn a_client_dotenv_on_the_secret_key_is_refused() {
    let dir = on_the_secret(
        "dotenv = { path = \".env\", key = \"JWT_SECRET_KEY\" }",
        &[],
    );
    let err = refused(
        dir.path(),
        PATCH,
        &["thief", "JWT_SECRET_KEY", "the secret"],
    );
    assert!(err.contains("over the signing secret"), "{err}");
}

#[test]
fn the_dry_run_refuses_it_too() {
    let dir = on_the_secret(
        "dotenv = { path = \".env\", key = \"JWT_SECRET_KEY\" }",
        &[],
    );
    refused(
        dir.path(),
        DRY_RUN,
        &["thief", "JWT_SECRET_KEY", "the secret"],
    );
}

#[test]
fn a_config_entry_on_the_secret_key_is_refused() {
    // A config entry in a dotenv file rewrites the line of its variable.
    let dir = on_the_secret(
        "configs = [{ path = \".env\", var = \"JWT_SECRET_KEY\" }]",
        &[],
    );
    refused(
        dir.path(),
        PATCH,
        &["thief", "JWT_SECRET_KEY", "the secret"],
    );
}

#[cfg(unix)]
#[test]
fn via_symlink() {
    let dir = on_the_secret(
        "dotenv = { path = \"link.env\", key = \"JWT_SECRET_KEY\" }",
        &[],
    );
    std::os::unix::fs::symlink(".env", dir.path().join("link.env")).unwrap();
    refused(dir.path(), PATCH, &["thief", "link.env", "the secret"]);
}

#[test]
fn via_dotdot() {
    let dir = on_the_secret(
        "dotenv = { path = \"sub/../.env\", key = \"JWT_SECRET_KEY\" }",
        &[("sub/keep", "")],
    );
    refused(dir.path(), PATCH, &["thief", "sub/../.env", "the secret"]);
}

#[test]
fn via_hardlink() {
    let dir = on_the_secret(
        "dotenv = { path = \"hard.env\", key = \"JWT_SECRET_KEY\" }",
        &[],
    );
    std::fs::hard_link(dir.path().join(".env"), dir.path().join("hard.env")).unwrap();
    refused(dir.path(), PATCH, &["thief", "hard.env", "the secret"]);
}

#[test]
fn via_an_absolute_path_from_a_roster_elsewhere() {
    // The roster in a sub-folder names the secret relatively and the client absolutely.
    let dir = setup("", &[]);
    let env = dir.path().join(".env");
    let roster = format!(
        "[secret]\nsource = \"dotenv:../.env#JWT_SECRET_KEY\"\n{}",
        client(
            "thief",
            &format!(
                "dotenv = {{ path = \"{}\", key = \"JWT_SECRET_KEY\" }}",
                env.display()
            )
        )
    );
    std::fs::create_dir(dir.path().join("conf")).unwrap();
    std::fs::write(dir.path().join("conf/clients.toml"), roster).unwrap();
    let before = snapshot(dir.path());
    let out = run(
        dir.path(),
        &["token", "issue-all", "--patch", "conf/clients.toml"],
    );
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains("thief"), "{}", stderr(&out));
    assert!(snapshot(dir.path()) == before);
}

#[test]
fn previous_key() {
    let dir = on_the_secret(
        "dotenv = { path = \".env\", key = \"JWT_SECRET_KEY_PREVIOUS\" }",
        &[],
    );
    refused(
        dir.path(),
        PATCH,
        &["thief", "JWT_SECRET_KEY_PREVIOUS", "the secret"],
    );
}

#[test]
fn previous_until_key() {
    let dir = on_the_secret(
        "dotenv = { path = \".env\", key = \"JWT_SECRET_KEY_PREVIOUS_UNTIL\" }",
        &[],
    );
    refused(
        dir.path(),
        PATCH,
        &["thief", "JWT_SECRET_KEY_PREVIOUS_UNTIL", "the secret"],
    );
}

#[test]
fn a_file_secret_is_its_whole_file() {
    let roster = format!(
        "{DEFAULTS}[secret]\nsource = \"file:jwt.secret\"\n{}",
        client(
            "thief",
            "dotenv = { path = \"jwt.secret\", key = \"EXAI_JWT_TOKEN\" }"
        )
    );
    let dir = setup(&roster, &[("jwt.secret", &format!("{SECRET}\n"))]);
    #[cfg(unix)]
    chmod(&dir.path().join("jwt.secret"), 0o600);
    refused(dir.path(), PATCH, &["thief", "jwt.secret", "the secret"]);
}

#[test]
fn a_file_secrets_previous_file_is_refused() {
    let roster = format!(
        "{DEFAULTS}[secret]\nsource = \"file:jwt.secret\"\n{}",
        client(
            "thief",
            "dotenv = { path = \"jwt.secret.previous\", key = \"EXAI_JWT_TOKEN\" }"
        )
    );
    let dir = setup(
        &roster,
        &[
            ("jwt.secret", &format!("{SECRET}\n")),
            (
                "jwt.secret.previous",
                "an-older-secret-of-enough-length-0123456789\n",
            ),
        ],
    );
    #[cfg(unix)]
    for f in ["jwt.secret", "jwt.secret.previous"] {
        chmod(&dir.path().join(f), 0o600);
    }
    refused(
        dir.path(),
        PATCH,
        &["thief", "jwt.secret.previous", "the secret"],
    );
}

#[test]
fn the_audit_log_on_the_secret_file_is_refused() {
    // Audit lines appended to the secret's dotenv file would corrupt it; issue-all appends
    // them even without --patch.
    let roster = format!(
        "audit_log = \".env\"\n{DOTENV_SECRET}{}",
        client(
            "keeper",
            "dotenv = { path = \".env\", key = \"EXAI_JWT_TOKEN_KEEP\" }"
        )
    );
    let dir = setup(&roster, &[]);
    refused(
        dir.path(),
        &["token", "issue-all"],
        &["the audit log", "the secret"],
    );
}

#[test]
fn the_audit_log_as_a_token_destination_is_refused() {
    let roster = format!(
        "audit_log = \"mcp.json\"\n{DOTENV_SECRET}{}",
        client(
            "writer",
            "configs = [{ path = \"mcp.json\", server = \"exai-mcp\" }]"
        )
    );
    let dir = setup(&roster, &[]);
    refused(dir.path(), PATCH, &["writer", "the audit log"]);
}

#[test]
fn the_roster_as_a_token_destination_is_refused() {
    // (Before, the patcher refused it too, as a roster has no MCP servers; now the roster is
    // named as the place.)
    let roster = format!(
        "{DEFAULTS}{DOTENV_SECRET}{}",
        client(
            "writer",
            "configs = [{ path = \"clients.toml\", var = \"EXAI_JWT_TOKEN\" }]"
        )
    );
    let dir = setup(&roster, &[]);
    refused(dir.path(), PATCH, &["writer", "the roster"]);
}

#[test]
fn rotate_roster_refuses_too() {
    let dir = on_the_secret(
        "dotenv = { path = \".env\", key = \"JWT_SECRET_KEY\" }",
        &[],
    );
    refused(
        dir.path(),
        ROTATE,
        &["thief", "JWT_SECRET_KEY", "the secret"],
    );
}

#[test]
fn rotate_refuses_a_client_on_the_rotated_previous_key() {
    // The rotation writes JWT_SECRET_KEY_PREVIOUS itself: a token there would fight it.
    let dir = on_the_secret(
        "dotenv = { path = \".env\", key = \"JWT_SECRET_KEY_PREVIOUS\" }",
        &[],
    );
    refused(dir.path(), ROTATE, &["thief", "JWT_SECRET_KEY_PREVIOUS"]);
}

#[test]
fn rotate_protects_a_secret_named_by_flag() {
    // --secret names another source than the roster's: refused outright (a second red team
    // found the roster's clients then reissued with a secret the roster does not name), before
    // its places are even looked at; nothing changes.
    let roster = format!(
        "{DEFAULTS}[secret]\nsource = \"env:JWT_SECRET_KEY\"\n{}",
        client(
            "thief",
            "dotenv = { path = \".env\", key = \"JWT_SECRET_KEY\" }"
        )
    );
    let dir = setup(&roster, &[]);
    let mut args = ROTATE.to_vec();
    args.extend(["--secret", "dotenv:.env#JWT_SECRET_KEY"]);
    let before = snapshot(dir.path());
    let out = run(dir.path(), &args);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the roster signs with"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn status_names_a_client_on_the_secret() {
    let dir = on_the_secret(
        "dotenv = { path = \".env\", key = \"JWT_SECRET_KEY\" }",
        &[],
    );
    refused(
        dir.path(),
        STATUS,
        &["thief", "JWT_SECRET_KEY", "the secret"],
    );
}

#[test]
fn different_keys_in_the_secret_dotenv_are_fine() {
    // The seeds keep tokens beside the secret: another key of its file is another place.
    let dir = on_the_secret(
        "dotenv = { path = \".env\", key = \"EXAI_JWT_TOKEN_THIEF\" }",
        &[],
    );
    accepted(dir.path(), PATCH);
    let env = std::fs::read_to_string(dir.path().join(".env")).unwrap();
    assert!(
        env.starts_with(&format!("JWT_SECRET_KEY={SECRET}\n")),
        "{env}"
    );
    accepted(dir.path(), STATUS);
    accepted(dir.path(), ROTATE);
}

#[test]
fn an_env_secret_has_no_place_in_files() {
    let roster = format!(
        "{DEFAULTS}[secret]\nsource = \"env:JWT_SECRET_KEY\"\n{}",
        client(
            "writer",
            "dotenv = { path = \"tokens.env\", key = \"JWT_SECRET_KEY\" }"
        )
    );
    let dir = setup(&roster, &[("tokens.env", "")]);
    accepted(dir.path(), PATCH);
}

// ---------------------------------------------------------------------------------------------
// Two clients, one place
// ---------------------------------------------------------------------------------------------

fn two_clients(a: &str, b: &str, more: &[(&str, &str)]) -> tempfile::TempDir {
    let roster = format!(
        "{DEFAULTS}{DOTENV_SECRET}{}{}",
        client("alice", a),
        client("bob", b)
    );
    setup(&roster, more)
}

#[test]
fn two_clients_same_dotenv_key() {
    let place = "dotenv = { path = \".env\", key = \"EXAI_JWT_TOKEN_KEEP\" }";
    let dir = two_clients(place, place, &[]);
    let err = refused(dir.path(), PATCH, &["alice", "bob", "EXAI_JWT_TOKEN_KEEP"]);
    assert!(err.contains("overwrite the other"), "{err}");
}

#[test]
fn two_clients_same_server_var() {
    let place = "configs = [{ path = \"mcp.json\", server = \"exai-mcp\" }]";
    let dir = two_clients(place, place, &[]);
    refused(dir.path(), PATCH, &["alice", "bob", "mcp.json", "exai-mcp"]);
}

#[test]
fn two_clients_same_header() {
    let place =
        "configs = [{ path = \"mcp.json\", server = \"other\", header = \"Authorization\" }]";
    let dir = two_clients(place, place, &[]);
    refused(dir.path(), PATCH, &["alice", "bob", "header Authorization"]);
}

#[test]
fn config_without_server_overlaps_one_with_server() {
    // One server in the file: the entry without a server finds it, as the one naming it does.
    let single = format!(
        "{{ \"mcpServers\": {{ \"exai-mcp\": {{ \"env\": {{ \"EXAI_JWT_TOKEN\": \"{SEED_TOKEN}\" }} }} }} }}\n"
    );
    let dir = two_clients(
        "configs = [\"single.json\"]",
        "configs = [{ path = \"single.json\", server = \"exai-mcp\" }]",
        &[("single.json", &single)],
    );
    refused(dir.path(), PATCH, &["alice", "bob", "every server"]);
}

#[cfg(unix)]
#[test]
fn two_clients_one_config_via_symlink() {
    let dir = two_clients(
        "configs = [{ path = \"mcp.json\", server = \"exai-mcp\" }]",
        "configs = [{ path = \"cursor/mcp.json\", server = \"exai-mcp\" }]",
        &[("cursor/keep", "")],
    );
    std::os::unix::fs::symlink("../mcp.json", dir.path().join("cursor/mcp.json")).unwrap();
    refused(dir.path(), PATCH, &["alice", "bob", "cursor/mcp.json"]);
}

#[test]
fn two_clients_one_config_via_hardlink() {
    let dir = two_clients(
        "configs = [{ path = \"mcp.json\", server = \"exai-mcp\" }]",
        "configs = [{ path = \"hard.json\", server = \"exai-mcp\" }]",
        &[],
    );
    std::fs::hard_link(dir.path().join("mcp.json"), dir.path().join("hard.json")).unwrap();
    refused(dir.path(), PATCH, &["alice", "bob", "hard.json"]);
}

#[test]
fn a_dotenv_key_and_a_config_entry_of_that_name() {
    let dir = two_clients(
        "dotenv = { path = \".env\", key = \"EXAI_JWT_TOKEN_KEEP\" }",
        "configs = [{ path = \".env\", var = \"EXAI_JWT_TOKEN_KEEP\" }]",
        &[],
    );
    refused(dir.path(), PATCH, &["alice", "bob"]);
}

#[test]
fn two_clients_refused_by_the_dry_run() {
    let place = "dotenv = { path = \".env\", key = \"EXAI_JWT_TOKEN_KEEP\" }";
    let dir = two_clients(place, place, &[]);
    refused(dir.path(), DRY_RUN, &["alice", "bob"]);
}

#[test]
fn two_clients_refused_when_only_one_is_selected() {
    // Writing alice's token alone still puts it where bob's is read from.
    let place = "dotenv = { path = \".env\", key = \"EXAI_JWT_TOKEN_KEEP\" }";
    let dir = two_clients(place, place, &[]);
    let mut args = PATCH.to_vec();
    args.extend(["--only", "alice"]);
    refused(dir.path(), &args, &["alice", "bob"]);
}

#[test]
fn two_clients_refused_by_rotate() {
    let place = "dotenv = { path = \".env\", key = \"EXAI_JWT_TOKEN_KEEP\" }";
    let dir = two_clients(place, place, &[]);
    refused(dir.path(), ROTATE, &["alice", "bob"]);
}

#[test]
fn two_clients_named_by_status() {
    // Status would show one of them as a mismatch for ever; it names both instead.
    let place = "dotenv = { path = \".env\", key = \"EXAI_JWT_TOKEN_KEEP\" }";
    let dir = two_clients(place, place, &[]);
    refused(dir.path(), STATUS, &["alice", "bob", "EXAI_JWT_TOKEN_KEEP"]);
}

#[test]
fn different_servers_and_keys_are_fine() {
    let dir = two_clients(
        "configs = [{ path = \"mcp.json\", server = \"exai-mcp\" }]\ndotenv = { path = \".env\", key = \"EXAI_JWT_TOKEN_KEEP\" }",
        "configs = [{ path = \"mcp.json\", server = \"other\" }, { path = \"mcp.json\", server = \"exai-mcp\", header = \"Authorization\" }]\ndotenv = { path = \".env\", key = \"EXAI_JWT_TOKEN_BOB\" }",
        &[],
    );
    accepted(dir.path(), PATCH);
    accepted(dir.path(), STATUS);
}

#[test]
fn one_client_naming_its_place_twice_is_fine() {
    // The same token twice in one place: nothing is lost.
    let dir = two_clients(
        "configs = [{ path = \"mcp.json\", server = \"exai-mcp\" }, { path = \"./mcp.json\", server = \"exai-mcp\" }]",
        "dotenv = { path = \".env\", key = \"EXAI_JWT_TOKEN_KEEP\" }",
        &[],
    );
    accepted(dir.path(), PATCH);
}
