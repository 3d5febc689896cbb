//! The roster, `clients.toml`: every client of the MCP server, the files its token lives in,
//! and where the signing secret is.
//!
//! Parsing is strict: unknown keys, a missing or repeated `name` or `sub`, a bad duration, an
//! algorithm other than HS256/384/512, a registered claim under `claims` or an unknown secret
//! scheme are errors that name the file, line and column.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};
use toml::Spanned;

use crate::claims::parse_duration;
use crate::error::{Error, Result};
use crate::patch::{Target, line_col};
use crate::secret::{Encoding, SecretSource};
use crate::token::Alg;

/// The variable rewritten in configs when the roster does not name one.
pub const DEFAULT_VAR: &str = "EXAI_JWT_TOKEN";
/// A client's token lifetime when neither it nor `[defaults]` says.
pub const DEFAULT_EXPIRES: &str = "90d";
/// Claims the roster may not set under `[clients.claims]`: jwtadm sets them itself.
const REGISTERED: [&str; 7] = ["exp", "iat", "nbf", "jti", "sub", "iss", "aud"];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoster {
    audit_log: Option<Spanned<String>>,
    defaults: Option<RawDefaults>,
    secret: Option<RawSecret>,
    #[serde(default)]
    clients: Vec<Spanned<RawClient>>,
}

/// A span `off` bytes further on.
fn shift<T>(s: Spanned<T>, off: usize) -> Spanned<T> {
    let span = s.span();
    Spanned::new(span.start + off..span.end + off, s.into_inner())
}

fn shift_opt<T>(s: Option<Spanned<T>>, off: usize) -> Option<Spanned<T>> {
    s.map(|s| shift(s, off))
}

impl RawRoster {
    /// Every span `off` bytes further on: for a part of the roster parsed on its own.
    fn shifted(self, off: usize) -> RawRoster {
        RawRoster {
            audit_log: shift_opt(self.audit_log, off),
            defaults: self.defaults.map(|d| RawDefaults {
                expires: shift_opt(d.expires, off),
                algorithm: shift_opt(d.algorithm, off),
                ..d
            }),
            secret: self.secret.map(|s| RawSecret {
                source: shift_opt(s.source, off),
                encoding: shift_opt(s.encoding, off),
                keyring_store: shift_opt(s.keyring_store, off),
            }),
            clients: self
                .clients
                .into_iter()
                .map(|c| {
                    let c = shift(c, off);
                    let span = c.span();
                    let r = c.into_inner();
                    let client = RawClient {
                        name: shift(r.name, off),
                        sub: shift(r.sub, off),
                        expires: shift_opt(r.expires, off),
                        algorithm: shift_opt(r.algorithm, off),
                        configs: r.configs.into_iter().map(|cfg| shift(cfg, off)).collect(),
                        dotenv: r.dotenv.map(|d| RawDotenv {
                            path: shift(d.path, off),
                            ..d
                        }),
                        claims: r
                            .claims
                            .into_iter()
                            .map(|(k, v)| (shift(k, off), v))
                            .collect(),
                        ..r
                    };
                    Spanned::new(span, client)
                })
                .collect(),
        }
    }
}

/// Where each top-level `[[clients]]` header starts, found with the TOML lexer so that strings
/// and comments are never taken for one.
fn client_headers(text: &str) -> Vec<usize> {
    use toml_parser::lexer::TokenKind as K;
    let source = toml_parser::Source::new(text);
    let mut starts = Vec::new();
    let mut line: Vec<(K, usize, usize)> = Vec::with_capacity(8);
    let mut at_line_start = true;
    for token in source.lex() {
        let (kind, span) = (token.kind(), token.span());
        match kind {
            K::Newline | K::Eof => {
                let words: Vec<&(K, usize, usize)> = line
                    .iter()
                    .filter(|t| t.0 != K::Whitespace && t.0 != K::Comment)
                    .collect();
                let name = |t: &(K, usize, usize)| {
                    text[t.1..t.2]
                        .trim_matches(|c| c == '"' || c == '\'')
                        .to_string()
                };
                if let [open1, open2, key, close1, close2] = words.as_slice()
                    && open1.0 == K::LeftSquareBracket
                    && open2.0 == K::LeftSquareBracket
                    && open2.1 == open1.2
                    && matches!(key.0, K::Atom | K::BasicString | K::LiteralString)
                    && name(key) == "clients"
                    && close1.0 == K::RightSquareBracket
                    && close2.0 == K::RightSquareBracket
                    && close2.1 == close1.2
                {
                    starts.push(open1.1);
                }
                line.clear();
                at_line_start = true;
            }
            K::Whitespace if at_line_start && line.is_empty() => {}
            _ => {
                at_line_start = false;
                line.push((kind, span.start(), span.end()));
            }
        }
    }
    starts
}

/// Parse the roster one `[[clients]]` table at a time: a roster of ten thousand clients is
/// never held in memory as one parsed document, only as the clients it describes.
fn parse_raw(text: &str) -> std::result::Result<RawRoster, (std::ops::Range<usize>, String)> {
    let mut cuts: Vec<usize> = vec![0];
    cuts.extend(client_headers(text).into_iter().filter(|&s| s > 0));
    cuts.push(text.len());
    let mut merged = RawRoster::default();
    for w in cuts.windows(2) {
        let (off, end) = (w[0], w[1]);
        let part: RawRoster = toml::from_str(&text[off..end]).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            (
                span.start + off..span.end + off,
                e.message().trim_end().to_string(),
            )
        })?;
        let part = part.shifted(off);
        fn once<T>(
            slot: &mut Option<T>,
            value: Option<T>,
            key: &str,
            at: usize,
        ) -> std::result::Result<(), (std::ops::Range<usize>, String)> {
            if value.is_some() {
                if slot.is_some() {
                    return Err((at..at, format!("{key} is defined twice")));
                }
                *slot = value;
            }
            Ok(())
        }
        let first = |needle: &str| text[off..end].find(needle).map_or(off, |i| off + i);
        once(
            &mut merged.audit_log,
            part.audit_log,
            "audit_log",
            first("audit_log"),
        )?;
        once(
            &mut merged.defaults,
            part.defaults,
            "[defaults]",
            first("defaults"),
        )?;
        once(&mut merged.secret, part.secret, "[secret]", first("secret"))?;
        merged.clients.extend(part.clients);
    }
    Ok(merged)
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDefaults {
    issuer: Option<String>,
    audience: Option<OneOrMany>,
    expires: Option<Spanned<String>>,
    algorithm: Option<Spanned<String>>,
    var: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSecret {
    source: Option<Spanned<String>>,
    encoding: Option<Spanned<String>>,
    keyring_store: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClient {
    name: Spanned<String>,
    sub: Spanned<String>,
    expires: Option<Spanned<String>>,
    issuer: Option<String>,
    audience: Option<OneOrMany>,
    algorithm: Option<Spanned<String>>,
    var: Option<String>,
    #[serde(default)]
    configs: Vec<Spanned<RawConfig>>,
    dotenv: Option<RawDotenv>,
    #[serde(default)]
    claims: std::collections::BTreeMap<Spanned<String>, toml::Value>,
}

/// `audience`: a string or an array of strings.
#[derive(Debug, Clone)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("audience to be a string or an array of strings")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> std::result::Result<OneOrMany, E> {
                Ok(OneOrMany::One(s.to_string()))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<OneOrMany, A::Error> {
                let mut v = Vec::new();
                while let Some(item) = seq.next_element::<toml::Value>()? {
                    match item {
                        toml::Value::String(s) => v.push(s),
                        other => {
                            return Err(de::Error::custom(format!(
                                "audience must be a string or an array of strings, but this array holds {}",
                                other.type_str()
                            )));
                        }
                    }
                }
                Ok(OneOrMany::Many(v))
            }
        }
        d.deserialize_any(V)
    }
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

/// A config entry: a path, or a table with the path and where in it the token is.
#[derive(Debug)]
struct RawConfig {
    path: Spanned<String>,
    server: Option<String>,
    header: Option<String>,
    var: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfigTable {
    path: Spanned<String>,
    server: Option<String>,
    header: Option<String>,
    var: Option<String>,
}

impl<'de> Deserialize<'de> for RawConfig {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawConfig;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a path, or a table { path = …, server = …, header = …, var = … }")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> std::result::Result<RawConfig, E> {
                // A bare string has no span of its own here; the client's span is used instead.
                Ok(RawConfig {
                    path: Spanned::new(0..0, s.to_string()),
                    server: None,
                    header: None,
                    var: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                map: A,
            ) -> std::result::Result<RawConfig, A::Error> {
                let t = RawConfigTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawConfig {
                    path: t.path,
                    server: t.server,
                    header: t.header,
                    var: t.var,
                })
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDotenv {
    path: Spanned<String>,
    key: String,
}

/// Where in the roster a path was named: the roster's file and the line, for messages about
/// the path ("named in clients.toml:7").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub roster: PathBuf,
    pub line: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.roster.display(), self.line)
    }
}

impl Origin {
    /// `err` with a note saying where in the roster its path was named.
    pub fn note(&self, err: Error) -> Error {
        err.also(format!("named in {self}"))
    }
}

/// The variables a roster path may use; any other `$NAME` or `${NAME}` is refused, so that a
/// misspelt one (`${XDG_CONFIG_DIR}`) is named instead of being looked for as a file.
pub const PATH_VARS: [&str; 4] = ["HOME", "XDG_CONFIG_HOME", "APPDATA", "USERPROFILE"];

/// Expand a path as written in the roster: a leading `~` (or `~/…`) is the home folder
/// (`HOME`, else `USERPROFILE` on systems without one), `$HOME`/`${HOME}`,
/// `${XDG_CONFIG_HOME}` (`$HOME/.config` when unset, empty or not absolute, as the XDG spec
/// says), and `%APPDATA%`/`%USERPROFILE%` (recognised on every system, so a roster written for
/// Windows reads the same everywhere). `~user` is refused: looking other users up needs the
/// system's user database, which differs by platform, and a roster shared by several users
/// should name the folder itself. A variable that is unset or empty is an error naming it.
/// `env` looks variables up (`std::env::var` in jwtadm, a map in tests).
pub fn expand_path(
    raw: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> std::result::Result<String, String> {
    let get = |name: &str| env(name).filter(|v| !v.is_empty());
    // A home folder that is not an absolute path would be taken from the roster's folder,
    // which is neither what the shell nor the working folder says: refused, by name.
    let absolute = |name: &str, v: String| {
        if Path::new(&v).is_absolute() || v.starts_with('\\') || v.get(1..3) == Some(":\\") {
            Ok(v)
        } else {
            Err(format!("{name} is `{v}`, not an absolute path"))
        }
    };
    let home = || match get("HOME") {
        Some(h) => absolute("HOME", h),
        None => get("USERPROFILE")
            .map(|h| absolute("USERPROFILE", h))
            .unwrap_or_else(|| Err("`~` needs HOME, which is not set".to_string())),
    };
    let var = |name: &str| -> std::result::Result<String, String> {
        match name {
            "XDG_CONFIG_HOME" => match get(name).filter(|v| Path::new(v).is_absolute()) {
                Some(v) => Ok(v),
                None => match get("HOME") {
                    Some(h) => absolute("HOME", h).map(|h| format!("{h}/.config")),
                    None => Err(
                        "${XDG_CONFIG_HOME} is not set, and HOME (for its default $HOME/.config) is not set either"
                            .to_string(),
                    ),
                },
            },
            _ if PATH_VARS.contains(&name) => match get(name) {
                Some(v) => absolute(name, v),
                None => Err(format!("${{{name}}} is not set")),
            },
            _ => Err(format!(
                "${{{name}}} is not expanded in roster paths (only {})",
                PATH_VARS.join(", ")
            )),
        }
    };
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    if let Some(after) = raw.strip_prefix('~') {
        let end = after.find(['/', '\\']).unwrap_or(after.len());
        if end > 0 {
            return Err(format!(
                "`~{}` (another user's home folder) is not expanded; write the folder itself",
                &after[..end]
            ));
        }
        out.push_str(&home()?);
        rest = after;
    }
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_';
    while let Some(i) = rest.find(['$', '%']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(braced) = tail.strip_prefix("${") {
            let Some(close) = braced.find('}') else {
                return Err("`${` without its closing `}`".into());
            };
            out.push_str(&var(&braced[..close])?);
            rest = &braced[close + 1..];
        } else if let Some(bare) = tail.strip_prefix('$') {
            let len = bare.find(|c| !is_name(c)).unwrap_or(bare.len());
            if len == 0 {
                // A lone `$` is part of a name.
                out.push('$');
            } else {
                out.push_str(&var(&bare[..len])?);
            }
            rest = &bare[len..];
        } else {
            // `%NAME%`: only the Windows folders; any other `%` is part of a name.
            let inner = &tail[1..];
            match inner.find('%') {
                Some(close)
                    if ["APPDATA", "USERPROFILE"]
                        .iter()
                        .any(|v| inner[..close].eq_ignore_ascii_case(v)) =>
                {
                    out.push_str(&var(&inner[..close].to_ascii_uppercase())?);
                    rest = &inner[close + 1..];
                }
                _ => {
                    out.push('%');
                    rest = inner;
                }
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// [`expand_path`] with the process's environment.
pub fn expand_path_env(raw: &str) -> std::result::Result<String, String> {
    expand_path(raw, &|name| std::env::var(name).ok())
}

/// A file a client's token is written into.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    /// Expanded (`~`, `$HOME`, …) and resolved against the roster's folder.
    pub path: PathBuf,
    /// As written in the roster.
    pub shown: String,
    pub target: Target,
    /// Where the roster names it.
    pub origin: Origin,
}

/// A dotenv line a client's token is written into.
#[derive(Debug, Clone)]
pub struct DotenvEntry {
    pub path: PathBuf,
    pub shown: String,
    pub key: String,
    pub origin: Origin,
}

/// One client: who it is, what its token says, and where the token goes.
#[derive(Debug, Clone)]
pub struct Client {
    pub name: String,
    pub sub: String,
    pub iss: Option<String>,
    pub aud: Vec<String>,
    /// Lifetime in seconds.
    pub expires: i64,
    pub alg: Alg,
    pub configs: Vec<ConfigFile>,
    pub dotenv: Option<DotenvEntry>,
    /// Extra claims (name, role, quota, …).
    pub claims: Map<String, Value>,
}

/// A validated roster.
#[derive(Debug, Clone)]
pub struct Roster {
    pub path: PathBuf,
    pub audit_log: Option<PathBuf>,
    /// Where the roster names the audit log.
    pub audit_log_origin: Option<Origin>,
    pub secret: SecretSource,
    /// Where the roster names the secret (none: the default source).
    pub secret_origin: Option<Origin>,
    pub encoding: Encoding,
    pub clients: Vec<Client>,
}

impl Roster {
    /// Read and validate the roster at `path`.
    pub fn load(path: &Path) -> Result<Roster> {
        let text = crate::atomic::read_regular_string(path).map_err(|e| {
            let err = Error::io("reading roster", path, e);
            if !path.exists() {
                err.with_hint(format!(
                    "name a roster (jwtadm token issue-all ROSTER), or create {}: \
                     a [secret] table and a [[clients]] table per client with name, sub and configs \
                     (the README's \"The roster\" section has a complete one)",
                    path.display()
                ))
            } else {
                err
            }
        })?;
        Roster::parse(&text, path)
    }

    /// Validate `text`, the content of the roster at `path`.
    pub fn parse(text: &str, path: &Path) -> Result<Roster> {
        let at = |span: std::ops::Range<usize>, msg: String| {
            let (line, col) = line_col(text, span.start);
            Error::operational(format!("{}:{line}:{col}: {msg}", path.display()))
        };
        let raw = parse_raw(text).map_err(|(span, msg)| at(span, msg))?;
        let raw_defaults = raw.defaults.unwrap_or_default();
        let raw_secret = raw.secret.unwrap_or_default();
        // Paths in the roster are taken from its folder (left as written when that is the
        // current one, so messages show them as the user wrote them).
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let origin = |span: std::ops::Range<usize>| Origin {
            roster: path.to_path_buf(),
            line: line_col(text, span.start).0,
        };
        // `~`, `$HOME`, `${XDG_CONFIG_HOME}`, `%APPDATA%` …, then the roster's folder.
        let resolve = |p: &str, span: std::ops::Range<usize>, key: &str| {
            let p = expand_path_env(p).map_err(|why| at(span, format!("{key} \"{p}\": {why}")))?;
            Ok::<PathBuf, Error>(if Path::new(&p).is_absolute() {
                PathBuf::from(p)
            } else {
                dir.join(p)
            })
        };

        let secret = match &raw_secret.source {
            Some(s) => {
                // The path of a file: or dotenv: source is expanded; the message never quotes
                // the source, which may be a secret pasted in its place.
                let text = s.get_ref();
                let text = match text.split_once(':') {
                    Some((scheme @ ("file" | "dotenv"), rest)) => {
                        let rest = expand_path_env(rest)
                            .map_err(|why| at(s.span(), format!("secret.source: {why}")))?;
                        format!("{scheme}:{rest}")
                    }
                    _ => text.clone(),
                };
                text.parse::<SecretSource>()
                    .map_err(|e| at(s.span(), format!("secret.source: {e}")))?
            }
            None => SecretSource::default(),
        }
        .relative_to(&dir);
        let secret = match &raw_secret.keyring_store {
            Some(s) => {
                let store = s
                    .get_ref()
                    .parse()
                    .map_err(|e| at(s.span(), format!("secret.keyring_store: {e}")))?;
                secret
                    .with_store(Some(store))
                    .map_err(|e| at(s.span(), format!("secret.keyring_store: {e}")))?
            }
            None => secret,
        };
        let encoding = match &raw_secret.encoding {
            Some(s) => s
                .get_ref()
                .parse::<Encoding>()
                .map_err(|e| at(s.span(), format!("secret.encoding: {e}")))?,
            None => Encoding::Utf8,
        };
        let duration = |s: &Spanned<String>, key: &str| {
            let secs =
                parse_duration(s.get_ref()).map_err(|e| at(s.span(), format!("{key}: {e}")))?;
            if secs <= 0 {
                return Err(at(
                    s.span(),
                    format!("{key}: a token's lifetime must be more than zero"),
                ));
            }
            Ok(secs)
        };
        let algorithm = |s: &Spanned<String>| {
            s.get_ref()
                .parse::<Alg>()
                .map_err(|e| at(s.span(), format!("algorithm: {e}")))
        };
        let default_expires = match &raw_defaults.expires {
            Some(s) => duration(s, "defaults.expires")?,
            None => parse_duration(DEFAULT_EXPIRES).unwrap_or(90 * 86_400),
        };
        let default_alg = raw_defaults
            .algorithm
            .as_ref()
            .map(algorithm)
            .transpose()?
            .unwrap_or_default();
        let default_var = raw_defaults
            .var
            .clone()
            .unwrap_or_else(|| DEFAULT_VAR.to_string());

        let mut clients: Vec<Client> = Vec::with_capacity(raw.clients.len());
        let mut seen_names: std::collections::HashMap<String, usize> =
            std::collections::HashMap::with_capacity(raw.clients.len());
        let mut seen_subs: std::collections::HashMap<String, usize> =
            std::collections::HashMap::with_capacity(raw.clients.len());
        for spanned in raw.clients {
            let c = spanned.into_inner();
            for (what, value, seen) in [
                ("name", &c.name, &mut seen_names),
                ("sub", &c.sub, &mut seen_subs),
            ] {
                if value.get_ref().is_empty() {
                    return Err(at(value.span(), format!("clients.{what} is empty")));
                }
                if let Some(&first) = seen.get(value.get_ref()) {
                    // The line is counted only for the message: counting it for every client
                    // would make a large roster quadratic.
                    let first_line = line_col(text, first).0;
                    return Err(at(
                        value.span(),
                        format!(
                            "{what} \"{}\" is used by another client (line {first_line})",
                            value.get_ref()
                        ),
                    ));
                }
                seen.insert(value.get_ref().clone(), value.span().start);
            }
            let mut claims = Map::new();
            for (key, value) in &c.claims {
                let span = key.span();
                let key = key.get_ref();
                if REGISTERED.contains(&key.as_str()) {
                    return Err(at(
                        span,
                        format!(
                            "client \"{}\": `{key}` under claims is a registered claim jwtadm sets itself (use sub, issuer, audience or expires)",
                            c.name.get_ref()
                        ),
                    ));
                }
                claims.insert(key.clone(), toml_to_json(value));
            }
            let var = c.var.clone().unwrap_or_else(|| default_var.clone());
            let configs = c
                .configs
                .into_iter()
                .map(|cfg| {
                    let span = cfg.span();
                    let cfg = cfg.into_inner();
                    if cfg.path.get_ref().is_empty() {
                        return Err(at(
                            span,
                            format!("client \"{}\": a config path is empty", c.name.get_ref()),
                        ));
                    }
                    Ok(ConfigFile {
                        path: resolve(
                            cfg.path.get_ref(),
                            span.clone(),
                            &format!("client \"{}\": config", c.name.get_ref()),
                        )?,
                        origin: origin(span),
                        shown: cfg.path.get_ref().clone(),
                        target: Target {
                            var: cfg.var.unwrap_or_else(|| var.clone()),
                            server: cfg.server,
                            header: cfg.header,
                        },
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            clients.push(Client {
                expires: c
                    .expires
                    .as_ref()
                    .map(|s| duration(s, "expires"))
                    .transpose()?
                    .unwrap_or(default_expires),
                alg: c
                    .algorithm
                    .as_ref()
                    .map(algorithm)
                    .transpose()?
                    .unwrap_or(default_alg),
                iss: c.issuer.or_else(|| raw_defaults.issuer.clone()),
                aud: c
                    .audience
                    .or_else(|| raw_defaults.audience.clone())
                    .map(OneOrMany::into_vec)
                    .unwrap_or_default(),
                dotenv: c
                    .dotenv
                    .map(|d| {
                        Ok::<_, Error>(DotenvEntry {
                            path: resolve(
                                d.path.get_ref(),
                                d.path.span(),
                                &format!("client \"{}\": dotenv", c.name.get_ref()),
                            )?,
                            origin: origin(d.path.span()),
                            shown: d.path.into_inner(),
                            key: d.key,
                        })
                    })
                    .transpose()?,
                configs,
                claims,
                name: c.name.into_inner(),
                sub: c.sub.into_inner(),
            });
        }
        if clients.is_empty() {
            return Err(Error::operational(format!(
                "{}: the roster has no [[clients]]",
                path.display()
            )));
        }
        Ok(Roster {
            path: path.to_path_buf(),
            audit_log: raw
                .audit_log
                .as_ref()
                .map(|p| resolve(p.get_ref(), p.span(), "audit_log"))
                .transpose()?,
            audit_log_origin: raw.audit_log.as_ref().map(|p| origin(p.span())),
            secret_origin: raw_secret.source.as_ref().map(|s| origin(s.span())),
            secret,
            encoding,
            clients,
        })
    }

    /// The clients named by `only`, or all when it is empty. An unknown name is an error.
    pub fn select(&self, only: &[String]) -> Result<Vec<&Client>> {
        if only.is_empty() {
            return Ok(self.clients.iter().collect());
        }
        only.iter()
            .map(|name| {
                self.clients
                    .iter()
                    .find(|c| &c.name == name)
                    .ok_or_else(|| {
                        let names: Vec<&str> =
                            self.clients.iter().map(|c| c.name.as_str()).collect();
                        Error::usage(format!(
                            "--only {name}: no such client in {} (clients: {})",
                            self.path.display(),
                            names.join(", ")
                        ))
                    })
            })
            .collect()
    }
}

fn toml_to_json(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => {
            serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number)
        }
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
audit_log = "tokens.audit.jsonl"
[defaults]
issuer = "exai-mcp-server"
audience = "exai-mcp-client"
expires = "365d"
var = "EXAI_JWT_TOKEN"
[secret]
source = "dotenv:.env.docker#JWT_SECRET_KEY"
[[clients]]
name = "vscode1"
sub = "vscode1@exai-mcp.local"
expires = "90d"
configs = ["config/a.json", { path = ".cursor/mcp.json", server = "exai-mcp", header = "Authorization" }]
dotenv = { path = ".env", key = "EXAI_JWT_TOKEN_VSCODE1" }
[clients.claims]
role = "user"
quota = 100
[[clients]]
name = "claude"
sub = "claude@exai-mcp.local"
audience = ["a", "b"]
"#;

    fn parse(text: &str) -> Result<Roster> {
        Roster::parse(text, Path::new("dir/clients.toml"))
    }

    #[test]
    fn the_sample_parses_with_defaults_and_overrides() {
        let r = parse(SAMPLE).unwrap();
        assert_eq!(
            r.secret,
            SecretSource::Dotenv {
                path: "dir/.env.docker".into(),
                key: "JWT_SECRET_KEY".into()
            }
        );
        assert_eq!(
            r.audit_log.as_deref(),
            Some(Path::new("dir/tokens.audit.jsonl"))
        );
        let v = &r.clients[0];
        assert_eq!(v.expires, 90 * 86_400);
        assert_eq!(v.iss.as_deref(), Some("exai-mcp-server"));
        assert_eq!(v.aud, ["exai-mcp-client"]);
        assert_eq!(v.configs[0].path, Path::new("dir/config/a.json"));
        assert_eq!(v.configs[1].target.header.as_deref(), Some("Authorization"));
        assert_eq!(v.configs[1].target.var, "EXAI_JWT_TOKEN");
        assert_eq!(v.dotenv.as_ref().unwrap().key, "EXAI_JWT_TOKEN_VSCODE1");
        assert_eq!(v.claims["quota"], 100);
        let c = &r.clients[1];
        assert_eq!(c.expires, 365 * 86_400);
        assert_eq!(c.aud, ["a", "b"]);
    }

    fn err(text: &str) -> String {
        let e = parse(text).unwrap_err();
        assert_eq!(e.exit(), crate::error::Exit::Operational);
        e.to_string()
    }

    #[test]
    fn mistakes_name_the_file_line_and_column() {
        let e = err("[[clients]]\nname = \"a\"\nsub = \"a\"\nexpiry = \"1d\"\n");
        assert!(
            e.starts_with("dir/clients.toml:4:1: unknown field `expiry`"),
            "{e}"
        );
        let e = err("[[clients]]\nname = \"a\"\n");
        assert!(e.contains("missing field `sub`"), "{e}");
        let e =
            err("[[clients]]\nname = \"a\"\nsub = \"a\"\n[[clients]]\nname = \"a\"\nsub = \"b\"\n");
        assert!(
            e.starts_with("dir/clients.toml:5:8: name \"a\" is used by another client (line 2)"),
            "{e}"
        );
        let e =
            err("[[clients]]\nname = \"a\"\nsub = \"x\"\n[[clients]]\nname = \"b\"\nsub = \"x\"\n");
        assert!(e.contains("sub \"x\" is used by another client"), "{e}");
        let e =
            err("[defaults]\nexpires = \"1 fortnight\"\n[[clients]]\nname = \"a\"\nsub = \"a\"\n");
        assert!(
            e.starts_with("dir/clients.toml:2:11: defaults.expires"),
            "{e}"
        );
        let e = err("[defaults]\nalgorithm = \"none\"\n[[clients]]\nname = \"a\"\nsub = \"a\"\n");
        assert!(e.contains("algorithm: `none` is not an algorithm"), "{e}");
        let e = err("[secret]\nsource = \"vault:x\"\n[[clients]]\nname = \"a\"\nsub = \"a\"\n");
        assert!(e.contains("unknown secret scheme"), "{e}");
        let e = err("[[clients]]\nname = \"a\"\nsub = \"a\"\n[clients.claims]\nexp = 5\n");
        assert!(
            e.contains("`exp` under claims is a registered claim"),
            "{e}"
        );
        let e = err(
            "[[clients]]\nname = \"a\"\nsub = \"a\"\nconfigs = [{ path = \"x\", sever = \"s\" }]\n",
        );
        assert!(e.contains("unknown field `sever`"), "{e}");
        let e = err("not toml at all");
        assert!(e.starts_with("dir/clients.toml:1:"), "{e}");
        assert!(err("").contains("no [[clients]]"));
    }

    #[test]
    fn parsed_a_client_at_a_time_it_reads_as_one_document() {
        // Tables after the clients, a header inside a multi-line string, quoted and spaced
        // headers, and a comment that looks like one.
        let text = "[[clients]]\nname = \"a\"\nsub = \"a\"\n[clients.claims]\nnote = \"\"\"\n[[clients]]\n\"\"\"\n\
                    # [[clients]]\n  [[ \"clients\" ]]\nname = \"b\"\nsub = \"b\"\n[secret]\nsource = \"env:K\"\n\
                    [[clients]]\nname = \"c\"\nsub = \"c\"\n";
        let r = parse(text).unwrap();
        let names: Vec<&str> = r.clients.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(r.clients[0].claims["note"], "[[clients]]\n");
        assert_eq!(r.secret, SecretSource::Env("K".into()));
        assert_eq!(client_headers(text).len(), 3);
        let e = err(
            "[defaults]\nexpires = \"1d\"\n[[clients]]\nname = \"a\"\nsub = \"a\"\n[defaults]\nissuer = \"x\"\n",
        );
        assert!(e.contains("[defaults] is defined twice"), "{e}");
        let e = err(
            "[[clients]]\nname = \"a\"\nsub = \"a\"\n[[clients]]\nname = \"b\"\nsub = \"b\"\nexpires = \"-5d\"\n",
        );
        assert!(e.starts_with("dir/clients.toml:7:11: expires"), "{e}");
    }

    #[test]
    fn only_selects_by_name() {
        let r = parse(SAMPLE).unwrap();
        assert_eq!(
            r.select(&["claude".into()]).unwrap()[0].sub,
            "claude@exai-mcp.local"
        );
        assert_eq!(
            r.select(&["nobody".into()]).unwrap_err().exit(),
            crate::error::Exit::Usage
        );
    }

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: std::collections::HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k: &str| map.get(k).cloned()
    }

    #[test]
    fn home_and_config_folders_are_expanded() {
        let env = env_of(&[
            ("HOME", "/home/u"),
            ("APPDATA", r"C:\Users\u\AppData\Roaming"),
            ("USERPROFILE", r"C:\Users\u"),
        ]);
        let x = |p: &str| expand_path(p, &env);
        assert_eq!(
            x("~/.codex/config.toml").unwrap(),
            "/home/u/.codex/config.toml"
        );
        assert_eq!(x("~").unwrap(), "/home/u");
        assert_eq!(x("$HOME/a").unwrap(), "/home/u/a");
        assert_eq!(x("${HOME}/a").unwrap(), "/home/u/a");
        assert_eq!(
            x("${XDG_CONFIG_HOME}/zed/settings.json").unwrap(),
            "/home/u/.config/zed/settings.json"
        );
        assert_eq!(
            x("%APPDATA%\\Claude\\c.json").unwrap(),
            r"C:\Users\u\AppData\Roaming\Claude\c.json"
        );
        assert_eq!(
            x("%userprofile%/.cursor/mcp.json").unwrap(),
            r"C:\Users\u/.cursor/mcp.json"
        );
        // Not variables: kept as written.
        assert_eq!(x("a/~b/100%/c$"), Ok("a/~b/100%/c$".to_string()));
        assert_eq!(x("50%OFF%.json"), Ok("50%OFF%.json".to_string()));
        let with_xdg = env_of(&[("HOME", "/home/u"), ("XDG_CONFIG_HOME", "/cfg")]);
        assert_eq!(
            expand_path("${XDG_CONFIG_HOME}/a", &with_xdg).unwrap(),
            "/cfg/a"
        );
        // A relative XDG_CONFIG_HOME is ignored, as the XDG spec says.
        let relative = env_of(&[("HOME", "/home/u"), ("XDG_CONFIG_HOME", "cfg")]);
        assert_eq!(
            expand_path("${XDG_CONFIG_HOME}/a", &relative).unwrap(),
            "/home/u/.config/a"
        );
        // No HOME: Windows' USERPROFILE is the home folder.
        let windows = env_of(&[("USERPROFILE", r"C:\Users\u")]);
        assert_eq!(expand_path("~/x", &windows).unwrap(), r"C:\Users\u/x");
    }

    #[test]
    fn a_relative_home_is_refused_by_name() {
        // Found by the second red team: it was taken from the roster's folder.
        let relative = env_of(&[("HOME", "red2/p/home")]);
        let err = expand_path("~/.config/a.json", &relative).unwrap_err();
        assert!(
            err.contains("HOME is `red2/p/home`, not an absolute path"),
            "{err}"
        );
        assert!(expand_path("$HOME/a", &relative).is_err());
        assert!(expand_path("${XDG_CONFIG_HOME}/a", &relative).is_err());
        let windows = env_of(&[("APPDATA", "C:\\Users\\u\\AppData\\Roaming")]);
        assert!(expand_path("%APPDATA%/Claude/x.json", &windows).is_ok());
    }

    #[test]
    fn an_unset_or_unknown_variable_and_another_users_home_are_refused() {
        let none = env_of(&[("HOME", "")]);
        assert!(expand_path("~/a", &none).unwrap_err().contains("HOME"));
        assert!(
            expand_path("$HOME/a", &none)
                .unwrap_err()
                .contains("${HOME} is not set")
        );
        assert!(
            expand_path("%APPDATA%/a", &none)
                .unwrap_err()
                .contains("${APPDATA} is not set")
        );
        assert!(
            expand_path("${XDG_CONFIG_HOME}/a", &none)
                .unwrap_err()
                .contains("XDG_CONFIG_HOME")
        );
        let env = env_of(&[("HOME", "/home/u")]);
        let e = expand_path("${XDG_CONFIG_DIR}/a", &env).unwrap_err();
        assert!(e.contains("${XDG_CONFIG_DIR} is not expanded"), "{e}");
        let e = expand_path("~bob/a", &env).unwrap_err();
        assert!(e.contains("`~bob`"), "{e}");
        assert!(
            expand_path("${HOME/a", &env)
                .unwrap_err()
                .contains("closing")
        );
    }

    #[test]
    fn each_path_knows_its_roster_line() {
        let r = parse(SAMPLE).unwrap();
        let v = &r.clients[0];
        assert_eq!(v.configs[0].origin.line, 14);
        assert_eq!(v.configs[1].origin.line, 14);
        assert_eq!(v.dotenv.as_ref().unwrap().origin.line, 15);
        assert_eq!(r.audit_log_origin.as_ref().unwrap().line, 2);
        assert_eq!(
            r.secret_origin.as_ref().unwrap().to_string(),
            "dir/clients.toml:9"
        );
        let r = parse("[[clients]]\nname = \"a\"\nsub = \"a\"\nconfigs = [\n  \"x.json\",\n  \"y.json\",\n]\n").unwrap();
        let lines: Vec<usize> = r.clients[0].configs.iter().map(|c| c.origin.line).collect();
        assert_eq!(lines, [5, 6]);
    }
}
