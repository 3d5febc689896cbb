//! Finding and rewriting the token in the files MCP clients read: one module per format.
//! Pure editors: text in, text out; no file is read or written and nothing is printed here.
//! Where each client keeps its servers and tokens is [`crate::mcp::clients`]'s to say.
//!
//! Each format module parses a file with a parser made for it and returns the [`Site`]s where
//! the token lives: the byte span of the token's characters. [`apply`] splices the new token
//! into those spans, so the result is byte-for-byte the input except the token's characters,
//! whatever comments, indentation, trailing commas or line endings the file has. The result is
//! parsed again to confirm the new token comes back where it was put.

pub mod dotenv;
pub mod json;
pub mod toml;
pub mod yaml;

use std::fmt;
use std::ops::Range;
use std::path::Path;

use crate::error::Error;
use crate::mcp::clients;
pub use crate::mcp::clients::Format;

/// A parse or lookup failure at a line and column of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// What to try next, when the message alone does not say.
    pub hint: Option<String>,
}

impl FormatError {
    pub fn new(line: usize, column: usize, message: impl Into<String>) -> Self {
        FormatError {
            line,
            column,
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The error as an operational [`Error`] naming `path:line:column`.
    pub fn in_file(self, path: &Path) -> Error {
        let e = if self.line == 0 {
            Error::operational(format!("{}: {}", path.display(), self.message))
        } else {
            Error::operational(format!(
                "{}:{}:{}: {}",
                path.display(),
                self.line,
                self.column,
                self.message
            ))
        };
        match self.hint {
            Some(h) => e.with_hint(h),
            None => e,
        }
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            f.write_str(&self.message)?;
        } else {
            write!(
                f,
                "line {}, column {}: {}",
                self.line, self.column, self.message
            )?;
        }
        match &self.hint {
            Some(h) => write!(f, "; {h}"),
            None => Ok(()),
        }
    }
}

/// 1-based line and column of byte offset `at` in `text`.
pub fn line_col(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// What to look for in a file.
#[derive(Debug, Clone, Default)]
pub struct Target {
    /// The environment variable that holds the token (`EXAI_JWT_TOKEN`).
    pub var: String,
    /// Only this server.
    pub server: Option<String>,
    /// The token is in this HTTP header (`Authorization: Bearer <jwt>`) instead of `var`.
    pub header: Option<String>,
}

impl Target {
    /// The variable `var`, in any server.
    pub fn var(var: &str) -> Target {
        Target {
            var: var.into(),
            ..Target::default()
        }
    }

    /// What is being looked for, in words: `EXAI_JWT_TOKEN` or `header Authorization`.
    pub fn what(&self) -> String {
        match &self.header {
            Some(h) => format!("header {h}"),
            None => self.var.clone(),
        }
    }
}

/// Where a token lives in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// The server it belongs to, where the format has servers.
    pub server: Option<String>,
    /// The byte span of the token's characters, or of what stands where the token goes.
    pub span: Range<usize>,
    /// Written before the new token in `span`: a space after a scheme with nothing valid
    /// between it and the token (`Bearer`, `Bearer\t`), else nothing.
    pub lead: &'static str,
    /// The token there now (without any `Bearer ` scheme).
    pub token: String,
    /// 1-based line of the value.
    pub line: usize,
    /// Where its server is in the document (`mcpServers.exai`); empty without servers.
    pub location: String,
}

/// A value that points elsewhere (`${input:…}`, `${env:…}`, `${VAR}`, `${{ secrets.X }}`): left
/// alone, with a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub server: Option<String>,
    /// Where its server is in the document, as [`Site::location`].
    pub location: String,
    pub line: usize,
    /// The value as it may be shown: a token inside it (`${OTHER:-eyJ…}`) shortened.
    pub value: String,
}

impl Reference {
    /// Where the value is and what it is, for a warning: `mcp.json:5 (server exai): the value
    /// ${input:t} points elsewhere`.
    pub fn at(&self, path: &std::path::Path) -> String {
        let server = self
            .server
            .as_deref()
            .map(|s| format!(" (server {s})"))
            .unwrap_or_default();
        format!(
            "{}:{}{server}: the value {} points elsewhere",
            path.display(),
            self.line,
            self.value
        )
    }
}

/// `text` with every complete JWT in it shortened to `eyJhbGci…FtPo`: a value that points
/// elsewhere may carry a fallback token, which no output shows whole (found by the third red
/// team in `config patch -o json`'s `left_alone`).
pub fn shorten_tokens(text: &str) -> String {
    let is_b64 = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("eyJ") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail
            .find(|c: char| !(is_b64(c) || c == '.'))
            .unwrap_or(tail.len());
        let candidate = &tail[..end];
        if candidate.matches('.').count() == 2 && candidate.len() > 16 {
            out.push_str(&crate::txn::plan::shorten(candidate));
        } else {
            out.push_str(candidate);
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// The sites found in a file, and the values that point elsewhere.
#[derive(Debug, Default)]
pub struct Found {
    pub sites: Vec<Site>,
    pub references: Vec<Reference>,
    /// Looking for a variable: the headers that hold a bearer token instead, as (server,
    /// header), for the hint when the variable is not there.
    pub bearer_headers: Vec<(Option<String>, String)>,
    /// Every server seen, whether or not it holds the token, in document order.
    pub servers: Vec<ServerAt>,
}

/// A server seen in a configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerAt {
    pub name: String,
    /// Where it is: the keys from the top of the document, dotted, a key that is not a plain
    /// word quoted (`projects["/home/me/app"].mcpServers.exai`), a list's item by index.
    pub location: String,
}

/// Add `key` to a dotted location (see [`ServerAt::location`]).
pub fn push_key(location: &mut String, key: &str) {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain {
        if !location.is_empty() {
            location.push('.');
        }
        location.push_str(key);
    } else {
        location.push('[');
        location.push_str(&serde_json::Value::from(key).to_string());
        location.push(']');
    }
}

impl Found {
    /// The names of the servers seen, each once, in order.
    pub fn server_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for s in &self.servers {
            if !names.contains(&s.name) {
                names.push(s.name.clone());
            }
        }
        names
    }

    /// Note `header` of `server` when its value is a bearer token (`Bearer …`, or a bare JWT).
    pub(crate) fn note_header(&mut self, server: Option<&str>, header: &str, value: &str) {
        let split = split_scheme(value);
        let scheme = &value[..value.find([' ', '\t']).unwrap_or(value.len())];
        let jwt_shaped = split.token.split('.').count() == 3 && split.token.starts_with("eyJ");
        if scheme.eq_ignore_ascii_case("bearer") || jwt_shaped {
            self.bearer_headers
                .push((server.map(str::to_string), header.to_string()));
        }
    }
}

pub fn is_reference(value: &str) -> bool {
    value.contains("${") || (value.starts_with('$') && value.len() > 1 && !value.contains(' '))
}

/// Where the token is in an `Authorization`-style header value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The bytes of the value a new token replaces.
    pub replace: Range<usize>,
    /// What is written before the new token there.
    pub lead: &'static str,
    /// The token there now.
    pub token: &'a str,
}

/// Split an `Authorization`-style value (RFC 7235 §2.1: `scheme 1*SP credentials`) into its
/// scheme and token, and say what a new token replaces.
///
/// `Bearer eyJ…` replaces `eyJ…`, keeping the scheme and its spaces; a bare token is replaced
/// whole. A value that is only a scheme (`Bearer`, `bearer `, `Bearer\t`, `Bearer  `: the
/// scheme with no credentials yet) keeps the scheme as written and gets one space and the
/// token, as does a token after a tab, which RFC 7235 does not allow between the two. A value
/// of one word is a bare token unless that word is `Bearer` (RFC 6750), any case.
pub fn split_scheme(value: &str) -> Split<'_> {
    let blank = [' ', '\t'];
    let scheme_end = value.find(blank).unwrap_or(value.len());
    let rest = &value[scheme_end..];
    if rest.is_empty() && !value.eq_ignore_ascii_case("bearer") {
        return Split {
            replace: 0..value.len(),
            lead: "",
            token: value,
        };
    }
    let after = rest.trim_start_matches(blank);
    let token_start = value.len() - after.len();
    let token = after.trim_end();
    let separator = &value[scheme_end..token_start];
    if !token.is_empty() && separator.bytes().all(|b| b == b' ') {
        Split {
            replace: token_start..token_start + token.len(),
            lead: "",
            token,
        }
    } else {
        // No credentials yet, or a separator that is not spaces: the scheme, one space, the
        // token. Whatever followed the old token stays.
        Split {
            replace: scheme_end..token_start + token.len(),
            lead: " ",
            token,
        }
    }
}

/// Turn a located string value into a [`Site`] or a [`Reference`]. `raw` is the text between
/// the quotes in the file, starting at byte `start`; `value` is the string it denotes.
pub(crate) fn classify(
    found: &mut Found,
    (server, location): (Option<String>, &str),
    (line, column): (usize, usize),
    start: usize,
    raw: &str,
    value: &str,
    header: bool,
) -> Result<(), FormatError> {
    if is_reference(value) {
        found.references.push(Reference {
            server,
            location: location.to_string(),
            line,
            value: shorten_tokens(value),
        });
        return Ok(());
    }
    if raw != value {
        return Err(FormatError::new(
            line,
            column,
            "the token is written with escape sequences; write it as plain text so it can be rewritten in place",
        ));
    }
    let split = if header {
        split_scheme(raw)
    } else {
        Split {
            replace: 0..raw.len(),
            lead: "",
            token: raw,
        }
    };
    found.sites.push(Site {
        server,
        span: start + split.replace.start..start + split.replace.end,
        lead: split.lead,
        token: split.token.to_string(),
        line,
        location: location.to_string(),
    });
    Ok(())
}

/// Find the token's sites in `text`, a file of `format`.
pub fn find(format: Format, text: &str, target: &Target) -> Result<Found, FormatError> {
    let found = find_all(format, text, target)?;
    one_server(&found, target)?;
    Ok(found)
}

/// As [`find`], but a token set for several servers (no `--server` given) is every one of
/// them, not an ambiguity: for reading (`inspect`, `verify --from-config`), never for writing.
pub fn find_all(format: Format, text: &str, target: &Target) -> Result<Found, FormatError> {
    if format == Format::Dotenv && (target.server.is_some() || target.header.is_some()) {
        return Err(FormatError::new(
            0,
            0,
            "a dotenv file has no servers or headers; drop --server and --header for it",
        ));
    }
    let layouts: Vec<&clients::Layout> = clients::layouts(format).collect();
    let found = survey(format, text, target, &layouts)?;
    if format == Format::Dotenv {
        if found.sites.is_empty() && found.references.is_empty() {
            return Err(FormatError::new(0, 0, format!("no {}= line", target.var)));
        }
    } else {
        require_sites(&found, target, &found.server_names())?;
    }
    Ok(found)
}

/// The dotenv line of `var` in `text`, if there is one.
fn dotenv_sites(text: &str, var: &str) -> Result<Found, FormatError> {
    let entries = dotenv::parse(text)?;
    let mut found = Found::default();
    if let Some(e) = dotenv::find(&entries, var)? {
        let (line, column) = line_col(text, e.span.start);
        let raw = &text[e.span.clone()];
        classify(
            &mut found,
            (None, ""),
            (line, column),
            e.span.start,
            raw,
            &e.value,
            false,
        )?;
    }
    Ok(found)
}

/// What `config find` reads of a file: the token's sites and every server seen, looked for in
/// `layouts` only (the layouts of the file the client keeps there); finding no token is not an
/// error. A dotenv file has one site at most, and no servers.
pub fn survey(
    format: Format,
    text: &str,
    target: &Target,
    layouts: &[&clients::Layout],
) -> Result<Found, FormatError> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[bom..];
    let mut found = match format {
        Format::Json => json::survey(body, target, layouts)?,
        Format::Toml => toml::survey(body, target, layouts)?,
        Format::Yaml => yaml::survey(body, target, layouts)?,
        Format::Dotenv => return dotenv_sites(text, &target.var),
    };
    for site in &mut found.sites {
        site.span = site.span.start + bom..site.span.end + bom;
    }
    Ok(found)
}

/// `text` with every site's token replaced by `token`.
pub fn apply(text: &str, sites: &[Site], token: &str) -> String {
    let mut sites: Vec<&Site> = sites.iter().collect();
    sites.sort_by_key(|s| s.span.start);
    let mut out = String::with_capacity(text.len() + sites.len() * token.len());
    let mut at = 0;
    for site in sites {
        out.push_str(&text[at..site.span.start]);
        out.push_str(site.lead);
        out.push_str(token);
        at = site.span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Rewrite the token in `text`: find exactly the sites `target` names, splice `token` in, and
/// parse the result again to confirm it holds `token` at the same sites. Returns the new text
/// (equal to `text` when the file already holds the token) and the references left alone.
pub fn rewrite(
    format: Format,
    text: &str,
    target: &Target,
    token: &str,
) -> Result<(String, Found), FormatError> {
    let found = find(format, text, target)?;
    let new = apply(text, &found.sites, token);
    if new != text {
        let again = find(format, &new, target)?;
        let ok =
            again.sites.len() == found.sites.len() && again.sites.iter().all(|s| s.token == token);
        if !ok || (format == Format::Json && json::is_strict(text) && !json::is_strict(&new)) {
            return Err(FormatError::new(
                0,
                0,
                "internal check failed: the rewritten file does not read back as written; nothing was changed",
            ));
        }
    }
    Ok((new, found))
}

/// Without `--server`, a token set for several servers is refused: which one is meant?
fn one_server(found: &Found, target: &Target) -> Result<(), FormatError> {
    if found.sites.len() > 1 && target.server.is_none() {
        let servers: Vec<&str> = found
            .sites
            .iter()
            .filter_map(|s| s.server.as_deref())
            .collect();
        return Err(FormatError::new(
            found.sites[1].line,
            1,
            format!(
                "{} is set for {} servers ({}); choose one with --server",
                target.what(),
                found.sites.len(),
                servers.join(", ")
            ),
        ));
    }
    Ok(())
}

/// The sites `target` names, or an error that says what was found instead.
pub fn require_sites(
    found: &Found,
    target: &Target,
    servers_seen: &[String],
) -> Result<(), FormatError> {
    if !found.sites.is_empty() {
        return Ok(());
    }
    if !found.references.is_empty() {
        return Ok(());
    }
    let looked = match &target.server {
        Some(s) if !servers_seen.iter().any(|x| x == s) => format!("no server named {s}"),
        Some(s) => format!("server {s} has no {}", target.what()),
        None => format!("no {} found", target.what()),
    };
    let seen = if servers_seen.is_empty() {
        format!(
            "no MCP servers found (looked under {})",
            clients::looked_under()
        )
    } else {
        format!("servers found: {}", servers_seen.join(", "))
    };
    let err = FormatError::new(0, 0, format!("{looked}; {seen}"));
    // The token is there, in a header: say how to name it.
    match found.bearer_headers.first() {
        Some((server, header)) if target.header.is_none() => {
            let whose = server
                .as_deref()
                .map_or_else(|| "this file".to_string(), |s| format!("server {s}"));
            Err(err.with_hint(format!(
                "{whose} holds a bearer token in its {header} header: pass --header {header} \
                 (in a roster, header = \"{header}\" in this config's entry)"
            )))
        }
        _ => Err(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_formats_by_name_then_content() {
        assert_eq!(Format::detect(Path::new("a/mcp.json"), ""), Format::Json);
        assert_eq!(Format::detect(Path::new("config.toml"), ""), Format::Toml);
        assert_eq!(Format::detect(Path::new(".env"), ""), Format::Dotenv);
        assert_eq!(Format::detect(Path::new(".env.docker"), ""), Format::Dotenv);
        assert_eq!(
            Format::detect(Path::new("settings"), "  // c\n{}"),
            Format::Json
        );
        assert_eq!(
            Format::detect(Path::new("config"), "[mcp_servers.x]\n"),
            Format::Toml
        );
        assert_eq!(Format::detect(Path::new("vars"), "A=1\n"), Format::Dotenv);
        assert_eq!(Format::detect(Path::new("config.yml"), ""), Format::Yaml);
        assert_eq!(
            Format::detect(Path::new("config"), "# goose\nextensions:\n  e: {}\n"),
            Format::Yaml
        );
        assert_eq!(
            Format::detect(Path::new("config"), "mcpServers:\n  - name: x\n"),
            Format::Yaml
        );
        // YAML without a layout's key, or one in a second document, stays dotenv.
        assert_eq!(Format::detect(Path::new("vars"), "a: b\n"), Format::Dotenv);
        assert_eq!(
            Format::detect(Path::new("vars"), "a: b\n---\nextensions: {}\n"),
            Format::Dotenv
        );
        assert_eq!(
            Format::detect(Path::new("vars"), "x:\n  extensions: {}\n"),
            Format::Dotenv
        );
    }

    #[test]
    fn tokens_inside_a_reference_are_shortened() {
        let t = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiIn0.c2lnbmF0dXJlLW9mLWI";
        assert_eq!(
            shorten_tokens(&format!("${{OTHER:-{t}}}")),
            "${OTHER:-eyJhbGci…mLWI}"
        );
        assert_eq!(shorten_tokens("${input:exai-token}"), "${input:exai-token}");
        assert_eq!(shorten_tokens("eyJ.not-a-token"), "eyJ.not-a-token");
    }

    #[test]
    fn splits_the_scheme_from_a_header_value() {
        let split = |v| {
            let s = split_scheme(v);
            (s.replace, s.lead, s.token)
        };
        assert_eq!(split("Bearer abc"), (7..10, "", "abc"));
        assert_eq!(split("Bearer   abc "), (9..12, "", "abc"));
        assert_eq!(split("abc"), (0..3, "", "abc"));
        assert_eq!(split(""), (0..0, "", ""));
    }

    #[test]
    fn a_scheme_without_a_token_keeps_the_scheme() {
        let split = |v| {
            let s = split_scheme(v);
            (s.replace, s.lead, s.token)
        };
        assert_eq!(split("Bearer"), (6..6, " ", ""));
        assert_eq!(split("bearer"), (6..6, " ", ""));
        assert_eq!(split("Bearer "), (6..7, " ", ""));
        assert_eq!(split("Bearer  "), (6..8, " ", ""));
        assert_eq!(split("Bearer\t"), (6..7, " ", ""));
        assert_eq!(split("Bearer\tabc"), (6..10, " ", "abc"));
        assert_eq!(split("Token "), (5..6, " ", ""));
        let value = "Bearer";
        let s = split_scheme(value);
        let site = Site {
            server: None,
            span: s.replace,
            lead: s.lead,
            token: String::new(),
            line: 1,
            location: String::new(),
        };
        assert_eq!(apply(value, &[site], "new"), "Bearer new");
    }

    #[test]
    fn references_are_recognised() {
        for v in [
            "${input:exai-token}",
            "${env:EXAI_JWT_TOKEN}",
            "${EXAI}",
            "${{ secrets.X }}",
            "$EXAI",
        ] {
            assert!(is_reference(v), "{v}");
        }
        assert!(!is_reference("eyJhbGciOi.eyJ.sig"));
        assert!(!is_reference("$"));
    }

    #[test]
    fn line_col_counts_from_one() {
        assert_eq!(line_col("ab\ncd", 0), (1, 1));
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
    }
}
