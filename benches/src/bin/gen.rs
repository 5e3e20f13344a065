//! Generated instances for benchmarks and peer comparisons.
//!
//! ```text
//! gen instance --services N --years T --blocks B --entities E
//!              [--life-events L] [--seed S] [--time-limit S] --out DIR/NAME
//!     writes DIR/NAME.catalogue.json and DIR/NAME.scenario.json
//! gen verify CATALOGUE SCENARIO ROADMAP
//!     prints {"ok", "objective", "violations", "first"} for a roadmap written
//!     by any tool, recomputed by scaleplan's independent verifier
//! ```

use scaleplan::generate::{generate, GeneratorConfig};
use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!(
        "usage:\n  gen instance --services N --years T --blocks B --entities E \
         [--life-events L] [--seed S] [--time-limit S] --out DIR/NAME\n  \
         gen verify CATALOGUE SCENARIO ROADMAP"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("instance") => instance(&args[1..]),
        Some("verify") => verify(&args[1..]),
        _ => usage(),
    }
}

fn instance(args: &[String]) -> ExitCode {
    let mut cfg = GeneratorConfig::default();
    let mut out: Option<String> = None;
    let mut time_limit: Option<f64> = None;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let Some(value) = it.next() else {
            eprintln!("gen: {flag} needs a value");
            return usage();
        };
        let parsed = match flag.as_str() {
            "--services" => value.parse().map(|v| cfg.services = v).is_ok(),
            "--years" => value.parse().map(|v| cfg.years = v).is_ok(),
            "--blocks" => value.parse().map(|v| cfg.blocks = v).is_ok(),
            "--entities" => value.parse().map(|v| cfg.entities = v).is_ok(),
            "--life-events" => value.parse().map(|v| cfg.life_events = v).is_ok(),
            "--seed" => value.parse().map(|v| cfg.seed = v).is_ok(),
            "--time-limit" => value.parse().map(|v| time_limit = Some(v)).is_ok(),
            "--out" => {
                out = Some(value.clone());
                true
            }
            _ => {
                eprintln!("gen: unknown option {flag}");
                return usage();
            }
        };
        if !parsed {
            eprintln!("gen: {flag}: not a number: {value}");
            return usage();
        }
    }
    let Some(out) = out else {
        eprintln!("gen: --out is required");
        return usage();
    };
    let (catalogue, mut scenario) = generate(&cfg);
    if let Some(t) = time_limit {
        scenario.solver.time_limit_s = t;
    }
    for (path, json) in [
        (
            format!("{out}.catalogue.json"),
            serde_json::to_string(&catalogue),
        ),
        (
            format!("{out}.scenario.json"),
            serde_json::to_string_pretty(&scenario),
        ),
    ] {
        let written = json
            .map_err(|e| e.to_string())
            .and_then(|j| std::fs::write(&path, j).map_err(|e| e.to_string()));
        if let Err(e) = written {
            eprintln!("gen: {path}: {e}");
            return ExitCode::FAILURE;
        }
    }
    eprintln!(
        "gen: {out}: {} services, {} blocks, {} entities, {} life events, horizon {}",
        catalogue.services.len(),
        catalogue.building_blocks.len(),
        catalogue.entities.len(),
        catalogue.life_events.len(),
        scenario.horizon
    );
    ExitCode::SUCCESS
}

fn verify(args: &[String]) -> ExitCode {
    let [cat, scen, road] = args else {
        return usage();
    };
    let loaded = (|| -> Result<_, String> {
        let c = scaleplan::io::read_catalogue(cat.as_ref()).map_err(|e| e.to_string())?;
        let s = scaleplan::io::read_scenario(scen.as_ref()).map_err(|e| e.to_string())?;
        let r = scaleplan::io::read_roadmap(road.as_ref()).map_err(|e| e.to_string())?;
        Ok((c, s, r))
    })();
    let (catalogue, scenario, roadmap) = match loaded {
        Ok(v) => v,
        Err(e) => {
            eprintln!("gen verify: {e}");
            return ExitCode::FAILURE;
        }
    };
    let v = scaleplan::verify::verify(&catalogue, &scenario, &roadmap);
    let first: Vec<String> = v
        .violations
        .iter()
        .take(5)
        .map(|x| format!("{}: {}", x.constraint, x.message))
        .collect();
    println!(
        "{}",
        serde_json::json!({
            "ok": v.is_ok(),
            "objective": v.objective,
            "violations": v.violations.len(),
            "first": first,
        })
    );
    ExitCode::SUCCESS
}
