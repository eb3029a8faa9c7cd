//! The site's URL layout, in one place: the top-level names the site keeps for itself and the
//! folder of every page, used by the page plan, the search index, the exports of the build and
//! the canon's collision and reserved-name checks. Folders are root-relative and end in `/`.

use crate::canon::model::{Family, Profile, Role};

/// The file written in every page's folder.
pub const INDEX: &str = "index.html";
/// Theme static files, content-hashed.
pub const ASSETS_DIR: &str = "assets/";
/// Permalinks by profile ID.
pub const ID_DIR: &str = "id/";
/// The ladder guide and one page per level.
pub const LEVELS_DIR: &str = "levels/";
/// The search page and its index shards.
pub const SEARCH_DIR: &str = "search/";
/// Data for scripts and other programs: one JSON document per profile (`docs/data.md`).
pub const API_DIR: &str = "api/";
/// The folder of the per-profile documents, `{ID}.json`.
pub const PROFILE_DOCS_DIR: &str = "api/profiles/";
/// The compare page: profiles side by side, chosen in its URL (`?ids=ID1,ID2`).
pub const COMPARE_DIR: &str = "compare/";
/// The whole canon as one JSON document (`docs/data.md`).
pub const CANON_DOCUMENT: &str = "api/canon.json";
/// The downloads page and the spreadsheet exports: CSV files and `canon.xlsx`.
pub const DOWNLOADS_DIR: &str = "downloads/";
/// What changed since the previous release (`build --previous`).
pub const CHANGES_DIR: &str = "changes/";
/// A profile's goal templates as plain text, in its goals folder.
pub const GOALS_TEXT: &str = "goals.txt";
pub const NOT_FOUND_FILE: &str = "404.html";
pub const ROBOTS_FILE: &str = "robots.txt";
pub const SITEMAP_FILE: &str = "sitemap.xml";

/// Top-level folders and files the site writes for itself; no family slug may take them.
pub const RESERVED_TOP_LEVEL: [&str; 12] = [
    top_level_name(ASSETS_DIR),
    top_level_name(ID_DIR),
    top_level_name(LEVELS_DIR),
    top_level_name(SEARCH_DIR),
    top_level_name(API_DIR),
    top_level_name(COMPARE_DIR),
    top_level_name(DOWNLOADS_DIR),
    top_level_name(CHANGES_DIR),
    crate::canon::guide::GUIDES_DIR,
    NOT_FOUND_FILE,
    ROBOTS_FILE,
    SITEMAP_FILE,
];

/// `levels/` → `levels`.
const fn top_level_name(dir: &'static str) -> &'static str {
    match dir.as_bytes() {
        [name @ .., b'/'] => match std::str::from_utf8(name) {
            Ok(name) => name,
            Err(_) => panic!("folder names are ASCII"),
        },
        _ => panic!("folder constants end in `/`"),
    }
}

/// The form two URL paths are compared in: case-insensitive hosts (S3 via CloudFront rules,
/// SharePoint, Windows shares) would serve both from one file.
pub fn fold(text: &str) -> String {
    text.to_lowercase()
}

/// A family's folder, by its slug (current or former).
pub fn family_slug_dir(slug: &str) -> String {
    format!("{slug}/")
}

/// A role's folder, by its family's and its own slug (current or former).
pub fn role_slug_dir(family_slug: &str, role_slug: &str) -> String {
    format!("{family_slug}/{role_slug}/")
}

pub fn family_dir(family: &Family) -> String {
    family_slug_dir(&family.slug)
}

pub fn role_dir(family: &Family, role: &Role) -> String {
    role_slug_dir(&family.slug, &role.slug)
}

/// A level code as a URL segment: `P5` → `p5`.
pub fn level_segment(code: &str) -> String {
    code.to_lowercase()
}

pub fn profile_dir(family: &Family, role: &Role, profile: &Profile) -> String {
    format!(
        "{}{}/",
        role_dir(family, role),
        level_segment(&profile.level)
    )
}

pub fn goals_dir(family: &Family, role: &Role, profile: &Profile) -> String {
    format!("{}goals/", profile_dir(family, role, profile))
}

/// A profile's goal templates as text, beside its goals page.
pub fn goals_text(family: &Family, role: &Role, profile: &Profile) -> String {
    format!("{}{GOALS_TEXT}", goals_dir(family, role, profile))
}

/// A guide page's folder: its path under `pages/` without `.md`, e.g. `promotion-faq/`.
pub fn guide_dir(path: &str) -> String {
    format!("{path}/")
}

pub fn level_dir(code: &str) -> String {
    format!("{LEVELS_DIR}{}/", level_segment(code))
}

pub fn id_dir(id: &str) -> String {
    format!("{ID_DIR}{id}/")
}

/// A profile's JSON document, by profile ID: `api/profiles/SALES.AE.P5.json`.
pub fn profile_document(id: &str) -> String {
    format!("{PROFILE_DOCS_DIR}{id}.json")
}

/// `path` (root-relative) under the site's absolute `base_url`, whether or not that ends in `/`:
/// `https://x.example/careers` + `sales/` → `https://x.example/careers/sales/`.
pub fn absolute(base_url: &str, path: &str) -> String {
    format!("{}/{path}", base_url.trim_end_matches('/'))
}

/// The page file of a folder: `sales/` → `sales/index.html`, `` → `index.html`.
pub fn index_of(dir: &str) -> String {
    format!("{dir}{INDEX}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_names_are_the_top_level_folders_and_files() {
        assert_eq!(
            RESERVED_TOP_LEVEL,
            [
                "assets",
                "id",
                "levels",
                "search",
                "api",
                "compare",
                "downloads",
                "changes",
                "pages",
                "404.html",
                "robots.txt",
                "sitemap.xml"
            ]
        );
        assert_eq!(level_dir("P5"), "levels/p5/");
        assert_eq!(id_dir("SALES.AE.P5"), "id/SALES.AE.P5/");
        assert_eq!(
            profile_document("SALES.AE.P5"),
            "api/profiles/SALES.AE.P5.json"
        );
        assert_eq!(index_of(COMPARE_DIR), "compare/index.html");
    }
}
