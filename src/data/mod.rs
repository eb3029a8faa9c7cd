//! The canon as data files in and out: the exports (JSON, CSV, XLSX) the build and
//! `jobframe export` write, and `jobframe import`.

pub mod canon_json;
pub mod canon_yaml;
pub mod export;
pub mod import;
pub mod sheets;
pub mod tables;
pub mod workbook;

use std::io::{self, Write};

use crate::canon::model::Canon;
use crate::canon::urls;
use sheets::SheetKind;

/// The formats `jobframe export --format` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    Json,
    Csv,
    Xlsx,
}

/// One export file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    /// The whole canon as one JSON document (`api/canon.json`).
    CanonJson,
    /// Every table as one workbook (`downloads/canon.xlsx`).
    Workbook,
    /// One table as CSV (`downloads/profiles.csv`, …).
    Csv(SheetKind),
}

/// An export file once written: which, and its size in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportedFile {
    pub export: Export,
    pub bytes: u64,
}

impl Format {
    /// `JSON`, `CSV`, `XLSX`.
    pub fn label(self) -> &'static str {
        match self {
            Format::Json => "JSON",
            Format::Csv => "CSV",
            Format::Xlsx => "XLSX",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Io(#[from] io::Error),
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("XLSX: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

impl From<ExportError> for io::Error {
    fn from(error: ExportError) -> Self {
        match error {
            ExportError::Io(error) => error,
            other => io::Error::other(other),
        }
    }
}

impl Export {
    /// Every export of `canon`, in the order the downloads page lists them; `pay.csv` only
    /// when it has pay ranges to publish.
    pub fn all(canon: &Canon) -> Vec<Export> {
        let mut all = vec![Export::Workbook];
        all.extend(
            [
                SheetKind::Profiles,
                SheetKind::Lines,
                SheetKind::Roles,
                SheetKind::Families,
                SheetKind::Ladder,
                SheetKind::Tracks,
                SheetKind::Settings,
            ]
            .map(Export::Csv),
        );
        if canon.pay.is_some() {
            all.push(Export::Csv(SheetKind::Pay));
        }
        all.push(Export::CanonJson);
        all
    }

    pub fn format(self) -> Format {
        match self {
            Export::CanonJson => Format::Json,
            Export::Workbook => Format::Xlsx,
            Export::Csv(_) => Format::Csv,
        }
    }

    /// The file's name, which is also its path in `jobframe export --out`.
    pub fn file_name(self) -> &'static str {
        match self {
            Export::CanonJson => "canon.json",
            Export::Workbook => "canon.xlsx",
            Export::Csv(kind) => kind.csv_file(),
        }
    }

    /// The file's path in the site, relative to its root.
    pub fn site_path(self) -> String {
        match self {
            Export::CanonJson => urls::CANON_DOCUMENT.to_string(),
            other => format!("{}{}", urls::DOWNLOADS_DIR, other.file_name()),
        }
    }

    /// What the file holds, one sentence for the downloads page.
    pub fn description(self) -> &'static str {
        match self {
            Export::CanonJson => {
                "The whole canon as one JSON document: settings, ladder, families, roles and every profile's texts (docs/data.md)."
            }
            Export::Workbook => {
                "Every table below as one Excel workbook, a sheet each, with filters on the header row."
            }
            Export::Csv(kind) => match kind {
                SheetKind::Profiles => {
                    "One row per profile: ID, page, family, role, track, level, years, title, summary, the level's six dimensions and both rubrics."
                }
                SheetKind::Lines => {
                    "One row per canon line of every profile (core outputs, responsibilities, component lists), with a link to the line."
                }
                SheetKind::Roles => {
                    "One row per role: its family, code, name, description and former slugs and codes."
                }
                SheetKind::Families => {
                    "One row per job family: code, name, description and former slugs and codes."
                }
                SheetKind::Ladder => {
                    "One row per level, lowest first: track, years, meaning and the six leveling dimensions."
                }
                SheetKind::Tracks => "One row per career track.",
                SheetKind::Pay => {
                    "One row per profile and pay zone: the range that applies (min, mid, max), its currency and period, and the table it comes from."
                }
                SheetKind::Settings => {
                    "The canon's name, site title, version, effective date, language and publishing settings."
                }
            },
        }
    }

    /// What the file counts for `canon`, e.g. `166 profiles`, `7 sheets`.
    pub fn counted(self, canon: &Canon) -> String {
        let (count, noun) = match self {
            Export::CanonJson => (canon.profile_count(), "profile"),
            Export::Workbook => (SheetKind::published(canon).len(), "sheet"),
            Export::Csv(kind) => (kind.row_count(canon), kind.row_noun()),
        };
        let number = crate::canon::limits::thousands(count);
        match (count, noun) {
            (1, noun) => format!("1 {noun}"),
            (_, "family") => format!("{number} families"),
            (_, noun) => format!("{number} {noun}s"),
        }
    }

    /// Writes the file to `out`, streaming: memory stays flat whatever the canon's size.
    pub fn write(self, canon: &Canon, out: &mut (dyn Write + Send)) -> Result<(), ExportError> {
        match self {
            Export::CanonJson => {
                crate::site::json::write_json(out, &canon_json::document(canon))?;
                Ok(())
            }
            Export::Workbook => workbook::write(canon, out),
            Export::Csv(kind) => write_csv(canon, kind, out),
        }
    }
}

/// One table as RFC 4180 CSV: UTF-8 without a byte-order mark, a header row, CRLF line ends,
/// fields quoted when they need it, every cell passed through [`sheets::neutralise`].
pub fn write_csv(canon: &Canon, kind: SheetKind, out: &mut dyn Write) -> Result<(), ExportError> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(kind.headers())?;
    sheets::each_row(canon, kind, |row| {
        writer.write_record(row.iter().map(|cell| sheets::neutralise(cell).into_owned()))
    })?;
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BTreeMap;

    use crate::canon::model::Canon;

    /// A small canon with one of everything, loaded from YAML.
    pub fn sample() -> Canon {
        let files = [
            (
                "canon.yaml",
                "name: JobFrame\nsite_title: Example\nversion: \"1.0\"\neffective_date: \"2026-01-01\"\n",
            ),
            (
                "ladder.yaml",
                "tracks:\n  - code: P\n    name: Professional\nlevels:\n  - code: P1\n    name: Entry\n    track: P\n    years: \"0–2\"\n    meaning: Learns the job.\n    dimensions:\n      scope: Own tasks\n  - code: P2\n    name: Developing\n    track: P\n    years: \"2–4\"\n    meaning: Works alone.\n",
            ),
            (
                "sales/family.yaml",
                "code: SALES\nname: Sales\ndescription: Sells.\naliases:\n  slugs: [selling]\n",
            ),
            (
                "sales/account-executive.yaml",
                "code: AE\nname: Account Executive\ndescription: Closes deals.\nlevels:\n  P1:\n    summary: Learns.\n    core_outputs: [\"=1+1\"]\n    jfm_responsibilities: [Sells, Reports]\n    components:\n      skills: [Negotiation]\n    rubrics:\n      complexity: Simple problems.\n  P2:\n    title: AE two\n    components:\n      tasks: [Prospects]\n",
            ),
        ];
        let sources: BTreeMap<String, String> = files
            .into_iter()
            .map(|(path, text)| (path.to_string(), text.to_string()))
            .collect();
        let checked = crate::load::check_sources(sources);
        assert_eq!(checked.error_count(), 0, "{:#?}", checked.diagnostics);
        checked.canon
    }

    #[test]
    fn csv_neutralises_formulas_and_ends_lines_with_crlf() {
        let canon = sample();
        let mut out = Vec::new();
        super::write_csv(&canon, super::SheetKind::Lines, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with("profile_id,kind,position,text,url\r\n"),
            "{text}"
        );
        assert!(
            text.contains(
                "SALES.AE.P1,core_output,1,'=1+1,sales/account-executive/p1/#output-1\r\n"
            ),
            "{text}"
        );
        assert_eq!(text.matches("\r\n").count(), 1 + 5);
    }
}
