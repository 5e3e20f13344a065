//! `scaleplan report` (placeholder: its owner replaces this file).

use crate::common::CliError;
use std::process::ExitCode;

/// Arguments of `scaleplan report`.
#[derive(clap::Args)]
pub struct ReportArgs {
    /// Arguments (ignored until the command is available).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub rest: Vec<String>,
}

/// Run `scaleplan report`.
pub fn run(_args: ReportArgs) -> Result<ExitCode, CliError> {
    Err(CliError::Failed(
        "scaleplan report: not available yet".into(),
    ))
}
