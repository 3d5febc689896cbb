//! `jwtadm secret …`

use serde_json::json;
use zeroize::Zeroizing;

use crate::cli::{GenFormat, RotateArgs, SecretArgs, SecretCheckArgs, SecretGenArgs};
use crate::error::{Error, Exit, Result};
use crate::keys::hmac::Secret;
use crate::ops::{self, rotate::RotateOptions};
use crate::output::Out;
use crate::report::Check;
use crate::roster::Roster;
use crate::secret::{self, Encoding};

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
    let checked = ops::secret_check::run(source, encoding, args.alg)?;
    let findings = &checked.checks;
    let ok = findings.iter().all(|f| f.ok);
    if out.json() {
        out.print_json(&json!({
            "source": source.to_string(),
            "encoding": encoding.name(),
            "fingerprint": checked.fingerprint,
            "ok": ok,
            "checks": findings,
        }))?;
    } else {
        let rows = findings.iter().map(Check::row);
        let mut s = out.table(&["", "check", "detail"], rows);
        s.push(format!(
            "secret: {} ({source}, {})\n",
            checked.fingerprint,
            encoding.name()
        ));
        out.print(s)?;
    }
    Ok(if ok { Exit::Ok } else { Exit::Operational })
}

pub fn rotate(args: RotateArgs, out: &Out) -> Result<Exit> {
    let roster = args.roster.as_deref().map(Roster::load).transpose()?;
    let options = RotateOptions {
        secret: args.secret.clone(),
        keyring_store: args.write.keyring_store,
        secret_encoding: args.secret_encoding,
        alg: args.alg,
        format: text_form(args.format),
        grace: args.grace,
        backup: args.write.backup,
    };
    let rotated = ops::rotate::run(roster.as_ref(), &options, out)?;
    super::rotate::print_rotated(&rotated, roster.is_some(), out)?;
    Ok(Exit::Ok)
}
