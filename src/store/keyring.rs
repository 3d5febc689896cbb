//! Secrets in the operating system's keyring, through keyring-core with each store chosen
//! explicitly: the Secret Service (Linux desktops; persistent), the kernel keyutils keyring
//! (headless Linux servers and CI; in memory, lost on reboot), the macOS Keychain and the
//! Windows Credential Manager.
//!
//! A store is opened only when a `keyring:` source is used, so other commands never touch it.
//! jwtadm never falls back from one store to another: an unreachable store is an error that
//! names it and says what to do.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use keyring_core::{CredentialStore, Entry};
use zeroize::Zeroizing;

use super::{Kept, SecretSource, SecretStore};
use crate::error::{Error, Result};
use crate::redact::shown;
use crate::txn::plan::Plan;

/// The keyring stores jwtadm can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Store {
    /// The freedesktop Secret Service (GNOME Keyring, KWallet) over D-Bus. Persistent.
    SecretService,
    /// The Linux kernel's keyutils keyring. In memory: lost on reboot.
    Keyutils,
    /// The macOS Keychain.
    Keychain,
    /// The Windows Credential Manager.
    Windows,
}

impl Store {
    pub const NAMES: [&'static str; 4] = ["secret-service", "keyutils", "keychain", "windows"];

    /// The platform's persistent store.
    pub fn platform_default() -> Store {
        if cfg!(target_os = "macos") {
            Store::Keychain
        } else if cfg!(target_os = "windows") {
            Store::Windows
        } else {
            Store::SecretService
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Store::SecretService => "secret-service",
            Store::Keyutils => "keyutils",
            Store::Keychain => "keychain",
            Store::Windows => "windows",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Store::SecretService => "the Secret Service keyring",
            Store::Keyutils => "the kernel keyutils keyring",
            Store::Keychain => "the macOS Keychain",
            Store::Windows => "the Windows Credential Manager",
        }
    }

    /// What to do when this store cannot be reached.
    fn advice(self) -> &'static str {
        match self {
            Store::SecretService => {
                "the Secret Service needs a D-Bus session with a secrets daemon (GNOME Keyring, KWallet) that is unlocked; \
                 on a headless server use --keyring-store keyutils (kept in memory, lost on reboot) or a file: source"
            }
            Store::Keyutils => {
                "keyutils needs the keyctl system calls, which some containers block; use a file: source there"
            }
            Store::Keychain | Store::Windows => {
                "run jwtadm on that platform, or use a file: or dotenv: source"
            }
        }
    }

    fn open(self) -> Result<Arc<CredentialStore>> {
        let unavailable = |e: &dyn fmt::Display| {
            Error::operational(format!("{} is not available: {e}", self.title()))
                .with_hint(self.advice())
        };
        match self {
            #[cfg(target_os = "linux")]
            Store::SecretService => {
                let store: Arc<CredentialStore> =
                    zbus_secret_service_keyring_store::Store::new().map_err(|e| unavailable(&e))?;
                Ok(store)
            }
            #[cfg(target_os = "linux")]
            Store::Keyutils => {
                // Give the process a session keyring of its own first: without one (a process
                // not started through PAM, as in CI) the store's keys end up unreadable.
                linux_keyutils::KeyRing::from_special_id(
                    linux_keyutils::KeyRingIdentifier::Session,
                    true,
                )
                .map_err(|e| unavailable(&e))?;
                let store: Arc<CredentialStore> =
                    linux_keyutils_keyring_store::Store::new().map_err(|e| unavailable(&e))?;
                Ok(store)
            }
            #[cfg(target_os = "macos")]
            Store::Keychain => {
                let store: Arc<CredentialStore> =
                    apple_native_keyring_store::keychain::Store::new()
                        .map_err(|e| unavailable(&e))?;
                Ok(store)
            }
            #[cfg(target_os = "windows")]
            Store::Windows => {
                let store: Arc<CredentialStore> =
                    windows_native_keyring_store::Store::new().map_err(|e| unavailable(&e))?;
                Ok(store)
            }
            #[allow(unreachable_patterns)]
            _ => Err(Error::operational(format!(
                "{} is not available on this platform",
                self.title()
            ))
            .with_hint(self.advice())),
        }
    }

    /// Whether what this store holds survives a reboot.
    pub fn persistent(self) -> bool {
        self != Store::Keyutils
    }
}

impl FromStr for Store {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "secret-service" => Ok(Store::SecretService),
            "keyutils" => Ok(Store::Keyutils),
            "keychain" => Ok(Store::Keychain),
            "windows" => Ok(Store::Windows),
            _ => Err(format!(
                "unknown keyring store `{s}` (expected {})",
                Store::NAMES.join(", ")
            )),
        }
    }
}

impl fmt::Display for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One entry: a service and an account in a store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item<'a> {
    pub store: Store,
    pub service: &'a str,
    pub account: &'a str,
}

impl Item<'_> {
    fn entry(&self) -> Result<Entry> {
        let store = self.store.open()?;
        Entry::new_in_store(&store, self.service, self.account).map_err(|e| self.error(e))
    }

    fn error(&self, e: keyring_core::Error) -> Error {
        use keyring_core::Error as K;
        let what = format!(
            "keyring:{}/{} in {}",
            self.service,
            self.account,
            self.store.title()
        );
        match e {
            K::NoStorageAccess(_) | K::PlatformFailure(_) => {
                Error::operational(format!("{what} cannot be reached: {e}"))
                    .with_hint(self.store.advice())
            }
            K::NoEntry => Error::operational(format!("no secret: there is no {what}"))
                .with_hint("store one with: jwtadm secret gen --to keyring:SERVICE/ACCOUNT"),
            other => Error::operational(format!("{what}: {other}")),
        }
    }

    /// The stored text, or `None` when there is no such entry.
    pub fn get(&self) -> Result<Option<Zeroizing<String>>> {
        match self.entry()?.get_password() {
            Ok(p) => Ok(Some(Zeroizing::new(p))),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(self.error(e)),
        }
    }

    pub fn set(&self, text: &str) -> Result<()> {
        self.entry()?.set_password(text).map_err(|e| self.error(e))
    }

    /// Delete the entry; one that is not there is fine.
    pub fn delete(&self) -> Result<()> {
        match self.entry()?.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(e) => Err(self.error(e)),
        }
    }
}

/// The `--secret` syntax of the entry.
impl fmt::Display for Item<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "keyring:{}/{}", shown(self.service), shown(self.account))
    }
}

impl<'a> SecretStore<'a> for Item<'a> {
    fn read(&self) -> Result<Zeroizing<String>> {
        self.get()?.ok_or_else(|| {
            let store = self.store.name();
            Error::operational(format!(
                "no secret: there is no {self} in the {store} store"
            ))
            .with_hint(format!(
                "store one with: jwtadm secret gen --to {self} --keyring-store {store}"
            ))
        })
    }

    fn read_optional(&self) -> Result<Option<Zeroizing<String>>> {
        self.get()
    }

    fn write(&self, text: &str, force: bool) -> Result<()> {
        crate::txn::recover::before_writing()?;
        if !force && self.get()?.is_some() {
            return Err(Error::operational(format!(
                "{self} already holds a secret in the {} store",
                self.store.name()
            ))
            .with_hint("pass --force to replace it (or rotate it with jwtadm secret rotate)"));
        }
        self.set(text)
    }

    fn put(&self, text: Option<&str>) -> Result<()> {
        crate::txn::recover::before_writing()?;
        match text {
            Some(t) => self.set(t),
            None => self.delete(),
        }
    }

    fn rotatable(&self) -> bool {
        true
    }

    /// Nothing: the keyring is not a file; `rotate::Rotation::store_keyring` writes it.
    fn stage(&self, _plan: &mut Plan, _text: &str) -> Result<()> {
        Ok(())
    }

    fn kept(&self, kept: Kept) -> Option<SecretSource> {
        Some(SecretSource::Keyring {
            service: self.service.to_string(),
            account: kept.beside_name(self.account),
            store: self.store,
        })
    }

    fn keyring_store(&self) -> Option<Store> {
        Some(self.store)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_names_round_trip() {
        for name in Store::NAMES {
            assert_eq!(name.parse::<Store>().unwrap().name(), name);
        }
        assert!("gnome".parse::<Store>().is_err());
        assert!(!Store::Keyutils.persistent());
        assert!(Store::SecretService.persistent());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn other_platforms_stores_say_so() {
        let item = Item {
            store: Store::Keychain,
            service: "s",
            account: "a",
        };
        let err = item.get().unwrap_err();
        assert!(
            err.to_string().contains("not available on this platform"),
            "{err}"
        );
    }
}
