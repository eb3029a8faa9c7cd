//! Unit tests of the semantic diff on small models.

use super::*;
use crate::canon::model::{Aliases, Family, Ladder, Level, Profile, Role, Settings, Track};

fn settings() -> Settings {
    Settings {
        name: "JobFrame".into(),
        site_title: "Jobs".into(),
        version: "2026.1".into(),
        effective_date: "2026-01-01".into(),
        language: "en".into(),
        base_url: None,
        allow_indexing: false,
        publish_pay: true,
    }
}

fn level(code: &str) -> Level {
    Level {
        code: code.into(),
        name: format!("Level {code}"),
        track: "P".into(),
        years: "2+".into(),
        meaning: "Works".into(),
        dimensions: Default::default(),
    }
}

fn profile(level: &str, outputs: &[&str]) -> Profile {
    Profile {
        level: level.into(),
        summary: format!("Summary at {level}"),
        core_outputs: outputs.iter().map(|s| s.to_string()).collect(),
        ..Profile::default()
    }
}

fn role(code: &str, profiles: Vec<Profile>) -> Role {
    Role {
        code: code.into(),
        slug: code.to_lowercase(),
        name: format!("Role {code}"),
        description: String::new(),
        aliases: Aliases::default(),
        profiles,
        file: String::new(),
    }
}

fn family(code: &str, roles: Vec<Role>) -> Family {
    Family {
        code: code.into(),
        slug: code.to_lowercase(),
        name: format!("Family {code}"),
        description: String::new(),
        aliases: Aliases::default(),
        roles,
        file: String::new(),
    }
}

fn canon(families: Vec<Family>) -> Canon {
    Canon {
        settings: settings(),
        ladder: Ladder {
            tracks: vec![Track {
                code: "P".into(),
                name: "Professional".into(),
                description: String::new(),
            }],
            levels: vec![level("P1"), level("P2")],
        },
        families,
        pay: None,
        guides: Vec::new(),
    }
}

fn sample() -> Canon {
    canon(vec![family(
        "SAL",
        vec![role(
            "AE",
            vec![
                profile("P1", &["Closes small deals", "Keeps the pipeline current"]),
                profile("P2", &["Closes large deals"]),
            ],
        )],
    )])
}

#[test]
fn a_canon_does_not_differ_from_itself() {
    let diff = between(&sample(), &sample());
    assert!(diff.is_empty());
    assert_eq!(diff.counts, Counts::default());
    assert!(diff.consequences.profile_pages.is_empty());
}

#[test]
fn a_role_renamed_with_an_alias_is_a_rename() {
    let before = sample();
    let mut after = sample();
    let moved = &mut after.families[0].roles[0];
    moved.code = "AX".into();
    moved.slug = "ax".into();
    moved.aliases.codes.push("AE".into());
    moved.profiles[0].summary = "New summary".into();
    let diff = between(&before, &after);
    let role = &diff.families[0].roles[0];
    assert_eq!(role.status, Status::Changed);
    let rename = role.renamed_from.as_ref().expect("a rename");
    assert_eq!(
        (rename.code.as_str(), rename.recognised_by),
        ("AE", Recognised::Alias)
    );
    assert_eq!(diff.counts.roles.renamed, 1);
    assert_eq!((diff.counts.roles.added, diff.counts.roles.removed), (0, 0));
    assert_eq!(role.profiles.len(), 1);
    assert_eq!(role.profiles[0].before_id.as_deref(), Some("SAL.AE.P1"));
    // The new alias is a redirect the site now keeps: shown as a field change.
    let aliases = &role.fields[0];
    assert_eq!(
        (aliases.field.as_str(), aliases.after.as_deref()),
        ("aliases", Some("codes: AE"))
    );
    // Both profiles' pages change: the role's code is in their IDs.
    assert_eq!(diff.consequences.profile_pages, ["SAL.AX.P1", "SAL.AX.P2"]);
}

#[test]
fn a_reordered_list_is_reordered_not_changed() {
    let before = sample();
    let mut after = sample();
    after.families[0].roles[0].profiles[0]
        .core_outputs
        .reverse();
    let diff = between(&before, &after);
    let list = &diff.families[0].roles[0].profiles[0].lists[0];
    assert!(list.reordered);
    assert!(list.added.is_empty() && list.removed.is_empty() && list.reworded.is_empty());
}

#[test]
fn a_reworded_line_has_a_word_diff() {
    let before = sample();
    let mut after = sample();
    after.families[0].roles[0].profiles[1].core_outputs[0] = "Closes very large deals".into();
    let diff = between(&before, &after);
    let list = &diff.families[0].roles[0].profiles[0].lists[0];
    assert_eq!(list.reworded.len(), 1);
    assert!(!list.reordered);
    assert_eq!(diff.consequences.goals_pages, ["SAL.AE.P2"]);
}

#[test]
fn a_role_moved_to_another_family_is_a_move() {
    let before = canon(vec![
        family("SAL", vec![sample().families[0].roles[0].clone()]),
        family("OPS", vec![]),
    ]);
    let after = canon(vec![
        family("SAL", vec![]),
        family("OPS", vec![sample().families[0].roles[0].clone()]),
    ]);
    let diff = between(&before, &after);
    assert_eq!(diff.counts.roles.moved, 1);
    let ops = diff
        .families
        .iter()
        .find(|f| f.code == "OPS")
        .expect("OPS listed");
    assert_eq!(
        ops.roles[0].moved_from.as_ref().map(|f| f.code.as_str()),
        Some("SAL")
    );
    assert!(
        diff.families
            .iter()
            .all(|f| f.roles.iter().all(|r| r.status != Status::Removed))
    );
}

#[test]
fn profiles_added_and_removed_are_listed_by_id() {
    let before = sample();
    let mut after = sample();
    after.families[0].roles[0].profiles.remove(0);
    after.ladder.levels.push(level("P3"));
    after.families[0].roles[0]
        .profiles
        .push(profile("P3", &["Sets strategy"]));
    let diff = between(&before, &after);
    let profiles = &diff.families[0].roles[0].profiles;
    let listed: Vec<(&str, Status)> = profiles.iter().map(|p| (p.id.as_str(), p.status)).collect();
    assert_eq!(
        listed,
        [("SAL.AE.P1", Status::Removed), ("SAL.AE.P3", Status::Added)]
    );
    assert_eq!(diff.counts.levels.added, 1);
    assert_eq!(diff.consequences.removed_pages, ["SAL.AE.P1"]);
}

#[test]
fn levels_reordered_are_reported_once() {
    let before = sample();
    let mut after = sample();
    after.ladder.levels.reverse();
    let diff = between(&before, &after);
    assert!(diff.levels.is_empty());
    let order = diff.levels_reordered.expect("reordered");
    assert_eq!(order.after, ["P2", "P1"]);
}

#[test]
fn mbo_areas_from_components_are_a_frame_change() {
    let before = sample();
    let mut after = sample();
    after.families[0].roles[0].profiles[1]
        .components
        .responsibilities = vec!["Runs reviews".into()];
    let diff = between(&before, &after);
    let frames = &diff.consequences.frames;
    assert_eq!(frames.len(), 1);
    assert_eq!(frames[0].id, "SAL.AE.P2");
    assert!(frames[0].changes.contains(
        &"MBO areas now from component responsibilities (was: own rows reused)".to_string()
    ));
}

/// 500 families × 4 roles × 10 levels = 20,000 profiles.
fn large_canon() -> Canon {
    let mut canon = canon(Vec::new());
    canon.ladder.levels = (1..=10).map(|i| level(&format!("P{i}"))).collect();
    canon.families = (0..500)
        .map(|f| {
            let roles = (0..4)
                .map(|r| {
                    let profiles = (1..=10)
                        .map(|l| {
                            let line = format!("Delivers outcome {l} for role {r} of family {f}");
                            profile(&format!("P{l}"), &[&line, "Keeps stakeholders informed"])
                        })
                        .collect();
                    role(&format!("R{r}"), profiles)
                })
                .collect();
            family(&format!("F{f:03}"), roles)
        })
        .collect();
    canon
}

#[test]
fn markdown_of_a_large_change_is_cut_under_the_limit() {
    use report::markdown::{MARKDOWN_LIMIT, markdown};
    let before = large_canon();
    let mut after = before.clone();
    // 5% of the profiles: one in twenty reworded.
    let mut changed = 0;
    for (index, profile) in after
        .families
        .iter_mut()
        .flat_map(|f| f.roles.iter_mut())
        .flat_map(|r| r.profiles.iter_mut())
        .enumerate()
    {
        if index % 20 == 0 {
            profile.core_outputs[0].push_str(" each quarter, with <evidence> | *notes*");
            changed += 1;
        }
    }
    assert_eq!(changed, 1_000);
    let diff = between(&before, &after);
    assert_eq!(diff.counts.profiles.changed, 1_000);
    let text = markdown(&diff);
    assert!(text.len() <= MARKDOWN_LIMIT, "{} bytes", text.len());
    assert!(text.len() > MARKDOWN_LIMIT - 5_000, "uses the room it has");
    let last = text.lines().last().unwrap();
    assert!(last.starts_with("**Truncated:** "), "{last}");
    // Every <details> opened is closed, and canon text is escaped.
    assert_eq!(
        text.matches("<details>").count(),
        text.matches("</details>").count()
    );
    assert!(text.contains("&lt;evidence&gt; \\| \\*notes\\*"));
    // The count in the truncation line is what was left out.
    let shown = text.matches("- **Role R").count();
    assert!(
        last.contains(&format!("{} more role entries", 1_000 - shown)),
        "{last}"
    );
}

#[test]
fn a_new_family_holding_a_moved_role_counts_one_role_and_no_profiles() {
    let before = sample();
    let after = canon(vec![family("OPS", sample().families[0].roles.clone())]);
    let diff = between(&before, &after);
    let ops = diff
        .families
        .iter()
        .find(|f| f.code == "OPS")
        .expect("OPS listed");
    assert_eq!(ops.status, Status::Added);
    assert_eq!(report::family_size(ops), "1 role");
    let sal = diff
        .families
        .iter()
        .find(|f| f.code == "SAL")
        .expect("SAL listed");
    assert_eq!(sal.status, Status::Removed);
    assert!(
        sal.roles.is_empty(),
        "its role moved, so it lists none as removed"
    );
    assert_eq!(report::family_size(sal), "0 roles");
}

#[test]
fn an_alias_added_alone_is_a_difference() {
    let before = sample();
    let mut after = sample();
    after.families[0].aliases.slugs.push("selling".into());
    let diff = between(&before, &after);
    assert!(!diff.is_empty());
    assert_eq!(diff.families[0].fields[0].label, "Aliases");
    assert!(
        diff.consequences.profile_pages.is_empty(),
        "redirects are not profile pages"
    );
}
