//! Verifies that every internal link and asset reference the build writes points at a file it
//! writes, and every `#anchor` at an element id on the target page. Pages are checked one by one
//! as they are rendered, against the set of files the plan says the build will write.

use std::collections::{BTreeMap, BTreeSet, HashSet};

/// A reference that leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    pub page: String,
    pub link: String,
    pub reason: String,
}

/// A link to an anchor on another page, checked once every page is written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct AnchorLink {
    pub page: String,
    pub link: String,
    pub target: String,
    pub id: String,
}

/// What checking one page found.
#[derive(Debug, Default)]
pub struct PageReport {
    pub broken: Vec<BrokenLink>,
    pub anchors: Vec<AnchorLink>,
}

/// How a broken search deep link names where it was found.
const SEARCH_INDEX: &str = "the search index";

/// Checks pages against the files of the site.
pub struct Checker<'a> {
    files: &'a HashSet<String>,
}

impl<'a> Checker<'a> {
    /// `files`: every file the build writes, root-relative.
    pub fn new(files: &'a HashSet<String>) -> Self {
        Checker { files }
    }

    /// Checks the links of one page, and that it has an element for each id in `wanted` (the
    /// anchors the search index links to); anchors on other pages are returned for a later pass.
    pub fn check_page(&self, page: &str, html: &str, wanted: &[String]) -> PageReport {
        let mut report = PageReport::default();
        let attributes = attributes(html);
        let own_ids: BTreeSet<&str> = attributes
            .iter()
            .filter(|(name, _)| *name == "id")
            .map(|(_, value)| value.as_str())
            .collect();
        for id in wanted.iter().filter(|id| !own_ids.contains(id.as_str())) {
            report.broken.push(BrokenLink {
                page: SEARCH_INDEX.to_string(),
                link: format!("{page}#{id}"),
                reason: format!(
                    "no element with id `{id}` in `{page}`; a theme's profile template must give each line the id `line.anchor`"
                ),
            });
        }
        for (name, value) in &attributes {
            let link = match *name {
                "href" | "src" => value.as_str(),
                "content" => match value.split_once("url=") {
                    Some((_, url)) => url,
                    None => continue,
                },
                _ => continue,
            };
            let broken = |reason: String| BrokenLink {
                page: page.to_string(),
                link: link.to_string(),
                reason,
            };
            match self.resolve(page, link) {
                Target::External => {}
                Target::Missing(reason) => report.broken.push(broken(reason)),
                Target::File { path, id: None } => debug_assert!(!path.is_empty()),
                Target::File { path, id: Some(id) } if path == page => {
                    if !own_ids.contains(id.as_str()) {
                        report
                            .broken
                            .push(broken(format!("no element with id `{id}` in `{path}`")));
                    }
                }
                Target::File { path, id: Some(id) } => report.anchors.push(AnchorLink {
                    page: page.to_string(),
                    link: link.to_string(),
                    target: path,
                    id,
                }),
            }
        }
        report
    }

    fn resolve(&self, page: &str, link: &str) -> Target {
        let external = ["http://", "https://", "mailto:", "data:", "tel:"];
        if external
            .iter()
            .any(|scheme| link.to_ascii_lowercase().starts_with(scheme))
        {
            return Target::External;
        }
        let (path, id) = match link.split_once('#') {
            Some((path, id)) => (path, Some(id.to_string()).filter(|id| !id.is_empty())),
            None => (link, None),
        };
        let path = path.split('?').next().unwrap_or_default();
        let target = if path.is_empty() {
            page.to_string()
        } else {
            match resolve(page, path) {
                Some(target) => target,
                None => return Target::Missing("climbs above the site root".to_string()),
            }
        };
        if !self.files.contains(&target) {
            return Target::Missing(format!("no file `{target}` in the site"));
        }
        Target::File { path: target, id }
    }
}

enum Target {
    External,
    Missing(String),
    File { path: String, id: Option<String> },
}

/// `  page: `link`: reason` per broken link, the first `most` of them, then how many more.
pub fn list(broken: &[BrokenLink], most: usize) -> String {
    let mut lines: Vec<String> = broken
        .iter()
        .take(most)
        .map(|b| format!("  {}: `{}`: {}", b.page, b.link, b.reason))
        .collect();
    if broken.len() > most {
        lines.push(format!("  … and {} more", broken.len() - most));
    }
    lines.join("\n")
}

/// Checks anchor links against the ids of their target pages; `read` loads a written page.
pub fn check_anchors<'a>(
    anchors: &[AnchorLink],
    read: impl Fn(&str) -> Option<std::borrow::Cow<'a, str>>,
) -> Vec<BrokenLink> {
    let mut by_target: BTreeMap<&str, Vec<&AnchorLink>> = BTreeMap::new();
    for anchor in anchors {
        by_target
            .entry(anchor.target.as_str())
            .or_default()
            .push(anchor);
    }
    let mut broken = Vec::new();
    for (target, links) in by_target {
        let html = read(target).unwrap_or_default();
        let ids = ids_of(&html);
        for link in links.into_iter().filter(|link| !ids.contains(&link.id)) {
            broken.push(BrokenLink {
                page: link.page.clone(),
                link: link.link.clone(),
                reason: format!("no element with id `{}` in `{target}`", link.id),
            });
        }
    }
    broken
}

/// Resolves `link` relative to the folder of `page`; folders resolve to their `index.html`.
fn resolve(page: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for segment in link.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    let target = parts.join("/");
    Some(if target.is_empty() {
        "index.html".to_string()
    } else if link.ends_with('/') {
        format!("{target}/index.html")
    } else {
        target
    })
}

/// The double-quoted `href`, `src`, `id` and `content` attributes of `html`, entity-decoded, in
/// one pass over the text.
fn attributes(html: &str) -> Vec<(&'static str, String)> {
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    for at in memchr::memmem::find_iter(bytes, b"=\"") {
        let name_start = bytes[..at]
            .iter()
            .rposition(|b| !(b.is_ascii_alphanumeric() || *b == b'-'))
            .map_or(0, |i| i + 1);
        let name = match &bytes[name_start..at] {
            b"href" => "href",
            b"src" => "src",
            b"id" => "id",
            b"content" => "content",
            _ => continue,
        };
        let value_start = at + 2;
        if let Some(len) = memchr::memchr(b'"', &bytes[value_start..]) {
            found.push((name, decode_entities(&html[value_start..value_start + len])));
        }
    }
    found
}

/// The `id="…"` values of a page: a scan for that one attribute, as targets of anchor links
/// are whole pages and most of their attributes are links.
fn ids_of(html: &str) -> BTreeSet<String> {
    let bytes = html.as_bytes();
    memchr::memmem::find_iter(bytes, b"id=\"")
        .filter(|&at| at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'-'))
        .filter_map(|at| {
            let value_start = at + 4;
            let len = memchr::memchr(b'"', &bytes[value_start..])?;
            Some(decode_entities(&html[value_start..value_start + len]))
        })
        .collect()
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_resolve_against_the_page_folder() {
        assert_eq!(
            resolve("a/b/index.html", "../c/index.html").as_deref(),
            Some("a/c/index.html")
        );
        assert_eq!(
            resolve("a/index.html", "../").as_deref(),
            Some("index.html")
        );
        assert_eq!(resolve("index.html", "../x"), None);
    }

    #[test]
    fn reports_missing_files_and_anchors() {
        let files: HashSet<String> = ["index.html", "a/index.html"].map(String::from).into();
        let checker = Checker::new(&files);
        let home = r##"<a href="a/index.html#x">a</a> <a href="b/index.html">b</a> <a href="#top">t</a> <a class="x" href="a/index.html#nope">c</a>"##;
        let report = checker.check_page("index.html", home, &[]);
        let broken: Vec<&str> = report.broken.iter().map(|b| b.link.as_str()).collect();
        assert_eq!(broken, ["b/index.html", "#top"]);
        assert_eq!(report.anchors.len(), 2);
        let read = |path: &str| {
            (path == "a/index.html").then_some(std::borrow::Cow::Borrowed(r#"<h2 id="x">x</h2>"#))
        };
        let broken = check_anchors(&report.anchors, read);
        assert_eq!(broken.len(), 1);
        assert_eq!(broken[0].link, "a/index.html#nope");
        assert_eq!(
            broken[0].reason,
            "no element with id `nope` in `a/index.html`"
        );
    }

    #[test]
    fn reads_redirect_targets_and_entity_encoded_links() {
        let files: HashSet<String> = ["index.html"].map(String::from).into();
        let checker = Checker::new(&files);
        let page = r#"<meta http-equiv="refresh" content="0; url=../gone/index.html"><a href="..&#x2F;index.html">up</a>"#;
        let report = checker.check_page("x/index.html", page, &[]);
        let broken: Vec<&str> = report.broken.iter().map(|b| b.link.as_str()).collect();
        assert_eq!(broken, ["../gone/index.html"]);
    }

    #[test]
    fn reports_lines_the_search_index_links_to_but_the_page_lacks() {
        let files: HashSet<String> = ["p/index.html"].map(String::from).into();
        let checker = Checker::new(&files);
        let page = r#"<li id="duty-1">Plans</li><li>Runs</li>"#;
        let wanted = ["duty-1", "duty-2"].map(String::from);
        let report = checker.check_page("p/index.html", page, &wanted);
        assert_eq!(
            report.broken,
            [BrokenLink {
                page: "the search index".to_string(),
                link: "p/index.html#duty-2".to_string(),
                reason: "no element with id `duty-2` in `p/index.html`; a theme's profile template must give each line the id `line.anchor`".to_string(),
            }]
        );
    }
}
