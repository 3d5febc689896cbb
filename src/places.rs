//! Where a roster's run reads and writes, as data: every place a client's token goes, the
//! secret (or key) and the places a rotation keeps the previous one, the JWK Set that publishes
//! a key, the audit log and the roster itself. Two of them that are one place, at least one written by the run, are a conflict:
//! one write would destroy the other (a token over the secret, one client's token over
//! another's), and the run is refused before anything is written.
//!
//! A place is a file, named by what it finally is (symlinks, `..` and relative paths resolved;
//! a hard link is the file it links), and a spot inside it: a dotenv key, a config entry (a
//! server's variable or header; an entry without a server is every server's), or the whole
//! file (a `file:` secret, the audit log, the roster).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::roster::Roster;
use crate::store::SecretSource;

/// A file, by what it is rather than by how it is named.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FileId {
    /// An existing file: its device and inode, so every name of it (hard links too) is one.
    Inode(u64, u64),
    /// A file not there yet: its folder's canonical path and its name.
    Path(PathBuf),
}

/// Where in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spot {
    /// The whole file.
    Whole,
    /// A `KEY=value` line.
    Key(String),
    /// A config entry: `var` (or `header`, when set) of `server`, or of every server when
    /// there is none.
    Entry {
        server: Option<String>,
        var: String,
        header: Option<String>,
    },
}

/// Who a place belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    Client(String),
    /// The signing secret, by its source as the user wrote it (`dotenv:.env#JWT_SECRET_KEY`).
    Secret(String),
    /// The signing key pair's private key, by its source (`file:keys/signing.pem`).
    Key(String),
    /// The JWK Set that publishes the key.
    Jwks,
    AuditLog,
    Roster,
}

/// One place a run reads or writes.
#[derive(Debug, Clone)]
pub struct Claim {
    pub owner: Owner,
    pub file: FileId,
    /// The path as the roster (or the secret source) names it.
    pub shown: String,
    /// The file it finally is, for messages.
    pub real: PathBuf,
    pub spot: Spot,
    /// Whether the run writes it (only reads it otherwise).
    pub writes: bool,
}

/// What a run writes, besides the audit log (always appended to when the roster has one) and
/// the roster's JWK Set (written whenever it falls behind the key).
#[derive(Debug, Clone, Copy, Default)]
pub struct Writes<'a> {
    /// The clients' tokens into their places.
    pub tokens: bool,
    /// The secret (or, for a roster with a `[key]`, the key) at this source, and its previous
    /// places (a rotation).
    pub secret: Option<&'a SecretSource>,
    /// A JWK Set written besides the roster's own (`key rotate --jwks-out`).
    pub jwks: Option<&'a Path>,
}

/// The file `path` finally names, and its path for messages.
pub fn identify(path: &Path) -> (FileId, PathBuf) {
    if let Ok(meta) = std::fs::metadata(path) {
        let real = std::fs::canonicalize(path).unwrap_or_else(|_| absolute(path));
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            return (FileId::Inode(meta.dev(), meta.ino()), real);
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            return (FileId::Path(real.clone()), real);
        }
    }
    // Not there (or a dangling link): follow links to the name that would be created, then
    // take its folder's canonical path.
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::read_link(&p) {
            Ok(to) if to.is_absolute() => p = to,
            Ok(to) => p = p.parent().unwrap_or(Path::new("")).join(to),
            Err(_) => break,
        }
    }
    let real = match (p.parent(), p.file_name()) {
        (Some(dir), Some(name)) => {
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            std::fs::canonicalize(dir)
                .map(|d| d.join(name))
                .unwrap_or_else(|_| absolute(&p))
        }
        _ => absolute(&p),
    };
    (FileId::Path(real.clone()), real)
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

fn claim(owner: Owner, path: &Path, shown: String, spot: Spot, writes: bool) -> Claim {
    let (file, real) = identify(path);
    Claim {
        owner,
        file,
        shown,
        real,
        spot,
        writes,
    }
}

/// The places of a secret: where it is and where a rotation keeps the previous one. Sources
/// outside files (the environment, standard input, the keyring) have none.
pub fn secret_claims(source: &SecretSource, writes: bool) -> Vec<Claim> {
    signer_claims(Owner::Secret(source.to_string()), source, writes)
}

/// The places of what signs, `owner`, at `source`: where it is and where a rotation keeps the
/// previous one.
fn signer_claims(owner: Owner, source: &SecretSource, writes: bool) -> Vec<Claim> {
    let mut all = vec![source.clone()];
    if let Some((prev, until)) = source.previous_places() {
        all.extend([prev, until]);
    }
    all.iter()
        .filter_map(|s| {
            let (path, key) = s.file()?;
            let spot = key.map_or(Spot::Whole, |k| Spot::Key(k.to_string()));
            Some(claim(
                owner.clone(),
                path,
                path.display().to_string(),
                spot,
                writes,
            ))
        })
        .collect()
}

/// The whole file of the JWK Set at `path`, which a run may rewrite.
fn jwks_claim(path: &Path) -> Claim {
    claim(
        Owner::Jwks,
        path,
        path.display().to_string(),
        Spot::Whole,
        true,
    )
}

/// Every place a run over `roster` reads or writes: each client's (all of them, whatever
/// `--only` selects: a roster that gives two clients one place is wrong as a whole), the
/// roster's secret or key, the one being rotated, the JWK Sets, the audit log and the roster
/// itself.
pub fn claims(roster: &Roster, writes: Writes) -> Vec<Claim> {
    let mut out = Vec::new();
    for c in &roster.clients {
        let owner = || Owner::Client(c.name.clone());
        for cfg in &c.configs {
            out.push(claim(
                owner(),
                &cfg.path,
                cfg.shown.clone(),
                Spot::Entry {
                    server: cfg.target.server.clone(),
                    var: cfg.target.var.clone(),
                    header: cfg.target.header.clone(),
                },
                writes.tokens,
            ));
        }
        if let Some(d) = &c.dotenv {
            out.push(claim(
                owner(),
                &d.path,
                d.shown.clone(),
                Spot::Key(d.key.clone()),
                writes.tokens,
            ));
        }
    }
    // What signs is a secret or, for a roster with a [key], a key; the one rotated is of
    // the same kind.
    let own = roster.signing_source();
    let owner: fn(String) -> Owner = match &roster.key {
        Some(_) => Owner::Key,
        None => Owner::Secret,
    };
    if let Some(rotated) = writes.secret {
        out.extend(signer_claims(owner(rotated.to_string()), rotated, true));
    }
    if writes.secret != Some(own) {
        out.extend(signer_claims(owner(own.to_string()), own, false));
    }
    let roster_jwks = roster.key.as_ref().and_then(|k| k.jwks.as_deref());
    let other_jwks = writes
        .jwks
        .filter(|w| roster_jwks.is_none_or(|r| identify(r).0 != identify(w).0));
    out.extend(roster_jwks.into_iter().chain(other_jwks).map(jwks_claim));
    if let Some(log) = &roster.audit_log {
        out.push(claim(
            Owner::AuditLog,
            log,
            log.display().to_string(),
            Spot::Whole,
            true,
        ));
    }
    out.push(claim(
        Owner::Roster,
        &roster.path,
        roster.path.display().to_string(),
        Spot::Whole,
        false,
    ));
    out
}

/// Whether two spots of one file overlap.
///
/// A dotenv key and a config entry are compared by name: in a dotenv file a config entry is
/// the line of its variable; in a JSON or TOML file a dotenv destination cannot be written at
/// all, and the run would fail on it anyway.
pub fn overlap(a: &Spot, b: &Spot) -> bool {
    match (a, b) {
        (Spot::Whole, _) | (_, Spot::Whole) => true,
        (Spot::Key(x), Spot::Key(y)) => x == y,
        (Spot::Key(k), Spot::Entry { var, header, .. })
        | (Spot::Entry { var, header, .. }, Spot::Key(k)) => header.is_none() && var == k,
        (
            Spot::Entry {
                server: s1,
                var: v1,
                header: h1,
            },
            Spot::Entry {
                server: s2,
                var: v2,
                header: h2,
            },
        ) => {
            let same_what = match (h1, h2) {
                (Some(x), Some(y)) => x == y,
                (None, None) => v1 == v2,
                _ => false,
            };
            let same_server = match (s1, s2) {
                (Some(x), Some(y)) => x == y,
                _ => true,
            };
            same_what && same_server
        }
    }
}

/// Two claims on one place, by index into the claims.
pub type Conflict = (usize, usize);

/// At most this many conflicts are looked for and reported.
const REPORTED: usize = 5;

/// Pairs of claims of different owners on one place, at least one of them written. Found per
/// file and per name inside it, so a roster of thousands of clients is not compared pair by
/// pair. In the order of the claims; at most `REPORTED`.
pub fn conflicts(claims: &[Claim]) -> Vec<Conflict> {
    let mut found: Vec<Conflict> = Vec::new();
    let consider = |found: &mut Vec<Conflict>, i: usize, j: usize| {
        let (a, b) = (&claims[i], &claims[j]);
        if found.len() < REPORTED
            && a.owner != b.owner
            && (a.writes || b.writes)
            && overlap(&a.spot, &b.spot)
            && !found.contains(&(i.min(j), i.max(j)))
        {
            found.push((i.min(j), i.max(j)));
        }
    };
    // Files in the order first claimed, so the report does not depend on hashing.
    let mut file_index: HashMap<&FileId, usize> = HashMap::new();
    let mut files: Vec<Vec<usize>> = Vec::new();
    for (i, c) in claims.iter().enumerate() {
        let n = *file_index.entry(&c.file).or_insert_with(|| {
            files.push(Vec::new());
            files.len() - 1
        });
        files[n].push(i);
    }
    for members in &files {
        // The whole file against everything else in it.
        for &w in members.iter().filter(|&&i| claims[i].spot == Spot::Whole) {
            for &o in members.iter().filter(|&&o| o != w) {
                consider(&mut found, w, o);
            }
        }
        // The rest by name: a dotenv key and a config entry's variable share names; headers
        // have their own.
        let mut name_index: HashMap<(bool, &str), usize> = HashMap::new();
        let mut names: Vec<Vec<usize>> = Vec::new();
        for &i in members {
            let name = match &claims[i].spot {
                Spot::Whole => continue,
                Spot::Key(k) => (false, k.as_str()),
                Spot::Entry {
                    header: Some(h), ..
                } => (true, h.as_str()),
                Spot::Entry { var, .. } => (false, var.as_str()),
            };
            let n = *name_index.entry(name).or_insert_with(|| {
                names.push(Vec::new());
                names.len() - 1
            });
            names[n].push(i);
        }
        for same_name in &names {
            if found.len() >= REPORTED {
                break;
            }
            // Spots of every server (dotenv keys, entries without a server) meet all the
            // others; entries naming a server meet only those naming the same one.
            let (every, named): (Vec<usize>, Vec<usize>) =
                same_name.iter().partition(|&&i| match &claims[i].spot {
                    Spot::Entry { server, .. } => server.is_none(),
                    _ => true,
                });
            for (n, &a) in every.iter().enumerate() {
                for &b in every[n + 1..].iter().chain(&named) {
                    consider(&mut found, a, b);
                }
            }
            let mut by_server: HashMap<&str, Vec<usize>> = HashMap::new();
            for &i in &named {
                if let Spot::Entry {
                    server: Some(s), ..
                } = &claims[i].spot
                {
                    by_server.entry(s.as_str()).or_default().push(i);
                }
            }
            for group in by_server.values() {
                for (n, &a) in group.iter().enumerate() {
                    for &b in &group[n + 1..] {
                        consider(&mut found, a, b);
                    }
                }
            }
        }
        if found.len() >= REPORTED {
            break;
        }
    }
    found.sort_unstable();
    found.truncate(REPORTED);
    found
}

fn where_in(c: &Claim) -> String {
    let spot = match &c.spot {
        Spot::Whole => return c.shown.clone(),
        Spot::Key(k) => k.clone(),
        Spot::Entry {
            server,
            var,
            header,
        } => {
            let what = match header {
                Some(h) => format!("header {h}"),
                None => var.clone(),
            };
            // A dotenv file (by its name) has no servers: its entry is its variable's line.
            let dotenv = crate::formats::Format::detect(Path::new(&c.shown), "{")
                == crate::formats::Format::Dotenv;
            match server {
                Some(s) => format!("{what} of server {s}"),
                None if dotenv => what,
                None => format!("{what} of every server"),
            }
        }
    };
    format!("{spot} in {}", c.shown)
}

fn describe(c: &Claim) -> String {
    match &c.owner {
        Owner::Client(name) => format!("client \"{name}\" ({})", where_in(c)),
        Owner::Secret(_) => format!("the secret ({})", where_in(c)),
        Owner::Key(_) => format!("the signing key ({})", where_in(c)),
        Owner::Jwks => format!("the JWKS ({})", where_in(c)),
        Owner::AuditLog => format!("the audit log ({})", where_in(c)),
        Owner::Roster => format!("the roster ({})", where_in(c)),
    }
}

fn consequence(a: &Claim, b: &Claim) -> &'static str {
    use Owner::*;
    match (&a.owner, &b.owner) {
        (Client(_), Client(_)) => "one client's token would overwrite the other's",
        (Client(_), Secret(_)) | (Secret(_), Client(_)) => {
            "a token would be written over the signing secret"
        }
        (Client(_), Key(_)) | (Key(_), Client(_)) => {
            "a token would be written over the signing key"
        }
        (Jwks, Secret(_) | Key(_)) | (Secret(_) | Key(_), Jwks) => {
            "the public JWKS would be written over the signing key"
        }
        (Client(_), Jwks) | (Jwks, Client(_)) => "the JWKS and a token would overwrite each other",
        (AuditLog, Secret(_)) | (Secret(_), AuditLog) => {
            "audit lines would be appended to the secret's file"
        }
        (AuditLog, Key(_)) | (Key(_), AuditLog) => {
            "audit lines would be appended to the signing key's file"
        }
        (Roster, _) | (_, Roster) => "the roster would be overwritten",
        (AuditLog, Jwks) | (Jwks, AuditLog) => "audit lines would be appended to the JWKS",
        (AuditLog, _) | (_, AuditLog) => "audit lines would be appended to a token's file",
        (Secret(_) | Key(_), Secret(_) | Key(_)) => "rotating one would overwrite the other",
        (Jwks, Jwks) => "two JWK Sets would overwrite each other",
    }
}

/// Refuse a run over `roster` that would write one place twice, naming both owners and the
/// place.
pub fn check(roster: &Roster, writes: Writes) -> Result<()> {
    refuse_conflicts(&roster.path.display().to_string(), &claims(roster, writes))
}

/// Refuse a rotation of the key at `source` with no roster, whose JWK Set `jwks` would be
/// written over the key or the places its previous one is kept.
pub fn check_key_rotation(source: &SecretSource, jwks: Option<&Path>) -> Result<()> {
    let mut claims = signer_claims(Owner::Key(source.to_string()), source, true);
    claims.extend(jwks.map(jwks_claim));
    refuse_conflicts(&source.to_string(), &claims)
}

/// Refuse `claims` when two of them are one place, naming both owners and the place; `run`
/// names the run in the message (the roster's path).
fn refuse_conflicts(run: &str, claims: &[Claim]) -> Result<()> {
    let found = conflicts(claims);
    let Some(&(first_a, first_b)) = found.first() else {
        return Ok(());
    };
    let line = |(a, b): Conflict| {
        let (a, b) = (&claims[a], &claims[b]);
        format!(
            "{} and {} are the same place ({}): {}",
            describe(a),
            describe(b),
            a.real.display(),
            consequence(a, b)
        )
    };
    let message = if found.len() == 1 {
        format!("{run}: {}", line((first_a, first_b)))
    } else {
        let more = if found.len() >= REPORTED {
            "at least "
        } else {
            ""
        };
        // One line: an error is printed as one, its control characters (a line break among
        // them) escaped, whatever built it.
        let each: Vec<String> = found.iter().map(|&c| line(c)).collect();
        format!(
            "{run}: {more}{} places are named twice: {}",
            found.len(),
            each.join("; ")
        )
    };
    let owners = |pick: fn(&Owner) -> bool| {
        found
            .iter()
            .any(|&(a, b)| pick(&claims[a].owner) || pick(&claims[b].owner))
    };
    let mut hints = Vec::new();
    if owners(|o| matches!(o, Owner::Client(_))) {
        hints
            .push("give each client its own file, server, var, header or dotenv key in the roster");
    }
    if owners(|o| matches!(o, Owner::Secret(_))) {
        hints.push("no token may go where the secret is kept: its dotenv key and that key's _PREVIOUS and _PREVIOUS_UNTIL, or a file: secret's file and its .previous and .previous-until files");
    }
    if owners(|o| matches!(o, Owner::Key(_) | Owner::Jwks)) {
        hints.push("the signing key's file, its .previous and .previous-until files and the JWKS are each a file of their own, and no token may go into one");
    }
    if owners(|o| matches!(o, Owner::AuditLog | Owner::Roster)) {
        hints.push("the audit log and the roster each need a file of their own");
    }
    let hint = hints.join("; ");
    Err(Error::operational(message).with_hint(hint))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(server: Option<&str>, var: &str, header: Option<&str>) -> Spot {
        Spot::Entry {
            server: server.map(str::to_string),
            var: var.into(),
            header: header.map(str::to_string),
        }
    }

    #[test]
    fn spots_overlap_as_the_patcher_finds_them() {
        let key = |k: &str| Spot::Key(k.into());
        assert!(overlap(&Spot::Whole, &key("A")));
        assert!(overlap(&key("A"), &key("A")));
        assert!(!overlap(&key("A"), &key("A_PREVIOUS")));
        assert!(overlap(&key("A"), &entry(None, "A", None)));
        assert!(!overlap(&key("A"), &entry(None, "A", Some("A"))));
        assert!(overlap(
            &entry(None, "V", None),
            &entry(Some("s"), "V", None)
        ));
        assert!(overlap(
            &entry(Some("s"), "V", None),
            &entry(Some("s"), "V", None)
        ));
        assert!(!overlap(
            &entry(Some("s"), "V", None),
            &entry(Some("t"), "V", None)
        ));
        assert!(!overlap(
            &entry(Some("s"), "V", None),
            &entry(Some("s"), "W", None)
        ));
        assert!(!overlap(
            &entry(Some("s"), "V", Some("Authorization")),
            &entry(Some("s"), "V", None)
        ));
        assert!(overlap(
            &entry(None, "V", Some("Authorization")),
            &entry(Some("s"), "W", Some("Authorization"))
        ));
    }

    fn at(owner: Owner, file: u64, spot: Spot, writes: bool) -> Claim {
        Claim {
            owner,
            file: FileId::Inode(1, file),
            shown: format!("f{file}"),
            real: PathBuf::from(format!("/f{file}")),
            spot,
            writes,
        }
    }

    #[test]
    fn conflicts_need_two_owners_and_a_write() {
        let a = || Owner::Client("a".into());
        let b = || Owner::Client("b".into());
        let key = |k: &str| Spot::Key(k.into());
        // One client naming its place twice writes the same token twice: no conflict.
        assert!(conflicts(&[at(a(), 1, key("K"), true), at(a(), 1, key("K"), true)]).is_empty());
        // Nothing written: a roster read beside a secret read.
        assert!(
            conflicts(&[
                at(Owner::Roster, 1, Spot::Whole, false),
                at(Owner::Secret("s".into()), 1, key("K"), false)
            ])
            .is_empty()
        );
        assert_eq!(
            conflicts(&[at(a(), 1, key("K"), true), at(b(), 1, key("K"), true)]),
            [(0, 1)]
        );
        assert!(conflicts(&[at(a(), 1, key("K"), true), at(b(), 2, key("K"), true)]).is_empty());
        // Servers: an entry of every server meets each named one; named ones meet their own.
        let claims = [
            at(a(), 1, entry(Some("s"), "V", None), true),
            at(b(), 1, entry(Some("t"), "V", None), true),
            at(Owner::Client("c".into()), 1, entry(None, "V", None), true),
            at(
                Owner::Client("d".into()),
                1,
                entry(Some("t"), "V", None),
                true,
            ),
        ];
        assert_eq!(conflicts(&claims), [(0, 2), (1, 2), (1, 3), (2, 3)]);
    }

    #[test]
    fn a_jwks_may_not_be_a_key_rotations_own_file() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("signing.pem");
        std::fs::write(&key, "k").unwrap();
        let source = SecretSource::File(key.clone());
        assert!(check_key_rotation(&source, Some(&dir.path().join("jwks.json"))).is_ok());
        for clash in [key.clone(), dir.path().join("signing.pem.previous-until")] {
            let err = check_key_rotation(&source, Some(&clash)).unwrap_err();
            assert!(
                err.to_string()
                    .contains("the public JWKS would be written over the signing key"),
                "{err}"
            );
        }
    }

    #[test]
    fn a_big_roster_is_not_compared_pair_by_pair() {
        // Ten thousand clients in one .env, each with its own key, and one pair sharing one.
        let mut claims: Vec<Claim> = (0..10_000)
            .map(|i| {
                at(
                    Owner::Client(format!("c{i}")),
                    1,
                    Spot::Key(format!("K{i}")),
                    true,
                )
            })
            .collect();
        claims.push(at(
            Owner::Client("x".into()),
            1,
            Spot::Key("K7".into()),
            true,
        ));
        assert_eq!(conflicts(&claims), [(7, 10_000)]);
    }
}
