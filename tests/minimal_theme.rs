//! The example theme `examples/themes/minimal/` publishes the bundled canon: the build (which
//! refuses broken links and anchors) succeeds, the reference goals page holds the four plain-text
//! blocks byte for byte, search results land on lines the profile pages have, and the pages are
//! the minimal theme's own, within the same Content-Security-Policy as the built-in theme.

mod common;

use std::collections::BTreeMap;

use common::{decode_entities, jobframe, stderr, tree};

const GOALS_PAGE: &str = "channel-partner-sales/channel-partner-sales/p5/goals/index.html";

/// Every file of the bundled canon's site built with the minimal theme, path → bytes.
type Site = BTreeMap<String, Vec<u8>>;

fn text<'a>(site: &'a Site, path: &str) -> &'a str {
    let bytes = site
        .get(path)
        .unwrap_or_else(|| panic!("{path} is not in the site"));
    std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn html_pages(site: &Site) -> impl Iterator<Item = (&str, &str)> {
    site.keys()
        .filter(|path| path.ends_with(".html"))
        .map(|path| (path.as_str(), text(site, path)))
}

/// The content of the element that starts with `open` (e.g. `<pre id="x"`) up to `close`.
fn element<'a>(html: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = html.find(open)?;
    let rest = &html[start..];
    let body = &rest[rest.find('>')? + 1..];
    Some(&body[..body.find(close)?])
}

/// One build of the bundled canon with the minimal theme, checked from several sides. One test
/// rather than several, so the canon is built once and its temporary folder is removed.
#[test]
fn bundled_canon_builds_with_the_minimal_theme() {
    let repo = common::repo();
    let temp = tempfile::tempdir().unwrap();
    let output = jobframe(
        temp.path(),
        &[
            "build",
            "--canon",
            repo.join("canon").to_str().unwrap(),
            "--theme",
            repo.join("examples/themes/minimal").to_str().unwrap(),
            "--out",
            "site",
        ],
    );
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(err.starts_with("built "), "{err}");
    let site = tree(&temp.path().join("site"));

    copy_blocks_are_byte_exact(&site);
    pages_are_the_minimal_themes(&site);
    pages_keep_the_content_security_policy(&site);
    search_results_land_on_profile_lines(&site);
}

/// The four frameworks of the reference page, each followed by its plain-text block, which is
/// the reference text exactly once HTML escaping is undone.
fn copy_blocks_are_byte_exact(site: &Site) {
    let html = text(site, GOALS_PAGE);
    for name in ["smart", "okrs", "mbo", "scorecard"] {
        assert!(
            html.contains(&format!("<h2 id=\"{name}\">")),
            "{name} section"
        );
        let open = format!("<pre id=\"{name}-text\"");
        assert_eq!(html.matches(&open).count(), 1, "one {name} block");
        let block = element(html, &open, "</pre>").unwrap();
        assert_eq!(
            decode_entities(block),
            common::reference(&format!("seed-copy-blocks/{name}.txt")),
            "{name}-text differs from tests/reference/seed-copy-blocks/{name}.txt"
        );
    }
}

/// The minimal theme's stylesheet on every page, none of the built-in theme's assets anywhere,
/// and a script only on the search page: its own.
fn pages_are_the_minimal_themes(site: &Site) {
    let assets: Vec<&str> = site
        .keys()
        .filter_map(|path| path.strip_prefix("assets/"))
        .collect();
    let has = |stem: &str, ext: &str| {
        assets
            .iter()
            .any(|name| name.starts_with(stem) && name.ends_with(ext))
    };
    assert!(
        has("minimal.", ".css") && has("search.", ".js") && has("compare.", ".js"),
        "{assets:?}"
    );
    assert!(!has("style.", ".css") && !has("site.", ".js"), "{assets:?}");
    let mut pages = 0;
    for (path, html) in html_pages(site) {
        if html.contains("http-equiv=\"refresh\"") {
            continue;
        }
        pages += 1;
        assert!(
            html.contains("<link rel=\"stylesheet\" href=\"") && html.contains("assets/minimal."),
            "{path} links the minimal stylesheet"
        );
        let scripts = html.matches("<script").count();
        // The search engine the build writes beside the index, then the theme's own script.
        let engine = "<script src=\"../search/engine-";
        if path == "search/index.html" {
            assert_eq!(scripts, 2, "{path}");
            assert!(html.contains(engine), "{path}");
            assert!(html.contains("<script src=\"../assets/search."), "{path}");
            assert!(html.contains("<form id=\"search-form\""), "{path}");
        } else if path == "compare/index.html" {
            assert_eq!(scripts, 2, "{path}");
            assert!(html.contains(engine), "{path}");
            assert!(html.contains("<script src=\"../assets/compare."), "{path}");
        } else {
            assert_eq!(scripts, 0, "{path} has no script");
        }
    }
    assert!(pages > 300, "checked {pages} pages");
}

/// The same policy as the built-in theme: scripts and styles from the site only, so nothing
/// inline; redirect pages allow no script at all.
fn pages_keep_the_content_security_policy(site: &Site) {
    const PAGE_POLICY: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'\">";
    const REDIRECT_POLICY: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'\">";
    for (path, html) in html_pages(site) {
        let policy = if html.contains("http-equiv=\"refresh\"") {
            REDIRECT_POLICY
        } else {
            PAGE_POLICY
        };
        assert_eq!(html.matches(policy).count(), 1, "{path}: its policy");
        assert_eq!(
            html.matches("Content-Security-Policy").count(),
            1,
            "{path}: one policy"
        );
        for inline in ["<style", " style=", "<script>", "javascript:", " onclick="] {
            assert!(!html.contains(inline), "{path} has `{inline}`");
        }
    }
}

/// The search index links each matched line to `#anchor` on its page. The build's link check
/// reads the anchors, not the index, so this does: every line of every indexed profile is an
/// element with that id on the page, holding that line's text, and every line of a guide page
/// sits under a heading with its anchor as id.
fn search_results_land_on_profile_lines(site: &Site) {
    let index = common::search_index::SearchIndex::of(site);
    assert_eq!(
        index.manifest["version"], 4,
        "the index format the engine reads"
    );
    let (mut lines, mut guide_lines) = (0, 0);
    for doc in index.docs() {
        let page = doc["u"].as_str().unwrap();
        let html = text(site, page);
        for line in doc["n"].as_array().unwrap() {
            let (anchor, wanted) = (line[0].as_str().unwrap(), line[1].as_str().unwrap());
            if doc.get("g").is_some() {
                assert!(
                    anchor.is_empty() || html.contains(&format!(" id=\"{anchor}\">")),
                    "{page} has no heading #{anchor}"
                );
                guide_lines += 1;
                continue;
            }
            let shown = element(html, &format!("<li id=\"{anchor}\""), "</li>")
                .unwrap_or_else(|| panic!("{page} has no line #{anchor}"));
            assert_eq!(decode_entities(shown), wanted, "{page}#{anchor}");
            lines += 1;
        }
    }
    assert!(lines > 500, "checked {lines} lines");
    assert!(guide_lines > 50, "checked {guide_lines} guide lines");
}
