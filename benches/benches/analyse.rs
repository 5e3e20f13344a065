//! Graph analyses and scoring at 10k and 100k services (target: 100k under
//! 200 ms, issue 8).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use scaleplan::generate::generate;
use scaleplan_benches::catalogue_size;
use std::time::Duration;

fn analyse(c: &mut Criterion) {
    let mut group = c.benchmark_group("analyse");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
    for n in [10_000, 100_000] {
        let (catalogue, _) = generate(&catalogue_size(n).config(42));
        group.bench_with_input(BenchmarkId::new("graph", n), &catalogue, |b, cat| {
            b.iter(|| scaleplan::graph::analyse(cat))
        });
        group.bench_with_input(BenchmarkId::new("score", n), &catalogue, |b, cat| {
            b.iter(|| scaleplan::score::score(cat, &Default::default()))
        });
        group.bench_with_input(
            BenchmarkId::new("graph_and_score", n),
            &catalogue,
            |b, cat| {
                b.iter(|| {
                    (
                        scaleplan::graph::analyse(cat),
                        scaleplan::score::score(cat, &Default::default()),
                    )
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, analyse);
criterion_main!(benches);
