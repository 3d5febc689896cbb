//! Every command-line definition, and nothing else: the handlers in `commands` turn these into
//! plain option structs for the core modules, which know nothing of clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::jose::verify::MediaType;
use crate::jose::{Alg, Profile};
use crate::secret::Encoding;
use crate::store::SecretSource;
use crate::store::keyring::Store;

/// The exit codes, the same for every command: shown after `jwtadm --help` and as the EXIT
/// STATUS table of every man page.
pub const EXIT_CODES: [(u8, &str); 5] = [
    (0, "success; the token is valid"),
    (
        1,
        "token rejected: malformed, bad signature, algorithm not allowed, claim mismatch",
    ),
    (2, "usage error"),
    (
        3,
        "the token is expired or not yet valid, and everything else about it is valid (reissue it)",
    ),
    (
        4,
        "operational error: no secret, unreadable or unparseable file, store unavailable",
    ),
];

/// Where a secret can live, for `--help` and the man pages.
pub const SECRET_SOURCES: &str = "Secret and key sources (--secret, --key): env:VAR (default \
env:JWT_SECRET_KEY), file:PATH (must be 0600), dotenv:PATH#KEY, keyring:SERVICE/ACCOUNT \
(--keyring-store secret-service|keyutils|keychain|windows; keyutils is in memory and lost on \
reboot), command:PROGRAM ARGS (its output, e.g. command:pass show exai/jwt; read-only), stdin \
(a secret only). \
A secret's value is never taken on the command line.";

/// The longest line an `after_help` may hold: clap wraps at the terminal's width, and a line
/// wrapped mid-command cannot be pasted. Prose is left to clap to wrap; examples and the exit
/// codes are laid out to fit this.
pub const HELP_WIDTH: usize = 80;

/// `jwtadm --help`'s epilogue: the exit codes, wrapped to [`HELP_WIDTH`] with a hanging
/// indent, and the secret sources as one paragraph for clap to wrap.
pub fn top_after_help() -> String {
    let mut s = String::from("Exit codes (the same for every command):\n");
    for (code, meaning) in EXIT_CODES {
        let mut line = format!("  {code} ");
        for word in meaning.split(' ') {
            if line.len() + 1 + word.len() > HELP_WIDTH {
                s.push_str(&line);
                s.push('\n');
                line = "    ".into();
            }
            line.push(' ');
            line.push_str(word);
        }
        s.push_str(&line);
        s.push('\n');
    }
    s.push('\n');
    s.push_str(SECRET_SOURCES);
    s
}

#[derive(Debug, Parser)]
#[command(
    name = "jwtadm",
    version,
    about = "Administer the JSON Web Tokens an MCP server uses to authenticate its clients",
    after_help = top_after_help(),
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Output format: tables for people, JSON for scripts
    #[arg(short = 'o', long, global = true, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,

    /// When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb;
    /// CLICOLOR_FORCE=1 forces it), always, never
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
    /// SARIF 2.1.0, for code scanning (`jwtadm scan` only)
    Sarif,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
#[allow(clippy::large_enum_variant)] // parsed once per run
pub enum Command {
    /// The signing secret: gen, rotate, check, fingerprint
    #[command(subcommand)]
    Secret(SecretCommand),
    /// Key pairs (RS, PS, ES, EdDSA): gen, rotate, public, thumbprint, jwks
    #[command(subcommand)]
    Key(KeyCommand),
    /// Issue, inspect, verify and refresh tokens; issue-all and status for a whole roster
    #[command(subcommand)]
    Token(TokenCommand),
    /// Write tokens into MCP client configuration files
    #[command(subcommand)]
    Config(ConfigCommand),
    /// The roster's clients: list, add, remove, revoke
    #[command(subcommand)]
    Client(ClientCommand),
    /// What an MCP HTTP server publishes for OAuth clients: its protected resource metadata
    #[command(subcommand)]
    Server(ServerCommand),
    /// Start a roster (clients.toml) from the MCP client configurations on this machine
    #[command(subcommand)]
    Roster(RosterCommand),
    /// Find leaked tokens in files (or what is staged in git), and say which still open the door
    #[command(
        after_help = "Walks the paths (default: the current folder) as ripgrep does, in parallel, \
respecting .gitignore and .ignore (--no-ignore: not), but into hidden files, where MCP tokens \
live (.vscode/mcp.json, .mcp.json, .env); never into .git. Binary and UTF-16 files are skipped \
and counted. Every JWT-shaped string found (in quotes, after Bearer, in URLs, in JSON) is:

  live        signed by the secret or key (or the previous one, in its grace period) and not
              expired: whoever holds it is let in; rotate (jwtadm secret rotate --roster)
  expired     signed by it, but expired: dead
  foreign     a token, not signed by it
  malformed   JWT-shaped, but not a token (truncated, mangled)
  unverified  a token, with no --roster, --secret, --key or --jwks to check it

Tokens are shown shortened (eyJhbGci…FtPo), never whole, with a fingerprint (the first 16 hex \
digits of the token's SHA-256) that names the same leak wherever it is.

Exit status: 1 when a finding meets --fail-on (default live; without a key, an unverified token \
that has not expired counts as live, since it may be), 0 otherwise, 4 on an operational error.

Examples:
  jwtadm scan --roster clients.toml
  jwtadm scan --secret env:JWT_SECRET_KEY notes/ docs/
  jwtadm scan --staged --roster clients.toml              # a pre-commit hook
  jwtadm -o sarif scan --roster clients.toml > jwtadm.sarif
  jwtadm scan --write-baseline .jwtadm-baseline.json      # adopt in a repository with old tokens
  jwtadm scan --baseline .jwtadm-baseline.json --fail-on ours"
    )]
    Scan(ScanArgs),
    /// Finish or undo the runs a crash interrupted (every writing command does it first)
    #[command(
        after_help = "Every run that writes files or keyring entries first writes a journal \
(in $XDG_STATE_HOME/jwtadm/journal, else ~/.local/state/jwtadm/journal). A run killed or cut off \
by a power loss leaves it behind; the next jwtadm command that writes, or this one, reads it and \
brings every file and keyring entry back to one state:

  roll forward  the run had reached its decision point: its remaining files are given their new
                content
  roll back     it had not: every file it replaced gets its original back, every file it created
                is removed, every keyring entry its previous value

A file changed by another program since the run holds neither content: it is never overwritten;
recover says which, exits 4 and keeps the journal. Once the file is as it should be, --discard
drops the journal and the run's temporary files (the original it displaced among them).

Exit status: 0 when every interrupted run was recovered (or there was none), 4 when one could not
be.

Examples:
  jwtadm recover --dry-run
  jwtadm recover
  jwtadm -o json recover
  jwtadm recover --discard"
    )]
    Recover(RecoverArgs),
    /// Print a shell completion script
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the man page (roff), or write one page per command into a folder
    Man {
        /// Write jwtadm.1 and a page per command (jwtadm-token-verify.1, ...) into this folder
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct RecoverArgs {
    /// Say what would be done, and change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// After recovering what can be, drop the journals that cannot be (a file changed since by
    /// another program), leaving their files as they are
    #[arg(long, conflicts_with = "dry_run")]
    pub discard: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum SecretCommand {
    /// Generate a new secret from the operating system's CSPRNG
    #[command(after_help = "Examples:
  jwtadm secret gen
  jwtadm secret gen --to 'dotenv:.env.docker#JWT_SECRET_KEY'
  jwtadm secret gen --alg HS512 --format base64url --to file:jwt.key")]
    Gen(SecretGenArgs),
    /// Print the fingerprint (sha256:…) of the configured secret, to compare secrets safely
    Fingerprint(SecretArgs),
    /// Check the configured secret: length for the algorithm, encoding, file permissions
    Check(SecretCheckArgs),
    /// Replace the secret with a new one, keeping the old one for a grace period
    #[command(
        after_help = "The previous secret is kept beside the new one until the grace period \
ends: as <KEY>_PREVIOUS and <KEY>_PREVIOUS_UNTIL in a dotenv file, PATH.previous and \
PATH.previous-until beside a file. token verify and token status accept tokens it signed \
until then.

Examples:
  jwtadm secret rotate --secret 'dotenv:.env.docker#JWT_SECRET_KEY'
  jwtadm secret rotate --roster clients.toml --grace 14d"
    )]
    Rotate(RotateArgs),
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum KeyCommand {
    /// Generate a key pair; write the private key, print its key id and public JWK
    #[command(
        after_help = "The private key is written as PKCS#8 PEM (what OpenSSL, Python \
cryptography, node and every JOSE library read), 0600, and never printed. Its key id (kid) is \
the RFC 7638 thumbprint of its public JWK. A PS* key is marked RSASSA-PSS, so it signs only \
PSS; the hash of RS*/PS* is chosen when signing (--alg), SHA-256 by default.

Examples:
  jwtadm key gen --alg EdDSA --to file:keys/signing.pem
  jwtadm key gen --alg RS256 --bits 3072 --to keyring:exai-mcp/signing-key
  jwtadm -o json key gen --alg ES256 --to file:signing.pem"
    )]
    Gen(KeyGenArgs),
    /// Replace the key with a new one, keeping the old one for a grace period
    #[command(
        after_help = "The new key is of the old one's type (the same curve; RSA of the same size \
and padding, a PSS key stays PSS) unless --alg or --bits say otherwise. The previous private key \
is kept beside it until the grace period ends: PATH.previous (0600) and PATH.previous-until \
beside a file:, accounts ACCOUNT.previous and ACCOUNT.previous-until in the keyring. token \
verify --key and token status accept tokens it signed until then. With --roster, every client \
is reissued with the new key and its files written, and the JWKS (--jwks-out, or the roster's \
jwks) rewritten with both keys: all of it in one run, or nothing. The JWKS is public; a new one \
is created 0644.

Examples:
  jwtadm key rotate --key file:keys/signing.pem --jwks-out public/jwks.json
  jwtadm key rotate --roster clients.toml --grace 14d
  jwtadm key rotate --key keyring:exai-mcp/signing-key --keyring-store keyutils"
    )]
    Rotate(KeyRotateArgs),
    /// Print a key's public half, as a JWK (with kid, alg, use) or PEM
    #[command(after_help = "Examples:
  jwtadm key public --key file:keys/signing.pem
  jwtadm key public --key file:keys/signing.pem --format pem > public.pem")]
    Public(KeyPublicArgs),
    /// Print the RFC 7638 thumbprint (the key id) of a JWK or PEM key, public or private
    #[command(after_help = "Examples:
  jwtadm key thumbprint keys/signing.pem
  curl -s https://mcp.example.com/jwks.json | jq .keys[0] | jwtadm key thumbprint -")]
    Thumbprint(KeyThumbprintArgs),
    /// Print or write the public JWK Set: the key, and the previous one during its grace period
    #[command(
        after_help = "Serve the file at the jwks_uri your server's metadata names \
(jwtadm server metadata --jwks-uri). An HMAC secret is never exported: it is not a public key.

Examples:
  jwtadm key jwks --key file:keys/signing.pem
  jwtadm key jwks --key file:keys/signing.pem --out public/jwks.json"
    )]
    Jwks(KeyJwksArgs),
}

#[derive(Debug, Args)]
pub struct KeyGenArgs {
    /// The algorithm the key is for: ES256, ES384, EdDSA, RS256, RS384, RS512, PS256, PS384 or
    /// PS512
    #[arg(long, value_parser = parse_alg)]
    pub alg: Alg,
    /// Where to write the private key: file:PATH (created 0600) or keyring:SERVICE/ACCOUNT
    #[arg(long, value_name = "SOURCE", value_parser = SourceParser)]
    pub to: SecretSource,
    /// RSA key size: 2048 (default), 3072, 4096 or 8192; less than 2048 is refused
    #[arg(long, value_name = "N")]
    pub bits: Option<u32>,
    /// Replace an existing key
    #[arg(long)]
    pub force: bool,
    /// Give up (exit 4) when another process holds the file's lock this long
    #[arg(long, default_value = "30s", value_parser = parse_duration, value_name = "DURATION")]
    pub lock_timeout: i64,
    /// Keyring store for a keyring: place (default: the platform's)
    #[arg(long, value_name = "STORE", value_parser = parse_store)]
    pub keyring_store: Option<Store>,
}

// How a rotation (of a secret or a key) writes. A plain comment: under clap's defer, a
// flattened struct's doc comment would become the command's about.
#[derive(Debug, Args)]
pub struct RotationWriteArgs {
    /// Keep each replaced file's old content as FILE.bak
    #[arg(long)]
    pub backup: bool,
    /// Give up (exit 4) when another process holds a file's lock this long
    #[arg(long, default_value = "30s", value_parser = parse_duration, value_name = "DURATION")]
    pub lock_timeout: i64,
    /// Keyring store for a keyring: source (default: the roster's, else the platform's)
    #[arg(long, value_name = "STORE", value_parser = parse_store)]
    pub keyring_store: Option<Store>,
}

#[derive(Debug, Args)]
pub struct KeyRotateArgs {
    /// Where the private key lives: file:PATH or keyring:SERVICE/ACCOUNT (default: the roster's
    /// [key] source)
    #[arg(long, value_name = "SOURCE", required_unless_present = "roster", value_parser = SourceParser)]
    pub key: Option<SecretSource>,
    /// How long tokens signed by the old key stay accepted
    #[arg(long, default_value = "14d", value_parser = parse_duration, value_name = "DURATION")]
    pub grace: i64,
    /// Also reissue every client of this roster with the new key and write the tokens into its
    /// files, all in the same all-or-nothing run
    #[arg(long, value_name = "ROSTER")]
    pub roster: Option<PathBuf>,
    /// Rewrite this JWK Set with the new key and, during its grace period, the previous one
    /// (default: the roster's jwks)
    #[arg(long, value_name = "FILE")]
    pub jwks_out: Option<PathBuf>,
    /// The new key's algorithm, and its tokens' (default: a key of the old one's type, signing
    /// with the roster's alg or the key's own)
    #[arg(long, value_parser = parse_pair_alg)]
    pub alg: Option<Alg>,
    /// The new RSA key's size: 2048, 3072, 4096 or 8192 (default: the old key's)
    #[arg(long, value_name = "N")]
    pub bits: Option<u32>,
    #[command(flatten)]
    pub write: RotationWriteArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeyFormat {
    Jwk,
    Pem,
}

// The key a key command reads. A plain comment: under clap's defer, a flattened struct's doc
// comment would become the command's about.
#[derive(Debug, Args)]
pub struct KeySourceArgs {
    /// Where the key lives: file:PATH, keyring:SERVICE/ACCOUNT, env:VAR, command:… (a private
    /// or public key, PEM or JWK)
    #[arg(long, value_name = "SOURCE", value_parser = SourceParser)]
    pub key: SecretSource,
    /// Keyring store for a keyring: source (default: the platform's)
    #[arg(long, value_name = "STORE", value_parser = parse_store)]
    pub keyring_store: Option<Store>,
    /// The algorithm the key is published for (default: the key's own: ES256, ES384, EdDSA,
    /// RS256 or PS256)
    #[arg(long, value_parser = parse_alg)]
    pub alg: Option<Alg>,
}

#[derive(Debug, Args)]
pub struct KeyPublicArgs {
    #[command(flatten)]
    pub key: KeySourceArgs,
    /// jwk (with kid, alg and use) or pem (SPKI)
    #[arg(long, value_enum, default_value_t = KeyFormat::Jwk)]
    pub format: KeyFormat,
}

#[derive(Debug, Args)]
pub struct KeyThumbprintArgs {
    /// A file holding a JWK or a PEM key, public or private; '-' reads standard input
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct KeyJwksArgs {
    #[command(flatten)]
    pub key: KeySourceArgs,
    /// Write the JWKS to this file (atomically) instead of printing it
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Judge the previous key's grace period as of this time (RFC 3339 or a date) instead of now
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct SecretCheckArgs {
    #[command(flatten)]
    pub secret: SecretArgs,
    /// The algorithm the secret must be long enough for
    #[arg(long, default_value = "HS256", value_parser = parse_hmac_alg)]
    pub alg: Alg,
}

#[derive(Debug, Args)]
pub struct RotateArgs {
    /// Where the secret lives: env:VAR, file:PATH, dotenv:PATH#KEY or keyring:SERVICE/ACCOUNT
    /// (default: the roster's [secret] source)
    #[arg(long, value_name = "SOURCE", required_unless_present = "roster", value_parser = SourceParser)]
    pub secret: Option<SecretSource>,
    /// How the secret's text becomes key bytes (default: the roster's, else utf8)
    #[arg(long, value_name = "ENCODING", value_parser = parse_encoding)]
    pub secret_encoding: Option<Encoding>,
    /// How long tokens signed by the old secret stay accepted
    #[arg(long, default_value = "14d", value_parser = parse_duration, value_name = "DURATION")]
    pub grace: i64,
    /// Also reissue every client of this roster with the new secret and write the tokens into
    /// its files, all in the same all-or-nothing run
    #[arg(long, value_name = "ROSTER")]
    pub roster: Option<PathBuf>,
    /// The algorithm the new secret is sized for (default: the largest the roster uses, else HS256)
    #[arg(long, value_parser = parse_hmac_alg)]
    pub alg: Option<Alg>,
    /// How the new secret's bytes are written
    #[arg(long, value_enum, default_value_t = GenFormat::Hex)]
    pub format: GenFormat,
    #[command(flatten)]
    pub write: RotationWriteArgs,
}

#[derive(Debug, Args)]
pub struct SecretGenArgs {
    /// The algorithm the secret is for; sizes the key to its hash (32/48/64 bytes)
    #[arg(long, default_value = "HS256", value_parser = parse_hmac_alg)]
    pub alg: Alg,
    /// Key size in bytes; may raise the algorithm's size, never lower it
    #[arg(long, value_name = "N")]
    pub bytes: Option<usize>,
    /// How the bytes are written
    #[arg(long, value_enum, default_value_t = GenFormat::Hex)]
    pub format: GenFormat,
    /// Write the secret here (file:PATH, dotenv:PATH#KEY or keyring:SERVICE/ACCOUNT) instead of
    /// printing it
    #[arg(long, value_name = "SOURCE", value_parser = SourceParser)]
    pub to: Option<SecretSource>,
    /// Replace an existing file: or keyring: secret
    #[arg(long)]
    pub force: bool,
    /// Give up (exit 4) when another process holds the file's lock this long
    #[arg(long, default_value = "30s", value_parser = parse_duration, value_name = "DURATION")]
    pub lock_timeout: i64,
    /// Keyring store for a keyring: source: secret-service (Linux default, persistent), keyutils
    /// (Linux kernel keyring: in memory, lost on reboot), keychain (macOS), windows
    #[arg(long, value_name = "STORE", value_parser = parse_store)]
    pub keyring_store: Option<Store>,
    /// How the written text is read back as a key, for the fingerprint printed
    #[arg(long, value_name = "ENCODING", default_value = "utf8", value_parser = parse_encoding)]
    pub secret_encoding: Encoding,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GenFormat {
    Hex,
    Base64,
    Base64url,
}

// Where the signing secret comes from. A plain comment: with `defer`, clap applies a struct's
// doc comment as the about text of a command built from it, over the variant's own.
#[derive(Debug, Args, Clone)]
pub struct SecretArgs {
    /// Where the secret lives: env:VAR, file:PATH, dotenv:PATH#KEY, keyring:SERVICE/ACCOUNT,
    /// command:PROGRAM ARGS or stdin
    #[arg(long, value_name = "SOURCE", default_value = crate::store::DEFAULT_SOURCE, value_parser = SourceParser)]
    pub secret: SecretSource,
    /// How the secret's text becomes key bytes: utf8 (as PyJWT uses it), hex, base64, base64url
    #[arg(long, value_name = "ENCODING", default_value = "utf8", value_parser = parse_encoding)]
    pub secret_encoding: Encoding,
    /// Keyring store for a keyring: source: secret-service (Linux default, persistent), keyutils
    /// (Linux kernel keyring: in memory, lost on reboot), keychain (macOS), windows
    #[arg(long, value_name = "STORE", value_parser = parse_store)]
    pub keyring_store: Option<Store>,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum TokenCommand {
    /// Issue (sign) one token
    #[command(after_help = "Examples:
  jwtadm token issue --sub vscode1@exai-mcp.local --iss exai-mcp-server \\
      --aud exai-mcp-client --expires 365d
  jwtadm token issue --sub ci --role ci --quota 100 --claim team=infra \\
      --secret 'dotenv:.env.docker#JWT_SECRET_KEY'
  jwtadm token issue --profile at+jwt --sub vscode1@exai-mcp.local \\
      --client-id vscode1 --iss https://auth.example.com \\
      --aud https://mcp.example.com/mcp --scope mcp:tools")]
    Issue(IssueArgs),
    /// Decode a token without verifying it, and say what it holds
    #[command(after_help = "Examples:
  jwtadm token inspect eyJhbGciOi...
  echo \"Bearer $EXAI_JWT_TOKEN\" | jwtadm token inspect
  jwtadm -o json token inspect - < token.txt")]
    Inspect(InspectArgs),
    /// Verify a token's signature and claims, reporting every check
    #[command(after_help = "Examples:
  jwtadm token verify \"$EXAI_JWT_TOKEN\" --iss exai-mcp-server \\
      --aud exai-mcp-client
  jwtadm token verify --secret 'dotenv:.env.docker#JWT_SECRET_KEY' \\
      --aud exai-mcp-client < token.txt
  jwtadm token verify --profile at+jwt --iss https://auth.example.com \\
      --aud https://mcp.example.com/mcp \"$TOKEN\"")]
    Verify(VerifyArgs),
    /// Reissue a token with the same claims and lifetime, after checking its signature
    #[command(
        after_help = "The old token's signature must verify (its expiry is ignored). The new \
token keeps every claim but iat, exp, nbf and jti, which are new; its lifetime is the old \
exp - iat unless --expires says otherwise.

Examples:
  jwtadm token refresh \"$EXAI_JWT_TOKEN\"
  jwtadm token refresh --expires 90d \\
      --secret 'dotenv:.env.docker#JWT_SECRET_KEY' < old.jwt"
    )]
    Refresh(RefreshArgs),
    /// Issue a token for every client of a roster (clients.toml), and write them into its files
    #[command(
        after_help = "With --renew-within, only the clients that are due get a token: one \
whose token, in any of its configs or its dotenv entry, is missing, invalid (another secret or \
key, another algorithm, iss or aud), mismatched (sub, client_id, scope), different from its \
other places', signed by the previous secret or key, expired, or expiring within DURATION. \
Other files are not touched. With nothing due it writes nothing, says when the next client \
falls due, and exits 0.

Examples:
  jwtadm token issue-all
  jwtadm token issue-all clients.toml --patch --dry-run
  jwtadm token issue-all --only vscode1 --patch --backup
  jwtadm -o json token issue-all > tokens.json
  jwtadm token issue-all --patch --renew-within 8h   # hourly, for 24h tokens
  jwtadm token issue-all --patch --renew-within 0s   # expired or broken only"
    )]
    IssueAll(IssueAllArgs),
    /// Check every client's token in its files: found, right subject, valid, not expiring soon
    #[command(
        after_help = "Exit 1 when any token is missing, invalid or mismatched, or when nothing \
was checked (with --strict, also a value that points elsewhere or a client with no place); else \
3 when any is expired or expires within --warn-within; else 0. Use it as the CI gate for \
rotation.

Examples:
  jwtadm token status
  jwtadm token status clients.toml --warn-within 60d
  jwtadm token status --at 2027-10-01
  jwtadm token status --key file:public.pem
  jwtadm token status --jwks https://mcp.example.com/.well-known/jwks.json"
    )]
    Status(StatusArgs),
}

#[derive(Debug, Args)]
pub struct IssueAllArgs {
    /// The roster
    #[arg(default_value = "clients.toml")]
    pub roster: PathBuf,
    /// Only this client (repeatable)
    #[arg(long, value_name = "NAME")]
    pub only: Vec<String>,
    /// Also write each token into the client's configs and dotenv entry
    #[arg(long)]
    pub patch: bool,
    /// Show what --patch would change, as a diff with tokens shortened; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Keep each replaced file's old content as FILE.bak
    #[arg(long)]
    pub backup: bool,
    /// Give up (exit 4) when another process holds a file's lock this long
    #[arg(long, default_value = "30s", value_parser = parse_duration, value_name = "DURATION")]
    pub lock_timeout: i64,
    /// Only the clients due: a token missing, invalid, mismatched, different between places,
    /// of the previous key, expired or expiring within DURATION (0s: only expired or broken)
    #[arg(
        long,
        value_parser = parse_window,
        value_name = "DURATION",
        allow_hyphen_values = true
    )]
    pub renew_within: Option<i64>,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The roster
    #[arg(default_value = "clients.toml")]
    pub roster: PathBuf,
    /// Warn (exit 3) when a token expires within this long
    #[arg(long, default_value = "30d", value_parser = parse_duration, value_name = "DURATION")]
    pub warn_within: i64,
    /// Evaluate as of this time (RFC 3339 or a date) instead of now
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// Count a value that points elsewhere (${input:…}, ${env:…}) as a failure (exit 1); by
    /// default it is reported as unchecked and does not fail
    #[arg(long)]
    pub strict: bool,
    /// Check a [key] roster's tokens with this key instead of the roster's own (a public key
    /// is enough): file:PATH, keyring:SERVICE/ACCOUNT, env:VAR, … (the previous key a rotation
    /// kept beside it is accepted during its grace period)
    #[arg(long, value_name = "SOURCE", value_parser = SourceParser, conflicts_with = "jwks")]
    pub key: Option<SecretSource>,
    /// Check a [key] roster's tokens with the keys of this JWK Set instead of the roster's own:
    /// a file, or an https:// URL (http:// only for loopback)
    #[arg(long, value_name = "FILE|URL")]
    pub jwks: Option<String>,
    /// Keyring store for a keyring: --key (default: the platform's)
    #[arg(long, value_name = "STORE", value_parser = parse_store, requires = "key")]
    pub keyring_store: Option<Store>,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or folders to scan (default: the current folder); with --staged, limits to these
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Check the tokens with this roster's secret or key, and name its clients
    #[arg(long, value_name = "FILE", conflicts_with_all = ["secret", "key", "jwks"])]
    pub roster: Option<PathBuf>,
    #[command(flatten)]
    pub check: CheckWithArgs,
    /// Scan what is staged in git (the index), as a pre-commit hook does
    #[arg(long)]
    pub staged: bool,
    /// Suppress the findings recorded in this baseline (a live one is still reported)
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write every finding's fingerprint into this baseline file, and exit 0
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Which findings fail the scan (exit 1): live, ours (live or expired), any
    #[arg(long, value_enum, default_value_t = FailOnArg::Live)]
    pub fail_on: FailOnArg,
    /// Also scan what .gitignore, .ignore and git's excludes leave out
    #[arg(long)]
    pub no_ignore: bool,
    /// Skip (and count) files larger than this: 100K, 10M, 1G (as ripgrep)
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_filesize: Option<u64>,
    /// Worker threads (default: one per CPU)
    #[arg(short = 'j', long, value_name = "N", default_value_t = 0)]
    pub threads: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    Live,
    Ours,
    Any,
}

/// A size as ripgrep's --max-filesize takes it: bytes, or a number with K, M or G (powers of
/// 1024).
fn parse_size(s: &str) -> Result<u64, String> {
    let bad = || format!("`{s}` is not a size (e.g. 100K, 10M, 1G, or bytes)");
    let t = s.trim();
    let (digits, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => (&t[..i], &t[i..]),
        None => (t, ""),
    };
    let n: u64 = digits.parse().map_err(|_| bad())?;
    let mult: u64 = match unit {
        "" => 1,
        "K" | "k" => 1 << 10,
        "M" | "m" => 1 << 20,
        "G" | "g" => 1 << 30,
        _ => return Err(bad()),
    };
    n.checked_mul(mult).ok_or_else(bad)
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum RosterCommand {
    /// Write a commented clients.toml from what `config find` sees
    #[command(
        after_help = "One client per server entry that holds the variable (or header), named from \
the MCP client and the server (claude-code-exai, vscode-exai, …), its sub taken from the token \
already there (else <name>@<server>), with every file that holds the same token listed under it \
(configs and dotenv entries). The roster signs with --secret or --key (default: the secret \
source jwtadm uses by default). Paths are written relative to the roster's folder when under it, \
else as ~/… (absolute with --home). Never overwrites an existing file without --force. The result \
works with `jwtadm token issue-all --patch` as it is.

Examples:
  jwtadm roster init
  jwtadm roster init --root . --secret file:~/.exai/jwt.secret
  jwtadm roster init --key file:signing.key --out ~/.config/exai/clients.toml
  jwtadm roster init --dry-run"
    )]
    Init(RosterInitArgs),
}

#[derive(Debug, Args)]
pub struct RosterInitArgs {
    /// Where to write the roster
    #[arg(long, default_value = "clients.toml", value_name = "FILE")]
    pub out: PathBuf,
    /// The secret the roster signs with, as it will be written into [secret] (default:
    /// jwtadm's default source)
    #[arg(long, value_name = "SOURCE", value_parser = source_text, conflicts_with = "key")]
    pub secret: Option<String>,
    /// Sign with this private key instead: file:PATH or keyring:SERVICE/ACCOUNT ([key])
    #[arg(long, value_name = "SOURCE", value_parser = source_text)]
    pub key: Option<String>,
    #[command(flatten)]
    pub place: DiscoveryArgs,
    /// Replace an existing roster
    #[arg(long)]
    pub force: bool,
    /// Print the roster instead of writing it
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum ConfigCommand {
    /// Rewrite the token in MCP config files (JSON/JSONC, TOML, YAML, dotenv), changing nothing
    /// else
    #[command(
        after_help = "Formats: JSON/JSONC with mcpServers.<name>.env (Claude Desktop, Claude \
Code, Cursor, Windsurf, Gemini CLI), servers.<name>.env (VS Code), context_servers.<name>.env \
(Zed), \"augment.advanced\".mcpServers (Augment), headers with --header; TOML \
mcp_servers.<name>.env and http_headers (Codex); YAML mcpServers[].env and \
requestOptions.headers (Continue), extensions.<name>.envs and headers (Goose); dotenv KEY=value \
lines.

Examples:
  jwtadm token issue --sub vscode1@exai-mcp.local |
      jwtadm config patch .vscode/mcp.json
  jwtadm config patch --token-file new.jwt --server exai-mcp ~/.cursor/mcp.json
  jwtadm config patch --header Authorization --dry-run ~/.codex/config.toml"
    )]
    Patch(PatchArgs),
    /// Where each MCP client keeps its configuration on this (or another) operating system
    #[command(
        after_help = "For documentation and support: each client jwtadm knows, where its \
user and project configuration files are, their format and where servers sit in them. On this \
system a user path is also shown expanded (HOME, USERPROFILE, XDG_CONFIG_HOME, APPDATA), with \
whether it exists. docs/mcp-client-configs.md gives the sources.

Examples:
  jwtadm config paths
  jwtadm config paths --os windows
  jwtadm -o json config paths --os macos"
    )]
    Paths(ConfigPathsArgs),
    /// Find every MCP client configuration on this machine, each server in it, and its token's state
    #[command(
        after_help = "Looks in every place `jwtadm config paths` lists: the user's files (this \
home, or --home laid out for --os), the project files of the current folder, and every project \
under each --root (recursively: .gitignore decides which folders are entered, but a known \
configuration or a dotenv file in a folder entered is read even when ignored, as such files \
usually are; dotenv files are listed when they hold the variable). For each server it says where the token would go and its state there: \
ok, expiring, expired, missing (no such variable), unchecked (the value points elsewhere, \
${input:…}), invalid (not a token; with --secret, --key or --jwks, also not signed by it). \
Without a secret or key, signatures are not checked and ok means only \"decodes and not \
expired\". Tokens are never shown.

Exit status: 0 when something was found, 1 when no configuration was.

Examples:
  jwtadm config find
  jwtadm config find --root ~/src --secret file:~/.exai/jwt.secret
  jwtadm config find --home /mnt/backup/Users/me --os windows
  jwtadm -o json config find --header Authorization"
    )]
    Find(ConfigFindArgs),
}

// Where discovery looks, and what for (config find, roster init). A plain comment: under
// clap's defer, a flattened struct's doc comment would become the command's about.
#[derive(Debug, Args)]
pub struct DiscoveryArgs {
    /// Also search this project folder, recursively (repeatable)
    #[arg(long, value_name = "DIR")]
    pub root: Vec<PathBuf>,
    /// The environment variable that holds the token
    #[arg(long, default_value = crate::roster::DEFAULT_VAR, value_name = "NAME")]
    pub var: String,
    /// Look for the token in this HTTP header (Authorization: Bearer <jwt>) instead of --var
    #[arg(long, value_name = "NAME")]
    pub header: Option<String>,
    /// Read another home folder (a mounted disk, a backup) instead of this user's; the current
    /// folder is then not searched
    #[arg(long, value_name = "DIR")]
    pub home: Option<PathBuf>,
    /// The operating system the home is laid out for (default: this one)
    #[arg(long, value_enum)]
    pub os: Option<OsArg>,
}

// What tokens are checked with (config find, scan): a secret, a key or a JWK Set. A plain
// comment: under clap's defer, a flattened struct's doc comment would become the command's about.
#[derive(Debug, Args)]
pub struct CheckWithArgs {
    /// Check the tokens with this secret: env:VAR, file:PATH, dotenv:PATH#KEY,
    /// keyring:SERVICE/ACCOUNT, command:PROGRAM ARGS
    #[arg(long, value_name = "SOURCE", value_parser = SourceParser, conflicts_with_all = ["key", "jwks"])]
    pub secret: Option<SecretSource>,
    /// How the secret's text becomes key bytes: utf8, hex, base64, base64url
    #[arg(long, value_name = "ENCODING", default_value = "utf8", value_parser = parse_encoding)]
    pub secret_encoding: Encoding,
    /// Check the tokens with this key (a public key is enough)
    #[arg(long, value_name = "SOURCE", value_parser = SourceParser, conflicts_with = "jwks")]
    pub key: Option<SecretSource>,
    /// Check the tokens with the keys of this JWK Set (a file, or an https:// URL)
    #[arg(long, value_name = "FILE|URL")]
    pub jwks: Option<String>,
    /// Keyring store for a keyring: --secret or --key (default: the platform's)
    #[arg(long, value_name = "STORE", value_parser = parse_store)]
    pub keyring_store: Option<Store>,
}

#[derive(Debug, Args)]
pub struct ConfigFindArgs {
    #[command(flatten)]
    pub place: DiscoveryArgs,
    #[command(flatten)]
    pub check: CheckWithArgs,
    /// A token that ends within this long is expiring
    #[arg(long, default_value = "30d", value_parser = parse_duration, value_name = "DURATION")]
    pub warn_within: i64,
}

#[derive(Debug, Args)]
pub struct ConfigPathsArgs {
    /// The operating system whose paths to show (default: this one)
    #[arg(long, value_enum)]
    pub os: Option<OsArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OsArg {
    Linux,
    Macos,
    Windows,
}

#[derive(Debug, Args)]
pub struct PatchArgs {
    /// The files to patch
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Read the token from standard input (the default when stdin is not a terminal)
    #[arg(long, conflicts_with_all = ["token_file", "token"])]
    pub token_stdin: bool,
    /// Read the token from a file
    #[arg(long, value_name = "PATH", conflicts_with = "token")]
    pub token_file: Option<PathBuf>,
    /// The token itself
    #[arg(long)]
    pub token: Option<String>,
    /// The environment variable that holds the token
    #[arg(long, default_value = crate::roster::DEFAULT_VAR, value_name = "NAME")]
    pub var: String,
    /// Only this server
    #[arg(long, value_name = "NAME")]
    pub server: Option<String>,
    /// Rewrite the token inside this HTTP header (e.g. Authorization: Bearer <jwt>), keeping the scheme
    #[arg(long, value_name = "NAME")]
    pub header: Option<String>,
    /// Show the change as a diff with tokens shortened; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Keep each replaced file's old content as FILE.bak
    #[arg(long)]
    pub backup: bool,
    /// Give up (exit 4) when another process holds a file's lock this long
    #[arg(long, default_value = "30s", value_parser = parse_duration, value_name = "DURATION")]
    pub lock_timeout: i64,
}

#[derive(Debug, Args)]
pub struct IssueArgs {
    /// Subject: the client this token is for
    #[arg(long, allow_hyphen_values = true)]
    pub sub: String,
    /// Issuer
    #[arg(long)]
    pub iss: Option<String>,
    /// Audience; repeat for several (one gives a string, several an array)
    #[arg(long)]
    pub aud: Vec<String>,
    /// Lifetime (90m, 24h, 365d, 1y) or an RFC 3339 expiry time
    #[arg(long, default_value = "24h", value_name = "WHEN")]
    pub expires: String,
    /// Not valid before: a duration from now or an RFC 3339 time
    #[arg(long, value_name = "WHEN")]
    pub not_before: Option<String>,
    /// Display name claim
    #[arg(long)]
    pub name: Option<String>,
    /// Role claim
    #[arg(long)]
    pub role: Option<String>,
    /// Request quota claim
    #[arg(long, allow_negative_numbers = true)]
    pub quota: Option<i64>,
    /// Extra claim; VALUE is JSON when it parses as JSON, else a string (repeatable)
    #[arg(long, value_name = "KEY=VALUE")]
    pub claim: Vec<String>,
    /// A JSON object of claims to merge in ('-' for standard input)
    #[arg(long, value_name = "PATH")]
    pub claims_file: Option<PathBuf>,
    /// Token id (default: a random 128-bit id)
    #[arg(long)]
    pub jti: Option<String>,
    /// Key id header (default: the signing secret's fingerprint, without "sha256:", or the key's
    /// RFC 7638 thumbprint). May start with '-', as a base64url thumbprint can
    #[arg(long, conflicts_with = "no_kid", allow_hyphen_values = true)]
    pub kid: Option<String>,
    /// Leave out the kid header
    #[arg(long)]
    pub no_kid: bool,
    /// Signing algorithm (default: HS256 with a secret; with --key, the key's own: ES256,
    /// ES384, EdDSA, RS256 or PS256)
    #[arg(long, value_parser = parse_alg)]
    pub alg: Option<Alg>,
    /// Leave out the iat (issued at) claim
    #[arg(long)]
    pub no_iat: bool,
    /// The kind of token: jwt (typ JWT), or at+jwt for an OAuth access token (RFC 9068), as an
    /// MCP HTTP server checks them: typ at+jwt, and --iss, --aud and --client-id required
    #[arg(long, value_name = "PROFILE", default_value = "jwt", value_parser = parse_profile)]
    pub profile: Profile,
    /// client_id claim: the OAuth client the token is issued to (RFC 9068)
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,
    /// scope claim: space-separated scopes (repeatable; joined with spaces)
    #[arg(long, value_name = "SCOPE")]
    pub scope: Vec<String>,
    #[command(flatten)]
    pub secret: SecretArgs,
    /// Sign with this private key (PKCS#8 PEM, as jwtadm key gen writes it) instead of a
    /// secret: file:PATH, keyring:SERVICE/ACCOUNT, env:VAR, command:…; kid is its RFC 7638
    /// thumbprint
    #[arg(long, value_name = "SOURCE", value_parser = SourceParser, conflicts_with = "secret")]
    pub key: Option<SecretSource>,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The token; '-' or nothing reads standard input. A 'Bearer ' prefix is accepted
    #[arg(conflicts_with = "from_config")]
    pub token: Option<String>,
    /// Inspect the token(s) found in this MCP config file instead
    #[arg(long, value_name = "FILE")]
    pub from_config: Option<PathBuf>,
    #[command(flatten)]
    pub place: ConfigPlaceArgs,
}

// Where in a `--from-config` file the token is (inspect and verify read it the same way). A plain
// comment: under clap's defer, a flattened struct's doc comment would become the command's about.
#[derive(Debug, Args)]
pub struct ConfigPlaceArgs {
    /// With --from-config: only this server
    #[arg(long, value_name = "NAME", requires = "from_config")]
    pub server: Option<String>,
    /// With --from-config: the variable that holds the token
    #[arg(long, value_name = "NAME", requires = "from_config", default_value = crate::roster::DEFAULT_VAR)]
    pub var: String,
    /// With --from-config: the token is in this HTTP header
    #[arg(long, value_name = "NAME", requires = "from_config")]
    pub header: Option<String>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The token; '-' or nothing reads standard input. A 'Bearer ' prefix is accepted
    #[arg(conflicts_with = "from_config")]
    pub token: Option<String>,
    /// Verify the token(s) found in this MCP config file instead (each server's; exit with the
    /// worst)
    #[arg(long, value_name = "FILE")]
    pub from_config: Option<PathBuf>,
    #[command(flatten)]
    pub place: ConfigPlaceArgs,
    #[command(flatten)]
    pub secret: SecretArgs,
    /// Verify with this key instead of a secret: a public or private key, PEM or JWK, at
    /// file:PATH, keyring:SERVICE/ACCOUNT, env:VAR or command:… (the previous key a rotation
    /// kept beside it is accepted during its grace period)
    #[arg(long, value_name = "SOURCE", value_parser = SourceParser, conflicts_with_all = ["secret", "jwks"])]
    pub key: Option<SecretSource>,
    /// Verify with the key of this JWK Set that the token's kid names: a file, or an https://
    /// URL (http:// only for loopback), fetched with a 10 s timeout and a 1 MiB limit
    #[arg(long, value_name = "FILE|URL", conflicts_with = "secret")]
    pub jwks: Option<String>,
    /// Allowed algorithms (repeatable; default HS256 with a secret, every algorithm of the key
    /// with --key or --jwks). 'none' is never accepted
    #[arg(long, value_parser = parse_alg)]
    pub alg: Vec<Alg>,
    /// Require this typ header, e.g. at+jwt (compared case-insensitively, application/ implied).
    /// Default: typ may be absent, JWT, at+jwt or JOSE
    #[arg(long, value_name = "TYPE", value_parser = parse_typ)]
    pub typ: Option<MediaType>,
    /// The kind of token: jwt, or at+jwt to check an OAuth access token as RFC 9068 section 4
    /// says (typ at+jwt; iss, aud, sub, client_id, jti, iat and exp present; needs --iss and
    /// --aud, the server's resource URI)
    #[arg(long, value_name = "PROFILE", default_value = "jwt", value_parser = parse_profile)]
    pub profile: Profile,
    /// Expected issuer (exact match)
    #[arg(long)]
    pub iss: Option<String>,
    /// Expected audience (exact match; repeatable: any one must be in the token's aud)
    #[arg(long)]
    pub aud: Vec<String>,
    /// Clock skew allowed for exp, nbf and iat
    #[arg(long, default_value = "0s", value_parser = parse_duration)]
    pub leeway: i64,
    /// Accept a token without exp
    #[arg(long)]
    pub allow_no_exp: bool,
    /// Do not fail an expired token
    #[arg(long)]
    pub ignore_exp: bool,
    /// Evaluate as of this time (RFC 3339) instead of now
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct RefreshArgs {
    /// The token; '-' or nothing reads standard input. A 'Bearer ' prefix is accepted
    pub token: Option<String>,
    #[command(flatten)]
    pub secret: SecretArgs,
    /// Verify and re-sign with this private key instead of a secret (see token issue --key)
    #[arg(long, value_name = "SOURCE", value_parser = SourceParser, conflicts_with = "secret")]
    pub key: Option<SecretSource>,
    /// Allowed algorithms of the old token (repeatable; default HS256, or the key's)
    #[arg(long, value_parser = parse_alg)]
    pub alg: Vec<Alg>,
    /// New lifetime or expiry time (default: the old token's exp - iat)
    #[arg(long, value_name = "WHEN")]
    pub expires: Option<String>,
    /// Key id header (default: the signing secret's fingerprint, or the key's thumbprint). May
    /// start with '-'
    #[arg(long, conflicts_with = "no_kid", allow_hyphen_values = true)]
    pub kid: Option<String>,
    /// Leave out the kid header
    #[arg(long)]
    pub no_kid: bool,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum ClientCommand {
    /// List the roster's clients: name, sub, files, token lifetime, revoked or not
    #[command(after_help = "Examples:
  jwtadm client list
  jwtadm -o json client list ~/exai/clients.toml")]
    List(ClientListArgs),
    /// Add a client to the roster, keeping its comments and formatting
    #[command(
        after_help = "The roster is edited in place: every comment, blank line and order \
is kept, and the new [[clients]] table goes after the last client. A name or sub another \
client has (a revoked one's too) is refused, and the result must pass the roster's own checks \
before it is written. --config PATH#SERVER names the server whose variable holds the token (a \
path holding '#' ends with one: 'odd#name.json#'). No token is issued: run token issue-all.

Examples:
  jwtadm client add ci --sub ci@exai-mcp.local --dotenv '.env#EXAI_JWT_TOKEN_CI'
  jwtadm client add cursor --sub cursor@exai-mcp.local \\
      --config '~/.cursor/mcp.json#exai-mcp' --claim role=user
  jwtadm token issue-all --only cursor --patch"
    )]
    Add(ClientAddArgs),
    /// Remove a client from the roster, keeping its comments and formatting
    #[command(
        after_help = "Only the roster changes: the client's token stays in its files and \
stays valid until it expires. To cut a client off, use jwtadm client revoke, which also keeps \
it in the roster for the record.

Examples:
  jwtadm client remove vscode2
  jwtadm client remove ci --roster ~/exai/clients.toml"
    )]
    Remove(ClientRemoveArgs),
    /// Revoke a client: a new secret (or key), every other client reissued, its token emptied
    #[command(
        after_help = "In one run, all or nothing: a new secret (a new key for a [key] \
roster), every other client's token reissued and written, the revoked client's token emptied \
in its files (the variable stays, its value becomes \"\"; a header keeps its scheme), the \
client marked revoked = \"<time>\" in the roster (kept for the record; every command skips \
it), and an audit line. Without --grace the old secret or key is not kept, so the revoked \
token fails token verify at once; with --grace it stays accepted as the previous one for that \
long, as after secret rotate, and so does the revoked token. Restart the server so it reads \
the new secret.

Examples:
  jwtadm client revoke vscode2 --dry-run
  jwtadm client revoke vscode2
  jwtadm client revoke ci --grace 1h --roster ~/exai/clients.toml"
    )]
    Revoke(ClientRevokeArgs),
}

#[derive(Debug, Args)]
pub struct ClientListArgs {
    /// The roster
    #[arg(default_value = "clients.toml")]
    pub roster: PathBuf,
}

#[derive(Debug, Args)]
pub struct ClientAddArgs {
    /// The client's name, unique in the roster
    pub name: String,
    /// The subject of its tokens, unique in the roster
    #[arg(long, allow_hyphen_values = true)]
    pub sub: String,
    /// A config file its token goes into, optionally with the server (repeatable)
    #[arg(long, value_name = "PATH[#SERVER]")]
    pub config: Vec<String>,
    /// A dotenv file and the key its token goes into
    #[arg(long, value_name = "PATH#KEY")]
    pub dotenv: Option<String>,
    /// Extra claim; VALUE is JSON when it parses as JSON, else a string (repeatable)
    #[arg(long, value_name = "KEY=VALUE")]
    pub claim: Vec<String>,
    /// The roster to edit
    #[arg(long, value_name = "FILE", default_value = "clients.toml")]
    pub roster: PathBuf,
    /// Give up (exit 4) when another process holds the roster's lock this long
    #[arg(long, default_value = "30s", value_parser = parse_duration, value_name = "DURATION")]
    pub lock_timeout: i64,
}

#[derive(Debug, Args)]
pub struct ClientRemoveArgs {
    /// The client's name
    pub name: String,
    /// The roster to edit
    #[arg(long, value_name = "FILE", default_value = "clients.toml")]
    pub roster: PathBuf,
    /// Give up (exit 4) when another process holds the roster's lock this long
    #[arg(long, default_value = "30s", value_parser = parse_duration, value_name = "DURATION")]
    pub lock_timeout: i64,
}

#[derive(Debug, Args)]
pub struct ClientRevokeArgs {
    /// The client's name
    pub name: String,
    /// How long tokens signed by the old secret or key (the revoked one's too) stay accepted
    #[arg(long, default_value = "0s", value_parser = parse_duration, value_name = "DURATION")]
    pub grace: i64,
    /// The roster
    #[arg(long, value_name = "FILE", default_value = "clients.toml")]
    pub roster: PathBuf,
    /// Show what would change, tokens shortened; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Keep each replaced file's old content as FILE.bak
    #[arg(long)]
    pub backup: bool,
    /// Give up (exit 4) when another process holds a file's lock this long
    #[arg(long, default_value = "30s", value_parser = parse_duration, value_name = "DURATION")]
    pub lock_timeout: i64,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum ServerCommand {
    /// Print the OAuth 2.0 Protected Resource Metadata (RFC 9728) of an MCP HTTP server
    #[command(
        after_help = "An MCP client that gets a 401 reads this JSON document to learn which \
authorization server issues tokens for this server (RFC 9728; the MCP authorization spec, \
2025-06-18). Serve it at the resource's well-known URL, which is printed on standard error: \
/.well-known/oauth-protected-resource inserted between the host and the path \
(https://mcp.example.com/mcp: https://mcp.example.com/.well-known/oauth-protected-resource/mcp), \
and name it in every 401: WWW-Authenticate: Bearer resource_metadata=\"URL\". Clients send \
tokens in the Authorization header only (bearer_methods_supported); check them with token \
verify --profile at+jwt --iss ISSUER --aud RESOURCE.

Examples:
  jwtadm server metadata --resource https://mcp.example.com/mcp \\
      --authorization-server https://auth.example.com --scope mcp:tools
  jwtadm server metadata --resource http://localhost:8080/mcp \\
      --authorization-server http://localhost:9000 > resource-metadata.json"
    )]
    Metadata(MetadataArgs),
}

#[derive(Debug, Args)]
pub struct MetadataArgs {
    /// The server's resource identifier: its canonical URL, as clients name it and tokens'
    /// aud hold it (https; http only for localhost, 127.0.0.1 or [::1]; no #fragment)
    #[arg(long, value_name = "URI")]
    pub resource: String,
    /// An authorization server that issues tokens for this server, as its issuer URL
    /// (repeatable; at least one)
    #[arg(long = "authorization-server", value_name = "URI")]
    pub authorization_servers: Vec<String>,
    /// Where the server's JSON Web Key Set is (jwks_uri)
    #[arg(long, value_name = "URI")]
    pub jwks_uri: Option<String>,
    /// A scope the server understands (repeatable, or several separated by spaces):
    /// scopes_supported
    #[arg(long, value_name = "SCOPE")]
    pub scope: Vec<String>,
}

fn parse_alg(s: &str) -> Result<Alg, String> {
    s.parse()
}

/// An HMAC algorithm, for the secret commands: a key pair's is made with `key gen`.
fn parse_hmac_alg(s: &str) -> Result<Alg, String> {
    let alg: Alg = s.parse()?;
    if alg.is_hmac() {
        Ok(alg)
    } else {
        Err(format!(
            "{alg} signs with a key pair, not a shared secret: make one with jwtadm key gen --alg {alg}"
        ))
    }
}

/// A key pair's algorithm, for key rotate: a secret is rotated with `secret rotate`.
fn parse_pair_alg(s: &str) -> Result<Alg, String> {
    let alg: Alg = s.parse()?;
    if alg.is_hmac() {
        Err(format!(
            "{alg} signs with a shared secret, not a key pair: rotate a secret with jwtadm secret rotate"
        ))
    } else {
        Ok(alg)
    }
}

fn parse_typ(s: &str) -> Result<MediaType, String> {
    s.parse()
}

fn parse_profile(s: &str) -> Result<Profile, String> {
    s.parse()
}

/// Parses `--secret` and `--to` without quoting the value back in an error, as clap's own
/// message would: a user may have pasted the secret itself there.
#[derive(Clone)]
struct SourceParser;

impl clap::builder::TypedValueParser for SourceParser {
    type Value = SecretSource;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<SecretSource, clap::Error> {
        let name = arg
            .map(|a| a.get_id().as_str().replace('_', "-"))
            .unwrap_or_default();
        let fail = |why: String| {
            clap::Error::raw(
                clap::error::ErrorKind::ValueValidation,
                format!("--{name}: {why}\n"),
            )
            .with_cmd(cmd)
        };
        let text = value.to_str().ok_or_else(|| fail("not UTF-8".into()))?;
        text.parse().map_err(fail)
    }
}

fn parse_store(s: &str) -> Result<Store, String> {
    s.parse()
}

fn parse_encoding(s: &str) -> Result<Encoding, String> {
    s.parse()
}

/// A source as written (for a roster to hold), checked as `--secret` checks it.
fn source_text(s: &str) -> Result<String, String> {
    let source: SecretSource = s.parse()?;
    if source == SecretSource::Stdin {
        return Err("a roster cannot read its secret from standard input".into());
    }
    Ok(s.to_string())
}

fn parse_duration(s: &str) -> Result<i64, String> {
    crate::claims::parse_duration(s)
}

/// `--renew-within`: a duration; a negative one (which would renew a token only some time
/// after it expired) is refused, saying what renews only what has expired.
fn parse_window(s: &str) -> Result<i64, String> {
    if s.trim_start().starts_with('-') {
        return Err(format!(
            "`{s}` is negative: a token is renewed before it expires, never after; 0s renews only what has expired or is broken"
        ));
    }
    parse_duration(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definitions_are_consistent() {
        Cli::command().debug_assert();
    }
}
