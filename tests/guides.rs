//! Guide pages (`pages/**/*.md`): every canon link form resolves and is link-checked, mistakes
//! are reported at their file, line and column, raw HTML stays inert, reserved and colliding
//! addresses are refused, and the pages reach the menu, the home page and the search index.

mod common;

use std::path::Path;

use common::{GOOD_LEVELS, check_lines, jobframe, minimal_canon, stderr, write_canon};

/// A small valid canon (role `OPS.PLAN`, levels P4 and P5) with the given guide pages.
fn canon_with_pages(pages: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let canon = dir.path().join("canon");
    minimal_canon(&canon, GOOD_LEVELS);
    let files: Vec<(String, &str)> = pages
        .iter()
        .map(|(name, text)| (format!("pages/{name}"), *text))
        .collect();
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    write_canon(&canon, &files);
    dir
}

/// Builds `dir/canon` into `dir/site`; panics with the build's output when it fails.
fn build(dir: &Path) {
    let output = jobframe(dir, &["build", "--canon", "canon", "--out", "site"]);
    assert!(output.status.success(), "{}", stderr(&output));
}

fn read(dir: &Path, page: &str) -> String {
    std::fs::read_to_string(dir.join("site").join(page))
        .unwrap_or_else(|error| panic!("{page}: {error}"))
}

/// The hrefs of the `<a>` elements inside the page's guide text.
fn body_links(html: &str) -> Vec<String> {
    let start = html.find("guide-body").expect("the guide text");
    let body = &html[start..html[start..].find("</article>").unwrap() + start];
    common::link_targets(body)
}

const LINKING: &str = "---
title: Planning guide
description: How planning grows.
nav_order: 2
---

Read [the P5 profile](id:OPS.PLAN.P5), [its goals](id:OPS.PLAN.P5#goals), its
[first duty](id:OPS.PLAN.P5#duty-1), [level P4](level:P4), [the role](role:ops/planning),
[onboarding](../team/onboarding/index.html) and [the web](https://example.com/).

## Steps

Text.
";

const NESTED: &str = "---
title: Onboarding
nav: false
---

Back to [the guide](../../planning/index.html) and [P4](level:P4).
";

#[test]
fn every_link_form_resolves_to_a_relative_url() {
    let dir = canon_with_pages(&[("planning.md", LINKING), ("team/onboarding.md", NESTED)]);
    build(dir.path());
    let guide = read(dir.path(), "planning/index.html");
    assert_eq!(
        body_links(&guide),
        [
            "../ops/planning/p5/index.html",
            "../ops/planning/p5/goals/index.html",
            "../ops/planning/p5/index.html#duty-1",
            "../levels/p4/index.html",
            "../ops/planning/index.html",
            "../team/onboarding/index.html",
            "https://example.com/",
            "#steps",
        ]
    );
    let nested = read(dir.path(), "team/onboarding/index.html");
    assert_eq!(
        body_links(&nested),
        ["../../planning/index.html", "../../levels/p4/index.html"]
    );
    // The Guide menu and the home page list the page with a menu entry, not the `nav: false` one.
    let home = read(dir.path(), "index.html");
    assert!(
        home.contains("<a href=\"planning/index.html\">Planning guide</a>"),
        "{home}"
    );
    assert!(
        !home.contains("team/onboarding"),
        "nav: false is left out of the lists"
    );
    assert!(nested.contains("<a href=\"../../planning/index.html\">Planning guide</a>"));
}

#[test]
fn broken_links_in_a_page_fail_the_build_at_their_line() {
    let broken = LINKING
        .replace("#duty-1", "#duty-9")
        .replace("../team/onboarding/", "../team/onbording/");
    let dir = canon_with_pages(&[("planning.md", &broken), ("team/onboarding.md", NESTED)]);
    let output = jobframe(dir.path(), &["build", "--canon", "canon", "--out", "site"]);
    assert_eq!(output.status.code(), Some(1));
    let page = Path::new("canon").join("pages/planning.md");
    let page = page.display();
    assert_eq!(
        stderr(&output).trim_end(),
        format!(
            "error: 2 broken internal links; nothing was written:
  {page}:9:1 (planning/index.html): `../team/onbording/index.html`: no file `team/onbording/index.html` in the site
  {page}:8:1 (planning/index.html): `../ops/planning/p5/index.html#duty-9`: no element with id `duty-9` in `ops/planning/p5/index.html`"
        )
    );
    assert!(!dir.path().join("site").exists(), "nothing was written");
}

#[test]
fn unknown_canon_targets_fail_check_with_their_place_and_a_hint() {
    let page = "---
title: Links
---

See [a](id:OPS.PLAN.P9), [b](id:OPS.PLNA.P5) and
[c](level:P6), [d](role:ops/planing), [e](id:FOO), [f](level:), [g](role:ops).
";
    let dir = canon_with_pages(&[("links.md", page)]);
    let (code, lines) = check_lines(&dir.path().join("canon"));
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "pages/links.md:5:5: error[JF0805]: no profile `OPS.PLAN.P9`: the role `OPS.PLAN` (Planning) has levels P4, P5",
            "pages/links.md:5:26: error[JF0805]: no profile `OPS.PLNA.P5` in the canon; did you mean `OPS.PLAN.P5`?",
            "pages/links.md:6:1: error[JF0805]: no level `P6` in the ladder; the ladder's levels are P4, P5",
            "pages/links.md:6:16: error[JF0805]: no role `ops/planing` (family folder / role file) in the canon; did you mean `ops/planning`?",
            "pages/links.md:6:39: error[JF0804]: `id:FOO` is not a profile link: write id:FAMILY.ROLE.LEVEL, e.g. id:SALES.ACCTEXEC.P3",
            "pages/links.md:6:52: error[JF0804]: `level:` names no level: write e.g. level:P5",
            "pages/links.md:6:65: error[JF0804]: `role:ops` is not a role link: write role:FAMILY-FOLDER/ROLE-FILE, e.g. role:sales/account-executive",
        ]
    );
}

#[test]
fn links_by_former_names_still_lead_to_the_page_with_a_warning() {
    let dir = canon_with_pages(&[(
        "links.md",
        "---\ntitle: Links\n---\n[old](id:OPS.PLANNING.P5#goals) and [older](role:ops/plans)\n",
    )]);
    let canon = dir.path().join("canon");
    let role = std::fs::read_to_string(canon.join(common::ROLE_FILE)).unwrap();
    let role = role.replace(
        "name: Planning\n",
        "name: Planning\naliases:\n  codes: [PLANNING]\n  slugs: [plans]\n",
    );
    std::fs::write(canon.join(common::ROLE_FILE), role).unwrap();
    let (code, lines) = check_lines(&canon);
    assert_eq!(code, 0, "a warning, not an error");
    assert_eq!(
        lines,
        [
            "pages/links.md:4:1: warning[JF0806]: `id:OPS.PLANNING.P5#goals` uses a former name: write `id:OPS.PLAN.P5#goals`",
            "pages/links.md:4:37: warning[JF0806]: `role:ops/plans` uses a former name: write `role:ops/planning`",
        ]
    );
    build(dir.path());
    assert_eq!(
        body_links(&read(dir.path(), "links/index.html")),
        [
            "../ops/planning/p5/goals/index.html",
            "../ops/planning/index.html"
        ]
    );
}

#[test]
fn front_matter_mistakes_are_located_in_the_file() {
    let dir = canon_with_pages(&[
        ("typo.md", "---\ntitle: Typo\nnav_oder: 1\n---\nText.\n"),
        ("untitled.md", "---\ndescription: Says what.\n---\nText.\n"),
        ("bare.md", "# Just Markdown\n"),
        ("open.md", "---\ntitle: Open\n\nText.\n"),
        ("order.md", "---\ntitle: Order\nnav_order: first\n---\n"),
    ]);
    let (code, lines) = check_lines(&dir.path().join("canon"));
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "pages/bare.md:1:1: error[JF0801]: a guide page starts with front matter: a line `---`, `title: …`, and a line `---`",
            "pages/open.md:1:1: error[JF0802]: the front matter has no closing line `---`",
            "pages/order.md:3:1: error[JF0304]: nav_order: wrong type: expected a whole number, found string \"first\"",
            "pages/typo.md:3:1: error[JF0301]: nav_oder: unknown key `nav_oder`; did you mean `nav_order`?",
            "pages/untitled.md:2:1: error[JF0303]: missing required key `title`",
        ]
    );
}

#[test]
fn raw_html_and_script_urls_in_a_page_are_inert() {
    let page = "---
title: Hostile
---

<script>alert(1)</script>

Inline <img src=x onerror=alert(2)> and [a link](javascript:alert(3)).

```html
<script>alert(4)</script>
```
";
    let dir = canon_with_pages(&[("hostile.md", page)]);
    build(dir.path());
    let html = read(dir.path(), "hostile/index.html");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(
        html.contains("&lt;img src=x onerror=alert(2)&gt;"),
        "{html}"
    );
    assert!(html.contains("<a href=\"#\">a link</a>"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(4)&lt;/script&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<img src=x"));
    assert!(!html.contains("javascript:"));
}

#[test]
fn reserved_colliding_and_badly_named_pages_are_refused() {
    let page = "---\ntitle: A page\n---\nText.\n";
    let dir = canon_with_pages(&[
        ("levels.md", page),
        ("search.md", page),
        ("ops.md", page),
        ("Team_Notes.md", page),
        ("notes.txt", page),
        ("a/b/c/d/e/deep.md", page),
    ]);
    let (code, lines) = check_lines(&dir.path().join("canon"));
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "pages/Team_Notes.md:1:1: error[JF0402]: `Team_Notes` is not a URL slug: guide pages and their folders are named with a-z, 0-9 and `-` (their names become the page's address); rename it",
            "pages/a/b/c/d/e: error[JF0112]: folder too deep: guide pages sit at most 4 folders below `pages/` (e.g. `pages/a/b/c/d/page.md`); move its pages up",
            "pages/levels.md:1:1: error[JF0405]: guide page address `levels/` is reserved for the site's own pages; rename the file or folder",
            "pages/notes.txt: error[JF0111]: `pages/` holds only guide pages, written in Markdown and named `<page>.md`; rename this file or move it out of the canon",
            "pages/ops.md:1:1: error[JF0404]: duplicate URL path `ops/` (names are compared ignoring case); first used at ops/family.yaml:1:1",
            "pages/search.md:1:1: error[JF0405]: guide page address `search/` is reserved for the site's own pages; rename the file or folder",
        ]
    );
}

#[test]
fn a_family_folder_named_pages_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    minimal_canon(dir.path(), GOOD_LEVELS);
    write_canon(
        dir.path(),
        &[("pages/family.yaml", "code: PAGES\nname: Pages\n")],
    );
    let (code, lines) = check_lines(dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "pages/family.yaml: error[JF0111]: `pages/` holds only guide pages, written in Markdown and named `<page>.md`; rename this file or move it out of the canon"
        ]
    );
}

#[test]
fn guide_pages_are_searchable_by_title_and_text_with_heading_anchors() {
    let page = "---
title: Planning guide
description: How planning grows.
---

Opening words.

## Quarterly rhythm

Planners meet fortnightly.
";
    let dir = canon_with_pages(&[("planning.md", page)]);
    build(dir.path());
    let site = dir.path().join("site");
    let files = common::tree(&site);
    let index = common::search_index::SearchIndex::of(&files);
    assert_eq!(index.manifest["version"], 4);
    assert_eq!(
        index.manifest["profiles"], 2,
        "two profiles, then the guide page"
    );
    assert_eq!(index.manifest["family_sizes"], serde_json::json!([2]));
    assert_eq!(
        index.docs()[2],
        serde_json::json!({
            "t": "Planning guide",
            "u": "planning/index.html",
            "g": "How planning grows.",
            "n": [
                ["", "Opening words."],
                ["quarterly-rhythm", "Quarterly rhythm"],
                ["quarterly-rhythm", "Planners meet fortnightly."],
            ],
        })
    );
    // The word is indexed in the guide's lines (mask 4), its title (1) and description (2).
    assert_eq!(index.postings("fortnight"), [(2, 4)]);
    assert_eq!(index.postings("guid"), [(2, 1)]);
    assert_eq!(index.postings("grow"), [(2, 2)]);
    let html = read(dir.path(), "planning/index.html");
    assert!(
        html.contains("<h2 id=\"quarterly-rhythm\">Quarterly rhythm "),
        "{html}"
    );
}

#[test]
fn oversized_pages_and_too_many_pages_are_refused() {
    let big = format!("---\ntitle: Big\n---\n{}\n", "Words. ".repeat(80_000));
    let dir = canon_with_pages(&[("big.md", &big)]);
    let (code, lines) = check_lines(&dir.path().join("canon"));
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [format!(
            "pages/big.md:1:1: error[JF0803]: guide page of {} bytes; a guide page may have at most 524,288 (about 75,000 words): split it into several pages",
            jobframe::canon::limits::thousands(big.len())
        )]
    );

    let many: Vec<(String, String)> = (0..1_001)
        .map(|n| (format!("p{n}.md"), format!("---\ntitle: Page {n}\n---\n")))
        .collect();
    let many: Vec<(&str, &str)> = many.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let dir = canon_with_pages(&many);
    let (code, lines) = check_lines(&dir.path().join("canon"));
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "pages: error[JF0605]: 1,001 guide pages; the limit is 1,000: real sites have 3–30, and the home page lists them all; merge pages or keep the rest elsewhere"
        ]
    );
}

#[test]
fn a_long_guide_menu_ends_with_a_link_to_the_full_list() {
    let pages: Vec<(String, String)> = (1..=14)
        .map(|n| {
            (
                format!("page-{n:02}.md"),
                format!("---\ntitle: Page {n:02}\nnav_order: {n}\n---\nText.\n"),
            )
        })
        .collect();
    let pages: Vec<(&str, &str)> = pages
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let dir = canon_with_pages(&pages);
    build(dir.path());
    let levels = read(dir.path(), "levels/index.html");
    let menu = &levels[levels.find("<details>").unwrap()..levels.find("</details>").unwrap()];
    let entries = common::link_targets(menu);
    assert_eq!(entries.len(), 13, "{menu}");
    assert_eq!(entries[0], "../page-01/index.html");
    assert_eq!(entries[11], "../page-12/index.html");
    assert_eq!(entries[12], "../index.html#guides");
    assert!(menu.contains(">All guide pages</a>"));
    // The home page lists all fourteen.
    let home = read(dir.path(), "index.html");
    assert!(home.contains("<a href=\"page-14/index.html\">Page 14</a>"));
    assert!(home.contains("id=\"guides\""));
}

#[test]
fn a_custom_theme_without_guide_html_is_refused_when_the_canon_has_pages() {
    let dir = canon_with_pages(&[("planning.md", LINKING), ("team/onboarding.md", NESTED)]);
    let theme = dir.path().join("theme");
    common::copy_theme(&theme);
    std::fs::remove_file(theme.join("templates/guide.html")).unwrap();
    let output = jobframe(
        dir.path(),
        &[
            "build", "--canon", "canon", "--theme", "theme", "--out", "site",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output).trim_end(),
        "error: theme `theme` has no template `templates/guide.html`, which the canon's guide pages (pages/) needs; copy it from jobframe's own theme/templates/ and restyle it (docs/theming.md describes what it receives)"
    );
    // Without pages, the same theme builds.
    std::fs::remove_dir_all(dir.path().join("canon/pages")).unwrap();
    let output = jobframe(
        dir.path(),
        &[
            "build", "--canon", "canon", "--theme", "theme", "--out", "site",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn the_bundled_guides_link_into_real_profiles() {
    let (site, _) = common::bundled_site();
    for (page, title) in [
        ("reading-a-profile/index.html", "How to read a profile"),
        (
            "goal-templates/index.html",
            "Using the goal templates in a review",
        ),
        ("levels-and-tracks/index.html", "How levels and tracks work"),
        ("promotion-faq/index.html", "Promotion FAQ"),
    ] {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        assert!(html.contains(&format!("<h1>{title}</h1>")), "{page}");
        let into_canon = body_links(&html)
            .into_iter()
            .filter(|href| href.contains("/p") || href.contains("levels/"))
            .count();
        assert!(
            into_canon >= 2,
            "{page} links into the canon {into_canon} times"
        );
    }
}
