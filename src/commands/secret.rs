//! `jwtadm secret …`

use serde_json::json;
use zeroize::Zeroizing;

use crate::cli::{GenFormat, RotateArgs, SecretArgs, SecretCheckArgs, SecretGenArgs};
use crate::error::{Error, Exit, Result};
use crate::output::{Cell, Out, Tone, mark};
use crate::patch::plan::Plan;
use crate::roster::Roster;
use crate::rotate::Rotation;
use crate::secret::{self, Encoding, Secret, SecretSource};

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

/// One finding of `secret check`.
struct Finding {
    check: &'static str,
    ok: bool,
    /// Worth a look, though not a failure.
    warn: bool,
    detail: String,
}

pub fn check(args: SecretCheckArgs, out: &Out) -> Result<Exit> {
    let source = &args.secret.secret;
    let encoding = args.secret.secret_encoding;
    // A file: jwtadm would refuse is still read here, to report why in the permissions row.
    let text = source.load_text_unchecked()?;
    let key = source.decode(&text, encoding)?;
    let mut findings = Vec::new();
    let min = args.alg.min_key_len();
    findings.push(Finding {
        warn: false,
        check: "length",
        ok: key.len() >= min,
        detail: format!(
            "{}; {} needs at least {min} (RFC 7518 §3.2)",
            super::plural(key.len(), "byte"),
            args.alg
        ),
    });
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
    findings.push(Finding {
        check: "encoding",
        ok: true,
        warn: looks_hex && encoding == Encoding::Utf8,
        detail: encoding_detail,
    });
    if let Some(path) = source.path() {
        findings.push(permissions(source, path));
    }
    // The previous secret's files are refused as the secret's own would be; that is this
    // row's failure, with the fix, not a stop before the table.
    match source.load_previous(encoding) {
        Err(e) => findings.push(Finding {
            check: "previous",
            ok: false,
            warn: false,
            detail: match e.hint() {
                Some(h) => format!("{e}; {h}"),
                None => e.to_string(),
            },
        }),
        Ok(Some(prev)) => {
            let now = crate::claims::now()?;
            let state = if now <= prev.until {
                "accepted"
            } else {
                "no longer accepted"
            };
            findings.push(Finding {
                check: "previous",
                ok: true,
                warn: false,
                detail: format!(
                    "{} {state} until {} ({})",
                    prev.secret.fingerprint(),
                    crate::claims::rfc3339(prev.until),
                    crate::claims::relative(prev.until, now)
                ),
            });
        }
        Ok(None) => findings.push(Finding {
            check: "previous",
            ok: true,
            warn: false,
            detail: "none kept".into(),
        }),
    }
    let ok = findings.iter().all(|f| f.ok);
    if out.json() {
        let list: Vec<_> = findings
            .iter()
            .map(|f| json!({"check": f.check, "ok": f.ok, "warning": f.warn, "detail": f.detail}))
            .collect();
        out.print_json(&json!({
            "source": source.to_string(),
            "encoding": encoding.name(),
            "fingerprint": key.fingerprint(),
            "ok": ok,
            "checks": list,
        }))?;
    } else {
        let rows = findings.iter().map(|f| {
            let mark = if f.ok && f.warn {
                Cell::toned("!", Tone::Late)
            } else {
                mark(f.ok, Tone::Bad)
            };
            [mark, Cell::from(f.check).atom(), Cell::from(&f.detail)]
        });
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

#[cfg(unix)]
fn permissions(source: &SecretSource, path: &std::path::Path) -> Finding {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map(|m| m.permissions().mode() & 0o777)
        .unwrap_or(0);
    let open = mode & 0o077 != 0;
    // A key file must pass what loading it checks: its mode, its owner, its folders'.
    if let SecretSource::File(_) = source
        && let Err(e) = secret::check_private(path).map_err(|e| source.scrub(e))
    {
        let detail = match e.hint() {
            Some(h) => format!("{e}; {h}"),
            None => e.to_string(),
        };
        return Finding {
            check: "permissions",
            ok: false,
            warn: false,
            detail,
        };
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
    let ok = !open || matches!(source, SecretSource::Dotenv { .. });
    Finding {
        check: "permissions",
        ok,
        warn: open,
        detail,
    }
}

#[cfg(not(unix))]
fn permissions(_source: &SecretSource, path: &std::path::Path) -> Finding {
    Finding {
        check: "permissions",
        ok: true,
        warn: false,
        detail: format!("{}: not checked on this platform", path.display()),
    }
}

pub fn rotate(args: RotateArgs, out: &Out) -> Result<Exit> {
    let roster = args.roster.as_deref().map(Roster::load).transpose()?;
    let source = match (&args.secret, &roster) {
        (Some(s), _) => s.clone(),
        (None, Some(r)) => r
            .secret
            .clone()
            .with_store(args.keyring_store)
            .map_err(Error::usage)?,
        (None, None) => {
            return Err(Error::usage(
                "name the secret with --secret, or a roster with --roster",
            ));
        }
    };
    if let Some(r) = &roster {
        crate::places::check(
            r,
            crate::places::Writes {
                tokens: true,
                secret: Some(&source),
            },
        )
        .map_err(|e| e.also("nothing was written"))?;
    }
    let encoding = args
        .secret_encoding
        .or(roster.as_ref().map(|r| r.encoding))
        .unwrap_or_default();
    let alg = args
        .alg
        .or_else(|| {
            roster.as_ref().and_then(|r| {
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
    let format = text_form(args.format);
    let fresh = secret::generate(alg.min_key_len())?;
    let new_text = Zeroizing::new(format.encode(fresh.expose()));
    let new = source.decode(&new_text, encoding)?;
    let now = crate::claims::now()?;
    let rotation = Rotation {
        source: source.clone(),
        new_text,
        old_text,
        until: now + args.grace,
    };

    let issued = match &roster {
        Some(r) => super::roster::issue_for(r.clients.iter().collect(), &new, &source, now)?,
        None => Vec::new(),
    };
    let secret_files = rotation.files()?;
    let secret_paths: Vec<&std::path::Path> = secret_files.iter().map(|p| p.as_path()).collect();
    let origins = roster
        .as_ref()
        .map(super::roster::origins)
        .unwrap_or_default();
    let mut plan = Plan::open_noted(&super::roster::target_paths(&issued), &secret_paths, &|p| {
        origins.get(p).map(|o| o.to_string())
    })?;
    rotation.apply(&mut plan)?;
    super::roster::plan_tokens(&mut plan, &issued)?;
    super::config::warn_references(&plan, out);
    super::config::warn_split_links(&plan, out);
    let split = super::config::split_links_json(&plan);
    let audit = match &roster {
        Some(r) => super::roster::open_audit(r)?,
        None => None,
    };
    // The keyring entries join the files' transaction: written first, put back if the files
    // fail.
    let written = plan.commit_with(args.backup, rotation.keyring_writes())?;
    if let Some(r) = &roster {
        super::roster::append_audit(audit, r, &issued, &new, now, &written)?;
    }

    let until = crate::claims::rfc3339(rotation.until);
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
            crate::claims::relative(rotation.until, now)
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
