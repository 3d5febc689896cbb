use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

fn main() -> ExitCode {
    let mut command = jwtadm::cli::Cli::command();
    let parsed = command
        .try_get_matches_from_mut(std::env::args_os())
        .and_then(|mut matches| jwtadm::cli::Cli::from_arg_matches_mut(&mut matches));
    // The command tree is not needed again, and freeing it is wasted work in a short run such
    // as `token issue`: the process ends soon and returns the memory anyway.
    std::mem::forget(command);
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            // clap's own exit codes: 0 for --help and --version, 2 for a usage error.
            let _ = e.print();
            return ExitCode::from(e.exit_code() as u8);
        }
    };
    match jwtadm::run(cli) {
        Ok(exit) => ExitCode::from(exit.code()),
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            let color = jwtadm::output::stderr_color();
            let (error, hint) = if color {
                ("\x1b[1;31merror:\x1b[0m", "\x1b[1;36mhint:\x1b[0m")
            } else {
                ("error:", "hint:")
            };
            eprintln!("{error} {e}");
            if let Some(h) = e.hint() {
                eprintln!("{hint} {h}");
            }
            ExitCode::from(e.exit().code())
        }
    }
}
