//! `canon.xlsx`: every table of [`super::sheets`] as a sheet, written in constant-memory mode
//! with a frozen, filterable header row, set column widths and wrapped long text.

use std::io::Write;

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::ExportError;
use super::sheets::{self, SheetKind};
use crate::canon::model::Canon;

/// Rows a sheet holds, the header row included (Excel's limit).
pub const ROWS_PER_SHEET: u32 = 1_048_576;

/// Characters (UTF-16 units) a cell holds (Excel's limit).
pub const CELL_LIMIT: usize = 32_767;

/// What ends a text cut to fit [`CELL_LIMIT`]; import refuses cells that end with it.
pub const CUT_MARK: &str =
    " [cut: Excel cells hold 32,767 characters; the CSV and JSON exports have the whole text]";

/// The name of the `n`-th (0-based) sheet of a table too long for one: `Lines`, `Lines 2`, …
pub fn sheet_name(kind: SheetKind, n: usize) -> String {
    match n {
        0 => kind.sheet_name().to_string(),
        n => format!("{} {}", kind.sheet_name(), n + 1),
    }
}

struct Formats {
    header: Format,
    plain: Format,
    wrapped: Format,
}

/// Writes the workbook to `out`. Sheets are written row by row through temporary files, so
/// memory stays flat; the file's creation date is the canon's effective date, so the same
/// canon gives the same bytes.
pub fn write(canon: &Canon, out: &mut (dyn Write + Send)) -> Result<(), ExportError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties(canon)?);
    // Deflate level 1 rather than the default 6: at 20,000 profiles the workbook takes 3.0 s
    // instead of 4.2 s to write, for a file of 14.8 MB instead of 8.4 MB.
    workbook.set_zip_compression_level(1);
    let formats = Formats {
        header: Format::new()
            .set_bold()
            .set_align(FormatAlign::Top)
            .set_border_bottom(FormatBorder::Thin),
        plain: Format::new().set_align(FormatAlign::Top),
        wrapped: Format::new().set_text_wrap().set_align(FormatAlign::Top),
    };
    for kind in SheetKind::published(canon) {
        write_table(&mut workbook, canon, kind, &formats)?;
    }
    workbook.save_to_writer(out)?;
    Ok(())
}

/// The workbook's title, subject and creation date: the canon's effective date, or 1 January
/// 1900 for a date Excel cannot hold (before 1900).
fn properties(canon: &Canon) -> Result<DocProperties, XlsxError> {
    let settings = &canon.settings;
    let created = ExcelDateTime::parse_from_str(&settings.effective_date)
        .or_else(|_| ExcelDateTime::from_ymd(1900, 1, 1))?;
    Ok(DocProperties::new()
        .set_title(format!("{} {}", settings.site_title, settings.version))
        .set_subject("Job architecture: levels, families, roles and profiles")
        .set_creation_datetime(&created))
}

/// Writes one table, starting a further sheet whenever one is full.
fn write_table(
    workbook: &mut Workbook,
    canon: &Canon,
    kind: SheetKind,
    formats: &Formats,
) -> Result<(), ExportError> {
    let total = kind.row_count(canon);
    let per_sheet = (ROWS_PER_SHEET - 1) as usize;
    let mut sheet_index = 0;
    let mut row_in_sheet = 0u32;
    let mut sheet = new_sheet(workbook, kind, 0, total.min(per_sheet), formats)?;
    sheets::each_row(canon, kind, |row| {
        if row_in_sheet as usize == per_sheet {
            sheet_index += 1;
            let left = total - sheet_index * per_sheet;
            sheet = new_sheet(workbook, kind, sheet_index, left.min(per_sheet), formats)?;
            row_in_sheet = 0;
        }
        row_in_sheet += 1;
        for ((column, spec), cell) in kind.columns().iter().enumerate().zip(row) {
            let format = if spec.wrap {
                &formats.wrapped
            } else {
                &formats.plain
            };
            let worksheet = workbook_sheet(workbook, &sheet)?;
            if let Some(number) = spec.number.then(|| cell.parse::<f64>().ok()).flatten() {
                worksheet.write_number_with_format(row_in_sheet, column as u16, number, format)?;
                continue;
            }
            let neutral = sheets::neutralise(cell);
            let text = fit(&neutral);
            worksheet.write_string_with_format(
                row_in_sheet,
                column as u16,
                text.as_ref(),
                format,
            )?;
        }
        Ok::<_, ExportError>(())
    })
}

/// The worksheet named `name`, which [`new_sheet`] added.
fn workbook_sheet<'w>(
    workbook: &'w mut Workbook,
    name: &str,
) -> Result<&'w mut Worksheet, XlsxError> {
    workbook.worksheet_from_name(name)
}

/// Adds the `n`-th sheet of a table that will hold `rows` data rows: header row, widths, frozen
/// header and autofilter. Returns its name.
fn new_sheet(
    workbook: &mut Workbook,
    kind: SheetKind,
    n: usize,
    rows: usize,
    formats: &Formats,
) -> Result<String, XlsxError> {
    let name = sheet_name(kind, n);
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name(&name)?;
    let columns = kind.columns();
    for (index, column) in columns.iter().enumerate() {
        sheet.set_column_width(index as u16, column.width)?;
        sheet.write_string_with_format(0, index as u16, column.key, &formats.header)?;
    }
    let last_column = (columns.len() - 1) as u16;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, rows as u32, last_column)?;
    Ok(name)
}

/// `text`, cut with [`CUT_MARK`] when it is longer than a cell holds.
fn fit(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= CELL_LIMIT || text.encode_utf16().count() <= CELL_LIMIT {
        return text.into();
    }
    let room = CELL_LIMIT - CUT_MARK.encode_utf16().count();
    let mut used = 0;
    let end = text
        .char_indices()
        .find(|(_, c)| {
            used += c.len_utf16();
            used > room
        })
        .map_or(text.len(), |(at, _)| at);
    format!("{}{CUT_MARK}", &text[..end]).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_cells_are_cut_to_excels_limit_with_a_mark() {
        let long = "é".repeat(40_000);
        let cut = fit(&long);
        assert!(cut.ends_with(CUT_MARK));
        assert_eq!(cut.encode_utf16().count(), CELL_LIMIT);
        let emoji = "😀".repeat(20_000);
        assert!(fit(&emoji).encode_utf16().count() <= CELL_LIMIT);
        assert_eq!(fit("short"), "short");
    }

    #[test]
    fn same_canon_same_bytes() {
        let canon = crate::data::tests::sample();
        let mut first = Vec::new();
        let mut second = Vec::new();
        write(&canon, &mut first).unwrap();
        write(&canon, &mut second).unwrap();
        assert!(first.starts_with(b"PK"));
        assert_eq!(first, second);
    }
}
