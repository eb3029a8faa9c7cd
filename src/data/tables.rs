//! The tables an import reads, as text cells with their places, and the matching of their
//! header rows to [`SheetKind`] columns. No I/O: the readers in `import::read` fill them.

use std::collections::BTreeMap;
use std::fmt;

use super::sheets::{self, SheetKind};
use super::workbook::CUT_MARK;
use crate::diagnostics::{Severity, did_you_mean};

/// Where an import problem is: a workbook cell (`canon.xlsx: Profiles!C14`), a CSV field
/// (`profiles.csv:14:3`, line and field number), a whole row, a whole table or the source.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    /// The file as the user named it (the workbook, or a CSV file in the folder).
    pub file: String,
    /// The sheet, for a workbook.
    pub sheet: Option<String>,
    /// 1-based row (workbook) or line (CSV: where the record starts).
    pub row: Option<usize>,
    /// 1-based column (workbook) or field number (CSV).
    pub column: Option<usize>,
}

impl Place {
    pub fn file(file: &str) -> Place {
        Place {
            file: file.to_string(),
            sheet: None,
            row: None,
            column: None,
        }
    }

    pub fn sheet(file: &str, sheet: &str) -> Place {
        Place {
            sheet: Some(sheet.to_string()),
            ..Place::file(file)
        }
    }

    pub fn at_row(&self, row: usize) -> Place {
        Place {
            row: Some(row),
            column: None,
            ..self.clone()
        }
    }

    pub fn at_column(&self, column: usize) -> Place {
        Place {
            column: Some(column),
            ..self.clone()
        }
    }

    /// The place without its file, for naming a second cell in a message: `Families!C3`,
    /// `families.csv:3:3`.
    pub fn short(&self) -> String {
        match &self.sheet {
            Some(sheet) => self.sheet_part(sheet),
            None => self.csv_part(),
        }
    }

    fn sheet_part(&self, sheet: &str) -> String {
        let sheet = if sheet.contains([' ', '!', '\'']) {
            format!("'{}'", sheet.replace('\'', "''"))
        } else {
            sheet.to_string()
        };
        match (self.row, self.column) {
            (Some(row), Some(column)) => format!("{sheet}!{}{row}", column_letters(column)),
            (Some(row), None) => format!("{sheet}!{row}:{row}"),
            _ => sheet,
        }
    }

    fn csv_part(&self) -> String {
        match (self.row, self.column) {
            (Some(row), Some(column)) => format!("{}:{row}:{column}", self.file),
            (Some(row), None) => format!("{}:{row}", self.file),
            _ => self.file.clone(),
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sheet {
            Some(sheet) => write!(f, "{}: {}", self.file, self.sheet_part(sheet)),
            None => f.write_str(&self.csv_part()),
        }
    }
}

/// `1` → `A`, `27` → `AA`.
pub fn column_letters(column: usize) -> String {
    let mut letters = Vec::new();
    let mut n = column;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// One problem found while importing, at its place.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub place: Place,
    pub severity: Severity,
    pub message: String,
}

impl Problem {
    pub fn error(place: &Place, message: impl Into<String>) -> Problem {
        Problem {
            place: place.clone(),
            severity: Severity::Error,
            message: message.into(),
        }
    }

    pub fn warning(place: &Place, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(place, message)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `canon.xlsx: Profiles!C14: error: unknown level "P9"; did you mean "P8"?`
    pub fn render(&self) -> String {
        format!(
            "{}: {}: {}",
            self.place,
            self.severity.as_str(),
            self.message
        )
    }
}

/// Whether the tables came from a workbook or from a folder of CSV files: decides how tables
/// are named and how messages refer to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Workbook,
    CsvFolder,
}

/// A sheet or CSV file as read: its name, its place and its rows, the header row first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTable {
    /// The sheet name (`Lines 2`) or CSV file name (`lines.csv`).
    pub name: String,
    pub place: Place,
    pub rows: Vec<RawRow>,
}

/// One row as read: its place (row or line) and its cells as text, verbatim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow {
    pub place: Place,
    pub cells: Vec<String>,
}

/// Everything an import reads: the source (workbook or CSV folder) and its tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub kind: SourceKind,
    /// The workbook or folder as the user named it.
    pub place: Place,
    pub tables: Vec<RawTable>,
    /// What the reader could not read (a bad CSV record, an Excel error value).
    pub problems: Vec<Problem>,
}

/// A table whose header matched: the column index of each known key, and its data rows
/// (continuation sheets `Lines 2`, … appended).
#[derive(Debug, Clone)]
pub struct Table {
    pub kind: SheetKind,
    pub place: Place,
    /// The header row (of the first sheet, for a continued table).
    pub header: Place,
    columns: BTreeMap<&'static str, usize>,
    pub rows: Vec<RawRow>,
}

/// One cell's canon text (the `'` guard taken off) and its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub place: Place,
}

impl Table {
    /// Whether the table has the column `key`.
    pub fn has(&self, key: &str) -> bool {
        self.columns.contains_key(key)
    }

    /// The cell of `row` in column `key`, restored; `None` when the table has no such column.
    /// A row shorter than the header has empty cells at its end.
    pub fn cell(&self, row: &RawRow, key: &str) -> Option<Cell> {
        let index = *self.columns.get(key)?;
        let raw = row.cells.get(index).map_or("", String::as_str);
        Some(Cell {
            text: sheets::restore(raw).to_string(),
            place: row.place.at_column(index + 1),
        })
    }

    /// The text of `row` in column `key`, `""` when the column or the cell is missing.
    pub fn text(&self, row: &RawRow, key: &str) -> String {
        self.cell(row, key)
            .map(|cell| cell.text)
            .unwrap_or_default()
    }
}

/// The tables of a source by kind, and the problems found matching them.
#[derive(Debug, Default)]
pub struct Tables {
    pub by_kind: BTreeMap<SheetKind, Table>,
    /// Every table the source has, whether its header matched or not.
    pub seen: std::collections::BTreeSet<SheetKind>,
    pub problems: Vec<Problem>,
}

impl Tables {
    pub fn get(&self, kind: SheetKind) -> Option<&Table> {
        self.by_kind.get(&kind)
    }
}

/// `Family code`, `family-code` and `FAMILY_CODE` all become `family_code`.
pub fn header_key(header: &str) -> String {
    header
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect()
}

/// Whether a sheet or file is the export's Pay table, which import leaves to `pay.yaml`.
fn is_pay_table(kind: SourceKind, name: &str) -> bool {
    match kind {
        SourceKind::CsvFolder => name == SheetKind::Pay.csv_file(),
        SourceKind::Workbook => name == SheetKind::Pay.sheet_name(),
    }
}

/// Which table a sheet or file is, and which part of it (0 for `Lines`, 1 for `Lines 2`, …).
fn identify(kind: SourceKind, name: &str) -> Option<(SheetKind, usize)> {
    SheetKind::ALL.into_iter().find_map(|sheet| match kind {
        SourceKind::CsvFolder => (name == sheet.csv_file()).then_some((sheet, 0)),
        SourceKind::Workbook => {
            let rest = name.strip_prefix(sheet.sheet_name())?;
            if rest.is_empty() {
                return Some((sheet, 0));
            }
            let n: usize = rest.strip_prefix(' ')?.parse().ok()?;
            (n >= 2).then_some((sheet, n - 1))
        }
    })
}

/// Matches every table's header row, joins continuation sheets and checks every cell for the
/// workbook's cut mark.
pub fn tables(source: &Source) -> Tables {
    let mut out = Tables {
        problems: source.problems.clone(),
        ..Tables::default()
    };
    let mut parts: BTreeMap<SheetKind, Vec<(usize, &RawTable)>> = BTreeMap::new();
    for table in &source.tables {
        match identify(source.kind, &table.name) {
            Some((kind, n)) => parts.entry(kind).or_default().push((n, table)),
            // The Pay table is derived (each profile's applying range); pay.yaml is its source.
            None if is_pay_table(source.kind, &table.name) => {}
            None if source.kind == SourceKind::Workbook => out.problems.push(Problem::warning(
                &table.place,
                "sheet ignored: import reads Settings, Ladder, Tracks, Families, Roles, Profiles and Lines",
            )),
            None => {}
        }
    }
    for (kind, mut list) in parts {
        out.seen.insert(kind);
        list.sort_by_key(|(n, _)| *n);
        if let Some(table) = join(kind, &list, &mut out.problems) {
            out.by_kind.insert(kind, table);
        }
    }
    for table in out.by_kind.values() {
        refuse_cut_cells(table, &mut out.problems);
    }
    out
}

/// One table from its parts (one sheet, or `Lines`, `Lines 2`, …), each with its own header.
fn join(
    kind: SheetKind,
    parts: &[(usize, &RawTable)],
    problems: &mut Vec<Problem>,
) -> Option<Table> {
    let (_, first) = parts.first()?;
    let columns = match_header(kind, first, problems)?;
    let mut table = Table {
        kind,
        place: first.place.clone(),
        header: first.rows.first()?.place.clone(),
        columns,
        rows: data_rows(first),
    };
    for (_, part) in &parts[1..] {
        match match_header(kind, part, problems) {
            Some(columns) if columns == table.columns => table.rows.extend(data_rows(part)),
            Some(_) => problems.push(Problem::error(
                &part.place,
                format!(
                    "its header row differs from the one of {}; a continued table keeps the same columns",
                    first.place.short()
                ),
            )),
            None => {}
        }
    }
    Some(table)
}

/// The rows after the header, without the blank ones.
fn data_rows(table: &RawTable) -> Vec<RawRow> {
    table
        .rows
        .iter()
        .skip(1)
        .filter(|row| row.cells.iter().any(|cell| !cell.trim().is_empty()))
        .cloned()
        .collect()
}

/// The column index of each header key; `None` (with problems) when the header has an unknown
/// or repeated column, or lacks a required one.
fn match_header(
    kind: SheetKind,
    table: &RawTable,
    problems: &mut Vec<Problem>,
) -> Option<BTreeMap<&'static str, usize>> {
    let Some(header) = table.rows.first() else {
        problems.push(Problem::error(
            &table.place,
            format!(
                "empty: the first row must name the columns ({})",
                keys(kind)
            ),
        ));
        return None;
    };
    let before = problems.len();
    let mut columns = BTreeMap::new();
    for (index, text) in header.cells.iter().enumerate() {
        let place = header.place.at_column(index + 1);
        if text.trim().is_empty() {
            if column_has_data(table, index) {
                problems.push(Problem::error(
                    &place,
                    "this column has cells but no header",
                ));
            }
            continue;
        }
        let key = header_key(text);
        match accepted_columns(kind).find(|known| *known == key) {
            Some(known) => {
                if columns.insert(known, index).is_some() {
                    problems.push(Problem::error(
                        &place,
                        format!("column \"{known}\" appears twice"),
                    ));
                }
            }
            None => problems.push(Problem::error(&place, unknown_column(kind, text, &key))),
        }
    }
    for (key, purpose) in required_columns(kind) {
        if !columns.contains_key(key) {
            problems.push(Problem::error(
                &header.place,
                format!("missing column \"{key}\": {purpose}"),
            ));
        }
    }
    (problems.len() == before).then_some(columns)
}

fn column_has_data(table: &RawTable, index: usize) -> bool {
    table.rows.iter().skip(1).any(|row| {
        row.cells
            .get(index)
            .is_some_and(|cell| !cell.trim().is_empty())
    })
}

fn unknown_column(kind: SheetKind, text: &str, key: &str) -> String {
    let hint = did_you_mean(key, accepted_columns(kind))
        .map(|best| format!("; did you mean \"{best}\"?"))
        .unwrap_or_else(|| format!(" (known: {})", keys(kind)));
    format!(
        "unknown column \"{}\" in {}{hint}",
        text.trim(),
        kind.sheet_name()
    )
}

fn keys(kind: SheetKind) -> String {
    accepted_columns(kind).collect::<Vec<_>>().join(", ")
}

/// Columns of the Profiles table that no export writes but a hand-made table without the
/// Families or Roles table may have.
pub const PROFILES_EXTRA: [&str; 4] = [
    "family_slug",
    "family_description",
    "role_slug",
    "role_description",
];

/// The columns import knows in a table: the export's, and for Profiles [`PROFILES_EXTRA`].
pub fn accepted_columns(kind: SheetKind) -> impl Iterator<Item = &'static str> {
    let extra: &[&'static str] = match kind {
        SheetKind::Profiles => &PROFILES_EXTRA,
        _ => &[],
    };
    kind.headers().chain(extra.iter().copied())
}

/// The columns a table cannot do without, with what each is for. (Profiles needs more when
/// the Families or Roles table is left out; the import checks those.)
pub fn required_columns(kind: SheetKind) -> &'static [(&'static str, &'static str)] {
    match kind {
        SheetKind::Ladder => &[
            ("code", "the level code, e.g. P3, that profiles name"),
            ("name", "the level's name"),
            ("track", "the code of the level's track"),
            ("years", "the typical years of experience"),
            ("meaning", "one line on what the level means"),
        ],
        SheetKind::Tracks => &[("code", "the track code"), ("name", "the track's name")],
        SheetKind::Families => &[
            ("code", "the family code, first part of every profile ID"),
            ("name", "the family's name"),
        ],
        SheetKind::Roles => &[
            ("family_code", "the code of the role's family"),
            ("code", "the role code, second part of every profile ID"),
            ("name", "the role's name"),
            ("description", "what the role does"),
        ],
        SheetKind::Profiles => &[
            ("family_code", "the family of the profile's role"),
            ("role_code", "the profile's role within its family"),
            ("level_code", "the ladder level of the profile"),
        ],
        SheetKind::Lines => &[
            (
                "profile_id",
                "the profile a line belongs to, FAMILY.ROLE.LEVEL",
            ),
            (
                "kind",
                "which list the line goes in, e.g. core_output or skill",
            ),
            ("position", "the line's place in its list, 1, 2, …"),
            ("text", "the line itself"),
        ],
        SheetKind::Settings => &[
            ("key", "the setting's name, e.g. site_title"),
            ("value", "the setting's value"),
        ],
        SheetKind::Pay => &[],
    }
}

/// Refuses every cell the workbook export cut to fit Excel's cell limit.
fn refuse_cut_cells(table: &Table, problems: &mut Vec<Problem>) {
    for row in &table.rows {
        for (index, cell) in row.cells.iter().enumerate() {
            if cell.ends_with(CUT_MARK) {
                problems.push(Problem::error(
                    &row.place.at_column(index + 1),
                    "this text was cut to fit an Excel cell (32,767 characters); import the CSV export, which has the whole text",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_read_like_spreadsheets_and_compilers() {
        let cell = Place::sheet("canon.xlsx", "Profiles")
            .at_row(14)
            .at_column(3);
        assert_eq!(cell.to_string(), "canon.xlsx: Profiles!C14");
        let row = Place::sheet("canon.xlsx", "Lines 2").at_row(9);
        assert_eq!(row.to_string(), "canon.xlsx: 'Lines 2'!9:9");
        let field = Place::file("profiles.csv").at_row(14).at_column(3);
        assert_eq!(field.to_string(), "profiles.csv:14:3");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(702), "ZZ");
        assert_eq!(column_letters(703), "AAA");
    }

    #[test]
    fn headers_match_case_spaces_and_dashes() {
        assert_eq!(header_key(" Family code "), "family_code");
        assert_eq!(header_key("DECISION-RIGHTS"), "decision_rights");
    }

    #[test]
    fn continuation_sheets_are_recognised() {
        let workbook = SourceKind::Workbook;
        assert_eq!(identify(workbook, "Lines"), Some((SheetKind::Lines, 0)));
        assert_eq!(identify(workbook, "Lines 3"), Some((SheetKind::Lines, 2)));
        assert_eq!(identify(workbook, "Lines 1"), None);
        assert_eq!(identify(workbook, "Lines x"), None);
        let folder = SourceKind::CsvFolder;
        assert_eq!(identify(folder, "lines.csv"), Some((SheetKind::Lines, 0)));
    }
}
