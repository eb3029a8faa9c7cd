//! The terminal: exit codes, counts and sizes in words, the progress bar, and the one report of
//! a build's outcome that `build` and `serve` both print.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::build::{BuildError, BuildReport, Progress};

/// Exit status for success (warnings allowed).
pub const EXIT_OK: u8 = 0;
/// Exit status for errors in the canon or the theme.
pub const EXIT_CANON_ERRORS: u8 = 1;
/// Exit status for usage mistakes and I/O failures.
pub const EXIT_USAGE_OR_IO: u8 = 2;
/// `jobframe diff`: the canons differ (as `diff(1)` exits 1).
pub const EXIT_DIFFERENCES: u8 = 1;
/// Exit status after Ctrl-C or SIGTERM, as shells report a SIGINT death (128 + 2).
pub const EXIT_INTERRUPTED: u8 = 130;

impl BuildError {
    /// Problems in the canon or theme, usage and I/O problems, or an interruption.
    pub fn exit_code(&self) -> u8 {
        match self {
            BuildError::Canon(_)
            | BuildError::Theme(_)
            | BuildError::Render(_)
            | BuildError::Links(_)
            | BuildError::TimedOut(_) => EXIT_CANON_ERRORS,
            BuildError::Load(_)
            | BuildError::Output(_)
            | BuildError::Export(_)
            | BuildError::Previous(_)
            | BuildError::WriterStopped => EXIT_USAGE_OR_IO,
            BuildError::Interrupted => EXIT_INTERRUPTED,
        }
    }
}

/// Prints a line on stderr, ignoring failure: a closed stderr (a terminal gone, a pipe into
/// `head`) must not stop a build or the server's rebuilds, as `eprintln!` would by panicking.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
pub(crate) use say;

/// `1 page`, `2 pages`.
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else if let Some(stem) = noun.strip_suffix('y')
        && !stem.ends_with(['a', 'e', 'o', 'u'])
    {
        format!("{count} {stem}ies")
    } else {
        format!("{count} {noun}s")
    }
}

/// Human-readable byte count.
pub fn human_bytes(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / (1 << 20) as f64),
        b if b >= 1 << 10 => format!("{:.0} KB", b as f64 / (1 << 10) as f64),
        b => format!("{b} B"),
    }
}

/// Who is reporting a build, which decides the summary line's form.
pub enum Reporter<'a> {
    /// `jobframe build`: the full summary, naming the output folder.
    Build { out: &'a std::path::Path },
    /// `jobframe serve`: one short line per (re)build; `cause` says what changed (empty for the
    /// first build) and `serving` what readers see meanwhile when it failed.
    Serve { cause: &'a str, serving: &'a str },
}

/// A build's outcome as printed: first its details (warnings, or the diagnostics and errors),
/// then one summary line.
pub struct Report {
    pub details: Vec<String>,
    pub summary: String,
}

impl Report {
    /// The report of `result`; `canon` is the canon folder as the user named it, prefixed to
    /// every diagnostic's file.
    pub fn of(result: &Result<BuildReport, BuildError>, canon: &str, by: &Reporter<'_>) -> Report {
        match result {
            Ok(report) => Report {
                details: report.warnings.iter().map(|w| w.render(canon)).collect(),
                summary: success_line(report, by),
            },
            Err(error) => failure(error, canon, by),
        }
    }

    /// Prints the details, then the summary, on stderr.
    pub fn print(&self) {
        for line in &self.details {
            say!("{line}");
        }
        say!("{}", self.summary);
    }
}

fn success_line(report: &BuildReport, by: &Reporter<'_>) -> String {
    match by {
        Reporter::Build { out } => {
            let mut line = format!(
                "built {} and {} ({}) from {} in {:.2} s into {}; search: {} files, first result needs {} gzip",
                plural(report.pages, "page"),
                plural(report.documents, "profile document"),
                human_bytes(report.bytes),
                plural(report.profiles, "profile"),
                report.elapsed.as_secs_f64(),
                out.display(),
                report.search_files,
                human_bytes(report.search_first_result_bytes),
            );
            if report.pay_withheld {
                line.push_str("; pay left out");
            }
            if !report.warnings.is_empty() {
                let _ = write!(line, "; {}", plural(report.warnings.len(), "warning"));
            }
            line
        }
        Reporter::Serve { cause, .. } => format!(
            "{} {} in {:.2} s{cause}",
            if cause.is_empty() { "built" } else { "rebuilt" },
            plural(report.pages, "page"),
            report.elapsed.as_secs_f64(),
        ),
    }
}

fn failure(error: &BuildError, canon: &str, by: &Reporter<'_>) -> Report {
    let diagnostics: Vec<String> = match error {
        BuildError::Canon(diagnostics) => diagnostics.iter().map(|d| d.render(canon)).collect(),
        _ => Vec::new(),
    };
    match by {
        Reporter::Build { .. } => Report {
            details: diagnostics,
            summary: format!("error: {error}"),
        },
        Reporter::Serve { cause, serving } => Report {
            details: if diagnostics.is_empty() {
                error.to_string().lines().map(str::to_string).collect()
            } else {
                diagnostics
            },
            summary: format!("build failed{cause}: {error}{serving}"),
        },
    }
}

/// A progress bar on stderr that appears only once a build has run for a second.
pub struct Bar {
    bar: indicatif::ProgressBar,
    started: Instant,
    shown: AtomicBool,
}

impl Bar {
    pub fn new() -> Bar {
        let bar = indicatif::ProgressBar::hidden();
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} rendering {pos}/{len} pages {wide_bar} {eta}",
            )
            .expect("static template"),
        );
        Bar {
            bar,
            started: Instant::now(),
            shown: AtomicBool::new(false),
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Default for Bar {
    fn default() -> Self {
        Bar::new()
    }
}

impl Progress for Bar {
    fn start(&self, pages: usize) {
        self.bar.set_length(pages as u64);
    }

    fn page_done(&self) {
        self.bar.inc(1);
        if self.started.elapsed() > Duration::from_secs(1)
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_sizes_read_as_words() {
        assert_eq!(plural(1, "page"), "1 page");
        assert_eq!(plural(0, "page"), "0 pages");
        assert_eq!(plural(2, "family"), "2 families");
        assert_eq!(plural(1, "family"), "1 family");
        assert_eq!(plural(3, "key"), "3 keys");
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(37 * 1024), "37 KB");
        assert_eq!(human_bytes(5_976_883), "5.7 MB");
    }
}
