//! The audit log of a roster: opened before anything is written, appended once a run succeeds.

use std::io::Write;
use std::path::PathBuf;

use serde_json::json;

use super::issue_all::{Issued, targets};
use super::signing::Signing;
use crate::error::{Error, Result};
use crate::roster::{Origin, Roster};
use crate::time::rfc3339;

/// Open the audit log for appending before anything else is written, so that a log that
/// cannot be written stops the run while nothing has changed.
pub fn open_audit(roster: &Roster) -> Result<Option<AuditLog>> {
    let Some(path) = roster.audit_log.as_deref() else {
        return Ok(None);
    };
    // An audit log that does not exist yet is only checked now, and created once the run has
    // succeeded: a failed run leaves nothing behind, not even an empty log.
    if std::fs::symlink_metadata(path).is_err() {
        return crate::txn::check_append(path)
            .map(|()| Some(AuditLog::New))
            .map_err(|e| {
                note(
                    Error::io("opening the audit log", path, e),
                    roster.audit_log_origin.as_ref(),
                )
            });
    }
    crate::txn::open_append(path, 0o600)
        .map(|f| Some(AuditLog::Open(f)))
        .map_err(|e| {
            note(
                Error::io("opening the audit log", path, e),
                roster.audit_log_origin.as_ref(),
            )
        })
}

/// The audit log, opened before anything is written, or to be created when the run succeeds.
pub enum AuditLog {
    Open(std::fs::File),
    New,
}

/// What [`open_audit`] checks, changing nothing: for `--dry-run`.
pub fn check_audit(roster: &Roster) -> Result<()> {
    let Some(path) = roster.audit_log.as_deref() else {
        return Ok(());
    };
    crate::txn::check_append(path).map_err(|e| {
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

/// One JSON line per issued token: who, which token (jti), when, which secret (its
/// fingerprint) or key (its `kid`), which files. Never the token itself. `more`: lines of
/// other events of the same run (a revocation), written after them in the same append.
pub fn append_audit(
    log: Option<AuditLog>,
    roster: &Roster,
    issued: &[Issued],
    signing: &Signing,
    now: i64,
    written: &[PathBuf],
    more: &[serde_json::Value],
) -> Result<()> {
    let (Some(log), Some(path)) = (log, roster.audit_log.as_deref()) else {
        return Ok(());
    };
    let mut file = match log {
        AuditLog::Open(f) => f,
        AuditLog::New => crate::txn::open_append(path, 0o600).map_err(|e| {
            Error::io("creating the audit log", path, e)
                .with_hint("the tokens were issued and any files already written")
        })?,
    };
    let written: std::collections::HashSet<PathBuf> =
        written.iter().map(|w| crate::txn::resolve(w)).collect();
    let mut lines = String::new();
    let time = rfc3339(crate::time::now()?);
    let (signed_by, name) = signing.json_member();
    for i in issued {
        let files: Vec<&str> = targets(i.client)
            .into_iter()
            .filter(|(p, _, _, _)| written.contains(&crate::txn::resolve(p)))
            .map(|(_, shown, _, _)| shown)
            .collect();
        let line = json!({
            "time": time,
            "client": i.client.name,
            "sub": i.client.sub,
            "jti": i.jti,
            "iat": now,
            "exp": now + i.client.expires,
            signed_by: name,
            "files_written": files,
        });
        lines.push_str(&line.to_string());
        lines.push('\n');
    }
    for line in more {
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

/// The audit line of a client's revocation: who, when it was marked revoked, what signs now
/// (the new secret's fingerprint or key's `kid`) and which files its token was emptied in.
pub fn revoked_line(
    client: &crate::roster::Client,
    at: i64,
    signing: &Signing,
    emptied: &[&str],
) -> serde_json::Value {
    let (signed_by, name) = signing.json_member();
    json!({
        "time": rfc3339(at),
        "event": "revoke",
        "client": client.name,
        "sub": client.sub,
        signed_by: name,
        "files_emptied": emptied,
    })
}
