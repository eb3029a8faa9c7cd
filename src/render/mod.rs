//! Rendering: loads the theme (templates + static files) and renders every planned page in parallel.

pub mod context;
pub mod markdown;
pub mod theme;

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::canon::model::Canon;
use crate::canon::urls;
use crate::site::{Page, PageKind};
use context::{Assets, Ctx, Layout, Nav, PageContext, PageParts, TemplateContext};
pub use theme::{
    RenderError, Theme, ThemeError, describe_tera_error, ensure_theme_folder, escape_html,
    hashed_assets,
};

/// Renders every page of `pages` in parallel and hands each to `each` (which writes it) as soon
/// as it is rendered, so no more than a few pages are in memory at once. Returns what `each`
/// returned, in page order. `assets` maps theme static file names to their hashed paths;
/// `search_manifest` is the search index manifest's path.
pub fn render_pages<R, E>(
    canon: &Canon,
    pages: &[Page],
    theme: &Theme,
    assets: &Assets,
    search_manifest: &str,
    each: impl Fn(&Page, String) -> Result<R, E> + Sync,
) -> Result<Vec<R>, E>
where
    R: Send,
    E: From<RenderError> + Send,
{
    let navs = render_navs(canon, pages, theme)?;
    let shared = Shared {
        canon,
        theme,
        assets,
        navs: &navs,
        search_manifest,
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
    theme: &'a Theme,
    assets: &'a BTreeMap<String, String>,
    /// Navigation HTML by root prefix.
    navs: &'a BTreeMap<String, String>,
    search_manifest: &'a str,
}

/// The link prefix from `page` to the site root: `../` per folder level, or the absolute
/// `base_url` for the 404 page, which hosts serve at any missing path.
fn root_of(canon: &Canon, page: &Page) -> String {
    match (&page.kind, &canon.settings.base_url) {
        (PageKind::NotFound, Some(base)) => format!("{}/", base.trim_end_matches('/')),
        _ => page.path_to_root(),
    }
}

/// The navigation is the same on every page but for its links' root prefix, so it is rendered
/// once per distinct prefix (one per folder depth).
fn render_navs(
    canon: &Canon,
    pages: &[Page],
    theme: &Theme,
) -> Result<BTreeMap<String, String>, RenderError> {
    let roots: std::collections::BTreeSet<String> =
        pages.iter().map(|page| root_of(canon, page)).collect();
    let mut navs = BTreeMap::new();
    for root in roots {
        let nav = Nav {
            root: &root,
            site_title: &canon.settings.site_title,
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
        let root = root_of(self.canon, page);
        let ctx = Ctx {
            canon: self.canon,
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
            PageKind::Search => self.render(&ctx, ctx.search(self.search_manifest)),
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
            canonical: settings.base_url.as_ref().map(|base| {
                let dir = page.file.strip_suffix(urls::INDEX).unwrap_or(&page.file);
                format!("{}/{dir}", base.trim_end_matches('/'))
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
