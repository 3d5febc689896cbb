
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'jwtadm' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'jwtadm'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'jwtadm' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'The signing secret: gen, rotate, check, fingerprint')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'Key pairs (RS, PS, ES, EdDSA): gen, rotate, public, thumbprint, jwks')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Issue, inspect, verify and refresh tokens; issue-all and status for a whole roster')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Write tokens into MCP client configuration files')
            [CompletionResult]::new('client', 'client', [CompletionResultType]::ParameterValue, 'The roster''s clients: list, add, remove, revoke')
            [CompletionResult]::new('server', 'server', [CompletionResultType]::ParameterValue, 'What an MCP HTTP server publishes for OAuth clients: its protected resource metadata')
            [CompletionResult]::new('roster', 'roster', [CompletionResultType]::ParameterValue, 'Start a roster (clients.toml) from the MCP client configurations on this machine')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Find leaked tokens in files (or what is staged in git), and say which still open the door')
            [CompletionResult]::new('recover', 'recover', [CompletionResultType]::ParameterValue, 'Finish or undo the runs a crash interrupted (every writing command does it first)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff), or write one page per command into a folder')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtadm;secret' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('gen', 'gen', [CompletionResultType]::ParameterValue, 'Generate a new secret from the operating system''s CSPRNG')
            [CompletionResult]::new('fingerprint', 'fingerprint', [CompletionResultType]::ParameterValue, 'Print the fingerprint (sha256:…) of the configured secret, to compare secrets safely')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the configured secret: length for the algorithm, encoding, file permissions')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace the secret with a new one, keeping the old one for a grace period')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtadm;secret;gen' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'The algorithm the secret is for; sizes the key to its hash (32/48/64 bytes)')
            [CompletionResult]::new('--bytes', '--bytes', [CompletionResultType]::ParameterName, 'Key size in bytes; may raise the algorithm''s size, never lower it')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How the bytes are written')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Write the secret here (file:PATH, dotenv:PATH#KEY or keyring:SERVICE/ACCOUNT) instead of printing it')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Give up (exit 4) when another process holds the file''s lock this long')
            [CompletionResult]::new('--keyring-store', '--keyring-store', [CompletionResultType]::ParameterName, 'Keyring store for a keyring: source: secret-service (Linux default, persistent), keyutils (Linux kernel keyring: in memory, lost on reboot), keychain (macOS), windows')
            [CompletionResult]::new('--secret-encoding', '--secret-encoding', [CompletionResultType]::ParameterName, 'How the written text is read back as a key, for the fingerprint printed')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing file: or keyring: secret')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtadm;secret;fingerprint' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Where the secret lives: env:VAR, file:PATH, dotenv:PATH#KEY, keyring:SERVICE/ACCOUNT, command:PROGRAM ARGS or stdin')
            [CompletionResult]::new('--secret-encoding', '--secret-encoding', [CompletionResultType]::ParameterName, 'How the secret''s text becomes key bytes: utf8 (as PyJWT uses it), hex, base64, base64url')
            [CompletionResult]::new('--keyring-store', '--keyring-store', [CompletionResultType]::ParameterName, 'Keyring store for a keyring: source: secret-service (Linux default, persistent), keyutils (Linux kernel keyring: in memory, lost on reboot), keychain (macOS), windows')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtadm;secret;check' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Where the secret lives: env:VAR, file:PATH, dotenv:PATH#KEY, keyring:SERVICE/ACCOUNT, command:PROGRAM ARGS or stdin')
            [CompletionResult]::new('--secret-encoding', '--secret-encoding', [CompletionResultType]::ParameterName, 'How the secret''s text becomes key bytes: utf8 (as PyJWT uses it), hex, base64, base64url')
            [CompletionResult]::new('--keyring-store', '--keyring-store', [CompletionResultType]::ParameterName, 'Keyring store for a keyring: source: secret-service (Linux default, persistent), keyutils (Linux kernel keyring: in memory, lost on reboot), keychain (macOS), windows')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'The algorithm the secret must be long enough for')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtadm;secret;rotate' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Where the secret lives: env:VAR, file:PATH, dotenv:PATH#KEY or keyring:SERVICE/ACCOUNT (default: the roster''s [secret] source)')
            [CompletionResult]::new('--secret-encoding', '--secret-encoding', [CompletionResultType]::ParameterName, 'How the secret''s text becomes key bytes (default: the roster''s, else utf8)')
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'How long tokens signed by the old secret stay accepted')
            [CompletionResult]::new('--roster', '--roster', [CompletionResultType]::ParameterName, 'Also reissue every client of this roster with the new secret and write the tokens into its files, all in the same all-or-nothing run')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'The algorithm the new secret is sized for (default: the largest the roster uses, else HS256)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How the new secret''s bytes are written')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Give up (exit 4) when another process holds a file''s lock this long')
            [CompletionResult]::new('--keyring-store', '--keyring-store', [CompletionResultType]::ParameterName, 'Keyring store for a keyring: source (default: the roster''s, else the platform''s)')
            [CompletionResult]::new('--backup', '--backup', [CompletionResultType]::ParameterName, 'Keep each replaced file''s old content as FILE.bak')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtadm;secret;help' {
            [CompletionResult]::new('gen', 'gen', [CompletionResultType]::ParameterValue, 'Generate a new secret from the operating system''s CSPRNG')
            [CompletionResult]::new('fingerprint', 'fingerprint', [CompletionResultType]::ParameterValue, 'Print the fingerprint (sha256:…) of the configured secret, to compare secrets safely')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the configured secret: length for the algorithm, encoding, file permissions')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace the secret with a new one, keeping the old one for a grace period')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtadm;secret;help;gen' {
            break
        }
        'jwtadm;secret;help;fingerprint' {
            break
        }
        'jwtadm;secret;help;check' {
            break
        }
        'jwtadm;secret;help;rotate' {
            break
        }
        'jwtadm;secret;help;help' {
            break
        }
        'jwtadm;key' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('gen', 'gen', [CompletionResultType]::ParameterValue, 'Generate a key pair; write the private key, print its key id and public JWK')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace the key with a new one, keeping the old one for a grace period')
            [CompletionResult]::new('public', 'public', [CompletionResultType]::ParameterValue, 'Print a key''s public half, as a JWK (with kid, alg, use) or PEM')
            [CompletionResult]::new('thumbprint', 'thumbprint', [CompletionResultType]::ParameterValue, 'Print the RFC 7638 thumbprint (the key id) of a JWK or PEM key, public or private')
            [CompletionResult]::new('jwks', 'jwks', [CompletionResultType]::ParameterValue, 'Print or write the public JWK Set: the key, and the previous one during its grace period')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtadm;key;gen' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'The algorithm the key is for: ES256, ES384, EdDSA, RS256, RS384, RS512, PS256, PS384 or PS512')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where to write the private key: file:PATH (created 0600) or keyring:SERVICE/ACCOUNT')
            [CompletionResult]::new('--bits', '--bits', [CompletionResultType]::ParameterName, 'RSA key size: 2048 (default), 3072, 4096 or 8192; less than 2048 is refused')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Give up (exit 4) when another process holds the file''s lock this long')
            [CompletionResult]::new('--keyring-store', '--keyring-store', [CompletionResultType]::ParameterName, 'Keyring store for a keyring: place (default: the platform''s)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing key')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtadm;key;rotate' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Where the private key lives: file:PATH or keyring:SERVICE/ACCOUNT (default: the roster''s [key] source)')
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'How long tokens signed by the old key stay accepted')
            [CompletionResult]::new('--roster', '--roster', [CompletionResultType]::ParameterName, 'Also reissue every client of this roster with the new key and write the tokens into its files, all in the same all-or-nothing run')
            [CompletionResult]::new('--jwks-out', '--jwks-out', [CompletionResultType]::ParameterName, 'Rewrite this JWK Set with the new key and, during its grace period, the previous one (default: the roster''s jwks)')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'The new key''s algorithm, and its tokens'' (default: a key of the old one''s type, signing with the roster''s alg or the key''s own)')
            [CompletionResult]::new('--bits', '--bits', [CompletionResultType]::ParameterName, 'The new RSA key''s size: 2048, 3072, 4096 or 8192 (default: the old key''s)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Give up (exit 4) when another process holds a file''s lock this long')
            [CompletionResult]::new('--keyring-store', '--keyring-store', [CompletionResultType]::ParameterName, 'Keyring store for a keyring: source (default: the roster''s, else the platform''s)')
            [CompletionResult]::new('--backup', '--backup', [CompletionResultType]::ParameterName, 'Keep each replaced file''s old content as FILE.bak')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtadm;key;public' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Where the key lives: file:PATH, keyring:SERVICE/ACCOUNT, env:VAR, command:… (a private or public key, PEM or JWK)')
            [CompletionResult]::new('--keyring-store', '--keyring-store', [CompletionResultType]::ParameterName, 'Keyring store for a keyring: source (default: the platform''s)')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'The algorithm the key is published for (default: the key''s own: ES256, ES384, EdDSA, RS256 or PS256)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'jwk (with kid, alg and use) or pem (SPKI)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtadm;key;thumbprint' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtadm;key;jwks' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Where the key lives: file:PATH, keyring:SERVICE/ACCOUNT, env:VAR, command:… (a private or public key, PEM or JWK)')
            [CompletionResult]::new('--keyring-store', '--keyring-store', [CompletionResultType]::ParameterName, 'Keyring store for a keyring: source (default: the platform''s)')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'The algorithm the key is published for (default: the key''s own: ES256, ES384, EdDSA, RS256 or PS256)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the JWKS to this file (atomically) instead of printing it')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Judge the previous key''s grace period as of this time (RFC 3339 or a date) instead of now')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtadm;key;help' {
            [CompletionResult]::new('gen', 'gen', [CompletionResultType]::ParameterValue, 'Generate a key pair; write the private key, print its key id and public JWK')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace the key with a new one, keeping the old one for a grace period')
            [CompletionResult]::new('public', 'public', [CompletionResultType]::ParameterValue, 'Print a key''s public half, as a JWK (with kid, alg, use) or PEM')
            [CompletionResult]::new('thumbprint', 'thumbprint', [CompletionResultType]::ParameterValue, 'Print the RFC 7638 thumbprint (the key id) of a JWK or PEM key, public or private')
            [CompletionResult]::new('jwks', 'jwks', [CompletionResultType]::ParameterValue, 'Print or write the public JWK Set: the key, and the previous one during its grace period')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtadm;key;help;gen' {
            break
        }
        'jwtadm;key;help;rotate' {
            break
        }
        'jwtadm;key;help;public' {
            break
        }
        'jwtadm;key;help;thumbprint' {
            break
        }
        'jwtadm;key;help;jwks' {
            break
        }
        'jwtadm;key;help;help' {
            break
        }
        'jwtadm;token' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('issue', 'issue', [CompletionResultType]::ParameterValue, 'Issue (sign) one token')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Decode a token without verifying it, and say what it holds')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify a token''s signature and claims, reporting every check')
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Reissue a token with the same claims and lifetime, after checking its signature')
            [CompletionResult]::new('issue-all', 'issue-all', [CompletionResultType]::ParameterValue, 'Issue a token for every client of a roster (clients.toml), and write them into its files')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Check every client''s token in its files: found, right subject, valid, not expiring soon')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtadm;token;issue' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('--sub', '--sub', [CompletionResultType]::ParameterName, 'Subject: the client this token is for')
            [CompletionResult]::new('--iss', '--iss', [CompletionResultType]::ParameterName, 'Issuer')
            [CompletionResult]::new('--aud', '--aud', [CompletionResultType]::ParameterName, 'Audience; repeat for several (one gives a string, several an array)')
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'Lifetime (90m, 24h, 365d, 1y) or an RFC 3339 expiry time')
            [CompletionResult]::new('--not-before', '--not-before', [CompletionResultType]::ParameterName, 'Not valid before: a duration from now or an RFC 3339 time')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Display name claim')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Role claim')
            [CompletionResult]::new('--quota', '--quota', [CompletionResultType]::ParameterName, 'Request quota claim')
            [CompletionResult]::new('--claim', '--claim', [CompletionResultType]::ParameterName, 'Extra claim; VALUE is JSON when it parses as JSON, else a string (repeatable)')
            [CompletionResult]::new('--claims-file', '--claims-file', [CompletionResultType]::ParameterName, 'A JSON object of claims to merge in (''-'' for standard input)')
            [CompletionResult]::new('--jti', '--jti', [CompletionResultType]::ParameterName, 'Token id (default: a random 128-bit id)')
            [CompletionResult]::new('--kid', '--kid', [CompletionResultType]::ParameterName, 'Key id header (default: the signing secret''s fingerprint, without "sha256:", or the key''s RFC 7638 thumbprint). May start with ''-'', as a base64url thumbprint can')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Signing algorithm (default: HS256 with a secret; with --key, the key''s own: ES256, ES384, EdDSA, RS256 or PS256)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The kind of token: jwt (typ JWT), or at+jwt for an OAuth access token (RFC 9068), as an MCP HTTP server checks them: typ at+jwt, and --iss, --aud and --client-id required')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'client_id claim: the OAuth client the token is issued to (RFC 9068)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'scope claim: space-separated scopes (repeatable; joined with spaces)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Where the secret lives: env:VAR, file:PATH, dotenv:PATH#KEY, keyring:SERVICE/ACCOUNT, command:PROGRAM ARGS or stdin')
            [CompletionResult]::new('--secret-encoding', '--secret-encoding', [CompletionResultType]::ParameterName, 'How the secret''s text becomes key bytes: utf8 (as PyJWT uses it), hex, base64, base64url')
            [CompletionResult]::new('--keyring-store', '--keyring-store', [CompletionResultType]::ParameterName, 'Keyring store for a keyring: source: secret-service (Linux default, persistent), keyutils (Linux kernel keyring: in memory, lost on reboot), keychain (macOS), windows')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Sign with this private key (PKCS#8 PEM, as jwtadm key gen writes it) instead of a secret: file:PATH, keyring:SERVICE/ACCOUNT, env:VAR, command:…; kid is its RFC 7638 thumbprint')
            [CompletionResult]::new('--no-kid', '--no-kid', [CompletionResultType]::ParameterName, 'Leave out the kid header')
            [CompletionResult]::new('--no-iat', '--no-iat', [CompletionResultType]::ParameterName, 'Leave out the iat (issued at) claim')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtadm;token;inspect' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('--from-config', '--from-config', [CompletionResultType]::ParameterName, 'Inspect the token(s) found in this MCP config file instead')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'With --from-config: only this server')
            [CompletionResult]::new('--var', '--var', [CompletionResultType]::ParameterName, 'With --from-config: the variable that holds the token')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'With --from-config: the token is in this HTTP header')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtadm;token;verify' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('--from-config', '--from-config', [CompletionResultType]::ParameterName, 'Verify the token(s) found in this MCP config file instead (each server''s; exit with the worst)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'With --from-config: only this server')
            [CompletionResult]::new('--var', '--var', [CompletionResultType]::ParameterName, 'With --from-config: the variable that holds the token')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'With --from-config: the token is in this HTTP header')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Where the secret lives: env:VAR, file:PATH, dotenv:PATH#KEY, keyring:SERVICE/ACCOUNT, command:PROGRAM ARGS or stdin')
            [CompletionResult]::new('--secret-encoding', '--secret-encoding', [CompletionResultType]::ParameterName, 'How the secret''s text becomes key bytes: utf8 (as PyJWT uses it), hex, base64, base64url')
            [CompletionResult]::new('--keyring-store', '--keyring-store', [CompletionResultType]::ParameterName, 'Keyring store for a keyring: source: secret-service (Linux default, persistent), keyutils (Linux kernel keyring: in memory, lost on reboot), keychain (macOS), windows')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Verify with this key instead of a secret: a public or private key, PEM or JWK, at file:PATH, keyring:SERVICE/ACCOUNT, env:VAR or command:… (the previous key a rotation kept beside it is accepted during its grace period)')
            [CompletionResult]::new('--jwks', '--jwks', [CompletionResultType]::ParameterName, 'Verify with the key of this JWK Set that the token''s kid names: a file, or an https:// URL (http:// only for loopback), fetched with a 10 s timeout and a 1 MiB limit')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Allowed algorithms (repeatable; default HS256 with a secret, every algorithm of the key with --key or --jwks). ''none'' is never accepted')
            [CompletionResult]::new('--typ', '--typ', [CompletionResultType]::ParameterName, 'Require this typ header, e.g. at+jwt (compared case-insensitively, application/ implied). Default: typ may be absent, JWT, at+jwt or JOSE')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The kind of token: jwt, or at+jwt to check an OAuth access token as RFC 9068 section 4 says (typ at+jwt; iss, aud, sub, client_id, jti, iat and exp present; needs --iss and --aud, the server''s resource URI)')
            [CompletionResult]::new('--iss', '--iss', [CompletionResultType]::ParameterName, 'Expected issuer (exact match)')
            [CompletionResult]::new('--aud', '--aud', [CompletionResultType]::ParameterName, 'Expected audience (exact match; repeatable: any one must be in the token''s aud)')
            [CompletionResult]::new('--leeway', '--leeway', [CompletionResultType]::ParameterName, 'Clock skew allowed for exp, nbf and iat')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Evaluate as of this time (RFC 3339) instead of now')
            [CompletionResult]::new('--allow-no-exp', '--allow-no-exp', [CompletionResultType]::ParameterName, 'Accept a token without exp')
            [CompletionResult]::new('--ignore-exp', '--ignore-exp', [CompletionResultType]::ParameterName, 'Do not fail an expired token')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtadm;token;refresh' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Where the secret lives: env:VAR, file:PATH, dotenv:PATH#KEY, keyring:SERVICE/ACCOUNT, command:PROGRAM ARGS or stdin')
            [CompletionResult]::new('--secret-encoding', '--secret-encoding', [CompletionResultType]::ParameterName, 'How the secret''s text becomes key bytes: utf8 (as PyJWT uses it), hex, base64, base64url')
            [CompletionResult]::new('--keyring-store', '--keyring-store', [CompletionResultType]::ParameterName, 'Keyring store for a keyring: source: secret-service (Linux default, persistent), keyutils (Linux kernel keyring: in memory, lost on reboot), keychain (macOS), windows')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Verify and re-sign with this private key instead of a secret (see token issue --key)')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Allowed algorithms of the old token (repeatable; default HS256, or the key''s)')
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'New lifetime or expiry time (default: the old token''s exp - iat)')
            [CompletionResult]::new('--kid', '--kid', [CompletionResultType]::ParameterName, 'Key id header (default: the signing secret''s fingerprint, or the key''s thumbprint). May start with ''-''')
            [CompletionResult]::new('--no-kid', '--no-kid', [CompletionResultType]::ParameterName, 'Leave out the kid header')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtadm;token;issue-all' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('--only', '--only', [CompletionResultType]::ParameterName, 'Only this client (repeatable)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Give up (exit 4) when another process holds a file''s lock this long')
            [CompletionResult]::new('--renew-within', '--renew-within', [CompletionResultType]::ParameterName, 'Only the clients due: a token missing, invalid, mismatched, different between places, of the previous key, expired or expiring within DURATION (0s: only expired or broken)')
            [CompletionResult]::new('--patch', '--patch', [CompletionResultType]::ParameterName, 'Also write each token into the client''s configs and dotenv entry')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what --patch would change, as a diff with tokens shortened; write nothing')
            [CompletionResult]::new('--backup', '--backup', [CompletionResultType]::ParameterName, 'Keep each replaced file''s old content as FILE.bak')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtadm;token;status' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('--warn-within', '--warn-within', [CompletionResultType]::ParameterName, 'Warn (exit 3) when a token expires within this long')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Evaluate as of this time (RFC 3339 or a date) instead of now')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Check a [key] roster''s tokens with this key instead of the roster''s own (a public key is enough): file:PATH, keyring:SERVICE/ACCOUNT, env:VAR, … (the previous key a rotation kept beside it is accepted during its grace period)')
            [CompletionResult]::new('--jwks', '--jwks', [CompletionResultType]::ParameterName, 'Check a [key] roster''s tokens with the keys of this JWK Set instead of the roster''s own: a file, or an https:// URL (http:// only for loopback)')
            [CompletionResult]::new('--keyring-store', '--keyring-store', [CompletionResultType]::ParameterName, 'Keyring store for a keyring: --key (default: the platform''s)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Count a value that points elsewhere (${input:…}, ${env:…}) as a failure (exit 1); by default it is reported as unchecked and does not fail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtadm;token;help' {
            [CompletionResult]::new('issue', 'issue', [CompletionResultType]::ParameterValue, 'Issue (sign) one token')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Decode a token without verifying it, and say what it holds')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify a token''s signature and claims, reporting every check')
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Reissue a token with the same claims and lifetime, after checking its signature')
            [CompletionResult]::new('issue-all', 'issue-all', [CompletionResultType]::ParameterValue, 'Issue a token for every client of a roster (clients.toml), and write them into its files')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Check every client''s token in its files: found, right subject, valid, not expiring soon')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtadm;token;help;issue' {
            break
        }
        'jwtadm;token;help;inspect' {
            break
        }
        'jwtadm;token;help;verify' {
            break
        }
        'jwtadm;token;help;refresh' {
            break
        }
        'jwtadm;token;help;issue-all' {
            break
        }
        'jwtadm;token;help;status' {
            break
        }
        'jwtadm;token;help;help' {
            break
        }
        'jwtadm;config' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('patch', 'patch', [CompletionResultType]::ParameterValue, 'Rewrite the token in MCP config files (JSON/JSONC, TOML, YAML, dotenv), changing nothing else')
            [CompletionResult]::new('paths', 'paths', [CompletionResultType]::ParameterValue, 'Where each MCP client keeps its configuration on this (or another) operating system')
            [CompletionResult]::new('find', 'find', [CompletionResultType]::ParameterValue, 'Find every MCP client configuration on this machine, each server in it, and its token''s state')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtadm;config;patch' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token from a file')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'The token itself')
            [CompletionResult]::new('--var', '--var', [CompletionResultType]::ParameterName, 'The environment variable that holds the token')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Only this server')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Rewrite the token inside this HTTP header (e.g. Authorization: Bearer <jwt>), keeping the scheme')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Give up (exit 4) when another process holds a file''s lock this long')
            [CompletionResult]::new('--token-stdin', '--token-stdin', [CompletionResultType]::ParameterName, 'Read the token from standard input (the default when stdin is not a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the change as a diff with tokens shortened; write nothing')
            [CompletionResult]::new('--backup', '--backup', [CompletionResultType]::ParameterName, 'Keep each replaced file''s old content as FILE.bak')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtadm;config;paths' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('--os', '--os', [CompletionResultType]::ParameterName, 'The operating system whose paths to show (default: this one)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtadm;config;find' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Also search this project folder, recursively (repeatable)')
            [CompletionResult]::new('--var', '--var', [CompletionResultType]::ParameterName, 'The environment variable that holds the token')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Look for the token in this HTTP header (Authorization: Bearer <jwt>) instead of --var')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Read another home folder (a mounted disk, a backup) instead of this user''s; the current folder is then not searched')
            [CompletionResult]::new('--os', '--os', [CompletionResultType]::ParameterName, 'The operating system the home is laid out for (default: this one)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Check the tokens with this secret: env:VAR, file:PATH, dotenv:PATH#KEY, keyring:SERVICE/ACCOUNT, command:PROGRAM ARGS')
            [CompletionResult]::new('--secret-encoding', '--secret-encoding', [CompletionResultType]::ParameterName, 'How the secret''s text becomes key bytes: utf8, hex, base64, base64url')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Check the tokens with this key (a public key is enough)')
            [CompletionResult]::new('--jwks', '--jwks', [CompletionResultType]::ParameterName, 'Check the tokens with the keys of this JWK Set (a file, or an https:// URL)')
            [CompletionResult]::new('--keyring-store', '--keyring-store', [CompletionResultType]::ParameterName, 'Keyring store for a keyring: --secret or --key (default: the platform''s)')
            [CompletionResult]::new('--warn-within', '--warn-within', [CompletionResultType]::ParameterName, 'A token that ends within this long is expiring')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtadm;config;help' {
            [CompletionResult]::new('patch', 'patch', [CompletionResultType]::ParameterValue, 'Rewrite the token in MCP config files (JSON/JSONC, TOML, YAML, dotenv), changing nothing else')
            [CompletionResult]::new('paths', 'paths', [CompletionResultType]::ParameterValue, 'Where each MCP client keeps its configuration on this (or another) operating system')
            [CompletionResult]::new('find', 'find', [CompletionResultType]::ParameterValue, 'Find every MCP client configuration on this machine, each server in it, and its token''s state')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtadm;config;help;patch' {
            break
        }
        'jwtadm;config;help;paths' {
            break
        }
        'jwtadm;config;help;find' {
            break
        }
        'jwtadm;config;help;help' {
            break
        }
        'jwtadm;client' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the roster''s clients: name, sub, files, token lifetime, revoked or not')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a client to the roster, keeping its comments and formatting')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a client from the roster, keeping its comments and formatting')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a client: a new secret (or key), every other client reissued, its token emptied')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtadm;client;list' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtadm;client;add' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('--sub', '--sub', [CompletionResultType]::ParameterName, 'The subject of its tokens, unique in the roster')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A config file its token goes into, optionally with the server (repeatable)')
            [CompletionResult]::new('--dotenv', '--dotenv', [CompletionResultType]::ParameterName, 'A dotenv file and the key its token goes into')
            [CompletionResult]::new('--claim', '--claim', [CompletionResultType]::ParameterName, 'Extra claim; VALUE is JSON when it parses as JSON, else a string (repeatable)')
            [CompletionResult]::new('--roster', '--roster', [CompletionResultType]::ParameterName, 'The roster to edit')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Give up (exit 4) when another process holds the roster''s lock this long')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtadm;client;remove' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('--roster', '--roster', [CompletionResultType]::ParameterName, 'The roster to edit')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Give up (exit 4) when another process holds the roster''s lock this long')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtadm;client;revoke' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'How long tokens signed by the old secret or key (the revoked one''s too) stay accepted')
            [CompletionResult]::new('--roster', '--roster', [CompletionResultType]::ParameterName, 'The roster')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Give up (exit 4) when another process holds a file''s lock this long')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, tokens shortened; write nothing')
            [CompletionResult]::new('--backup', '--backup', [CompletionResultType]::ParameterName, 'Keep each replaced file''s old content as FILE.bak')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtadm;client;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the roster''s clients: name, sub, files, token lifetime, revoked or not')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a client to the roster, keeping its comments and formatting')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a client from the roster, keeping its comments and formatting')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a client: a new secret (or key), every other client reissued, its token emptied')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtadm;client;help;list' {
            break
        }
        'jwtadm;client;help;add' {
            break
        }
        'jwtadm;client;help;remove' {
            break
        }
        'jwtadm;client;help;revoke' {
            break
        }
        'jwtadm;client;help;help' {
            break
        }
        'jwtadm;server' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('metadata', 'metadata', [CompletionResultType]::ParameterValue, 'Print the OAuth 2.0 Protected Resource Metadata (RFC 9728) of an MCP HTTP server')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtadm;server;metadata' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'The server''s resource identifier: its canonical URL, as clients name it and tokens'' aud hold it (https; http only for localhost, 127.0.0.1 or [::1]; no #fragment)')
            [CompletionResult]::new('--authorization-server', '--authorization-server', [CompletionResultType]::ParameterName, 'An authorization server that issues tokens for this server, as its issuer URL (repeatable; at least one)')
            [CompletionResult]::new('--jwks-uri', '--jwks-uri', [CompletionResultType]::ParameterName, 'Where the server''s JSON Web Key Set is (jwks_uri)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'A scope the server understands (repeatable, or several separated by spaces): scopes_supported')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtadm;server;help' {
            [CompletionResult]::new('metadata', 'metadata', [CompletionResultType]::ParameterValue, 'Print the OAuth 2.0 Protected Resource Metadata (RFC 9728) of an MCP HTTP server')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtadm;server;help;metadata' {
            break
        }
        'jwtadm;server;help;help' {
            break
        }
        'jwtadm;roster' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented clients.toml from what `config find` sees')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtadm;roster;init' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Where to write the roster')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The secret the roster signs with, as it will be written into [secret] (default: jwtadm''s default source)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Sign with this private key instead: file:PATH or keyring:SERVICE/ACCOUNT ([key])')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Also search this project folder, recursively (repeatable)')
            [CompletionResult]::new('--var', '--var', [CompletionResultType]::ParameterName, 'The environment variable that holds the token')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Look for the token in this HTTP header (Authorization: Bearer <jwt>) instead of --var')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Read another home folder (a mounted disk, a backup) instead of this user''s; the current folder is then not searched')
            [CompletionResult]::new('--os', '--os', [CompletionResultType]::ParameterName, 'The operating system the home is laid out for (default: this one)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing roster')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the roster instead of writing it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtadm;roster;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented clients.toml from what `config find` sees')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtadm;roster;help;init' {
            break
        }
        'jwtadm;roster;help;help' {
            break
        }
        'jwtadm;scan' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('--roster', '--roster', [CompletionResultType]::ParameterName, 'Check the tokens with this roster''s secret or key, and name its clients')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Check the tokens with this secret: env:VAR, file:PATH, dotenv:PATH#KEY, keyring:SERVICE/ACCOUNT, command:PROGRAM ARGS')
            [CompletionResult]::new('--secret-encoding', '--secret-encoding', [CompletionResultType]::ParameterName, 'How the secret''s text becomes key bytes: utf8, hex, base64, base64url')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Check the tokens with this key (a public key is enough)')
            [CompletionResult]::new('--jwks', '--jwks', [CompletionResultType]::ParameterName, 'Check the tokens with the keys of this JWK Set (a file, or an https:// URL)')
            [CompletionResult]::new('--keyring-store', '--keyring-store', [CompletionResultType]::ParameterName, 'Keyring store for a keyring: --secret or --key (default: the platform''s)')
            [CompletionResult]::new('--baseline', '--baseline', [CompletionResultType]::ParameterName, 'Suppress the findings recorded in this baseline (a live one is still reported)')
            [CompletionResult]::new('--write-baseline', '--write-baseline', [CompletionResultType]::ParameterName, 'Write every finding''s fingerprint into this baseline file, and exit 0')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Which findings fail the scan (exit 1): live, ours (live or expired), any')
            [CompletionResult]::new('--max-filesize', '--max-filesize', [CompletionResultType]::ParameterName, 'Skip (and count) files larger than this: 100K, 10M, 1G (as ripgrep)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Worker threads (default: one per CPU)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads (default: one per CPU)')
            [CompletionResult]::new('--staged', '--staged', [CompletionResultType]::ParameterName, 'Scan what is staged in git (the index), as a pre-commit hook does')
            [CompletionResult]::new('--no-ignore', '--no-ignore', [CompletionResultType]::ParameterName, 'Also scan what .gitignore, .ignore and git''s excludes leave out')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtadm;recover' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Say what would be done, and change nothing')
            [CompletionResult]::new('--discard', '--discard', [CompletionResultType]::ParameterName, 'After recovering what can be, drop the journals that cannot be (a file changed since by another program), leaving their files as they are')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtadm;completions' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtadm;man' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables for people, JSON for scripts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Write jwtadm.1 and a page per command (jwtadm-token-verify.1, ...) into this folder')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtadm;help' {
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'The signing secret: gen, rotate, check, fingerprint')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'Key pairs (RS, PS, ES, EdDSA): gen, rotate, public, thumbprint, jwks')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Issue, inspect, verify and refresh tokens; issue-all and status for a whole roster')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Write tokens into MCP client configuration files')
            [CompletionResult]::new('client', 'client', [CompletionResultType]::ParameterValue, 'The roster''s clients: list, add, remove, revoke')
            [CompletionResult]::new('server', 'server', [CompletionResultType]::ParameterValue, 'What an MCP HTTP server publishes for OAuth clients: its protected resource metadata')
            [CompletionResult]::new('roster', 'roster', [CompletionResultType]::ParameterValue, 'Start a roster (clients.toml) from the MCP client configurations on this machine')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Find leaked tokens in files (or what is staged in git), and say which still open the door')
            [CompletionResult]::new('recover', 'recover', [CompletionResultType]::ParameterValue, 'Finish or undo the runs a crash interrupted (every writing command does it first)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff), or write one page per command into a folder')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtadm;help;secret' {
            [CompletionResult]::new('gen', 'gen', [CompletionResultType]::ParameterValue, 'Generate a new secret from the operating system''s CSPRNG')
            [CompletionResult]::new('fingerprint', 'fingerprint', [CompletionResultType]::ParameterValue, 'Print the fingerprint (sha256:…) of the configured secret, to compare secrets safely')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the configured secret: length for the algorithm, encoding, file permissions')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace the secret with a new one, keeping the old one for a grace period')
            break
        }
        'jwtadm;help;secret;gen' {
            break
        }
        'jwtadm;help;secret;fingerprint' {
            break
        }
        'jwtadm;help;secret;check' {
            break
        }
        'jwtadm;help;secret;rotate' {
            break
        }
        'jwtadm;help;key' {
            [CompletionResult]::new('gen', 'gen', [CompletionResultType]::ParameterValue, 'Generate a key pair; write the private key, print its key id and public JWK')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace the key with a new one, keeping the old one for a grace period')
            [CompletionResult]::new('public', 'public', [CompletionResultType]::ParameterValue, 'Print a key''s public half, as a JWK (with kid, alg, use) or PEM')
            [CompletionResult]::new('thumbprint', 'thumbprint', [CompletionResultType]::ParameterValue, 'Print the RFC 7638 thumbprint (the key id) of a JWK or PEM key, public or private')
            [CompletionResult]::new('jwks', 'jwks', [CompletionResultType]::ParameterValue, 'Print or write the public JWK Set: the key, and the previous one during its grace period')
            break
        }
        'jwtadm;help;key;gen' {
            break
        }
        'jwtadm;help;key;rotate' {
            break
        }
        'jwtadm;help;key;public' {
            break
        }
        'jwtadm;help;key;thumbprint' {
            break
        }
        'jwtadm;help;key;jwks' {
            break
        }
        'jwtadm;help;token' {
            [CompletionResult]::new('issue', 'issue', [CompletionResultType]::ParameterValue, 'Issue (sign) one token')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Decode a token without verifying it, and say what it holds')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify a token''s signature and claims, reporting every check')
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Reissue a token with the same claims and lifetime, after checking its signature')
            [CompletionResult]::new('issue-all', 'issue-all', [CompletionResultType]::ParameterValue, 'Issue a token for every client of a roster (clients.toml), and write them into its files')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Check every client''s token in its files: found, right subject, valid, not expiring soon')
            break
        }
        'jwtadm;help;token;issue' {
            break
        }
        'jwtadm;help;token;inspect' {
            break
        }
        'jwtadm;help;token;verify' {
            break
        }
        'jwtadm;help;token;refresh' {
            break
        }
        'jwtadm;help;token;issue-all' {
            break
        }
        'jwtadm;help;token;status' {
            break
        }
        'jwtadm;help;config' {
            [CompletionResult]::new('patch', 'patch', [CompletionResultType]::ParameterValue, 'Rewrite the token in MCP config files (JSON/JSONC, TOML, YAML, dotenv), changing nothing else')
            [CompletionResult]::new('paths', 'paths', [CompletionResultType]::ParameterValue, 'Where each MCP client keeps its configuration on this (or another) operating system')
            [CompletionResult]::new('find', 'find', [CompletionResultType]::ParameterValue, 'Find every MCP client configuration on this machine, each server in it, and its token''s state')
            break
        }
        'jwtadm;help;config;patch' {
            break
        }
        'jwtadm;help;config;paths' {
            break
        }
        'jwtadm;help;config;find' {
            break
        }
        'jwtadm;help;client' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the roster''s clients: name, sub, files, token lifetime, revoked or not')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a client to the roster, keeping its comments and formatting')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a client from the roster, keeping its comments and formatting')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a client: a new secret (or key), every other client reissued, its token emptied')
            break
        }
        'jwtadm;help;client;list' {
            break
        }
        'jwtadm;help;client;add' {
            break
        }
        'jwtadm;help;client;remove' {
            break
        }
        'jwtadm;help;client;revoke' {
            break
        }
        'jwtadm;help;server' {
            [CompletionResult]::new('metadata', 'metadata', [CompletionResultType]::ParameterValue, 'Print the OAuth 2.0 Protected Resource Metadata (RFC 9728) of an MCP HTTP server')
            break
        }
        'jwtadm;help;server;metadata' {
            break
        }
        'jwtadm;help;roster' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented clients.toml from what `config find` sees')
            break
        }
        'jwtadm;help;roster;init' {
            break
        }
        'jwtadm;help;scan' {
            break
        }
        'jwtadm;help;recover' {
            break
        }
        'jwtadm;help;completions' {
            break
        }
        'jwtadm;help;man' {
            break
        }
        'jwtadm;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
