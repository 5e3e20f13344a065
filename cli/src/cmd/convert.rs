//! `scaleplan convert IN OUT`: format by OUT's extension (`.json`,
//! `.xlsx`) or else a folder of CSV files.

use crate::common::{load_catalogue, CliError};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `scaleplan convert`.
#[derive(clap::Args)]
pub struct ConvertArgs {
    /// The catalogue to read (`.json`, `.xlsx` incl. RFI-2, or a CSV folder).
    pub input: PathBuf,
    /// Where to write: `.json`, `.xlsx`, or a folder for CSV files.
    pub output: PathBuf,
}

/// Run `scaleplan convert`.
pub fn run(args: ConvertArgs) -> Result<ExitCode, CliError> {
    let c = load_catalogue(Some(&args.input))?;
    scaleplan::io::write_catalogue(&c, &args.output)?;
    Ok(ExitCode::SUCCESS)
}
