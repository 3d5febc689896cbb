use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use jwtadm::cli::{Command, OutputFormat, TokenCommand};
use jwtadm::error::{Error, Exit};

/// Whether the command line asks for `-o json`, read from the arguments themselves: for a
/// usage error, when clap could not parse them. Options end at `--`.
fn asks_for_json(args: &[std::ffi::OsString]) -> bool {
    let args: Vec<&str> = args
        .iter()
        .skip(1)
        .map(|a| a.to_str().unwrap_or(""))
        .take_while(|a| *a != "--")
        .collect();
    args.iter().enumerate().any(|(i, a)| {
        matches!(*a, "-ojson" | "--output=json" | "-o=json")
            || (matches!(*a, "-o" | "--output") && args.get(i + 1) == Some(&"json"))
    })
}

/// Print the JSON document of a failed run on stdout: `{"error": {…}}`, and for `token
/// verify` also `"valid": false` and `"exit_code"`, as its report has them.
fn print_json_error(doc: serde_json::Value, exit: Exit, verify: bool) {
    let doc = if verify {
        serde_json::json!({"valid": false, "exit_code": exit.code(), "error": doc["error"]})
    } else {
        doc
    };
    let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{text}").and_then(|()| stdout.flush());
}

fn main() -> ExitCode {
    // --color, read ahead of clap for its help and usage errors; run() records the parsed one.
    jwtadm::output::set_color_choice(jwtadm::output::color_choice_in_args(std::env::args_os()));
    let mut command = jwtadm::cli::Cli::command().color(if jwtadm::output::stdout_color() {
        clap::ColorChoice::Always
    } else {
        clap::ColorChoice::Never
    });
    let parsed = command
        .try_get_matches_from_mut(std::env::args_os())
        .and_then(|mut matches| jwtadm::cli::Cli::from_arg_matches_mut(&mut matches));
    // The command tree is not needed again, and freeing it is wasted work in a short run such
    // as `token issue`: the process ends soon and returns the memory anyway.
    std::mem::forget(command);
    let cli = match parsed {
        Ok(cli) => cli,
        // --help and --version, exit 0.
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return ExitCode::from(e.exit_code() as u8);
        }
        // A usage error, exit 2: clap quotes what it rejects, so a secret or token typed in the
        // wrong place is replaced by its length, and control characters are shown escaped.
        Err(e) => {
            let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
            let text = jwtadm::redact::redact(&e.render().to_string());
            if asks_for_json(&args) {
                // The first line is what is wrong; the rest (usage, where to read more) the hint.
                let body = text.trim_end();
                let body = body.strip_prefix("error: ").unwrap_or(body);
                let (message, rest) = body.split_once('\n').unwrap_or((body, ""));
                let rest = rest.trim();
                let verify = args
                    .iter()
                    .filter_map(|a| a.to_str())
                    .collect::<Vec<_>>()
                    .windows(2)
                    .any(|w| w == ["token", "verify"]);
                print_json_error(
                    jwtadm::error::error_json(
                        message.trim(),
                        (!rest.is_empty()).then_some(rest),
                        Exit::Usage,
                    ),
                    Exit::Usage,
                    verify,
                );
            }
            let text = jwtadm::output::escape(text.trim_end(), true);
            let text = text.strip_prefix("error: ").unwrap_or(&text);
            jwtadm::output::eprint_labelled_lines(
                "error:",
                "1;31",
                text,
                jwtadm::output::stderr_color(),
            );
            return ExitCode::from(e.exit_code() as u8);
        }
    };
    // With -o json, a failure is one JSON document on stdout too (the human line stays on
    // stderr), so that a script always has a document to read.
    let json = cli.output == OutputFormat::Json;
    let verify = matches!(cli.command, Command::Token(TokenCommand::Verify(_)));
    match jwtadm::run(cli) {
        Ok(exit) => ExitCode::from(exit.code()),
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            // Nothing typed on the command line or read from a file that could be a secret is
            // repeated: a message names where a thing is, not what it is.
            let e = e.map_text(jwtadm::redact::redact);
            if json {
                print_json_error(Error::to_json(&e), e.exit(), verify);
            }
            // The message and hint are escaped whole: they never hold a control character on
            // purpose, and may quote a token's claim or a file's name.
            let color = jwtadm::output::stderr_color();
            jwtadm::output::eprint_labelled("error:", "1;31", e.message(), color);
            if let Some(h) = e.hint() {
                jwtadm::output::eprint_labelled("hint:", "1;36", h, color);
            }
            ExitCode::from(e.exit().code())
        }
    }
}
