//! `jobframe check` on small bad canons: every error class, its exact message and location.

mod common;

use std::path::Path;

use common::{
    FAMILY, LADDER, SETTINGS, check_lines as check, jobframe, minimal_canon, stdout, write_canon,
};

/// Runs `jobframe check --canon . --format json` in `dir` as a process; returns the exit code
/// and each problem in the one-line form `file:line:col: error[CODE]: path: message`. Most
/// tests use the in-process `common::check_lines`; these few prove the command agrees.
fn check_command(dir: &Path) -> (i32, Vec<String>) {
    let output = jobframe(dir, &["check", "--canon", ".", "--format", "json"]);
    let lines = stdout(&output)
        .lines()
        .map(|line| {
            let d: serde_json::Value = serde_json::from_str(line).unwrap();
            let place = match (d["line"].as_u64(), d["column"].as_u64()) {
                (Some(line), Some(column)) => format!(":{line}:{column}"),
                _ => String::new(),
            };
            let path = d["path"].as_str().unwrap();
            format!(
                "{}{place}: {}[{}]: {}{}",
                d["file"].as_str().unwrap(),
                d["severity"].as_str().unwrap(),
                d["code"].as_str().unwrap(),
                if path.is_empty() {
                    String::new()
                } else {
                    format!("{path}: ")
                },
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    (output.status.code().unwrap(), lines)
}

fn canon_with_role(role: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_canon(
        dir.path(),
        &[
            ("canon.yaml", SETTINGS),
            ("ladder.yaml", LADDER),
            ("ops/family.yaml", FAMILY),
            ("ops/planning.yaml", role),
        ],
    );
    dir
}

const GOOD_LEVEL: &str = "  P4:\n    jfm_responsibilities:\n      - Runs the plan\n";

#[test]
fn clean_canon_exits_zero_with_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    minimal_canon(dir.path(), GOOD_LEVEL);
    let output = jobframe(dir.path(), &["check", "--canon", "."]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "");
    assert_eq!(
        common::stderr(&output).trim(),
        "checked 1 profile (1 role, 1 family) in 4 files: 0 errors, 0 warnings"
    );
}

#[test]
fn yaml_syntax_error_is_located() {
    let dir = canon_with_role("code: PLAN\nname: [Planning\ndescription: x\n");
    let (code, lines) = check_command(dir.path());
    assert_eq!(code, 1);
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].starts_with(
            "ops/planning.yaml:2:7: error[JF0217]: the `[` opened here is never closed"
        ),
        "{}",
        lines[0]
    );
}

#[test]
fn human_output_shows_the_line_with_a_caret_under_the_mistake() {
    let dir = tempfile::tempdir().unwrap();
    minimal_canon(
        dir.path(),
        "  P4:\n    jfm_responsibilites:\n      - Runs the plan\n",
    );
    let output = jobframe(dir.path(), &["check", "--canon", "."]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        "error[JF0301]: levels.P4.jfm_responsibilites: unknown key `jfm_responsibilites`; did you mean `jfm_responsibilities`?
 --> ops/planning.yaml:6:5
  |
6 |     jfm_responsibilites:
  |     ^^^^^^^^^^^^^^^^^^^

"
    );
    assert_eq!(
        common::stderr(&output),
        "checked 0 profiles (1 role, 1 family) in 4 files: 1 error, 0 warnings
`jobframe explain JF0301` says what a code means and how to fix it
"
    );
}

#[test]
fn color_always_colours_the_snippet_and_never_or_json_do_not() {
    let dir = tempfile::tempdir().unwrap();
    minimal_canon(
        dir.path(),
        "  P4:\n    jfm_responsibilites:\n      - Runs the plan\n",
    );
    let run = |extra: &[&str]| {
        let mut args = vec!["check", "--canon", "."];
        args.extend_from_slice(extra);
        let output = jobframe(dir.path(), &args);
        assert_eq!(output.status.code(), Some(1));
        stdout(&output)
    };
    let coloured = run(&["--color", "always"]);
    assert!(coloured.contains("\x1b["), "{coloured:?}");
    let plain = anstream::adapter::strip_str(&coloured).to_string();
    assert_eq!(plain, run(&["--color", "never"]));
    assert!(!run(&[]).contains('\x1b'), "not a terminal: no colour");
    assert!(!run(&["--color", "always", "--format", "json"]).contains('\x1b'));
    let wrong = jobframe(dir.path(), &["check", "--color", "sometimes"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        common::stderr(&wrong).contains("possible values: auto, always, never"),
        "{}",
        common::stderr(&wrong)
    );
}

#[test]
fn unknown_key_suggests_the_right_one_and_points_at_the_key() {
    let dir = tempfile::tempdir().unwrap();
    minimal_canon(
        dir.path(),
        "  P4:\n    jfm_responsibilites:\n      - Runs the plan\n",
    );
    let (code, lines) = check_command(dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "ops/planning.yaml:6:5: error[JF0301]: levels.P4.jfm_responsibilites: unknown key `jfm_responsibilites`; did you mean `jfm_responsibilities`?"
        ]
    );
}

#[test]
fn unknown_key_far_from_any_lists_the_expected_keys() {
    let dir = canon_with_role(
        "code: PLAN\nname: Planning\ndescription: x\ncolour: blue\nlevels:\n"
            .to_string()
            .as_str(),
    );
    let (_, lines) = check(dir.path());
    assert_eq!(
        lines,
        [
            "ops/planning.yaml:4:1: error[JF0301]: colour: unknown key `colour`; expected one of `code`, `name`, `description`, `aliases`, `levels`"
        ]
    );
}

#[test]
fn wrong_type_names_what_was_expected_and_found() {
    let dir = tempfile::tempdir().unwrap();
    minimal_canon(
        dir.path(),
        "  P4:\n    jfm_responsibilities: Runs the plan\n",
    );
    let (code, lines) = check(dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "ops/planning.yaml:6:5: error[JF0304]: levels.P4.jfm_responsibilities: wrong type: expected a list, found string \"Runs the plan\""
        ]
    );
}

#[test]
fn missing_required_key_points_at_the_mapping() {
    let dir = canon_with_role("code: PLAN\nname: Planning\nlevels:\n  P4: {}\n");
    let (_, lines) = check(dir.path());
    assert_eq!(
        lines,
        ["ops/planning.yaml:1:1: error[JF0303]: missing required key `description`"]
    );
}

#[test]
fn empty_required_strings_are_errors() {
    let dir = canon_with_role(
        "code: PLAN\nname: \"  \"\ndescription: x\nlevels:\n  P4:\n    jfm_responsibilities:\n      - \"\"\n",
    );
    let (code, lines) = check(dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "ops/planning.yaml:2:1: error[JF0305]: name: must not be empty",
            "ops/planning.yaml:7:9: error[JF0307]: levels.P4.jfm_responsibilities[0]: list item must not be empty",
        ]
    );
}

#[test]
fn profile_at_a_level_the_ladder_lacks() {
    let dir = tempfile::tempdir().unwrap();
    minimal_canon(
        dir.path(),
        &format!("{GOOD_LEVEL}  P9:\n    jfm_responsibilities: [Leads]\n"),
    );
    let (code, lines) = check(dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "ops/planning.yaml:8:3: error[JF0506]: levels.P9: no level P9 in the ladder; the Professional track (P) has P4, P5"
        ]
    );
}

#[test]
fn level_code_in_the_wrong_case_gets_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    minimal_canon(dir.path(), "  p4:\n    jfm_responsibilities: [Leads]\n");
    let (_, lines) = check(dir.path());
    assert_eq!(
        lines,
        [
            "ops/planning.yaml:5:3: error[JF0506]: levels.p4: no level p4 in the ladder; did you mean `P4`?"
        ]
    );
}

#[test]
fn duplicate_family_and_role_codes() {
    let dir = tempfile::tempdir().unwrap();
    minimal_canon(dir.path(), GOOD_LEVEL);
    let role = format!("code: PLAN\nname: Second planning\ndescription: x\nlevels:\n{GOOD_LEVEL}");
    write_canon(
        dir.path(),
        &[
            ("ops/second.yaml", role.as_str()),
            ("ops2/family.yaml", "code: ops\nname: Other\n"),
            (
                "ops2/other.yaml",
                &format!("code: OTHER\nname: Other\ndescription: x\nlevels:\n{GOOD_LEVEL}"),
            ),
        ],
    );
    let (code, lines) = check(dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "ops/second.yaml:1:1: error[JF0404]: code: duplicate role code `PLAN` (names are compared ignoring case); first used at ops/planning.yaml:1:1 (code)",
            "ops2/family.yaml:1:1: error[JF0404]: code: duplicate family code `ops` (names are compared ignoring case); first used at ops/family.yaml:1:1 (code)",
            "ops2/family.yaml:1:1: error[JF0401]: code: family code `ops` is not valid: codes use only A-Z and 0-9; did you mean `OPS`?",
        ]
    );
}

#[test]
fn malformed_slugs_and_reserved_paths() {
    let dir = tempfile::tempdir().unwrap();
    minimal_canon(dir.path(), GOOD_LEVEL);
    let role = format!("code: OTHER\nname: Other\ndescription: x\nlevels:\n{GOOD_LEVEL}");
    write_canon(
        dir.path(),
        &[
            ("ops/Bad_Name.yaml", role.as_str()),
            ("levels/family.yaml", "code: LVL\nname: Levels\n"),
            ("levels/x.yaml", role.as_str()),
            ("compare/family.yaml", "code: CMP\nname: Compare\n"),
            ("compare/x.yaml", role.as_str()),
        ],
    );
    let (code, lines) = check(dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "compare/family.yaml:1:1: error[JF0405]: family slug `compare` is reserved for the site's own pages; rename the folder",
            "levels/family.yaml:1:1: error[JF0405]: family slug `levels` is reserved for the site's own pages; rename the folder",
            "ops/Bad_Name.yaml:1:1: error[JF0402]: role slug `Bad_Name` (from the file name) is not valid: slugs use only a-z, 0-9 and `-`; rename the file",
        ]
    );
}

#[test]
fn alias_paths_that_collide_with_current_paths() {
    let dir = tempfile::tempdir().unwrap();
    minimal_canon(dir.path(), GOOD_LEVEL);
    write_canon(
        dir.path(),
        &[
            (
                "sales/family.yaml",
                "code: SALES\nname: Sales\naliases:\n  slugs: [ops]\n",
            ),
            (
                "sales/seller.yaml",
                &format!("code: SELL\nname: Seller\ndescription: x\nlevels:\n{GOOD_LEVEL}"),
            ),
        ],
    );
    let (code, lines) = check(dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "sales/family.yaml:4:11: error[JF0404]: aliases.slugs[0]: duplicate URL path `ops/` (names are compared ignoring case); first used at ops/family.yaml:1:1"
        ]
    );
}

#[test]
fn role_without_profiles() {
    let dir = canon_with_role("code: PLAN\nname: Planning\ndescription: x\nlevels: {}\n");
    let (code, lines) = check(dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "ops/planning.yaml:4:1: error[JF0507]: levels: role has no profiles: add at least one level under `levels`"
        ]
    );
}

#[test]
fn file_that_is_not_utf8_is_located_at_the_first_bad_byte() {
    let dir = tempfile::tempdir().unwrap();
    minimal_canon(dir.path(), GOOD_LEVEL);
    std::fs::write(
        dir.path().join("ops/family.yaml"),
        b"code: OPS\nname: Op\xe9rations\n",
    )
    .unwrap();
    let (code, lines) = check(dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "ops/family.yaml:2:9: error[JF0108]: file is not valid UTF-8: the byte 0xE9 here is `é` in Windows-1252, so the file was probably saved in that encoding: save it as UTF-8 (in most editors: Save As or Save with Encoding, then UTF-8)"
        ]
    );
}

#[test]
fn warnings_do_not_fail_the_check() {
    let dir = tempfile::tempdir().unwrap();
    minimal_canon(
        dir.path(),
        "  P4:\n    jfm_responsibilities:\n      - Runs the plan\n  P5:\n    summary: Nothing yet.\n    jfm_responsibilities:\n      - Runs the plan\n  \n",
    );
    write_canon(
        dir.path(),
        &[(
            "ops/empty.yaml",
            "code: EMPTY\nname: Empty\ndescription: x\nlevels:\n  P4:\n    summary: x\n",
        )],
    );
    let (code, lines) = check(dir.path());
    assert_eq!(code, 0);
    assert_eq!(
        lines,
        [
            "ops/empty.yaml:5:3: warning[JF0510]: levels.P4: profile has no core_outputs, jfm_responsibilities or components.responsibilities: its SMART, OKR, MBO and internal-process goal sections will be empty",
            "ops/planning.yaml:11:9: warning[JF0511]: levels.P5.jfm_responsibilities[0]: same text as levels.P4.jfm_responsibilities[0]: adjacent levels should show progression",
        ]
    );
}

#[test]
fn every_problem_in_every_file_is_reported_at_once() {
    let dir = tempfile::tempdir().unwrap();
    minimal_canon(dir.path(), "  P4:\n    summry: x\n  P5:\n    rubric: {}\n");
    write_canon(
        dir.path(),
        &[(
            "ladder.yaml",
            &LADDER.replace("track: P\n    years: \"8", "track: Q\n    years: \"8"),
        )],
    );
    let (code, lines) = check_command(dir.path());
    assert_eq!(code, 1);
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert!(
        lines[0].starts_with(
            "ladder.yaml:19:5: error[JF0505]: levels[1] (P5).track: no track `Q` in `tracks`"
        ),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("ops/planning.yaml:6:5: error[JF0301]: levels.P4.summry: unknown key `summry`; did you mean `summary`?"));
    assert!(lines[2].starts_with("ops/planning.yaml:8:5: error[JF0301]: levels.P5.rubric: unknown key `rubric`; did you mean `rubrics`?"));
}

#[test]
fn json_format_prints_one_object_per_line() {
    let dir = tempfile::tempdir().unwrap();
    minimal_canon(dir.path(), "  P9:\n    jfm_responsibilities: [Leads]\n");
    let output = jobframe(dir.path(), &["check", "--canon", ".", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        "{\"severity\":\"error\",\"code\":\"JF0506\",\"file\":\"ops/planning.yaml\",\"line\":5,\"column\":3,\"path\":\"levels.P9\",\"message\":\"no level P9 in the ladder; the Professional track (P) has P4, P5\"}\n"
    );
}

#[test]
fn missing_canon_folder_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = jobframe(dir.path(), &["check", "--canon", "nowhere"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        common::stderr(&output),
        "error: canon folder `nowhere` does not exist; pass the folder that holds canon.yaml with --canon\n"
    );
}

#[test]
fn missing_settings_and_ladder_are_named() {
    let dir = tempfile::tempdir().unwrap();
    write_canon(dir.path(), &[("ops/family.yaml", FAMILY)]);
    let (code, lines) = check(dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "canon.yaml: error[JF0101]: missing `canon.yaml` at the canon root (see docs/canon.md)",
            "ladder.yaml: error[JF0101]: missing `ladder.yaml` at the canon root (see docs/canon.md)",
            "ops/family.yaml:1:1: warning[JF0509]: family has no roles yet: add a <role>.yaml beside this file",
        ]
    );
}

#[test]
fn bundled_canon_passes() {
    let output = jobframe(&common::repo(), &["check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(
        stdout(&output),
        "",
        "the bundled canon has no warnings either"
    );
}

#[test]
fn alias_slugs_may_not_take_reserved_paths() {
    let dir = tempfile::tempdir().unwrap();
    minimal_canon(dir.path(), GOOD_LEVEL);
    write_canon(
        dir.path(),
        &[(
            "ops/family.yaml",
            "code: OPS\nname: Operations\naliases:\n  slugs: [levels, id, api]\n",
        )],
    );
    let (code, lines) = check(dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "ops/family.yaml:4:11: error[JF0405]: aliases.slugs[0]: URL path `levels/` is reserved for the site's own pages",
            "ops/family.yaml:4:19: error[JF0405]: aliases.slugs[1]: URL path `id/` is reserved for the site's own pages",
            "ops/family.yaml:4:23: error[JF0405]: aliases.slugs[2]: URL path `api/` is reserved for the site's own pages",
        ]
    );
}
