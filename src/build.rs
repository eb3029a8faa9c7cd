//! `jobframe build`: load → validate → plan → render in parallel → verify links → write atomically.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::canon::model::Canon;
use crate::diagnostics::Diagnostic;
use crate::output::{self, Protected, SiteFile};
use crate::render::{self, Theme};
use crate::site::{self, search};
use crate::{linkcheck, load};

pub struct BuildOptions {
    pub canon: PathBuf,
    /// A theme folder, or `None` for the built-in theme.
    pub theme: Option<PathBuf>,
    pub out: PathBuf,
}

/// What a successful build wrote.
#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub bytes: u64,
    pub profiles: usize,
    pub search_files: usize,
    /// Gzip bytes a reader downloads before the first search result, at the worst.
    pub search_first_result_bytes: u64,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Load(#[from] load::LoadError),
    #[error("the canon has {} error{}; nothing was written", .0.iter().filter(|d| d.is_error()).count(), if .0.iter().filter(|d| d.is_error()).count() == 1 { "" } else { "s" })]
    Canon(Vec<Diagnostic>),
    #[error(transparent)]
    Theme(#[from] render::ThemeError),
    #[error("template error in {0}; nothing was written")]
    Render(String),
    #[error("{} broken internal link{}; nothing was written:\n{}", .0.len(), if .0.len() == 1 { "" } else { "s" }, .0.iter().map(|b| format!("  {}: `{}`: {}", b.page, b.link, b.reason)).collect::<Vec<_>>().join("\n"))]
    Links(Vec<linkcheck::BrokenLink>),
    #[error(transparent)]
    Output(#[from] output::OutputError),
    #[error("the output writer stopped early")]
    WriterStopped,
    #[error("interrupted; the previous site was left as it was")]
    Interrupted,
}

impl BuildError {
    /// 1 for problems in the canon or theme, 2 for usage and I/O problems.
    pub fn exit_code(&self) -> u8 {
        match self {
            BuildError::Canon(_)
            | BuildError::Theme(_)
            | BuildError::Render(_)
            | BuildError::Links(_) => 1,
            BuildError::Load(_) | BuildError::Output(_) | BuildError::WriterStopped => 2,
            BuildError::Interrupted => 130,
        }
    }
}

/// Builds the site. `progress` is told how many pages there are, then called once per page.
/// When `stop` becomes true (Ctrl-C, SIGTERM) the build ends with `Interrupted` at the next
/// page, leaving the previous site as it was.
pub fn build(
    options: &BuildOptions,
    progress: &dyn Progress,
    stop: &AtomicBool,
) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let checked = load::check(&options.canon)?;
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
        checked.diagnostics.into_iter().partition(|d| d.is_error());
    if !errors.is_empty() {
        return Err(BuildError::Canon(errors));
    }
    let theme = match &options.theme {
        Some(dir) => Theme::load(dir)?,
        None => Theme::builtin()?,
    };
    let protected = Protected {
        canon: &options.canon,
        theme: options.theme.as_deref(),
    };
    let guard = Guard {
        stop,
        fault: Fault::from_env(),
        pages: AtomicUsize::new(0),
    };
    guard.check()?;
    let pending = output::Pending::begin(&options.out, &protected)?;
    let written = write_site(&checked.canon, &theme, &pending, progress, &guard)?;
    guard.check()?;
    pending.commit()?;
    Ok(BuildReport {
        pages: written.pages,
        bytes: written.bytes,
        profiles: checked.canon.profile_count(),
        search_files: written.search_files,
        search_first_result_bytes: written.search_first_result_bytes,
        warnings,
        elapsed: started.elapsed(),
    })
}

/// Per-page checks of the render loop: an atomic load for interruption, and the test fault.
struct Guard<'a> {
    stop: &'a AtomicBool,
    fault: Option<Fault>,
    pages: AtomicUsize,
}

impl Guard<'_> {
    fn check(&self) -> Result<(), BuildError> {
        if self.stop.load(Ordering::Relaxed) {
            Err(BuildError::Interrupted)
        } else {
            Ok(())
        }
    }

    fn page(&self, file: &str) -> Result<(), BuildError> {
        self.check()?;
        let done = self.pages.fetch_add(1, Ordering::Relaxed) + 1;
        match self.fault {
            Some(Fault::WriteError(after)) if done == after => {
                Err(BuildError::Output(output::OutputError::Io {
                    path: PathBuf::from(file),
                    source: std::io::Error::other(format!("injected by {FAULT_VARIABLE}")),
                }))
            }
            Some(Fault::Panic(after)) if done == after => panic!("injected by {FAULT_VARIABLE}"),
            Some(Fault::Pause(after)) if done == after => {
                // Holds the build mid-write until it is interrupted (or a minute passes).
                let until = Instant::now() + Duration::from_secs(60);
                while !self.stop.load(Ordering::Relaxed) && Instant::now() < until {
                    std::thread::sleep(Duration::from_millis(10));
                }
                self.check()
            }
            _ => Ok(()),
        }
    }
}

/// Test hook: `JOBFRAME_TEST_FAULT=write-error:N` fails the write of the N-th page,
/// `panic:N` panics there, `pause:N` waits there for a signal. Lets the tests prove that a
/// failed or interrupted build leaves nothing behind.
const FAULT_VARIABLE: &str = "JOBFRAME_TEST_FAULT";

#[derive(Debug, Clone, Copy)]
enum Fault {
    WriteError(usize),
    Panic(usize),
    Pause(usize),
}

impl Fault {
    fn from_env() -> Option<Fault> {
        let value = std::env::var(FAULT_VARIABLE).ok()?;
        let (kind, after) = value.split_once(':')?;
        let after = after.parse().ok()?;
        match kind {
            "write-error" => Some(Fault::WriteError(after)),
            "panic" => Some(Fault::Panic(after)),
            "pause" => Some(Fault::Pause(after)),
            _ => None,
        }
    }
}

/// Rendered pages waiting for the writer thread: enough to keep it busy, few enough to bound
/// memory (pages average tens of KB).
const WRITE_QUEUE: usize = 256;

/// Receives build progress; implementations must be cheap and lock-free per call.
pub trait Progress: Sync {
    fn start(&self, pages: usize);
    fn page_done(&self);
}

/// No progress display.
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _: usize) {}
    fn page_done(&self) {}
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

struct Written {
    pages: usize,
    bytes: u64,
    search_files: usize,
    search_first_result_bytes: u64,
}

/// Writes every file of the site into `pending`: the files known up front (assets, search index,
/// robots.txt, sitemap.xml), then each page as soon as it is rendered and its links checked.
fn write_site(
    canon: &Canon,
    theme: &Theme,
    pending: &output::Pending,
    progress: &dyn Progress,
    guard: &Guard<'_>,
) -> Result<Written, BuildError> {
    // Pages render on every core while one thread writes: parallel file creation only makes
    // the filesystem's inode allocator spin on its locks (measured: 2.3x the kernel time).
    let (queue, received) = std::sync::mpsc::sync_channel::<SiteFile>(WRITE_QUEUE);
    let (written, produced) = std::thread::scope(|scope| {
        let writer = scope.spawn(move || {
            received
                .into_iter()
                .try_for_each(|(path, bytes)| pending.write(&path, &bytes))
        });
        let prepare =
            |files: &HashSet<String>| Ok(pending.create_dirs(files.iter().map(String::as_str))?);
        let emit = |file: SiteFile| queue.send(file).map_err(|_| BuildError::WriterStopped);
        let produced = produce(canon, theme, progress, guard, prepare, emit);
        drop(queue);
        (writer.join(), produced)
    });
    // A write error stops the writer, and with it the rendering: report the write error.
    written.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
    let produced = produced?;
    let read = |path: &str| pending.read(path);
    produced.finish(&read)
}

/// Renders the whole site into memory, with the same checks as `build`: for tools, property
/// tests and fuzzing. Returns the files sorted by path.
pub fn render_in_memory(canon: &Canon, theme: &Theme) -> Result<Vec<SiteFile>, BuildError> {
    let stop = AtomicBool::new(false);
    let guard = Guard {
        stop: &stop,
        fault: None,
        pages: AtomicUsize::new(0),
    };
    let (queue, received) = std::sync::mpsc::channel::<SiteFile>();
    let emit = |file: SiteFile| queue.send(file).map_err(|_| BuildError::WriterStopped);
    let produced = produce(canon, theme, &Silent, &guard, |_| Ok(()), emit)?;
    drop(queue);
    let mut files: Vec<SiteFile> = received.into_iter().collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let read = |path: &str| {
        let at = files.binary_search_by(|(p, _)| p.as_str().cmp(path)).ok()?;
        Some(files[at].1.clone())
    };
    produced.finish(&read)?;
    Ok(files)
}

/// What rendering found, before the cross-page anchors are checked.
struct Produced {
    written: Written,
    search_bytes: u64,
    broken: Vec<linkcheck::BrokenLink>,
    anchors: Vec<linkcheck::AnchorLink>,
}

impl Produced {
    /// Checks links to anchors on other pages (reading those pages back) and completes the
    /// report with the search page's size.
    fn finish(mut self, read: &dyn Fn(&str) -> Option<Vec<u8>>) -> Result<Written, BuildError> {
        let as_text =
            |path: &str| read(path).map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
        self.broken
            .extend(linkcheck::check_anchors(&self.anchors, as_text));
        if !self.broken.is_empty() {
            return Err(BuildError::Links(self.broken));
        }
        let search_page = format!("{}{}", site::SEARCH_DIR, site::INDEX);
        let search_page_bytes = read(&search_page).map_or(0, |html| gzip_len(&html));
        self.written.search_first_result_bytes = self.search_bytes + search_page_bytes;
        Ok(self.written)
    }
}

/// Produces every file of the site and hands each to `emit`: the files known up front (assets,
/// search index, robots.txt, sitemap.xml), then each page as soon as it is rendered and its
/// links checked. `prepare` is first told every path that will be emitted.
fn produce(
    canon: &Canon,
    theme: &Theme,
    progress: &dyn Progress,
    guard: &Guard<'_>,
    prepare: impl FnOnce(&HashSet<String>) -> Result<(), BuildError>,
    emit: impl Fn(SiteFile) -> Result<(), BuildError> + Sync,
) -> Result<Produced, BuildError> {
    let pages = site::plan(canon);
    progress.start(pages.len());
    let (assets, mut files) = render::hashed_assets(theme);
    let search = search::build(canon, &search_docs(canon));
    let search_files = search.files.len();
    let search_bytes = search_index_bytes(&files, &search);
    files.extend(search.files);
    files.push((
        "robots.txt".to_string(),
        site::robots_txt(canon).into_bytes(),
    ));
    if let Some(sitemap) = site::sitemap_xml(canon, &pages) {
        files.push(("sitemap.xml".to_string(), sitemap.into_bytes()));
    }
    let all: HashSet<String> = pages
        .iter()
        .map(|page| page.file.clone())
        .chain(files.iter().map(|(path, _)| path.clone()))
        .collect();
    prepare(&all)?;
    let mut bytes: u64 = files.iter().map(|(_, bytes)| bytes.len() as u64).sum();
    for file in files {
        emit(file)?;
    }
    let checker = linkcheck::Checker::new(&all);
    let reports = render::render_pages(
        canon,
        &pages,
        theme,
        &assets,
        &search.manifest,
        |page, html| {
            guard.page(&page.file)?;
            let report = checker.check_page(&page.file, &html);
            let size = html.len() as u64;
            emit((page.file.clone(), html.into_bytes()))?;
            progress.page_done();
            Ok::<_, BuildError>((report, size))
        },
    )?;
    let mut broken = Vec::new();
    let mut anchors = Vec::new();
    for (report, size) in reports {
        bytes += size;
        broken.extend(report.broken);
        anchors.extend(report.anchors);
    }
    Ok(Produced {
        written: Written {
            pages: pages.len(),
            bytes,
            search_files,
            search_first_result_bytes: 0,
        },
        search_bytes,
        broken,
        anchors,
    })
}

impl From<render::RenderError> for BuildError {
    fn from(error: render::RenderError) -> Self {
        BuildError::Render(error.0)
    }
}

fn search_docs(canon: &Canon) -> Vec<search::SearchDoc<'_>> {
    canon
        .families
        .iter()
        .enumerate()
        .flat_map(|(f, family)| {
            family.roles.iter().flat_map(move |role| {
                role.profiles.iter().map(move |profile| search::SearchDoc {
                    t: role.profile_title(profile),
                    u: format!(
                        "{}{}",
                        site::profile_dir(family, role, profile),
                        site::INDEX
                    ),
                    i: role.profile_id(family, profile),
                    f,
                    l: &profile.level,
                    r: &role.name,
                    n: search::profile_lines(profile)
                        .into_iter()
                        .map(|line| (line.anchor, line.text))
                        .collect(),
                })
            })
        })
        .collect()
}

/// Gzip bytes a reader downloads, at the worst, to see a first search result, apart from the
/// search page itself: the theme's script and stylesheet, the manifest, the largest term shard
/// and the largest document shard (largest by raw size; compressed sizes follow them closely).
fn search_index_bytes(assets: &[SiteFile], search: &search::SearchFiles) -> u64 {
    let largest = |prefix: &str| {
        search
            .files
            .iter()
            .filter(|(path, _)| path.starts_with(prefix))
            .max_by_key(|(_, bytes)| bytes.len())
            .map_or(0, |(_, bytes)| gzip_len(bytes))
    };
    let manifest = search
        .files
        .iter()
        .find(|(path, _)| *path == search.manifest)
        .map_or(0, |(_, bytes)| gzip_len(bytes));
    let scripts_and_styles: u64 = assets
        .iter()
        .filter(|(path, _)| path.ends_with(".js") || path.ends_with(".css"))
        .map(|(_, bytes)| gzip_len(bytes))
        .sum();
    scripts_and_styles + manifest + largest("search/t-") + largest("search/d-")
}

fn gzip_len(bytes: &[u8]) -> u64 {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory").len() as u64
}

/// Human-readable byte count.
pub fn human_bytes(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / (1 << 20) as f64),
        b if b >= 1 << 10 => format!("{:.0} KB", b as f64 / (1 << 10) as f64),
        b => format!("{b} B"),
    }
}
