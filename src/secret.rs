//! Where a signing secret lives, how its text becomes key bytes, and the type that holds it.
//!
//! A secret is named by a [`SecretSource`] (`env:VAR`, `file:PATH`, `dotenv:PATH#KEY`, `stdin`),
//! never by its value: a value on the command line would show in `ps` and in shell history.
//! The bytes are held in a [`Secret`], whose `Debug` is redacted, which has no `Display`, and
//! which is zeroized when dropped.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use base64::Engine as _;
use secrecy::{ExposeSecret, SecretBox};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::atomic;
use crate::error::{Error, Result};
use crate::keyring::{Item, Store};
use crate::patch::dotenv;
use crate::patch::plan::Plan;

/// Key bytes. `Debug` shows only the length and fingerprint; the bytes are zeroized on drop.
pub struct Secret {
    bytes: SecretBox<[u8]>,
}

impl Secret {
    pub fn new(bytes: Vec<u8>) -> Self {
        Secret {
            bytes: SecretBox::from(bytes),
        }
    }

    /// The key bytes: every use is a place where the secret is handled.
    pub fn expose(&self) -> &[u8] {
        self.bytes.expose_secret()
    }

    pub fn len(&self) -> usize {
        self.expose().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `sha256:` and the first 12 hex digits of the SHA-256 of the key bytes: enough to tell two
    /// secrets apart, useless for recovering either.
    pub fn fingerprint(&self) -> String {
        format!("sha256:{}", self.key_id())
    }

    /// The fingerprint without its `sha256:` prefix, as used for `kid`.
    pub fn key_id(&self) -> String {
        let digest = Sha256::digest(self.expose());
        hex_lower(&digest[..6])
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Secret([redacted {} bytes, {}])",
            self.len(),
            self.fingerprint()
        )
    }
}

fn hex_lower(bytes: &[u8]) -> String {
    use fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// How the text of a secret turns into key bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// The string's UTF-8 bytes are the key, as PyJWT and the seeds' server use it.
    #[default]
    Utf8,
    Hex,
    /// Standard base64; padding optional.
    Base64,
    /// URL-safe base64; padding optional.
    Base64Url,
}

impl Encoding {
    pub const NAMES: [&'static str; 4] = ["utf8", "hex", "base64", "base64url"];
    pub const ALL: [Encoding; 4] = [
        Encoding::Utf8,
        Encoding::Hex,
        Encoding::Base64,
        Encoding::Base64Url,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf8",
            Encoding::Hex => "hex",
            Encoding::Base64 => "base64",
            Encoding::Base64Url => "base64url",
        }
    }

    /// Key bytes from the secret's text. The error never quotes the text.
    pub fn decode(self, text: &str) -> std::result::Result<Vec<u8>, String> {
        match self {
            Encoding::Utf8 => Ok(text.as_bytes().to_vec()),
            Encoding::Hex => decode_hex(text),
            Encoding::Base64 | Encoding::Base64Url => {
                let engine = if self == Encoding::Base64 {
                    &base64::engine::general_purpose::STANDARD_NO_PAD
                } else {
                    &base64::engine::general_purpose::URL_SAFE_NO_PAD
                };
                engine
                    .decode(text.trim_end_matches('='))
                    .map_err(|e| match e {
                        base64::DecodeError::InvalidByte(at, _) => {
                            format!("character {} is not {}", at + 1, self.name())
                        }
                        base64::DecodeError::InvalidLength(_) => "its length is not valid".into(),
                        base64::DecodeError::InvalidLastSymbol(at, _) => {
                            format!("its last character ({}) is not valid", at + 1)
                        }
                        base64::DecodeError::InvalidPadding => "its padding is not valid".into(),
                    })
            }
        }
    }

    /// The text form of key bytes in this encoding (the inverse of [`Encoding::decode`]).
    pub fn encode(self, bytes: &[u8]) -> String {
        match self {
            Encoding::Utf8 => String::from_utf8_lossy(bytes).into_owned(),
            Encoding::Hex => hex_lower(bytes),
            Encoding::Base64 => base64::engine::general_purpose::STANDARD.encode(bytes),
            Encoding::Base64Url => base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes),
        }
    }
}

impl FromStr for Encoding {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "utf8" | "utf-8" => Ok(Encoding::Utf8),
            "hex" => Ok(Encoding::Hex),
            "base64" => Ok(Encoding::Base64),
            "base64url" => Ok(Encoding::Base64Url),
            _ => Err(format!(
                "unknown encoding `{s}` (expected utf8, hex, base64 or base64url)"
            )),
        }
    }
}

fn decode_hex(text: &str) -> std::result::Result<Vec<u8>, String> {
    if !text.len().is_multiple_of(2) {
        return Err(format!("it has an odd number of digits ({})", text.len()));
    }
    let digit = |c: u8, at: usize| -> std::result::Result<u8, String> {
        (c as char)
            .to_digit(16)
            .map(|d| d as u8)
            .ok_or_else(|| format!("character {} is not a hex digit", at + 1))
    };
    let b = text.as_bytes();
    (0..b.len() / 2)
        .map(|i| Ok(digit(b[2 * i], 2 * i)? << 4 | digit(b[2 * i + 1], 2 * i + 1)?))
        .collect()
}

/// The secret in use before the last rotation, accepted until `until` (Unix seconds).
#[derive(Debug)]
pub struct Previous {
    pub secret: Secret,
    pub until: i64,
}

/// Where a secret lives. Its `Display` is the `--secret` syntax, and names no value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretSource {
    Env(String),
    File(PathBuf),
    Dotenv {
        path: PathBuf,
        key: String,
    },
    Stdin,
    /// An entry of the OS keyring, in an explicitly chosen store.
    Keyring {
        service: String,
        account: String,
        store: Store,
    },
}

/// The default source: the seeds' variable.
pub const DEFAULT_SOURCE: &str = "env:JWT_SECRET_KEY";

impl Default for SecretSource {
    fn default() -> Self {
        SecretSource::Env("JWT_SECRET_KEY".into())
    }
}

impl FromStr for SecretSource {
    type Err = String;
    /// Errors never quote the text: it may be a secret pasted where its source belongs.
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        if s == "stdin" || s == "-" {
            return Ok(SecretSource::Stdin);
        }
        let Some((scheme, rest)) = s.split_once(':') else {
            return Err("that is not a secret source: a secret is named by where it lives (env:VAR, file:PATH, \
                 dotenv:PATH#KEY, keyring:SERVICE/ACCOUNT or stdin); its value itself is never taken on the \
                 command line, where ps and shell history would show it"
                .into());
        };
        match scheme {
            "env" if is_var_name(rest) => Ok(SecretSource::Env(rest.into())),
            "env" => Err("env: needs an environment variable name, e.g. env:JWT_SECRET_KEY".into()),
            "file" if !rest.is_empty() => Ok(SecretSource::File(rest.into())),
            "file" => Err("file: needs a path, e.g. file:/etc/exai/jwt.key".into()),
            "dotenv" => match rest.rsplit_once('#') {
                Some((path, key)) if !path.is_empty() && is_var_name(key) => {
                    Ok(SecretSource::Dotenv {
                        path: path.into(),
                        key: key.into(),
                    })
                }
                _ => Err("dotenv: needs a path and a key, e.g. dotenv:.env#JWT_SECRET_KEY".into()),
            },
            "keyring" => match rest.split_once('/') {
                Some((service, account)) if !service.is_empty() && !account.is_empty() => {
                    Ok(SecretSource::Keyring {
                        service: service.into(),
                        account: account.into(),
                        store: Store::platform_default(),
                    })
                }
                _ => Err(
                    "keyring: needs a service and an account, e.g. keyring:exai-mcp/jwt-secret"
                        .into(),
                ),
            },
            _ => Err(
                "unknown secret scheme (expected env:, file:, dotenv:, keyring: or stdin)".into(),
            ),
        }
    }
}

/// Whether `text`, given after a scheme (a variable name, a path, a dotenv key), could be a
/// secret pasted where its source belongs, and so must not be shown:
/// - 32 characters or more without a `/` (a variable name or file name is rarely that long; a
///   generated key always is);
/// - a `+` or `=` anywhere (standard base64; names and paths rarely have them);
/// - a run of 16 letters and digits without any other character between them (hex and base64
///   keys have them; words and paths break them up);
/// - a part between `/`s of 12 characters or more with at least two each of upper case, lower
///   case and digits, or 24 characters or more with at least three of each of which capitals
///   and digits are three in ten or more: random text, not words or paths.
pub fn could_be_secret(text: &str) -> bool {
    let count = |t: &str, f: fn(&char) -> bool| t.chars().filter(f).count();
    let mixed = |t: &str, at_least: usize| {
        count(t, char::is_ascii_uppercase) >= at_least
            && count(t, char::is_ascii_lowercase) >= at_least
            && count(t, char::is_ascii_digit) >= at_least
    };
    (text.chars().count() >= 32 && !text.contains('/'))
        || text.contains(['+', '='])
        || text
            .split(|c: char| !c.is_alphanumeric())
            .any(|run| run.chars().count() >= 16)
        || text
            .split('/')
            .any(|part| part.chars().count() >= 12 && mixed(part, 2))
        || random_mix(text)
}

/// 24 characters or more with at least three each of capitals, small letters and digits, of
/// which capitals and digits are three in ten or more: random text is about half capitals and
/// digits; a path or a name has a few.
fn random_mix(text: &str) -> bool {
    let count = |f: fn(&char) -> bool| text.chars().filter(f).count();
    let (upper, lower, digits) = (
        count(char::is_ascii_uppercase),
        count(char::is_ascii_lowercase),
        count(char::is_ascii_digit),
    );
    text.chars().count() >= 24
        && upper >= 3
        && lower >= 3
        && digits >= 3
        && (upper + digits) * 10 >= (upper + lower + digits) * 3
}

/// Whether `run` (letters and digits) has both and changes between capitals, small letters and
/// digits at four in ten characters or more: a key's characters are drawn at random (hex about
/// half the time, base64 six times in ten); words and a year (`MyProject2024Backup`) change
/// seldom.
fn switches_a_lot(run: &str) -> bool {
    let class = |c: char| {
        if c.is_ascii_digit() {
            0
        } else if c.is_ascii_uppercase() {
            1
        } else {
            2
        }
    };
    let chars: Vec<char> = run.chars().collect();
    let has_digit = chars.iter().any(char::is_ascii_digit);
    let has_letter = chars.iter().any(char::is_ascii_alphabetic);
    let switches = chars
        .windows(2)
        .filter(|w| class(w[0]) != class(w[1]))
        .count();
    has_digit && has_letter && switches * 10 >= chars.len() * 4
}

/// Whether a word of a message looks like a key rather than a name or a path: a run of 16
/// letters and digits with both in it (hex, base64), base64's `+` or `=` among letters and
/// digits, 32 letters and digits undivided, or random-looking mixed case and digits (see
/// [`could_be_secret`]). Names such as `JWT_SECRET_KEY_PREVIOUS_UNTIL` are not.
fn looks_random(word: &str) -> bool {
    let has = |t: &str, f: fn(&char) -> bool| t.chars().any(|c| f(&c));
    let alnum_run = word
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|run| run.len() >= 16 && switches_a_lot(run));
    let b64 = word.contains(['+', '='])
        && has(word, char::is_ascii_digit)
        && has(word, char::is_ascii_alphabetic);
    let undivided = word.len() >= 32 && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    alnum_run || b64 || undivided || word.split('/').any(random_mix)
}

/// `text` (an error of the argument parser) with every command-line argument, or part of one
/// around `=`, that [`could_be_secret`] replaced by its length: clap quotes the arguments it
/// rejects, and a secret or token typed where it does not belong must not come back.
pub fn redact_args(text: &str, args: &[std::ffi::OsString]) -> String {
    let mut pieces: Vec<String> = Vec::new();
    for arg in args {
        let arg = arg.to_string_lossy();
        // A path keeps its name: only a part of it that looks like a key is hidden, and none
        // of a path that names a real place.
        let value = arg.split_once('=').map_or(arg.as_ref(), |(_, v)| v);
        if value.contains('/') {
            pieces.extend(random_path_parts(value));
            continue;
        }
        let mut whole = vec![arg.to_string()];
        whole.extend(arg.split('=').map(str::to_string));
        if let Some((_, value)) = arg.split_once('=') {
            whole.push(value.to_string());
        }
        whole.retain(|p| p.chars().count() >= 8 && could_be_secret(p));
        pieces.extend(whole);
    }
    // Longest first, so that a part is never replaced inside a longer match left unredacted.
    pieces.sort_by_key(|p| std::cmp::Reverse(p.len()));
    pieces.dedup();
    let mut out = text.to_string();
    for p in pieces {
        out = out.replace(
            &p,
            &format!("<{} characters, not shown>", p.chars().count()),
        );
    }
    out
}

/// `text` (an error, a hint, a warning) as jwtadm shows it: every argument of this run, or part
/// of one around `=`, that [`could_be_secret`], and every other word of 20 characters or more
/// that could, replaced by its length. A secret pasted as `--expires`, as a path, as `--only`,
/// or into a roster field, is not repeated by the message that says it is wrong.
pub fn redact(text: &str) -> String {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    redact_words(&redact_args(text, &args))
}

/// `text` with every word (between blanks, quotes and brackets) of 20 characters or more that
/// [`could_be_secret`] replaced by its length.
pub fn redact_words(text: &str) -> String {
    let is_edge = |c: char| c.is_whitespace() || "\"'`()[]{}<>,;".contains(c);
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        // A word's own trailing punctuation, and a path's `:line:column`, are not part of what
        // it names.
        let core = word.trim_end_matches(['.', ':', '!', '?']);
        let core = core.trim_end_matches(|c: char| c.is_ascii_digit() || c == ':');
        let core = if core.is_empty() || !word.contains('/') {
            word.trim_end_matches(['.', ':', '!', '?'])
        } else {
            core
        };
        if core.contains('/') {
            let mut shown = core.to_string();
            for part in random_path_parts(core) {
                shown = shown.replace(
                    &part,
                    &format!("<{} characters, not shown>", part.chars().count()),
                );
            }
            out.push_str(&shown);
            out.push_str(&word[core.len()..]);
        } else if core.chars().count() >= 20 && looks_random(core) && !core.contains('…') {
            out.push_str(&format!("<{} characters, not shown>", core.chars().count()));
            out.push_str(&word[core.len()..]);
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if is_edge(c) {
            flush(&mut word, &mut out);
            out.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The parts of a path (between `/`s) that look like a key, to be hidden: none when the path,
/// or the folder it is in, exists — it names a real place, which a message must show.
fn random_path_parts(path: &str) -> Vec<String> {
    let p = Path::new(path);
    let real = p.exists()
        || p.parent()
            .is_some_and(|d| !d.as_os_str().is_empty() && d.exists());
    if real {
        return Vec::new();
    }
    path.split('/')
        .filter(|part| part.chars().count() >= 16 && looks_random(part))
        .map(str::to_string)
        .collect()
}

/// `text` as an error shows it: itself, or, when it [`could_be_secret`], its length only.
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    if could_be_secret(text) {
        format!("<{} characters, not shown>", text.chars().count()).into()
    } else {
        text.into()
    }
}

/// What `text` after `scheme` is when it is not shown, for a hint.
fn not_shown_hint(scheme: &str, example: &str) -> String {
    format!(
        "the text after {scheme} looks like a secret value, not a {example}, so it is not repeated here. \
         A secret is named by where it lives, e.g. env:JWT_SECRET_KEY or file:/etc/exai/jwt.key: \
         put the value in that variable or a 0600 file; never on the command line, where ps and \
         shell history show it"
    )
}

fn is_var_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-')
}

/// The `--secret` syntax; a variable name, path or key that [`could_be_secret`] is replaced by
/// its length.
impl fmt::Display for SecretSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretSource::Env(var) => write!(f, "env:{}", shown(var)),
            SecretSource::File(path) => write!(f, "file:{}", shown(&path.display().to_string())),
            SecretSource::Dotenv { path, key } => write!(
                f,
                "dotenv:{}#{}",
                shown(&path.display().to_string()),
                shown(key)
            ),
            SecretSource::Stdin => f.write_str("stdin"),
            SecretSource::Keyring {
                service, account, ..
            } => write!(f, "keyring:{}/{}", shown(service), shown(account)),
        }
    }
}

impl SecretSource {
    /// The same source in keyring store `store`, when it is a keyring source.
    pub fn with_store(self, store: Option<Store>) -> std::result::Result<Self, String> {
        match (self, store) {
            (source, None) => Ok(source),
            (
                SecretSource::Keyring {
                    service, account, ..
                },
                Some(store),
            ) => Ok(SecretSource::Keyring {
                service,
                account,
                store,
            }),
            (other, Some(_)) => Err(format!(
                "a keyring store was chosen, but the secret source {other} is not keyring:SERVICE/ACCOUNT"
            )),
        }
    }

    fn keyring_item(&self) -> Option<Item<'_>> {
        match self {
            SecretSource::Keyring {
                service,
                account,
                store,
            } => Some(Item {
                store: *store,
                service,
                account,
            }),
            _ => None,
        }
    }

    /// The same source with relative paths taken from `base` (a roster's folder).
    pub fn relative_to(self, base: &Path) -> Self {
        match self {
            SecretSource::File(p) if p.is_relative() => SecretSource::File(base.join(p)),
            SecretSource::Dotenv { path, key } if path.is_relative() => SecretSource::Dotenv {
                path: base.join(path),
                key,
            },
            other => other,
        }
    }

    /// The texts of this source that [`could_be_secret`]: its variable name, path, dotenv key.
    fn secret_like_texts(&self) -> Vec<String> {
        let texts = match self {
            SecretSource::Env(var) => vec![var.clone()],
            SecretSource::File(path) => vec![path.display().to_string()],
            SecretSource::Dotenv { path, key } => vec![path.display().to_string(), key.clone()],
            SecretSource::Stdin | SecretSource::Keyring { .. } => Vec::new(),
        };
        texts.into_iter().filter(|t| could_be_secret(t)).collect()
    }

    /// `err` without this source's texts that could be the secret itself, whichever layer
    /// (file I/O, the dotenv parser, atomic writes) built its message.
    pub fn scrub(&self, err: Error) -> Error {
        let texts = self.secret_like_texts();
        if texts.is_empty() {
            return err;
        }
        err.map_text(|s| {
            texts
                .iter()
                .fold(s.to_string(), |s, t| s.replace(t.as_str(), &shown(t)))
        })
    }

    /// What to do about a secret too short for `alg`, where it lives: the next thing to try.
    pub fn longer_key_hint(&self, alg: impl fmt::Display) -> String {
        match self {
            SecretSource::File(_) | SecretSource::Dotenv { .. } | SecretSource::Keyring { .. } => {
                format!(
                    "replace it with one long enough, keeping the old one for a grace period: jwtadm secret rotate --secret {} --alg {alg}",
                    crate::output::shell_quote(&self.to_string())
                )
            }
            SecretSource::Env(var) => format!(
                "put a longer secret in {var}, for example one from: jwtadm secret gen --alg {alg} --to 'dotenv:.env#{var}'"
            ),
            SecretSource::Stdin => {
                format!("pass a longer secret; jwtadm secret gen --alg {alg} makes one")
            }
        }
    }

    /// The keyring store's name, for a keyring source.
    pub fn store_name(&self) -> &'static str {
        match self {
            SecretSource::Keyring { store, .. } => store.name(),
            _ => "",
        }
    }

    /// Write `text` to this source, whatever it held (used to put entries back).
    pub fn put(&self, text: Option<&str>) -> Result<()> {
        match (self.keyring_item(), text) {
            (Some(item), Some(t)) => item.set(t),
            (Some(item), None) => item.delete(),
            (None, Some(t)) => self.store(t, true),
            (None, None) => Ok(()),
        }
    }

    /// The file that holds the secret, if it is in one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            SecretSource::File(p) | SecretSource::Dotenv { path: p, .. } => Some(p),
            _ => None,
        }
    }

    /// The secret's text as stored, before it becomes key bytes.
    pub fn load_text(&self) -> Result<Zeroizing<String>> {
        let text = self.read_text().map_err(|e| self.scrub(e))?;
        if text.is_empty() {
            return Err(Error::operational(format!("the secret in {self} is empty")));
        }
        Ok(text)
    }

    /// The secret's text, read even from a `file:` that [`check_private`] refuses: for `secret
    /// check`, which reports that as a failed check instead of stopping at it.
    pub fn load_text_unchecked(&self) -> Result<Zeroizing<String>> {
        match self {
            SecretSource::File(path) if std::fs::metadata(path).is_ok() => {
                let text = read_secret_file(path).map_err(|e| self.scrub(e))?;
                let text = trim_line_end(text);
                if text.is_empty() {
                    return Err(Error::operational(format!("the secret in {self} is empty")));
                }
                Ok(text)
            }
            _ => self.load_text(),
        }
    }

    /// Read the secret's text and turn it into key bytes.
    pub fn load(&self, encoding: Encoding) -> Result<Secret> {
        let text = self.load_text()?;
        self.decode(&text, encoding)
    }

    /// Key bytes from this source's text.
    pub fn decode(&self, text: &str, encoding: Encoding) -> Result<Secret> {
        let bytes = encoding.decode(text).map_err(|why| {
            // The encodings this text is valid in: utf8 always, the others when they decode it.
            // The likeliest first: the other base64 alphabet, then the text's own bytes.
            let mut fits: Vec<Encoding> = Encoding::ALL
                .into_iter()
                .filter(|&e| e != encoding && e.decode(text).is_ok_and(|b| !b.is_empty()))
                .collect();
            let base64 = |e: Encoding| matches!(e, Encoding::Base64 | Encoding::Base64Url);
            fits.sort_by_key(|&e| match e {
                e if base64(e) && base64(encoding) => 0,
                Encoding::Utf8 => 1,
                _ => 2,
            });
            let fits: Vec<&str> = fits.into_iter().map(Encoding::name).collect();
            Error::operational(format!("the secret in {self} is not valid {}: {why}", encoding.name()))
                .with_hint(format!(
                    "--secret-encoding says how the secret's text becomes key bytes; this text reads as {}: try --secret-encoding {} (utf8 uses the text's own bytes, as PyJWT does)",
                    fits.join(" or "),
                    fits.first().copied().unwrap_or("utf8")
                ))
        })?;
        if bytes.is_empty() {
            return Err(Error::operational(format!(
                "the secret in {self} decodes to no bytes"
            )));
        }
        Ok(Secret::new(bytes))
    }

    /// The secret's text, or `None` when its variable, file, line or entry does not exist.
    pub fn read_optional(&self) -> Result<Option<Zeroizing<String>>> {
        self.read_optional_unscrubbed().map_err(|e| self.scrub(e))
    }

    fn read_optional_unscrubbed(&self) -> Result<Option<Zeroizing<String>>> {
        let absent = match self {
            SecretSource::Env(var) => std::env::var_os(var).is_none(),
            SecretSource::File(path) => std::fs::symlink_metadata(path).is_err(),
            SecretSource::Dotenv { path, key } => match atomic::read_regular_string(path) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
                Err(e) => return Err(Error::io("reading", path, e)),
                Ok(text) => {
                    let text = Zeroizing::new(text);
                    !dotenv::parse(&text)
                        .map_err(|e| e.in_file(path))?
                        .iter()
                        .any(|e| e.key == *key)
                }
            },
            SecretSource::Stdin => true,
            SecretSource::Keyring { .. } => {
                return self.keyring_item().map_or(Ok(None), |i| i.get());
            }
        };
        if absent {
            Ok(None)
        } else {
            self.read_text().map(Some)
        }
    }

    /// Where the previous secret, and the end of its grace period, are kept beside this one
    /// after `secret rotate`: `<KEY>_PREVIOUS` and `<KEY>_PREVIOUS_UNTIL` in a dotenv file or
    /// the environment, `PATH.previous` and `PATH.previous-until` beside a file.
    pub fn previous_places(&self) -> Option<(SecretSource, SecretSource)> {
        let with = |p: &Path, suffix: &str| {
            let mut s = p.as_os_str().to_owned();
            s.push(suffix);
            PathBuf::from(s)
        };
        match self {
            SecretSource::Env(var) => Some((
                SecretSource::Env(format!("{var}_PREVIOUS")),
                SecretSource::Env(format!("{var}_PREVIOUS_UNTIL")),
            )),
            SecretSource::File(path) => Some((
                SecretSource::File(with(path, ".previous")),
                SecretSource::File(with(path, ".previous-until")),
            )),
            SecretSource::Dotenv { path, key } => Some((
                SecretSource::Dotenv {
                    path: path.clone(),
                    key: format!("{key}_PREVIOUS"),
                },
                SecretSource::Dotenv {
                    path: path.clone(),
                    key: format!("{key}_PREVIOUS_UNTIL"),
                },
            )),
            SecretSource::Stdin => None,
            SecretSource::Keyring {
                service,
                account,
                store,
            } => Some((
                SecretSource::Keyring {
                    service: service.clone(),
                    account: format!("{account}.previous"),
                    store: *store,
                },
                SecretSource::Keyring {
                    service: service.clone(),
                    account: format!("{account}.previous-until"),
                    store: *store,
                },
            )),
        }
    }

    /// The previous secret kept by `secret rotate`, if there is one, with the end of its grace.
    pub fn load_previous(&self, encoding: Encoding) -> Result<Option<Previous>> {
        let Some((secret_at, until_at)) = self.previous_places() else {
            return Ok(None);
        };
        // Absent and empty are the same: a user clears the previous secret after its grace
        // period by emptying it (`JWT_SECRET_KEY_PREVIOUS=`), and its end may be left behind.
        let present = |text: Option<Zeroizing<String>>| text.filter(|t| !t.trim().is_empty());
        let Some(text) = present(secret_at.read_optional()?) else {
            return Ok(None);
        };
        let secret = secret_at.decode(&text, encoding)?;
        let until_text = present(until_at.read_optional()?).ok_or_else(|| {
            Error::operational(format!("{secret_at} holds a previous secret, but {until_at} (the end of its grace period) is missing or empty"))
                .with_hint(format!("set {until_at} to the end of the grace period (RFC 3339), or empty {secret_at} if the grace period is over"))
        })?;
        let until = crate::time::parse_instant(&until_text)
            .map_err(|e| Error::operational(format!("{until_at}: {e}")))?
            .timestamp();
        Ok(Some(Previous { secret, until }))
    }

    fn read_text(&self) -> Result<Zeroizing<String>> {
        match self {
            SecretSource::Env(var) => match std::env::var_os(var) {
                None if could_be_secret(var) => Err(Error::operational(format!(
                    "no secret: there is no environment variable named by the {} characters after env:",
                    var.chars().count()
                ))
                .with_hint(not_shown_hint("env:", "variable name"))),
                None => Err(Error::operational(format!("no secret: environment variable {var} is not set"))
                    .with_hint(format!("export {var}, or name another source with --secret (env:VAR, file:PATH, dotenv:PATH#KEY, stdin)"))),
                Some(v) => v.into_string().map(Zeroizing::new).map_err(|_| {
                    Error::operational(format!("the secret in environment variable {var} is not UTF-8"))
                }),
            },
            SecretSource::File(path)
                if could_be_secret(&path.display().to_string())
                    && std::fs::symlink_metadata(path).is_err() =>
            {
                Err(Error::operational(format!(
                    "no secret: there is no file at the {} characters after file:",
                    path.display().to_string().chars().count()
                ))
                .with_hint(not_shown_hint("file:", "path")))
            }
            SecretSource::File(path) => {
                check_private(path)?;
                let text = read_secret_file(path)?;
                Ok(trim_line_end(text))
            }
            SecretSource::Dotenv { path, key } => {
                let text = read_secret_file(path)?;
                let entries = dotenv::parse(&text).map_err(|e| e.in_file(path))?;
                // A key set twice is an error, as when jwtadm writes it: loaders disagree on
                // which line wins, and the server may read the other one.
                match dotenv::find(&entries, key).map_err(|e| e.in_file(path))? {
                    Some(entry) => Ok(Zeroizing::new(entry.value.clone())),
                    None => Err(Error::operational(format!("no secret: {} has no {key}= line", path.display()))),
                }
            }
            SecretSource::Keyring { .. } => match self.keyring_item().map(|i| i.get()).transpose()?.flatten() {
                Some(text) => Ok(text),
                None => Err(Error::operational(format!("no secret: there is no {self} in the {} store", self.store_name()))
                    .with_hint(format!("store one with: jwtadm secret gen --to {self} --keyring-store {}", self.store_name()))),
            },
            SecretSource::Stdin => {
                // The first line, and no more than a secret can be: /dev/zero is not a secret.
                let mut line = Zeroizing::new(String::new());
                std::io::BufRead::read_line(
                    &mut std::io::Read::take(std::io::stdin().lock(), 64 * 1024 + 1),
                    &mut line,
                )
                    .map_err(|e| Error::operational(format!("reading the secret from standard input: {}", crate::error::describe_io(&e))))?;
                if line.len() > 64 * 1024 {
                    return Err(Error::operational("the secret on standard input is longer than 64 KiB: not a secret"));
                }
                Ok(trim_line_end(line))
            }
        }
    }

    /// Store `text` (the secret's text form) at this source. `file:` is created 0600 and not
    /// overwritten without `force`; `dotenv:` gets its one line added or replaced, every other
    /// byte of the file kept. The write is atomic.
    pub fn store(&self, text: &str, force: bool) -> Result<()> {
        self.store_unscrubbed(text, force)
            .map_err(|e| self.scrub(e))
    }

    fn store_unscrubbed(&self, text: &str, force: bool) -> Result<()> {
        match self {
            // Files are written as every other file jwtadm writes: locked, exchanged, checked
            // against what was read, never through a device, a FIFO or a link left dangling;
            // a new file is never put over one created meanwhile.
            SecretSource::File(path) => {
                check_place_for_secret(path)?;
                let mut plan = Plan::open_with(&[], &[path])?;
                if !force && plan.existed(path) {
                    return Err(
                        Error::operational(format!("{} already exists", path.display()))
                            .with_hint("pass --force to replace it"),
                    );
                }
                let mut content = String::with_capacity(text.len() + 1);
                content.push_str(text);
                content.push('\n');
                plan.replace(path, content);
                plan.make_private(path)?;
                plan.commit(false).map(|_| ())
            }
            SecretSource::Dotenv { path, key } => {
                let mut plan = Plan::open_with(&[], &[path])?;
                let new =
                    dotenv::set(plan.content(path), key, text).map_err(|e| e.in_file(path))?;
                plan.replace(path, new);
                plan.commit(false).map(|_| ())
            }
            SecretSource::Keyring { .. } => {
                let item = self
                    .keyring_item()
                    .ok_or_else(|| Error::operational("not a keyring source"))?;
                if !force && item.get()?.is_some() {
                    return Err(Error::operational(format!(
                        "{self} already holds a secret in the {} store",
                        self.store_name()
                    ))
                    .with_hint(
                        "pass --force to replace it (or rotate it with jwtadm secret rotate)",
                    ));
                }
                item.set(text)
            }
            SecretSource::Env(_) | SecretSource::Stdin => Err(Error::usage(format!(
                "a secret cannot be written to {self}: use file:PATH, dotenv:PATH#KEY or keyring:SERVICE/ACCOUNT"
            ))),
        }
    }
}

fn trim_line_end(mut s: Zeroizing<String>) -> Zeroizing<String> {
    while s.ends_with('\n') || s.ends_with('\r') {
        s.pop();
    }
    s
}

fn read_secret_file(path: &Path) -> Result<Zeroizing<String>> {
    let mut f =
        atomic::open_regular(path).map_err(|e| Error::io("reading the secret file", path, e))?;
    let mut s = Zeroizing::new(String::new());
    f.read_to_string(&mut s)
        .map_err(|e| Error::io("reading the secret file", path, e))?;
    Ok(s)
}

/// Refuse a key file that someone else could read or replace, as ssh's StrictModes refuses such
/// a key: a file group or others may read or write; a file owned by someone other than the
/// user (the effective uid) or root; a file in a folder, or under a folder up to `/`, that
/// someone else owns, or that group or others may write without the sticky bit (which, as in
/// /tmp, stops them from renaming or deleting what they do not own). The folders checked are
/// those of the path as given and of the path its symbolic links lead to.
#[cfg(unix)]
pub fn check_private(path: &Path) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let meta =
        std::fs::metadata(path).map_err(|e| Error::io("reading the secret file", path, e))?;
    if !meta.is_file() {
        return Err(Error::operational(format!(
            "the secret file {} is {}, not a regular file",
            path.display(),
            atomic::kind_of(&meta.file_type())
        ))
        .with_hint(
            "name a regular 0600 file, or another source (env:, dotenv:, keyring:, stdin)",
        ));
    }
    let mode = meta.mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(Error::operational(format!(
            "the secret file {} is accessible by group or others (mode {mode:04o})",
            path.display()
        ))
        .with_hint(format!("run: chmod 600 {}", path.display())));
    }
    check_owner_and_folders(path, Some(&meta))
}

/// The part of [`check_private`] a secret about to be written must pass: the file, when there
/// is one, is the user's or root's, and no folder above it lets someone else replace it. (Its
/// mode is not checked: jwtadm writes a secret 0600.)
#[cfg(unix)]
pub fn check_place_for_secret(path: &Path) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(meta) => check_owner_and_folders(path, Some(&meta)),
        Err(_) => check_owner_and_folders(path, None),
    }
}

#[cfg(not(unix))]
pub fn check_place_for_secret(_path: &Path) -> Result<()> {
    Ok(())
}

#[cfg(unix)]
fn check_owner_and_folders(path: &Path, meta: Option<&std::fs::Metadata>) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let me = rustix::process::geteuid().as_raw();
    if let Some(meta) = meta
        && meta.uid() != me
        && meta.uid() != 0
    {
        return Err(Error::operational(format!(
            "the secret file {} is owned by uid {}, not by you (uid {me}) or root: its owner can change it",
            path.display(),
            meta.uid()
        ))
        .with_hint(format!(
            "take it over (as root: chown {me} {}), or keep the secret in a file of your own",
            path.display()
        )));
    }
    for dir in folders_of(path) {
        let Ok(m) = std::fs::metadata(&dir) else {
            continue;
        };
        let dmode = m.mode() & 0o7777;
        if m.uid() != me && m.uid() != 0 {
            return Err(Error::operational(format!(
                "the secret file {} is in the folder {}, owned by uid {}, not by you (uid {me}) or root: its owner can replace the file",
                path.display(),
                dir.display(),
                m.uid()
            ))
            .with_hint(format!(
                "move the secret file to a folder of your own, or (as root) chown {me} {}",
                dir.display()
            )));
        }
        if dmode & 0o022 != 0 && dmode & 0o1000 == 0 {
            return Err(Error::operational(format!(
                "the secret file {} is in the folder {}, which group or others may write (mode {dmode:04o}) and is not sticky: anyone who can write there can replace the file",
                path.display(),
                dir.display()
            ))
            .with_hint(format!(
                "run: chmod go-w {} (or chmod +t {} for a shared folder), or move the secret file to a folder of your own",
                dir.display(),
                dir.display()
            )));
        }
    }
    Ok(())
}

/// Every folder above `path` up to `/`: along the path as given (made absolute), and along the
/// path with its symbolic links resolved. Each once, nearest first.
#[cfg(unix)]
fn folders_of(path: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    let given = std::path::absolute(path).ok();
    let real = std::fs::canonicalize(path).ok();
    for p in given.iter().chain(real.iter()) {
        for dir in p.ancestors().skip(1) {
            if !dir.as_os_str().is_empty() && !out.iter().any(|d| d == dir) {
                out.push(dir.to_path_buf());
            }
        }
    }
    out
}

#[cfg(not(unix))]
pub fn check_private(_path: &Path) -> Result<()> {
    Ok(())
}

/// Fresh key bytes from the operating system's CSPRNG.
pub fn generate(len: usize) -> Result<Secret> {
    use rand::RngCore;
    let mut bytes = vec![0u8; len];
    rand::rngs::OsRng.try_fill_bytes(&mut bytes).map_err(|e| {
        Error::operational(format!(
            "the operating system's random generator failed: {e}"
        ))
    })?;
    Ok(Secret::new(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_parse_and_print_back() {
        for s in [
            "env:JWT_SECRET_KEY",
            "file:/etc/jwt.key",
            "dotenv:.env.docker#JWT_SECRET_KEY",
            "stdin",
        ] {
            assert_eq!(s.parse::<SecretSource>().unwrap().to_string(), s);
        }
        assert_eq!(
            "dotenv:dir#x/.env#KEY".parse::<SecretSource>().unwrap(),
            SecretSource::Dotenv {
                path: "dir#x/.env".into(),
                key: "KEY".into()
            }
        );
    }

    #[test]
    fn a_bare_value_is_not_a_source() {
        let err = "7xDAibhd1vBRKRdNahRpT713a74Q2"
            .parse::<SecretSource>()
            .unwrap_err();
        assert!(err.contains("never taken on the command line"), "{err}");
        assert!(!err.contains("7xDAib"), "the value is quoted back: {err}");
        assert!(
            "vault:x"
                .parse::<SecretSource>()
                .unwrap_err()
                .contains("unknown secret scheme")
        );
        assert!("dotenv:.env".parse::<SecretSource>().is_err());
        assert!("env:".parse::<SecretSource>().is_err());
    }

    #[test]
    fn messages_keep_names_and_paths_but_not_keys() {
        // Found by the second red team: whole paths were hidden, `:line:col` with them.
        let args: Vec<std::ffi::OsString> = ["jwtadm", "MyProject2024Backup/mcp.json"]
            .iter()
            .map(Into::into)
            .collect();
        assert_eq!(
            redact_args("reading MyProject2024Backup/mcp.json: no such file", &args),
            "reading MyProject2024Backup/mcp.json: no such file"
        );
        assert_eq!(
            redact_words("error: ClaudeDesktop4Windows/x.json:1:1: not valid JSON"),
            "error: ClaudeDesktop4Windows/x.json:1:1: not valid JSON"
        );
        let hidden = redact_words(
            "reading workspaceStorage/8f3e1c2d4b5a69788f3e1c2d4b5a6978/mcp.json: no such file",
        );
        assert_eq!(
            hidden,
            "reading workspaceStorage/<32 characters, not shown>/mcp.json: no such file"
        );
        for kept in [
            "env:JWT_SECRET_KEY_PREVIOUS_UNTIL",
            "/tmp/.tmpQ3xZ9K/err_truncated.json:",
            "internationalization-of-names",
            "sha256:3bb8ff4d7ce3",
            "eyJhbGciOiJIUzI1NiJ9…9sZA",
        ] {
            assert_eq!(redact_words(kept), kept);
        }
        for key in [
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "xDAibhd1vBRKRdNahRpT713a74Q2_UXt-BPW3MTu80",
            "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=",
            "c4n4ryc4n4ryc4n4ryc4n4ryc4n4ryc4n4ry0001",
        ] {
            let text = redact_words(&format!("--expires: `{key}` is not a time"));
            assert!(!text.contains(&key[..12]), "{text}");
            assert!(
                text.contains("characters, not shown>` is not a time"),
                "{text}"
            );
        }
    }

    #[test]
    fn arguments_that_could_be_secrets_leave_parser_errors() {
        let args: Vec<std::ffi::OsString> = [
            "jwtadm",
            "--secret",
            "--A--a_A+AA__-+aAa_=a_=++a=A+_a=",
            "x",
        ]
        .iter()
        .map(Into::into)
        .collect();
        let text = redact_args(
            "error: unexpected argument '--A--a_A+AA__-+aAa_' found",
            &args,
        );
        assert!(!text.contains("aAa_"), "{text}");
        assert!(text.contains("<19 characters, not shown>"), "{text}");
        assert_eq!(
            redact_args("error: unexpected argument 'x'", &args),
            "error: unexpected argument 'x'"
        );
    }

    #[test]
    fn texts_that_could_be_secrets_are_not_shown() {
        for secret in [
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "xDAibhd1vBRKRdNahRpT713a74Q2_UXt-BPW3MTu80",
            "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=",
            // Found by the property test no_output_contains_the_secret.
            "0__=0=/-=AaA_A-A+-=0/aAa-0A+=A_A",
            "Zk3q/9XbT-4rPw_2Lm/8NvYc-1Hs0Qe7",
            "kP9xQ2mZ7vB4/nR",
        ] {
            assert!(could_be_secret(secret), "{secret}");
            assert!(!shown(secret).contains(&secret[..8]));
        }
        for name in [
            "JWT_SECRET_KEY",
            "EXAI_JWT_TOKEN_C0",
            "JWT_SECRET_KEY_PREVIOUS_UNTIL",
            "/etc/exai/jwt.key",
            ".env.docker",
            "/tmp/.tmpAbC123/keys/jwt.key.previous-until",
            // Temporary folders: a few capitals and digits among many letters.
            "/tmp/.tmpQ3xZ9K/err_truncated.json",
            "/tmp/.tmp4tdQOF/A1b2C3/err_truncated.json",
        ] {
            assert!(!could_be_secret(name), "{name}");
            assert_eq!(shown(name), name);
        }
    }

    #[test]
    fn encodings_decode_and_encode() {
        assert_eq!(Encoding::Utf8.decode("abc").unwrap(), b"abc");
        assert_eq!(Encoding::Hex.decode("00ff10").unwrap(), [0, 255, 16]);
        assert_eq!(
            Encoding::Hex.decode("0G").unwrap_err(),
            "character 2 is not a hex digit"
        );
        assert!(Encoding::Hex.decode("abc").is_err());
        assert_eq!(Encoding::Base64.decode("+/8=").unwrap(), [0xfb, 0xff]);
        assert_eq!(Encoding::Base64.decode("+/8").unwrap(), [0xfb, 0xff]);
        assert_eq!(Encoding::Base64Url.decode("-_8").unwrap(), [0xfb, 0xff]);
        assert!(Encoding::Base64Url.decode("+/8").is_err());
        for enc in [Encoding::Hex, Encoding::Base64, Encoding::Base64Url] {
            let bytes = [1u8, 2, 250, 251, 252, 253, 254, 255];
            assert_eq!(enc.decode(&enc.encode(&bytes)).unwrap(), bytes);
        }
    }

    #[test]
    fn debug_never_shows_the_bytes() {
        let s = Secret::new(b"super-secret-value".to_vec());
        let dbg = format!("{s:?}");
        assert!(!dbg.contains("super"), "{dbg}");
        assert!(dbg.contains("redacted 18 bytes"));
    }

    #[test]
    fn fingerprint_is_sha256_prefix() {
        // sha256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
        assert_eq!(
            Secret::new(b"abc".to_vec()).fingerprint(),
            "sha256:ba7816bf8f01"
        );
        assert_eq!(Secret::new(b"abc".to_vec()).key_id(), "ba7816bf8f01");
    }

    #[test]
    fn generated_secrets_differ_and_have_the_length_asked() {
        let a = generate(32).unwrap();
        let b = generate(32).unwrap();
        assert_eq!(a.len(), 32);
        assert_ne!(a.expose(), b.expose());
    }

    #[cfg(unix)]
    #[test]
    fn an_empty_previous_secret_is_none() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("jwt.key");
        let write = |name: &str, text: &str| {
            let p = dir.path().join(name);
            std::fs::write(&p, text).unwrap();
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        };
        write("jwt.key", "current-secret\n");
        let source = SecretSource::File(key);
        assert!(source.load_previous(Encoding::Utf8).unwrap().is_none());
        write("jwt.key.previous", "\n");
        assert!(source.load_previous(Encoding::Utf8).unwrap().is_none());
        write("jwt.key.previous-until", "2025-01-01T00:00:00Z\n");
        assert!(source.load_previous(Encoding::Utf8).unwrap().is_none());
        write("jwt.key.previous", "old-secret\n");
        let prev = source.load_previous(Encoding::Utf8).unwrap().unwrap();
        assert_eq!(prev.secret.expose(), b"old-secret");
        write("jwt.key.previous-until", "");
        let err = source.load_previous(Encoding::Utf8).unwrap_err();
        assert!(err.to_string().contains("missing or empty"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn group_readable_key_files_are_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("jwt.key");
        std::fs::write(&path, "k\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let err = SecretSource::File(path.clone())
            .load(Encoding::Utf8)
            .unwrap_err();
        assert_eq!(err.exit(), crate::error::Exit::Operational);
        assert!(err.to_string().contains("0640"));
        assert!(err.hint().unwrap().contains("chmod 600"));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(
            SecretSource::File(path)
                .load(Encoding::Utf8)
                .unwrap()
                .expose(),
            b"k"
        );
    }
}
