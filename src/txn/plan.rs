//! A multi-file rewrite planned in full before anything is written.
//!
//! Every target is locked, read and parsed, and its new content prepared, before the first
//! write; any failure stops the run with nothing written. Then the [`Transaction`] replaces the
//! files all or nothing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::formats::{self, Format, Reference, Site, Target, dotenv};
use crate::txn::{self, Access, Locked, Participant, Transaction};
use zeroize::Zeroizing;

/// What to do in a file.
#[derive(Debug, Clone)]
pub enum Edit {
    /// Rewrite the token where `target` says; it must be there.
    Rewrite(Target),
    /// Set a dotenv key, adding the line if the key is not there yet.
    SetDotenv(String),
}

/// One edit made, for the report.
#[derive(Debug, Clone)]
pub struct Done {
    /// The client the edit was for, in a roster run.
    pub client: Option<String>,
    /// Where the token was rewritten (empty when a dotenv line was added).
    pub sites: Vec<Site>,
    /// Values that point elsewhere and were left alone.
    pub references: Vec<Reference>,
    /// The token the file held before, at the first site.
    pub old_token: Option<String>,
    pub added: bool,
    /// What was set: the variable, header or dotenv key.
    pub what: String,
}

/// One file of the plan.
pub struct File {
    pub locked: Locked,
    pub format: Format,
    /// The text read and the text to write, zeroized when dropped: a file may hold a secret.
    pub original: Zeroizing<String>,
    pub new: Zeroizing<String>,
    pub done: Vec<Done>,
    /// Who may read it: a file that holds a secret is written 0600 (see
    /// [`Plan::make_private`]), a public one is created 0644 (see [`Plan::make_public`]).
    pub access: Access,
}

impl File {
    pub fn path(&self) -> &Path {
        &self.locked.path
    }

    pub fn changed(&self) -> bool {
        *self.original != *self.new
    }
}

/// What makes two names one file: its device and inode when it exists, else its path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum FileKey {
    Inode(u64, u64),
    Path(PathBuf),
}

fn file_key(target: &Path) -> FileKey {
    #[cfg(unix)]
    if let Ok(m) = std::fs::metadata(target) {
        use std::os::unix::fs::MetadataExt;
        return FileKey::Inode(m.dev(), m.ino());
    }
    FileKey::Path(target.to_path_buf())
}

/// Every file of a run, each read once however many edits it gets.
#[derive(Default)]
pub struct Plan {
    pub files: Vec<File>,
    /// Each file's index by the name it finally resolves to.
    index: HashMap<PathBuf, usize>,
    /// And by every name it was asked for by, so edits need not resolve names again.
    by_name: HashMap<PathBuf, usize>,
}

fn utf8(path: &Path, bytes: &[u8]) -> Result<String> {
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        Error::operational(format!(
            "{}: not UTF-8 text (byte {} is 0x{:02x}); jwtadm only rewrites text files",
            path.display(),
            at + 1,
            bytes[at]
        ))
    })
}

impl Plan {
    /// Lock and read every path, in a fixed order (so two runs never wait on each other in a
    /// circle). A path named twice, or two names of one file, is read once.
    pub fn open(paths: &[&Path]) -> Result<Plan> {
        Plan::open_with(paths, &[])
    }

    /// As [`Plan::open`], with `may_create`: files that are created when they do not exist yet
    /// (a secret's own files during rotation).
    pub fn open_with(paths: &[&Path], may_create: &[&Path]) -> Result<Plan> {
        Plan::open_noted(paths, may_create, &|_| None)
    }

    /// As [`Plan::open_with`]; an error about a path for which `origin` says where it was
    /// named (`clients.toml:7`) says so too.
    pub fn open_noted(
        paths: &[&Path],
        may_create: &[&Path],
        origin: &dyn Fn(&Path) -> Option<String>,
    ) -> Result<Plan> {
        let note = |path: &Path, e: Error| match origin(path) {
            Some(o) => e.also(format!("named in {o}")),
            None => e,
        };
        let mut resolved: Vec<(PathBuf, &Path, bool)> = paths
            .iter()
            .map(|p| (txn::resolve(p), *p, false))
            .chain(may_create.iter().map(|p| (txn::resolve(p), *p, true)))
            .collect();
        // A file both required and creatable is required: sort it first so it is the one read.
        resolved.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.cmp(&b.2)));
        let mut plan = Plan::default();
        // Two names of one file (hard links) are one file: opening and locking it twice would
        // wait on this run's own lock.
        let mut by_file: HashMap<FileKey, usize> = HashMap::new();
        for (target, path, create) in resolved {
            let key = file_key(&target);
            if let Some(&i) = by_file.get(&key) {
                plan.index.insert(target, i);
                plan.by_name.insert(path.to_path_buf(), i);
                continue;
            }
            let locked = if create {
                txn::lock_and_read_or_new(path)
            } else {
                txn::lock_and_read(path)
            }
            .map_err(|e| note(path, e))?;
            let original = utf8(path, &locked.content).map_err(|e| note(path, e))?;
            let format = Format::detect(path, &original);
            let i = plan.files.len();
            by_file.insert(key, i);
            plan.index.insert(target, i);
            plan.by_name.insert(path.to_path_buf(), i);
            plan.files.push(File {
                locked,
                format,
                new: Zeroizing::new(original.clone()),
                original: Zeroizing::new(original),
                done: Vec::new(),
                access: Access::Kept,
            });
        }
        Ok(plan)
    }

    fn file_mut(&mut self, path: &Path) -> &mut File {
        let i = match self.by_name.get(path) {
            Some(&i) => i,
            None => self.index[&txn::resolve(path)],
        };
        &mut self.files[i]
    }

    /// Apply `edit` with `token` to the (already opened) file at `path`.
    pub fn edit(
        &mut self,
        path: &Path,
        edit: &Edit,
        token: &str,
        client: Option<&str>,
    ) -> Result<()> {
        let file = self.file_mut(path);
        let shown = file.locked.path.clone();
        let rewrite = |format: Format, text: &str, target: &Target| {
            formats::rewrite(format, text, target, token).map_err(|e| e.in_file(&shown))
        };
        let what = match edit {
            Edit::Rewrite(target) => target.what(),
            Edit::SetDotenv(key) => key.clone(),
        };
        let (new, found, added) = match edit {
            Edit::Rewrite(target) => {
                let (new, found) = rewrite(file.format, &file.new, target)?;
                (new, found, false)
            }
            Edit::SetDotenv(key) => {
                let entries = dotenv::parse(&file.new).map_err(|e| e.in_file(&shown))?;
                match dotenv::find(&entries, key).map_err(|e| e.in_file(&shown))? {
                    // Present: rewritten in place (or left alone when it points elsewhere).
                    Some(_) => {
                        let target = Target::var(key);
                        let (new, found) = rewrite(Format::Dotenv, &file.new, &target)?;
                        (new, found, false)
                    }
                    // Missing: the line is added.
                    None => {
                        let new =
                            dotenv::set(&file.new, key, token).map_err(|e| e.in_file(&shown))?;
                        (new, formats::Found::default(), true)
                    }
                }
            }
        };
        *file.new = new;
        file.done.push(Done {
            client: client.map(str::to_string),
            old_token: found.sites.first().map(|s| s.token.clone()),
            sites: found.sites,
            references: found.references,
            added,
            what,
        });
        Ok(())
    }

    /// Empty the token `edit` places in the (already opened) file at `path`, where it is there:
    /// revoking a client. The variable (or dotenv key) stays, its value becomes `""`; a header
    /// keeps its scheme (`Bearer `) and loses the token. A value that points elsewhere
    /// (`${input:…}`) is left alone; a file, variable or key that is not there has no token to
    /// remove, and is left as it is. A file that does not parse, or a variable set for several
    /// servers with none named, is an error, as it is for [`Plan::edit`].
    pub fn clear(&mut self, path: &Path, edit: &Edit, client: Option<&str>) -> Result<()> {
        let file = self.file_mut(path);
        let shown = file.locked.path.clone();
        let (format, target) = match edit {
            Edit::Rewrite(target) => (file.format, target.clone()),
            Edit::SetDotenv(key) => (Format::Dotenv, Target::var(key)),
        };
        if let Edit::SetDotenv(key) = edit {
            let entries = dotenv::parse(&file.new).map_err(|e| e.in_file(&shown))?;
            if dotenv::find(&entries, key)
                .map_err(|e| e.in_file(&shown))?
                .is_none()
            {
                return Ok(());
            }
        }
        let found = formats::find(format, &file.new, &target).map_err(|e| e.in_file(&shown))?;
        if found.sites.is_empty() {
            return Ok(());
        }
        let (new, found) =
            formats::rewrite(format, &file.new, &target, "").map_err(|e| e.in_file(&shown))?;
        *file.new = new;
        file.done.push(Done {
            client: client.map(str::to_string),
            old_token: found.sites.first().map(|s| s.token.clone()),
            sites: found.sites,
            references: found.references,
            added: false,
            what: target.what(),
        });
        Ok(())
    }

    /// Replace the whole content of the (already opened) file at `path`.
    pub fn replace(&mut self, path: &Path, new: String) {
        let file = self.file_mut(path);
        *file.new = new;
    }

    /// Mark the (already opened) file at `path` as holding a secret: it is written 0600, and
    /// one with other hard links is refused (its other names would keep the old secret).
    pub fn make_private(&mut self, path: &Path) -> Result<()> {
        let file = self.file_mut(path);
        if file.locked.links() > 1 {
            return Err(Error::operational(format!(
                "{} has {} hard links: a secret written there would leave the old one under its other names",
                file.locked.path.display(),
                file.locked.links()
            ))
            .with_hint("remove the other links (find -samefile), or keep the secret in a file of its own"));
        }
        file.access = Access::Private;
        Ok(())
    }

    /// Mark the (already opened) file at `path` as public (a JWK Set a web server serves):
    /// created 0644 when it is new; an existing one keeps its mode, which its owner chose.
    pub fn make_public(&mut self, path: &Path) {
        self.file_mut(path).access = Access::Public;
    }

    /// Replace the whole file at `path` in one locked, atomic step with what `make` returns,
    /// given what the file holds (`None` when it does not exist): a file jwtadm writes whole (a
    /// roster it starts, a scan baseline), created public (0644) when new.
    pub fn write_whole(
        path: &Path,
        make: impl FnOnce(Option<&str>) -> Result<String>,
    ) -> Result<()> {
        let mut plan = Plan::open_with(&[], &[path])?;
        let current = plan.existed(path).then(|| plan.content(path).to_string());
        let text = make(current.as_deref())?;
        plan.replace(path, text);
        plan.make_public(path);
        plan.commit(false)?;
        Ok(())
    }

    /// Whether the (already opened) file at `path` existed when it was opened.
    pub fn existed(&mut self, path: &Path) -> bool {
        self.file_mut(path).locked.existed
    }

    /// The content the (already opened) file at `path` will have.
    pub fn content(&mut self, path: &Path) -> &str {
        &self.file_mut(path).new
    }

    /// What a run would change, file by file, for `--dry-run`: where each token goes, the old
    /// value and the new token, both shortened. Built from what the edits found, never from the
    /// files' text, so no other value of a file (a secret beside the token on the same line, an
    /// API key in the same inline table) can be shown.
    pub fn preview(&self, new_token: impl Fn(Option<&str>) -> String) -> Vec<FilePreview> {
        self.files
            .iter()
            .filter(|f| f.changed())
            .map(|f| FilePreview {
                path: f.path().display().to_string(),
                format: f.format.name(),
                changes: f
                    .done
                    .iter()
                    .flat_map(|d| {
                        let new = new_token(d.client.as_deref());
                        let sites = d.sites.iter().map(move |s| Preview {
                            client: d.client.clone(),
                            line: Some(s.line),
                            server: s.server.clone(),
                            name: d.what.clone(),
                            old: Some(describe_value(&s.token)),
                            // An emptied token (a revoked client's) says so.
                            new: if new.is_empty() {
                                "(empty)".to_string()
                            } else {
                                shorten(&new)
                            },
                        });
                        let added = d.added.then(|| Preview {
                            client: d.client.clone(),
                            line: None,
                            server: None,
                            name: d.what.clone(),
                            old: None,
                            new: shorten(&new_token(d.client.as_deref())),
                        });
                        sites.chain(added)
                    })
                    .filter(|p| p.old.as_deref() != Some(p.new.as_str()))
                    .collect(),
            })
            .collect()
    }

    /// The files that have other hard links and will change: replacing such a file gives its
    /// path a new file, and the other names keep the old content.
    pub fn split_links(&self) -> Vec<(&Path, u64)> {
        self.files
            .iter()
            .filter(|f| f.changed() && f.locked.links() > 1)
            .map(|f| (f.path(), f.locked.links()))
            .collect()
    }

    /// Check everything [`Plan::commit`] would need, writing nothing: for `--dry-run`.
    pub fn check(self, backup: bool) -> Result<()> {
        self.transaction(backup).check()
    }

    /// Write every changed file, all or nothing. Returns the paths written.
    pub fn commit(self, backup: bool) -> Result<Vec<PathBuf>> {
        self.commit_with(backup, None)
    }

    /// As [`Plan::commit`], with `participants` (keyring entries) in the same all-or-nothing
    /// sequence: applied before the files, put back if they fail.
    pub fn commit_with(
        self,
        backup: bool,
        participants: impl IntoIterator<Item = Box<dyn Participant>>,
    ) -> Result<Vec<PathBuf>> {
        let mut tx = self.transaction(backup);
        for p in participants {
            tx.join(p);
        }
        tx.commit()
    }

    fn transaction(self, backup: bool) -> Transaction {
        let mut tx = Transaction::new(backup);
        for mut f in self.files {
            let new = std::mem::take(&mut *f.new).into_bytes();
            tx.add_file(f.locked, new, f.access);
        }
        tx
    }
}

/// One file a dry run would change.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FilePreview {
    pub path: String,
    pub format: &'static str,
    pub changes: Vec<Preview>,
}

/// One value a dry run would set.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Preview {
    /// The client whose token it is, in a roster run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
    /// The line of the value (none for a dotenv line to be added).
    pub line: Option<usize>,
    pub server: Option<String>,
    /// The variable, header or dotenv key.
    pub name: String,
    /// The value there now, shortened (none when the line is added).
    pub old: Option<String>,
    /// The new token, shortened.
    pub new: String,
}

/// An old value as a dry run shows it: a token shortened; anything else (a placeholder, or a
/// secret put there by mistake) only by its length.
pub fn describe_value(value: &str) -> String {
    let parts: Vec<&str> = value.split('.').collect();
    let jwt_like = parts.len() == 3
        && value.starts_with("eyJ")
        && parts.iter().all(|p| {
            p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
    if jwt_like {
        shorten(value)
    } else if value.is_empty() {
        "(empty)".into()
    } else {
        format!("(not a JWT, {} characters)", value.chars().count())
    }
}

/// `eyJhbGciOiJIUzI1NiIs…FtPo`: enough of a token to tell it apart, not enough to use.
pub fn shorten(token: &str) -> String {
    let n = token.chars().count();
    if n <= 16 {
        return token.to_string();
    }
    let head: String = token.chars().take(8).collect();
    let tail: String = token.chars().skip(n - 4).collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortens_like_the_docs_say() {
        assert_eq!(
            shorten("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.x.abcdFtPo"),
            "eyJhbGci…FtPo"
        );
        assert_eq!(shorten("short"), "short");
        assert_eq!(
            shorten("在此粘贴你的令牌在此粘贴你的令牌在此"),
            "在此粘贴你的令牌…令牌在此"
        );
    }

    #[test]
    fn one_file_many_edits_then_commit() {
        let dir = tempfile::tempdir().unwrap();
        let env = dir.path().join(".env");
        std::fs::write(&env, "# tokens\nA=old-token-aaaaaaaaaaaa\n").unwrap();
        let mut plan = Plan::open(&[&env, &env]).unwrap();
        assert_eq!(plan.files.len(), 1);
        plan.edit(
            &env,
            &Edit::SetDotenv("A".into()),
            "new-token-aaaaaaaaaaaa",
            Some("a"),
        )
        .unwrap();
        plan.edit(
            &env,
            &Edit::SetDotenv("B".into()),
            "new-token-bbbbbbbbbbbb",
            Some("b"),
        )
        .unwrap();
        let preview = plan.preview(|client| format!("new-token-{}", client.unwrap().repeat(12)));
        let changes = &preview[0].changes;
        assert_eq!(changes.len(), 2, "{preview:?}");
        assert_eq!(
            changes[0].old.as_deref(),
            Some("(not a JWT, 22 characters)")
        );
        assert_eq!(changes[0].new, "new-toke…aaaa");
        assert_eq!((changes[1].name.as_str(), changes[1].line), ("B", None));
        plan.commit(false).unwrap();
        assert_eq!(
            std::fs::read_to_string(&env).unwrap(),
            "# tokens\nA=new-token-aaaaaaaaaaaa\nB=new-token-bbbbbbbbbbbb\n"
        );
    }

    #[test]
    fn binary_files_are_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("x.json");
        std::fs::write(&bin, [0xff, 0xfe, 0x00]).unwrap();
        let err = Plan::open(&[&bin]).err().unwrap();
        assert!(err.to_string().contains("not UTF-8"), "{err}");
    }
}
