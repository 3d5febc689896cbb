//! `jwtadm token issue-all`: a token for each client of a roster, signed with its secret and
//! put into each client's files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::keys::{self, Republished};
use super::renew::{self, Decision};
use super::signing::Signing;
use super::status::Judging;
use super::{Progress, audit};
use crate::claims::{self, Audience, ClientClaims};
use crate::error::{Error, Result};
use crate::jose::Profile;
use crate::places;
use crate::roster::{Client, Origin, Roster};
use crate::time::Time;
use crate::token;
use crate::txn::plan::{Edit, FilePreview, Plan, Preview};

/// Every file a client's token goes into: the path (expanded and resolved), as the roster
/// writes it, what to do there, and where the roster names it.
pub fn targets(client: &Client) -> Vec<(&Path, &str, Edit, &Origin)> {
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
pub fn origins(roster: &Roster) -> HashMap<&Path, &Origin> {
    roster
        .clients
        .iter()
        .flat_map(|c| targets(c).into_iter().map(|(p, _, _, o)| (p, o)))
        .collect()
}

/// A token issued for a client: all a run keeps of it (the claims are dropped once signed, so
/// ten thousand clients stay small).
pub struct Issued<'r> {
    pub client: &'r Client,
    pub token: String,
    pub jti: String,
}

/// Sign a token for each client with `signing` (kept at `source`), all with the same `iat`.
pub fn issue_for<'r>(
    clients: Vec<&'r Client>,
    signing: &Signing,
    source: &crate::store::SecretSource,
    now: i64,
) -> Result<Vec<Issued<'r>>> {
    // One signer per algorithm and profile (whose typ is in the header) the roster uses, each
    // refusing a key that does not fit it.
    let mut signers: Vec<(token::Signer, Profile)> = Vec::new();
    let mut signer_of = |alg: crate::jose::Alg, profile: Profile| -> Result<usize> {
        if let Some(i) = signers
            .iter()
            .position(|(s, p)| s.alg() == alg && *p == profile)
        {
            return Ok(i);
        }
        signers.push((signing.signer(alg, profile.typ(), source)?, profile));
        Ok(signers.len() - 1)
    };
    let which: Vec<usize> = clients
        .iter()
        .map(|c| signer_of(signing.alg(c), c.profile))
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
                client_id: c.client_id.as_deref(),
                scope: c.scope.as_deref(),
                extra: &c.claims,
            };
            let token = signers[i]
                .0
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
pub fn target_paths<'r>(issued: &[Issued<'r>]) -> Vec<&'r Path> {
    issued
        .iter()
        .flat_map(|i| targets(i.client).into_iter().map(|(p, _, _, _)| p))
        .collect()
}

/// Put each issued token into each of its client's files in `plan`.
pub fn plan_tokens(plan: &mut Plan, issued: &[Issued]) -> Result<()> {
    for i in issued {
        for (path, _, edit, origin) in targets(i.client) {
            plan.edit(path, &edit, &i.token, Some(&i.client.name))
                .map_err(|e| origin.note(e))?;
        }
    }
    Ok(())
}

/// What `token issue-all` is asked to do, besides which roster.
pub struct IssueAllOptions<'a> {
    /// The clients to issue for (`--only`); all when empty.
    pub only: &'a [String],
    /// Write the tokens into the clients' files.
    pub patch: bool,
    /// Plan and check everything, write nothing.
    pub dry_run: bool,
    /// Keep a backup of each file written.
    pub backup: bool,
    /// `--renew-within`: issue only for the clients a token of which, in any of their places,
    /// is missing, invalid, mismatched, different from another, signed by the previous key,
    /// expired or expiring within this many seconds.
    pub renew_within: Option<i64>,
}

/// How an issue-all run ended.
pub enum Outcome<'r> {
    /// `--dry-run`: each value that would change, and with `renew_within` why each client is
    /// due or not; nothing was written.
    /// The previews, and with `--renew-within` each client's decision at `now`.
    Preview(Vec<FilePreview>, Option<(Vec<Decision<'r>>, i64)>),
    Issued(Box<IssuedAll<'r>>),
    /// `renew_within`, and no client is due: nothing was issued or written, nor audited.
    NothingDue {
        now: i64,
        decisions: Vec<Decision<'r>>,
    },
}

/// The tokens issued, and where they went.
pub struct IssuedAll<'r> {
    pub issued: Vec<Issued<'r>>,
    pub signing: Signing,
    /// The `iat` of every token.
    pub now: i64,
    /// The files written (none without `patch`).
    pub written: Vec<PathBuf>,
    /// The files written whose other hard links keep the old content.
    pub split_hard_links: Vec<String>,
    /// The roster's JWK Set, rewritten because it did not list the key.
    pub jwks: Option<Republished>,
    /// The roster's JWK Set, which does not list the key and was not written (no `patch`).
    pub jwks_behind: Option<PathBuf>,
    /// With `renew_within`: why each selected client was renewed or not.
    pub decisions: Option<Vec<Decision<'r>>>,
}

/// Sign a token for each selected client of `roster`; with `patch`, put each into its
/// client's files in one transaction, with the roster's JWK Set when it does not list the
/// key; then append to the audit log.
pub fn run<'r>(
    roster: &'r Roster,
    options: &IssueAllOptions,
    progress: &dyn Progress,
) -> Result<Outcome<'r>> {
    let clients = roster.select(options.only)?;
    let writes = options.patch || options.dry_run;
    places::check(
        roster,
        places::Writes {
            tokens: writes,
            ..places::Writes::default()
        },
    )
    .map_err(|e| e.also("nothing was written"))?;
    // One instant for judging the tokens there and issuing the new ones.
    let clock = crate::time::clock()?;
    let now = clock.secs();
    // The secret or key judged with, kept for signing: a `command:` source runs once.
    let mut loaded = None;
    let (clients, decisions) = match options.renew_within {
        None => (clients, None),
        Some(window) => {
            let judging = Judging::load(roster, None, clock, window, false)
                .map_err(|e| e.also("nothing was written"))?;
            let decisions = renew::decide(&judging, &clients, window);
            let due: Vec<&Client> = decisions
                .iter()
                .filter(|d| d.reason.due())
                .map(|d| d.client)
                .collect();
            if due.is_empty() {
                return Ok(Outcome::NothingDue { now, decisions });
            }
            loaded = judging.into_signing(roster);
            (due, Some(decisions))
        }
    };
    let signing = match loaded {
        Some(signing) => signing?,
        None => Signing::load(roster)?,
    };
    let source = roster.signing_source();
    let issued = issue_for(clients, &signing, source, now)?;
    // The JWK Set a key roster keeps listing its key, with the key and its algorithm.
    let jwks = match (&roster.key, &signing) {
        (Some(k), Signing::Key { key, alg }) => k.jwks.as_deref().map(|p| (p, key.public(), *alg)),
        _ => None,
    };

    let mut written: Vec<PathBuf> = Vec::new();
    let mut split = Vec::new();
    let mut republished = None;
    let mut behind = None;
    let audit;
    if writes {
        let mut origins = origins(roster);
        if let Some(k) = &roster.key
            && let (Some(p), Some(o)) = (&k.jwks, &k.jwks_origin)
        {
            origins.insert(p, o);
        }
        let jwks_path: Vec<&Path> = jwks.iter().map(|(p, _, _)| *p).collect();
        let mut plan = Plan::open_noted(&target_paths(&issued), &jwks_path, &|p| {
            origins.get(p).map(|o| o.to_string())
        })?;
        plan_tokens(&mut plan, &issued)?;
        if let Some((path, key, alg)) = jwks {
            republished =
                keys::keep_listing(&mut plan, path, key, alg, source, Time::from_secs(now))?;
        }
        progress.planned(&plan);
        if options.dry_run {
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
            let mut preview = plan.preview(token_of);
            if let Some(r) = &republished {
                preview_jwks(&mut preview, r);
            }
            audit::check_audit(roster)?;
            plan.check(options.backup)?;
            return Ok(Outcome::Preview(preview, decisions.map(|d| (d, now))));
        }
        audit = audit::open_audit(roster)?;
        split = super::split_links_json(&plan);
        written = plan.commit(options.backup)?;
    } else {
        if let Some((path, key, alg)) = jwks
            && !keys::file_lists(path, key, alg)?
        {
            behind = Some(path.to_path_buf());
        }
        audit = audit::open_audit(roster)?;
    }
    audit::append_audit(audit, roster, &issued, &signing, now, &written, &[])?;
    Ok(Outcome::Issued(Box::new(IssuedAll {
        issued,
        signing,
        now,
        written,
        split_hard_links: split,
        jwks: republished,
        jwks_behind: behind,
        decisions,
    })))
}

/// The JWK Set a dry run would rewrite, in the preview: its keys before and after, by `kid`
/// (public names).
fn preview_jwks(preview: &mut Vec<FilePreview>, r: &Republished) {
    let shown = r.path.display().to_string();
    let kids = |kids: &[String]| {
        if kids.is_empty() {
            "(none)".to_string()
        } else {
            kids.iter()
                .map(|k| format!("kid:{k}"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let change = Preview {
        client: None,
        line: None,
        server: None,
        name: "keys".into(),
        old: Some(kids(&r.before)),
        new: kids(&keys::kids(&r.doc)),
    };
    match preview.iter_mut().find(|f| f.path == shown) {
        Some(f) => f.changes.push(change),
        None => preview.push(FilePreview {
            path: shown,
            format: crate::formats::Format::Json.name(),
            changes: vec![change],
        }),
    }
}
