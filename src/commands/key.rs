//! `jwtadm key …`

use serde_json::{Value, json};

use crate::cli::{
    KeyFormat, KeyGenArgs, KeyJwksArgs, KeyPublicArgs, KeyRotateArgs, KeyThumbprintArgs,
};
use crate::error::{Error, Exit, Result};
use crate::keys::Key;
use crate::ops::keys as ops;
use crate::ops::rotate::KeyRotateOptions;
use crate::output::{Out, Text};
use crate::roster::Roster;

pub fn gen_cmd(args: KeyGenArgs, out: &Out) -> Result<Exit> {
    let made = ops::generate(args.alg, args.bits, &args.to, args.force)?;
    if out.json() {
        out.print_json(&json!({
            "kid": made.kid,
            "alg": made.alg.name(),
            "to": args.to.to_string(),
            "jwk": made.jwk,
        }))?;
    } else {
        let mut t = Text::new();
        t.push(format!(
            "New {} key ({}) written to {}\n",
            made.alg, made.describe, args.to
        ));
        t.push("kid: ").value(made.kid.as_str()).push("\n");
        t.push("public JWK: ")
            .value(Value::Object(made.jwk).to_string())
            .push("\n");
        out.print(t)?;
    }
    Ok(Exit::Ok)
}

pub fn rotate(args: KeyRotateArgs, out: &Out) -> Result<Exit> {
    let roster = args.roster.as_deref().map(Roster::load).transpose()?;
    let options = KeyRotateOptions {
        key: args.key,
        keyring_store: args.write.keyring_store,
        alg: args.alg,
        bits: args.bits,
        grace: args.grace,
        jwks_out: args.jwks_out,
        backup: args.write.backup,
    };
    let rotated = crate::ops::rotate::run_key(roster.as_ref(), &options, out)?;
    super::rotate::print_rotated(&rotated, roster.is_some(), out)?;
    Ok(Exit::Ok)
}

pub fn public(args: KeyPublicArgs, out: &Out) -> Result<Exit> {
    let key = ops::load_public(&args.key.key)?;
    let alg = ops::alg_for(key.public(), args.key.alg)?;
    match args.format {
        KeyFormat::Jwk => {
            let jwk = Value::Object(key.public().jwk(alg));
            if out.json() {
                out.print_json(&jwk)?;
            } else {
                out.line(serde_json::to_string_pretty(&jwk).unwrap_or_default())?;
            }
        }
        KeyFormat::Pem => {
            let pem = key.public().to_pem()?;
            if out.json() {
                out.print_json(&json!({"kid": key.public().key_id(), "pem": pem}))?;
            } else {
                out.line(pem.trim_end())?;
            }
        }
    }
    Ok(Exit::Ok)
}

pub fn thumbprint(args: KeyThumbprintArgs, out: &Out) -> Result<Exit> {
    let path = &args.file;
    let text = if path.as_os_str() == "-" {
        crate::txn::read_text_capped(std::io::stdin().lock(), crate::txn::MAX_INPUT)
            .map_err(|e| Error::operational(format!("reading the key from standard input: {e}")))?
    } else {
        crate::txn::open_regular(path)
            .and_then(|f| crate::txn::read_text_capped(f, crate::txn::MAX_INPUT))
            .map_err(|e| Error::io("reading", path, e))?
    };
    let (kid, describe) = ops::thumbprint(&text).map_err(|why| {
        Error::operational(format!(
            "{} does not hold a key jwtadm reads: {why}",
            path.display()
        ))
    })?;
    if out.json() {
        out.print_json(&json!({"kid": kid, "key": describe}))?;
    } else {
        out.line(&kid)?;
    }
    Ok(Exit::Ok)
}

pub fn jwks(args: KeyJwksArgs, out: &Out) -> Result<Exit> {
    let now = crate::ops::eval_time(args.at.as_deref())?;
    let (source, alg) = (&args.key.key, args.key.alg);
    match &args.out {
        Some(path) => {
            let written = ops::write_jwks(path, |existing| ops::jwks(source, alg, existing, now))?;
            for w in &written.warnings {
                out.warn(w);
            }
            let doc = written.doc;
            let n = doc["keys"].as_array().map_or(0, Vec::len);
            if out.json() {
                out.print_json(&json!({"out": path.display().to_string(), "jwks": doc}))?;
            } else {
                out.note(&format!(
                    "wrote {} to {}",
                    crate::output::plural(n, "key"),
                    path.display()
                ));
            }
        }
        None => {
            let doc = ops::jwks(source, alg, None, now)?;
            if out.json() {
                out.print_json(&doc)?;
            } else {
                out.line(serde_json::to_string_pretty(&doc).unwrap_or_default())?;
            }
        }
    }
    Ok(Exit::Ok)
}
