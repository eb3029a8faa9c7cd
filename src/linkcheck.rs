//! Verifies that every internal link and asset reference the build wrote points at a file it
//! wrote, and every `#anchor` at an element id on the target page.

use std::collections::{BTreeMap, BTreeSet};

/// A reference that leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    pub page: String,
    pub link: String,
    pub reason: String,
}

/// Checks every `.html` file in `files` (root-relative path → bytes).
pub fn check(files: &BTreeMap<&str, &[u8]>) -> Vec<BrokenLink> {
    let html: BTreeMap<&str, String> = files
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (*path, String::from_utf8_lossy(bytes).into_owned()))
        .collect();
    let ids: BTreeMap<&str, BTreeSet<String>> = html
        .iter()
        .map(|(path, text)| (*path, attribute_values(text, "id").into_iter().collect()))
        .collect();
    let mut broken = Vec::new();
    for (page, text) in &html {
        let mut links = attribute_values(text, "href");
        links.extend(attribute_values(text, "src"));
        links.extend(refresh_targets(text));
        for link in links {
            if let Some(reason) = problem(page, &link, files, &ids) {
                broken.push(BrokenLink {
                    page: page.to_string(),
                    link,
                    reason,
                });
            }
        }
    }
    broken
}

fn problem(
    page: &str,
    link: &str,
    files: &BTreeMap<&str, &[u8]>,
    ids: &BTreeMap<&str, BTreeSet<String>>,
) -> Option<String> {
    let external = ["http://", "https://", "mailto:", "data:", "tel:"];
    if external
        .iter()
        .any(|scheme| link.to_ascii_lowercase().starts_with(scheme))
    {
        return None;
    }
    let (path, fragment) = match link.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (link, None),
    };
    let path = path.split('?').next().unwrap_or_default();
    let target = if path.is_empty() {
        page.to_string()
    } else {
        match resolve(page, path) {
            Some(target) => target,
            None => return Some("climbs above the site root".to_string()),
        }
    };
    if !files.contains_key(target.as_str()) {
        return Some(format!("no file `{target}` in the site"));
    }
    match fragment {
        Some(id)
            if !id.is_empty() && !ids.get(target.as_str()).is_some_and(|set| set.contains(id)) =>
        {
            Some(format!("no element with id `{id}` in `{target}`"))
        }
        _ => None,
    }
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
    let mut target = parts.join("/");
    if link.ends_with('/') || target.is_empty() {
        target = if target.is_empty() {
            "index.html".to_string()
        } else {
            format!("{target}/index.html")
        };
    }
    Some(target)
}

/// Every double-quoted value of `name="…"` in `html`, entity-decoded.
fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    let mut values = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&needle) {
        rest = &rest[at + needle.len()..];
        if let Some(end) = rest.find('"') {
            values.push(decode_entities(&rest[..end]));
            rest = &rest[end..];
        }
    }
    values
}

/// Targets of `<meta http-equiv="refresh" content="0; url=…">`.
fn refresh_targets(html: &str) -> Vec<String> {
    attribute_values(html, "content")
        .into_iter()
        .filter_map(|content| content.split_once("url=").map(|(_, url)| url.to_string()))
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

    fn site(pages: &[(&'static str, &'static str)]) -> BTreeMap<&'static str, &'static [u8]> {
        pages
            .iter()
            .map(|(path, html)| (*path, html.as_bytes()))
            .collect()
    }

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
        let files = site(&[
            (
                "index.html",
                r#"<a href="a/index.html#x">a</a> <a href="b/index.html">b</a> <a href="a/index.html#nope">c</a>"#,
            ),
            (
                "a/index.html",
                r#"<h2 id="x">x</h2><a href="..&#x2F;index.html">up</a>"#,
            ),
        ]);
        let broken = check(&files);
        let links: Vec<&str> = broken.iter().map(|b| b.link.as_str()).collect();
        assert_eq!(links, ["b/index.html", "a/index.html#nope"]);
    }
}
