//! `scaleplan gaps` (placeholder: its owner replaces this file).

use crate::common::CliError;
use std::process::ExitCode;

/// Arguments of `scaleplan gaps`.
#[derive(clap::Args)]
pub struct GapsArgs {
    /// Arguments (ignored until the command is available).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub rest: Vec<String>,
}

/// Run `scaleplan gaps`.
pub fn run(_args: GapsArgs) -> Result<ExitCode, CliError> {
    Err(CliError::Failed("scaleplan gaps: not available yet".into()))
}
