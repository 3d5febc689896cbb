//! `jwtadm token issue-all` and `jwtadm token status`: a whole roster at once.

use std::path::Path;

use serde::Serialize;
use serde_json::{Value, json};

use super::config::print_preview;
use super::{eval_time, plural};
use crate::claims::{self, Time, rfc3339};
use crate::cli::{IssueAllArgs, StatusArgs};
use crate::error::{Error, Exit, Result};
use crate::ops::{
    self,
    issue_all::{IssueAllOptions, IssuedAll, Outcome, load_key, targets},
};
use crate::output::{Cell, Out, Tone};
use crate::patch::plan::Edit;
use crate::patch::{self, Format, Target};
use crate::places;
use crate::roster::{Client, Origin, Roster};
use crate::token;
use crate::verify::{self, Expect, Keys};

/// What `issue-all -o json` prints, borrowed from the run and written as it is serialized.
#[derive(Serialize)]
struct IssueAllJson<'a> {
    issued_at: String,
    secret_fingerprint: String,
    roster: String,
    patched: bool,
    written: Vec<String>,
    split_hard_links: Vec<String>,
    clients: Vec<IssuedJson<'a>>,
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
}

impl<'a> From<&'a IssueAllArgs> for IssueAllOptions<'a> {
    fn from(args: &'a IssueAllArgs) -> Self {
        IssueAllOptions {
            only: &args.only,
            patch: args.patch,
            dry_run: args.dry_run,
            backup: args.backup,
        }
    }
}

pub fn issue_all(args: IssueAllArgs, out: &Out) -> Result<Exit> {
    let roster = Roster::load(&args.roster)?;
    let options = IssueAllOptions::from(&args);
    let run = match ops::issue_all::run(&roster, &options, out)? {
        Outcome::Preview(preview) => return print_preview(&preview, out),
        Outcome::Issued(run) => run,
    };
    let IssuedAll {
        issued,
        key,
        now,
        written,
        split_hard_links: split,
    } = run;

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
            })
            .collect();
        out.print_json(&IssueAllJson {
            issued_at: rfc3339(now),
            secret_fingerprint: key.fingerprint(),
            roster: roster.path.display().to_string(),
            patched: args.patch,
            written: written.iter().map(|p| p.display().to_string()).collect(),
            split_hard_links: split,
            clients,
        })?;
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
            "{} issued {} with secret {}{}\n",
            plural(issued.len(), "token"),
            rfc3339(now),
            key.fingerprint(),
            if args.patch {
                format!("; {} written", plural(written.len(), "file"))
            } else {
                "; -o json prints the tokens".to_string()
            }
        ));
        out.print(text)?;
    }
    Ok(Exit::Ok)
}

/// The state of one token in one place.
struct Entry {
    client: String,
    sub: String,
    file: String,
    server: Option<String>,
    state: &'static str,
    exit: Exit,
    /// The token's exp: when, and the NumericDate exactly as the token has it.
    exp: Option<(Time, Value)>,
    detail: String,
    checks: Value,
}

pub fn status(args: StatusArgs, out: &Out) -> Result<Exit> {
    let roster = Roster::load(&args.roster)?;
    // A roster that gives two clients one place (or a client the secret's) is refused as
    // issue-all refuses it: one of the two would always read as a mismatch.
    places::check(
        &roster,
        places::Writes {
            tokens: true,
            secret: None,
        },
    )?;
    let key = load_key(&roster)?;
    let previous = roster.secret.load_previous(roster.encoding)?;
    let keys = Keys::new(&key, previous.as_ref());
    let now = eval_time(args.at.as_deref())?;
    let mut entries: Vec<Entry> = Vec::new();
    let mut places_checked = 0usize;
    let mut unplaced = 0usize;
    for c in &roster.clients {
        let places = targets(c);
        if places.is_empty() {
            unplaced += 1;
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
        for (path, shown, edit, origin) in places {
            let target = match edit {
                Edit::Rewrite(t) => t,
                Edit::SetDotenv(k) => Target {
                    var: k,
                    ..Target::default()
                },
            };
            places_checked += 1;
            check_place(
                c,
                (path, shown, origin),
                &target,
                &keys,
                now,
                (args.warn_within, args.strict),
                &mut entries,
            );
        }
    }
    let mut exit = entries.iter().fold(Exit::Ok, |acc, e| acc.worst(e.exit));
    // A gate that checked nothing has not passed: no place at all is a failure, and with
    // --strict so is a client whose token is nowhere to check (found by the second red team).
    if entries.is_empty() || (args.strict && unplaced > 0) {
        if entries.is_empty() {
            out.warn("no token was checked: the roster names no config file or dotenv entry");
        }
        exit = exit.worst(Exit::Rejected);
    }
    let counts = Counts::of(&entries);
    if out.json() {
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
            "secret_fingerprint": key.fingerprint(),
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
    } else {
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
            "{} in {} checked at {} with secret {}: {} ok, {} expired or expiring within {}d, {} missing, invalid or mismatched",
            plural(roster.clients.len(), "client"),
            plural(places_checked, "place"),
            rfc3339(now.secs()),
            key.fingerprint(),
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
    }
    Ok(exit)
}

/// How the entries of a status came out, each counted once: unchecked ones (pointing
/// elsewhere) apart, whether or not --strict fails them.
struct Counts {
    ok: usize,
    late: usize,
    bad: usize,
    unchecked: usize,
}

impl Counts {
    fn of(entries: &[Entry]) -> Counts {
        let unchecked = |e: &&Entry| e.state == "unchecked";
        let checked = || entries.iter().filter(|e| !unchecked(e));
        Counts {
            ok: checked().filter(|e| e.exit == Exit::Ok).count(),
            late: checked().filter(|e| e.exit == Exit::Expired).count(),
            bad: checked().filter(|e| e.exit == Exit::Rejected).count(),
            unchecked: entries.iter().filter(unchecked).count(),
        }
    }
}

/// Whole days from `now` to `x`, towards zero.
fn days_left(x: Time, now: Time) -> i64 {
    x.secs().saturating_sub(now.secs()) / 86_400
}

#[allow(clippy::too_many_arguments)]
fn check_place(
    c: &Client,
    (path, shown, origin): (&Path, &str, &Origin),
    target: &Target,
    keys: &Keys,
    now: Time,
    (warn_within, strict): (i64, bool),
    entries: &mut Vec<Entry>,
) {
    let mut entry = |server: Option<String>,
                     state: &'static str,
                     exit: Exit,
                     exp: Option<(Time, Value)>,
                     detail: String,
                     checks: Value| {
        // The detail, file and server quote the roster: a key pasted there is not repeated.
        let redact = crate::secret::redact;
        entries.push(Entry {
            client: c.name.clone(),
            sub: c.sub.clone(),
            file: redact(shown),
            server: server.map(|s| redact(&s)),
            state,
            exit,
            exp,
            detail: redact(&detail),
            checks,
        });
    };
    // A file that cannot be read or searched is named as it was resolved (`~` and variables
    // expanded), with the roster's line that names it.
    let text = match crate::atomic::read_regular_string(path) {
        Ok(t) => t,
        Err(e) => {
            return entry(
                None,
                "missing",
                Exit::Rejected,
                None,
                origin
                    .note(Error::io("reading", path, e))
                    .message()
                    .strip_prefix("reading ")
                    .unwrap_or_default()
                    .to_string(),
                Value::Null,
            );
        }
    };
    let format = Format::detect(path, &text);
    let found = match patch::find(format, &text, target) {
        Ok(f) => f,
        Err(e) => {
            return entry(
                target.server.clone(),
                "missing",
                Exit::Rejected,
                None,
                {
                    // The hint (say, the header that holds the token) belongs in the row too.
                    let e = origin.note(e.in_file(path));
                    match e.hint() {
                        Some(h) => format!("{}; {h}", e.message()),
                        None => e.message().to_string(),
                    }
                },
                Value::Null,
            );
        }
    };
    // A value that points elsewhere (`${input:…}`) is filled in by the client from somewhere
    // jwtadm cannot see: not checked, and not a failure unless --strict says so.
    for r in &found.references {
        let (exit, why) = if strict {
            (Exit::Rejected, "a failure with --strict")
        } else {
            (Exit::Ok, "not a failure; --strict counts it as one")
        };
        entry(
            r.server.clone(),
            "unchecked",
            exit,
            None,
            format!(
                "line {}: {} points elsewhere; not checked ({why})",
                r.line, r.value
            ),
            Value::Null,
        );
    }
    for site in found.sites {
        let decoded = match token::decode(&site.token) {
            Ok(d) => d,
            Err(e) => {
                entry(
                    site.server,
                    "invalid",
                    Exit::Rejected,
                    None,
                    format!("line {}: {e}", site.line),
                    Value::Null,
                );
                continue;
            }
        };
        let expect = Expect {
            algs: vec![c.alg],
            iss: c.iss.clone(),
            aud: c.aud.clone(),
            now,
            ..Expect::default()
        };
        let report = verify::verify(&decoded, keys, &expect);
        let checks = serde_json::to_value(&report.checks).unwrap_or(Value::Null);
        let exp = claims::date(&decoded.claims, "exp").map(|x| (x, decoded.claims["exp"].clone()));
        let sub = decoded.claims.get("sub");
        if sub.and_then(Value::as_str) != Some(c.sub.as_str()) {
            let found = match sub {
                Some(Value::String(s)) => format!("sub is \"{s}\""),
                Some(other) => format!("sub is {other}, not a string"),
                None => "the token has no sub".to_string(),
            };
            let detail = format!("{found}; the roster says \"{}\"", c.sub);
            entry(site.server, "mismatch", Exit::Rejected, exp, detail, checks);
            continue;
        }
        let failed: Vec<String> = report
            .checks
            .iter()
            .filter(|k| !k.ok)
            .map(|k| match k.check {
                "signature" if report.signed_by_previous.is_some() => k.detail.clone(),
                "signature" => "signature does not match the roster's secret".to_string(),
                "exp" => k.detail.split(" (").next().unwrap_or(&k.detail).to_string(),
                _ => format!("{}: {}", k.check, k.detail),
            })
            .collect();
        // A token of the previous secret stops working when its grace ends, if not before.
        let retired = report.signed_by_previous.map(Time::from_secs);
        let deadline = match (exp.as_ref().map(|(x, _)| *x), retired) {
            (Some(x), Some(r)) => Some(x.min(r)),
            (x, r) => x.or(r),
        };
        let note = retired.map(|r| {
            format!(
                "signed by the previous secret, retired {}; reissue",
                r.relative(now)
            )
        });
        match report.exit() {
            Exit::Ok => match deadline {
                Some(x) if x.secs().saturating_sub(now.secs()) <= warn_within => entry(
                    site.server,
                    "expiring",
                    Exit::Expired,
                    exp,
                    note.unwrap_or_else(|| format!("expires {}", x.relative(now))),
                    checks,
                ),
                _ => entry(
                    site.server,
                    "ok",
                    Exit::Ok,
                    exp,
                    note.unwrap_or_default(),
                    checks,
                ),
            },
            Exit::Expired => entry(
                site.server,
                "expired",
                Exit::Expired,
                exp,
                failed.join("; "),
                checks,
            ),
            _ => entry(
                site.server,
                "invalid",
                Exit::Rejected,
                exp,
                failed.join("; "),
                checks,
            ),
        }
    }
}
