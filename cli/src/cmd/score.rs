//! `scaleplan score` (placeholder: its owner replaces this file).

use crate::common::CliError;
use std::process::ExitCode;

/// Arguments of `scaleplan score`.
#[derive(clap::Args)]
pub struct ScoreArgs {
    /// Arguments (ignored until the command is available).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub rest: Vec<String>,
}

/// Run `scaleplan score`.
pub fn run(_args: ScoreArgs) -> Result<ExitCode, CliError> {
    Err(CliError::Failed(
        "scaleplan score: not available yet".into(),
    ))
}
