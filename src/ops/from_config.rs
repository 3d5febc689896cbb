//! `token inspect --from-config` and `token verify --from-config`: the tokens an MCP config
//! file holds, each decoded (and verified).

use std::path::Path;

use super::verify::{Verifier, VerifyOptions, expectations};
use crate::error::{Error, Exit, Result};
use crate::formats::{self, Site};
use crate::jose::Decoded;
use crate::jose::verify::{self, Report};

/// One token found in a config file, and what came of it: decoded (and verified), or why not.
pub struct AtSite<T> {
    pub site: Site,
    pub token: Result<T>,
}

/// The tokens of a config file, decoded; the exit is the worst of them.
pub struct Inspected {
    pub tokens: Vec<AtSite<Decoded>>,
    pub exit: Exit,
}

/// The tokens of a config file, verified; the exit is the worst of them.
pub struct Verified {
    pub verifier: Verifier,
    pub tokens: Vec<AtSite<(Decoded, Report)>>,
    pub exit: Exit,
}

/// The tokens in the MCP config file at `path` where `target` says, for `inspect` and `verify
/// --from-config`, and the values there that point elsewhere.
pub fn tokens_in_config(path: &Path, target: &formats::Target) -> Result<formats::Found> {
    let text = crate::txn::read_regular_string(path).map_err(|e| Error::io("reading", path, e))?;
    let format = formats::Format::detect(path, &text);
    // Reading only: a token set for several servers is each of them.
    formats::find_all(format, &text, target).map_err(|e| e.in_file(path))
}

/// `token inspect --from-config FILE`: each token at `sites` decoded.
pub fn inspect_from_config(sites: Vec<Site>) -> Inspected {
    let mut exit = Exit::Ok;
    let tokens = sites
        .into_iter()
        .map(|site| {
            let token = crate::jose::decode(&site.token);
            if token.is_err() {
                exit = Exit::Rejected;
            }
            AtSite { site, token }
        })
        .collect();
    Inspected { tokens, exit }
}

/// `token verify --from-config FILE`: every token at `sites` (found in `path` where `target`
/// says) verified as `options` ask.
pub fn verify_from_config(
    path: &Path,
    target: &formats::Target,
    sites: Vec<Site>,
    options: &VerifyOptions,
) -> Result<Verified> {
    if sites.is_empty() {
        return Err(Error::operational(format!(
            "{}: no token to verify: every {} found points elsewhere",
            path.display(),
            target.what()
        ))
        .with_hint("pass the token the client gets itself: jwtadm token verify TOKEN"));
    }
    let verifier = Verifier::load(options.with)?;
    let keys = verifier.keys();
    let expect = expectations(options, &verifier)?;
    let mut exit = Exit::Ok;
    let mut tokens = Vec::new();
    for site in sites {
        let token = crate::jose::decode(&site.token).map(|decoded| {
            let report = verify::verify(&decoded, &keys, &expect);
            (decoded, report)
        });
        exit = exit.worst(match &token {
            Ok((_, report)) => report.exit(),
            Err(e) => e.exit(),
        });
        tokens.push(AtSite { site, token });
    }
    Ok(Verified {
        verifier,
        tokens,
        exit,
    })
}
