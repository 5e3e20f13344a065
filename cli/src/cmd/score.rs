//! `scaleplan score [CATALOGUE] [--format json|table] [--weights W.json]
//! [--top N] [--with-values OUT --scale S]`: prioritise the open services
//! by impact x feasibility.
//!
//! The JSON is the library's `Scores` (`{"services": [{"id", "impact",
//! "feasibility", "quadrant", "rank", "components": {...}, ...}], "done":
//! [...], "weights": {...}}`). `--with-values OUT` also writes the
//! catalogue with each scored service's `value` set to `priority * scale`,
//! ready for `scaleplan plan OUT` (the planner then plans by score).

use crate::common::{load_catalogue, print_json, write_stdout, CliError, Format};
use scaleplan::score::{apply_scores_as_value, score, Quadrant, ScoreWeights};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `scaleplan score`.
#[derive(clap::Args)]
pub struct ScoreArgs {
    /// The catalogue (`.json`, `.xlsx` or a folder of CSV files); none =
    /// the bundled sample.
    pub catalogue: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Weights and thresholds as JSON (any subset of the fields of
    /// `ScoreWeights`; the rest keep their defaults).
    #[arg(long, value_name = "FILE")]
    pub weights: Option<PathBuf>,
    /// Show only the N best-ranked services in the table.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Write the catalogue with `value = priority * scale` for every scored
    /// service to this file (`.json`, `.xlsx` or a folder).
    #[arg(long, value_name = "OUT")]
    pub with_values: Option<PathBuf>,
    /// Value of a perfect score (priority 1) per year, for `--with-values`.
    #[arg(long, value_name = "S", default_value_t = 1_000_000.0)]
    pub scale: f64,
}

fn read_weights(path: &std::path::Path) -> Result<ScoreWeights, CliError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::Failed(format!("{}: cannot read weights: {e}", path.display())))?;
    serde_json::from_str(&text)
        .map_err(|e| CliError::Failed(format!("{}: invalid weights: {e}", path.display())))
}

/// Run `scaleplan score`.
pub fn run(args: ScoreArgs) -> Result<ExitCode, CliError> {
    let mut catalogue = load_catalogue(args.catalogue.as_deref())?;
    let weights = match &args.weights {
        Some(p) => read_weights(p)?,
        None => ScoreWeights::default(),
    };
    let scores = score(&catalogue, &weights);
    if let Some(out) = &args.with_values {
        if !args.scale.is_finite() || args.scale <= 0.0 {
            return Err(CliError::Usage(format!(
                "--scale must be a positive number, got {}",
                args.scale
            )));
        }
        apply_scores_as_value(&mut catalogue, &scores, args.scale);
        scaleplan::io::write_catalogue(&catalogue, out)?;
    }
    match args.format {
        Format::Json => print_json(&scores)?,
        Format::Table => {
            let shown = args.top.unwrap_or(usize::MAX);
            let rows: Vec<Vec<String>> = scores
                .services
                .iter()
                .take(shown)
                .map(|s| {
                    let mut blocks: Vec<String> = s.facts.blocks_missing.clone();
                    blocks.extend(
                        s.facts
                            .blocks_reusable
                            .iter()
                            .map(|b| format!("{b} (reuse)")),
                    );
                    vec![
                        s.rank.to_string(),
                        s.id.to_string(),
                        s.quadrant.as_str().replace('_', " "),
                        format!("{:.2}", s.impact),
                        format!("{:.2}", s.feasibility),
                        format!("{:.2}", s.priority),
                        thousands(s.facts.demand),
                        s.facts.life_events.len().to_string(),
                        s.facts.open_dependencies.len().to_string(),
                        if blocks.is_empty() {
                            "-".into()
                        } else {
                            blocks.join(", ")
                        },
                    ]
                })
                .collect();
            let mut text = aligned_table(
                &[
                    ("rank", true),
                    ("service", false),
                    ("quadrant", false),
                    ("impact", true),
                    ("feasibility", true),
                    ("priority", true),
                    ("demand", true),
                    ("life events", true),
                    ("open deps", true),
                    ("missing blocks", false),
                ],
                &rows,
            );
            text.push('\n');
            text.push_str(&format!(
                "{} services scored ({} quick wins, {} major projects, {} fill-ins, {} to reconsider); {} already at target\n",
                thousands(scores.services.len() as f64),
                scores.count(Quadrant::QuickWin),
                scores.count(Quadrant::MajorProject),
                scores.count(Quadrant::FillIn),
                scores.count(Quadrant::Reconsider),
                thousands(scores.done.len() as f64),
            ));
            if shown < scores.services.len() {
                text.push_str(&format!(
                    "showing the top {shown}; --format json lists all with every component\n"
                ));
            }
            if let Some(out) = &args.with_values {
                text.push_str(&format!(
                    "wrote {} with value = priority x {}\n",
                    out.display(),
                    thousands(args.scale)
                ));
            }
            write_stdout(&text)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A number with thousands separators, rounded to an integer when large
/// and to at most two decimals otherwise: `1,234,567`, `12.5`.
pub(crate) fn thousands(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    if x.abs() < 1000.0 && x.fract() != 0.0 {
        let s = format!("{x:.2}");
        return s.trim_end_matches('0').trim_end_matches('.').to_owned();
    }
    let rounded = x.round();
    let neg = rounded < 0.0;
    let digits = format!("{:.0}", rounded.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if neg {
        format!("-{out}")
    } else {
        out
    }
}

/// A share as a percentage with one decimal: `42.5%`.
pub(crate) fn percent(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// A text table with columns padded to their widest cell; columns marked
/// `true` are right-aligned (numbers), the others left-aligned.
pub(crate) fn aligned_table(headers: &[(&str, bool)], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|(h, _)| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(c.chars().count());
            }
        }
    }
    let line = |cells: &[String]| -> String {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let w = widths.get(i).copied().unwrap_or(0);
            let right = headers.get(i).is_some_and(|(_, r)| *r);
            let pad = w.saturating_sub(c.chars().count());
            if i > 0 {
                s.push_str("  ");
            }
            if right {
                s.push_str(&" ".repeat(pad));
                s.push_str(c);
            } else {
                s.push_str(c);
                s.push_str(&" ".repeat(pad));
            }
        }
        s.trim_end().to_owned() + "\n"
    };
    let head: Vec<String> = headers.iter().map(|(h, _)| (*h).to_owned()).collect();
    let mut out = line(&head);
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    out.push_str(&line(&rule));
    for r in rows {
        out.push_str(&line(r));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0.0), "0");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(thousands(1000.0), "1,000");
        assert_eq!(thousands(1_234_567.4), "1,234,567");
        assert_eq!(thousands(-12_345.0), "-12,345");
        assert_eq!(thousands(12.5), "12.5");
        assert_eq!(thousands(0.126), "0.13");
    }

    #[test]
    fn table_aligns_numbers_right() {
        let t = aligned_table(
            &[("id", false), ("n", true)],
            &[
                vec!["a".into(), "1".into()],
                vec!["bbb".into(), "1,000".into()],
            ],
        );
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "id       n");
        assert_eq!(lines[2], "a        1");
        assert_eq!(lines[3], "bbb  1,000");
    }
}
