//! `scaleplan plan [CATALOGUE] [--scenario FILE] [--out FILE] [--time-limit S]
//! [--gap G] [--backend highs|microlp|heuristic]`: solve the roadmap.
//!
//! The roadmap JSON goes to stdout (or `--out`), a short summary to
//! stderr, and a progress bar to stderr when it is a terminal. Exit 0 for
//! an optimal or feasible plan, 3 when the scenario is infeasible (the
//! document is still written, with its diagnosis), 1 for invalid input.

use crate::common::{load_catalogue, load_scenario, write_stdout, CliError, EXIT_INFEASIBLE};
use scaleplan::plan::{Backend, Planner, Progress};
use scaleplan::{Roadmap, Status};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `scaleplan plan`.
#[derive(clap::Args)]
pub struct PlanArgs {
    /// The catalogue (`.json`, `.xlsx` or a folder of CSV files); none =
    /// the bundled sample.
    pub catalogue: Option<PathBuf>,
    /// The scenario JSON; none = the bundled sample scenario.
    #[arg(long)]
    pub scenario: Option<PathBuf>,
    /// Write the roadmap JSON here instead of stdout.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Wall-clock limit in seconds (overrides the scenario's).
    #[arg(long, value_name = "S")]
    pub time_limit: Option<f64>,
    /// Relative MIP gap (overrides the scenario's).
    #[arg(long, value_name = "G")]
    pub gap: Option<f64>,
    /// Solver: highs, microlp or heuristic.
    #[arg(long, value_parser = parse_backend)]
    pub backend: Option<Backend>,
    /// No summary and no progress bar on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

fn parse_backend(s: &str) -> Result<Backend, String> {
    s.parse()
}

/// Run `scaleplan plan`.
pub fn run(args: PlanArgs) -> Result<ExitCode, CliError> {
    let catalogue = load_catalogue(args.catalogue.as_deref())?;
    let scenario = load_scenario(args.scenario.as_deref(), &catalogue)?;
    let mut planner = Planner::new(&catalogue).scenario(&scenario);
    if let Some(b) = args.backend {
        planner = planner.backend(b);
    }
    if let Some(t) = args.time_limit {
        planner = planner.time_limit(t);
    }
    if let Some(g) = args.gap {
        planner = planner.mip_gap(g);
    }
    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
        let pb = indicatif::ProgressBar::new_spinner();
        pb.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {elapsed:>4} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        pb.enable_steady_tick(std::time::Duration::from_millis(120));
        pb
    });
    if let Some(pb) = bar.clone() {
        planner = planner.on_progress(move |p: &Progress| {
            pb.set_message(progress_line(p));
            true
        });
    }
    let result = planner.solve();
    if let Some(pb) = &bar {
        pb.finish_and_clear();
    }
    let roadmap = result?;
    let text = serde_json::to_string_pretty(&roadmap)
        .map_err(|e| CliError::Failed(format!("cannot write the roadmap: {e}")))?;
    match &args.out {
        Some(path) => std::fs::write(path, format!("{text}\n"))
            .map_err(|e| CliError::Failed(format!("{}: cannot write: {e}", path.display())))?,
        None => write_stdout(&format!("{text}\n"))?,
    }
    if !args.quiet {
        let stderr = std::io::stderr();
        let mut err = stderr.lock();
        let _ = err.write_all(summary(&roadmap).as_bytes());
    }
    Ok(match roadmap.status {
        Status::Optimal | Status::Feasible => ExitCode::SUCCESS,
        Status::Infeasible => ExitCode::from(EXIT_INFEASIBLE),
        Status::Error => ExitCode::from(crate::common::EXIT_FAILED),
    })
}

fn progress_line(p: &Progress) -> String {
    let mut s = p.phase.clone();
    if let Some(o) = p.objective {
        s.push_str(&format!("  best {}", human(o)));
    }
    if let Some(b) = p.bound {
        s.push_str(&format!("  bound {}", human(b)));
    }
    s
}

/// A large number for people: 1.2M, 35.0k.
fn human(x: f64) -> String {
    let a = x.abs();
    if a >= 1e9 {
        format!("{:.2}G", x / 1e9)
    } else if a >= 1e6 {
        format!("{:.2}M", x / 1e6)
    } else if a >= 1e3 {
        format!("{:.1}k", x / 1e3)
    } else {
        format!("{x:.0}")
    }
}

/// The short human summary printed on stderr.
fn summary(r: &Roadmap) -> String {
    let mut s = String::new();
    let solver = r.solver.as_deref().unwrap_or("?");
    match r.status {
        Status::Optimal | Status::Feasible => {
            s.push_str(&format!(
                "{}: objective {} (bound {}, gap {:.2}%) in {:.1} s with {solver}\n",
                r.status.as_str(),
                human(r.objective),
                human(r.bound),
                r.gap * 100.0,
                r.solve_seconds
            ));
            let open = r.services.iter().filter(|x| !x.already_done).count();
            let planned = r.services.iter().filter(|x| x.year.is_some()).count();
            s.push_str(&format!(
                "{planned} of {open} open services reach their target; {} building block(s) acquired\n",
                r.building_blocks.len()
            ));
            if let Some(last) = r.years.last() {
                s.push_str(&format!(
                    "by {}: {:.0}% of services at target ({:.0}% of demand), {} life event(s) complete\n",
                    last.year,
                    last.share_at_target * 100.0,
                    last.share_demand_at_target * 100.0,
                    last.life_events_complete
                ));
            }
            if !r.unreachable.is_empty() {
                s.push_str(&format!(
                    "{} service(s) cannot reach their target within the horizon (see `unreachable`)\n",
                    r.unreachable.len()
                ));
            }
        }
        Status::Infeasible => {
            s.push_str("infeasible: no plan meets every constraint\n");
            for d in &r.diagnosis {
                s.push_str(&format!("  {d}\n"));
            }
        }
        Status::Error => {
            s.push_str("error: no plan\n");
            for d in &r.diagnosis {
                s.push_str(&format!("  {d}\n"));
            }
        }
    }
    s
}
