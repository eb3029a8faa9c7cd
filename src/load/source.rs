//! Where a canon is read from: a folder, or a revision of the Git repository the command runs
//! in (`git:REV[:PATH]`), read through the `git` command.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use super::{Checked, EntryKind, Listed, LoadError, Walk};

/// The folder a `git:REV` source reads when it names no path.
pub const DEFAULT_GIT_PATH: &str = "canon";

/// One side of a comparison, or the previous release of a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CanonSource {
    Folder(PathBuf),
    /// `git:REV[:PATH]`: the folder `path` of commit `rev`.
    Git {
        rev: String,
        path: String,
    },
}

/// A canon that could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error(
        "canon folder `{0}` does not exist; name the folder that holds canon.yaml, or a Git revision as git:REV[:PATH]"
    )]
    Missing(PathBuf),
    #[error(transparent)]
    Folder(LoadError),
    #[error("{0}")]
    Git(String),
}

impl CanonSource {
    /// `git:REV`, `git:REV:PATH`, or a folder.
    pub fn parse(text: &str) -> Result<CanonSource, String> {
        let Some(spec) = text.strip_prefix("git:") else {
            return Ok(CanonSource::Folder(PathBuf::from(text)));
        };
        let (rev, path) = spec.split_once(':').unwrap_or((spec, DEFAULT_GIT_PATH));
        let path = path.trim_matches('/');
        if rev.is_empty() {
            return Err(format!(
                "`{text}` names no revision: write git:REV or git:REV:PATH, e.g. git:HEAD or git:origin/main:canon"
            ));
        }
        if rev.starts_with('-') {
            return Err(format!("`{rev}` is not a revision (it starts with `-`)"));
        }
        Ok(CanonSource::Git {
            rev: rev.to_string(),
            path: path.to_string(),
        })
    }

    /// Reads and checks the canon.
    pub fn read(&self) -> Result<Checked, SourceError> {
        match self {
            CanonSource::Folder(dir) => super::check(dir).map_err(|error| match error {
                LoadError::Missing(dir) => SourceError::Missing(dir),
                other => SourceError::Folder(other),
            }),
            CanonSource::Git { rev, path } => read_git(rev, path).map_err(SourceError::Git),
        }
    }
}

/// The folder, or `git:REV:PATH`: how messages name the source, and the prefix of its diagnostics.
impl fmt::Display for CanonSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CanonSource::Folder(dir) => write!(f, "{}", dir.display()),
            CanonSource::Git { rev, path } if path.is_empty() => write!(f, "git:{rev}:"),
            CanonSource::Git { rev, path } => write!(f, "git:{rev}:{path}"),
        }
    }
}

/// Runs `git` with `args` in the current folder and returns its standard output.
fn git(args: &[&str]) -> Result<Vec<u8>, String> {
    let output = Command::new("git")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("cannot run `git` (needed to read a git: canon): {error}"))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_string())
    }
}

fn read_git(rev: &str, path: &str) -> Result<Checked, String> {
    let spec = format!("{rev}^{{commit}}");
    let commit = git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        "--end-of-options",
        &spec,
    ])
    .map_err(|why| {
        let here = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        if why.contains("not a git repository") {
            return format!(
                "cannot read git:{rev}: {} is not inside a Git repository; run jobframe from \
                 the canon's repository, or compare two folders",
                here.display()
            );
        }
        let why = if why.is_empty() {
            "unknown revision".to_string()
        } else {
            why
        };
        format!(
            "cannot read git:{rev}: `{rev}` is not a commit of the Git repository at {} ({why}); \
                 try a branch, a tag or a commit such as HEAD, origin/main or v2026.1",
            here.display()
        )
    })?;
    let commit = String::from_utf8_lossy(&commit).trim().to_string();
    let tree = if path.is_empty() {
        commit.clone()
    } else {
        format!("{commit}:{path}")
    };
    let kind = git(&["cat-file", "-t", &tree]).unwrap_or_default();
    if String::from_utf8_lossy(&kind).trim() != "tree" {
        return Err(format!(
            "cannot read git:{rev}:{path}: commit {} has no folder `{path}`; name the canon folder \
             after a second colon, e.g. git:{rev}:canon",
            &commit[..commit.len().min(12)]
        ));
    }
    let listing = git(&["ls-tree", "-r", "-t", "-z", &tree])?;
    let (found, objects) = list_tree(&listing);
    let listed = Listed::new(&found.files, &found.family_dirs, found.diagnostics);
    let wanted: Vec<(&str, &str)> = listed
        .wanted()
        .filter_map(|rel| objects.get(rel).map(|oid| (rel, oid.as_str())))
        .collect();
    let blobs = cat_blobs(&wanted)?;
    Ok(listed.check(blobs))
}

/// The files, family folders and problems of a `git ls-tree -r -t -z` listing, read by the
/// rules of reading a folder (hidden entries skipped, nothing below a family folder's files),
/// and each file's object id.
fn list_tree(listing: &[u8]) -> (Walk, BTreeMap<String, String>) {
    let mut found = Walk {
        files: Vec::new(),
        family_dirs: Vec::new(),
        diagnostics: Vec::new(),
    };
    let mut objects = BTreeMap::new();
    for record in listing.split(|&b| b == 0).filter(|r| !r.is_empty()) {
        let record = String::from_utf8_lossy(record);
        let Some((meta, rel)) = record.split_once('\t') else {
            continue;
        };
        let fields: Vec<&str> = meta.split(' ').collect();
        let [mode, kind, oid] = fields[..] else {
            continue;
        };
        let depth = rel.split('/').count();
        if !super::listed_at(rel, depth) || rel.split('/').any(|part| part.starts_with('.')) {
            continue;
        }
        let kind = match (kind, mode) {
            ("tree", _) => EntryKind::Folder,
            ("blob", "120000") => EntryKind::Symlink,
            ("blob", _) => {
                objects.insert(rel.to_string(), oid.to_string());
                EntryKind::File
            }
            _ => continue,
        };
        found.add(rel.to_string(), depth, kind);
    }
    found.files.sort();
    found.family_dirs.sort();
    (found, objects)
}

/// Every wanted blob's bytes, through one `git cat-file --batch`.
fn cat_blobs(wanted: &[(&str, &str)]) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let mut child = Command::new("git")
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot run `git cat-file`: {error}"))?;
    let mut stdin = child.stdin.take().ok_or("git cat-file has no input")?;
    let request: String = wanted.iter().map(|(_, oid)| format!("{oid}\n")).collect();
    // Written from another thread: git answers while it reads, and both pipes can fill up.
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let stdout = child.stdout.take().ok_or("git cat-file has no output")?;
    let mut reader = BufReader::new(stdout);
    let mut blobs = BTreeMap::new();
    for (rel, _) in wanted {
        let mut header = String::new();
        reader
            .read_line(&mut header)
            .map_err(|error| format!("cannot read from git cat-file: {error}"))?;
        let size = header
            .trim_end()
            .rsplit(' ')
            .next()
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or_else(|| format!("git cat-file could not read `{rel}`: {}", header.trim()))?;
        let mut content = vec![0; size + 1];
        reader
            .read_exact(&mut content)
            .map_err(|error| format!("cannot read `{rel}` from git cat-file: {error}"))?;
        content.pop();
        blobs.insert((*rel).to_string(), content);
    }
    let _ = writer.join();
    let status = child
        .wait()
        .map_err(|error| format!("git cat-file: {error}"))?;
    if !status.success() {
        return Err(format!("git cat-file failed ({status})"));
    }
    Ok(blobs)
}
