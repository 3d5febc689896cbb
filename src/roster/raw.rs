//! The roster as written: the serde model of `clients.toml`, every value with its span, read
//! one `[[clients]]` table at a time and mapped back to spans in the whole text.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use toml::Spanned;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRoster {
    pub(super) audit_log: Option<Spanned<String>>,
    pub(super) defaults: Option<RawDefaults>,
    pub(super) secret: Option<Spanned<RawSecret>>,
    pub(super) key: Option<Spanned<RawKey>>,
    #[serde(default)]
    pub(super) clients: Vec<Spanned<RawClient>>,
}

/// A span `off` bytes further on.
fn shift<T>(s: Spanned<T>, off: usize) -> Spanned<T> {
    let span = s.span();
    Spanned::new(span.start + off..span.end + off, s.into_inner())
}

fn shift_opt<T>(s: Option<Spanned<T>>, off: usize) -> Option<Spanned<T>> {
    s.map(|s| shift(s, off))
}

/// A table `off` bytes further on: its header's span, and its values' as `values` shifts them.
fn shift_table<T>(s: Spanned<T>, off: usize, values: impl FnOnce(T) -> T) -> Spanned<T> {
    let s = shift(s, off);
    let span = s.span();
    Spanned::new(span, values(s.into_inner()))
}

impl RawRoster {
    /// Every span `off` bytes further on: for a part of the roster parsed on its own.
    fn shifted(self, off: usize) -> RawRoster {
        RawRoster {
            audit_log: shift_opt(self.audit_log, off),
            defaults: self.defaults.map(|d| RawDefaults {
                issuer: shift_opt(d.issuer, off),
                audience: shift_opt(d.audience, off),
                expires: shift_opt(d.expires, off),
                algorithm: shift_opt(d.algorithm, off),
                profile: shift_opt(d.profile, off),
                scope: shift_opt(d.scope, off),
                ..d
            }),
            secret: self.secret.map(|s| {
                shift_table(s, off, |s| RawSecret {
                    source: shift_opt(s.source, off),
                    encoding: shift_opt(s.encoding, off),
                    keyring_store: shift_opt(s.keyring_store, off),
                })
            }),
            key: self.key.map(|k| {
                shift_table(k, off, |k| RawKey {
                    source: shift(k.source, off),
                    alg: shift_opt(k.alg, off),
                    jwks: shift_opt(k.jwks, off),
                    keyring_store: shift_opt(k.keyring_store, off),
                })
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
                        issuer: shift_opt(r.issuer, off),
                        audience: shift_opt(r.audience, off),
                        algorithm: shift_opt(r.algorithm, off),
                        profile: shift_opt(r.profile, off),
                        client_id: shift_opt(r.client_id, off),
                        scope: shift_opt(r.scope, off),
                        revoked: shift_opt(r.revoked, off),
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
pub(super) fn client_headers(text: &str) -> Vec<usize> {
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
pub(super) fn parse_raw(
    text: &str,
) -> std::result::Result<RawRoster, (std::ops::Range<usize>, String)> {
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
        let secret_at = part.secret.as_ref().map_or(off, |s| s.span().start);
        once(&mut merged.secret, part.secret, "[secret]", secret_at)?;
        let key_at = part.key.as_ref().map_or(off, |k| k.span().start);
        once(&mut merged.key, part.key, "[key]", key_at)?;
        merged.clients.extend(part.clients);
    }
    Ok(merged)
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDefaults {
    pub(super) issuer: Option<Spanned<String>>,
    pub(super) audience: Option<Spanned<OneOrMany>>,
    pub(super) expires: Option<Spanned<String>>,
    pub(super) algorithm: Option<Spanned<String>>,
    pub(super) var: Option<String>,
    pub(super) profile: Option<Spanned<String>>,
    pub(super) scope: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSecret {
    pub(super) source: Option<Spanned<String>>,
    pub(super) encoding: Option<Spanned<String>>,
    pub(super) keyring_store: Option<Spanned<String>>,
}

/// `[key]`: the key pair a roster signs with, in place of `[secret]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawKey {
    pub(super) source: Spanned<String>,
    pub(super) alg: Option<Spanned<String>>,
    pub(super) jwks: Option<Spanned<String>>,
    pub(super) keyring_store: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawClient {
    pub(super) name: Spanned<String>,
    pub(super) sub: Spanned<String>,
    pub(super) expires: Option<Spanned<String>>,
    pub(super) issuer: Option<Spanned<String>>,
    pub(super) audience: Option<Spanned<OneOrMany>>,
    pub(super) algorithm: Option<Spanned<String>>,
    pub(super) var: Option<String>,
    pub(super) profile: Option<Spanned<String>>,
    pub(super) client_id: Option<Spanned<String>>,
    pub(super) scope: Option<Spanned<String>>,
    /// When the client was revoked (RFC 3339): kept for the record, skipped by every command.
    pub(super) revoked: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) configs: Vec<Spanned<RawConfig>>,
    pub(super) dotenv: Option<RawDotenv>,
    #[serde(default)]
    pub(super) claims: std::collections::BTreeMap<Spanned<String>, toml::Value>,
}

/// `audience`: a string or an array of strings.
#[derive(Debug, Clone)]
pub(super) enum OneOrMany {
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
    pub(super) fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

/// A config entry: a path, or a table with the path and where in it the token is.
#[derive(Debug)]
pub(super) struct RawConfig {
    pub(super) path: Spanned<String>,
    pub(super) server: Option<String>,
    pub(super) header: Option<String>,
    pub(super) var: Option<String>,
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
pub(super) struct RawDotenv {
    pub(super) path: Spanned<String>,
    pub(super) key: String,
}
