//! `jwtadm token issue-all`: a token for each client of a roster, signed with its secret and
//! put into each client's files.

use std::collections::HashMap;
use std::path::Path;

use crate::claims::{self, Audience, ClientClaims};
use crate::error::{Error, Result};
use crate::patch::plan::{Edit, Plan};
use crate::roster::{Client, Origin, Roster};
use crate::secret::Secret;
use crate::token;

pub fn load_key(roster: &Roster) -> Result<Secret> {
    let named = match &roster.secret_origin {
        Some(origin) => origin.to_string(),
        None => roster.path.display().to_string(),
    };
    roster
        .secret
        .load(roster.encoding)
        .map_err(|e| e.context(format!("the secret named in {named}")))
}

/// Every file a client's token goes into: the path (expanded and resolved), as the roster
/// writes it, what to do there, and where the roster names it.
pub fn targets(client: &Client) -> Vec<(&Path, &str, Edit, &Origin)> {
    let mut t: Vec<(&Path, &str, Edit, &Origin)> = client
        .configs
        .iter()
        .map(|c| {
            (
                c.path.as_path(),
                c.shown.as_str(),
                Edit::Rewrite(c.target.clone()),
                &c.origin,
            )
        })
        .collect();
    if let Some(d) = &client.dotenv {
        t.push((
            d.path.as_path(),
            d.shown.as_str(),
            Edit::SetDotenv(d.key.clone()),
            &d.origin,
        ));
    }
    t
}

/// Where the roster names each of its clients' files, for messages about them.
pub fn origins(roster: &Roster) -> HashMap<&Path, &Origin> {
    roster
        .clients
        .iter()
        .flat_map(|c| targets(c).into_iter().map(|(p, _, _, o)| (p, o)))
        .collect()
}

/// A token issued for a client: all a run keeps of it (the claims are dropped once signed, so
/// ten thousand clients stay small).
pub struct Issued<'r> {
    pub client: &'r Client,
    pub token: String,
    pub jti: String,
}

/// Sign a token for each client with `key`, all with the same `iat`.
pub fn issue_for<'r>(
    clients: Vec<&'r Client>,
    key: &Secret,
    source: &crate::secret::SecretSource,
    now: i64,
) -> Result<Vec<Issued<'r>>> {
    let kid = key.key_id();
    // One signer per algorithm the roster uses, each refusing a key too short for it.
    let mut signers: Vec<token::Signer> = Vec::new();
    let mut signer_of = |alg: token::Alg| -> Result<usize> {
        if let Some(i) = signers.iter().position(|s| s.alg() == alg) {
            return Ok(i);
        }
        signers.push(
            token::Signer::new(key, alg, Some(&kid))
                .map_err(|e| e.context(source).with_hint(source.longer_key_hint(alg)))?,
        );
        Ok(signers.len() - 1)
    };
    let which: Vec<usize> = clients
        .iter()
        .map(|c| signer_of(c.alg))
        .collect::<Result<_>>()?;
    clients
        .into_iter()
        .zip(which)
        .map(|(c, i)| {
            claims::check_expiry(now + c.expires, now)
                .map_err(|e| Error::operational(format!("client {}: {e}", c.name)))?;
            let jti = claims::random_jti()?;
            let claims = ClientClaims {
                sub: &c.sub,
                iss: c.iss.as_deref(),
                aud: Audience(&c.aud),
                iat: now,
                exp: now + c.expires,
                jti: &jti,
                extra: &c.claims,
            };
            let token = signers[i]
                .token(&claims)
                .map_err(|e| e.context(format!("client {}", c.name)))?;
            Ok(Issued {
                client: c,
                token,
                jti,
            })
        })
        .collect()
}

/// Every file the issued tokens go into.
pub fn target_paths<'r>(issued: &[Issued<'r>]) -> Vec<&'r Path> {
    issued
        .iter()
        .flat_map(|i| targets(i.client).into_iter().map(|(p, _, _, _)| p))
        .collect()
}

/// Put each issued token into each of its client's files in `plan`.
pub fn plan_tokens(plan: &mut Plan, issued: &[Issued]) -> Result<()> {
    for i in issued {
        for (path, _, edit, origin) in targets(i.client) {
            plan.edit(path, &edit, &i.token, Some(&i.client.name))
                .map_err(|e| origin.note(e))?;
        }
    }
    Ok(())
}
