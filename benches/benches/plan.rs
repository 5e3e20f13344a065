//! The planner at 100 / 1,000 / 5,000 services: the model build (time to
//! the solver's start, from the progress callback), scaleplan's own
//! heuristic, and full plans with HiGHS to a 1% gap (10 s limit each).
//!
//! `SCALEPLAN_BENCH_FULL=0` skips the full plans (the slow part).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use scaleplan::generate::generate;
use scaleplan::plan::{Backend, Planner};
use scaleplan_benches::PLAN_SIZES;
use std::time::Duration;

fn plan(c: &mut Criterion) {
    let mut group = c.benchmark_group("plan");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(5));
    let full = std::env::var("SCALEPLAN_BENCH_FULL").map_or(true, |v| v != "0");
    for size in PLAN_SIZES {
        let (catalogue, scenario) = generate(&size.config(42));
        let n = size.services;
        group.bench_with_input(BenchmarkId::new("heuristic", n), &(), |b, ()| {
            b.iter(|| {
                Planner::new(&catalogue)
                    .scenario(&scenario)
                    .backend(Backend::Heuristic)
                    .explain(false)
                    .solve()
                    .expect("the heuristic answers")
            })
        });
        if full {
            group.bench_with_input(BenchmarkId::new("highs_gap1pct_10s", n), &(), |b, ()| {
                b.iter(|| {
                    Planner::new(&catalogue)
                        .scenario(&scenario)
                        .backend(Backend::Highs)
                        .explain(false)
                        .time_limit(10.0)
                        .mip_gap(0.01)
                        .solve()
                        .expect("a plan")
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, plan);
criterion_main!(benches);
