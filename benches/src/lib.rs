//! Benchmarks and comparison tooling for scaleplan.
//!
//! - `benches/*.rs`: criterion benches (`cargo bench -p scaleplan-benches`).
//! - `gen`: writes generated instances as catalogue and scenario JSON, and
//!   verifies roadmaps written by other tools (`benches/compare/`).
//! - `bench_plan`: plans one instance with a chosen backend and prints the
//!   timings, the answer and the verifier's opinion as one JSON line.

use scaleplan::generate::GeneratorConfig;

/// A named instance size used by the benches and the comparison.
#[derive(Clone, Copy, Debug)]
pub struct Size {
    /// Services.
    pub services: usize,
    /// Plan years.
    pub years: u32,
    /// Building blocks.
    pub blocks: usize,
    /// Entities.
    pub entities: usize,
}

impl Size {
    /// The generator configuration for this size (seed 42 unless given).
    pub fn config(self, seed: u64) -> GeneratorConfig {
        GeneratorConfig {
            services: self.services,
            years: self.years,
            blocks: self.blocks,
            entities: self.entities,
            seed,
            ..GeneratorConfig::default()
        }
    }
}

/// The planner sizes of the benches: 100 / 1,000 / 5,000 services.
pub const PLAN_SIZES: [Size; 3] = [
    Size {
        services: 100,
        years: 5,
        blocks: 10,
        entities: 5,
    },
    Size {
        services: 1000,
        years: 8,
        blocks: 30,
        entities: 20,
    },
    Size {
        services: 5000,
        years: 10,
        blocks: 40,
        entities: 50,
    },
];

/// A generated instance of `services` services for read/analysis benches
/// (blocks and entities grow slowly with size, as in real catalogues).
pub fn catalogue_size(services: usize) -> Size {
    let blocks = (services / 100).clamp(10, 60);
    let entities = (services / 50).clamp(5, 400);
    Size {
        services,
        years: 8,
        blocks,
        entities,
    }
}
