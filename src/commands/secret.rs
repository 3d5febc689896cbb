//! `jwtadm secret …`

use serde_json::json;
use zeroize::Zeroizing;

use crate::cli::{GenFormat, SecretGenArgs};
use crate::error::{Error, Exit, Result};
use crate::output::Out;
use crate::secret::{self, Encoding, Secret};

/// The largest key `secret gen` makes; HMAC gains nothing past the hash's block size.
const MAX_BYTES: usize = 1024;

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
    let encoding = match args.format {
        GenFormat::Hex => Encoding::Hex,
        GenFormat::Base64 => Encoding::Base64,
        GenFormat::Base64url => Encoding::Base64Url,
    };
    let key = secret::generate(n)?;
    let text = Zeroizing::new(encoding.encode(key.expose()));
    let Some(dest) = args.to else {
        if out.json() {
            out.print_json(&json!({"secret": text.as_str(), "bytes": n, "format": encoding.name(), "fingerprint": key.fingerprint()}))?;
        } else {
            out.line(&text)?;
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
        out.line(&format!(
            "wrote a new {n}-byte {} secret ({}) to {dest}",
            args.alg,
            encoding.name()
        ))?;
        out.line(&format!(
            "fingerprint: {} (read as {})",
            stored.fingerprint(),
            args.secret_encoding.name()
        ))?;
    }
    Ok(Exit::Ok)
}
