//! Keeping secrets out of what jwtadm shows: whether a text could be a key pasted where a name
//! belongs, and messages with such texts replaced by their length. Used by every message
//! (`main`, `output`), by the names of secret sources and by check details.

use std::path::Path;

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
    run.chars().any(|c| c.is_ascii_digit())
        && run.chars().any(|c| c.is_ascii_alphabetic())
        && switch_ratio(run) >= 0.4
}

/// Whether a word of a message looks like a key rather than a name or a path: a run of 16
/// letters and digits with both in it that changes class as random text does (hex, base64),
/// base64's `+` or `=` among such text, or random-looking mixed case and digits (see
/// [`could_be_secret`]). Names such as `JWT_SECRET_KEY_PREVIOUS_UNTIL` are not.
fn looks_random(word: &str) -> bool {
    let has = |t: &str, f: fn(&char) -> bool| t.chars().any(|c| f(&c));
    let alnum_run = word
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|run| run.len() >= 16 && switches_a_lot(run));
    // Base64's `+` and `=` among letters and digits that change as random text does; a name
    // with a `+` in it (`c++-toolchain-…`) changes seldom.
    let b64 = word.contains(['+', '='])
        && has(word, char::is_ascii_alphabetic)
        && switch_ratio(word) >= 0.4;
    // Long names made of words (`modelcontextprotocol-server-filesystem`) are not keys: they
    // are shown (found by the third red team, which saw server names and issuers hidden).
    alnum_run || b64 || word.split('/').any(random_mix)
}

/// `text` (an error of the argument parser) with every command-line argument, or part of one
/// around `=`, that [`could_be_secret`] replaced by its length: clap quotes the arguments it
/// rejects, and a secret or token typed where it does not belong must not come back.
pub fn redact_args(text: &str, args: &[std::ffi::OsString]) -> String {
    replace_pieces(text, &arg_pieces(args))
}

/// The arguments, or parts of them, that [`redact_args`] hides: longest first, so that a part
/// is never replaced inside a longer match left unredacted.
fn arg_pieces(args: &[std::ffi::OsString]) -> Vec<String> {
    let mut pieces: Vec<String> = Vec::new();
    for arg in args {
        let arg = arg.to_string_lossy();
        // A path keeps its name: only a part of it that looks like a key is hidden, and none
        // of a path that names a real place.
        let value = arg.split_once('=').map_or(arg.as_ref(), |(_, v)| v);
        // A standard-base64 key has `/` too, but also `+` or `=`, which paths seldom have.
        let base64ish = arg.contains(['+', '=']) && could_be_secret(&arg);
        if value.contains('/') && !base64ish {
            pieces.extend(random_path_parts(value));
            continue;
        }
        let mut whole = vec![arg.to_string()];
        whole.extend(arg.split('=').map(str::to_string));
        if let Some((_, value)) = arg.split_once('=') {
            whole.push(value.to_string());
        }
        // A key, not a long name typed on purpose (`--iss exai-mcp-server-staging-cluster`).
        whole.retain(|p| p.chars().count() >= 8 && could_be_secret(p) && looks_random(p));
        pieces.extend(whole);
    }
    pieces.sort_by_key(|p| std::cmp::Reverse(p.len()));
    pieces.dedup();
    pieces
}

fn replace_pieces(text: &str, pieces: &[String]) -> String {
    let mut out = text.to_string();
    for p in pieces {
        if out.contains(p.as_str()) {
            out = out.replace(
                p.as_str(),
                &format!("<{} characters, not shown>", p.chars().count()),
            );
        }
    }
    out
}

/// `text` (an error, a hint, a warning) as jwtadm shows it: every argument of this run, or part
/// of one around `=`, that [`could_be_secret`], and every other word of 20 characters or more
/// that could, replaced by its length. A secret pasted as `--expires`, as a path, as `--only`,
/// or into a roster field, is not repeated by the message that says it is wrong. The run's
/// arguments are looked at once (a status of thousands of places redacts thousands of details).
pub fn redact(text: &str) -> String {
    static PIECES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let pieces = PIECES.get_or_init(|| {
        let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
        arg_pieces(&args)
    });
    redact_words(&replace_pieces(text, pieces))
}

/// Public texts that look random and may be shown: the key ids (RFC 7638 thumbprints) of the
/// keys this run read, registered by `keys` as it computes them.
static ALLOWED: std::sync::LazyLock<std::sync::RwLock<std::collections::HashSet<String>>> =
    std::sync::LazyLock::new(Default::default);

/// Let messages show `text` (a key id this run computed), alone or as `kid:TEXT`.
pub fn allow(text: &str) {
    if let Ok(mut set) = ALLOWED.write() {
        set.insert(text.to_string());
    }
}

fn allowed(word: &str) -> bool {
    let bare = word.strip_prefix("kid:").unwrap_or(word);
    ALLOWED.read().is_ok_and(|set| set.contains(bare))
}

/// `text` with every word (between blanks, quotes and brackets) of 20 characters or more that
/// [`could_be_secret`] replaced by its length. A key id this run computed (see [`allow`]) is
/// kept, alone or as `kid:…`; any other word is judged on its own, whatever it is prefixed
/// with, and an argument of this run is hidden by [`redact`] before this.
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
        } else if core.chars().count() >= 20
            && looks_random(core)
            && !core.contains('…')
            && !allowed(core)
        {
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
    // As given, or after a source's scheme (`file:`, `dotenv:`) and without a dotenv `#KEY`.
    let bare = path
        .split_once(':')
        .filter(|(scheme, _)| scheme.chars().all(|c| c.is_ascii_alphabetic()))
        .map_or(path, |(_, rest)| rest);
    let bare = bare.rsplit_once('#').map_or(bare, |(p, _)| p);
    let real = [path, bare].iter().any(|candidate| {
        let p = Path::new(candidate);
        p.exists()
            || p.parent()
                .is_some_and(|d| !d.as_os_str().is_empty() && d.exists())
    });
    if real {
        return Vec::new();
    }
    path.split('/')
        .filter(|part| !is_address(part))
        .filter(|part| {
            (part.chars().count() >= 16 && looks_random(part))
                || (part.chars().count() >= 8 && switch_ratio(part) >= 0.45)
        })
        .map(str::to_string)
        .collect()
}

/// Whether a part of a path or URL is a network address (`127.0.0.1:8080`, `[::1]:443`,
/// `127.0.0.0`): digits, dots, colons and brackets, which no key is made of.
fn is_address(part: &str) -> bool {
    !part.is_empty()
        && part.chars().any(|c| c.is_ascii_digit())
        && part
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ':' | '[' | ']'))
}

/// How often `text` changes between capitals, small letters, digits and other characters, per
/// character: random text (a key cut by `/`) about six times in ten, words and names (`claude_
/// desktop_config`, `ClaudeDesktop`, `MyProject2024Backup`) a third or less.
fn switch_ratio(text: &str) -> f64 {
    let class = |c: char| {
        if c.is_ascii_digit() {
            0
        } else if c.is_ascii_uppercase() {
            1
        } else if c.is_ascii_lowercase() {
            2
        } else {
            3
        }
    };
    let chars: Vec<char> = text.chars().collect();
    if chars.len() < 2 {
        return 0.0;
    }
    let switches = chars
        .windows(2)
        .filter(|w| class(w[0]) != class(w[1]))
        .count();
    switches as f64 / (chars.len() - 1) as f64
}

/// `text` as an error shows it: itself, or, when it [`could_be_secret`], its length only.
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    if could_be_secret(text) {
        format!("<{} characters, not shown>", text.chars().count()).into()
    } else {
        text.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        // A temporary folder that exists names a real place: kept, however random its name.
        let dir = tempfile::Builder::new()
            .prefix(".tmpQ3xZ9K")
            .tempdir()
            .unwrap();
        let real = format!("{}/err_truncated.json:", dir.path().display());
        assert_eq!(redact_words(&real), real);
        // Found while fetching a JWKS: a loopback address and its port were hidden.
        let args: Vec<std::ffi::OsString> =
            ["jwtadm", "--jwks", "http://127.0.0.1:18765/jwks.json"]
                .iter()
                .map(Into::into)
                .collect();
        let msg = "fetching http://127.0.0.1:18765/jwks.json: loopback only (127.0.0.0/8, [::1])";
        assert_eq!(redact_words(&redact_args(msg, &args)), msg);
        for kept in [
            "env:JWT_SECRET_KEY_PREVIOUS_UNTIL",
            // Found by the third red team: server names and issuers were hidden.
            "modelcontextprotocol-server-filesystem",
            "exai-mcp-server-production-cluster",
            "ci-pipeline-service-account-prod-eu",
            "nonexist-modelcontextprotocol-server-filesystem/missing.json",
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
    fn a_base64_key_with_slashes_is_hidden_as_a_key_not_kept_as_a_path() {
        // Found by the property no_output_contains_the_secret.
        for key in [
            "--A__0+A__A___+-=a/00/aaaA=aa=+a",
            "Zk3q/9XbT4rPw2Lm/8NvYc1Hs0Qe7xYz",
        ] {
            let args: Vec<std::ffi::OsString> =
                ["jwtadm", "--secret", key].iter().map(Into::into).collect();
            let text = redact_args(&format!("error: unexpected argument '{key}' found"), &args);
            assert!(!text.contains(&key[..10]), "{text}");
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
}
