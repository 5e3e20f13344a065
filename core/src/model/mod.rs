//! The documents of the interchange format: catalogue, scenario, roadmap.

mod catalogue;
mod ids;
mod roadmap;
mod scenario;

pub use catalogue::*;
pub use ids::*;
pub use roadmap::*;
pub use scenario::*;
