//! A catalogue as one XLSX workbook: one sheet per table, laid out as the
//! CSV files (see [`super::csv`]), header in row 1. Read with calamine,
//! written with rust_xlsxwriter. A workbook with a GovStack RFI-2 "Service
//! Catalogue" sheet (and no `services` sheet) is read by [`super::rfi2`].
//!
//! Before anything is decompressed, the zip directory is read and the sum
//! of the parts' declared sizes checked against
//! [`Limits::max_xlsx_decompressed`] (zip bombs).

use super::limits::Limits;
use super::table::{catalogue_to_tables, tables_to_catalogue, Cell, Table};
use super::Loaded;
use crate::error::{lower_first, Error, Location, Problem, Result};
use crate::model::Catalogue;
use calamine::{Data, Reader, Xlsx};
use std::collections::BTreeMap;
use std::io::Cursor;

/// Most parts a workbook may have.
const MAX_PARTS: usize = 10_000;

/// Refuse a zip whose parts would decompress beyond the limit.
pub(crate) fn check_zip(bytes: &[u8], document: &str, limits: &Limits) -> Result<()> {
    limits.check_bytes(bytes.len() as u64, document)?;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| {
        Error::invalid(
            Location::document(document),
            "not an XLSX workbook (not a zip archive)",
        )
    })?;
    if archive.len() > MAX_PARTS {
        return Err(Error::Limit(Problem::new(
            Location::document(document),
            format!(
                "workbook has {} parts, the limit is {MAX_PARTS}",
                archive.len()
            ),
        )));
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let f = archive.by_index_raw(i).map_err(|e| {
            Error::invalid(
                Location::document(document),
                format!("damaged XLSX workbook: {}", lower_first(&e.to_string())),
            )
        })?;
        total = total.saturating_add(f.size());
        if total > limits.max_xlsx_decompressed {
            return Err(Error::Limit(Problem::new(
                Location::document(document),
                format!(
                    "workbook is too large once decompressed: more than {} bytes, the limit is {} bytes",
                    total, limits.max_xlsx_decompressed
                ),
            )));
        }
    }
    Ok(())
}

/// A cell as text: numbers in Rust's shortest exact form.
pub(crate) fn cell_text(d: &Data) -> String {
    match d {
        Data::Int(i) => i.to_string(),
        Data::Float(f) => format!("{f}"),
        Data::String(s) => s.clone(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => format!("{}", dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
        Data::Empty => String::new(),
    }
}

/// A sheet: its name and its rows of text cells with 1-based row numbers
/// (as the spreadsheet shows them; leading empty rows and columns kept).
pub(crate) struct Sheet {
    pub name: String,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Most columns a sheet may use.
pub(crate) const MAX_COLUMNS: u32 = 1000;

/// Open a workbook (after the zip check) and read every sheet as text.
///
/// Cells are streamed, not read as one dense range: a tiny workbook with
/// one cell at the last row and column would otherwise make calamine
/// allocate the whole grid (hundreds of gigabytes) and abort.
pub(crate) fn read_sheets(bytes: &[u8], document: &str, limits: &Limits) -> Result<Vec<Sheet>> {
    check_zip(bytes, document, limits)?;
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e: calamine::XlsxError| {
        Error::invalid(
            Location::document(document),
            format!(
                "not a readable XLSX workbook: {}",
                lower_first(&e.to_string())
            ),
        )
    })?;
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let sheet_doc = format!("{document}, sheet {name}");
        let bad = |e: calamine::XlsxError| {
            Error::invalid(
                Location::document(&sheet_doc),
                format!("cannot read the sheet: {}", lower_first(&e.to_string())),
            )
        };
        let mut reader = wb.worksheet_cells_reader(&name).map_err(bad)?;
        let mut rows: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
        while let Some(cell) = reader.next_cell().map_err(bad)? {
            let (r, c) = cell.get_position();
            let text = cell_text(&Data::from(cell.get_value().clone()));
            if text.is_empty() {
                continue;
            }
            if c >= MAX_COLUMNS {
                return Err(Error::Limit(Problem::new(
                    Location::document(&sheet_doc).row(r as usize + 1),
                    format!(
                        "a cell in column {} is beyond the limit of {MAX_COLUMNS} columns",
                        c + 1
                    ),
                )));
            }
            if !rows.contains_key(&r) {
                limits.check_rows(rows.len() + 1, &sheet_doc)?;
            }
            rows.entry(r).or_default().push((c, text));
        }
        let rows = rows
            .into_iter()
            .map(|(r, cells)| {
                let width = cells
                    .iter()
                    .map(|(c, _)| *c as usize + 1)
                    .max()
                    .unwrap_or(0);
                let mut dense = vec![String::new(); width];
                for (c, text) in cells {
                    if let Some(slot) = dense.get_mut(c as usize) {
                        *slot = text;
                    }
                }
                (r as usize + 1, dense)
            })
            .collect();
        out.push(Sheet { name, rows });
    }
    Ok(out)
}

/// Read a workbook: scaleplan's layout, or GovStack RFI-2.
pub(crate) fn catalogue_from_bytes(
    bytes: &[u8],
    document: &str,
    limits: &Limits,
) -> Result<Loaded<Catalogue>> {
    // calamine parses untrusted XML; should it ever panic, that is a clean
    // error here rather than a crash (native builds; WASM aborts anyway)
    let sheets = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_sheets(bytes, document, limits)
    }))
    .map_err(|_| {
        Error::invalid(
            Location::document(document),
            "the workbook could not be read (the XLSX reader failed on it)",
        )
    })??;
    let has_services = sheets.iter().any(|s| s.name.trim() == "services");
    if !has_services && super::rfi2::is_rfi2(sheets.iter().map(|s| s.name.as_str())) {
        return super::rfi2::from_sheets(&sheets, document, limits);
    }
    let mut tables = BTreeMap::new();
    for s in sheets {
        let mut rows = s
            .rows
            .into_iter()
            .skip_while(|(_, r)| r.iter().all(|c| c.trim().is_empty()));
        let Some((header_row, headers)) = rows.next() else {
            continue;
        };
        let sheet_doc = format!("{document}, sheet {}", s.name.trim());
        tables.insert(
            s.name.trim().to_owned(),
            Table {
                document: sheet_doc,
                header_row,
                headers: headers.iter().map(|h| h.trim().to_owned()).collect(),
                rows: rows.collect(),
            },
        );
    }
    let value = tables_to_catalogue(&tables, &format!("{document}, sheet catalogue"), limits)?;
    Ok(Loaded {
        value,
        warnings: Vec::new(),
    })
}

/// A catalogue as the bytes of an XLSX workbook.
pub(crate) fn catalogue_to_bytes(catalogue: &Catalogue) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| Error::io("workbook", lower_first(&e.to_string()));
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    for t in catalogue_to_tables(catalogue) {
        let ws = wb.add_worksheet();
        ws.set_name(t.name).map_err(err)?;
        for (c, h) in t.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold)
                .map_err(err)?;
        }
        for (r, row) in t.rows.iter().enumerate() {
            let r = (r + 1) as u32;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Empty => {}
                    Cell::Text(s) => {
                        ws.write_string(r, c, s).map_err(err)?;
                    }
                    Cell::Number(n) => {
                        ws.write_number(r, c, *n).map_err(err)?;
                    }
                    Cell::Bool(b) => {
                        ws.write_boolean(r, c, *b).map_err(err)?;
                    }
                }
            }
        }
    }
    wb.save_to_buffer().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn small() -> Catalogue {
        let mut c = Catalogue {
            name: "Test".into(),
            ..Catalogue::default()
        };
        c.entities.push(Entity {
            id: "moh".into(),
            name: "Health".into(),
            capacity: Capacity::PerYear(vec![1.5, 2.0]),
        });
        c.building_blocks.push(BuildingBlock {
            id: "pay".into(),
            name: "Payments".into(),
            status: BlockStatus::Missing,
            options: vec![AcquisitionOption {
                approach: Approach::Reuse,
                cost: 1234.5,
                lead_years: 1,
                system: None,
            }],
        });
        let mut s = Service::new("a", "moh", 2);
        s.demand = 1_102_000.0;
        s.building_blocks.push("pay".into());
        s.kpis.user_satisfaction = Some(0.71);
        c.services.push(s);
        c
    }

    #[test]
    fn workbook_round_trip() {
        let c = small();
        let bytes = catalogue_to_bytes(&c).unwrap();
        let back = catalogue_from_bytes(&bytes, "c.xlsx", &Limits::default()).unwrap();
        assert_eq!(back.value, c);
        assert!(back.warnings.is_empty());
    }

    #[test]
    fn zip_bomb_is_refused_before_reading() {
        let bytes = catalogue_to_bytes(&small()).unwrap();
        let tight = Limits {
            max_xlsx_decompressed: 1000,
            ..Limits::default()
        };
        let e = catalogue_from_bytes(&bytes, "c.xlsx", &tight).unwrap_err();
        assert!(matches!(e, Error::Limit(_)), "{e}");
        assert!(
            e.to_string()
                .starts_with("c.xlsx: workbook is too large once decompressed"),
            "{e}"
        );
    }

    #[test]
    fn a_cell_far_away_is_refused_not_allocated() {
        use rust_xlsxwriter::Workbook;
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("catalogue").unwrap();
        ws.write(0, 0, "field").unwrap();
        ws.write(1_048_575, 16_383, "x").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let e = catalogue_from_bytes(&bytes, "c.xlsx", &Limits::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "c.xlsx, sheet catalogue, row 1048576: a cell in column 16384 is beyond the limit of 1000 columns"
        );
        // far down but within the columns: only the rows present are kept
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("catalogue").unwrap();
        for (r, (f, v)) in [
            ("field", "value"),
            ("format", "scaleplan/1"),
            ("start_year", "2027"),
        ]
        .iter()
        .enumerate()
        {
            ws.write(r as u32, 0, *f).unwrap();
            ws.write(r as u32, 1, *v).unwrap();
        }
        ws.write(1_048_575, 0, "version").unwrap();
        ws.write(1_048_575, 1, "far").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let c = catalogue_from_bytes(&bytes, "c.xlsx", &Limits::default())
            .unwrap()
            .value;
        assert_eq!(c.version, "far");
    }

    #[test]
    fn not_a_zip() {
        let e = catalogue_from_bytes(b"hello", "c.xlsx", &Limits::default()).unwrap_err();
        assert!(
            e.to_string().starts_with("c.xlsx: not an XLSX workbook"),
            "{e}"
        );
    }
}
