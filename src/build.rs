//! `jobframe build`: load → validate → plan → render in parallel → verify links → write atomically.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::canon::model::Canon;
use crate::diagnostics::Diagnostic;
use crate::output::{self, Protected};
use crate::render::{self, Theme};
use crate::site::{self, search};
use crate::{linkcheck, load};

pub struct BuildOptions {
    pub canon: PathBuf,
    pub theme: PathBuf,
    pub out: PathBuf,
}

/// What a successful build wrote.
#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
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
}

impl BuildError {
    /// 1 for problems in the canon or theme, 2 for usage and I/O problems.
    pub fn exit_code(&self) -> u8 {
        match self {
            BuildError::Canon(_)
            | BuildError::Theme(_)
            | BuildError::Render(_)
            | BuildError::Links(_) => 1,
            BuildError::Load(_) | BuildError::Output(_) => 2,
        }
    }
}

/// Builds the site. `progress` is told how many pages there are, then called once per page.
pub fn build(options: &BuildOptions, progress: &dyn Progress) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let checked = load::check(&options.canon)?;
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
        checked.diagnostics.into_iter().partition(|d| d.is_error());
    if !errors.is_empty() {
        return Err(BuildError::Canon(errors));
    }
    let theme = Theme::load(&options.theme)?;
    let site = render_files(&checked.canon, &theme, progress)?;
    let index: BTreeMap<&str, &[u8]> = site
        .files
        .iter()
        .map(|(path, bytes)| (path.as_str(), bytes.as_slice()))
        .collect();
    let broken = linkcheck::check(&index);
    if !broken.is_empty() {
        return Err(BuildError::Links(broken));
    }
    let protected = Protected {
        canon: &options.canon,
        theme: &options.theme,
    };
    output::write_site(&options.out, &site.files, &protected)?;
    Ok(BuildReport {
        pages: site.pages,
        files: site.files.len() + 1,
        bytes: site.files.iter().map(|(_, bytes)| bytes.len() as u64).sum(),
        profiles: checked.canon.profile_count(),
        search_files: site.search_files,
        search_first_result_bytes: site.search_first_result_bytes,
        warnings,
        elapsed: started.elapsed(),
    })
}

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

struct SiteFiles {
    files: Vec<(String, Vec<u8>)>,
    pages: usize,
    search_files: usize,
    search_first_result_bytes: u64,
}

/// Every file of the site in memory, sorted by path.
fn render_files(
    canon: &Canon,
    theme: &Theme,
    progress: &dyn Progress,
) -> Result<SiteFiles, BuildError> {
    let pages = site::plan(canon);
    progress.start(pages.len());
    let docs = search_docs(canon);
    let search = search::build(canon, &docs);
    let page_done = || progress.page_done();
    let mut files = render::render_site(canon, &pages, theme, &search.manifest, &page_done)
        .map_err(|error| BuildError::Render(error.0))?;
    let search_first_result_bytes = first_result_bytes(&files, &search);
    let search_files = search.files.len();
    files.extend(search.files);
    files.push((
        "robots.txt".to_string(),
        site::robots_txt(canon).into_bytes(),
    ));
    if let Some(sitemap) = site::sitemap_xml(canon, &pages) {
        files.push(("sitemap.xml".to_string(), sitemap.into_bytes()));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(SiteFiles {
        files,
        pages: pages.len(),
        search_files,
        search_first_result_bytes,
    })
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

/// The worst case a reader downloads (gzip) to see a first search result: the search page, its
/// script and stylesheet, the manifest, the largest term shard and the largest document shard.
fn first_result_bytes(pages: &[(String, Vec<u8>)], search: &search::SearchFiles) -> u64 {
    let size = |name: &str, files: &[(String, Vec<u8>)]| {
        files
            .iter()
            .find(|(path, _)| path == name)
            .map_or(0, |(_, bytes)| gzip_len(bytes))
    };
    let largest = |prefix: &str| {
        search
            .files
            .iter()
            .filter(|(path, _)| path.starts_with(prefix))
            .map(|(_, bytes)| gzip_len(bytes))
            .max()
            .unwrap_or(0)
    };
    let assets: u64 = pages
        .iter()
        .filter(|(path, _)| {
            path.starts_with("assets/") && (path.ends_with(".js") || path.ends_with(".css"))
        })
        .map(|(_, bytes)| gzip_len(bytes))
        .sum();
    let search_page = format!("{}{}", site::SEARCH_DIR, site::INDEX);
    size(&search_page, pages)
        + assets
        + size(&search.manifest, &search.files)
        + largest("search/t-")
        + largest("search/d-")
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
