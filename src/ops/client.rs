//! `jwtadm client add|remove|revoke`: the roster's clients, edited in the roster's own text.
//!
//! The roster is edited with `toml_edit`, which keeps every comment, blank line, order and
//! quoting it does not touch; the new text is validated by the roster's strict parser (and its
//! places checked) before anything is written, and written through the transaction code:
//! locked, atomic, its mode, owner and symlink kept.
//!
//! `revoke` is one all-or-nothing run, as `secret rotate --roster` is: a new secret (or key),
//! every other client reissued and written, the revoked client's token emptied in its files,
//! the client marked `revoked = "<time>"`, and an audit line.

use std::path::{Path, PathBuf};

use serde_json::Value;
use toml_edit::{ArrayOfTables, DocumentMut, InlineTable, Item, Table};

use super::Progress;
use super::audit;
use super::issue_all::targets;
use super::rotate::{self, Also, KeyRotateOptions, RotateOptions, Rotated};
use crate::error::{Error, Result};
use crate::places;
use crate::roster::{Client, Roster};
use crate::secret::Encoding;
use crate::txn::plan::Plan;

/// A client to add, as the command line gives it.
#[derive(Debug, Clone, Default)]
pub struct NewClient {
    pub name: String,
    pub sub: String,
    /// Config files, each with the server its token is for (`PATH#SERVER`), if named.
    pub configs: Vec<(String, Option<String>)>,
    /// The dotenv file and key its token goes into (`PATH#KEY`).
    pub dotenv: Option<(String, String)>,
    /// Extra claims, each value as JSON (a string when the text is not JSON).
    pub claims: Vec<(String, Value)>,
}

/// A roster rewritten.
pub struct Edited {
    /// The roster as validated after the edit.
    pub roster: Roster,
    /// The files written (the roster, or nothing in a dry run).
    pub written: Vec<PathBuf>,
}

/// Split `PATH#PART` at its last `#` (a path holding `#` ends with one: `odd#name.json#`).
/// `PATH` alone has no part.
pub fn split_hash(text: &str) -> (String, Option<String>) {
    match text.rsplit_once('#') {
        Some((path, "")) => (path.to_string(), None),
        Some((path, part)) => (path.to_string(), Some(part.to_string())),
        None => (text.to_string(), None),
    }
}

/// The roster's text as a `toml_edit` document.
fn document(text: &str, path: &Path) -> Result<DocumentMut> {
    text.parse::<DocumentMut>().map_err(|e| {
        Error::operational(format!(
            "{}: not a valid TOML document: {}",
            path.display(),
            e.message()
        ))
    })
}

/// The roster's `[[clients]]` tables. A roster that writes its clients as an inline array
/// (`clients = [{ … }]`) is refused: these commands edit `[[clients]]` tables only.
fn clients_mut<'d>(doc: &'d mut DocumentMut, path: &Path) -> Result<&'d mut ArrayOfTables> {
    let inline = doc.get("clients").is_some_and(|c| c.is_array());
    match doc.get_mut("clients") {
        Some(item) if item.is_array_of_tables() => Ok(item
            .as_array_of_tables_mut()
            .expect("an array of tables")),
        _ if inline => Err(Error::operational(format!(
            "{}: the clients are written as an inline array (clients = [...]); jwtadm client edits [[clients]] tables only",
            path.display()
        ))
        .with_hint("write each client as a [[clients]] table (the README's \"The roster\" section has one)")),
        _ => Err(Error::operational(format!(
            "{}: the roster has no [[clients]]",
            path.display()
        ))),
    }
}

fn name_of(t: &Table) -> Option<&str> {
    t.get("name").and_then(Item::as_str)
}

/// The index of the `[[clients]]` table named `name`.
fn find(clients: &ArrayOfTables, name: &str) -> Option<usize> {
    clients.iter().position(|t| name_of(t) == Some(name))
}

/// The names of the roster's clients, for messages.
fn names(clients: &ArrayOfTables) -> String {
    let names: Vec<&str> = clients.iter().filter_map(name_of).collect();
    names.join(", ")
}

/// The error for a client `name` the roster does not have.
fn no_such(path: &Path, name: &str, clients: &ArrayOfTables) -> Error {
    Error::usage(format!(
        "no client named {name} in {} (clients: {})",
        path.display(),
        names(clients)
    ))
}

/// `value` as a TOML value: JSON's null has none.
pub(crate) fn toml_value(key: &str, value: &Value) -> Result<toml_edit::Value> {
    Ok(match value {
        Value::Null => {
            return Err(Error::usage(format!(
                "--claim {key}=null: TOML has no null; leave the claim out"
            )));
        }
        Value::Bool(b) => (*b).into(),
        // An integer beyond i64 would come back as a float (18446744073709552000.0): not the
        // claim given.
        Value::Number(n) => match (n.as_i64(), n.as_f64().filter(|_| n.is_f64())) {
            (Some(i), _) => i.into(),
            (None, Some(f)) => f.into(),
            (None, None) => {
                return Err(Error::usage(format!(
                    "--claim {key}={n}: too large for a TOML number"
                )));
            }
        },
        Value::String(s) => s.as_str().into(),
        Value::Array(items) => {
            let mut a = toml_edit::Array::new();
            for item in items {
                a.push(toml_value(key, item)?);
            }
            a.into()
        }
        Value::Object(map) => {
            let mut t = InlineTable::new();
            for (k, v) in map {
                t.insert(k, toml_value(key, v)?);
            }
            t.into()
        }
    })
}

/// The `[[clients]]` table of `new`.
fn client_table(new: &NewClient) -> Result<Table> {
    let mut t = Table::new();
    t.insert("name", toml_edit::value(new.name.as_str()));
    t.insert("sub", toml_edit::value(new.sub.as_str()));
    if !new.configs.is_empty() {
        let mut configs = toml_edit::Array::new();
        for (path, server) in &new.configs {
            match server {
                None => configs.push(path.as_str()),
                Some(server) => {
                    let mut entry = InlineTable::new();
                    entry.insert("path", path.as_str().into());
                    entry.insert("server", server.as_str().into());
                    configs.push(entry);
                }
            }
        }
        t.insert("configs", toml_edit::value(configs));
    }
    if let Some((path, key)) = &new.dotenv {
        let mut entry = InlineTable::new();
        entry.insert("path", path.as_str().into());
        entry.insert("key", key.as_str().into());
        t.insert("dotenv", toml_edit::value(entry));
    }
    if !new.claims.is_empty() {
        let mut claims = Table::new();
        for (k, v) in &new.claims {
            claims.insert(k, toml_edit::value(toml_value(k, v)?));
        }
        t.insert("claims", Item::Table(claims));
    }
    Ok(t)
}

/// `text` with client `new` added after the last one; a duplicate name or sub is refused.
pub fn add_text(text: &str, path: &Path, new: &NewClient) -> Result<String> {
    let mut doc = document(text, path)?;
    let clients = clients_mut(&mut doc, path)?;
    for (what, value) in [("name", &new.name), ("sub", &new.sub)] {
        if let Some(other) = clients
            .iter()
            .find(|t| t.get(what).and_then(Item::as_str) == Some(value.as_str()))
        {
            let whose = name_of(other).unwrap_or("?");
            let revoked = if other.contains_key("revoked") {
                " (revoked, kept for the record)"
            } else {
                ""
            };
            return Err(Error::usage(format!(
                "client {whose}{revoked} in {} has the {what} {value:?} already; each client's name and sub are its own; nothing was changed",
                path.display()
            )));
        }
    }
    clients.push(client_table(new)?);
    Ok(doc.to_string())
}

/// `text` without client `name`. Its last client cannot be removed: a roster needs one.
pub fn remove_text(text: &str, path: &Path, name: &str) -> Result<String> {
    let mut doc = document(text, path)?;
    let clients = clients_mut(&mut doc, path)?;
    let Some(i) = find(clients, name) else {
        return Err(no_such(path, name, clients));
    };
    if clients.len() == 1 {
        return Err(Error::usage(format!(
            "{name} is the last client of {}, and a roster needs one; nothing was changed",
            path.display()
        ))
        .with_hint("add the client that replaces it first (jwtadm client add), or revoke it (jwtadm client revoke), which keeps it for the record"));
    }
    clients.remove(i);
    Ok(doc.to_string())
}

/// `text` with client `name` marked `revoked = "<at>"` (RFC 3339).
pub fn revoke_text(text: &str, path: &Path, name: &str, at: i64) -> Result<String> {
    let mut doc = document(text, path)?;
    let clients = clients_mut(&mut doc, path)?;
    let Some(i) = find(clients, name) else {
        return Err(no_such(path, name, clients));
    };
    let t = clients.get_mut(i).expect("found");
    t.insert("revoked", toml_edit::value(crate::time::rfc3339(at)));
    Ok(doc.to_string())
}

/// The roster `text` would be, validated: its strict parser, and every place its own.
fn validate(text: &str, path: &Path, doing: &str) -> Result<Roster> {
    let check = || -> Result<Roster> {
        let roster = Roster::parse(text, path)?;
        places::check(
            &roster,
            places::Writes {
                tokens: true,
                ..places::Writes::default()
            },
        )?;
        Ok(roster)
    };
    check().map_err(|e| {
        e.context(format!("{doing}, the roster would not be valid"))
            .also("nothing was changed")
    })
}

/// Rewrite the roster at `path` with `edit` of its text (locked while it is read, edited,
/// validated and written; written atomically, its mode kept), unless `dry_run`.
pub fn edit_roster(
    path: &Path,
    doing: &str,
    dry_run: bool,
    edit: impl FnOnce(&str) -> Result<String>,
) -> Result<Edited> {
    let mut plan = Plan::open(&[path]).map_err(|e| {
        if path.exists() {
            e
        } else {
            e.with_hint("name the roster with --roster FILE (default clients.toml in this folder)")
        }
    })?;
    let text = plan.content(path).to_string();
    // The roster as it is must be valid first: an edit never hides an error already there.
    Roster::parse(&text, path)?;
    let new = edit(&text)?;
    let roster = validate(&new, path, doing)?;
    plan.replace(path, new);
    let written = if dry_run {
        plan.check(false)?;
        Vec::new()
    } else {
        plan.commit(false)?
    };
    Ok(Edited { roster, written })
}

/// What `client revoke` is asked to do.
pub struct RevokeOptions {
    /// Seconds the old secret or key stays accepted (0: not at all).
    pub grace: i64,
    pub dry_run: bool,
    pub backup: bool,
}

/// A revocation done (or, in a dry run, planned).
pub struct Revoked<'r> {
    /// The client as it was before.
    pub client: Client,
    /// When it was marked revoked.
    pub at: i64,
    /// The rotation that went with it: the new secret or key, the others reissued.
    pub rotated: Rotated<'r>,
    /// The revoked client's files its token was emptied in (as the roster names them).
    pub emptied: Vec<String>,
    /// Its files that do not exist: no token to empty there.
    pub missing: Vec<String>,
}

/// The roster `path` as read, and as it will be with client `name` marked revoked at `at`.
pub struct RevokePlan {
    pub text: String,
    pub before: Roster,
    pub new_text: String,
    pub after: Roster,
    pub client: Client,
}

/// Read the roster and prepare the revocation of `name` at `at`: refused for a client the
/// roster does not have or has revoked already.
pub fn prepare_revoke(path: &Path, name: &str, at: i64) -> Result<RevokePlan> {
    let text =
        crate::txn::read_regular_string(path).map_err(|e| Error::io("reading roster", path, e))?;
    let before = Roster::parse(&text, path)?;
    if let Some(c) = before.revoked_named(name) {
        return Err(Error::usage(format!(
            "client {name} was revoked already, at {} ({}); nothing was changed",
            crate::time::rfc3339(c.revoked.unwrap_or_default()),
            path.display()
        )));
    }
    let Some(client) = before.clients.iter().find(|c| c.name == name).cloned() else {
        let all: Vec<&str> = before.clients.iter().map(|c| c.name.as_str()).collect();
        return Err(Error::usage(format!(
            "no client named {name} in {} (clients: {}); nothing was changed",
            path.display(),
            all.join(", ")
        )));
    };
    let new_text = revoke_text(&text, path, name, at)?;
    let after = Roster::parse(&new_text, path).map_err(|e| {
        e.context(format!("revoking {name}, the roster would not be valid"))
            .also("nothing was changed")
    })?;
    Ok(RevokePlan {
        text,
        before,
        new_text,
        after,
        client,
    })
}

/// Revoke the client of the roster `prepared`: a new secret or key (the
/// old one kept for `options.grace`), every other client reissued and written, the revoked
/// client's token emptied in its files and the client marked revoked in the roster, all in
/// one transaction; then the audit log.
pub fn revoke<'r>(
    prepared: &'r RevokePlan,
    options: &RevokeOptions,
    at: i64,
    progress: &dyn Progress,
) -> Result<Revoked<'r>> {
    let RevokePlan {
        text,
        before,
        new_text,
        after,
        client,
    } = prepared;
    let path = before.path.as_path();
    // Every place of the roster as it is, the revoked client's included, is its own: its
    // token is emptied in the same run that writes the others' and the secret.
    places::check(
        before,
        places::Writes {
            tokens: true,
            secret: Some(before.signing_source()),
            jwks: None,
        },
    )
    .map_err(|e| e.also("nothing was written"))?;
    // A file of the revoked client that is not there holds no token to empty.
    let (present, absent): (Vec<_>, Vec<_>) = targets(client)
        .into_iter()
        .partition(|(p, _, _, _)| std::fs::symlink_metadata(p).is_ok());
    let mut paths: Vec<&Path> = vec![path];
    paths.extend(present.iter().map(|(p, _, _, _)| *p));
    let edit = |plan: &mut Plan| -> Result<()> {
        // The roster is read again under its lock: it must be what this run was planned from.
        if plan.content(path) != text.as_str() {
            return Err(Error::operational(format!(
                "{} changed while the revocation was prepared; nothing was changed",
                path.display()
            ))
            .with_hint("run jwtadm client revoke again"));
        }
        plan.replace(path, new_text.clone());
        for (p, _, edit, origin) in &present {
            plan.clear(p, edit, Some(&client.name))
                .map_err(|e| origin.note(e))?;
        }
        Ok(())
    };
    let emptied: Vec<String> = present.iter().map(|(_, s, _, _)| s.to_string()).collect();
    let shown: Vec<&str> = emptied.iter().map(String::as_str).collect();
    let audit_lines =
        |signing: &super::signing::Signing| vec![audit::revoked_line(client, at, signing, &shown)];
    let also = Also {
        paths,
        edit: &edit,
        audit: &audit_lines,
        dry_run: options.dry_run,
    };
    let rotated = match &before.key {
        Some(_) => rotate::run_key_with(
            Some(after),
            &KeyRotateOptions {
                key: None,
                keyring_store: None,
                alg: None,
                bits: None,
                grace: options.grace,
                jwks_out: None,
                backup: options.backup,
            },
            Some(&also),
            progress,
        )?,
        None => rotate::run_with(
            Some(after),
            &RotateOptions {
                secret: None,
                keyring_store: None,
                secret_encoding: None,
                alg: None,
                format: text_form(before),
                grace: options.grace,
                backup: options.backup,
            },
            Some(&also),
            progress,
        )?,
    };
    Ok(Revoked {
        client: client.clone(),
        at,
        rotated,
        emptied,
        missing: absent.iter().map(|(_, s, _, _)| s.to_string()).collect(),
    })
}

/// How the new secret's bytes are written: hex, as `secret rotate`'s default, unless the
/// roster reads its secret as base64 or base64url.
fn text_form(roster: &Roster) -> Encoding {
    match roster.encoding {
        Encoding::Base64 | Encoding::Base64Url => roster.encoding,
        _ => Encoding::Hex,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROSTER: &str = "# The clients of the EX-AI server.\n\
        audit_log = \"audit.jsonl\"   # kept\n\
        \n\
        [secret]\n\
        source = 'dotenv:.env#K'\n\
        \n\
        # The first one.\n\
        [[clients]]\n\
        name = \"a\"      # aligned\n\
        sub  = \"a@x\"\n\
        configs = [ \"a.json\",\n\
        \x20 { path = \"b.json\", server = \"exai\" } ]\n\
        \n\
        [clients.claims]\n\
        role = \"user\"\n\
        \n\
        # The second one.\n\
        [[clients]]\n\
        name = \"b\"\n\
        sub = \"b@x\"\n\
        \n\
        # trailing comment\n";

    fn p() -> &'static Path {
        Path::new("clients.toml")
    }

    #[test]
    fn add_then_remove_gives_the_roster_back() {
        let new = NewClient {
            name: "c\"q\nz".into(),
            sub: "c@x".into(),
            configs: vec![("c.json".into(), Some("exai".into()))],
            dotenv: Some((".env".into(), "C".into())),
            claims: vec![("role".into(), Value::from("ci"))],
        };
        let added = add_text(ROSTER, p(), &new).unwrap();
        assert!(added.starts_with(ROSTER.trim_end_matches("\n# trailing comment\n")));
        let r = Roster::parse(&added, p()).unwrap();
        assert_eq!(r.clients[2].name, "c\"q\nz");
        assert_eq!(r.clients[2].claims["role"], "ci");
        assert_eq!(remove_text(&added, p(), "c\"q\nz").unwrap(), ROSTER);
    }

    #[test]
    fn revoke_marks_the_client_and_nothing_else() {
        let text = revoke_text(ROSTER, p(), "a", 1_762_125_073).unwrap();
        assert_eq!(
            text,
            ROSTER.replace(
                "server = \"exai\" } ]\n",
                "server = \"exai\" } ]\nrevoked = \"2025-11-02T23:11:13Z\"\n"
            )
        );
        let r = Roster::parse(&text, p()).unwrap();
        assert_eq!(r.clients.len(), 1);
        assert_eq!(r.revoked[0].name, "a");
    }

    #[test]
    fn duplicates_and_strangers_are_refused() {
        let dup = NewClient {
            name: "a".into(),
            sub: "new@x".into(),
            ..NewClient::default()
        };
        let e = add_text(ROSTER, p(), &dup).unwrap_err();
        assert!(e.to_string().contains("name \"a\""), "{e}");
        let dup = NewClient {
            name: "new".into(),
            sub: "b@x".into(),
            ..NewClient::default()
        };
        assert!(
            add_text(ROSTER, p(), &dup)
                .unwrap_err()
                .to_string()
                .contains("sub \"b@x\"")
        );
        let e = remove_text(ROSTER, p(), "zz").unwrap_err();
        assert!(e.to_string().contains("clients: a, b"), "{e}");
        let one = "[[clients]]\nname = \"a\"\nsub = \"a\"\n";
        assert!(
            remove_text(one, p(), "a")
                .unwrap_err()
                .to_string()
                .contains("last client")
        );
        let inline = "clients = [{ name = \"a\", sub = \"a\" }]\n";
        assert!(
            remove_text(inline, p(), "a")
                .unwrap_err()
                .to_string()
                .contains("inline array")
        );
    }

    #[test]
    fn a_hash_splits_path_and_server() {
        assert_eq!(
            split_hash("a.json#exai"),
            ("a.json".into(), Some("exai".into()))
        );
        assert_eq!(split_hash("a.json"), ("a.json".into(), None));
        assert_eq!(split_hash("odd#name.json#"), ("odd#name.json".into(), None));
    }
}
