//! OAuth 2.0 as an MCP HTTP server meets it: scopes (RFC 6749 §3.3), the URLs that name a
//! protected resource and its authorization servers (RFC 9728 §1.2, RFC 8707 §2, RFC 8414 §2),
//! and the Protected Resource Metadata document (RFC 9728 §2) the server publishes at
//! `/.well-known/oauth-protected-resource`. Pure: no clap, no printing, no files.

use serde_json::{Map, Value};

/// Scopes as given (each value may hold several, separated by spaces), checked against RFC
/// 6749 §3.3 (printable ASCII but space, `"` and `\`) and in order, each once.
pub fn scopes(values: &[String]) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for value in values {
        let before = out.len();
        for scope in value.split(' ').filter(|s| !s.is_empty()) {
            scope_token(scope)?;
            if !out.iter().any(|s| s == scope) {
                out.push(scope.to_string());
            }
        }
        if out.len() == before && value.trim_matches(' ').is_empty() {
            return Err("a scope is empty".to_string());
        }
    }
    Ok(out)
}

/// `value` as the `scope` claim of a token (RFC 9068 §2.2.3, RFC 8693 §4.2): as RFC 6749 §3.3
/// writes scopes, one or more scope tokens separated by single spaces. What [`scopes`] makes
/// of `--scope` passes; a claim given as it is (`--claim`, a roster's `[clients.claims]`, an
/// old token) must already be in this form.
pub fn scope_claim(value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Err("it is empty: a scope claim holds at least one scope (RFC 6749 §3.3)".into());
    }
    for scope in value.split(' ') {
        if scope.is_empty() {
            return Err(format!(
                "\"{}\" is not a list of scopes: they are separated by one space, with none before the first or after the last (RFC 6749 §3.3)",
                value.escape_debug()
            ));
        }
        scope_token(scope)?;
    }
    Ok(())
}

/// One scope token (RFC 6749 §3.3): printable ASCII but space, `"` and `\`.
fn scope_token(scope: &str) -> Result<(), String> {
    match scope
        .chars()
        .find(|&c| !c.is_ascii_graphic() || c == '"' || c == '\\')
    {
        Some(c) => Err(format!(
            "`{}` is not a scope: {} may not be in one (RFC 6749 §3.3: printable ASCII but space, \" and \\)",
            scope.escape_debug(),
            match c {
                '"' | '\\' => format!("`{c}`"),
                c => format!("{:?}", c),
            }
        )),
        None => Ok(()),
    }
}

/// Why a URL with `user:password@` is refused; the message never quotes the URL's parts.
const USERINFO: &str = "it carries user information (user@host), which a server's URL may not";

/// What a URL names, for its checks and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlRole {
    /// The protected resource itself (RFC 9728 §1.2): no fragment; a query is discouraged.
    Resource,
    /// An authorization server's issuer identifier (RFC 8414 §2): no query, no fragment.
    AuthorizationServer,
    /// Where the resource's JSON Web Key Set is (RFC 9728 §2): no fragment.
    JwksUri,
}

/// A URL as RFC 9728 needs it: https (http only to a loopback host, for development), a host,
/// no user information and no fragment. The text is kept as given: clients compare it as a
/// string (RFC 9728 §3.3), so it is never rewritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpsUrl {
    text: String,
    /// Where the path starts (after the authority), and where the query starts, if any.
    path_at: usize,
    query_at: Option<usize>,
    /// What a client would read differently: uppercase in the scheme or host, a query.
    pub warnings: Vec<String>,
}

impl HttpsUrl {
    /// Check `text` for `role`; the error says why, without the value (the caller names it).
    pub fn parse(text: &str, role: UrlRole) -> Result<HttpsUrl, String> {
        uri_characters(text)?;
        let (scheme, rest) = text
            .split_once("://")
            .ok_or("not an absolute URL: it must start with https://")?;
        let secure = scheme.eq_ignore_ascii_case("https");
        if !secure && !scheme.eq_ignore_ascii_case("http") {
            return Err(format!("the scheme is {scheme}, but it must be https"));
        }
        if text.contains('#') {
            return Err(match role {
                UrlRole::Resource => "it has a fragment (#…), which a resource identifier may not have (RFC 9728 §1.2, RFC 8707 §2)",
                UrlRole::AuthorizationServer => "it has a fragment (#…), which an issuer identifier may not have (RFC 8414 §2)",
                UrlRole::JwksUri => "it has a fragment (#…), which a URL that is fetched may not have",
            }
            .to_string());
        }
        let authority_len = rest.find(['/', '?']).unwrap_or(rest.len());
        let authority = &rest[..authority_len];
        if authority.contains('@') {
            return Err(USERINFO.into());
        }
        // A password with a `/` or `?` in it cuts the authority short, and would be read as a
        // port or a host: refused as user information, without quoting what was cut.
        let (host, port) = split_host_port(authority).map_err(|why| {
            if rest[authority_len..].contains('@') {
                USERINFO.to_string()
            } else {
                why
            }
        })?;
        if !secure && !crate::net::is_loopback_host(host) {
            return Err(format!(
                "http is accepted only for a loopback host (localhost, 127.0.0.1, [::1]), for development; {host} must be reached over https (RFC 9728 §1.2, the MCP authorization spec)"
            ));
        }
        let path_at = scheme.len() + 3 + authority_len;
        if let Some(c) = text[path_at..].chars().find(|c| matches!(c, '[' | ']')) {
            return Err(format!(
                "`{c}` may be in a URL only around an IPv6 address: write it percent-encoded (RFC 3986 §3.2.2)"
            ));
        }
        let query_at = text[path_at..].find('?').map(|i| path_at + i);
        let mut warnings = Vec::new();
        if query_at.is_some() {
            match role {
                UrlRole::AuthorizationServer => {
                    return Err(
                        "it has a query (?…), which an issuer identifier may not have (RFC 8414 §2)"
                            .into(),
                    );
                }
                UrlRole::Resource => warnings.push(
                    "it has a query (?…), which a resource identifier should not have (RFC 8707 §2)"
                        .to_string(),
                ),
                UrlRole::JwksUri => {}
            }
        }
        let lower = |s: &str| s.bytes().all(|b| !b.is_ascii_uppercase());
        if !lower(scheme) || !lower(host) {
            warnings.push(format!(
                "its scheme or host has capitals: clients compare the resource as a string, and MCP's canonical form is lowercase ({}://{}{})",
                scheme.to_ascii_lowercase(),
                host.to_ascii_lowercase(),
                port.map(|p| format!(":{p}")).unwrap_or_default()
            ));
        }
        Ok(HttpsUrl {
            text: text.to_string(),
            path_at,
            query_at,
            warnings,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Where a client looks for this resource's metadata (RFC 9728 §3.1): the well-known path
    /// between the host and the resource's path and query, a final `/` after the host
    /// dropped.
    pub fn well_known(&self, suffix: &str) -> String {
        let origin = &self.text[..self.path_at];
        let path_end = self.query_at.unwrap_or(self.text.len());
        let path = self.text[self.path_at..path_end].trim_end_matches('/');
        let query = self.query_at.map_or("", |q| &self.text[q..]);
        format!("{origin}/.well-known/{suffix}{path}{query}")
    }
}

impl std::fmt::Display for HttpsUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// `text` holds only what a URI may (RFC 3986 §2): ASCII letters, digits and
/// `-._~:/?#[]@!$&'()*+,;=`, and `%` followed by two hex digits. Anything else is not left to
/// the reader: `\` is read as `/` by WHATWG parsers (the MCP SDKs' `new URL()`), and `"` would
/// end the quoted string of the `WWW-Authenticate: Bearer resource_metadata="…"` header.
fn uri_characters(text: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c);
    if let Some(c) = text.chars().find(|&c| !allowed(c)) {
        return Err(format!(
            "{} may not be in a URL (RFC 3986 §2): write it percent-encoded{}",
            match c {
                ' ' => "a space".to_string(),
                c if c.is_ascii_graphic() => format!("`{c}`"),
                c => format!("{c:?}"),
            },
            if c.is_ascii() {
                ""
            } else {
                " (and a host name in its xn-- form)"
            }
        ));
    }
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices('%') {
        if !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
        {
            return Err(
                "a `%` that is not followed by two hex digits: a `%` itself is written %25 (RFC 3986 §2.1)"
                    .into(),
            );
        }
    }
    Ok(())
}

/// The host and port of an authority: `host`, `host:port`, `[v6]` or `[v6]:port`.
fn split_host_port(authority: &str) -> Result<(&str, Option<&str>), String> {
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let end = v6.find(']').ok_or("its [IPv6 address] has no closing ]")?;
        let host = &authority[..end + 2];
        let after = &v6[end + 1..];
        if host[1..host.len() - 1]
            .parse::<std::net::Ipv6Addr>()
            .is_err()
        {
            return Err(format!("{host} is not an IPv6 address"));
        }
        match after.strip_prefix(':') {
            Some(p) => (host, Some(p)),
            None if after.is_empty() => (host, None),
            None => return Err(format!("`{after}` after {host} is not a port")),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err("it has no host".into());
    }
    if !host.starts_with('[')
        && let Some(c) = host
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '%')))
    {
        return Err(format!("`{c}` may not be in a host name"));
    }
    if let Some(p) = port
        && (!p.bytes().all(|b| b.is_ascii_digit()) || !matches!(p.parse::<u16>(), Ok(1..)))
    {
        return Err(format!("`{p}` is not a port (1 to 65535)"));
    }
    Ok((host, port))
}

/// The well-known path suffix of protected resource metadata (RFC 9728 §3).
pub const RESOURCE_METADATA: &str = "oauth-protected-resource";

/// The Protected Resource Metadata of an MCP server (RFC 9728 §2), as the MCP authorization
/// spec (2025-06-18) requires it: the resource, at least one authorization server, and bearer
/// tokens only in the Authorization header.
#[derive(Debug, Clone)]
pub struct ResourceMetadata {
    pub resource: HttpsUrl,
    pub authorization_servers: Vec<HttpsUrl>,
    pub jwks_uri: Option<HttpsUrl>,
    pub scopes_supported: Vec<String>,
}

impl ResourceMetadata {
    /// The JSON document, its members in RFC 9728 §2's order.
    pub fn document(&self) -> Value {
        let mut doc = Map::new();
        doc.insert("resource".into(), self.resource.as_str().into());
        doc.insert(
            "authorization_servers".into(),
            self.authorization_servers
                .iter()
                .map(|a| Value::from(a.as_str()))
                .collect(),
        );
        if let Some(jwks) = &self.jwks_uri {
            doc.insert("jwks_uri".into(), jwks.as_str().into());
        }
        if !self.scopes_supported.is_empty() {
            doc.insert(
                "scopes_supported".into(),
                self.scopes_supported.clone().into(),
            );
        }
        // MCP clients send the token in the Authorization header, never in a query string.
        doc.insert("bearer_methods_supported".into(), vec!["header"].into());
        Value::Object(doc)
    }

    /// Where the document is served: the resource's well-known URL (RFC 9728 §3.1).
    pub fn url(&self) -> String {
        self.resource.well_known(RESOURCE_METADATA)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str, role: UrlRole) -> Result<HttpsUrl, String> {
        HttpsUrl::parse(s, role)
    }

    #[test]
    fn scopes_split_on_spaces_are_checked_and_kept_once() {
        let v = |s: &[&str]| scopes(&s.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            v(&["mcp:tools  mcp:read", "mcp:tools"]).unwrap(),
            ["mcp:tools", "mcp:read"]
        );
        assert!(v(&["a\"b"]).unwrap_err().contains("RFC 6749"));
        assert!(v(&["a\\b"]).is_err());
        assert!(v(&["a\tb"]).is_err());
        assert!(v(&["é"]).is_err());
        assert!(v(&["  "]).unwrap_err().contains("empty"));
        assert!(v(&[]).unwrap().is_empty());
    }

    #[test]
    fn a_scope_claim_is_scopes_separated_by_single_spaces() {
        assert!(scope_claim("mcp:tools").is_ok());
        assert!(scope_claim("mcp:tools mcp:read").is_ok());
        for (bad, why) in [
            ("", "empty"),
            ("a  b", "one space"),
            (" a", "one space"),
            ("a ", "one space"),
            ("a\"b\\c", "`\"` may not be"),
            ("a\tb", "'\\t' may not be"),
            ("é", "may not be"),
        ] {
            let e = scope_claim(bad).unwrap_err();
            assert!(e.contains(why), "{bad:?}: {e}");
        }
    }

    #[test]
    fn resource_urls_are_https_without_fragment_and_http_only_on_loopback() {
        use UrlRole::*;
        for ok in [
            "https://mcp.example.com/mcp",
            "https://mcp.example.com",
            "https://mcp.example.com:8443/a/b",
            "http://localhost:8080/mcp",
            "http://127.0.0.1:3000",
            "http://[::1]:3000/mcp",
            "https://[2001:db8::1]/mcp",
            "https://mcp.example.com:1",
            "https://mcp.example.com:65535",
            "https://mcp.example.com:65535/a%2Fb/~x/@me;p=1?q=a,b&c=$'()*+!",
        ] {
            assert!(url(ok, Resource).is_ok(), "{ok}: {:?}", url(ok, Resource));
        }
        for (bad, why) in [
            ("http://mcp.example.com/mcp", "loopback"),
            ("http://127.example.com", "loopback"),
            ("https://mcp.example.com/mcp#x", "fragment"),
            ("ftp://mcp.example.com", "scheme"),
            ("mcp.example.com/mcp", "absolute"),
            ("https:///mcp", "no host"),
            ("https://user@mcp.example.com", "user information"),
            ("https://mcp.example.com:99999", "port"),
            ("https://mcp.example.com:0/mcp", "1 to 65535"),
            ("https://mcp.example.com:00", "1 to 65535"),
            ("https://mcp.example.com:+1", "1 to 65535"),
            ("https://mcp.example.com:", "port"),
            ("https://mcp example.com", "may not be"),
            ("https://[::1/mcp", "closing"),
            ("https://[zz]/mcp", "IPv6"),
            ("https://mcp.example.com/a\\b", "`\\` may not be"),
            ("https://mcp.example.com/a\",error=\"x", "`\"` may not be"),
            ("https://mcp.example.com/<script>", "`<` may not be"),
            ("https://mcp.example.com/{a}|^`", "`{` may not be"),
            ("https://mcp.example.com/a\tb", "'\\t' may not be"),
            ("https://mcp.example.com/é", "xn--"),
            ("https://mcp.example.com/a%2", "%25"),
            ("https://mcp.example.com/a%zz", "%25"),
            ("https://mcp.example.com/a[1]", "IPv6"),
            ("https://u:pa/ss@mcp.example.com/mcp", "user information"),
            ("https://u:pa?ss@mcp.example.com/mcp", "user information"),
        ] {
            let e = url(bad, Resource).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
        let q = url("https://mcp.example.com/mcp?tenant=a", Resource).unwrap();
        assert!(q.warnings[0].contains("query"), "{:?}", q.warnings);
        assert!(url("https://auth.example.com/?x", AuthorizationServer).is_err());
        assert!(url("https://keys.example.com/jwks?v=1", JwksUri).is_ok());
        let caps = url("HTTPS://MCP.example.com/MCP", Resource).unwrap();
        assert!(
            caps.warnings[0].contains("https://mcp.example.com"),
            "{:?}",
            caps.warnings
        );
        assert_eq!(
            caps.as_str(),
            "HTTPS://MCP.example.com/MCP",
            "kept as given"
        );
    }

    #[test]
    fn the_well_known_url_goes_between_host_and_path() {
        let at = |s: &str| {
            url(s, UrlRole::Resource)
                .unwrap()
                .well_known(RESOURCE_METADATA)
        };
        assert_eq!(
            at("https://mcp.example.com/mcp"),
            "https://mcp.example.com/.well-known/oauth-protected-resource/mcp"
        );
        assert_eq!(
            at("https://mcp.example.com"),
            "https://mcp.example.com/.well-known/oauth-protected-resource"
        );
        assert_eq!(
            at("https://mcp.example.com/"),
            "https://mcp.example.com/.well-known/oauth-protected-resource"
        );
        assert_eq!(
            at("http://localhost:8080/a/mcp?t=1"),
            "http://localhost:8080/.well-known/oauth-protected-resource/a/mcp?t=1"
        );
    }

    #[test]
    fn the_document_has_rfc_9728_members_in_order() {
        let u = |s: &str| url(s, UrlRole::Resource).unwrap();
        let m = ResourceMetadata {
            resource: u("https://mcp.example.com/mcp"),
            authorization_servers: vec![u("https://auth.example.com")],
            jwks_uri: None,
            scopes_supported: vec!["mcp:tools".into()],
        };
        let doc = m.document();
        let keys: Vec<&String> = doc.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "resource",
                "authorization_servers",
                "scopes_supported",
                "bearer_methods_supported"
            ]
        );
        assert_eq!(
            doc["bearer_methods_supported"],
            serde_json::json!(["header"])
        );
    }
}
