//! `jobframe schema` agrees with the committed schemas and with the loader: the bundled canon
//! validates against it, and files the loader refuses, it refuses too. (The built site's profile
//! documents are validated against theirs in `tests/api.rs`.)

mod common;

use jobframe::load::yaml;

/// The canon files' kinds.
const KINDS: [&str; 5] = ["settings", "ladder", "family", "role", "pay"];
/// Every schema in `docs/schema/`: the canon files', the JSON documents' and `diff`'s.
const COMMITTED: [&str; 8] = [
    "settings", "ladder", "family", "role", "pay", "profile", "canon", "diff",
];

fn schema(kind: &str) -> serde_json::Value {
    let output = common::jobframe(&common::repo(), &["schema", kind]);
    assert!(output.status.success());
    serde_json::from_slice(&output.stdout).expect("schema is JSON")
}

fn kind_of(rel: &str) -> &'static str {
    match rel {
        "canon.yaml" => "settings",
        "ladder.yaml" => "ladder",
        "pay.yaml" => "pay",
        _ if rel.ends_with("/family.yaml") => "family",
        _ => "role",
    }
}

#[test]
fn committed_schemas_are_current() {
    let mut files: Vec<String> = std::fs::read_dir(common::repo().join("docs/schema"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut expected: Vec<String> = COMMITTED.iter().map(|k| format!("{k}.json")).collect();
    expected.sort();
    assert_eq!(files, expected, "docs/schema/ holds one file per kind");
    for kind in COMMITTED {
        let output = common::jobframe(&common::repo(), &["schema", kind]);
        let committed =
            std::fs::read_to_string(common::repo().join(format!("docs/schema/{kind}.json")))
                .unwrap();
        assert_eq!(
            String::from_utf8(output.stdout).unwrap(),
            committed,
            "docs/schema/{kind}.json is stale: run `cargo run -- schema --write docs/schema`"
        );
    }
}

#[test]
fn bundled_canon_validates_against_the_emitted_schemas() {
    let validators: Vec<(&str, jsonschema::Validator)> = KINDS
        .iter()
        .map(|kind| (*kind, jsonschema::validator_for(&schema(kind)).unwrap()))
        .collect();
    let canon = common::repo().join("canon");
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&canon).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|ext| ext != "yaml") {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&canon)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let value: serde_json::Value = yaml::parse(&text).unwrap();
        let (_, validator) = validators
            .iter()
            .find(|(kind, _)| *kind == kind_of(&rel))
            .unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{rel}: {errors:?}");
        checked += 1;
    }
    assert!(
        checked > 30,
        "walked the whole bundled canon ({checked} files)"
    );
}

#[test]
fn schema_refuses_what_the_loader_refuses() {
    let validator = jsonschema::validator_for(&schema("role")).unwrap();
    for bad in [
        "code: PLAN\nname: P\ndescription: d\nlevels:\n  P4:\n    summry: x\n",
        "code: plan\nname: P\ndescription: d\nlevels: {}\n",
        "code: PLAN\nname: P\nlevels: {}\n",
        "code: PLAN\nname: P\ndescription: d\nlevels:\n  P4:\n    jfm_responsibilities: one\n",
    ] {
        let value: serde_json::Value = yaml::parse(bad).unwrap();
        assert!(!validator.is_valid(&value), "schema accepted {bad:?}");
    }
}

#[test]
fn the_pay_schema_refuses_what_the_loader_refuses() {
    let validator = jsonschema::validator_for(&schema("pay")).unwrap();
    let head = "effective_date: \"2026-01-01\"\nperiod: annual\nzones:\n  - {code: US, name: US, currency: USD}\n";
    let good: serde_json::Value = yaml::parse(&format!(
        "{head}ranges:\n  US:\n    P1: {{min: 1, mid: 2, max: 3}}\nfamilies:\n  SALES:\n    roles:\n      AE:\n        ranges: {{}}\n"
    ))
    .unwrap();
    assert!(validator.is_valid(&good));
    for bad in [
        "ranges:\n  US:\n    P1: {min: \"85,000\", max: 3}\n",
        "ranges:\n  US:\n    P1: {min: -5, max: 3}\n",
        "ranges:\n  US:\n    P1: {min: 1, maximum: 3}\n",
        "rangs: {}\n",
        "families:\n  SALES:\n    role: {}\n",
    ] {
        let value: serde_json::Value = yaml::parse(&format!("{head}{bad}")).unwrap();
        assert!(!validator.is_valid(&value), "schema accepted {bad:?}");
    }
    let monthly: serde_json::Value = yaml::parse(&head.replace("annual", "monthly")).unwrap();
    assert!(!validator.is_valid(&monthly));
}
