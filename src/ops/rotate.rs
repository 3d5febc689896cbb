//! `jwtadm secret rotate`: a new secret, the old one kept for a grace period, and every
//! token of a roster reissued with the new one, all written together.

use std::path::PathBuf;

use zeroize::Zeroizing;

use super::issue_all::{self, Issued};
use super::signing::Signing;
use super::{Progress, audit};
use crate::error::{Error, Result};
use crate::jose::Alg;
use crate::keys::hmac::Secret;
use crate::roster::Roster;
use crate::rotate::Rotation;
use crate::secret::{self, Encoding};
use crate::store::SecretSource;
use crate::store::keyring::Store;
use crate::txn::plan::Plan;

/// What `secret rotate` is asked to do, besides which roster.
pub struct RotateOptions {
    /// The secret to rotate; the roster's when absent.
    pub secret: Option<SecretSource>,
    /// The keyring store of the roster's secret.
    pub keyring_store: Option<Store>,
    /// How the secret's text is read; the roster's (or the default) when absent.
    pub secret_encoding: Option<Encoding>,
    /// The algorithm whose key length the new secret has; the roster's longest when absent.
    pub alg: Option<Alg>,
    /// How the new secret's bytes are written as text.
    pub format: Encoding,
    /// Seconds the previous secret is still accepted.
    pub grace: i64,
    /// Keep a backup of each file written.
    pub backup: bool,
}

/// A rotation done.
pub struct Rotated<'r> {
    pub source: SecretSource,
    pub new: Signing,
    pub old: Secret,
    /// When the previous secret stops being accepted.
    pub until: i64,
    pub now: i64,
    /// The roster's tokens, reissued with the new secret.
    pub issued: Vec<Issued<'r>>,
    pub written: Vec<PathBuf>,
    /// The files written whose other hard links keep the old content.
    pub split: Vec<String>,
}

/// Rotate the secret and reissue the roster's tokens: the keyring first, then every file in
/// one transaction, the keyring put back if the files fail.
pub fn run<'r>(
    roster: Option<&'r Roster>,
    options: &RotateOptions,
    progress: &dyn Progress,
) -> Result<Rotated<'r>> {
    if let Some(r) = roster
        && let Some(k) = &r.key
    {
        return Err(Error::usage(format!(
            "{} signs with a [key] ({}), not a secret; nothing was changed",
            r.path.display(),
            k.origin
        )));
    }
    let source = secret_source(roster, options)?;
    if let Some(r) = roster {
        crate::places::check(
            r,
            crate::places::Writes {
                tokens: true,
                secret: Some(&source),
                jwks: None,
            },
        )
        .map_err(|e| e.also("nothing was written"))?;
    }
    let encoding = options
        .secret_encoding
        .or(roster.map(|r| r.encoding))
        .unwrap_or_default();
    let alg = options
        .alg
        .or_else(|| {
            roster.and_then(|r| {
                r.clients
                    .iter()
                    .map(|c| c.alg)
                    .max_by_key(|a| a.min_key_len())
            })
        })
        .unwrap_or_default();
    let old_text = source.load_text().map_err(|e| {
        e.with_hint("nothing to rotate: create the first secret with jwtadm secret gen --to")
    })?;
    let old = source.decode(&old_text, encoding)?;
    let format = options.format;
    let fresh = secret::generate(alg.min_key_len())?;
    let new_text = Zeroizing::new(format.encode(fresh.expose()));
    let new = Signing::Secret(source.decode(&new_text, encoding)?);
    let now = crate::time::now()?;
    // The end of the grace is written as an RFC 3339 date, which has four-digit years: one
    // past 9999 could not be read back, and every verify would then fail (found by the third
    // red team).
    if now.saturating_add(options.grace) >= crate::time::DATE_LIMIT {
        return Err(Error::usage(format!(
            "--grace {}s ends after the year 9999, which no date can say; nothing was changed",
            options.grace
        ))
        .with_hint("a grace period of days or weeks is the usual (the default is 14d)"));
    }
    let rotation = Rotation {
        source: source.clone(),
        new_text,
        old_text,
        until: now + options.grace,
    };

    let issued = match roster {
        Some(r) => issue_all::issue_for(r.clients.iter().collect(), &new, &source, now)?,
        None => Vec::new(),
    };
    let secret_files = rotation.files()?;
    let secret_paths: Vec<&std::path::Path> = secret_files.iter().map(|p| p.as_path()).collect();
    let origins = roster.map(issue_all::origins).unwrap_or_default();
    let mut plan = Plan::open_noted(&issue_all::target_paths(&issued), &secret_paths, &|p| {
        origins.get(p).map(|o| o.to_string())
    })?;
    rotation.apply(&mut plan)?;
    issue_all::plan_tokens(&mut plan, &issued)?;
    progress.planned(&plan);
    let split = super::split_links_json(&plan);
    let audit = match roster {
        Some(r) => audit::open_audit(r)?,
        None => None,
    };
    // The keyring entries join the files' transaction as a participant: written first, put
    // back if the files fail.
    let written = plan.commit_with(options.backup, rotation.keyring_writes())?;
    if let Some(r) = roster {
        // The rotation is done by now: say so, so that no one runs it again (a second rotation
        // would end the first one's grace at once). Found by the third red team.
        audit::append_audit(audit, r, &issued, &new, now, &written).map_err(|e| {
            e.with_hint(format!(
                "the secret WAS rotated (new secret {}, previous {} accepted until {}) and every file written; only the audit log line is missing: do not rotate again",
                new.key().fingerprint(),
                old.fingerprint(),
                crate::time::rfc3339(rotation.until)
            ))
        })?;
    }

    Ok(Rotated {
        source,
        new,
        old,
        until: rotation.until,
        now,
        issued,
        written,
        split,
    })
}

/// The secret to rotate: `--secret`, else the roster's (in `--keyring-store`).
fn secret_source(roster: Option<&Roster>, options: &RotateOptions) -> Result<SecretSource> {
    Ok(match (&options.secret, roster) {
        (Some(s), _) => s.clone(),
        (None, Some(r)) => r
            .secret
            .clone()
            .with_store(options.keyring_store)
            .map_err(Error::usage)?,
        (None, None) => {
            return Err(Error::usage(
                "name the secret with --secret, or a roster with --roster",
            ));
        }
    })
}
