//! `scaleplan diff OLD NEW`: what a new catalogue version changed.

use crate::common::{load_catalogue, print_json, write_stdout, CliError, Format};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `scaleplan diff`.
#[derive(clap::Args)]
pub struct DiffArgs {
    /// The old catalogue (`.json`, `.xlsx` or a CSV folder).
    pub old: PathBuf,
    /// The new catalogue.
    pub new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Run `scaleplan diff`. Exit 0 either way (a difference is not a failure).
pub fn run(args: DiffArgs) -> Result<ExitCode, CliError> {
    let old = load_catalogue(Some(&args.old))?;
    let new = load_catalogue(Some(&args.new))?;
    let d = scaleplan::diff::diff(&old, &new);
    match args.format {
        Format::Json => print_json(&d)?,
        Format::Table => {
            if d.is_empty() {
                write_stdout("no changes\n")?;
            } else {
                let mut text = format!(
                    "changes from version {:?} to {:?}:\n",
                    d.old_version, d.new_version
                );
                for line in d.lines() {
                    text.push_str(&line);
                    text.push('\n');
                }
                write_stdout(&text)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
