//! The data exports (docs/data.md): `api/canon.json` against its schema, the CSV tables and the
//! workbook (row counts, deep links, formula injection, stable bytes), `goals.txt`, the
//! downloads page and `jobframe export`.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Reader, Xlsx, open_workbook};
use common::{bundled_canon, bundled_site, jobframe, minimal_canon, reference, stderr, tree};
use jobframe::canon::model::LineKind;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The records of a CSV file (header first), as the csv crate reads them.
fn records(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    reader
        .records()
        .map(|record| record.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn line_count(canon: &jobframe::canon::Canon) -> usize {
    canon
        .profiles()
        .map(|(_, _, p)| {
            LineKind::ALL
                .iter()
                .map(|&k| p.lines(k).len())
                .sum::<usize>()
        })
        .sum()
}

#[test]
fn csv_tables_have_one_row_per_profile_and_per_line() {
    let (site, _) = bundled_site();
    let canon = bundled_canon();
    let profiles = records(&site.join("downloads/profiles.csv"));
    assert_eq!(profiles.len(), 1 + canon.profile_count());
    assert_eq!(profiles[0][..3], ["profile_id", "url", "family_code"]);
    let lines = records(&site.join("downloads/lines.csv"));
    assert_eq!(lines.len(), 1 + line_count(&canon));
    assert_eq!(lines[0], ["profile_id", "kind", "position", "text", "url"]);
    let raw = std::fs::read(site.join("downloads/lines.csv")).unwrap();
    assert!(!raw.starts_with(b"\xEF\xBB\xBF"), "no byte-order mark");
    assert!(raw.ends_with(b"\r\n"), "RFC 4180 line ends");
    // The reference profile's first JFM responsibility, verbatim, linked to its line.
    let first = lines
        .iter()
        .find(|row| row[0] == "CHANNE.CHANNEL.P5" && row[1] == "jfm_responsibility")
        .unwrap();
    assert_eq!(first[2], "1");
    assert_eq!(
        first[3],
        "Shapes the overall channel sales strategy and vision for the function, aligning partner programs with company objectives"
    );
    assert_eq!(
        first[4],
        "channel-partner-sales/channel-partner-sales/p5/#duty-1"
    );
}

/// Checks that every `url` of `lines.csv` in `site` lands on an element holding the line's
/// text; returns the kinds of line seen.
fn assert_line_links_land(site: &Path) -> std::collections::BTreeSet<String> {
    let lines = records(&site.join("downloads/lines.csv"));
    let mut pages: BTreeMap<String, String> = BTreeMap::new();
    let mut kinds = std::collections::BTreeSet::new();
    for row in &lines[1..] {
        let (page, anchor) = row[4].split_once('#').unwrap();
        let html = pages
            .entry(page.to_string())
            .or_insert_with(|| read(&site.join(page).join("index.html")));
        let escaped = jobframe::render::escape_html(&row[3]);
        assert!(
            html.contains(&format!(" id=\"{anchor}\">{escaped}<")),
            "{page} has no element {anchor} holding {:?}",
            row[3]
        );
        kinds.insert(row[1].clone());
    }
    kinds
}

#[test]
fn every_line_link_lands_on_an_element_of_its_profile_page() {
    let (site, _) = bundled_site();
    assert!(assert_line_links_land(site).len() >= 5);
    let dir = tempfile::tempdir().unwrap();
    minimal_canon(
        &dir.path().join("canon"),
        "  P4:\n    core_outputs: [A plan]\n    jfm_responsibilities: [Plans]\n    components:\n      responsibilities: [Owns it]\n      tasks: [Counts, Orders]\n      skills: [Excel & SQL]\n      knowledge: [S&OP]\n      competencies: [Judgement]\n      qualifications: [A degree]\n",
    );
    let built = jobframe(dir.path(), &["build", "--out", "site"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let kinds = assert_line_links_land(&dir.path().join("site"));
    assert_eq!(kinds.len(), LineKind::ALL.len(), "{kinds:?}");
}

#[test]
fn canon_json_validates_against_its_committed_schema_and_holds_every_profile() {
    let (site, _) = bundled_site();
    let document: serde_json::Value =
        serde_json::from_str(&read(&site.join("api/canon.json"))).unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(&read(&common::repo().join("docs/schema/canon.json"))).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&document)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(document["format"], 1);
    let canon = bundled_canon();
    let ids: Vec<&str> = document["families"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["roles"].as_array().unwrap())
        .flat_map(|r| r["profiles"].as_array().unwrap())
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = canon
        .profiles()
        .map(|(f, r, p)| r.profile_id(f, p))
        .collect();
    assert_eq!(ids, expected);
    // Each profile names its own document, which exists.
    let first = &document["families"][0]["roles"][0]["profiles"][0];
    assert!(site.join(first["document"].as_str().unwrap()).is_file());
}

#[test]
fn goals_text_is_the_page_header_then_each_copy_block_exactly() {
    let (site, _) = bundled_site();
    let goals = site.join("channel-partner-sales/channel-partner-sales/p5/goals");
    let text = read(&goals.join("goals.txt"));
    assert!(text.starts_with(
        "Goal templates — Channel & Partner Sales — P5\n\
         Channel & Partner Sales · Channel & Partner Sales · P5 — Expert Professional · CHANNE.CHANNEL.P5\n\n\
         These are canon-derived frames, not advice:"
    ));
    let mut at = 0;
    for (title, block) in [
        ("SMART goals", "smart"),
        ("OKRs", "okrs"),
        ("MBO areas", "mbo"),
        ("Scorecard", "scorecard"),
    ] {
        let section = format!(
            "\n{title}\n\n{}",
            reference(&format!("seed-copy-blocks/{block}.txt"))
        );
        let found = text[at..]
            .find(&section)
            .unwrap_or_else(|| panic!("{title} block missing or out of order"));
        at += found + section.len();
    }
    assert_eq!(
        &text[at..],
        "\nJobFrame canon 2026.4, effective 2026-10-01.\n"
    );
    let page = read(&goals.join("index.html"));
    assert!(
        page.contains(
            r#"<a class="button secondary" href="goals.txt" download>Download as text</a>"#
        )
    );
}

#[test]
fn downloads_page_lists_every_file_with_its_exact_size_and_the_footer_links_to_it() {
    let (site, _) = bundled_site();
    let page = read(&site.join("downloads/index.html"));
    for export in jobframe::data::Export::all(&common::bundled_canon()) {
        let path = export.site_path();
        let bytes = std::fs::metadata(site.join(&path)).unwrap().len();
        let href = format!("href=\"../{path}\" download>{}</a>", export.file_name());
        assert!(page.contains(&href), "no link {href}");
        assert!(
            page.contains(&format!("title=\"{bytes} bytes\"")),
            "{path}: {bytes} bytes not shown"
        );
    }
    assert!(page.contains("Files of canon 2026.4"));
    assert!(page.contains("1,255 lines") || page.contains(" lines</td>"));
    let home = read(&site.join("index.html"));
    assert!(home.contains(
        r#"<a href="downloads/index.html">Downloads: this canon as Excel, CSV and JSON</a>"#
    ));
}

/// A canon whose texts start like spreadsheet formulas.
const HOSTILE_LEVELS: &str = r#"  P4:
    title: "=HYPERLINK(""http://evil.example"",""click"")"
    summary: "+cmd|' /C calc'!A0"
    jfm_responsibilities:
      - "=1+1"
      - "-2+3"
      - "@SUM(A1:A2)"
      - "'=already quoted"
      - "Safe = text"
"#;

#[test]
fn formula_like_cells_are_neutralised_in_csv_and_xlsx_and_texts_are_otherwise_verbatim() {
    let dir = tempfile::tempdir().unwrap();
    let canon = dir.path().join("canon");
    minimal_canon(&canon, &HOSTILE_LEVELS.replace("\"\"", "\\\""));
    let out = dir.path().join("site");
    let built = jobframe(dir.path(), &["build", "--canon", "canon", "--out", "site"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let lines = records(&out.join("downloads/lines.csv"));
    let texts: Vec<&str> = lines[1..].iter().map(|row| row[3].as_str()).collect();
    assert_eq!(
        texts,
        [
            "'=1+1",
            "'-2+3",
            "'@SUM(A1:A2)",
            "''=already quoted",
            "Safe = text"
        ]
    );
    let profiles = records(&out.join("downloads/profiles.csv"));
    assert_eq!(
        profiles[1][11],
        "'=HYPERLINK(\"http://evil.example\",\"click\")"
    );
    assert_eq!(profiles[1][12], "'+cmd|' /C calc'!A0");
    // No cell of any table starts with a formula character.
    for file in std::fs::read_dir(out.join("downloads")).unwrap() {
        let path = file.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            for row in records(&path) {
                for cell in row {
                    assert!(
                        !cell.starts_with(['=', '+', '-', '@']),
                        "{}: {cell}",
                        path.display()
                    );
                }
            }
        }
    }
    let mut workbook: Xlsx<_> = open_workbook(out.join("downloads/canon.xlsx")).unwrap();
    let range = workbook.worksheet_range("Lines").unwrap();
    let cells: Vec<String> = range.rows().skip(1).map(|row| row[3].to_string()).collect();
    assert_eq!(cells, texts);
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).unwrap();
        for cell in range.cells() {
            let text = cell.2.to_string();
            assert!(!text.starts_with(['=', '+', '-', '@']), "{name}: {text}");
        }
        assert!(
            workbook.worksheet_formula(&name).unwrap().is_empty(),
            "{name} has formulas"
        );
    }
}

#[test]
fn workbook_has_every_table_with_its_header_frozen_and_filtered() {
    let (site, _) = bundled_site();
    let canon = bundled_canon();
    let path = site.join("downloads/canon.xlsx");
    let mut workbook: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        workbook.sheet_names(),
        [
            "Ladder", "Tracks", "Families", "Roles", "Profiles", "Lines", "Settings", "Pay"
        ]
    );
    let profiles = workbook.worksheet_range("Profiles").unwrap();
    assert_eq!(profiles.height(), 1 + canon.profile_count());
    assert_eq!(profiles.get((0, 0)).unwrap().to_string(), "profile_id");
    let lines = workbook.worksheet_range("Lines").unwrap();
    assert_eq!(lines.height(), 1 + line_count(&canon));
    // Frozen header row and autofilter, read from the sheet's XML.
    let sheet = unzip_entry(&path, "xl/worksheets/sheet5.xml");
    assert!(
        sheet.contains(
            r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
        ),
        "{}",
        &sheet[..600.min(sheet.len())]
    );
    assert!(sheet.contains(&format!(
        r#"<autoFilter ref="A1:W{}"/>"#,
        1 + canon.profile_count()
    )));
    assert!(sheet.contains("<col "), "column widths are set");
}

/// One file of a zip archive (an xlsx is one) as text.
fn unzip_entry(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut entry = archive.by_name(name).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut entry, &mut text).unwrap();
    text
}

#[test]
fn exports_are_byte_identical_across_builds_and_equal_to_jobframe_export() {
    let (site, _) = bundled_site();
    let dir = tempfile::tempdir().unwrap();
    let canon = common::repo().join("canon");
    let canon = canon.to_str().unwrap();
    let out = dir.path().join("exports");
    let exported = jobframe(
        dir.path(),
        &["export", "--canon", canon, "--out", "exports"],
    );
    assert!(exported.status.success(), "{}", stderr(&exported));
    assert!(
        stderr(&exported).contains("exported 166 profiles (176 files) to exports"),
        "{}",
        stderr(&exported)
    );
    for export in jobframe::data::Export::all(&common::bundled_canon()) {
        let built = std::fs::read(site.join(export.site_path())).unwrap();
        let written = std::fs::read(out.join(export.file_name())).unwrap();
        assert!(
            built == written,
            "{} differs from the build's",
            export.file_name()
        );
    }
    let documents = tree(&out.join("profiles"));
    assert_eq!(documents.len(), 166);
    assert_eq!(
        documents["CHANNE.CHANNEL.P5.json"],
        std::fs::read(site.join("api/profiles/CHANNE.CHANNEL.P5.json")).unwrap()
    );
}

#[test]
fn export_writes_only_the_formats_asked_for_and_nothing_from_a_broken_canon() {
    let dir = tempfile::tempdir().unwrap();
    let canon = dir.path().join("canon");
    minimal_canon(&canon, "  P4:\n    jfm_responsibilities: [Plans]\n");
    let only_csv = jobframe(dir.path(), &["export", "--format", "csv", "--out", "csv"]);
    assert!(only_csv.status.success(), "{}", stderr(&only_csv));
    let names: Vec<String> = tree(&dir.path().join("csv")).into_keys().collect();
    assert_eq!(
        names,
        [
            "families.csv",
            "ladder.csv",
            "lines.csv",
            "profiles.csv",
            "roles.csv",
            "settings.csv",
            "tracks.csv"
        ]
    );
    std::fs::write(
        canon.join("ops/planning.yaml"),
        "code: PLAN\nname: Planning\n",
    )
    .unwrap();
    let broken = jobframe(dir.path(), &["export", "--out", "broken"]);
    assert_eq!(broken.status.code(), Some(1));
    assert!(
        stderr(&broken).contains("nothing was exported"),
        "{}",
        stderr(&broken)
    );
    assert!(common::stdout(&broken).contains("ops/planning.yaml"));
    assert!(!dir.path().join("broken").exists());
}

/// LibreOffice (when installed: `.ci/run` installs it and sets `JOBFRAME_REQUIRE_LIBREOFFICE`)
/// opens the workbook and, converting every sheet to CSV, gets exactly the CSV tables.
#[test]
fn libreoffice_reads_the_workbook_as_the_csv_tables() {
    let required = std::env::var_os("JOBFRAME_REQUIRE_LIBREOFFICE").is_some();
    let found = std::process::Command::new("soffice")
        .arg("--version")
        .output();
    if found.is_err() {
        assert!(
            !required,
            "soffice not found but JOBFRAME_REQUIRE_LIBREOFFICE is set"
        );
        eprintln!("skipped: LibreOffice (soffice) is not installed");
        return;
    }
    let (site, _) = bundled_site();
    let dir = tempfile::tempdir().unwrap();
    let profile = format!(
        "-env:UserInstallation=file://{}/lo-profile",
        dir.path().display()
    );
    // Separator `,`, quote `"`, UTF-8 (76), every sheet (-1) into its own file.
    let filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1";
    let converted = std::process::Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            filter,
            "--outdir",
        ])
        .arg(dir.path())
        .arg(site.join("downloads/canon.xlsx"))
        .output()
        .unwrap();
    assert!(converted.status.success(), "{}", stderr(&converted));
    for kind in jobframe::data::sheets::SheetKind::ALL {
        let sheet = dir.path().join(format!("canon-{}.csv", kind.sheet_name()));
        let ours = site.join("downloads").join(kind.csv_file());
        assert_eq!(records(&sheet), records(&ours), "{}", kind.sheet_name());
    }
}
