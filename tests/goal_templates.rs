//! The goal templates engine against the reference page and against small canons of its own.

mod common;

use jobframe::canon::Canon;
use jobframe::frames::{self, GoalSheet, Inputs, text};

fn sheet<'a>(canon: &'a Canon, family: &str, role: &str, level: &str) -> GoalSheet<'a> {
    let family = canon
        .families
        .iter()
        .find(|f| f.code == family)
        .expect("family");
    let role = family.roles.iter().find(|r| r.code == role).expect("role");
    let profile = role
        .profiles
        .iter()
        .find(|p| p.level == level)
        .expect("profile");
    let level = canon.ladder.level(level).expect("level");
    frames::derive(Inputs {
        canon_name: &canon.settings.name,
        family,
        role,
        level,
        profile,
    })
}

/// The four text blocks as printed on the reference page, each with its final newline.
fn page_blocks() -> Vec<String> {
    let page = common::reference("seed-goals-channel-partner-sales-p5.txt");
    let mut blocks = Vec::new();
    for chunk in page.split("Copy / print as textshow ▾\n").skip(1) {
        let end = ["\n\nOKRs\n", "\n\nMBO areas\n", "\n\nScorecard\n"]
            .iter()
            .filter_map(|heading| chunk.find(heading))
            .min()
            .unwrap_or(chunk.trim_end_matches('\n').len());
        blocks.push(format!("{}\n", &chunk[..end]));
    }
    assert_eq!(blocks.len(), 4, "the reference page has four copy blocks");
    blocks
}

fn reference_sheet_blocks(canon: &Canon) -> [String; 4] {
    let sheet = sheet(canon, "CHANNE", "CHANNEL", "P5");
    [
        text::smart(sheet.smart.as_deref().expect("SMART section")),
        text::okrs(sheet.okrs.as_deref().expect("OKR section")),
        text::mbo(sheet.mbo.as_deref().expect("MBO section")),
        text::scorecard(sheet.scorecard.as_deref().expect("Scorecard section")),
    ]
}

#[test]
fn all_four_blocks_equal_the_seed_files_byte_for_byte() {
    let canon = common::bundled_canon();
    let ours = reference_sheet_blocks(&canon);
    for (ours, name) in ours.iter().zip(["smart", "okrs", "mbo", "scorecard"]) {
        assert_eq!(
            ours,
            &common::reference(&format!("seed-copy-blocks/{name}.txt")),
            "{name}"
        );
    }
}

#[test]
fn every_block_equals_the_reference_page_byte_for_byte() {
    let canon = common::bundled_canon();
    let ours = reference_sheet_blocks(&canon);
    for (ours, page) in ours.iter().zip(page_blocks()) {
        assert_eq!(ours, &page);
    }
}

#[test]
fn reference_copy_matches_shared_spec_when_present() {
    let shared = common::repo().join("../shared/spec");
    if !shared.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run beside ../shared/spec"
        );
        eprintln!("skipped: ../shared/spec not found beside the repository");
        return;
    }
    for name in [
        "goal-frames.md",
        "seed-goals-channel-partner-sales-p5.txt",
        "seed-copy-blocks/smart.txt",
        "seed-copy-blocks/okrs.txt",
        "seed-copy-blocks/mbo.txt",
        "seed-copy-blocks/scorecard.txt",
    ] {
        let shared = std::fs::read(shared.join(name)).unwrap();
        let ours = std::fs::read(common::repo().join("tests/reference").join(name)).unwrap();
        assert!(
            shared == ours,
            "tests/reference/{name} differs from ../shared/spec/{name}"
        );
    }
}

fn small_canon(role_levels: &str) -> Canon {
    let dir = tempfile::tempdir().unwrap();
    common::minimal_canon(dir.path(), role_levels);
    let checked = jobframe::load::check(dir.path()).unwrap();
    assert_eq!(checked.error_count(), 0, "{:#?}", checked.diagnostics);
    checked.canon
}

#[test]
fn component_only_profile_has_mbo_from_components_with_decision_rights_standard() {
    let canon = small_canon(
        "  P4:\n    components:\n      responsibilities:\n        - Keeps the team's supplier records current.\n        - Files purchase orders on time.\n",
    );
    let sheet = sheet(&canon, "OPS", "PLAN", "P4");
    assert!(sheet.smart.is_none(), "no own rows: no SMART section");
    assert!(sheet.okrs.is_none(), "no own rows: no OKR section");
    assert_eq!(
        text::mbo(sheet.mbo.as_deref().unwrap()),
        "1. Area: Keeps the team's supplier records current.  [source: responsibility (component)]\n   \
         Standard: Consistent with this level's decision rights: \"Chooses methods\"\n   \
         Target:   ⟨target⟩   Due: ⟨date⟩\n\n\
         2. Area: Files purchase orders on time.  [source: responsibility (component)]\n   \
         Standard: Consistent with this level's decision rights: \"Chooses methods\"\n   \
         Target:   ⟨target⟩   Due: ⟨date⟩\n"
    );
    let scorecard = text::scorecard(sheet.scorecard.as_deref().unwrap());
    assert!(scorecard.starts_with(
        "Internal process\n  - \"Keeps the team's supplier records current.\"  →  ⟨target⟩ by ⟨date⟩   [source: responsibility (component)]\n"
    ));
}

#[test]
fn core_outputs_come_before_jfm_responsibilities_and_ladder_complexity_backs_achievable() {
    let canon = small_canon(
        "  P4:\n    core_outputs:\n      - Quarterly plan\n    jfm_responsibilities:\n      - Runs the planning cycle\n",
    );
    let sheet = sheet(&canon, "OPS", "PLAN", "P4");
    let smart = text::smart(sheet.smart.as_deref().unwrap());
    let first = smart
        .find("1. Quarterly plan  [source: Core output (P4)]")
        .expect("core output first");
    let second = smart
        .find("2. Runs the planning cycle  [source: JFM responsibility (P4)]")
        .expect("then JFM");
    assert!(first < second);
    assert!(
        smart.contains(
            "   Achievable:  Scoped to this level's complexity bar: \"Broad problems\"\n"
        )
    );
    assert!(
        !smart.contains("rubric"),
        "no rubric in the canon, none quoted"
    );
    let mbo = text::mbo(sheet.mbo.as_deref().unwrap());
    assert!(mbo.starts_with("1. Area: Quarterly plan  [source: Core output (P4) — reused, no distinct responsibility content]\n"));
}

#[test]
fn no_rubric_and_no_ladder_complexity_drops_the_achievable_line() {
    let canon = small_canon("  P5:\n    jfm_responsibilities:\n      - Sets the plan\n");
    let sheet = sheet(&canon, "OPS", "PLAN", "P5");
    assert_eq!(
        text::smart(sheet.smart.as_deref().unwrap()),
        "1. Sets the plan  [source: JFM responsibility (P5)]\n   \
         Specific:    Deliver: \"Sets the plan\"\n   \
         Measurable:  Move the metric this drives from ⟨baseline⟩ to ⟨target⟩ by ⟨date⟩.\n   \
         Relevant:    Advances the Operations · Planning mandate for a P5 — Expert Professional.\n   \
         Time-bound:  ⟨date⟩\n"
    );
    let mbo = text::mbo(sheet.mbo.as_deref().unwrap());
    assert!(
        !mbo.contains("Standard:"),
        "no rubric and no decision rights: no standard line"
    );
    assert_eq!(sheet.mbo.as_ref().unwrap()[0].standard, None);
}

#[test]
fn key_result_two_cycles_through_the_present_dimensions() {
    let duties: String = (1..=8).map(|n| format!("      - Duty {n}\n")).collect();
    let canon = small_canon(&format!("  P4:\n    jfm_responsibilities:\n{duties}"));
    let sheet = sheet(&canon, "OPS", "PLAN", "P4");
    let okrs = sheet.okrs.as_deref().unwrap();
    assert_eq!(okrs.len(), 8);
    let kr2: Vec<&str> = okrs.iter().map(|o| o.key_results[1].as_str()).collect();
    assert!(kr2[0].starts_with("Evidence at this level's scope bar: \"A product area\""));
    assert!(kr2[5].starts_with("Evidence at this level's leadership bar: \"Mentors peers\""));
    assert_eq!(kr2[6], kr2[0], "objective 7 starts the cycle again");
    assert_eq!(kr2[7], kr2[1]);
}

#[test]
fn level_without_dimensions_has_no_kr2_and_no_role_calibration() {
    let canon = small_canon("  P5:\n    jfm_responsibilities:\n      - Sets the plan\n");
    let sheet = sheet(&canon, "OPS", "PLAN", "P5");
    let okrs = text::okrs(sheet.okrs.as_deref().unwrap());
    assert_eq!(
        okrs,
        "Objective 1: Sets the plan  [source: JFM responsibility (P5)]\n  \
         KR1. From ⟨baseline⟩ to ⟨target⟩ by ⟨date⟩ — tied to: \"Sets the plan\"\n"
    );
    let perspectives = sheet.scorecard.as_deref().unwrap();
    assert_eq!(perspectives.len(), 1);
    assert_eq!(perspectives[0].name, "Internal process");
}

#[test]
fn profile_with_no_rows_has_no_sections_but_keeps_its_header() {
    let canon = small_canon("  P5:\n    summary: Nothing to frame yet.\n");
    let sheet = sheet(&canon, "OPS", "PLAN", "P5");
    assert_eq!(sheet.heading, "Goal templates — Planning — P5");
    assert_eq!(
        sheet.subline,
        "Operations · Planning · P5 — Expert Professional"
    );
    assert!(sheet.disclaimer.contains("verbatim Acme Canon canon text"));
    assert!(
        sheet.smart.is_none()
            && sheet.okrs.is_none()
            && sheet.mbo.is_none()
            && sheet.scorecard.is_none()
    );
}

#[test]
fn canon_title_replaces_the_default_title() {
    let canon =
        small_canon("  P4:\n    title: Lead Planner\n    jfm_responsibilities:\n      - Plans\n");
    let sheet = sheet(&canon, "OPS", "PLAN", "P4");
    assert_eq!(sheet.title, "Lead Planner");
    assert_eq!(sheet.heading, "Goal templates — Lead Planner");
}
