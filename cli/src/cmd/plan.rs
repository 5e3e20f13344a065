//! `scaleplan plan` (placeholder: its owner replaces this file).

use crate::common::CliError;
use std::process::ExitCode;

/// Arguments of `scaleplan plan`.
#[derive(clap::Args)]
pub struct PlanArgs {
    /// Arguments (ignored until the command is available).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub rest: Vec<String>,
}

/// Run `scaleplan plan`.
pub fn run(_args: PlanArgs) -> Result<ExitCode, CliError> {
    Err(CliError::Failed("scaleplan plan: not available yet".into()))
}
