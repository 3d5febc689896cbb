# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_jwtadm_global_optspecs
    string join \n o/output= color= h/help V/version
end

function __fish_jwtadm_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_jwtadm_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_jwtadm_using_subcommand
    set -l cmd (__fish_jwtadm_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c jwtadm -n "__fish_jwtadm_needs_command" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_needs_command" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_needs_command" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_needs_command" -f -a "secret" -d 'The signing secret: gen, rotate, check, fingerprint'
complete -c jwtadm -n "__fish_jwtadm_needs_command" -f -a "key" -d 'Key pairs (RS, PS, ES, EdDSA): gen, rotate, public, thumbprint, jwks'
complete -c jwtadm -n "__fish_jwtadm_needs_command" -f -a "token" -d 'Issue, inspect, verify and refresh tokens; issue-all and status for a whole roster'
complete -c jwtadm -n "__fish_jwtadm_needs_command" -f -a "config" -d 'Write tokens into MCP client configuration files'
complete -c jwtadm -n "__fish_jwtadm_needs_command" -f -a "client" -d 'The roster\'s clients: list, add, remove, revoke'
complete -c jwtadm -n "__fish_jwtadm_needs_command" -f -a "server" -d 'What an MCP HTTP server publishes for OAuth clients: its protected resource metadata'
complete -c jwtadm -n "__fish_jwtadm_needs_command" -f -a "roster" -d 'Start a roster (clients.toml) from the MCP client configurations on this machine'
complete -c jwtadm -n "__fish_jwtadm_needs_command" -f -a "scan" -d 'Find leaked tokens in files (or what is staged in git), and say which still open the door'
complete -c jwtadm -n "__fish_jwtadm_needs_command" -f -a "recover" -d 'Finish or undo the runs a crash interrupted (every writing command does it first)'
complete -c jwtadm -n "__fish_jwtadm_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c jwtadm -n "__fish_jwtadm_needs_command" -f -a "man" -d 'Print the man page (roff), or write one page per command into a folder'
complete -c jwtadm -n "__fish_jwtadm_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and not __fish_seen_subcommand_from gen fingerprint check rotate help" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and not __fish_seen_subcommand_from gen fingerprint check rotate help" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and not __fish_seen_subcommand_from gen fingerprint check rotate help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and not __fish_seen_subcommand_from gen fingerprint check rotate help" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and not __fish_seen_subcommand_from gen fingerprint check rotate help" -f -a "gen" -d 'Generate a new secret from the operating system\'s CSPRNG'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and not __fish_seen_subcommand_from gen fingerprint check rotate help" -f -a "fingerprint" -d 'Print the fingerprint (sha256:…) of the configured secret, to compare secrets safely'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and not __fish_seen_subcommand_from gen fingerprint check rotate help" -f -a "check" -d 'Check the configured secret: length for the algorithm, encoding, file permissions'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and not __fish_seen_subcommand_from gen fingerprint check rotate help" -f -a "rotate" -d 'Replace the secret with a new one, keeping the old one for a grace period'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and not __fish_seen_subcommand_from gen fingerprint check rotate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from gen" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from gen" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from gen" -l alg -d 'The algorithm the secret is for; sizes the key to its hash (32/48/64 bytes)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from gen" -l bytes -d 'Key size in bytes; may raise the algorithm\'s size, never lower it' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from gen" -l format -d 'How the bytes are written' -r -f -a "hex\t''
base64\t''
base64url\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from gen" -l to -d 'Write the secret here (file:PATH, dotenv:PATH#KEY or keyring:SERVICE/ACCOUNT) instead of printing it' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from gen" -l lock-timeout -d 'Give up (exit 4) when another process holds the file\'s lock this long' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from gen" -l keyring-store -d 'Keyring store for a keyring: source: secret-service (Linux default, persistent), keyutils (Linux kernel keyring: in memory, lost on reboot), keychain (macOS), windows' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from gen" -l secret-encoding -d 'How the written text is read back as a key, for the fingerprint printed' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from gen" -l force -d 'Replace an existing file: or keyring: secret'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from gen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from gen" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from fingerprint" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from fingerprint" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from fingerprint" -l secret -d 'Where the secret lives: env:VAR, file:PATH, dotenv:PATH#KEY, keyring:SERVICE/ACCOUNT, command:PROGRAM ARGS or stdin' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from fingerprint" -l secret-encoding -d 'How the secret\'s text becomes key bytes: utf8 (as PyJWT uses it), hex, base64, base64url' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from fingerprint" -l keyring-store -d 'Keyring store for a keyring: source: secret-service (Linux default, persistent), keyutils (Linux kernel keyring: in memory, lost on reboot), keychain (macOS), windows' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from fingerprint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from fingerprint" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from check" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from check" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from check" -l secret -d 'Where the secret lives: env:VAR, file:PATH, dotenv:PATH#KEY, keyring:SERVICE/ACCOUNT, command:PROGRAM ARGS or stdin' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from check" -l secret-encoding -d 'How the secret\'s text becomes key bytes: utf8 (as PyJWT uses it), hex, base64, base64url' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from check" -l keyring-store -d 'Keyring store for a keyring: source: secret-service (Linux default, persistent), keyutils (Linux kernel keyring: in memory, lost on reboot), keychain (macOS), windows' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from check" -l alg -d 'The algorithm the secret must be long enough for' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from rotate" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from rotate" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from rotate" -l secret -d 'Where the secret lives: env:VAR, file:PATH, dotenv:PATH#KEY or keyring:SERVICE/ACCOUNT (default: the roster\'s [secret] source)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from rotate" -l secret-encoding -d 'How the secret\'s text becomes key bytes (default: the roster\'s, else utf8)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from rotate" -l grace -d 'How long tokens signed by the old secret stay accepted' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from rotate" -l roster -d 'Also reissue every client of this roster with the new secret and write the tokens into its files, all in the same all-or-nothing run' -r -F
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from rotate" -l alg -d 'The algorithm the new secret is sized for (default: the largest the roster uses, else HS256)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from rotate" -l format -d 'How the new secret\'s bytes are written' -r -f -a "hex\t''
base64\t''
base64url\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from rotate" -l lock-timeout -d 'Give up (exit 4) when another process holds a file\'s lock this long' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from rotate" -l keyring-store -d 'Keyring store for a keyring: source (default: the roster\'s, else the platform\'s)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from rotate" -l backup -d 'Keep each replaced file\'s old content as FILE.bak'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from rotate" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "gen" -d 'Generate a new secret from the operating system\'s CSPRNG'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "fingerprint" -d 'Print the fingerprint (sha256:…) of the configured secret, to compare secrets safely'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "check" -d 'Check the configured secret: length for the algorithm, encoding, file permissions'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Replace the secret with a new one, keeping the old one for a grace period'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and not __fish_seen_subcommand_from gen rotate public thumbprint jwks help" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and not __fish_seen_subcommand_from gen rotate public thumbprint jwks help" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and not __fish_seen_subcommand_from gen rotate public thumbprint jwks help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and not __fish_seen_subcommand_from gen rotate public thumbprint jwks help" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and not __fish_seen_subcommand_from gen rotate public thumbprint jwks help" -f -a "gen" -d 'Generate a key pair; write the private key, print its key id and public JWK'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and not __fish_seen_subcommand_from gen rotate public thumbprint jwks help" -f -a "rotate" -d 'Replace the key with a new one, keeping the old one for a grace period'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and not __fish_seen_subcommand_from gen rotate public thumbprint jwks help" -f -a "public" -d 'Print a key\'s public half, as a JWK (with kid, alg, use) or PEM'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and not __fish_seen_subcommand_from gen rotate public thumbprint jwks help" -f -a "thumbprint" -d 'Print the RFC 7638 thumbprint (the key id) of a JWK or PEM key, public or private'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and not __fish_seen_subcommand_from gen rotate public thumbprint jwks help" -f -a "jwks" -d 'Print or write the public JWK Set: the key, and the previous one during its grace period'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and not __fish_seen_subcommand_from gen rotate public thumbprint jwks help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from gen" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from gen" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from gen" -l alg -d 'The algorithm the key is for: ES256, ES384, EdDSA, RS256, RS384, RS512, PS256, PS384 or PS512' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from gen" -l to -d 'Where to write the private key: file:PATH (created 0600) or keyring:SERVICE/ACCOUNT' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from gen" -l bits -d 'RSA key size: 2048 (default), 3072, 4096 or 8192; less than 2048 is refused' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from gen" -l lock-timeout -d 'Give up (exit 4) when another process holds the file\'s lock this long' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from gen" -l keyring-store -d 'Keyring store for a keyring: place (default: the platform\'s)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from gen" -l force -d 'Replace an existing key'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from gen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from gen" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from rotate" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from rotate" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from rotate" -l key -d 'Where the private key lives: file:PATH or keyring:SERVICE/ACCOUNT (default: the roster\'s [key] source)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from rotate" -l grace -d 'How long tokens signed by the old key stay accepted' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from rotate" -l roster -d 'Also reissue every client of this roster with the new key and write the tokens into its files, all in the same all-or-nothing run' -r -F
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from rotate" -l jwks-out -d 'Rewrite this JWK Set with the new key and, during its grace period, the previous one (default: the roster\'s jwks)' -r -F
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from rotate" -l alg -d 'The new key\'s algorithm, and its tokens\' (default: a key of the old one\'s type, signing with the roster\'s alg or the key\'s own)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from rotate" -l bits -d 'The new RSA key\'s size: 2048, 3072, 4096 or 8192 (default: the old key\'s)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from rotate" -l lock-timeout -d 'Give up (exit 4) when another process holds a file\'s lock this long' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from rotate" -l keyring-store -d 'Keyring store for a keyring: source (default: the roster\'s, else the platform\'s)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from rotate" -l backup -d 'Keep each replaced file\'s old content as FILE.bak'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from rotate" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from public" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from public" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from public" -l key -d 'Where the key lives: file:PATH, keyring:SERVICE/ACCOUNT, env:VAR, command:… (a private or public key, PEM or JWK)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from public" -l keyring-store -d 'Keyring store for a keyring: source (default: the platform\'s)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from public" -l alg -d 'The algorithm the key is published for (default: the key\'s own: ES256, ES384, EdDSA, RS256 or PS256)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from public" -l format -d 'jwk (with kid, alg and use) or pem (SPKI)' -r -f -a "jwk\t''
pem\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from public" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from public" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from thumbprint" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from thumbprint" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from thumbprint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from thumbprint" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from jwks" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from jwks" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from jwks" -l key -d 'Where the key lives: file:PATH, keyring:SERVICE/ACCOUNT, env:VAR, command:… (a private or public key, PEM or JWK)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from jwks" -l keyring-store -d 'Keyring store for a keyring: source (default: the platform\'s)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from jwks" -l alg -d 'The algorithm the key is published for (default: the key\'s own: ES256, ES384, EdDSA, RS256 or PS256)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from jwks" -l out -d 'Write the JWKS to this file (atomically) instead of printing it' -r -F
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from jwks" -l at -d 'Judge the previous key\'s grace period as of this time (RFC 3339 or a date) instead of now' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from jwks" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from jwks" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "gen" -d 'Generate a key pair; write the private key, print its key id and public JWK'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Replace the key with a new one, keeping the old one for a grace period'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "public" -d 'Print a key\'s public half, as a JWK (with kid, alg, use) or PEM'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "thumbprint" -d 'Print the RFC 7638 thumbprint (the key id) of a JWK or PEM key, public or private'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "jwks" -d 'Print or write the public JWK Set: the key, and the previous one during its grace period'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and not __fish_seen_subcommand_from issue inspect verify refresh issue-all status help" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and not __fish_seen_subcommand_from issue inspect verify refresh issue-all status help" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and not __fish_seen_subcommand_from issue inspect verify refresh issue-all status help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and not __fish_seen_subcommand_from issue inspect verify refresh issue-all status help" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and not __fish_seen_subcommand_from issue inspect verify refresh issue-all status help" -f -a "issue" -d 'Issue (sign) one token'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and not __fish_seen_subcommand_from issue inspect verify refresh issue-all status help" -f -a "inspect" -d 'Decode a token without verifying it, and say what it holds'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and not __fish_seen_subcommand_from issue inspect verify refresh issue-all status help" -f -a "verify" -d 'Verify a token\'s signature and claims, reporting every check'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and not __fish_seen_subcommand_from issue inspect verify refresh issue-all status help" -f -a "refresh" -d 'Reissue a token with the same claims and lifetime, after checking its signature'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and not __fish_seen_subcommand_from issue inspect verify refresh issue-all status help" -f -a "issue-all" -d 'Issue a token for every client of a roster (clients.toml), and write them into its files'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and not __fish_seen_subcommand_from issue inspect verify refresh issue-all status help" -f -a "status" -d 'Check every client\'s token in its files: found, right subject, valid, not expiring soon'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and not __fish_seen_subcommand_from issue inspect verify refresh issue-all status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue" -l sub -d 'Subject: the client this token is for' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue" -l iss -d 'Issuer' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue" -l aud -d 'Audience; repeat for several (one gives a string, several an array)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue" -l expires -d 'Lifetime (90m, 24h, 365d, 1y) or an RFC 3339 expiry time' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue" -l not-before -d 'Not valid before: a duration from now or an RFC 3339 time' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue" -l name -d 'Display name claim' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue" -l role -d 'Role claim' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue" -l quota -d 'Request quota claim' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue" -l claim -d 'Extra claim; VALUE is JSON when it parses as JSON, else a string (repeatable)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue" -l claims-file -d 'A JSON object of claims to merge in (\'-\' for standard input)' -r -F
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue" -l jti -d 'Token id (default: a random 128-bit id)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue" -l kid -d 'Key id header (default: the signing secret\'s fingerprint, without "sha256:", or the key\'s RFC 7638 thumbprint). May start with \'-\', as a base64url thumbprint can' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue" -l alg -d 'Signing algorithm (default: HS256 with a secret; with --key, the key\'s own: ES256, ES384, EdDSA, RS256 or PS256)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue" -l profile -d 'The kind of token: jwt (typ JWT), or at+jwt for an OAuth access token (RFC 9068), as an MCP HTTP server checks them: typ at+jwt, and --iss, --aud and --client-id required' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue" -l client-id -d 'client_id claim: the OAuth client the token is issued to (RFC 9068)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue" -l scope -d 'scope claim: space-separated scopes (repeatable; joined with spaces)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue" -l secret -d 'Where the secret lives: env:VAR, file:PATH, dotenv:PATH#KEY, keyring:SERVICE/ACCOUNT, command:PROGRAM ARGS or stdin' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue" -l secret-encoding -d 'How the secret\'s text becomes key bytes: utf8 (as PyJWT uses it), hex, base64, base64url' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue" -l keyring-store -d 'Keyring store for a keyring: source: secret-service (Linux default, persistent), keyutils (Linux kernel keyring: in memory, lost on reboot), keychain (macOS), windows' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue" -l key -d 'Sign with this private key (PKCS#8 PEM, as jwtadm key gen writes it) instead of a secret: file:PATH, keyring:SERVICE/ACCOUNT, env:VAR, command:…; kid is its RFC 7638 thumbprint' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue" -l no-kid -d 'Leave out the kid header'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue" -l no-iat -d 'Leave out the iat (issued at) claim'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from inspect" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from inspect" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from inspect" -l from-config -d 'Inspect the token(s) found in this MCP config file instead' -r -F
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from inspect" -l server -d 'With --from-config: only this server' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from inspect" -l var -d 'With --from-config: the variable that holds the token' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from inspect" -l header -d 'With --from-config: the token is in this HTTP header' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from inspect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from inspect" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from verify" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from verify" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from verify" -l from-config -d 'Verify the token(s) found in this MCP config file instead (each server\'s; exit with the worst)' -r -F
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from verify" -l server -d 'With --from-config: only this server' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from verify" -l var -d 'With --from-config: the variable that holds the token' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from verify" -l header -d 'With --from-config: the token is in this HTTP header' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from verify" -l secret -d 'Where the secret lives: env:VAR, file:PATH, dotenv:PATH#KEY, keyring:SERVICE/ACCOUNT, command:PROGRAM ARGS or stdin' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from verify" -l secret-encoding -d 'How the secret\'s text becomes key bytes: utf8 (as PyJWT uses it), hex, base64, base64url' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from verify" -l keyring-store -d 'Keyring store for a keyring: source: secret-service (Linux default, persistent), keyutils (Linux kernel keyring: in memory, lost on reboot), keychain (macOS), windows' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from verify" -l key -d 'Verify with this key instead of a secret: a public or private key, PEM or JWK, at file:PATH, keyring:SERVICE/ACCOUNT, env:VAR or command:… (the previous key a rotation kept beside it is accepted during its grace period)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from verify" -l jwks -d 'Verify with the key of this JWK Set that the token\'s kid names: a file, or an https:// URL (http:// only for loopback), fetched with a 10 s timeout and a 1 MiB limit' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from verify" -l alg -d 'Allowed algorithms (repeatable; default HS256 with a secret, every algorithm of the key with --key or --jwks). \'none\' is never accepted' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from verify" -l typ -d 'Require this typ header, e.g. at+jwt (compared case-insensitively, application/ implied). Default: typ may be absent, JWT, at+jwt or JOSE' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from verify" -l profile -d 'The kind of token: jwt, or at+jwt to check an OAuth access token as RFC 9068 section 4 says (typ at+jwt; iss, aud, sub, client_id, jti, iat and exp present; needs --iss and --aud, the server\'s resource URI)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from verify" -l iss -d 'Expected issuer (exact match)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from verify" -l aud -d 'Expected audience (exact match; repeatable: any one must be in the token\'s aud)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from verify" -l leeway -d 'Clock skew allowed for exp, nbf and iat' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from verify" -l at -d 'Evaluate as of this time (RFC 3339) instead of now' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from verify" -l allow-no-exp -d 'Accept a token without exp'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from verify" -l ignore-exp -d 'Do not fail an expired token'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from refresh" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from refresh" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from refresh" -l secret -d 'Where the secret lives: env:VAR, file:PATH, dotenv:PATH#KEY, keyring:SERVICE/ACCOUNT, command:PROGRAM ARGS or stdin' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from refresh" -l secret-encoding -d 'How the secret\'s text becomes key bytes: utf8 (as PyJWT uses it), hex, base64, base64url' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from refresh" -l keyring-store -d 'Keyring store for a keyring: source: secret-service (Linux default, persistent), keyutils (Linux kernel keyring: in memory, lost on reboot), keychain (macOS), windows' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from refresh" -l key -d 'Verify and re-sign with this private key instead of a secret (see token issue --key)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from refresh" -l alg -d 'Allowed algorithms of the old token (repeatable; default HS256, or the key\'s)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from refresh" -l expires -d 'New lifetime or expiry time (default: the old token\'s exp - iat)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from refresh" -l kid -d 'Key id header (default: the signing secret\'s fingerprint, or the key\'s thumbprint). May start with \'-\'' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from refresh" -l no-kid -d 'Leave out the kid header'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from refresh" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from refresh" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue-all" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue-all" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue-all" -l only -d 'Only this client (repeatable)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue-all" -l lock-timeout -d 'Give up (exit 4) when another process holds a file\'s lock this long' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue-all" -l renew-within -d 'Only the clients due: a token missing, invalid, mismatched, different between places, of the previous key, expired or expiring within DURATION (0s: only expired or broken)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue-all" -l patch -d 'Also write each token into the client\'s configs and dotenv entry'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue-all" -l dry-run -d 'Show what --patch would change, as a diff with tokens shortened; write nothing'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue-all" -l backup -d 'Keep each replaced file\'s old content as FILE.bak'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue-all" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from issue-all" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from status" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from status" -l warn-within -d 'Warn (exit 3) when a token expires within this long' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from status" -l at -d 'Evaluate as of this time (RFC 3339 or a date) instead of now' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from status" -l key -d 'Check a [key] roster\'s tokens with this key instead of the roster\'s own (a public key is enough): file:PATH, keyring:SERVICE/ACCOUNT, env:VAR, … (the previous key a rotation kept beside it is accepted during its grace period)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from status" -l jwks -d 'Check a [key] roster\'s tokens with the keys of this JWK Set instead of the roster\'s own: a file, or an https:// URL (http:// only for loopback)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from status" -l keyring-store -d 'Keyring store for a keyring: --key (default: the platform\'s)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from status" -l strict -d 'Count a value that points elsewhere (${input:…}, ${env:…}) as a failure (exit 1); by default it is reported as unchecked and does not fail'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "issue" -d 'Issue (sign) one token'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "inspect" -d 'Decode a token without verifying it, and say what it holds'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Verify a token\'s signature and claims, reporting every check'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "refresh" -d 'Reissue a token with the same claims and lifetime, after checking its signature'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "issue-all" -d 'Issue a token for every client of a roster (clients.toml), and write them into its files'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "status" -d 'Check every client\'s token in its files: found, right subject, valid, not expiring soon'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and not __fish_seen_subcommand_from patch paths find help" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and not __fish_seen_subcommand_from patch paths find help" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and not __fish_seen_subcommand_from patch paths find help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and not __fish_seen_subcommand_from patch paths find help" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and not __fish_seen_subcommand_from patch paths find help" -f -a "patch" -d 'Rewrite the token in MCP config files (JSON/JSONC, TOML, YAML, dotenv), changing nothing else'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and not __fish_seen_subcommand_from patch paths find help" -f -a "paths" -d 'Where each MCP client keeps its configuration on this (or another) operating system'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and not __fish_seen_subcommand_from patch paths find help" -f -a "find" -d 'Find every MCP client configuration on this machine, each server in it, and its token\'s state'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and not __fish_seen_subcommand_from patch paths find help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from patch" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from patch" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from patch" -l token-file -d 'Read the token from a file' -r -F
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from patch" -l token -d 'The token itself' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from patch" -l var -d 'The environment variable that holds the token' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from patch" -l server -d 'Only this server' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from patch" -l header -d 'Rewrite the token inside this HTTP header (e.g. Authorization: Bearer <jwt>), keeping the scheme' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from patch" -l lock-timeout -d 'Give up (exit 4) when another process holds a file\'s lock this long' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from patch" -l token-stdin -d 'Read the token from standard input (the default when stdin is not a terminal)'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from patch" -l dry-run -d 'Show the change as a diff with tokens shortened; write nothing'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from patch" -l backup -d 'Keep each replaced file\'s old content as FILE.bak'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from patch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from patch" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from paths" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from paths" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from paths" -l os -d 'The operating system whose paths to show (default: this one)' -r -f -a "linux\t''
macos\t''
windows\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from paths" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from paths" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from find" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from find" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from find" -l root -d 'Also search this project folder, recursively (repeatable)' -r -F
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from find" -l var -d 'The environment variable that holds the token' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from find" -l header -d 'Look for the token in this HTTP header (Authorization: Bearer <jwt>) instead of --var' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from find" -l home -d 'Read another home folder (a mounted disk, a backup) instead of this user\'s; the current folder is then not searched' -r -F
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from find" -l os -d 'The operating system the home is laid out for (default: this one)' -r -f -a "linux\t''
macos\t''
windows\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from find" -l secret -d 'Check the tokens with this secret: env:VAR, file:PATH, dotenv:PATH#KEY, keyring:SERVICE/ACCOUNT, command:PROGRAM ARGS' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from find" -l secret-encoding -d 'How the secret\'s text becomes key bytes: utf8, hex, base64, base64url' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from find" -l key -d 'Check the tokens with this key (a public key is enough)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from find" -l jwks -d 'Check the tokens with the keys of this JWK Set (a file, or an https:// URL)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from find" -l keyring-store -d 'Keyring store for a keyring: --secret or --key (default: the platform\'s)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from find" -l warn-within -d 'A token that ends within this long is expiring' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from find" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from find" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "patch" -d 'Rewrite the token in MCP config files (JSON/JSONC, TOML, YAML, dotenv), changing nothing else'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "paths" -d 'Where each MCP client keeps its configuration on this (or another) operating system'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "find" -d 'Find every MCP client configuration on this machine, each server in it, and its token\'s state'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and not __fish_seen_subcommand_from list add remove revoke help" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and not __fish_seen_subcommand_from list add remove revoke help" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and not __fish_seen_subcommand_from list add remove revoke help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and not __fish_seen_subcommand_from list add remove revoke help" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and not __fish_seen_subcommand_from list add remove revoke help" -f -a "list" -d 'List the roster\'s clients: name, sub, files, token lifetime, revoked or not'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and not __fish_seen_subcommand_from list add remove revoke help" -f -a "add" -d 'Add a client to the roster, keeping its comments and formatting'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and not __fish_seen_subcommand_from list add remove revoke help" -f -a "remove" -d 'Remove a client from the roster, keeping its comments and formatting'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and not __fish_seen_subcommand_from list add remove revoke help" -f -a "revoke" -d 'Revoke a client: a new secret (or key), every other client reissued, its token emptied'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and not __fish_seen_subcommand_from list add remove revoke help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from list" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from add" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from add" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from add" -l sub -d 'The subject of its tokens, unique in the roster' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from add" -l config -d 'A config file its token goes into, optionally with the server (repeatable)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from add" -l dotenv -d 'A dotenv file and the key its token goes into' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from add" -l claim -d 'Extra claim; VALUE is JSON when it parses as JSON, else a string (repeatable)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from add" -l roster -d 'The roster to edit' -r -F
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from add" -l lock-timeout -d 'Give up (exit 4) when another process holds the roster\'s lock this long' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from remove" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from remove" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from remove" -l roster -d 'The roster to edit' -r -F
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from remove" -l lock-timeout -d 'Give up (exit 4) when another process holds the roster\'s lock this long' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from revoke" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from revoke" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from revoke" -l grace -d 'How long tokens signed by the old secret or key (the revoked one\'s too) stay accepted' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from revoke" -l roster -d 'The roster' -r -F
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from revoke" -l lock-timeout -d 'Give up (exit 4) when another process holds a file\'s lock this long' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from revoke" -l dry-run -d 'Show what would change, tokens shortened; write nothing'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from revoke" -l backup -d 'Keep each replaced file\'s old content as FILE.bak'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from revoke" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the roster\'s clients: name, sub, files, token lifetime, revoked or not'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a client to the roster, keeping its comments and formatting'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a client from the roster, keeping its comments and formatting'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke a client: a new secret (or key), every other client reissued, its token emptied'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand client; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand server; and not __fish_seen_subcommand_from metadata help" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand server; and not __fish_seen_subcommand_from metadata help" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand server; and not __fish_seen_subcommand_from metadata help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand server; and not __fish_seen_subcommand_from metadata help" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand server; and not __fish_seen_subcommand_from metadata help" -f -a "metadata" -d 'Print the OAuth 2.0 Protected Resource Metadata (RFC 9728) of an MCP HTTP server'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand server; and not __fish_seen_subcommand_from metadata help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand server; and __fish_seen_subcommand_from metadata" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand server; and __fish_seen_subcommand_from metadata" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand server; and __fish_seen_subcommand_from metadata" -l resource -d 'The server\'s resource identifier: its canonical URL, as clients name it and tokens\' aud hold it (https; http only for localhost, 127.0.0.1 or [::1]; no #fragment)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand server; and __fish_seen_subcommand_from metadata" -l authorization-server -d 'An authorization server that issues tokens for this server, as its issuer URL (repeatable; at least one)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand server; and __fish_seen_subcommand_from metadata" -l jwks-uri -d 'Where the server\'s JSON Web Key Set is (jwks_uri)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand server; and __fish_seen_subcommand_from metadata" -l scope -d 'A scope the server understands (repeatable, or several separated by spaces): scopes_supported' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand server; and __fish_seen_subcommand_from metadata" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand server; and __fish_seen_subcommand_from metadata" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand server; and __fish_seen_subcommand_from help" -f -a "metadata" -d 'Print the OAuth 2.0 Protected Resource Metadata (RFC 9728) of an MCP HTTP server'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand server; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand roster; and not __fish_seen_subcommand_from init help" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand roster; and not __fish_seen_subcommand_from init help" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand roster; and not __fish_seen_subcommand_from init help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand roster; and not __fish_seen_subcommand_from init help" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand roster; and not __fish_seen_subcommand_from init help" -f -a "init" -d 'Write a commented clients.toml from what `config find` sees'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand roster; and not __fish_seen_subcommand_from init help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand roster; and __fish_seen_subcommand_from init" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand roster; and __fish_seen_subcommand_from init" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand roster; and __fish_seen_subcommand_from init" -l out -d 'Where to write the roster' -r -F
complete -c jwtadm -n "__fish_jwtadm_using_subcommand roster; and __fish_seen_subcommand_from init" -l secret -d 'The secret the roster signs with, as it will be written into [secret] (default: jwtadm\'s default source)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand roster; and __fish_seen_subcommand_from init" -l key -d 'Sign with this private key instead: file:PATH or keyring:SERVICE/ACCOUNT ([key])' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand roster; and __fish_seen_subcommand_from init" -l root -d 'Also search this project folder, recursively (repeatable)' -r -F
complete -c jwtadm -n "__fish_jwtadm_using_subcommand roster; and __fish_seen_subcommand_from init" -l var -d 'The environment variable that holds the token' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand roster; and __fish_seen_subcommand_from init" -l header -d 'Look for the token in this HTTP header (Authorization: Bearer <jwt>) instead of --var' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand roster; and __fish_seen_subcommand_from init" -l home -d 'Read another home folder (a mounted disk, a backup) instead of this user\'s; the current folder is then not searched' -r -F
complete -c jwtadm -n "__fish_jwtadm_using_subcommand roster; and __fish_seen_subcommand_from init" -l os -d 'The operating system the home is laid out for (default: this one)' -r -f -a "linux\t''
macos\t''
windows\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand roster; and __fish_seen_subcommand_from init" -l force -d 'Replace an existing roster'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand roster; and __fish_seen_subcommand_from init" -l dry-run -d 'Print the roster instead of writing it'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand roster; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand roster; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand roster; and __fish_seen_subcommand_from help" -f -a "init" -d 'Write a commented clients.toml from what `config find` sees'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand roster; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand scan" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand scan" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand scan" -l roster -d 'Check the tokens with this roster\'s secret or key, and name its clients' -r -F
complete -c jwtadm -n "__fish_jwtadm_using_subcommand scan" -l secret -d 'Check the tokens with this secret: env:VAR, file:PATH, dotenv:PATH#KEY, keyring:SERVICE/ACCOUNT, command:PROGRAM ARGS' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand scan" -l secret-encoding -d 'How the secret\'s text becomes key bytes: utf8, hex, base64, base64url' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand scan" -l key -d 'Check the tokens with this key (a public key is enough)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand scan" -l jwks -d 'Check the tokens with the keys of this JWK Set (a file, or an https:// URL)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand scan" -l keyring-store -d 'Keyring store for a keyring: --secret or --key (default: the platform\'s)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand scan" -l baseline -d 'Suppress the findings recorded in this baseline (a live one is still reported)' -r -F
complete -c jwtadm -n "__fish_jwtadm_using_subcommand scan" -l write-baseline -d 'Write every finding\'s fingerprint into this baseline file, and exit 0' -r -F
complete -c jwtadm -n "__fish_jwtadm_using_subcommand scan" -l fail-on -d 'Which findings fail the scan (exit 1): live, ours (live or expired), any' -r -f -a "live\t''
ours\t''
any\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand scan" -l max-filesize -d 'Skip (and count) files larger than this: 100K, 10M, 1G (as ripgrep)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand scan" -s j -l threads -d 'Worker threads (default: one per CPU)' -r
complete -c jwtadm -n "__fish_jwtadm_using_subcommand scan" -l staged -d 'Scan what is staged in git (the index), as a pre-commit hook does'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand scan" -l no-ignore -d 'Also scan what .gitignore, .ignore and git\'s excludes leave out'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand scan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand scan" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand recover" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand recover" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand recover" -l dry-run -d 'Say what would be done, and change nothing'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand recover" -l discard -d 'After recovering what can be, drop the journals that cannot be (a file changed since by another program), leaving their files as they are'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand recover" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand recover" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand completions" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand completions" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand completions" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand man" -s o -l output -d 'Output format: tables for people, JSON for scripts' -r -f -a "table\t''
json\t''
sarif\t'SARIF 2.1.0, for code scanning (`jwtadm scan` only)'"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand man" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtadm -n "__fish_jwtadm_using_subcommand man" -l dir -d 'Write jwtadm.1 and a page per command (jwtadm-token-verify.1, ...) into this folder' -r -F
complete -c jwtadm -n "__fish_jwtadm_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand man" -s V -l version -d 'Print version'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and not __fish_seen_subcommand_from secret key token config client server roster scan recover completions man help" -f -a "secret" -d 'The signing secret: gen, rotate, check, fingerprint'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and not __fish_seen_subcommand_from secret key token config client server roster scan recover completions man help" -f -a "key" -d 'Key pairs (RS, PS, ES, EdDSA): gen, rotate, public, thumbprint, jwks'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and not __fish_seen_subcommand_from secret key token config client server roster scan recover completions man help" -f -a "token" -d 'Issue, inspect, verify and refresh tokens; issue-all and status for a whole roster'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and not __fish_seen_subcommand_from secret key token config client server roster scan recover completions man help" -f -a "config" -d 'Write tokens into MCP client configuration files'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and not __fish_seen_subcommand_from secret key token config client server roster scan recover completions man help" -f -a "client" -d 'The roster\'s clients: list, add, remove, revoke'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and not __fish_seen_subcommand_from secret key token config client server roster scan recover completions man help" -f -a "server" -d 'What an MCP HTTP server publishes for OAuth clients: its protected resource metadata'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and not __fish_seen_subcommand_from secret key token config client server roster scan recover completions man help" -f -a "roster" -d 'Start a roster (clients.toml) from the MCP client configurations on this machine'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and not __fish_seen_subcommand_from secret key token config client server roster scan recover completions man help" -f -a "scan" -d 'Find leaked tokens in files (or what is staged in git), and say which still open the door'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and not __fish_seen_subcommand_from secret key token config client server roster scan recover completions man help" -f -a "recover" -d 'Finish or undo the runs a crash interrupted (every writing command does it first)'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and not __fish_seen_subcommand_from secret key token config client server roster scan recover completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and not __fish_seen_subcommand_from secret key token config client server roster scan recover completions man help" -f -a "man" -d 'Print the man page (roff), or write one page per command into a folder'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and not __fish_seen_subcommand_from secret key token config client server roster scan recover completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "gen" -d 'Generate a new secret from the operating system\'s CSPRNG'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "fingerprint" -d 'Print the fingerprint (sha256:…) of the configured secret, to compare secrets safely'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "check" -d 'Check the configured secret: length for the algorithm, encoding, file permissions'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "rotate" -d 'Replace the secret with a new one, keeping the old one for a grace period'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "gen" -d 'Generate a key pair; write the private key, print its key id and public JWK'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "rotate" -d 'Replace the key with a new one, keeping the old one for a grace period'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "public" -d 'Print a key\'s public half, as a JWK (with kid, alg, use) or PEM'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "thumbprint" -d 'Print the RFC 7638 thumbprint (the key id) of a JWK or PEM key, public or private'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "jwks" -d 'Print or write the public JWK Set: the key, and the previous one during its grace period'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "issue" -d 'Issue (sign) one token'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "inspect" -d 'Decode a token without verifying it, and say what it holds'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "verify" -d 'Verify a token\'s signature and claims, reporting every check'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "refresh" -d 'Reissue a token with the same claims and lifetime, after checking its signature'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "issue-all" -d 'Issue a token for every client of a roster (clients.toml), and write them into its files'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "status" -d 'Check every client\'s token in its files: found, right subject, valid, not expiring soon'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "patch" -d 'Rewrite the token in MCP config files (JSON/JSONC, TOML, YAML, dotenv), changing nothing else'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "paths" -d 'Where each MCP client keeps its configuration on this (or another) operating system'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "find" -d 'Find every MCP client configuration on this machine, each server in it, and its token\'s state'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and __fish_seen_subcommand_from client" -f -a "list" -d 'List the roster\'s clients: name, sub, files, token lifetime, revoked or not'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and __fish_seen_subcommand_from client" -f -a "add" -d 'Add a client to the roster, keeping its comments and formatting'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and __fish_seen_subcommand_from client" -f -a "remove" -d 'Remove a client from the roster, keeping its comments and formatting'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and __fish_seen_subcommand_from client" -f -a "revoke" -d 'Revoke a client: a new secret (or key), every other client reissued, its token emptied'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and __fish_seen_subcommand_from server" -f -a "metadata" -d 'Print the OAuth 2.0 Protected Resource Metadata (RFC 9728) of an MCP HTTP server'
complete -c jwtadm -n "__fish_jwtadm_using_subcommand help; and __fish_seen_subcommand_from roster" -f -a "init" -d 'Write a commented clients.toml from what `config find` sees'
