//! `jwtadm scan`: the JWT-shaped strings in a tree (or in what is staged in git), each told
//! apart by what jwtadm knows — the secret or key, and the roster: `live` (it verifies and
//! has not expired: an open door), `expired` (ours, but dead), `foreign` (a token, not signed
//! by our key), `malformed` (JWT-shaped, but not a token), or `unverified` (a token, with no
//! key given to check it).

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::verify::{KeyPlace, Verifier};
use crate::error::{Error, Result};
use crate::jose::verify::{self, Expect};
use crate::report::CheckId;
use crate::roster::Roster;
use crate::scan::{self, Candidate, Shape, Skipped, WalkOptions};
use crate::time::Time;

/// What a found string is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum State {
    /// Signed by our secret or key (or the previous one, in its grace period) and not
    /// expired: whoever holds it is let in.
    Live,
    /// Signed by our secret or key, but expired (or its key retired).
    Expired,
    /// A token, but not signed by our secret or key.
    Foreign,
    /// JWT-shaped, but does not decode to a token (truncated, mangled).
    Malformed,
    /// A token, with no secret or key given to check it against.
    Unverified,
}

impl State {
    pub const ALL: [State; 5] = [
        State::Live,
        State::Expired,
        State::Foreign,
        State::Malformed,
        State::Unverified,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Live => "live",
            State::Expired => "expired",
            State::Foreign => "foreign",
            State::Malformed => "malformed",
            State::Unverified => "unverified",
        }
    }

    /// Signed by our key: live or expired.
    pub fn ours(self) -> bool {
        matches!(self, State::Live | State::Expired)
    }
}

/// Which findings fail the scan (exit 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// Live tokens only (the default): an open door.
    Live,
    /// Any token signed by our key, live or expired.
    Ours,
    /// Any finding.
    Any,
}

impl FailOn {
    /// Whether `f` fails the scan at `now`.
    pub fn fails(self, f: &Finding, now: Time) -> bool {
        match self {
            FailOn::Live => f.may_be_live(now),
            FailOn::Ours => f.state.ours(),
            FailOn::Any => true,
        }
    }
}

/// What the tokens are checked with.
pub enum KeySource<'a> {
    /// A roster: its secret or key, and its clients by `sub`.
    Roster(&'a Roster),
    /// `--secret`, `--key` or `--jwks`.
    Place(KeyPlace<'a>),
    /// Nothing: tokens are `unverified`.
    None,
}

/// What `jwtadm scan` is asked.
pub struct ScanOptions<'a> {
    /// The paths to walk (default `.`); with `staged`, pathspecs within the index.
    pub paths: &'a [PathBuf],
    pub walk: WalkOptions,
    /// Scan what is staged in git (the index) instead of the files on disk.
    pub staged: bool,
    pub key: KeySource<'a>,
    /// Fingerprints recorded in a baseline: suppressed (a live one is reported still).
    pub baseline: Option<&'a Path>,
    pub now: Time,
}

/// One string found.
#[derive(Debug, Clone)]
pub struct Finding {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub state: State,
    pub sub: Option<String>,
    pub iss: Option<String>,
    /// The token's exp: when, and the NumericDate as the token has it.
    pub exp: Option<(Time, Value)>,
    /// The roster's client whose `sub` it carries.
    pub client: Option<String>,
    /// The first 16 hex digits of the token's SHA-256: the same leak is the same finding.
    pub fingerprint: String,
    /// The token, shortened (`eyJhbGci…FtPo`): never shown whole.
    pub shown: String,
    /// Why the state, in words.
    pub detail: String,
    /// Its fingerprint is in the baseline (shown only when live).
    pub baselined: bool,
}

impl Finding {
    /// Live, or a token no key was given to check that has not expired: whoever holds it may
    /// be let in.
    pub fn may_be_live(&self, now: Time) -> bool {
        match self.state {
            State::Live => true,
            State::Unverified => self.exp.as_ref().is_none_or(|(x, _)| x.secs() > now.secs()),
            _ => false,
        }
    }
}

/// A scan's findings and what it searched.
pub struct Scanned {
    pub findings: Vec<Finding>,
    pub files_scanned: u64,
    pub bytes_scanned: u64,
    pub skipped: Skipped,
    /// Why each unreadable path could not be read.
    pub unreadable: Vec<String>,
    /// Findings the baseline suppressed.
    pub suppressed: usize,
    /// What tokens were checked with, in words (`secret sha256:…`), none without a key.
    pub checked_with: Option<String>,
}

/// The fingerprint of `token`.
pub fn fingerprint(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// Scan as `options` say.
pub fn run(options: &ScanOptions) -> Result<Scanned> {
    let (verifier, clients) = load_key(&options.key)?;
    let baseline = match options.baseline {
        Some(p) => read_baseline(p)?,
        None => HashSet::new(),
    };
    let (files, files_scanned, bytes_scanned, skipped, unreadable) = if options.staged {
        let staged = staged(options.paths, options.walk.max_filesize)?;
        (
            staged.files,
            staged.files_scanned,
            staged.bytes_scanned,
            staged.skipped,
            Vec::new(),
        )
    } else {
        // A path named that is not there is a mistake (`jwtadm scan srcc` in CI), not a clean
        // tree: as ripgrep, fail rather than report nothing found.
        for p in options.paths {
            if let Err(e) = std::fs::symlink_metadata(p) {
                return Err(Error::io("scanning", p, e));
            }
        }
        let (walked, errors) = scan::walk(options.paths, &options.walk);
        (
            walked.files,
            walked.files_scanned,
            walked.bytes_scanned,
            walked.skipped,
            errors,
        )
    };
    let algs = verifier
        .as_ref()
        .map(|v| v.keys().algs())
        .unwrap_or_default();
    let mut findings = Vec::new();
    let mut suppressed = 0;
    for file in files {
        let path = shown_path(&file.path);
        for c in file.candidates {
            let Some(mut f) = classify(&c, &path, verifier.as_ref(), &algs, &clients, options.now)
            else {
                continue;
            };
            if baseline.contains(&f.fingerprint) {
                // A baseline cannot make an open door safe: a token that is (or, unchecked,
                // may be) live is reported still.
                if !f.may_be_live(options.now) {
                    suppressed += 1;
                    continue;
                }
                f.baselined = true;
            }
            findings.push(f);
        }
    }
    Ok(Scanned {
        findings,
        files_scanned,
        bytes_scanned,
        skipped,
        unreadable,
        suppressed,
        checked_with: verifier.as_ref().map(words),
    })
}

fn words(v: &Verifier) -> String {
    match v {
        Verifier::Secrets(s) => format!("secret {}", crate::keys::Key::fingerprint(&s.key)),
        Verifier::Key { key, .. } => format!("key kid:{}", crate::keys::Key::key_id(key.public())),
        Verifier::Jwks(set) => {
            format!("a JWKS of {}", crate::output::plural(set.keys.len(), "key"))
        }
    }
}

/// The verifier and the roster's clients by `sub` (a revoked one marked so).
fn load_key(key: &KeySource) -> Result<(Option<Verifier>, BTreeMap<String, String>)> {
    Ok(match key {
        KeySource::None => (None, BTreeMap::new()),
        KeySource::Place(place) => (Some(Verifier::load(*place)?), BTreeMap::new()),
        KeySource::Roster(roster) => {
            let named = roster.signer_named();
            let verifier = match &roster.key {
                Some(k) => Verifier::load(KeyPlace::Key(&k.source)),
                None => Verifier::load(KeyPlace::Secret(&roster.secret, roster.encoding)),
            }
            .map_err(|e| e.context(format!("the secret or key named in {named}")))?;
            let mut clients = BTreeMap::new();
            for c in &roster.clients {
                clients.insert(c.sub.clone(), c.name.clone());
            }
            for c in &roster.revoked {
                clients.insert(c.sub.clone(), format!("{} (revoked)", c.name));
            }
            (Some(verifier), clients)
        }
    })
}

/// A path as a finding names it: as walked, without a leading `./`.
fn shown_path(path: &Path) -> String {
    let s = path.display().to_string();
    match s.strip_prefix("./") {
        Some(rest) => rest.to_string(),
        None => s,
    }
}

/// `text` from a token (a claim, or a message quoting one) as a finding shows it: every word
/// that could be a key or a token replaced by its length, in each part between `/`s. Messages
/// keep a path whose folder exists whole, since it names a real place; a claim (`./TOKEN`,
/// `/tmp/SECRET`) names none, and must not carry a token or the secret out.
fn hide(text: &str) -> String {
    text.split('/')
        .map(crate::redact::redact)
        .collect::<Vec<_>>()
        .join("/")
}

/// What candidate `c` is, or `None` when it is not JWT-shaped after all.
fn classify(
    c: &Candidate,
    path: &str,
    verifier: Option<&Verifier>,
    algs: &[crate::jose::Alg],
    clients: &BTreeMap<String, String>,
    now: Time,
) -> Option<Finding> {
    let shape = scan::find::shape(&c.text);
    if shape == Shape::None {
        return None;
    }
    let mut f = Finding {
        path: path.to_string(),
        line: c.line,
        column: c.column,
        state: State::Malformed,
        sub: None,
        iss: None,
        exp: None,
        client: None,
        fingerprint: fingerprint(&c.text),
        shown: crate::txn::plan::shorten(&c.text),
        detail: String::new(),
        baselined: false,
    };
    if shape == Shape::Truncated {
        f.detail = "JWT-shaped, but not three segments (truncated?)".into();
        return Some(f);
    }
    let decoded = match crate::jose::decode(&c.text) {
        Ok(d) => d,
        Err(e) => {
            f.detail = hide(e.message());
            return Some(f);
        }
    };
    let text = |name: &str| decoded.claims.get(name).and_then(Value::as_str).map(hide);
    f.sub = text("sub");
    f.iss = text("iss");
    f.exp = crate::jose::numeric_date::date(&decoded.claims, "exp")
        .map(|x| (x, decoded.claims["exp"].clone()));
    f.client = decoded
        .claims
        .get("sub")
        .and_then(Value::as_str)
        .and_then(|s| clients.get(s).cloned());
    let Some(verifier) = verifier else {
        f.state = State::Unverified;
        f.detail =
            "a token; give --roster, --secret, --key or --jwks to tell whether it is live".into();
        return Some(f);
    };
    let expect = Expect {
        algs: algs.to_vec(),
        require_exp: false,
        ignore_exp: true,
        now,
        ..Expect::default()
    };
    let report = verify::verify(&decoded, &verifier.keys(), &expect);
    let failed: Vec<String> = report
        .checks
        .iter()
        .filter(|k| !k.ok && matches!(k.id, CheckId::Signature | CheckId::Algorithm))
        .map(|k| format!("{}: {}", k.id.as_str(), k.detail))
        .collect();
    if !failed.is_empty() {
        f.state = State::Foreign;
        // Anyone can write our client's `sub` into a token: it names no client unless ours.
        f.client = None;
        f.detail = hide(&format!("not signed by our key ({})", failed.join("; ")));
        return Some(f);
    }
    let retired = report.signed_by_previous;
    match (&f.exp, retired) {
        (Some((x, _)), _) if x.secs() <= now.secs() => {
            f.state = State::Expired;
            f.detail = format!("ours; expired {}", crate::time::rfc3339(x.secs()));
        }
        (_, Some(until)) if until <= now.secs() => {
            f.state = State::Expired;
            f.detail = format!(
                "ours; signed by the previous key, retired {}",
                crate::time::rfc3339(until)
            );
        }
        (exp, retired) => {
            f.state = State::Live;
            f.detail = match (exp, retired) {
                (None, _) => "ours, and it never expires: rotate the secret or key".into(),
                (_, Some(until)) => format!(
                    "ours (the previous key), accepted until {}",
                    crate::time::rfc3339(until)
                ),
                _ => "ours, and valid: whoever holds it is let in".into(),
            };
        }
    }
    Some(f)
}

/// A baseline's fingerprints.
fn read_baseline(path: &Path) -> Result<HashSet<String>> {
    let text = crate::txn::read_regular_string(path)
        .map_err(|e| Error::io("reading the baseline", path, e))?;
    let doc: Value = serde_json::from_str(&text).map_err(|e| {
        Error::operational(format!(
            "{}:{}:{}: not a jwtadm baseline: {e}",
            path.display(),
            e.line(),
            e.column()
        ))
    })?;
    let list = doc
        .get("findings")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            Error::operational(format!(
                "{}: not a jwtadm baseline: no \"findings\" list (write one with --write-baseline)",
                path.display()
            ))
        })?;
    Ok(list
        .iter()
        .filter_map(|f| f.get("fingerprint").and_then(Value::as_str))
        .map(str::to_string)
        .collect())
}

/// The baseline of `scanned`: every finding's fingerprint, where it is and what it was. No
/// token, whole or shortened, is in it.
pub fn baseline(scanned: &Scanned, now: Time) -> Value {
    let findings: Vec<Value> = scanned
        .findings
        .iter()
        .map(|f| {
            json!({
                "fingerprint": f.fingerprint,
                "path": f.path,
                "line": f.line,
                "state": f.state.as_str(),
            })
        })
        .collect();
    json!({
        "jwtadm_baseline": 1,
        "generated_at": crate::time::rfc3339(now.secs()),
        "findings": findings,
    })
}

/// Write `doc` to `path` in one atomic step.
pub fn write_baseline(path: &Path, doc: &Value) -> Result<()> {
    use crate::txn::plan::Plan;
    let text = format!(
        "{}\n",
        serde_json::to_string_pretty(doc).unwrap_or_default()
    );
    // An existing file is replaced only when it is a baseline already: `--write-baseline
    // .env` (a slip of the hand) would otherwise turn someone's file into a baseline.
    Plan::write_whole(path, |current| match current {
        Some(old) if !is_baseline(old) => Err(Error::usage(format!(
            "{} exists and is not a jwtadm baseline; it was not replaced",
            path.display()
        ))
        .with_hint("name a new file, or remove this one first if it should become the baseline")),
        _ => Ok(text),
    })
}

/// Whether `text` is a baseline jwtadm wrote (or an empty file).
fn is_baseline(text: &str) -> bool {
    text.trim().is_empty()
        || serde_json::from_str::<Value>(text)
            .is_ok_and(|v| v.get("jwtadm_baseline").is_some() && v.get("findings").is_some())
}

/// What is staged, searched.
struct Staged {
    files: Vec<scan::FileHits>,
    files_scanned: u64,
    bytes_scanned: u64,
    skipped: Skipped,
}

/// The files staged in git's index (under `paths`), read from the index, not the work tree:
/// what the commit being made will hold.
fn staged(paths: &[PathBuf], max: Option<u64>) -> Result<Staged> {
    use std::io::{BufRead, Read, Write};
    use std::process::{Command, Stdio};
    let git_error = |what: &str, e: std::io::Error| {
        Error::operational(format!(
            "{what}: running git: {}",
            crate::error::describe_io(&e)
        ))
        .with_hint("--staged reads git's index: run it inside a git repository with git installed")
    };
    let out = Command::new("git")
        .args(["ls-files", "--stage", "-z", "--"])
        .args(paths)
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| git_error("listing the staged files", e))?;
    if !out.status.success() {
        return Err(Error::operational(format!(
            "--staged: git ls-files failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    // "<mode> <object> <stage>\t<path>\0": regular files only (no links, no submodules).
    let mut entries: Vec<(String, String)> = Vec::new();
    // A path is listed once per stage (1 to 3 in a merge conflict): each content once.
    let mut seen: HashSet<(String, String)> = HashSet::new();
    for rec in out.stdout.split(|&b| b == 0).filter(|r| !r.is_empty()) {
        let rec = String::from_utf8_lossy(rec);
        let Some((meta, path)) = rec.split_once('\t') else {
            continue;
        };
        let mut parts = meta.split(' ');
        let (mode, object) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        if mode.starts_with("100") && seen.insert((object.to_string(), path.to_string())) {
            entries.push((object.to_string(), path.to_string()));
        }
    }
    let mut child = Command::new("git")
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| git_error("reading the staged files", e))?;
    let mut stdin = child.stdin.take().expect("piped");
    let objects: Vec<String> = entries.iter().map(|(o, _)| o.clone()).collect();
    let writer = std::thread::spawn(move || {
        for o in objects {
            if writeln!(stdin, "{o}").is_err() {
                break;
            }
        }
    });
    let mut reader = std::io::BufReader::new(child.stdout.take().expect("piped"));
    let mut result = Staged {
        files: Vec::new(),
        files_scanned: 0,
        bytes_scanned: 0,
        skipped: Skipped::default(),
    };
    let mut buf = Vec::new();
    for (_, path) in &entries {
        let mut header = String::new();
        reader
            .read_line(&mut header)
            .map_err(|e| git_error("reading the staged files", e))?;
        // "<object> blob <size>\n<content>\n", or "<object> missing\n".
        let size: Option<u64> = header
            .split_whitespace()
            .nth(2)
            .and_then(|s| s.parse().ok());
        let Some(size) = size else {
            result.skipped.unreadable += 1;
            continue;
        };
        // The blob, a piece at a time: a huge one is not held whole.
        let mut blob = (&mut reader).take(size);
        let found = if max.is_some_and(|m| size > m) {
            std::io::copy(&mut blob, &mut std::io::sink())
                .map_err(|e| git_error("reading the staged files", e))?;
            result.skipped.too_large += 1;
            None
        } else {
            scan::search_stream(&mut blob, &mut result.skipped, &mut buf)
                .map_err(|e| git_error("reading the staged files", e))?
        };
        if blob.limit() > 0 {
            return Err(git_error(
                "reading the staged files",
                std::io::ErrorKind::UnexpectedEof.into(),
            ));
        }
        let mut newline = [0u8; 1];
        let _ = reader.read_exact(&mut newline);
        if let Some(found) = found {
            result.files_scanned += 1;
            result.bytes_scanned += size;
            if !found.is_empty() {
                result.files.push(scan::FileHits {
                    path: PathBuf::from(path),
                    candidates: found,
                });
            }
        }
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(result)
}
