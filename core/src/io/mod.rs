//! Readers and writers: JSON, CSV folders, XLSX workbooks, GovStack RFI-2.
//!
//! Every reader checks the shape of its input (unknown and missing fields,
//! wrong types) and then everything [`crate::validate`] checks, and reports
//! **every** problem at once, each with its document, list, index, id and
//! field (or file, row and column). Inputs are read under [`Limits`], so a
//! huge, deeply nested or zip-bomb input gives an error, never a crash.
//!
//! | input | read by |
//! |---|---|
//! | `catalogue.json` | [`catalogue_from_json`] |
//! | a folder of CSV files (`services.csv`, ...) | [`read_catalogue`] |
//! | a `.xlsx` workbook, one sheet per table | [`read_catalogue`], [`catalogue_from_xlsx_bytes`] |
//! | a GovStack RFI-2 workbook (sheet "Service Catalogue") | [`read_catalogue_with`] (with a warning per gap) |

pub mod csv;
mod de;
mod json;
mod limits;
#[cfg(feature = "xlsx")]
pub mod rfi2;
mod table;
#[cfg(feature = "xlsx")]
pub mod xlsx;

pub use json::{
    catalogue_from_json, catalogue_from_json_with, catalogue_from_value, catalogue_from_value_with,
    catalogue_to_json_string, roadmap_from_json, scenario_from_json, scenario_from_value,
};
pub use limits::Limits;

use crate::error::{Error, Location, Problem, Result};
use crate::model::{Catalogue, Roadmap, Scenario};
use std::path::Path;

/// How to read: the limits, for now.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Size, depth and count limits.
    pub limits: Limits,
}

/// A document read, with the warnings the reader has about it (for
/// example, what an RFI-2 workbook does not say and was given a default).
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded<T> {
    /// What was read.
    pub value: T,
    /// Things worth knowing that are not errors.
    pub warnings: Vec<Problem>,
}

/// The kinds of catalogue input, told apart by the path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Json,
    Xlsx,
    CsvFolder,
}

fn kind_of_path(path: &Path) -> Result<Kind> {
    if path.is_dir() {
        return Ok(Kind::CsvFolder);
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "json" => Ok(Kind::Json),
        "xlsx" | "xlsm" => Ok(Kind::Xlsx),
        "csv" => Err(Error::invalid(
            Location::document(path.display().to_string()),
            "a single CSV file is not a catalogue: give the folder that holds catalogue.csv, services.csv, entities.csv, ...",
        )),
        _ if !path.exists() => Err(Error::io(path.display(), "no such file or folder")),
        _ => Err(Error::invalid(
            Location::document(path.display().to_string()),
            "unknown kind of catalogue: expected a .json file, a .xlsx workbook or a folder of CSV files",
        )),
    }
}

/// Read a whole file as text, under the byte limit.
pub(crate) fn read_text(path: &Path, limits: &Limits) -> Result<String> {
    let bytes = read_bytes(path, limits)?;
    String::from_utf8(bytes).map_err(|e| {
        Error::invalid(
            Location::document(path.display().to_string()),
            format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// Read a whole file, checking its size before reading it.
pub(crate) fn read_bytes(path: &Path, limits: &Limits) -> Result<Vec<u8>> {
    let doc = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| Error::io(&doc, e))?;
    limits.check_bytes(meta.len(), &doc)?;
    let bytes = std::fs::read(path).map_err(|e| Error::io(&doc, e))?;
    limits.check_bytes(bytes.len() as u64, &doc)?;
    Ok(bytes)
}

/// Read a catalogue: a `.json` file, a `.xlsx` workbook (scaleplan's or a
/// GovStack RFI-2 one) or a folder of CSV files, under default limits.
/// Warnings are dropped; use [`read_catalogue_with`] to see them.
///
/// # Errors
/// [`Error::Io`] when the path cannot be read, [`Error::Invalid`] with every
/// problem found, [`Error::Limit`] beyond [`Limits::default`].
///
/// # Examples
/// ```no_run
/// let c = scaleplan::io::read_catalogue(std::path::Path::new("catalogue.json"))?;
/// # Ok::<(), scaleplan::Error>(())
/// ```
pub fn read_catalogue(path: &Path) -> Result<Catalogue> {
    read_catalogue_with(path, &ReadOptions::default()).map(|l| l.value)
}

/// Read a catalogue with explicit options; warnings are returned with it.
///
/// # Errors
/// As [`read_catalogue`], with the given limits.
///
/// # Examples
/// ```no_run
/// use scaleplan::io::{read_catalogue_with, ReadOptions, Limits};
/// let opts = ReadOptions { limits: Limits { max_services: 5000, ..Limits::default() } };
/// let loaded = read_catalogue_with(std::path::Path::new("rfi2.xlsx"), &opts)?;
/// for w in &loaded.warnings { eprintln!("warning: {w}"); }
/// # Ok::<(), scaleplan::Error>(())
/// ```
pub fn read_catalogue_with(path: &Path, options: &ReadOptions) -> Result<Loaded<Catalogue>> {
    let limits = &options.limits;
    let document = path.display().to_string();
    match kind_of_path(path)? {
        Kind::Json => {
            let text = read_text(path, limits)?;
            let value = json::catalogue_from_json_with(&text, &document, limits)?;
            Ok(Loaded {
                value,
                warnings: Vec::new(),
            })
        }
        Kind::CsvFolder => Ok(Loaded {
            value: csv::read_folder(path, limits)?,
            warnings: Vec::new(),
        }),
        Kind::Xlsx => {
            #[cfg(feature = "xlsx")]
            {
                let bytes = read_bytes(path, limits)?;
                xlsx::catalogue_from_bytes(&bytes, &document, limits)
            }
            #[cfg(not(feature = "xlsx"))]
            {
                Err(Error::invalid(
                    Location::document(document),
                    "this build of scaleplan reads no XLSX workbooks (the `xlsx` feature is off)",
                ))
            }
        }
    }
}

/// Read a catalogue from the bytes of an XLSX workbook (scaleplan's layout
/// or a GovStack RFI-2 workbook), under default limits.
///
/// # Errors
/// [`Error::Invalid`] with every problem found (naming sheet, row and
/// column), [`Error::Limit`] for a workbook too large once decompressed.
#[cfg(feature = "xlsx")]
pub fn catalogue_from_xlsx_bytes(bytes: &[u8], document: &str) -> Result<Catalogue> {
    xlsx::catalogue_from_bytes(bytes, document, &Limits::default()).map(|l| l.value)
}

/// Read and validate a scenario from a JSON file.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read, [`Error::Invalid`] with every
/// problem found.
pub fn read_scenario(path: &Path) -> Result<Scenario> {
    let text = read_text(path, &Limits::default())?;
    scenario_from_json(&text, &path.display().to_string())
}

/// Read a roadmap from a JSON file.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read, [`Error::Invalid`] when it is
/// not a roadmap.
pub fn read_roadmap(path: &Path) -> Result<Roadmap> {
    let text = read_text(path, &Limits::default())?;
    roadmap_from_json(&text, &path.display().to_string())
}

/// Write a catalogue: `.json` (pretty), `.xlsx` (one sheet per table), or
/// else a folder of CSV files (created when missing).
///
/// # Errors
/// [`Error::Io`] when the file or folder cannot be written.
///
/// # Examples
/// ```no_run
/// let c = scaleplan::Catalogue::default();
/// scaleplan::io::write_catalogue(&c, std::path::Path::new("out/catalogue.json"))?;
/// scaleplan::io::write_catalogue(&c, std::path::Path::new("out/csv"))?;
/// # Ok::<(), scaleplan::Error>(())
/// ```
pub fn write_catalogue(catalogue: &Catalogue, path: &Path) -> Result<()> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "json" => std::fs::write(path, catalogue_to_json_string(catalogue))
            .map_err(|e| Error::io(path.display(), e)),
        "xlsx" => {
            #[cfg(feature = "xlsx")]
            {
                let bytes = xlsx::catalogue_to_bytes(catalogue)?;
                std::fs::write(path, bytes).map_err(|e| Error::io(path.display(), e))
            }
            #[cfg(not(feature = "xlsx"))]
            {
                Err(Error::io(
                    path.display(),
                    "this build of scaleplan writes no XLSX workbooks",
                ))
            }
        }
        "csv" => Err(Error::io(
            path.display(),
            "a catalogue is written as a folder of CSV files: give a folder name",
        )),
        _ => csv::write_folder(catalogue, path),
    }
}
