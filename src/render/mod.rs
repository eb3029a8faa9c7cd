//! Rendering: loads the theme (templates + static files) and renders every planned page in parallel.

pub mod context;
pub mod markdown;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::canon::model::Canon;
use crate::output::SiteFile;
use crate::site::{self, Page, PageKind};
use context::{Assets, Ctx, Layout, Link};

/// A theme folder: `templates/` for tera templates and `static/` for files copied to `assets/`.
pub struct Theme {
    tera: tera::Tera,
    /// (file name, bytes) of each static file, sorted by name.
    statics: Vec<(String, Vec<u8>)>,
    /// Template name → (path shown in messages, source), to point errors at a line.
    sources: BTreeMap<String, (String, String)>,
}

#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error(
        "theme folder `{0}` not found; pass the folder holding templates/ and static/ with --theme"
    )]
    Missing(PathBuf),
    #[error("theme `{dir}` has no template `templates/{name}`")]
    MissingTemplate { dir: PathBuf, name: String },
    #[error("cannot read theme file `{path}`: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Template(String),
}

/// Escapes text for HTML content and double- or single-quoted attributes. Unlike tera's default
/// it leaves `/` alone, so relative links stay readable.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut clean_from = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[clean_from..at]);
        out.push_str(entity);
        clean_from = at + 1;
    }
    out.push_str(&text[clean_from..]);
    out
}

/// Formats a tera error with its whole chain of causes (template name, line, reason).
pub fn describe_tera_error(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    message
}

/// The default theme, compiled in from this repository's `theme/` folder. Its template names
/// are the templates every theme must provide.
const BUILTIN_TEMPLATES: [(&str, &str); 13] = [
    (
        "macros.html",
        include_str!("../../theme/templates/macros.html"),
    ),
    ("base.html", include_str!("../../theme/templates/base.html")),
    ("nav.html", include_str!("../../theme/templates/nav.html")),
    ("home.html", include_str!("../../theme/templates/home.html")),
    (
        "family.html",
        include_str!("../../theme/templates/family.html"),
    ),
    ("role.html", include_str!("../../theme/templates/role.html")),
    (
        "profile.html",
        include_str!("../../theme/templates/profile.html"),
    ),
    (
        "goals.html",
        include_str!("../../theme/templates/goals.html"),
    ),
    (
        "levels.html",
        include_str!("../../theme/templates/levels.html"),
    ),
    (
        "level.html",
        include_str!("../../theme/templates/level.html"),
    ),
    (
        "search.html",
        include_str!("../../theme/templates/search.html"),
    ),
    ("404.html", include_str!("../../theme/templates/404.html")),
    (
        "redirect.html",
        include_str!("../../theme/templates/redirect.html"),
    ),
];
const BUILTIN_STATICS: [(&str, &[u8]); 3] = [
    (
        "favicon.svg",
        include_bytes!("../../theme/static/favicon.svg"),
    ),
    ("site.js", include_bytes!("../../theme/static/site.js")),
    ("style.css", include_bytes!("../../theme/static/style.css")),
];

fn new_tera() -> tera::Tera {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.set_escape_fn(escape_html);
    tera
}

fn template_error(error: tera::Error) -> ThemeError {
    ThemeError::Template(format!(
        "theme template error: {}",
        describe_tera_error(&error)
    ))
}

impl Theme {
    /// The default theme, built into the binary.
    pub fn builtin() -> Result<Theme, ThemeError> {
        let mut tera = new_tera();
        tera.add_raw_templates(BUILTIN_TEMPLATES)
            .map_err(template_error)?;
        Ok(Theme {
            tera,
            statics: BUILTIN_STATICS
                .iter()
                .map(|(name, bytes)| (name.to_string(), bytes.to_vec()))
                .collect(),
            sources: BUILTIN_TEMPLATES
                .iter()
                .map(|(name, source)| {
                    (
                        name.to_string(),
                        (
                            format!("(built-in theme) templates/{name}"),
                            source.to_string(),
                        ),
                    )
                })
                .collect(),
        })
    }

    /// A theme folder: `templates/` (every template the built-in theme has) and `static/`.
    pub fn load(dir: &Path) -> Result<Theme, ThemeError> {
        ensure_theme_folder(dir)?;
        let templates_dir = dir.join("templates");
        let mut raw = Vec::new();
        let mut sources = BTreeMap::new();
        for (name, _) in BUILTIN_TEMPLATES {
            let path = templates_dir.join(name);
            if !path.is_file() {
                return Err(ThemeError::MissingTemplate {
                    dir: dir.to_path_buf(),
                    name: name.to_string(),
                });
            }
            let source = std::fs::read_to_string(&path).map_err(|source| ThemeError::Io {
                path: path.clone(),
                source,
            })?;
            raw.push((name, source.clone()));
            sources.insert(name.to_string(), (path.display().to_string(), source));
        }
        let mut tera = new_tera();
        // Parsed from the text already read, so each file is read once; errors name the folder.
        tera.add_raw_templates(raw).map_err(|error| {
            ThemeError::Template(format!(
                "theme template error in {}: {}",
                templates_dir.display(),
                describe_tera_error(&error)
            ))
        })?;
        Ok(Theme {
            tera,
            statics: read_statics(&dir.join("static"))?,
            sources,
        })
    }
}

/// Checks that `dir` is a folder: the first thing asked of `--theme`, by `build` and `serve`.
pub fn ensure_theme_folder(dir: &Path) -> Result<(), ThemeError> {
    if dir.is_dir() {
        Ok(())
    } else {
        Err(ThemeError::Missing(dir.to_path_buf()))
    }
}

impl Theme {
    /// A render error as `templates/x.html:LINE: message (rendering page.html)`. Tera names the
    /// templates and the variable but not the line, so the line is the first one that mentions
    /// the variable, searched in the templates the message names, innermost (last named) first
    /// — a macro file before the page that calls it — and then in every template.
    fn render_error(&self, page: &str, error: &tera::Error) -> RenderError {
        let message = describe_tera_error(error);
        let variable = message
            .rsplit_once("Variable `")
            .and_then(|(_, rest)| rest.split('`').next())
            .filter(|_| message.contains("not found in context"));
        let named: Vec<&(String, String)> = message
            .split('\'')
            .skip(1)
            .step_by(2)
            .filter_map(|name| self.sources.get(name))
            .collect();
        let located = variable.and_then(|variable| {
            let innermost_first = named.iter().rev().copied();
            innermost_first
                .chain(self.sources.values())
                .find_map(|(shown, source)| {
                    let line = source.lines().position(|line| line.contains(variable))?;
                    Some(format!("{shown}:{}", line + 1))
                })
        });
        let fallback = || {
            named.first().map_or_else(
                || message.split('\'').nth(1).unwrap_or_default().to_string(),
                |(shown, _)| shown.clone(),
            )
        };
        RenderError(format!(
            "{}: {message} (rendering {page})",
            located.unwrap_or_else(fallback)
        ))
    }
}

fn read_statics(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, ThemeError> {
    let mut statics = Vec::new();
    if !dir.is_dir() {
        return Ok(statics);
    }
    for entry in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|error| ThemeError::Io {
            path: dir.to_path_buf(),
            source: error.into(),
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let bytes = std::fs::read(path).map_err(|source| ThemeError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        statics.push((entry.file_name().to_string_lossy().into_owned(), bytes));
    }
    Ok(statics)
}

/// Static files under `assets/`, a content hash in each name so browsers never keep a stale copy.
pub fn hashed_assets(theme: &Theme) -> (Assets, Vec<SiteFile>) {
    let mut names = BTreeMap::new();
    let mut files = Vec::new();
    for (name, bytes) in &theme.statics {
        let hash = crate::site::search::short_hash(bytes);
        let hashed = match name.rsplit_once('.') {
            Some((stem, ext)) => format!("assets/{stem}.{hash}.{ext}"),
            None => format!("assets/{name}.{hash}"),
        };
        names.insert(name.clone(), hashed.clone());
        files.push((hashed, bytes.clone()));
    }
    (names, files)
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct RenderError(pub String);

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
        let mut context = tera::Context::new();
        context.insert("root", &root);
        context.insert("site_title", &canon.settings.site_title);
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
        let ctx = Ctx {
            canon: self.canon,
            page,
        };
        let (kind, template, data) = match &page.kind {
            PageKind::Home => ("home", "home.html", ctx.home()),
            PageKind::Family { family } => (
                "family",
                "family.html",
                ctx.family(&self.canon.families[*family]),
            ),
            PageKind::Role { family, role } => {
                let family = &self.canon.families[*family];
                ("role", "role.html", ctx.role(family, &family.roles[*role]))
            }
            PageKind::Profile(at) => ("profile", "profile.html", ctx.profile(*at)),
            PageKind::Goals(at) => ("goals", "goals.html", ctx.goals(*at)),
            PageKind::Levels => ("levels", "levels.html", ctx.levels()),
            PageKind::Level { level } => ("level", "level.html", ctx.level(*level)),
            PageKind::Search => ("search", "search.html", ctx.search(self.search_manifest)),
            PageKind::NotFound => ("not-found", "404.html", serde_json::Value::Null),
            PageKind::Redirect { target, title } => {
                ("redirect", "redirect.html", ctx.redirect(target, title))
            }
        };
        let root = root_of(self.canon, page);
        let (title, crumbs) = self.title_and_crumbs(&ctx, &root);
        let settings = &self.canon.settings;
        let layout = Layout {
            lang: &settings.language,
            allow_indexing: settings.allow_indexing,
            site_title: &settings.site_title,
            canon_name: &settings.name,
            version: &settings.version,
            effective_date: &settings.effective_date,
            root: root.clone(),
            title,
            crumbs,
            nav: self.navs.get(&root).map_or("", String::as_str),
            assets: self.assets,
            canonical: settings.base_url.as_ref().map(|base| {
                let dir = page.file.strip_suffix(site::INDEX).unwrap_or(&page.file);
                format!("{}/{dir}", base.trim_end_matches('/'))
            }),
        };
        // Moved, not copied, into the template context.
        let layout =
            serde_json::to_value(layout).map_err(|error| RenderError(error.to_string()))?;
        let mut values = serde_json::Map::new();
        values.insert("layout".to_string(), layout);
        values.insert("kind".to_string(), kind.into());
        values.insert("page".to_string(), data);
        let context = tera::Context::from_value(serde_json::Value::Object(values))
            .map_err(|error| RenderError(describe_tera_error(&error)))?;
        self.theme
            .tera
            .render(template, &context)
            .map_err(|error| self.theme.render_error(&page.file, &error))
    }

    fn title_and_crumbs(&self, ctx: &Ctx<'_>, root: &str) -> (String, Vec<Link>) {
        let canon = self.canon;
        let link = |title: &str, dir: &str| Link {
            title: title.to_string(),
            href: format!("{root}{dir}{}", site::INDEX),
        };
        let home = link("Home", "");
        let levels = link("Levels", site::LEVELS_DIR);
        match &ctx.page.kind {
            PageKind::Home => (canon.settings.site_title.clone(), vec![]),
            PageKind::Family { family } => (canon.families[*family].name.clone(), vec![home]),
            PageKind::Role { family, role } => {
                let family = &canon.families[*family];
                let role = &family.roles[*role];
                (
                    format!("{} — {}", role.name, family.name),
                    vec![home, link(&family.name, &site::family_dir(family))],
                )
            }
            PageKind::Profile(at) | PageKind::Goals(at) => {
                let (family, role, profile) = ctx.resolve(*at);
                let title = role.profile_title(profile);
                let mut crumbs = vec![
                    home,
                    link(&family.name, &site::family_dir(family)),
                    link(&role.name, &site::role_dir(family, role)),
                ];
                if matches!(ctx.page.kind, PageKind::Goals(_)) {
                    crumbs.push(link(&title, &site::profile_dir(family, role, profile)));
                    (format!("Goal templates — {title}"), crumbs)
                } else {
                    (title, crumbs)
                }
            }
            PageKind::Levels => ("Levels".to_string(), vec![home]),
            PageKind::Level { level } => {
                let level = &canon.ladder.levels[*level];
                (
                    format!("{} — {}", level.code, level.name),
                    vec![home, levels],
                )
            }
            PageKind::Search => ("Search".to_string(), vec![home]),
            PageKind::NotFound => ("Page not found".to_string(), vec![home]),
            PageKind::Redirect { title, .. } => (title.clone(), vec![]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_html_specials_and_nothing_else() {
        assert_eq!(
            escape_html("a/b — \"x\" & 'y' <z>"),
            "a/b — &quot;x&quot; &amp; &#39;y&#39; &lt;z&gt;"
        );
        assert_eq!(escape_html("plain"), "plain");
    }
}
