//! What a roster's tokens are signed with: its `[secret]`, each client with its own HMAC
//! algorithm, or its `[key]`, every client with the key's one algorithm.

use serde_json::Value;

use crate::error::{Error, Result};
use crate::jose::Alg;
use crate::keys::hmac::Secret;
use crate::keys::{Key, PrivateKey, SigningKey};
use crate::roster::{Client, Roster, RosterKey};
use crate::store::SecretSource;

/// A roster's signing key, loaded.
pub enum Signing {
    Secret(Secret),
    /// A key pair's private key and the algorithm every token is signed with.
    Key {
        key: PrivateKey,
        alg: Alg,
    },
}

impl Signing {
    /// What `roster` signs with: its `[key]`, else its secret. An error names the roster line
    /// that names it.
    pub fn load(roster: &Roster) -> Result<Signing> {
        let named = roster.signer_named();
        match &roster.key {
            Some(k) => {
                let key = crate::material::load_private(&k.source)
                    .map_err(|e| e.context(format!("the key named in {named}")))?;
                Signing::for_key(key, k)
            }
            None => roster
                .secret
                .load(roster.encoding)
                .map(Signing::Secret)
                .map_err(|e| e.context(format!("the secret named in {named}"))),
        }
    }

    /// `key` signing as the roster's `[key]` says: with its `alg`, which the key must sign,
    /// else with the key's own first algorithm.
    pub fn for_key(key: PrivateKey, roster_key: &RosterKey) -> Result<Signing> {
        let alg = super::keys::alg_for(key.public(), roster_key.alg).map_err(|e| {
            Error::operational(format!(
                "{}: alg in [key] ({})",
                e.message(),
                roster_key.origin
            ))
        })?;
        Ok(Signing::Key { key, alg })
    }

    pub fn key(&self) -> &dyn SigningKey {
        match self {
            Signing::Secret(s) => s,
            Signing::Key { key, .. } => key,
        }
    }

    /// The algorithm `client`'s token is signed with.
    pub fn alg(&self, client: &Client) -> Alg {
        match self {
            Signing::Secret(_) => client.alg,
            Signing::Key { alg, .. } => *alg,
        }
    }

    /// `secret sha256:…` or `key kid:…`, for messages.
    pub fn words(&self) -> String {
        format!("{} {}", self.key().noun(), self.key().fingerprint())
    }

    /// The JSON member that names it in reports and the audit log: `secret_fingerprint` for a
    /// secret, `kid` for a key.
    pub fn json_member(&self) -> (&'static str, Value) {
        match self {
            Signing::Secret(s) => ("secret_fingerprint", s.fingerprint().into()),
            Signing::Key { key, .. } => ("kid", key.key_id().into()),
        }
    }

    /// A signer for `alg` with header `typ`, naming `source` when the key does not fit it
    /// (and, for a secret too short for it, how to make a longer one).
    pub fn signer(
        &self,
        alg: Alg,
        typ: &str,
        source: &SecretSource,
    ) -> Result<crate::token::Signer> {
        let kid = self.key().key_id();
        crate::token::Signer::typed(self.key(), alg, Some(&kid), typ).map_err(|e| {
            let e = e.context(source);
            if alg.is_hmac() {
                e.with_hint(source.longer_key_hint(alg))
            } else {
                e
            }
        })
    }
}
