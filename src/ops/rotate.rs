//! `jwtadm secret rotate` and `jwtadm key rotate`: a new secret or key, the old one kept for
//! a grace period, every token of a roster reissued with the new one and (for a key) the JWK
//! Set rewritten with both, all written together.
//!
//! The two differ only in what they make and what they publish; the run is one: the places
//! checked, the tokens issued, every file planned and the keyring entries joined to the same
//! transaction, the audit log appended.

use std::path::{Path, PathBuf};

use serde_json::Value;
use zeroize::Zeroizing;

use super::issue_all::{self, Issued};
use super::keys::{self, Republished};
use super::signing::Signing;
use super::{Progress, audit};
use crate::error::{Error, Result};
use crate::jose::Alg;
use crate::keys::jwk::Jwks;
use crate::keys::{Key, PrivateKey};
use crate::roster::Roster;
use crate::rotate::Rotation;
use crate::secret::{self, Encoding};
use crate::store::SecretSource;
use crate::store::keyring::Store;
use crate::time::Time;
use crate::txn::plan::{FilePreview, Plan};

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

/// What `key rotate` is asked to do, besides which roster.
pub struct KeyRotateOptions {
    /// The key to rotate; the roster's `[key]` when absent.
    pub key: Option<SecretSource>,
    /// The keyring store of the roster's key.
    pub keyring_store: Option<Store>,
    /// The algorithm of the new key (and of its tokens); a key of the old one's type when
    /// absent.
    pub alg: Option<Alg>,
    /// The new RSA key's size; the old key's when absent.
    pub bits: Option<u32>,
    /// Seconds the previous key is still accepted.
    pub grace: i64,
    /// The JWK Set to rewrite; the roster's `jwks` when absent.
    pub jwks_out: Option<PathBuf>,
    /// Keep a backup of each file written.
    pub backup: bool,
}

/// What a rotation writes besides the secret or key and the roster's tokens, in the same
/// transaction: `client revoke`'s roster and the revoked client's files.
pub struct Also<'a> {
    /// Files to open with the rotation's (each must exist).
    pub paths: Vec<&'a Path>,
    /// Their edits, made once every file of the run is open and locked.
    pub edit: &'a dyn Fn(&mut Plan) -> Result<()>,
    /// Lines for the audit log, after the reissued tokens': given what signs now.
    pub audit: &'a dyn Fn(&Signing) -> Vec<Value>,
    /// Plan and check everything, write nothing (the keyring included).
    pub dry_run: bool,
}

/// A rotation done.
pub struct Rotated<'r> {
    pub source: SecretSource,
    /// The new secret or key (with the algorithm it signs with).
    pub new: Signing,
    /// What names the previous one in messages: its fingerprint, or `kid:` and its key id.
    pub old: String,
    /// The previous one's key id (a secret's fingerprint without `sha256:`).
    pub old_kid: String,
    /// When the previous one stops being accepted.
    pub until: i64,
    pub now: i64,
    /// The roster's tokens, reissued with the new one.
    pub issued: Vec<Issued<'r>>,
    pub written: Vec<PathBuf>,
    /// The files written whose other hard links keep the old content.
    pub split: Vec<String>,
    /// The JWK Set rewritten with the new key and the previous one.
    pub jwks: Option<Republished>,
    /// What the run did that its user may not expect: a previous key or secret whose grace was
    /// cut short, a JWKS others may write.
    pub warnings: Vec<String>,
    /// A dry run's: each value that would change; nothing was written.
    pub preview: Option<Vec<FilePreview>>,
}

/// Rotate the secret and reissue the roster's tokens: the keyring first, then every file in
/// one transaction, the keyring put back if the files fail.
pub fn run<'r>(
    roster: Option<&'r Roster>,
    options: &RotateOptions,
    progress: &dyn Progress,
) -> Result<Rotated<'r>> {
    run_with(roster, options, None, progress)
}

/// As [`run`], writing `also` in the same transaction.
pub fn run_with<'r>(
    roster: Option<&'r Roster>,
    options: &RotateOptions,
    also: Option<&Also>,
    progress: &dyn Progress,
) -> Result<Rotated<'r>> {
    if let Some(r) = roster
        && let Some(k) = &r.key
    {
        return Err(Error::usage(format!(
            "{} signs with a [key] ({}), not a secret; nothing was changed",
            r.path.display(),
            k.origin
        ))
        .with_hint(format!(
            "rotate the key with: jwtadm key rotate --roster {}",
            crate::output::shell_quote(&r.path.display().to_string())
        )));
    }
    let source = to_rotate(
        options.secret.as_ref(),
        roster.map(|r| &r.secret),
        options.keyring_store,
        "--secret",
    )?;
    // Refused before the secret is read: nothing is read, or run, for a rotation that cannot be.
    source.check_rotatable()?;
    check_places(roster, &source, None)?;
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
    let old_text = source
        .load_text()
        .map_err(|e| nothing_to_rotate(e, "jwtadm secret gen --to"))?;
    let old = source.decode(&old_text, encoding)?;
    let fresh = secret::generate(alg.min_key_len())?;
    let new_text = Zeroizing::new(options.format.encode(fresh.expose()));
    let new = source.decode(&new_text, encoding)?;
    let now = crate::time::now()?;
    let previous_until = source
        .load_previous(encoding)
        .ok()
        .flatten()
        .map(|p| p.until);
    let cut = grace_cut(previous_until, now, "secret", roster.is_some());
    let rotation = Rotation {
        source,
        new_text,
        old_text: kept(old_text, options.grace),
        until: grace_end(now, options.grace)?,
    };
    let mut rotated = commit(
        roster,
        rotation,
        Signing::Secret(new),
        &old,
        None,
        (options.backup, also),
        progress,
        now,
    )?;
    rotated.warnings.splice(0..0, cut);
    Ok(rotated)
}

/// A warning when the previous secret or key (`noun`) is still in its grace at `now`: the
/// rotation replaces it, and the tokens it signed stop verifying at once. With a roster every
/// client has just been reissued; others may not have been.
fn grace_cut(previous_until: Option<i64>, now: i64, noun: &str, roster: bool) -> Option<String> {
    let until = previous_until.filter(|&u| u > now)?;
    let who = if roster {
        "the roster's clients were reissued, but any other token it signed"
    } else {
        "every token it signed that was not reissued"
    };
    Some(format!(
        "the previous {noun} was still in its grace period (accepted until {}, {}): this rotation replaced it, so {who} stops verifying now",
        crate::time::rfc3339(until),
        crate::time::relative(until, now)
    ))
}

/// Rotate the key pair: a new key of the old one's type (or `alg`'s), the old one kept beside
/// it, the roster's tokens reissued and the JWK Set rewritten with both keys, all in one
/// transaction with the keyring entries.
pub fn run_key<'r>(
    roster: Option<&'r Roster>,
    options: &KeyRotateOptions,
    progress: &dyn Progress,
) -> Result<Rotated<'r>> {
    run_key_with(roster, options, None, progress)
}

/// As [`run_key`], writing `also` in the same transaction.
pub fn run_key_with<'r>(
    roster: Option<&'r Roster>,
    options: &KeyRotateOptions,
    also: Option<&Also>,
    progress: &dyn Progress,
) -> Result<Rotated<'r>> {
    let roster_key = match roster {
        Some(r) => Some(r.key.as_ref().ok_or_else(|| {
            Error::usage(format!(
                "{} signs with a [secret], not a key; nothing was changed",
                r.path.display()
            ))
            .with_hint(format!(
                "rotate the secret with: jwtadm secret rotate --roster {}",
                crate::output::shell_quote(&r.path.display().to_string())
            ))
        })?),
        None => None,
    };
    let source = to_rotate(
        options.key.as_ref(),
        roster_key.map(|k| &k.source),
        options.keyring_store,
        "--key",
    )?;
    if !matches!(source, SecretSource::File(_) | SecretSource::Keyring { .. }) {
        return Err(Error::usage(format!(
            "jwtadm cannot rotate a key in {source}: it can only read it there; nothing was changed"
        ))
        .with_hint("keep the private key where jwtadm can write it and its previous one beside it: file:PATH (0600) or keyring:SERVICE/ACCOUNT, e.g. jwtadm key gen --alg EdDSA --to file:keys/signing.pem"));
    }
    let jwks = jwks_to_write(roster, options.jwks_out.as_deref())?;
    check_places(roster, &source, jwks)?;
    let roster_alg = roster_key.and_then(|k| k.alg);
    if let (Some(asked), Some(k), Some(alg)) = (options.alg, roster_key, roster_alg)
        && asked != alg
    {
        return Err(Error::usage(format!(
            "--alg {asked}, but the roster signs with alg = \"{alg}\" ({}): its tokens and its JWKS would not agree; nothing was changed",
            k.origin
        ))
        .with_hint(format!(
            "change alg in [key] to \"{asked}\" (or remove it) first, or leave out --alg"
        )));
    }
    let (old_text, old) = old_private_key(&source)?;
    // What the old key signed with, which the JWK Set keeps publishing it for.
    let old_alg = keys::fallback_alg(old.public(), roster_alg.unwrap_or(old.public().algs()[0]));
    let new = old.generate_like(options.alg, options.bits)?;
    // The tokens' algorithm: --alg, else the roster's (which names its line when the key
    // cannot sign it), else the new key's own.
    let signing = match (options.alg, roster_key) {
        (None, Some(k)) => Signing::for_key(new, k)?,
        (asked, _) => {
            let alg = keys::alg_for(new.public(), asked)?;
            Signing::Key { key: new, alg }
        }
    };
    let Signing::Key { key: new, alg } = &signing else {
        unreachable!("a key signs")
    };
    let (new_public, alg) = (new.public().clone(), *alg);
    let new_text = Zeroizing::new(new.to_pem()?.trim_end().to_string());
    let now = crate::time::now()?;
    let until = grace_end(now, options.grace)?;
    let previous_until = crate::material::load_previous(&source)
        .ok()
        .flatten()
        .map(|(_, u)| u);
    let cut = grace_cut(previous_until, now, "key", roster.is_some());
    // Without a grace period the previous key is not published at all.
    let previous = (options.grace > 0).then(|| (old.public(), old_alg, until));
    let make = |existing: Option<&Jwks>| {
        Ok(keys::set_of(
            &new_public,
            alg,
            previous,
            existing,
            Time::from_secs(now),
        ))
    };
    let rotation = Rotation {
        source,
        new_text,
        old_text: kept(old_text, options.grace),
        until,
    };
    let jwks = jwks.map(|p| (p, &make as MakeJwks));
    let mut rotated = commit(
        roster,
        rotation,
        signing,
        &old,
        jwks,
        (options.backup, also),
        progress,
        now,
    )?;
    rotated.warnings.splice(0..0, cut);
    Ok(rotated)
}

/// The private key a key rotation replaces, and its text. A public key may be anyone's to
/// read: it is refused as one, not for its mode; a private one's place is then checked as a
/// secret's, without reading it again.
fn old_private_key(source: &SecretSource) -> Result<(Zeroizing<String>, PrivateKey)> {
    let old_text = source
        .load_text_unchecked()
        .map_err(|e| nothing_to_rotate(e, "jwtadm key gen --alg EdDSA --to"))?;
    let old = crate::material::private_in(
        source,
        &old_text,
        "key rotate replaces a private key, and keeps it beside the new one",
    )?;
    source.check_private()?;
    Ok((old_text, old))
}

/// The previous secret or key's text as a rotation keeps it: none (empty, which means none)
/// without a grace period, so that a secret or key retired at once (`client revoke`'s
/// default) is not left behind beside the new one.
fn kept(old_text: Zeroizing<String>, grace: i64) -> Zeroizing<String> {
    if grace > 0 {
        old_text
    } else {
        Zeroizing::new(String::new())
    }
}

/// What builds a key rotation's JWK Set from the one published now.
type MakeJwks<'a> = &'a dyn Fn(Option<&Jwks>) -> Result<Value>;

/// `e`, from reading what is to be rotated, with what to do when there is nothing there yet
/// (`make`: the command that makes the first one). An error that has its own hint (a file
/// others can read: the chmod) keeps it.
fn nothing_to_rotate(e: Error, make: &str) -> Error {
    if e.hint().is_some() {
        return e;
    }
    e.with_hint(format!(
        "nothing to rotate: create the first one with {make}"
    ))
}

/// The end of a grace period of `grace` seconds from `now`, refused past the year 9999.
fn grace_end(now: i64, grace: i64) -> Result<i64> {
    // The end of the grace is written as an RFC 3339 date, which has four-digit years: one
    // past 9999 could not be read back, and every verify would then fail (found by the third
    // red team).
    if now.saturating_add(grace) >= crate::time::DATE_LIMIT {
        return Err(Error::usage(format!(
            "--grace {grace}s ends after the year 9999, which no date can say; nothing was changed"
        ))
        .with_hint("a grace period of days or weeks is the usual (the default is 14d)"));
    }
    Ok(now + grace)
}

/// What to rotate: the one named on the command line (`flag`), else the roster's (in
/// `--keyring-store`).
fn to_rotate(
    given: Option<&SecretSource>,
    roster: Option<&SecretSource>,
    store: Option<Store>,
    flag: &str,
) -> Result<SecretSource> {
    match (given, roster) {
        (Some(s), Some(r)) if !same_place(s, r) => Err(Error::usage(format!(
            "{flag} {s}, but the roster signs with {r}: its clients would be reissued with what the roster does not name, and fail its token status; nothing was changed"
        ))
        .with_hint(format!(
            "leave out {flag} to rotate the roster's, or rotate the other one without --roster"
        ))),
        (Some(s), _) => Ok(s.clone()),
        (None, Some(s)) => s.clone().with_store(store).map_err(Error::usage),
        (None, None) => Err(Error::usage(format!(
            "name what to rotate with {flag}, or a roster with --roster"
        ))),
    }
}

/// Whether `a` and `b` name one place: one file (whatever path leads there) and the same
/// dotenv key, or the same variable or keyring entry.
fn same_place(a: &SecretSource, b: &SecretSource) -> bool {
    match (a.file(), b.file()) {
        (Some((pa, ka)), Some((pb, kb))) => {
            ka == kb && crate::places::identify(pa).0 == crate::places::identify(pb).0
        }
        (None, None) => a == b,
        _ => false,
    }
}

/// The JWK Set a key rotation rewrites: `--jwks-out`, else the roster's. Both, naming two
/// files, is refused: the roster's would be left without the new key.
fn jwks_to_write<'a>(
    roster: Option<&'a Roster>,
    out: Option<&'a Path>,
) -> Result<Option<&'a Path>> {
    let own = roster.and_then(|r| r.key.as_ref()).and_then(|k| {
        let path = k.jwks.as_deref()?;
        Some((path, k.jwks_origin.as_ref()))
    });
    match (out, own) {
        (Some(out), Some((path, origin)))
            if crate::places::identify(out).0 != crate::places::identify(path).0 =>
        {
            Err(Error::usage(format!(
                "--jwks-out {}, but the roster publishes its JWKS at {}{}: that one would be left without the new key; nothing was changed",
                out.display(),
                path.display(),
                origin.map(|o| format!(" ({o})")).unwrap_or_default()
            ))
            .with_hint("leave out --jwks-out to rewrite the roster's, or change jwks in [key]"))
        }
        (Some(out), _) => Ok(Some(out)),
        (None, own) => Ok(own.map(|(p, _)| p)),
    }
}

/// Refuse a rotation that would write one place twice: a token over the secret, key or JWK
/// Set, the JWK Set over the key.
fn check_places(roster: Option<&Roster>, source: &SecretSource, jwks: Option<&Path>) -> Result<()> {
    let checked = match roster {
        Some(r) => crate::places::check(
            r,
            crate::places::Writes {
                tokens: true,
                secret: Some(source),
                jwks,
            },
        ),
        None if jwks.is_some() => crate::places::check_key_rotation(source, jwks),
        None => Ok(()),
    };
    checked.map_err(|e| e.also("nothing was written"))
}

/// The run both rotations share: reissue the roster's tokens with `new`, plan the rotation's
/// files, the tokens and the JWK Set `jwks` builds, then write them in one transaction with
/// the keyring entries, and append to the audit log.
#[allow(clippy::too_many_arguments)]
fn commit<'r>(
    roster: Option<&'r Roster>,
    rotation: Rotation,
    new: Signing,
    old: &dyn Key,
    jwks: Option<(&Path, MakeJwks)>,
    (backup, also): (bool, Option<&Also>),
    progress: &dyn Progress,
    now: i64,
) -> Result<Rotated<'r>> {
    let issued = match roster {
        Some(r) => issue_all::issue_for(r.clients.iter().collect(), &new, &rotation.source, now)?,
        None => Vec::new(),
    };
    let mut creatable = rotation.files()?;
    creatable.extend(jwks.map(|(p, _)| p.to_path_buf()));
    let creatable: Vec<&Path> = creatable.iter().map(PathBuf::as_path).collect();
    let mut origins = roster.map(issue_all::origins).unwrap_or_default();
    if let Some(k) = roster.and_then(|r| r.key.as_ref())
        && let (Some(p), Some(o)) = (&k.jwks, &k.jwks_origin)
    {
        origins.insert(p, o);
    }
    let mut required = issue_all::target_paths(&issued);
    required.extend(also.iter().flat_map(|a| a.paths.iter().copied()));
    let mut plan = Plan::open_noted(&required, &creatable, &|p| {
        origins.get(p).map(|o| o.to_string())
    })?;
    rotation.apply(&mut plan)?;
    issue_all::plan_tokens(&mut plan, &issued)?;
    let republished = jwks
        .map(|(path, make)| keys::republish(&mut plan, path, make))
        .transpose()?;
    if let Some(a) = also {
        (a.edit)(&mut plan)?;
    }
    progress.planned(&plan);
    let split = super::split_links_json(&plan);
    let warnings = republished
        .iter()
        .flat_map(|r| r.warnings.clone())
        .collect();
    if also.is_some_and(|a| a.dry_run) {
        // Every token shortened; a client not reissued (the revoked one) has its token emptied.
        let token_of = |client: Option<&str>| {
            issued
                .iter()
                .find(|i| Some(i.client.name.as_str()) == client)
                .map(|i| i.token.clone())
                .unwrap_or_default()
        };
        let preview = plan.preview(token_of);
        if let Some(r) = roster {
            audit::check_audit(r)?;
        }
        plan.check(backup)?;
        return Ok(Rotated {
            warnings,
            source: rotation.source,
            new,
            old: old.fingerprint(),
            old_kid: old.key_id(),
            until: rotation.until,
            now,
            issued,
            written: Vec::new(),
            split,
            jwks: republished,
            preview: Some(preview),
        });
    }
    let audit = match roster {
        Some(r) => audit::open_audit(r)?,
        None => None,
    };
    // The keyring entries join the files' transaction as a participant: written first, put
    // back if the files fail.
    let written = plan.commit_with(backup, rotation.keyring_writes())?;
    if let Some(r) = roster {
        // The rotation is done by now: say so, so that no one runs it again (a second rotation
        // would end the first one's grace at once). Found by the third red team.
        let more = also.map(|a| (a.audit)(&new)).unwrap_or_default();
        audit::append_audit(audit, r, &issued, &new, now, &written, &more).map_err(|e| {
            let noun = new.key().noun();
            e.with_hint(format!(
                "the {noun} WAS rotated (new {noun} {}, previous {} accepted until {}) and every file written; only the audit log line is missing: do not rotate again",
                new.key().fingerprint(),
                old.fingerprint(),
                crate::time::rfc3339(rotation.until)
            ))
        })?;
    }
    Ok(Rotated {
        warnings,
        source: rotation.source,
        new,
        old: old.fingerprint(),
        old_kid: old.key_id(),
        until: rotation.until,
        now,
        issued,
        written,
        split,
        jwks: republished,
        preview: None,
    })
}
