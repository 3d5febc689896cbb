//! `jwtadm config patch`: a token written into MCP config files where a target says, every
//! file in one transaction.

use std::path::{Path, PathBuf};

use super::Progress;
use crate::error::Result;
use crate::formats::{Format, Target};
use crate::txn::plan::{Done, Edit, FilePreview, Plan};

/// What `config patch` is asked to do.
pub struct PatchOptions<'a> {
    /// The token to write, checked to be a JWT.
    pub token: &'a str,
    /// Where in each file the token goes.
    pub target: Target,
    pub files: &'a [PathBuf],
    /// Check everything the real run needs, write nothing.
    pub dry_run: bool,
    /// Keep a backup of each file written.
    pub backup: bool,
}

/// What a patch came to.
pub enum Outcome {
    /// `--dry-run`: each value that would change; nothing was written.
    Preview(Vec<FilePreview>),
    /// The files, each written if it changed.
    Patched {
        files: Vec<Patched>,
        /// The files written whose other hard links keep the old content.
        split_hard_links: Vec<String>,
    },
}

/// One file of a patch, as it was planned.
pub struct Patched {
    pub path: PathBuf,
    pub format: Format,
    pub changed: bool,
    pub done: Vec<Done>,
}

impl Patched {
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn changed(&self) -> bool {
        self.changed
    }
}

/// Put the token into each file where the target says: every file is planned (and `progress`
/// told) before any is written, then all are written together.
pub fn run(options: &PatchOptions, progress: &dyn Progress) -> Result<Outcome> {
    let target = &options.target;
    let token = options.token;
    let paths: Vec<&Path> = options.files.iter().map(|p| p.as_path()).collect();
    let mut plan = Plan::open(&paths)?;
    for path in &paths {
        plan.edit(path, &Edit::Rewrite(target.clone()), token, None)?;
    }
    progress.planned(&plan);
    if options.dry_run {
        // Everything the real run needs, checked with nothing written (see Plan::check).
        let preview = plan.preview(|_| token.to_string());
        plan.check(options.backup)?;
        return Ok(Outcome::Preview(preview));
    }
    let files = plan
        .files
        .iter_mut()
        .map(|f| Patched {
            path: f.path().to_path_buf(),
            format: f.format,
            changed: f.changed(),
            done: std::mem::take(&mut f.done),
        })
        .collect();
    let split = super::split_links_json(&plan);
    plan.commit(options.backup)?;
    Ok(Outcome::Patched {
        files,
        split_hard_links: split,
    })
}
