//! A catalogue as a folder of CSV files (FORMAT.md): `catalogue.csv`
//! (`field,value` rows: format, name, version, start_year), and one file
//! per list: `entities.csv`, `building_blocks.csv`, `options.csv` (first
//! column `building_block`), `systems.csv`, `workflows.csv`,
//! `services.csv`, `life_events.csv`, `policies.csv`. A missing file is an
//! empty list. Errors name the file, the row (the header is row 1) and the
//! column. A UTF-8 byte-order mark and CRLF line ends are accepted.

use super::limits::Limits;
use super::table::{catalogue_to_tables, tables_to_catalogue, Table, TABLES};
use crate::error::{Error, Location, Result};
use crate::model::Catalogue;
use std::collections::BTreeMap;
use std::path::Path;

/// The files of a catalogue folder, in the order they are written: the
/// `field,value` header table, then one file per list.
pub const FILES: [&str; 9] = [
    "catalogue.csv",
    "entities.csv",
    "building_blocks.csv",
    "options.csv",
    "systems.csv",
    "workflows.csv",
    "services.csv",
    "life_events.csv",
    "policies.csv",
];

/// Parse one CSV text into a table.
pub(crate) fn parse_table(text: &str, document: &str, limits: &Limits) -> Result<Table> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    limits.check_bytes(text.len() as u64, document)?;
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut table = Table {
        document: document.to_owned(),
        header_row: 1,
        ..Table::default()
    };
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(i + 1, |p| p.line() as usize);
            Error::invalid(
                Location::document(document).row(line),
                crate::error::lower_first(&e.to_string()),
            )
        })?;
        let cells: Vec<String> = record.iter().map(str::to_owned).collect();
        if i == 0 {
            table.headers = cells.iter().map(|h| h.trim().to_owned()).collect();
        } else {
            if table.rows.len() >= limits.max_rows {
                limits.check_rows(table.rows.len() + 1, document)?;
            }
            table.rows.push((i + 1, cells));
        }
    }
    Ok(table)
}

/// Read a folder of CSV files into a validated catalogue.
///
/// # Errors
/// [`Error::Io`] when the folder cannot be read, [`Error::Invalid`] with every
/// problem found (file, row, column), [`Error::Limit`] beyond the limits.
pub fn read_folder(folder: &Path, limits: &Limits) -> Result<Catalogue> {
    let mut tables = BTreeMap::new();
    let entries = std::fs::read_dir(folder).map_err(|e| super::io_error(folder.display(), &e))?;
    let mut names: Vec<std::path::PathBuf> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| super::io_error(folder.display(), &e))?;
        let p = entry.path();
        if p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            names.push(p);
        }
    }
    names.sort();
    for p in names {
        let Some(stem) = p.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let text = super::read_text(&p, limits)?;
        let table = parse_table(&text, &p.display().to_string(), limits)?;
        tables.insert(stem.to_owned(), table);
    }
    if !tables.contains_key("catalogue") && tables.is_empty() {
        return Err(Error::invalid(
            Location::document(folder.display().to_string()),
            "no CSV files here: expected catalogue.csv, services.csv, entities.csv, ...",
        ));
    }
    let container = folder.join("catalogue.csv").display().to_string();
    tables_to_catalogue(&tables, &container, limits)
}

/// Read CSV tables given as text (table name -> CSV text), e.g. from a
/// browser upload. Same rules as a folder; names may end in `.csv`.
///
/// # Errors
/// As [`read_folder`].
///
/// # Examples
/// ```
/// use std::collections::BTreeMap;
/// use scaleplan::io::{csv::catalogue_from_csv_texts, Limits};
/// let mut texts = BTreeMap::new();
/// texts.insert("catalogue.csv".to_string(), "field,value\nformat,scaleplan/1\nstart_year,2027\n".to_string());
/// texts.insert("entities.csv".to_string(), "id,capacity\nmoh,12\n".to_string());
/// texts.insert("services.csv".to_string(), "id,entity,level,demand\na,moh,2,\"1,200\"\nb,mof,2,\n".to_string());
/// let err = catalogue_from_csv_texts(&texts, &Limits::default()).unwrap_err();
/// assert_eq!(err.to_string(), "services.csv, row 3 (id \"b\"), column `entity`: unknown entity `mof`");
/// ```
pub fn catalogue_from_csv_texts(
    texts: &BTreeMap<String, String>,
    limits: &Limits,
) -> Result<Catalogue> {
    let mut tables = BTreeMap::new();
    for (name, text) in texts {
        let name = name.trim_end_matches(".csv");
        let document = format!("{name}.csv");
        tables.insert(name.to_owned(), parse_table(text, &document, limits)?);
    }
    tables_to_catalogue(&tables, "catalogue.csv", limits)
}

/// The CSV texts of a catalogue: file name -> text (every table, every
/// column, so an empty catalogue gives a template to fill in).
///
/// # Errors
/// [`Error::Io`] only if the CSV writer fails (it writes to memory).
///
/// # Examples
/// ```
/// let texts = scaleplan::io::csv::catalogue_to_csv_texts(&scaleplan::Catalogue::default()).unwrap();
/// assert!(texts["services.csv"].starts_with("id,name,entity,level,"));
/// ```
pub fn catalogue_to_csv_texts(catalogue: &Catalogue) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for t in catalogue_to_tables(catalogue) {
        let mut w = ::csv::WriterBuilder::new().from_writer(Vec::new());
        let io = |e: ::csv::Error| Error::io(format!("{}.csv", t.name), e);
        w.write_record(&t.headers).map_err(io)?;
        for r in &t.rows {
            w.write_record(r.iter().map(|c| c.text())).map_err(io)?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| Error::io(format!("{}.csv", t.name), e.error()))?;
        out.insert(
            format!("{}.csv", t.name),
            String::from_utf8_lossy(&bytes).into_owned(),
        );
    }
    debug_assert_eq!(out.len(), TABLES.len());
    Ok(out)
}

/// Write a catalogue as a folder of CSV files (the folder is created).
///
/// # Errors
/// [`Error::Io`] when the folder or a file cannot be written.
pub fn write_folder(catalogue: &Catalogue, folder: &Path) -> Result<()> {
    std::fs::create_dir_all(folder).map_err(|e| super::io_error(folder.display(), &e))?;
    for (name, text) in catalogue_to_csv_texts(catalogue)? {
        let p = folder.join(name);
        std::fs::write(&p, text).map_err(|e| super::io_error(p.display(), &e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_public_file_list_is_the_tables() {
        let names: Vec<String> = TABLES.iter().map(|t| format!("{t}.csv")).collect();
        assert_eq!(names, FILES);
    }

    fn texts(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    const CAT: &str = "field,value\r\nformat,scaleplan/1\r\nstart_year,2027\r\n";

    fn lines(pairs: &[(&str, &str)]) -> Vec<String> {
        match catalogue_from_csv_texts(&texts(pairs), &Limits::default()) {
            Ok(_) => Vec::new(),
            Err(e) => e.problems().iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn reads_a_small_catalogue() {
        let c = catalogue_from_csv_texts(
            &texts(&[
                ("catalogue", CAT),
                ("entities", "\u{feff}id,name,capacity_2027,capacity_2028\nmoh,Health,10,12\n"),
                ("building_blocks", "id,name,status\nid,Identity,available\npay,Payments,missing\n"),
                ("options", "building_block,approach,cost,lead_years\npay,reuse,\"150,000\",1\npay,tender,900000,2\n"),
                (
                    "services",
                    "id,name,entity,level,depends_on,building_blocks,kpis.completion_rate\n\
                     a,A,moh,2,,id;pay,0.5\nb,B,moh,3,a,,\n",
                ),
            ]),
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(
            c.entities[0].capacity,
            crate::model::Capacity::PerYear(vec![10.0, 12.0])
        );
        assert_eq!(c.building_blocks[1].options.len(), 2);
        assert_eq!(c.building_blocks[1].options[0].cost, 150_000.0);
        assert_eq!(c.services[0].building_blocks.len(), 2);
        assert_eq!(c.services[0].kpis.completion_rate, Some(0.5));
        assert_eq!(c.services[1].depends_on[0].as_str(), "a");
    }

    #[test]
    fn errors_name_file_row_and_column() {
        let m = lines(&[
            ("catalogue", CAT),
            ("entities", "id,capacity\nmoh,10\n"),
            (
                "services",
                "id,entity,levl,level,demand\na,moh,1,2,lots\nb,mof,,7,1\n",
            ),
            ("options", "building_block,approach\nnope,reuse\n"),
        ]);
        assert_eq!(
            m,
            vec![
                "services.csv, row 1, column `levl`: unknown column `levl` (did you mean `level`?)",
                "options.csv, row 2, column `building_block`: unknown building block `nope`",
                "services.csv, row 2 (id \"a\"), column `demand`: expected a number, got the string \"lots\"",
                "services.csv, row 3 (id \"b\"), column `entity`: unknown entity `mof`",
                "services.csv, row 3 (id \"b\"), column `level`: level 7 is outside 1..4",
            ]
        );
    }

    #[test]
    fn catalogue_table_errors() {
        assert_eq!(
            lines(&[("catalogue", "field,value\nformat,scaleplan/9\nstart_year,soon\n")]),
            vec![
                "catalogue.csv, row 3, column `value`: expected a whole number, got the string \"soon\"",
                "catalogue.csv, row 2, column `value`: unknown format `scaleplan/9` (expected `scaleplan/1`)",
            ]
        );
        assert_eq!(
            lines(&[("services", "id\n")]),
            vec!["catalogue.csv: missing the `catalogue` table (field,value rows with format and start_year)"]
        );
    }
}
