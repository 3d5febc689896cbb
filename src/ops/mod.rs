//! Workflows: each takes plain options (never clap's arguments) and returns typed results
//! (never text). The command handlers in [`crate::commands`] build the options, call a
//! workflow and render what it returns.

pub mod audit;
pub mod client;
pub mod discover;
pub mod from_config;
pub mod issue_all;
pub mod keys;
pub mod patch;
pub mod refresh;
pub mod renew;
pub mod roster_init;
pub mod rotate;
pub mod scan;
pub mod secret_check;
pub mod signing;
pub mod status;
pub mod verify;

use crate::error::{Error, Result};
use crate::txn::plan::Plan;

/// What a workflow tells its caller while it runs, before its result: the command shows it as
/// it comes, so that it shows even when the run then fails.
pub trait Progress {
    /// The edits of the files are planned; nothing is written yet.
    fn planned(&self, plan: &Plan);
}

/// The files of `plan` whose hard links a write splits, for the JSON reports.
pub fn split_links_json(plan: &Plan) -> Vec<String> {
    plan.split_links()
        .iter()
        .map(|(p, _)| p.display().to_string())
        .collect()
}

/// The time to evaluate at: `--at`, else now.
pub fn eval_time(at: Option<&str>) -> Result<crate::time::Time> {
    match at {
        Some(at) => crate::time::parse_instant(at)
            .map(crate::time::Time::from)
            .map_err(|e| Error::usage(format!("--at: {e}"))),
        None => crate::time::clock(),
    }
}
