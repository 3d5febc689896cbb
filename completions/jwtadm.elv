
use builtin;
use str;

set edit:completion:arg-completer[jwtadm] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'jwtadm'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'jwtadm'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand secret 'The signing secret: gen, rotate, check, fingerprint'
            cand key 'Key pairs (RS, PS, ES, EdDSA): gen, rotate, public, thumbprint, jwks'
            cand token 'Issue, inspect, verify and refresh tokens; issue-all and status for a whole roster'
            cand config 'Write tokens into MCP client configuration files'
            cand client 'The roster''s clients: list, add, remove, revoke'
            cand server 'What an MCP HTTP server publishes for OAuth clients: its protected resource metadata'
            cand roster 'Start a roster (clients.toml) from the MCP client configurations on this machine'
            cand scan 'Find leaked tokens in files (or what is staged in git), and say which still open the door'
            cand recover 'Finish or undo the runs a crash interrupted (every writing command does it first)'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff), or write one page per command into a folder'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtadm;secret'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand gen 'Generate a new secret from the operating system''s CSPRNG'
            cand fingerprint 'Print the fingerprint (sha256:…) of the configured secret, to compare secrets safely'
            cand check 'Check the configured secret: length for the algorithm, encoding, file permissions'
            cand rotate 'Replace the secret with a new one, keeping the old one for a grace period'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtadm;secret;gen'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand --alg 'The algorithm the secret is for; sizes the key to its hash (32/48/64 bytes)'
            cand --bytes 'Key size in bytes; may raise the algorithm''s size, never lower it'
            cand --format 'How the bytes are written'
            cand --to 'Write the secret here (file:PATH, dotenv:PATH#KEY or keyring:SERVICE/ACCOUNT) instead of printing it'
            cand --lock-timeout 'Give up (exit 4) when another process holds the file''s lock this long'
            cand --keyring-store 'Keyring store for a keyring: source: secret-service (Linux default, persistent), keyutils (Linux kernel keyring: in memory, lost on reboot), keychain (macOS), windows'
            cand --secret-encoding 'How the written text is read back as a key, for the fingerprint printed'
            cand --force 'Replace an existing file: or keyring: secret'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtadm;secret;fingerprint'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand --secret 'Where the secret lives: env:VAR, file:PATH, dotenv:PATH#KEY, keyring:SERVICE/ACCOUNT, command:PROGRAM ARGS or stdin'
            cand --secret-encoding 'How the secret''s text becomes key bytes: utf8 (as PyJWT uses it), hex, base64, base64url'
            cand --keyring-store 'Keyring store for a keyring: source: secret-service (Linux default, persistent), keyutils (Linux kernel keyring: in memory, lost on reboot), keychain (macOS), windows'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtadm;secret;check'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand --secret 'Where the secret lives: env:VAR, file:PATH, dotenv:PATH#KEY, keyring:SERVICE/ACCOUNT, command:PROGRAM ARGS or stdin'
            cand --secret-encoding 'How the secret''s text becomes key bytes: utf8 (as PyJWT uses it), hex, base64, base64url'
            cand --keyring-store 'Keyring store for a keyring: source: secret-service (Linux default, persistent), keyutils (Linux kernel keyring: in memory, lost on reboot), keychain (macOS), windows'
            cand --alg 'The algorithm the secret must be long enough for'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtadm;secret;rotate'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand --secret 'Where the secret lives: env:VAR, file:PATH, dotenv:PATH#KEY or keyring:SERVICE/ACCOUNT (default: the roster''s [secret] source)'
            cand --secret-encoding 'How the secret''s text becomes key bytes (default: the roster''s, else utf8)'
            cand --grace 'How long tokens signed by the old secret stay accepted'
            cand --roster 'Also reissue every client of this roster with the new secret and write the tokens into its files, all in the same all-or-nothing run'
            cand --alg 'The algorithm the new secret is sized for (default: the largest the roster uses, else HS256)'
            cand --format 'How the new secret''s bytes are written'
            cand --lock-timeout 'Give up (exit 4) when another process holds a file''s lock this long'
            cand --keyring-store 'Keyring store for a keyring: source (default: the roster''s, else the platform''s)'
            cand --backup 'Keep each replaced file''s old content as FILE.bak'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtadm;secret;help'= {
            cand gen 'Generate a new secret from the operating system''s CSPRNG'
            cand fingerprint 'Print the fingerprint (sha256:…) of the configured secret, to compare secrets safely'
            cand check 'Check the configured secret: length for the algorithm, encoding, file permissions'
            cand rotate 'Replace the secret with a new one, keeping the old one for a grace period'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtadm;secret;help;gen'= {
        }
        &'jwtadm;secret;help;fingerprint'= {
        }
        &'jwtadm;secret;help;check'= {
        }
        &'jwtadm;secret;help;rotate'= {
        }
        &'jwtadm;secret;help;help'= {
        }
        &'jwtadm;key'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand gen 'Generate a key pair; write the private key, print its key id and public JWK'
            cand rotate 'Replace the key with a new one, keeping the old one for a grace period'
            cand public 'Print a key''s public half, as a JWK (with kid, alg, use) or PEM'
            cand thumbprint 'Print the RFC 7638 thumbprint (the key id) of a JWK or PEM key, public or private'
            cand jwks 'Print or write the public JWK Set: the key, and the previous one during its grace period'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtadm;key;gen'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand --alg 'The algorithm the key is for: ES256, ES384, EdDSA, RS256, RS384, RS512, PS256, PS384 or PS512'
            cand --to 'Where to write the private key: file:PATH (created 0600) or keyring:SERVICE/ACCOUNT'
            cand --bits 'RSA key size: 2048 (default), 3072, 4096 or 8192; less than 2048 is refused'
            cand --lock-timeout 'Give up (exit 4) when another process holds the file''s lock this long'
            cand --keyring-store 'Keyring store for a keyring: place (default: the platform''s)'
            cand --force 'Replace an existing key'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtadm;key;rotate'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand --key 'Where the private key lives: file:PATH or keyring:SERVICE/ACCOUNT (default: the roster''s [key] source)'
            cand --grace 'How long tokens signed by the old key stay accepted'
            cand --roster 'Also reissue every client of this roster with the new key and write the tokens into its files, all in the same all-or-nothing run'
            cand --jwks-out 'Rewrite this JWK Set with the new key and, during its grace period, the previous one (default: the roster''s jwks)'
            cand --alg 'The new key''s algorithm, and its tokens'' (default: a key of the old one''s type, signing with the roster''s alg or the key''s own)'
            cand --bits 'The new RSA key''s size: 2048, 3072, 4096 or 8192 (default: the old key''s)'
            cand --lock-timeout 'Give up (exit 4) when another process holds a file''s lock this long'
            cand --keyring-store 'Keyring store for a keyring: source (default: the roster''s, else the platform''s)'
            cand --backup 'Keep each replaced file''s old content as FILE.bak'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtadm;key;public'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand --key 'Where the key lives: file:PATH, keyring:SERVICE/ACCOUNT, env:VAR, command:… (a private or public key, PEM or JWK)'
            cand --keyring-store 'Keyring store for a keyring: source (default: the platform''s)'
            cand --alg 'The algorithm the key is published for (default: the key''s own: ES256, ES384, EdDSA, RS256 or PS256)'
            cand --format 'jwk (with kid, alg and use) or pem (SPKI)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtadm;key;thumbprint'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtadm;key;jwks'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand --key 'Where the key lives: file:PATH, keyring:SERVICE/ACCOUNT, env:VAR, command:… (a private or public key, PEM or JWK)'
            cand --keyring-store 'Keyring store for a keyring: source (default: the platform''s)'
            cand --alg 'The algorithm the key is published for (default: the key''s own: ES256, ES384, EdDSA, RS256 or PS256)'
            cand --out 'Write the JWKS to this file (atomically) instead of printing it'
            cand --at 'Judge the previous key''s grace period as of this time (RFC 3339 or a date) instead of now'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtadm;key;help'= {
            cand gen 'Generate a key pair; write the private key, print its key id and public JWK'
            cand rotate 'Replace the key with a new one, keeping the old one for a grace period'
            cand public 'Print a key''s public half, as a JWK (with kid, alg, use) or PEM'
            cand thumbprint 'Print the RFC 7638 thumbprint (the key id) of a JWK or PEM key, public or private'
            cand jwks 'Print or write the public JWK Set: the key, and the previous one during its grace period'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtadm;key;help;gen'= {
        }
        &'jwtadm;key;help;rotate'= {
        }
        &'jwtadm;key;help;public'= {
        }
        &'jwtadm;key;help;thumbprint'= {
        }
        &'jwtadm;key;help;jwks'= {
        }
        &'jwtadm;key;help;help'= {
        }
        &'jwtadm;token'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand issue 'Issue (sign) one token'
            cand inspect 'Decode a token without verifying it, and say what it holds'
            cand verify 'Verify a token''s signature and claims, reporting every check'
            cand refresh 'Reissue a token with the same claims and lifetime, after checking its signature'
            cand issue-all 'Issue a token for every client of a roster (clients.toml), and write them into its files'
            cand status 'Check every client''s token in its files: found, right subject, valid, not expiring soon'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtadm;token;issue'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand --sub 'Subject: the client this token is for'
            cand --iss 'Issuer'
            cand --aud 'Audience; repeat for several (one gives a string, several an array)'
            cand --expires 'Lifetime (90m, 24h, 365d, 1y) or an RFC 3339 expiry time'
            cand --not-before 'Not valid before: a duration from now or an RFC 3339 time'
            cand --name 'Display name claim'
            cand --role 'Role claim'
            cand --quota 'Request quota claim'
            cand --claim 'Extra claim; VALUE is JSON when it parses as JSON, else a string (repeatable)'
            cand --claims-file 'A JSON object of claims to merge in (''-'' for standard input)'
            cand --jti 'Token id (default: a random 128-bit id)'
            cand --kid 'Key id header (default: the signing secret''s fingerprint, without "sha256:", or the key''s RFC 7638 thumbprint). May start with ''-'', as a base64url thumbprint can'
            cand --alg 'Signing algorithm (default: HS256 with a secret; with --key, the key''s own: ES256, ES384, EdDSA, RS256 or PS256)'
            cand --profile 'The kind of token: jwt (typ JWT), or at+jwt for an OAuth access token (RFC 9068), as an MCP HTTP server checks them: typ at+jwt, and --iss, --aud and --client-id required'
            cand --client-id 'client_id claim: the OAuth client the token is issued to (RFC 9068)'
            cand --scope 'scope claim: space-separated scopes (repeatable; joined with spaces)'
            cand --secret 'Where the secret lives: env:VAR, file:PATH, dotenv:PATH#KEY, keyring:SERVICE/ACCOUNT, command:PROGRAM ARGS or stdin'
            cand --secret-encoding 'How the secret''s text becomes key bytes: utf8 (as PyJWT uses it), hex, base64, base64url'
            cand --keyring-store 'Keyring store for a keyring: source: secret-service (Linux default, persistent), keyutils (Linux kernel keyring: in memory, lost on reboot), keychain (macOS), windows'
            cand --key 'Sign with this private key (PKCS#8 PEM, as jwtadm key gen writes it) instead of a secret: file:PATH, keyring:SERVICE/ACCOUNT, env:VAR, command:…; kid is its RFC 7638 thumbprint'
            cand --no-kid 'Leave out the kid header'
            cand --no-iat 'Leave out the iat (issued at) claim'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtadm;token;inspect'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand --from-config 'Inspect the token(s) found in this MCP config file instead'
            cand --server 'With --from-config: only this server'
            cand --var 'With --from-config: the variable that holds the token'
            cand --header 'With --from-config: the token is in this HTTP header'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtadm;token;verify'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand --from-config 'Verify the token(s) found in this MCP config file instead (each server''s; exit with the worst)'
            cand --server 'With --from-config: only this server'
            cand --var 'With --from-config: the variable that holds the token'
            cand --header 'With --from-config: the token is in this HTTP header'
            cand --secret 'Where the secret lives: env:VAR, file:PATH, dotenv:PATH#KEY, keyring:SERVICE/ACCOUNT, command:PROGRAM ARGS or stdin'
            cand --secret-encoding 'How the secret''s text becomes key bytes: utf8 (as PyJWT uses it), hex, base64, base64url'
            cand --keyring-store 'Keyring store for a keyring: source: secret-service (Linux default, persistent), keyutils (Linux kernel keyring: in memory, lost on reboot), keychain (macOS), windows'
            cand --key 'Verify with this key instead of a secret: a public or private key, PEM or JWK, at file:PATH, keyring:SERVICE/ACCOUNT, env:VAR or command:… (the previous key a rotation kept beside it is accepted during its grace period)'
            cand --jwks 'Verify with the key of this JWK Set that the token''s kid names: a file, or an https:// URL (http:// only for loopback), fetched with a 10 s timeout and a 1 MiB limit'
            cand --alg 'Allowed algorithms (repeatable; default HS256 with a secret, every algorithm of the key with --key or --jwks). ''none'' is never accepted'
            cand --typ 'Require this typ header, e.g. at+jwt (compared case-insensitively, application/ implied). Default: typ may be absent, JWT, at+jwt or JOSE'
            cand --profile 'The kind of token: jwt, or at+jwt to check an OAuth access token as RFC 9068 section 4 says (typ at+jwt; iss, aud, sub, client_id, jti, iat and exp present; needs --iss and --aud, the server''s resource URI)'
            cand --iss 'Expected issuer (exact match)'
            cand --aud 'Expected audience (exact match; repeatable: any one must be in the token''s aud)'
            cand --leeway 'Clock skew allowed for exp, nbf and iat'
            cand --at 'Evaluate as of this time (RFC 3339) instead of now'
            cand --allow-no-exp 'Accept a token without exp'
            cand --ignore-exp 'Do not fail an expired token'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtadm;token;refresh'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand --secret 'Where the secret lives: env:VAR, file:PATH, dotenv:PATH#KEY, keyring:SERVICE/ACCOUNT, command:PROGRAM ARGS or stdin'
            cand --secret-encoding 'How the secret''s text becomes key bytes: utf8 (as PyJWT uses it), hex, base64, base64url'
            cand --keyring-store 'Keyring store for a keyring: source: secret-service (Linux default, persistent), keyutils (Linux kernel keyring: in memory, lost on reboot), keychain (macOS), windows'
            cand --key 'Verify and re-sign with this private key instead of a secret (see token issue --key)'
            cand --alg 'Allowed algorithms of the old token (repeatable; default HS256, or the key''s)'
            cand --expires 'New lifetime or expiry time (default: the old token''s exp - iat)'
            cand --kid 'Key id header (default: the signing secret''s fingerprint, or the key''s thumbprint). May start with ''-'''
            cand --no-kid 'Leave out the kid header'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtadm;token;issue-all'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand --only 'Only this client (repeatable)'
            cand --lock-timeout 'Give up (exit 4) when another process holds a file''s lock this long'
            cand --renew-within 'Only the clients due: a token missing, invalid, mismatched, different between places, of the previous key, expired or expiring within DURATION (0s: only expired or broken)'
            cand --patch 'Also write each token into the client''s configs and dotenv entry'
            cand --dry-run 'Show what --patch would change, as a diff with tokens shortened; write nothing'
            cand --backup 'Keep each replaced file''s old content as FILE.bak'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtadm;token;status'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand --warn-within 'Warn (exit 3) when a token expires within this long'
            cand --at 'Evaluate as of this time (RFC 3339 or a date) instead of now'
            cand --key 'Check a [key] roster''s tokens with this key instead of the roster''s own (a public key is enough): file:PATH, keyring:SERVICE/ACCOUNT, env:VAR, … (the previous key a rotation kept beside it is accepted during its grace period)'
            cand --jwks 'Check a [key] roster''s tokens with the keys of this JWK Set instead of the roster''s own: a file, or an https:// URL (http:// only for loopback)'
            cand --keyring-store 'Keyring store for a keyring: --key (default: the platform''s)'
            cand --strict 'Count a value that points elsewhere (${input:…}, ${env:…}) as a failure (exit 1); by default it is reported as unchecked and does not fail'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtadm;token;help'= {
            cand issue 'Issue (sign) one token'
            cand inspect 'Decode a token without verifying it, and say what it holds'
            cand verify 'Verify a token''s signature and claims, reporting every check'
            cand refresh 'Reissue a token with the same claims and lifetime, after checking its signature'
            cand issue-all 'Issue a token for every client of a roster (clients.toml), and write them into its files'
            cand status 'Check every client''s token in its files: found, right subject, valid, not expiring soon'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtadm;token;help;issue'= {
        }
        &'jwtadm;token;help;inspect'= {
        }
        &'jwtadm;token;help;verify'= {
        }
        &'jwtadm;token;help;refresh'= {
        }
        &'jwtadm;token;help;issue-all'= {
        }
        &'jwtadm;token;help;status'= {
        }
        &'jwtadm;token;help;help'= {
        }
        &'jwtadm;config'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand patch 'Rewrite the token in MCP config files (JSON/JSONC, TOML, YAML, dotenv), changing nothing else'
            cand paths 'Where each MCP client keeps its configuration on this (or another) operating system'
            cand find 'Find every MCP client configuration on this machine, each server in it, and its token''s state'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtadm;config;patch'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand --token-file 'Read the token from a file'
            cand --token 'The token itself'
            cand --var 'The environment variable that holds the token'
            cand --server 'Only this server'
            cand --header 'Rewrite the token inside this HTTP header (e.g. Authorization: Bearer <jwt>), keeping the scheme'
            cand --lock-timeout 'Give up (exit 4) when another process holds a file''s lock this long'
            cand --token-stdin 'Read the token from standard input (the default when stdin is not a terminal)'
            cand --dry-run 'Show the change as a diff with tokens shortened; write nothing'
            cand --backup 'Keep each replaced file''s old content as FILE.bak'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtadm;config;paths'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand --os 'The operating system whose paths to show (default: this one)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtadm;config;find'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand --root 'Also search this project folder, recursively (repeatable)'
            cand --var 'The environment variable that holds the token'
            cand --header 'Look for the token in this HTTP header (Authorization: Bearer <jwt>) instead of --var'
            cand --home 'Read another home folder (a mounted disk, a backup) instead of this user''s; the current folder is then not searched'
            cand --os 'The operating system the home is laid out for (default: this one)'
            cand --secret 'Check the tokens with this secret: env:VAR, file:PATH, dotenv:PATH#KEY, keyring:SERVICE/ACCOUNT, command:PROGRAM ARGS'
            cand --secret-encoding 'How the secret''s text becomes key bytes: utf8, hex, base64, base64url'
            cand --key 'Check the tokens with this key (a public key is enough)'
            cand --jwks 'Check the tokens with the keys of this JWK Set (a file, or an https:// URL)'
            cand --keyring-store 'Keyring store for a keyring: --secret or --key (default: the platform''s)'
            cand --warn-within 'A token that ends within this long is expiring'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtadm;config;help'= {
            cand patch 'Rewrite the token in MCP config files (JSON/JSONC, TOML, YAML, dotenv), changing nothing else'
            cand paths 'Where each MCP client keeps its configuration on this (or another) operating system'
            cand find 'Find every MCP client configuration on this machine, each server in it, and its token''s state'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtadm;config;help;patch'= {
        }
        &'jwtadm;config;help;paths'= {
        }
        &'jwtadm;config;help;find'= {
        }
        &'jwtadm;config;help;help'= {
        }
        &'jwtadm;client'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the roster''s clients: name, sub, files, token lifetime, revoked or not'
            cand add 'Add a client to the roster, keeping its comments and formatting'
            cand remove 'Remove a client from the roster, keeping its comments and formatting'
            cand revoke 'Revoke a client: a new secret (or key), every other client reissued, its token emptied'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtadm;client;list'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtadm;client;add'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand --sub 'The subject of its tokens, unique in the roster'
            cand --config 'A config file its token goes into, optionally with the server (repeatable)'
            cand --dotenv 'A dotenv file and the key its token goes into'
            cand --claim 'Extra claim; VALUE is JSON when it parses as JSON, else a string (repeatable)'
            cand --roster 'The roster to edit'
            cand --lock-timeout 'Give up (exit 4) when another process holds the roster''s lock this long'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtadm;client;remove'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand --roster 'The roster to edit'
            cand --lock-timeout 'Give up (exit 4) when another process holds the roster''s lock this long'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtadm;client;revoke'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand --grace 'How long tokens signed by the old secret or key (the revoked one''s too) stay accepted'
            cand --roster 'The roster'
            cand --lock-timeout 'Give up (exit 4) when another process holds a file''s lock this long'
            cand --dry-run 'Show what would change, tokens shortened; write nothing'
            cand --backup 'Keep each replaced file''s old content as FILE.bak'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtadm;client;help'= {
            cand list 'List the roster''s clients: name, sub, files, token lifetime, revoked or not'
            cand add 'Add a client to the roster, keeping its comments and formatting'
            cand remove 'Remove a client from the roster, keeping its comments and formatting'
            cand revoke 'Revoke a client: a new secret (or key), every other client reissued, its token emptied'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtadm;client;help;list'= {
        }
        &'jwtadm;client;help;add'= {
        }
        &'jwtadm;client;help;remove'= {
        }
        &'jwtadm;client;help;revoke'= {
        }
        &'jwtadm;client;help;help'= {
        }
        &'jwtadm;server'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand metadata 'Print the OAuth 2.0 Protected Resource Metadata (RFC 9728) of an MCP HTTP server'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtadm;server;metadata'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand --resource 'The server''s resource identifier: its canonical URL, as clients name it and tokens'' aud hold it (https; http only for localhost, 127.0.0.1 or [::1]; no #fragment)'
            cand --authorization-server 'An authorization server that issues tokens for this server, as its issuer URL (repeatable; at least one)'
            cand --jwks-uri 'Where the server''s JSON Web Key Set is (jwks_uri)'
            cand --scope 'A scope the server understands (repeatable, or several separated by spaces): scopes_supported'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtadm;server;help'= {
            cand metadata 'Print the OAuth 2.0 Protected Resource Metadata (RFC 9728) of an MCP HTTP server'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtadm;server;help;metadata'= {
        }
        &'jwtadm;server;help;help'= {
        }
        &'jwtadm;roster'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Write a commented clients.toml from what `config find` sees'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtadm;roster;init'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand --out 'Where to write the roster'
            cand --secret 'The secret the roster signs with, as it will be written into [secret] (default: jwtadm''s default source)'
            cand --key 'Sign with this private key instead: file:PATH or keyring:SERVICE/ACCOUNT ([key])'
            cand --root 'Also search this project folder, recursively (repeatable)'
            cand --var 'The environment variable that holds the token'
            cand --header 'Look for the token in this HTTP header (Authorization: Bearer <jwt>) instead of --var'
            cand --home 'Read another home folder (a mounted disk, a backup) instead of this user''s; the current folder is then not searched'
            cand --os 'The operating system the home is laid out for (default: this one)'
            cand --force 'Replace an existing roster'
            cand --dry-run 'Print the roster instead of writing it'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtadm;roster;help'= {
            cand init 'Write a commented clients.toml from what `config find` sees'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtadm;roster;help;init'= {
        }
        &'jwtadm;roster;help;help'= {
        }
        &'jwtadm;scan'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand --roster 'Check the tokens with this roster''s secret or key, and name its clients'
            cand --secret 'Check the tokens with this secret: env:VAR, file:PATH, dotenv:PATH#KEY, keyring:SERVICE/ACCOUNT, command:PROGRAM ARGS'
            cand --secret-encoding 'How the secret''s text becomes key bytes: utf8, hex, base64, base64url'
            cand --key 'Check the tokens with this key (a public key is enough)'
            cand --jwks 'Check the tokens with the keys of this JWK Set (a file, or an https:// URL)'
            cand --keyring-store 'Keyring store for a keyring: --secret or --key (default: the platform''s)'
            cand --baseline 'Suppress the findings recorded in this baseline (a live one is still reported)'
            cand --write-baseline 'Write every finding''s fingerprint into this baseline file, and exit 0'
            cand --fail-on 'Which findings fail the scan (exit 1): live, ours (live or expired), any'
            cand --max-filesize 'Skip (and count) files larger than this: 100K, 10M, 1G (as ripgrep)'
            cand -j 'Worker threads (default: one per CPU)'
            cand --threads 'Worker threads (default: one per CPU)'
            cand --staged 'Scan what is staged in git (the index), as a pre-commit hook does'
            cand --no-ignore 'Also scan what .gitignore, .ignore and git''s excludes leave out'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtadm;recover'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand --dry-run 'Say what would be done, and change nothing'
            cand --discard 'After recovering what can be, drop the journals that cannot be (a file changed since by another program), leaving their files as they are'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtadm;completions'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtadm;man'= {
            cand -o 'Output format: tables for people, JSON for scripts'
            cand --output 'Output format: tables for people, JSON for scripts'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE=1 forces it), always, never'
            cand --dir 'Write jwtadm.1 and a page per command (jwtadm-token-verify.1, ...) into this folder'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtadm;help'= {
            cand secret 'The signing secret: gen, rotate, check, fingerprint'
            cand key 'Key pairs (RS, PS, ES, EdDSA): gen, rotate, public, thumbprint, jwks'
            cand token 'Issue, inspect, verify and refresh tokens; issue-all and status for a whole roster'
            cand config 'Write tokens into MCP client configuration files'
            cand client 'The roster''s clients: list, add, remove, revoke'
            cand server 'What an MCP HTTP server publishes for OAuth clients: its protected resource metadata'
            cand roster 'Start a roster (clients.toml) from the MCP client configurations on this machine'
            cand scan 'Find leaked tokens in files (or what is staged in git), and say which still open the door'
            cand recover 'Finish or undo the runs a crash interrupted (every writing command does it first)'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff), or write one page per command into a folder'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtadm;help;secret'= {
            cand gen 'Generate a new secret from the operating system''s CSPRNG'
            cand fingerprint 'Print the fingerprint (sha256:…) of the configured secret, to compare secrets safely'
            cand check 'Check the configured secret: length for the algorithm, encoding, file permissions'
            cand rotate 'Replace the secret with a new one, keeping the old one for a grace period'
        }
        &'jwtadm;help;secret;gen'= {
        }
        &'jwtadm;help;secret;fingerprint'= {
        }
        &'jwtadm;help;secret;check'= {
        }
        &'jwtadm;help;secret;rotate'= {
        }
        &'jwtadm;help;key'= {
            cand gen 'Generate a key pair; write the private key, print its key id and public JWK'
            cand rotate 'Replace the key with a new one, keeping the old one for a grace period'
            cand public 'Print a key''s public half, as a JWK (with kid, alg, use) or PEM'
            cand thumbprint 'Print the RFC 7638 thumbprint (the key id) of a JWK or PEM key, public or private'
            cand jwks 'Print or write the public JWK Set: the key, and the previous one during its grace period'
        }
        &'jwtadm;help;key;gen'= {
        }
        &'jwtadm;help;key;rotate'= {
        }
        &'jwtadm;help;key;public'= {
        }
        &'jwtadm;help;key;thumbprint'= {
        }
        &'jwtadm;help;key;jwks'= {
        }
        &'jwtadm;help;token'= {
            cand issue 'Issue (sign) one token'
            cand inspect 'Decode a token without verifying it, and say what it holds'
            cand verify 'Verify a token''s signature and claims, reporting every check'
            cand refresh 'Reissue a token with the same claims and lifetime, after checking its signature'
            cand issue-all 'Issue a token for every client of a roster (clients.toml), and write them into its files'
            cand status 'Check every client''s token in its files: found, right subject, valid, not expiring soon'
        }
        &'jwtadm;help;token;issue'= {
        }
        &'jwtadm;help;token;inspect'= {
        }
        &'jwtadm;help;token;verify'= {
        }
        &'jwtadm;help;token;refresh'= {
        }
        &'jwtadm;help;token;issue-all'= {
        }
        &'jwtadm;help;token;status'= {
        }
        &'jwtadm;help;config'= {
            cand patch 'Rewrite the token in MCP config files (JSON/JSONC, TOML, YAML, dotenv), changing nothing else'
            cand paths 'Where each MCP client keeps its configuration on this (or another) operating system'
            cand find 'Find every MCP client configuration on this machine, each server in it, and its token''s state'
        }
        &'jwtadm;help;config;patch'= {
        }
        &'jwtadm;help;config;paths'= {
        }
        &'jwtadm;help;config;find'= {
        }
        &'jwtadm;help;client'= {
            cand list 'List the roster''s clients: name, sub, files, token lifetime, revoked or not'
            cand add 'Add a client to the roster, keeping its comments and formatting'
            cand remove 'Remove a client from the roster, keeping its comments and formatting'
            cand revoke 'Revoke a client: a new secret (or key), every other client reissued, its token emptied'
        }
        &'jwtadm;help;client;list'= {
        }
        &'jwtadm;help;client;add'= {
        }
        &'jwtadm;help;client;remove'= {
        }
        &'jwtadm;help;client;revoke'= {
        }
        &'jwtadm;help;server'= {
            cand metadata 'Print the OAuth 2.0 Protected Resource Metadata (RFC 9728) of an MCP HTTP server'
        }
        &'jwtadm;help;server;metadata'= {
        }
        &'jwtadm;help;roster'= {
            cand init 'Write a commented clients.toml from what `config find` sees'
        }
        &'jwtadm;help;roster;init'= {
        }
        &'jwtadm;help;scan'= {
        }
        &'jwtadm;help;recover'= {
        }
        &'jwtadm;help;completions'= {
        }
        &'jwtadm;help;man'= {
        }
        &'jwtadm;help;help'= {
        }
    ]
    $completions[$command]
}
