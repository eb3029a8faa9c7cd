//! The mistakes corpus (`tests/mistakes/`): realistic broken canons, one mistake each, checked
//! as an editor would run `jobframe check`. Each case's human and JSON output is a reviewed
//! snapshot (`tests/snapshots/`), and together the cases emit every diagnostic code.
//!
//! A case folder holds the files that differ from `base/`, and may also have `deleted.txt`
//! (base files to remove), `generate.txt` (large files, `path | prefix | unit | count | suffix`
//! with `\n`, `\t` and `\\` escapes) and `symlinks.txt` (`link | target`).

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jobframe::codes::Code;

/// Codes no corpus case can produce: a file the checker cannot read (permissions do not stop
/// the root user CI runs as), and a file below a family folder's subfolder, which the folder
/// and Git listings never reach (the subfolder gets JF0109); `load::check_sources`, which takes
/// any paths, can still meet one.
const UNREACHABLE: [Code; 2] = [Code::Unreadable, Code::StrayFileInFamily];

fn corpus() -> PathBuf {
    common::repo().join("tests/mistakes")
}

/// Every case folder, in name order.
fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir() && path.file_name().unwrap() != "base")
        .collect();
    cases.sort();
    cases
}

/// `\n`, `\t` and `\\` in a `generate.txt` field.
fn unescape(field: &str) -> String {
    let mut out = String::new();
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            },
            (c, false) => out.push(c),
        }
    }
    out
}

const CASE_FILES: [&str; 4] = ["mistake.md", "deleted.txt", "generate.txt", "symlinks.txt"];

/// Assembles `case` into `into`: base, the case's files over it, deletions, generated files
/// and links.
fn assemble(case: &Path, into: &Path) {
    common::next_release::copy_dir(&corpus().join("base"), into).unwrap();
    for entry in walkdir::WalkDir::new(case).min_depth(1) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(case).unwrap();
        if entry.file_type().is_dir() || CASE_FILES.contains(&rel.to_str().unwrap()) {
            continue;
        }
        let to = into.join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(entry.path(), &to).unwrap();
    }
    let read = |name: &str| std::fs::read_to_string(case.join(name)).unwrap_or_default();
    for line in read("deleted.txt").lines().filter(|l| !l.trim().is_empty()) {
        let path = into.join(line.trim());
        if path.is_dir() {
            std::fs::remove_dir_all(path).unwrap();
        } else {
            std::fs::remove_file(path).unwrap();
        }
    }
    for line in read("generate.txt")
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let fields: Vec<&str> = line.split(" | ").collect();
        assert_eq!(fields.len(), 5, "{}: {line}", case.display());
        let count: usize = fields[3].trim().parse().unwrap();
        let text = format!(
            "{}{}{}",
            unescape(fields[1]),
            unescape(fields[2]).repeat(count),
            unescape(fields[4])
        );
        let path = into.join(fields[0].trim());
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    for line in read("symlinks.txt")
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let (link, target) = line.split_once(" | ").unwrap();
        let link = into.join(link.trim());
        std::fs::create_dir_all(link.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target.trim(), link).unwrap();
    }
}

/// What `jobframe check` prints for `case`, human and JSON, as the snapshot holds it.
fn checked(case: &Path) -> String {
    let dir = tempfile::tempdir().unwrap();
    let name = case.file_name().unwrap().to_str().unwrap();
    assemble(case, &dir.path().join(name));
    let run = |format: &str| {
        common::jobframe(dir.path(), &["check", "--canon", name, "--format", format])
    };
    let human = run("human");
    let json = run("json");
    assert_eq!(
        human.status.code(),
        json.status.code(),
        "{name}: one exit status"
    );
    format!(
        "exit status: {}\n\n--- stdout\n{}--- stderr\n{}--- json\n{}",
        human.status.code().unwrap_or(-1),
        common::stdout(&human),
        common::stderr(&human),
        common::stdout(&json),
    )
}

/// Every case's name and output, each case checked once for all the tests that read them.
fn outputs() -> &'static [(String, String)] {
    static OUTPUTS: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    OUTPUTS.get_or_init(|| {
        cases()
            .iter()
            .map(|case| {
                let name = case.file_name().unwrap().to_str().unwrap().to_string();
                (name, checked(case))
            })
            .collect()
    })
}

#[test]
fn every_mistake_is_reported_as_reviewed() {
    for (name, output) in outputs() {
        insta::with_settings!({ snapshot_path => "snapshots/mistakes", prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(name.as_str(), output);
        });
    }
}

#[test]
fn the_corpus_emits_every_code_and_only_known_ones() {
    let mut seen = BTreeSet::new();
    for (name, output) in outputs() {
        for part in output.split("[JF").skip(1) {
            let code = format!("JF{}", &part[..4]);
            let known = Code::parse(&code);
            assert!(known.is_some(), "{name}: unknown code {code}");
            seen.extend(known);
        }
    }
    let missing: Vec<&str> = Code::ALL
        .iter()
        .filter(|code| !seen.contains(code) && !UNREACHABLE.contains(code))
        .map(|code| code.as_str())
        .collect();
    assert!(missing.is_empty(), "no corpus case emits {missing:?}");
}

#[test]
fn jobframe_explain_prints_an_entry_and_suggests_for_unknown_codes() {
    let here = common::repo();
    let entry = common::jobframe(&here, &["explain", "jf0204"]);
    assert!(entry.status.success());
    let text = common::stdout(&entry);
    assert!(
        text.starts_with("## JF0204: a key without its `: `\n"),
        "{text}"
    );
    assert!(text.contains("**Fix:**"), "{text}");
    let unknown = common::jobframe(&here, &["explain", "JF0299"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert_eq!(
        common::stderr(&unknown).trim_end(),
        "error: no code `JF0299` (did you mean `JF0209`?): codes look like JF0301, and `jobframe explain` lists them all"
    );
    let list = common::stdout(&common::jobframe(&here, &["explain"]));
    assert_eq!(list.lines().count(), Code::ALL.len());
    assert!(
        list.contains("JF0301  a key the file kind does not have\n"),
        "{list}"
    );
}
