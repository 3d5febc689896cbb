//! From the roster as written to a validated one: a function a step (the secret, the defaults,
//! one client, the uniqueness of names and subs), each error at the `file:line:col` of the value
//! it is about. The steps run in the order their errors are reported.

use std::collections::HashMap;

use serde_json::{Map, Value};
use toml::Spanned;

use super::paths::{Doc, expand_path_env};
use super::raw::{OneOrMany, RawClient, RawConfig, RawDefaults, RawDotenv, RawKey, RawSecret};
use super::{Client, ConfigFile, DEFAULT_EXPIRES, DEFAULT_VAR, DotenvEntry, RosterKey};
use crate::claims::parse_duration;
use crate::error::Result;
use crate::formats::Target;
use crate::jose::{Alg, Profile};
use crate::secret::Encoding;
use crate::store::SecretSource;

/// Claims the roster may not set under `[clients.claims]`: jwtadm sets them itself.
const REGISTERED: [&str; 7] = ["exp", "iat", "nbf", "jti", "sub", "iss", "aud"];

/// `[secret]`: where the secret is (relative paths taken from the roster's folder) and how its
/// text becomes key bytes.
pub(super) fn secret(doc: &Doc, raw: &RawSecret) -> Result<(SecretSource, Encoding)> {
    let secret = match &raw.source {
        Some(s) => source(doc, s, "secret")?,
        None => SecretSource::default(),
    }
    .relative_to(doc.dir());
    let secret = in_store(doc, secret, raw.keyring_store.as_ref(), "secret")?;
    let encoding = match &raw.encoding {
        Some(s) => s
            .get_ref()
            .parse::<Encoding>()
            .map_err(|e| doc.at(s.span(), format!("secret.encoding: {e}")))?,
        None => Encoding::Utf8,
    };
    Ok((secret, encoding))
}

/// `[key]`: where the private key is, the algorithm it signs with and the JWK Set that
/// publishes it (relative paths taken from the roster's folder).
pub(super) fn key(doc: &Doc, raw: &Spanned<RawKey>) -> Result<RosterKey> {
    let k = raw.get_ref();
    let source = source(doc, &k.source, "key")?.relative_to(doc.dir());
    let source = in_store(doc, source, k.keyring_store.as_ref(), "key")?;
    let alg = match &k.alg {
        Some(s) => {
            let alg = s
                .get_ref()
                .parse::<Alg>()
                .map_err(|e| doc.at(s.span(), format!("key.alg: {e}")))?;
            if alg.is_hmac() {
                return Err(doc.at(
                    s.span(),
                    format!(
                        "key.alg: {alg} signs with a shared secret, given in [secret]; a [key] signs with {}",
                        Alg::list(Alg::ASYMMETRIC)
                    ),
                ));
            }
            Some(alg)
        }
        None => None,
    };
    let jwks = k
        .jwks
        .as_ref()
        .map(|p| doc.resolve(p.get_ref(), p.span(), "key.jwks"))
        .transpose()?;
    Ok(RosterKey {
        source,
        origin: doc.origin(k.source.span()),
        alg,
        jwks_origin: k.jwks.as_ref().map(|p| doc.origin(p.span())),
        jwks,
    })
}

/// A roster signs with one of `[secret]` and `[key]`; and with a key, every token with the
/// key's algorithm, so `algorithm` (an HMAC one, in `[defaults]` or a client) is refused where
/// it is written.
pub(super) fn one_signer(
    doc: &Doc,
    secret: Option<&Spanned<RawSecret>>,
    key: Option<&Spanned<RawKey>>,
    algorithms: impl Iterator<Item = std::ops::Range<usize>>,
) -> Result<()> {
    let Some(key) = key else {
        return Ok(());
    };
    if let Some(secret) = secret {
        let (first, second) = if secret.span().start < key.span().start {
            (("[secret]", secret.span()), ("[key]", key.span()))
        } else {
            (("[key]", key.span()), ("[secret]", secret.span()))
        };
        return Err(doc.at(
            second.1,
            format!(
                "{} and {} (line {}) are both given: a roster signs with a shared secret or with a key pair, not both",
                second.0,
                first.0,
                doc.line(first.1.start)
            ),
        ));
    }
    if let Some(span) = algorithms.into_iter().next() {
        return Err(doc.at(
            span,
            format!(
                "algorithm is for a roster with a [secret]; with a [key] (line {}), every token is signed with the key's algorithm: set it with alg in [key]",
                doc.line(key.span().start)
            ),
        ));
    }
    Ok(())
}

/// A signing source as the roster names it under `table` (`secret` or `key`), with the path
/// of a `file:` or `dotenv:` source expanded. The message never quotes the source, which may
/// be a secret pasted in its place.
fn source(doc: &Doc, s: &Spanned<String>, table: &str) -> Result<SecretSource> {
    let text = s.get_ref();
    let text = match text.split_once(':') {
        Some((scheme @ ("file" | "dotenv"), rest)) => {
            let rest = expand_path_env(rest)
                .map_err(|why| doc.at(s.span(), format!("{table}.source: {why}")))?;
            format!("{scheme}:{rest}")
        }
        _ => text.clone(),
    };
    text.parse::<SecretSource>()
        .map_err(|e| doc.at(s.span(), format!("{table}.source: {e}")))
}

/// `source` in the keyring store `store` names, under `table`.
fn in_store(
    doc: &Doc,
    source: SecretSource,
    store: Option<&Spanned<String>>,
    table: &str,
) -> Result<SecretSource> {
    let Some(s) = store else {
        return Ok(source);
    };
    let at = |e: String| doc.at(s.span(), format!("{table}.keyring_store: {e}"));
    let store = s.get_ref().parse().map_err(at)?;
    source.with_store(Some(store)).map_err(at)
}

/// `[defaults]`, with jwtadm's own where it says nothing.
pub(super) struct Defaults {
    expires: i64,
    alg: Alg,
    var: String,
    issuer: Option<String>,
    audience: Option<OneOrMany>,
    profile: Profile,
    scope: Option<String>,
}

pub(super) fn defaults(doc: &Doc, raw: RawDefaults) -> Result<Defaults> {
    let expires = match &raw.expires {
        Some(s) => duration(doc, s, "defaults.expires")?,
        None => parse_duration(DEFAULT_EXPIRES).unwrap_or(90 * 86_400),
    };
    let alg = raw
        .algorithm
        .as_ref()
        .map(|s| algorithm(doc, s))
        .transpose()?
        .unwrap_or_default();
    Ok(Defaults {
        expires,
        alg,
        var: raw.var.unwrap_or_else(|| DEFAULT_VAR.to_string()),
        issuer: issuer(doc, raw.issuer, "defaults.issuer")?,
        audience: audience(doc, raw.audience, "defaults.audience")?,
        profile: raw
            .profile
            .as_ref()
            .map(|s| profile(doc, s, "defaults.profile"))
            .transpose()?
            .unwrap_or_default(),
        scope: raw
            .scope
            .as_ref()
            .map(|s| scope(doc, s, "defaults.scope"))
            .transpose()?,
    })
}

/// `issuer`, named by `key`: a name, not an empty string, for every profile (the `iss` of a
/// token must identify its issuer; `""` is most often a variable that was never set).
fn issuer(doc: &Doc, s: Option<Spanned<String>>, key: &str) -> Result<Option<String>> {
    match s {
        Some(s) if s.get_ref().is_empty() => Err(doc.at(
            s.span(),
            format!("{key} is empty: name the issuer, or leave {key} out for tokens without iss"),
        )),
        s => Ok(s.map(Spanned::into_inner)),
    }
}

/// `audience`, named by `key`: names, none of them an empty string, for every profile.
fn audience(doc: &Doc, a: Option<Spanned<OneOrMany>>, key: &str) -> Result<Option<OneOrMany>> {
    let Some(a) = a else {
        return Ok(None);
    };
    let empty = match a.get_ref() {
        OneOrMany::One(s) => s.is_empty(),
        OneOrMany::Many(v) => v.iter().any(String::is_empty),
    };
    if empty {
        return Err(doc.at(
            a.span(),
            format!(
                "{key} holds an empty string: name each audience, or leave {key} out for tokens without aud"
            ),
        ));
    }
    Ok(Some(a.into_inner()))
}

/// `profile`: jwt or at+jwt.
fn profile(doc: &Doc, s: &Spanned<String>, key: &str) -> Result<Profile> {
    s.get_ref()
        .parse()
        .map_err(|e| doc.at(s.span(), format!("{key}: {e}")))
}

/// `scope`: space-separated scopes (RFC 6749 §3.3), written back with one space between.
fn scope(doc: &Doc, s: &Spanned<String>, key: &str) -> Result<String> {
    crate::oauth::scopes(std::slice::from_ref(s.get_ref()))
        .map(|list| list.join(" "))
        .map_err(|e| doc.at(s.span(), format!("{key}: {e}")))
}

/// A token's lifetime, named by `key`: a duration of more than zero seconds.
fn duration(doc: &Doc, s: &Spanned<String>, key: &str) -> Result<i64> {
    let secs = parse_duration(s.get_ref()).map_err(|e| doc.at(s.span(), format!("{key}: {e}")))?;
    if secs <= 0 {
        return Err(doc.at(
            s.span(),
            format!("{key}: a token's lifetime must be more than zero"),
        ));
    }
    Ok(secs)
}

/// `revoked`: when the client was revoked, an RFC 3339 time (or a date), as Unix seconds.
fn revoked(doc: &Doc, s: &Spanned<String>) -> Result<i64> {
    crate::time::parse_instant(s.get_ref())
        .map(|t| t.timestamp())
        .map_err(|e| doc.at(s.span(), format!("revoked: {e}")))
}

fn algorithm(doc: &Doc, s: &Spanned<String>) -> Result<Alg> {
    s.get_ref()
        .parse::<Alg>()
        .map_err(|e| doc.at(s.span(), format!("algorithm: {e}")))
}

/// The names and subs of the clients read so far, each with where it was first named.
pub(super) struct Unique {
    names: HashMap<String, usize>,
    subs: HashMap<String, usize>,
}

impl Unique {
    pub(super) fn with_capacity(clients: usize) -> Unique {
        Unique {
            names: HashMap::with_capacity(clients),
            subs: HashMap::with_capacity(clients),
        }
    }

    /// Refuse a client whose name or sub is empty or is another client's; remember both.
    pub(super) fn check(&mut self, doc: &Doc, c: &RawClient) -> Result<()> {
        for (what, value, seen) in [
            ("name", &c.name, &mut self.names),
            ("sub", &c.sub, &mut self.subs),
        ] {
            if value.get_ref().is_empty() {
                return Err(doc.at(value.span(), format!("clients.{what} is empty")));
            }
            if let Some(&first) = seen.get(value.get_ref()) {
                // The line is counted only for the message: counting it for every client
                // would make a large roster quadratic.
                let first_line = doc.line(first);
                return Err(doc.at(
                    value.span(),
                    format!(
                        "{what} \"{}\" is used by another client (line {first_line})",
                        value.get_ref()
                    ),
                ));
            }
            seen.insert(value.get_ref().clone(), value.span().start);
        }
        Ok(())
    }
}

/// One `[[clients]]` table, with `[defaults]` filling in what it does not say.
pub(super) fn client(doc: &Doc, defaults: &Defaults, mut c: RawClient) -> Result<Client> {
    let name = c.name.get_ref();
    let claims = claims(doc, name, &c.claims)?;
    let access = access_token(doc, defaults, &c)?;
    // client_id and scope have keys of their own: the same claim under claims is refused.
    for (key, set, by) in [
        (
            "client_id",
            access.client_id.is_some(),
            "client_id (under profile at+jwt, the client's name unless client_id says otherwise)",
        ),
        (
            "scope",
            access.scope.is_some(),
            "scope (the client's, or [defaults]')",
        ),
    ] {
        if set && let Some(k) = c.claims.keys().find(|k| k.get_ref() == key) {
            return Err(doc.at(
                k.span(),
                format!("client \"{name}\": `{key}` under claims is set already by {by}"),
            ));
        }
    }
    let iss = issuer(doc, c.issuer.take(), "issuer")?.or_else(|| defaults.issuer.clone());
    let aud = audience(doc, c.audience.take(), "audience")?
        .or_else(|| defaults.audience.clone())
        .map(OneOrMany::into_vec)
        .unwrap_or_default();
    if access.profile == Profile::AtJwt {
        let missing: Vec<&str> = [("issuer", iss.is_none()), ("audience", aud.is_empty())]
            .into_iter()
            .filter_map(|(key, absent)| absent.then_some(key))
            .collect();
        if !missing.is_empty() {
            let at = c.profile.as_ref().map_or(c.name.span(), |p| p.span());
            return Err(doc.at(
                at,
                format!(
                    "client \"{name}\": profile at+jwt needs {}: RFC 9068 §2.2 requires iss and aud in every access token; set {} on the client or in [defaults]",
                    missing.join(" and "),
                    missing.join(" and ")
                ),
            ));
        }
        profile_rules(doc, &c, &claims, &access, (&iss, &aud))?;
    }
    let var = c.var.unwrap_or_else(|| defaults.var.clone());
    let configs = c
        .configs
        .into_iter()
        .map(|cfg| config(doc, name, &var, cfg))
        .collect::<Result<Vec<_>>>()?;
    let expires = match &c.expires {
        Some(s) => duration(doc, s, "expires")?,
        None => defaults.expires,
    };
    let alg = match &c.algorithm {
        Some(s) => algorithm(doc, s)?,
        None => defaults.alg,
    };
    let dotenv = c.dotenv.map(|d| dotenv(doc, name, d)).transpose()?;
    let revoked = c.revoked.as_ref().map(|s| revoked(doc, s)).transpose()?;
    Ok(Client {
        revoked,
        expires,
        alg,
        iss,
        aud,
        profile: access.profile,
        client_id: access.client_id,
        scope: access.scope,
        dotenv,
        configs,
        claims,
        name: c.name.into_inner(),
        sub: c.sub.into_inner(),
    })
}

/// The claims of an access-token client's tokens, as `token issue-all` signs them (but iat, exp
/// and jti, which it sets itself) break none of the profile's rules ([`Profile::fault`]),
/// whichever key of the roster gave them: the error is at that key.
fn profile_rules(
    doc: &Doc,
    c: &RawClient,
    claims: &Map<String, Value>,
    access: &Access,
    (iss, aud): (&Option<String>, &[String]),
) -> Result<()> {
    let signed = crate::claims::ClaimSpec {
        sub: c.sub.get_ref().clone(),
        iss: iss.clone(),
        aud: aud.to_vec(),
        client_id: access.client_id.clone(),
        scope: access.scope.clone(),
        extra: claims.clone(),
        ..Default::default()
    }
    .build()?;
    let Some(fault) = access.profile.fault(&signed) else {
        return Ok(());
    };
    let at = match c.claims.keys().find(|k| k.get_ref() == fault.claim) {
        Some(k) => k.span(),
        None => match fault.claim {
            "sub" => c.sub.span(),
            "client_id" => c.client_id.as_ref().map_or(c.name.span(), |s| s.span()),
            "scope" => c.scope.as_ref().map_or(c.name.span(), |s| s.span()),
            _ => c.profile.as_ref().map_or(c.name.span(), |p| p.span()),
        },
    };
    Err(doc.at(at, format!("client \"{}\": {fault}", c.name.get_ref())))
}

/// What makes a client's token an access token, or not: its profile, and the client_id and
/// scope it carries.
struct Access {
    profile: Profile,
    client_id: Option<String>,
    scope: Option<String>,
}

/// A client's profile, client_id and scope, `[defaults]` filling in the profile and scope.
/// Under profile at+jwt, client_id is the client's name unless it says otherwise.
fn access_token(doc: &Doc, defaults: &Defaults, c: &RawClient) -> Result<Access> {
    let name = c.name.get_ref();
    let profile = match &c.profile {
        Some(s) => profile(doc, s, "profile")?,
        None => defaults.profile,
    };
    let scope = match &c.scope {
        Some(s) => Some(scope(doc, s, "scope")?),
        None => defaults.scope.clone(),
    };
    let client_id = match &c.client_id {
        Some(s) if s.get_ref().is_empty() => {
            return Err(doc.at(s.span(), format!("client \"{name}\": client_id is empty")));
        }
        Some(s) => Some(s.get_ref().clone()),
        None if profile == Profile::AtJwt => Some(name.clone()),
        None => None,
    };
    Ok(Access {
        profile,
        client_id,
        scope,
    })
}

/// `[clients.claims]` as JSON, refusing the registered claims jwtadm sets itself.
fn claims(
    doc: &Doc,
    client: &str,
    raw: &std::collections::BTreeMap<Spanned<String>, toml::Value>,
) -> Result<Map<String, Value>> {
    let mut claims = Map::new();
    for (key, value) in raw {
        let span = key.span();
        let key = key.get_ref();
        if REGISTERED.contains(&key.as_str()) {
            return Err(doc.at(
                span,
                format!(
                    "client \"{client}\": `{key}` under claims is a registered claim jwtadm sets itself (use sub, issuer, audience or expires)"
                ),
            ));
        }
        claims.insert(key.clone(), toml_to_json(value));
    }
    Ok(claims)
}

/// One entry of a client's `configs`; `var` is the client's variable, for an entry that names
/// none.
fn config(doc: &Doc, client: &str, var: &str, cfg: Spanned<RawConfig>) -> Result<ConfigFile> {
    let span = cfg.span();
    let cfg = cfg.into_inner();
    if cfg.path.get_ref().is_empty() {
        return Err(doc.at(span, format!("client \"{client}\": a config path is empty")));
    }
    Ok(ConfigFile {
        path: doc.resolve(
            cfg.path.get_ref(),
            span.clone(),
            &format!("client \"{client}\": config"),
        )?,
        origin: doc.origin(span),
        shown: cfg.path.into_inner(),
        target: Target {
            var: cfg.var.unwrap_or_else(|| var.to_string()),
            server: cfg.server,
            header: cfg.header,
        },
    })
}

/// A client's `dotenv` entry.
fn dotenv(doc: &Doc, client: &str, d: RawDotenv) -> Result<DotenvEntry> {
    Ok(DotenvEntry {
        path: doc.resolve(
            d.path.get_ref(),
            d.path.span(),
            &format!("client \"{client}\": dotenv"),
        )?,
        origin: doc.origin(d.path.span()),
        shown: d.path.into_inner(),
        key: d.key,
    })
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
