//! Themes: the built-in one (this repository's `theme/`, compiled in) and theme folders given
//! with `--theme`; their templates, static files (content-hashed under `assets/`), and template
//! errors pointed at a file and line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::context::Assets;
use crate::canon::urls::ASSETS_DIR;
use crate::output::SiteFile;

/// A theme folder: `templates/` for tera templates and `static/` for files copied to `assets/`.
pub struct Theme {
    pub(super) tera: tera::Tera,
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
    #[error(
        "theme `{dir}` has no template `templates/{name}`; every page kind needs one (a theme \
         copied from an older jobframe lacks the newer ones: copy them from jobframe's own \
         theme/templates/ and restyle them; docs/theming.md lists every template)"
    )]
    MissingTemplate { dir: PathBuf, name: String },
    #[error(
        "theme `{dir}` has no template `templates/{name}`, which {needed_by} needs; copy it from \
         jobframe's own theme/templates/ and restyle it (docs/theming.md describes what it receives)"
    )]
    MissingOptionalTemplate {
        dir: PathBuf,
        name: String,
        needed_by: &'static str,
    },
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

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct RenderError(pub String);

/// The default theme, compiled in from this repository's `theme/` folder. Its template names
/// are the templates every theme must provide.
const BUILTIN_TEMPLATES: [(&str, &str); 17] = [
    (
        "macros.html",
        include_str!("../../theme/templates/macros.html"),
    ),
    ("base.html", include_str!("../../theme/templates/base.html")),
    ("nav.html", include_str!("../../theme/templates/nav.html")),
    (
        "guide.html",
        include_str!("../../theme/templates/guide.html"),
    ),
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
    (
        "compare.html",
        include_str!("../../theme/templates/compare.html"),
    ),
    (
        "downloads.html",
        include_str!("../../theme/templates/downloads.html"),
    ),
    (
        "changes.html",
        include_str!("../../theme/templates/changes.html"),
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

/// Templates a theme may leave out: only an option of `build`, or a part of the canon few
/// canons have, renders them.
pub const OPTIONAL_TEMPLATES: [&str; 2] = [CHANGES_TEMPLATE, GUIDE_TEMPLATE];

/// The guide page's template, rendered only for a canon with `pages/`.
pub const GUIDE_TEMPLATE: &str = "guide.html";

/// The changes page's template, rendered only by `build --previous`.
pub const CHANGES_TEMPLATE: &str = "changes.html";

fn new_tera() -> tera::Tera {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.set_escape_fn(escape_html);
    tera.register_function("get_env", refuse_get_env);
    tera
}

/// Replaces Tera's `get_env`: pages depend on the canon alone, so two builds of one canon are
/// identical and no CI secret can reach a published page.
fn refuse_get_env(_: &std::collections::HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    Err(tera::Error::msg(
        "get_env is disabled in jobframe themes: pages depend on the canon alone (docs/theming.md)",
    ))
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
            if !path.is_file() && OPTIONAL_TEMPLATES.contains(&name) {
                continue;
            }
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
    /// Whether the theme has the template `name` (optional ones may be missing).
    pub fn has_template(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// A render error as `templates/x.html:LINE: message (rendering page.html)`. Tera names the
    /// templates and the variable but not the line, so the line is the first one that mentions
    /// the variable, searched in the templates the message names, innermost (last named) first
    /// — a macro file before the page that calls it — and then in every template.
    pub(super) fn render_error(&self, page: &str, error: &tera::Error) -> RenderError {
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
            Some((stem, ext)) => format!("{ASSETS_DIR}{stem}.{hash}.{ext}"),
            None => format!("{ASSETS_DIR}{name}.{hash}"),
        };
        names.insert(name.clone(), hashed.clone());
        files.push((hashed, bytes.clone()));
    }
    (names, files)
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
