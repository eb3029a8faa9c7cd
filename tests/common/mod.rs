//! Helpers shared by the integration tests: paths, fixture canons and the jobframe binary.
#![allow(dead_code)]

pub mod model;
pub mod next_release;
pub mod search_index;
pub mod server;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use jobframe::canon::Canon;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn bundled_canon() -> Canon {
    let checked =
        jobframe::load::check(&repo().join("canon")).expect("the bundled canon is readable");
    assert_eq!(
        checked.error_count(),
        0,
        "bundled canon has errors: {:#?}",
        checked.diagnostics
    );
    checked.canon
}

/// The committed copy of the reference material (`tests/reference/`, mirrored from `../shared/spec`).
pub fn reference(name: &str) -> String {
    std::fs::read_to_string(repo().join("tests/reference").join(name))
        .expect("reference file present")
}

/// Runs the jobframe binary with `args` from `dir`.
pub fn jobframe(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jobframe"))
        .args(args)
        .current_dir(dir)
        .env_remove("RAYON_NUM_THREADS")
        .output()
        .expect("jobframe runs")
}

/// Checks the canon in `dir` in process, as `jobframe check --canon .` run in `dir` would:
/// the exit code it would give and its diagnostic lines.
pub fn check_lines(dir: &Path) -> (i32, Vec<String>) {
    let checked = jobframe::load::check(dir).expect("the canon folder is readable");
    let code = i32::from(checked.error_count() > 0);
    let lines = checked.diagnostics.iter().map(|d| d.render(".")).collect();
    (code, lines)
}

/// The diagnostics of a small canon whose role file `ops/planning.yaml` is `bytes`; asserts
/// that the check fails.
pub fn role_error(bytes: impl AsRef<[u8]>) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    minimal_canon(dir.path(), GOOD_LEVELS);
    std::fs::write(dir.path().join(ROLE_FILE), bytes).unwrap();
    let (code, lines) = check_lines(dir.path());
    assert_eq!(code, 1, "{lines:?}");
    lines
}

/// The bundled canon, built once per test binary with the repository's theme folder and eight
/// render threads: the site folder and what the build printed. Tests only read it.
pub fn bundled_site() -> &'static (PathBuf, String) {
    static SITE: std::sync::OnceLock<(PathBuf, String)> = std::sync::OnceLock::new();
    SITE.get_or_init(|| {
        let binary = std::env::current_exe().expect("test binary path");
        let name = binary.file_stem().expect("a file name").to_string_lossy();
        let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("bundled-site-{name}"));
        let output = Command::new(env!("CARGO_BIN_EXE_jobframe"))
            .arg("build")
            .arg("--canon")
            .arg(repo().join("canon"))
            .arg("--theme")
            .arg(repo().join("theme"))
            .arg("--out")
            .arg(&out)
            .env("RAYON_NUM_THREADS", "8")
            .output()
            .expect("jobframe runs");
        assert!(output.status.success(), "{}", stderr(&output));
        (out, stderr(&output))
    })
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Writes a small canon into `dir` from (relative path, content) pairs.
pub fn write_canon(dir: &Path, files: &[(&str, &str)]) {
    for (rel, content) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
}

pub const SETTINGS: &str =
    "name: Acme Canon\nsite_title: Acme Jobs\nversion: \"1\"\neffective_date: \"2026-01-01\"\n";

/// Where the test canons that set a `base_url` are published.
pub const BASE_URL: &str = "https://intranet.example.com/careers/";

/// `SETTINGS` with `base_url: BASE_URL`.
pub fn settings_with_base_url() -> String {
    format!("{SETTINGS}base_url: {BASE_URL}\n")
}

/// A two-level ladder: P4 has every dimension, P5 none.
pub const LADDER: &str = "\
tracks:
  - code: P
    name: Professional
levels:
  - code: P4
    name: Senior Professional
    track: P
    years: \"5–8\"
    meaning: Works independently.
    dimensions:
      scope: A product area
      autonomy: Works without supervision
      complexity: Broad problems
      impact: Team outcomes
      decision_rights: Chooses methods
      leadership: Mentors peers
  - code: P5
    name: Expert Professional
    track: P
    years: \"8–12\"
    meaning: Sets direction.
";

pub const FAMILY: &str = "code: OPS\nname: Operations\n";

/// The one role file of `minimal_canon`, relative to the canon folder.
pub const ROLE_FILE: &str = "ops/planning.yaml";

/// The role file of `minimal_canon` with the given levels (YAML).
pub fn role_yaml(role_levels: &str) -> String {
    format!("code: PLAN\nname: Planning\ndescription: Plans things.\nlevels:\n{role_levels}")
}

/// Rewrites the role file of a `minimal_canon` with the given levels, as an editor would.
pub fn write_role(dir: &Path, role_levels: &str) {
    std::fs::write(dir.join(ROLE_FILE), role_yaml(role_levels)).unwrap();
}

/// A minimal valid canon with one role whose levels are given as YAML.
pub fn minimal_canon(dir: &Path, role_levels: &str) {
    write_canon(
        dir,
        &[
            ("canon.yaml", SETTINGS),
            ("ladder.yaml", LADDER),
            ("ops/family.yaml", FAMILY),
            (ROLE_FILE, &role_yaml(role_levels)),
        ],
    );
}

/// Two levels with distinct rows: a valid role for build tests.
pub const GOOD_LEVELS: &str = "  P4:\n    jfm_responsibilities:\n      - Runs the plan\n  P5:\n    jfm_responsibilities:\n      - Sets the plan\n";

/// Builds `canon` (or, when `None`, a small valid canon) with a copy of the bundled theme in
/// which every `from` in `templates/{template}` is replaced by `to`; returns the temp folder
/// (holding `theme/` and the output `site/`) and the build's output.
pub fn build_with_edited_template(
    canon: Option<&Path>,
    template: &str,
    from: &str,
    to: &str,
) -> (tempfile::TempDir, Output) {
    let temp = tempfile::tempdir().unwrap();
    let canon = match canon {
        Some(canon) => canon.to_path_buf(),
        None => {
            minimal_canon(&temp.path().join("canon"), GOOD_LEVELS);
            temp.path().join("canon")
        }
    };
    copy_theme(&temp.path().join("theme"));
    let path = temp.path().join("theme/templates").join(template);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{template} has `{from}`");
    std::fs::write(&path, text.replace(from, to)).unwrap();
    let canon = canon.to_string_lossy();
    let args = [
        "build", "--canon", &canon, "--theme", "theme", "--out", "site",
    ];
    let output = jobframe(temp.path(), &args);
    (temp, output)
}

/// Copies the bundled theme (this repository's `theme/`) into `to`.
pub fn copy_theme(to: &Path) {
    for entry in walkdir::WalkDir::new(repo().join("theme")) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(repo().join("theme")).unwrap();
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(to.join(rel)).unwrap();
        } else {
            std::fs::copy(entry.path(), to.join(rel)).unwrap();
        }
    }
}

/// Every file under `dir`, relative path (with `/`) → bytes.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The names in `dir`, sorted.
pub fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Undoes the HTML escaping of the theme's templates.
pub fn decode_entities(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The values of every `href`, `src` and `action` attribute in `html`, entities decoded.
pub fn link_targets(html: &str) -> Vec<String> {
    let mut targets = Vec::new();
    for attribute in [" href=\"", " src=\"", " action=\""] {
        for after in html.split(attribute).skip(1) {
            let value = after.split('"').next().unwrap_or_default();
            targets.push(decode_entities(value));
        }
    }
    targets
}
