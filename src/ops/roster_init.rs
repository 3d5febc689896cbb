//! `jwtadm roster init`: a commented `clients.toml` from what `config find` sees. One client per
//! server entry that holds the variable; entries that hold one token (or tokens with one `sub`)
//! are one client with several files, since `token issue-all` gives a client one token.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::discover::{Config, DOTENV, Discovery, State};
use crate::formats::Format;
use crate::roster::DEFAULT_VAR;

/// How the roster signs, as it is written into it.
pub enum Signer<'a> {
    /// `[secret] source = …`
    Secret(&'a str),
    /// `[key] source = …`
    Key(&'a str),
}

/// What `roster init` is asked to write.
pub struct InitOptions<'a> {
    /// Where the roster will be: its paths are written relative to its folder when under it.
    pub out: &'a Path,
    pub signer: Signer<'a>,
    pub var: &'a str,
    pub header: Option<&'a str>,
    /// The home folder, for `~/…` paths.
    pub home: Option<&'a Path>,
    /// When it is written (a comment).
    pub now: i64,
}

/// A client of the roster to be.
#[derive(Debug, Clone)]
pub struct InitClient {
    pub name: String,
    pub sub: String,
    /// Taken from the token already there.
    pub sub_from_token: bool,
    pub issuer: Option<String>,
    pub audience: Option<Value>,
    /// The lifetime of the token there, in seconds.
    pub expires: Option<i64>,
    /// Claims of the token there that are not registered ones.
    pub claims: Map<String, Value>,
    /// Claims of the token there a roster cannot hold (null, an integer beyond TOML's):
    /// named in a comment, not kept.
    pub dropped: Vec<String>,
    /// The token there is an access token (RFC 9068): `profile = "at+jwt"`, with its
    /// `client_id` and `scope`.
    pub at_jwt: bool,
    pub client_id: Option<String>,
    pub scope: Option<String>,
    /// (path as written in the roster, server) of each config.
    pub configs: Vec<(String, Option<String>)>,
    /// (path as written, key) of its dotenv entry.
    pub dotenv: Option<(String, String)>,
    /// Other dotenv files holding the same token (a client has one dotenv entry).
    pub also_dotenv: Vec<String>,
    /// The MCP clients it was found in.
    pub found_in: Vec<&'static str>,
}

/// The roster written.
pub struct Init {
    pub clients: Vec<InitClient>,
    pub text: String,
    /// Files a roster cannot name: a path that roster paths would expand into another one (a
    /// folder named `$HOME`, `${X}`, `%APPDATA%` or `~name`), which has no escape there.
    pub left_out: Vec<PathBuf>,
    /// Looking for a header: (file, server) entries whose header holds something that is not
    /// a JWT (another service's API key or personal access token), left out so that
    /// `issue-all --patch` never replaces another server's credential with this server's token.
    pub not_jwt: Vec<(PathBuf, String)>,
}

/// A place a token goes: (file, server).
type Place = (PathBuf, Option<String>);

/// What `roster init` is asked.
pub struct Request<'a> {
    /// Where to write the roster.
    pub out: &'a Path,
    /// `--secret` as written (default: jwtadm's default source), unless `key`.
    pub secret: Option<&'a str>,
    /// `--key` as written.
    pub key: Option<&'a str>,
    /// Where to look (with `here`, the current folder, filled in by [`prepare`]).
    pub roots: &'a [PathBuf],
    pub var: &'a str,
    pub header: Option<&'a str>,
    /// Another home (`--home`), laid out for `os`.
    pub home: Option<&'a Path>,
    pub os: crate::mcp::clients::Os,
    /// Replace an existing roster.
    pub force: bool,
    /// Only show the roster: an existing file is no obstacle.
    pub dry_run: bool,
}

/// A roster ready to be written, and what was passed over on the way (for warnings).
pub struct Prepared {
    pub init: Init,
    /// Folders under a root that could not be searched, and why.
    pub unsearched: Vec<String>,
    /// Configurations that could not be read or parsed: (path, why).
    pub unreadable: Vec<(PathBuf, String)>,
}

/// Find the configurations, group them into clients and write the roster's text; nothing is
/// written to disk. An existing roster without `force` is refused first.
pub fn prepare(request: &Request) -> crate::error::Result<Prepared> {
    use super::discover::{self, FindOptions};
    use crate::error::Error;
    let here = std::env::current_dir()
        .map_err(|e| Error::operational(format!("the current folder: {e}")))?;
    if !request.force && !request.dry_run && std::fs::symlink_metadata(request.out).is_ok() {
        return Err(Error::usage(format!(
            "{} already exists; pass --force to replace it (or --out elsewhere)",
            request.out.display()
        )));
    }
    let now = crate::time::now()?;
    let discovery = discover::find(&FindOptions {
        roots: request.roots,
        here: request.home.is_none().then_some(here.as_path()),
        target: crate::formats::Target {
            var: request.var.to_string(),
            server: None,
            header: request.header.map(str::to_string),
        },
        home: request.home,
        os: request.os,
        verifier: None,
        warn_within: 0,
        now: crate::time::Time::from_secs(now),
    })?;
    let out_abs = std::path::absolute(request.out).unwrap_or_else(|_| request.out.to_path_buf());
    let folder = out_abs.parent().unwrap_or(&here).to_path_buf();
    // A relative file: or dotenv: source is taken from the roster's folder when read: one
    // given here relative to the current folder is written absolute when the two differ.
    let key = request.key.map(|k| rebase_source(k, &here, &folder));
    let secret = rebase_source(
        request.secret.unwrap_or(crate::store::DEFAULT_SOURCE),
        &here,
        &folder,
    );
    let signer = match &key {
        Some(k) => Signer::Key(k),
        None => Signer::Secret(&secret),
    };
    // Paths under this user's home are written `~/…`; another home's stay absolute.
    let home = match request.home {
        Some(_) => None,
        None => std::env::var_os("HOME").map(PathBuf::from),
    };
    let init = plan(
        &discovery,
        &InitOptions {
            out: &out_abs,
            signer,
            var: request.var,
            header: request.header,
            home: home.as_deref(),
            now,
        },
    );
    let unreadable = discovery
        .configs
        .iter()
        .filter_map(|c| c.error.as_ref().map(|e| (c.path.clone(), e.clone())))
        .collect();
    Ok(Prepared {
        init,
        unsearched: discovery.unsearched,
        unreadable,
    })
}

impl Init {
    /// A roster to write: one with clients (none is an error saying where else to look),
    /// whose text reads back as a roster at `out`.
    pub fn check(&self, out: &Path, var: &str, header: Option<&str>) -> crate::error::Result<()> {
        use crate::error::Error;
        if self.clients.is_empty() {
            return Err(Error::rejected(format!(
                "no MCP client configuration holding {} was found; nothing written",
                header.map_or_else(|| var.to_string(), |h| format!("header {h}"))
            ))
            .with_hint(
                "`jwtadm config find` shows what is there; --root DIR searches project folders, --var NAME \
                 or --header NAME looks for the token elsewhere; README's \"Rosters\" shows clients.toml by hand",
            ));
        }
        let out_abs = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
        crate::roster::Roster::parse(&self.text, &out_abs).map_err(|e| {
            e.also(
                "internal check failed: the roster written would not read back; nothing was written",
            )
        })?;
        Ok(())
    }
}

/// `file:REL` or `dotenv:REL#KEY`, given relative to `here`, made absolute when the roster's
/// folder is elsewhere; any other source as it is.
fn rebase_source(source: &str, here: &Path, folder: &Path) -> String {
    let same = here.canonicalize().ok() == folder.canonicalize().ok();
    for scheme in ["file:", "dotenv:"] {
        if let Some(rest) = source.strip_prefix(scheme) {
            let p = Path::new(rest);
            if same || p.is_absolute() || rest.starts_with('~') || rest.starts_with('$') {
                return source.to_string();
            }
            return format!("{scheme}{}", here.join(rest).display());
        }
    }
    source.to_string()
}

/// Group every server entry that holds the variable into clients, and write the roster.
pub fn plan(discovery: &Discovery, options: &InitOptions) -> Init {
    // Each entry that holds the variable, as (config, server index).
    let mut entries: Vec<(&Config, usize)> = Vec::new();
    let folder = options.out.parent().unwrap_or(Path::new(""));
    let mut left_out = Vec::new();
    let mut not_jwt = Vec::new();
    for c in &discovery.configs {
        if !nameable(&c.path, folder, options.home) {
            if c.servers.iter().any(|s| s.holds) {
                left_out.push(c.path.clone());
            }
            continue;
        }
        for (i, s) in c.servers.iter().enumerate() {
            if !s.holds {
                continue;
            }
            // A bearer header is how most remote MCP servers authenticate, with their own
            // credentials: one that holds a value that is not a JWT is not this server's.
            if options.header.is_some() && s.token.is_none() && s.state == State::Invalid {
                not_jwt.push((c.path.clone(), s.name.clone()));
                continue;
            }
            entries.push((c, i));
        }
    }
    // Union-find over entries: one token, one sub, or one (file, server) place is one client
    // (issue-all writes a place once, and a client one token).
    let mut parent: Vec<usize> = (0..entries.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut by_key: BTreeMap<String, usize> = BTreeMap::new();
    for (i, (c, s)) in entries.iter().enumerate() {
        let server = &c.servers[*s];
        let place: Place = (
            c.path.clone(),
            (c.format != Format::Dotenv && !server.location.is_empty())
                .then(|| server.name.clone()),
        );
        let mut keys = vec![format!("place\0{}\0{:?}", place.0.display(), place.1)];
        if let Some(t) = &server.token {
            keys.push(format!("token\0{t}"));
        }
        // The token's own sub: the one shown (`server.sub`) hides a sub that looks random,
        // and two such subs would look alike.
        if let Some(sub) = server
            .token
            .as_deref()
            .and_then(|t| crate::jose::decode(t).ok())
            .and_then(|d| {
                d.claims
                    .get("sub")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .filter(|s| !s.is_empty())
        {
            keys.push(format!("sub\0{sub}"));
        }
        for k in keys {
            match by_key.get(&k) {
                Some(&j) => {
                    let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                    if a != b {
                        parent[a.max(b)] = a.min(b);
                    }
                }
                None => {
                    by_key.insert(k, i);
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..entries.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut clients: Vec<InitClient> = Vec::new();
    for members in groups.values() {
        let mut client = InitClient {
            name: String::new(),
            sub: String::new(),
            sub_from_token: false,
            issuer: None,
            audience: None,
            expires: None,
            claims: Map::new(),
            dropped: Vec::new(),
            at_jwt: false,
            client_id: None,
            scope: None,
            configs: Vec::new(),
            dotenv: None,
            also_dotenv: Vec::new(),
            found_in: Vec::new(),
        };
        let mut first_server: Option<(&'static str, String, PathBuf)> = None;
        for &i in members {
            let (c, s) = entries[i];
            let server = &c.servers[s];
            let shown = shown_path(&c.path, folder, options.home);
            if c.id == DOTENV {
                if client.dotenv.is_none() {
                    client.dotenv = Some((shown, options.var.to_string()));
                } else {
                    client.also_dotenv.push(shown);
                }
            } else {
                // A server of the file is named, even by the empty string; only a file that is
                // one server's own block (no location) has none.
                let server_name = (!server.location.is_empty()).then(|| server.name.clone());
                if !client
                    .configs
                    .contains(&(shown.clone(), server_name.clone()))
                {
                    client.configs.push((shown, server_name));
                }
                if first_server.is_none() {
                    first_server = Some((c.id, server.name.clone(), c.path.clone()));
                }
            }
            if !client.found_in.contains(&c.client) {
                client.found_in.push(c.client);
            }
            if client.sub.is_empty()
                && let Some(token) = &server.token
                && let Ok(decoded) = crate::jose::decode(token)
            {
                take_claims(&mut client, &decoded);
            }
        }
        let (mcp_client, server, path) = first_server.unwrap_or_else(|| {
            let (c, _) = entries[members[0]];
            (c.id, String::new(), c.path.clone())
        });
        client.name = unique_name(&clients, &base_name(mcp_client, &server), &path);
        if client.sub.is_empty() {
            client.sub = format!(
                "{}@{}",
                client.name,
                if server.is_empty() { "mcp" } else { &server }
            );
        }
        while clients.iter().any(|c| c.sub == client.sub) {
            client.sub = format!("{}+{}", client.sub, clients.len());
        }
        clients.push(client);
    }
    let text = render(&clients, options);
    Init {
        clients,
        text,
        left_out,
        not_jwt,
    }
}

/// The claims of the token there that a reissued one should keep: sub, iss, aud, its lifetime,
/// and claims that are not registered ones (name, role, …); an access token's profile,
/// client_id and scope.
fn take_claims(client: &mut InitClient, decoded: &crate::jose::Decoded) {
    use crate::jose::profile::Profile;
    let claims = &decoded.claims;
    if let Some(sub) = claims.get("sub").and_then(Value::as_str)
        && !sub.is_empty()
    {
        client.sub = sub.to_string();
        client.sub_from_token = true;
    }
    client.issuer = claims
        .get("iss")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    client.audience = claims.get("aud").cloned().filter(|a| match a {
        Value::String(s) => !s.is_empty(),
        Value::Array(v) => {
            !v.is_empty() && v.iter().all(|x| x.as_str().is_some_and(|s| !s.is_empty()))
        }
        _ => false,
    });
    if let (Some(iat), Some(exp)) = (
        claims.get("iat").and_then(Value::as_i64),
        claims.get("exp").and_then(Value::as_i64),
    ) && exp > iat
    {
        client.expires = Some(exp - iat);
    }
    // An access token (RFC 9068) the roster can issue again as one: its client_id and scope
    // are the client's own keys. Any other token keeps them as claims.
    let access = Profile::declared_by(&decoded.header) == Profile::AtJwt
        && client.issuer.is_some()
        && client.audience.is_some()
        && Profile::AtJwt.missing(claims).is_empty()
        && Profile::AtJwt.fault(claims).is_none();
    if access {
        client.at_jwt = true;
        client.client_id = claims
            .get("client_id")
            .and_then(Value::as_str)
            .map(str::to_string);
        client.scope = claims
            .get("scope")
            .and_then(Value::as_str)
            .map(str::to_string);
    }
    // The claims jwtadm sets itself, or the roster refuses under [clients.claims].
    const REGISTERED: [&str; 7] = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];
    for (k, v) in claims {
        if REGISTERED.contains(&k.as_str()) || access && (k == "client_id" || k == "scope") {
            continue;
        }
        if holdable(v) {
            client.claims.insert(k.clone(), v.clone());
        } else {
            client.dropped.push(k.clone());
        }
    }
}

/// Whether a roster can hold `v` as it is: TOML has no null, and its integers are 64-bit
/// signed (a larger one would come back as a float, not the claim the token had).
fn holdable(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Number(n) => n.is_f64() || n.is_i64(),
        Value::Array(a) => a.iter().all(holdable),
        Value::Object(o) => o.values().all(holdable),
        Value::Bool(_) | Value::String(_) => true,
    }
}

/// `claude-code-exai`: the MCP client's and the server's names, in lower case, words joined by
/// `-`.
fn base_name(client: &str, server: &str) -> String {
    let slug = |s: &str| {
        let mut out = String::new();
        for c in s.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        }
        out.trim_end_matches('-').to_string()
    };
    let (c, s) = (slug(client), slug(server));
    if s.is_empty() { c } else { format!("{c}-{s}") }
}

/// `base`, else `base-<project folder>`, else `base-2`, `base-3`, …: a name no client has.
fn unique_name(clients: &[InitClient], base: &str, path: &Path) -> String {
    let taken = |n: &str| clients.iter().any(|c| c.name == n);
    if !taken(base) {
        return base.to_string();
    }
    // The folder above the client's own hidden folder (`app` of `app/.vscode/mcp.json`).
    let project = path
        .ancestors()
        .skip(1)
        .find_map(|a| {
            a.file_name()
                .and_then(|n| n.to_str())
                .filter(|n| !n.starts_with('.'))
        })
        .map(|n| base_name(n, ""));
    if let Some(p) = project.filter(|p| !p.is_empty()) {
        let named = format!("{base}-{p}");
        if !taken(&named) {
            return named;
        }
    }
    (2..)
        .map(|i| format!("{base}-{i}"))
        .find(|n| !taken(n))
        .expect("an unused name")
}

/// A path as the roster writes it: relative to the roster's folder when under it, `~/…` when
/// under the home folder, else absolute.
fn shown_path(path: &Path, folder: &Path, home: Option<&Path>) -> String {
    // A file found under a relative --root is named from the current folder: the roster,
    // which may be elsewhere, takes its relative paths from its own folder.
    let path = &std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let abs_folder = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
    if let Ok(rel) = path.strip_prefix(&abs_folder)
        && !rel.as_os_str().is_empty()
    {
        return rel.display().to_string();
    }
    if let Some(home) = home
        && let Ok(rel) = path.strip_prefix(home)
    {
        return format!("~/{}", rel.display());
    }
    path.display().to_string()
}

/// Whether the roster can name `path`: what it writes for it expands back to it.
fn nameable(path: &Path, folder: &Path, home: Option<&Path>) -> bool {
    let shown = shown_path(path, folder, home);
    let abs_folder = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
    let real = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    crate::roster::expand_path_env(&shown).is_ok_and(|e| abs_folder.join(e) == real)
}

/// A TOML basic string.
fn q(s: &str) -> String {
    toml_edit::Value::from(s).to_string()
}

/// A JSON value as TOML (what [`take_claims`] kept can be written).
fn json_to_toml(v: &Value) -> String {
    crate::ops::client::toml_value("", v)
        .map(|v| v.to_string().trim().to_string())
        .unwrap_or_default()
}

/// A bare TOML key, or a quoted one (escaped: a key cannot span lines).
fn key(k: &str) -> String {
    toml_edit::Key::new(k).display_repr().into_owned()
}

/// The roster's text.
fn render(clients: &[InitClient], options: &InitOptions) -> String {
    let mut t = String::new();
    t.push_str(&format!(
        "# The clients of an MCP server and the files their tokens live in: the roster `jwtadm token\n\
         # issue-all`, `token status`, `secret rotate --roster` and `client revoke` read.\n\
         # Written by `jwtadm roster init` on {} from the MCP client configurations it found\n\
         # (`jwtadm config find` lists them). Review it, then: jwtadm token issue-all --patch --dry-run\n\n",
        crate::time::rfc3339(options.now)
    ));
    t.push_str("[defaults]\n");
    if options.var != DEFAULT_VAR {
        t.push_str(&format!("var = {}\n", q(options.var)));
    } else {
        t.push_str(&format!(
            "# var = {}                # the variable rewritten in configs (the default)\n",
            q(DEFAULT_VAR)
        ));
    }
    t.push_str("# expires = \"90d\"                        # every token's lifetime, unless a client says\n\n");
    match options.signer {
        Signer::Secret(source) => {
            t.push_str("[secret]\n");
            t.push_str(&format!(
                "source = {}    # where the signing secret lives (env:, file:, dotenv:, keyring:, command:)\n\
                 # secret rotate --roster and client revoke write the new secret here: they need file:,\n\
                 # dotenv: or keyring: (an env: variable can only be read)\n\n",
                q(source)
            ));
        }
        Signer::Key(source) => {
            t.push_str("[key]\n");
            t.push_str(&format!(
                "source = {}    # the private key tokens are signed with (file: or keyring:)\n\n",
                q(source)
            ));
        }
    }
    for c in clients {
        t.push_str(&format!("# Found in {}.\n", c.found_in.join(", ")));
        t.push_str("[[clients]]\n");
        t.push_str(&format!("name = {}\n", q(&c.name)));
        t.push_str(&format!(
            "sub = {}{}\n",
            q(&c.sub),
            if c.sub_from_token {
                "    # from the token there now"
            } else {
                ""
            }
        ));
        if let Some(iss) = &c.issuer {
            t.push_str(&format!("issuer = {}\n", q(iss)));
        }
        if let Some(aud) = &c.audience {
            t.push_str(&format!("audience = {}\n", json_to_toml(aud)));
        }
        if c.at_jwt {
            t.push_str(
                "profile = \"at+jwt\"    # the token there now is an access token (RFC 9068)\n",
            );
        }
        if let Some(id) = &c.client_id {
            t.push_str(&format!("client_id = {}\n", q(id)));
        }
        if let Some(scope) = &c.scope {
            t.push_str(&format!("scope = {}\n", q(scope)));
        }
        if let Some(e) = c.expires {
            t.push_str(&format!(
                "expires = {}    # the lifetime of the token there now\n",
                q(&crate::claims::format_duration(e))
            ));
        }
        if !c.configs.is_empty() {
            let items: Vec<String> = c
                .configs
                .iter()
                .map(|(path, server)| {
                    let mut parts = vec![format!("path = {}", q(path))];
                    if let Some(s) = server {
                        parts.push(format!("server = {}", q(s)));
                    }
                    if let Some(h) = options.header {
                        parts.push(format!("header = {}", q(h)));
                    }
                    format!("  {{ {} }},", parts.join(", "))
                })
                .collect();
            t.push_str(&format!("configs = [\n{}\n]\n", items.join("\n")));
        }
        if let Some((path, k)) = &c.dotenv {
            t.push_str(&format!(
                "dotenv = {{ path = {}, key = {} }}\n",
                q(path),
                q(k)
            ));
        }
        for other in &c.also_dotenv {
            t.push_str(&format!(
                "# {} holds this token too; a client has one dotenv entry\n",
                crate::output::escape(other, false)
            ));
        }
        for k in &c.dropped {
            t.push_str(&format!(
                "# the token there now has a claim {} a roster cannot hold (null, or an integer beyond TOML's); not kept\n",
                key(k)
            ));
        }
        if !c.claims.is_empty() {
            t.push_str("[clients.claims]    # from the token there now\n");
            for (k, v) in &c.claims {
                t.push_str(&format!("{} = {}\n", key(k), json_to_toml(v)));
            }
        }
        t.push('\n');
    }
    t
}

/// Write the roster at `out` in one atomic step: a new file, or with `force` the old one
/// replaced (its lock held, as every write of jwtadm holds it).
pub fn write(out: &Path, text: &str, force: bool) -> crate::error::Result<()> {
    crate::txn::plan::Plan::write_whole(out, |current| {
        if current.is_some() && !force {
            return Err(crate::error::Error::usage(format!(
                "{} already exists; pass --force to replace it",
                out.display()
            )));
        }
        Ok(text.to_string())
    })
}
