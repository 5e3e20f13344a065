//! `scaleplan validate [CATALOGUE]`: exit 0 when valid, 1 with every
//! problem on stderr when not.

use crate::common::{load_catalogue, load_scenario, write_stdout, CliError};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `scaleplan validate`.
#[derive(clap::Args)]
pub struct ValidateArgs {
    /// A `.json` file, a `.xlsx` workbook (scaleplan or RFI-2), a folder
    /// of CSV files, or `-` for JSON on standard input; none = the bundled
    /// sample.
    pub catalogue: Option<PathBuf>,
    /// Also check this scenario (JSON) against the catalogue.
    #[arg(long, value_name = "SCENARIO")]
    pub scenario: Option<PathBuf>,
    /// Print nothing when valid.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Run `scaleplan validate`.
pub fn run(args: ValidateArgs) -> Result<ExitCode, CliError> {
    let c = load_catalogue(args.catalogue.as_deref())?;
    // the readers validate; a catalogue from elsewhere (the sample) is checked here
    scaleplan::validate::validate_catalogue(&c).map_err(|e| CliError::Scaleplan(e.into()))?;
    if let Some(path) = &args.scenario {
        load_scenario(Some(path), &c)?;
    }
    if !args.quiet {
        write_stdout(&format!(
            "valid: {} services, {} entities, {} building blocks, {} life events\n",
            c.services.len(),
            c.entities.len(),
            c.building_blocks.len(),
            c.life_events.len()
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}
