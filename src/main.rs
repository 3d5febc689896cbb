use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

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
            let text = jwtadm::secret::redact_args(&e.render().to_string(), &args);
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
    match jwtadm::run(cli) {
        Ok(exit) => ExitCode::from(exit.code()),
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
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
