//! `scaleplan gaps [CATALOGUE] [--format json|table]`: missing building
//! blocks and what they hold back, the blocks required and lacking, and
//! regulatory framework readiness.
//!
//! The JSON is the library's `Gaps`: `{"building_blocks": [{"id", "name",
//! "status", "services_blocked", "demand_blocked", "life_events_blocked",
//! "candidate_systems", "options", "cheapest", "fastest", ...}], "required",
//! "lacking", "policies", "missing_policy_kinds", "framework_readiness"}`.

use super::score::{aligned_table, percent, thousands};
use crate::common::{load_catalogue, print_json, write_stdout, CliError, Format};
use scaleplan::gaps::{gaps, GapOption};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `scaleplan gaps`.
#[derive(clap::Args)]
pub struct GapsArgs {
    /// The catalogue (`.json`, `.xlsx` or a folder of CSV files); none =
    /// the bundled sample.
    pub catalogue: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

fn option_text(o: Option<&GapOption>) -> String {
    match o {
        None => "none".into(),
        Some(o) => format!(
            "{} {}, {} y{}",
            o.approach.as_str(),
            thousands(o.cost),
            o.lead_years,
            o.system
                .as_ref()
                .map(|s| format!(" ({s})"))
                .unwrap_or_default()
        ),
    }
}

/// Run `scaleplan gaps`.
pub fn run(args: GapsArgs) -> Result<ExitCode, CliError> {
    let catalogue = load_catalogue(args.catalogue.as_deref())?;
    let g = gaps(&catalogue);
    match args.format {
        Format::Json => print_json(&g)?,
        Format::Table => {
            let mut text = String::new();
            if g.building_blocks.is_empty() {
                text.push_str("no missing building blocks\n");
            } else {
                text.push_str("missing building blocks\n\n");
                let rows: Vec<Vec<String>> = g
                    .building_blocks
                    .iter()
                    .map(|b| {
                        vec![
                            b.id.to_string(),
                            thousands(b.services_blocked.len() as f64),
                            thousands(b.demand_blocked),
                            thousands(b.dependents_held_back.len() as f64),
                            thousands(b.life_events_blocked.len() as f64),
                            option_text(b.cheapest.as_ref()),
                            option_text(b.fastest.as_ref()),
                            if b.candidate_systems.is_empty() {
                                "-".into()
                            } else {
                                b.candidate_systems
                                    .iter()
                                    .map(|s| s.id.to_string())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            },
                        ]
                    })
                    .collect();
                text.push_str(&aligned_table(
                    &[
                        ("block", false),
                        ("services", true),
                        ("demand", true),
                        ("dependents", true),
                        ("life events", true),
                        ("cheapest", false),
                        ("fastest", false),
                        ("candidate systems", false),
                    ],
                    &rows,
                ));
            }
            text.push_str(&format!(
                "\nthe catalogue needs {} blocks; the country lacks {}{}\n",
                g.required.len(),
                g.lacking.len(),
                if g.lacking.is_empty() {
                    String::new()
                } else {
                    format!(
                        ": {}",
                        g.lacking
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            ));
            text.push_str("\nregulatory framework\n\n");
            let rows: Vec<Vec<String>> = g
                .policies
                .iter()
                .map(|p| {
                    vec![
                        p.label.clone(),
                        p.status.as_str().replace('_', " "),
                        if p.policies.is_empty() {
                            "-".into()
                        } else {
                            p.policies
                                .iter()
                                .map(ToString::to_string)
                                .collect::<Vec<_>>()
                                .join(", ")
                        },
                    ]
                })
                .collect();
            text.push_str(&aligned_table(
                &[
                    ("policy kind", false),
                    ("status", false),
                    ("policies", false),
                ],
                &rows,
            ));
            text.push_str(&format!(
                "\nframework readiness {}",
                percent(g.framework_readiness)
            ));
            if g.missing_policy_kinds.is_empty() {
                text.push_str("; no kind is missing\n");
            } else {
                text.push_str(&format!(
                    "; missing: {}\n",
                    g.missing_policy_kinds
                        .iter()
                        .map(|k| k.label().to_lowercase())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            write_stdout(&text)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
