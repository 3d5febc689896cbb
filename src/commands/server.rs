//! `jwtadm server …`: what an MCP HTTP server publishes for its OAuth clients.

use crate::cli::MetadataArgs;
use crate::error::{Error, Exit, Result};
use crate::oauth::{self, HttpsUrl, ResourceMetadata, UrlRole};
use crate::output::Out;

/// `server metadata`: the Protected Resource Metadata document (RFC 9728) on stdout, as JSON
/// whatever `-o` says (it is the data); where to serve it on stderr.
pub fn metadata(args: MetadataArgs, out: &Out) -> Result<Exit> {
    // The value is named as messages show URLs: without its user information, which may be a
    // password, and with its query as `?…`.
    let url = |flag: &str, value: &str, role: UrlRole| {
        HttpsUrl::parse(value, role)
            .map_err(|why| Error::usage(format!("--{flag} {}: {why}", crate::net::shown(value))))
    };
    let resource = url("resource", &args.resource, UrlRole::Resource)?;
    if args.authorization_servers.is_empty() {
        return Err(Error::usage(
            "no --authorization-server: the MCP authorization spec requires the document to name at least one authorization server, where clients get their tokens",
        )
        .with_hint(
            "pass the issuer URL of the server that issues tokens for this one, e.g. --authorization-server https://auth.example.com",
        ));
    }
    let mut authorization_servers: Vec<HttpsUrl> = Vec::new();
    for a in &args.authorization_servers {
        let a = url("authorization-server", a, UrlRole::AuthorizationServer)?;
        if !authorization_servers
            .iter()
            .any(|s| s.as_str() == a.as_str())
        {
            authorization_servers.push(a);
        }
    }
    let jwks_uri = args
        .jwks_uri
        .as_deref()
        .map(|j| url("jwks-uri", j, UrlRole::JwksUri))
        .transpose()?;
    let scopes_supported =
        oauth::scopes(&args.scope).map_err(|e| Error::usage(format!("--scope: {e}")))?;
    let metadata = ResourceMetadata {
        resource,
        authorization_servers,
        jwks_uri,
        scopes_supported,
    };
    // What a client would read differently; the one value of --resource and --jwks-uri needs
    // no quoting, and is not (a URL with capitals could read as a key to the redaction).
    let named = std::iter::once(("--resource".to_string(), &metadata.resource))
        .chain(
            metadata
                .authorization_servers
                .iter()
                .map(|a| (format!("--authorization-server {a}"), a)),
        )
        .chain(
            metadata
                .jwks_uri
                .iter()
                .map(|j| ("--jwks-uri".to_string(), j)),
        );
    for (what, u) in named {
        for w in &u.warnings {
            out.warn(&format!("{what}: {w}"));
        }
    }
    out.print_json(&metadata.document())?;
    if !out.json() {
        let at = metadata.url();
        out.note(&format!(
            "serve it at {at} (RFC 9728 §3.1), and name that URL in each 401: WWW-Authenticate: Bearer resource_metadata=\"{at}\""
        ));
    }
    Ok(Exit::Ok)
}
