//! `command:PROGRAM ARGS…`: a secret printed by a program, as cargo's `credential-process` and
//! git's credential helpers get one from a secret manager (`command:op read op://infra/exai/jwt`,
//! `command:pass show exai/jwt`, `command:vault kv get -field=key secret/exai`). Read only.
//!
//! - The words are split as a POSIX shell splits them (quotes and backslashes, by `shlex`), but
//!   no shell runs: nothing is expanded (`$VAR`, `~`, globs) and `|`, `;` or `>` are words like
//!   any other. The program is found on `PATH` as [`std::process::Command`] finds it, and runs
//!   as the user, with jwtadm's environment, in jwtadm's folder (a roster's command in the
//!   roster's folder, as its relative paths are).
//! - Its standard output, less one final line end, is the secret: kept in memory that is
//!   zeroized, at most [`MAX_OUTPUT`], never shown — not in errors, not in `Debug`.
//! - Its standard error is shown only when it fails (a non-zero exit, a signal), trimmed,
//!   cut to [`STDERR_SHOWN`] characters, redacted of any word that looks like a key and of
//!   every line of what it printed on standard output.
//! - Its standard input is jwtadm's when that is a terminal, so that `op`, `vault` or pinentry
//!   can ask for a passphrase; otherwise it is empty, so that a token or claims piped into
//!   jwtadm are never read by the command.

use std::fmt;
use std::io::{IsTerminal, Read};
use std::path::Path;
use std::process::{Command as Process, ExitStatus, Stdio};

use zeroize::Zeroizing;

use super::{Kept, SecretSource, SecretStore};
use crate::error::{Error, Result, describe_io};
use crate::redact::{redact, redact_words};

/// The most a command may print: a secret, or a key, is far smaller.
pub const MAX_OUTPUT: usize = 1024 * 1024;
/// The part of a command's standard error kept (the rest is read and dropped, so that the
/// command never blocks on a full pipe).
const STDERR_KEPT: usize = 64 * 1024;
/// The most of a command's standard error an error shows.
pub const STDERR_SHOWN: usize = 1000;

/// Words that a shell would have treated as operators: here they reach the program as they are.
const SHELL_OPERATORS: [&str; 13] = [
    "|", "||", "|&", "&", "&&", ";", "<", "<<", ">", ">>", "2>", "2>&1", ">&2",
];
/// Programs that are shells: what their `-c` script holds is theirs to expand.
const SHELLS: [&str; 7] = ["sh", "bash", "dash", "zsh", "ksh", "fish", "busybox"];

pub struct Command<'a> {
    /// The text after `command:`, as given.
    pub line: &'a str,
    /// The folder it runs in; jwtadm's when `None`.
    pub dir: Option<&'a Path>,
}

/// The words of `line`, the text after `command:`, split as a POSIX shell splits them. An error
/// says what is wrong without quoting the text.
pub(super) fn parse(line: &str) -> std::result::Result<Vec<String>, String> {
    let words = shlex::split(line).ok_or_else(|| unbalanced(line))?;
    match words.first() {
        None => Err(
            "command: needs a program to run and its arguments, e.g. command:pass show exai/jwt"
                .into(),
        ),
        Some(program) if program.is_empty() => {
            Err("command: the program's name (the first word) is empty".into())
        }
        Some(_) if words.iter().any(|w| w.contains('\0')) => {
            Err("command: a word holds a NUL character, which no program can be given".into())
        }
        Some(_) => Ok(words),
    }
}

/// What is wrong with a line [`shlex::split`] refused: a quote never closed, or a backslash
/// at the very end, found by reading it as shlex does (a `#` starting a word begins a comment).
fn unbalanced(line: &str) -> String {
    let mut open: Option<(char, usize)> = None;
    let mut word_start = true;
    let mut chars = line.chars().enumerate();
    while let Some((i, c)) = chars.next() {
        match (open, c) {
            (None, '#') if word_start => {
                for (_, c) in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            (None, ' ' | '\t' | '\n') => word_start = true,
            (None, '\\') | (Some(('"', _)), '\\') => {
                if chars.next().is_none() && open.is_none() {
                    return "command: ends with a backslash that escapes nothing".into();
                }
                word_start = false;
            }
            (None, '\'' | '"') => {
                open = Some((c, i));
                word_start = false;
            }
            (Some((quote, _)), c) if c == quote => open = None,
            (None, _) => word_start = false,
            (Some(_), _) => {}
        }
    }
    match open {
        Some((quote, at)) => format!(
            "command: the {quote} at character {} is never closed (quotes group words as a shell's do)",
            at + 1
        ),
        None => "command: the words cannot be split as a shell would split them".into(),
    }
}

impl Command<'_> {
    fn words(&self) -> Result<Vec<String>> {
        parse(self.line).map_err(Error::usage)
    }

    /// Run the command: what it printed, less one final line end (`\n` or `\r\n`), as bytes
    /// (what a key file holds may not be text).
    pub fn output(&self) -> Result<Zeroizing<Vec<u8>>> {
        let words = self.words()?;
        let (program, args) = words
            .split_first()
            .ok_or_else(|| Error::usage("command: needs a program to run"))?;
        let mut process = Process::new(self.program_path(program));
        process
            .args(args)
            .stdin(if std::io::stdin().is_terminal() {
                Stdio::inherit()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(dir) = self.dir {
            process.current_dir(dir);
        }
        let mut child = process.spawn().map_err(|e| self.not_run(program, &e))?;
        let stdout = child.stdout.take().expect("standard output is piped");
        let stderr = child.stderr.take().expect("standard error is piped");
        // Standard error is drained on a thread of its own, so that a command writing much of
        // it never blocks while standard output is read here.
        let (output, errors) = std::thread::scope(|scope| {
            let errors = scope.spawn(move || read_stderr(stderr));
            let output = read_secret(stdout, MAX_OUTPUT);
            if !matches!(output, Ok(Some(_))) {
                let _ = child.kill();
            }
            (output, errors.join().unwrap_or_default())
        });
        let status = child
            .wait()
            .map_err(|e| Error::operational(format!("waiting for {self}: {}", describe_io(&e))))?;
        let mut output = match output {
            Ok(Some(output)) => output,
            Ok(None) => {
                return Err(Error::operational(format!(
                    "no secret: {self} printed more than {} MiB on standard output, which is no secret",
                    MAX_OUTPUT / (1024 * 1024)
                )));
            }
            Err(e) => {
                return Err(Error::operational(format!(
                    "no secret: reading what {self} printed: {}",
                    describe_io(&e)
                )));
            }
        };
        let errors = shown_stderr(&errors, &output);
        if !status.success() {
            let mut e = Error::operational(if errors.is_empty() {
                format!(
                    "no secret: {self} {}, with nothing on standard error",
                    ended(status)
                )
            } else {
                format!("no secret: {self} {}: {errors}", ended(status))
            });
            if let Some(hint) = self.shell_hint(&words) {
                e = e.with_hint(hint);
            }
            return Err(e);
        }
        let was_empty = output.is_empty();
        let line_end = [&b"\r\n"[..], b"\n"]
            .into_iter()
            .find(|end| output.ends_with(end))
            .map_or(0, <[u8]>::len);
        let len = output.len() - line_end;
        output.truncate(len);
        if output.is_empty() {
            let what = if was_empty {
                "printed nothing on standard output"
            } else {
                "printed an empty line on standard output"
            };
            let errors = if errors.is_empty() {
                String::new()
            } else {
                format!(" (on standard error: {errors})")
            };
            return Err(Error::operational(format!(
                "no secret: {self} {what}{errors}"
            )));
        }
        Ok(output)
    }

    /// The program to start: a relative path (`./get-secret`) is taken from the folder the
    /// command runs in, not jwtadm's, and made absolute (which folder a relative program is
    /// found from after a change of folder differs between platforms); a bare name is looked
    /// for on `PATH`.
    fn program_path(&self, program: &str) -> std::path::PathBuf {
        match self.dir {
            Some(dir) if names_a_path(program) && Path::new(program).is_relative() => {
                let path = dir.join(program);
                std::path::absolute(&path).unwrap_or(path)
            }
            _ => program.into(),
        }
    }

    /// Why the program did not start.
    fn not_run(&self, program: &str, e: &std::io::Error) -> Error {
        let named = redact_words(program);
        match e.kind() {
            std::io::ErrorKind::NotFound if names_a_path(program) => {
                Error::operational(format!("no secret: {self}: there is no program at {named}"))
                    .with_hint(self.shell_hint(&[program.to_string()]).unwrap_or_else(|| {
                        "name a program that exists, by its path or by a name on PATH".into()
                    }))
            }
            std::io::ErrorKind::NotFound => Error::operational(format!(
                "no secret: {self}: there is no program named {named} on PATH"
            ))
            .with_hint(format!(
                "install {named}, or name it by its full path; the words after command: are a program and its arguments, run without a shell"
            )),
            std::io::ErrorKind::PermissionDenied => Error::operational(format!(
                "no secret: {self}: {named} cannot be run: permission denied"
            ))
            .with_hint(format!("make {named} executable (chmod +x), or name another program")),
            _ => Error::operational(format!(
                "no secret: {self}: running {named}: {}",
                describe_io(e)
            )),
        }
    }

    /// When a word is one a shell would have expanded or acted on (and the program is not a
    /// shell itself): that none did.
    fn shell_hint(&self, words: &[String]) -> Option<String> {
        let program = words.first()?;
        let name = Path::new(program).file_name()?.to_str()?;
        if SHELLS.contains(&name) {
            return None;
        }
        let name = redact_words(name);
        let script =
            "put it in a script and name the script, or run a shell yourself: command:sh -c '…'";
        words.iter().find_map(|w| {
            let word = redact_words(w);
            if w.starts_with('~') {
                Some(format!(
                    "no shell runs the command, so `~` in `{word}` is not your home folder: write the full path"
                ))
            } else if SHELL_OPERATORS.contains(&w.as_str()) {
                Some(format!(
                    "no shell runs the command, so `{word}` reached {name} as an argument; {script}"
                ))
            } else if w.contains(['$', '`']) {
                Some(format!(
                    "no shell runs the command, so `{word}` reached {name} as written, not expanded; {script}"
                ))
            } else {
                None
            }
        })
    }
}

/// Whether `program` is a path (`./get-secret`, `/usr/bin/pass`), not a name to look for on
/// `PATH`.
fn names_a_path(program: &str) -> bool {
    Path::new(program).components().count() > 1
}

/// How a process that failed ended.
fn ended(status: ExitStatus) -> String {
    if let Some(code) = status.code() {
        return format!("exited with status {code}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            let name = match signal {
                1 => " (SIGHUP)",
                2 => " (SIGINT)",
                3 => " (SIGQUIT)",
                6 => " (SIGABRT)",
                9 => " (SIGKILL)",
                11 => " (SIGSEGV)",
                13 => " (SIGPIPE)",
                14 => " (SIGALRM)",
                15 => " (SIGTERM)",
                _ => "",
            };
            return format!("was killed by signal {signal}{name}");
        }
    }
    format!("failed ({status})")
}

/// At most `max` bytes of `from`, in memory zeroized when it is let go: a buffer that grows is
/// copied into a new one and the old one zeroized, never reallocated in place. `None` past
/// `max`.
fn read_secret(mut from: impl Read, max: usize) -> std::io::Result<Option<Zeroizing<Vec<u8>>>> {
    let mut out = Zeroizing::new(Vec::with_capacity(4096));
    let mut chunk = Zeroizing::new([0u8; 4096]);
    loop {
        let n = match from.read(&mut chunk[..]) {
            Ok(0) => return Ok(Some(out)),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if out.len() + n > max {
            return Ok(None);
        }
        if out.len() + n > out.capacity() {
            let mut bigger =
                Zeroizing::new(Vec::with_capacity((out.capacity() * 2).max(out.len() + n)));
            bigger.extend_from_slice(&out);
            out = bigger;
        }
        out.extend_from_slice(&chunk[..n]);
    }
}

/// The first [`STDERR_KEPT`] bytes of a command's standard error, the rest read and dropped.
fn read_stderr(mut from: impl Read) -> Vec<u8> {
    let mut kept = Vec::new();
    let _ = (&mut from).take(STDERR_KEPT as u64).read_to_end(&mut kept);
    let _ = std::io::copy(&mut from, &mut std::io::sink());
    kept
}

/// A command's standard error as an error shows it: on one line (its lines trimmed, the empty
/// ones left out, the others joined by `; `), at most [`STDERR_SHOWN`] characters, without any
/// line of what it printed on standard output, and redacted as every message is.
fn shown_stderr(stderr: &[u8], stdout: &[u8]) -> String {
    let mut text = String::from_utf8_lossy(stderr).into_owned();
    for line in stdout.split(|&b| b == b'\n') {
        if let Ok(line) = std::str::from_utf8(line) {
            let line = line.trim();
            if line.chars().count() >= 4 && text.contains(line) {
                text = text.replace(
                    line,
                    &format!("<{} characters, not shown>", line.chars().count()),
                );
            }
        }
    }
    let text = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    let text = match text.char_indices().nth(STDERR_SHOWN) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    };
    redact(&text)
}

/// The `--secret` syntax, the command as given, but for a word that looks like a key pasted
/// there (hex, base64, random text: [`redact_words`]). Not every long word, as other sources'
/// names: a command's are often long (`sh -c '…'`), and none is the secret it prints.
impl fmt::Display for Command<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "command:{}", redact_words(self.line))
    }
}

impl<'a> SecretStore<'a> for Command<'a> {
    fn read(&self) -> Result<Zeroizing<String>> {
        let mut output = self.output()?;
        match String::from_utf8(std::mem::take(&mut *output)) {
            Ok(text) => Ok(Zeroizing::new(text)),
            Err(e) => {
                drop(Zeroizing::new(e.into_bytes()));
                Err(Error::operational(format!(
                    "no secret: {self} printed text that is not UTF-8"
                )))
            }
        }
    }

    /// There is no telling whether a command has a secret but by running it.
    fn read_optional(&self) -> Result<Option<Zeroizing<String>>> {
        self.read().map(Some)
    }

    fn write_elsewhere(&self) -> String {
        let program = self
            .words()
            .ok()
            .and_then(|w| w.into_iter().next())
            .map_or_else(|| "the secret manager".into(), |p| redact_words(&p));
        format!(
            "jwtadm only reads what {program} prints: store a new secret with {program} itself \
             (jwtadm secret gen prints one), then reissue the tokens with jwtadm token issue-all \
             --patch; or keep the secret in file:PATH, dotenv:PATH#KEY or \
             keyring:SERVICE/ACCOUNT, where jwtadm writes and rotates it"
        )
    }

    fn kept(&self, _kept: Kept) -> Option<SecretSource> {
        None
    }

    fn longer_key_hint(&self, alg: &dyn fmt::Display) -> String {
        format!(
            "store a longer secret where {self} reads it, for example one from: jwtadm secret gen --alg {alg}"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_split_as_a_shell_splits_them() {
        assert_eq!(
            parse("vault kv get -field=\"key\" 'secret/exai jwt' a\\ b").unwrap(),
            ["vault", "kv", "get", "-field=key", "secret/exai jwt", "a b"]
        );
        assert_eq!(
            parse("pass show x # a comment").unwrap(),
            ["pass", "show", "x"]
        );
    }

    #[test]
    fn what_cannot_be_split_is_said_without_quoting_it() {
        let err = parse("vault kv get -field=\"key secret/exai").unwrap_err();
        assert!(
            err.contains("the \" at character 21 is never closed"),
            "{err}"
        );
        let err = parse("op read 'op://x").unwrap_err();
        assert!(err.contains("the ' at character 9"), "{err}");
        let err = parse("op read x\\").unwrap_err();
        assert!(err.contains("backslash"), "{err}");
        // A quote inside a comment, or inside the other kind of quotes, opens nothing.
        assert!(parse("a \"it's\" # don't").is_ok());
        for empty in ["", "   ", "# nothing", "'' x"] {
            assert!(parse(empty).is_err(), "{empty:?}");
        }
    }

    #[test]
    fn output_is_read_whole_up_to_its_limit_and_refused_past_it() {
        let long = vec![b'k'; 100_000];
        let got = read_secret(&long[..], MAX_OUTPUT).unwrap().unwrap();
        assert_eq!(&got[..], &long[..]);
        assert!(read_secret(&long[..], 99_999).unwrap().is_none());
    }

    #[test]
    fn stderr_is_one_short_line_without_the_output() {
        let shown = shown_stderr(
            b"gpg: decryption failed\n\nthe value was hunter2-canary\n",
            b"hunter2-canary\n",
        );
        assert_eq!(
            shown,
            "gpg: decryption failed; the value was <14 characters, not shown>"
        );
        let long = "e".repeat(5000);
        assert_eq!(
            shown_stderr(long.as_bytes(), b"").chars().count(),
            STDERR_SHOWN + 1
        );
    }
}
