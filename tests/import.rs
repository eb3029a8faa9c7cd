//! `jobframe import`: the exports read back into the canon they came from, hand-made tables,
//! the formula guard, and each problem's exact message at its cell.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use jobframe::canon::Canon;
use jobframe::data::import::{self, read};
use jobframe::data::sheets::SheetKind;
use jobframe::data::tables::Source;
use jobframe::data::{workbook, write_csv};
use proptest::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use common::{jobframe, stderr, stdout};

/// Every table of `canon` as CSV: file name → bytes.
fn csv_files(canon: &Canon) -> BTreeMap<String, Vec<u8>> {
    SheetKind::ALL
        .into_iter()
        .map(|kind| {
            let mut bytes = Vec::new();
            write_csv(canon, kind, &mut bytes).unwrap();
            (kind.csv_file().to_string(), bytes)
        })
        .collect()
}

fn workbook_bytes(canon: &Canon) -> Vec<u8> {
    let mut bytes = Vec::new();
    workbook::write(canon, &mut bytes).unwrap();
    bytes
}

/// Imports `source` in memory; asserts there are no errors and returns the canon.
fn imported(source: &Source) -> Canon {
    let imported = import::import(source);
    let lines: Vec<String> = imported.problems.iter().map(|p| p.render()).collect();
    assert_eq!(imported.error_count(), 0, "{lines:#?}");
    imported.canon.expect("a canon when there are no errors")
}

/// Imports `source` into a new folder and checks that folder as `jobframe check` would.
fn import_and_check(source: &Source) -> Canon {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("canon");
    let result = import::import(source);
    assert_eq!(result.error_count(), 0, "{:#?}", result.problems);
    read::write_files(&out, &result.files).unwrap();
    let checked = jobframe::load::check(&out).unwrap();
    assert_eq!(checked.error_count(), 0, "{:#?}", checked.diagnostics);
    checked.canon
}

#[test]
fn bundled_canon_round_trips_through_the_csv_files() {
    let canon = bundled_as_exported();
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in csv_files(&canon) {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let source = read::read_source(dir.path()).unwrap();
    assert_eq!(import_and_check(&source), canon);
}

#[test]
fn bundled_canon_round_trips_through_the_workbook() {
    let canon = bundled_as_exported();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("canon.xlsx");
    std::fs::write(&path, workbook_bytes(&canon)).unwrap();
    let source = read::read_source(&path).unwrap();
    assert_eq!(import_and_check(&source), canon);
}

/// What people run: `jobframe export`, then `jobframe import` of the workbook and of the CSV
/// folder, then `jobframe check` of each new canon; both load to the bundled canon's model.
#[test]
fn export_then_import_on_the_command_line_gives_back_the_bundled_canon() {
    let dir = tempfile::tempdir().unwrap();
    let canon = common::repo().join("canon");
    let run = |args: &[&str]| {
        let output = common::jobframe(dir.path(), args);
        assert!(
            output.status.success(),
            "{args:?}: {}",
            common::stderr(&output)
        );
        common::stderr(&output)
    };
    run(&[
        "export",
        "--canon",
        canon.to_str().unwrap(),
        "--out",
        "exports",
    ]);
    let from_xlsx = run(&["import", "exports/canon.xlsx", "--out", "from-xlsx"]);
    assert!(
        from_xlsx.contains(
            "imported 166 profiles (27 roles, 9 families) into from-xlsx: 0 errors, 0 warnings"
        ),
        "{from_xlsx}"
    );
    // The folder holds canon.json and profiles/ too: import reads only the CSV tables.
    run(&["import", "exports", "--out", "from-csv"]);
    let bundled = bundled_as_exported();
    for folder in ["from-xlsx", "from-csv"] {
        let checked = jobframe::load::check(&dir.path().join(folder)).unwrap();
        assert_eq!(
            checked.diagnostics.len(),
            0,
            "{folder}: {:#?}",
            checked.diagnostics
        );
        assert!(
            checked.canon == bundled,
            "{folder} differs from the bundled canon"
        );
        run(&["check", "--canon", folder]);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn random_canons_round_trip_through_csv_and_xlsx(canon in common::model::canon()) {
        let csv = read::csv_tables("export", &csv_files(&canon));
        prop_assert_eq!(&imported(&csv), &canon);
        let xlsx = read::workbook("canon.xlsx", workbook_bytes(&canon)).unwrap();
        prop_assert_eq!(&imported(&xlsx), &canon);
    }
}

const FORMULAS: [&str; 3] = ["=HYPERLINK(\"http://x\",\"y\")", "@SUM(1)", "-1+2"];

#[test]
fn formula_like_texts_leave_with_a_quote_and_come_back_exactly() {
    let mut canon = bundled_as_exported();
    let profile = &mut canon.families[0].roles[0].profiles[0];
    profile.core_outputs = FORMULAS.map(String::from).to_vec();
    let files = csv_files(&canon);
    let lines = String::from_utf8(files["lines.csv"].clone()).unwrap();
    assert!(
        lines.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","),
        "{lines}"
    );
    assert!(lines.contains(",'@SUM(1),"));
    assert!(lines.contains(",'-1+2,"));
    let back = imported(&read::csv_tables("export", &files));
    assert_eq!(back.families[0].roles[0].profiles[0].core_outputs, FORMULAS);
    assert_eq!(back, canon);
    let xlsx = read::workbook("canon.xlsx", workbook_bytes(&canon)).unwrap();
    let sheet = xlsx.tables.iter().find(|t| t.name == "Lines").unwrap();
    assert_eq!(sheet.rows[1].cells[3], "'=HYPERLINK(\"http://x\",\"y\")");
    assert_eq!(imported(&xlsx), canon);
}

// Hand-made tables: human headers, only the required tables.

const SETTINGS_CSV: &str =
    "Key,Value\nname,Acme\nsite_title,Acme careers\nversion,2026.4\neffective_date,2026-01-01\n";
const LADDER_CSV: &str = "Code,Name,Track,Years,Meaning,Scope\n\
    P1,Entry,P,0–2,Learns the job.,Own tasks\n\
    P4,Senior,P,5–8,Leads the work.,\n";
const PROFILES_CSV: &str = "Family code,Family name,Role code,Role name,Role description,Level code,Summary\n\
    OPS,Operations,PLAN,Planning,Plans the work.,P1,Learns planning.\n\
    OPS,Operations,PLAN,Planning,Plans the work.,P4,Leads planning.\n";
const LINES_CSV: &str = "Profile ID,Kind,Position,Text\n\
    OPS.PLAN.P1,core_output,2,A forecast\n\
    OPS.PLAN.P1,core_output,1,A plan\n\
    OPS.PLAN.P4,jfm_responsibility,1,Sets the plan\n";

/// A folder `tables` in `dir` with the hand-made CSV files, `changes` replacing or adding files.
fn handmade(dir: &Path, changes: &[(&str, &str)]) {
    let mut files = BTreeMap::from([
        ("settings.csv", SETTINGS_CSV),
        ("ladder.csv", LADDER_CSV),
        ("profiles.csv", PROFILES_CSV),
        ("lines.csv", LINES_CSV),
    ]);
    files.extend(changes.iter().copied());
    std::fs::create_dir_all(dir.join("tables")).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join("tables").join(name), text).unwrap();
    }
}

/// Runs `jobframe import SOURCE --out canon` in `dir`: exit code, stdout lines, stderr.
fn import_command(dir: &Path, source: &str) -> (i32, Vec<String>, String) {
    let output = jobframe(dir, &["import", source, "--out", "canon"]);
    let lines = stdout(&output).lines().map(String::from).collect();
    (output.status.code().unwrap(), lines, stderr(&output))
}

#[test]
fn handmade_csv_folder_imports_and_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    handmade(dir.path(), &[]);
    let (code, lines, err) = import_command(dir.path(), "tables");
    assert_eq!(code, 0, "{lines:#?} {err}");
    assert_eq!(
        lines,
        [
            "tables/ladder.csv:2:3: warning: no Tracks table and no track_name in Profiles: track \"P\" is named \"P\" after its code"
        ]
    );
    assert_eq!(
        err.trim(),
        "imported 2 profiles (1 role, 1 family) into canon: 0 errors, 1 warning"
    );
    let check = jobframe(dir.path(), &["check", "--canon", "canon"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    let canon = jobframe::load::check(&dir.path().join("canon"))
        .unwrap()
        .canon;
    let role = &canon.families[0].roles[0];
    assert_eq!(
        (role.slug.as_str(), canon.families[0].slug.as_str()),
        ("planning", "operations")
    );
    assert_eq!(role.profiles[0].core_outputs, ["A plan", "A forecast"]);
    assert_eq!(canon.ladder.tracks[0].name, "P");
}

#[test]
fn handmade_workbook_with_typed_cells_imports_and_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Settings").unwrap();
    sheet.write_row(0, 0, ["Key", "Value"]).unwrap();
    sheet.write_row(1, 0, ["name", "Acme"]).unwrap();
    sheet
        .write_row(2, 0, ["Site title", "Acme careers"])
        .unwrap();
    sheet.write(3, 0, "version").unwrap();
    sheet.write(3, 1, 2026.4).unwrap();
    sheet.write(4, 0, "effective_date").unwrap();
    let date = ExcelDateTime::from_ymd(2026, 1, 1).unwrap();
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    sheet
        .write_datetime_with_format(4, 1, &date, &date_format)
        .unwrap();
    let sheet = book.add_worksheet().set_name("Ladder").unwrap();
    sheet
        .write_row(0, 0, ["Code", "Name", "Track", "Years", "Meaning"])
        .unwrap();
    sheet
        .write_row(1, 0, ["P1", "Entry", "P", "", "Learns the job."])
        .unwrap();
    sheet.write(1, 3, 3).unwrap();
    let sheet = book.add_worksheet().set_name("Tracks").unwrap();
    sheet.write_row(0, 0, ["Code", "Name"]).unwrap();
    sheet.write_row(1, 0, ["P", "Professional"]).unwrap();
    let sheet = book.add_worksheet().set_name("Profiles").unwrap();
    let header = [
        "Family code",
        "Family name",
        "Role code",
        "Role name",
        "Role description",
        "Level code",
        "Years",
    ];
    sheet.write_row(0, 0, header).unwrap();
    sheet
        .write_row(
            1,
            0,
            [
                "OPS",
                "Operations",
                "PLAN",
                "Planning",
                "Plans the work.",
                "P1",
            ],
        )
        .unwrap();
    sheet.write(1, 6, 3).unwrap();
    let sheet = book.add_worksheet().set_name("Lines").unwrap();
    sheet
        .write_row(0, 0, ["Profile ID", "Kind", "Position", "Text"])
        .unwrap();
    sheet
        .write_row(1, 0, ["OPS.PLAN.P1", "core_output", "", "A forecast"])
        .unwrap();
    sheet.write(1, 2, 1).unwrap();
    book.save(dir.path().join("book.xlsx")).unwrap();

    let (code, lines, err) = import_command(dir.path(), "book.xlsx");
    assert_eq!((code, lines.len()), (0, 0), "{lines:#?} {err}");
    let check = jobframe(dir.path(), &["check", "--canon", "canon"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    let canon = jobframe::load::check(&dir.path().join("canon"))
        .unwrap()
        .canon;
    assert_eq!(canon.settings.version, "2026.4");
    assert_eq!(canon.settings.effective_date, "2026-01-01");
    assert_eq!(canon.ladder.levels[0].years, "3");
    assert_eq!(
        canon.families[0].roles[0].profiles[0].core_outputs,
        ["A forecast"]
    );
}

/// The lines `jobframe import tables` prints for hand-made tables with `changes`; asserts that
/// it fails and writes nothing.
fn import_errors(changes: &[(&str, &str)]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    handmade(dir.path(), changes);
    let (code, lines, err) = import_command(dir.path(), "tables");
    assert_eq!(code, 1, "{lines:#?}");
    assert!(err.contains("nothing written to canon"), "{err}");
    assert!(!dir.path().join("canon").exists());
    lines
        .into_iter()
        .filter(|line| line.contains(": error: "))
        .collect()
}

#[test]
fn unknown_level_is_named_with_a_suggestion() {
    let profiles = PROFILES_CSV.replace("Plans the work.,P4,", "Plans the work.,P44,");
    let lines = import_errors(&[("profiles.csv", &profiles)]);
    assert!(
        lines.contains(
            &"tables/profiles.csv:3:6: error: unknown level \"P44\"; did you mean \"P4\"? The ladder has P1, P4"
                .to_string()
        ),
        "{lines:#?}"
    );
    let profiles = PROFILES_CSV.replace("Plans the work.,P4,", "Plans the work.,P9,");
    let lines = import_errors(&[("profiles.csv", &profiles)]);
    assert!(
        lines.contains(
            &"tables/profiles.csv:3:6: error: unknown level \"P9\"; did you mean \"P4\"? The ladder has P1, P4"
                .to_string()
        ),
        "{lines:#?}"
    );
    let profiles = PROFILES_CSV.replace("Plans the work.,P4,", "Plans the work.,Q2,");
    let lines = import_errors(&[("profiles.csv", &profiles)]);
    assert!(
        lines.contains(
            &"tables/profiles.csv:3:6: error: unknown level \"Q2\"; the ladder has P1, P4"
                .to_string()
        ),
        "{lines:#?}"
    );
}

#[test]
fn missing_required_column_says_what_it_is_for() {
    let ladder = "Code,Name,Track,Meaning\nP1,Entry,P,Learns.\nP4,Senior,P,Leads.\n";
    let lines = import_errors(&[("ladder.csv", ladder)]);
    assert_eq!(
        lines,
        ["tables/ladder.csv:1: error: missing column \"years\": the typical years of experience"]
    );
}

#[test]
fn profiles_cell_that_disagrees_with_its_source_names_both_cells() {
    let families = "code,name\nOPS,Operations\n";
    let profiles = PROFILES_CSV.replace(
        "OPS,Operations,PLAN,Planning,Plans the work.,P4",
        "OPS,Ops,PLAN,Planning,Plans the work.,P4",
    );
    let lines = import_errors(&[("families.csv", families), ("profiles.csv", &profiles)]);
    assert_eq!(
        lines,
        [
            "tables/profiles.csv:3:2: error: family_name \"Ops\" disagrees with \"Operations\" at tables/families.csv:2:2, where import reads it from; make them the same"
        ]
    );
}

#[test]
fn duplicate_line_position_names_the_first() {
    let lines_csv = format!("{LINES_CSV}OPS.PLAN.P1,core_output,1,Another plan\n");
    let lines = import_errors(&[("lines.csv", &lines_csv)]);
    assert_eq!(
        lines,
        [
            "tables/lines.csv:5:3: error: core_output line 1 of \"OPS.PLAN.P1\" appears twice; first at tables/lines.csv:3:4"
        ]
    );
}

#[test]
fn missing_required_table_says_what_it_holds() {
    let dir = tempfile::tempdir().unwrap();
    handmade(dir.path(), &[]);
    std::fs::remove_file(dir.path().join("tables/settings.csv")).unwrap();
    let (code, lines, _) = import_command(dir.path(), "tables");
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "tables: error: missing file \"settings.csv\": it holds the canon's name, site title, version and effective date"
        ]
    );
}

#[test]
fn unknown_column_gets_a_suggestion() {
    let profiles = PROFILES_CSV.replace("Role name,", "Role nmae,");
    let lines = import_errors(&[("profiles.csv", &profiles)]);
    assert_eq!(
        lines,
        [
            "tables/profiles.csv:1:4: error: unknown column \"Role nmae\" in Profiles; did you mean \"role_name\"?"
        ]
    );
}

#[test]
fn a_cell_the_workbook_cut_is_refused() {
    let mut canon = bundled_as_exported();
    canon.families[0].roles[0].profiles[0].summary = "x\n".repeat(20_000);
    let source = read::workbook("canon.xlsx", workbook_bytes(&canon)).unwrap();
    let result = import::import(&source);
    let lines: Vec<String> = result.problems.iter().map(|p| p.render()).collect();
    assert_eq!(
        lines,
        [
            "canon.xlsx: Profiles!M2: error: this text was cut to fit an Excel cell (32,767 characters); import the CSV export, which has the whole text"
        ]
    );
    assert!(result.canon.is_none() && result.files.is_empty());
}

#[test]
fn an_output_folder_with_files_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    handmade(dir.path(), &[]);
    std::fs::create_dir(dir.path().join("canon")).unwrap();
    std::fs::write(dir.path().join("canon/notes.txt"), "mine").unwrap();
    let (code, lines, err) = import_command(dir.path(), "tables");
    assert_eq!((code, lines.len()), (2, 0));
    assert_eq!(
        err.trim(),
        "error: `canon` already exists and is not empty; import writes a new canon folder, so pass a missing or empty one with --out"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path().join("canon"))
        .unwrap()
        .collect();
    assert_eq!(left.len(), 1);
}

#[test]
fn an_empty_output_folder_is_filled() {
    let dir = tempfile::tempdir().unwrap();
    handmade(dir.path(), &[]);
    std::fs::create_dir(dir.path().join("canon")).unwrap();
    let (code, _, err) = import_command(dir.path(), "tables");
    assert_eq!(code, 0, "{err}");
    assert!(dir.path().join("canon/operations/planning.yaml").is_file());
}

#[test]
fn an_edited_export_is_reported_at_the_line_of_its_record() {
    let canon = bundled_as_exported();
    let mut files = csv_files(&canon);
    let lines = String::from_utf8(files["lines.csv"].clone()).unwrap();
    let third = lines.split("\r\n").nth(2).unwrap().to_string();
    let fields: Vec<&str> = third.split(',').collect();
    let kind = format!(",{},{},", fields[1], fields[2]);
    let edited = third.replacen(&kind, &format!(",{}x,0,", fields[1]), 1);
    files.insert(
        "lines.csv".into(),
        lines.replacen(&third, &edited, 1).into_bytes(),
    );
    let result = import::import(&read::csv_tables("export", &files));
    let messages: Vec<String> = result.problems.iter().map(|p| p.render()).collect();
    let kind = fields[1];
    assert_eq!(
        messages,
        [
            format!(
                "export/lines.csv:3:2: error: unknown line kind \"{kind}x\"; did you mean \"{kind}\"?"
            ),
            "export/lines.csv:3:3: error: position \"0\" is not a whole number from 1 up"
                .to_string(),
        ]
    );
}

#[test]
fn families_that_would_share_a_folder_are_refused() {
    let profiles = format!(
        "{PROFILES_CSV}RD,R&D,LAB,Lab,Runs the lab.,P1,x\nRND,R D,LAB,Lab,Runs the lab.,P1,x\n"
    );
    let lines = import_errors(&[("profiles.csv", &profiles)]);
    assert_eq!(
        lines,
        [
            "tables/profiles.csv:5:2: error: family slug \"r-d\" is also the slug of tables/profiles.csv:4: both would be written to the same file; give one another slug (or name)"
        ]
    );
}

#[test]
fn a_profile_id_that_disagrees_with_the_codes_is_refused() {
    let profiles = PROFILES_CSV
        .replace("Family code,", "Profile ID,Family code,")
        .replace(
            "\nOPS,Operations,PLAN,Planning,Plans the work.,P1,",
            "\nOPS.PLAN.P2,OPS,Operations,PLAN,Planning,Plans the work.,P1,",
        )
        .replace(
            "\nOPS,Operations,PLAN,Planning,Plans the work.,P4,",
            "\n,OPS,Operations,PLAN,Planning,Plans the work.,P4,",
        );
    let lines = import_errors(&[("profiles.csv", &profiles)]);
    assert_eq!(
        lines,
        [
            "tables/profiles.csv:2:1: error: profile_id \"OPS.PLAN.P2\" disagrees with the codes in this row, which make \"OPS.PLAN.P1\"; profile IDs are computed, so correct the codes or clear this cell"
        ]
    );
}

#[test]
fn profiles_without_a_roles_table_need_the_role_columns() {
    let profiles =
        "family code,family name,role code,role name,level code\nOPS,Operations,PLAN,Planning,P1\n";
    let lines = import_errors(&[
        ("profiles.csv", profiles),
        ("lines.csv", "profile_id,kind,position,text\n"),
    ]);
    assert_eq!(
        lines,
        [
            "tables/profiles.csv:1: error: missing column \"role_description\": what the role does (needed because there is no Roles table)"
        ]
    );
}

/// An exported profile whose level is changed to one the ladder lacks: the two cells of that
/// row are reported, and the profile's lines (which name its exported ID) are not reported again.
#[test]
fn a_broken_profile_row_is_reported_once_not_again_by_its_lines() {
    let canon = bundled_as_exported();
    let mut files = csv_files(&canon);
    let profiles = String::from_utf8(files["profiles.csv"].clone()).unwrap();
    let mut records: Vec<csv::StringRecord> = csv::Reader::from_reader(profiles.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    let id = records[1][0].to_string();
    let mut edited: Vec<String> = records[1].iter().map(str::to_string).collect();
    edited[8] = "P9".to_string();
    records[1] = csv::StringRecord::from(edited);
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(SheetKind::Profiles.headers()).unwrap();
    for record in &records {
        writer.write_record(record).unwrap();
    }
    files.insert("profiles.csv".to_string(), writer.into_inner().unwrap());
    let imported = import::import(&read::csv_tables("export", &files));
    let errors: Vec<String> = imported
        .problems
        .iter()
        .filter(|p| p.is_error())
        .map(|p| p.render())
        .collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors[0].starts_with(&format!(
            "export/profiles.csv:3:1: error: profile_id \"{id}\" disagrees"
        )),
        "{errors:#?}"
    );
    assert!(errors[1].starts_with("export/profiles.csv:3:9: error: unknown level \"P9\"; did you mean \"P8\"? The ladder has S1,"), "{errors:#?}");
}

/// The bundled canon as import gives it back: without its pay ranges, which live in pay.yaml
/// (the workbook's Pay sheet and pay.csv are derived from it, and import skips them), and
/// without its guide pages, which are Markdown rather than data and no table holds.
fn bundled_as_exported() -> jobframe::canon::Canon {
    let mut canon = common::bundled_canon();
    canon.pay = None;
    canon.guides.clear();
    canon
}
