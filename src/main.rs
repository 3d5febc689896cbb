use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match jwtadm::cli::Cli::try_parse() {
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
