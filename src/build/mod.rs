//! `jobframe build`: load → validate → plan → render in parallel → verify links → write atomically.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use std::io::Write;

use rayon::prelude::*;

use crate::canon::guide::{GUIDES_DIR, Guide, link_destinations, parse_link};
use crate::canon::model::Canon;
use crate::canon::urls;
use crate::data::{Export, ExportedFile};
use crate::diagnostics::{Diagnostic, Places, Position};
use crate::frames;
use crate::load::source::CanonSource;
use crate::output::{self, Protected, SiteFile};
use crate::render::{self, Theme};
use crate::site::changes::SiteChanges;
use crate::site::{self, api, search};
use crate::{linkcheck, load};

mod guard;
use guard::Guard;

pub struct BuildOptions {
    pub canon: PathBuf,
    /// A theme folder, or `None` for the built-in theme.
    pub theme: Option<PathBuf>,
    pub out: PathBuf,
    /// Give up (writing nothing) once the build has run this long; `serve` sets it so that a
    /// canon that takes too long cannot hold up the rebuilds after it.
    pub time_limit: Option<Duration>,
    /// The link prefix of every link, stylesheet, script and favicon on `404.html`, ending in
    /// `/`, when the caller knows where the site is served: `serve` sets `/`, so that its 404
    /// works at any missing path and leads to the preview, whatever `base_url` says. `None`
    /// (`jobframe build`): the absolute `base_url` when the canon sets one, else relative links.
    pub not_found_root: Option<String>,
    /// The previous release to compare with (`build --previous`): adds the `changes/` page and
    /// a "Changed in" note on every profile page that changed.
    pub previous: Option<CanonSource>,
    /// Publish no pay (`build --without-pay`), whatever `publish_pay` says.
    pub without_pay: bool,
}

/// What a successful build wrote.
#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    /// Per-profile JSON documents (`api/profiles/`).
    pub documents: usize,
    /// Every file written: pages, documents, assets, search index, robots.txt, sitemap.xml.
    pub bytes: u64,
    pub profiles: usize,
    pub search_files: usize,
    /// Gzip bytes a reader downloads before the first search result, at the worst.
    pub search_first_result_bytes: u64,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// The canon has pay ranges that this build left out (`--without-pay`, `publish_pay: false`).
    pub pay_withheld: bool,
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
    #[error("{} broken internal link{}; nothing was written:\n{}", .0.len(), if .0.len() == 1 { "" } else { "s" }, linkcheck::list(.0, SHOWN_BROKEN_LINKS))]
    Links(Vec<linkcheck::BrokenLink>),
    #[error(transparent)]
    Output(#[from] output::OutputError),
    #[error("could not write an export file: {0}")]
    Export(String),
    #[error("--previous {0}")]
    Previous(String),
    #[error("the output writer stopped early")]
    WriterStopped,
    #[error("interrupted; the previous site was left as it was")]
    Interrupted,
    #[error("gave up after {} s, the time limit for a build (serve --build-timeout); nothing was written", .0.as_secs_f64())]
    TimedOut(Duration),
}

/// How many broken links a failed build lists; a theme mistake can break thousands at once.
const SHOWN_BROKEN_LINKS: usize = 20;

/// How many errors of a `--previous` canon a failed build lists (`jobframe check` lists all).
const SHOWN_PREVIOUS_ERRORS: usize = 20;

/// Builds the site. `progress` is told how many pages there are, then called once per page.
/// When `stop` becomes true (Ctrl-C, SIGTERM) the build ends with `Interrupted` at the next
/// page, leaving the previous site as it was.
pub fn build(
    options: &BuildOptions,
    progress: &dyn Progress,
    stop: &AtomicBool,
) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let guard = Guard::new(stop, started, options.time_limit, true);
    let checked = load::check(&options.canon)?;
    guard.check()?;
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
        checked.diagnostics.into_iter().partition(|d| d.is_error());
    if !errors.is_empty() {
        return Err(BuildError::Canon(errors));
    }
    let mut canon = checked.canon;
    let pay_withheld = canon.withhold_pay(options.without_pay);
    let changes = match &options.previous {
        Some(previous) => Some(compare_with(previous, &canon, options.without_pay)?),
        None => None,
    };
    guard.check()?;
    let theme = match &options.theme {
        Some(dir) => Theme::load(dir)?,
        None => Theme::builtin()?,
    };
    if let Some(dir) = &options.theme {
        ensure_optional_templates(dir, &theme, &canon, changes.is_some())?;
    }
    let protected = Protected {
        canon: &options.canon,
        theme: options.theme.as_deref(),
    };
    guard.check()?;
    let pending = output::Pending::begin(&options.out, &protected)?;
    let not_found_root = options.not_found_root.as_deref();
    let written = write_site(
        &canon,
        changes.as_ref(),
        &theme,
        not_found_root,
        &pending,
        progress,
        &guard,
    )
    .map_err(|error| error.in_canon_at(&options.canon))?;
    guard.check()?;
    pending.commit()?;
    Ok(BuildReport {
        pages: written.pages,
        documents: written.documents,
        bytes: written.bytes,
        profiles: canon.profile_count(),
        search_files: written.search_files,
        search_first_result_bytes: written.search_first_result_bytes,
        warnings,
        elapsed: started.elapsed(),
        pay_withheld,
    })
}

/// Reads the previous release and compares the canon with it. A build without pay leaves the
/// previous release's pay out too, so the changes page cannot show it.
fn compare_with(
    previous: &CanonSource,
    canon: &Canon,
    without_pay: bool,
) -> Result<SiteChanges, BuildError> {
    let mut checked = previous
        .read()
        .map_err(|error| BuildError::Previous(format!("{previous}: {error}")))?;
    let error_count = checked.error_count();
    if error_count > 0 {
        let shown = previous.to_string();
        let listed: Vec<String> = checked
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .take(SHOWN_PREVIOUS_ERRORS)
            .map(|d| d.render(&shown))
            .collect();
        return Err(BuildError::Previous(format!(
            "{previous}: that canon has {}; nothing was written:\n{}",
            crate::console::plural(error_count, "error"),
            listed.join("\n")
        )));
    }
    if without_pay || !canon.settings.publish_pay {
        checked.canon.pay = None;
    }
    let diff = crate::changes::between(&checked.canon, canon);
    Ok(SiteChanges::new(diff, canon))
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

struct Written {
    pages: usize,
    documents: usize,
    bytes: u64,
    search_files: usize,
    search_first_result_bytes: u64,
}

/// Writes every file of the site into `pending`: the files known up front (assets, search index,
/// robots.txt, sitemap.xml), then each page as soon as it is rendered and its links checked, and
/// each profile's JSON document with its page.
#[allow(clippy::too_many_arguments)]
fn write_site(
    canon: &Canon,
    changes: Option<&SiteChanges>,
    theme: &Theme,
    not_found_root: Option<&str>,
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
        let stream = |export: Export| {
            let path = export.site_path();
            let fill = |out: &mut (dyn Write + Send)| Ok(export.write(canon, out)?);
            Ok(pending.write_with(&path, fill)?)
        };
        let produced = produce(
            canon,
            changes,
            theme,
            not_found_root,
            progress,
            guard,
            prepare,
            emit,
            stream,
        );
        drop(queue);
        (writer.join(), produced)
    });
    // A write error stops the writer, and with it the rendering: report the write error.
    written.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
    let produced = produced?;
    let read = |path: &str| pending.read(path).map(Cow::Owned);
    produced.finish(&read)
}

/// Renders the whole site into memory, with the same checks as `build`: for tools, property
/// tests and fuzzing. Returns the files sorted by path.
pub fn render_in_memory(canon: &Canon, theme: &Theme) -> Result<Vec<SiteFile>, BuildError> {
    let stop = AtomicBool::new(false);
    let guard = Guard::new(&stop, Instant::now(), None, false);
    let (queue, received) = std::sync::mpsc::channel::<SiteFile>();
    let emit = |file: SiteFile| queue.send(file).map_err(|_| BuildError::WriterStopped);
    let stream = |export: Export| {
        let mut bytes = Vec::new();
        export
            .write(canon, &mut bytes)
            .map_err(|error| BuildError::Export(error.to_string()))?;
        let size = bytes.len() as u64;
        emit((export.site_path(), bytes))?;
        Ok(size)
    };
    let produced = produce(
        canon,
        None,
        theme,
        None,
        &Silent,
        &guard,
        |_| Ok(()),
        emit,
        stream,
    )?;
    drop(queue);
    let mut files: Vec<SiteFile> = received.into_iter().collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let read = |path: &str| {
        let at = files.binary_search_by(|(p, _)| p.as_str().cmp(path)).ok()?;
        Some(Cow::Borrowed(files[at].1.as_slice()))
    };
    produced.finish(&read)?;
    Ok(files)
}

/// A written page as text, without copying it: pages are written from Rust strings.
fn text_of(bytes: Cow<'_, [u8]>) -> Cow<'_, str> {
    match bytes {
        Cow::Borrowed(bytes) => String::from_utf8_lossy(bytes),
        Cow::Owned(bytes) => Cow::Owned(
            String::from_utf8(bytes)
                .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned()),
        ),
    }
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
    fn finish<'f>(
        mut self,
        read: &dyn Fn(&str) -> Option<Cow<'f, [u8]>>,
    ) -> Result<Written, BuildError> {
        let as_text = |path: &str| read(path).map(text_of);
        self.broken
            .extend(linkcheck::check_anchors(&self.anchors, as_text));
        if !self.broken.is_empty() {
            return Err(BuildError::Links(self.broken));
        }
        let search_page = urls::index_of(urls::SEARCH_DIR);
        let search_page_bytes = read(&search_page).map_or(0, |html| search::gzip_len(&html));
        self.written.search_first_result_bytes = self.search_bytes + search_page_bytes;
        Ok(self.written)
    }
}

/// Produces every file of the site and hands each to `emit`: the files known up front (assets,
/// search index, robots.txt, sitemap.xml), then each page as soon as it is rendered and its
/// links checked, and with each profile page (on the same worker) the profile's JSON document
/// and with each goals page its text. `prepare` is first told every path that will be written;
/// `stream` writes one export file (before the pages: the downloads page lists their sizes)
/// and returns its size.
#[allow(clippy::too_many_arguments)]
fn produce(
    canon: &Canon,
    changes: Option<&SiteChanges>,
    theme: &Theme,
    not_found_root: Option<&str>,
    progress: &dyn Progress,
    guard: &Guard<'_>,
    prepare: impl FnOnce(&HashSet<String>) -> Result<(), BuildError>,
    emit: impl Fn(SiteFile) -> Result<(), BuildError> + Sync,
    stream: impl Fn(Export) -> Result<u64, BuildError> + Sync,
) -> Result<Produced, BuildError> {
    let pages = site::plan(canon, changes.is_some());
    progress.start(pages.len());
    let (assets, mut files) = render::hashed_assets(theme);
    let search = search::build(canon, &search::documents(canon));
    let search_files = search.files.len();
    let search_bytes = search::first_result_bytes(&files, &search);
    files.extend(search.files);
    files.push((
        urls::ROBOTS_FILE.to_string(),
        site::robots_txt(canon).into_bytes(),
    ));
    if let Some(sitemap) = site::sitemap_xml(canon, &pages) {
        files.push((urls::SITEMAP_FILE.to_string(), sitemap.into_bytes()));
    }
    let exports = Export::all(canon);
    let money = render::money::Money::of(canon);
    let money = money.as_ref();
    let all: HashSet<String> = pages
        .iter()
        .map(|page| page.file.clone())
        .chain(files.iter().map(|(path, _)| path.clone()))
        .chain(api::paths(canon))
        .chain(goals_text_paths(canon))
        .chain(exports.iter().map(|export| export.site_path()))
        .collect();
    prepare(&all)?;
    let mut bytes: u64 = files.iter().map(|(_, bytes)| bytes.len() as u64).sum();
    for file in files {
        emit(file)?;
    }
    let checker = linkcheck::Checker::new(&all);
    let each = |page: &site::Page, html: String| {
        guard.page(&page.file)?;
        let mut report = checker.check_page(&page.file, &html, &search_anchors(canon, page));
        if let site::PageKind::Guide { guide } = page.kind {
            name_guide_sources(&canon.guides[guide], &page.file, &mut report);
        }
        let mut size = html.len() as u64;
        emit((page.file.clone(), html.into_bytes()))?;
        let document = profile_document(canon, money, page);
        let documents = usize::from(document.is_some());
        for file in document.into_iter().chain(goals_text(canon, page)) {
            size += file.1.len() as u64;
            emit(file)?;
        }
        progress.page_done();
        Ok::<_, BuildError>((report, size, documents))
    };
    // The export files are written while the pages render (the workbook alone takes seconds at
    // 20,000 profiles); the downloads page, which lists their sizes, is rendered last.
    let (listing, others): (Vec<site::Page>, Vec<site::Page>) = pages
        .iter()
        .cloned()
        .partition(|page| matches!(page.kind, site::PageKind::Downloads));
    let render = |pages: &[site::Page], exported: &[ExportedFile]| {
        render::render_pages(
            canon,
            changes,
            money,
            pages,
            theme,
            &assets,
            &search.paths,
            exported,
            not_found_root,
            each,
        )
    };
    let (exported, reports) = rayon::join(
        || {
            exports
                .into_par_iter()
                .map(|export| {
                    guard.check()?;
                    let bytes = stream(export)?;
                    Ok(ExportedFile { export, bytes })
                })
                .collect::<Result<Vec<_>, BuildError>>()
        },
        || render(&others, &[]),
    );
    let exported = exported?;
    let mut reports = reports?;
    reports.extend(render(&listing, &exported)?);
    bytes += exported.iter().map(|file| file.bytes).sum::<u64>();
    let mut broken = Vec::new();
    let mut anchors = Vec::new();
    let mut documents = 0;
    for (report, size, document) in reports {
        bytes += size;
        documents += document;
        broken.extend(report.broken);
        anchors.extend(report.anchors);
    }
    Ok(Produced {
        written: Written {
            pages: pages.len(),
            documents,
            bytes,
            search_files,
            search_first_result_bytes: 0,
        },
        search_bytes,
        broken,
        anchors,
    })
}

/// The JSON document of the profile `page` shows, if it is a profile page.
fn profile_document(
    canon: &Canon,
    money: Option<&render::money::Money>,
    page: &site::Page,
) -> Option<SiteFile> {
    match page.kind {
        site::PageKind::Profile(at) => {
            let family = &canon.families[at.family];
            let role = &family.roles[at.role];
            api::file(canon, money, family, role, &role.profiles[at.profile])
        }
        _ => None,
    }
}

/// The goal templates as text (`goals.txt`), if `page` is a goals page.
fn goals_text(canon: &Canon, page: &site::Page) -> Option<SiteFile> {
    let site::PageKind::Goals(at) = page.kind else {
        return None;
    };
    let family = &canon.families[at.family];
    let role = &family.roles[at.role];
    let profile = &role.profiles[at.profile];
    let level = canon.ladder.level(&profile.level)?;
    let settings = &canon.settings;
    let sheet = frames::derive(frames::Inputs {
        canon_name: &settings.name,
        family,
        role,
        level,
        profile,
    });
    let mut footer = format!(
        "{} canon {}, effective {}.",
        settings.name, settings.version, settings.effective_date
    );
    if let Some(base) = &settings.base_url {
        let page = urls::absolute(base, &urls::goals_dir(family, role, profile));
        footer.push_str(&format!(" {page}"));
    }
    let id = role.profile_id(family, profile);
    let text = frames::text::document(&sheet, &id, &footer);
    Some((urls::goals_text(family, role, profile), text.into_bytes()))
}

/// The `goals.txt` files [`goals_text`] writes.
fn goals_text_paths(canon: &Canon) -> impl Iterator<Item = String> + '_ {
    canon
        .profiles()
        .filter(|(_, _, profile)| canon.ladder.level(&profile.level).is_some())
        .map(|(family, role, profile)| urls::goals_text(family, role, profile))
}

/// Checks that a theme folder has the optional templates this build renders: `changes.html`
/// for `--previous`, `guide.html` for a canon with guide pages.
fn ensure_optional_templates(
    dir: &std::path::Path,
    theme: &Theme,
    canon: &Canon,
    with_changes: bool,
) -> Result<(), render::ThemeError> {
    let needed = [
        (
            with_changes,
            render::theme::CHANGES_TEMPLATE,
            "build --previous",
        ),
        (
            !canon.guides.is_empty(),
            render::theme::GUIDE_TEMPLATE,
            "the canon's guide pages (pages/)",
        ),
    ];
    match needed
        .into_iter()
        .find(|(wanted, name, _)| *wanted && !theme.has_template(name))
    {
        Some((_, name, needed_by)) => Err(render::ThemeError::MissingOptionalTemplate {
            dir: dir.to_path_buf(),
            name: name.to_string(),
            needed_by,
        }),
        None => Ok(()),
    }
}

/// Names each broken link of a guide page by the Markdown that wrote it,
/// `pages/guide.md:7:2 (guide/index.html)`, so the message leads to the line to fix. A relative
/// link is written as it is; a canon link is rewritten, keeping its `#fragment`.
fn name_guide_sources(guide: &Guide, page: &str, report: &mut linkcheck::PageReport) {
    if report.broken.is_empty() && report.anchors.is_empty() {
        return;
    }
    // The first place each destination, and each canon link's fragment, is written.
    let mut written: HashMap<String, usize> = HashMap::new();
    let mut fragments: HashMap<String, usize> = HashMap::new();
    for (offset, dest) in link_destinations(&guide.markdown) {
        if parse_link(&dest).is_some()
            && let Some((_, fragment)) = dest.split_once('#')
        {
            fragments.entry(fragment.to_string()).or_insert(offset);
        }
        written.entry(dest).or_insert(offset);
    }
    let offset_of = |link: &str| {
        written.get(link).or_else(|| {
            let (_, fragment) = link.split_once('#')?;
            fragments.get(fragment)
        })
    };
    let mut labels: Vec<(usize, &mut String)> = Vec::new();
    let broken = report
        .broken
        .iter_mut()
        .filter(|broken| broken.page == page);
    let mut unplaced = Vec::new();
    for (label, link) in broken
        .map(|b| (&mut b.page, &b.link))
        .chain(report.anchors.iter_mut().map(|a| (&mut a.page, &a.link)))
    {
        match offset_of(link) {
            Some(&offset) => labels.push((offset, label)),
            None => unplaced.push(label),
        }
    }
    labels.sort_by_key(|(offset, _)| *offset);
    let mut places = Places::new(&guide.markdown);
    for (offset, label) in labels {
        let Position { line, column } = places.of(offset);
        let line = guide.first_line + line - 1;
        *label = format!("{}:{line}:{column} ({page})", guide.file);
    }
    for label in unplaced {
        *label = format!("{} ({page})", guide.file);
    }
}

/// The anchors the search index links to on `page`: a profile page's lines, a guide page's
/// headings.
fn search_anchors(canon: &Canon, page: &site::Page) -> Vec<String> {
    match page.kind {
        site::PageKind::Guide { guide } => {
            let mut anchors: Vec<String> =
                crate::canon::guide::text_blocks(&canon.guides[guide].markdown)
                    .into_iter()
                    .map(|block| block.anchor)
                    .filter(|anchor| !anchor.is_empty())
                    .collect();
            anchors.dedup();
            anchors
        }
        site::PageKind::Profile(at) => {
            let profile = &canon.families[at.family].roles[at.role].profiles[at.profile];
            search::profile_lines(profile)
                .into_iter()
                .map(|line| line.anchor)
                .collect()
        }
        _ => Vec::new(),
    }
}

impl BuildError {
    /// Broken links of guide pages name their Markdown file (`pages/…`, relative to the canon);
    /// this puts the canon folder before it, so the place opens from where the build ran.
    fn in_canon_at(self, canon: &std::path::Path) -> BuildError {
        match self {
            BuildError::Links(mut broken) => {
                let guides = format!("{GUIDES_DIR}/");
                for link in broken
                    .iter_mut()
                    .filter(|link| link.page.starts_with(&guides))
                {
                    link.page = canon.join(&link.page).display().to_string();
                }
                BuildError::Links(broken)
            }
            other => other,
        }
    }
}

impl From<render::RenderError> for BuildError {
    fn from(error: render::RenderError) -> Self {
        BuildError::Render(error.0)
    }
}
