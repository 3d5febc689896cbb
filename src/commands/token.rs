//! `jwtadm token …`

use serde_json::{Map, Value, json};

use super::read_token;
use crate::claims::{self, ClaimSpec, compact_duration};
use crate::cli::{ConfigPlaceArgs, InspectArgs, IssueArgs, RefreshArgs, SecretArgs, VerifyArgs};
use crate::error::{Error, Exit, Result};
use crate::formats;
use crate::jose::verify::{Keys, Report};
use crate::jose::{Alg, Decoded, Profile, inspect};
use crate::keys::SigningKey;
use crate::keys::hmac::Secret;
use crate::ops::{
    self,
    from_config::{self, AtSite},
    refresh::RefreshOptions,
    verify::{KeyPlace, Verifier, VerifyOptions},
};
use crate::output::{Out, Text, Tone, shell_quote};
use crate::report::{Cause, Check, CheckId};
use crate::secret::Encoding;
use crate::store::SecretSource;
use crate::time::{Time, rfc3339};
use crate::token;

impl ConfigPlaceArgs {
    /// The place to look in, as the formats name it.
    fn target(&self) -> formats::Target {
        formats::Target {
            var: self.var.clone(),
            server: self.server.clone(),
            header: self.header.clone(),
        }
    }
}

/// Load the secret named by `--secret`, naming the source in any error.
pub(super) fn load_secret(args: &SecretArgs) -> Result<Secret> {
    args.secret.load(args.secret_encoding)
}

pub fn issue(args: IssueArgs, out: &Out) -> Result<Exit> {
    let now = crate::time::now()?;
    let exp = claims::parse_when(&args.expires, now)
        .map_err(|e| Error::usage(format!("--expires: {e}")))?;
    claims::check_expiry(exp, now)
        .map_err(|e| Error::usage(format!("--expires {}: {e}", args.expires)))?;
    let nbf = args
        .not_before
        .as_deref()
        .map(|s| claims::parse_when(s, now).map_err(|e| Error::usage(format!("--not-before: {e}"))))
        .transpose()?;
    if let Some(nbf) = nbf
        && nbf >= exp
    {
        return Err(Error::usage(format!(
            "--not-before {} is not before --expires {}: the token would never be valid",
            rfc3339(nbf),
            rfc3339(exp)
        )));
    }
    if args.kid.as_deref() == Some("") {
        return Err(Error::usage(
            "--kid is empty; leave the kid out with --no-kid",
        ));
    }
    let mut extra = Map::new();
    if let Some(path) = &args.claims_file {
        if path.as_os_str() == "-"
            && (args.secret.secret == SecretSource::Stdin || args.key == Some(SecretSource::Stdin))
        {
            return Err(Error::usage(
                "--claims-file - and a secret or key from stdin cannot both read standard input",
            ));
        }
        extra = read_claims_file(path)?;
    }
    for arg in &args.claim {
        let (k, v) =
            claims::parse_claim_arg(arg).map_err(|e| Error::usage(format!("--claim: {e}")))?;
        extra.insert(k, v);
    }
    claims::named_iss_aud(args.iss.as_deref(), &args.aud)?;
    if args.client_id.as_deref() == Some("") {
        return Err(Error::usage("--client-id is empty"));
    }
    let scope =
        crate::oauth::scopes(&args.scope).map_err(|e| Error::usage(format!("--scope: {e}")))?;
    let spec = ClaimSpec {
        sub: args.sub,
        iss: args.iss,
        aud: args.aud,
        exp: Some(exp),
        nbf,
        iat: (!args.no_iat).then_some(now),
        jti: Some(match args.jti {
            Some(j) => j,
            None => claims::random_jti()?,
        }),
        client_id: args.client_id,
        scope: (!scope.is_empty()).then(|| scope.join(" ")),
        name: args.name,
        role: args.role,
        quota: args.quota,
        extra,
    };
    let claims = spec.build()?;
    profile_claims(args.profile, &claims)?;
    let kid = (args.kid, args.no_kid);
    if let Some(source) = &args.key {
        let key = crate::material::load_private(source)?;
        let alg = args.alg.unwrap_or(key.algs()[0]);
        token::check_key_len(&key, alg).map_err(|e| e.context(source))?;
        return sign_and_print(claims, &key, (alg, args.profile), kid, exp, out);
    }
    let alg = args.alg.unwrap_or(Alg::HS256);
    let key = load_secret(&args.secret)?;
    token::check_key_len(&key, alg).map_err(|e| {
        e.context(&args.secret.secret)
            .with_hint(args.secret.secret.longer_key_hint(alg))
    })?;
    sign_and_print(claims, &key, (alg, args.profile), kid, exp, out)
}

/// The claims of a new token of `profile`, however they were given (options, `--claim`,
/// `--claims-file`), lack none it requires and break none of its rules: for an access token,
/// what is missing is named with the option that sets it (exit 2, before the secret is read).
fn profile_claims(profile: Profile, claims: &Map<String, Value>) -> Result<()> {
    let missing = profile.missing(claims);
    if missing.is_empty() {
        return match profile.fault(claims) {
            Some(fault) => Err(Error::usage(format!("--profile {profile}: {fault}"))),
            None => Ok(()),
        };
    }
    let mut fixes: Vec<String> = Vec::new();
    let flags: Vec<&str> = missing
        .iter()
        .filter_map(|&claim| match claim {
            "iss" => Some("--iss"),
            "aud" => Some("--aud"),
            "client_id" => Some("--client-id"),
            _ => None,
        })
        .collect();
    if !flags.is_empty() {
        fixes.push(format!("pass {}", flags.join(" and ")));
    }
    if missing.contains(&"iat") {
        fixes.push("leave out --no-iat".to_string());
    }
    Err(Error::usage(format!(
        "--profile {profile}: the token would have no {}, which RFC 9068 §2.2 requires in every access token ({}): {}",
        missing.join(", "),
        profile.required_claims().join(", "),
        fixes.join(", and ")
    )))
}

/// Sign a new token (`token issue`, `token refresh`) and print it: the token alone, or with its
/// header, claims and expiry as JSON. The header's typ is the profile's; `kid` is (`--kid`,
/// `--no-kid`); by default the secret's fingerprint.
fn sign_and_print(
    claims: Map<String, Value>,
    key: &dyn SigningKey,
    (alg, profile): (Alg, Profile),
    kid: (Option<String>, bool),
    exp: i64,
    out: &Out,
) -> Result<Exit> {
    let kid = match kid {
        (Some(k), _) => Some(k),
        (None, true) => None,
        (None, false) => Some(key.key_id()),
    };
    let signed = token::sign_typed(claims, key, alg, kid.as_deref(), profile.typ())?;
    if out.json() {
        // A secret by its fingerprint (`sha256:…`), a key by its id, as its tokens' kid.
        let (named, id) = if key.noun() == "secret" {
            ("secret_fingerprint", key.fingerprint())
        } else {
            ("key_thumbprint", key.key_id())
        };
        out.print_json(&json!({
            "token": signed.token,
            "header": signed.header,
            "claims": signed.claims,
            "expires": rfc3339(exp),
            named: id,
        }))?;
    } else {
        out.line(&signed.token)?;
    }
    Ok(Exit::Ok)
}

fn read_claims_file(path: &std::path::Path) -> Result<Map<String, Value>> {
    let (text, name) = if path.as_os_str() == "-" {
        let s = crate::txn::read_text_capped(std::io::stdin().lock(), crate::txn::MAX_INPUT)
            .map_err(|e| {
                Error::operational(format!(
                    "reading claims from standard input: {}",
                    crate::error::describe_io(&e)
                ))
            })?;
        (s, "standard input".to_string())
    } else {
        (
            crate::txn::open_regular(path)
                .and_then(|f| crate::txn::read_text_capped(f, crate::txn::MAX_INPUT))
                .map_err(|e| Error::io("reading claims file", path, e))?,
            path.display().to_string(),
        )
    };
    crate::jose::unique_object(&text).map_err(|why| {
        Error::operational(format!(
            "{name}: the claims file must hold a JSON object: {why}"
        ))
    })
}

/// The longest value a table cell shows whole; longer ones are cut, with their length.
const CELL_MAX: usize = 240;

fn value_text(v: &Value) -> String {
    let s = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if s.chars().count() <= CELL_MAX {
        return s;
    }
    let head: String = s.chars().take(CELL_MAX / 2).collect();
    format!(
        "{head}… ({} characters; -o json shows it all)",
        s.chars().count()
    )
}

/// Rows of a claims table, with NumericDates as the number, RFC 3339 and relative to now.
fn claim_rows(claims: &Map<String, Value>, now: Time) -> Vec<[String; 2]> {
    claims
        .iter()
        .map(|(k, v)| {
            let date = claims::TIME_CLAIMS
                .contains(&k.as_str())
                .then(|| crate::jose::numeric_date::date(claims, k))
                .flatten();
            let text = match date {
                Some(ts) => {
                    let rel = ts.relative(now);
                    let rel = match k.as_str() {
                        "exp" if ts <= now => format!("expired {rel}"),
                        "exp" => format!("expires {rel}"),
                        "iat" => format!("issued {rel}"),
                        _ => format!("valid from {rel}"),
                    };
                    format!("{v}  {}  ({rel})", ts.show())
                }
                None => value_text(v),
            };
            [k.clone(), text]
        })
        .collect()
}

/// Each time claim as its exact NumericDate, RFC 3339 (`null` past the year 9999 or before the
/// year 0, which RFC 3339 cannot write) and relative to now.
fn time_details(claims: &Map<String, Value>, now: Time) -> Map<String, Value> {
    claims::TIME_CLAIMS
        .iter()
        .filter_map(|&k| {
            let ts = crate::jose::numeric_date::date(claims, k)?;
            let detail = json!({"value": claims[k], "utc": ts.utc(), "relative": ts.relative(now)});
            Some((k.to_string(), detail))
        })
        .collect()
}

pub fn inspect(args: InspectArgs, out: &Out) -> Result<Exit> {
    let now = crate::time::clock()?;
    let Some(path) = &args.from_config else {
        let decoded = crate::jose::decode(&read_token(args.token.as_deref())?)?;
        let (json, text) = inspection(&decoded, now, None, out);
        return if out.json() {
            out.print_json(&json)
        } else {
            out.print(text)
        }
        .map(|()| Exit::Ok);
    };
    let target = args.place.target();
    let found = tokens_in_config(path, &target, "inspect", out)?;
    let inspected = from_config::inspect_from_config(found.sites);
    let mut json_list = Vec::new();
    let mut all_text = Text::new();
    for AtSite { site, token } in &inspected.tokens {
        let label = source_label(path, site);
        match token {
            Ok(decoded) => {
                let (mut json, text) = inspection(decoded, now, Some(&label), out);
                json["source"] = source_json(path, site);
                json_list.push(json);
                all_text.append(text);
                all_text.push("\n");
            }
            Err(e) => {
                json_list.push(
                    json!({"source": source_json(path, site), "error": e.to_json()["error"]}),
                );
                all_text
                    .value(label.as_str())
                    .push("\n")
                    .tone(format!("not a valid JWT: {e}"), Tone::Bad)
                    .push("\n\n");
            }
        }
    }
    if out.json() {
        out.print_json(&json_list)?
    } else {
        // One blank line between tokens, none after the last.
        all_text.trim_end_newlines();
        out.print(all_text)?;
        out.print("\n")?
    }
    Ok(inspected.exit)
}

/// The tokens in the MCP config file at `path` where `target` says, for `inspect` and `verify
/// --from-config`. A value that points elsewhere is warned about (nothing to `verb` there).
fn tokens_in_config(
    path: &std::path::Path,
    target: &formats::Target,
    verb: &str,
    out: &Out,
) -> Result<formats::Found> {
    let found = from_config::tokens_in_config(path, target)?;
    for r in &found.references {
        out.warn(&format!("{}; nothing to {verb} there", r.at(path)));
    }
    Ok(found)
}

/// Where in a config file a token was found, for people: `mcp.json — server exai, line 5`.
fn source_label(path: &std::path::Path, site: &formats::Site) -> String {
    match &site.server {
        Some(s) => format!("{} — server {s}, line {}", path.display(), site.line),
        None => format!("{} — line {}", path.display(), site.line),
    }
}

/// Where in a config file a token was found, for scripts: `{"file", "server", "line"}`.
fn source_json(path: &std::path::Path, site: &formats::Site) -> Value {
    json!({"file": path.display().to_string(), "server": site.server, "line": site.line})
}

/// One decoded token as `inspect` shows it: the JSON document and the text for people.
/// `label` names where the token was found.
fn inspection(decoded: &Decoded, now: Time, label: Option<&str>, out: &Out) -> (Value, Text) {
    let (state, summary) = inspect::time_status(&decoded.claims, now);
    let warnings = inspect::warnings(decoded, now);
    let v = json!({
        "header": decoded.header,
        "claims": decoded.claims,
        "times": time_details(&decoded.claims, now),
        "status": {"state": state, "summary": summary, "signature_checked": false},
        "warnings": warnings,
    });
    let mut s = Text::new();
    if out.json() {
        return (v, s);
    }
    if let Some(l) = label {
        s.value(l).push("\n");
    }
    s.tone("Decoded without verifying the signature.", Tone::Dim);
    s.push("\n\nHeader\n");
    s.append(
        out.table(
            &[],
            decoded
                .header
                .iter()
                .map(|(k, v)| [k.clone(), value_text(v)]),
        ),
    );
    s.push("\nClaims\n");
    s.append(out.table(&[], claim_rows(&decoded.claims, now)));
    let tone = match state {
        "valid" => Tone::Good,
        "expired" | "not_yet_valid" => Tone::Late,
        _ => Tone::Bad,
    };
    s.push("\nStatus: ")
        .tone(summary.as_str(), tone)
        .push(" — signature not checked\n");
    if !warnings.is_empty() {
        s.push("\nWarnings:\n");
        for w in &warnings {
            s.push("  ")
                .tone("!", Tone::Late)
                .push(" ")
                .value(w.as_str())
                .push("\n");
        }
    }
    (v, s)
}

/// Where the keys come from: `--key`, `--jwks`, or the secret.
fn key_place<'a>(
    secret: &'a SecretArgs,
    key: Option<&'a SecretSource>,
    jwks: Option<&'a str>,
) -> KeyPlace<'a> {
    match (key, jwks) {
        (Some(key), _) => KeyPlace::Key(key),
        (None, Some(jwks)) => KeyPlace::Jwks(jwks),
        (None, None) => KeyPlace::Secret(&secret.secret, secret.secret_encoding),
    }
}

/// The token (argument or stdin), decoded, and what to check it with. The token and a secret
/// or key from stdin cannot share stdin; that is refused before either is read.
fn token_and_keys(token_arg: Option<&str>, with: KeyPlace) -> Result<(Decoded, Verifier)> {
    let stdin = matches!(
        with,
        KeyPlace::Secret(SecretSource::Stdin, _) | KeyPlace::Key(SecretSource::Stdin)
    );
    if token_arg.is_none_or(|t| t == "-") && stdin {
        return Err(Error::usage(
            "the token and a secret or key from stdin cannot both come from standard input",
        ));
    }
    let decoded = crate::jose::decode(&read_token(token_arg)?)?;
    let verifier = Verifier::load(with)?;
    Ok((decoded, verifier))
}

pub fn verify(args: VerifyArgs, out: &Out) -> Result<Exit> {
    if let Some(path) = args.from_config.clone() {
        return verify_from_config(&path, args, out);
    }
    let options = verify_options(&args);
    let (decoded, verifier) = token_and_keys(args.token.as_deref(), options.with)?;
    let report = ops::verify::run(&decoded, &verifier, &options)?;
    let keys = verifier.keys();
    let hints = hints(&report, &decoded, &verifier, &args.secret);
    if out.json() {
        out.print_json(&report_json(&report, &decoded, &keys, options.with, &hints))?;
    } else {
        print_report(&report, &keys, options.with, &hints, out)?;
    }
    Ok(report.exit())
}

/// What `--alg`, `--typ`, `--iss`, `--aud`, … and `--secret` ask of a token.
fn verify_options(args: &VerifyArgs) -> VerifyOptions<'_> {
    VerifyOptions {
        alg: args.alg.clone(),
        typ: args.typ.clone(),
        profile: args.profile,
        iss: args.iss.clone(),
        aud: args.aud.clone(),
        leeway: args.leeway,
        allow_no_exp: args.allow_no_exp,
        ignore_exp: args.ignore_exp,
        at: args.at.as_deref(),
        with: key_place(&args.secret, args.key.as_ref(), args.jwks.as_deref()),
    }
}

/// `token verify --from-config FILE`: every token the file holds where `--server`, `--var`
/// and `--header` say, each verified and reported; the exit is the worst of them.
fn verify_from_config(path: &std::path::Path, args: VerifyArgs, out: &Out) -> Result<Exit> {
    let target = args.place.target();
    let found = tokens_in_config(path, &target, "verify", out)?;
    let options = verify_options(&args);
    let verified = from_config::verify_from_config(path, &target, found.sites, &options)?;
    let verifier = &verified.verifier;
    let keys = verifier.keys();
    let mut list = Vec::new();
    for (n, AtSite { site, token }) in verified.tokens.iter().enumerate() {
        let label = source_label(path, site);
        if !out.json() {
            let mut t = Text::new();
            if n > 0 {
                t.push("\n");
            }
            t.value(label.as_str()).push("\n");
            out.print(t)?;
        }
        let (decoded, report) = match token {
            Ok(t) => t,
            Err(e) => {
                if out.json() {
                    list.push(json!({
                        "source": source_json(path, site),
                        "valid": false,
                        "exit_code": e.exit().code(),
                        "error": e.to_json()["error"],
                    }));
                } else {
                    out.print(Text::toned(format!("Token rejected: {e}"), Tone::Bad))?;
                    out.print("\n")?;
                }
                continue;
            }
        };
        let hints = hints(report, decoded, verifier, &args.secret);
        if out.json() {
            let mut v = json!({"source": source_json(path, site)});
            if let (Value::Object(v), Value::Object(r)) = (
                &mut v,
                report_json(report, decoded, &keys, options.with, &hints),
            ) {
                v.extend(r);
            }
            list.push(v);
        } else {
            print_report(report, &keys, options.with, &hints, out)?;
        }
    }
    let exit = verified.exit;
    if out.json() {
        let left_alone: Vec<Value> = found
            .references
            .iter()
            .map(|r| json!({"file": path.display().to_string(), "server": r.server, "line": r.line, "value": r.value}))
            .collect();
        out.print_json(&json!({
            "valid": exit == Exit::Ok,
            "exit_code": exit.code(),
            "tokens": list,
            "left_alone": left_alone,
        }))?;
    }
    Ok(exit)
}

/// The encoding, other than `secret`'s own, in which the secret's text is the key that signed
/// `d`: a key read the wrong way is the likeliest cause of a signature that does not match.
fn encoding_that_matches(d: &Decoded, text: &str, secret: &SecretArgs) -> Option<Encoding> {
    let alg: Alg = d.alg()?.parse().ok()?;
    Encoding::ALL
        .into_iter()
        .filter(|&e| e != secret.secret_encoding)
        .find(|&e| {
            e.decode(text).is_ok_and(|bytes| {
                !bytes.is_empty()
                    && token::signature_matches(
                        &d.signing_input,
                        &d.signature,
                        &Secret::new(bytes),
                        alg,
                    )
            })
        })
}

/// What to try next about each failure, chosen from the checks' data.
fn hints(report: &Report, d: &Decoded, verifier: &Verifier, secret: &SecretArgs) -> Vec<String> {
    // An audience the token names that no --aud was given to check: the next run needs --aud.
    let unchecked_aud = match report.failure(CheckId::Aud).map(|c| &c.cause) {
        Some(Cause::AudNotChecked(found)) => Some(found),
        _ => None,
    };
    [
        unchecked_aud.map(|found| unchecked_aud_hint(found)),
        time_hint(report, d, secret, unchecked_aud.is_some()),
        match verifier.secrets() {
            Some(s) => signature_hint(report, d, &s.key, &s.text, secret),
            None => key_signature_hint(report, d, &verifier.keys()),
        },
        iss_hint(report),
        aud_hint(report, unchecked_aud.is_some()),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The token names audiences (`found`) and no --aud was given to check them.
fn unchecked_aud_hint(found: &[String]) -> String {
    let flags: Vec<String> = found
        .iter()
        .map(|a| format!("--aud {}", shell_quote(a)))
        .collect();
    format!(
        "pass the audience your server expects: the token names {}, so run this again with {}",
        found
            .iter()
            .map(|a| format!("\"{a}\""))
            .collect::<Vec<_>>()
            .join(", "),
        flags.join(" or ")
    )
}

/// Reissuing helps when time is all that is wrong, besides an audience not yet checked.
fn time_hint(
    report: &Report,
    d: &Decoded,
    secret: &SecretArgs,
    unchecked_aud: bool,
) -> Option<String> {
    let only_unchecked_aud = report
        .rejections()
        .all(|c| matches!(c.cause, Cause::AudNotChecked(_)));
    let late = report.checks.iter().any(|c| !c.ok && c.id.is_time());
    if report.failed(CheckId::Exp) && only_unchecked_aud {
        let also = if unchecked_aud {
            "it is also expired: "
        } else {
            ""
        };
        Some(format!("{also}reissue it: {}", reissue_command(d, secret)))
    } else if late && only_unchecked_aud && unchecked_aud {
        Some("it is also not valid yet: wait, or check the clocks".to_string())
    } else {
        None
    }
}

/// A signature that does not match: the previous secret's grace is over, the secret's text
/// read in the wrong encoding, or another secret.
fn signature_hint(
    report: &Report,
    d: &Decoded,
    key: &Secret,
    text: &str,
    secret: &SecretArgs,
) -> Option<String> {
    let signature = report.failure(CheckId::Signature)?;
    if signature.cause == Cause::PreviousRetired {
        // The secret passed is the right one; the token is older than it.
        Some(format!(
            "the token was signed by the previous secret, whose grace period is over: reissue it with the current one: {}",
            reissue_command(d, secret)
        ))
    } else if report.failed(CheckId::Algorithm) {
        None
    } else if let Some(e) = encoding_that_matches(d, text, secret) {
        Some(format!(
            "the signature matches when the secret's text is read as {} instead of {}: pass --secret-encoding {}",
            e.name(),
            secret.secret_encoding.name(),
            e.name()
        ))
    } else {
        Some(other_secret_hint(d, key, secret))
    }
}

/// A signature that does not match a key pair: which key the token names.
fn key_signature_hint(report: &Report, d: &Decoded, keys: &Keys) -> Option<String> {
    let signature = report.failure(CheckId::Signature)?;
    if signature.cause == Cause::PreviousRetired {
        return Some(
            "the token was signed by the previous key, whose grace period is over: reissue it with the current key (jwtadm token issue --key …)"
                .into(),
        );
    }
    if report.failed(CheckId::Algorithm) || signature.detail.starts_with("not checked") {
        return None;
    }
    let kid = d.header.get("kid").and_then(Value::as_str);
    Some(match (kid, keys.set) {
        (Some(kid), None) if kid != keys.current.key_id() => format!(
            "the token's kid is \"{kid}\", and the key given is {}: find the key whose thumbprint that is (jwtadm key thumbprint FILE)",
            keys.current.key_id()
        ),
        _ => "the token was not signed by this key: check that the server and the issuer use the same key pair (jwtadm key thumbprint FILE on each)".into(),
    })
}

/// The token was signed with none of the readings of `key`'s text: compare fingerprints.
fn other_secret_hint(d: &Decoded, key: &Secret, secret: &SecretArgs) -> String {
    let example = "dotenv:.env.docker#JWT_SECRET_KEY";
    let mut h = format!(
        "the token was not signed with secret {} ({} read as {}), nor with its text read in another --secret-encoding ({}). \
         Compare this fingerprint with the server's secret: run this command with --secret pointing at the server's secret",
        key.fingerprint(),
        secret.secret,
        secret.secret_encoding.name(),
        Encoding::ALL
            .into_iter()
            .filter(|&e| e != secret.secret_encoding)
            .map(Encoding::name)
            .collect::<Vec<_>>()
            .join(", ")
    );
    if secret.secret.to_string() != example {
        h.push_str(&format!(" (e.g. {example})"));
    }
    if let Some(kid) = d.header.get("kid").and_then(Value::as_str) {
        h.push_str(&format!("; the token's kid is \"{kid}\""));
        if kid.len() == 12 && kid.chars().all(|c| c.is_ascii_hexdigit()) && kid != key.key_id() {
            h.push_str(&format!(", so it was signed by sha256:{kid}"));
        }
    }
    h
}

/// The token's iss is not the one expected.
fn iss_hint(report: &Report) -> Option<String> {
    report.failed(CheckId::Iss).then(|| {
        "the iss the server expects and the one in the token must match exactly: pass the server's value with --iss, or reissue the token with it".to_string()
    })
}

/// The token's aud is not the one expected (an audience not checked has its own hint).
fn aud_hint(report: &Report, unchecked_aud: bool) -> Option<String> {
    (report.failed(CheckId::Aud) && !unchecked_aud).then(|| {
        "the aud the server expects and the one in the token must match exactly: pass the server's value with --aud, or reissue the token with it".to_string()
    })
}

/// A `jwtadm token issue` command that reissues `d` with its own claims and lifetime.
fn reissue_command(d: &Decoded, secret: &SecretArgs) -> String {
    let mut cmd = String::from("jwtadm token issue");
    let profile = Profile::declared_by(&d.header);
    if profile != Profile::Jwt {
        cmd.push_str(&format!(" --profile {profile}"));
    }
    let str_claim = |k: &str| d.claims.get(k).and_then(Value::as_str);
    for (flag, key) in [
        ("--sub", "sub"),
        ("--iss", "iss"),
        ("--client-id", "client_id"),
        ("--scope", "scope"),
        ("--name", "name"),
        ("--role", "role"),
    ] {
        if let Some(v) = str_claim(key) {
            cmd.push_str(&format!(" {flag} {}", shell_quote(v)));
        }
    }
    match d.claims.get("aud") {
        Some(Value::String(a)) => cmd.push_str(&format!(" --aud {}", shell_quote(a))),
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .for_each(|a| cmd.push_str(&format!(" --aud {}", shell_quote(a)))),
        _ => {}
    }
    if let Some(q) = d.claims.get("quota").and_then(Value::as_i64) {
        cmd.push_str(&format!(" --quota {q}"));
    }
    let num = |k: &str| d.claims.get(k).and_then(Value::as_i64);
    if let (Some(exp), Some(iat)) = (num("exp"), num("iat"))
        && exp > iat
    {
        cmd.push_str(&format!(" --expires {}", compact_duration(exp - iat)));
    }
    if secret.secret != SecretSource::default() {
        cmd.push_str(&format!(
            " --secret {}",
            shell_quote(&secret.secret.to_string())
        ));
    }
    if secret.secret_encoding != crate::secret::Encoding::Utf8 {
        cmd.push_str(&format!(
            " --secret-encoding {}",
            secret.secret_encoding.name()
        ));
    }
    cmd
}

/// A verify report as `-o json` prints it.
fn report_json(
    report: &Report,
    d: &Decoded,
    keys: &Keys,
    with: KeyPlace,
    hints: &[String],
) -> Value {
    let previous = keys
        .previous
        .map(|(p, until)| json!({"fingerprint": p.fingerprint(), "until": rfc3339(until)}));
    let (name, used) = match with {
        KeyPlace::Secret(source, encoding) => (
            "secret",
            json!({
                "source": source.to_string(),
                "encoding": encoding.name(),
                "fingerprint": keys.current.fingerprint(),
                "previous": previous,
            }),
        ),
        KeyPlace::Key(source) => (
            "key",
            json!({
                "source": source.to_string(),
                "kid": keys.current.key_id(),
                "previous": previous,
            }),
        ),
        KeyPlace::Jwks(at) => (
            "jwks",
            json!({
                "source": crate::material::shown_place(at),
                "kids": keys.set.map(|s| s.keys.iter().map(|k| k.kid.clone()).collect::<Vec<_>>()),
            }),
        ),
    };
    json!({
        "valid": report.valid(),
        "exit_code": report.exit().code(),
        "checks": report.checks,
        "header": d.header,
        "claims": d.claims,
        name: used,
        "warnings": report.warnings,
        "hints": hints,
    })
}

/// A verify report for people: the verdict, each check, the secrets; warnings and hints on
/// stderr.
fn print_report(
    report: &Report,
    keys: &Keys,
    with: KeyPlace,
    hints: &[String],
    out: &Out,
) -> Result<()> {
    let verdict = match report.exit() {
        Exit::Ok => Text::toned("Token valid", Tone::Good),
        Exit::Expired => Text::toned(
            "Token expired or not yet valid (everything else is valid)",
            Tone::Late,
        ),
        _ => Text::toned("Token rejected", Tone::Bad),
    };
    let rows = report.checks.iter().map(Check::row);
    let mut s = verdict;
    s.push("\n");
    s.append(out.table(&["", "check", "detail"], rows));
    s.push(match with {
        KeyPlace::Secret(source, encoding) => format!(
            "secret: {} ({source}, {})\n",
            keys.current.fingerprint(),
            encoding.name()
        ),
        KeyPlace::Key(source) => format!("key: {} ({source})\n", keys.current.key_id()),
        KeyPlace::Jwks(at) => format!(
            "jwks: {} ({})\n",
            crate::material::shown_place(at),
            crate::output::plural(keys.set.map_or(0, |s| s.keys.len()), "key")
        ),
    });
    if let Some((p, until)) = keys.previous {
        s.push(format!(
            "previous {}: {} (accepted until {})\n",
            p.noun(),
            p.fingerprint(),
            rfc3339(until)
        ));
    }
    out.print(s)?;
    for w in &report.warnings {
        out.warn(w);
    }
    for h in hints {
        out.note(&format!("hint: {h}"));
    }
    Ok(())
}

pub fn refresh(args: RefreshArgs, out: &Out) -> Result<Exit> {
    let with = key_place(&args.secret, args.key.as_ref(), None);
    let (decoded, verifier) = token_and_keys(args.token.as_deref(), with)?;
    let options = RefreshOptions {
        alg: &args.alg,
        expires: args.expires.as_deref(),
        with,
    };
    let r = ops::refresh::run(&decoded, &verifier, &options)?;
    let signing = verifier
        .signing()
        .ok_or_else(|| Error::usage("refreshing needs the secret or the private key"))?;
    sign_and_print(
        r.claims,
        signing,
        (r.alg, r.profile),
        (args.kid, args.no_kid),
        r.exp,
        out,
    )
}
