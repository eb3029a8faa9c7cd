//! A "next release" of the bundled canon, for `jobframe diff` and `build --previous`: a copy
//! with one change of each kind the comparison reports. Shared by the tests and by
//! `cargo run --example next_release`.

use std::fs;
use std::io;
use std::path::Path;

/// The version the copy gets.
pub const NEXT_VERSION: &str = "2026.5";

/// A role added in the next release.
const PEOPLE_ANALYTICS: &str = r#"# yaml-language-server: $schema=../../docs/schema/role.json
code: PPLANLYT
name: People Analytics
description: >-
  Turns workforce data into decisions: headcount plans, attrition risk and the effect of
  people programmes, reported so that managers can act on them.
levels:
  P3:
    summary: An analyst who builds the regular workforce reports and answers managers' data questions.
    jfm_responsibilities:
      - Builds the monthly headcount, attrition and hiring reports for each business area
      - Answers managers' workforce data questions within agreed turnaround times
    components:
      skills:
        - Workforce reporting
        - Spreadsheet modelling
  P4:
    summary: A senior analyst who designs the people metrics and explains what they mean for the business.
    jfm_responsibilities:
      - Designs the people metrics the leadership team reviews each quarter
      - Studies attrition and engagement drivers and presents findings with recommendations
    rubrics:
      complexity: "Frames open workforce questions as analyses, choosing methods that fit the data available."
"#;

/// Copies the canon at `from` into `to` (which must not exist) and makes the next release.
pub fn write(from: &Path, to: &Path) -> io::Result<()> {
    copy_dir(from, to)?;
    edit(
        &to.join("canon.yaml"),
        &[
            ("version: \"2026.4\"", "version: \"2026.5\""),
            (
                "effective_date: \"2026-10-01\"",
                "effective_date: \"2027-01-01\"",
            ),
        ],
    )?;
    // A level's meaning reworded: every profile at S1 changes.
    edit(
        &to.join("ladder.yaml"),
        &[(
            "meaning: Performs routine tasks under close supervision.",
            "meaning: Performs routine tasks under close supervision and asks for help early.",
        )],
    )?;
    // A role renamed, its old code kept as an alias; a line reworded, a list reordered, and
    // component responsibilities that the MBO areas now come from.
    edit(
        &to.join("channel-partner-sales/alliances.yaml"),
        &[
            (
                "code: ALLIANCE\n",
                "code: ALLIANCES\naliases:\n  codes: [ALLIANCE]\n",
            ),
            (
                "Builds co-selling motions with alliance partner field teams and tracks joint pipeline",
                "Builds co-selling motions with partner field teams and reports joint pipeline monthly",
            ),
            (
                "        - Alliance business planning\n        - Co-selling program design\n        - Contract negotiation\n",
                "        - Contract negotiation\n        - Alliance business planning\n        - Co-selling program design\n",
            ),
            (
                "      qualifications:\n        - Ten years in alliances or business development",
                "      responsibilities:\n        - Keeps the alliance portfolio review current\n      qualifications:\n        - Ten years in alliances or business development",
            ),
        ],
    )?;
    // A role moved to another family.
    fs::rename(
        to.join("channel-partner-sales/partner-enablement.yaml"),
        to.join("marketing/partner-enablement.yaml"),
    )?;
    // A profile removed: the role's top level.
    let counsel = to.join("legal/commercial-counsel.yaml");
    let text = fs::read_to_string(&counsel)?;
    let cut = text
        .find("  E2:\n")
        .ok_or_else(|| missing("E2 in commercial-counsel.yaml"))?;
    fs::write(&counsel, &text[..cut])?;
    // A role added.
    fs::write(to.join("people/people-analytics.yaml"), PEOPLE_ANALYTICS)?;
    // A guide page reworded; its link to the renamed role's profile, and another page's, now
    // use the new profile ID (the old one would still lead there, with a warning).
    edit(
        &to.join("pages/promotion-faq.md"),
        &[
            ("id:CHANNE.ALLIANCE.M3", "id:CHANNE.ALLIANCES.M3"),
            (
                "Start with your manager, who knows your work",
                "Start with your line manager, who knows your work",
            ),
        ],
    )?;
    edit(
        &to.join("pages/levels-and-tracks.md"),
        &[("id:CHANNE.ALLIANCE.M3", "id:CHANNE.ALLIANCES.M3")],
    )?;
    // Edits that change no canon text: a comment and a blank line.
    let general = to.join("legal/general.yaml");
    let text = fs::read_to_string(&general)?;
    fs::write(
        &general,
        format!("# Reviewed for 2026.5: no change.\n\n{text}"),
    )?;
    Ok(())
}

fn missing(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::NotFound,
        format!("the bundled canon no longer has {what}"),
    )
}

/// Replaces each `(old, new)` once; an `old` not found is an error (the canon changed).
fn edit(path: &Path, replacements: &[(&str, &str)]) -> io::Result<()> {
    let mut text = fs::read_to_string(path)?;
    for (old, new) in replacements {
        if !text.contains(old) {
            return Err(missing(&format!("{old:?} in {}", path.display())));
        }
        text = text.replacen(old, new, 1);
    }
    fs::write(path, text)
}

/// Copies the folder `from` into `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
