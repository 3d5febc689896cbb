//! `jwtadm token issue-all`: a token for each client of a roster, signed with its secret and
//! put into each client's files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{Progress, audit};
use crate::claims::{self, Audience, ClientClaims};
use crate::error::{Error, Result};
use crate::jose::Profile;
use crate::keys::hmac::Secret;
use crate::places;
use crate::roster::{Client, Origin, Roster};
use crate::token;
use crate::txn::plan::{Edit, FilePreview, Plan};

pub fn load_key(roster: &Roster) -> Result<Secret> {
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

/// Sign a token for each client with `key`, all with the same `iat`.
pub fn issue_for<'r>(
    clients: Vec<&'r Client>,
    key: &Secret,
    source: &crate::store::SecretSource,
    now: i64,
) -> Result<Vec<Issued<'r>>> {
    let kid = key.key_id();
    // One signer per algorithm and profile (whose typ is in the header) the roster uses, each
    // refusing a key too short for it.
    let mut signers: Vec<(token::Signer, Profile)> = Vec::new();
    let mut signer_of = |alg: crate::jose::Alg, profile: Profile| -> Result<usize> {
        if let Some(i) = signers
            .iter()
            .position(|(s, p)| s.alg() == alg && *p == profile)
        {
            return Ok(i);
        }
        signers.push((
            token::Signer::typed(key, alg, Some(&kid), profile.typ())
                .map_err(|e| e.context(source).with_hint(source.longer_key_hint(alg)))?,
            profile,
        ));
        Ok(signers.len() - 1)
    };
    let which: Vec<usize> = clients
        .iter()
        .map(|c| signer_of(c.alg, c.profile))
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
}

/// How an issue-all run ended.
pub enum Outcome<'r> {
    /// `--dry-run`: each value that would change; nothing was written.
    Preview(Vec<FilePreview>),
    Issued(IssuedAll<'r>),
}

/// The tokens issued, and where they went.
pub struct IssuedAll<'r> {
    pub issued: Vec<Issued<'r>>,
    pub key: Secret,
    /// The `iat` of every token.
    pub now: i64,
    /// The files written (none without `patch`).
    pub written: Vec<PathBuf>,
    /// The files written whose other hard links keep the old content.
    pub split_hard_links: Vec<String>,
}

/// Sign a token for each selected client of `roster`; with `patch`, put each into its
/// client's files in one transaction; then append to the audit log.
pub fn run<'r>(
    roster: &'r Roster,
    options: &IssueAllOptions,
    progress: &dyn Progress,
) -> Result<Outcome<'r>> {
    let clients = roster.select(options.only)?;
    places::check(
        roster,
        places::Writes {
            tokens: options.patch || options.dry_run,
            secret: None,
        },
    )
    .map_err(|e| e.also("nothing was written"))?;
    let key = load_key(roster)?;
    let now = crate::time::now()?;
    let issued = issue_for(clients, &key, &roster.secret, now)?;

    let mut written: Vec<PathBuf> = Vec::new();
    let mut split = Vec::new();
    let audit;
    if options.patch || options.dry_run {
        let origins = origins(roster);
        let mut plan = Plan::open_noted(&target_paths(&issued), &[], &|p| {
            origins.get(p).map(|o| o.to_string())
        })?;
        plan_tokens(&mut plan, &issued)?;
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
            let preview = plan.preview(token_of);
            audit::check_audit(roster)?;
            plan.check(options.backup)?;
            return Ok(Outcome::Preview(preview));
        }
        audit = audit::open_audit(roster)?;
        split = super::split_links_json(&plan);
        written = plan.commit(options.backup)?;
    } else {
        audit = audit::open_audit(roster)?;
    }
    audit::append_audit(audit, roster, &issued, &key, now, &written)?;
    Ok(Outcome::Issued(IssuedAll {
        issued,
        key,
        now,
        written,
        split_hard_links: split,
    }))
}
