//! Writing the site: into a staging folder beside the output, swapped in only when complete;
//! never touching a folder jobframe did not create.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// One output file: its path relative to the site root (`/`-separated) and its bytes.
pub type SiteFile = (String, Vec<u8>);

/// Marks a folder as jobframe output, which `build` may replace as a whole.
pub const MARKER: &str = ".jobframe-site";
const MARKER_TEXT: &str = "This folder is written by `jobframe build` and replaced as a whole on every build.\n\
Do not keep other files here: they would be removed by the next build.\n";

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(
        "refusing to write the site into `{0}`: it is not empty and was not created by jobframe \
         (no {MARKER} file). Pass an empty or new folder with --out, e.g. --out site"
    )]
    Foreign(PathBuf),
    #[error("refusing to write the site into `{path}`: {why}")]
    Dangerous { path: PathBuf, why: String },
    #[error(
        "another build is writing `{out}` (lock file `{lock}` exists). Wait for it to finish; \
         if no build is running, delete the lock file"
    )]
    Locked { out: PathBuf, lock: PathBuf },
    #[error("cannot write `{path}`: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Folders the output must never be, nor contain: the canon, the theme, the current directory.
pub struct Protected<'a> {
    pub canon: &'a Path,
    pub theme: Option<&'a Path>,
}

/// A site being written: the output is locked, files go into a staging folder beside it, and
/// only `commit` puts them in place. Dropping it without committing removes the staging folder
/// and leaves the previous site exactly as it was.
/// Creates `path` and writes it through `fill`, buffered; returns the size written.
pub fn stream_file(
    path: &Path,
    fill: impl FnOnce(&mut (dyn std::io::Write + Send)) -> std::io::Result<()>,
) -> std::io::Result<u64> {
    let mut file = std::io::BufWriter::new(fs::File::create(path)?);
    fill(&mut file)?;
    let file = file.into_inner().map_err(|error| error.into_error())?;
    Ok(file.metadata()?.len())
}

pub struct Pending {
    out: PathBuf,
    old: PathBuf,
    staging: Staging,
    _lock: Lock,
}

impl Pending {
    /// Checks that `out` may be (re)placed, locks it and creates the staging folder.
    pub fn begin(out: &Path, protected: &Protected<'_>) -> Result<Pending, OutputError> {
        refuse_dangerous(out, protected)?;
        let parent = parent_of(out);
        fs::create_dir_all(&parent).map_err(io(&parent))?;
        let lock = Lock::acquire(out, &sibling(out, "lock"))?;
        check_replaceable(out)?;
        let pid = std::process::id();
        let staging = Staging::create(&sibling(out, &format!("staging-{pid}")))?;
        let marker = staging.path.join(MARKER);
        fs::write(&marker, MARKER_TEXT).map_err(io(&marker))?;
        Ok(Pending {
            out: out.to_path_buf(),
            old: sibling(out, &format!("old-{pid}")),
            staging,
            _lock: lock,
        })
    }

    /// Creates the folders that `files` (root-relative) will be written into, shallowest first.
    /// One thread: creating them in parallel only contends on the filesystem's locks.
    pub fn create_dirs<'a>(
        &self,
        files: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), OutputError> {
        let mut by_depth: BTreeMap<usize, BTreeSet<&str>> = BTreeMap::new();
        for file in files {
            let mut end = file.len();
            while let Some(slash) = file[..end].rfind('/') {
                let dir = &file[..slash];
                if !by_depth
                    .entry(dir.matches('/').count())
                    .or_default()
                    .insert(dir)
                {
                    break;
                }
                end = slash;
            }
        }
        for dir in by_depth.values().flatten() {
            let path = self.staging.path.join(dir);
            match fs::create_dir(&path) {
                Err(error) if error.kind() != std::io::ErrorKind::AlreadyExists => {
                    return Err(io(&path)(error));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Writes one file (its folder must exist, see `create_dirs`).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.staging.path.join(rel);
        fs::write(&path, bytes).map_err(io(&path))
    }

    /// Streams one file (its folder must exist) through `fill`; returns its size in bytes.
    pub fn write_with(
        &self,
        rel: &str,
        fill: impl FnOnce(&mut (dyn std::io::Write + Send)) -> std::io::Result<()>,
    ) -> Result<u64, OutputError> {
        let path = self.staging.path.join(rel);
        stream_file(&path, fill).map_err(io(&path))
    }

    /// Reads back a file written earlier.
    pub fn read(&self, rel: &str) -> Option<Vec<u8>> {
        fs::read(self.staging.path.join(rel)).ok()
    }

    /// Swaps the staging folder in as the output; the old site is removed only afterwards.
    pub fn commit(self) -> Result<(), OutputError> {
        swap_in(&self.staging, &self.out, &self.old)
    }
}

fn parent_of(out: &Path) -> PathBuf {
    match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn refuse_dangerous(out: &Path, protected: &Protected<'_>) -> Result<(), OutputError> {
    let absolute = |path: &Path| {
        fs::canonicalize(path)
            .ok()
            .or_else(|| std::path::absolute(path).ok())
    };
    let Some(out_abs) = absolute(out) else {
        return Ok(());
    };
    let refuse = |why: &str| {
        Err(OutputError::Dangerous {
            path: out.to_path_buf(),
            why: why.to_string(),
        })
    };
    if out_abs.parent().is_none() {
        return refuse("it is the filesystem root");
    }
    if std::env::home_dir().is_some_and(|home| absolute(&home) == Some(out_abs.clone())) {
        return refuse("it is your home folder");
    }
    if std::env::current_dir().ok().and_then(|cwd| absolute(&cwd)) == Some(out_abs.clone()) {
        return refuse("it is the current folder; write into a subfolder such as `site`");
    }
    let folders = [("canon", Some(protected.canon)), ("theme", protected.theme)];
    for (what, path) in folders
        .into_iter()
        .filter_map(|(what, path)| Some((what, path?)))
    {
        if let Some(path) = absolute(path) {
            if path.starts_with(&out_abs) {
                return refuse(&format!("it holds the {what} folder `{}`", path.display()));
            }
            if out_abs.starts_with(&path) {
                return refuse(&format!(
                    "it is inside the {what} folder `{}`",
                    path.display()
                ));
            }
        }
    }
    if out_abs.join(".git").exists() || out_abs.join("Cargo.toml").exists() {
        return refuse("it looks like a repository root");
    }
    Ok(())
}

/// The output may be replaced when it does not exist, is empty, or carries our marker.
fn check_replaceable(out: &Path) -> Result<(), OutputError> {
    match fs::symlink_metadata(out) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(io(out)(error)),
        Ok(meta) if !meta.is_dir() => Err(OutputError::Foreign(out.to_path_buf())),
        Ok(_) if out.join(MARKER).is_file() => Ok(()),
        Ok(_) => {
            let mut entries = fs::read_dir(out).map_err(io(out))?;
            if entries.next().is_none() {
                Ok(())
            } else {
                Err(OutputError::Foreign(out.to_path_buf()))
            }
        }
    }
}

/// An exclusive lock file beside the output, removed when dropped.
struct Lock {
    path: PathBuf,
}

impl Lock {
    fn acquire(out: &Path, path: &Path) -> Result<Lock, OutputError> {
        let create = || {
            fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
        };
        let mut file = match create() {
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                let holder = fs::read_to_string(path)
                    .ok()
                    .and_then(|text| text.trim().parse::<u32>().ok());
                match holder {
                    Some(pid) if !process_alive(pid) => {
                        recover_after_crash(out, pid)?;
                        fs::remove_file(path).map_err(io(path))?;
                        create().map_err(io(path))?
                    }
                    _ => {
                        return Err(OutputError::Locked {
                            out: out.to_path_buf(),
                            lock: path.to_path_buf(),
                        });
                    }
                }
            }
            other => other.map_err(io(path))?,
        };
        let _ = writeln!(file, "{}", std::process::id());
        Ok(Lock {
            path: path.to_path_buf(),
        })
    }
}

/// Whether process `pid` still runs. Where that cannot be known, it is assumed to run, so a
/// lock is never taken from a live build.
fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

/// Tidies what a build that died (power loss, SIGKILL) left beside `out`: its staging folder
/// goes, and if it died between moving the old site aside and moving the new one in, the old
/// site is put back. Only folders carrying jobframe's marker (or empty ones) are removed.
fn recover_after_crash(out: &Path, pid: u32) -> Result<(), OutputError> {
    let (staging, old) = (
        sibling(out, &format!("staging-{pid}")),
        sibling(out, &format!("old-{pid}")),
    );
    if old.is_dir() {
        if out.exists() {
            remove_ours(&old)?;
        } else {
            fs::rename(&old, out).map_err(io(&old))?;
        }
    }
    if staging.is_dir() {
        remove_ours(&staging)?;
    }
    Ok(())
}

fn remove_ours(dir: &Path) -> Result<(), OutputError> {
    let empty = fs::read_dir(dir)
        .map(|mut entries| entries.next().is_none())
        .unwrap_or(false);
    if dir.join(MARKER).is_file() || empty {
        fs::remove_dir_all(dir).map_err(io(dir))?;
    }
    Ok(())
}

/// `.{name}.{suffix}` beside `out` (`name` being the output folder's): its lock file, and the
/// staging and old-site folders of a build.
fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".to_string());
    out.with_file_name(format!(".{name}.{suffix}"))
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// The folder the new site is written into; removed unless it was swapped in.
struct Staging {
    path: PathBuf,
}

impl Staging {
    fn create(path: &Path) -> Result<Staging, OutputError> {
        if path.exists() {
            fs::remove_dir_all(path).map_err(io(path))?;
        }
        fs::create_dir(path).map_err(io(path))?;
        Ok(Staging {
            path: path.to_path_buf(),
        })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.path.exists() {
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}

/// Moves the old site aside, the new one in, then deletes the old one (which carries our marker).
fn swap_in(staging: &Staging, out: &Path, old: &Path) -> Result<(), OutputError> {
    let had_old = out.exists();
    if had_old {
        if old.exists() {
            fs::remove_dir_all(old).map_err(io(old))?;
        }
        fs::rename(out, old).map_err(io(out))?;
    }
    if let Err(error) = fs::rename(&staging.path, out) {
        if had_old {
            let _ = fs::rename(old, out);
        }
        return Err(io(out)(error));
    }
    if had_old {
        fs::remove_dir_all(old).map_err(io(old))?;
    }
    Ok(())
}
