//! "What changes from the previous level" on profile pages, and the related profiles: a fixture
//! role with P3–P5 built into a temp folder, asserted on the written HTML.

mod common;

use std::path::{Path, PathBuf};

const LADDER: &str = "\
tracks:
  - code: P
    name: Professional
levels:
  - code: P3
    name: Professional
    track: P
    years: \"2–5\"
    meaning: Works on defined problems.
    dimensions:
      scope: A single workstream
      autonomy: Works with guidance
      impact: Team outcomes
  - code: P4
    name: Senior Professional
    track: P
    years: \"5–8\"
    meaning: Works independently.
    dimensions:
      scope: Several related workstreams
      autonomy: Works without guidance
      impact: Team outcomes
  - code: P5
    name: Expert Professional
    track: P
    years: \"8–12\"
    meaning: Sets direction.
    dimensions:
      scope: Several related workstreams
      autonomy: Works without guidance
      impact: Organisation outcomes
";

const PLANNING: &str = "\
code: PLAN
name: Planning
description: Plans things.
levels:
  P3:
    jfm_responsibilities:
      - Prepares the plan for the team
      - Files the weekly report
      - Keeps the calendar
    rubrics:
      complexity: Solves routine problems
  P4:
    jfm_responsibilities:
      - Keeps the calendar
      - Prepares the plan for the whole region
      - Owns the quarterly forecast
    rubrics:
      complexity: Solves ambiguous problems
  P5:
    jfm_responsibilities:
      - Keeps the calendar
      - Prepares the plan for the whole region
      - Owns the quarterly forecast
    rubrics:
      complexity: Solves ambiguous problems
";

const AUDIT: &str = "\
code: AUDIT
name: Audit
description: Checks things.
levels:
  P4:
    jfm_responsibilities:
      - Audits the plan
";

/// Builds the fixture canon; returns the temp folder (kept alive) and the site folder.
fn built() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let canon = temp.path().join("canon");
    common::write_canon(
        &canon,
        &[
            ("canon.yaml", common::SETTINGS),
            ("ladder.yaml", LADDER),
            ("ops/family.yaml", common::FAMILY),
            ("ops/planning.yaml", PLANNING),
            ("ops/audit.yaml", AUDIT),
        ],
    );
    let out = temp.path().join("site");
    let output = common::jobframe(
        temp.path(),
        &[
            "build",
            "--canon",
            &canon.to_string_lossy(),
            "--out",
            &out.to_string_lossy(),
        ],
    );
    assert!(output.status.success(), "{}", common::stderr(&output));
    (temp, out)
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The `#changes` section of a page, or `None`.
fn changes_section(html: &str) -> Option<&str> {
    let start = html.find("<section id=\"changes\"")?;
    let end = html[start..].find("</section>").expect("a closed section");
    Some(&html[start..start + end])
}

#[test]
fn the_first_level_of_a_role_has_no_changes_section() {
    let (_temp, out) = built();
    let html = read(&out, "ops/planning/p3/index.html");
    assert_eq!(changes_section(&html), None);
    assert!(!html.contains("id=\"changes\""));
}

#[test]
fn the_changes_section_marks_exactly_the_changed_words_and_lines() {
    let (_temp, out) = built();
    let html = read(&out, "ops/planning/p4/index.html");
    let section = changes_section(&html).expect("P4 has a changes section");
    assert!(section.contains("<h2 id=\"changes-title\">What changes from P3</h2>"));
    let texts = [
        "<dt>Scope</dt><dd><del>A single workstream</del> <ins>Several related workstreams</ins></dd>",
        "<dt>Autonomy</dt><dd>Works <del>with</del> <ins>without</ins> guidance</dd>",
        "<dt>Problem-solving rubric</dt><dd>Solves <del>routine</del> <ins>ambiguous</ins> problems</dd>",
    ];
    for text in texts {
        assert!(section.contains(text), "missing {text} in\n{section}");
    }
    assert_eq!(
        section.matches("<dt>").count(),
        3,
        "only the three texts that differ: {section}"
    );
    assert!(
        !section.contains("<dt>Impact</dt>"),
        "an unchanged dimension is listed"
    );
    let lists = [
        "<ul class=\"lines-added\"><li><ins>Owns the quarterly forecast</ins></li></ul>",
        "<ul class=\"lines-reworded\"><li>Prepares the plan for the <del>team</del> <ins>whole region</ins></li></ul>",
        "<ul class=\"lines-removed\"><li><del>Files the weekly report</del></li></ul>",
    ];
    for list in lists {
        assert!(section.contains(list), "missing {list} in\n{section}");
    }
    assert!(
        !section.contains("Keeps the calendar"),
        "a line present at both levels is listed"
    );
    assert_eq!(
        section.matches("<h3>").count(),
        2,
        "level texts and one list: {section}"
    );
}

#[test]
fn a_level_with_the_same_lists_shows_only_what_differs() {
    let (_temp, out) = built();
    let html = read(&out, "ops/planning/p5/index.html");
    let section = changes_section(&html).expect("P5 has a changes section");
    assert!(section.contains("What changes from P4"));
    assert!(
        section
            .contains("<dt>Impact</dt><dd><del>Team</del> <ins>Organisation</ins> outcomes</dd>")
    );
    assert!(!section.contains("lines-"), "no list differs: {section}");
}

#[test]
fn the_ladder_grid_links_each_later_level_to_its_changes() {
    let (_temp, out) = built();
    let html = read(&out, "ops/planning/index.html");
    let link = |level: &str| {
        format!(
            "<a href=\"../../ops/planning/{level}/index.html#changes\">What changes at {}</a>",
            level.to_uppercase()
        )
    };
    assert!(html.contains(&link("p4")), "{html}");
    assert!(html.contains(&link("p5")));
    assert!(!html.contains("p3/index.html#changes"));
}

#[test]
fn related_profiles_list_the_same_level_in_the_family_and_the_next_level() {
    let (_temp, out) = built();
    let html = read(&out, "ops/planning/p4/index.html");
    let related = &html[html
        .find("<section class=\"related\"")
        .expect("a related section")..];
    let next = "<a href=\"../../../ops/planning/p5/index.html\">Planning — P5</a> <span class=\"code\">OPS.PLAN.P5</span> · <a href=\"../../../compare/index.html?ids=OPS.PLAN.P4,OPS.PLAN.P5\">";
    let same_level = "<a href=\"../../../ops/audit/p4/index.html\">Audit — P4</a> <span class=\"code\">OPS.AUDIT.P4</span> · <a href=\"../../../compare/index.html?ids=OPS.PLAN.P4,OPS.AUDIT.P4\">";
    assert!(related.contains(next), "{related}");
    assert!(related.contains(same_level), "{related}");
    let last = read(&out, "ops/planning/p5/index.html");
    assert!(!last.contains("Next level of this role"));
}
