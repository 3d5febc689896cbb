//! An in-memory store for tests (as uv's `uv-keyring` mock): what every backend promises, checked
//! without a file system, an environment or a keyring daemon, and the contract the other
//! backends are held to in the same tests.

use std::cell::RefCell;
use std::fmt;

use zeroize::Zeroizing;

use super::{Kept, SecretSource, SecretStore};
use crate::error::{Error, Result};

#[derive(Default)]
pub struct Memory {
    text: RefCell<Option<Zeroizing<String>>>,
}

impl fmt::Display for Memory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("memory")
    }
}

impl SecretStore<'_> for Memory {
    fn read(&self) -> Result<Zeroizing<String>> {
        self.read_optional()?
            .ok_or_else(|| Error::operational(format!("no secret: there is no {self}")))
    }

    fn read_optional(&self) -> Result<Option<Zeroizing<String>>> {
        Ok(self.text.borrow().clone())
    }

    fn write(&self, text: &str, force: bool) -> Result<()> {
        if !force && self.text.borrow().is_some() {
            return Err(Error::operational(format!("{self} already holds a secret")));
        }
        *self.text.borrow_mut() = Some(Zeroizing::new(text.to_string()));
        Ok(())
    }

    fn put(&self, text: Option<&str>) -> Result<()> {
        *self.text.borrow_mut() = text.map(|t| Zeroizing::new(t.to_string()));
        Ok(())
    }

    fn kept(&self, _kept: Kept) -> Option<SecretSource> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What every writable store promises: absent is `None`, a write is read back, a second
    /// write needs `force`, and `put` puts back what was there.
    fn contract(store: &dyn SecretStore<'_>) {
        assert!(store.read_optional().unwrap().is_none(), "{store}");
        assert!(store.read().is_err(), "{store}");
        store.write("first-secret", false).unwrap();
        assert_eq!(store.read().unwrap().as_str(), "first-secret", "{store}");
        assert!(store.write("second", false).is_err(), "{store}");
        store.write("second", true).unwrap();
        assert_eq!(
            store
                .read_optional()
                .unwrap()
                .as_deref()
                .map(String::as_str),
            Some("second"),
            "{store}"
        );
        store.put(Some("put-back")).unwrap();
        assert_eq!(store.read().unwrap().as_str(), "put-back", "{store}");
    }

    #[test]
    fn the_memory_store_keeps_the_contract() {
        let store = Memory::default();
        contract(&store);
        store.put(None).unwrap();
        assert!(store.read_optional().unwrap().is_none());
    }

    #[cfg(unix)]
    #[test]
    fn the_file_store_keeps_the_contract() {
        let dir = tempfile::tempdir().unwrap();
        let source = SecretSource::File(dir.path().join("jwt.key"));
        contract(source.backend().as_ref());
        assert_eq!(
            std::fs::read_to_string(source.path().unwrap()).unwrap(),
            "put-back\n"
        );
    }

    #[test]
    fn read_only_stores_refuse_writes() {
        for source in [
            SecretSource::Env("X".into()),
            SecretSource::Stdin,
            "command:pass show x".parse().unwrap(),
        ] {
            let err = source.backend().write("x", true).unwrap_err();
            assert!(err.to_string().contains("cannot be written"), "{err}");
            assert!(!source.backend().rotatable());
            assert!(source.check_rotatable().is_err());
        }
    }

    #[test]
    fn previous_places_are_named_in_one_way_per_kind_of_name() {
        let place = |s: &str| {
            let (prev, until) = s
                .parse::<SecretSource>()
                .unwrap()
                .previous_places()
                .unwrap();
            format!("{prev} {until}")
        };
        assert_eq!(place("env:K"), "env:K_PREVIOUS env:K_PREVIOUS_UNTIL");
        assert_eq!(
            place("dotenv:.env#K"),
            "dotenv:.env#K_PREVIOUS dotenv:.env#K_PREVIOUS_UNTIL"
        );
        assert_eq!(
            place("file:/k/jwt.key"),
            "file:/k/jwt.key.previous file:/k/jwt.key.previous-until"
        );
        assert_eq!(
            place("keyring:svc/acct"),
            "keyring:svc/acct.previous keyring:svc/acct.previous-until"
        );
        assert!(SecretSource::Stdin.previous_places().is_none());
        assert!(
            "command:pass show x"
                .parse::<SecretSource>()
                .unwrap()
                .previous_places()
                .is_none()
        );
    }
}
