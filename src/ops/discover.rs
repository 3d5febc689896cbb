//! `jwtadm config find` (and `roster init`, which starts from it): every configuration file of
//! every MCP client in the registry ([`crate::mcp::clients`]) that exists, in the user's home
//! (this one, or another laid out for another OS) and in project folders, each server in it,
//! and the state of the token where it would go.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::verify::Verifier;
use crate::error::{Error, Result};
use crate::formats::{self, Format, Found, Target};
use crate::jose::verify::{self, Expect};
use crate::mcp::clients::{self, CLIENTS, Client, Home, Layout, Os, Scope};
use crate::report::CheckId;
use crate::time::Time;

/// Where to look, and what for.
pub struct FindOptions<'a> {
    /// Project folders searched recursively (respecting `.gitignore`).
    pub roots: &'a [PathBuf],
    /// The current folder, checked as one project (not recursively); none with `--home`.
    pub here: Option<&'a Path>,
    /// The variable (or header) the token sits in.
    pub target: Target,
    /// Another home (`--home`), laid out for `os`; this user's when absent.
    pub home: Option<&'a Path>,
    pub os: Os,
    /// What the tokens' signatures are checked with; exp alone is judged without one.
    pub verifier: Option<&'a Verifier>,
    /// A token that ends within this many seconds is `expiring`.
    pub warn_within: i64,
    pub now: Time,
}

/// The state of the token where a server's token would go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Ok,
    Expiring,
    Expired,
    /// The server has no such variable (or header).
    Missing,
    /// The value points elsewhere (`${input:…}`).
    Unchecked,
    /// Not a token, or (with a secret or key) not signed by it.
    Invalid,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Ok => "ok",
            State::Expiring => "expiring",
            State::Expired => "expired",
            State::Missing => "missing",
            State::Unchecked => "unchecked",
            State::Invalid => "invalid",
        }
    }
}

/// A server in a configuration file, and its token.
#[derive(Debug, Clone)]
pub struct Server {
    /// Empty for a dotenv file, which has no servers.
    pub name: String,
    /// Where the server is in the file (`mcpServers.exai`); for a dotenv file the line.
    pub location: String,
    pub line: Option<usize>,
    pub state: State,
    /// Why, when the state is not `ok`.
    pub detail: Option<String>,
    pub sub: Option<String>,
    pub exp: Option<(Time, Value)>,
    /// The token there (for `roster init`, never printed whole).
    pub token: Option<String>,
    /// The variable (or header) is there, as a value jwtadm can rewrite (empty or not).
    pub holds: bool,
}

/// A configuration file found.
#[derive(Debug)]
pub struct Config {
    pub client: &'static str,
    /// The client's short name (`vscode`), `dotenv` for a dotenv file.
    pub id: &'static str,
    pub scope: Scope,
    pub path: PathBuf,
    pub format: Format,
    /// The file could not be read or parsed: why (its servers are then unknown).
    pub error: Option<String>,
    pub servers: Vec<Server>,
}

/// Everything found.
pub struct Discovery {
    pub configs: Vec<Config>,
    /// Whether signatures were checked (a secret or key was given).
    pub signatures_checked: bool,
    /// Folders under a --root that could not be searched, each with why: what is in them is
    /// not known.
    pub unsearched: Vec<String>,
}

/// The name a dotenv file found in a project is listed under.
pub const DOTENV: &str = "dotenv";

/// What a dotenv file is listed as: not an MCP client, but a place tokens are kept.
static DOTENV_CLIENT: Client = Client {
    name: DOTENV,
    id: DOTENV,
    paths: &[],
};

/// Find every configuration of every known client that exists.
pub fn find(options: &FindOptions) -> Result<Discovery> {
    let env_var = |name: &str| std::env::var(name).ok();
    let home_dir = options.home.map(|h| h.to_string_lossy().into_owned());
    let other_home = |name: &str| match name {
        "HOME" | "USERPROFILE" => home_dir.clone(),
        _ => None,
    };
    let home = Home {
        os: options.os,
        var: if options.home.is_some() {
            &other_home
        } else {
            &env_var
        },
    };
    if let Some(h) = options.home
        && !h.is_dir()
    {
        return Err(Error::usage(format!(
            "--home {}: not a folder",
            h.display()
        )));
    }
    type Candidate = (&'static Client, Scope, PathBuf, &'static [&'static Layout]);
    let mut candidates: Vec<Candidate> = Vec::new();
    let add = |candidates: &mut Vec<Candidate>, c: Candidate| {
        if !candidates
            .iter()
            .any(|(n, _, q, _)| n.id == c.0.id && *q == c.2)
        {
            candidates.push(c);
        }
    };
    for client in CLIENTS {
        for p in client
            .paths_on(options.os)
            .filter(|p| p.scope == Scope::User)
        {
            // A variable a path needs and the home lacks: that path is not there.
            let Ok(expanded) = clients::expand(p.path, &home) else {
                continue;
            };
            for path in glob(&expanded) {
                if path.is_file() {
                    add(&mut candidates, (client, Scope::User, path, p.layouts));
                }
            }
        }
    }
    let mut projects: Vec<(PathBuf, bool)> = Vec::new();
    if let Some(here) = options.here {
        projects.push((here.to_path_buf(), false));
    }
    projects.extend(options.roots.iter().map(|r| (r.clone(), true)));
    let mut unsearched = Vec::new();
    for (root, recursive) in &projects {
        if !root.is_dir() {
            return Err(Error::usage(format!(
                "--root {}: not a folder",
                root.display()
            )));
        }
        for file in project_files(root, *recursive, &mut unsearched) {
            for client in CLIENTS {
                for p in client
                    .paths_on(options.os)
                    .filter(|p| p.scope == Scope::Project)
                {
                    if ends_with(&file, p.path) {
                        add(
                            &mut candidates,
                            (client, Scope::Project, file.clone(), p.layouts),
                        );
                    }
                }
            }
            if is_dotenv(&file) && !candidates.iter().any(|(_, _, q, _)| *q == file) {
                add(&mut candidates, (&DOTENV_CLIENT, Scope::Project, file, &[]));
            }
        }
    }
    let configs = candidates
        .into_iter()
        .map(|(client, scope, path, layouts)| read_config(client, scope, path, layouts, options))
        // A dotenv file is listed only when it holds the variable.
        .filter(|c| c.id != DOTENV || (c.error.is_none() && !c.servers.is_empty()))
        .collect();
    Ok(Discovery {
        configs,
        signatures_checked: options.verifier.is_some(),
        unsearched,
    })
}

/// `path` with each `*` component replaced by every folder there, sorted.
pub fn glob(path: &Path) -> Vec<PathBuf> {
    let mut out = vec![PathBuf::new()];
    for part in path.components() {
        if part.as_os_str() == "*" {
            out = out
                .into_iter()
                .flat_map(|base| {
                    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&base)
                        .into_iter()
                        .flatten()
                        .flatten()
                        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                        .map(|e| e.path())
                        .collect();
                    dirs.sort();
                    dirs
                })
                .collect();
        } else {
            for base in &mut out {
                base.push(part);
            }
        }
    }
    out
}

/// Whether `file` ends with the components of the registry's project path `tail`; a last
/// component `*.yaml` is every file whose name ends with `.yaml` (Continue's block files).
fn ends_with(file: &Path, tail: &str) -> bool {
    let parts: Vec<&str> = tail.split(['/', '\\']).collect();
    let mut names = file.iter().rev();
    parts.iter().rev().all(|p| {
        names
            .next()
            .and_then(|n| n.to_str())
            .is_some_and(|n| name_matches(p, n))
    })
}

/// Whether a file or folder name `name` is the registry's `pattern`: the same, or, for
/// `*<end>`, a longer name ending with `<end>`.
fn name_matches(pattern: &str, name: &str) -> bool {
    match pattern.strip_prefix('*') {
        Some(end) => name.len() > end.len() && name.ends_with(end),
        None => name == pattern,
    }
}

fn is_dotenv(file: &Path) -> bool {
    file.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n == ".env" || n.starts_with(".env.") && !n.ends_with(".example"))
}

/// The files under `root` that could be a project configuration or a dotenv file: every one
/// at the end of a known project path (`.cursor/mcp.json`, `.continue/mcpServers/*.yaml`), in
/// folders `.gitignore` does not exclude (hidden folders
/// included, since `.vscode`, `.cursor` and `.codex` are), `.git` never; in each such folder a
/// project path is looked for even when `.gitignore` names it. Not recursive: only the project
/// paths from `root` itself.
fn project_files(root: &Path, recursive: bool, unsearched: &mut Vec<String>) -> Vec<PathBuf> {
    let tails: Vec<&str> = CLIENTS
        .iter()
        .flat_map(|c| c.paths.iter().flat_map(|g| g.iter()))
        .filter(|p| p.scope == Scope::Project)
        .map(|p| p.path)
        .collect();
    let wanted = |p: &Path| tails.iter().any(|t| ends_with(p, t)) || is_dotenv(p);
    if !recursive {
        // Each project path from `root`; one whose name is a pattern, every file of its folder.
        let mut files: Vec<PathBuf> = tails
            .iter()
            .flat_map(|t| {
                let path = root.join(t);
                if t.rsplit(['/', '\\'])
                    .next()
                    .is_some_and(|n| n.starts_with('*'))
                {
                    let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
                    std::fs::read_dir(folder)
                        .into_iter()
                        .flatten()
                        .flatten()
                        .map(|e| e.path())
                        .filter(|p| ends_with(p, t))
                        .collect()
                } else {
                    vec![path]
                }
            })
            .chain(
                std::fs::read_dir(root)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| is_dotenv(p)),
            )
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        files.dedup();
        return files;
    }
    // `.gitignore` prunes the folders walked into (build output, dependencies), not the
    // project files in the folders walked: a config or `.env` that holds a token is ignored
    // precisely because it does, and is looked for in every folder as at the root.
    let mut folders: Vec<PathBuf> = Vec::new();
    let mut files: Vec<PathBuf> = ignore::WalkBuilder::new(root)
        .hidden(false)
        .parents(true)
        .require_git(false)
        .filter_entry(|e| e.file_name() != ".git")
        .build()
        // A folder that cannot be read is said, not passed over in silence.
        .filter_map(|e| {
            e.map_err(|err| {
                if err.io_error().is_some() {
                    unsearched.push(crate::redact::redact(&walk_error(&err)));
                }
            })
            .ok()
        })
        .filter(|e| {
            if e.file_type().is_some_and(|t| t.is_dir()) {
                folders.push(e.path().to_path_buf());
            }
            // A config that is a symlink to a file is a config (folders behind links are not
            // walked into: a loop of them would never end).
            e.file_type()
                .is_some_and(|t| t.is_file() || t.is_symlink() && e.path().is_file())
        })
        .map(|e| e.into_path())
        .filter(|p| wanted(p))
        .collect();
    for folder in &folders {
        files.extend(project_files(folder, false, unsearched));
    }
    files.sort();
    files.dedup();
    files
}

/// A folder the walk could not read, in jwtadm's words: `PATH: permission denied`.
fn walk_error(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { path, err } => format!("{}: {}", path.display(), walk_error(err)),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error(err)
        }
        ignore::Error::Io(e) => crate::error::describe_io(e),
        other => other.to_string(),
    }
}

/// Read one configuration file and judge each server's token in it.
fn read_config(
    client: &'static Client,
    scope: Scope,
    path: PathBuf,
    layouts: &[&Layout],
    options: &FindOptions,
) -> Config {
    let format = layouts.first().map_or(Format::Dotenv, |l| l.format);
    let mut config = Config {
        client: client.name,
        id: client.id,
        scope,
        path,
        format,
        error: None,
        servers: Vec::new(),
    };
    let text = match crate::txn::read_regular_string(&config.path) {
        Ok(t) => t,
        Err(e) => {
            config.error = Some(crate::error::describe_io(&e));
            return config;
        }
    };
    let target = Target {
        server: None,
        ..options.target.clone()
    };
    let found = match formats::survey(format, &text, &target, layouts) {
        Ok(f) => f,
        Err(e) => {
            config.error = Some(crate::redact::redact(&e.to_string()));
            return config;
        }
    };
    config.servers = servers(&found, format, options);
    config
}

/// Each server of `found` with the state of its token.
fn servers(found: &Found, format: Format, options: &FindOptions) -> Vec<Server> {
    let mut out = Vec::new();
    if format == Format::Dotenv {
        for site in &found.sites {
            out.push(judge(
                String::new(),
                format!("line {}", site.line),
                site,
                options,
            ));
        }
        for r in &found.references {
            out.push(unchecked(String::new(), format!("line {}", r.line), r));
        }
        return out;
    }
    let mut listed: Vec<formats::ServerAt> = found.servers.clone();
    // A file that is one server's own block has no server name.
    for site in found.sites.iter().filter(|s| s.location.is_empty()) {
        out.push(judge(String::new(), String::new(), site, options));
    }
    for r in found.references.iter().filter(|r| r.location.is_empty()) {
        out.push(unchecked(String::new(), String::new(), r));
    }
    for server in listed.drain(..) {
        let sites: Vec<&formats::Site> = found
            .sites
            .iter()
            .filter(|s| s.location == server.location)
            .collect();
        let refs: Vec<&formats::Reference> = found
            .references
            .iter()
            .filter(|r| r.location == server.location)
            .collect();
        for site in &sites {
            out.push(judge(
                server.name.clone(),
                server.location.clone(),
                site,
                options,
            ));
        }
        for r in &refs {
            out.push(unchecked(server.name.clone(), server.location.clone(), r));
        }
        if sites.is_empty() && refs.is_empty() {
            out.push(Server {
                name: server.name,
                location: server.location,
                line: None,
                state: State::Missing,
                detail: Some(format!("no {}", options.target.what())),
                sub: None,
                exp: None,
                token: None,
                holds: false,
            });
        }
    }
    out
}

fn unchecked(name: String, location: String, r: &formats::Reference) -> Server {
    Server {
        name,
        location,
        line: Some(r.line),
        state: State::Unchecked,
        detail: Some(format!("{} points elsewhere", r.value)),
        sub: None,
        exp: None,
        token: None,
        holds: false,
    }
}

/// The state of the token at `site`: does it decode, is it signed by the key given, when does
/// it end.
fn judge(name: String, location: String, site: &formats::Site, options: &FindOptions) -> Server {
    let mut server = Server {
        name,
        location,
        line: Some(site.line),
        state: State::Invalid,
        detail: None,
        sub: None,
        exp: None,
        token: None,
        holds: true,
    };
    if site.token.is_empty() {
        server.state = State::Missing;
        server.detail = Some("the value is empty".into());
        return server;
    }
    let decoded = match crate::jose::decode(&site.token) {
        Ok(d) => d,
        Err(e) => {
            server.detail = Some(crate::redact::redact(e.message()));
            return server;
        }
    };
    server.token = Some(site.token.clone());
    server.sub = decoded
        .claims
        .get("sub")
        .and_then(Value::as_str)
        .map(crate::redact::redact);
    server.exp = crate::jose::numeric_date::date(&decoded.claims, "exp")
        .map(|x| (x, decoded.claims["exp"].clone()));
    if let Some(verifier) = options.verifier {
        let expect = Expect {
            algs: verifier.default_algs(),
            require_exp: false,
            ignore_exp: true,
            now: options.now,
            ..Expect::default()
        };
        let report = verify::verify(&decoded, &verifier.keys(), &expect);
        let failed: Vec<String> = report
            .checks
            .iter()
            .filter(|c| !c.ok && matches!(c.id, CheckId::Signature | CheckId::Algorithm))
            .map(|c| format!("{}: {}", c.id.as_str(), c.detail))
            .collect();
        if !failed.is_empty() {
            server.detail = Some(crate::redact::redact(&failed.join("; ")));
            return server;
        }
    }
    let now = options.now.secs();
    server.state = match &server.exp {
        None => State::Ok,
        Some((x, _)) if x.secs() <= now => State::Expired,
        Some((x, _)) if x.secs() <= now.saturating_add(options.warn_within) => State::Expiring,
        Some(_) => State::Ok,
    };
    server
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_last_component_pattern_matches_file_names_ending_so() {
        let tail = ".continue/mcpServers/*.yaml";
        assert!(ends_with(
            Path::new("/w/.continue/mcpServers/exai.yaml"),
            tail
        ));
        assert!(!ends_with(Path::new("/w/.continue/mcpServers/.yaml"), tail));
        assert!(!ends_with(
            Path::new("/w/.continue/mcpServers/exai.yml"),
            tail
        ));
        assert!(!ends_with(Path::new("/w/.continue/other/exai.yaml"), tail));
        assert!(ends_with(
            Path::new("/w/.cursor/mcp.json"),
            ".cursor/mcp.json"
        ));
        assert!(!ends_with(
            Path::new("/w/.cursor/xmcp.json"),
            ".cursor/mcp.json"
        ));
    }

    #[test]
    fn continue_block_files_are_project_files_with_and_without_recursion() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let blocks = root.join(".continue/mcpServers");
        std::fs::create_dir_all(&blocks).unwrap();
        for f in ["a.yaml", "b.json", "notes.txt"] {
            std::fs::write(blocks.join(f), "").unwrap();
        }
        std::fs::create_dir_all(root.join("sub/.continue/mcpServers")).unwrap();
        std::fs::write(root.join("sub/.continue/mcpServers/c.yaml"), "").unwrap();
        let names = |files: Vec<PathBuf>| -> Vec<String> {
            files
                .iter()
                .map(|f| {
                    f.strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/")
                })
                .collect()
        };
        assert_eq!(
            names(project_files(root, false, &mut Vec::new())),
            [".continue/mcpServers/a.yaml", ".continue/mcpServers/b.json"]
        );
        assert_eq!(
            names(project_files(root, true, &mut Vec::new())),
            [
                ".continue/mcpServers/a.yaml",
                ".continue/mcpServers/b.json",
                "sub/.continue/mcpServers/c.yaml"
            ]
        );
    }

    #[test]
    fn continue_and_goose_configs_are_found_in_another_home() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path();
        let tok = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJnIn0.c2ln";
        std::fs::create_dir_all(home.join(".continue")).unwrap();
        std::fs::create_dir_all(home.join(".config/goose")).unwrap();
        std::fs::create_dir_all(home.join("AppData/Roaming/Block/goose/config")).unwrap();
        std::fs::write(
            home.join(".continue/config.yaml"),
            "mcpServers:\n  - name: a\n    env: {EXAI_JWT_TOKEN: x}\n  - name: b\n",
        )
        .unwrap();
        let goose = format!("extensions:\n  g:\n    envs:\n      EXAI_JWT_TOKEN: {tok}\n");
        std::fs::write(home.join(".config/goose/config.yaml"), &goose).unwrap();
        std::fs::write(
            home.join("AppData/Roaming/Block/goose/config/config.yaml"),
            &goose,
        )
        .unwrap();
        for (os, goose_at) in [
            (Os::Linux, ".config/goose/config.yaml"),
            (
                Os::Windows,
                "AppData/Roaming/Block/goose/config/config.yaml",
            ),
        ] {
            let found = find(&FindOptions {
                roots: &[],
                here: None,
                target: Target::var("EXAI_JWT_TOKEN"),
                home: Some(home),
                os,
                verifier: None,
                warn_within: 0,
                now: Time::from_secs(0),
            })
            .unwrap();
            type Seen<'a> = (&'a str, String, Vec<(String, String, State)>);
            let seen: Vec<Seen> = found
                .configs
                .iter()
                .map(|c| {
                    (
                        c.client,
                        c.path
                            .strip_prefix(home)
                            .unwrap()
                            .to_string_lossy()
                            .replace('\\', "/"),
                        c.servers
                            .iter()
                            .map(|s| (s.name.clone(), s.location.clone(), s.state))
                            .collect(),
                    )
                })
                .collect();
            assert_eq!(
                seen,
                [
                    (
                        "Continue",
                        ".continue/config.yaml".to_string(),
                        vec![
                            ("a".into(), "mcpServers[0]".into(), State::Invalid),
                            ("b".into(), "mcpServers[1]".into(), State::Missing)
                        ]
                    ),
                    (
                        "Goose",
                        goose_at.to_string(),
                        vec![("g".into(), "extensions.g".into(), State::Ok)]
                    ),
                ],
                "{os:?}"
            );
            assert_eq!(found.configs[0].format, Format::Yaml);
        }
    }
}
