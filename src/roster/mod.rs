//! The roster, `clients.toml`: every client of the MCP server, the files its token lives in,
//! and where the signing secret is.
//!
//! Parsing is strict: unknown keys, a missing or repeated `name` or `sub`, a bad duration, an
//! algorithm other than HS256/384/512, a registered claim under `claims` or an unknown secret
//! scheme are errors that name the file, line and column.

mod paths;
mod raw;
mod validate;

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::formats::Target;
use crate::jose::{Alg, Profile};
use crate::secret::Encoding;
use crate::store::SecretSource;

use paths::Doc;
pub use paths::{Origin, PATH_VARS, expand_path, expand_path_env};

/// The variable rewritten in configs when the roster does not name one.
pub const DEFAULT_VAR: &str = "EXAI_JWT_TOKEN";
/// A client's token lifetime when neither it nor `[defaults]` says.
pub const DEFAULT_EXPIRES: &str = "90d";

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
    /// The HMAC algorithm of a roster with a `[secret]`; a roster with a `[key]` signs every
    /// token with [`RosterKey::alg`] (or the key's own), and refuses `algorithm`.
    pub alg: Alg,
    /// jwt, or at+jwt for an OAuth access token (RFC 9068).
    pub profile: Profile,
    /// The client_id claim: the roster's, else under profile at+jwt the client's name.
    pub client_id: Option<String>,
    /// The scope claim, space-separated.
    pub scope: Option<String>,
    pub configs: Vec<ConfigFile>,
    pub dotenv: Option<DotenvEntry>,
    /// Extra claims (name, role, quota, …).
    pub claims: Map<String, Value>,
    /// When the client was revoked (`revoked = "…"`, Unix seconds): such a client is kept in
    /// [`Roster::revoked`] for the record, and no command issues, checks or writes its token.
    pub revoked: Option<i64>,
}

/// `[key]`: the key pair a roster signs with instead of a secret, and the JWK Set that
/// publishes its public half.
#[derive(Debug, Clone)]
pub struct RosterKey {
    /// Where the private key is (`file:` and `keyring:`; relative paths taken from the
    /// roster's folder).
    pub source: SecretSource,
    /// Where the roster names it.
    pub origin: Origin,
    /// `alg`: what every token is signed with; the key's own first algorithm when absent.
    pub alg: Option<Alg>,
    /// `jwks`: the JWK Set file kept listing the key (and the previous one during its grace).
    pub jwks: Option<PathBuf>,
    pub jwks_origin: Option<Origin>,
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
    /// `[key]`: a key pair to sign with, instead of the secret (whose fields then hold the
    /// default and are not used).
    pub key: Option<RosterKey>,
    /// The clients every command works on: those not revoked.
    pub clients: Vec<Client>,
    /// The clients marked `revoked`, kept for the record: skipped by every command.
    pub revoked: Vec<Client>,
}

impl Roster {
    /// Read and validate the roster at `path`.
    pub fn load(path: &Path) -> Result<Roster> {
        let text = crate::txn::read_regular_string(path).map_err(|e| {
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
        let doc = Doc::new(text, path);
        let raw = raw::parse_raw(text).map_err(|(span, msg)| doc.at(span, msg))?;
        let algorithms = raw
            .defaults
            .iter()
            .filter_map(|d| d.algorithm.as_ref())
            .chain(
                raw.clients
                    .iter()
                    .filter_map(|c| c.get_ref().algorithm.as_ref()),
            )
            .map(|a| a.span());
        validate::one_signer(&doc, raw.secret.as_ref(), raw.key.as_ref(), algorithms)?;
        let key = raw
            .key
            .as_ref()
            .map(|k| validate::key(&doc, k))
            .transpose()?;
        let raw_secret = raw.secret.map(|s| s.into_inner()).unwrap_or_default();
        let (secret, encoding) = validate::secret(&doc, &raw_secret)?;
        let defaults = validate::defaults(&doc, raw.defaults.unwrap_or_default())?;
        let mut unique = validate::Unique::with_capacity(raw.clients.len());
        let mut clients: Vec<Client> = Vec::with_capacity(raw.clients.len());
        let mut revoked: Vec<Client> = Vec::new();
        for spanned in raw.clients {
            let c = spanned.into_inner();
            // A revoked client keeps its name and sub: they are its record's.
            unique.check(&doc, &c)?;
            let client = validate::client(&doc, &defaults, c)?;
            if client.revoked.is_some() {
                revoked.push(client);
            } else {
                clients.push(client);
            }
        }
        if clients.is_empty() && revoked.is_empty() {
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
                .map(|p| doc.resolve(p.get_ref(), p.span(), "audit_log"))
                .transpose()?,
            audit_log_origin: raw.audit_log.as_ref().map(|p| doc.origin(p.span())),
            secret_origin: raw_secret.source.as_ref().map(|s| doc.origin(s.span())),
            secret,
            encoding,
            key,
            clients,
            revoked,
        })
    }

    /// Where what the roster signs with is kept: its `[key]`'s source, else its secret's.
    pub fn signing_source(&self) -> &SecretSource {
        self.key.as_ref().map_or(&self.secret, |k| &k.source)
    }

    /// Where the roster names what it signs with: its `[key]` source, else its `[secret]`
    /// source, else (the default secret) the roster itself.
    pub fn signer_named(&self) -> String {
        match (&self.key, &self.secret_origin) {
            (Some(k), _) => k.origin.to_string(),
            (None, Some(origin)) => origin.to_string(),
            (None, None) => self.path.display().to_string(),
        }
    }

    /// Refuse a run over a roster whose every client is revoked: there is nothing to issue or
    /// check, and saying so beats an empty table.
    pub fn require_active(&self) -> Result<()> {
        if !self.clients.is_empty() {
            return Ok(());
        }
        let names: Vec<&str> = self.revoked.iter().map(|c| c.name.as_str()).collect();
        Err(Error::operational(format!(
            "{}: every client is revoked ({}); nothing to do",
            self.path.display(),
            names.join(", ")
        ))
        .with_hint(format!(
            "add a client with: jwtadm client add NAME --sub SUB --roster {}",
            crate::output::shell_quote(&self.path.display().to_string())
        )))
    }

    /// The revoked client named `name`, if there is one.
    pub fn revoked_named(&self, name: &str) -> Option<&Client> {
        self.revoked.iter().find(|c| c.name == name)
    }

    /// The error for a revoked client named where a command wants an active one (`flag`:
    /// how it was named, e.g. `--only vscode1`).
    pub fn revoked_error(&self, c: &Client, flag: &str) -> Error {
        Error::usage(format!(
            "{flag}: client {} was revoked at {}; it is kept in {} for the record, and every command skips it",
            c.name,
            crate::time::rfc3339(c.revoked.unwrap_or_default()),
            self.path.display()
        ))
    }

    /// The clients named by `only`, or all when it is empty. An unknown name is an error; so
    /// is a revoked one's, naming it as revoked.
    pub fn select(&self, only: &[String]) -> Result<Vec<&Client>> {
        if only.is_empty() {
            self.require_active()?;
            return Ok(self.clients.iter().collect());
        }
        only.iter()
            .map(|name| {
                if let Some(c) = self.revoked_named(name) {
                    return Err(self.revoked_error(c, &format!("--only {name}")));
                }
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

#[cfg(test)]
mod tests {
    use super::raw::client_headers;
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
    fn a_key_roster_names_its_key_alg_and_jwks() {
        let r = parse(
            "[key]\nsource = \"file:keys/signing.pem\"\nalg = \"RS384\"\njwks = \"public/jwks.json\"\n[[clients]]\nname = \"a\"\nsub = \"a\"\n",
        )
        .unwrap();
        let k = r.key.clone().unwrap();
        assert_eq!(k.source, SecretSource::File("dir/keys/signing.pem".into()));
        assert_eq!(k.alg, Some(Alg::RS384));
        assert_eq!(k.jwks.as_deref(), Some(Path::new("dir/public/jwks.json")));
        assert_eq!(k.origin.to_string(), "dir/clients.toml:2");
        assert_eq!(k.jwks_origin.unwrap().line, 4);
        assert_eq!(r.signer_named(), "dir/clients.toml:2");
        let r = parse("[key]\nsource = \"file:k.pem\"\n[[clients]]\nname = \"a\"\nsub = \"a\"\n")
            .unwrap();
        assert_eq!(r.key.unwrap().alg, None);
    }

    #[test]
    fn a_roster_signs_with_a_secret_or_a_key_not_both() {
        let e = err(
            "[secret]\nsource = \"env:K\"\n\n[key]\nsource = \"file:k.pem\"\n[[clients]]\nname = \"a\"\nsub = \"a\"\n",
        );
        assert!(
            e.starts_with("dir/clients.toml:4:1: [key] and [secret] (line 1) are both given"),
            "{e}"
        );
        // In either order, and with clients in between.
        let e = err(
            "[key]\nsource = \"file:k.pem\"\n[[clients]]\nname = \"a\"\nsub = \"a\"\n[secret]\nsource = \"env:K\"\n",
        );
        assert!(
            e.starts_with("dir/clients.toml:6:1: [secret] and [key] (line 1) are both given"),
            "{e}"
        );
        let e = err(
            "[defaults]\nalgorithm = \"HS256\"\n[key]\nsource = \"file:k.pem\"\n[[clients]]\nname = \"a\"\nsub = \"a\"\n",
        );
        assert!(
            e.starts_with("dir/clients.toml:2:13: algorithm is for a roster with a [secret]"),
            "{e}"
        );
        let e = err(
            "[key]\nsource = \"file:k.pem\"\n[[clients]]\nname = \"a\"\nsub = \"a\"\nalgorithm = \"ES256\"\n",
        );
        assert!(e.starts_with("dir/clients.toml:6:13: algorithm"), "{e}");
        let e = err(
            "[key]\nsource = \"file:k.pem\"\nalg = \"HS256\"\n[[clients]]\nname = \"a\"\nsub = \"a\"\n",
        );
        assert!(
            e.starts_with("dir/clients.toml:3:7: key.alg: HS256 signs with a shared secret"),
            "{e}"
        );
        let e = err("[key]\nalg = \"ES256\"\n[[clients]]\nname = \"a\"\nsub = \"a\"\n");
        assert!(e.contains("missing field `source`"), "{e}");
        let e = err("[key]\nsource = \"vault:x\"\n[[clients]]\nname = \"a\"\nsub = \"a\"\n");
        assert!(e.contains("key.source: unknown secret scheme"), "{e}");
        let e = err(
            "[key]\nsource = \"file:k.pem\"\n[key]\nsource = \"file:k.pem\"\n[[clients]]\nname = \"a\"\nsub = \"a\"\n",
        );
        assert!(e.starts_with("dir/clients.toml:3:"), "{e}");
    }

    #[test]
    fn an_access_token_client_gets_its_profile_client_id_and_scope() {
        let text = "[defaults]\nissuer = \"https://auth.example.com\"\naudience = \"https://mcp.example.com/mcp\"\nscope = \"mcp:tools\"\n\
                    [[clients]]\nname = \"vscode1\"\nsub = \"a\"\nprofile = \"at+jwt\"\n\
                    [[clients]]\nname = \"ci\"\nsub = \"b\"\nprofile = \"AT+JWT\"\nclient_id = \"ci-runner\"\nscope = \"mcp:read  mcp:tools\"\n\
                    [[clients]]\nname = \"plain\"\nsub = \"c\"\n";
        let r = parse(text).unwrap();
        let [v, ci, plain] = &r.clients[..] else {
            panic!()
        };
        assert_eq!(v.profile, Profile::AtJwt);
        assert_eq!(
            v.client_id.as_deref(),
            Some("vscode1"),
            "the name by default"
        );
        assert_eq!(v.scope.as_deref(), Some("mcp:tools"), "from [defaults]");
        assert_eq!(ci.client_id.as_deref(), Some("ci-runner"));
        assert_eq!(ci.scope.as_deref(), Some("mcp:read mcp:tools"));
        assert_eq!(plain.profile, Profile::Jwt);
        assert_eq!(plain.client_id, None);
        let r = parse("[defaults]\nprofile = \"at+jwt\"\nissuer = \"i\"\naudience = \"a\"\n[[clients]]\nname = \"x\"\nsub = \"x\"\n").unwrap();
        assert_eq!(r.clients[0].profile, Profile::AtJwt);
    }

    #[test]
    fn an_access_token_client_without_issuer_or_audience_is_refused_where_it_says_so() {
        let client = "[[clients]]\nname = \"a\"\nsub = \"a\"\n";
        for (text, starts) in [
            (
                format!("{client}issuer = \"i\"\nprofile = \"at+jwt\"\n"),
                "dir/clients.toml:5:11: client \"a\": profile at+jwt needs audience",
            ),
            (
                format!("[defaults]\nprofile = \"at+jwt\"\n{client}"),
                "dir/clients.toml:4:8: client \"a\": profile at+jwt needs issuer and audience",
            ),
            (
                format!("{client}profile = \"dpop+jwt\"\n"),
                "dir/clients.toml:4:11: profile: `dpop+jwt` is not a profile",
            ),
            (
                format!("[defaults]\nscope = \"a\\\\b\"\n{client}"),
                "dir/clients.toml:2:9: defaults.scope:",
            ),
            (
                format!("{client}client_id = \"\"\n"),
                "dir/clients.toml:4:13: client \"a\": client_id is empty",
            ),
            (
                format!("{client}scope = \"x\"\n[clients.claims]\nscope = \"y\"\n"),
                "dir/clients.toml:6:1: client \"a\": `scope` under claims",
            ),
            // The profile's claim rules, wherever the claim is given.
            (
                format!(
                    "[defaults]\nprofile = \"at+jwt\"\nissuer = \"i\"\naudience = \"a\"\n{client}[clients.claims]\nrole = \"r\"\nscope = 5\n"
                ),
                "dir/clients.toml:10:1: client \"a\": scope is a number",
            ),
            (
                format!(
                    "[defaults]\nprofile = \"at+jwt\"\nissuer = \"i\"\naudience = \"a\"\n{client}[clients.claims]\nscope = \"a  b\"\n"
                ),
                "dir/clients.toml:9:1: client \"a\": scope: \"a  b\" is not a list of scopes",
            ),
            // An empty issuer or audience names nothing, whatever the profile.
            (
                format!(
                    "[defaults]\nprofile = \"at+jwt\"\nissuer = \"\"\naudience = \"a\"\n{client}"
                ),
                "dir/clients.toml:3:10: defaults.issuer is empty",
            ),
            (
                format!("[defaults]\nissuer = \"i\"\naudience = [\"a\", \"\"]\n{client}"),
                "dir/clients.toml:3:12: defaults.audience holds an empty string",
            ),
            (
                format!("{client}profile = \"at+jwt\"\nissuer = \"i\"\naudience = [\"\"]\n"),
                "dir/clients.toml:6:12: audience holds an empty string",
            ),
            (
                format!("{client}issuer = \"\"\n"),
                "dir/clients.toml:4:10: issuer is empty",
            ),
        ] {
            let e = err(&text);
            assert!(e.starts_with(starts), "{e}");
        }
        // A plain client may still carry them as claims of its own.
        let r = parse(&format!(
            "{client}[clients.claims]\nscope = \"y\"\nclient_id = \"z\"\n"
        ))
        .unwrap();
        assert_eq!(r.clients[0].claims["scope"], "y");
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
