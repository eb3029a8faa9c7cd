//! The edges of an import: reading a workbook (calamine) or a folder of CSV files into
//! [`Source`] tables, and writing the canon files into an empty output folder.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Cursor};
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};

use crate::data::sheets::SheetKind;
use crate::data::tables::{Place, Problem, RawRow, RawTable, Source, SourceKind};
use crate::diagnostics::join_display;

/// An import that could not start or finish: the source or the output folder, not the tables.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("`{0}` does not exist; pass a .xlsx workbook or a folder of CSV files")]
    Missing(PathBuf),
    #[error("`{0}` is neither a .xlsx workbook nor a folder of CSV files")]
    NotASource(PathBuf),
    #[error("cannot read `{path}`: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot read the workbook `{path}`: {message}")]
    Workbook { path: PathBuf, message: String },
    #[error(
        "`{0}` already exists and is not empty; import writes a new canon folder, so pass a missing or empty one with --out"
    )]
    OutNotEmpty(PathBuf),
    #[error("`{0}` exists and is not a folder; --out takes the folder to write the canon into")]
    OutNotAFolder(PathBuf),
    #[error("cannot write `{path}`: {source}")]
    Write { path: PathBuf, source: io::Error },
}

/// Reads `path`: a `.xlsx` workbook, or a folder holding the CSV files (`profiles.csv`, …).
pub fn read_source(path: &Path) -> Result<Source, ImportError> {
    let meta = fs::metadata(path).map_err(|source| match source.kind() {
        io::ErrorKind::NotFound => ImportError::Missing(path.to_path_buf()),
        _ => ImportError::Read {
            path: path.to_path_buf(),
            source,
        },
    })?;
    let shown = path.to_string_lossy();
    if meta.is_dir() {
        return csv_folder(path);
    }
    let is_xlsx = path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("xlsx"));
    if !is_xlsx {
        return Err(ImportError::NotASource(path.to_path_buf()));
    }
    let bytes = fs::read(path).map_err(|source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    workbook(&shown, bytes).map_err(|message| ImportError::Workbook {
        path: path.to_path_buf(),
        message,
    })
}

/// The sheets of a workbook given as bytes; `file` names it in messages.
pub fn workbook(file: &str, bytes: Vec<u8>) -> Result<Source, String> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut source = Source {
        kind: SourceKind::Workbook,
        place: Place::file(file),
        tables: Vec::new(),
        problems: Vec::new(),
    };
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| format!("sheet {name}: {e}"))?;
        let table = sheet_table(file, &name, &range, &mut source.problems);
        source.tables.push(table);
    }
    Ok(source)
}

fn sheet_table(
    file: &str,
    name: &str,
    range: &calamine::Range<Data>,
    problems: &mut Vec<Problem>,
) -> RawTable {
    let place = Place::sheet(file, name);
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let rows = range.rows().enumerate().map(|(offset, cells)| {
        let row_place = place.at_row(first_row as usize + offset + 1);
        let lead = first_column as usize;
        let mut texts = vec![String::new(); lead];
        for (index, data) in cells.iter().enumerate() {
            match cell_text(data) {
                Ok(text) => texts.push(text),
                Err(message) => {
                    problems.push(Problem::error(
                        &row_place.at_column(lead + index + 1),
                        message,
                    ));
                    texts.push(String::new());
                }
            }
        }
        RawRow {
            place: row_place,
            cells: texts,
        }
    });
    RawTable {
        name: name.to_string(),
        rows: rows.collect(),
        place,
    }
}

/// A cell as the text a person sees in it, for cells Excel typed rather than kept as text:
/// whole numbers without a decimal point (`3`, not `3.0`), other numbers in their shortest
/// exact form (`2026.4`), dates as `YYYY-MM-DD` (with ` HH:MM:SS` when they have a time),
/// durations as `H:MM:SS`, booleans as `TRUE`/`FALSE`. An error value (`#N/A`) is refused.
pub fn cell_text(data: &Data) -> Result<String, String> {
    Ok(match data {
        Data::Empty => String::new(),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(x) => number(*x),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(date) if date.is_duration() => duration(date.as_f64()),
        Data::DateTime(date) => {
            let (y, mo, d, h, mi, s, _) = date.to_ymd_hms_milli();
            if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
            }
        }
        Data::Error(error) => {
            return Err(format!(
                "the cell holds the Excel error {error}; replace it with text"
            ));
        }
    })
}

/// `3.0` → `3`, `2026.4` → `2026.4` (Rust prints the shortest text that reads back exactly).
fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// A duration in days as `H:MM:SS`.
fn duration(days: f64) -> String {
    let seconds = (days * 86_400.0).round() as i64;
    format!(
        "{}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// The CSV files of a folder: each table's file when present, read whole.
fn csv_folder(dir: &Path) -> Result<Source, ImportError> {
    let mut files = BTreeMap::new();
    for kind in SheetKind::ALL {
        let path = dir.join(kind.csv_file());
        match fs::read(&path) {
            Ok(bytes) => {
                files.insert(kind.csv_file().to_string(), bytes);
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(source) => return Err(ImportError::Read { path, source }),
        }
    }
    Ok(csv_tables(&dir.to_string_lossy(), &files))
}

/// The tables of CSV files given as (file name → bytes); `dir` is the folder as the user named
/// it, prefixed to every file in messages.
pub fn csv_tables(dir: &str, files: &BTreeMap<String, Vec<u8>>) -> Source {
    let mut source = Source {
        kind: SourceKind::CsvFolder,
        place: Place::file(dir),
        tables: Vec::new(),
        problems: Vec::new(),
    };
    for (name, bytes) in files {
        let file = join_display(dir, name);
        let table = csv_table(&file, name, bytes, &mut source.problems);
        source.tables.push(table);
    }
    source
}

/// One CSV file: RFC 4180, UTF-8 with or without a byte-order mark, fields separated by commas
/// or, as Excel writes them where the decimal separator is a comma, by semicolons. Each row's
/// place is the line its record starts on.
fn csv_table(file: &str, name: &str, bytes: &[u8], problems: &mut Vec<Problem>) -> RawTable {
    let place = Place::file(file);
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(bytes))
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = Vec::new();
    for record in reader.byte_records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let at = error
                    .position()
                    .map_or(place.clone(), |p| place.at_row(p.line() as usize));
                problems.push(Problem::error(&at, format!("cannot read the CSV: {error}")));
                break;
            }
        };
        let line = record
            .position()
            .map_or(rows.len() + 1, |p| start_line(bytes, p));
        let row_place = place.at_row(line);
        let cells = record.iter().enumerate().map(|(index, field)| {
            String::from_utf8(field.to_vec()).unwrap_or_else(|_| {
                problems.push(Problem::error(
                    &row_place.at_column(index + 1),
                    "not UTF-8 text; save the file as \"CSV UTF-8\"",
                ));
                String::new()
            })
        });
        let cells = cells.collect();
        rows.push(RawRow {
            place: row_place,
            cells,
        });
    }
    RawTable {
        name: name.to_string(),
        place,
        rows,
    }
}

/// `;` when the header line has semicolons and no comma (Excel's "CSV" in German, French and
/// other locales), else `,`. Header names never contain either.
fn delimiter(bytes: &[u8]) -> u8 {
    let header = bytes
        .split(|&byte| byte == b'\n')
        .next()
        .unwrap_or_default();
    if header.contains(&b';') && !header.contains(&b',') {
        b';'
    } else {
        b','
    }
}

/// The line a record starts on. With CRLF line ends the csv crate places a record at the `\n`
/// of the previous one's end, still on that line: such a record starts on the next line.
fn start_line(bytes: &[u8], position: &csv::Position) -> usize {
    let at_newline = bytes.get(position.byte() as usize) == Some(&b'\n');
    position.line() as usize + usize::from(at_newline)
}

/// Refuses an output folder that exists and is not empty (or is not a folder).
pub fn check_out(out: &Path) -> Result<(), ImportError> {
    match fs::read_dir(out) {
        Ok(mut entries) => match entries.next() {
            None => Ok(()),
            Some(_) => Err(ImportError::OutNotEmpty(out.to_path_buf())),
        },
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(_) if out.exists() && !out.is_dir() => {
            Err(ImportError::OutNotAFolder(out.to_path_buf()))
        }
        Err(source) => Err(ImportError::Read {
            path: out.to_path_buf(),
            source,
        }),
    }
}

/// Writes every file (canon-relative path → text) under `out`, creating folders as needed.
pub fn write_files(out: &Path, files: &BTreeMap<String, String>) -> Result<(), ImportError> {
    for (rel, text) in files {
        let path = out.join(rel);
        let fail = |source| ImportError::Write {
            path: path.clone(),
            source,
        };
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(fail)?;
        }
        fs::write(&path, text).map_err(fail)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_cells_read_as_people_see_them() {
        assert_eq!(cell_text(&Data::Float(3.0)).unwrap(), "3");
        assert_eq!(cell_text(&Data::Float(2026.4)).unwrap(), "2026.4");
        assert_eq!(cell_text(&Data::Int(12)).unwrap(), "12");
        assert_eq!(cell_text(&Data::Bool(true)).unwrap(), "TRUE");
        let date =
            calamine::ExcelDateTime::new(46023.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(date)).unwrap(), "2026-01-01");
        let error = Data::Error(calamine::CellErrorType::NA);
        assert_eq!(
            cell_text(&error).unwrap_err(),
            "the cell holds the Excel error #N/A; replace it with text"
        );
    }

    #[test]
    fn csv_rows_are_placed_at_their_first_line_without_a_bom() {
        let text = "\u{feff}key,value\r\nname,\"two\r\nlines\"\r\nsite_title,X\r\n";
        let files = BTreeMap::from([("settings.csv".to_string(), text.as_bytes().to_vec())]);
        let source = csv_tables("out", &files);
        let rows = &source.tables[0].rows;
        assert_eq!(rows[0].cells, ["key", "value"]);
        let places: Vec<String> = rows.iter().map(|row| row.place.to_string()).collect();
        assert_eq!(
            places,
            [
                "out/settings.csv:1",
                "out/settings.csv:2",
                "out/settings.csv:4"
            ]
        );
        assert_eq!(rows[1].cells[1], "two\r\nlines");
    }

    #[test]
    fn semicolon_separated_files_from_excel_are_read_too() {
        let text = "key;value\r\nname;\"Acme; Inc, Ltd\"\r\nversion;2026,4\r\n";
        let files = BTreeMap::from([("settings.csv".to_string(), text.as_bytes().to_vec())]);
        let rows = &csv_tables("in", &files).tables[0].rows;
        let cells: Vec<&[String]> = rows.iter().map(|row| row.cells.as_slice()).collect();
        assert_eq!(
            cells,
            [
                ["key", "value"].map(String::from).as_slice(),
                ["name", "Acme; Inc, Ltd"].map(String::from).as_slice(),
                ["version", "2026,4"].map(String::from).as_slice(),
            ]
        );
    }
}
