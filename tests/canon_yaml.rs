//! The canon written as YAML files reads back as the same canon: the bundled canon and random
//! models, through the loader in process and through `jobframe check`.

mod common;

use std::collections::BTreeMap;

use jobframe::canon::{
    Aliases, Canon, Components, Dimensions, Family, Ladder, Level, Profile, Role, Rubrics,
    Settings, Track,
};
use jobframe::data::canon_yaml::{SCHEMA_DIR, canon_files};
use jobframe::load::check_sources;
use proptest::prelude::*;

/// The canon files of `canon` (the schemas left out: they are no canon files) read back by the
/// loader, with every diagnostic rendered.
fn read_back(canon: &Canon) -> (Canon, Vec<String>) {
    let sources: BTreeMap<String, String> = canon_files(canon)
        .into_iter()
        .filter(|(path, _)| !path.starts_with(&format!("{SCHEMA_DIR}/")))
        .collect();
    let checked = check_sources(sources);
    let lines = checked.diagnostics.iter().map(|d| d.render("")).collect();
    (checked.canon, lines)
}

fn assert_round_trip(canon: &Canon) {
    let (loaded, diagnostics) = read_back(canon);
    assert_eq!(diagnostics, Vec::<String>::new());
    assert!(
        loaded == *canon,
        "read back differently:\n{loaded:#?}\nwritten from\n{canon:#?}"
    );
}

#[test]
fn the_bundled_canon_reads_back_unchanged() {
    assert_round_trip(&common::bundled_canon());
}

#[test]
fn every_file_has_its_modeline_and_a_final_newline() {
    let canon = common::bundled_canon();
    let files = canon_files(&canon);
    let roles: usize = canon.families.iter().map(|family| family.roles.len()).sum();
    let yaml_files = 3 + canon.families.len() + roles;
    assert_eq!(
        files.len(),
        yaml_files + canon.guides.len() + 5,
        "{:?}",
        files.keys()
    );
    for (path, text) in &files {
        assert!(text.ends_with('\n') && !text.ends_with("\n\n"), "{path}");
        let expected = match path.as_str() {
            "canon.yaml" => "# yaml-language-server: $schema=.schema/settings.json\n",
            "ladder.yaml" => "# yaml-language-server: $schema=.schema/ladder.json\n",
            "pay.yaml" => "# yaml-language-server: $schema=.schema/pay.json\n",
            _ if path.starts_with(".schema/") => "{",
            _ if path.starts_with("pages/") => "---\ntitle: ",
            _ if path.ends_with("/family.yaml") => {
                "# yaml-language-server: $schema=../.schema/family.json\n"
            }
            _ => "# yaml-language-server: $schema=../.schema/role.json\n",
        };
        assert!(text.starts_with(expected), "{path}: {text}");
    }
}

#[test]
fn the_schemas_are_those_jobframe_schema_writes() {
    let files = canon_files(&common::bundled_canon());
    for kind in ["settings", "ladder", "family", "role", "pay"] {
        let committed =
            std::fs::read_to_string(common::repo().join(format!("docs/schema/{kind}.json")))
                .expect("committed schema");
        assert_eq!(files[&format!(".schema/{kind}.json")], committed, "{kind}");
    }
}

#[test]
fn settings_keep_the_documented_order_and_leave_defaults_out() {
    let files = canon_files(&common::bundled_canon());
    assert_eq!(
        files["canon.yaml"],
        "# yaml-language-server: $schema=.schema/settings.json\n\
         name: JobFrame\n\
         site_title: Northwind Job Architecture\n\
         version: \"2026.4\"\n\
         effective_date: \"2026-10-01\"\n\
         language: en\n"
    );
}

#[test]
fn jobframe_check_accepts_the_written_folder() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (path, text) in canon_files(&common::bundled_canon()) {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a parent folder")).expect("folder made");
        std::fs::write(path, text).expect("file written");
    }
    let canon = dir.path().to_str().expect("a UTF-8 path");
    let output = common::jobframe(dir.path(), &["check", "--canon", canon]);
    let stderr = common::stderr(&output);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{stderr}",
        common::stdout(&output)
    );
    assert!(stderr.contains("0 errors, 0 warnings"), "{stderr}");
    assert_eq!(common::stdout(&output), "");
}

/// A canon with what the bundled one lacks: a level code that YAML reads as a number, a
/// profile with nothing in it, multi-line texts, aliases, every setting.
fn small_canon() -> Canon {
    let level = |code: &str| Level {
        code: code.to_string(),
        name: format!("Level {code}"),
        track: "P".to_string(),
        years: "10+".to_string(),
        meaning: "Works on: anything".to_string(),
        dimensions: Dimensions::default(),
    };
    let role = Role {
        code: "PLAN".to_string(),
        slug: "planning".to_string(),
        name: "Planning".to_string(),
        description: "Plans.\n\n- stock\n- staff\n".to_string(),
        aliases: Aliases {
            slugs: vec!["old-planning".to_string()],
            codes: Vec::new(),
        },
        profiles: vec![
            Profile {
                level: "1".to_string(),
                title: Some("Planner #1".to_string()),
                summary: "  indented\nfirst line".to_string(),
                core_outputs: vec!["true".to_string(), "A plan".to_string()],
                jfm_responsibilities: Vec::new(),
                components: Components {
                    skills: vec!["Forecasting".to_string()],
                    ..Components::default()
                },
                rubrics: Rubrics {
                    complexity: None,
                    knowledge_application: Some("Knows: the plan".to_string()),
                },
            },
            Profile {
                level: "P2".to_string(),
                ..Profile::default()
            },
        ],
        file: "ops/planning.yaml".to_string(),
    };
    Canon {
        settings: Settings {
            name: "Acme".to_string(),
            site_title: "Acme Jobs".to_string(),
            version: "7".to_string(),
            effective_date: "2026-01-01".to_string(),
            language: "en-GB".to_string(),
            base_url: Some("https://intranet.example.com/careers/".to_string()),
            allow_indexing: true,
            publish_pay: true,
        },
        ladder: Ladder {
            tracks: vec![Track {
                code: "P".to_string(),
                name: "Professional".to_string(),
                description: String::new(),
            }],
            levels: vec![level("1"), level("P2")],
        },
        families: vec![Family {
            code: "OPS".to_string(),
            slug: "ops".to_string(),
            name: "Operations".to_string(),
            description: String::new(),
            aliases: Aliases {
                slugs: Vec::new(),
                codes: vec!["OP".to_string()],
            },
            roles: vec![role],
            file: "ops/family.yaml".to_string(),
        }],
        pay: None,
        guides: Vec::new(),
    }
}

#[test]
fn a_small_canon_in_full() {
    let canon = small_canon();
    let files = canon_files(&canon);
    assert_eq!(
        files["canon.yaml"],
        "# yaml-language-server: $schema=.schema/settings.json\n\
         name: Acme\n\
         site_title: Acme Jobs\n\
         version: \"7\"\n\
         effective_date: \"2026-01-01\"\n\
         language: en-GB\n\
         base_url: https://intranet.example.com/careers/\n\
         allow_indexing: true\n"
    );
    assert_eq!(
        files["ladder.yaml"],
        r#"# yaml-language-server: $schema=.schema/ladder.json
tracks:
  - code: P
    name: Professional
levels:
  - code: "1"
    name: Level 1
    track: P
    years: 10+
    meaning: "Works on: anything"
  - code: P2
    name: Level P2
    track: P
    years: 10+
    meaning: "Works on: anything"
"#
    );
    assert_eq!(
        files["ops/family.yaml"],
        "# yaml-language-server: $schema=../.schema/family.json\n\
         code: OPS\n\
         name: Operations\n\
         aliases:\n  codes:\n    - OP\n"
    );
    assert_eq!(
        files["ops/planning.yaml"],
        r#"# yaml-language-server: $schema=../.schema/role.json
code: PLAN
name: Planning
description: |
  Plans.

  - stock
  - staff
aliases:
  slugs:
    - old-planning
levels:
  "1":
    title: "Planner #1"
    summary: |2-
        indented
      first line
    core_outputs:
      - "true"
      - A plan
    components:
      skills:
        - Forecasting
    rubrics:
      knowledge_application: "Knows: the plan"
  P2: {}
"#
    );
    let (loaded, diagnostics) = read_back(&canon);
    assert!(loaded == canon, "{loaded:#?}");
    assert_eq!(
        diagnostics,
        [
            "ops/planning.yaml:26:3: warning[JF0510]: levels.P2: profile has no core_outputs, \
          jfm_responsibilities or components.responsibilities: its SMART, OKR, MBO and \
          internal-process goal sections will be empty"
        ]
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn random_canons_read_back_unchanged(canon in common::model::canon()) {
        let (loaded, diagnostics) = read_back(&canon);
        prop_assert_eq!(diagnostics, Vec::<String>::new());
        prop_assert!(loaded == canon, "read back differently:\n{:#?}\nwritten from\n{:#?}", loaded, canon);
    }
}
