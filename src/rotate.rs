//! Secret rotation: a new secret in place of the old one, the old one kept beside it until the
//! end of a grace period, so tokens it signed keep working while clients move to new ones.

use std::path::PathBuf;

use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::store::SecretSource;
use crate::time::rfc3339;
use crate::txn::Participant;
use crate::txn::plan::Plan;

/// The keyring entries a rotation writes, as a participant of the files' transaction: the
/// previous secret, the end of its grace and then the new secret (in that order, so the
/// current entry is replaced last), each put back as it was if the run fails.
///
/// Through a crash too: before the first write, what every entry held is kept in one more
/// entry of the same store and service, `ACCOUNT.jwtadm-undo-RUN`, which the run's journal
/// names (never a file: the old secret stays in the keyring). Recovery puts the entries back
/// from it, or drops it once the run reached its decision point.
pub struct KeyringWrites {
    /// Each entry and the text to write there, in order.
    writes: Vec<(SecretSource, Zeroizing<String>)>,
    /// What each entry written so far held before.
    entries: Vec<(SecretSource, Option<Zeroizing<String>>)>,
    /// The entry that keeps what they held, once the run's journal named it.
    undo: Option<SecretSource>,
}

impl KeyringWrites {
    /// The store, service and account of a keyring place.
    fn parts(place: &SecretSource) -> Option<(crate::store::keyring::Store, &str, &str)> {
        match place {
            SecretSource::Keyring {
                service,
                account,
                store,
            } => Some((*store, service.as_str(), account.as_str())),
            _ => None,
        }
    }

    fn drop_undo(&self) -> Result<()> {
        match &self.undo {
            Some(u) => u.put(None),
            None => Ok(()),
        }
    }
}

impl Participant for KeyringWrites {
    fn journal(&mut self, run: &str) -> Option<crate::txn::journal::Keyring> {
        let (store, service, first) = Self::parts(&self.writes.last()?.0)?;
        let mut accounts = Vec::new();
        for (place, _) in &self.writes {
            let (s, svc, account) = Self::parts(place)?;
            if s != store || svc != service {
                return None;
            }
            accounts.push(account.to_string());
        }
        let undo = format!("{first}.jwtadm-undo-{run}");
        self.undo = Some(SecretSource::Keyring {
            service: service.to_string(),
            account: undo.clone(),
            store,
        });
        Some(crate::txn::journal::Keyring {
            store: store.name().to_string(),
            service: service.to_string(),
            accounts,
            undo,
        })
    }

    fn apply(&mut self) -> Result<()> {
        // What each entry holds, read before anything is written (reading can fail too: a
        // store that went away), and kept in the undo entry the journal names.
        let mut befores = Vec::with_capacity(self.writes.len());
        for (place, _) in &self.writes {
            befores.push(place.read_optional()?);
        }
        if let Some(undo) = &self.undo {
            let kept: Vec<crate::txn::recover::Kept> = self
                .writes
                .iter()
                .zip(&befores)
                .filter_map(|((place, _), before)| {
                    Some(crate::txn::recover::Kept {
                        account: Self::parts(place)?.2.to_string(),
                        before: before.as_deref().map(|s| s.to_string()),
                    })
                })
                .collect();
            let text = Zeroizing::new(
                serde_json::to_string(&kept).map_err(|e| Error::operational(e.to_string()))?,
            );
            drop(kept);
            undo.put(Some(&text))?;
        }
        for ((place, text), before) in self.writes.iter().zip(befores) {
            if let Err(e) = place.put(Some(text)) {
                let _ = self.undo();
                return Err(e);
            }
            self.entries.push((place.clone(), before));
        }
        Ok(())
    }

    /// Put every entry back as it was, newest first; then drop what was kept.
    fn undo(&mut self) -> Result<()> {
        let mut result = Ok(());
        for (place, before) in self.entries.drain(..).rev() {
            if let Err(e) = place.put(before.as_deref().map(|s| s.as_str())) {
                result = Err(e);
            }
        }
        // Kept for recovery if an entry could not be put back.
        if result.is_ok() {
            result = self.drop_undo();
        }
        result
    }

    fn settle(&mut self) {
        let _ = self.drop_undo();
    }

    fn what(&self) -> &str {
        "the keyring entries"
    }
}

/// One rotation of the secret at `source`.
pub struct Rotation {
    pub source: SecretSource,
    pub new_text: Zeroizing<String>,
    pub old_text: Zeroizing<String>,
    /// The end of the old secret's grace period (Unix seconds).
    pub until: i64,
}

impl Rotation {
    /// The files the rotation writes; those that do not exist yet are created 0600.
    pub fn files(&self) -> Result<Vec<PathBuf>> {
        self.source.check_rotatable()?;
        // The keyring is written by `keyring_writes`, not through files.
        let mut files: Vec<PathBuf> = Vec::new();
        for (i, place) in self.places().iter().enumerate() {
            let Some(path) = place.path() else {
                continue;
            };
            // The files kept beside a `file:` secret or key are jwtadm's own: a link there
            // would have the previous key or a date written wherever it points (a red team's
            // link to /etc/passwd). The secret's own file may be a link, as it was given.
            let own = path != self.source.path().unwrap_or(path);
            if i > 0
                && own
                && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
            {
                return Err(Error::operational(format!(
                    "{} is a symbolic link: jwtadm keeps the previous {} and the end of its grace only in files of their own, never through a link; nothing was changed",
                    path.display(),
                    if crate::keys::pair::looks_like_key(&self.old_text) { "key" } else { "secret" }
                ))
                .with_hint(format!(
                    "remove the link (rm {}) and rotate again",
                    crate::output::shell_quote(&path.display().to_string())
                )));
            }
            if !files.iter().any(|f| f == path) {
                files.push(path.to_path_buf());
            }
        }
        Ok(files)
    }

    /// The secret and where the previous one and the end of its grace are kept.
    fn places(&self) -> Vec<SecretSource> {
        let mut places = vec![self.source.clone()];
        places.extend(
            self.source
                .previous_places()
                .into_iter()
                .flat_map(|(prev, until)| [prev, until]),
        );
        places
    }

    /// For a keyring source: the keyring entries to write, as a participant of the files'
    /// transaction (see [`KeyringWrites`]). Other sources: none.
    pub fn keyring_writes(&self) -> Option<Box<dyn Participant>> {
        self.source.keyring_store()?;
        let (prev, until) = self.source.previous_places()?;
        let writes = vec![
            (prev, self.old_text.clone()),
            (until, Zeroizing::new(rfc3339(self.until))),
            (self.source.clone(), self.new_text.clone()),
        ];
        Some(Box::new(KeyringWrites {
            writes,
            entries: Vec::new(),
            undo: None,
        }))
    }

    /// Write the new secret, the previous one and the end of its grace into `plan`, whose
    /// files include [`Rotation::files`].
    pub fn apply(&self, plan: &mut Plan) -> Result<()> {
        let until = rfc3339(self.until);
        let texts = [
            self.new_text.as_str(),
            self.old_text.as_str(),
            until.as_str(),
        ];
        let places = self.places();
        if places.len() != texts.len() {
            return Err(Error::usage(format!(
                "jwtadm cannot rotate a secret in {}",
                self.source
            )));
        }
        for (place, text) in places.iter().zip(texts) {
            place.backend().stage(plan, text)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Encoding;

    fn rotation(source: SecretSource) -> Rotation {
        Rotation {
            source,
            new_text: Zeroizing::new("new-secret-0123456789abcdef0123456789".into()),
            old_text: Zeroizing::new("old-secret-0123456789abcdef0123456789".into()),
            until: 1_793_664_000,
        }
    }

    #[test]
    fn dotenv_keeps_the_previous_secret_beside_the_new_one() {
        let dir = tempfile::tempdir().unwrap();
        let env = dir.path().join(".env.docker");
        std::fs::write(
            &env,
            "# server\nJWT_SECRET_KEY=old-secret-0123456789abcdef0123456789\nLOG=1\n",
        )
        .unwrap();
        let source = SecretSource::Dotenv {
            path: env.clone(),
            key: "JWT_SECRET_KEY".into(),
        };
        let r = rotation(source.clone());
        let files = r.files().unwrap();
        let paths: Vec<&std::path::Path> = files.iter().map(|p| p.as_path()).collect();
        let mut plan = Plan::open_with(&[], &paths).unwrap();
        r.apply(&mut plan).unwrap();
        plan.commit(false).unwrap();
        assert_eq!(
            std::fs::read_to_string(&env).unwrap(),
            "# server\nJWT_SECRET_KEY=new-secret-0123456789abcdef0123456789\nLOG=1\n\
             JWT_SECRET_KEY_PREVIOUS=old-secret-0123456789abcdef0123456789\nJWT_SECRET_KEY_PREVIOUS_UNTIL=2026-11-03T00:00:00Z\n"
        );
        let prev = source.load_previous(Encoding::Utf8).unwrap().unwrap();
        assert_eq!(
            prev.secret.expose(),
            b"old-secret-0123456789abcdef0123456789"
        );
        assert_eq!(prev.until, 1_793_664_000);
    }

    #[cfg(unix)]
    #[test]
    fn a_file_secret_gets_0600_siblings() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("jwt.key");
        std::fs::write(&key, "old-secret-0123456789abcdef0123456789\n").unwrap();
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
        let source = SecretSource::File(key.clone());
        let r = rotation(source.clone());
        let files = r.files().unwrap();
        let paths: Vec<&std::path::Path> = files.iter().map(|p| p.as_path()).collect();
        let mut plan = Plan::open_with(&[], &paths).unwrap();
        r.apply(&mut plan).unwrap();
        plan.commit(false).unwrap();
        assert_eq!(
            source.load(Encoding::Utf8).unwrap().expose(),
            b"new-secret-0123456789abcdef0123456789"
        );
        for f in &files {
            assert_eq!(
                std::fs::metadata(f).unwrap().permissions().mode() & 0o777,
                0o600,
                "{}",
                f.display()
            );
        }
        assert_eq!(
            source.load_previous(Encoding::Utf8).unwrap().unwrap().until,
            1_793_664_000
        );
    }

    #[test]
    fn env_and_stdin_cannot_be_rotated() {
        assert!(rotation(SecretSource::Env("X".into())).files().is_err());
        assert!(rotation(SecretSource::Stdin).files().is_err());
    }
}
