//! `scaleplan track --roadmap R.json --catalogue NEW [--year Y]
//! [--replan [--scenario S] [--backend B] [--time-limit S]]
//! [--format json|table]`: compare a roadmap
//! with the catalogue as it is now, and optionally plan again from here.
//!
//! The JSON is `{"tracking": Tracking}` or, with `--replan`,
//! `{"tracking": Tracking, "replan": Replan}` (the library's shapes). Exit
//! 0, or 3 when the re-plan is infeasible (the output is still printed,
//! with the diagnosis).

use super::score::{aligned_table, percent, thousands};
use crate::common::{load_catalogue, print_json, write_stdout, CliError, Format, EXIT_INFEASIBLE};
use scaleplan::kpi::Snapshot;
use scaleplan::plan::{Backend, Planner};
use scaleplan::track::{finish_replan, replan_inputs, track, Replan, TrackStatus, Tracking};
use scaleplan::{Scenario, Status};
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `scaleplan track`.
#[derive(clap::Args)]
pub struct TrackArgs {
    /// The roadmap JSON the plan was made with.
    #[arg(long, value_name = "R.json")]
    pub roadmap: PathBuf,
    /// The catalogue as it is now (`.json`, `.xlsx` or a folder of CSVs).
    #[arg(long, value_name = "NEW")]
    pub catalogue: PathBuf,
    /// The current calendar year (default: this year).
    #[arg(long, value_name = "Y")]
    pub year: Option<i32>,
    /// The scenario for `--replan` (default: no budget limit, no targets);
    /// its per-year budget list counts from the roadmap's start year.
    #[arg(long, value_name = "S")]
    pub scenario: Option<PathBuf>,
    /// Plan again from the current state and list what moved.
    #[arg(long)]
    pub replan: bool,
    /// Wall-clock limit of the re-plan in seconds (overrides the scenario's).
    #[arg(long, value_name = "S")]
    pub time_limit: Option<f64>,
    /// Solver of the re-plan: highs, microlp or heuristic.
    #[arg(long, value_parser = parse_backend)]
    pub backend: Option<Backend>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Serialize)]
struct Output<'a> {
    tracking: &'a Tracking,
    #[serde(skip_serializing_if = "Option::is_none")]
    replan: Option<&'a Replan>,
}

fn parse_backend(s: &str) -> Result<Backend, String> {
    s.parse()
}

fn year_text(y: Option<i32>) -> String {
    y.map_or_else(|| "-".into(), |y| y.to_string())
}

fn snapshot_rows(label: &str, s: &Snapshot) -> Vec<String> {
    vec![
        label.to_owned(),
        thousands(s.services_at_target as f64),
        percent(s.share_at_target),
        percent(s.share_demand_at_target),
        thousands(s.interactions_avoided),
        thousands(s.life_events_complete as f64),
        thousands(s.blocks_in_place as f64),
    ]
}

const KPI_HEADERS: [(&str, bool); 7] = [
    ("year", false),
    ("at target", true),
    ("share", true),
    ("share of demand", true),
    ("interactions avoided", true),
    ("life events", true),
    ("blocks", true),
];

fn tracking_table(t: &Tracking) -> String {
    let mut text = format!(
        "roadmap {}..{} tracked in {}: {} done, {} ahead, {} on track, {} late, {} not planned\n",
        t.start_year,
        t.end_year,
        t.year,
        t.counts.done,
        t.counts.ahead,
        t.counts.on_track,
        t.counts.late,
        t.counts.not_planned
    );
    if !t.removed.is_empty() {
        text.push_str(&format!(
            "no longer in the catalogue: {}\n",
            t.removed
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    // late first, then ahead, on track, not planned; done ones are summed up above
    let order = [
        TrackStatus::Late,
        TrackStatus::Ahead,
        TrackStatus::OnTrack,
        TrackStatus::NotPlanned,
    ];
    let rows: Vec<Vec<String>> = order
        .iter()
        .flat_map(|st| t.services.iter().filter(move |s| s.status == *st))
        .map(|s| {
            vec![
                s.id.to_string(),
                s.status.as_str().replace('_', " "),
                year_text(s.planned_year),
                format!("{}/{}", s.level, s.target_level),
            ]
        })
        .collect();
    if !rows.is_empty() {
        text.push('\n');
        text.push_str(&aligned_table(
            &[
                ("service", false),
                ("status", false),
                ("planned", true),
                ("level/target", true),
            ],
            &rows,
        ));
    }
    if !t.building_blocks.is_empty() {
        text.push('\n');
        let rows: Vec<Vec<String>> = t
            .building_blocks
            .iter()
            .map(|b| {
                vec![
                    b.id.to_string(),
                    b.status.as_str().replace('_', " "),
                    b.planned_year.to_string(),
                    if b.in_place { "yes" } else { "no" }.into(),
                ]
            })
            .collect();
        text.push_str(&aligned_table(
            &[
                ("block", false),
                ("status", false),
                ("planned", true),
                ("in place", false),
            ],
            &rows,
        ));
    }
    text.push_str("\nKPIs planned vs actual\n\n");
    let mut rows: Vec<Vec<String>> = Vec::new();
    for k in &t.kpis {
        rows.push(snapshot_rows(&format!("{} planned", k.year), &k.planned));
        if let Some(a) = &k.actual {
            rows.push(snapshot_rows(&format!("{} actual", k.year), a));
        }
    }
    text.push_str(&aligned_table(&KPI_HEADERS, &rows));
    text
}

fn replan_table(r: &Replan) -> String {
    let mut text = format!(
        "\nre-plan {}..{}: {}\n",
        r.start_year,
        r.start_year
            .saturating_add(i32::try_from(r.horizon).unwrap_or(i32::MAX))
            .saturating_sub(1),
        r.roadmap.status.as_str()
    );
    for d in &r.roadmap.diagnosis {
        text.push_str(&format!("  {d}\n"));
    }
    if !r.carried_over.is_empty() {
        text.push_str(&format!(
            "acquisitions in progress kept: {}\n",
            r.carried_over
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    for t in &r.dropped_targets {
        text.push_str(&format!(
            "target dropped (outside the new horizon): {} of services by {}\n",
            percent(t.share),
            t.year
        ));
    }
    if r.moved.is_empty() {
        text.push_str("nothing moved\n");
    } else {
        let rows: Vec<Vec<String>> = r
            .moved
            .iter()
            .map(|m| {
                vec![
                    m.id.to_string(),
                    year_text(m.old_year),
                    year_text(m.new_year),
                ]
            })
            .collect();
        text.push('\n');
        text.push_str(&aligned_table(
            &[("service", false), ("old year", true), ("new year", true)],
            &rows,
        ));
    }
    text
}

/// Run `scaleplan track`.
pub fn run(args: TrackArgs) -> Result<ExitCode, CliError> {
    let roadmap = scaleplan::io::read_roadmap(&args.roadmap)?;
    let catalogue = load_catalogue(Some(&args.catalogue))?;
    let year = args.year.unwrap_or_else(crate::common::current_year);
    let tracking = track(&roadmap, &catalogue, year);
    let re = if args.replan {
        let scenario = match &args.scenario {
            Some(p) => scaleplan::io::read_scenario(p)?,
            None => Scenario::default(),
        };
        let inputs = replan_inputs(&roadmap, &catalogue, &scenario, year);
        let mut planner = Planner::new(&inputs.catalogue).scenario(&inputs.scenario);
        if let Some(b) = args.backend {
            planner = planner.backend(b);
        }
        if let Some(t) = args.time_limit {
            planner = planner.time_limit(t);
        }
        let new = planner.solve()?;
        Some(finish_replan(&roadmap, &catalogue, inputs, new))
    } else {
        if args.scenario.is_some() || args.backend.is_some() || args.time_limit.is_some() {
            return Err(CliError::Usage(
                "--scenario, --backend and --time-limit are only used with --replan".into(),
            ));
        }
        None
    };
    match args.format {
        Format::Json => print_json(&Output {
            tracking: &tracking,
            replan: re.as_ref(),
        })?,
        Format::Table => {
            let mut text = tracking_table(&tracking);
            if let Some(r) = &re {
                text.push_str(&replan_table(r));
            }
            write_stdout(&text)?;
        }
    }
    let infeasible = re
        .as_ref()
        .is_some_and(|r| matches!(r.roadmap.status, Status::Infeasible | Status::Error));
    Ok(if infeasible {
        ExitCode::from(EXIT_INFEASIBLE)
    } else {
        ExitCode::SUCCESS
    })
}
