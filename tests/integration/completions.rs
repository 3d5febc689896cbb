//! The committed shell completions under `completions/` match what the binary generates.
//! Refresh them with: JWTADM_BLESS=1 cargo test --test integration completions

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
        "stale completions {stale:?}: run JWTADM_BLESS=1 cargo test --test integration completions and commit completions/"
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
        text.contains(".TH JWTADM 1"),
        "{}",
        &text[..200.min(text.len())]
    );
    assert!(text.contains(".SH \"EXIT STATUS\""));
}

/// `jwtadm man --dir DIR`: every page, in a fresh folder.
fn man_pages() -> (tempfile::TempDir, Vec<(String, String)>) {
    let dir = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::cargo_bin("jwtadm")
        .unwrap()
        .args(["man", "--dir"])
        .arg(dir.path().join("man1"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut pages: Vec<(String, String)> = std::fs::read_dir(dir.path().join("man1"))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().into_string().unwrap();
            (name, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect();
    pages.sort();
    (dir, pages)
}

/// The pages a page refers to: `.BR name (1)` lines and any `name(1)` in its text.
fn references(page: &str) -> Vec<String> {
    let text = page.replace("\\-", "-");
    let mut refs = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix(".BR ") {
            let mut words = rest.split_whitespace();
            let name = words.next().unwrap_or_default();
            assert!(
                words.next().is_some_and(|w| w.starts_with("(1)")),
                "a .BR that is not a (1) reference: {line}"
            );
            refs.push(name.to_string());
        }
        let mut at = 0;
        while let Some(i) = line[at..].find("(1)") {
            let end = at + i;
            let start = line[..end]
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .map_or(0, |s| s + 1);
            if start < end && !line.starts_with(".BR ") {
                refs.push(line[start..end].to_string());
            }
            at = end + 3;
        }
    }
    refs
}

#[test]
fn man_pages_one_per_command_and_every_reference_exists() {
    let (_dir, pages) = man_pages();
    let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
    for want in [
        "jwtadm.1",
        "jwtadm-secret.1",
        "jwtadm-secret-gen.1",
        "jwtadm-secret-fingerprint.1",
        "jwtadm-secret-check.1",
        "jwtadm-secret-rotate.1",
        "jwtadm-token.1",
        "jwtadm-token-issue.1",
        "jwtadm-token-inspect.1",
        "jwtadm-token-verify.1",
        "jwtadm-token-refresh.1",
        "jwtadm-token-issue-all.1",
        "jwtadm-token-status.1",
        "jwtadm-config.1",
        "jwtadm-config-patch.1",
        "jwtadm-config-paths.1",
        "jwtadm-config-find.1",
        "jwtadm-roster.1",
        "jwtadm-roster-init.1",
        "jwtadm-scan.1",
        "jwtadm-recover.1",
        "jwtadm-client.1",
        "jwtadm-client-list.1",
        "jwtadm-client-add.1",
        "jwtadm-client-remove.1",
        "jwtadm-client-revoke.1",
        "jwtadm-key.1",
        "jwtadm-key-gen.1",
        "jwtadm-key-rotate.1",
        "jwtadm-key-public.1",
        "jwtadm-key-thumbprint.1",
        "jwtadm-key-jwks.1",
        "jwtadm-server.1",
        "jwtadm-server-metadata.1",
        "jwtadm-completions.1",
        "jwtadm-man.1",
    ] {
        assert!(names.contains(&want), "no {want} in {names:?}");
    }
    assert_eq!(names.len(), 36, "{names:?}");
    let mut checked = 0;
    for (name, page) in &pages {
        let refs = references(page);
        if name != "jwtadm.1" {
            assert!(
                refs.iter().any(|r| r == "jwtadm"),
                "{name} does not refer to jwtadm(1)"
            );
        }
        if let Some(see_also) = page.split(".SH \"SEE ALSO\"").nth(1) {
            let listed = references(see_also);
            let unique: std::collections::HashSet<&String> = listed.iter().collect();
            assert_eq!(
                unique.len(),
                listed.len(),
                "{name} lists a page twice: {listed:?}"
            );
        }
        for r in refs {
            assert!(
                names.contains(&format!("{r}.1").as_str()),
                "{name} refers to {r}(1), which `jwtadm man --dir` does not write"
            );
            checked += 1;
        }
        // The exit codes, as a table.
        let status = page
            .split(".SH \"EXIT STATUS\"")
            .nth(1)
            .unwrap_or_else(|| panic!("{name} has no EXIT STATUS"));
        let table =
            &status[status.find(".TS").expect("no .TS")..status.find(".TE").expect("no .TE")];
        for code in 0..=4 {
            assert!(
                table.contains(&format!("\n{code}@T{{")),
                "{name}: exit {code} not in {table}"
            );
        }
        assert!(page.starts_with("'\\\" t\n"), "{name} does not ask for tbl");
        assert!(page.is_ascii(), "{name} holds non-ASCII text");
    }
    assert!(checked > 40, "only {checked} references found");
    // The group pages list their commands; the top page its groups.
    let top = &pages.iter().find(|(n, _)| n == "jwtadm.1").unwrap().1;
    assert!(references(top).contains(&"jwtadm-token".to_string()));
    let token = &pages.iter().find(|(n, _)| n == "jwtadm-token.1").unwrap().1;
    assert!(references(token).contains(&"jwtadm-token-verify".to_string()));
    // Examples keep their lines.
    let verify = &pages
        .iter()
        .find(|(n, _)| n == "jwtadm-token-verify.1")
        .unwrap()
        .1;
    assert!(verify.contains(".SH EXAMPLES\n.nf\n"), "{verify}");
}

/// `jwtadm man` prints the same top page `--dir` writes.
#[test]
fn man_without_dir_prints_the_top_page() {
    let (_dir, pages) = man_pages();
    let out = assert_cmd::Command::cargo_bin("jwtadm")
        .unwrap()
        .arg("man")
        .output()
        .unwrap();
    let top = &pages.iter().find(|(n, _)| n == "jwtadm.1").unwrap().1;
    assert_eq!(String::from_utf8(out.stdout).unwrap(), *top);
}

/// groff reads every page (through tbl) without a warning, when groff is installed.
#[test]
fn man_pages_format_without_warnings() {
    if std::process::Command::new("groff")
        .arg("-v")
        .output()
        .is_err()
    {
        println!("SKIPPED man page formatting: no groff");
        return;
    }
    let (dir, pages) = man_pages();
    for (name, _) in &pages {
        let out = std::process::Command::new("groff")
            .args(["-man", "-t", "-Tutf8", "-ww", "-z"])
            .arg(dir.path().join("man1").join(name))
            .output()
            .unwrap();
        assert!(out.status.success(), "groff failed on {name}");
        assert!(
            out.stderr.is_empty(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The committed pages under `completions/man/` are what `jwtadm man --dir` writes.
#[test]
fn committed_man_pages_are_fresh() {
    let (_dir, pages) = man_pages();
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/man");
    if std::env::var_os("JWTADM_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&committed);
        std::fs::create_dir_all(&committed).unwrap();
        for (name, page) in &pages {
            std::fs::write(committed.join(name), page).unwrap();
        }
        return;
    }
    let mut stale: Vec<String> = pages
        .iter()
        .filter(|(name, page)| {
            std::fs::read_to_string(committed.join(name))
                .ok()
                .as_deref()
                != Some(page)
        })
        .map(|(name, _)| name.clone())
        .collect();
    if let Ok(dir) = std::fs::read_dir(&committed) {
        for e in dir {
            let name = e.unwrap().file_name().into_string().unwrap();
            if !pages.iter().any(|(n, _)| *n == name) {
                stale.push(format!("{name} (no longer generated)"));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale man pages {stale:?}: run JWTADM_BLESS=1 cargo test --test integration completions and commit completions/"
    );
}

/// Every command with an Examples block, by its arguments.
const HELP_PAGES: [&[&str]; 17] = [
    &[],
    &["secret"],
    &["secret", "gen"],
    &["secret", "fingerprint"],
    &["secret", "check"],
    &["secret", "rotate"],
    &["token"],
    &["token", "issue"],
    &["token", "inspect"],
    &["token", "verify"],
    &["token", "refresh"],
    &["token", "issue-all"],
    &["token", "status"],
    &["config", "patch"],
    &["server", "metadata"],
    &["completions"],
    &["man"],
];

/// An example in `--help` is never wrapped mid-command at 80 or 100 columns: each line of an
/// Examples block is a command, or the continuation of one after its `\` or `|`.
#[test]
fn help_examples_are_not_wrapped_mid_command() {
    for args in HELP_PAGES {
        for width in ["80", "100"] {
            let out = assert_cmd::Command::cargo_bin("jwtadm")
                .unwrap()
                .env("COLUMNS", width)
                .args(args.iter())
                .arg("--help")
                .output()
                .unwrap();
            let help = String::from_utf8(out.stdout).unwrap();
            let w: usize = width.parse().unwrap();
            for line in help.lines() {
                assert!(line.chars().count() <= w, "{args:?} at {width}: {line}");
            }
            let Some(block) = help.split("\nExamples:\n").nth(1) else {
                continue;
            };
            let mut continues = false;
            for line in block.lines().take_while(|l| !l.is_empty()) {
                let starts_command = line.starts_with("  jwtadm ") || line.starts_with("  echo ");
                if continues {
                    assert!(line.starts_with("      "), "{args:?} at {width}: {line}");
                } else {
                    assert!(
                        starts_command,
                        "{args:?} at {width}: a wrapped line: {line:?}\n{help}"
                    );
                }
                continues = line.ends_with('\\') || line.ends_with('|');
            }
            assert!(
                !continues,
                "{args:?}: the last example ends with a continuation"
            );
            // The exit codes: each line a code or the indented rest of one.
            if args.is_empty() {
                let codes = help.split("Exit codes").nth(1).unwrap();
                for line in codes.lines().skip(1).take_while(|l| !l.is_empty()) {
                    assert!(
                        line.starts_with("  ") && line.as_bytes()[2].is_ascii_digit()
                            || line.starts_with("     "),
                        "at {width}: {line:?}"
                    );
                }
            }
        }
    }
}

/// The `secret` group's help names every command in it, and `--secret` every scheme.
#[test]
fn help_names_every_secret_command_and_scheme() {
    let help = |args: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("jwtadm")
            .unwrap()
            .env("COLUMNS", "100")
            .args(args)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let top = help(&["--help"]);
    let secret_line = top
        .lines()
        .find(|l| l.trim_start().starts_with("secret "))
        .unwrap();
    for cmd in ["gen", "rotate", "check", "fingerprint"] {
        assert!(secret_line.contains(cmd), "{secret_line}");
    }
    for args in [
        &["token", "issue", "--help"][..],
        &["token", "verify", "--help"],
        &["token", "refresh", "--help"],
        &["secret", "check", "--help"],
        &["secret", "fingerprint", "--help"],
        &["secret", "rotate", "--help"],
    ] {
        let text = help(args);
        let opt = text
            .split("--secret <SOURCE>")
            .nth(1)
            .unwrap_or_else(|| panic!("{args:?}: no --secret"));
        let opt = &opt[..opt.find("\n  -").unwrap_or(opt.len())];
        for scheme in ["env:", "file:", "dotenv:", "keyring:"] {
            assert!(
                opt.contains(scheme),
                "{args:?}: --secret help lacks {scheme}: {opt}"
            );
        }
        if args[1] != "rotate" {
            assert!(opt.contains("stdin"), "{args:?}: {opt}");
        }
    }
}
