//! Plan one instance the way `scaleplan plan` does, and print what the
//! comparison needs as one JSON line: read time, time to the first plan
//! (from the progress callback), phase timings, status, objective, bound,
//! gap, and the independent verifier's objective and violations.
//!
//! ```text
//! bench_plan CATALOGUE SCENARIO --backend highs|microlp|heuristic
//!            [--time-limit S] [--gap G] [--explain on|off] [--out ROADMAP.json]
//! ```
//!
//! Explanations (why-not-earlier, shadow prices) are off unless asked
//! for: the peers compute none, and the comparison is about the plan.

use scaleplan::plan::{Backend, Planner, Progress};
use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Instant;

#[derive(Default)]
struct Seen {
    first_plan_s: Option<f64>,
    first_objective: Option<f64>,
    phases: BTreeMap<String, f64>,
    events: usize,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!(
            "usage: bench_plan CATALOGUE SCENARIO --backend B [--time-limit S] [--gap G] [--out F]"
        );
        return ExitCode::from(2);
    }
    let (cat_path, scen_path) = (&args[0], &args[1]);
    let mut backend = Backend::default();
    let mut backend_name = "default".to_owned();
    let mut time_limit: Option<f64> = None;
    let mut gap: Option<f64> = None;
    let mut out: Option<String> = None;
    let mut explain = false;
    let mut it = args[2..].iter();
    while let (Some(flag), Some(value)) = (it.next(), it.next()) {
        match flag.as_str() {
            "--backend" => {
                backend = match value.as_str() {
                    "highs" => Backend::Highs,
                    "microlp" => Backend::Microlp,
                    "heuristic" => Backend::Heuristic,
                    other => {
                        eprintln!("bench_plan: unknown backend {other}");
                        return ExitCode::from(2);
                    }
                };
                backend_name = value.clone();
            }
            "--time-limit" => time_limit = value.parse().ok(),
            "--gap" => gap = value.parse().ok(),
            "--out" => out = Some(value.clone()),
            "--explain" => explain = value == "on",
            other => {
                eprintln!("bench_plan: unknown option {other}");
                return ExitCode::from(2);
            }
        }
    }

    let t0 = Instant::now();
    let read = (|| -> Result<_, String> {
        let c = scaleplan::io::read_catalogue(cat_path.as_ref()).map_err(|e| e.to_string())?;
        let s = scaleplan::io::read_scenario(scen_path.as_ref()).map_err(|e| e.to_string())?;
        Ok((c, s))
    })();
    let (catalogue, scenario) = match read {
        Ok(v) => v,
        Err(e) => {
            eprintln!("bench_plan: {e}");
            return ExitCode::FAILURE;
        }
    };
    let read_s = t0.elapsed().as_secs_f64();

    let seen = Arc::new(Mutex::new(Seen::default()));
    let seen_cb = Arc::clone(&seen);
    let start = Instant::now();
    let mut planner = Planner::new(&catalogue)
        .scenario(&scenario)
        .backend(backend)
        .explain(explain)
        .on_progress(move |p: &Progress| {
            let wall = start.elapsed().as_secs_f64();
            if let Ok(mut s) = seen_cb.lock() {
                s.events += 1;
                s.phases.entry(p.phase.clone()).or_insert(wall);
                if p.objective.is_some() && s.first_plan_s.is_none() {
                    s.first_plan_s = Some(wall);
                    s.first_objective = p.objective;
                }
            }
            true
        });
    if let Some(t) = time_limit {
        planner = planner.time_limit(t);
    }
    if let Some(g) = gap {
        planner = planner.mip_gap(g);
    }
    let result = planner.solve();
    let plan_s = start.elapsed().as_secs_f64();
    let roadmap = match result {
        Ok(r) => r,
        Err(e) => {
            println!(
                "{}",
                serde_json::json!({"tool": format!("scaleplan-{backend_name}"), "error": e.to_string(), "plan_s": plan_s})
            );
            return ExitCode::FAILURE;
        }
    };
    let v0 = Instant::now();
    let verification = scaleplan::verify::verify(&catalogue, &scenario, &roadmap);
    let verify_s = v0.elapsed().as_secs_f64();
    if let Some(path) = &out {
        if let Ok(json) = serde_json::to_string(&roadmap) {
            let _ = std::fs::write(path, json);
        }
    }
    let seen = seen.lock().map(|s| {
        (
            s.first_plan_s,
            s.first_objective,
            s.phases.clone(),
            s.events,
        )
    });
    let (first_plan_s, first_objective, phases, events) = seen.unwrap_or_default();
    let planned = roadmap.services.iter().filter(|s| s.year.is_some()).count();
    println!(
        "{}",
        serde_json::json!({
            "tool": format!("scaleplan-{backend_name}"),
            "read_s": read_s,
            "plan_s": plan_s,
            "first_feasible_s": first_plan_s,
            "first_objective": first_objective,
            "phases": phases,
            "progress_events": events,
            "status": roadmap.status.as_str(),
            "objective": roadmap.objective,
            "bound": roadmap.bound,
            "gap": roadmap.gap,
            "solve_seconds": roadmap.solve_seconds,
            "solver": roadmap.solver,
            "services_planned": planned,
            "verify_s": verify_s,
            "verified_objective": verification.objective,
            "violations": verification.violations.len(),
            "first_violations": verification.violations.iter().take(3)
                .map(|x| format!("{}: {}", x.constraint, x.message)).collect::<Vec<_>>(),
        })
    );
    ExitCode::SUCCESS
}
