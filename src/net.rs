//! Fetching a document (a JWKS) by URL: HTTPS checked against the operating system's trust
//! roots, or plain HTTP to a loopback address only; with one time limit for the whole fetch and
//! a size limit on the body.
//!
//! The rules, each enforced before anything is sent:
//!
//! - `https://` to any host; the certificate is verified by the platform verifier (the OS trust
//!   store), and TLS runs on aws-lc-rs, the crypto jwtadm already builds.
//! - `http://` only when the host is `127.0.0.0/8`, `[::1]` (or `[::ffff:127.x.y.z]`) or
//!   `localhost`, and `localhost` only when every address it resolves to is a loopback one
//!   (checked where ureq resolves it, so there is no second lookup to race).
//! - No proxy is used for plain HTTP, nor for a loopback host; any other HTTPS fetch uses the
//!   proxy named by the environment as ureq reads it (`ALL_PROXY`, `HTTPS_PROXY`, `HTTP_PROXY`,
//!   honouring `NO_PROXY`), through which TLS runs end to end to the host named.
//! - Any other scheme (`ftp:`, `file:`, none at all) is refused.
//! - Redirects (301, 302, 303, 307, 308) are followed at most [`MAX_REDIRECTS`] times, each
//!   target checked by the same rules, and never from `https` to `http`, even to a loopback
//!   address: a remote server does not get to steer the fetch to a local service.
//! - A body over [`Limits::max_bytes`] is an error, never truncated; a status other than 2xx is
//!   an error naming it; [`Limits::timeout`] bounds the whole fetch, redirects included.
//!
//! Every error is operational (exit 4) and names the URL as [`shown`] writes it: without the
//! userinfo (`user:password@`), with the query replaced by `?…`, and without the fragment.

use std::fmt;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ureq::config::Config;
use ureq::http::{StatusCode, Uri};
use ureq::tls::{RootCerts, TlsConfig, TlsProvider};
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};
use ureq::{Agent, Proxy};

use crate::error::{Error, Result};
use crate::output::escape;

/// How many redirects one fetch follows; one more is an error.
pub const MAX_REDIRECTS: usize = 5;

/// The bounds of one fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The whole fetch: resolving, connecting, TLS, every redirect and reading the body.
    pub timeout: Duration,
    /// The largest body accepted; a larger one is an error, not truncated.
    pub max_bytes: usize,
}

impl Limits {
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
    pub const DEFAULT_MAX_BYTES: usize = 1024 * 1024;
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            timeout: Self::DEFAULT_TIMEOUT,
            max_bytes: Self::DEFAULT_MAX_BYTES,
        }
    }
}

/// GET `url` and return its body, following the rules of this module.
pub fn fetch(url: &str, limits: &Limits) -> Result<Vec<u8>> {
    let deadline = Instant::now() + limits.timeout;
    let mut target = Target::parse(url).map_err(|refusal| {
        refusal.error(&Where {
            first: url,
            now: None,
        })
    })?;
    let mut redirects = 0;
    loop {
        let where_ = Where {
            first: url,
            now: (redirects > 0).then_some(target.text.as_str()),
        };
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(where_.error(format!(
                "no complete answer within {}",
                duration(limits.timeout)
            )));
        }
        let agent = agent(&target, left);
        let mut response = agent
            .get(&target.uri)
            .header("Accept", "application/jwk-set+json, application/json")
            .call()
            .map_err(|e| where_.failed(e, limits))?;
        let status = response.status();
        if status.is_success() {
            return read_body(response.body_mut(), limits).map_err(|e| where_.failed(e, limits));
        }
        if !is_followed_redirect(status) {
            return Err(where_.error(format!("the server answered {}", status_text(status))));
        }
        let Some(location) = response.headers().get("location") else {
            return Err(where_.error(format!(
                "the server answered {} with no Location to go to",
                status_text(status)
            )));
        };
        let Ok(location) = location.to_str() else {
            return Err(where_.error(format!(
                "the server answered {} with a Location that is not ASCII",
                status_text(status)
            )));
        };
        let next = join(&target, location);
        if redirects == MAX_REDIRECTS {
            return Err(where_.error(format!(
                "more than {MAX_REDIRECTS} redirects (the last to {}); not followed",
                shown(&next)
            )));
        }
        let next = next_hop(&target, next).map_err(|refusal| {
            let to = Where {
                first: url,
                now: Some(&refusal.url),
            };
            refusal.error(&to)
        })?;
        target = next;
        redirects += 1;
    }
}

/// Whether `url` is one [`fetch`] would try: an `https://` URL, or `http://` to a loopback
/// address. Nothing is resolved or sent; `localhost` is checked again when it is resolved.
pub fn check(url: &str) -> Result<()> {
    Target::parse(url).map(|_| ()).map_err(|refusal| {
        refusal.error(&Where {
            first: url,
            now: None,
        })
    })
}

/// `url` as messages show it: without userinfo (`user:password@`), the query replaced by `?…`,
/// no fragment, and control characters escaped. Text that is not a valid URL is cut
/// conservatively: everything before its last `@` goes, since a password need not be escaped
/// where it is pasted (and may hold a `/`, `?` or `#`).
pub fn shown(url: &str) -> String {
    let text = match url.parse::<Uri>() {
        Ok(uri) if uri.scheme().is_some() && has_sound_authority(&uri) => {
            let (scheme, host) = (uri.scheme_str().unwrap_or(""), uri.host().unwrap_or(""));
            let port = uri.port().map(|p| format!(":{p}")).unwrap_or_default();
            let query = if uri.query().is_some() { "?…" } else { "" };
            // `Uri` gives an empty path as `/`: the URL is shown as it was written.
            let written = url.split(['?', '#']).next().unwrap_or("");
            let path = match uri.path() {
                "/" if !written.ends_with('/') => "",
                path => path,
            };
            format!("{scheme}://{host}{port}{path}{query}")
        }
        _ => {
            let (scheme, rest) = match url.find("://") {
                Some(i) => url.split_at(i + 3),
                None => ("", url),
            };
            let rest = match rest.rfind('@') {
                Some(at) => &rest[at + 1..],
                None => rest,
            };
            let rest = rest.split('#').next().unwrap_or("");
            match rest.split_once('?') {
                Some((path, _query)) => format!("{scheme}{path}?…"),
                None => format!("{scheme}{rest}"),
            }
        }
    };
    escape(&text, false).into_owned()
}

/// `uri` has a host and, if any, a numeric port: `Uri` also takes `user:pa/ss@host` as the
/// host `user` followed by a port `pa` it does not report.
fn has_sound_authority(uri: &Uri) -> bool {
    let Some(authority) = uri.authority() else {
        return false;
    };
    let host = authority.host();
    let host_port = authority.as_str().rsplit('@').next().unwrap_or("");
    !host.is_empty()
        && match authority.port_u16() {
            Some(port) => host_port == format!("{host}:{port}"),
            None => host_port == host,
        }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scheme {
    Https,
    Http,
}

/// A URL that passed the scheme rules.
#[derive(Debug)]
struct Target {
    uri: Uri,
    scheme: Scheme,
    /// The URL as given, for messages (through [`shown`]).
    text: String,
}

/// Why a URL is not fetched, to be said of it where it was met (given, or redirected to).
#[derive(Debug)]
struct Refusal {
    url: String,
    why: String,
    hint: &'static str,
}

impl Refusal {
    fn error(&self, at: &Where) -> Error {
        at.error(&self.why).with_hint(self.hint)
    }
}

impl Target {
    fn parse(url: &str) -> std::result::Result<Target, Refusal> {
        let refuse = |why: String, hint| Refusal {
            url: url.to_string(),
            why,
            hint,
        };
        if url.is_empty() {
            return Err(refuse("the URL is empty".into(), ONLY_HINT));
        }
        // The scheme first: a URL of another scheme need not be one `Uri` can hold (`file:///`).
        let Some((scheme, _)) = url.split_once(':').filter(|_| has_scheme(url)) else {
            return Err(refuse("not a URL: it names no scheme".into(), ONLY_HINT));
        };
        let scheme = match scheme.to_ascii_lowercase().as_str() {
            "https" => Scheme::Https,
            "http" => Scheme::Http,
            // Named only when it reads as a scheme (`ftp://`, `file:/`), not as the user of
            // `user:password@host`.
            other if url[other.len() + 1..].starts_with('/') => {
                return Err(refuse(
                    format!(
                        "the {} scheme is not supported: only https://, and http:// to a loopback address",
                        escape(other, false)
                    ),
                    ONLY_HINT,
                ));
            }
            _ => {
                return Err(refuse("not an https:// or http:// URL".into(), ONLY_HINT));
            }
        };
        let Ok(uri) = url.parse::<Uri>() else {
            return Err(refuse("not a valid URL".into(), ONLY_HINT));
        };
        if !has_sound_authority(&uri) {
            return Err(refuse(
                "not a valid URL: it names no host, or a port that is not a number".into(),
                ONLY_HINT,
            ));
        }
        let host = uri.host().unwrap_or("");
        if scheme == Scheme::Http && !is_loopback_host(host) {
            return Err(refuse(
                format!(
                    "plain http is allowed only to a loopback address (127.0.0.0/8, [::1] or localhost), and {} is not one; a token's keys must not travel unauthenticated",
                    escape(host, false)
                ),
                "use https://",
            ));
        }
        Ok(Target {
            uri,
            scheme,
            text: url.to_string(),
        })
    }
}

/// Where a redirect from `from` to `to` (already joined) leads: `to` under the same rules as
/// the URL given, and never from https down to plain http, even to a loopback address.
fn next_hop(from: &Target, to: String) -> std::result::Result<Target, Refusal> {
    let next = Target::parse(&to)?;
    if from.scheme == Scheme::Https && next.scheme == Scheme::Http {
        return Err(Refusal {
            url: to,
            why: "a redirect from https to plain http is not followed".into(),
            hint: "ask for the https:// URL the document is served at",
        });
    }
    // A remote server may not steer the fetch to a service on this machine.
    let loopback = |t: &Target| t.uri.host().is_some_and(is_loopback_host);
    if !loopback(from) && loopback(&next) {
        return Err(Refusal {
            url: to,
            why: "a redirect from another host to this machine (loopback) is not followed".into(),
            hint: "ask for the URL the document is served at",
        });
    }
    Ok(next)
}

const ONLY_HINT: &str = "give an https:// URL (or http:// to 127.0.0.1, [::1] or localhost)";

/// `host` (as a URI holds it, an IPv6 address in brackets) is a loopback address, or `localhost`
/// (whose addresses are checked when it is resolved). Also where `server metadata` allows plain
/// http.
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let bare = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    bare.parse::<IpAddr>().is_ok_and(is_loopback)
}

fn is_loopback(ip: IpAddr) -> bool {
    ip.to_canonical().is_loopback()
}

/// One agent per request: its proxy and time limit depend on the hop. A loopback host is never
/// reached through a proxy (the proxy's loopback is not this machine's), nor is plain HTTP sent
/// to one.
fn agent(target: &Target, timeout: Duration) -> Agent {
    let scheme = target.scheme;
    let direct = scheme == Scheme::Http || is_loopback_host(target.uri.host().unwrap_or(""));
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = Config::builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(timeout))
        .user_agent(concat!("jwtadm/", env!("CARGO_PKG_VERSION")))
        .proxy(if direct { None } else { Proxy::try_from_env() })
        .tls_config(
            TlsConfig::builder()
                .provider(TlsProvider::Rustls)
                .root_certs(RootCerts::PlatformVerifier)
                .unversioned_rustls_crypto_provider(provider)
                .build(),
        )
        .build();
    let resolver = LoopbackGuard {
        loopback_only: scheme == Scheme::Http,
    };
    Agent::with_parts(config, DefaultConnector::new(), resolver)
}

/// The default resolver, which for a plain-HTTP fetch refuses a name that resolves to any
/// address that is not a loopback one.
#[derive(Debug)]
struct LoopbackGuard {
    loopback_only: bool,
}

impl Resolver for LoopbackGuard {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> std::result::Result<ResolvedSocketAddrs, ureq::Error> {
        let addrs = DefaultResolver::default().resolve(uri, config, timeout)?;
        if self.loopback_only
            && let Some(addr) = addrs.iter().find(|a| !is_loopback(a.ip()))
        {
            return Err(ureq::Error::Io(io::Error::other(NotLoopback(*addr))));
        }
        Ok(addrs)
    }
}

/// A name given for plain HTTP resolved to an address off this machine.
#[derive(Debug)]
struct NotLoopback(SocketAddr);

impl fmt::Display for NotLoopback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the host resolves to {}, not a loopback address, and plain http is allowed only to loopback",
            self.0.ip()
        )
    }
}

impl std::error::Error for NotLoopback {}

fn is_followed_redirect(status: StatusCode) -> bool {
    matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308)
}

fn status_text(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    }
}

fn read_body(body: &mut ureq::Body, limits: &Limits) -> std::result::Result<Vec<u8>, ureq::Error> {
    let max = limits.max_bytes as u64;
    if let Some(length) = body.content_length()
        && length > max
    {
        return Err(ureq::Error::BodyExceedsLimit(max));
    }
    body.with_config().limit(max).read_to_vec()
}

/// `location` (a Location header) resolved against the URL it came from (RFC 3986 §5.2, without
/// removing dot segments: the server reads those). The fragment is dropped.
fn join(base: &Target, location: &str) -> String {
    let location = location.split('#').next().unwrap_or("");
    if has_scheme(location) {
        return location.to_string();
    }
    let scheme = match base.scheme {
        Scheme::Https => "https",
        Scheme::Http => "http",
    };
    if location.starts_with("//") {
        return format!("{scheme}:{location}");
    }
    let authority = base.uri.authority().map(|a| a.as_str()).unwrap_or("");
    let path = base.uri.path();
    if location.starts_with('/') {
        format!("{scheme}://{authority}{location}")
    } else if location.is_empty() || location.starts_with('?') {
        format!("{scheme}://{authority}{path}{location}")
    } else {
        let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
        let dir = if dir.is_empty() { "/" } else { dir };
        format!("{scheme}://{authority}{dir}{location}")
    }
}

/// `s` starts with a URI scheme and its `:` (RFC 3986 §3.1).
fn has_scheme(s: &str) -> bool {
    let Some(colon) = s.find(':') else {
        return false;
    };
    let scheme = &s[..colon];
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Which URL a failure is about: the one asked for, and the one being fetched after redirects.
struct Where<'a> {
    first: &'a str,
    now: Option<&'a str>,
}

impl Where<'_> {
    fn error(&self, why: impl fmt::Display) -> Error {
        match self.now {
            None => Error::operational(format!("fetching {}: {why}", shown(self.first))),
            Some(now) => Error::operational(format!(
                "fetching {} (redirected to {}): {why}",
                shown(self.first),
                shown(now)
            )),
        }
    }

    fn tls(&self, err: &rustls::Error) -> Error {
        let e = self.error(format!("TLS: {err}"));
        match err {
            rustls::Error::InvalidCertificate(_) => e.with_hint(
                "the server's certificate must be valid for its name and chain to a root the operating system trusts",
            ),
            _ => e,
        }
    }

    /// A failure of ureq, in words.
    fn failed(&self, err: ureq::Error, limits: &Limits) -> Error {
        use ureq::Error as E;
        match err {
            E::Timeout(phase) => self
                .error(format!(
                    "no complete answer within {}{}",
                    duration(limits.timeout),
                    phase_words(phase)
                ))
                .with_hint("check that the server is up and reachable"),
            E::BodyExceedsLimit(_) => self.error(format!(
                "the response is larger than the limit of {}; not read",
                bytes(limits.max_bytes)
            )),
            E::HostNotFound => self.error("host not found"),
            E::Io(e) => {
                let inner = e.get_ref();
                if let Some(not) = inner.and_then(|i| i.downcast_ref::<NotLoopback>()) {
                    self.error(not).with_hint("use https://")
                } else if let Some(tls) = inner.and_then(|i| i.downcast_ref::<rustls::Error>()) {
                    self.tls(tls)
                } else {
                    self.error(io_words(&e))
                }
            }
            E::Rustls(e) => self.tls(&e),
            E::Tls(e) => self.error(format!("TLS: {e}")),
            E::Protocol(e) => self.error(format!("not a valid HTTP answer: {e}")),
            E::LargeResponseHeader(..) => self.error("the response's headers are too large"),
            E::ConnectProxyFailed(e) => self.error(format!("the proxy refused: {e}")),
            E::InvalidProxyUrl => {
                self.error("the proxy named by the environment is not a valid URL")
            }
            E::ConnectionFailed => self.error("the connection failed"),
            // Other variants can repeat the URL (BadUri) or are not expected here; none is
            // shown raw, so that no userinfo or query is echoed.
            other => self.error(match other {
                E::BadUri(_) => "not a valid URL".to_string(),
                E::Http(_) => "the request could not be built".to_string(),
                _ => "the request failed".to_string(),
            }),
        }
    }
}

/// A network I/O error in words (not [`crate::error::describe_io`], whose words are about
/// files), without Rust's "(os error N)".
fn io_words(e: &io::Error) -> String {
    use io::ErrorKind as K;
    match e.kind() {
        K::ConnectionRefused => "connection refused".into(),
        K::ConnectionReset | K::ConnectionAborted => "the connection was reset".into(),
        K::UnexpectedEof => "the server closed the connection early".into(),
        K::TimedOut => "timed out".into(),
        K::HostUnreachable => "host unreachable".into(),
        K::NetworkUnreachable => "network unreachable".into(),
        K::AddrNotAvailable => "address not available".into(),
        _ => {
            let s = e.to_string();
            let s = match s.find(" (os error") {
                Some(i) => &s[..i],
                None => &s,
            };
            // std's words for a failed getaddrinfo.
            match s.strip_prefix("failed to lookup address information: ") {
                Some(why) => format!("host not found ({why})"),
                None => s.to_string(),
            }
        }
    }
}

/// What was being done when the time ran out, where ureq tells (with only a global limit set,
/// it mostly reports that one).
fn phase_words(phase: ureq::Timeout) -> &'static str {
    use ureq::Timeout as T;
    match phase {
        T::Resolve => " (while looking up the host)",
        T::Connect => " (while connecting)",
        T::SendRequest | T::SendBody => " (while sending the request)",
        T::RecvResponse => " (while waiting for the response)",
        T::RecvBody => " (while reading the body)",
        _ => "",
    }
}

fn duration(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{}s", d.as_secs())
    } else {
        format!("{}ms", d.as_millis())
    }
}

fn bytes(n: usize) -> String {
    if n >= 1024 * 1024 && n.is_multiple_of(1024 * 1024) {
        format!("{} MiB ({n} bytes)", n / (1024 * 1024))
    } else if n >= 1024 && n.is_multiple_of(1024) {
        format!("{} KiB ({n} bytes)", n / 1024)
    } else {
        format!("{n} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the review of issue 13: a remote https server could redirect the fetch to a
    /// service on this machine.
    #[test]
    fn a_redirect_from_another_host_to_loopback_is_refused() {
        let from = Target::parse("https://auth.example.com/jwks.json").unwrap();
        let err = next_hop(&from, "https://127.0.0.1:8443/admin".into()).unwrap_err();
        assert!(err.why.contains("loopback"), "{}", err.why);
        let local = Target::parse("http://127.0.0.1:8080/a").unwrap();
        assert!(next_hop(&local, "http://localhost:8080/b".into()).is_ok());
    }
    use crate::error::Exit;
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::thread::{self, JoinHandle};

    /// What the test server does on one connection.
    enum Act {
        /// Read the request, send this, close.
        Answer(Vec<u8>),
        /// Read the request, send this, then hold the connection open.
        AnswerThenHold(Vec<u8>),
        /// Send this at once, without reading a request, then hold the connection open.
        Blurt(Vec<u8>),
        /// Read the request and never answer.
        Hold,
    }

    /// A server on 127.0.0.1 that does each of `acts`, one per connection, in order, and
    /// returns the request heads it read. A held connection is kept until the client hangs up
    /// (or 5 s pass).
    fn serve(acts: Vec<Act>) -> (String, JoinHandle<Vec<String>>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let handle = thread::spawn(move || {
            let mut heads = Vec::new();
            for act in acts {
                let (mut stream, _) = listener.accept().unwrap();
                stream
                    .set_read_timeout(Some(Duration::from_secs(5)))
                    .unwrap();
                if !matches!(act, Act::Blurt(_)) {
                    heads.push(read_head(&mut stream));
                }
                let (send, hold) = match act {
                    Act::Answer(bytes) => (bytes, false),
                    Act::AnswerThenHold(bytes) | Act::Blurt(bytes) => (bytes, true),
                    Act::Hold => (Vec::new(), true),
                };
                let _ = stream.write_all(&send);
                if hold {
                    let mut sink = [0u8; 512];
                    while matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
                }
            }
            heads
        });
        (base, handle)
    }

    fn read_head(stream: &mut TcpStream) -> String {
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && matches!(stream.read(&mut byte), Ok(1)) {
            head.push(byte[0]);
        }
        String::from_utf8_lossy(&head).into_owned()
    }

    fn answer(status: &str, headers: &[&str], body: &[u8]) -> Act {
        let mut out = format!("HTTP/1.1 {status}\r\nConnection: close\r\n");
        for h in headers {
            out.push_str(h);
            out.push_str("\r\n");
        }
        out.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        let mut out = out.into_bytes();
        out.extend_from_slice(body);
        Act::Answer(out)
    }

    fn limits(timeout_ms: u64, max_bytes: usize) -> Limits {
        Limits {
            timeout: Duration::from_millis(timeout_ms),
            max_bytes,
        }
    }

    fn err(url: &str, limits: &Limits) -> Error {
        let e = fetch(url, limits).expect_err("the fetch should fail");
        assert_eq!(e.exit(), Exit::Operational, "{e}");
        e
    }

    const JWKS: &[u8] = br#"{"keys":[]}"#;

    #[test]
    fn defaults_are_ten_seconds_and_one_mebibyte() {
        let l = Limits::default();
        assert_eq!(l.timeout, Duration::from_secs(10));
        assert_eq!(l.max_bytes, 1024 * 1024);
    }

    #[test]
    fn an_ok_answer_gives_its_body() {
        let (base, server) = serve(vec![answer("200 OK", &[], JWKS)]);
        let body = fetch(&format!("{base}/.well-known/jwks.json"), &Limits::default()).unwrap();
        assert_eq!(body, JWKS);
        let heads = server.join().unwrap();
        assert!(
            heads[0].starts_with("GET /.well-known/jwks.json HTTP/1.1\r\n"),
            "{}",
            heads[0]
        );
        assert!(
            heads[0]
                .to_ascii_lowercase()
                .contains("user-agent: jwtadm/"),
            "{}",
            heads[0]
        );
    }

    #[test]
    fn a_body_of_exactly_the_limit_is_accepted() {
        let (base, server) = serve(vec![answer("200 OK", &[], JWKS)]);
        let body = fetch(&format!("{base}/"), &limits(5000, JWKS.len())).unwrap();
        assert_eq!(body, JWKS);
        server.join().unwrap();
    }

    #[test]
    fn a_status_other_than_2xx_is_an_error_naming_it() {
        let (base, server) = serve(vec![
            answer("404 Not Found", &[], b"nope"),
            answer("500 Internal Server Error", &[], b""),
        ]);
        let e = err(&format!("{base}/jwks"), &Limits::default());
        assert_eq!(
            e.message(),
            format!("fetching {base}/jwks: the server answered 404 Not Found")
        );
        let e = err(&format!("{base}/jwks"), &Limits::default());
        assert!(
            e.message()
                .ends_with("the server answered 500 Internal Server Error"),
            "{e}"
        );
        server.join().unwrap();
    }

    #[test]
    fn a_body_over_the_limit_is_an_error_not_truncated() {
        let big = vec![b'x'; 11];
        // Announced by Content-Length: refused before it is read.
        let (base, server) = serve(vec![answer("200 OK", &[], &big)]);
        let e = err(&format!("{base}/"), &limits(5000, 10));
        assert!(
            e.message().contains("larger than the limit of 10 bytes"),
            "{e}"
        );
        server.join().unwrap();
        // Not announced (the body ends when the connection closes): refused while read.
        let mut raw = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".to_vec();
        raw.extend(vec![b'x'; 2048]);
        let (base, server) = serve(vec![Act::Answer(raw)]);
        let e = err(&format!("{base}/"), &limits(5000, 1024));
        assert!(
            e.message()
                .contains("larger than the limit of 1 KiB (1024 bytes)"),
            "{e}"
        );
        server.join().unwrap();
    }

    #[test]
    fn a_server_that_never_answers_times_out() {
        let (base, server) = serve(vec![Act::Hold]);
        let start = Instant::now();
        let e = err(&format!("{base}/jwks"), &limits(300, 1024));
        assert!(
            start.elapsed() < Duration::from_secs(4),
            "{:?}",
            start.elapsed()
        );
        assert!(
            e.message().starts_with(&format!(
                "fetching {base}/jwks: no complete answer within 300ms"
            )),
            "{e}"
        );
        server.join().unwrap();
    }

    #[test]
    fn a_body_that_stalls_times_out() {
        let (base, server) = serve(vec![Act::AnswerThenHold(
            b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"keys\"".to_vec(),
        )]);
        let start = Instant::now();
        let e = err(&format!("{base}/jwks"), &limits(300, 1024));
        assert!(
            start.elapsed() < Duration::from_secs(4),
            "{:?}",
            start.elapsed()
        );
        assert!(
            e.message().contains("no complete answer within 300ms"),
            "{e}"
        );
        server.join().unwrap();
    }

    #[test]
    fn a_refused_connection_says_so_and_where() {
        let port = {
            let l = TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let url = format!("http://127.0.0.1:{port}/jwks");
        let e = err(&url, &limits(5000, 1024));
        assert_eq!(e.message(), format!("fetching {url}: connection refused"));
    }

    #[test]
    fn plain_http_off_loopback_is_refused_before_any_network() {
        // 192.0.2.1 (TEST-NET-1) would hang until the timeout if it were tried.
        let start = Instant::now();
        for url in [
            "http://example.com/jwks.json",
            "http://192.0.2.1/jwks.json",
            "http://10.0.0.1:8080/",
            "http://0.0.0.0/",
            "http://127.1/",
            "http://localhost.example.com/",
            "http://[::2]/",
            "HTTP://Example.COM/",
        ] {
            let e = err(url, &limits(10_000, 1024));
            assert!(
                e.message()
                    .contains("plain http is allowed only to a loopback address"),
                "{url}: {e}"
            );
            assert_eq!(e.hint(), Some("use https://"));
            assert_eq!(check(url).unwrap_err().message(), e.message());
        }
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "{:?}",
            start.elapsed()
        );
        assert_eq!(
            err("http://example.com/jwks.json", &Limits::default()).message(),
            "fetching http://example.com/jwks.json: plain http is allowed only to a loopback \
             address (127.0.0.0/8, [::1] or localhost), and example.com is not one; a token's \
             keys must not travel unauthenticated"
        );
    }

    #[test]
    fn loopback_hosts_and_https_pass_the_check() {
        for url in [
            "https://example.com/.well-known/jwks.json",
            "HTTPS://example.com/",
            "http://127.0.0.1:8080/jwks",
            "http://127.255.0.9/",
            "http://[::1]:9000/jwks",
            "http://[::ffff:127.0.0.1]/",
            "http://localhost/jwks",
            "http://LocalHost.:8000/",
        ] {
            check(url).unwrap_or_else(|e| panic!("{url}: {e}"));
        }
    }

    #[test]
    fn other_schemes_and_non_urls_are_refused() {
        for (url, why) in [
            (
                "ftp://example.com/jwks.json",
                "the ftp scheme is not supported",
            ),
            ("file:///etc/passwd", "the file scheme is not supported"),
            ("ws://127.0.0.1/", "the ws scheme is not supported"),
            ("mailto:keys@example.com", "not an https:// or http:// URL"),
            ("example.com/jwks.json", "it names no scheme"),
            ("/jwks.json", "it names no scheme"),
            ("", "the URL is empty"),
            ("https://exa mple.com/", "not a valid URL"),
            ("https:///jwks", "not a valid URL"),
        ] {
            let e = err(url, &Limits::default());
            assert!(e.message().contains(why), "{url}: {e}");
            assert!(
                e.hint().is_some_and(|h| h.contains("https://")),
                "{url}: {e:?}"
            );
        }
    }

    #[test]
    fn userinfo_and_query_are_never_echoed() {
        let (base, server) = serve(vec![answer("404 Not Found", &[], b"")]);
        let addr = base.trim_start_matches("http://");
        let url = format!("http://admin:hunter2pass@{addr}/jwks?access_token=s3cr3t#frag");
        let e = err(&url, &Limits::default());
        assert_eq!(
            e.message(),
            format!("fetching http://{addr}/jwks?…: the server answered 404 Not Found")
        );
        server.join().unwrap();
        for url in [
            "http://admin:hunter2pass@example.com/jwks?access_token=s3cr3t",
            "ftp://admin:hunter2pass@example.com/?access_token=s3cr3t",
            "https://admin:hunter2pass@exa mple.com/?access_token=s3cr3t",
            "admin:hunter2pass@example.com/?access_token=s3cr3t",
            "https://admin:hunter2/pass@example.com/?access_token=s3cr3t",
        ] {
            let e = err(url, &Limits::default());
            let all = format!("{} {:?}", e.message(), e.hint());
            assert!(!all.contains("hunter2") && !all.contains("s3cr3t"), "{all}");
            assert!(
                all.contains("example.com") || all.contains("exa mple.com"),
                "{all}"
            );
        }
        assert_eq!(
            shown("https://u:p@h.example/a/b?q=1#f"),
            "https://h.example/a/b?…"
        );
        assert_eq!(
            shown("https://h.example:8443/@me?q"),
            "https://h.example:8443/@me?…"
        );
        assert_eq!(shown("https://[::1]:8443/k"), "https://[::1]:8443/k");
        assert_eq!(shown("https://h.example"), "https://h.example");
        assert_eq!(shown("https://h.example/"), "https://h.example/");
        assert_eq!(shown("https://h.example?q=1"), "https://h.example?…");
        // Not a valid URL: a password with a `/` in it is still not shown.
        assert_eq!(
            shown("https://user:pa/ss@h.example/k?q"),
            "https://h.example/k?…"
        );
        assert_eq!(shown("user:pa/ss@h.example/k"), "h.example/k");
        for url in [
            "https://user:pa?ss@h.example/k",
            "https://user:pa#ss@h.example/k",
            "https://user:pa ss@h.example/k",
        ] {
            assert_eq!(shown(url), "https://h.example/k", "{url}");
        }
        let e = err("admin:hunter2pass@example.com/jwks", &Limits::default());
        assert_eq!(
            e.message(),
            "fetching example.com/jwks: not an https:// or http:// URL"
        );
        assert_eq!(
            shown("https://h.example/\u{1b}[2J"),
            "https://h.example/\\u{1b}[2J"
        );
    }

    #[test]
    fn redirects_are_followed_a_few_times_under_the_same_rules() {
        // Relative, then absolute to the same server.
        let (base, server) = serve(vec![
            answer("301 Moved Permanently", &["Location: keys/jwks.json"], b""),
            answer("302 Found", &["Location: /final?v=2"], b""),
            answer("200 OK", &[], JWKS),
        ]);
        let body = fetch(&format!("{base}/.well-known/"), &Limits::default()).unwrap();
        assert_eq!(body, JWKS);
        let heads = server.join().unwrap();
        assert!(
            heads[1].starts_with("GET /.well-known/keys/jwks.json "),
            "{}",
            heads[1]
        );
        assert!(heads[2].starts_with("GET /final?v=2 "), "{}", heads[2]);

        // To plain http off loopback: refused, naming both URLs, without connecting.
        let (base, server) = serve(vec![answer(
            "307 Temporary Redirect",
            &["Location: http://example.com/jwks?k=secret"],
            b"",
        )]);
        let e = err(&format!("{base}/jwks"), &Limits::default());
        assert!(
            e.message().starts_with(&format!(
                "fetching {base}/jwks (redirected to http://example.com/jwks?…): plain http is \
                 allowed only to a loopback address"
            )),
            "{e}"
        );
        assert_eq!(e.hint(), Some("use https://"));
        server.join().unwrap();

        // To another scheme: refused.
        let (base, server) = serve(vec![answer(
            "302 Found",
            &["Location: file:///etc/passwd"],
            b"",
        )]);
        let e = err(&format!("{base}/jwks"), &Limits::default());
        assert!(
            e.message().contains("the file scheme is not supported"),
            "{e}"
        );
        server.join().unwrap();

        // More than MAX_REDIRECTS: an error, and the last hop is not fetched.
        let hops = (0..=MAX_REDIRECTS)
            .map(|i| {
                answer(
                    "308 Permanent Redirect",
                    &[&format!("Location: /hop{}", i + 1)],
                    b"",
                )
            })
            .collect();
        let (base, server) = serve(hops);
        let e = err(&format!("{base}/hop0"), &Limits::default());
        assert_eq!(
            e.message(),
            format!(
                "fetching {base}/hop0 (redirected to {base}/hop{MAX_REDIRECTS}): more than \
                 {MAX_REDIRECTS} redirects (the last to {base}/hop{}); not followed",
                MAX_REDIRECTS + 1
            )
        );
        assert_eq!(server.join().unwrap().len(), MAX_REDIRECTS + 1);

        // A redirect without a Location, and a 304, are errors naming the status.
        let (base, server) = serve(vec![
            answer("302 Found", &[], b""),
            answer("304 Not Modified", &[], b""),
        ]);
        let e = err(&format!("{base}/"), &Limits::default());
        assert!(
            e.message().ends_with("302 Found with no Location to go to"),
            "{e}"
        );
        let e = err(&format!("{base}/"), &Limits::default());
        assert!(
            e.message()
                .ends_with("the server answered 304 Not Modified"),
            "{e}"
        );
        server.join().unwrap();
    }

    #[test]
    fn an_error_after_a_redirect_names_both_urls() {
        let (base, server) = serve(vec![
            answer("302 Found", &["Location: /moved"], b""),
            answer("410 Gone", &[], b""),
        ]);
        let e = err(&format!("{base}/jwks"), &Limits::default());
        assert_eq!(
            e.message(),
            format!(
                "fetching {base}/jwks (redirected to {base}/moved): the server answered 410 Gone"
            )
        );
        server.join().unwrap();
    }

    #[test]
    fn https_runs_tls_on_aws_lc_and_says_when_the_handshake_fails() {
        // Not a TLS server: the handshake fails, with an error rather than a panic for want of
        // a crypto provider. Never leaves this machine.
        let (base, server) = serve(vec![Act::Blurt(
            b"HTTP/1.1 400 Bad Request\r\n\r\n".to_vec(),
        )]);
        let url = base.replacen("http://", "https://", 1);
        let e = err(&format!("{url}/jwks"), &limits(5000, 1024));
        assert!(
            e.message()
                .starts_with(&format!("fetching {url}/jwks: TLS: ")),
            "{e}"
        );
        server.join().unwrap();
    }

    #[test]
    fn localhost_is_fetched_when_it_resolves_to_loopback() {
        let (base, server) = serve(vec![answer("200 OK", &[], JWKS)]);
        let port = base.rsplit(':').next().unwrap();
        let body = fetch(&format!("http://localhost:{port}/jwks"), &Limits::default()).unwrap();
        assert_eq!(body, JWKS);
        server.join().unwrap();
    }

    #[test]
    fn relative_locations_resolve_against_the_url_they_came_from() {
        let base = Target::parse("https://u:p@a.example:8443/x/y/z.json?q=1").unwrap();
        for (location, joined) in [
            ("https://b.example/k", "https://b.example/k"),
            ("HTTP://127.0.0.1/k", "HTTP://127.0.0.1/k"),
            ("//c.example/k", "https://c.example/k"),
            ("/k", "https://u:p@a.example:8443/k"),
            ("k.json", "https://u:p@a.example:8443/x/y/k.json"),
            ("../k", "https://u:p@a.example:8443/x/y/../k"),
            ("?v=2", "https://u:p@a.example:8443/x/y/z.json?v=2"),
            ("k#frag", "https://u:p@a.example:8443/x/y/k"),
        ] {
            assert_eq!(join(&base, location), joined, "{location}");
        }
    }

    #[test]
    fn a_redirect_from_https_to_plain_http_is_refused_even_to_loopback() {
        let from = Target::parse("https://keys.example/jwks").unwrap();
        let refusal = next_hop(&from, "http://127.0.0.1/jwks".into()).unwrap_err();
        assert_eq!(
            refusal.why,
            "a redirect from https to plain http is not followed"
        );
        let e = refusal.error(&Where {
            first: "https://keys.example/jwks",
            now: Some(&refusal.url),
        });
        assert_eq!(
            e.message(),
            "fetching https://keys.example/jwks (redirected to http://127.0.0.1/jwks): a \
             redirect from https to plain http is not followed"
        );
        // https to https, and loopback http to either, are followed.
        next_hop(&from, "https://cdn.example/jwks".into()).unwrap();
        let local = Target::parse("http://127.0.0.1:8080/jwks").unwrap();
        next_hop(&local, "http://localhost:8081/jwks".into()).unwrap();
        next_hop(&local, "https://keys.example/jwks".into()).unwrap();
        // And every hop is under the scheme rules.
        let refusal = next_hop(&from, "ftp://keys.example/jwks".into()).unwrap_err();
        assert!(
            refusal.why.contains("the ftp scheme is not supported"),
            "{refusal:?}"
        );
    }

    #[test]
    fn the_resolver_guard_refuses_non_loopback_addresses() {
        assert!(is_loopback("127.0.0.1".parse().unwrap()));
        assert!(is_loopback("127.9.9.9".parse().unwrap()));
        assert!(is_loopback("::1".parse().unwrap()));
        assert!(is_loopback("::ffff:127.0.0.1".parse().unwrap()));
        assert!(!is_loopback("10.0.0.1".parse().unwrap()));
        assert!(!is_loopback("::ffff:10.0.0.1".parse().unwrap()));
        assert!(!is_loopback("0.0.0.0".parse().unwrap()));
        let text = NotLoopback("192.0.2.7:80".parse().unwrap()).to_string();
        assert!(text.contains("192.0.2.7, not a loopback address"), "{text}");
    }
}
