//! Command handlers: each turns parsed arguments into plain options, calls the core, and
//! prints the result. Errors are returned, never printed here.

mod client;
mod config;
mod key;
mod recover;
mod roster;
mod rotate;
mod scan;
mod secret;
mod server;
mod shell;
mod token;

use std::io::IsTerminal;

use crate::cli::{
    Cli, ClientCommand, ColorWhen, Command, ConfigCommand, KeyCommand, OutputFormat, RosterCommand,
    SecretCommand, ServerCommand, TokenCommand,
};
use crate::error::{Error, Exit, Result};
use crate::output::{Format, Out};
use crate::store::SecretSource;

/// Run a parsed command line. `Ok` carries the exit status of a command that ran to the end
/// (a verify that rejects a token ends with `Ok(Exit::Rejected)`).
pub fn run(cli: Cli) -> Result<Exit> {
    crate::output::set_color_choice(match cli.color {
        ColorWhen::Auto => crate::output::ColorChoice::Auto,
        ColorWhen::Always => crate::output::ColorChoice::Always,
        ColorWhen::Never => crate::output::ColorChoice::Never,
    });
    let sarif = cli.output == OutputFormat::Sarif;
    if sarif && !matches!(cli.command, Command::Scan(_)) {
        return Err(Error::usage(
            "-o sarif is for jwtadm scan; the other commands write table or json",
        ));
    }
    let out = Out::new(match cli.output {
        OutputFormat::Table => Format::Table,
        OutputFormat::Json | OutputFormat::Sarif => Format::Json,
    });
    let mut command = cli.command;
    choose_stores(&mut command)?;
    set_lock_timeout(&command);
    match command {
        Command::Secret(SecretCommand::Gen(args)) => secret::gen_cmd(args, &out),
        Command::Secret(SecretCommand::Fingerprint(args)) => secret::fingerprint(args, &out),
        Command::Secret(SecretCommand::Check(args)) => secret::check(args, &out),
        Command::Secret(SecretCommand::Rotate(args)) => secret::rotate(args, &out),
        Command::Key(KeyCommand::Gen(args)) => key::gen_cmd(args, &out),
        Command::Key(KeyCommand::Rotate(args)) => key::rotate(args, &out),
        Command::Key(KeyCommand::Public(args)) => key::public(args, &out),
        Command::Key(KeyCommand::Thumbprint(args)) => key::thumbprint(args, &out),
        Command::Key(KeyCommand::Jwks(args)) => key::jwks(args, &out),
        Command::Token(TokenCommand::Refresh(args)) => token::refresh(args, &out),
        Command::Token(TokenCommand::Issue(args)) => token::issue(args, &out),
        Command::Token(TokenCommand::Inspect(args)) => token::inspect(args, &out),
        Command::Token(TokenCommand::Verify(args)) => token::verify(args, &out),
        Command::Token(TokenCommand::IssueAll(args)) => roster::issue_all(args, &out),
        Command::Token(TokenCommand::Status(args)) => roster::status(args, &out),
        Command::Config(ConfigCommand::Patch(args)) => config::patch(args, &out),
        Command::Config(ConfigCommand::Paths(args)) => config::paths(args, &out),
        Command::Config(ConfigCommand::Find(args)) => config::find(args, &out),
        Command::Roster(RosterCommand::Init(args)) => roster::init(args, &out),
        Command::Scan(args) => scan::scan(args, sarif, &out),
        Command::Client(ClientCommand::List(args)) => client::list(args, &out),
        Command::Client(ClientCommand::Add(args)) => client::add(args, &out),
        Command::Client(ClientCommand::Remove(args)) => client::remove(args, &out),
        Command::Client(ClientCommand::Revoke(args)) => client::revoke(args, &out),
        Command::Server(ServerCommand::Metadata(args)) => server::metadata(args, &out),
        Command::Recover(args) => recover::recover(args, &out),
        Command::Completions { shell } => shell::completions(shell, &out),
        Command::Man { dir } => shell::man(dir.as_deref(), &out),
    }
}

/// Where `--secret`, `--key` or `--jwks` says the key is, when one was given.
fn check_place(check: &crate::cli::CheckWithArgs) -> Option<crate::ops::verify::KeyPlace<'_>> {
    use crate::ops::verify::KeyPlace;
    match (&check.secret, &check.key, &check.jwks) {
        (Some(s), _, _) => Some(KeyPlace::Secret(s, check.secret_encoding)),
        (_, Some(k), _) => Some(KeyPlace::Key(k)),
        (_, _, Some(j)) => Some(KeyPlace::Jwks(j)),
        _ => None,
    }
}

/// `--lock-timeout` of the commands that write files.
fn set_lock_timeout(command: &Command) {
    let seconds = match command {
        Command::Secret(SecretCommand::Rotate(a)) => a.write.lock_timeout,
        Command::Secret(SecretCommand::Gen(a)) => a.lock_timeout,
        Command::Key(KeyCommand::Gen(a)) => a.lock_timeout,
        Command::Key(KeyCommand::Rotate(a)) => a.write.lock_timeout,
        Command::Token(TokenCommand::IssueAll(a)) => a.lock_timeout,
        Command::Config(ConfigCommand::Patch(a)) => a.lock_timeout,
        Command::Client(ClientCommand::Add(a)) => a.lock_timeout,
        Command::Client(ClientCommand::Remove(a)) => a.lock_timeout,
        Command::Client(ClientCommand::Revoke(a)) => a.lock_timeout,
        _ => return,
    };
    crate::txn::set_lock_wait(crate::txn::LockWait {
        timeout: std::time::Duration::from_secs(seconds.max(0) as u64),
        announce: |path, timeout| {
            Out::new(Format::Table).note(&format!(
                "waiting for {}: another process holds its lock (giving up after {}s; --lock-timeout)",
                path.display(),
                timeout.as_secs()
            ))
        },
    });
}

/// Put `--keyring-store` into the keyring sources it qualifies.
fn choose_stores(command: &mut Command) -> Result<()> {
    fn apply(source: &mut SecretSource, store: Option<crate::store::keyring::Store>) -> Result<()> {
        *source = source.clone().with_store(store).map_err(Error::usage)?;
        Ok(())
    }
    match command {
        Command::Secret(SecretCommand::Gen(a)) => match &mut a.to {
            Some(to) => apply(to, a.keyring_store),
            None if a.keyring_store.is_some() => Err(Error::usage(
                "--keyring-store goes with --to keyring:SERVICE/ACCOUNT",
            )),
            None => Ok(()),
        },
        Command::Secret(SecretCommand::Rotate(a)) => match &mut a.secret {
            Some(s) => apply(s, a.write.keyring_store),
            None => Ok(()),
        },
        Command::Secret(SecretCommand::Fingerprint(a)) => apply(&mut a.secret, a.keyring_store),
        Command::Key(KeyCommand::Gen(a)) => apply(&mut a.to, a.keyring_store),
        Command::Key(KeyCommand::Rotate(a)) => match &mut a.key {
            Some(k) => apply(k, a.write.keyring_store),
            None => Ok(()),
        },
        Command::Token(TokenCommand::Status(a)) => match &mut a.key {
            Some(k) => apply(k, a.keyring_store),
            None => Ok(()),
        },
        // The commands that check tokens with --secret or --key, either one.
        Command::Scan(crate::cli::ScanArgs {
            check:
                crate::cli::CheckWithArgs {
                    secret,
                    key,
                    keyring_store,
                    ..
                },
            ..
        })
        | Command::Config(ConfigCommand::Find(crate::cli::ConfigFindArgs {
            check:
                crate::cli::CheckWithArgs {
                    secret,
                    key,
                    keyring_store,
                    ..
                },
            ..
        })) => match (secret, key) {
            (Some(s), _) => apply(s, *keyring_store),
            (_, Some(k)) => apply(k, *keyring_store),
            _ if keyring_store.is_some() => Err(Error::usage(
                "--keyring-store goes with --secret or --key keyring:SERVICE/ACCOUNT",
            )),
            _ => Ok(()),
        },
        Command::Key(KeyCommand::Public(a)) => apply(&mut a.key.key, a.key.keyring_store),
        Command::Key(KeyCommand::Jwks(a)) => apply(&mut a.key.key, a.key.keyring_store),
        Command::Secret(SecretCommand::Check(a)) => {
            apply(&mut a.secret.secret, a.secret.keyring_store)
        }
        Command::Token(TokenCommand::Issue(a)) => match &mut a.key {
            Some(key) => apply(key, a.secret.keyring_store),
            None => apply(&mut a.secret.secret, a.secret.keyring_store),
        },
        Command::Token(TokenCommand::Verify(a)) => match &mut a.key {
            Some(key) => apply(key, a.secret.keyring_store),
            None if a.jwks.is_some() => Ok(()),
            None => apply(&mut a.secret.secret, a.secret.keyring_store),
        },
        Command::Token(TokenCommand::Refresh(a)) => match &mut a.key {
            Some(key) => apply(key, a.secret.keyring_store),
            None => apply(&mut a.secret.secret, a.secret.keyring_store),
        },
        _ => Ok(()),
    }
}

/// A token from the argument, or from standard input when it is `-` or absent.
fn read_token(arg: Option<&str>) -> Result<String> {
    let raw = match arg {
        Some(t) if t != "-" => t.to_string(),
        _ => {
            let stdin = std::io::stdin();
            if stdin.is_terminal() {
                return Err(Error::usage(
                    "no token given: pass it as an argument, or pipe it on standard input",
                ));
            }
            crate::txn::read_text_capped(stdin.lock(), crate::txn::MAX_INPUT).map_err(|e| {
                if e.kind() == std::io::ErrorKind::InvalidData {
                    Error::rejected("the token on standard input is not UTF-8 text, so not a JWT")
                } else {
                    Error::operational(format!(
                        "reading the token from standard input: {}",
                        crate::error::describe_io(&e)
                    ))
                }
            })?
        }
    };
    Ok(crate::jose::clean(&raw).to_string())
}
