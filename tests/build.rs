//! `jobframe build` end to end: fixture canons built into temp folders, asserting on the files.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{GOOD_LEVELS, decode_entities, jobframe, minimal_canon, stderr, tree, write_canon};

/// Builds the bundled canon (with the bundled theme) into `out`; returns the exit code and stderr.
fn build(canon: &Path, out: &Path, threads: Option<&str>) -> (i32, String) {
    let repo = common::repo();
    let mut command = Command::new(env!("CARGO_BIN_EXE_jobframe"));
    command
        .args(["build", "--canon"])
        .arg(canon)
        .arg("--theme")
        .arg(repo.join("theme"))
        .arg("--out")
        .arg(out)
        .current_dir(out.parent().unwrap());
    match threads {
        Some(n) => command.env("RAYON_NUM_THREADS", n),
        None => command.env_remove("RAYON_NUM_THREADS"),
    };
    let output = command.output().unwrap();
    (output.status.code().unwrap(), stderr(&output))
}

fn bundled() -> PathBuf {
    common::repo().join("canon")
}

/// The bundled canon's site, built once for all tests of this file.
fn built_bundled() -> &'static Path {
    &common::bundled_site().0
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn bundled_canon_builds_every_page_type() {
    let (out, err) = common::bundled_site();
    assert!(err.starts_with("built "), "{err}");
    assert!(err.contains("search: "), "{err}");
    for page in [
        "index.html",
        "404.html",
        "robots.txt",
        "levels/index.html",
        "levels/p5/index.html",
        "search/index.html",
        "channel-partner-sales/index.html",
        "channel-partner-sales/channel-partner-sales/index.html",
        "channel-partner-sales/channel-partner-sales/p5/index.html",
        "channel-partner-sales/channel-partner-sales/p5/goals/index.html",
        "id/CHANNE.CHANNEL.P5/index.html",
        ".jobframe-site",
    ] {
        assert!(out.join(page).is_file(), "missing {page}");
    }
    assert!(
        !out.join("sitemap.xml").exists(),
        "no sitemap without a base_url"
    );
    assert_eq!(read(out, "robots.txt").lines().last(), Some("Disallow: /"));
    let files = tree(out);
    let manifests: Vec<&String> = files
        .keys()
        .filter(|k| k.starts_with("search/manifest-"))
        .collect();
    assert_eq!(manifests.len(), 1);
    let profile = read(
        out,
        "channel-partner-sales/channel-partner-sales/p5/index.html",
    );
    assert!(profile.contains("<a rel=\"prev\" href=\"../../../channel-partner-sales/channel-partner-sales/p4/index.html\">← Channel &amp; Partner Sales — P4</a>"));
    assert!(profile.contains("<a rel=\"next\" href=\"../../../channel-partner-sales/channel-partner-sales/p6/index.html\">Channel &amp; Partner Sales — P6 →</a>"));
    assert!(read(out, "levels/p5/index.html").contains(
        "<a rel=\"prev\" href=\"../../levels/p4/index.html\">← P4 — Senior Professional</a>"
    ));
    let search_page = read(out, "search/index.html");
    assert!(search_page.contains(&format!("data-manifest=\"../{}\"", manifests[0])));
    let redirect = read(out, "id/CHANNE.CHANNEL.P5/index.html");
    assert!(redirect.contains(
        "content=\"0; url=../../channel-partner-sales/channel-partner-sales/p5/index.html\""
    ));
    let name = out.file_name().unwrap().to_string_lossy().into_owned();
    let litter: Vec<String> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|sibling| sibling != &name && sibling.contains(&name))
        .collect();
    assert!(
        litter.is_empty(),
        "staging or lock litter beside the output: {litter:?}"
    );
}

#[test]
fn builds_are_byte_identical_whatever_the_thread_count() {
    let temp = tempfile::tempdir().unwrap();
    let one = temp.path().join("one");
    assert_eq!(build(&bundled(), &one, Some("1")).0, 0);
    let (a, b) = (tree(&one), tree(built_bundled()));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs between builds");
    }
}

#[test]
fn failed_build_leaves_the_previous_site_untouched() {
    let temp = tempfile::tempdir().unwrap();
    let canon = temp.path().join("canon");
    minimal_canon(&canon, GOOD_LEVELS);
    let out = temp.path().join("site");
    assert_eq!(build(&canon, &out, None).0, 0);
    let before = tree(&out);
    write_canon(
        &canon,
        &[(
            "ops/planning.yaml",
            "code: PLAN\nname: Planning\ndescription: x\nlevels:\n  P9: {}\n",
        )],
    );
    let (code, err) = build(&canon, &out, None);
    assert_eq!(code, 1);
    assert!(
        err.contains("error[JF0506]: levels.P9: no level P9 in the ladder"),
        "{err}"
    );
    assert!(
        err.trim_end()
            .ends_with("error: the canon has 1 error; nothing was written"),
        "{err}"
    );
    assert_eq!(tree(&out), before);
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_create() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("docs");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let (code, err) = build(&bundled(), &out, None);
    assert_eq!(code, 2);
    assert_eq!(
        err.trim_end(),
        format!(
            "error: refusing to write the site into `{}`: it is not empty and was not created by jobframe (no .jobframe-site file). Pass an empty or new folder with --out, e.g. --out site",
            out.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn refuses_the_current_folder_and_the_canon_folder() {
    let temp = tempfile::tempdir().unwrap();
    let canon = temp.path().join("canon");
    minimal_canon(&canon, GOOD_LEVELS);
    let theme = common::repo().join("theme");
    for (out, why) in [
        (".", "it is the current folder"),
        ("canon/ops", "it is inside the canon folder"),
    ] {
        let args = [
            "build",
            "--canon",
            "canon",
            "--theme",
            theme.to_str().unwrap(),
            "--out",
            out,
        ];
        let output = jobframe(temp.path(), &args);
        assert_eq!(output.status.code(), Some(2));
        assert!(stderr(&output).contains(why), "{}", stderr(&output));
    }
    assert!(canon.join("ops/planning.yaml").is_file());
}

#[test]
fn rebuild_replaces_its_own_output_and_drops_stale_pages() {
    let temp = tempfile::tempdir().unwrap();
    let canon = temp.path().join("canon");
    minimal_canon(&canon, GOOD_LEVELS);
    let out = temp.path().join("site");
    assert_eq!(build(&canon, &out, None).0, 0);
    assert!(out.join("ops/planning/p5/index.html").is_file());
    minimal_canon(
        &canon,
        "  P4:\n    jfm_responsibilities:\n      - Runs the plan\n",
    );
    assert_eq!(build(&canon, &out, None).0, 0);
    assert!(
        !out.join("ops/planning/p5/index.html").exists(),
        "page of a removed level is gone"
    );
    assert!(out.join("ops/planning/p4/index.html").is_file());
}

#[test]
fn aliases_and_base_url_produce_redirects_and_a_sitemap() {
    let temp = tempfile::tempdir().unwrap();
    let canon = temp.path().join("canon");
    minimal_canon(&canon, GOOD_LEVELS);
    write_canon(
        &canon,
        &[
            ("canon.yaml", &common::settings_with_base_url()),
            (
                "ops/family.yaml",
                "code: OPS\nname: Operations\naliases:\n  slugs: [operations]\n  codes: [OPER]\n",
            ),
        ],
    );
    let out = temp.path().join("site");
    let (code, err) = build(&canon, &out, None);
    assert_eq!(code, 0, "{err}");
    let moved = read(&out, "operations/planning/p4/goals/index.html");
    assert!(
        moved.contains("url=../../../../ops/planning/p4/goals/index.html"),
        "{moved}"
    );
    assert!(out.join("operations/index.html").is_file());
    assert!(
        read(&out, "id/OPER.PLAN.P4/index.html").contains("url=../../ops/planning/p4/index.html")
    );
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://intranet.example.com/careers/ops/planning/p4/</loc>"));
    assert!(
        !sitemap.contains("operations/"),
        "redirects are not in the sitemap"
    );
    let not_found = read(&out, "404.html");
    assert!(
        not_found.contains("href=\"https://intranet.example.com/careers/index.html\""),
        "404 links are absolute with a base_url"
    );
}

#[test]
fn the_404_page_links_from_the_base_url_when_one_is_set_and_relatively_without() {
    let relative = read(built_bundled(), "404.html");
    assert!(asset_links_on_404(&relative, "") >= 3, "{relative}");
    assert!(relative.contains("<link rel=\"stylesheet\" href=\"assets/style."));
    assert!(!relative.contains("rel=\"canonical\""));

    let temp = tempfile::tempdir().unwrap();
    let canon = temp.path().join("canon");
    minimal_canon(&canon, GOOD_LEVELS);
    write_canon(&canon, &[("canon.yaml", &common::settings_with_base_url())]);
    let out = temp.path().join("site");
    let (code, err) = build(&canon, &out, None);
    assert_eq!(code, 0, "{err}");
    let absolute = read(&out, "404.html");
    let assets = asset_links_on_404(&absolute, common::BASE_URL);
    assert!(assets >= 3, "{absolute}");
    assert!(
        !absolute.contains("rel=\"canonical\""),
        "the 404 page stands in for a missing address: {absolute}"
    );
    assert!(
        read(&out, "ops/planning/p4/index.html").contains(&format!(
            "<link rel=\"canonical\" href=\"{}ops/planning/p4/\">",
            common::BASE_URL
        )),
        "other pages keep theirs"
    );
}

/// Asserts that every link on the 404 page `html` but `#fragment` ones is `root` followed by a
/// path inside the site (no leading `/`, no `..`); returns how many lead into `assets/` (the
/// stylesheet, script and favicon at least).
fn asset_links_on_404(html: &str, root: &str) -> usize {
    let mut assets = 0;
    for link in common::link_targets(html) {
        if link.starts_with('#') {
            continue;
        }
        let inside = link
            .strip_prefix(root)
            .unwrap_or_else(|| panic!("`{link}` does not start with `{root}`"));
        assert!(
            !inside.starts_with('/') && !inside.contains("..") && !inside.contains(':'),
            "`{link}`"
        );
        assets += usize::from(inside.starts_with("assets/"));
    }
    assets
}

#[test]
fn broken_link_in_canon_markdown_fails_the_build() {
    let temp = tempfile::tempdir().unwrap();
    let canon = temp.path().join("canon");
    minimal_canon(&canon, GOOD_LEVELS);
    write_canon(
        &canon,
        &[(
            "ops/family.yaml",
            "code: OPS\nname: Operations\ndescription: See [the handbook](handbook.html).\n",
        )],
    );
    let out = temp.path().join("site");
    let (code, err) = build(&canon, &out, None);
    assert_eq!(code, 1);
    assert!(err.contains("broken internal link"), "{err}");
    assert!(
        err.contains("ops/index.html: `handbook.html`: no file `ops/handbook.html` in the site"),
        "{err}"
    );
    assert!(!out.exists());
}

/// Visible text of an HTML page: tags dropped, entities decoded, all whitespace removed.
fn visible_text_without_whitespace(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let decoded = decode_entities(&text);
    decoded.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `html` without its `<pre>` elements (the copy blocks).
fn without_pre_blocks(html: &str) -> String {
    let mut rest = html;
    let mut kept = String::new();
    while let Some(start) = rest.find("<pre") {
        kept.push_str(&rest[..start]);
        let end = rest[start..].find("</pre>").expect("a closed <pre>");
        rest = &rest[start + end + "</pre>".len()..];
    }
    kept + rest
}

/// The reference page's lines of the old system's controls, which the page does not copy: its
/// back link above the title (the breadcrumb holds it) and the toggle of each copy block.
fn reference_chrome(line: &str, number: usize) -> bool {
    number == 0 || line.starts_with("Copy / print as text")
}

#[test]
fn goals_page_shows_the_reference_lines_in_order() {
    let out = built_bundled();
    let html = read(
        out,
        "channel-partner-sales/channel-partner-sales/p5/goals/index.html",
    );
    let body = &html[html.find("<main").unwrap()..];
    // The formatted sections, in order; the copy blocks are compared byte for byte elsewhere.
    let ours = visible_text_without_whitespace(&without_pre_blocks(body));
    let blocks: std::collections::BTreeSet<String> = ["smart", "okrs", "mbo", "scorecard"]
        .iter()
        .flat_map(|name| {
            let block = common::reference(&format!("seed-copy-blocks/{name}.txt"));
            block.lines().map(str::to_string).collect::<Vec<_>>()
        })
        .collect();
    let reference = common::reference("seed-goals-channel-partner-sales-p5.txt");
    let mut from = 0;
    let mut lines = 0;
    for (number, line) in reference.lines().enumerate() {
        if reference_chrome(line, number) || blocks.contains(line) {
            continue;
        }
        let wanted: String = line
            .trim_start()
            .trim_start_matches('•')
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if wanted.is_empty() {
            continue;
        }
        let at = ours[from..]
            .find(&wanted)
            .unwrap_or_else(|| panic!("reference line not found in order: {line}"));
        from += at + wanted.len();
        lines += 1;
    }
    assert!(lines > 60, "compared {lines} lines");
}

#[test]
fn copy_blocks_hold_the_reference_text() {
    let out = built_bundled();
    let html = read(
        out,
        "channel-partner-sales/channel-partner-sales/p5/goals/index.html",
    );
    for (id, file) in [
        ("smart-text", "smart"),
        ("okrs-text", "okrs"),
        ("mbo-text", "mbo"),
    ] {
        let start = html
            .find(&format!("<pre id=\"{id}\" tabindex=\"0\">"))
            .unwrap();
        let text = &html[start..];
        let text = &text[text.find('>').unwrap() + 1..text.find("</pre>").unwrap()];
        let decoded = decode_entities(text);
        assert_eq!(
            decoded,
            common::reference(&format!("seed-copy-blocks/{file}.txt")),
            "{id}"
        );
    }
}

#[test]
fn seed_goals_page_is_three_clicks_from_home() {
    let out = built_bundled();
    let target = "channel-partner-sales/channel-partner-sales/p5/goals/index.html";
    let mut frontier = vec![("index.html".to_string(), 0)];
    let mut seen = std::collections::BTreeSet::new();
    let mut clicks = None;
    while let Some((page, depth)) = frontier.first().cloned() {
        frontier.remove(0);
        if page == target {
            clicks = Some(depth);
            break;
        }
        if depth == 3 || !seen.insert(page.clone()) {
            continue;
        }
        let html = read(out, &page);
        let dir = Path::new(&page).parent().unwrap().to_path_buf();
        for link in html
            .split("href=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
        {
            if link.starts_with('#') || link.starts_with("http") || !link.ends_with(".html") {
                continue;
            }
            let joined = dir.join(link);
            let mut parts: Vec<String> = Vec::new();
            for part in joined.components() {
                match part {
                    std::path::Component::ParentDir => {
                        parts.pop();
                    }
                    std::path::Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
                    _ => {}
                }
            }
            frontier.push((parts.join("/"), depth + 1));
        }
    }
    assert!(
        clicks.is_some_and(|c| c <= 3),
        "goals page reached in {clicks:?} clicks"
    );
}

#[test]
fn search_index_finds_the_seed_profile_by_a_responsibility_word() {
    let out = built_bundled();
    let files = tree(out);
    let index = common::search_index::SearchIndex::of(&files);
    let stem = index.stem_of("spokesperson").expect("a word of the site");
    let docs = index.docs();
    let found: Vec<String> = index
        .postings(&stem)
        .into_iter()
        .map(|(doc, mask)| {
            assert_eq!(mask, 4, "only in lines");
            docs[doc as usize]["i"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(found, ["CHANNE.CHANNEL.P5"]);
    let profile = read(
        out,
        "channel-partner-sales/channel-partner-sales/p5/index.html",
    );
    assert!(profile.contains("<li id=\"duty-5\">Serves as external channel spokesperson"));
}

#[test]
fn goals_page_of_a_profile_without_rows_keeps_its_header_and_invents_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let canon = temp.path().join("canon");
    minimal_canon(&canon, "  P5:\n    summary: Being defined.\n");
    let out = temp.path().join("site");
    let (code, err) = build(&canon, &out, None);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning[JF0510]: levels.P5: profile has no core_outputs"),
        "warnings are shown: {err}"
    );
    let html = read(&out, "ops/planning/p5/goals/index.html");
    assert!(html.contains("<h1>Goal templates — Planning — P5</h1>"));
    assert!(
        html.contains("<p class=\"subline\">Operations · Planning · P5 — Expert Professional · ")
    );
    assert!(html.contains("verbatim Acme Canon canon text"));
    assert!(html.contains("Rows are omitted, never invented"));
    for section in [
        "id=\"smart\"",
        "id=\"okrs\"",
        "id=\"mbo\"",
        "id=\"scorecard\"",
        "<pre",
    ] {
        assert!(
            !html.contains(section),
            "no {section} on a page without rows"
        );
    }
}

#[test]
fn built_in_theme_is_the_repository_theme() {
    let temp = tempfile::tempdir().unwrap();
    let with_folder = built_bundled();
    let built_in = temp.path().join("built-in");
    let output = jobframe(
        temp.path(),
        &[
            "build",
            "--canon",
            bundled().to_str().unwrap(),
            "--out",
            "built-in",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        tree(with_folder) == tree(&built_in),
        "built-in theme differs from theme/"
    );
}

#[test]
fn home_page_of_a_large_canon_lists_families_not_every_role() {
    let temp = tempfile::tempdir().unwrap();
    let canon = temp.path().join("canon");
    minimal_canon(&canon, GOOD_LEVELS);
    let role =
        |n: usize| format!("code: R{n}\nname: Role {n}\ndescription: x\nlevels:\n{GOOD_LEVELS}");
    let roles: Vec<(String, String)> = (0..301)
        .map(|n| (format!("ops/role-{n}.yaml"), role(n)))
        .collect();
    let files: Vec<(&str, &str)> = roles
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_str()))
        .collect();
    write_canon(&canon, &files);
    let out = temp.path().join("site");
    let (code, err) = build(&canon, &out, None);
    assert_eq!(code, 0, "{err}");
    let home = read(&out, "index.html");
    assert!(home.contains(
        "<a href=\"ops/index.html\">Operations</a> <span class=\"meta\">302 roles</span>"
    ));
    assert!(
        !home.contains("role-1/"),
        "roles are listed on the family page, not the home page"
    );
    assert!(read(&out, "ops/index.html").contains("href=\"../ops/role-1/index.html\""));
}
