//! The page plan: every page of the site and its URL, computed up front from the canon.

pub mod api;
pub mod changes;
pub mod json;
pub mod search;

use crate::canon::model::Canon;

/// Where a page sits: `dir` is its folder URL relative to the site root (`""` for the root,
/// `sales/account-executive/p5/` for a profile); the file written is `dir` + `index.html`,
/// except for root-level files like `404.html`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub kind: PageKind,
    /// Output file, relative to the site root, `/`-separated.
    pub file: String,
}

/// Indices into the canon's vectors; the plan borrows nothing so it can be shared freely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProfileRef {
    pub family: usize,
    pub role: usize,
    pub profile: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    Home,
    Family {
        family: usize,
    },
    Role {
        family: usize,
        role: usize,
    },
    Profile(ProfileRef),
    Goals(ProfileRef),
    Levels,
    Level {
        level: usize,
    },
    Search,
    Compare,
    Downloads,
    /// What changed since the previous release; planned only with `build --previous`.
    Changes,
    /// A guide page of `pages/`.
    Guide {
        guide: usize,
    },
    NotFound,
    /// A permalink or former URL; `target` is the file it sends readers to.
    Redirect {
        target: String,
        title: String,
    },
}

impl Page {
    /// `../` once per folder level: prefix that turns a root-relative path into one relative
    /// to this page.
    pub fn path_to_root(&self) -> String {
        "../".repeat(self.file.matches('/').count())
    }

    /// The link from this page to `file` (root-relative).
    pub fn href(&self, file: &str) -> String {
        format!("{}{}", self.path_to_root(), file)
    }
}

use crate::canon::urls::{
    CHANGES_DIR, COMPARE_DIR, DOWNLOADS_DIR, INDEX, LEVELS_DIR, NOT_FOUND_FILE, SEARCH_DIR,
    SITEMAP_FILE, absolute, family_dir, family_slug_dir, goals_dir, guide_dir, id_dir, level_dir,
    level_segment, profile_dir, role_dir, role_slug_dir,
};

/// Every page of the site, in a stable order; `with_changes` adds the `changes/` page.
pub fn plan(canon: &Canon, with_changes: bool) -> Vec<Page> {
    let mut pages = vec![
        page(PageKind::Home, String::new()),
        page(PageKind::Levels, LEVELS_DIR.to_string()),
        page(PageKind::Search, SEARCH_DIR.to_string()),
        page(PageKind::Compare, COMPARE_DIR.to_string()),
        page(PageKind::Downloads, DOWNLOADS_DIR.to_string()),
        Page {
            kind: PageKind::NotFound,
            file: NOT_FOUND_FILE.to_string(),
        },
    ];
    if with_changes {
        pages.push(page(PageKind::Changes, CHANGES_DIR.to_string()));
    }
    for (index, guide) in canon.guides.iter().enumerate() {
        pages.push(page(
            PageKind::Guide { guide: index },
            guide_dir(&guide.path),
        ));
    }
    for (index, level) in canon.ladder.levels.iter().enumerate() {
        pages.push(page(
            PageKind::Level { level: index },
            level_dir(&level.code),
        ));
    }
    for (f, family) in canon.families.iter().enumerate() {
        pages.push(page(PageKind::Family { family: f }, family_dir(family)));
        for (r, role) in family.roles.iter().enumerate() {
            pages.push(page(
                PageKind::Role { family: f, role: r },
                role_dir(family, role),
            ));
            for (p, profile) in role.profiles.iter().enumerate() {
                let at = ProfileRef {
                    family: f,
                    role: r,
                    profile: p,
                };
                pages.push(page(
                    PageKind::Profile(at),
                    profile_dir(family, role, profile),
                ));
                pages.push(page(PageKind::Goals(at), goals_dir(family, role, profile)));
            }
        }
    }
    pages.extend(redirects(canon));
    pages
}

fn page(kind: PageKind, dir: String) -> Page {
    Page {
        kind,
        file: format!("{dir}{INDEX}"),
    }
}

fn redirect(from_dir: String, target_dir: &str, title: &str) -> Page {
    page(
        PageKind::Redirect {
            target: format!("{target_dir}{INDEX}"),
            title: title.to_string(),
        },
        from_dir,
    )
}

/// Permalinks by profile ID, and every former slug or code a family or role lists.
fn redirects(canon: &Canon) -> Vec<Page> {
    let mut pages = Vec::new();
    for family in &canon.families {
        for old in &family.aliases.slugs {
            pages.push(redirect(
                family_slug_dir(old),
                &family_dir(family),
                &family.name,
            ));
        }
        for role in &family.roles {
            let title = format!("{} — {}", role.name, family.name);
            let role_target = role_dir(family, role);
            let mut old_role_dirs: Vec<String> = family
                .aliases
                .slugs
                .iter()
                .map(|old| role_slug_dir(old, &role.slug))
                .collect();
            old_role_dirs.extend(
                role.aliases
                    .slugs
                    .iter()
                    .map(|old| role_slug_dir(&family.slug, old)),
            );
            for old in &old_role_dirs {
                pages.push(redirect(old.clone(), &role_target, &title));
            }
            let family_codes = std::iter::once(&family.code).chain(&family.aliases.codes);
            let code_pairs: Vec<(&String, &String)> = family_codes
                .flat_map(|f| {
                    std::iter::once(&role.code)
                        .chain(&role.aliases.codes)
                        .map(move |r| (f, r))
                })
                .collect();
            for profile in &role.profiles {
                let title = role.profile_title(profile);
                let target = profile_dir(family, role, profile);
                for (family_code, role_code) in &code_pairs {
                    let id =
                        crate::canon::model::profile_id(family_code, role_code, &profile.level);
                    pages.push(redirect(id_dir(&id), &target, &title));
                }
                let segment = level_segment(&profile.level);
                for old in &old_role_dirs {
                    pages.push(redirect(format!("{old}{segment}/"), &target, &title));
                    pages.push(redirect(
                        format!("{old}{segment}/goals/"),
                        &format!("{target}goals/"),
                        &title,
                    ));
                }
            }
        }
    }
    pages
}

/// `robots.txt`: intranet sites stay out of external indexes unless the canon allows indexing.
pub fn robots_txt(canon: &Canon) -> String {
    let settings = &canon.settings;
    if !settings.allow_indexing {
        return "# This job architecture site is internal: crawlers, please stay out.\nUser-agent: *\nDisallow: /\n".to_string();
    }
    let mut text = "User-agent: *\nAllow: /\n".to_string();
    if let Some(base) = &settings.base_url {
        let sitemap = absolute(base, SITEMAP_FILE);
        text.push_str(&format!("Sitemap: {sitemap}\n"));
    }
    text
}

/// `sitemap.xml` of every readable page (no redirects, no 404), when a `base_url` is set.
pub fn sitemap_xml(canon: &Canon, pages: &[Page]) -> Option<String> {
    let base = canon.settings.base_url.as_deref()?;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in pages {
        if matches!(page.kind, PageKind::Redirect { .. } | PageKind::NotFound) {
            continue;
        }
        let dir = page.file.strip_suffix(INDEX).unwrap_or(&page.file);
        let url = absolute(base, dir)
            .replace('&', "&amp;")
            .replace('<', "&lt;");
        xml.push_str(&format!(
            "  <url><loc>{url}</loc><lastmod>{}</lastmod></url>\n",
            canon.settings.effective_date
        ));
    }
    xml.push_str("</urlset>\n");
    Some(xml)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_to_root_counts_folders() {
        let home = page(PageKind::Home, String::new());
        assert_eq!(home.path_to_root(), "");
        let deep = page(PageKind::Search, "a/b/c/".to_string());
        assert_eq!(deep.path_to_root(), "../../../");
        assert_eq!(deep.href("levels/index.html"), "../../../levels/index.html");
    }
}
