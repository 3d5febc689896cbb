//! `jwtadm completions SHELL` and `jwtadm man`: generated from the clap definitions.

use clap::CommandFactory;

use crate::cli::{Cli, Shell};
use crate::error::{Error, Exit, Result};
use crate::output::Out;

pub fn completions(shell: Shell, out: &Out) -> Result<Exit> {
    use clap_complete::Shell as S;
    let shell = match shell {
        Shell::Bash => S::Bash,
        Shell::Zsh => S::Zsh,
        Shell::Fish => S::Fish,
        Shell::Powershell => S::PowerShell,
        Shell::Elvish => S::Elvish,
    };
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "jwtadm", &mut buf);
    out.print_raw(&buf)?;
    Ok(Exit::Ok)
}

pub fn man(out: &Out) -> Result<Exit> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut buf)
        .map_err(|e| Error::operational(format!("rendering the man page: {e}")))?;
    out.print_raw(&buf)?;
    Ok(Exit::Ok)
}
