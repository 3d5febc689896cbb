//! `jwtadm config patch`, `jwtadm config paths`

use std::io::IsTerminal;

use serde_json::json;

use crate::cli::{ConfigFindArgs, ConfigPathsArgs, OsArg, PatchArgs};
use crate::error::{Error, Exit, Result};
use crate::formats::Target;
use crate::ops::{
    self,
    patch::{Outcome, PatchOptions, Patched},
};
use crate::output::{Cell, Out, Text, Tone, plural};
use crate::txn::plan::{FilePreview, Plan};

fn read_patch_token(args: &PatchArgs) -> Result<String> {
    let raw = if let Some(t) = &args.token {
        t.clone()
    } else if let Some(path) = &args.token_file {
        crate::txn::open_regular(path)
            .and_then(|f| crate::txn::read_text_capped(f, crate::txn::MAX_INPUT))
            .map_err(|e| Error::io("reading the token file", path, e))?
    } else {
        let stdin = std::io::stdin();
        if !args.token_stdin && stdin.is_terminal() {
            return Err(Error::usage(
                "no token given: pipe it on standard input, or use --token-file PATH or --token TOKEN",
            ));
        }
        crate::txn::read_text_capped(stdin.lock(), crate::txn::MAX_INPUT).map_err(|e| {
            Error::operational(format!(
                "reading the token from standard input: {}",
                crate::error::describe_io(&e)
            ))
        })?
    };
    let token = crate::jose::clean(&raw).to_string();
    // Only a well-formed JWT is written into anyone's config.
    crate::jose::decode(&token).map_err(|e| e.context("the token to write"))?;
    Ok(token)
}

pub fn patch(args: PatchArgs, out: &Out) -> Result<Exit> {
    let token = read_patch_token(&args)?;
    let target = Target {
        var: args.var.clone(),
        server: args.server.clone(),
        header: args.header.clone(),
    };
    let options = PatchOptions {
        token: &token,
        target,
        files: &args.files,
        dry_run: args.dry_run,
        backup: args.backup,
    };
    let (files, split) = match ops::patch::run(&options, out)? {
        Outcome::Preview(preview) => return print_preview(&preview, out),
        Outcome::Patched {
            files,
            split_hard_links,
        } => (files, split_hard_links),
    };
    let rows: Vec<[Cell; 3]> = files
        .iter()
        .map(|f| {
            [
                Cell::from(f.path().display().to_string()).path(),
                Cell::from(result_word(f)),
                Cell::from(sites_text(f)),
            ]
        })
        .collect();
    let files_json: Vec<_> = files
        .iter()
        .map(|f| {
            let d = f.done.first();
            json!({
                "path": f.path().display().to_string(),
                "format": f.format.name(),
                "changed": f.changed(),
                "sites": d.map(|d| d.sites.iter().map(|s| json!({"server": s.server, "line": s.line})).collect::<Vec<_>>()),
                "left_alone": d.map(|d| d.references.iter().map(|r| json!({"server": r.server, "line": r.line, "value": r.value})).collect::<Vec<_>>()),
            })
        })
        .collect();
    if out.json() {
        out.print_json(&json!({ "files": files_json, "split_hard_links": split }))?;
    } else {
        out.print(out.table(&["file", "result", "where"], rows))?;
    }
    Ok(Exit::Ok)
}

/// What `--dry-run` prints: each value that would change, in a diff's shape, with the tokens
/// shortened and no other value of any file.
pub(super) fn print_preview(files: &[FilePreview], out: &Out) -> Result<Exit> {
    if out.json() {
        out.print_json(&json!({ "dry_run": true, "files": files }))?;
        return Ok(Exit::Ok);
    }
    let mut s = Text::new();
    for f in files {
        s.push("--- ")
            .value(&f.path)
            .push("\n+++ ")
            .value(&f.path)
            .push("\n");
        for c in &f.changes {
            s.push("@@ ");
            match c.line {
                Some(line) => s.push(format!("line {line}")),
                // A whole file rewritten (a JWK Set) had something before; a line added did not.
                None if c.old.is_some() => s.push("the whole file"),
                None => s.push("a new line"),
            };
            if let Some(server) = &c.server {
                s.push(", server ").value(server);
            }
            if let Some(client) = &c.client {
                s.push(" (client ").value(client).push(")");
            }
            s.push(" @@\n");
            if let Some(old) = &c.old {
                s.push("-").value(&c.name).push(": ").value(old).push("\n");
            }
            s.push("+")
                .value(&c.name)
                .push(": ")
                .value(&c.new)
                .push("\n");
        }
    }
    out.print(s)?;
    let n = files.len();
    out.note(&format!(
        "dry run: {n} file{} would change; nothing was written (tokens shortened, other values not shown)",
        if n == 1 { "" } else { "s" }
    ));
    Ok(Exit::Ok)
}

/// A planned write warns about what it leaves alone and the hard links it splits.
impl crate::ops::Progress for Out {
    fn planned(&self, plan: &Plan) {
        warn_references(plan, self);
        warn_split_links(plan, self);
    }
}

/// Warn about each file whose other hard links will keep the old content.
pub(super) fn warn_split_links(plan: &Plan, out: &Out) {
    for (path, links) in plan.split_links() {
        out.warn(&format!(
            "{} has {links} hard links: it is replaced by a new file, and its other names keep the old content",
            path.display()
        ));
    }
}

pub(super) fn warn_references(plan: &Plan, out: &Out) {
    for f in &plan.files {
        for d in &f.done {
            for r in &d.references {
                out.warn(&format!("{}; left alone", r.at(f.path())));
            }
        }
    }
}

fn result_word(f: &Patched) -> &'static str {
    if f.changed() {
        "updated"
    } else if f.done.iter().all(|d| d.sites.is_empty() && !d.added) {
        "left alone"
    } else {
        "already current"
    }
}

fn sites_text(f: &Patched) -> String {
    f.done
        .iter()
        .flat_map(|d| d.sites.iter())
        .map(|s| match &s.server {
            Some(server) => format!("{server} (line {})", s.line),
            None => format!("line {}", s.line),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `config paths`: each client's configuration files on one operating system, from the
/// registry (`mcp::clients`); on this one, user paths expanded, and whether each exists.
pub fn paths(args: ConfigPathsArgs, out: &Out) -> Result<Exit> {
    use crate::mcp::clients::{CLIENTS, Home, Os, Scope, expand};
    let os = os_of(args.os);
    let here = os == Os::current();
    let env = |name: &str| std::env::var(name).ok();
    let home = Home { os, var: &env };
    let mut rows = Vec::new();
    let mut clients = Vec::new();
    for client in CLIENTS {
        let mut paths = Vec::new();
        for p in client.paths_on(os) {
            let expanded = (here && p.scope == Scope::User)
                .then(|| expand(p.path, &home).ok())
                .flatten();
            let exists = expanded
                .as_deref()
                .map(|e| ops::discover::glob(e).iter().any(|f| f.is_file()));
            let expanded = expanded.map(|e| e.display().to_string());
            rows.push(vec![
                Cell::from(client.name),
                Cell::from(p.scope.name()),
                Cell::from(match (&expanded, exists) {
                    (Some(e), Some(true)) => format!("{e} (exists)"),
                    (Some(e), _) => e.clone(),
                    (None, _) => p.path.to_string(),
                }),
                Cell::from(p.format().name()),
                Cell::from(p.servers_at()),
            ]);
            paths.push(json!({
                "scope": p.scope.name(),
                "path": p.path,
                "expanded": expanded,
                "exists": exists,
                "format": p.format().name(),
                "servers": p.servers_at(),
            }));
        }
        if paths.is_empty() {
            continue;
        }
        clients.push(json!({
            "client": client.name,
            "paths": paths,
        }));
    }
    if out.json() {
        out.print_json(&json!({"os": os.name(), "clients": clients}))?;
    } else {
        let mut t = Text::new();
        t.push(format!("MCP client configuration on {}\n", os.name()));
        t.append(out.table(&["client", "scope", "path", "format", "servers at"], rows));
        t.push(
            "a project path is relative to the project's root folder; * is every folder there, *.yaml every such file\n",
        );
        out.print(t)?;
    }
    Ok(Exit::Ok)
}

pub(super) fn os_of(arg: Option<OsArg>) -> crate::mcp::clients::Os {
    use crate::mcp::clients::Os;
    match arg {
        None => Os::current(),
        Some(OsArg::Linux) => Os::Linux,
        Some(OsArg::Macos) => Os::MacOs,
        Some(OsArg::Windows) => Os::Windows,
    }
}

/// `config find`: every MCP client configuration found, each server, its token's state.
pub fn find(args: ConfigFindArgs, out: &Out) -> Result<Exit> {
    use crate::ops::discover::{self, FindOptions, State};
    use crate::ops::verify::Verifier;
    let place = super::check_place(&args.check);
    let verifier = place.map(Verifier::load).transpose()?;
    let here = std::env::current_dir().ok();
    let discovery = discover::find(&FindOptions {
        roots: &args.place.root,
        here: if args.place.home.is_some() {
            None
        } else {
            here.as_deref()
        },
        target: Target {
            var: args.place.var.clone(),
            server: None,
            header: args.place.header.clone(),
        },
        home: args.place.home.as_deref(),
        os: os_of(args.place.os),
        verifier: verifier.as_ref(),
        warn_within: args.warn_within,
        now: crate::time::Time::from_secs(crate::time::now()?),
    })?;
    for why in &discovery.unsearched {
        out.warn(&format!("{why}; not searched"));
    }
    let exit = if discovery.configs.is_empty() {
        Exit::Rejected
    } else {
        Exit::Ok
    };
    let what = match &args.place.header {
        Some(h) => format!("header {h}"),
        None => args.place.var.clone(),
    };
    let redact = crate::redact::redact;
    if out.json() {
        let configs: Vec<serde_json::Value> = discovery
            .configs
            .iter()
            .map(|c| {
                let servers: Vec<serde_json::Value> = c
                    .servers
                    .iter()
                    .map(|s| {
                        json!({
                            "name": (!s.name.is_empty()).then(|| redact(&s.name)),
                            "location": redact(&s.location),
                            "line": s.line,
                            "var": args.place.header.is_none().then_some(&args.place.var),
                            "header": args.place.header,
                            "state": s.state.as_str(),
                            "detail": s.detail,
                            "sub": s.sub,
                            "exp": s.exp.as_ref().map(|(_, v)| v),
                            "expires": s.exp.as_ref().and_then(|(x, _)| x.utc()),
                        })
                    })
                    .collect();
                json!({
                    "client": c.client,
                    "scope": c.scope.name(),
                    "path": c.path.display().to_string(),
                    "format": c.format.name(),
                    "error": c.error,
                    "servers": servers,
                })
            })
            .collect();
        out.print_json(&json!({
            "var": args.place.header.is_none().then_some(&args.place.var),
            "header": args.place.header,
            "signatures_checked": discovery.signatures_checked,
            "configs": configs,
        }))?;
        return Ok(exit);
    }
    let mut rows = Vec::new();
    // This user's home is `~` in the table (the JSON has whole paths).
    let home = match &args.place.home {
        Some(_) => None,
        None => std::env::var_os("HOME").map(std::path::PathBuf::from),
    };
    for c in &discovery.configs {
        let shown = match home.as_deref().and_then(|h| c.path.strip_prefix(h).ok()) {
            Some(rel) => format!("~/{}", rel.display()),
            None => c.path.display().to_string(),
        };
        let file = Cell::from(shown).path();
        if let Some(e) = &c.error {
            rows.push([
                Cell::from(c.client),
                file,
                Cell::from("-"),
                Cell::toned("unreadable", Tone::Bad).atom(),
                Cell::from("-"),
                Cell::from("-"),
                Cell::from(e.as_str()),
            ]);
            continue;
        }
        if c.servers.is_empty() {
            rows.push([
                Cell::from(c.client),
                file,
                Cell::from("-"),
                Cell::toned("no servers", Tone::Dim).atom(),
                Cell::from("-"),
                Cell::from("-"),
                Cell::from(""),
            ]);
            continue;
        }
        for s in &c.servers {
            let tone = match s.state {
                State::Ok => Tone::Good,
                State::Expiring | State::Expired => Tone::Late,
                State::Unchecked => Tone::Dim,
                State::Missing => Tone::Dim,
                State::Invalid => Tone::Bad,
            };
            // A name two servers of the file share (Claude Code's per-project servers) is
            // shown with where it is.
            let shared = c.servers.iter().filter(|o| o.name == s.name).count() > 1;
            let server = if s.name.is_empty() || shared {
                s.location.clone()
            } else {
                s.name.clone()
            };
            let expires = match &s.exp {
                Some((x, _)) => x
                    .utc()
                    .map_or_else(|| "far".to_string(), |u| u[..10].to_string()),
                None => "-".to_string(),
            };
            rows.push([
                Cell::from(c.client).atom(),
                file.clone(),
                Cell::from(redact(&server)).address(),
                Cell::toned(s.state.as_str(), tone).atom(),
                Cell::from(s.sub.clone().unwrap_or_else(|| "-".into())).address(),
                Cell::from(expires).atom(),
                Cell::from(s.detail.clone().unwrap_or_default()),
            ]);
        }
    }
    let mut t = Text::new();
    if rows.is_empty() {
        out.note("no MCP client configuration found; `jwtadm config paths` lists where each client keeps one, and --root adds project folders");
        return Ok(exit);
    }
    t.append(out.table(
        &[
            "client", "file", "server", "state", "sub", "expires", "detail",
        ],
        rows,
    ));
    let servers: usize = discovery.configs.iter().map(|c| c.servers.len()).sum();
    let holding = discovery
        .configs
        .iter()
        .flat_map(|c| &c.servers)
        .filter(|s| s.holds)
        .count();
    t.push(format!(
        "{} with {}; {} hold {what}{}\n",
        plural(discovery.configs.len(), "configuration"),
        plural(servers, "server"),
        holding,
        if discovery.signatures_checked {
            ""
        } else {
            " (signatures not checked: give --secret, --key or --jwks)"
        }
    ));
    out.print(t)?;
    Ok(exit)
}
