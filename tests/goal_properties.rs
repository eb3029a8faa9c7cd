//! Property test of the goal engine's central promise: nothing in a text block is invented.

use std::collections::BTreeSet;

use jobframe::canon::model::*;
use jobframe::frames::{self, Inputs, text};
use proptest::prelude::*;

fn canon_text() -> impl Strategy<Value = String> {
    // Any printable text, including non-ASCII, without the quote mark that delimits quotations.
    "[^\"\n\r]{1,40}"
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    prop::option::of(canon_text())
}

fn texts(max: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(canon_text(), 0..max)
}

prop_compose! {
    fn dimensions()(values in prop::collection::vec(opt_text(), 6)) -> Dimensions {
        let mut it = values.into_iter();
        let mut next = || it.next().flatten();
        Dimensions { scope: next(), autonomy: next(), complexity: next(), impact: next(), decision_rights: next(), leadership: next() }
    }
}

prop_compose! {
    fn profile()(core_outputs in texts(4), jfm in texts(9), components in texts(6),
                 complexity in opt_text(), knowledge in opt_text(), title in opt_text()) -> Profile {
        Profile {
            level: "P5".into(),
            title,
            summary: String::new(),
            core_outputs,
            jfm_responsibilities: jfm,
            components: Components { responsibilities: components, ..Components::default() },
            rubrics: Rubrics { complexity, knowledge_application: knowledge },
        }
    }
}

/// Every string a canon author wrote, which quotations may reproduce.
fn canon_strings(level: &Level, profile: &Profile) -> BTreeSet<String> {
    let mut all: BTreeSet<String> = level
        .dimensions
        .present()
        .map(|(_, v)| v.to_string())
        .collect();
    all.extend(profile.core_outputs.iter().cloned());
    all.extend(profile.jfm_responsibilities.iter().cloned());
    all.extend(profile.components.responsibilities.iter().cloned());
    all.extend(profile.rubrics.complexity.iter().cloned());
    all.extend(profile.rubrics.knowledge_application.iter().cloned());
    all
}

/// The row text of an item's first line: `1. X  [source…`, `Objective 1: X  [source…`, `1. Area: X  [source…`.
fn item_text(line: &str) -> Option<&str> {
    let (head, _) = line.split_once("  [source: ")?;
    let rest = head.strip_prefix("Objective ").unwrap_or(head);
    let (number, rest) = rest.split_once(['.', ':'])?;
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let rest = rest.strip_prefix(' ')?;
    Some(rest.strip_prefix("Area: ").unwrap_or(rest))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_quoted_or_listed_text_is_verbatim_canon_text(dims in dimensions(), profile in profile(), family_name in canon_text(), role_name in canon_text()) {
        let level = Level { code: "P5".into(), name: "Expert".into(), track: "P".into(), years: "8".into(), meaning: "m".into(), dimensions: dims };
        let role = Role { code: "R".into(), slug: "r".into(), name: role_name, description: "d".into(), aliases: Aliases::default(), profiles: vec![], file: String::new() };
        let family = Family { code: "F".into(), slug: "f".into(), name: family_name, description: String::new(), aliases: Aliases::default(), roles: vec![], file: String::new() };
        let sheet = frames::derive(Inputs { canon_name: "Canon", family: &family, role: &role, level: &level, profile: &profile });
        let allowed = canon_strings(&level, &profile);
        let blocks = [
            sheet.smart.as_deref().map(text::smart),
            sheet.okrs.as_deref().map(text::okrs),
            sheet.mbo.as_deref().map(text::mbo),
            sheet.scorecard.as_deref().map(text::scorecard),
        ];
        let has_own = !(profile.core_outputs.is_empty() && profile.jfm_responsibilities.is_empty());
        prop_assert_eq!(blocks[0].is_some(), has_own);
        prop_assert_eq!(blocks[1].is_some(), has_own);
        for block in blocks.iter().flatten() {
            prop_assert!(block.ends_with('\n') && !block.ends_with("\n\n"));
            for line in block.lines() {
                for quoted in line.split('"').skip(1).step_by(2) {
                    prop_assert!(allowed.contains(quoted), "invented quotation {:?} in line {:?}", quoted, line);
                }
                if let Some(row) = item_text(line) {
                    prop_assert!(allowed.contains(row), "invented row {:?}", row);
                }
            }
        }
    }
}
