//! `scaleplan report [CATALOGUE] [--roadmap R.json] [--scenario S.json]
//! [--catalogue-now NEW] [--year Y] [--title T] --out dashboard.html`:
//! write the self-contained HTML dashboard of a roadmap. With no roadmap it
//! plans first (with the scenario given, or the defaults).

use crate::common::{load_catalogue, write_stdout, CliError};
use scaleplan::plan::Planner;
use scaleplan::report::{dashboard, ReportOptions};
use scaleplan::{Scenario, Status};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `scaleplan report`.
#[derive(clap::Args)]
pub struct ReportArgs {
    /// A `.json` file, a `.xlsx` workbook (scaleplan or RFI-2) or a folder
    /// of CSV files; none = the bundled sample.
    pub catalogue: Option<PathBuf>,
    /// The roadmap to show (JSON, as written by `scaleplan plan`); without
    /// it the catalogue is planned first.
    #[arg(long, value_name = "ROADMAP.json")]
    pub roadmap: Option<PathBuf>,
    /// The scenario: shown as the strategy, and used to plan when there is
    /// no roadmap. Default: the sample scenario for the sample catalogue,
    /// else the format's defaults (5 years, no budget limit, no targets).
    #[arg(long, value_name = "SCENARIO.json")]
    pub scenario: Option<PathBuf>,
    /// A newer version of the catalogue (levels as they are now): adds a
    /// tracking status per service and progress against the plan.
    #[arg(long, value_name = "CATALOGUE")]
    pub catalogue_now: Option<PathBuf>,
    /// Measure progress at the end of this year (with --catalogue-now).
    /// Default: the current calendar year.
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,
    /// Page title. Default: built from the catalogue's name.
    #[arg(long)]
    pub title: Option<String>,
    /// Time limit in seconds when planning (overrides the scenario's).
    #[arg(long, value_name = "SECONDS")]
    pub time_limit: Option<f64>,
    /// Where to write the page; `-` or none = standard output.
    #[arg(short, long, value_name = "FILE.html")]
    pub out: Option<PathBuf>,
}

/// Run `scaleplan report`.
pub fn run(args: ReportArgs) -> Result<ExitCode, CliError> {
    let catalogue = load_catalogue(args.catalogue.as_deref())?;
    let scenario = match (&args.scenario, &args.catalogue) {
        (Some(p), _) => Some(scaleplan::io::read_scenario(p)?),
        (None, None) => Some(scaleplan::sample::scenario()),
        (None, Some(_)) => None,
    };
    if let Some(s) = &scenario {
        scaleplan::validate::validate_scenario(s, &catalogue)
            .map_err(|e| CliError::Scaleplan(e.into()))?;
    }
    let roadmap = match &args.roadmap {
        Some(p) => scaleplan::io::read_roadmap(p)?,
        None => {
            let plan_with = scenario.clone().unwrap_or_else(Scenario::default);
            let limit = args.time_limit.unwrap_or(plan_with.solver.time_limit_s);
            if !(limit.is_finite() && limit > 0.0) {
                return Err(CliError::Usage(format!(
                    "--time-limit must be a positive number of seconds, not {limit}"
                )));
            }
            note(&format!(
                "no --roadmap given: planning {} services first (at most {limit} s)",
                catalogue.services.len()
            ));
            Planner::new(&catalogue)
                .scenario(&plan_with)
                .time_limit(limit)
                .solve()?
        }
    };
    if !roadmap.status.has_plan() {
        note(&format!(
            "the roadmap is {}: the dashboard shows why, with no plan",
            roadmap.status.as_str()
        ));
    } else if roadmap.status == Status::Feasible {
        note("the roadmap is not proven optimal; the dashboard shows its gap");
    }

    let mut options = ReportOptions::new();
    if let Some(s) = scenario {
        options = options.scenario(s);
    }
    if let Some(t) = args.title {
        options = options.title(t);
    }
    if let Some(p) = &args.catalogue_now {
        options = options.catalogue_now(load_catalogue(Some(p))?);
        options = options.current_year(args.year.unwrap_or_else(crate::common::current_year));
    } else if args.year.is_some() {
        return Err(CliError::Usage(
            "--year measures progress against --catalogue-now; give both".into(),
        ));
    }

    let html = dashboard(&catalogue, &roadmap, &options)?;
    match args.out.as_deref() {
        None => write_stdout(&html)?,
        Some(p) if p.as_os_str() == "-" => write_stdout(&html)?,
        Some(p) => {
            std::fs::write(p, html.as_bytes()).map_err(|e| {
                CliError::Failed(format!("{}: cannot write the dashboard: {e}", p.display()))
            })?;
            note(&format!(
                "wrote {} ({} KB, {} services)",
                p.display(),
                html.len().div_ceil(1024),
                catalogue.services.len()
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A line on stderr (stdout may carry the page).
fn note(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{message}");
}
