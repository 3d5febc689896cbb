//! `secret check`: every check of a secret where it lives — its length for the algorithm, how
//! its text becomes key bytes, the file's mode, owner and folders, the previous secret a
//! rotation kept — as typed checks. No printing.

use crate::error::Result;
use crate::keys::Alg;
use crate::output::plural;
use crate::report::{Check, CheckId};
use crate::secret::Encoding;
use crate::store::SecretSource;

/// What `secret check` found.
pub struct SecretChecked {
    pub checks: Vec<Check>,
    /// The key's fingerprint (`sha256:…`).
    pub fingerprint: String,
}

/// Check the secret at `source`, read as `encoding`, for `alg`.
pub fn run(source: &SecretSource, encoding: Encoding, alg: Alg) -> Result<SecretChecked> {
    // A file: jwtadm would refuse is still read here, to report why in the permissions row.
    let text = source.load_text_unchecked()?;
    let key = source.decode(&text, encoding)?;
    let mut findings = Vec::new();
    let min = alg.min_key_len();
    findings.push(Check::new(
        CheckId::Length,
        key.len() >= min,
        format!(
            "{}; {} needs at least {min} (RFC 7518 §3.2)",
            plural(key.len(), "byte"),
            alg
        ),
    ));
    let looks_hex = text.len() >= 32
        && text.len().is_multiple_of(2)
        && text.chars().all(|c| c.is_ascii_hexdigit());
    let encoding_detail = match encoding {
        Encoding::Utf8 if looks_hex => format!(
            "utf8: the {} characters are the key, as PyJWT uses them; the text is also valid hex — \
             if your server decodes it first, use --secret-encoding hex",
            text.len()
        ),
        Encoding::Utf8 => format!(
            "utf8: the text's {} are the key, as PyJWT uses them",
            plural(key.len(), "byte")
        ),
        other => format!(
            "{}: {} characters of text decode to {} key bytes",
            other.name(),
            text.len(),
            key.len()
        ),
    };
    findings.push(
        Check::pass(CheckId::Encoding, encoding_detail)
            .warning(looks_hex && encoding == Encoding::Utf8),
    );
    if let Some(path) = source.path() {
        findings.push(permissions(source, path));
    }
    findings.push(previous(source, encoding)?);
    Ok(SecretChecked {
        checks: findings,
        fingerprint: key.fingerprint(),
    })
}

/// The `previous` row: the secret a rotation kept, until when it is accepted.
fn previous(source: &SecretSource, encoding: Encoding) -> Result<Check> {
    // The previous secret's files are refused as the secret's own would be; that is this
    // row's failure, with the fix, not a stop before the table.
    Ok(match source.load_previous(encoding) {
        Err(e) => Check::fail(
            CheckId::Previous,
            match e.hint() {
                Some(h) => format!("{e}; {h}"),
                None => e.to_string(),
            },
        ),
        Ok(Some(prev)) => {
            let now = crate::time::now()?;
            let state = if now <= prev.until {
                "accepted"
            } else {
                "no longer accepted"
            };
            Check::pass(
                CheckId::Previous,
                format!(
                    "{} {state} until {} ({})",
                    prev.secret.fingerprint(),
                    crate::time::rfc3339(prev.until),
                    crate::time::relative(prev.until, now)
                ),
            )
        }
        Ok(None) => Check::pass(CheckId::Previous, "none kept"),
    })
}

#[cfg(unix)]
fn permissions(source: &SecretSource, path: &std::path::Path) -> Check {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map(|m| m.permissions().mode() & 0o777)
        .unwrap_or(0);
    let open = mode & 0o077 != 0;
    // The whole file is the secret (file:), or one line of it (dotenv:).
    let whole_file = matches!(source.file(), Some((_, None)));
    // A key file must pass what loading it checks: its mode, its owner, its folders'.
    if whole_file
        && let Err(e) = crate::store::file::check_private(path).map_err(|e| source.scrub(e))
    {
        let detail = match e.hint() {
            Some(h) => format!("{e}; {h}"),
            None => e.to_string(),
        };
        return Check::fail(CheckId::Permissions, detail);
    }
    let detail = if open {
        format!(
            "{} is mode {mode:04o}: group or others can read it; run chmod 600 {}",
            path.display(),
            path.display()
        )
    } else {
        format!("{} is mode {mode:04o}", path.display())
    };
    // A key file must be private (jwtadm refuses it otherwise); a dotenv file often holds other
    // settings too, so an open one is reported but not failed.
    let ok = !open || !whole_file;
    Check::new(CheckId::Permissions, ok, detail).warning(open)
}

#[cfg(not(unix))]
fn permissions(_source: &SecretSource, path: &std::path::Path) -> Check {
    Check::pass(
        CheckId::Permissions,
        format!("{}: not checked on this platform", path.display()),
    )
}
