//! `scaleplan schema [catalogue|scenario|roadmap]`: the JSON Schema.

use crate::common::{write_stdout, CliError};
use std::process::ExitCode;

/// Which document.
#[derive(Clone, Copy, Debug, Default, clap::ValueEnum)]
pub enum Document {
    /// The catalogue.
    #[default]
    Catalogue,
    /// The scenario.
    Scenario,
    /// The roadmap (output).
    Roadmap,
}

/// Arguments of `scaleplan schema`.
#[derive(clap::Args)]
pub struct SchemaArgs {
    /// Which document's schema.
    #[arg(value_enum, default_value_t = Document::Catalogue)]
    pub document: Document,
}

/// Run `scaleplan schema`.
pub fn run(args: SchemaArgs) -> Result<ExitCode, CliError> {
    let text = match args.document {
        Document::Catalogue => scaleplan::schema::catalogue_schema(),
        Document::Scenario => scaleplan::schema::scenario_schema(),
        Document::Roadmap => scaleplan::schema::roadmap_schema(),
    };
    write_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}
