//! `scaleplan graph [CATALOGUE]`: summary of the dependency, life-event
//! and building-block graphs (`scaleplan::graph::analyse`), as tables or
//! JSON.
//!
//! The tables are drawn from the summary's JSON shape (scalars as
//! `name: value` lines, lists of ids as chains, lists of records as
//! tables), so the command shows whatever the summary carries.

use crate::common::{load_catalogue, print_json, table, write_stdout, CliError, Format};
use serde_json::Value;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `scaleplan graph`.
#[derive(clap::Args)]
pub struct GraphArgs {
    /// A `.json` file, a `.xlsx` workbook or a folder of CSV files; none =
    /// the bundled sample.
    pub catalogue: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Run `scaleplan graph`.
pub fn run(args: GraphArgs) -> Result<ExitCode, CliError> {
    let catalogue = load_catalogue(args.catalogue.as_deref())?;
    let summary = scaleplan::graph::analyse(&catalogue);
    match args.format {
        Format::Json => print_json(&summary)?,
        Format::Table => {
            let value = serde_json::to_value(&summary)
                .map_err(|e| CliError::Failed(format!("cannot show the summary: {e}")))?;
            write_stdout(&render(&value))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() => {
                if f.abs() >= 100.0 {
                    format!("{f:.0}")
                } else {
                    format!("{f:.2}")
                }
            }
            _ => n.to_string(),
        },
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
        Value::Array(a) if a.len() > 4 => {
            let head: Vec<String> = a.iter().take(3).map(cell).collect();
            format!("{}, +{} more", head.join(", "), a.len() - 3)
        }
        Value::Array(a) => a.iter().map(cell).collect::<Vec<_>>().join(", "),
        Value::Object(_) => v.to_string(),
    }
}

fn title(key: &str) -> String {
    key.replace('_', " ")
}

/// Scalars first, then chains, then tables.
fn render(v: &Value) -> String {
    let Value::Object(map) = v else {
        return cell(v) + "\n";
    };
    let mut out = String::new();
    for (k, val) in map {
        if !matches!(val, Value::Array(_) | Value::Object(_)) {
            out.push_str(&format!("{}: {}\n", title(k), cell(val)));
        }
    }
    for (k, val) in map {
        let Value::Array(items) = val else { continue };
        if items.iter().all(|i| !i.is_object()) {
            let lists = items.iter().all(Value::is_array) && !items.is_empty();
            if lists {
                out.push_str(&format!("\n{} ({}):\n", title(k), items.len()));
                for i in items {
                    let ids: Vec<String> = i
                        .as_array()
                        .map(|a| a.iter().map(cell).collect())
                        .unwrap_or_default();
                    out.push_str(&format!("  {}\n", ids.join(" -> ")));
                }
            } else {
                let ids: Vec<String> = items.iter().map(cell).collect();
                out.push_str(&format!(
                    "\n{}: {}\n",
                    title(k),
                    if ids.is_empty() {
                        "(none)".to_owned()
                    } else {
                        ids.join(" -> ")
                    }
                ));
            }
            continue;
        }
        let mut columns: Vec<String> = Vec::new();
        for i in items {
            if let Value::Object(m) = i {
                for c in m.keys() {
                    if !columns.contains(c) {
                        columns.push(c.clone());
                    }
                }
            }
        }
        // serde_json orders keys by name: put the id and name first
        columns.sort_by_key(|c| match c.as_str() {
            "id" => 0,
            "name" => 1,
            _ => 2,
        });
        let rows: Vec<Vec<String>> = items
            .iter()
            .map(|i| {
                columns
                    .iter()
                    .map(|c| cell(i.get(c).unwrap_or(&Value::Null)))
                    .collect()
            })
            .collect();
        let heads: Vec<String> = columns.iter().map(|c| title(c)).collect();
        let heads: Vec<&str> = heads.iter().map(String::as_str).collect();
        out.push_str(&format!("\n{} ({}):\n", title(k), items.len()));
        out.push_str(&table(&heads, &rows));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_scalars_chains_and_tables() {
        let v = serde_json::json!({
            "services": 3, "cycles": [["a", "b", "a"]], "longest_chain": ["a", "b"],
            "blocks": [{"id": "pay", "services_held_back": 2, "life_events_held_back": ["birth", "move"]}]
        });
        let text = render(&v);
        assert!(text.starts_with("services: 3\n"), "{text}");
        assert!(text.contains("cycles (1):\n  a -> b -> a\n"), "{text}");
        assert!(text.contains("longest chain: a -> b\n"), "{text}");
        assert!(text.contains("pay  birth, move            2\n"), "{text}");
    }
}
