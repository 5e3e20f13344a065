//! `scaleplan`: the command line of scaleplan.
//!
//! Every subcommand lives in its own module under `cmd/` with an `Args`
//! struct and a `run` function; `common.rs` reads catalogues, chooses the
//! output format and maps errors to stderr lines and exit codes:
//! 0 ok, 1 invalid input or failure (every problem on stderr, one per
//! line), 2 usage (clap), 3 infeasible plan.

mod cmd;
mod common;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Plan how to bring every public service online.
#[derive(Parser)]
#[command(name = "scaleplan", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    limits: common::LimitArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Check a catalogue; print every problem (exit 1) or nothing (exit 0).
    Validate(cmd::validate::ValidateArgs),
    /// Convert a catalogue between JSON, XLSX and a folder of CSV files.
    Convert(cmd::convert::ConvertArgs),
    /// What changed between two versions of a catalogue.
    Diff(cmd::diff::DiffArgs),
    /// Dependency, life-event and building-block graphs of a catalogue.
    Graph(cmd::graph::GraphArgs),
    /// Print the JSON Schema of the catalogue, scenario or roadmap.
    Schema(cmd::schema::SchemaArgs),
    /// Solve the multi-year roadmap.
    Plan(cmd::plan::PlanArgs),
    /// Prioritise services: impact x feasibility.
    Score(cmd::score::ScoreArgs),
    /// Missing building blocks, what they hold back, candidate systems.
    Gaps(cmd::gaps::GapsArgs),
    /// Compare a roadmap with what happened, and re-plan.
    Track(cmd::track::TrackArgs),
    /// Write the HTML dashboard of a roadmap.
    Report(cmd::report::ReportArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    common::set_limits(&cli.limits);
    let result = match cli.command {
        Command::Validate(a) => cmd::validate::run(a),
        Command::Convert(a) => cmd::convert::run(a),
        Command::Diff(a) => cmd::diff::run(a),
        Command::Graph(a) => cmd::graph::run(a),
        Command::Schema(a) => cmd::schema::run(a),
        Command::Plan(a) => cmd::plan::run(a),
        Command::Score(a) => cmd::score::run(a),
        Command::Gaps(a) => cmd::gaps::run(a),
        Command::Track(a) => cmd::track::run(a),
        Command::Report(a) => cmd::report::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => common::report_error(&e),
    }
}
