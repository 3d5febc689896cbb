//! The committed shell completions under `completions/` match what the binary generates.
//! Refresh them with: JWTADM_BLESS=1 cargo test --test completions

use std::path::Path;

const SHELLS: [(&str, &str); 5] = [
    ("bash", "jwtadm.bash"),
    ("zsh", "_jwtadm"),
    ("fish", "jwtadm.fish"),
    ("powershell", "_jwtadm.ps1"),
    ("elvish", "jwtadm.elv"),
];

#[test]
fn committed_completions_are_fresh() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let bless = std::env::var_os("JWTADM_BLESS").is_some();
    let mut stale = Vec::new();
    for (shell, file) in SHELLS {
        let out = assert_cmd::Command::cargo_bin("jwtadm")
            .unwrap()
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success(), "jwtadm completions {shell} failed");
        assert!(!out.stdout.is_empty());
        let path = dir.join(file);
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &out.stdout).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(out.stdout.as_slice()) {
            stale.push(file);
        }
    }
    assert!(
        stale.is_empty(),
        "stale completions {stale:?}: run JWTADM_BLESS=1 cargo test --test completions and commit completions/"
    );
}

#[test]
fn man_page_renders() {
    let out = assert_cmd::Command::cargo_bin("jwtadm")
        .unwrap()
        .arg("man")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(".ie") || text.contains(".TH jwtadm"),
        "{}",
        &text[..200.min(text.len())]
    );
    assert!(text.contains("Exit codes"));
}
