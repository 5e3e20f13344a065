//! What every subcommand shares: reading catalogues and scenarios, the
//! output format, tables, and the one place where errors become stderr
//! lines and exit codes.

use scaleplan::io::{read_catalogue_with, Limits, ReadOptions};
use scaleplan::{Catalogue, Scenario};
use serde::Serialize;
use std::fmt;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Exit code: invalid input or failure.
pub const EXIT_FAILED: u8 = 1;
/// Exit code: usage error (clap uses it too).
pub const EXIT_USAGE: u8 = 2;
/// Exit code: the scenario has no feasible plan.
pub const EXIT_INFEASIBLE: u8 = 3;

/// Why a subcommand did not succeed.
#[derive(Debug)]
pub enum CliError {
    /// An error from the library: every located problem is printed.
    Scaleplan(scaleplan::Error),
    /// The command was used wrongly (exit 2).
    #[allow(dead_code)]
    Usage(String),
    /// Something failed (exit 1).
    Failed(String),
    /// The scenario is infeasible (exit 3); the lines say why.
    #[allow(dead_code)]
    Infeasible(Vec<String>),
}

impl From<scaleplan::Error> for CliError {
    fn from(e: scaleplan::Error) -> Self {
        CliError::Scaleplan(e)
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Scaleplan(e) => write!(f, "{e}"),
            CliError::Usage(m) | CliError::Failed(m) => f.write_str(m),
            CliError::Infeasible(lines) => f.write_str(&lines.join("\n")),
        }
    }
}

impl CliError {
    /// The lines to print on stderr, one problem per line.
    pub fn lines(&self) -> Vec<String> {
        match self {
            CliError::Scaleplan(e) => {
                let problems = e.problems();
                if problems.is_empty() {
                    vec![e.to_string()]
                } else {
                    problems.iter().map(ToString::to_string).collect()
                }
            }
            CliError::Usage(m) | CliError::Failed(m) => vec![m.clone()],
            CliError::Infeasible(lines) => lines.clone(),
        }
    }

    /// The exit code.
    pub fn code(&self) -> u8 {
        match self {
            CliError::Usage(_) => EXIT_USAGE,
            CliError::Infeasible(_) => EXIT_INFEASIBLE,
            CliError::Scaleplan(_) | CliError::Failed(_) => EXIT_FAILED,
        }
    }
}

/// Print an error as `error: ...` lines on stderr and give its exit code.
pub fn report_error(e: &CliError) -> ExitCode {
    let stderr = std::io::stderr();
    let mut out = stderr.lock();
    for line in e.lines() {
        let _ = writeln!(out, "error: {line}");
    }
    ExitCode::from(e.code())
}

/// Output format of commands that print results.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Human-readable tables.
    #[default]
    Table,
    /// JSON (the library's serde shape).
    Json,
}

/// Input limits, for every command (`--max-services 5000 validate x.json`).
#[derive(clap::Args, Clone, Debug, Default)]
pub struct LimitArgs {
    /// Largest input file read, in bytes [default: 64 MiB].
    #[arg(long, global = true, value_name = "BYTES")]
    pub max_bytes: Option<u64>,
    /// Most services in a catalogue [default: 100000].
    #[arg(long, global = true, value_name = "N")]
    pub max_services: Option<usize>,
    /// Deepest JSON nesting [default: 64].
    #[arg(long, global = true, value_name = "LEVELS")]
    pub max_depth: Option<usize>,
    /// Largest decompressed size of an XLSX workbook [default: 256 MiB].
    #[arg(long, global = true, value_name = "BYTES")]
    pub max_xlsx_bytes: Option<u64>,
}

static LIMITS: std::sync::OnceLock<Limits> = std::sync::OnceLock::new();

/// Set the limits once, from the command line.
pub fn set_limits(args: &LimitArgs) {
    let d = Limits::default();
    let _ = LIMITS.set(Limits {
        max_bytes: args.max_bytes.unwrap_or(d.max_bytes),
        max_services: args.max_services.unwrap_or(d.max_services),
        max_depth: args.max_depth.unwrap_or(d.max_depth),
        max_xlsx_decompressed: args.max_xlsx_bytes.unwrap_or(d.max_xlsx_decompressed),
        max_rows: d.max_rows,
    });
}

/// The limits in force (the defaults unless set on the command line).
pub fn limits() -> Limits {
    LIMITS.get().copied().unwrap_or_default()
}

/// Read a catalogue argument: none = the bundled sample; else a `.json`
/// file, a `.xlsx` workbook (scaleplan's or RFI-2) or a folder of CSV
/// files. Warnings go to stderr as `warning: ...` lines.
pub fn load_catalogue(path: Option<&Path>) -> Result<Catalogue, CliError> {
    let Some(path) = path else {
        return Ok(scaleplan::sample::catalogue());
    };
    if path.as_os_str() == "-" {
        return read_stdin_catalogue();
    }
    let loaded = read_catalogue_with(path, &ReadOptions { limits: limits() })?;
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for w in &loaded.warnings {
        let _ = writeln!(err, "warning: {w}");
    }
    Ok(loaded.value)
}

/// A JSON catalogue from standard input (`-`), under the byte limit.
fn read_stdin_catalogue() -> Result<Catalogue, CliError> {
    use std::io::Read;
    let limits = limits();
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(limits.max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| CliError::Failed(format!("stdin: cannot read: {e}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| CliError::Failed("stdin: not UTF-8 text".to_owned()))?;
    Ok(scaleplan::io::catalogue_from_json_with(
        &text, "stdin", &limits,
    )?)
}

/// Read a scenario argument (none = the bundled sample scenario) and check
/// it against the catalogue.
pub fn load_scenario(path: Option<&Path>, catalogue: &Catalogue) -> Result<Scenario, CliError> {
    let scenario = match path {
        None => scaleplan::sample::scenario(),
        Some(p) => scaleplan::io::read_scenario(p)?,
    };
    scaleplan::validate::validate_scenario(&scenario, catalogue).map_err(|mut e| {
        if let Some(p) = path {
            for problem in &mut e.problems {
                problem.location.document = p.display().to_string();
            }
        }
        CliError::Scaleplan(scaleplan::Error::Invalid(e))
    })?;
    Ok(scenario)
}

/// Print a value as pretty JSON on stdout.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::Failed(format!("cannot write JSON: {e}")))?;
    write_stdout(&format!("{text}\n"))
}

/// Write text to stdout; a closed pipe is not an error worth a panic.
pub fn write_stdout(text: &str) -> Result<(), CliError> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::Failed(format!("cannot write output: {e}"))),
    }
}

/// A plain text table: columns padded to their widest cell.
#[allow(dead_code)]
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(c.chars().count());
            }
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let w = widths.get(i).copied().unwrap_or(0);
            if i + 1 == cells.len() {
                s.push_str(c);
            } else {
                s.push_str(&format!("{c:<w$}  "));
            }
        }
        s.trim_end().to_owned() + "\n"
    };
    let mut out = line(headers.to_vec());
    out.push_str(&line(
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str)
            .collect(),
    ));
    for r in rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
    }
    out
}

/// The current calendar year (UTC), from the system clock.
pub fn current_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_year(i64::try_from(secs / 86_400).unwrap_or(0))
}

/// The Gregorian year of a day counted from 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_year(days: i64) -> i32 {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    i32::try_from(year).unwrap_or(i32::MAX)
}

#[cfg(test)]
mod tests {
    use super::civil_year;

    #[test]
    fn current_year_is_plausible() {
        let y = super::current_year();
        assert!((2024..2200).contains(&y), "{y}");
    }

    #[test]
    fn civil_year_of_known_days() {
        assert_eq!(civil_year(0), 1970);
        assert_eq!(civil_year(364), 1970);
        assert_eq!(civil_year(365), 1971);
        // 2000-02-29 and 2000-12-31 (leap year), 2001-01-01.
        assert_eq!(civil_year(11_016), 2000);
        assert_eq!(civil_year(11_322), 2000);
        assert_eq!(civil_year(11_323), 2001);
        // 2026-12-01
        assert_eq!(civil_year(20_788), 2026);
    }
}
