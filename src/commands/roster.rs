//! `jwtadm token issue-all` and `jwtadm token status`: a whole roster at once.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Value, json};

use super::config::{print_preview, split_links_json, warn_references, warn_split_links};
use super::{eval_time, plural};
use crate::claims::{self, Audience, ClientClaims, Time, rfc3339};
use crate::cli::{IssueAllArgs, StatusArgs};
use crate::error::{Error, Exit, Result};
use crate::output::{Cell, Out, Tone};
use crate::patch::plan::{Edit, Plan};
use crate::patch::{self, Format, Target};
use crate::places;
use crate::report::CheckId;
use crate::roster::{Client, Origin, Roster};
use crate::secret::Secret;
use crate::token;
use crate::verify::{self, Expect, Keys};

pub(super) fn load_key(roster: &Roster) -> Result<Secret> {
    let named = match &roster.secret_origin {
        Some(origin) => origin.to_string(),
        None => roster.path.display().to_string(),
    };
    roster
        .secret
        .load(roster.encoding)
        .map_err(|e| e.context(format!("the secret named in {named}")))
}

/// Every file a client's token goes into: the path (expanded and resolved), as the roster
/// writes it, what to do there, and where the roster names it.
fn targets(client: &Client) -> Vec<(&Path, &str, Edit, &Origin)> {
    let mut t: Vec<(&Path, &str, Edit, &Origin)> = client
        .configs
        .iter()
        .map(|c| {
            (
                c.path.as_path(),
                c.shown.as_str(),
                Edit::Rewrite(c.target.clone()),
                &c.origin,
            )
        })
        .collect();
    if let Some(d) = &client.dotenv {
        t.push((
            d.path.as_path(),
            d.shown.as_str(),
            Edit::SetDotenv(d.key.clone()),
            &d.origin,
        ));
    }
    t
}

/// Where the roster names each of its clients' files, for messages about them.
pub(super) fn origins(roster: &Roster) -> HashMap<&Path, &Origin> {
    roster
        .clients
        .iter()
        .flat_map(|c| targets(c).into_iter().map(|(p, _, _, o)| (p, o)))
        .collect()
}

/// Open the audit log for appending before anything else is written, so that a log that
/// cannot be written stops the run while nothing has changed.
pub(super) fn open_audit(roster: &Roster) -> Result<Option<AuditLog>> {
    let Some(path) = roster.audit_log.as_deref() else {
        return Ok(None);
    };
    // An audit log that does not exist yet is only checked now, and created once the run has
    // succeeded: a failed run leaves nothing behind, not even an empty log.
    if std::fs::symlink_metadata(path).is_err() {
        return crate::atomic::check_append(path)
            .map(|()| Some(AuditLog::New))
            .map_err(|e| {
                note(
                    Error::io("opening the audit log", path, e),
                    roster.audit_log_origin.as_ref(),
                )
            });
    }
    crate::atomic::open_append(path, 0o600)
        .map(|f| Some(AuditLog::Open(f)))
        .map_err(|e| {
            note(
                Error::io("opening the audit log", path, e),
                roster.audit_log_origin.as_ref(),
            )
        })
}

/// The audit log, opened before anything is written, or to be created when the run succeeds.
pub(super) enum AuditLog {
    Open(std::fs::File),
    New,
}

/// What [`open_audit`] checks, changing nothing: for `--dry-run`.
fn check_audit(roster: &Roster) -> Result<()> {
    let Some(path) = roster.audit_log.as_deref() else {
        return Ok(());
    };
    crate::atomic::check_append(path).map_err(|e| {
        note(
            Error::io("opening the audit log", path, e),
            roster.audit_log_origin.as_ref(),
        )
    })
}

fn note(e: Error, origin: Option<&Origin>) -> Error {
    match origin {
        Some(o) => o.note(e),
        None => e,
    }
}

/// A token issued for a client: all a run keeps of it (the claims are dropped once signed, so
/// ten thousand clients stay small).
pub(super) struct Issued<'r> {
    pub client: &'r Client,
    pub token: String,
    pub jti: String,
}

/// Sign a token for each client with `key`, all with the same `iat`.
pub(super) fn issue_for<'r>(
    clients: Vec<&'r Client>,
    key: &Secret,
    source: &crate::secret::SecretSource,
    now: i64,
) -> Result<Vec<Issued<'r>>> {
    let kid = key.key_id();
    // One signer per algorithm the roster uses, each refusing a key too short for it.
    let mut signers: Vec<token::Signer> = Vec::new();
    let mut signer_of = |alg: token::Alg| -> Result<usize> {
        if let Some(i) = signers.iter().position(|s| s.alg() == alg) {
            return Ok(i);
        }
        signers.push(
            token::Signer::new(key, alg, Some(&kid))
                .map_err(|e| e.context(source).with_hint(source.longer_key_hint(alg)))?,
        );
        Ok(signers.len() - 1)
    };
    let which: Vec<usize> = clients
        .iter()
        .map(|c| signer_of(c.alg))
        .collect::<Result<_>>()?;
    clients
        .into_iter()
        .zip(which)
        .map(|(c, i)| {
            claims::check_expiry(now + c.expires, now)
                .map_err(|e| Error::operational(format!("client {}: {e}", c.name)))?;
            let jti = claims::random_jti()?;
            let claims = ClientClaims {
                sub: &c.sub,
                iss: c.iss.as_deref(),
                aud: Audience(&c.aud),
                iat: now,
                exp: now + c.expires,
                jti: &jti,
                extra: &c.claims,
            };
            let token = signers[i]
                .token(&claims)
                .map_err(|e| e.context(format!("client {}", c.name)))?;
            Ok(Issued {
                client: c,
                token,
                jti,
            })
        })
        .collect()
}

/// Every file the issued tokens go into.
pub(super) fn target_paths<'r>(issued: &[Issued<'r>]) -> Vec<&'r Path> {
    issued
        .iter()
        .flat_map(|i| targets(i.client).into_iter().map(|(p, _, _, _)| p))
        .collect()
}

/// Put each issued token into each of its client's files in `plan`.
pub(super) fn plan_tokens(plan: &mut Plan, issued: &[Issued]) -> Result<()> {
    for i in issued {
        for (path, _, edit, origin) in targets(i.client) {
            plan.edit(path, &edit, &i.token, Some(&i.client.name))
                .map_err(|e| origin.note(e))?;
        }
    }
    Ok(())
}

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

pub fn issue_all(args: IssueAllArgs, out: &Out) -> Result<Exit> {
    let roster = Roster::load(&args.roster)?;
    let clients = roster.select(&args.only)?;
    places::check(
        &roster,
        places::Writes {
            tokens: args.patch || args.dry_run,
            secret: None,
        },
    )
    .map_err(|e| e.also("nothing was written"))?;
    let key = load_key(&roster)?;
    let now = claims::now()?;
    let issued = issue_for(clients, &key, &roster.secret, now)?;

    let mut written: Vec<PathBuf> = Vec::new();
    let mut split = Vec::new();
    let audit;
    if args.patch || args.dry_run {
        let origins = origins(&roster);
        let mut plan = Plan::open_noted(&target_paths(&issued), &[], &|p| {
            origins.get(p).map(|o| o.to_string())
        })?;
        plan_tokens(&mut plan, &issued)?;
        warn_references(&plan, out);
        warn_split_links(&plan, out);
        if args.dry_run {
            let token_of = |client: Option<&str>| {
                issued
                    .iter()
                    .find(|i| Some(i.client.name.as_str()) == client)
                    .map(|i| i.token.clone())
                    .unwrap_or_default()
            };
            // Everything the real run needs, checked with nothing written: the audit log
            // writable, each folder writable, each owner, mode and attribute keepable, each
            // backup's place jwtadm's (the locks are held already).
            let preview = plan.preview(token_of);
            check_audit(&roster)?;
            plan.check(args.backup)?;
            return print_preview(&preview, out);
        }
        audit = open_audit(&roster)?;
        split = split_links_json(&plan);
        written = plan.commit(args.backup)?;
    } else {
        audit = open_audit(&roster)?;
    }
    append_audit(audit, &roster, &issued, &key, now, &written)?;

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

/// One JSON line per issued token: who, which token (jti), when, which secret, which files.
/// Never the token itself.
pub(super) fn append_audit(
    log: Option<AuditLog>,
    roster: &Roster,
    issued: &[Issued],
    key: &Secret,
    now: i64,
    written: &[PathBuf],
) -> Result<()> {
    let (Some(log), Some(path)) = (log, roster.audit_log.as_deref()) else {
        return Ok(());
    };
    let mut file = match log {
        AuditLog::Open(f) => f,
        AuditLog::New => crate::atomic::open_append(path, 0o600).map_err(|e| {
            Error::io("creating the audit log", path, e)
                .with_hint("the tokens were issued and any files already written")
        })?,
    };
    let written: std::collections::HashSet<PathBuf> =
        written.iter().map(|w| crate::atomic::resolve(w)).collect();
    let mut lines = String::new();
    let time = rfc3339(claims::now()?);
    let fingerprint = key.fingerprint();
    for i in issued {
        let files: Vec<&str> = targets(i.client)
            .into_iter()
            .filter(|(p, _, _, _)| written.contains(&crate::atomic::resolve(p)))
            .map(|(_, shown, _, _)| shown)
            .collect();
        let line = json!({
            "time": time,
            "client": i.client.name,
            "sub": i.client.sub,
            "jti": i.jti,
            "iat": now,
            "exp": now + i.client.expires,
            "secret_fingerprint": fingerprint,
            "files_written": files,
        });
        lines.push_str(&line.to_string());
        lines.push('\n');
    }
    file.write_all(lines.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| {
            Error::io("appending to the audit log", path, e)
                .with_hint("the tokens were issued and any files already written")
        })
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
            .map(|k| match k.id {
                CheckId::Signature if report.signed_by_previous.is_some() => k.detail.clone(),
                CheckId::Signature => "signature does not match the roster's secret".to_string(),
                CheckId::Exp => verify::exp_summary(k, now),
                _ => format!("{}: {}", k.id, k.detail),
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
