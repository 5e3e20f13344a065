//! The roadmap document (FORMAT.md, "Roadmap"): what the planner decided.

use super::catalogue::Approach;
use super::ids::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The `format` tag every roadmap carries.
pub const ROADMAP_FORMAT: &str = "scaleplan-roadmap/1";

/// How the solve ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Proven optimal within the scenario's `mip_gap`.
    Optimal,
    /// A plan, stopped at the time limit (or interrupted) before proof.
    Feasible,
    /// No plan satisfies every constraint; see `diagnosis`.
    Infeasible,
    /// The solver failed; see `diagnosis`.
    Error,
}

impl Status {
    /// The format's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::Feasible => "feasible",
            Status::Infeasible => "infeasible",
            Status::Error => "error",
        }
    }
    /// True when the roadmap carries a plan.
    pub fn has_plan(self) -> bool {
        matches!(self, Status::Optimal | Status::Feasible)
    }
}

/// A multi-year roadmap.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Roadmap {
    /// Must be `scaleplan-roadmap/1`.
    pub format: String,
    /// optimal, feasible, infeasible or error.
    pub status: Status,
    /// Objective value of the plan (MODEL.md).
    #[serde(default)]
    pub objective: f64,
    /// Best proven upper bound on the objective.
    #[serde(default)]
    pub bound: f64,
    /// Relative gap `(bound - objective) / max(|objective|, 1)`.
    #[serde(default)]
    pub gap: f64,
    /// Wall-clock seconds spent solving.
    #[serde(default)]
    pub solve_seconds: f64,
    /// Calendar year of plan year 1 (extra field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_year: Option<i32>,
    /// Number of plan years (extra field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon: Option<u32>,
    /// Every service of the catalogue, once.
    #[serde(default)]
    pub services: Vec<ServicePlan>,
    /// Every missing block the plan acquires.
    #[serde(default)]
    pub building_blocks: Vec<BlockPlan>,
    /// Per plan year: spend, capacity used and KPIs.
    #[serde(default)]
    pub years: Vec<YearSummary>,
    /// For `infeasible` and `error`: the conflicting constraints in words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnosis: Vec<String>,
    /// Services that can never reach target within the horizon, with why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unreachable: Vec<Unreachable>,
    /// Marginal objective value of one more unit of each resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shadow_prices: Option<ShadowPrices>,
    /// Which engine produced the plan (extra field), e.g. `highs`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solver: Option<String>,
}

impl Roadmap {
    /// An empty roadmap with this status.
    pub fn empty(status: Status) -> Self {
        Roadmap {
            format: ROADMAP_FORMAT.to_owned(),
            status,
            objective: 0.0,
            bound: 0.0,
            gap: 0.0,
            solve_seconds: 0.0,
            start_year: None,
            horizon: None,
            services: Vec::new(),
            building_blocks: Vec::new(),
            years: Vec::new(),
            diagnosis: Vec::new(),
            unreachable: Vec::new(),
            shadow_prices: None,
            solver: None,
        }
    }

    /// The plan entry of a service.
    pub fn service(&self, id: &str) -> Option<&ServicePlan> {
        self.services.iter().find(|s| s.id.as_str() == id)
    }
}

/// When a service reaches its target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ServicePlan {
    /// Service id.
    pub id: ServiceId,
    /// Calendar year it reaches target, or null when not within the horizon.
    pub year: Option<i32>,
    /// True when it was at target before year 1.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub already_done: bool,
    /// The constraint that keeps it from going live a year earlier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why_not_earlier: Option<String>,
}

/// How and when a missing block is acquired.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BlockPlan {
    /// Block id.
    pub id: BlockId,
    /// The option's approach.
    pub approach: Approach,
    /// Calendar year the acquisition starts (and is paid).
    pub start_year: i32,
    /// Calendar year the block is usable.
    pub available_year: i32,
    /// Index of the chosen option in the block's `options` (extra field;
    /// disambiguates two options with the same approach).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub option: Option<usize>,
    /// The system the option deploys (extra field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<SystemId>,
    /// The option's cost (extra field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<f64>,
}

/// One plan year of the roadmap.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct YearSummary {
    /// Calendar year.
    pub year: i32,
    /// Money spent (services going live and acquisitions started).
    pub budget_used: f64,
    /// Person-months used per entity.
    pub capacity_used: BTreeMap<String, f64>,
    /// Services at target at the end of the year (done ones included).
    pub services_at_target: usize,
    /// Share of services at target, by count.
    pub share_at_target: f64,
    /// Share of demand at target.
    pub share_demand_at_target: f64,
    /// In-person interactions avoided per year by services at target.
    pub interactions_avoided: f64,
    /// Life events whose services are all at target.
    pub life_events_complete: usize,
}

/// A service the plan can never bring to target, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Unreachable {
    /// Service id.
    pub id: ServiceId,
    /// Why, in words.
    pub reason: String,
}

/// Marginal objective value of one more unit of capacity or budget.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ShadowPrices {
    /// How they were computed.
    pub method: String,
    /// Entity id -> one value per plan year (per person-month).
    pub capacity: BTreeMap<String, Vec<f64>>,
    /// One value per plan year (per unit of money); empty when unlimited.
    pub budget: Vec<f64>,
}
