//! Random canons, random Unicode included, thrown at `check` and at the whole build: no panic,
//! and the same canon always gives the same diagnostics and the same files.

use std::collections::BTreeMap;

use jobframe::build::render_in_memory;
use jobframe::load::check_sources;
use jobframe::render::Theme;
use proptest::prelude::*;

/// Any text at all: the generator may produce what YAML refuses; refusing is fine, panicking is not.
/// Mostly text a canon could hold (any printable Unicode), sometimes anything at all.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        5 => "[A-Za-z][A-Za-z ,.'&/-]{0,30}",
        4 => "[^\\p{C}]{1,30}",
        1 => any::<String>().prop_map(|s| s.chars().take(40).collect()),
        1 => Just("<script>alert(1)</script> {{ x }} \u{202E}".to_string()),
    ]
}

fn code() -> impl Strategy<Value = String> {
    prop_oneof![16 => "[A-Z][A-Z0-9]{0,5}", 1 => text()]
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

fn list(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|item| quoted(item))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

prop_compose! {
    fn ladder()(dims in prop::collection::vec(prop::option::of(text()), 18)) -> String {
        let mut yaml = String::from("tracks:\n  - code: P\n    name: Professional\nlevels:\n");
        for (level, values) in dims.chunks(6).enumerate() {
            yaml.push_str(&format!("  - code: P{}\n    name: Level {level}\n    track: P\n    years: \"1\"\n    meaning: m\n    dimensions:\n", level + 1));
            for (key, value) in ["scope", "autonomy", "complexity", "impact", "decision_rights", "leadership"].iter().zip(values) {
                if let Some(value) = value {
                    yaml.push_str(&format!("      {key}: {}\n", quoted(value)));
                }
            }
        }
        yaml
    }
}

prop_compose! {
    fn profile()(outputs in prop::collection::vec(text(), 0..3), duties in prop::collection::vec(text(), 0..7),
                 components in prop::collection::vec(text(), 0..3), complexity in prop::option::of(text()),
                 knowledge in prop::option::of(text()), summary in text()) -> String {
        let yaml = format!(
            "    summary: {}\n    core_outputs: {}\n    jfm_responsibilities: {}\n    components:\n      responsibilities: {}\n    rubrics: {{}}\n",
            quoted(&summary), list(&outputs), list(&duties), list(&components)
        );
        let rubrics: Vec<String> = [("complexity", complexity), ("knowledge_application", knowledge)]
            .into_iter()
            .filter_map(|(key, rubric)| Some(format!("{key}: {}", quoted(&rubric?))))
            .collect();
        yaml.replace("rubrics: {}", &format!("rubrics: {{{}}}", rubrics.join(", ")))
    }
}

prop_compose! {
    fn role()(code in code(), name in text(), description in text(),
              levels in prop::sample::subsequence(vec!["P1", "P2", "P3"], 1..=3),
              profiles in prop::collection::vec(profile(), 3)) -> String {
        let mut yaml = format!("code: {}\nname: {}\ndescription: {}\nlevels:\n", quoted(&code), quoted(&name), quoted(&description));
        for (level, profile) in levels.iter().zip(&profiles) {
            yaml.push_str(&format!("  {level}:\n{profile}"));
        }
        yaml
    }
}

prop_compose! {
    fn canon()(ladder in ladder(), family_code in code(), family_name in text(),
               roles in prop::collection::vec(role(), 1..4)) -> BTreeMap<String, String> {
        let mut files = BTreeMap::new();
        files.insert("canon.yaml".to_string(), "name: Random\nsite_title: Random\nversion: \"1\"\neffective_date: \"2026-01-01\"\n".to_string());
        files.insert("ladder.yaml".to_string(), ladder);
        files.insert("fam/family.yaml".to_string(), format!("code: {}\nname: {}\n", quoted(&family_code), quoted(&family_name)));
        for (n, role) in roles.into_iter().enumerate() {
            files.insert(format!("fam/role-{n}.yaml"), role);
        }
        files
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn check_and_build_never_panic_and_are_deterministic(files in canon()) {
        let first = check_sources(files.clone());
        let second = check_sources(files);
        prop_assert_eq!(&first.diagnostics, &second.diagnostics);
        if first.error_count() == 0 {

            let theme = Theme::builtin().unwrap();
            let a = render_in_memory(&first.canon, &theme);
            let b = render_in_memory(&second.canon, &theme);
            match (a, b) {
                (Ok(a), Ok(b)) => {
                    prop_assert!(a == b, "two builds of one canon differ");
                    prop_assert!(a.iter().any(|(path, _)| path == "index.html"));
                }
                (a, b) => prop_assert!(false, "a clean canon failed to build: {:?} / {:?}", a.err(), b.err()),
            }
        }
    }
}
