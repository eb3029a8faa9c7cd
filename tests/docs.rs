//! The documentation tells the truth: docs/canon.md's example canon checks clean, and every
//! subcommand and flag of `--help` is documented in the README.

mod common;

#[test]
fn canon_md_example_is_a_clean_canon() {
    let doc = std::fs::read_to_string(common::repo().join("docs/canon.md")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut written = Vec::new();
    for block in doc.split("```yaml\n").skip(1) {
        let block = &block[..block.find("```").expect("closed code block")];
        if let Some(path) = block
            .lines()
            .next()
            .and_then(|line| line.strip_prefix("# file: "))
        {
            common::write_canon(dir.path(), &[(path.trim(), block)]);
            written.push(path.trim().to_string());
        }
    }
    assert_eq!(
        written,
        [
            "pay.yaml",
            "canon.yaml",
            "ladder.yaml",
            "warehouse/family.yaml",
            "warehouse/inventory-planning.yaml"
        ]
    );
    let output = common::jobframe(dir.path(), &["check", "--canon", "."]);
    assert_eq!(output.status.code(), Some(0), "{}", common::stdout(&output));
    assert_eq!(common::stdout(&output), "", "the example has no warnings");
}

/// Subcommands and `--flags` listed in a `--help` text.
fn help_items(help: &str) -> Vec<String> {
    let mut items = Vec::new();
    for line in help.lines() {
        let line = line.trim_start();
        if let Some(flag) = line.split_whitespace().find(|w| w.starts_with("--")) {
            items.push(flag.trim_end_matches(',').to_string());
        }
    }
    items.retain(|item| item != "--help" && item != "--version");
    items
}

#[test]
fn readme_documents_every_subcommand_and_flag() {
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    let top = common::stdout(&common::jobframe(&common::repo(), &["--help"]));
    let commands: Vec<&str> = top
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert_eq!(
        commands,
        [
            "check", "build", "serve", "export", "import", "diff", "schema", "explain"
        ]
    );
    for command in commands {
        assert!(
            readme.contains(&format!("jobframe {command}")),
            "README lacks `jobframe {command}`"
        );
        let help = common::stdout(&common::jobframe(&common::repo(), &[command, "--help"]));
        for flag in help_items(&help) {
            assert!(readme.contains(&flag), "README lacks {command} {flag}");
        }
    }
}

#[test]
fn ci_runs_the_readme_test_command() {
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    let ci = std::fs::read_to_string(common::repo().join(".ci/run")).unwrap();
    assert!(readme.contains("cargo test                       # runs the whole test suite"));
    assert!(
        ci.lines().any(|line| line.trim() == "cargo test"),
        ".ci/run must call `cargo test`"
    );
    assert!(
        readme.contains("cargo run --release -- build     # builds the bundled canon into site/")
    );
}
