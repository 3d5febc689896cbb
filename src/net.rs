//! Placeholder until the fetch module lands.
use std::time::Duration;

use crate::error::{Error, Result};

pub struct Limits {
    pub timeout: Duration,
    pub max_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            timeout: Duration::from_secs(10),
            max_bytes: 1 << 20,
        }
    }
}

pub fn fetch(url: &str, _limits: &Limits) -> Result<Vec<u8>> {
    Err(Error::operational(format!("cannot fetch {url} yet")))
}
