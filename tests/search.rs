//! Search: the index a build writes (stems, word shards, where each word occurs) and what the
//! search engine written beside it finds and in which order, run under Node on a fixture canon.

mod common;

use std::path::Path;
use std::process::Command;

use common::search_index::SearchIndex;
use common::{LADDER, SETTINGS, jobframe, stderr, tree, write_canon};
use serde_json::Value;

const OPS_PLAN: &str = "code: PLAN
name: Planning
description: Plans things.
levels:
  P4:
    jfm_responsibilities:
      - Negotiates supplier contracts
      - Runs the plan
  P5:
    jfm_responsibilities:
      - Leads contract negotiation with suppliers
      - Sets the plan with people from every team
";

const PEOPLE_RECRUITER: &str = "code: REC
name: Recruiter
description: Finds people.
levels:
  P4:
    jfm_responsibilities:
      - Recruiting for engineering teams
      - Mentors new hires
  P5:
    jfm_responsibilities:
      - Owns the hiring policy
      - Runs the mentoring programme
";

const FINANCE_ANALYST: &str = "code: PAN
name: People Analyst
description: Counts people.
levels:
  P4:
    jfm_responsibilities:
      - Reports headcount to the board
  P5:
    jfm_responsibilities:
      - Forecasts headcount by quarter
";

/// Builds the fixture canon in `language` into a temp folder; returns it with the site inside.
fn built(language: &str) -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    let canon = temp.path().join("canon");
    let settings = format!("{SETTINGS}language: {language}\n");
    write_canon(
        &canon,
        &[
            ("canon.yaml", &settings),
            ("ladder.yaml", LADDER),
            ("ops/family.yaml", "code: OPS\nname: Operations\n"),
            ("ops/planning.yaml", OPS_PLAN),
            ("people/family.yaml", "code: HR\nname: People\n"),
            ("people/recruiter.yaml", PEOPLE_RECRUITER),
            ("finance/family.yaml", "code: FIN\nname: Finance\n"),
            ("finance/analyst.yaml", FINANCE_ANALYST),
        ],
    );
    let output = jobframe(temp.path(), &["build", "--canon", "canon", "--out", "site"]);
    assert!(output.status.success(), "{}", stderr(&output));
    temp
}

/// Whether Node is here to run the engine; CI (`JOBFRAME_REQUIRE_BROWSER`) must have it.
fn node_available() -> bool {
    let found = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    if !found {
        assert!(
            std::env::var_os("JOBFRAME_REQUIRE_BROWSER").is_none(),
            "node is needed to run the search engine"
        );
        eprintln!("skipped: node is not installed");
    }
    found
}

/// What the engine finds for each query (`words` or `words|{filter JSON}`), as
/// `tests/search/query.mjs` prints it.
fn search(site: &Path, queries: &[&str]) -> Vec<Value> {
    let script = common::repo().join("tests/search/query.mjs");
    let output = Command::new("node")
        .arg(script)
        .arg(site)
        .args(queries)
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// The profile IDs (or guide titles) listed for `found`, best first.
fn pages(found: &Value) -> Vec<&str> {
    found["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| result["page"].as_str().unwrap())
        .collect()
}

#[test]
fn the_index_keeps_stems_and_says_where_each_occurs() {
    let temp = built("en-GB");
    let files = tree(&temp.path().join("site"));
    let index = SearchIndex::of(&files);
    assert_eq!(index.manifest["version"], 4);
    assert_eq!(index.manifest["stemmed"], true);
    let ids: Vec<String> = index
        .docs()
        .iter()
        .map(|doc| doc["i"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        ids,
        [
            "FIN.PAN.P4",
            "FIN.PAN.P5",
            "OPS.PLAN.P4",
            "OPS.PLAN.P5",
            "HR.REC.P4",
            "HR.REC.P5"
        ]
    );
    // Word forms share one Snowball stem; the word shards say which.
    for word in ["negotiates", "negotiation"] {
        assert_eq!(index.stem_of(word).as_deref(), Some("negoti"), "{word}");
    }
    assert_eq!(index.stem_of("policy").as_deref(), Some("polici"));
    assert_eq!(index.stem_of("negotiating"), None, "not a word of the site");
    assert_eq!(index.postings("negoti"), [(2, 4), (3, 4)]);
    // Where: 1 an ID or title, 2 a role or family name, 4 a line.
    assert_eq!(
        index.postings("peopl"),
        [(0, 1 | 2), (1, 1 | 2), (3, 4), (4, 2), (5, 2)],
        "the analysts' title and role name, a planning line, the People family"
    );
    assert_eq!(index.postings("p5"), [(1, 1), (3, 1), (5, 1)]);
}

#[test]
fn word_forms_find_the_same_profiles() {
    if !node_available() {
        return;
    }
    let temp = built("en");
    let groups: [&[&str]; 3] = [
        &[
            "negotiate",
            "negotiates",
            "negotiation",
            "negotiating",
            "negot",
        ],
        &["mentor", "mentors", "mentoring"],
        &["recruit", "recruiting", "recruiter", "recruiters"],
    ];
    for group in groups {
        let found = search(&temp.path().join("site"), group);
        let first = pages(&found[0]);
        assert!(!first.is_empty(), "{:?} finds nothing", group[0]);
        for (word, found) in group.iter().zip(&found) {
            assert_eq!(pages(found), first, "{word} against {}", group[0]);
            assert_eq!(found["corrections"], serde_json::json!([]), "{word}");
        }
    }
    let found = search(&temp.path().join("site"), &["negotiating"]);
    assert_eq!(pages(&found[0]), ["OPS.PLAN.P4", "OPS.PLAN.P5"]);
    assert_eq!(
        found[0]["marks"],
        serde_json::json!(["negotiates", "negotiation"]),
        "the site's forms of the word are highlighted"
    );
}

#[test]
fn a_word_one_letter_off_finds_what_the_word_finds_and_says_so() {
    if !node_available() {
        return;
    }
    let temp = built("en");
    let site = temp.path().join("site");
    let found = search(
        &site,
        &[
            "recruiting",
            "recruitnig",
            "rcruiting",
            "recruitting",
            "recruitinf",
            "negotiation",
            "negotiaton",
            "headcount recruitnig",
            "plan",
            "plna",
        ],
    );
    for (exact, typo) in [(0, 1), (0, 2), (0, 3), (0, 4), (5, 6)] {
        assert_eq!(pages(&found[typo]), pages(&found[exact]), "{}", found[typo]);
        let word = found[typo]["query"].as_str().unwrap();
        let meant = found[exact]["query"].as_str().unwrap();
        assert_eq!(
            found[typo]["corrections"],
            serde_json::json!([{"typed": word, "words": [meant]}])
        );
    }
    // Below exact matches: the exact word's profiles first, the corrected word's after.
    assert_eq!(
        pages(&found[7]),
        ["FIN.PAN.P4", "FIN.PAN.P5", "HR.REC.P4", "HR.REC.P5"]
    );
    // Words under five letters are not corrected.
    assert_eq!(pages(&found[9]), Vec::<&str>::new());
    assert_eq!(found[9]["corrections"], serde_json::json!([]));
}

#[test]
fn titles_rank_above_names_above_lines_and_more_words_above_fewer() {
    if !node_available() {
        return;
    }
    let temp = built("en");
    let found = search(
        &temp.path().join("site"),
        &[
            "people",
            "negotiation people",
            "plan",
            "people|{\"level\":\"P5\"}",
            "people|{\"family\":\"HR\"}",
        ],
    );
    assert_eq!(
        pages(&found[0]),
        [
            "FIN.PAN.P4",
            "FIN.PAN.P5",
            "HR.REC.P4",
            "HR.REC.P5",
            "OPS.PLAN.P5"
        ],
        "the title People Analyst, then the family People, then a line"
    );
    assert_eq!(
        pages(&found[1]),
        [
            "OPS.PLAN.P5",
            "FIN.PAN.P4",
            "FIN.PAN.P5",
            "HR.REC.P4",
            "HR.REC.P5",
            "OPS.PLAN.P4"
        ],
        "the profile with both words first"
    );
    assert_eq!(found[1]["every"], 1);
    assert_eq!(found[1]["total"], 6);
    assert_eq!(
        pages(&found[2]),
        ["OPS.PLAN.P4", "OPS.PLAN.P5"],
        "equal scores keep the ladder's order"
    );
    assert_eq!(pages(&found[3]), ["FIN.PAN.P5", "HR.REC.P5", "OPS.PLAN.P5"]);
    assert_eq!(pages(&found[4]), ["HR.REC.P4", "HR.REC.P5"]);
}

#[test]
fn a_language_without_a_stemmer_matches_whole_words_and_their_starts() {
    if !node_available() {
        return;
    }
    let temp = built("ja");
    let files = tree(&temp.path().join("site"));
    let index = SearchIndex::of(&files);
    assert_eq!(index.manifest["stemmed"], false);
    assert_eq!(index.stem_of("negotiation").as_deref(), Some("negotiation"));
    let found = search(
        &temp.path().join("site"),
        &["negotiation", "negotiating", "negot", "negotiatoin"],
    );
    assert_eq!(pages(&found[0]), ["OPS.PLAN.P5"]);
    assert_eq!(pages(&found[1]), Vec::<&str>::new());
    assert_eq!(pages(&found[2]), ["OPS.PLAN.P4", "OPS.PLAN.P5"]);
    assert_eq!(pages(&found[3]), ["OPS.PLAN.P5"], "typos still corrected");
}
