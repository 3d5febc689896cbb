//! `jwtadm token status`: the state of every token a roster has put in its clients' files.

use std::path::Path;

use serde_json::Value;

use super::eval_time;
use super::issue_all::{load_key, targets};
use crate::error::{Error, Exit, Result};
use crate::formats::{self, Format, Target};
use crate::jose::verify::{self, Expect, Keys};
use crate::keys::hmac::Secret;
use crate::places;
use crate::report::CheckId;
use crate::roster::{Client, Origin, Roster};
use crate::time::Time;
use crate::txn::plan::Edit;

/// What `token status` is asked, besides which roster.
pub struct StatusOptions<'a> {
    /// `--at`: the time to judge the tokens at; now when absent.
    pub at: Option<&'a str>,
    /// Seconds before its end that a token counts as expiring.
    pub warn_within: i64,
    /// A value that points elsewhere, or a client with nowhere to check, is a failure.
    pub strict: bool,
}

/// The state of every token of a roster.
pub struct Status<'r> {
    pub key: Secret,
    /// The time the tokens were judged at.
    pub now: Time,
    /// One a token found in a place, or a place without one.
    pub entries: Vec<Entry>,
    pub places_checked: usize,
    /// The clients with no place to check.
    pub unplaced: Vec<&'r Client>,
    /// The worst of the entries; a status that checked nothing (or, with `strict`, a client
    /// with nowhere to check) fails.
    pub exit: Exit,
}

/// Judge every token in every place of every client of `roster`.
pub fn run<'r>(roster: &'r Roster, options: &StatusOptions) -> Result<Status<'r>> {
    // A roster that gives two clients one place (or a client the secret's) is refused as
    // issue-all refuses it: one of the two would always read as a mismatch.
    places::check(
        roster,
        places::Writes {
            tokens: true,
            secret: None,
        },
    )?;
    let key = load_key(roster)?;
    let previous = roster.secret.load_previous(roster.encoding)?;
    let keys = Keys::new(&key, previous.as_ref());
    let now = eval_time(options.at)?;
    let judge = Judge {
        keys: &keys,
        now,
        warn_within: options.warn_within,
        strict: options.strict,
    };
    let mut entries: Vec<Entry> = Vec::new();
    let mut places_checked = 0usize;
    let mut unplaced = Vec::new();
    for c in &roster.clients {
        let places = targets(c);
        if places.is_empty() {
            unplaced.push(c);
        }
        for (path, shown, edit, origin) in places {
            let target = match edit {
                Edit::Rewrite(t) => t,
                Edit::SetDotenv(k) => Target::var(&k),
            };
            places_checked += 1;
            entries.extend(check_place(c, (path, shown, origin), &target, &judge));
        }
    }
    let mut exit = entries.iter().fold(Exit::Ok, |acc, e| acc.worst(e.exit));
    // A gate that checked nothing has not passed: no place at all is a failure, and with
    // --strict so is a client whose token is nowhere to check (found by the second red team).
    if entries.is_empty() || (options.strict && !unplaced.is_empty()) {
        exit = exit.worst(Exit::Rejected);
    }
    Ok(Status {
        key,
        now,
        entries,
        places_checked,
        unplaced,
        exit,
    })
}

/// The state of one token in one place.
pub struct Entry {
    pub client: String,
    pub sub: String,
    pub file: String,
    pub server: Option<String>,
    pub state: &'static str,
    pub exit: Exit,
    /// The token's exp: when, and the NumericDate exactly as the token has it.
    pub exp: Option<(Time, Value)>,
    pub detail: String,
    pub checks: Value,
}

/// How the entries of a status came out, each counted once: unchecked ones (pointing
/// elsewhere) apart, whether or not --strict fails them.
pub struct Counts {
    pub ok: usize,
    pub late: usize,
    pub bad: usize,
    pub unchecked: usize,
}

impl Counts {
    pub fn of(entries: &[Entry]) -> Counts {
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
pub fn days_left(x: Time, now: Time) -> i64 {
    x.secs().saturating_sub(now.secs()) / 86_400
}

/// How a status judges a token: with which secrets, at what time, how strictly.
struct Judge<'a> {
    keys: &'a Keys<'a>,
    now: Time,
    warn_within: i64,
    strict: bool,
}

/// What one token in one place (or the lack of one) came to, before it is put on its client's
/// entry: the server, state, exit, exp, detail and checks of an [`Entry`].
struct Judged(
    Option<String>,
    &'static str,
    Exit,
    Option<(Time, Value)>,
    String,
    Value,
);

/// The entries of one place of client `c`: the file read, its tokens found, each judged.
fn check_place(
    c: &Client,
    (path, shown, origin): (&Path, &str, &Origin),
    target: &Target,
    judge: &Judge,
) -> Vec<Entry> {
    let judged =
        match read_place(path, origin).and_then(|text| find_tokens(path, &text, target, origin)) {
            Err(missing) => vec![*missing],
            Ok(found) => found
                .references
                .iter()
                .map(|r| unchecked(r, judge.strict))
                .chain(
                    found
                        .sites
                        .into_iter()
                        .map(|site| judge_token(c, site, judge)),
                )
                .collect(),
        };
    judged
        .into_iter()
        .map(|Judged(server, state, exit, exp, detail, checks)| {
            // The detail, file and server quote the roster: a key pasted there is not repeated.
            let redact = crate::redact::redact;
            Entry {
                client: c.name.clone(),
                sub: c.sub.clone(),
                file: redact(shown),
                server: server.map(|s| redact(&s)),
                state,
                exit,
                exp,
                detail: redact(&detail),
                checks,
            }
        })
        .collect()
}

/// The text of the file at `path`, or why it is missing.
fn read_place(path: &Path, origin: &Origin) -> std::result::Result<String, Box<Judged>> {
    // A file that cannot be read or searched is named as it was resolved (`~` and variables
    // expanded), with the roster's line that names it.
    let text = match crate::txn::read_regular_string(path) {
        Ok(t) => t,
        Err(e) => {
            return Err(Judged(
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
            )
            .into());
        }
    };
    Ok(text)
}

/// The tokens (and values pointing elsewhere) in a file's `text`, or why there are none.
fn find_tokens(
    path: &Path,
    text: &str,
    target: &Target,
    origin: &Origin,
) -> std::result::Result<formats::Found, Box<Judged>> {
    let format = Format::detect(path, text);
    let found = match formats::find(format, text, target) {
        Ok(f) => f,
        Err(e) => {
            return Err(Judged(
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
            )
            .into());
        }
    };
    Ok(found)
}

/// A value that points elsewhere (`${input:…}`) is filled in by the client from somewhere
/// jwtadm cannot see: not checked, and not a failure unless --strict says so.
fn unchecked(r: &formats::Reference, strict: bool) -> Judged {
    let (exit, why) = if strict {
        (Exit::Rejected, "a failure with --strict")
    } else {
        (Exit::Ok, "not a failure; --strict counts it as one")
    };
    Judged(
        r.server.clone(),
        "unchecked",
        exit,
        None,
        format!(
            "line {}: {} points elsewhere; not checked ({why})",
            r.line, r.value
        ),
        Value::Null,
    )
}

/// Judge the token at `site` for client `c`: its sub, then verify's checks, then its time left.
fn judge_token(c: &Client, site: formats::Site, judge: &Judge) -> Judged {
    let (keys, now, warn_within) = (judge.keys, judge.now, judge.warn_within);
    let decoded = match crate::jose::decode(&site.token) {
        Ok(d) => d,
        Err(e) => {
            return Judged(
                site.server,
                "invalid",
                Exit::Rejected,
                None,
                format!("line {}: {e}", site.line),
                Value::Null,
            );
        }
    };
    let expect = Expect {
        algs: vec![c.alg],
        profile: c.profile,
        iss: c.iss.clone(),
        aud: c.aud.clone(),
        now,
        ..Expect::default()
    };
    let report = verify::verify(&decoded, keys, &expect);
    let checks = serde_json::to_value(&report.checks).unwrap_or(Value::Null);
    let exp = crate::jose::numeric_date::date(&decoded.claims, "exp")
        .map(|x| (x, decoded.claims["exp"].clone()));
    if let Some(detail) = mismatch(c, &decoded.claims) {
        return Judged(site.server, "mismatch", Exit::Rejected, exp, detail, checks);
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
            Some(x) if x.secs().saturating_sub(now.secs()) <= warn_within => Judged(
                site.server,
                "expiring",
                Exit::Expired,
                exp,
                note.unwrap_or_else(|| format!("expires {}", x.relative(now))),
                checks,
            ),
            _ => Judged(
                site.server,
                "ok",
                Exit::Ok,
                exp,
                note.unwrap_or_default(),
                checks,
            ),
        },
        Exit::Expired => Judged(
            site.server,
            "expired",
            Exit::Expired,
            exp,
            failed.join("; "),
            checks,
        ),
        _ => Judged(
            site.server,
            "invalid",
            Exit::Rejected,
            exp,
            failed.join("; "),
            checks,
        ),
    }
}

/// Why the token is not client `c`'s, when it is not: its sub, or the client_id or scope the
/// roster gives the client (scopes compared as a set). A claim the client's profile requires
/// and the token lacks is not a mismatch: verify's required claims check reports it.
fn mismatch(c: &Client, claims: &serde_json::Map<String, Value>) -> Option<String> {
    let scopes = |s: &str| -> std::collections::BTreeSet<String> {
        s.split(' ')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    [
        ("sub", Some(c.sub.as_str())),
        ("client_id", c.client_id.as_deref()),
        ("scope", c.scope.as_deref()),
    ]
    .into_iter()
    .find_map(|(key, want)| {
        let want = want?;
        let got = claims.get(key);
        if got.is_none() && c.profile.required_claims().contains(&key) {
            return None;
        }
        let same = match (key, got.and_then(Value::as_str)) {
            ("scope", Some(s)) => scopes(s) == scopes(want),
            (_, got) => got == Some(want),
        };
        if same {
            return None;
        }
        let found = match got {
            Some(Value::String(s)) => format!("{key} is \"{s}\""),
            Some(other) => format!("{key} is {other}, not a string"),
            None => format!("the token has no {key}"),
        };
        Some(format!("{found}; the roster says \"{want}\""))
    })
}
