//! `scaleplan track` (placeholder: its owner replaces this file).

use crate::common::CliError;
use std::process::ExitCode;

/// Arguments of `scaleplan track`.
#[derive(clap::Args)]
pub struct TrackArgs {
    /// Arguments (ignored until the command is available).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub rest: Vec<String>,
}

/// Run `scaleplan track`.
pub fn run(_args: TrackArgs) -> Result<ExitCode, CliError> {
    Err(CliError::Failed(
        "scaleplan track: not available yet".into(),
    ))
}
