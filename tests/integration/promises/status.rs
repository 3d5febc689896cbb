//! `token status`, the CI gate: a value that points elsewhere (`${input:…}`) is reported as
//! unchecked and does not fail the gate unless `--strict`; the summary counts clients, places
//! and tokens, each with its right plural.

use std::path::Path;
use std::process::Output;

use crate::common::*;

fn mcp_json(value: &str) -> String {
    format!(
        "{{\"mcpServers\": {{\"exai-mcp\": {{\"env\": {{\"EXAI_JWT_TOKEN\": \"{value}\"}}}}}}}}\n"
    )
}

const DEFAULTS: &str = "[defaults]\nissuer = \"exai-mcp-server\"\naudience = \"exai-mcp-client\"\n";

fn setup(roster: &str, files: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("clients.toml"),
        format!("{DEFAULTS}{roster}"),
    )
    .unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn status(dir: &Path, extra: &[&str]) -> Output {
    jwtadm()
        .current_dir(dir)
        .args(["token", "status"])
        .args(extra)
        .output()
        .unwrap()
}

const ONE_REFERENCE: &str = "[[clients]]\nname = \"vscode1\"\nsub = \"vscode1@exai-mcp.local\"\nconfigs = [\"good.json\", \"ref.json\"]\n";

fn reference_files() -> Vec<(&'static str, String)> {
    vec![
        ("good.json", mcp_json(SEED_TOKEN)),
        ("ref.json", mcp_json("${input:exai-token}")),
    ]
}

#[test]
fn a_value_pointing_elsewhere_is_unchecked_and_does_not_fail_the_gate() {
    let dir = setup(ONE_REFERENCE, &reference_files());
    let out = status(dir.path(), &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let text = stdout(&out);
    assert!(text.contains("unchecked"), "{text}");
    assert!(text.contains("0 missing, invalid or mismatched"), "{text}");
    assert!(text.contains("1 unchecked (pointing elsewhere)"), "{text}");
}

#[test]
fn strict_counts_a_value_pointing_elsewhere_as_a_failure() {
    let dir = setup(ONE_REFERENCE, &reference_files());
    let out = status(dir.path(), &["--strict"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("failed by --strict"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn json_status_reports_an_unchecked_value_and_the_counts() {
    let dir = setup(ONE_REFERENCE, &reference_files());
    let out = jwtadm()
        .current_dir(dir.path())
        .args(["-o", "json", "token", "status"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(v["exit_code"], 0);
    assert_eq!(v["entries"][1]["state"], "unchecked");
    assert_eq!(v["entries"][1]["ok"], false);
    assert_eq!(v["counts"]["clients"], 1);
    assert_eq!(v["counts"]["places"], 2);
    assert_eq!(v["counts"]["ok"], 1);
    assert_eq!(v["counts"]["unchecked"], 1);
}

#[test]
fn the_summary_counts_clients_and_places() {
    // Four clients in seven places: two of them with two configs, one with a dotenv entry too.
    let client = |name: &str, places: &str| {
        format!("[[clients]]\nname = \"{name}\"\nsub = \"{name}@exai-mcp.local\"\n{places}\n")
    };
    let roster = [
        client("vscode1", "configs = [\"a.json\", \"b.json\"]"),
        client("cursor", "configs = [\"c.json\", \"d.json\"]"),
        client(
            "claude",
            "configs = [\"e.json\"]\ndotenv = { path = \".env\", key = \"CLAUDE\" }",
        ),
        client("codex", "configs = [\"f.json\"]"),
    ]
    .concat();
    let files: Vec<(&str, String)> = ["a.json", "b.json", "c.json", "d.json", "e.json", "f.json"]
        .into_iter()
        .map(|f| (f, mcp_json("${input:t}")))
        .chain([(".env", "CLAUDE=${X}\n".to_string())])
        .collect();
    let dir = setup(&roster, &files);
    let out = status(dir.path(), &[]);
    let text = stdout(&out);
    assert!(text.contains("4 clients in 7 places checked"), "{text}");
    assert!(text.contains(": 0 tokens ok,"), "{text}");
}

#[test]
fn the_summary_says_one_client_one_place_one_token() {
    let dir = setup(
        "[[clients]]\nname = \"vscode1\"\nsub = \"vscode1@exai-mcp.local\"\nconfigs = [\"good.json\"]\n",
        &[("good.json", mcp_json(SEED_TOKEN))],
    );
    let out = status(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("1 client in 1 place checked"), "{text}");
    assert!(text.contains(": 1 token ok,"), "{text}");
}

#[test]
fn issue_all_says_one_token_issued_and_one_file_written() {
    let dir = setup(
        "[[clients]]\nname = \"vscode1\"\nsub = \"vscode1@exai-mcp.local\"\nconfigs = [\"good.json\"]\n",
        &[("good.json", mcp_json(SEED_TOKEN))],
    );
    let out = jwtadm()
        .current_dir(dir.path())
        .args(["token", "issue-all", "--patch"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("1 token issued"), "{text}");
    assert!(text.contains("; 1 file written"), "{text}");
}

/// Found by the second red team: a roster whose clients have no places passed the gate.
#[test]
fn a_status_that_checked_nothing_does_not_pass_the_gate() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("clients.toml"),
        "[[clients]]\nname = \"c\"\nsub = \"c@x\"\n",
    )
    .unwrap();
    let out = jwtadm()
        .current_dir(dir.path())
        .args(["-o", "json", "token", "status"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(json(&out)["exit_code"], 1);
    assert!(
        stderr(&out).contains("no token was checked"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn strict_fails_a_client_with_nowhere_to_check() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".env"), format!("T_A={SEED_TOKEN}\n")).unwrap();
    std::fs::write(
        dir.path().join("clients.toml"),
        "[defaults]\nissuer = \"exai-mcp-server\"\naudience = \"exai-mcp-client\"\n\
         [[clients]]\nname = \"a\"\nsub = \"vscode1@exai-mcp.local\"\ndotenv = { path = \".env\", key = \"T_A\" }\n\
         [[clients]]\nname = \"b\"\nsub = \"b@x\"\n",
    )
    .unwrap();
    let run = |strict: bool| {
        let mut cmd = jwtadm();
        cmd.current_dir(dir.path()).args(["token", "status"]);
        if strict {
            cmd.arg("--strict");
        }
        cmd.output().unwrap()
    };
    assert_eq!(run(false).status.code(), Some(0), "{}", stderr(&run(false)));
    let strict = run(true);
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        stderr(&strict).contains("a failure with --strict"),
        "{}",
        stderr(&strict)
    );
}
