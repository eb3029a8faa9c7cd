//! Rendering: loads the theme (templates + static files) and renders every planned page in parallel.

pub mod context;
pub mod markdown;
pub mod money;
pub mod theme;

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::site::search::SearchPaths;

use crate::canon::limits;
use crate::canon::model::Canon;
use crate::canon::urls;
use crate::data::ExportedFile;
use crate::site::changes::SiteChanges;
use crate::site::{Page, PageKind};
use context::{Assets, Ctx, Layout, Nav, PageContext, PageParts, TemplateContext};
pub use theme::{
    RenderError, Theme, ThemeError, describe_tera_error, ensure_theme_folder, escape_html,
    hashed_assets,
};

/// Renders every page of `pages` in parallel and hands each to `each` (which writes it) as soon
/// as it is rendered, so no more than a few pages are in memory at once. Returns what `each`
/// returned, in page order. `assets` maps theme static file names to their hashed paths;
/// `search` says where the search index manifest and engine are; `exported` the export files the
/// downloads page lists; `not_found_root` is as [`crate::build::BuildOptions::not_found_root`];
/// `changes` what changed since the previous release, with `build --previous`.
#[allow(clippy::too_many_arguments)]
pub fn render_pages<R, E>(
    canon: &Canon,
    changes: Option<&SiteChanges>,
    money: Option<&money::Money>,
    pages: &[Page],
    theme: &Theme,
    assets: &Assets,
    search: &SearchPaths,
    exported: &[ExportedFile],
    not_found_root: Option<&str>,
    each: impl Fn(&Page, String) -> Result<R, E> + Sync,
) -> Result<Vec<R>, E>
where
    R: Send,
    E: From<RenderError> + Send,
{
    let not_found_root = not_found_root_of(canon, not_found_root);
    let navs = render_navs(canon, pages, theme, not_found_root.as_deref())?;
    let shared = Shared {
        canon,
        changes,
        money,
        theme,
        assets,
        navs: &navs,
        search,
        exported,
        not_found_root: not_found_root.as_deref(),
    };
    pages
        .par_iter()
        .map(|page| {
            let html = shared.render_page(page)?;
            each(page, html)
        })
        .collect()
}

struct Shared<'a> {
    canon: &'a Canon,
    changes: Option<&'a SiteChanges>,
    money: Option<&'a money::Money>,
    theme: &'a Theme,
    assets: &'a BTreeMap<String, String>,
    /// Navigation HTML by root prefix.
    navs: &'a BTreeMap<String, String>,
    search: &'a SearchPaths,
    exported: &'a [ExportedFile],
    /// The 404 page's link root, when it is not relative.
    not_found_root: Option<&'a str>,
}

/// The link prefix of the 404 page, which servers show at any missing path, where relative
/// links lead nowhere: the caller's `chosen` root, else the absolute `base_url` with a trailing
/// `/`; `None` when there is neither, and the page's links are relative like every other page's.
fn not_found_root_of(canon: &Canon, chosen: Option<&str>) -> Option<String> {
    let base_url = canon.settings.base_url.as_deref();
    match (chosen, base_url) {
        (Some(root), _) => Some(root.to_string()),
        (None, Some(base)) => Some(urls::absolute(base, "")),
        (None, None) => None,
    }
}

/// The link prefix from `page` to the site root: `../` per folder level, or `not_found_root`
/// (when there is one) for the 404 page.
fn root_of(page: &Page, not_found_root: Option<&str>) -> String {
    match (&page.kind, not_found_root) {
        (PageKind::NotFound, Some(root)) => root.to_string(),
        _ => page.path_to_root(),
    }
}

/// The page's absolute URL under `base_url`, for its canonical link. The 404 page has none: it
/// stands in for whatever address was missing, which is not an address of the site.
fn canonical_of(canon: &Canon, page: &Page) -> Option<String> {
    let base = canon.settings.base_url.as_deref()?;
    if matches!(page.kind, PageKind::NotFound) {
        return None;
    }
    let dir = page.file.strip_suffix(urls::INDEX).unwrap_or(&page.file);
    Some(urls::absolute(base, dir))
}

/// The navigation is the same on every page but for its links' root prefix, so it is rendered
/// once per distinct prefix (one per folder depth).
fn render_navs(
    canon: &Canon,
    pages: &[Page],
    theme: &Theme,
    not_found_root: Option<&str>,
) -> Result<BTreeMap<String, String>, RenderError> {
    let roots: std::collections::BTreeSet<String> = pages
        .iter()
        .map(|page| root_of(page, not_found_root))
        .collect();
    let mut navs = BTreeMap::new();
    for root in roots {
        let in_menu: Vec<_> = canon.guides.iter().filter(|guide| guide.nav).collect();
        let guides = in_menu
            .iter()
            .take(limits::GUIDE_MENU_MAX)
            .map(|guide| context::Link {
                title: guide.title.clone(),
                href: format!("{root}{}{}", urls::guide_dir(&guide.path), urls::INDEX),
            })
            .collect();
        let nav = Nav {
            root: &root,
            site_title: &canon.settings.site_title,
            guides,
            all_guides_href: (in_menu.len() > limits::GUIDE_MENU_MAX)
                .then(|| format!("{root}{}#{}", urls::INDEX, context::GUIDES_ANCHOR)),
        };
        let context = tera::Context::from_serialize(nav)
            .map_err(|error| RenderError(describe_tera_error(&error)))?;
        let html = theme
            .tera
            .render("nav.html", &context)
            .map_err(|error| RenderError(describe_tera_error(&error)))?;
        navs.insert(root, html);
    }
    Ok(navs)
}

impl Shared<'_> {
    fn render_page(&self, page: &Page) -> Result<String, RenderError> {
        let root = root_of(page, self.not_found_root);
        let ctx = Ctx {
            canon: self.canon,
            changes: self.changes,
            money: self.money,
            page,
            root: &root,
        };
        match &page.kind {
            PageKind::Home => self.render(&ctx, ctx.home()),
            PageKind::Family { family } => {
                self.render(&ctx, ctx.family(&self.canon.families[*family]))
            }
            PageKind::Role { family, role } => {
                let family = &self.canon.families[*family];
                self.render(&ctx, ctx.role(family, &family.roles[*role]))
            }
            PageKind::Profile(at) => self.render(&ctx, ctx.profile(*at)),
            PageKind::Goals(at) => self.render(&ctx, ctx.goals(*at)),
            PageKind::Levels => self.render(&ctx, ctx.levels()),
            PageKind::Level { level } => self.render(&ctx, ctx.level(*level)),
            PageKind::Search => self.render(&ctx, ctx.search(self.search)),
            PageKind::Compare => self.render(&ctx, ctx.compare(self.search)),
            PageKind::Downloads => self.render(&ctx, ctx.downloads(self.exported)),
            PageKind::Guide { guide } => self.render(&ctx, ctx.guide(&self.canon.guides[*guide])),
            PageKind::Changes => match self.changes {
                Some(changes) => self.render(&ctx, ctx.changes(changes)),
                None => Err(RenderError(
                    "the changes page is planned only with --previous".to_string(),
                )),
            },
            PageKind::NotFound => self.render(&ctx, ctx.not_found()),
            PageKind::Redirect { target, title } => self.render(&ctx, ctx.redirect(target, title)),
        }
    }

    /// Renders one page's parts with the shared layout, through its kind's template.
    fn render<P: PageContext>(
        &self,
        ctx: &Ctx<'_>,
        parts: PageParts<P>,
    ) -> Result<String, RenderError> {
        let settings = &self.canon.settings;
        let page = ctx.page;
        let layout = Layout {
            lang: &settings.language,
            allow_indexing: settings.allow_indexing,
            site_title: &settings.site_title,
            canon_name: &settings.name,
            version: &settings.version,
            effective_date: &settings.effective_date,
            root: ctx.root.to_string(),
            title: parts.title,
            crumbs: parts.crumbs,
            nav: self.navs.get(ctx.root).map_or("", String::as_str),
            assets: self.assets,
            canonical: canonical_of(self.canon, page),
            changes: self.changes.map(|changes| context::Link {
                title: format!("What changed in {}", changes.diff.after.version),
                href: format!("{}{}", ctx.root, urls::index_of(urls::CHANGES_DIR)),
            }),
        };
        let values = TemplateContext {
            layout,
            kind: P::KIND,
            page: parts.page,
        };
        let context = tera::Context::from_serialize(values)
            .map_err(|error| RenderError(describe_tera_error(&error)))?;
        self.theme
            .tera
            .render(P::TEMPLATE, &context)
            .map_err(|error| self.theme.render_error(&page.file, &error))
    }
}
