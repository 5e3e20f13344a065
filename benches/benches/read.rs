//! Reading and validating catalogue JSON at 1k / 10k / 100k services
//! (target: 100k under 1 s, issue 8).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use scaleplan::generate::generate;
use scaleplan_benches::catalogue_size;
use std::time::Duration;

fn read(c: &mut Criterion) {
    let mut group = c.benchmark_group("read_json");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(8));
    for n in [1_000, 10_000, 100_000] {
        let (catalogue, _) = generate(&catalogue_size(n).config(42));
        let text = serde_json::to_string(&catalogue).expect("generated catalogues serialise");
        group.throughput(Throughput::Bytes(text.len() as u64));
        // Parse + every check of FORMAT.md, as `scaleplan validate` does.
        group.bench_with_input(
            BenchmarkId::new("parse_and_validate", n),
            &text,
            |b, text| {
                b.iter(|| scaleplan::io::catalogue_from_json(text, "bench.json").expect("valid"))
            },
        );
        // Validation alone on the parsed catalogue.
        group.bench_with_input(
            BenchmarkId::new("validate_only", n),
            &catalogue,
            |b, cat| b.iter(|| scaleplan::validate::validate_catalogue(cat).expect("valid")),
        );
    }
    group.finish();
}

criterion_group!(benches, read);
criterion_main!(benches);
