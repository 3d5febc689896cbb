//! `jwtadm token issue-all` and `jwtadm token status`: a whole roster at once.

use serde::Serialize;
use serde_json::{Value, json};

use super::config::print_preview;
use crate::cli::{IssueAllArgs, RosterInitArgs, StatusArgs};
use crate::error::{Exit, Result};
use crate::ops::{
    self,
    issue_all::{IssueAllOptions, IssuedAll, Outcome, targets},
    keys::kids,
    renew::{Decision, next_due},
    status::{CheckedWith, Counts, Status, StatusOptions, days_left},
    verify::KeyPlace,
};
use crate::output::plural;
use crate::output::{Cell, Out, Tone};
use crate::roster::{Client, Roster};
use crate::time::{Time, humanize, rfc3339};

/// What `issue-all -o json` prints, borrowed from the run and written as it is serialized.
#[derive(Serialize)]
struct IssueAllJson<'a> {
    /// When the tokens were issued; null when none was (nothing due).
    issued_at: Option<String>,
    /// A secret roster's: the secret's fingerprint.
    #[serde(skip_serializing_if = "Option::is_none")]
    secret_fingerprint: Option<String>,
    /// A key roster's: the key's id, every token's `kid`.
    #[serde(skip_serializing_if = "Option::is_none")]
    kid: Option<String>,
    roster: String,
    patched: bool,
    written: Vec<String>,
    split_hard_links: Vec<String>,
    /// The roster's JWK Set, when it was rewritten to list the key.
    #[serde(skip_serializing_if = "Option::is_none")]
    jwks: Option<Value>,
    clients: Vec<IssuedJson<'a>>,
    /// With --renew-within: the window in seconds, the clients not due and why, and when the
    /// first of them falls due.
    #[serde(skip_serializing_if = "Option::is_none")]
    renew_within: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    skipped: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_due: Option<Option<String>>,
}

#[derive(Serialize)]
struct IssuedJson<'a> {
    name: &'a str,
    sub: &'a str,
    token: &'a str,
    jti: &'a str,
    iat: i64,
    exp: i64,
    expires: String,
    files: Vec<&'a str>,
    /// With --renew-within: why it was due, and where.
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<&'a str>,
}

impl<'a> From<&'a IssueAllArgs> for IssueAllOptions<'a> {
    fn from(args: &'a IssueAllArgs) -> Self {
        IssueAllOptions {
            only: &args.only,
            patch: args.patch,
            dry_run: args.dry_run,
            backup: args.backup,
            renew_within: args.renew_within,
        }
    }
}

pub fn issue_all(args: IssueAllArgs, out: &Out) -> Result<Exit> {
    let roster = Roster::load(&args.roster)?;
    let options = IssueAllOptions::from(&args);
    let run = match ops::issue_all::run(&roster, &options, out)? {
        Outcome::Preview(preview, None) => return print_preview(&preview, out),
        Outcome::Preview(preview, Some((decisions, now))) => {
            return print_renewal_preview(&preview, &decisions, now, &args, out);
        }
        Outcome::NothingDue { now, decisions } => {
            return print_nothing_due(now, &decisions, &roster, &args, out);
        }
        Outcome::Issued(run) => run,
    };
    let IssuedAll {
        issued,
        signing,
        now,
        written,
        split_hard_links: split,
        jwks,
        jwks_behind,
        decisions,
    } = *run;
    let why = |c: &Client| {
        decisions
            .iter()
            .flatten()
            .find(|d| std::ptr::eq(d.client, c))
    };
    if let Some(path) = &jwks_behind {
        out.warn(&format!(
            "the JWKS {} does not list the {}: a server that reads it refuses these tokens; --patch rewrites it with the tokens' files",
            path.display(),
            signing.words()
        ));
    }
    for w in jwks.iter().flat_map(|j| &j.warnings) {
        out.warn(w);
    }
    let jwks = jwks.map(|j| (j.path.display().to_string(), kids(&j.doc)));

    if out.json() {
        let clients = issued
            .iter()
            .map(|i| IssuedJson {
                name: &i.client.name,
                sub: &i.client.sub,
                token: &i.token,
                jti: &i.jti,
                iat: now,
                exp: now + i.client.expires,
                expires: rfc3339(now + i.client.expires),
                files: files_of(i.client, args.patch),
                reason: why(i.client).map(|d| d.reason.name()),
                detail: why(i.client).map(|d| d.detail.as_str()),
            })
            .collect();
        let (member, name) = signing.json_member();
        let name = name.as_str().map(str::to_string);
        let skipped = decisions.as_ref().map(|d| {
            d.iter()
                .filter(|d| !d.reason.due())
                .map(decision_json)
                .collect()
        });
        out.print_json(&IssueAllJson {
            issued_at: Some(rfc3339(now)),
            secret_fingerprint: name.clone().filter(|_| member == "secret_fingerprint"),
            kid: name.filter(|_| member == "kid"),
            roster: roster.path.display().to_string(),
            patched: args.patch,
            written: written.iter().map(|p| p.display().to_string()).collect(),
            split_hard_links: split,
            jwks: jwks.map(|(path, kids)| json!({"path": path, "kids": kids})),
            clients,
            renew_within: args.renew_within,
            skipped,
            next_due: decisions
                .as_ref()
                .map(|d| next_due(d).map(|(t, _)| rfc3339(t.secs()))),
        })?;
    } else if let Some(decisions) = &decisions {
        let mut text = renewal_table(decisions, now, out, |c| {
            let i = issued.iter().find(|i| std::ptr::eq(i.client, c))?;
            Some((i.jti.as_str(), files_of(c, args.patch)))
        });
        let skipped = decisions.iter().filter(|d| !d.reason.due()).count();
        text.push(format!(
            "{} due within {} issued {} with {}{}{}\n",
            plural(issued.len(), "token"),
            humanize(args.renew_within.unwrap_or_default()),
            rfc3339(now),
            signing.words(),
            if args.patch {
                format!("; {} written", plural(written.len(), "file"))
            } else {
                "; -o json prints the tokens".to_string()
            },
            match next_due(decisions) {
                Some((t, d)) if skipped > 0 => format!(
                    "; {} not due, the next {} ({} at {})",
                    plural(skipped, "client"),
                    t.relative(Time::from_secs(now)),
                    d.client.name,
                    t.show()
                ),
                _ if skipped > 0 => format!("; {} not due", plural(skipped, "client")),
                _ => String::new(),
            }
        ));
        push_jwks(&mut text, &jwks);
        out.print(text)?;
    } else {
        let rows = issued.iter().map(|i| {
            let files = if args.patch {
                Cell::lines(files_of(i.client, true).join("\n")).path()
            } else {
                Cell::toned("(not written; --patch)", Tone::Dim)
            };
            let expires = rfc3339(now + i.client.expires)[..10].to_string();
            [
                Cell::from(&i.client.name).address(),
                Cell::from(&i.client.sub).address(),
                Cell::from(expires).atom(),
                Cell::from(&i.jti).atom(),
                files,
            ]
        });
        let mut text = out.table(&["client", "sub", "expires", "jti", "files"], rows);
        text.push(format!(
            "{} issued {} with {}{}\n",
            plural(issued.len(), "token"),
            rfc3339(now),
            signing.words(),
            if args.patch {
                format!("; {} written", plural(written.len(), "file"))
            } else {
                "; -o json prints the tokens".to_string()
            }
        ));
        push_jwks(&mut text, &jwks);
        out.print(text)?;
    }
    Ok(Exit::Ok)
}

/// The JWK Set an issue-all rewrote, in words.
fn push_jwks(text: &mut crate::output::Text, jwks: &Option<(String, Vec<String>)>) {
    if let Some((path, kids)) = jwks {
        let kids: Vec<String> = kids.iter().map(|k| format!("kid:{k}")).collect();
        text.push(format!(
            "the JWKS {path} did not list the key; it now lists {}\n",
            kids.join(", ")
        ));
    }
}

/// One client's renewal decision in JSON.
fn decision_json(d: &Decision) -> Value {
    json!({
        "name": d.client.name,
        "sub": d.client.sub,
        "due": d.reason.due(),
        "reason": d.reason.name(),
        "detail": d.detail,
        "due_at": d.due_at.and_then(|t| t.utc()),
    })
}

/// A row a client, due or not, with why: `issued` gives a due client's jti and files.
fn renewal_table<'c>(
    decisions: &'c [Decision],
    now: i64,
    out: &Out,
    issued: impl Fn(&'c Client) -> Option<(&'c str, Vec<&'c str>)>,
) -> crate::output::Text {
    let rows = decisions.iter().map(|d| {
        let c = d.client;
        let (reason, expires, jti, files) = if d.reason.due() {
            let (jti, files) = issued(c).unwrap_or_default();
            let files = if files.is_empty() {
                Cell::toned("(not written; --patch)", Tone::Dim)
            } else {
                Cell::lines(files.join("\n")).path()
            };
            (
                Cell::toned(d.reason.name(), Tone::Late).atom(),
                Cell::from(rfc3339(now + c.expires)[..10].to_string()).atom(),
                Cell::from(jti).atom(),
                files,
            )
        } else {
            (
                Cell::toned(d.reason.name(), Tone::Good).atom(),
                Cell::toned("-", Tone::Dim),
                Cell::toned("-", Tone::Dim),
                Cell::toned("(not due)", Tone::Dim),
            )
        };
        [
            Cell::from(&c.name).address(),
            reason,
            Cell::from(&d.detail),
            expires,
            jti,
            files,
        ]
    });
    out.table(
        &["client", "reason", "detail", "expires", "jti", "files"],
        rows,
    )
}

/// `issue-all --renew-within --dry-run` with clients due: the diff, then why each client is
/// (or is not) due.
fn print_renewal_preview(
    preview: &[crate::txn::plan::FilePreview],
    decisions: &[Decision],
    now: i64,
    args: &IssueAllArgs,
    out: &Out,
) -> Result<Exit> {
    if out.json() {
        out.print_json(&json!({
            "dry_run": true,
            "files": preview,
            "renew_within": args.renew_within,
            "clients": decisions.iter().map(decision_json).collect::<Vec<_>>(),
            "next_due": next_due(decisions).map(|(t, _)| rfc3339(t.secs())),
        }))?;
        return Ok(Exit::Ok);
    }
    let exit = print_preview(preview, out)?;
    out.print(renewal_table(decisions, now, out, |c| {
        Some(("(dry run)", files_of(c, true)))
    }))?;
    Ok(exit)
}

/// `issue-all --renew-within` with no client due: one line for people (a cron job's mail),
/// every client's reason in JSON.
fn print_nothing_due(
    now: i64,
    decisions: &[Decision],
    roster: &Roster,
    args: &IssueAllArgs,
    out: &Out,
) -> Result<Exit> {
    let window = args.renew_within.unwrap_or_default();
    let next = next_due(decisions);
    if out.json() {
        out.print_json(&IssueAllJson {
            issued_at: None,
            secret_fingerprint: None,
            kid: None,
            roster: roster.path.display().to_string(),
            patched: args.patch,
            written: Vec::new(),
            split_hard_links: Vec::new(),
            jwks: None,
            clients: Vec::new(),
            renew_within: Some(window),
            skipped: Some(decisions.iter().map(decision_json).collect()),
            next_due: Some(next.map(|(t, _)| rfc3339(t.secs()))),
        })?;
        return Ok(Exit::Ok);
    }
    let next = match next {
        Some((t, d)) => format!(
            "; next renewal due {} ({}, {})",
            t.relative(Time::from_secs(now)),
            t.show(),
            d.client.name
        ),
        None => String::new(),
    };
    out.line(format!(
        "nothing due: no token of {} is missing, invalid, mismatched or expiring within {}{next}; nothing written",
        plural(decisions.len(), "client"),
        humanize(window),
    ))?;
    Ok(Exit::Ok)
}

/// Where a client's token is written (nothing when not `patched`).
fn files_of(c: &Client, patched: bool) -> Vec<&str> {
    if patched {
        targets(c)
            .into_iter()
            .map(|(_, shown, _, _)| shown)
            .collect()
    } else {
        Vec::new()
    }
}

pub fn status(args: StatusArgs, out: &Out) -> Result<Exit> {
    let roster = Roster::load(&args.roster)?;
    let options = StatusOptions {
        at: args.at.as_deref(),
        warn_within: args.warn_within,
        strict: args.strict,
        with: match (&args.key, &args.jwks) {
            (Some(key), _) => Some(KeyPlace::Key(key)),
            (None, Some(jwks)) => Some(KeyPlace::Jwks(jwks)),
            (None, None) => None,
        },
    };
    let status = ops::status::run(&roster, &options)?;
    for c in &status.unplaced {
        out.warn(&format!(
            "client {} has no configs or dotenv entry in {}; nothing to check{}",
            c.name,
            roster.path.display(),
            if args.strict {
                " (a failure with --strict)"
            } else {
                ""
            }
        ));
    }
    if status.entries.is_empty() {
        out.warn("no token was checked: the roster names no config file or dotenv entry");
    }
    if out.json() {
        print_status_json(&status, &roster, &args, out)?;
    } else {
        print_status_table(&status, &roster, &args, out)?;
    }
    Ok(status.exit)
}

/// `token status -o json`.
fn print_status_json(status: &Status, roster: &Roster, args: &StatusArgs, out: &Out) -> Result<()> {
    let &Status {
        ref with,
        now,
        ref entries,
        places_checked,
        exit,
        ..
    } = status;
    let (member, name) = match with {
        CheckedWith::Secret { fingerprint } => ("secret_fingerprint", json!(fingerprint)),
        CheckedWith::Key { kid } => ("kid", json!(kid)),
        CheckedWith::Jwks { place, kids } => ("jwks", json!({"source": place, "kids": kids})),
    };
    let counts = Counts::of(entries);
    let list: Vec<Value> = entries
        .iter()
        .map(|e| {
            json!({
                "client": e.client,
                "sub": e.sub,
                "file": e.file,
                "server": e.server,
                "state": e.state,
                "ok": e.exit == Exit::Ok && e.state != "unchecked",
                "exp": e.exp.as_ref().map(|(_, v)| v),
                // Past the year 9999 neither has a value RFC 3339 or a day count can hold.
                "expires": e.exp.as_ref().and_then(|(x, _)| x.utc()),
                "days_left": e.exp.as_ref().filter(|(x, _)| x.is_date()).map(|(x, _)| days_left(*x, now)),
                "detail": e.detail,
                "checks": e.checks,
            })
        })
        .collect();
    out.print_json(&json!({
        "at": rfc3339(now.secs()),
        "warn_within_days": args.warn_within / 86_400,
        "strict": args.strict,
        member: name,
        "exit_code": exit.code(),
        "counts": {
            "clients": roster.clients.len(),
            "places": places_checked,
            "ok": counts.ok,
            "expired_or_expiring": counts.late,
            "failed": counts.bad,
            "unchecked": counts.unchecked,
        },
        "entries": list,
    }))?;
    Ok(())
}

/// `token status` for people: a row a place, and a summary.
fn print_status_table(
    status: &Status,
    roster: &Roster,
    args: &StatusArgs,
    out: &Out,
) -> Result<()> {
    let &Status {
        ref with,
        now,
        ref entries,
        places_checked,
        ..
    } = status;
    let counts = Counts::of(entries);
    let rows = entries.iter().map(|e| {
        let tone = match e.exit {
            Exit::Ok if e.state == "unchecked" => Tone::Dim,
            Exit::Ok => Tone::Good,
            Exit::Expired => Tone::Late,
            _ => Tone::Bad,
        };
        let file = match &e.server {
            Some(s) => Cell::from(&e.file).path().note(format!("({s})")),
            None => Cell::from(&e.file).path(),
        };
        let days = match &e.exp {
            Some((x, _)) if x.is_date() => days_left(*x, now).to_string(),
            Some((x, _)) if *x > now => "far".to_string(),
            Some(_) => "far past".to_string(),
            None => "-".to_string(),
        };
        [
            Cell::from(&e.client).address(),
            file,
            Cell::toned(e.state, tone).atom(),
            Cell::from(days).atom(),
            Cell::from(&e.detail),
        ]
    });
    let mut text = out.table(&["client", "file", "state", "days left", "detail"], rows);
    let mut summary = format!(
        "{} in {} checked at {} with {}: {} ok, {} expired or expiring within {}d, {} missing, invalid or mismatched",
        plural(roster.clients.len(), "client"),
        plural(places_checked, "place"),
        rfc3339(now.secs()),
        with.words(),
        plural(counts.ok, "token"),
        counts.late,
        args.warn_within / 86_400,
        counts.bad,
    );
    if counts.unchecked > 0 {
        summary.push_str(&format!(
            ", {} unchecked (pointing elsewhere{})",
            counts.unchecked,
            if args.strict {
                ", failed by --strict"
            } else {
                ""
            }
        ));
    }
    summary.push('\n');
    text.push(summary);
    out.print(text)?;
    Ok(())
}

/// `roster init`: a roster from what `config find` sees, written once (or with --force).
pub fn init(args: RosterInitArgs, out: &Out) -> Result<Exit> {
    use crate::ops::roster_init::{self, Request};
    let prepared = roster_init::prepare(&Request {
        out: &args.out,
        secret: args.secret.as_deref(),
        key: args.key.as_deref(),
        roots: &args.place.root,
        var: &args.place.var,
        header: args.place.header.as_deref(),
        home: args.place.home.as_deref(),
        os: super::config::os_of(args.place.os),
        force: args.force,
        dry_run: args.dry_run,
    })?;
    for why in &prepared.unsearched {
        out.warn(&format!("{why}; not searched"));
    }
    for (path, why) in &prepared.unreadable {
        out.warn(&format!("{}: {why}; left out", path.display()));
    }
    let init = prepared.init;
    for (path, server) in &init.not_jwt {
        out.warn(&format!(
            "{} ({}): its {} header holds a value that is not a JWT, another service's credential; left out",
            path.display(),
            crate::redact::redact(server),
            args.place.header.as_deref().unwrap_or_default()
        ));
    }
    for path in &init.left_out {
        out.warn(&format!(
            "{}: a roster path cannot name it (its folders hold $, % or ~, which roster paths expand); left out",
            path.display()
        ));
    }
    init.check(&args.out, &args.place.var, args.place.header.as_deref())?;
    if args.dry_run {
        if out.json() {
            out.print_json(&json!({"roster": init.text, "written": false}))?;
        } else {
            out.print(crate::output::Text::from(init.text.clone()))?;
        }
        return Ok(Exit::Ok);
    }
    crate::ops::roster_init::write(&args.out, &init.text, args.force)?;
    let clients: Vec<Value> = init
        .clients
        .iter()
        .map(|c| {
            json!({
                "name": c.name,
                "sub": c.sub,
                "files": c.configs.iter().map(|(p, _)| p.clone()).chain(c.dotenv.iter().map(|(p, _)| p.clone())).collect::<Vec<_>>(),
                "found_in": c.found_in,
            })
        })
        .collect();
    if out.json() {
        out.print_json(&json!({
            "roster": args.out.display().to_string(),
            "written": true,
            "clients": clients,
        }))?;
    } else {
        let rows = init.clients.iter().map(|c| {
            let files: Vec<String> = c
                .configs
                .iter()
                .map(|(p, s)| match s {
                    Some(s) => format!("{p} ({s})"),
                    None => p.clone(),
                })
                .chain(c.dotenv.iter().map(|(p, k)| format!("{p} ({k})")))
                .collect();
            [
                Cell::from(&c.name).address(),
                Cell::from(&c.sub).address(),
                Cell::from(files.join(", ")).path(),
            ]
        });
        let mut t = out.table(&["client", "sub", "files"], rows);
        t.push(format!(
            "wrote {} with {}; next: jwtadm token issue-all --patch --dry-run {}\n",
            args.out.display(),
            plural(init.clients.len(), "client"),
            args.out.display()
        ));
        out.print(t)?;
    }
    Ok(Exit::Ok)
}
