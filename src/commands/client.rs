//! `jwtadm client list|add|remove|revoke`: the roster's clients.

use serde_json::json;

use super::config::print_preview;
use super::rotate::{print_rotated_text, rotated_json};
use crate::cli::{ClientAddArgs, ClientListArgs, ClientRemoveArgs, ClientRevokeArgs};
use crate::error::{Error, Exit, Result};
use crate::ops::client::{self, NewClient, RevokeOptions, split_hash};
use crate::ops::issue_all::targets;
use crate::output::{Cell, Out, Tone, plural, shell_quote};
use crate::roster::{Client, Roster};
use crate::time::rfc3339;

/// A lifetime as a roster writes it: `90d`, `12h`, `30m`, `45s`.
fn files(c: &Client) -> Vec<&str> {
    targets(c)
        .into_iter()
        .map(|(_, shown, _, _)| shown)
        .collect()
}

pub fn list(args: ClientListArgs, out: &Out) -> Result<Exit> {
    let roster = Roster::load(&args.roster)?;
    let all = roster.clients.iter().chain(&roster.revoked);
    if out.json() {
        let clients: Vec<_> = all
            .map(|c| {
                json!({
                    "name": c.name,
                    "sub": c.sub,
                    "files": files(c),
                    "expires": crate::claims::format_duration(c.expires),
                    "expires_seconds": c.expires,
                    "revoked": c.revoked.map(rfc3339),
                })
            })
            .collect();
        out.print_json(&json!({
            "roster": roster.path.display().to_string(),
            "clients": clients,
        }))?;
        return Ok(Exit::Ok);
    }
    let rows = all.map(|c| {
        let state = match c.revoked {
            Some(at) => Cell::toned(format!("revoked {}", rfc3339(at)), Tone::Dim),
            None => Cell::toned("active", Tone::Good).atom(),
        };
        [
            Cell::from(&c.name).address(),
            Cell::from(&c.sub).address(),
            Cell::lines(files(c).join("\n")).path(),
            Cell::from(crate::claims::format_duration(c.expires)).atom(),
            state,
        ]
    });
    let mut text = out.table(&["client", "sub", "files", "expires", "state"], rows);
    text.push(format!(
        "{} in {}: {} active, {} revoked\n",
        plural(roster.clients.len() + roster.revoked.len(), "client"),
        roster.path.display(),
        roster.clients.len(),
        roster.revoked.len()
    ));
    out.print(text)?;
    Ok(Exit::Ok)
}

pub fn add(args: ClientAddArgs, out: &Out) -> Result<Exit> {
    let dotenv = match &args.dotenv {
        Some(d) => match split_hash(d) {
            (path, Some(key)) if !path.is_empty() => Some((path, key)),
            _ => {
                return Err(Error::usage(format!(
                    "--dotenv {d}: give the file and the key, as PATH#KEY (e.g. .env#EXAI_JWT_TOKEN_CI)"
                )));
            }
        },
        None => None,
    };
    let configs = args.config.iter().map(|c| split_hash(c)).collect();
    let claims = args
        .claim
        .iter()
        .map(|c| {
            crate::claims::parse_claim_arg(c).map_err(|e| Error::usage(format!("--claim: {e}")))
        })
        .collect::<Result<Vec<_>>>()?;
    let new = NewClient {
        name: args.name.clone(),
        sub: args.sub.clone(),
        configs,
        dotenv,
        claims,
    };
    let path = &args.roster;
    let edited = client::edit_roster(path, &format!("adding {}", args.name), false, |text| {
        client::add_text(text, path, &new)
    })?;
    let added = edited
        .roster
        .clients
        .iter()
        .find(|c| c.name == args.name)
        .ok_or_else(|| Error::operational("internal: the added client is not in the roster"))?;
    if out.json() {
        out.print_json(&json!({
            "roster": path.display().to_string(),
            "added": {"name": added.name, "sub": added.sub, "files": files(added)},
            "written": edited.written.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
        }))?;
    } else {
        out.line(format!(
            "added client {} ({}) to {}",
            added.name,
            added.sub,
            path.display()
        ))?;
        out.note(&format!(
            "next: jwtadm token issue-all {} --only {} --patch",
            shell_quote(&path.display().to_string()),
            shell_quote(&added.name)
        ));
    }
    Ok(Exit::Ok)
}

pub fn remove(args: ClientRemoveArgs, out: &Out) -> Result<Exit> {
    let path = &args.roster;
    let before = Roster::load(path)?;
    let was = before
        .clients
        .iter()
        .chain(&before.revoked)
        .find(|c| c.name == args.name)
        .cloned();
    let edited = client::edit_roster(path, &format!("removing {}", args.name), false, |text| {
        client::remove_text(text, path, &args.name)
    })?;
    let written: Vec<String> = edited
        .written
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    if out.json() {
        out.print_json(&json!({
            "roster": path.display().to_string(),
            "removed": was.as_ref().map(|c| json!({"name": c.name, "sub": c.sub, "revoked": c.revoked.map(rfc3339)})),
            "written": written,
        }))?;
        return Ok(Exit::Ok);
    }
    out.line(format!(
        "removed client {} from {}",
        args.name,
        path.display()
    ))?;
    if was.as_ref().is_some_and(|c| c.revoked.is_none()) {
        out.warn(&format!(
            "the token {} holds stays in its files and stays valid until it expires: to cut it off, revoke a client instead (jwtadm client revoke)",
            args.name
        ));
    }
    Ok(Exit::Ok)
}

pub fn revoke(args: ClientRevokeArgs, out: &Out) -> Result<Exit> {
    let at = crate::time::now()?;
    let prepared = client::prepare_revoke(&args.roster, &args.name, at)?;
    let options = RevokeOptions {
        grace: args.grace,
        dry_run: args.dry_run,
        backup: args.backup,
    };
    let revoked = client::revoke(&prepared, &options, at, out)?;
    for m in &revoked.missing {
        out.warn(&format!(
            "{m} (client {}) does not exist: no token to empty there",
            revoked.client.name
        ));
    }
    let r = &revoked.rotated;
    if let Some(preview) = &r.preview {
        if !out.json() {
            out.note(&format!(
                "dry run: {} would be marked revoked = \"{}\" in {}, and the {} rotated",
                revoked.client.name,
                rfc3339(revoked.at),
                args.roster.display(),
                r.new.key().noun()
            ));
        }
        return print_preview(preview, out);
    }
    if out.json() {
        out.print_json(&json!({
            "revoked": {
                "name": revoked.client.name,
                "sub": revoked.client.sub,
                "at": rfc3339(revoked.at),
            },
            "emptied": revoked.emptied,
            "missing": revoked.missing,
            "rotation": rotated_json(r),
        }))?;
    } else {
        let mut head = vec![format!(
            "revoked client {} ({}) at {}",
            revoked.client.name,
            revoked.client.sub,
            rfc3339(revoked.at)
        )];
        if !revoked.emptied.is_empty() {
            head.push(format!(
                "  its token emptied in {}",
                revoked.emptied.join(", ")
            ));
        }
        print_rotated_text(r, true, out, head)?;
        if r.until > r.now {
            out.warn(&format!(
                "{}'s token stays accepted until {} (--grace), with the previous {}",
                revoked.client.name,
                rfc3339(r.until),
                r.new.key().noun()
            ));
        }
        out.note("restart the server so it reads the new secret or key");
    }
    Ok(Exit::Ok)
}
