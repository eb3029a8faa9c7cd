//! Bounded input: every limit that keeps `check` linear in time and memory refuses or warns
//! with its exact message and location; the nesting pre-scan never refuses a valid canon file.
//! (Timings are measured by bench/worst_cases.sh, not here.)

mod common;

use std::collections::BTreeMap;

use common::{FAMILY, LADDER, SETTINGS, role_yaml};
use jobframe::canon::limits;
use jobframe::load::{check_sources, nesting};
use proptest::prelude::*;

const ROLE: &str = "ops/planning.yaml";

/// The minimal canon with `role` as its one role file.
fn canon(role: &str) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    files.insert("canon.yaml".to_string(), SETTINGS.to_string());
    files.insert("ladder.yaml".to_string(), LADDER.to_string());
    files.insert("ops/family.yaml".to_string(), FAMILY.to_string());
    files.insert(ROLE.to_string(), role.to_string());
    files
}

/// Every diagnostic as `check` prints it (canon folder `.`).
fn lines(files: BTreeMap<String, String>) -> Vec<String> {
    let checked = check_sources(files);
    checked.diagnostics.iter().map(|d| d.render(".")).collect()
}

fn role_lines(role: &str) -> Vec<String> {
    lines(canon(role))
}

const DEPTH_MESSAGE: &str = "error[JF0210]: nesting deeper than 64 levels; a canon file needs at most 5 \
    (a role's levels → level → components → list → item), and deeper nesting only slows the \
    YAML parser down: look for an unclosed `[` or `{` or runaway indentation here";

const ENTRIES_MESSAGE: &str = "error[JF0211]: more than 100,000 list items and mapping entries in one \
    file; a canon file needs a few hundred, and more would slow every check down: split the \
    file, or remove generated or pasted content";

// --- nesting -------------------------------------------------------------------------------

#[test]
fn flow_nesting_is_refused_at_the_first_bracket_too_deep() {
    // The root mapping is level 1, so the 64th bracket opens level 65.
    let sequences = format!("code: PLAN\nname: {}\n", "[".repeat(100_000));
    assert_eq!(
        role_lines(&sequences),
        [format!("{ROLE}:2:{}: {DEPTH_MESSAGE}", 7 + 63)]
    );
    let mappings = format!("code: PLAN\nname: {}x\n", "{a: ".repeat(50_000));
    assert_eq!(
        role_lines(&mappings),
        [format!("{ROLE}:2:{}: {DEPTH_MESSAGE}", 7 + 4 * 63)]
    );
}

#[test]
fn block_nesting_is_refused_at_the_first_key_or_dash_too_deep() {
    let mappings: String = (0..100).map(|n| format!("{}a:\n", " ".repeat(n))).collect();
    assert_eq!(
        role_lines(&mappings),
        [format!("{ROLE}:65:65: {DEPTH_MESSAGE}")]
    );
    let sequences: String = (0..100).map(|n| format!("{}-\n", "  ".repeat(n))).collect();
    assert_eq!(
        role_lines(&sequences),
        [format!("{ROLE}:65:129: {DEPTH_MESSAGE}")]
    );
    let compact = format!("{}x\n", "- ".repeat(1_000_000));
    assert_eq!(
        role_lines(&compact),
        [format!("{ROLE}:1:129: {DEPTH_MESSAGE}")]
    );
    // A list at its key's own column is one level deeper than the key's mapping.
    let indentless: String = (0..40)
        .map(|n| format!("{0}k:\n{0}-\n", "  ".repeat(n)))
        .collect();
    assert_eq!(
        role_lines(&indentless),
        [format!("{ROLE}:65:65: {DEPTH_MESSAGE}")]
    );
}

#[test]
fn nesting_at_the_limit_reaches_the_parser() {
    let role = format!(
        "code: PLAN\nname: Planning\ndescription: {}x{}\nlevels: {{}}\n",
        "[".repeat(63),
        "]".repeat(63)
    );
    assert_eq!(
        role_lines(&role),
        [format!(
            "{ROLE}:3:1: error[JF0304]: description: wrong type: expected a string, found a list; this key holds one text, not a list: write the text after the `:`"
        )]
    );
}

// --- entries and aliases -------------------------------------------------------------------

#[test]
fn more_entries_than_the_limit_are_refused_before_parsing_at_the_first_one_too_many() {
    let head = "code: PLAN\nname: Planning\ndescription: d\nlevels:\n  P4:\n    core_outputs:\n";
    let role = format!("{head}{}", "      - x\n".repeat(nesting::MAX_ENTRIES));
    // `code`, `name`, `description`, `levels`, `P4` and `core_outputs` are six entries, so the
    // 99,995th item is the 100,001st entry.
    let line = 6 + (nesting::MAX_ENTRIES - 6) + 1;
    assert_eq!(
        role_lines(&role),
        [format!("{ROLE}:{line}:7: {ENTRIES_MESSAGE}")]
    );
    let flow = format!("[{}x]\n", "x,".repeat(200_000));
    assert_eq!(
        role_lines(&flow),
        [format!("{ROLE}:1:200001: {ENTRIES_MESSAGE}")]
    );
}

#[test]
fn aliases_may_not_repeat_values_past_the_entry_limit() {
    let role = format!(
        "a: &a [{}x]\nb: [{}*a]\n",
        "x,".repeat(399),
        "*a,".repeat(299)
    );
    assert_eq!(
        role_lines(&role),
        [format!(
            "{ROLE}:1:4: error[JF0213]: aliases (`*name`) repeat the values anchored here until the \
             file holds more than 100,000 list items and mapping entries; a canon file needs a \
             few hundred: write the repeated values out once each, or remove the aliases"
        )]
    );
}

#[test]
fn aliases_may_not_repeat_more_text_than_the_limit() {
    let text = "a".repeat(1024 * 1024);
    let aliases = ["*s"; 9].join(", ");
    let role = format!(
        "code: PLAN\nname: Planning\ndescription: d\nlevels:\n  P4:\n    summary: &s {text}\n    core_outputs: [{aliases}]\n"
    );
    assert_eq!(
        role_lines(&role),
        [format!(
            "{ROLE}:6:14: error[JF0214]: aliases (`*name`) repeat the text anchored here until the \
             file's values hold 8 MiB more text than the file itself; a canon file needs no such \
             repetition: write the repeated text out once each, or remove the aliases"
        )]
    );
}

#[test]
fn more_directives_than_the_limit_are_refused_before_parsing() {
    let directives: String = (0..20_000)
        .map(|n| format!("%TAG !a{n}! tag:example.com,2000:{n}:\n"))
        .collect();
    let role = format!("{directives}---\ncode: PLAN\n");
    assert_eq!(
        role_lines(&role),
        [format!(
            "{ROLE}:17:1: error[JF0212]: more than 16 YAML directives (lines starting with `%`) in one \
             file; a canon file needs none, and the parser compares each with every other: \
             remove them"
        )]
    );
}

#[test]
fn a_file_of_document_markers_is_one_error() {
    let role = "---\n".repeat(2_000_000);
    assert_eq!(
        role_lines(&role),
        [format!(
            "{ROLE}:2:1: error[JF0201]: invalid YAML: deserializing from YAML containing more than one \
             document is not supported"
        )]
    );
}

// --- content limits ------------------------------------------------------------------------

fn profile_with(list: &str, items: impl Iterator<Item = String>) -> String {
    let body: String = items.map(|item| format!("      - {item}\n")).collect();
    role_yaml(&format!("  P4:\n    {list}:\n{body}"))
}

#[test]
fn long_lists_are_warned_about_and_very_long_ones_refused_once() {
    let warned = profile_with("core_outputs", (0..201).map(|n| format!("Output {n}")));
    assert_eq!(
        role_lines(&warned),
        [format!(
            "{ROLE}:6:5: warning[JF0604]: levels.P4.core_outputs: list of 201 items; more than 200 in \
             one list is unusual for a job architecture: check for repeated or pasted lines"
        )]
    );
    // A refused list is one error: its blank items are not reported one by one.
    let refused = profile_with(
        "jfm_responsibilities",
        (0..10_001).map(|_| "\" \"".to_string()),
    );
    assert_eq!(
        role_lines(&refused),
        [format!(
            "{ROLE}:6:5: error[JF0603]: levels.P4.jfm_responsibilities: list of 10,001 items; a list may \
             have at most 10,000: split it, or remove generated or pasted content"
        )]
    );
}

#[test]
fn long_lines_are_warned_about_and_very_long_texts_refused() {
    let line = "word ".repeat(401);
    let warned = profile_with("core_outputs", std::iter::once(line.trim_end().to_string()));
    assert_eq!(
        role_lines(&warned),
        [format!(
            "{ROLE}:7:9: warning[JF0602]: levels.P4.core_outputs[0]: a line of 2,004 characters; lines \
             longer than 2,000 characters are usually pasted by mistake: shorten it or break it \
             into lines"
        )]
    );
    let text = "a".repeat(150_000);
    let role = format!(
        "code: PLAN\nname: Planning\ndescription: {text}\nlevels:\n  P4:\n    core_outputs: [x]\n"
    );
    assert_eq!(
        role_lines(&role),
        [format!(
            "{ROLE}:3:1: error[JF0601]: description: text of 150,000 characters; a text may have at \
             most 100,000 (about 15,000 words): keep long material in a document the text links to"
        )]
    );
}

fn ladder_of(levels: usize, tracks: usize) -> String {
    let mut yaml = String::from("tracks:\n");
    for n in 0..tracks {
        yaml.push_str(&format!("  - code: T{n}\n    name: Track {n}\n"));
    }
    yaml.push_str("levels:\n");
    for n in 0..levels {
        yaml.push_str(&format!(
            "  - code: L{n}\n    name: Level {n}\n    track: T0\n    years: \"1\"\n    meaning: m\n"
        ));
    }
    yaml
}

#[test]
fn big_ladders_are_warned_about_and_huge_ones_refused_without_checking_references() {
    let mut files = canon(&role_yaml("  L0:\n    core_outputs: [x]\n"));
    files.insert("ladder.yaml".to_string(), ladder_of(101, 1));
    assert_eq!(
        lines(files.clone()),
        [
            "ladder.yaml:4:1: warning[JF0606]: levels: ladder of 101 levels; more than 100 is unusual: \
             real ladders have 10–30 levels in 3–6 tracks; each level has a page listing its \
             profiles, and every profile is looked up in the ladder"
        ]
    );
    files.insert("ladder.yaml".to_string(), ladder_of(1_001, 1_001));
    assert_eq!(
        lines(files),
        [
            "ladder.yaml:1:1: error[JF0605]: tracks: ladder of 1,001 tracks; the limit is 1,000: real \
             ladders have 10–30 levels in 3–6 tracks; each level has a page listing its \
             profiles, and every profile is looked up in the ladder",
            "ladder.yaml:2004:1: error[JF0605]: levels: ladder of 1,001 levels; the limit is 1,000: real \
             ladders have 10–30 levels in 3–6 tracks; each level has a page listing its \
             profiles, and every profile is looked up in the ladder",
        ]
    );
}

#[test]
fn big_families_are_warned_about_and_huge_ones_refused() {
    let mut files = canon(&role_yaml("  P4:\n    core_outputs: [x]\n"));
    for n in 1..limits::ROLES_MAX {
        let role = format!(
            "code: R{n}\nname: Role {n}\ndescription: d\nlevels:\n  P4:\n    core_outputs: [Output {n}]\n"
        );
        files.insert(format!("ops/r{n}.yaml"), role);
    }
    assert_eq!(
        lines(files.clone()),
        [
            "ops/family.yaml:1:1: warning[JF0606]: family of 10,000 roles; more than 200 is unusual: \
             real families have 5–40 roles, and the family page lists every role with its \
             levels: split the family"
        ]
    );
    files.insert(
        "ops/one-more.yaml".to_string(),
        files[ROLE].replace("PLAN", "MORE"),
    );
    assert_eq!(
        lines(files),
        [
            "ops/family.yaml:1:1: error[JF0605]: family of 10,001 roles; the limit is 10,000: real \
             families have 5–40 roles, and the family page lists every role with its levels: \
             split the family"
        ]
    );
}

#[test]
fn a_role_with_more_profiles_than_the_ladder_has_levels_is_refused_once() {
    let levels: String = (4..7).map(|n| format!("  P4{n}: {{}}\n")).collect();
    let found = role_lines(&role_yaml(&levels));
    assert_eq!(
        &found[..2],
        [
            format!(
                "{ROLE}:4:1: error[JF0508]: levels: role has 3 profiles but the ladder has only 2 levels: \
                 each key under `levels` is the code of a ladder level"
            ),
            format!(
                "{ROLE}:5:3: error[JF0506]: levels.P44: no level P44 in the ladder; did you mean `P4`?"
            ),
        ]
    );
}

/// A ladder of `count` levels with 64-character codes, and a role with as many unknown ones.
fn hint_heavy(count: usize) -> BTreeMap<String, String> {
    let long = |prefix: &str, n: usize| format!("{prefix}{}{n:05}", "X".repeat(58));
    let mut ladder = String::from("tracks:\n  - code: T\n    name: T\nlevels:\n");
    let mut role = String::from("code: R\nname: R\ndescription: d\nlevels:\n");
    for n in 0..count {
        let level = long("L", n);
        ladder.push_str(&format!(
            "  - code: {level}\n    name: L\n    track: T\n    years: \"1\"\n    meaning: m\n"
        ));
        role.push_str(&format!("  {}: {{core_outputs: [x]}}\n", long("M", n)));
    }
    let mut files = canon(&role);
    files.insert("ladder.yaml".to_string(), ladder);
    files
}

#[test]
fn suggestions_stop_when_a_file_has_spent_its_comparisons() {
    let lines = lines(hint_heavy(1_000));
    let unknown: Vec<&String> = lines.iter().filter(|l| l.contains("no level M")).collect();
    assert_eq!(unknown.len(), 1_000);
    let hinted = unknown
        .iter()
        .filter(|l| l.contains("did you mean"))
        .count();
    assert_eq!(
        hinted, 20,
        "20,000 comparisons over 1,000 levels give 20 suggestions"
    );
}

#[test]
fn over_long_codes_keys_and_values_are_refused_and_quoted_short() {
    // Plain keys are at most 1,024 characters in YAML; explicit ones (`? key`) have no limit.
    let long = "K".repeat(1_000);
    let role = role_yaml(&format!(
        "  {long}:\n    core_outputs: [x]\n  P4:\n    core_outputs: [y]\n"
    ));
    let expected = format!(
        "{ROLE}:5:3: error[JF0406]: levels.{}… (1,000 characters): too long (1,000 characters): codes \
         and slugs have at most 64, as they become file names, URLs and profile IDs",
        "K".repeat(64)
    );
    assert_eq!(role_lines(&role), [expected]);
    let unknown = format!("code: PLAN\n? {}\n: x\n", "k".repeat(100_000));
    let found = role_lines(&unknown);
    assert_eq!(found.len(), 1);
    assert!(found[0].len() < 400, "{}", found[0]);
    assert!(
        found[0].starts_with(&format!(
            "{ROLE}:1:1: error[JF0301]: {}… (100,000 characters): unknown key",
            "k".repeat(64)
        )),
        "{}",
        found[0]
    );
}

#[test]
fn thousands_of_diagnostics_in_one_file_are_each_located() {
    let role = profile_with("core_outputs", (0..5_000).map(|_| "\" \"".to_string()));
    let found = role_lines(&role);
    assert_eq!(found.len(), 5_001, "one list warning and 5,000 errors");
    for (n, line) in found[1..].iter().enumerate() {
        let expected = format!(
            "{ROLE}:{}:9: error[JF0307]: levels.P4.core_outputs[{n}]: list item must not be empty",
            7 + n
        );
        assert_eq!(*line, expected);
    }
}

#[test]
fn words_sharing_a_long_prefix_build_with_short_search_shard_names() {
    // 13,000 distinct words sharing their first 140 characters, in 20 lines: more postings
    // than one shard holds, so the index splits them by prefix, which stops at 16 characters.
    let prefix = "w".repeat(140);
    let lines: Vec<String> = (0..20)
        .map(|line| {
            let words: Vec<String> = (0..650)
                .map(|n| format!("{prefix}{line:02}{n:03}"))
                .collect();
            format!("\"{}\"", words.join(" "))
        })
        .collect();
    let role = role_yaml(&format!(
        "  P4:\n    core_outputs: [{}]\n",
        lines.join(", ")
    ));
    let checked = check_sources(canon(&role));
    assert_eq!(checked.error_count(), 0, "{:?}", checked.diagnostics);
    let theme = jobframe::render::Theme::builtin().unwrap();
    let files = jobframe::build::render_in_memory(&checked.canon, &theme).unwrap();
    let longest = files
        .iter()
        .flat_map(|(path, _)| path.split('/'))
        .map(str::len)
        .max()
        .unwrap_or(0);
    assert!(longest < 160, "a file name of {longest} bytes");
    assert!(
        files
            .iter()
            .filter(|(path, _)| path.starts_with("search/") && path.contains("/t-"))
            .count()
            > 1
    );
}

// --- fuzz seeds ------------------------------------------------------------------------------

/// Splits a fuzz input into canon files as `fuzz/fuzz_targets/canon.rs` does.
fn fuzz_files(data: &[u8]) -> BTreeMap<String, String> {
    let names = ["canon.yaml", "ladder.yaml", "fam/family.yaml"];
    data.split(|b| *b == 0)
        .take(6)
        .enumerate()
        .map(|(n, part)| {
            let name = names
                .get(n)
                .map_or_else(|| format!("fam/role-{n}.yaml"), |name| name.to_string());
            (name, String::from_utf8_lossy(part).into_owned())
        })
        .collect()
}

#[test]
fn the_fuzz_seeds_including_formerly_slow_inputs_are_checked_and_rendered() {
    let seeds = common::repo().join("fuzz/seeds");
    let mut refused = Vec::new();
    for entry in std::fs::read_dir(seeds).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let checked = check_sources(fuzz_files(&std::fs::read(&path).unwrap()));
        if checked.error_count() > 0 {
            refused.push(name);
            continue;
        }
        let theme = jobframe::render::Theme::builtin().unwrap();
        jobframe::build::render_in_memory(&checked.canon, &theme).unwrap();
    }
    refused.sort();
    assert_eq!(
        refused,
        [
            "slow-alias-amplifier",
            "slow-block-nesting",
            "slow-compact-nesting",
            "slow-diagnostics",
            "slow-flow-nesting"
        ]
    );
}

// --- the pre-scan never refuses a canon ----------------------------------------------------

#[test]
fn the_bundled_canon_and_the_docs_example_pass_the_pre_scan() {
    let root = common::repo().join("canon");
    let mut seen = 0;
    for entry in walkdir::WalkDir::new(&root) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|ext| ext == "yaml") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            assert_eq!(nesting::check(&text), Ok(()), "{}", entry.path().display());
            seen += 1;
        }
    }
    assert!(seen > 30);
    let docs = std::fs::read_to_string(common::repo().join("docs/canon.md")).unwrap();
    for block in docs.split("```yaml\n").skip(1) {
        let yaml = block.split("```").next().unwrap();
        assert_eq!(nesting::check(yaml), Ok(()), "{yaml}");
    }
}

/// Text as `examples/gen_canon.rs` and people write it: plain, single- or double-quoted,
/// folded or literal, with characters that mean something to YAML elsewhere.
fn text() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z0-9 ,.;:'\"&/()\\[\\]{}#*!|>%@`-]{0,40}"
}

fn scalar(text: String, style: u8, indent: usize) -> String {
    let pad = " ".repeat(indent + 2);
    match style % 4 {
        0 => format!("{:?}", text),
        1 => format!("'{}'", text.replace('\'', "''")),
        2 => format!("|-\n{pad}{text}\n{pad}  {text}"),
        _ => format!(">\n{pad}{text}\n\n{pad}{text}"),
    }
}

prop_compose! {
    /// A role file in the shape of the canon (root → levels → level → components → list → item),
    /// in block or flow style, with comments.
    fn role_file()(
        levels in prop::collection::vec(
            (prop::collection::vec((text(), any::<u8>()), 0..5), any::<bool>(), text()),
            1..4
        ),
        description in (text(), any::<u8>()),
    ) -> String {
        let mut yaml = format!(
            "# a comment with [[[[ and {{{{\ncode: PLAN\nname: \"Planning [x]\"\ndescription: {}\nlevels:\n",
            scalar(description.0, description.1, 0)
        );
        for (n, (items, flow, comment)) in levels.into_iter().enumerate() {
            yaml.push_str(&format!("  P{n}:  # {comment}\n    components:\n      skills:"));
            if flow {
                let list: Vec<String> = items.iter().map(|(t, s)| scalar(t.clone(), s % 2, 6)).collect();
                yaml.push_str(&format!(" [{}]\n", list.join(", ")));
            } else {
                yaml.push('\n');
                for (item, style) in items {
                    yaml.push_str(&format!("        - {}\n", scalar(item, style, 8)));
                }
            }
        }
        yaml
    }
}

/// One level of nesting: block mapping, block sequence (indented, compact or at its key's
/// column), flow sequence or flow mapping.
#[derive(Debug, Clone, Copy)]
enum Level {
    Mapping,
    Sequence,
    Compact,
    Indentless,
    FlowSequence,
    FlowMapping,
}

fn levels() -> impl Strategy<Value = Vec<Level>> {
    let block = prop::sample::select(vec![
        Level::Mapping,
        Level::Sequence,
        Level::Compact,
        Level::Indentless,
    ]);
    let flow = prop::sample::select(vec![Level::FlowSequence, Level::FlowMapping]);
    (
        prop::collection::vec(block, 0..80),
        prop::collection::vec(flow, 0..80),
    )
        .prop_map(|(mut block, flow)| {
            block.extend(flow);
            block
        })
        .prop_filter("at least one level", |levels| !levels.is_empty())
}

/// YAML nesting `levels` exactly as deep as there are levels, ending in `leaf`. Returns the
/// text and how many collections it really opens (an indentless list needs a key above it).
fn nest(levels: &[Level], leaf: &str) -> (String, usize) {
    let mut yaml = String::new();
    let mut depth = 0;
    let mut indent = 0;
    let mut inline = false;
    let mut close = String::new();
    for (n, level) in levels.iter().enumerate() {
        let pad = if inline {
            String::new()
        } else {
            " ".repeat(indent)
        };
        match level {
            Level::Mapping => {
                yaml.push_str(&format!("{pad}k{n}:\n"));
                indent += 2;
                inline = false;
            }
            Level::Sequence => {
                yaml.push_str(&format!("{pad}-\n"));
                indent += 2;
                inline = false;
            }
            Level::Compact => {
                yaml.push_str(&format!("{pad}- "));
                indent += 2;
                inline = true;
            }
            Level::Indentless => {
                // `k:` then `-` at the key's column: two levels.
                yaml.push_str(&format!("{pad}k{n}:\n{}- ", " ".repeat(indent)));
                depth += 1;
                indent += 2;
                inline = true;
            }
            Level::FlowSequence => {
                yaml.push_str(&format!("{pad}["));
                close.insert(0, ']');
                inline = true;
            }
            Level::FlowMapping => {
                yaml.push_str(&format!("{pad}{{k{n}: "));
                close.insert(0, '}');
                inline = true;
            }
        }
        depth += 1;
    }
    let pad = if inline {
        String::new()
    } else {
        " ".repeat(indent)
    };
    yaml.push_str(&format!("{pad}{leaf}{close}\n"));
    (yaml, depth)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_pre_scan_accepts_canon_shaped_files(role in role_file()) {
        prop_assert_eq!(nesting::check(&role), Ok(()));
        let parsed: Result<yaml_serde::Value, _> = yaml_serde::from_str(&role);
        prop_assert!(parsed.is_ok(), "the generated file is valid YAML: {:?}\n{}", parsed.err(), role);
    }

    #[test]
    fn the_pre_scan_counts_nesting_exactly(levels in levels(), leaf in text(), style in any::<u8>()) {
        let leaf = scalar(leaf, style % 2, 0);
        let (yaml, depth) = nest(&levels, &leaf);
        let refused = nesting::check(&yaml).err();
        prop_assert_eq!(refused.is_some(), depth > nesting::MAX_DEPTH, "depth {}:\n{}", depth, yaml);
        if depth <= nesting::MAX_DEPTH {
            let parsed: Result<yaml_serde::Value, _> = yaml_serde::from_str(&yaml);
            prop_assert!(parsed.is_ok(), "valid YAML: {:?}\n{}", parsed.err(), yaml);
        }
    }
}
