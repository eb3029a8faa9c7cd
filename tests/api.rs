//! The per-profile JSON documents (`api/profiles/{ID}.json`, docs/data.md): their exact content,
//! verbatim texts, sorted keys, stable bytes, the committed schema, and the reserved top-level
//! names `api` and `compare`.

mod common;

use std::path::Path;
use std::process::Command;

use common::{check_lines, minimal_canon, stderr, tree, write_canon, write_role};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::json;

/// A P4 with every field, its texts full of Markdown, markup characters, quotes and non-ASCII
/// text; a P5 with nothing but one responsibility.
const FULL_LEVELS: &str = r#"  P4:
    title: "Planner <Lead> — R&D \"North\""
    summary: |
      Plans **quarterly** supply for *R&D* <b>teams</b>; see [the guide](https://example.com/a?b=1&c=2).

      - Prévisions à 12 mois, naïve café ☕
      - `code` & "quotes" 'single'
    core_outputs:
      - "Quarterly plan < 5% error & \"signed off\""
      - Prévision — 12 mois
    jfm_responsibilities:
      - Runs the plan
      - "Escalates </script> & <!-- notes -->"
    components:
      responsibilities: [Owns the forecast]
      tasks: [Collects demand signals, Publishes the plan]
      skills: ["Excel & SQL"]
      knowledge: ["S&OP <basics>"]
      competencies: [Judgement]
      qualifications: ["APICS CPIM — or equivalent"]
    rubrics:
      complexity: "Solves *multi-site* problems; 'what if' > guesswork"
      knowledge_application: Applies S&OP to the region.
  P5:
    jfm_responsibilities:
      - Sets the plan
"#;

/// Builds the canon in `dir/canon` into `dir/{out}` with `threads` render threads; returns the
/// build's stderr after asserting that it succeeded.
fn build(dir: &Path, out: &str, threads: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_jobframe"))
        .args(["build", "--canon", "canon", "--out", out])
        .current_dir(dir)
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    stderr(&output)
}

/// A fixture canon with `FULL_LEVELS`, built into `site/`.
fn full_site() -> (tempfile::TempDir, String) {
    let temp = tempfile::tempdir().unwrap();
    minimal_canon(&temp.path().join("canon"), FULL_LEVELS);
    let err = build(temp.path(), "site", "2");
    (temp, err)
}

fn document(site: &Path, id: &str) -> serde_json::Value {
    let bytes = std::fs::read(site.join(format!("api/profiles/{id}.json"))).unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

/// The `canon` object of every fixture document: `common::SETTINGS`, language by default.
fn fixture_release() -> serde_json::Value {
    json!({
        "effective_date": "2026-01-01",
        "language": "en",
        "name": "Acme Canon",
        "version": "1"
    })
}

#[test]
fn a_full_profile_document_holds_every_text_verbatim() {
    let (temp, err) = full_site();
    assert!(
        err.starts_with("built 16 pages and 2 profile documents ("),
        "{err}"
    );
    let site = temp.path().join("site");
    assert_eq!(
        document(&site, "OPS.PLAN.P4"),
        json!({
            "canon": fixture_release(),
            "components": {
                "competencies": ["Judgement"],
                "knowledge": ["S&OP <basics>"],
                "qualifications": ["APICS CPIM — or equivalent"],
                "responsibilities": ["Owns the forecast"],
                "skills": ["Excel & SQL"],
                "tasks": ["Collects demand signals", "Publishes the plan"]
            },
            "core_outputs": [
                "Quarterly plan < 5% error & \"signed off\"",
                "Prévision — 12 mois"
            ],
            "family": {"code": "OPS", "name": "Operations", "url": "ops/"},
            "format": 1,
            "goals_url": "ops/planning/p4/goals/",
            "id": "OPS.PLAN.P4",
            "level": {
                "code": "P4",
                "dimensions": {
                    "autonomy": "Works without supervision",
                    "complexity": "Broad problems",
                    "decision_rights": "Chooses methods",
                    "impact": "Team outcomes",
                    "leadership": "Mentors peers",
                    "scope": "A product area"
                },
                "meaning": "Works independently.",
                "name": "Senior Professional",
                "track": {"code": "P", "name": "Professional"},
                "url": "levels/p4/",
                "years": "5–8"
            },
            "pay": [],
            "permalink": "id/OPS.PLAN.P4/",
            "responsibilities": ["Runs the plan", "Escalates </script> & <!-- notes -->"],
            "role": {"code": "PLAN", "name": "Planning", "url": "ops/planning/"},
            "rubrics": {
                "complexity": "Solves *multi-site* problems; 'what if' > guesswork",
                "knowledge_application": "Applies S&OP to the region."
            },
            "summary": "Plans **quarterly** supply for *R&D* <b>teams</b>; see [the guide](https://example.com/a?b=1&c=2).\n\n- Prévisions à 12 mois, naïve café ☕\n- `code` & \"quotes\" 'single'\n",
            "title": "Planner <Lead> — R&D \"North\"",
            "url": "ops/planning/p4/"
        })
    );
}

#[test]
fn documents_are_compact_html_safe_utf8_with_their_pages() {
    let (temp, _) = full_site();
    let site = temp.path().join("site");
    let files = tree(&site.join("api"));
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        [
            "canon.json",
            "profiles/OPS.PLAN.P4.json",
            "profiles/OPS.PLAN.P5.json"
        ]
    );
    let text = String::from_utf8(files["profiles/OPS.PLAN.P4.json"].clone()).unwrap();
    assert!(text.starts_with(r#"{"canon":{"effective_date":"2026-01-01","#));
    assert!(!text.contains('\n') && !text.contains(": "), "compact");
    assert!(
        text.contains(r#""Escalates \u003c/script\u003e \u0026 \u003c!-- notes --\u003e""#),
        "markup characters are escaped: {text}"
    );
    assert!(text.contains("naïve café ☕"), "non-ASCII stays UTF-8");
    for id in ["OPS.PLAN.P4", "OPS.PLAN.P5"] {
        let document = document(&site, id);
        for key in ["url", "goals_url", "permalink"] {
            let page = site
                .join(document[key].as_str().unwrap())
                .join("index.html");
            assert!(page.is_file(), "{id}: {key} leads to {}", page.display());
        }
        for key in ["family", "role", "level"] {
            let page = site
                .join(document[key]["url"].as_str().unwrap())
                .join("index.html");
            assert!(
                page.is_file(),
                "{id}: {key}.url leads to {}",
                page.display()
            );
        }
    }
}

#[test]
fn a_profile_without_rubrics_components_or_dimensions_gives_nulls_and_empty_lists() {
    let (temp, _) = full_site();
    assert_eq!(
        document(&temp.path().join("site"), "OPS.PLAN.P5"),
        json!({
            "canon": fixture_release(),
            "components": {
                "competencies": [],
                "knowledge": [],
                "qualifications": [],
                "responsibilities": [],
                "skills": [],
                "tasks": []
            },
            "core_outputs": [],
            "family": {"code": "OPS", "name": "Operations", "url": "ops/"},
            "format": 1,
            "goals_url": "ops/planning/p5/goals/",
            "id": "OPS.PLAN.P5",
            "level": {
                "code": "P5",
                "dimensions": {
                    "autonomy": null,
                    "complexity": null,
                    "decision_rights": null,
                    "impact": null,
                    "leadership": null,
                    "scope": null
                },
                "meaning": "Sets direction.",
                "name": "Expert Professional",
                "track": {"code": "P", "name": "Professional"},
                "url": "levels/p5/",
                "years": "8–12"
            },
            "pay": [],
            "permalink": "id/OPS.PLAN.P5/",
            "responsibilities": ["Sets the plan"],
            "role": {"code": "PLAN", "name": "Planning", "url": "ops/planning/"},
            "rubrics": {"complexity": null, "knowledge_application": null},
            "summary": "",
            "title": "Planning — P5",
            "url": "ops/planning/p5/"
        })
    );
}

#[test]
fn two_builds_write_byte_identical_documents() {
    let temp = tempfile::tempdir().unwrap();
    minimal_canon(&temp.path().join("canon"), FULL_LEVELS);
    build(temp.path(), "one", "1");
    build(temp.path(), "four", "4");
    for folder in ["api", "downloads"] {
        let one = tree(&temp.path().join("one").join(folder));
        assert_eq!(one.len(), if folder == "api" { 3 } else { 9 }, "{folder}");
        assert!(
            one == tree(&temp.path().join("four").join(folder)),
            "{folder}"
        );
    }
}

#[test]
fn an_edit_changes_only_its_profiles_document() {
    let temp = tempfile::tempdir().unwrap();
    let canon = temp.path().join("canon");
    minimal_canon(&canon, FULL_LEVELS);
    build(temp.path(), "site", "2");
    let before = tree(&temp.path().join("site/api"));
    write_role(
        &canon,
        &FULL_LEVELS.replace("Sets the plan", "Sets the whole plan"),
    );
    build(temp.path(), "site", "2");
    let after = tree(&temp.path().join("site/api"));
    assert_eq!(
        after["profiles/OPS.PLAN.P4.json"],
        before["profiles/OPS.PLAN.P4.json"]
    );
    assert_ne!(
        after["profiles/OPS.PLAN.P5.json"],
        before["profiles/OPS.PLAN.P5.json"]
    );
}

/// Visits a JSON text in its own key order (serde_json's `Value` sorts keys and would hide it),
/// failing at the first object whose keys are not in strictly ascending byte order.
struct Sorted;

impl<'de> Deserialize<'de> for Sorted {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SortedVisitor)
    }
}

struct SortedVisitor;

impl<'de> Visitor<'de> for SortedVisitor {
    type Value = Sorted;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Sorted, E> {
        Ok(Sorted)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Sorted, E> {
        Ok(Sorted)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Sorted, E> {
        Ok(Sorted)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Sorted, E> {
        Ok(Sorted)
    }

    fn visit_str<E>(self, _: &str) -> Result<Sorted, E> {
        Ok(Sorted)
    }

    fn visit_unit<E>(self) -> Result<Sorted, E> {
        Ok(Sorted)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Sorted, A::Error> {
        while seq.next_element::<Sorted>()?.is_some() {}
        Ok(Sorted)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Sorted, A::Error> {
        let mut previous: Option<String> = None;
        while let Some(key) = map.next_key::<String>()? {
            if let Some(previous) = &previous
                && *previous >= key
            {
                return Err(de::Error::custom(format!(
                    "key `{key}` comes after `{previous}`"
                )));
            }
            map.next_value::<Sorted>()?;
            previous = Some(key);
        }
        Ok(Sorted)
    }
}

fn keys_sorted(json: &[u8]) -> Result<(), serde_json::Error> {
    serde_json::from_slice::<Sorted>(json).map(|_| ())
}

#[test]
fn every_object_of_every_document_has_sorted_keys() {
    assert!(keys_sorted(br#"{"a":[{"b":1,"c":{"d":null,"e":"x"}}],"f":true}"#).is_ok());
    assert!(keys_sorted(br#"{"a":[{"c":1,"b":2}]}"#).is_err());
    assert!(keys_sorted(br#"{"a":1,"a":2}"#).is_err());
    let (temp, _) = full_site();
    let fixture = temp.path().join("site");
    let mut checked = 0;
    for site in [&fixture, &common::bundled_site().0] {
        for (path, bytes) in tree(&site.join("api/profiles")) {
            keys_sorted(&bytes).unwrap_or_else(|error| panic!("{path}: {error}"));
            checked += 1;
        }
    }
    assert!(checked > 100, "checked {checked} documents");
}

/// The committed schema, which `tests/schema.rs` keeps equal to `jobframe schema profile`.
fn committed_schema() -> serde_json::Value {
    let text = std::fs::read_to_string(common::repo().join("docs/schema/profile.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn every_document_of_the_bundled_site_validates_against_the_schema() {
    let validator = jsonschema::validator_for(&committed_schema()).unwrap();
    let (site, _) = common::bundled_site();
    let documents = tree(&site.join("api/profiles"));
    let canon = common::bundled_canon();
    assert_eq!(documents.len(), canon.profile_count());
    for (family, role, profile) in canon.profiles() {
        let name = format!("{}.json", role.profile_id(family, profile));
        let value: serde_json::Value = serde_json::from_slice(&documents[&name]).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
    let (temp, _) = full_site();
    for (name, bytes) in tree(&temp.path().join("site/api/profiles")) {
        let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert!(validator.is_valid(&value), "{name}");
    }
}

#[test]
fn the_schema_requires_every_key_and_pins_the_format() {
    let schema = committed_schema();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let (temp, _) = full_site();
    let good = document(&temp.path().join("site"), "OPS.PLAN.P4");
    assert!(validator.is_valid(&good));
    let mut newer = good.clone();
    newer["format"] = json!(2);
    assert!(!validator.is_valid(&newer), "format 2 is not format 1");
    let mut absent = good.clone();
    absent["rubrics"]
        .as_object_mut()
        .unwrap()
        .remove("complexity");
    assert!(
        !validator.is_valid(&absent),
        "keys are present, even when null"
    );
    let mut added = good.clone();
    added["level"]["rank"] = json!(4);
    assert!(
        validator.is_valid(&added),
        "a key added within format 1 does not break its readers"
    );
    // Every object the schema describes lists all its properties as required.
    let mut objects = vec![&schema];
    objects.extend(schema["$defs"].as_object().unwrap().values());
    for object in objects {
        let properties: Vec<&String> = object["properties"].as_object().unwrap().keys().collect();
        let mut required: Vec<&str> = object["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|key| key.as_str().unwrap())
            .collect();
        required.sort_unstable();
        assert_eq!(properties, required);
    }
}

#[test]
fn families_may_not_take_the_api_or_compare_folders() {
    let temp = tempfile::tempdir().unwrap();
    let canon = temp.path().join("canon");
    minimal_canon(&canon, common::GOOD_LEVELS);
    let role = common::role_yaml(common::GOOD_LEVELS);
    write_canon(
        &canon,
        &[
            ("api/family.yaml", "code: API\nname: Api\n"),
            ("api/planning.yaml", role.as_str()),
            ("compare/family.yaml", "code: CMP\nname: Compare\n"),
            ("compare/planning.yaml", role.as_str()),
            (
                "ops/family.yaml",
                "code: OPS\nname: Operations\naliases:\n  slugs: [compare]\n",
            ),
        ],
    );
    let (code, lines) = check_lines(&canon);
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "api/family.yaml:1:1: error[JF0405]: family slug `api` is reserved for the site's own pages; rename the folder",
            "compare/family.yaml:1:1: error[JF0405]: family slug `compare` is reserved for the site's own pages; rename the folder",
            "ops/family.yaml:4:11: error[JF0405]: aliases.slugs[0]: URL path `compare/` is reserved for the site's own pages",
        ]
    );
    let output = common::jobframe(temp.path(), &["build", "--canon", "canon", "--out", "site"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).ends_with("error: the canon has 3 errors; nothing was written\n"),
        "{}",
        stderr(&output)
    );
    assert!(!temp.path().join("site").exists());
}
