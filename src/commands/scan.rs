//! `jwtadm scan`: glue from arguments to [`crate::ops::scan`], and the findings as a table,
//! JSON or SARIF 2.1.0.

use serde_json::{Value, json};

use crate::cli::{FailOnArg, ScanArgs};
use crate::error::{Exit, Result};
use crate::ops::scan::{self, FailOn, Finding, KeySource, ScanOptions, Scanned, State};
use crate::output::{Cell, Out, Text, Tone, plural};
use crate::roster::Roster;
use crate::scan::WalkOptions;
use crate::time::Time;

pub fn scan(args: ScanArgs, sarif: bool, out: &Out) -> Result<Exit> {
    let roster = args.roster.as_deref().map(Roster::load).transpose()?;
    let key = match (&roster, super::check_place(&args.check)) {
        (Some(r), _) => KeySource::Roster(r),
        (None, Some(place)) => KeySource::Place(place),
        (None, None) => KeySource::None,
    };
    let paths = if args.paths.is_empty() && !args.staged {
        vec![std::path::PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let now = Time::from_secs(crate::time::now()?);
    let fail_on = match args.fail_on {
        FailOnArg::Live => FailOn::Live,
        FailOnArg::Ours => FailOn::Ours,
        FailOnArg::Any => FailOn::Any,
    };
    let scanned = scan::run(&ScanOptions {
        paths: &paths,
        walk: WalkOptions {
            no_ignore: args.no_ignore,
            max_filesize: args.max_filesize,
            threads: args.threads,
        },
        staged: args.staged,
        key,
        baseline: args.baseline.as_deref(),
        now,
    })?;
    for e in &scanned.unreadable {
        out.warn(&format!("{}; not scanned", crate::redact::redact(e)));
    }
    if let Some(path) = &args.write_baseline {
        scan::write_baseline(path, &scan::baseline(&scanned, now))?;
        out.note(&format!(
            "wrote {} with {}; pass --baseline {} to suppress them",
            path.display(),
            plural(scanned.findings.len(), "finding"),
            path.display()
        ));
    }
    let failed = scanned
        .findings
        .iter()
        .filter(|f| fail_on.fails(f, now))
        .count();
    let exit = if failed > 0 && args.write_baseline.is_none() {
        Exit::Rejected
    } else {
        Exit::Ok
    };
    if sarif {
        out.print_json(&sarif_log(&scanned, now))?;
    } else if out.json() {
        print_json(&scanned, now, failed, out)?;
    } else {
        print_table(&scanned, now, failed, args.fail_on, out)?;
    }
    Ok(exit)
}

/// `exp` as RFC 3339 (none past the year 9999) and relative to now.
fn expiry(f: &Finding, now: Time) -> (Option<String>, Option<String>) {
    match &f.exp {
        Some((x, _)) => (x.utc(), Some(x.relative(now))),
        None => (None, None),
    }
}

fn print_json(scanned: &Scanned, now: Time, failed: usize, out: &Out) -> Result<()> {
    let findings: Vec<Value> = scanned
        .findings
        .iter()
        .map(|f| {
            let (expires, relative) = expiry(f, now);
            json!({
                "path": f.path,
                "line": f.line,
                "column": f.column,
                "state": f.state.as_str(),
                "sub": f.sub,
                "iss": f.iss,
                "exp": f.exp.as_ref().map(|(_, v)| v),
                "expires": expires,
                "expires_relative": relative,
                "client": f.client,
                "fingerprint": f.fingerprint,
                "token": f.shown,
                "detail": f.detail,
                "baselined": f.baselined,
            })
        })
        .collect();
    let s = &scanned.skipped;
    out.print_json(&json!({
        "findings": findings,
        "files_scanned": scanned.files_scanned,
        "bytes_scanned": scanned.bytes_scanned,
        "skipped": {
            "binary": s.binary,
            "utf16": s.utf16,
            "too_large": s.too_large,
            "unreadable": s.unreadable,
        },
        "suppressed_by_baseline": scanned.suppressed,
        "checked_with": scanned.checked_with,
        "failed": failed,
    }))
}

fn tone(state: State) -> Tone {
    match state {
        State::Live => Tone::Bad,
        State::Expired => Tone::Dim,
        State::Foreign | State::Unverified => Tone::Late,
        State::Malformed => Tone::Dim,
    }
}

fn print_table(
    scanned: &Scanned,
    now: Time,
    failed: usize,
    fail_on: FailOnArg,
    out: &Out,
) -> Result<()> {
    let mut t = Text::new();
    if !scanned.findings.is_empty() {
        let rows = scanned.findings.iter().map(|f| {
            let (_, relative) = expiry(f, now);
            let who = match (&f.client, &f.sub) {
                (Some(c), _) => c.clone(),
                (None, Some(s)) => s.clone(),
                (None, None) => "-".into(),
            };
            let state = if f.baselined {
                format!("{} (in baseline)", f.state.as_str())
            } else {
                f.state.as_str().to_string()
            };
            [
                Cell::from(format!("{}:{}:{}", f.path, f.line, f.column)).path(),
                Cell::toned(state, tone(f.state)).atom(),
                Cell::from(who).address(),
                Cell::from(relative.unwrap_or_else(|| "-".into())),
                Cell::from(f.shown.as_str()).atom(),
                Cell::from(f.fingerprint.as_str()).atom(),
            ]
        });
        t.append(out.table(
            &[
                "where",
                "state",
                "client or sub",
                "expires",
                "token",
                "fingerprint",
            ],
            rows,
        ));
    }
    let mut counts: Vec<String> = Vec::new();
    for state in State::ALL {
        let n = scanned.findings.iter().filter(|f| f.state == state).count();
        if n > 0 {
            counts.push(format!("{n} {}", state.as_str()));
        }
    }
    let s = &scanned.skipped;
    let mut skipped = Vec::new();
    for (n, what) in [
        (s.binary, "binary"),
        (s.utf16, "UTF-16"),
        (s.too_large, "too large"),
        (s.unreadable, "unreadable"),
    ] {
        if n > 0 {
            skipped.push(format!("{n} {what}"));
        }
    }
    t.push(format!(
        "{} in {} ({}){}{}{}; {}\n",
        plural(scanned.findings.len(), "finding"),
        plural(scanned.files_scanned as usize, "file"),
        bytes(scanned.bytes_scanned),
        if counts.is_empty() {
            String::new()
        } else {
            format!(": {}", counts.join(", "))
        },
        if skipped.is_empty() {
            String::new()
        } else {
            format!("; skipped {}", skipped.join(", "))
        },
        if scanned.suppressed > 0 {
            format!("; {} suppressed by the baseline", scanned.suppressed)
        } else {
            String::new()
        },
        match &scanned.checked_with {
            Some(w) => format!("checked with {w}"),
            None => "no key given: give --roster, --secret, --key or --jwks to tell live tokens from dead ones".into(),
        }
    ));
    if failed > 0 {
        t.push(format!(
            "{} met --fail-on {}{}\n",
            plural(failed, "finding"),
            match fail_on {
                FailOnArg::Live => "live",
                FailOnArg::Ours => "ours",
                FailOnArg::Any => "any",
            },
            if scanned.findings.iter().any(|f| f.state == State::Live) {
                ": rotate the secret or key (jwtadm secret rotate --roster, jwtadm key rotate --roster), or revoke the client (jwtadm client revoke NAME)"
            } else {
                ""
            }
        ));
    }
    out.print(t)
}

/// `1.2 MB`, `340 KB`, `12 bytes`.
fn bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 30 => format!("{:.1} GB", n as f64 / (1u64 << 30) as f64),
        n if n >= 1 << 20 => format!("{:.1} MB", n as f64 / (1u64 << 20) as f64),
        n if n >= 1 << 10 => format!("{:.0} KB", n as f64 / (1u64 << 10) as f64),
        n => plural(n as usize, "byte"),
    }
}

/// `path` as a SARIF `artifactLocation.uri`, a URI reference (RFC 3986): `/` for a separator,
/// every byte but the unreserved ones percent-encoded (a space, `#`, `%` and `?` would end or
/// change the path), and `file://` before an absolute path.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    if std::path::Path::new(&path).is_absolute() || path.starts_with('/') {
        out.push_str("file://");
        if !path.starts_with('/') {
            // C:/…
            out.push('/');
        }
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) || (b == b':' && out.contains('/')) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// SARIF 2.1.0 as GitHub code scanning reads it: one rule per state, each result with its
/// rule, message, physical location and a partial fingerprint (so a leak is reported once).
fn sarif_log(scanned: &Scanned, now: Time) -> Value {
    let rule = |s: State| -> (&'static str, &'static str, &'static str, &'static str) {
        // (id, name, level, description)
        match s {
            State::Live => (
                "jwtadm/live-token",
                "LiveToken",
                "error",
                "A token signed by the server's secret or key, and not expired: whoever holds it is let in. Rotate the secret or key, or revoke the client.",
            ),
            State::Expired => (
                "jwtadm/expired-token",
                "ExpiredToken",
                "note",
                "A token signed by the server's secret or key, but expired: it no longer opens the door. Remove it.",
            ),
            State::Foreign => (
                "jwtadm/foreign-token",
                "ForeignToken",
                "warning",
                "A token not signed by the server's secret or key: another system's, which may be live there.",
            ),
            State::Malformed => (
                "jwtadm/malformed-token",
                "MalformedToken",
                "note",
                "A JWT-shaped string that is not a token (truncated or mangled).",
            ),
            State::Unverified => (
                "jwtadm/unverified-token",
                "UnverifiedToken",
                "warning",
                "A token that was not checked (no secret or key given): it may be live.",
            ),
        }
    };
    let rules: Vec<Value> = State::ALL
        .iter()
        .map(|&s| {
            let (id, name, level, text) = rule(s);
            json!({
                "id": id,
                "name": name,
                "shortDescription": {"text": format!("{} JWT", s.as_str())},
                "fullDescription": {"text": text},
                "help": {"text": text},
                "defaultConfiguration": {"level": level},
            })
        })
        .collect();
    let results: Vec<Value> = scanned
        .findings
        .iter()
        .map(|f| {
            let (id, _, level, _) = rule(f.state);
            let index = State::ALL.iter().position(|&s| s == f.state).unwrap_or(0);
            let (expires, relative) = expiry(f, now);
            let mut text = format!("{} JWT {}", f.state.as_str(), f.shown);
            if let Some(c) = &f.client {
                text.push_str(&format!(" of client {c}"));
            } else if let Some(s) = &f.sub {
                text.push_str(&format!(" for sub {s}"));
            }
            if let (Some(x), Some(r)) = (expires, relative) {
                text.push_str(&format!(", exp {x} ({r})"));
            }
            text.push_str(&format!(": {}", f.detail));
            json!({
                "ruleId": id,
                "ruleIndex": index,
                "level": level,
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&f.path)},
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.column,
                        },
                    },
                }],
                "partialFingerprints": {"jwtadm/token/v1": f.fingerprint},
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "jwtadm",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
            // Columns count characters (Unicode code points), not UTF-16 code units.
            "columnKind": "unicodeCodePoints",
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn a_sarif_uri_is_a_uri_reference() {
        assert_eq!(uri(".vscode/mcp.json"), ".vscode/mcp.json");
        assert_eq!(
            uri("dir with space/c d.env"),
            "dir%20with%20space/c%20d.env"
        );
        assert_eq!(uri("notes #1 100%?.md"), "notes%20%231%20100%25%3F.md");
        assert_eq!(uri("ü.md"), "%C3%BC.md");
        assert_eq!(uri("/work/a b/x.env"), "file:///work/a%20b/x.env");
        assert_eq!(uri("docs\\x.md"), "docs/x.md");
        // A colon in a relative path would read as a scheme.
        assert_eq!(uri("a:b.md"), "a%3Ab.md");
    }
}
