//! `jwtadm secret …`

use serde_json::json;
use zeroize::Zeroizing;

use crate::cli::{GenFormat, RotateArgs, SecretArgs, SecretCheckArgs, SecretGenArgs};
use crate::error::{Error, Exit, Result};
use crate::keys::hmac::Secret;
use crate::ops::{
    self,
    rotate::{RotateOptions, Rotated},
};
use crate::output::Out;
use crate::report::{Check, CheckId};
use crate::roster::Roster;
use crate::secret::{self, Encoding};
use crate::store::SecretSource;

/// The largest key `secret gen` makes; HMAC gains nothing past the hash's block size.
const MAX_BYTES: usize = 1024;

/// How `--format` writes a new secret's bytes as text.
fn text_form(format: GenFormat) -> Encoding {
    match format {
        GenFormat::Hex => Encoding::Hex,
        GenFormat::Base64 => Encoding::Base64,
        GenFormat::Base64url => Encoding::Base64Url,
    }
}

pub fn gen_cmd(args: SecretGenArgs, out: &Out) -> Result<Exit> {
    let min = args.alg.min_key_len();
    let n = args.bytes.unwrap_or(min);
    if n < min {
        return Err(Error::usage(format!(
            "--bytes {n} is below the {min} bytes {} needs (RFC 7518 §3.2: a key at least as long as the hash)",
            args.alg
        )));
    }
    if n > MAX_BYTES {
        return Err(Error::usage(format!(
            "--bytes {n} is more than {MAX_BYTES}"
        )));
    }
    let encoding = text_form(args.format);
    let key = secret::generate(n)?;
    let text = Zeroizing::new(encoding.encode(key.expose()));
    let Some(dest) = args.to else {
        if out.json() {
            out.print_json(&json!({"secret": text.as_str(), "bytes": n, "format": encoding.name(), "fingerprint": key.fingerprint()}))?;
        } else {
            // Text jwtadm encoded itself (hex or base64), written as is from zeroized memory.
            let mut line = Zeroizing::new(String::with_capacity(text.len() + 1));
            line.push_str(&text);
            line.push('\n');
            out.print_raw(line.as_bytes())?;
        }
        return Ok(Exit::Ok);
    };
    dest.store(&text, args.force)?;
    // The fingerprint of the key as jwtadm will read it back from there.
    let stored = Secret::new(args.secret_encoding.decode(&text).map_err(|why| {
        Error::usage(format!(
            "the new secret is not valid {}: {why}",
            args.secret_encoding.name()
        ))
    })?);
    if out.json() {
        out.print_json(&json!({
            "destination": dest.to_string(),
            "bytes": n,
            "format": encoding.name(),
            "fingerprint": stored.fingerprint(),
            "read_as": args.secret_encoding.name(),
        }))?;
    } else {
        out.line(format!(
            "wrote a new {n}-byte {} secret ({}) to {dest}",
            args.alg,
            encoding.name()
        ))?;
        out.line(format!(
            "fingerprint: {} (read as {})",
            stored.fingerprint(),
            args.secret_encoding.name()
        ))?;
    }
    Ok(Exit::Ok)
}

pub fn fingerprint(args: SecretArgs, out: &Out) -> Result<Exit> {
    let key = args.secret.load(args.secret_encoding)?;
    if out.json() {
        out.print_json(&json!({
            "source": args.secret.to_string(),
            "encoding": args.secret_encoding.name(),
            "bytes": key.len(),
            "fingerprint": key.fingerprint(),
        }))?;
    } else {
        out.line(key.fingerprint())?;
    }
    Ok(Exit::Ok)
}

pub fn check(args: SecretCheckArgs, out: &Out) -> Result<Exit> {
    let source = &args.secret.secret;
    let encoding = args.secret.secret_encoding;
    // A file: jwtadm would refuse is still read here, to report why in the permissions row.
    let text = source.load_text_unchecked()?;
    let key = source.decode(&text, encoding)?;
    let mut findings = Vec::new();
    let min = args.alg.min_key_len();
    findings.push(Check::new(
        CheckId::Length,
        key.len() >= min,
        format!(
            "{}; {} needs at least {min} (RFC 7518 §3.2)",
            super::plural(key.len(), "byte"),
            args.alg
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
            super::plural(key.len(), "byte")
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
    let ok = findings.iter().all(|f| f.ok);
    if out.json() {
        out.print_json(&json!({
            "source": source.to_string(),
            "encoding": encoding.name(),
            "fingerprint": key.fingerprint(),
            "ok": ok,
            "checks": findings,
        }))?;
    } else {
        let rows = findings.iter().map(Check::row);
        let mut s = out.table(&["", "check", "detail"], rows);
        s.push(format!(
            "secret: {} ({source}, {})\n",
            key.fingerprint(),
            encoding.name()
        ));
        out.print(s)?;
    }
    Ok(if ok { Exit::Ok } else { Exit::Operational })
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

pub fn rotate(args: RotateArgs, out: &Out) -> Result<Exit> {
    let roster = args.roster.as_deref().map(Roster::load).transpose()?;
    let options = RotateOptions {
        secret: args.secret.clone(),
        keyring_store: args.keyring_store,
        secret_encoding: args.secret_encoding,
        alg: args.alg,
        format: text_form(args.format),
        grace: args.grace,
        backup: args.backup,
    };
    let Rotated {
        source,
        new,
        old,
        until: retired,
        now,
        issued,
        written,
        split,
    } = ops::rotate::run(roster.as_ref(), &options, out)?;
    let until = crate::time::rfc3339(retired);
    if out.json() {
        out.print_json(&json!({
            "source": source.to_string(),
            "fingerprint": new.fingerprint(),
            "previous": {"fingerprint": old.fingerprint(), "until": until},
            "reissued": issued.iter().map(|i| i.client.name.clone()).collect::<Vec<_>>(),
            "written": written.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
            "split_hard_links": split,
        }))?;
    } else {
        let mut s = format!("rotated the secret in {source}\n");
        s.push_str(&format!("  new secret:      {}\n", new.fingerprint()));
        s.push_str(&format!(
            "  previous secret: {}, accepted until {until} ({})\n",
            old.fingerprint(),
            crate::time::relative(retired, now)
        ));
        if roster.is_some() {
            s.push_str(&format!(
                "  {} reissued; {} written\n",
                super::plural(issued.len(), "token"),
                super::plural(written.len(), "file")
            ));
        } else {
            s.push_str("  next: jwtadm token issue-all --patch, then restart the server\n");
        }
        out.print(&s)?;
    }
    Ok(Exit::Ok)
}
