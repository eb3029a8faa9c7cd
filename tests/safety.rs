//! Hostile canons and output safety: injection stays inert, abusive YAML is refused with a
//! location, paths cannot escape, and no failed or interrupted build loses or litters anything.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::{
    GOOD_LEVELS, build_with_edited_template, check_lines, entries, minimal_canon, role_error,
    stderr, tree, write_canon,
};

fn build_command(dir: &Path, canon: &str, out: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jobframe"));
    command
        .args(["build", "--canon", canon, "--out", out])
        .current_dir(dir);
    command
}

/// A canon with a built site in `site/`; returns the temp dir.
fn built_site() -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    minimal_canon(&temp.path().join("canon"), GOOD_LEVELS);
    let output = build_command(temp.path(), "canon", "site")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    temp
}

// --- injection ---------------------------------------------------------------------------

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "\"><img src=x onerror=alert(2)>";
const TEMPLATE: &str = "{{ layout.site_title }} {% if true %}yes{% endif %}";

#[test]
fn hostile_canon_text_is_inert_on_every_page_and_in_search() {
    let temp = tempfile::tempdir().unwrap();
    let canon = temp.path().join("canon");
    let duty = format!("Ships {SCRIPT} and {IMG} and {TEMPLATE}");
    let role = format!(
        "code: PLAN\nname: {name:?}\ndescription: {desc:?}\nlevels:\n  P4:\n    summary: {summary:?}\n    jfm_responsibilities:\n      - {duty:?}\n    rubrics:\n      complexity: {rubric:?}\n",
        name = format!("Planner {SCRIPT}"),
        desc = "See [help](javascript:alert(3)) and <iframe src=x></iframe>",
        summary = format!("{IMG} {TEMPLATE}"),
        rubric = format!("Weighs {IMG}"),
    );
    write_canon(
        &canon,
        &[
            ("canon.yaml", common::SETTINGS),
            ("ladder.yaml", common::LADDER),
            (
                "ops/family.yaml",
                &format!("code: OPS\nname: {:?}\n", format!("Ops {SCRIPT}")),
            ),
            ("ops/planning.yaml", &role),
        ],
    );
    let output = build_command(temp.path(), "canon", "site")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let site = tree(&temp.path().join("site"));
    let mut pages = 0;
    for (path, bytes) in site.iter().filter(|(path, _)| path.ends_with(".html")) {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("<script>alert"), "{path} runs canon script");
        assert!(!text.contains("<img src=x"), "{path} has a canon image tag");
        assert!(!text.contains("<iframe"), "{path} has a canon iframe");
        assert!(
            !text.to_ascii_lowercase().contains("href=\"javascript:"),
            "{path} links to javascript:"
        );
        {
            pages += 1;
            assert!(
                text.contains("script-src 'self'") || text.contains("script-src 'none'"),
                "{path} lacks a CSP"
            );
            assert!(!text.contains("<script>"), "{path} has inline script");
        }
    }
    assert!(pages > 10);
    let goals = String::from_utf8_lossy(&site["ops/planning/p4/goals/index.html"]).into_owned();
    assert!(
        goals.contains("Ships &lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || goals.contains("Ships &lt;script&gt;alert(1)&lt;/script&gt;")
    );
    assert!(
        goals.contains("{{ layout.site_title }} {% if true %}yes{% endif %}"),
        "template syntax in canon text stays literal"
    );
    let pre = &goals[goals.find("<pre id=\"smart-text\"").unwrap()..];
    assert!(pre.contains("1. Ships &lt;script&gt;alert(1)&lt;/script&gt; and &quot;&gt;&lt;img src=x onerror=alert(2)&gt;"));
    let docs = common::search_index::SearchIndex::of(&site).docs();
    assert_eq!(
        docs[0]["n"][0][1].as_str().unwrap(),
        duty,
        "search data carries the text as data"
    );
    for (path, bytes) in &site {
        let text = String::from_utf8_lossy(bytes);
        // Plain-text and spreadsheet exports hold the canon's text as it is: they are served
        // as text/plain, text/csv and a zip, never parsed as HTML.
        let data = [".txt", ".csv", ".xlsx"];
        if data.iter().any(|suffix| path.ends_with(suffix)) {
            if path.ends_with("goals.txt") || path.ends_with("lines.csv") {
                assert!(
                    text.contains("Ships <script>alert(1)</script>"),
                    "{path} carries the canon text verbatim"
                );
            }
            continue;
        }
        assert!(
            !text.contains("<script>alert"),
            "{path} holds raw canon markup"
        );
        if path.ends_with(".json") {
            for raw in ['<', '>', '&'] {
                assert!(!text.contains(raw), "{path} holds a raw `{raw}`");
            }
        }
    }
}

#[test]
fn invisible_and_direction_changing_characters_are_kept_but_flagged() {
    let dir = tempfile::tempdir().unwrap();
    minimal_canon(
        dir.path(),
        "  P4:\n    jfm_responsibilities:\n      - \"Approves \\u202Eexcessive\\u202C spend\"\n      - \"Zero\\u200Bwidth\"\n",
    );
    let (code, lines) = check_lines(dir.path());
    assert_eq!(code, 0);
    assert_eq!(
        lines,
        [
            "ops/planning.yaml:7:9: warning[JF0308]: levels.P4.jfm_responsibilities[0]: contains the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE); it is published as written, but it can disguise what the text says: remove it unless it is intended",
            "ops/planning.yaml:8:9: warning[JF0308]: levels.P4.jfm_responsibilities[1]: contains the invisible character U+200B (ZERO WIDTH SPACE); it is published as written, but it can disguise what the text says: remove it unless it is intended",
        ]
    );
}

// --- YAML abuse --------------------------------------------------------------------------

#[test]
fn alias_bomb_is_refused() {
    let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for n in 1..12 {
        let prev = n - 1;
        yaml.push_str(&format!("a{n}: &a{n} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"));
    }
    yaml.push_str("code: PLAN\n");
    let lines = role_error(&yaml);
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].starts_with("ops/planning.yaml:1:5: error[JF0213]: aliases (`*name`) repeat the values anchored here until the file holds more than 100,000 list items and mapping entries;"),
        "{}",
        lines[0]
    );
}

#[test]
fn deep_nesting_is_refused_with_its_position() {
    let yaml = format!(
        "code: PLAN\nname: {}x{}\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let lines = role_error(&yaml);
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0]
            .starts_with("ops/planning.yaml:2:70: error[JF0210]: nesting deeper than 64 levels;"),
        "{}",
        lines[0]
    );
}

#[test]
fn oversized_files_are_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    minimal_canon(dir.path(), GOOD_LEVELS);
    let file = std::fs::File::create(dir.path().join("ops/huge.yaml")).unwrap();
    file.set_len(200 * 1024 * 1024).unwrap();
    let (code, lines) = check_lines(dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "ops/huge.yaml: error[JF0106]: file is 209715200 bytes; canon files are limited to 8388608 bytes (split the role or family)"
        ]
    );
}

#[test]
fn binary_files_are_refused() {
    assert_eq!(
        role_error(b"code: PLAN\n\x00\x01\xff\xfe"),
        [
            "ops/planning.yaml:2:3: error[JF0108]: file is not valid UTF-8, and it holds NUL bytes: it is not a text file; canon files are UTF-8 text"
        ]
    );
    let lines = role_error(b"code: PLAN\nname: a\x00b\n");
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].starts_with(
            "ops/planning.yaml:2:8: error[JF0201]: invalid YAML: control characters are not allowed"
        ),
        "{}",
        lines[0]
    );
}

#[test]
fn byte_order_mark_and_crlf_line_ends_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    minimal_canon(dir.path(), GOOD_LEVELS);
    let role = std::fs::read_to_string(dir.path().join("ops/planning.yaml")).unwrap();
    let windows = format!("\u{feff}{}", role.replace('\n', "\r\n"));
    std::fs::write(dir.path().join("ops/planning.yaml"), windows).unwrap();
    let (code, lines) = check_lines(dir.path());
    assert_eq!((code, lines), (0, vec![]));
    let temp = tempfile::tempdir().unwrap();
    let output = build_command(temp.path(), dir.path().to_str().unwrap(), "site")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let page =
        std::fs::read_to_string(temp.path().join("site/ops/planning/p4/index.html")).unwrap();
    assert!(
        page.contains("<li id=\"duty-1\">Runs the plan</li>"),
        "no stray carriage return in the text"
    );
}

#[test]
fn tab_indentation_is_refused_with_its_position() {
    let lines = role_error("code: PLAN\nname: Planning\ndescription: x\nlevels:\n\tP4: {}\n");
    assert_eq!(lines.len(), 1);
    assert!(lines[0].starts_with("ops/planning.yaml:5:1: error[JF0202]: a tab character indents this line; YAML indents with spaces only"), "{}", lines[0]);
}

#[test]
fn duplicate_keys_are_refused_at_the_repeat() {
    let lines = role_error("code: PLAN\nname: Planning\ndescription: x\nname: Again\nlevels: {}\n");
    assert_eq!(
        lines,
        [
            "ops/planning.yaml:4:1: error[JF0207]: duplicate key `name`: each key may appear once in a mapping; keep one of the two; first written at ops/planning.yaml:2:1"
        ]
    );
}

// --- paths -------------------------------------------------------------------------------

#[test]
fn codes_that_could_escape_the_output_folder_are_refused() {
    for bad in ["../x", "A/B", "A\\\\B", "C:", "A\\0B", "a..b"] {
        let lines = role_error(format!(
            "code: \"{bad}\"\nname: Planning\ndescription: x\nlevels:\n{GOOD_LEVELS}"
        ));
        assert_eq!(lines.len(), 1, "{bad}: {lines:?}");
        assert!(
            lines[0].starts_with("ops/planning.yaml:1:1: error[JF0401]: code: role code `"),
            "{bad}: {}",
            lines[0]
        );
        assert!(
            lines[0].contains("is not valid: codes use only A-Z and 0-9"),
            "{}",
            lines[0]
        );
    }
}

#[test]
fn level_codes_that_could_escape_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    minimal_canon(dir.path(), GOOD_LEVELS);
    write_canon(
        dir.path(),
        &[(
            "ladder.yaml",
            &common::LADDER.replace("code: P5", "code: \"../P5\""),
        )],
    );
    let (code, lines) = check_lines(dir.path());
    assert_eq!(code, 1);
    assert!(
        lines.iter().any(|l| l.starts_with(
            "ladder.yaml:17:5: error[JF0401]: levels[1].code: level code `../P5` is not valid"
        )),
        "{lines:#?}"
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let canon = dir.path().join("canon");
    minimal_canon(&canon, GOOD_LEVELS);
    std::os::unix::fs::symlink("/etc", canon.join("outside")).unwrap();
    std::os::unix::fs::symlink("../ops", canon.join("ops/loop")).unwrap();
    std::os::unix::fs::symlink("/etc/hostname", canon.join("ops/stolen.yaml")).unwrap();
    let (code, lines) = check_lines(&canon);
    assert_eq!(code, 0, "{lines:?}");
    let link = "warning[JF0110]: symbolic link not followed: canon files must be real files inside the canon folder";
    assert_eq!(
        lines,
        [
            format!("ops/loop: {link}"),
            format!("ops/stolen.yaml: {link}"),
            format!("outside: {link}")
        ]
    );
}

// --- output safety -----------------------------------------------------------------------

#[test]
fn refuses_dangerous_output_folders() {
    let temp = tempfile::tempdir().unwrap();
    let canon = temp.path().join("canon");
    minimal_canon(&canon, GOOD_LEVELS);
    let home = temp.path().join("home");
    std::fs::create_dir_all(home.join(".config")).unwrap();
    let repo = temp.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    let canon_arg = canon.to_str().unwrap();
    for (out, why) in [
        ("/", "it is the filesystem root"),
        (home.to_str().unwrap(), "it is your home folder"),
        (repo.to_str().unwrap(), "it looks like a repository root"),
        (
            canon_arg,
            &format!("it holds the canon folder `{canon_arg}`"),
        ),
    ] {
        let output = build_command(temp.path(), canon_arg, out)
            .env("HOME", &home)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{out}");
        assert_eq!(
            stderr(&output).trim_end(),
            format!("error: refusing to write the site into `{out}`: {why}"),
        );
    }
    assert!(home.join(".config").is_dir() && repo.join(".git").is_dir());
}

/// Runs a build of the canon in `temp` over an existing site with `fault`, then checks the old
/// site is byte-identical and nothing is left beside it.
fn assert_failed_build_changes_nothing(fault: &str, expected_code: i32) {
    let temp = built_site();
    let before = tree(&temp.path().join("site"));
    write_canon(
        &temp.path().join("canon"),
        &[(
            "ops/planning.yaml",
            &format!("code: PLAN\nname: Renamed\ndescription: x\nlevels:\n{GOOD_LEVELS}"),
        )],
    );
    let output = build_command(temp.path(), "canon", "site")
        .env("JOBFRAME_TEST_FAULT", fault)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(expected_code),
        "{fault}: {}",
        stderr(&output)
    );
    assert!(
        tree(&temp.path().join("site")) == before,
        "{fault}: the previous site changed"
    );
    assert_eq!(
        entries(temp.path()),
        ["canon", "site"],
        "{fault}: litter left beside the site"
    );
}

#[test]
fn write_error_mid_build_leaves_the_previous_site() {
    assert_failed_build_changes_nothing("write-error:5", 2);
}

#[test]
fn panic_mid_build_leaves_the_previous_site() {
    assert_failed_build_changes_nothing("panic:5", 101);
}

#[cfg(unix)]
fn interrupt_mid_build(signal: &str) {
    let temp = built_site();
    let before = tree(&temp.path().join("site"));
    let child = build_command(temp.path(), "canon", "site")
        .env("JOBFRAME_TEST_FAULT", "pause:3")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let staging = temp.path().join(format!(".site.staging-{}", child.id()));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !staging.join("index.html").exists()
        && std::fs::read_dir(&staging).map_or(true, |d| d.count() < 3)
    {
        assert!(
            std::time::Instant::now() < deadline,
            "build never started writing"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let killed = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(130), "{}", stderr(&output));
    assert!(stderr(&output).contains("interrupted; the previous site was left as it was"));
    assert!(tree(&temp.path().join("site")) == before);
    assert_eq!(entries(temp.path()), ["canon", "site"]);
}

#[cfg(unix)]
#[test]
fn sigint_mid_build_leaves_the_previous_site() {
    interrupt_mid_build("-INT");
}

#[cfg(unix)]
#[test]
fn sigterm_mid_build_leaves_the_previous_site() {
    interrupt_mid_build("-TERM");
}

#[test]
fn a_second_build_is_refused_while_one_holds_the_lock() {
    let temp = built_site();
    let lock = temp.path().join(".site.lock");
    std::fs::write(&lock, format!("{}\n", std::process::id())).unwrap();
    let output = build_command(temp.path(), "canon", "site")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output).trim_end(),
        "error: another build is writing `site` (lock file `.site.lock` exists). Wait for it to finish; if no build is running, delete the lock file"
    );
    assert!(lock.exists(), "the other build's lock is left alone");
}

#[cfg(target_os = "linux")]
#[test]
fn the_lock_and_staging_of_a_dead_build_are_cleaned_up() {
    let temp = built_site();
    let dead = 4_000_000; // above Linux's pid_max, so never a live process
    std::fs::write(temp.path().join(".site.lock"), format!("{dead}\n")).unwrap();
    let staging = temp.path().join(format!(".site.staging-{dead}"));
    std::fs::create_dir_all(staging.join("ops")).unwrap();
    std::fs::write(staging.join(".jobframe-site"), "").unwrap();
    let output = build_command(temp.path(), "canon", "site")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(entries(temp.path()), ["canon", "site"]);
}

#[cfg(target_os = "linux")]
#[test]
fn a_site_moved_aside_by_a_dead_build_is_restored() {
    let temp = built_site();
    let before = tree(&temp.path().join("site"));
    let dead = 4_000_001;
    std::fs::rename(
        temp.path().join("site"),
        temp.path().join(format!(".site.old-{dead}")),
    )
    .unwrap();
    std::fs::write(temp.path().join(".site.lock"), format!("{dead}\n")).unwrap();
    let output = build_command(temp.path(), "canon", "site")
        .env("JOBFRAME_TEST_FAULT", "write-error:1")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        tree(&temp.path().join("site")) == before,
        "the old site is back in place"
    );
    assert_eq!(entries(temp.path()), ["canon", "site"]);
}

// --- theme errors ------------------------------------------------------------------------

#[test]
fn template_syntax_error_names_file_and_line_and_writes_nothing() {
    let (temp, output) = build_with_edited_template(
        None,
        "goals.html",
        "{% if sheet.smart %}",
        "{% if sheet.smart %",
    );
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("theme template error") && err.contains("goals.html"),
        "{err}"
    );
    let line = include_str!("../theme/templates/goals.html")
        .lines()
        .position(|line| line == "{% if sheet.smart %}")
        .expect("goals.html has the edited line")
        + 1;
    // Tera reports where it noticed the unclosed tag: the start of the next line.
    assert!(
        err.contains(&format!("--> {}:1", line + 1)),
        "names the line: {err}"
    );
    assert!(!temp.path().join("site").exists());
}

#[test]
fn unknown_template_variable_names_file_and_line_and_writes_nothing() {
    let (temp, output) =
        build_with_edited_template(None, "profile.html", "{{ page.title }}", "{{ page.titel }}");
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("theme/templates/profile.html:4: "), "{err}");
    assert!(err.contains("Variable `page.titel` not found"), "{err}");
    assert!(!temp.path().join("site").exists());
    assert_eq!(entries(temp.path()), ["canon", "theme"]);
}

/// Regression: an unknown variable inside a macro was attributed to the first template that
/// mentions the macro's name (`level.html`), because the first backticked word of Tera's message
/// is the macro, not the variable. The line must be the macro file's.
#[test]
fn unknown_variable_inside_a_macro_names_the_macro_file() {
    let (_temp, output) = build_with_edited_template(
        None,
        "macros.html",
        "{{ next.title }} →",
        "{{ next.titel }} →",
    );
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    let line = std::fs::read_to_string(common::repo().join("theme/templates/macros.html"))
        .unwrap()
        .lines()
        .position(|line| line.contains("{{ next.title }} →"))
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!("theme/templates/macros.html:{line}: ")),
        "{err}"
    );
    assert!(err.contains("Variable `next.titel` not found"), "{err}");
}
