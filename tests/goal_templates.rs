//! The goal templates engine against the reference page and against small canons of its own.

mod common;

use jobframe::canon::Canon;
use jobframe::frames::{self, GoalSheet, Inputs, text};

fn sheet<'a>(canon: &'a Canon, family: &str, role: &str, level: &str) -> GoalSheet<'a> {
    let family = canon.families.iter().find(|f| f.code == family).expect("family");
    let role = family.roles.iter().find(|r| r.code == role).expect("role");
    let profile = role.profiles.iter().find(|p| p.level == level).expect("profile");
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
fn smart_okr_and_mbo_blocks_equal_the_seed_files_byte_for_byte() {
    let canon = common::bundled_canon();
    let [smart, okrs, mbo, _] = reference_sheet_blocks(&canon);
    assert_eq!(smart, common::reference("seed-copy-blocks/smart.txt"));
    assert_eq!(okrs, common::reference("seed-copy-blocks/okrs.txt"));
    assert_eq!(mbo, common::reference("seed-copy-blocks/mbo.txt"));
}

#[test]
fn every_block_equals_the_reference_page_byte_for_byte() {
    let canon = common::bundled_canon();
    let ours = reference_sheet_blocks(&canon);
    for (ours, page) in ours.iter().zip(page_blocks()) {
        assert_eq!(ours, &page);
    }
}

/// The seed `scorecard.txt` stops after the Decision rights line, while the reference page (which
/// goal-frames.md says wins) and the rules (one item per present dimension) include Leadership.
/// We follow the page; this test pins the one known difference so any other drift fails.
#[test]
fn scorecard_seed_file_is_the_page_block_without_its_leadership_line() {
    let canon = common::bundled_canon();
    let [_, _, _, scorecard] = reference_sheet_blocks(&canon);
    let leadership = "  - Meets the leadership bar: \"Leads cross-team technical initiatives\"  →  ⟨target⟩ by ⟨date⟩   [source: level dimension (Leadership)]\n";
    assert!(scorecard.ends_with(leadership));
    let without = scorecard.strip_suffix(leadership).unwrap();
    assert_eq!(without, common::reference("seed-copy-blocks/scorecard.txt"));
}

#[test]
fn reference_copy_matches_shared_spec_when_present() {
    let shared = common::repo().join("../shared/spec");
    if !shared.exists() {
        assert!(std::env::var_os("CI").is_none(), "CI must run beside ../shared/spec");
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
        assert!(shared == ours, "tests/reference/{name} differs from ../shared/spec/{name}");
    }
}
