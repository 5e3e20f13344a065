//! One module per subcommand: `<Name>Args` (clap) and `run`.

pub mod convert;
pub mod diff;
pub mod gaps;
pub mod graph;
pub mod plan;
pub mod report;
pub mod schema;
pub mod score;
pub mod track;
pub mod validate;
