//! `scaleplan graph [CATALOGUE]`: summary of the dependency, life-event
//! and building-block graphs (`scaleplan::graph::analyse`).

use crate::common::{load_catalogue, CliError, Format};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `scaleplan graph`.
#[derive(clap::Args)]
pub struct GraphArgs {
    /// A `.json` file, a `.xlsx` workbook or a folder of CSV files; none =
    /// the bundled sample.
    pub catalogue: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Run `scaleplan graph`.
pub fn run(args: GraphArgs) -> Result<ExitCode, CliError> {
    let _catalogue = load_catalogue(args.catalogue.as_deref())?;
    let _ = args.format;
    Err(CliError::Failed(
        "scaleplan graph: not available yet (waiting for scaleplan::graph::analyse)".into(),
    ))
}
