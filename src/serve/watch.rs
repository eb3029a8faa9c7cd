//! Serve mode's rebuilding: debounced change events from the canon and theme folders, with
//! editor noise filtered out, coalesced into one build at a time on a dedicated thread.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use tokio::sync::watch;

use super::live::Status;
use crate::build::{self, BuildError, BuildOptions};
use crate::console::{EXIT_CANON_ERRORS, Report, Reporter, plural, say};

/// Quiet time after the last change before a rebuild: an editor's save (write, rename, chmod)
/// arrives as one batch.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// Builds the site into the served folder and publishes each outcome.
pub struct Builder {
    pub options: BuildOptions,
    /// Set on shutdown: a running build stops at its next page.
    pub stop: Arc<AtomicBool>,
    pub status: watch::Sender<Status>,
}

impl Builder {
    /// Builds once, publishes the outcome and prints one line about it (after the diagnostics,
    /// if it failed). `cause` says what changed, or is empty for the first build.
    pub fn build(&self, cause: &str) -> Result<(), BuildError> {
        let shown = self.options.canon.to_string_lossy();
        let result = build::build(&self.options, &build::Silent, &self.stop);
        match &result {
            Err(BuildError::Interrupted) => return result.map(drop),
            Ok(_) => self
                .status
                .send_modify(|status| *status = status.succeeded()),
            Err(_) => {}
        }
        let serving = match &result {
            Ok(_) => "",
            Err(_) if self.status.borrow().has_site => "; serving the last good site",
            Err(error) if error.exit_code() == EXIT_CANON_ERRORS => {
                "; pages show the errors until they are fixed"
            }
            Err(_) => "",
        };
        let report = Report::of(&result, &shown, &Reporter::Serve { cause, serving });
        if result.is_err() {
            let lines = report.details.clone();
            self.status
                .send_modify(|status| *status = status.failed(lines));
        }
        report.print();
        result.map(drop)
    }
}

/// The watcher and the thread that rebuilds; `stop` ends both.
pub struct Watching {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    thread: JoinHandle<()>,
}

/// A watched folder: where it really is, and how to name the files in it.
pub struct Root {
    pub real: PathBuf,
    pub shown: PathBuf,
}

/// Watches `roots` recursively and rebuilds after each batch of relevant changes. Changes that
/// arrive during a build are coalesced into one follow-up build.
pub fn start(builder: Arc<Builder>, roots: Vec<Root>) -> anyhow::Result<Watching> {
    let (changes, received) = mpsc::channel::<Vec<PathBuf>>();
    let reals: Vec<PathBuf> = roots.iter().map(|root| root.real.clone()).collect();
    let mut debouncer =
        new_debouncer(
            DEBOUNCE,
            None,
            move |result: DebounceEventResult| match result {
                Ok(events) => {
                    let paths: Vec<PathBuf> = events
                        .iter()
                        .filter(|event| !matches!(event.kind, EventKind::Access(_)))
                        .flat_map(|event| event.paths.iter())
                        .filter(|path| relevant(path, &reals))
                        .cloned()
                        .collect();
                    if !paths.is_empty() {
                        let _ = changes.send(paths);
                    }
                }
                Err(errors) => {
                    for error in errors {
                        say!("warning: watching for changes: {error}");
                    }
                }
            },
        )?;
    for root in &roots {
        debouncer
            .watch(&root.real, RecursiveMode::Recursive)
            .map_err(|error| anyhow::anyhow!("cannot watch `{}`: {error}", root.shown.display()))?;
    }
    let thread = std::thread::Builder::new()
        .name("jobframe-rebuild".to_string())
        .spawn(move || {
            while let Ok(mut changed) = received.recv() {
                changed.extend(received.try_iter().flatten());
                if builder.stop.load(Ordering::Relaxed) {
                    break;
                }
                // A failure was printed and published; the server goes on either way.
                let _ = builder.build(&cause(&changed, &roots));
            }
        })?;
    Ok(Watching { debouncer, thread })
}

impl Watching {
    /// Stops watching and waits for the rebuild thread (the caller sets `Builder::stop` first,
    /// so a running build ends at its next page).
    pub fn stop(self) {
        drop(self.debouncer);
        let _ = self.thread.join();
    }
}

/// ` (canon/sales/foo.yaml changed)`, or ` (3 files changed)`.
fn cause(changed: &[PathBuf], roots: &[Root]) -> String {
    let mut unique: Vec<&PathBuf> = changed.iter().collect();
    unique.sort();
    unique.dedup();
    match unique.as_slice() {
        [one] => {
            let shown = roots
                .iter()
                .find_map(|root| Some(root.shown.join(one.strip_prefix(&root.real).ok()?)))
                .unwrap_or_else(|| one.to_path_buf());
            format!(" ({} changed)", shown.display())
        }
        many => format!(" ({} changed)", plural(many.len(), "file")),
    }
}

/// Whether a change to `path` should trigger a rebuild: it lies inside one of `roots` and no part
/// of it below the root is hidden (`.git/`, `.#foo.yaml`) or an editor's temporary or backup file.
fn relevant(path: &Path, roots: &[PathBuf]) -> bool {
    let Some(inside) = roots.iter().find_map(|root| path.strip_prefix(root).ok()) else {
        return false;
    };
    inside.components().all(|component| match component {
        Component::Normal(name) => !is_editor_noise(&name.to_string_lossy()),
        _ => false,
    })
}

/// Vim swap files and its `4913` write probe, Emacs lock and auto-save files, backups, temp files.
fn is_editor_noise(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swx", ".swo", ".tmp", ".bak"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_noise_is_ignored_and_canon_files_are_not() {
        let roots = [PathBuf::from("/w/.tmp1/canon")];
        let yes = |p: &str| relevant(Path::new(p), &roots);
        assert!(yes("/w/.tmp1/canon/sales/account-executive.yaml"));
        assert!(yes("/w/.tmp1/canon/canon.yaml"));
        assert!(yes("/w/.tmp1/canon/sales"));
        for noise in [
            "/w/.tmp1/canon/sales/.account-executive.yaml.swp",
            "/w/.tmp1/canon/sales/account-executive.yaml.swx",
            "/w/.tmp1/canon/sales/account-executive.yaml~",
            "/w/.tmp1/canon/sales/.#account-executive.yaml",
            "/w/.tmp1/canon/sales/#account-executive.yaml#",
            "/w/.tmp1/canon/sales/4913",
            "/w/.tmp1/canon/sales/x.yaml.tmp",
            "/w/.tmp1/canon/.git/index",
            "/w/.tmp1/site/index.html",
            "/elsewhere/canon.yaml",
        ] {
            assert!(!yes(noise), "{noise}");
        }
    }

    #[test]
    fn the_cause_names_one_file_by_its_shown_path_or_counts_them() {
        let roots = [Root {
            real: PathBuf::from("/abs/canon"),
            shown: PathBuf::from("canon"),
        }];
        let one = [
            PathBuf::from("/abs/canon/sales/a.yaml"),
            PathBuf::from("/abs/canon/sales/a.yaml"),
        ];
        assert_eq!(cause(&one, &roots), " (canon/sales/a.yaml changed)");
        let two = [
            PathBuf::from("/abs/canon/a.yaml"),
            PathBuf::from("/abs/canon/b.yaml"),
        ];
        assert_eq!(cause(&two, &roots), " (2 files changed)");
    }
}
