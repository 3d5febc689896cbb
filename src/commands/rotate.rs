//! What `secret rotate` and `key rotate` print: the new secret or key, the previous one and
//! the end of its grace, the JWK Set and the files written.

use serde_json::json;

use crate::error::Result;
use crate::ops::keys::kids;
use crate::ops::rotate::Rotated;
use crate::ops::signing::Signing;
use crate::output::{Out, plural};
use crate::time::{relative, rfc3339};

/// Rotation `r` as `-o json` prints it.
pub(super) fn rotated_json(r: &Rotated) -> serde_json::Value {
    let until = rfc3339(r.until);
    let jwks = r
        .jwks
        .as_ref()
        .map(|j| (j.path.display().to_string(), kids(&j.doc)));
    let files = |r: &Rotated| -> Vec<String> {
        r.written.iter().map(|p| p.display().to_string()).collect()
    };
    let reissued: Vec<&str> = r.issued.iter().map(|i| i.client.name.as_str()).collect();
    match &r.new {
        Signing::Secret(new) => json!({
            "source": r.source.to_string(),
            "fingerprint": new.fingerprint(),
            "previous": {"fingerprint": r.old, "until": until},
            "reissued": reissued,
            "written": files(r),
            "split_hard_links": r.split,
            "warnings": r.warnings,
        }),
        Signing::Key { key, alg } => json!({
            "source": r.source.to_string(),
            "kid": crate::keys::Key::key_id(key),
            "alg": alg.name(),
            "key": key.public().describe(),
            "previous": {"kid": r.old_kid, "until": until},
            "jwks": jwks.as_ref().map(|(path, kids)| json!({"path": path, "kids": kids})),
            "reissued": reissued,
            "written": files(r),
            "split_hard_links": r.split,
            "warnings": r.warnings,
        }),
    }
}

/// Print rotation `r`; `roster` says whether clients were reissued in the same run.
pub(super) fn print_rotated(r: &Rotated, roster: bool, out: &Out) -> Result<()> {
    if out.json() {
        return out.print_json(&rotated_json(r));
    }
    print_rotated_text(r, roster, out, Vec::new())
}

/// Rotation `r` for people, after the lines `head`.
pub(super) fn print_rotated_text(
    r: &Rotated,
    roster: bool,
    out: &Out,
    head: Vec<String>,
) -> Result<()> {
    let until = rfc3339(r.until);
    let jwks = r
        .jwks
        .as_ref()
        .map(|j| (j.path.display().to_string(), kids(&j.doc)));
    let noun = r.new.key().noun();
    let mut lines = head;
    lines.push(format!("rotated the {noun} in {}", r.source));
    let mut rows = vec![
        (
            format!("new {noun}:"),
            match &r.new {
                Signing::Secret(s) => s.fingerprint(),
                Signing::Key { key, alg } => format!(
                    "{} ({}, signs {alg})",
                    crate::keys::Key::fingerprint(key),
                    key.public().describe()
                ),
            },
        ),
        (
            format!("previous {noun}:"),
            if r.until > r.now {
                format!(
                    "{}, accepted until {until} ({})",
                    r.old,
                    relative(r.until, r.now)
                )
            } else {
                format!("{}, not kept (no grace period): no longer accepted", r.old)
            },
        ),
    ];
    if let Some((path, kids)) = &jwks {
        let kids: Vec<String> = kids.iter().map(|k| format!("kid:{k}")).collect();
        rows.push(("JWKS:".into(), format!("{path} ({})", kids.join(", "))));
    }
    let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    lines.extend(rows.iter().map(|(k, v)| format!("  {k:width$} {v}")));
    lines.push(if roster {
        format!(
            "  {} reissued; {} written",
            plural(r.issued.len(), "token"),
            plural(r.written.len(), "file")
        )
    } else {
        match (&r.new, &jwks) {
            (Signing::Secret(_), _) => {
                "  next: jwtadm token issue-all --patch, then restart the server".into()
            }
            (Signing::Key { .. }, Some(_)) => "  next: jwtadm token issue-all --patch".into(),
            (Signing::Key { .. }, None) => format!(
                "  next: publish both keys (jwtadm key jwks --key {} --out FILE), then jwtadm token issue-all --patch",
                crate::output::shell_quote(&r.source.to_string())
            ),
        }
    });
    let mut s = lines.join("\n");
    s.push('\n');
    out.print(&s)?;
    for w in &r.warnings {
        out.warn(w);
    }
    Ok(())
}
