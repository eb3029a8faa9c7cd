//! `jobframe diff` and `build --previous` on fixture canons: each kind of change, exit codes,
//! canons with errors, Git revisions and the published changes page.

mod common;

use std::path::Path;
use std::process::Command;

use common::{jobframe, next_release, repo, stderr, stdout};

/// The bundled canon and its next release, side by side in a temporary folder.
fn releases() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy(&repo().join("canon"), &dir.path().join("old"));
    next_release::write(&repo().join("canon"), &dir.path().join("new")).unwrap();
    dir
}

fn copy(from: &Path, to: &Path) {
    next_release::copy_dir(from, to).expect("the canon is copied");
}

fn json_diff(dir: &Path, old: &str, new: &str) -> serde_json::Value {
    let output = jobframe(dir, &["diff", old, new, "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).expect("diff --format json prints JSON")
}

#[test]
fn a_canon_does_not_differ_from_itself() {
    let output = jobframe(&repo(), &["diff", "canon", "canon"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "Canon changes: JobFrame 2026.4 (2026-10-01)\nNo differences.\n"
    );
}

#[test]
fn every_kind_of_change_is_reported_once() {
    let dir = releases();
    let diff = json_diff(dir.path(), "old", "new");
    let counts = &diff["counts"];
    assert_eq!(counts["settings"], 2);
    assert_eq!(counts["levels"]["changed"], 1);
    assert_eq!(counts["roles"]["renamed"], 1, "{counts}");
    assert_eq!(counts["roles"]["moved"], 1);
    assert_eq!(counts["roles"]["added"], 1);
    assert_eq!(
        counts["roles"]["removed"], 0,
        "renames and moves are not removals"
    );
    assert_eq!(counts["profiles"]["removed"], 1);
    assert_eq!(counts["profiles"]["added"], 2);
    assert_eq!(counts["guides"]["changed"], 1, "{counts}");

    // A reworded guide paragraph; a link moved to the new ID changes no text.
    let guides = diff["guides"].as_array().unwrap();
    assert_eq!(guides.len(), 1, "{guides:?}");
    assert_eq!(guides[0]["path"], "promotion-faq");
    assert_eq!(guides[0]["status"], "changed");
    assert_eq!(guides[0]["text"]["reworded"].as_array().unwrap().len(), 1);

    let level = &diff["levels"][0];
    assert_eq!(level["code"], "S1");
    assert_eq!(level["fields"][0]["field"], "meaning");

    let families = diff["families"].as_array().unwrap();
    let role = |code: &str| {
        families
            .iter()
            .flat_map(|f| f["roles"].as_array().unwrap())
            .find(|r| r["code"] == code)
            .unwrap_or_else(|| panic!("role {code} listed"))
            .clone()
    };
    let alliances = role("ALLIANCES");
    assert_eq!(alliances["renamed_from"]["code"], "ALLIANCE");
    assert_eq!(alliances["renamed_from"]["recognised_by"], "alias");
    let p4 = &alliances["profiles"][0];
    assert_eq!(p4["id"], "CHANNE.ALLIANCES.P4");
    assert_eq!(p4["before_id"], "CHANNE.ALLIANCE.P4");
    let lists = p4["lists"].as_array().unwrap();
    let skills = lists
        .iter()
        .find(|l| l["list"] == "components.skills")
        .unwrap();
    assert_eq!(skills["reordered"], true);
    assert!(skills["added"].as_array().unwrap().is_empty(), "{skills}");
    assert!(skills["removed"].as_array().unwrap().is_empty());
    let duties = lists
        .iter()
        .find(|l| l["list"] == "jfm_responsibilities")
        .unwrap();
    assert_eq!(duties["reworded"].as_array().unwrap().len(), 1);
    assert_eq!(duties["reordered"], false);

    let enablement = role("PARTENAB");
    assert_eq!(enablement["moved_from"]["code"], "CHANNE");
    assert_eq!(role("PPLANLYT")["status"], "added");
    let counsel = role("COMMCNSL");
    assert_eq!(counsel["profiles"][0]["id"], "LEGAL.COMMCNSL.E2");
    assert_eq!(counsel["profiles"][0]["status"], "removed");

    // legal/general.yaml only gained a comment.
    assert!(!families.iter().any(|f| {
        f["roles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["slug"] == "general")
    }));

    let schema = serde_json::from_slice(&jobframe(&repo(), &["schema", "diff"]).stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let problems: Vec<String> = validator
        .iter_errors(&diff)
        .map(|e| e.to_string())
        .collect();
    assert!(
        problems.is_empty(),
        "diff --format json fits its schema: {problems:?}"
    );

    let frames = diff["consequences"]["frames"].as_array().unwrap();
    assert!(
        frames.iter().any(|f| f["id"] == "CHANNE.ALLIANCES.P5"
            && f["changes"].as_array().unwrap().iter().any(
                |c| c == "MBO areas now from component responsibilities (was: own rows reused)"
            )),
        "{frames:?}"
    );
}

#[test]
fn the_human_report_names_each_change() {
    let dir = releases();
    let output = jobframe(dir.path(), &["diff", "old", "new"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    for expected in [
        "Canon changes: JobFrame 2026.4 → 2026.5 (2026-10-01 → 2027-01-01)",
        "  Version: [-2026.4-] {+2026.5+}",
        "  ~ role ALLIANCES Alliances (renamed from ALLIANCE (alliances), recognised by its aliases)",
        "          ~ Builds co-selling motions with [-alliance-] partner field teams and [-tracks-] {+reports+} joint pipeline {+monthly+}",
        "        Skills: reordered",
        "    CHANNE.ALLIANCES.P5: MBO areas now from component responsibilities (was: own rows reused)",
        "Guide pages\n  ~ promotion-faq/ Promotion FAQ\n      Text:\n        ~ Start with your {+line+} manager,",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(!text.contains('\u{1b}'), "no colour when not on a terminal");
    let coloured = stdout(&jobframe(
        dir.path(),
        &["diff", "old", "new", "--color", "always"],
    ));
    assert!(coloured.contains("\u{1b}["));
}

#[test]
fn whitespace_comments_and_key_order_are_not_differences() {
    let dir = tempfile::tempdir().unwrap();
    copy(&repo().join("canon"), &dir.path().join("new"));
    let settings = dir.path().join("new/canon.yaml");
    let text = std::fs::read_to_string(&settings).unwrap();
    // Keys in another order, another quoting style, comments and blank lines.
    let mut lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    lines.reverse();
    let rewritten =
        format!("# reordered\n\n{}\n", lines.join("\n\n")).replace("\"2026.4\"", "'2026.4'");
    std::fs::write(&settings, rewritten).unwrap();
    let output = jobframe(
        &repo(),
        &["diff", "canon", dir.path().join("new").to_str().unwrap()],
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
}

#[test]
fn a_canon_with_errors_is_reported_as_check_reports_it() {
    let dir = releases();
    let role = dir.path().join("new/people/people-analytics.yaml");
    let text = std::fs::read_to_string(&role).unwrap();
    std::fs::write(&role, text.replace("  P4:", "  Q9:")).unwrap();
    let output = jobframe(dir.path(), &["diff", "old", "new", "--format", "markdown"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stdout(&output).is_empty(),
        "nothing on stdout: {}",
        stdout(&output)
    );
    let errors = stderr(&output);
    // `check` shows the problem as a title and a `-->` place; `diff` gives it on one line.
    let check = stdout(&jobframe(dir.path(), &["check", "--canon", "new"]));
    let mut lines = check.lines();
    let title = lines.next().unwrap();
    let place = lines.next().unwrap().trim().strip_prefix("--> ").unwrap();
    assert!(
        place.starts_with("new/people/people-analytics.yaml:"),
        "{check}"
    );
    let (severity, message) = title.split_once(": ").unwrap();
    assert!(
        errors.contains(&format!("{place}: {severity}: {message}")),
        "{errors}"
    );
    assert!(
        errors.contains(
            "error: the new canon (new) has 1 error; fix it (`jobframe check`) before comparing"
        ),
        "{errors}"
    );
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args(args)
        .current_dir(dir)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

#[test]
fn git_revisions_are_read_from_the_repository() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy(&repo().join("canon"), &root.join("canon"));
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "canon"]);
    git(root, &["commit", "-q", "-m", "2026.4"]);

    let same = jobframe(root, &["diff", "git:HEAD", "canon"]);
    assert_eq!(same.status.code(), Some(0), "{}", stderr(&same));
    assert!(stdout(&same).contains("No differences."));

    std::fs::remove_dir_all(root.join("canon")).unwrap();
    next_release::write(&repo().join("canon"), &root.join("canon")).unwrap();
    let changed = jobframe(root, &["diff", "git:HEAD", "canon", "--format", "json"]);
    assert_eq!(changed.status.code(), Some(1), "{}", stderr(&changed));
    git(root, &["add", "-A", "canon"]);
    git(root, &["commit", "-q", "-m", "2026.5"]);
    let between = jobframe(
        root,
        &["diff", "git:HEAD~1", "git:HEAD:canon", "--format", "json"],
    );
    assert_eq!(
        between.stdout, changed.stdout,
        "a commit reads as its folder does"
    );

    let unknown = jobframe(root, &["diff", "git:v9", "canon"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("`v9` is not a commit of the Git repository"),
        "{}",
        stderr(&unknown)
    );
    let no_folder = jobframe(root, &["diff", "git:HEAD:kanon", "canon"]);
    assert_eq!(no_folder.status.code(), Some(2));
    assert!(
        stderr(&no_folder).contains("has no folder `kanon`"),
        "{}",
        stderr(&no_folder)
    );
}

#[test]
fn build_with_previous_publishes_the_changes_page_and_notes() {
    let dir = releases();
    let output = jobframe(
        dir.path(),
        &[
            "build",
            "--canon",
            "new",
            "--previous",
            "old",
            "--out",
            "site",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let site = dir.path().join("site");
    let changes = std::fs::read_to_string(site.join("changes/index.html")).unwrap();
    assert!(changes.contains("<h1>What changed in 2026.5</h1>"));
    assert!(changes.contains("id=\"CHANNE.ALLIANCES.P4\""));
    assert!(changes.contains("href=\"../channel-partner-sales/alliances/p4/index.html\""));
    assert!(changes.contains(
        "<h3><span class=\"change-status status-changed\">changed</span> <a href=\"../promotion-faq/index.html\">Promotion FAQ</a> <span class=\"code\">pages/promotion-faq.md</span></h3>"
    ), "the guide page's entry");
    assert!(changes.contains("<ins>line</ins>"));
    let profile =
        std::fs::read_to_string(site.join("channel-partner-sales/alliances/p4/index.html"))
            .unwrap();
    assert!(profile.contains(
        "<a href=\"../../../changes/index.html#CHANNE.ALLIANCES.P4\">Changed in 2026.5</a>"
    ));
    // An S1 profile changed through its level: its note leads to the level's entry.
    let s1 = std::fs::read_to_string(site.join("operations/general/s1/index.html")).unwrap();
    assert!(
        s1.contains("changes/index.html#level-S1\">Changed in 2026.5</a>"),
        "S1 note"
    );
    // An unchanged profile has no note.
    let unchanged = std::fs::read_to_string(
        site.join("channel-partner-sales/channel-partner-sales/p5/index.html"),
    )
    .unwrap();
    assert!(!unchanged.contains("Changed in"));
}

#[test]
fn without_previous_nothing_mentions_changes() {
    let (site, _) = common::bundled_site();
    assert!(!site.join("changes").exists());
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(!home.contains("changes/index.html"));
}

#[test]
fn build_refuses_a_previous_canon_with_errors() {
    let dir = releases();
    std::fs::write(dir.path().join("old/ladder.yaml"), "levels: [").unwrap();
    let output = jobframe(
        dir.path(),
        &[
            "build",
            "--canon",
            "new",
            "--previous",
            "old",
            "--out",
            "site",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("--previous old: that canon has"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("site").exists());
}

#[test]
fn a_side_that_cannot_be_read_is_named_with_the_fix() {
    let outside = tempfile::tempdir().unwrap();
    let no_repo = jobframe(outside.path(), &["diff", "git:HEAD", "canon"]);
    assert_eq!(no_repo.status.code(), Some(2));
    assert!(
        stderr(&no_repo).contains("is not inside a Git repository; run jobframe from the canon's repository, or compare two folders"),
        "{}",
        stderr(&no_repo)
    );
    let missing = jobframe(&repo(), &["diff", "nowhere", "canon"]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(
        stderr(&missing),
        "error: canon folder `nowhere` does not exist; name the folder that holds canon.yaml, or a Git revision as git:REV[:PATH]\n"
    );
    let empty = jobframe(&repo(), &["diff", "git:", "canon"]);
    assert_eq!(empty.status.code(), Some(2));
    assert!(
        stderr(&empty).contains("`git:` names no revision"),
        "{}",
        stderr(&empty)
    );
}

#[test]
fn a_theme_without_the_changes_template_builds_but_not_with_previous() {
    let dir = releases();
    let theme = dir.path().join("theme");
    common::copy_theme(&theme);
    std::fs::remove_file(theme.join("templates/changes.html")).unwrap();
    let plain = jobframe(
        dir.path(),
        &[
            "build", "--canon", "new", "--theme", "theme", "--out", "site",
        ],
    );
    assert_eq!(plain.status.code(), Some(0), "{}", stderr(&plain));
    let with_previous = jobframe(
        dir.path(),
        &[
            "build",
            "--canon",
            "new",
            "--theme",
            "theme",
            "--previous",
            "old",
            "--out",
            "site",
        ],
    );
    assert_eq!(with_previous.status.code(), Some(1));
    assert!(
        stderr(&with_previous).contains(
            "theme `theme` has no template `templates/changes.html`, which build --previous needs"
        ),
        "{}",
        stderr(&with_previous)
    );
}
