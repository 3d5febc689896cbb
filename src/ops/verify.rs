//! `jwtadm token verify`: a token checked against a secret or a key (and the previous one a
//! rotation kept), or a JWK Set, and what the command line asks of it.

use zeroize::Zeroizing;

use super::eval_time;
use crate::error::{Error, Result};
use crate::jose::verify::{self, Expect, Keys, MediaType, Report};
use crate::jose::{Alg, Decoded, Profile};
use crate::keys::hmac::Secret;
use crate::keys::jwk::Jwks;
use crate::keys::{Parsed, SigningKey};
use crate::material;
use crate::secret::{Encoding, Previous};
use crate::store::SecretSource;

/// What `token verify` asks of a token: `--alg`, `--typ`, `--iss`, `--aud`, …
pub struct VerifyOptions<'a> {
    /// The algorithms allowed; HS256 alone when empty.
    pub alg: Vec<Alg>,
    pub typ: Option<MediaType>,
    /// `--profile`: at+jwt checks the token as an RFC 9068 access token.
    pub profile: Profile,
    pub iss: Option<String>,
    pub aud: Vec<String>,
    pub leeway: i64,
    pub allow_no_exp: bool,
    pub ignore_exp: bool,
    /// `--at`: the time to judge the token at; now when absent.
    pub at: Option<&'a str>,
    /// What to check the signature with.
    pub with: KeyPlace<'a>,
}

/// Where the keys a token is checked with come from.
#[derive(Debug, Clone, Copy)]
pub enum KeyPlace<'a> {
    /// `--secret` (the default), and how its text is read.
    Secret(&'a SecretSource, Encoding),
    /// `--key`: a public or private key.
    Key(&'a SecretSource),
    /// `--jwks`: a JWK Set in a file or at a URL.
    Jwks(&'a str),
}

/// What a token is checked with: a secret, a key (each with the previous one a rotation kept),
/// or a JWK Set.
pub enum Verifier {
    Secrets(Secrets),
    Key {
        key: Parsed,
        previous: Option<(Parsed, i64)>,
    },
    Jwks(Jwks),
}

impl Verifier {
    pub fn load(place: KeyPlace) -> Result<Verifier> {
        Ok(match place {
            KeyPlace::Secret(source, encoding) => {
                Verifier::Secrets(Secrets::load(source, encoding)?)
            }
            KeyPlace::Key(source) => Verifier::Key {
                key: material::load_key(source)?,
                previous: material::load_previous(source)?,
            },
            KeyPlace::Jwks(at) => Verifier::Jwks(material::load_jwks(at)?),
        })
    }

    pub fn keys(&self) -> Keys<'_> {
        match self {
            Verifier::Secrets(s) => s.keys(),
            Verifier::Key { key, previous } => Keys {
                current: key.verifying(),
                previous: previous.as_ref().map(|(p, until)| (p.verifying(), *until)),
                set: None,
            },
            Verifier::Jwks(set) => Keys::set(set),
        }
    }

    /// The secret, when the token is checked with one (for the hints about its text).
    pub fn secrets(&self) -> Option<&Secrets> {
        match self {
            Verifier::Secrets(s) => Some(s),
            _ => None,
        }
    }

    /// The key new tokens are signed with: the secret, or a private key.
    pub fn signing(&self) -> Option<&dyn SigningKey> {
        match self {
            Verifier::Secrets(s) => Some(&s.key),
            Verifier::Key {
                key: Parsed::Private(k),
                ..
            } => Some(k),
            _ => None,
        }
    }

    /// The algorithms accepted when `--alg` names none: HS256 for a secret, every algorithm of
    /// the key (or the JWKS's keys) for a key pair.
    pub fn default_algs(&self) -> Vec<Alg> {
        match self {
            Verifier::Secrets(_) => vec![Alg::HS256],
            _ => self.keys().algs(),
        }
    }
}

/// The secrets a token is checked with: the current one and the previous one a rotation
/// kept. Also the current secret's text, which a hint reads in the other encodings.
pub struct Secrets {
    pub key: Secret,
    pub previous: Option<Previous>,
    pub text: Zeroizing<String>,
}

impl Secrets {
    /// Load the secret at `source`, read as `encoding`, and its previous one.
    pub fn load(source: &SecretSource, encoding: Encoding) -> Result<Secrets> {
        let text = source.load_text()?;
        let key = source.decode(&text, encoding)?;
        let previous = source.load_previous(encoding)?;
        Ok(Secrets {
            key,
            previous,
            text,
        })
    }

    pub fn keys(&self) -> Keys<'_> {
        Keys::new(&self.key, self.previous.as_ref())
    }
}

/// Verify `decoded` with `verifier` against what `options` ask.
pub fn run(decoded: &Decoded, verifier: &Verifier, options: &VerifyOptions) -> Result<Report> {
    let expect = expectations(options, verifier)?;
    Ok(verify::verify(decoded, &verifier.keys(), &expect))
}

/// What `--alg`, `--typ`, `--iss`, `--aud`, … ask of a token checked with `verifier`.
pub fn expectations(options: &VerifyOptions, verifier: &Verifier) -> Result<Expect> {
    crate::claims::named_iss_aud(options.iss.as_deref(), &options.aud)?;
    if options.profile == Profile::AtJwt {
        access_token_options(options)?;
    }
    Ok(Expect {
        algs: if options.alg.is_empty() {
            verifier.default_algs()
        } else {
            options.alg.clone()
        },
        typ: options.typ.clone(),
        profile: options.profile,
        iss: options.iss.clone(),
        aud: options.aud.clone(),
        leeway: options.leeway,
        require_exp: !options.allow_no_exp,
        ignore_exp: options.ignore_exp,
        now: eval_time(options.at)?,
    })
}

/// What RFC 9068 §4 says a resource server must check of an access token, and which the
/// command line must therefore say: the issuer it trusts (`--iss`, item 3) and its own resource
/// identifier (`--aud`, item 4). Options that would let an access token without its type or
/// its exp through contradict the profile.
fn access_token_options(options: &VerifyOptions) -> Result<()> {
    let profile = Profile::AtJwt;
    if let Some(typ) = &options.typ
        && Some(typ) != profile.required_typ().as_ref()
    {
        return Err(Error::usage(format!(
            "--typ {} contradicts --profile {profile}: an access token declares typ at+jwt (RFC 9068 §4)",
            typ.as_str()
        )));
    }
    if options.allow_no_exp {
        return Err(Error::usage(format!(
            "--allow-no-exp contradicts --profile {profile}: an access token must have exp (RFC 9068 §2.2)"
        )));
    }
    let missing: Vec<&str> = [
        ("--iss", options.iss.is_none()),
        ("--aud", options.aud.is_empty()),
    ]
    .into_iter()
    .filter_map(|(flag, absent)| absent.then_some(flag))
    .collect();
    if !missing.is_empty() {
        return Err(Error::usage(format!(
            "--profile {profile} needs {}: RFC 9068 §4 says a resource server MUST check that iss is exactly its authorization server's issuer and that aud names the resource server itself",
            missing.join(" and ")
        ))
        .with_hint(
            "pass the issuer your server trusts and the server's own resource URI, e.g. --iss https://auth.example.com --aud https://mcp.example.com/mcp",
        ));
    }
    Ok(())
}
