//! `jwtadm token status`: the state of every token a roster has put in its clients' files.

use std::path::Path;

use serde_json::Value;

use super::eval_time;
use super::issue_all::targets;
use super::keys::alg_for;
use super::verify::{KeyPlace, Secrets, Verifier};
use crate::error::{Error, Exit, Result};
use crate::formats::{self, Format, Target};
use crate::jose::Alg;
use crate::jose::verify::{self, Expect, Keys};
use crate::keys::Key;
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
    /// `--key` or `--jwks`: what to check a key roster's tokens with instead of its own key
    /// (for a server that holds only the public key); the roster's secret or key when absent.
    pub with: Option<KeyPlace<'a>>,
}

/// What the tokens were checked with, for the report.
pub enum CheckedWith {
    Secret { fingerprint: String },
    Key { kid: String },
    Jwks { place: String, kids: Vec<String> },
}

impl CheckedWith {
    /// `secret sha256:…`, `key kid:…`, `the JWKS FILE (2 keys)`.
    pub fn words(&self) -> String {
        match self {
            CheckedWith::Secret { fingerprint } => format!("secret {fingerprint}"),
            CheckedWith::Key { kid } => format!("key kid:{kid}"),
            CheckedWith::Jwks { place, kids } => format!(
                "the JWKS {place} ({})",
                crate::output::plural(kids.len(), "key")
            ),
        }
    }
}

/// The state of every token of a roster.
pub struct Status<'r> {
    pub with: CheckedWith,
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
    // Revoked clients are skipped; a roster of nothing else has nothing to check.
    roster.require_active()?;
    let now = eval_time(options.at)?;
    let judging = Judging::load(
        roster,
        options.with,
        now,
        options.warn_within,
        options.strict,
    )?;
    let mut entries: Vec<Entry> = Vec::new();
    let mut places_checked = 0usize;
    let mut unplaced = Vec::new();
    for c in &roster.clients {
        let n = targets(c).len();
        if n == 0 {
            unplaced.push(c);
        }
        places_checked += n;
        entries.extend(judging.client(c));
    }
    let mut exit = entries.iter().fold(Exit::Ok, |acc, e| acc.worst(e.exit));
    // A gate that checked nothing has not passed: no place at all is a failure, and with
    // --strict so is a client whose token is nowhere to check (found by the second red team).
    if entries.is_empty() || (options.strict && !unplaced.is_empty()) {
        exit = exit.worst(Exit::Rejected);
    }
    Ok(Status {
        with: judging.checker.with,
        now,
        entries,
        places_checked,
        unplaced,
        exit,
    })
}

/// The one judgement of a roster's tokens, for `token status` and for `token issue-all
/// --renew-within` (which reissues a client when any of its entries is not ok): the roster's
/// keys, what it expects of each client's token, at what time, how strictly.
pub struct Judging {
    checker: Checker,
    now: Time,
    warn_within: i64,
    strict: bool,
}

impl Judging {
    /// What the roster signs with, from the secret or private key judged with (loaded once:
    /// a `command:` source runs once per run). `None` when judged with something else.
    pub fn into_signing(self, roster: &Roster) -> Option<Result<super::signing::Signing>> {
        use super::signing::Signing;
        match (self.checker.verifier, &roster.key) {
            (Verifier::Secrets(s), None) => Some(Ok(Signing::Secret(s.key))),
            (
                Verifier::Key {
                    key: crate::keys::pair::Parsed::Private(k),
                    ..
                },
                Some(rk),
            ) => Some(Signing::for_key(k, rk)),
            _ => None,
        }
    }

    /// Check `roster`'s tokens with its secret or key (or `with`), as of `now`; a token whose
    /// end is `warn_within` seconds away or less is expiring.
    pub fn load(
        roster: &Roster,
        with: Option<KeyPlace>,
        now: Time,
        warn_within: i64,
        strict: bool,
    ) -> Result<Judging> {
        // A roster that gives two clients one place (or a client the secret's) is refused as
        // issue-all refuses it: one of the two would always read as a mismatch.
        places::check(
            roster,
            places::Writes {
                tokens: true,
                ..places::Writes::default()
            },
        )?;
        Ok(Judging {
            checker: Checker::load(roster, with)?,
            now,
            warn_within,
            strict,
        })
    }

    /// The entries of every place of client `c`: one a token found, or a place without one.
    pub fn client(&self, c: &Client) -> Vec<Entry> {
        let keys = self.checker.verifier.keys();
        let judge = Judge {
            keys: &keys,
            algs: &self.checker.algs,
            against: &self.checker.against,
            now: self.now,
            warn_within: self.warn_within,
            strict: self.strict,
        };
        let mut entries = Vec::new();
        for (path, shown, edit, origin) in targets(c) {
            let target = match edit {
                Edit::Rewrite(t) => t,
                Edit::SetDotenv(k) => Target::var(&k),
            };
            entries.extend(check_place(c, (path, shown, origin), &target, &judge));
        }
        entries
    }
}

/// What a status checks the tokens with, and what it expects of them.
struct Checker {
    verifier: Verifier,
    /// The algorithms a token may have: each client's own (a secret), or these for all.
    algs: Algs,
    with: CheckedWith,
    /// What a signature that does not match failed to match, in words.
    against: String,
}

enum Algs {
    PerClient,
    These(Vec<Alg>),
}

impl Checker {
    /// The roster's secret or key (with the previous one a rotation kept), or `with`.
    fn load(roster: &Roster, with: Option<KeyPlace>) -> Result<Checker> {
        if with.is_some() && roster.key.is_none() {
            return Err(Error::usage(format!(
                "--key and --jwks check the tokens of a roster with a [key]; {} signs with a [secret], which has no public half",
                roster.path.display()
            ))
            .with_hint("check a secret roster's tokens with its own secret: jwtadm token status ROSTER"));
        }
        let roster_alg = roster.key.as_ref().and_then(|k| k.alg);
        let named = roster.signer_named();
        Ok(match (with, &roster.key) {
            (None, None) => {
                let secrets = Secrets::load(&roster.secret, roster.encoding)
                    .map_err(|e| e.context(format!("the secret named in {named}")))?;
                Checker {
                    with: CheckedWith::Secret {
                        fingerprint: secrets.key.fingerprint(),
                    },
                    verifier: Verifier::Secrets(secrets),
                    algs: Algs::PerClient,
                    against: "the roster's secret".into(),
                }
            }
            (Some(KeyPlace::Jwks(place)), _) => {
                let verifier = Verifier::load(KeyPlace::Jwks(place))?;
                let Verifier::Jwks(set) = &verifier else {
                    unreachable!("a JWKS place loads a JWKS")
                };
                let kids = set.keys.iter().map(|k| k.kid.clone()).collect();
                Checker {
                    algs: Algs::These(
                        roster_alg.map_or_else(|| verifier.keys().algs(), |a| vec![a]),
                    ),
                    with: CheckedWith::Jwks {
                        place: crate::material::shown_place(place),
                        kids,
                    },
                    against: format!("the JWKS {}", crate::material::shown_place(place)),
                    verifier,
                }
            }
            (with, Some(k)) => {
                let (source, against) = match with {
                    Some(KeyPlace::Key(source)) => (source, format!("the key {source}")),
                    _ => (&k.source, "the roster's key".to_string()),
                };
                let verifier = Verifier::load(KeyPlace::Key(source)).map_err(|e| match with {
                    None => e.context(format!("the key named in {named}")),
                    Some(_) => e,
                })?;
                let Verifier::Key { key, previous } = &verifier else {
                    unreachable!("a key place loads a key")
                };
                // Every token is signed with the roster's algorithm, when it names one, else
                // with one of the key's (`key rotate --alg` may have chosen another hash than
                // the key's first, found by the second red team); during a grace period, the
                // previous key's tokens with one of its own.
                let mut algs = match roster_alg {
                    Some(_) => vec![alg_for(key.public(), roster_alg).map_err(|e| {
                        Error::operational(format!("{}: alg in [key] ({})", e.message(), k.origin))
                    })?],
                    None => key.public().algs().to_vec(),
                };
                for a in previous.iter().flat_map(|(p, _)| p.public().algs()) {
                    if !algs.contains(a) {
                        algs.push(*a);
                    }
                }
                Checker {
                    with: CheckedWith::Key {
                        kid: key.public().key_id(),
                    },
                    algs: Algs::These(algs),
                    against,
                    verifier,
                }
            }
            (Some(_), None) => unreachable!("refused above"),
        })
    }
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
    /// The token found there (never printed: `issue-all --renew-within` compares a client's
    /// places by it).
    pub token: Option<String>,
    /// When the previous secret or key that signed it is retired (the end of its grace).
    pub retires: Option<Time>,
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
    algs: &'a Algs,
    against: &'a str,
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
            Err(missing) => vec![(*missing, None, None)],
            Ok(found) => found
                .references
                .iter()
                .map(|r| (unchecked(r, judge.strict), None, None))
                .chain(found.sites.into_iter().map(|site| {
                    let token = site.token.clone();
                    let (judged, retires) = judge_token(c, site, judge);
                    (judged, Some(token), retires)
                }))
                .collect(),
        };
    judged
        .into_iter()
        .map(
            |(Judged(server, state, exit, exp, detail, checks), token, retires)| {
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
                    token,
                    retires,
                }
            },
        )
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
/// Also when the previous secret or key that signed it is retired, if one did.
fn judge_token(c: &Client, site: formats::Site, judge: &Judge) -> (Judged, Option<Time>) {
    let (keys, now, warn_within) = (judge.keys, judge.now, judge.warn_within);
    let decoded = match crate::jose::decode(&site.token) {
        Ok(d) => d,
        Err(e) => {
            let judged = Judged(
                site.server,
                "invalid",
                Exit::Rejected,
                None,
                format!("line {}: {e}", site.line),
                Value::Null,
            );
            return (judged, None);
        }
    };
    let expect = Expect {
        algs: match judge.algs {
            Algs::PerClient => vec![c.alg],
            Algs::These(algs) => algs.clone(),
        },
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
        let judged = Judged(site.server, "mismatch", Exit::Rejected, exp, detail, checks);
        return (judged, None);
    }
    let failed: Vec<String> = report
        .checks
        .iter()
        .filter(|k| !k.ok)
        .map(|k| match k.id {
            CheckId::Signature if report.signed_by_previous.is_some() => k.detail.clone(),
            // A JWK Set's check says which of its keys (by kid) it looked for.
            CheckId::Signature if keys.set.is_some() => format!("signature: {}", k.detail),
            CheckId::Signature => format!("signature does not match {}", judge.against),
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
    let noun = keys.previous.map_or("secret", |(p, _)| p.noun());
    let note = retired.map(|r| {
        format!(
            "signed by the previous {noun}, retired {}; reissue",
            r.relative(now)
        )
    });
    let judged = match report.exit() {
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
    };
    (judged, retired)
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
